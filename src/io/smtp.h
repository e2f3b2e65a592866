/*
 * SMTP client: the only file that includes curl/curl.h.
 *
 * One smtp handle holds one libcurl session, so that the messages of a run
 * share one connection when the server allows it. smtp_new() returns a handle
 * the caller frees with smtp_free(); the strings of struct smtp_server are
 * borrowed and must outlive the handle.
 */
#ifndef LECAP_IO_SMTP_H
#define LECAP_IO_SMTP_H

#include "base/exitcode.h"
#include <stddef.h>

enum smtp_tls {
	SMTP_TLS_NO,       /* plain text (smtp://) */
	SMTP_TLS_TRY,      /* STARTTLS when the server offers it */
	SMTP_TLS_REQUIRED, /* STARTTLS or fail (smtps:// is always TLS) */
};

struct smtp_server {
	const char *url;      /* smtp://host:port or smtps://host:port */
	enum smtp_tls tls;
	const char *user;     /* NULL or "": no authentication */
	const char *password;
	long timeout;         /* seconds, for connecting and for each message */
	const char *cafile;   /* PEM file of the CAs that verify the server; NULL or "": the system's.
	                         The server's certificate and name are always verified. */
};

enum smtp_status {
	SMTP_SENT = 0,        /* the server accepted the message */
	SMTP_REFUSED = 1,     /* the server refused this message or recipient */
	SMTP_UNREACHABLE = 2, /* no connection, TLS or authentication failed:
	                         every other message would fail the same way */
};

typedef struct smtp smtp;

/* Returns NULL when libcurl cannot start (out of memory). */
smtp *smtp_new(const struct smtp_server *server);
void smtp_free(smtp *s);

/*
 * Sends msg (a complete RFC 5322 message, CRLF line ends; dot-stuffing is
 * done here) from the envelope address from to the address to. Returns an
 * enum smtp_status; reply receives the server's last reply line ("250 OK",
 * "550 ...") or, when there was none, libcurl's description of the failure.
 * Logs nothing: the caller knows which recipient it was.
 */
int smtp_send(smtp *s, const char *from, const char *to, const char *msg, size_t len,
	      char *reply, size_t replysize) LECAP_MUST_CHECK;

#endif
