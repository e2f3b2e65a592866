/*
 * The look-ahead of lecap ingest: a second thread that lstats and hashes the
 * inbox's files, in the order they will be applied, while the main thread
 * applies the earlier ones. A file re-dropped (a doublon) is thus known by
 * its SHA-256 before the main thread reaches it, and reading the next files
 * overlaps with the database work and the renames of the current ones.
 *
 * The thread only reads: it never moves a file, never talks to the database,
 * never logs (what it found is logged by the main thread, in order, when it
 * takes the entry). It stays at most SCAN_AHEAD entries ahead of what the
 * main thread released, so that memory does not depend on the inbox. All
 * signals are blocked in it: they reach the main thread.
 *
 * ingest_scan_start() returns a scanner that ingest_scan_stop() stops, joins and frees.
 */
#ifndef LECAP_INGEST_INGEST_SCAN_H
#define LECAP_INGEST_INGEST_SCAN_H

#include "base/exitcode.h"
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

/* Entries the thread may have ready beyond the released ones. */
#define SCAN_AHEAD 4096

enum scan_status {
	SCAN_HASHED,   /* a regular file, read whole: sha256 set */
	SCAN_UNREAD,   /* not a regular file, or bigger than max_size: not read */
	SCAN_GROWING,  /* changed while it was read: to leave for the next run */
	SCAN_LSTAT,    /* lstat failed: err */
	SCAN_READ,     /* open or read failed: err */
};

struct scan_entry {
	const char *name;       /* the caller's name (not copied) */
	enum scan_status status;
	int err;                /* errno of SCAN_LSTAT, SCAN_READ */
	struct stat st;         /* lstat's (not for SCAN_LSTAT) */
	char sha256[65];        /* SCAN_HASHED */
};

typedef struct ingest_scan ingest_scan;

/*
 * Starts hashing dir/names[0..n-1] (names stay the caller's until
 * ingest_scan_stop). Regular files of at most max_size bytes are hashed. Returns
 * LECAP_OK, or LECAP_IO after logging (no memory, no thread).
 */
int ingest_scan_start(const char *dir, char *const *names, size_t n, int64_t max_size, ingest_scan **out) LECAP_MUST_CHECK;
/* Entry i, waiting until it is ready. The caller must have released every
 * entry up to i - SCAN_AHEAD. Valid until released. */
const struct scan_entry *ingest_scan_get(ingest_scan *s, size_t i);
/* How many entries are ready now (without waiting). */
size_t ingest_scan_ready(ingest_scan *s);
/* The caller is done with the entries before i. */
void ingest_scan_release(ingest_scan *s, size_t i);
/* Stops the thread (the entry it is on is finished first), frees. NULL ok. */
void ingest_scan_stop(ingest_scan *s);

#endif
