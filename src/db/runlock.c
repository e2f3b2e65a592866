/* The run lock; see runlock.h. */
#include "db/runlock.h"

#include "base/exitcode.h"
#include "base/log.h"

#include <stdio.h>

/* "lecap" in ASCII then 0x000002: distinct from the migrations' lock. */
#define RUN_LOCK_KEY 7810758398886019074LL

int runlock_acquire(pg_conn *conn, const char *command)
{
	pg_result *res = NULL;
	bool got;
	int ret;

	ret = pg_try_lock(conn, RUN_LOCK_KEY, &got);
	if (ret != LECAP_OK || got)
		return ret;
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
	pg_command(conn, "libération du verrou d'exécution", "SELECT pg_advisory_unlock($1::bigint)", 1, params);
}
