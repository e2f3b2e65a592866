/*
 * The run journal: one lecap.execution row per writing command, opened at
 * start and closed with its counters, exit code and the errors and warnings
 * logged meanwhile (captured through log.h).
 */
#ifndef LECAP_DB_JOURNAL_H
#define LECAP_DB_JOURNAL_H

#include "base/exitcode.h"
#include "io/pg.h"

#include <stdbool.h>
#include <stddef.h>

struct journal_counts {
	int integres, rejetes, doublons, obsoletes;
	int rapports;
	int campagnes[64]; /* campaigns aggregated */
	int ncampagnes;
};

/* Inserts the row (command, host, pid, version); *id receives its id. */
int journal_open(pg_conn *conn, const char *command, long long *id) LECAP_MUST_CHECK;
/* Closes it: end time, counts, exit code, captured messages. */
int journal_close(pg_conn *conn, long long id, const struct journal_counts *counts, int exit_code) LECAP_MUST_CHECK;

/* Records that every report of campagne was just rendered into [chemins]
 * rapports with facts (rapports_render_facts: layout version and [rapports]
 * settings) in lecap.rapport_campagne, for lecap status and lecap run. */
int journal_reports_rendered(pg_conn *conn, int campagne, const char *facts) LECAP_MUST_CHECK;
/* The campaigns whose reports to render, ascending, in *out (caller frees):
 * all, every campaign with evaluations; otherwise those aggregated whose
 * reports are not up to date (lecap.rapports_a_jour): the ones a run just
 * aggregated, and those a crashed or stopped run left half rendered; and
 * those last rendered with other facts than these (a changed [rapports]
 * setting, a new layout version). */
int journal_campaigns_to_render(pg_conn *conn, bool all, const char *facts, int **out,
				size_t *n) LECAP_MUST_CHECK;
/* The aggregated campaigns left without any evaluation (lecap retirer,
 * lecap purger) whose reports are not up to date: their reports are to be
 * removed, not rendered. Ascending, in *out (caller frees). */
int journal_campaigns_emptied(pg_conn *conn, int **out, size_t *n) LECAP_MUST_CHECK;
/* Whether no campaign was ever aggregated (a new database: no row in
 * lecap.agregat_campagne nor in lecap.resultat_evaluation): lecap run then
 * aggregates every campaign from scratch, two at a time (aggregate --all). */
int journal_never_aggregated(pg_conn *conn, bool *never) LECAP_MUST_CHECK;
/* The last limit runs, newest first: id, commande, début, durée, code,
 * intégrés, rejetés, doublons, obsolètes, rapports, campagnes (text). */
int journal_recent_runs(pg_conn *conn, int limit, pg_result **res) LECAP_MUST_CHECK;

/*
 * Retention of the journal: deletes the finished lecap.execution rows older
 * than days (the files and withdrawals they recorded keep their own dates and
 * lose the link). dry_run: only counts, in *count.
 */
int journal_purge(pg_conn *conn, int days, bool dry_run, long *count) LECAP_MUST_CHECK;

#endif
