/* The planned objectives then and now, drawn in the photographie; see planned.h. */
#include "planned.h"

#include "base/fmt.h"
#include "report.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define S FMT_SIZE

static const char *planned_status(const char *s)
{
	static const char *const labels[][2] = {{"a_engager", "à engager"},
						 {"en_cours", "en cours"},
						 {"realisee", "réalisée"},
						 {"abandonnee", "abandonnée"},
						 {"non_suivie", "non suivie"}};

	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (strcmp(labels[i][0], s) == 0)
			return labels[i][1];
	return s;
}

/* A score's change as printed: the difference of the two printed figures; « – » when either is missing. */
static char *planned_change(char *out, const struct planned_data_row *w)
{
	if (isnan(w->score_alors) || isnan(w->score_maintenant))
		return strcpy(out, FMT_MISSING);
	return fmt_change(out, S, report_printed_diff(w->score_maintenant, w->score_alors), 2);
}

/* « 2 objectifs » / « 1 objectif ». */
static char *planned_count(char *out, int n)
{
	char a[S];

	snprintf(out, 64, "%s %s", fmt_int(a, S, n), report_plural(n, "objectif", "objectifs"));
	return out;
}

/* The sentence under the table: planned objectives against the others. */
static void planned_sentence(char *out, size_t size, const struct planned_data_member *m, int campagne)
{
	char a[S], b[S], na[64], nb[64];

	if (m->reference == 0) {
		snprintf(out, size, "Sans évaluation à une campagne précédente, l'évolution de vos objectifs ne se "
				    "mesure pas encore.");
	} else if (!m->reference_plan) {
		snprintf(out, size, "Vous n'aviez pas transmis de plan de progrès en %d, votre campagne précédente : "
				    "pas de comparaison entre objectifs planifiés et autres objectifs.",
			 m->reference);
	} else if (m->n_planned == 0) {
		snprintf(out, size, "Aucun objectif de votre plan %d n'est noté à la fois en %d et en %d : pas de "
				    "comparaison avec vos autres objectifs.",
			 m->reference, m->reference, campagne);
	} else if (m->n_other == 0) {
		snprintf(out, size, "De %d à %d, les objectifs de votre plan %d ont évolué en moyenne de %s (%s notés "
				    "aux deux campagnes) ; vous n'avez pas d'autre objectif noté aux deux campagnes.",
			 m->reference, campagne, m->reference, fmt_change(a, S, m->change_planned, 2),
			 planned_count(na, m->n_planned));
	} else {
		snprintf(out, size, "De %d à %d, les objectifs de votre plan %d ont évolué en moyenne de %s (%s), vos "
				    "autres objectifs de %s (%s) : objectifs notés aux deux campagnes.",
			 m->reference, campagne, m->reference, fmt_change(a, S, m->change_planned, 2),
			 planned_count(na, m->n_planned), fmt_change(b, S, m->change_other, 2),
			 planned_count(nb, m->n_other));
	}
}

static void planned_table(pdf_doc *d, const struct planned_data_member *m)
{
	static const struct pdf_column cols[] = {
		{"Plan", 34, PDF_LEFT},        {"Objectif", 0, PDF_LEFT},      {"Score alors", 50, PDF_RIGHT},
		{"Aujourd'hui", 54, PDF_RIGHT}, {"Évolution", 50, PDF_RIGHT},    {"Action alors", 58, PDF_LEFT},
		{"Aujourd'hui", 58, PDF_LEFT}};

	pdf_table_begin(d, cols, 7);
	for (int i = 0; i < m->n; i++) {
		const struct planned_data_row *w = &m->rows[i];
		char camp[16], obj[300], a[S], b[S], c[S];
		snprintf(camp, sizeof camp, "%d", w->campagne);
		snprintf(obj, sizeof obj, "%s%s%s", w->objectif, *w->libelle ? " " : "", w->libelle);
		const char *cells[] = {camp,
				       obj,
				       isnan(w->score_alors) ? FMT_MISSING : fmt_score(a, S, w->score_alors),
				       isnan(w->score_maintenant) ? FMT_MISSING : fmt_score(b, S, w->score_maintenant),
				       planned_change(c, w),
				       planned_status(w->statut),
				       planned_status(w->statut_maintenant)};
		int levels[7] = {0, 0, report_level(w->score_alors), report_level(w->score_maintenant), 0, 0,
				 strcmp(w->statut_maintenant, "realisee") == 0 ? 4 : 0};
		pdf_table_row(d, cells, levels, 0);
	}
	pdf_table_end(d);
}

void planned_section(pdf_doc *d, const struct planned_data_member *m, int campagne)
{
	char msg[600];

	if (m->n == 0) {
		pdf_need(d, 80);
		pdf_heading(d, 2, "Vos objectifs planifiés, alors et maintenant");
		pdf_paragraph(d, "Vous n'avez pas transmis de plan de progrès lors d'une campagne précédente : cette "
				 "section suivra, à la prochaine campagne, les objectifs de votre plan.");
		return;
	}
	if (m->n <= 20)
		pdf_need(d, 90 + 16.0 * (m->n + 1));
	pdf_heading(d, 2, "Vos objectifs planifiés, alors et maintenant");
	pdf_paragraph(d, "Chaque objectif de vos plans précédents : son score à la campagne du plan et aujourd'hui, "
			 "l'évolution (différence des deux scores imprimés), le statut de votre action alors et "
			 "aujourd'hui.");
	planned_table(d, m);
	planned_sentence(msg, sizeof msg, m, campagne);
	pdf_paragraph(d, msg);
}

/* line (up to its NUL) into the hash, even when snprintf truncated it. */
static void planned_hash_line(struct sha256 *h, const char *line)
{
	sha256_update(h, line, strlen(line) + 1);
}

void planned_hash(struct sha256 *h, const struct planned_data_member *m)
{
	char line[600], a[S], b[S], c[S], e[S], f[S];

	for (int i = 0; i < m->n; i++) {
		const struct planned_data_row *w = &m->rows[i];
		snprintf(line, sizeof line, "%d|%s|%s|%s|%s|%s|%s|%s", w->campagne, w->objectif, w->libelle,
				   isnan(w->score_alors) ? FMT_MISSING : fmt_score(a, S, w->score_alors),
				   isnan(w->score_maintenant) ? FMT_MISSING : fmt_score(b, S, w->score_maintenant),
				   planned_change(c, w), w->statut, w->statut_maintenant);
		planned_hash_line(h, line);
	}
	snprintf(line, sizeof line, "%d|%d|%d|%d|%s|%s", m->reference, m->reference_plan, m->n_planned,
			   m->n_other, isnan(m->change_planned) ? "" : fmt_change(e, S, m->change_planned, 2),
			   isnan(m->change_other) ? "" : fmt_change(f, S, m->change_other, 2));
	planned_hash_line(h, line);
}
