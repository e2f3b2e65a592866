/*
 * « Votre évolution, campagne par campagne »: see entreprise_tendance.h.
 *
 * Every text of the section goes through one writer (struct out) that
 * either draws it or feeds it to the photographie's fingerprint: what
 * enters the fingerprint is exactly what is printed, figures rounded as
 * printed (a score moving in its third decimal changes nothing; an earlier
 * campaign's score moving by 0,01 redraws the report).
 */
#include "entreprise_tendance.h"

#include "base/fmt.h"
#include "report.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define S FMT_SIZE
/* What a page of io/pdf.c holds, in points: its text width and height. */
#define PAGE_TEXT_W 493.0
#define PAGE_TEXT_H 719.0
/* The note « À savoir » that closes the photographie (entreprise.c): kept
 * with the table rather than left alone on a last page. */
#define CLOSING_NOTE_H 60.0
/* The columns of the campaigns and of the change, in points. */
#define COL_CAMPAIGN 46.0
#define COL_CHANGE 58.0

/* Where the section's texts go: drawn on d, or fed to h. */
struct out {
	pdf_doc *d;
	struct sha256 *h;
};

/* Feeds one text with the kind of thing it is (h: heading, p: paragraph …). */
static void out_hash(const struct out *o, char kind, const char *text)
{
	sha256_update(o->h, &kind, 1);
	sha256_update(o->h, text, strlen(text) + 1);
}

static void out_heading(const struct out *o, int level, const char *text)
{
	if (o->d)
		pdf_heading(o->d, level, text);
	else
		out_hash(o, (char)('0' + level), text);
}

static void out_paragraph(const struct out *o, const char *text)
{
	if (o->d)
		pdf_paragraph(o->d, text);
	else
		out_hash(o, 'p', text);
}

static void out_bullet(const struct out *o, const char *text)
{
	if (o->d)
		pdf_bullet(o->d, text);
	else
		out_hash(o, 'b', text);
}

static void out_note(const struct out *o, const char *text)
{
	if (o->d)
		pdf_note(o->d, text);
	else
		out_hash(o, 'n', text);
}

static void out_table(const struct out *o, const struct pdf_column *cols, int n)
{
	if (o->d) {
		pdf_table_begin(o->d, cols, (size_t)n);
		return;
	}
	for (int c = 0; c < n; c++)
		out_hash(o, 't', cols[c].title);
}

static void out_row(const struct out *o, const char *const *cells, const int *levels, int n, unsigned flags)
{
	if (o->d) {
		pdf_table_row(o->d, cells, levels, flags);
		return;
	}
	for (int c = 0; c < n; c++)
		out_hash(o, 'c', cells[c]);
	sha256_update(o->h, "\n", 1);
}

static void out_table_end(const struct out *o)
{
	if (o->d)
		pdf_table_end(o->d);
}

/* A score as printed, or « – ». */
static char *score_s(char *out, double v)
{
	return isnan(v) ? strcpy(out, FMT_MISSING) : fmt_score(out, S, v);
}

/* The share of objectives reached at campaign k (NaN: none scored). */
static double share(const struct tendance *t, int k)
{
	const struct tendance_campagne *c = &t->campagnes[k];
	return c->n_objectifs > 0 ? (double)c->n_atteints / c->n_objectifs : NAN;
}

/* « en 2023 », « en 2023 ni en 2025 », « en 2022, en 2023 ni en 2025 ». */
static void skipped_list(char *out, size_t size, const struct tendance *t)
{
	size_t len = 0;

	out[0] = '\0';
	for (int i = 0; i < t->n_sautees && len < size; i++) {
		const char *sep = i == 0 ? "" : i == t->n_sautees - 1 ? " ni " : ", ";
		int w = snprintf(out + len, size - len, "%sen %d", sep, t->sautees[i]);
		if (w < 0)
			break;
		len += (size_t)w;
	}
}

/* What the table shows: which campaigns, the ones missed in between. */
static void intro(const struct out *o, const struct tendance *t)
{
	char msg[600], miss[200];
	int first = t->campagnes[0].campagne, last = t->campagnes[t->n - 1].campagne;

	if (t->n_evaluees > t->n)
		snprintf(msg, sizeof msg,
			 "Votre structure a été évaluée à %d campagnes : le tableau montre les %d dernières, de %d à %d.",
			 t->n_evaluees, t->n, first, last);
	else
		snprintf(msg, sizeof msg, "Vos scores à chacune des %d campagnes où votre structure a été évaluée, de %d à %d.",
			 t->n, first, last);
	if (t->n_sautees > 0) {
		size_t len = strlen(msg);
		skipped_list(miss, sizeof miss, t);
		snprintf(msg + len, sizeof msg - len, " Pas d'évaluation %s : l'évolution compare %d à %d.", miss, last,
			 t->campagnes[t->n - 2].campagne);
	}
	out_paragraph(o, msg);
}

/* « 2 Gouvernance, de 2,10 à 2,55 (+0,45) » for theme line l. */
static void theme_move(char *out, size_t size, const struct tendance *t, const struct tendance_ligne *l)
{
	char a[S], b[S], e[S];
	double d = report_printed_diff(l->score[t->n - 1], l->score[0]);

	snprintf(out, size, "%s %s, de %s à %s (%s)", l->code, l->libelle, score_s(a, l->score[0]),
		 score_s(b, l->score[t->n - 1]), fmt_change(e, S, d, 2));
}

/*
 * The themes that moved most between the first campaign shown and this
 * one, from the printed scores (the first in grid order on a tie): *best
 * the largest change, *worst the smallest; -1 when no theme is scored at
 * both.
 */
static void extremes(const struct tendance *t, int *best, int *worst)
{
	double bv = -INFINITY, wv = INFINITY;

	*best = *worst = -1;
	for (int i = 0; i < t->n_lignes; i++) {
		const struct tendance_ligne *l = &t->lignes[i];
		if (!l->theme || isnan(l->score[0]) || isnan(l->score[t->n - 1]))
			continue;
		double d = report_printed_diff(l->score[t->n - 1], l->score[0]);
		if (d > bv)
			bv = d, *best = i;
		if (d < wv)
			wv = d, *worst = i;
	}
}

/* The sentence on the themes over the period. */
static void themes_sentence(const struct out *o, const struct tendance *t)
{
	char msg[700], one[300], two[300];
	int first = t->campagnes[0].campagne, last = t->campagnes[t->n - 1].campagne, best, worst;

	extremes(t, &best, &worst);
	if (best < 0) {
		snprintf(msg, sizeof msg, "Aucun thème n'est noté à la fois en %d et en %d.", first, last);
		out_bullet(o, msg);
		return;
	}
	const struct tendance_ligne *b = &t->lignes[best], *w = &t->lignes[worst];
	double db = report_printed_diff(b->score[t->n - 1], b->score[0]),
	       dw = report_printed_diff(w->score[t->n - 1], w->score[0]);
	theme_move(one, sizeof one, t, b);
	theme_move(two, sizeof two, t, w);
	if (db > 0 && dw < 0)
		snprintf(msg, sizeof msg,
			 "De %d à %d, votre plus forte progression est sur le thème %s ; votre plus fort recul, sur le "
			 "thème %s.",
			 first, last, one, two);
	else if (db > 0)
		snprintf(msg, sizeof msg, "De %d à %d, votre plus forte progression est sur le thème %s.", first, last,
			 one);
	else if (db < 0)
		snprintf(msg, sizeof msg, "De %d à %d, tous vos thèmes ont reculé ; le moins sur le thème %s.", first,
			 last, one);
	else if (dw < 0)
		snprintf(msg, sizeof msg, "De %d à %d, aucun thème n'a progressé ; votre plus fort recul est sur le thème %s.",
			 first, last, two);
	else
		snprintf(msg, sizeof msg, "De %d à %d, vos scores de thème n'ont pas changé.", first, last);
	out_bullet(o, msg);
}

/* « 5 sur 25 (20 %) en 2024 », or « aucun objectif noté en 2024 ». */
static void reached(char *out, size_t size, const struct tendance *t, int k)
{
	char a[S];
	const struct tendance_campagne *c = &t->campagnes[k];

	if (c->n_objectifs == 0)
		snprintf(out, size, "aucun objectif noté en %d", c->campagne);
	else
		snprintf(out, size, "%d sur %d (%s) en %d", c->n_atteints, c->n_objectifs, fmt_percent(a, S, share(t, k)),
			 c->campagne);
}

/* The sentence on the objectives reached, first campaign shown to this one. */
static void objectives_sentence(const struct out *o, const struct tendance *t)
{
	char msg[400], a[160], b[160];

	reached(a, sizeof a, t, 0);
	reached(b, sizeof b, t, t->n - 1);
	snprintf(msg, sizeof msg, "Objectifs atteints : de %s à %s.", a, b);
	out_bullet(o, msg);
}

/* Evolution cell and shade between the last two campaigns shown, from the printed figures. */
static const char *change_cell(char *out, int *level, double now, double before)
{
	if (isnan(now) || isnan(before))
		return strcpy(out, FMT_MISSING);
	double d = report_printed_diff(now, before);
	if (fmt_round(d, 2) != 0)
		*level = d > 0 ? 4 : 1;
	return fmt_change(out, S, d, 2);
}

/* The row « Objectifs atteints »: shares per campaign, change in points of the printed percentages. */
static void objectives_row(const struct out *o, const struct tendance *t, int ncols)
{
	char v[TENDANCE_CAMPAGNES + 1][S];
	const char *cells[TENDANCE_CAMPAGNES + 2] = {"Objectifs atteints"};
	int levels[TENDANCE_CAMPAGNES + 2] = {0};
	double now = share(t, t->n - 1), before = share(t, t->n - 2);

	for (int k = 0; k < t->n; k++)
		cells[k + 1] = isnan(share(t, k)) ? FMT_MISSING : fmt_percent(v[k], S, share(t, k));
	if (isnan(now) || isnan(before)) {
		cells[t->n + 1] = FMT_MISSING;
	} else {
		double d = fmt_round(now * 100, 0) - fmt_round(before * 100, 0);
		if (d != 0)
			levels[t->n + 1] = d > 0 ? 4 : 1;
		cells[t->n + 1] = fmt_change_points(v[t->n], S, d / 100);
	}
	out_row(o, cells, levels, ncols, PDF_ROW_BOLD);
}

/* Columns: the label, one per campaign (« 2025* »: incomplete), the change. */
static int columns(struct pdf_column *cols, char titles[][S], const struct tendance *t)
{
	int n = 0;

	cols[n++] = (struct pdf_column){"Thème / sous-thème", 0, PDF_LEFT};
	for (int k = 0; k < t->n; k++) {
		snprintf(titles[k], S, "%d%s", t->campagnes[k].campagne, t->campagnes[k].complete ? "" : "*");
		cols[n++] = (struct pdf_column){titles[k], COL_CAMPAIGN, PDF_RIGHT};
	}
	cols[n++] = (struct pdf_column){"Évolution", COL_CHANGE, PDF_RIGHT};
	return n;
}

/*
 * The points the table, its legend and the closing note take,
 * over-estimated: a label's line holds (column width / 4,3) characters of
 * the 8-point font.
 */
static double table_height(const struct tendance *t)
{
	double label_w = PAGE_TEXT_W - COL_CAMPAIGN * t->n - COL_CHANGE - 6.0,
	       h = 22 + 16 + 10 + 3 * 9.5 + 4 + CLOSING_NOTE_H;

	for (int i = 0; i < t->n_lignes; i++) {
		size_t chars = strlen(t->lignes[i].code) + 1 + strlen(t->lignes[i].libelle);
		h += 6 + 10 * ceil((double)chars * 4.3 / label_w);
	}
	return h;
}

static void table(const struct out *o, const struct tendance *t)
{
	struct pdf_column cols[TENDANCE_CAMPAGNES + 2];
	char titles[TENDANCE_CAMPAGNES][S], v[TENDANCE_CAMPAGNES + 1][S], label[300];
	int ncols = columns(cols, titles, t);

	/* the table with its legend on one page */
	if (o->d)
		pdf_need(o->d, table_height(t));
	out_table(o, cols, ncols);
	for (int i = 0; i < t->n_lignes; i++) {
		const struct tendance_ligne *l = &t->lignes[i];
		const char *cells[TENDANCE_CAMPAGNES + 2] = {label};
		int levels[TENDANCE_CAMPAGNES + 2] = {0};
		snprintf(label, sizeof label, "%s %s", l->code, l->libelle);
		for (int k = 0; k < t->n; k++)
			cells[k + 1] = score_s(v[k], l->score[k]);
		cells[t->n + 1] = change_cell(v[t->n], &levels[t->n + 1], l->score[t->n - 1], l->score[t->n - 2]);
		out_row(o, cells, levels, ncols, l->theme ? PDF_ROW_GROUP : 0);
	}
	objectives_row(o, t, ncols);
	out_table_end(o);
}

/* The legend under the table. */
static void legend(const struct out *o, const struct tendance *t)
{
	char msg[1200];
	size_t len;
	bool incomplete = false;

	len = (size_t)snprintf(msg, sizeof msg,
			       "Évolution : score %d moins score %d (votre évaluation précédente), calculée sur les "
			       "scores arrondis imprimés ; pour les objectifs atteints, en points de pourcentage. "
			       "Objectifs atteints : part de vos objectifs notés dont le score égale ou dépasse la "
			       "cible. « – » : pas de score cette campagne-là.",
			       t->campagnes[t->n - 1].campagne, t->campagnes[t->n - 2].campagne);
	for (int k = 0; k < t->n; k++) {
		const struct tendance_campagne *c = &t->campagnes[k];
		incomplete = incomplete || !c->complete;
		if (c->autre_grille && len < sizeof msg)
			len += (size_t)snprintf(msg + len, sizeof msg - len,
						" %d : évaluée avec la grille %s, scores rapprochés par code de thème et de "
						"sous-thème.",
						c->campagne, c->version);
	}
	if (incomplete && len < sizeof msg)
		snprintf(msg + len, sizeof msg - len,
			 " * : évaluation incomplète (vos scores, hors statistiques du réseau).");
	out_note(o, msg);
}

static void section(const struct out *o, const struct tendance *t)
{
	if (!t || t->n < 2) {
		out_heading(o, 1, "Votre évolution");
		out_paragraph(o, "C'est votre première évaluation agrégée : l'évolution apparaîtra à la prochaine "
				 "campagne.");
		return;
	}
	/* the section on one page when it fits (heading, three sentences of up to two lines) */
	if (o->d && table_height(t) + 45 + 26 + 52 < PAGE_TEXT_H)
		pdf_need(o->d, table_height(t) + 45 + 26 + 52);
	out_heading(o, 1, "Votre évolution, campagne par campagne");
	intro(o, t);
	themes_sentence(o, t);
	objectives_sentence(o, t);
	table(o, t);
	legend(o, t);
}

void entreprise_tendance_section(pdf_doc *d, const struct tendance *t)
{
	struct out o = {.d = d};
	section(&o, t);
}

void entreprise_tendance_fingerprint(struct sha256 *h, const struct tendance *t)
{
	struct out o = {.h = h};
	section(&o, t);
	sha256_update(h, "\x03", 1);
}
