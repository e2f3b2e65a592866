/*
 * The cells of the new evaluations' answers, computed by lecap (issue 20):
 * between lecap.agreger_preparer and lecap.agreger, in the campaign's
 * transaction, the notes of the evaluations t_eval marks new are read (one
 * row per respondent, sql/030_reponse_par_repondant.sql), summed per
 * indicator, per college and sub-theme, per college and objective, and
 * copied into t_cell. What a row holds is said in
 * sql/fonctions/agreger.sql; what it replaced, a pass over the answers in
 * SQL, in docs/performance.md.
 */
#ifndef LECAP_AGGREGATE_CELLULES_H
#define LECAP_AGGREGATE_CELLULES_H

#include "base/exitcode.h"
#include "io/pg.h"

/*
 * Fills t_cell for the campaign prepared in conn's open transaction; *rows:
 * the rows written. LECAP_OK, or LECAP_DB / LECAP_IO (logged); the caller
 * rolls back.
 */
int cellules_calculer(pg_conn *conn, long *rows) LECAP_MUST_CHECK;

#endif
