/*
 * The quarantine directory ([chemins] quarantaine), as lecap ingest leaves
 * it: each rejected file under its name (name.1, name.2... when the name was
 * taken) with <name>.erreurs.txt beside it, one problem per line
 * (« FICHIER:LIGNE:COLONNE: message », FICHIER being the original name as
 * shown). lecap quarantaine lists and re-queues them; lecap status groups
 * them by reason.
 *
 * Re-queuing moves <name>.erreurs.txt into historique/ as
 * <name>.<stamp>.erreurs.txt (kept, never overwritten), then the file back to
 * the inbox under its original name: a crash in between leaves the file in
 * quarantine without its reasons, which a second lecap quarantaine relancer
 * finishes. Nothing is ever overwritten.
 */
#ifndef LECAP_INGEST_QUARANTAINE_H
#define LECAP_INGEST_QUARANTAINE_H

#include "base/exitcode.h"
#include <stddef.h>

struct quarantine_file {
	char *name;      /* in the quarantine directory (file system bytes) */
	char *original;  /* its name in the inbox: name without the .N lecap added */
	char *messages;  /* the .erreurs.txt text ("" when missing) */
	char *first;     /* its first line, without the newline ("" when none) */
	char *reason;    /* quarantaine_reason() of first ("" when none) */
	int problems;    /* lines of .erreurs.txt */
};

struct quarantine_list {
	struct quarantine_file *files; /* sorted by name */
	size_t count;
};

/* Reads dir (missing: an empty list). LECAP_OK, or LECAP_IO after logging. */
int quarantaine_list(const char *dir, struct quarantine_list *out) LECAP_MUST_CHECK;
void quarantaine_list_release(struct quarantine_list *list);

/*
 * The reason of one problem line, for grouping: the message after
 * « FICHIER:LIGNE:COLONNE: », up to its first « : », each «…» quotation
 * emptied and each run of digits written N. Example: "a.csv:3:note: note
 * « 5 » hors échelle" → "note «…» hors échelle". Truncates to size.
 */
void quarantaine_reason(const char *line, char *out, size_t size);

/*
 * Moves f back to inbox under f->original, its .erreurs.txt into
 * qdir/historique/ (stamp: e.g. "20261204T071500"). LECAP_IO after logging
 * when the original name is taken in the inbox (nothing moved) or a move
 * fails.
 */
int quarantaine_requeue(const char *qdir, const char *inbox, const struct quarantine_file *f, const char *stamp) LECAP_MUST_CHECK;

#endif
