/* The regions below the threshold together, read for a report; see regroupement.h. */
#include "report/regroupement.h"
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

static void read_row(const pg_result *r, int i, struct rd_regroupement_row *w)
{
	snprintf(w->code, sizeof(w->code), "%s", pg_value(r, i, 0));
	w->theme = strcmp(pg_value(r, i, 1), "theme") == 0;
	snprintf(w->libelle, sizeof(w->libelle), "%s", pg_value(r, i, 2));
	w->n = atoi(pg_value(r, i, 3));
	w->mean = num_or_nan(r, i, 4);
	w->diffusable = strcmp(pg_value(r, i, 5), "t") == 0;
	w->network = num_or_nan(r, i, 6);
	w->network_diffusable = strcmp(pg_value(r, i, 7), "t") == 0;
}

int regroupement_read(pg_conn *c, int campagne, const char *region, struct rd_regroupement *out)
{
	char year[16];
	const char *params[2] = {year, region};
	pg_result *r = NULL;
	int ret;

	memset(out, 0, sizeof(*out));
	snprintf(year, sizeof(year), "%d", campagne);
	ret = pg_query(c, "lecture des régions sous le seuil, ensemble",
		       "SELECT g.code, g.niveau, coalesce(g.libelle, ''), g.n_entreprises, g.moyenne, g.diffusable,"
		       "       f.moyenne, coalesce(f.diffusable, false), g.n_regions,"
		       "       (SELECT string_agg(rg.libelle, ', ' ORDER BY rg.code) FROM lecap.region rg"
		       "         WHERE rg.code = ANY (string_to_array(g.regions, ',')))"
		       "  FROM lecap.v_publication_regroupement g"
		       "  LEFT JOIN lecap.v_publication_agregat f"
		       "         ON f.campagne = g.campagne AND f.region = 'FR' AND f.code = g.code"
		       " WHERE g.campagne = $1 AND $2 = ANY (string_to_array(g.regions, ','))"
		       "   AND g.niveau IN ('theme', 'sous_theme')"
		       " ORDER BY g.rang, g.code",
		       2, params, &r);
	if (ret != LECAP_OK)
		return ret;
	for (int i = 0; i < pg_ntuples(r) && out->n < RD_REGROUPEMENT_MAX; i++) {
		struct rd_regroupement_row *w = &out->rows[out->n++];
		read_row(r, i, w);
		out->shown += w->diffusable;
		if (out->n == 1) {
			out->n_regions = atoi(pg_value(r, i, 8));
			out->n_entreprises = w->n;
			snprintf(out->regions, sizeof(out->regions), "%s", pg_value(r, i, 9));
		}
	}
	pg_result_free(r);
	return LECAP_OK;
}
