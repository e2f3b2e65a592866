/*
 * lecap retirer --siret SIRET --campagne ANNÉE [--motif TEXTE] [--dry-run]:
 * withdraws one evaluation and its plan (src/ingest/retrait.h), under the
 * run lock and the run journal, then removes the member's « photographie »
 * of that campaign. Running it again withdraws nothing more and finishes
 * what a crash left (the report file).
 */
#include "commands.h"

#include "aggregate/aggregate.h"
#include "base/exitcode.h"
#include "base/log.h"
#include "db/journal.h"
#include "base/signals.h"
#include "db/runlock.h"
#include "ingest/retrait.h"

#include <dirent.h>
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* "--opt VALUE" or "--opt=VALUE": the value, or NULL when a is not opt. */
static const char *opt_value(int argc, char **argv, int *i, const char *opt, bool *missing)
{
	size_t n = strlen(opt);

	*missing = false;
	if (strcmp(argv[*i], opt) == 0) {
		if (*i + 1 >= argc) {
			*missing = true;
			return NULL;
		}
		return argv[++*i];
	}
	if (strncmp(argv[*i], opt, n) == 0 && argv[*i][n] == '=')
		return argv[*i] + n + 1;
	return NULL;
}

/* Who is withdrawing: "user@host". */
static void who(char *out, size_t size)
{
	char host[256] = "?";
	const struct passwd *pw = getpwuid(geteuid());

	gethostname(host, sizeof(host) - 1);
	host[sizeof(host) - 1] = '\0';
	snprintf(out, size, "%s@%s", pw && pw->pw_name ? pw->pw_name : "?", host);
}

/*
 * Removes <rapports>/<campagne>/entreprises/<any region>/<siret>.pdf: the
 * member's report of the withdrawn campaign. dry_run: only says so.
 */
static int remove_reports(const char *rapports, int campagne, const char *siret, bool dry_run, int *removed)
{
	char dir[2048], path[4096];
	DIR *d;
	const struct dirent *e;
	int ret = LECAP_OK;

	*removed = 0;
	snprintf(dir, sizeof(dir), "%s/%d/entreprises", rapports, campagne);
	d = opendir(dir);
	if (!d)
		return errno == ENOENT ? LECAP_OK
				       : log_fail(LECAP_IO, "lecture de %s impossible : %s", dir, strerror(errno));
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (snprintf(path, sizeof(path), "%s/%s/%s.pdf", dir, e->d_name, siret) >= (int)sizeof(path) ||
		    access(path, F_OK) != 0)
			continue;
		if (dry_run) {
			log_info("serait supprimée : %s", path);
		} else if (unlink(path) != 0) {
			ret = log_fail(LECAP_IO, "suppression de %s impossible : %s", path, strerror(errno));
			log_hint("vérifiez les droits sur [chemins] rapports, puis relancez lecap retirer");
			break;
		} else {
			log_info("photographie supprimée : %s", path);
		}
		(*removed)++;
	}
	closedir(d);
	return ret;
}

int cmd_retirer(struct lecap_ctx *ctx, int argc, char **argv)
{
	const char *siret = NULL, *motif = NULL;
	int campagne = 0, removed = 0, ret;
	bool dry_run = false, locked = false;
	pg_conn *conn = NULL;
	long long exec_id = 0;
	struct retrait_result r;
	char par[320];

	for (int i = 1; i < argc; i++) {
		const char *v;
		bool missing;

		if (strcmp(argv[i], "--dry-run") == 0) {
			dry_run = true;
		} else if ((v = opt_value(argc, argv, &i, "--siret", &missing)) || missing) {
			if (!v || retrait_parse_siret(v) != 0) {
				log_error("--siret attend un SIRET de 14 chiffres : « %s »", v ? v : "");
				log_hint("exemple : lecap retirer --siret 82601815200015 --campagne 2025");
				return LECAP_USAGE;
			}
			siret = v;
		} else if ((v = opt_value(argc, argv, &i, "--campagne", &missing)) || missing) {
			if (!v || aggregate_parse_campagne(v, &campagne) != 0) {
				log_error("--campagne attend une année entre 2000 et 2100 : « %s »", v ? v : "");
				log_hint("exemple : lecap retirer --siret 82601815200015 --campagne 2025");
				return LECAP_USAGE;
			}
		} else if ((v = opt_value(argc, argv, &i, "--motif", &missing)) || missing) {
			if (!v) {
				log_error("l'option --motif attend un texte");
				log_hint("exemple : --motif \"export chargé sous un mauvais SIRET\"");
				return LECAP_USAGE;
			}
			motif = v;
		} else {
			return cmd_bad_option(argv[0], argv[i]);
		}
	}
	if (!siret || !campagne) {
		log_error("lecap retirer attend --siret et --campagne");
		log_hint("usage : lecap retirer --siret SIRET --campagne ANNÉE [--motif TEXTE] [--dry-run]");
		return LECAP_USAGE;
	}
	who(par, sizeof(par));

	ret = ctx_connect(ctx, &conn);
	if (ret != LECAP_OK)
		return ret;
	ret = runlock_acquire(conn, "retirer");
	if (ret != LECAP_OK)
		goto cleanup;
	locked = true;
	ret = journal_open(conn, "retirer", &exec_id);
	if (ret != LECAP_OK)
		goto cleanup;
	ret = retrait_evaluation(conn, siret, campagne, motif, par, exec_id, dry_run, &r);
	if (ret == LECAP_OK && !r.done)
		log_info("rien à retirer : aucune évaluation, aucun plan ni fichier intégré de %s pour la campagne %d",
			 siret, campagne);
	else if (ret == LECAP_OK)
		log_info("%s%s pour la campagne %d : %d évaluation(s) (%d répondant(s), %lld réponse(s)), "
			 "%d plan(s) (%d action(s)), %d fichier(s) marqué(s) retiré(s) dans l'archive%s",
			 dry_run ? "simulation (--dry-run), rien n'est modifié ; seraient retirés de " : "retiré de ",
			 siret, campagne, r.evaluations, r.repondants, r.reponses, r.plans, r.actions, r.fichiers,
			 dry_run ? "" : " ; campagne à recalculer à la prochaine exécution");
	/* The report goes after the commit: a crash in between leaves it for
	 * the next lecap retirer, which finds nothing more to withdraw. */
	test_crash_point("retirer-apres-commit");
	if (ret == LECAP_OK)
		ret = remove_reports(ctx->cfg.chemins_rapports, campagne, siret, dry_run, &removed);
	if (pg_ok(conn)) {
		struct journal_counts jc;

		memset(&jc, 0, sizeof(jc));
		if (journal_close(conn, exec_id, &jc, ret) != LECAP_OK && ret == LECAP_OK)
			ret = LECAP_DB;
	}
cleanup:
	if (locked)
		runlock_release(conn);
	pg_close(conn);
	return ret;
}
