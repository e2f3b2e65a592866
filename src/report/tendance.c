/* The photographie's trend over the member's campaigns; see tendance.h. */
#include "report/tendance.h"
#include "io/pg.h"

#include "base/log.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The columns of the scores' statement, the member's key (its evaluation id) last. */
enum {
	TD_CAMPAGNE, TD_COMPLETE, TD_VERSION, TD_N_EVALUEES, TD_NIVEAU, TD_CODE, TD_SCORE, TD_N_OBJECTIFS,
	TD_N_ATTEINTS, TD_CLE
};

/*
 * The theme and sub-theme scores of each member's latest $5 aggregated
 * evaluations up to $1, by member then campaign (an evaluation without such
 * a score still has one row, its score columns NULL). Fetched by
 * (campagne, evaluation_id), the index of lecap.score: the cost is that of
 * the rows read, nothing is joined or sorted per element (the grid and the
 * network's campaigns, the same for the whole batch, are read apart).
 */
static const char SCORES_SQL[] =
	"WITH m AS (SELECT * FROM unnest($2::bigint[], $3::text[]) WITH ORDINALITY AS m(id, siret, ord)),"
	" ev AS MATERIALIZED ("
	"   SELECT m.id AS cle, m.ord, r.evaluation_id, r.campagne, r.complete, r.version_referentiel,"
	"          count(*) OVER (PARTITION BY m.id) AS n_evaluees,"
	"          row_number() OVER (PARTITION BY m.id ORDER BY r.campagne DESC) AS recul"
	"     FROM m JOIN lecap.resultat_evaluation r"
	"            ON r.siret = m.siret COLLATE \"C\" AND r.campagne <= $1)"
	"SELECT ev.campagne, ev.complete, ev.version_referentiel, ev.n_evaluees,"
	"       sc.niveau, sc.code, sc.score, sc.n_objectifs, sc.n_atteints, ev.cle"
	"  FROM ev LEFT JOIN lecap.score sc"
	"       ON sc.campagne = ev.campagne AND sc.evaluation_id = ev.evaluation_id"
	"      AND sc.niveau IN ('theme', 'sous_theme')"
	" WHERE ev.recul <= $4"
	" ORDER BY ev.ord, ev.campagne";

/* The rows of the trend: the rendered campaign's themes and sub-themes, in grid order. */
enum { TD_EL_CODE, TD_EL_NIVEAU, TD_EL_LIBELLE };
static const char GRID_SQL[] = "SELECT code, niveau, libelle FROM lecap.element"
			       " WHERE version = $1 AND niveau IN ('theme', 'sous_theme') ORDER BY rang";

/* The network's aggregated campaigns before $1 (a member's skipped ones are among them). */
static const char CAMPAIGNS_SQL[] = "SELECT campagne FROM lecap.agregat_campagne"
				    " WHERE campagne < $1 AND n_evaluations > 0 ORDER BY campagne";

/* The campaigns of one member's rows [begin, end), oldest first; *ends: where each one's rows end. */
static void read_campaigns(struct tendance *t, const pg_result *r, int begin, int end, const char *version,
			   int ends[TENDANCE_CAMPAGNES])
{
	for (int row = begin; row < end; row++) {
		int camp = (int)rd_int(r, row, TD_CAMPAGNE);
		if (t->n > 0 && t->campagnes[t->n - 1].campagne == camp) {
			ends[t->n - 1] = row + 1;
		} else {
			if (t->n == TENDANCE_CAMPAGNES) /* the statement keeps no more */
				break;
			struct tendance_campagne *c = &t->campagnes[t->n];
			c->campagne = camp;
			c->complete = rd_bool(r, row, TD_COMPLETE);
			c->version = rd_str(r, row, TD_VERSION);
			c->autre_grille = strcmp(c->version, version) != 0;
			ends[t->n++] = row + 1;
		}
		/* the share reached: the themes' counts of scored and reached objectives */
		if (strcmp(rd_str(r, row, TD_NIVEAU), "theme") == 0) {
			t->campagnes[t->n - 1].n_objectifs += (int)rd_int(r, row, TD_N_OBJECTIFS);
			t->campagnes[t->n - 1].n_atteints += (int)rd_int(r, row, TD_N_ATTEINTS);
		}
	}
	t->n_evaluees = (int)rd_int(r, begin, TD_N_EVALUEES);
}

/* The network's campaigns between the first shown and this one that the member skipped. */
static void read_skipped(struct tendance *t, const pg_result *camps)
{
	int first = t->campagnes[0].campagne;

	for (int i = 0; i < pg_ntuples(camps) && t->n_sautees < TENDANCE_SAUTEES; i++) {
		int c = (int)rd_int(camps, i, 0);
		bool evaluated = false;
		for (int k = 0; k < t->n; k++)
			evaluated = evaluated || t->campagnes[k].campagne == c;
		if (c > first && !evaluated)
			t->sautees[t->n_sautees++] = c;
	}
}

/* The score of element (code, niveau) in rows [from, to), NaN when none. */
static double score_of(const pg_result *r, int from, int to, const char *code, const char *niveau)
{
	for (int row = from; row < to; row++)
		if (strcmp(rd_str(r, row, TD_CODE), code) == 0 && strcmp(rd_str(r, row, TD_NIVEAU), niveau) == 0)
			return rd_num(r, row, TD_SCORE);
	return NAN;
}

/* One member's rows [begin, end) into t, one line per element of grid, into lines. */
static void read_member(struct tendance *t, const struct tendance_lot *lot, int begin, int end,
			const char *version, struct tendance_ligne *lines)
{
	const pg_result *r = lot->r, *g = lot->grille;
	int ends[TENDANCE_CAMPAGNES];

	*t = (struct tendance){0};
	read_campaigns(t, r, begin, end, version, ends);
	read_skipped(t, lot->campagnes);
	t->lignes = lines;
	t->n_lignes = pg_ntuples(g);
	for (int i = 0; i < t->n_lignes; i++) {
		struct tendance_ligne *l = &lines[i];
		const char *niveau = rd_str(g, i, TD_EL_NIVEAU);
		l->code = rd_str(g, i, TD_EL_CODE);
		l->libelle = rd_str(g, i, TD_EL_LIBELLE);
		l->theme = strcmp(niveau, "theme") == 0;
		for (int k = 0; k < t->n; k++)
			l->score[k] = score_of(r, k == 0 ? begin : ends[k - 1], ends[k], l->code, niveau);
	}
}

/* Cuts the scores into members (by their key, the last column). */
static int read_lot(struct tendance_lot *lot, const char *version)
{
	const pg_result *r = lot->r;
	int nrows = pg_ntuples(r), nmembers = 0, nlines = pg_ntuples(lot->grille);

	for (int i = 0; i < nrows; i++)
		nmembers += i == 0 || strcmp(pg_value(r, i, TD_CLE), pg_value(r, i - 1, TD_CLE)) != 0;
	if (nmembers == 0)
		return LECAP_OK;
	lot->membres = calloc((size_t)nmembers, sizeof *lot->membres);
	lot->cles = calloc((size_t)nmembers, sizeof *lot->cles);
	lot->lignes = calloc((size_t)nmembers * (size_t)(nlines > 0 ? nlines : 1), sizeof *lot->lignes);
	if (!lot->membres || !lot->cles || !lot->lignes)
		return log_fail(LECAP_IO, "mémoire insuffisante");
	for (int begin = 0; begin < nrows;) {
		int end = begin + 1;
		while (end < nrows && strcmp(pg_value(r, end, TD_CLE), pg_value(r, begin, TD_CLE)) == 0)
			end++;
		lot->cles[lot->n] = pg_value(r, begin, TD_CLE);
		read_member(&lot->membres[lot->n], lot, begin, end, version, lot->lignes + (size_t)lot->n * nlines);
		lot->n++;
		begin = end;
	}
	return LECAP_OK;
}

int tendance_lot_read(pg_conn *c, const struct rd_batch *b, struct tendance_lot *lot)
{
	char year[16], max[16];
	const char *params[] = {year, b->ids, b->sirets, max};
	int ret;

	*lot = (struct tendance_lot){0};
	snprintf(year, sizeof year, "%d", b->campagne);
	snprintf(max, sizeof max, "%d", TENDANCE_CAMPAGNES);
	if ((ret = pg_query(c, "lecture de la grille de la tendance", GRID_SQL, 1, &b->version, &lot->grille)) ||
	    (ret = pg_query(c, "lecture des campagnes du réseau", CAMPAIGNS_SQL, 1, params, &lot->campagnes)) ||
	    (ret = pg_query(c, "lecture de la tendance des entreprises sur leurs campagnes", SCORES_SQL, 4, params,
			    &lot->r)))
		return ret;
	return read_lot(lot, b->version);
}

const struct tendance *tendance_lot_membre(const struct tendance_lot *lot, const char *evaluation_id)
{
	for (int i = 0; i < lot->n; i++)
		if (strcmp(lot->cles[i], evaluation_id) == 0)
			return &lot->membres[i];
	return NULL;
}

void tendance_lot_release(struct tendance_lot *lot)
{
	pg_result_free(lot->r);
	pg_result_free(lot->grille);
	pg_result_free(lot->campagnes);
	free(lot->membres);
	free(lot->cles);
	free(lot->lignes);
	*lot = (struct tendance_lot){0};
}
