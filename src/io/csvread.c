/* Streaming CSV reader over libcsv; see csvread.h. */
#include "io/csvread.h"

#include <csv.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct csv_reader {
	struct csv_parser p;
	csv_record_fn fn;
	void *arg;
	int stop;          /* callback's non-zero value, or CSVR_ENOMEM */
	/* current record: fields packed in buf, NUL-separated */
	char *buf;
	size_t buf_len, buf_cap;
	size_t *offsets, *lengths;
	char **fields;
	size_t nfields, fields_cap;
	long line;         /* lines fully or partly fed */
	long record_line;  /* where the current record starts */
	bool between;      /* no byte of a record seen yet */
	bool pending_cr;   /* last chunk ended with CR */
	char error[160];
	long error_line;
	size_t max_field;  /* 0: no limit */
	size_t long_field; /* after CSVR_ELONG: index of the field */
};

static int is_space_only(unsigned char c)
{
	return c == ' ';
}

csv_reader *csvr_new(char delim, csv_record_fn fn, void *arg)
{
	csv_reader *r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	if (csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
		free(r);
		return NULL;
	}
	csv_set_delim(&r->p, (unsigned char)delim);
	csv_set_space_func(&r->p, is_space_only);
	r->fn = fn;
	r->arg = arg;
	r->between = true;
	r->line = 1;
	return r;
}

void csvr_free(csv_reader *r)
{
	if (!r)
		return;
	csv_free(&r->p);
	free(r->buf);
	free(r->offsets);
	free(r->lengths);
	free(r->fields);
	free(r);
}

static void too_long(csv_reader *r)
{
	r->long_field = r->nfields;
	r->error_line = r->record_line;
	snprintf(r->error, sizeof(r->error), "champ trop long");
	r->stop = CSVR_ELONG;
}

static void on_field(void *s, size_t len, void *data)
{
	csv_reader *r = data;

	if (r->stop)
		return;
	if (r->max_field && len > r->max_field) {
		too_long(r);
		return;
	}
	if (r->nfields == r->fields_cap) {
		size_t cap = r->fields_cap ? r->fields_cap * 2 : 64;
		size_t *o = realloc(r->offsets, cap * sizeof(*o));
		if (o)
			r->offsets = o;
		size_t *l = realloc(r->lengths, cap * sizeof(*l));
		if (l)
			r->lengths = l;
		char **f = realloc(r->fields, cap * sizeof(*f));
		if (f)
			r->fields = f;
		if (!o || !l || !f) {
			r->stop = CSVR_ENOMEM;
			return;
		}
		r->fields_cap = cap;
	}
	if (r->buf_len + len + 1 > r->buf_cap) {
		size_t cap = r->buf_cap ? r->buf_cap : 4096;
		while (cap < r->buf_len + len + 1)
			cap *= 2;
		char *b = realloc(r->buf, cap);
		if (!b) {
			r->stop = CSVR_ENOMEM;
			return;
		}
		r->buf = b;
		r->buf_cap = cap;
	}
	if (len)
		memcpy(r->buf + r->buf_len, s, len);
	r->buf[r->buf_len + len] = '\0';
	r->offsets[r->nfields] = r->buf_len;
	r->lengths[r->nfields] = len;
	r->nfields++;
	r->buf_len += len + 1;
}

static void on_record(int c, void *data)
{
	csv_reader *r = data;
	struct csv_record rec;

	(void)c;
	if (r->stop)
		return;
	for (size_t i = 0; i < r->nfields; i++)
		r->fields[i] = r->buf + r->offsets[i];
	rec.nfields = r->nfields;
	rec.fields = r->fields;
	rec.lengths = r->lengths;
	rec.line = r->record_line;
	rec.last_line = r->line;
	r->stop = r->fn(&rec, r->arg);
	r->nfields = 0;
	r->buf_len = 0;
	r->between = true;
}

static int parse_error(csv_reader *r, long line, const char *msg)
{
	snprintf(r->error, sizeof(r->error), "%s", msg);
	r->error_line = line;
	return CSVR_EPARSE;
}

/* libcsv's parser state while inside a field (csv.c: FIELD_BEGUN). */
#define LIBCSV_FIELD_BEGUN 2

static const char lone_cr_msg[] =
	"retour chariot isolé (CR) : les fins de ligne doivent être LF ou CRLF";

/* Feeds one physical line, or the part of it in this chunk, to libcsv. */
static int feed_line(csv_reader *r, const char *s, size_t len)
{
	bool blank = true;
	bool quoted = r->p.pstate == LIBCSV_FIELD_BEGUN && r->p.quoted;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (s[i] == '\r' && i + 1 < len && s[i + 1] != '\n' && !quoted)
			return parse_error(r, r->between ? r->line : r->record_line, lone_cr_msg);
		if (s[i] != '\r' && s[i] != '\n')
			blank = false;
	}
	if (r->between && !blank) {
		r->record_line = r->line;
		r->between = false;
	}
	if (csv_parse(&r->p, s, len, on_field, on_record, r) != len) {
		if (r->stop)
			return r->stop;
		if (csv_error(&r->p) == CSV_EPARSE)
			return parse_error(r, r->between ? r->line : r->record_line,
					   "guillemet mal placé : un champ qui contient un guillemet doit être "
					   "entre guillemets, et ses guillemets doublés");
		return CSVR_ENOMEM;
	}
	/* A field still open at the end of this piece: never buffer more than
	 * the limit (plus one piece) of it. */
	/* (libcsv holds a closing quote and the spaces after it until it knows
	 * the field ended: they are not the field's.) */
	if (!r->stop && r->max_field && r->p.entry_pos > r->max_field + 1 + r->p.spaces)
		too_long(r);
	return r->stop;
}

int csvr_feed(csv_reader *r, const char *buf, size_t len)
{
	size_t pos = 0;
	int ret;

	if (r->stop)
		return r->stop;
	while (pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (buf + pos)) + 1 : len - pos;

		/* The previous chunk ended in CR: LF must follow, outside quotes. */
		if (r->pending_cr) {
			r->pending_cr = false;
			if (buf[pos] != '\n' && !(r->p.pstate == LIBCSV_FIELD_BEGUN && r->p.quoted))
				return parse_error(r, r->between ? r->line : r->record_line, lone_cr_msg);
		}
		ret = feed_line(r, buf + pos, n);
		if (ret)
			return ret;
		if (nl)
			r->line++;
		else if (buf[pos + n - 1] == '\r')
			r->pending_cr = true;
		pos += n;
	}
	return CSVR_OK;
}

int csvr_finish(csv_reader *r)
{
	long start = r->record_line;

	if (r->stop)
		return r->stop;
	if (r->pending_cr && !(r->p.pstate == LIBCSV_FIELD_BEGUN && r->p.quoted))
		r->pending_cr = false; /* a final CR ends the last line */
	if (csv_fini(&r->p, on_field, on_record, r) != 0) {
		if (r->stop)
			return r->stop;
		return parse_error(r, start,
				   "guillemet ouvrant jamais refermé : le fichier est tronqué ou un "
				   "guillemet manque");
	}
	return r->stop;
}

void csvr_set_max_field(csv_reader *r, size_t bytes) { r->max_field = bytes; }
size_t csvr_long_field(const csv_reader *r) { return r->long_field; }
const char *csvr_error(const csv_reader *r) { return r->error; }
long csvr_error_line(const csv_reader *r) { return r->error_line; }
long csvr_lines(const csv_reader *r) { return r->line; }

int csvr_read_file(const char *path, char delim, csv_record_fn fn, void *arg,
		   char *errbuf, size_t errsize)
{
	FILE *f = fopen(path, "rb");
	csv_reader *r;
	char buf[65536];
	size_t n;
	int ret = CSVR_OK;
	bool first = true;

	if (!f) {
		snprintf(errbuf, errsize, "%s", strerror(errno));
		return -3;
	}
	r = csvr_new(delim, fn, arg);
	if (!r) {
		fclose(f);
		snprintf(errbuf, errsize, "mémoire insuffisante");
		return CSVR_ENOMEM;
	}
	while (ret == CSVR_OK && (n = fread(buf, 1, sizeof(buf), f)) > 0) {
		const char *p = buf;
		if (first && n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
			p += 3;
			n -= 3;
		}
		first = false;
		ret = csvr_feed(r, p, n);
	}
	if (ret == CSVR_OK && ferror(f)) {
		snprintf(errbuf, errsize, "%s", strerror(errno));
		ret = -3;
	} else if (ret == CSVR_OK) {
		ret = csvr_finish(r);
	}
	if (ret == CSVR_EPARSE)
		snprintf(errbuf, errsize, "%ld: %s", csvr_error_line(r), csvr_error(r));
	csvr_free(r);
	fclose(f);
	return ret;
}
