/* The delegates' digest: what moved in a region, as French text; see synthese.h. */
#include "diffusion/synthese.h"

#include "base/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Parameters of the period's queries: $1 campagne, $2 region, $3 and $4
 * the file ids bounding the period. */
struct period_params {
	char year[16], from[32], to[32];
	const char *v[4];
};

static void period_params_init(struct period_params *pp, const struct synthese_period *p)
{
	snprintf(pp->year, sizeof(pp->year), "%d", p->campagne);
	snprintf(pp->from, sizeof(pp->from), "%lld", p->fichier_from);
	snprintf(pp->to, sizeof(pp->to), "%lld", p->fichier_to);
	pp->v[0] = pp->year;
	pp->v[1] = p->region;
	pp->v[2] = pp->from;
	pp->v[3] = pp->to;
}

static void day_text(time_t t, char out[16])
{
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(out, 16, "%d/%m/%Y", &tm);
}

void synthese_subject(const struct synthese_period *p, char *out, size_t size)
{
	char a[16], b[16];

	day_text(p->since, a);
	day_text(p->until, b);
	snprintf(out, size, "Le Cap — synthèse %s — du %s au %s", p->label, a, b);
}

static int one_id(pg_conn *conn, const char *purpose, const char *sql, int n, const char *const *params,
		  long long *id)
{
	pg_result *res = NULL;
	int ret = pg_query(conn, purpose, sql, n, params, &res);

	if (ret != LECAP_OK)
		return ret;
	*id = atoll(pg_value(res, 0, 0));
	pg_result_free(res);
	return LECAP_OK;
}

int synthese_file_at(pg_conn *conn, time_t t, long long *id)
{
	char epoch[32];
	const char *params[1] = {epoch};

	snprintf(epoch, sizeof(epoch), "%lld", (long long)t);
	return one_id(conn, "début de la période de la synthèse",
		      "SELECT coalesce(max(id), 0) FROM lecap.fichier WHERE recu_le <= to_timestamp($1::bigint)", 1,
		      params, id);
}

int synthese_file_max(pg_conn *conn, long long *id)
{
	return one_id(conn, "dernier fichier reçu", "SELECT coalesce(max(id), 0) FROM lecap.fichier", 0, NULL, id);
}

/* Columns of the evaluations' query. */
enum { EV_SIRET, EV_RAISON, EV_MOVED, EV_HAD, EV_EXPORT, EV_DATE, EV_PLAN_MOVED, EV_HAD_PLAN, EV_PLAN_EXPORT };

/* The region's evaluations of the campaign whose export or plan arrived in
 * the period, with whether an earlier version was integrated before it. */
static int moved_query(pg_conn *conn, const struct period_params *pp, pg_result **res)
{
	return pg_query(conn, "lecture des évaluations de la période",
			"SELECT e.siret, e.raison_sociale, fe.id > $3::bigint AND fe.id <= $4::bigint, "
			"EXISTS (SELECT 1 FROM lecap.fichier x WHERE x.nature = 'reponses' AND x.siret = e.siret "
			"  AND x.campagne = e.campagne AND x.statut IN ('integre', 'obsolete') AND x.id <= $3::bigint), "
			"to_char(e.horodatage_export, 'DD/MM/YYYY'), to_char(e.date_evaluation, 'DD/MM/YYYY'), "
			"coalesce(fp.id > $3::bigint AND fp.id <= $4::bigint, false), "
			"EXISTS (SELECT 1 FROM lecap.fichier x WHERE x.nature = 'plan' AND x.siret = e.siret "
			"  AND x.campagne = e.campagne AND x.statut IN ('integre', 'obsolete') AND x.id <= $3::bigint), "
			"coalesce(to_char(pl.horodatage_export, 'DD/MM/YYYY'), '') "
			"FROM lecap.evaluation e JOIN lecap.fichier fe ON fe.id = e.fichier_id "
			"LEFT JOIN lecap.plan pl ON pl.siret = e.siret AND pl.campagne = e.campagne "
			"LEFT JOIN lecap.fichier fp ON fp.id = pl.fichier_id "
			"WHERE e.campagne = $1::int AND e.region = $2 "
			"AND ((fe.id > $3::bigint AND fe.id <= $4::bigint) OR (fp.id > $3::bigint AND fp.id <= $4::bigint)) "
			"ORDER BY e.raison_sociale, e.siret",
			4, pp->v, res);
}

static bool is_true(const pg_result *r, int i, int col)
{
	return strcmp(pg_value(r, i, col), "t") == 0;
}

/* A new evaluation: its export is the period's and none came before. */
static bool is_new(const pg_result *r, int i)
{
	return is_true(r, i, EV_MOVED) && !is_true(r, i, EV_HAD);
}

/* "Photographies modifiées": what changed for each member, in words. */
static int write_changed(FILE *f, const pg_result *r)
{
	int n = 0;

	for (int i = 0; i < pg_ntuples(r); i++)
		n += !is_new(r, i);
	if (n == 0)
		return 0;
	fprintf(f, "Photographies modifiées (%d) :\n", n);
	for (int i = 0; i < pg_ntuples(r); i++) {
		bool eval = is_true(r, i, EV_MOVED), plan = is_true(r, i, EV_PLAN_MOVED);
		if (is_new(r, i))
			continue;
		fprintf(f, "- %s (SIRET %s) : ", pg_value(r, i, EV_RAISON), pg_value(r, i, EV_SIRET));
		if (eval)
			fprintf(f, "export corrigé du %s", pg_value(r, i, EV_EXPORT));
		if (plan)
			fprintf(f, "%s%s du %s", eval ? ", " : "",
				is_true(r, i, EV_HAD_PLAN) ? "plan de progrès corrigé" : "nouveau plan de progrès",
				pg_value(r, i, EV_PLAN_EXPORT));
		fprintf(f, "\n");
	}
	fprintf(f, "\n");
	return n;
}

/* "Nouvelles évaluations": the members whose first export came. */
static int write_new(FILE *f, const pg_result *r)
{
	int n = 0;

	for (int i = 0; i < pg_ntuples(r); i++)
		n += is_new(r, i);
	if (n == 0)
		return 0;
	fprintf(f, "Nouvelles évaluations (%d) :\n", n);
	for (int i = 0; i < pg_ntuples(r); i++)
		if (is_new(r, i))
			fprintf(f, "- %s (SIRET %s) : évaluation du %s\n", pg_value(r, i, EV_RAISON),
				pg_value(r, i, EV_SIRET), pg_value(r, i, EV_DATE));
	fprintf(f, "\n");
	return n;
}

/* The first line of a file's rejection reasons, "FILE:LINE:COLUMN: message"
 * stored, written as "LINE:COLUMN: message" (the file is named before it),
 * then how many more there are. */
static void write_first_reason(FILE *f, const char *file, const char *messages)
{
	size_t flen = strlen(file), l = strcspn(messages, "\n");
	const char *p = messages;
	int more = 0;

	for (const char *q = messages + l; *q; q++)
		if (*q == '\n' && q[1] && q[1] != '\n')
			more++;
	if (l > flen + 1 && strncmp(p, file, flen) == 0 && p[flen] == ':') {
		p += flen + 1;
		l -= flen + 1;
	}
	fprintf(f, "%.*s", (int)l, p);
	if (more > 0)
		fprintf(f, " (et %d autre%s problème%s)", more, more > 1 ? "s" : "", more > 1 ? "s" : "");
	fprintf(f, "\n");
}

/* "Fichiers rejetés": the period's rejected files of the region's members. */
static int write_rejected(pg_conn *conn, FILE *f, const struct period_params *pp, int *n)
{
	const char *params[3] = {pp->v[1], pp->v[2], pp->v[3]};
	pg_result *r = NULL;
	int ret = pg_query(conn, "lecture des fichiers rejetés de la période",
			   "SELECT f.nom, f.siret, coalesce(en.raison_sociale, ad.raison_sociale, ''), f.messages "
			   "FROM lecap.fichier f LEFT JOIN lecap.entreprise en ON en.siret = f.siret "
			   "LEFT JOIN lecap.adherent ad ON ad.siret = f.siret "
			   "WHERE f.statut = 'rejete' AND f.id > $2::bigint AND f.id <= $3::bigint "
			   "AND coalesce(en.region, ad.region) = $1 "
			   "ORDER BY f.id",
			   3, params, &r);

	if (ret != LECAP_OK)
		return ret;
	*n = pg_ntuples(r);
	if (*n > 0) {
		fprintf(f, "Fichiers rejetés (%d) :\n", *n);
		for (int i = 0; i < *n; i++) {
			const char *raison = pg_value(r, i, 2);
			fprintf(f, "- %s, %s%s(SIRET %s) : ", pg_value(r, i, 0), raison, *raison ? " " : "",
				pg_value(r, i, 1));
			write_first_reason(f, pg_value(r, i, 0), pg_value(r, i, 3));
		}
		fprintf(f, "\n");
	}
	pg_result_free(r);
	return LECAP_OK;
}

/* "Adhérents sans évaluation": the region's registry members not evaluated
 * this campaign. */
static int write_missing(pg_conn *conn, FILE *f, const struct period_params *pp)
{
	pg_result *r = NULL;
	int ret = pg_query(conn, "lecture des adhérents sans évaluation",
			   "SELECT a.siret, a.raison_sociale FROM lecap.adherent a WHERE a.region = $2 "
			   "AND NOT EXISTS (SELECT 1 FROM lecap.evaluation e WHERE e.siret = a.siret "
			   "AND e.campagne = $1::int) ORDER BY a.raison_sociale, a.siret",
			   2, pp->v, &r);

	if (ret != LECAP_OK)
		return ret;
	if (pg_ntuples(r) > 0) {
		fprintf(f, "Adhérents sans évaluation pour la campagne %s (%d) :\n", pp->year, pg_ntuples(r));
		for (int i = 0; i < pg_ntuples(r); i++)
			fprintf(f, "- %s (SIRET %s)\n", pg_value(r, i, 1), pg_value(r, i, 0));
		fprintf(f, "\n");
	}
	pg_result_free(r);
	return LECAP_OK;
}

static void write_frequency(FILE *f, int days)
{
	if (days == 1)
		fprintf(f, "au plus une fois par jour");
	else if (days == 7)
		fprintf(f, "au plus une fois par semaine");
	else if (days == 30)
		fprintf(f, "au plus une fois par mois");
	else
		fprintf(f, "au plus une fois tous les %d jours", days);
}

static void write_head(FILE *f, const struct synthese_period *p, const char *nom)
{
	char a[16], b[16];

	day_text(p->since, a);
	day_text(p->until, b);
	if (*nom)
		fprintf(f, "Bonjour %s,\n\n", nom);
	else
		fprintf(f, "Bonjour,\n\n");
	fprintf(f, "Voici ce qui a changé dans la région %s du %s au %s (campagne %d).\n\n", p->label, a, b,
		p->campagne);
}

static void write_foot(FILE *f, const struct synthese_period *p, const char *contact)
{
	fprintf(f, "Cette synthèse vous est envoyée par lecap, le traitement de nuit de COORACE, ");
	write_frequency(f, p->frequence);
	fprintf(f, ", quand il y a du nouveau dans votre région.\n");
	fprintf(f, "Pour ne plus la recevoir, écrivez à %s.\n", contact);
}

int synthese_body(pg_conn *conn, const struct synthese_period *p, const char *nom, const char *contact,
		  char **body)
{
	struct period_params pp;
	pg_result *moved = NULL;
	char *text = NULL;
	size_t len = 0;
	int news = 0, rejected = 0, ret;
	FILE *f = NULL;

	*body = NULL;
	period_params_init(&pp, p);
	ret = moved_query(conn, &pp, &moved);
	if (ret != LECAP_OK)
		goto cleanup;
	f = open_memstream(&text, &len);
	if (!f) {
		ret = log_fail(LECAP_IO, "mémoire insuffisante");
		goto cleanup;
	}
	write_head(f, p, nom);
	news += write_changed(f, moved);
	news += write_new(f, moved);
	ret = write_rejected(conn, f, &pp, &rejected);
	news += rejected;
	if (ret == LECAP_OK && news > 0)
		ret = write_missing(conn, f, &pp);
	if (ret != LECAP_OK)
		goto cleanup;
	write_foot(f, p, contact);
	if (fclose(f) != 0) {
		f = NULL;
		ret = log_fail(LECAP_IO, "mémoire insuffisante");
		goto cleanup;
	}
	f = NULL;
	if (news > 0) {
		*body = text;
		text = NULL;
	}
cleanup:
	if (f)
		fclose(f);
	free(text);
	pg_result_free(moved);
	return ret;
}
