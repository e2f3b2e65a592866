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
#include "diffusion/destinataire.h"
#include "base/log.h"
#include "ingest/quarantaine.h"
#include "base/report_path.h"
#include "base/text.h"
#include "ingest/effacement.h"
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
	char path[4096];
	struct stat st;

	if (report_path_region(path, sizeof(path), cfg->chemins_rapports, atoi(campagne), code, libelle) ||
	    stat(path, &st) != 0)
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

/* A member's erasure interrupted after its commit (src/ingest/effacement.h):
 * its files still to erase. Said only when there are some, and only to a
 * login that may read them (the paths name members). */
static int print_pending_erasure(pg_conn *conn)
{
	pg_result *res;
	int ret = effacement_pending(conn, &res);

	if (ret != LECAP_OK || !res)
		return ret;
	if (strcmp(pg_value(res, 0, 0), "0") != 0)
		printf("\nEffacement d'adhérent interrompu : %s fichier(s) restent à effacer (décidé le %s) ; "
		       "lecap purger, ou toute commande qui prend le verrou d'exécution, les efface\n",
		       pg_value(res, 0, 0), pg_value(res, 0, 1));
	pg_result_free(res);
	return LECAP_OK;
}

/* The quarantine grouped by reason (cmd/quarantaine.c). */
static int print_quarantine(const char *dir)
{
	struct quarantine_list l;
	int ret = quarantaine_list(dir, &l);

	if (ret != LECAP_OK)
		return ret;
	printf("\n");
	quarantine_print(stdout, dir, &l);
	quarantaine_list_release(&l);
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

int cmd_status(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s)
{
	int ret;

	(void)args;
	ret = print_runs(s->conn);
	if (ret == LECAP_OK)
		ret = print_holdings(s->conn, &ctx->cfg);
	if (ret == LECAP_OK)
		ret = print_pending_erasure(s->conn);
	if (ret == LECAP_OK)
		ret = destinataire_print_refused(s->conn);
	if (ret == LECAP_OK)
		ret = print_quarantine(ctx->cfg.chemins_quarantaine);
	if (ret == LECAP_OK)
		ret = print_inbox(&ctx->cfg);
	return ret;
}
