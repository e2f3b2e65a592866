/* The vision in force and the grid's four-theme presentation; see etre_faire.h. */
#include "report/etre_faire.h"
#include "io/pg.h"

#include "base/exitcode.h"

#include <stdio.h>
#include <string.h>

int rd_etre_faire_vision(pg_conn *c, struct rd_etre_faire_vision *out)
{
	pg_result *r = NULL;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = pg_query(c, "lecture du texte de la vision",
		       "SELECT version, empreinte, texte FROM lecap.vision WHERE en_vigueur", 0, NULL, &r);
	if (ret != LECAP_OK)
		return ret;
	if (pg_ntuples(r) == 1) {
		out->present = true;
		snprintf(out->version, sizeof(out->version), "%s", pg_value(r, 0, 0));
		snprintf(out->empreinte, sizeof(out->empreinte), "%s", pg_value(r, 0, 1));
		snprintf(out->texte, sizeof(out->texte), "%s", pg_value(r, 0, 2));
	}
	pg_result_free(r);
	return LECAP_OK;
}

static struct rd_etre_faire_theme *rd_etre_faire_parent(struct rd_etre_faire_themes *out, const char *code)
{
	for (size_t i = 0; i < out->n; i++)
		if (strcmp(out->themes[i].code, code) == 0)
			return &out->themes[i];
	return NULL;
}

int rd_etre_faire_themes(pg_conn *c, const char *version, struct rd_etre_faire_themes *out)
{
	const char *params[1] = {version};
	pg_result *r = NULL;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = pg_query(c, "lecture des thèmes de la grille",
		       "SELECT niveau, code, coalesce(parent, ''), libelle FROM lecap.element"
		       " WHERE version = $1 AND niveau IN ('theme', 'sous_theme')"
		       " ORDER BY niveau = 'sous_theme', rang, code",
		       1, params, &r);
	if (ret != LECAP_OK)
		return ret;
	for (int i = 0; i < pg_ntuples(r); i++) {
		struct rd_etre_faire_theme *t;
		if (strcmp(pg_value(r, i, 0), "theme") == 0) {
			if (out->n == RD_ETRE_FAIRE_MAX_THEMES)
				continue;
			t = &out->themes[out->n++];
			snprintf(t->code, sizeof(t->code), "%s", pg_value(r, i, 1));
			snprintf(t->libelle, sizeof(t->libelle), "%s", pg_value(r, i, 3));
		} else if ((t = rd_etre_faire_parent(out, pg_value(r, i, 2))) && t->nsous < RD_ETRE_FAIRE_MAX_SOUS) {
			snprintf(t->sous_code[t->nsous], sizeof(t->sous_code[0]), "%s", pg_value(r, i, 1));
			snprintf(t->sous_libelle[t->nsous], sizeof(t->sous_libelle[0]), "%s", pg_value(r, i, 3));
			t->nsous++;
		}
	}
	pg_result_free(r);
	return LECAP_OK;
}
