/*
 * Streaming CSV reader: the only file that includes libcsv's csv.h.
 *
 * Bytes are fed in chunks of any size; each complete record is handed to a
 * callback with its fields (NUL-terminated copies, valid during the call) and
 * the physical line where the record starts (1 for the first line). RFC 4180
 * quoting, LF or CRLF line ends; a lone CR outside a quoted field is an error,
 * as is a quote inside an unquoted field or a quoted field never closed.
 * Blank lines are skipped. Memory is bounded by the longest record.
 *
 * csvr_new() returns a reader the caller frees with csvr_free().
 */
#ifndef LECAP_IO_CSVREAD_H
#define LECAP_IO_CSVREAD_H

#include "base/exitcode.h"
#include <stddef.h>

struct csv_record {
	size_t nfields;
	char **fields;         /* nfields NUL-terminated strings */
	const size_t *lengths; /* byte length of each field */
	long line;             /* physical line where the record starts */
	long last_line;        /* physical line where it ends */
};

/* Returns 0 to go on; any other value stops the reader and is returned by
 * csvr_feed()/csvr_finish(). */
typedef int (*csv_record_fn)(const struct csv_record *rec, void *arg);

typedef struct csv_reader csv_reader;

enum csvr_status {
	CSVR_OK = 0,
	CSVR_EPARSE = -1, /* malformed quoting or lone CR: see csvr_error() */
	CSVR_ENOMEM = -2,
	CSVR_ELONG = -4,  /* a field longer than csvr_set_max_field()'s limit */
};

csv_reader *csvr_new(char delim, csv_record_fn fn, void *arg);
void csvr_free(csv_reader *r);

/* Feeds bytes; returns CSVR_OK, a CSVR_E* code, or the callback's value. */
int csvr_feed(csv_reader *r, const char *buf, size_t len) LECAP_MUST_CHECK;
/* Ends the input: flushes the last record, checks the last quote. */
int csvr_finish(csv_reader *r) LECAP_MUST_CHECK;

/* Refuses (CSVR_ELONG) a field of more than bytes bytes once unquoted,
 * before more than bytes plus one fed chunk of it is held in memory; 0, the
 * default, for no limit. */
void csvr_set_max_field(csv_reader *r, size_t bytes);
/* After CSVR_ELONG: the index (0 = first) of the field too long in its
 * record; csvr_error_line() gives the line where the record starts. */
size_t csvr_long_field(const csv_reader *r);

/* After CSVR_EPARSE: a French description and the line it concerns (the
 * line where the record starts). */
const char *csvr_error(const csv_reader *r);
long csvr_error_line(const csv_reader *r);
/* Physical lines seen so far. */
long csvr_lines(const csv_reader *r);

/*
 * Reads a whole small file (UTF-8, optional BOM) with delimiter delim.
 * Returns CSVR_OK, the callback's value, CSVR_EPARSE (errbuf gets
 * "LINE: message"), or -3 when the file cannot be opened (errbuf: strerror).
 */
int csvr_read_file(const char *path, char delim, csv_record_fn fn, void *arg,
		   char *errbuf, size_t errsize) LECAP_MUST_CHECK;

#endif
