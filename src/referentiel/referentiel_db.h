/*
 * Loading the in-memory referential (referentiel.h) into PostgreSQL, at
 * `lecap init`.
 *
 * Regions, structure types and offers are upserted; a row that left its file
 * is deleted only when nothing uses it (otherwise kept, with a warning). The
 * grid is stored under its version label ([referentiel] version):
 *   - unknown label: inserted (lecap.referentiel, element, element_offre);
 *   - same label, same SHA-256 of the grid file: nothing to do;
 *   - same label, different SHA-256: replaced when no evaluation or plan
 *     uses that version yet, refused (LECAP_USAGE) otherwise — a changed
 *     grid then needs a new label, and the old one stays for history.
 * Everything happens in one transaction: on any error nothing is changed.
 */
#ifndef LECAP_REFERENTIEL_REFERENTIEL_DB_H
#define LECAP_REFERENTIEL_REFERENTIEL_DB_H

#include "base/exitcode.h"
#include "io/pg.h"
#include "referentiel/referentiel.h"

/* Returns LECAP_OK, LECAP_USAGE (changed grid in use) or LECAP_DB. */
int ref_db_load(pg_conn *conn, const ref_set *set) LECAP_MUST_CHECK;

#endif
