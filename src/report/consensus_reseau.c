/* Consensus against individual ratings in the network; see consensus_reseau.h. */
#include "report/consensus_reseau.h"
#include "io/pg.h"

#include "base/exitcode.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int rd_consensus_reseau_int(const pg_result *r, int row, int col)
{
	return pg_isnull(r, row, col) ? -1 : atoi(pg_value(r, row, col));
}

static double rd_consensus_reseau_num(const pg_result *r, int row, int col)
{
	return pg_isnull(r, row, col) ? NAN : strtod(pg_value(r, row, col), NULL);
}

int rd_consensus_reseau(pg_conn *c, int campagne, struct rd_consensus_reseau *out)
{
	char year[16];
	const char *params[1] = {year};
	pg_result *r = NULL;
	int ret;

	memset(out, 0, sizeof(*out));
	snprintf(year, sizeof(year), "%d", campagne);
	ret = pg_query(c, "lecture du consensus face aux notes individuelles",
		       "SELECT sous_theme, coalesce(libelle, ''), n_entreprises, n_au_dessus, n_en_dessous, n_egal,"
		       "       part_au_dessus, part_en_dessous, part_egal, diffusable"
		       "  FROM lecap.v_publication_consensus WHERE campagne = $1 ORDER BY rang, sous_theme",
		       1, params, &r);
	if (ret != LECAP_OK)
		return ret;
	for (int i = 0; i < pg_ntuples(r) && out->n < RD_CONSENSUS_RESEAU_MAX; i++) {
		struct rd_consensus_reseau_row *w = &out->rows[out->n++];
		snprintf(w->code, sizeof(w->code), "%s", pg_value(r, i, 0));
		snprintf(w->libelle, sizeof(w->libelle), "%s", pg_value(r, i, 1));
		w->n = atoi(pg_value(r, i, 2));
		w->au_dessus = rd_consensus_reseau_int(r, i, 3);
		w->en_dessous = rd_consensus_reseau_int(r, i, 4);
		w->egal = rd_consensus_reseau_int(r, i, 5);
		w->part_au_dessus = rd_consensus_reseau_num(r, i, 6);
		w->part_en_dessous = rd_consensus_reseau_num(r, i, 7);
		w->part_egal = rd_consensus_reseau_num(r, i, 8);
		w->diffusable = strcmp(pg_value(r, i, 9), "t") == 0;
	}
	pg_result_free(r);
	return LECAP_OK;
}
