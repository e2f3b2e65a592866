/*
 * An evaluation's scores, level by level, from its indicators' cells (issue
 * 20): what lecap.agreger computed in SQL into t_score, computed by lecap
 * as PostgreSQL's numeric computes it (src/base/decimal.c), the same text
 * digit for digit, and written as COPY rows of t_score.
 *
 * - indicator: the consensus note when the consensus row answers it (NC
 *   there: no score), else the mean of the individual notes (none: no
 *   score); a row for each indicator answered at all;
 * - objective: the mean of its indicators' scores weighted by their poids
 *   (indicators without score left out; none: no score), reached when the
 *   score is at least the objective's cible; a row for each objective with
 *   an indicator row;
 * - sub-theme, then theme: the weighted mean of the level below the same
 *   way, and the counts of scored and reached objectives added up.
 *
 * What SQL did with an element without code (none in a grid that lecap
 * loads) is kept: its row has no code and gives nothing to the level above.
 */
#ifndef LECAP_AGGREGATE_SCORES_H
#define LECAP_AGGREGATE_SCORES_H

#include "base/decimal.h"
#include "base/exitcode.h"
#include "base/strbuf.h"

#include <stdbool.h>
#include <stddef.h>

/* An element of the grid version: its code (NULL: none), its poids in the
 * level above, its number in t_cid (cid; -1: none), its parent's index in
 * the level above (-1: none), and for an objective its cible. */
struct scores_element {
	const char *code;
	struct decimal poids;
	long cid;
	int up;
	bool has_cible;
	struct decimal cible;
};

/* The four levels of a grid version: indicators in the order of the notes. */
struct scores_grid {
	const struct scores_element *level[4]; /* indicators, objectives, sub-themes, themes */
	size_t count[4];
};

/* An indicator's cell: answered at all, and its score when it has one. */
struct scores_cell {
	bool answered;
	bool scored;
	struct decimal score;
};

/* The sums of an element above the indicators while its evaluation is
 * computed: a row below it, a score below it, the weighted scores and the
 * weights of those, the objectives scored and reached. */
struct scores_sum {
	bool any, scored;
	struct decimal num, den;
	long n_objectifs, n_atteints;
};

/* The sums scores_write() needs for g: one per element of the levels above
 * the indicators. */
size_t scores_sum_count(const struct scores_grid *g);

/*
 * Appends to out the t_score rows of evaluation id (its text) from its
 * indicators' cells (g->count[0] of them): evaluation_id, niveau, code,
 * score, atteint, n_objectifs, n_atteints, cid, in COPY's text format.
 * sums: scores_sum_count(g) of them, overwritten. LECAP_OK, or LECAP_DB
 * (logged) when a score does not fit lecap's decimals.
 */
int scores_write(const struct scores_grid *g, const struct scores_cell *cells, const char *id,
		 struct scores_sum *sums, struct strbuf *out) LECAP_MUST_CHECK;

/* The rows that scores_write() just wrote from cells and sums: those of
 * indicators (*indicateurs, the cells answered) and those with a score
 * (*scores, every level's). */
void scores_counted(const struct scores_grid *g, const struct scores_cell *cells, const struct scores_sum *sums,
		    long *indicateurs, long *scores);

#endif
