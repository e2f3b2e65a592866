/* The planned objectives then and now, read for the photographie; see planned_data.h. */
#include "report/planned_data.h"
#include "io/pg.h"

#include "base/log.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	PD_CAMPAGNE, PD_OBJECTIF, PD_LIBELLE, PD_STATUT, PD_STATUT_MAINTENANT, PD_SCORE_ALORS,
	PD_SCORE_MAINTENANT, PD_REFERENCE, PD_REFERENCE_PLAN, PD_N_PLANNED, PD_CHANGE_PLANNED, PD_N_OTHER,
	PD_CHANGE_OTHER, PD_SIRET
};

/*
 * $1 the rendered campaign, $2 the batch's SIRETs, $3 their previous
 * evaluated campaigns (NULL: none), $4 the rendered grid version. Statuses
 * ranked as lecap.effet_plan_calculer ranks them (several actions on one
 * objective: the first of réalisée, en cours, à engager, abandonnée). The
 * status now is that of the objective's latest plan (r_last, c_last: a
 * window over the member's plans, read once) when it is later than the
 * plan of the row: a correlated subquery per row cost two thirds of the
 * statement (49 of 75 ms per batch of 64 members, 800 members). The
 * objectives' scores (sc) as lecap.v_score_entreprise gives them (score
 * NOT NULL, numeric(14,10)), read evaluation by evaluation through the
 * index of lecap.score (OFFSET 0 keeps the LATERAL a parameterised index
 * scan): through the view the planner scanned the whole of lecap.score,
 * every campaign's, for each batch — a cost per batch that grows with the
 * network (≈ 20 ms of 36 per batch at 400 members).
 */
static const char planned_sql[] =
	"WITH m AS MATERIALIZED (SELECT siret, prev, k"
	"                          FROM unnest($2::text[], $3::int[]) WITH ORDINALITY AS m(siret, prev, k)),"
	" pa AS MATERIALIZED (SELECT g.*, first_value(g.r) OVER w AS r_last, first_value(g.campagne) OVER w AS c_last"
	"                       FROM (SELECT p.siret, p.campagne, a.objectif,"
	"                                    min(array_position(ARRAY['realisee', 'en_cours', 'a_engager',"
	"                                                             'abandonnee'], a.statut)) AS r"
	"                               FROM m JOIN lecap.plan p ON p.siret = m.siret AND p.campagne <= $1"
	"                               JOIN lecap.plan_action a ON a.plan_id = p.id"
	"                              GROUP BY p.siret, p.campagne, a.objectif) g"
	"                     WINDOW w AS (PARTITION BY g.siret, g.objectif ORDER BY g.campagne DESC)),"
	" sc AS MATERIALIZED (SELECT r.siret, r.campagne, s.code, s.score::numeric(14,10) AS score"
	"                      FROM lecap.resultat_evaluation r"
	"                      CROSS JOIN LATERAL (SELECT s.code, s.score FROM lecap.score s"
	"                                           WHERE s.campagne = r.campagne AND s.evaluation_id = r.evaluation_id"
	"                                             AND s.niveau = 'objectif' AND s.score IS NOT NULL OFFSET 0) s"
	"                     WHERE r.siret = ANY ($2::text[]) AND r.campagne <= $1),"
	" d AS MATERIALIZED (SELECT m.siret, s.code,"
	"                           max(s.score) FILTER (WHERE s.campagne = $1)"
	"                           - max(s.score) FILTER (WHERE s.campagne = m.prev) AS delta"
	"                      FROM m JOIN sc s ON s.siret = m.siret"
	"                     WHERE s.campagne = $1 OR s.campagne = m.prev"
	"                     GROUP BY m.siret, s.code),"
	" dp AS (SELECT d.siret, d.delta,"
	"               EXISTS (SELECT 1 FROM pa JOIN m ON m.siret = pa.siret"
	"                        WHERE pa.siret = d.siret AND pa.campagne = m.prev AND pa.objectif = d.code) AS planned"
	"          FROM d WHERE d.delta IS NOT NULL),"
	" resume AS (SELECT siret, count(*) FILTER (WHERE planned) AS n_p, avg(delta) FILTER (WHERE planned) AS e_p,"
	"                   count(*) FILTER (WHERE NOT planned) AS n_o, avg(delta) FILTER (WHERE NOT planned) AS e_o"
	"              FROM dp GROUP BY siret),"
	" st(s) AS (VALUES (ARRAY['realisee', 'en_cours', 'a_engager', 'abandonnee']))"
	"SELECT o.campagne, o.objectif, coalesce(el.libelle, ''), st.s[o.r],"
	"       coalesce(st.s[CASE WHEN o.c_last > o.campagne THEN o.r_last END],"
	"                CASE WHEN st.s[o.r] IN ('realisee', 'abandonnee') THEN st.s[o.r] ELSE 'non_suivie' END),"
	"       sa.score, sn.score, m.prev,"
	"       EXISTS (SELECT 1 FROM lecap.plan p WHERE p.siret = m.siret AND p.campagne = m.prev),"
	"       coalesce(r.n_p, 0), r.e_p, coalesce(r.n_o, 0), r.e_o, o.siret"
	"  FROM pa o CROSS JOIN st"
	"  JOIN m ON m.siret = o.siret"
	"  LEFT JOIN lecap.element el ON el.version = $4 AND el.code = o.objectif AND el.niveau = 'objectif'"
	"  LEFT JOIN sc sa ON sa.siret = o.siret AND sa.campagne = o.campagne AND sa.code = o.objectif"
	"  LEFT JOIN sc sn ON sn.siret = o.siret AND sn.campagne = $1 AND sn.code = o.objectif"
	"  LEFT JOIN resume r ON r.siret = o.siret"
	" WHERE o.campagne < $1"
	" ORDER BY m.k, o.campagne, el.rang NULLS LAST, o.objectif";

int planned_data_load(pg_conn *c, const struct rd_batch *b, struct planned_data_batch *out)
{
	char year[16];
	const char *params[4] = {year, b->sirets, b->prev_camp, b->version};
	int ret;

	*out = (struct planned_data_batch){0};
	snprintf(year, sizeof year, "%d", b->campagne);
	if ((ret = pg_query(c, "lecture des objectifs planifiés des campagnes précédentes", planned_sql, 4, params,
			    &out->r)) != LECAP_OK)
		return ret;
	int n = pg_ntuples(out->r);
	if (n == 0)
		return LECAP_OK;
	if (!(out->rows = calloc((size_t)n, sizeof *out->rows)))
		return log_fail(LECAP_IO, "mémoire insuffisante");
	for (int i = 0; i < n; i++) {
		struct planned_data_row *w = &out->rows[out->n++];
		w->campagne = (int)rd_int(out->r, i, PD_CAMPAGNE);
		w->objectif = rd_str(out->r, i, PD_OBJECTIF);
		w->libelle = rd_str(out->r, i, PD_LIBELLE);
		w->statut = rd_str(out->r, i, PD_STATUT);
		w->statut_maintenant = rd_str(out->r, i, PD_STATUT_MAINTENANT);
		w->score_alors = rd_num(out->r, i, PD_SCORE_ALORS);
		w->score_maintenant = rd_num(out->r, i, PD_SCORE_MAINTENANT);
		w->siret = rd_str(out->r, i, PD_SIRET);
	}
	return LECAP_OK;
}

struct planned_data_member planned_data_of(const struct planned_data_batch *pb, const char *siret)
{
	struct planned_data_member m = {.change_planned = NAN, .change_other = NAN};
	int i = 0;

	while (i < pb->n && strcmp(pb->rows[i].siret, siret) != 0)
		i++;
	if (i == pb->n)
		return m; /* no earlier plan */
	int end = i;
	while (end < pb->n && strcmp(pb->rows[end].siret, siret) == 0)
		end++;
	m.rows = &pb->rows[i];
	m.n = end - i;
	m.reference = (int)rd_int(pb->r, i, PD_REFERENCE);
	m.reference_plan = rd_bool(pb->r, i, PD_REFERENCE_PLAN);
	m.n_planned = (int)rd_int(pb->r, i, PD_N_PLANNED);
	m.n_other = (int)rd_int(pb->r, i, PD_N_OTHER);
	m.change_planned = rd_num(pb->r, i, PD_CHANGE_PLANNED);
	m.change_other = rd_num(pb->r, i, PD_CHANGE_OTHER);
	return m;
}

void planned_data_release(struct planned_data_batch *pb)
{
	free(pb->rows);
	pg_result_free(pb->r);
	*pb = (struct planned_data_batch){0};
}
