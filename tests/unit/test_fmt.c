/* Unit tests of src/fmt.c: exact strings. */
#include <criterion/criterion.h>
#include <math.h>

#include "base/fmt.h"

#define NB "\xC2\xA0"
#define MINUS "\xE2\x88\x92"

static char buf[FMT_SIZE];

Test(fmt, scores_have_a_decimal_comma)
{
	cr_assert_str_eq(fmt_score(buf, sizeof buf, 2.75), "2,75");
	cr_assert_str_eq(fmt_score(buf, sizeof buf, 3), "3,00");
	cr_assert_str_eq(fmt_score(buf, sizeof buf, 1.0 / 3), "0,33");
	cr_assert_str_eq(fmt_score(buf, sizeof buf, 2.5), "2,50");
	cr_assert_str_eq(fmt_decimal(buf, sizeof buf, 2.75, 1), "2,8");
	cr_assert_str_eq(fmt_decimal(buf, sizeof buf, 2.75, 0), "3");
	cr_assert_str_eq(fmt_decimal(buf, sizeof buf, 1234.5, 1), "1" NB "234,5");
}

Test(fmt, rounding_is_half_away_from_zero_like_postgresql)
{
	cr_assert_str_eq(fmt_score(buf, sizeof buf, 2.625), "2,63");
	cr_assert_str_eq(fmt_score(buf, sizeof buf, 2.675), "2,68"); /* 2.67499999... in binary */
	cr_assert_str_eq(fmt_score(buf, sizeof buf, 1.005), "1,01");
	cr_assert_str_eq(fmt_score(buf, sizeof buf, 2.674), "2,67");
	cr_assert_str_eq(fmt_change(buf, sizeof buf, -0.125, 2), MINUS "0,13");
	cr_assert_float_eq(fmt_round(2.675, 2), 2.68, 1e-12);
	cr_assert_float_eq(fmt_round(-2.5, 0), -3, 1e-12);
}

Test(fmt, integers_are_grouped_with_no_break_spaces)
{
	cr_assert_str_eq(fmt_int(buf, sizeof buf, 0), "0");
	cr_assert_str_eq(fmt_int(buf, sizeof buf, 999), "999");
	cr_assert_str_eq(fmt_int(buf, sizeof buf, 1234), "1" NB "234");
	cr_assert_str_eq(fmt_int(buf, sizeof buf, 10000), "10" NB "000");
	cr_assert_str_eq(fmt_int(buf, sizeof buf, 1234567), "1" NB "234" NB "567");
	cr_assert_str_eq(fmt_int(buf, sizeof buf, -12345), MINUS "12" NB "345");
}

Test(fmt, percentages)
{
	cr_assert_str_eq(fmt_percent(buf, sizeof buf, 0.625), "63" NB "%");
	cr_assert_str_eq(fmt_percent(buf, sizeof buf, 0.63), "63" NB "%");
	cr_assert_str_eq(fmt_percent(buf, sizeof buf, 1), "100" NB "%");
	cr_assert_str_eq(fmt_percent(buf, sizeof buf, 0), "0" NB "%");
	cr_assert_str_eq(fmt_percent(buf, sizeof buf, 0.004), "0" NB "%");
	cr_assert_str_eq(fmt_change_points(buf, sizeof buf, 0.05), "+5" NB "pts");
	cr_assert_str_eq(fmt_change_points(buf, sizeof buf, -0.12), MINUS "12" NB "pts");
}

Test(fmt, signed_changes)
{
	cr_assert_str_eq(fmt_change(buf, sizeof buf, 0.25, 2), "+0,25");
	cr_assert_str_eq(fmt_change(buf, sizeof buf, -0.1, 2), MINUS "0,10");
	cr_assert_str_eq(fmt_change(buf, sizeof buf, 0, 2), "0,00");
	cr_assert_str_eq(fmt_change(buf, sizeof buf, -0.001, 2), "0,00");
	cr_assert_str_eq(fmt_change(buf, sizeof buf, 0.004, 2), "0,00");
	cr_assert_str_eq(fmt_change(buf, sizeof buf, 1.5, 1), "+1,5");
}

Test(fmt, dates)
{
	cr_assert_str_eq(fmt_date(buf, sizeof buf, 2026, 11, 27), "27/11/2026");
	cr_assert_str_eq(fmt_date(buf, sizeof buf, 2026, 1, 5), "05/01/2026");
	cr_assert_str_eq(fmt_date_iso(buf, sizeof buf, "2026-11-27"), "27/11/2026");
	cr_assert_str_eq(fmt_date_iso(buf, sizeof buf, "2026-03-02 14:05:00+01"), "02/03/2026");
	cr_assert_str_eq(fmt_date_iso(buf, sizeof buf, "27/11/2026"), FMT_MISSING);
	cr_assert_str_eq(fmt_date_iso(buf, sizeof buf, NULL), FMT_MISSING);
	cr_assert_str_eq(fmt_date_iso(buf, sizeof buf, "2026-13-01"), FMT_MISSING);
}

Test(fmt, secret_and_missing)
{
	cr_assert_str_eq(fmt_score_s(buf, sizeof buf, 2.75, false), "s");
	cr_assert_str_eq(fmt_score_s(buf, sizeof buf, 2.75, true), "2,75");
	cr_assert_str_eq(fmt_percent_s(buf, sizeof buf, 0.5, false), "s");
	cr_assert_str_eq(fmt_change_s(buf, sizeof buf, 0.5, false), "s");
	cr_assert_str_eq(fmt_change_s(buf, sizeof buf, 0.5, true), "+0,50");
	cr_assert_str_eq(fmt_int_s(buf, sizeof buf, 4, false), "s");
	cr_assert_str_eq(fmt_int_s(buf, sizeof buf, 4, true), "4");
	cr_assert_str_eq(fmt_score(buf, sizeof buf, NAN), "\xE2\x80\x93");
	cr_assert_str_eq(fmt_percent(buf, sizeof buf, NAN), "\xE2\x80\x93");
	cr_assert_str_eq(fmt_change(buf, sizeof buf, NAN, 2), "\xE2\x80\x93");
}

Test(fmt, truncates_never_overflows)
{
	char small[4];
	cr_assert_str_eq(fmt_int(small, sizeof small, 1234567), "1" NB);
	cr_assert_str_eq(fmt_score(small, sizeof small, 2.75), "2");
	cr_assert_str_eq(fmt_change(small, sizeof small, -1, 0), MINUS);
	char one[1];
	cr_assert_str_eq(fmt_score(one, sizeof one, 2.75), "");
}
