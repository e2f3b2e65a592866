/* Recipients of the reports; see destinataire.h. */
#include "diffusion/destinataire.h"

#include "base/config.h"
#include "base/courriel.h"
#include "io/csvread.h"
#include "base/exitcode.h"
#include "base/log.h"
#include "base/text.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int destinataire_email_check(const char *email, char *why, size_t whysize)
{
	return courriel_check(email, why, whysize);
}

/* Validates email and writes it in lower case into out: domains are
 * case-insensitive, and so are local parts in practice; one spelling per
 * address keeps (region, email) unique. */
static int normalize_email(const char *email, char *out, size_t size, const char *origin)
{
	char why[160];

	if (destinataire_email_check(email, why, sizeof(why)) != 0) {
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

int destinataire_region_check(pg_conn *conn, const char *region)
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

/* The address (normalized into addr) and the name given to recipients add. */
static int add_input(const char *email, const char *nom, char addr[300])
{
	if (normalize_email(email, addr, 300, NULL) != 0) {
		email_hint();
		return LECAP_USAGE;
	}
	if (!text_is_utf8(nom, strlen(nom))) {
		log_error("nom « %s » : texte qui n'est pas en UTF-8", nom);
		return LECAP_USAGE;
	}
	return LECAP_OK;
}

/* Runs an add's upsert (parameters: key, addr, nom), whose one row tells
 * what happened (*kind), then forgets the address's refusals: recipients add
 * re-activates an address the server refused 3 runs in a row. */
static int upsert_address(pg_conn *conn, const char *what, const char *sql, const char *key, const char *addr,
			  const char *nom, char *kind)
{
	const char *params[3] = {key, addr, nom};
	pg_result *res = NULL;
	int ret = pg_query(conn, what, sql, 3, params, &res);

	if (ret != LECAP_OK)
		return ret;
	*kind = pg_value(res, 0, 0)[0];
	pg_result_free(res);
	params[0] = addr;
	return pg_command(conn, "oubli des refus d'une adresse", "DELETE FROM lecap.refus_adresse WHERE email = $1",
			  1, params);
}

/* Runs a remove's UPDATE (parameters: key, the normalized address);
 * *n: the rows it changed. */
static int deactivate_address(pg_conn *conn, const char *what, const char *sql, const char *key, const char *email,
			      char addr[300], long *n)
{
	const char *params[2] = {key, addr};
	pg_result *res = NULL;
	int ret;

	if (normalize_email(email, addr, 300, NULL) != 0) {
		email_hint();
		return LECAP_USAGE;
	}
	ret = pg_query(conn, what, sql, 2, params, &res);
	if (ret != LECAP_OK)
		return ret;
	*n = pg_cmd_tuples(res);
	pg_result_free(res);
	return LECAP_OK;
}

int destinataire_add(pg_conn *conn, const char *region, const char *email, const char *nom)
{
	char addr[300], kind = 'p';
	int ret = add_input(email, nom, addr);

	if (ret == LECAP_OK)
		ret = destinataire_region_check(conn, region);
	/* The old row tells what happened: none, inactive, or active. */
	if (ret == LECAP_OK)
		ret = upsert_address(conn, "ajout d'un destinataire",
				     "WITH old AS (SELECT actif FROM lecap.destinataire WHERE region = $1 AND email = $2), "
				     "up AS (INSERT INTO lecap.destinataire (region, email, nom) VALUES ($1, $2, $3) "
				     "ON CONFLICT (region, email) DO UPDATE SET nom = EXCLUDED.nom, actif = true RETURNING 1) "
				     "SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM old) THEN 'a' "
				     "WHEN (SELECT actif FROM old) THEN 'p' ELSE 'r' END FROM up",
				     region, addr, nom, &kind);
	if (ret != LECAP_OK)
		return ret;
	switch (kind) {
	case 'a':
		print_recipient("destinataire ajouté", region, addr, nom);
		break;
	case 'r':
		print_recipient("destinataire réactivé", region, addr, nom);
		break;
	default:
		print_recipient("destinataire déjà présent, nom mis à jour", region, addr, nom);
	}
	return LECAP_OK;
}

int destinataire_remove(pg_conn *conn, const char *region, const char *email)
{
	char addr[300];
	long n = 0;
	int ret = deactivate_address(conn, "désactivation d'un destinataire",
				     "UPDATE lecap.destinataire SET actif = false "
				     "WHERE region = $1 AND email = $2 AND actif",
				     region, email, addr, &n);

	if (ret != LECAP_OK)
		return ret;
	if (n == 0) {
		log_error("aucun destinataire actif « %s » pour la région %s", addr, region);
		log_hint("lecap recipients list affiche les destinataires");
		return LECAP_USAGE;
	}
	printf("destinataire désactivé : %s %s\n", region, addr);
	return LECAP_OK;
}

static int member_list(pg_conn *conn);

int destinataire_list(pg_conn *conn)
{
	pg_result *res;
	int ret = pg_query(conn, "lecture des destinataires",
			   "SELECT d.region, CASE WHEN d.region = 'FR' THEN 'national' "
			   "ELSE coalesce(r.libelle, '?') END, d.email, d.nom, d.actif, "
			   "coalesce(to_char(x.desactivee_le, 'YYYY-MM-DD'), '') "
			   "FROM lecap.destinataire d LEFT JOIN lecap.region r ON r.code = d.region "
			   "LEFT JOIN lecap.refus_adresse x ON x.email = d.email AND NOT d.actif "
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
		if (*pg_value(res, i, 5))
			printf(" (désactivée le %s : refusée par le serveur 3 exécutions de suite)\n",
			       pg_value(res, i, 5));
		else
			printf("%s\n", strcmp(pg_value(res, i, 4), "t") == 0 ? "" : " (inactif)");
	}
	pg_result_free(res);
	return member_list(conn);
}

/* ---- member contacts (lecap.contact_adherent) ---- */

bool destinataire_is_siret(const char *arg, char out[15])
{
	size_t n = 0;

	for (const char *p = arg; *p; p++) {
		if (*p == ' ')
			continue;
		if (*p < '0' || *p > '9' || n == 14)
			return false;
		out[n++] = *p;
	}
	out[n] = '\0';
	return n == 14;
}

/* LECAP_OK when the member is known (registry, past or present, or an
 * evaluation), else LECAP_USAGE (logged). */
static int member_check(pg_conn *conn, const char *siret)
{
	const char *params[1] = {siret};
	pg_result *res;
	bool known;
	int ret = pg_query(conn, "recherche d'un adhérent",
			   "SELECT EXISTS (SELECT 1 FROM lecap.adherent WHERE siret = $1) "
			   "OR EXISTS (SELECT 1 FROM lecap.adherent_historique WHERE siret = $1) "
			   "OR EXISTS (SELECT 1 FROM lecap.entreprise WHERE siret = $1)",
			   1, params, &res);
	if (ret != LECAP_OK)
		return ret;
	known = strcmp(pg_value(res, 0, 0), "t") == 0;
	pg_result_free(res);
	if (!known) {
		log_error("adhérent inconnu : SIRET %s (ni au registre des adhérents, ni dans une évaluation)",
			  siret);
		log_hint("chargez le registre des adhérents (lecap ingest) ou vérifiez le SIRET");
		return LECAP_USAGE;
	}
	return LECAP_OK;
}

static void print_contact(const char *verb, const char *siret, const char *email, const char *nom)
{
	if (*nom)
		printf("%s : %s %s (%s)\n", verb, siret, email, nom);
	else
		printf("%s : %s %s\n", verb, siret, email);
}

int destinataire_member_add(pg_conn *conn, const char *siret, const char *email, const char *nom)
{
	char addr[300], kind = 'p';
	int ret = add_input(email, nom, addr);

	if (ret == LECAP_OK)
		ret = member_check(conn, siret);
	if (ret == LECAP_OK)
		ret = upsert_address(conn, "ajout d'une adresse d'adhérent",
				     "WITH old AS (SELECT actif, manuel FROM lecap.contact_adherent "
				     "WHERE siret = $1 AND email = $2), "
				     "up AS (INSERT INTO lecap.contact_adherent (siret, email, nom, manuel) "
				     "VALUES ($1, $2, $3, true) ON CONFLICT (siret, email) DO UPDATE SET nom = EXCLUDED.nom, "
				     "manuel = true, actif = true RETURNING 1) "
				     "SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM old) THEN 'a' "
				     "WHEN NOT (SELECT actif FROM old) THEN 'r' WHEN (SELECT manuel FROM old) THEN 'p' "
				     "ELSE 'm' END FROM up",
				     siret, addr, nom, &kind);
	if (ret != LECAP_OK)
		return ret;
	switch (kind) {
	case 'a':
		print_contact("adresse d'adhérent ajoutée", siret, addr, nom);
		break;
	case 'r':
		print_contact("adresse d'adhérent réactivée", siret, addr, nom);
		break;
	case 'm':
		print_contact("adresse du registre désormais tenue à la main", siret, addr, nom);
		break;
	default:
		print_contact("adresse d'adhérent déjà présente, nom mis à jour", siret, addr, nom);
	}
	return LECAP_OK;
}

int destinataire_member_remove(pg_conn *conn, const char *siret, const char *email)
{
	char addr[300];
	long n = 0;
	int ret = deactivate_address(conn, "désinscription d'une adresse d'adhérent",
				     "UPDATE lecap.contact_adherent SET actif = false, manuel = true "
				     "WHERE siret = $1 AND email = $2 AND actif",
				     siret, email, addr, &n);

	if (ret != LECAP_OK)
		return ret;
	if (n == 0) {
		log_error("aucune adresse active « %s » pour l'adhérent %s", addr, siret);
		log_hint("lecap recipients list affiche les destinataires");
		return LECAP_USAGE;
	}
	printf("adresse d'adhérent désinscrite : %s %s (le registre ne la réactivera pas)\n", siret, addr);
	return LECAP_OK;
}

/* The member section of lecap recipients list, when there is any address:
 * by region (the registry's, else the latest evaluation's), then SIRET and
 * address, with where each address comes from. */
static int member_list(pg_conn *conn)
{
	pg_result *res;
	int ret = pg_query(conn, "lecture des adresses d'adhérents",
			   "SELECT coalesce(a.region, e.region, h.region,  '-'), "
			   "coalesce(r.libelle, 'région inconnue'), c.siret, "
			   "coalesce(a.raison_sociale, e.raison_sociale, h.raison_sociale, ''), c.email, c.nom, "
			   "CASE WHEN c.du_registre AND c.manuel THEN 'registre et à la main' "
			   "WHEN c.du_registre THEN 'registre' WHEN c.manuel THEN 'à la main' "
			   "ELSE 'ancien registre' END, c.actif, c.sorti_le IS NOT NULL, "
			   "coalesce(to_char(x.desactivee_le, 'YYYY-MM-DD'), '') "
			   "FROM lecap.contact_adherent c "
			   "LEFT JOIN lecap.refus_adresse x ON x.email = c.email AND NOT c.actif "
			   "LEFT JOIN lecap.adherent a ON a.siret = c.siret "
			   "LEFT JOIN lecap.entreprise e ON e.siret = c.siret "
			   "LEFT JOIN lecap.adherent_historique h ON h.siret = c.siret "
			   "LEFT JOIN lecap.region r ON r.code = coalesce(a.region, e.region, h.region) "
			   "ORDER BY 1, c.siret, c.email",
			   0, NULL, &res);
	if (ret != LECAP_OK)
		return ret;
	if (pg_ntuples(res) > 0)
		printf("Adhérents :\n");
	for (int i = 0; i < pg_ntuples(res); i++) {
		const char *rs = pg_value(res, i, 3), *nom = pg_value(res, i, 5);
		printf("  %s %s : %s", pg_value(res, i, 0), pg_value(res, i, 1), pg_value(res, i, 2));
		if (*rs)
			printf(" %s", rs);
		if (*nom)
			printf(" : %s <%s>", nom, pg_value(res, i, 4));
		else
			printf(" : %s", pg_value(res, i, 4));
		printf(" (%s%s%s%s%s)\n", pg_value(res, i, 6),
		       *pg_value(res, i, 9) ? ", désactivée le " : "", pg_value(res, i, 9),
		       *pg_value(res, i, 9) ? " : refusée par le serveur 3 exécutions de suite"
		       : strcmp(pg_value(res, i, 7), "t") == 0 ? "" : ", désinscrite",
		       strcmp(pg_value(res, i, 8), "t") == 0 ? ", sorti du registre" : "");
	}
	pg_result_free(res);
	return LECAP_OK;
}

int destinataire_erase_contacts(pg_conn *conn, int days)
{
	char d[16];
	const char *params[1] = {d};
	pg_result *res;
	long n;
	int ret;

	snprintf(d, sizeof(d), "%d", days);
	ret = pg_query(conn, "effacement des adresses des anciens adhérents",
		       "DELETE FROM lecap.contact_adherent "
		       "WHERE sorti_le IS NOT NULL AND sorti_le < current_date - $1::int",
		       1, params, &res);
	if (ret != LECAP_OK)
		return ret;
	n = pg_cmd_tuples(res);
	pg_result_free(res);
	/* The refusals of an address no longer known (erased, removed). */
	ret = pg_command(conn, "effacement des refus d'adresses oubliées",
			 "DELETE FROM lecap.refus_adresse x WHERE NOT EXISTS (SELECT 1 FROM lecap.contact_adherent c "
			 "WHERE c.email = x.email) AND NOT EXISTS (SELECT 1 FROM lecap.destinataire d WHERE d.email = x.email)",
			 0, NULL);
	if (ret != LECAP_OK)
		return ret;
	if (n > 0)
		log_info("%ld adresse%s d'anciens adhérents effacée%s (sortis du registre depuis plus de %d jour%s)",
			 n, n > 1 ? "s" : "", n > 1 ? "s" : "", days, days > 1 ? "s" : "");
	return LECAP_OK;
}

/* ---- CSV loading ---- */

struct csv_row {
	long line;
	char *region, *email, *nom; /* region: a region code, or a member's SIRET */
	bool actif;
	bool member;
};

struct load {
	const char *path;
	struct csv_row *rows;
	size_t n, cap;
	char **regions; /* codes of lecap.region */
	int nregions;
	char **sirets; /* known members, sorted */
	int nsirets;
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

static int cmp_siret(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
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

static void row_free(struct csv_row *row)
{
	free(row->region);
	free(row->email);
	free(row->nom);
}

/* Every field in UTF-8 and 3 or 4 of them; else said and counted. */
static bool record_shape_ok(struct load *L, const struct csv_record *rec, const char *origin)
{
	for (size_t i = 0; i < rec->nfields; i++) {
		if (!text_is_utf8(rec->fields[i], rec->lengths[i])) {
			log_error("%s : texte qui n'est pas en UTF-8", origin);
			log_hint("enregistrez le fichier en UTF-8");
			L->errors++;
			return false;
		}
	}
	if (rec->nfields != 3 && rec->nfields != 4) {
		log_error("%s : %zu champ(s) au lieu de 3 ou 4 (region;email;nom[;actif])", origin,
			  rec->nfields);
		L->errors++;
		return false;
	}
	return true;
}

/* Checks the row's region (or SIRET: a member's address), address and
 * actif field; *ok false when one is wrong (said). LECAP_IO: no memory. */
static int row_check(const struct load *L, struct csv_row *row, const struct csv_record *rec,
		     const char *origin, bool *ok)
{
	char siret[15], addr[300];

	if (destinataire_is_siret(row->region, siret)) {
		const char *key = siret;
		row->member = true;
		memcpy(row->region, siret, sizeof(siret));
		if (!bsearch(&key, L->sirets, (size_t)L->nsirets, sizeof(char *), cmp_siret)) {
			log_error("%s : adhérent inconnu : SIRET %s", origin, siret);
			*ok = false;
		}
	} else if (!known_region(L, row->region)) {
		log_error("%s : région inconnue « %s »", origin, row->region);
		*ok = false;
	}
	if (normalize_email(row->email, addr, sizeof(addr), origin) != 0) {
		*ok = false;
	} else {
		free(row->email);
		if (!(row->email = strdup(addr)))
			return LECAP_IO;
	}
	if (rec->nfields == 4) {
		char *v = trimmed_copy(rec->fields[3]);
		if (!v)
			return LECAP_IO;
		if (*v && cfg_parse_bool(v, &row->actif) != 0) {
			log_error("%s : valeur « %s » pour actif : attendu oui ou non", origin, v);
			*ok = false;
		}
		free(v);
	}
	for (size_t i = 0; *ok && i < L->n; i++) {
		if (L->rows[i].member == row->member && strcmp(L->rows[i].region, row->region) == 0 &&
		    strcmp(L->rows[i].email, row->email) == 0) {
			log_error("%s : %s %s déjà donné ligne %ld", origin, row->region, row->email,
				  L->rows[i].line);
			*ok = false;
		}
	}
	return LECAP_OK;
}

static int rows_push(struct load *L, const struct csv_row *row)
{
	if (L->n == L->cap) {
		size_t cap = L->cap ? L->cap * 2 : 32;
		struct csv_row *p = realloc(L->rows, cap * sizeof(*p));
		if (!p)
			return LECAP_IO;
		L->rows = p;
		L->cap = cap;
	}
	L->rows[L->n++] = *row;
	return LECAP_OK;
}

static int on_record(const struct csv_record *rec, void *arg)
{
	struct load *L = arg;
	struct csv_row row = {rec->line, NULL, NULL, NULL, true, false};
	char origin[600], key[32];
	bool ok = true;
	int ret = LECAP_IO;

	snprintf(origin, sizeof(origin), "%s:%ld", L->path, rec->line);
	if (L->first) {
		L->first = false;
		text_key(rec->fields[0], key, sizeof(key));
		if (strcmp(key, "region") == 0)
			return 0; /* the header line */
	}
	if (!record_shape_ok(L, rec, origin))
		return 0;
	row.region = trimmed_copy(rec->fields[0]);
	row.email = trimmed_copy(rec->fields[1]);
	row.nom = trimmed_copy(rec->fields[2]);
	if (!row.region || !row.email || !row.nom || row_check(L, &row, rec, origin, &ok) != LECAP_OK)
		goto cleanup;
	if (!ok) {
		L->errors++;
		ret = 0;
		goto cleanup;
	}
	if (rows_push(L, &row) == LECAP_OK)
		return 0;
cleanup:
	row_free(&row);
	if (ret == LECAP_IO)
		log_error("%s : mémoire insuffisante", origin);
	return ret;
}

/* The first column of a query's rows, each strdup'ed, into *list (n
 * entries, NULL-terminated). */
static int read_column(pg_conn *conn, const char *what, const char *sql, char ***list, int *n)
{
	pg_result *res = NULL;
	int ret = pg_query(conn, what, sql, 0, NULL, &res);

	if (ret != LECAP_OK)
		return ret;
	*n = pg_ntuples(res);
	*list = calloc((size_t)*n + 1, sizeof(char *));
	if (!*list) {
		ret = log_fail(LECAP_IO, "mémoire insuffisante");
		goto cleanup;
	}
	for (int i = 0; i < *n; i++)
		if (!((*list)[i] = strdup(pg_value(res, i, 0)))) {
			ret = log_fail(LECAP_IO, "mémoire insuffisante");
			goto cleanup;
		}
cleanup:
	pg_result_free(res);
	return ret;
}

static void free_list(char **list, int n)
{
	if (list)
		for (int i = 0; i < n; i++)
			free(list[i]);
	free(list);
}

/* Writes the checked rows in one transaction: members' addresses
 * (hand-added) and delegates, inserted or updated. */
static int load_write(pg_conn *conn, const struct load *L, int *added, int *updated)
{
	pg_result *res = NULL;
	int ret = pg_begin(conn);

	for (size_t i = 0; ret == LECAP_OK && i < L->n; i++) {
		const char *params[4] = {L->rows[i].region, L->rows[i].email, L->rows[i].nom,
					 L->rows[i].actif ? "true" : "false"};
		/* xmax = 0 tells an inserted row from an updated one. */
		if (L->rows[i].member)
			ret = pg_query(conn, "chargement des adresses d'adhérents",
				       "INSERT INTO lecap.contact_adherent (siret, email, nom, actif, manuel) "
				       "VALUES ($1, $2, $3, $4, true) ON CONFLICT (siret, email) "
				       "DO UPDATE SET nom = EXCLUDED.nom, actif = EXCLUDED.actif, manuel = true "
				       "RETURNING xmax = 0",
				       4, params, &res);
		else
			ret = pg_query(conn, "chargement des destinataires",
				       "INSERT INTO lecap.destinataire (region, email, nom, actif) "
				       "VALUES ($1, $2, $3, $4) ON CONFLICT (region, email) "
				       "DO UPDATE SET nom = EXCLUDED.nom, actif = EXCLUDED.actif "
				       "RETURNING xmax = 0",
				       4, params, &res);
		if (ret != LECAP_OK) {
			pg_rollback(conn);
			return ret;
		}
		if (strcmp(pg_value(res, 0, 0), "t") == 0)
			(*added)++;
		else
			(*updated)++;
		pg_result_free(res);
		res = NULL;
	}
	return ret == LECAP_OK ? pg_commit(conn) : ret;
}

int destinataire_load_csv(pg_conn *conn, const char *path)
{
	struct load L = {.path = path, .first = true};
	char err[512];
	int ret, added = 0, updated = 0;

	ret = read_column(conn, "lecture des régions", "SELECT code FROM lecap.region", &L.regions, &L.nregions);
	if (ret == LECAP_OK)
		ret = read_column(conn, "lecture des adhérents",
				  "SELECT siret FROM (SELECT siret FROM lecap.adherent UNION SELECT siret "
				  "FROM lecap.adherent_historique UNION SELECT siret FROM lecap.entreprise) s "
				  "ORDER BY siret COLLATE \"C\"",
				  &L.sirets, &L.nsirets);
	if (ret != LECAP_OK)
		goto cleanup;
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
	ret = load_write(conn, &L, &added, &updated);
	if (ret == LECAP_OK)
		printf("%s : %zu destinataire(s) chargé(s) : %d ajouté(s), %d mis à jour\n", path, L.n,
		       added, updated);
cleanup:
	for (size_t i = 0; i < L.n; i++)
		row_free(&L.rows[i]);
	free(L.rows);
	free_list(L.regions, L.nregions);
	free_list(L.sirets, L.nsirets);
	return ret;
}

int destinataire_print_refused(pg_conn *conn)
{
	pg_result *res;
	bool readable;
	int ret = pg_table_readable(conn, "lecture des adresses désactivées", "lecap.refus_adresse", &readable);

	if (ret != LECAP_OK || !readable)
		return ret;
	ret = pg_query(conn, "lecture des adresses désactivées",
		       "SELECT email, to_char(desactivee_le, 'YYYY-MM-DD'), derniere_reponse FROM lecap.refus_adresse "
		       "WHERE desactivee_le IS NOT NULL ORDER BY email",
		       0, NULL, &res);
	if (ret != LECAP_OK)
		return ret;
	if (pg_ntuples(res) > 0)
		printf("\nAdresses désactivées (refusées par le serveur SMTP 3 exécutions de suite ; "
		       "lecap recipients add les réactive) :\n");
	for (int i = 0; i < pg_ntuples(res); i++)
		printf("  %s, désactivée le %s : %s\n", pg_value(res, i, 0), pg_value(res, i, 1), pg_value(res, i, 2));
	pg_result_free(res);
	return LECAP_OK;
}
