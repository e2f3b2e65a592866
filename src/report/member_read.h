/*
 * Inside src/report: a member's slices of the batch's results turned into
 * its typed rows (member_data.c) and into its fingerprint
 * (member_fingerprint.c), and the members' list's result (member_list.c).
 * report/member_batch.c runs the queries and cuts
 * the slices; nothing above src/report includes this header.
 */
#ifndef LECAP_REPORT_MEMBER_READ_H
#define LECAP_REPORT_MEMBER_READ_H

#include "base/exitcode.h"
#include "report/member_batch.h"
#include "report/member_data.h"
#include "io/sha256.h"
#include "report/report_data.h"

/* What a member_list's strings live in (member_list.c). */
struct member_list_rows {
	pg_result *r; /* rd_members() */
};

/* The batch's results, in the order they are read and hashed (the plans' and earlier plans' key is the SIRET). */
enum { MB_SCORES, MB_COLLEGES, MB_PLANS, MB_TODO, MB_TODO_INDICATORS, MB_UNRATED, MB_HISTORY, MB_NQ };

/* The member's row `row` of an rd_members() result. */
void member_data_member(struct md_member *m, const pg_result *r, int row);
/* Fills md from the member's slices; LECAP_OK or LECAP_IO (out of memory, logged). member_data_free()
 * frees it, also after a failure. */
int member_data_read(struct member_data *md, const struct rd_slice q[MB_NQ]) LECAP_MUST_CHECK;
/* The member's quarter of the network for row i of the scores: « 1er quart » … « 4e quart », or « – ». */
const char *member_data_quarter(const pg_result *s, int i);

/*
 * Starts the fingerprint of everything a member's report is drawn from, as
 * printed: facts (the layout's version, the campaign facts and the font,
 * put together by the report), then the member's row `row` of the
 * rd_members() result mr and its slices of the batch's results. The
 * caller adds what it hashes itself and finishes h.
 */
void member_fingerprint(const char *facts, const pg_result *mr, int row, const struct rd_slice q[MB_NQ],
			struct sha256 *h);

#endif
