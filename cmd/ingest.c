/*
 * lecap ingest [--reintegrer] [RÉPERTOIRE]: loads every export of the inbox
 * ([chemins] entree by default), under the run lock and the run journal:
 * the ingest step of cmd/run.c. The work itself is src/ingest/.
 */
#include "commands.h"

#include "base/exitcode.h"
#include "base/log.h"
#include "ingest/ingest.h"

int cmd_ingest_check(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s)
{
	(void)ctx;
	(void)s;
	if (args->npos > 1) {
		log_error("lecap ingest attend au plus un répertoire");
		log_hint("usage : lecap ingest [--reintegrer] [RÉPERTOIRE]");
		return LECAP_USAGE;
	}
	return LECAP_OK;
}

/* The grid in the database is the one read from [referentiel]. */
int cmd_ingest_prepare(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s)
{
	(void)ctx;
	(void)args;
	return ingest_check_referential(s->conn, s->ref);
}

int cmd_ingest(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s)
{
	int ret = step_ingest(ctx, s, args->npos ? args->pos[0] : ctx->cfg.chemins_entree,
			      command_arg(args, current_command, "reintegrer") != NULL);

	if (s->counts.rejetes > 0)
		log_hint("les motifs de rejet sont dans %s/<fichier>.erreurs.txt", ctx->cfg.chemins_quarantaine);
	return ret;
}
