/* File-system helpers; see dirs.h. */
#include "base/dirs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* One component: 0, or -1 with errno set. */
static int make_one(const char *p, mode_t mode, int flags)
{
	struct stat st;

	if (mkdir(p, mode) == 0) {
		if (flags & DIRS_EXACT_MODE)
			chmod(p, mode);
		return 0;
	}
	if (errno != EEXIST)
		return -1;
	if (!(flags & DIRS_MUST_BE_DIR))
		return 0;
	if (stat(p, &st) != 0)
		return -1;
	if (!S_ISDIR(st.st_mode)) {
		errno = EEXIST;
		return -1;
	}
	return 0;
}

int dirs_make(const char *dir, mode_t mode, int flags, char *failed, size_t size)
{
	char *p = strdup(dir);
	int ret = 0, saved;

	if (!p)
		return -1; /* errno ENOMEM */
	for (char *s = p + (*p != '\0');; s++) {
		char c = *s;
		if (c != '/' && c != '\0')
			continue;
		*s = '\0';
		if (make_one(p, mode, flags) != 0) {
			saved = errno;
			if (failed && size)
				snprintf(failed, size, "%s", p);
			errno = saved;
			ret = -1;
			break;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	saved = errno;
	free(p);
	errno = saved;
	return ret;
}
