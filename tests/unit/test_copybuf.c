/* Unit tests of src/ingest/copybuf.c: the COPY rows of one respondent, the
 * notes vector of lecap.reponse (sql/030_reponse_par_repondant.sql). */
#include <criterion/criterion.h>
#include <string.h>

#include "ingest/copybuf.h"
#include "ingest/export_read.h"

static char *text(struct cbuf *b)
{
	cr_assert(copybuf_reserve(b, 1));
	b->p[b->len] = '\0';
	return b->p;
}

Test(copybuf, reponse_rows_one_character_per_indicator_in_grid_order)
{
	struct cbuf resp = {0}, ans = {0};
	const char *codes[] = {"2.1.1.a", "1.1.1.b", "1.1.2.a", "1.1.1.a"};
	const int notes[] = {4, 0, 2, 1};          /* 0: NC */
	const int pos[] = {5, 1, 2, 0};            /* their places in the grid */
	struct export_reponse row = {.line = 3, .numero = 2, .repondant = "p\\2", .college = "benevole",
				     .ncells = 4, .indicateur = codes, .note = notes, .position = pos};

	cr_assert(copybuf_reponse_rows(&resp, &ans, "17\t2\t", 5, &row, "cap-rse-2024", 7));
	cr_assert_str_eq(text(&resp), "17\t2\tp\\\\2\tbenevole\n");
	/* a . b N c 2 d . e . f 4 g . */
	cr_assert_str_eq(text(&ans), "17\t2\tcap-rse-2024\t1N2..4.\n");
	copybuf_release(&resp);
	copybuf_release(&ans);
}

Test(copybuf, reponse_rows_no_answer_is_all_dots_and_rows_append)
{
	struct cbuf resp = {0}, ans = {0};
	struct export_reponse none = {.numero = 1, .repondant = "a", .college = "direction", .ncells = 0};
	const char *codes[] = {"x"};
	const int notes[] = {3};
	const int pos[] = {2};
	struct export_reponse one = {.numero = 2, .repondant = "b", .college = "consensus", .ncells = 1,
				     .indicateur = codes, .note = notes, .position = pos};

	cr_assert(copybuf_reponse_rows(&resp, &ans, "9\t1\t", 4, &none, "v", 3));
	cr_assert(copybuf_reponse_rows(&resp, &ans, "9\t2\t", 4, &one, "v", 3));
	cr_assert_str_eq(text(&ans), "9\t1\tv\t...\n9\t2\tv\t..3\n");
	cr_assert_str_eq(text(&resp), "9\t1\ta\tdirection\n9\t2\tb\tconsensus\n");
	copybuf_release(&resp);
	copybuf_release(&ans);
}
