/* The photographies' data, by batches; see member_batch.h. */
#include "report/member_batch.h"
#include "io/pg.h"

#include "base/log.h"
#include "report/member_fingerprint.h"
#include "report/report_data.h"
#include "report/consensus_data.h"
#include "report/planned_data.h"
#include "report/tendance.h"

#include <stdlib.h>
#include <string.h>

struct member_batch {
	pg_conn *conn;
	int campagne;
	const struct member_list *list;
	int row;      /* the current member, first - 1 before the first */
	int end;      /* one past the last member to read */
	int from, to; /* the current batch: rows [from, to) of the list */
	pg_result *q[MB_NQ];
	struct tendance_lot trends; /* the batch's members' trends (report/tendance.h) */
	struct planned_data_batch planned;     /* their planned objectives then and now */
	struct consensus_data_batch consensus; /* their consensus and points de débat */
	int cursor[MB_NQ];
	struct rd_slice slice[MB_NQ]; /* the current member's rows */
};

int member_batch_open_range(struct member_batch **out, pg_conn *c, int campagne, const struct member_list *l,
			   int first, int end)
{
	struct member_batch *b = calloc(1, sizeof *b);

	*out = NULL;
	if (!b)
		return log_fail(LECAP_IO, "mémoire insuffisante");
	b->conn = c;
	b->campagne = campagne;
	b->list = l;
	b->row = first - 1;
	b->end = end;
	*out = b;
	return LECAP_OK;
}

int member_batch_open(struct member_batch **out, pg_conn *c, int campagne, const struct member_list *l)
{
	return member_batch_open_range(out, c, campagne, l, 0, l->n);
}

int member_batch_session(struct pg_conn *like, struct pg_conn **out)
{
	return pg_connect_like(like, out);
}

void member_batch_session_close(struct pg_conn *c) { pg_close(c); }

static void member_batch_free_results(struct member_batch *b)
{
	for (int k = 0; k < MB_NQ; k++) {
		pg_result_free(b->q[k]);
		b->q[k] = NULL;
		b->cursor[k] = 0;
	}
	tendance_lot_release(&b->trends);
	planned_data_release(&b->planned);
	consensus_data_release(&b->consensus);
}

/* The batch's queries, for rows [b->from, b->to) of the list. */
static int member_batch_query(struct member_batch *b)
{
	struct rd_batch rb;
	pg_conn *c = b->conn;
	int ret;

	if ((ret = rd_batch_init(&rb, b->campagne, b->list->rows->r, b->from, b->to)) != LECAP_OK)
		return ret;
	if (!(ret = rd_batch_scores(c, &rb, &b->q[MB_SCORES])) && !(ret = rd_batch_colleges(c, &rb, &b->q[MB_COLLEGES])) &&
	    !(ret = rd_batch_plans(c, &rb, &b->q[MB_PLANS])) && !(ret = rd_batch_todo(c, &rb, &b->q[MB_TODO])) &&
	    !(ret = rd_batch_todo_indicators(c, &rb, &b->q[MB_TODO_INDICATORS])) &&
	    !(ret = rd_batch_unrated(c, &rb, &b->q[MB_UNRATED])) &&
	    !(ret = rd_batch_plan_history(c, &rb, &b->q[MB_HISTORY])) && !(ret = tendance_lot_read(c, &rb, &b->trends)) &&
	    !(ret = planned_data_load(c, &rb, &b->planned)))
		ret = consensus_data_load(c, &rb, &b->consensus);
	rd_batch_release(&rb);
	return ret;
}

/* A new batch from row b->row: up to MEMBER_BATCH members of the same grid version. */
static int member_batch_start(struct member_batch *b)
{
	const struct md_member *v = b->list->v;
	int n = b->end;

	member_batch_free_results(b);
	b->from = b->row;
	b->to = b->from + 1;
	while (b->to < n && b->to - b->from < MEMBER_BATCH && strcmp(v[b->to].version, v[b->from].version) == 0)
		b->to++;
	return member_batch_query(b);
}

int member_batch_next(struct member_batch *b, const struct md_member **m)
{
	int ret;

	*m = NULL;
	if (b->row >= b->end || ++b->row >= b->end) {
		member_batch_free_results(b);
		return LECAP_OK;
	}
	if (b->row >= b->to && (ret = member_batch_start(b)) != LECAP_OK)
		return ret;
	const struct md_member *cur = &b->list->v[b->row];
	for (int k = 0; k < MB_NQ; k++)
		b->slice[k] = rd_slice_next(b->q[k], k == MB_PLANS || k == MB_HISTORY ? cur->siret : cur->evaluation_id,
					    &b->cursor[k]);
	*m = cur;
	return LECAP_OK;
}

void member_batch_fingerprint(const struct member_batch *b, const char *facts, struct sha256 *h)
{
	member_fingerprint(facts, b->list->rows->r, b->row, b->slice, h);
}

const struct tendance *member_batch_tendance(const struct member_batch *b)
{
	return tendance_lot_membre(&b->trends, b->list->v[b->row].evaluation_id);
}

struct planned_data_member member_batch_planned(const struct member_batch *b)
{
	return planned_data_of(&b->planned, b->list->v[b->row].siret);
}

void member_batch_consensus(const struct member_batch *b, struct consensus_data_member *m)
{
	consensus_data_of(&b->consensus, b->list->v[b->row].evaluation_id, m);
}

int member_batch_data(const struct member_batch *b, struct member_data *md)
{
	md->member = &b->list->v[b->row];
	md->tendance = member_batch_tendance(b);
	return member_data_read(md, b->slice);
}

void member_batch_close(struct member_batch *b)
{
	if (!b)
		return;
	member_batch_free_results(b);
	free(b);
}
