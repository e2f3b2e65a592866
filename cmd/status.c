/*
 * lecap status: what the operator wants to know in the morning — the last
 * runs, what the database holds per campaign and region (evaluations,
 * complete ones, whether the aggregates and the region's report are up to
 * date), what sits in quarantine and why.
 */
#include "commands.h"

#include "base/exitcode.h"
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
	int ret = pg_query(conn, "lecture du journal des exécutions",
			   "SELECT id, commande, to_char(debut, 'DD/MM/YYYY HH24:MI:SS'), "
			   "coalesce(to_char(fin - debut, 'HH24:MI:SS'), 'en cours ou interrompue'), "
			   "coalesce(code_sortie::text, '-'), fichiers_integres, fichiers_rejetes, "
			   "fichiers_doublons, fichiers_obsoletes, rapports_ecrits, "
			   "array_to_string(campagnes_agregees, ',') "
			   "FROM lecap.execution ORDER BY id DESC LIMIT 10",
			   0, NULL, &res);
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
 * "à jour" when the campaign's reports were all rendered after its last
 * aggregation (lecap.rapport_campagne), "périmé" otherwise. An unchanged PDF
 * keeps its old mtime, so the file's date cannot tell. */
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
	char cmin[32], seuil[16];
	const char *params[2] = {cmin, seuil};
	pg_result *res;
	int ret;

	snprintf(cmin, sizeof(cmin), "%.6f", cfg->agregats_completude_min);
	snprintf(seuil, sizeof(seuil), "%d", cfg->agregats_seuil_secret);
	ret = pg_query(conn, "lecture des évaluations par campagne et région",
		       "SELECT e.campagne, e.region, r.libelle, count(*), "
		       "       coalesce(max(p.n_completes)::text, '?'), "
		       "       coalesce(lecap.campagne_perimee(e.campagne, $1::numeric, $2::int), ''), "
		       "       coalesce(bool_and(rc.rendu_le >= a.calcule_le), false) "
		       "FROM lecap.evaluation e JOIN lecap.region r ON r.code = e.region "
		       "LEFT JOIN lecap.v_participation p ON p.campagne = e.campagne AND p.region = e.region "
		       "LEFT JOIN lecap.agregat_campagne a ON a.campagne = e.campagne "
		       "LEFT JOIN lecap.rapport_campagne rc ON rc.campagne = e.campagne "
		       "GROUP BY 1, 2, 3 ORDER BY 1 DESC, 2",
		       2, params, &res);
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

int cmd_status(struct lecap_ctx *ctx, int argc, char **argv)
{
	pg_conn *conn = NULL;
	int ret;

	for (int i = 1; i < argc; i++)
		return cmd_bad_option(argv[0], argv[i]);
	ret = ctx_connect(ctx, &conn);
	if (ret != LECAP_OK)
		return ret;
	ret = print_runs(conn);
	if (ret == LECAP_OK)
		ret = print_holdings(conn, &ctx->cfg);
	if (ret == LECAP_OK)
		ret = print_quarantine(ctx->cfg.chemins_quarantaine);
	pg_close(conn);
	return ret;
}
