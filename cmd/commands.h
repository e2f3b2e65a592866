/*
 * The commands of bin/lecap, declared once: the table of cmd/lecap.c gives
 * each its name, what it needs (flags), its options and its French help;
 * cmd/lecap.c parses the options (getopt_long, one parser for all), loads the
 * grid, connects, takes the run lock and opens the run journal as the flags
 * say, calls the command, then closes the journal and releases everything.
 * A command's file (cmd/<name>.c) holds only what is its own. cmd/run.c is
 * the list of the nightly steps, which the single-step commands call too.
 * A command returns an exit code (base/exitcode.h); only main() exits.
 */
#ifndef LECAP_CMD_COMMANDS_H
#define LECAP_CMD_COMMANDS_H

#include "base/exitcode.h"
#include "base/config.h"
#include "db/journal.h"
#include "io/pg.h"
#include "referentiel/referentiel.h"

#include <stdbool.h>
#include <stdio.h>

struct lecap_ctx {
	struct lecap_config cfg;
	const char *dbname; /* -d/--dbname, or NULL */
};

/* What a command needs, set up by cmd/lecap.c in this order. */
enum command_flags {
	CMD_REFERENTIEL = 1 << 0, /* the grid of [referentiel], loaded first */
	CMD_SIGNALS = 1 << 1,     /* SIGTERM and SIGINT ask for a stop */
	CMD_DB = 1 << 2,          /* a connection to the database */
	CMD_LOCK = 1 << 3,        /* the run lock (one writing lecap at a time) */
	CMD_JOURNAL = 1 << 4,     /* a line of lecap.execution, closed with the exit code */
	CMD_OPERANDS = 1 << 5,    /* takes operands (files, a directory, an action) */
};

enum option_kind {
	OPT_FLAG,     /* --name */
	OPT_VALUE,    /* --name VALUE or --name=VALUE */
	OPT_CAMPAGNE, /* a campaign year, 2000 to 2100, checked by the parser */
	OPT_LIST,     /* --name VALUE, repeatable: every value in list[] */
};

/* One option of a command: its parsing and its line of help (French). */
struct command_option {
	const char *name;    /* long name, without "--" */
	enum option_kind kind;
	const char *arg;     /* the value's name in the help (ANNÉE), NULL for a flag */
	const char *help;    /* its help line(s), NULL when the usage text tells it */
	const char *missing; /* error for a missing value; NULL: « l'option --NAME attend une valeur » */
	const char *hint;    /* hint after a missing or invalid value; NULL: « lecap CMD --help ... » */
};

#define COMMAND_MAX_OPTIONS 8

/* The parsed command line of a command. */
struct command_args {
	const char *value[COMMAND_MAX_OPTIONS]; /* per option: its value, "" for a flag, NULL if absent */
	int campagne;                           /* --campagne, 0 when absent */
	const char *list[32];                   /* the values of an OPT_LIST option, in order */
	int nlist;
	char **pos;                             /* the operands, in order */
	int npos;
};

/* What cmd/lecap.c set up for the command, and what it closes. */
struct command_session {
	ref_set *ref;                 /* CMD_REFERENTIEL */
	pg_conn *conn;                /* CMD_DB */
	long long exec_id;            /* CMD_JOURNAL, 0 when no line was opened */
	unsigned skip;                /* flags the check turned off for this run (send --dry-run:
				       * no journal; quarantaine lister: no database) */
	struct journal_counts counts; /* written into the journal line at the end */
};

struct command;
typedef int (*command_fn)(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s);

struct command {
	const char *name;
	command_fn fn;
	unsigned flags;      /* enum command_flags */
	const char *summary; /* one line, French */
	const char *usage;   /* --help: the text before the option lines, French */
	const struct command_option *options; /* ended by a NULL name */
	int help_column;     /* where the options' help lines start */
	const char *usage_end; /* --help: the text after the option lines, or NULL */
	/* Before anything is set up (arguments, configuration), may be NULL. */
	command_fn check;
	/* After the lock, before the journal line is opened, may be NULL. */
	command_fn prepare;
};

/* The command's --help text: usage, option lines, usage_end. Caller frees. */
char *command_help(const struct command *cmd);

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
int ctx_connect(struct lecap_ctx *ctx, pg_conn **out) LECAP_MUST_CHECK;
/* Reports an unknown option of a command, with a hint. */
int cmd_bad_option(const char *command, const char *option);
/* The value of option name (its table's spelling), NULL when absent. */
const char *command_arg(const struct command_args *args, const struct command *cmd, const char *name);
/* The command being run (for command_arg). */
extern const struct command *current_command;

/* The steps of the nightly run (cmd/run.c), each also a command's work. A
 * step fills s->counts for the journal. */
int step_ingest(struct lecap_ctx *ctx, struct command_session *s, const char *dir, bool reintegrate)
	LECAP_MUST_CHECK;
int step_aggregate(struct lecap_ctx *ctx, struct command_session *s, bool all, int campagne)
	LECAP_MUST_CHECK;
int step_reports(struct lecap_ctx *ctx, struct command_session *s, bool all) LECAP_MUST_CHECK;
int step_send(struct lecap_ctx *ctx, struct command_session *s) LECAP_MUST_CHECK;

int cmd_init(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s);
int cmd_check_args(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s);
int cmd_check(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s);
int cmd_ingest(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s);
int cmd_ingest_prepare(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s);
int cmd_ingest_check(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s);
int cmd_status(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s);
int cmd_aggregate(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s);
int cmd_aggregate_check(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s);
int cmd_recipients(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s);
int cmd_recipients_check(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s);
int cmd_send(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s);
int cmd_send_check(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s);
int cmd_report(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s);
int cmd_report_check(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s);
int cmd_generate_check(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s);
int cmd_generate(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s);
int cmd_run_check(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s);
int cmd_run(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s);
int cmd_run_prepare(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s);
int cmd_retirer(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s);
int cmd_retirer_check(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s);
int cmd_acces(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s);
int cmd_export(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s);
int cmd_export_check(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s);
int cmd_acces_check(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s);
int cmd_purger(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s);
int cmd_purger_check(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s);
int cmd_quarantaine(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s);
int cmd_quarantaine_check(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s);
int cmd_sauvegarder(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s);
int cmd_sauvegarder_check(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s);

/* Applies [conservation] (lecap purger, and lecap run when [conservation] nuit). */
int purger_conservation(pg_conn *conn, const struct lecap_config *cfg, bool dry_run)
	LECAP_MUST_CHECK;

struct quarantine_list;
/* The quarantine grouped by reason (lecap quarantaine lister, lecap status). */
void quarantine_print(FILE *out, const char *dir, const struct quarantine_list *list);

#endif
