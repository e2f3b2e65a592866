/*
 * A member's « photographie »: its radar against the regional and network
 * medians, its objectives, where its own colleges disagree, its progress
 * plan as submitted, a ready-to-use plan built from its unreached
 * objectives, and its trend over its campaigns (entreprise_tendance.c).
 *
 * Only the member's own rows (by evaluation id) and diffusable aggregates
 * are read: never another member's data. Members are rendered by batches
 * (report_data.h): one statement per question for up to BATCH members,
 * each report taking its own slice of the rows; memory stays flat.
 */
#include "report.h"
#include "entreprise_tendance.h"

#include "base/exitcode.h"
#include "base/fmt.h"
#include "base/log.h"
#include "io/sha256.h"
#include "report/member_data.h"
#include "report/tendance.h"
#include "base/signals.h"
#include "version.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define S FMT_SIZE
/* a batch's results: scores, colleges, plans, to-do, its indicators, indicators left to rate,
 * earlier plans (the plans' key is the SIRET) */
#define NQ 7

struct member {
	const char *id, *siret, *name, *region, *region_name, *type, *type_name, *version;
	const char *prev_id;
	int prev_campagne;
	bool complete;
};

static const char *status_label(const char *s)
{
	if (strcmp(s, "a_engager") == 0)
		return "à engager";
	if (strcmp(s, "en_cours") == 0)
		return "en cours";
	if (strcmp(s, "realisee") == 0)
		return "réalisée";
	if (strcmp(s, "abandonnee") == 0)
		return "abandonnée";
	return s;
}

static const char *priority_label(const char *p)
{
	return strcmp(p, "1") == 0 ? "haute" : strcmp(p, "2") == 0 ? "moyenne" : "basse";
}

static char *score_or_dash(char *out, const pg_result *r, int row, int col)
{
	double v = rd_num(r, row, col);
	return isnan(v) ? strcpy(out, FMT_MISSING) : fmt_score(out, S, v);
}

static char *median_s(char *out, const pg_result *r, int row, int col, int diff)
{
	double v = rd_num(r, row, col);
	/* a cell the publication views keep secret: diffusable false, value NULL */
	if (!pg_isnull(r, row, diff) && !rd_bool(r, row, diff))
		return strcpy(out, FMT_SECRET);
	return isnan(v) ? strcpy(out, FMT_MISSING) : fmt_score(out, S, v);
}

/* The member's quarter of the network for a row of its scores: « 1er quart » … « 4e quart », or « – ». */
static const char *quarter(const pg_result *s, int i)
{
	double v = rd_num(s, i, RD_MS_SCORE), q1 = rd_num(s, i, RD_MS_FR_Q1), med = rd_num(s, i, RD_MS_FR_MEDIANE),
	       q3 = rd_num(s, i, RD_MS_FR_Q3);

	if (!rd_bool(s, i, RD_MS_FR_DIFFUSABLE) || isnan(v) || isnan(q1) || isnan(med) || isnan(q3))
		return FMT_MISSING;
	v = fmt_round(v, 2);
	return v < fmt_round(q1, 2) ? "1er quart" : v < fmt_round(med, 2) ? "2e quart" : v < fmt_round(q3, 2) ? "3e quart"
													: "4e quart";
}

/*
 * Valorisation: the objectives the member reaches while scoring above the
 * network's median.
 */
static void strengths(pdf_doc *d, struct rd_slice sl)
{
	const pg_result *s = sl.r;
	char msg[400], a[S], b[S], c[S];
	int n = 0;

	pdf_heading(d, 2, "Vos points forts");
	for (int i = sl.begin; i < sl.end; i++) {
		if (strcmp(rd_str(s, i, RD_MS_NIVEAU), "objectif") != 0 || !rd_bool(s, i, RD_MS_ATTEINT) ||
		    !rd_bool(s, i, RD_MS_FR_DIFFUSABLE) || pg_isnull(s, i, RD_MS_FR_MEDIANE))
			continue;
		double v = fmt_round(rd_num(s, i, RD_MS_SCORE), 2), med = fmt_round(rd_num(s, i, RD_MS_FR_MEDIANE), 2);
		if (v <= med)
			continue;
		if (n++ == 0)
			pdf_paragraph(d, "Les objectifs que vous atteignez en notant au-dessus de la médiane du réseau :");
		snprintf(msg, sizeof msg, "%s %s : %s pour une cible de %s (médiane du réseau %s)", rd_str(s, i, RD_MS_CODE),
			 rd_str(s, i, RD_MS_LIBELLE), fmt_score(a, S, v), fmt_score(b, S, rd_num(s, i, RD_MS_CIBLE)),
			 fmt_score(c, S, med));
		pdf_bullet(d, msg);
	}
	if (n == 0)
		pdf_paragraph(d, "Aucun objectif n'est à la fois atteint et au-dessus de la médiane du réseau.");
}

static void profile(const struct report_ctx *rc, pdf_doc *d, const struct member *m, struct rd_slice sl)
{
	const pg_result *s = sl.r;
	const char *axes[32];
	char ax[32][160];
	double mine[32], reg[32], fr[32];
	int n = 0;

	for (int i = sl.begin; i < sl.end && n < 32; i++) {
		if (strcmp(rd_str(s, i, RD_MS_NIVEAU), "sous_theme") != 0)
			continue;
		snprintf(ax[n], sizeof ax[n], "%s %s", rd_str(s, i, RD_MS_CODE), rd_str(s, i, RD_MS_LIBELLE));
		axes[n] = ax[n];
		mine[n] = rd_num(s, i, RD_MS_SCORE);
		reg[n] = rd_bool(s, i, RD_MS_REG_DIFFUSABLE) ? rd_num(s, i, RD_MS_REG_MEDIANE) : NAN;
		fr[n] = rd_bool(s, i, RD_MS_FR_DIFFUSABLE) ? rd_num(s, i, RD_MS_FR_MEDIANE) : NAN;
		n++;
	}
	pdf_need(d, PDF_RADAR_HEIGHT + 60);
	pdf_heading(d, 1, "Votre profil sur les onze sous-thèmes");
	if (n >= 3) {
		char regname[200];
		snprintf(regname, sizeof regname, "%s (médiane)", m->region_name);
		struct pdf_series series[] = {{m->name, mine}, {regname, reg}, {"Réseau (médiane)", fr}};
		static const char *const ticks[] = {"1", "2", "3", "4"};
		static const struct pdf_scale sc = {1, 4, ticks, 4};
		pdf_radar(d, axes, (size_t)n, series, 3, &sc);
	}
	char note[300];
	snprintf(note, sizeof note,
		 "Médianes des évaluations complètes de la campagne ; une médiane reposant sur moins de %d "
		 "entreprises n'est pas montrée (« s »).",
		 rc->camp->seuil_secret);
	pdf_note(d, note);

	pdf_heading(d, 2, "Vos scores par thème et sous-thème");
	static const struct pdf_column cols[] = {
		{"Thème / sous-thème", 0, PDF_LEFT}, {"Votre score", 50, PDF_RIGHT},
		{"Médiane régionale", 58, PDF_RIGHT}, {"Médiane du réseau", 58, PDF_RIGHT},
		{"Médiane de votre type", 62, PDF_RIGHT}, {"Position dans le réseau", 62, PDF_RIGHT}};
	pdf_table_begin(d, cols, 6);
	for (int i = sl.begin; i < sl.end; i++) {
		const char *niv = rd_str(s, i, RD_MS_NIVEAU);
		if (strcmp(niv, "objectif") == 0)
			continue;
		char l[200], a[S], b[S], c[S], t[S];
		int levels[6] = {0, report_level(rd_num(s, i, RD_MS_SCORE)), 0, 0, 0, 0};
		snprintf(l, sizeof l, "%s %s", rd_str(s, i, RD_MS_CODE), rd_str(s, i, RD_MS_LIBELLE));
		const char *cells[] = {l, score_or_dash(a, s, i, RD_MS_SCORE),
				       median_s(b, s, i, RD_MS_REG_MEDIANE, RD_MS_REG_DIFFUSABLE),
				       median_s(c, s, i, RD_MS_FR_MEDIANE, RD_MS_FR_DIFFUSABLE),
				       median_s(t, s, i, RD_MS_TYPE_MEDIANE, RD_MS_TYPE_DIFFUSABLE), quarter(s, i)};
		pdf_table_row(d, cells, levels, strcmp(niv, "theme") == 0 ? PDF_ROW_GROUP : 0);
	}
	pdf_table_end(d);
	pdf_note(d, "Médiane de votre type : celle des adhérents du réseau du même type de structure que vous. "
		    "Position dans le réseau : le quart des évaluations complètes du réseau où tombe votre score "
		    "(1er quart : sous le premier quartile ; 4e quart : au-dessus du troisième).");
}

static void objectives(pdf_doc *d, struct rd_slice sl)
{
	const pg_result *s = sl.r;
	pdf_heading(d, 1, "Vos objectifs et le niveau d'exigence du réseau");
	static const struct pdf_column cols[] = {
		{"Objectif", 0, PDF_LEFT}, {"Score", 40, PDF_RIGHT}, {"Cible", 48, PDF_RIGHT},
		{"Atteint", 44, PDF_CENTER}, {"Écart", 44, PDF_RIGHT}};
	pdf_table_begin(d, cols, 5);
	for (int i = sl.begin; i < sl.end; i++) {
		if (strcmp(rd_str(s, i, RD_MS_NIVEAU), "objectif") != 0)
			continue;
		char l[200], a[S], c[S], e[S];
		int levels[5] = {0};
		bool scored = !pg_isnull(s, i, RD_MS_SCORE);
		const char *att = !scored ? "non noté" : rd_bool(s, i, RD_MS_ATTEINT) ? "oui" : "non";
		if (scored)
			levels[3] = rd_bool(s, i, RD_MS_ATTEINT) ? 4 : 1;
		snprintf(l, sizeof l, "%s %s", rd_str(s, i, RD_MS_CODE), rd_str(s, i, RD_MS_LIBELLE));
		double score = rd_num(s, i, RD_MS_SCORE), cible = rd_num(s, i, RD_MS_CIBLE);
		const char *cells[] = {l, score_or_dash(a, s, i, RD_MS_SCORE), report_target(c, S, cible), att,
				       scored ? fmt_change(e, S, report_printed_diff(score, cible), 2) : FMT_MISSING};
		pdf_table_row(d, cells, levels, 0);
	}
	pdf_table_end(d);
	pdf_note(d, "Écart : score moins cible. Un objectif est atteint quand son score égale ou dépasse sa cible. "
		    "« max » : la cible est le haut de l'échelle (4,00), une pratique pleinement en place ; pour un "
		    "objectif réglementaire (3.4 Respect de la réglementation), la conformité complète.");
}

static void colleges(pdf_doc *d, struct rd_slice sl)
{
	const pg_result *c = sl.r;
	int any = 0;

	pdf_heading(d, 1, "Là où vos collèges ne voient pas la même chose");
	for (int i = sl.begin; i < sl.end; i++)
		for (int k = 0; k < RD_COLLEGES; k++)
			if (!pg_isnull(c, i, RD_MC_FIRST + k))
				any = 1;
	if (!any) {
		pdf_paragraph(d, "Votre export ne porte que des notes de consensus : pas de comparaison entre "
				 "collèges.");
		return;
	}
	pdf_paragraph(d, "Score de chaque collège par sous-thème, et dispersion interne : l'écart moyen entre "
			 "les notes de vos répondants sur les indicateurs du sous-thème. À 2 points ou plus, le "
			 "sous-thème est un point de débat à reprendre ensemble.");
	static const struct pdf_column cols[] = {
		{"Sous-thème", 0, PDF_LEFT}, {"Direction", 44, PDF_RIGHT}, {"Permanent·e·s", 66, PDF_RIGHT},
		{"Insertion", 44, PDF_RIGHT}, {"Bénévoles", 48, PDF_RIGHT}, {"Administr.", 50, PDF_RIGHT},
		{"Dispersion interne", 56, PDF_RIGHT}, {"Débat", 32, PDF_CENTER}};
	pdf_table_begin(d, cols, 8);
	for (int i = sl.begin; i < sl.end; i++) {
		char l[200], v[RD_COLLEGES][S], e[S];
		const char *cells[8];
		int levels[8] = {0};
		bool debate = rd_bool(c, i, RD_MC_DEBAT);
		snprintf(l, sizeof l, "%s %s", rd_str(c, i, RD_MC_CODE), rd_str(c, i, RD_MC_LIBELLE));
		cells[0] = l;
		for (int k = 0; k < RD_COLLEGES; k++)
			cells[1 + k] = score_or_dash(v[k], c, i, RD_MC_FIRST + k);
		cells[6] = score_or_dash(e, c, i, RD_MC_ECART);
		cells[7] = debate ? "oui" : FMT_MISSING;
		if (debate)
			levels[6] = levels[7] = 1;
		pdf_table_row(d, cells, levels, 0);
	}
	pdf_table_end(d);
}

/* The ranked priorities of the ready-to-use plan: rows of the to-do slice. */
struct priorities {
	int row[64];
	double gap[64];        /* to target, as printed */
	double divergence[64]; /* between colleges, on the objective's sub-theme; -1: unknown */
	bool offer[64];        /* the federation has an offer for it */
	int n;                 /* unreached objectives ranked */
	int shown;             /* the first `shown` are the priorities */
};

/* The divergence between colleges (highest − lowest college score, as printed) of a sub-theme. */
static double subtheme_divergence(struct rd_slice cs, const char *objective)
{
	const pg_result *c = cs.r;
	size_t len = strlen(objective);
	const char *dot = strrchr(objective, '.');
	size_t stlen = dot ? (size_t)(dot - objective) : len;

	for (int i = cs.begin; i < cs.end; i++) {
		const char *st = rd_str(c, i, RD_MC_CODE);
		if (strlen(st) != stlen || strncmp(st, objective, stlen) != 0)
			continue;
		double hi = -INFINITY, lo = INFINITY;
		for (int k = 0; k < RD_COLLEGES; k++) {
			if (pg_isnull(c, i, RD_MC_FIRST + k))
				continue;
			double x = fmt_round(rd_num(c, i, RD_MC_FIRST + k), 2);
			hi = fmax(hi, x);
			lo = fmin(lo, x);
		}
		return hi > lo ? fmt_round(hi - lo, 2) : NAN;
	}
	return NAN;
}

/* Whether entry x comes before entry y: larger gap, then larger divergence, then an offer, then grid order. */
static bool ranks_before(double gx, double dx, bool ox, int rx, double gy, double dy, bool oy, int ry)
{
	if (gx != gy)
		return gx > gy;
	if (dx != dy)
		return dx > dy;
	if (ox != oy)
		return ox;
	return rx < ry; /* the SQL order: gap, then grid order */
}

/*
 * The documented rule (docs/rapports.md): the unreached rated objectives,
 * ranked by gap to target, then divergence between colleges on their
 * sub-theme, then whether the federation has an offer for them; the first
 * `max` are the priorities.
 */
static void rank(struct priorities *p, struct rd_slice ts, struct rd_slice cs, int max)
{
	const pg_result *t = ts.r;

	p->n = 0;
	for (int i = ts.begin; i < ts.end && p->n < 64; i++) {
		double dv = subtheme_divergence(cs, rd_str(t, i, RD_MT_CODE));
		double g = fmt_round(rd_num(t, i, RD_MT_ECART), 2);
		bool of = !pg_isnull(t, i, RD_MT_OFFRES);
		int j = p->n++;
		dv = isnan(dv) ? -1 : dv;
		while (j > 0 && ranks_before(g, dv, of, i, p->gap[j - 1], p->divergence[j - 1], p->offer[j - 1],
					     p->row[j - 1])) {
			p->row[j] = p->row[j - 1];
			p->gap[j] = p->gap[j - 1];
			p->divergence[j] = p->divergence[j - 1];
			p->offer[j] = p->offer[j - 1];
			j--;
		}
		p->row[j] = i;
		p->gap[j] = g;
		p->divergence[j] = dv;
		p->offer[j] = of;
	}
	p->shown = p->n < max ? p->n : max;
}

/* The priority number (1…) of an objective, 0 when it is not a priority. */
static int priority_of(const struct priorities *p, const pg_result *t, const char *objective)
{
	for (int k = 0; k < p->shown; k++)
		if (strcmp(rd_str(t, p->row[k], RD_MT_CODE), objective) == 0)
			return k + 1;
	return 0;
}

static void plan(pdf_doc *d, struct rd_slice sl, const struct priorities *pr, const pg_result *todo)
{
	const pg_result *p = sl.r;
	bool marked = false;

	pdf_heading(d, 1, "Votre plan de progrès, tel que transmis");
	if (sl.begin == sl.end) {
		pdf_paragraph(d, "Aucun plan de progrès n'a été reçu pour cette campagne. Le plan prêt à l'emploi "
				 "qui suit peut servir de point de départ.");
	} else {
		static const struct pdf_column cols[] = {
			{"Objectif", 40, PDF_LEFT}, {"Action", 0, PDF_LEFT}, {"Priorité", 44, PDF_LEFT},
			{"Responsable", 66, PDF_LEFT}, {"Échéance", 54, PDF_RIGHT}, {"Statut", 54, PDF_LEFT},
			{"Offres", 0, PDF_LEFT}};
		pdf_table_begin(d, cols, 7);
		for (int i = sl.begin; i < sl.end; i++) {
			char e[S], obj[64];
			int k = priority_of(pr, todo, rd_str(p, i, RD_MP_OBJECTIF));
			snprintf(obj, sizeof obj, "%s%s", rd_str(p, i, RD_MP_OBJECTIF), k ? " *" : "");
			marked = marked || k;
			const char *cells[] = {obj, rd_str(p, i, RD_MP_ACTION),
					       priority_label(rd_str(p, i, RD_MP_PRIORITE)),
					       rd_str(p, i, RD_MP_RESPONSABLE),
					       pg_isnull(p, i, RD_MP_ECHEANCE)
						       ? FMT_MISSING
						       : fmt_date_iso(e, S, rd_str(p, i, RD_MP_ECHEANCE)),
					       status_label(rd_str(p, i, RD_MP_STATUT)), rd_str(p, i, RD_MP_OFFRES)};
			int levels[7] = {0};
			if (strcmp(rd_str(p, i, RD_MP_STATUT), "realisee") == 0)
				levels[5] = 4;
			pdf_table_row(d, cells, levels, 0);
		}
		pdf_table_end(d);
		if (marked)
			pdf_note(d, "* : objectif aussi retenu parmi les priorités du plan prêt à l'emploi qui suit.");
	}
}

/*
 * The follow-up of the plans of earlier campaigns: each action, its status
 * then and now — réalisée, en cours, abandonnée, or not followed up (no
 * later plan mentions it and it was neither carried out nor abandoned).
 */
static void history(pdf_doc *d, const struct member_data *md)
{
	char msg[500], a[5][S];
	int n = md->n_history, count[4] = {0}; /* réalisée, en cours, abandonnée, non suivie */

	if (n == 0)
		return;
	for (int i = 0; i < n; i++) {
		const char *then = md->history[i].statut, *now = md->history[i].statut_maintenant;
		if (!now && (strcmp(then, "realisee") == 0 || strcmp(then, "abandonnee") == 0))
			now = then;
		count[!now ? 3 : strcmp(now, "realisee") == 0 ? 0 : strcmp(now, "abandonnee") == 0 ? 2 : 1]++;
	}
	/* the summary first, then the actions; a short follow-up kept on one
	 * page (a sentence alone at the top of a page is a page turned for
	 * nothing: issue 19) */
	if (n <= 20)
		pdf_need(d, 70 + 16.0 * (n + 1));
	pdf_heading(d, 2, "Le suivi de vos plans précédents");
	snprintf(msg, sizeof msg,
		 "Sur %s %s de vos plans précédents : %s %s, %s en cours, %s %s, %s %s (ni reprise dans un plan "
		 "suivant, ni réalisée, ni abandonnée).",
		 fmt_int(a[0], S, n), report_plural(n, "action", "actions"), fmt_int(a[1], S, count[0]),
		 report_plural(count[0], "réalisée", "réalisées"), fmt_int(a[2], S, count[1]), fmt_int(a[3], S, count[2]),
		 report_plural(count[2], "abandonnée", "abandonnées"), fmt_int(a[4], S, count[3]),
		 report_plural(count[3], "non suivie", "non suivies"));
	pdf_paragraph(d, msg);
	static const struct pdf_column cols[] = {
		{"Campagne", 44, PDF_LEFT}, {"Objectif", 40, PDF_LEFT}, {"Action", 0, PDF_LEFT},
		{"Statut alors", 62, PDF_LEFT}, {"Aujourd'hui", 62, PDF_LEFT}};
	pdf_table_begin(d, cols, 5);
	for (int i = 0; i < n; i++) {
		const struct md_history_row *h = &md->history[i];
		const char *then = h->statut, *now = h->statut_maintenant;
		if (!now && (strcmp(then, "realisee") == 0 || strcmp(then, "abandonnee") == 0))
			now = then;
		int k = !now ? 3 : strcmp(now, "realisee") == 0 ? 0 : strcmp(now, "abandonnee") == 0 ? 2 : 1;
		const char *cells[] = {h->campagne, h->objectif, h->action, status_label(then),
				       now ? status_label(now) : "non suivie"};
		int levels[5] = {0, 0, 0, 0, k == 0 ? 4 : k == 3 ? 1 : 0};
		pdf_table_row(d, cells, levels, 0);
	}
	pdf_table_end(d);
}

/*
 * An incomplete evaluation: what is left to rate, by sub-theme, before any
 * plan (the plan that follows is built on the rated objectives only).
 */
static void unrated(pdf_doc *d, const struct member_data *md)
{
	const struct md_unrated_row *u = md->unrated;
	char msg[300], a[S];
	int n = md->n_unrated;

	if (n == 0)
		return;
	pdf_heading(d, 1, "Ce qu'il reste à noter");
	snprintf(msg, sizeof msg,
		 "%s %s sans note ni « non concerné » : en les notant, vous complétez votre photographie "
		 "et le plan de progrès portera sur toute la grille.",
		 fmt_int(a, S, n), report_plural(n, "indicateur reste", "indicateurs restent"));
	pdf_paragraph(d, msg);
	static const struct pdf_column cols[] = {{"Sous-thème", 150, PDF_LEFT}, {"Indicateurs à noter", 0, PDF_LEFT}};
	pdf_table_begin(d, cols, 2);
	for (int i = 0; i < n;) {
		char st[200], list[2400];
		size_t len = 0;
		int j = i;
		snprintf(st, sizeof st, "%s %s", u[i].sous_theme, u[i].sous_theme_libelle);
		list[0] = '\0';
		for (; j < n && strcmp(u[j].sous_theme, u[i].sous_theme) == 0; j++) {
			int w = snprintf(list + len, sizeof list - len, "%s%s %s", len ? " ; " : "", u[j].code, u[j].libelle);
			if (w < 0 || (size_t)w >= sizeof list - len)
				break;
			len += (size_t)w;
		}
		while (j < n && strcmp(u[j].sous_theme, u[i].sous_theme) == 0)
			j++;
		const char *cells[] = {st, list};
		pdf_table_row(d, cells, NULL, 0);
		i = j;
	}
	pdf_table_end(d);
}

/* One priority of the ready plan: its gap, what the member already planned
 * for it, its weakest indicators, the federation's offers. */
static void ready_priority(pdf_doc *d, const struct priorities *pr, int k, struct rd_slice ts, struct rd_slice is,
			   struct rd_slice ps)
{
	const pg_result *t = ts.r, *ind = is.r, *pl = ps.r;
	char msg[700], a[S], b[S], c[S], h[240], dv[200] = "";
	int i = pr->row[k];
	const char *code = rd_str(t, i, RD_MT_CODE);

	snprintf(h, sizeof h, "Priorité %d : %s %s", k + 1, code, rd_str(t, i, RD_MT_LIBELLE));
	pdf_heading(d, 3, h);
	double cible = rd_num(t, i, RD_MT_CIBLE), score = rd_num(t, i, RD_MT_SCORE);
	double gap = report_printed_diff(cible, score);
	if (pr->divergence[k] > 0)
		snprintf(dv, sizeof dv, " Divergence entre vos collèges sur le sous-thème : %s %s.",
			 fmt_score(c, S, pr->divergence[k]), pr->divergence[k] >= 2 ? "points" : "point");
	snprintf(msg, sizeof msg, "Score %s pour une cible de %s%s : il manque %s %s.%s", fmt_score(a, S, score),
		 fmt_score(b, S, cible), fmt_round(cible, 2) >= 4 ? " (le haut de l'échelle)" : "",
		 fmt_score(c, S, gap), fmt_round(gap, 2) >= 2 ? "points" : "point", dv);
	pdf_paragraph(d, msg);
	for (int j = ps.begin; j < ps.end; j++)
		if (strcmp(rd_str(pl, j, RD_MP_OBJECTIF), code) == 0) {
			snprintf(msg, sizeof msg, "Déjà dans votre plan transmis : « %s » (%s).",
				 rd_str(pl, j, RD_MP_ACTION), status_label(rd_str(pl, j, RD_MP_STATUT)));
			pdf_paragraph(d, msg);
		}
	for (int j = is.begin; j < is.end; j++) {
		if (strcmp(rd_str(ind, j, RD_MI_OBJECTIF), code) != 0)
			continue;
		snprintf(msg, sizeof msg, "%s %s (score %s)", rd_str(ind, j, RD_MI_CODE), rd_str(ind, j, RD_MI_LIBELLE),
			 fmt_score(a, S, rd_num(ind, j, RD_MI_SCORE)));
		pdf_bullet(d, msg);
	}
	if (!pg_isnull(t, i, RD_MT_OFFRES)) {
		/* one offer per line: « libellé : description » */
		const char *o = rd_str(t, i, RD_MT_OFFRES);
		pdf_paragraph(d, "Offres de la fédération à mobiliser :");
		while (*o) {
			const char *nl = strchr(o, '\n');
			size_t len = nl ? (size_t)(nl - o) : strlen(o);
			snprintf(msg, sizeof msg, "%.*s", (int)(len < sizeof msg ? len : sizeof msg - 1), o);
			pdf_bullet(d, msg);
			o += len + (nl ? 1 : 0);
		}
	}
	pdf_paragraph(d, "Responsable : ______________________    Échéance : ____ / ____ / ________");
}

/* The objectives not reached beyond the priorities shown, on one line. */
static void ready_rest(pdf_doc *d, const struct priorities *pr, struct rd_slice ts)
{
	const pg_result *t = ts.r;
	char msg[700], a[S];
	size_t len = 0;

	if (pr->n <= pr->shown)
		return;
	len += (size_t)snprintf(msg, sizeof msg, "Ensuite, les autres objectifs non atteints : ");
	for (int k = pr->shown; k < pr->n && len < sizeof msg; k++) {
		int i = pr->row[k];
		int w = snprintf(msg + len, sizeof msg - len, "%s%s (écart %s)", k > pr->shown ? ", " : "",
				 rd_str(t, i, RD_MT_CODE),
				 fmt_score(a, S, report_printed_diff(rd_num(t, i, RD_MT_CIBLE), rd_num(t, i, RD_MT_SCORE))));
		if (w < 0 || (size_t)w >= sizeof msg - len)
			break;
		len += (size_t)w;
	}
	if (len + 2 < sizeof msg)
		strcat(msg, ".");
	pdf_paragraph(d, msg);
}

static void ready_plan(pdf_doc *d, const struct priorities *pr, struct rd_slice ts, struct rd_slice is,
		       struct rd_slice ps, bool complete)
{
	char msg[700];

	pdf_page_break(d);
	pdf_heading(d, 1, "Un plan de progrès prêt à l'emploi");
	if (!complete)
		pdf_paragraph(d, "Votre évaluation est incomplète : ce plan ne porte que sur les objectifs notés. "
				 "Les indicateurs restant à noter sont listés plus haut.");
	if (pr->n == 0) {
		pdf_paragraph(d, "Tous vos objectifs notés atteignent leur cible : votre plan peut viser à "
				 "consolider ces acquis et à renseigner les indicateurs restés sans note.");
		return;
	}
	snprintf(msg, sizeof msg,
		 "%d %s, choisies parmi vos %d %s selon une règle fixe : le plus grand écart à la cible "
		 "d'abord, puis la plus forte divergence entre vos collèges sur le sous-thème, puis la présence "
		 "d'une offre de la fédération. Pour chacune : les indicateurs à travailler (les plus faibles "
		 "d'abord), les offres à mobiliser, et un responsable et une échéance à inscrire.",
		 pr->shown, report_plural(pr->shown, "priorité", "priorités"), pr->n,
		 report_plural(pr->n, "objectif noté non atteint", "objectifs notés non atteints"));
	pdf_paragraph(d, msg);
	for (int k = 0; k < pr->shown; k++)
		ready_priority(d, pr, k, ts, is, ps);
	ready_rest(d, pr, ts);
}

/* "code libellé (2,50 sur 4 ; médiane du réseau 2,10)" of a sub-theme row of the scores. */
static void strength(char *out, size_t size, const pg_result *s, int i, double v)
{
	char a[S], b[S], med[120] = "";

	if (rd_bool(s, i, RD_MS_FR_DIFFUSABLE) && !pg_isnull(s, i, RD_MS_FR_MEDIANE))
		snprintf(med, sizeof med, " ; médiane du réseau %s", fmt_score(b, S, rd_num(s, i, RD_MS_FR_MEDIANE)));
	snprintf(out, size, "%s %s (%s sur 4%s)", rd_str(s, i, RD_MS_CODE), rd_str(s, i, RD_MS_LIBELLE),
		 fmt_score(a, S, v), med);
}

/* "code libellé, 2,00 pour une cible de 4,00 (le haut de l'échelle)" of a row of the to-do. */
static void gap_text(char *out, size_t size, const pg_result *t, int i)
{
	char a[S], b[S];
	double cible = rd_num(t, i, RD_MT_CIBLE);

	snprintf(out, size, "%s %s, %s pour une cible de %s%s", rd_str(t, i, RD_MT_CODE), rd_str(t, i, RD_MT_LIBELLE),
		 fmt_score(a, S, rd_num(t, i, RD_MT_SCORE)), fmt_score(b, S, cible),
		 fmt_round(cible, 2) >= 4 ? " (le haut de l'échelle)" : "");
}

/* The sub-theme where two of the member's colleges are furthest apart, as a sentence. */
static void divergence_text(char *out, size_t size, struct rd_slice sl)
{
	const pg_result *c = sl.r;
	char a[S], b[S], e[S];
	int bi = -1, hi = -1, lo = -1;
	double gap = 0;

	for (int i = sl.begin; i < sl.end; i++) {
		int h = -1, l = -1;
		double vh = -INFINITY, vl = INFINITY;
		for (int k = 0; k < RD_COLLEGES; k++) {
			if (pg_isnull(c, i, RD_MC_FIRST + k))
				continue;
			double x = fmt_round(rd_num(c, i, RD_MC_FIRST + k), 2);
			if (x > vh)
				vh = x, h = k;
			if (x < vl)
				vl = x, l = k;
		}
		if (h >= 0 && h != l && vh - vl > gap + 1e-9)
			gap = vh - vl, bi = i, hi = h, lo = l;
	}
	if (bi < 0) {
		snprintf(out, size, "Points de vue : un seul collège a répondu, ou des notes de consensus seulement : "
				    "pas de comparaison entre collèges.");
		return;
	}
	snprintf(out, size, "Points de vue les plus divergents : %s %s, %s %s d'écart entre %s (%s) et %s (%s).",
		 rd_str(c, bi, RD_MC_CODE), rd_str(c, bi, RD_MC_LIBELLE), fmt_score(e, S, gap),
		 fmt_round(gap, 2) >= 2 ? "points" : "point", report_college_in_text(hi),
		 fmt_score(a, S, fmt_round(rd_num(c, bi, RD_MC_FIRST + hi), 2)), report_college_in_text(lo),
		 fmt_score(b, S, fmt_round(rd_num(c, bi, RD_MC_FIRST + lo), 2)));
}

/*
 * Page 1: key figures and three messages from the member's own rows — its
 * strongest sub-themes (with the network's median), the objectives furthest
 * from their target, the sub-theme where its colleges disagree most.
 */
static void summary(pdf_doc *d, const struct rd_slice q[NQ])
{
	const pg_result *s = q[0].r, *c = q[1].r;
	char v[3][S], msg[800], one[2][300];
	int nobj = 0, nreached = 0, ndebate = 0, ntodo = q[3].end - q[3].begin, best[2] = {-1, -1};
	double bestv[2] = {-INFINITY, -INFINITY};

	for (int i = q[0].begin; i < q[0].end; i++) {
		const char *niv = rd_str(s, i, RD_MS_NIVEAU);
		if (pg_isnull(s, i, RD_MS_SCORE))
			continue;
		if (strcmp(niv, "objectif") == 0) {
			nobj++;
			nreached += rd_bool(s, i, RD_MS_ATTEINT);
		} else if (strcmp(niv, "sous_theme") == 0) {
			double x = fmt_round(rd_num(s, i, RD_MS_SCORE), 2);
			if (x > bestv[0]) {
				best[1] = best[0], bestv[1] = bestv[0];
				best[0] = i, bestv[0] = x;
			} else if (x > bestv[1]) {
				best[1] = i, bestv[1] = x;
			}
		}
	}
	for (int i = q[1].begin; i < q[1].end; i++)
		ndebate += rd_bool(c, i, RD_MC_DEBAT);
	snprintf(v[0], S, "%d / %d", nreached, nobj);
	snprintf(v[1], S, "%d", ntodo);
	snprintf(v[2], S, "%d", ndebate);
	const struct pdf_figure f[] = {
		{v[0], report_plural(nobj, "objectif noté qui atteint sa cible", "objectifs notés qui atteignent leur cible")},
		{v[1], report_plural(ntodo, "objectif à travailler (plan prêt à l'emploi)",
				     "objectifs à travailler (plan prêt à l'emploi)")},
		{v[2], report_plural(ndebate, "point de débat entre vos répondants", "points de débat entre vos répondants")}};
	pdf_heading(d, 2, "L'essentiel");
	pdf_figures(d, f, 3);

	if (best[0] < 0) {
		snprintf(msg, sizeof msg, "Points forts : aucun sous-thème n'est encore noté.");
	} else {
		strength(one[0], sizeof one[0], s, best[0], bestv[0]);
		if (best[1] >= 0)
			strength(one[1], sizeof one[1], s, best[1], bestv[1]);
		snprintf(msg, sizeof msg, "%s : %s%s%s.", best[1] < 0 ? "Point fort" : "Points forts", one[0],
			 best[1] >= 0 ? " et " : "", best[1] >= 0 ? one[1] : "");
	}
	pdf_bullet(d, msg);

	if (ntodo == 0) {
		snprintf(msg, sizeof msg, "Écarts à la cible : tous vos objectifs notés atteignent leur cible.");
	} else {
		gap_text(one[0], sizeof one[0], q[3].r, q[3].begin);
		if (ntodo > 1)
			gap_text(one[1], sizeof one[1], q[3].r, q[3].begin + 1);
		snprintf(msg, sizeof msg, "%s : %s%s%s.",
			 ntodo == 1 ? "Plus grand écart à la cible" : "Plus grands écarts à la cible", one[0],
			 ntodo > 1 ? " ; " : "", ntodo > 1 ? one[1] : "");
	}
	pdf_bullet(d, msg);

	divergence_text(msg, sizeof msg, q[1]);
	pdf_bullet(d, msg);
}

/*
 * A decimal number's text ("-12.345678", as PostgreSQL prints a numeric or
 * a float8) rounded half away from zero to two decimals, into out:
 * "-12.35"; "-0.00" becomes "0.00". Returns its length, 0 when v is not
 * such a number (an integer, a date, text, an exponent). Done on the
 * digits: no strtod, no printf (this runs for every value of every member
 * report's fingerprint).
 */
static size_t round2(const char *v, char *out, size_t size)
{
	const char *p = v, *dot;
	size_t ni, len;
	bool neg = *p == '-';

	if (neg)
		p++;
	for (dot = p; *dot >= '0' && *dot <= '9'; dot++)
		;
	ni = (size_t)(dot - p);
	if (ni == 0 || *dot != '.' || ni + 5 > size)
		return 0;
	char d[3] = {'0', '0', '0'};
	const char *f = dot + 1;
	for (int k = 0; k < 3 && *f; k++, f++) {
		if (*f < '0' || *f > '9')
			return 0;
		d[k] = *f;
	}
	for (const char *q = f; *q; q++)
		if (*q < '0' || *q > '9')
			return 0;
	/* digits: integer part then two decimals, in out after a spare leading position */
	char *o = out + 1;
	memcpy(o, p, ni);
	o[ni] = d[0];
	o[ni + 1] = d[1];
	len = ni + 2;
	if (d[2] >= '5') { /* carry */
		size_t i = len;
		while (i > 0 && o[i - 1] == '9')
			o[--i] = '0';
		if (i > 0) {
			o[i - 1]++;
		} else {
			*--o = '1';
			len++;
		}
	}
	bool zero = true;
	for (size_t i = 0; i < len; i++)
		zero = zero && o[i] == '0';
	/* lay out: [-]int.dd */
	char tmp[64];
	size_t w = 0;
	if (neg && !zero)
		tmp[w++] = '-';
	memcpy(tmp + w, o, len - 2);
	w += len - 2;
	tmp[w++] = '.';
	tmp[w++] = o[len - 2];
	tmp[w++] = o[len - 1];
	if (w + 1 > size)
		return 0;
	memcpy(out, tmp, w);
	out[w] = '\0';
	return w;
}

/*
 * Feeds one value as printed, NULL kept apart from "" and every value
 * delimited: a decimal number (a score, a median, a share) is fed rounded
 * to the two decimals the report prints (a share 0,634 prints 63 %), so a
 * figure moving in its third decimal leaves the fingerprint alone.
 */
static void hash_value(struct sha256 *h, const pg_result *r, int row, int col)
{
	if (pg_isnull(r, row, col)) {
		sha256_update(h, "\x01", 1);
		return;
	}
	const char *v = pg_value(r, row, col);
	char buf[64];
	size_t n = round2(v, buf, sizeof buf);
	if (n)
		sha256_update(h, buf, n + 1);
	else
		sha256_update(h, v, strlen(v) + 1);
}

/* Columns first to upto - 1 of one row, but for the column skip (-1: none). */
static void hash_row(struct sha256 *h, const pg_result *r, int row, int first, int skip, int upto)
{
	for (int col = first; col < upto; col++)
		if (col != skip)
			hash_value(h, r, row, col);
	sha256_update(h, "\x02", 1);
}

/*
 * The fingerprint of everything a member's report is drawn from, as
 * printed: the layout's version (REPORT_LAYOUT_VERSION, not lecap's), the
 * campaign facts and the font it uses, the vision text in force (its
 * version and SHA-256: a new text redraws every photographie), the
 * member's row and its slices of the batch's results (its scores with the
 * regional and network medians, colleges, plan, ready-to-use plan). The
 * same fingerprint means the same PDF, so lecap run skips drawing it.
 */
static void fingerprint(const struct report_ctx *rc, const pg_result *mr, int row, const struct rd_slice q[NQ],
			const struct tendance *trend, char hex[65])
{
	struct sha256 h;
	char facts[4400]; /* the font's path can be long */

	sha256_init(&h);
	snprintf(facts, sizeof facts, "photographie|%s|%d|%d|%d|%.6f|%s|%s|%s|%s|", REPORT_LAYOUT_VERSION,
		 rc->camp->campagne, rc->camp->precedente, rc->camp->seuil_secret, rc->camp->completude_min,
		 rc->camp->version, rc->font ? rc->font : "", rc->vision ? rc->vision->version : "",
		 rc->vision ? rc->vision->empreinte : "");
	sha256_update(&h, facts, strlen(facts) + 1);
	/* Not the evaluation ids (the member's, its previous one's, the slices'
	 * key in their last column): they number the rows in the order the
	 * files were loaded, and an id consumed by a transaction killed inside
	 * its COPY stream shifts them; none is printed. The member is the
	 * SIRET and the campaigns, which are hashed. */
	_Static_assert(RD_MEM_EVALUATION_ID == 0, "the member's id is its row's first column");
	hash_row(&h, mr, row, 1, RD_MEM_PREV_ID, pg_nfields(mr));
	/* The scores' network quartiles are not printed: only the quarter they
	 * give the member's score is (quarter()), so that label is hashed in
	 * their place; a quartile moving under an unchanged label redraws
	 * nothing. */
	_Static_assert(RD_MS_FR_Q3 == RD_MS_FR_Q1 + 1, "the network's quartiles are adjacent columns");
	for (int i = q[0].begin; i < q[0].end; i++) {
		const char *label = quarter(q[0].r, i);
		for (int col = 0; col < pg_nfields(q[0].r) - 1; col++)
			if (col != RD_MS_FR_Q1 && col != RD_MS_FR_Q3)
				hash_value(&h, q[0].r, i, col);
		sha256_update(&h, label, strlen(label) + 1);
		sha256_update(&h, "\x02", 1);
	}
	sha256_update(&h, "\x03", 1);
	for (int k = 1; k < NQ; k++) {
		for (int i = q[k].begin; i < q[k].end; i++)
			hash_row(&h, q[k].r, i, 0, -1, pg_nfields(q[k].r) - 1);
		sha256_update(&h, "\x03", 1);
	}
	entreprise_tendance_fingerprint(&h, trend);
	sha256_final_hex(&h, hex);
}

/* One member's report from its slices of the batch's results. */
static int render(const struct report_ctx *rc, const pg_result *mr, int row, const struct rd_slice q[NQ],
		  const struct tendance *trend, const char *fp, const char *path)
{
	struct member m = {
		.id = rd_str(mr, row, RD_MEM_EVALUATION_ID), .siret = rd_str(mr, row, RD_MEM_SIRET),
		.name = rd_str(mr, row, RD_MEM_RAISON_SOCIALE), .region = rd_str(mr, row, RD_MEM_REGION),
		.region_name = rd_str(mr, row, RD_MEM_REGION_LIBELLE), .type = rd_str(mr, row, RD_MEM_TYPE),
		.type_name = rd_str(mr, row, RD_MEM_TYPE_LIBELLE), .version = rd_str(mr, row, RD_MEM_VERSION),
		.prev_id = rd_str(mr, row, RD_MEM_PREV_ID), .prev_campagne = (int)rd_int(mr, row, RD_MEM_PREV_CAMPAGNE),
		.complete = rd_bool(mr, row, RD_MEM_COMPLETE)};
	pdf_doc *d = NULL;
	struct member_data md;
	char title[300], sub[120], l[3][200], a[S], b[S];
	int ret;

	char subj[200], kw[300];
	snprintf(title, sizeof title, "Le Cap — photographie %d — %s (SIRET %s)", rc->camp->campagne, m.name,
		 m.siret);
	snprintf(subj, sizeof subj, "Photographie Le Cap et plan de progrès de l'entreprise adhérente");
	snprintf(kw, sizeof kw, "photographie; plan de progrès; SIRET %s; %s", m.siret, m.region_name);
	if ((ret = member_data_read(&md, q[6], q[5])) != LECAP_OK)
		goto cleanup;
	if ((ret = report_doc_new(rc, title, subj, kw, rd_str(mr, row, RD_MEM_DONNEES_AU), fp, &d)))
		goto cleanup;
	snprintf(sub, sizeof sub, "Photographie Le Cap %d", rc->camp->campagne);
	snprintf(l[0], sizeof l[0], "SIRET %s · %s (%s) · région %s", m.siret, m.type_name, m.type, m.region_name);
	snprintf(l[1], sizeof l[1], "Complétude %s", fmt_percent(a, S, rd_num(mr, row, RD_MEM_COMPLETUDE)));
	long long nrep = rd_int(mr, row, RD_MEM_N_REPONDANTS);
	snprintf(l[2], sizeof l[2], "Évaluation du %s · %s %s%s",
		 fmt_date_iso(a, S, rd_str(mr, row, RD_MEM_DATE_EVALUATION)), fmt_int(b, S, nrep),
		 report_plural(nrep, "répondant", "répondants"),
		 rd_bool(mr, row, RD_MEM_CONSENSUS) ? ", avec des notes de consensus" : "");
	pdf_title_band(d, "Le Cap — COORACE Ambition Progrès", m.name, sub);
	char intro[700];
	snprintf(intro, sizeof intro, "%s\n%s · %s", l[0], l[2], l[1]);
	pdf_paragraph(d, intro);
	summary(d, q);

	if (!m.complete) {
		char msg[300];
		snprintf(msg, sizeof msg,
			 "Votre évaluation est incomplète (moins de %s des indicateurs renseignés) : elle n'entre pas "
			 "dans les statistiques du réseau, mais vos propres scores sont présentés ci-dessous.",
			 fmt_percent(a, S, rc->camp->completude_min));
		pdf_heading(d, 2, "Évaluation incomplète");
		pdf_paragraph(d, msg);
	}
	profile(rc, d, &m, q[0]);
	objectives(d, q[0]);
	strengths(d, q[0]);
	colleges(d, q[1]);
	struct priorities pr;
	rank(&pr, q[3], q[1], rc->priorities);
	plan(d, q[2], &pr, q[3].r);
	history(d, &md);
	unrated(d, &md);
	ready_plan(d, &pr, q[3], q[4], q[2], m.complete);
	entreprise_tendance_section(d, trend);
	pdf_heading(d, 3, "À savoir");
	pdf_note(d, "Scores de 1 (non engagé) à 4 (atteint), calculés à partir de vos notes : note de consensus "
		    "quand elle existe, sinon moyenne des répondants. Données auto-déclarées, non auditées. Ce "
		    "document ne contient que les données de votre structure et des médianes du réseau.");
	if ((ret = etre_faire_vision(rc, d)))
		goto cleanup;
	ret = pdf_doc_save(d, path);
cleanup:
	pdf_doc_free(d);
	member_data_free(&md);
	return ret;
}

#define BATCH 64
#define MAX_REGION_DIRS 64

/* The region folders under <base>/entreprises (at most MAX_REGION_DIRS). */
static int region_dirs(const char *base, char names[][16], int *n)
{
	char dir[4200];
	DIR *d;
	const struct dirent *e;

	*n = 0;
	snprintf(dir, sizeof dir, "%s/entreprises", base);
	if (!(d = opendir(dir)))
		return errno == ENOENT ? LECAP_OK : log_fail(LECAP_IO, "lecture de %s impossible : %s", dir, strerror(errno));
	while ((e = readdir(d)) != NULL && *n < MAX_REGION_DIRS) {
		size_t len = strlen(e->d_name);
		if (e->d_name[0] != '.' && len < 16) {
			memcpy(names[*n], e->d_name, len + 1);
			(*n)++;
		}
	}
	closedir(d);
	return LECAP_OK;
}

/*
 * A member that changed region has its photographie of this campaign in its
 * new region's folder only: a copy left in another region's folder (from
 * before the move) is removed, so that the old region's delegate does not
 * keep reading it (issue 18).
 */
static int remove_elsewhere(const char *base, char dirs[][16], int ndirs, const char *region, const char *siret)
{
	char path[4200];

	for (int k = 0; k < ndirs; k++) {
		if (strcmp(dirs[k], region) == 0)
			continue;
		snprintf(path, sizeof path, "%s/entreprises/%s/%s.pdf", base, dirs[k], siret);
		if (unlink(path) == 0)
			log_info("photographie de l'ancienne région supprimée : %s (l'adhérent est maintenant en %s)",
				 path, region);
		else if (errno != ENOENT)
			return log_fail(LECAP_IO, "suppression de %s impossible : %s", path, strerror(errno));
	}
	return LECAP_OK;
}

int entreprise_reports(const struct report_ctx *rc, const pg_result *mr, const char *base, int *count,
		       int *kept)
{
	int n = pg_ntuples(mr), ret, ndirs;
	char dirs[MAX_REGION_DIRS][16];

	*count = *kept = 0;
	if ((ret = region_dirs(base, dirs, &ndirs)))
		return ret;
	for (int from = 0; from < n && !ret;) {
		/* a batch: up to BATCH members of the same grid version */
		int to = from + 1;
		while (to < n && to - from < BATCH &&
		       strcmp(rd_str(mr, to, RD_MEM_VERSION), rd_str(mr, from, RD_MEM_VERSION)) == 0)
			to++;
		struct rd_batch b;
		pg_result *q[NQ] = {0};
		int cur[NQ] = {0};
		struct tendance_lot trends = {0};

		if ((ret = rd_batch_init(&b, rc->camp->campagne, mr, from, to)))
			break;
		if (!(ret = rd_batch_scores(rc->conn, &b, &q[0])) && !(ret = rd_batch_colleges(rc->conn, &b, &q[1])) &&
		    !(ret = rd_batch_plans(rc->conn, &b, &q[2])) && !(ret = rd_batch_todo(rc->conn, &b, &q[3])) &&
		    !(ret = rd_batch_todo_indicators(rc->conn, &b, &q[4])) &&
		    !(ret = rd_batch_unrated(rc->conn, &b, &q[5])) &&
		    !(ret = rd_batch_plan_history(rc->conn, &b, &q[6])) &&
		    !(ret = tendance_lot_read(rc->conn, &b, &trends))) {
			for (int row = from; row < to && !ret; row++) {
				if (rc->stop_requested()) {
					ret = LECAP_IO;
					break;
				}
				const char *id = rd_str(mr, row, RD_MEM_EVALUATION_ID);
				struct rd_slice sl[NQ];
				char path[4200];
				for (int k = 0; k < NQ; k++)
					sl[k] = rd_slice_next(q[k], k == 2 || k == 6 ? rd_str(mr, row, RD_MEM_SIRET) : id, &cur[k]);
				int w = snprintf(path, sizeof path, "%s/entreprises/%s/%s.pdf", base,
						 rd_str(mr, row, RD_MEM_REGION), rd_str(mr, row, RD_MEM_SIRET));
				if (w < 0 || (size_t)w >= sizeof path) {
					log_error("chemin de rapport trop long sous %s", base);
					log_hint("choisissez un répertoire de rapports plus court (--out ou [chemins] rapports)");
					ret = LECAP_USAGE;
					break;
				}
				char fp[65];
				const struct tendance *trend = tendance_lot_membre(&trends, id);
				fingerprint(rc, mr, row, sl, trend, fp);
				if ((ret = remove_elsewhere(base, dirs, ndirs, rd_str(mr, row, RD_MEM_REGION),
							    rd_str(mr, row, RD_MEM_SIRET))))
					break;
				if (rc->reuse && pdf_file_has_fingerprint(path, fp)) {
					(*kept)++;
					continue;
				}
				ret = render(rc, mr, row, sl, trend, fp, path);
				if (!ret) {
					log_debug("rapport écrit : %s", path);
					(*count)++;
					/* lets a test send SIGTERM or kill -9 between two reports */
					test_pause_point("rapports-entre-deux");
					test_crash_point("rapports-entre-deux");
				}
			}
		}
		for (int k = 0; k < NQ; k++)
			pg_result_free(q[k]);
		tendance_lot_release(&trends);
		rd_batch_release(&b);
		from = to;
	}
	return ret;
}
