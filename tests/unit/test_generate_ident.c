/* Unit tests of src/generate_ident.c: SIRETs and names. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "generate/generate_ident.h"
#include "referentiel/siret.h"

/* Luhn written again, independently: every digit from the right, the
 * second, fourth... doubled. */
static int luhn_ok(const char *s)
{
	int sum = 0, n = (int)strlen(s);
	for (int i = 0; i < n; i++) {
		int d = s[n - 1 - i] - '0';
		if (i % 2 == 1) {
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum += d;
	}
	return sum % 10 == 0;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

Test(generate_ident, luhn_digit)
{
	cr_assert_eq(siret_luhn_digit("73282932", 8), 0);       /* SIREN 732829320 */
	cr_assert_eq(siret_luhn_digit("7328293200007", 13), 4); /* SIRET 73282932000074 */
	cr_assert(gen_ident_siret_valid("73282932000074"));
	cr_assert_not(gen_ident_siret_valid("73282932000075"));
	cr_assert_not(gen_ident_siret_valid("7328293200007"));
	cr_assert_not(gen_ident_siret_valid("7328293200007a"));
	/* La Poste: digit sum divisible by 5, Luhn or not. */
	cr_assert(gen_ident_siret_valid("35600000012341"));     /* sum 25 */
	cr_assert_not(gen_ident_siret_valid("35600000012340")); /* sum 24 */
}

Test(generate_ident, generated_sirets_valid_and_distinct)
{
	enum { N = 200000 };
	struct gen_siret_space sp;
	char(*all)[15] = malloc(N * sizeof(*all));

	cr_assert_not_null(all);
	gen_ident_siret_space_init(&sp, 12345);
	for (unsigned i = 0; i < N; i++) {
		gen_ident_siret_make(&sp, i, i % 300, false, all[i]);
		cr_assert_eq(strlen(all[i]), 14);
		cr_assert(luhn_ok(all[i]), "SIRET %s", all[i]);
		cr_assert(luhn_ok((char[10]){all[i][0], all[i][1], all[i][2], all[i][3], all[i][4],
					     all[i][5], all[i][6], all[i][7], all[i][8], 0}),
			  "SIREN of %s", all[i]);
		cr_assert(gen_ident_siret_valid(all[i]));
		cr_assert_neq(all[i][0], '0');
		cr_assert_neq(strncmp(all[i], "356000000", 9), 0);
	}
	qsort(all, N, sizeof(*all), cmp);
	for (unsigned i = 1; i < N; i++)
		cr_assert_neq(strncmp(all[i - 1], all[i], 9), 0, "SIREN %.9s twice", all[i]);
	free(all);
}

Test(generate_ident, laposte_and_other_establishment)
{
	struct gen_siret_space sp;
	char s[15], o[15];
	int sum = 0;

	gen_ident_siret_space_init(&sp, 1);
	gen_ident_siret_make(&sp, 4321, 0, true, s);
	cr_assert_eq(strncmp(s, "3560000004321", 13), 0, "%s", s);
	for (int i = 0; i < 14; i++)
		sum += s[i] - '0';
	cr_assert_eq(sum % 5, 0);
	cr_assert(gen_ident_siret_valid(s));
	gen_ident_siret_other_establishment(s, 77, o);
	cr_assert(gen_ident_siret_valid(o));
	cr_assert_eq(strncmp(o, "356000000", 9), 0);

	gen_ident_siret_make(&sp, 99, 1, false, s);
	gen_ident_siret_other_establishment(s, 9123, o);
	cr_assert(luhn_ok(o));
	cr_assert_eq(strncmp(s, o, 9), 0, "same SIREN");
	cr_assert_str_neq(s, o);
}

Test(generate_ident, names_and_pseudonyms)
{
	struct gen_rng r;
	char name[200], p[24];
	int apostrophe = 0, guillemets = 0, newline = 0, accents = 0;

	gen_rng_init(&r, 3, 3);
	for (int i = 0; i < 2000; i++) {
		gen_ident_raison_sociale(&r, "84", i % 2 ? "ACI" : "AI", name, sizeof(name));
		cr_assert_gt(strlen(name), 3);
		apostrophe += strchr(name, '\'') != NULL;
		guillemets += strstr(name, "«") != NULL;
		newline += strchr(name, '\n') != NULL;
		accents += strstr(name, "é") != NULL || strstr(name, "ô") != NULL;
	}
	cr_assert(apostrophe > 200 && guillemets > 50 && newline > 5 && accents > 200,
		  "%d %d %d %d", apostrophe, guillemets, newline, accents);
	gen_ident_pseudonym(0, 5, 2, p, sizeof(p));
	cr_assert_str_eq(p, "R03");
	gen_ident_pseudonym(2, 5, 11, p, sizeof(p));
	cr_assert_str_eq(p, "anon12");
}
