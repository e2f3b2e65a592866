/*
 * Page 1 of the regional and national reports: three messages computed from
 * the figures, each with the number that supports it — the strongest
 * sub-themes, the objectives furthest from their target, the sub-theme
 * where the colleges disagree most — then, nationally, the gap between the
 * direction and the people in integration jobs when it holds in every
 * sub-theme, and regionally the delegate's to-do with counts (the names
 * are listed at the end of the report, and page 1 says so when there are
 * any).
 *
 * Only diffusable figures enter a message: a message that has none says so.
 */
#include "report.h"
#include "report/regroupement.h"

#include "base/exitcode.h"
#include "base/fmt.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define S FMT_SIZE
#define MAX_ROWS 64

struct ranked {
	int row;
	double v;
};

/* The k rows with the largest (desc) or smallest values, NaN left out; returns how many. */
static int top(const double *v, int n, int k, bool desc, struct ranked *out)
{
	int m = 0;

	for (int i = 0; i < n; i++) {
		if (isnan(v[i]))
			continue;
		int j = m < k ? m++ : k;
		if (j == k && (desc ? v[i] <= out[k - 1].v : v[i] >= out[k - 1].v))
			continue;
		if (j == k)
			j = k - 1;
		while (j > 0 && (desc ? v[i] > out[j - 1].v : v[i] < out[j - 1].v)) {
			out[j] = out[j - 1];
			j--;
		}
		out[j] = (struct ranked){i, v[i]};
	}
	return m;
}

static int college_index(const char *code)
{
	for (int k = 0; k < RD_COLLEGES; k++)
		if (strcmp(rd_college_codes[k], code) == 0)
			return k;
	return -1;
}

/* « Points forts »: the two strongest published sub-themes. */
static void synthese_strengths(const struct report_ctx *rc, pdf_doc *d, const struct td_grid *st)
{
	double v[MAX_ROWS];
	struct ranked r[2];
	char msg[800], a[S], b[S];
	int n = st->n < MAX_ROWS ? (int)st->n : MAX_ROWS;

	for (int i = 0; i < n; i++)
		v[i] = st->rows[i].pub == TD_PUB_YES ? fmt_round(st->rows[i].moyenne, 2) : NAN;
	int k = top(v, n, 2, true, r);
	if (k == 0)
		snprintf(msg, sizeof msg, "Points forts : aucun sous-thème n'est noté par au moins %d entreprises.",
			 rc->camp->seuil_secret);
	else if (k == 1)
		snprintf(msg, sizeof msg, "Point fort : %s %s, moyenne %s sur 4.", st->rows[r[0].row].code,
			 st->rows[r[0].row].libelle, fmt_score(a, S, r[0].v));
	else
		snprintf(msg, sizeof msg, "Points forts : %s %s (moyenne %s sur 4) et %s %s (%s).",
			 st->rows[r[0].row].code, st->rows[r[0].row].libelle, fmt_score(a, S, r[0].v),
			 st->rows[r[1].row].code, st->rows[r[1].row].libelle, fmt_score(b, S, r[1].v));
	pdf_bullet(d, msg);
}

/* « Écarts à la cible »: the two published objectives fewest enterprises reach. */
static void synthese_gaps(const struct report_ctx *rc, pdf_doc *d, const struct td_grid *ob)
{
	double v[MAX_ROWS];
	struct ranked r[2];
	char msg[800], a[S];
	int n = ob->n < MAX_ROWS ? (int)ob->n : MAX_ROWS;

	for (int i = 0; i < n; i++)
		v[i] = ob->rows[i].pub == TD_PUB_YES ? fmt_round(ob->rows[i].part, 2) : NAN;
	int k = top(v, n, 2, false, r);
	if (k == 0) {
		snprintf(msg, sizeof msg, "Écarts à la cible : aucun objectif n'est noté par au moins %d entreprises.",
			 rc->camp->seuil_secret);
	} else {
		char one[2][300], c[S];
		for (int j = 0; j < k; j++) {
			const struct td_grid_row *o = &ob->rows[r[j].row];
			snprintf(one[j], sizeof one[j], "%s %s : %s des entreprises atteignent la cible (%s%s)", o->code,
				 o->libelle, fmt_percent(a, S, r[j].v), fmt_score(c, S, o->cible),
				 fmt_round(o->cible, 2) >= 4 ? ", le haut de l'échelle : une pratique pleinement en place"
							      : "");
		}
		snprintf(msg, sizeof msg, "%s : %s%s%s.", k == 1 ? "Plus grand écart à la cible" : "Plus grands écarts à la cible",
			 one[0], k > 1 ? " ; " : "", k > 1 ? one[1] : "");
	}
	pdf_bullet(d, msg);
}

/* Strongest sub-themes and the objectives furthest from their target. */
static int results_messages(const struct report_ctx *rc, pdf_doc *d, const char *territory)
{
	struct td_grid st = {0}, ob = {0};
	int ret;

	if ((ret = rd_territoire_data_cached_grid(rc->cache, rc->conn, rc->camp->campagne, rc->camp->version, territory,
						  "sous_theme", &st)) ||
	    (ret = rd_territoire_data_cached_grid(rc->cache, rc->conn, rc->camp->campagne, rc->camp->version, territory,
						  "objectif", &ob)))
		goto cleanup;
	synthese_strengths(rc, d, &st);
	synthese_gaps(rc, d, &ob);
cleanup:
	rd_territoire_data_free(&st);
	rd_territoire_data_free(&ob);
	return ret ? ret : pdf_status(d);
}

/*
 * The sub-theme where two colleges' means are furthest apart, and (national)
 * the direction / integration-jobs gap when it holds in every sub-theme.
 */
static int viewpoint_messages(const struct report_ctx *rc, pdf_doc *d, const char *territory, bool national)
{
	const struct td_colleges *cc;
	char msg[600], a[S], b[S], e[S];
	int ret = rd_territoire_data_cached_colleges(rc->cache, rc->conn, rc->camp->campagne, rc->camp->version,
						     territory, &cc);
	int best = -1, hi = -1, lo = -1, dir = college_index("direction"), ins = college_index("salarie_insertion");
	double best_gap = 0, sum = 0, gmin = INFINITY, gmax = -INFINITY;
	int nst = 0, nbelow = 0;

	if (ret)
		return ret;
	const struct td_colleges c = *cc;
	for (int i = 0; i < (int)c.n; i++) {
		const struct td_college_row *o = &c.rows[i];
		if (strcmp(o->niveau, "sous_theme") != 0)
			continue;
		int h = -1, l = -1;
		double vh = -INFINITY, vl = INFINITY, m[RD_COLLEGES];
		for (int k = 0; k < RD_COLLEGES; k++) {
			bool ok = !isnan(o->moyenne[k]) && o->pub[k] == TD_PUB_YES;
			m[k] = ok ? fmt_round(o->moyenne[k], 2) : NAN;
			if (isnan(m[k]))
				continue;
			if (m[k] > vh)
				vh = m[k], h = k;
			if (m[k] < vl)
				vl = m[k], l = k;
		}
		if (h >= 0 && l >= 0 && h != l && vh - vl > best_gap + 1e-9) {
			best_gap = vh - vl;
			best = i, hi = h, lo = l;
		}
		nst++;
		if (dir >= 0 && ins >= 0 && !isnan(m[dir]) && !isnan(m[ins])) {
			double g = m[dir] - m[ins];
			if (g > 0)
				nbelow++;
			sum += g;
			gmin = fmin(gmin, g);
			gmax = fmax(gmax, g);
		}
	}
	if (best < 0) {
		snprintf(msg, sizeof msg, "Points de vue : pas assez de répondants par collège pour comparer les "
					 "collèges (moins de %d entreprises).",
			 rc->camp->seuil_secret);
	} else {
		double vh = fmt_round(c.rows[best].moyenne[hi], 2);
		double vl = fmt_round(c.rows[best].moyenne[lo], 2);
		snprintf(msg, sizeof msg,
			 "Points de vue les plus divergents : %s %s, %s %s d'écart entre %s (%s) et %s (%s).",
			 c.rows[best].code, c.rows[best].libelle, fmt_score(e, S, vh - vl),
			 fmt_round(vh - vl, 2) >= 2 ? "points" : "point", report_college_in_text(hi), fmt_score(a, S, vh),
			 report_college_in_text(lo), fmt_score(b, S, vl));
	}
	pdf_bullet(d, msg);
	if (national && nst > 0 && nbelow == nst) {
		char m1[S], m2[S];
		snprintf(msg, sizeof msg,
			 "Dans chacun des %d sous-thèmes, les salarié·e·s en insertion notent plus bas que la direction : "
			 "%s point d'écart en moyenne (de %s à %s selon le sous-thème).",
			 nst, fmt_score(e, S, sum / nst), fmt_score(m1, S, gmin), fmt_score(m2, S, gmax));
		pdf_paragraph(d, msg);
	}
	return pdf_status(d);
}

/*
 * A published region against the network, theme by theme, at the foot of
 * page 1 when the page still holds it (page 2's table gives the same means
 * with the sub-themes): the means, their gap taken from the rounded values
 * printed, the shares of objectives reached. A secret cell prints « s » and
 * no gap.
 */
#define VERSUS_HEIGHT 175 /* heading, header, four rows, note */
static int versus_network(const struct report_ctx *rc, pdf_doc *d, const char *region)
{
	static const struct pdf_column cols[] = {
		{"Thème", 0, PDF_LEFT},		    {"Région", 48, PDF_RIGHT},
		{"Réseau", 48, PDF_RIGHT},	    {"Écart", 44, PDF_RIGHT},
		{"Objectifs atteints", 76, PDF_RIGHT}, {"dans le réseau", 68, PDF_RIGHT}};
	struct td_grid th = {0};
	int ret;

	if (pdf_room(d) < VERSUS_HEIGHT)
		return pdf_status(d);
	if ((ret = rd_territoire_data_cached_grid(rc->cache, rc->conn, rc->camp->campagne, rc->camp->version, region,
						  "theme", &th)))
		return ret;
	pdf_heading(d, 2, "La région face au réseau");
	pdf_table_begin(d, cols, 6);
	for (size_t i = 0; i < th.n; i++) {
		const struct td_grid_row *o = &th.rows[i];
		bool rp = o->pub == TD_PUB_YES, fp = o->fr_pub == TD_PUB_YES;
		char name[300], a[S], b[S], g[S] = "", p[S], q[S];
		snprintf(name, sizeof name, "%s %s", o->code, o->libelle);
		if (rp && fp)
			fmt_change(g, S, fmt_round(o->moyenne, 2) - fmt_round(o->fr_moyenne, 2), 2);
		const char *cells[] = {name,
				       fmt_score_s(a, S, o->moyenne, rp),
				       fmt_score_s(b, S, o->fr_moyenne, fp),
				       g,
				       fmt_percent_s(p, S, o->part, rp),
				       fmt_percent_s(q, S, o->fr_part, fp)};
		pdf_table_row(d, cells, NULL, 0);
	}
	pdf_table_end(d);
	pdf_note(d, "Moyennes des scores (de 1 à 4) des évaluations complètes ; écart : la moyenne de la région moins "
		    "celle du réseau, telles qu'imprimées ; objectifs atteints : part des objectifs notés qui atteignent "
		    "leur cible ; « s » : secret statistique. Le détail par sous-thème suit (« Résultats par thème et sous-thème »).");
	rd_territoire_data_free(&th);
	return pdf_status(d);
}

/* The delegate's to-do: counts here, names at the end of the report. */
static int todo(const struct report_ctx *rc, pdf_doc *d, const char *region)
{
	struct td_participation p;
	const struct td_todo *t;
	char msg[400], a[S], b[S];
	int ret;
	long long nincomplete = 0, nplan = 0, nnames = 0;

	if ((ret = rd_territoire_data_cached_participation(rc->cache, rc->conn, rc->camp->campagne, region, &p)) ||
	    (ret = rd_territoire_data_cached_todo(rc->cache, rc->conn, rc->camp->campagne, region, &t)))
		return ret;
	for (size_t i = 0; i < t->n; i++)
		if (t->rows[i].incomplete)
			nincomplete++;
		else
			nplan++;
	/* the names the lists at the end show: a member both incomplete and
	 * without a plan is in both lists, one name */
	for (size_t i = 0; i < t->n; i++) {
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = strcmp(t->rows[j].siret, t->rows[i].siret) == 0;
		nnames += !seen;
	}
	pdf_heading(d, 2, "À faire pour la délégation");
	if (p.present && p.n_adherents > 0) {
		long long nrec = p.n_sans_recente, njam = p.n_jamais;
		long long nrel = nrec + njam;
		nnames += nrel; /* listed by « Adhérents sans évaluation récente » */
		if (nrel == 0)
			snprintf(msg, sizeof msg, "Relancer : tous les adhérents du registre ont une évaluation récente.");
		else
			snprintf(msg, sizeof msg, "Relancer %s %s sans évaluation récente (dont %s jamais %s).",
				 fmt_int(a, S, nrel), report_plural(nrel, "adhérent", "adhérents"), fmt_int(b, S, njam),
				 report_plural(njam, "évalué", "évalués"));
	} else {
		snprintf(msg, sizeof msg, "Relancer : le registre des adhérents n'est pas chargé, les adhérents sans "
					 "évaluation ne peuvent pas être comptés.");
	}
	pdf_bullet(d, msg);
	if (nincomplete == 0)
		snprintf(msg, sizeof msg, "Évaluations à compléter : aucune.");
	else
		snprintf(msg, sizeof msg, "Évaluations à compléter : %s %s sous le seuil de complétude.",
			 fmt_int(a, S, nincomplete), report_plural(nincomplete, "évaluation", "évaluations"));
	pdf_bullet(d, msg);
	if (nplan == 0)
		snprintf(msg, sizeof msg, "Plans de progrès : chaque entreprise évaluée a transmis le sien.");
	else
		snprintf(msg, sizeof msg, "Plans de progrès à accompagner : %s %s sans plan transmis.",
			 fmt_int(a, S, nplan), report_plural(nplan, "entreprise évaluée", "entreprises évaluées"));
	pdf_bullet(d, msg);
	/* the sentence only when names follow */
	if (nnames == 1)
		pdf_note(d, "Le nom est listé en fin de rapport (« À relancer »).");
	else if (nnames > 1)
		pdf_note(d, "Les noms sont listés en fin de rapport (« À relancer »).");
	return pdf_status(d);
}

/*
 * A region below the threshold: why its results are not printed and what
 * the report shows instead, in one sentence; then, when the regions below
 * the threshold are published together, where they stand against the
 * network (the themes furthest above and below it, as printed).
 */
static void below_messages(const struct report_ctx *rc, pdf_doc *d, const struct synthese_below *bw)
{
	char msg[1200], shown[800];
	const struct rd_regroupement *g = bw ? bw->pool : NULL;
	bool pooled = bw && bw->network && g && g->shown > 0;

	if (pooled)
		snprintf(shown, sizeof shown,
			 "ce rapport montre ses relances, les résultats des %d régions sous le seuil prises ensemble "
			 "(%s) et, pour la situer, ceux du réseau national",
			 g->n_regions, g->regions);
	else if (bw && !bw->complete)
		snprintf(shown, sizeof shown, "ce rapport montre ses relances et les évaluations à compléter");
	else if (bw && bw->network)
		snprintf(shown, sizeof shown, "ce rapport montre ses relances et, pour la situer, les résultats du réseau "
					     "national");
	else
		snprintf(shown, sizeof shown, "ce rapport montre ses relances ; les résultats du réseau ne sont pas "
					     "publiés non plus pour cette campagne");
	snprintf(msg, sizeof msg,
		 "La région compte moins de %d évaluations complètes, seuil en dessous duquel aucun de ses chiffres "
		 "n'est publié seul (secret statistique) : %s.",
		 rc->camp->seuil_secret, shown);
	pdf_paragraph(d, msg);
	if (!pooled)
		return;
	const struct rd_regroupement_row *up = NULL, *down = NULL;
	double vup = 0, vdown = 0;
	for (size_t i = 0; i < g->n; i++) {
		const struct rd_regroupement_row *w = &g->rows[i];
		if (!w->theme || !w->diffusable || !w->network_diffusable || isnan(w->mean) || isnan(w->network))
			continue;
		double diff = report_printed_diff(w->mean, w->network);
		if (diff > vup + 1e-9)
			up = w, vup = diff;
		if (diff < vdown - 1e-9)
			down = w, vdown = diff;
	}
	if (!up && !down)
		return;
	char a[S], b[S], c[S], e[S], one[400] = "", two[400] = "";
	if (up)
		snprintf(one, sizeof one, "au-dessus du réseau sur %s %s (%s contre %s)", up->code, up->libelle,
			 fmt_score(a, S, up->mean), fmt_score(b, S, up->network));
	if (down)
		snprintf(two, sizeof two, "en dessous sur %s %s (%s contre %s)", down->code, down->libelle,
			 fmt_score(c, S, down->mean), fmt_score(e, S, down->network));
	snprintf(msg, sizeof msg, "Les régions sous le seuil, ensemble, sont le plus %s%s%s.", one,
		 up && down ? ", le plus " : "", two);
	pdf_bullet(d, msg);
}

int synthese_summary(const struct report_ctx *rc, pdf_doc *d, const char *territory, bool national, int ncomplete,
		     const struct synthese_below *below)
{
	int ret;

	bool small = !national && ncomplete < 0;

	pdf_heading(d, 2, small ? "En bref" : "Trois messages");
	if (ncomplete == 0) {
		pdf_bullet(d, "Aucune évaluation complète pour cette campagne : pas encore de résultats à commenter.");
	} else if (small) {
		/* below the threshold no regional result is published: why, what
		 * the report shows instead, and the network's three messages when
		 * they are published (what the later pages show) */
		below_messages(rc, d, below);
		if (below && below->complete && below->network) {
			pdf_heading(d, 3, "Le réseau national, pour situer la région");
			if ((ret = results_messages(rc, d, "FR")) || (ret = viewpoint_messages(rc, d, "FR", false)))
				return ret;
		}
	} else if ((ret = results_messages(rc, d, territory)) ||
		   (ret = viewpoint_messages(rc, d, territory, national))) {
		return ret;
	}
	if (national)
		return pdf_status(d);
	if ((ret = todo(rc, d, territory)))
		return ret;
	return small || ncomplete == 0 ? pdf_status(d) : versus_network(rc, d, territory);
}

int synthese_followup_lists(const struct report_ctx *rc, pdf_doc *d, const char *region)
{
	const struct td_todo *t;
	int ret = rd_territoire_data_cached_todo(rc->cache, rc->conn, rc->camp->campagne, region, &t);
	static const struct pdf_column cols[] = {
		{"SIRET", 86, PDF_LEFT}, {"Raison sociale", 0, PDF_LEFT}, {"Complétude", 60, PDF_RIGHT}};

	if (ret)
		return ret;
	for (int pass = 0; pass < 2; pass++) {
		bool incomplete = pass == 0;
		int n = 0;
		for (size_t i = 0; i < t->n; i++)
			n += t->rows[i].incomplete == incomplete;
		pdf_heading(d, 2, pass == 0 ? "Évaluations à compléter" : "Entreprises évaluées sans plan de progrès");
		if (n == 0) {
			pdf_paragraph(d, pass == 0 ? "Aucune." : "Aucune : chaque entreprise évaluée a transmis son plan.");
			continue;
		}
		pdf_table_begin(d, cols, pass == 0 ? 3 : 2);
		for (size_t i = 0; i < t->n; i++) {
			const struct td_todo_row *o = &t->rows[i];
			char c[S];
			if (o->incomplete != incomplete)
				continue;
			const char *cells[] = {o->siret, o->raison_sociale, fmt_percent(c, S, o->completude)};
			pdf_table_row(d, cells, NULL, 0);
		}
		pdf_table_end(d);
	}
	return pdf_status(d);
}
