/*
 * Parsers of the values found in member exports (docs/format-exports.md):
 * SIRET, years, dates, export timestamps, notes, colleges, priorities and
 * statuses. Pure functions on NUL-terminated UTF-8 text, no allocation.
 *
 * Each returns true when the text is acceptable and writes the normalised
 * form (the one stored in PostgreSQL) into its output.
 */
#ifndef LECAP_INGEST_EXPORT_FIELD_H
#define LECAP_INGEST_EXPORT_FIELD_H

#include <stdbool.h>
#include <stddef.h>

enum siret_status {
	SIRET_OK,
	SIRET_FORMAT, /* not 14 digits once spaces are removed */
	SIRET_KEY,    /* 14 digits, but the check rule fails */
};

/*
 * A SIRET: 14 digits, spaces (also no-break and narrow no-break spaces, as
 * French spreadsheets group digits) allowed anywhere. Luhn-valid, except La Poste's
 * establishments (prefix 356000000) whose digit sum is a multiple of 5.
 * out receives the 14 digits and a NUL when the format is right.
 */
enum siret_status export_field_siret(const char *text, char out[15]);

/* A campaign: a year 2000–2100 written with 4 digits. */
bool export_field_year(const char *text, int *year);

/* A real calendar date, dd/mm/yyyy or yyyy-mm-dd; out gets "yyyy-mm-dd". */
bool export_field_date(const char *text, char out[11]);

/*
 * An export timestamp: ISO 8601 "yyyy-mm-ddThh:mm[:ss[.fff]]" (T or space)
 * with an optional Z or ±hh[:mm] offset, or "dd/mm/yyyy hh:mm[:ss]".
 * out gets "yyyy-mm-dd hh:mm:ss[.fff][+hh:mm]" (PostgreSQL input; without an
 * offset the session time zone, Europe/Paris, applies).
 */
bool export_field_timestamp(const char *text, char out[40]);

/*
 * Seconds since the epoch of a timestamp normalised by export_field_timestamp();
 * without an offset the time is Europe/Paris' (EU summer time rule), as in
 * the database session. Returns false on a malformed text.
 */
bool export_field_timestamp_epoch(const char *normalised, double *epoch);

/*
 * A note cell: "1".."4" → 1..4; NC, N/C, « non concerné » (case, accents
 * and spaces ignored; nothing else: "N.C." is refused) → 0; empty → -1
 * (no answer). Returns false for anything else.
 */
bool export_field_note(const char *text, int *note);

/* A college, by code or by label (« Salarié·e en insertion »), compared whole
 * with case, accents, spaces, _ and the signs of inclusive writing
 * (· . - ( ) /) ignored; returns the code (direction, salarie_permanent, ...)
 * or NULL when unknown. */
const char *export_field_college(const char *text);

/* A priority: 1–3 or haute/moyenne/basse (case, accents, spaces ignored)
 * → 1..3. */
bool export_field_priority(const char *text, int *priority);

/* An action status (« À engager », « Réalisée »...; case, accents, spaces,
 * _ - ' ignored) → its code or NULL. */
const char *export_field_status(const char *text);

enum export_field_personal {
	FIELD_PERSONAL_NONE,
	FIELD_PERSONAL_EMAIL, /* local@domain.tld */
	FIELD_PERSONAL_PHONE, /* French 0X XX XX XX XX, +CC ..., 00CC ... */
};

/*
 * Whether a pseudonym or a responsable holds an e-mail address or a phone
 * number (docs/format-exports.md: never a person's contact details).
 * Phone numbers: 10 digits starting with 0 (separators space, '.', '-',
 * no-break spaces, parentheses allowed between digits); or '+' or "00" then
 * 8 to 15 digits. Dates, years and codes such as « R-4C1E » are not phones.
 */
enum export_field_personal export_field_personal(const char *text);

/* Number of characters of a UTF-8 string of len bytes. */
size_t export_field_chars(const char *utf8, size_t len);

#endif
