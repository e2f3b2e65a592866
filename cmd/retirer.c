/*
 * lecap retirer --siret SIRET --campagne ANNÉE [--motif TEXTE] [--dry-run]:
 * withdraws one evaluation and its plan (src/ingest/retrait.h), under the
 * run lock and the run journal (cmd/lecap.c), then removes the member's « photographie »
 * of that campaign. Running it again withdraws nothing more and finishes
 * what a crash left (the report file).
 */
#include "commands.h"

#include "base/exitcode.h"
#include "base/log.h"
#include "base/report_path.h"
#include "base/signals.h"
#include "ingest/retrait.h"

#include <dirent.h>
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

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
	if (report_path_members(dir, sizeof(dir), rapports, campagne))
		return LECAP_OK; /* no directory of that name can exist */
	d = opendir(dir);
	if (!d)
		return errno == ENOENT ? LECAP_OK
				       : log_fail(LECAP_IO, "lecture de %s impossible : %s", dir, strerror(errno));
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (report_path_member(path, sizeof(path), rapports, campagne, e->d_name, siret) ||
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

int cmd_retirer_check(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s)
{
	const char *siret = command_arg(args, current_command, "siret");

	(void)ctx;
	(void)s;
	if (siret && retrait_parse_siret(siret) != 0) {
		log_error("--siret attend un SIRET de 14 chiffres : « %s »", siret);
		log_hint("exemple : lecap retirer --siret 82601815200015 --campagne 2025");
		return LECAP_USAGE;
	}
	if (!siret || !args->campagne) {
		log_error("lecap retirer attend --siret et --campagne");
		log_hint("usage : lecap retirer --siret SIRET --campagne ANNÉE [--motif TEXTE] [--dry-run]");
		return LECAP_USAGE;
	}
	return LECAP_OK;
}

int cmd_retirer(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s)
{
	const char *siret = command_arg(args, current_command, "siret");
	const char *motif = command_arg(args, current_command, "motif");
	bool dry_run = command_arg(args, current_command, "dry-run") != NULL;
	int campagne = args->campagne, removed = 0, ret;
	struct retrait_result r;
	char par[320];

	who(par, sizeof(par));
	ret = retrait_evaluation(s->conn, siret, campagne, motif, par, s->exec_id, dry_run, &r);
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
	return ret;
}
