/*
 * The SQL objects defined once: the functions of sql/fonctions/ and the
 * views of sql/vues/, one file each, embedded in the binary
 * (db/migrations.h). Migrations keep the tables; these are (re)created by
 * lecap init after them, in dependency order, with the grants their files
 * carry.
 *
 * lecap.objet_sql records the sha256 of the file each object was created
 * from. An object is re-applied when its file changed, when an object it
 * names is re-applied, when it is not recorded (a new object, or a base from
 * before this table) or no longer in the catalog (dropped by hand), and
 * every object is when a migration is pending (a
 * migration may change a table a view reads). Re-applying is DROP then
 * CREATE, dependents first, so that a view may lose or retype a column. An
 * object recorded but no longer built is dropped. Owner: migrate.c calls
 * these under its advisory lock, inside its transactions.
 */
#ifndef LECAP_DB_SQLOBJ_H
#define LECAP_DB_SQLOBJ_H

#include "base/exitcode.h"
#include "io/pg.h"

#include <stdbool.h>

/* What lecap init has to do with the objects. Caller-owned; sqlobj_free. */
struct sqlobj_plan {
	bool *stale;     /* per lecap_sql_objects[i]: to drop and create */
	int n_stale;
	char *removed;   /* "vue:NAME fonction:NAME ..." recorded, no longer built */
	int n_removed;
};

/* Creates lecap.objet_sql when missing (in the caller's transaction). */
int sqlobj_bootstrap(pg_conn *conn) LECAP_MUST_CHECK;
/* Compares the built objects with lecap.objet_sql; all stale if all_stale. */
int sqlobj_plan_make(pg_conn *conn, bool all_stale, struct sqlobj_plan *plan)
	LECAP_MUST_CHECK;
bool sqlobj_plan_empty(const struct sqlobj_plan *plan);
/* Drops the stale and removed objects, dependents first, and forgets them. */
int sqlobj_drop(pg_conn *conn, const struct sqlobj_plan *plan) LECAP_MUST_CHECK;
/* Creates the stale objects in dependency order and records their sha256. */
int sqlobj_create(pg_conn *conn, const struct sqlobj_plan *plan) LECAP_MUST_CHECK;
void sqlobj_plan_free(struct sqlobj_plan *plan);

#endif
