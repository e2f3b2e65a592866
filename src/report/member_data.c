/* One member's photographie data as typed rows; see member_data.h. */
#include "report/member_data.h"

#include "base/log.h"

#include <stdlib.h>

/* NULL for a NULL value (rd_str gives ""). */
static const char *str_or_null(const pg_result *r, int row, int col)
{
	return pg_isnull(r, row, col) ? NULL : rd_str(r, row, col);
}

static int read_history(struct member_data *md, struct rd_slice s)
{
	int n = s.end - s.begin;

	if (n <= 0)
		return LECAP_OK;
	if (!(md->history = calloc((size_t)n, sizeof *md->history)))
		return log_fail(LECAP_IO, "mémoire insuffisante");
	for (int i = s.begin; i < s.end; i++) {
		struct md_history_row *w = &md->history[md->n_history++];
		w->campagne = rd_str(s.r, i, RD_PH_CAMPAGNE);
		w->objectif = rd_str(s.r, i, RD_PH_OBJECTIF);
		w->action = rd_str(s.r, i, RD_PH_ACTION);
		w->statut = rd_str(s.r, i, RD_PH_STATUT);
		w->statut_maintenant = str_or_null(s.r, i, RD_PH_STATUT_MAINTENANT);
	}
	return LECAP_OK;
}

static int read_unrated(struct member_data *md, struct rd_slice s)
{
	int n = s.end - s.begin;

	if (n <= 0)
		return LECAP_OK;
	if (!(md->unrated = calloc((size_t)n, sizeof *md->unrated)))
		return log_fail(LECAP_IO, "mémoire insuffisante");
	for (int i = s.begin; i < s.end; i++) {
		struct md_unrated_row *w = &md->unrated[md->n_unrated++];
		w->sous_theme = rd_str(s.r, i, RD_UN_SOUS_THEME);
		w->sous_theme_libelle = rd_str(s.r, i, RD_UN_SOUS_THEME_LIBELLE);
		w->code = rd_str(s.r, i, RD_UN_CODE);
		w->libelle = rd_str(s.r, i, RD_UN_LIBELLE);
	}
	return LECAP_OK;
}

int member_data_read(struct member_data *md, struct rd_slice history, struct rd_slice unrated)
{
	int ret;

	*md = (struct member_data){0};
	if ((ret = read_history(md, history)) != LECAP_OK)
		return ret;
	return read_unrated(md, unrated);
}

void member_data_free(struct member_data *md)
{
	free(md->history);
	free(md->unrated);
	*md = (struct member_data){0};
}
