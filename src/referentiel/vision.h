/*
 * The network's vision: the short text of what « être et faire COORACE »
 * means ([referentiel] vision, config/vision.txt), versioned, loaded into
 * lecap.vision by `lecap init` and printed in every report's method page.
 *
 * File format (docs/format-exports.md, « Le texte de la vision »): UTF-8;
 * first line « version: LIBELLÉ » (1 to 32 of A–Z a–z 0–9 . _ -); then the
 * text, paragraphs separated by blank lines (lines of one paragraph are
 * joined by a space; a CR before a line end is ignored). At most
 * VISION_MAX_CHARS characters of text, no control character.
 */
#ifndef LECAP_REFERENTIEL_VISION_H
#define LECAP_REFERENTIEL_VISION_H

#include "base/exitcode.h"
#include "io/pg.h"

#define VISION_MAX_CHARS 3000
#define VISION_VERSION_MAX 32

struct vision {
	char version[VISION_VERSION_MAX + 1];
	char *texte;        /* paragraphs joined by "\n\n" */
	char empreinte[65]; /* SHA-256 (hex) of texte */
	char *path;
};

/*
 * Reads and validates path into *v (freed with vision_free). On error logs
 * "FILE:LINE: message" or "FILE : message" with a hint and returns
 * LECAP_USAGE, as for the referential's other files.
 */
int vision_read(const char *path, struct vision *v) LECAP_MUST_CHECK;
void vision_free(struct vision *v);

/*
 * Stores v in lecap.vision, in one transaction, and marks it the one in
 * force: an unknown version is added; the same version with the same text
 * changes nothing; the same version with another text is refused
 * (LECAP_USAGE: a changed text needs a new version). LECAP_DB otherwise.
 */
int vision_db_load(pg_conn *conn, const struct vision *v) LECAP_MUST_CHECK;

#endif
