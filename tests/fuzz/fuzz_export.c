/* libFuzzer harness for the export reader (src/ingest/export_read.c): detection,
 * prescan, CSV parsing and validation against the referential, no database.
 * Run from the project root: the referential is loaded once from config/.
 * Each input is written to one scratch file (export_read takes a path) and
 * read with a sink that touches every field of every row it receives, against
 * a fixed clock (2026-12-04, one day of tolerance: the future-timestamp check
 * runs, the same input gives the same result). Beyond "no crash", the
 * messages' contract is checked (issue 17; abort() when broken): each problem
 * and warning is one line of valid UTF-8 with no control character, starting
 * "fuzz.csv:LINE:" with LINE a line of the input. */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/config.h"
#include "base/text.h"
#include "ingest/export_read.h"
#include "base/log.h"
#include "referentiel/referentiel.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static ref_set *ref;
static FILE *devnull;
static char scratch[64];
static int scratch_fd = -1;
static size_t sink_total;

static void touch(const char *s)
{
	if (s)
		sink_total += strlen(s);
}

static int on_begin(void *arg, const struct export_info *info)
{
	(void)arg;
	touch(info->siret);
	touch(info->horodatage);
	touch(info->raison_sociale);
	touch(info->region);
	touch(info->type_structure);
	touch(info->date_evaluation);
	return 0;
}

static int on_reponse(void *arg, const struct export_reponse *row)
{
	(void)arg;
	touch(row->repondant);
	touch(row->college);
	for (size_t i = 0; i < row->ncells; i++) {
		touch(row->indicateur[i]);
		sink_total += (size_t)row->note[i];
	}
	return 0;
}

static int on_action(void *arg, const struct export_action *row)
{
	(void)arg;
	touch(row->objectif);
	touch(row->action);
	touch(row->responsable);
	touch(row->echeance);
	touch(row->statut);
	for (size_t i = 0; i < row->noffres; i++)
		touch(row->offres[i]);
	return 0;
}

static int on_adherent(void *arg, const struct export_adherent *row)
{
	(void)arg;
	touch(row->siret);
	touch(row->raison_sociale);
	touch(row->region);
	touch(row->type_structure);
	touch(row->date_adhesion);
	return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct lecap_config cfg;
	const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";

	(void)argc;
	(void)argv;
	log_set_level(LOG_LVL_ERROR);
	log_set_timestamps(0);
	cfg_init(&cfg);
	if (ref_load(&cfg, &ref) != 0) {
		fprintf(stderr, "fuzz_export: referential not loaded (run from the project root)\n");
		exit(1);
	}
	cfg_release(&cfg);
	snprintf(scratch, sizeof(scratch), "%s/lecap-fuzz-export.XXXXXX", dir);
	scratch_fd = mkstemp(scratch);
	if (scratch_fd < 0) {
		perror("fuzz_export: mkstemp");
		exit(1);
	}
	unlink(scratch);
	devnull = fopen("/dev/null", "w");
	if (!devnull) {
		perror("fuzz_export: /dev/null");
		exit(1);
	}
	/* export_read opens a path: reach the unlinked file through /proc. */
	snprintf(scratch, sizeof(scratch), "/proc/self/fd/%d", scratch_fd);
	return 0;
}

/* One message: "fuzz.csv:LINE:COLUMN: text", one line, printable UTF-8. */
static void check_message(const char *m, long lines)
{
	const unsigned char *u = (const unsigned char *)m;
	char *end;
	long line;

	if (!text_is_utf8(m, strlen(m)))
		abort();
	for (; *u; u++)
		if (*u < 0x20 || *u == 0x7F)
			abort();
	if (strncmp(m, "fuzz.csv:", 9) != 0)
		abort();
	line = strtol(m + 9, &end, 10);
	if (*end != ':' || line < 1 || line > lines)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct export_sink sink = {NULL, on_begin, on_reponse, on_action, on_adherent};
	struct export_result res;
	long lines = 1;

	if (ftruncate(scratch_fd, 0) != 0 ||
	    (size > 0 && pwrite(scratch_fd, data, size, 0) != (ssize_t)size))
		abort();
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	export_read_result_init(&res);
	res.now = 1796342400.0; /* 2026-12-04T00:00:00Z */
	res.tolerance = 86400;
	if (export_read(scratch, "fuzz.csv", ref, 1 << 20, &sink, &res) == 0) {
		for (size_t i = 0; i < res.nproblems; i++)
			check_message(res.problems[i], lines);
		for (size_t i = 0; i < res.nwarnings; i++)
			check_message(res.warnings[i], lines);
		if (export_read_write_problems(&res, "fuzz.csv", devnull) != 0 ||
		    export_read_write_warnings(&res, devnull) != 0)
			abort();
	}
	export_read_result_release(&res);
	log_capture_reset();
	return 0;
}
