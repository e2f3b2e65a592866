/* Unit tests of src/aggregate.c that need no server (the SQL is tested by
 * tests/integration/40-42). */
#include <criterion/criterion.h>

#include "aggregate/aggregate.h"

Test(aggregate, parse_campagne)
{
	int y = 0;

	cr_assert_eq(aggregate_parse_campagne("2025", &y), 0);
	cr_assert_eq(y, 2025);
	cr_assert_eq(aggregate_parse_campagne("2000", &y), 0);
	cr_assert_eq(y, 2000);
	cr_assert_eq(aggregate_parse_campagne("2100", &y), 0);
	cr_assert_eq(y, 2100);
	y = 7;
	cr_assert_eq(aggregate_parse_campagne("1999", &y), -1);
	cr_assert_eq(aggregate_parse_campagne("2101", &y), -1);
	cr_assert_eq(aggregate_parse_campagne("20x5", &y), -1);
	cr_assert_eq(aggregate_parse_campagne("2025 ", &y), -1);
	cr_assert_eq(aggregate_parse_campagne("", &y), -1);
	cr_assert_eq(aggregate_parse_campagne(NULL, &y), -1);
	cr_assert_eq(aggregate_parse_campagne("99999999999999999999", &y), -1);
	cr_assert_eq(y, 7);
}

Test(aggregate, release_empty_and_filled)
{
	struct aggregate_result r = {0};

	aggregate_result_release(&r);
	r.campagnes = malloc(2 * sizeof(int));
	cr_assert_not_null(r.campagnes);
	r.count = 2;
	aggregate_result_release(&r);
	cr_assert_null(r.campagnes);
	cr_assert_eq(r.count, 0);
}
