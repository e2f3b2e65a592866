/*
 * The section « L'effet des plans de progrès » (issue 22) of the national
 * and regional reports: per theme, how much the members who had put one of
 * its objectives in their previous plan progressed, against the others
 * (lecap.v_effet_plan, secrecy applied by the view; docs/analystes.md).
 */
#include "report.h"
#include "report/effet_plan.h"

#include "base/exitcode.h"
#include "base/fmt.h"

#include <math.h>
#include <stdio.h>

#define S FMT_SIZE

int effet_plans_section(const struct report_ctx *rc, pdf_doc *d, const char *territory)
{
	struct rd_effet e;
	char text[700];
	int ret = rd_effet_plan(rc->conn, rc->camp->campagne, territory, &e);
	size_t shown = 0;

	if (ret)
		return ret;
	pdf_need(d, 190); /* the heading, its sentence and the themes' table together */
	pdf_heading(d, 2, "L'effet des plans de progrès");
	if (e.n == 0) {
		pdf_paragraph(d, "Pas de campagne précédente comparable : l'effet des plans de progrès se "
				 "mesure sur les adhérents évalués à deux campagnes successives.");
		return pdf_status(d);
	}
	snprintf(text, sizeof text,
		 "Adhérents évalués (complets) en %d et en %d : évolution moyenne de leur score par thème, "
		 "selon que leur plan de progrès %d comptait ou non une action sur un objectif du thème.",
		 e.campagne_precedente, rc->camp->campagne, e.campagne_precedente);
	pdf_paragraph(d, text);
	for (size_t i = 0; i < e.n; i++)
		shown += e.rows[i].diffusable;
	if (shown == 0) {
		snprintf(text, sizeof text,
			 "Rien n'est publiable ici : pour chaque thème, un des deux groupes compte moins de %d "
			 "adhérents, ou le chiffre est masqué pour qu'un autre ne puisse pas être recalculé "
			 "(secret statistique).",
			 rc->camp->seuil_secret);
		pdf_paragraph(d, text);
		return pdf_status(d);
	}
	static const struct pdf_column cols[] = {
		{"Thème", 0, PDF_LEFT},          {"Avec plan", 50, PDF_RIGHT}, {"Évolution", 52, PDF_RIGHT},
		{"Sans plan", 50, PDF_RIGHT},    {"Évolution", 52, PDF_RIGHT}, {"Écart", 46, PDF_RIGHT}};
	pdf_table_begin(d, cols, 6);
	for (size_t i = 0; i < e.n; i++) {
		const struct rd_effet_row *w = &e.rows[i];
		char l[200], c[5][S];
		snprintf(l, sizeof l, "%s %s", w->code, w->libelle);
		const char *cells[] = {l, fmt_int(c[0], S, w->n_avec),
				       fmt_change_s(c[1], S, w->evol_avec, w->diffusable && !isnan(w->evol_avec)),
				       fmt_int(c[2], S, w->n_sans),
				       fmt_change_s(c[3], S, w->evol_sans, w->diffusable && !isnan(w->evol_sans)),
				       fmt_change_s(c[4], S, w->ecart, w->diffusable && !isnan(w->ecart))};
		pdf_table_row(d, cells, NULL, 0);
	}
	pdf_table_end(d);
	pdf_note(d, "Ce que cela dit : un écart positif signifie que les adhérents qui avaient mis un objectif "
		    "du thème dans leur plan ont, en moyenne, plus progressé que les autres. Ce que cela ne dit "
		    "pas : que le plan en est la cause — c'est une association, pas une preuve ; chacun choisit "
		    "d'abord les objectifs où il a le plus de marge, et les répondants changent d'une année à "
		    "l'autre. Les effectifs sont ceux des deux groupes ; « s » : secret statistique.");
	return pdf_status(d);
}
