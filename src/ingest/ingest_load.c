/* Applying one export through COPY while it is read; see ingest_load.h. */
#include "ingest/ingest_load.h"

#include "ingest/copybuf.h"
#include "base/exitcode.h"
#include "base/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bytes gathered before each pg_copy_put: large calls, few system calls. */
#define FLUSH_AT (1024 * 1024)

struct ingest_loader {
	pg_conn *conn;
	const ref_set *ref;
	char exec_id[24];
	const char *name;
	enum loader_state state;
	enum export_kind kind;
	char fichier_id[24];
	char target_id[24];    /* evaluation or plan id */
	struct cbuf stream;    /* the COPY in progress */
	struct cbuf later;     /* respondents or offers, sent at the end */
	struct export_sink sink;
};

static int fail(ingest_loader *l, int ret)
{
	l->state = LOADER_FAILED;
	return ret;
}

static int flush(ingest_loader *l, bool force)
{
	struct cbuf *b = &l->stream;
	if (b->oom)
		return fail(l, log_fail(LECAP_IO, "mémoire insuffisante pour charger %s", l->name));
	if (b->len == 0 || (!force && b->len < FLUSH_AT))
		return LECAP_OK;
	if (pg_copy_put(l->conn, b->p, b->len) != LECAP_OK)
		return fail(l, LECAP_DB);
	b->len = 0;
	return LECAP_OK;
}

/* Sends a whole buffer as one COPY. */
static int copy_all(ingest_loader *l, const char *purpose, const char *sql, struct cbuf *b)
{
	int ret;
	if (b->oom)
		return fail(l, log_fail(LECAP_IO, "mémoire insuffisante pour charger %s", l->name));
	if (b->len == 0)
		return LECAP_OK;
	ret = pg_copy_begin(l->conn, purpose, sql);
	if (ret == LECAP_OK)
		ret = pg_copy_put(l->conn, b->p, b->len);
	if (ret == LECAP_OK)
		ret = pg_copy_end(l->conn, NULL);
	else
		pg_copy_end(l->conn, "abandon");
	b->len = 0;
	return ret == LECAP_OK ? LECAP_OK : fail(l, ret);
}

/* Runs ouvrir_evaluation or ouvrir_plan: "{fichier,cible}" or NULL. */
static int open_target(ingest_loader *l, const char *purpose, const char *sql, int n,
		       const char *const *params)
{
	pg_result *res;
	int ret = pg_query(l->conn, purpose, sql, n, params, &res);
	if (ret != LECAP_OK)
		return fail(l, ret);
	if (pg_isnull(res, 0, 0)) {
		pg_result_free(res);
		return EXPORT_SINK_SKIP;
	}
	if (sscanf(pg_value(res, 0, 0), "{%23[0-9],%23[0-9]}", l->fichier_id, l->target_id) != 2) {
		pg_result_free(res);
		return fail(l, log_fail(LECAP_DB, "réponse inattendue de %s", purpose));
	}
	pg_result_free(res);
	return LECAP_OK;
}

static int on_begin(void *arg, const struct export_info *info)
{
	ingest_loader *l = arg;
	char size[24], camp[8];
	int ret;

	snprintf(size, sizeof(size), "%lld", info->size);
	snprintf(camp, sizeof(camp), "%d", info->campagne);
	l->kind = info->kind;
	if (pg_begin(l->conn) != LECAP_OK)
		return fail(l, LECAP_DB);
	l->state = LOADER_OPEN;
	if (info->kind == EXPORT_REPONSES) {
		const char *p[12] = {l->name, info->sha256, size, l->exec_id, info->siret, camp,
				     info->horodatage, ref_version(l->ref), info->raison_sociale,
				     info->region, info->type_structure, info->date_evaluation};
		ret = open_target(l, "enregistrement de l'évaluation",
				  "SELECT lecap.ouvrir_evaluation($1, $2, $3, $4, $5, $6, $7, $8, $9, "
				  "$10, $11, $12)", 12, p);
		if (ret == LECAP_OK)
			ret = pg_copy_begin(l->conn, "chargement des réponses",
					    "COPY lecap.reponse (evaluation_id, repondant, indicateur, note) "
					    "FROM STDIN");
	} else if (info->kind == EXPORT_PLAN) {
		const char *p[8] = {l->name, info->sha256, size, l->exec_id, info->siret, camp,
				    info->horodatage, ref_version(l->ref)};
		ret = open_target(l, "enregistrement du plan de progrès",
				  "SELECT lecap.ouvrir_plan($1, $2, $3, $4, $5, $6, $7, $8)", 8, p);
		if (ret == LECAP_OK)
			ret = pg_copy_begin(l->conn, "chargement des actions du plan",
					    "COPY lecap.plan_action (plan_id, numero, objectif, action, "
					    "priorite, responsable, echeance, statut) FROM STDIN");
	} else {
		const char *p[4] = {l->name, info->sha256, size, l->exec_id};
		pg_result *res;
		ret = pg_query(l->conn, "enregistrement du fichier des adhérents",
			       "INSERT INTO lecap.fichier (nom, sha256, taille, nature, statut, execution_id) "
			       "VALUES ($1, $2, $3, 'adherents', 'integre', $4) RETURNING id", 4, p, &res);
		if (ret == LECAP_OK) {
			snprintf(l->fichier_id, sizeof(l->fichier_id), "%s", pg_value(res, 0, 0));
			pg_result_free(res);
			ret = pg_exec(l->conn, "remplacement du registre des adhérents",
				      "DELETE FROM lecap.adherent");
		}
		if (ret == LECAP_OK)
			ret = pg_copy_begin(l->conn, "chargement des adhérents",
					    "COPY lecap.adherent (siret, raison_sociale, region, type_structure, "
					    "date_adhesion, fichier_id) FROM STDIN");
	}
	if (ret == EXPORT_SINK_SKIP) {
		pg_rollback(l->conn);
		l->state = LOADER_OBSOLETE;
		return EXPORT_SINK_SKIP;
	}
	if (ret != LECAP_OK)
		return fail(l, ret);
	return LECAP_OK;
}

static int on_reponse(void *arg, const struct export_reponse *row)
{
	ingest_loader *l = arg;
	char prefix[64];
	size_t plen = (size_t)snprintf(prefix, sizeof(prefix), "%s\t%d\t", l->target_id, row->numero);

	/* The respondent goes later, once every answer is in. An allocation
	 * failure sets the buffer's oom, which flush() reports. */
	if (!cb_reponse_rows(&l->later, &l->stream, prefix, plen, row))
		return flush(l, true);
	return flush(l, false);
}

static int on_action(void *arg, const struct export_action *row)
{
	ingest_loader *l = arg;

	/* Offers go later, once every action is in; flush() reports an
	 * allocation failure of the stream, copy_all() one of later. */
	cb_action_rows(&l->stream, &l->later, l->target_id, row);
	return flush(l, false);
}

static int on_adherent(void *arg, const struct export_adherent *row)
{
	ingest_loader *l = arg;
	struct cbuf *b = &l->stream;

	cb_str(b, row->siret);
	cb_raw(b, "\t", 1);
	cb_text(b, row->raison_sociale);
	cb_raw(b, "\t", 1);
	cb_str(b, row->region);
	cb_raw(b, "\t", 1);
	cb_text(b, row->type_structure);
	cb_raw(b, "\t", 1);
	cb_str(b, row->date_adhesion ? row->date_adhesion : "\\N");
	cb_raw(b, "\t", 1);
	cb_str(b, l->fichier_id);
	cb_raw(b, "\n", 1);
	return flush(l, false);
}

int loader_new(pg_conn *conn, const ref_set *ref, long long execution_id, ingest_loader **out)
{
	ingest_loader *l = calloc(1, sizeof(*l));
	if (!l)
		return log_fail(LECAP_IO, "mémoire insuffisante");
	l->conn = conn;
	l->ref = ref;
	snprintf(l->exec_id, sizeof(l->exec_id), "%lld", execution_id);
	l->sink.arg = l;
	l->sink.begin = on_begin;
	l->sink.reponse = on_reponse;
	l->sink.action = on_action;
	l->sink.adherent = on_adherent;
	*out = l;
	return LECAP_OK;
}

void loader_free(ingest_loader *l)
{
	if (!l)
		return;
	cb_release(&l->stream);
	cb_release(&l->later);
	free(l);
}

void loader_reset(ingest_loader *l, const char *name)
{
	l->name = name;
	l->state = LOADER_IDLE;
	l->kind = EXPORT_UNKNOWN;
	l->stream.len = l->later.len = 0;
	l->stream.oom = l->later.oom = false;
	l->fichier_id[0] = l->target_id[0] = '\0';
	/* Keep big buffers from one file to the next, but not a pathological one. */
	if (l->later.cap > 8 * FLUSH_AT) {
		free(l->later.p);
		l->later.p = NULL;
		l->later.cap = 0;
	}
}

const struct export_sink *loader_sink(ingest_loader *l) { return &l->sink; }
enum loader_state loader_state(const ingest_loader *l) { return l->state; }

int loader_finish(ingest_loader *l, const struct export_info *info)
{
	char cells[24];
	const char *p[2] = {l->fichier_id, cells};
	int ret;

	if (flush(l, true) != LECAP_OK)
		return LECAP_DB;
	if (pg_copy_end(l->conn, NULL) != LECAP_OK)
		return fail(l, LECAP_DB);
	if (l->kind == EXPORT_REPONSES)
		ret = copy_all(l, "chargement des répondants",
			       "COPY lecap.repondant (evaluation_id, numero, pseudonyme, college) FROM STDIN",
			       &l->later);
	else if (l->kind == EXPORT_PLAN)
		ret = copy_all(l, "chargement des offres des actions",
			       "COPY lecap.plan_action_offre (plan_id, numero, offre) FROM STDIN", &l->later);
	else
		ret = LECAP_OK;
	if (ret != LECAP_OK)
		return ret;
	snprintf(cells, sizeof(cells), "%ld", info->kind == EXPORT_REPONSES ? info->cells : info->rows);
	ret = pg_command(l->conn, "enregistrement du fichier", "UPDATE lecap.fichier SET cellules = $2 "
			 "WHERE id = $1", 2, p);
	return ret == LECAP_OK ? LECAP_OK : fail(l, ret);
}

void loader_abort(ingest_loader *l)
{
	if (l->state == LOADER_OPEN && pg_ok(l->conn)) {
		pg_copy_end(l->conn, "fichier rejeté");
		pg_rollback(l->conn);
	} else if (l->state == LOADER_FAILED) {
		pg_rollback(l->conn);
	}
	l->state = LOADER_IDLE;
}
