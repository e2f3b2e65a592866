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
#include "base/text.h"
#include "ingest/ingest.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

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

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The inbox: what the next run will read, and what it will leave (files
 * still being uploaded: by their name, or changed within [ingestion]
 * age_min). */
static int print_inbox(const struct lecap_config *cfg)
{
	const char *dir = cfg->chemins_entree;
	DIR *d = opendir(dir);
	struct dirent *e;
	struct timespec ts;
	char **names = NULL;
	size_t n = 0, cap = 0, ready = 0;
	int ret = LECAP_OK;

	printf("\nBoîte de réception (%s) :\n", dir);
	if (!d) {
		if (errno == ENOENT) {
			printf("  vide\n");
			return LECAP_OK;
		}
		return log_fail(LECAP_IO, "%s : lecture de la boîte de réception impossible : %s", dir,
				strerror(errno));
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || ends_with(e->d_name, ".erreurs.txt"))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			char **p = realloc(names, cap * sizeof(*p));
			if (!p) {
				ret = log_fail(LECAP_IO, "mémoire insuffisante");
				goto cleanup;
			}
			names = p;
		}
		if (!(names[n] = strdup(e->d_name))) {
			ret = log_fail(LECAP_IO, "mémoire insuffisante");
			goto cleanup;
		}
		n++;
	}
	if (n > 1)
		qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n; i++) {
		char path[4096], *shown;
		struct stat st;
		double age;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
			ready++;
			continue;
		}
		age = ingest_file_age(&st, (double)ts.tv_sec + ts.tv_nsec / 1e9);
		if (!ingest_name_partial(names[i]) &&
		    (cfg->ingestion_age_min == 0 || age >= (double)cfg->ingestion_age_min)) {
			ready++;
			continue;
		}
		shown = text_shown_name(names[i]);
		if (ingest_name_partial(names[i]))
			printf("  %s — dépôt en cours (nom en .part, .tmp, .crdownload ou ~) : jamais lu, "
			       "intégré une fois renommé\n", shown ? shown : "?");
		else
			printf("  %s — modifié il y a %.0f s, moins de %ld s ([ingestion] age_min) : dépôt "
			       "peut-être en cours, laissé pour l'exécution suivante\n", shown ? shown : "?",
			       age < 0 ? 0 : age, cfg->ingestion_age_min);
		free(shown);
	}
	if (n == 0)
		printf("  vide\n");
	else
		printf("  %zu fichier(s) à lire à la prochaine exécution\n", ready);
cleanup:
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(d);
	return ret;
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
	if (ret == LECAP_OK)
		ret = print_inbox(&ctx->cfg);
	pg_close(conn);
	return ret;
}
