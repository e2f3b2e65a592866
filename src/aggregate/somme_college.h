/*
 * The sums of a campaign's colleges' scores over its complete evaluations,
 * per region, college, element and scale (the rows of
 * lecap.somme_college, migrations 046 and 051, from which agreger makes
 * the colleges' aggregates), counted by lecap while it writes the
 * evaluations' rows of lecap.score_college (src/aggregate/cellules.c), when
 * every evaluation of the campaign is new, beside the distribution of the
 * scores (repartition.h). lecap.agreger grouped them from the campaign's
 * rows of lecap.score_college (at 10,000 members, 438,000 rows: 0.21 s of
 * a campaign recomputed from scratch; issue 20, docs/performance.md).
 *
 * Each sum is the text sum() prints for the same scores (numeric addition,
 * src/base/decimal.c). The memory is one entry of about 200 bytes per
 * region, college, element and scale: 1,700 at 10,000 members.
 */
#ifndef LECAP_AGGREGATE_SOMME_COLLEGE_H
#define LECAP_AGGREGATE_SOMME_COLLEGE_H

#include "base/exitcode.h" /* LECAP_MUST_CHECK */
#include "base/strbuf.h"

struct somme_college;

/* Empty sums, or NULL when memory is short. */
struct somme_college *somme_college_new(void);

void somme_college_free(struct somme_college *s);

/*
 * Adds a row of lecap.score_college of a complete evaluation: its region,
 * college, level and element code, its score as the table holds its text,
 * and its respondents. 0; -1 (nothing said: the caller leaves the sums to
 * SQL) when memory is short, the key is too long, the score is not a
 * numeric's text or its sum does not fit.
 */
int somme_college_add(struct somme_college *s, const char *region, const char *college, const char *niveau,
		      const char *code, const char *score, long n_repondants) LECAP_MUST_CHECK;

/* Appends the rows of t_somme_college (region, college, niveau, code,
 * echelle, n, n_repondants, somme), in COPY's text format, to out. */
void somme_college_write(const struct somme_college *s, struct strbuf *out);

#endif
