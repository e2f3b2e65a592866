/* Unit tests of src/text.c. */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"

static const char *key(const char *s)
{
	static char buf[128];
	text_key(s, buf, sizeof(buf));
	return buf;
}

Test(text, keys_fold_case_accents_spaces)
{
	cr_assert_str_eq(key("Collège"), "college");
	cr_assert_str_eq(key(" COLLEGE "), "college");
	cr_assert_str_eq(key("Raison sociale"), "raisonsociale");
	cr_assert_str_eq(key("raison_sociale"), "raisonsociale");
	cr_assert_str_eq(key("Région"), "region");
	cr_assert_str_eq(key("Auvergne-Rhône-Alpes"), "auvergnerhonealpes");
	cr_assert_str_eq(key("Provence-Alpes-Côte d'Azur"), "provencealpescotedazur");
	cr_assert_str_eq(key("Salarié·e en insertion"), "salarieeeninsertion");
	cr_assert_str_eq(key("Œuvre ÉLAN"), "oeuvreelan");
	cr_assert_str_eq(key("Île-de-France"), "iledefrance");
	cr_assert_str_eq(key("€ 1.1.1.a"), "111a");
}

Test(text, key_truncates)
{
	char buf[4];
	text_key("abcdef", buf, sizeof(buf));
	cr_assert_str_eq(buf, "abc");
}

Test(text, utf8_validation)
{
	cr_assert(text_is_utf8("abc é œ €", strlen("abc é œ €")));
	cr_assert(text_is_utf8("\xF0\x9F\x98\x80", 4));
	cr_assert_not(text_is_utf8("caf\xE9", 4));           /* Latin-1 é */
	cr_assert_not(text_is_utf8("\xC3", 1));              /* truncated */
	cr_assert_not(text_is_utf8("\xC0\xAF", 2));          /* overlong */
	cr_assert_not(text_is_utf8("\xED\xA0\x80", 3));      /* surrogate */
	cr_assert_not(text_is_utf8("\xE2\x82", 2));          /* truncated */
}

Test(text, cp1252)
{
	char out[64];
	size_t bad = 99;
	cr_assert_eq(text_cp1252_to_utf8("Coll\xE8ge \x80 \x9C\x92", 12, out, &bad), 18);
	cr_assert_str_eq(out, "Collège € œ’");
	cr_assert_eq(text_cp1252_to_utf8("ab\x81", 3, out, &bad), -1);
	cr_assert_eq(bad, 2);
}

Test(text, shown_names_escape_hostile_bytes)
{
	static const struct { const char *in, *out; } cases[] = {
		{"avec espace.csv", "avec espace.csv"},
		{"Évaluation 2025 — été.csv", "Évaluation 2025 — été.csv"},
		{"saut\nde ligne.csv", "saut\\x0Ade ligne.csv"},
		{"tab\tdel\x7f.csv", "tab\\x09del\\x7F.csv"},
		{"latin\xe9.csv", "latin\\xE9.csv"},
		{"tronqu\xc3", "tronqu\\xC3"},
		{"c1\xc2\x85.csv", "c1\\xC2\\x85.csv"},
		{"-tiret \"q\" 'q'.csv", "-tiret \"q\" 'q'.csv"},
		{"", ""},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *s = text_shown_name(cases[i].in);
		cr_assert_str_eq(s, cases[i].out);
		cr_assert(text_is_utf8(s, strlen(s)));
		free(s);
	}
}

Test(text, code_key_whole_or_nothing)
{
	char k[16];
	cr_assert(text_code_key("Côte d’Azur", "'", k, sizeof(k)));
	cr_assert_str_eq(k, "cotedazur");
	cr_assert(text_code_key("a\xC2\xA0" "b\xE2\x80\xAF" "c", "", k, sizeof(k)));
	cr_assert_str_eq(k, "abc");
	cr_assert(text_code_key("Salarié·e", ".", k, sizeof(k)));
	cr_assert_str_eq(k, "salariee");
	cr_assert_not(text_code_key("Salarié·e", "", k, sizeof(k)));
	cr_assert_not(text_code_key("d'Azur", "", k, sizeof(k)));
	cr_assert_not(text_code_key("N.C.", "", k, sizeof(k)));
	cr_assert_not(text_code_key("84 €", "", k, sizeof(k)));
	/* Too long for the key: refused, never cut. */
	cr_assert_not(text_code_key("abcdefghijklmnopq", "", k, sizeof(k)));
	cr_assert(text_code_key("abcdefghijklmno", "", k, sizeof(k)));
}

Test(text, shown_escapes_layout_controls)
{
	char *s = text_shown_name("a\nb\x1b[31m\xE2\x80\xA8" "c\xE2\x80\xAE" "d\xC2\x85" "é");
	cr_assert_str_eq(s, "a\\x0Ab\\x1B[31m\\xE2\\x80\\xA8c\\xE2\\x80\\xAEd\\xC2\\x85é");
	free(s);
}

Test(text, errno_full_file_system_in_french)
{
	cr_assert_str_eq(text_errno(ENOSPC), "plus de place sur le système de fichiers");
	cr_assert_str_eq(text_errno(EDQUOT), "quota de disque dépassé");
	cr_assert(text_errno_full(ENOSPC));
	cr_assert(text_errno_full(EDQUOT));
	cr_assert_not(text_errno_full(EACCES));
	/* any other error: the system's text */
	cr_assert_str_eq(text_errno(EACCES), strerror(EACCES));
}
