/*
 * The photographies drawn by [rapports] travailleurs threads (issue 20 item
 * 6), each with its own PostgreSQL session (report/member_batch.h's
 * member_batch_session): reports/entreprise_pool.c hands out runs of
 * MEMBER_BATCH members of the list; reports/entreprise.c draws a run.
 * Internal to reports/ (entreprise.c and entreprise_pool.c).
 */
#ifndef LECAP_REPORTS_ENTREPRISE_POOL_H
#define LECAP_REPORTS_ENTREPRISE_POOL_H

#include "base/exitcode.h"

struct report_ctx;
struct member_list;

/* What became of a member of the list (one byte per member, in list order). */
enum { ENTREPRISE_TODO = 0, ENTREPRISE_DRAWN = 1, ENTREPRISE_KEPT = 2 };

/*
 * Draws the list's members [first, end) on rc->conn, setting done[i] for
 * each; stops between two members when rc->stop_requested() (LECAP_IO,
 * *failed_at -1); on a failure, *failed_at is the member it failed on.
 */
int entreprise_range(const struct report_ctx *rc, const struct member_list *members, int first, int end,
		     const char *rapports, unsigned char *done, int *failed_at) LECAP_MUST_CHECK;

/*
 * Draws the list's members by rc->workers workers (report.h's
 * entreprise_reports, once every member's path is checked): *count drawn, *kept kept.
 */
int entreprise_pool_draw(const struct report_ctx *rc, const struct member_list *members, const char *rapports,
			 int *count, int *kept) LECAP_MUST_CHECK;

#endif
