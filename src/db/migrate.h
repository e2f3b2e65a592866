/*
 * Schema migrations: creates schema lecap and applies the embedded
 * sql/NNN_*.sql not yet recorded in lecap.schema_migration, each in its own
 * transaction, under an advisory lock so that two lecap never migrate at once.
 */
#ifndef LECAP_DB_MIGRATE_H
#define LECAP_DB_MIGRATE_H

#include "io/pg.h"

/* Applies what is missing; *applied receives how many were. */
int migrate_apply(pg_conn *conn, int *applied);
/* Highest version recorded (0 for none), or -1 on error. */
int migrate_current(pg_conn *conn);

#endif
