/*
 * lecap export: the publication views (sql/vues/v_publication_*.sql, secrecy
 * applied by the database) as files for people who do not write SQL.
 *
 *   csv          DIR/ANNÉE/<vue>.csv, French spreadsheet convention: UTF-8
 *                with BOM, ';', decimal comma, CRLF
 *   csv-rfc4180  the same files for programs: UTF-8, ',', decimal point
 *   xlsx         DIR/ANNÉE/<région>.xlsx, one workbook per region (and FR),
 *                one sheet per view, header row, frozen panes, number
 *                formats, a « Lisez-moi » sheet from the views' comments
 *
 * Text cells that begin with '=', '+', '-', '@' (or a tab or carriage
 * return) are prefixed with an apostrophe, so that no spreadsheet runs them
 * as a formula; numbers are written as numbers.
 */
#ifndef LECAP_EXPORT_EXPORT_H
#define LECAP_EXPORT_EXPORT_H

#include "base/exitcode.h"
#include "io/pg.h"

#include <stddef.h>

enum export_format { EXPORT_CSV, EXPORT_CSV_RFC4180, EXPORT_XLSX };

struct export_params {
	int campagne;        /* 0: the latest published campaign */
	const char *region;  /* NULL: every region and FR */
	const char *out_dir;
	enum export_format format;
};

/* Parses csv, csv-rfc4180 or xlsx; -1 otherwise. */
int export_parse_format(const char *text, enum export_format *out) LECAP_MUST_CHECK;

/*
 * A text cell made safe for a spreadsheet: "'" in front when it begins with
 * = + - @ TAB or CR. Writes into out (size bytes, truncated), returns out.
 */
const char *export_neutralise(const char *text, char *out, size_t size);

/* A number as PostgreSQL writes it, with a decimal comma when comma. */
const char *export_number(const char *pg_text, int comma, char *out, size_t size);

/* Writes the files; *files receives how many. LECAP_USAGE for an unknown
 * region or campaign, LECAP_IO for a file, LECAP_DB for the database. */
int export_run(pg_conn *conn, const struct export_params *p, int *files) LECAP_MUST_CHECK;

#endif
