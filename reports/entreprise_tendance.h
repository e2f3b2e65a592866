/*
 * The photographie's section « Votre évolution, campagne par campagne »
 * (issue 19 item 4), drawn from the member's struct tendance
 * (report/tendance.h): its scores per theme and sub-theme and its share of
 * objectives reached at each campaign it was evaluated in, the change since
 * the previous one, and a sentence on the period. A member with one
 * campaign gets one sentence. The rule: docs/rapports.md.
 */
#ifndef LECAP_REPORTS_ENTREPRISE_TENDANCE_H
#define LECAP_REPORTS_ENTREPRISE_TENDANCE_H

#include "io/pdf.h"
#include "io/sha256.h"
#include "report/tendance.h"

/* Draws the section (t NULL: as for a first campaign). */
void entreprise_tendance_section(pdf_doc *d, const struct tendance *t);
/* Feeds everything the section prints, as printed, into the fingerprint h. */
void entreprise_tendance_fingerprint(struct sha256 *h, const struct tendance *t);

#endif
