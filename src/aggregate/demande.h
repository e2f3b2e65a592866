/*
 * The demand for the service offer that a campaign's evaluations point to,
 * counted by lecap while it computes their scores (src/aggregate/cellules.c),
 * when every evaluation of the campaign is new (aggregate --all,
 * --campagne, a campaign's first aggregation), beside the distribution of
 * the scores (repartition.h): per region and offer, the complete
 * evaluations with an unreached objective linked to the offer
 * (lecap.element_offre), and those objectives. lecap.agreger grouped them
 * from t_score (the rows of t_obj, sql/fonctions/agreger.sql); it reads
 * them from t_demande instead, which is what lets a recomputation from
 * scratch leave out of t_score the scores of the evaluations whose rows it
 * keeps in place (issue 20; docs/performance.md).
 *
 * The memory is the grid's links and one pair of counters per region and
 * offer: a few kilobytes.
 */
#ifndef LECAP_AGGREGATE_DEMANDE_H
#define LECAP_AGGREGATE_DEMANDE_H

#include "base/exitcode.h"
#include "base/strbuf.h"

struct demande;

/* An empty count, or NULL when memory is short. */
struct demande *demande_new(void);

void demande_free(struct demande *d);

/* A link of the grid: the objective code of grid version version points
 * to the offer offre (a row of lecap.element_offre). LECAP_OK, or LECAP_IO
 * (logged) when memory is short. */
int demande_lien(struct demande *d, const char *version, const char *code, const char *offre) LECAP_MUST_CHECK;

/* Starts a complete evaluation of region, answered on grid version
 * version: the objectives added next are its own. LECAP_OK, or LECAP_IO
 * (logged). */
int demande_evaluation(struct demande *d, const char *region, const char *version) LECAP_MUST_CHECK;

/* An objective of the evaluation started that is not reached (its score
 * below its target: atteint false). Nothing when none is started. */
void demande_objectif(struct demande *d, const char *code);

/* Appends t_demande's rows (region, offre, n_entreprises, n_objectifs),
 * one per region and offer with at least one evaluation, in COPY's text
 * format, to out. */
void demande_write(const struct demande *d, struct strbuf *out);

#endif
