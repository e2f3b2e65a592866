/*
 * The fingerprint of a photographie's data, as printed (issue 19): every
 * value of the member's row and of its slices of the batch's results, a
 * decimal number rounded as the report prints it. Inside src/report
 * (member_batch.c); the report adds what it hashes itself.
 */
#ifndef LECAP_REPORT_MEMBER_FINGERPRINT_H
#define LECAP_REPORT_MEMBER_FINGERPRINT_H

struct pg_result;
struct rd_slice;
struct sha256;

/*
 * Starts the fingerprint of everything a member's report is drawn from, as
 * printed: facts (the layout's version, the campaign facts and the font,
 * put together by the report), then the member's row `row` of the
 * rd_members() result mr and its MB_NQ slices q of the batch's results
 * (report/member_data.h). The caller adds what it hashes itself and
 * finishes h.
 */
void member_fingerprint(const char *facts, const struct pg_result *mr, int row, const struct rd_slice *q,
			struct sha256 *h);

#endif
