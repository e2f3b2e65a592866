/*
 * Spreadsheet workbooks (.xlsx): the only file that includes xlsxwriter.h
 * (libxlsxwriter). A workbook is written when closed.
 *
 * xlsx_open() returns a workbook the caller closes with xlsx_close(), which
 * writes it and frees it (also on error).
 */
#ifndef LECAP_IO_XLSX_H
#define LECAP_IO_XLSX_H

#include "base/exitcode.h"
#include <stdbool.h>

typedef struct xlsx_book xlsx_book;
typedef struct xlsx_sheet xlsx_sheet;

int xlsx_open(const char *path, xlsx_book **out) LECAP_MUST_CHECK;
/* Writes the file; LECAP_IO with a message naming it on failure. */
int xlsx_close(xlsx_book *book) LECAP_MUST_CHECK;

/* A sheet (name of 31 characters at most); NULL when libxlsxwriter refuses. */
xlsx_sheet *xlsx_add_sheet(xlsx_book *book, const char *name);
/* A header cell: bold, on a grey background. */
int xlsx_header(xlsx_book *book, xlsx_sheet *sh, int row, int col, const char *text) LECAP_MUST_CHECK;
/* A text cell: written as text, never as a formula. */
int xlsx_text(xlsx_sheet *sh, int row, int col, const char *text) LECAP_MUST_CHECK;
/* A number shown with decimals digits after the point (0 to 6). */
int xlsx_number(xlsx_book *book, xlsx_sheet *sh, int row, int col, double v, int decimals) LECAP_MUST_CHECK;
int xlsx_bool(xlsx_sheet *sh, int row, int col, bool v) LECAP_MUST_CHECK;
/* Rows above row and columns left of col stay in view. */
void xlsx_freeze(xlsx_sheet *sh, int row, int col);
void xlsx_col_width(xlsx_sheet *sh, int col, double width);

#endif
