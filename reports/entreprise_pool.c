/*
 * The photographies by [rapports] travailleurs workers (issue 20 item 6); see
 * entreprise_pool.h. The calling thread is worker 0, on the report's own
 * session; each other worker is a thread with a session of its own. Workers
 * take runs of MEMBER_BATCH members of the list in turn (one counter), so a
 * run of reports kept unchanged does not leave a core idle. What each member
 * became is one byte of a table in list order: the counts and the debug lines
 * come from it after the workers are done, in the same order whatever their
 * number; the files do not depend on which worker drew them.
 */
#include "report.h"
#include "entreprise_pool.h"

#include "base/log.h"
#include "base/report_path.h"
#include "base/signals.h"
#include "report/member_batch.h"
#include "report/member_list.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>

struct pool {
	const struct member_list *members;
	const char *rapports;
	unsigned char *done; /* one per member: enum ENTREPRISE_* */
	int run;             /* members per run */
	atomic_int next;     /* the first member of the next run to hand out */
};

struct worker {
	struct pool *pool;
	struct report_ctx rc; /* the report's, with this worker's session and pool_stop */
	struct pg_conn *own;  /* the session this worker opened, NULL for worker 0 */
	pthread_t thread;
	bool started;
	int ret, failed_at;
};

/* rc->stop_requested takes no argument: one pool runs at a time (the caller's thread starts it). */
static atomic_bool pool_failed;
static bool (*pool_outer_stop)(void);

/* A stop asked for (SIGTERM/SIGINT), or another worker failed: stop between two members. */
static bool pool_stop(void) { return atomic_load(&pool_failed) || pool_outer_stop(); }

static void *pool_worker(void *arg)
{
	struct worker *w = arg;
	struct pool *p = w->pool;
	int n = p->members->n;

	w->ret = LECAP_OK;
	w->failed_at = -1;
	for (;;) {
		int first = atomic_fetch_add(&p->next, p->run);
		if (first >= n)
			break;
		int end = n - first < p->run ? n : first + p->run;
		if ((w->ret = entreprise_range(&w->rc, p->members, first, end, p->rapports, p->done, &w->failed_at))) {
			if (w->failed_at >= 0)
				atomic_store(&pool_failed, true);
			break;
		}
	}
	return NULL;
}

/* The workers' sessions (worker 0 keeps the report's); LECAP_OK or the first failure (logged). */
static int pool_open(const struct report_ctx *rc, struct pool *p, struct worker *w, int nw)
{
	int ret;

	for (int k = 0; k < nw; k++) {
		w[k].pool = p;
		w[k].rc = *rc;
		w[k].rc.stop_requested = pool_stop;
		if (k > 0) {
			if ((ret = member_batch_session(rc->conn, &w[k].own)))
				return ret;
			w[k].rc.conn = w[k].own;
		}
	}
	return LECAP_OK;
}

/*
 * Runs the workers, the calling thread being worker 0 (a thread that cannot
 * be started leaves its share to the others); the result is the failure
 * of the first member in list order that failed, else LECAP_IO when a stop
 * was asked for, else LECAP_OK.
 */
static int pool_run(struct worker *w, int nw)
{
	int ret = LECAP_OK, at = -1;

	for (int k = 1; k < nw; k++) {
		w[k].started = signals_thread_create(&w[k].thread, pool_worker, &w[k]) == 0; /* signals go to worker 0 */
		if (!w[k].started)
			log_debug("photographies : travailleur %d non démarré, les autres font sa part", k + 1);
	}
	pool_worker(&w[0]);
	for (int k = 1; k < nw; k++)
		if (w[k].started)
			pthread_join(w[k].thread, NULL);
	for (int k = 0; k < nw; k++) {
		if (!w[k].ret || (k > 0 && !w[k].started))
			continue;
		if (w[k].failed_at >= 0 && (at < 0 || w[k].failed_at < at)) {
			at = w[k].failed_at;
			ret = w[k].ret;
		} else if (at < 0) {
			ret = w[k].ret;
		}
	}
	return ret;
}

/* The counts and the debug lines, in list order. */
static void pool_tally(const struct report_ctx *rc, const struct pool *p, int *count, int *kept)
{
	char path[4200];

	for (int i = 0; i < p->members->n; i++) {
		const struct md_member *m = &p->members->v[i];
		if (p->done[i] == ENTREPRISE_KEPT) {
			(*kept)++;
		} else if (p->done[i] == ENTREPRISE_DRAWN) {
			(*count)++;
			if (!report_path_member(path, sizeof path, p->rapports, rc->camp->campagne, m->region, m->siret))
				log_debug("rapport écrit : %s", path);
		}
	}
}

int entreprise_pool_draw(const struct report_ctx *rc, const struct member_list *members, const char *rapports,
			 int *count, int *kept)
{
	struct pool p = {.members = members, .rapports = rapports, .run = MEMBER_BATCH};
	struct worker w[ENTREPRISE_POOL_MAX] = {0};
	int n = members->n, nw = rc->workers < 1 ? 1 : rc->workers, ret;

	*count = *kept = 0;
	if (nw > ENTREPRISE_POOL_MAX)
		nw = ENTREPRISE_POOL_MAX;
	/* small lists: a run per worker at least, so that every worker has some */
	if (n < nw * p.run)
		p.run = (n + nw - 1) / nw > 0 ? (n + nw - 1) / nw : 1;
	if (nw > (n + p.run - 1) / p.run)
		nw = n > 0 ? (n + p.run - 1) / p.run : 1;
	atomic_init(&p.next, 0);
	atomic_store(&pool_failed, false);
	pool_outer_stop = rc->stop_requested;
	if (!(p.done = calloc((size_t)(n > 0 ? n : 1), 1)))
		return log_fail(LECAP_IO, "mémoire insuffisante");
	if ((ret = pool_open(rc, &p, w, nw)))
		goto cleanup;
	log_debug("photographies : %d adhérent(s), %d travailleur(s) (par séries de %d)", n, nw, p.run);
	ret = pool_run(w, nw);
	pool_tally(rc, &p, count, kept);
cleanup:
	for (int k = 1; k < nw; k++)
		member_batch_session_close(w[k].own);
	free(p.done);
	return ret;
}
