/*
 * The synthetic network's model, without any I/O: who the members are
 * (region, type, SIRET, name, adhesion), how mature each one is per
 * objective and indicator, how respondents of each college rate, how members
 * progress from one campaign to the next, and what their progress plans hold.
 *
 * Enterprise i is drawn from its own random stream (seed, i), so that
 * generating it needs nothing of the others and memory does not grow with
 * the number of enterprises: one gen_enterprise and one gen_evaluation are
 * reused for all.
 *
 * gen_model_new() reads the grid once; gen_model_free() frees it. The
 * gen_enterprise and gen_evaluation buffers belong to the model and stay
 * valid until the next draw.
 */
#ifndef LECAP_GENERATE_GENERATE_MODEL_H
#define LECAP_GENERATE_GENERATE_MODEL_H

#include "base/exitcode.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "generate/generate_rng.h"
#include "referentiel/referentiel.h"

enum gen_college {
	GEN_DIRECTION,
	GEN_SALARIE_PERMANENT,
	GEN_SALARIE_INSERTION,
	GEN_BENEVOLE,
	GEN_ADMINISTRATEUR,
	GEN_CONSENSUS,
	GEN_COLLEGES
};
/* The contract's code of a college ("salarie_insertion"). */
const char *gen_model_college_code(enum gen_college c);

enum gen_statut { GEN_A_ENGAGER, GEN_EN_COURS, GEN_REALISEE, GEN_ABANDONNEE };
const char *gen_model_statut_code(enum gen_statut s);

/* A cell: GEN_BLANK (no answer), 1–4, or GEN_NC. */
#define GEN_BLANK 0
#define GEN_NC 5

#define GEN_MAX_ROWS 16   /* up to 15 respondents and a consensus row */
#define GEN_MAX_ACTIONS 8

struct gen_datetime {
	int y, m, d, hh, mi, ss;
};
/* Adds days to a date (proleptic Gregorian). */
void gen_model_date_add_days(struct gen_datetime *t, int days);

struct gen_action {
	size_t objectif;          /* index among the grid's objectives */
	enum gen_statut statut;
	int priorite;             /* 1–3 */
	unsigned responsable;     /* role index */
	unsigned wording;         /* action text variant */
	int echeance_month;       /* 0: none, else month of the following year */
	unsigned offres;          /* bit i: the objective's offer i is named */
};

struct gen_enterprise {
	uint64_t index;
	char siret[15];
	char raison_sociale[200];
	const struct ref_item *region;
	const struct ref_item *type;
	struct gen_datetime adhesion;
	struct gen_rng rng;       /* the enterprise's own stream */
	/* private to the model */
	double *obj_level;        /* latent maturity per objective, 1–4 scale */
	double *ind_offset;       /* per indicator */
	unsigned char *ind_nc;    /* indicator does not concern this member */
	double drift;             /* yearly progress */
	double plan_take;         /* how much the plan's actions help */
	int last_year;            /* year the latent levels are at */
	bool participated;        /* evaluated in the previous campaign */
	bool never;               /* a member who never evaluates */
	size_t nactions;
	struct gen_action actions[GEN_MAX_ACTIONS];
	size_t plan_size;         /* actions a plan of this member holds */
};

struct gen_evaluation {
	int campagne;
	struct gen_datetime date_evaluation;
	struct gen_datetime horodatage;
	size_t nrows;
	enum gen_college college[GEN_MAX_ROWS];
	unsigned char *notes;     /* nrows x indicators, row-major */
	unsigned char *column;    /* per indicator: 0 no column in the file, 1 a
				   * column, 2 a column nobody answered */
	bool incomplete;          /* answers below the completeness threshold */
	bool has_plan;
	bool reexport;            /* a corrected export follows */
};

typedef struct gen_model gen_model;

/* Reads the grid, regions and types of ref (which must outlive the model). */
int gen_model_new(const ref_set *ref, uint64_t seed, gen_model **out) LECAP_MUST_CHECK;
void gen_model_free(gen_model *m);
/* The reference day: evaluation dates and export timestamps are never later
 * than its end (a later draw becomes that day, the re-export's time after
 * the original's). Without it, none is moved. */
void gen_model_set_reference(gen_model *m, int y, int mo, int d);

/* The strength of the progress plans' effect (--effet-plan): a factor on
 * each member's extra progress on its planned objectives; 1 by default, 0
 * for none. The random draws do not depend on it: with 1, the same bytes. */
void gen_model_set_plan_effect(gen_model *m, double factor);

const ref_set *gen_model_ref(const gen_model *m);
size_t gen_model_indicators(const gen_model *m);
const struct ref_element *gen_model_indicator(const gen_model *m, size_t k);
size_t gen_model_objectives(const gen_model *m);
const struct ref_element *gen_model_objective(const gen_model *m, size_t o);

/* Draws enterprise index (identity, adhesion, latent maturity). */
struct gen_enterprise *gen_model_enterprise_draw(gen_model *m, uint64_t index);

/*
 * Moves the enterprise to campaign year and decides whether it evaluates:
 * NULL when it does not, else the evaluation (respondents, notes, plan
 * decision), and the plan actions updated in e->actions when it has one.
 */
struct gen_evaluation *gen_model_campaign(gen_model *m, struct gen_enterprise *e, int year);

/* Turns the evaluation into its corrected re-export: a later horodatage,
 * some blanks filled, a few notes changed. */
void gen_model_reexport(gen_model *m, struct gen_enterprise *e, struct gen_evaluation *ev);

#endif
