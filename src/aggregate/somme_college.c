/* The sums of the colleges' scores; see somme_college.h. */
#include "aggregate/somme_college.h"


#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The digits of a sum's mantissa, in two limbs: hi × 10^19 + lo. A
 * college's score has at most 21 significant digits (a mean of notes of 1
 * to 4, printed to at least 16 significant digits: 20 decimals below 1);
 * a sum of a campaign's scores fits many times over (10^38). */
#define LIMB 10000000000000000000u /* 10^19 */

/* One sum: its key (region, college, niveau, code, each NUL-ended, one
 * after the other), its scale, its counts and the sum's mantissa (its
 * digits, the point scale digits from the right). About 60 bytes, where
 * a struct decimal (src/base/decimal.h) took 130: at 10,000 members, three
 * campaigns side by side grew lecap's peak memory by 2 MiB with it. */
struct entry {
	char *key;
	size_t keylen;
	int scale;
	long n, n_repondants;
	uint64_t hi, lo;
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

/* The mantissa and scale of a numeric's text (digits, optionally a point
 * and digits): -1 when it is not one or has more than 38 digits. */
static int sc_parse(const char *text, uint64_t *hi, uint64_t *lo, int *scale)
{
	char digits[40];
	size_t n = 0, split;
	const char *point = NULL;

	for (const char *p = text; *p; p++) {
		if (*p == '.' && !point && p > text && p[1]) {
			point = p;
			continue;
		}
		if (*p < '0' || *p > '9' || n == 38)
			return -1;
		digits[n++] = *p;
	}
	if (n == 0)
		return -1;
	*scale = point ? (int)(strlen(point) - 1) : 0;
	*hi = *lo = 0;
	split = n > 19 ? n - 19 : 0;
	for (size_t i = 0; i < split; i++)
		*hi = *hi * 10 + (uint64_t)(digits[i] - '0');
	for (size_t i = split; i < n; i++)
		*lo = *lo * 10 + (uint64_t)(digits[i] - '0');
	return 0;
}

int somme_college_add(struct somme_college *s, const char *region, const char *college, const char *niveau,
		      const char *code, const char *score, long n_repondants)
{
	const char *parts[4] = {region, college, niveau, code};
	char key[512];
	size_t len = 0;
	uint64_t hi, lo;
	int scale;
	struct entry *e;

	for (int i = 0; i < 4; i++) {
		size_t l = strlen(parts[i]) + 1;

		if (len + l > sizeof key)
			return -1;
		memcpy(key + len, parts[i], l);
		len += l;
	}
	if (sc_parse(score, &hi, &lo, &scale) != 0 || !(e = sc_entry(s, key, len, scale)))
		return -1;
	/* (each lo below 10^19, their sum below 2 × 10^19, past 2^64: the
	 * carry found before adding) */
	if (e->lo >= LIMB - lo) {
		e->lo -= LIMB - lo;
		if (hi == UINT64_MAX)
			return -1;
		hi++;
	} else {
		e->lo += lo;
	}
	if (hi > UINT64_MAX - e->hi)
		return -1;
	e->hi += hi;
	e->n++;
	e->n_repondants += n_repondants;
	return 0;
}

/* The text numeric_out() prints for mantissa hi × 10^19 + lo at scale:
 * the whole part (0 when none), then a point and scale digits. */
static void sc_text(uint64_t hi, uint64_t lo, int scale, char out[48])
{
	char digits[48];
	int n, whole;

	if (hi)
		n = snprintf(digits, sizeof digits, "%" PRIu64 "%019" PRIu64, hi, lo);
	else
		n = snprintf(digits, sizeof digits, "%" PRIu64, lo);
	if (n <= scale) { /* leading zeros up to the units */
		memmove(digits + (scale + 1 - n), digits, (size_t)n + 1);
		memset(digits, '0', (size_t)(scale + 1 - n));
		n = scale + 1;
	}
	whole = n - scale;
	memcpy(out, digits, (size_t)whole);
	if (scale > 0) {
		out[whole] = '.';
		memcpy(out + whole + 1, digits + whole, (size_t)scale);
	}
	out[whole + (scale > 0 ? scale + 1 : 0)] = '\0';
}

void somme_college_write(const struct somme_college *s, struct strbuf *out)
{
	char num[64], text[48];

	for (size_t i = 0; i < s->n; i++) {
		const struct entry *e = &s->e[i];
		const char *p = e->key;

		for (int f = 0; f < 4; f++) {
			strbuf_copy_field(out, p);
			strbuf_putc(out, '\t');
			p += strlen(p) + 1;
		}
		sc_text(e->hi, e->lo, e->scale, text);
		snprintf(num, sizeof num, "%d\t%ld\t%ld\t", e->scale, e->n, e->n_repondants);
		strbuf_puts(out, num);
		strbuf_puts(out, text);
		strbuf_putc(out, '\n');
	}
}
