/*
 * One member's photographie data as typed rows (issue 16 item 5), read from
 * its slices of the batch's results before anything is drawn; the drawing
 * (reports/entreprise.c) takes const pointers. So far: the follow-up of
 * earlier plans and the indicators left to rate; the other sections still
 * read their slices. Strings are borrowed from the batch's results: the
 * rows live as long as those results.
 */
#ifndef LECAP_REPORT_MEMBER_DATA_H
#define LECAP_REPORT_MEMBER_DATA_H

#include "base/exitcode.h"
#include "report/report_data.h"

/* An action of an earlier plan: its status then and now (NULL: not found in a later plan). */
struct md_history_row {
	const char *campagne, *objectif, *action, *statut, *statut_maintenant;
};

/* An indicator left unanswered (incomplete evaluations), in grid order. */
struct md_unrated_row {
	const char *sous_theme, *sous_theme_libelle, *code, *libelle;
};

struct member_data {
	struct md_history_row *history;
	int n_history;
	struct md_unrated_row *unrated;
	int n_unrated;
};

/* Fills md from the member's slices of rd_batch_plan_history() and
 * rd_batch_unrated(); LECAP_OK or LECAP_IO (out of memory, logged). member_data_free()
 * frees it, also after a failure. */
int member_data_read(struct member_data *md, struct rd_slice history, struct rd_slice unrated) LECAP_MUST_CHECK;
void member_data_free(struct member_data *md);

#endif
