/*
 * lecap recipients: who receives the reports by e-mail.
 *
 *   lecap recipients add REGION|SIRET EMAIL [NOM]
 *   lecap recipients remove REGION|SIRET EMAIL  (deactivates / opts out: history kept)
 *   lecap recipients list
 *   lecap recipients load FICHIER.csv        (region|siret;email;nom[;actif])
 */
#include "commands.h"

#include "diffusion/destinataire.h"
#include "base/exitcode.h"
#include "base/log.h"

#include <string.h>

static int usage_error(const char *what)
{
	log_error("%s", what);
	log_hint("usage : lecap recipients add RÉGION|SIRET ADRESSE [NOM] | remove RÉGION|SIRET ADRESSE | list | load FICHIER.csv");
	return LECAP_USAGE;
}

int cmd_recipients_check(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s)
{
	const char *sub;
	int n = args->npos;

	(void)ctx;
	(void)s;
	if (n < 1)
		return usage_error("lecap recipients attend une action : add, remove, list ou load");
	sub = args->pos[0];
	if (strcmp(sub, "add") == 0) {
		if (n != 3 && n != 4)
			return usage_error("lecap recipients add attend une région, une adresse et un nom facultatif");
	} else if (strcmp(sub, "remove") == 0) {
		if (n != 3)
			return usage_error("lecap recipients remove attend une région et une adresse");
	} else if (strcmp(sub, "list") == 0) {
		if (n != 1)
			return usage_error("lecap recipients list n'attend aucun argument");
	} else if (strcmp(sub, "load") == 0) {
		if (n != 2)
			return usage_error("lecap recipients load attend un fichier CSV");
	} else {
		log_error("action inconnue pour recipients : « %s »", sub);
		log_hint("actions : add, remove, list, load ; lecap recipients --help les décrit");
		return LECAP_USAGE;
	}
	return LECAP_OK;
}

int cmd_recipients(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s)
{
	const char *sub = args->pos[0];
	char **a = args->pos;

	(void)ctx;
	char siret[15];

	if (strcmp(sub, "add") == 0)
		return destinataire_is_siret(a[1], siret) ? destinataire_member_add(s->conn, siret, a[2], args->npos == 4 ? a[3] : "")
						  : destinataire_add(s->conn, a[1], a[2], args->npos == 4 ? a[3] : "");
	if (strcmp(sub, "remove") == 0)
		return destinataire_is_siret(a[1], siret) ? destinataire_member_remove(s->conn, siret, a[2])
						  : destinataire_remove(s->conn, a[1], a[2]);
	if (strcmp(sub, "list") == 0)
		return destinataire_list(s->conn);
	return destinataire_load_csv(s->conn, a[1]);
}
