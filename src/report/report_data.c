/*
 * The reports' SELECTs on the aggregation's views and result tables; see
 * report_data.h. Territory-wide questions go through the analysts'
 * publication views (v_publication_agregat, v_publication_participation...:
 * lecap.publier decided what may be shown, the reports never decide secrecy
 * themselves); a member's own figures are read from the
 * result tables by evaluation id (their primary keys), which keeps a member
 * report to a handful of index look-ups.
 *
 * Ordering never ranks secret rows by their hidden value: they come last,
 * in grid or code order.
 */
#include "report/report_data.h"
#include "io/pg.h"

#include "base/exitcode.h"
#include "base/log.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

double rd_num(const pg_result *r, int row, int col)
{
	char *end;
	double v;

	if (pg_isnull(r, row, col))
		return NAN;
	v = strtod(pg_value(r, row, col), &end);
	return end == pg_value(r, row, col) ? NAN : v;
}

long long rd_int(const pg_result *r, int row, int col)
{
	return pg_isnull(r, row, col) ? 0 : strtoll(pg_value(r, row, col), NULL, 10);
}

bool rd_bool(const pg_result *r, int row, int col)
{
	return !pg_isnull(r, row, col) && pg_value(r, row, col)[0] == 't';
}

const char *rd_str(const pg_result *r, int row, int col)
{
	return pg_value(r, row, col);
}

int rd_latest_campaign(pg_conn *c, int *campagne)
{
	pg_result *r;
	int ret = pg_query(c, "recherche de la dernière campagne évaluée",
			   "SELECT max(campagne) FROM lecap.evaluation", 0, NULL, &r);

	if (ret)
		return ret;
	if (pg_isnull(r, 0, 0)) {
		pg_result_free(r);
		log_error("aucune évaluation dans la base : pas de rapport à produire");
		log_hint("chargez des exports avec lecap ingest, puis lancez lecap aggregate");
		return LECAP_USAGE;
	}
	*campagne = (int)rd_int(r, 0, 0);
	pg_result_free(r);
	return LECAP_OK;
}

int rd_campaign(pg_conn *c, int campagne, struct rd_campaign *out)
{
	static const char sql[] =
		"SELECT (SELECT count(*) FROM lecap.evaluation WHERE campagne = $1),"
		"       a.campagne, coalesce(a.campagne_precedente, 0), a.seuil_secret, a.completude_min,"
		"       a.n_evaluations, a.n_completes,"
		"       (SELECT mode() WITHIN GROUP (ORDER BY e.version_referentiel)"
		"          FROM lecap.evaluation e WHERE e.campagne = $1),"
		"       (SELECT to_char(max(e.horodatage_export), 'YYYY-MM-DD')"
		"          FROM lecap.evaluation e WHERE e.campagne = $1)"
		"  FROM (SELECT 1) one LEFT JOIN lecap.agregat_campagne a ON a.campagne = $1";
	char year[16];
	const char *params[] = {year};
	pg_result *r;
	int ret;

	memset(out, 0, sizeof(*out));
	snprintf(year, sizeof(year), "%d", campagne);
	ret = pg_query(c, "lecture de la campagne agrégée", sql, 1, params, &r);
	if (ret)
		return ret;
	if (rd_int(r, 0, 0) == 0) {
		log_error("aucune évaluation pour la campagne %d", campagne);
		log_hint("lecap status liste les campagnes chargées ; sans --campagne, la dernière est prise");
		ret = LECAP_USAGE;
	} else if (pg_isnull(r, 0, 1)) {
		log_error("la campagne %d n'est pas agrégée : pas de rapport sans agrégats", campagne);
		log_hint("lancez d'abord : lecap aggregate --campagne %d", campagne);
		ret = LECAP_USAGE;
	} else {
		out->campagne = campagne;
		out->precedente = (int)rd_int(r, 0, 2);
		out->seuil_secret = (int)rd_int(r, 0, 3);
		out->completude_min = rd_num(r, 0, 4);
		out->n_evaluations = (int)rd_int(r, 0, 5);
		out->n_completes = (int)rd_int(r, 0, 6);
		snprintf(out->version, sizeof(out->version), "%s", rd_str(r, 0, 7));
		if (sscanf(rd_str(r, 0, 8), "%d-%d-%d", &out->year, &out->month, &out->day) != 3)
			out->year = out->month = out->day = 0;
	}
	pg_result_free(r);
	return ret;
}

int rd_staleness(pg_conn *c, int campagne, double completude_min, int seuil_secret, char *reason,
		 size_t size)
{
	char year[16], comp[32], seuil[16];
	const char *params[] = {year, comp, seuil};
	pg_result *r;
	int ret;

	snprintf(year, sizeof(year), "%d", campagne);
	snprintf(comp, sizeof(comp), "%.6f", completude_min);
	snprintf(seuil, sizeof(seuil), "%d", seuil_secret);
	reason[0] = '\0';
	ret = pg_query(c, "contrôle de la fraîcheur des agrégats",
		       "SELECT lecap.campagne_perimee($1::int, $2::numeric, $3::int)", 3, params, &r);
	if (ret)
		return ret;
	if (!pg_isnull(r, 0, 0))
		snprintf(reason, size, "%s", rd_str(r, 0, 0));
	pg_result_free(r);
	return LECAP_OK;
}

/* Runs sql with the campaign as $1 and up to three more text parameters. */
static int query(pg_conn *c, const char *purpose, const char *sql, int campagne, int nparams,
		 const char *p2, const char *p3, const char *p4, pg_result **out)
{
	char year[16];
	const char *params[4] = {year, p2, p3, p4};

	snprintf(year, sizeof(year), "%d", campagne);
	return pg_query(c, purpose, sql, nparams, params, out);
}

int rd_region_name(pg_conn *c, const char *code, char **name)
{
	const char *params[] = {code};
	pg_result *r;
	int ret = pg_query(c, "recherche de la région", "SELECT libelle FROM lecap.region WHERE code = $1",
			   1, params, &r);

	*name = NULL;
	if (ret)
		return ret;
	if (pg_ntuples(r) == 1 && !(*name = strdup(rd_str(r, 0, 0))))
		ret = log_fail(LECAP_IO, "mémoire insuffisante");
	pg_result_free(r);
	return ret;
}

int rd_members(pg_conn *c, int campagne, const char *region, const char *siret, const char *sirets,
	       pg_result **out)
{
	/* r.siret is COLLATE "C" (a result table), pe.siret the database's
	 * default: compared as such, their collations clash and the unique
	 * index (siret, campagne) of lecap.evaluation cannot serve the lookup of
	 * the previous evaluation, which then scans every earlier evaluation for
	 * each member (quadratic: 7 s for 7 057 members at 10 000 enterprises).
	 * Equality does not depend on the collation: same rows, index lookup. */
	return query(c, "liste des entreprises évaluées",
		     "SELECT r.evaluation_id, r.siret, r.raison_sociale, r.region, g.libelle,"
		     "       r.type_structure, coalesce(t.libelle, r.type_structure), r.n_repondants,"
		     "       r.consensus, r.completude, r.complete, to_char(e.date_evaluation, 'YYYY-MM-DD'),"
		     "       r.version_referentiel, p.id, p.campagne,"
		     "       to_char(e.horodatage_export, 'YYYY-MM-DD')"
		     "  FROM lecap.resultat_evaluation r"
		     "  JOIN lecap.evaluation e ON e.id = r.evaluation_id"
		     "  JOIN lecap.region g ON g.code = r.region"
		     "  LEFT JOIN lecap.type_structure t ON t.code = r.type_structure"
		     "  LEFT JOIN LATERAL (SELECT pe.id, pe.campagne FROM lecap.evaluation pe"
		     "                      JOIN lecap.resultat_evaluation pr ON pr.evaluation_id = pe.id"
		     "                     WHERE pe.siret = r.siret COLLATE \"default\" AND pe.campagne < r.campagne"
		     "                     ORDER BY pe.campagne DESC LIMIT 1) p ON true"
		     " WHERE r.campagne = $1 AND ($2::text IS NULL OR r.region = $2)"
		     "   AND ($3::text IS NULL OR r.siret = $3)"
		     "   AND ($4::text[] IS NULL OR r.siret = ANY ($4::text[]))"
		     " ORDER BY r.region, r.siret",
		     campagne, 4, region, siret, sirets, out);
}

/* --- members, by batches -------------------------------------------------------- */

/* Appends text to a growable string; false when out of memory. */
static bool append(char **s, size_t *len, size_t *cap, const char *text)
{
	size_t n = strlen(text);
	if (*len + n + 1 > *cap) {
		size_t c = *cap ? *cap : 256;
		while (*len + n + 1 > c)
			c *= 2;
		char *p = realloc(*s, c);
		if (!p)
			return false;
		*s = p;
		*cap = c;
	}
	memcpy(*s + *len, text, n + 1);
	*len += n;
	return true;
}

/*
 * An array literal of column col over rows [from, to): values are digits
 * (ids, years, codes, SIRETs), so no quoting is needed; NULL stays NULL.
 * quoted: each value between double quotes, " and \ escaped (any text).
 */
static char *array_literal_q(const pg_result *r, int col, int from, int to, bool quoted);
static char *array_literal(const pg_result *r, int col, int from, int to)
{
	return array_literal_q(r, col, from, to, false);
}

/* A quoted array element: "…" with " and \ escaped; false when out of memory. */
static bool append_quoted(char **s, size_t *len, size_t *cap, const char *v)
{
	bool ok = append(s, len, cap, "\"");
	for (const char *p = v; *p && ok; p++) {
		char one[3] = {'\\', *p, '\0'};
		ok = append(s, len, cap, *p == '"' || *p == '\\' ? one : one + 1);
	}
	return ok && append(s, len, cap, "\"");
}

static char *array_literal_q(const pg_result *r, int col, int from, int to, bool quoted)
{
	char *s = NULL;
	size_t len = 0, cap = 0;
	bool ok = append(&s, &len, &cap, "{");

	for (int i = from; i < to && ok; i++) {
		if (i > from)
			ok = append(&s, &len, &cap, ",");
		if (ok)
			ok = pg_isnull(r, i, col) ? append(&s, &len, &cap, "NULL")
			     : quoted ? append_quoted(&s, &len, &cap, pg_value(r, i, col))
				      : append(&s, &len, &cap, pg_value(r, i, col));
	}
	if (ok)
		ok = append(&s, &len, &cap, "}");
	if (!ok) {
		free(s);
		return NULL;
	}
	return s;
}

int rd_batch_init(struct rd_batch *b, int campagne, const pg_result *m, int from, int to)
{
	memset(b, 0, sizeof(*b));
	b->campagne = campagne;
	b->version = pg_value(m, from, RD_MEM_VERSION);
	b->ids = array_literal(m, RD_MEM_EVALUATION_ID, from, to);
	b->regions = array_literal(m, RD_MEM_REGION, from, to);
	b->prev_camp = array_literal(m, RD_MEM_PREV_CAMPAGNE, from, to);
	b->sirets = array_literal(m, RD_MEM_SIRET, from, to);
	b->types = array_literal_q(m, RD_MEM_TYPE, from, to, true);
	if (!b->ids || !b->regions || !b->prev_camp || !b->sirets || !b->types) {
		rd_batch_release(b);
		return log_fail(LECAP_IO, "mémoire insuffisante");
	}
	return LECAP_OK;
}

void rd_batch_release(struct rd_batch *b)
{
	free(b->ids);
	free(b->regions);
	free(b->prev_camp);
	free(b->sirets);
	free(b->types);
	memset(b, 0, sizeof(*b));
}

struct rd_slice rd_slice_next(const pg_result *r, const char *key, int *cursor)
{
	struct rd_slice s = {r, *cursor, *cursor};
	int last = pg_nfields(r) - 1;

	while (s.end < pg_ntuples(r) && strcmp(pg_value(r, s.end, last), key) == 0)
		s.end++;
	*cursor = s.end;
	return s;
}

int rd_batch_scores(pg_conn *c, const struct rd_batch *b, pg_result **out)
{
	char year[16];
	const char *params[] = {year, b->ids, b->regions, b->version, b->types};

	snprintf(year, sizeof(year), "%d", b->campagne);
	/* The CTEs fetch each table's rows by primary key (= ANY of the batch's
	 * ids), which keeps the cost per member constant whatever the network's
	 * size; left to itself the planner would hash whole campaigns. */
	return pg_query(c, "lecture des scores des entreprises",
			"WITH m AS (SELECT * FROM unnest($2::bigint[], $3::text[], $5::text[])"
			"                    WITH ORDINALITY AS m(id, region, type, ord)),"
			" s AS MATERIALIZED (SELECT evaluation_id, code, score, atteint FROM lecap.score"
			"                     WHERE campagne = $1 AND evaluation_id = ANY ($2::bigint[])),"
			" a AS MATERIALIZED (SELECT region, code, mediane, q1, q3, diffusable"
			"                     FROM lecap.v_publication_agregat"
			"                     WHERE campagne = $1 AND region = ANY ($3::text[] || 'FR'::text)),"
			" t AS MATERIALIZED (SELECT type_structure, code, mediane, diffusable"
			"                     FROM lecap.v_publication_agregat_type"
			"                     WHERE campagne = $1 AND region = 'FR'"
			"                       AND type_structure = ANY ($5::text[]))"
			"SELECT e.code, e.niveau, e.libelle, e.cible, s.score, s.atteint,"
			"       ar.mediane, ar.diffusable, af.mediane,"
			"       af.diffusable, s.score - e.cible,"
			"       af.q1, af.q3, t.mediane, t.diffusable, m.id"
			"  FROM m"
			"  JOIN lecap.element e"
			"       ON e.version = $4 AND e.niveau IN ('theme', 'sous_theme', 'objectif')"
			"  LEFT JOIN s ON s.evaluation_id = m.id AND s.code = e.code"
			"  LEFT JOIN a ar ON ar.region = m.region AND ar.code = e.code"
			"  LEFT JOIN a af ON af.region = 'FR' AND af.code = e.code"
			"  LEFT JOIN t ON t.type_structure = m.type AND t.code = e.code"
			" ORDER BY m.ord, e.rang",
			5, params, out);
}

#define MEMBER_COLLEGE(c) "max(c.score) FILTER (WHERE c.college = '" c "'),"

int rd_batch_colleges(pg_conn *c, const struct rd_batch *b, pg_result **out)
{
	return query(c, "lecture des scores des collèges des entreprises",
		     "WITH m AS (SELECT id FROM unnest($2::bigint[]) AS m(id)),"
		     " c AS MATERIALIZED (SELECT evaluation_id, college, code, score FROM lecap.score_college"
		     "                     WHERE campagne = $1 AND evaluation_id = ANY ($2::bigint[])),"
		     " d AS MATERIALIZED (SELECT evaluation_id, sous_theme, ecart_moyen, point_de_debat"
		     "                      FROM lecap.divergence"
		     "                     WHERE campagne = $1 AND evaluation_id = ANY ($2::bigint[]))"
		     "SELECT e.code, e.libelle, " MEMBER_COLLEGE("direction") MEMBER_COLLEGE("salarie_permanent")
			     MEMBER_COLLEGE("salarie_insertion") MEMBER_COLLEGE("benevole")
				     MEMBER_COLLEGE("administrateur")
		     "       d.ecart_moyen, d.point_de_debat, m.id"
		     "  FROM m JOIN lecap.element e ON e.version = $3 AND e.niveau = 'sous_theme'"
		     "  LEFT JOIN c ON c.evaluation_id = m.id AND c.code = e.code"
		     "  LEFT JOIN d ON d.evaluation_id = m.id AND d.sous_theme = e.code"
		     " GROUP BY m.id, e.code, e.libelle, e.rang, d.ecart_moyen, d.point_de_debat"
		     " ORDER BY array_position($2::bigint[], m.id), e.rang",
		     b->campagne, 3, b->ids, b->version, NULL, out);
}

int rd_batch_plans(pg_conn *c, const struct rd_batch *b, pg_result **out)
{
	return query(c, "lecture des plans de progrès des entreprises",
		     "SELECT a.objectif, a.action, a.priorite, a.responsable,"
		     "       to_char(a.echeance, 'YYYY-MM-DD'), a.statut,"
		     "       (SELECT string_agg(coalesce(f.libelle, o.offre), ' ; ' ORDER BY o.offre)"
		     "          FROM lecap.plan_action_offre o LEFT JOIN lecap.offre f ON f.code = o.offre"
		     "         WHERE o.plan_id = a.plan_id AND o.numero = a.numero), p.siret"
		     "  FROM lecap.plan p JOIN lecap.plan_action a ON a.plan_id = p.id"
		     " WHERE p.campagne = $1 AND p.siret = ANY ($2::text[])"
		     " ORDER BY array_position($2::text[], p.siret), a.priorite, a.numero",
		     b->campagne, 2, b->sirets, NULL, NULL, out);
}

int rd_batch_plan_history(pg_conn *c, const struct rd_batch *b, pg_result **out)
{
	return query(c, "lecture des plans de progrès des campagnes précédentes",
		     "SELECT p.campagne, a.objectif, a.action, a.statut,"
		     "       (SELECT a2.statut FROM lecap.plan p2 JOIN lecap.plan_action a2 ON a2.plan_id = p2.id"
		     "         WHERE p2.siret = p.siret AND p2.campagne > p.campagne AND p2.campagne <= $1"
		     "           AND a2.objectif = a.objectif AND a2.action = a.action"
		     "         ORDER BY p2.campagne DESC LIMIT 1),"
		     "       p.siret"
		     "  FROM lecap.plan p JOIN lecap.plan_action a ON a.plan_id = p.id"
		     " WHERE p.campagne < $1 AND p.siret = ANY ($2::text[])"
		     " ORDER BY array_position($2::text[], p.siret), p.campagne, a.priorite, a.numero",
		     b->campagne, 2, b->sirets, NULL, NULL, out);
}

int rd_batch_todo(pg_conn *c, const struct rd_batch *b, pg_result **out)
{
	return query(c, "lecture des objectifs non atteints des entreprises",
		     "WITH f AS MATERIALIZED (SELECT eo.code, string_agg(f.libelle"
		     "                                || CASE WHEN f.description <> '' THEN ' : ' || f.description ELSE '' END,"
		     "                                E'\\n' ORDER BY f.code) AS offres"
		     "                          FROM lecap.element_offre eo JOIN lecap.offre f ON f.code = eo.offre"
		     "                         WHERE eo.version = $3 GROUP BY eo.code)"
		     "SELECT o.code, o.libelle, o.cible, s.score, o.cible - s.score, f.offres, s.evaluation_id"
		     "  FROM lecap.score s"
		     "  JOIN lecap.element o ON o.version = $3 AND o.code = s.code"
		     "  LEFT JOIN f ON f.code = o.code"
		     " WHERE s.campagne = $1 AND s.evaluation_id = ANY ($2::bigint[])"
		     "   AND s.niveau = 'objectif' AND s.atteint IS FALSE"
		     " ORDER BY array_position($2::bigint[], s.evaluation_id), o.cible - s.score DESC, o.rang",
		     b->campagne, 3, b->ids, b->version, NULL, out);
}

int rd_batch_unrated(pg_conn *c, const struct rd_batch *b, pg_result **out)
{
	/* lecap.score: a NULL score is NC, no row an indicator left unanswered */
	return query(c, "lecture des indicateurs restant à noter",
		     "WITH inc AS MATERIALIZED (SELECT r.evaluation_id FROM lecap.resultat_evaluation r"
		     "                           WHERE r.campagne = $1 AND r.evaluation_id = ANY ($2::bigint[])"
		     "                             AND NOT r.complete),"
		     " sc AS MATERIALIZED (SELECT s.evaluation_id, s.code FROM lecap.score s"
		     "                      WHERE s.campagne = $1 AND s.niveau = 'indicateur'"
		     "                        AND s.evaluation_id IN (SELECT evaluation_id FROM inc))"
		     "SELECT st.code, st.libelle, i.code, i.libelle, inc.evaluation_id"
		     "  FROM inc"
		     "  JOIN lecap.element i ON i.version = $3 AND i.niveau = 'indicateur'"
		     "  JOIN lecap.element o ON o.version = i.version AND o.code = i.parent"
		     "  JOIN lecap.element st ON st.version = o.version AND st.code = o.parent"
		     " WHERE NOT EXISTS (SELECT 1 FROM sc WHERE sc.evaluation_id = inc.evaluation_id AND sc.code = i.code)"
		     " ORDER BY array_position($2::bigint[], inc.evaluation_id), i.rang",
		     b->campagne, 3, b->ids, b->version, NULL, out);
}

int rd_batch_todo_indicators(pg_conn *c, const struct rd_batch *b, pg_result **out)
{
	return query(c, "lecture des indicateurs à travailler",
		     "WITH sc AS MATERIALIZED (SELECT evaluation_id, code, niveau, score, atteint FROM lecap.score"
		     "                          WHERE campagne = $1 AND evaluation_id = ANY ($2::bigint[])),"
		     " g AS MATERIALIZED (SELECT i.parent, i.code, i.libelle, i.rang, o.cible"
		     "                      FROM lecap.element i"
		     "                      JOIN lecap.element o ON o.version = i.version AND o.code = i.parent"
		     "                     WHERE i.version = $3 AND i.niveau = 'indicateur'),"
		     /* the indicators of the unreached objectives first, then their scores */
		     " t AS MATERIALIZED (SELECT so.evaluation_id, g.* FROM sc so JOIN g ON g.parent = so.code"
		     "                     WHERE so.niveau = 'objectif' AND so.atteint IS FALSE)"
		     "SELECT t.parent, t.code, t.libelle, si.score, t.evaluation_id"
		     "  FROM t JOIN sc si ON si.evaluation_id = t.evaluation_id AND si.code = t.code"
		     " WHERE si.score < t.cible"
		     " ORDER BY array_position($2::bigint[], t.evaluation_id), t.parent, si.score, t.rang",
		     b->campagne, 3, b->ids, b->version, NULL, out);
}
