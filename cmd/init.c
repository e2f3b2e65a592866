/* lecap init: schema migrations, then the referential. */
#include "commands.h"

#include "exitcode.h"
#include "log.h"
#include "migrate.h"

#include <string.h>

int cmd_init(struct lecap_ctx *ctx, int argc, char **argv)
{
	pg_conn *conn = NULL;
	int applied = 0, ret;

	for (int i = 1; i < argc; i++)
		return cmd_bad_option(argv[0], argv[i]);

	ret = ctx_connect(ctx, &conn);
	if (ret != LECAP_OK)
		return ret;
	ret = migrate_apply(conn, &applied);
	if (ret != LECAP_OK)
		goto cleanup;
	if (applied == 0)
		log_info("schéma à jour (version %d) : aucune migration à appliquer",
			 migrate_current(conn));
	else
		log_info("schéma mis à jour : %d migration(s) appliquée(s), version %d",
			 applied, migrate_current(conn));
cleanup:
	pg_close(conn);
	return ret;
}
