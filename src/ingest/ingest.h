/*
 * lecap ingest's work: every export of a directory applied exactly once,
 * never half, then moved (issue 5, « Dispositions »):
 *
 *   integre   applied; moved to [chemins] archive/<campagne>/
 *   doublon   SHA-256 already seen for an applied (integre or obsolete)
 *             file: archived, not applied
 *   obsolete  a Réponses or Plan file of a (siret, campagne) that already has
 *             a later or equal horodatage_export: archived, not applied
 *   rejete    moved to [chemins] quarantaine/ with <name>.erreurs.txt; also
 *             a file withdrawn by lecap retirer dropped again (unless
 *             ingest_dir_reintegrating)
 *
 * Files are applied by groups in one transaction, each joining its group
 * only once wholly validated, by the one writer of the ingested tables
 * (src/ingest/ingest_batch.h); a big file is a group of one, its answers
 * streamed while it is read. Adhérents files are archived under
 * archive/adherents/. Every file seen gets a lecap.fichier row. Moves are
 * renames done after the commit: a crash in between leaves an applied file in
 * the inbox, which the next run finds to be a doublon by its SHA-256.
 * Dotfiles, *.erreurs.txt and directories are skipped (debug message); a
 * symbolic link is not followed but quarantined.
 *
 * Four threads share the work, each keeping the order that makes a crash
 * harmless: a look-ahead thread lstats and hashes the next files
 * (src/ingest_scan.h); the main thread asks the database, per window of up
 * to 2,048 files, which fingerprints are already applied (memory independent
 * of the history), parses, validates and stages; a sender thread puts the
 * answers' COPY chunks while the next files are parsed (src/ingest_batch.c);
 * a mover thread renames the files of a group once it is committed, while
 * the next group is read and committed. A failed rename is reported when
 * the next group is handed over, or at the end (LECAP_IO).
 */
#ifndef LECAP_INGEST_INGEST_H
#define LECAP_INGEST_INGEST_H

#include "base/exitcode.h"
#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>

#include "base/config.h"
#include "io/pg.h"
#include "referentiel/referentiel.h"

struct ingest_stats {
	int integres, rejetes, doublons, obsoletes;
	int total;              /* files considered */
	long long cellules;     /* answer cells loaded */
	double seconds;
};

/*
 * Checks that the database holds ref's version with the same grid
 * (lecap.referentiel); otherwise logs « lancez lecap init » and returns
 * LECAP_USAGE.
 */
int ingest_check_referential(pg_conn *conn, const ref_set *ref) LECAP_MUST_CHECK;

/*
 * Ingests every file of dir. execution_id is the lecap.execution row the
 * files are recorded under. Returns LECAP_OK, LECAP_REJECTED when a file was
 * rejected, LECAP_DB on a database failure (the files in flight stay in dir,
 * nothing of them applied; processing stops), LECAP_IO when dir, the archive
 * or the quarantine cannot be read or written, or on a stop request.
 * A progress line is drawn on stderr when it is a terminal.
 */
int ingest_dir(pg_conn *conn, const struct lecap_config *cfg, const ref_set *ref,
	       const char *dir, long long execution_id, struct ingest_stats *stats) LECAP_MUST_CHECK;

/*
 * ingest_dir, except that a file withdrawn by lecap retirer (its fingerprint
 * marked in lecap.fichier.retrait_id) is applied again like a new file
 * instead of being rejected (lecap ingest --reintegrer).
 */
int ingest_dir_reintegrating(pg_conn *conn, const struct lecap_config *cfg, const ref_set *ref,
			     const char *dir, long long execution_id, struct ingest_stats *stats) LECAP_MUST_CHECK;

/*
 * Whether an inbox name is a file still being uploaded by its name: it ends
 * with .part, .tmp, .crdownload or ~ (SFTP clients, browsers, editors). Such
 * a file is never read, whatever its age.
 */
bool ingest_name_partial(const char *name);

/*
 * Seconds since the file's content (hence its size) last changed, its mtime,
 * as seen at now; a file younger than [ingestion] age_min may still be
 * uploading and is left for the next run (a file growing while it is read is
 * left too: scan_entry SCAN_GROWING).
 */
double ingest_file_age(const struct stat *st, double now);

/* Logs the summary line of an ingestion (info level). */
void ingest_log_summary(const struct ingest_stats *stats);

#endif
