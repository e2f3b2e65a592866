/*
 * The sections the regional and national reports share: key figures,
 * results per theme and sub-theme, objectives, viewpoints, progress plans,
 * the service offer, the method. Each reads its figures through
 * report_data.h and prints them as SQL holds them; a figure whose
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

int report_level(double score)
{
	if (isnan(score))
		return 0;
	if (score < 1.75)
		return 1;
	if (score < 2.5)
		return 2;
	if (score < 3.25)
		return 3;
	return 4;
}

const char *report_plural(long long n, const char *one, const char *many)
{
	return n >= -1 && n <= 1 ? one : many;
}

double report_printed_diff(double a, double b)
{
	return fmt_round(fmt_round(a, 2) - fmt_round(b, 2), 2);
}

int report_doc_new(const struct report_ctx *rc, const char *title, const char *subject, const char *keywords,
		   const char *data_date, const char *fingerprint, pdf_doc **out)
{
	char footer[256], date[S], kw[400];
	struct pdf_info info = {.title = title, .subject = subject, .author = "COORACE",
				.keywords = kw, .footer = footer, .font_path = rc->font,
				.year = rc->camp->year, .month = rc->camp->month, .day = rc->camp->day,
				.fingerprint = fingerprint};

	snprintf(kw, sizeof kw, "Le Cap; COORACE; campagne %d%s%s", rc->camp->campagne, keywords ? "; " : "",
		 keywords ? keywords : "");

	if (data_date && sscanf(data_date, "%d-%d-%d", &info.year, &info.month, &info.day) != 3)
		info.year = info.month = info.day = 0;
	if (info.year)
		fmt_date(date, sizeof date, info.year, info.month, info.day);
	else
		snprintf(date, sizeof date, "%s", FMT_MISSING);
	snprintf(footer, sizeof footer, "Le Cap · campagne %d · grille %s · données au %s",
		 rc->camp->campagne, rc->camp->version, date);
	return pdf_doc_new(&info, out);
}

char *report_target(char *out, size_t size, double cible)
{
	char v[S];
	fmt_score(v, sizeof v, cible);
	if (snprintf(out, size, "%s%s", v, fmt_round(cible, 2) >= 4 ? " max" : "") < 0)
		out[0] = '\0';
	return out;
}

const char *report_college_in_text(int k)
{
	static const char *const names[RD_COLLEGES] = {"la direction", "les salarié·e·s permanent·e·s",
							 "les salarié·e·s en insertion", "les bénévoles",
							 "les administrateur·rice·s"};
	return k >= 0 && k < RD_COLLEGES ? names[k] : "";
}

/* "code libellé" of a grid element. */
static void label(char *out, size_t size, const pg_result *r, int row, int code_col, int lib_col)
{
	snprintf(out, size, "%s %s", rd_str(r, row, code_col), rd_str(r, row, lib_col));
}

/*
 * A published figure: « – » when there is no cell (diffusable NULL) or no
 * value, « s » when the publication views keep it secret (diffusable false,
 * the value NULL there), the value otherwise.
 */
static bool secret_cell(const pg_result *r, int row, int diff_col)
{
	return diff_col >= 0 && !pg_isnull(r, row, diff_col) && !rd_bool(r, row, diff_col);
}

/* A mean, « s » or « – ». */
static char *mean_s(char *out, const pg_result *r, int row, int col, int diff_col)
{
	double v = rd_num(r, row, col);
	if (secret_cell(r, row, diff_col))
		return strcpy(out, FMT_SECRET);
	if (isnan(v))
		return strcpy(out, FMT_MISSING);
	return fmt_score_s(out, S, v, true);
}

static char *share_s(char *out, const pg_result *r, int row, int col, int diff_col)
{
	double v = rd_num(r, row, col);
	if (secret_cell(r, row, diff_col))
		return strcpy(out, FMT_SECRET);
	if (isnan(v))
		return strcpy(out, FMT_MISSING);
	return fmt_percent_s(out, S, v, true);
}

static char *count_s(char *out, const pg_result *r, int row, int col, int diff_col)
{
	if (secret_cell(r, row, diff_col))
		return strcpy(out, FMT_SECRET);
	if (pg_isnull(r, row, col))
		return strcpy(out, FMT_MISSING);
	return fmt_int_s(out, S, rd_int(r, row, col), true);
}

/* --- key figures ------------------------------------------------------------ */

int territoire_key_figures(const struct report_ctx *rc, pdf_doc *d, const char *territory, bool *has_registry)
{
	pg_result *p = NULL;
	char v[5][S], l[5][160];
	struct pdf_figure f[5];
	size_t n = 0;
	int ret;

	*has_registry = false;
	if ((ret = rd_participation(rc->conn, rc->camp->campagne, territory, &p)))
		goto cleanup;
	pdf_heading(d, 2, "Chiffres clés");
	if (pg_ntuples(p) == 0) {
		pdf_paragraph(d, "Aucun chiffre de participation n'est disponible pour cette campagne.");
		goto cleanup;
	}
	long long ne = rd_int(p, 0, RD_PART_N_EVALUATIONS), nc = rd_int(p, 0, RD_PART_N_COMPLETES);
	bool published = rd_bool(p, 0, RD_PART_DIFFUSABLE);
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
	*has_registry = rd_int(p, 0, RD_PART_N_ADHERENTS) > 0;
	if (*has_registry) {
		char reg[S];
		fmt_percent(v[n], S, rd_num(p, 0, RD_PART_TAUX));
		long long nreg = rd_int(p, 0, RD_PART_N_ADHERENTS);
		snprintf(l[n], sizeof l[n], "taux de participation (%s %s au registre)", fmt_int(reg, S, nreg),
			 report_plural(nreg, "adhérent", "adhérents"));
	} else {
		snprintf(v[n], S, "%s", FMT_MISSING);
		snprintf(l[n], sizeof l[n], "taux de participation : registre des adhérents non chargé");
	}
	n++;
	/* a secret count is « s », its label the plural (the count is unknown) */
	fmt_int_s(v[n], S, rd_int(p, 0, RD_PART_N_REPONDANTS), published);
	snprintf(l[n], sizeof l[n], "%s",
		 published ? report_plural(rd_int(p, 0, RD_PART_N_REPONDANTS), "répondant individuel",
					   "répondants individuels")
			   : "répondants individuels");
	n++;
	if (!pg_isnull(p, 0, RD_PART_DELTA_EVALUATIONS)) {
		long long delta = rd_int(p, 0, RD_PART_DELTA_EVALUATIONS);
		fmt_change(v[n], S, (double)delta, 0);
		snprintf(l[n], sizeof l[n], "%s par rapport à la campagne %lld",
			 report_plural(delta, "évaluation", "évaluations"), rd_int(p, 0, RD_PART_PRECEDENTE));
		n++;
	}
	for (size_t i = 0; i < n; i++) {
		f[i].value = v[i];
		f[i].label = l[i];
	}
	pdf_figures(d, f, n);
cleanup:
	pg_result_free(p);
	return ret ? ret : pdf_status(d);
}

int territoire_respondents(const struct report_ctx *rc, pdf_doc *d, const char *territory)
{
	pg_result *col = NULL;
	int ret = rd_respondents(rc->conn, rc->camp->campagne, territory, &col);

	if (ret)
		return ret;
	if (pg_ntuples(col) > 0) {
		static const struct pdf_column cols[] = {
			{"Collège", 0, PDF_LEFT}, {"Répondants", 80, PDF_RIGHT}, {"Entreprises où il a répondu", 130, PDF_RIGHT}};
		pdf_heading(d, 3, "Répondants par collège");
		pdf_table_begin(d, cols, 3);
		for (int i = 0; i < pg_ntuples(col); i++) {
			const char *name = rd_str(col, i, RD_RESP_COLLEGE);
			char a[S], b[S];
			for (int k = 0; k < RD_COLLEGES; k++)
				if (strcmp(name, rd_college_codes[k]) == 0)
					name = rd_college_labels[k];
			const char *cells[] = {name,
					       fmt_int_s(a, S, rd_int(col, i, RD_RESP_N_REPONDANTS),
							 rd_bool(col, i, RD_RESP_DIFFUSABLE)),
					       fmt_int(b, S, rd_int(col, i, RD_RESP_N_ENTREPRISES))};
			pdf_table_row(d, cells, NULL, 0);
		}
		pdf_table_end(d);
	}
	pg_result_free(col);
	return pdf_status(d);
}

/* --- results per theme and sub-theme -------------------------------------------- */

static const char *const TICKS_SCORE[] = {"1", "2", "3", "4"};
static const struct pdf_scale SCALE_SCORE = {1, 4, TICKS_SCORE, 4};

int territoire_published(const struct report_ctx *rc, const char *territory, bool *any)
{
	pg_result *g = NULL;
	int ret = rd_grid(rc->conn, rc->camp->campagne, rc->camp->version, territory, "theme,sous_theme", &g);

	*any = false;
	for (int i = 0; !ret && i < pg_ntuples(g) && !*any; i++)
		*any = rd_bool(g, i, RD_AGG_DIFFUSABLE);
	pg_result_free(g);
	return ret;
}

/* the radar of the sub-themes, and the note when one is secret */
static void territoire_radar(const struct report_ctx *rc, pdf_doc *d, const pg_result *g, const char *name,
			     bool national)
{
	int nst = 0;
	const char *axes[32];
	char axis_buf[32][160];
	double mine[32], other[32], third[32];
	bool hidden = false;

	for (int i = 0; i < pg_ntuples(g) && nst < 32; i++) {
		if (strcmp(rd_str(g, i, RD_AGG_NIVEAU), "sous_theme") != 0)
			continue;
		label(axis_buf[nst], sizeof axis_buf[nst], g, i, RD_AGG_CODE, RD_AGG_LIBELLE);
		axes[nst] = axis_buf[nst];
		/* medians, like the photographie (issue 19): the network's with its
		 * quartiles for the national report, the region's against the
		 * network's for a region */
		bool pub = rd_bool(g, i, RD_AGG_DIFFUSABLE);
		if (national) {
			mine[nst] = pub ? rd_num(g, i, RD_AGG_Q1) : NAN;
			other[nst] = pub ? rd_num(g, i, RD_AGG_MEDIANE) : NAN;
			third[nst] = pub ? rd_num(g, i, RD_AGG_Q3) : NAN;
		} else {
			mine[nst] = pub ? rd_num(g, i, RD_AGG_MEDIANE) : NAN;
			other[nst] = rd_bool(g, i, RD_AGG_FR_DIFFUSABLE) ? rd_num(g, i, RD_AGG_FR_MEDIANE) : NAN;
		}
		if (!rd_bool(g, i, RD_AGG_DIFFUSABLE))
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

/* one row of the table per theme and sub-theme */
static void territoire_result_row(pdf_doc *d, const pg_result *g, int i, bool national)
{
	bool diff = rd_bool(g, i, RD_AGG_DIFFUSABLE), theme = strcmp(rd_str(g, i, RD_AGG_NIVEAU), "theme") == 0;
	char lab[200], n[S], m[S], med[S], q[2 * S + 8], net[2 * S + 8], ev[S], a[S], b[S];
	int levels[7] = {0};

	label(lab, sizeof lab, g, i, RD_AGG_CODE, RD_AGG_LIBELLE);
	count_s(n, g, i, RD_AGG_N, -1);
	mean_s(m, g, i, RD_AGG_MOYENNE, RD_AGG_DIFFUSABLE);
	mean_s(med, g, i, RD_AGG_MEDIANE, RD_AGG_DIFFUSABLE);
	if (secret_cell(g, i, RD_AGG_DIFFUSABLE))
		snprintf(q, sizeof q, "%s", FMT_SECRET);
	else if (pg_isnull(g, i, RD_AGG_Q1))
		snprintf(q, sizeof q, "%s", FMT_MISSING);
	else
		snprintf(q, sizeof q, "%s–%s", fmt_score(a, S, rd_num(g, i, RD_AGG_Q1)),
			 fmt_score(b, S, rd_num(g, i, RD_AGG_Q3)));
	if (national) {
		if (secret_cell(g, i, RD_AGG_DIFFUSABLE))
			snprintf(net, sizeof net, "%s", FMT_SECRET);
		else if (pg_isnull(g, i, RD_AGG_MIN))
			snprintf(net, sizeof net, "%s", FMT_MISSING);
		else
			snprintf(net, sizeof net, "%s–%s", fmt_score(a, S, rd_num(g, i, RD_AGG_MIN)),
				 fmt_score(b, S, rd_num(g, i, RD_AGG_MAX)));
	} else {
		mean_s(net, g, i, RD_AGG_FR_MOYENNE, RD_AGG_FR_DIFFUSABLE);
	}
	/* the published evolution (the difference of the two published
	 * means, 3,08 → 2,96 is −0,12); none when either is secret */
	if (!pg_isnull(g, i, RD_AGG_EVOLUTION))
		fmt_change_s(ev, S, rd_num(g, i, RD_AGG_EVOLUTION), true);
	else if (!pg_isnull(g, i, RD_AGG_N) && !pg_isnull(g, i, RD_AGG_PREV_DIFFUSABLE))
		snprintf(ev, sizeof ev, "%s", FMT_SECRET);
	else
		snprintf(ev, sizeof ev, "%s", FMT_MISSING);
	if (diff)
		levels[2] = report_level(rd_num(g, i, RD_AGG_MOYENNE));
	const char *cells[] = {lab, n, m, med, q, net, ev};
	pdf_table_row(d, cells, levels, theme ? PDF_ROW_GROUP : 0);
}

int territoire_results(const struct report_ctx *rc, pdf_doc *d, const char *territory, const char *name,
		       bool national)
{
	pg_result *g = NULL;
	int ret = rd_grid(rc->conn, rc->camp->campagne, rc->camp->version, territory, "theme,sous_theme", &g);
	if (ret)
		return ret;
	territoire_radar(rc, d, g, name, national);

	/* the table per theme and sub-theme */
	pdf_heading(d, 2, "Résultats par thème et sous-thème");
	struct pdf_column cols[] = {
		{"Thème / sous-thème", 0, PDF_LEFT}, {"n", 26, PDF_RIGHT}, {"Moyenne", 44, PDF_RIGHT},
		{"Médiane", 44, PDF_RIGHT}, {"Q1–Q3", 62, PDF_CENTER},
		{national ? "Min–max" : "Réseau (moyenne)", 54, national ? PDF_CENTER : PDF_RIGHT},
		{"Évolution", 48, PDF_RIGHT}};
	pdf_table_begin(d, cols, 7);
	for (int i = 0; i < pg_ntuples(g); i++)
		territoire_result_row(d, g, i, national);
	pdf_table_end(d);
	char note[400];
	snprintf(note, sizeof note,
		 "n : entreprises (évaluations complètes) ayant un score pour l'élément. Scores de 1 (non engagé) "
		 "à 4 (atteint). « s » : secret statistique (moins de %d entreprises). Évolution : écart à la "
		 "moyenne de la campagne précédente.",
		 rc->camp->seuil_secret);
	pdf_note(d, note);
	pg_result_free(g);
	return pdf_status(d);
}

/* --- objectives ------------------------------------------------------------------- */

int territoire_objectives(const struct report_ctx *rc, pdf_doc *d, const char *territory, const char *name,
		    bool national)
{
	pg_result *g = NULL, *st = NULL;
	int ret;

	if ((ret = rd_grid(rc->conn, rc->camp->campagne, rc->camp->version, territory, "objectif", &g)) ||
	    (ret = rd_grid(rc->conn, rc->camp->campagne, rc->camp->version, territory, "sous_theme", &st)))
		goto cleanup;
	/* share reaching the targets per sub-theme */
	const char *labels[32], *texts[64];
	char lab[32][160], txt[64][S];
	double a[32], b[32];
	int n = 0;
	for (int i = 0; i < pg_ntuples(st) && n < 32; i++, n++) {
		label(lab[n], sizeof lab[n], st, i, RD_AGG_CODE, RD_AGG_LIBELLE);
		labels[n] = lab[n];
		a[n] = rd_bool(st, i, RD_AGG_DIFFUSABLE) ? rd_num(st, i, RD_AGG_PART) : NAN;
		b[n] = rd_bool(st, i, RD_AGG_FR_DIFFUSABLE) ? rd_num(st, i, RD_AGG_FR_PART) : NAN;
		texts[2 * n] = share_s(txt[2 * n], st, i, RD_AGG_PART, RD_AGG_DIFFUSABLE);
		texts[2 * n + 1] = share_s(txt[2 * n + 1], st, i, RD_AGG_FR_PART, RD_AGG_FR_DIFFUSABLE);
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

	pdf_heading(d, 2, "Part des entreprises atteignant la cible, par objectif");
	struct pdf_column cols[] = {
		{"Objectif", 0, PDF_LEFT}, {"Cible", 48, PDF_RIGHT}, {"n", 26, PDF_RIGHT},
		{"Moyenne", 44, PDF_RIGHT}, {national ? "Atteinte" : "Atteinte (région)", 58, PDF_RIGHT},
		{national ? "Médiane" : "Atteinte (réseau)", 58, PDF_RIGHT}};
	pdf_table_begin(d, cols, 6);
	for (int i = 0; i < pg_ntuples(g); i++) {
		char l[200], c[S], nn[S], m[S], p1[S], p2[S];
		int levels[6] = {0};
		label(l, sizeof l, g, i, RD_AGG_CODE, RD_AGG_LIBELLE);
		report_target(c, S, rd_num(g, i, RD_AGG_CIBLE));
		count_s(nn, g, i, RD_AGG_N, -1);
		mean_s(m, g, i, RD_AGG_MOYENNE, RD_AGG_DIFFUSABLE);
		share_s(p1, g, i, RD_AGG_PART, RD_AGG_DIFFUSABLE);
		if (national)
			mean_s(p2, g, i, RD_AGG_MEDIANE, RD_AGG_DIFFUSABLE);
		else
			share_s(p2, g, i, RD_AGG_FR_PART, RD_AGG_FR_DIFFUSABLE);
		if (rd_bool(g, i, RD_AGG_DIFFUSABLE))
			levels[3] = report_level(rd_num(g, i, RD_AGG_MOYENNE));
		const char *cells[] = {l, c, nn, m, p1, p2};
		pdf_table_row(d, cells, levels, 0);
	}
	pdf_table_end(d);
	pdf_note(d, REPORT_TARGET_NOTE);
cleanup:
	pg_result_free(g);
	pg_result_free(st);
	return ret ? ret : pdf_status(d);
}

/* --- viewpoints --------------------------------------------------------------------- */

int territoire_viewpoints(const struct report_ctx *rc, pdf_doc *d, const char *territory)
{
	pg_result *c = NULL, *v = NULL;
	int ret;

	if ((ret = rd_colleges(rc->conn, rc->camp->campagne, rc->camp->version, territory, &c)) ||
	    (ret = rd_divergence(rc->conn, rc->camp->campagne, rc->camp->version, territory, &v)))
		goto cleanup;
	pdf_heading(d, 1, "Là où les points de vue divergent");
	pdf_paragraph(d, "Chaque collège note les mêmes pratiques : la comparaison montre où la direction, "
			 "les salarié·e·s, les bénévoles et les administrateur·rice·s ne voient pas la même chose. "
			 "Divergence entre collèges : différence entre la plus forte et la plus faible moyenne de "
			 "collège.");
	static const struct pdf_column cols[] = {
		{"Thème / sous-thème", 0, PDF_LEFT}, {"Direction", 46, PDF_RIGHT},
		{"Permanent·e·s", 60, PDF_RIGHT}, {"Insertion", 46, PDF_RIGHT},
		{"Bénévoles", 50, PDF_RIGHT}, {"Administr.", 50, PDF_RIGHT}, {"Divergence", 50, PDF_RIGHT}};
	pdf_table_begin(d, cols, 7);
	for (int i = 0; i < pg_ntuples(c); i++) {
		char l[200], val[RD_COLLEGES][S], ec[S];
		const char *cells[7];
		int levels[7] = {0};
		double e = rd_num(c, i, RD_COL_ECART);

		label(l, sizeof l, c, i, RD_COL_CODE, RD_COL_LIBELLE);
		cells[0] = l;
		for (int k = 0; k < RD_COLLEGES; k++)
			cells[1 + k] = mean_s(val[k], c, i, RD_COL_FIRST + 2 * k, RD_COL_FIRST + 2 * k + 1);
		cells[6] = isnan(e) ? FMT_MISSING : fmt_score(ec, S, e);
		levels[6] = isnan(e) ? 0 : e >= 1 ? 1 : e >= 0.5 ? 2 : 0;
		pdf_table_row(d, cells, levels,
			      strcmp(rd_str(c, i, RD_COL_NIVEAU), "theme") == 0 ? PDF_ROW_GROUP : 0);
	}
	pdf_table_end(d);

	pdf_heading(d, 2, "Points de débat");
	pdf_paragraph(d, "Dispersion interne : dans une entreprise, l'écart moyen, sur les indicateurs d'un "
			 "sous-thème, entre les notes de ses répondants (une autre mesure que la divergence entre "
			 "collèges). À 2 points ou plus, le sous-thème est un point de débat.");
	if (pg_ntuples(v) == 0) {
		pdf_paragraph(d, "Aucune entreprise n'a assez de répondants pour mesurer un écart.");
		goto cleanup;
	}
	static const struct pdf_column dcols[] = {
		{"Sous-thème", 0, PDF_LEFT}, {"Entreprises", 58, PDF_RIGHT}, {"Dispersion interne", 62, PDF_RIGHT},
		{"Points de débat", 64, PDF_RIGHT}, {"Part", 44, PDF_RIGHT}};
	pdf_table_begin(d, dcols, 5);
	for (int i = 0; i < pg_ntuples(v); i++) {
		char l[200], n[S], e[S], k[S], p[S];
		label(l, sizeof l, v, i, RD_DIV_CODE, RD_DIV_LIBELLE);
		const char *cells[] = {l, count_s(n, v, i, RD_DIV_N, -1),
				       mean_s(e, v, i, RD_DIV_ECART, RD_DIV_DIFFUSABLE),
				       count_s(k, v, i, RD_DIV_N_DEBATS, RD_DIV_DIFFUSABLE),
				       share_s(p, v, i, RD_DIV_PART_DEBATS, RD_DIV_DIFFUSABLE)};
		pdf_table_row(d, cells, NULL, 0);
	}
	pdf_table_end(d);
cleanup:
	pg_result_free(c);
	pg_result_free(v);
	return ret ? ret : pdf_status(d);
}

/* --- progress plans ------------------------------------------------------------------- */

/* the objectives the plans chose first */
static void territoire_plan_table(pdf_doc *d, const pg_result *p)
{
	static const struct pdf_column cols[] = {
		{"Objectif choisi", 0, PDF_LEFT}, {"Entreprises", 50, PDF_RIGHT}, {"Actions", 38, PDF_RIGHT},
		{"À engager", 40, PDF_RIGHT}, {"En cours", 38, PDF_RIGHT}, {"Réalisées", 42, PDF_RIGHT},
		{"Abandon.", 40, PDF_RIGHT}, {"Réalisées (préc.)", 52, PDF_RIGHT}};
	pdf_heading(d, 2, "Ce que les plans mettent en premier");
	pdf_table_begin(d, cols, 8);
	for (int i = 0; i < pg_ntuples(p); i++) {
		char l[200], c[7][S];
		double prev = rd_num(p, i, RD_PLAN_PART_PREC);
		label(l, sizeof l, p, i, RD_PLAN_OBJECTIF, RD_PLAN_LIBELLE);
		const char *cells[] = {l, fmt_int(c[0], S, rd_int(p, i, RD_PLAN_N_ENTREPRISES)),
				       fmt_int(c[1], S, rd_int(p, i, RD_PLAN_N_ACTIONS)),
				       fmt_int(c[2], S, rd_int(p, i, RD_PLAN_A_ENGAGER)),
				       fmt_int(c[3], S, rd_int(p, i, RD_PLAN_EN_COURS)),
				       fmt_int(c[4], S, rd_int(p, i, RD_PLAN_REALISEES)),
				       fmt_int(c[5], S, rd_int(p, i, RD_PLAN_ABANDONNEES)),
				       isnan(prev) ? FMT_MISSING : fmt_percent(c[6], S, prev)};
		pdf_table_row(d, cells, NULL, 0);
	}
	pdf_table_end(d);
}

int territoire_plans(const struct report_ctx *rc, pdf_doc *d, const char *territory)
{
	pg_result *p = NULL, *f = NULL;
	int ret;
	char msg[400], a[S], b[S];

	if ((ret = rd_plans(rc->conn, rc->camp->campagne, rc->camp->version, territory, 12, &p)) ||
	    (ret = rd_plans_followup(rc->conn, rc->camp->campagne, territory, &f)))
		goto cleanup;
	pdf_heading(d, 1, "Les plans de progrès");
	long long nplans = pg_ntuples(f) ? rd_int(f, 0, 2) : 0, nprev = pg_ntuples(f) ? rd_int(f, 0, 1) : 0;
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
	if (rc->camp->precedente == 0) {
		pdf_paragraph(d, "Pas de campagne précédente : le suivi des actions commencera à la prochaine.");
	} else if (nprev == 0) {
		snprintf(msg, sizeof msg, "Aucun plan de progrès n'avait été transmis en %d.", rc->camp->precedente);
		pdf_paragraph(d, msg);
	} else if (nprev < rc->camp->seuil_secret) {
		/* a share over fewer members than the threshold is not published: say why, not « s » */
		snprintf(msg, sizeof msg,
			 "Suivi : moins de %d entreprises avaient transmis un plan de progrès en %d ; la part de "
			 "leurs actions réalisées n'est pas publiée (secret statistique).",
			 rc->camp->seuil_secret, rc->camp->precedente);
		pdf_paragraph(d, msg);
	} else if (pg_isnull(f, 0, 0)) {
		/* pooled over the objectives, the share is published only when every objective's is */
		snprintf(msg, sizeof msg,
			 "Suivi : la part des actions prévues en %d (plans de %s entreprises) déclarées réalisées "
			 "n'est pas publiée : un objectif retenu par trop peu d'entreprises la rendrait "
			 "recalculable (secret statistique).",
			 rc->camp->precedente, fmt_int(a, S, nprev));
		pdf_paragraph(d, msg);
	} else {
		double part = rd_num(f, 0, 0);
		snprintf(msg, sizeof msg,
			 "Suivi : %s des actions prévues en %d (plans de %s entreprises) sont déclarées réalisées.",
			 isnan(part) ? FMT_MISSING : fmt_percent(b, S, part), rc->camp->precedente, fmt_int(a, S, nprev));
		pdf_paragraph(d, msg);
	}
	if (pg_ntuples(p) > 0)
		territoire_plan_table(d, p);
	if (pg_ntuples(f) && rd_int(f, 0, 3) > 0) {
		long long k = rd_int(f, 0, 3);
		snprintf(msg, sizeof msg, "%s %s par moins de %d entreprises %s pas %s (secret statistique).",
			 fmt_int(a, S, k), report_plural(k, "objectif retenu", "objectifs retenus"),
			 rc->camp->seuil_secret, report_plural(k, "n'est", "ne sont"),
			 report_plural(k, "détaillé", "détaillés"));
		pdf_note(d, msg);
	}
cleanup:
	pg_result_free(p);
	pg_result_free(f);
	return ret ? ret : pdf_status(d);
}

/* --- service offer ----------------------------------------------------------------------- */

int territoire_offers(const struct report_ctx *rc, pdf_doc *d, const char *territory)
{
	pg_result *o = NULL;
	int ret = rd_offers(rc->conn, rc->camp->campagne, territory, &o);

	if (ret)
		return ret;
	pdf_heading(d, 1, "Les offres de services à mobiliser");
	pdf_paragraph(d, "Classées par demande : entreprises dont le plan de progrès mobilise l'offre, et "
			 "entreprises dont un objectif non atteint y renvoie.");
	if (pg_ntuples(o) == 0) {
		pdf_paragraph(d, "Aucune demande exprimée ou déduite pour cette campagne.");
	} else {
		static const struct pdf_column cols[] = {
			{"Offre", 0, PDF_LEFT}, {"Entreprises (plans)", 70, PDF_RIGHT},
			{"Actions", 44, PDF_RIGHT}, {"Entreprises (objectifs non atteints)", 90, PDF_RIGHT},
			{"Objectifs non atteints", 66, PDF_RIGHT}};
		pdf_table_begin(d, cols, 5);
		for (int i = 0; i < pg_ntuples(o); i++) {
			char c[4][S];
			const char *cells[] = {rd_str(o, i, RD_OFF_LIBELLE),
					       count_s(c[0], o, i, RD_OFF_N_PLAN, RD_OFF_DIFFUSABLE),
					       count_s(c[1], o, i, RD_OFF_N_ACTIONS, RD_OFF_DIFFUSABLE),
					       count_s(c[2], o, i, RD_OFF_N_OBJECTIFS, RD_OFF_DIFFUSABLE),
					       count_s(c[3], o, i, RD_OFF_N_NON_ATTEINTS, RD_OFF_DIFFUSABLE)};
			pdf_table_row(d, cells, NULL, 0);
		}
		pdf_table_end(d);
	}
	pg_result_free(o);
	return pdf_status(d);
}

/* --- method ------------------------------------------------------------------------------ */

int territoire_method(const struct report_ctx *rc, pdf_doc *d, bool national)
{
	char msg[700], pct[S];

	(void)national; /* the secrecy rule is the same for both (lecap.publier) */
	pdf_page_break(d);
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
	if (etre_faire_vision(rc, d))
		return pdf_status(d);
	snprintf(msg, sizeof msg, "Grille du Cap : version %s. Campagne %d.", rc->camp->version,
		 rc->camp->campagne);
	pdf_note(d, msg);
	return pdf_status(d);
}
