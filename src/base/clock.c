/* The wall clock; see clock.h. */
#include "base/clock.h"

#include <stdlib.h>

time_t clock_now(void)
{
#ifdef LECAP_TEST_HOOKS
	const char *fake = getenv("LECAP_TEST_NOW");
	char *end;
	long long t;

	if (fake && *fake) {
		t = strtoll(fake, &end, 10);
		if (*end == '\0' && t > 0)
			return (time_t)t;
	}
#endif
	return time(NULL);
}
