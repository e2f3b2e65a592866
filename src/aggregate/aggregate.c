/* Aggregation driver; see aggregate.h. The SQL is in sql/004_agregats.sql
 * (tables, views) and sql/012_agregats_rapides.sql (lecap.agreger). */
#include "aggregate/aggregate.h"
#include "aggregate/cellules.h"

#include "base/exitcode.h"
#include "base/log.h"
#include "base/signals.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int aggregate_parse_campagne(const char *text, int *year)
{
	char *end;
	long v;

	if (!text || !*text)
		return -1;
	errno = 0;
	v = strtol(text, &end, 10);
	if (errno || *end || v < 2000 || v > 2100)
		return -1;
	*year = (int)v;
	return 0;
}

void aggregate_result_release(struct aggregate_result *res)
{
	free(res->campagnes);
	res->campagnes = NULL;
	res->count = 0;
	res->evaluations = 0;
	res->recomputed = 0;
}

static double elapsed_ms(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1000.0 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/* The campaigns with evaluations, plans or results, ascending. */
static int load_candidates(pg_conn *conn, int **list, size_t *count)
{
	pg_result *res;
	int ret, n;

	*list = NULL;
	*count = 0;
	ret = pg_query(conn, "liste des campagnes à agréger",
		       "SELECT c FROM lecap.campagnes_candidates() AS c ORDER BY c", 0, NULL, &res);
	if (ret != LECAP_OK)
		return ret;
	n = pg_ntuples(res);
	if (n > 0) {
		*list = malloc((size_t)n * sizeof(**list));
		if (!*list) {
			pg_result_free(res);
			return log_fail(LECAP_IO, "mémoire insuffisante pour %d campagnes", n);
		}
	}
	for (int i = 0; i < n; i++)
		(*list)[i] = atoi(pg_value(res, i, 0));
	*count = (size_t)n;
	pg_result_free(res);
	return LECAP_OK;
}

/* *reason receives why the campaign is stale (malloc'd), or NULL. */
static int stale_reason(pg_conn *conn, const char *const params[3], char **reason)
{
	pg_result *res;
	int ret;

	*reason = NULL;
	ret = pg_query(conn, "péremption des agrégats",
		       "SELECT lecap.campagne_perimee($1::int, $2::numeric, $3::int)", 3, params, &res);
	if (ret != LECAP_OK)
		return ret;
	if (!pg_isnull(res, 0, 0)) {
		*reason = strdup(pg_value(res, 0, 0));
		if (!*reason)
			ret = log_fail(LECAP_IO, "mémoire insuffisante");
	}
	pg_result_free(res);
	return ret;
}

/* The transaction of one campaign: begun, and the campaign's lock taken
 * (the one lecap.agreger takes first): a later campaign computed on the
 * other connection waits for it before reading this one's aggregates. */
static int refresh_begin(pg_conn *conn, const char *const params[3])
{
	int ret = pg_begin(conn);

	if (ret == LECAP_OK)
		ret = pg_command(conn, "verrou de la campagne",
				 "SELECT pg_advisory_xact_lock(1818583905, $1::int)", 1, params);
	if (ret != LECAP_OK)
		pg_rollback(conn);
	return ret;
}

/*
 * The campaign's statistical secrecy (sql/014_publication.sql): decided
 * from the result tables lecap.agreger has just written, in the same
 * transaction, so that a reader never sees results without their pattern.
 */
static int publish(pg_conn *conn, int campagne, const char *year, const char *seuil)
{
	const char *params[] = {year, seuil};
	pg_result *res;
	char purpose[64];
	int ret;

	snprintf(purpose, sizeof(purpose), "secret statistique de la campagne %d", campagne);
	ret = pg_query(conn, purpose, "SELECT cellules, primaires, secondaires FROM lecap.publier($1::int, $2::int)",
		       2, params, &res);
	if (ret != LECAP_OK)
		return ret;
	log_debug("campagne %d : %s cellule(s), %s en secret primaire, %s en secret secondaire", campagne,
		  pg_value(res, 0, 0), pg_value(res, 0, 1), pg_value(res, 0, 2));
	pg_result_free(res);
	return LECAP_OK;
}

/*
 * The digests of the quarters of the network where the campaign's scores
 * fall (sql/fonctions/quart_ecrire.sql), once the campaign has committed,
 * in a transaction of their own: a cache of the photographies' inputs,
 * which the next campaign of --all does not read, so its commit no longer
 * waits for them.
 */
static int write_quarters(pg_conn *conn, int campagne, const char *year)
{
	const char *params[1] = {year};
	char purpose[80];
	int ret;

	test_crash_point("agregation-avant-quarts");
	snprintf(purpose, sizeof(purpose), "empreinte des quarts de la campagne %d", campagne);
	ret = pg_command(conn, purpose, "SELECT lecap.quart_ecrire($1::int)", 1, params);
	if (ret != LECAP_OK)
		log_hint("les résultats de la campagne %d sont enregistrés ; relancez lecap aggregate, qui "
			 "écrira cette empreinte (les photographies restent justes entre-temps)", campagne);
	return ret;
}

/*
 * The quarters' digests still due (sql/054_quart_en_attente.sql): those of
 * a campaign whose lecap was killed between its commit and write_quarters,
 * written now, whether or not this run computed the campaign again.
 */
static int write_pending_quarters(pg_conn *conn)
{
	pg_result *res = NULL;
	bool present;
	int ret;

	/* (absent from a database before migration 054, lecap init not yet run) */
	ret = pg_table_readable(conn, "empreintes des quarts en attente", "lecap.quart_en_attente", &present);
	if (ret != LECAP_OK || !present)
		return ret;
	ret = pg_query(conn, "empreintes des quarts en attente",
		       "SELECT campagne::text FROM lecap.quart_en_attente ORDER BY campagne", 0, NULL, &res);
	for (int i = 0; ret == LECAP_OK && i < pg_ntuples(res); i++) {
		const char *year = pg_value(res, i, 0);
		int campagne = atoi(year);

		ret = write_quarters(conn, campagne, year);
		if (ret == LECAP_OK)
			log_info("empreinte des quarts de la campagne %d écrite : le calcul précédent s'était "
				 "arrêté avant", campagne);
	}
	pg_result_free(res);
	return ret;
}

/*
 * A recomputation from scratch (--all, --campagne): lecap.agreger_preparer
 * takes every evaluation of the campaign for new (t_depuis_zero, dropped at
 * the commit), so that every evaluation's scores are computed again instead
 * of keeping those of the evaluations unchanged since the last aggregation
 * (sql/fonctions/agreger.sql). Their lecap.resultat_evaluation rows stay
 * until agreger knows which evaluations keep their rows in place: it
 * deletes the others' only, and with them, by cascade, the digests of
 * their quarters and their evolutions in the effect of plans
 * (lecap.quart_evaluation, lecap.effet_plan_panel). (The whole campaign's
 * rows were deleted here, and those of the evaluations kept put back from
 * copies: at 10,000 members, 0.24 s for the deletion, 0.47 s to put back
 * 7,057 quarters' digests and 5,143 evolutions.)
 */
static int forget_scores(pg_conn *conn, const char *const params[3])
{
	return pg_command(conn, "oubli des scores par évaluation",
			  "CREATE TEMP TABLE t_depuis_zero ON COMMIT DROP AS SELECT $1::int AS campagne", 1, params);
}

/*
 * The first part of the campaign's computation (sql/fonctions/agreger_preparer.sql:
 * its evaluations, grid and new respondents), then the cells of the new
 * evaluations' answers, computed here (src/aggregate/cellules.c), that
 * lecap.agreger reads; alone: no other campaign computed meanwhile (the
 * answers are then computed while the connection copies).
 */
static int prepare(pg_conn *conn, int campagne, const char *const params[3], bool scratch, bool alone)
{
	char purpose[64];
	long rows = 0;
	pg_result *res = NULL;
	int ret;

	snprintf(purpose, sizeof(purpose), "préparation des agrégats de la campagne %d", campagne);
	ret = pg_command(conn, purpose, "SELECT lecap.agreger_preparer($1::int)", 1, params);
	/* From scratch, every evaluation is new: a preparation that kept some
	 * comes from a lecap.agreger_preparer older than forget_scores (a base
	 * whose functions lecap init has not updated since this lecap was
	 * installed), which would have recomputed the campaign by increments
	 * and said nothing. */
	if (ret == LECAP_OK && scratch) {
		ret = pg_query(conn, purpose, "SELECT count(*) FROM t_eval WHERE NOT nouvelle", 0, NULL, &res);
		if (ret == LECAP_OK && strcmp(pg_value(res, 0, 0), "0") != 0) {
			ret = log_fail(LECAP_DB,
				       "campagne %d : le recalcul depuis zéro n'a pas été préparé (%s évaluation(s) "
				       "gardées) : les fonctions SQL de la base ne sont pas celles de ce lecap",
				       campagne, pg_value(res, 0, 0));
			log_hint("lancez lecap init, qui les met à jour, puis relancez lecap aggregate");
		}
		pg_result_free(res);
	}
	if (ret == LECAP_OK)
		ret = cellules_calculer(conn, campagne, params[1], alone, &rows);
	if (ret == LECAP_OK)
		log_debug("campagne %d : %ld cellule(s) de réponses calculée(s)", campagne, rows);
	return ret;
}

/* Computes the campaign in the transaction refresh_begin opened (from
 * scratch, or from the stored per-evaluation scores; alone, or beside
 * others: see prepare), commits, then writes its quarters' digests; adds
 * its evaluations and those whose rows were written (scored again, and not
 * kept in place) to *evaluations and *recomputed. */
static int refresh_finish(pg_conn *conn, int campagne, const char *const params[3], const char *reason,
			  bool scratch, bool alone, const struct timespec *t0, long *evaluations, long *recomputed)
{
	pg_result *res = NULL;
	char purpose[64], kept_text[80] = "";
	long kept;
	int ret = LECAP_OK;

	snprintf(purpose, sizeof(purpose), "calcul des agrégats de la campagne %d", campagne);
	if (scratch)
		ret = forget_scores(conn, params);
	if (ret == LECAP_OK)
		ret = prepare(conn, campagne, params, scratch, alone);
	if (ret == LECAP_OK)
		ret = pg_query(conn, purpose,
			       "SELECT evaluations, completes, agregats, recalculees, gardees"
			       " FROM lecap.agreger($1::int, $2::numeric, $3::int)",
			       3, params, &res);
	if (ret == LECAP_OK)
		ret = publish(conn, campagne, params[0], params[2]);
	if (ret == LECAP_OK)
		ret = pg_commit(conn);
	if (ret != LECAP_OK) {
		pg_rollback(conn);
		pg_result_free(res);
		log_hint("les agrégats de la campagne %d sont restés dans leur état précédent ; "
			 "relancez lecap aggregate une fois la base disponible", campagne);
		return ret;
	}
	kept = atol(pg_value(res, 0, 4));
	if (kept > 0)
		snprintf(kept_text, sizeof(kept_text), " (les lignes de %ld, inchangées, gardées en place)", kept);
	log_info("campagne %d recalculée (%s) : %s évaluation(s), %s complète(s), %s agrégat(s), "
		 "scores de %s évaluation(s) calculés%s, en %.0f ms",
		 campagne, reason, pg_value(res, 0, 0), pg_value(res, 0, 1), pg_value(res, 0, 2),
		 pg_value(res, 0, 3), kept_text, elapsed_ms(t0));
	*evaluations += atol(pg_value(res, 0, 0));
	*recomputed += atol(pg_value(res, 0, 3)) - kept;
	pg_result_free(res);
	return write_quarters(conn, campagne, params[0]);
}

/* Recomputes one campaign in its own transaction. */
static int refresh(pg_conn *conn, int campagne, const char *const params[3], const char *reason, bool scratch,
		   struct aggregate_result *out)
{
	struct timespec t0;
	int ret;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	ret = refresh_begin(conn, params);
	if (ret != LECAP_OK)
		return ret;
	return refresh_finish(conn, campagne, params, reason, scratch, true, &t0, &out->evaluations, &out->recomputed);
}

/* One campaign computed by a thread of its own, on one of the connections
 * of --all. */
struct job {
	pg_conn *conn;
	int campagne;
	char year[16];
	const char *params[3];
	const char *reason;
	struct timespec t0;
	pthread_t thread;
	bool running;
	int ret;
	long evaluations, recomputed; /* the campaign's, once done */
};

static void *job_main(void *arg)
{
	struct job *j = arg;

	j->evaluations = j->recomputed = 0;
	j->ret = refresh_finish(j->conn, j->campagne, j->params, j->reason, true, false, &j->t0, &j->evaluations,
				&j->recomputed);
	return NULL;
}

/* Waits for the job's thread, if any; its result. A campaign committed is
 * added to out. */
static int job_join(struct job *j, struct aggregate_result *out)
{
	if (!j->running)
		return LECAP_OK;
	pthread_join(j->thread, NULL);
	j->running = false;
	if (j->ret == LECAP_OK) {
		out->campagnes[out->count++] = j->campagne;
		out->evaluations += j->evaluations;
		out->recomputed += j->recomputed;
	}
	return j->ret;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/*
 * Whether the database's lecap.agreger is that of migration 012, which lets
 * other connections of this lecap past the run lock: with the 004 one (a
 * binary newer than its database, before lecap init), another connection
 * would wait for the run lock that the first holds, for ever.
 */
static int parallel_ready(pg_conn *conn, bool *ready)
{
	pg_result *res;
	int ret;

	*ready = false;
	ret = pg_query(conn, "version du schéma",
		       "SELECT EXISTS (SELECT 1 FROM lecap.schema_migration WHERE version = 12)", 0, NULL, &res);
	if (ret != LECAP_OK)
		return ret;
	*ready = strcmp(pg_value(res, 0, 0), "t") == 0;
	pg_result_free(res);
	if (!*ready)
		log_debug("migration 012 absente : une campagne à la fois (lancez lecap init)");
	return LECAP_OK;
}

/*
 * --all on several connections: the kept evolutions of the effect of plans
 * are forgotten first, in their own transaction (they name two campaigns'
 * evaluations: two connections' recomputations from scratch deleted them
 * both, in different orders; sql/fonctions/effet_plan_oublier.sql).
 */
static int forget_plan_effects(pg_conn *conn)
{
	return pg_command(conn, "oubli de l'effet des plans gardé", "SELECT lecap.effet_plan_oublier()", 0, NULL);
}

/*
 * --all on several connections: the campaigns, ascending, go to the
 * connections in turn (conns[0], the caller's, then the helpers'), so that
 * as many are computed at once. Each is still its own transaction. The
 * campaign's lock is taken here, in order, before its thread starts: a
 * later campaign, started on another connection while this one runs,
 * waits for this one's commit only at its last step, the evolution (see
 * sql/012_agregats_rapides.sql). The helpers name the first connection's
 * backend in lecap.pid_verrou, so that lecap.agreger knows the run lock is
 * this lecap's.
 */
static int refresh_all_parallel(pg_conn *const *conns, size_t nconns, const int *campagnes, size_t count,
				const char *completude, const char *seuil, const char *reason,
				struct aggregate_result *out)
{
	struct job jobs[AGGREGATE_CONNECTIONS_MAX];
	pg_result *res;
	const char *pid[1];
	int ret, first_error = LECAP_OK;

	memset(jobs, 0, sizeof(jobs));
	for (size_t k = 0; k < nconns; k++)
		jobs[k].conn = conns[k];
	ret = pg_query(conns[0], "identifiant de la connexion", "SELECT pg_backend_pid()::text", 0, NULL, &res);
	if (ret != LECAP_OK)
		return ret;
	pid[0] = pg_value(res, 0, 0);
	for (size_t k = 1; ret == LECAP_OK && k < nconns; k++)
		ret = pg_command(conns[k], "connexion supplémentaire",
				 "SELECT set_config('lecap.pid_verrou', $1, false)", 1, pid);
	pg_result_free(res);
	if (ret == LECAP_OK)
		ret = forget_plan_effects(conns[0]);
	if (ret != LECAP_OK)
		return ret;
	test_pause_point("agregation-apres-oubli");

	for (size_t i = 0; i < count; i++) {
		struct job *j = &jobs[i % nconns];

		/* The connection is free once its previous campaign is done. */
		ret = job_join(j, out);
		if (ret != LECAP_OK) {
			first_error = ret;
			break;
		}
		j->campagne = campagnes[i];
		snprintf(j->year, sizeof(j->year), "%d", campagnes[i]);
		j->params[0] = j->year;
		j->params[1] = completude;
		j->params[2] = seuil;
		j->reason = reason;
		clock_gettime(CLOCK_MONOTONIC, &j->t0);
		ret = refresh_begin(j->conn, j->params);
		if (ret != LECAP_OK) {
			first_error = ret;
			break;
		}
		if (pthread_create(&j->thread, NULL, job_main, j) != 0) {
			pg_rollback(j->conn);
			first_error = log_fail(LECAP_IO, "impossible de lancer le calcul de la campagne %d",
					       campagnes[i]);
			break;
		}
		j->running = true;
	}
	for (size_t k = 0; k < nconns; k++) {
		ret = job_join(&jobs[k], out);
		if (ret != LECAP_OK && first_error == LECAP_OK)
			first_error = ret;
	}
	/* Committed in whatever order they finished: listed ascending. */
	qsort(out->campagnes, out->count, sizeof(*out->campagnes), cmp_int);
	return first_error;
}

/*
 * The result tables are refilled by DELETE and INSERT: the
 * autovacuum analyses them some time after, and until then the planner
 * plans the reports' queries (src/report_data.c) with the statistics of
 * before the refresh, or none on a new database. One ANALYZE of all of them
 * after the last campaign (a sample of 30,000 rows per table: about a
 * second for a 10,000-enterprise network) gives the reports that follow
 * statistics of what they read. The inputs the reports join to them too
 * (plans, actions, respondents, the grid): loaded by the ingest a moment
 * before, they have no statistics yet when the night renders, and three
 * of the photographie's statements then cost 2.5 to 5 times as much
 * (800 members: 0.97 s of server against 0.28 s; docs/performance.md).
 *
 * Only when the run changed a real share of what these tables describe: at
 * least a tenth of the evaluations of the campaigns recomputed had their
 * rows written (a first night, a new campaign's first evaluations, a tenth
 * of the members sending a corrected export; --all and --campagne when the
 * rows computed again differ from those stored, which they keep in place
 * otherwise: lecap.agreger's recalculees), PostgreSQL's own rule
 * for autovacuum's ANALYZE (autovacuum_analyze_scale_factor, 0.1). Below
 * it the statistics still describe the tables (a campaign's aggregates are
 * rewritten with the same keys, a few evaluations change among hundreds),
 * and the ANALYZE was a fixed cost: 0.93 s of a 3.96 s night with one
 * corrected export at 2,000 members, the same at 10,000 (a sample).
 */
static bool analyze_needed(const struct aggregate_result *out)
{
	return out->recomputed * 10 >= out->evaluations;
}

/*
 * The big result tables on the columns the reports and the next run
 * filter, join or group on: keys, flags and counts. Their measures (the
 * numeric scores, means, quartiles, divergences, the plans' arrays) are
 * only read, never searched: their statistics were a sort of 30,000
 * numerics per column, 0.62 -> 0.41 s of this ANALYZE at 2,000 members
 * (docs/performance.md); autovacuum's later ANALYZE still covers every
 * column.
 */
static const char *const analyze_sql[2] = {
	"ANALYZE lecap.agregat_campagne,"
	" lecap.resultat_evaluation (evaluation_id, campagne, siret, region, type_structure,"
	"   version_referentiel, n_repondants, consensus, n_indicateurs, n_renseignes, complete),"
	" lecap.score (campagne, evaluation_id, region, niveau, code, atteint, n_objectifs, n_atteints),"
	" lecap.score_college (campagne, evaluation_id, region, college, niveau, code, n_repondants),"
	" lecap.agregat (campagne, region, type_structure, niveau, code, n_entreprises, diffusable),"
	" lecap.agregat_college (campagne, region, college, niveau, code, n_entreprises, n_repondants,"
	"   diffusable),"
	" lecap.divergence (campagne, evaluation_id, region, sous_theme, n_indicateurs, point_de_debat)",
	"ANALYZE lecap.consensus_evaluation (campagne, evaluation_id, region, sous_theme, n_indicateurs),"
	" lecap.divergence_colleges (campagne, evaluation_id, region, niveau, code, college_haut, college_bas),"
	" lecap.effet_plan_panel (campagne, siret, region, evaluation_id, evaluation_precedente_id, plan_id,"
	"   plan_precedent_id),"
	" lecap.divergence_agregat, lecap.plan_agregat, lecap.demande_offres,"
	" lecap.participation, lecap.repondants_college, lecap.adherent_sans_evaluation,"
	" lecap.evaluation, lecap.repondant, lecap.plan, lecap.plan_action, lecap.plan_action_offre,"
	" lecap.element, lecap.element_offre",
};

/* One half of the ANALYZE, on a connection of its own. */
struct analyze_job {
	pg_conn *conn;
	int ret;
};

static void *analyze_main(void *arg)
{
	struct analyze_job *a = arg;

	/* sql-constante: analyze_sql[] holds string literals only */
	a->ret = pg_exec(a->conn, "analyse des tables de résultats", analyze_sql[1]);
	return NULL;
}

/* The two halves of the list (about the same time each: 0.28 and 0.30 s at
 * 2,000 members) at once when a helper connection is there, else one after
 * the other. */
static int analyze_results(pg_conn *conn, pg_conn *helper)
{
	struct analyze_job half = {.conn = helper};
	pthread_t thread;
	bool threaded = helper && pthread_create(&thread, NULL, analyze_main, &half) == 0;
	int ret;

	/* sql-constante: analyze_sql[] holds string literals only */
	ret = pg_exec(conn, "analyse des tables de résultats", analyze_sql[0]);
	if (threaded) {
		pthread_join(thread, NULL);
		if (ret == LECAP_OK)
			ret = half.ret;
	} else if (ret == LECAP_OK) {
		/* sql-constante: analyze_sql[] holds string literals only */
		ret = pg_exec(conn, "analyse des tables de résultats", analyze_sql[1]);
	}
	return ret;
}

/* "2024, 2025" into buf. */
static void join_years(const int *years, size_t n, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && used + 8 < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s%d", i ? ", " : "", years[i]);
}

/* --campagne names a campaign the database holds: LECAP_OK, or LECAP_USAGE
 * with the campaigns there are. */
static int check_known(const int *candidates, size_t count, int campagne)
{
	char list[512];

	for (size_t i = 0; i < count; i++)
		if (candidates[i] == campagne)
			return LECAP_OK;
	join_years(candidates, count, list, sizeof(list));
	log_error("campagne %d inconnue : aucune évaluation ni plan de progrès", campagne);
	if (count)
		log_hint("campagnes présentes dans la base : %s", list);
	else
		log_hint("la base ne contient encore aucune évaluation : lancez d'abord lecap ingest");
	return LECAP_USAGE;
}

/* The reason logged for a campaign of --all. */
static const char *all_reason(const struct aggregate_params *params)
{
	return params->all_reason ? params->all_reason : "--all demandé";
}

/* Why campaign c is recomputed (malloc'd), or NULL when its aggregates are
 * up to date: asked for (--all, --campagne), or stale. */
static int refresh_reason(pg_conn *conn, const struct aggregate_params *params, int c,
			  const char *const sqlparams[3], char **reason)
{
	*reason = NULL;
	if (!params->all && c != params->campagne)
		return stale_reason(conn, sqlparams, reason);
	*reason = strdup(params->all ? all_reason(params) : "--campagne demandé");
	return *reason ? LECAP_OK : log_fail(LECAP_IO, "mémoire insuffisante");
}

/* One campaign after the other, each in its own transaction: those asked
 * for, and those whose aggregates are stale. */
static int refresh_in_order(pg_conn *conn, const struct aggregate_params *params, const int *candidates,
			    size_t count, const char *completude, const char *seuil, struct aggregate_result *out)
{
	char year[16];
	const char *sqlparams[3] = {year, completude, seuil};

	/* Ascending, so that a campaign sees its predecessor already recomputed
	 * (its evolution depends on it) and becomes stale when it was. */
	for (size_t i = 0; i < count; i++) {
		int c = candidates[i];
		char *reason;
		int ret;

		if (params->campagne && c < params->campagne)
			continue;
		snprintf(year, sizeof(year), "%d", c);
		ret = refresh_reason(conn, params, c, sqlparams, &reason);
		if (ret != LECAP_OK)
			return ret;
		if (!reason) {
			log_debug("campagne %d : agrégats à jour", c);
			continue;
		}
		ret = refresh(conn, c, sqlparams, reason, params->all || c == params->campagne, out);
		free(reason);
		if (ret != LECAP_OK)
			return ret;
		out->campagnes[out->count++] = c;
	}
	return LECAP_OK;
}

/* After the last campaign: the result tables analysed, in two halves at
 * once (on helper, else on a connection opened for it when params can),
 * what was done said. */
static int conclude(pg_conn *conn, pg_conn *helper, const struct aggregate_params *params,
		    const struct aggregate_result *out)
{
	char list[512];
	pg_conn *own = NULL;
	int ret;

	if (out->count == 0) {
		log_info("agrégats à jour : aucune campagne à recalculer");
		return LECAP_OK;
	}
	if (analyze_needed(out)) {
		if (!helper && params->connect && (ret = params->connect(params->connect_arg, &own)) != LECAP_OK)
			return ret;
		ret = analyze_results(conn, helper ? helper : own);
		pg_close(own);
		if (ret != LECAP_OK)
			return ret;
	} else {
		log_debug("statistiques des tables de résultats gardées : %ld évaluation(s) aux résultats réécrits sur %ld",
			  out->recomputed, out->evaluations);
	}
	join_years(out->campagnes, out->count, list, sizeof(list));
	log_info("agrégats à jour : %zu campagne(s) recalculée(s) : %s", out->count, list);
	return LECAP_OK;
}

int aggregate_run(pg_conn *conn, const struct aggregate_params *params,
		  struct aggregate_result *out)
{
	char completude[32], seuil[16];
	int *candidates = NULL;
	pg_conn *conns[AGGREGATE_CONNECTIONS_MAX] = {conn};
	size_t count = 0, nconns = 1;
	bool parallel = false;
	int ret;

	out->campagnes = NULL;
	out->count = 0;
	out->evaluations = 0;
	out->recomputed = 0;
	snprintf(completude, sizeof(completude), "%.6g", params->completude_min);
	snprintf(seuil, sizeof(seuil), "%d", params->seuil_secret);

	ret = load_candidates(conn, &candidates, &count);
	if (ret == LECAP_OK && params->campagne)
		ret = check_known(candidates, count, params->campagne);
	if (ret == LECAP_OK && count && !(out->campagnes = malloc(count * sizeof(*out->campagnes))))
		ret = log_fail(LECAP_IO, "mémoire insuffisante");
	/* --all on one connection per campaign, up to AGGREGATE_CONNECTIONS_MAX,
	 * when connections can be opened and the server takes them; else one
	 * campaign after the other. */
	if (ret == LECAP_OK && params->all && params->connect && count > 1)
		ret = parallel_ready(conn, &parallel);
	while (ret == LECAP_OK && parallel && nconns < count && nconns < AGGREGATE_CONNECTIONS_MAX)
		if ((ret = params->connect(params->connect_arg, &conns[nconns])) == LECAP_OK)
			nconns++;
	if (ret == LECAP_OK && parallel)
		ret = refresh_all_parallel(conns, nconns, candidates, count, completude, seuil, all_reason(params),
					   out);
	else if (ret == LECAP_OK)
		ret = refresh_in_order(conn, params, candidates, count, completude, seuil, out);
	if (ret == LECAP_OK)
		ret = write_pending_quarters(conn);
	if (ret == LECAP_OK)
		ret = conclude(conn, nconns > 1 ? conns[1] : NULL, params, out);
	for (size_t k = 1; k < nconns; k++)
		pg_close(conns[k]);
	free(candidates);
	return ret;
}

int aggregate_holdings(pg_conn *conn, double completude_min, int seuil_secret, pg_result **res)
{
	char cmin[32], seuil[16];
	const char *params[2] = {cmin, seuil};

	snprintf(cmin, sizeof(cmin), "%.6f", completude_min);
	snprintf(seuil, sizeof(seuil), "%d", seuil_secret);
	return pg_query(conn, "lecture des évaluations par campagne et région",
			"SELECT e.campagne, e.region, r.libelle, count(*), "
			"       coalesce(max(p.n_completes)::text, '?'), "
			"       coalesce(lecap.campagne_perimee(e.campagne, $1::numeric, $2::int), ''), "
			"       lecap.rapports_a_jour(e.campagne) "
			"FROM lecap.evaluation e JOIN lecap.region r ON r.code = e.region "
			"LEFT JOIN lecap.v_participation p ON p.campagne = e.campagne AND p.region = e.region "
			"GROUP BY 1, 2, 3 ORDER BY 1 DESC, 2",
			2, params, res);
}
