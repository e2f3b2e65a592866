/* Unit tests of src/csvread.c: records, physical lines, quoting errors. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "io/csvread.h"

struct collect {
	char out[4096];
	int records;
};

/* Appends "LINE-LAST:[f1|f2|...]\n" per record. */
static int collect(const struct csv_record *rec, void *arg)
{
	struct collect *c = arg;
	size_t n = strlen(c->out);
	n += (size_t)snprintf(c->out + n, sizeof(c->out) - n, "%ld-%ld:[", rec->line, rec->last_line);
	for (size_t i = 0; i < rec->nfields; i++)
		n += (size_t)snprintf(c->out + n, sizeof(c->out) - n, "%s%s", i ? "|" : "", rec->fields[i]);
	snprintf(c->out + n, sizeof(c->out) - n, "]\n");
	c->records++;
	return 0;
}

/* Parses text in one go and byte by byte: both must agree. */
static int parse(const char *text, char delim, struct collect *c, long *errline, char *err)
{
	struct collect c2 = {0};
	csv_reader *r = csvr_new(delim, collect, c);
	int ret = csvr_feed(r, text, strlen(text));
	if (ret == 0)
		ret = csvr_finish(r);
	*errline = csvr_error_line(r);
	strcpy(err, csvr_error(r));
	csvr_free(r);

	r = csvr_new(delim, collect, &c2);
	int ret2 = 0;
	for (size_t i = 0; ret2 == 0 && text[i]; i++)
		ret2 = csvr_feed(r, text + i, 1);
	if (ret2 == 0)
		ret2 = csvr_finish(r);
	cr_assert_eq(ret2, ret, "byte-by-byte feeding differs for %s", text);
	if (ret == 0)
		cr_assert_str_eq(c2.out, c->out);
	else
		cr_assert_eq(csvr_error_line(r), *errline);
	csvr_free(r);
	return ret;
}

Test(csvread, lines_of_records)
{
	struct collect c = {0};
	long l;
	char e[200];
	const char *t = "a;b;c\r\n1;\"deux\r\nlignes\";3\r\n\r\n x ; \"q\"\"uote\";\n;;\nlast;no;newline";
	cr_assert_eq(parse(t, ';', &c, &l, e), 0);
	cr_assert_str_eq(c.out, "1-1:[a|b|c]\n2-3:[1|deux\r\nlignes|3]\n5-5:[x|q\"uote|]\n6-6:[||]\n7-7:[last|no|newline]\n");
}

Test(csvread, comma_and_tab)
{
	struct collect c = {0};
	long l;
	char e[200];
	cr_assert_eq(parse("a,\"b,c\"\n", ',', &c, &l, e), 0);
	cr_assert_str_eq(c.out, "1-1:[a|b,c]\n");
	struct collect d = {0};
	cr_assert_eq(parse("a\t b \t\tc\n", '\t', &d, &l, e), 0);
	cr_assert_str_eq(d.out, "1-1:[a|b||c]\n");
}

Test(csvread, unterminated_quote)
{
	struct collect c = {0};
	long l;
	char e[200];
	cr_assert_eq(parse("a;b\n1;\"jamais\nfermé\n", ';', &c, &l, e), CSVR_EPARSE);
	cr_assert_eq(l, 2);
	cr_assert_str_eq(e, "guillemet ouvrant jamais refermé : le fichier est tronqué ou un guillemet manque");
}

Test(csvread, quote_inside_unquoted)
{
	struct collect c = {0};
	long l;
	char e[200];
	cr_assert_eq(parse("a;b\n1;2\nx;ab\"c\n", ';', &c, &l, e), CSVR_EPARSE);
	cr_assert_eq(l, 3);
	cr_assert_str_eq(e, "guillemet mal placé : un champ qui contient un guillemet doit être entre "
			    "guillemets, et ses guillemets doublés");
}

Test(csvread, lone_cr)
{
	struct collect c = {0};
	long l;
	char e[200];
	cr_assert_eq(parse("a;b\n1;2\r3;4\n", ';', &c, &l, e), CSVR_EPARSE);
	cr_assert_eq(l, 2);
	cr_assert_str_eq(e, "retour chariot isolé (CR) : les fins de ligne doivent être LF ou CRLF");
	struct collect d = {0};
	cr_assert_eq(parse("a;\"x\ry\"\n", ';', &d, &l, e), 0);
	cr_assert_str_eq(d.out, "1-1:[a|x\ry]\n");
}

static int stop_at_two(const struct csv_record *rec, void *arg)
{
	(void)arg;
	return rec->line == 2 ? 42 : 0;
}

Test(csvread, callback_stops)
{
	csv_reader *r = csvr_new(';', stop_at_two, NULL);
	cr_assert_eq(csvr_feed(r, "a\nb\nc\n", 6), 42);
	csvr_free(r);
}

/* Issue 17: a field over the limit is refused with the record's first line
 * and the field's index, fed whole or byte by byte. */
static int parse_max(const char *text, size_t max, size_t chunk, long *line, size_t *field)
{
	struct collect c = {0};
	csv_reader *r = csvr_new(';', collect, &c);
	int ret = 0;
	csvr_set_max_field(r, max);
	for (size_t i = 0; ret == 0 && i < strlen(text); i += chunk)
		ret = csvr_feed(r, text + i, strlen(text + i) < chunk ? strlen(text + i) : chunk);
	if (ret == 0)
		ret = csvr_finish(r);
	*line = csvr_error_line(r);
	*field = csvr_long_field(r);
	csvr_free(r);
	return ret;
}

Test(csvread, field_limit_record_line_and_field)
{
	const char *t = "a;b;c\n1;\"deux\nlignes\";abcdefghijkl\n";
	long line;
	size_t field;
	for (size_t chunk = 1; chunk <= 64; chunk *= 4) {
		cr_assert_eq(parse_max(t, 11, chunk, &line, &field), CSVR_ELONG, "chunk %zu", chunk);
		cr_assert_eq(line, 2);
		cr_assert_eq(field, 2, "chunk %zu: field %zu", chunk, field);
		cr_assert_eq(parse_max(t, 12, chunk, &line, &field), 0, "chunk %zu", chunk);
	}
}

Test(csvread, quote_error_gives_record_first_line)
{
	struct collect c = {0};
	long l;
	char e[200];
	cr_assert_eq(parse("a;b\n\"x\ny\";b\"c\n", ';', &c, &l, e), CSVR_EPARSE);
	cr_assert_eq(l, 2);
}
