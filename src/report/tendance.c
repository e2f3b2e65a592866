/* The photographie's trend over the member's campaigns; see tendance.h. */
#include "report/tendance.h"

#include "base/log.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The columns of the statement, the member's key (its evaluation id) last. */
enum {
	TD_CAMPAGNE, TD_COMPLETE, TD_VERSION, TD_N_EVALUEES, TD_N_OBJECTIFS, TD_N_ATTEINTS, TD_SAUTEES,
	TD_CODE, TD_NIVEAU, TD_LIBELLE, TD_SCORE, TD_CLE
};

/*
 * One row per member, campaign shown and theme or sub-theme of the batch's
 * grid, by member, grid order, then campaign. ev: the member's aggregated
 * evaluations up to $1, the latest TENDANCE_CAMPAGNES kept (recul); the
 * scores are fetched by (campagne, evaluation_id), the index of lecap.score.
 */
static const char TENDANCE_SQL[] =
	"WITH m AS (SELECT * FROM unnest($2::bigint[], $3::text[]) WITH ORDINALITY AS m(id, siret, ord)),"
	" ev AS MATERIALIZED ("
	"   SELECT m.id AS cle, m.ord, r.evaluation_id, r.campagne, r.complete, r.version_referentiel,"
	"          count(*) OVER (PARTITION BY m.id) AS n_evaluees,"
	"          row_number() OVER (PARTITION BY m.id ORDER BY r.campagne DESC) AS recul"
	"     FROM m JOIN lecap.resultat_evaluation r"
	"            ON r.siret = m.siret COLLATE \"C\" AND r.campagne <= $1),"
	" es AS MATERIALIZED (SELECT * FROM ev WHERE recul <= $5),"
	" s AS MATERIALIZED ("
	"   SELECT sc.evaluation_id, sc.niveau, sc.code, sc.score, sc.atteint"
	"     FROM es JOIN lecap.score sc ON sc.campagne = es.campagne AND sc.evaluation_id = es.evaluation_id"
	"    WHERE sc.niveau IN ('theme', 'sous_theme', 'objectif')),"
	" o AS (SELECT evaluation_id, count(score) AS n_objectifs, count(*) FILTER (WHERE atteint) AS n_atteints"
	"         FROM s WHERE niveau = 'objectif' GROUP BY evaluation_id),"
	" sa AS (SELECT d.cle, string_agg(a.campagne::text, ',' ORDER BY a.campagne) AS sautees"
	"          FROM (SELECT cle, min(campagne) AS debut FROM es GROUP BY cle) d"
	"          JOIN lecap.agregat_campagne a"
	"               ON a.campagne > d.debut AND a.campagne < $1 AND a.n_evaluations > 0"
	"         WHERE NOT EXISTS (SELECT 1 FROM es WHERE es.cle = d.cle AND es.campagne = a.campagne)"
	"         GROUP BY d.cle)"
	"SELECT es.campagne, es.complete, es.version_referentiel, es.n_evaluees,"
	"       coalesce(o.n_objectifs, 0), coalesce(o.n_atteints, 0), sa.sautees,"
	"       e.code, e.niveau, e.libelle, s.score, es.cle"
	"  FROM es JOIN lecap.element e ON e.version = $4 AND e.niveau IN ('theme', 'sous_theme')"
	"  LEFT JOIN s ON s.evaluation_id = es.evaluation_id AND s.code = e.code AND s.niveau = e.niveau"
	"  LEFT JOIN o ON o.evaluation_id = es.evaluation_id"
	"  LEFT JOIN sa ON sa.cle = es.cle"
	" ORDER BY es.ord, e.rang, es.campagne";

/* "2023,2025" into t->sautees. */
static void read_skipped(struct tendance *t, const char *list)
{
	const char *p = list;

	while (*p && t->n_sautees < TENDANCE_SAUTEES) {
		char *end;
		long v = strtol(p, &end, 10);
		if (end == p)
			break;
		t->sautees[t->n_sautees++] = (int)v;
		p = *end == ',' ? end + 1 : end;
	}
}

/* The campaigns of one member's rows [begin, begin + n): its first element's. */
static void read_campaigns(struct tendance *t, const pg_result *r, int begin, const char *version)
{
	for (int k = 0; k < t->n; k++) {
		struct tendance_campagne *c = &t->campagnes[k];
		int row = begin + k;
		c->campagne = (int)rd_int(r, row, TD_CAMPAGNE);
		c->complete = rd_bool(r, row, TD_COMPLETE);
		c->version = rd_str(r, row, TD_VERSION);
		c->autre_grille = strcmp(c->version, version) != 0;
		c->n_objectifs = (int)rd_int(r, row, TD_N_OBJECTIFS);
		c->n_atteints = (int)rd_int(r, row, TD_N_ATTEINTS);
	}
	t->n_evaluees = (int)rd_int(r, begin, TD_N_EVALUEES);
	read_skipped(t, rd_str(r, begin, TD_SAUTEES));
}

/* One member's rows [begin, end) into t, its lines from *lines on. */
static void read_member(struct tendance *t, const pg_result *r, int begin, int end, const char *version,
			struct tendance_ligne *lines)
{
	const char *first = rd_str(r, begin, TD_CODE);

	*t = (struct tendance){0};
	while (begin + t->n < end && t->n < TENDANCE_CAMPAGNES && strcmp(rd_str(r, begin + t->n, TD_CODE), first) == 0)
		t->n++;
	read_campaigns(t, r, begin, version);
	t->lignes = lines;
	for (int row = begin; row + t->n <= end; row += t->n) {
		struct tendance_ligne *l = &lines[t->n_lignes++];
		l->code = rd_str(r, row, TD_CODE);
		l->libelle = rd_str(r, row, TD_LIBELLE);
		l->theme = strcmp(rd_str(r, row, TD_NIVEAU), "theme") == 0;
		for (int k = 0; k < t->n; k++)
			l->score[k] = rd_num(r, row + k, TD_SCORE);
	}
}

/* Cuts the result into members (by their key, the last column). */
static int read_lot(struct tendance_lot *lot, const char *version)
{
	const pg_result *r = lot->r;
	int nrows = pg_ntuples(r), nmembers = 0;

	for (int i = 0; i < nrows; i++)
		nmembers += i == 0 || strcmp(pg_value(r, i, TD_CLE), pg_value(r, i - 1, TD_CLE)) != 0;
	if (nmembers == 0)
		return LECAP_OK;
	lot->membres = calloc((size_t)nmembers, sizeof *lot->membres);
	lot->cles = calloc((size_t)nmembers, sizeof *lot->cles);
	lot->lignes = calloc((size_t)nrows, sizeof *lot->lignes);
	if (!lot->membres || !lot->cles || !lot->lignes)
		return log_fail(LECAP_IO, "mémoire insuffisante");
	int used = 0;
	for (int begin = 0; begin < nrows;) {
		int end = begin + 1;
		while (end < nrows && strcmp(pg_value(r, end, TD_CLE), pg_value(r, begin, TD_CLE)) == 0)
			end++;
		lot->cles[lot->n] = pg_value(r, begin, TD_CLE);
		read_member(&lot->membres[lot->n], r, begin, end, version, lot->lignes + used);
		used += lot->membres[lot->n].n_lignes;
		lot->n++;
		begin = end;
	}
	return LECAP_OK;
}

int tendance_lot_read(pg_conn *c, const struct rd_batch *b, struct tendance_lot *lot)
{
	char year[16], max[16];
	const char *params[] = {year, b->ids, b->sirets, b->version, max};
	int ret;

	*lot = (struct tendance_lot){0};
	snprintf(year, sizeof year, "%d", b->campagne);
	snprintf(max, sizeof max, "%d", TENDANCE_CAMPAGNES);
	if ((ret = pg_query(c, "lecture de la tendance des entreprises sur leurs campagnes", TENDANCE_SQL, 5, params,
			    &lot->r)) != LECAP_OK)
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
	free(lot->membres);
	free(lot->cles);
	free(lot->lignes);
	*lot = (struct tendance_lot){0};
}
