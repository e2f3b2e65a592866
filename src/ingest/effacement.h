/*
 * Erasing a member (lecap purger --siret): every row that names it
 * (lecap.effacer_adherent, sql/fonctions/effacer_adherent.sql) and every
 * file lecap keeps from it — in the inbox, the archive, the quarantine (with
 * the reasons, and their history) — in one database transaction: the rows
 * are deleted, then the files, then the transaction is committed. A crash
 * before the commit leaves every row (a rerun finds the files left by their
 * fingerprints); after it, nothing of the member is left in the database.
 * A file is the member's when its name holds the SIRET, or when its name
 * (without the .N lecap adds) is the name of one of the member's
 * lecap.fichier rows and its SHA-256 that row's.
 */
#ifndef LECAP_INGEST_EFFACEMENT_H
#define LECAP_INGEST_EFFACEMENT_H

#include <stdbool.h>

#include "base/config.h"
#include "io/pg.h"

struct effacement_result {
	long long lignes;   /* rows deleted (or that would be) */
	int fichiers;       /* files removed (or that would be) */
	char detail[1024];  /* "reponse 120, repondant 7, ..." (tables with rows) */
};

/* dry_run: the same work, files only listed, the transaction rolled back.
 * Logs each file (info). LECAP_OK, LECAP_DB or LECAP_IO. */
int effacement_adherent(pg_conn *conn, const struct lecap_config *cfg, const char *siret, bool dry_run,
			struct effacement_result *out);

#endif
