/*
 * lecap status: what the operator wants to know in the morning — the last
 * runs, what the database holds per campaign and region (evaluations,
 * complete ones, whether the aggregates and the region's report are up to
 * date), what sits in quarantine and why.
 */
#include "commands.h"

#include "aggregate/aggregate.h"
#include "base/exitcode.h"
#include "db/journal.h"
#include "base/log.h"
#include "ingest/quarantaine.h"
#include "report.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int print_runs(pg_conn *conn)
{
	pg_result *res;
	int ret = journal_recent_runs(conn, 10, &res);

	if (ret != LECAP_OK)
		return ret;
	printf("Dernières exécutions :\n");
	if (pg_ntuples(res) == 0)
		printf("  aucune\n");
	for (int i = 0; i < pg_ntuples(res); i++)
		printf("  #%s %-9s %s  durée %s  code %s  fichiers : %s intégrés, %s rejetés, "
		       "%s doublons, %s obsolètes ; campagnes agrégées : %s ; rapports : %s\n",
		       pg_value(res, i, 0), pg_value(res, i, 1), pg_value(res, i, 2), pg_value(res, i, 3),
		       pg_value(res, i, 4), pg_value(res, i, 5), pg_value(res, i, 6), pg_value(res, i, 7),
		       pg_value(res, i, 8), *pg_value(res, i, 10) ? pg_value(res, i, 10) : "aucune",
		       pg_value(res, i, 9));
	pg_result_free(res);
	return LECAP_OK;
}

/* The region's report of a campaign: "absent" when its file is missing,
 * "à jour" when the campaign's reports are up to date
 * (lecap.rapports_a_jour), "périmé" otherwise. */
static const char *report_state(const struct lecap_config *cfg, const char *campagne, const char *code,
				const char *libelle, bool rendered_after)
{
	char file[256], path[4096];
	struct stat st;

	report_region_file(file, sizeof(file), code, libelle);
	snprintf(path, sizeof(path), "%s/%s/regions/%s", cfg->chemins_rapports, campagne, file);
	if (stat(path, &st) != 0)
		return "absent";
	return rendered_after ? "à jour" : "périmé";
}

static int print_holdings(pg_conn *conn, const struct lecap_config *cfg)
{
	pg_result *res;
	int ret = aggregate_holdings(conn, cfg->agregats_completude_min, cfg->agregats_seuil_secret, &res);

	if (ret != LECAP_OK)
		return ret;
	printf("\nÉvaluations en base, par campagne et région :\n");
	if (pg_ntuples(res) == 0)
		printf("  aucune\n");
	for (int i = 0; i < pg_ntuples(res); i++) {
		const char *camp = pg_value(res, i, 0), *name = pg_value(res, i, 2);
		const char *stale = pg_value(res, i, 5);
		int chars = 0;

		if (i == 0 || strcmp(camp, pg_value(res, i - 1, 0)) != 0) {
			if (*stale)
				printf("  campagne %s : agrégats périmés (%s) ; lancez lecap run\n", camp, stale);
			else
				printf("  campagne %s : agrégats à jour\n", camp);
		}
		/* Pad by characters, not bytes: region names carry accents. */
		for (const char *p = name; *p; p++)
			chars += ((unsigned char)*p & 0xC0) != 0x80;
		printf("    %s %s%*s %s évaluée(s), %s complète(s) ; rapport %s\n", pg_value(res, i, 1), name,
		       chars < 28 ? 28 - chars : 0, "", pg_value(res, i, 3), pg_value(res, i, 4),
		       *stale ? "périmé" : report_state(cfg, camp, pg_value(res, i, 1), name,
							 strcmp(pg_value(res, i, 6), "t") == 0));
	}
	pg_result_free(res);
	return LECAP_OK;
}

/* The quarantine grouped by reason (cmd/quarantaine.c). */
static int print_quarantine(const char *dir)
{
	struct quarantine_list l;
	int ret = quarantine_list(dir, &l);

	if (ret != LECAP_OK)
		return ret;
	printf("\n");
	quarantine_print(stdout, dir, &l);
	quarantine_list_release(&l);
	return LECAP_OK;
}

int cmd_status(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s)
{
	int ret;

	(void)args;
	ret = print_runs(s->conn);
	if (ret == LECAP_OK)
		ret = print_holdings(s->conn, &ctx->cfg);
	if (ret == LECAP_OK)
		ret = print_quarantine(ctx->cfg.chemins_quarantaine);
	return ret;
}
