/*
 * The database side of lecap ingest: an export_sink that applies one file in
 * one transaction while the file is being read.
 *
 * On the first validated row (begin) it opens the transaction, records the
 * file and replaces the earlier evaluation, plan or registry through
 * lecap.ouvrir_evaluation / lecap.ouvrir_plan (sql/003_donnees.sql), then
 * starts a COPY ... FROM STDIN (text format) and streams every row into it in
 * 1 MiB pg_copy_put calls; rows that must follow the streamed ones
 * (respondents, offers of the actions) are kept as ready COPY text and sent
 * by loader_finish(). The server inserts while the next rows are parsed.
 *
 * loader_new() returns a loader freed with loader_free(); one file at a time:
 * loader_reset(), export_read() with loader_sink(), then loader_finish() +
 * pg_commit(), or loader_abort().
 */
#ifndef LECAP_INGEST_INGEST_LOAD_H
#define LECAP_INGEST_INGEST_LOAD_H

#include "ingest/export_read.h"
#include "io/pg.h"
#include "referentiel/referentiel.h"

enum loader_state {
	LOADER_IDLE,     /* nothing sent: no valid row yet */
	LOADER_OPEN,     /* transaction open, COPY in progress */
	LOADER_OBSOLETE, /* a later export is applied: nothing done */
	LOADER_FAILED,   /* a database call failed (logged) */
};

typedef struct ingest_loader ingest_loader;

int loader_new(pg_conn *conn, const ref_set *ref, long long execution_id, ingest_loader **out);
void loader_free(ingest_loader *l);

/* Prepares for a new file, recorded in lecap.fichier under name. */
void loader_reset(ingest_loader *l, const char *name);
const struct export_sink *loader_sink(ingest_loader *l);
enum loader_state loader_state(const ingest_loader *l);

/* Ends the COPY, sends the kept rows, stores the counts: the caller then
 * commits. Returns LECAP_OK or LECAP_DB. */
int loader_finish(ingest_loader *l, const struct export_info *info);
/* Cancels whatever was sent for the file (COPY aborted, rollback). */
void loader_abort(ingest_loader *l);

#endif
