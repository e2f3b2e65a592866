/*
 * The distribution of a campaign's scores over its complete evaluations,
 * kept by lecap while it computes the scores (src/aggregate/cellules.c),
 * when every evaluation of the campaign is new (aggregate --all,
 * --campagne, a campaign's first aggregation): the aggregates that
 * lecap.agreger grouped from t_score in SQL, computed here from it
 * (issues 16 and 20; docs/performance.md).
 *
 * What it gives, as COPY rows:
 * - t_g's rows (sql/fonctions/agreger.sql): per region, structure type and
 *   element, per region and element, per type and element for the network,
 *   per element for the network: the count of scores, their mean (the
 *   numeric quotient avg() prints), median and quartiles (percentile_cont()
 *   over the scores as float8, then numeric rounded to 10 places), minimum
 *   and maximum, and the share of objectives reached;
 * - the network's distribution (t_rnew, lecap.repartition_score): per type,
 *   element and score text, the count and the objectives' sums.
 *
 * Each value is the text PostgreSQL prints for the same computation
 * (src/base/decimal.c for the numeric arithmetic). The memory is one entry
 * of 20 bytes per region, type, element and distinct score, grouped by
 * element in place at the end, and one per distinct score text: at 10,000 members,
 * 193,000 and 19,000 for the largest campaign (668,000 scores), 6 MiB
 * with their hash tables.
 */
#ifndef LECAP_AGGREGATE_REPARTITION_H
#define LECAP_AGGREGATE_REPARTITION_H

#include "base/exitcode.h"
#include "base/strbuf.h"

#include <stdbool.h>

struct repartition;

/* An empty distribution, or NULL when memory is short. */
struct repartition *repartition_new(void);

void repartition_free(struct repartition *r);

/*
 * Adds one score of a complete evaluation: its region's and type's keys
 * (t_eval.rid, tid), its element's number (t_cid.cid), its text as
 * t_score holds it, and its objectives (counts false: NULL, an
 * indicator's). LECAP_OK, or LECAP_IO (logged) when memory is short.
 */
int repartition_add(struct repartition *r, int rid, int tid, long cid, const char *score, bool counts,
		    long n_objectifs, long n_atteints) LECAP_MUST_CHECK;

/* The scores added. */
long repartition_scores(const struct repartition *r);

/* Whether the distribution was given up: the memory it would take past
 * what every distribution of the process may hold at once (9 MiB), a
 * region, type or element number past its compact key (255, 255, 65535),
 * or a figure past what lecap prints (repartition_write).
 * repartition_add() then adds nothing more; the caller leaves the
 * aggregates to SQL. */
bool repartition_given_up(const struct repartition *r);

/*
 * Appends the rows of t_g (rid, tid, cid, n, moyenne, mediane, q1, q3,
 * minimum, maximum, part; rid NULL for the network's, tid NULL for every
 * type) to g and those of the network's distribution (tid, cid, score,
 * echelle, n, n_atteints, n_objectifs) to rc, in COPY's text format;
 * flush (NULL: none) is called after each row, to copy what is ready, and
 * its status returned when not LECAP_OK. Nothing can be added after (the
 * hash tables are freed for the sort). A figure lecap cannot print as
 * PostgreSQL does (a decimal past its digits, a percentile whose float8
 * text has an exponent) gives the distribution up: LECAP_OK, and
 * repartition_given_up() true (the rows written so far are not to be
 * read). LECAP_IO (logged) when memory is short.
 */
int repartition_write(struct repartition *r, struct strbuf *g, struct strbuf *rc,
		      int (*flush)(void *ctx, struct strbuf *g, struct strbuf *rc), void *ctx) LECAP_MUST_CHECK;

#endif
