/* Unit tests of src/referentiel/vision.c: reading and normalising the vision
 * text (config/vision.txt); the messages and the database load are in
 * tests/integration/11-vision.sh. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/exitcode.h"
#include "io/sha256.h"
#include "referentiel/vision.h"

static char path[64];

static void put(const char *text)
{
	int fd;
	FILE *f;

	snprintf(path, sizeof path, "/tmp/lecap-vision-XXXXXX");
	fd = mkstemp(path);
	cr_assert(fd >= 0);
	f = fdopen(fd, "w");
	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
}

static void drop(void)
{
	unlink(path);
}

TestSuite(vision, .fini = drop);

Test(vision, paragraphs_joined_and_trimmed)
{
	struct vision v;

	put("version: 2026-1  \r\n\r\n\n  Une ligne,\r\n  et sa suite.  \n\n\n\nUn second paragraphe.\n\n");
	cr_assert_eq(vision_read(path, &v), LECAP_OK);
	cr_assert_str_eq(v.version, "2026-1");
	cr_assert_str_eq(v.texte, "Une ligne, et sa suite.\n\nUn second paragraphe.");
	cr_assert_str_eq(v.path, path);
	vision_free(&v);
}

Test(vision, fingerprint_is_the_texts_sha256)
{
	struct vision v;
	struct sha256 s;
	char hex[65];

	put("version: a.b_c-1\n\nTexte.");
	cr_assert_eq(vision_read(path, &v), LECAP_OK);
	sha256_init(&s);
	sha256_update(&s, "Texte.", 6);
	sha256_final_hex(&s, hex);
	cr_assert_str_eq(v.empreinte, hex);
	vision_free(&v);
}

/* 3,000 characters (of two bytes each) pass; one more does not. */
Test(vision, length_bound_in_characters)
{
	struct vision v;
	size_t n = strlen("version: x\n\n");
	char *text = malloc(n + 2 * 3001 + 2);

	cr_assert_not_null(text);
	memcpy(text, "version: x\n\n", n);
	for (int i = 0; i < 3000; i++)
		memcpy(text + n + 2 * i, "\xC3\xA9", 2);
	text[n + 6000] = '\0';
	put(text);
	cr_assert_eq(vision_read(path, &v), LECAP_OK);
	cr_assert_eq(strlen(v.texte), 6000);
	vision_free(&v);
	drop();
	memcpy(text + n + 6000, "\xC3\xA9", 3);
	put(text);
	cr_assert_eq(vision_read(path, &v), LECAP_USAGE);
	cr_assert_null(v.texte);
	free(text);
}

Test(vision, refused_files)
{
	struct vision v;
	static const char *const bad[] = {
		"",                                  /* no version line */
		"version:\n\nTexte.\n",              /* empty label */
		"version: abcdefghijklmnopqrstuvwxyz0123456\n\nT.\n", /* 33 characters */
		"version: v1\n",                     /* no text */
		"version: v1\n\nUn\x01 texte.\n",    /* control character */
		"version: v1\n\nUn\xE9t\xE9.\n",     /* Latin-1 */
	};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		put(bad[i]);
		cr_assert_eq(vision_read(path, &v), LECAP_USAGE, "case %zu", i);
		cr_assert_null(v.texte, "case %zu", i);
		drop();
	}
}
