/*
 * lecap report [--campagne ANNÉE] [--region CODE | --national | --entreprise SIRET | --all] [--out RÉP]
 *
 * Checks the selection and calls rapports_campaign() (reports/rapports.c),
 * which renders the PDF reports of one aggregated campaign (default: the
 * latest with evaluations) into [chemins] rapports or RÉP:
 *   <out>/<campagne>/national.pdf
 *   <out>/<campagne>/regions/<code>-<slug>.pdf       each region with evaluations
 *   <out>/<campagne>/entreprises/<region>/<siret>.pdf each evaluated member
 * Without a selection, --all. [rapports] entreprises = non leaves the member
 * reports out of --all (an explicit --entreprise still renders one).
 */
#include "commands.h"

#include "base/exitcode.h"
#include "base/log.h"
#include "db/journal.h"
#include "report.h"

#include <ctype.h>
#include <string.h>

static int usage_error(const char *msg, const char *arg)
{
	log_error("%s « %s »", msg, arg);
	log_hint("lecap report --help décrit les options");
	return LECAP_USAGE;
}

/* --entreprise: 14 digits, spaces ignored, into siret[15]. */
static int parse_siret(const char *v, char siret[15])
{
	size_t k = 0;

	for (const char *p = v; *p; p++) {
		if (*p == ' ')
			continue;
		if (!isdigit((unsigned char)*p) || k >= 14)
			return -1;
		siret[k++] = *p;
	}
	siret[k] = '\0';
	return k == 14 ? 0 : -1;
}

/* The request the options ask for; LECAP_USAGE on a bad selection. */
static int request(const struct command_args *args, struct report_request *req, char siret[15])
{
	const struct command *c = current_command;
	const char *entreprise = command_arg(args, c, "entreprise");
	int nsel = 0;

	memset(req, 0, sizeof(*req));
	req->campagne = args->campagne;
	req->out = command_arg(args, c, "out");
	req->siret = siret;
	if ((req->region = command_arg(args, c, "region")) != NULL) {
		req->sel = REPORT_REGION;
		nsel++;
	}
	if (entreprise) {
		if (parse_siret(entreprise, siret) != 0)
			return usage_error("--entreprise attend un SIRET de 14 chiffres, reçu", entreprise);
		req->sel = REPORT_ENTREPRISE;
		nsel++;
	}
	if (command_arg(args, c, "national")) {
		req->sel = REPORT_NATIONAL;
		nsel++;
	}
	if (command_arg(args, c, "all")) {
		req->sel = REPORT_ALL;
		nsel++;
	}
	if (nsel > 1) {
		log_error("--region, --national, --entreprise et --all s'excluent : choisissez-en un");
		log_hint("sans aucun d'eux, lecap report produit tous les rapports (--all)");
		return LECAP_USAGE;
	}
	return LECAP_OK;
}

int cmd_report_check(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s)
{
	struct report_request req;
	char siret[15] = "";

	(void)ctx;
	(void)s;
	return request(args, &req, siret);
}

int cmd_report(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s)
{
	struct report_request req;
	struct report_counts n;
	char siret[15] = "";
	int ret = request(args, &req, siret);

	if (ret == LECAP_OK)
		ret = rapports_campaign(s->conn, &ctx->cfg, &req, &n);
	/* Every report into the configured directory: lecap status may call
	 * them up to date. */
	if (ret == LECAP_OK && req.sel == REPORT_ALL && !req.out && ctx->cfg.rapports_entreprises) {
		char facts[REPORT_FACTS_SIZE];
		rapports_render_facts(&ctx->cfg, facts, sizeof facts);
		ret = journal_reports_rendered(s->conn, n.campagne, facts);
	}
	return ret;
}
