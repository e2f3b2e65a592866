/* The run journal; see journal.h. */
#include "db/journal.h"

#include "base/exitcode.h"
#include "base/log.h"
#include "version.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int journal_open(pg_conn *conn, const char *command, long long *id)
{
	char host[256] = "?", pid[16];
	const char *params[4] = {command, host, pid, LECAP_VERSION};
	pg_result *res;
	int ret;

	gethostname(host, sizeof(host) - 1);
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	ret = pg_query(conn, "ouverture du journal d'exécution",
		       "INSERT INTO lecap.execution (commande, hote, pid, version_lecap) "
		       "VALUES ($1, $2, $3, $4) RETURNING id", 4, params, &res);
	if (ret != LECAP_OK)
		return ret;
	*id = atoll(pg_value(res, 0, 0));
	pg_result_free(res);
	return LECAP_OK;
}

int journal_close(pg_conn *conn, long long id, const struct journal_counts *c, int exit_code)
{
	char sid[24], n[5][16], code[8], camps[64 * 6 + 4];
	const char *params[9];
	size_t len = 0;

	snprintf(sid, sizeof(sid), "%lld", id);
	snprintf(n[0], sizeof(n[0]), "%d", c->integres);
	snprintf(n[1], sizeof(n[1]), "%d", c->rejetes);
	snprintf(n[2], sizeof(n[2]), "%d", c->doublons);
	snprintf(n[3], sizeof(n[3]), "%d", c->obsoletes);
	snprintf(n[4], sizeof(n[4]), "%d", c->rapports);
	snprintf(code, sizeof(code), "%d", exit_code);
	camps[len++] = '{';
	for (int i = 0; i < c->ncampagnes && i < 64; i++)
		len += (size_t)snprintf(camps + len, sizeof(camps) - len, "%s%d", i ? "," : "", c->campagnes[i]);
	snprintf(camps + len, sizeof(camps) - len, "}");
	params[0] = sid;
	params[1] = n[0];
	params[2] = n[1];
	params[3] = n[2];
	params[4] = n[3];
	params[5] = camps;
	params[6] = n[4];
	params[7] = code;
	params[8] = log_captured();
	return pg_command(conn, "clôture du journal d'exécution",
			  "UPDATE lecap.execution SET fin = clock_timestamp(), fichiers_integres = $2, "
			  "fichiers_rejetes = $3, fichiers_doublons = $4, fichiers_obsoletes = $5, "
			  "campagnes_agregees = $6, rapports_ecrits = $7, code_sortie = $8, messages = $9 "
			  "WHERE id = $1", 9, params);
}

int journal_reports_rendered(pg_conn *conn, int campagne, const char *facts)
{
	char year[16];
	const char *params[2] = {year, facts};

	snprintf(year, sizeof(year), "%d", campagne);
	return pg_command(conn, "enregistrement du rendu des rapports",
			  "INSERT INTO lecap.rapport_campagne (campagne, rendu_le, faits) "
			  "VALUES ($1, clock_timestamp(), $2) "
			  "ON CONFLICT (campagne) DO UPDATE SET rendu_le = EXCLUDED.rendu_le, faits = EXCLUDED.faits",
			  2, params);
}

/* The campaigns of res (column 0), in *out. Frees res. */
static int campaigns_of(pg_result *res, int ret, int **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (ret != LECAP_OK)
		return ret;
	if (pg_ntuples(res) > 0) {
		*out = calloc((size_t)pg_ntuples(res), sizeof(int));
		if (!*out) {
			pg_result_free(res);
			return log_fail(LECAP_IO, "mémoire insuffisante");
		}
	}
	for (int i = 0; i < pg_ntuples(res); i++)
		(*out)[(*n)++] = atoi(pg_value(res, i, 0));
	pg_result_free(res);
	return LECAP_OK;
}

int journal_campaigns_to_render(pg_conn *conn, bool all, const char *facts, int **out, size_t *n)
{
	pg_result *res = NULL;
	const char *params[1] = {facts};
	/* faits NULL: rendered before migration 040, taken as drawn with today's facts */
	int ret = all ? pg_query(conn, "liste des campagnes évaluées",
				 "SELECT DISTINCT campagne FROM lecap.evaluation ORDER BY 1", 0, NULL, &res)
		      : pg_query(conn, "liste des campagnes aux rapports périmés",
				 "SELECT a.campagne FROM lecap.agregat_campagne a"
				 " WHERE (NOT lecap.rapports_a_jour(a.campagne)"
				 "        OR EXISTS (SELECT 1 FROM lecap.rapport_campagne r WHERE r.campagne = a.campagne"
				 "                    AND r.faits IS NOT NULL AND r.faits <> $1))"
				 "   AND EXISTS (SELECT 1 FROM lecap.evaluation e WHERE e.campagne = a.campagne)"
				 " ORDER BY 1",
				 1, params, &res);

	return campaigns_of(res, ret, out, n);
}

int journal_campaigns_emptied(pg_conn *conn, int **out, size_t *n)
{
	pg_result *res = NULL;
	int ret = pg_query(conn, "liste des campagnes sans évaluation aux rapports périmés",
			   "SELECT a.campagne FROM lecap.agregat_campagne a"
			   " WHERE NOT lecap.rapports_a_jour(a.campagne)"
			   "   AND NOT EXISTS (SELECT 1 FROM lecap.evaluation e WHERE e.campagne = a.campagne)"
			   " ORDER BY 1",
			   0, NULL, &res);

	return campaigns_of(res, ret, out, n);
}

int journal_never_aggregated(pg_conn *conn, bool *never)
{
	pg_result *res = NULL;
	int ret = pg_query(conn, "état des agrégats",
			   "SELECT NOT EXISTS (SELECT 1 FROM lecap.agregat_campagne)"
			   "   AND NOT EXISTS (SELECT 1 FROM lecap.resultat_evaluation)",
			   0, NULL, &res);

	*never = false;
	if (ret != LECAP_OK)
		return ret;
	*never = strcmp(pg_value(res, 0, 0), "t") == 0;
	pg_result_free(res);
	return LECAP_OK;
}

int journal_recent_runs(pg_conn *conn, int limit, pg_result **res)
{
	char lim[16];
	const char *params[1] = {lim};

	snprintf(lim, sizeof(lim), "%d", limit);
	return pg_query(conn, "lecture du journal des exécutions",
			"SELECT id, commande, to_char(debut, 'DD/MM/YYYY HH24:MI:SS'), "
			"coalesce(to_char(fin - debut, 'HH24:MI:SS'), 'en cours ou interrompue'), "
			"coalesce(code_sortie::text, '-'), fichiers_integres, fichiers_rejetes, "
			"fichiers_doublons, fichiers_obsoletes, rapports_ecrits, "
			"array_to_string(campagnes_agregees, ',') "
			"FROM lecap.execution ORDER BY id DESC LIMIT $1",
			1, params, res);
}

int journal_purge(pg_conn *conn, int days, bool dry_run, long *count)
{
	char d[16];
	const char *params[1] = {d};
	pg_result *res;
	int ret;

	snprintf(d, sizeof(d), "%d", days);
	*count = 0;
	if (dry_run) {
		ret = pg_query(conn, "journal à effacer",
			       "SELECT count(*) FROM lecap.execution WHERE fin IS NOT NULL "
			       "AND fin < now() - make_interval(days => $1::int)", 1, params, &res);
		if (ret == LECAP_OK) {
			*count = atol(pg_value(res, 0, 0));
			pg_result_free(res);
		}
		return ret;
	}
	ret = pg_query(conn, "effacement du journal",
		       "WITH v AS (SELECT id FROM lecap.execution WHERE fin IS NOT NULL "
		       "             AND fin < now() - make_interval(days => $1::int)),"
		       " f AS (UPDATE lecap.fichier SET execution_id = NULL WHERE execution_id IN (SELECT id FROM v) RETURNING 1),"
		       " r AS (UPDATE lecap.retrait SET execution_id = NULL WHERE execution_id IN (SELECT id FROM v) RETURNING 1),"
		       " x AS (DELETE FROM lecap.execution WHERE id IN (SELECT id FROM v) "
		       "       AND (SELECT count(*) FROM f) >= 0 AND (SELECT count(*) FROM r) >= 0 RETURNING 1)"
		       " SELECT count(*) FROM x", 1, params, &res);
	if (ret == LECAP_OK) {
		*count = atol(pg_value(res, 0, 0));
		pg_result_free(res);
	}
	return ret;
}
