/*
 * lecap ingest [RÉPERTOIRE]: loads every export of the inbox ([chemins]
 * entree by default), one transaction per file, under the run lock and the
 * run journal (lecap.execution). The work itself is src/ingest.c.
 */
#include "commands.h"

#include "base/exitcode.h"
#include "ingest/ingest.h"
#include "db/journal.h"
#include "base/log.h"
#include "referentiel/referentiel.h"
#include "db/runlock.h"
#include "base/signals.h"

#include <stdio.h>
#include <string.h>

int cmd_ingest(struct lecap_ctx *ctx, int argc, char **argv)
{
	const char *dir = NULL;
	ref_set *ref = NULL;
	pg_conn *conn = NULL;
	struct ingest_stats st;
	long long exec_id = 0;
	bool locked = false, reintegrate = false;
	int ret;

	memset(&st, 0, sizeof(st));
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--reintegrer") == 0) {
			reintegrate = true;
			continue;
		}
		if (argv[i][0] == '-' && argv[i][1] != '\0')
			return cmd_bad_option(argv[0], argv[i]);
		if (dir) {
			log_error("lecap ingest attend au plus un répertoire");
			log_hint("usage : lecap ingest [--reintegrer] [RÉPERTOIRE]");
			return LECAP_USAGE;
		}
		dir = argv[i];
	}
	if (!dir)
		dir = ctx->cfg.chemins_entree;
	ret = ref_load(&ctx->cfg, &ref);
	if (ret != LECAP_OK)
		return ret;
	signals_install();
	ret = ctx_connect(ctx, &conn);
	if (ret == LECAP_OK)
		ret = runlock_acquire(conn, "ingest");
	if (ret != LECAP_OK)
		goto cleanup;
	locked = true;
	ret = ingest_check_referential(conn, ref);
	if (ret == LECAP_OK)
		ret = journal_open(conn, "ingest", &exec_id);
	if (ret != LECAP_OK)
		goto cleanup;
	ret = reintegrate ? ingest_dir_reintegrating(conn, &ctx->cfg, ref, dir, exec_id, &st)
			  : ingest_dir(conn, &ctx->cfg, ref, dir, exec_id, &st);
	ingest_log_summary(&st);
	if (st.rejetes > 0)
		log_hint("les motifs de rejet sont dans %s/<fichier>.erreurs.txt", ctx->cfg.chemins_quarantaine);
	if (pg_ok(conn)) {
		struct journal_counts jc;
		memset(&jc, 0, sizeof(jc));
		jc.integres = st.integres;
		jc.rejetes = st.rejetes;
		jc.doublons = st.doublons;
		jc.obsoletes = st.obsoletes;
		if (journal_close(conn, exec_id, &jc, ret) != LECAP_OK && ret == LECAP_OK)
			ret = LECAP_DB;
	}
cleanup:
	if (locked)
		runlock_release(conn);
	pg_close(conn);
	ref_free(ref);
	return ret;
}
