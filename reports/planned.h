/*
 * The photographie's « Vos objectifs planifiés, alors et maintenant »
 * (issue 22 item 3; data: src/report/planned_data.h; docs/rapports.md).
 */
#ifndef LECAP_REPORTS_PLANNED_H
#define LECAP_REPORTS_PLANNED_H

#include "io/pdf.h"
#include "io/sha256.h"
#include "report/planned_data.h"

/* The section, for the rendered campaign `campagne`. */
void planned_section(pdf_doc *d, const struct planned_data_member *m, int campagne);
/* What the section prints, as printed, into the photographie's fingerprint. */
void planned_hash(struct sha256 *h, const struct planned_data_member *m);

#endif
