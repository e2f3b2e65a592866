/*
 * A growable NUL-terminated string: the one string buffer of lecap (MIME
 * messages, COPY lines and array literals of the referential, report
 * texts). A failed allocation sets oom and makes later appends no-ops, so
 * that the caller checks once, at the end (strbuf_take, or b->oom).
 *
 * struct strbuf is caller-owned: zero-initialise it; strbuf_take() hands the
 * string over, strbuf_release() frees it. p is NULL or NUL-terminated.
 */
#ifndef LECAP_BASE_STRBUF_H
#define LECAP_BASE_STRBUF_H

#include "base/exitcode.h"
#include <stdbool.h>
#include <stddef.h>

struct strbuf {
	char *p;
	size_t len, cap;
	bool oom;
};

/* Room for more bytes (and the NUL) at p + len; false (and oom) when out of memory. */
bool strbuf_reserve(struct strbuf *b, size_t more);
void strbuf_add(struct strbuf *b, const char *s, size_t n);
void strbuf_puts(struct strbuf *b, const char *s);
void strbuf_putc(struct strbuf *b, char c);
/* A number in decimal, as printf's %ld writes it. */
void strbuf_put_long(struct strbuf *b, long v);
/* A field of PostgreSQL COPY's text format: backslash, tab, LF and CR
 * escaped; NULL is \N. */
void strbuf_copy_field(struct strbuf *b, const char *s);
/* The string, to be freed by the caller ("" when nothing was added), or
 * NULL (and everything freed) when an allocation failed. */
char *strbuf_take(struct strbuf *b) LECAP_MUST_CHECK;
void strbuf_release(struct strbuf *b);

#endif
