/* Unit tests of src/aggregate/scores.c: one evaluation's t_score rows on a
 * small grid, each score the text PostgreSQL 15 printed for the same
 * expression (SELECT (1 * 4::numeric + 3 * (5::numeric / 2)) / (1 + 3)…). */
#include <criterion/criterion.h>

#include "aggregate/scores.h"

#include <string.h>

static struct decimal dec(const char *text)
{
	struct decimal d;

	cr_assert_eq(decimal_parse(text, &d), 0, "%s", text);
	return d;
}

/* Theme 1 > sub-theme 1.1 > objective 1.1.1 (cible 3, poids 2) > indicators
 * a (poids 1), b (poids 3), c (poids 1); d (poids 1) in an objective
 * without code (no parent: its row has none and gives nothing above). */
static void grid(struct scores_element ind[4], struct scores_element obj[2], struct scores_element st[1],
		 struct scores_element theme[1], struct scores_grid *g)
{
	ind[0] = (struct scores_element){.code = "1.1.1.a", .poids = dec("1"), .cid = 1, .up = 0};
	ind[1] = (struct scores_element){.code = "1.1.1.b", .poids = dec("3"), .cid = 2, .up = 0};
	ind[2] = (struct scores_element){.code = "1.1.1.c", .poids = dec("1"), .cid = 3, .up = 0};
	ind[3] = (struct scores_element){.code = "x", .poids = dec("1"), .cid = 7, .up = 1};
	obj[0] = (struct scores_element){.code = "1.1.1", .poids = dec("2"), .cid = 4, .up = 0, .has_cible = true,
					 .cible = dec("3")};
	obj[1] = (struct scores_element){.code = NULL, .cid = -1, .up = -1};
	st[0] = (struct scores_element){.code = "1.1", .poids = dec("1"), .cid = 5, .up = 0};
	theme[0] = (struct scores_element){.code = "1", .poids = dec("1"), .cid = 6, .up = -1};
	*g = (struct scores_grid){.level = {ind, obj, st, theme}, .count = {4, 2, 1, 1}};
}

Test(scores, weighted_means_level_by_level)
{
	struct scores_element ind[4], obj[2], st[1], theme[1];
	struct scores_grid g;
	struct scores_cell cells[4] = {
		{.answered = true, .scored = true, .score = dec("4")},                  /* a consensus note */
		{.answered = true, .scored = true, .score = dec("2.5000000000000000")}, /* b: 5 / 2 */
		{.answered = true, .scored = false},                                    /* c: NC */
		{.answered = true, .scored = true, .score = dec("2")},                  /* d */
	};
	struct scores_sum sums[4];
	struct strbuf out = {0};
	long indicateurs = -1, scores = -1;

	grid(ind, obj, st, theme, &g);
	cr_assert_eq(scores_sum_count(&g), 4);
	cr_assert_eq(scores_write(&g, cells, "42", sums, &out), LECAP_OK);
	cr_assert_not_null(out.p);
	cr_expect_str_eq(out.p, "42\tindicateur\t1.1.1.a\t4\t\\N\t\\N\t\\N\t1\n"
				"42\tindicateur\t1.1.1.b\t2.5000000000000000\t\\N\t\\N\t\\N\t2\n"
				"42\tindicateur\t1.1.1.c\t\\N\t\\N\t\\N\t\\N\t3\n"
				"42\tindicateur\tx\t2\t\\N\t\\N\t\\N\t7\n"
				"42\tobjectif\t1.1.1\t2.8750000000000000\tf\t1\t0\t4\n"
				"42\tobjectif\t\\N\t2.0000000000000000\t\\N\t1\t0\t\\N\n"
				"42\tsous_theme\t1.1\t2.8750000000000000\t\\N\t1\t0\t5\n"
				"42\ttheme\t1\t2.8750000000000000\t\\N\t1\t0\t6\n");
	scores_counted(&g, cells, sums, &indicateurs, &scores);
	cr_expect_eq(indicateurs, 4);
	cr_expect_eq(scores, 7);
	strbuf_release(&out);
}

Test(scores, nothing_answered_nothing_written)
{
	struct scores_element ind[4], obj[2], st[1], theme[1];
	struct scores_grid g;
	struct scores_cell cells[4];
	struct scores_sum sums[4];
	struct strbuf out = {0};
	long indicateurs = -1, scores = -1;

	memset(cells, 0, sizeof cells);
	grid(ind, obj, st, theme, &g);
	cr_assert_eq(scores_write(&g, cells, "7", sums, &out), LECAP_OK);
	cr_expect_eq(out.len, 0);
	scores_counted(&g, cells, sums, &indicateurs, &scores);
	cr_expect_eq(indicateurs, 0);
	cr_expect_eq(scores, 0);
	strbuf_release(&out);
}

Test(scores, only_nc_gives_rows_without_score)
{
	struct scores_element ind[4], obj[2], st[1], theme[1];
	struct scores_grid g;
	struct scores_cell cells[4] = {{.answered = true}};
	struct scores_sum sums[4];
	struct strbuf out = {0};
	long indicateurs = -1, scores = -1;

	grid(ind, obj, st, theme, &g);
	cr_assert_eq(scores_write(&g, cells, "8", sums, &out), LECAP_OK);
	cr_assert_not_null(out.p);
	cr_expect_str_eq(out.p, "8\tindicateur\t1.1.1.a\t\\N\t\\N\t\\N\t\\N\t1\n"
				"8\tobjectif\t1.1.1\t\\N\t\\N\t0\t0\t4\n"
				"8\tsous_theme\t1.1\t\\N\t\\N\t0\t0\t5\n"
				"8\ttheme\t1\t\\N\t\\N\t0\t0\t6\n");
	scores_counted(&g, cells, sums, &indicateurs, &scores);
	cr_expect_eq(indicateurs, 1);
	cr_expect_eq(scores, 0);
	strbuf_release(&out);
}
