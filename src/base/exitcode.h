/*
 * Exit codes shared by every command (README, « Codes de sortie »).
 *
 * Library functions return one of these (0 on success) so that a failure's
 * class travels up to cmd/ unchanged; only cmd/ turns it into exit().
 */
#ifndef LECAP_BASE_EXITCODE_H
#define LECAP_BASE_EXITCODE_H

enum lecap_exit {
	LECAP_OK = 0,       /* success */
	LECAP_REJECTED = 1, /* finished, but some input was rejected */
	LECAP_USAGE = 2,    /* usage or configuration error */
	LECAP_DB = 3,       /* database unreachable or database error */
	LECAP_LOCKED = 4,   /* another lecap run holds the lock */
	LECAP_IO = 5,       /* file-system or other I/O error, interrupted */
};

/*
 * The functions that return a status (one of these, or 0/-1) are declared
 * LECAP_MUST_CHECK: a status is read. Where a failure changes nothing
 * (releasing what the end of the session releases anyway, after an error
 * already on its way up), the caller says so with LECAP_STATUS_IGNORED(call)
 * and a comment — a cast to void does not silence gcc.
 */
#define LECAP_MUST_CHECK __attribute__((warn_unused_result))

#define LECAP_STATUS_IGNORED(call) \
	do {                           \
		if (call) {            \
		}                      \
	} while (0)

#endif
