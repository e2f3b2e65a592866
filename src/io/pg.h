/*
 * The PostgreSQL client: the only file that includes libpq-fe.h.
 *
 * Every call checks its result and logs a French message naming its purpose
 * (what lecap was trying to do) with the server's message; functions return
 * LECAP_OK or LECAP_DB. SQL text here is always constant: data travels as
 * parameters or through COPY.
 *
 * pg_conn and pg_result are opaque; pg_connect() returns a connection the
 * caller frees with pg_close(); pg_query() a result freed with pg_result_free().
 */
#ifndef LECAP_IO_PG_H
#define LECAP_IO_PG_H

#include "base/exitcode.h"
#include <stdbool.h>
#include <stddef.h>

typedef struct pg_conn pg_conn;
typedef struct pg_result pg_result;

/*
 * Connects with conninfo (a libpq conninfo string or URI; NULL or "" lets
 * libpq's environment apply), sets application_name=lecap, client_encoding
 * UTF8, search_path lecap, pg_catalog, and a connect_timeout unless the
 * environment sets one. On failure logs libpq's message with a hint.
 */
int pg_connect(const char *conninfo, pg_conn **out) LECAP_MUST_CHECK;
/*
 * A second session to the same database as `like`, as the same user, with
 * the same settings as pg_connect() and the same lock wait: for a worker
 * thread (each thread uses its own connection).
 */
int pg_connect_like(const pg_conn *like, pg_conn **out) LECAP_MUST_CHECK;
void pg_close(pg_conn *conn);

/* True when the conninfo string carries a password (refused in lecap.conf). */
bool pg_conninfo_has_password(const char *conninfo);
/* Checks a conninfo string parses; logs libpq's message otherwise. */
int pg_conninfo_check(const char *conninfo, const char *origin) LECAP_MUST_CHECK;

/* Runs SQL without parameters (may hold several statements). */
int pg_exec(pg_conn *conn, const char *purpose, const char *sql) LECAP_MUST_CHECK;
/* Runs one statement with text parameters (NULL entries are SQL NULL). */
int pg_query(pg_conn *conn, const char *purpose, const char *sql, int nparams,
	     const char *const *params, pg_result **out) LECAP_MUST_CHECK;
/*
 * Same, the statement prepared on the connection at its first call and
 * executed by name afterwards (planned once, or each time by the server's
 * own choice between generic and custom plans): for a statement run once
 * per territory or per batch. sql must be a string that lives as long as
 * the connection (a static constant: it is known by its address); at most
 * PG_PREPARED_MAX statements per connection, the next ones run as pg_query.
 */
#define PG_PREPARED_MAX 32
int pg_query_prepared(pg_conn *conn, const char *purpose, const char *sql, int nparams,
		      const char *const *params, pg_result **out) LECAP_MUST_CHECK;
/*
 * One statement without parameters sent, its result received later, so that
 * lecap computes while PostgreSQL runs it: pg_send(), then, always (the
 * connection takes nothing else before), pg_receive(), which waits for the
 * result as pg_query hands it out, or reports the error (*out NULL).
 */
int pg_send(pg_conn *conn, const char *purpose, const char *sql) LECAP_MUST_CHECK;
int pg_receive(pg_conn *conn, const char *purpose, pg_result **out) LECAP_MUST_CHECK;
/* Same as pg_query, discarding the result. */
int pg_command(pg_conn *conn, const char *purpose, const char *sql, int nparams,
	       const char *const *params) LECAP_MUST_CHECK;

/*
 * Runs one statement that names a role (or another object) where SQL takes
 * no $n parameter (CREATE ROLE, GRANT, ALTER ROLE ... SET): each "%I" of the
 * constant sql_template becomes ident quoted by PQescapeIdentifier, each
 * "%L" becomes literal quoted by PQescapeLiteral (literal may be NULL when
 * the template has no %L). Nothing else is ever spliced.
 */
int pg_exec_ident(pg_conn *conn, const char *purpose, const char *sql_template, const char *ident,
		  const char *literal) LECAP_MUST_CHECK;

/* Kind of a result column, from its type: NUMBER (integers, numeric,
 * floats), BOOL, or TEXT (anything else). */
enum pg_kind { PG_TEXT, PG_NUMBER, PG_BOOL };
enum pg_kind pg_fkind(const pg_result *res, int col);
/* Digits after the point of a numeric(p,s) column (s), 0 for integers, -1
 * when unknown (numeric without a scale, floats). */
int pg_fscale(const pg_result *res, int col);
const char *pg_fname(const pg_result *res, int col);

int pg_ntuples(const pg_result *res);
int pg_nfields(const pg_result *res);
/* Value as text; "" for NULL (see pg_isnull). Valid until pg_result_free. */
const char *pg_value(const pg_result *res, int row, int col);
bool pg_isnull(const pg_result *res, int row, int col);
/* Number of rows a command touched. */
long pg_cmd_tuples(const pg_result *res);
void pg_result_free(pg_result *res);

int pg_begin(pg_conn *conn) LECAP_MUST_CHECK;
int pg_commit(pg_conn *conn) LECAP_MUST_CHECK;
/* Never fails loudly: used on error paths. */
void pg_rollback(pg_conn *conn);
/* Ends the transaction pg_begin opened: commits when status is LECAP_OK,
 * rolls back otherwise, or when the commit fails. The outcome: status, or
 * the commit's failure. */
int pg_end(pg_conn *conn, int status) LECAP_MUST_CHECK;

/*
 * COPY ... FROM STDIN in text format: pg_copy_begin() then pg_copy_put() any
 * number of times, then pg_copy_end(). abort_msg non-NULL cancels the copy.
 */
int pg_copy_begin(pg_conn *conn, const char *purpose, const char *sql) LECAP_MUST_CHECK;
int pg_copy_put(pg_conn *conn, const char *buf, size_t len) LECAP_MUST_CHECK;
/* Not warn_unused_result: with abort_msg, it is the cancel of a copy whose
 * failure is already being reported. */
int pg_copy_end(pg_conn *conn, const char *abort_msg);

/* Tries pg_try_advisory_lock(key): *got tells whether it was taken. */
int pg_try_lock(pg_conn *conn, long long key, bool *got) LECAP_MUST_CHECK;

/*
 * Lock waits. pg_set_lock_wait() sets the session's lock_timeout to the
 * [base] attente_verrous of the connection (seconds, at least 1: 0 would be
 * « wait for ever ») and records it (lecap's commands call it on connecting:
 * see ctx_connect); pg_lock_wait() gives it back. An error whose SQLSTATE is lock_not_available
 * (lock_timeout) is logged with the session that holds the lock (user,
 * application_name, since when, its query's first line), once the
 * transaction is rolled back, unless pg_expect_sqlstate() made that SQLSTATE
 * expected (a caller that retries: NULL ends it).
 */
int pg_set_lock_wait(pg_conn *conn, int seconds) LECAP_MUST_CHECK;
int pg_lock_wait(const pg_conn *conn) LECAP_MUST_CHECK;
void pg_expect_sqlstate(pg_conn *conn, const char *sqlstate); /* non-NULL ("" too): forgets the last error */
/* Whether the last error (since the last pg_expect_sqlstate call) was a
 * lock timeout (SQLSTATE 55P03). */
bool pg_last_error_is_lock_timeout(const pg_conn *conn);
/* The last error carried the server's HINT (RAISE ... USING HINT), logged
 * as lecap's "astuce": the caller adds no generic one. */
bool pg_last_error_had_hint(const pg_conn *conn);
/* Logs the session that most likely holds a lock of schema lecap (see above). */
void pg_report_lock_holder(pg_conn *conn);

/*
 * Whether table (schema-qualified, e.g. "lecap.refus_adresse") exists and
 * the session may SELECT from it: *readable. A table that a later migration
 * brings, or that only some roles may read (it names members), is then
 * queried only when it can be. purpose names the reading in the message of
 * a failure (LECAP_DB).
 */
int pg_table_readable(pg_conn *conn, const char *purpose, const char *table, bool *readable) LECAP_MUST_CHECK;

/* Whether the connection is still usable (for fault reporting). */
bool pg_ok(pg_conn *conn);

#endif
