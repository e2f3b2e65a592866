/* Unit tests of src/aggregate/demande.c: the demand for the offers of a
 * few evaluations, the rows lecap.agreger grouped from t_score (per region
 * and offer: count(DISTINCT evaluation_id), count(*) of the objectives not
 * reached joined to lecap.element_offre). */
#include <criterion/criterion.h>

#include "aggregate/demande.h"

#include <stdlib.h>
#include <string.h>

static struct demande *grid(void)
{
	struct demande *d = demande_new();

	cr_assert_not_null(d);
	/* version v1: O1 -> A, B; O2 -> B; O3 -> none. v2: O1 -> C */
	cr_assert_eq(demande_lien(d, "v1", "O1", "A"), LECAP_OK);
	cr_assert_eq(demande_lien(d, "v1", "O1", "B"), LECAP_OK);
	cr_assert_eq(demande_lien(d, "v1", "O2", "B"), LECAP_OK);
	cr_assert_eq(demande_lien(d, "v2", "O1", "C"), LECAP_OK);
	return d;
}

Test(demande, counts_evaluations_once_and_objectives_each)
{
	struct demande *d = grid();
	struct strbuf out = {0};
	char *text;

	/* R1: an evaluation with O1 and O2 unreached (B counted once for it,
	 * two objectives); another with O2 only. */
	cr_assert_eq(demande_evaluation(d, "R1", "v1"), LECAP_OK);
	demande_objectif(d, "O1");
	demande_objectif(d, "O2");
	demande_objectif(d, "O3");
	cr_assert_eq(demande_evaluation(d, "R1", "v1"), LECAP_OK);
	demande_objectif(d, "O2");
	/* R2: v2's O1 points to C only; an evaluation with nothing unreached */
	cr_assert_eq(demande_evaluation(d, "R2", "v2"), LECAP_OK);
	demande_objectif(d, "O1");
	demande_objectif(d, "O2");
	cr_assert_eq(demande_evaluation(d, "R2", "v1"), LECAP_OK);
	demande_write(d, &out);
	text = strbuf_take(&out);
	cr_assert_str_eq(text, "R1\tA\t1\t1\n"
			       "R1\tB\t2\t3\n"
			       "R2\tC\t1\t1\n");
	free(text);
	demande_free(d);
}

Test(demande, nothing_before_an_evaluation_and_escaped_names)
{
	struct demande *d = grid();
	struct strbuf out = {0};
	char *text;

	demande_objectif(d, "O1"); /* no evaluation started: nothing */
	cr_assert_eq(demande_evaluation(d, "Île\tde", "v1"), LECAP_OK);
	demande_objectif(d, "O1");
	demande_write(d, &out);
	text = strbuf_take(&out);
	cr_assert_str_eq(text, "Île\\tde\tA\t1\t1\n"
			       "Île\\tde\tB\t1\t1\n");
	free(text);
	demande_free(d);
	demande_free(NULL);
}
