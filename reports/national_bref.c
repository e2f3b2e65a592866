/*
 * The lower half of the national report's page 1 (issue 19 item 1): « Le
 * réseau en bref », what a national reader acts on without turning the
 * page — the sub-themes furthest from target network-wide with their
 * numbers and their change since the previous campaign, then the regions
 * in short (how many reach the secrecy threshold, the participation range,
 * the widest gap between regions on a theme), the members to relaunch in
 * the network, and what moved most since the previous campaign.
 *
 * Every figure comes from what the report already read for its later pages
 * (the network's grid, the participation per region, the region × theme
 * table: no statement of its own) and only published figures enter a
 * sentence (the publication views' decision, as everywhere else).
 */
#include "report.h"

#include "base/fmt.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define S FMT_SIZE
#define FAR_ROWS 3 /* the sub-themes furthest from target */

/* The FAR_ROWS published sub-themes with the lowest share of objectives reached (grid order on ties). */
static size_t furthest(const struct td_grid *st, size_t out[FAR_ROWS])
{
	size_t m = 0;

	for (size_t i = 0; i < st->n; i++) {
		const struct td_grid_row *o = &st->rows[i];
		if (o->pub != TD_PUB_YES || isnan(o->part))
			continue;
		double v = fmt_round(o->part, 2);
		size_t j = m < FAR_ROWS ? m++ : FAR_ROWS;
		if (j == FAR_ROWS && v >= fmt_round(st->rows[out[FAR_ROWS - 1]].part, 2))
			continue;
		if (j == FAR_ROWS)
			j = FAR_ROWS - 1;
		while (j > 0 && v < fmt_round(st->rows[out[j - 1]].part, 2)) {
			out[j] = out[j - 1];
			j--;
		}
		out[j] = i;
	}
	return m;
}

/* Whether every objective of the sub-theme has its target at the top of the scale (4,00). */
static bool all_at_top(const struct td_grid *ob, const char *sous_theme)
{
	size_t len = strlen(sous_theme), n = 0;

	for (size_t i = 0; i < ob->n; i++) {
		const struct td_grid_row *o = &ob->rows[i];
		if (strncmp(o->code, sous_theme, len) != 0 || o->code[len] != '.')
			continue;
		if (isnan(o->cible) || fmt_round(o->cible, 2) < 4)
			return false;
		n++;
	}
	return n > 0;
}

static void furthest_table(const struct report_ctx *rc, pdf_doc *d, const struct td_grid *st,
			   const struct td_grid *ob)
{
	size_t rows[FAR_ROWS];
	size_t m = furthest(st, rows);
	char head[64];
	bool prev = rc->camp->precedente > 0;

	if (m == 0) {
		char msg[300];
		snprintf(msg, sizeof msg,
			 "Sous-thèmes les plus loin de la cible : aucun n'est noté par au moins %d entreprises.",
			 rc->camp->seuil_secret);
		pdf_paragraph(d, msg);
		return;
	}
	snprintf(head, sizeof head, "Évolution depuis %d", rc->camp->precedente);
	struct pdf_column cols[] = {{"Les sous-thèmes les plus loin de la cible", 0, PDF_LEFT},
				    {"Moyenne sur 4", 64, PDF_RIGHT},
				    {"Objectifs atteints", 76, PDF_RIGHT},
				    {head, 100, PDF_RIGHT}};
	pdf_table_begin(d, cols, prev ? 4 : 3);
	for (size_t k = 0; k < m; k++) {
		const struct td_grid_row *o = &st->rows[rows[k]];
		char l[200], c[3][S];
		snprintf(l, sizeof l, "%s %s%s", o->code, o->libelle,
			 all_at_top(ob, o->code) ? " (cibles au haut de l'échelle)" : "");
		const char *cells[] = {l, fmt_score(c[0], S, o->moyenne), fmt_percent(c[1], S, fmt_round(o->part, 2)),
				       isnan(o->evolution) ? FMT_MISSING : fmt_change(c[2], S, o->evolution, 2)};
		pdf_table_row(d, cells, NULL, 0);
	}
	pdf_table_end(d);
	pdf_note(d, prev ? "Objectifs atteints : part des objectifs notés qui atteignent leur cible ; « – » : évolution "
			   "non publiée."
			 : "Objectifs atteints : part des objectifs notés qui atteignent leur cible.");
}

/* « Régions » and « Participation »: the rows of the participation per region, the network's left out. */
static void regions_bullets(const struct report_ctx *rc, pdf_doc *d, const struct td_regions_participation *rp,
			    const struct td_participation *fr)
{
	char reach[S], below[700] = "", none[400] = "", msg[1400];
	int nreach = 0, nbelow = 0, nnone = 0;
	const struct td_region_participation *lo = NULL, *hi = NULL;

	for (size_t i = 0; i < rp->n; i++) {
		const struct td_region_participation *o = &rp->rows[i];
		if (strcmp(o->code, "FR") == 0)
			continue;
		if (o->n_completes >= rc->camp->seuil_secret) {
			nreach++;
		} else if (o->n_completes > 0) {
			size_t l = strlen(below);
			snprintf(below + l, sizeof below - l, "%s%s", nbelow ? ", " : "", o->libelle);
			nbelow++;
		} else {
			size_t l = strlen(none);
			snprintf(none + l, sizeof none - l, "%s%s", nnone ? ", " : "", o->libelle);
			nnone++;
		}
		if (!isnan(o->taux)) { /* with a registry, none evaluated included (0 %) */
			double t = fmt_round(o->taux, 2);
			if (!lo || t < fmt_round(lo->taux, 2))
				lo = o;
			if (!hi || t > fmt_round(hi->taux, 2))
				hi = o;
		}
	}
	int l = nreach == 0 ? snprintf(msg, sizeof msg, "Régions : aucune n'atteint le seuil de %d évaluations complètes",
				       rc->camp->seuil_secret)
			    : snprintf(msg, sizeof msg, "Régions : %s %s le seuil de %d évaluations complètes",
				       fmt_int(reach, S, nreach), nreach > 1 ? "atteignent" : "atteint", rc->camp->seuil_secret);
	if (nbelow > 0)
		l += snprintf(msg + l, sizeof msg - l, " ; %d %s dessous (%s), %s avec le réseau", nbelow,
			      nbelow > 1 ? "sont en" : "est en", below,
			      nbelow > 1 ? "leurs évaluations comptent" : "ses évaluations comptent");
	if (nnone > 0 && l > 0 && (size_t)l < sizeof msg)
		l += snprintf(msg + l, sizeof msg - l, " ; %d sans évaluation complète (%s)", nnone, none);
	if (l > 0 && (size_t)l < sizeof msg)
		snprintf(msg + l, sizeof msg - l, ".");
	pdf_bullet(d, msg);
	if (lo && hi && lo != hi && fr->present && !isnan(fr->taux)) {
		char a[S], b[S], c[S];
		snprintf(msg, sizeof msg, "Participation : de %s (%s) à %s (%s) selon la région ; %s pour le réseau.",
			 fmt_percent(a, S, fmt_round(lo->taux, 2)), lo->libelle, fmt_percent(b, S, fmt_round(hi->taux, 2)),
			 hi->libelle, fmt_percent(c, S, fmt_round(fr->taux, 2)));
		pdf_bullet(d, msg);
	}
}

/* The theme whose published regional means are furthest apart (grid order on ties). */
static void regions_gap(pdf_doc *d, const struct td_region_theme *rt)
{
	size_t nthemes = 0, n = rt->n;
	double best = 0;
	const struct td_region_theme_row *blo = NULL, *bhi = NULL;

	while (nthemes < n && (nthemes == 0 || strcmp(rt->rows[nthemes].region, rt->rows[0].region) == 0))
		nthemes++;
	for (size_t t = 0; t < nthemes; t++) {
		const struct td_region_theme_row *lo = NULL, *hi = NULL;
		for (size_t i = t; i < n; i += nthemes) {
			const struct td_region_theme_row *o = &rt->rows[i];
			if (o->n == TD_NONE || !o->montrable || isnan(o->moyenne))
				continue;
			double v = fmt_round(o->moyenne, 2);
			if (!lo || v < fmt_round(lo->moyenne, 2))
				lo = o;
			if (!hi || v > fmt_round(hi->moyenne, 2))
				hi = o;
		}
		if (lo && hi && report_printed_diff(hi->moyenne, lo->moyenne) > best + 1e-9) {
			best = report_printed_diff(hi->moyenne, lo->moyenne);
			blo = lo, bhi = hi;
		}
	}
	if (!blo)
		return; /* fewer than two published regions: nothing to compare */
	char msg[600], a[S], b[S], e[S];
	snprintf(msg, sizeof msg,
		 "Écart entre régions le plus marqué : %s %s, de %s (%s) à %s (%s), %s %s.",
		 blo->theme, blo->theme_libelle, fmt_score(a, S, blo->moyenne), blo->libelle,
		 fmt_score(b, S, bhi->moyenne), bhi->libelle, fmt_score(e, S, best), best >= 2 ? "points" : "point");
	pdf_bullet(d, msg);
}

/* The members to relaunch in the network (the registry's). */
static void relaunch(pdf_doc *d, const struct td_participation *fr)
{
	char msg[400], a[S], b[S];

	if (!fr->present || fr->n_adherents <= 0)
		return; /* no registry: the key figures already say so */
	long long nrel = fr->n_sans_recente + fr->n_jamais;
	if (nrel == 0)
		snprintf(msg, sizeof msg, "À relancer : personne, tous les adhérents du registre ont une évaluation récente.");
	else
		snprintf(msg, sizeof msg,
			 "À relancer dans le réseau : %s %s sans évaluation récente, dont %s jamais %s (le détail "
			 "par région suit).",
			 fmt_int(a, S, nrel), report_plural(nrel, "adhérent", "adhérents"), fmt_int(b, S, fr->n_jamais),
			 report_plural(fr->n_jamais, "évalué", "évalués"));
	pdf_bullet(d, msg);
}

/* The published sub-themes that rose and fell most since the previous campaign. */
static void changes(const struct report_ctx *rc, pdf_doc *d, const struct td_grid *st)
{
	const struct td_grid_row *up = NULL, *down = NULL;
	int n = 0;
	char msg[700], a[S], b[S];

	if (rc->camp->precedente <= 0) {
		pdf_bullet(d, "Évolution : première campagne agrégée, elle apparaîtra à la prochaine.");
		return;
	}
	for (size_t i = 0; i < st->n; i++) {
		const struct td_grid_row *o = &st->rows[i];
		if (o->pub != TD_PUB_YES || isnan(o->evolution))
			continue;
		double v = fmt_round(o->evolution, 2);
		n++;
		if (v > 0 && (!up || v > fmt_round(up->evolution, 2)))
			up = o;
		if (v < 0 && (!down || v < fmt_round(down->evolution, 2)))
			down = o;
	}
	if (n == 0) {
		snprintf(msg, sizeof msg, "Depuis %d : aucune évolution de sous-thème n'est publiée.", rc->camp->precedente);
	} else if (!up && !down) {
		snprintf(msg, sizeof msg, "Depuis %d : aucun sous-thème n'a bougé.", rc->camp->precedente);
	} else {
		char one[300] = "", two[300] = "";
		if (up)
			snprintf(one, sizeof one, "plus forte progression, %s %s (%s)", up->code, up->libelle,
				 fmt_change(a, S, up->evolution, 2));
		if (down)
			snprintf(two, sizeof two, "plus fort recul, %s %s (%s)", down->code, down->libelle,
				 fmt_change(b, S, down->evolution, 2));
		snprintf(msg, sizeof msg, "Depuis %d : %s%s%s%s.", rc->camp->precedente, one, up && down ? " ; " : "", two,
			 !down ? " ; aucun recul" : !up ? " ; aucune progression" : "");
	}
	pdf_bullet(d, msg);
}

int national_bref_section(const struct report_ctx *rc, pdf_doc *d, const struct td_regions_participation *rp,
		      const struct td_region_theme *rt)
{
	struct td_grid st = {0}, ob = {0};
	struct td_participation fr;
	int ret;

	if ((ret = rd_territoire_data_cached_participation(rc->cache, rc->conn, rc->camp->campagne, "FR", &fr)) ||
	    (ret = rd_territoire_data_cached_grid(rc->cache, rc->conn, rc->camp->campagne, rc->camp->version, "FR",
						  "sous_theme", &st)) ||
	    (ret = rd_territoire_data_cached_grid(rc->cache, rc->conn, rc->camp->campagne, rc->camp->version, "FR",
						  "objectif", &ob)))
		goto cleanup;
	pdf_heading(d, 2, "Le réseau en bref");
	furthest_table(rc, d, &st, &ob);
	regions_bullets(rc, d, rp, &fr);
	regions_gap(d, rt);
	relaunch(d, &fr);
	changes(rc, d, &st);
cleanup:
	rd_territoire_data_free(&st);
	rd_territoire_data_free(&ob);
	return ret ? ret : pdf_status(d);
}
