/* Streaming CSV writer (csvwrite.h). */
#include "io/csvwrite.h"

#include "base/exitcode.h"
#include "base/log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CSVW_BUFSIZE 65536

struct csv_writer {
	int fd;              /* -1 between files */
	char path[4096];
	char *conv;          /* Windows-1252 scratch, kept between fields */
	size_t conv_size;
	struct csvw_style style;
	int err;             /* first errno met, 0 if none */
	bool row_open;       /* a field was written to the current row */
	uint64_t flushed;    /* bytes already handed to write() */
	uint64_t row_start;  /* offset of the current row */
	uint64_t last_start; /* offset and end of the last complete row */
	uint64_t last_end;
	double cut;          /* < 0: no cut */
	size_t unmapped;
	size_t pos;
	char buf[CSVW_BUFSIZE];
};

/* Unicode code points of Windows-1252 bytes 0x80–0x9F (0: no character). */
static const uint16_t cp1252_high[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

static int cp1252_byte(uint32_t cp)
{
	if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF))
		return (int)cp;
	for (int i = 0; i < 32; i++)
		if (cp1252_high[i] != 0 && cp1252_high[i] == cp)
			return 0x80 + i;
	return -1;
}

size_t csvw_utf8_to_cp1252(const char *in, size_t len, char *out, size_t *unmapped)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i = 0, o = 0;

	while (i < len) {
		unsigned char c = s[i];
		uint32_t cp;
		size_t n;
		int b;

		if (c < 0x80) {
			out[o++] = (char)c;
			i++;
			continue;
		}
		if ((c & 0xE0) == 0xC0) {
			n = 2;
			cp = c & 0x1F;
		} else if ((c & 0xF0) == 0xE0) {
			n = 3;
			cp = c & 0x0F;
		} else if ((c & 0xF8) == 0xF0) {
			n = 4;
			cp = c & 0x07;
		} else {
			n = 1;
			cp = 0xFFFFFFFF;
		}
		if (i + n > len)
			n = len - i, cp = 0xFFFFFFFF;
		for (size_t k = 1; k < n && cp != 0xFFFFFFFF; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				cp = 0xFFFFFFFF, n = k;
			else
				cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		b = cp == 0xFFFFFFFF ? -1 : cp1252_byte(cp);
		if (b < 0) {
			out[o++] = '?';
			if (unmapped)
				(*unmapped)++;
		} else {
			out[o++] = (char)b;
		}
		i += n;
	}
	return o;
}

bool csvw_needs_quotes(const char *s, size_t len, char sep)
{
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == sep || c == '"' || c == '\r' || c == '\n')
			return true;
	}
	return false;
}

static void flush(csv_writer *w)
{
	size_t off = 0;

	while (off < w->pos && w->err == 0) {
		ssize_t n = write(w->fd, w->buf + off, w->pos - off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			w->err = errno;
			break;
		}
		off += (size_t)n;
	}
	w->flushed += w->pos;
	w->pos = 0;
}

static void put(csv_writer *w, const char *s, size_t len)
{
	while (len > 0) {
		size_t room = CSVW_BUFSIZE - w->pos, n = len < room ? len : room;
		memcpy(w->buf + w->pos, s, n);
		w->pos += n;
		s += n;
		len -= n;
		if (w->pos == CSVW_BUFSIZE)
			flush(w);
	}
}

static inline void put_byte(csv_writer *w, char c)
{
	if (w->pos == CSVW_BUFSIZE)
		flush(w);
	w->buf[w->pos++] = c;
}

/* Writes bytes already in the file's encoding, doubling quotes when quoted. */
static void put_raw(csv_writer *w, const char *s, size_t len, bool quoted)
{
	size_t start = 0;

	if (quoted) {
		for (size_t i = 0; i < len; i++) {
			if (s[i] == '"') {
				put(w, s + start, i + 1 - start);
				put_byte(w, '"');
				start = i + 1;
			}
		}
	}
	put(w, s + start, len - start);
}

/* Writes UTF-8 text in the file's encoding. */
static void put_text(csv_writer *w, const char *s, size_t len, bool quoted)
{
	bool ascii = true;

	if (w->style.encoding == CSVW_CP1252) {
		for (size_t i = 0; i < len && ascii; i++)
			ascii = (unsigned char)s[i] < 0x80;
	}
	if (ascii) {
		put_raw(w, s, len, quoted);
		return;
	}
	if (len > w->conv_size) {
		char *p = realloc(w->conv, len);
		if (!p) {
			w->err = ENOMEM;
			return;
		}
		w->conv = p;
		w->conv_size = len;
	}
	len = csvw_utf8_to_cp1252(s, len, w->conv, &w->unmapped);
	put_raw(w, w->conv, len, quoted);
}

csv_writer *csvw_new(void)
{
	csv_writer *w = calloc(1, sizeof(*w));

	if (w)
		w->fd = -1;
	return w;
}

int csvw_begin(csv_writer *w, const char *path, const struct csvw_style *style)
{
	snprintf(w->path, sizeof(w->path), "%s", path);
	w->style = *style;
	w->err = 0;
	w->row_open = false;
	w->flushed = w->row_start = w->last_start = w->last_end = 0;
	w->cut = -1;
	w->unmapped = 0;
	w->pos = 0;
	w->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (w->fd < 0) {
		log_error("%s : création du fichier impossible : %s", path, strerror(errno));
		log_hint("vérifiez que le répertoire existe et que lecap peut y écrire");
		return LECAP_IO;
	}
	if (style->encoding == CSVW_UTF8_BOM)
		put(w, "\xEF\xBB\xBF", 3);
	w->row_start = w->pos;
	return LECAP_OK;
}

int csvw_open(const char *path, const struct csvw_style *style, csv_writer **out)
{
	csv_writer *w = csvw_new();

	*out = NULL;
	if (!w)
		return log_fail(LECAP_IO, "%s : mémoire insuffisante", path);
	if (csvw_begin(w, path, style) != LECAP_OK) {
		csvw_free(w);
		return LECAP_IO;
	}
	*out = w;
	return LECAP_OK;
}

void csvw_field(csv_writer *w, const char *utf8)
{
	size_t len = utf8 ? strlen(utf8) : 0;
	bool quoted;

	if (w->row_open)
		put_byte(w, w->style.sep);
	w->row_open = true;
	quoted = w->style.quote_all || csvw_needs_quotes(utf8, len, w->style.sep);
	if (quoted)
		put_byte(w, '"');
	if (len)
		put_text(w, utf8, len, quoted);
	if (quoted)
		put_byte(w, '"');
}

void csvw_end_row(csv_writer *w)
{
	if (w->style.crlf)
		put_byte(w, '\r');
	put_byte(w, '\n');
	w->row_open = false;
	w->last_start = w->row_start;
	w->last_end = w->flushed + w->pos;
	w->row_start = w->last_end;
}

void csvw_cut_last_row(csv_writer *w, double fraction)
{
	w->cut = fraction < 0 ? 0 : fraction > 1 ? 1 : fraction;
}

size_t csvw_unmapped(const csv_writer *w)
{
	return w->unmapped;
}

int csvw_end(csv_writer *w)
{
	if (w->fd < 0)
		return LECAP_OK;
	flush(w);
	if (w->err == 0 && w->cut >= 0 && w->last_end > w->last_start) {
		uint64_t len = w->last_end - w->last_start;
		uint64_t keep = (uint64_t)((double)len * w->cut);
		if (keep < 1)
			keep = 1;
		if (keep >= len)
			keep = len - 1;
		if (ftruncate(w->fd, (off_t)(w->last_start + keep)) != 0)
			w->err = errno;
	}
	if (close(w->fd) != 0 && w->err == 0)
		w->err = errno;
	w->fd = -1;
	if (w->err != 0) {
		log_error("%s : écriture impossible : %s", w->path, strerror(w->err));
		log_hint("vérifiez la place libre et les droits sur le répertoire de sortie");
		return LECAP_IO;
	}
	return LECAP_OK;
}

void csvw_free(csv_writer *w)
{
	if (!w)
		return;
	if (w->fd >= 0)
		close(w->fd);
	free(w->conv);
	free(w);
}

int csvw_close(csv_writer *w)
{
	int ret;

	if (!w)
		return LECAP_OK;
	ret = csvw_end(w);
	csvw_free(w);
	return ret;
}
