/* Erasing a member; see effacement.h. */
#include "ingest/effacement.h"

#include "base/exitcode.h"
#include "base/log.h"
#include "base/report_path.h"
#include "base/signals.h"
#include "io/sha256.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct known {
	pg_conn *conn;
	pg_result *rows; /* nom, sha256, id of the member's lecap.fichier rows */
	bool inbox;      /* erase_in is reading the inbox */
};

static int hash_file(const char *path, char hex[65])
{
	FILE *f = fopen(path, "rb");
	unsigned char buf[65536];
	struct sha256 s;
	size_t n;

	if (!f)
		return -1;
	sha256_init(&s);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sha256_update(&s, buf, n);
	fclose(f);
	sha256_final_hex(&s, hex);
	return 0;
}

/* name without a trailing ".N" */
static size_t base_len(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (dot && dot > name && dot[1] && strspn(dot + 1, "0123456789") == strlen(dot + 1))
		return (size_t)(dot - name);
	return strlen(name);
}

static bool is_members(const struct known *k, const char *siret, const char *dir, const char *name)
{
	char path[4096], hex[65];
	size_t bl = base_len(name);
	bool hashed = false;

	if (strstr(name, siret))
		return true;
	for (int i = 0; i < pg_ntuples(k->rows); i++) {
		const char *nom = pg_value(k->rows, i, 0);
		if (strlen(nom) != bl || strncmp(nom, name, bl) != 0 || pg_isnull(k->rows, i, 1))
			continue;
		if (!hashed) {
			snprintf(path, sizeof(path), "%s/%s", dir, name);
			if (hash_file(path, hex) != 0)
				return false;
			hashed = true;
		}
		if (strcmp(hex, pg_value(k->rows, i, 1)) == 0)
			return true;
	}
	return false;
}

/* Records path for erasure after the commit (dry_run: only says so). The
 * inbox's files carry their fingerprint: one dropped again since, with
 * another content, is kept (effacement_reprendre). */
static int note_path(struct known *k, const char *path, bool inbox, bool dry_run, int *count)
{
	char hex[65];
	const char *params[2] = {path, NULL};
	int ret;

	if (dry_run) {
		log_info("serait effacé : %s", path);
		(*count)++;
		return LECAP_OK;
	}
	if (inbox && hash_file(path, hex) == 0)
		params[1] = hex;
	ret = pg_command(k->conn, "enregistrement des fichiers à effacer",
			 "INSERT INTO lecap.effacement_en_attente (chemin, sha256) VALUES ($1, $2) "
			 "ON CONFLICT (chemin) DO NOTHING",
			 2, params);
	if (ret == LECAP_OK)
		(*count)++;
	return ret;
}

/* The member's files of dir; quarantine: with their .erreurs.txt. Missing
 * dir: nothing. Subdirectories are not entered. */
static int erase_in(struct known *k, const char *siret, const char *dir, bool quarantine, bool dry_run,
		    int *count)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[4096];
	int ret = LECAP_OK;

	if (!d)
		return errno == ENOENT ? LECAP_OK
				       : log_fail(LECAP_IO, "lecture de %s impossible : %s", dir, strerror(errno));
	while ((e = readdir(d)) != NULL && ret == LECAP_OK) {
		struct stat st;
		size_t n = strlen(e->d_name);

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >= (int)sizeof(path) ||
		    lstat(path, &st) != 0 || S_ISDIR(st.st_mode))
			continue;
		if (n > 12 && strcmp(e->d_name + n - 12, ".erreurs.txt") == 0) {
			/* With its file below; or alone (history, leftovers) when it names the member. */
			if (strstr(e->d_name, siret))
				ret = note_path(k, path, k->inbox, dry_run, count);
			continue;
		}
		if (!is_members(k, siret, dir, e->d_name))
			continue;
		ret = note_path(k, path, k->inbox, dry_run, count);
		if (ret == LECAP_OK && quarantine && !strstr(e->d_name, siret)) {
			snprintf(path, sizeof(path), "%s/%s.erreurs.txt", dir, e->d_name);
			if (access(path, F_OK) == 0)
				ret = note_path(k, path, k->inbox, dry_run, count);
		}
	}
	closedir(d);
	return ret;
}

static int erase_files(struct known *k, const struct lecap_config *cfg, const char *siret, bool dry_run,
		       int *count)
{
	char sub[4096];
	DIR *d;
	struct dirent *e;
	int ret;

	k->inbox = true;
	ret = erase_in(k, siret, cfg->chemins_entree, false, dry_run, count);
	k->inbox = false;
	if (ret == LECAP_OK)
		ret = erase_in(k, siret, cfg->chemins_quarantaine, true, dry_run, count);
	if (ret == LECAP_OK) {
		snprintf(sub, sizeof(sub), "%s/historique", cfg->chemins_quarantaine);
		ret = erase_in(k, siret, sub, false, dry_run, count);
	}
	if (ret != LECAP_OK)
		return ret;
	d = opendir(cfg->chemins_archive);
	if (!d)
		return errno == ENOENT ? LECAP_OK
				       : log_fail(LECAP_IO, "lecture de %s impossible : %s", cfg->chemins_archive,
						  strerror(errno));
	while ((e = readdir(d)) != NULL && ret == LECAP_OK) {
		if (e->d_name[0] == '.')
			continue;
		if (snprintf(sub, sizeof(sub), "%s/%s", cfg->chemins_archive, e->d_name) >= (int)sizeof(sub))
			continue;
		ret = erase_in(k, siret, sub, false, dry_run, count);
	}
	closedir(d);
	return ret;
}

/* A message lecap send --dry-run wrote for the member: <siret>-<email>.eml
 * (its photographie) or rejet-<id>-<email>.eml (the notice of one of its
 * files). */
static bool is_members_message(const struct known *k, const char *siret, const char *name)
{
	size_t n = strlen(name), sl = strlen(siret);
	char prefix[48];

	if (n < 4 || strcmp(name + n - 4, ".eml") != 0)
		return false;
	if (strncmp(name, siret, sl) == 0 && name[sl] == '-')
		return true;
	for (int i = 0; i < pg_ntuples(k->rows); i++) {
		snprintf(prefix, sizeof(prefix), "rejet-%s-", pg_value(k->rows, i, 2));
		if (strncmp(name, prefix, strlen(prefix)) == 0)
			return true;
	}
	return false;
}

/* Whether name, an entry of <rapports>/<campagne>/<sub> (dir), leads to one
 * of the member's files, then in path: its photographie in a region's
 * directory (entreprises/<région>/<siret>.pdf), or a message lecap send
 * --dry-run wrote for it (envois/). */
static bool members_file(const struct known *k, const char *rapports, const char *campagne, const char *dir,
			 const char *name, const char *siret, bool messages, char *path, size_t size)
{
	if (messages)
		return is_members_message(k, siret, name) && snprintf(path, size, "%s/%s", dir, name) < (int)size;
	return name[0] != '.' && report_path_member_named(path, size, rapports, campagne, name, siret) == 0 &&
	       access(path, F_OK) == 0;
}

/*
 * The member's files below every campaign's directory: its photographies
 * (<rapports>/<campagne>/entreprises/<région>/<siret>.pdf), or, messages, what
 * lecap send --dry-run wrote for it (<rapports>/<campagne>/envois/,
 * src/diffusion/diffusion.c).
 */
static int erase_below_campaigns(struct known *k, const char *rapports, const char *siret, bool messages,
				 bool dry_run, int *count)
{
	DIR *top = opendir(rapports), *d;
	const struct dirent *c, *r;
	char dir[2048], path[4096];
	int ret = LECAP_OK;

	if (!top) /* said once, for the photographies */
		return messages || errno == ENOENT
			       ? LECAP_OK
			       : log_fail(LECAP_IO, "lecture de %s impossible : %s", rapports, strerror(errno));
	while ((c = readdir(top)) != NULL && ret == LECAP_OK) {
		int cut = messages ? report_path_messages_named(dir, sizeof(dir), rapports, c->d_name)
				   : report_path_members_named(dir, sizeof(dir), rapports, c->d_name);

		if (c->d_name[0] == '.' || cut || !(d = opendir(dir)))
			continue;
		while ((r = readdir(d)) != NULL && ret == LECAP_OK)
			if (members_file(k, rapports, c->d_name, dir, r->d_name, siret, messages, path, sizeof(path)))
				ret = note_path(k, path, false, dry_run, count);
		closedir(d);
	}
	closedir(top);
	return ret;
}

/* Erases one recorded file: gone (or kept, changed since) → its row goes. */
static int finish_one(pg_conn *conn, const char *path, const char *sha256, int *erased)
{
	const char *params[1] = {path};
	char hex[65];

	if (sha256 && access(path, F_OK) == 0 && hash_file(path, hex) == 0 && strcmp(hex, sha256) != 0) {
		log_warn("fichier gardé : redéposé depuis la décision d'effacement, avec un autre contenu");
		log_info("gardé (contenu changé depuis) : %s", path);
	} else if (unlink(path) == 0) {
		log_info("effacé : %s", path);
		(*erased)++;
	} else if (errno != ENOENT) {
		/* The path names the member: not in the error the journal keeps. */
		log_error("effacement d'un fichier d'adhérent effacé impossible : %s", strerror(errno));
		log_info("non effacé : %s", path);
		log_hint("vérifiez les droits sur [chemins], puis relancez lecap purger : il finit l'effacement");
		return LECAP_IO;
	}
	return pg_command(conn, "effacement en attente", "DELETE FROM lecap.effacement_en_attente WHERE chemin = $1",
			  1, params);
}

int effacement_reprendre(pg_conn *conn, bool resumed, bool dry_run, int *erased)
{
	pg_result *res = NULL;
	int ret, n;

	*erased = 0;
	ret = pg_query(conn, "lecture des effacements en attente",
		       "SELECT to_regclass('lecap.effacement_en_attente') IS NOT NULL", 0, NULL, &res);
	if (ret != LECAP_OK)
		return ret;
	n = strcmp(pg_value(res, 0, 0), "t") == 0;
	pg_result_free(res);
	res = NULL;
	if (!n)
		return LECAP_OK; /* before lecap init's migration 023 */
	ret = pg_query(conn, "lecture des effacements en attente",
		       "SELECT chemin, sha256 FROM lecap.effacement_en_attente ORDER BY chemin", 0, NULL, &res);
	if (ret != LECAP_OK)
		return ret;
	n = pg_ntuples(res);
	if (dry_run) {
		if (n > 0)
			log_warn("effacement d'adhérent interrompu : %d fichier(s) restent à effacer ; --dry-run n'y "
				 "touche pas, lecap purger (ou la prochaine exécution) les efface", n);
		pg_result_free(res);
		return LECAP_OK;
	}
	if (resumed && n > 0)
		log_warn("effacement d'adhérent interrompu : %d fichier(s) restaient à effacer, effacement repris", n);
	for (int i = 0; i < n && ret == LECAP_OK; i++) {
		ret = finish_one(conn, pg_value(res, i, 0), pg_isnull(res, i, 1) ? NULL : pg_value(res, i, 1),
				 erased);
		if (i == 0)
			test_crash_point("purger-pendant-fichiers");
	}
	if (resumed && n > 0 && ret == LECAP_OK)
		log_info("effacement d'adhérent repris : %d fichier(s) effacé(s)", *erased);
	pg_result_free(res);
	return ret;
}

int effacement_pending(pg_conn *conn, pg_result **out)
{
	bool readable;
	int ret = pg_table_readable(conn, "lecture des effacements en attente", "lecap.effacement_en_attente",
				    &readable);

	*out = NULL;
	if (ret != LECAP_OK || !readable)
		return ret;
	return pg_query(conn, "lecture des effacements en attente",
			"SELECT count(*), coalesce(to_char(min(depuis), 'YYYY-MM-DD HH24:MI:SS'), '') "
			"FROM lecap.effacement_en_attente",
			0, NULL, out);
}

int effacement_adherent(pg_conn *conn, const struct lecap_config *cfg, const char *siret, bool dry_run,
			struct effacement_result *out)
{
	const char *params[1] = {siret};
	struct known k = {conn, NULL, false};
	pg_result *res = NULL;
	size_t len = 0;
	int ret, erased;

	memset(out, 0, sizeof(*out));
	ret = pg_begin(conn);
	if (ret != LECAP_OK)
		return ret;
	ret = pg_query(conn, "lecture des fichiers de l'adhérent",
		       "SELECT nom, sha256, id::text FROM lecap.fichier WHERE nature <> 'adherents' "
		       "AND (siret = $1 OR (siret IS NULL AND strpos(nom, $1) > 0))",
		       1, params, &k.rows);
	if (ret == LECAP_OK)
		ret = pg_query(conn, "effacement des lignes de l'adhérent",
			       "SELECT objet, lignes FROM lecap.effacer_adherent($1) WHERE lignes > 0", 1, params, &res);
	if (ret != LECAP_OK)
		goto cleanup;
	for (int i = 0; i < pg_ntuples(res); i++) {
		out->lignes += atoll(pg_value(res, i, 1));
		if (strcmp(pg_value(res, i, 0), "contact_adherent") == 0)
			out->adresses = atoll(pg_value(res, i, 1));
		if (len < sizeof(out->detail))
			len += (size_t)snprintf(out->detail + len, sizeof(out->detail) - len, "%s%s %s", i ? ", " : "",
						pg_value(res, i, 0), pg_value(res, i, 1));
	}
	/* The files to erase, recorded with the deletion of the rows. */
	ret = erase_files(&k, cfg, siret, dry_run, &out->fichiers);
	if (ret == LECAP_OK)
		ret = erase_below_campaigns(&k, cfg->chemins_rapports, siret, false, dry_run, &out->rapports);
	if (ret == LECAP_OK)
		ret = erase_below_campaigns(&k, cfg->chemins_rapports, siret, true, dry_run, &out->messages);
	if (ret != LECAP_OK)
		goto cleanup;
	test_crash_point("purger-avant-fichiers");
	if (dry_run) {
		pg_rollback(conn);
	} else {
		ret = pg_commit(conn);
		if (ret != LECAP_OK)
			goto cleanup;
	}
	pg_result_free(res);
	pg_result_free(k.rows);
	if (dry_run)
		return LECAP_OK;
	/* The rows are gone: the files follow, one by one, each crossed off. */
	test_crash_point("purger-apres-commit");
	return effacement_reprendre(conn, false, false, &erased);
cleanup:
	pg_rollback(conn);
	pg_result_free(res);
	pg_result_free(k.rows);
	log_hint("rien n'est effacé de la base ; relancez lecap purger --siret une fois le problème corrigé");
	return ret;
}
