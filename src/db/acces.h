/*
 * Readers' access to the database (lecap acces, docs/analystes.md): login
 * roles that are members of lecap_analyste or lecap_delegue, each with a
 * statement_timeout and an idle_in_transaction_session_timeout of its own
 * so that no reader can hang the night, and the regions of each delegate in
 * lecap.delegue_region. Role names travel as identifiers quoted by libpq
 * (pg_exec_ident) or as $n parameters, never spliced.
 */
#ifndef LECAP_DB_ACCES_H
#define LECAP_DB_ACCES_H

#include "base/exitcode.h"
#include "io/pg.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct acces_limits {
	int statement_timeout_s;   /* [base] lecteurs_duree_requete */
	int idle_in_transaction_s; /* [base] lecteurs_inactivite */
};

/*
 * A login lecap accepts: 1 to 63 characters among a-z, 0-9, '_', '.', '-',
 * starting with a letter or '_', not « pg_… » (PostgreSQL's), not one of
 * lecap's group roles nor « public ».
 */
bool acces_login_valid(const char *login);
/* Logs why a login is refused, with the rule; returns LECAP_USAGE. */
int acces_bad_login(const char *login) LECAP_MUST_CHECK;

/* Creates the login role when missing (marked « créé par lecap acces »),
 * sets its limits, makes it a delegate and adds its regions (INSEE codes of
 * lecap.region), in one transaction. LECAP_USAGE on an invalid login or an
 * unknown region. */
int acces_add_delegate(pg_conn *conn, const char *login, const char *const *regions, size_t nregions,
		       const struct acces_limits *lim) LECAP_MUST_CHECK;

/* Same for an analyst (lecap_analyste). */
int acces_add_analyst(pg_conn *conn, const char *login, const struct acces_limits *lim) LECAP_MUST_CHECK;

/*
 * With regions: takes those regions from the delegate. Without: takes every
 * access (both group roles, its regions) and drops the login role when lecap
 * acces created it and nothing else depends on it. LECAP_USAGE when the
 * login has no access to take.
 */
int acces_remove(pg_conn *conn, const char *login, const char *const *regions, size_t nregions) LECAP_MUST_CHECK;

/* Prints every reader: login, role, regions, limits; one line each. */
int acces_list(pg_conn *conn, FILE *out) LECAP_MUST_CHECK;

#endif
