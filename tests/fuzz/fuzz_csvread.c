/* libFuzzer harness for the streaming CSV reader (src/io/csvread.c): the input
 * is fed in chunks whose sizes come from the first byte (bits 0-5); its bits
 * 6-7 choose the delimiter (';', ',', tab) or, when both are set, ';' with a
 * field length limit of 1 to 256 bytes taken from the second byte. Beyond
 * "no crash", the reader's documented promises are checked (abort() when one
 * is broken): each record starts on a line after the previous one ended,
 * every field is NUL-terminated at its length and within the limit, and an
 * error names a line that was read, with a message. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/exitcode.h"
#include "io/csvread.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct seen {
	size_t max_field;
	long last_line; /* where the previous record ended; 0 before the first */
	size_t total;
};

static int touch(const struct csv_record *rec, void *arg)
{
	struct seen *s = arg;

	if (rec->nfields == 0 || rec->line < 1 || rec->line > rec->last_line || rec->line <= s->last_line)
		abort();
	for (size_t i = 0; i < rec->nfields; i++) {
		if (rec->fields[i][rec->lengths[i]] != '\0' || strlen(rec->fields[i]) > rec->lengths[i])
			abort();
		if (s->max_field && rec->lengths[i] > s->max_field)
			abort();
		s->total += rec->lengths[i];
	}
	s->last_line = rec->last_line;
	return 0;
}

/* What an error reports must point into what was read. */
static void check_error(const csv_reader *r, int ret)
{
	long line = csvr_error_line(r);

	if (ret != CSVR_EPARSE && ret != CSVR_ELONG)
		return;
	if (line < 1 || line > csvr_lines(r) + 1 || !csvr_error(r) || !*csvr_error(r))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct seen s = {0, 0, 0};
	size_t chunk, pos = 1;
	const char delims[4] = {';', ',', '\t', ';'};
	csv_reader *r;
	int ret = 0;

	if (size < 1)
		return 0;
	chunk = (size_t)(data[0] & 0x3F) + 1;
	r = csvr_new(delims[data[0] >> 6], touch, &s);
	if (!r)
		return 0;
	if (data[0] >> 6 == 3 && size > 1) {
		s.max_field = (size_t)data[1] + 1;
		csvr_set_max_field(r, s.max_field);
		pos = 2;
	}
	while (ret == 0 && pos < size) {
		size_t n = size - pos < chunk ? size - pos : chunk;
		ret = csvr_feed(r, (const char *)data + pos, n);
		pos += n;
	}
	if (ret == 0)
		ret = csvr_finish(r);
	check_error(r, ret);
	csvr_free(r);
	return 0;
}
