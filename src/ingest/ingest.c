/* The ingest loop and the dispositions of files; see ingest.h. */
#define _GNU_SOURCE /* renameat2 */
#include "ingest/ingest.h"

#include "base/exitcode.h"
#include "ingest/copybuf.h"
#include "ingest/export_read.h"
#include "ingest/ingest_batch.h"
#include "ingest/ingest_scan.h"
#include "base/log.h"
#include "io/sha256.h"
#include "base/text.h"
#include "base/signals.h"

#include <dirent.h>
#include <pthread.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- SHA-256 of the applied files, with what a doublon's row copies ----
 *
 * Memory must not depend on the history (every file ever received): the
 * database is asked, one window of inbox files at a time (WINDOW_MIN to
 * WINDOW files: what the look-ahead thread has ready), which of
 * their fingerprints belong to an applied file (index fichier_sha256). The
 * table below holds the answer for the current window, plus the files this
 * run applied that the database may not show yet: a file applied in the
 * open group (not committed) is tagged with the group's generation; at the
 * next window those of committed groups are dropped (the query sees them).
 */

#define WINDOW 2048
#define WINDOW_MIN 256

struct seen_entry {
	char sha[65];
	enum export_kind kind;
	char siret[15];
	int campagne;        /* 0: none (adherents) */
	char horodatage[40];
	bool used;
	bool withdrawn;      /* its latest applied row was withdrawn (lecap retirer) */
	bool run;            /* applied by this run, in group generation gen */
	unsigned gen;
};

struct seen {
	struct seen_entry *e;
	size_t cap, n;
};

static size_t seen_slot(const struct seen *s, const char *sha)
{
	/* The digest is uniformly distributed: its first hex digits hash well. */
	char head[17];
	memcpy(head, sha, 16);
	head[16] = '\0';
	size_t i = (size_t)strtoull(head, NULL, 16) & (s->cap - 1);
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

/*
 * Rebuilds the table with room for more entries, keeping only the entries
 * of this run in generation keep_gen (all of them when keep_all).
 */
static int seen_rebuild(struct seen *s, size_t more, bool keep_all, unsigned keep_gen)
{
	size_t kept = 0, cap = 1024;
	for (size_t k = 0; k < s->cap; k++)
		if (s->e[k].used && (keep_all || (s->e[k].run && s->e[k].gen == keep_gen)))
			kept++;
	while (cap < 2 * (kept + more))
		cap *= 2;
	struct seen g = {calloc(cap, sizeof(struct seen_entry)), cap, 0};
	if (!g.e)
		return log_fail(LECAP_IO, "mémoire insuffisante");
	for (size_t k = 0; k < s->cap; k++)
		if (s->e[k].used && (keep_all || (s->e[k].run && s->e[k].gen == keep_gen))) {
			g.e[seen_slot(&g, s->e[k].sha)] = s->e[k];
			g.n++;
		}
	free(s->e);
	*s = g;
	return LECAP_OK;
}

static int seen_add_row(struct seen *s, const char *sha, enum export_kind kind, const char *siret,
			int campagne, const char *horodatage, bool withdrawn, bool run, unsigned gen)
{
	int ret;
	if ((s->n + 1) * 2 > s->cap && (ret = seen_rebuild(s, s->n + 1, true, 0)) != LECAP_OK)
		return ret;
	struct seen_entry *e = &s->e[seen_slot(s, sha)];
	if (e->used) {
		/* Applied again in this run (lecap ingest --reintegrer): no longer withdrawn. */
		if (!withdrawn)
			e->withdrawn = false;
		return LECAP_OK;
	}
	snprintf(e->sha, sizeof(e->sha), "%s", sha);
	e->kind = kind;
	snprintf(e->siret, sizeof(e->siret), "%s", siret ? siret : "");
	e->campagne = campagne;
	snprintf(e->horodatage, sizeof(e->horodatage), "%s", horodatage ? horodatage : "");
	e->used = true;
	e->withdrawn = withdrawn;
	e->run = run;
	e->gen = gen;
	s->n++;
	return LECAP_OK;
}

static int seen_add(struct seen *s, const char *sha, enum export_kind kind, const char *siret,
		    int campagne, const char *horodatage, bool run, unsigned gen)
{
	return seen_add_row(s, sha, kind, siret, campagne, horodatage, false, run, gen);
}

static enum export_kind kind_of(const char *nature)
{
	return strcmp(nature, "reponses") == 0 ? EXPORT_REPONSES : strcmp(nature, "plan") == 0 ? EXPORT_PLAN :
	       strcmp(nature, "adherents") == 0 ? EXPORT_ADHERENTS : EXPORT_UNKNOWN;
}

/* Adds the applied files among the fingerprints of the text array shas
 * ("{hex,hex...}": digits and letters only). */
static int seen_query(pg_conn *conn, struct seen *s, const char *shas)
{
	pg_result *res;
	const char *p[1] = {shas};
	int ret = pg_query(conn, "lecture des empreintes des fichiers déjà intégrés",
			   /* One lookup per distinct fingerprint in the partial index
			    * fichier_sha256_applique (sql/013), whatever the size of
			    * lecap.fichier and however many doublon rows share it:
			    * LATERAL ... LIMIT 1 keeps the planner from scanning. */
			   /* The latest applied row decides: withdrawn (lecap
			    * retirer, sql/014) unless applied again since. */
			   "SELECT f.sha256, f.nature, coalesce(f.siret, ''), coalesce(f.campagne, 0), "
			   "coalesce(f.horodatage_export::text, ''), f.retrait_id IS NOT NULL FROM "
			   "(SELECT DISTINCT sha FROM unnest($1::text[]) AS u(sha)) AS k "
			   "CROSS JOIN LATERAL (SELECT * FROM lecap.fichier x WHERE x.sha256 = k.sha "
			   "AND x.statut IN ('integre', 'obsolete') ORDER BY x.id DESC LIMIT 1) AS f", 1, p, &res);
	if (ret != LECAP_OK)
		return ret;
	for (int i = 0; i < pg_ntuples(res) && ret == LECAP_OK; i++)
		ret = seen_add_row(s, pg_value(res, i, 0), kind_of(pg_value(res, i, 1)), pg_value(res, i, 2),
				   atoi(pg_value(res, i, 3)), pg_value(res, i, 4),
				   strcmp(pg_value(res, i, 5), "t") == 0, false, 0);
	pg_result_free(res);
	return ret;
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
		if (mkdir(buf, 0750) == 0)
			chmod(buf, 0750); /* whatever the umask */
		else if (errno != EEXIST)
			goto cleanup;
		*p = '/';
	}
	if (mkdir(buf, 0750) == 0)
		chmod(buf, 0750);
	else if (errno != EEXIST)
		goto cleanup;
	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		goto cleanup;
	}
	return LECAP_OK;
cleanup:
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

static int move_failed(const char *from, const char *to)
{
	int err = errno;
	log_error("déplacement de %s vers %s impossible : %s", from, to, text_errno(err));
	if (text_errno_full(err))
		log_hint("libérez de la place sur le système de fichiers de %s, puis relancez : le fichier "
			 "sera reconnu (SHA-256) à la prochaine exécution",
			 to);
	else
		log_hint("vérifiez les droits sur [chemins] entree, archive et quarantaine ; le fichier "
			 "sera reconnu (SHA-256) à la prochaine exécution");
	return LECAP_IO;
}

/* Makes an archived or quarantined file 0640 whatever mode it came with,
 * unless lstat already saw it so (mode); a quarantined symbolic link stays
 * as it is: its target is not touched. */
static void set_mode(const char *to, mode_t mode)
{
	if (S_ISREG(mode) && (mode & 07777) == 0640)
		return;
	int fd = open(to, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd >= 0) {
		if (fchmod(fd, 0640) != 0)
			log_warn("droits de %s non modifiés (0640 voulu) : %s", to, strerror(errno));
		close(fd);
	}
}

static int move_file(const char *dir, const char *name, const char *todir, const char *toname,
		     mode_t mode)
{
	char from[4096], to[4096];
	snprintf(from, sizeof(from), "%s/%s", dir, name);
	snprintf(to, sizeof(to), "%s/%s", todir, toname);
	if (rename(from, to) != 0)
		return move_failed(from, to);
	set_mode(to, mode);
	/* Test hook: killed between two renames of the mover. */
	test_crash_point("deplacement-entre-deux");
	return LECAP_OK;
}

static int archive(const struct lecap_config *cfg, const char *dir, const char *name, int campagne,
		   mode_t mode)
{
	/* The last subdirectory made: most files of a run go to few of them. */
	static char made[4096];
	char sub[4096], final[1024];
	int ret;

	if (campagne > 0)
		snprintf(sub, sizeof(sub), "%s/%d", cfg->chemins_archive, campagne);
	else
		snprintf(sub, sizeof(sub), "%s/adherents", cfg->chemins_archive);
	if (strcmp(sub, made) != 0) {
		ret = make_dir(sub);
		if (ret != LECAP_OK)
			return ret;
		snprintf(made, sizeof(made), "%s", sub);
	}
	/* Most names are free: one renameat2 that refuses to overwrite, instead
	 * of an lstat then a rename; name.1, name.2... when it is taken (or when
	 * the file system does not know RENAME_NOREPLACE). */
	{
		char from[4096], to[4096];
		if (snprintf(from, sizeof(from), "%s/%s", dir, name) < (int)sizeof(from) &&
		    snprintf(to, sizeof(to), "%s/%s", sub, name) < (int)sizeof(to)) {
			if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0) {
				set_mode(to, mode);
				return LECAP_OK;
			}
			if (errno != EEXIST && errno != EINVAL && errno != ENOSYS)
				return move_failed(from, to);
		}
	}
	free_name(sub, name, false, final, sizeof(final));
	return move_file(dir, name, sub, final, mode);
}

static int quarantine_failed(const char *path, const char *dir, int err)
{
	log_error("écriture de %s impossible : %s", path, text_errno(err));
	if (text_errno_full(err))
		log_hint("libérez de la place sur le système de fichiers de %s, puis relancez : le fichier "
			 "rejeté attend dans la boîte de réception ; aucun fichier partiel n'est laissé",
			 dir);
	else
		log_hint("vérifiez les droits sur [chemins] quarantaine");
	return LECAP_IO;
}

/* Writes name.erreurs.txt into the quarantine, then moves the file beside it
 * (under final, a free name). When the move fails, the .erreurs.txt is
 * removed: the file waits in the inbox, and the next run writes both. */
static int quarantine(const struct lecap_config *cfg, const char *dir, const char *name,
		      const char *messages, mode_t mode, char final[1024])
{
	const char *q = cfg->chemins_quarantaine;
	char path[4096];
	int fd, ret;
	size_t len = strlen(messages);

	ret = make_dir(q);
	if (ret != LECAP_OK)
		return ret;
	free_name(q, name, true, final, 1024);
	snprintf(path, sizeof(path), "%s/%s.erreurs.txt", q, final);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0640);
	if (fd < 0)
		return quarantine_failed(path, q, errno);
	ssize_t w = fchmod(fd, 0640) == 0 ? write(fd, messages, len) : -1;
	int err = w < 0 ? errno : ENOSPC; /* a short write: the file system is full */
	if (close(fd) != 0 && w == (ssize_t)len) {
		w = -1;
		err = errno;
	}
	if (w != (ssize_t)len) {
		/* Not a truncated .erreurs.txt beside a file left in the inbox:
		 * the next run writes it whole. */
		unlink(path);
		return quarantine_failed(path, q, err);
	}
	ret = move_file(dir, name, q, final, mode);
	if (ret != LECAP_OK)
		unlink(path);
	return ret;
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

bool ingest_name_partial(const char *name)
{
	return ends_with(name, ".part") || ends_with(name, ".tmp") || ends_with(name, ".crdownload") ||
	       ends_with(name, "~");
}

double ingest_file_age(const struct stat *st, double now)
{
	return now - ((double)st->st_mtim.tv_sec + st->st_mtim.tv_nsec / 1e9);
}

/* The names to ingest, sorted; skipped entries are logged at debug level,
 * files still being uploaded (by their name) at info level. */
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
		if (nm[0] == '.' || ends_with(nm, ".erreurs.txt")) {
			if (strcmp(nm, ".") != 0 && strcmp(nm, "..") != 0 && log_get_level() >= LOG_LVL_DEBUG) {
				char *shown = text_shown_name(nm);
				log_debug("%s ignoré : %s", shown ? shown : "?",
					  nm[0] == '.' ? "fichier caché (nom commençant par un point)"
						       : "rapport d'erreurs");
				free(shown);
			}
			continue;
		}
		if (ingest_name_partial(nm)) {
			char *shown = text_shown_name(nm);
			log_info("%s : dépôt en cours (nom en .part, .tmp, .crdownload ou ~), jamais lu ; "
				 "il sera intégré une fois renommé", shown ? shown : "?");
			free(shown);
			continue;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			char **g = realloc(names, cap * sizeof(*g));
			if (!g)
				goto cleanup;
			names = g;
		}
		if (!(names[n] = strdup(nm)))
			goto cleanup;
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
cleanup:
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


/* ---- one file ---- */

/* What to do with a file once its group is committed. */
struct pending {
	char *name;
	const char *statut; /* integre, rejete, doublon, obsolete */
	int campagne;       /* archive subdirectory; 0: adherents */
	char *messages;     /* rejete: the .erreurs.txt text */
	long long cells;
	long problems;      /* rejete: how many, for the message said once it is quarantined */
	mode_t mode;        /* as lstat saw it */
};

struct run {
	pg_conn *conn;
	const struct lecap_config *cfg;
	const ref_set *ref;
	const char *dir;
	long long exec_id;
	bool reintegrate;             /* lecap ingest --reintegrer */
	struct ingest_stats *st;
	char **names;
	size_t n;
	ingest_scan *scan;
	const struct scan_entry *cur; /* the file being ingested */
	size_t win_end;               /* the seen table answers for files before it */
	unsigned gen;                 /* groups committed so far */
	struct seen seen;
	ingest_batch *batch;
	struct pending *pend;
	size_t npend, cap_pend;
	/* The mover thread: the files of committed groups are renamed there
	 * while the next group is read and committed (at most two groups wait). */
	pthread_t mover;
	bool mover_started, mover_quit;
	pthread_mutex_t mu; /* also guards *st while the mover runs */
	pthread_cond_t cond;
	struct moves { struct pending *p; size_t n; } queue[2];
	size_t qhead, qcount;
	int move_ret;       /* LECAP_OK, or the first failure: nothing more is moved */
	double now;         /* the run's clock, for horodatage_export in the future */
};

/* Sets the clock an export is read against ([ingestion] tolerance_horloge). */
static void clock_in(const struct run *r, struct export_result *res)
{
	res->now = r->now;
	res->tolerance = r->cfg->ingestion_tolerance_horloge;
}

/* Logs the warnings of a valid file (same format as problems). */
static void log_warnings(const struct export_result *res)
{
	for (size_t i = 0; i < res->nwarnings; i++)
		log_warn("%s", res->warnings[i]);
}

/* Counts a disposition once it is final (committed and moved). */
static void count(struct run *r, const char *statut, long long cells)
{
	pthread_mutex_lock(&r->mu);
	if (strcmp(statut, "integre") == 0) {
		r->st->integres++;
		r->st->cellules += cells;
	} else if (strcmp(statut, "rejete") == 0) {
		r->st->rejetes++;
	} else if (strcmp(statut, "doublon") == 0) {
		r->st->doublons++;
	} else {
		r->st->obsoletes++;
	}
	pthread_mutex_unlock(&r->mu);
}

/* Says a rejected file's fate once it is known: quarantined (and where its
 * reasons are), or left in the inbox because the quarantine failed. */
static void tell_rejected(const char *name, long count, const char *final, bool moved)
{
	char *shown = text_shown_name(name), *shown_final = text_shown_name(final);
	const char *s = count > 1 ? "s" : "";

	if (!moved)
		log_warn("%s rejeté (%ld problème%s), mais pas mis en quarantaine (voir l'erreur "
			 "ci-dessus) : il reste dans la boîte de réception", shown ? shown : "?", count, s);
	else
		log_warn("%s rejeté (%ld problème%s), mis en quarantaine : voir %s.erreurs.txt",
			 shown ? shown : "?", count, s, shown_final ? shown_final : "?");
	free(shown);
	free(shown_final);
}

/* Moves a file where its disposition sends it. */
static int dispose(struct run *r, const struct pending *p)
{
	int ret;
	if (strcmp(p->statut, "rejete") == 0) {
		char final[1024] = "";
		ret = quarantine(r->cfg, r->dir, p->name, p->messages, p->mode, final);
		tell_rejected(p->name, p->problems, final, ret == LECAP_OK);
	} else {
		ret = archive(r->cfg, r->dir, p->name, p->campagne, p->mode);
	}
	if (ret == LECAP_OK)
		count(r, p->statut, p->cells);
	return ret;
}

static int add_pending(struct run *r, const char *name, const char *statut, int campagne,
		       const char *messages, long long cells)
{
	if (r->npend == r->cap_pend) {
		size_t cap = r->cap_pend ? r->cap_pend * 2 : 64;
		struct pending *p = realloc(r->pend, cap * sizeof(*p));
		if (!p)
			return log_fail(LECAP_IO, "mémoire insuffisante");
		r->pend = p;
		r->cap_pend = cap;
	}
	struct pending *p = &r->pend[r->npend];
	p->name = strdup(name);
	p->messages = messages ? strdup(messages) : NULL;
	if (!p->name || (messages && !p->messages)) {
		free(p->name);
		free(p->messages);
		return log_fail(LECAP_IO, "mémoire insuffisante");
	}
	p->statut = statut;
	p->campagne = campagne;
	p->cells = cells;
	p->problems = 0;
	p->mode = r->cur ? r->cur->st.st_mode : 0;
	r->npend++;
	return LECAP_OK;
}

static void free_pending(struct pending *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(p[i].name);
		free(p[i].messages);
	}
}

static void clear_pending(struct run *r)
{
	free_pending(r->pend, r->npend);
	r->npend = 0;
}

static void *mover_main(void *arg)
{
	struct run *r = arg;

	pthread_mutex_lock(&r->mu);
	for (;;) {
		while (r->qcount == 0 && !r->mover_quit)
			pthread_cond_wait(&r->cond, &r->mu);
		if (r->qcount == 0)
			break;
		struct moves m = r->queue[r->qhead];
		int ret = r->move_ret;
		pthread_mutex_unlock(&r->mu);
		for (size_t i = 0; i < m.n && ret == LECAP_OK; i++)
			ret = dispose(r, &m.p[i]);
		free_pending(m.p, m.n);
		free(m.p);
		pthread_mutex_lock(&r->mu);
		if (r->move_ret == LECAP_OK)
			r->move_ret = ret;
		r->qhead = (r->qhead + 1) % 2;
		r->qcount--;
		pthread_cond_broadcast(&r->cond);
	}
	pthread_mutex_unlock(&r->mu);
	return NULL;
}

static int mover_start(struct run *r)
{
	int err;

	err = signals_thread_create(&r->mover, mover_main, r);
	if (err != 0)
		return log_fail(LECAP_IO, "création du fil de déplacement impossible : %s", strerror(err));
	r->mover_started = true;
	return LECAP_OK;
}

/* Waits until every file handed over is moved; returns the first failure. */
static int mover_stop(struct run *r)
{
	if (r->mover_started) {
		pthread_mutex_lock(&r->mu);
		r->mover_quit = true;
		pthread_cond_broadcast(&r->cond);
		pthread_mutex_unlock(&r->mu);
		pthread_join(r->mover, NULL);
		r->mover_started = false;
	}
	return r->move_ret;
}

/*
 * Hands the pending files (all committed) to the mover thread, waiting while
 * two groups are already queued. Returns the mover's first failure, if any:
 * the caller then stops (files not moved stay in the inbox: doublons of
 * themselves at the next run).
 */
static int hand_over(struct run *r)
{
	int ret;
	pthread_mutex_lock(&r->mu);
	while (r->qcount == 2 && r->move_ret == LECAP_OK)
		pthread_cond_wait(&r->cond, &r->mu);
	ret = r->move_ret;
	if (ret == LECAP_OK && r->npend) {
		r->queue[(r->qhead + r->qcount) % 2] = (struct moves){r->pend, r->npend};
		r->qcount++;
		pthread_cond_broadcast(&r->cond);
		r->pend = NULL;
		r->npend = r->cap_pend = 0;
	}
	pthread_mutex_unlock(&r->mu);
	return ret;
}

static void progress(struct run *r, int done, double start, bool last)
{
	double el = now_s() - start;
	pthread_mutex_lock(&r->mu);
	struct ingest_stats st = *r->st;
	pthread_mutex_unlock(&r->mu);
	fprintf(stderr, "\r\033[Klecap: %d/%d fichiers, %.0f cellules/s, %d rejeté(s)%s", done, st.total,
		el > 0 ? (double)st.cellules / el : 0.0, st.rejetes, last ? "\n" : "");
}

/* Commits the open group, then has its files moved. */
static int flush_group(struct run *r)
{
	int ret = ingest_batch_flush(r->batch);
	if (ret != LECAP_OK) {
		clear_pending(r);
		return ret;
	}
	r->gen++;
	if (r->npend)
		test_crash_point("ingest-apres-commit");
	return hand_over(r);
}

static char *problems_text(const struct export_result *res, const char *name)
{
	char *messages = NULL;
	size_t mlen = 0;
	FILE *m = open_memstream(&messages, &mlen);
	if (!m)
		return NULL;
	if (export_read_write_problems(res, name, m) != 0) {
		fclose(m);
		free(messages);
		return NULL;
	}
	if (fclose(m) != 0) {
		free(messages);
		return NULL;
	}
	return messages;
}

/* A rejected file waits for its group's commit; the mover quarantines it,
 * then says so (tell_rejected). */
static int add_rejected(struct run *r, const char *file, const char *messages, long count)
{
	int ret = add_pending(r, file, "rejete", 0, messages, 0);
	if (ret == LECAP_OK)
		r->pend[r->npend - 1].problems = count;
	return ret;
}

static void info_obsolete(const char *name, const struct export_info *info)
{
	log_debug("%s : obsolète (un export plus récent de %s pour %d est déjà intégré), archivé", name,
		 info->siret, info->campagne);
}

/*
 * One file: staged, then joins the group if valid. alone: the file is a
 * group of one (the caller flushed the group before and flushes after), its
 * answers streamed while it is read.
 */
static int ingest_grouped(struct run *r, const char *path, const char *name,
			  const char *file, bool alone)
{
	struct export_result res;
	char *messages = NULL;
	int ret;

	export_read_result_init(&res);
	clock_in(r, &res);
	if (ingest_batch_full(r->batch) && (ret = flush_group(r)) != LECAP_OK)
		return ret;
	ingest_batch_file_start(r->batch, name, alone);
	ret = export_read(path, name, r->ref, r->cfg->ingestion_taille_max, ingest_batch_sink(r->batch), &res);
	if (ret != LECAP_OK)
		goto cleanup;
	if (res.total > 0) {
		ingest_batch_file_drop(r->batch);
		if (!(messages = problems_text(&res, name))) {
			ret = log_fail(LECAP_IO, "mémoire insuffisante");
			goto cleanup;
		}
		ret = ingest_batch_record(r->batch, name, &res.info, "rejete", messages);
		if (ret == LECAP_OK) {
			ret = add_rejected(r, file, messages, res.total);
		}
		goto cleanup;
	}
	if (ingest_batch_file_obsolete(r->batch)) {
		ret = ingest_batch_record(r->batch, name, &res.info, "obsolete", "");
		if (ret == LECAP_OK)
			ret = seen_add(&r->seen, res.info.sha256, res.info.kind, res.info.siret,
				       res.info.campagne, res.info.horodatage, true, r->gen);
		if (ret == LECAP_OK) {
			info_obsolete(name, &res.info);
			ret = add_pending(r, file, "obsolete", res.info.campagne, NULL, 0);
		}
		goto cleanup;
	}
	if (ingest_batch_has_key(r->batch, &res.info)) {
		/* Another export of this enterprise and campaign is in the group:
		 * commit it first, then read this one again against it. */
		export_read_result_release(&res);
		ret = flush_group(r);
		return ret == LECAP_OK ? ingest_grouped(r, path, name, file, alone) : ret;
	}
	ret = ingest_batch_file_keep(r->batch, &res.info);
	if (ret == LECAP_OK)
		ret = seen_add(&r->seen, res.info.sha256, res.info.kind, res.info.siret, res.info.campagne,
			       res.info.horodatage, true, r->gen);
	if (ret == LECAP_OK) {
		log_warnings(&res);
		log_debug("%s : validé (%s, %ld ligne(s), %ld cellule(s))", name,
			  export_read_kind_name(res.info.kind), res.info.rows, res.info.cells);
		ret = add_pending(r, file, "integre", res.info.kind == EXPORT_ADHERENTS ? 0 : res.info.campagne,
				  NULL, res.info.kind == EXPORT_REPONSES ? res.info.cells : 0);
		/* The file is in its group, not committed yet: a stop requested now
		 * commits the group with it, and leaves the following files. */
		test_pause_point("ingest-avant-commit");
	}
cleanup:
	free(messages);
	export_read_result_release(&res);
	return ret;
}

/*
 * Opens the window of inbox files from i: asks the database which of their
 * fingerprints are known (see « SHA-256 of the applied files »). No COPY may
 * be in progress: an open group whose answers are streaming is committed
 * first (its files are moved).
 */
static int window_open(struct run *r, size_t i)
{
	/* At least WINDOW_MIN files (so that the main thread starts early, and
	 * queries stay few), and as many as the look-ahead has ready, up to
	 * WINDOW. */
	size_t ready = ingest_scan_ready(r->scan), end = i + WINDOW_MIN;
	struct cbuf shas = {0};
	int ret = LECAP_OK;

	if (ready > end)
		end = ready;
	if (end > i + WINDOW)
		end = i + WINDOW;
	if (end > r->n)
		end = r->n;

	if (ingest_batch_busy(r->batch) && (ret = flush_group(r)) != LECAP_OK)
		return ret;
	ingest_scan_release(r->scan, i);
	/* Committed files are visible to the query: only the open group's stay. */
	ret = seen_rebuild(&r->seen, end - i, false, r->gen);
	if (ret != LECAP_OK)
		return ret;
	ingest_scan_get(r->scan, end - 1); /* one wait for the whole window */
	for (size_t k = i; k < end; k++) {
		const struct scan_entry *e = ingest_scan_get(r->scan, k);
		if (e->status != SCAN_HASHED)
			continue;
		copybuf_raw(&shas, shas.len ? "," : "{", 1);
		copybuf_raw(&shas, e->sha256, 64);
	}
	if (shas.len) {
		copybuf_raw(&shas, "}", 2); /* with the NUL */
		ret = shas.oom ? log_fail(LECAP_IO, "mémoire insuffisante") : seen_query(r->conn, &r->seen, shas.p);
	}
	copybuf_release(&shas);
	if (ret == LECAP_OK)
		r->win_end = end;
	return ret;
}

/* What lecap.fichier records of a file met again (withdrawn or duplicate):
 * its own fingerprint and size, what is known of the original. */
static void seen_info(struct export_info *info, const struct scan_entry *e, const struct seen_entry *d)
{
	memset(info, 0, sizeof(*info));
	snprintf(info->sha256, sizeof(info->sha256), "%s", e->sha256);
	info->kind = d->kind;
	info->size = (long long)e->st.st_size;
	snprintf(info->siret, sizeof(info->siret), "%s", d->siret);
	info->campagne = d->campagne;
	snprintf(info->horodatage, sizeof(info->horodatage), "%s", d->horodatage);
}

/* A file withdrawn by lecap retirer, dropped again: rejected. */
static int refuse_withdrawn(struct run *r, const struct scan_entry *e, const struct seen_entry *d,
			    const char *shown)
{
	static const char fmt[] = "%s:1:-: fichier retiré de la base (lecap retirer) : l'évaluation "
				  "de %s pour la campagne %d a été retirée ; pour l'intégrer de nouveau : "
				  "lecap quarantaine relancer %s, puis lecap ingest --reintegrer ; un export "
				  "corrigé (autre contenu) est intégré sans cela\n";
	struct export_info info;
	size_t n = strlen(fmt) + 2 * strlen(shown) + 32;
	char *messages = malloc(n);
	int ret;

	if (!messages)
		return log_fail(LECAP_IO, "mémoire insuffisante");
	seen_info(&info, e, d);
	snprintf(messages, n, fmt, shown, d->siret, d->campagne, shown);
	ret = ingest_batch_full(r->batch) ? flush_group(r) : LECAP_OK;
	if (ret == LECAP_OK)
		ret = ingest_batch_record(r->batch, shown, &info, "rejete", messages);
	if (ret == LECAP_OK)
		ret = add_rejected(r, e->name, messages, 1);
	free(messages);
	return ret;
}

/* A symbolic link is refused and quarantined as is, never followed. */
static int refuse_symlink(struct run *r, const char *name, const char *shown,
			  const struct export_info *info)
{
	static const char fmt[] = "%s:1:-: lien symbolique refusé (il n'est pas suivi) : déposez "
				  "le fichier lui-même dans la boîte de réception\n";
	size_t n = strlen(fmt) + strlen(shown);
	char *messages = malloc(n);
	int ret;

	if (!messages)
		return log_fail(LECAP_IO, "mémoire insuffisante");
	snprintf(messages, n, fmt, shown);
	ret = ingest_batch_record(r->batch, shown, info, "rejete", messages);
	if (ret == LECAP_OK) {
		ret = add_rejected(r, name, messages, 1);
	}
	free(messages);
	return ret;
}

/* Whether the entry is left where it is this time: a directory, not a
 * regular file, modified too recently, or growing while it was read. */
static bool left_in_inbox(const struct run *r, const struct scan_entry *e, const char *shown)
{
	if (S_ISDIR(e->st.st_mode)) {
		log_debug("%s ignoré : répertoire", shown);
		return true;
	}
	if (!S_ISREG(e->st.st_mode)) {
		log_warn("%s ignoré : ce n'est pas un fichier ordinaire", shown);
		return true;
	}
	if (r->cfg->ingestion_age_min > 0 &&
	    ingest_file_age(&e->st, r->now) < (double)r->cfg->ingestion_age_min) {
		log_info("%s modifié il y a moins de %ld s ([ingestion] age_min) : dépôt peut-être en "
			 "cours, laissé dans la boîte de réception pour la prochaine exécution", shown,
			 r->cfg->ingestion_age_min);
		return true;
	}
	if (e->status == SCAN_GROWING) {
		log_warn("%s en cours d'écriture (modifié pendant sa lecture) : laissé dans la boîte "
			 "de réception pour la prochaine exécution", shown);
		return true;
	}
	return false;
}

/* A file whose fingerprint was already received: archived as a doublon. */
static int record_duplicate(struct run *r, const struct scan_entry *e, const struct seen_entry *d,
			    const char *name, const char *shown)
{
	struct export_info info;
	int ret = LECAP_OK;

	seen_info(&info, e, d);
	if (ingest_batch_full(r->batch) && (ret = flush_group(r)) != LECAP_OK)
		return ret;
	ret = ingest_batch_record(r->batch, shown, &info, "doublon", "");
	if (ret == LECAP_OK) {
		log_debug("%s : doublon (déjà reçu), archivé", shown);
		ret = add_pending(r, name, "doublon", info.campagne, NULL, 0);
	}
	return ret;
}

/* e->name is the file's name in the inbox, any bytes but '/' and NUL: it is
 * used as is for the file system only; messages and lecap.fichier get its
 * shown form (text_shown_name). */
static int ingest_file(struct run *r, const struct scan_entry *e)
{
	const char *name = e->name;
	struct export_info info;
	char *path = path_join(r->dir, name);
	char *shown = text_shown_name(name);
	int ret = LECAP_OK;

	r->cur = e;
	memset(&info, 0, sizeof(info));
	if (!path || !shown) {
		ret = log_fail(LECAP_IO, "mémoire insuffisante");
		goto cleanup;
	}
	if (e->status == SCAN_LSTAT || e->status == SCAN_READ) {
		errno = e->err;
		ret = log_fail(LECAP_IO, "lecture de %s impossible : %s", path, strerror(errno));
		goto cleanup;
	}
	if (S_ISLNK(e->st.st_mode)) {
		ret = refuse_symlink(r, name, shown, &info);
		goto cleanup;
	}
	if (left_in_inbox(r, e, shown))
		goto cleanup;
	/* Doublon: decided by the fingerprint alone, before any parsing. */
	if (e->status == SCAN_HASHED) {
		const struct seen_entry *d = seen_find(&r->seen, e->sha256);
		if (d && d->withdrawn && !r->reintegrate) {
			ret = refuse_withdrawn(r, e, d, shown);
			goto cleanup;
		}
		if (d && !d->withdrawn) {
			ret = record_duplicate(r, e, d, name, shown);
			goto cleanup;
		}
	}
	/* A big file is a group of one, committed and moved at once. */
	bool alone = e->st.st_size > BATCH_MAX_FILE_SIZE;
	if (alone && (ret = flush_group(r)) != LECAP_OK)
		goto cleanup;
	ret = ingest_grouped(r, path, shown, name, alone);
	if (ret == LECAP_OK && alone)
		ret = flush_group(r);
cleanup:
	free(shown);
	free(path);
	return ret;
}

static void run_init(struct run *r, pg_conn *conn, const struct lecap_config *cfg, const ref_set *ref,
		     const char *dir, long long execution_id, bool reintegrate, struct ingest_stats *stats)
{
	struct timespec ts;

	memset(r, 0, sizeof(*r));
	pthread_mutex_init(&r->mu, NULL);
	pthread_cond_init(&r->cond, NULL);
	r->conn = conn;
	r->cfg = cfg;
	clock_gettime(CLOCK_REALTIME, &ts);
	r->now = (double)ts.tv_sec + ts.tv_nsec / 1e9;
	r->ref = ref;
	r->dir = dir;
	r->exec_id = execution_id;
	r->reintegrate = reintegrate;
	r->st = stats;
	memset(stats, 0, sizeof(*stats));
}

/* Ingests the listed files in order, until a stop or a failure; *done is
 * the count of files handled. */
static int ingest_each(struct run *r, double start, size_t *done)
{
	bool tty = isatty(STDERR_FILENO);
	double last = 0;
	size_t i;
	int ret = LECAP_OK;

	for (i = 0; i < r->n; i++) {
		if (signals_stop_requested()) {
			log_error("arrêt demandé (signal %d) : les fichiers non traités restent dans %s",
				  signals_received(), r->dir);
			log_hint("relancez lecap ingest : les fichiers restants seront traités");
			ret = LECAP_IO;
			break;
		}
		if (i >= r->win_end && (ret = window_open(r, i)) != LECAP_OK)
			break;
		ret = ingest_file(r, ingest_scan_get(r->scan, i));
		r->cur = NULL;
		if (ret != LECAP_OK)
			break;
		if (tty && now_s() - last > 0.2) {
			last = now_s();
			progress(r, (int)i + 1, start, false);
		}
	}
	*done = i;
	return ret;
}

static int ingest_dir_impl(pg_conn *conn, const struct lecap_config *cfg, const ref_set *ref, const char *dir,
			   long long execution_id, bool reintegrate, struct ingest_stats *stats)
{
	struct run r;
	char **names = NULL;
	size_t n = 0, done = 0;
	double start = now_s();
	int ret, mret;

	run_init(&r, conn, cfg, ref, dir, execution_id, reintegrate, stats);
	ret = list_inbox(dir, &names, &n);
	if (ret != LECAP_OK)
		goto cleanup;
	r.names = names;
	r.n = n;
	stats->total = (int)n;
	if ((ret = make_dir(cfg->chemins_archive)) != LECAP_OK ||
	    (ret = make_dir(cfg->chemins_quarantaine)) != LECAP_OK)
		goto cleanup;
	if ((ret = mover_start(&r)) != LECAP_OK ||
	    (ret = ingest_scan_start(dir, names, n, cfg->ingestion_taille_max, &r.scan)) != LECAP_OK ||
	    (ret = ingest_batch_new(conn, ref, execution_id, &r.batch)) != LECAP_OK)
		goto cleanup;
	ret = ingest_each(&r, start, &done);
	/* What was validated before a stop is still committed; not after a failure. */
	if (ret == LECAP_OK || (ret == LECAP_IO && signals_stop_requested())) {
		int fret = flush_group(&r);
		if (fret != LECAP_OK)
			ret = fret;
	}
	/* Committed files are moved whatever happened since. */
	mret = mover_stop(&r);
	if (ret == LECAP_OK)
		ret = mret;
	if (isatty(STDERR_FILENO) && n)
		progress(&r, (int)done, start, true);
cleanup:
	mover_stop(&r);
	pthread_cond_destroy(&r.cond);
	pthread_mutex_destroy(&r.mu);
	stats->seconds = now_s() - start;
	ingest_scan_stop(r.scan);
	clear_pending(&r);
	free(r.pend);
	ingest_batch_free(r.batch);
	free(r.seen.e);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (ret == LECAP_OK && stats->rejetes > 0)
		ret = LECAP_REJECTED;
	return ret;
}

int ingest_dir(pg_conn *conn, const struct lecap_config *cfg, const ref_set *ref, const char *dir,
	       long long execution_id, struct ingest_stats *stats)
{
	return ingest_dir_impl(conn, cfg, ref, dir, execution_id, false, stats);
}

int ingest_dir_reintegrating(pg_conn *conn, const struct lecap_config *cfg, const ref_set *ref,
			     const char *dir, long long execution_id, struct ingest_stats *stats)
{
	return ingest_dir_impl(conn, cfg, ref, dir, execution_id, true, stats);
}

void ingest_log_summary(const struct ingest_stats *st)
{
	log_info("ingestion : %d intégré(s), %d rejeté(s), %d doublon(s), %d obsolète(s) ; "
		 "%lld cellule(s) chargée(s) en %.1f s", st->integres, st->rejetes, st->doublons, st->obsoletes,
		 st->cellules, st->seconds);
}
