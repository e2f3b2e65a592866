/* Readers' login roles; see acces.h. */
#include "db/acces.h"

#include "base/exitcode.h"
#include "base/log.h"

#include <stdio.h>
#include <string.h>

#define CREATED_BY_LECAP "créé par lecap acces"

bool acces_login_valid(const char *login)
{
	size_t n = strlen(login);

	if (n == 0 || n > 63)
		return false;
	if (!((login[0] >= 'a' && login[0] <= 'z') || login[0] == '_'))
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = login[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-'))
			return false;
	}
	if (strncmp(login, "pg_", 3) == 0 || strcmp(login, "public") == 0 ||
	    strcmp(login, "lecap_analyste") == 0 || strcmp(login, "lecap_delegue") == 0)
		return false;
	return true;
}

int acces_bad_login(const char *login)
{
	log_error("identifiant de connexion invalide « %s »", login);
	log_hint("1 à 63 caractères : lettres minuscules sans accent, chiffres, _ . ou -, commençant "
		 "par une lettre ou _ (ex. jdupont, m.martin) ; ni pg_…, ni public, ni lecap_analyste, "
		 "ni lecap_delegue");
	return LECAP_USAGE;
}

/* Refuses the batch's own role and superusers: they are no readers. */
static int check_target(pg_conn *conn, const char *login, bool *exists)
{
	const char *params[1] = {login};
	pg_result *res;
	int ret;

	ret = pg_query(conn, "lecture du rôle de connexion",
		       "SELECT r.rolname = current_user, r.rolsuper FROM pg_catalog.pg_roles r "
		       "WHERE r.rolname = $1", 1, params, &res);
	if (ret != LECAP_OK)
		return ret;
	*exists = pg_ntuples(res) == 1;
	if (*exists && strcmp(pg_value(res, 0, 0), "t") == 0) {
		log_error("« %s » est le rôle sous lequel lecap écrit : ce n'est pas un lecteur", login);
		log_hint("donnez aux personnes leur propre identifiant de connexion");
		ret = LECAP_USAGE;
	} else if (*exists && strcmp(pg_value(res, 0, 1), "t") == 0) {
		log_error("« %s » est un superutilisateur de PostgreSQL : il lit déjà tout", login);
		log_hint("donnez aux personnes un identifiant de connexion sans privilège particulier");
		ret = LECAP_USAGE;
	}
	pg_result_free(res);
	return ret;
}

/* The login role, created when missing, with its limits. */
static int ensure_role(pg_conn *conn, const char *login, const struct acces_limits *lim)
{
	char stmt[32], idle[32];
	bool exists;
	int ret;

	ret = check_target(conn, login, &exists);
	if (ret != LECAP_OK)
		return ret;
	if (!exists) {
		ret = pg_exec_ident(conn, "création du rôle de connexion", "CREATE ROLE %I LOGIN", login, NULL);
		if (ret == LECAP_OK)
			ret = pg_exec_ident(conn, "création du rôle de connexion", "COMMENT ON ROLE %I IS %L",
					    login, CREATED_BY_LECAP);
		if (ret != LECAP_OK) {
			log_hint("le rôle qui lance lecap acces doit avoir l'attribut CREATEROLE "
				 "(ALTER ROLE … CREATEROLE, par un administrateur de PostgreSQL)");
			return ret;
		}
		log_info("rôle de connexion %s créé : donnez-lui un mot de passe (\\password %s dans psql) "
			 "ou une règle de pg_hba.conf", login, login);
	}
	snprintf(stmt, sizeof(stmt), "%ds", lim->statement_timeout_s);
	snprintf(idle, sizeof(idle), "%ds", lim->idle_in_transaction_s);
	ret = pg_exec_ident(conn, "limites du rôle de connexion", "ALTER ROLE %I SET statement_timeout = %L",
			    login, stmt);
	if (ret == LECAP_OK)
		ret = pg_exec_ident(conn, "limites du rôle de connexion",
				    "ALTER ROLE %I SET idle_in_transaction_session_timeout = %L", login, idle);
	return ret;
}

/* A login lecap accepts (else refused, LECAP_USAGE), and the transaction of
 * its changes begun. */
static int begin_for(pg_conn *conn, const char *login)
{
	if (!acces_login_valid(login))
		return acces_bad_login(login);
	return pg_begin(conn);
}

int acces_add_delegate(pg_conn *conn, const char *login, const char *const *regions, size_t nregions,
		       const struct acces_limits *lim)
{
	int ret;

	ret = begin_for(conn, login);
	if (ret != LECAP_OK)
		return ret;
	for (size_t i = 0; ret == LECAP_OK && i < nregions; i++) {
		const char *params[1] = {regions[i]};
		pg_result *res;
		ret = pg_query(conn, "lecture des régions", "SELECT 1 FROM lecap.region WHERE code = $1", 1,
			       params, &res);
		if (ret == LECAP_OK && pg_ntuples(res) == 0) {
			log_error("région inconnue « %s »", regions[i]);
			log_hint("un code INSEE de région de lecap.region (ex. 84 pour Auvergne-Rhône-Alpes)");
			ret = LECAP_USAGE;
		}
		pg_result_free(res);
	}
	if (ret == LECAP_OK)
		ret = ensure_role(conn, login, lim);
	if (ret == LECAP_OK)
		ret = pg_exec_ident(conn, "droits du délégué", "GRANT lecap_delegue TO %I", login, NULL);
	for (size_t i = 0; ret == LECAP_OK && i < nregions; i++) {
		const char *params[2] = {login, regions[i]};
		ret = pg_command(conn, "régions du délégué",
				 "INSERT INTO lecap.delegue_region (login, region) VALUES ($1, $2) "
				 "ON CONFLICT DO NOTHING", 2, params);
	}
	ret = pg_end(conn, ret);
	if (ret != LECAP_OK)
		return ret;
	log_info("%s est délégué·e des régions demandées", login);
	return LECAP_OK;
}

int acces_add_analyst(pg_conn *conn, const char *login, const struct acces_limits *lim)
{
	int ret;

	ret = begin_for(conn, login);
	if (ret == LECAP_OK)
		ret = ensure_role(conn, login, lim);
	if (ret == LECAP_OK)
		ret = pg_exec_ident(conn, "droits de l'analyste", "GRANT lecap_analyste TO %I", login, NULL);
	ret = pg_end(conn, ret);
	if (ret != LECAP_OK)
		return ret;
	log_info("%s est analyste", login);
	return LECAP_OK;
}

/* Takes every access; drops the role when lecap acces made it and nothing
 * depends on it (objects it owns, privileges granted to it in any database:
 * pg_shdepend). */
static int remove_all(pg_conn *conn, const char *login, bool *dropped)
{
	const char *params[1] = {login};
	pg_result *res;
	bool droppable;
	int ret;

	*dropped = false;
	ret = pg_query(conn, "lecture du rôle de connexion",
		       "SELECT coalesce(shobj_description(r.oid, 'pg_authid'), '') = '" CREATED_BY_LECAP "' "
		       "AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_shdepend d WHERE d.refobjid = r.oid "
		       "AND d.refclassid = 'pg_catalog.pg_authid'::regclass), "
		       "pg_has_role(r.oid, 'lecap_analyste', 'MEMBER') OR pg_has_role(r.oid, 'lecap_delegue', 'MEMBER') "
		       "OR EXISTS (SELECT 1 FROM lecap.delegue_region d WHERE d.login = r.rolname) "
		       "FROM pg_catalog.pg_roles r WHERE r.rolname = $1", 1, params, &res);
	if (ret != LECAP_OK)
		return ret;
	if (pg_ntuples(res) == 0 || strcmp(pg_value(res, 0, 1), "t") != 0) {
		log_error("« %s » n'a aucun accès à lecap", login);
		log_hint("lecap acces lister montre les lecteurs");
		pg_result_free(res);
		return LECAP_USAGE;
	}
	droppable = strcmp(pg_value(res, 0, 0), "t") == 0;
	pg_result_free(res);
	ret = pg_exec_ident(conn, "retrait des droits", "REVOKE lecap_analyste, lecap_delegue FROM %I", login,
			    NULL);
	if (ret == LECAP_OK)
		ret = pg_command(conn, "retrait des régions", "DELETE FROM lecap.delegue_region WHERE login = $1",
				 1, params);
	if (ret != LECAP_OK)
		return ret;
	if (!droppable) {
		log_warn("le rôle de connexion %s est gardé : lecap acces ne l'a pas créé, ou d'autres "
			 "objets en dépendent", login);
		return LECAP_OK;
	}
	ret = pg_exec_ident(conn, "suppression du rôle de connexion", "DROP ROLE %I", login, NULL);
	*dropped = ret == LECAP_OK;
	return ret;
}

int acces_remove(pg_conn *conn, const char *login, const char *const *regions, size_t nregions)
{
	bool dropped = false;
	int ret;

	ret = begin_for(conn, login);
	if (ret != LECAP_OK)
		return ret;
	if (nregions == 0) {
		ret = remove_all(conn, login, &dropped);
	} else {
		for (size_t i = 0; ret == LECAP_OK && i < nregions; i++) {
			const char *params[2] = {login, regions[i]};
			pg_result *res;
			ret = pg_query(conn, "retrait d'une région",
				       "DELETE FROM lecap.delegue_region WHERE login = $1 AND region = $2", 2,
				       params, &res);
			if (ret == LECAP_OK && pg_cmd_tuples(res) == 0) {
				log_error("%s n'est pas délégué·e de la région « %s »", login, regions[i]);
				log_hint("lecap acces lister montre les régions de chaque délégué");
				ret = LECAP_USAGE;
			}
			pg_result_free(res);
		}
	}
	ret = pg_end(conn, ret);
	if (ret != LECAP_OK)
		return ret;
	if (nregions > 0)
		log_info("régions retirées à %s", login);
	else
		log_info("accès de %s retirés%s", login, dropped ? ", rôle de connexion supprimé" : "");
	return LECAP_OK;
}

int acces_list(pg_conn *conn, FILE *out)
{
	pg_result *res;
	int ret;

	/* Members of the group roles, and delegates' rows whose role is gone. */
	ret = pg_query(conn, "liste des lecteurs",
		       "WITH l AS ("
		       " SELECT r.rolname AS login, r.rolcanlogin AS connexion,"
		       "  pg_has_role(r.oid, 'lecap_analyste', 'MEMBER') AS analyste,"
		       "  pg_has_role(r.oid, 'lecap_delegue', 'MEMBER') AS delegue,"
		       "  (SELECT s.setconfig FROM pg_catalog.pg_db_role_setting s"
		       "    WHERE s.setrole = r.oid AND s.setdatabase = 0) AS reglages"
		       " FROM pg_catalog.pg_roles r"
		       " WHERE NOT r.rolsuper AND r.rolname NOT IN ('lecap_analyste', 'lecap_delegue')"
		       "  AND (pg_has_role(r.oid, 'lecap_analyste', 'MEMBER')"
		       "   OR pg_has_role(r.oid, 'lecap_delegue', 'MEMBER')))"
		       "SELECT l.login,"
		       " concat_ws('+', CASE WHEN l.analyste THEN 'analyste' END,"
		       "  CASE WHEN l.delegue THEN 'delegue' END),"
		       " coalesce((SELECT string_agg(d.region, ',' ORDER BY d.region) FROM lecap.delegue_region d"
		       "  WHERE d.login = l.login), '-'),"
		       " coalesce((SELECT substr(c, 19) FROM unnest(l.reglages) c WHERE c LIKE 'statement_timeout=%'), '-'),"
		       " coalesce((SELECT substr(c, 37) FROM unnest(l.reglages) c"
		       "  WHERE c LIKE 'idle_in_transaction_session_timeout=%'), '-'),"
		       " CASE WHEN l.connexion THEN 'oui' ELSE 'non' END "
		       "FROM l ORDER BY l.login",
		       0, NULL, &res);
	if (ret != LECAP_OK)
		return ret;
	fprintf(out, "%-20s %-17s %-14s %-10s %-11s %s\n", "login", "rôle", "régions", "requête", "inactivité",
		"connexion");
	for (int i = 0; i < pg_ntuples(res); i++)
		fprintf(out, "%-20s %-16s %-13s %-9s %-10s %s\n", pg_value(res, i, 0), pg_value(res, i, 1),
			pg_value(res, i, 2), pg_value(res, i, 3), pg_value(res, i, 4), pg_value(res, i, 5));
	pg_result_free(res);
	return LECAP_OK;
}
