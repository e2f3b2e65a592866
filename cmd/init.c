/* lecap init: schema migrations, then the referential (src/dbinit.c). */
#include "commands.h"

#include "referentiel/dbinit.h"
#include "base/exitcode.h"
#include "referentiel/referentiel.h"

int cmd_init(struct lecap_ctx *ctx, int argc, char **argv)
{
	pg_conn *conn = NULL;
	ref_set *set = NULL;
	int ret;

	for (int i = 1; i < argc; i++)
		return cmd_bad_option(argv[0], argv[i]);

	ret = ctx_connect(ctx, &conn);
	if (ret != LECAP_OK)
		goto cleanup;
	/* A faulty grid stops here, before anything is written. */
	ret = ref_load(&ctx->cfg, &set);
	if (ret == LECAP_OK)
		ret = dbinit_apply(conn, set);
cleanup:
	pg_close(conn);
	ref_free(set);
	return ret;
}
