/* Unit tests of src/csvwrite.c: RFC 4180 quoting, encodings, line ends, cut. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/csvwrite.h"
#include "base/exitcode.h"
#include "base/log.h"

static char path[64];

static void setup(void)
{
	int fd;
	strcpy(path, "/tmp/lecap-csvw.XXXXXX");
	fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	close(fd);
}

static void teardown(void)
{
	unlink(path);
}

/* The file's bytes, NUL-terminated; *len gets their count. */
static char *slurp(size_t *len)
{
	static char buf[4096];
	FILE *f = fopen(path, "rb");
	cr_assert_not_null(f);
	*len = fread(buf, 1, sizeof(buf) - 1, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

static void write_rows(const struct csvw_style *st, const char *const *fields, size_t n,
		       int rows)
{
	csv_writer *w;
	cr_assert_eq(csvw_open(path, st, &w), LECAP_OK);
	for (int r = 0; r < rows; r++) {
		for (size_t i = 0; i < n; i++)
			csvw_field(w, fields[i]);
		csvw_end_row(w);
	}
	cr_assert_eq(csvw_close(w), LECAP_OK);
}

TestSuite(csvwrite, .init = setup, .fini = teardown);

Test(csvwrite, rfc4180_quoting)
{
	static const char *const f[] = {"a", "b;c", "d\"e", "f\ng", "", NULL, "h,i"};
	struct csvw_style st = {CSVW_UTF8, ';', true, false};
	size_t len;

	write_rows(&st, f, 7, 1);
	cr_assert_str_eq(slurp(&len), "a;\"b;c\";\"d\"\"e\";\"f\ng\";;;h,i\r\n");
	st.sep = ',';
	st.crlf = false;
	write_rows(&st, f, 7, 1);
	cr_assert_str_eq(slurp(&len), "a,b;c,\"d\"\"e\",\"f\ng\",,,\"h,i\"\n");
	st.sep = '\t';
	st.quote_all = true;
	write_rows(&st, (const char *const[]){"x\ty", "z"}, 2, 1);
	cr_assert_str_eq(slurp(&len), "\"x\ty\"\t\"z\"\n");
}

Test(csvwrite, needs_quotes)
{
	cr_assert(csvw_needs_quotes("a;b", 3, ';'));
	cr_assert_not(csvw_needs_quotes("a;b", 3, ','));
	cr_assert(csvw_needs_quotes("a\rb", 3, ','));
	cr_assert(csvw_needs_quotes("\"", 1, ','));
	cr_assert_not(csvw_needs_quotes("« Le Relais »", strlen("« Le Relais »"), ';'));
}

Test(csvwrite, bom)
{
	struct csvw_style st = {CSVW_UTF8_BOM, ';', false, false};
	size_t len;

	write_rows(&st, (const char *const[]){"Collège"}, 1, 1);
	cr_assert_str_eq(slurp(&len), "\xEF\xBB\xBF" "Collège\n");
}

Test(csvwrite, cp1252_known_string)
{
	struct csvw_style st = {CSVW_CP1252, ';', true, false};
	char out[64];
	size_t len, unmapped = 0;

	len = csvw_utf8_to_cp1252("Collège « Œuvre » – 5 € ’ œ·", strlen("Collège « Œuvre » – 5 € ’ œ·"),
				  out, &unmapped);
	cr_assert_eq(len, 28);
	cr_assert_eq(memcmp(out, "Coll\xE8ge \xAB \x8Cuvre \xBB \x96 5 \x80 \x92 \x9C\xB7", 28), 0);
	cr_assert_eq(unmapped, 0);
	len = csvw_utf8_to_cp1252("≥ 3 \xC3", 7, out, &unmapped);
	cr_assert_eq(len, 5);
	cr_assert_eq(memcmp(out, "? 3 ?", 5), 0);
	cr_assert_eq(unmapped, 2, "no Windows-1252 byte for ≥, and a truncated sequence");

	write_rows(&st, (const char *const[]){"Réalisée", "« a;b »"}, 2, 1);
	cr_assert_str_eq(slurp(&len), "R\xE9" "alis\xE9" "e;\"\xAB a;b \xBB\"\r\n");
}

Test(csvwrite, long_fields_cross_the_buffer)
{
	struct csvw_style st = {CSVW_CP1252, ',', false, false};
	char *big = malloc(200001);
	csv_writer *w;
	FILE *f;
	long size;

	cr_assert_not_null(big);
	for (int i = 0; i < 100000; i++)
		memcpy(big + 2 * i, "é", 2);
	big[200000] = '\0';
	cr_assert_eq(csvw_open(path, &st, &w), LECAP_OK);
	for (int i = 0; i < 3; i++)
		csvw_field(w, big);
	csvw_end_row(w);
	cr_assert_eq(csvw_close(w), LECAP_OK);
	f = fopen(path, "rb");
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fclose(f);
	cr_assert_eq(size, 3 * 100000 + 2 + 1);
	free(big);
}

Test(csvwrite, cut_last_row)
{
	struct csvw_style st = {CSVW_UTF8, ';', true, false};
	csv_writer *w;
	size_t len;

	cr_assert_eq(csvw_open(path, &st, &w), LECAP_OK);
	csvw_field(w, "a");
	csvw_field(w, "b");
	csvw_end_row(w);
	csvw_field(w, "1234");
	csvw_field(w, "5678");
	csvw_end_row(w);
	csvw_cut_last_row(w, 0.5);
	cr_assert_eq(csvw_close(w), LECAP_OK);
	cr_assert_str_eq(slurp(&len), "a;b\r\n1234;");
}

Test(csvwrite, open_error_names_the_file, .init = cr_redirect_stderr)
{
	struct csvw_style st = {CSVW_UTF8, ';', false, false};
	csv_writer *w = (csv_writer *)1;

	log_set_timestamps(0);
	cr_assert_eq(csvw_open("/nonexistent/dir/x.csv", &st, &w), LECAP_IO);
	cr_assert_null(w);
	fflush(stderr);
	cr_assert_stderr_eq_str(
		"lecap: erreur: /nonexistent/dir/x.csv : création du fichier impossible : No such file or directory\n"
		"lecap: astuce: vérifiez que le répertoire existe et que lecap peut y écrire\n");
}
