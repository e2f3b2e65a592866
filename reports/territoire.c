/*
 * The sections the regional and national reports share: key figures,
 * results per theme and sub-theme, objectives, viewpoints, progress plans,
 * the service offer, the method. Each reads its figures through
 * report/territoire_data.h (typed structs) and prints them as SQL holds them; a figure whose
 * aggregate is not diffusable prints « s ».
 */
#include "report.h"

#include "base/exitcode.h"
#include "base/fmt.h"
#include "base/log.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S FMT_SIZE

/* "code libellé" of a grid element. */
static void label(char *out, size_t size, const char *code, const char *libelle)
{
	snprintf(out, size, "%s %s", code, libelle);
}

/*
 * A published figure: « – » when there is no cell (diffusable NULL) or no
 * value, « s » when the publication views keep it secret (diffusable false,
 * the value NULL there), the value otherwise.
 */

/* A mean, « s » or « – ». */
static char *mean_s(char *out, double v, enum td_pub pub)
{
	if (pub == TD_PUB_SECRET)
		return strcpy(out, FMT_SECRET);
	if (isnan(v))
		return strcpy(out, FMT_MISSING);
	return fmt_score_s(out, S, v, true);
}

static char *share_s(char *out, double v, enum td_pub pub)
{
	if (pub == TD_PUB_SECRET)
		return strcpy(out, FMT_SECRET);
	if (isnan(v))
		return strcpy(out, FMT_MISSING);
	return fmt_percent_s(out, S, v, true);
}

static char *count_s(char *out, long long v, enum td_pub pub)
{
	if (pub == TD_PUB_SECRET)
		return strcpy(out, FMT_SECRET);
	if (v == TD_NONE)
		return strcpy(out, FMT_MISSING);
	return fmt_int_s(out, S, v, true);
}

/* --- key figures ------------------------------------------------------------ */

int territoire_key_figures(const struct report_ctx *rc, pdf_doc *d, const char *territory, bool *has_registry)
{
	struct td_participation p;
	char v[5][S], l[5][160];
	struct pdf_figure f[5];
	size_t n = 0;
	int ret;

	*has_registry = false;
	if ((ret = rd_territoire_data_cached_participation(rc->cache, rc->conn, rc->camp->campagne, territory, &p)))
		return ret;
	pdf_heading(d, 2, "Chiffres clés");
	if (!p.present) {
		pdf_paragraph(d, "Aucun chiffre de participation n'est disponible pour cette campagne.");
		return pdf_status(d);
	}
	long long ne = p.n_evaluations, nc = p.n_completes;
	fmt_int(v[n], S, ne);
	snprintf(l[n], sizeof l[n], "%s", report_plural(ne, "évaluation reçue", "évaluations reçues"));
	n++;
	/* never secret: it is the n of every result cell (lecap.publier) */
	fmt_int(v[n], S, nc);
	char pct[S];
	snprintf(l[n], sizeof l[n], "%s (au moins %s des indicateurs renseignés)",
		 report_plural(nc, "évaluation complète", "évaluations complètes"),
		 fmt_percent(pct, S, rc->camp->completude_min));
	n++;
	*has_registry = p.n_adherents > 0;
	if (*has_registry) {
		char reg[S];
		fmt_percent(v[n], S, p.taux);
		snprintf(l[n], sizeof l[n], "taux de participation (%s %s au registre)", fmt_int(reg, S, p.n_adherents),
			 report_plural(p.n_adherents, "adhérent", "adhérents"));
	} else {
		snprintf(v[n], S, "%s", FMT_MISSING);
		snprintf(l[n], sizeof l[n], "taux de participation : registre des adhérents non chargé");
	}
	n++;
	/* a secret count is « s », its label the plural (the count is unknown) */
	fmt_int_s(v[n], S, p.n_repondants, p.diffusable);
	snprintf(l[n], sizeof l[n], "%s",
		 p.diffusable ? report_plural(p.n_repondants, "répondant individuel", "répondants individuels")
			      : "répondants individuels");
	n++;
	if (p.delta_evaluations != TD_NONE) {
		fmt_change(v[n], S, (double)p.delta_evaluations, 0);
		snprintf(l[n], sizeof l[n], "%s par rapport à la campagne %lld",
			 report_plural(p.delta_evaluations, "évaluation", "évaluations"), p.precedente);
		n++;
	}
	for (size_t i = 0; i < n; i++) {
		f[i].value = v[i];
		f[i].label = l[i];
	}
	pdf_figures(d, f, n);
	return pdf_status(d);
}

int territoire_respondents(const struct report_ctx *rc, pdf_doc *d, const char *territory)
{
	struct td_respondents col;
	int ret = rd_territoire_data_respondents(rc->conn, rc->camp->campagne, territory, &col);

	if (ret)
		return ret;
	if (col.n > 0) {
		static const struct pdf_column cols[] = {
			{"Collège", 0, PDF_LEFT}, {"Répondants", 80, PDF_RIGHT}, {"Entreprises où il a répondu", 130, PDF_RIGHT}};
		pdf_heading(d, 3, "Répondants par collège");
		pdf_table_begin(d, cols, 3);
		for (size_t i = 0; i < col.n; i++) {
			const struct td_respondent *o = &col.rows[i];
			const char *name = o->college;
			char a[S], b[S];
			for (int k = 0; k < RD_COLLEGES; k++)
				if (strcmp(name, rd_college_codes[k]) == 0)
					name = rd_college_labels[k];
			const char *cells[] = {name, fmt_int_s(a, S, o->n_repondants, o->diffusable),
					       fmt_int(b, S, o->n_entreprises)};
			pdf_table_row(d, cells, NULL, 0);
		}
		pdf_table_end(d);
	}
	rd_territoire_data_free(&col);
	return pdf_status(d);
}

/* --- results per theme and sub-theme -------------------------------------------- */

static const char *const TICKS_SCORE[] = {"1", "2", "3", "4"};
static const struct pdf_scale SCALE_SCORE = {1, 4, TICKS_SCORE, 4};

int territoire_published(const struct report_ctx *rc, const char *territory, bool *any)
{
	struct td_grid g;
	int ret = rd_territoire_data_cached_grid(rc->cache, rc->conn, rc->camp->campagne, rc->camp->version, territory,
					      "theme,sous_theme", &g);

	*any = false;
	for (size_t i = 0; !ret && i < g.n && !*any; i++)
		*any = g.rows[i].pub == TD_PUB_YES;
	rd_territoire_data_free(&g);
	return ret;
}

/* the radar of the sub-themes, and the note when one is secret */
static void territoire_radar(const struct report_ctx *rc, pdf_doc *d, const struct td_grid *g, const char *name,
			     bool national)
{
	int nst = 0;
	const char *axes[32];
	char axis_buf[32][160];
	double mine[32], other[32], third[32];
	bool hidden = false;

	for (size_t i = 0; i < g->n && nst < 32; i++) {
		const struct td_grid_row *o = &g->rows[i];
		if (strcmp(o->niveau, "sous_theme") != 0)
			continue;
		label(axis_buf[nst], sizeof axis_buf[nst], o->code, o->libelle);
		axes[nst] = axis_buf[nst];
		/* medians, like the photographie (issue 19): the network's with its
		 * quartiles for the national report, the region's against the
		 * network's for a region */
		bool pub = o->pub == TD_PUB_YES;
		if (national) {
			mine[nst] = pub ? o->q1 : NAN;
			other[nst] = pub ? o->mediane : NAN;
			third[nst] = pub ? o->q3 : NAN;
		} else {
			mine[nst] = pub ? o->mediane : NAN;
			other[nst] = o->fr_pub == TD_PUB_YES ? o->fr_mediane : NAN;
		}
		if (!pub)
			hidden = true;
		nst++;
	}
	pdf_need(d, PDF_RADAR_HEIGHT + 60);
	pdf_heading(d, 1, "Les onze sous-thèmes du Cap");
	if (nst >= 3) {
		char median_name[200];
		snprintf(median_name, sizeof median_name, "%s (médiane)", name);
		struct pdf_series regional[2] = {{median_name, mine}, {"Réseau (médiane)", other}};
		struct pdf_series network[3] = {
			{"Réseau (1er quartile)", mine}, {"Réseau (médiane)", other}, {"Réseau (3e quartile)", third}};
		if (national)
			pdf_radar(d, axes, (size_t)nst, network, 3, &SCALE_SCORE);
		else
			pdf_radar(d, axes, (size_t)nst, regional, 2, &SCALE_SCORE);
	}
	if (hidden) {
		char msg[256];
		snprintf(msg, sizeof msg,
			 "Un sous-thème noté par moins de %d entreprises n'est pas tracé (secret statistique).",
			 rc->camp->seuil_secret);
		pdf_note(d, msg);
	}
}

/* "a–b" of two scores, « s » or « – » (no value for a) */
static void territoire_range(char *out, size_t size, double a, double b, enum td_pub pub)
{
	char x[S], y[S];

	if (pub == TD_PUB_SECRET)
		snprintf(out, size, "%s", FMT_SECRET);
	else if (isnan(a))
		snprintf(out, size, "%s", FMT_MISSING);
	else
		snprintf(out, size, "%s–%s", fmt_score(x, S, a), fmt_score(y, S, b));
}

/* one row of the table per theme and sub-theme */
static void territoire_result_row(pdf_doc *d, const struct td_grid_row *o, bool national)
{
	bool theme = strcmp(o->niveau, "theme") == 0;
	char lab[200], n[S], m[S], med[S], q[2 * S + 8], net[2 * S + 8], ev[S];
	int levels[7] = {0};

	label(lab, sizeof lab, o->code, o->libelle);
	count_s(n, o->n, TD_PUB_NONE);
	mean_s(m, o->moyenne, o->pub);
	mean_s(med, o->mediane, o->pub);
	territoire_range(q, sizeof q, o->q1, o->q3, o->pub);
	if (national)
		territoire_range(net, sizeof net, o->minimum, o->maximum, o->pub);
	else
		mean_s(net, o->fr_moyenne, o->fr_pub);
	/* the published evolution (the difference of the two published
	 * means, 3,08 → 2,96 is −0,12); none when either is secret */
	if (!isnan(o->evolution))
		fmt_change_s(ev, S, o->evolution, true);
	else if (o->n != TD_NONE && o->prev_pub != TD_PUB_NONE)
		snprintf(ev, sizeof ev, "%s", FMT_SECRET);
	else
		snprintf(ev, sizeof ev, "%s", FMT_MISSING);
	if (o->pub == TD_PUB_YES)
		levels[2] = report_level(o->moyenne);
	const char *cells[] = {lab, n, m, med, q, net, ev};
	pdf_table_row(d, cells, levels, theme ? PDF_ROW_GROUP : 0);
}

int territoire_results(const struct report_ctx *rc, pdf_doc *d, const char *territory, const char *name,
		       bool national)
{
	struct td_grid g;
	int ret = rd_territoire_data_cached_grid(rc->cache, rc->conn, rc->camp->campagne, rc->camp->version, territory,
					      "theme,sous_theme", &g);
	if (ret)
		return ret;
	territoire_radar(rc, d, &g, name, national);

	/* the table per theme and sub-theme */
	pdf_heading(d, 2, "Résultats par thème et sous-thème");
	struct pdf_column cols[] = {
		{"Thème / sous-thème", 0, PDF_LEFT}, {"n", 34, PDF_RIGHT}, {"Moyenne", 44, PDF_RIGHT},
		{"Médiane", 44, PDF_RIGHT}, {"Q1–Q3", 62, PDF_CENTER},
		{national ? "Min–max" : "Réseau (moyenne)", 54, national ? PDF_CENTER : PDF_RIGHT},
		{"Évolution", 48, PDF_RIGHT}};
	pdf_table_begin(d, cols, 7);
	for (size_t i = 0; i < g.n; i++)
		territoire_result_row(d, &g.rows[i], national);
	pdf_table_end(d);
	char note[400];
	snprintf(note, sizeof note,
		 "n : entreprises (évaluations complètes) ayant un score pour l'élément. Scores de 1 (non engagé) "
		 "à 4 (atteint). « s » : secret statistique (moins de %d entreprises). Évolution : écart à la "
		 "moyenne de la campagne précédente.",
		 rc->camp->seuil_secret);
	pdf_note(d, note);
	rd_territoire_data_free(&g);
	return pdf_status(d);
}

/* --- objectives ------------------------------------------------------------------- */

/* « Objectifs atteints, par sous-thème »: the chart, its chapter's heading kept with it */
static void territoire_objectives_chart(pdf_doc *d, const struct td_grid *st, const char *name, bool national)
{
	const char *labels[32] = {0}, *texts[64] = {0};
	char lab[32][160], txt[64][S];
	double a[32], b[32];
	int n = 0;

	for (size_t i = 0; i < st->n && n < 32; i++, n++) {
		const struct td_grid_row *o = &st->rows[i];
		label(lab[n], sizeof lab[n], o->code, o->libelle);
		labels[n] = lab[n];
		a[n] = o->pub == TD_PUB_YES ? o->part : NAN;
		b[n] = o->fr_pub == TD_PUB_YES ? o->fr_part : NAN;
		texts[2 * n] = share_s(txt[2 * n], o->part, o->pub);
		texts[2 * n + 1] = share_s(txt[2 * n + 1], o->fr_part, o->fr_pub);
	}
	static const char *const pct[] = {"0 %", "25 %", "50 %", "75 %", "100 %"};
	static const struct pdf_scale sp = {0, 1, pct, 5};
	/* the chapter starts with its chart: heading, paragraph, chart and legend on one page */
	pdf_need(d, pdf_bars_height(d, labels, (size_t)n, national ? 1 : 2) + 110);
	pdf_heading(d, 1, "Le niveau d'exigence du réseau : les objectifs");
	pdf_paragraph(d, "Pour chaque objectif, le réseau fixe un niveau visé (la cible, de 1 à 4). "
			 "La part d'entreprises atteignant la cible mesure la distance au niveau d'exigence.");
	pdf_heading(d, 2, "Objectifs atteints, par sous-thème");
	if (national) {
		struct pdf_series s1[] = {{"Réseau", a}};
		const char *t1[32];
		for (int i = 0; i < n; i++)
			t1[i] = texts[2 * i];
		pdf_bars(d, labels, (size_t)n, s1, 1, &sp, t1);
	} else {
		struct pdf_series s2[] = {{name, a}, {"Réseau", b}};
		pdf_bars(d, labels, (size_t)n, s2, 2, &sp, texts);
	}
}

int territoire_objectives(const struct report_ctx *rc, pdf_doc *d, const char *territory, const char *name,
			  bool national)
{
	struct td_grid g = {0}, st = {0};
	int ret;

	if ((ret = rd_territoire_data_cached_grid(rc->cache, rc->conn, rc->camp->campagne, rc->camp->version, territory,
						  "objectif", &g)) ||
	    (ret = rd_territoire_data_cached_grid(rc->cache, rc->conn, rc->camp->campagne, rc->camp->version, territory,
						  "sous_theme", &st)))
		goto cleanup;
	territoire_objectives_chart(d, &st, name, national);

	pdf_heading(d, 2, "Part des entreprises atteignant la cible, par objectif");
	struct pdf_column cols[] = {
		{"Objectif", 0, PDF_LEFT}, {"Cible", 48, PDF_RIGHT}, {"n", 34, PDF_RIGHT},
		{"Moyenne", 44, PDF_RIGHT}, {national ? "Atteinte" : "Atteinte (région)", 58, PDF_RIGHT},
		{national ? "Médiane" : "Atteinte (réseau)", 58, PDF_RIGHT}};
	pdf_table_begin(d, cols, 6);
	for (size_t i = 0; i < g.n; i++) {
		const struct td_grid_row *o = &g.rows[i];
		char l[200], c[S], nn[S], m[S], p1[S], p2[S];
		int levels[6] = {0};
		label(l, sizeof l, o->code, o->libelle);
		report_target(c, S, o->cible);
		count_s(nn, o->n, TD_PUB_NONE);
		mean_s(m, o->moyenne, o->pub);
		share_s(p1, o->part, o->pub);
		if (national)
			mean_s(p2, o->mediane, o->pub);
		else
			share_s(p2, o->fr_part, o->fr_pub);
		if (o->pub == TD_PUB_YES)
			levels[3] = report_level(o->moyenne);
		const char *cells[] = {l, c, nn, m, p1, p2};
		pdf_table_row(d, cells, levels, 0);
	}
	pdf_table_end(d);
	pdf_note(d, REPORT_TARGET_NOTE);
cleanup:
	rd_territoire_data_free(&g);
	rd_territoire_data_free(&st);
	return ret ? ret : pdf_status(d);
}

/* --- viewpoints --------------------------------------------------------------------- */

/* college means per theme and sub-theme, and the divergence between colleges */
static void territoire_college_table(pdf_doc *d, const struct td_colleges *c)
{
	static const struct pdf_column cols[] = {
		{"Thème / sous-thème", 0, PDF_LEFT}, {"Direction", 46, PDF_RIGHT},
		{"Permanent·e·s", 60, PDF_RIGHT}, {"Insertion", 46, PDF_RIGHT},
		{"Bénévoles", 50, PDF_RIGHT}, {"Administr.", 50, PDF_RIGHT}, {"Divergence", 50, PDF_RIGHT}};
	pdf_table_begin(d, cols, 7);
	for (size_t i = 0; i < c->n; i++) {
		const struct td_college_row *o = &c->rows[i];
		char l[200], val[RD_COLLEGES][S], ec[S];
		const char *cells[7];
		int levels[7] = {0};
		double e = o->ecart;

		label(l, sizeof l, o->code, o->libelle);
		cells[0] = l;
		for (int k = 0; k < RD_COLLEGES; k++)
			cells[1 + k] = mean_s(val[k], o->moyenne[k], o->pub[k]);
		cells[6] = isnan(e) ? FMT_MISSING : fmt_score(ec, S, e);
		levels[6] = isnan(e) ? 0 : e >= 1 ? 1 : e >= 0.5 ? 2 : 0;
		pdf_table_row(d, cells, levels, strcmp(o->niveau, "theme") == 0 ? PDF_ROW_GROUP : 0);
	}
	pdf_table_end(d);
}

/* the spread inside the enterprises, per sub-theme */
static void territoire_spread_table(pdf_doc *d, const struct td_divergence *v)
{
	static const struct pdf_column dcols[] = {
		{"Sous-thème", 0, PDF_LEFT}, {"Entreprises", 58, PDF_RIGHT}, {"Dispersion interne", 62, PDF_RIGHT},
		{"Très dispersé", 64, PDF_RIGHT}, {"Part", 44, PDF_RIGHT}};
	pdf_table_begin(d, dcols, 5);
	for (size_t i = 0; i < v->n; i++) {
		const struct td_divergence_row *o = &v->rows[i];
		char l[200], n[S], e[S], k[S], p[S];
		label(l, sizeof l, o->code, o->libelle);
		const char *cells[] = {l, count_s(n, o->n, TD_PUB_NONE), mean_s(e, o->ecart, o->pub),
				       count_s(k, o->n_debats, o->pub), share_s(p, o->part_debats, o->pub)};
		pdf_table_row(d, cells, NULL, 0);
	}
	pdf_table_end(d);
}

int territoire_viewpoints(const struct report_ctx *rc, pdf_doc *d, const char *territory)
{
	const struct td_colleges *c;
	struct td_divergence v = {0};
	int ret;

	if ((ret = rd_territoire_data_cached_colleges(rc->cache, rc->conn, rc->camp->campagne, rc->camp->version,
						      territory, &c)) ||
	    (ret = rd_territoire_data_divergence(rc->conn, rc->camp->campagne, rc->camp->version, territory, &v)))
		goto cleanup;
	pdf_heading(d, 1, "Là où les points de vue divergent");
	pdf_paragraph(d, "Chaque collège note les mêmes pratiques : la comparaison montre où la direction, "
			 "les salarié·e·s, les bénévoles et les administrateur·rice·s ne voient pas la même chose. "
			 "Divergence entre collèges : différence entre la plus forte et la plus faible moyenne de "
			 "collège.");
	territoire_college_table(d, c);

	pdf_heading(d, 2, "Dispersion au sein des entreprises");
	pdf_paragraph(d, "Dispersion interne : dans une entreprise, l'écart moyen, sur les indicateurs d'un "
			 "sous-thème, entre les notes de ses répondants (une autre mesure que la divergence entre "
			 "collèges). À 2 points ou plus, le sous-thème est très dispersé dans l'entreprise : « Très "
			 "dispersé » compte ces entreprises, « Part » leur part.");
	if (v.n == 0)
		pdf_paragraph(d, "Aucune entreprise n'a assez de répondants pour mesurer un écart.");
	else
		territoire_spread_table(d, &v);
cleanup:
	rd_territoire_data_free(&v);
	return ret ? ret : pdf_status(d);
}

/* --- progress plans ------------------------------------------------------------------- */

/* the objectives the plans chose first */
static void territoire_plan_table(pdf_doc *d, const struct td_plans *p)
{
	static const struct pdf_column cols[] = {
		{"Objectif choisi", 0, PDF_LEFT}, {"Entreprises", 50, PDF_RIGHT}, {"Actions", 38, PDF_RIGHT},
		{"À engager", 40, PDF_RIGHT}, {"En cours", 38, PDF_RIGHT}, {"Réalisées", 42, PDF_RIGHT},
		{"Abandon.", 40, PDF_RIGHT}, {"Réalisées (préc.)", 52, PDF_RIGHT}};
	pdf_heading(d, 2, "Ce que les plans mettent en premier");
	pdf_table_begin(d, cols, 8);
	for (size_t i = 0; i < p->n; i++) {
		const struct td_plan_row *o = &p->rows[i];
		char l[200], c[7][S];
		double prev = o->part_precedente;
		label(l, sizeof l, o->objectif, o->libelle);
		const char *cells[] = {l, fmt_int(c[0], S, o->n_entreprises), fmt_int(c[1], S, o->n_actions),
				       fmt_int(c[2], S, o->n_a_engager), fmt_int(c[3], S, o->n_en_cours),
				       fmt_int(c[4], S, o->n_realisees), fmt_int(c[5], S, o->n_abandonnees),
				       isnan(prev) ? FMT_MISSING : fmt_percent(c[6], S, prev)};
		pdf_table_row(d, cells, NULL, 0);
	}
	pdf_table_end(d);
}

/* the sentence on the follow-up of the previous campaign's plans */
static void territoire_followup(const struct report_ctx *rc, pdf_doc *d, const struct td_plans_followup *f)
{
	char msg[400], a[S], b[S];
	long long nprev = f->n_precedents;

	if (rc->camp->precedente == 0) {
		pdf_paragraph(d, "Pas de campagne précédente : le suivi des actions commencera à la prochaine.");
		return;
	}
	if (nprev == 0) {
		snprintf(msg, sizeof msg, "Aucun plan de progrès n'avait été transmis en %d.", rc->camp->precedente);
	} else if (nprev < rc->camp->seuil_secret) {
		/* a share over fewer members than the threshold is not published: say why, not « s » */
		snprintf(msg, sizeof msg,
			 "Suivi : moins de %d entreprises avaient transmis un plan de progrès en %d ; la part de "
			 "leurs actions réalisées n'est pas publiée (secret statistique).",
			 rc->camp->seuil_secret, rc->camp->precedente);
	} else if (isnan(f->part_realisee)) {
		/* pooled over the objectives, the share is published only when every objective's is */
		snprintf(msg, sizeof msg,
			 "Suivi : la part des actions prévues en %d (plans de %s entreprises) déclarées réalisées "
			 "n'est pas publiée : un objectif retenu par trop peu d'entreprises la rendrait "
			 "recalculable (secret statistique).",
			 rc->camp->precedente, fmt_int(a, S, nprev));
	} else {
		snprintf(msg, sizeof msg,
			 "Suivi : %s des actions prévues en %d (plans de %s entreprises) sont déclarées réalisées.",
			 fmt_percent(b, S, f->part_realisee), rc->camp->precedente, fmt_int(a, S, nprev));
	}
	pdf_paragraph(d, msg);
}

int territoire_plans(const struct report_ctx *rc, pdf_doc *d, const char *territory)
{
	struct td_plans p = {0};
	struct td_plans_followup f;
	int ret;
	char msg[400], a[S];

	if ((ret = rd_territoire_data_plans(rc->conn, rc->camp->campagne, rc->camp->version, territory, 12, &p)) ||
	    (ret = rd_territoire_data_cached_plans_followup(rc->cache, rc->conn, rc->camp->campagne, territory, &f)))
		goto cleanup;
	pdf_heading(d, 1, "Les plans de progrès");
	long long nplans = f.n_plans;
	/* a count of enterprises below the threshold is not printed (no publication view has it) */
	if (nplans == 0)
		snprintf(msg, sizeof msg, "Aucune entreprise n'a transmis de plan de progrès pour cette campagne.");
	else if (nplans < rc->camp->seuil_secret)
		snprintf(msg, sizeof msg, "Moins de %d entreprises ont transmis un plan de progrès pour cette campagne.",
			 rc->camp->seuil_secret);
	else
		snprintf(msg, sizeof msg, "%s %s un plan de progrès pour cette campagne.", fmt_int(a, S, nplans),
			 report_plural(nplans, "entreprise a transmis", "entreprises ont transmis"));
	pdf_paragraph(d, msg);
	territoire_followup(rc, d, &f);
	if (p.n > 0)
		territoire_plan_table(d, &p);
	if (f.n_secrets > 0) {
		long long k = f.n_secrets;
		snprintf(msg, sizeof msg, "%s %s par moins de %d entreprises %s pas %s (secret statistique).",
			 fmt_int(a, S, k), report_plural(k, "objectif retenu", "objectifs retenus"),
			 rc->camp->seuil_secret, report_plural(k, "n'est", "ne sont"),
			 report_plural(k, "détaillé", "détaillés"));
		pdf_note(d, msg);
	}
cleanup:
	rd_territoire_data_free(&p);
	return ret ? ret : pdf_status(d);
}

/* --- service offer ----------------------------------------------------------------------- */

int territoire_offers(const struct report_ctx *rc, pdf_doc *d, const char *territory)
{
	struct td_offers o;
	int ret = rd_territoire_data_cached_offers(rc->cache, rc->conn, rc->camp->campagne, territory, &o);

	if (ret)
		return ret;
	pdf_heading(d, 1, "Les offres de services à mobiliser");
	pdf_paragraph(d, "Classées par demande : entreprises dont le plan de progrès mobilise l'offre, et "
			 "entreprises dont un objectif non atteint y renvoie.");
	if (o.n == 0) {
		pdf_paragraph(d, "Aucune demande exprimée ou déduite pour cette campagne.");
	} else {
		static const struct pdf_column cols[] = {
			{"Offre", 0, PDF_LEFT}, {"Entreprises (plans)", 70, PDF_RIGHT},
			{"Actions", 44, PDF_RIGHT}, {"Entreprises (objectifs non atteints)", 90, PDF_RIGHT},
			{"Objectifs non atteints", 66, PDF_RIGHT}};
		pdf_table_begin(d, cols, 5);
		for (size_t i = 0; i < o.n; i++) {
			const struct td_offer_row *r = &o.rows[i];
			char c[4][S];
			const char *cells[] = {r->libelle, count_s(c[0], r->n_plan, r->pub),
					       count_s(c[1], r->n_actions, r->pub), count_s(c[2], r->n_objectifs, r->pub),
					       count_s(c[3], r->n_non_atteints, r->pub)};
			pdf_table_row(d, cells, NULL, 0);
		}
		pdf_table_end(d);
	}
	rd_territoire_data_free(&o);
	return pdf_status(d);
}

/* --- method ------------------------------------------------------------------------------ */

int territoire_method(const struct report_ctx *rc, pdf_doc *d, bool national)
{
	char msg[700], pct[S];

	(void)national; /* the secrecy rule is the same for both (lecap.publier) */
	/* its heading with its first two subsections; no page of its own, which
	 * left the end of the chapter before it alone on a near-empty page */
	pdf_need(d, 200);
	pdf_heading(d, 1, "Méthode");
	pdf_heading(d, 3, "Des données auto-déclarées, non auditées");
	pdf_paragraph(d, "Le Cap est une auto-évaluation : chaque entreprise adhérente note ses propres pratiques, "
			 "avec sa direction, ses salarié·e·s permanent·e·s et en insertion, ses bénévoles et ses "
			 "administrateur·rice·s. Les chiffres de ce rapport sont des données auto-déclarées, non "
			 "auditées : ils éclairent une démarche de progrès, ils ne classent pas les entreprises.");
	pdf_heading(d, 3, "Le calcul des scores");
	pdf_paragraph(d, "Chaque indicateur est noté de 1 (non engagé) à 4 (atteint), ou NC (non concerné). "
			 "Le score d'une entreprise pour un indicateur est la note de consensus quand le groupe en a "
			 "convenu une, sinon la moyenne des notes individuelles (NC et absences exclues). Les scores "
			 "des objectifs, sous-thèmes et thèmes sont des moyennes pondérées du niveau inférieur. Un "
			 "objectif est atteint quand son score égale ou dépasse sa cible.");
	pdf_heading(d, 3, "Le seuil de complétude");
	snprintf(msg, sizeof msg,
		 "Une évaluation est complète quand au moins %s des indicateurs de la grille ont un score ou "
		 "sont NC. Seules les évaluations complètes entrent dans les moyennes, médianes, quartiles et "
		 "parts de ce rapport. Médiane et quartiles : interpolation linéaire (percentile_cont de "
		 "PostgreSQL). Évolution : écart à la moyenne de la même population à la campagne précédente.",
		 fmt_percent(pct, S, rc->camp->completude_min));
	pdf_paragraph(d, msg);
	pdf_heading(d, 3, "Le secret statistique");
	snprintf(msg, sizeof msg,
		 "Un chiffre qui repose sur moins de %d entreprises est remplacé par « s » (secret statistique), "
		 "comme d'autres cases choisies pour qu'aucun chiffre masqué ne puisse être recalculé à partir "
		 "des chiffres publiés (le réseau est la somme des régions, une région celle des types de "
		 "structure) ; une évolution n'est publiée que si les deux campagnes le sont. Ce rapport publie "
		 "exactement les chiffres des vues de publication de la base (v_publication_*) et de lecap "
		 "export.",
		 rc->camp->seuil_secret);
	pdf_paragraph(d, msg);
	int ret = etre_faire_vision(rc, d);
	if (ret)
		return ret;
	snprintf(msg, sizeof msg, "Grille du Cap : version %s. Campagne %d.", rc->camp->version,
		 rc->camp->campagne);
	pdf_note(d, msg);
	return pdf_status(d);
}
