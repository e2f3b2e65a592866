/* lecap init: schema migrations, then the referential. */
#include "commands.h"

#include "exitcode.h"
#include "log.h"
#include "migrate.h"
#include "referentiel.h"
#include "referentiel_db.h"

#include <string.h>

int cmd_init(struct lecap_ctx *ctx, int argc, char **argv)
{
	pg_conn *conn = NULL;
	ref_set *set = NULL;
	int applied = 0, ret;

	for (int i = 1; i < argc; i++)
		return cmd_bad_option(argv[0], argv[i]);

	ret = ctx_connect(ctx, &conn);
	if (ret != LECAP_OK)
		goto cleanup;
	/* A faulty grid stops here, before anything is written. */
	ret = ref_load(&ctx->cfg, &set);
	if (ret != LECAP_OK)
		goto cleanup;
	ret = migrate_apply(conn, &applied);
	if (ret != LECAP_OK)
		goto cleanup;
	if (applied == 0)
		log_info("schéma à jour (version %d) : aucune migration à appliquer",
			 migrate_current(conn));
	else
		log_info("schéma mis à jour : %d migration(s) appliquée(s), version %d",
			 applied, migrate_current(conn));
	ret = ref_db_load(conn, set);
cleanup:
	pg_close(conn);
	ref_free(set);
	return ret;
}
