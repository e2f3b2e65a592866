/*
 * Who the synthetic members are: SIRETs (Luhn-valid, or La Poste's rule),
 * French raisons sociales, respondents' pseudonyms. Pure functions of their
 * arguments and of the random stream given.
 */
#ifndef LECAP_GENERATE_GENERATE_IDENT_H
#define LECAP_GENERATE_GENERATE_IDENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "generate/generate_rng.h"

/* More enterprises than this would reuse SIRENs. */
#define GEN_MAX_ENTERPRISES 10000000

/* The contract's rule: 14 digits, Luhn-valid, or for La Poste (SIREN
 * 356000000) a digit sum divisible by 5. */
bool gen_ident_siret_valid(const char *siret);

/* A bijection of enterprise numbers onto SIREN bodies, drawn from the seed. */
struct gen_siret_space {
	uint64_t a, b;
};
void gen_ident_siret_space_init(struct gen_siret_space *sp, uint64_t seed);

/*
 * The SIRET (14 digits and a NUL) of enterprise index < GEN_MAX_ENTERPRISES:
 * distinct indexes give distinct SIRENs. nic is the establishment number
 * (0–9999). laposte: an establishment of La Poste instead, numbered by index,
 * which must then be below 10000.
 */
void gen_ident_siret_make(const struct gen_siret_space *sp, uint64_t index, unsigned nic,
		    bool laposte, char out[15]);

/* Another valid SIRET of the same SIREN: establishment nic instead. */
void gen_ident_siret_other_establishment(const char *siret, unsigned nic, char out[15]);

/* A raison sociale for a structure of type type_code in region region_code
 * (INSEE), with accents, apostrophes, sometimes « guillemets », a separator
 * or a line break, all representable in Windows-1252. */
void gen_ident_raison_sociale(struct gen_rng *r, const char *region_code, const char *type_code,
			char *out, size_t size);

/* The pseudonym of the respondent at rank (0-based) in a file written with
 * pseudonym style style (0–3): unique within the file, never a name. */
void gen_ident_pseudonym(unsigned style, unsigned salt, unsigned rank, char *out, size_t size);

#endif
