/* Groups of small files per transaction; see ingest_batch.h. */
#include "ingest/ingest_batch.h"

#include "ingest/copybuf.h"
#include "base/exitcode.h"
#include "ingest/export_field.h"
#include "base/log.h"
#include "base/signals.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Files per group: the ids of a group are drawn from the sequences at once. */
#define GROUP_FILES 512
/* Bytes of staged rows (other than the streamed answers) that end a group. */
#define GROUP_BYTES (8 * 1024 * 1024)
#define FLUSH_AT (1024 * 1024)

/* ---- latest horodatage_export per (kind, siret, campagne) ----
 *
 * The key packs the 14 digits of the SIRET (< 10^14 < 2^47), the campaign
 * (a year 2000–2100, 16 bits) and the kind (1 bit) into 64 bits, plus one so
 * that 0 marks a free slot. */

struct latest_entry {
	uint64_t key;
	double epoch;
};

struct latest {
	struct latest_entry *e;
	size_t cap, n;
};

static uint64_t pack_key(enum export_kind kind, const char *siret, int campagne)
{
	uint64_t v = 0;
	for (const char *p = siret; *p >= '0' && *p <= '9'; p++)
		v = v * 10 + (uint64_t)(*p - '0');
	return (v << 17 | (uint64_t)(campagne & 0xffff) << 1 | (kind == EXPORT_PLAN)) + 1;
}

static struct latest_entry *latest_slot(const struct latest *m, uint64_t key)
{
	uint64_t h = key * 0x9e3779b97f4a7c15u;
	size_t i = (size_t)(h >> 20) & (m->cap - 1);
	while (m->e[i].key && m->e[i].key != key)
		i = (i + 1) & (m->cap - 1);
	return &m->e[i];
}

static int latest_set(struct latest *m, uint64_t key, double epoch)
{
	struct latest_entry *e;
	if ((m->n + 1) * 4 > m->cap * 3) {
		struct latest g = {calloc(m->cap ? m->cap * 2 : 1024, sizeof(struct latest_entry)),
				   m->cap ? m->cap * 2 : 1024, m->n};
		if (!g.e)
			return -1;
		for (size_t k = 0; k < m->cap; k++)
			if (m->e[k].key)
				*latest_slot(&g, m->e[k].key) = m->e[k];
		free(m->e);
		*m = g;
	}
	e = latest_slot(m, key);
	if (!e->key) {
		e->key = key;
		m->n++;
	}
	e->epoch = epoch;
	return 0;
}

static const struct latest_entry *latest_get(const struct latest *m, uint64_t key)
{
	if (!m->cap)
		return NULL;
	const struct latest_entry *e = latest_slot(m, key);
	return e->key ? e : NULL;
}

/* ---- the group ---- */

struct staged {
	struct cbuf reponse, repondant, evaluation, entreprise, plan, action, offre, adherent;
	long long eval_id, plan_id, fichier_id;
	bool obsolete, began;
	bool alone;  /* a group of one: its answers stream while it is read */
	enum export_kind kind;
};

struct ingest_batch {
	pg_conn *conn;
	const ref_set *ref;
	char exec_id[24];
	struct latest latest;
	/* open group */
	bool open;
	bool reserved, copying;        /* ids drawn; COPY lecap.reponse started */
	long long ids[GROUP_FILES][3]; /* fichier, evaluation, plan */
	size_t nkept, nfiles;          /* files applied (using ids), all files */
	struct cbuf records;           /* lecap.fichier rows of files not applied */
	struct cbuf stream;  /* COPY lecap.reponse, being filled */
	/* The sender thread: it puts a full chunk of the answers' COPY while the
	 * next files are parsed into stream (the connection is its own until
	 * sender_wait returns; nothing else uses it during the COPY). */
	pthread_t sender;
	bool sender_started, sender_quit;
	pthread_mutex_t mu;
	pthread_cond_t cond;
	struct cbuf sending;  /* the chunk handed over (len 0 once sent) */
	bool busy;            /* sending holds a chunk not yet sent */
	int send_ret;         /* LECAP_OK, or LECAP_DB once a put failed */
	struct cbuf fichier, repondant, evaluation, entreprise, plan, action, offre;
	struct cbuf adherent;  /* the registry of the group's latest Adhérents file */
	bool registry;         /* the group replaces lecap.adherent */
	struct cbuf del_eval_siret, del_eval_camp, del_plan_siret, del_plan_camp;
	size_t ndel_eval, ndel_plan;
	struct latest keys;  /* keys of the group's files */
	/* file being staged */
	const char *name;
	struct staged st;
	struct export_sink sink;
};

/* Reads the latest exports by pages of LATEST_PAGE rows in id order: the
 * result set is never held whole (its size depends on the history). */
#define LATEST_PAGE "20000"

static int load_latest_of(ingest_batch *b, enum export_kind kind, const char *sql)
{
	char after[24] = "0";
	int ret = LECAP_OK, n;

	do {
		const char *p[1] = {after};
		pg_result *res;
		ret = pg_query(b->conn, "lecture des derniers exports intégrés", sql, 1, p, &res);
		if (ret != LECAP_OK)
			return ret;
		n = pg_ntuples(res);
		for (int i = 0; i < n && ret == LECAP_OK; i++)
			if (latest_set(&b->latest, pack_key(kind, pg_value(res, i, 1), atoi(pg_value(res, i, 2))),
				       strtod(pg_value(res, i, 3), NULL)) != 0)
				ret = log_fail(LECAP_IO, "mémoire insuffisante");
		if (n > 0)
			snprintf(after, sizeof(after), "%s", pg_value(res, n - 1, 0));
		pg_result_free(res);
	} while (ret == LECAP_OK && n == atoi(LATEST_PAGE));
	return ret;
}

static int load_latest(ingest_batch *b)
{
	int ret = load_latest_of(b, EXPORT_REPONSES,
				 "SELECT id, siret, campagne, extract(epoch FROM horodatage_export)::float8 "
				 "FROM lecap.evaluation WHERE id > $1::bigint ORDER BY id LIMIT " LATEST_PAGE);
	if (ret == LECAP_OK)
		ret = load_latest_of(b, EXPORT_PLAN,
				     "SELECT id, siret, campagne, extract(epoch FROM horodatage_export)::float8 "
				     "FROM lecap.plan WHERE id > $1::bigint ORDER BY id LIMIT " LATEST_PAGE);
	return ret;
}

/* BEGIN: a group that only records files (doublons, rejects) needs nothing
 * more; the ids and the COPY of the answers come with the first valid file. */
static int group_open(ingest_batch *b)
{
	int ret;

	if (b->open)
		return LECAP_OK;
	ret = pg_begin(b->conn);
	if (ret == LECAP_OK)
		b->open = true;
	return ret;
}

/* The group's ids, drawn once from the sequences. */
static int group_reserve(ingest_batch *b)
{
	pg_result *res;
	int ret;

	if (b->reserved)
		return LECAP_OK;
	ret = pg_query(b->conn, "réservation des identifiants",
		       "SELECT nextval('lecap.fichier_id_seq'), nextval('lecap.evaluation_id_seq'), "
		       "nextval('lecap.plan_id_seq') FROM generate_series(1, 512)", 0, NULL, &res);
	if (ret != LECAP_OK)
		return ret;
	for (int i = 0; i < GROUP_FILES && i < pg_ntuples(res); i++)
		for (int k = 0; k < 3; k++)
			b->ids[i][k] = atoll(pg_value(res, i, k));
	pg_result_free(res);
	b->reserved = true;
	return LECAP_OK;
}

/* Starts the COPY of the answers, after which no other statement may run
 * until the flush. */
static int group_copy(ingest_batch *b)
{
	int ret;
	if (b->copying)
		return LECAP_OK;
	ret = pg_copy_begin(b->conn, "chargement des réponses",
			    "COPY lecap.reponse (evaluation_id, repondant, version_referentiel, notes) FROM STDIN");
	if (ret == LECAP_OK)
		b->copying = true;
	return ret;
}

static void *sender_main(void *arg)
{
	ingest_batch *b = arg;

	pthread_mutex_lock(&b->mu);
	for (;;) {
		while (!b->busy && !b->sender_quit)
			pthread_cond_wait(&b->cond, &b->mu);
		if (!b->busy)
			break;
		pthread_mutex_unlock(&b->mu);
		/* Test hook: killed inside the COPY stream of a group. */
		test_crash_point("ingest-flux-copy");
		int ret = pg_copy_put(b->conn, b->sending.p, b->sending.len);
		pthread_mutex_lock(&b->mu);
		if (ret != LECAP_OK)
			b->send_ret = ret;
		b->sending.len = 0;
		b->busy = false;
		pthread_cond_broadcast(&b->cond);
	}
	pthread_mutex_unlock(&b->mu);
	return NULL;
}

/* Waits until the sender has put its chunk: the connection is free again.
 * Returns LECAP_DB when a put failed since the COPY began. */
static int sender_wait(ingest_batch *b)
{
	int ret;
	if (!b->sender_started)
		return LECAP_OK;
	pthread_mutex_lock(&b->mu);
	while (b->busy)
		pthread_cond_wait(&b->cond, &b->mu);
	ret = b->send_ret;
	pthread_mutex_unlock(&b->mu);
	return ret;
}

static int sender_start(ingest_batch *b)
{
	int err;

	pthread_mutex_init(&b->mu, NULL);
	pthread_cond_init(&b->cond, NULL);
	err = signals_thread_create(&b->sender, sender_main, b);
	if (err != 0) {
		pthread_cond_destroy(&b->cond);
		pthread_mutex_destroy(&b->mu);
		return log_fail(LECAP_IO, "création du fil d'envoi impossible : %s", strerror(err));
	}
	b->sender_started = true;
	return LECAP_OK;
}

static void sender_stop(ingest_batch *b)
{
	if (!b->sender_started)
		return;
	pthread_mutex_lock(&b->mu);
	b->sender_quit = true;
	pthread_cond_broadcast(&b->cond);
	pthread_mutex_unlock(&b->mu);
	pthread_join(b->sender, NULL);
	pthread_cond_destroy(&b->cond);
	pthread_mutex_destroy(&b->mu);
	b->sender_started = false;
}

/*
 * Sends the answers staged so far once there is a chunk of them (all of
 * them when force): the chunk goes to the sender thread, which puts it while
 * the next files are parsed; forced, the caller then owns the connection.
 */
static int stream_flush(ingest_batch *b, bool force)
{
	int ret;
	if (b->stream.oom)
		return log_fail(LECAP_IO, "mémoire insuffisante");
	if (!force && b->stream.len < FLUSH_AT)
		return LECAP_OK;
	ret = sender_wait(b);
	if (ret != LECAP_OK || b->stream.len == 0)
		return ret;
	if (force) {
		test_crash_point("ingest-flux-copy");
		if (pg_copy_put(b->conn, b->stream.p, b->stream.len) != LECAP_OK)
			return LECAP_DB;
		b->stream.len = 0;
		return LECAP_OK;
	}
	/* Swap: the filled buffer is handed over, the sent one is reused. */
	struct cbuf t = b->sending;
	pthread_mutex_lock(&b->mu);
	b->sending = b->stream;
	b->busy = true;
	pthread_cond_broadcast(&b->cond);
	pthread_mutex_unlock(&b->mu);
	b->stream = t;
	return LECAP_OK;
}

/* ---- the staging sink ---- */

static int on_begin(void *arg, const struct export_info *info)
{
	ingest_batch *b = arg;
	struct staged *s = &b->st;
	uint64_t key = pack_key(info->kind, info->siret, info->campagne);
	double epoch;
	const struct latest_entry *e;
	int ret;

	s->kind = info->kind;
	s->began = true;
	if (info->kind == EXPORT_ADHERENTS) {
		/* A registry replaces the whole of lecap.adherent: never obsolete. */
		ret = group_open(b);
		if (ret == LECAP_OK)
			ret = group_reserve(b);
		if (ret == LECAP_OK)
			s->fichier_id = b->ids[b->nkept][0];
		return ret;
	}
	if (!export_field_timestamp_epoch(info->horodatage, &epoch))
		return log_fail(LECAP_IO, "horodatage inattendu : %s", info->horodatage);
	e = latest_get(&b->latest, key);
	if (e && e->epoch >= epoch) {
		s->obsolete = true;
		return EXPORT_SINK_SKIP;
	}
	ret = group_open(b);
	if (ret == LECAP_OK)
		ret = group_reserve(b);
	if (ret != LECAP_OK)
		return ret;
	s->fichier_id = b->ids[b->nkept][0];
	s->eval_id = b->ids[b->nkept][1];
	s->plan_id = b->ids[b->nkept][2];
	if (info->kind == EXPORT_REPONSES) {
		struct cbuf *c = &s->evaluation;
		copybuf_int(c, s->eval_id); copybuf_raw(c, "\t", 1);
		copybuf_str(c, info->siret); copybuf_raw(c, "\t", 1);
		copybuf_int(c, info->campagne); copybuf_raw(c, "\t", 1);
		copybuf_text(c, ref_version(b->ref)); copybuf_raw(c, "\t", 1);
		copybuf_text(c, info->raison_sociale); copybuf_raw(c, "\t", 1);
		copybuf_str(c, info->region); copybuf_raw(c, "\t", 1);
		copybuf_text(c, info->type_structure); copybuf_raw(c, "\t", 1);
		copybuf_str(c, info->date_evaluation); copybuf_raw(c, "\t", 1);
		copybuf_str(c, info->horodatage); copybuf_raw(c, "\t", 1);
		copybuf_int(c, s->fichier_id); copybuf_raw(c, "\n", 1);
		c = &s->entreprise;
		copybuf_str(c, info->siret); copybuf_raw(c, "\t", 1);
		copybuf_text(c, info->raison_sociale); copybuf_raw(c, "\t", 1);
		copybuf_str(c, info->region); copybuf_raw(c, "\t", 1);
		copybuf_text(c, info->type_structure); copybuf_raw(c, "\t", 1);
		copybuf_int(c, info->campagne); copybuf_raw(c, "\n", 1);
		/* A file alone in its group streams its answers as they are read. */
		if (s->alone)
			return group_copy(b);
	} else {
		struct cbuf *c = &s->plan;
		copybuf_int(c, s->plan_id); copybuf_raw(c, "\t", 1);
		copybuf_str(c, info->siret); copybuf_raw(c, "\t", 1);
		copybuf_int(c, info->campagne); copybuf_raw(c, "\t", 1);
		copybuf_text(c, ref_version(b->ref)); copybuf_raw(c, "\t", 1);
		copybuf_str(c, info->horodatage); copybuf_raw(c, "\t", 1);
		copybuf_int(c, s->fichier_id); copybuf_raw(c, "\n", 1);
	}
	return LECAP_OK;
}

static int on_reponse(void *arg, const struct export_reponse *row)
{
	ingest_batch *b = arg;
	struct staged *s = &b->st;
	char prefix[48];
	size_t plen = (size_t)snprintf(prefix, sizeof(prefix), "%lld\t%d\t", s->eval_id, row->numero);

	if (!copybuf_reponse_rows(&s->repondant, s->alone ? &b->stream : &s->reponse, prefix, plen, row,
			     ref_version(b->ref), ref_count(b->ref, REF_INDICATEUR)))
		return log_fail(LECAP_IO, "mémoire insuffisante");
	return s->alone ? stream_flush(b, false) : LECAP_OK;
}

static int on_action(void *arg, const struct export_action *row)
{
	ingest_batch *b = arg;
	struct staged *s = &b->st;
	char id[24];

	snprintf(id, sizeof(id), "%lld", (long long)s->plan_id);
	if (!copybuf_action_rows(&s->action, &s->offre, id, row))
		return log_fail(LECAP_IO, "mémoire insuffisante");
	return LECAP_OK;
}

static int on_adherent(void *arg, const struct export_adherent *row)
{
	ingest_batch *b = arg;
	struct cbuf *c = &b->st.adherent;

	copybuf_str(c, row->siret); copybuf_raw(c, "\t", 1);
	copybuf_text(c, row->raison_sociale); copybuf_raw(c, "\t", 1);
	copybuf_str(c, row->region); copybuf_raw(c, "\t", 1);
	copybuf_text(c, row->type_structure); copybuf_raw(c, "\t", 1);
	copybuf_str(c, row->date_adhesion ? row->date_adhesion : "\\N"); copybuf_raw(c, "\t", 1);
	copybuf_int(c, b->st.fichier_id); copybuf_raw(c, "\t", 1);
	copybuf_str(c, row->courriel_contact ? row->courriel_contact : "\\N"); copybuf_raw(c, "\n", 1);
	return c->oom ? log_fail(LECAP_IO, "mémoire insuffisante") : LECAP_OK;
}

/*
 * The registry's courriel_contact (lecap.contact_adherent, migration 030):
 * each address of the new registry is kept as given by the registry; the
 * state decided by hand (name, opt-out by lecap recipients remove) is left
 * alone. A member still in the registry whose registry address changed loses
 * the old one unless it was also added by hand; the addresses of members gone
 * from the registry (in the old registry, still in lecap.adherent, not in the
 * new one) get sorti_le and stay [diffusion] conservation days
 * (destinataire_erase_contacts). Runs before lecap.adherent is replaced.
 */
static int registry_contacts(pg_conn *conn)
{
	int ret = pg_exec(conn, "adresses de contact du registre",
			  "INSERT INTO lecap.contact_adherent AS c (siret, email, du_registre) "
			  "SELECT DISTINCT siret, courriel, true FROM adherent_lot WHERE courriel IS NOT NULL "
			  "ON CONFLICT (siret, email) DO UPDATE SET du_registre = true");
	if (ret == LECAP_OK)
		ret = pg_exec(conn, "adresses de contact retirées du registre",
			      "DELETE FROM lecap.contact_adherent c USING adherent_lot l "
			      "WHERE c.siret = l.siret AND c.du_registre AND NOT c.manuel "
			      "AND c.email IS DISTINCT FROM l.courriel");
	if (ret == LECAP_OK)
		ret = pg_exec(conn, "adresses de contact retirées du registre",
			      "UPDATE lecap.contact_adherent c SET du_registre = false FROM adherent_lot l "
			      "WHERE c.siret = l.siret AND c.du_registre AND c.email IS DISTINCT FROM l.courriel");
	/* Gone from the registry: in the old one, not in the new one. Back in it: kept. */
	if (ret == LECAP_OK)
		ret = pg_exec(conn, "adhérents sortis du registre",
			      "UPDATE lecap.contact_adherent c SET sorti_le = current_date "
			      "WHERE c.sorti_le IS NULL AND EXISTS (SELECT 1 FROM lecap.adherent a WHERE a.siret = c.siret) "
			      "AND NOT EXISTS (SELECT 1 FROM adherent_lot l WHERE l.siret = c.siret)");
	if (ret == LECAP_OK)
		ret = pg_exec(conn, "adhérents revenus au registre",
			      "UPDATE lecap.contact_adherent c SET sorti_le = NULL "
			      "WHERE c.sorti_le IS NOT NULL AND EXISTS (SELECT 1 FROM adherent_lot l WHERE l.siret = c.siret)");
	return ret;
}

static void staged_clear(struct staged *s)
{
	struct cbuf *all[] = {&s->reponse, &s->repondant, &s->evaluation, &s->entreprise,
			      &s->plan, &s->action, &s->offre, &s->adherent};
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		/* Keep the memory for the next file, unless a big file grew it. */
		if (all[i]->cap > 4 * FLUSH_AT)
			copybuf_release(all[i]);
		all[i]->len = 0;
		all[i]->oom = false;
	}
	s->obsolete = s->began = s->alone = false;
	s->kind = EXPORT_UNKNOWN;
}

int ingest_batch_new(pg_conn *conn, const ref_set *ref, long long execution_id, ingest_batch **out)
{
	ingest_batch *b = calloc(1, sizeof(*b));
	int ret;

	*out = NULL;
	if (!b)
		return log_fail(LECAP_IO, "mémoire insuffisante");
	b->conn = conn;
	b->ref = ref;
	snprintf(b->exec_id, sizeof(b->exec_id), "%lld", execution_id);
	b->sink.arg = b;
	b->sink.begin = on_begin;
	b->sink.reponse = on_reponse;
	b->sink.action = on_action;
	b->sink.adherent = on_adherent;
	ret = sender_start(b);
	if (ret == LECAP_OK)
		ret = load_latest(b);
	if (ret == LECAP_OK)
		ret = pg_exec(conn, "création de la table de travail des entreprises",
			      "CREATE TEMP TABLE IF NOT EXISTS entreprise_lot (siret text, raison_sociale text, "
			      "region text, type_structure text, campagne int) ON COMMIT DELETE ROWS");
	if (ret == LECAP_OK)
		ret = pg_exec(conn, "création de la table de travail du registre",
			      "CREATE TEMP TABLE IF NOT EXISTS adherent_lot (siret text, raison_sociale text, "
			      "region text, type_structure text, date_adhesion date, fichier_id bigint, "
			      "courriel text) ON COMMIT DELETE ROWS");
	if (ret != LECAP_OK) {
		ingest_batch_free(b);
		return ret;
	}
	*out = b;
	return LECAP_OK;
}

void ingest_batch_free(ingest_batch *b)
{
	if (!b)
		return;
	sender_wait(b);
	sender_stop(b);
	if (b->open && pg_ok(b->conn)) {
		if (b->copying)
			pg_copy_end(b->conn, "abandon");
		pg_rollback(b->conn);
	}
	struct cbuf *all[] = {&b->stream, &b->sending, &b->fichier, &b->records, &b->repondant, &b->evaluation,
			      &b->entreprise, &b->plan, &b->action, &b->offre, &b->del_eval_siret,
			      &b->del_eval_camp, &b->del_plan_siret, &b->del_plan_camp, &b->st.reponse, &b->st.repondant,
			      &b->st.evaluation, &b->st.entreprise, &b->st.plan, &b->st.action,
			      &b->st.offre, &b->adherent, &b->st.adherent};
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		copybuf_release(all[i]);
	free(b->latest.e);
	free(b->keys.e);
	free(b);
}

void ingest_batch_file_start(ingest_batch *b, const char *name, bool alone)
{
	b->name = name;
	staged_clear(&b->st);
	b->st.alone = alone;
}

const struct export_sink *ingest_batch_sink(ingest_batch *b) { return &b->sink; }
bool ingest_batch_file_obsolete(const ingest_batch *b) { return b->st.obsolete; }

bool ingest_batch_has_key(const ingest_batch *b, const struct export_info *info)
{
	return latest_get(&b->keys, pack_key(info->kind, info->siret, info->campagne)) != NULL;
}

bool ingest_batch_busy(const ingest_batch *b) { return b->copying; }

bool ingest_batch_full(const ingest_batch *b)
{
	return b->nkept >= GROUP_FILES || b->nfiles >= 8 * GROUP_FILES ||
	       b->fichier.len + b->records.len + b->repondant.len + b->action.len + b->offre.len +
		       b->adherent.len > GROUP_BYTES;
}

/* A lecap.fichier row: id, nom, sha256, taille, nature, siret, campagne,
 * horodatage_export, statut, cellules, messages, execution_id. */
static void fichier_row(ingest_batch *b, long long id, const char *name, const struct export_info *info,
			const char *statut, long cells, const char *messages)
{
	struct cbuf *c = id ? &b->fichier : &b->records;
	bool pf = info->kind == EXPORT_REPONSES || info->kind == EXPORT_PLAN;

	if (id) {
		copybuf_int(c, id);
		copybuf_raw(c, "\t", 1);
	}
	copybuf_text(c, name); copybuf_raw(c, "\t", 1);
	copybuf_opt(c, info->sha256[0] ? info->sha256 : NULL); copybuf_raw(c, "\t", 1);
	copybuf_int(c, info->size); copybuf_raw(c, "\t", 1);
	copybuf_str(c, export_read_kind_name(info->kind)); copybuf_raw(c, "\t", 1);
	copybuf_opt(c, pf && info->siret[0] ? info->siret : NULL); copybuf_raw(c, "\t", 1);
	if (pf && info->campagne)
		copybuf_int(c, info->campagne);
	else
		copybuf_str(c, "\\N");
	copybuf_raw(c, "\t", 1);
	copybuf_opt(c, pf && info->horodatage[0] ? info->horodatage : NULL); copybuf_raw(c, "\t", 1);
	copybuf_str(c, statut); copybuf_raw(c, "\t", 1);
	copybuf_int(c, cells); copybuf_raw(c, "\t", 1);
	copybuf_text(c, messages); copybuf_raw(c, "\t", 1);
	copybuf_str(c, b->exec_id); copybuf_raw(c, "\n", 1);
}

static void array_add(struct cbuf *c, const char *v)
{
	copybuf_raw(c, c->len ? "," : "{", 1);
	copybuf_str(c, v); /* SIRETs and years: digits only */
}

int ingest_batch_file_keep(ingest_batch *b, const struct export_info *info)
{
	struct staged *s = &b->st;
	uint64_t key = pack_key(info->kind, info->siret, info->campagne);
	char camp[8];
	double epoch = 0;
	int ret;

	export_field_timestamp_epoch(info->horodatage, &epoch);
	snprintf(camp, sizeof(camp), "%d", info->campagne);
	fichier_row(b, s->fichier_id, b->name, info, "integre",
		    info->kind == EXPORT_REPONSES ? info->cells : info->rows, "");
	if (info->kind == EXPORT_REPONSES) {
		ret = group_copy(b);
		if (ret != LECAP_OK)
			return ret;
		copybuf_raw(&b->stream, s->reponse.p, s->reponse.len);
		copybuf_raw(&b->repondant, s->repondant.p, s->repondant.len);
		copybuf_raw(&b->evaluation, s->evaluation.p, s->evaluation.len);
		copybuf_raw(&b->entreprise, s->entreprise.p, s->entreprise.len);
		array_add(&b->del_eval_siret, info->siret);
		array_add(&b->del_eval_camp, camp);
		b->ndel_eval++;
	} else if (info->kind == EXPORT_ADHERENTS) {
		/* A later registry of the group replaces an earlier one whole, as
		 * if each had been applied in turn. */
		b->adherent.len = 0;
		copybuf_raw(&b->adherent, s->adherent.p, s->adherent.len);
		b->registry = true;
		b->nkept++;
		b->nfiles++;
		return s->adherent.oom || b->adherent.oom ? log_fail(LECAP_IO, "mémoire insuffisante") : LECAP_OK;
	} else {
		copybuf_raw(&b->plan, s->plan.p, s->plan.len);
		copybuf_raw(&b->action, s->action.p, s->action.len);
		copybuf_raw(&b->offre, s->offre.p, s->offre.len);
		array_add(&b->del_plan_siret, info->siret);
		array_add(&b->del_plan_camp, camp);
		b->ndel_plan++;
	}
	b->nkept++;
	b->nfiles++;
	if (latest_set(&b->latest, key, epoch) != 0 || latest_set(&b->keys, key, epoch) != 0 ||
	    s->reponse.oom || s->repondant.oom || s->action.oom || s->offre.oom)
		return log_fail(LECAP_IO, "mémoire insuffisante");
	ret = stream_flush(b, false);
	return ret;
}

int ingest_batch_record(ingest_batch *b, const char *name, const struct export_info *info, const char *statut,
		 const char *messages)
{
	int ret = group_open(b);
	if (ret != LECAP_OK)
		return ret;
	fichier_row(b, 0, name, info, statut, 0, messages);
	b->nfiles++;
	return b->records.oom ? log_fail(LECAP_IO, "mémoire insuffisante") : LECAP_OK;
}


static int copy_buf(ingest_batch *b, const char *purpose, const char *sql, struct cbuf *c)
{
	int ret;
	if (c->oom)
		return log_fail(LECAP_IO, "mémoire insuffisante");
	if (c->len == 0)
		return LECAP_OK;
	ret = pg_copy_begin(b->conn, purpose, sql);
	if (ret == LECAP_OK)
		ret = pg_copy_put(b->conn, c->p, c->len);
	if (ret == LECAP_OK)
		ret = pg_copy_end(b->conn, NULL);
	else
		pg_copy_end(b->conn, "abandon");
	return ret;
}

static void group_reset(ingest_batch *b)
{
	struct cbuf *all[] = {&b->stream, &b->fichier, &b->records, &b->repondant, &b->evaluation,
			      &b->entreprise, &b->plan, &b->action, &b->offre, &b->del_eval_siret,
			      &b->del_eval_camp, &b->del_plan_siret, &b->del_plan_camp, &b->adherent};
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		if (all[i]->cap > 4 * FLUSH_AT)
			copybuf_release(all[i]);
		all[i]->len = 0;
	}
	b->nfiles = b->nkept = b->ndel_eval = b->ndel_plan = 0;
	b->reserved = b->copying = b->registry = false;
	free(b->keys.e);
	memset(&b->keys, 0, sizeof(b->keys));
	b->open = false;
}

/* Closes a cbuf holding a PostgreSQL array literal ("{…}") into a C string. */
static const char *array_close(struct cbuf *c)
{
	copybuf_raw(c, "}", 1);
	copybuf_raw(c, "", 1); /* NUL-terminate */
	return c->p;
}

/* Deletes the evaluations and plans that the group's files replace. */
static int flush_replaced(ingest_batch *b)
{
	int ret = LECAP_OK;

	if (b->ndel_eval) {
		const char *p[2] = {array_close(&b->del_eval_siret), array_close(&b->del_eval_camp)};
		ret = pg_command(b->conn, "remplacement des évaluations précédentes",
				 "WITH old AS (SELECT e.id FROM lecap.evaluation e JOIN unnest($1::text[], $2::int[]) "
				 "AS k(siret, campagne) USING (siret, campagne)), "
				 "r AS (DELETE FROM lecap.reponse WHERE evaluation_id IN (SELECT id FROM old)) "
				 "DELETE FROM lecap.evaluation WHERE id IN (SELECT id FROM old)", 2, p);
	}
	if (ret == LECAP_OK && b->ndel_plan) {
		const char *p[2] = {array_close(&b->del_plan_siret), array_close(&b->del_plan_camp)};
		ret = pg_command(b->conn, "remplacement des plans précédents",
				 "DELETE FROM lecap.plan p USING unnest($1::text[], $2::int[]) AS k(siret, campagne) "
				 "WHERE p.siret = k.siret AND p.campagne = k.campagne", 2, p);
	}
	return ret;
}

/* A new registry of members replaces the old one. */
static int flush_registry(ingest_batch *b)
{
	/* The contacts first: they compare the new registry with the old. */
	int ret = copy_buf(b, "chargement des adhérents", "COPY adherent_lot FROM STDIN", &b->adherent);

	if (ret == LECAP_OK)
		ret = registry_contacts(b->conn);
	if (ret == LECAP_OK)
		ret = pg_exec(b->conn, "remplacement du registre des adhérents", "DELETE FROM lecap.adherent");
	if (ret == LECAP_OK)
		ret = pg_exec(b->conn, "chargement des adhérents",
			      "INSERT INTO lecap.adherent (siret, raison_sociale, region, type_structure, "
			      "date_adhesion, fichier_id) SELECT siret, raison_sociale, region, type_structure, "
			      "date_adhesion, fichier_id FROM adherent_lot");
	return ret;
}

/* The enterprise keeps the description of its latest campaign. */
static int flush_entreprises(ingest_batch *b)
{
	int ret = copy_buf(b, "chargement des entreprises", "COPY entreprise_lot FROM STDIN", &b->entreprise);

	if (ret == LECAP_OK)
		ret = pg_exec(b->conn, "mise à jour des entreprises",
			      "INSERT INTO lecap.entreprise AS e (siret, raison_sociale, region, type_structure) "
			      "SELECT DISTINCT ON (siret) siret, raison_sociale, region, type_structure "
			      "FROM entreprise_lot l WHERE NOT EXISTS (SELECT 1 FROM lecap.evaluation v "
			      "WHERE v.siret = l.siret AND v.campagne > l.campagne) "
			      "ORDER BY siret, campagne DESC "
			      "ON CONFLICT (siret) DO UPDATE SET raison_sociale = excluded.raison_sociale, "
			      "region = excluded.region, type_structure = excluded.type_structure");
	return ret;
}

/* The evaluations, respondents, plans, actions and offers of the group. */
static int flush_evaluations_plans(ingest_batch *b)
{
	int ret = copy_buf(b, "chargement des évaluations",
			   "COPY lecap.evaluation (id, siret, campagne, version_referentiel, raison_sociale, "
			   "region, type_structure, date_evaluation, horodatage_export, fichier_id) FROM STDIN",
			   &b->evaluation);

	if (ret == LECAP_OK)
		ret = copy_buf(b, "chargement des répondants",
			       "COPY lecap.repondant (evaluation_id, numero, pseudonyme, college) FROM STDIN",
			       &b->repondant);
	if (ret == LECAP_OK)
		ret = copy_buf(b, "chargement des plans",
			       "COPY lecap.plan (id, siret, campagne, version_referentiel, horodatage_export, "
			       "fichier_id) FROM STDIN", &b->plan);
	if (ret == LECAP_OK)
		ret = copy_buf(b, "chargement des actions des plans",
			       "COPY lecap.plan_action (plan_id, numero, objectif, action, priorite, responsable, "
			       "echeance, statut) FROM STDIN", &b->action);
	if (ret == LECAP_OK)
		ret = copy_buf(b, "chargement des offres des actions",
			       "COPY lecap.plan_action_offre (plan_id, numero, offre) FROM STDIN", &b->offre);
	return ret;
}

int ingest_batch_flush(ingest_batch *b)
{
	int ret = LECAP_OK;

	if (!b->open)
		return LECAP_OK;
	if (b->copying) {
		ret = stream_flush(b, true);
		if (ret == LECAP_OK)
			ret = pg_copy_end(b->conn, NULL);
		b->copying = false;
	}
	if (ret == LECAP_OK)
		ret = flush_replaced(b);
	if (ret == LECAP_OK)
		ret = copy_buf(b, "enregistrement des fichiers",
			       "COPY lecap.fichier (id, nom, sha256, taille, nature, siret, campagne, "
			       "horodatage_export, statut, cellules, messages, execution_id) FROM STDIN", &b->fichier);
	if (ret == LECAP_OK)
		ret = copy_buf(b, "enregistrement des fichiers non appliqués",
			       "COPY lecap.fichier (nom, sha256, taille, nature, siret, campagne, "
			       "horodatage_export, statut, cellules, messages, execution_id) FROM STDIN", &b->records);
	if (ret == LECAP_OK && b->registry)
		ret = flush_registry(b);
	if (ret == LECAP_OK && b->entreprise.len)
		ret = flush_entreprises(b);
	if (ret == LECAP_OK)
		ret = flush_evaluations_plans(b);
	if (ret == LECAP_OK)
		ret = pg_commit(b->conn);
	if (ret != LECAP_OK) {
		pg_rollback(b->conn);
		b->open = false;
		return ret;
	}
	group_reset(b);
	return LECAP_OK;
}

void ingest_batch_file_drop(ingest_batch *b)
{
	if (!b->st.alone || !b->open)
		return;
	sender_wait(b);
	if (pg_ok(b->conn)) {
		if (b->copying)
			pg_copy_end(b->conn, "fichier rejeté");
		pg_rollback(b->conn);
	}
	group_reset(b);
}
