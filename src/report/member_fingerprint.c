/*
 * The fingerprint of a photographie's data, as printed (see
 * member_fingerprint.h): every value of the member's row and of its slices of the
 * batch's results, a decimal number rounded as the report prints it.
 */
#include "report/member_fingerprint.h"
#include "io/pg.h"
#include "report/member_data.h"
#include "report/report_data.h"

#include "io/sha256.h"

#include <stdbool.h>
#include <string.h>

/*
 * A decimal number's text ("-12.345678", as PostgreSQL prints a numeric or
 * a float8) rounded half away from zero to two decimals, into out:
 * "-12.35"; "-0.00" becomes "0.00". Returns its length, 0 when v is not
 * such a number (an integer, a date, text, an exponent). Done on the
 * digits: no strtod, no printf (this runs for every value of every member
 * report's fingerprint).
 */
static size_t member_fingerprint_round2(const char *v, char *out, size_t size)
{
	const char *p = v, *dot;
	size_t ni, len;
	bool neg = *p == '-';

	if (neg)
		p++;
	for (dot = p; *dot >= '0' && *dot <= '9'; dot++)
		;
	ni = (size_t)(dot - p);
	if (ni == 0 || *dot != '.' || ni + 5 > size)
		return 0;
	char d[3] = {'0', '0', '0'};
	const char *f = dot + 1;
	for (int k = 0; k < 3 && *f; k++, f++) {
		if (*f < '0' || *f > '9')
			return 0;
		d[k] = *f;
	}
	for (const char *q = f; *q; q++)
		if (*q < '0' || *q > '9')
			return 0;
	/* digits: integer part then two decimals, in out after a spare leading position */
	char *o = out + 1;
	memcpy(o, p, ni);
	o[ni] = d[0];
	o[ni + 1] = d[1];
	len = ni + 2;
	if (d[2] >= '5') { /* carry */
		size_t i = len;
		while (i > 0 && o[i - 1] == '9')
			o[--i] = '0';
		if (i > 0) {
			o[i - 1]++;
		} else {
			*--o = '1';
			len++;
		}
	}
	bool zero = true;
	for (size_t i = 0; i < len; i++)
		zero = zero && o[i] == '0';
	/* lay out: [-]int.dd */
	char tmp[64];
	size_t w = 0;
	if (neg && !zero)
		tmp[w++] = '-';
	memcpy(tmp + w, o, len - 2);
	w += len - 2;
	tmp[w++] = '.';
	tmp[w++] = o[len - 2];
	tmp[w++] = o[len - 1];
	if (w + 1 > size)
		return 0;
	memcpy(out, tmp, w);
	out[w] = '\0';
	return w;
}

/*
 * Feeds one value as printed, NULL kept apart from "" and every value
 * delimited: a decimal number (a score, a median, a share) is fed rounded
 * to the two decimals the report prints (a share 0,634 prints 63 %), so a
 * figure moving in its third decimal leaves the fingerprint alone.
 */
static void member_fingerprint_value(struct sha256 *h, const pg_result *r, int row, int col)
{
	if (pg_isnull(r, row, col)) {
		sha256_update(h, "\x01", 1);
		return;
	}
	const char *v = pg_value(r, row, col);
	char buf[64];
	size_t n = member_fingerprint_round2(v, buf, sizeof buf);
	if (n)
		sha256_update(h, buf, n + 1);
	else
		sha256_update(h, v, strlen(v) + 1);
}

/* Columns first to upto - 1 of one row, but for the column skip (-1: none). */
static void member_fingerprint_row(struct sha256 *h, const pg_result *r, int row, int first, int skip, int upto)
{
	for (int col = first; col < upto; col++)
		if (col != skip)
			member_fingerprint_value(h, r, row, col);
	sha256_update(h, "\x02", 1);
}

/*
 * The same fingerprint means the same PDF, so lecap run skips drawing it
 * (reports/entreprise.c puts the facts together: the layout's version, the
 * campaign facts and the font).
 */
void member_fingerprint(const char *facts, const pg_result *mr, int row, const struct rd_slice *q,
			struct sha256 *h)
{
	sha256_init(h);
	sha256_update(h, facts, strlen(facts) + 1);
	/* Not the evaluation ids (the member's, its previous one's, the slices'
	 * key in their last column): they number the rows in the order the
	 * files were loaded, and an id consumed by a transaction killed inside
	 * its COPY stream shifts them; none is printed. The member is the
	 * SIRET and the campaigns, which are hashed. */
	_Static_assert(RD_MEM_EVALUATION_ID == 0, "the member's id is its row's first column");
	member_fingerprint_row(h, mr, row, 1, RD_MEM_PREV_ID, pg_nfields(mr));
	/* The scores' network quartiles are not printed: only the quarter they
	 * give the member's score is (member_data_quarter()), so that label is
	 * hashed in their place; a quartile moving under an unchanged label
	 * redraws nothing. */
	_Static_assert(RD_MS_FR_Q3 == RD_MS_FR_Q1 + 1, "the network's quartiles are adjacent columns");
	_Static_assert(MB_SCORES == 0, "the scores are hashed first");
	for (int i = q[MB_SCORES].begin; i < q[MB_SCORES].end; i++) {
		const char *label = member_data_quarter(q[MB_SCORES].r, i);
		for (int col = 0; col < pg_nfields(q[MB_SCORES].r) - 1; col++)
			if (col != RD_MS_FR_Q1 && col != RD_MS_FR_Q3)
				member_fingerprint_value(h, q[MB_SCORES].r, i, col);
		sha256_update(h, label, strlen(label) + 1);
		sha256_update(h, "\x02", 1);
	}
	sha256_update(h, "\x03", 1);
	for (int k = 1; k < MB_NQ; k++) {
		for (int i = q[k].begin; i < q[k].end; i++)
			member_fingerprint_row(h, q[k].r, i, 0, -1, pg_nfields(q[k].r) - 1);
		sha256_update(h, "\x03", 1);
	}
}
