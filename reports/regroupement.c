/*
 * The section « Les régions sous le seuil, ensemble » of a small region's
 * report (issue 19 item 6): its results are never published alone; those of
 * the campaign's regions below the threshold, pooled, are, where they add
 * nothing a reader could not compute already (lecap.v_publication_regroupement,
 * the rule in docs/analystes.md « Le regroupement des régions sous le seuil »).
 */
#include "report.h"
#include "report/regroupement.h"

#include "base/exitcode.h"
#include "base/fmt.h"

#include <stdio.h>

#define S FMT_SIZE

static void pooled_why(const struct report_ctx *rc, pdf_doc *d, const struct rd_regroupement *g)
{
	char text[1200], n[S];

	snprintf(text, sizeof text,
		 "Les résultats de la région ne sont pas publiés seuls (moins de %d évaluations complètes) ; ceux des %d "
		 "régions sous le seuil en %d, ensemble — %s : %s entreprises —, le sont, parce qu'ils se déduisent "
		 "déjà des résultats du réseau et des autres régions sans permettre de retrouver ceux d'une région.",
		 rc->camp->seuil_secret, g->n_regions, rc->camp->campagne, g->regions,
		 fmt_int(n, S, g->n_entreprises));
	pdf_paragraph(d, text);
}

static void pooled_table(pdf_doc *d, const struct rd_regroupement *g)
{
	static const struct pdf_column cols[] = {{"Thème ou sous-thème", 0, PDF_LEFT},
						 {"Entreprises", 62, PDF_RIGHT},
						 {"Régions sous le seuil", 96, PDF_RIGHT},
						 {"Réseau", 56, PDF_RIGHT}};

	pdf_table_begin(d, cols, 4);
	for (size_t i = 0; i < g->n; i++) {
		const struct rd_regroupement_row *w = &g->rows[i];
		char l[200], c[3][S];
		snprintf(l, sizeof l, "%s%s %s", w->theme ? "" : "   ", w->code, w->libelle);
		const char *cells[] = {l, fmt_int(c[0], S, w->n), fmt_score_s(c[1], S, w->mean, w->diffusable),
				       fmt_score_s(c[2], S, w->network, w->network_diffusable)};
		pdf_table_row(d, cells, NULL, 0);
	}
	pdf_table_end(d);
	pdf_note(d, "Scores moyens sur 4, chaque entreprise pesant autant ; « s » : secret statistique (moins de "
		    "trois régions ou trop peu d'entreprises pour cet élément, ou un chiffre qui ferait retrouver "
		    "celui d'une région masquée).");
}

int regroupement_section(const struct report_ctx *rc, pdf_doc *d, const struct rd_regroupement *pool)
{
	const struct rd_regroupement g = *pool;
	char text[600];

	pdf_need(d, 220); /* the heading, its sentence and the first rows together */
	pdf_heading(d, 1, "Les régions sous le seuil, ensemble");
	if (g.shown == 0) {
		snprintf(text, sizeof text,
			 "Les régions sous le seuil ne sont pas publiées ensemble en %d : moins de trois régions "
			 "ou de %d entreprises, ou un chiffre qui ferait retrouver celui d'une région masquée.",
			 rc->camp->campagne, rc->camp->seuil_secret);
		pdf_paragraph(d, text);
		return pdf_status(d);
	}
	pooled_why(rc, d, &g);
	pooled_table(d, &g);
	return pdf_status(d);
}
