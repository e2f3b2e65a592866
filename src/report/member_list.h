/*
 * The evaluated members of a campaign as a typed list (issue 16 item 5):
 * what the photographies are drawn for, read once per pass, then walked by
 * batches (report/member_batch.h). The strings live in the query result the
 * list keeps (struct member_list_rows, inside src/report only).
 */
#ifndef LECAP_REPORT_MEMBER_LIST_H
#define LECAP_REPORT_MEMBER_LIST_H

#include "base/exitcode.h"
#include "report/member_data.h"

struct pg_conn;
struct pg_result;

/* What a member_list's strings live in: the rd_members() result. */
struct member_list_rows {
	struct pg_result *r;
};

/* Evaluated members of the campaign, by region then SIRET. */
struct member_list {
	struct md_member *v;
	int n;
	struct member_list_rows *rows;
};

/* The members of the campaign, optionally of one region or one SIRET (NULL: all). LECAP_OK, LECAP_DB or
 * LECAP_IO (logged); member_list_free() frees it, also after a failure. */
int member_list_read(struct pg_conn *c, int campagne, const char *region, const char *siret,
		     struct member_list *out) LECAP_MUST_CHECK;
void member_list_free(struct member_list *l);

#endif
