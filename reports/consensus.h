/*
 * The photographie's « Consensus et notes individuelles » and « Vos points
 * de débat », under « Là où vos collèges ne voient pas la même chose »
 * (issue 22 item 4; data: src/report/consensus_data.h; docs/rapports.md).
 */
#ifndef LECAP_REPORTS_CONSENSUS_H
#define LECAP_REPORTS_CONSENSUS_H

#include "io/pdf.h"
#include "io/sha256.h"
#include "report/consensus_data.h"

void consensus_section(pdf_doc *d, const struct consensus_data_member *m);
/* What the section prints, as printed, into the photographie's fingerprint. */
void consensus_hash(struct sha256 *h, const struct consensus_data_member *m);

#endif
