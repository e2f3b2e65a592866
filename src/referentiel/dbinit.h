/*
 * What `lecap init` does, callable from `lecap run`: the schema migrations,
 * then the referential (grid, offers, regions, types) into the database.
 */
#ifndef LECAP_REFERENTIEL_DBINIT_H
#define LECAP_REFERENTIEL_DBINIT_H

#include "base/exitcode.h"
#include "io/pg.h"
#include "referentiel/referentiel.h"

/* Applies missing migrations (logging what it did), then loads ref. */
int dbinit_apply(pg_conn *conn, const ref_set *ref) LECAP_MUST_CHECK;

#endif
