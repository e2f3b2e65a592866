/*
 * The photographies' data, by batches (issue 16 item 5): the evaluated
 * members of a campaign as a typed list, then, member after member, one
 * member's typed rows (report/member_data.h) and the fingerprint of what
 * its report is drawn from. A batch is a run of up to MEMBER_BATCH members
 * of one grid version: one statement per question for the whole batch
 * (report_data.h's rd_batch_*), each member taking its own slice of the
 * rows; memory stays flat. The drawing (reports/entreprise.c) never sees a
 * query result.
 */
#ifndef LECAP_REPORT_MEMBER_BATCH_H
#define LECAP_REPORT_MEMBER_BATCH_H

#include "base/exitcode.h"
#include "report/consensus_data.h"
#include "report/member_data.h"
#include "report/member_list.h"
#include "report/planned_data.h"

struct pg_conn;
struct sha256;
struct tendance;

#define MEMBER_BATCH 64

struct member_batch; /* opaque: the current batch's results and each member's place in them */

/* Reading the list's members in order; member_batch_close() frees it. LECAP_OK or LECAP_IO (logged). */
int member_batch_open(struct member_batch **out, struct pg_conn *c, int campagne, const struct member_list *l)
	LECAP_MUST_CHECK;
/* The same for the list's members [first, end) only: a worker's share (reports/entreprise_pool.c). */
int member_batch_open_range(struct member_batch **out, struct pg_conn *c, int campagne, const struct member_list *l,
			    int first, int end) LECAP_MUST_CHECK;
/* A session of its own for a worker thread, to the database of `like` (io/pg.h's pg_connect_like); LECAP_OK,
 * LECAP_DB or LECAP_IO (logged). member_batch_session_close() closes it. */
int member_batch_session(struct pg_conn *like, struct pg_conn **out) LECAP_MUST_CHECK;
void member_batch_session_close(struct pg_conn *c);
/*
 * The next member (*m NULL after the last one); runs the batch's queries
 * when a new batch starts. The previous member's rows (member_batch_data)
 * are then no longer valid. LECAP_OK, LECAP_DB or LECAP_IO (logged).
 */
int member_batch_next(struct member_batch *b, const struct md_member **m) LECAP_MUST_CHECK;
/* Starts the current member's fingerprint in h: facts (the layout's version, the campaign facts and the
 * font), then every value of its rows, as printed; the report adds what it hashes itself (its trend,
 * reports/entreprise_tendance.h) and finishes h (sha256_final_hex). */
void member_batch_fingerprint(const struct member_batch *b, const char *facts, struct sha256 *h);
/* The current member's trend over its campaigns (report/tendance.h, read per batch); NULL when none. */
const struct tendance *member_batch_tendance(const struct member_batch *b);
/* The current member's planned objectives then and now (report/planned_data.h). */
struct planned_data_member member_batch_planned(const struct member_batch *b);
/* The current member's consensus and points de débat (report/consensus_data.h) into *m. */
void member_batch_consensus(const struct member_batch *b, struct consensus_data_member *m);
/* The current member's typed rows; LECAP_OK or LECAP_IO (logged). member_data_free() frees them. */
int member_batch_data(const struct member_batch *b, struct member_data *md) LECAP_MUST_CHECK;
void member_batch_close(struct member_batch *b);

#endif
