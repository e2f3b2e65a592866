/*
 * What the territorial reports (national, regional: reports/national.c,
 * region.c, territoire.c, synthese.c, rapports.c) read, into typed structs
 * before anything is drawn: one function per question, each running one
 * statement with parameters on the publication views (v_publication_*,
 * issue 18: a secret figure is NULL there with diffusable false) and
 * filling an array of rows it owns, freed with rd_territoire_data_free().
 * Nothing here computes a statistic: the values are SQL's as they are.
 *
 * Conventions for the fields: a number that SQL left NULL is NaN (double)
 * or TD_NONE (long long, where the report tells NULL from a count); a
 * count read as 0 when NULL is a plain long long; a text never NULL unless
 * said ("" for NULL). "territory" is a region's INSEE code or "FR".
 * Every function returns LECAP_OK or LECAP_DB (logged), and LECAP_IO when
 * out of memory (logged); on failure the table is empty.
 */
#ifndef LECAP_REPORT_TERRITOIRE_DATA_H
#define LECAP_REPORT_TERRITOIRE_DATA_H

#include "base/exitcode.h"
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "referentiel/college.h"

struct pg_conn;

/* A count SQL left NULL (no cell). */
#define TD_NONE LLONG_MIN

/* A figure's publication: no cell (diffusable NULL), secret, published. */
enum td_pub { TD_PUB_NONE, TD_PUB_SECRET, TD_PUB_YES };

/* Key figures of a territory (lecap.v_publication_participation). */
struct td_participation {
	bool present; /* false: the campaign was not aggregated (no row) */
	long long n_evaluations, n_completes, n_adherents, n_adherents_evalues;
	double taux;
	long long n_repondants, n_sans_recente, n_jamais;
	long long delta_evaluations; /* against the previous campaign; TD_NONE: none */
	long long precedente;
	bool diffusable;       /* false: n_repondants is secret; n_completes never is */
	bool secret_primaire;  /* not diffusable because below the threshold */
};
int rd_territoire_data_participation(struct pg_conn *c, int campagne, const char *territory, struct td_participation *out)
	LECAP_MUST_CHECK;

/*
 * The tables below share one shape: n rows, and the text their strings
 * point into; rd_territoire_data_free() releases both.
 */
#define TD_TABLE(row_type)                                                                                 \
	{                                                                                                  \
		size_t n;                                                                                  \
		row_type *rows;                                                                            \
		char *text;                                                                                \
	}

/* Regions with evaluations (lecap report's loop), in code order. */
struct td_region {
	const char *code, *libelle;
	long long n_evaluations, n_completes;
	const char *donnees_au; /* YYYY-MM-DD: the region's latest integrated export of the campaign */
};
struct td_regions TD_TABLE(struct td_region);
/* only: one region's code, or NULL for all */
int rd_territoire_data_regions(struct pg_conn *c, int campagne, const char *only, struct td_regions *out) LECAP_MUST_CHECK;

/* Respondents per college, in the college order of the export contract. */
struct td_respondent {
	const char *college; /* its code (college_codes) */
	long long n_repondants, n_entreprises;
	bool diffusable;
};
struct td_respondents TD_TABLE(struct td_respondent);
int rd_territoire_data_respondents(struct pg_conn *c, int campagne, const char *territory, struct td_respondents *out)
	LECAP_MUST_CHECK;

/*
 * The aggregates of the territory and of the network for the grid elements
 * of the listed levels ("theme,sous_theme", "objectif"...), in grid order.
 */
struct td_grid_row {
	const char *region; /* the territory */
	const char *code, *niveau, *libelle;
	double cible;
	long long n; /* TD_NONE: no cell */
	double moyenne, mediane, q1, q3, minimum, maximum, part, evolution;
	enum td_pub pub; /* secret: the figures above are NaN (so are the network's) */
	long long fr_n;
	double fr_moyenne, fr_mediane, fr_part;
	enum td_pub fr_pub;
	enum td_pub prev_pub; /* the previous campaign's cell; evolution is NaN unless both are published */
};
struct td_grid TD_TABLE(struct td_grid_row);
int rd_territoire_data_grid(struct pg_conn *c, int campagne, const char *version, const char *territory, const char *levels,
			 struct td_grid *out) LECAP_MUST_CHECK;

/* College means per theme and sub-theme (college_codes order), and their spread. */
struct td_college_row {
	const char *code, *niveau, *libelle;
	double moyenne[COLLEGE_COUNT];
	enum td_pub pub[COLLEGE_COUNT];
	double ecart; /* highest minus lowest published college mean; NaN when none */
};
struct td_colleges TD_TABLE(struct td_college_row);
int rd_territoire_data_colleges(struct pg_conn *c, int campagne, const char *version, const char *territory,
			     struct td_colleges *out) LECAP_MUST_CHECK;

/* Diverging viewpoints inside the enterprises, per sub-theme, most debated first. */
struct td_divergence_row {
	const char *code, *libelle;
	long long n, n_debats; /* TD_NONE: NULL */
	double ecart, part_debats;
	enum td_pub pub;
};
struct td_divergence TD_TABLE(struct td_divergence_row);
int rd_territoire_data_divergence(struct pg_conn *c, int campagne, const char *version, const char *territory,
			       struct td_divergence *out) LECAP_MUST_CHECK;

/* Published progress plans per objective, most chosen first (at most limit). */
struct td_plan_row {
	const char *objectif, *libelle;
	long long n_entreprises, n_actions, n_a_engager, n_en_cours, n_realisees, n_abandonnees, n_priorite_haute;
	double part_precedente; /* share of the previous campaign's actions carried out */
};
struct td_plans TD_TABLE(struct td_plan_row);
int rd_territoire_data_plans(struct pg_conn *c, int campagne, const char *version, const char *territory, int limit,
			  struct td_plans *out) LECAP_MUST_CHECK;

/* The follow-up of the plans of a territory (all zero/NaN when the campaign has no row). */
struct td_plans_followup {
	double part_realisee;   /* last campaign's actions carried out, over all objectives;
				   NaN unless every objective's share is published */
	long long n_precedents; /* plans transmitted in the previous campaign */
	long long n_plans;      /* plans transmitted this campaign */
	long long n_secrets;    /* objectives chosen by too few enterprises to be detailed */
};
/* Every territory's follow-up (the cache's, read in one statement). */
struct td_plans_followup_row {
	const char *region;
	struct td_plans_followup f;
};
struct td_plans_followups {
	struct td_plans_followup_row *rows;
	size_t n;
	char *text;
};

/* Demand for the service offer, ranked (territory NULL: every territory, by code, each ranked). */
struct td_offer_row {
	const char *region;
	const char *code, *libelle;
	long long n_plan, n_actions, n_objectifs, n_non_atteints; /* TD_NONE: NULL */
	enum td_pub pub;
};
struct td_offers TD_TABLE(struct td_offer_row);
int rd_territoire_data_offers(struct pg_conn *c, int campagne, const char *territory, struct td_offers *out) LECAP_MUST_CHECK;

/* Members of the registry without a recent evaluation, in a region. */
struct td_without_recent_row {
	const char *siret, *raison_sociale, *type;
	const char *derniere; /* latest campaign evaluated, NULL: never */
};
struct td_without_recent TD_TABLE(struct td_without_recent_row);
int rd_territoire_data_without_recent(struct pg_conn *c, int campagne, const char *region, struct td_without_recent *out)
	LECAP_MUST_CHECK;

/*
 * The delegate's follow-up list in a region: evaluated members whose
 * evaluation is incomplete, then those without a progress plan this
 * campaign, by name. Read for every region at once (by region, then in
 * that order: one statement, where one per region hashed the campaign's
 * plans each time, 2.5 ms a region at 10,000 members).
 */
struct td_todo_row {
	const char *region;
	bool incomplete;  /* else: without a plan */
	const char *siret, *raison_sociale;
	double completude; /* 0–1, incomplete ones; NaN otherwise */
};
struct td_todo TD_TABLE(struct td_todo_row);
int rd_territoire_data_todos(struct pg_conn *c, int campagne, struct td_todo *out) LECAP_MUST_CHECK;

/* Per region and for the network ("FR"): key counts (national report), in code order. */
struct td_region_participation {
	const char *code, *libelle;
	long long n_evaluations, n_completes;
	double taux;
	long long n_sans_recente, n_jamais;
	bool diffusable;
};
struct td_regions_participation TD_TABLE(struct td_region_participation);
int rd_territoire_data_regions_participation(struct pg_conn *c, int campagne, struct td_regions_participation *out)
	LECAP_MUST_CHECK;

/*
 * Region × theme means (national report), one row per region and theme in
 * region then grid order; montrable: the publication decision
 * (v_publication_agregat.diffusable, primary and secondary secrecy).
 */
struct td_region_theme_row {
	const char *region, *libelle, *theme, *theme_libelle;
	long long n; /* TD_NONE: no cell */
	double moyenne;
	bool montrable;
};
struct td_region_theme TD_TABLE(struct td_region_theme_row);
int rd_territoire_data_region_theme(struct pg_conn *c, int campagne, const char *version, struct td_region_theme *out)
	LECAP_MUST_CHECK;

/*
 * What several sections ask about the same territory, read once: the grid
 * (themes, sub-themes and objectives of every territory in one statement:
 * its three joined views cost more to plan than to run), the key figures,
 * the college means and the delegate's follow-up list, per territory; the
 * demand for the service offer of every territory at once (its view ranks
 * the offers over the whole table, so that one territory costs as much as
 * all of them). The territorial reports of a campaign (reports/rapports.c,
 * or a report alone: national.c, region.c) start with an empty cache (all
 * zero) and free it when drawn; their sections ask through it (struct
 * report_ctx's cache). TD_CACHE_TERRITORIES territories at most: a new one
 * beyond forgets those read before (a section asks about one territory).
 */
#define TD_CACHE_TERRITORIES 24
struct td_cache_entry {
	char territory[8];
	bool has_grid, has_participation, has_colleges, has_todo;
	struct td_grid grid; /* every level of rd_territoire_data_grid's "theme,sous_theme,objectif" */
	struct td_participation participation;
	struct td_colleges colleges;
	struct td_todo todo;
};
struct td_cache {
	bool has_offers, has_grids, has_followups, has_todos;
	struct td_offers offers; /* every territory's */
	struct td_todo todos;    /* every region's */
	struct td_plans_followups followups; /* every territory's */
	struct td_grid grids;    /* every territory's (those of lecap.region and FR), all levels */
	size_t n;
	struct td_cache_entry entries[TD_CACHE_TERRITORIES];
};
void rd_territoire_data_cache_free(struct td_cache *cache);
/*
 * The grid rows of the listed levels, as rd_territoire_data_grid() reads
 * them; out's rows are its own (free it as any table), its texts the
 * cache's: valid until the cache is freed.
 */
int rd_territoire_data_cached_grid(struct td_cache *cache, struct pg_conn *c, int campagne, const char *version,
				   const char *territory, const char *levels, struct td_grid *out) LECAP_MUST_CHECK;
int rd_territoire_data_cached_participation(struct td_cache *cache, struct pg_conn *c, int campagne, const char *territory,
					    struct td_participation *out) LECAP_MUST_CHECK;
/* *out: the cache's table (not to free), valid until the cache is freed. */
int rd_territoire_data_cached_colleges(struct td_cache *cache, struct pg_conn *c, int campagne, const char *version,
				       const char *territory, const struct td_colleges **out) LECAP_MUST_CHECK;
/* out's rows are its own, its texts the cache's. */
int rd_territoire_data_cached_offers(struct td_cache *cache, struct pg_conn *c, int campagne, const char *territory,
				     struct td_offers *out) LECAP_MUST_CHECK;
/* *out: the region's rows, from every region's (read once per cache); its texts the cache's. */
int rd_territoire_data_cached_todo(struct td_cache *cache, struct pg_conn *c, int campagne, const char *region,
				   const struct td_todo **out) LECAP_MUST_CHECK;
/* The territory's follow-up, from every territory's (read once per cache). */
int rd_territoire_data_cached_plans_followup(struct td_cache *cache, struct pg_conn *c, int campagne,
					     const char *territory, struct td_plans_followup *out) LECAP_MUST_CHECK;

/* Frees any of the tables above (its rows and text) and empties it. */
#define rd_territoire_data_free(t)                                                                           \
	(rd_territoire_data_release((t)->rows, (t)->text), (t)->rows = NULL, (t)->text = NULL, (t)->n = 0)
void rd_territoire_data_release(void *rows, char *text);

#endif
