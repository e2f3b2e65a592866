/* The distribution of a campaign's scores; see repartition.h. */
#include "aggregate/repartition.h"

#include "base/decimal.h"
#include "base/log.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/mman.h>

/*
 * What every distribution of the process may hold at once: the campaigns
 * of --all are counted side by side, and a distribution that would take
 * the total past it is given up (the campaign's aggregates are then
 * grouped in SQL, the same figures). At 2,000 members the three campaigns'
 * take 5 MiB together; at 10,000 members the largest alone takes 6 MiB,
 * and three at once took lecap past its 32 MiB of peak memory (issue 20).
 */
#define REP_BUDGET ((size_t)9 << 20)

static _Atomic size_t rep_reserved;

/* REP_BUDGET; in a test build (signals.h), $LECAP_TEST_REPARTITION_BUDGET
 * bytes when set: 0 leaves every campaign to SQL, a few hundred
 * thousand gives a campaign up midway (tests/integration/43). */
static size_t rep_budget(void)
{
#ifdef LECAP_TEST_HOOKS
	const char *test = getenv("LECAP_TEST_REPARTITION_BUDGET");

	if (test && *test)
		return (size_t)strtoull(test, NULL, 10);
#endif
	return REP_BUDGET;
}

/* A distinct score text: its offset in texts, its float8 (what
 * score::float8 gives: strtod of the text numeric_out prints). */
struct rep_value {
	uint32_t text;
	double v;
};

/* The scores of one region, type, element and score text; key: rid << 24
 * | tid << 16 | cid. */
struct rep_entry {
	uint32_t key, vid;
	uint32_t n, atteints, objectifs;
};

#define REP_CHUNK 4096 /* entries per block: no copy as they grow */
#define REP_MAX_RID 255
#define REP_MAX_TID 255
#define REP_MAX_CID 65535

struct repartition {
	char *texts;
	size_t tlen, tcap;
	struct rep_value *values;
	size_t nvalues, vcap;
	uint32_t *vslots; /* vid + 1, 0: free */
	size_t vmask;
	struct rep_entry **chunks;
	size_t n, nchunks;
	uint32_t *eslots; /* entry + 1, 0: free */
	size_t emask;
	uint8_t counts[(REP_MAX_CID + 1) / 8]; /* the elements whose scores have objectives */
	size_t reserved; /* bytes counted against REP_BUDGET */
	bool over;       /* given up (repartition_given_up) */
	long scores;
};

/* Counts more bytes against the budget; false (nothing counted) when
 * they do not fit. */
static bool rep_reserve(struct repartition *r, size_t bytes)
{
	size_t was = rep_reserved, budget = rep_budget();

	do {
		if (was + bytes > budget)
			return false;
	} while (!atomic_compare_exchange_weak(&rep_reserved, &was, was + bytes));
	r->reserved += bytes;
	return true;
}

/*
 * The entries' blocks and the hash tables are mapped and unmapped by
 * themselves: their memory goes back to the system when the campaign's
 * distribution is freed. From malloc's heaps it stayed resident for the
 * rest of the run: the peak of a first night at 2,000 members went from
 * 27.5 to 31.9 MiB. Zero-filled. NULL when memory is short.
 */
static void *rep_map(size_t bytes)
{
	void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static void rep_unmap(void *p, size_t bytes)
{
	if (p)
		munmap(p, bytes);
}

/* Gives bytes counted against the budget back. */
static void rep_release(struct repartition *r, size_t bytes)
{
	atomic_fetch_sub(&rep_reserved, bytes);
	r->reserved -= bytes;
}

static struct rep_entry *rep_at(const struct repartition *r, size_t i)
{
	return &r->chunks[i / REP_CHUNK][i % REP_CHUNK];
}

struct repartition *repartition_new(void)
{
	struct repartition *r = calloc(1, sizeof *r);

	if (!r)
		return NULL;
	r->vmask = r->emask = 4095;
	r->vslots = rep_map((r->vmask + 1) * sizeof *r->vslots);
	r->eslots = rep_map((r->emask + 1) * sizeof *r->eslots);
	if (!r->vslots || !r->eslots) {
		repartition_free(r);
		return NULL;
	}
	if (!rep_reserve(r, (r->vmask + 1 + r->emask + 1) * sizeof *r->vslots)) {
		log_debug("répartition des scores laissée au SQL : mémoire réservée atteinte");
		r->over = true;
	}
	return r;
}

void repartition_free(struct repartition *r)
{
	if (!r)
		return;
	atomic_fetch_sub(&rep_reserved, r->reserved);
	free(r->texts);
	free(r->values);
	rep_unmap(r->vslots, (r->vmask + 1) * sizeof *r->vslots);
	for (size_t i = 0; i < r->nchunks; i++)
		rep_unmap(r->chunks[i], REP_CHUNK * sizeof **r->chunks);
	free(r->chunks);
	rep_unmap(r->eslots, (r->emask + 1) * sizeof *r->eslots);
	free(r);
}

long repartition_scores(const struct repartition *r)
{
	return r->scores;
}

bool repartition_given_up(const struct repartition *r)
{
	return r->over;
}

static uint64_t rep_mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

static uint64_t rep_text_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return rep_mix(h);
}

static uint64_t rep_entry_hash(uint32_t key, uint32_t vid)
{
	return rep_mix(((uint64_t)key << 32) | vid);
}

/* Doubles the slots of a table (mask: their number less one) whose items
 * hash by rehash(r, item). */
static int rep_grow(uint32_t **slots, size_t *mask, uint64_t (*rehash)(const struct repartition *, uint32_t),
		    struct repartition *r)
{
	size_t m = *mask * 2 + 1;
	uint32_t *s;

	if (!rep_reserve(r, (m + 1) * sizeof *s))
		return 1;
	if (!(s = rep_map((m + 1) * sizeof *s)))
		return -1;
	for (size_t i = 0; i <= *mask; i++) {
		uint32_t item = (*slots)[i];
		size_t k;

		if (!item)
			continue;
		for (k = rehash(r, item - 1) & m; s[k]; k = (k + 1) & m)
			;
		s[k] = item;
	}
	rep_unmap(*slots, (*mask + 1) * sizeof *s);
	rep_release(r, (*mask + 1) * sizeof *s);
	*slots = s;
	*mask = m;
	return 0;
}

static uint64_t rep_value_rehash(const struct repartition *r, uint32_t vid)
{
	return rep_text_hash(r->texts + r->values[vid].text);
}

static uint64_t rep_entry_rehash(const struct repartition *r, uint32_t i)
{
	const struct rep_entry *e = rep_at(r, i);

	return rep_entry_hash(e->key, e->vid);
}

/* The number of score's text (added when new); -1 when memory is short,
 * -2 past the budget. */
static int64_t rep_value(struct repartition *r, const char *score)
{
	size_t k, len = strlen(score) + 1;
	int grown;

	for (k = rep_text_hash(score) & r->vmask; r->vslots[k]; k = (k + 1) & r->vmask)
		if (strcmp(r->texts + r->values[r->vslots[k] - 1].text, score) == 0)
			return r->vslots[k] - 1;
	if (r->nvalues == r->vcap) {
		size_t cap = r->vcap ? r->vcap * 2 : 1024;
		struct rep_value *v;

		if (!rep_reserve(r, (cap - r->vcap) * sizeof *v))
			return -2;
		if (!(v = realloc(r->values, cap * sizeof *v)))
			return -1;
		r->values = v;
		r->vcap = cap;
	}
	if (r->tlen + len > r->tcap) {
		size_t cap = r->tcap ? r->tcap * 2 : 16384;
		char *t;

		while (cap < r->tlen + len)
			cap *= 2;
		if (!rep_reserve(r, cap - r->tcap))
			return -2;
		if (!(t = realloc(r->texts, cap)))
			return -1;
		r->texts = t;
		r->tcap = cap;
	}
	memcpy(r->texts + r->tlen, score, len);
	r->values[r->nvalues] = (struct rep_value){.text = (uint32_t)r->tlen, .v = strtod(score, NULL)};
	r->tlen += len;
	r->vslots[k] = (uint32_t)++r->nvalues;
	if (r->nvalues * 4 > r->vmask * 3 && (grown = rep_grow(&r->vslots, &r->vmask, rep_value_rehash, r)) != 0)
		return grown < 0 ? -1 : -2;
	return (int64_t)r->nvalues - 1;
}

/* Gives the distribution up: past the budget, or keys that do not fit. */
static int rep_give_up(struct repartition *r, const char *why)
{
	log_debug("répartition des scores laissée au SQL : %s", why);
	r->over = true;
	return LECAP_OK;
}

int repartition_add(struct repartition *r, int rid, int tid, long cid, const char *score, bool counts,
		    long n_objectifs, long n_atteints)
{
	int64_t vid;
	struct rep_entry *e;
	uint32_t key;
	size_t k;
	int grown;

	if (r->over)
		return LECAP_OK;
	if (rid < 0 || rid > REP_MAX_RID || tid < 0 || tid > REP_MAX_TID || cid < 0 || cid > REP_MAX_CID)
		return rep_give_up(r, "région, type ou élément hors des clés compactes");
	if ((vid = rep_value(r, score)) < 0)
		return vid == -2 ? rep_give_up(r, "mémoire réservée atteinte") : log_fail(LECAP_IO, "mémoire insuffisante");
	key = (uint32_t)rid << 24 | (uint32_t)tid << 16 | (uint32_t)cid;
	r->scores++;
	if (counts)
		r->counts[cid / 8] |= (uint8_t)(1u << (cid % 8));
	for (k = rep_entry_hash(key, (uint32_t)vid) & r->emask; r->eslots[k]; k = (k + 1) & r->emask) {
		e = rep_at(r, r->eslots[k] - 1);
		if (e->key == key && e->vid == (uint32_t)vid) {
			e->n++;
			e->objectifs += (uint32_t)n_objectifs;
			e->atteints += (uint32_t)n_atteints;
			return LECAP_OK;
		}
	}
	if (r->n == r->nchunks * REP_CHUNK) {
		struct rep_entry **c = realloc(r->chunks, (r->nchunks + 1) * sizeof *c);

		if (!c)
			return log_fail(LECAP_IO, "mémoire insuffisante");
		r->chunks = c;
		if (!rep_reserve(r, REP_CHUNK * sizeof **c))
			return rep_give_up(r, "mémoire réservée atteinte");
		if (!(c[r->nchunks] = rep_map(REP_CHUNK * sizeof **c)))
			return log_fail(LECAP_IO, "mémoire insuffisante");
		r->nchunks++;
	}
	*rep_at(r, r->n) = (struct rep_entry){.key = key, .vid = (uint32_t)vid, .n = 1,
					     .objectifs = (uint32_t)n_objectifs, .atteints = (uint32_t)n_atteints};
	r->eslots[k] = (uint32_t)++r->n;
	if (r->n * 4 > r->emask * 3 && (grown = rep_grow(&r->eslots, &r->emask, rep_entry_rehash, r)) != 0)
		return grown < 0 ? log_fail(LECAP_IO, "mémoire insuffisante") : rep_give_up(r, "mémoire réservée atteinte");
	return LECAP_OK;
}

/* The values in numeric order: by float8, then, for the few that share
 * one, by their decimals; equal numbers (3 and 3.00) by their number. */
struct rep_by_value {
	double v;
	const char *text;
	uint32_t vid;
};

static int rep_cmp_value(const void *pa, const void *pb)
{
	const struct rep_by_value *a = pa, *b = pb;
	struct decimal x, y;
	int c;

	if (a->v != b->v)
		return a->v < b->v ? -1 : 1;
	if (decimal_parse(a->text, &x) == 0 && decimal_parse(b->text, &y) == 0 && (c = decimal_cmp(&x, &y)) != 0)
		return c;
	return (a->vid > b->vid) - (a->vid < b->vid);
}

/* Each value's place in numeric order, into rank (nvalues of them). */
static int rep_rank(const struct repartition *r, uint32_t *rank)
{
	struct rep_by_value *s = malloc((r->nvalues + 1) * sizeof *s);

	if (!s)
		return -1;
	for (size_t i = 0; i < r->nvalues; i++)
		s[i] = (struct rep_by_value){.v = r->values[i].v, .text = r->texts + r->values[i].text, .vid = (uint32_t)i};
	qsort(s, r->nvalues, sizeof *s, rep_cmp_value);
	for (size_t i = 0; i < r->nvalues; i++)
		rank[s[i].vid] = (uint32_t)i;
	free(s);
	return 0;
}


/* A group of a region and type of the element written: its sums, from
 * which those of the wider groups (every type, the network) are added up. */
struct rep_group {
	int32_t rid, tid;
	uint64_t n, atteints, objectifs;
	struct decimal sum;
};

/* An entry of the element written, in one of the orders its groups are
 * read in: key = a << 40 | b << 32 | the score's rank, a and b the region
 * and the type, or 0 where the groups span them. */
struct rep_sorted {
	uint64_t key;
	uint32_t entry;
};

/* What the write phase returns when a figure is not one lecap prints as
 * PostgreSQL does (a decimal past its digits, a percentile whose float8
 * text has an exponent): the distribution is then given up, and SQL
 * computes the campaign's aggregates, whatever their digits. */
#define REP_BEYOND (-1000)

#define REP_A(k) ((int32_t)(((k) >> 40) & 0xff))
#define REP_B(k) ((int32_t)(((k) >> 32) & 0xff))

/* The orders: region and type, region, type, network. */
enum rep_mode { REP_REGION_TYPE, REP_REGION, REP_TYPE, REP_NETWORK };

/* What repartition_write works with: the entries grouped in place by
 * element (the hash tables freed), then, element by element, its entries
 * (s, count) and its groups of region and type (groups, ngroups), in the
 * order of each mode. */
struct rep_write {
	struct repartition *r;
	const uint32_t *rank;
	struct strbuf *g, *rc;
	int (*flush)(void *ctx, struct strbuf *g, struct strbuf *rc);
	void *ctx;
	int32_t cid;
	struct rep_sorted *s, *tmp; /* tmp: as many, for the sort */
	size_t count, scap;
	struct rep_group *groups;
	size_t ngroups, gcap;
};

static void rep_swap(struct repartition *r, size_t i, size_t j)
{
	struct rep_entry t = *rep_at(r, i);

	*rep_at(r, i) = *rep_at(r, j);
	*rep_at(r, j) = t;
}

/*
 * Groups the entries by element, in element order, in place: one pass to
 * count each element's, then each entry swapped straight into its
 * element's place (American flag sort); the order within an element is
 * the sort's of each mode (rep_order). It replaces a heap sort of the
 * entries by element, region, type and score: 0.06 s of a campaign at
 * 10,000 members. -1 when memory is short.
 */
static int rep_group_entries(struct repartition *r)
{
	uint32_t max = 0;
	size_t *next, *end;

	for (size_t i = 0; i < r->n; i++)
		max = (rep_at(r, i)->key & 0xffff) > max ? rep_at(r, i)->key & 0xffff : max;
	if (!(next = calloc(2 * ((size_t)max + 1), sizeof *next)))
		return -1;
	end = next + max + 1;
	for (size_t i = 0; i < r->n; i++)
		end[rep_at(r, i)->key & 0xffff]++;
	for (size_t c = 0, at = 0; c <= max; c++) {
		next[c] = at;
		at += end[c];
		end[c] = at;
	}
	for (size_t c = 0; c <= max; c++)
		while (next[c] < end[c]) {
			uint32_t d = rep_at(r, next[c])->key & 0xffff;

			if (d == c)
				next[c]++;
			else
				rep_swap(r, next[c], next[d]++);
		}
	free(next);
	return 0;
}

/* Sorts s[0 .. count) by key, stably (from the order of the mode before):
 * a byte at a time from the lowest, the bytes that every key shares
 * skipped, between s and tmp (as fast as glibc's qsort was slow on them,
 * with its comparison called through a pointer). */
static void rep_sort(struct rep_write *w)
{
	for (int shift = 0; shift < 64 && w->count > 0; shift += 8) {
		size_t count[256] = {0}, at = 0;
		struct rep_sorted *t;

		for (size_t i = 0; i < w->count; i++)
			count[(w->s[i].key >> shift) & 0xff]++;
		if (count[(w->s[0].key >> shift) & 0xff] == w->count)
			continue;
		for (int d = 0; d < 256; d++) {
			size_t n = count[d];

			count[d] = at;
			at += n;
		}
		for (size_t i = 0; i < w->count; i++)
			w->tmp[count[(w->s[i].key >> shift) & 0xff]++] = w->s[i];
		t = w->s;
		w->s = w->tmp;
		w->tmp = t;
	}
}

/* The element's entries keyed and sorted for mode. */
static void rep_order(struct rep_write *w, enum rep_mode mode)
{
	for (size_t i = 0; i < w->count; i++) {
		const struct rep_entry *e = rep_at(w->r, w->s[i].entry);
		uint64_t rid = e->key >> 24, tid = (e->key >> 16) & 0xff;
		uint64_t a = mode == REP_REGION_TYPE || mode == REP_REGION ? rid : 0;
		uint64_t b = mode == REP_REGION_TYPE || mode == REP_TYPE ? tid : 0;

		w->s[i].key = a << 40 | b << 32 | w->rank[e->vid];
	}
	rep_sort(w);
}

static const struct rep_entry *rep_entry_of(const struct rep_write *w, const struct rep_sorted *s)
{
	return rep_at(w->r, s->entry);
}

static double rep_entry_value(const struct rep_write *w, const struct rep_sorted *s)
{
	return w->r->values[rep_entry_of(w, s)->vid].v;
}

static const char *rep_entry_text(const struct rep_write *w, const struct rep_sorted *s)
{
	return w->r->texts + w->r->values[rep_entry_of(w, s)->vid].text;
}

/* The value at 0-based place k of the group's sorted scores. */
static double rep_nth(const struct rep_write *w, const struct rep_sorted *s, size_t count, uint64_t k)
{
	uint64_t seen = 0;

	for (size_t i = 0; i < count; i++) {
		seen += rep_entry_of(w, &s[i])->n;
		if (k < seen)
			return rep_entry_value(w, &s[i]);
	}
	return rep_entry_value(w, &s[count - 1]);
}

/*
 * percentile_cont(p) over the group's n scores as float8 (PostgreSQL's
 * percentile_cont_final_common and float8_lerp), then ::numeric (the text
 * of "%.15g", DBL_DIG digits) rounded to 10 places, half away from zero:
 * its text into out. -1 when that text is not a plain decimal.
 */
static int rep_percentile(const struct rep_write *w, const struct rep_sorted *s, size_t count, uint64_t n,
			  double p, char out[64])
{
	double pos = p * (double)(n - 1), first = floor(pos), second = ceil(pos);
	double lo = rep_nth(w, s, count, (uint64_t)first), val = lo;
	char num[40], *point, frac[11];
	size_t nfrac;
	int len;

	if (second > first)
		val = lo + (rep_nth(w, s, count, (uint64_t)second) - lo) * (pos - first);
	snprintf(num, sizeof num, "%.*g", DBL_DIG, val);
	if (strspn(num, "0123456789.") != strlen(num) || num[0] == '.')
		return -1;
	point = strchr(num, '.');
	nfrac = point ? strlen(point + 1) : 0;
	memset(frac, '0', 10);
	frac[10] = '\0';
	if (point) {
		memcpy(frac, point + 1, nfrac < 10 ? nfrac : 10);
		*point = '\0';
	}
	len = (int)strlen(num);
	if (nfrac > 10 && point[11] >= '5') { /* carry through the fraction, then the whole part */
		int i = 9;

		for (; i >= 0 && frac[i] == '9'; i--)
			frac[i] = '0';
		if (i >= 0) {
			frac[i]++;
		} else {
			for (i = len - 1; i >= 0 && num[i] == '9'; i--)
				num[i] = '0';
			if (i >= 0) {
				num[i]++;
			} else {
				memmove(num + 1, num, (size_t)len + 1);
				num[0] = '1';
			}
		}
	}
	snprintf(out, 64, "%s.%s", num, frac);
	return 0;
}

/* v (or \N when not present), then end. */
static void rep_int(struct strbuf *b, bool present, uint64_t v, char end)
{
	char num[24], *p = num + sizeof num;

	*--p = end;
	if (!present) {
		*--p = 'N';
		*--p = '\\';
	} else {
		do
			*--p = (char)('0' + v % 10);
		while (v /= 10);
	}
	strbuf_add(b, p, (size_t)(num + sizeof num - p));
}

/* Whether the element's scores have objectives (not an indicator's). */
static bool rep_counts(const struct repartition *r, int32_t cid)
{
	return r->counts[cid / 8] & (1u << (cid % 8));
}

/* A row of t_g for the group s[0 .. count - 1] of the element written
 * (rid, tid: -1 for NULL) with the sums of sum. */
static int rep_row(const struct rep_write *w, const struct rep_sorted *s, size_t count, int32_t rid, int32_t tid,
		   const struct rep_group *sum)
{
	static const double ps[3] = {0.5, 0.25, 0.75};
	struct strbuf *g = w->g;
	struct decimal n, q;
	char text[DECIMAL_TEXT_MAX], pct[3][64];

	for (int i = 0; i < 3; i++)
		if (rep_percentile(w, s, count, sum->n, ps[i], pct[i]) != 0)
			return REP_BEYOND;
	rep_int(g, rid >= 0, (uint64_t)rid, '\t');
	rep_int(g, tid >= 0, (uint64_t)tid, '\t');
	rep_int(g, true, (uint64_t)w->cid, '\t');
	rep_int(g, true, sum->n, '\t');
	decimal_from_u64(&n, sum->n);
	if (decimal_div(&q, &sum->sum, &n) != 0)
		return REP_BEYOND;
	decimal_text(&q, text);
	strbuf_puts(g, text);
	for (int i = 0; i < 3; i++) {
		strbuf_putc(g, '\t');
		strbuf_puts(g, pct[i]);
	}
	strbuf_putc(g, '\t');
	strbuf_puts(g, rep_entry_text(w, &s[0]));
	strbuf_putc(g, '\t');
	strbuf_puts(g, rep_entry_text(w, &s[count - 1]));
	strbuf_putc(g, '\t');
	if (rep_counts(w->r, w->cid) && sum->objectifs > 0) {
		struct decimal a, o;

		decimal_from_u64(&a, sum->atteints);
		decimal_from_u64(&o, sum->objectifs);
		if (decimal_div(&q, &a, &o) != 0)
			return REP_BEYOND;
		decimal_text(&q, text);
		strbuf_puts(g, text);
		strbuf_putc(g, '\n');
	} else {
		strbuf_puts(g, "\\N\n");
	}
	return w->flush ? w->flush(w->ctx, w->g, w->rc) : LECAP_OK;
}

/* The end of the group of the element's entries that starts at i. */
static size_t rep_group_end(const struct rep_write *w, size_t i)
{
	size_t j = i + 1;

	while (j < w->count && w->s[j].key >> 32 == w->s[i].key >> 32)
		j++;
	return j;
}

/* The element's groups of region and type, in (rid, tid) order: their rows,
 * and their sums into w->groups. */
static int rep_region_type(struct rep_write *w)
{
	int ret = LECAP_OK;

	w->ngroups = 0;
	rep_order(w, REP_REGION_TYPE);
	for (size_t i = 0, j; ret == LECAP_OK && i < w->count; i = j) {
		struct rep_group *x;
		struct decimal v, c, p;

		j = rep_group_end(w, i);
		if (w->ngroups == w->gcap) {
			size_t cap = w->gcap ? w->gcap * 2 : 64;

			if (!(x = realloc(w->groups, cap * sizeof *x)))
				return log_fail(LECAP_IO, "mémoire insuffisante");
			w->groups = x;
			w->gcap = cap;
		}
		x = &w->groups[w->ngroups++];
		*x = (struct rep_group){.rid = REP_A(w->s[i].key), .tid = REP_B(w->s[i].key)};
		decimal_from_u64(&x->sum, 0);
		for (size_t k = i; ret == LECAP_OK && k < j; k++) {
			const struct rep_entry *e = rep_entry_of(w, &w->s[k]);

			x->n += e->n;
			x->atteints += e->atteints;
			x->objectifs += e->objectifs;
			decimal_from_u64(&c, e->n);
			if (decimal_parse(rep_entry_text(w, &w->s[k]), &v) != 0 || decimal_mul(&p, &v, &c) != 0 ||
			    decimal_add(&x->sum, &p) != 0)
				ret = REP_BEYOND;
		}
		if (ret == LECAP_OK)
			ret = rep_row(w, &w->s[i], j - i, x->rid, x->tid, x);
	}
	return ret;
}

static int rep_cmp_group_type(const void *pa, const void *pb)
{
	const struct rep_group *a = pa, *b = pb;

	if (a->tid != b->tid)
		return a->tid < b->tid ? -1 : 1;
	return (a->rid > b->rid) - (a->rid < b->rid);
}

/* The network's distribution: the rows of one type of the element written
 * (its entries s[0 .. count - 1], in score order) per score text. */
static int rep_distribution(const struct rep_write *w, const struct rep_sorted *s, size_t count, int32_t tid)
{
	struct strbuf *rc = w->rc;
	bool counts = rep_counts(w->r, w->cid);
	int ret = LECAP_OK;

	for (size_t i = 0, j; ret == LECAP_OK && i < count; i = j) {
		uint32_t vid = rep_entry_of(w, &s[i])->vid;
		const char *text = rep_entry_text(w, &s[i]), *point = strchr(text, '.');
		uint64_t n = 0, a = 0, o = 0;

		for (j = i; j < count && rep_entry_of(w, &s[j])->vid == vid; j++) {
			n += rep_entry_of(w, &s[j])->n;
			a += rep_entry_of(w, &s[j])->atteints;
			o += rep_entry_of(w, &s[j])->objectifs;
		}
		rep_int(rc, true, (uint64_t)tid, '\t');
		rep_int(rc, true, (uint64_t)w->cid, '\t');
		strbuf_puts(rc, text);
		strbuf_putc(rc, '\t');
		rep_int(rc, true, point ? strlen(point + 1) : 0, '\t');
		rep_int(rc, true, n, '\t');
		rep_int(rc, counts, a, '\t');
		rep_int(rc, counts, o, '\n');
		if (w->flush)
			ret = w->flush(w->ctx, w->g, w->rc);
	}
	return ret;
}

/*
 * The element's wider groups (mode: every type of a region, a type of the
 * network, the network) from its entries in their order and the sums of its
 * groups of region and type, given in an order where each wider group's
 * are consecutive and in the same order as the wider groups.
 */
static int rep_wider(struct rep_write *w, enum rep_mode mode)
{
	size_t k = 0;
	int ret = LECAP_OK;

	rep_order(w, mode);
	for (size_t i = 0, j; ret == LECAP_OK && i < w->count; i = j) {
		int32_t a = REP_A(w->s[i].key), b = REP_B(w->s[i].key);
		struct rep_group sum = {0};

		j = rep_group_end(w, i);
		decimal_from_u64(&sum.sum, 0);
		for (; ret == LECAP_OK && k < w->ngroups && (mode != REP_REGION || w->groups[k].rid == a) &&
		       (mode != REP_TYPE || w->groups[k].tid == b);
		     k++) {
			sum.n += w->groups[k].n;
			sum.atteints += w->groups[k].atteints;
			sum.objectifs += w->groups[k].objectifs;
			if (decimal_add(&sum.sum, &w->groups[k].sum) != 0)
				ret = REP_BEYOND;
		}
		if (ret == LECAP_OK)
			ret = rep_row(w, &w->s[i], j - i, mode == REP_REGION ? a : -1, mode == REP_TYPE ? b : -1, &sum);
		if (ret == LECAP_OK && mode == REP_TYPE)
			ret = rep_distribution(w, &w->s[i], j - i, b);
	}
	return ret;
}

/* The rows of the element whose entries are [first, end) of the sorted
 * entries: its groups of region and type, of region, of the network, of
 * type with the network's distribution. */
static int rep_element(struct rep_write *w, size_t first, size_t end)
{
	int ret;

	if (end - first > w->scap) {
		struct rep_sorted *s = realloc(w->s, (end - first) * sizeof *s), *t;

		if (s)
			w->s = s;
		if (!s || !(t = realloc(w->tmp, (end - first) * sizeof *t)))
			return log_fail(LECAP_IO, "mémoire insuffisante");
		w->tmp = t;
		w->scap = end - first;
	}
	w->cid = (int32_t)(rep_at(w->r, first)->key & 0xffff);
	w->count = end - first;
	for (size_t i = first; i < end; i++)
		w->s[i - first].entry = (uint32_t)i;
	ret = rep_region_type(w);
	if (ret == LECAP_OK) /* the groups in (rid, tid) order: each region's consecutive */
		ret = rep_wider(w, REP_REGION);
	if (ret == LECAP_OK)
		ret = rep_wider(w, REP_NETWORK);
	if (ret == LECAP_OK) {
		qsort(w->groups, w->ngroups, sizeof *w->groups, rep_cmp_group_type);
		ret = rep_wider(w, REP_TYPE);
	}
	return ret;
}

int repartition_write(struct repartition *r, struct strbuf *g, struct strbuf *rc,
		      int (*flush)(void *ctx, struct strbuf *g, struct strbuf *rc), void *ctx)
{
	struct rep_write w = {.r = r, .g = g, .rc = rc, .flush = flush, .ctx = ctx};
	uint32_t *rank;
	int ret = LECAP_OK;

	/* the hash tables are no longer needed: the entries are grouped in place */
	rep_unmap(r->eslots, (r->emask + 1) * sizeof *r->eslots);
	rep_unmap(r->vslots, (r->vmask + 1) * sizeof *r->vslots);
	r->eslots = r->vslots = NULL;
	if (!(rank = malloc((r->nvalues + 1) * sizeof *rank)) || rep_rank(r, rank) != 0 ||
	    rep_group_entries(r) != 0) {
		free(rank);
		return log_fail(LECAP_IO, "mémoire insuffisante");
	}
	w.rank = rank;
	for (size_t i = 0, j; ret == LECAP_OK && i < r->n; i = j) {
		uint32_t cid = rep_at(r, i)->key & 0xffff;

		for (j = i + 1; j < r->n && (rep_at(r, j)->key & 0xffff) == cid; j++)
			;
		ret = rep_element(&w, i, j);
	}
	free(w.s);
	free(w.tmp);
	free(w.groups);
	free(rank);
	if (ret == REP_BEYOND)
		ret = rep_give_up(r, "un agrégat hors des décimales que lecap imprime");
	if (ret == LECAP_OK && (g->oom || rc->oom))
		ret = log_fail(LECAP_IO, "mémoire insuffisante");
	return ret;
}
