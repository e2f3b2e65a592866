/*
 * The data of the report section « L'effet des plans de progrès » (issue
 * 22): the themes' rows of lecap.v_effet_plan for one territory, read into a
 * struct before anything is drawn (reports/effet_plans.c draws it).
 */
#ifndef LECAP_REPORT_EFFET_PLAN_H
#define LECAP_REPORT_EFFET_PLAN_H

#include "base/exitcode.h"
#include <stdbool.h>
#include <stddef.h>

struct pg_conn;


#define RD_EFFET_MAX 16

struct rd_effet_row {
	char code[16];
	char libelle[160];
	int n_avec, n_sans;
	double evol_avec, evol_sans, ecart; /* NaN when secret */
	bool diffusable;
};

struct rd_effet {
	int campagne_precedente; /* 0: no previous campaign, no rows */
	size_t n;
	struct rd_effet_row rows[RD_EFFET_MAX];
};

/* The themes (statut 'tous') of territory ("FR" or a region) at campagne,
 * in grid order. LECAP_OK or LECAP_DB (logged). */
int rd_effet_plan(struct pg_conn *c, int campagne, const char *territory, struct rd_effet *out) LECAP_MUST_CHECK;

#endif
