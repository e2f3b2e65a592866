/*
 * lecap recipients: who receives the reports by e-mail.
 *
 *   lecap recipients add REGION EMAIL [NOM]
 *   lecap recipients remove REGION EMAIL     (deactivates: history kept)
 *   lecap recipients list
 *   lecap recipients load FICHIER.csv        (region;email;nom[;actif])
 */
#include "commands.h"

#include "diffusion/destinataire.h"
#include "base/exitcode.h"
#include "base/log.h"

#include <string.h>

static int usage_error(const char *what)
{
	log_error("%s", what);
	log_hint("usage : lecap recipients add RÉGION ADRESSE [NOM] | remove RÉGION ADRESSE | list | load FICHIER.csv");
	return LECAP_USAGE;
}

int cmd_recipients(struct lecap_ctx *ctx, int argc, char **argv)
{
	pg_conn *conn = NULL;
	const char *sub;
	int ret;

	if (argc < 2)
		return usage_error("lecap recipients attend une action : add, remove, list ou load");
	sub = argv[1];
	for (int i = 2; i < argc; i++)
		if (argv[i][0] == '-' && argv[i][1] != '\0')
			return cmd_bad_option(argv[0], argv[i]);
	if (strcmp(sub, "add") == 0) {
		if (argc != 4 && argc != 5)
			return usage_error("lecap recipients add attend une région, une adresse et un nom facultatif");
	} else if (strcmp(sub, "remove") == 0) {
		if (argc != 4)
			return usage_error("lecap recipients remove attend une région et une adresse");
	} else if (strcmp(sub, "list") == 0) {
		if (argc != 2)
			return usage_error("lecap recipients list n'attend aucun argument");
	} else if (strcmp(sub, "load") == 0) {
		if (argc != 3)
			return usage_error("lecap recipients load attend un fichier CSV");
	} else {
		log_error("action inconnue pour recipients : « %s »", sub);
		log_hint("actions : add, remove, list, load ; lecap recipients --help les décrit");
		return LECAP_USAGE;
	}

	ret = ctx_connect(ctx, &conn);
	if (ret != LECAP_OK)
		return ret;
	if (strcmp(sub, "add") == 0)
		ret = dest_add(conn, argv[2], argv[3], argc == 5 ? argv[4] : "");
	else if (strcmp(sub, "remove") == 0)
		ret = dest_remove(conn, argv[2], argv[3]);
	else if (strcmp(sub, "list") == 0)
		ret = dest_list(conn);
	else
		ret = dest_load_csv(conn, argv[2]);
	pg_close(conn);
	return ret;
}
