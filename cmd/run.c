/*
 * lecap run: the nightly job, the list of its steps. Under the run lock and
 * the run journal (cmd/lecap.c): init (migrations, functions and views,
 * referential), ingest the inbox, aggregate the campaigns that changed,
 * render the reports whose content changed, send them. Each step is also
 * the work of its own command (lecap ingest, aggregate, send).
 * Exit code: the worst of the steps — 1 when files were rejected, 3 on a
 * database failure, 5 on an I/O failure or a stop request (SIGTERM/SIGINT).
 */
#include "commands.h"

#include "aggregate/aggregate.h"
#include "base/exitcode.h"
#include "base/fmt.h"
#include "base/log.h"
#include "base/signals.h"
#include "db/journal.h"
#include "diffusion/destinataire.h"
#include "diffusion/diffusion.h"
#include "ingest/ingest.h"
#include "io/pdf.h"
#include "referentiel/dbinit.h"
#include "report.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The night's clock: its start (cmd_run_check, before the lock and init)
 * and each step's seconds, said in one line at the end. */
enum night_step { NIGHT_INIT, NIGHT_INGEST, NIGHT_AGGREGATE, NIGHT_REPORTS, NIGHT_SEND, NIGHT_STEPS };
static struct timespec night_start, lap_start;
static double night_seconds[NIGHT_STEPS];

static double seconds_between(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

/* The seconds since the last lap are step's. */
static void lap(enum night_step step)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	night_seconds[step] += seconds_between(&lap_start, &now);
	lap_start = now;
}

/* « nuit en 35,9 s : init 0,4 s, ingestion 1,9 s, … » (docs/performance.md). */
static void log_night_times(void)
{
	static const char *const names[NIGHT_STEPS] = {"init", "ingestion", "agrégation", "rapports",
							"envoi et conservation"};
	char total[FMT_SIZE], list[NIGHT_STEPS * (FMT_SIZE + 32)], v[FMT_SIZE];
	struct timespec now;
	size_t used = 0;

	clock_gettime(CLOCK_MONOTONIC, &now);
	list[0] = '\0';
	for (int i = 0; i < NIGHT_STEPS; i++)
		used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s %s s", i ? ", " : "", names[i],
					 fmt_decimal(v, sizeof v, night_seconds[i], 2));
	log_info("nuit en %s s : %s", fmt_decimal(total, sizeof total, seconds_between(&night_start, &now), 2),
		 list);
}

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

/* A stop requested: the step in progress is over, the next does not start. */
static int check_stop(int ret)
{
	return !fatal(ret) && signals_stop_requested() ? stopped() : ret;
}

int step_ingest(struct lecap_ctx *ctx, struct command_session *s, const char *dir, bool reintegrate)
{
	struct ingest_stats st;
	int ret;

	memset(&st, 0, sizeof(st));
	ret = reintegrate ? ingest_dir_reintegrating(s->conn, &ctx->cfg, s->ref, dir, s->exec_id, &st)
			  : ingest_dir(s->conn, &ctx->cfg, s->ref, dir, s->exec_id, &st);
	s->counts.integres = st.integres;
	s->counts.rejetes = st.rejetes;
	s->counts.doublons = st.doublons;
	s->counts.obsoletes = st.obsoletes;
	ingest_log_summary(&st);
	return ret;
}

/* aggregate_params.connect: one more connection, as the command's own. */
static int aggregate_connect(void *arg, pg_conn **out)
{
	return ctx_connect(arg, out);
}

/* all_reason: what --all's campaigns are said to be recomputed for (NULL:
 * « --all demandé »). */
static int aggregate_step(struct lecap_ctx *ctx, struct command_session *s, bool all, int campagne,
			  const char *all_reason)
{
	struct aggregate_params params;
	struct aggregate_result result = {0};
	int ret;

	memset(&params, 0, sizeof(params));
	params.all = all;
	params.campagne = campagne;
	params.all_reason = all_reason;
	params.completude_min = ctx->cfg.agregats_completude_min;
	params.seuil_secret = ctx->cfg.agregats_seuil_secret;
	/* More connections: --all's campaigns computed at once, the final
	 * ANALYZE in two halves. */
	params.connect = aggregate_connect;
	params.connect_arg = ctx;
	ret = aggregate_run(s->conn, &params, &result);
	for (size_t i = 0; i < result.count && s->counts.ncampagnes < 64; i++)
		s->counts.campagnes[s->counts.ncampagnes++] = result.campagnes[i];
	aggregate_result_release(&result);
	return ret;
}

int step_aggregate(struct lecap_ctx *ctx, struct command_session *s, bool all, int campagne)
{
	return aggregate_step(ctx, s, all, campagne, NULL);
}

/*
 * The night's aggregation: the campaigns that changed, one after the other.
 * On a database never aggregated (the first night) every campaign is new:
 * the same work as aggregate --all, which computes up to three campaigns at
 * once, one per connection (docs/performance.md, « La nuit complète »).
 */
static int night_aggregate(struct lecap_ctx *ctx, struct command_session *s)
{
	bool never = false;
	int ret = journal_never_aggregated(s->conn, &never);

	if (ret != LECAP_OK)
		return ret;
	if (never)
		log_debug("première agrégation : toutes les campagnes depuis zéro, deux à la fois");
	return aggregate_step(ctx, s, never, 0, never ? "jamais agrégée" : NULL);
}

/*
 * Renders the reports of the campaigns that need it
 * (journal_campaigns_to_render). Without all, a member report whose file
 * carries the fingerprint of its data is left as it is (not even drawn);
 * the others, and the territory reports, are drawn and written only when
 * their bytes changed.
 */
int step_reports(struct lecap_ctx *ctx, struct command_session *s, bool all)
{
	int *camps = NULL;
	size_t n = 0;
	char facts[REPORT_FACTS_SIZE];
	rapports_render_facts(&ctx->cfg, facts, sizeof facts);
	int ret = journal_campaigns_to_render(s->conn, all, facts, &camps, &n);

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
		ret = rapports_campaign(s->conn, &ctx->cfg, &req, &counts);
		test_crash_point("run-entre-deux-campagnes");
		if (ret == LECAP_OK)
			ret = journal_reports_rendered(s->conn, counts.campagne, facts);
	}
	if (ret == LECAP_OK && n)
		log_info("rapports : %lu écrit(s), %lu inchangé(s)", pdf_files_written(), pdf_files_unchanged());
	free(camps);
	camps = NULL;
	/* A campaign left without any evaluation: its reports go. */
	if (ret == LECAP_OK)
		ret = journal_campaigns_emptied(s->conn, &camps, &n);
	for (size_t i = 0; i < n && ret == LECAP_OK; i++) {
		int removed;

		ret = rapports_campaign_emptied(&ctx->cfg, camps[i], &removed);
		if (ret == LECAP_OK)
			ret = journal_reports_rendered(s->conn, camps[i], facts);
	}
	s->counts.rapports = (int)pdf_files_written();
	free(camps);
	return ret;
}

/* Erases the addresses of members gone from the registry for longer than
 * [diffusion] conservation (even with the diffusion off), then sends what
 * changed ([diffusion] smtp_url empty: off). */
int step_send(struct lecap_ctx *ctx, struct command_session *s)
{
	struct diffusion_summary ds;
	int ret = destinataire_erase_contacts(s->conn, ctx->cfg.diffusion_conservation);

	if (ret != LECAP_OK)
		return ret;
	if (!ctx->cfg.diffusion_smtp_url || !*ctx->cfg.diffusion_smtp_url)
		return LECAP_OK;
	memset(&ds, 0, sizeof(ds));
	return diffusion_send(s->conn, &ctx->cfg, 0, NULL, false, &ds);
}

/* The errors kept for the journal line are this run's only. */
int cmd_run_check(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s)
{
	(void)ctx;
	(void)args;
	(void)s;
	log_capture_reset();
	clock_gettime(CLOCK_MONOTONIC, &night_start);
	lap_start = night_start;
	memset(night_seconds, 0, sizeof(night_seconds));
	return LECAP_OK;
}

/* The journal lives in the schema: migrate first. */
int cmd_run_prepare(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s)
{
	int ret;

	(void)args;
	ret = dbinit_apply(s->conn, s->ref, ctx->cfg.referentiel_vision);
	lap(NIGHT_INIT);
	return ret;
}

int cmd_run(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s)
{
	bool all = command_arg(args, current_command, "all") != NULL;
	int ret = LECAP_OK;

	test_crash_point("run-apres-init");
	test_pause_point("run-apres-init");

	/* Ingest: a rejected file is reported (1) but the night goes on. */
	ret = worst(ret, step_ingest(ctx, s, ctx->cfg.chemins_entree, false));
	lap(NIGHT_INGEST);
	ret = check_stop(ret);
	if (!fatal(ret)) {
		test_crash_point("run-apres-ingestion");
		test_pause_point("run-apres-ingestion");
		ret = check_stop(ret);
	}
	/* Aggregate what changed. */
	if (!fatal(ret))
		ret = check_stop(worst(ret, night_aggregate(ctx, s)));
	lap(NIGHT_AGGREGATE);
	if (!fatal(ret))
		test_crash_point("run-apres-agregation");
	/* Reports of the campaigns whose aggregates changed (--all: every
	 * campaign). A PDF whose bytes are unchanged is not rewritten. */
	if (!fatal(ret))
		ret = worst(ret, step_reports(ctx, s, all));
	lap(NIGHT_REPORTS);
	if (!fatal(ret))
		test_crash_point("run-apres-rapports");
	/* A failed sending is retried next night and never stops the run: it
	 * only makes the exit code 1. */
	if (!fatal(ret))
		ret = worst(ret, step_send(ctx, s));
	/* Retention, when configured: never the current campaign. */
	if (!fatal(ret) && ctx->cfg.conservation_nuit)
		ret = worst(ret, purger_conservation(s->conn, &ctx->cfg, false));
	lap(NIGHT_SEND);

	if (s->counts.rejetes > 0)
		log_hint("fichiers rejetés : motifs dans %s/<fichier>.erreurs.txt ; « lecap status » les résume",
			 ctx->cfg.chemins_quarantaine);
	if (!fatal(ret))
		log_night_times();
	return ret;
}
