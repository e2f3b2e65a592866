/*
 * « Être et faire COORACE » in the reports (issue 22 item 5): the vision
 * text in force on every report's method page (etre_faire_vision), and the
 * brochure's four-theme presentation that opens the national report's body
 * (etre_faire_themes), the themes and sub-themes being the campaign's grid.
 */
#include "report.h"
#include "report/etre_faire.h"

#include "base/exitcode.h"

#include <stdio.h>
#include <string.h>

int etre_faire_vision(const struct report_ctx *rc, pdf_doc *d)
{
	const struct rd_etre_faire_vision *v = rc->vision;
	char para[sizeof v->texte], note[120];
	const char *p;

	if (!v || !v->present)
		return pdf_status(d);
	pdf_need(d, 120); /* the heading and the first lines together */
	pdf_heading(d, 3, "Être et faire COORACE");
	/* one paragraph per block between blank lines */
	for (p = v->texte; *p;) {
		const char *end = strstr(p, "\n\n");
		size_t n = end ? (size_t)(end - p) : strlen(p);
		memcpy(para, p, n);
		para[n] = '\0';
		pdf_paragraph(d, para);
		p += n;
		while (*p == '\n')
			p++;
	}
	snprintf(note, sizeof note, "(texte de la vision, version %s)", v->version);
	pdf_note(d, note);
	return pdf_status(d);
}

int etre_faire_themes(const struct report_ctx *rc, pdf_doc *d)
{
	struct rd_etre_faire_themes g;
	char line[400];
	int ret = rd_etre_faire_themes(rc->conn, rc->camp->version, &g);

	if (ret)
		return ret;
	if (g.n == 0)
		return pdf_status(d);
	snprintf(line, sizeof line, "Le Cap en %zu thèmes", g.n);
	pdf_heading(d, 1, line);
	snprintf(line, sizeof line,
		 "Le Cap, ce sont %zu thèmes pour évaluer de manière pragmatique et concrète nos pratiques en "
		 "faveur de cette vision et projet (« Être et faire COORACE », page Méthode).",
		 g.n);
	pdf_paragraph(d, line);
	for (size_t i = 0; i < g.n; i++) {
		const struct rd_etre_faire_theme *t = &g.themes[i];
		pdf_need(d, 40 + 16 * (double)t->nsous);
		snprintf(line, sizeof line, "Thème %s — %s", t->code, t->libelle);
		pdf_heading(d, 3, line);
		for (size_t k = 0; k < t->nsous; k++) {
			snprintf(line, sizeof line, "%s %s", t->sous_code[k], t->sous_libelle[k]);
			pdf_bullet(d, line);
		}
	}
	return pdf_status(d);
}
