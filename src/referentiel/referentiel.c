/*
 * The Le Cap referential in memory: reading and validating the four files of
 * [referentiel], then lookups.
 *
 * Each file is read whole (they are small) into rows, then validated; every
 * problem is collected with its line, sorted by line and printed as
 * "FILE:LINE: message" (at most REF_MAX_PROBLEMS per file, then a count), so
 * that the federation fixes a file in one pass. The messages are a contract:
 * docs/format-exports.md (« Messages de validation du référentiel ») lists them
 * and tests/unit/test_referentiel.c asserts each one.
 */
#include "referentiel/referentiel.h"

#include "io/csvread.h"
#include "base/exitcode.h"
#include "base/log.h"
#include "io/sha256.h"
#include "base/text.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REF_MAX_PROBLEMS 100
#define KEY_SIZE 256

static const char grid_header[] = "code;niveau;parent;libelle;cible;poids;offres";
static const char offer_header[] = "code;libelle;description";
static const char item_header[] = "code;libelle";

static const char *const level_codes[REF_LEVELS] = {"theme", "sous_theme", "objectif", "indicateur"};
/* « un thème », for messages. */
static const char *const level_names[REF_LEVELS] = {"un thème", "un sous-thème", "un objectif",
						    "un indicateur"};
static const char *const level_forms[REF_LEVELS] = {
	"un chiffre de 1 à 9 (ex. 1)", "N.M (ex. 1.2)", "N.M.K (ex. 1.2.1)",
	"N.M.K.lettre (ex. 1.2.1.a)"};

/* One record of a file, copied. */
struct row {
	long line;
	size_t nfields;
	char **fields;
};

struct table {
	const char *path;
	bool unusable; /* unreadable CSV or wrong header: nothing more to check */
	struct row *rows; /* rows[0] is the header */
	size_t nrows, cap;
	int oom;
};

struct problem {
	long line;
	size_t seq; /* keeps the order of problems on the same line */
	char *msg;
};

/* The problems of one file. */
struct problems {
	const char *path;
	struct problem *v;
	size_t n, cap;
};

struct node {
	struct ref_element e; /* first: ref_at() hands out &node->e */
	long line;
	int index;            /* among its level */
	size_t nchildren;
	char **offres;
};

struct item {
	struct ref_item it;
	long line;
	char key[KEY_SIZE]; /* folded code or name, for lookups */
	char name_key[KEY_SIZE];
};

struct item_list {
	struct item *v;
	size_t n;
};

struct ref_set {
	char *version;
	char *sha256;
	char *path;
	struct node *nodes;
	size_t nnodes;
	size_t *by_level[REF_LEVELS]; /* indexes into nodes */
	size_t level_count[REF_LEVELS];
	size_t *sorted; /* indexes into nodes, sorted by code */
	struct item_list offers, regions, types;
};

/* ---- small helpers ---- */

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);
	if (d)
		memcpy(d, s, n);
	return d;
}

/* Trims ASCII blanks in place; returns s. */
static char *trim(char *s)
{
	char *e;
	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		*--e = '\0';
	return s;
}

/*
 * A decimal number written "2", "2.5" or "2,5" (French spreadsheets), at
 * most max_dec decimals, no sign: 0 and *out, or -1.
 */
static int parse_decimal(const char *s, int max_dec, double *out)
{
	double v = 0, scale = 1;
	int digits = 0, dec = -1;

	for (; *s; s++) {
		if (*s >= '0' && *s <= '9') {
			if (dec >= 0) {
				if (++dec > max_dec)
					return -1;
				scale /= 10;
				v += (*s - '0') * scale;
			} else {
				v = v * 10 + (*s - '0');
			}
			digits++;
		} else if ((*s == '.' || *s == ',') && dec < 0 && digits > 0) {
			dec = 0;
		} else {
			return -1;
		}
	}
	if (digits == 0 || dec == 0)
		return -1;
	*out = v;
	return 0;
}

/* ---- problems ---- */

static void problems_init(struct problems *p, const char *path)
{
	memset(p, 0, sizeof(*p));
	p->path = path;
}

__attribute__((format(printf, 3, 4)))
static void problem(struct problems *p, long line, const char *fmt, ...)
{
	va_list ap;
	char buf[1024];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 16;
		struct problem *v = realloc(p->v, cap * sizeof(*v));
		if (!v)
			return; /* out of memory: the count below still fails the load */
		p->v = v;
		p->cap = cap;
	}
	p->v[p->n].line = line;
	p->v[p->n].seq = p->n;
	p->v[p->n].msg = xstrdup(buf);
	p->n++;
}

static int problem_cmp(const void *a, const void *b)
{
	const struct problem *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Prints the problems of a file in line order; returns how many there were. */
static size_t problems_flush(struct problems *p)
{
	size_t n = p->n;

	if (p->n > 0)
		qsort(p->v, p->n, sizeof(*p->v), problem_cmp);
	for (size_t i = 0; i < p->n; i++) {
		if (i < REF_MAX_PROBLEMS)
			log_error("%s:%ld: %s", p->path, p->v[i].line, p->v[i].msg ? p->v[i].msg : "?");
		free(p->v[i].msg);
	}
	if (n > REF_MAX_PROBLEMS)
		log_error("%s : %zu autre%s problème%s non affiché%s", p->path, n - REF_MAX_PROBLEMS,
			  n - REF_MAX_PROBLEMS > 1 ? "s" : "", n - REF_MAX_PROBLEMS > 1 ? "s" : "",
			  n - REF_MAX_PROBLEMS > 1 ? "s" : "");
	if (n > 0)
		log_hint("corrigez %s (format et messages : docs/format-exports.md, « Le référentiel »), "
			 "puis relancez", p->path);
	free(p->v);
	p->v = NULL;
	p->n = p->cap = 0;
	return n;
}

/* ---- reading a file into rows ---- */

static int table_add(const struct csv_record *rec, void *arg)
{
	struct table *t = arg;
	struct row *r;

	if (t->nrows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		struct row *v = realloc(t->rows, cap * sizeof(*v));
		if (!v)
			goto cleanup;
		t->rows = v;
		t->cap = cap;
	}
	r = &t->rows[t->nrows];
	r->line = rec->line;
	r->nfields = rec->nfields;
	r->fields = calloc(rec->nfields ? rec->nfields : 1, sizeof(char *));
	if (!r->fields)
		goto cleanup;
	t->nrows++;
	for (size_t i = 0; i < rec->nfields; i++) {
		r->fields[i] = xstrdup(rec->fields[i]);
		if (!r->fields[i])
			goto cleanup;
		trim(r->fields[i]); /* trimming in place keeps the malloc'd pointer */
	}
	return 0;
cleanup:
	t->oom = 1;
	return 1;
}

static void table_release(struct table *t)
{
	for (size_t i = 0; i < t->nrows; i++) {
		for (size_t j = 0; j < t->rows[i].nfields; j++)
			free(t->rows[i].fields[j]);
		free(t->rows[i].fields);
	}
	free(t->rows);
	memset(t, 0, sizeof(*t));
}

/* The field as trimmed text (trim() moved no pointer, so skip blanks here). */
static const char *field(const struct row *r, size_t i)
{
	const char *s = i < r->nfields ? r->fields[i] : "";
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* Encoding: PostgreSQL would refuse the text later, less clearly. Marks the
 * table unusable on a line that is not UTF-8. */
static void table_check_utf8(struct table *t, struct problems *p)
{
	for (size_t i = 0; i < t->nrows; i++) {
		const struct row *r = &t->rows[i];
		for (size_t j = 0; j < r->nfields; j++) {
			if (!text_is_utf8(r->fields[j], strlen(r->fields[j]))) {
				problem(p, r->line, "texte qui n'est pas de l'UTF-8 (fichier enregistré en "
					"Windows-1252 ?) : enregistrez le fichier en UTF-8");
				t->unusable = true;
				break;
			}
		}
	}
}

/* Whether the first row is the expected header; otherwise records the
 * problem and marks the table unusable. */
static bool table_header_ok(struct table *t, struct problems *p, const char *header, size_t ncols)
{
	const struct row *h = &t->rows[0];
	bool good = h->nfields == ncols;
	const char *expect = header;
	char got[1024] = "", want[KEY_SIZE], have[KEY_SIZE], name[64];
	size_t used = 0;

	for (size_t i = 0; good && i < ncols; i++) {
		size_t len = strcspn(expect, ";");
		snprintf(name, sizeof(name), "%.*s", (int)len, expect);
		expect += len + (expect[len] == ';');
		text_key(name, want, sizeof(want));
		text_key(field(h, i), have, sizeof(have));
		good = strcmp(want, have) == 0;
	}
	if (good)
		return true;
	for (size_t i = 0; i < h->nfields && used < sizeof(got); i++)
		used += (size_t)snprintf(got + used, sizeof(got) - used, "%s%s",
					 i ? ";" : "", h->fields[i]);
	problem(p, h->line, "en-tête inattendu « %s » : attendu « %s »", got, header);
	t->unusable = true;
	return false;
}

/*
 * Reads path and checks the header (compared column by column with
 * text_key(), so « Libellé » matches libelle) and the number of fields of
 * every line. Returns LECAP_OK, or LECAP_USAGE when the file cannot be read
 * at all (problems recorded in p, or logged for an unreadable file).
 * Rows with a wrong field count are blanked (nfields = 0).
 */
static int table_read(struct table *t, struct problems *p, const char *path, const char *header)
{
	char err[512];
	size_t ncols = 1;
	int ret;

	memset(t, 0, sizeof(*t));
	t->path = path;
	for (const char *h = header; *h; h++)
		ncols += *h == ';';

	ret = csvr_read_file(path, ';', table_add, t, err, sizeof(err));
	if (ret == -3) {
		log_error("%s : lecture impossible : %s", path, err);
		log_hint("vérifiez le chemin donné par [referentiel] dans la configuration");
		return LECAP_USAGE;
	}
	if (t->oom || ret == CSVR_ENOMEM)
		return log_fail(LECAP_USAGE, "%s : mémoire insuffisante", path);
	if (ret == CSVR_EPARSE) {
		/* err is "LINE: message" */
		char *colon = strchr(err, ':');
		long line = strtol(err, NULL, 10);
		problem(p, line > 0 ? line : 1, "%s", colon ? trim(colon + 1) : err);
		t->unusable = true;
		return LECAP_OK;
	}
	if (t->nrows == 0) {
		problem(p, 1, "fichier vide : en-tête attendu « %s »", header);
		t->unusable = true;
		return LECAP_OK;
	}

	table_check_utf8(t, p);
	if (t->unusable || !table_header_ok(t, p, header, ncols))
		return LECAP_OK;
	if (t->nrows == 1)
		problem(p, t->rows[0].line, "aucune ligne de données après l'en-tête");
	for (size_t i = 1; i < t->nrows; i++) {
		struct row *r = &t->rows[i];
		if (r->nfields != ncols) {
			problem(p, r->line, "%zu champ(s) au lieu de %zu (séparateur ;)", r->nfields, ncols);
			for (size_t j = 0; j < r->nfields; j++)
				free(r->fields[j]);
			r->nfields = 0;
		}
	}
	return LECAP_OK;
}

/* ---- offers, regions, types ---- */

enum item_kind { ITEM_OFFER, ITEM_REGION, ITEM_TYPE };

static bool offer_code_ok(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= '0' && *s <= '9') || *s == '_' || *s == '-'))
			return false;
	return true;
}

static void fold_code(const char *code, char *out, size_t size)
{
	size_t i = 0;
	for (; code[i] && i + 1 < size; i++)
		out[i] = (code[i] >= 'a' && code[i] <= 'z') ? (char)(code[i] - 'a' + 'A') : code[i];
	out[i] = '\0';
}

static void free_items(struct item_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free((char *)l->v[i].it.code);
		free((char *)l->v[i].it.libelle);
		free((char *)l->v[i].it.description);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static const char *const item_what[] = {"offre", "région", "type"};

/* Whether the row's code and label are well formed (problems recorded). */
static bool item_valid(struct problems *p, const struct row *r, enum item_kind kind)
{
	const char *code = field(r, 0), *lib = field(r, 1);
	bool ok = true;

	if (kind == ITEM_REGION && !(strlen(code) == 2 && code[0] >= '0' && code[0] <= '9' &&
				     code[1] >= '0' && code[1] <= '9')) {
		problem(p, r->line, "code de région « %s » invalide : deux chiffres attendus (ex. 01, 84)",
			code);
		ok = false;
	}
	if (kind != ITEM_REGION && !offer_code_ok(code)) {
		problem(p, r->line, "code %s « %s » invalide : lettres, chiffres, _ ou - attendus",
			kind == ITEM_OFFER ? "d'offre" : "de type", code);
		ok = false;
	}
	if (!*lib) {
		problem(p, r->line, "%s %s : libellé vide", item_what[kind], code);
		ok = false;
	}
	return ok;
}

/* Whether the row repeats a code (or a region's name) already listed. */
static bool item_repeated(struct problems *p, const struct item_list *l, const struct row *r,
			  enum item_kind kind, const char *key, const char *nkey)
{
	/* « déjà définie » (offre, région) or « déjà défini » (type). */
	static const char *const agree[] = {"e", "e", ""};
	const char *code = field(r, 0);

	for (size_t j = 0; j < l->n; j++) {
		if (strcmp(l->v[j].key, key) == 0) {
			problem(p, r->line, "%s %s en double (déjà défini%s ligne %ld)", item_what[kind],
				code, agree[kind], l->v[j].line);
			return true;
		}
		if (kind == ITEM_REGION && *nkey && strcmp(l->v[j].name_key, nkey) == 0) {
			problem(p, r->line, "région %s : nom « %s » en double (déjà utilisé ligne %ld)",
				code, field(r, 1), l->v[j].line);
			return true;
		}
	}
	return false;
}

/* Appends the row to the list; -1 when out of memory. */
static int item_append(struct item_list *l, const struct row *r, enum item_kind kind,
		       const char *key, const char *nkey)
{
	struct item *it = &l->v[l->n];

	it->line = r->line;
	snprintf(it->key, sizeof(it->key), "%s", key);
	snprintf(it->name_key, sizeof(it->name_key), "%s", nkey);
	it->it.code = xstrdup(field(r, 0));
	it->it.libelle = xstrdup(field(r, 1));
	it->it.description = xstrdup(kind == ITEM_OFFER ? field(r, 2) : "");
	l->n++;
	return it->it.code && it->it.libelle && it->it.description ? 0 : -1;
}

static int load_items(struct item_list *out, const char *path, enum item_kind kind, size_t *nproblems)
{
	struct table t;
	struct problems p;
	int ret;

	problems_init(&p, path);
	ret = table_read(&t, &p, path, kind == ITEM_OFFER ? offer_header : item_header);
	if (ret != LECAP_OK || t.unusable)
		goto cleanup;
	out->v = calloc(t.nrows ? t.nrows : 1, sizeof(*out->v));
	if (!out->v) {
		ret = log_fail(LECAP_USAGE, "%s : mémoire insuffisante", path);
		goto cleanup;
	}
	for (size_t i = 1; i < t.nrows; i++) {
		const struct row *r = &t.rows[i];
		char key[KEY_SIZE], nkey[KEY_SIZE];
		bool ok;

		if (r->nfields == 0)
			continue;
		if (!*field(r, 0)) {
			problem(&p, r->line, "code vide");
			continue;
		}
		ok = item_valid(&p, r, kind);
		fold_code(field(r, 0), key, sizeof(key));
		text_key(field(r, 1), nkey, sizeof(nkey));
		if (item_repeated(&p, out, r, kind, key, nkey) || !ok)
			continue;
		if (item_append(out, r, kind, key, nkey) != 0) {
			ret = log_fail(LECAP_USAGE, "%s : mémoire insuffisante", path);
			goto cleanup;
		}
	}
cleanup:
	*nproblems += problems_flush(&p);
	table_release(&t);
	return ret;
}

static const struct item *items_find_code(const struct item_list *l, const char *code)
{
	char key[KEY_SIZE];
	fold_code(code, key, sizeof(key));
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].key, key) == 0)
			return &l->v[i];
	return NULL;
}

/* ---- the grid ---- */

/* Whether s is a number 1..99 without leading zero, of max_len digits. */
static size_t number_len(const char *s)
{
	size_t n = 0;
	if (s[0] < '1' || s[0] > '9')
		return 0;
	while (s[n] >= '0' && s[n] <= '9')
		n++;
	return n <= 2 ? n : 0;
}

/* Whether code has the shape of its level. */
static bool code_shape_ok(const char *code, enum ref_level level)
{
	const char *s = code;
	size_t n;

	if (!(s[0] >= '1' && s[0] <= '9'))
		return false;
	s++;
	for (int l = REF_SOUS_THEME; l <= (int)level; l++) {
		if (*s++ != '.')
			return false;
		if (l == REF_INDICATEUR) {
			if (!(*s >= 'a' && *s <= 'z'))
				return false;
			s++;
		} else {
			if ((n = number_len(s)) == 0)
				return false;
			s += n;
		}
	}
	return *s == '\0';
}

/* For sorting the nodes by code: the code and the node's index. */
struct code_index {
	const char *code;
	size_t i;
};

static int code_index_cmp(const void *a, const void *b)
{
	return strcmp(((const struct code_index *)a)->code, ((const struct code_index *)b)->code);
}

static struct node *find_node(const ref_set *set, const char *code)
{
	size_t lo = 0, hi = set->nnodes;
	if (!set->sorted)
		return NULL;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(set->nodes[set->sorted[mid]].e.code, code);
		if (c == 0)
			return &set->nodes[set->sorted[mid]];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static void free_node(struct node *n)
{
	free((char *)n->e.code);
	free((char *)n->e.parent);
	free((char *)n->e.libelle);
	for (size_t i = 0; i < n->e.noffres; i++)
		free(n->offres[i]);
	free(n->offres);
}

/*
 * Splits the offers of an objective ("A|B"), checks each against the offers
 * file (when it loaded: check_offers) and stores them in n.
 */
static int parse_offers(struct node *n, const char *text, const ref_set *set, bool check_offers,
			struct problems *p, long line)
{
	char *copy = xstrdup(text), *save = NULL;
	size_t cap = 1;

	if (!copy)
		return -1;
	for (const char *c = text; *c; c++)
		cap += *c == '|';
	n->offres = calloc(cap, sizeof(char *));
	if (!n->offres) {
		free(copy);
		return -1;
	}
	for (char *tok = strtok_r(copy, "|", &save); tok; tok = strtok_r(NULL, "|", &save)) {
		const struct item *o;
		bool dup = false;

		tok = trim(tok);
		if (!*tok)
			continue;
		o = items_find_code(&set->offers, tok);
		if (!o) {
			if (check_offers)
				problem(p, line, "code %s : offre « %s » inconnue (absente du fichier des offres)",
					n->e.code, tok);
			continue;
		}
		for (size_t i = 0; i < n->e.noffres; i++)
			dup = dup || strcmp(n->offres[i], o->it.code) == 0;
		if (dup) {
			problem(p, line, "code %s : offre « %s » citée deux fois", n->e.code, tok);
			continue;
		}
		n->offres[n->e.noffres] = xstrdup(o->it.code);
		if (!n->offres[n->e.noffres]) {
			free(copy);
			return -1;
		}
		n->e.noffres++;
	}
	n->e.offres = (const char *const *)n->offres;
	free(copy);
	return 0;
}

static int level_of(const char *s)
{
	for (int l = 0; l < REF_LEVELS; l++)
		if (strcmp(s, level_codes[l]) == 0)
			return l;
	return -1;
}

/* The target (cible) of node n read from line r: objectives only, 1 to 4. */
static void grid_row_target(struct node *n, const struct row *r, const char *cible, struct problems *p)
{
	const char *code = n->e.code;
	int level = (int)n->e.niveau;

	if (level == REF_OBJECTIF) {
		if (!*cible)
			problem(p, r->line, "code %s : cible manquante (un objectif a une cible de 1 à 4)",
				code);
		else if (parse_decimal(cible, 2, &n->e.cible) != 0 || n->e.cible < 1 || n->e.cible > 4)
			problem(p, r->line,
				"code %s : cible « %s » invalide (nombre de 1 à 4 attendu, ex. 2.5)", code,
				cible);
	} else if (*cible) {
		problem(p, r->line, "code %s : cible « %s » sur %s (seuls les objectifs ont une cible)",
			code, cible, level_names[level]);
	}
	n->e.cible = level == REF_OBJECTIF ? n->e.cible : 0;
}

/* Pass 1 of the grid: line r on its own, into a new node unless it is
 * unusable (its problems noted); -1 when out of memory. */
static int grid_row(ref_set *set, const struct row *r, bool check_offers, struct problems *p)
{
	const char *code = field(r, 0), *niv = field(r, 1), *parent = field(r, 2);
	const char *lib = field(r, 3), *cible = field(r, 4), *poids = field(r, 5);
	const char *offres = field(r, 6);
	struct node *n;
	int level;
	bool dup = false;

	if (r->nfields == 0)
		return 0;
	if (!*code) {
		problem(p, r->line, "code vide");
		return 0;
	}
	level = level_of(niv);
	if (level < 0) {
		problem(p, r->line,
			"code %s : niveau « %s » inconnu (attendu theme, sous_theme, objectif ou indicateur)",
			code, niv);
		return 0;
	}
	for (size_t j = 0; j < set->nnodes && !dup; j++) {
		if (strcmp(set->nodes[j].e.code, code) == 0) {
			problem(p, r->line, "code %s en double (déjà défini ligne %ld)", code,
				set->nodes[j].line);
			dup = true;
		}
	}
	if (dup)
		return 0;

	n = &set->nodes[set->nnodes++];
	n->line = r->line;
	n->e.niveau = (enum ref_level)level;
	n->e.rang = (int)(set->nnodes - 1);
	n->e.poids = 1;
	n->e.code = xstrdup(code);
	n->e.libelle = xstrdup(lib);
	if (!n->e.code || !n->e.libelle)
		return -1;

	if (!code_shape_ok(code, n->e.niveau))
		problem(p, r->line, "code %s : forme invalide pour %s (attendu %s)", code,
			level_names[level], level_forms[level]);
	if (level == REF_THEME && *parent)
		problem(p, r->line, "code %s : un thème n'a pas de parent (trouvé « %s »)", code, parent);
	else if (level != REF_THEME && !*parent)
		problem(p, r->line, "code %s : parent manquant (%s a pour parent %s)", code,
			level_names[level], level_names[level - 1]);
	if (level != REF_THEME && *parent && !(n->e.parent = xstrdup(parent)))
		return -1;
	if (!*lib)
		problem(p, r->line, "code %s : libellé vide", code);

	grid_row_target(n, r, cible, p);

	if (*poids && (parse_decimal(poids, 6, &n->e.poids) != 0 || n->e.poids <= 0)) {
		problem(p, r->line, "code %s : poids « %s » invalide (nombre strictement positif attendu)",
			code, poids);
		n->e.poids = 1;
	}

	if (level == REF_OBJECTIF) {
		if (parse_offers(n, offres, set, check_offers, p, r->line) != 0)
			return -1;
		if (n->e.noffres == 0 && strspn(offres, " |") == strlen(offres))
			problem(p, r->line,
				"code %s : aucune offre (un objectif cite au moins une offre, séparées par |)",
				code);
	} else if (*offres) {
		problem(p, r->line, "code %s : offres « %s » sur %s (seuls les objectifs en ont)", code,
			offres, level_names[level]);
	}
	return 0;
}

/* The index by code (set->sorted); -1 when out of memory. */
static int grid_index(ref_set *set)
{
	struct code_index *ci = malloc((set->nnodes ? set->nnodes : 1) * sizeof(*ci));
	set->sorted = malloc((set->nnodes ? set->nnodes : 1) * sizeof(size_t));
	if (!ci || !set->sorted) {
		free(ci);
		return -1;
	}
	for (size_t i = 0; i < set->nnodes; i++) {
		ci[i].code = set->nodes[i].e.code;
		ci[i].i = i;
	}
	qsort(ci, set->nnodes, sizeof(*ci), code_index_cmp);
	for (size_t i = 0; i < set->nnodes; i++)
		set->sorted[i] = ci[i].i;
	free(ci);
	return 0;
}

/* Pass 2: each node against its parent, and the levels left without children. */
static void grid_hierarchy(ref_set *set, struct problems *p)
{
	for (size_t i = 0; i < set->nnodes; i++) {
		struct node *n = &set->nodes[i], *par;
		size_t plen;

		if (!n->e.parent)
			continue;
		par = find_node(set, n->e.parent);
		if (!par) {
			problem(p, n->line, "code %s : parent %s inconnu (absent de la grille)", n->e.code,
				n->e.parent);
			continue;
		}
		par->nchildren++;
		if (par->e.niveau != n->e.niveau - 1) {
			problem(p, n->line, "code %s : le parent %s est %s, attendu %s", n->e.code,
				n->e.parent, level_names[par->e.niveau], level_names[n->e.niveau - 1]);
			continue;
		}
		plen = strlen(par->e.code);
		if (code_shape_ok(n->e.code, n->e.niveau) &&
		    !(strncmp(n->e.code, par->e.code, plen) == 0 && n->e.code[plen] == '.' &&
		      strchr(n->e.code + plen + 1, '.') == NULL))
			problem(p, n->line, "code %s : ne prolonge pas le code de son parent %s (attendu %s.%s)",
				n->e.code, par->e.code, par->e.code,
				n->e.niveau == REF_INDICATEUR ? "lettre" : "N");
	}
	for (size_t i = 0; i < set->nnodes; i++) {
		static const char *const without[] = {"thème sans sous-thème", "sous-thème sans objectif",
						      "objectif sans indicateur"};
		const struct node *n = &set->nodes[i];
		if (n->e.niveau != REF_INDICATEUR && n->nchildren == 0)
			problem(p, n->line, "code %s : %s", n->e.code, without[n->e.niveau]);
	}
}

/* The per-level views of a grid without problems; -1 when out of memory. */
static int grid_levels(ref_set *set)
{
	for (int l = 0; l < REF_LEVELS; l++) {
		set->by_level[l] = calloc(set->nnodes, sizeof(size_t));
		if (!set->by_level[l])
			return -1;
	}
	for (size_t i = 0; i < set->nnodes; i++) {
		struct node *n = &set->nodes[i];
		n->index = (int)set->level_count[n->e.niveau];
		set->by_level[n->e.niveau][set->level_count[n->e.niveau]++] = i;
	}
	return 0;
}

/* The grid's nodes from its rows: each line on its own, then the hierarchy
 * and the levels; -1 when out of memory. */
static int grid_build(ref_set *set, const struct table *t, bool check_offers, struct problems *p)
{
	set->nodes = calloc(t->nrows ? t->nrows : 1, sizeof(*set->nodes));
	if (!set->nodes)
		return -1;
	/* Pass 1: each line on its own. */
	for (size_t i = 1; i < t->nrows; i++)
		if (grid_row(set, &t->rows[i], check_offers, p) != 0)
			return -1;
	/* Index by code, then pass 2: the hierarchy. */
	if (grid_index(set) != 0)
		return -1;
	grid_hierarchy(set, p);
	if (p->n == 0 && t->nrows > 1 && set->nnodes > 0 && grid_levels(set) != 0)
		return -1;
	return 0;
}

static int load_grid(ref_set *set, const char *path, bool check_offers, size_t *nproblems)
{
	struct table t;
	struct problems p;
	int ret;

	problems_init(&p, path);
	ret = table_read(&t, &p, path, grid_header);
	if (ret != LECAP_OK || t.unusable)
		goto cleanup;
	if (grid_build(set, &t, check_offers, &p) != 0)
		ret = log_fail(LECAP_USAGE, "%s : mémoire insuffisante", path);
cleanup:
	*nproblems += problems_flush(&p);
	table_release(&t);
	return ret;
}

static int hash_file(const char *path, char hex[65])
{
	FILE *f = fopen(path, "rb");
	struct sha256 s;
	char buf[65536];
	size_t n;

	if (!f)
		return log_fail(LECAP_USAGE, "%s : lecture impossible : %s", path, strerror(errno));
	sha256_init(&s);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sha256_update(&s, buf, n);
	if (ferror(f)) {
		fclose(f);
		return log_fail(LECAP_USAGE, "%s : erreur de lecture", path);
	}
	fclose(f);
	sha256_final_hex(&s, hex);
	return LECAP_OK;
}

int ref_load(const struct lecap_config *cfg, ref_set **out)
{
	ref_set *set = calloc(1, sizeof(*set));
	size_t nproblems = 0, offer_problems = 0;
	char hex[65];
	int ret;

	*out = NULL;
	if (!set)
		return log_fail(LECAP_USAGE, "mémoire insuffisante");
	set->version = xstrdup(cfg->referentiel_version);
	set->path = xstrdup(cfg->referentiel_fichier);
	if (!set->version || !set->path) {
		ret = log_fail(LECAP_USAGE, "mémoire insuffisante");
		goto cleanup;
	}
	if (!*set->version) {
		ret = log_fail(LECAP_USAGE, "[referentiel] version est vide");
		log_hint("donnez un libellé de version à la grille, par exemple version = cap-2019");
		goto cleanup;
	}

	ret = load_items(&set->offers, cfg->referentiel_offres, ITEM_OFFER, &offer_problems);
	if (ret != LECAP_OK)
		goto cleanup;
	ret = load_items(&set->regions, cfg->referentiel_regions, ITEM_REGION, &nproblems);
	if (ret != LECAP_OK)
		goto cleanup;
	ret = load_items(&set->types, cfg->referentiel_types, ITEM_TYPE, &nproblems);
	if (ret != LECAP_OK)
		goto cleanup;
	/* Unknown offers are only reported when the offers file itself is sound. */
	ret = load_grid(set, cfg->referentiel_fichier, offer_problems == 0, &nproblems);
	if (ret != LECAP_OK)
		goto cleanup;
	nproblems += offer_problems;
	if (nproblems > 0) {
		ret = LECAP_USAGE;
		goto cleanup;
	}
	ret = hash_file(cfg->referentiel_fichier, hex);
	if (ret != LECAP_OK)
		goto cleanup;
	set->sha256 = xstrdup(hex);
	if (!set->sha256) {
		ret = log_fail(LECAP_USAGE, "mémoire insuffisante");
		goto cleanup;
	}
	*out = set;
	return LECAP_OK;
cleanup:
	ref_free(set);
	return ret;
}

void ref_free(ref_set *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->nnodes; i++)
		free_node(&set->nodes[i]);
	free(set->nodes);
	free(set->sorted);
	for (int l = 0; l < REF_LEVELS; l++)
		free(set->by_level[l]);
	free_items(&set->offers);
	free_items(&set->regions);
	free_items(&set->types);
	free(set->version);
	free(set->sha256);
	free(set->path);
	free(set);
}

/* ---- lookups ---- */

const char *ref_version(const ref_set *set)
{
	return set->version;
}

const char *ref_grid_sha256(const ref_set *set)
{
	return set->sha256;
}

const char *ref_grid_path(const ref_set *set)
{
	return set->path;
}

size_t ref_count(const ref_set *set, enum ref_level level)
{
	return (unsigned)level < REF_LEVELS ? set->level_count[level] : 0;
}

const struct ref_element *ref_at(const ref_set *set, enum ref_level level, size_t i)
{
	if ((unsigned)level >= REF_LEVELS || i >= set->level_count[level])
		return NULL;
	return &set->nodes[set->by_level[level][i]].e;
}

const struct ref_element *ref_find(const ref_set *set, const char *code)
{
	const struct node *n = find_node(set, code);
	return n ? &n->e : NULL;
}

int ref_index(const ref_set *set, const char *code)
{
	const struct node *n = find_node(set, code);
	return n ? n->index : -1;
}

int ref_indicator_index(const ref_set *set, const char *code)
{
	const struct node *n = find_node(set, code);
	return n && n->e.niveau == REF_INDICATEUR ? n->index : -1;
}

size_t ref_offer_count(const ref_set *set)
{
	return set->offers.n;
}

const struct ref_item *ref_offer_at(const ref_set *set, size_t i)
{
	return i < set->offers.n ? &set->offers.v[i].it : NULL;
}

/* The item of code in items, spaces around it ignored; compared whole. */
static const struct ref_item *items_find_trimmed(const struct item_list *items, const char *code)
{
	char buf[KEY_SIZE];
	const struct item *it;

	if (strlen(code) >= sizeof(buf))
		return NULL; /* compared whole: never cut to a known code */
	snprintf(buf, sizeof(buf), "%s", code);
	it = items_find_code(items, trim(buf));
	return it ? &it->it : NULL;
}

const struct ref_item *ref_offer_find(const ref_set *set, const char *code)
{
	return items_find_trimmed(&set->offers, code);
}

size_t ref_region_count(const ref_set *set)
{
	return set->regions.n;
}

const struct ref_item *ref_region_at(const ref_set *set, size_t i)
{
	return i < set->regions.n ? &set->regions.v[i].it : NULL;
}

const struct ref_item *ref_region_find(const ref_set *set, const char *code_or_name)
{
	char buf[KEY_SIZE], key[KEY_SIZE];
	const char *s;

	if (strlen(code_or_name) >= sizeof(buf))
		return NULL; /* compared whole: never cut to a known code */
	snprintf(buf, sizeof(buf), "%s", code_or_name);
	s = trim(buf);
	/* A spreadsheet drops the leading zero of "06": accept "6". */
	if (s[0] >= '1' && s[0] <= '9' && s[1] == '\0') {
		snprintf(key, sizeof(key), "0%c", s[0]);
		s = key;
	}
	for (size_t i = 0; i < set->regions.n; i++)
		if (strcmp(set->regions.v[i].it.code, s) == 0)
			return &set->regions.v[i].it;
	/* Names: case, accents, spaces, hyphens and apostrophes (’ too) ignored;
	 * any other sign makes the value unknown. */
	if (!text_code_key(code_or_name, "-'_", key, sizeof(key)) || !*key)
		return NULL;
	for (size_t i = 0; i < set->regions.n; i++)
		if (strcmp(set->regions.v[i].name_key, key) == 0)
			return &set->regions.v[i].it;
	return NULL;
}

size_t ref_type_count(const ref_set *set)
{
	return set->types.n;
}

const struct ref_item *ref_type_at(const ref_set *set, size_t i)
{
	return i < set->types.n ? &set->types.v[i].it : NULL;
}

const struct ref_item *ref_type_find(const ref_set *set, const char *code)
{
	return items_find_trimmed(&set->types, code);
}
