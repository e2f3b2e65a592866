/*
 * One lecap writing at a time: a session-level PostgreSQL advisory lock held
 * for the whole run, and the run journal (lecap.execution) that tells who
 * holds it. The lock goes with the connection: a killed run releases it.
 */
#ifndef LECAP_DB_RUNLOCK_H
#define LECAP_DB_RUNLOCK_H

#include "base/exitcode.h"
#include "io/pg.h"

/*
 * Takes the lock without waiting. When another run holds it, logs which one
 * (host, pid, start time from lecap.execution) and returns LECAP_LOCKED —
 * unless that run was on this host and its process is gone (kill -9) while
 * its backend still holds the lock: that orphan backend is ended (same
 * role), with a warning, and the lock taken.
 */
int runlock_acquire(pg_conn *conn, const char *command) LECAP_MUST_CHECK;
void runlock_release(pg_conn *conn);

#endif
