/*
 * lecap sauvegarder --out DIR: one consistent backup of everything lecap
 * keeps, taken under the run lock (no lecap writes meanwhile, so that the
 * database and the files agree — the « already seen » rule needs both):
 *
 *   DIR/lecap-<AAAAMMJJTHHMMSSZ>/base.dump          pg_dump -Fc of the database
 *   DIR/lecap-<...>/{entree,archive,quarantaine,rapports}.tar   the directories
 *   DIR/lecap-<...>/MANIFESTE                        what, when, which lecap
 *
 * Written under lecap-<stamp>.partiel/ and renamed once complete: an
 * interrupted backup is never taken for a complete one, and an earlier backup
 * is never touched. The restore procedure is in docs/exploitation.md.
 */
#include "commands.h"

#include "base/exitcode.h"
#include "base/log.h"
#include "base/signals.h"
#include "version.h"

#include <errno.h>
#include <spawn.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* Runs argv (no shell) and waits; LECAP_IO after logging on any failure. */
static int spawn_wait(const char *const argv[], const char *what)
{
	pid_t pid;
	char *args[12];
	int status, err, n = 0;

	/* posix_spawnp wants char *const[]; it does not write to them. */
	for (; argv[n] && n < 11; n++)
		args[n] = (char *)(uintptr_t)argv[n];
	args[n] = NULL;
	err = posix_spawnp(&pid, args[0], NULL, NULL, args, environ);

	if (err != 0)
		return log_fail(LECAP_IO, "%s : lancement de %s impossible : %s", what, argv[0], strerror(err));
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return log_fail(LECAP_IO, "%s : attente de %s impossible : %s", what, argv[0], strerror(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		log_error("%s : %s a échoué (code %d)", what, argv[0], WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		return LECAP_IO;
	}
	return LECAP_OK;
}

/* dir (may be missing: an empty archive) into out.tar. */
static int tar_dir(const char *dir, const char *out)
{
	struct stat st;
	char what[4160];

	snprintf(what, sizeof(what), "sauvegarde de %s", dir);
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		const char *argv[] = {"tar", "-cf", out, "-T", "/dev/null", NULL};
		return spawn_wait(argv, what);
	}
	const char *argv[] = {"tar", "-cf", out, "-C", dir, ".", NULL};
	return spawn_wait(argv, what);
}

int cmd_sauvegarder_check(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s)
{
	const char *out = command_arg(args, current_command, "out");

	(void)ctx;
	(void)s;
	if (!out || !*out) {
		log_error("lecap sauvegarder attend --out RÉP");
		log_hint("usage : lecap sauvegarder --out RÉP (une sauvegarde complète dans RÉP/lecap-<date>/)");
		return LECAP_USAGE;
	}
	return LECAP_OK;
}

int cmd_sauvegarder(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s)
{
	const char *out = command_arg(args, current_command, "out");
	const char *conninfo = ctx->dbname ? ctx->dbname : ctx->cfg.base_conninfo;
	char stamp[32], partial[4120], final[4096], path[4200];
	time_t now = time(NULL);
	struct tm tm;
	int ret;
	static const struct {
		const char *name;
		size_t off;
	} dirs[] = {
		{"entree", offsetof(struct lecap_config, chemins_entree)},
		{"archive", offsetof(struct lecap_config, chemins_archive)},
		{"quarantaine", offsetof(struct lecap_config, chemins_quarantaine)},
		{"rapports", offsetof(struct lecap_config, chemins_rapports)},
	};

	(void)s;
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	if (snprintf(final, sizeof(final), "%s/lecap-%s", out, stamp) >= (int)sizeof(final) - 16)
		return log_fail(LECAP_USAGE, "chemin trop long : %s", out);
	snprintf(partial, sizeof(partial), "%s.partiel", final);
	if ((mkdir(out, 0750) != 0 && errno != EEXIST) || mkdir(partial, 0750) != 0) {
		ret = log_fail(LECAP_IO, "création de %s impossible : %s", partial, strerror(errno));
		log_hint("vérifiez --out et ses droits ; une sauvegarde de la même seconde existe peut-être déjà");
		return ret;
	}
	/* The database: one snapshot (pg_dump), while the lock keeps lecap out. */
	snprintf(path, sizeof(path), "%s/base.dump", partial);
	{
		const char *dump[] = {"pg_dump", "-Fc", "--no-password", "-f", path, NULL, NULL, NULL};
		if (conninfo && *conninfo) {
			dump[5] = "-d";
			dump[6] = conninfo;
		}
		ret = spawn_wait(dump, "sauvegarde de la base");
	}
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]) && ret == LECAP_OK; i++) {
		const char *dir = *(char *const *)((const char *)&ctx->cfg + dirs[i].off);
		snprintf(path, sizeof(path), "%s/%s.tar", partial, dirs[i].name);
		ret = tar_dir(dir, path);
	}
	test_crash_point("sauvegarder-avant-renommage");
	if (ret == LECAP_OK) {
		FILE *m;
		snprintf(path, sizeof(path), "%s/MANIFESTE", partial);
		m = fopen(path, "w");
		if (!m || fprintf(m, "lecap %s\nsauvegarde du %s\nbase.dump : pg_dump -Fc de la base\n"
				     "entree.tar archive.tar quarantaine.tar rapports.tar : [chemins] %s %s %s %s\n"
				     "restauration : docs/exploitation.md, « Sauvegarder et restaurer »\n",
				  LECAP_VERSION, stamp, ctx->cfg.chemins_entree, ctx->cfg.chemins_archive,
				  ctx->cfg.chemins_quarantaine, ctx->cfg.chemins_rapports) < 0 || fclose(m) != 0) {
			ret = log_fail(LECAP_IO, "écriture de %s impossible : %s", path, strerror(errno));
			if (m)
				fclose(m);
		}
	}
	if (ret == LECAP_OK && rename(partial, final) != 0)
		ret = log_fail(LECAP_IO, "renommage de %s en %s impossible : %s", partial, final, strerror(errno));
	if (ret == LECAP_OK)
		log_info("sauvegarde complète : %s", final);
	else
		log_hint("la sauvegarde incomplète reste dans %s : supprimez-la", partial);
	return ret;
}
