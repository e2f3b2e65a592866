/*
 * French number and date formatting for the reports.
 *
 * Every function writes a NUL-terminated UTF-8 string into a caller buffer
 * (FMT_SIZE bytes are always enough), truncating rather than overflowing, and
 * returns that buffer, so that calls can sit in an argument list:
 *
 *     char a[FMT_SIZE], b[FMT_SIZE];
 *     printf("%s sur %s", fmt_score(a, sizeof a, 2.75), fmt_int(b, sizeof b, 1234));
 *
 * Conventions (README, « Rapports ») :
 * - decimal comma: 2,75 ; rounding half away from zero, like PostgreSQL's
 *   round(numeric), so that a figure matches what an analyst computes in SQL;
 * - thousands separated by U+00A0 (no-break space): 1 234 ; U+202F (narrow
 *   no-break space) is not used because WinAnsiEncoding has no code for it;
 * - a percentage is a share 0–1 printed as a whole number, U+00A0 before the
 *   sign: 63 % ;
 * - a signed change carries '+' or U+2212 (the minus sign, −0,10); a change
 *   that rounds to zero prints unsigned (0,00), never -0,00. The PDF toolkit,
 *   whose fonts use WinAnsiEncoding, draws U+2212 as the en dash (–0,10: WinAnsi has no minus);
 * - a figure under statistical secrecy prints FMT_SECRET (« s »); a missing
 *   one (NaN) prints FMT_MISSING (« – », U+2013);
 * - dates dd/mm/yyyy: 27/11/2026.
 */
#ifndef LECAP_BASE_FMT_H
#define LECAP_BASE_FMT_H

#include <stdbool.h>
#include <stddef.h>

#define FMT_SIZE 48
#define FMT_SECRET "s"
#define FMT_MISSING "\xE2\x80\x93" /* – */
#define FMT_NBSP "\xC2\xA0"
#define FMT_MINUS "\xE2\x88\x92" /* − */

/* v with `decimals` digits after the comma (0–6), thousands grouped. */
char *fmt_decimal(char *out, size_t size, double v, int decimals);
/* A score on the 1–4 scale: two decimals (2,75). */
char *fmt_score(char *out, size_t size, double v);
/* A whole number with thousands separators: 1 234, −12. */
char *fmt_int(char *out, size_t size, long long v);
/* A share 0–1 as a percentage: 0.625 → « 63 % ». */
char *fmt_percent(char *out, size_t size, double share);
/* A signed change: +0,25, −0,10, 0,00. */
char *fmt_change(char *out, size_t size, double v, int decimals);
/* A signed change of a share, in points: 0.05 → « +5 pts ». */
char *fmt_change_points(char *out, size_t size, double share_change);
/* A date: 27/11/2026. */
char *fmt_date(char *out, size_t size, int year, int month, int day);
/*
 * A date from ISO text ("2026-11-27", optionally followed by a time as
 * PostgreSQL prints timestamps): 27/11/2026; FMT_MISSING when unparsable.
 */
char *fmt_date_iso(char *out, size_t size, const char *iso);

/*
 * The report forms: FMT_SECRET when !diffusable, FMT_MISSING when v is NaN,
 * the formatted value otherwise.
 */
char *fmt_score_s(char *out, size_t size, double v, bool diffusable);
char *fmt_percent_s(char *out, size_t size, double share, bool diffusable);
char *fmt_change_s(char *out, size_t size, double v, bool diffusable);
char *fmt_int_s(char *out, size_t size, long long v, bool diffusable);

/* Rounds half away from zero to `decimals` places (tolerating binary noise). */
double fmt_round(double v, int decimals);

#endif
