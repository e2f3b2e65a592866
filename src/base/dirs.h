/*
 * File-system helpers: mkdir -p, the one implementation (reports, the
 * generator's output, the diffusion's --dry-run messages).
 */
#ifndef LECAP_BASE_DIRS_H
#define LECAP_BASE_DIRS_H

#include "base/exitcode.h"
#include <stddef.h>
#include <sys/types.h>

enum {
	/* Directories created get exactly mode, whatever the umask (chmod). */
	DIRS_EXACT_MODE = 1,
	/* An existing path component must be a directory: a file in the way
	 * fails there, with errno EEXIST. Without it, EEXIST passes and the
	 * next mkdir says ENOTDIR. */
	DIRS_MUST_BE_DIR = 2,
};

/*
 * mkdir -p dir with mode for what it creates. 0, or -1 with errno set and,
 * when failed is not NULL, the directory that could not be made copied into
 * failed (size bytes) for the caller's message.
 */
int dirs_make(const char *dir, mode_t mode, int flags, char *failed, size_t size)
	LECAP_MUST_CHECK;

#endif
