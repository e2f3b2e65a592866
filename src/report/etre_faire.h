/*
 * What « être et faire COORACE » means, for the reports (issue 22 item 5):
 * the vision text in force (lecap.vision, loaded by lecap init from
 * [referentiel] vision) and the four-theme presentation of the grid (its
 * themes and sub-themes, from lecap.element), read into structs before
 * anything is drawn (reports/etre_faire.c draws them).
 */
#ifndef LECAP_REPORT_ETRE_FAIRE_H
#define LECAP_REPORT_ETRE_FAIRE_H

#include "base/exitcode.h"
#include <stdbool.h>
#include <stddef.h>

struct pg_conn;


struct rd_etre_faire_vision {
	bool present;        /* false: no vision loaded (then nothing is printed) */
	char version[40];
	char empreinte[65];  /* SHA-256 of the text: part of the photographie's fingerprint */
	char texte[12400];   /* up to 3,000 characters, paragraphs joined by "\n\n" */
};

/* The vision in force. LECAP_OK or LECAP_DB (logged). */
int rd_etre_faire_vision(struct pg_conn *c, struct rd_etre_faire_vision *out) LECAP_MUST_CHECK;

#define RD_ETRE_FAIRE_MAX_THEMES 9
#define RD_ETRE_FAIRE_MAX_SOUS 12

struct rd_etre_faire_theme {
	char code[8];
	char libelle[160];
	size_t nsous;
	char sous_code[RD_ETRE_FAIRE_MAX_SOUS][8];
	char sous_libelle[RD_ETRE_FAIRE_MAX_SOUS][160];
};

struct rd_etre_faire_themes {
	size_t n;
	struct rd_etre_faire_theme themes[RD_ETRE_FAIRE_MAX_THEMES];
};

/* The themes and their sub-themes of grid `version`, in grid order.
 * LECAP_OK or LECAP_DB (logged). */
int rd_etre_faire_themes(struct pg_conn *c, const char *version, struct rd_etre_faire_themes *out) LECAP_MUST_CHECK;

#endif
