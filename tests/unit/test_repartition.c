/* Unit tests of src/aggregate/repartition.c: the aggregates of a small
 * distribution, each number the text PostgreSQL 15 printed for the same
 * scores (count(*), avg(score), round(percentile_cont(p) WITHIN GROUP
 * (ORDER BY score::float8)::numeric, 10), sum(a)::numeric / nullif(sum(o),
 * 0), grouped by GROUPING SETS ((rid, tid, cid), (rid, cid), (cid), (tid,
 * cid))). The minimum and maximum are the texts added (agreger trims their
 * scale). */
#include <criterion/criterion.h>

#include "aggregate/repartition.h"

#include <string.h>

/* rid, tid, cid, score, objectives (o < 0: none, an indicator's), reached */
static const struct {
	int rid, tid;
	long cid;
	const char *score;
	long o, a;
} scores[] = {
	{1, 1, 5, "2.5000000000000000", -1, 0}, {1, 1, 5, "3", -1, 0},
	{1, 1, 5, "1.3333333333333333", -1, 0}, {1, 1, 5, "3.0000000000000000", -1, 0},
	{1, 1, 5, "4", -1, 0},                  {1, 2, 5, "2", -1, 0},
	{1, 2, 5, "2.6666666666666667", -1, 0}, {2, 1, 5, "1", -1, 0},
	{2, 1, 5, "2.5000000000000000", -1, 0}, {1, 1, 7, "2.2500000000000000", 1, 0},
	{1, 1, 7, "3.1428571428571429", 1, 1},  {2, 2, 7, "3.1428571428571429", 1, 1},
	{2, 2, 7, "1.75", 1, 0},                {2, 2, 7, "3.6666666666666667", 1, 1},
};

static const char t_g[] =
	/* element 5 (an indicator's: no objectives): region and type */
	"1\t1\t5\t5\t2.7666666666666667\t3.0000000000\t2.5000000000\t3.0000000000\t1.3333333333333333\t4\t\\N\n"
	"1\t2\t5\t2\t2.3333333333333334\t2.3333333333\t2.1666666667\t2.5000000000\t2\t2.6666666666666667\t\\N\n"
	"2\t1\t5\t2\t1.7500000000000000\t1.7500000000\t1.3750000000\t2.1250000000\t1\t2.5000000000000000\t\\N\n"
	/* region */
	"1\t\\N\t5\t7\t2.6428571428571429\t2.6666666667\t2.2500000000\t3.0000000000\t1.3333333333333333\t4\t\\N\n"
	"2\t\\N\t5\t2\t1.7500000000000000\t1.7500000000\t1.3750000000\t2.1250000000\t1\t2.5000000000000000\t\\N\n"
	/* the network */
	"\\N\t\\N\t5\t9\t2.4444444444444444\t2.5000000000\t2.0000000000\t3.0000000000\t1\t4\t\\N\n"
	/* the network, type */
	"\\N\t1\t5\t7\t2.4761904761904762\t2.5000000000\t1.9166666667\t3.0000000000\t1\t4\t\\N\n"
	"\\N\t2\t5\t2\t2.3333333333333334\t2.3333333333\t2.1666666667\t2.5000000000\t2\t2.6666666666666667\t\\N\n"
	/* element 7 (an objective): region and type */
	"1\t1\t7\t2\t2.6964285714285715\t2.6964285714\t2.4732142857\t2.9196428571\t2.2500000000000000\t"
	"3.1428571428571429\t0.50000000000000000000\n"
	"2\t2\t7\t3\t2.8531746031746032\t3.1428571429\t2.4464285714\t3.4047619048\t1.75\t3.6666666666666667\t"
	"0.66666666666666666667\n"
	/* region */
	"1\t\\N\t7\t2\t2.6964285714285715\t2.6964285714\t2.4732142857\t2.9196428571\t2.2500000000000000\t"
	"3.1428571428571429\t0.50000000000000000000\n"
	"2\t\\N\t7\t3\t2.8531746031746032\t3.1428571429\t2.4464285714\t3.4047619048\t1.75\t3.6666666666666667\t"
	"0.66666666666666666667\n"
	/* the network */
	"\\N\t\\N\t7\t5\t2.7904761904761905\t3.1428571429\t2.2500000000\t3.1428571429\t1.75\t3.6666666666666667\t"
	"0.60000000000000000000\n"
	/* the network, type */
	"\\N\t1\t7\t2\t2.6964285714285715\t2.6964285714\t2.4732142857\t2.9196428571\t2.2500000000000000\t"
	"3.1428571428571429\t0.50000000000000000000\n"
	"\\N\t2\t7\t3\t2.8531746031746032\t3.1428571429\t2.4464285714\t3.4047619048\t1.75\t3.6666666666666667\t"
	"0.66666666666666666667\n";

/* tid, cid, score, echelle, n, n_atteints, n_objectifs: each score text
 * its row, equal values at two scales (3, 3.0000000000000000) two rows */
static const char t_rc[] = "1\t5\t1\t0\t1\t\\N\t\\N\n"
			   "1\t5\t1.3333333333333333\t16\t1\t\\N\t\\N\n"
			   "1\t5\t2.5000000000000000\t16\t2\t\\N\t\\N\n"
			   "1\t5\t3\t0\t1\t\\N\t\\N\n"
			   "1\t5\t3.0000000000000000\t16\t1\t\\N\t\\N\n"
			   "1\t5\t4\t0\t1\t\\N\t\\N\n"
			   "2\t5\t2\t0\t1\t\\N\t\\N\n"
			   "2\t5\t2.6666666666666667\t16\t1\t\\N\t\\N\n"
			   "1\t7\t2.2500000000000000\t16\t1\t0\t1\n"
			   "1\t7\t3.1428571428571429\t16\t1\t1\t1\n"
			   "2\t7\t1.75\t2\t1\t0\t1\n"
			   "2\t7\t3.1428571428571429\t16\t1\t1\t1\n"
			   "2\t7\t3.6666666666666667\t16\t1\t1\t1\n";

Test(repartition, aggregates_as_postgresql_prints_them)
{
	struct repartition *r = repartition_new();
	struct strbuf g = {0}, rc = {0};

	cr_assert_not_null(r);
	for (size_t i = 0; i < sizeof scores / sizeof *scores; i++)
		cr_assert_eq(repartition_add(r, scores[i].rid, scores[i].tid, scores[i].cid, scores[i].score,
					     scores[i].o >= 0, scores[i].o < 0 ? 0 : scores[i].o, scores[i].a),
			     LECAP_OK);
	cr_assert_eq(repartition_scores(r), 14);
	cr_assert_eq(repartition_write(r, &g, &rc, NULL, NULL), LECAP_OK);
	cr_assert_str_eq(g.p, t_g);
	cr_assert_str_eq(rc.p, t_rc);
	strbuf_release(&g);
	strbuf_release(&rc);
	repartition_free(r);
}

/* The t_g rows of one group (region 1, type 1, element 1) of indicator
 * scores into g (the caller releases it); whether the distribution was
 * given up. */
static bool one_group(const char *const *scores, size_t n, struct strbuf *g)
{
	struct repartition *r = repartition_new();
	struct strbuf rc = {0};
	bool given_up;

	cr_assert_not_null(r);
	for (size_t i = 0; i < n; i++)
		cr_assert_eq(repartition_add(r, 1, 1, 1, scores[i], false, 0, 0), LECAP_OK);
	cr_assert_eq(repartition_write(r, g, &rc, NULL, NULL), LECAP_OK);
	given_up = repartition_given_up(r);
	strbuf_release(&rc);
	repartition_free(r);
	return given_up;
}

/* A percentile that rounds up through the whole part: 3.99999999999 and 4
 * give a median of 3.999999999995, which numeric rounds to 4.0000000000. */
Test(repartition, percentile_rounded_half_away_from_zero)
{
	static const char *const scores[] = {"3.99999999999", "4"};
	struct strbuf g = {0};

	cr_assert_not(one_group(scores, 2, &g));
	cr_assert_eq(strncmp(g.p, "1\t1\t1\t2\t3.9999999999950000\t4.0000000000\t4.0000000000\t", 53), 0, "%s", g.p);
	strbuf_release(&g);
}

/* A region number past the compact key: the distribution is given up (the
 * campaign's aggregates are grouped in SQL), nothing more is added. */
Test(repartition, given_up_past_its_keys)
{
	struct repartition *r = repartition_new();

	cr_assert_not_null(r);
	cr_assert_eq(repartition_add(r, 1, 1, 1, "2", false, 0, 0), LECAP_OK);
	cr_assert_not(repartition_given_up(r));
	cr_assert_eq(repartition_add(r, 256, 1, 1, "2", false, 0, 0), LECAP_OK);
	cr_assert(repartition_given_up(r));
	cr_assert_eq(repartition_add(r, 1, 1, 1, "3", false, 0, 0), LECAP_OK);
	cr_assert_eq(repartition_scores(r), 1);
	repartition_free(r);
}

/* A median whose float8 text has an exponent (%.15g of 0.00001 is 1e-05),
 * which lecap does not turn into numeric as PostgreSQL does: the
 * distribution is given up, not the campaign (SQL computes its aggregates). */
Test(repartition, given_up_past_plain_decimals)
{
	static const char *const scores[] = {"0.00001"};
	struct strbuf g = {0};

	cr_assert(one_group(scores, 1, &g));
	strbuf_release(&g);
}
