/* French number and date formatting: see fmt.h for the conventions. */
#include "base/fmt.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const double pow10_table[] = {1, 10, 100, 1000, 10000, 100000, 1000000};

static int clamp_decimals(int decimals)
{
	if (decimals < 0)
		return 0;
	if (decimals > 6)
		return 6;
	return decimals;
}

/*
 * Scaled integer of |v| rounded half away from zero. Values arrive from SQL
 * numerics through strtod: 2.675 becomes 2.67499999..., which a plain
 * round() would send down while PostgreSQL sends it up, hence the tolerance.
 */
static long long scaled_abs(double v, int decimals)
{
	double x = fabs(v) * pow10_table[decimals];
	double f = floor(x);
	double tol = 1e-9 * (x > 1 ? x : 1);

	if (x - f >= 0.5 - tol)
		f += 1;
	return (long long)f;
}

double fmt_round(double v, int decimals)
{
	if (isnan(v) || isinf(v))
		return v;
	decimals = clamp_decimals(decimals);
	double r = (double)scaled_abs(v, decimals) / pow10_table[decimals];
	return v < 0 ? -r : r;
}

/*
 * Appends the token s to out at *len, or nothing when it does not fit whole,
 * so that truncation never splits a UTF-8 sequence; out stays NUL-terminated.
 */
static void put(char *out, size_t size, size_t *len, const char *s)
{
	size_t n = strlen(s);

	if (*len + n + 1 > size)
		return;
	memcpy(out + *len, s, n);
	*len += n;
	out[*len] = '\0';
}

/* Digits of n grouped by three with U+00A0. */
static void put_grouped(char *out, size_t size, size_t *len, unsigned long long n)
{
	char digits[32];
	int nd = snprintf(digits, sizeof(digits), "%llu", n);

	for (int i = 0; i < nd; i++) {
		char one[2] = {digits[i], '\0'};
		if (i > 0 && (nd - i) % 3 == 0)
			put(out, size, len, FMT_NBSP);
		put(out, size, len, one);
	}
}

/* plus: 1 puts '+' before a positive value. Zero is never signed. */
static char *format_number(char *out, size_t size, double v, int decimals, int plus)
{
	size_t len = 0;

	if (size == 0)
		return out;
	out[0] = '\0';
	if (isnan(v) || isinf(v)) {
		put(out, size, &len, FMT_MISSING);
		return out;
	}
	decimals = clamp_decimals(decimals);
	long long p = (long long)pow10_table[decimals];
	long long n = scaled_abs(v, decimals);

	if (n != 0 && v < 0)
		put(out, size, &len, FMT_MINUS);
	else if (n != 0 && plus)
		put(out, size, &len, "+");
	put_grouped(out, size, &len, (unsigned long long)(n / p));
	if (decimals > 0) {
		char frac[32];
		snprintf(frac, sizeof(frac), ",%0*lld", decimals, n % p);
		put(out, size, &len, frac);
	}
	return out;
}

char *fmt_decimal(char *out, size_t size, double v, int decimals)
{
	return format_number(out, size, v, decimals, 0);
}

char *fmt_score(char *out, size_t size, double v)
{
	return format_number(out, size, v, 2, 0);
}

char *fmt_int(char *out, size_t size, long long v)
{
	size_t len = 0;

	if (size == 0)
		return out;
	out[0] = '\0';
	if (v < 0)
		put(out, size, &len, FMT_MINUS);
	put_grouped(out, size, &len, v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v);
	return out;
}

/* format_number of share in hundredths, then the unit (after a no-break
 * space) unless share is not a number (NaN, infinite: format_number's text
 * alone). */
static char *format_hundredths(char *out, size_t size, double share, int sign, const char *unit)
{
	size_t len;

	format_number(out, size, share * 100, 0, sign);
	if (isnan(share) || isinf(share))
		return out;
	len = strlen(out);
	put(out, size, &len, unit);
	return out;
}

char *fmt_percent(char *out, size_t size, double share)
{
	return format_hundredths(out, size, share, 0, FMT_NBSP "%");
}

char *fmt_change(char *out, size_t size, double v, int decimals)
{
	return format_number(out, size, v, decimals, 1);
}

char *fmt_change_points(char *out, size_t size, double share_change)
{
	return format_hundredths(out, size, share_change, 1, FMT_NBSP "pts");
}

char *fmt_date(char *out, size_t size, int year, int month, int day)
{
	if (size > 0)
		snprintf(out, size, "%02d/%02d/%04d", day, month, year);
	return out;
}

char *fmt_date_iso(char *out, size_t size, const char *iso)
{
	int y, m, d, used = 0;

	if (iso && sscanf(iso, "%4d-%2d-%2d%n", &y, &m, &d, &used) == 3 && used == 10 &&
	    m >= 1 && m <= 12 && d >= 1 && d <= 31)
		return fmt_date(out, size, y, m, d);
	if (size > 0)
		snprintf(out, size, "%s", FMT_MISSING);
	return out;
}

static char *secret(char *out, size_t size)
{
	if (size > 0)
		snprintf(out, size, "%s", FMT_SECRET);
	return out;
}

char *fmt_score_s(char *out, size_t size, double v, bool diffusable)
{
	return diffusable ? fmt_score(out, size, v) : secret(out, size);
}

char *fmt_percent_s(char *out, size_t size, double share, bool diffusable)
{
	return diffusable ? fmt_percent(out, size, share) : secret(out, size);
}

char *fmt_change_s(char *out, size_t size, double v, bool diffusable)
{
	return diffusable ? fmt_change(out, size, v, 2) : secret(out, size);
}

char *fmt_int_s(char *out, size_t size, long long v, bool diffusable)
{
	return diffusable ? fmt_int(out, size, v) : secret(out, size);
}
