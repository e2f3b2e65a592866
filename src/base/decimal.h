/*
 * Non-negative decimals computed as PostgreSQL's numeric computes them, to
 * the digit: the scale of a sum (the larger), of a product (the two added)
 * and of a quotient (select_div_scale() in PostgreSQL's numeric.c: at least
 * 16 significant digits, no fewer than either operand's scale), the
 * quotient rounded there half away from zero, and the text numeric_out()
 * prints (exactly scale digits after the point). lecap computes the
 * per-evaluation scores itself (src/aggregate/cellules.c) into columns
 * that SQL filled before: the same text, whatever wrote it.
 *
 * A decimal is its digits (the mantissa, least significant first) and its
 * scale: value = mantissa / 10^scale. DECIMAL_DIGITS bounds the mantissa;
 * an operation whose result would not fit says so (-1) instead of
 * rounding: lecap then stops with an error, never a different figure.
 */
#ifndef LECAP_BASE_DECIMAL_H
#define LECAP_BASE_DECIMAL_H

#include "base/exitcode.h"

#include <stddef.h>
#include <stdint.h>

/* Digits of a mantissa: a score of the grid's fourth level, weights of six
 * decimals at each level, is about 60. */
#define DECIMAL_DIGITS 120

/* Room for the text of any decimal, with its point and NUL. */
#define DECIMAL_TEXT_MAX (DECIMAL_DIGITS + 3)

struct decimal {
	uint8_t digit[DECIMAL_DIGITS]; /* the mantissa, digit[0] the units of the last place */
	int ndigits;                   /* significant digits of the mantissa; 0 for zero */
	int scale;                     /* digits after the point, 0 to DECIMAL_DIGITS */
};

/* v, scale 0. */
void decimal_from_u64(struct decimal *d, uint64_t v);

/* The text numeric_out() prints for a non-negative numeric: digits,
 * optionally a point and digits (no sign, no exponent). 0, or -1 when it
 * is not one or does not fit. */
int decimal_parse(const char *text, struct decimal *d) LECAP_MUST_CHECK;

/* *sum += x, at the larger scale (numeric addition and sum()). 0, or -1
 * when the result does not fit (*sum is then unspecified). */
int decimal_add(struct decimal *sum, const struct decimal *x) LECAP_MUST_CHECK;

/* *out = a × b, at the scale a's plus b's (numeric multiplication). out may
 * be neither a nor b. 0, or -1 when it does not fit. */
int decimal_mul(struct decimal *out, const struct decimal *a, const struct decimal *b) LECAP_MUST_CHECK;

/* *out = a / b, b not zero, as numeric division: the scale of
 * select_div_scale(), rounded half away from zero. out may be neither a
 * nor b. 0, or -1 when it does not fit or b is zero or has more than 36
 * significant digits. */
int decimal_div(struct decimal *out, const struct decimal *a, const struct decimal *b) LECAP_MUST_CHECK;

/* <0, 0, >0 as a < b, a = b, a > b (by value: 3 equals 3.00). */
int decimal_cmp(const struct decimal *a, const struct decimal *b);

/* The text numeric_out() prints into out (DECIMAL_TEXT_MAX bytes): the
 * whole part, then, when the scale is not 0, a point and scale digits.
 * Returns its length. */
size_t decimal_text(const struct decimal *d, char out[DECIMAL_TEXT_MAX]);

#endif
