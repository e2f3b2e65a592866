/*
 * MIME messages: the e-mail that carries a report (RFC 5322, RFC 2045-2047).
 *
 * Pure functions, no network: the message is built in memory with CRLF line
 * ends, so tests can compare it byte for byte. Strings returned through
 * char ** are malloc'ed; the caller frees them.
 */
#ifndef LECAP_IO_MIME_H
#define LECAP_IO_MIME_H

#include "base/exitcode.h"
#include <stddef.h>
#include <time.h>

struct mime_message {
	const char *from_name;  /* UTF-8 display name, may be "" */
	const char *from_addr;  /* local@domain */
	const char *to_name;    /* UTF-8 display name, may be "" */
	const char *to_addr;
	const char *subject;    /* UTF-8 */
	const char *date;       /* RFC 5322 date; NULL: now (mime_date) */
	const char *message_id; /* "<...@...>"; NULL: mime_message_id(from's domain) */
	const char *body;       /* UTF-8 text, "\n" line ends */
	const unsigned char *attachment; /* NULL: no attachment part */
	size_t attachment_len;
	const char *filename;   /* ASCII file name of the attachment */
	const char *content_type; /* of the attachment, e.g. "application/pdf" */
};

/*
 * Builds the whole message: From, To, Subject, Date, Message-ID,
 * MIME-Version, Auto-Submitted, then multipart/mixed with the body as
 * text/plain UTF-8 quoted-printable and the attachment in base64 (76-column
 * lines). The boundary is derived from the attachment and the recipient, so
 * the same report to the same person gives the same bytes but for Date and
 * Message-ID. Returns 0, or -1 when out of memory.
 */
int mime_build(const struct mime_message *m, char **out, size_t *outlen) LECAP_MUST_CHECK;

/* Base64 of data in lines of at most 76 characters, each ended by CRLF. */
char *mime_base64(const unsigned char *data, size_t len);
/* Decodes base64, ignoring CR, LF and spaces: returns the length, or -1 on
 * a bad character or length. out must hold 3 * (strlen(text) / 4) + 3 bytes. */
long mime_base64_decode(const char *text, unsigned char *out);

/* Quoted-printable (RFC 2045) of UTF-8 text with "\n" line ends. */
char *mime_quoted_printable(const char *text);

/*
 * A header value for a UTF-8 phrase: unchanged when plain ASCII, else RFC
 * 2047 encoded-words =?UTF-8?B?...?= (each at most 64 characters, never
 * splitting a character) joined by CRLF and a space.
 */
char *mime_encode_words(const char *utf8);

/* "Display Name <addr>" with the name quoted or encoded as needed; the bare
 * address when name is empty. */
char *mime_address(const char *name, const char *addr);

/* RFC 5322 date of t in local time: "Fri, 27 Nov 2026 23:05:00 +0100". */
void mime_date(time_t t, char out[40]);

/* A unique "<time.pid.counter.random@domain>" (domain: of the sender). */
void mime_message_id(const char *domain, char out[160]);

#endif
