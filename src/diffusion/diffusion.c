/* The diffusion of the reports by e-mail; see diffusion.h. */
#include "diffusion/diffusion.h"

#include "diffusion/destinataire.h"
#include "diffusion/synthese.h"
#include "base/clock.h"
#include "base/dirs.h"
#include "base/exitcode.h"
#include "base/fmt.h"
#include "base/log.h"
#include "base/report_path.h"
#include "base/signals.h"
#include "io/mime.h"
#include "io/sha256.h"
#include "io/smtp.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* What a run needs from [diffusion], checked once. */
struct settings {
	struct smtp_server server;
	char *password;
	const char *from;
	const char *from_name;
	struct pace *pace; /* [diffusion] debit_max and duree_max, this run's */
	char run_id[64];   /* counts a run once in lecap.refus_adresse */
};

static void settings_release(struct settings *s)
{
	if (s->password) {
		memset(s->password, 0, strlen(s->password));
		free(s->password);
	}
	s->password = NULL;
}

/* Reads the password file, refusing one that others may read. */
static int read_password_file(const char *path, char **out)
{
	struct stat st;
	char buf[1024];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (!f)
		return log_fail(LECAP_USAGE, "[diffusion] mot_de_passe_fichier : %s : lecture impossible : %s",
				path, strerror(errno));
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		fclose(f);
		return log_fail(LECAP_USAGE, "[diffusion] mot_de_passe_fichier : %s : n'est pas un fichier ordinaire",
				path);
	}
	if (st.st_mode & (S_IRWXG | S_IRWXO)) {
		fclose(f);
		log_error("[diffusion] mot_de_passe_fichier : %s : lisible par d'autres que son propriétaire (mode %03o) : refusé",
			  path, (unsigned)(st.st_mode & 0777));
		log_hint("chmod 600 %s", path);
		return LECAP_USAGE;
	}
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0'; /* the first line is the password */
	*out = strdup(buf);
	memset(buf, 0, sizeof(buf));
	if (!*out)
		return log_fail(LECAP_IO, "mémoire insuffisante");
	return LECAP_OK;
}

static int settings_init(struct settings *s, const struct lecap_config *cfg, bool dry_run)
{
	const char *url = cfg->diffusion_smtp_url;
	const char *tls = cfg->diffusion_starttls;
	const char *env;
	char why[160];

	memset(s, 0, sizeof(*s));
	s->from = cfg->diffusion_expediteur;
	s->from_name = cfg->diffusion_nom_expediteur;
	if (!*s->from) {
		log_error("[diffusion] expediteur est vide : l'adresse de l'expéditeur est nécessaire");
		log_hint("indiquez-la dans lecap.conf, ex. expediteur = lecap@coorace.org");
		return LECAP_USAGE;
	}
	if (destinataire_email_check(s->from, why, sizeof(why)) != 0) {
		log_error("[diffusion] expediteur : adresse électronique invalide « %s » : %s", s->from, why);
		return LECAP_USAGE;
	}
	if (dry_run)
		return LECAP_OK;
	if (strncmp(url, "smtp://", 7) != 0 && strncmp(url, "smtps://", 8) != 0) {
		log_error("[diffusion] smtp_url : « %s » : attendu smtp://hôte:port ou smtps://hôte:port", url);
		return LECAP_USAGE;
	}
	if (strcmp(tls, "oui") == 0)
		s->server.tls = SMTP_TLS_REQUIRED;
	else if (strcmp(tls, "non") == 0)
		s->server.tls = SMTP_TLS_NO;
	else if (strcmp(tls, "si possible") == 0)
		s->server.tls = SMTP_TLS_TRY;
	else {
		log_error("[diffusion] starttls : valeur invalide « %s » : attendu oui, non ou si possible", tls);
		return LECAP_USAGE;
	}
	s->server.url = url;
	s->server.timeout = cfg->diffusion_delai;
	s->server.cafile = cfg->diffusion_ca_fichier;
	s->server.user = cfg->diffusion_utilisateur;
	if (!*s->server.user)
		return LECAP_OK;
	env = getenv("LECAP_SMTP_MOT_DE_PASSE");
	if (env && *env) {
		s->password = strdup(env);
		if (!s->password)
			return log_fail(LECAP_IO, "mémoire insuffisante");
	} else if (*cfg->diffusion_mot_de_passe_fichier) {
		int ret = read_password_file(cfg->diffusion_mot_de_passe_fichier, &s->password);
		if (ret != LECAP_OK)
			return ret;
	} else {
		log_error("[diffusion] utilisateur « %s » sans mot de passe", s->server.user);
		log_hint("donnez-le par la variable d'environnement LECAP_SMTP_MOT_DE_PASSE ou un fichier "
			 "[diffusion] mot_de_passe_fichier (chmod 600), jamais dans lecap.conf");
		return LECAP_USAGE;
	}
	s->server.password = s->password;
	return LECAP_OK;
}

static bool all_digits(const char *s, size_t n)
{
	if (strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

int diffusion_latest_campaign(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int best = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)) != NULL) {
		char path[PATH_MAX];
		struct stat st;
		int year;

		if (!all_digits(e->d_name, 4))
			continue;
		year = atoi(e->d_name);
		if (year < 2000 || year > 2100 || year <= best)
			continue;
		if (report_path_national(path, sizeof(path), dir, year) || stat(path, &st) != 0) {
			if (report_path_regions(path, sizeof(path), dir, year) || stat(path, &st) != 0 ||
			    !S_ISDIR(st.st_mode))
				continue;
		}
		best = year;
	}
	closedir(d);
	return best;
}

/* The report of region for the campaign: path and file name, or false. */
static bool find_report(const char *rapports, int campagne, const char *region, char *path,
			size_t size, const char **filename)
{
	char dir[PATH_MAX], prefix[16], best[256] = "";
	struct stat st;
	struct dirent *e;
	DIR *d;

	if (strcmp(region, "FR") == 0) {
		if (report_path_national(path, size, rapports, campagne))
			return false;
		*filename = strrchr(path, '/') + 1;
		return stat(path, &st) == 0 && S_ISREG(st.st_mode);
	}
	if (report_path_regions(dir, sizeof(dir), rapports, campagne))
		return false;
	snprintf(prefix, sizeof(prefix), "%s-", region);
	d = opendir(dir);
	if (!d)
		return false;
	/* <code>-<slug>.pdf: the slug is the report writer's business; the name
	 * goes into a MIME header, so only a plain file name is taken. */
	while ((e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		if (strncmp(e->d_name, prefix, strlen(prefix)) != 0 || n < 5 ||
		    strcmp(e->d_name + n - 4, ".pdf") != 0 || n >= sizeof(best) ||
		    strspn(e->d_name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != n)
			continue;
		if (!best[0] || strcmp(e->d_name, best) < 0)
			snprintf(best, sizeof(best), "%s", e->d_name);
	}
	closedir(d);
	if (!best[0])
		return false;
	if (snprintf(path, size, "%s/%s", dir, best) >= (int)size)
		return false;
	*filename = strrchr(path, '/') + 1;
	return true;
}

static int read_file(const char *path, unsigned char **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	unsigned char *buf;

	if (!f)
		return log_fail(LECAP_IO, "%s : lecture du rapport impossible : %s", path, strerror(errno));
	if (fstat(fileno(f), &st) != 0 || !(buf = malloc((size_t)st.st_size + 1))) {
		fclose(f);
		return log_fail(LECAP_IO, "%s : lecture du rapport impossible", path);
	}
	*len = fread(buf, 1, (size_t)st.st_size, f);
	if (ferror(f)) {
		fclose(f);
		free(buf);
		return log_fail(LECAP_IO, "%s : erreur de lecture", path);
	}
	fclose(f);
	*data = buf;
	return LECAP_OK;
}

/* The French body: greeting, what is attached, the campaign's key figures. */
static int build_body(pg_conn *conn, int campagne, const char *region, const char *label,
		      const char *nom, const char *from, char **out)
{
	char year[16], line[512];
	const char *params[2] = {year, region};
	pg_result *res;
	char *body = NULL;
	size_t cap = 2048;
	int ret;

	snprintf(year, sizeof(year), "%d", campagne);
	ret = pg_query(conn, "lecture des chiffres clés de la campagne",
		       "SELECT p.n_evaluations, p.n_completes, p.n_adherents, "
		       "round(100 * p.taux_participation)::int "
		       "FROM lecap.v_participation p WHERE p.campagne = $1::int AND p.region = $2 "
		       "UNION ALL "
		       "SELECT count(*)::int, NULL, NULL, NULL FROM lecap.evaluation e "
		       "WHERE e.campagne = $1::int AND ($2 = 'FR' OR e.region = $2) "
		       "AND NOT EXISTS (SELECT 1 FROM lecap.v_participation p "
		       "WHERE p.campagne = $1::int AND p.region = $2)",
		       2, params, &res);
	if (ret != LECAP_OK)
		return ret;
	body = malloc(cap);
	if (!body) {
		pg_result_free(res);
		return log_fail(LECAP_IO, "mémoire insuffisante");
	}
	body[0] = '\0';
#define ADD(...)                                          \
	do {                                              \
		snprintf(line, sizeof(line), __VA_ARGS__); \
		strncat(body, line, cap - strlen(body) - 1); \
	} while (0)
	if (*nom)
		ADD("Bonjour %s,\n\n", nom);
	else
		ADD("Bonjour,\n\n");
	if (strcmp(region, "FR") == 0)
		ADD("Veuillez trouver ci-joint le rapport national Le Cap de la campagne %d.\n\n", campagne);
	else
		ADD("Veuillez trouver ci-joint le rapport Le Cap de la région %s pour la campagne %d.\n\n",
		    label, campagne);
	ADD("Chiffres clés de la campagne %d :\n", campagne);
	ADD("- entreprises évaluées : %s\n", pg_value(res, 0, 0));
	if (pg_isnull(res, 0, 1))
		ADD("- évaluations complètes : non calculé (agrégats absents)\n");
	else
		ADD("- évaluations complètes : %s\n", pg_value(res, 0, 1));
	if (!pg_isnull(res, 0, 2) && strcmp(pg_value(res, 0, 2), "0") != 0) {
		if (pg_isnull(res, 0, 3))
			ADD("- adhérents du registre : %s\n", pg_value(res, 0, 2));
		else
			ADD("- adhérents du registre : %s (taux de participation : %s %%)\n",
			    pg_value(res, 0, 2), pg_value(res, 0, 3));
	}
	ADD("\nCe rapport vous est envoyé par lecap, le traitement de nuit de COORACE, "
	    "chaque fois qu'il change.\n");
	ADD("Pour ne plus le recevoir, écrivez à %s.\n", from);
#undef ADD
	pg_result_free(res);
	*out = body;
	return LECAP_OK;
}

static int record(pg_conn *conn, const char *dest_id, int campagne, const char *path,
		  const char *sha, const char *msgid, bool ok, const char *reply)
{
	char year[16];
	const char *params[7] = {dest_id, year, path, sha, msgid, ok ? "true" : "false", reply};

	snprintf(year, sizeof(year), "%d", campagne);
	return pg_command(conn, "enregistrement de l'envoi dans lecap.envoi",
			  "INSERT INTO lecap.envoi (destinataire_id, campagne, rapport, sha256, message_id, "
			  "reussi, reponse_serveur) VALUES ($1, $2, $3, $4, $5, $6, $7)",
			  7, params);
}

static int mkdir_p(const char *dir)
{
	return dirs_make(dir, 0750, DIRS_EXACT_MODE, NULL, 0);
}

static int write_eml(const char *dir, const char *region, const char *email, const char *msg,
		     size_t len, char *path, size_t size)
{
	char name[300];
	FILE *f;
	int fd;

	snprintf(name, sizeof(name), "%s-%s.eml", region, email);
	for (char *p = name; *p; p++)
		if (*p == '/')
			*p = '_';
	if (snprintf(path, size, "%s/%s", dir, name) >= (int)size)
		return log_fail(LECAP_IO, "%s/%s : chemin trop long", dir, name);
	/* 0640 whatever the umask: a message names its recipient. */
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0640);
	if (fd < 0 || fchmod(fd, 0640) != 0 || !(f = fdopen(fd, "wb"))) {
		if (fd >= 0)
			close(fd);
		return log_fail(LECAP_IO, "%s : écriture impossible : %s", path, strerror(errno));
	}
	if (fwrite(msg, 1, len, f) != len || fclose(f) != 0)
		return log_fail(LECAP_IO, "%s : écriture impossible : %s", path, strerror(errno));
	return LECAP_OK;
}

/*
 * The pace of a run's sends: the k-th message (from 0) leaves no sooner than
 * k × 60 / debit_max seconds after the first, and none is started once
 * duree_max seconds have passed since the first or when its slot would come
 * at or after duree_max. The clock starts at the first send, so the
 * queries and the reading of reports before it do not count.
 */
struct pace {
	struct timespec start;
	double interval; /* seconds between two sends; 0: no limit */
	double budget;   /* seconds of sending; 0: no limit */
	long sent;
	bool stopped;
};

static void pace_init(struct pace *p, const struct lecap_config *cfg)
{
	memset(p, 0, sizeof(*p));
	p->interval = cfg->diffusion_debit_max > 0 ? 60.0 / cfg->diffusion_debit_max : 0;
	p->budget = (double)cfg->diffusion_duree_max;
}

static double pace_elapsed(const struct pace *p)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - p->start.tv_sec) + (double)(now.tv_nsec - p->start.tv_nsec) / 1e9;
}

/* Waits for the next message's slot: true, or false when duree_max is
 * reached (then for the rest of the run). */
static bool pace_next(struct pace *p)
{
	double slot, now;

	if (p->stopped)
		return false;
	if (p->sent == 0)
		clock_gettime(CLOCK_MONOTONIC, &p->start);
	slot = (double)p->sent * p->interval;
	now = pace_elapsed(p);
	if (p->budget > 0 && (slot >= p->budget || now >= p->budget)) {
		p->stopped = true;
		return false;
	}
	while (slot > now) {
		double wait = slot - now;
		struct timespec ts = {(time_t)wait, (long)((wait - (double)(time_t)wait) * 1e9)};
		nanosleep(&ts, NULL);
		now = pace_elapsed(p);
	}
	p->sent++;
	return true;
}

/* One built message on its way: written as NAME.eml under --dry-run, else
 * handed to the SMTP server (one session per run, opened on first use).
 * Frees msg. LECAP_OK with d->written (dry run) or d->status (SMTP_SENT,
 * SMTP_REFUSED; the server's reply in d->reply); LECAP_REJECTED when the
 * server cannot be reached, said with `later` (what the next run sends).
 * d->deferred: duree_max reached, msg not sent (the next run sends it). */
struct delivery {
	bool written;
	bool deferred; /* duree_max reached: not sent, left for the next run */
	int status;
	char reply[600];
	char eml[PATH_MAX];
};

static int deliver(const struct settings *set, smtp **session, bool dry_run, const char *dir, const char *name,
		   const char *email, char *msg, size_t msg_len, const char *later, struct diffusion_summary *out,
		   struct delivery *d)
{
	int ret;

	d->written = false;
	d->deferred = false;
	if (dry_run) {
		ret = write_eml(dir, name, email, msg, msg_len, d->eml, sizeof(d->eml));
		free(msg);
		d->written = ret == LECAP_OK;
		return ret;
	}
	d->deferred = !pace_next(set->pace);
	if (d->deferred) {
		free(msg);
		return LECAP_OK;
	}
	if (!*session && !(*session = smtp_new(&set->server))) {
		free(msg);
		return log_fail(LECAP_IO, "libcurl : initialisation impossible");
	}
	d->status = smtp_send(*session, set->from, email, msg, msg_len, d->reply, sizeof(d->reply));
	free(msg);
	if (d->status == SMTP_UNREACHABLE) {
		out->unreachable = true;
		log_error("diffusion impossible : serveur SMTP %s injoignable ou connexion refusée : %s",
			  set->server.url, d->reply);
		log_hint("vérifiez [diffusion] smtp_url, starttls, utilisateur et le mot de passe ; "
			 "%s à la prochaine exécution",
			 later);
		return LECAP_REJECTED;
	}
	return LECAP_OK;
}

/* Builds the message m (recipient, subject, body, attachment filled by the
 * caller) from the sender of the settings, dated now, with a new
 * Message-ID (copied to msgid). */
static int compose(const struct settings *set, struct mime_message *m, char msgid[160], char **msg,
		   size_t *msg_len)
{
	char date[40];

	mime_date(time(NULL), date);
	mime_message_id(strchr(set->from, '@') + 1, msgid);
	m->from_name = set->from_name;
	m->from_addr = set->from;
	m->date = date;
	m->message_id = msgid;
	if (mime_build(m, msg, msg_len) != 0)
		return log_fail(LECAP_IO, "mémoire insuffisante");
	return LECAP_OK;
}

/* duree_max reached (a real run): the message is left for the next run,
 * counted, not even built. */
static bool deferred(const struct settings *set, bool dry_run, struct diffusion_summary *out)
{
	if (dry_run || !set->pace->stopped)
		return false;
	out->deferred++;
	return true;
}

#define BOUNCE_RUNS 3

/*
 * Counts the runs in a row whose sends to email were refused
 * (lecap.refus_adresse, a run counted once); at BOUNCE_RUNS the address is
 * deactivated, delegates' and members' rows alike. A success forgets the
 * refusals of an address still active.
 */
static int bounce_record(pg_conn *conn, const struct settings *set, const char *email, bool sent,
			 const char *reply)
{
	const char *params[3] = {email, set->run_id, reply};
	pg_result *res = NULL;
	int ret;

	if (sent)
		return pg_command(conn, "oubli des refus d'une adresse",
				  "DELETE FROM lecap.refus_adresse WHERE email = $1 AND desactivee_le IS NULL", 1,
				  params);
	ret = pg_query(conn, "compte des refus d'une adresse",
		       "INSERT INTO lecap.refus_adresse AS x (email, executions, derniere_execution, derniere_reponse) "
		       "VALUES ($1, 1, $2, $3) ON CONFLICT (email) DO UPDATE SET "
		       "executions = x.executions + CASE WHEN x.derniere_execution = $2 THEN 0 ELSE 1 END, "
		       "derniere_execution = $2, derniere_reponse = $3, dernier_refus = now() "
		       "RETURNING executions, desactivee_le IS NULL",
		       3, params, &res);
	if (ret != LECAP_OK)
		return ret;
	if (atoi(pg_value(res, 0, 0)) >= BOUNCE_RUNS && strcmp(pg_value(res, 0, 1), "t") == 0) {
		ret = pg_command(conn, "désactivation d'une adresse refusée",
				 "WITH d AS (UPDATE lecap.destinataire SET actif = false WHERE email = $1), "
				 "c AS (UPDATE lecap.contact_adherent SET actif = false WHERE email = $1) "
				 "UPDATE lecap.refus_adresse SET desactivee_le = now() WHERE email = $1",
				 1, params);
		if (ret == LECAP_OK) {
			log_warn("adresse %s désactivée : refusée par le serveur %d exécutions de suite (dernière "
				 "réponse : %s)", email, BOUNCE_RUNS, reply);
			log_hint("corrigez-la, ou réactivez-la avec lecap recipients add");
		}
	}
	pg_result_free(res);
	return ret;
}

/* Appends ", email (region)" to the list of failures. */
static void note_failure(char *list, size_t size, const char *email, const char *region)
{
	size_t n = strlen(list);
	snprintf(list + n, size - n, "%s%s (%s)", n ? ", " : "", email, region);
}

/* How one kind of message is said and counted once handed to deliver. */
struct said {
	const char *item; /* the dry run's « simulation : ITEM pour EMAIL écrit(e) dans FILE » */
	bool feminine;    /* écrite, envoyée */
	char sent[400];   /* « SENT envoyé(e) à EMAIL : reply » */
	char about[400];  /* « envoi refusé par SERVER pour EMAIL (ABOUT) : reply » */
	const char *key;  /* in the failures' list: « EMAIL (KEY) » */
	int *n_sent, *n_failed;
};

static bool answered(const struct delivery *d)
{
	return !d->deferred && !d->written;
}

/*
 * What became of a message handed to deliver, said and counted: deferred (duree_max), written by the
 * dry run, or answered by the server — then the caller has journalled it in its own table, and the
 * address's refusals are counted here (bounce_record). The crash point « envoi-entre-deux » follows
 * each answer: killed there, the rerun sends the rest and never a journalled message again.
 */
static int delivered(pg_conn *conn, const struct settings *set, const char *email, const struct delivery *d,
		     const struct said *w, struct diffusion_summary *out, char *failures, size_t fsize)
{
	const char *e = w->feminine ? "e" : "";
	int ret;

	if (d->deferred) {
		out->deferred++;
		return LECAP_OK;
	}
	if (d->written) {
		log_info("simulation : %s pour %s écrit%s dans %s", w->item, email, e, d->eml);
		(*w->n_sent)++;
		return LECAP_OK;
	}
	if ((ret = bounce_record(conn, set, email, d->status == SMTP_SENT, d->reply)) != LECAP_OK)
		return ret;
	if (d->status == SMTP_SENT) {
		log_info("%s envoyé%s à %s : %s", w->sent, e, email, d->reply);
		(*w->n_sent)++;
	} else {
		log_warn("envoi refusé par %s pour %s (%s) : %s", set->server.url, email, w->about, d->reply);
		note_failure(failures, fsize, email, w->key);
		(*w->n_failed)++;
	}
	test_crash_point("envoi-entre-deux");
	return LECAP_OK;
}

/* ---- the members' photographies (lecap.contact_adherent) ---- */

/* Where the report layer writes a member's photographie
 * (reports/entreprise.c, docs/rapports.md): <rapports>/<campagne>/
 * entreprises/<region>/<siret>.pdf. */
static bool find_member_report(const char *rapports, int campagne, const char *region, const char *siret,
			       char *path, size_t size)
{
	struct stat st;

	if (report_path_member(path, size, rapports, campagne, region, siret))
		return false;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Columns of the members' query (send_members). */
enum {
	MB_SIRET, MB_EMAIL, MB_NOM, MB_REGION, MB_RAISON, MB_DONNEES, MB_EXPORT_EVAL, MB_EXPORT_PLAN,
	MB_DATE_EVAL, MB_REPONDANTS, MB_COMPLETUDE, MB_COMPLETE, MB_LAST, MB_TODO
};

/* The French body of a member's message: the campaign, the three key
 * figures of page 1 (date of the evaluation, respondents, completeness),
 * what changed when it is a re-send, what remains to rate when the
 * evaluation is incomplete, where to ask. */
static char *member_body(const pg_result *r, int i, int campagne, const char *contact)
{
	const char *nom = pg_value(r, i, MB_NOM), *last = pg_value(r, i, MB_LAST);
	const char *donnees = pg_value(r, i, MB_DONNEES);
	char *body = NULL, a[64];
	size_t len = 0;
	FILE *f = open_memstream(&body, &len);

	if (!f)
		return NULL;
	if (*nom)
		fprintf(f, "Bonjour %s,\n\n", nom);
	else
		fprintf(f, "Bonjour,\n\n");
	fprintf(f, "Veuillez trouver ci-joint la photographie Le Cap de %s (SIRET %s) pour la campagne %d, "
		   "avec %s.\n\n", pg_value(r, i, MB_RAISON), pg_value(r, i, MB_SIRET), campagne,
		pg_isnull(r, i, MB_EXPORT_PLAN) ? "un plan de progrès prêt à l'emploi" : "votre plan de progrès");
	if (*last) {
		/* The fingerprint is "<evaluation file>/<plan file or ->". */
		const char *slash = strchr(donnees, '/'), *lslash = strchr(last, '/');
		bool eval_changed = !slash || !lslash || (size_t)(slash - donnees) != (size_t)(lslash - last) ||
				    strncmp(donnees, last, (size_t)(slash - donnees)) != 0;
		if (eval_changed || pg_isnull(r, i, MB_EXPORT_PLAN))
			fprintf(f, "Votre export corrigé du %s a été pris en compte : cette photographie remplace "
				   "celle que vous avez reçue.\n\n", pg_value(r, i, MB_EXPORT_EVAL));
		else
			fprintf(f, "Votre plan de progrès corrigé du %s a été pris en compte : cette photographie "
				   "remplace celle que vous avez reçue.\n\n", pg_value(r, i, MB_EXPORT_PLAN));
	}
	fprintf(f, "Chiffres clés (page 1) :\n");
	fprintf(f, "- évaluation du %s\n", pg_value(r, i, MB_DATE_EVAL));
	if (!pg_isnull(r, i, MB_REPONDANTS)) {
		long long n = atoll(pg_value(r, i, MB_REPONDANTS));
		fprintf(f, "- %s %s\n", fmt_int(a, sizeof a, n), n > 1 ? "répondants" : "répondant");
	}
	if (!pg_isnull(r, i, MB_COMPLETUDE))
		fprintf(f, "- complétude : %s\n", fmt_percent(a, sizeof a, atof(pg_value(r, i, MB_COMPLETUDE))));
	if (strcmp(pg_value(r, i, MB_COMPLETE), "f") == 0) {
		fprintf(f, "\nVotre évaluation est incomplète : elle n'entre pas encore dans les statistiques "
			   "du réseau. Il reste à noter :\n%s", pg_value(r, i, MB_TODO));
		fprintf(f, "Complétez ces indicateurs dans l'outil Le Cap puis envoyez un nouvel export : "
			   "vous recevrez votre photographie mise à jour.\n");
	}
	fprintf(f, "\nPour toute question : %s.\n", contact);
	fprintf(f, "Ce message vous est envoyé par lecap, le traitement de nuit de COORACE, chaque fois que vos "
		   "résultats changent. Pour ne plus le recevoir, écrivez à %s.\n", contact);
	if (fclose(f) != 0) {
		free(body);
		return NULL;
	}
	return body;
}

static int record_member(pg_conn *conn, const char *siret, const char *email, int campagne, const char *path,
			 const char *sha, const char *donnees, const char *msgid, bool ok, const char *reply)
{
	char year[16];
	const char *params[8] = {siret, email, year, path, sha, donnees, msgid, ok ? "true" : "false"};
	const char *p9[9];

	snprintf(year, sizeof(year), "%d", campagne);
	memcpy(p9, params, sizeof(params));
	p9[8] = reply;
	return pg_command(conn, "enregistrement de l'envoi dans lecap.envoi",
			  "INSERT INTO lecap.envoi (siret, email, campagne, rapport, sha256, donnees, message_id, "
			  "reussi, reponse_serveur) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
			  9, p9);
}

/* The active member addresses with an evaluation of the campaign (of the
 * region, or all), their own inputs' fingerprint and the last one sent. */
static int member_query(pg_conn *conn, int campagne, const char *region, pg_result **res)
{
	char year[16];
	const char *params[2] = {year, region ? region : ""};

	snprintf(year, sizeof(year), "%d", campagne);
	return pg_query(conn, "lecture des adresses des adhérents",
			"SELECT c.siret, c.email, c.nom, e.region, e.raison_sociale, "
			"coalesce(fe.sha256, 'f' || fe.id) || '/' || coalesce(coalesce(fp.sha256, 'f' || fp.id), '-'), "
			"to_char(e.horodatage_export, 'DD/MM/YYYY'), to_char(pl.horodatage_export, 'DD/MM/YYYY'), "
			"to_char(e.date_evaluation, 'DD/MM/YYYY'), r.n_repondants, r.completude, "
			"coalesce(r.complete, true), coalesce(l.donnees, ''), "
			"CASE WHEN r.complete THEN '' ELSE coalesce(("
			"  SELECT string_agg('- ' || s.code || ' ' || s.libelle || ' : ' || s.n || ' indicateur' || "
			"  CASE WHEN s.n > 1 THEN 's' ELSE '' END || E'\n', '' ORDER BY s.rang) "
			"  FROM (SELECT st.code, st.libelle, min(st.rang) AS rang, count(*) AS n "
			"        FROM lecap.element i "
			"        JOIN lecap.element o ON o.version = i.version AND o.code = i.parent "
			"        JOIN lecap.element st ON st.version = o.version AND st.code = o.parent "
			"        WHERE i.version = e.version_referentiel AND i.niveau = 'indicateur' "
			"        AND NOT EXISTS (SELECT 1 FROM lecap.score x WHERE x.evaluation_id = e.id "
			"                        AND x.campagne = e.campagne AND x.niveau = 'indicateur' AND x.code = i.code) "
			"        GROUP BY st.code, st.libelle) s), '') END "
			"FROM lecap.contact_adherent c "
			"JOIN lecap.evaluation e ON e.siret = c.siret AND e.campagne = $1::int "
			"JOIN lecap.fichier fe ON fe.id = e.fichier_id "
			"LEFT JOIN lecap.plan pl ON pl.siret = c.siret AND pl.campagne = $1::int "
			"LEFT JOIN lecap.fichier fp ON fp.id = pl.fichier_id "
			"LEFT JOIN lecap.resultat_evaluation r ON r.evaluation_id = e.id "
			"LEFT JOIN LATERAL (SELECT v.donnees FROM lecap.envoi v WHERE v.siret = c.siret "
			"  AND v.email = c.email AND v.campagne = $1::int AND v.reussi ORDER BY v.id DESC LIMIT 1) l ON true "
			"WHERE c.actif AND ($2 = '' OR e.region = $2) "
			"ORDER BY e.region, c.siret, c.email",
			2, params, res);
}

/* The message of row i of the members' query: the photographie at path
 * attached (its SHA-256 into sha), the member's body (member_body). */
static int member_message(const struct settings *set, const pg_result *res, int i, int campagne,
			  const char *contact, const char *path, char sha[65], char msgid[160], char **msg,
			  size_t *msg_len)
{
	const char *siret = pg_value(res, i, MB_SIRET);
	char subject[400], filename[32];
	unsigned char *pdf = NULL;
	size_t pdf_len = 0;
	char *body = NULL;
	struct sha256 h;
	int ret = read_file(path, &pdf, &pdf_len);

	if (ret != LECAP_OK)
		return ret;
	sha256_init(&h);
	sha256_update(&h, pdf, pdf_len);
	sha256_final_hex(&h, sha);
	body = member_body(res, i, campagne, contact);
	if (!body) {
		ret = log_fail(LECAP_IO, "mémoire insuffisante");
		goto cleanup;
	}
	snprintf(subject, sizeof(subject), "Le Cap — votre photographie %d — %s", campagne,
		 pg_value(res, i, MB_RAISON));
	snprintf(filename, sizeof(filename), "%s.pdf", siret);
	{
		struct mime_message m = {
			.to_name = pg_value(res, i, MB_NOM), .to_addr = pg_value(res, i, MB_EMAIL),
			.subject = subject, .body = body,
			.attachment = pdf, .attachment_len = pdf_len,
			.filename = filename, .content_type = "application/pdf",
		};
		ret = compose(set, &m, msgid, msg, msg_len);
	}
cleanup:
	free(body);
	free(pdf);
	return ret;
}

/*
 * Sends each active member address its photographie of the campaign when
 * the member's own inputs (the files of its evaluation and plan) changed
 * since the last successful send to that address. Same rules as the
 * recipients' loop: a refusal is journalled and retried, an unreachable
 * server stops everything (LECAP_REJECTED, out->unreachable).
 */
static int send_members(pg_conn *conn, const struct lecap_config *cfg, const struct settings *set, smtp **session,
			int campagne, const char *region, bool dry_run, const char *dir,
			struct diffusion_summary *out, char *failures, size_t fsize)
{
	const char *contact = *cfg->diffusion_contact ? cfg->diffusion_contact : set->from;
	pg_result *res = NULL;
	int ret = member_query(conn, campagne, region, &res);

	if (ret != LECAP_OK)
		return ret;
	for (int i = 0; i < pg_ntuples(res); i++) {
		const char *siret = pg_value(res, i, MB_SIRET), *email = pg_value(res, i, MB_EMAIL);
		const char *reg = pg_value(res, i, MB_REGION), *donnees = pg_value(res, i, MB_DONNEES);
		char path[PATH_MAX], msgid[160], sha[65];
		struct delivery d;
		size_t msg_len = 0;
		char *msg = NULL;

		if (strcmp(donnees, pg_value(res, i, MB_LAST)) == 0) {
			out->members_unchanged++;
			continue;
		}
		if (!find_member_report(cfg->chemins_rapports, campagne, reg, siret, path, sizeof(path))) {
			log_warn("pas de photographie pour %s (campagne %d, région %s) : rien envoyé à %s", siret,
				 campagne, reg, email);
			out->members_missing++;
			continue;
		}
		if (deferred(set, dry_run, out))
			continue;
		ret = member_message(set, res, i, campagne, contact, path, sha, msgid, &msg, &msg_len);
		if (ret == LECAP_OK)
			ret = deliver(set, session, dry_run, dir, siret, email, msg, msg_len,
				      "les photographies seront envoyées", out, &d);
		if (ret == LECAP_OK && answered(&d))
			ret = record_member(conn, siret, email, campagne, path, sha, donnees, msgid,
					    d.status == SMTP_SENT, d.reply);
		if (ret == LECAP_OK) {
			struct said w = {.item = "photographie", .feminine = true, .key = siret,
					 .n_sent = &out->members_sent, .n_failed = &out->members_failed};
			snprintf(w.sent, sizeof w.sent, "photographie de %s", siret);
			snprintf(w.about, sizeof w.about, "adhérent %s", siret);
			ret = delivered(conn, set, email, &d, &w, out, failures, fsize);
		}
		if (ret != LECAP_OK)
			goto cleanup;
	}
	ret = LECAP_OK;
cleanup:
	pg_result_free(res);
	return ret;
}

/* ---- rejection notices (lecap.avis_rejet) ---- */

#define NOTICE_MAX_PROBLEMS 20

/* The French body of a rejection notice: the file, its problems as
 * LINE:COLUMN: message (at most 20, then the count), what to do. The stored
 * messages are "FILE:LINE:COLUMN: message" lines: the file name, said once
 * above, is taken off each. */
static char *notice_body(const char *nom, const char *file, const char *day, const char *messages,
			 const char *contact)
{
	char *body = NULL;
	size_t len = 0, flen = strlen(file);
	int n = 0;
	FILE *f = open_memstream(&body, &len);

	if (!f)
		return NULL;
	if (*nom)
		fprintf(f, "Bonjour %s,\n\n", nom);
	else
		fprintf(f, "Bonjour,\n\n");
	fprintf(f, "Le fichier « %s » reçu le %s n'a pas pu être intégré à Le Cap. Problèmes relevés :\n", file, day);
	for (const char *p = messages; *p;) {
		const char *e = strchr(p, '\n');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		if (l > 0) {
			if (n < NOTICE_MAX_PROBLEMS) {
				const char *q = p;
				if (l > flen + 1 && strncmp(q, file, flen) == 0 && q[flen] == ':') {
					q += flen + 1;
					l -= flen + 1;
				}
				fprintf(f, "%.*s\n", (int)l, q);
			}
			n++;
		}
		p = e ? e + 1 : p + l;
	}
	if (n > NOTICE_MAX_PROBLEMS)
		fprintf(f, "… et %d autre%s problème%s (%d en tout).\n", n - NOTICE_MAX_PROBLEMS,
			n - NOTICE_MAX_PROBLEMS > 1 ? "s" : "", n - NOTICE_MAX_PROBLEMS > 1 ? "s" : "", n);
	fprintf(f, "\nQue faire : corrigez ces points (LIGNE:COLONNE désigne la ligne du fichier, l'en-tête "
		   "étant la ligne 1, et sa colonne), ou refaites l'export depuis l'outil Le Cap, puis envoyez "
		   "le fichier corrigé : il sera intégré la nuit suivante et vous recevrez votre photographie.\n");
	fprintf(f, "Pour toute question : %s.\n", contact);
	if (fclose(f) != 0) {
		free(body);
		return NULL;
	}
	return body;
}

static int record_notice(pg_conn *conn, const char *fid, const char *siret, const char *email, const char *msgid,
			 bool sent, const char *reply)
{
	const char *params[6] = {fid, siret, email, msgid, sent ? "true" : "false", reply};

	return pg_command(conn, "enregistrement de l'avis de rejet",
			  "INSERT INTO lecap.avis_rejet (fichier_id, siret, email, message_id, reussi, "
			  "reponse_serveur) VALUES ($1, $2, $3, $4, $5, $6)", 6, params);
}

/*
 * Tells each active address of a member that its export was rejected:
 * rejected files with the member's SIRET, received since the address was
 * recorded (a new address is not told of old rejections), never twice for
 * the same content at the same address (lecap.avis_rejet).
 */
static int send_notices(pg_conn *conn, const struct lecap_config *cfg, const struct settings *set, smtp **session,
			bool dry_run, const char *dir, struct diffusion_summary *out, char *failures, size_t fsize)
{
	const char *contact = *cfg->diffusion_contact ? cfg->diffusion_contact : set->from;
	pg_result *res = NULL;
	int ret = pg_query(conn, "lecture des fichiers rejetés des adhérents",
			   "SELECT f.id, f.nom, f.messages, c.siret, c.email, c.nom, to_char(f.recu_le, 'DD/MM/YYYY') "
			   "FROM lecap.fichier f JOIN lecap.contact_adherent c ON c.siret = f.siret AND c.actif "
			   "WHERE f.statut = 'rejete' AND f.recu_le >= c.cree_le - interval '1 day' "
			   "AND NOT EXISTS (SELECT 1 FROM lecap.avis_rejet a JOIN lecap.fichier g ON g.id = a.fichier_id "
			   "  WHERE a.email = c.email AND a.siret = c.siret AND a.reussi "
			   "  AND (g.id = f.id OR g.sha256 = f.sha256)) "
			   "ORDER BY f.id, c.email",
			   0, NULL, &res);
	if (ret != LECAP_OK)
		return ret;
	for (int i = 0; i < pg_ntuples(res); i++) {
		const char *fid = pg_value(res, i, 0), *file = pg_value(res, i, 1);
		const char *siret = pg_value(res, i, 3), *email = pg_value(res, i, 4);
		char subject[400], msgid[160], name[320];
		struct delivery d;
		char *body, *msg = NULL;
		size_t msg_len = 0;

		if (deferred(set, dry_run, out))
			continue;
		body = notice_body(pg_value(res, i, 5), file, pg_value(res, i, 6), pg_value(res, i, 2), contact);
		if (!body) {
			ret = log_fail(LECAP_IO, "mémoire insuffisante");
			goto cleanup;
		}
		snprintf(subject, sizeof(subject), "Le Cap — votre fichier %s n'a pas été intégré", file);
		{
			struct mime_message m = {
				.to_name = pg_value(res, i, 5), .to_addr = email, .subject = subject, .body = body,
			};
			ret = compose(set, &m, msgid, &msg, &msg_len);
		}
		free(body);
		snprintf(name, sizeof(name), "rejet-%s", fid);
		if (ret == LECAP_OK)
			ret = deliver(set, session, dry_run, dir, name, email, msg, msg_len, "les avis seront envoyés",
				      out, &d);
		if (ret == LECAP_OK && answered(&d))
			ret = record_notice(conn, fid, siret, email, msgid, d.status == SMTP_SENT, d.reply);
		if (ret == LECAP_OK) {
			struct said w = {.item = "avis de rejet", .key = siret, .n_sent = &out->notices_sent,
					 .n_failed = &out->members_failed};
			snprintf(w.sent, sizeof w.sent, "avis de rejet de %s", file);
			snprintf(w.about, sizeof w.about, "avis de rejet, adhérent %s", siret);
			ret = delivered(conn, set, email, &d, &w, out, failures, fsize);
		}
		if (ret != LECAP_OK)
			goto cleanup;
	}
	ret = LECAP_OK;
cleanup:
	pg_result_free(res);
	return ret;
}

/* The report attached to the delegates' messages: recipients come region by
 * region, so each report is read and hashed once. */
struct report_cache {
	char path[PATH_MAX];
	char sha[65];
	unsigned char *pdf;
	size_t pdf_len;
};

static int report_cache_load(struct report_cache *c, const char *path)
{
	struct sha256 h;
	int ret;

	if (strcmp(path, c->path) == 0)
		return LECAP_OK;
	free(c->pdf);
	c->pdf = NULL;
	c->path[0] = '\0';
	ret = read_file(path, &c->pdf, &c->pdf_len);
	if (ret != LECAP_OK)
		return ret;
	sha256_init(&h);
	sha256_update(&h, c->pdf, c->pdf_len);
	sha256_final_hex(&h, c->sha);
	snprintf(c->path, sizeof(c->path), "%s", path);
	return LECAP_OK;
}

/* Columns of the delegates' query (send_delegates). */
enum { DL_ID, DL_REGION, DL_EMAIL, DL_NOM, DL_LABEL, DL_LAST };

/* The active delegates (of the region, or all; FR first) with the SHA-256
 * of the last report successfully sent to each for the campaign. */
static int delegate_query(pg_conn *conn, int campagne, const char *region, pg_result **res)
{
	char year[16];
	const char *params[2] = {year, region ? region : ""};

	snprintf(year, sizeof(year), "%d", campagne);
	return pg_query(conn, "lecture des destinataires actifs",
			"SELECT d.id, d.region, d.email, d.nom, "
			"CASE WHEN d.region = 'FR' THEN 'national' ELSE coalesce(r.libelle, d.region) END, "
			"(SELECT e.sha256 FROM lecap.envoi e WHERE e.destinataire_id = d.id "
			"AND e.campagne = $1::int AND e.reussi ORDER BY e.id DESC LIMIT 1) "
			"FROM lecap.destinataire d LEFT JOIN lecap.region r ON r.code = d.region "
			"WHERE d.actif AND ($2 = '' OR d.region = $2) "
			"ORDER BY d.region = 'FR' DESC, d.region, d.email",
			2, params, res);
}

/* The message of row i of the delegates' query, the cached report attached. */
static int delegate_message(pg_conn *conn, const struct settings *set, const pg_result *res, int i, int campagne,
			    const struct report_cache *c, const char *filename, char msgid[160], char **msg,
			    size_t *msg_len)
{
	const char *reg = pg_value(res, i, DL_REGION), *label = pg_value(res, i, DL_LABEL);
	const char *nom = pg_value(res, i, DL_NOM);
	char subject[300];
	char *body = NULL;
	int ret = build_body(conn, campagne, reg, label, nom, set->from, &body);

	if (ret != LECAP_OK)
		return ret;
	if (strcmp(reg, "FR") == 0)
		snprintf(subject, sizeof(subject), "Le Cap — rapport national — campagne %d", campagne);
	else
		snprintf(subject, sizeof(subject), "Le Cap — rapport %s — campagne %d", label, campagne);
	{
		struct mime_message m = {
			.to_name = nom, .to_addr = pg_value(res, i, DL_EMAIL),
			.subject = subject, .body = body,
			.attachment = c->pdf, .attachment_len = c->pdf_len,
			.filename = filename, .content_type = "application/pdf",
		};
		ret = compose(set, &m, msgid, msg, msg_len);
	}
	free(body);
	return ret;
}

/*
 * Sends each active delegate (lecap.destinataire) the report of its region
 * (national for FR) when the report's bytes changed since the last
 * successful send. A refusal is journalled and retried next run; an
 * unreachable server stops everything (LECAP_REJECTED, out->unreachable).
 */
static int send_delegates(pg_conn *conn, const struct lecap_config *cfg, const struct settings *set,
			  smtp **session, int campagne, const char *region, bool dry_run, const char *dir,
			  struct diffusion_summary *out, char *failures, size_t fsize)
{
	struct report_cache cache = {.path = ""};
	pg_result *res = NULL;
	int ret = delegate_query(conn, campagne, region, &res);

	if (ret != LECAP_OK)
		goto cleanup;
	if (pg_ntuples(res) == 0)
		log_info("aucun destinataire actif%s%s : rien à envoyer", region ? " pour la région " : "",
			 region ? region : "");
	for (int i = 0; i < pg_ntuples(res); i++) {
		const char *reg = pg_value(res, i, DL_REGION), *email = pg_value(res, i, DL_EMAIL);
		const char *filename;
		char path[PATH_MAX], msgid[160];
		struct delivery d;
		char *msg = NULL;
		size_t msg_len = 0;

		if (!find_report(cfg->chemins_rapports, campagne, reg, path, sizeof(path), &filename)) {
			log_warn("pas de rapport %s pour la campagne %d (région %s) : rien envoyé à %s",
				 strcmp(reg, "FR") == 0 ? "national" : "régional", campagne, reg, email);
			out->missing++;
			continue;
		}
		ret = report_cache_load(&cache, path);
		if (ret != LECAP_OK)
			goto cleanup;
		if (strcmp(cache.sha, pg_value(res, i, DL_LAST)) == 0) {
			log_debug("%s : déjà envoyé à %s, inchangé", path, email);
			out->unchanged++;
			continue;
		}
		if (deferred(set, dry_run, out))
			continue;
		ret = delegate_message(conn, set, res, i, campagne, &cache, filename, msgid, &msg, &msg_len);
		if (ret == LECAP_OK)
			ret = deliver(set, session, dry_run, dir, reg, email, msg, msg_len,
				      "les rapports seront envoyés", out, &d);
		if (ret == LECAP_OK && answered(&d))
			ret = record(conn, pg_value(res, i, DL_ID), campagne, path, cache.sha, msgid,
				     d.status == SMTP_SENT, d.reply);
		if (ret == LECAP_OK) {
			struct said w = {.item = "message", .key = reg, .n_sent = &out->sent, .n_failed = &out->failed};
			snprintf(w.sent, sizeof w.sent, "rapport %s", filename);
			snprintf(w.about, sizeof w.about, "région %s", reg);
			ret = delivered(conn, set, email, &d, &w, out, failures, fsize);
		}
		if (ret != LECAP_OK)
			goto cleanup;
	}
	ret = LECAP_OK;
cleanup:
	free(cache.pdf);
	pg_result_free(res);
	return ret;
}

/* ---- the delegates' digest (lecap.synthese) ---- */

/* Columns of the digests' query (send_digests). */
enum { DG_ID, DG_REGION, DG_EMAIL, DG_NOM, DG_LABEL, DG_LAST_FIN, DG_LAST_FICHIER };

/* The active delegates of a region (not FR; of the region, or all) with the
 * end (epoch) and the last file of their last successful digest. */
static int digest_query(pg_conn *conn, const char *region, pg_result **res)
{
	const char *params[1] = {region ? region : ""};

	return pg_query(conn, "lecture des délégués",
			"SELECT d.id, d.region, d.email, d.nom, coalesce(r.libelle, d.region), "
			"coalesce(extract(epoch FROM s.fin)::bigint::text, ''), coalesce(s.fichier_max::text, '') "
			"FROM lecap.destinataire d LEFT JOIN lecap.region r ON r.code = d.region "
			"LEFT JOIN LATERAL (SELECT x.fin, x.fichier_max FROM lecap.synthese x "
			"  WHERE x.destinataire_id = d.id AND x.reussi ORDER BY x.id DESC LIMIT 1) s ON true "
			"WHERE d.actif AND d.region <> 'FR' AND ($1 = '' OR d.region = $1) "
			"ORDER BY d.region, d.email",
			1, params, res);
}

/* Days since the epoch of t's local calendar date. */
static long local_day(time_t t)
{
	struct tm tm;

	localtime_r(&t, &tm);
	return (long)(timegm(&(struct tm){.tm_year = tm.tm_year, .tm_mon = tm.tm_mon, .tm_mday = tm.tm_mday}) /
		      86400);
}

/* The period of row i's next digest when one is due (true), ending now:
 * from the last digest's end, or the frequency's length for the first. A
 * digest is due when none was sent, or frequence calendar days after the
 * last one's date. */
static int digest_period(pg_conn *conn, const pg_result *res, int i, int frequence, time_t now,
			 struct synthese_period *p, bool *due)
{
	const char *fin = pg_value(res, i, DG_LAST_FIN);

	p->region = pg_value(res, i, DG_REGION);
	p->label = pg_value(res, i, DG_LABEL);
	p->frequence = frequence;
	p->until = now;
	*due = true;
	if (*fin) {
		p->since = (time_t)atoll(fin);
		p->fichier_from = atoll(pg_value(res, i, DG_LAST_FICHIER));
		*due = local_day(now) >= local_day(p->since) + frequence;
		return LECAP_OK;
	}
	p->since = now - (time_t)frequence * 86400;
	return synthese_file_at(conn, p->since, &p->fichier_from);
}

static int record_digest(pg_conn *conn, const char *dest_id, const struct synthese_period *p, const char *msgid,
			 bool ok, const char *reply)
{
	char year[16], since[32], until[32], last[32];
	const char *params[8] = {dest_id, year, since, until, last, msgid, ok ? "true" : "false", reply};

	snprintf(year, sizeof(year), "%d", p->campagne);
	snprintf(since, sizeof(since), "%lld", (long long)p->since);
	snprintf(until, sizeof(until), "%lld", (long long)p->until);
	snprintf(last, sizeof(last), "%lld", p->fichier_to);
	return pg_command(conn, "enregistrement de la synthèse dans lecap.synthese",
			  "INSERT INTO lecap.synthese (destinataire_id, campagne, debut, fin, fichier_max, message_id, "
			  "reussi, reponse_serveur) VALUES ($1, $2, to_timestamp($3::bigint), to_timestamp($4::bigint), "
			  "$5, $6, $7, $8)",
			  8, params);
}

/* Builds and hands over row i's digest, when there is something to say. */
static int digest_one(pg_conn *conn, const struct settings *set, smtp **session,
		      const pg_result *res, int i, const struct synthese_period *p, bool dry_run, const char *dir,
		      struct diffusion_summary *out, char *failures, size_t fsize)
{
	const char *email = pg_value(res, i, DG_EMAIL);
	char subject[400], msgid[160], name[64];
	struct delivery d;
	char *body = NULL, *msg = NULL;
	size_t msg_len = 0;
	int ret = synthese_body(conn, p, pg_value(res, i, DG_NOM), set->from, &body);

	if (ret != LECAP_OK)
		return ret;
	if (!body) {
		log_debug("synthèse de la région %s pour %s : rien de nouveau", p->region, email);
		out->digests_quiet++;
		return LECAP_OK;
	}
	if (deferred(set, dry_run, out)) {
		free(body);
		return LECAP_OK;
	}
	synthese_subject(p, subject, sizeof(subject));
	{
		struct mime_message m = {
			.to_name = pg_value(res, i, DG_NOM), .to_addr = email, .subject = subject, .body = body,
		};
		ret = compose(set, &m, msgid, &msg, &msg_len);
	}
	free(body);
	snprintf(name, sizeof(name), "synthese-%s", p->region);
	if (ret == LECAP_OK)
		ret = deliver(set, session, dry_run, dir, name, email, msg, msg_len, "les synthèses seront envoyées",
			      out, &d);
	if (ret == LECAP_OK && answered(&d))
		ret = record_digest(conn, pg_value(res, i, DG_ID), p, msgid, d.status == SMTP_SENT, d.reply);
	if (ret == LECAP_OK) {
		struct said w = {.item = "synthèse", .feminine = true, .key = p->region, .n_sent = &out->digests_sent,
				 .n_failed = &out->digests_failed};
		snprintf(w.sent, sizeof w.sent, "synthèse de la région %s", p->region);
		snprintf(w.about, sizeof w.about, "synthèse de la région %s", p->region);
		ret = delivered(conn, set, email, &d, &w, out, failures, fsize);
	}
	return ret;
}

/*
 * Sends each active delegate of a region its digest when one is due
 * ([diffusion] frequence_synthese; jamais: none) and something moved in the
 * region in its period. Same rules as the other messages: journalled
 * (lecap.synthese) right after the server's answer, a refusal retried next
 * run, an unreachable server stops everything, the pace of the run.
 */
static int send_digests(pg_conn *conn, const struct lecap_config *cfg, const struct settings *set, smtp **session,
			int campagne, const char *region, bool dry_run, const char *dir,
			struct diffusion_summary *out, char *failures, size_t fsize)
{
	time_t now = clock_now();
	pg_result *res = NULL;
	long long last_file = 0;
	int ret;

	if (cfg->diffusion_frequence_synthese == 0 || (region && strcmp(region, "FR") == 0))
		return LECAP_OK;
	ret = synthese_file_max(conn, &last_file);
	if (ret == LECAP_OK)
		ret = digest_query(conn, region, &res);
	for (int i = 0; ret == LECAP_OK && i < pg_ntuples(res); i++) {
		struct synthese_period p = {.campagne = campagne, .fichier_to = last_file};
		bool due;

		ret = digest_period(conn, res, i, cfg->diffusion_frequence_synthese, now, &p, &due);
		if (ret != LECAP_OK)
			break;
		if (!due) {
			out->digests_not_due++;
			continue;
		}
		ret = digest_one(conn, set, session, res, i, &p, dry_run, dir, out, failures, fsize);
	}
	pg_result_free(res);
	return ret;
}

int diffusion_send(pg_conn *conn, const struct lecap_config *cfg, int campagne,
		   const char *region, bool dry_run, struct diffusion_summary *out)
{
	return diffusion_send_to(conn, cfg, campagne, region, dry_run, NULL, out);
}

/* The latest campaign evaluated (0: none): the digests' when no campaign
 * has reports yet (they do not need any). */
static int latest_evaluated(pg_conn *conn, int *campagne)
{
	pg_result *res = NULL;
	int ret = pg_query(conn, "dernière campagne évaluée",
			   "SELECT coalesce(max(campagne), 0) FROM lecap.evaluation", 0, NULL, &res);

	if (ret != LECAP_OK)
		return ret;
	*campagne = atoi(pg_value(res, 0, 0));
	pg_result_free(res);
	return LECAP_OK;
}

/* The campaign (0: the latest with reports; when none has reports, the
 * latest evaluated, for the digests only: *reports false; still 0: nothing
 * to send) and, under --dry-run, the directory of the .eml files, created. */
static int prepare_run(pg_conn *conn, const struct lecap_config *cfg, int *campagne, bool *reports,
		       bool dry_run, const char *eml_dir, char *dir, size_t dsize)
{
	*reports = true;
	if (*campagne == 0) {
		*campagne = diffusion_latest_campaign(cfg->chemins_rapports);
		if (*campagne == 0) {
			int ret = latest_evaluated(conn, campagne);
			log_warn("aucun rapport dans %s : rien à diffuser%s", cfg->chemins_rapports,
				 *campagne && cfg->diffusion_frequence_synthese ? " que les synthèses des délégués" : "");
			*reports = false;
			if (ret != LECAP_OK || *campagne == 0 || cfg->diffusion_frequence_synthese == 0) {
				*campagne = 0;
				return ret;
			}
		}
	}
	if (!dry_run)
		return LECAP_OK;
	if (eml_dir)
		snprintf(dir, dsize, "%s", eml_dir);
	else if (report_path_messages(dir, dsize, cfg->chemins_rapports, *campagne))
		return log_fail(LECAP_IO, "%s : chemin trop long pour le répertoire des messages",
				cfg->chemins_rapports);
	if (mkdir_p(dir) != 0)
		return log_fail(LECAP_IO, "%s : création du répertoire impossible : %s", dir, strerror(errno));
	return LECAP_OK;
}

int diffusion_send_to(pg_conn *conn, const struct lecap_config *cfg, int campagne,
		      const char *region, bool dry_run, const char *eml_dir,
		      struct diffusion_summary *out)
{
	struct settings set;
	struct pace pace;
	smtp *session = NULL;
	char dir[PATH_MAX] = "", failures[2048] = "";
	bool reports;
	int ret;

	memset(out, 0, sizeof(*out));
	if (!dry_run && !*cfg->diffusion_smtp_url) {
		out->disabled = true;
		log_info("diffusion désactivée : [diffusion] smtp_url est vide");
		return LECAP_OK;
	}
	ret = settings_init(&set, cfg, dry_run);
	pace_init(&pace, cfg);
	set.pace = &pace;
	snprintf(set.run_id, sizeof(set.run_id), "%lld.%ld", (long long)time(NULL), (long)getpid());
	if (ret == LECAP_OK && region)
		ret = destinataire_region_check(conn, region);
	if (ret == LECAP_OK)
		ret = prepare_run(conn, cfg, &campagne, &reports, dry_run, eml_dir, dir, sizeof(dir));
	if (ret != LECAP_OK || campagne == 0)
		goto cleanup;
	if (reports) {
		out->campagne = campagne;
		ret = send_delegates(conn, cfg, &set, &session, campagne, region, dry_run, dir, out, failures,
				     sizeof(failures));
		if (ret == LECAP_OK)
			ret = send_members(conn, cfg, &set, &session, campagne, region, dry_run, dir, out, failures,
					   sizeof(failures));
		if (ret == LECAP_OK && !region)
			ret = send_notices(conn, cfg, &set, &session, dry_run, dir, out, failures, sizeof(failures));
	}
	if (ret == LECAP_OK)
		ret = send_digests(conn, cfg, &set, &session, campagne, region, dry_run, dir, out, failures,
				   sizeof(failures));
	if (ret != LECAP_OK)
		goto cleanup;
	if (out->deferred)
		log_warn("diffusion : durée maximale atteinte ([diffusion] duree_max = %ld s, %ld message(s) envoyé(s)) : "
			 "%d message(s) restent, envoyés à la prochaine exécution",
			 cfg->diffusion_duree_max, pace.sent, out->deferred);
	if (out->failed || out->members_failed || out->digests_failed) {
		log_error("diffusion : %d envoi(s) en échec, réessayé(s) à la prochaine exécution : %s",
			  out->failed + out->members_failed + out->digests_failed, failures);
		ret = LECAP_REJECTED;
	}
cleanup:
	smtp_free(session);
	settings_release(&set);
	return ret;
}
