/*
 * The cells of the new evaluations' answers, computed by lecap (issue 20):
 * between lecap.agreger_preparer and lecap.agreger, in the campaign's
 * transaction, the notes of the evaluations t_eval marks new are read (one
 * row per respondent, sql/030_reponse_par_repondant.sql), summed per
 * indicator, per college and sub-theme, per college and objective. Each
 * evaluation's scores, level by level, are computed from its indicators'
 * cells (src/aggregate/scores.c) and copied into t_score, from which
 * agreger goes on; the evaluations' rows that follow from the cells alone
 * are written here: lecap.score_college, lecap.divergence_colleges,
 * lecap.divergence and lecap.consensus_evaluation, with each evaluation's
 * digests into t_empreinte (src/aggregate/empreinte.h), which agreger keeps,
 * with the counts of its t_score rows (indicators answered, scores).
 * An evaluation whose rows are stored as they were written (t_stocke: a
 * recomputation from scratch) keeps them in place when its digests are
 * theirs, and its scores are left out of t_score; otherwise they are
 * deleted before its new rows are copied (agreger_preparer deleted the
 * other rows they replace). When every evaluation of the campaign is new,
 * the distribution of the complete evaluations' scores is kept as they are
 * computed (src/aggregate/repartition.h) and its aggregates copied into
 * t_gc and t_rc, with the count of their scores into t_repartition, the
 * demand for the offers into t_demande (demande.h) and the colleges' sums
 * into t_somme_college (somme_college.h): agreger reads them instead of
 * grouping t_score and lecap.score_college. Each number is computed
 * and printed as PostgreSQL's numeric computes and prints it
 * (src/base/decimal.c, quotient.c): the same text as when SQL computed it.
 * What a row holds is said in sql/fonctions/agreger.sql; what it replaced
 * in docs/performance.md.
 */
#ifndef LECAP_AGGREGATE_CELLULES_H
#define LECAP_AGGREGATE_CELLULES_H

#include "base/exitcode.h"
#include "io/pg.h"

#include <stdbool.h>

/*
 * Fills t_score and writes the rows above for campaign campagne, prepared in
 * conn's open transaction; completude: the completeness asked (agreger's
 * p_completude_min, its text); *rows: the indicators' cells answered. overlap:
 * each batch of answers computed by a thread while the connection copies the
 * rows of the batch before (a campaign computed alone); else one after the
 * other (campaigns side by side). LECAP_OK, or LECAP_DB / LECAP_IO (logged);
 * the caller rolls back.
 */
int cellules_calculer(pg_conn *conn, int campagne, const char *completude, bool overlap,
		      long *rows) LECAP_MUST_CHECK;

#endif
