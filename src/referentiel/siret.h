/*
 * The SIRET's check key, the one rule both the reader of exports
 * (ingest/export_field) and the generator (generate/generate_ident) apply:
 * 14 digits, Luhn-valid, except La Poste's establishments (SIREN 356000000),
 * whose 14 digits sum to a multiple of 5.
 */
#ifndef LECAP_REFERENTIEL_SIRET_H
#define LECAP_REFERENTIEL_SIRET_H

#include <stdbool.h>
#include <stddef.h>

/* The Luhn check digit (0–9) to append to the n digits (SIREN: 8, SIRET: 13). */
int siret_luhn_digit(const char *digits, size_t n);

/* Whether 14 digits (no check that they are digits) carry a right key. */
bool siret_key_valid(const char digits[14]);

#endif
