/* The evaluated members of a campaign as a typed list; see member_list.h. */
#include "report/member_list.h"
#include "io/pg.h"
#include "report/report_data.h"

#include "base/log.h"
#include "base/signals.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int member_list_fill(pg_conn *c, int campagne, const char *region, const char *siret, const char *sirets,
			    struct member_list *out)
{
	int ret;

	*out = (struct member_list){0};
	if (!(out->rows = calloc(1, sizeof *out->rows)))
		return log_fail(LECAP_IO, "mémoire insuffisante");
	if ((ret = rd_members(c, campagne, region, siret, sirets, &out->rows->r)) != LECAP_OK)
		return ret;
	int n = pg_ntuples(out->rows->r);
	if (n > 0 && !(out->v = calloc((size_t)n, sizeof *out->v)))
		return log_fail(LECAP_IO, "mémoire insuffisante");
	for (; out->n < n; out->n++)
		member_data_member(&out->v[out->n], out->rows->r, out->n);
	return LECAP_OK;
}

int member_list_read(pg_conn *c, int campagne, const char *region, const char *siret, struct member_list *out)
{
	return member_list_fill(c, campagne, region, siret, NULL, out);
}

void member_list_free(struct member_list *l)
{
	if (l->rows)
		pg_result_free(l->rows->r);
	free(l->rows);
	free(l->v);
	*l = (struct member_list){0};
}

enum { MI_SIRET, MI_REGION, MI_ENTREES, MI_A_JOUR };

int member_list_inputs(pg_conn *c, int campagne, const char *facts, struct member_inputs *out)
{
	char year[16];
	const char *params[] = {year, facts};
	int ret;

	*out = (struct member_inputs){0};
	snprintf(year, sizeof year, "%d", campagne);
	if ((ret = pg_query(c, "empreinte des entrées des photographies",
			    "SELECT siret, region, entrees, coalesce(a_jour, false)"
			    "  FROM lecap.photographie_entrees($1::int, $2::text)",
			    2, params, &out->r)) != LECAP_OK)
		return ret;
	int n = pg_ntuples(out->r);
	if (n > 0 && !(out->v = calloc((size_t)n, sizeof *out->v)))
		return log_fail(LECAP_IO, "mémoire insuffisante");
	for (; out->n < n; out->n++) {
		struct member_input *m = &out->v[out->n];
		m->siret = rd_str(out->r, out->n, MI_SIRET);
		m->region = rd_str(out->r, out->n, MI_REGION);
		m->entrees = rd_str(out->r, out->n, MI_ENTREES);
		m->a_jour = rd_bool(out->r, out->n, MI_A_JOUR);
	}
	return LECAP_OK;
}

void member_list_inputs_free(struct member_inputs *in)
{
	pg_result_free(in->r);
	free(in->v);
	*in = (struct member_inputs){0};
}

struct member_inputs_job {
	struct pg_conn *like, *own; /* own: the job's session */
	int campagne;
	char *facts;
	struct member_inputs in;
	int ret;
	pthread_t thread;
	bool started;
};

static void *member_list_inputs_run(void *arg)
{
	struct member_inputs_job *job = arg;

	job->ret = member_list_inputs(job->own, job->campagne, job->facts, &job->in);
	return NULL;
}

int member_list_inputs_start(struct pg_conn *like, int campagne, const char *facts, struct member_inputs_job **out)
{
	struct member_inputs_job *job = calloc(1, sizeof *job);
	int ret;

	*out = NULL;
	if (!job || !(job->facts = strdup(facts))) {
		free(job);
		return log_fail(LECAP_IO, "mémoire insuffisante");
	}
	job->like = like;
	job->campagne = campagne;
	if ((ret = pg_connect_like(like, &job->own)) != LECAP_OK) {
		free(job->facts);
		free(job);
		return ret;
	}
	job->started = signals_thread_create(&job->thread, member_list_inputs_run, job) == 0;
	if (job->started)
		log_debug("photographies : empreinte des entrées lue sur une seconde session, pendant que la première "
			  "continue");
	else
		log_debug("photographies : fil non démarré, empreinte des entrées lue ensuite sur la première session");
	*out = job;
	return LECAP_OK;
}

int member_list_inputs_finish(struct member_inputs_job *job, struct member_inputs *out)
{
	int ret;

	if (job->started)
		pthread_join(job->thread, NULL);
	else
		job->ret = member_list_inputs(job->like, job->campagne, job->facts, &job->in);
	*out = job->in;
	ret = job->ret;
	pg_close(job->own);
	free(job->facts);
	free(job);
	return ret;
}

/* Which members an array literal holds. */
enum member_list_which { ML_ALL, ML_MARKED, ML_CHANGED };

/* An array literal of the members' SIRETs (col 0) or digests (col 1), of those which says; digits and hex
 * digits need no quoting. NULL when out of memory (logged). */
static char *member_list_array(const struct member_inputs *in, int col, enum member_list_which which)
{
	size_t size = 3 + (size_t)in->n * 34, len = 1;
	char *s = malloc(size);

	if (!s) {
		log_error("mémoire insuffisante");
		return NULL;
	}
	s[0] = '{';
	for (int i = 0; i < in->n; i++) {
		if ((which == ML_MARKED && !in->v[i].read) || (which == ML_CHANGED && in->v[i].a_jour))
			continue;
		const char *v = col == 0 ? in->v[i].siret : in->v[i].entrees;
		size_t n = strlen(v);
		if (len + n + 3 > size) { /* a value longer than a digest: never, but never overflow */
			free(s);
			log_error("empreinte inattendue pour %s", in->v[i].siret);
			return NULL;
		}
		if (len > 1)
			s[len++] = ',';
		memcpy(s + len, v, n);
		len += n;
	}
	s[len++] = '}';
	s[len] = '\0';
	return s;
}

int member_list_read_marked(pg_conn *c, int campagne, const struct member_inputs *in, struct member_list *out)
{
	int ret, n = 0;
	char *sirets = NULL;

	*out = (struct member_list){0};
	for (int i = 0; i < in->n; i++)
		n += in->v[i].read;
	/* all of them (--all, a first night): no list to send */
	if (n < in->n && !(sirets = member_list_array(in, 0, ML_MARKED)))
		return LECAP_IO;
	ret = member_list_fill(c, campagne, NULL, NULL, sirets, out);
	free(sirets);
	return ret;
}

int member_list_record(pg_conn *c, int campagne, const struct member_inputs *in)
{
	char year[16];
	char *all = member_list_array(in, 0, ML_ALL);
	char *sirets = NULL, *entrees = NULL;
	int ret = LECAP_IO;

	snprintf(year, sizeof year, "%d", campagne);
	/* only the changed digests are written: the records of the others already hold */
	if (!all || !(sirets = member_list_array(in, 0, ML_CHANGED)) ||
	    !(entrees = member_list_array(in, 1, ML_CHANGED)))
		goto cleanup;
	const char *forget[] = {year, all};
	const char *upsert[] = {year, sirets, entrees};
	/* an anti-join: « siret <> ALL (array) » compared every record with every member (37-40 ms at 10,000) */
	if ((ret = pg_command(c, "oubli des entrées des photographies disparues",
			      "DELETE FROM lecap.photographie_entree p"
			      " WHERE p.campagne = $1::int"
			      "   AND NOT EXISTS (SELECT 1 FROM unnest($2::text[]) AS u(s) WHERE u.s = p.siret)",
			      2, forget)) != LECAP_OK)
		goto cleanup;
	ret = pg_command(c, "enregistrement des entrées des photographies",
			 "INSERT INTO lecap.photographie_entree (campagne, siret, entrees)"
			 " SELECT $1::int, s, e FROM unnest($2::text[], $3::text[]) AS u(s, e)"
			 " ON CONFLICT (campagne, siret) DO UPDATE SET entrees = excluded.entrees",
			 3, upsert);
cleanup:
	free(all);
	free(sirets);
	free(entrees);
	return ret;
}
