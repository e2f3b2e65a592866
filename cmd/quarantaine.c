/*
 * lecap quarantaine lister | relancer FICHIER... | relancer --tous [--motif MOTIF]:
 * the files lecap ingest rejected, grouped by reason, and their way back to
 * the inbox once the grid, the regions or the member's file is corrected
 * (src/ingest/quarantaine.h). relancer runs under the run lock and the run
 * journal (cmd/lecap.c); lister only reads the directory (like lecap status).
 */
#include "commands.h"

#include "base/exitcode.h"
#include "base/log.h"
#include "base/text.h"
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
			/* Escaped again: the directory is not lecap's alone. */
			char *name = text_shown_name(f->name), *first = text_shown_name(f->first);
			fprintf(out, "    %s — %d motif(s)%s%s\n", name ? name : "?", f->problems,
				*f->first ? " ; premier : " : "", first ? first : "");
			free(name);
			free(first);
		}
	}
	free(g);
}

static int lister(struct lecap_ctx *ctx)
{
	struct quarantine_list l;
	int ret = quarantaine_list(ctx->cfg.chemins_quarantaine, &l);

	if (ret != LECAP_OK)
		return ret;
	quarantine_print(stdout, ctx->cfg.chemins_quarantaine, &l);
	quarantaine_list_release(&l);
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

/* The files chosen: every name given (all checked before anything moves),
 * or --tous [--motif]. */
static int choose(struct lecap_ctx *ctx, const struct command_args *args, const struct quarantine_list *l,
		  bool *chosen)
{
	const char *motif = command_arg(args, current_command, "motif");
	int ret = LECAP_OK;

	if (command_arg(args, current_command, "tous")) {
		for (size_t k = 0; k < l->count; k++)
			chosen[k] = !motif || strstr(l->files[k].messages, motif) != NULL;
		return LECAP_OK;
	}
	for (int i = 1; i < args->npos && ret == LECAP_OK; i++) {
		const char *name = base_name(args->pos[i]);
		size_t k = 0;

		while (k < l->count && strcmp(l->files[k].name, name) != 0)
			k++;
		if (k < l->count) {
			chosen[k] = true;
			continue;
		}
		if (in_inbox(ctx->cfg.chemins_entree, name)) {
			log_info("%s est déjà dans la boîte de réception", name);
			continue;
		}
		log_error("%s n'est pas dans la quarantaine (%s) : rien n'est relancé", name, ctx->cfg.chemins_quarantaine);
		log_hint("lecap quarantaine lister donne les noms");
		ret = LECAP_USAGE;
	}
	return ret;
}

static int relancer(struct lecap_ctx *ctx, const struct command_args *args)
{
	const char *qdir = ctx->cfg.chemins_quarantaine, *inbox = ctx->cfg.chemins_entree;
	const char *motif = command_arg(args, current_command, "motif");
	struct quarantine_list l = {0};
	bool *chosen = NULL;
	int moved = 0, ret;
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	ret = quarantaine_list(qdir, &l);
	if (ret != LECAP_OK)
		return ret;
	chosen = calloc(l.count + 1, sizeof(*chosen));
	if (!chosen)
		ret = log_fail(LECAP_IO, "mémoire insuffisante");
	if (ret == LECAP_OK)
		ret = choose(ctx, args, &l, chosen);
	for (size_t k = 0; k < l.count && ret == LECAP_OK; k++) {
		if (!chosen[k])
			continue;
		ret = quarantaine_requeue(qdir, inbox, &l.files[k], stamp);
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
	free(chosen);
	quarantaine_list_release(&l);
	return ret;
}

/* lister only reads the directory: no database, no lock, no journal. */
int cmd_quarantaine_check(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s)
{
	const char *sub = args->npos ? args->pos[0] : NULL;
	bool all = command_arg(args, current_command, "tous") != NULL;
	bool motif = command_arg(args, current_command, "motif") != NULL;

	(void)ctx;
	if (sub && strcmp(sub, "lister") == 0) {
		if (args->npos > 1)
			return cmd_bad_option("quarantaine lister", args->pos[1]);
		if (all || motif)
			return cmd_bad_option("quarantaine lister", all ? "--tous" : "--motif");
		s->skip = CMD_DB | CMD_LOCK | CMD_JOURNAL;
		return LECAP_OK;
	}
	if (sub && strcmp(sub, "relancer") == 0) {
		if (all == (args->npos > 1) || (motif && !all)) {
			log_error("lecap quarantaine relancer attend des noms de fichiers, ou --tous [--motif MOTIF]");
			log_hint("usage : lecap quarantaine relancer FICHIER... | relancer --tous [--motif MOTIF]");
			return LECAP_USAGE;
		}
		return LECAP_OK;
	}
	log_error("lecap quarantaine attend lister ou relancer%s%s%s", sub ? " (reçu « " : "", sub ? sub : "",
		  sub ? " »)" : "");
	log_hint("usage : lecap quarantaine lister | relancer FICHIER... | relancer --tous [--motif MOTIF]");
	return LECAP_USAGE;
}

int cmd_quarantaine(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s)
{
	(void)s;
	return strcmp(args->pos[0], "lister") == 0 ? lister(ctx) : relancer(ctx, args);
}
