/* INI configuration reader and the table of every key; see config.h. */
#include "base/config.h"

#include "base/exitcode.h"
#include "base/log.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define KEY(sec, k, type, def, field, help) \
	{sec, k, type, def, offsetof(struct lecap_config, field), help}

/* Every key lecap reads. config/lecap.conf.example lists the same, in order. */
const struct cfg_key cfg_keys[] = {
	KEY("base", "conninfo", CFG_STRING, "", base_conninfo,
	    "chaîne de connexion libpq ou URI ; vide : l'environnement de libpq (PGHOST, PGDATABASE, PGSERVICE...)"),
	KEY("base", "attente_verrous", CFG_INT, "300", base_attente_verrous,
	    "secondes pendant lesquelles migrations et agrégation attendent un verrou tenu par un lecteur ; au-delà, code 3"),
	KEY("base", "lecteurs_duree_requete", CFG_INT, "240", base_lecteurs_duree_requete,
	    "statement_timeout, en secondes, des rôles de connexion créés par lecap acces"),
	KEY("base", "lecteurs_inactivite", CFG_INT, "240", base_lecteurs_inactivite,
	    "idle_in_transaction_session_timeout, en secondes, des rôles créés par lecap acces"),
	KEY("chemins", "entree", CFG_PATH, "var/entree", chemins_entree,
	    "boîte de réception des exports"),
	KEY("chemins", "archive", CFG_PATH, "var/archive", chemins_archive,
	    "fichiers intégrés, doublons et obsolètes, par campagne"),
	KEY("chemins", "quarantaine", CFG_PATH, "var/quarantaine", chemins_quarantaine,
	    "fichiers rejetés, avec leurs motifs"),
	KEY("chemins", "rapports", CFG_PATH, "var/rapports", chemins_rapports,
	    "rapports PDF produits"),
	KEY("referentiel", "fichier", CFG_PATH, "config/referentiel-cap.csv", referentiel_fichier,
	    "grille du Cap : thèmes, sous-thèmes, objectifs, indicateurs"),
	KEY("referentiel", "version", CFG_STRING, "cap-2019", referentiel_version,
	    "libellé de version de la grille"),
	KEY("referentiel", "offres", CFG_PATH, "config/offres.csv", referentiel_offres,
	    "offre de services de la fédération"),
	KEY("referentiel", "regions", CFG_PATH, "config/regions.csv", referentiel_regions,
	    "régions INSEE"),
	KEY("referentiel", "types", CFG_PATH, "config/types-structure.csv", referentiel_types,
	    "types de structure"),
	KEY("referentiel", "vision", CFG_PATH, "config/vision.txt", referentiel_vision,
	    "texte de la vision (« être et faire COORACE »), versionné, imprimé dans la méthode de chaque rapport ; non donné et config/vision.txt absent : vision.txt à côté de [referentiel] fichier"),
	KEY("ingestion", "taille_max", CFG_SIZE, "64MiB", ingestion_taille_max,
	    "taille maximale d'un fichier reçu"),
	KEY("ingestion", "age_min", CFG_SECONDS, "120s", ingestion_age_min,
	    "un fichier dont la taille ou la date de modification a changé depuis moins longtemps est laissé pour la prochaine exécution (dépôt en cours) ; 0 : lu aussitôt"),
	KEY("ingestion", "tolerance_horloge", CFG_SECONDS, "1j", ingestion_tolerance_horloge,
	    "un horodatage_export plus tard que maintenant plus cette avance est refusé (horloge de l'outil déréglée)"),
	KEY("agregats", "completude_min", CFG_RATIO, "0.75", agregats_completude_min,
	    "part minimale d'indicateurs renseignés pour qu'une évaluation soit complète"),
	KEY("agregats", "seuil_secret", CFG_INT, "5", agregats_seuil_secret,
	    "nombre minimal d'entreprises pour diffuser un chiffre (secret statistique)"),
	KEY("rapports", "entreprises", CFG_BOOL, "oui", rapports_entreprises,
	    "produire la photographie de chaque adhérent"),
	KEY("rapports", "priorites", CFG_INT, "5", rapports_priorites,
	    "priorités du plan prêt à l'emploi d'une photographie (3 à 5)"),
	KEY("rapports", "travailleurs", CFG_COUNT, "0", rapports_travailleurs,
	    "photographies dessinées en parallèle (1 à 16) ; 0 : une par processeur, au plus 4"),
	KEY("rapports", "police", CFG_PATH, "", rapports_police,
	    "police TTF à incorporer ; vide : Helvetica intégrée"),
	KEY("journal", "syslog", CFG_BOOL, "non", journal_syslog,
	    "copier les messages dans syslog"),
	KEY("diffusion", "smtp_url", CFG_STRING, "", diffusion_smtp_url,
	    "serveur SMTP : smtp://hôte:port (STARTTLS selon starttls) ou smtps://hôte:port (TLS) ; vide : pas d'envoi"),
	KEY("diffusion", "starttls", CFG_STRING, "si possible", diffusion_starttls,
	    "STARTTLS sur smtp:// : oui (exigé), non, ou si possible"),
	KEY("diffusion", "ca_fichier", CFG_PATH, "", diffusion_ca_fichier,
	    "autorités de certification (PEM) qui vérifient le certificat du serveur SMTP ; vide : celles du système"),
	KEY("diffusion", "utilisateur", CFG_STRING, "", diffusion_utilisateur,
	    "identifiant SMTP ; vide : pas d'authentification"),
	KEY("diffusion", "mot_de_passe_fichier", CFG_PATH, "", diffusion_mot_de_passe_fichier,
	    "fichier qui contient le mot de passe SMTP (lisible du seul propriétaire : chmod 600)"),
	KEY("diffusion", "expediteur", CFG_STRING, "", diffusion_expediteur,
	    "adresse de l'expéditeur (From et enveloppe), ex. lecap@coorace.org"),
	KEY("diffusion", "nom_expediteur", CFG_STRING, "COORACE — Le Cap", diffusion_nom_expediteur,
	    "nom affiché de l'expéditeur"),
	KEY("diffusion", "delai", CFG_INT, "60", diffusion_delai,
	    "délai maximal en secondes pour joindre le serveur et pour chaque envoi"),
	KEY("diffusion", "contact", CFG_STRING, "", diffusion_contact,
	    "adresse où les adhérents posent leurs questions, dite dans leurs messages ; vide : l'expéditeur"),
	KEY("diffusion", "conservation", CFG_INT, "90", diffusion_conservation,
	    "jours pendant lesquels les adresses d'un adhérent sorti du registre sont gardées"),
	KEY("diffusion", "debit_max", CFG_COUNT, "0", diffusion_debit_max,
	    "messages au plus par minute (limite du relais SMTP) ; 0 : pas de limite"),
	KEY("diffusion", "duree_max", CFG_SECONDS, "0", diffusion_duree_max,
	    "durée au plus des envois d'une exécution (ex. 30min, 2h) ; le reste part à la suivante ; 0 : pas de limite"),
	KEY("diffusion", "frequence_synthese", CFG_PERIOD, "hebdomadaire", diffusion_frequence_synthese,
	    "synthèse des délégués régionaux : au plus une par période (quotidienne, hebdomadaire, mensuelle, jamais, ou un nombre de jours de 1 à 366)"),
	KEY("conservation", "archive", CFG_INT, "1095", conservation_archive,
	    "jours de conservation d'un fichier archivé (hors campagne en cours)"),
	KEY("conservation", "quarantaine", CFG_INT, "180", conservation_quarantaine,
	    "jours de conservation d'un fichier rejeté et de ses motifs"),
	KEY("conservation", "journal", CFG_INT, "730", conservation_journal,
	    "jours de conservation du journal des exécutions"),
	KEY("conservation", "anciens_adherents", CFG_INT, "1095", conservation_anciens_adherents,
	    "jours après son dernier fichier reçu où un adhérent sorti du registre est effacé"),
	KEY("conservation", "nuit", CFG_BOOL, "non", conservation_nuit,
	    "appliquer ces durées à la fin de chaque lecap run"),
};
const size_t cfg_key_count = sizeof(cfg_keys) / sizeof(cfg_keys[0]);

static const char *const type_expect[] = {
	[CFG_STRING] = "un texte",
	[CFG_PATH] = "un chemin",
	[CFG_SIZE] = "une taille (ex. 64MiB, 512KiB, 1000000)",
	[CFG_RATIO] = "un nombre entre 0 et 1 (ex. 0.75)",
	[CFG_INT] = "un entier positif",
	[CFG_BOOL] = "oui ou non",
	[CFG_SECONDS] = "une durée (ex. 120s, 2min, 1h, 1j, 0)",
	[CFG_COUNT] = "un entier positif ou nul",
	[CFG_PERIOD] = "quotidienne, hebdomadaire, mensuelle, jamais, ou un nombre de jours de 1 à 366",
};

static const struct cfg_key *find_key(const char *section, const char *key)
{
	for (size_t i = 0; i < cfg_key_count; i++)
		if (strcmp(cfg_keys[i].section, section) == 0 && strcmp(cfg_keys[i].key, key) == 0)
			return &cfg_keys[i];
	return NULL;
}

static bool section_exists(const char *section)
{
	for (size_t i = 0; i < cfg_key_count; i++)
		if (strcmp(cfg_keys[i].section, section) == 0)
			return true;
	return false;
}

int cfg_parse_size(const char *text, int64_t *out)
{
	static const struct { const char *suffix; int64_t mult; } units[] = {
		{"", 1}, {"B", 1}, {"o", 1},
		{"k", 1024}, {"K", 1024}, {"KiB", 1024}, {"Kio", 1024}, {"KB", 1024},
		{"M", 1024 * 1024}, {"MiB", 1024 * 1024}, {"Mio", 1024 * 1024}, {"MB", 1024 * 1024},
		{"G", 1024LL * 1024 * 1024}, {"GiB", 1024LL * 1024 * 1024},
		{"Gio", 1024LL * 1024 * 1024}, {"GB", 1024LL * 1024 * 1024},
	};
	char *end;
	long long n;

	if (!isdigit((unsigned char)text[0]))
		return -1;
	errno = 0;
	n = strtoll(text, &end, 10);
	if (errno || n <= 0)
		return -1;
	while (*end == ' ')
		end++;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(end, units[i].suffix) == 0) {
			if (n > INT64_MAX / units[i].mult)
				return -1;
			*out = n * units[i].mult;
			return 0;
		}
	}
	return -1;
}

int cfg_parse_bool(const char *text, bool *out)
{
	static const char *const yes[] = {"oui", "yes", "true", "on", "1"};
	static const char *const no[] = {"non", "no", "false", "off", "0"};
	for (size_t i = 0; i < 5; i++) {
		if (strcasecmp(text, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcasecmp(text, no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	return -1;
}

/* A period in days: quotidienne 1, hebdomadaire 7, mensuelle 30,
 * jamais 0, or a number of days (1 to 366). */
static int parse_period(const char *text, int *out)
{
	static const struct { const char *name; int days; } names[] = {
		{"quotidienne", 1}, {"hebdomadaire", 7}, {"mensuelle", 30}, {"jamais", 0},
	};
	char *end;
	long n;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(text, names[i].name) == 0) {
			*out = names[i].days;
			return 0;
		}
	if (!isdigit((unsigned char)*text))
		return -1;
	errno = 0;
	n = strtol(text, &end, 10);
	if (errno || *end || n < 1 || n > 366)
		return -1;
	*out = (int)n;
	return 0;
}

/* Stores value into the field of k; returns -1 when value does not parse. */
static int store(struct lecap_config *cfg, const struct cfg_key *k, const char *value)
{
	char *field = (char *)cfg + k->offset;
	char *end;

	switch (k->type) {
	case CFG_STRING:
	case CFG_PATH: {
		char *copy = strdup(value);
		if (!copy)
			return -1;
		free(*(char **)field);
		*(char **)field = copy;
		return 0;
	}
	case CFG_SIZE:
		return cfg_parse_size(value, (int64_t *)field);
	case CFG_RATIO: {
		double d;
		errno = 0;
		d = strtod(value, &end);
		if (errno || end == value || *end || !(d >= 0.0 && d <= 1.0))
			return -1;
		*(double *)field = d;
		return 0;
	}
	case CFG_INT:
	case CFG_COUNT: {
		long n;
		errno = 0;
		n = strtol(value, &end, 10);
		if (errno || end == value || *end || n < (k->type == CFG_COUNT ? 0 : 1) || n > 1000000)
			return -1;
		*(int *)field = (int)n;
		return 0;
	}
	case CFG_BOOL:
		return cfg_parse_bool(value, (bool *)field);
	case CFG_PERIOD:
		return parse_period(value, (int *)field);
	case CFG_SECONDS: {
		static const struct { const char *unit; long mult; } units[] = {
			{"", 1}, {"s", 1}, {"min", 60}, {"h", 3600}, {"j", 86400},
		};
		long n;
		errno = 0;
		n = strtol(value, &end, 10);
		if (errno || end == value || n < 0 || n > 100L * 86400 || !isdigit((unsigned char)*value))
			return -1;
		for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
			if (strcmp(end, units[i].unit) == 0) {
				*(long *)field = n * units[i].mult;
				return n * units[i].mult <= 100L * 86400 ? 0 : -1;
			}
		return -1;
	}
	}
	return -1;
}

void cfg_init(struct lecap_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	for (size_t i = 0; i < cfg_key_count; i++)
		if (store(cfg, &cfg_keys[i], cfg_keys[i].def) != 0)
			abort(); /* a default that does not parse is a programming error */
}

void cfg_release(struct lecap_config *cfg)
{
	for (size_t i = 0; i < cfg_key_count; i++) {
		if (cfg_keys[i].type == CFG_STRING || cfg_keys[i].type == CFG_PATH) {
			char **p = (char **)((char *)cfg + cfg_keys[i].offset);
			free(*p);
			*p = NULL;
		}
	}
	free(cfg->source);
	cfg->source = NULL;
}

int cfg_set(struct lecap_config *cfg, const char *section, const char *key,
	    const char *value, const char *origin)
{
	const struct cfg_key *k = find_key(section, key);

	if (!k) {
		log_error("%s : clé inconnue « %s » dans la section [%s]", origin, key, section);
		return LECAP_USAGE;
	}
	if (store(cfg, k, value) != 0) {
		log_error("%s : valeur invalide « %s » pour [%s] %s : attendu %s",
			  origin, value, section, key, type_expect[k->type]);
		return LECAP_USAGE;
	}
	return LECAP_OK;
}

static char *trim(char *s)
{
	char *e;
	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

int cfg_read_buffer(struct lecap_config *cfg, const char *name, const char *text, size_t len)
{
	char section[64] = "";
	char line[4096];
	size_t pos = 0;
	int lineno = 0;

	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		pos = 3;
	while (pos < len) {
		size_t start = pos, n;
		char *s, *eq, *key, *value;
		char origin[600];

		while (pos < len && text[pos] != '\n')
			pos++;
		n = pos - start;
		pos++; /* the newline */
		lineno++;
		if (memchr(text + start, '\0', n)) {
			log_error("%s:%d : octet nul dans le fichier de configuration", name, lineno);
			return LECAP_USAGE;
		}
		if (n >= sizeof(line)) {
			log_error("%s:%d : ligne trop longue (plus de %zu caractères)", name, lineno,
				  sizeof(line) - 1);
			return LECAP_USAGE;
		}
		memcpy(line, text + start, n);
		line[n] = '\0';
		s = trim(line);
		if (*s == '\0' || *s == ';' || *s == '#')
			continue;
		if (*s == '[') {
			char *close = strchr(s, ']');
			if (!close || *trim(close + 1) != '\0') {
				log_error("%s:%d : en-tête de section mal formé « %s »", name, lineno, s);
				log_hint("une section s'écrit [nom], seule sur sa ligne");
				return LECAP_USAGE;
			}
			*close = '\0';
			s = trim(s + 1);
			if (!section_exists(s)) {
				log_error("%s:%d : section inconnue [%s]", name, lineno, s);
				log_hint("sections connues : [base] [chemins] [referentiel] [ingestion] "
					 "[agregats] [rapports] [journal] [diffusion] ; voir config/lecap.conf.example");
				return LECAP_USAGE;
			}
			snprintf(section, sizeof(section), "%s", s);
			continue;
		}
		eq = strchr(s, '=');
		if (!eq) {
			log_error("%s:%d : ligne sans « = » : « %s »", name, lineno, s);
			log_hint("une clé s'écrit nom = valeur");
			return LECAP_USAGE;
		}
		*eq = '\0';
		key = trim(s);
		value = trim(eq + 1);
		/* Quotes let a value keep leading spaces or a ';'. */
		if (value[0] == '"' && strlen(value) >= 2 && value[strlen(value) - 1] == '"') {
			value[strlen(value) - 1] = '\0';
			value++;
		}
		if (section[0] == '\0') {
			log_error("%s:%d : clé « %s » hors de toute section", name, lineno, key);
			log_hint("placez-la sous son en-tête, par exemple [base]");
			return LECAP_USAGE;
		}
		snprintf(origin, sizeof(origin), "%s:%d", name, lineno);
		if (cfg_set(cfg, section, key, value, origin) != LECAP_OK) {
			log_hint("les clés et leurs valeurs sont décrites dans config/lecap.conf.example");
			return LECAP_USAGE;
		}
	}
	return LECAP_OK;
}

int cfg_read_file(struct lecap_config *cfg, const char *path)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	char *buf = NULL;
	size_t len = 0;
	int ret = LECAP_OK;

	if (!f) {
		log_error("%s : impossible de lire le fichier de configuration : %s", path, strerror(errno));
		return LECAP_USAGE;
	}
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		ret = log_fail(LECAP_USAGE, "%s : n'est pas un fichier ordinaire", path);
		goto cleanup;
	}
	/* The file says where the database is: nobody else may rewrite it. */
	if (st.st_mode & S_IWOTH) {
		ret = log_fail(LECAP_USAGE, "%s : fichier de configuration modifiable par tous", path);
		log_hint("chmod o-w %s", path);
		goto cleanup;
	}
	if (st.st_size > 1024 * 1024) {
		ret = log_fail(LECAP_USAGE, "%s : fichier de configuration trop gros", path);
		goto cleanup;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		ret = log_fail(LECAP_IO, "%s : mémoire insuffisante", path);
		goto cleanup;
	}
	len = fread(buf, 1, (size_t)st.st_size, f);
	if (ferror(f)) {
		ret = log_fail(LECAP_USAGE, "%s : erreur de lecture", path);
		goto cleanup;
	}
	buf[len] = '\0';
	ret = cfg_read_buffer(cfg, path, buf, len);
	if (ret == LECAP_OK) {
		free(cfg->source);
		cfg->source = strdup(path);
	}
cleanup:
	free(buf);
	fclose(f);
	return ret;
}

int cfg_read_env(struct lecap_config *cfg)
{
	for (size_t i = 0; i < cfg_key_count; i++) {
		char name[128], origin[160];
		const char *value;

		snprintf(name, sizeof(name), "LECAP_%s_%s", cfg_keys[i].section, cfg_keys[i].key);
		for (size_t j = 0; name[j]; j++)
			name[j] = (char)toupper((unsigned char)name[j]);
		value = getenv(name);
		if (!value)
			continue;
		snprintf(origin, sizeof(origin), "variable d'environnement %s", name);
		if (cfg_set(cfg, cfg_keys[i].section, cfg_keys[i].key, value, origin) != LECAP_OK)
			return LECAP_USAGE;
	}
	return LECAP_OK;
}

static bool file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

#define VISION_DEFAULT "config/vision.txt"
#define FICHIER_DEFAULT "config/referentiel-cap.csv"

int cfg_derive_defaults(struct lecap_config *cfg)
{
	const char *f = cfg->referentiel_fichier, *slash;
	char *v;
	size_t dir;

	if (strcmp(cfg->referentiel_vision, VISION_DEFAULT) != 0 || strcmp(f, FICHIER_DEFAULT) == 0 ||
	    file_exists(VISION_DEFAULT))
		return 0;
	slash = strrchr(f, '/');
	dir = slash ? (size_t)(slash - f) + 1 : 0;
	if (!(v = malloc(dir + sizeof "vision.txt")))
		return -1;
	memcpy(v, f, dir);
	memcpy(v + dir, "vision.txt", sizeof "vision.txt");
	free(cfg->referentiel_vision);
	cfg->referentiel_vision = v;
	return 0;
}

int cfg_load(struct lecap_config *cfg, const char *explicit_path)
{
	const char *env = getenv("LECAP_CONFIG");
	const char *path = NULL;
	int ret;

	if (explicit_path)
		path = explicit_path;
	else if (env && *env)
		path = env;
	else if (file_exists("config/lecap.conf"))
		path = "config/lecap.conf";
	else if (file_exists("/etc/lecap/lecap.conf"))
		path = "/etc/lecap/lecap.conf";

	if (path) {
		ret = cfg_read_file(cfg, path);
		if (ret != LECAP_OK)
			return ret;
		log_debug("configuration lue dans %s", path);
	} else {
		log_debug("aucun fichier de configuration : valeurs par défaut");
	}
	ret = cfg_read_env(cfg);
	if (ret == LECAP_OK && cfg_derive_defaults(cfg) != 0) {
		log_error("mémoire insuffisante");
		ret = LECAP_IO;
	}
	return ret;
}
