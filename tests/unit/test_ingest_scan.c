/* Unit tests of src/ingest_scan.c: order, statuses, the look-ahead bound. */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/exitcode.h"
#include "ingest/ingest_scan.h"

static char dir[] = "/tmp/lecap-scan.XXXXXX";
static char n_a[] = "a.csv", n_absent[] = "absent.csv", n_b[] = "b.csv", n_lien[] = "lien", n_rep[] = "rep",
	    n_x[] = "x.csv";

static void put(const char *name, const char *text)
{
	char p[256];
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	FILE *f = fopen(p, "w");
	cr_assert(f);
	fputs(text, f);
	fclose(f);
}

static void cleanup(void)
{
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	cr_assert_eq(system(cmd), 0);
}

Test(ingest_scan, statuses_in_order, .fini = cleanup)
{
	cr_assert(mkdtemp(dir));
	put("a.csv", "abc");
	put("b.csv", "0123456789");
	char p[256];
	snprintf(p, sizeof(p), "%s/rep", dir);
	cr_assert_eq(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/lien", dir);
	cr_assert_eq(symlink("a.csv", p), 0);
	char *names[] = {n_a, n_absent, n_b, n_lien, n_rep};
	ingest_scan *s;
	cr_assert_eq(ingest_scan_start(dir, names, 5, 5, &s), LECAP_OK);

	const struct scan_entry *e = ingest_scan_get(s, 0);
	cr_assert_str_eq(e->name, "a.csv");
	cr_assert_eq(e->status, SCAN_HASHED);
	cr_assert_str_eq(e->sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	e = ingest_scan_get(s, 1);
	cr_assert_eq(e->status, SCAN_LSTAT);
	cr_assert_eq(e->err, ENOENT);
	e = ingest_scan_get(s, 2); /* 10 bytes > max_size 5: not read */
	cr_assert_eq(e->status, SCAN_UNREAD);
	cr_assert_eq(e->st.st_size, 10);
	e = ingest_scan_get(s, 3);
	cr_assert_eq(e->status, SCAN_UNREAD);
	cr_assert(S_ISLNK(e->st.st_mode));
	e = ingest_scan_get(s, 4);
	cr_assert_eq(e->status, SCAN_UNREAD);
	cr_assert(S_ISDIR(e->st.st_mode));
	ingest_scan_stop(s);
}

/* More files than the look-ahead: entries are reused once released, and
 * every one comes back in order. */
Test(ingest_scan, more_than_the_look_ahead, .fini = cleanup)
{
	cr_assert(mkdtemp(dir));
	put("x.csv", "abc");
	size_t n = 3 * SCAN_AHEAD + 7;
	char **names = calloc(n, sizeof(*names));
	for (size_t i = 0; i < n; i++)
		names[i] = i % 2 ? n_x : n_absent;
	ingest_scan *s;
	cr_assert_eq(ingest_scan_start(dir, names, n, 100, &s), LECAP_OK);
	for (size_t i = 0; i < n; i++) {
		const struct scan_entry *e = ingest_scan_get(s, i);
		cr_assert_eq(e->name, names[i]);
		cr_assert_eq(e->status, i % 2 ? SCAN_HASHED : SCAN_LSTAT, "entry %zu", i);
		ingest_scan_release(s, i + 1);
	}
	ingest_scan_stop(s);
	free(names);
}

/* Stopped early, while the thread waits for room: no hang, no leak. */
Test(ingest_scan, stop_early, .fini = cleanup)
{
	cr_assert(mkdtemp(dir));
	size_t n = 2 * SCAN_AHEAD;
	char **names = calloc(n, sizeof(*names));
	for (size_t i = 0; i < n; i++)
		names[i] = n_absent;
	ingest_scan *s;
	cr_assert_eq(ingest_scan_start(dir, names, n, 100, &s), LECAP_OK);
	cr_assert_eq(ingest_scan_get(s, 10)->status, SCAN_LSTAT);
	ingest_scan_stop(s);
	free(names);
}
