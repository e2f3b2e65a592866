/*
 * Schema migrations: creates schema lecap and applies the embedded
 * sql/NNN_*.sql not yet recorded in lecap.schema_migration, each in its own
 * transaction, then the functions and views of sql/fonctions/ and sql/vues/
 * that changed (db/sqlobj.h), under an advisory lock so that two lecap
 * never migrate at once.
 */
#ifndef LECAP_DB_MIGRATE_H
#define LECAP_DB_MIGRATE_H

#include "base/exitcode.h"
#include "io/pg.h"

/* Applies what is missing; *applied receives how many migrations were,
 * *objects how many functions and views were (re)created. Lock waits are
 * bounded: attempts with a 2 s lock_timeout, retried until the connection's
 * pg_lock_wait() ([base] attente_verrous) has passed; then LECAP_DB, the
 * blocking session named, nothing half-applied (each migration, and the
 * re-created objects, are one transaction). */
int migrate_apply(pg_conn *conn, int *applied, int *objects) LECAP_MUST_CHECK;
/* Highest version recorded (0 for none), or -1 on error. */
int migrate_current(pg_conn *conn) LECAP_MUST_CHECK;

#endif
