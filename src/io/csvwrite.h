/*
 * Streaming CSV writer: RFC 4180 quoting, a choice of separator, line end
 * and encoding (UTF-8, UTF-8 with BOM, Windows-1252), buffered so that a
 * file of any size needs 64 KiB. Used by `lecap generate` to write exports as
 * members' tools write them.
 *
 * csvw_open() returns a writer that csvw_close() flushes, closes and frees,
 * whatever happened before: every write error is kept and reported there.
 * To write many files without allocating for each one, csvw_new() a writer
 * once, then csvw_begin() and csvw_end() each file, and csvw_free() it.
 */
#ifndef LECAP_IO_CSVWRITE_H
#define LECAP_IO_CSVWRITE_H

#include "base/exitcode.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum csvw_encoding { CSVW_UTF8, CSVW_UTF8_BOM, CSVW_CP1252 };

struct csvw_style {
	enum csvw_encoding encoding;
	char sep;       /* ';', ',' or '\t' */
	bool crlf;      /* CRLF line ends, else LF */
	bool quote_all; /* quote every field, as some tools do */
};

typedef struct csv_writer csv_writer;

/* Creates (or truncates) path. LECAP_OK and *out, or LECAP_IO after logging
 * a message naming the file. */
int csvw_open(const char *path, const struct csvw_style *style, csv_writer **out) LECAP_MUST_CHECK;

/* A writer with no file yet (NULL when out of memory); csvw_free() frees it. */
csv_writer *csvw_new(void);
/* Starts writing path (created or truncated) with a writer not in use:
 * LECAP_OK, or LECAP_IO after logging a message naming the file. */
int csvw_begin(csv_writer *w, const char *path, const struct csvw_style *style) LECAP_MUST_CHECK;
/* Flushes, cuts if asked and closes the current file; the writer can begin
 * another. LECAP_OK, or LECAP_IO after logging the file and the reason. */
int csvw_end(csv_writer *w) LECAP_MUST_CHECK;
void csvw_free(csv_writer *w);

/* Appends one field (UTF-8; NULL is empty) to the current row. */
void csvw_field(csv_writer *w, const char *utf8);
/* Ends the current row with the style's line end. */
void csvw_end_row(csv_writer *w);

/*
 * Asks csvw_close() to cut the file inside its last row, keeping fraction
 * (0–1) of that row's bytes and no line end: a truncated export, a defect
 * the generator injects on purpose.
 */
void csvw_cut_last_row(csv_writer *w, double fraction);

/* Characters written so far that Windows-1252 has no byte for (written '?'). */
size_t csvw_unmapped(const csv_writer *w);

/* csvw_end() then csvw_free(). NULL is accepted. */
int csvw_close(csv_writer *w) LECAP_MUST_CHECK;

/* Whether a field must be quoted under RFC 4180 with separator sep: it holds
 * the separator, a double quote, CR or LF. */
bool csvw_needs_quotes(const char *s, size_t len, char sep);

/*
 * UTF-8 → Windows-1252. out must hold len bytes (the result is never
 * longer). Characters without a Windows-1252 byte, and invalid sequences,
 * become '?' and are counted in *unmapped. Returns the output length.
 */
size_t csvw_utf8_to_cp1252(const char *in, size_t len, char *out, size_t *unmapped);

#endif
