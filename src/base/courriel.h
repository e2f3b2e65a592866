/*
 * E-mail address syntax, shared by the recipients of the reports
 * (src/diffusion) and the registry's courriel_contact column (src/ingest).
 */
#ifndef LECAP_BASE_COURRIEL_H
#define LECAP_BASE_COURRIEL_H

#include "base/exitcode.h"
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
int courriel_check(const char *email, char *why, size_t whysize) LECAP_MUST_CHECK;

/* courriel_check, then the address in lower case into out (one spelling per
 * address). 0 or -1 with the reason in why. */
int courriel_normalize(const char *email, char *out, size_t size, char *why, size_t whysize) LECAP_MUST_CHECK;

#endif
