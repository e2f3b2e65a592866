/*
 * One lecap writing at a time: a session-level PostgreSQL advisory lock held
 * for the whole run, and the run journal (lecap.execution) that tells who
 * holds it. The lock goes with the connection: a killed run releases it.
 */
#ifndef LECAP_DB_RUNLOCK_H
#define LECAP_DB_RUNLOCK_H

#include "io/pg.h"

/*
 * Takes the lock without waiting. When another run holds it, logs which one
 * (host, pid, start time from lecap.execution) and returns LECAP_LOCKED.
 */
int runlock_acquire(pg_conn *conn, const char *command);
void runlock_release(pg_conn *conn);

#endif
