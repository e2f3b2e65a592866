/*
 * lecap run: the nightly job. Under the run lock and the run journal:
 * init (migrations, referential), ingest the inbox, aggregate the campaigns
 * that changed, render the reports whose content changed, send them.
 * Exit code: the worst of the steps — 1 when files were rejected, 3 on a
 * database failure, 5 on an I/O failure or a stop request (SIGTERM/SIGINT).
 */
#include "commands.h"

#include "aggregate/aggregate.h"
#include "referentiel/dbinit.h"
#include "diffusion/diffusion.h"
#include "base/exitcode.h"
#include "ingest/ingest.h"
#include "db/journal.h"
#include "base/log.h"
#include "io/pdf.h"
#include "report.h"
#include "referentiel/referentiel.h"
#include "db/runlock.h"
#include "base/signals.h"

#include <stdlib.h>
#include <string.h>

/* 1 (rejected) does not stop the night; anything worse does. */
static bool fatal(int ret)
{
	return ret != LECAP_OK && ret != LECAP_REJECTED;
}

static int worst(int a, int b)
{
	if (fatal(a))
		return a;
	if (fatal(b))
		return b;
	return a > b ? a : b;
}

static int stopped(void)
{
	log_error("arrêt demandé (signal %d) : le travail en cours est terminé ou annulé", signals_received());
	log_hint("la prochaine exécution reprendra là où celle-ci s'est arrêtée");
	return LECAP_IO;
}

/*
 * The campaigns whose reports to render, ascending; *n of them in *out.
 * all: every campaign with evaluations. Otherwise those whose reports were
 * not all rendered since their last aggregation: the ones this run just
 * aggregated, and those a crashed or stopped run left half rendered.
 */
static int campaigns_to_render(pg_conn *conn, bool all, int **out, size_t *n)
{
	pg_result *res;
	int ret = all ? pg_query(conn, "liste des campagnes évaluées",
				 "SELECT DISTINCT campagne FROM lecap.evaluation ORDER BY 1", 0, NULL, &res)
		      : pg_query(conn, "liste des campagnes aux rapports périmés",
				 "SELECT a.campagne FROM lecap.agregat_campagne a"
				 "  LEFT JOIN lecap.rapport_campagne r ON r.campagne = a.campagne"
				 " WHERE (r.rendu_le IS NULL OR r.rendu_le < a.calcule_le)"
				 "   AND EXISTS (SELECT 1 FROM lecap.evaluation e WHERE e.campagne = a.campagne)"
				 " ORDER BY 1",
				 0, NULL, &res);

	*out = NULL;
	*n = 0;
	if (ret != LECAP_OK)
		return ret;
	if (pg_ntuples(res) > 0) {
		*out = calloc((size_t)pg_ntuples(res), sizeof(int));
		if (!*out) {
			pg_result_free(res);
			return log_fail(LECAP_IO, "mémoire insuffisante");
		}
	}
	for (int i = 0; i < pg_ntuples(res); i++)
		(*out)[(*n)++] = atoi(pg_value(res, i, 0));
	pg_result_free(res);
	return LECAP_OK;
}

/*
 * Renders the reports of the campaigns that need it (campaigns_to_render).
 * Without --all, a member report whose file carries the fingerprint of its
 * data is left as it is (not even drawn); the others, and the territory
 * reports, are drawn and written only when their bytes changed.
 */
static int render_reports(pg_conn *conn, const struct lecap_config *cfg, bool all)
{
	int *camps = NULL;
	size_t n = 0;
	int ret = campaigns_to_render(conn, all, &camps, &n);

	for (size_t i = 0; i < n && ret == LECAP_OK; i++) {
		struct report_request req = {0};
		struct report_counts counts;

		if (signals_stop_requested()) {
			ret = stopped();
			break;
		}
		memset(&counts, 0, sizeof(counts));
		req.campagne = camps[i];
		req.sel = REPORT_ALL;
		req.reuse = !all;
		ret = report_campaign(conn, cfg, &req, &counts);
		test_crash_point("run-entre-deux-campagnes");
		if (ret == LECAP_OK)
			ret = journal_reports_rendered(conn, counts.campagne);
	}
	if (ret == LECAP_OK && n)
		log_info("rapports : %lu écrit(s), %lu inchangé(s)", pdf_files_written(), pdf_files_unchanged());
	free(camps);
	return ret;
}

int cmd_run(struct lecap_ctx *ctx, int argc, char **argv)
{
	ref_set *ref = NULL;
	pg_conn *conn = NULL;
	struct ingest_stats st;
	struct aggregate_params ap;
	struct aggregate_result ar = {0};
	struct journal_counts jc;
	long long exec_id = 0;
	bool locked = false, all = false;
	int ret, step;

	memset(&st, 0, sizeof(st));
	memset(&jc, 0, sizeof(jc));
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--all") == 0)
			all = true;
		else
			return cmd_bad_option(argv[0], argv[i]);
	}
	ret = ref_load(&ctx->cfg, &ref);
	if (ret != LECAP_OK)
		return ret;
	signals_install();
	log_capture_reset();
	ret = ctx_connect(ctx, &conn);
	if (ret == LECAP_OK)
		ret = runlock_acquire(conn, "run");
	if (ret != LECAP_OK)
		goto cleanup;
	locked = true;
	/* The journal lives in the schema: migrate first. */
	ret = dbinit_apply(conn, ref);
	if (ret == LECAP_OK)
		ret = journal_open(conn, "run", &exec_id);
	if (ret != LECAP_OK)
		goto finish;
	test_crash_point("run-apres-init");
	test_pause_point("run-apres-init");

	/* Ingest: a rejected file is reported (1) but the night goes on. */
	step = ingest_dir(conn, &ctx->cfg, ref, ctx->cfg.chemins_entree, exec_id, &st);
	ret = worst(ret, step);
	jc.integres = st.integres;
	jc.rejetes = st.rejetes;
	jc.doublons = st.doublons;
	jc.obsoletes = st.obsoletes;
	ingest_log_summary(&st);
	if (fatal(ret))
		goto finish;
	if (signals_stop_requested()) {
		ret = stopped();
		goto finish;
	}
	test_crash_point("run-apres-ingestion");
	test_pause_point("run-apres-ingestion");
	if (signals_stop_requested()) {
		ret = stopped();
		goto finish;
	}

	/* Aggregate what changed. */
	memset(&ap, 0, sizeof(ap));
	ap.completude_min = ctx->cfg.agregats_completude_min;
	ap.seuil_secret = ctx->cfg.agregats_seuil_secret;
	step = aggregate_run(conn, &ap, &ar);
	ret = worst(ret, step);
	for (size_t i = 0; i < ar.count && jc.ncampagnes < 64; i++)
		jc.campagnes[jc.ncampagnes++] = ar.campagnes[i];
	if (fatal(ret))
		goto finish;
	if (signals_stop_requested()) {
		ret = stopped();
		goto finish;
	}
	test_crash_point("run-apres-agregation");

	/* Reports of the campaigns whose aggregates changed (--all: every
	 * campaign). A PDF whose bytes are unchanged is not rewritten. */
	step = render_reports(conn, &ctx->cfg, all);
	ret = worst(ret, step);
	jc.rapports = (int)pdf_files_written();
	if (fatal(ret))
		goto finish;
	test_crash_point("run-apres-rapports");

	/* Send what changed to the delegates ([diffusion] smtp_url empty: off).
	 * A failed sending is retried next night and never stops the run: it
	 * only makes the exit code 1. */
	if (ctx->cfg.diffusion_smtp_url && *ctx->cfg.diffusion_smtp_url) {
		struct diffusion_summary ds;
		memset(&ds, 0, sizeof(ds));
		step = diffusion_send(conn, &ctx->cfg, 0, NULL, false, &ds);
		ret = worst(ret, step);
	}

	/* Retention, when configured: never the current campaign. */
	if (ctx->cfg.conservation_nuit) {
		step = purger_conservation(conn, &ctx->cfg, false);
		ret = worst(ret, step);
	}

finish:
	if (st.rejetes > 0)
		log_hint("fichiers rejetés : motifs dans %s/<fichier>.erreurs.txt ; « lecap status » les résume",
			 ctx->cfg.chemins_quarantaine);
	if (exec_id && pg_ok(conn) && journal_close(conn, exec_id, &jc, ret) != LECAP_OK && !fatal(ret))
		ret = LECAP_DB;
cleanup:
	if (locked)
		runlock_release(conn);
	aggregate_result_release(&ar);
	pg_close(conn);
	ref_free(ref);
	return ret;
}
