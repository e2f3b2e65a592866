/* The run lock; see runlock.h. */
#include "db/runlock.h"

#include "base/exitcode.h"
#include "base/log.h"
#include "base/signals.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* "lecap" in ASCII then 0x000002: distinct from the migrations' lock. */
#define RUN_LOCK_KEY 7810758398886019074LL

/*
 * The lock is held: by an orphan when its backend connected before the newest
 * unfinished run of the journal started, that run was on this host, and its
 * process no longer exists (killed with -9: its backend may still be busy in
 * a statement and keep the lock until it notices). Then that backend is
 * ended (same role) and the lock taken. *got tells whether it was; *unseen,
 * that no session holds it any more (its holder left between the try and
 * this look: a run killed with -9 an instant before, whose backend was
 * still exiting).
 */
static int end_orphan(pg_conn *conn, bool *got, bool *unseen)
{
	char key[32], host[256] = "";
	const char *params[1] = {key};
	pg_result *res = NULL;
	long pid;
	int ret;

	*got = *unseen = false;
	snprintf(key, sizeof(key), "%lld", RUN_LOCK_KEY);
	/* the lock's holder; the newest unfinished run of the journal, if any,
	 * and whether the holder connected before that run started */
	ret = pg_query(conn, "recherche d'un verrou d'exécution orphelin",
		       "SELECT a.pid, e.hote, e.pid, e.commande, to_char(e.debut, 'DD/MM/YYYY HH24:MI:SS'), "
		       "       a.backend_start <= e.debut "
		       "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
		       "LEFT JOIN LATERAL (SELECT * FROM lecap.execution WHERE fin IS NULL "
		       "                   ORDER BY id DESC LIMIT 1) e ON true "
		       "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
		       "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
		       "AND l.classid = ($1::bigint >> 32)::oid "
		       "AND l.objid = ($1::bigint & 4294967295)::oid",
		       1, params, &res);
	if (ret != LECAP_OK)
		return ret;
	gethostname(host, sizeof(host) - 1);
	*unseen = pg_ntuples(res) == 0;
	if (pg_ntuples(res) == 1 && strcmp(pg_value(res, 0, 5), "t") != 0) {
		pg_result_free(res); /* no run, or a session younger than it: not its orphan */
		return LECAP_OK;
	}
	pid = pg_ntuples(res) == 1 ? atol(pg_value(res, 0, 2)) : 0;
	if (pid <= 0 || strcmp(pg_value(res, 0, 1), host) != 0 || kill((pid_t)pid, 0) == 0 ||
	    errno != ESRCH) {
		pg_result_free(res);
		return LECAP_OK;
	}
	log_warn("l'exécution précédente (« lecap %s », pid %ld sur cet hôte, démarrée le %s) s'est "
		 "arrêtée sans libérer le verrou : sa session PostgreSQL (pid %s) est terminée, "
		 "l'exécution continue", pg_value(res, 0, 3), pid, pg_value(res, 0, 4), pg_value(res, 0, 0));
	{
		const char *p2[1] = {pg_value(res, 0, 0)};
		pg_result *r2 = NULL;
		ret = pg_query(conn, "fin de la session orpheline",
			       "SELECT pg_terminate_backend($1::int, 10000)", 1, p2, &r2);
		pg_result_free(r2);
	}
	pg_result_free(res);
	if (ret != LECAP_OK)
		return ret;
	/* Its locks are gone once the backend has exited. */
	for (int i = 0; i < 100 && ret == LECAP_OK && !*got; i++) {
		ret = pg_try_lock(conn, RUN_LOCK_KEY, got);
		if (ret == LECAP_OK && !*got)
			usleep(100 * 1000);
	}
	return ret;
}

int runlock_acquire(pg_conn *conn, const char *command)
{
	pg_result *res = NULL;
	bool got, unseen;
	int ret;

	/* A holder gone between the try and the look (a run killed with -9 an
	 * instant ago, its backend exiting): tried again, for up to 5 s. */
	for (int i = 0;; i++) {
		ret = pg_try_lock(conn, RUN_LOCK_KEY, &got);
		if (ret != LECAP_OK || got)
			return ret;
		test_pause_point("verrou-apres-essai");
		ret = end_orphan(conn, &got, &unseen);
		if (ret != LECAP_OK || got)
			return ret;
		if (!unseen || i == 50)
			break;
		usleep(100 * 1000);
	}
	/* Who holds it: the newest unfinished journal entry whose backend is
	 * alive. The lock holder's backend pid is in pg_locks. */
	ret = pg_query(conn, "recherche de l'exécution qui détient le verrou",
		       "SELECT e.hote, e.pid, to_char(e.debut, 'DD/MM/YYYY HH24:MI:SS'), e.commande "
		       "FROM lecap.execution e WHERE e.fin IS NULL ORDER BY e.id DESC LIMIT 1",
		       0, NULL, &res);
	if (ret == LECAP_OK && pg_ntuples(res) == 1)
		log_error("une autre exécution de lecap détient le verrou : « lecap %s » sur l'hôte %s, "
			  "pid %s, démarrée le %s",
			  pg_value(res, 0, 3), pg_value(res, 0, 0), pg_value(res, 0, 1), pg_value(res, 0, 2));
	else
		log_error("une autre exécution de lecap détient le verrou");
	log_hint("attendez sa fin ; « lecap status » montre les exécutions en cours (%s refusé)", command);
	pg_result_free(res);
	return LECAP_LOCKED;
}

void runlock_release(pg_conn *conn)
{
	char key[32];
	const char *params[1] = {key};

	if (!pg_ok(conn))
		return;
	snprintf(key, sizeof(key), "%lld", RUN_LOCK_KEY);
	/* A failed unlock: the lock goes with the session, which ends. */
	LECAP_STATUS_IGNORED(pg_command(conn, "libération du verrou d'exécution",
					"SELECT pg_advisory_unlock($1::bigint)", 1, params));
}
