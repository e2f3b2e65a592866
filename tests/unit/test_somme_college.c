/* Unit tests of src/aggregate/somme_college.c: the sums of a few colleges'
 * scores, each the text PostgreSQL 15 printed for the same rows (GROUP BY
 * region, college, niveau, code, scale(score): count(*), sum(n_repondants),
 * sum(score)). */
#include <criterion/criterion.h>

#include "aggregate/somme_college.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

Test(somme_college, sums_per_key_and_scale)
{
	struct somme_college *s = somme_college_new();
	struct strbuf out = {0};
	char *text;

	cr_assert_not_null(s);
	cr_assert_eq(somme_college_add(s, "11", "direction", "theme", "1", "2.5000000000000000", 2), 0);
	cr_assert_eq(somme_college_add(s, "11", "direction", "theme", "1", "3.3333333333333333", 1), 0);
	/* the same value at another scale: a row of its own */
	cr_assert_eq(somme_college_add(s, "11", "direction", "theme", "1", "3", 1), 0);
	cr_assert_eq(somme_college_add(s, "11", "benevole", "sous_theme", "1.1", "1.75", 4), 0);
	cr_assert_eq(somme_college_add(s, "24", "direction", "theme", "1", "4", 3), 0);
	cr_assert_eq(somme_college_add(s, "11", "direction", "theme", "1", "4", 2), 0);
	somme_college_write(s, &out);
	text = strbuf_take(&out);
	cr_assert_str_eq(text, "11\tdirection\ttheme\t1\t16\t2\t3\t5.8333333333333333\n"
			       "11\tdirection\ttheme\t1\t0\t2\t3\t7\n"
			       "11\tbenevole\tsous_theme\t1.1\t2\t1\t4\t1.75\n"
			       "24\tdirection\ttheme\t1\t0\t1\t3\t4\n");
	free(text);
	somme_college_free(s);
}

Test(somme_college, carries_between_limbs_and_small_values)
{
	struct somme_college *s = somme_college_new();
	struct strbuf out = {0};
	char *text;

	/* 20 decimals: 21 digits, the mantissa over two limbs; three of them
	 * carry from the low limb (PostgreSQL 15: 11.00000000000000000000) */
	for (int i = 0; i < 3; i++)
		cr_assert_eq(somme_college_add(s, "R", "c", "theme", "1", "3.66666666666666666667", 1), 0);
	cr_assert_eq(somme_college_add(s, "R", "c", "theme", "1", "0.00000000000000000001", 1), 0);
	/* below 1 at scale 20 */
	cr_assert_eq(somme_college_add(s, "R", "c", "theme", "2", "0.33333333333333333333", 1), 0);
	cr_assert_eq(somme_college_add(s, "R", "c", "theme", "2", "0.33333333333333333333", 1), 0);
	/* 9,999,999,999,999,999,999 (19 nines, the low limb's last value) plus 1 */
	cr_assert_eq(somme_college_add(s, "R", "c", "theme", "3", "9999999999999999999", 1), 0);
	cr_assert_eq(somme_college_add(s, "R", "c", "theme", "3", "1", 1), 0);
	cr_assert_eq(somme_college_add(s, "R", "c", "theme", "4", "0", 1), 0);
	cr_assert_eq(somme_college_add(s, "R", "c", "theme", "x", "1.", 1), -1);
	cr_assert_eq(somme_college_add(s, "R", "c", "theme", "x", ".5", 1), -1);
	cr_assert_eq(somme_college_add(s, "R", "c", "theme", "x", "", 1), -1);
	somme_college_write(s, &out);
	text = strbuf_take(&out);
	cr_assert_str_eq(text, "R\tc\ttheme\t1\t20\t4\t4\t11.00000000000000000002\n"
			       "R\tc\ttheme\t2\t20\t2\t2\t0.66666666666666666666\n"
			       "R\tc\ttheme\t3\t0\t2\t2\t10000000000000000000\n"
			       "R\tc\ttheme\t4\t0\t1\t1\t0\n");
	free(text);
	somme_college_free(s);
}

Test(somme_college, many_keys_and_refusals)
{
	struct somme_college *s = somme_college_new();
	struct strbuf out = {0};
	char code[16], *text;
	size_t lines = 0;

	/* past the first table of slots: 1,000 keys, each added twice */
	for (int k = 0; k < 2000; k++) {
		snprintf(code, sizeof code, "%d", k % 1000);
		cr_assert_eq(somme_college_add(s, "R", "c", "objectif", code, "1.5", 1), 0);
	}
	cr_assert_eq(somme_college_add(s, "R", "c", "objectif", "x", "pas un nombre", 1), -1);
	somme_college_write(s, &out);
	text = strbuf_take(&out);
	for (const char *p = text; (p = strchr(p, '\n')); p++)
		lines++;
	cr_assert_eq(lines, 1000);
	cr_assert(strstr(text, "R\tc\tobjectif\t999\t1\t2\t2\t3.0\n"));
	free(text);
	somme_college_free(s);
}
