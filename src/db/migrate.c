/* Applies the embedded schema migrations; see migrate.h. */
#include "db/migrate.h"

#include "base/exitcode.h"
#include "base/log.h"
#include "db/migrations.h"
#include "db/sqlobj.h"

#include "base/signals.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* Advisory lock key of migrations: "lecap" in ASCII, then 0x000001. */
#define MIGRATE_LOCK_KEY "7810758398886019073"

static const char bootstrap_sql[] =
	"CREATE SCHEMA IF NOT EXISTS lecap;"
	"COMMENT ON SCHEMA lecap IS 'lecap : consolidation des auto-évaluations Le Cap (COORACE)';"
	"CREATE TABLE IF NOT EXISTS lecap.schema_migration ("
	" version int PRIMARY KEY,"
	" nom text NOT NULL,"
	" appliquee_le timestamptz NOT NULL DEFAULT now());"
	"COMMENT ON TABLE lecap.schema_migration IS 'Migrations du schéma appliquées par lecap init';"
	"COMMENT ON COLUMN lecap.schema_migration.version IS 'Numéro NNN du fichier sql/NNN_*.sql';"
	"COMMENT ON COLUMN lecap.schema_migration.nom IS 'Nom du fichier de migration, sans .sql';"
	"COMMENT ON COLUMN lecap.schema_migration.appliquee_le IS 'Date d''application';";

int migrate_current(pg_conn *conn)
{
	pg_result *res;
	int v;

	if (pg_query(conn, "lecture des migrations appliquées",
		     "SELECT coalesce(max(version), 0) FROM lecap.schema_migration", 0, NULL, &res) != LECAP_OK)
		return -1;
	v = atoi(pg_value(res, 0, 0));
	pg_result_free(res);
	return v;
}

static int applied_already(pg_conn *conn, int version, bool *yes)
{
	char vbuf[16];
	const char *params[1] = {vbuf};
	pg_result *res;
	int ret;

	snprintf(vbuf, sizeof(vbuf), "%d", version);
	ret = pg_query(conn, "lecture des migrations appliquées",
		       "SELECT 1 FROM lecap.schema_migration WHERE version = $1", 1, params, &res);
	if (ret != LECAP_OK)
		return ret;
	*yes = pg_ntuples(res) > 0;
	pg_result_free(res);
	return LECAP_OK;
}

/* One pending migration in its own transaction. The first pending one also
 * drops the objects to re-create (a migration sees only tables), the last
 * one creates them: if a migration fails, the earlier ones stay applied and
 * the next lecap init creates the objects. */
static int apply_migration(pg_conn *conn, const struct migration *m, const struct sqlobj_plan *drop,
			   const struct sqlobj_plan *create)
{
	char vbuf[16];
	const char *params[2] = {vbuf, m->name};
	char purpose[160];
	int ret;

	snprintf(purpose, sizeof(purpose), "migration %s", m->name);
	snprintf(vbuf, sizeof(vbuf), "%d", m->version);
	ret = pg_exec(conn, purpose, "BEGIN; SET LOCAL client_min_messages = warning;");
	if (ret == LECAP_OK && drop)
		ret = sqlobj_drop(conn, drop);
	if (ret == LECAP_OK)
		/* sql-constante: migrations of sql/ embedded at build time */
		ret = pg_exec(conn, purpose, m->sql);
	if (ret == LECAP_OK)
		ret = pg_command(conn, purpose,
				 "INSERT INTO lecap.schema_migration (version, nom) VALUES ($1, $2)",
				 2, params);
	if (ret == LECAP_OK && create)
		ret = sqlobj_create(conn, create);
	ret = pg_end(conn, ret);
	if (ret != LECAP_OK) {
		/* The migration's own hint (RAISE ... USING HINT), when it gave one. */
		if (!pg_last_error_is_lock_timeout(conn) && !pg_last_error_had_hint(conn))
			log_hint("la migration %s n'a pas été appliquée ; les précédentes le sont", m->name);
		return ret;
	}
	log_info("migration %s appliquée", m->name);
	return LECAP_OK;
}

/* No migration pending: the changed objects, in one transaction. */
static int apply_objects(pg_conn *conn, const struct sqlobj_plan *plan)
{
	int ret = pg_exec(conn, "fonctions et vues", "BEGIN; SET LOCAL client_min_messages = warning;");

	if (ret == LECAP_OK)
		ret = sqlobj_drop(conn, plan);
	if (ret == LECAP_OK)
		ret = sqlobj_create(conn, plan);
	ret = pg_end(conn, ret);
	if (ret != LECAP_OK) {
		if (!pg_last_error_is_lock_timeout(conn))
			log_hint("les fonctions et vues de la base sont restées celles d'avant");
	}
	return ret;
}

static int bootstrap(pg_conn *conn)
{
	int ret = pg_exec(conn, "création du schéma lecap",
			  "BEGIN; SET LOCAL client_min_messages = warning;");

	if (ret == LECAP_OK)
		ret = pg_exec(conn, "création du schéma lecap", bootstrap_sql);
	if (ret == LECAP_OK)
		ret = sqlobj_bootstrap(conn);
	return pg_end(conn, ret);
}

/* The first and last migrations not recorded yet (-1 when none). */
static int find_pending(pg_conn *conn, bool *pending, int *first, int *last)
{
	*first = *last = -1;
	for (int i = 0; i < lecap_migration_count; i++) {
		bool done;
		int ret = applied_already(conn, lecap_migrations[i].version, &done);

		if (ret != LECAP_OK)
			return ret;
		pending[i] = !done;
		if (pending[i] && *first < 0)
			*first = i;
		if (pending[i])
			*last = i;
	}
	return LECAP_OK;
}

static int attempt(pg_conn *conn, int *applied, int *objects)
{
	struct sqlobj_plan plan = {0};
	bool *pending = calloc((size_t)lecap_migration_count + 1, sizeof(bool));
	int first = -1, last = -1;
	int ret;

	*applied = *objects = 0;
	if (!pending)
		return log_fail(LECAP_IO, "mémoire insuffisante");
	ret = pg_exec(conn, "verrou des migrations", "SELECT pg_advisory_lock(" MIGRATE_LOCK_KEY ")");
	if (ret != LECAP_OK)
		goto cleanup;
	ret = bootstrap(conn);
	if (ret == LECAP_OK)
		ret = find_pending(conn, pending, &first, &last);
	if (ret == LECAP_OK)
		ret = sqlobj_plan_make(conn, first >= 0, &plan);
	if (ret == LECAP_OK && first < 0 && !sqlobj_plan_empty(&plan))
		ret = apply_objects(conn, &plan);
	for (int i = first; ret == LECAP_OK && i >= 0 && i <= last; i++) {
		if (!pending[i])
			continue;
		ret = apply_migration(conn, &lecap_migrations[i], i == first ? &plan : NULL,
				      i == last ? &plan : NULL);
		if (ret == LECAP_OK)
			(*applied)++;
	}
	if (ret == LECAP_OK)
		*objects = plan.n_stale;
	if (pg_ok(conn))
		/* A failed unlock: the lock goes with the session, which ends. */
		LECAP_STATUS_IGNORED(pg_exec(conn, "verrou des migrations",
					     "SELECT pg_advisory_unlock(" MIGRATE_LOCK_KEY ")"));
cleanup:
	sqlobj_plan_free(&plan);
	free(pending);
	return ret;
}

/* Lock waits of one attempt: short, so that readers queued behind lecap's
 * request (DROP VIEW wants an exclusive lock) are not held for long. */
#define ATTEMPT_LOCK_TIMEOUT_MS 2000

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int set_lock_timeout(pg_conn *conn, long ms)
{
	char v[32];
	const char *params[1] = {v};

	snprintf(v, sizeof(v), "%ldms", ms);
	return pg_command(conn, "réglage de l'attente des verrous",
			  "SELECT pg_catalog.set_config('lock_timeout', $1, false)", 1, params);
}

int migrate_apply(pg_conn *conn, int *applied, int *objects)
{
	int wait_s = pg_lock_wait(conn);
	double deadline = now_s() + wait_s;
	struct timespec pause = {0, 100 * 1000 * 1000};
	int ret, n = 0, total = 0, objs = 0;

	*applied = *objects = 0;
	/* Retried attempts, each with a short lock_timeout, until
	 * [base] attente_verrous; each attempt applies whole migrations or
	 * nothing (its transactions), so a retry starts from what is recorded. */
	for (;;) {
		long remaining_ms = (long)((deadline - now_s()) * 1000);
		bool last_try = remaining_ms <= ATTEMPT_LOCK_TIMEOUT_MS;

		ret = set_lock_timeout(conn, last_try ? (remaining_ms > 100 ? remaining_ms : 100)
						      : ATTEMPT_LOCK_TIMEOUT_MS);
		if (ret != LECAP_OK)
			return ret;
		/* Expected, not logged, but on the last attempt; cleared on each. */
		pg_expect_sqlstate(conn, last_try ? "" : "55P03");
		n = objs = 0;
		ret = attempt(conn, &n, &objs);
		pg_expect_sqlstate(conn, NULL);
		total += n;
		*objects += objs;
		if (ret == LECAP_OK || !pg_last_error_is_lock_timeout(conn) || last_try)
			break;
		if (signals_stop_requested()) {
			log_error("arrêt demandé pendant l'attente d'un verrou : les migrations restantes "
				  "n'ont pas été appliquées");
			ret = LECAP_IO;
			break;
		}
		log_debug("verrou non obtenu, nouvel essai (attente de %d s au plus)", wait_s);
		nanosleep(&pause, NULL);
	}
	*applied = total;
	if (pg_ok(conn)) {
		int r = set_lock_timeout(conn, (long)wait_s * 1000);
		if (ret == LECAP_OK)
			ret = r;
	}
	return ret;
}
