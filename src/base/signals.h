/*
 * SIGTERM and SIGINT ask lecap to stop at the next safe point: the current
 * file is finished or rolled back, the lock released, exit 5. Long loops
 * call signals_stop_requested() between units of work.
 */
#ifndef LECAP_BASE_SIGNALS_H
#define LECAP_BASE_SIGNALS_H

#include "base/exitcode.h"
#include <pthread.h>
#include <stdbool.h>

void signals_install(void);
/* pthread_create with every signal blocked in the new thread, so that stop
 * requests reach the main thread (which polls them); 0 or an errno. */
int signals_thread_create(pthread_t *thread, void *(*fn)(void *), void *arg) LECAP_MUST_CHECK;
bool signals_stop_requested(void);
/* The signal received, or 0. */
int signals_received(void);

/*
 * Test hooks, compiled only into a test build (make test-bin:
 * build-test/bin/lecap, and the sanitized build): -DLECAP_TEST_HOOKS. In the
 * release binary (make, the Debian package) they expand to nothing, so
 * neither the calls nor the point names nor the variables are there.
 *
 * test_crash_point(point): when $LECAP_TEST_CRASH equals point, the process
 * kills itself with SIGKILL there — the integration tests use it to prove
 * that a crash at any point leaves nothing half done; "point@N" kills at
 * the Nth pass (e.g. after the Nth report). Does nothing otherwise.
 *
 * test_pause_point(point): when $LECAP_TEST_PAUSE equals point, creates the
 * file named by $LECAP_TEST_PAUSE_FILE (if set) and waits there up to 30 s,
 * until a stop signal or until the test removes that file — so that a test
 * can stop the database or send SIGTERM at a known point of the run. Does
 * nothing otherwise.
 */
#ifdef LECAP_TEST_HOOKS
void signals_test_crash_point(const char *point);
void signals_test_pause_point(const char *point);
#define test_crash_point(point) signals_test_crash_point(point)
#define test_pause_point(point) signals_test_pause_point(point)
#else
#define test_crash_point(point) ((void)0)
#define test_pause_point(point) ((void)0)
#endif

#endif
