/* The growable string; see strbuf.h. */
#include "base/strbuf.h"

#include <stdlib.h>
#include <string.h>

bool strbuf_reserve(struct strbuf *b, size_t more)
{
	if (b->oom)
		return false;
	if (b->len + more + 1 <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + more + 1)
		cap *= 2;
	char *p = realloc(b->p, cap);
	if (!p) {
		b->oom = true;
		return false;
	}
	b->p = p;
	b->cap = cap;
	return true;
}

void strbuf_add(struct strbuf *b, const char *s, size_t n)
{
	if (!strbuf_reserve(b, n))
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void strbuf_puts(struct strbuf *b, const char *s) { strbuf_add(b, s, strlen(s)); }

void strbuf_putc(struct strbuf *b, char c)
{
	if (!strbuf_reserve(b, 1))
		return;
	b->p[b->len++] = c;
	b->p[b->len] = '\0';
}

void strbuf_put_long(struct strbuf *b, long v)
{
	char digits[24];
	unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
	size_t n = sizeof digits;

	do
		digits[--n] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		digits[--n] = '-';
	strbuf_add(b, digits + n, sizeof digits - n);
}

void strbuf_copy_field(struct strbuf *b, const char *s)
{
	if (!s) {
		strbuf_puts(b, "\\N");
		return;
	}
	/* runs of plain bytes at once, then the escaped one */
	for (;;) {
		size_t n = strcspn(s, "\\\t\n\r");

		strbuf_add(b, s, n);
		s += n;
		switch (*s) {
		case '\0': return;
		case '\\': strbuf_puts(b, "\\\\"); break;
		case '\t': strbuf_puts(b, "\\t"); break;
		case '\n': strbuf_puts(b, "\\n"); break;
		default: strbuf_puts(b, "\\r"); break;
		}
		s++;
	}
}

char *strbuf_take(struct strbuf *b)
{
	char *p = b->p;

	if (b->oom) {
		free(p);
		p = NULL;
	} else if (!p) {
		p = strdup("");
	}
	b->p = NULL;
	b->len = b->cap = 0;
	b->oom = false;
	return p;
}

void strbuf_release(struct strbuf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
	b->oom = false;
}
