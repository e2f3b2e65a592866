/*
 * An evaluation's digest (lecap.empreinte_evaluation, migrations 042 and
 * 053): what sql/fonctions/photographie_entrees.sql reads to find the
 * members whose photographie changes without reading their rows. lecap
 * computes it as it writes the evaluation's rows (src/aggregate/cellules.c):
 * the SHA-256 of its region, then of each table's rows in COPY's text
 * format, the text PostgreSQL stores; the count of the rows, and the first
 * 64 bits of the hash as a signed number (the column's type, numeric, keeps
 * any 64-bit value).
 *
 * The bytes hashed: the region and a newline; each row with its newline
 * (a t_score row without its last column, cid, which numbers the element
 * among the campaign's grid versions, not the evaluation); after each
 * table's rows, "\." and a newline.
 *
 * struct empreinte is caller-owned; no cleanup needed.
 */
#ifndef LECAP_AGGREGATE_EMPREINTE_H
#define LECAP_AGGREGATE_EMPREINTE_H

#include "io/sha256.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct empreinte {
	struct sha256 h;
	long rows;
};

void empreinte_begin(struct empreinte *e, const char *region);

/* One table's rows: len bytes of COPY text rows, each ending in a newline
 * (a last row without one is left out); without_last: each row hashed
 * without its last column and the tab before it. */
void empreinte_table(struct empreinte *e, const char *rows, size_t len, bool without_last);

/* The rows counted; *somme: the first 64 bits of the SHA-256, big-endian,
 * as a signed number. */
long empreinte_end(struct empreinte *e, int64_t *somme);

#endif
