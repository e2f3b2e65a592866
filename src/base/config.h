/*
 * Configuration: one INI file, one table of keys (config.c, cfg_keys[]).
 *
 * Precedence: command line > environment (LECAP_<SECTION>_<KEY>) > file >
 * built-in default. The file is -c FILE, else $LECAP_CONFIG, else
 * ./config/lecap.conf, else /etc/lecap/lecap.conf, else none.
 *
 * A struct lecap_config is caller-owned: cfg_init() fills the defaults,
 * cfg_release() frees the strings it holds.
 */
#ifndef LECAP_BASE_CONFIG_H
#define LECAP_BASE_CONFIG_H

#include "base/exitcode.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct lecap_config {
	char *source; /* the file read, or NULL when none */

	char *base_conninfo;
	int base_attente_verrous;
	int base_lecteurs_duree_requete;
	int base_lecteurs_inactivite;

	char *chemins_entree;
	char *chemins_archive;
	char *chemins_quarantaine;
	char *chemins_rapports;

	char *referentiel_fichier;
	char *referentiel_version;
	char *referentiel_offres;
	char *referentiel_regions;
	char *referentiel_types;
	char *referentiel_vision;

	int64_t ingestion_taille_max;
	long ingestion_age_min;          /* seconds */
	long ingestion_tolerance_horloge; /* seconds */

	double agregats_completude_min;
	int agregats_seuil_secret;

	bool rapports_entreprises;
	int rapports_priorites; /* 3 to 5, checked by the report step */
	int rapports_travailleurs; /* 0 (one per online CPU, at most 4) or 1 to 16, checked by the report step */
	char *rapports_police;

	bool journal_syslog;

	char *diffusion_smtp_url;
	char *diffusion_starttls;
	char *diffusion_ca_fichier;
	char *diffusion_utilisateur;
	char *diffusion_mot_de_passe_fichier;
	char *diffusion_expediteur;
	char *diffusion_nom_expediteur;
	int diffusion_delai;
	int diffusion_conservation;
	int diffusion_debit_max;   /* messages per minute; 0: no limit */
	long diffusion_duree_max;  /* seconds of sending per run; 0: no limit */
	char *diffusion_contact;   /* where members ask their questions ("" : expediteur) */
	int diffusion_frequence_synthese; /* days between two digests to a delegate; 0: never (jamais) */

	/* Retention, in days (lecap purger; lecap run when conservation_nuit). */
	int conservation_archive;
	int conservation_quarantaine;
	int conservation_journal;
	int conservation_anciens_adherents;
	bool conservation_nuit;
};

enum cfg_type { CFG_STRING, CFG_PATH, CFG_SIZE, CFG_RATIO, CFG_INT, CFG_BOOL, CFG_SECONDS, CFG_COUNT, CFG_PERIOD };

struct cfg_key {
	const char *section;
	const char *key;
	enum cfg_type type;
	const char *def; /* default, as it would be written in the file */
	size_t offset;   /* of the field in struct lecap_config */
	const char *help;
};

extern const struct cfg_key cfg_keys[];
extern const size_t cfg_key_count;

/* Fills every key with its default. */
void cfg_init(struct lecap_config *cfg);
void cfg_release(struct lecap_config *cfg);

/*
 * Finds and reads the configuration file (explicit may be NULL), then the
 * environment. Returns LECAP_OK, or LECAP_USAGE after logging an error that
 * names the file, the line and the key.
 */
int cfg_load(struct lecap_config *cfg, const char *explicit_path) LECAP_MUST_CHECK;

/*
 * Defaults that follow another key, applied by cfg_load after the file and
 * the environment: [referentiel] vision left at its default, when that
 * default (config/vision.txt) does not exist, is vision.txt beside
 * [referentiel] fichier (an installation configured before the vision
 * existed finds the packaged text beside its grid). -1: no memory.
 */
int cfg_derive_defaults(struct lecap_config *cfg) LECAP_MUST_CHECK;
/* Reads one INI file into cfg. */
int cfg_read_file(struct lecap_config *cfg, const char *path) LECAP_MUST_CHECK;
/* Parses INI text; name is used in messages. */
int cfg_read_buffer(struct lecap_config *cfg, const char *name, const char *text, size_t len) LECAP_MUST_CHECK;
/* Applies LECAP_<SECTION>_<KEY> variables. */
int cfg_read_env(struct lecap_config *cfg) LECAP_MUST_CHECK;
/* Sets one key from its textual value; origin names where it came from. */
int cfg_set(struct lecap_config *cfg, const char *section, const char *key,
	    const char *value, const char *origin) LECAP_MUST_CHECK;

/* Parses "64MiB", "512k", "1000": returns 0 and *out, or -1. */
int cfg_parse_size(const char *text, int64_t *out) LECAP_MUST_CHECK;
/* Parses oui/non (and yes/no, true/false, on/off, 1/0): 0 or -1. */
int cfg_parse_bool(const char *text, bool *out) LECAP_MUST_CHECK;

#endif
