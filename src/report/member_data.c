/* One member's photographie data as typed rows, from its slices of the batch's results; see member_data.h. */
#include "report/member_data.h"
#include "io/pg.h"
#include "report/report_data.h"

#include "base/fmt.h"
#include "base/log.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* NULL for a NULL value (rd_str gives ""). */
static const char *member_data_str_or_null(const pg_result *r, int row, int col)
{
	return pg_isnull(r, row, col) ? NULL : rd_str(r, row, col);
}

/* A publication flag: NULL (no cell), false (secret) or true. */
static enum md_diffusion member_data_diffusion(const pg_result *r, int row, int col)
{
	return pg_isnull(r, row, col) ? MD_NO_CELL : rd_bool(r, row, col) ? MD_SHOWN : MD_SECRET;
}

/* Room for the n rows of slice s in *rows (none when empty); false when out of memory. */
static bool member_data_alloc(void **rows, size_t size, struct rd_slice s)
{
	int n = s.end - s.begin;

	*rows = NULL;
	return n <= 0 || (*rows = calloc((size_t)n, size)) != NULL;
}

void member_data_member(struct md_member *m, const pg_result *r, int row)
{
	*m = (struct md_member){
		.evaluation_id = rd_str(r, row, RD_MEM_EVALUATION_ID), .siret = rd_str(r, row, RD_MEM_SIRET),
		.raison_sociale = rd_str(r, row, RD_MEM_RAISON_SOCIALE), .region = rd_str(r, row, RD_MEM_REGION),
		.region_libelle = rd_str(r, row, RD_MEM_REGION_LIBELLE), .type = rd_str(r, row, RD_MEM_TYPE),
		.type_libelle = rd_str(r, row, RD_MEM_TYPE_LIBELLE),
		.n_repondants = rd_int(r, row, RD_MEM_N_REPONDANTS), .consensus = rd_bool(r, row, RD_MEM_CONSENSUS),
		.completude = rd_num(r, row, RD_MEM_COMPLETUDE), .complete = rd_bool(r, row, RD_MEM_COMPLETE),
		.date_evaluation = rd_str(r, row, RD_MEM_DATE_EVALUATION), .version = rd_str(r, row, RD_MEM_VERSION),
		.prev_id = rd_str(r, row, RD_MEM_PREV_ID), .prev_campagne = (int)rd_int(r, row, RD_MEM_PREV_CAMPAGNE),
		.donnees_au = rd_str(r, row, RD_MEM_DONNEES_AU)};
}

const char *member_data_quarter(const pg_result *s, int i)
{
	double v = rd_num(s, i, RD_MS_SCORE), q1 = rd_num(s, i, RD_MS_FR_Q1), med = rd_num(s, i, RD_MS_FR_MEDIANE),
	       q3 = rd_num(s, i, RD_MS_FR_Q3);

	if (!rd_bool(s, i, RD_MS_FR_DIFFUSABLE) || isnan(v) || isnan(q1) || isnan(med) || isnan(q3))
		return FMT_MISSING;
	v = fmt_round(v, 2);
	return v < fmt_round(q1, 2) ? "1er quart" : v < fmt_round(med, 2) ? "2e quart" : v < fmt_round(q3, 2) ? "3e quart"
													: "4e quart";
}

static enum md_level member_data_level(const char *niveau)
{
	return strcmp(niveau, "objectif") == 0 ? MD_OBJECTIF : strcmp(niveau, "sous_theme") == 0 ? MD_SOUS_THEME
												 : MD_THEME;
}

static void member_data_score(struct md_score_row *w, const pg_result *r, int i)
{
	*w = (struct md_score_row){
		.code = rd_str(r, i, RD_MS_CODE), .libelle = rd_str(r, i, RD_MS_LIBELLE),
		.niveau = member_data_level(rd_str(r, i, RD_MS_NIVEAU)), .cible = rd_num(r, i, RD_MS_CIBLE),
		.score = rd_num(r, i, RD_MS_SCORE), .atteint = rd_bool(r, i, RD_MS_ATTEINT),
		.reg_mediane = rd_num(r, i, RD_MS_REG_MEDIANE), .fr_mediane = rd_num(r, i, RD_MS_FR_MEDIANE),
		.type_mediane = rd_num(r, i, RD_MS_TYPE_MEDIANE),
		.reg_diffusion = member_data_diffusion(r, i, RD_MS_REG_DIFFUSABLE),
		.fr_diffusion = member_data_diffusion(r, i, RD_MS_FR_DIFFUSABLE),
		.type_diffusion = member_data_diffusion(r, i, RD_MS_TYPE_DIFFUSABLE),
		.quart = member_data_quarter(r, i)};
}

static void member_data_college(struct md_college_row *w, const pg_result *r, int i)
{
	w->code = rd_str(r, i, RD_MC_CODE);
	w->libelle = rd_str(r, i, RD_MC_LIBELLE);
	for (int k = 0; k < COLLEGE_COUNT; k++)
		w->college[k] = rd_num(r, i, RD_MC_FIRST + k);
	w->ecart = rd_num(r, i, RD_MC_ECART);
	w->debat = rd_bool(r, i, RD_MC_DEBAT);
}

static void member_data_plan(struct md_plan_row *w, const pg_result *r, int i)
{
	*w = (struct md_plan_row){.objectif = rd_str(r, i, RD_MP_OBJECTIF), .action = rd_str(r, i, RD_MP_ACTION),
				  .priorite = rd_str(r, i, RD_MP_PRIORITE),
				  .responsable = rd_str(r, i, RD_MP_RESPONSABLE),
				  .echeance = member_data_str_or_null(r, i, RD_MP_ECHEANCE),
				  .statut = rd_str(r, i, RD_MP_STATUT), .offres = rd_str(r, i, RD_MP_OFFRES)};
}

static void member_data_todo(struct md_todo_row *w, const pg_result *r, int i)
{
	*w = (struct md_todo_row){.code = rd_str(r, i, RD_MT_CODE), .libelle = rd_str(r, i, RD_MT_LIBELLE),
				  .cible = rd_num(r, i, RD_MT_CIBLE), .score = rd_num(r, i, RD_MT_SCORE),
				  .ecart = rd_num(r, i, RD_MT_ECART),
				  .offres = member_data_str_or_null(r, i, RD_MT_OFFRES)};
}

static void member_data_indicator(struct md_indicator_row *w, const pg_result *r, int i)
{
	*w = (struct md_indicator_row){.objectif = rd_str(r, i, RD_MI_OBJECTIF), .code = rd_str(r, i, RD_MI_CODE),
				       .libelle = rd_str(r, i, RD_MI_LIBELLE), .score = rd_num(r, i, RD_MI_SCORE)};
}

static void member_data_history(struct md_history_row *w, const pg_result *r, int i)
{
	*w = (struct md_history_row){.campagne = rd_str(r, i, RD_PH_CAMPAGNE),
				     .objectif = rd_str(r, i, RD_PH_OBJECTIF), .action = rd_str(r, i, RD_PH_ACTION),
				     .statut = rd_str(r, i, RD_PH_STATUT),
				     .statut_maintenant = member_data_str_or_null(r, i, RD_PH_STATUT_MAINTENANT)};
}

static void member_data_unrated(struct md_unrated_row *w, const pg_result *r, int i)
{
	*w = (struct md_unrated_row){.sous_theme = rd_str(r, i, RD_UN_SOUS_THEME),
				     .sous_theme_libelle = rd_str(r, i, RD_UN_SOUS_THEME_LIBELLE),
				     .code = rd_str(r, i, RD_UN_CODE), .libelle = rd_str(r, i, RD_UN_LIBELLE)};
}

/* Allocates md->FIELD for the slice q[K] and fills it row by row with FILL; false when out of memory. */
#define MEMBER_DATA_FILL(md, FIELD, s, FILL)                                               \
	do {                                                                                \
		if (!member_data_alloc((void **)&(md)->FIELD, sizeof *(md)->FIELD, (s)))    \
			return false;                                                       \
		for (int i = (s).begin; i < (s).end; i++)                                   \
			FILL(&(md)->FIELD[(md)->n_##FIELD++], (s).r, i);                     \
	} while (0)

static bool member_data_fill_all(struct member_data *md, const struct rd_slice *q)
{
	MEMBER_DATA_FILL(md, scores, q[MB_SCORES], member_data_score);
	MEMBER_DATA_FILL(md, colleges, q[MB_COLLEGES], member_data_college);
	MEMBER_DATA_FILL(md, plan, q[MB_PLANS], member_data_plan);
	MEMBER_DATA_FILL(md, todo, q[MB_TODO], member_data_todo);
	MEMBER_DATA_FILL(md, indicators, q[MB_TODO_INDICATORS], member_data_indicator);
	MEMBER_DATA_FILL(md, history, q[MB_HISTORY], member_data_history);
	MEMBER_DATA_FILL(md, unrated, q[MB_UNRATED], member_data_unrated);
	return true;
}

int member_data_read(struct member_data *md, const struct rd_slice *q)
{
	const struct md_member *m = md->member;
	const struct tendance *t = md->tendance;

	*md = (struct member_data){.member = m, .tendance = t};
	if (!member_data_fill_all(md, q))
		return log_fail(LECAP_IO, "mémoire insuffisante");
	return LECAP_OK;
}

void member_data_free(struct member_data *md)
{
	free(md->scores);
	free(md->colleges);
	free(md->plan);
	free(md->todo);
	free(md->indicators);
	free(md->history);
	free(md->unrated);
	*md = (struct member_data){.member = md->member, .tendance = md->tendance};
}
