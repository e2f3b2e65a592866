/*
 * lecap status: what the operator wants to know in the morning — the last
 * runs, what the database holds per campaign and region, what sits in
 * quarantine and why.
 */
#include "commands.h"

#include "exitcode.h"
#include "log.h"

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

static int print_holdings(pg_conn *conn)
{
	pg_result *res;
	int ret = pg_query(conn, "lecture des évaluations par campagne et région",
			   "SELECT e.campagne, e.region, r.libelle, count(*) "
			   "FROM lecap.evaluation e JOIN lecap.region r ON r.code = e.region "
			   "GROUP BY 1, 2, 3 ORDER BY 1 DESC, 2",
			   0, NULL, &res);
	if (ret != LECAP_OK)
		return ret;
	printf("\nÉvaluations en base, par campagne et région :\n");
	if (pg_ntuples(res) == 0)
		printf("  aucune\n");
	for (int i = 0; i < pg_ntuples(res); i++)
		printf("  %s  %s %-28s %s évaluée(s)\n", pg_value(res, i, 0), pg_value(res, i, 1),
		       pg_value(res, i, 2), pg_value(res, i, 3));
	pg_result_free(res);
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

/* Lists the quarantine directory: each file with the first of its reasons. */
static int print_quarantine(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;
	int ret = LECAP_OK;

	printf("\nQuarantaine (%s) :\n", dir);
	if (!d) {
		if (errno == ENOENT) {
			printf("  vide\n");
			return LECAP_OK;
		}
		return log_fail(LECAP_IO, "%s : lecture du répertoire de quarantaine impossible : %s", dir,
				strerror(errno));
	}
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
		names[n] = strdup(e->d_name);
		if (!names[n]) {
			ret = log_fail(LECAP_IO, "mémoire insuffisante");
			goto cleanup;
		}
		n++;
	}
	qsort(names, n, sizeof(*names), cmp_str);
	if (n == 0)
		printf("  vide\n");
	for (size_t i = 0; i < n; i++) {
		char path[4096], line[512] = "", first[512] = "";
		int problems = 0;
		FILE *f;

		snprintf(path, sizeof(path), "%s/%s.erreurs.txt", dir, names[i]);
		f = fopen(path, "r");
		if (f) {
			while (fgets(line, sizeof(line), f)) {
				if (problems++ == 0)
					snprintf(first, sizeof(first), "%s", line);
			}
			fclose(f);
		}
		first[strcspn(first, "\n")] = '\0';
		printf("  %s — %d motif(s)%s%s\n", names[i], problems, *first ? " ; premier : " : "", first);
	}
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
		ret = print_holdings(conn);
	if (ret == LECAP_OK)
		ret = print_quarantine(ctx->cfg.chemins_quarantaine);
	pg_close(conn);
	return ret;
}
