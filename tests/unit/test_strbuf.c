/* The string buffer (src/base/strbuf.c). */
#include "base/strbuf.h"

#include <criterion/criterion.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

Test(strbuf, appends_and_takes)
{
	struct strbuf b = {0};

	strbuf_puts(&b, "Le ");
	strbuf_add(&b, "Caprice", 3);
	strbuf_putc(&b, '!');
	cr_assert_eq(b.len, 7);
	char *s = strbuf_take(&b);
	cr_assert_str_eq(s, "Le Cap!");
	cr_assert_null(b.p);
	cr_assert_eq(b.len, 0);
	free(s);
}

Test(strbuf, empty_take_is_an_empty_string)
{
	struct strbuf b = {0};
	char *s = strbuf_take(&b);

	cr_assert_str_eq(s, "");
	free(s);
}

Test(strbuf, grows_past_the_first_block)
{
	struct strbuf b = {0};

	for (int i = 0; i < 1000; i++)
		strbuf_puts(&b, "0123456789");
	cr_assert_eq(b.len, 10000);
	cr_assert_geq(b.cap, 10001);
	cr_assert_eq(strlen(b.p), 10000);
	cr_assert_eq(memcmp(b.p + 9990, "0123456789", 10), 0);
	strbuf_release(&b);
	cr_assert_null(b.p);
}

Test(strbuf, copy_field_escapes_copy_text_format)
{
	struct strbuf b = {0};

	strbuf_copy_field(&b, "a\\b\tc\nd\re");
	strbuf_putc(&b, '|');
	strbuf_copy_field(&b, NULL);
	cr_assert_str_eq(b.p, "a\\\\b\\tc\\nd\\re|\\N");
	strbuf_release(&b);
}

Test(strbuf, copy_field_escapes_at_both_ends_and_in_a_row)
{
	struct strbuf b = {0};

	strbuf_copy_field(&b, "\t\\\\x\r\n");
	strbuf_putc(&b, '|');
	strbuf_copy_field(&b, "");
	strbuf_putc(&b, '|');
	strbuf_copy_field(&b, "1.2.3");
	cr_assert_str_eq(b.p, "\\t\\\\\\\\x\\r\\n||1.2.3");
	strbuf_release(&b);
}

Test(strbuf, put_long_writes_what_printf_does)
{
	const long values[] = {0, 7, -7, 10, 4294967296L, LONG_MAX, LONG_MIN};
	char expected[32];

	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
		struct strbuf b = {0};

		strbuf_puts(&b, "x");
		strbuf_put_long(&b, values[i]);
		snprintf(expected, sizeof expected, "x%ld", values[i]);
		cr_assert_str_eq(b.p, expected);
		strbuf_release(&b);
	}
}

Test(strbuf, failed_allocation_sticks_and_take_gives_null)
{
	struct strbuf b = {0};

	strbuf_puts(&b, "début");
	b.oom = true; /* as after a failed realloc */
	strbuf_puts(&b, " suite");
	cr_assert_eq(b.len, strlen("début"));
	cr_assert_not(strbuf_reserve(&b, 1));
	cr_assert_null(strbuf_take(&b));
	cr_assert_null(b.p);
}
