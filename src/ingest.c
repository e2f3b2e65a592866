/* The ingest loop and the dispositions of files; see ingest.h. */
#include "ingest.h"

#include "exitcode.h"
#include "export_read.h"
#include "ingest_load.h"
#include "log.h"
#include "sha256.h"
#include "signals.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- SHA-256 of the applied files: sha → (fichier id, archive subdir) ---- */

struct seen_entry {
	char sha[65];
	long long id;
	int campagne; /* 0: adherents */
	bool used;
};

struct seen {
	struct seen_entry *e;
	size_t cap, n;
};

static size_t seen_slot(const struct seen *s, const char *sha)
{
	/* The digest is uniformly distributed: its first hex digits hash well. */
	size_t h = (size_t)strtoull((char[17]){sha[0], sha[1], sha[2], sha[3], sha[4], sha[5], sha[6],
					       sha[7], sha[8], sha[9], sha[10], sha[11], sha[12],
					       sha[13], sha[14], sha[15], 0}, NULL, 16);
	size_t i = h & (s->cap - 1);
	while (s->e[i].used && strcmp(s->e[i].sha, sha) != 0)
		i = (i + 1) & (s->cap - 1);
	return i;
}

static const struct seen_entry *seen_find(const struct seen *s, const char *sha)
{
	if (s->cap == 0)
		return NULL;
	size_t i = seen_slot(s, sha);
	return s->e[i].used ? &s->e[i] : NULL;
}

static int seen_add(struct seen *s, const char *sha, long long id, int campagne)
{
	if ((s->n + 1) * 2 > s->cap) {
		struct seen g = {calloc(s->cap ? s->cap * 2 : 1024, sizeof(struct seen_entry)),
				 s->cap ? s->cap * 2 : 1024, 0};
		if (!g.e)
			return -1;
		for (size_t k = 0; k < s->cap; k++)
			if (s->e[k].used) {
				g.e[seen_slot(&g, s->e[k].sha)] = s->e[k];
				g.n++;
			}
		free(s->e);
		*s = g;
	}
	size_t i = seen_slot(s, sha);
	if (s->e[i].used)
		return 0;
	snprintf(s->e[i].sha, sizeof(s->e[i].sha), "%s", sha);
	s->e[i].id = id;
	s->e[i].campagne = campagne;
	s->e[i].used = true;
	s->n++;
	return 0;
}

static int seen_load(pg_conn *conn, struct seen *s)
{
	pg_result *res;
	int ret = pg_query(conn, "lecture des empreintes des fichiers déjà intégrés",
			   "SELECT min(id), sha256, coalesce(min(campagne), 0) FROM lecap.fichier "
			   "WHERE statut IN ('integre', 'obsolete') AND sha256 IS NOT NULL GROUP BY sha256",
			   0, NULL, &res);
	if (ret != LECAP_OK)
		return ret;
	for (int i = 0; i < pg_ntuples(res); i++)
		if (seen_add(s, pg_value(res, i, 1), atoll(pg_value(res, i, 0)),
			     atoi(pg_value(res, i, 2))) != 0) {
			pg_result_free(res);
			return log_fail(LECAP_IO, "mémoire insuffisante");
		}
	pg_result_free(res);
	return LECAP_OK;
}

/* ---- files and directories ---- */

int ingest_check_referential(pg_conn *conn, const ref_set *ref)
{
	const char *p[1] = {ref_version(ref)};
	pg_result *res;
	int ret = pg_query(conn, "lecture de la version de la grille", "SELECT sha256 FROM lecap.referentiel "
			   "WHERE version = $1", 1, p, &res);
	if (ret != LECAP_OK)
		return ret;
	if (pg_ntuples(res) == 0) {
		log_error("la base ne contient pas la grille %s ([referentiel] version)", ref_version(ref));
		log_hint("lancez lecap init pour la charger, puis relancez lecap ingest");
		ret = LECAP_USAGE;
	} else if (strcmp(pg_value(res, 0, 0), ref_grid_sha256(ref)) != 0) {
		log_error("la grille %s de la base diffère du fichier %s", ref_version(ref), ref_grid_path(ref));
		log_hint("lancez lecap init pour mettre la base à jour, ou changez [referentiel] version");
		ret = LECAP_USAGE;
	}
	pg_result_free(res);
	return ret;
}

static char *path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s/%s", dir, name);
	return p;
}

/* mkdir -p with mode 0750; LECAP_IO after logging on failure. */
static int make_dir(const char *path)
{
	char buf[4096];
	struct stat st;

	if (stat(path, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return LECAP_OK;
		log_error("%s existe mais n'est pas un répertoire", path);
		log_hint("vérifiez [chemins] archive et quarantaine dans la configuration");
		return LECAP_IO;
	}
	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf))
		return log_fail(LECAP_IO, "chemin trop long : %s", path);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0750) != 0 && errno != EEXIST)
			goto fail;
		*p = '/';
	}
	if (mkdir(buf, 0750) != 0 && errno != EEXIST)
		goto fail;
	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		goto fail;
	}
	return LECAP_OK;
fail:
	log_error("création du répertoire %s impossible : %s", buf, strerror(errno));
	log_hint("vérifiez [chemins] et les droits de l'utilisateur qui lance lecap");
	return LECAP_IO;
}

static bool exists(const char *dir, const char *name, const char *suffix)
{
	char p[4096];
	struct stat st;
	snprintf(p, sizeof(p), "%s/%s%s", dir, name, suffix);
	return lstat(p, &st) == 0;
}

/* A name free in dir (and, for the quarantine, free for .erreurs.txt too):
 * name, else name.1, name.2... — nothing already there is overwritten. */
static void free_name(const char *dir, const char *name, bool with_errors, char *out, size_t size)
{
	snprintf(out, size, "%s", name);
	for (int i = 1; exists(dir, out, "") || (with_errors && exists(dir, out, ".erreurs.txt")); i++)
		snprintf(out, size, "%s.%d", name, i);
}

static int move_file(const char *dir, const char *name, const char *todir, const char *toname)
{
	char from[4096], to[4096];
	snprintf(from, sizeof(from), "%s/%s", dir, name);
	snprintf(to, sizeof(to), "%s/%s", todir, toname);
	if (rename(from, to) != 0) {
		log_error("déplacement de %s vers %s impossible : %s", from, to, strerror(errno));
		log_hint("vérifiez les droits sur [chemins] entree, archive et quarantaine ; le fichier "
			 "sera reconnu (SHA-256) à la prochaine exécution");
		return LECAP_IO;
	}
	return LECAP_OK;
}

static int archive(const struct lecap_config *cfg, const char *dir, const char *name, int campagne)
{
	char sub[4096], final[1024];
	int ret;

	if (campagne > 0)
		snprintf(sub, sizeof(sub), "%s/%d", cfg->chemins_archive, campagne);
	else
		snprintf(sub, sizeof(sub), "%s/adherents", cfg->chemins_archive);
	ret = make_dir(sub);
	if (ret != LECAP_OK)
		return ret;
	free_name(sub, name, false, final, sizeof(final));
	return move_file(dir, name, sub, final);
}

static int quarantine(const struct lecap_config *cfg, const char *dir, const char *name,
		      const char *messages)
{
	const char *q = cfg->chemins_quarantaine;
	char final[1024], path[4096];
	int fd, ret;
	size_t len = strlen(messages);

	ret = make_dir(q);
	if (ret != LECAP_OK)
		return ret;
	free_name(q, name, true, final, sizeof(final));
	snprintf(path, sizeof(path), "%s/%s.erreurs.txt", q, final);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
	if (fd < 0 || write(fd, messages, len) != (ssize_t)len || close(fd) != 0) {
		log_error("écriture de %s impossible : %s", path, strerror(errno));
		log_hint("vérifiez les droits sur [chemins] quarantaine");
		if (fd >= 0)
			close(fd);
		return LECAP_IO;
	}
	return move_file(dir, name, q, final);
}

/* SHA-256 of a file (hex); LECAP_IO when unreadable. */
static int hash_file(const char *path, char hex[65])
{
	static char buf[256 * 1024];
	struct sha256 s;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return log_fail(LECAP_IO, "lecture de %s impossible : %s", path, strerror(errno));
	sha256_init(&s);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		sha256_update(&s, buf, (size_t)n);
	close(fd);
	if (n < 0)
		return log_fail(LECAP_IO, "lecture de %s impossible : %s", path, strerror(errno));
	sha256_final_hex(&s, hex);
	return LECAP_OK;
}

/* A lecap.fichier row outside of a file's transaction. */
static int record(pg_conn *conn, const char *name, const struct export_info *info, const char *statut,
		  const char *messages, long long exec_id)
{
	char size[24], camp[8], exec[24];
	bool has_pf = info->kind == EXPORT_REPONSES || info->kind == EXPORT_PLAN;
	const char *p[10] = {
		name, info->sha256[0] ? info->sha256 : NULL, size, export_kind_name(info->kind),
		has_pf && info->siret[0] ? info->siret : NULL, has_pf && info->campagne ? camp : NULL,
		has_pf && info->horodatage[0] ? info->horodatage : NULL, statut, messages, exec,
	};
	snprintf(size, sizeof(size), "%lld", info->size);
	snprintf(camp, sizeof(camp), "%d", info->campagne);
	snprintf(exec, sizeof(exec), "%lld", exec_id);
	return pg_command(conn, "enregistrement du fichier",
			  "INSERT INTO lecap.fichier (nom, sha256, taille, nature, siret, campagne, "
			  "horodatage_export, statut, messages, execution_id) "
			  "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)", 10, p);
}

/* A doublon's row copies what is known of the first applied file of that
 * fingerprint (kind, siret, campagne). */
static int record_doublon(pg_conn *conn, const char *name, const char *sha, long long size,
			  long long exec_id)
{
	char e[24], sz[24];
	const char *p[4] = {name, sha, e, sz};
	snprintf(e, sizeof(e), "%lld", exec_id);
	snprintf(sz, sizeof(sz), "%lld", size);
	return pg_command(conn, "enregistrement d'un doublon",
			  "INSERT INTO lecap.fichier (nom, sha256, taille, nature, siret, campagne, "
			  "horodatage_export, statut, execution_id) SELECT $1, $2, $4, nature, siret, "
			  "campagne, horodatage_export, 'doublon', $3 FROM lecap.fichier "
			  "WHERE sha256 = $2 AND statut IN ('integre', 'obsolete') ORDER BY id LIMIT 1",
			  4, p);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The names to ingest, sorted; skipped entries are logged at debug level. */
static int list_inbox(const char *dir, char ***out, size_t *count)
{
	DIR *d = opendir(dir);
	struct dirent *ent;
	char **names = NULL;
	size_t n = 0, cap = 0;

	*out = NULL;
	*count = 0;
	if (!d) {
		log_error("lecture de la boîte de réception %s impossible : %s", dir, strerror(errno));
		log_hint("vérifiez [chemins] entree (ou le répertoire donné) et ses droits");
		return LECAP_IO;
	}
	while ((errno = 0, ent = readdir(d)) != NULL) {
		const char *nm = ent->d_name;
		if (nm[0] == '.') {
			if (strcmp(nm, ".") != 0 && strcmp(nm, "..") != 0)
				log_debug("%s ignoré : fichier caché (nom commençant par un point)", nm);
			continue;
		}
		if (ends_with(nm, ".erreurs.txt")) {
			log_debug("%s ignoré : rapport d'erreurs", nm);
			continue;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			char **g = realloc(names, cap * sizeof(*g));
			if (!g)
				goto oom;
			names = g;
		}
		if (!(names[n] = strdup(nm)))
			goto oom;
		n++;
	}
	if (errno) {
		log_error("lecture de la boîte de réception %s impossible : %s", dir, strerror(errno));
		closedir(d);
		for (size_t i = 0; i < n; i++)
			free(names[i]);
		free(names);
		return LECAP_IO;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_names);
	*out = names;
	*count = n;
	return LECAP_OK;
oom:
	closedir(d);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return log_fail(LECAP_IO, "mémoire insuffisante");
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void progress(const struct ingest_stats *st, int done, double start, bool last)
{
	double el = now_s() - start;
	fprintf(stderr, "\r\033[Klecap: %d/%d fichiers, %.0f cellules/s, %d rejeté(s)%s", done, st->total,
		el > 0 ? (double)st->cellules / el : 0.0, st->rejetes, last ? "\n" : "");
}

/* ---- one file ---- */

struct run {
	pg_conn *conn;
	const struct lecap_config *cfg;
	const ref_set *ref;
	const char *dir;
	long long exec_id;
	struct ingest_stats *st;
	struct seen seen;
	ingest_loader *loader;
};

static int reject(struct run *r, const char *name, const struct export_info *info, const char *messages,
		  long count)
{
	int ret = record(r->conn, name, info, "rejete", messages, r->exec_id);
	if (ret != LECAP_OK)
		return ret;
	r->st->rejetes++;
	log_warn("%s rejeté (%ld problème%s), mis en quarantaine : voir %s.erreurs.txt", name, count,
		 count > 1 ? "s" : "", name);
	return quarantine(r->cfg, r->dir, name, messages);
}

static int ingest_file(struct run *r, const char *name)
{
	struct export_result res;
	struct stat st;
	char *path = path_join(r->dir, name);
	char *messages = NULL;
	size_t mlen = 0;
	int ret = LECAP_OK;

	export_result_init(&res);
	if (!path)
		return log_fail(LECAP_IO, "mémoire insuffisante");
	if (lstat(path, &st) != 0) {
		ret = log_fail(LECAP_IO, "lecture de %s impossible : %s", path, strerror(errno));
		goto cleanup;
	}
	if (S_ISDIR(st.st_mode)) {
		log_debug("%s ignoré : répertoire", name);
		goto cleanup;
	}
	if (S_ISLNK(st.st_mode)) {
		static const char fmt[] = "%s:1:-: lien symbolique refusé (il n'est pas suivi) : déposez "
					  "le fichier lui-même dans la boîte de réception\n";
		size_t n = strlen(fmt) + strlen(name);
		messages = malloc(n);
		if (messages)
			snprintf(messages, n, fmt, name);
		else {
			ret = log_fail(LECAP_IO, "mémoire insuffisante");
			goto cleanup;
		}
		ret = reject(r, name, &res.info, messages, 1);
		goto cleanup;
	}
	if (!S_ISREG(st.st_mode)) {
		log_warn("%s ignoré : ce n'est pas un fichier ordinaire", name);
		goto cleanup;
	}
	/* Doublon: decided by the fingerprint alone, before any parsing. */
	if (st.st_size <= r->cfg->ingestion_taille_max) {
		char sha[65];
		const struct seen_entry *e;
		ret = hash_file(path, sha);
		if (ret != LECAP_OK)
			goto cleanup;
		if ((e = seen_find(&r->seen, sha)) != NULL) {
			int camp = e->campagne;
			ret = record_doublon(r->conn, name, sha, (long long)st.st_size, r->exec_id);
			if (ret == LECAP_OK)
				ret = archive(r->cfg, r->dir, name, camp);
			if (ret == LECAP_OK) {
				r->st->doublons++;
				log_debug("%s : doublon (déjà reçu), archivé", name);
			}
			goto cleanup;
		}
	}

	loader_reset(r->loader, name);
	ret = export_read(path, name, r->ref, r->cfg->ingestion_taille_max, loader_sink(r->loader), &res);
	if (ret != LECAP_OK || loader_state(r->loader) == LOADER_FAILED) {
		loader_abort(r->loader);
		if (ret == LECAP_OK)
			ret = LECAP_DB;
		goto cleanup;
	}
	if (res.total > 0) {
		FILE *m;
		loader_abort(r->loader);
		m = open_memstream(&messages, &mlen);
		if (!m || export_write_problems(&res, name, m) != 0 || fclose(m) != 0) {
			ret = log_fail(LECAP_IO, "mémoire insuffisante");
			goto cleanup;
		}
		ret = reject(r, name, &res.info, messages, res.total);
		goto cleanup;
	}
	if (loader_state(r->loader) == LOADER_OBSOLETE) {
		ret = record(r->conn, name, &res.info, "obsolete", "", r->exec_id);
		if (ret == LECAP_OK && seen_add(&r->seen, res.info.sha256, 0, res.info.campagne) != 0)
			ret = log_fail(LECAP_IO, "mémoire insuffisante");
		if (ret == LECAP_OK)
			ret = archive(r->cfg, r->dir, name, res.info.campagne);
		if (ret == LECAP_OK) {
			r->st->obsoletes++;
			log_info("%s : obsolète (un export plus récent de %s pour %d est déjà intégré), archivé",
				 name, res.info.siret, res.info.campagne);
		}
		goto cleanup;
	}
	ret = loader_finish(r->loader, &res.info);
	test_pause_point("ingest-avant-commit");
	if (ret == LECAP_OK)
		ret = pg_commit(r->conn);
	if (ret != LECAP_OK) {
		loader_abort(r->loader);
		goto cleanup;
	}
	test_crash_point("ingest-apres-commit");
	r->st->integres++;
	if (res.info.kind == EXPORT_REPONSES)
		r->st->cellules += res.info.cells;
	/* id 0: the doublon row then copies the latest row of that sha. */
	if (seen_add(&r->seen, res.info.sha256, 0, res.info.kind == EXPORT_ADHERENTS ? 0 : res.info.campagne) != 0) {
		ret = log_fail(LECAP_IO, "mémoire insuffisante");
		goto cleanup;
	}
	log_debug("%s : intégré (%s, %ld ligne(s), %ld cellule(s))", name,
		  export_kind_name(res.info.kind), res.info.rows, res.info.cells);
	ret = archive(r->cfg, r->dir, name, res.info.kind == EXPORT_ADHERENTS ? 0 : res.info.campagne);
cleanup:
	free(messages);
	export_result_release(&res);
	free(path);
	return ret;
}

int ingest_dir(pg_conn *conn, const struct lecap_config *cfg, const ref_set *ref, const char *dir,
	       long long execution_id, struct ingest_stats *stats)
{
	struct run r = {conn, cfg, ref, dir, execution_id, stats, {NULL, 0, 0}, NULL};
	char **names = NULL;
	size_t n = 0, i;
	double start = now_s(), last = 0;
	bool tty = isatty(STDERR_FILENO);
	int ret;

	memset(stats, 0, sizeof(*stats));
	ret = list_inbox(dir, &names, &n);
	if (ret != LECAP_OK)
		return ret;
	stats->total = (int)n;
	if ((ret = make_dir(cfg->chemins_archive)) != LECAP_OK ||
	    (ret = make_dir(cfg->chemins_quarantaine)) != LECAP_OK)
		goto cleanup;
	if ((ret = seen_load(conn, &r.seen)) != LECAP_OK)
		goto cleanup;
	if ((ret = loader_new(conn, ref, execution_id, &r.loader)) != LECAP_OK)
		goto cleanup;
	for (i = 0; i < n; i++) {
		if (signals_stop_requested()) {
			log_error("arrêt demandé (signal %d) : %zu fichier(s) laissé(s) dans %s",
				  signals_received(), n - i, dir);
			log_hint("relancez lecap ingest : les fichiers restants seront traités");
			ret = LECAP_IO;
			break;
		}
		ret = ingest_file(&r, names[i]);
		if (ret != LECAP_OK)
			break;
		if (tty && now_s() - last > 0.2) {
			last = now_s();
			progress(stats, (int)i + 1, start, false);
		}
	}
	if (tty && n)
		progress(stats, (int)i, start, true);
cleanup:
	stats->seconds = now_s() - start;
	loader_free(r.loader);
	free(r.seen.e);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (ret == LECAP_OK && stats->rejetes > 0)
		ret = LECAP_REJECTED;
	return ret;
}
