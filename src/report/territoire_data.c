/*
 * The territorial reports' SELECTs, read into typed structs; see
 * territoire_data.h. Territory-wide questions go through the analysts'
 * publication views (v_publication_agregat, v_publication_participation...:
 * lecap.publier decided what may be shown, the reports never decide secrecy
 * themselves). Ordering never ranks secret rows by their hidden value: they
 * come last, in grid or code order.
 */
#include "report/territoire_data.h"
#include "io/pg.h"

#include "report/report_data.h"

#include "base/exitcode.h"
#include "base/log.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rd_territoire_data_release(void *rows, char *text)
{
	free(rows);
	free(text);
}

/* Runs sql with the campaign as $1 and up to three more text parameters. */
static int rd_territoire_data_query(pg_conn *c, const char *purpose, const char *sql, int campagne, int nparams,
				 const char *p2, const char *p3, const char *p4, pg_result **out)
{
	char year[16];
	const char *params[4] = {year, p2, p3, p4};

	snprintf(year, sizeof(year), "%d", campagne);
	/* prepared once per connection: a statement of one territory runs for each of them */
	return pg_query_prepared(c, purpose, sql, nparams, params, out);
}

/*
 * The rows of a table for r (zeroed, row_size bytes each) and *text, room
 * for every value of r; NULL (logged) when out of memory.
 */
static void *rd_territoire_data_alloc(const pg_result *r, size_t row_size, char **text)
{
	size_t total = 1, nt = (size_t)pg_ntuples(r);
	int nf = pg_nfields(r);
	void *rows;

	for (int i = 0; i < (int)nt; i++)
		for (int j = 0; j < nf; j++)
			total += strlen(pg_value(r, i, j)) + 1;
	rows = calloc(nt ? nt : 1, row_size);
	*text = malloc(total);
	if (!rows || !*text) {
		free(rows);
		free(*text);
		*text = NULL;
		log_error("mémoire insuffisante");
		return NULL;
	}
	return rows;
}

/* Copies a value into the table's text ("" for NULL). */
static const char *rd_territoire_data_str(char **cursor, const pg_result *r, int row, int col)
{
	const char *v = pg_value(r, row, col);
	size_t len = strlen(v) + 1;
	char *out = *cursor;

	memcpy(out, v, len);
	*cursor += len;
	return out;
}

static long long rd_territoire_data_count(const pg_result *r, int row, int col)
{
	return pg_isnull(r, row, col) ? TD_NONE : rd_int(r, row, col);
}

static enum td_pub rd_territoire_data_pub(const pg_result *r, int row, int col)
{
	if (pg_isnull(r, row, col))
		return TD_PUB_NONE;
	return rd_bool(r, row, col) ? TD_PUB_YES : TD_PUB_SECRET;
}

/*
 * How a column of a statement's result is read into a row: one entry per
 * column, in SELECT order, with the kind of value and the member it goes
 * to. Each TD_COL_* macro checks at compile time that the member has the
 * kind's C type (an array of size -1 otherwise).
 */
enum td_kind {
	TD_K_STR,      /* const char *: the value ("" for NULL), in the table's text */
	TD_K_STR_NULL, /* const char *: the value, NULL for NULL */
	TD_K_INT,      /* long long */
	TD_K_COUNT,    /* long long, TD_NONE for NULL */
	TD_K_NUM,      /* double, NaN for NULL */
	TD_K_BOOL,     /* bool */
	TD_K_PUB,      /* enum td_pub: NULL none, false secret, true published */
};

struct td_col {
	enum td_kind kind;
	size_t offset;
};

#define TD_TYPED(type, member, ctype) (0 * sizeof(char[_Generic(((type *)0)->member, ctype : 1, default : -1)]))
#define TD_COL(kind, type, member, ctype) {kind, offsetof(type, member) + TD_TYPED(type, member, ctype)}
#define TD_COL_STR(type, member) TD_COL(TD_K_STR, type, member, const char *)
#define TD_COL_STR_NULL(type, member) TD_COL(TD_K_STR_NULL, type, member, const char *)
#define TD_COL_INT(type, member) TD_COL(TD_K_INT, type, member, long long)
#define TD_COL_COUNT(type, member) TD_COL(TD_K_COUNT, type, member, long long)
#define TD_COL_NUM(type, member) TD_COL(TD_K_NUM, type, member, double)
#define TD_COL_BOOL(type, member) TD_COL(TD_K_BOOL, type, member, bool)
#define TD_COL_PUB(type, member) TD_COL(TD_K_PUB, type, member, enum td_pub)

/* Reads column col of row k into dst, as its kind says. */
static void rd_territoire_data_cell(void *dst, enum td_kind kind, const pg_result *r, int k, int col, char **cursor)
{
	switch (kind) {
	case TD_K_STR_NULL:
		if (pg_isnull(r, k, col)) {
			*(const char **)dst = NULL;
			break;
		}
		/* fall through */
	case TD_K_STR:
		*(const char **)dst = rd_territoire_data_str(cursor, r, k, col);
		break;
	case TD_K_INT:
		*(long long *)dst = rd_int(r, k, col);
		break;
	case TD_K_COUNT:
		*(long long *)dst = rd_territoire_data_count(r, k, col);
		break;
	case TD_K_NUM:
		*(double *)dst = rd_num(r, k, col);
		break;
	case TD_K_BOOL:
		*(bool *)dst = rd_bool(r, k, col);
		break;
	case TD_K_PUB:
		*(enum td_pub *)dst = rd_territoire_data_pub(r, k, col);
		break;
	}
}

/*
 * The rows of a statement's result r (freed here) as a table: row_size
 * bytes each, column j read as cols[j] says, *n rows, their texts in *text;
 * NULL when *ret is not LECAP_OK on entry (the statement failed) or becomes
 * LECAP_IO (out of memory, or a result whose columns are not the table's:
 * logged).
 */
static void *rd_territoire_data_table(int *ret, pg_result *r, const struct td_col *cols, size_t ncols,
				      size_t row_size, size_t *n, char **text)
{
	char *rows = NULL, *cursor;

	*n = 0;
	*text = NULL;
	if (*ret != LECAP_OK)
		goto cleanup;
	if ((size_t)pg_nfields(r) != ncols) {
		*ret = log_fail(LECAP_IO, "rapports : %d colonne(s) lues pour %zu attendue(s)", pg_nfields(r), ncols);
		goto cleanup;
	}
	if (!(rows = rd_territoire_data_alloc(r, row_size, text))) {
		*ret = LECAP_IO;
		goto cleanup;
	}
	cursor = *text;
	*n = (size_t)pg_ntuples(r);
	for (size_t i = 0; i < *n; i++)
		for (size_t j = 0; j < ncols; j++)
			rd_territoire_data_cell(rows + i * row_size + cols[j].offset, cols[j].kind, r, (int)i, (int)j,
						&cursor);
cleanup:
	pg_result_free(r);
	return rows;
}

/* out's rows read from r with the columns cols (an array), *ret updated. */
#define TD_READ(ret, r, cols, out)                                                                          \
	((out)->rows = rd_territoire_data_table(&(ret), (r), (cols), sizeof(cols) / sizeof((cols)[0]),      \
						sizeof *(out)->rows, &(out)->n, &(out)->text))

int rd_territoire_data_participation(pg_conn *c, int campagne, const char *territory, struct td_participation *out)
{
	pg_result *r = NULL;
	int ret = rd_territoire_data_query(
		c, "lecture des chiffres clés",
		"SELECT p.n_evaluations, p.n_completes, p.n_adherents, p.n_adherents_evalues,"
		"       p.taux_participation, p.n_repondants, p.n_sans_evaluation_recente,"
		"       p.n_jamais_evalues,"
		"       CASE WHEN a.campagne_precedente IS NOT NULL"
		"            THEN coalesce(p.n_evaluations, 0) - coalesce(q.n_evaluations, 0) END,"
		"       a.campagne_precedente, coalesce(p.diffusable, true), p.secret"
		"  FROM lecap.agregat_campagne a"
		"  LEFT JOIN lecap.v_publication_participation p ON p.campagne = a.campagne AND p.region = $2"
		"  LEFT JOIN lecap.v_publication_participation q"
		"         ON q.campagne = a.campagne_precedente AND q.region = $2"
		" WHERE a.campagne = $1",
		campagne, 2, territory, NULL, NULL, &r);

	memset(out, 0, sizeof *out);
	out->taux = NAN;
	out->delta_evaluations = TD_NONE;
	if (ret || pg_ntuples(r) == 0)
		goto cleanup;
	out->present = true;
	out->n_evaluations = rd_int(r, 0, 0);
	out->n_completes = rd_int(r, 0, 1);
	out->n_adherents = rd_int(r, 0, 2);
	out->n_adherents_evalues = rd_int(r, 0, 3);
	out->taux = rd_num(r, 0, 4);
	out->n_repondants = rd_int(r, 0, 5);
	out->n_sans_recente = rd_int(r, 0, 6);
	out->n_jamais = rd_int(r, 0, 7);
	out->delta_evaluations = rd_territoire_data_count(r, 0, 8);
	out->precedente = rd_int(r, 0, 9);
	out->diffusable = rd_bool(r, 0, 10);
	out->secret_primaire = strcmp(pg_value(r, 0, 11), "primaire") == 0;
cleanup:
	pg_result_free(r);
	return ret;
}

static const struct td_col td_region_cols[] = {
	TD_COL_STR(struct td_region, code),
	TD_COL_STR(struct td_region, libelle),
	TD_COL_INT(struct td_region, n_evaluations),
	TD_COL_INT(struct td_region, n_completes),
	TD_COL_STR(struct td_region, donnees_au),
};

int rd_territoire_data_regions(pg_conn *c, int campagne, const char *only, struct td_regions *out)
{
	pg_result *r = NULL;
	int ret = rd_territoire_data_query(
		c, "liste des régions évaluées",
		"SELECT p.region, g.libelle, p.n_evaluations, p.n_completes, to_char(x.derniere, 'YYYY-MM-DD')"
		"  FROM lecap.v_participation p JOIN lecap.region g ON g.code = p.region"
		"  LEFT JOIN (SELECT e.region, max(e.horodatage_export) AS derniere FROM lecap.evaluation e"
		"              WHERE e.campagne = $1 GROUP BY e.region) x ON x.region = p.region"
		" WHERE p.campagne = $1 AND p.n_evaluations > 0"
		"   AND ($2::text IS NULL OR p.region = $2)"
		" ORDER BY p.region",
		campagne, 2, only, NULL, NULL, &r);

	TD_READ(ret, r, td_region_cols, out);
	return ret;
}

static const struct td_col td_respondent_cols[] = {
	TD_COL_STR(struct td_respondent, college),
	TD_COL_INT(struct td_respondent, n_repondants),
	TD_COL_INT(struct td_respondent, n_entreprises),
	TD_COL_BOOL(struct td_respondent, diffusable),
};

int rd_territoire_data_respondents(pg_conn *c, int campagne, const char *territory, struct td_respondents *out)
{
	pg_result *r = NULL;
	int ret = rd_territoire_data_query(
		c, "lecture des répondants par collège",
		"SELECT college, n_repondants, n_entreprises, diffusable"
		"  FROM lecap.v_publication_repondants_college"
		" WHERE campagne = $1 AND region = $2"
		" ORDER BY array_position(ARRAY['direction', 'salarie_permanent', 'salarie_insertion',"
		"                               'benevole', 'administrateur'], college), college",
		campagne, 2, territory, NULL, NULL, &r);

	TD_READ(ret, r, td_respondent_cols, out);
	return ret;
}

/* The columns of both grid statements, in SELECT order. */
static const struct td_col td_grid_cols[] = {
	TD_COL_STR(struct td_grid_row, code),
	TD_COL_STR(struct td_grid_row, niveau),
	TD_COL_STR(struct td_grid_row, libelle),
	TD_COL_NUM(struct td_grid_row, cible),
	TD_COL_COUNT(struct td_grid_row, n),
	TD_COL_NUM(struct td_grid_row, moyenne),
	TD_COL_NUM(struct td_grid_row, mediane),
	TD_COL_NUM(struct td_grid_row, q1),
	TD_COL_NUM(struct td_grid_row, q3),
	TD_COL_NUM(struct td_grid_row, minimum),
	TD_COL_NUM(struct td_grid_row, maximum),
	TD_COL_NUM(struct td_grid_row, part),
	TD_COL_NUM(struct td_grid_row, evolution),
	TD_COL_PUB(struct td_grid_row, pub),
	TD_COL_COUNT(struct td_grid_row, fr_n),
	TD_COL_NUM(struct td_grid_row, fr_moyenne),
	TD_COL_NUM(struct td_grid_row, fr_mediane),
	TD_COL_NUM(struct td_grid_row, fr_part),
	TD_COL_PUB(struct td_grid_row, fr_pub),
	TD_COL_PUB(struct td_grid_row, prev_pub),
	TD_COL_STR(struct td_grid_row, region),
};

int rd_territoire_data_grid(pg_conn *c, int campagne, const char *version, const char *territory, const char *levels,
			 struct td_grid *out)
{
	pg_result *r = NULL;
	int ret = rd_territoire_data_query(
		c, "lecture des agrégats par élément de la grille",
		"SELECT e.code, e.niveau, e.libelle, e.cible, a.n_entreprises, a.moyenne, a.mediane,"
		"       a.q1, a.q3, a.minimum, a.maximum, a.part_atteinte, a.evolution,"
		"       a.diffusable, f.n_entreprises, f.moyenne, f.mediane,"
		"       f.part_atteinte, f.diffusable, pa.diffusable, $3::text"
		"  FROM lecap.element e"
		"  LEFT JOIN lecap.v_publication_agregat a"
		"         ON a.campagne = $1 AND a.region = $3 AND a.code = e.code"
		"  LEFT JOIN lecap.v_publication_agregat f"
		"         ON f.campagne = $1 AND f.region = 'FR' AND f.code = e.code"
		"  LEFT JOIN lecap.agregat_campagne ac ON ac.campagne = $1"
		"  LEFT JOIN lecap.v_publication_agregat pa"
		"         ON pa.campagne = ac.campagne_precedente AND pa.region = $3 AND pa.code = e.code"
		" WHERE e.version = $2 AND e.niveau = ANY (string_to_array($4, ','))"
		" ORDER BY e.rang",
		campagne, 4, version, territory, levels, &r);

	TD_READ(ret, r, td_grid_cols, out);
	return ret;
}

/*
 * The same for every territory at once (each region of lecap.region, and
 * "FR"), by territory code then grid order: the rows a territory's own
 * statement returns, with $3 read from t.region; one planning instead of
 * one per territory (the three joined views cost more to plan than to run).
 */
static int rd_territoire_data_grid_all(pg_conn *c, int campagne, const char *version, const char *levels,
				       struct td_grid *out)
{
	pg_result *r = NULL;
	int ret = rd_territoire_data_query(
		c, "lecture des agrégats par élément de la grille, tous territoires",
		"SELECT e.code, e.niveau, e.libelle, e.cible, a.n_entreprises, a.moyenne, a.mediane,"
		"       a.q1, a.q3, a.minimum, a.maximum, a.part_atteinte, a.evolution,"
		"       a.diffusable, f.n_entreprises, f.moyenne, f.mediane,"
		"       f.part_atteinte, f.diffusable, pa.diffusable, t.region"
		"  FROM (SELECT code FROM lecap.region UNION SELECT 'FR') t (region)"
		"  CROSS JOIN lecap.element e"
		"  LEFT JOIN lecap.v_publication_agregat a"
		"         ON a.campagne = $1 AND a.region = t.region AND a.code = e.code"
		"  LEFT JOIN lecap.v_publication_agregat f"
		"         ON f.campagne = $1 AND f.region = 'FR' AND f.code = e.code"
		"  LEFT JOIN lecap.agregat_campagne ac ON ac.campagne = $1"
		"  LEFT JOIN lecap.v_publication_agregat pa"
		"         ON pa.campagne = ac.campagne_precedente AND pa.region = t.region AND pa.code = e.code"
		" WHERE e.version = $2 AND e.niveau = ANY (string_to_array($3, ','))"
		" ORDER BY t.region, e.rang",
		campagne, 3, version, levels, NULL, &r);

	TD_READ(ret, r, td_grid_cols, out);
	return ret;
}

static const struct td_col td_college_cols[] = {
	TD_COL_STR(struct td_college_row, code),
	TD_COL_STR(struct td_college_row, niveau),
	TD_COL_STR(struct td_college_row, libelle),
	TD_COL_NUM(struct td_college_row, moyenne[0]),
	TD_COL_PUB(struct td_college_row, pub[0]),
	TD_COL_NUM(struct td_college_row, moyenne[1]),
	TD_COL_PUB(struct td_college_row, pub[1]),
	TD_COL_NUM(struct td_college_row, moyenne[2]),
	TD_COL_PUB(struct td_college_row, pub[2]),
	TD_COL_NUM(struct td_college_row, moyenne[3]),
	TD_COL_PUB(struct td_college_row, pub[3]),
	TD_COL_NUM(struct td_college_row, moyenne[4]),
	TD_COL_PUB(struct td_college_row, pub[4]),
	TD_COL_NUM(struct td_college_row, ecart),
};

int rd_territoire_data_colleges(pg_conn *c, int campagne, const char *version, const char *territory,
			     struct td_colleges *out)
{
	pg_result *r = NULL;
	int ret = rd_territoire_data_query(
		c, "lecture des scores par collège",
		"SELECT e.code, e.niveau, e.libelle,"
		"       max(s.moyenne) FILTER (WHERE s.college = 'direction'),"
		"       bool_or(s.diffusable) FILTER (WHERE s.college = 'direction'),"
		"       max(s.moyenne) FILTER (WHERE s.college = 'salarie_permanent'),"
		"       bool_or(s.diffusable) FILTER (WHERE s.college = 'salarie_permanent'),"
		"       max(s.moyenne) FILTER (WHERE s.college = 'salarie_insertion'),"
		"       bool_or(s.diffusable) FILTER (WHERE s.college = 'salarie_insertion'),"
		"       max(s.moyenne) FILTER (WHERE s.college = 'benevole'),"
		"       bool_or(s.diffusable) FILTER (WHERE s.college = 'benevole'),"
		"       max(s.moyenne) FILTER (WHERE s.college = 'administrateur'),"
		"       bool_or(s.diffusable) FILTER (WHERE s.college = 'administrateur'),"
		"       max(s.moyenne) FILTER (WHERE s.diffusable)"
		"         - min(s.moyenne) FILTER (WHERE s.diffusable)"
		"  FROM lecap.element e"
		"  LEFT JOIN lecap.v_publication_score_college s"
		"         ON s.campagne = $1 AND s.region = $3 AND s.code = e.code"
		" WHERE e.version = $2 AND e.niveau IN ('theme', 'sous_theme')"
		" GROUP BY e.code, e.niveau, e.libelle, e.rang"
		" ORDER BY e.rang",
		campagne, 3, version, territory, NULL, &r);

	TD_READ(ret, r, td_college_cols, out);
	return ret;
}

static const struct td_col td_divergence_cols[] = {
	TD_COL_STR(struct td_divergence_row, code),
	TD_COL_STR(struct td_divergence_row, libelle),
	TD_COL_COUNT(struct td_divergence_row, n),
	TD_COL_NUM(struct td_divergence_row, ecart),
	TD_COL_COUNT(struct td_divergence_row, n_debats),
	TD_COL_NUM(struct td_divergence_row, part_debats),
	TD_COL_PUB(struct td_divergence_row, pub),
};

int rd_territoire_data_divergence(pg_conn *c, int campagne, const char *version, const char *territory,
			       struct td_divergence *out)
{
	pg_result *r = NULL;
	int ret = rd_territoire_data_query(
		c, "lecture des points de vue divergents",
		"SELECT e.code, e.libelle, d.n_entreprises, d.ecart_moyen, d.n_points_de_debat,"
		"       d.part_points_de_debat, d.diffusable"
		"  FROM lecap.v_publication_divergence d"
		"  JOIN lecap.element e ON e.version = $2 AND e.code = d.sous_theme"
		" WHERE d.campagne = $1 AND d.region = $3"
		" ORDER BY d.diffusable DESC,"
		"          CASE WHEN d.diffusable THEN d.part_points_de_debat END DESC NULLS LAST,"
		"          CASE WHEN d.diffusable THEN d.ecart_moyen END DESC NULLS LAST, e.rang",
		campagne, 3, version, territory, NULL, &r);

	TD_READ(ret, r, td_divergence_cols, out);
	return ret;
}

static const struct td_col td_plan_cols[] = {
	TD_COL_STR(struct td_plan_row, objectif),
	TD_COL_STR(struct td_plan_row, libelle),
	TD_COL_INT(struct td_plan_row, n_entreprises),
	TD_COL_INT(struct td_plan_row, n_actions),
	TD_COL_INT(struct td_plan_row, n_a_engager),
	TD_COL_INT(struct td_plan_row, n_en_cours),
	TD_COL_INT(struct td_plan_row, n_realisees),
	TD_COL_INT(struct td_plan_row, n_abandonnees),
	TD_COL_INT(struct td_plan_row, n_priorite_haute),
	TD_COL_NUM(struct td_plan_row, part_precedente),
};

int rd_territoire_data_plans(pg_conn *c, int campagne, const char *version, const char *territory, int limit,
			  struct td_plans *out)
{
	pg_result *r = NULL;
	char lim[16];
	int ret;

	snprintf(lim, sizeof(lim), "%d", limit);
	ret = rd_territoire_data_query(c, "lecture des plans de progrès",
				    "SELECT p.objectif, e.libelle, p.n_entreprises, p.n_actions, p.n_a_engager,"
				    "       p.n_en_cours, p.n_realisees, p.n_abandonnees, p.n_priorite_haute,"
				    "       p.part_realisee_precedente"
				    "  FROM lecap.v_publication_plan p"
				    "  JOIN lecap.element e ON e.version = $2 AND e.code = p.objectif"
				    " WHERE p.campagne = $1 AND p.region = $3 AND p.diffusable"
				    " ORDER BY p.n_entreprises DESC, p.n_actions DESC, e.rang"
				    " LIMIT $4::int",
				    campagne, 4, version, territory, lim, &r);
	TD_READ(ret, r, td_plan_cols, out);
	return ret;
}

static const struct td_col td_plans_followup_cols[] = {
	TD_COL_STR(struct td_plans_followup_row, region),
	TD_COL_NUM(struct td_plans_followup_row, f.part_realisee),
	TD_COL_INT(struct td_plans_followup_row, f.n_precedents),
	TD_COL_INT(struct td_plans_followup_row, f.n_plans),
	TD_COL_INT(struct td_plans_followup_row, f.n_secrets),
};

/*
 * The follow-up of every territory in one statement, grouped by region (the
 * network, FR, as the rollup of the plans and as its own rows of
 * v_publication_plan): the share of the previous campaign's actions carried
 * out when every objective's share is published, the plans of the previous
 * and of this campaign, the objectives too few chose to be detailed.
 * A territory without a row: NaN and zeros, as that statement gives it.
 */
static int rd_territoire_data_plans_followups(pg_conn *c, int campagne, struct td_plans_followups *out)
{
	pg_result *r = NULL;
	int ret = rd_territoire_data_query(
		c, "lecture du suivi des plans",
		"WITH a AS (SELECT campagne_precedente AS prec FROM lecap.agregat_campagne WHERE campagne = $1),"
		" v AS (SELECT region,"
		"              CASE WHEN bool_and(diffusable)"
		"                   THEN sum(n_realisees_precedentes)::numeric / nullif(sum(n_actions_precedentes), 0)"
		"              END AS part,"
		"              count(*) FILTER (WHERE NOT diffusable) AS n_secrets"
		"         FROM lecap.v_publication_plan WHERE campagne = $1 GROUP BY region),"
		" p AS (SELECT coalesce(e.region, 'FR') AS region,"
		"              count(*) FILTER (WHERE p.campagne = a.prec) AS n_precedents,"
		"              count(*) FILTER (WHERE p.campagne = $1) AS n_plans"
		"         FROM a JOIN lecap.plan p ON p.campagne = $1 OR p.campagne = a.prec"
		"         JOIN lecap.evaluation e ON e.siret = p.siret AND e.campagne = p.campagne"
		"        GROUP BY ROLLUP (e.region))"
		"SELECT coalesce(v.region, p.region), v.part, coalesce(p.n_precedents, 0), coalesce(p.n_plans, 0),"
		"       coalesce(v.n_secrets, 0)"
		"  FROM a CROSS JOIN v FULL JOIN p ON p.region = v.region"
		" ORDER BY 1",
		campagne, 1, NULL, NULL, NULL, &r);

	TD_READ(ret, r, td_plans_followup_cols, out);
	return ret;
}

static const struct td_col td_offer_cols[] = {
	TD_COL_STR(struct td_offer_row, code),
	TD_COL_STR(struct td_offer_row, libelle),
	TD_COL_COUNT(struct td_offer_row, n_plan),
	TD_COL_COUNT(struct td_offer_row, n_actions),
	TD_COL_COUNT(struct td_offer_row, n_objectifs),
	TD_COL_COUNT(struct td_offer_row, n_non_atteints),
	TD_COL_PUB(struct td_offer_row, pub),
	TD_COL_STR(struct td_offer_row, region),
};

int rd_territoire_data_offers(pg_conn *c, int campagne, const char *territory, struct td_offers *out)
{
	pg_result *r = NULL;
	int ret = rd_territoire_data_query(
		c, "lecture de la demande d'offres de services",
		"SELECT d.offre, d.libelle, d.n_entreprises_plan, d.n_actions,"
		"       d.n_entreprises_objectifs, d.n_objectifs_non_atteints, d.diffusable, d.region"
		"  FROM lecap.v_publication_demande_offres d"
		" WHERE d.campagne = $1 AND ($2::text IS NULL OR d.region = $2)"
		" ORDER BY d.region, d.diffusable DESC,"
		"          CASE WHEN d.diffusable"
		"               THEN d.n_entreprises_plan + d.n_entreprises_objectifs END DESC NULLS LAST,"
		"          d.offre",
		campagne, 2, territory, NULL, NULL, &r);

	TD_READ(ret, r, td_offer_cols, out);
	return ret;
}

static const struct td_col td_without_recent_cols[] = {
	TD_COL_STR(struct td_without_recent_row, siret),
	TD_COL_STR(struct td_without_recent_row, raison_sociale),
	TD_COL_STR(struct td_without_recent_row, type),
	TD_COL_STR_NULL(struct td_without_recent_row, derniere),
};

int rd_territoire_data_without_recent(pg_conn *c, int campagne, const char *region, struct td_without_recent *out)
{
	pg_result *r = NULL;
	int ret = rd_territoire_data_query(c, "lecture des adhérents sans évaluation récente",
					"SELECT siret, raison_sociale, type_structure, derniere_campagne"
					"  FROM lecap.v_adherent_sans_evaluation"
					" WHERE campagne = $1 AND region = $2"
					" ORDER BY derniere_campagne NULLS FIRST, raison_sociale, siret",
					campagne, 2, region, NULL, NULL, &r);

	TD_READ(ret, r, td_without_recent_cols, out);
	return ret;
}

static const struct td_col td_todo_cols[] = {
	TD_COL_STR(struct td_todo_row, region),
	TD_COL_BOOL(struct td_todo_row, incomplete),
	TD_COL_STR(struct td_todo_row, siret),
	TD_COL_STR(struct td_todo_row, raison_sociale),
	TD_COL_NUM(struct td_todo_row, completude),
};

int rd_territoire_data_todos(pg_conn *c, int campagne, struct td_todo *out)
{
	pg_result *r = NULL;
	int ret = rd_territoire_data_query(
		c, "lecture des relances des régions",
		"SELECT r.region, true, r.siret, r.raison_sociale, r.completude"
		"  FROM lecap.resultat_evaluation r"
		" WHERE r.campagne = $1 AND NOT r.complete"
		" UNION ALL "
		"SELECT r.region, false, r.siret, r.raison_sociale, NULL"
		"  FROM lecap.resultat_evaluation r"
		" WHERE r.campagne = $1"
		"   AND NOT EXISTS (SELECT 1 FROM lecap.plan p"
		"                    WHERE p.campagne = r.campagne AND p.siret = r.siret COLLATE \"default\")"
		" ORDER BY 1, 2 DESC, 4, 3",
		campagne, 1, NULL, NULL, NULL, &r);

	TD_READ(ret, r, td_todo_cols, out);
	return ret;
}

static const struct td_col td_region_participation_cols[] = {
	TD_COL_STR(struct td_region_participation, code),
	TD_COL_STR(struct td_region_participation, libelle),
	TD_COL_INT(struct td_region_participation, n_evaluations),
	TD_COL_INT(struct td_region_participation, n_completes),
	TD_COL_NUM(struct td_region_participation, taux),
	TD_COL_INT(struct td_region_participation, n_sans_recente),
	TD_COL_INT(struct td_region_participation, n_jamais),
	TD_COL_BOOL(struct td_region_participation, diffusable),
};

int rd_territoire_data_regions_participation(pg_conn *c, int campagne, struct td_regions_participation *out)
{
	pg_result *r = NULL;
	int ret = rd_territoire_data_query(
		c, "lecture de la participation par région",
		"SELECT g.code, g.libelle, p.n_evaluations, p.n_completes, p.taux_participation,"
		"       p.n_sans_evaluation_recente, p.n_jamais_evalues, p.diffusable"
		"  FROM lecap.v_publication_participation p JOIN lecap.region g ON g.code = p.region"
		" WHERE p.campagne = $1"
		" ORDER BY g.code",
		campagne, 1, NULL, NULL, NULL, &r);

	TD_READ(ret, r, td_region_participation_cols, out);
	return ret;
}

static const struct td_col td_region_theme_cols[] = {
	TD_COL_STR(struct td_region_theme_row, region),
	TD_COL_STR(struct td_region_theme_row, libelle),
	TD_COL_STR(struct td_region_theme_row, theme),
	TD_COL_COUNT(struct td_region_theme_row, n),
	TD_COL_NUM(struct td_region_theme_row, moyenne),
	TD_COL_BOOL(struct td_region_theme_row, montrable),
	TD_COL_STR(struct td_region_theme_row, theme_libelle),
};

int rd_territoire_data_region_theme(pg_conn *c, int campagne, const char *version, struct td_region_theme *out)
{
	pg_result *r = NULL;
	int ret = rd_territoire_data_query(
		c, "lecture du tableau régions × thèmes",
		"WITH a AS ("
		"  SELECT a.region, a.code, a.n_entreprises, a.moyenne, a.diffusable"
		"    FROM lecap.v_publication_agregat a"
		"   WHERE a.campagne = $1 AND a.niveau = 'theme' AND NOT a.national)"
		"SELECT g.code, g.libelle, e.code, a.n_entreprises, a.moyenne, coalesce(a.diffusable, false),"
		"       e.libelle"
		"  FROM lecap.v_participation p"
		"  JOIN lecap.region g ON g.code = p.region"
		"  CROSS JOIN lecap.element e"
		"  LEFT JOIN a ON a.region = g.code AND a.code = e.code"
		" WHERE p.campagne = $1 AND p.n_evaluations > 0 AND e.version = $2 AND e.niveau = 'theme'"
		" ORDER BY g.code, e.rang",
		campagne, 2, version, NULL, NULL, &r);

	TD_READ(ret, r, td_region_theme_cols, out);
	return ret;
}

/* --- the per-report cache ------------------------------------------------------ */


/* Forgets every territory's entry (not the offers of all of them). */
static void rd_territoire_data_forget(struct td_cache *cache)
{
	for (size_t i = 0; i < cache->n; i++) {
		struct td_cache_entry *e = &cache->entries[i];
		rd_territoire_data_free(&e->grid);
		rd_territoire_data_free(&e->colleges);
		rd_territoire_data_free(&e->todo);
	}
	cache->n = 0;
}

/*
 * The territory's entry, added when new (the cache full, the entries read
 * so far are forgotten first: a section asks about one territory, so that
 * what it holds is never the forgotten); NULL (logged) for a code too long.
 */
static struct td_cache_entry *rd_territoire_data_entry(struct td_cache *cache, const char *territory)
{
	struct td_cache_entry *e;

	for (size_t i = 0; i < cache->n; i++)
		if (strcmp(cache->entries[i].territory, territory) == 0)
			return &cache->entries[i];
	if (strlen(territory) >= sizeof e->territory) {
		log_error("cache des rapports : code de territoire trop long « %s »", territory);
		return NULL;
	}
	if (cache->n == TD_CACHE_TERRITORIES)
		rd_territoire_data_forget(cache);
	e = &cache->entries[cache->n++];
	memset(e, 0, sizeof *e);
	snprintf(e->territory, sizeof e->territory, "%s", territory);
	return e;
}

/* Whether level is one of the comma-separated levels. */
static bool rd_territoire_data_level_in(const char *level, const char *levels)
{
	size_t len = strlen(level);

	for (const char *p = levels; *p;) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		if (n == len && strncmp(p, level, n) == 0)
			return true;
		p += n + (comma ? 1 : 0);
	}
	return false;
}

void rd_territoire_data_cache_free(struct td_cache *cache)
{
	rd_territoire_data_free(&cache->offers);
	rd_territoire_data_free(&cache->grids);
	rd_territoire_data_free(&cache->followups);
	rd_territoire_data_free(&cache->todos);
	rd_territoire_data_forget(cache);
	memset(cache, 0, sizeof *cache);
}

/* Whether the table of every territory has rows for territory. */
static bool rd_territoire_data_grid_has(const struct td_grid *g, const char *territory)
{
	for (size_t i = 0; i < g->n; i++)
		if (strcmp(g->rows[i].region, territory) == 0)
			return true;
	return false;
}

int rd_territoire_data_cached_grid(struct td_cache *cache, pg_conn *c, int campagne, const char *version,
				   const char *territory, const char *levels, struct td_grid *out)
{
	const struct td_grid *g = &cache->grids;
	struct td_cache_entry *e;
	int ret;

	memset(out, 0, sizeof *out);
	if (!cache->has_grids) {
		if ((ret = rd_territoire_data_grid_all(c, campagne, version, "theme,sous_theme,objectif", &cache->grids)))
			return ret;
		cache->has_grids = true;
	}
	if (!rd_territoire_data_grid_has(g, territory)) {
		/* not a territory of lecap.region: its own statement */
		if (!(e = rd_territoire_data_entry(cache, territory)))
			return LECAP_IO;
		if (!e->has_grid) {
			if ((ret = rd_territoire_data_grid(c, campagne, version, territory, "theme,sous_theme,objectif",
							   &e->grid)))
				return ret;
			e->has_grid = true;
		}
		g = &e->grid;
	}
	if (!(out->rows = calloc(g->n ? g->n : 1, sizeof *out->rows))) {
		log_error("mémoire insuffisante");
		return LECAP_IO;
	}
	/* the territory's rows of the levels asked, in grid order as the statement gives them */
	for (size_t i = 0; i < g->n; i++)
		if (strcmp(g->rows[i].region, territory) == 0 && rd_territoire_data_level_in(g->rows[i].niveau, levels))
			out->rows[out->n++] = g->rows[i];
	return LECAP_OK;
}

int rd_territoire_data_cached_participation(struct td_cache *cache, pg_conn *c, int campagne, const char *territory,
					    struct td_participation *out)
{
	struct td_cache_entry *e = rd_territoire_data_entry(cache, territory);
	int ret;

	if (!e)
		return LECAP_IO;
	if (!e->has_participation) {
		if ((ret = rd_territoire_data_participation(c, campagne, territory, &e->participation)))
			return ret;
		e->has_participation = true;
	}
	*out = e->participation;
	return LECAP_OK;
}

int rd_territoire_data_cached_colleges(struct td_cache *cache, pg_conn *c, int campagne, const char *version,
				       const char *territory, const struct td_colleges **out)
{
	struct td_cache_entry *e = rd_territoire_data_entry(cache, territory);
	int ret;

	*out = NULL;
	if (!e)
		return LECAP_IO;
	if (!e->has_colleges) {
		if ((ret = rd_territoire_data_colleges(c, campagne, version, territory, &e->colleges)))
			return ret;
		e->has_colleges = true;
	}
	*out = &e->colleges;
	return LECAP_OK;
}

int rd_territoire_data_cached_todo(struct td_cache *cache, pg_conn *c, int campagne, const char *region,
				   const struct td_todo **out)
{
	struct td_cache_entry *e = rd_territoire_data_entry(cache, region);
	int ret;

	*out = NULL;
	if (!e)
		return LECAP_IO;
	if (!cache->has_todos) {
		if ((ret = rd_territoire_data_todos(c, campagne, &cache->todos)))
			return ret;
		cache->has_todos = true;
	}
	if (!e->has_todo) {
		/* the region's rows, in the order read; texts the cache's */
		if (!(e->todo.rows = calloc(cache->todos.n ? cache->todos.n : 1, sizeof *e->todo.rows)))
			return log_fail(LECAP_IO, "mémoire insuffisante");
		for (size_t i = 0; i < cache->todos.n; i++)
			if (strcmp(cache->todos.rows[i].region, region) == 0)
				e->todo.rows[e->todo.n++] = cache->todos.rows[i];
		e->has_todo = true;
	}
	*out = &e->todo;
	return LECAP_OK;
}

int rd_territoire_data_cached_offers(struct td_cache *cache, pg_conn *c, int campagne, const char *territory,
				     struct td_offers *out)
{
	int ret;

	memset(out, 0, sizeof *out);
	if (!cache->has_offers) {
		if ((ret = rd_territoire_data_offers(c, campagne, NULL, &cache->offers)))
			return ret;
		cache->has_offers = true;
	}
	if (!(out->rows = calloc(cache->offers.n ? cache->offers.n : 1, sizeof *out->rows))) {
		log_error("mémoire insuffisante");
		return LECAP_IO;
	}
	for (size_t i = 0; i < cache->offers.n; i++)
		if (strcmp(cache->offers.rows[i].region, territory) == 0)
			out->rows[out->n++] = cache->offers.rows[i];
	return LECAP_OK;
}

int rd_territoire_data_cached_plans_followup(struct td_cache *cache, pg_conn *c, int campagne, const char *territory,
					     struct td_plans_followup *out)
{
	int ret;

	memset(out, 0, sizeof *out);
	out->part_realisee = NAN;
	if (!cache->has_followups) {
		if ((ret = rd_territoire_data_plans_followups(c, campagne, &cache->followups)))
			return ret;
		cache->has_followups = true;
	}
	for (size_t i = 0; i < cache->followups.n; i++)
		if (strcmp(cache->followups.rows[i].region, territory) == 0)
			*out = cache->followups.rows[i].f;
	return LECAP_OK;
}
