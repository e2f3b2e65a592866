/*
 * The text PostgreSQL prints for a quotient of two integers cast to
 * numeric, a::numeric / b: the scale numeric division chooses (at least 16
 * significant digits, none of the operands having a scale of its own: the
 * rule of select_div_scale() in PostgreSQL's numeric.c) and the quotient
 * rounded there, half away from zero (the division of src/base/decimal.c,
 * on two integers). lecap writes such quotients itself (a college's mean
 * notes, src/aggregate/cellules.c) into columns that SQL filled before: the
 * same text, digit for digit, whatever wrote it.
 */
#ifndef LECAP_BASE_QUOTIENT_H
#define LECAP_BASE_QUOTIENT_H

#include <stddef.h>
#include <stdint.h>

/* Room for any quotient of two 32-bit counts, with its NUL. */
#define QUOTIENT_TEXT_MAX 64

/*
 * The text of a::numeric / b into out (QUOTIENT_TEXT_MAX bytes), b > 0,
 * a and b below 2^32. Returns its length.
 */
size_t quotient_text(uint64_t a, uint64_t b, char out[QUOTIENT_TEXT_MAX]);

/*
 * round(x, 2) of a numeric printed as text (digits, an optional point and
 * digits; no sign), in hundredths: "2.335" -> 234, half away from zero.
 */
long quotient_hundredths(const char *text);

#endif
