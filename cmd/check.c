/*
 * lecap check FICHIER...: validates exports without a database, against the
 * referential read from the configuration. Problems go to stdout, one per
 * line ("FICHIER:LIGNE:COLONNE: message"), so that they can be piped or
 * mailed; the one-line summary goes to stderr. Exit 0 when every file is
 * valid, 1 otherwise, 2 on a usage or configuration error.
 */
#include "commands.h"

#include "base/exitcode.h"
#include "ingest/export_read.h"
#include "base/log.h"
#include "referentiel/referentiel.h"
#include "base/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int cmd_check_args(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s)
{
	(void)ctx;
	(void)s;
	if (args->npos < 1) {
		log_error("lecap check attend au moins un fichier");
		log_hint("usage : lecap check FICHIER...");
		return LECAP_USAGE;
	}
	return LECAP_OK;
}

/* "--" ends the options (lecap check -- -fichier.csv): the parser keeps it
 * out of the operands. */
int cmd_check(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s)
{
	int nfiles = 0, invalid = 0;
	bool write_failed = false;

	for (int i = 0; i < args->npos; i++) {
		const char *path = args->pos[i];
		struct export_result res;
		char *shown;

		/* Problems name the file in its shown form: a newline or a byte
		 * that is not UTF-8 in a name cannot break the output's lines. */
		if (!(shown = text_shown_name(path)))
			return log_fail(LECAP_IO, "mémoire insuffisante");
		export_read_result_init(&res);
		res.now = (double)time(NULL);
		res.tolerance = ctx->cfg.ingestion_tolerance_horloge;
		nfiles++;
		if (export_read(path, shown, s->ref, ctx->cfg.ingestion_taille_max, NULL, &res) != LECAP_OK) {
			invalid++;
		} else if (res.total > 0) {
			invalid++;
			write_failed |= export_read_write_warnings(&res, stdout) != 0;
			write_failed |= export_read_write_problems(&res, shown, stdout) != 0;
		} else {
			write_failed |= export_read_write_warnings(&res, stdout) != 0;
			log_debug("%s : valide (%s, %s, séparateur %s, %ld ligne(s), %ld cellule(s))",
				  shown, export_read_kind_name(res.info.kind), res.info.encoding,
				  res.info.sep == '\t' ? "tabulation" : res.info.sep == ',' ? "« , »" : "« ; »",
				  res.info.rows, res.info.cells);
		}
		export_read_result_release(&res);
		free(shown);
	}
	if (fflush(stdout) != 0 || write_failed)
		return log_fail(LECAP_IO, "écriture sur la sortie standard impossible");
	if (invalid == 0) {
		log_info("%d fichier(s) vérifié(s) : tous valides", nfiles);
		return LECAP_OK;
	}
	log_info("%d fichier(s) vérifié(s) : %d à corriger", nfiles, invalid);
	return LECAP_REJECTED;
}
