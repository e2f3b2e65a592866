/* The demand for the service offer; see demande.h. */
#include "aggregate/demande.h"

#include "base/log.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A link: grid version and objective code, the offer's index in offres. */
struct lien {
	char *version, *code;
	size_t offre;
};

/* A region's counts, per offer (noffres of each). */
struct region {
	char *name;
	long *n_ent, *n_obj;
};

struct demande {
	struct lien *liens;
	size_t nliens;
	char **offres;
	size_t noffres;
	struct region *regions;
	size_t nregions;
	/* the evaluation started: its region, version, and the offers it
	 * already counted (n_ent once per evaluation and offer) */
	struct region *cur;
	char *version;
	bool *seen; /* noffres */
};

struct demande *demande_new(void)
{
	return calloc(1, sizeof(struct demande));
}

void demande_free(struct demande *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->nliens; i++) {
		free(d->liens[i].version);
		free(d->liens[i].code);
	}
	for (size_t i = 0; i < d->noffres; i++)
		free(d->offres[i]);
	for (size_t i = 0; i < d->nregions; i++) {
		free(d->regions[i].name);
		free(d->regions[i].n_ent);
		free(d->regions[i].n_obj);
	}
	free(d->liens);
	free(d->offres);
	free(d->regions);
	free(d->version);
	free(d->seen);
	free(d);
}

/* The index of offre in d->offres, added when new; -1 when memory is
 * short. The links come before any evaluation: no region's counters to
 * grow. */
static long demande_offre(struct demande *d, const char *offre)
{
	char **grown;

	for (size_t i = 0; i < d->noffres; i++)
		if (strcmp(d->offres[i], offre) == 0)
			return (long)i;
	if (d->nregions > 0 || !(grown = realloc(d->offres, (d->noffres + 1) * sizeof *grown)))
		return -1;
	d->offres = grown;
	if (!(d->offres[d->noffres] = strdup(offre)))
		return -1;
	return (long)d->noffres++;
}

int demande_lien(struct demande *d, const char *version, const char *code, const char *offre)
{
	struct lien *grown;
	long o = demande_offre(d, offre);

	if (o < 0 || !(grown = realloc(d->liens, (d->nliens + 1) * sizeof *grown)))
		return log_fail(LECAP_IO, "mémoire insuffisante");
	d->liens = grown;
	d->liens[d->nliens] = (struct lien){.version = strdup(version), .code = strdup(code), .offre = (size_t)o};
	if (!d->liens[d->nliens].version || !d->liens[d->nliens].code) {
		free(d->liens[d->nliens].version);
		free(d->liens[d->nliens].code);
		return log_fail(LECAP_IO, "mémoire insuffisante");
	}
	d->nliens++;
	return LECAP_OK;
}

/* The region named name, added when new; NULL when memory is short. */
static struct region *demande_region(struct demande *d, const char *name)
{
	struct region *grown, *r;

	for (size_t i = 0; i < d->nregions; i++)
		if (strcmp(d->regions[i].name, name) == 0)
			return &d->regions[i];
	if (!(grown = realloc(d->regions, (d->nregions + 1) * sizeof *grown)))
		return NULL;
	d->regions = grown;
	r = &d->regions[d->nregions];
	*r = (struct region){.name = strdup(name),
			     .n_ent = calloc(d->noffres + 1, sizeof *r->n_ent),
			     .n_obj = calloc(d->noffres + 1, sizeof *r->n_obj)};
	if (!r->name || !r->n_ent || !r->n_obj) {
		free(r->name);
		free(r->n_ent);
		free(r->n_obj);
		return NULL;
	}
	d->nregions++;
	return r;
}

int demande_evaluation(struct demande *d, const char *region, const char *version)
{
	char *v;

	d->cur = NULL;
	if (!d->seen && !(d->seen = calloc(d->noffres + 1, sizeof *d->seen)))
		return log_fail(LECAP_IO, "mémoire insuffisante");
	if (!d->version || strcmp(d->version, version) != 0) {
		if (!(v = strdup(version)))
			return log_fail(LECAP_IO, "mémoire insuffisante");
		free(d->version);
		d->version = v;
	}
	if (!(d->cur = demande_region(d, region)))
		return log_fail(LECAP_IO, "mémoire insuffisante");
	memset(d->seen, 0, (d->noffres + 1) * sizeof *d->seen);
	return LECAP_OK;
}

void demande_objectif(struct demande *d, const char *code)
{
	if (!d->cur)
		return;
	for (size_t i = 0; i < d->nliens; i++) {
		const struct lien *l = &d->liens[i];

		if (strcmp(l->code, code) != 0 || strcmp(l->version, d->version) != 0)
			continue;
		d->cur->n_obj[l->offre]++;
		if (!d->seen[l->offre]) {
			d->seen[l->offre] = true;
			d->cur->n_ent[l->offre]++;
		}
	}
}

void demande_write(const struct demande *d, struct strbuf *out)
{
	char num[48];

	for (size_t i = 0; i < d->nregions; i++)
		for (size_t o = 0; o < d->noffres; o++) {
			if (d->regions[i].n_ent[o] == 0)
				continue;
			strbuf_copy_field(out, d->regions[i].name);
			strbuf_putc(out, '\t');
			strbuf_copy_field(out, d->offres[o]);
			snprintf(num, sizeof num, "\t%ld\t%ld\n", d->regions[i].n_ent[o], d->regions[i].n_obj[o]);
			strbuf_puts(out, num);
		}
}
