/*
 * The Le Cap referential held in memory: the grid (themes, sub-themes,
 * objectives, indicators with targets, weights and offers), the service
 * offers, the INSEE regions and the structure types, read from the files
 * named by [referentiel] and validated.
 *
 * Used without a database by `lecap check` and `lecap generate`, and by
 * `lecap init` to load the grid into PostgreSQL (referentiel_db.h).
 *
 * ref_load() returns a set the caller frees with ref_free(); every pointer
 * obtained from it stays valid until then. A loaded set is read-only: lookups
 * may run from several threads at once.
 */
#ifndef LECAP_REFERENTIEL_REFERENTIEL_H
#define LECAP_REFERENTIEL_REFERENTIEL_H

#include "base/exitcode.h"
#include <stdbool.h>
#include <stddef.h>

#include "base/config.h"

enum ref_level { REF_THEME, REF_SOUS_THEME, REF_OBJECTIF, REF_INDICATEUR };
#define REF_LEVELS 4

struct ref_element {
	const char *code;        /* "1", "1.1", "1.1.1", "1.1.1.a" */
	enum ref_level niveau;
	const char *parent;      /* NULL for a theme */
	const char *libelle;
	double cible;            /* objectives only, 1–4; 0 otherwise */
	double poids;            /* > 0, default 1 */
	int rang;                /* 0-based order in the file */
	const char *const *offres; /* objectives: offer codes (>= 1) */
	size_t noffres;
};

/* An offer, a region or a structure type. */
struct ref_item {
	const char *code;
	const char *libelle;
	const char *description; /* offers only; "" otherwise */
};

typedef struct ref_set ref_set;

/*
 * Reads and validates the four files of cfg ([referentiel] fichier, offres,
 * regions, types). On error logs each problem as "FILE:LINE: message" (code
 * included) and returns LECAP_USAGE; LECAP_OK and *out otherwise.
 */
int ref_load(const struct lecap_config *cfg, ref_set **out) LECAP_MUST_CHECK;
void ref_free(ref_set *set);

const char *ref_version(const ref_set *set);
/* SHA-256 (hex) of the grid file's bytes: decides whether a reload changes it. */
const char *ref_grid_sha256(const ref_set *set);
const char *ref_grid_path(const ref_set *set);

/* Elements of one level, in file order. Codes are unique across levels;
 * ref_element.rang is the position among all elements of the file. */
size_t ref_count(const ref_set *set, enum ref_level level);
const struct ref_element *ref_at(const ref_set *set, enum ref_level level, size_t i);
/* Any element by its code, or NULL. */
const struct ref_element *ref_find(const ref_set *set, const char *code);
/* Index of an indicator among ref_at(set, REF_INDICATEUR, ·), or -1. */
int ref_indicator_index(const ref_set *set, const char *code);
/* Index of any element among the elements of its level (ref_at), or -1:
 * handy to keep one array slot per objective, sub-theme or theme. */
int ref_index(const ref_set *set, const char *code);

size_t ref_offer_count(const ref_set *set);
const struct ref_item *ref_offer_at(const ref_set *set, size_t i);
/* An offer by code, case-insensitively ("formation" finds FORMATION). */
const struct ref_item *ref_offer_find(const ref_set *set, const char *code);

size_t ref_region_count(const ref_set *set);
const struct ref_item *ref_region_at(const ref_set *set, size_t i);
/* A region by INSEE code ("84") or by name, compared whole, case-, accent-,
 * space-, hyphen- and apostrophe-insensitively ("auvergne rhone alpes",
 * "Provence-Alpes-Côte d’Azur"); NULL when unknown. */
const struct ref_item *ref_region_find(const ref_set *set, const char *code_or_name);

size_t ref_type_count(const ref_set *set);
const struct ref_item *ref_type_at(const ref_set *set, size_t i);
/* A structure type by code, case-insensitively ("aci" finds ACI). */
const struct ref_item *ref_type_find(const ref_set *set, const char *code);

#endif
