/*
 * The national report's section « Le consensus face aux notes
 * individuelles » (issue 22 item 4): per sub-theme, how often a member's
 * consensus sits above or below the mean of its individual ratings
 * (lecap.v_publication_consensus, secrecy applied by the view;
 * docs/analystes.md).
 */
#include "report.h"
#include "report/consensus_reseau.h"

#include "base/exitcode.h"
#include "base/fmt.h"

#include <math.h>
#include <stdio.h>

#define S FMT_SIZE

/* « 3 (50 %) », or « s » when secret. */
static const char *consensus_national_cell(char *out, size_t size, int n, double share, bool diffusable)
{
	char a[S], b[S];

	if (!diffusable || n < 0 || isnan(share))
		return FMT_SECRET;
	snprintf(out, size, "%s (%s)", fmt_int(a, S, n), fmt_percent(b, S, share));
	return out;
}

static void consensus_national_table(pdf_doc *d, const struct rd_consensus_reseau *c)
{
	static const struct pdf_column cols[] = {{"Sous-thème", 0, PDF_LEFT},
						 {"Adhérents", 52, PDF_RIGHT},
						 {"Au-dessus", 62, PDF_RIGHT},
						 {"En dessous", 62, PDF_RIGHT},
						 {"Égal", 62, PDF_RIGHT}};

	pdf_table_begin(d, cols, 5);
	for (size_t i = 0; i < c->n; i++) {
		const struct rd_consensus_reseau_row *w = &c->rows[i];
		char l[200], v[4][S];
		snprintf(l, sizeof l, "%s %s", w->code, w->libelle);
		const char *cells[] = {
			l, fmt_int(v[0], S, w->n),
			consensus_national_cell(v[1], S, w->au_dessus, w->part_au_dessus, w->diffusable),
			consensus_national_cell(v[2], S, w->en_dessous, w->part_en_dessous, w->diffusable),
			consensus_national_cell(v[3], S, w->egal, w->part_egal, w->diffusable)};
		pdf_table_row(d, cells, NULL, 0);
	}
	pdf_table_end(d);
}

int consensus_national_section(const struct report_ctx *rc, pdf_doc *d)
{
	struct rd_consensus_reseau c;
	char text[700];
	size_t shown = 0;
	int ret = rd_consensus_reseau(rc->conn, rc->camp->campagne, &c);

	if (ret)
		return ret;
	pdf_need(d, 190); /* the heading, its sentence and the table's first rows together */
	pdf_heading(d, 2, "Le consensus face aux notes individuelles");
	if (c.n == 0) {
		pdf_paragraph(d, "Aucune évaluation complète de cette campagne ne porte à la fois des notes de "
				 "consensus et des notes individuelles : la comparaison ne peut pas être faite.");
		return pdf_status(d);
	}
	pdf_paragraph(d, "Quand une entreprise convient de notes de consensus, sa note collective est-elle plus "
			 "haute ou plus basse que la moyenne des notes que chacun a données seul ? Par sous-thème, "
			 "le nombre d'adhérents (évaluations complètes avec une ligne de consensus) dont le "
			 "consensus est au-dessus, en dessous ou égal à la moyenne de leurs notes individuelles "
			 "(à deux décimales, sur les indicateurs notés des deux façons).");
	for (size_t i = 0; i < c.n; i++)
		shown += c.rows[i].diffusable;
	if (shown == 0) {
		snprintf(text, sizeof text,
			 "Rien n'est publiable ici : chaque sous-thème repose sur moins de %d adhérents (secret "
			 "statistique).",
			 rc->camp->seuil_secret);
		pdf_paragraph(d, text);
		return pdf_status(d);
	}
	consensus_national_table(d, &c);
	snprintf(text, sizeof text,
		 "Ce que cela dit : au-dessus, la discussion collective a tiré l'appréciation vers le haut ; en "
		 "dessous, le groupe s'est montré plus exigeant que la moyenne de ses membres. « s » : secret "
		 "statistique (moins de %d adhérents).",
		 rc->camp->seuil_secret);
	pdf_note(d, text);
	return pdf_status(d);
}
