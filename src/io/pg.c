/* libpq wrapper; see pg.h. */
#include "io/pg.h"

#include "base/exitcode.h"
#include "base/log.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pg_conn {
	PGconn *conn;
	const char *copy_purpose;
	char sqlstate[6];      /* of the last error (since pg_expect_sqlstate), "" when none */
	char quiet_state[6];   /* an error of this SQLSTATE is expected: not logged */
	bool blocker_pending;  /* a lock timeout inside a transaction: report after ROLLBACK */
	bool server_hint;      /* the last error came with the server's HINT, logged */
	int lock_wait_s;       /* pg_set_lock_wait */
	const char *prepared[PG_PREPARED_MAX]; /* pg_query_prepared: statement lecap_N is prepared[N] */
	int n_prepared;
};

#define SQLSTATE_LOCK_NOT_AVAILABLE "55P03"

struct pg_result {
	PGresult *res;
};

/* libpq messages end with a newline and may span lines: keep the first. */
static const char *first_line(const char *msg, char *buf, size_t size)
{
	size_t n = strcspn(msg, "\n");
	if (n >= size)
		n = size - 1;
	memcpy(buf, msg, n);
	buf[n] = '\0';
	return buf;
}

static void quiet_notices(void *arg, const PGresult *res)
{
	(void)arg;
	char buf[512];
	log_debug("serveur : %s", first_line(PQresultErrorMessage(res), buf, sizeof(buf)));
}

bool pg_conninfo_has_password(const char *conninfo)
{
	PQconninfoOption *opts, *o;
	bool found = false;

	if (!conninfo || !*conninfo)
		return false;
	opts = PQconninfoParse(conninfo, NULL);
	if (!opts)
		return false;
	for (o = opts; o->keyword; o++)
		if (strcmp(o->keyword, "password") == 0 && o->val && *o->val)
			found = true;
	PQconninfoFree(opts);
	return found;
}

int pg_conninfo_check(const char *conninfo, const char *origin)
{
	char *err = NULL;
	PQconninfoOption *opts;
	char buf[512];

	if (!conninfo || !*conninfo)
		return LECAP_OK;
	opts = PQconninfoParse(conninfo, &err);
	if (!opts) {
		log_error("%s : chaîne de connexion invalide : %s", origin,
			  err ? first_line(err, buf, sizeof(buf)) : "mémoire insuffisante");
		log_hint("exemples : \"host=/run/postgresql dbname=lecap\" ou \"postgresql://lecap@serveur/lecap\"");
		PQfreemem(err);
		return LECAP_USAGE;
	}
	PQconninfoFree(opts);
	return LECAP_OK;
}

int pg_connect(const char *conninfo, pg_conn **out)
{
	const char *keys[6], *vals[6];
	int n = 0;
	pg_conn *c;
	char buf[1024];

	*out = NULL;
	/* Later entries override earlier ones: the timeout comes first so that a
	 * conninfo's own connect_timeout wins; our session settings come last. */
	if (!getenv("PGCONNECT_TIMEOUT")) {
		keys[n] = "connect_timeout";
		vals[n++] = "10";
	}
	keys[n] = "dbname";
	vals[n++] = conninfo ? conninfo : "";
	keys[n] = "application_name";
	vals[n++] = "lecap";
	keys[n] = "client_encoding";
	vals[n++] = "UTF8";
	keys[n] = NULL;
	vals[n] = NULL;

	c = calloc(1, sizeof(*c));
	if (!c)
		return log_fail(LECAP_IO, "mémoire insuffisante");
	c->conn = PQconnectdbParams(keys, vals, 1);
	if (!c->conn || PQstatus(c->conn) != CONNECTION_OK) {
		log_error("connexion à PostgreSQL impossible : %s",
			  c->conn ? first_line(PQerrorMessage(c->conn), buf, sizeof(buf)) : "mémoire insuffisante");
		log_hint("vérifiez [base] conninfo, l'option -d ou PGHOST/PGDATABASE, et que le serveur est démarré");
		PQfinish(c->conn);
		free(c);
		return LECAP_DB;
	}
	PQsetNoticeReceiver(c->conn, quiet_notices, NULL);
	c->lock_wait_s = 300;
	*out = c;
	if (pg_exec(c, "réglage de la session",
		    "SELECT pg_catalog.set_config('search_path', 'lecap, pg_catalog', false);"
		    "SET datestyle = 'ISO, DMY'; SET timezone = 'Europe/Paris';") != LECAP_OK) {
		pg_close(c);
		*out = NULL;
		return LECAP_DB;
	}
	return LECAP_OK;
}

/* Appends key='value' to a conninfo string, quoting as libpq reads it. */
static int conninfo_append(char *buf, size_t size, size_t *len, const char *key, const char *val)
{
	int n = snprintf(buf + *len, size - *len, "%s%s='", *len ? " " : "", key);

	if (n < 0 || (size_t)n >= size - *len)
		return -1;
	*len += (size_t)n;
	for (const char *p = val; *p; p++) {
		if (*len + 3 >= size)
			return -1;
		if (*p == '\\' || *p == '\'')
			buf[(*len)++] = '\\';
		buf[(*len)++] = *p;
	}
	if (*len + 2 >= size)
		return -1;
	buf[(*len)++] = '\'';
	buf[*len] = '\0';
	return 0;
}

int pg_connect_like(const pg_conn *like, pg_conn **out)
{
	PQconninfoOption *opts = PQconninfo(like->conn);
	char buf[4096];
	size_t len = 0;
	int ret = LECAP_OK;

	*out = NULL;
	buf[0] = '\0';
	if (!opts)
		return log_fail(LECAP_IO, "mémoire insuffisante");
	for (const PQconninfoOption *o = opts; o->keyword && ret == LECAP_OK; o++)
		if (o->val && *o->val && conninfo_append(buf, sizeof buf, &len, o->keyword, o->val) != 0)
			ret = log_fail(LECAP_IO, "paramètres de connexion trop longs pour une seconde session");
	PQconninfoFree(opts);
	if (ret == LECAP_OK && (ret = pg_connect(buf, out)) == LECAP_OK &&
	    (ret = pg_set_lock_wait(*out, like->lock_wait_s)) != LECAP_OK) {
		pg_close(*out);
		*out = NULL;
	}
	explicit_bzero(buf, sizeof buf); /* may hold a password */
	return ret;
}

void pg_close(pg_conn *conn)
{
	if (!conn)
		return;
	PQfinish(conn->conn);
	free(conn);
}

bool pg_ok(pg_conn *conn)
{
	return conn && PQstatus(conn->conn) == CONNECTION_OK;
}

/*
 * Names the session that most likely holds the lock lecap waited for: the
 * oldest transaction, other than ours, holding a lock on a relation of
 * schema lecap. pg_stat_activity shows another role's transaction start and
 * query only to a superuser or a member of pg_read_all_stats.
 */
static void report_blocker(pg_conn *conn)
{
	PGresult *res = PQexec(conn->conn,
		"SELECT a.usename, coalesce(nullif(a.application_name, ''), '-'), "
		"coalesce(to_char(coalesce(a.xact_start, a.backend_start), 'DD/MM/YYYY HH24:MI:SS'), '?'), "
		"coalesce(nullif(split_part(btrim(a.query, E' \n\t'), E'\n', 1), ''), '?'), a.pid, "
		"coalesce(a.state, '?') "
		"FROM pg_catalog.pg_stat_activity a "
		"WHERE a.pid <> pg_catalog.pg_backend_pid() AND a.pid IN ("
		" SELECT l.pid FROM pg_catalog.pg_locks l JOIN pg_catalog.pg_class c ON c.oid = l.relation"
		" WHERE l.granted AND c.relnamespace = 'lecap'::regnamespace) "
		"ORDER BY a.xact_start NULLS LAST, a.pid LIMIT 1");

	if (res && PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1) {
		log_error("le verrou est tenu par la session de « %s » (application « %s », transaction "
			  "ouverte depuis le %s, état %s, pid %s) ; sa requête : %s",
			  PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 1), PQgetvalue(res, 0, 2),
			  PQgetvalue(res, 0, 5), PQgetvalue(res, 0, 4), PQgetvalue(res, 0, 3));
		log_hint("rien n'a été appliqué ; la prochaine exécution reprendra. Demandez-lui de terminer "
			 "sa transaction, ou terminez-la : SELECT pg_terminate_backend(%s);", PQgetvalue(res, 0, 4));
	} else {
		log_error("le verrou est tenu par une autre session, qui n'est plus visible");
		log_hint("rien n'a été appliqué ; la prochaine exécution reprendra");
	}
	PQclear(res);
}

int pg_set_lock_wait(pg_conn *conn, int seconds)
{
	char wait[32];
	const char *params[1] = {wait};

	conn->lock_wait_s = seconds > 0 ? seconds : 1;
	snprintf(wait, sizeof(wait), "%ds", conn->lock_wait_s);
	return pg_command(conn, "réglage de l'attente des verrous",
			  "SELECT pg_catalog.set_config('lock_timeout', $1, false)", 1, params);
}

int pg_lock_wait(const pg_conn *conn)
{
	return conn->lock_wait_s;
}

void pg_expect_sqlstate(pg_conn *conn, const char *sqlstate)
{
	snprintf(conn->quiet_state, sizeof(conn->quiet_state), "%s", sqlstate ? sqlstate : "");
	if (sqlstate)
		conn->sqlstate[0] = '\0';
}

bool pg_last_error_had_hint(const pg_conn *conn)
{
	return conn->server_hint;
}

bool pg_last_error_is_lock_timeout(const pg_conn *conn)
{
	return strcmp(conn->sqlstate, SQLSTATE_LOCK_NOT_AVAILABLE) == 0;
}

static int report(pg_conn *conn, const char *purpose, PGresult *res)
{
	char buf[1024];
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *detail = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL;
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *hint = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_HINT) : NULL;

	snprintf(conn->sqlstate, sizeof(conn->sqlstate), "%s", state ? state : "");
	conn->server_hint = false;
	if (conn->quiet_state[0] && strcmp(conn->sqlstate, conn->quiet_state) == 0)
		return LECAP_DB;
	if (strcmp(conn->sqlstate, SQLSTATE_LOCK_NOT_AVAILABLE) == 0) {
		log_error("base de données, %s : verrou non obtenu en %d s ([base] attente_verrous)", purpose,
			  conn->lock_wait_s);
		if (PQtransactionStatus(conn->conn) == PQTRANS_IDLE)
			report_blocker(conn);
		else
			conn->blocker_pending = true;
		return LECAP_DB;
	}

	if (!msg || !*msg)
		msg = res ? PQresultErrorMessage(res) : PQerrorMessage(conn->conn);
	if (!msg || !*msg)
		msg = PQerrorMessage(conn->conn);
	log_error("base de données, %s : %s", purpose, first_line(msg, buf, sizeof(buf)));
	if (detail)
		log_error("détail : %s", first_line(detail, buf, sizeof(buf)));
	/* A hint written for the operator (RAISE ... USING HINT in sql/). */
	if (hint && *hint) {
		log_hint("%s", first_line(hint, buf, sizeof(buf)));
		conn->server_hint = true;
	}
	if (PQstatus(conn->conn) != CONNECTION_OK)
		log_hint("la connexion au serveur est perdue ; la prochaine exécution reprendra le travail");
	return LECAP_DB;
}

int pg_exec(pg_conn *conn, const char *purpose, const char *sql)
{
	PGresult *res;

	res = PQexec(conn->conn, sql);
	int ret = LECAP_OK;
	ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		ret = report(conn, purpose, res);
	PQclear(res);
	return ret;
}

int pg_exec_ident(pg_conn *conn, const char *purpose, const char *sql_template, const char *ident,
		  const char *literal)
{
	char *qi = NULL, *ql = NULL, *sql = NULL;
	size_t len = 1, n = 0;
	int ret;

	qi = PQescapeIdentifier(conn->conn, ident, strlen(ident));
	if (literal)
		ql = PQescapeLiteral(conn->conn, literal, strlen(literal));
	if (!qi || (literal && !ql)) {
		ret = report(conn, purpose, NULL);
		goto cleanup;
	}
	for (const char *p = sql_template; *p; p++) {
		if (p[0] == '%' && p[1] == 'I')
			len += strlen(qi), p++;
		else if (p[0] == '%' && p[1] == 'L' && ql)
			len += strlen(ql), p++;
		else
			len++;
	}
	sql = malloc(len);
	if (!sql) {
		ret = log_fail(LECAP_IO, "mémoire insuffisante");
		goto cleanup;
	}
	for (const char *p = sql_template; *p; p++) {
		const char *q = NULL;
		if (p[0] == '%' && p[1] == 'I')
			q = qi;
		else if (p[0] == '%' && p[1] == 'L' && ql)
			q = ql;
		if (q) {
			memcpy(sql + n, q, strlen(q));
			n += strlen(q);
			p++;
		} else {
			sql[n++] = *p;
		}
	}
	sql[n] = '\0';
	/* sql-constante: a constant template, the identifier and literal quoted by libpq */
	ret = pg_exec(conn, purpose, sql);
cleanup:
	free(sql);
	PQfreemem(qi);
	PQfreemem(ql);
	return ret;
}

/* A statement's result handed out in *out, or its error reported (and res freed). */
static int result_of(pg_conn *conn, const char *purpose, PGresult *res, pg_result **out)
{
	ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;

	*out = NULL;
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		int ret = report(conn, purpose, res);
		PQclear(res);
		return ret;
	}
	*out = malloc(sizeof(**out));
	if (!*out) {
		PQclear(res);
		return log_fail(LECAP_IO, "mémoire insuffisante");
	}
	(*out)->res = res;
	return LECAP_OK;
}

int pg_query(pg_conn *conn, const char *purpose, const char *sql, int nparams,
	     const char *const *params, pg_result **out)
{
	return result_of(conn, purpose, PQexecParams(conn->conn, sql, nparams, NULL, params, NULL, NULL, 0), out);
}

int pg_send(pg_conn *conn, const char *purpose, const char *sql)
{
	if (!PQsendQueryParams(conn->conn, sql, 0, NULL, NULL, NULL, NULL, 0))
		return report(conn, purpose, NULL);
	return LECAP_OK;
}

int pg_receive(pg_conn *conn, const char *purpose, pg_result **out)
{
	PGresult *res = PQgetResult(conn->conn), *more;

	/* one statement, one result: what may follow it (nothing, as a rule)
	 * read up to the end, as PQexec does */
	while ((more = PQgetResult(conn->conn)) != NULL)
		PQclear(more);
	return result_of(conn, purpose, res, out);
}

int pg_query_prepared(pg_conn *conn, const char *purpose, const char *sql, int nparams,
		      const char *const *params, pg_result **out)
{
	char name[24]; /* "lecap_" and an int */
	int k = 0, ret;

	while (k < conn->n_prepared && conn->prepared[k] != sql)
		k++;
	if (k == conn->n_prepared) {
		if (k == PG_PREPARED_MAX) /* full: planned at each call, as pg_query */
			return pg_query(conn, purpose, sql, nparams, params, out);
		snprintf(name, sizeof name, "lecap_%d", k);
		if ((ret = result_of(conn, purpose, PQprepare(conn->conn, name, sql, nparams, NULL), out)) != LECAP_OK)
			return ret;
		pg_result_free(*out);
		conn->prepared[conn->n_prepared++] = sql;
	}
	snprintf(name, sizeof name, "lecap_%d", k);
	return result_of(conn, purpose, PQexecPrepared(conn->conn, name, nparams, params, NULL, NULL, 0), out);
}

int pg_command(pg_conn *conn, const char *purpose, const char *sql, int nparams,
	       const char *const *params)
{
	pg_result *res;
	int ret = pg_query(conn, purpose, sql, nparams, params, &res);
	pg_result_free(res);
	return ret;
}

int pg_ntuples(const pg_result *res) { return PQntuples(res->res); }
int pg_nfields(const pg_result *res) { return PQnfields(res->res); }
const char *pg_value(const pg_result *res, int row, int col) { return PQgetvalue(res->res, row, col); }
bool pg_isnull(const pg_result *res, int row, int col) { return PQgetisnull(res->res, row, col); }

long pg_cmd_tuples(const pg_result *res)
{
	return strtol(PQcmdTuples(res->res), NULL, 10);
}

void pg_result_free(pg_result *res)
{
	if (!res)
		return;
	PQclear(res->res);
	free(res);
}

int pg_begin(pg_conn *conn) { return pg_exec(conn, "début de transaction", "BEGIN"); }
int pg_commit(pg_conn *conn) { return pg_exec(conn, "validation de la transaction", "COMMIT"); }

void pg_rollback(pg_conn *conn)
{
	PGresult *res;
	if (!conn || PQstatus(conn->conn) != CONNECTION_OK)
		return;
	res = PQexec(conn->conn, "ROLLBACK");
	PQclear(res);
	if (conn->blocker_pending) {
		conn->blocker_pending = false;
		report_blocker(conn);
	}
}

int pg_copy_begin(pg_conn *conn, const char *purpose, const char *sql)
{
	PGresult *res = PQexec(conn->conn, sql);
	int ret = LECAP_OK;

	if (!res || PQresultStatus(res) != PGRES_COPY_IN)
		ret = report(conn, purpose, res);
	PQclear(res);
	conn->copy_purpose = purpose;
	return ret;
}

int pg_copy_put(pg_conn *conn, const char *buf, size_t len)
{
	if (PQputCopyData(conn->conn, buf, (int)len) != 1)
		return report(conn, conn->copy_purpose, NULL);
	return LECAP_OK;
}

int pg_copy_end(pg_conn *conn, const char *abort_msg)
{
	PGresult *res;
	int ret = LECAP_OK;

	if (PQputCopyEnd(conn->conn, abort_msg) != 1)
		ret = report(conn, conn->copy_purpose, NULL);
	/* Drain every result, as the protocol requires, keeping the first error. */
	while ((res = PQgetResult(conn->conn)) != NULL) {
		if (PQresultStatus(res) != PGRES_COMMAND_OK && ret == LECAP_OK && !abort_msg)
			ret = report(conn, conn->copy_purpose, res);
		PQclear(res);
	}
	if (abort_msg && ret == LECAP_OK)
		ret = LECAP_OK;
	return ret;
}

int pg_try_lock(pg_conn *conn, long long key, bool *got)
{
	char keybuf[32];
	const char *params[1] = {keybuf};
	pg_result *res;
	int ret;

	snprintf(keybuf, sizeof(keybuf), "%lld", key);
	ret = pg_query(conn, "prise du verrou d'exécution", "SELECT pg_try_advisory_lock($1::bigint)",
		       1, params, &res);
	if (ret != LECAP_OK)
		return ret;
	*got = strcmp(pg_value(res, 0, 0), "t") == 0;
	pg_result_free(res);
	return LECAP_OK;
}

void pg_report_lock_holder(pg_conn *conn)
{
	if (pg_ok(conn))
		report_blocker(conn);
}

enum pg_kind pg_fkind(const pg_result *res, int col)
{
	switch (PQftype(res->res, col)) {
	case 20: case 21: case 23: case 700: case 701: case 1700: /* int8 int2 int4 float4 float8 numeric */
		return PG_NUMBER;
	case 16: /* bool */
		return PG_BOOL;
	default:
		return PG_TEXT;
	}
}

int pg_fscale(const pg_result *res, int col)
{
	int mod;

	switch (PQftype(res->res, col)) {
	case 20: case 21: case 23:
		return 0;
	case 1700:
		mod = PQfmod(res->res, col);
		return mod >= 4 ? ((mod - 4) & 0xffff) : -1;
	default:
		return -1;
	}
}

const char *pg_fname(const pg_result *res, int col)
{
	return PQfname(res->res, col);
}

int pg_table_readable(pg_conn *conn, const char *purpose, const char *table, bool *readable)
{
	const char *params[1] = {table};
	pg_result *res;
	int ret;

	*readable = false;
	/* has_table_privilege(oid) is NULL for a missing table: no error. */
	ret = pg_query(conn, purpose,
		       "SELECT coalesce(pg_catalog.has_table_privilege(pg_catalog.to_regclass($1::text), 'SELECT'), "
		       "false)",
		       1, params, &res);
	if (ret != LECAP_OK)
		return ret;
	*readable = strcmp(pg_value(res, 0, 0), "t") == 0;
	pg_result_free(res);
	return LECAP_OK;
}

int pg_end(pg_conn *conn, int status)
{
	if (status == LECAP_OK)
		status = pg_commit(conn);
	if (status != LECAP_OK)
		pg_rollback(conn);
	return status;
}
