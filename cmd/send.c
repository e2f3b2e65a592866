/*
 * lecap send: e-mails each active recipient the report of its region when
 * it changed since the last successful sending (src/diffusion/diffusion.h).
 *
 *   lecap send [--campagne ANNÉE] [--region CODE] [--dry-run [--out RÉP]]
 *
 * A simulation (--dry-run) writes no journal line.
 */
#include "commands.h"

#include "base/exitcode.h"
#include "base/log.h"
#include "diffusion/destinataire.h"
#include "diffusion/diffusion.h"

#include <stdio.h>
#include <string.h>

int cmd_send_check(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s)
{
	const char *region = command_arg(args, current_command, "region");
	const char *out_dir = command_arg(args, current_command, "out");
	bool dry_run = command_arg(args, current_command, "dry-run") != NULL;

	if (region && !*region) {
		log_error("l'option --region attend un code de région ou FR");
		log_hint("exemple : lecap send --region 84");
		return LECAP_USAGE;
	}
	if (out_dir && !*out_dir) {
		log_error("l'option --out attend un répertoire");
		return LECAP_USAGE;
	}
	if (out_dir && !dry_run) {
		log_error("--out ne s'emploie qu'avec --dry-run");
		log_hint("usage : lecap send [--campagne ANNÉE] [--region CODE] [--dry-run [--out RÉP]]");
		return LECAP_USAGE;
	}
	if (!dry_run && !*ctx->cfg.diffusion_smtp_url) {
		log_error("diffusion désactivée : [diffusion] smtp_url est vide");
		log_hint("indiquez le serveur dans lecap.conf (smtp_url = smtp://hôte:587), "
			 "ou essayez lecap send --dry-run");
		return LECAP_USAGE;
	}
	if (dry_run)
		s->skip = CMD_JOURNAL;
	return LECAP_OK;
}

/* The digests' line of the summary, when any delegate was considered. */
static void print_digests(const struct diffusion_summary *sum, bool dry_run)
{
	if (sum->digests_sent + sum->digests_quiet + sum->digests_not_due + sum->digests_failed == 0)
		return;
	if (dry_run)
		printf("synthèses des délégués : %d message(s) écrit(s), %d sans nouveauté, %d pas encore due(s)\n",
		       sum->digests_sent, sum->digests_quiet, sum->digests_not_due);
	else
		printf("synthèses des délégués : %d envoyée(s), %d sans nouveauté, %d pas encore due(s), %d en échec\n",
		       sum->digests_sent, sum->digests_quiet, sum->digests_not_due, sum->digests_failed);
}

int cmd_send(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s)
{
	struct diffusion_summary sum;
	bool dry_run = command_arg(args, current_command, "dry-run") != NULL;
	int ret = dry_run ? LECAP_OK : destinataire_erase_contacts(s->conn, ctx->cfg.diffusion_conservation);

	if (ret != LECAP_OK)
		return ret;
	ret = diffusion_send_to(s->conn, &ctx->cfg, args->campagne, command_arg(args, current_command, "region"),
				    dry_run, command_arg(args, current_command, "out"), &sum);

	if (sum.campagne && !sum.unreachable && (ret == LECAP_OK || ret == LECAP_REJECTED)) {
		if (dry_run)
			printf("simulation, campagne %d : %d message(s) écrit(s), %d inchangé(s), %d sans rapport\n",
			       sum.campagne, sum.sent, sum.unchanged, sum.missing);
		else
			printf("diffusion, campagne %d : %d envoyé(s), %d inchangé(s), %d en échec, %d sans rapport\n",
			       sum.campagne, sum.sent, sum.unchanged, sum.failed, sum.missing);
		if (sum.notices_sent > 0)
			printf("avis de rejet aux adhérents : %d %s\n", sum.notices_sent,
			       dry_run ? "message(s) écrit(s)" : "envoyé(s)");
		if (sum.members_sent + sum.members_unchanged + sum.members_failed + sum.members_missing > 0) {
			if (dry_run)
				printf("photographies des adhérents : %d message(s) écrit(s), %d inchangée(s), "
				       "%d sans photographie\n", sum.members_sent, sum.members_unchanged,
				       sum.members_missing);
			else
				printf("photographies des adhérents : %d envoyée(s), %d inchangée(s), %d en échec, "
				       "%d sans photographie\n", sum.members_sent, sum.members_unchanged,
				       sum.members_failed, sum.members_missing);
		}
	}
	if (!sum.unreachable && (ret == LECAP_OK || ret == LECAP_REJECTED)) {
		print_digests(&sum, dry_run);
		if (sum.deferred > 0)
			printf("reporté(s) à la prochaine exécution ([diffusion] duree_max atteinte) : %d message(s)\n",
			       sum.deferred);
	}
	return ret;
}
