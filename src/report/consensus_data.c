/* Consensus against individual views and points de débat, read for the photographie; see consensus_data.h. */
#include "report/consensus_data.h"
#include "io/pg.h"

#include "referentiel/college.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

enum {
	CD_KIND, CD_CODE, CD_LIBELLE, CD_CONSENSUS, CD_MOYENNE, CD_ECART, CD_N_INDICATEURS, CD_DIVERGENCE,
	CD_HAUT, CD_SCORE_HAUT, CD_BAS, CD_SCORE_BAS, CD_K, CD_ORD, CD_ID
};

/*
 * $1 the campaign, $2 the batch's evaluation ids, $3 its grid version, $4
 * the least divergence of a point de débat, $5 how many per member. The
 * divergence between colleges per sub-theme and per objective is computed
 * by the aggregation, in its pass over the answers
 * (lecap.divergence_colleges, sql/039: a college's score the mean of its
 * respondents' notes on the element's indicators, NC excluded; the highest
 * minus the lowest, each rounded to 2 decimals as printed; ties between
 * colleges in the grid's college order). Computing it here from the raw
 * answers cost ≈ 55 ms of server per batch of 64 members.
 */
static const char consensus_sql[] =
	"WITH e AS MATERIALIZED (SELECT id, k FROM unnest($2::bigint[]) WITH ORDINALITY AS e(id, k)),"
	" cn AS MATERIALIZED (SELECT c.evaluation_id, c.sous_theme, c.consensus, c.moyenne_individuelle, c.ecart,"
	"                            c.n_indicateurs"
	"                       FROM lecap.v_consensus_entreprise c"
	"                      WHERE c.campagne = $1 AND c.evaluation_id = ANY ($2::bigint[])),"
	" dv AS MATERIALIZED (SELECT d.evaluation_id, d.code, d.niveau = 'objectif' AS obj, d.divergence,"
	"                            d.college_haut AS haut, d.score_haut AS s_haut, d.college_bas AS bas,"
	"                            d.score_bas AS s_bas"
	"                       FROM lecap.divergence_colleges d"
	"                      WHERE d.campagne = $1 AND d.evaluation_id = ANY ($2::bigint[])),"
	" pd AS (SELECT d.*, o.libelle,"
	"               row_number() OVER (PARTITION BY d.evaluation_id ORDER BY d.divergence DESC, o.rang) AS n"
	"          FROM dv d JOIN lecap.element o ON o.version = $3 AND o.code = d.code"
	"         WHERE d.obj AND d.divergence >= $4::numeric)"
	"SELECT 0, st.code, st.libelle, cn.consensus, cn.moyenne_individuelle, cn.ecart,"
	"       coalesce(cn.n_indicateurs, 0), d.divergence, NULL, NULL, NULL, NULL, e.k, st.rang, e.id"
	"  FROM e JOIN lecap.element st ON st.version = $3 AND st.niveau = 'sous_theme'"
	"  LEFT JOIN cn ON cn.evaluation_id = e.id AND cn.sous_theme = st.code"
	"  LEFT JOIN dv d ON d.evaluation_id = e.id AND d.code = st.code AND NOT d.obj"
	" WHERE cn.sous_theme IS NOT NULL OR d.code IS NOT NULL "
	"UNION ALL "
	"SELECT 1, pd.code, pd.libelle, NULL, NULL, NULL, 0, pd.divergence, pd.haut, pd.s_haut, pd.bas, pd.s_bas,"
	"       e.k, pd.n, e.id"
	"  FROM e JOIN pd ON pd.evaluation_id = e.id"
	" WHERE pd.n <= $5::int"
	" ORDER BY 13, 1, 14";

int consensus_data_load(pg_conn *c, const struct rd_batch *b, struct consensus_data_batch *out)
{
	char year[16], min[16], count[16];
	const char *params[5] = {year, b->ids, b->version, min, count};

	*out = (struct consensus_data_batch){0};
	snprintf(year, sizeof year, "%d", b->campagne);
	snprintf(min, sizeof min, "%.2f", CONSENSUS_DATA_DEBATE_MIN);
	snprintf(count, sizeof count, "%d", CONSENSUS_DATA_DEBATES);
	return pg_query(c, "lecture du consensus et des points de débat", consensus_sql, 5, params, &out->r);
}

static int college_index(const char *code)
{
	for (int k = 0; k < COLLEGE_COUNT; k++)
		if (strcmp(college_codes[k], code) == 0)
			return k;
	return 0;
}

static void read_theme(const pg_result *r, int i, struct consensus_data_member *m)
{
	struct consensus_data_theme *t = &m->themes[m->n_themes++];

	t->code = rd_str(r, i, CD_CODE);
	t->libelle = rd_str(r, i, CD_LIBELLE);
	t->consensus = rd_num(r, i, CD_CONSENSUS);
	t->moyenne = rd_num(r, i, CD_MOYENNE);
	t->ecart = rd_num(r, i, CD_ECART);
	t->n_indicateurs = (int)rd_int(r, i, CD_N_INDICATEURS);
	t->divergence = rd_num(r, i, CD_DIVERGENCE);
	if (t->n_indicateurs > 0)
		m->any_consensus = true;
}

static void read_debate(const pg_result *r, int i, struct consensus_data_member *m)
{
	struct consensus_data_debate *p = &m->debates[m->n_debates++];

	p->code = rd_str(r, i, CD_CODE);
	p->libelle = rd_str(r, i, CD_LIBELLE);
	p->divergence = rd_num(r, i, CD_DIVERGENCE);
	p->college_haut = college_index(rd_str(r, i, CD_HAUT));
	p->college_bas = college_index(rd_str(r, i, CD_BAS));
	p->score_haut = rd_num(r, i, CD_SCORE_HAUT);
	p->score_bas = rd_num(r, i, CD_SCORE_BAS);
}

void consensus_data_of(const struct consensus_data_batch *cb, const char *evaluation_id, struct consensus_data_member *m)
{
	int n = cb->r ? pg_ntuples(cb->r) : 0;

	memset(m, 0, sizeof *m);
	for (int i = 0; i < n; i++) {
		if (strcmp(rd_str(cb->r, i, CD_ID), evaluation_id) != 0)
			continue;
		if (rd_int(cb->r, i, CD_KIND) == 0) {
			if (m->n_themes < (int)(sizeof m->themes / sizeof m->themes[0]))
				read_theme(cb->r, i, m);
		} else if (m->n_debates < CONSENSUS_DATA_DEBATES) {
			read_debate(cb->r, i, m);
		}
	}
}

void consensus_data_release(struct consensus_data_batch *cb)
{
	pg_result_free(cb->r);
	*cb = (struct consensus_data_batch){0};
}
