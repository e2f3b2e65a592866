/* An evaluation's scores level by level; see scores.h. */
#include "aggregate/scores.h"

#include "base/log.h"

#include <string.h>

enum { SCORES_INDICATEUR, SCORES_OBJECTIF, SCORES_SOUS_THEME, SCORES_THEME, SCORES_LEVELS };

static const char *const scores_niveau[SCORES_LEVELS] = {"indicateur", "objectif", "sous_theme", "theme"};

size_t scores_sum_count(const struct scores_grid *g)
{
	return g->count[SCORES_OBJECTIF] + g->count[SCORES_SOUS_THEME] + g->count[SCORES_THEME];
}

/* A failed decimal operation: the evaluation named, and what bounds lecap's
 * decimals (src/base/decimal.h). Only weights written into lecap.element
 * by hand can reach it: the referentiel's loader takes at most 6 decimals
 * and 10 significant digits. */
static int scores_too_wide(const char *id)
{
	int ret = log_fail(LECAP_DB, "scores de l'évaluation %s : un nombre dépasse ce que lecap calcule au chiffre"
			   " près (%d chiffres, une somme de poids de 36 chiffres significatifs au plus)",
			   id, DECIMAL_DIGITS);

	log_hint("ramenez les poids de sa grille (lecap.element.poids) à 6 décimales au plus, ce que le fichier"
		 " du référentiel accepte, puis relancez lecap aggregate");
	return ret;
}

/* What a scored element gives to its parent's sums: its score weighted by
 * its poids, and the poids. */
static int scores_feed(struct scores_sum *up, const struct scores_element *e, const struct decimal *score)
{
	struct decimal weighted;

	up->any = true;
	if (!score)
		return 0;
	if (decimal_mul(&weighted, &e->poids, score) != 0)
		return -1;
	if (!up->scored) {
		up->num = weighted;
		up->den = e->poids;
		up->scored = true;
		return 0;
	}
	return decimal_add(&up->num, &weighted) != 0 || decimal_add(&up->den, &e->poids) != 0 ? -1 : 0;
}

/* One row: the level's counts given as text (NULL: none). */
static void scores_row(struct strbuf *out, const char *id, int level, const struct scores_element *e,
		       const struct decimal *score, const char *atteint, const struct scores_sum *counts)
{
	char text[DECIMAL_TEXT_MAX];

	strbuf_puts(out, id);
	strbuf_putc(out, '\t');
	strbuf_puts(out, scores_niveau[level]);
	strbuf_putc(out, '\t');
	strbuf_copy_field(out, e->code);
	strbuf_putc(out, '\t');
	if (score) {
		decimal_text(score, text);
		strbuf_puts(out, text);
	} else {
		strbuf_puts(out, "\\N");
	}
	strbuf_putc(out, '\t');
	strbuf_puts(out, atteint ? atteint : "\\N");
	strbuf_putc(out, '\t');
	if (counts) {
		strbuf_put_long(out, counts->n_objectifs);
		strbuf_putc(out, '\t');
		strbuf_put_long(out, counts->n_atteints);
	} else {
		strbuf_puts(out, "\\N\t\\N");
	}
	if (e->cid >= 0) {
		strbuf_putc(out, '\t');
		strbuf_put_long(out, e->cid);
		strbuf_putc(out, '\n');
	} else {
		strbuf_puts(out, "\t\\N\n");
	}
}

/* The rows of a level above the indicators from its sums, each fed to its
 * parent's (next: the level above's sums; NULL for the themes). */
static int scores_level(const struct scores_grid *g, int level, struct scores_sum *sums, struct scores_sum *next,
			const char *id, struct strbuf *out)
{
	for (size_t i = 0; i < g->count[level]; i++) {
		const struct scores_element *e = &g->level[level][i];
		struct scores_sum *s = &sums[i];
		struct decimal score;
		const char *atteint = NULL;

		if (!s->any)
			continue;
		if (s->scored && decimal_div(&score, &s->num, &s->den) != 0)
			return scores_too_wide(id);
		if (level == SCORES_OBJECTIF) {
			/* reached: score ≥ cible (no score or no cible: unknown, not counted) */
			bool known = s->scored && e->has_cible;
			bool reached = known && decimal_cmp(&score, &e->cible) >= 0;

			atteint = known ? (reached ? "t" : "f") : NULL;
			s->n_objectifs = s->scored;
			s->n_atteints = reached;
		}
		scores_row(out, id, level, e, s->scored ? &score : NULL, atteint, s);
		if (next && e->code && e->up >= 0) {
			struct scores_sum *up = &next[e->up];

			up->n_objectifs += s->n_objectifs;
			up->n_atteints += s->n_atteints;
			if (scores_feed(up, e, s->scored ? &score : NULL) != 0)
				return scores_too_wide(id);
		}
	}
	return LECAP_OK;
}

int scores_write(const struct scores_grid *g, const struct scores_cell *cells, const char *id,
		 struct scores_sum *sums, struct strbuf *out)
{
	struct scores_sum *obj = sums, *st = obj + g->count[SCORES_OBJECTIF], *theme = st + g->count[SCORES_SOUS_THEME];
	int ret;

	memset(sums, 0, scores_sum_count(g) * sizeof *sums);
	for (size_t k = 0; k < g->count[SCORES_INDICATEUR]; k++) {
		const struct scores_element *e = &g->level[SCORES_INDICATEUR][k];
		const struct scores_cell *c = &cells[k];

		if (!c->answered)
			continue;
		scores_row(out, id, SCORES_INDICATEUR, e, c->scored ? &c->score : NULL, NULL, NULL);
		if (e->up >= 0 && scores_feed(&obj[e->up], e, c->scored ? &c->score : NULL) != 0)
			return scores_too_wide(id);
	}
	ret = scores_level(g, SCORES_OBJECTIF, obj, st, id, out);
	if (ret == LECAP_OK)
		ret = scores_level(g, SCORES_SOUS_THEME, st, theme, id, out);
	if (ret == LECAP_OK)
		ret = scores_level(g, SCORES_THEME, theme, NULL, id, out);
	return ret;
}

void scores_counted(const struct scores_grid *g, const struct scores_cell *cells, const struct scores_sum *sums,
		    long *indicateurs, long *scores)
{
	size_t above = scores_sum_count(g);

	*indicateurs = *scores = 0;
	for (size_t k = 0; k < g->count[SCORES_INDICATEUR]; k++) {
		*indicateurs += cells[k].answered;
		*scores += cells[k].answered && cells[k].scored;
	}
	/* a row for each element above with any row below it (scores_level) */
	for (size_t i = 0; i < above; i++)
		*scores += sums[i].any && sums[i].scored;
}
