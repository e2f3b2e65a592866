/*
 * The photographie's consensus against individual views (issue 22 item 4),
 * under « Là où vos collèges ne voient pas la même chose »: per sub-theme,
 * the consensus score beside the mean of the individual ratings
 * (lecap.v_consensus_entreprise, the one definition the national report
 * shares) and the divergence between colleges; and the « points de débat »:
 * the objectives where the member's colleges diverge most. One query per
 * batch of members (reports/entreprise.c's batch), read into typed rows
 * before anything is drawn (reports/consensus.c draws them); strings are
 * borrowed from the batch's result and live as long as the batch.
 */
#ifndef LECAP_REPORT_CONSENSUS_DATA_H
#define LECAP_REPORT_CONSENSUS_DATA_H

#include "base/exitcode.h"
#include "report/report_data.h"

struct pg_conn;
struct pg_result;

/* The most points de débat named per member, and the least divergence that makes one (points). */
#define CONSENSUS_DATA_DEBATES 3
#define CONSENSUS_DATA_DEBATE_MIN 1.0

/* A sub-theme: consensus, individual mean, divergence between colleges (NaN when absent). */
struct consensus_data_theme {
	const char *code, *libelle;
	double consensus, moyenne, ecart; /* ecart: round(consensus, 2) − round(moyenne, 2) */
	int n_indicateurs;                /* indicators with both (0: no consensus measure) */
	double divergence;                /* highest − lowest college score, as printed; NaN: under two colleges */
};

/* A point de débat: an objective, its two furthest colleges and their scores. */
struct consensus_data_debate {
	const char *code, *libelle;
	double divergence;
	int college_haut, college_bas; /* college indexes (referentiel/college.h) */
	double score_haut, score_bas;
};

struct consensus_data_member {
	struct consensus_data_theme themes[32];
	int n_themes;
	bool any_consensus; /* some sub-theme has a consensus measure */
	struct consensus_data_debate debates[CONSENSUS_DATA_DEBATES];
	int n_debates;
};

struct consensus_data_batch {
	struct pg_result *r;
};

/* The batch's rows. LECAP_OK or LECAP_DB (logged); consensus_data_release() frees it. */
int consensus_data_load(struct pg_conn *c, const struct rd_batch *b, struct consensus_data_batch *out) LECAP_MUST_CHECK;
/* The member with this evaluation id into *m (no row: empty). */
void consensus_data_of(const struct consensus_data_batch *cb, const char *evaluation_id, struct consensus_data_member *m);
void consensus_data_release(struct consensus_data_batch *cb);

#endif
