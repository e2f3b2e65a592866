/* Erasing a member; see effacement.h. */
#include "ingest/effacement.h"

#include "base/exitcode.h"
#include "base/log.h"
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
	pg_result *rows; /* nom, sha256 of the member's lecap.fichier rows */
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

static int remove_path(const char *path, bool dry_run, int *count)
{
	if (dry_run) {
		log_info("serait effacé : %s", path);
	} else if (unlink(path) != 0 && errno != ENOENT) {
		log_error("effacement de %s impossible : %s", path, strerror(errno));
		log_hint("vérifiez les droits sur [chemins], puis relancez lecap purger --siret");
		return LECAP_IO;
	} else {
		log_info("effacé : %s", path);
	}
	(*count)++;
	return LECAP_OK;
}

/* The member's files of dir; quarantine: with their .erreurs.txt. Missing
 * dir: nothing. Subdirectories are not entered. */
static int erase_in(const struct known *k, const char *siret, const char *dir, bool quarantine, bool dry_run,
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
				ret = remove_path(path, dry_run, count);
			continue;
		}
		if (!is_members(k, siret, dir, e->d_name))
			continue;
		ret = remove_path(path, dry_run, count);
		if (ret == LECAP_OK && quarantine && !strstr(e->d_name, siret)) {
			snprintf(path, sizeof(path), "%s/%s.erreurs.txt", dir, e->d_name);
			if (access(path, F_OK) == 0)
				ret = remove_path(path, dry_run, count);
		}
	}
	closedir(d);
	return ret;
}

static int erase_files(const struct known *k, const struct lecap_config *cfg, const char *siret, bool dry_run,
		       int *count)
{
	char sub[4096];
	DIR *d;
	struct dirent *e;
	int ret = erase_in(k, siret, cfg->chemins_entree, false, dry_run, count);

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

int effacement_adherent(pg_conn *conn, const struct lecap_config *cfg, const char *siret, bool dry_run,
			struct effacement_result *out)
{
	const char *params[1] = {siret};
	struct known k = {NULL};
	pg_result *res = NULL;
	size_t len = 0;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = pg_begin(conn);
	if (ret != LECAP_OK)
		return ret;
	ret = pg_query(conn, "lecture des fichiers de l'adhérent",
		       "SELECT nom, sha256 FROM lecap.fichier WHERE nature <> 'adherents' "
		       "AND (siret = $1 OR (siret IS NULL AND strpos(nom, $1) > 0))",
		       1, params, &k.rows);
	if (ret == LECAP_OK)
		ret = pg_query(conn, "effacement des lignes de l'adhérent",
			       "SELECT objet, lignes FROM lecap.effacer_adherent($1) WHERE lignes > 0", 1, params, &res);
	if (ret != LECAP_OK)
		goto fail;
	for (int i = 0; i < pg_ntuples(res); i++) {
		out->lignes += atoll(pg_value(res, i, 1));
		if (len < sizeof(out->detail))
			len += (size_t)snprintf(out->detail + len, sizeof(out->detail) - len, "%s%s %s", i ? ", " : "",
						pg_value(res, i, 0), pg_value(res, i, 1));
	}
	test_crash_point("purger-avant-fichiers");
	ret = erase_files(&k, cfg, siret, dry_run, &out->fichiers);
	if (ret != LECAP_OK)
		goto fail;
	if (dry_run) {
		pg_rollback(conn);
	} else {
		ret = pg_commit(conn);
		if (ret != LECAP_OK)
			goto fail;
	}
	pg_result_free(res);
	pg_result_free(k.rows);
	return LECAP_OK;
fail:
	pg_rollback(conn);
	pg_result_free(res);
	pg_result_free(k.rows);
	log_hint("rien n'est effacé de la base ; relancez lecap purger --siret une fois le problème corrigé");
	return ret;
}
