/*
 * The data of the report section « Les régions sous le seuil, ensemble »
 * (issue 19 item 6): the rows of lecap.v_publication_regroupement (themes
 * and sub-themes) of the group a small region belongs to, with the
 * network's published mean, read into a struct before anything is drawn
 * (reports/regroupement.c draws it).
 */
#ifndef LECAP_REPORT_REGROUPEMENT_H
#define LECAP_REPORT_REGROUPEMENT_H

#include <stdbool.h>
#include <stddef.h>

struct pg_conn;


#define RD_REGROUPEMENT_MAX 32

struct rd_regroupement_row {
	char code[16];
	char libelle[160];
	bool theme;  /* a theme, else a sub-theme */
	int n;       /* enterprises of the group with a score for the code */
	double mean; /* NaN when secret */
	bool diffusable;
	double network; /* FR's published mean, NaN when secret */
	bool network_diffusable;
};

struct rd_regroupement {
	int n_regions;      /* regions of the group (at the first theme) */
	char regions[600];  /* their names, « , »-separated, in code order */
	int n_entreprises;  /* enterprises of the group (at the first theme) */
	size_t n, shown;    /* rows; rows published */
	struct rd_regroupement_row rows[RD_REGROUPEMENT_MAX];
};

/* The group below the threshold that region belongs to at campagne: its
 * themes and sub-themes in grid order (n = 0: the region is not in it).
 * LECAP_OK or LECAP_DB (logged). */
int regroupement_read(struct pg_conn *c, int campagne, const char *region, struct rd_regroupement *out)
	__attribute__((warn_unused_result));

#endif
