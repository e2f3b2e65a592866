/*
 * The evaluated members of a campaign as a typed list (issue 16 item 5):
 * what the photographies are drawn for, read once per pass, then walked by
 * batches (report/member_batch.h). The strings live in the query result the
 * list keeps (struct member_list_rows, inside src/report only).
 *
 * Which members to read (issue 20 item 3): member_list_inputs() gives each
 * evaluated member the digest of what its photographie shows
 * (lecap.photographie_entrees) and whether it equals the one recorded when
 * its photographie was last written; the caller marks the members to read,
 * member_list_read_marked() reads only those, and member_list_record()
 * records the digests once every photographie is written or kept.
 */
#ifndef LECAP_REPORT_MEMBER_LIST_H
#define LECAP_REPORT_MEMBER_LIST_H

#include "base/exitcode.h"
#include "report/member_data.h"

#include <stdbool.h>

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

/* An evaluated member's inputs: strings live in the list's result. */
struct member_input {
	const char *siret, *region, *entrees;
	bool a_jour; /* same digest as when its photographie was last written */
	bool read;   /* set by the caller: to be read (and its fingerprint compared) */
};

/* The evaluated members of a campaign with their inputs' digest, by region then SIRET. */
struct member_inputs {
	struct member_input *v;
	int n;
	struct pg_result *r;
};

/* The members of the campaign, optionally of one region or one SIRET (NULL: all). LECAP_OK, LECAP_DB or
 * LECAP_IO (logged); member_list_free() frees it, also after a failure. */
int member_list_read(struct pg_conn *c, int campagne, const char *region, const char *siret,
		     struct member_list *out) LECAP_MUST_CHECK;
void member_list_free(struct member_list *l);

/* Every evaluated member of the campaign with the digest of its inputs, facts (the report's facts) included.
 * LECAP_OK, LECAP_DB or LECAP_IO (logged); member_list_inputs_free() frees it, also after a failure. */
int member_list_inputs(struct pg_conn *c, int campagne, const char *facts,
		       struct member_inputs *out) LECAP_MUST_CHECK;
void member_list_inputs_free(struct member_inputs *in);

/*
 * The same, read on a session of its own in a thread while the caller goes on with its own session (a
 * night: the territories' reports are drawn meanwhile, the digest taking the other core). start opens the
 * session (like's database and user) and starts the thread: LECAP_OK, or LECAP_DB/LECAP_IO (logged) and
 * *out NULL; a thread that cannot be started leaves the reading to finish, on like. finish waits for it,
 * hands the result over in out (same contract as member_list_inputs()), closes the session and frees the
 * job; like must be the same connection, idle.
 */
struct member_inputs_job;
int member_list_inputs_start(struct pg_conn *like, int campagne, const char *facts,
			     struct member_inputs_job **out) LECAP_MUST_CHECK;
int member_list_inputs_finish(struct member_inputs_job *job, struct member_inputs *out) LECAP_MUST_CHECK;

/* The members of in marked read (all of them: no filter). Same contract as member_list_read(). */
int member_list_read_marked(struct pg_conn *c, int campagne, const struct member_inputs *in,
			    struct member_list *out) LECAP_MUST_CHECK;

/* Records the digests of in as those of the photographies now written or kept, and forgets the members no
 * longer evaluated. Call only once every photographie of in is written or kept. LECAP_OK, LECAP_DB or
 * LECAP_IO (logged). */
int member_list_record(struct pg_conn *c, int campagne, const struct member_inputs *in) LECAP_MUST_CHECK;

#endif
