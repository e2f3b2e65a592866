/* The evaluated members of a campaign as a typed list; see member_list.h. */
#include "report/member_list.h"
#include "io/pg.h"
#include "report/report_data.h"

#include "base/log.h"

#include <stdlib.h>

int member_list_read(pg_conn *c, int campagne, const char *region, const char *siret, struct member_list *out)
{
	int ret;

	*out = (struct member_list){0};
	if (!(out->rows = calloc(1, sizeof *out->rows)))
		return log_fail(LECAP_IO, "mémoire insuffisante");
	if ((ret = rd_members(c, campagne, region, siret, &out->rows->r)) != LECAP_OK)
		return ret;
	int n = pg_ntuples(out->rows->r);
	if (n > 0 && !(out->v = calloc((size_t)n, sizeof *out->v)))
		return log_fail(LECAP_IO, "mémoire insuffisante");
	for (; out->n < n; out->n++)
		member_data_member(&out->v[out->n], out->rows->r, out->n);
	return LECAP_OK;
}

void member_list_free(struct member_list *l)
{
	if (l->rows)
		pg_result_free(l->rows->r);
	free(l->rows);
	free(l->v);
	*l = (struct member_list){0};
}

