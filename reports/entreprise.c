/*
 * A member's « photographie »: its radar against the regional and network
 * medians, its objectives, where its own colleges disagree, its progress
 * plan as submitted, a ready-to-use plan built from its unreached
 * objectives, and its trend over its campaigns (entreprise_tendance.c).
 *
 * Only the member's own rows (by evaluation id) and diffusable aggregates
 * are read: never another member's data. The data layer
 * (report/member_batch.h) reads them by batches and hands each report its
 * member's typed rows (report/member_data.h); nothing here sees a query
 * result.
 */
#include "report.h"
#include "entreprise_pool.h"
#include "entreprise_tendance.h"

#include "base/exitcode.h"
#include "base/fmt.h"
#include "base/log.h"
#include "base/report_path.h"
#include "base/signals.h"
#include "io/sha256.h"
#include "report/member_batch.h"
#include "report/tendance.h"
#include "consensus.h"
#include "planned.h"
#include "version.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define S FMT_SIZE

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

static char *score_or_dash(char *out, double v)
{
	return isnan(v) ? strcpy(out, FMT_MISSING) : fmt_score(out, S, v);
}

static char *median_s(char *out, double v, enum md_diffusion f)
{
	/* a cell the publication views keep secret: diffusable false, value NULL */
	if (f == MD_SECRET)
		return strcpy(out, FMT_SECRET);
	return isnan(v) ? strcpy(out, FMT_MISSING) : fmt_score(out, S, v);
}

/*
 * Valorisation: the objectives the member reaches while scoring above the
 * network's median.
 */
static void strengths(pdf_doc *d, const struct member_data *md)
{
	char msg[400], a[S], b[S], c[S];
	int n = 0;

	pdf_heading(d, 2, "Vos points forts");
	for (int i = 0; i < md->n_scores; i++) {
		const struct md_score_row *r = &md->scores[i];
		if (r->niveau != MD_OBJECTIF || !r->atteint || r->fr_diffusion != MD_SHOWN || isnan(r->fr_mediane))
			continue;
		double v = fmt_round(r->score, 2), med = fmt_round(r->fr_mediane, 2);
		if (v <= med)
			continue;
		if (n++ == 0)
			pdf_paragraph(d, "Les objectifs que vous atteignez en notant au-dessus de la médiane du réseau :");
		snprintf(msg, sizeof msg, "%s %s : %s pour une cible de %s (médiane du réseau %s)", r->code, r->libelle,
			 fmt_score(a, S, v), fmt_score(b, S, r->cible), fmt_score(c, S, med));
		pdf_bullet(d, msg);
	}
	if (n == 0)
		pdf_paragraph(d, "Aucun objectif n'est à la fois atteint et au-dessus de la médiane du réseau.");
}

/* The radar of the sub-themes: the member's scores against the regional and network medians. */
static void profile_radar(const struct report_ctx *rc, pdf_doc *d, const struct member_data *md)
{
	const struct md_member *m = md->member;
	const char *axes[32];
	char ax[32][160];
	double mine[32], reg[32], fr[32];
	int n = 0;

	for (int i = 0; i < md->n_scores && n < 32; i++) {
		const struct md_score_row *r = &md->scores[i];
		if (r->niveau != MD_SOUS_THEME)
			continue;
		snprintf(ax[n], sizeof ax[n], "%s %s", r->code, r->libelle);
		axes[n] = ax[n];
		mine[n] = r->score;
		reg[n] = r->reg_diffusion == MD_SHOWN ? r->reg_mediane : NAN;
		fr[n] = r->fr_diffusion == MD_SHOWN ? r->fr_mediane : NAN;
		n++;
	}
	pdf_need(d, PDF_RADAR_HEIGHT + 60);
	pdf_heading(d, 1, "Votre profil sur les onze sous-thèmes");
	if (n >= 3) {
		char regname[200];
		snprintf(regname, sizeof regname, "%s (médiane)", m->region_libelle);
		struct pdf_series series[] = {{m->raison_sociale, mine}, {regname, reg}, {"Réseau (médiane)", fr}};
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
}

static void profile(const struct report_ctx *rc, pdf_doc *d, const struct member_data *md)
{
	profile_radar(rc, d, md);
	pdf_heading(d, 2, "Vos scores par thème et sous-thème");
	static const struct pdf_column cols[] = {
		{"Thème / sous-thème", 0, PDF_LEFT}, {"Votre score", 50, PDF_RIGHT},
		{"Médiane régionale", 58, PDF_RIGHT}, {"Médiane du réseau", 58, PDF_RIGHT},
		{"Médiane de votre type", 62, PDF_RIGHT}, {"Position dans le réseau", 62, PDF_RIGHT}};
	pdf_table_begin(d, cols, 6);
	for (int i = 0; i < md->n_scores; i++) {
		const struct md_score_row *r = &md->scores[i];
		if (r->niveau == MD_OBJECTIF)
			continue;
		char l[200], a[S], b[S], c[S], t[S];
		int levels[6] = {0, report_level(r->score), 0, 0, 0, 0};
		snprintf(l, sizeof l, "%s %s", r->code, r->libelle);
		const char *cells[] = {l, score_or_dash(a, r->score), median_s(b, r->reg_mediane, r->reg_diffusion),
				       median_s(c, r->fr_mediane, r->fr_diffusion),
				       median_s(t, r->type_mediane, r->type_diffusion), r->quart};
		pdf_table_row(d, cells, levels, r->niveau == MD_THEME ? PDF_ROW_GROUP : 0);
	}
	pdf_table_end(d);
	pdf_note(d, "Médiane de votre type : celle des adhérents du réseau du même type de structure que vous. "
		    "Position dans le réseau : le quart des évaluations complètes du réseau où tombe votre score "
		    "(1er quart : sous le premier quartile ; 4e quart : au-dessus du troisième).");
}

static void objectives(pdf_doc *d, const struct member_data *md)
{
	pdf_heading(d, 1, "Vos objectifs et le niveau d'exigence du réseau");
	static const struct pdf_column cols[] = {
		{"Objectif", 0, PDF_LEFT}, {"Score", 40, PDF_RIGHT}, {"Cible", 48, PDF_RIGHT},
		{"Atteint", 44, PDF_CENTER}, {"Écart", 44, PDF_RIGHT}};
	pdf_table_begin(d, cols, 5);
	for (int i = 0; i < md->n_scores; i++) {
		const struct md_score_row *r = &md->scores[i];
		if (r->niveau != MD_OBJECTIF)
			continue;
		char l[200], a[S], c[S], e[S];
		int levels[5] = {0};
		bool scored = !isnan(r->score);
		const char *att = !scored ? "non noté" : r->atteint ? "oui" : "non";
		if (scored)
			levels[3] = r->atteint ? 4 : 1;
		snprintf(l, sizeof l, "%s %s", r->code, r->libelle);
		const char *cells[] = {l, score_or_dash(a, r->score), report_target(c, S, r->cible), att,
				       scored ? fmt_change(e, S, report_printed_diff(r->score, r->cible), 2) : FMT_MISSING};
		pdf_table_row(d, cells, levels, 0);
	}
	pdf_table_end(d);
	pdf_note(d, "Écart : score moins cible. Un objectif est atteint quand son score égale ou dépasse sa cible. "
		    "« max » : la cible est le haut de l'échelle (4,00), une pratique pleinement en place ; pour un "
		    "objectif réglementaire (3.4 Respect de la réglementation), la conformité complète.");
}

static void colleges(pdf_doc *d, const struct member_data *md)
{
	int any = 0;

	pdf_heading(d, 1, "Là où vos collèges ne voient pas la même chose");
	for (int i = 0; i < md->n_colleges; i++)
		for (int k = 0; k < COLLEGE_COUNT; k++)
			if (!isnan(md->colleges[i].college[k]))
				any = 1;
	if (!any) {
		pdf_paragraph(d, "Votre export ne porte que des notes de consensus : pas de comparaison entre "
				 "collèges.");
		return;
	}
	pdf_paragraph(d, "Score de chaque collège par sous-thème, et dispersion interne : l'écart moyen entre "
			 "les notes de vos répondants sur les indicateurs du sous-thème. À 2 points ou plus, le "
			 "sous-thème est très dispersé : vos répondants ne le vivent pas de la même façon, à "
			 "reprendre ensemble. Les points de débat, plus loin, comparent les collèges entre eux.");
	static const struct pdf_column cols[] = {
		{"Sous-thème", 0, PDF_LEFT}, {"Direction", 44, PDF_RIGHT}, {"Permanent·e·s", 66, PDF_RIGHT},
		{"Insertion", 44, PDF_RIGHT}, {"Bénévoles", 48, PDF_RIGHT}, {"Administr.", 50, PDF_RIGHT},
		{"Dispersion interne", 56, PDF_RIGHT}, {"Très dispersé", 40, PDF_CENTER}};
	pdf_table_begin(d, cols, 8);
	for (int i = 0; i < md->n_colleges; i++) {
		const struct md_college_row *r = &md->colleges[i];
		char l[200], v[COLLEGE_COUNT][S], e[S];
		const char *cells[8];
		int levels[8] = {0};
		snprintf(l, sizeof l, "%s %s", r->code, r->libelle);
		cells[0] = l;
		for (int k = 0; k < COLLEGE_COUNT; k++)
			cells[1 + k] = score_or_dash(v[k], r->college[k]);
		cells[6] = score_or_dash(e, r->ecart);
		cells[7] = r->debat ? "oui" : FMT_MISSING;
		if (r->debat)
			levels[6] = levels[7] = 1;
		pdf_table_row(d, cells, levels, 0);
	}
	pdf_table_end(d);
}

/* The ranked priorities of the ready-to-use plan: rows of the member's to-do (md->todo). */
struct priorities {
	int row[64];
	double gap[64];        /* to target, as printed */
	double divergence[64]; /* between colleges, on the objective's sub-theme; -1: unknown */
	bool offer[64];        /* the federation has an offer for it */
	int n;                 /* unreached objectives ranked */
	int shown;             /* the first `shown` are the priorities */
};

/* The divergence between colleges (highest − lowest college score, as printed) of a sub-theme. */
static double subtheme_divergence(const struct member_data *md, const char *objective)
{
	size_t len = strlen(objective);
	const char *dot = strrchr(objective, '.');
	size_t stlen = dot ? (size_t)(dot - objective) : len;

	for (int i = 0; i < md->n_colleges; i++) {
		const struct md_college_row *r = &md->colleges[i];
		if (strlen(r->code) != stlen || strncmp(r->code, objective, stlen) != 0)
			continue;
		double hi = -INFINITY, lo = INFINITY;
		for (int k = 0; k < COLLEGE_COUNT; k++) {
			if (isnan(r->college[k]))
				continue;
			double x = fmt_round(r->college[k], 2);
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
static void rank(struct priorities *p, const struct member_data *md, int max)
{
	p->n = 0;
	for (int i = 0; i < md->n_todo && p->n < 64; i++) {
		const struct md_todo_row *t = &md->todo[i];
		double dv = subtheme_divergence(md, t->code);
		double g = fmt_round(t->ecart, 2);
		bool of = t->offres != NULL;
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
static int priority_of(const struct priorities *p, const struct member_data *md, const char *objective)
{
	for (int k = 0; k < p->shown; k++)
		if (strcmp(md->todo[p->row[k]].code, objective) == 0)
			return k + 1;
	return 0;
}

static void plan(pdf_doc *d, const struct member_data *md, const struct priorities *pr)
{
	bool marked = false;

	pdf_heading(d, 1, "Votre plan de progrès, tel que transmis");
	if (md->n_plan == 0) {
		pdf_paragraph(d, "Aucun plan de progrès n'a été reçu pour cette campagne. Le plan prêt à l'emploi "
				 "qui suit peut servir de point de départ.");
		return;
	}
	static const struct pdf_column cols[] = {
		{"Objectif", 40, PDF_LEFT}, {"Action", 0, PDF_LEFT}, {"Priorité", 44, PDF_LEFT},
		{"Responsable", 66, PDF_LEFT}, {"Échéance", 54, PDF_RIGHT}, {"Statut", 54, PDF_LEFT},
		{"Offres", 0, PDF_LEFT}};
	pdf_table_begin(d, cols, 7);
	for (int i = 0; i < md->n_plan; i++) {
		const struct md_plan_row *p = &md->plan[i];
		char e[S], obj[64];
		int k = priority_of(pr, md, p->objectif);
		snprintf(obj, sizeof obj, "%s%s", p->objectif, k ? " *" : "");
		marked = marked || k;
		const char *cells[] = {obj,
				       p->action,
				       priority_label(p->priorite),
				       p->responsable,
				       !p->echeance ? FMT_MISSING : fmt_date_iso(e, S, p->echeance),
				       status_label(p->statut),
				       p->offres};
		int levels[7] = {0};
		if (strcmp(p->statut, "realisee") == 0)
			levels[5] = 4;
		pdf_table_row(d, cells, levels, 0);
	}
	pdf_table_end(d);
	if (marked)
		pdf_note(d, "* : objectif aussi retenu parmi les priorités du plan prêt à l'emploi qui suit.");
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

/* The federation's offers for an objective: one per line, « libellé : description ». */
static void ready_offers(pdf_doc *d, const char *o)
{
	char msg[700];

	pdf_paragraph(d, "Offres de la fédération à mobiliser :");
	while (*o) {
		const char *nl = strchr(o, '\n');
		size_t len = nl ? (size_t)(nl - o) : strlen(o);
		snprintf(msg, sizeof msg, "%.*s", (int)(len < sizeof msg ? len : sizeof msg - 1), o);
		pdf_bullet(d, msg);
		o += len + (nl ? 1 : 0);
	}
}

/* One priority of the ready plan: its gap, what the member already planned
 * for it, its weakest indicators, the federation's offers. */
static void ready_priority(pdf_doc *d, const struct priorities *pr, int k, const struct member_data *md)
{
	const struct md_todo_row *t = &md->todo[pr->row[k]];
	char msg[700], a[S], b[S], c[S], h[240], dv[200] = "";

	snprintf(h, sizeof h, "Priorité %d : %s %s", k + 1, t->code, t->libelle);
	pdf_heading(d, 3, h);
	double gap = report_printed_diff(t->cible, t->score);
	if (pr->divergence[k] > 0)
		snprintf(dv, sizeof dv, " Divergence entre vos collèges sur le sous-thème : %s %s.",
			 fmt_score(c, S, pr->divergence[k]), pr->divergence[k] >= 2 ? "points" : "point");
	snprintf(msg, sizeof msg, "Score %s pour une cible de %s%s : il manque %s %s.%s", fmt_score(a, S, t->score),
		 fmt_score(b, S, t->cible), fmt_round(t->cible, 2) >= 4 ? " (le haut de l'échelle)" : "",
		 fmt_score(c, S, gap), fmt_round(gap, 2) >= 2 ? "points" : "point", dv);
	pdf_paragraph(d, msg);
	for (int j = 0; j < md->n_plan; j++)
		if (strcmp(md->plan[j].objectif, t->code) == 0) {
			snprintf(msg, sizeof msg, "Déjà dans votre plan transmis : « %s » (%s).", md->plan[j].action,
				 status_label(md->plan[j].statut));
			pdf_paragraph(d, msg);
		}
	for (int j = 0; j < md->n_indicators; j++) {
		const struct md_indicator_row *ind = &md->indicators[j];
		if (strcmp(ind->objectif, t->code) != 0)
			continue;
		snprintf(msg, sizeof msg, "%s %s (score %s)", ind->code, ind->libelle, fmt_score(a, S, ind->score));
		pdf_bullet(d, msg);
	}
	if (t->offres)
		ready_offers(d, t->offres);
	pdf_paragraph(d, "Responsable : ______________________    Échéance : ____ / ____ / ________");
}

/* The objectives not reached beyond the priorities shown, on one line. */
static void ready_rest(pdf_doc *d, const struct priorities *pr, const struct member_data *md)
{
	char msg[700], a[S];
	size_t len = 0;

	if (pr->n <= pr->shown)
		return;
	len += (size_t)snprintf(msg, sizeof msg, "Ensuite, les autres objectifs non atteints : ");
	for (int k = pr->shown; k < pr->n && len < sizeof msg; k++) {
		const struct md_todo_row *t = &md->todo[pr->row[k]];
		int w = snprintf(msg + len, sizeof msg - len, "%s%s (écart %s)", k > pr->shown ? ", " : "", t->code,
				 fmt_score(a, S, report_printed_diff(t->cible, t->score)));
		if (w < 0 || (size_t)w >= sizeof msg - len)
			break;
		len += (size_t)w;
	}
	if (len + 2 < sizeof msg)
		strcat(msg, ".");
	pdf_paragraph(d, msg);
}

#define READY_PLAN_OPENING 300.0
static void ready_plan(pdf_doc *d, const struct priorities *pr, const struct member_data *md)
{
	char msg[700];

	/* its heading, its opening and its first priority together; no page
	 * break of its own, which left the page before it near empty */
	pdf_need(d, READY_PLAN_OPENING);
	pdf_heading(d, 1, "Un plan de progrès prêt à l'emploi");
	if (!md->member->complete)
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
		ready_priority(d, pr, k, md);
	ready_rest(d, pr, md);
}

/* "code libellé (2,50 sur 4 ; médiane du réseau 2,10)" of a sub-theme row of the scores. */
static void strength(char *out, size_t size, const struct md_score_row *r, double v)
{
	char a[S], b[S], med[120] = "";

	if (r->fr_diffusion == MD_SHOWN && !isnan(r->fr_mediane))
		snprintf(med, sizeof med, " ; médiane du réseau %s", fmt_score(b, S, r->fr_mediane));
	snprintf(out, size, "%s %s (%s sur 4%s)", r->code, r->libelle, fmt_score(a, S, v), med);
}

/* "code libellé, 2,00 pour une cible de 4,00 (le haut de l'échelle)" of a row of the to-do. */
static void gap_text(char *out, size_t size, const struct md_todo_row *t)
{
	char a[S], b[S];

	snprintf(out, size, "%s %s, %s pour une cible de %s%s", t->code, t->libelle, fmt_score(a, S, t->score),
		 fmt_score(b, S, t->cible), fmt_round(t->cible, 2) >= 4 ? " (le haut de l'échelle)" : "");
}

/* The sub-theme where two of the member's colleges are furthest apart, as a sentence. */
static void divergence_text(char *out, size_t size, const struct member_data *md)
{
	char a[S], b[S], e[S];
	int bi = -1, hi = -1, lo = -1;
	double gap = 0;

	for (int i = 0; i < md->n_colleges; i++) {
		const double *v = md->colleges[i].college;
		int h = -1, l = -1;
		double vh = -INFINITY, vl = INFINITY;
		for (int k = 0; k < COLLEGE_COUNT; k++) {
			if (isnan(v[k]))
				continue;
			double x = fmt_round(v[k], 2);
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
	const struct md_college_row *r = &md->colleges[bi];
	snprintf(out, size, "Points de vue les plus divergents : %s %s, %s %s d'écart entre %s (%s) et %s (%s).",
		 r->code, r->libelle, fmt_score(e, S, gap), fmt_round(gap, 2) >= 2 ? "points" : "point",
		 report_college_in_text(hi), fmt_score(a, S, fmt_round(r->college[hi], 2)), report_college_in_text(lo),
		 fmt_score(b, S, fmt_round(r->college[lo], 2)));
}

/* The two strongest scored sub-themes (indexes into md->scores, -1: none) and their scores as printed. */
static void summary_best(const struct member_data *md, int best[2], double bestv[2])
{
	best[0] = best[1] = -1;
	bestv[0] = bestv[1] = -INFINITY;
	for (int i = 0; i < md->n_scores; i++) {
		const struct md_score_row *r = &md->scores[i];
		if (isnan(r->score) || r->niveau != MD_SOUS_THEME)
			continue;
		double x = fmt_round(r->score, 2);
		if (x > bestv[0]) {
			best[1] = best[0], bestv[1] = bestv[0];
			best[0] = i, bestv[0] = x;
		} else if (x > bestv[1]) {
			best[1] = i, bestv[1] = x;
		}
	}
}

/* Page 1's key figures: objectives reached, objectives to work on, widely spread sub-themes. */
static void summary_figures(pdf_doc *d, const struct member_data *md)
{
	char v[3][S];
	int nobj = 0, nreached = 0, ndebate = 0, ntodo = md->n_todo;

	for (int i = 0; i < md->n_scores; i++)
		if (!isnan(md->scores[i].score) && md->scores[i].niveau == MD_OBJECTIF) {
			nobj++;
			nreached += md->scores[i].atteint;
		}
	for (int i = 0; i < md->n_colleges; i++)
		ndebate += md->colleges[i].debat;
	snprintf(v[0], S, "%d / %d", nreached, nobj);
	snprintf(v[1], S, "%d", ntodo);
	snprintf(v[2], S, "%d", ndebate);
	const struct pdf_figure f[] = {
		{v[0], report_plural(nobj, "objectif noté qui atteint sa cible", "objectifs notés qui atteignent leur cible")},
		{v[1], report_plural(ntodo, "objectif à travailler (plan prêt à l'emploi)",
				     "objectifs à travailler (plan prêt à l'emploi)")},
		{v[2], report_plural(ndebate, "sous-thème très dispersé entre vos répondants",
				       "sous-thèmes très dispersés entre vos répondants")}};
	pdf_heading(d, 2, "L'essentiel");
	pdf_figures(d, f, 3);
}

/*
 * Page 1: key figures and three messages from the member's own rows — its
 * strongest sub-themes (with the network's median), the objectives furthest
 * from their target, the sub-theme where its colleges disagree most.
 */
static void summary(pdf_doc *d, const struct member_data *md)
{
	char msg[800], one[2][300];
	int ntodo = md->n_todo, best[2];
	double bestv[2];

	summary_figures(d, md);
	summary_best(md, best, bestv);
	if (best[0] < 0) {
		snprintf(msg, sizeof msg, "Points forts : aucun sous-thème n'est encore noté.");
	} else {
		strength(one[0], sizeof one[0], &md->scores[best[0]], bestv[0]);
		if (best[1] >= 0)
			strength(one[1], sizeof one[1], &md->scores[best[1]], bestv[1]);
		snprintf(msg, sizeof msg, "%s : %s%s%s.", best[1] < 0 ? "Point fort" : "Points forts", one[0],
			 best[1] >= 0 ? " et " : "", best[1] >= 0 ? one[1] : "");
	}
	pdf_bullet(d, msg);

	if (ntodo == 0) {
		snprintf(msg, sizeof msg, "Écarts à la cible : tous vos objectifs notés atteignent leur cible.");
	} else {
		gap_text(one[0], sizeof one[0], &md->todo[0]);
		if (ntodo > 1)
			gap_text(one[1], sizeof one[1], &md->todo[1]);
		snprintf(msg, sizeof msg, "%s : %s%s%s.",
			 ntodo == 1 ? "Plus grand écart à la cible" : "Plus grands écarts à la cible", one[0],
			 ntodo > 1 ? " ; " : "", ntodo > 1 ? one[1] : "");
	}
	pdf_bullet(d, msg);

	divergence_text(msg, sizeof msg, md);
	pdf_bullet(d, msg);
}

/* The facts of the fingerprint (report/member_batch.h) that are the report's: the layout's version (not
 * lecap's), the campaign facts, the font it uses, the vision text in force (its version and SHA-256: a
 * new text redraws every photographie) and the number of priorities of the ready-to-use plan. The members'
 * inputs' digest (reports/rapports.c) starts with the same facts. */
void entreprise_facts(const struct report_ctx *rc, char *facts, size_t size)
{
	snprintf(facts, size, "photographie|%s|%d|%d|%d|%.6f|%s|%s|%s|%s|%d|", REPORT_LAYOUT_VERSION,
		 rc->camp->campagne, rc->camp->precedente, rc->camp->seuil_secret, rc->camp->completude_min,
		 rc->camp->version, rc->font ? rc->font : "", rc->vision ? rc->vision->version : "",
		 rc->vision ? rc->vision->empreinte : "", rc->priorities);
}

/* The title band and the member's facts under it. */
static void entreprise_head(const struct report_ctx *rc, pdf_doc *d, const struct md_member *m)
{
	char sub[120], l[3][200], a[S], b[S], intro[700];

	snprintf(sub, sizeof sub, "Photographie Le Cap %d", rc->camp->campagne);
	snprintf(l[0], sizeof l[0], "SIRET %s · %s (%s) · région %s", m->siret, m->type_libelle, m->type,
		 m->region_libelle);
	snprintf(l[1], sizeof l[1], "Complétude %s", fmt_percent(a, S, m->completude));
	snprintf(l[2], sizeof l[2], "Évaluation du %s · %s %s%s", fmt_date_iso(a, S, m->date_evaluation),
		 fmt_int(b, S, m->n_repondants), report_plural(m->n_repondants, "répondant", "répondants"),
		 m->consensus ? ", avec des notes de consensus" : "");
	pdf_title_band(d, "Le Cap — COORACE Ambition Progrès", m->raison_sociale, sub);
	snprintf(intro, sizeof intro, "%s\n%s · %s", l[0], l[2], l[1]);
	pdf_paragraph(d, intro);
}

/* The sections, in order, after page 1's summary, down to the vision text. LECAP_OK or LECAP_DB. */
static int entreprise_sections(const struct report_ctx *rc, pdf_doc *d, const struct member_data *md)
{
	char msg[300], a[S];

	if (!md->member->complete) {
		snprintf(msg, sizeof msg,
			 "Votre évaluation est incomplète (moins de %s des indicateurs renseignés) : elle n'entre pas "
			 "dans les statistiques du réseau, mais vos propres scores sont présentés ci-dessous.",
			 fmt_percent(a, S, rc->camp->completude_min));
		pdf_heading(d, 2, "Évaluation incomplète");
		pdf_paragraph(d, msg);
	}
	profile(rc, d, md);
	objectives(d, md);
	strengths(d, md);
	colleges(d, md);
	consensus_section(d, md->consensus);
	struct priorities pr;
	rank(&pr, md, rc->priorities);
	plan(d, md, &pr);
	history(d, md);
	planned_section(d, md->planned, rc->camp->campagne);
	unrated(d, md);
	ready_plan(d, &pr, md);
	entreprise_tendance_section(d, md->tendance);
	pdf_heading(d, 3, "À savoir");
	pdf_note(d, "Scores de 1 (non engagé) à 4 (atteint), calculés à partir de vos notes : note de consensus "
		    "quand elle existe, sinon moyenne des répondants. Données auto-déclarées, non auditées. Ce "
		    "document ne contient que les données de votre structure et des médianes du réseau.");
	return etre_faire_vision(rc, d);
}

/* One member's report from its typed rows. */
static int entreprise_render(const struct report_ctx *rc, const struct member_data *md, const char *fp,
			     const char *path)
{
	const struct md_member *m = md->member;
	pdf_doc *d = NULL;
	char title[300], subj[200], kw[300];
	int ret;

	snprintf(title, sizeof title, "Le Cap — photographie %d — %s (SIRET %s)", rc->camp->campagne,
		 m->raison_sociale, m->siret);
	snprintf(subj, sizeof subj, "Photographie Le Cap et plan de progrès de l'entreprise adhérente");
	snprintf(kw, sizeof kw, "photographie; plan de progrès; SIRET %s; %s", m->siret, m->region_libelle);
	if ((ret = report_doc_new(rc, title, subj, kw, m->donnees_au, fp, &d)))
		goto cleanup;
	entreprise_head(rc, d, m);
	summary(d, md);
	if ((ret = entreprise_sections(rc, d, md)))
		goto cleanup;
	ret = pdf_doc_save(d, path);
cleanup:
	pdf_doc_free(d);
	return ret;
}

#define MAX_REGION_DIRS 64

/* A report path that does not fit: said, LECAP_USAGE. */
static int entreprise_too_long(const char *rapports, int campagne)
{
	char base[4200];

	if (report_path_campaign(base, sizeof base, rapports, campagne))
		base[sizeof base - 1] = '\0';
	log_error("chemin de rapport trop long sous %s", base);
	log_hint("choisissez un répertoire de rapports plus court (--out ou [chemins] rapports)");
	return LECAP_USAGE;
}

/* The region folders of the campaign's photographies (at most MAX_REGION_DIRS). */
static int region_dirs(const char *rapports, int campagne, char names[][16], int *n)
{
	char dir[4200];
	DIR *d;
	const struct dirent *e;

	*n = 0;
	if (report_path_members(dir, sizeof dir, rapports, campagne))
		return entreprise_too_long(rapports, campagne);
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
static int remove_elsewhere(const char *rapports, int campagne, char dirs[][16], int ndirs,
			    const struct md_member *m)
{
	char path[4200];

	for (int k = 0; k < ndirs; k++) {
		if (strcmp(dirs[k], m->region) == 0)
			continue;
		if (report_path_member(path, sizeof path, rapports, campagne, dirs[k], m->siret))
			return entreprise_too_long(rapports, campagne);
		if (unlink(path) == 0)
			log_info("photographie de l'ancienne région supprimée : %s (l'adhérent est maintenant en %s)",
				 path, m->region);
		else if (errno != ENOENT)
			return log_fail(LECAP_IO, "suppression de %s impossible : %s", path, strerror(errno));
	}
	return LECAP_OK;
}

/* The current member of the batch: kept when its file carries the same fingerprint (rc->reuse), else drawn;
 * *done: ENTREPRISE_DRAWN or ENTREPRISE_KEPT. */
static int entreprise_one(const struct report_ctx *rc, const struct member_batch *b, const char *path,
			  unsigned char *done)
{
	struct member_data md = {0};
	char facts[4400], fp[65]; /* the font's path can be long */
	int ret;
	struct planned_data_member pm = member_batch_planned(b);
	struct consensus_data_member cm;

	member_batch_consensus(b, &cm);
	struct sha256 h;
	entreprise_facts(rc, facts, sizeof facts);
	member_batch_fingerprint(b, facts, &h);
	entreprise_tendance_fingerprint(&h, member_batch_tendance(b));
	planned_hash(&h, &pm);
	consensus_hash(&h, &cm);
	sha256_final_hex(&h, fp);
	if (rc->reuse && pdf_file_has_fingerprint(path, fp)) {
		*done = ENTREPRISE_KEPT;
		return LECAP_OK;
	}
	if ((ret = member_batch_data(b, &md)) == LECAP_OK) {
		md.planned = &pm;
		md.consensus = &cm;
		ret = entreprise_render(rc, &md, fp, path);
	}
	member_data_free(&md);
	if (ret == LECAP_OK) {
		*done = ENTREPRISE_DRAWN;
		/* lets a test send SIGTERM or kill -9 between two reports */
		test_pause_point("rapports-entre-deux");
		test_crash_point("rapports-entre-deux");
	}
	return ret;
}

/*
 * Before any drawing, in the list's order: every member's path checked (too
 * long: LECAP_USAGE, said) and its photographie of this campaign removed from
 * any other region's folder (issue 18), each removal said.
 */
static int entreprise_prepare(const struct report_ctx *rc, const struct member_list *members, const char *rapports)
{
	int campagne = rc->camp->campagne, ret, ndirs;
	char dirs[MAX_REGION_DIRS][16], path[4200];

	if ((ret = region_dirs(rapports, campagne, dirs, &ndirs)))
		return ret;
	for (int i = 0; i < members->n; i++) {
		const struct md_member *m = &members->v[i];
		if (report_path_member(path, sizeof path, rapports, campagne, m->region, m->siret))
			return entreprise_too_long(rapports, campagne);
		if ((ret = remove_elsewhere(rapports, campagne, dirs, ndirs, m)))
			return ret;
	}
	return LECAP_OK;
}

int entreprise_range(const struct report_ctx *rc, const struct member_list *members, int first, int end,
		     const char *rapports, unsigned char *done, int *failed_at)
{
	int campagne = rc->camp->campagne, ret, next = first;
	char path[4200];
	struct member_batch *b = NULL;
	const struct md_member *m;

	*failed_at = -1;
	if ((ret = member_batch_open_range(&b, rc->conn, campagne, members, first, end)))
		goto cleanup;
	while ((ret = member_batch_next(b, &m)) == LECAP_OK && m) {
		int i = (int)(m - members->v);
		if (rc->stop_requested()) {
			ret = LECAP_IO; /* a stop, not a failure: *failed_at stays -1 */
			goto cleanup;
		}
		if (report_path_member(path, sizeof path, rapports, campagne, m->region, m->siret))
			ret = entreprise_too_long(rapports, campagne);
		else
			ret = entreprise_one(rc, b, path, &done[i]);
		if (ret) {
			*failed_at = i;
			goto cleanup;
		}
		next = i + 1;
	}
	if (ret)
		*failed_at = next; /* the queries of the batch starting there failed */
cleanup:
	member_batch_close(b);
	return ret;
}

int entreprise_reports(const struct report_ctx *rc, const struct member_list *members, const char *rapports,
		       int *count, int *kept)
{
	int ret = entreprise_prepare(rc, members, rapports);

	*count = *kept = 0;
	return ret ? ret : entreprise_pool_draw(rc, members, rapports, count, kept);
}
