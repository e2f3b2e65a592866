/*
 * The referential into PostgreSQL (contract in referentiel_db.h).
 *
 * Small tables (regions, types, offers: a few dozen rows) go through one
 * parameterised upsert per row; the grid's elements and their offers go
 * through COPY. Messages name the version label and the file so that the
 * federation knows which grid is in the database.
 */
#include "referentiel/referentiel_db.h"

#include "base/exitcode.h"
#include "base/log.h"
#include "base/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A text[] literal {"a","b"} for one parameter. */
static void buf_array_item(struct strbuf *b, const char *s, bool first)
{
	strbuf_puts(b, first ? "\"" : ",\"");
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			strbuf_add(b, "\\", 1);
		strbuf_add(b, s, 1);
	}
	strbuf_puts(b, "\"");
}

/* ---- regions, types, offers ---- */

struct item_table {
	const char *what;        /* « région », for messages */
	const char *file;        /* « du fichier des régions » */
	const char *e;           /* agreement: "e" for a feminine noun */
	const char *upsert;      /* $1 code, $2 libelle[, $3 description] */
	const char *delete_unused;
	const char *still_there; /* codes absent from the file but kept */
	size_t (*count)(const ref_set *);
	const struct ref_item *(*at)(const ref_set *, size_t);
	int nparams;
};

static const struct item_table item_tables[] = {
	{"région", "du fichier des régions", "e",
	 "INSERT INTO lecap.region (code, libelle) VALUES ($1, $2) "
	 "ON CONFLICT (code) DO UPDATE SET libelle = EXCLUDED.libelle "
	 "WHERE lecap.region.libelle IS DISTINCT FROM EXCLUDED.libelle",
	 "DELETE FROM lecap.region r WHERE NOT (r.code = ANY ($1::text[])) "
	 "AND NOT EXISTS (SELECT 1 FROM lecap.entreprise x WHERE x.region = r.code) "
	 "AND NOT EXISTS (SELECT 1 FROM lecap.evaluation x WHERE x.region = r.code) "
	 "AND NOT EXISTS (SELECT 1 FROM lecap.adherent x WHERE x.region = r.code) RETURNING code",
	 "SELECT code FROM lecap.region WHERE NOT (code = ANY ($1::text[])) ORDER BY code",
	 ref_region_count, ref_region_at, 2},
	{"type de structure", "du fichier des types de structure", "",
	 "INSERT INTO lecap.type_structure (code, libelle) VALUES ($1, $2) "
	 "ON CONFLICT (code) DO UPDATE SET libelle = EXCLUDED.libelle "
	 "WHERE lecap.type_structure.libelle IS DISTINCT FROM EXCLUDED.libelle",
	 "DELETE FROM lecap.type_structure t WHERE NOT (t.code = ANY ($1::text[])) "
	 "AND NOT EXISTS (SELECT 1 FROM lecap.entreprise x WHERE x.type_structure = t.code) "
	 "AND NOT EXISTS (SELECT 1 FROM lecap.evaluation x WHERE x.type_structure = t.code) "
	 "AND NOT EXISTS (SELECT 1 FROM lecap.adherent x WHERE x.type_structure = t.code) RETURNING code",
	 "SELECT code FROM lecap.type_structure WHERE NOT (code = ANY ($1::text[])) ORDER BY code",
	 ref_type_count, ref_type_at, 2},
	{"offre", "du fichier des offres", "e",
	 "INSERT INTO lecap.offre (code, libelle, description) VALUES ($1, $2, $3) "
	 "ON CONFLICT (code) DO UPDATE SET libelle = EXCLUDED.libelle, description = EXCLUDED.description, "
	 "modifie_le = now() "
	 "WHERE (lecap.offre.libelle, lecap.offre.description) "
	 "IS DISTINCT FROM (EXCLUDED.libelle, EXCLUDED.description)",
	 "DELETE FROM lecap.offre o WHERE NOT (o.code = ANY ($1::text[])) "
	 "AND NOT EXISTS (SELECT 1 FROM lecap.element_offre x WHERE x.offre = o.code) "
	 "AND NOT EXISTS (SELECT 1 FROM lecap.plan_action_offre x WHERE x.offre = o.code) RETURNING code",
	 "SELECT code FROM lecap.offre WHERE NOT (code = ANY ($1::text[])) ORDER BY code",
	 ref_offer_count, ref_offer_at, 3},
};

static int upsert_items(pg_conn *conn, const ref_set *set, const struct item_table *t, long *changed)
{
	for (size_t i = 0; i < t->count(set); i++) {
		const struct ref_item *it = t->at(set, i);
		const char *params[3] = {it->code, it->libelle, it->description};
		pg_result *res;
		/* sql-constante: item_tables[], static const literals */
		int ret = pg_query(conn, "mise à jour des régions, types et offres", t->upsert, t->nparams,
				   params, &res);
		if (ret != LECAP_OK)
			return ret;
		*changed += pg_cmd_tuples(res);
		pg_result_free(res);
	}
	return LECAP_OK;
}

/* Deletes the rows that left their file and that nothing uses; warns about the others. */
static int prune_items(pg_conn *conn, const ref_set *set, const struct item_table *t)
{
	struct strbuf arr = {0};
	const char *params[1];
	pg_result *res = NULL;
	int ret;

	strbuf_puts(&arr, "{");
	for (size_t i = 0; i < t->count(set); i++)
		buf_array_item(&arr, t->at(set, i)->code, i == 0);
	strbuf_puts(&arr, "}");
	if (arr.oom) {
		ret = log_fail(LECAP_IO, "mémoire insuffisante");
		goto cleanup;
	}
	params[0] = arr.p;
	/* sql-constante: item_tables[], static const literals */
	ret = pg_query(conn, "retrait des régions, types et offres supprimés", t->delete_unused, 1, params,
		       &res);
	if (ret != LECAP_OK)
		goto cleanup;
	for (int r = 0; r < pg_ntuples(res); r++)
		log_info("%s %s retiré%s %s : supprimé%s de la base", t->what, pg_value(res, r, 0), t->e,
			 t->file, t->e);
	pg_result_free(res);
	/* sql-constante: item_tables[], static const literals */
	ret = pg_query(conn, "retrait des régions, types et offres supprimés", t->still_there, 1, params,
		       &res);
	if (ret != LECAP_OK)
		goto cleanup;
	for (int r = 0; r < pg_ntuples(res); r++)
		log_warn("%s %s retiré%s %s mais encore utilisé%s en base : conservé%s", t->what,
			 pg_value(res, r, 0), t->e, t->file, t->e, t->e);
	pg_result_free(res);
cleanup:
	free(arr.p);
	return ret;
}

/* ---- the grid ---- */

static const char *const level_codes[REF_LEVELS] = {"theme", "sous_theme", "objectif", "indicateur"};

static int copy_grid(pg_conn *conn, const ref_set *set)
{
	struct strbuf b = {0};
	char num[32];
	int ret;

	ret = pg_copy_begin(conn, "chargement des éléments de la grille",
			    "COPY lecap.element (version, code, niveau, parent, libelle, cible, poids, rang) "
			    "FROM STDIN");
	if (ret != LECAP_OK)
		return ret;
	for (int l = 0; l < REF_LEVELS && ret == LECAP_OK; l++) {
		for (size_t i = 0; i < ref_count(set, (enum ref_level)l) && ret == LECAP_OK; i++) {
			const struct ref_element *e = ref_at(set, (enum ref_level)l, i);
			b.len = 0;
			strbuf_copy_field(&b, ref_version(set));
			strbuf_puts(&b, "\t");
			strbuf_copy_field(&b, e->code);
			strbuf_puts(&b, "\t");
			strbuf_puts(&b, level_codes[e->niveau]);
			strbuf_puts(&b, "\t");
			strbuf_copy_field(&b, e->parent);
			strbuf_puts(&b, "\t");
			strbuf_copy_field(&b, e->libelle);
			strbuf_puts(&b, "\t");
			if (e->niveau == REF_OBJECTIF) {
				snprintf(num, sizeof(num), "%.2f", e->cible);
				strbuf_puts(&b, num);
			} else {
				strbuf_puts(&b, "\\N");
			}
			snprintf(num, sizeof(num), "\t%.10g\t%d\n", e->poids, e->rang);
			strbuf_puts(&b, num);
			ret = b.oom ? log_fail(LECAP_IO, "mémoire insuffisante") : pg_copy_put(conn, b.p, b.len);
		}
	}
	if (ret != LECAP_OK) {
		pg_copy_end(conn, "abandon");
		goto cleanup;
	}
	ret = pg_copy_end(conn, NULL);
	if (ret != LECAP_OK)
		goto cleanup;

	ret = pg_copy_begin(conn, "chargement des offres des objectifs",
			    "COPY lecap.element_offre (version, code, offre) FROM STDIN");
	if (ret != LECAP_OK)
		goto cleanup;
	for (size_t i = 0; i < ref_count(set, REF_OBJECTIF) && ret == LECAP_OK; i++) {
		const struct ref_element *e = ref_at(set, REF_OBJECTIF, i);
		for (size_t j = 0; j < e->noffres && ret == LECAP_OK; j++) {
			b.len = 0;
			strbuf_copy_field(&b, ref_version(set));
			strbuf_puts(&b, "\t");
			strbuf_copy_field(&b, e->code);
			strbuf_puts(&b, "\t");
			strbuf_copy_field(&b, e->offres[j]);
			strbuf_puts(&b, "\n");
			ret = b.oom ? log_fail(LECAP_IO, "mémoire insuffisante") : pg_copy_put(conn, b.p, b.len);
		}
	}
	if (ret != LECAP_OK) {
		pg_copy_end(conn, "abandon");
		goto cleanup;
	}
	ret = pg_copy_end(conn, NULL);
cleanup:
	free(b.p);
	return ret;
}

static int insert_grid(pg_conn *conn, const ref_set *set)
{
	const char *params[3] = {ref_version(set), ref_grid_sha256(set), ref_grid_path(set)};
	int ret = pg_command(conn, "enregistrement de la version de la grille",
			     "INSERT INTO lecap.referentiel (version, sha256, fichier) VALUES ($1, $2, $3)", 3,
			     params);
	if (ret == LECAP_OK)
		ret = copy_grid(conn, set);
	/* The length of the answers' notes (lecap.reponse, sql/030). */
	if (ret == LECAP_OK)
		ret = pg_command(conn, "enregistrement de la version de la grille",
				 "UPDATE lecap.referentiel SET indicateurs = (SELECT count(*) FROM lecap.element "
				 "WHERE version = $1 AND niveau = 'indicateur') WHERE version = $1", 1, params);
	return ret;
}

static void grid_counts(const ref_set *set, char *out, size_t size)
{
	snprintf(out, size, "%zu thèmes, %zu sous-thèmes, %zu objectifs, %zu indicateurs",
		 ref_count(set, REF_THEME), ref_count(set, REF_SOUS_THEME), ref_count(set, REF_OBJECTIF),
		 ref_count(set, REF_INDICATEUR));
}

static int load_grid(pg_conn *conn, const ref_set *set)
{
	const char *version = ref_version(set);
	const char *params[1] = {version};
	pg_result *res = NULL;
	char counts[160], old_sha[65];
	long evaluations, plans;
	int ret;

	ret = pg_query(conn, "lecture de la version de la grille",
		       "SELECT sha256 FROM lecap.referentiel WHERE version = $1 FOR UPDATE", 1, params, &res);
	if (ret != LECAP_OK)
		return ret;
	grid_counts(set, counts, sizeof(counts));
	if (pg_ntuples(res) == 0) {
		pg_result_free(res);
		ret = insert_grid(conn, set);
		if (ret == LECAP_OK)
			log_info("grille %s chargée depuis %s : %s", version, ref_grid_path(set), counts);
		return ret;
	}
	snprintf(old_sha, sizeof(old_sha), "%s", pg_value(res, 0, 0));
	pg_result_free(res);
	if (strcmp(old_sha, ref_grid_sha256(set)) == 0) {
		log_info("grille %s déjà chargée, inchangée", version);
		return LECAP_OK;
	}

	ret = pg_query(conn, "recherche des évaluations qui utilisent la grille",
		       "SELECT (SELECT count(*) FROM lecap.evaluation WHERE version_referentiel = $1), "
		       "(SELECT count(*) FROM lecap.plan WHERE version_referentiel = $1)",
		       1, params, &res);
	if (ret != LECAP_OK)
		return ret;
	evaluations = strtol(pg_value(res, 0, 0), NULL, 10);
	plans = strtol(pg_value(res, 0, 1), NULL, 10);
	pg_result_free(res);
	if (evaluations > 0 || plans > 0) {
		log_error("grille %s : %s a changé depuis son chargement, mais %ld évaluation(s) et "
			  "%ld plan(s) de progrès utilisent déjà cette version : modification refusée",
			  version, ref_grid_path(set), evaluations, plans);
		log_hint("donnez un nouveau libellé à la grille modifiée ([referentiel] version, par exemple "
			 "%s-2) : elle sera chargée à côté de %s, qui reste en base pour ses évaluations",
			 version, version);
		return LECAP_USAGE;
	}
	ret = pg_command(conn, "remplacement de la grille",
			 "DELETE FROM lecap.referentiel WHERE version = $1", 1, params);
	if (ret == LECAP_OK)
		ret = insert_grid(conn, set);
	if (ret == LECAP_OK)
		log_info("grille %s remplacée : %s a changé et aucune évaluation ni aucun plan ne "
			 "l'utilise encore ; %s", version, ref_grid_path(set), counts);
	return ret;
}

int ref_db_load(pg_conn *conn, const ref_set *set)
{
	size_t nt = sizeof(item_tables) / sizeof(item_tables[0]);
	long changed = 0;
	int ret;

	ret = pg_begin(conn);
	if (ret != LECAP_OK)
		return ret;
	/* Two concurrent inits would race between reading and replacing the grid. */
	ret = pg_exec(conn, "verrouillage du référentiel",
		      "LOCK TABLE lecap.referentiel IN SHARE ROW EXCLUSIVE MODE");
	for (size_t i = 0; i < nt && ret == LECAP_OK; i++)
		ret = upsert_items(conn, set, &item_tables[i], &changed);
	if (ret == LECAP_OK)
		ret = load_grid(conn, set);
	/* After the grid: an offer only the replaced grid used can go now. */
	for (size_t i = 0; i < nt && ret == LECAP_OK; i++)
		ret = prune_items(conn, set, &item_tables[i]);
	ret = pg_end(conn, ret);
	if (ret != LECAP_OK)
		return ret;
	log_info("régions (%zu), types de structure (%zu) et offres (%zu) à jour : %ld ligne(s) "
		 "ajoutée(s) ou modifiée(s)",
		 ref_region_count(set), ref_type_count(set), ref_offer_count(set), changed);
	return LECAP_OK;
}
