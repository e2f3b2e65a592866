/*
 * lecap report [--campagne ANNÉE] [--region CODE | --national | --entreprise SIRET | --all] [--out RÉP]
 *
 * Parses the options and calls report_campaign() (reports/rapports.c), which
 * renders the PDF reports of one aggregated campaign (default: the latest
 * with evaluations) into [chemins] rapports or RÉP:
 *   <out>/<campagne>/national.pdf
 *   <out>/<campagne>/regions/<code>-<slug>.pdf       each region with evaluations
 *   <out>/<campagne>/entreprises/<region>/<siret>.pdf each evaluated member
 * Without a selection, --all. [rapports] entreprises = non leaves the member
 * reports out of --all (an explicit --entreprise still renders one).
 */
#include "commands.h"

#include "base/exitcode.h"
#include "db/journal.h"
#include "base/log.h"
#include "report.h"
#include "base/signals.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


struct options {
	int campagne; /* 0: latest */
	enum report_selection sel;
	const char *region;
	char siret[15];
	const char *out;
};

static int usage_error(const char *msg, const char *arg)
{
	log_error("%s « %s »", msg, arg);
	log_hint("lecap report --help décrit les options");
	return LECAP_USAGE;
}

static int parse(int argc, char **argv, struct options *o)
{
	int nsel = 0;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = NULL;
		size_t n;
		const char *longs[] = {"--campagne", "--region", "--entreprise", "--out"};
		int which = -1;

		for (int k = 0; k < 4; k++) {
			n = strlen(longs[k]);
			if (strcmp(a, longs[k]) == 0) {
				if (i + 1 >= argc) {
					log_error("l'option %s attend une valeur", a);
					log_hint("lecap report --help décrit les options");
					return LECAP_USAGE;
				}
				v = argv[++i];
				which = k;
			} else if (strncmp(a, longs[k], n) == 0 && a[n] == '=') {
				v = a + n + 1;
				which = k;
			}
			if (which >= 0)
				break;
		}
		if (which == 0) {
			char *end;
			long y = strtol(v, &end, 10);
			if (*v == '\0' || *end != '\0' || y < 2000 || y > 2100)
				return usage_error("--campagne attend une année (2000 à 2100), reçu", v);
			o->campagne = (int)y;
		} else if (which == 1) {
			o->sel = REPORT_REGION;
			o->region = v;
			nsel++;
		} else if (which == 2) {
			size_t k = 0;
			for (const char *p = v; *p; p++) {
				if (*p == ' ')
					continue;
				if (!isdigit((unsigned char)*p) || k >= 14)
					return usage_error("--entreprise attend un SIRET de 14 chiffres, reçu", v);
				o->siret[k++] = *p;
			}
			if (k != 14)
				return usage_error("--entreprise attend un SIRET de 14 chiffres, reçu", v);
			o->siret[k] = '\0';
			o->sel = REPORT_ENTREPRISE;
			nsel++;
		} else if (which == 3) {
			o->out = v;
		} else if (strcmp(a, "--national") == 0) {
			o->sel = REPORT_NATIONAL;
			nsel++;
		} else if (strcmp(a, "--all") == 0) {
			o->sel = REPORT_ALL;
			nsel++;
		} else {
			return cmd_bad_option("report", a);
		}
	}
	if (nsel > 1) {
		log_error("--region, --national, --entreprise et --all s'excluent : choisissez-en un");
		log_hint("sans aucun d'eux, lecap report produit tous les rapports (--all)");
		return LECAP_USAGE;
	}
	return LECAP_OK;
}

int cmd_report(struct lecap_ctx *ctx, int argc, char **argv)
{
	struct options o = {0};
	struct report_counts n;
	pg_conn *conn = NULL;
	int ret;

	if ((ret = parse(argc, argv, &o)))
		return ret;
	struct report_request req = {.campagne = o.campagne, .sel = o.sel,
				     .region = o.region, .siret = o.siret, .out = o.out};
	if ((ret = ctx_connect(ctx, &conn)))
		return ret;
	signals_install();
	ret = report_campaign(conn, &ctx->cfg, &req, &n);
	/* Every report into the configured directory: lecap status may call
	 * them up to date. */
	if (ret == LECAP_OK && req.sel == REPORT_ALL && !req.out && ctx->cfg.rapports_entreprises)
		ret = journal_reports_rendered(conn, n.campagne);
	pg_close(conn);
	return ret;
}
