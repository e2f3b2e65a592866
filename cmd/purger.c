/*
 * lecap purger --siret SIRET [--dry-run]: erases a member — every row that
 * names it and every file lecap keeps from it, its reports included
 * (src/ingest/effacement.h) — under the run lock and the run journal (cmd/lecap.c), and says what
 * it removed. Running it again erases nothing more and finishes what a
 * crash left.
 */
#include "commands.h"

#include "base/exitcode.h"
#include "base/log.h"
#include "ingest/conservation.h"
#include "ingest/effacement.h"
#include "ingest/retrait.h"

#include <stdio.h>

int purger_conservation(pg_conn *conn, const struct lecap_config *cfg, bool dry_run)
{
	struct conservation_result r;
	long journal = 0;
	int ret = conservation_apply(conn, cfg, dry_run, &r);

	if (ret == LECAP_OK)
		ret = journal_purge(conn, cfg->conservation_journal, dry_run, &journal);
	if (ret != LECAP_OK)
		return ret;
	if (r.sans_registre)
		log_info("conservation : aucun registre des adhérents chargé, les adhérents sortis ne sont pas recherchés");
	log_info("conservation%s : %d fichier(s) archivé(s) de plus de %d jour%s (campagne en cours %d gardée), "
		 "%d fichier(s) de quarantaine de plus de %d jour%s, %d adhérent(s) sorti(s) du registre depuis plus "
		 "de %d jour%s, %ld exécution(s) du journal de plus de %d jour%s%s",
		 dry_run ? " (--dry-run, rien n'est effacé)" : "", r.archive, cfg->conservation_archive,
		 cfg->conservation_archive > 1 ? "s" : "", r.campagne_en_cours, r.quarantaine,
		 cfg->conservation_quarantaine, cfg->conservation_quarantaine > 1 ? "s" : "", r.adherents,
		 cfg->conservation_anciens_adherents, cfg->conservation_anciens_adherents > 1 ? "s" : "", journal,
		 cfg->conservation_journal, cfg->conservation_journal > 1 ? "s" : "",
		 dry_run ? " seraient effacés" : " effacés");
	return LECAP_OK;
}

int cmd_purger_check(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s)
{
	const char *siret = command_arg(args, current_command, "siret");

	(void)ctx;
	(void)s;
	if (siret && retrait_parse_siret(siret) != 0) {
		log_error("--siret attend un SIRET de 14 chiffres : « %s »", siret);
		log_hint("exemple : lecap purger --siret 82601815200015 --dry-run");
		return LECAP_USAGE;
	}
	return LECAP_OK;
}

int cmd_purger(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s)
{
	const char *siret = command_arg(args, current_command, "siret");
	bool dry_run = command_arg(args, current_command, "dry-run") != NULL;
	struct effacement_result r;
	int ret;

	/* Without --siret: the retention periods of [conservation]. */
	if (!siret)
		return purger_conservation(s->conn, &ctx->cfg, dry_run);
	ret = effacement_adherent(s->conn, &ctx->cfg, siret, dry_run, &r);
	if (ret == LECAP_OK)
		log_info("%sadhérent %s : %lld ligne(s) (%s), %d fichier(s) reçu(s), %d rapport(s)%s%.0d%s ; "
			 "adresses : %lld (lecap.contact_adherent ; lecap.destinataire ne désigne que des régions)%s",
			 dry_run ? "simulation (--dry-run), rien n'est effacé ; seraient effacés de l'" : "effacé : ",
			 siret, r.lignes, *r.detail ? r.detail : "aucune", r.fichiers, r.rapports,
			 r.messages ? ", " : "", r.messages, r.messages ? " message(s) de lecap send --dry-run" : "",
			 r.adresses,
			 !dry_run && r.lignes > 0 ? " ; ses campagnes seront recalculées à la prochaine exécution" : "");
	return ret;
}
