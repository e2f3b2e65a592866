/*
 * Reading and validating one member export (docs/format-exports.md), in
 * constant memory: the file is streamed twice, never held whole.
 *
 *  1. fstat: a regular file of at most max_size bytes ([ingestion] taille_max),
 *     checked BEFORE any byte is read; not empty.
 *  2. Prescan of the raw bytes: SHA-256, UTF-16 byte-order marks, NUL bytes,
 *     UTF-8 validity (else Windows-1252, whose five undefined bytes reject the
 *     file: Latin-1-only control bytes are not text), fields longer than 2,000
 *     characters found without parsing (so that a 10 MB field is refused
 *     before it is buffered).
 *  3. Parse (src/csvread.h) with the separator of the header line (; , or
 *     tab), kind recognised by the header, columns mapped by name in any
 *     order (text_key), every field transcoded to UTF-8 and validated against
 *     the referential. Validated rows go to a sink as they are read, so that
 *     a loader can COPY while reading.
 *
 * Problems are lines "NAME:LINE:COLUMN: message" (French, each saying what to
 * do): LINE is the physical line where the record starts (header = 1),
 * COLUMN the column's name as written in the header, or "-" for a problem of
 * the file or of a whole record (size, encoding, separator, quoting, number
 * of fields, missing column, no data). At most EXPORT_MAX_PROBLEMS are kept;
 * export_result.total counts them all.
 */
#ifndef LECAP_INGEST_EXPORT_READ_H
#define LECAP_INGEST_EXPORT_READ_H

#include "base/exitcode.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "referentiel/referentiel.h"

#define EXPORT_MAX_PROBLEMS 100
#define EXPORT_MAX_FIELD_CHARS 2000

enum export_kind { EXPORT_UNKNOWN, EXPORT_REPONSES, EXPORT_PLAN, EXPORT_ADHERENTS };

/* "reponses", "plan", "adherents" or "inconnu" (lecap.fichier.nature). */
const char *export_read_kind_name(enum export_kind kind);

/* What the file says of itself; the per-file fields are set once the first
 * data row is validated (before the sink's begin). */
struct export_info {
	enum export_kind kind;
	char sha256[65];       /* "" when the file was not read (too big) */
	long long size;
	const char *encoding;  /* "UTF-8", "UTF-8 (BOM)", "Windows-1252" */
	char sep;
	/* Réponses and Plan */
	char siret[15];
	int campagne;
	char horodatage[40];   /* normalised (export_field_timestamp) */
	/* Réponses only */
	const char *raison_sociale;
	const char *region;        /* INSEE code */
	const char *type_structure;
	char date_evaluation[11];
	long rows;             /* data records read */
	long cells;            /* answered cells (réponses) */
};

/* One respondent's row of a Réponses file: its answered cells only. */
struct export_reponse {
	long line;
	int numero;               /* 1, 2... in file order */
	const char *repondant;    /* pseudonym */
	const char *college;      /* code */
	size_t ncells;
	const char *const *indicateur; /* ncells indicator codes */
	const int *note;          /* 1..4, or 0 for NC */
	const int *position;      /* each indicator's index in the grid (ref_indicator_index) */
};

struct export_action {
	long line;
	int numero;
	const char *objectif;
	const char *action;
	int priorite;
	const char *responsable;
	const char *echeance;     /* "yyyy-mm-dd" or NULL */
	const char *statut;
	size_t noffres;
	const char *const *offres;
};

struct export_adherent {
	long line;
	const char *siret;
	const char *raison_sociale;
	const char *region;
	const char *type_structure;
	const char *date_adhesion; /* "yyyy-mm-dd" or NULL */
	const char *courriel_contact; /* valid, in lower case, or NULL */
};

/* Returned by begin to go on validating without receiving rows. */
#define EXPORT_SINK_SKIP (-1)

/*
 * Receives the rows of a file while it is read, as long as no problem was
 * found so far (a loader rolls back when the result has problems). begin is
 * called once, before the first row, with the per-file fields. Each callback
 * returns 0 to go on; begin may return EXPORT_SINK_SKIP; any other value
 * stops the reading and is returned by export_read(). NULL callbacks are
 * skipped.
 */
struct export_sink {
	void *arg;
	int (*begin)(void *arg, const struct export_info *info);
	int (*reponse)(void *arg, const struct export_reponse *row);
	int (*action)(void *arg, const struct export_action *row);
	int (*adherent)(void *arg, const struct export_adherent *row);
};

/* Caller-owned: export_read_result_init() before, export_read_result_release() after.
 * The caller may set now and tolerance between the two. */
struct export_result {
	/* In: the clock. With now > 0 (seconds since the epoch), an
	 * horodatage_export later than now + tolerance seconds is a problem
	 * ([ingestion] tolerance_horloge); now = 0 skips that check. */
	double now;
	long tolerance;
	/* Out */
	struct export_info info;
	char **problems;    /* up to EXPORT_MAX_PROBLEMS lines, without newline */
	size_t nproblems;
	long total;         /* all problems found; 0: the file is valid */
	char **warnings;    /* "NAME:LINE:COLUMN: avertissement : ..." lines that
			     * do not refuse the file (up to EXPORT_MAX_PROBLEMS) */
	size_t nwarnings;
	char *strings;      /* storage of the info's strings */
};

void export_read_result_init(struct export_result *res);
void export_read_result_release(struct export_result *res);

/*
 * Reads and validates path; problems name it as name. ref is the referential
 * the file is checked against; max_size the size limit; sink may be NULL.
 * Returns LECAP_OK when the file was read (valid or not: see res->total),
 * LECAP_IO after logging when it cannot be opened or read, or the sink's
 * non-zero value.
 */
int export_read(const char *path, const char *name, const ref_set *ref, int64_t max_size,
		const struct export_sink *sink, struct export_result *res) LECAP_MUST_CHECK;

/* Writes the warnings, one per line; returns 0, or -1 on a write error. */
int export_read_write_warnings(const struct export_result *res, FILE *out) LECAP_MUST_CHECK;

/* Writes the problems, one per line, then the count line when some were
 * left out; returns 0, or -1 on a write error. */
int export_read_write_problems(const struct export_result *res, const char *name, FILE *out) LECAP_MUST_CHECK;

#endif
