/* lecap aggregate: recomputes the scores and aggregates of the campaigns
 * that changed (--all: every campaign; --campagne: that one, then the later
 * ones it makes stale). */
#include "commands.h"

#include "aggregate/aggregate.h"
#include "base/exitcode.h"
#include "db/journal.h"
#include "base/log.h"
#include "db/runlock.h"

#include <string.h>

int cmd_aggregate(struct lecap_ctx *ctx, int argc, char **argv)
{
	struct aggregate_params params = {0};
	struct aggregate_result result = {0};
	pg_conn *conn = NULL, *helper = NULL;
	long long exec_id = 0;
	bool locked = false;
	int ret;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = NULL;

		if (strcmp(a, "--all") == 0) {
			params.all = true;
			continue;
		}
		if (strcmp(a, "--campagne") == 0) {
			if (i + 1 >= argc) {
				log_error("l'option --campagne attend une année");
				log_hint("exemple : lecap aggregate --campagne 2025");
				return LECAP_USAGE;
			}
			v = argv[++i];
		} else if (strncmp(a, "--campagne=", 11) == 0) {
			v = a + 11;
		} else {
			return cmd_bad_option(argv[0], a);
		}
		if (aggregate_parse_campagne(v, &params.campagne) != 0) {
			log_error("--campagne attend une année entre 2000 et 2100 : « %s »", v);
			log_hint("exemple : lecap aggregate --campagne 2025");
			return LECAP_USAGE;
		}
	}
	if (params.all && params.campagne) {
		log_error("--campagne et --all s'excluent");
		log_hint("usage : lecap aggregate [--campagne ANNÉE | --all]");
		return LECAP_USAGE;
	}
	params.completude_min = ctx->cfg.agregats_completude_min;
	params.seuil_secret = ctx->cfg.agregats_seuil_secret;
	if (params.seuil_secret < 1) {
		log_error("[agregats] seuil_secret doit valoir au moins 1 (lu : %d)", params.seuil_secret);
		log_hint("corrigez la configuration ; 5 est la valeur par défaut");
		return LECAP_USAGE;
	}

	ret = ctx_connect(ctx, &conn);
	if (ret != LECAP_OK)
		return ret;
	/* One writing lecap at a time, and a line in the run journal. */
	ret = runlock_acquire(conn, "aggregate");
	if (ret != LECAP_OK)
		goto cleanup;
	locked = true;
	ret = journal_open(conn, "aggregate", &exec_id);
	if (ret != LECAP_OK)
		goto cleanup;
	/* --all: a second connection, to compute two campaigns at once. */
	if (params.all) {
		ret = ctx_connect(ctx, &helper);
		params.helper = helper;
	}
	if (ret == LECAP_OK)
		ret = aggregate_run(conn, &params, &result);
	if (pg_ok(conn)) {
		struct journal_counts jc;

		memset(&jc, 0, sizeof(jc));
		for (size_t i = 0; i < result.count && jc.ncampagnes < 64; i++)
			jc.campagnes[jc.ncampagnes++] = result.campagnes[i];
		if (journal_close(conn, exec_id, &jc, ret) != LECAP_OK && ret == LECAP_OK)
			ret = LECAP_DB;
	}
cleanup:
	if (locked)
		runlock_release(conn);
	aggregate_result_release(&result);
	pg_close(helper);
	pg_close(conn);
	return ret;
}
