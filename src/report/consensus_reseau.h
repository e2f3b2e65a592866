/*
 * The data of the national report's section « Le consensus et les notes
 * individuelles » (issue 22 item 4): per sub-theme, how many members' consensus
 * sits above, below or equal to the mean of their individual ratings
 * (lecap.v_publication_consensus, secrecy applied by the view; the measure
 * is defined once, in lecap.v_consensus_entreprise), read into a struct
 * before anything is drawn (reports/consensus_national.c).
 */
#ifndef LECAP_REPORT_CONSENSUS_RESEAU_H
#define LECAP_REPORT_CONSENSUS_RESEAU_H

#include "base/exitcode.h"
#include <stdbool.h>
#include <stddef.h>

struct pg_conn;


#define RD_CONSENSUS_RESEAU_MAX 32

struct rd_consensus_reseau_row {
	char code[16];
	char libelle[160];
	int n;                          /* members measured */
	int au_dessus, en_dessous, egal; /* -1 when secret */
	double part_au_dessus, part_en_dessous, part_egal; /* NaN when secret */
	bool diffusable;
};

struct rd_consensus_reseau {
	size_t n;
	struct rd_consensus_reseau_row rows[RD_CONSENSUS_RESEAU_MAX];
};

/* The network's rows of campagne, in grid order. LECAP_OK or LECAP_DB (logged). */
int rd_consensus_reseau(struct pg_conn *c, int campagne, struct rd_consensus_reseau *out) LECAP_MUST_CHECK;

#endif
