/* The effect of progress plans, read for a report; see effet_plan.h. */
#include "report/effet_plan.h"
#include "io/pg.h"

#include "base/exitcode.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double num_or_nan(const pg_result *r, int row, int col)
{
	return pg_isnull(r, row, col) ? NAN : strtod(pg_value(r, row, col), NULL);
}

int rd_effet_plan(pg_conn *c, int campagne, const char *territory, struct rd_effet *out)
{
	char year[16];
	const char *params[2] = {year, territory};
	pg_result *r = NULL;
	int ret;

	memset(out, 0, sizeof(*out));
	snprintf(year, sizeof(year), "%d", campagne);
	ret = pg_query(c, "lecture de l'effet des plans de progrès",
		       "SELECT code, coalesce(libelle, ''), n_avec_plan, n_sans_plan, evolution_avec_plan,"
		       "       evolution_sans_plan, ecart, diffusable, campagne_precedente"
		       "  FROM lecap.v_effet_plan"
		       " WHERE campagne = $1 AND region = $2 AND niveau = 'theme' AND statut = 'tous'"
		       " ORDER BY rang, code",
		       2, params, &r);
	if (ret != LECAP_OK)
		return ret;
	for (int i = 0; i < pg_ntuples(r) && out->n < RD_EFFET_MAX; i++) {
		struct rd_effet_row *w = &out->rows[out->n++];
		snprintf(w->code, sizeof(w->code), "%s", pg_value(r, i, 0));
		snprintf(w->libelle, sizeof(w->libelle), "%s", pg_value(r, i, 1));
		w->n_avec = atoi(pg_value(r, i, 2));
		w->n_sans = atoi(pg_value(r, i, 3));
		w->evol_avec = num_or_nan(r, i, 4);
		w->evol_sans = num_or_nan(r, i, 5);
		w->ecart = num_or_nan(r, i, 6);
		w->diffusable = strcmp(pg_value(r, i, 7), "t") == 0;
		out->campagne_precedente = atoi(pg_value(r, i, 8));
	}
	pg_result_free(r);
	return LECAP_OK;
}
