/* Consensus against individual views and points de débat, drawn in the photographie; see consensus.h. */
#include "consensus.h"

#include "base/fmt.h"
#include "report.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define S FMT_SIZE

static char *consensus_num(char *out, double v)
{
	return isnan(v) ? strcpy(out, FMT_MISSING) : fmt_score(out, S, v);
}

static char *consensus_gap(char *out, double v)
{
	return isnan(v) ? strcpy(out, FMT_MISSING) : fmt_change(out, S, v, 2);
}

static void consensus_table(pdf_doc *d, const struct consensus_data_member *m)
{
	static const struct pdf_column cols[] = {{"Sous-thème", 0, PDF_LEFT},
						 {"Consensus", 54, PDF_RIGHT},
						 {"Moyenne individuelle", 64, PDF_RIGHT},
						 {"Écart", 44, PDF_RIGHT},
						 {"Divergence entre collèges", 70, PDF_RIGHT}};

	pdf_table_begin(d, cols, 5);
	for (int i = 0; i < m->n_themes; i++) {
		const struct consensus_data_theme *t = &m->themes[i];
		char l[300], a[S], b[S], c[S], e[S];
		snprintf(l, sizeof l, "%s %s", t->code, t->libelle);
		const char *cells[] = {l, consensus_num(a, t->consensus), consensus_num(b, t->moyenne),
				       consensus_gap(c, t->ecart), consensus_num(e, t->divergence)};
		int levels[5] = {0, report_level(t->consensus), report_level(t->moyenne), 0,
				 !isnan(t->divergence) && t->divergence >= 1 ? 1 : 0};
		pdf_table_row(d, cells, levels, 0);
	}
	pdf_table_end(d);
	pdf_note(d, "Consensus : la moyenne des notes que vous avez retenues ensemble ; moyenne individuelle : celle "
		    "des notes de vos répondants, tous collèges, sur les mêmes indicateurs (ceux qui ont les deux, NC "
		    "exclus) ; écart : consensus moins moyenne, tels qu'imprimés. Divergence entre collèges : plus "
		    "forte moyenne de collège moins la plus faible.");
}

/* One point de débat as a sentence. */
static void consensus_debate(char *out, size_t size, const struct consensus_data_debate *p)
{
	char g[S], a[S], b[S];

	snprintf(out, size, "%s %s : %s %s d'écart entre %s (%s) et %s (%s).", p->code, p->libelle,
		 fmt_score(g, S, p->divergence), fmt_round(p->divergence, 2) >= 2 ? "points" : "point",
		 report_college_in_text(p->college_haut), fmt_score(a, S, p->score_haut),
		 report_college_in_text(p->college_bas), fmt_score(b, S, p->score_bas));
}

static void consensus_debates(pdf_doc *d, const struct consensus_data_member *m)
{
	char msg[600], min[S];
	bool colleges = false;

	for (int i = 0; i < m->n_themes; i++)
		if (!isnan(m->themes[i].divergence))
			colleges = true;
	pdf_need(d, 60 + 30.0 * m->n_debates);
	pdf_heading(d, 3, "Vos points de débat");
	fmt_score(min, S, CONSENSUS_DATA_DEBATE_MIN);
	if (!colleges) {
		pdf_paragraph(d, "Un seul collège a répondu : pas de point de débat entre collèges.");
		return;
	}
	if (m->n_debates == 0) {
		snprintf(msg, sizeof msg, "Sur aucun objectif vos collèges ne s'écartent de %s point ou plus : pas de "
					  "point de débat à nommer.",
			 min);
		pdf_paragraph(d, msg);
		return;
	}
	snprintf(msg, sizeof msg, "Les objectifs où vos collèges s'écartent le plus (%s point ou plus entre la plus "
				  "forte et la plus faible moyenne de collège, au plus %d) : à reprendre ensemble.",
		 min, CONSENSUS_DATA_DEBATES);
	pdf_paragraph(d, msg);
	for (int i = 0; i < m->n_debates; i++) {
		consensus_debate(msg, sizeof msg, &m->debates[i]);
		pdf_paragraph(d, msg);
	}
}

void consensus_section(pdf_doc *d, const struct consensus_data_member *m)
{
	pdf_need(d, m->any_consensus ? 170 + 24.0 * m->n_themes : 80);
	pdf_heading(d, 2, "Consensus et notes individuelles");
	if (m->any_consensus) {
		pdf_paragraph(d, "Par sous-thème, la note que vous avez retenue ensemble (consensus) à côté de la "
				 "moyenne des notes de vos répondants : au-dessus, le groupe a retenu plus haut que ce "
				 "que chacun avait noté ; en dessous, plus bas.");
		consensus_table(d, m);
	} else {
		pdf_paragraph(d, "Votre export ne porte pas à la fois des notes de consensus et des notes "
				 "individuelles sur les mêmes indicateurs : pas de comparaison entre les deux.");
	}
	consensus_debates(d, m);
}

void consensus_hash(struct sha256 *h, const struct consensus_data_member *m)
{
	char line[600], a[S], b[S], c[S], e[S];

	for (int i = 0; i < m->n_themes; i++) {
		const struct consensus_data_theme *t = &m->themes[i];
		snprintf(line, sizeof line, "%s|%s|%s|%s|%s|%s", t->code, t->libelle, consensus_num(a, t->consensus),
			 consensus_num(b, t->moyenne), consensus_gap(c, t->ecart), consensus_num(e, t->divergence));
		sha256_update(h, line, strlen(line) + 1);
	}
	sha256_update(h, "\x04", 1);
	for (int i = 0; i < m->n_debates; i++) {
		consensus_debate(line, sizeof line, &m->debates[i]);
		sha256_update(h, line, strlen(line) + 1);
	}
}
