/* An evaluation's digest; see empreinte.h. */
#include "aggregate/empreinte.h"

#include <stdlib.h>
#include <string.h>

void empreinte_begin(struct empreinte *e, const char *region)
{
	sha256_init(&e->h);
	sha256_update(&e->h, region, strlen(region));
	sha256_update(&e->h, "\n", 1);
	e->rows = 0;
}

void empreinte_table(struct empreinte *e, const char *rows, size_t len, bool without_last)
{
	const char *p = rows, *end = rows + len, *nl;

	for (; p < end && (nl = memchr(p, '\n', (size_t)(end - p))); p = nl + 1) {
		const char *stop = nl;

		if (without_last)
			while (stop > p && *--stop != '\t')
				;
		sha256_update(&e->h, p, (size_t)(stop - p));
		sha256_update(&e->h, "\n", 1);
		e->rows++;
	}
	sha256_update(&e->h, "\\.\n", 3);
}

long empreinte_end(struct empreinte *e, int64_t *somme)
{
	char hex[65];
	uint64_t u;

	sha256_final_hex(&e->h, hex);
	hex[16] = '\0';
	u = strtoull(hex, NULL, 16);
	/* two's complement, without the implementation-defined conversion */
	*somme = u > INT64_MAX ? -(int64_t)(UINT64_MAX - u) - 1 : (int64_t)u;
	return e->rows;
}
