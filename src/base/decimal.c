/* Decimals as PostgreSQL's numeric computes them; see decimal.h. */
#include "base/decimal.h"

#include <string.h>

/* numeric's base (NBASE) in decimal digits (DEC_DIGITS), and the fewest
 * significant digits of a quotient (NUMERIC_MIN_SIG_DIGITS). */
#define DECIMAL_DEC_DIGITS 4
#define DECIMAL_MIN_SIG_DIGITS 16

/* The digit of d at decimal position p (10^p), 0 outside its mantissa. */
static int decimal_digit_at(const struct decimal *d, int p)
{
	int i = p + d->scale;

	return i >= 0 && i < d->ndigits ? d->digit[i] : 0;
}

/* The position of d's leading digit (d not zero). */
static int decimal_top(const struct decimal *d)
{
	return d->ndigits - 1 - d->scale;
}

/* Drops the leading zeros of the mantissa. */
static void decimal_trim(struct decimal *d)
{
	while (d->ndigits > 0 && d->digit[d->ndigits - 1] == 0)
		d->ndigits--;
}

void decimal_from_u64(struct decimal *d, uint64_t v)
{
	d->ndigits = 0;
	d->scale = 0;
	while (v) {
		d->digit[d->ndigits++] = (uint8_t)(v % 10);
		v /= 10;
	}
}

int decimal_parse(const char *text, struct decimal *d)
{
	const char *point = strchr(text, '.'), *end = text + strlen(text);
	int n = 0;

	d->scale = point ? (int)(end - point - 1) : 0;
	if (end == text || (point && (point == text || d->scale == 0)) || d->scale >= DECIMAL_DIGITS)
		return -1;
	for (const char *p = end; p-- > text;) {
		if (p == point)
			continue;
		if (*p < '0' || *p > '9' || n == DECIMAL_DIGITS)
			return -1;
		d->digit[n++] = (uint8_t)(*p - '0');
	}
	d->ndigits = n;
	decimal_trim(d);
	return 0;
}

int decimal_add(struct decimal *sum, const struct decimal *x)
{
	struct decimal a = *sum, b = *x;
	int scale = a.scale > x->scale ? a.scale : x->scale;
	int len = a.ndigits - a.scale > x->ndigits - x->scale ? a.ndigits - a.scale : x->ndigits - x->scale;
	int carry = 0;

	len += scale + 1;
	if (len > DECIMAL_DIGITS)
		return -1;
	for (int i = 0; i < len; i++) {
		int p = i - scale, v = decimal_digit_at(&a, p) + decimal_digit_at(&b, p) + carry;

		sum->digit[i] = (uint8_t)(v % 10);
		carry = v / 10;
	}
	sum->ndigits = len;
	sum->scale = scale;
	decimal_trim(sum);
	return 0;
}

int decimal_mul(struct decimal *out, const struct decimal *a, const struct decimal *b)
{
	uint32_t acc[2 * DECIMAL_DIGITS] = {0};
	int len = a->ndigits + b->ndigits, carry = 0;

	out->scale = a->scale + b->scale;
	if (len > DECIMAL_DIGITS || out->scale >= DECIMAL_DIGITS)
		return -1;
	for (int i = 0; i < a->ndigits; i++)
		for (int j = 0; j < b->ndigits; j++)
			acc[i + j] += (uint32_t)a->digit[i] * b->digit[j];
	for (int i = 0; i < len; i++) {
		uint32_t v = acc[i] + (uint32_t)carry;

		out->digit[i] = (uint8_t)(v % 10);
		carry = (int)(v / 10);
	}
	out->ndigits = len;
	decimal_trim(out);
	return 0;
}

int decimal_cmp(const struct decimal *a, const struct decimal *b)
{
	int hi, lo;

	if (a->ndigits == 0 || b->ndigits == 0)
		return (a->ndigits > 0) - (b->ndigits > 0);
	if (decimal_top(a) != decimal_top(b))
		return decimal_top(a) > decimal_top(b) ? 1 : -1;
	hi = decimal_top(a);
	lo = -(a->scale > b->scale ? a->scale : b->scale);
	for (int p = hi; p >= lo; p--) {
		int x = decimal_digit_at(a, p), y = decimal_digit_at(b, p);

		if (x != y)
			return x > y ? 1 : -1;
	}
	return 0;
}

/* The weight of d's first non-zero base-10000 digit (its power of 10000),
 * and that digit; 0 and 0 for zero (select_div_scale()'s values then). */
static int decimal_weight(const struct decimal *d, int *first)
{
	int top, weight;

	*first = 0;
	if (d->ndigits == 0)
		return 0;
	top = decimal_top(d);
	weight = top >= 0 ? top / DECIMAL_DEC_DIGITS : -((-top + DECIMAL_DEC_DIGITS - 1) / DECIMAL_DEC_DIGITS);
	for (int p = DECIMAL_DEC_DIGITS * weight + DECIMAL_DEC_DIGITS - 1; p >= DECIMAL_DEC_DIGITS * weight; p--)
		*first = *first * 10 + decimal_digit_at(d, p);
	return weight;
}

/* select_div_scale() of PostgreSQL's numeric.c: the scale of a / b. */
static int decimal_div_scale(const struct decimal *a, const struct decimal *b)
{
	int first_a, first_b;
	int qweight = decimal_weight(a, &first_a) - decimal_weight(b, &first_b);
	int scale;

	if (first_a <= first_b)
		qweight--;
	scale = DECIMAL_MIN_SIG_DIGITS - qweight * DECIMAL_DEC_DIGITS;
	scale = scale > a->scale ? scale : a->scale;
	scale = scale > b->scale ? scale : b->scale;
	return scale > 0 ? scale : 0;
}

int decimal_div(struct decimal *out, const struct decimal *a, const struct decimal *b)
{
	unsigned __int128 divisor = 0, rest = 0;
	uint8_t q[2 * DECIMAL_DIGITS + 1];
	int scale, shift, len, n = 0, lead = 0;

	if (b->ndigits == 0 || b->ndigits > 36)
		return -1;
	for (int i = b->ndigits; i-- > 0;)
		divisor = divisor * 10 + b->digit[i];
	scale = decimal_div_scale(a, b);
	/* a / b = (A × 10^shift / B) / 10^scale, A and B the mantissas:
	 * shift is never negative, scale being at least a's. */
	shift = scale - a->scale + b->scale;
	len = a->ndigits + shift;
	if (scale >= DECIMAL_DIGITS || len > 2 * DECIMAL_DIGITS)
		return -1;
	/* Long division of A's digits then shift zeros, most significant
	 * first: the exact quotient truncated, then the next digit rounds
	 * (half away from zero, as div_var() rounds). */
	if (divisor >> 32 == 0) {
		/* the usual divisor (a count, a sum of weights): the rest stays
		 * below 10 times the divisor, in 64 bits, and so does the
		 * division (the 128-bit one, __udivmodti4, was 6 % of lecap's
		 * time in a campaign recomputed) */
		uint64_t d = (uint64_t)divisor, r = 0;

		for (int k = 0; k < len; k++) {
			int i = a->ndigits - 1 - k;

			r = r * 10 + (i >= 0 ? a->digit[i] : 0);
			q[n++] = (uint8_t)(r / d);
			r %= d;
		}
		rest = r;
	} else {
		for (int k = 0; k < len; k++) {
			int i = a->ndigits - 1 - k;

			rest = rest * 10 + (i >= 0 ? a->digit[i] : 0);
			q[n++] = (uint8_t)(rest / divisor);
			rest %= divisor;
		}
	}
	if (2 * rest >= divisor) {
		int k = n - 1;

		while (k >= 0 && q[k] == 9)
			q[k--] = 0;
		if (k >= 0)
			q[k]++;
		else {
			memmove(q + 1, q, (size_t)n++);
			q[0] = 1;
		}
	}
	/* q is most significant first: into the mantissa, least first. */
	while (lead < n && q[lead] == 0)
		lead++;
	if (n - lead > DECIMAL_DIGITS)
		return -1;
	for (int i = 0; i < n - lead; i++)
		out->digit[i] = q[n - 1 - i];
	out->ndigits = n - lead;
	out->scale = scale;
	return 0;
}

size_t decimal_text(const struct decimal *d, char out[DECIMAL_TEXT_MAX])
{
	int top = d->ndigits > 0 && decimal_top(d) > 0 ? decimal_top(d) : 0;
	size_t len = 0;

	for (int p = top; p >= -d->scale; p--) {
		if (p == -1)
			out[len++] = '.';
		out[len++] = (char)('0' + decimal_digit_at(d, p));
	}
	out[len] = '\0';
	return len;
}
