/* Aggregation driver; see aggregate.h. The SQL is in sql/004_agregats.sql
 * (tables, views) and sql/012_agregats_rapides.sql (lecap.agreger). */
#include "aggregate.h"

#include "exitcode.h"
#include "log.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int aggregate_parse_campagne(const char *text, int *year)
{
	char *end;
	long v;

	if (!text || !*text)
		return -1;
	errno = 0;
	v = strtol(text, &end, 10);
	if (errno || *end || v < 2000 || v > 2100)
		return -1;
	*year = (int)v;
	return 0;
}

void aggregate_result_release(struct aggregate_result *res)
{
	free(res->campagnes);
	res->campagnes = NULL;
	res->count = 0;
}

static double elapsed_ms(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1000.0 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/* The campaigns with evaluations, plans or results, ascending. */
static int load_candidates(pg_conn *conn, int **list, size_t *count)
{
	pg_result *res;
	int ret, n;

	*list = NULL;
	*count = 0;
	ret = pg_query(conn, "liste des campagnes à agréger",
		       "SELECT c FROM lecap.campagnes_candidates() AS c ORDER BY c", 0, NULL, &res);
	if (ret != LECAP_OK)
		return ret;
	n = pg_ntuples(res);
	if (n > 0) {
		*list = malloc((size_t)n * sizeof(**list));
		if (!*list) {
			pg_result_free(res);
			return log_fail(LECAP_IO, "mémoire insuffisante pour %d campagnes", n);
		}
	}
	for (int i = 0; i < n; i++)
		(*list)[i] = atoi(pg_value(res, i, 0));
	*count = (size_t)n;
	pg_result_free(res);
	return LECAP_OK;
}

/* *reason receives why the campaign is stale (malloc'd), or NULL. */
static int stale_reason(pg_conn *conn, const char *const params[3], char **reason)
{
	pg_result *res;
	int ret;

	*reason = NULL;
	ret = pg_query(conn, "péremption des agrégats",
		       "SELECT lecap.campagne_perimee($1::int, $2::numeric, $3::int)", 3, params, &res);
	if (ret != LECAP_OK)
		return ret;
	if (!pg_isnull(res, 0, 0)) {
		*reason = strdup(pg_value(res, 0, 0));
		if (!*reason)
			ret = log_fail(LECAP_IO, "mémoire insuffisante");
	}
	pg_result_free(res);
	return ret;
}

/* Recomputes one campaign in its own transaction. */
static int refresh(pg_conn *conn, int campagne, const char *const params[3], const char *reason)
{
	struct timespec t0;
	pg_result *res = NULL;
	char purpose[64];
	int ret;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	snprintf(purpose, sizeof(purpose), "calcul des agrégats de la campagne %d", campagne);
	ret = pg_begin(conn);
	if (ret != LECAP_OK)
		return ret;
	ret = pg_query(conn, purpose,
		       "SELECT evaluations, completes, agregats FROM lecap.agreger($1::int, $2::numeric, $3::int)",
		       3, params, &res);
	if (ret == LECAP_OK)
		ret = pg_commit(conn);
	if (ret != LECAP_OK) {
		pg_rollback(conn);
		pg_result_free(res);
		log_hint("les agrégats de la campagne %d sont restés dans leur état précédent ; "
			 "relancez lecap aggregate une fois la base disponible", campagne);
		return ret;
	}
	log_info("campagne %d recalculée (%s) : %s évaluation(s), %s complète(s), %s agrégat(s), en %.0f ms",
		 campagne, reason, pg_value(res, 0, 0), pg_value(res, 0, 1), pg_value(res, 0, 2),
		 elapsed_ms(&t0));
	pg_result_free(res);
	return LECAP_OK;
}

/*
 * The result tables are UNLOGGED and refilled by DELETE and INSERT: the
 * autovacuum analyses them some time after, and until then the planner
 * plans the reports' queries (src/report_data.c) with the statistics of
 * before the refresh, or none on a new database. One ANALYZE of all of them
 * after the last campaign (a sample of 30,000 rows per table: about a
 * second for a 10,000-enterprise network) gives the reports that follow
 * statistics of what they read.
 */
static int analyze_results(pg_conn *conn)
{
	return pg_exec(conn, "analyse des tables de résultats",
		       "ANALYZE lecap.agregat_campagne, lecap.resultat_evaluation, lecap.score,"
		       " lecap.score_college, lecap.agregat, lecap.agregat_college, lecap.divergence,"
		       " lecap.divergence_agregat, lecap.plan_agregat, lecap.demande_offres,"
		       " lecap.participation, lecap.repondants_college, lecap.adherent_sans_evaluation");
}

/* "2024, 2025" into buf. */
static void join_years(const int *years, size_t n, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && used + 8 < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s%d", i ? ", " : "", years[i]);
}

int aggregate_run(pg_conn *conn, const struct aggregate_params *params,
		  struct aggregate_result *out)
{
	char completude[32], seuil[16], year[16], list[512];
	const char *sqlparams[3] = {year, completude, seuil};
	int *candidates = NULL;
	size_t count = 0;
	int ret;

	out->campagnes = NULL;
	out->count = 0;
	snprintf(completude, sizeof(completude), "%.6g", params->completude_min);
	snprintf(seuil, sizeof(seuil), "%d", params->seuil_secret);

	ret = load_candidates(conn, &candidates, &count);
	if (ret != LECAP_OK)
		goto cleanup;
	if (params->campagne) {
		bool known = false;
		for (size_t i = 0; i < count; i++)
			known = known || candidates[i] == params->campagne;
		if (!known) {
			join_years(candidates, count, list, sizeof(list));
			ret = log_fail(LECAP_USAGE, "campagne %d inconnue : aucune évaluation ni plan de progrès",
				       params->campagne);
			if (count)
				log_hint("campagnes présentes dans la base : %s", list);
			else
				log_hint("la base ne contient encore aucune évaluation : lancez d'abord lecap ingest");
			goto cleanup;
		}
	}
	if (count) {
		out->campagnes = malloc(count * sizeof(*out->campagnes));
		if (!out->campagnes) {
			ret = log_fail(LECAP_IO, "mémoire insuffisante");
			goto cleanup;
		}
	}

	/* Ascending, so that a campaign sees its predecessor already recomputed
	 * (its evolution depends on it) and becomes stale when it was. */
	for (size_t i = 0; i < count; i++) {
		int c = candidates[i];
		char *reason = NULL;

		if (params->campagne && c < params->campagne)
			continue;
		snprintf(year, sizeof(year), "%d", c);
		if (params->all || c == params->campagne) {
			reason = strdup(params->all ? "--all demandé" : "--campagne demandé");
			if (!reason) {
				ret = log_fail(LECAP_IO, "mémoire insuffisante");
				goto cleanup;
			}
		} else {
			ret = stale_reason(conn, sqlparams, &reason);
			if (ret != LECAP_OK)
				goto cleanup;
		}
		if (!reason) {
			log_debug("campagne %d : agrégats à jour", c);
			continue;
		}
		ret = refresh(conn, c, sqlparams, reason);
		free(reason);
		if (ret != LECAP_OK)
			goto cleanup;
		out->campagnes[out->count++] = c;
	}
	if (out->count == 0) {
		log_info("agrégats à jour : aucune campagne à recalculer");
	} else {
		ret = analyze_results(conn);
		if (ret != LECAP_OK)
			goto cleanup;
		join_years(out->campagnes, out->count, list, sizeof(list));
		log_info("agrégats à jour : %zu campagne(s) recalculée(s) : %s", out->count, list);
	}
cleanup:
	free(candidates);
	return ret;
}
