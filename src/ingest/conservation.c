/* Retention; see conservation.h. */
#include "ingest/conservation.h"

#include "base/exitcode.h"
#include "base/log.h"
#include "ingest/effacement.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int erase_old(const char *path, bool dry_run, int *count)
{
	if (dry_run) {
		log_info("serait effacé : %s", path);
	} else if (unlink(path) != 0 && errno != ENOENT) {
		log_error("effacement de %s impossible : %s", path, strerror(errno));
		log_hint("vérifiez les droits sur [chemins], puis relancez lecap purger");
		return LECAP_IO;
	} else {
		log_debug("effacé : %s", path);
	}
	(*count)++;
	return LECAP_OK;
}

/* Regular files of dir older than limit (not entering subdirectories);
 * keep_newest: the newest file stays whatever its age (the registry). */
static int purge_dir(const char *dir, time_t limit, bool keep_newest, bool dry_run, int *count)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[4096], newest[4096] = "";
	time_t newest_t = 0;
	struct stat st;
	int ret = LECAP_OK;

	if (!d)
		return errno == ENOENT ? LECAP_OK : log_fail(LECAP_IO, "lecture de %s impossible : %s", dir, strerror(errno));
	if (keep_newest) {
		while ((e = readdir(d)) != NULL)
			if (e->d_name[0] != '.' && snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) < (int)sizeof(path) &&
			    lstat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_mtime >= newest_t) {
				newest_t = st.st_mtime;
				snprintf(newest, sizeof(newest), "%s", path);
			}
		rewinddir(d);
	}
	while ((e = readdir(d)) != NULL && ret == LECAP_OK) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
		    snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >= (int)sizeof(path) ||
		    lstat(path, &st) != 0 || S_ISDIR(st.st_mode) || st.st_mtime >= limit ||
		    strcmp(path, newest) == 0)
			continue;
		ret = erase_old(path, dry_run, count);
	}
	closedir(d);
	return ret;
}

static int current_campaign(pg_conn *conn, int *out)
{
	pg_result *res;
	int ret = pg_query(conn, "campagne en cours",
			   "SELECT coalesce(max(c), 0) FROM (SELECT max(campagne) AS c FROM lecap.evaluation "
			   "UNION ALL SELECT max(campagne) FROM lecap.plan) t", 0, NULL, &res);
	if (ret == LECAP_OK) {
		*out = atoi(pg_value(res, 0, 0));
		pg_result_free(res);
	}
	return ret;
}

static int departed(pg_conn *conn, const struct lecap_config *cfg, int current, bool dry_run,
		    struct conservation_result *out)
{
	char days[16], camp[16];
	const char *params[2] = {days, camp};
	pg_result *res;
	int ret;

	snprintf(days, sizeof(days), "%d", cfg->conservation_anciens_adherents);
	snprintf(camp, sizeof(camp), "%d", current);
	ret = pg_query(conn, "adhérents sortis du registre",
		       /* Members with data (an enterprise or a plan), their last file received. */
		       "SELECT NOT EXISTS (SELECT 1 FROM lecap.adherent), s.siret FROM ("
		       "  SELECT m.siret, (SELECT max(f.recu_le) FROM lecap.fichier f WHERE f.siret = m.siret) AS dernier"
		       "    FROM (SELECT siret FROM lecap.entreprise UNION SELECT siret FROM lecap.plan) m) s"
		       " WHERE NOT EXISTS (SELECT 1 FROM lecap.adherent a WHERE a.siret = s.siret)"
		       "   AND s.dernier < now() - make_interval(days => $1::int)"
		       "   AND NOT EXISTS (SELECT 1 FROM lecap.evaluation e WHERE e.siret = s.siret AND e.campagne = $2::int)"
		       "   AND NOT EXISTS (SELECT 1 FROM lecap.plan p WHERE p.siret = s.siret AND p.campagne = $2::int)"
		       " ORDER BY s.siret",
		       2, params, &res);
	if (ret != LECAP_OK)
		return ret;
	if (pg_ntuples(res) > 0 && strcmp(pg_value(res, 0, 0), "t") == 0) {
		out->sans_registre = true;
		pg_result_free(res);
		return LECAP_OK;
	}
	for (int i = 0; i < pg_ntuples(res) && ret == LECAP_OK; i++) {
		struct effacement_result er;
		log_info("%s : adhérent sorti du registre, dernier fichier il y a plus de %d jour%s", pg_value(res, i, 1),
			 cfg->conservation_anciens_adherents, cfg->conservation_anciens_adherents > 1 ? "s" : "");
		ret = effacement_adherent(conn, cfg, pg_value(res, i, 1), dry_run, &er);
		if (ret == LECAP_OK)
			out->adherents++;
	}
	pg_result_free(res);
	return ret;
}

int conservation_apply(pg_conn *conn, const struct lecap_config *cfg, bool dry_run,
		       struct conservation_result *out)
{
	time_t now = time(NULL);
	char dir[4096];
	DIR *d;
	struct dirent *e;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = current_campaign(conn, &out->campagne_en_cours);
	if (ret != LECAP_OK)
		return ret;
	/* The archive: one directory per campaign, and adherents/. */
	d = opendir(cfg->chemins_archive);
	if (!d && errno != ENOENT)
		return log_fail(LECAP_IO, "lecture de %s impossible : %s", cfg->chemins_archive, strerror(errno));
	while (d && (e = readdir(d)) != NULL && ret == LECAP_OK) {
		bool registry = strcmp(e->d_name, "adherents") == 0;
		if (e->d_name[0] == '.' || (!registry && atoi(e->d_name) == out->campagne_en_cours))
			continue;
		if (snprintf(dir, sizeof(dir), "%s/%s", cfg->chemins_archive, e->d_name) >= (int)sizeof(dir))
			continue;
		ret = purge_dir(dir, now - (time_t)cfg->conservation_archive * 86400, registry, dry_run, &out->archive);
	}
	if (d)
		closedir(d);
	if (ret == LECAP_OK)
		ret = purge_dir(cfg->chemins_quarantaine, now - (time_t)cfg->conservation_quarantaine * 86400, false,
				dry_run, &out->quarantaine);
	if (ret == LECAP_OK && snprintf(dir, sizeof(dir), "%s/historique", cfg->chemins_quarantaine) < (int)sizeof(dir))
		ret = purge_dir(dir, now - (time_t)cfg->conservation_quarantaine * 86400, false, dry_run,
				&out->quarantaine);
	if (ret == LECAP_OK)
		ret = departed(conn, cfg, out->campagne_en_cours, dry_run, out);
	return ret;
}
