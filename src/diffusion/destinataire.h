/*
 * Recipients of the reports (lecap.destinataire): address validation and the
 * queries behind lecap recipients. A recipient is a region code of
 * lecap.region, or 'FR' for the national report, and an address; it is never
 * deleted, only deactivated, so that lecap.envoi keeps pointing at it.
 *
 * Every function logs its own French message naming the value (and file:line
 * for a CSV) and returns an exit code of src/exitcode.h.
 */
#ifndef LECAP_DIFFUSION_DESTINATAIRE_H
#define LECAP_DIFFUSION_DESTINATAIRE_H

#include "base/exitcode.h"
#include "io/pg.h"

#include <stdbool.h>
#include <stddef.h>

/*
 * Checks an e-mail address against the subset lecap accepts: local@domain,
 * ASCII only, no spaces; the local part (1–64 characters) of letters,
 * digits, !#$%&'*+-/=?^_`{|}~ and dots (not first, not last, never two in a
 * row); the domain (at most 253 characters) of at least two dot-separated
 * labels of letters, digits and hyphens (1–63 characters, no hyphen at
 * either end); 254 characters in all. Returns 0, or -1 with the French
 * reason in why (e.g. "le domaine doit contenir un point").
 */
int destinataire_email_check(const char *email, char *why, size_t whysize) LECAP_MUST_CHECK;

/* Checks that region is 'FR' or a code of lecap.region: LECAP_OK,
 * LECAP_USAGE (logged, naming the value) or LECAP_DB. */
int destinataire_region_check(pg_conn *conn, const char *region) LECAP_MUST_CHECK;

/*
 * Adds a recipient, or reactivates it and updates its name when the pair
 * (region, email) exists. Addresses are stored in lower case. Validates both first. Prints what it did on
 * stdout. LECAP_OK, LECAP_USAGE (bad value) or LECAP_DB.
 */
int destinataire_add(pg_conn *conn, const char *region, const char *email, const char *nom) LECAP_MUST_CHECK;

/* Deactivates a recipient (history kept). LECAP_USAGE when there is no such
 * active recipient. */
int destinataire_remove(pg_conn *conn, const char *region, const char *email) LECAP_MUST_CHECK;

/* Prints every recipient, active or not, by region then address; then,
 * when there is any, every member address (lecap.contact_adherent) by
 * region, SIRET and address, saying where it comes from (registre, à la
 * main, registre et à la main, ancien registre), whether the member opted
 * out (désinscrite) and whether it left the registry. */
int destinataire_list(pg_conn *conn) LECAP_MUST_CHECK;

/* True when arg is a SIRET (14 digits, spaces ignored), written into out:
 * lecap recipients then manages a member address, not a region's. */
bool destinataire_is_siret(const char *arg, char out[15]);

/*
 * Adds a member address by hand (lecap.contact_adherent, manuel): the member
 * must be known (registry, past or present, or an evaluation). An address the
 * registry also gives is kept once; the hand-given name and state win over
 * the registry. Reactivates an opted-out address. LECAP_OK, LECAP_USAGE, LECAP_DB.
 */
int destinataire_member_add(pg_conn *conn, const char *siret, const char *email, const char *nom) LECAP_MUST_CHECK;

/* Opts a member address out (actif false, decided by hand: a registry reload
 * does not bring it back). LECAP_USAGE when there is no such active address. */
int destinataire_member_remove(pg_conn *conn, const char *siret, const char *email) LECAP_MUST_CHECK;

/* Erases the addresses of members gone from the registry
 * (lecap.contact_adherent.sorti_le, set by the registry's loading) more than
 * days ago. Logs the count when any. Called by lecap run (even with the
 * diffusion off) and lecap send. */
int destinataire_erase_contacts(pg_conn *conn, int days) LECAP_MUST_CHECK;

/* lecap status: the addresses deactivated after 3 runs in a row refused by
 * the SMTP server (lecap.refus_adresse), one line each; nothing when none or
 * when the role cannot read the table. */
int destinataire_print_refused(pg_conn *conn) LECAP_MUST_CHECK;

/*
 * Loads region;email;nom[;actif] lines (or SIRET;email;nom[;actif]: a member
 * address, added by hand as destinataire_member_add does) (UTF-8, optional header line
 * starting with "region"): each pair is added or updated; pairs absent
 * from the file are left alone. All or nothing: every line is checked
 * first, every problem logged as "FILE:LINE : ...", and nothing is written
 * unless all are valid (LECAP_REJECTED otherwise; LECAP_IO when the file
 * cannot be read).
 */
int destinataire_load_csv(pg_conn *conn, const char *path) LECAP_MUST_CHECK;

#endif
