/*
 * What `lecap init` does, callable from `lecap run`: the schema migrations,
 * then the referential (grid, offers, regions, types) and the vision text
 * ([referentiel] vision) into the database.
 */
#ifndef LECAP_REFERENTIEL_DBINIT_H
#define LECAP_REFERENTIEL_DBINIT_H

#include "base/exitcode.h"
#include "io/pg.h"
#include "referentiel/referentiel.h"

/* Reads the vision text (vision.h) first — a faulty file stops before the
 * database changes —, applies missing migrations (logging what it did),
 * then loads ref and the vision. */
int dbinit_apply(pg_conn *conn, const ref_set *ref, const char *vision_path) LECAP_MUST_CHECK;

#endif
