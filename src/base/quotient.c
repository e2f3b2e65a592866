/* Quotients of integers as PostgreSQL's numeric prints them; see quotient.h. */
#include "base/quotient.h"

#include <stdio.h>
#include <string.h>

/* numeric's base (NBASE) and its decimal digits (DEC_DIGITS), and the
 * fewest significant digits of a quotient (NUMERIC_MIN_SIG_DIGITS). */
#define QUOTIENT_NBASE 10000u
#define QUOTIENT_DEC_DIGITS 4
#define QUOTIENT_MIN_SIG_DIGITS 16

/* The weight of v's first base-10000 digit, and that digit (0, 0 for 0). */
static int quotient_weight(uint64_t v, uint64_t *first)
{
	int weight = 0;

	while (v >= QUOTIENT_NBASE) {
		v /= QUOTIENT_NBASE;
		weight++;
	}
	*first = v;
	return weight;
}

size_t quotient_text(uint64_t a, uint64_t b, char out[QUOTIENT_TEXT_MAX])
{
	uint64_t first_a, first_b, whole = a / b, rest = a % b;
	int qweight = quotient_weight(a, &first_a) - quotient_weight(b, &first_b);
	int scale, len;
	char digits[QUOTIENT_TEXT_MAX];

	/* select_div_scale(): operands of scale 0, display scale at most 1000
	 * (never reached: a and b below 2^32 give at most 16 + 4 × 3). */
	if (first_a <= first_b)
		qweight--;
	scale = QUOTIENT_MIN_SIG_DIGITS - qweight * QUOTIENT_DEC_DIGITS;
	if (scale < 0)
		scale = 0;
	/* The exact digits to the scale, then the next one rounds: half away
	 * from zero, as div_var() rounds its truncated quotient. */
	for (int i = 0; i < scale; i++) {
		rest *= 10;
		digits[i] = (char)('0' + rest / b);
		rest %= b;
	}
	if (rest * 10 / b >= 5) {
		int i = scale - 1;

		while (i >= 0 && digits[i] == '9')
			digits[i--] = '0';
		if (i >= 0)
			digits[i]++;
		else
			whole++;
	}
	len = snprintf(out, QUOTIENT_TEXT_MAX, "%llu", (unsigned long long)whole);
	if (scale > 0) {
		out[len++] = '.';
		memcpy(out + len, digits, (size_t)scale);
		len += scale;
		out[len] = '\0';
	}
	return (size_t)len;
}

long quotient_hundredths(const char *text)
{
	long v = 0;
	const char *p = text;

	while (*p >= '0' && *p <= '9')
		v = v * 10 + (*p++ - '0');
	if (*p == '.')
		p++;
	for (int i = 0; i < 2; i++)
		v = v * 10 + (*p >= '0' && *p <= '9' ? *p++ - '0' : 0);
	return v + (*p >= '5' && *p <= '9');
}
