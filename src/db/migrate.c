/* Applies the embedded schema migrations; see migrate.h. */
#include "db/migrate.h"

#include "base/exitcode.h"
#include "base/log.h"
#include "db/migrations.h"

#include <stdio.h>
#include <stdlib.h>

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

int migrate_apply(pg_conn *conn, int *applied)
{
	int ret;

	*applied = 0;
	ret = pg_exec(conn, "verrou des migrations", "SELECT pg_advisory_lock(" MIGRATE_LOCK_KEY ")");
	if (ret != LECAP_OK)
		return ret;
	ret = pg_exec(conn, "création du schéma lecap",
		      "BEGIN; SET LOCAL client_min_messages = warning;");
	if (ret == LECAP_OK)
		ret = pg_exec(conn, "création du schéma lecap", bootstrap_sql);
	if (ret == LECAP_OK)
		ret = pg_commit(conn);
	else
		pg_rollback(conn);

	for (int i = 0; ret == LECAP_OK && i < lecap_migration_count; i++) {
		const struct migration *m = &lecap_migrations[i];
		char vbuf[16];
		const char *params[2] = {vbuf, m->name};
		char purpose[160];
		bool done;

		ret = applied_already(conn, m->version, &done);
		if (ret != LECAP_OK || done)
			continue;
		snprintf(purpose, sizeof(purpose), "migration %s", m->name);
		snprintf(vbuf, sizeof(vbuf), "%d", m->version);
		ret = pg_exec(conn, purpose, "BEGIN; SET LOCAL client_min_messages = warning;");
		if (ret == LECAP_OK)
			/* sql-constante: migrations of sql/ embedded at build time */
			ret = pg_exec(conn, purpose, m->sql);
		if (ret == LECAP_OK)
			ret = pg_command(conn, purpose,
					 "INSERT INTO lecap.schema_migration (version, nom) VALUES ($1, $2)",
					 2, params);
		if (ret == LECAP_OK)
			ret = pg_commit(conn);
		if (ret != LECAP_OK) {
			pg_rollback(conn);
			log_hint("la migration %s n'a pas été appliquée ; les précédentes le sont", m->name);
			break;
		}
		log_info("migration %s appliquée", m->name);
		(*applied)++;
	}
	if (pg_ok(conn))
		pg_exec(conn, "verrou des migrations", "SELECT pg_advisory_unlock(" MIGRATE_LOCK_KEY ")");
	return ret;
}
