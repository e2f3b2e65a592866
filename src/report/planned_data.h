/*
 * The photographie's « Vos objectifs planifiés, alors et maintenant »
 * (issue 22 item 3): for each objective a member put in the plan of an
 * earlier campaign, its score in that campaign and now, the action's
 * status then and now; and, against the member's previous evaluated
 * campaign, the mean change of its planned objectives beside that of its
 * other objectives (the objectives scored both times). One query per batch
 * of members (the batch of reports/entreprise.c), read into typed rows
 * before anything is drawn (reports/planned.c draws them); strings are
 * borrowed from the batch's result and live as long as the batch.
 */
#ifndef LECAP_REPORT_PLANNED_DATA_H
#define LECAP_REPORT_PLANNED_DATA_H

#include "base/exitcode.h"
#include "report/report_data.h"

struct pg_conn;
struct pg_result;

/* An objective of an earlier plan. */
struct planned_data_row {
	int campagne;          /* the plan's campaign */
	const char *objectif;  /* its code */
	const char *libelle;   /* "" when the rendered grid no longer has it */
	const char *statut;    /* the objective's action then (several: the first of réalisée, en cours, à engager, abandonnée) */
	const char *statut_maintenant; /* the latest later plan's; else réalisée/abandonnée kept; else "non_suivie" */
	double score_alors;    /* NaN: not scored in the plan's campaign */
	double score_maintenant; /* NaN: not scored now */
	const char *siret;
};

/* A member's rows and the comparison with its other objectives. */
struct planned_data_member {
	const struct planned_data_row *rows;
	int n;
	int reference;         /* the previous evaluated campaign; 0: none */
	bool reference_plan;   /* the member transmitted a plan for the reference campaign */
	int n_planned, n_other; /* objectives scored in both campaigns */
	double change_planned, change_other; /* mean score change; NaN when the group is empty */
};

struct planned_data_batch {
	struct pg_result *r;
	struct planned_data_row *rows;
	int n;
};

/* The batch's rows (members in the batch's order). LECAP_OK, or LECAP_DB /
 * LECAP_IO (logged); planned_data_release() frees it, also after a failure. */
int planned_data_load(struct pg_conn *c, const struct rd_batch *b, struct planned_data_batch *out) LECAP_MUST_CHECK;
/* The rows of the member with this SIRET (none: n 0). */
struct planned_data_member planned_data_of(const struct planned_data_batch *pb, const char *siret);
void planned_data_release(struct planned_data_batch *pb);

#endif
