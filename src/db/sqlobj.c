/* The SQL objects of sql/fonctions/ and sql/vues/; see sqlobj.h. */
#include "db/sqlobj.h"

#include "base/exitcode.h"
#include "base/log.h"
#include "db/migrations.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char bootstrap_sql[] =
	"CREATE TABLE IF NOT EXISTS lecap.objet_sql ("
	" nom text PRIMARY KEY,"
	" genre text NOT NULL CHECK (genre IN ('fonction', 'vue')),"
	" empreinte text NOT NULL,"
	" applique_le timestamptz NOT NULL DEFAULT now());"
	"COMMENT ON TABLE lecap.objet_sql IS 'Fonctions et vues de sql/fonctions et sql/vues créées par lecap init';"
	"COMMENT ON COLUMN lecap.objet_sql.nom IS 'Nom de l''objet (lecap.nom), celui de son fichier';"
	"COMMENT ON COLUMN lecap.objet_sql.genre IS 'fonction (sql/fonctions) ou vue (sql/vues)';"
	"COMMENT ON COLUMN lecap.objet_sql.empreinte IS 'SHA-256 du fichier d''où l''objet a été créé : "
	"lecap init le recrée quand le fichier change';"
	"COMMENT ON COLUMN lecap.objet_sql.applique_le IS 'Date de la dernière création';";

/* The objects to drop, "genre:nom" separated by spaces, in the order given,
 * by format('%I'): the names travel as a parameter (a setting of the
 * transaction), never spliced into the statement. */
static const char drop_sql[] =
	"DO $$ DECLARE o text; BEGIN"
	" FOREACH o IN ARRAY string_to_array(current_setting('lecap.objets_a_supprimer'), ' ') LOOP"
	"  EXECUTE format(CASE split_part(o, ':', 1) WHEN 'vue' THEN 'DROP VIEW IF EXISTS lecap.%I'"
	"   ELSE 'DROP FUNCTION IF EXISTS lecap.%I' END, split_part(o, ':', 2));"
	"  DELETE FROM lecap.objet_sql WHERE nom = split_part(o, ':', 2);"
	" END LOOP; END $$";

int sqlobj_bootstrap(pg_conn *conn)
{
	return pg_exec(conn, "création de lecap.objet_sql", bootstrap_sql);
}

static int find_object(const char *name)
{
	for (int i = 0; i < lecap_sql_object_count; i++)
		if (strcmp(lecap_sql_objects[i].name, name) == 0)
			return i;
	return -1;
}

/* Appends "kind:name " to the removed list (names are identifiers). */
static int add_removed(struct sqlobj_plan *plan, const char *kind, const char *name)
{
	size_t have = plan->removed ? strlen(plan->removed) : 0;
	size_t add = strlen(kind) + strlen(name) + 2;
	char *p = realloc(plan->removed, have + add + 1);

	if (!p)
		return log_fail(LECAP_IO, "mémoire insuffisante");
	snprintf(p + have, add + 1, "%s:%s ", kind, name);
	plan->removed = p;
	plan->n_removed++;
	return LECAP_OK;
}

/* Marks changed, unrecorded or missing objects stale, and removed ones to
 * drop. */
static int compare_recorded(pg_conn *conn, struct sqlobj_plan *plan, bool *changed)
{
	pg_result *res;
	int ret = pg_query(conn, "lecture des objets SQL enregistrés",
			   "SELECT o.nom, o.genre, o.empreinte, CASE o.genre"
			   " WHEN 'vue' THEN EXISTS (SELECT 1 FROM pg_class c WHERE c.relkind = 'v'"
			   "  AND c.relnamespace = 'lecap'::regnamespace AND c.relname = o.nom)"
			   " ELSE EXISTS (SELECT 1 FROM pg_proc p"
			   "  WHERE p.pronamespace = 'lecap'::regnamespace AND p.proname = o.nom) END"
			   " FROM lecap.objet_sql o ORDER BY o.nom", 0, NULL, &res);

	if (ret != LECAP_OK)
		return ret;
	for (int i = 0; i < lecap_sql_object_count; i++)
		changed[i] = true;
	for (int r = 0; r < pg_ntuples(res) && ret == LECAP_OK; r++) {
		int i = find_object(pg_value(res, r, 0));

		if (i < 0)
			ret = add_removed(plan, pg_value(res, r, 1), pg_value(res, r, 0));
		else
			/* Changed, or dropped by hand since: created again. */
			changed[i] = strcmp(pg_value(res, r, 2), lecap_sql_objects[i].sha256) != 0 ||
				     strcmp(pg_value(res, r, 1), lecap_sql_objects[i].kind) != 0 ||
				     strcmp(pg_value(res, r, 3), "t") != 0;
	}
	pg_result_free(res);
	return ret;
}

int sqlobj_plan_make(pg_conn *conn, bool all_stale, struct sqlobj_plan *plan)
{
	bool *changed = NULL;
	int ret = LECAP_OK;

	memset(plan, 0, sizeof(*plan));
	plan->stale = calloc((size_t)lecap_sql_object_count + 1, sizeof(bool));
	changed = calloc((size_t)lecap_sql_object_count + 1, sizeof(bool));
	if (!plan->stale || !changed) {
		ret = log_fail(LECAP_IO, "mémoire insuffisante");
		goto cleanup;
	}
	ret = compare_recorded(conn, plan, changed);
	if (ret != LECAP_OK)
		goto cleanup;
	/* Dependency order: an object's dependencies are decided before it. */
	for (int i = 0; i < lecap_sql_object_count; i++) {
		bool stale = all_stale || changed[i];

		for (const int *d = lecap_sql_objects[i].deps; !stale && *d >= 0; d++)
			stale = plan->stale[*d];
		plan->stale[i] = stale;
		plan->n_stale += stale;
	}
cleanup:
	free(changed);
	return ret;
}

bool sqlobj_plan_empty(const struct sqlobj_plan *plan)
{
	return plan->n_stale == 0 && plan->n_removed == 0;
}

int sqlobj_drop(pg_conn *conn, const struct sqlobj_plan *plan)
{
	size_t len = plan->removed ? strlen(plan->removed) : 0;
	char *list;
	const char *params[1];
	int ret;

	for (int i = 0; i < lecap_sql_object_count; i++)
		if (plan->stale[i])
			len += strlen(lecap_sql_objects[i].kind) + strlen(lecap_sql_objects[i].name) + 2;
	list = malloc(len + 1);
	if (!list)
		return log_fail(LECAP_IO, "mémoire insuffisante");
	/* The removed first (nothing built names them), then the stale,
	 * dependents before what they name. */
	len = 0;
	list[0] = '\0';
	if (plan->removed)
		len += (size_t)sprintf(list, "%s", plan->removed);
	for (int i = lecap_sql_object_count - 1; i >= 0; i--)
		if (plan->stale[i])
			len += (size_t)sprintf(list + len, "%s:%s ", lecap_sql_objects[i].kind,
					       lecap_sql_objects[i].name);
	if (len > 0)
		list[len - 1] = '\0';
	params[0] = list;
	ret = pg_command(conn, "suppression des fonctions et vues à recréer",
			 "SELECT set_config('lecap.objets_a_supprimer', $1, true)", 1, params);
	if (ret == LECAP_OK)
		ret = pg_exec(conn, "suppression des fonctions et vues à recréer", drop_sql);
	free(list);
	return ret;
}

int sqlobj_create(pg_conn *conn, const struct sqlobj_plan *plan)
{
	int ret = LECAP_OK;

	for (int i = 0; i < lecap_sql_object_count && ret == LECAP_OK; i++) {
		const struct sql_object *o = &lecap_sql_objects[i];
		const char *params[3] = {o->name, o->kind, o->sha256};
		char purpose[160];

		if (!plan->stale[i])
			continue;
		snprintf(purpose, sizeof(purpose), "%s lecap.%s (sql/%s/%s.sql)", o->kind, o->name,
			 strcmp(o->kind, "vue") == 0 ? "vues" : "fonctions", o->name);
		/* sql-constante: objects of sql/fonctions and sql/vues embedded at build time */
		ret = pg_exec(conn, purpose, o->sql);
		if (ret == LECAP_OK)
			ret = pg_command(conn, purpose,
					 "INSERT INTO lecap.objet_sql (nom, genre, empreinte) VALUES ($1, $2, $3) "
					 "ON CONFLICT (nom) DO UPDATE SET genre = excluded.genre, "
					 "empreinte = excluded.empreinte, applique_le = now()",
					 3, params);
		if (ret == LECAP_OK)
			log_debug("%s lecap.%s créée (empreinte %.12s)", o->kind, o->name, o->sha256);
	}
	return ret;
}

void sqlobj_plan_free(struct sqlobj_plan *plan)
{
	free(plan->stale);
	free(plan->removed);
	memset(plan, 0, sizeof(*plan));
}
