/*
 * Erasing a member (lecap purger --siret): every row that names it
 * (lecap.effacer_adherent, sql/fonctions/effacer_adherent.sql) and every
 * file lecap keeps from it — in the inbox, the archive, the quarantine (with
 * the reasons, and their history), its reports. One database transaction
 * deletes the rows and records the files to erase
 * (lecap.effacement_en_attente, sql/023); after its commit the files are
 * erased one by one, each crossed off once gone. A crash before the commit
 * leaves everything as before; after it, the rows are gone and the files
 * still recorded are erased by the next command that takes the run lock
 * (effacement_reprendre, called by cmd/lecap.c) or by lecap purger again.
 * A file is the member's when its name holds the SIRET, or when its name
 * (without the .N lecap adds) is the name of one of the member's
 * lecap.fichier rows and its SHA-256 that row's.
 */
#ifndef LECAP_INGEST_EFFACEMENT_H
#define LECAP_INGEST_EFFACEMENT_H

#include "base/exitcode.h"
#include <stdbool.h>

#include "base/config.h"
#include "io/pg.h"

struct effacement_result {
	long long lignes;   /* rows deleted (or that would be) */
	int fichiers;       /* received files removed (or that would be) */
	int rapports;       /* its reports removed (or that would be) */
	int messages;       /* its messages written by lecap send --dry-run (.eml) */
	long long adresses; /* its addresses (lecap.contact_adherent rows), counted in lignes too */
	char detail[1024];  /* "reponse 120, repondant 7, ..." (tables with rows) */
};

/* dry_run: the same work, files only listed, the transaction rolled back.
 * Logs each file (info). Ends with effacement_reprendre. LECAP_OK,
 * LECAP_DB or LECAP_IO. */
int effacement_adherent(pg_conn *conn, const struct lecap_config *cfg, const char *siret, bool dry_run,
			struct effacement_result *out) LECAP_MUST_CHECK;

/* Erases the files recorded by an erasure (none: nothing, not even a
 * query of the table before migration 023). resumed: left by an interrupted
 * run, said with a warning. dry_run (a command run with --dry-run): only
 * says that some are waiting. *erased: files actually removed. LECAP_OK,
 * LECAP_DB, or LECAP_IO when one cannot be removed (it stays recorded). */
int effacement_reprendre(pg_conn *conn, bool resumed, bool dry_run, int *erased) LECAP_MUST_CHECK;

/* The erasure left half done, for lecap status: *out is one row (files still
 * to erase, the decision's date 'YYYY-MM-DD HH24:MI:SS' or "" when none),
 * freed by the caller; NULL when the session may not read the table (its
 * paths name members) or it does not exist yet. LECAP_OK or LECAP_DB. */
int effacement_pending(pg_conn *conn, pg_result **out) LECAP_MUST_CHECK;

#endif
