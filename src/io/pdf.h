/*
 * The drawing toolkit of the reports: the only file that includes hpdf.h.
 *
 * A pdf_doc is a flowing A4 document: each drawing call places its element
 * at the cursor, below the previous one, and starts a new page when the
 * element does not fit (tables break between rows and repeat their header).
 * Every page carries a running header (the title) and a footer (the info's
 * footer text and « page X / N »), drawn when the document is saved, once
 * the page count is known.
 *
 * Text is UTF-8; it is converted to Windows-1252 for the fonts, which use
 * WinAnsiEncoding: base-14 Helvetica (a report of a few KB) or the TTF named
 * by [rapports] police, embedded. U+202F becomes U+00A0, U+2212 (the minus
 * sign) the en dash U+2013, U+2010 and U+2011 '-', any other character
 * without a Windows-1252 code '?'. Control characters become a space
 * between words; line breaks too, except in paragraphs, bullets and notes.
 *
 * Metadata: the Info strings (Title, Subject, Author, Keywords) and the
 * bookmarks are PDF text strings (UTF-16BE), so pdfinfo and viewers show
 * them exactly; the catalog carries /Lang fr-FR, /DisplayDocTitle and opens
 * the bookmarks panel. Each heading of level 1 and 2 and the cover are a
 * bookmark (level 2 under the level 1 before it).
 *
 * Errors are sticky: the first failure (a libharu error caught by its error
 * handler, or memory) is logged in French once and recorded; later calls do
 * nothing and return it; pdf_doc_save() returns it too. So a report module
 * may draw a whole document and check only the save: the drawing functions
 * are therefore not LECAP_MUST_CHECK (base/exitcode.h); pdf_doc_save() is.
 *
 * Output is deterministic: no clock is read; the creation date, when given,
 * comes from the data, so the same content gives the same bytes.
 *
 * pdf_doc_new() returns a document the caller frees with pdf_doc_free().
 * Strings passed in are copied or used before the call returns.
 */
#ifndef LECAP_IO_PDF_H
#define LECAP_IO_PDF_H

#include "base/exitcode.h"
#include <stdbool.h>
#include <stddef.h>

typedef struct pdf_doc pdf_doc;

struct pdf_info {
	const char *title;     /* running header and /Title */
	const char *subject, *author, *keywords; /* /Subject, /Author, /Keywords; NULL: none */
	const char *footer;    /* left of every footer, e.g. « Campagne 2026 · grille cap-2019 » */
	const char *font_path; /* TTF to embed; NULL or "" for Helvetica */
	int year, month, day;  /* /CreationDate, from the data; year 0: none */
	const char *fingerprint; /* /LecapEmpreinte of the Info dictionary: what the
				  * content was drawn from (64 hex digits); NULL: none */
};

/*
 * Creates an empty document. LECAP_USAGE when the TTF cannot be read or
 * loaded (the message names [rapports] police), LECAP_IO otherwise.
 */
int pdf_doc_new(const struct pdf_info *info, pdf_doc **out) LECAP_MUST_CHECK;
void pdf_doc_free(pdf_doc *doc);

/* LECAP_OK, or the first error met. */
int pdf_status(const pdf_doc *doc) LECAP_MUST_CHECK;
/* Pages so far. */
size_t pdf_page_count(const pdf_doc *doc);

/*
 * Writes the document to path, creating missing directories (0750): the
 * bytes go to a temporary file in the destination directory, created 0640,
 * then rename() puts it in place, so a reader never sees half a file. On
 * failure nothing is left behind and LECAP_IO is returned. Footers are
 * drawn by the first save; saving again gives the same bytes.
 */
int pdf_doc_save(pdf_doc *doc, const char *path) LECAP_MUST_CHECK;
/* Files pdf_doc_save() wrote, and those it left alone because path already
 * held the same bytes (mtime kept), since the process started. */
unsigned long pdf_files_written(void);
unsigned long pdf_files_unchanged(void);

/*
 * Whether the PDF at path is a complete file that pdf_doc_save() wrote with
 * this fingerprint (struct pdf_info): a caller that fingerprints everything
 * a document is drawn from can then skip drawing it again. False when the
 * file is missing, unreadable, larger than 16 MiB or carries another or no
 * fingerprint.
 */
bool pdf_file_has_fingerprint(const char *path, const char *fingerprint);

/* Whether path is a regular file that ends like a complete PDF (%%EOF in its last 8 bytes): reads the tail
 * only. A missing, empty or truncated file is not. */
bool pdf_file_complete(const char *path);

/* --- flow ------------------------------------------------------------- */

/*
 * A cover page: a coloured band with kicker (small), title (large) and
 * subtitle, then `nlines` lines of text. The next element starts a page.
 */
int pdf_cover(pdf_doc *doc, const char *kicker, const char *title, const char *subtitle,
	      const char *const *lines, size_t nlines);
/*
 * A summary's first page: a new page without running header, opening with a
 * coloured band (kicker, title, subtitle) about 120 points high; the flow
 * continues below it on the same page. A bookmark like the cover's.
 */
int pdf_title_band(pdf_doc *doc, const char *kicker, const char *title, const char *subtitle);
/* Starts a new page. */
int pdf_page_break(pdf_doc *doc);
/*
 * Starts a new page unless `points` remain below the cursor: keeps a
 * heading with the chart that follows (pdf_need(d, PDF_RADAR_HEIGHT + 40)).
 */
int pdf_need(pdf_doc *doc, double points);
/* Vertical space, in points. */
int pdf_space(pdf_doc *doc, double points);
/* The points left below the cursor on the current page (0 before the first page). */
double pdf_room(const pdf_doc *doc);
/* Level 1 (section, ruled), 2 or 3; kept with the lines that follow. */
int pdf_heading(pdf_doc *doc, int level, const char *text);
/* Body text, wrapped to the page width; '\n' forces a line break. */
int pdf_paragraph(pdf_doc *doc, const char *text);
/* A bulleted paragraph. */
int pdf_bullet(pdf_doc *doc, const char *text);
/* Small grey text (sources, notes under a table). */
int pdf_note(pdf_doc *doc, const char *text);

/* Key figures: up to 4 boxes per row, each a big value over a label. */
struct pdf_figure {
	const char *value;
	const char *label;
};
int pdf_figures(pdf_doc *doc, const struct pdf_figure *figures, size_t n);

/* --- tables ------------------------------------------------------------ */

enum pdf_align { PDF_LEFT, PDF_RIGHT, PDF_CENTER };

#define PDF_MAX_COLUMNS 12

struct pdf_column {
	const char *title;
	double width; /* points; 0: an equal share of what the others leave */
	enum pdf_align align;
};

/* Row flags. */
#define PDF_ROW_BOLD 1u  /* bold text */
#define PDF_ROW_GROUP 2u /* a group heading row: bold, tinted */

/* Cell shading levels, e.g. score bands 1–4 (0: none). */
#define PDF_LEVELS 4

/* Starts a table (at most PDF_MAX_COLUMNS columns) and draws its header. */
int pdf_table_begin(pdf_doc *doc, const struct pdf_column *cols, size_t ncols);
/*
 * One row: ncols cells (NULL cells are empty), wrapped inside their column;
 * levels (NULL, or ncols entries 0..PDF_LEVELS) shade cells. A row that
 * does not fit goes to a new page, under the header again.
 */
int pdf_table_row(pdf_doc *doc, const char *const *cells, const int *levels, unsigned flags);
int pdf_table_end(pdf_doc *doc);

/* --- charts ------------------------------------------------------------ */

/* One series of values; NaN marks a missing (or secret) value. */
struct pdf_series {
	const char *name;
	const double *values;
};

/* A value axis from lo to hi, with nticks labels evenly spaced (may be 0). */
struct pdf_scale {
	double lo, hi;
	const char *const *ticks;
	size_t nticks;
};

/*
 * A radar: naxes spokes (3 or more) labelled axes[i], one polygon per series
 * (1 to 3), concentric rings at the ticks, a legend below.
 */
#define PDF_RADAR_HEIGHT 340.0 /* points a radar takes, legend included */
int pdf_radar(pdf_doc *doc, const char *const *axes, size_t naxes,
	      const struct pdf_series *series, size_t nseries, const struct pdf_scale *scale);

/*
 * Horizontal bars: n rows labelled labels[i], one bar per series (1 to 3);
 * texts (NULL, or n * nseries strings, row-major) are printed at the end of
 * each bar, e.g. the value in French form or « s ».
 */
int pdf_bars(pdf_doc *doc, const char *const *labels, size_t n,
	     const struct pdf_series *series, size_t nseries, const struct pdf_scale *scale,
	     const char *const *texts);
/*
 * The points pdf_bars() takes, axis and legend included: a chart that fits
 * on a page is drawn whole on one page; pdf_need(d, pdf_bars_height(…) + 40)
 * before its heading keeps the heading with it.
 */
double pdf_bars_height(pdf_doc *doc, const char *const *labels, size_t n, size_t nseries);

/* A box: whiskers min–max, box q1–q3, median; mark (NaN: none) a diamond. */
struct pdf_box {
	double min, q1, median, q3, max;
	double mark;
	const char *text; /* printed right of the box, e.g. « méd. 2,75 · n 12 » */
};

/*
 * Box plots, one row per box; a box whose values are NaN draws only its
 * text (a secret figure). mark_name (NULL: no mark) names the diamonds in
 * the legend.
 */
int pdf_boxplots(pdf_doc *doc, const char *const *labels, const struct pdf_box *boxes, size_t n,
		 const struct pdf_scale *scale, const char *mark_name);

/* --- helpers ------------------------------------------------------------ */

/*
 * UTF-8 → Windows-1252 as the toolkit draws it (see above); returns a string
 * the caller frees, or NULL when out of memory. Exposed for the tests.
 */
char *pdf_to_cp1252(const char *utf8);

#endif
