/* Quotients of integers as PostgreSQL's numeric prints them; see quotient.h. */
#include "base/quotient.h"
#include "base/decimal.h"

#include <string.h>

size_t quotient_text(uint64_t a, uint64_t b, char out[QUOTIENT_TEXT_MAX])
{
	struct decimal x, y, q;
	char text[DECIMAL_TEXT_MAX];
	size_t len;

	decimal_from_u64(&x, a);
	decimal_from_u64(&y, b);
	/* Two 32-bit counts, b > 0: the quotient has at most 10 + 28 digits;
	 * b = 0 (outside the contract) gives the empty text. */
	if (decimal_div(&q, &x, &y) != 0 || (len = decimal_text(&q, text)) >= QUOTIENT_TEXT_MAX) {
		out[0] = '\0';
		return 0;
	}
	memcpy(out, text, len + 1);
	return len;
}

long quotient_hundredths(const char *text)
{
	long v = 0;
	const char *p = text;

	while (*p >= '0' && *p <= '9')
		v = v * 10 + (*p++ - '0');
	if (*p == '.')
		p++;
	for (int i = 0; i < 2; i++)
		v = v * 10 + (*p >= '0' && *p <= '9' ? *p++ - '0' : 0);
	return v + (*p >= '5' && *p <= '9');
}
