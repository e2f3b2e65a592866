/* mkdir -p (src/base/dirs.c): what it creates, with which mode, and where it fails. */
#include "base/dirs.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char root[64];

static void setup(void)
{
	snprintf(root, sizeof(root), "/tmp/lecap-dirs.XXXXXX");
	cr_assert_not_null(mkdtemp(root));
}

static void teardown(void)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	cr_assert_eq(system(cmd), 0);
}

static mode_t mode_of(const char *path)
{
	struct stat st;
	cr_assert_eq(stat(path, &st), 0, "%s", path);
	cr_assert(S_ISDIR(st.st_mode), "%s", path);
	return st.st_mode & 07777;
}

TestSuite(dirs, .init = setup, .fini = teardown);

Test(dirs, creates_every_level_with_the_exact_mode)
{
	char d[128], mid[128];
	mode_t old = umask(077);

	snprintf(d, sizeof(d), "%s/a/b/c", root);
	snprintf(mid, sizeof(mid), "%s/a/b", root);
	cr_assert_eq(dirs_make(d, 0750, DIRS_EXACT_MODE, NULL, 0), 0);
	umask(old);
	cr_assert_eq(mode_of(d), 0750);
	cr_assert_eq(mode_of(mid), 0750);
	/* Again: everything exists, nothing to do. */
	cr_assert_eq(dirs_make(d, 0750, DIRS_EXACT_MODE | DIRS_MUST_BE_DIR, NULL, 0), 0);
}

Test(dirs, without_exact_mode_the_umask_applies)
{
	char d[128];
	mode_t old = umask(027);

	snprintf(d, sizeof(d), "%s/x/y/", root);
	cr_assert_eq(dirs_make(d, 0755, 0, NULL, 0), 0);
	umask(old);
	snprintf(d, sizeof(d), "%s/x/y", root);
	cr_assert_eq(mode_of(d), 0750);
}

Test(dirs, a_file_in_the_way_names_where_it_failed)
{
	char f[128], d[128], failed[128];
	FILE *fp;

	snprintf(f, sizeof(f), "%s/fichier", root);
	cr_assert_not_null(fp = fopen(f, "w"));
	fclose(fp);
	snprintf(d, sizeof(d), "%s/fichier/sous", root);
	/* Checked: fails at the file, EEXIST. */
	cr_assert_eq(dirs_make(d, 0750, DIRS_MUST_BE_DIR, failed, sizeof(failed)), -1);
	cr_assert_eq(errno, EEXIST);
	cr_assert_str_eq(failed, f);
	/* Not checked: the next level fails, ENOTDIR. */
	cr_assert_eq(dirs_make(d, 0750, 0, failed, sizeof(failed)), -1);
	cr_assert_eq(errno, ENOTDIR);
	cr_assert_str_eq(failed, d);
	/* The last component a file. */
	cr_assert_eq(dirs_make(f, 0750, DIRS_MUST_BE_DIR, failed, sizeof(failed)), -1);
	cr_assert_eq(errno, EEXIST);
	cr_assert_str_eq(failed, f);
}

Test(dirs, empty_path_fails)
{
	char failed[16] = "?";

	cr_assert_eq(dirs_make("", 0750, 0, failed, sizeof(failed)), -1);
	cr_assert_eq(errno, ENOENT);
	cr_assert_str_eq(failed, "");
}
