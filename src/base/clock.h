/*
 * The wall clock of the decisions that depend on the date (the delegates'
 * digest: is one due, which period does it cover).
 *
 * In a test build (-DLECAP_TEST_HOOKS: build-test/bin/lecap and the
 * sanitized build, see signals.h), $LECAP_TEST_NOW, a number of seconds
 * since the epoch, replaces the time of day, so that an integration test can
 * let a week pass. The release binary has no such variable: clock_now() is
 * time(NULL) there.
 */
#ifndef LECAP_BASE_CLOCK_H
#define LECAP_BASE_CLOCK_H

#include <time.h>

/* Seconds since the epoch: now, or $LECAP_TEST_NOW in a test build. */
time_t clock_now(void);

#endif
