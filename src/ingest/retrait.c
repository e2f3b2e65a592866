/* Withdrawing an evaluation; see retrait.h. */
#include "ingest/retrait.h"

#include "base/exitcode.h"
#include "base/log.h"
#include "base/signals.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int retrait_parse_siret(const char *text)
{
	size_t n = 0;

	if (!text)
		return -1;
	for (; text[n]; n++)
		if (text[n] < '0' || text[n] > '9')
			return -1;
	return n == 14 ? 0 : -1;
}

int retrait_evaluation(pg_conn *conn, const char *siret, int campagne, const char *motif,
		       const char *par, long long execution_id, bool dry_run, struct retrait_result *out)
{
	char camp[16], exec[24];
	const char *params[5] = {siret, camp, motif, par, exec};
	pg_result *res = NULL;
	int ret;

	memset(out, 0, sizeof(*out));
	snprintf(camp, sizeof(camp), "%d", campagne);
	snprintf(exec, sizeof(exec), "%lld", execution_id);
	if (execution_id <= 0)
		params[4] = NULL;
	ret = pg_begin(conn);
	if (ret != LECAP_OK)
		return ret;
	ret = pg_query(conn, "retrait de l'évaluation",
		       "SELECT retrait_id, evaluations, repondants, reponses, plans, actions, fichiers, "
		       "coalesce(region, '') FROM lecap.retirer_evaluation($1, $2::int, $3, $4, $5::bigint)",
		       5, params, &res);
	if (ret != LECAP_OK)
		goto cleanup;
	out->done = !pg_isnull(res, 0, 0);
	out->retrait_id = atoll(pg_value(res, 0, 0));
	out->evaluations = atoi(pg_value(res, 0, 1));
	out->repondants = atoi(pg_value(res, 0, 2));
	out->reponses = atoll(pg_value(res, 0, 3));
	out->plans = atoi(pg_value(res, 0, 4));
	out->actions = atoi(pg_value(res, 0, 5));
	out->fichiers = atoi(pg_value(res, 0, 6));
	snprintf(out->region, sizeof(out->region), "%s", pg_value(res, 0, 7));
	pg_result_free(res);
	res = NULL;
	test_crash_point("retirer-avant-commit");
	if (dry_run || !out->done) {
		pg_rollback(conn);
		return LECAP_OK;
	}
	ret = pg_commit(conn);
	if (ret != LECAP_OK)
		goto cleanup;
	return LECAP_OK;
cleanup:
	pg_result_free(res);
	pg_rollback(conn);
	memset(out, 0, sizeof(*out));
	log_hint("rien n'a été retiré ; relancez lecap retirer une fois la base disponible");
	return ret;
}
