/*
 * lecap send: e-mails each active recipient the report of its region when
 * it changed since the last successful sending (src/diffusion.h).
 *
 *   lecap send [--campagne ANNÉE] [--region CODE] [--dry-run [--out RÉP]]
 */
#include "commands.h"

#include "diffusion/diffusion.h"
#include "base/exitcode.h"
#include "db/journal.h"
#include "base/log.h"
#include "db/runlock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "--opt VALUE" or "--opt=VALUE": the value, NULL when absent. */
static const char *opt_value(int argc, char **argv, int *i, const char *name, bool *matched)
{
	size_t n = strlen(name);

	*matched = false;
	if (strcmp(argv[*i], name) == 0) {
		*matched = true;
		return *i + 1 < argc ? argv[++*i] : NULL;
	}
	if (strncmp(argv[*i], name, n) == 0 && argv[*i][n] == '=') {
		*matched = true;
		return argv[*i] + n + 1;
	}
	return NULL;
}

int cmd_send(struct lecap_ctx *ctx, int argc, char **argv)
{
	struct diffusion_summary sum;
	const char *region = NULL, *out_dir = NULL;
	bool dry_run = false, locked = false, m;
	long long exec_id = 0;
	pg_conn *conn = NULL;
	int campagne = 0, ret;

	for (int i = 1; i < argc; i++) {
		const char *v;

		if (strcmp(argv[i], "--dry-run") == 0) {
			dry_run = true;
			continue;
		}
		v = opt_value(argc, argv, &i, "--campagne", &m);
		if (m) {
			char *end;
			long y = v ? strtol(v, &end, 10) : 0;
			if (!v || *end || y < 2000 || y > 2100) {
				log_error("--campagne attend une année entre 2000 et 2100 : « %s »", v ? v : "");
				log_hint("exemple : lecap send --campagne 2026");
				return LECAP_USAGE;
			}
			campagne = (int)y;
			continue;
		}
		v = opt_value(argc, argv, &i, "--region", &m);
		if (m) {
			if (!v || !*v) {
				log_error("l'option --region attend un code de région ou FR");
				log_hint("exemple : lecap send --region 84");
				return LECAP_USAGE;
			}
			region = v;
			continue;
		}
		v = opt_value(argc, argv, &i, "--out", &m);
		if (m) {
			if (!v || !*v) {
				log_error("l'option --out attend un répertoire");
				return LECAP_USAGE;
			}
			out_dir = v;
			continue;
		}
		return cmd_bad_option(argv[0], argv[i]);
	}
	if (out_dir && !dry_run) {
		log_error("--out ne s'emploie qu'avec --dry-run");
		log_hint("usage : lecap send [--campagne ANNÉE] [--region CODE] [--dry-run [--out RÉP]]");
		return LECAP_USAGE;
	}
	if (!dry_run && !*ctx->cfg.diffusion_smtp_url) {
		log_error("diffusion désactivée : [diffusion] smtp_url est vide");
		log_hint("indiquez le serveur dans lecap.conf (smtp_url = smtp://hôte:587), "
			 "ou essayez lecap send --dry-run");
		return LECAP_USAGE;
	}

	ret = ctx_connect(ctx, &conn);
	if (ret != LECAP_OK)
		return ret;
	/* Two sendings at once would send twice. */
	ret = runlock_acquire(conn, "send");
	if (ret != LECAP_OK)
		goto cleanup;
	locked = true;
	if (!dry_run) {
		ret = journal_open(conn, "send", &exec_id);
		if (ret != LECAP_OK)
			goto cleanup;
	}
	ret = diffusion_send_to(conn, &ctx->cfg, campagne, region, dry_run, out_dir, &sum);
	if (sum.campagne && !sum.unreachable && (ret == LECAP_OK || ret == LECAP_REJECTED)) {
		if (dry_run)
			printf("simulation, campagne %d : %d message(s) écrit(s), %d inchangé(s), %d sans rapport\n",
			       sum.campagne, sum.sent, sum.unchanged, sum.missing);
		else
			printf("diffusion, campagne %d : %d envoyé(s), %d inchangé(s), %d en échec, %d sans rapport\n",
			       sum.campagne, sum.sent, sum.unchanged, sum.failed, sum.missing);
	}
	if (exec_id && pg_ok(conn)) {
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
