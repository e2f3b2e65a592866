/* Unit tests of the report helpers that need no database. */
#include <criterion/criterion.h>
#include <math.h>

#include "report.h"

Test(report, score_levels)
{
	cr_assert_eq(report_level(NAN), 0);
	cr_assert_eq(report_level(1.0), 1);
	cr_assert_eq(report_level(1.74), 1);
	cr_assert_eq(report_level(1.75), 2);
	cr_assert_eq(report_level(2.5), 3);
	cr_assert_eq(report_level(3.25), 4);
	cr_assert_eq(report_level(4.0), 4);
}
