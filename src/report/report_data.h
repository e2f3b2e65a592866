/*
 * What the reports read: the SELECTs on the aggregation's views and result
 * tables (sql/004, docs/analystes.md), one function per question — the
 * campaign and the members' photographies here; the territorial reports'
 * questions, read into typed structs, in report/territoire_data.h. Nothing
 * here computes a statistic: means, medians, shares, changes and secrecy
 * flags come from SQL as they are. Every figure about a territory comes
 * from the publication views (v_publication_*, issue 18): a secret value is
 * NULL there with diffusable false, and the PDFs publish exactly the cells
 * the analysts' publication views and lecap export publish. The only
 * arithmetic in SQL here is presentation (a difference between two
 * campaigns' counts, a share pooled over cells that are all published).
 *
 * Every query function runs one statement with parameters and returns
 * LECAP_OK and *out (freed with pg_result_free), or LECAP_DB after pg.c
 * logged the failure. Columns are listed in the order the result has them
 * (RD_* indexes). "territory" is a region's INSEE code or "FR".
 */
#ifndef LECAP_REPORT_REPORT_DATA_H
#define LECAP_REPORT_REPORT_DATA_H

#include "base/exitcode.h"
#include <stdbool.h>
#include <stddef.h>

#include "referentiel/college.h"

struct pg_conn;
struct pg_result;

/* One aggregated campaign. */
struct rd_campaign {
	int campagne;
	int precedente;      /* previous campaign with evaluations, 0 when none */
	char version[64];    /* referential version of its evaluations */
	int year, month, day; /* date of its latest integrated export: the data's date */
	int seuil_secret;
	double completude_min;
	int n_evaluations, n_completes;
};

/* The latest campaign with evaluations; LECAP_USAGE (logged) when none. */
int rd_latest_campaign(struct pg_conn *c, int *campagne) LECAP_MUST_CHECK;
/*
 * Facts of an aggregated campaign. LECAP_USAGE (logged, with a hint to run
 * lecap aggregate) when it has no evaluation or was never aggregated.
 */
int rd_campaign(struct pg_conn *c, int campagne, struct rd_campaign *out) LECAP_MUST_CHECK;

/*
 * Why the campaign's aggregates are out of date for these parameters
 * (lecap.campagne_perimee), into reason (size bytes); "" when up to date.
 */
int rd_staleness(struct pg_conn *c, int campagne, double completude_min, int seuil_secret, char *reason,
		 size_t size) LECAP_MUST_CHECK;

/* Whether a region code exists in lecap.region (*name: its label, to free). */
int rd_region_name(struct pg_conn *c, const char *code, char **name) LECAP_MUST_CHECK;

/* Evaluated members of the campaign, optionally of one region, one SIRET or the SIRETs of an array literal
 * sirets ("{…,…}"; NULL: all). */
enum {
	RD_MEM_EVALUATION_ID, RD_MEM_SIRET, RD_MEM_RAISON_SOCIALE, RD_MEM_REGION, RD_MEM_REGION_LIBELLE,
	RD_MEM_TYPE, RD_MEM_TYPE_LIBELLE, RD_MEM_N_REPONDANTS, RD_MEM_CONSENSUS, RD_MEM_COMPLETUDE,
	RD_MEM_COMPLETE, RD_MEM_DATE_EVALUATION, RD_MEM_VERSION, RD_MEM_PREV_ID, RD_MEM_PREV_CAMPAGNE,
	RD_MEM_DONNEES_AU /* date (YYYY-MM-DD) of the member's integrated export */
};
int rd_members(struct pg_conn *c, int campagne, const char *region, const char *siret, const char *sirets,
	       struct pg_result **out) LECAP_MUST_CHECK;

/* The five colleges, in the order of referentiel/college.h (defined there once). */
#define RD_COLLEGES COLLEGE_COUNT
#define rd_college_codes college_codes
#define rd_college_labels college_labels

/* --- members, by batches ----------------------------------------------------- */

/*
 * A batch is a run of evaluated members (rows of an rd_members() result) of
 * one grid version; each query returns the rows of all of them, ordered by
 * member then by grid order, with the member's key (evaluation id, or SIRET
 * for the plan) as the LAST column; rd_slice_next() cuts out one member's
 * rows. A batch of members costs one statement per question instead of
 * one per member and question.
 */
struct rd_batch {
	int campagne;
	const char *version;
	char *ids;       /* "{1,2,3}": evaluation ids */
	char *regions;   /* "{84,84,53}" */
	char *prev_camp; /* "{2025,NULL,2025}" */
	char *sirets;    /* "{…}" */
	char *types;     /* "{\"ACI\",…}": structure types */
};
/* Fills b from rows [from, to) of an rd_members() result; rd_batch_release frees it. */
int rd_batch_init(struct rd_batch *b, int campagne, const struct pg_result *members, int from, int to) LECAP_MUST_CHECK;
void rd_batch_release(struct rd_batch *b);

/* Rows of one member: [begin, end) of r. */
struct rd_slice {
	const struct pg_result *r;
	int begin, end;
};
/* The rows at *cursor whose last column equals key; advances *cursor past them. */
struct rd_slice rd_slice_next(const struct pg_result *r, const char *key, int *cursor);

/*
 * Scores for themes, sub-themes and objectives in grid order, with the
 * regional, network and same-type network medians. (The earlier
 * campaigns' scores are the trend's, report/tendance.h.)
 */
enum {
	RD_MS_CODE, RD_MS_NIVEAU, RD_MS_LIBELLE, RD_MS_CIBLE, RD_MS_SCORE, RD_MS_ATTEINT,
	RD_MS_REG_MEDIANE, RD_MS_REG_DIFFUSABLE, RD_MS_FR_MEDIANE, RD_MS_FR_DIFFUSABLE,
	RD_MS_ECART, /* score − cible (objectives) */
	RD_MS_FR_Q1, RD_MS_FR_Q3, /* the network's quartiles (shown when RD_MS_FR_DIFFUSABLE) */
	RD_MS_TYPE_MEDIANE,       /* the network's median for the member's structure type */
	RD_MS_TYPE_DIFFUSABLE     /* NULL: no such cell; false: secret (v_publication_agregat_type) */
};
int rd_batch_scores(struct pg_conn *c, const struct rd_batch *b, struct pg_result **out) LECAP_MUST_CHECK;

/* Colleges' scores per sub-theme, pivoted, with the member's divergence. */
enum { RD_MC_CODE, RD_MC_LIBELLE, RD_MC_FIRST };
#define RD_MC_ECART (RD_MC_FIRST + RD_COLLEGES)
#define RD_MC_DEBAT (RD_MC_ECART + 1)
int rd_batch_colleges(struct pg_conn *c, const struct rd_batch *b, struct pg_result **out) LECAP_MUST_CHECK;

/* Progress plans as submitted (key: SIRET); OFFRES: the offers' labels (config/offres.csv), « ; »-separated. */
enum {
	RD_MP_OBJECTIF, RD_MP_ACTION, RD_MP_PRIORITE, RD_MP_RESPONSABLE, RD_MP_ECHEANCE, RD_MP_STATUT,
	RD_MP_OFFRES
};
int rd_batch_plans(struct pg_conn *c, const struct rd_batch *b, struct pg_result **out) LECAP_MUST_CHECK;

/*
 * The actions of the member's plans of earlier campaigns (key: SIRET), by
 * campaign: the status then, and the status of the same objective and
 * action in its latest later plan up to this campaign (NULL: not found).
 */
enum { RD_PH_CAMPAGNE, RD_PH_OBJECTIF, RD_PH_ACTION, RD_PH_STATUT, RD_PH_STATUT_MAINTENANT };
int rd_batch_plan_history(struct pg_conn *c, const struct rd_batch *b, struct pg_result **out) LECAP_MUST_CHECK;

/*
 * Unreached objectives, largest gap first, with the offers to mobilise: one
 * per line (« libellé : description », config/offres.csv), NULL when none.
 */
enum { RD_MT_CODE, RD_MT_LIBELLE, RD_MT_CIBLE, RD_MT_SCORE, RD_MT_ECART, RD_MT_OFFRES };
int rd_batch_todo(struct pg_conn *c, const struct rd_batch *b, struct pg_result **out) LECAP_MUST_CHECK;
/* The indicators below target of those objectives, weakest first. */
enum { RD_MI_OBJECTIF, RD_MI_CODE, RD_MI_LIBELLE, RD_MI_SCORE };
int rd_batch_todo_indicators(struct pg_conn *c, const struct rd_batch *b, struct pg_result **out) LECAP_MUST_CHECK;

/*
 * Incomplete evaluations only: the indicators left unanswered (neither
 * scored nor NC), in grid order, with their sub-theme.
 */
enum { RD_UN_SOUS_THEME, RD_UN_SOUS_THEME_LIBELLE, RD_UN_CODE, RD_UN_LIBELLE };
int rd_batch_unrated(struct pg_conn *c, const struct rd_batch *b, struct pg_result **out) LECAP_MUST_CHECK;

/* --- reading values ---------------------------------------------------------- */

/* NaN for NULL or unparsable. */
double rd_num(const struct pg_result *r, int row, int col);
/* 0 for NULL. */
long long rd_int(const struct pg_result *r, int row, int col);
/* false for NULL; PostgreSQL's "t" is true. */
bool rd_bool(const struct pg_result *r, int row, int col);
/* "" for NULL. */
const char *rd_str(const struct pg_result *r, int row, int col);

#endif
