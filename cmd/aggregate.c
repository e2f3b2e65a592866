/* lecap aggregate: recomputes the scores and aggregates of the campaigns
 * that changed (--all: every campaign; --campagne: that one, then the later
 * ones it makes stale): the aggregate step of cmd/run.c. */
#include "commands.h"

#include "base/exitcode.h"
#include "base/log.h"

int cmd_aggregate_check(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s)
{
	(void)s;
	if (command_arg(args, current_command, "all") && args->campagne) {
		log_error("--campagne et --all s'excluent");
		log_hint("usage : lecap aggregate [--campagne ANNÉE | --all]");
		return LECAP_USAGE;
	}
	if (ctx->cfg.agregats_seuil_secret < 1) {
		log_error("[agregats] seuil_secret doit valoir au moins 1 (lu : %d)", ctx->cfg.agregats_seuil_secret);
		log_hint("corrigez la configuration ; 5 est la valeur par défaut");
		return LECAP_USAGE;
	}
	return LECAP_OK;
}

int cmd_aggregate(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s)
{
	return step_aggregate(ctx, s, command_arg(args, current_command, "all") != NULL, args->campagne);
}
