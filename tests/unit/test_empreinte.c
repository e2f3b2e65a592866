/* Unit tests of src/aggregate/empreinte.c: an evaluation's digest, each
 * expected value computed apart with Python's hashlib (SHA-256 of the bytes
 * that empreinte.h lists, its first 8 bytes read as a big-endian signed
 * number). */
#include <criterion/criterion.h>

#include "aggregate/empreinte.h"

#include <string.h>

/* Two t_score rows (cid 5 and 9 last) and a score_college row. */
static const char scores[] = "12\tindicateur\t1.1.1.a\t3\t\\N\t\\N\t\\N\t5\n"
			     "12\tobjectif\t1.1.1\t2.5000000000000000\tf\t1\t0\t9\n";
static const char college[] = "2026\t12\t84\tsalarie\tsous_theme\t1.1\t3.0000000000000000\t2\n";

static long digest(const char *region, const char *t_score, const char *score_college, int64_t *somme)
{
	struct empreinte e;

	empreinte_begin(&e, region);
	empreinte_table(&e, t_score, strlen(t_score), true);
	empreinte_table(&e, score_college, strlen(score_college), false);
	empreinte_table(&e, "", 0, false);
	return empreinte_end(&e, somme);
}

Test(empreinte, rows_counted_and_hashed)
{
	int64_t somme;

	cr_assert_eq(digest("84", scores, college, &somme), 3);
	cr_assert_eq(somme, INT64_C(192071084274014633));
}

Test(empreinte, negative_when_the_first_bit_is_set)
{
	int64_t somme;

	cr_assert_eq(digest("52", scores, college, &somme), 3);
	cr_assert_eq(somme, INT64_C(-8962555941597463025));
}

Test(empreinte, the_region_counts)
{
	int64_t a, b;

	digest("84", scores, college, &a);
	digest("11", scores, college, &b);
	cr_assert_eq(b, INT64_C(6586938473161787690));
	cr_assert_neq(a, b);
}

Test(empreinte, cid_left_out)
{
	static const char other_cid[] = "12\tindicateur\t1.1.1.a\t3\t\\N\t\\N\t\\N\t6\n"
					"12\tobjectif\t1.1.1\t2.5000000000000000\tf\t1\t0\t9\n";
	int64_t somme;

	cr_assert_eq(digest("84", other_cid, college, &somme), 3);
	cr_assert_eq(somme, INT64_C(192071084274014633));
}

Test(empreinte, a_note_changes_it)
{
	static const char other_score[] = "12\tindicateur\t1.1.1.a\t3\t\\N\t\\N\t\\N\t5\n"
					  "12\tobjectif\t1.1.1\t2.5\tf\t1\t0\t9\n";
	int64_t somme;

	cr_assert_eq(digest("84", other_score, college, &somme), 3);
	cr_assert_neq(somme, INT64_C(192071084274014633)); /* 2.5 and 2.5000000000000000 print apart */
}

Test(empreinte, a_row_without_newline_left_out)
{
	char cut[sizeof college];
	int64_t somme;

	memcpy(cut, college, sizeof college);
	cut[strlen(cut) - 1] = '\0';
	cr_assert_eq(digest("84", scores, cut, &somme), 2);
}

Test(empreinte, no_rows)
{
	int64_t somme;

	cr_assert_eq(digest("é", "", "", &somme), 0);
	cr_assert_eq(somme, INT64_C(-6390642670207020113));
}
