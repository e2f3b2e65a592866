/* Unit tests of src/base/quotient.c: every expected text is what
 * PostgreSQL 15 printed for SELECT a::numeric / b and round(a::numeric / b, 2). */
#include <criterion/criterion.h>

#include "base/quotient.h"

struct quotient_case {
	uint64_t a, b;
	const char *text;
	long hundredths;
};

static const struct quotient_case cases[] = {
	{1, 1, "1.00000000000000000000", 100},
	{2, 1, "2.0000000000000000", 200},
	{3, 2, "1.5000000000000000", 150},
	{7, 3, "2.3333333333333333", 233},
	{2, 3, "0.66666666666666666667", 67},
	{1, 3, "0.33333333333333333333", 33},
	{10, 3, "3.3333333333333333", 333},
	{9999, 1, "9999.0000000000000000", 999900},
	{10000, 1, "10000.0000000000000000", 1000000},
	{10000, 3, "3333.3333333333333333", 333333},
	{3, 10000, "0.00030000000000000000", 0},
	{20000, 10000, "2.0000000000000000", 200},
	{15000, 10000, "1.50000000000000000000", 150},
	{1, 7, "0.14285714285714285714", 14},
	{5, 7, "0.71428571428571428571", 71},
	{17, 6, "2.8333333333333333", 283},
	{4, 4, "1.00000000000000000000", 100},
	{0, 5, "0.00000000000000000000", 0},
	{4294967295u, 1, "4294967295.00000000", 429496729500},
	{1, 4294967295u, "0.0000000002328306437080797375", 0},
	{123456789, 10007, "12337.0429699210552613", 1233704},
	{2, 9, "0.22222222222222222222", 22},
	{11, 4, "2.7500000000000000", 275},
	{199, 8, "24.8750000000000000", 2488},
	{1, 200, "0.00500000000000000000", 1},
	{5, 6, "0.83333333333333333333", 83},
	{2, 1999, "0.00100050025012506253", 0},
	{99999999, 100000000, "0.99999999000000000000", 100},
};

Test(quotient, the_text_postgresql_prints_for_a_numeric_quotient)
{
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char out[QUOTIENT_TEXT_MAX];
		size_t len = quotient_text(cases[i].a, cases[i].b, out);

		cr_expect_str_eq(out, cases[i].text, "%llu / %llu", (unsigned long long)cases[i].a,
				 (unsigned long long)cases[i].b);
		cr_expect_eq(len, strlen(cases[i].text));
		cr_expect_eq(quotient_hundredths(out), cases[i].hundredths, "round(%s, 2): %ld", out,
			     quotient_hundredths(out));
	}
}

Test(quotient, rounding_to_hundredths_is_half_away_from_zero_on_the_printed_digits)
{
	cr_assert_eq(quotient_hundredths("2.335"), 234);
	cr_assert_eq(quotient_hundredths("2.3349999999999999"), 233);
	cr_assert_eq(quotient_hundredths("3"), 300);
	cr_assert_eq(quotient_hundredths("3.1"), 310);
	cr_assert_eq(quotient_hundredths("1.995"), 200);
}
