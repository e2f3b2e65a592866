/*
 * The delegates' digest (issue 21 item 4): what moved in a region between
 * two lecap.fichier ids, written as the French text of the message. The
 * sending (when a digest is due, the journal lecap.synthese, the pace) is
 * diffusion.c's; this module only reads and writes the text.
 *
 * The sections, each only when non-empty, in this order:
 *   Photographies modifiées    members of the region (their evaluation of
 *                              the campaign) whose export or plan was
 *                              corrected in the period;
 *   Nouvelles évaluations      members whose first export of the campaign
 *                              arrived in the period;
 *   Fichiers rejetés           rejected files of the region's members
 *                              (region of lecap.entreprise, else of the
 *                              registry), with the first reason as
 *                              LINE:COLUMN: message;
 *   Adhérents sans évaluation  registry members of the region without an
 *                              evaluation of the campaign.
 * Only the first three are news: without any, there is nothing to say.
 */
#ifndef LECAP_DIFFUSION_SYNTHESE_H
#define LECAP_DIFFUSION_SYNTHESE_H

#include "base/exitcode.h"
#include "io/pg.h"

#include <stdbool.h>
#include <time.h>

struct synthese_period {
	int campagne;
	const char *region;     /* INSEE code of the delegate's region */
	const char *label;      /* its name, e.g. "Bretagne" */
	long long fichier_from; /* files of id > fichier_from ... */
	long long fichier_to;   /* ... and <= fichier_to are the period's */
	time_t since, until;    /* the period's dates, said in the text */
	int frequence;          /* [diffusion] frequence_synthese, in days */
};

/*
 * The digest's body for the delegate nom (may be ""), contact being where to
 * write to stop receiving it (the sender, as for the regional report). *body is NULL when nothing moved in the
 * period (no news: nothing to send), else malloc'd. LECAP_OK, LECAP_DB or
 * LECAP_IO (memory).
 */
int synthese_body(pg_conn *conn, const struct synthese_period *p, const char *nom, const char *contact,
		  char **body) LECAP_MUST_CHECK;

/* The subject: "Le Cap — synthèse <label> — du JJ/MM/AAAA au JJ/MM/AAAA". */
void synthese_subject(const struct synthese_period *p, char *out, size_t size);

/* The last file id received at or before t (0 when none): where the first
 * digest's period starts. */
int synthese_file_at(pg_conn *conn, time_t t, long long *id) LECAP_MUST_CHECK;

/* The last file id received so far (0 when none). */
int synthese_file_max(pg_conn *conn, long long *id) LECAP_MUST_CHECK;

#endif
