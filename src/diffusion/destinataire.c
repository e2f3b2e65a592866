/* Recipients of the reports; see destinataire.h. */
#include "diffusion/destinataire.h"

#include "base/config.h"
#include "io/csvread.h"
#include "base/exitcode.h"
#include "base/log.h"
#include "base/text.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool is_atext(unsigned char c)
{
	return isalnum(c) || (c && strchr("!#$%&'*+-/=?^_`{|}~", c));
}

int dest_email_check(const char *email, char *why, size_t whysize)
{
	const char *at = strchr(email, '@'), *p, *label;
	size_t len = strlen(email), local;

	for (p = email; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
			snprintf(why, whysize, "espace interdit");
			return -1;
		}
		if (c >= 0x80 || c < 0x20) {
			snprintf(why, whysize, "seuls les caractères ASCII sont acceptés");
			return -1;
		}
	}
	if (len > 254) {
		snprintf(why, whysize, "adresse trop longue (plus de 254 caractères)");
		return -1;
	}
	if (!at) {
		snprintf(why, whysize, "il manque « @ »");
		return -1;
	}
	if (strchr(at + 1, '@')) {
		snprintf(why, whysize, "plusieurs « @ »");
		return -1;
	}
	local = (size_t)(at - email);
	if (local == 0) {
		snprintf(why, whysize, "partie avant « @ » vide");
		return -1;
	}
	if (local > 64) {
		snprintf(why, whysize, "partie avant « @ » trop longue (plus de 64 caractères)");
		return -1;
	}
	for (p = email; p < at; p++) {
		if (*p == '.') {
			if (p == email || p + 1 == at || p[1] == '.') {
				snprintf(why, whysize, "point mal placé avant « @ »");
				return -1;
			}
		} else if (!is_atext((unsigned char)*p)) {
			snprintf(why, whysize, "caractère « %c » interdit avant « @ »", *p);
			return -1;
		}
	}
	if (at[1] == '\0') {
		snprintf(why, whysize, "domaine vide");
		return -1;
	}
	if (!strchr(at + 1, '.')) {
		snprintf(why, whysize, "le domaine doit contenir un point");
		return -1;
	}
	if (strlen(at + 1) > 253) {
		snprintf(why, whysize, "domaine trop long (plus de 253 caractères)");
		return -1;
	}
	label = at + 1;
	for (p = at + 1;; p++) {
		if (*p == '.' || *p == '\0') {
			size_t n = (size_t)(p - label);
			if (n == 0 || n > 63 || label[0] == '-' || p[-1] == '-') {
				snprintf(why, whysize, "domaine mal formé « %s »", at + 1);
				return -1;
			}
			if (*p == '\0')
				break;
			label = p + 1;
		} else if (!isalnum((unsigned char)*p) && *p != '-') {
			snprintf(why, whysize, "caractère « %c » interdit dans le domaine", *p);
			return -1;
		}
	}
	return 0;
}

/* Validates email and writes it in lower case into out: domains are
 * case-insensitive, and so are local parts in practice; one spelling per
 * address keeps (region, email) unique. */
static int normalize_email(const char *email, char *out, size_t size, const char *origin)
{
	char why[160];

	if (dest_email_check(email, why, sizeof(why)) != 0) {
		log_error("%s%sadresse électronique invalide « %s » : %s", origin ? origin : "",
			  origin ? " : " : "", email, why);
		return -1;
	}
	snprintf(out, size, "%s", email);
	for (char *p = out; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return 0;
}

static void email_hint(void)
{
	log_hint("une adresse s'écrit nom@domaine.fr, sans espace ni accent");
}

static void region_hint(void)
{
	log_hint("attendu le code INSEE d'une région de lecap.region (ex. 84) ou FR pour le rapport "
		 "national ; lecap init charge les régions");
}

int dest_region_check(pg_conn *conn, const char *region)
{
	const char *params[1] = {region};
	pg_result *res;
	int ret, n;

	if (strcmp(region, "FR") == 0)
		return LECAP_OK;
	ret = pg_query(conn, "vérification de la région", "SELECT 1 FROM lecap.region WHERE code = $1",
		       1, params, &res);
	if (ret != LECAP_OK)
		return ret;
	n = pg_ntuples(res);
	pg_result_free(res);
	if (n == 0) {
		log_error("région inconnue « %s »", region);
		region_hint();
		return LECAP_USAGE;
	}
	return LECAP_OK;
}

static void print_recipient(const char *verb, const char *region, const char *email, const char *nom)
{
	if (nom && *nom)
		printf("%s : %s %s (%s)\n", verb, region, email, nom);
	else
		printf("%s : %s %s\n", verb, region, email);
}

int dest_add(pg_conn *conn, const char *region, const char *email, const char *nom)
{
	char addr[300];
	const char *params[3];
	pg_result *res;
	int ret;

	if (normalize_email(email, addr, sizeof(addr), NULL) != 0) {
		email_hint();
		return LECAP_USAGE;
	}
	if (!text_is_utf8(nom, strlen(nom))) {
		log_error("nom « %s » : texte qui n'est pas en UTF-8", nom);
		return LECAP_USAGE;
	}
	ret = dest_region_check(conn, region);
	if (ret != LECAP_OK)
		return ret;
	params[0] = region;
	params[1] = addr;
	params[2] = nom;
	/* The old row tells what happened: none, inactive, or active. */
	ret = pg_query(conn, "ajout d'un destinataire",
		       "WITH old AS (SELECT actif FROM lecap.destinataire WHERE region = $1 AND email = $2), "
		       "up AS (INSERT INTO lecap.destinataire (region, email, nom) VALUES ($1, $2, $3) "
		       "ON CONFLICT (region, email) DO UPDATE SET nom = EXCLUDED.nom, actif = true RETURNING 1) "
		       "SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM old) THEN 'a' "
		       "WHEN (SELECT actif FROM old) THEN 'p' ELSE 'r' END FROM up",
		       3, params, &res);
	if (ret != LECAP_OK)
		return ret;
	switch (pg_value(res, 0, 0)[0]) {
	case 'a':
		print_recipient("destinataire ajouté", region, addr, nom);
		break;
	case 'r':
		print_recipient("destinataire réactivé", region, addr, nom);
		break;
	default:
		print_recipient("destinataire déjà présent, nom mis à jour", region, addr, nom);
	}
	pg_result_free(res);
	return LECAP_OK;
}

int dest_remove(pg_conn *conn, const char *region, const char *email)
{
	char addr[300];
	const char *params[2];
	pg_result *res;
	long n;
	int ret;

	if (normalize_email(email, addr, sizeof(addr), NULL) != 0) {
		email_hint();
		return LECAP_USAGE;
	}
	params[0] = region;
	params[1] = addr;
	ret = pg_query(conn, "désactivation d'un destinataire",
		       "UPDATE lecap.destinataire SET actif = false "
		       "WHERE region = $1 AND email = $2 AND actif",
		       2, params, &res);
	if (ret != LECAP_OK)
		return ret;
	n = pg_cmd_tuples(res);
	pg_result_free(res);
	if (n == 0) {
		log_error("aucun destinataire actif « %s » pour la région %s", addr, region);
		log_hint("lecap recipients list affiche les destinataires");
		return LECAP_USAGE;
	}
	printf("destinataire désactivé : %s %s\n", region, addr);
	return LECAP_OK;
}

int dest_list(pg_conn *conn)
{
	pg_result *res;
	int ret = pg_query(conn, "lecture des destinataires",
			   "SELECT d.region, CASE WHEN d.region = 'FR' THEN 'national' "
			   "ELSE coalesce(r.libelle, '?') END, d.email, d.nom, d.actif "
			   "FROM lecap.destinataire d LEFT JOIN lecap.region r ON r.code = d.region "
			   "ORDER BY d.region = 'FR' DESC, d.region, d.email",
			   0, NULL, &res);
	if (ret != LECAP_OK)
		return ret;
	printf("Destinataires :\n");
	if (pg_ntuples(res) == 0)
		printf("  aucun\n");
	for (int i = 0; i < pg_ntuples(res); i++) {
		const char *nom = pg_value(res, i, 3);
		printf("  %s %s : ", pg_value(res, i, 0), pg_value(res, i, 1));
		if (*nom)
			printf("%s <%s>", nom, pg_value(res, i, 2));
		else
			printf("%s", pg_value(res, i, 2));
		printf("%s\n", strcmp(pg_value(res, i, 4), "t") == 0 ? "" : " (inactif)");
	}
	pg_result_free(res);
	return LECAP_OK;
}

/* ---- CSV loading ---- */

struct csv_row {
	long line;
	char *region, *email, *nom;
	bool actif;
};

struct load {
	const char *path;
	struct csv_row *rows;
	size_t n, cap;
	char **regions; /* codes of lecap.region */
	int nregions;
	int errors;
	bool first;
};

static bool known_region(const struct load *L, const char *code)
{
	if (strcmp(code, "FR") == 0)
		return true;
	for (int i = 0; i < L->nregions; i++)
		if (strcmp(L->regions[i], code) == 0)
			return true;
	return false;
}

static char *trimmed_copy(const char *s)
{
	const char *e = s + strlen(s);
	char *c;
	while (*s == ' ' || *s == '\t')
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	c = malloc((size_t)(e - s) + 1);
	if (c) {
		memcpy(c, s, (size_t)(e - s));
		c[e - s] = '\0';
	}
	return c;
}

static int on_record(const struct csv_record *rec, void *arg)
{
	struct load *L = arg;
	struct csv_row row = {rec->line, NULL, NULL, NULL, true};
	char origin[600], addr[300], key[32];
	bool ok = true;

	snprintf(origin, sizeof(origin), "%s:%ld", L->path, rec->line);
	if (L->first) {
		L->first = false;
		text_key(rec->fields[0], key, sizeof(key));
		if (strcmp(key, "region") == 0)
			return 0; /* the header line */
	}
	for (size_t i = 0; i < rec->nfields; i++) {
		if (!text_is_utf8(rec->fields[i], rec->lengths[i])) {
			log_error("%s : texte qui n'est pas en UTF-8", origin);
			log_hint("enregistrez le fichier en UTF-8");
			L->errors++;
			return 0;
		}
	}
	if (rec->nfields != 3 && rec->nfields != 4) {
		log_error("%s : %zu champ(s) au lieu de 3 ou 4 (region;email;nom[;actif])", origin,
			  rec->nfields);
		L->errors++;
		return 0;
	}
	row.region = trimmed_copy(rec->fields[0]);
	row.email = trimmed_copy(rec->fields[1]);
	row.nom = trimmed_copy(rec->fields[2]);
	if (!row.region || !row.email || !row.nom)
		goto nomem;
	if (!known_region(L, row.region)) {
		log_error("%s : région inconnue « %s »", origin, row.region);
		ok = false;
	}
	if (normalize_email(row.email, addr, sizeof(addr), origin) != 0) {
		ok = false;
	} else {
		free(row.email);
		row.email = strdup(addr);
		if (!row.email)
			goto nomem;
	}
	if (rec->nfields == 4) {
		char *v = trimmed_copy(rec->fields[3]);
		if (!v)
			goto nomem;
		if (*v && cfg_parse_bool(v, &row.actif) != 0) {
			log_error("%s : valeur « %s » pour actif : attendu oui ou non", origin, v);
			ok = false;
		}
		free(v);
	}
	for (size_t i = 0; ok && i < L->n; i++) {
		if (strcmp(L->rows[i].region, row.region) == 0 && strcmp(L->rows[i].email, row.email) == 0) {
			log_error("%s : %s %s déjà donné ligne %ld", origin, row.region, row.email,
				  L->rows[i].line);
			ok = false;
		}
	}
	if (!ok) {
		L->errors++;
		free(row.region);
		free(row.email);
		free(row.nom);
		return 0;
	}
	if (L->n == L->cap) {
		size_t cap = L->cap ? L->cap * 2 : 32;
		struct csv_row *p = realloc(L->rows, cap * sizeof(*p));
		if (!p)
			goto nomem;
		L->rows = p;
		L->cap = cap;
	}
	L->rows[L->n++] = row;
	return 0;
nomem:
	free(row.region);
	free(row.email);
	free(row.nom);
	log_error("%s : mémoire insuffisante", origin);
	return LECAP_IO;
}

int dest_load_csv(pg_conn *conn, const char *path)
{
	struct load L = {.path = path, .first = true};
	pg_result *res = NULL;
	char err[512];
	int ret, added = 0, updated = 0;

	ret = pg_query(conn, "lecture des régions", "SELECT code FROM lecap.region", 0, NULL, &res);
	if (ret != LECAP_OK)
		return ret;
	L.nregions = pg_ntuples(res);
	L.regions = calloc((size_t)L.nregions + 1, sizeof(char *));
	if (!L.regions) {
		ret = log_fail(LECAP_IO, "mémoire insuffisante");
		goto cleanup;
	}
	for (int i = 0; i < L.nregions; i++)
		if (!(L.regions[i] = strdup(pg_value(res, i, 0)))) {
			ret = log_fail(LECAP_IO, "mémoire insuffisante");
			goto cleanup;
		}
	pg_result_free(res);
	res = NULL;

	ret = csvr_read_file(path, ';', on_record, &L, err, sizeof(err));
	if (ret == -3) {
		ret = log_fail(LECAP_IO, "%s : lecture impossible : %s", path, err);
		goto cleanup;
	}
	if (ret == CSVR_EPARSE) {
		log_error("%s:%s", path, err);
		L.errors++;
	} else if (ret != CSVR_OK) {
		ret = LECAP_IO;
		goto cleanup;
	}
	if (L.errors) {
		log_error("%s : %d ligne(s) en erreur : aucun destinataire chargé", path, L.errors);
		log_hint("corrigez le fichier puis relancez lecap recipients load %s", path);
		ret = LECAP_REJECTED;
		goto cleanup;
	}

	ret = pg_begin(conn);
	if (ret != LECAP_OK)
		goto cleanup;
	for (size_t i = 0; i < L.n; i++) {
		const char *params[4] = {L.rows[i].region, L.rows[i].email, L.rows[i].nom,
					 L.rows[i].actif ? "true" : "false"};
		/* xmax = 0 tells an inserted row from an updated one. */
		ret = pg_query(conn, "chargement des destinataires",
			       "INSERT INTO lecap.destinataire (region, email, nom, actif) "
			       "VALUES ($1, $2, $3, $4) ON CONFLICT (region, email) "
			       "DO UPDATE SET nom = EXCLUDED.nom, actif = EXCLUDED.actif "
			       "RETURNING xmax = 0",
			       4, params, &res);
		if (ret != LECAP_OK) {
			pg_rollback(conn);
			goto cleanup;
		}
		if (strcmp(pg_value(res, 0, 0), "t") == 0)
			added++;
		else
			updated++;
		pg_result_free(res);
		res = NULL;
	}
	ret = pg_commit(conn);
	if (ret == LECAP_OK)
		printf("%s : %zu destinataire(s) chargé(s) : %d ajouté(s), %d mis à jour\n", path, L.n,
		       added, updated);
cleanup:
	pg_result_free(res);
	for (size_t i = 0; i < L.n; i++) {
		free(L.rows[i].region);
		free(L.rows[i].email);
		free(L.rows[i].nom);
	}
	free(L.rows);
	if (L.regions)
		for (int i = 0; i < L.nregions; i++)
			free(L.regions[i]);
	free(L.regions);
	return ret;
}
