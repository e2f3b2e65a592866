/* SMTP through libcurl; see smtp.h. */
#include "io/smtp.h"

#include <curl/curl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct smtp {
	CURL *curl;
	const struct smtp_server *server;
	char last_reply[512];  /* the server's last response line */
	char error_reply[512]; /* its first 4xx or 5xx line, if any */
	char errbuf[CURL_ERROR_SIZE];
};

struct upload {
	const char *data;
	size_t len, pos;
};

static size_t read_cb(char *buf, size_t size, size_t nitems, void *arg)
{
	struct upload *u = arg;
	size_t n = size * nitems;

	if (n > u->len - u->pos)
		n = u->len - u->pos;
	memcpy(buf, u->data + u->pos, n);
	u->pos += n;
	return n;
}

/* libcurl hands the server's response lines to the debug callback: the last
 * one is what the server said about our message, unless it refused something
 * earlier (libcurl then says QUIT, and "221 Bye" would hide the reason). */
static int debug_cb(CURL *curl, curl_infotype type, char *data, size_t size, void *arg)
{
	struct smtp *s = arg;
	size_t n = size;

	(void)curl;
	if (type != CURLINFO_HEADER_IN)
		return 0;
	while (n > 0 && (data[n - 1] == '\n' || data[n - 1] == '\r'))
		n--;
	if (n >= sizeof(s->last_reply))
		n = sizeof(s->last_reply) - 1;
	memcpy(s->last_reply, data, n);
	s->last_reply[n] = '\0';
	if (!s->error_reply[0] && (data[0] == '4' || data[0] == '5'))
		memcpy(s->error_reply, s->last_reply, n + 1);
	return 0;
}

smtp *smtp_new(const struct smtp_server *server)
{
	struct smtp *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->server = server;
	s->curl = curl_easy_init();
	if (!s->curl) {
		free(s);
		return NULL;
	}
	return s;
}

void smtp_free(smtp *s)
{
	if (!s)
		return;
	curl_easy_cleanup(s->curl); /* says QUIT on an open connection */
	free(s);
}

/* Failures after which no other message can get through either. */
static bool fatal_for_all(CURLcode rc, long code)
{
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_LOGIN_DENIED:
	case CURLE_USE_SSL_FAILED:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_URL_MALFORMAT:
	case CURLE_GOT_NOTHING:
	case CURLE_WEIRD_SERVER_REPLY:
	case CURLE_AUTH_ERROR:
		return true;
	default:
		/* An error before the server ever answered is the connection's. */
		return code == 0;
	}
}

int smtp_send(smtp *s, const char *from, const char *to, const char *msg, size_t len,
	      char *reply, size_t replysize)
{
	const struct smtp_server *srv = s->server;
	struct curl_slist *rcpt = NULL;
	struct upload up = {msg, len, 0};
	char from_env[600], to_env[600];
	long code = 0;
	CURLcode rc;
	int ret;

	snprintf(from_env, sizeof(from_env), "<%s>", from);
	snprintf(to_env, sizeof(to_env), "<%s>", to);
	rcpt = curl_slist_append(NULL, to_env);
	if (!rcpt) {
		snprintf(reply, replysize, "mémoire insuffisante");
		return SMTP_UNREACHABLE;
	}
	s->last_reply[0] = '\0';
	s->error_reply[0] = '\0';
	s->errbuf[0] = '\0';

	curl_easy_reset(s->curl);
	curl_easy_setopt(s->curl, CURLOPT_URL, srv->url);
	curl_easy_setopt(s->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(s->curl, CURLOPT_CONNECTTIMEOUT, srv->timeout);
	curl_easy_setopt(s->curl, CURLOPT_TIMEOUT, srv->timeout);
	curl_easy_setopt(s->curl, CURLOPT_USE_SSL,
			 srv->tls == SMTP_TLS_REQUIRED ? (long)CURLUSESSL_ALL
			 : srv->tls == SMTP_TLS_TRY   ? (long)CURLUSESSL_TRY
						      : (long)CURLUSESSL_NONE);
	if (srv->cafile && *srv->cafile)
		curl_easy_setopt(s->curl, CURLOPT_CAINFO, srv->cafile);
	if (srv->user && *srv->user) {
		curl_easy_setopt(s->curl, CURLOPT_USERNAME, srv->user);
		curl_easy_setopt(s->curl, CURLOPT_PASSWORD, srv->password ? srv->password : "");
	}
	curl_easy_setopt(s->curl, CURLOPT_MAIL_FROM, from_env);
	curl_easy_setopt(s->curl, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(s->curl, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(s->curl, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(s->curl, CURLOPT_READDATA, &up);
	curl_easy_setopt(s->curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(s->curl, CURLOPT_ERRORBUFFER, s->errbuf);
	curl_easy_setopt(s->curl, CURLOPT_DEBUGFUNCTION, debug_cb);
	curl_easy_setopt(s->curl, CURLOPT_DEBUGDATA, s);
	curl_easy_setopt(s->curl, CURLOPT_VERBOSE, 1L);

	rc = curl_easy_perform(s->curl);
	curl_easy_getinfo(s->curl, CURLINFO_RESPONSE_CODE, &code);
	if (rc == CURLE_OK) {
		snprintf(reply, replysize, "%s", s->last_reply[0] ? s->last_reply : "250");
		ret = SMTP_SENT;
	} else {
		const char *why = s->errbuf[0] ? s->errbuf : curl_easy_strerror(rc);
		if (fatal_for_all(rc, code)) {
			snprintf(reply, replysize, "%s", why);
			ret = SMTP_UNREACHABLE;
		} else {
			snprintf(reply, replysize, "%s", s->error_reply[0] ? s->error_reply
							 : s->last_reply[0] ? s->last_reply : why);
			ret = SMTP_REFUSED;
		}
	}
	curl_easy_setopt(s->curl, CURLOPT_MAIL_RCPT, NULL);
	curl_slist_free_all(rcpt);
	return ret;
}
