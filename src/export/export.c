/* The publication views as files; see export.h. */
#include "export/export.h"

#include "base/exitcode.h"
#include "base/log.h"
#include "io/csvwrite.h"
#include "io/xlsx.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The views exported, in this order, each with its natural order. $1 is the
 * campaign, $2 a region or NULL for all. */
static const struct view {
	const char *name;  /* of the view and of the CSV file */
	const char *sheet; /* of the xlsx sheet (31 characters at most) */
	const char *sql;
} views[] = {
	{"v_publication_participation", "participation",
	 "SELECT * FROM lecap.v_publication_participation WHERE campagne = $1 "
	 "AND ($2::text IS NULL OR region = $2) ORDER BY region"},
	{"v_publication_agregat", "agregat",
	 "SELECT * FROM lecap.v_publication_agregat WHERE campagne = $1 "
	 "AND ($2::text IS NULL OR region = $2) ORDER BY region, rang, code"},
	{"v_publication_agregat_type", "agregat_type",
	 "SELECT * FROM lecap.v_publication_agregat_type WHERE campagne = $1 "
	 "AND ($2::text IS NULL OR region = $2) ORDER BY region, type_structure, rang, code"},
	{"v_publication_score_college", "score_college",
	 "SELECT * FROM lecap.v_publication_score_college WHERE campagne = $1 "
	 "AND ($2::text IS NULL OR region = $2) ORDER BY region, rang_college, rang, code"},
	{"v_publication_repondants_college", "repondants_college",
	 "SELECT * FROM lecap.v_publication_repondants_college WHERE campagne = $1 "
	 "AND ($2::text IS NULL OR region = $2) ORDER BY region, rang_college, college"},
	{"v_publication_divergence", "divergence",
	 "SELECT * FROM lecap.v_publication_divergence WHERE campagne = $1 "
	 "AND ($2::text IS NULL OR region = $2) ORDER BY region, rang, sous_theme"},
	/* Consensus against individual ratings: the network only (region FR). */
	{"v_publication_consensus", "consensus",
	 "SELECT * FROM lecap.v_publication_consensus WHERE campagne = $1 "
	 "AND ($2::text IS NULL OR region = $2) ORDER BY rang, sous_theme"},
	{"v_publication_plan", "plan",
	 "SELECT * FROM lecap.v_publication_plan WHERE campagne = $1 "
	 "AND ($2::text IS NULL OR region = $2) ORDER BY region, rang, objectif"},
	{"v_publication_demande_offres", "demande_offres",
	 "SELECT * FROM lecap.v_publication_demande_offres WHERE campagne = $1 "
	 "AND ($2::text IS NULL OR region = $2) ORDER BY region, rang, offre"},
	/* The effect of progress plans: its secrecy decided by lecap.publier too. */
	{"v_effet_plan", "effet_plan",
	 "SELECT * FROM lecap.v_effet_plan WHERE campagne = $1 "
	 "AND ($2::text IS NULL OR region = $2) ORDER BY region, rang, code, rang_statut"},
	/* The regions below the threshold together: with the network (FR) and
	 * with each of its regions. */
	{"v_publication_regroupement", "regroupement",
	 "SELECT * FROM lecap.v_publication_regroupement WHERE campagne = $1 "
	 "AND ($2::text IS NULL OR $2 = 'FR' OR $2 = ANY (string_to_array(regions, ','))) ORDER BY rang, code"},
};
#define NVIEWS (sizeof(views) / sizeof(views[0]))

int export_parse_format(const char *text, enum export_format *out)
{
	if (strcmp(text, "csv") == 0)
		*out = EXPORT_CSV;
	else if (strcmp(text, "csv-rfc4180") == 0)
		*out = EXPORT_CSV_RFC4180;
	else if (strcmp(text, "xlsx") == 0)
		*out = EXPORT_XLSX;
	else
		return -1;
	return 0;
}

const char *export_neutralise(const char *text, char *out, size_t size)
{
	bool risky = strchr("=+-@\t\r", text[0]) != NULL && text[0] != '\0';

	snprintf(out, size, "%s%s", risky ? "'" : "", text);
	return out;
}

const char *export_number(const char *pg_text, int comma, char *out, size_t size)
{
	snprintf(out, size, "%s", pg_text);
	if (comma)
		for (char *p = out; *p; p++)
			if (*p == '.')
				*p = ',';
	return out;
}

static int make_dir(const char *path)
{
	if (mkdir(path, 0750) != 0 && errno != EEXIST)
		return log_fail(LECAP_IO, "%s : répertoire impossible à créer : %s", path, strerror(errno));
	return LECAP_OK;
}

/* Like the reports: 0640 whatever the umask (README, « Sorties »). */
static int restrict_mode(const char *path)
{
	if (chmod(path, 0640) != 0)
		return log_fail(LECAP_IO, "%s : droits impossibles à fixer : %s", path, strerror(errno));
	return LECAP_OK;
}

static int query_view(pg_conn *conn, const struct view *v, const char *year, const char *region,
		      pg_result **res)
{
	const char *params[2] = {year, region};
	char purpose[96];

	snprintf(purpose, sizeof(purpose), "lecture de lecap.%s", v->name);
	/* sql-constante: one of the constant queries of views[] */
	return pg_query(conn, purpose, v->sql, 2, params, res);
}

static int write_csv(pg_conn *conn, const struct export_params *p, const char *dir, const char *year,
		     int *files)
{
	bool fr = p->format == EXPORT_CSV;
	struct csvw_style style = {fr ? CSVW_UTF8_BOM : CSVW_UTF8, fr ? ';' : ',', true, false};
	int ret = LECAP_OK;

	for (size_t i = 0; ret == LECAP_OK && i < NVIEWS; i++) {
		pg_result *res = NULL;
		csv_writer *w = NULL;
		char path[4400], buf[4096];

		ret = query_view(conn, &views[i], year, p->region, &res);
		if (ret != LECAP_OK)
			break;
		snprintf(path, sizeof(path), "%s/%s.csv", dir, views[i].name);
		ret = csvw_open(path, &style, &w);
		if (ret != LECAP_OK) {
			pg_result_free(res);
			break;
		}
		for (int c = 0; c < pg_nfields(res); c++)
			csvw_field(w, pg_fname(res, c));
		csvw_end_row(w);
		for (int r = 0; r < pg_ntuples(res); r++) {
			for (int c = 0; c < pg_nfields(res); c++) {
				const char *v = pg_value(res, r, c);
				if (pg_isnull(res, r, c))
					csvw_field(w, "");
				else if (pg_fkind(res, c) == PG_NUMBER)
					csvw_field(w, export_number(v, fr, buf, sizeof(buf)));
				else if (pg_fkind(res, c) == PG_BOOL)
					csvw_field(w, strcmp(v, "t") == 0 ? (fr ? "oui" : "true") : (fr ? "non" : "false"));
				else
					csvw_field(w, export_neutralise(v, buf, sizeof(buf)));
			}
			csvw_end_row(w);
		}
		pg_result_free(res);
		ret = csvw_close(w);
		if (ret == LECAP_OK)
			ret = restrict_mode(path);
		if (ret == LECAP_OK)
			(*files)++;
	}
	return ret;
}

/* The « Lisez-moi » sheet: what the workbook is, then each view's comment
 * and its columns' comments. */
static int write_readme(pg_conn *conn, xlsx_book *b, const char *year, const char *region)
{
	xlsx_sheet *sh = xlsx_add_sheet(b, "Lisez-moi");
	pg_result *res = NULL;
	char line[512];
	int ret, row = 0;

	if (!sh)
		return log_fail(LECAP_IO, "feuille « Lisez-moi » impossible à créer");
	ret = pg_query(conn, "lecture des commentaires des vues de publication",
		       "SELECT c.relname, coalesce(obj_description(c.oid, 'pg_class'), ''), a.attname, "
		       "coalesce(col_description(c.oid, a.attnum), '') "
		       "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid "
		       "WHERE c.relnamespace = 'lecap'::regnamespace AND c.relkind = 'v' "
		       "AND c.relname LIKE 'v\\_publication\\_%' AND a.attnum > 0 AND NOT a.attisdropped "
		       "ORDER BY c.relname, a.attnum", 0, NULL, &res);
	if (ret != LECAP_OK)
		return ret;
	snprintf(line, sizeof(line), "Le Cap — résultats publiables de la campagne %s, %s", year,
		 strcmp(region, "FR") == 0 ? "tout le réseau (FR)" : region);
	ret = xlsx_header(b, sh, row++, 0, line);
	if (ret == LECAP_OK)
		ret = xlsx_text(sh, row++, 0, "Produit par lecap export depuis les vues de publication : une "
				"valeur vide avec une raison dans la colonne secret est couverte par le secret "
				"statistique.");
	row++;
	xlsx_col_width(sh, 0, 28);
	xlsx_col_width(sh, 1, 100);
	for (size_t i = 0; ret == LECAP_OK && i < NVIEWS; i++) {
		bool first = true;
		for (int r = 0; ret == LECAP_OK && r < pg_ntuples(res); r++) {
			if (strcmp(pg_value(res, r, 0), views[i].name) != 0)
				continue;
			if (first) {
				snprintf(line, sizeof(line), "feuille %s", views[i].sheet);
				ret = xlsx_header(b, sh, row, 0, line);
				if (ret == LECAP_OK)
					ret = xlsx_header(b, sh, row++, 1, pg_value(res, r, 1));
				first = false;
			}
			if (ret == LECAP_OK)
				ret = xlsx_text(sh, row, 0, pg_value(res, r, 2));
			if (ret == LECAP_OK)
				ret = xlsx_text(sh, row++, 1, pg_value(res, r, 3));
		}
		row++;
	}
	pg_result_free(res);
	return ret;
}

static int write_sheet(xlsx_book *b, const struct view *v, const pg_result *res)
{
	xlsx_sheet *sh = xlsx_add_sheet(b, v->sheet);
	char buf[4096];
	int ret = LECAP_OK;

	if (!sh)
		return log_fail(LECAP_IO, "feuille %s impossible à créer", v->sheet);
	for (int c = 0; ret == LECAP_OK && c < pg_nfields(res); c++) {
		ret = xlsx_header(b, sh, 0, c, pg_fname(res, c));
		xlsx_col_width(sh, c, pg_fkind(res, c) == PG_TEXT ? 22 : 14);
	}
	xlsx_freeze(sh, 1, 0);
	for (int r = 0; ret == LECAP_OK && r < pg_ntuples(res); r++)
		for (int c = 0; ret == LECAP_OK && c < pg_nfields(res); c++) {
			const char *val = pg_value(res, r, c);
			if (pg_isnull(res, r, c))
				continue;
			switch (pg_fkind(res, c)) {
			case PG_NUMBER: {
				/* numeric(p,s) gives its scale; a CASE loses it, but the
				 * text of a numeric keeps its digits. */
				int scale = pg_fscale(res, c);
				const char *dot = strchr(val, '.');
				if (scale < 0)
					scale = dot ? (int)strspn(dot + 1, "0123456789") : 0;
				ret = xlsx_number(b, sh, r + 1, c, strtod(val, NULL), scale);
				break;
			}
			case PG_BOOL:
				ret = xlsx_bool(sh, r + 1, c, strcmp(val, "t") == 0);
				break;
			default:
				ret = xlsx_text(sh, r + 1, c, export_neutralise(val, buf, sizeof(buf)));
			}
		}
	return ret;
}

static int write_xlsx(pg_conn *conn, const struct export_params *p, const char *dir, const char *year,
		      int *files)
{
	pg_result *regions = NULL;
	const char *params[2] = {year, p->region};
	int ret;

	ret = pg_query(conn, "liste des régions publiées",
		       "SELECT DISTINCT region FROM lecap.v_publication_participation WHERE campagne = $1 "
		       "AND ($2::text IS NULL OR region = $2) ORDER BY region", 2, params, &regions);
	for (int g = 0; ret == LECAP_OK && g < pg_ntuples(regions); g++) {
		const char *region = pg_value(regions, g, 0);
		xlsx_book *b = NULL;
		char path[4400];

		snprintf(path, sizeof(path), "%s/%s.xlsx", dir, region);
		ret = xlsx_open(path, &b);
		if (ret != LECAP_OK)
			break;
		ret = write_readme(conn, b, year, region);
		for (size_t i = 0; ret == LECAP_OK && i < NVIEWS; i++) {
			pg_result *res = NULL;
			ret = query_view(conn, &views[i], year, region, &res);
			if (ret == LECAP_OK)
				ret = write_sheet(b, &views[i], res);
			pg_result_free(res);
		}
		int r = xlsx_close(b);
		if (ret == LECAP_OK)
			ret = r;
		if (ret == LECAP_OK)
			ret = restrict_mode(path);
		if (ret == LECAP_OK)
			(*files)++;
	}
	pg_result_free(regions);
	return ret;
}

int export_run(pg_conn *conn, const struct export_params *p, int *files)
{
	pg_result *res = NULL;
	char year[16], dir[4096];
	const char *params[2];
	int ret;

	*files = 0;
	snprintf(year, sizeof(year), "%d", p->campagne);
	params[0] = p->campagne ? year : NULL;
	params[1] = p->region;
	/* The campaign (the latest published by default) and the region exist. */
	ret = pg_query(conn, "campagne publiée",
		       "SELECT coalesce($1::int, max(campagne))::text, "
		       "count(*) FILTER (WHERE campagne = coalesce($1::int, (SELECT max(campagne) FROM lecap.v_publication_participation)) "
		       " AND ($2::text IS NULL OR region = $2)) "
		       "FROM lecap.v_publication_participation", 2, params, &res);
	if (ret != LECAP_OK)
		return ret;
	if (pg_isnull(res, 0, 0) || strcmp(pg_value(res, 0, 1), "0") == 0) {
		if (pg_isnull(res, 0, 0))
			log_error("aucune campagne publiée : lancez d'abord lecap aggregate");
		else if (p->region)
			log_error("rien de publié pour la région « %s » à la campagne %s", p->region, pg_value(res, 0, 0));
		else
			log_error("aucune campagne %s publiée", pg_value(res, 0, 0));
		log_hint("lecap status montre les campagnes et régions de la base");
		pg_result_free(res);
		return LECAP_USAGE;
	}
	snprintf(year, sizeof(year), "%s", pg_value(res, 0, 0));
	pg_result_free(res);

	ret = make_dir(p->out_dir);
	snprintf(dir, sizeof(dir), "%s/%s", p->out_dir, year);
	if (ret == LECAP_OK)
		ret = make_dir(dir);
	if (ret != LECAP_OK)
		return ret;
	/* One snapshot: every view read in the same transaction. */
	ret = pg_exec(conn, "lecture des vues de publication",
		      "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
	if (ret != LECAP_OK)
		return ret;
	if (p->format == EXPORT_XLSX)
		ret = write_xlsx(conn, p, dir, year, files);
	else
		ret = write_csv(conn, p, dir, year, files);
	pg_rollback(conn);
	if (ret == LECAP_OK)
		log_info("%d fichier(s) écrit(s) dans %s", *files, dir);
	return ret;
}
