/*
 * The commands of bin/lecap: one file per command in cmd/, all dispatched by
 * the table in cmd/lecap.c. A command returns an exit code (src/exitcode.h);
 * only main() exits.
 */
#ifndef LECAP_COMMANDS_H
#define LECAP_COMMANDS_H

#include "base/config.h"
#include "io/pg.h"

#include <stdio.h>

#include <stdio.h>

struct lecap_ctx {
	struct lecap_config cfg;
	const char *dbname; /* -d/--dbname, or NULL */
};

typedef int (*command_fn)(struct lecap_ctx *ctx, int argc, char **argv);

struct command {
	const char *name;
	command_fn fn;
	const char *summary; /* one line, French */
	const char *usage;   /* the command's --help text, French */
};

/* What lecap(1) is written from: the tables behind lecap --help. */
struct man_sources {
	const struct command *commands;
	size_t command_count;
	const char *global_options; /* the option lines of lecap --help */
	const char *exit_codes;     /* the exit code lines of lecap --help */
};
/* Writes the manual page lecap(1), in roff, French (cmd/man.c). */
void man_page_write(FILE *out, const struct man_sources *src);

/* Connects with -d, else [base] conninfo, else libpq's environment. */
int ctx_connect(struct lecap_ctx *ctx, pg_conn **out);
/* For a command not built yet: « pas encore disponible », LECAP_USAGE. */
int cmd_not_yet(struct lecap_ctx *ctx, int argc, char **argv);
/* Reports an unknown option of a command, with a hint. */
int cmd_bad_option(const char *command, const char *option);

int cmd_init(struct lecap_ctx *ctx, int argc, char **argv);
int cmd_check(struct lecap_ctx *ctx, int argc, char **argv);
int cmd_ingest(struct lecap_ctx *ctx, int argc, char **argv);
int cmd_status(struct lecap_ctx *ctx, int argc, char **argv);
int cmd_aggregate(struct lecap_ctx *ctx, int argc, char **argv);
int cmd_recipients(struct lecap_ctx *ctx, int argc, char **argv);
int cmd_send(struct lecap_ctx *ctx, int argc, char **argv);
int cmd_report(struct lecap_ctx *ctx, int argc, char **argv);
int cmd_generate(struct lecap_ctx *ctx, int argc, char **argv);
int cmd_run(struct lecap_ctx *ctx, int argc, char **argv);
int cmd_acces(struct lecap_ctx *ctx, int argc, char **argv);
int cmd_retirer(struct lecap_ctx *ctx, int argc, char **argv);
int cmd_quarantaine(struct lecap_ctx *ctx, int argc, char **argv);
int cmd_sauvegarder(struct lecap_ctx *ctx, int argc, char **argv);
int cmd_purger(struct lecap_ctx *ctx, int argc, char **argv);
/* Applies [conservation] (lecap purger, and lecap run when [conservation] nuit). */
int purger_conservation(pg_conn *conn, const struct lecap_config *cfg, bool dry_run);

struct quarantine_list;
/* The quarantine grouped by reason (lecap quarantaine lister, lecap status). */
void quarantine_print(FILE *out, const char *dir, const struct quarantine_list *list);

#endif
