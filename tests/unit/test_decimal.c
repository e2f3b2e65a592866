/* Unit tests of src/base/decimal.c: every expected text is what PostgreSQL
 * 15 printed for SELECT 'a'::numeric OP 'b'::numeric. */
#include <criterion/criterion.h>

#include "base/decimal.h"

#include <string.h>

struct decimal_case {
	char op;
	const char *a, *b, *text;
};

static const struct decimal_case cases[] = {
	{'*', "2", "3.0000000000000000", "6.0000000000000000"},
	{'/', "10.00000000000000005", "3.5", "2.85714285714285716"},
	{'/', "7", "3", "2.3333333333333333"},
	{'/', "2", "3", "0.66666666666666666667"},
	{'/', "4", "4", "1.00000000000000000000"},
	{'/', "0", "7", "0.00000000000000000000"},
	{'/', "0.000001", "3", "0.000000333333333333333333"},
	{'/', "12345.6789", "0.0003", "41152263.000000000000"},
	{'/', "3.99999999999999999999", "1", "3.99999999999999999999"},
	{'/', "1", "3.00", "0.33333333333333333333"},
	{'/', "10000", "3", "3333.3333333333333333"},
	{'/', "9999", "10000", "0.99990000000000000000"},
	{'/', "0.5", "2", "0.25000000000000000000"},
	{'*', "2.5", "1.25", "3.125"},
	{'+', "0.09", "0.01", "0.10"},
	{'+', "99.99", "0.01", "100.00"},
	{'*', "1.000001", "3.33333333333333333333", "3.33333666666666666666333333"},
	{'/', "8.666666666666666666666667", "3.000001", "2.888887925926246913473251"},
	{'/', "1", "7", "0.14285714285714285714"},
	{'/', "6.0000000000000000000000", "2.000000", "3.0000000000000000000000"},
	{'/', "5", "2", "2.5000000000000000"},
	{'/', "0.00015", "3", "0.000050000000000000000000"},
	{'+', "0", "0.000", "0.000"},
	{'*', "0", "1.5", "0.0"},
	{'+', "1.5", "2", "3.5"},
	/* divisors on both sides of 2^32 (the division in 64 bits below it) */
	{'/', "1", "4294967295", "0.0000000002328306437080797375"},
	{'/', "98765432109876543210.5", "4294967295", "22995619134.24920345"},
	{'/', "1", "4294967296", "0.0000000002328306436538696289"},
	{'/', "7", "4294967.296", "0.000001629814505577087402"},
	{'/', "3999999999.99999", "4294967.295", "931.3225748323166219"},
};

static void apply(const struct decimal_case *c, char text[DECIMAL_TEXT_MAX])
{
	struct decimal a, b, r;
	int ret = -1;

	cr_assert_eq(decimal_parse(c->a, &a), 0, "%s", c->a);
	cr_assert_eq(decimal_parse(c->b, &b), 0, "%s", c->b);
	switch (c->op) {
	case '+':
		r = a;
		ret = decimal_add(&r, &b);
		break;
	case '*':
		ret = decimal_mul(&r, &a, &b);
		break;
	case '/':
		ret = decimal_div(&r, &a, &b);
		break;
	}
	cr_assert_eq(ret, 0, "%s %c %s", c->a, c->op, c->b);
	decimal_text(&r, text);
}

Test(decimal, as_postgresql_prints)
{
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char text[DECIMAL_TEXT_MAX];

		apply(&cases[i], text);
		cr_expect_str_eq(text, cases[i].text, "%s %c %s", cases[i].a, cases[i].op, cases[i].b);
	}
}

Test(decimal, parse_and_print_back)
{
	static const char *const texts[] = {"0", "3", "3.0000000000000000", "0.05", "120.500", "0.000"};

	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		struct decimal d;
		char text[DECIMAL_TEXT_MAX];

		cr_assert_eq(decimal_parse(texts[i], &d), 0, "%s", texts[i]);
		decimal_text(&d, text);
		cr_expect_str_eq(text, texts[i]);
	}
}

Test(decimal, refuses_what_it_cannot_hold)
{
	static const char *const bad[] = {"", ".", "1.", ".5", "-1", "1e5", "1.2.3", "3,5", " 1"};
	char wide[DECIMAL_DIGITS + 2];
	struct decimal d, a, r, zero;

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		cr_expect_eq(decimal_parse(bad[i], &d), -1, "« %s »", bad[i]);
	memset(wide, '9', sizeof wide - 1);
	wide[sizeof wide - 1] = '\0';
	cr_expect_eq(decimal_parse(wide, &d), -1, "%zu digits", strlen(wide));
	wide[70] = '\0';
	cr_assert_eq(decimal_parse(wide, &a), 0);
	cr_expect_eq(decimal_mul(&r, &a, &a), -1, "a product of 140 digits");
	decimal_from_u64(&zero, 0);
	cr_expect_eq(decimal_div(&r, &a, &zero), -1, "a division by zero");
}

Test(decimal, compares_by_value)
{
	static const struct {
		const char *a, *b;
		int sign;
	} cmp[] = {
		{"3", "3.00", 0},         {"0.05", "0.5", -1}, {"0", "0.000", 0}, {"10", "9.99", 1},
		{"2.9999", "3", -1},      {"0", "0.0001", -1}, {"4", "3.9999999999999999999999", 1},
		{"1.10", "1.1000001", -1},
	};

	for (size_t i = 0; i < sizeof cmp / sizeof *cmp; i++) {
		struct decimal a, b;
		int got;

		cr_assert_eq(decimal_parse(cmp[i].a, &a), 0);
		cr_assert_eq(decimal_parse(cmp[i].b, &b), 0);
		got = decimal_cmp(&a, &b);
		cr_expect_eq((got > 0) - (got < 0), cmp[i].sign, "%s <=> %s", cmp[i].a, cmp[i].b);
		got = decimal_cmp(&b, &a);
		cr_expect_eq((got > 0) - (got < 0), -cmp[i].sign, "%s <=> %s", cmp[i].b, cmp[i].a);
	}
}

Test(decimal, from_integers)
{
	struct decimal d;
	char text[DECIMAL_TEXT_MAX];

	decimal_from_u64(&d, 0);
	decimal_text(&d, text);
	cr_expect_str_eq(text, "0");
	decimal_from_u64(&d, 18446744073709551615u);
	decimal_text(&d, text);
	cr_expect_str_eq(text, "18446744073709551615");
}
