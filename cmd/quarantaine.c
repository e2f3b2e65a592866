/*
 * lecap quarantaine lister | relancer FICHIER... | relancer --tous [--motif MOTIF]:
 * the files lecap ingest rejected, grouped by reason, and their way back to
 * the inbox once the grid, the regions or the member's file is corrected
 * (src/ingest/quarantaine.h). relancer runs under the run lock and the run
 * journal; lister only reads the directory (like lecap status).
 */
#include "commands.h"

#include "base/exitcode.h"
#include "base/log.h"
#include "db/journal.h"
#include "db/runlock.h"
#include "ingest/quarantaine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

struct group {
	const char *reason;
	size_t count;
};

static int cmp_groups(const void *a, const void *b)
{
	const struct group *x = a, *y = b;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->reason, y->reason);
}

void quarantine_print(FILE *out, const char *dir, const struct quarantine_list *l)
{
	struct group *g = calloc(l->count ? l->count : 1, sizeof(*g));
	size_t ng = 0;

	if (l->count == 0 || !g) {
		fprintf(out, "Quarantaine (%s) :\n  vide\n", dir);
		free(g);
		return;
	}
	for (size_t i = 0; i < l->count; i++) {
		size_t k = 0;
		while (k < ng && strcmp(g[k].reason, l->files[i].reason) != 0)
			k++;
		if (k == ng)
			g[ng++] = (struct group){l->files[i].reason, 0};
		g[k].count++;
	}
	qsort(g, ng, sizeof(*g), cmp_groups);
	fprintf(out, "Quarantaine (%s) : %zu fichier(s), par motif :\n", dir, l->count);
	for (size_t k = 0; k < ng; k++) {
		fprintf(out, "  %s — %zu fichier(s)\n", *g[k].reason ? g[k].reason : "(sans motif)", g[k].count);
		for (size_t i = 0; i < l->count; i++) {
			const struct quarantine_file *f = &l->files[i];
			if (strcmp(f->reason, g[k].reason) != 0)
				continue;
			fprintf(out, "    %s — %d motif(s)%s%s\n", f->name, f->problems, *f->first ? " ; premier : " : "",
				f->first);
		}
	}
	free(g);
}

static int lister(struct lecap_ctx *ctx, int argc, char **argv)
{
	struct quarantine_list l;
	int ret;

	for (int i = 2; i < argc; i++)
		return cmd_bad_option("quarantaine lister", argv[i]);
	ret = quarantine_list(ctx->cfg.chemins_quarantaine, &l);
	if (ret != LECAP_OK)
		return ret;
	quarantine_print(stdout, ctx->cfg.chemins_quarantaine, &l);
	quarantine_list_release(&l);
	return LECAP_OK;
}

static const char *base_name(const char *arg)
{
	const char *s = strrchr(arg, '/');
	return s ? s + 1 : arg;
}

/* Whether name, or name without the ".N" lecap ingest may have added in
 * quarantine, is in the inbox: relaunched already. */
static bool in_inbox(const char *inbox, const char *name)
{
	char path[4096];
	struct stat st;
	const char *dot = strrchr(name, '.');

	snprintf(path, sizeof(path), "%s/%s", inbox, name);
	if (lstat(path, &st) == 0)
		return true;
	if (!dot || !dot[1] || strspn(dot + 1, "0123456789") != strlen(dot + 1))
		return false;
	snprintf(path, sizeof(path), "%s/%.*s", inbox, (int)(dot - name), name);
	return lstat(path, &st) == 0;
}

static int relancer(struct lecap_ctx *ctx, int argc, char **argv)
{
	const char *qdir = ctx->cfg.chemins_quarantaine, *inbox = ctx->cfg.chemins_entree, *motif = NULL;
	bool all = false, locked = false, *chosen = NULL;
	struct quarantine_list l = {0};
	pg_conn *conn = NULL;
	long long exec_id = 0;
	int nnames = 0, moved = 0, ret;
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;

	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--tous") == 0) {
			all = true;
		} else if (strcmp(argv[i], "--motif") == 0 || strncmp(argv[i], "--motif=", 8) == 0) {
			if (argv[i][7] == '=') {
				motif = argv[i] + 8;
			} else if (i + 1 < argc) {
				motif = argv[++i];
			} else {
				log_error("l'option --motif attend un texte");
				log_hint("exemple : lecap quarantaine relancer --tous --motif \"offre inconnue\"");
				return LECAP_USAGE;
			}
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return cmd_bad_option("quarantaine relancer", argv[i]);
		} else {
			nnames++;
		}
	}
	if (all == (nnames > 0) || (motif && !all)) {
		log_error("lecap quarantaine relancer attend des noms de fichiers, ou --tous [--motif MOTIF]");
		log_hint("usage : lecap quarantaine relancer FICHIER... | relancer --tous [--motif MOTIF]");
		return LECAP_USAGE;
	}
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);

	ret = ctx_connect(ctx, &conn);
	if (ret != LECAP_OK)
		return ret;
	ret = runlock_acquire(conn, "quarantaine");
	if (ret != LECAP_OK)
		goto cleanup;
	locked = true;
	ret = journal_open(conn, "quarantaine", &exec_id);
	if (ret == LECAP_OK)
		ret = quarantine_list(qdir, &l);
	if (ret != LECAP_OK)
		goto finish;
	chosen = calloc(l.count + 1, sizeof(*chosen));
	if (!chosen) {
		ret = log_fail(LECAP_IO, "mémoire insuffisante");
		goto finish;
	}
	if (all) {
		for (size_t k = 0; k < l.count; k++)
			chosen[k] = !motif || strstr(l.files[k].messages, motif) != NULL;
	} else {
		/* Every name checked before anything moves. */
		for (int i = 2; i < argc && ret == LECAP_OK; i++) {
			const char *name;
			size_t k = 0;

			if (argv[i][0] == '-' && argv[i][1])
				continue;
			name = base_name(argv[i]);
			while (k < l.count && strcmp(l.files[k].name, name) != 0)
				k++;
			if (k < l.count) {
				chosen[k] = true;
				continue;
			}
			if (in_inbox(inbox, name)) {
				log_info("%s est déjà dans la boîte de réception", name);
				continue;
			}
			log_error("%s n'est pas dans la quarantaine (%s) : rien n'est relancé", name, qdir);
			log_hint("lecap quarantaine lister donne les noms");
			ret = LECAP_USAGE;
		}
		if (ret != LECAP_OK)
			goto finish;
	}
	for (size_t k = 0; k < l.count && ret == LECAP_OK; k++) {
		if (!chosen[k])
			continue;
		ret = quarantine_requeue(qdir, inbox, &l.files[k], stamp);
		if (ret == LECAP_OK) {
			log_info("remis dans la boîte de réception : %s → %s/%s", l.files[k].name, inbox,
				 l.files[k].original);
			moved++;
		}
	}
	if (ret == LECAP_OK && moved == 0)
		log_info("aucun fichier de la quarantaine à relancer%s%s%s", motif ? " (motif « " : "",
			 motif ? motif : "", motif ? " »)" : "");
	else if (moved > 0)
		log_info("%d fichier(s) remis dans la boîte de réception ; la prochaine exécution les vérifiera "
			 "contre la grille et les référentiels actuels ; motifs gardés dans %s/historique/", moved, qdir);
finish:
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
	free(chosen);
	quarantine_list_release(&l);
	return ret;
}

int cmd_quarantaine(struct lecap_ctx *ctx, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "lister") == 0)
		return lister(ctx, argc, argv);
	if (argc >= 2 && strcmp(argv[1], "relancer") == 0)
		return relancer(ctx, argc, argv);
	log_error("lecap quarantaine attend lister ou relancer%s%s%s", argc >= 2 ? " (reçu « " : "",
		  argc >= 2 ? argv[1] : "", argc >= 2 ? " »)" : "");
	log_hint("usage : lecap quarantaine lister | relancer FICHIER... | relancer --tous [--motif MOTIF]");
	return LECAP_USAGE;
}
