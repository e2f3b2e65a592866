/*
 * The one writer of lecap ingest: every applied file's rows — lecap.fichier
 * (whatever the file's disposition), lecap.evaluation with its respondents
 * and answers, lecap.entreprise, lecap.plan with its actions and offers,
 * lecap.adherent — and the rules that go with them: obsolescence (a later
 * or equal horodatage_export already applied) and the replacement of an
 * earlier evaluation or plan of the same (siret, campagne), here and nowhere
 * else (sql/ has no such rule). Files are applied by groups, a few hundred
 * per transaction, in a dozen round trips.
 *
 * Per-file atomicity is kept: a file's rows are staged in memory while it is
 * read and validated, and join the group only once the whole file is known
 * to be valid (a file is never half applied, an invalid one never reaches
 * the server). The answers of the group stream into one COPY lecap.reponse,
 * 1 MiB chunks put by a sender thread while the next files are parsed (the
 * server works on the second core without waiting for the parser); the
 * other tables follow at the flush. A database failure rolls the whole group
 * back: its files stay in the inbox, none of them applied.
 *
 * A big file (over BATCH_MAX_FILE_SIZE) is a group of one (the caller
 * flushes before and after it): its answers stream into the COPY while it is
 * read, so that its memory does not grow with it; if it turns out invalid,
 * ingest_batch_file_drop() rolls its group back. An Adhérents file replaces the
 * whole registry (a later one of the same group replaces an earlier one).
 *
 * The decisions that need the database are taken in memory: the SHA-256 of
 * applied files (doublons) is ingest.c's; the latest horodatage_export per
 * (kind, siret, campagne) (obsolete files), read at start and updated by the
 * files applied, is kept here in 16 bytes per evaluation or plan (a bounded
 * cost: one per enterprise, campaign and kind, whatever the number of files
 * received: about 5 MiB for 50,000 enterprises over 3 campaigns).
 *
 * ingest_batch_new() returns a group freed with ingest_batch_free() (which rolls back what
 * was not flushed).
 */
#ifndef LECAP_INGEST_INGEST_BATCH_H
#define LECAP_INGEST_INGEST_BATCH_H

#include "base/exitcode.h"
#include <stdbool.h>
#include <stddef.h>

#include "ingest/export_read.h"
#include "io/pg.h"
#include "referentiel/referentiel.h"

/* Files of at most this size are staged whole; bigger ones are a group of one. */
#define BATCH_MAX_FILE_SIZE (1024 * 1024)

typedef struct ingest_batch ingest_batch;

/* Reads the latest horodatage_export of every evaluation and plan. */
int ingest_batch_new(pg_conn *conn, const ref_set *ref, long long execution_id, ingest_batch **out) LECAP_MUST_CHECK;
void ingest_batch_free(ingest_batch *b);

/* Starts staging one file; its sink decides obsolescence in memory. alone:
 * the file is a group of one (the open group was flushed), its answers
 * streamed while it is read. */
void ingest_batch_file_start(ingest_batch *b, const char *name, bool alone);
const struct export_sink *ingest_batch_sink(ingest_batch *b);
/* After export_read: the file is obsolete (begin returned SKIP). */
bool ingest_batch_file_obsolete(const ingest_batch *b);
/* Whether (kind, siret, campagne) already has a file in the open group:
 * the caller flushes first, so that a replacement never meets its own group. */
bool ingest_batch_has_key(const ingest_batch *b, const struct export_info *info);

/* The valid staged file joins the group (lecap.fichier row integre). */
int ingest_batch_file_keep(ingest_batch *b, const struct export_info *info) LECAP_MUST_CHECK;
/* A lecap.fichier row for a file not applied (rejete, obsolete, doublon).
 * For a doublon, info carries what is known of the original. */
int ingest_batch_record(ingest_batch *b, const char *name, const struct export_info *info,
		 const char *statut, const char *messages) LECAP_MUST_CHECK;
/* A file alone in its group turned out invalid: what was sent of it is
 * rolled back (the group held nothing else). */
void ingest_batch_file_drop(ingest_batch *b);

/* Whether the group's COPY of the answers is in progress: no other
 * statement may run on the connection before ingest_batch_flush. */
bool ingest_batch_busy(const ingest_batch *b);
/* Whether the open group should be flushed now. */
bool ingest_batch_full(const ingest_batch *b);
/* Applies and commits the group; LECAP_OK, LECAP_DB or LECAP_IO. */
int ingest_batch_flush(ingest_batch *b) LECAP_MUST_CHECK;

#endif
