/* libxlsxwriter wrapper; see xlsx.h. */
#include "io/xlsx.h"

#include "base/exitcode.h"
#include "base/log.h"

#include <stdlib.h>
#include <xlsxwriter.h>

struct xlsx_book {
	lxw_workbook *wb;
	lxw_format *header;
	lxw_format *num[7]; /* per number of decimals */
	char *path;
};

struct xlsx_sheet {
	lxw_worksheet ws; /* never used as such: the handle is the pointer */
};

static lxw_worksheet *ws(xlsx_sheet *sh) { return (lxw_worksheet *)sh; }

int xlsx_open(const char *path, xlsx_book **out)
{
	xlsx_book *b = calloc(1, sizeof(*b));
	lxw_workbook_options opts = {.constant_memory = LXW_FALSE, .tmpdir = NULL};

	*out = NULL;
	if (!b)
		return log_fail(LECAP_IO, "mémoire insuffisante");
	b->wb = workbook_new_opt(path, &opts);
	if (!b->wb) {
		free(b);
		return log_fail(LECAP_IO, "%s : classeur impossible à créer", path);
	}
	b->header = workbook_add_format(b->wb);
	format_set_bold(b->header);
	format_set_bg_color(b->header, 0xD9D9D9);
	format_set_text_wrap(b->header);
	static const char *const masks[7] = {"0", "0.0", "0.00", "0.000", "0.0000", "0.00000", "0.000000"};
	for (int i = 0; i < 7; i++) {
		b->num[i] = workbook_add_format(b->wb);
		format_set_num_format(b->num[i], masks[i]);
	}
	*out = b;
	return LECAP_OK;
}

int xlsx_close(xlsx_book *book)
{
	lxw_error err;

	if (!book)
		return LECAP_OK;
	err = workbook_close(book->wb);
	free(book);
	if (err != LXW_NO_ERROR)
		return log_fail(LECAP_IO, "classeur non écrit : %s", lxw_strerror(err));
	return LECAP_OK;
}

xlsx_sheet *xlsx_add_sheet(xlsx_book *book, const char *name)
{
	return (xlsx_sheet *)workbook_add_worksheet(book->wb, name);
}

static int check(lxw_error err)
{
	if (err == LXW_NO_ERROR)
		return LECAP_OK;
	return log_fail(LECAP_IO, "cellule non écrite : %s", lxw_strerror(err));
}

int xlsx_header(xlsx_book *book, xlsx_sheet *sh, int row, int col, const char *text)
{
	return check(worksheet_write_string(ws(sh), (lxw_row_t)row, (lxw_col_t)col, text, book->header));
}

int xlsx_text(xlsx_sheet *sh, int row, int col, const char *text)
{
	return check(worksheet_write_string(ws(sh), (lxw_row_t)row, (lxw_col_t)col, text, NULL));
}

int xlsx_number(xlsx_book *book, xlsx_sheet *sh, int row, int col, double v, int decimals)
{
	if (decimals < 0)
		decimals = 0;
	if (decimals > 6)
		decimals = 6;
	return check(worksheet_write_number(ws(sh), (lxw_row_t)row, (lxw_col_t)col, v, book->num[decimals]));
}

int xlsx_bool(xlsx_sheet *sh, int row, int col, bool v)
{
	return check(worksheet_write_boolean(ws(sh), (lxw_row_t)row, (lxw_col_t)col, v, NULL));
}

void xlsx_freeze(xlsx_sheet *sh, int row, int col)
{
	worksheet_freeze_panes(ws(sh), (lxw_row_t)row, (lxw_col_t)col);
}

void xlsx_col_width(xlsx_sheet *sh, int col, double width)
{
	worksheet_set_column(ws(sh), (lxw_col_t)col, (lxw_col_t)col, width, NULL);
}
