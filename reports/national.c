/*
 * The national report, for the federation: the territory sections at
 * network level ("FR"), a table of participation per region, and the
 * region × theme table shaded by level (with the secondary suppression
 * done in SQL, report_data.c).
 */
#include "report.h"

#include "base/exitcode.h"
#include "base/fmt.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define S FMT_SIZE

static int regions_table(pdf_doc *d, const struct td_regions_participation *rp)
{
	const struct td_regions_participation r = *rp;

	pdf_heading(d, 2, "Participation par région");
	static const struct pdf_column cols[] = {
		{"Région", 0, PDF_LEFT}, {"Évaluations", 58, PDF_RIGHT}, {"Complètes", 52, PDF_RIGHT},
		{"Participation", 60, PDF_RIGHT}, {"Sans évaluation récente", 70, PDF_RIGHT},
		{"Jamais évalués", 58, PDF_RIGHT}};
	pdf_table_begin(d, cols, 6);
	for (size_t i = 0; i < r.n; i++) {
		const struct td_region_participation *o = &r.rows[i];
		char l[160], c[5][S];
		bool fr = strcmp(o->code, "FR") == 0;
		if (fr)
			snprintf(l, sizeof l, "Réseau");
		else
			snprintf(l, sizeof l, "%s %s", o->code, o->libelle);
		const char *cells[] = {l, fmt_int(c[0], S, o->n_evaluations),
				       fmt_int_s(c[1], S, o->n_completes, o->diffusable),
				       isnan(o->taux) ? FMT_MISSING : fmt_percent(c[2], S, o->taux),
				       fmt_int(c[3], S, o->n_sans_recente), fmt_int(c[4], S, o->n_jamais)};
		pdf_table_row(d, cells, NULL, fr ? PDF_ROW_BOLD : 0);
	}
	pdf_table_end(d);
	return pdf_status(d);
}

/* the table's rows: one per region, a column per theme */
static void national_region_theme_rows(pdf_doc *d, const struct td_region_theme *r, size_t nthemes)
{
	for (size_t i = 0; i + nthemes <= r->n; i += nthemes) {
		char l[160], v[PDF_MAX_COLUMNS][S];
		const char *cells[PDF_MAX_COLUMNS];
		int levels[PDF_MAX_COLUMNS] = {0};
		snprintf(l, sizeof l, "%s %s", r->rows[i].region, r->rows[i].libelle);
		cells[0] = l;
		for (size_t t = 0; t < nthemes; t++) {
			const struct td_region_theme_row *o = &r->rows[i + t];
			if (o->n == TD_NONE) {
				cells[1 + t] = FMT_MISSING;
			} else if (!o->montrable) {
				cells[1 + t] = FMT_SECRET; /* the publication views' decision */
			} else {
				cells[1 + t] = fmt_score_s(v[t], S, o->moyenne, true);
				levels[1 + t] = report_level(o->moyenne);
			}
		}
		pdf_table_row(d, cells, levels, 0);
	}
}

static int region_theme(const struct report_ctx *rc, pdf_doc *d, const struct td_region_theme *rt)
{
	const struct td_region_theme r = *rt;
	size_t n, nthemes = 0;

	n = r.n;
	pdf_heading(d, 1, "Régions × thèmes");
	pdf_paragraph(d, "Moyenne des scores de chaque thème par région (évaluations complètes), teintée par "
			 "niveau : rouge sous 1,75, orange sous 2,50, vert clair sous 3,25, vert au-delà.");
	/* themes: the distinct theme codes of the first region's rows */
	while (nthemes < n && (nthemes == 0 || strcmp(r.rows[nthemes].region, r.rows[0].region) == 0))
		nthemes++;
	if (nthemes == 0 || nthemes > PDF_MAX_COLUMNS - 1) {
		pdf_paragraph(d, "Aucune région n'a d'évaluation complète.");
		return pdf_status(d);
	}
	struct pdf_column cols[PDF_MAX_COLUMNS];
	char heads[PDF_MAX_COLUMNS][160];
	cols[0] = (struct pdf_column){"Région", 0, PDF_LEFT};
	for (size_t t = 0; t < nthemes; t++) {
		snprintf(heads[t], sizeof heads[t], "%s %s", r.rows[t].theme, r.rows[t].theme_libelle);
		cols[1 + t] = (struct pdf_column){heads[t], 62, PDF_RIGHT};
	}
	pdf_table_begin(d, cols, nthemes + 1);
	national_region_theme_rows(d, &r, nthemes);
	pdf_table_end(d);
	char note[300];
	snprintf(note, sizeof note,
		 "« s » : secret statistique (moins de %d entreprises, ou case masquée pour qu'une autre ne "
		 "puisse pas être recalculée).",
		 rc->camp->seuil_secret);
	pdf_note(d, note);
	return pdf_status(d);
}

static int national_draw(const struct report_ctx *rc, const char *path)
{
	pdf_doc *d = NULL;
	char title[200], sub[200];
	bool registry;
	struct td_regions_participation rp = {0};
	struct td_region_theme rt = {0};
	int ret;

	/* read once: page 1 sums them up, the later pages show them */
	if ((ret = rd_territoire_data_regions_participation(rc->conn, rc->camp->campagne, &rp)) ||
	    (rc->camp->n_completes > 0 &&
	     (ret = rd_territoire_data_region_theme(rc->conn, rc->camp->campagne, rc->camp->version, &rt))))
		goto cleanup;
	snprintf(title, sizeof title, "Le Cap — rapport national — campagne %d", rc->camp->campagne);
	if ((ret = report_doc_new(rc, title, "Rapport national Le Cap : résultats du réseau COORACE", "rapport national", NULL, NULL, &d)))
		goto cleanup; /* rp and rt are read: freed below */
	snprintf(sub, sizeof sub, "Rapport national %d pour la fédération", rc->camp->campagne);
	pdf_title_band(d, "Le Cap — COORACE Ambition Progrès", "Le réseau national", sub);
	if ((ret = territoire_key_figures(rc, d, "FR", &registry)) ||
	    (ret = synthese_summary(rc, d, "FR", true, rc->camp->n_completes, NULL)) ||
	    (rc->camp->n_completes > 0 && (ret = national_bref_section(rc, d, &rp, &rt))))
		goto cleanup;
	pdf_page_break(d); /* page 1 is the summary, by design */
	if ((ret = etre_faire_themes(rc, d)) || (ret = regions_table(d, &rp)))
		goto cleanup;
	if (rc->camp->n_completes == 0) {
		pdf_heading(d, 2, "Pas encore de résultats");
		pdf_paragraph(d, "Aucune évaluation complète pour cette campagne : les résultats ne peuvent pas "
				 "être présentés.");
	} else if ((ret = territoire_results(rc, d, "FR", "Réseau", true)) || (ret = region_theme(rc, d, &rt)) ||
		   (ret = territoire_objectives(rc, d, "FR", "Réseau", true)) || (ret = territoire_respondents(rc, d, "FR")) ||
		   (ret = territoire_viewpoints(rc, d, "FR")) || (ret = consensus_national_section(rc, d)) ||
		   (ret = territoire_plans(rc, d, "FR")) || (ret = effet_plans_section(rc, d, "FR")) ||
		   (ret = territoire_offers(rc, d, "FR"))) {
		goto cleanup;
	}
	if ((ret = territoire_method(rc, d, true)))
		goto cleanup;
	ret = pdf_doc_save(d, path);
cleanup:
	pdf_doc_free(d);
	rd_territoire_data_free(&rp);
	rd_territoire_data_free(&rt);
	return ret;
}

int national_report(const struct report_ctx *rc, const char *path)
{
	struct td_cache cache = {0};
	struct report_ctx own = *rc; /* its sections share what they read (one statement per question) */
	int ret;

	if (rc->cache) /* the campaign's (reports/rapports.c) */
		return national_draw(rc, path);
	own.cache = &cache;
	ret = national_draw(&own, path);
	rd_territoire_data_cache_free(&cache);
	return ret;
}
