/* The sums of the colleges' scores; see somme_college.h. */
#include "aggregate/somme_college.h"

#include "base/decimal.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One sum: its key (region, college, niveau, code, each NUL-ended, one
 * after the other), its scale, its counts and sum. */
struct entry {
	char *key;
	size_t keylen;
	int scale;
	long n, n_repondants;
	struct decimal somme;
};

struct somme_college {
	struct entry *e;
	size_t n, cap;
	size_t *slot; /* open addressing: index + 1 into e, 0 empty */
	size_t nslot; /* a power of two, at least twice n */
};

struct somme_college *somme_college_new(void)
{
	return calloc(1, sizeof(struct somme_college));
}

void somme_college_free(struct somme_college *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		free(s->e[i].key);
	free(s->e);
	free(s->slot);
	free(s);
}

/* FNV-1a of the key and the scale. */
static size_t sc_hash(const char *key, size_t len, int scale)
{
	uint64_t h = 1469598103934665603u;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)key[i]) * 1099511628211u;
	h = (h ^ (unsigned)scale) * 1099511628211u;
	return (size_t)h;
}

/* The slots rebuilt for twice as many entries; false when memory is short. */
static bool sc_grow(struct somme_college *s)
{
	size_t nslot = s->nslot ? s->nslot * 2 : 256;
	size_t *slot = calloc(nslot, sizeof *slot);

	if (!slot)
		return false;
	for (size_t i = 0; i < s->n; i++) {
		size_t k = sc_hash(s->e[i].key, s->e[i].keylen, s->e[i].scale) & (nslot - 1);

		while (slot[k])
			k = (k + 1) & (nslot - 1);
		slot[k] = i + 1;
	}
	free(s->slot);
	s->slot = slot;
	s->nslot = nslot;
	return true;
}

/* The entry of key and scale, added (zero) when new; NULL when memory is
 * short. */
static struct entry *sc_entry(struct somme_college *s, const char *key, size_t len, int scale)
{
	size_t k;
	struct entry *e;

	if ((s->n + 1) * 2 > s->nslot && !sc_grow(s))
		return NULL;
	for (k = sc_hash(key, len, scale) & (s->nslot - 1); s->slot[k]; k = (k + 1) & (s->nslot - 1)) {
		e = &s->e[s->slot[k] - 1];
		if (e->scale == scale && e->keylen == len && memcmp(e->key, key, len) == 0)
			return e;
	}
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 256;
		struct entry *grown = realloc(s->e, cap * sizeof *grown);

		if (!grown)
			return NULL;
		s->e = grown;
		s->cap = cap;
	}
	e = &s->e[s->n];
	*e = (struct entry){.keylen = len, .scale = scale};
	if (!(e->key = malloc(len)))
		return NULL;
	memcpy(e->key, key, len);
	s->slot[k] = ++s->n;
	return e;
}

int somme_college_add(struct somme_college *s, const char *region, const char *college, const char *niveau,
		      const char *code, const char *score, long n_repondants)
{
	const char *parts[4] = {region, college, niveau, code};
	char key[512];
	size_t len = 0;
	struct decimal x;
	struct entry *e;

	for (int i = 0; i < 4; i++) {
		size_t l = strlen(parts[i]) + 1;

		if (len + l > sizeof key)
			return -1;
		memcpy(key + len, parts[i], l);
		len += l;
	}
	if (decimal_parse(score, &x) != 0 || !(e = sc_entry(s, key, len, x.scale)))
		return -1;
	if (e->n == 0)
		e->somme = x;
	else if (decimal_add(&e->somme, &x) != 0)
		return -1;
	e->n++;
	e->n_repondants += n_repondants;
	return 0;
}

void somme_college_write(const struct somme_college *s, struct strbuf *out)
{
	char num[64], text[DECIMAL_TEXT_MAX];

	for (size_t i = 0; i < s->n; i++) {
		const struct entry *e = &s->e[i];
		const char *p = e->key;

		for (int f = 0; f < 4; f++) {
			strbuf_copy_field(out, p);
			strbuf_putc(out, '\t');
			p += strlen(p) + 1;
		}
		decimal_text(&e->somme, text);
		snprintf(num, sizeof num, "%d\t%ld\t%ld\t", e->scale, e->n, e->n_repondants);
		strbuf_puts(out, num);
		strbuf_puts(out, text);
		strbuf_putc(out, '\n');
	}
}
