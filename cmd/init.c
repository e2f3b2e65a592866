/* lecap init: schema migrations, functions and views, then the referential
 * (src/referentiel/dbinit.c). The grid is read before anything is written:
 * a faulty grid stops the command before the database changes. */
#include "commands.h"

#include "referentiel/dbinit.h"

int cmd_init(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s)
{
	(void)args;
	return dbinit_apply(s->conn, s->ref, ctx->cfg.referentiel_vision);
}
