/* MIME message building; see mime.h. */
#include "io/mime.h"

#include "base/strbuf.h"
#include "io/sha256.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Base64 of data without line breaks, appended to b. */
static void base64_raw(struct strbuf *b, const unsigned char *d, size_t len)
{
	for (size_t i = 0; i < len; i += 3) {
		uint32_t v = (uint32_t)d[i] << 16;
		char q[4];
		if (i + 1 < len)
			v |= (uint32_t)d[i + 1] << 8;
		if (i + 2 < len)
			v |= d[i + 2];
		q[0] = b64[(v >> 18) & 63];
		q[1] = b64[(v >> 12) & 63];
		q[2] = i + 1 < len ? b64[(v >> 6) & 63] : '=';
		q[3] = i + 2 < len ? b64[v & 63] : '=';
		strbuf_add(b, q, 4);
	}
}

char *mime_base64(const unsigned char *data, size_t len)
{
	struct strbuf b = {0};
	/* 57 bytes make 76 characters. */
	for (size_t i = 0; i < len; i += 57) {
		base64_raw(&b, data + i, len - i < 57 ? len - i : 57);
		strbuf_puts(&b, "\r\n");
	}
	return strbuf_take(&b);
}

long mime_base64_decode(const char *text, unsigned char *out)
{
	uint32_t v = 0;
	int n = 0, pad = 0;
	long len = 0;

	for (const char *p = text; *p; p++) {
		const char *c;
		if (*p == '\r' || *p == '\n' || *p == ' ' || *p == '\t')
			continue;
		if (*p == '=') {
			pad++;
			v <<= 6;
			n++;
		} else {
			if (pad || !(c = strchr(b64, *p)))
				return -1;
			v = (v << 6) | (uint32_t)(c - b64);
			n++;
		}
		if (n == 4) {
			if (pad > 2)
				return -1;
			out[len++] = (unsigned char)(v >> 16);
			if (pad < 2)
				out[len++] = (unsigned char)(v >> 8);
			if (pad < 1)
				out[len++] = (unsigned char)v;
			n = 0;
			v = 0;
			if (pad)
				pad = 3; /* nothing may follow the padding */
		}
	}
	return n == 0 ? len : -1;
}

char *mime_quoted_printable(const char *text)
{
	static const char hex[] = "0123456789ABCDEF";
	struct strbuf b = {0};
	size_t col = 0;

	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		char enc[4];
		size_t n;

		if (*p == '\n') {
			strbuf_puts(&b, "\r\n");
			col = 0;
			continue;
		}
		/* Spaces at the end of a line would be lost in transit. */
		bool at_eol = p[1] == '\n' || p[1] == '\0';
		if ((*p >= 33 && *p <= 126 && *p != '=') || ((*p == ' ' || *p == '\t') && !at_eol)) {
			enc[0] = (char)*p;
			n = 1;
		} else {
			enc[0] = '=';
			enc[1] = hex[*p >> 4];
			enc[2] = hex[*p & 15];
			n = 3;
		}
		/* A line holds 76 characters at most, the soft break '=' included;
		 * the last character of a line needs no room for it. */
		if (col + n > (at_eol ? 76u : 75u)) {
			strbuf_puts(&b, "=\r\n");
			col = 0;
		}
		strbuf_add(&b, enc, n);
		col += n;
	}
	return strbuf_take(&b);
}

static bool is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80 || (unsigned char)*s < 0x20)
			return false;
	return true;
}

char *mime_encode_words(const char *utf8)
{
	struct strbuf b = {0};
	size_t len = strlen(utf8), i = 0;

	if (is_ascii(utf8)) {
		strbuf_puts(&b, utf8);
		return strbuf_take(&b);
	}
	/* 39 bytes make 52 base64 characters: a 64-character encoded-word. */
	while (i < len) {
		size_t n = len - i < 39 ? len - i : 39;
		while (i + n < len && ((unsigned char)utf8[i + n] & 0xC0) == 0x80)
			n--; /* never cut a character in two */
		if (i > 0)
			strbuf_puts(&b, "\r\n ");
		strbuf_puts(&b, "=?UTF-8?B?");
		base64_raw(&b, (const unsigned char *)utf8 + i, n);
		strbuf_puts(&b, "?=");
		i += n;
	}
	return strbuf_take(&b);
}

/* Whether a display name can go as is (atoms and spaces, RFC 5322 3.2.3). */
static bool is_plain_phrase(const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (!(c == ' ' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || strchr("!#$%&'*+-/=?^_`{|}~", c)))
			return false;
	}
	return true;
}

char *mime_address(const char *name, const char *addr)
{
	struct strbuf b = {0};

	if (!name || !*name) {
		strbuf_puts(&b, addr);
		return strbuf_take(&b);
	}
	if (is_plain_phrase(name)) {
		strbuf_puts(&b, name);
	} else if (is_ascii(name)) {
		strbuf_putc(&b, '"');
		for (const char *p = name; *p; p++) {
			if (*p == '"' || *p == '\\')
				strbuf_putc(&b, '\\');
			strbuf_putc(&b, *p);
		}
		strbuf_putc(&b, '"');
	} else {
		char *w = mime_encode_words(name);
		if (!w) {
			free(b.p);
			return NULL;
		}
		strbuf_puts(&b, w);
		free(w);
	}
	strbuf_puts(&b, " <");
	strbuf_puts(&b, addr);
	strbuf_putc(&b, '>');
	return strbuf_take(&b);
}

void mime_date(time_t t, char out[40])
{
	static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	struct tm tm;
	int off;

	localtime_r(&t, &tm);
	off = (int)(tm.tm_gmtoff / 60) % (24 * 60); /* minutes east of UTC */
	snprintf(out, 40, "%s, %02d %s %04d %02d:%02d:%02d %c%02d%02d", days[tm.tm_wday % 7],
		 tm.tm_mday % 100, months[tm.tm_mon % 12], (tm.tm_year + 1900) % 10000,
		 tm.tm_hour % 100, tm.tm_min % 100, tm.tm_sec % 100, off < 0 ? '-' : '+',
		 abs(off) / 60, abs(off) % 60);
}

void mime_message_id(const char *domain, char out[160])
{
	static unsigned counter;
	struct timeval tv;
	struct sha256 s;
	char hex[65];
	unsigned char noise[16] = {0};
	FILE *f = fopen("/dev/urandom", "rb");

	/* Time, pid and counter make it unique on this host; the random part
	 * makes it unique across hosts sending for the same domain. */
	if (f) {
		if (fread(noise, 1, sizeof(noise), f) != sizeof(noise))
			memset(noise, 0, sizeof(noise));
		fclose(f);
	}
	gettimeofday(&tv, NULL);
	sha256_init(&s);
	sha256_update(&s, noise, sizeof(noise));
	sha256_update(&s, &tv, sizeof(tv));
	sha256_final_hex(&s, hex);
	snprintf(out, 160, "<%lld%06ld.%ld.%u.%.12s@%.100s>", (long long)tv.tv_sec, (long)tv.tv_usec,
		 (long)getpid(), ++counter, hex, domain);
}

/* The multipart boundary, derived from the attachment (or the body) and the
 * recipient. "=_" never occurs in base64 or quoted-printable output. */
static void mime_boundary(const struct mime_message *m, char boundary[48])
{
	struct sha256 s;
	char hex[65];

	sha256_init(&s);
	if (m->attachment)
		sha256_update(&s, m->attachment, m->attachment_len);
	else
		sha256_update(&s, m->body, strlen(m->body));
	sha256_update(&s, m->to_addr, strlen(m->to_addr));
	sha256_final_hex(&s, hex);
	snprintf(boundary, 48, "=_lecap_%.24s", hex);
}

/* Appends each string of a NULL-terminated list. */
static void mime_puts(struct strbuf *b, ...)
{
	va_list ap;
	const char *p;

	va_start(ap, b);
	while ((p = va_arg(ap, const char *)))
		strbuf_puts(b, p);
	va_end(ap);
}

/* The attachment part: its headers, then att (base64). */
static void mime_put_attachment(struct strbuf *b, const struct mime_message *m, const char *att,
				const char *boundary)
{
	mime_puts(b, "\r\n--", boundary, "\r\nContent-Type: ", m->content_type, "; name=\"", m->filename,
		  "\"\r\nContent-Transfer-Encoding: base64\r\n"
		  "Content-Disposition: attachment; filename=\"",
		  m->filename, "\"\r\n\r\n", att, "\r\n", (const char *)NULL);
}

int mime_build(const struct mime_message *m, char **out, size_t *outlen)
{
	struct strbuf b = {0};
	char date[40], msgid[160], boundary[48];
	char *from = NULL, *to = NULL, *subject = NULL, *body = NULL, *att = NULL;
	const char *at;
	int ret = -1;

	if (!m->date) {
		mime_date(time(NULL), date);
	} else {
		snprintf(date, sizeof(date), "%s", m->date);
	}
	if (!m->message_id) {
		at = strrchr(m->from_addr, '@');
		mime_message_id(at ? at + 1 : "localhost", msgid);
	} else {
		snprintf(msgid, sizeof(msgid), "%s", m->message_id);
	}
	mime_boundary(m, boundary);
	from = mime_address(m->from_name, m->from_addr);
	to = mime_address(m->to_name, m->to_addr);
	subject = mime_encode_words(m->subject);
	body = mime_quoted_printable(m->body);
	att = m->attachment ? mime_base64(m->attachment, m->attachment_len) : strdup("");
	if (!from || !to || !subject || !body || !att)
		goto cleanup;

	mime_puts(&b, "From: ", from, "\r\nTo: ", to, "\r\nSubject: ", subject, "\r\nDate: ", date,
		  "\r\nMessage-ID: ", msgid,
		  "\r\nMIME-Version: 1.0\r\n"
		  "Auto-Submitted: auto-generated\r\n"
		  "Content-Type: multipart/mixed; boundary=\"",
		  boundary, "\"\r\n\r\nCe message est au format MIME.\r\n\r\n--", boundary,
		  "\r\nContent-Type: text/plain; charset=UTF-8\r\n"
		  "Content-Transfer-Encoding: quoted-printable\r\n\r\n",
		  body, (const char *)NULL);
	if (b.len >= 2 && memcmp(b.p + b.len - 2, "\r\n", 2) != 0)
		strbuf_puts(&b, "\r\n");
	if (m->attachment) /* else a text-only message (a rejection notice) */
		mime_put_attachment(&b, m, att, boundary);
	mime_puts(&b, "--", boundary, "--\r\n", (const char *)NULL);
	if (b.oom)
		goto cleanup;
	*out = b.p;
	*outlen = b.len;
	b.p = NULL;
	ret = 0;
cleanup:
	free(b.p);
	free(from);
	free(to);
	free(subject);
	free(body);
	free(att);
	return ret;
}
