/*
 * One member's photographie data as typed rows (issue 16 item 5), read from
 * the batch's results (report/member_batch.h) before anything is drawn; the
 * drawing (reports/entreprise.c) takes const pointers and never sees a
 * query result. Strings are borrowed from the batch's results: the rows
 * live as long as the batch (until member_batch_next or member_batch_close).
 * A NULL in the database is NaN for a number, NULL for a string that may be
 * absent, false for a flag (the tri-state flags say NULL apart).
 */
#ifndef LECAP_REPORT_MEMBER_DATA_H
#define LECAP_REPORT_MEMBER_DATA_H

#include <stdbool.h>

#include "base/exitcode.h"
#include "referentiel/college.h"

struct tendance;
struct planned_data_member;
struct consensus_data_member;
struct pg_result;
struct rd_slice;

/* An evaluated member of the campaign (rd_members' row). */
struct md_member {
	const char *evaluation_id, *siret, *raison_sociale, *region, *region_libelle, *type, *type_libelle;
	long long n_repondants;
	bool consensus;    /* the export carries consensus ratings */
	double completude; /* 0–1 */
	bool complete;
	const char *date_evaluation; /* YYYY-MM-DD */
	const char *version;         /* the referential's version */
	const char *prev_id;         /* "" when there is no previous evaluation */
	int prev_campagne;           /* 0 when there is none */
	const char *donnees_au;      /* YYYY-MM-DD: its integrated export */
};

/* The grid element's level of a score row. */
enum md_level { MD_THEME, MD_SOUS_THEME, MD_OBJECTIF };

/* A published cell's flag: no cell at all, secret (its figure NaN), or shown. */
enum md_diffusion { MD_NO_CELL, MD_SECRET, MD_SHOWN };

/* A theme, sub-theme or objective of the member, in grid order, with the medians it is compared to. */
struct md_score_row {
	const char *code, *libelle;
	enum md_level niveau;
	double cible, score; /* NaN: not scored */
	bool atteint;
	double reg_mediane, fr_mediane, type_mediane;
	enum md_diffusion reg_diffusion, fr_diffusion, type_diffusion;
	/* the member's quarter of the network: « 1er quart » … « 4e quart », or « – » */
	const char *quart;
};

/* A sub-theme's scores per college (referentiel/college.h order, NaN: no rating), with the member's divergence. */
struct md_college_row {
	const char *code, *libelle;
	double college[COLLEGE_COUNT];
	double ecart; /* internal spread, NaN when unknown */
	bool debat;
};

/* An action of the plan as submitted; echeance NULL when none. */
struct md_plan_row {
	const char *objectif, *action, *priorite, *responsable, *echeance, *statut, *offres;
};

/* An unreached objective, largest gap first; offres: one per line, NULL when none. */
struct md_todo_row {
	const char *code, *libelle;
	double cible, score, ecart;
	const char *offres;
};

/* An indicator below target of an unreached objective, weakest first. */
struct md_indicator_row {
	const char *objectif, *code, *libelle;
	double score;
};

/* An action of an earlier plan: its status then and now (NULL: not found in a later plan). */
struct md_history_row {
	const char *campagne, *objectif, *action, *statut, *statut_maintenant;
};

/* An indicator left unanswered (incomplete evaluations), in grid order. */
struct md_unrated_row {
	const char *sous_theme, *sous_theme_libelle, *code, *libelle;
};

/* Everything one photographie draws about its member. */
struct member_data {
	const struct md_member *member;
	struct md_score_row *scores;
	int n_scores;
	struct md_college_row *colleges;
	int n_colleges;
	struct md_plan_row *plan;
	int n_plan;
	struct md_todo_row *todo;
	int n_todo;
	struct md_indicator_row *indicators;
	int n_indicators;
	struct md_history_row *history;
	int n_history;
	struct md_unrated_row *unrated;
	int n_unrated;
	const struct tendance *tendance; /* its trend over its campaigns (report/tendance.h); NULL: none */
	/* set by the report (issue 22): planned objectives then and now, consensus and points de débat */
	const struct planned_data_member *planned;
	const struct consensus_data_member *consensus;
};

/* Frees what member_batch_data() allocated; also after a failure. */
void member_data_free(struct member_data *md);

/*
 * Inside src/report (member_batch.c, member_list.c, member_fingerprint.c):
 * the batch's results, in the order they are read and hashed (the plans'
 * and earlier plans' key is the SIRET), and a member's slices of them
 * turned into its typed rows. The drawing never calls these: it has no
 * query result to give them.
 */
enum { MB_SCORES, MB_COLLEGES, MB_PLANS, MB_TODO, MB_TODO_INDICATORS, MB_UNRATED, MB_HISTORY, MB_NQ };

/* The member's row `row` of an rd_members() result. */
void member_data_member(struct md_member *m, const struct pg_result *r, int row);
/* Fills md from the member's MB_NQ slices q; LECAP_OK or LECAP_IO (out of memory, logged).
 * member_data_free() frees it, also after a failure. */
int member_data_read(struct member_data *md, const struct rd_slice *q) LECAP_MUST_CHECK;
/* The member's quarter of the network for row i of the scores: « 1er quart » … « 4e quart », or « – ». */
const char *member_data_quarter(const struct pg_result *s, int i);

#endif
