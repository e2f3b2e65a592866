/* Streaming reader and validator of member exports; see export_read.h. */
#include "ingest/export_read.h"

#include "io/csvread.h"
#include "base/courriel.h"
#include "base/exitcode.h"
#include "ingest/export_field.h"
#include "base/log.h"
#include "io/sha256.h"
#include "base/text.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHUNK (256 * 1024)
/* An unquoted field of more bytes than this holds more than 2,000 characters
 * whatever the encoding (4 bytes at most per UTF-8 character): refused by the
 * CSV reader before it is buffered. Below it, the decoded value's characters
 * are counted. */
#define FIELD_GATE_BYTES ((size_t)EXPORT_MAX_FIELD_CHARS * 4)
/* Callback value that stops the parse after a problem already recorded. */
#define STOP_PARSE 1000

enum col {
	COL_SIRET, COL_RAISON, COL_REGION, COL_TYPE, COL_CAMPAGNE, COL_DATE_EVAL,
	COL_HORODATAGE, COL_REPONDANT, COL_COLLEGE, COL_OBJECTIF, COL_ACTION,
	COL_PRIORITE, COL_RESPONSABLE, COL_ECHEANCE, COL_STATUT, COL_OFFRES,
	COL_DATE_ADHESION, COL_COURRIEL, COL_COUNT,
	COL_INDICATOR = 100,
	COL_NONE = -1,
};

/* Canonical name (messages) and the comparison keys (text_key) it is
 * recognised by in a header: the name itself and usual labels. */
static const struct {
	const char *name;
	const char *keys[4];
} cols[COL_COUNT] = {
	{"siret", {"siret"}},
	{"raison_sociale", {"raisonsociale"}},
	{"region", {"region"}},
	{"type_structure", {"typestructure", "typedestructure"}},
	{"campagne", {"campagne"}},
	{"date_evaluation", {"dateevaluation", "datedevaluation", "datedelevaluation"}},
	{"horodatage_export", {"horodatageexport", "horodatagedexport", "horodatagedelexport"}},
	{"repondant", {"repondant"}},
	{"college", {"college"}},
	{"objectif", {"objectif"}},
	{"action", {"action"}},
	{"priorite", {"priorite"}},
	{"responsable", {"responsable"}},
	{"echeance", {"echeance"}},
	{"statut", {"statut"}},
	{"offres", {"offres", "offre"}},
	{"date_adhesion", {"dateadhesion", "datedadhesion", "datedeladhesion"}},
	{"courriel_contact", {"courrielcontact", "courrieldecontact", "courriel"}},
};

/* The columns of each kind, in contract order; -1 ends. */
static const int kind_cols[4][11] = {
	[EXPORT_REPONSES] = {COL_SIRET, COL_RAISON, COL_REGION, COL_TYPE, COL_CAMPAGNE, COL_DATE_EVAL,
			     COL_HORODATAGE, COL_REPONDANT, COL_COLLEGE, -1},
	[EXPORT_PLAN] = {COL_SIRET, COL_CAMPAGNE, COL_HORODATAGE, COL_OBJECTIF, COL_ACTION, COL_PRIORITE,
			 COL_RESPONSABLE, COL_ECHEANCE, COL_STATUT, COL_OFFRES, -1},
	[EXPORT_ADHERENTS] = {COL_SIRET, COL_RAISON, COL_REGION, COL_TYPE, COL_DATE_ADHESION, COL_COURRIEL, -1},
	[EXPORT_UNKNOWN] = {-1},
};

/* Columns a file may leave out (docs/format-exports.md): the plan's echeance
 * and offres, the registry's date_adhesion and courriel_contact. */
static bool optional_col(int c)
{
	return c == COL_ECHEANCE || c == COL_OFFRES || c == COL_DATE_ADHESION || c == COL_COURRIEL;
}

/* Fields identical on every row of a Réponses or Plan file. */
static const int per_file[2][8] = {
	{COL_SIRET, COL_RAISON, COL_REGION, COL_TYPE, COL_CAMPAGNE, COL_DATE_EVAL, COL_HORODATAGE, -1},
	{COL_SIRET, COL_CAMPAGNE, COL_HORODATAGE, -1},
};

const char *export_read_kind_name(enum export_kind kind)
{
	switch (kind) {
	case EXPORT_REPONSES: return "reponses";
	case EXPORT_PLAN: return "plan";
	case EXPORT_ADHERENTS: return "adherents";
	default: return "inconnu";
	}
}

/* ---- a small string set (respondents, SIRETs of a registry) ---- */

struct strset {
	char **keys;
	long *lines;
	size_t cap, n;
};

static uint32_t hash_str(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void strset_release(struct strset *s)
{
	for (size_t i = 0; i < s->cap; i++)
		free(s->keys[i]);
	free(s->keys);
	free(s->lines);
	memset(s, 0, sizeof(*s));
}

/* Adds key; returns 0 when new, the line of the first one when present,
 * -1 when out of memory. */
static long strset_add(struct strset *s, const char *key, long line)
{
	size_t i;

	if ((s->n + 1) * 2 > s->cap) {
		struct strset g = {0};
		g.cap = s->cap ? s->cap * 2 : 64;
		g.keys = calloc(g.cap, sizeof(*g.keys));
		g.lines = calloc(g.cap, sizeof(*g.lines));
		if (!g.keys || !g.lines) {
			free(g.keys);
			free(g.lines);
			return -1;
		}
		for (size_t k = 0; k < s->cap; k++) {
			if (!s->keys[k])
				continue;
			i = hash_str(s->keys[k]) & (g.cap - 1);
			while (g.keys[i])
				i = (i + 1) & (g.cap - 1);
			g.keys[i] = s->keys[k];
			g.lines[i] = s->lines[k];
		}
		g.n = s->n;
		free(s->keys);
		free(s->lines);
		*s = g;
	}
	i = hash_str(key) & (s->cap - 1);
	while (s->keys[i]) {
		if (strcmp(s->keys[i], key) == 0)
			return s->lines[i];
		i = (i + 1) & (s->cap - 1);
	}
	s->keys[i] = strdup(key);
	if (!s->keys[i])
		return -1;
	s->lines[i] = line;
	s->n++;
	return 0;
}

/* ---- reader state ---- */

/* Lines are those where the record holding the byte starts (a quoted field
 * may span lines). */
struct prescan {
	int bom;            /* 0 none, 1 UTF-8, 2 UTF-16 LE, 3 UTF-16 BE */
	long lines;
	long nul_line;      /* 0: no NUL byte */
	long utf8_bad_line; /* 0: valid UTF-8 */
	unsigned utf8_bad_byte;
	long utf8_ok_line;  /* first valid multi-byte UTF-8 character, or 0 */
	long utf8_cut_line; /* the file ends inside a UTF-8 character */
	long cp_bad_line;   /* 0: no byte undefined in Windows-1252 */
	unsigned cp_bad_byte;
};

struct reader {
	const ref_set *ref;
	const char *name;
	struct export_result *res;
	const struct export_sink *sink;
	struct prescan ps;
	bool cp1252;
	char sep;
	int stop;             /* the sink's error */
	bool began, skip;
	bool header_done;
	size_t ncols;
	char **colname;       /* as written, UTF-8 */
	int *role;            /* enum col per column */
	const char **indic;   /* indicator code per column, or NULL */
	int colidx[COL_COUNT];
	enum export_kind kind;
	/* first data row's per-file values, raw (trimmed) */
	bool have_first;
	long first_line;
	char *first[COL_COUNT];
	struct strset seen;   /* respondents, or SIRETs of a registry */
	long consensus_line;
	int numero;
	/* scratch */
	char *tbuf;
	size_t tcap;
	char **vals;
	bool *bad;
	const char **cell_ind;
	int *cell_note;
	int *indic_pos;       /* per column: the indicator's position in the grid */
	int *cell_pos;
	const char **offres;
	size_t offres_cap;
	char *offres_buf;
	size_t offres_buf_cap;
};

static void add_problem(struct reader *rd, long line, const char *col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void add_problem(struct reader *rd, long line, const char *col, const char *fmt, ...)
{
	struct export_result *res = rd->res;
	char msg[1024];
	va_list ap;
	char *p;
	int n;

	res->total++;
	if (res->nproblems >= EXPORT_MAX_PROBLEMS)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	n = snprintf(NULL, 0, "%s:%ld:%s: %s", rd->name, line, col ? col : "-", msg);
	p = malloc((size_t)n + 1);
	if (!p)
		return;
	snprintf(p, (size_t)n + 1, "%s:%ld:%s: %s", rd->name, line, col ? col : "-", msg);
	/* One problem, one line: a value's line breaks, escape sequences and
	 * other controls are shown escaped, as file names are. */
	char *esc = text_shown_name(p);
	free(p);
	if (!esc)
		return;
	res->problems[res->nproblems++] = esc;
}

static void add_warning(struct reader *rd, long line, const char *col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void add_warning(struct reader *rd, long line, const char *col, const char *fmt, ...)
{
	struct export_result *res = rd->res;
	char msg[1024], *p, *esc;
	va_list ap;
	int n;

	if (res->nwarnings >= EXPORT_MAX_PROBLEMS)
		return;
	if (!res->warnings && !(res->warnings = calloc(EXPORT_MAX_PROBLEMS, sizeof(*res->warnings))))
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	n = snprintf(NULL, 0, "%s:%ld:%s: avertissement : %s", rd->name, line, col ? col : "-", msg);
	if (!(p = malloc((size_t)n + 1)))
		return;
	snprintf(p, (size_t)n + 1, "%s:%ld:%s: avertissement : %s", rd->name, line, col ? col : "-", msg);
	esc = text_shown_name(p);
	free(p);
	if (esc)
		res->warnings[res->nwarnings++] = esc;
}

/* "1 j", "2 h", "30 min", "45 s": a tolerance as the configuration writes it. */
static void duration_text(long s, char *buf, size_t size)
{
	if (s > 0 && s % 86400 == 0)
		snprintf(buf, size, "%ld j", s / 86400);
	else if (s > 0 && s % 3600 == 0)
		snprintf(buf, size, "%ld h", s / 3600);
	else if (s > 0 && s % 60 == 0)
		snprintf(buf, size, "%ld min", s / 60);
	else
		snprintf(buf, size, "%ld s", s);
}

/* Shortens a value quoted in a message: long values are cut at 60
 * characters (add_problem escapes what must be). */
static const char *shown(const char *v, char buf[256])
{
	size_t n = 0, chars = 0;
	while (v[n] && chars < 60) {
		n++;
		while (((unsigned char)v[n] & 0xC0) == 0x80)
			n++;
		chars++;
	}
	if (!v[n])
		return v;
	snprintf(buf, 256, "%.*s…", (int)n, v);
	return buf;
}

/* ---- prescan: raw bytes ---- */

/* The scanner's position across chunks: lines, quoting, the UTF-8 decoder. */
struct prescan_state {
	bool quoted;
	int need;             /* continuation bytes still expected */
	unsigned lo, hi, lead;
	long line, rec;       /* physical line; first line of the current record */
};

/* Records the BOM of the file's first chunk; returns the bytes to skip. */
static ssize_t prescan_bom(struct prescan *ps, const unsigned char *s, ssize_t n)
{
	if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
		ps->bom = 1;
		return 3;
	}
	if (n >= 2 && s[0] == 0xFF && s[1] == 0xFE)
		ps->bom = 2;
	else if (n >= 2 && s[0] == 0xFE && s[1] == 0xFF)
		ps->bom = 3;
	return 0;
}

/* Line, record, NUL and Windows-1252 bookkeeping for one byte. */
static void prescan_mark(struct prescan *ps, struct prescan_state *st, unsigned c)
{
	if (c == '\n') {
		st->line++;
		if (!st->quoted)
			st->rec = st->line;
	} else if (c == '"') {
		st->quoted = !st->quoted; /* doubled quotes toggle twice */
	}
	if (c == 0 && !ps->nul_line)
		ps->nul_line = st->rec;
	if (!ps->cp_bad_line && (c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 || c == 0x9D)) {
		ps->cp_bad_line = st->rec;
		ps->cp_bad_byte = c;
	}
}

static void prescan_utf8_bad(struct prescan *ps, const struct prescan_state *st, unsigned byte)
{
	if (!ps->utf8_bad_line) {
		ps->utf8_bad_line = st->rec;
		ps->utf8_bad_byte = byte;
	}
}

/* UTF-8, on to the end: a file may hold both valid UTF-8 characters and
 * bytes that are not (mixed encodings). */
static void prescan_utf8(struct prescan *ps, struct prescan_state *st, unsigned c)
{
	if (st->need > 0) {
		if (c >= st->lo && c <= st->hi) {
			st->lo = 0x80;
			st->hi = 0xBF;
			if (--st->need == 0 && !ps->utf8_ok_line)
				ps->utf8_ok_line = st->rec;
			return;
		}
		prescan_utf8_bad(ps, st, st->lead);
		st->need = 0;
		st->lo = 0x80;
		st->hi = 0xBF;
	}
	if (c < 0x80)
		return;
	st->lead = c;
	if (c >= 0xC2 && c <= 0xDF) {
		st->need = 1;
	} else if (c >= 0xE0 && c <= 0xEF) {
		st->need = 2;
		if (c == 0xE0)
			st->lo = 0xA0;
		else if (c == 0xED)
			st->hi = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		st->need = 3;
		if (c == 0xF0)
			st->lo = 0x90;
		else if (c == 0xF4)
			st->hi = 0x8F;
	} else {
		prescan_utf8_bad(ps, st, c);
	}
}

static int prescan(int fd, const char *path, struct reader *rd)
{
	struct prescan *ps = &rd->ps;
	struct prescan_state st = {.lo = 0x80, .hi = 0xBF, .line = 1, .rec = 1};
	struct sha256 sha;
	char *buf = malloc(CHUNK);
	ssize_t n;
	bool first = true;
	int ret = LECAP_OK;

	if (!buf)
		return log_fail(LECAP_IO, "mémoire insuffisante");
	sha256_init(&sha);
	while ((n = read(fd, buf, CHUNK)) > 0) {
		const unsigned char *s = (const unsigned char *)buf;
		ssize_t i = 0;

		sha256_update(&sha, buf, (size_t)n);
		if (first) {
			first = false;
			i = prescan_bom(ps, s, n);
		}
		if (ps->bom >= 2)
			continue; /* only the fingerprint matters now */
		for (; i < n; i++) {
			prescan_mark(ps, &st, s[i]);
			prescan_utf8(ps, &st, s[i]);
		}
	}
	if (n < 0)
		ret = log_fail(LECAP_IO, "lecture de %s impossible : %s", path, strerror(errno));
	if (st.need)
		ps->utf8_cut_line = st.rec;
	ps->lines = st.line;
	sha256_final_hex(&sha, rd->res->info.sha256);
	free(buf);
	return ret;
}

/* Decides the encoding from the prescan; false when the file is refused. */
static bool decide_encoding(struct reader *rd)
{
	struct prescan *ps = &rd->ps;
	struct export_info *info = &rd->res->info;

	if (ps->bom >= 2) {
		add_problem(rd, 1, NULL, "fichier encodé en UTF-16 : enregistrez-le en UTF-8 "
			    "(ou Windows-1252) et renvoyez-le");
		return false;
	}
	if (ps->nul_line) {
		add_problem(rd, ps->nul_line, NULL, "octet nul (0x00) : ce n'est pas un fichier texte ; "
			    "renvoyez l'export au format CSV");
		return false;
	}
	if (ps->bom == 1) {
		if (ps->utf8_bad_line || ps->utf8_cut_line) {
			add_problem(rd, ps->utf8_bad_line ? ps->utf8_bad_line : ps->utf8_cut_line, NULL,
				    "UTF-8 invalide alors que le fichier "
				    "commence par une marque UTF-8 (BOM) : enregistrez-le de nouveau en UTF-8");
			return false;
		}
		info->encoding = "UTF-8 (BOM)";
		return true;
	}
	if (!ps->utf8_bad_line && !ps->utf8_cut_line) {
		info->encoding = "UTF-8";
		return true;
	}
	if (ps->cp_bad_line) {
		add_problem(rd, ps->cp_bad_line, NULL, "encodage non reconnu, ni UTF-8 ni Windows-1252 "
			    "(octet 0x%02X) : enregistrez le fichier en UTF-8", ps->cp_bad_byte);
		return false;
	}
	if (ps->utf8_cut_line && !ps->utf8_bad_line && ps->utf8_ok_line) {
		add_problem(rd, ps->utf8_cut_line, NULL, "fichier tronqué au milieu d'un caractère "
			    "(UTF-8 incomplet en fin de fichier) : renvoyez l'export complet");
		return false;
	}
	if (ps->utf8_ok_line && ps->utf8_bad_line) {
		/* Some lines in UTF-8, others not: read as Windows-1252, the UTF-8
		 * ones would be stored garbled (« BÃ©nÃ©vole »). */
		add_problem(rd, ps->utf8_bad_line, NULL, "encodages mélangés : cette ligne n'est pas "
			    "en UTF-8 (octet 0x%02X) alors que la ligne %ld l'est ; ré-enregistrez "
			    "tout le fichier dans un seul encodage (tableur : « CSV UTF-8 »)",
			    ps->utf8_bad_byte, ps->utf8_ok_line);
		return false;
	}
	info->encoding = "Windows-1252";
	rd->cp1252 = true;
	return true;
}

/* The separator of the header line: the most frequent of ; , tab outside
 * quotes (; when none). */
static char detect_sep(const char *buf, size_t len)
{
	size_t count[3] = {0, 0, 0};
	bool quoted = false;

	for (size_t i = 0; i < len && (quoted || (buf[i] != '\n' && buf[i] != '\r')); i++) {
		if (buf[i] == '"')
			quoted = !quoted;
		else if (!quoted && buf[i] == ';')
			count[0]++;
		else if (!quoted && buf[i] == ',')
			count[1]++;
		else if (!quoted && buf[i] == '\t')
			count[2]++;
	}
	if (count[2] > count[0] && count[2] > count[1])
		return '\t';
	if (count[1] > count[0])
		return ',';
	return ';';
}

/* ---- fields ---- */

/* Length of the space at s: ' ', a tab (when not the separator), a no-break
 * or narrow no-break space; 0 when none. */
static size_t space_at(const char *s, char sep)
{
	size_t n;
	if (*s == '\t' && sep != '\t')
		return 1;
	return text_is_space_at(s, &n) ? n : 0;
}

/* Length of the space ending at e (s <= e); 0 when none. */
static size_t space_before(const char *s, const char *e, char sep)
{
	if (e - s >= 1 && (e[-1] == ' ' || (e[-1] == '\t' && sep != '\t')))
		return 1;
	if (e - s >= 2 && memcmp(e - 2, "\xC2\xA0", 2) == 0)
		return 2;
	if (e - s >= 3 && memcmp(e - 3, "\xE2\x80\xAF", 3) == 0)
		return 3;
	return 0;
}

/* Drops the spaces (no-break ones too) at both ends of s. */
static char *trim(char *s, char sep)
{
	char *e;
	size_t k;
	while ((k = space_at(s, sep)) > 0)
		s += k;
	e = s + strlen(s);
	while ((k = space_before(s, e, sep)) > 0)
		e -= k;
	*e = '\0';
	return s;
}

/* Whether a raw field holds only spaces (a row of separators only, as
 * spreadsheets write below the data); raw Windows-1252 0xA0 is a no-break
 * space. */
static bool blank_raw(const char *f, bool cp1252, char sep)
{
	size_t k;
	while (*f) {
		if (cp1252 && (unsigned char)*f == 0xA0)
			k = 1;
		else if ((k = space_at(f, sep)) == 0)
			return false;
		f += k;
	}
	return true;
}

/* Makes rd->vals[] the record's fields in UTF-8, trimmed. */
static int load_fields(struct reader *rd, const struct csv_record *rec)
{
	if (!rd->cp1252) {
		for (size_t i = 0; i < rec->nfields; i++)
			rd->vals[i] = trim(rec->fields[i], rd->sep);
		return 0;
	}
	size_t need = 0, off = 0;
	for (size_t i = 0; i < rec->nfields; i++)
		need += 3 * rec->lengths[i] + 1;
	if (need > rd->tcap) {
		char *t = realloc(rd->tbuf, need);
		if (!t)
			return -1;
		rd->tbuf = t;
		rd->tcap = need;
	}
	for (size_t i = 0; i < rec->nfields; i++) {
		long n = text_cp1252_to_utf8(rec->fields[i], rec->lengths[i], rd->tbuf + off, NULL);
		rd->vals[i] = trim(rd->tbuf + off, rd->sep);
		off += (size_t)n + 1;
	}
	return 0;
}

/* Indicator code of a header cell ("1.1.1.A " → "1.1.1.a"), or NULL. */
static const char *header_indicator(const struct reader *rd, const char *text)
{
	char code[32];
	size_t n = 0;
	const struct ref_element *e;

	for (const char *p = text; *p; p++) {
		if (*p == ' ')
			continue;
		if (n + 1 >= sizeof(code))
			return NULL;
		code[n++] = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
	}
	code[n] = '\0';
	e = ref_find(rd->ref, code);
	return e && e->niveau == REF_INDICATEUR ? e->code : NULL;
}

/* Whether a header cell looks like an element code: digits and dots. */
static bool looks_like_code(const char *text)
{
	bool dot = false;
	if (!(*text >= '0' && *text <= '9'))
		return false;
	for (; *text; text++) {
		if (*text == '.')
			dot = true;
		else if (!((*text >= '0' && *text <= '9') || (*text >= 'a' && *text <= 'z') ||
			   (*text >= 'A' && *text <= 'Z') || *text == ' '))
			return false;
	}
	return dot;
}

static int alloc_columns(struct reader *rd, size_t n)
{
	rd->ncols = n;
	rd->colname = calloc(n, sizeof(*rd->colname));
	rd->role = calloc(n, sizeof(*rd->role));
	rd->indic = calloc(n, sizeof(*rd->indic));
	rd->vals = calloc(n, sizeof(*rd->vals));
	rd->bad = calloc(n, sizeof(*rd->bad));
	rd->cell_ind = calloc(n, sizeof(*rd->cell_ind));
	rd->cell_note = calloc(n, sizeof(*rd->cell_note));
	rd->indic_pos = calloc(n, sizeof(*rd->indic_pos));
	rd->cell_pos = calloc(n, sizeof(*rd->cell_pos));
	if (!rd->colname || !rd->role || !rd->indic || !rd->vals || !rd->bad || !rd->cell_ind ||
	    !rd->cell_note || !rd->indic_pos || !rd->cell_pos)
		return -1;
	return 0;
}

/* Gives each header cell its role; counts indicator columns and cells that
 * look like element codes. */
static int header_roles(struct reader *rd, const struct csv_record *rec, bool has[COL_COUNT],
			size_t *nindic, size_t *ncodes)
{
	for (size_t i = 0; i < rec->nfields; i++) {
		char key[64];
		rd->colname[i] = strdup(rd->vals[i]);
		if (!rd->colname[i])
			return CSVR_ENOMEM;
		rd->role[i] = COL_NONE;
		text_key(rd->vals[i], key, sizeof(key));
		for (int c = 0; c < COL_COUNT; c++)
			for (int k = 0; k < 4 && cols[c].keys[k]; k++)
				if (strcmp(key, cols[c].keys[k]) == 0) {
					rd->role[i] = c;
					has[c] = true;
				}
		if (rd->role[i] == COL_NONE && (rd->indic[i] = header_indicator(rd, rd->vals[i]))) {
			rd->role[i] = COL_INDICATOR;
			rd->indic_pos[i] = ref_indicator_index(rd->ref, rd->indic[i]);
			(*nindic)++;
		}
		if (rd->role[i] == COL_NONE && looks_like_code(rd->vals[i]))
			(*ncodes)++;
	}
	return 0;
}

static int header_kind(const bool has[COL_COUNT], size_t nindic, size_t ncodes)
{
	if (has[COL_REPONDANT] || has[COL_COLLEGE] || nindic || ncodes)
		return EXPORT_REPONSES;
	if (has[COL_OBJECTIF] || has[COL_ACTION] || has[COL_STATUT])
		return EXPORT_PLAN;
	if (has[COL_DATE_ADHESION] || (has[COL_SIRET] && has[COL_RAISON] && !has[COL_CAMPAGNE]))
		return EXPORT_ADHERENTS;
	return EXPORT_UNKNOWN;
}

/* A column outside the file's kind: an unknown indicator, a nameless or an
 * unknown column. */
static void header_foreign(struct reader *rd, const struct csv_record *rec, size_t i, int kind)
{
	if (kind == EXPORT_REPONSES && looks_like_code(rd->vals[i]))
		add_problem(rd, rec->line, rd->colname[i], "indicateur inconnu dans la grille "
			    "%s : corrigez le code de la colonne ou retirez-la",
			    ref_version(rd->ref));
	else if (rd->vals[i][0] == '\0')
		add_problem(rd, rec->line, rd->colname[i], "colonne %zu sans nom : "
			    "nommez-la ou retirez-la (séparateur en trop ?)", i + 1);
	else
		add_problem(rd, rec->line, rd->colname[i], "colonne inconnue pour un "
			    "fichier %s : retirez-la ou corrigez son nom (voir "
			    "docs/format-exports.md)",
			    kind == EXPORT_REPONSES ? "Réponses" :
			    kind == EXPORT_PLAN ? "Plan de progrès" : "Adhérents");
	rd->role[i] = COL_NONE;
}

/* Columns outside the kind, repeated, unknown indicators; colidx[] of the
 * others. */
static void header_place(struct reader *rd, const struct csv_record *rec, size_t i, int kind)
{
	int r = rd->role[i];
	bool in_kind = r == COL_INDICATOR && kind == EXPORT_REPONSES;

	for (const int *k = kind_cols[kind]; *k >= 0; k++)
		if (*k == r)
			in_kind = true;
	if (!in_kind) {
		header_foreign(rd, rec, i, kind);
		return;
	}
	for (size_t j = 0; j < i; j++)
		if (rd->role[j] == r && (r != COL_INDICATOR || rd->indic[j] == rd->indic[i])) {
			add_problem(rd, rec->line, rd->colname[i], "colonne en double (déjà en "
				    "colonne %zu) : gardez-en une seule", j + 1);
			rd->role[i] = COL_NONE;
			break;
		}
	if (rd->role[i] >= 0 && rd->role[i] < COL_COUNT)
		rd->colidx[rd->role[i]] = (int)i;
}

static int on_header(struct reader *rd, const struct csv_record *rec)
{
	bool has[COL_COUNT] = {false};
	size_t nindic = 0, ncodes = 0;
	int kind;

	if (alloc_columns(rd, rec->nfields) != 0 || load_fields(rd, rec) != 0)
		return CSVR_ENOMEM;
	for (int c = 0; c < COL_COUNT; c++)
		rd->colidx[c] = -1;
	if (header_roles(rd, rec, has, &nindic, &ncodes) != 0)
		return CSVR_ENOMEM;
	kind = header_kind(has, nindic, ncodes);
	rd->kind = (enum export_kind)kind;
	rd->res->info.kind = rd->kind;
	if (kind == EXPORT_UNKNOWN) {
		add_problem(rd, rec->line, NULL, "en-tête non reconnu : ni Réponses, ni Plan de progrès, "
			    "ni Adhérents ; la première ligne doit nommer les colonnes "
			    "(voir docs/format-exports.md)");
		return STOP_PARSE;
	}
	for (size_t i = 0; i < rec->nfields; i++)
		header_place(rd, rec, i, kind);
	for (const int *k = kind_cols[kind]; *k >= 0; k++)
		if (rd->colidx[*k] < 0 && !has[*k] && !optional_col(*k))
			add_problem(rd, rec->line, NULL, "colonne obligatoire absente : %s ; "
				    "ajoutez-la à l'en-tête", cols[*k].name);
	if (kind == EXPORT_REPONSES && nindic == 0 && ncodes == 0)
		add_problem(rd, rec->line, NULL, "aucune colonne d'indicateur (ex. 1.1.1.a) : "
			    "l'export ne contient aucune réponse");
	rd->header_done = true;
	return 0;
}

/* Value of column c in the current record ("" when the column is absent). */
static const char *val(const struct reader *rd, int c)
{
	int i = rd->colidx[c];
	return i >= 0 ? rd->vals[i] : "";
}

static const char *colname(const struct reader *rd, int c)
{
	int i = rd->colidx[c];
	return i >= 0 ? rd->colname[i] : cols[c].name;
}

static bool usable(const struct reader *rd, int c)
{
	int i = rd->colidx[c];
	return i >= 0 && !rd->bad[i];
}

/* Records an empty mandatory field; true when the value is present. */
static bool mandatory(struct reader *rd, long line, int c)
{
	if (!usable(rd, c))
		return false;
	if (val(rd, c)[0])
		return true;
	add_problem(rd, line, colname(rd, c), "valeur obligatoire manquante : renseignez %s",
		    cols[c].name);
	rd->bad[rd->colidx[c]] = true;
	return false;
}

static void check_siret(struct reader *rd, long line, char out[15])
{
	char b[256];
	const char *v = val(rd, COL_SIRET);

	out[0] = '\0';
	if (!mandatory(rd, line, COL_SIRET))
		return;
	switch (export_field_siret(v, out)) {
	case SIRET_OK:
		return;
	case SIRET_FORMAT:
		add_problem(rd, line, colname(rd, COL_SIRET), "SIRET « %s » invalide : 14 chiffres "
			    "attendus", shown(v, b));
		break;
	case SIRET_KEY:
		add_problem(rd, line, colname(rd, COL_SIRET), "SIRET « %s » invalide : la clé de "
			    "contrôle ne correspond pas ; vérifiez-le (annuaire-entreprises.data.gouv.fr)",
			    shown(v, b));
		break;
	}
	out[0] = '\0';
}

static const struct ref_item *check_region(struct reader *rd, long line)
{
	char b[256];
	const struct ref_item *r;
	if (!mandatory(rd, line, COL_REGION))
		return NULL;
	r = ref_region_find(rd->ref, val(rd, COL_REGION));
	if (!r)
		add_problem(rd, line, colname(rd, COL_REGION), "région inconnue « %s » : code INSEE "
			    "(ex. 84) ou nom de région attendu", shown(val(rd, COL_REGION), b));
	return r;
}

static const struct ref_item *check_type(struct reader *rd, long line)
{
	char b[256], list[256] = "";
	const struct ref_item *t;
	size_t n = ref_type_count(rd->ref), len = 0;

	if (!mandatory(rd, line, COL_TYPE))
		return NULL;
	t = ref_type_find(rd->ref, val(rd, COL_TYPE));
	if (t)
		return t;
	for (size_t i = 0; i < n && len < sizeof(list); i++)
		len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s",
					i == 0 ? "" : i + 1 == n ? " ou " : ", ",
					ref_type_at(rd->ref, i)->code);
	add_problem(rd, line, colname(rd, COL_TYPE), "type de structure inconnu « %s » : %s attendu",
		    shown(val(rd, COL_TYPE), b), list);
	return NULL;
}

static bool check_date(struct reader *rd, long line, int c, bool required, char out[11])
{
	char b[256];
	const char *v = val(rd, c);

	out[0] = '\0';
	if (required ? !mandatory(rd, line, c) : !usable(rd, c) || !v[0])
		return false;
	if (export_field_date(v, out))
		return true;
	add_problem(rd, line, colname(rd, c), "date « %s » invalide : une date réelle au format "
		    "jj/mm/aaaa ou aaaa-mm-jj attendue", shown(v, b));
	return false;
}

/* Validates the per-file fields on the first data row and fills info. */
static void check_first(struct reader *rd, long line)
{
	struct export_info *info = &rd->res->info;
	char b[256];

	check_siret(rd, line, info->siret);
	if (mandatory(rd, line, COL_CAMPAGNE) && !export_field_year(val(rd, COL_CAMPAGNE), &info->campagne))
		add_problem(rd, line, colname(rd, COL_CAMPAGNE), "campagne « %s » invalide : une année "
			    "sur 4 chiffres (ex. 2025) attendue", shown(val(rd, COL_CAMPAGNE), b));
	if (mandatory(rd, line, COL_HORODATAGE) &&
	    !export_field_timestamp(val(rd, COL_HORODATAGE), info->horodatage)) {
		info->horodatage[0] = '\0';
		add_problem(rd, line, colname(rd, COL_HORODATAGE), "horodatage « %s » invalide : "
			    "aaaa-mm-jjThh:mm:ss (ISO 8601) ou jj/mm/aaaa hh:mm attendu",
			    shown(val(rd, COL_HORODATAGE), b));
	}
	double epoch;
	if (info->horodatage[0] && rd->res->now > 0 &&
	    export_field_timestamp_epoch(info->horodatage, &epoch) &&
	    epoch > rd->res->now + (double)rd->res->tolerance) {
		char tol[32];
		duration_text(rd->res->tolerance, tol, sizeof(tol));
		add_problem(rd, line, colname(rd, COL_HORODATAGE), "horodatage « %s » dans le futur "
			    "(plus de %s après l'heure de ce serveur, [ingestion] tolerance_horloge) : "
			    "l'export le plus récent l'emporte, il masquerait toutes les corrections "
			    "suivantes ; corrigez l'horloge de l'ordinateur qui a produit l'export, "
			    "puis exportez de nouveau", shown(val(rd, COL_HORODATAGE), b), tol);
		info->horodatage[0] = '\0';
	}
	if (rd->kind != EXPORT_REPONSES)
		return;
	const struct ref_item *region = check_region(rd, line);
	const struct ref_item *type = check_type(rd, line);
	mandatory(rd, line, COL_RAISON);
	/* An evaluation is exported after it is made: its date is at most the
	 * export's, both as written (the export's local date). */
	if (check_date(rd, line, COL_DATE_EVAL, true, info->date_evaluation) && info->horodatage[0] &&
	    strncmp(info->date_evaluation, info->horodatage, 10) > 0) {
		char b2[256];
		add_problem(rd, line, colname(rd, COL_DATE_EVAL), "date d'évaluation « %s » postérieure "
			    "à l'export (horodatage « %s ») : corrigez la date d'évaluation ou l'horloge "
			    "de l'outil d'export", shown(val(rd, COL_DATE_EVAL), b),
			    shown(val(rd, COL_HORODATAGE), b2));
	}
	/* Keep the strings: the sink reads them from info. */
	const char *rs = val(rd, COL_RAISON);
	size_t n1 = strlen(rs) + 1;
	free(rd->res->strings);
	rd->res->strings = malloc(n1);
	if (rd->res->strings) {
		memcpy(rd->res->strings, rs, n1);
		info->raison_sociale = rd->res->strings;
	}
	info->region = region ? region->code : NULL;
	info->type_structure = type ? type->code : NULL;
}

/* Per-file fields: saved from the first row, compared on the others. */
static int check_per_file(struct reader *rd, long line)
{
	const int *pf = per_file[rd->kind == EXPORT_PLAN];
	char b1[256], b2[256];

	if (!rd->have_first) {
		rd->have_first = true;
		rd->first_line = line;
		for (const int *c = pf; *c >= 0; c++) {
			rd->first[*c] = strdup(val(rd, *c));
			if (!rd->first[*c])
				return -1;
		}
		check_first(rd, line);
		return 0;
	}
	for (const int *c = pf; *c >= 0; c++) {
		const char *v = val(rd, *c);
		char s1[15], s2[15];
		if (!usable(rd, *c) || strcmp(v, rd->first[*c]) == 0)
			continue;
		if (*c == COL_SIRET && export_field_siret(v, s1) == SIRET_OK &&
		    export_field_siret(rd->first[*c], s2) == SIRET_OK && strcmp(s1, s2) == 0)
			continue;
		add_problem(rd, line, colname(rd, *c), "« %s » diffère de la ligne %ld (« %s ») : "
			    "un fichier ne concerne qu'une entreprise et une campagne, %s doit être "
			    "identique sur chaque ligne", shown(v, b1), rd->first_line,
			    shown(rd->first[*c], b2), cols[*c].name);
	}
	return 0;
}

static int call_begin(struct reader *rd)
{
	int r;
	if (rd->began)
		return 0;
	rd->began = true;
	if (!rd->sink || !rd->sink->begin)
		return 0;
	r = rd->sink->begin(rd->sink->arg, &rd->res->info);
	if (r == EXPORT_SINK_SKIP) {
		rd->skip = true;
		return 0;
	}
	return r;
}

/* Whether rows go to the sink: no problem so far, not skipped. */
static bool feeding(const struct reader *rd)
{
	return rd->sink && !rd->skip && rd->res->total == 0;
}

/* Pseudonyms and responsables never hold a person's e-mail or phone. */
static void check_personal(struct reader *rd, long line, int col)
{
	enum export_field_personal k = export_field_personal(val(rd, col));
	const char *what = k == FIELD_PERSONAL_EMAIL ? "une adresse électronique" : "un numéro de téléphone";

	if (k == FIELD_PERSONAL_NONE)
		return;
	if (col == COL_REPONDANT)
		add_problem(rd, line, colname(rd, col), "le pseudonyme contient %s : écrivez un "
			    "pseudonyme opaque (ex. R-4C1E), jamais le nom ni les coordonnées d'une "
			    "personne", what);
	else
		add_problem(rd, line, colname(rd, col), "le responsable contient %s : écrivez un "
			    "rôle (ex. « Direction », « Chargée d'insertion »), jamais le nom ni les "
			    "coordonnées d'une personne", what);
}

static int row_reponses(struct reader *rd, long line)
{
	char b[256];
	const char *college = NULL, *rep;
	size_t ncells = 0;
	long prev;

	if (check_per_file(rd, line) != 0)
		return CSVR_ENOMEM;
	rd->numero++;
	if (rd->numero == 32001)
		add_problem(rd, line, NULL, "plus de 32 000 répondants : un fichier ne concerne "
			    "qu'une entreprise et une campagne");
	rep = val(rd, COL_REPONDANT);
	if (mandatory(rd, line, COL_REPONDANT)) {
		check_personal(rd, line, COL_REPONDANT);
		prev = strset_add(&rd->seen, rep, line);
		if (prev < 0)
			return CSVR_ENOMEM;
		if (prev > 0)
			add_problem(rd, line, colname(rd, COL_REPONDANT), "répondant « %s » déjà présent "
				    "ligne %ld : chaque répondant figure sur une seule ligne",
				    shown(rep, b), prev);
	}
	if (mandatory(rd, line, COL_COLLEGE)) {
		college = export_field_college(val(rd, COL_COLLEGE));
		if (!college)
			add_problem(rd, line, colname(rd, COL_COLLEGE), "collège inconnu « %s » : "
				    "direction, salarie_permanent, salarie_insertion, benevole, "
				    "administrateur ou consensus attendu", shown(val(rd, COL_COLLEGE), b));
		else if (strcmp(college, "consensus") == 0) {
			if (rd->consensus_line)
				add_problem(rd, line, colname(rd, COL_COLLEGE), "seconde ligne de "
					    "consensus (la première est ligne %ld) : une seule ligne "
					    "de consensus par fichier", rd->consensus_line);
			else
				rd->consensus_line = line;
		}
	}
	for (size_t i = 0; i < rd->ncols; i++) {
		int note;
		if (rd->role[i] != COL_INDICATOR || rd->bad[i])
			continue;
		if (!export_field_note(rd->vals[i], &note)) {
			add_problem(rd, line, rd->colname[i], "note invalide « %s » : 1, 2, 3, 4, NC "
				    "ou vide attendu", shown(rd->vals[i], b));
			continue;
		}
		if (note < 0)
			continue;
		rd->cell_ind[ncells] = rd->indic[i];
		rd->cell_pos[ncells] = rd->indic_pos[i];
		rd->cell_note[ncells++] = note;
	}
	rd->res->info.cells += (long)ncells;
	if (!feeding(rd))
		return 0;
	int r = call_begin(rd);
	if (r || !feeding(rd) || !rd->sink->reponse)
		return r;
	struct export_reponse row = {
		.line = line, .numero = rd->numero, .repondant = rep, .college = college,
		.ncells = ncells, .indicateur = rd->cell_ind, .note = rd->cell_note,
		.position = rd->cell_pos,
	};
	return rd->sink->reponse(rd->sink->arg, &row);
}

/* Splits the offres field on '|' into rd->offres (trimmed codes). */
static int split_offres(struct reader *rd, const char *v, size_t *n)
{
	size_t len = strlen(v) + 1, cap = 1;
	char *p;

	*n = 0;
	if (!v[0])
		return 0;
	for (const char *q = v; *q; q++)
		cap += *q == '|';
	if (len > rd->offres_buf_cap) {
		char *b = realloc(rd->offres_buf, len);
		if (!b)
			return -1;
		rd->offres_buf = b;
		rd->offres_buf_cap = len;
	}
	if (cap > rd->offres_cap) {
		const char **o = realloc(rd->offres, cap * sizeof(*o));
		if (!o)
			return -1;
		rd->offres = o;
		rd->offres_cap = cap;
	}
	memcpy(rd->offres_buf, v, len);
	p = rd->offres_buf;
	for (;;) {
		char *bar = strchr(p, '|');
		if (bar)
			*bar = '\0';
		rd->offres[(*n)++] = trim(p, ';');
		if (!bar)
			break;
		p = bar + 1;
	}
	return 0;
}

static int row_plan(struct reader *rd, long line)
{
	char b[256], ech[11];
	const struct ref_element *obj = NULL;
	const char *statut = NULL;
	int prio = 0;
	size_t noffres = 0;
	bool has_ech;

	if (check_per_file(rd, line) != 0)
		return CSVR_ENOMEM;
	rd->numero++;
	if (mandatory(rd, line, COL_OBJECTIF)) {
		obj = ref_find(rd->ref, val(rd, COL_OBJECTIF));
		if (!obj || obj->niveau != REF_OBJECTIF) {
			add_problem(rd, line, colname(rd, COL_OBJECTIF), "objectif inconnu « %s » dans "
				    "la grille %s : un code d'objectif (ex. 1.1.1) attendu",
				    shown(val(rd, COL_OBJECTIF), b), ref_version(rd->ref));
			obj = NULL;
		}
	}
	mandatory(rd, line, COL_ACTION);
	if (mandatory(rd, line, COL_PRIORITE) && !export_field_priority(val(rd, COL_PRIORITE), &prio))
		add_problem(rd, line, colname(rd, COL_PRIORITE), "priorité invalide « %s » : 1, 2, 3, "
			    "haute, moyenne ou basse attendu", shown(val(rd, COL_PRIORITE), b));
	if (mandatory(rd, line, COL_RESPONSABLE))
		check_personal(rd, line, COL_RESPONSABLE);
	has_ech = check_date(rd, line, COL_ECHEANCE, false, ech);
	if (has_ech && rd->res->info.campagne && atoi(ech) < rd->res->info.campagne)
		add_warning(rd, line, colname(rd, COL_ECHEANCE), "échéance « %s » antérieure à la "
			    "campagne %d : vérifiez l'année", shown(val(rd, COL_ECHEANCE), b),
			    rd->res->info.campagne);
	if (mandatory(rd, line, COL_STATUT) && !(statut = export_field_status(val(rd, COL_STATUT))))
		add_problem(rd, line, colname(rd, COL_STATUT), "statut inconnu « %s » : a_engager, "
			    "en_cours, realisee ou abandonnee attendu", shown(val(rd, COL_STATUT), b));
	if (usable(rd, COL_OFFRES)) {
		if (split_offres(rd, val(rd, COL_OFFRES), &noffres) != 0)
			return CSVR_ENOMEM;
		for (size_t i = 0; i < noffres; i++) {
			const struct ref_item *o = ref_offer_find(rd->ref, rd->offres[i]);
			if (!o)
				add_problem(rd, line, colname(rd, COL_OFFRES), "offre inconnue « %s » : "
					    "un code de l'offre de services (config/offres.csv), plusieurs "
					    "séparés par |", shown(rd->offres[i], b));
			else
				rd->offres[i] = o->code;
		}
	}
	if (!feeding(rd))
		return 0;
	int r = call_begin(rd);
	if (r || !feeding(rd) || !rd->sink->action)
		return r;
	struct export_action row = {
		.line = line, .numero = rd->numero, .objectif = obj->code,
		.action = val(rd, COL_ACTION), .priorite = prio,
		.responsable = val(rd, COL_RESPONSABLE), .echeance = has_ech ? ech : NULL,
		.statut = statut, .noffres = noffres, .offres = rd->offres,
	};
	return rd->sink->action(rd->sink->arg, &row);
}

static int row_adherent(struct reader *rd, long line)
{
	char siret[15], date[11], b[256], email[256], why[160];
	bool has_email = false;
	const struct ref_item *region, *type;
	bool has_date;
	long prev;

	check_siret(rd, line, siret);
	if (siret[0]) {
		prev = strset_add(&rd->seen, siret, line);
		if (prev < 0)
			return CSVR_ENOMEM;
		if (prev > 0)
			add_problem(rd, line, colname(rd, COL_SIRET), "SIRET « %s » déjà présent ligne "
				    "%ld : une seule ligne par adhérent", shown(val(rd, COL_SIRET), b), prev);
	}
	mandatory(rd, line, COL_RAISON);
	region = check_region(rd, line);
	type = check_type(rd, line);
	has_date = check_date(rd, line, COL_DATE_ADHESION, false, date);
	if (usable(rd, COL_COURRIEL) && val(rd, COL_COURRIEL)[0]) {
		if (courriel_normalize(val(rd, COL_COURRIEL), email, sizeof(email), why, sizeof(why)) != 0)
			add_problem(rd, line, colname(rd, COL_COURRIEL), "adresse électronique invalide "
				    "« %s » : %s ; une adresse s'écrit nom@domaine.fr, sans espace ni accent",
				    shown(val(rd, COL_COURRIEL), b), why);
		else
			has_email = true;
	}
	if (!feeding(rd))
		return 0;
	int r = call_begin(rd);
	if (r || !feeding(rd) || !rd->sink->adherent)
		return r;
	struct export_adherent row = {
		.line = line, .siret = siret, .raison_sociale = val(rd, COL_RAISON),
		.region = region->code, .type_structure = type->code,
		.date_adhesion = has_date ? date : NULL,
		.courriel_contact = has_email ? email : NULL,
	};
	return rd->sink->adherent(rd->sink->arg, &row);
}

static int on_record(const struct csv_record *rec, void *arg)
{
	struct reader *rd = arg;

	if (!rd->header_done && !rd->colname)
		return on_header(rd, rec);
	if (!rd->header_done)
		return STOP_PARSE;
	bool blank = true;
	for (size_t i = 0; blank && i < rec->nfields; i++)
		blank = blank_raw(rec->fields[i], rd->cp1252, rd->sep);
	if (blank)
		return 0; /* ;;;; — an empty row of a spreadsheet */
	rd->res->info.rows++;
	if (rec->nfields != rd->ncols) {
		add_problem(rd, rec->line, NULL, "%zu champ%s au lieu de %zu (en-tête) : vérifiez le "
			    "séparateur « %s » et les guillemets", rec->nfields,
			    rec->nfields > 1 ? "s" : "", rd->ncols,
			    rd->sep == '\t' ? "tabulation" : rd->sep == ',' ? "," : ";");
		return 0;
	}
	if (load_fields(rd, rec) != 0)
		return CSVR_ENOMEM;
	for (size_t i = 0; i < rd->ncols; i++) {
		size_t chars = export_field_chars(rd->vals[i], strlen(rd->vals[i]));
		rd->bad[i] = false;
		if (chars > EXPORT_MAX_FIELD_CHARS) {
			rd->bad[i] = true;
			add_problem(rd, rec->line, rd->colname[i], "champ de %zu caractères, au plus %d : "
				    "raccourcissez-le", chars, EXPORT_MAX_FIELD_CHARS);
		}
	}
	int r;
	switch (rd->kind) {
	case EXPORT_REPONSES: r = row_reponses(rd, rec->line); break;
	case EXPORT_PLAN: r = row_plan(rd, rec->line); break;
	default: r = row_adherent(rd, rec->line); break;
	}
	if (r && r != CSVR_ENOMEM)
		rd->stop = r;
	return r;
}

/* ---- driver ---- */

static void reader_release(struct reader *rd)
{
	for (size_t i = 0; i < rd->ncols; i++)
		free(rd->colname[i]);
	free(rd->colname);
	free(rd->role);
	free(rd->indic);
	free(rd->vals);
	free(rd->bad);
	free(rd->cell_ind);
	free(rd->indic_pos);
	free(rd->cell_pos);
	free(rd->cell_note);
	for (int c = 0; c < COL_COUNT; c++)
		free(rd->first[c]);
	strset_release(&rd->seen);
	free(rd->tbuf);
	free(rd->offres);
	free(rd->offres_buf);
}

static int parse(int fd, const char *path, struct reader *rd)
{
	char *buf = malloc(CHUNK);
	csv_reader *csv = NULL;
	ssize_t n;
	bool first = true;
	int ret = LECAP_OK, r = 0;

	if (!buf)
		return log_fail(LECAP_IO, "mémoire insuffisante");
	if (lseek(fd, 0, SEEK_SET) != 0) {
		ret = log_fail(LECAP_IO, "lecture de %s impossible : %s", path, strerror(errno));
		goto cleanup;
	}
	while (r == 0 && (n = read(fd, buf, CHUNK)) > 0) {
		const char *p = buf;
		size_t len = (size_t)n;
		if (first) {
			first = false;
			if (rd->ps.bom == 1) {
				p += 3;
				len -= 3;
			}
			rd->sep = detect_sep(p, len);
			rd->res->info.sep = rd->sep;
			csv = csvr_new(rd->sep, on_record, rd);
			if (!csv) {
				ret = log_fail(LECAP_IO, "mémoire insuffisante");
				goto cleanup;
			}
			csvr_set_max_field(csv, FIELD_GATE_BYTES);
		}
		r = csvr_feed(csv, p, len);
	}
	if (r == 0 && n < 0) {
		ret = log_fail(LECAP_IO, "lecture de %s impossible : %s", path, strerror(errno));
		goto cleanup;
	}
	if (r == 0 && csv)
		r = csvr_finish(csv);
	if (r == CSVR_EPARSE) {
		add_problem(rd, csvr_error_line(csv), NULL, "%s", csvr_error(csv));
	} else if (r == CSVR_ELONG) {
		size_t c = csvr_long_field(csv);
		if (!rd->colname)
			/* The header itself: no column names to give. */
			add_problem(rd, 1, NULL, "champ de plus de %d caractères dans l'en-tête : "
				    "ce n'est pas un export Le Cap", EXPORT_MAX_FIELD_CHARS);
		else
			add_problem(rd, csvr_error_line(csv), c < rd->ncols ? rd->colname[c] : NULL,
				    "champ de plus de %d caractères : raccourcissez-le",
				    EXPORT_MAX_FIELD_CHARS);
	} else if (r == CSVR_ENOMEM)
		ret = log_fail(LECAP_IO, "mémoire insuffisante pour lire %s", path);
	else if (r == STOP_PARSE)
		r = 0;
	else if (r != 0)
		ret = rd->stop ? rd->stop : r;
	if (ret == LECAP_OK && r == 0 && rd->header_done && rd->res->info.rows == 0)
		add_problem(rd, 1, NULL, "aucune ligne de données après l'en-tête : renvoyez l'export "
			    "complet");
	if (ret == LECAP_OK && r == 0 && !rd->colname)
		add_problem(rd, 1, NULL, "fichier sans en-tête ni données (lignes vides) : renvoyez "
			    "l'export complet");
cleanup:
	csvr_free(csv);
	free(buf);
	return ret;
}

void export_read_result_init(struct export_result *res)
{
	memset(res, 0, sizeof(*res));
}

void export_read_result_release(struct export_result *res)
{
	for (size_t i = 0; i < res->nproblems; i++)
		free(res->problems[i]);
	free(res->problems);
	for (size_t i = 0; i < res->nwarnings; i++)
		free(res->warnings[i]);
	free(res->warnings);
	free(res->strings);
	memset(res, 0, sizeof(*res));
}

int export_read(const char *path, const char *name, const ref_set *ref, int64_t max_size,
		const struct export_sink *sink, struct export_result *res)
{
	struct reader rd;
	struct stat st;
	int fd, ret = LECAP_OK;

	memset(&rd, 0, sizeof(rd));
	rd.ref = ref;
	rd.name = name;
	rd.res = res;
	rd.sink = sink;
	res->problems = calloc(EXPORT_MAX_PROBLEMS, sizeof(*res->problems));
	if (!res->problems)
		return log_fail(LECAP_IO, "mémoire insuffisante");
	res->info.kind = EXPORT_UNKNOWN;
	res->info.encoding = "";

	/* O_NONBLOCK: a FIFO named as an export must not block the open (it is
	 * refused below as not a regular file). */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return log_fail(LECAP_IO, "ouverture de %s impossible : %s", path, strerror(errno));
	if (fstat(fd, &st) != 0) {
		ret = log_fail(LECAP_IO, "lecture de %s impossible : %s", path, strerror(errno));
		goto cleanup;
	}
	if (!S_ISREG(st.st_mode)) {
		ret = log_fail(LECAP_IO, "%s n'est pas un fichier ordinaire", path);
		goto cleanup;
	}
	res->info.size = (long long)st.st_size;
	if (st.st_size > max_size) {
		add_problem(&rd, 1, NULL, "fichier trop volumineux : %lld octets pour %lld au plus "
			    "([ingestion] taille_max) ; découpez l'export ou relevez la limite",
			    (long long)st.st_size, (long long)max_size);
		goto cleanup;
	}
	if (st.st_size == 0) {
		add_problem(&rd, 1, NULL, "fichier vide (0 octet) : renvoyez l'export complet");
		struct sha256 s;
		sha256_init(&s);
		sha256_final_hex(&s, res->info.sha256);
		goto cleanup;
	}
	ret = prescan(fd, path, &rd);
	if (ret != LECAP_OK || !decide_encoding(&rd))
		goto cleanup;
	ret = parse(fd, path, &rd);
cleanup:
	close(fd);
	reader_release(&rd);
	return ret;
}

int export_read_write_warnings(const struct export_result *res, FILE *out)
{
	for (size_t i = 0; i < res->nwarnings; i++)
		if (fprintf(out, "%s\n", res->warnings[i]) < 0)
			return -1;
	return 0;
}

int export_read_write_problems(const struct export_result *res, const char *name, FILE *out)
{
	for (size_t i = 0; i < res->nproblems; i++)
		if (fprintf(out, "%s\n", res->problems[i]) < 0)
			return -1;
	if (res->total > (long)res->nproblems &&
	    fprintf(out, "%s: %ld problèmes au total, seuls les %d premiers sont listés ; corrigez-les "
		    "puis vérifiez de nouveau avec lecap check\n", name, res->total,
		    EXPORT_MAX_PROBLEMS) < 0)
		return -1;
	return 0;
}
