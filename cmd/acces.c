/*
 * lecap acces: gives and takes readers' access to the database.
 *
 *   lecap acces ajouter-delegue LOGIN --region CODE [--region CODE...]
 *   lecap acces ajouter-analyste LOGIN
 *   lecap acces retirer LOGIN [--region CODE...]
 *   lecap acces lister
 */
#include "commands.h"

#include "base/exitcode.h"
#include "base/log.h"
#include "db/acces.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ACCES_USAGE "usage : lecap acces ajouter-delegue LOGIN --region CODE [--region CODE...] | " \
		    "ajouter-analyste LOGIN | retirer LOGIN [--region CODE...] | lister"

static int usage_error(const char *what)
{
	log_error("%s", what);
	log_hint(ACCES_USAGE);
	return LECAP_USAGE;
}

int cmd_acces(struct lecap_ctx *ctx, int argc, char **argv)
{
	const char **regions = NULL;
	const char *sub, *login = NULL;
	size_t nregions = 0;
	pg_conn *conn = NULL;
	int ret = LECAP_OK;

	if (argc < 2)
		return usage_error("lecap acces attend une action : ajouter-delegue, ajouter-analyste, "
				   "retirer ou lister");
	sub = argv[1];
	if (strcmp(sub, "ajouter-delegue") && strcmp(sub, "ajouter-analyste") && strcmp(sub, "retirer") &&
	    strcmp(sub, "lister")) {
		log_error("action inconnue pour acces : « %s »", sub);
		log_hint("actions : ajouter-delegue, ajouter-analyste, retirer, lister ; lecap acces --help les décrit");
		return LECAP_USAGE;
	}
	regions = calloc((size_t)argc, sizeof(*regions));
	if (!regions)
		return log_fail(LECAP_IO, "mémoire insuffisante");
	for (int i = 2; i < argc && ret == LECAP_OK; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--region") == 0) {
			if (i + 1 >= argc)
				ret = usage_error("--region attend un code INSEE de région (ex. 84)");
			else
				regions[nregions++] = argv[++i];
		} else if (strncmp(a, "--region=", 9) == 0) {
			regions[nregions++] = a + 9;
		} else if (a[0] == '-' && a[1] != '\0') {
			ret = cmd_bad_option(argv[0], a);
		} else if (!login) {
			login = a;
		} else {
			ret = usage_error("un seul LOGIN par commande");
		}
	}
	if (ret != LECAP_OK)
		goto cleanup;
	if (strcmp(sub, "lister") == 0) {
		if (login || nregions)
			ret = usage_error("lecap acces lister n'attend aucun argument");
	} else if (!login) {
		ret = usage_error("il manque LOGIN, le nom du rôle de connexion PostgreSQL de la personne");
	} else if (strcmp(sub, "ajouter-delegue") == 0 && nregions == 0) {
		ret = usage_error("ajouter-delegue attend au moins une --region CODE");
	} else if (strcmp(sub, "ajouter-analyste") == 0 && nregions > 0) {
		ret = usage_error("un analyste lit toutes les régions : ajouter-analyste n'a pas d'option --region");
	} else if (!acces_login_valid(login)) {
		ret = acces_bad_login(login);
	}
	if (ret != LECAP_OK)
		goto cleanup;

	ret = ctx_connect(ctx, &conn);
	if (ret != LECAP_OK)
		goto cleanup;
	struct acces_limits lim = {
		.statement_timeout_s = ctx->cfg.base_lecteurs_duree_requete,
		.idle_in_transaction_s = ctx->cfg.base_lecteurs_inactivite,
	};
	if (strcmp(sub, "ajouter-delegue") == 0)
		ret = acces_add_delegate(conn, login, regions, nregions, &lim);
	else if (strcmp(sub, "ajouter-analyste") == 0)
		ret = acces_add_analyst(conn, login, &lim);
	else if (strcmp(sub, "retirer") == 0)
		ret = acces_remove(conn, login, regions, nregions);
	else
		ret = acces_list(conn, stdout);
cleanup:
	pg_close(conn);
	free(regions);
	return ret;
}
