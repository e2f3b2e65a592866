/*
 * The generator's files: a Réponses or Plan de progrès export written the
 * way one member's tool writes it (its style), with at most one defect, and
 * the network's adherents.csv. Formats: docs/format-exports.md.
 */
#ifndef LECAP_GENERATE_GENERATE_FILES_H
#define LECAP_GENERATE_GENERATE_FILES_H

#include "base/exitcode.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "io/csvwrite.h"
#include "generate/generate_model.h"
#include "generate/generate_rng.h"

/* How one member's tool writes its exports: the same for the Réponses and
 * the Plan of a campaign, and for their re-export. */
struct gen_style {
	struct csvw_style csv;
	bool labels;          /* header labels as people write them (« SIRET », « Collège ») */
	unsigned order;       /* 0 contract order; 1 identity shuffled; 2 and indicators
			       * reversed; 3 every column shuffled */
	uint64_t order_seed;
	unsigned nc;          /* NC spelling: NC, N/C, non concerné, nc */
	unsigned pseudo;      /* pseudonym style */
	unsigned pseudo_salt;
	unsigned date;        /* 0 dd/mm/yyyy, 1 yyyy-mm-dd */
	unsigned ts;          /* horodatage_export spelling (5 forms) */
	bool siret_spaces;    /* « 123 456 789 00012 » */
	bool region_name;     /* region by name rather than INSEE code */
	bool value_labels;    /* « Salarié·e en insertion », « À engager », « haute » */
};

/* Draws a tool's style: mostly UTF-8 with ';', some BOM, Windows-1252,
 * ',' or tab, CRLF, reordered columns, labels. */
void gen_files_style_draw(struct gen_rng *r, struct gen_style *s);

/* The defects --defauts injects, one per defective file. */
enum gen_defect {
	GEN_DEF_NONE,
	GEN_DEF_NOTE_HORS_ECHELLE,
	GEN_DEF_INDICATEUR_INCONNU,
	GEN_DEF_INDICATEUR_REPETE,
	GEN_DEF_SIRET_INVALIDE,
	GEN_DEF_REGION_INCONNUE,
	GEN_DEF_FICHIER_TRONQUE,
	GEN_DEF_REPONDANT_DUPLIQUE,
	GEN_DEF_DEUX_CONSENSUS,
	GEN_DEF_SIRET_DIFFERENT,
	GEN_DEF_OBJECTIF_INCONNU,
	GEN_DEF_STATUT_INCONNU,
	GEN_DEFECTS
};
/* Its name in .defauts.txt ("note_hors_echelle"). */
const char *gen_files_defect_name(enum gen_defect d);
/* A defect kind that applies to a Réponses (plan false) or a Plan file. */
enum gen_defect gen_files_defect_draw(struct gen_rng *r, bool plan);

/* The writer and scratch space every file reuses, so that writing a file
 * allocates nothing. gen_files_new() returns it; gen_files_free() frees it. */
typedef struct gen_files gen_files;
int gen_files_new(const gen_model *m, gen_files **out) LECAP_MUST_CHECK;
void gen_files_free(gen_files *f);

/*
 * Writes the Réponses export of ev to path. def (drawn with dr) is injected,
 * and described in detail (French, for .defauts.txt). *cells grows by the
 * answer cells written. LECAP_OK or LECAP_IO.
 */
int gen_files_write_reponses(gen_files *f, const char *path, const struct gen_enterprise *e,
		       const struct gen_evaluation *ev, const struct gen_style *st,
		       enum gen_defect def, struct gen_rng *dr, char *detail, size_t dsize,
		       uint64_t *cells) LECAP_MUST_CHECK;

/* Writes the Plan de progrès export of e's current actions, same contract. */
int gen_files_write_plan(gen_files *f, const char *path, const struct gen_enterprise *e,
		   const struct gen_evaluation *ev, const struct gen_style *st,
		   enum gen_defect def, struct gen_rng *dr, char *detail, size_t dsize) LECAP_MUST_CHECK;

/* adherents.csv: the header, then one row per member. */
int gen_files_adherents_open(const char *path, csv_writer **out) LECAP_MUST_CHECK;
void gen_files_adherents_row(csv_writer *w, const struct gen_enterprise *e);

#endif
