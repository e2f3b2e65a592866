/* libFuzzer harness for the streaming CSV reader (src/io/csvread.c): the input
 * is fed in chunks whose sizes come from the first byte. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/exitcode.h"
#include "io/csvread.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int touch(const struct csv_record *rec, void *arg)
{
	size_t *total = arg;
	for (size_t i = 0; i < rec->nfields; i++)
		*total += strlen(rec->fields[i]) + rec->lengths[i];
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t total = 0, chunk, pos = 1;
	const char delims[3] = {';', ',', '\t'};
	csv_reader *r;
	int ret = 0;

	if (size < 1)
		return 0;
	chunk = (size_t)(data[0] & 0x3F) + 1;
	r = csvr_new(delims[data[0] >> 6 < 3 ? data[0] >> 6 : 0], touch, &total);
	while (ret == 0 && pos < size) {
		size_t n = size - pos < chunk ? size - pos : chunk;
		ret = csvr_feed(r, (const char *)data + pos, n);
		pos += n;
	}
	if (ret == 0)
		LECAP_STATUS_IGNORED(csvr_finish(r)); /* any outcome */
	csvr_free(r);
	return 0;
}
