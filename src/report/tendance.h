/*
 * The data of the photographie's trend (issue 19 item 4): for each member
 * of a batch (report_data.h), its score per theme and sub-theme at every
 * campaign it has an aggregated evaluation in, up to the campaign rendered
 * (the last TENDANCE_CAMPAGNES of them), and the share of its objectives
 * reached at each (score ≥ target, lecap.score.atteint: the « objectifs
 * notés qui atteignent leur cible » of page 1). Read per batch;
 * reports/entreprise_tendance.c draws it from these structs.
 *
 * Grid versions: the rows are the themes and sub-themes of the rendered
 * campaign's grid (the batch's version); an earlier campaign evaluated on
 * another version gives its score for the element of the same code and
 * level (NaN when that version has none), and says so (autre_grille).
 *
 * Strings are borrowed from the lot's result: a member's struct lives as
 * long as its lot.
 */
#ifndef LECAP_REPORT_TENDANCE_H
#define LECAP_REPORT_TENDANCE_H

#include "base/exitcode.h"
#include "report/report_data.h"

#include <stdbool.h>

struct pg_conn;
struct pg_result;

/* Campaigns shown at most: the latest ones. */
#define TENDANCE_CAMPAGNES 5
/* Network campaigns without an evaluation of the member kept, at most. */
#define TENDANCE_SAUTEES 8

struct tendance_campagne {
	int campagne;
	bool complete;     /* the evaluation reached completude_min */
	bool autre_grille; /* evaluated on another grid version than the rendered campaign's */
	const char *version;
	int n_objectifs;   /* objectives scored (NC and unanswered ones left out) */
	int n_atteints;    /* of which score ≥ target */
};

struct tendance_ligne {
	const char *code, *libelle;
	bool theme;                         /* a theme; else a sub-theme */
	double score[TENDANCE_CAMPAGNES];   /* per campaign shown; NaN: no score */
};

struct tendance {
	int n_evaluees; /* campaigns the member has an aggregated evaluation in, up to this one */
	int n;          /* campaigns shown: the last min(n_evaluees, TENDANCE_CAMPAGNES), oldest first */
	struct tendance_campagne campagnes[TENDANCE_CAMPAGNES];
	/* aggregated network campaigns between the first shown and this one in
	 * which the member has no evaluation (at most TENDANCE_SAUTEES), in order */
	int n_sautees;
	int sautees[TENDANCE_SAUTEES];
	int n_lignes; /* themes and sub-themes, in grid order */
	struct tendance_ligne *lignes;
};

/* The trends of a batch's members, in the batch's order. */
struct tendance_lot {
	struct pg_result *r;          /* the members' scores */
	struct pg_result *grille;     /* the rendered campaign's themes and sub-themes */
	struct pg_result *campagnes;  /* the network's aggregated campaigns before it */
	int n;
	const char **cles; /* each member's evaluation id (the batch's ids) */
	struct tendance *membres;
	struct tendance_ligne *lignes; /* every member's rows, one allocation */
};

/*
 * Reads the trends of the batch's members (one statement for their
 * scores, two small ones for the grid and the network's campaigns); LECAP_OK, or
 * LECAP_DB / LECAP_IO (logged). tendance_lot_release() frees the lot, also
 * after a failure.
 */
int tendance_lot_read(struct pg_conn *c, const struct rd_batch *b, struct tendance_lot *lot) LECAP_MUST_CHECK;
/* The trend of the member whose evaluation is evaluation_id; NULL when not in the lot. */
const struct tendance *tendance_lot_membre(const struct tendance_lot *lot, const char *evaluation_id);
void tendance_lot_release(struct tendance_lot *lot);

#endif
