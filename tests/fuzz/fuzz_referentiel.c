/*
 * libFuzzer harness for the referential and grid loader
 * (src/referentiel/referentiel.c): the four files of [referentiel] — the
 * grid, the offers, the regions, the structure types — from one input, cut
 * at the lines "%%" (missing parts are empty files). The loader validates
 * them and builds the grid (parents, levels, targets, weights, offers); the
 * lookups the ingest uses are then called on what it built.
 */
#define _POSIX_C_SOURCE 200809L
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/config.h"
#include "base/log.h"
#include "referentiel/referentiel.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The four files live in one private directory (mkdtemp under $TMPDIR, else
 * /tmp), removed with them at exit: a run leaves nothing behind. libFuzzer
 * leaves by _Exit on a crash, a timeout or an interrupt: tests/fuzz/run.sh
 * points TMPDIR into its work directory, removed after each harness. */
static char dir[PATH_MAX];
static char paths[4][PATH_MAX + 16];

static void remove_files(void)
{
	for (int i = 0; i < 4; i++)
		unlink(paths[i]);
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = getenv("TMPDIR");

	(void)argc;
	(void)argv;
	if (!tmp || !*tmp)
		tmp = "/tmp";
	if (snprintf(dir, sizeof(dir), "%s/lecap-fuzz-ref.XXXXXX", tmp) >= (int)sizeof(dir) || !mkdtemp(dir)) {
		perror("fuzz_referentiel: mkdtemp");
		exit(1);
	}
	for (int i = 0; i < 4; i++)
		snprintf(paths[i], sizeof(paths[i]), "%s/%d.csv", dir, i);
	if (atexit(remove_files) != 0) {
		remove_files();
		exit(1);
	}
	return 0;
}

static void write_part(int k, const uint8_t *p, size_t n)
{
	FILE *f = fopen(paths[k], "wb");
	if (!f)
		abort();
	if (n && fwrite(p, 1, n, f) != n)
		abort();
	fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lecap_config cfg;
	ref_set *ref = NULL;
	size_t start = 0;
	int k = 0;

	log_set_level(LOG_LVL_ERROR);
	log_set_timestamps(0);
	/* Parts separated by a line "%%". */
	for (size_t i = 0; i <= size && k < 4; i++) {
		if (i == size || (i + 3 <= size && data[i] == '%' && data[i + 1] == '%' && data[i + 2] == '\n' &&
				  (i == 0 || data[i - 1] == '\n'))) {
			write_part(k++, data + start, i - start);
			start = i + 3;
			i += 2;
		}
	}
	for (; k < 4; k++)
		write_part(k, data, 0);
	cfg_init(&cfg);
	free(cfg.referentiel_fichier);
	free(cfg.referentiel_offres);
	free(cfg.referentiel_regions);
	free(cfg.referentiel_types);
	cfg.referentiel_fichier = strdup(paths[0]);
	cfg.referentiel_offres = strdup(paths[1]);
	cfg.referentiel_regions = strdup(paths[2]);
	cfg.referentiel_types = strdup(paths[3]);
	if (ref_load(&cfg, &ref) == 0 && ref) {
		/* What the ingest asks of a loaded referential. */
		static const char *const probes[] = {"1", "1.1", "1.1.1", "1.1.1.a", "84", "Bretagne",
						     "ACI", "FORMATION", "", "9.9.9.z"};
		for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
			(void)ref_find(ref, probes[i]);
			(void)ref_index(ref, probes[i]);
			(void)ref_indicator_index(ref, probes[i]);
			(void)ref_region_find(ref, probes[i]);
			(void)ref_type_find(ref, probes[i]);
			(void)ref_offer_find(ref, probes[i]);
		}
		for (size_t i = 0; i < ref_region_count(ref); i++)
			(void)ref_region_find(ref, ref_region_at(ref, i)->libelle);
		(void)ref_version(ref);
		(void)ref_grid_sha256(ref);
		ref_free(ref);
	}
	cfg_release(&cfg);
	log_capture_reset();
	return 0;
}
