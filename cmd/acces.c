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

int cmd_acces_check(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s)
{
	const char *sub = args->npos ? args->pos[0] : NULL;
	const char *login = args->npos > 1 ? args->pos[1] : NULL;
	int nregions = args->nlist;

	(void)ctx;
	(void)s;
	if (!sub)
		return usage_error("lecap acces attend une action : ajouter-delegue, ajouter-analyste, "
				   "retirer ou lister");
	if (strcmp(sub, "ajouter-delegue") && strcmp(sub, "ajouter-analyste") && strcmp(sub, "retirer") &&
	    strcmp(sub, "lister")) {
		log_error("action inconnue pour acces : « %s »", sub);
		log_hint("actions : ajouter-delegue, ajouter-analyste, retirer, lister ; lecap acces --help les décrit");
		return LECAP_USAGE;
	}
	if (args->npos > 2)
		return usage_error("un seul LOGIN par commande");
	if (strcmp(sub, "lister") == 0)
		return login || nregions ? usage_error("lecap acces lister n'attend aucun argument") : LECAP_OK;
	if (!login)
		return usage_error("il manque LOGIN, le nom du rôle de connexion PostgreSQL de la personne");
	if (strcmp(sub, "ajouter-delegue") == 0 && nregions == 0)
		return usage_error("ajouter-delegue attend au moins une --region CODE");
	if (strcmp(sub, "ajouter-analyste") == 0 && nregions > 0)
		return usage_error("un analyste lit toutes les régions : ajouter-analyste n'a pas d'option --region");
	if (!acces_login_valid(login))
		return acces_bad_login(login);
	return LECAP_OK;
}

int cmd_acces(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s)
{
	const char *sub = args->pos[0], *login = args->npos > 1 ? args->pos[1] : NULL;
	const char *const *regions = args->list;
	size_t nregions = (size_t)args->nlist;
	struct acces_limits lim = {
		.statement_timeout_s = ctx->cfg.base_lecteurs_duree_requete,
		.idle_in_transaction_s = ctx->cfg.base_lecteurs_inactivite,
	};

	if (strcmp(sub, "ajouter-delegue") == 0)
		return acces_add_delegate(s->conn, login, regions, nregions, &lim);
	if (strcmp(sub, "ajouter-analyste") == 0)
		return acces_add_analyst(s->conn, login, &lim);
	if (strcmp(sub, "retirer") == 0)
		return acces_remove(s->conn, login, regions, nregions);
	return acces_list(s->conn, stdout);
}
