/*
 * `lecap generate`: a synthetic network of member exports, written as the
 * members' tools write them, for the demo, the tests and the benchmarks.
 *
 * Layout of the output directory (flat, so that `lecap ingest DIR` takes it
 * as an inbox):
 *   adherents.csv                        the member registry, every member
 *   reponses-<siret>-<campagne>.csv      one per evaluation
 *   plan-<siret>-<campagne>.csv          its progress plan, for most
 *   reponses-<siret>-<campagne>-v2.csv   a corrected re-export (later
 *   plan-<siret>-<campagne>-v2.csv       horodatage_export), for a few
 *   .defauts.txt                         `fichier;defaut;detail`: the files
 *                                        --defauts made defective (hidden, so
 *                                        that lecap ingest skips it)
 *
 * Same seed, same bytes; a defect draw has its own random stream, so that
 * --defauts changes which files are defective and nothing else.
 */
#ifndef LECAP_GENERATE_GENERATE_H
#define LECAP_GENERATE_GENERATE_H

#include "base/exitcode.h"
#include <stdint.h>

#include "referentiel/referentiel.h"

struct gen_options {
	uint64_t entreprises; /* 1..GEN_MAX_ENTERPRISES */
	int campagne_debut;   /* first and last campaign years */
	int campagne_fin;
	uint64_t graine;
	double defauts;       /* share of defective files, 0–1 */
	double effet_plan;    /* strength of the plans' effect on progress, 0–5
			       * (1: the model's own; 0: none) */
	int reference[3];     /* y, m, d: no date or timestamp written is later
			       * than this day (--reference); campaigns are at
			       * most its year */
	const char *out;      /* output directory, created if needed */
};

struct gen_stats {
	uint64_t entreprises;
	uint64_t evaluations;
	uint64_t fichiers;    /* Réponses and Plan files, re-exports included */
	uint64_t reexports;
	uint64_t defauts;
	uint64_t cellules;    /* answer cells written in Réponses files */
};

/* Writes the network. LECAP_OK, or LECAP_IO after logging the file
 * concerned; *stats says what was written either way. */
int gen_run(const ref_set *ref, const struct gen_options *opt, struct gen_stats *stats) LECAP_MUST_CHECK;

#endif
