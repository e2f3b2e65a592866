/*
 * Aggregation: brings the result tables of sql/004_agregats.sql up to date.
 *
 * All the computing is set-based SQL in PostgreSQL (lecap.agreger()); this
 * module only decides which campaigns to recompute and runs one transaction
 * per campaign, so that a reader never sees half a refresh. A campaign is
 * recomputed when lecap.campagne_perimee() gives a reason (never aggregated,
 * new integrated files, other [agregats] parameters, previous campaign
 * changed or recomputed), or when it is forced. A stale campaign is
 * recomputed incrementally: the per-evaluation scores of the evaluations
 * unchanged since the last aggregation are kept, those of new or replacing
 * evaluations computed, and the campaign's aggregates recomputed from the
 * stored scores (sql/fonctions/agreger.sql); a forced one (--all,
 * --campagne) is recomputed from scratch, per-evaluation scores included.
 * After the last campaign
 * recomputed, the result tables are analysed (ANALYZE), for the reports.
 * With --all and a way to open connections, up to AGGREGATE_CONNECTIONS_MAX
 * campaigns are computed at once, one per connection, each in its own
 * thread and transaction; a campaign reads its predecessor's aggregates
 * (evolution) only once that one has committed. The final ANALYZE runs in
 * two halves at once, on two connections.
 *
 * struct aggregate_result is caller-owned: aggregate_result_release() frees
 * the list of campaigns it holds.
 */
#ifndef LECAP_AGGREGATE_AGGREGATE_H
#define LECAP_AGGREGATE_AGGREGATE_H

#include "base/exitcode.h"
#include "io/pg.h"

#include <stdbool.h>
#include <stddef.h>

/*
 * --all: the campaigns computed at once, at most, each on a connection of
 * its own (the caller's is the first). Three on two cores: the campaigns
 * wait for one another (the evolution) and for lecap's own part, and two
 * connections left a core idle while the last campaign ran alone (2,000
 * members, three campaigns: 5.86-5.96 s with two, 5.38-5.61 s with three;
 * docs/performance.md).
 */
#define AGGREGATE_CONNECTIONS_MAX 3

struct aggregate_params {
	double completude_min; /* [agregats] completude_min, 0–1 */
	int seuil_secret;      /* [agregats] seuil_secret, ≥ 1 */
	bool all;              /* --all: recompute every campaign */
	int campagne;          /* --campagne: this one, then the stale later ones; 0: none */
	/* Opens one more connection of the same lecap into *out (LECAP_OK), or
	 * NULL: one campaign at a time, and the final ANALYZE on conn alone.
	 * --all opens one per campaign computed at once; the ANALYZE, one for
	 * its second half if none is open. They are closed before aggregate_run
	 * returns. */
	int (*connect)(void *arg, pg_conn **out);
	void *connect_arg;
	const char *all_reason; /* --all: the reason logged per campaign; NULL: « --all demandé »
				 * (lecap run's first night: « jamais agrégée ») */
};

struct aggregate_result {
	int *campagnes; /* campaigns recomputed, ascending */
	size_t count;
	long evaluations; /* their evaluations, all together */
	long recomputed;  /* of which with rows written (new, replaced, or changed from scratch) */
};

/*
 * Recomputes what params ask for, logging one line per campaign (reason and
 * counts) and a summary. Returns LECAP_OK, LECAP_USAGE for a --campagne the
 * database does not know, LECAP_DB on a database error (the campaign in
 * flight is rolled back; those before it stay committed).
 */
int aggregate_run(pg_conn *conn, const struct aggregate_params *params,
		  struct aggregate_result *out) LECAP_MUST_CHECK;
void aggregate_result_release(struct aggregate_result *res);

/* Parses a campaign year (2000–2100): 0 and *year, or -1. */
int aggregate_parse_campagne(const char *text, int *year) LECAP_MUST_CHECK;

/* What lecap status prints, per campaign (descending) and region: campagne,
 * region, libelle, evaluations, complete ones ('?' before aggregation), why
 * the aggregates are stale ('' when up to date, lecap.campagne_perimee),
 * whether the reports are up to date (lecap.rapports_a_jour: 't'/'f'). */
int aggregate_holdings(pg_conn *conn, double completude_min, int seuil_secret, pg_result **res)
	LECAP_MUST_CHECK;

#endif
