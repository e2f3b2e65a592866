/*
 * The drawing toolkit on libharu (see pdf.h): the only file that includes
 * hpdf.h.
 *
 * Coordinates are PDF points from the bottom-left corner. The document keeps
 * a cursor `y`, the top of the free area on the current page; an element
 * asks ensure() for its height and gets a new page when it does not fit.
 * Text is converted to Windows-1252 once per call and measured with a
 * per-font table of the 256 glyph widths, so wrapping costs no libharu call.
 */
#include "io/pdf.h"

#include "base/dirs.h"
#include "base/exitcode.h"
#include "base/log.h"
#include "base/signals.h"
#include "base/text.h"

#include <hpdf.h>
#include <libdeflate.h>

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <limits.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* A4 portrait and the page frame. */
#define PAGE_W 595.276
#define PAGE_H 841.89
#define MARGIN_L 51.0
#define MARGIN_R 51.0
#define CONTENT_W (PAGE_W - MARGIN_L - MARGIN_R)
#define TOP (PAGE_H - 64.0)
#define BOTTOM 58.0
#define HEADER_Y (PAGE_H - 36.0)
#define FOOTER_Y 30.0

#define BODY_SIZE 9.5
#define BODY_LEAD 13.0
#define TABLE_SIZE 8.0
#define TABLE_LEAD 10.0
#define CELL_PAD 3.0

enum { F_REGULAR, F_BOLD, F_COUNT };

struct rgb {
	double r, g, b;
};

static const struct rgb C_TEXT = {0.13, 0.13, 0.13};
static const struct rgb C_GREY = {0.42, 0.42, 0.42};
static const struct rgb C_RULE = {0.70, 0.70, 0.70};
static const struct rgb C_GRID = {0.82, 0.82, 0.82};
static const struct rgb C_ACCENT = {0.0, 0.33, 0.51};
static const struct rgb C_HEADER_BG = {0.86, 0.89, 0.92};
static const struct rgb C_GROUP_BG = {0.90, 0.94, 0.97};
static const struct rgb C_ZEBRA = {0.965, 0.965, 0.965};
static const struct rgb C_WHITE = {1, 1, 1};
/* Series: the subject (member or region), the comparison, a third. */
static const struct rgb C_SERIES[3] = {{0.0, 0.40, 0.62}, {0.89, 0.45, 0.10}, {0.40, 0.40, 0.40}};
/* Cell shading by level: 1 far from the target … 4 reached. */
static const struct rgb C_LEVEL[PDF_LEVELS + 1] = {
	{1, 1, 1}, {0.97, 0.80, 0.78}, {0.99, 0.89, 0.74}, {0.93, 0.95, 0.77}, {0.79, 0.91, 0.79}};

struct span {
	size_t off, len;
};

struct table {
	bool active;
	size_t ncols;
	double x[PDF_MAX_COLUMNS + 1]; /* column edges */
	enum pdf_align align[PDF_MAX_COLUMNS];
	char *titles[PDF_MAX_COLUMNS]; /* Windows-1252 */
	size_t rows;                   /* drawn since the header, for the zebra */
};

/* The graphics state the operators written so far have set; *_ok false:
 * unknown (start of a content stream, or appended after other content). */
struct gstate {
	bool fill_ok, stroke_ok, width_ok, font_ok;
	struct rgb fill, stroke;
	double width;
	int font;
	double size;
};

struct pdf_doc {
	HPDF_Doc h;
	int err;
	bool loading_font; /* errors while loading the TTF are configuration errors */
	bool ttf;          /* fonts embedded from [rapports] police */
	bool finished;     /* footers drawn */

	HPDF_Font font[F_COUNT];
	double widths[F_COUNT][256]; /* glyph widths, 1/1000 em */
	HPDF_ExtGState translucent;
	HPDF_Encoder encoder; /* WinAnsiEncoding: Info and outline strings */
	HPDF_Outline outline1; /* the last level-1 bookmark */

	HPDF_Page *pages;
	size_t npages, cap;
	HPDF_Page page; /* current page, NULL before the first */
	double y;
	bool no_header; /* the next page is a cover */

	char *title;  /* Windows-1252 */
	char *footer; /* Windows-1252 */
	size_t title_len, footer_len; /* what fits on one line */

	struct span *lines; /* wrap() output */
	size_t nlines, lines_cap;

	struct table tab;

	/* the current page's operators not yet in its content stream */
	char *ops;
	size_t ops_len, ops_cap;
	struct gstate gs, saved_gs; /* as the operators written leave it; saved by q */
	bool in_text;               /* inside BT … ET */
	bool stroke_pending;        /* rules drawn by line(), not yet stroked */
	long long tx, ty;           /* start of the text line, in units of 10^-5 */
};

/* --- errors ------------------------------------------------------------ */

static const char *hpdf_error_text(HPDF_STATUS no)
{
	switch (no) {
	case HPDF_FAILD_TO_ALLOC_MEM:
		return "mémoire insuffisante";
	case HPDF_FILE_IO_ERROR:
		return "erreur d'entrée-sortie";
	case HPDF_FILE_OPEN_ERROR:
		return "fichier impossible à ouvrir";
	case HPDF_INVALID_FONTDEF_DATA:
	case HPDF_TTF_INVALID_FOMAT:
	case HPDF_TTF_MISSING_TABLE:
	case HPDF_TTF_INVALID_CMAP:
		return "police TrueType invalide";
	case HPDF_TTF_CANNOT_EMBEDDING_FONT:
		return "la licence de la police interdit son incorporation";
	case HPDF_PAGE_INVALID_GMODE:
		return "opération de dessin hors séquence";
	case HPDF_EXCEED_GSTATE_LIMIT:
		return "trop d'états graphiques imbriqués";
	case HPDF_REAL_OUT_OF_RANGE:
	case HPDF_PAGE_OUT_OF_RANGE:
		return "valeur hors limites";
	case HPDF_ZLIB_ERROR:
		return "erreur de compression";
	default:
		return "erreur interne";
	}
}

static void set_error(pdf_doc *d, int code)
{
	if (!d->err)
		d->err = code;
}

static void HPDF_STDCALL on_hpdf_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user_data)
{
	pdf_doc *d = user_data;

	if (d->err)
		return; /* one message per document: later errors follow from the first */
	if (d->loading_font) {
		log_error("[rapports] police : libharu refuse la police (%s, code 0x%04X, détail %u)",
			  hpdf_error_text(error_no), (unsigned)error_no, (unsigned)detail_no);
		log_hint("indiquez un fichier TrueType (.ttf) incorporable, ou laissez police vide pour Helvetica");
		set_error(d, LECAP_USAGE);
		return;
	}
	log_error("libharu : %s en produisant le PDF (code 0x%04X, détail %u)",
		  hpdf_error_text(error_no), (unsigned)error_no, (unsigned)detail_no);
	log_hint("relancez avec -v ; si l'erreur persiste, signalez-la avec la commande lancée");
	set_error(d, LECAP_IO);
}

static bool bad(const pdf_doc *d)
{
	return d->err != 0;
}

static void *grow(pdf_doc *d, void *p, size_t *cap, size_t need, size_t elem)
{
	size_t n = *cap ? *cap : 16;
	void *q;

	if (need <= *cap)
		return p;
	while (n < need)
		n *= 2;
	q = realloc(p, n * elem);
	if (!q) {
		if (!d->err)
			log_error("mémoire insuffisante pour produire le PDF");
		set_error(d, LECAP_IO);
		return NULL;
	}
	*cap = n;
	return q;
}

/* --- text conversion ---------------------------------------------------- */

/* Length of the UTF-8 sequence starting with byte c (1 for a stray byte). */
static size_t utf8_len(unsigned char c)
{
	if (c >= 0xF0 && c <= 0xF4)
		return 4;
	if (c >= 0xE0)
		return c <= 0xEF ? 3 : 1;
	if (c >= 0xC2)
		return 2;
	return 1;
}

static uint32_t utf8_decode(const unsigned char *s, size_t n)
{
	switch (n) {
	case 2:
		return ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
	case 3:
		return ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
	case 4:
		return ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
		       ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
	default:
		return s[0];
	}
}

/* The replacement of a character without a Windows-1252 code. */
static char fallback(uint32_t cp)
{
	switch (cp) {
	case 0x202F: /* narrow no-break space (French thousands, before ;:!?) */
	case 0x2007: /* figure space */
		return (char)0xA0;
	case 0x2009: /* thin space */
	case 0x200A:
		return ' ';
	case 0x2212: /* minus sign: no WinAnsi code, the en dash draws it */
		return (char)0x96;
	case 0x2010: /* hyphen */
	case 0x2011: /* non-breaking hyphen */
		return '-';
	default:
		return '?';
	}
}

/* The Unicode characters of Windows-1252 codes 0x80–0x9F (0: no character). */
static const uint16_t CP1252_HIGH[32] = {
	0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
	0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

/* The Windows-1252 code of cp, or -1. */
static int cp1252_code(uint32_t cp)
{
	if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF))
		return (int)cp;
	for (int i = 0; i < 32; i++)
		if (CP1252_HIGH[i] && CP1252_HIGH[i] == cp)
			return 0x80 + i;
	return -1;
}

/*
 * The well-formed UTF-8 sequence at s (left bytes remain): its length, its
 * code point in *cp; 0 when ill-formed (bad lead or continuation byte,
 * truncated, overlong, surrogate, beyond U+10FFFF).
 */
static size_t utf8_next(const unsigned char *s, size_t left, uint32_t *cp)
{
	size_t n;
	uint32_t v;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] < 0xC2 || s[0] > 0xF4)
		return 0;
	n = s[0] < 0xE0 ? 2 : s[0] < 0xF0 ? 3 : 4;
	if (n > left)
		return 0;
	for (size_t k = 1; k < n; k++)
		if ((s[k] & 0xC0) != 0x80)
			return 0;
	v = utf8_decode(s, n);
	if ((n == 3 && v < 0x800) || (n == 4 && (v < 0x10000 || v > 0x10FFFF)) ||
	    (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return n;
}

/*
 * UTF-8 → Windows-1252; returns a malloc'd string or NULL (memory). A
 * character without a code becomes its fallback(); an ill-formed sequence
 * is skipped (its lead byte alone when a continuation byte is wrong) and
 * becomes the fallback of what it decodes to. A table, not iconv: iconv
 * took 7 % of a member report's CPU (it is what this replaces, and the
 * unit tests compare the two over every code point).
 */
static char *convert(const char *utf8)
{
	const unsigned char *in = (const unsigned char *)utf8;
	size_t left = strlen(utf8);
	char *out = malloc(left + 1), *op; /* never longer than its UTF-8 */

	if (!out)
		return NULL;
	op = out;
	while (left > 0) {
		uint32_t cp;
		size_t n = utf8_next(in, left, &cp);

		if (n > 0 && cp >= 0xE0000 && cp <= 0xE007F) {
			/* tag characters (inside emoji flags): invisible, dropped as iconv does */
		} else if (n > 0) {
			int code = cp1252_code(cp);
			*op++ = code >= 0 ? (char)code : fallback(cp);
		} else {
			n = utf8_len(*in);
			if (n > left)
				n = left;
			for (size_t k = 1; k < n; k++)
				if ((in[k] & 0xC0) != 0x80) {
					n = 1; /* skip the lead byte only */
					break;
				}
			*op++ = fallback(utf8_decode(in, n));
		}
		in += n;
		left -= n;
	}
	*op = '\0';
	return out;
}

char *pdf_to_cp1252(const char *utf8)
{
	return convert(utf8 ? utf8 : "");
}

/*
 * Text as displayed: a control character (tab, carriage return, form feed,
 * DEL…) and, unless keep_newlines, a line break, become one space between
 * the words they separated (none at either end). A member's raison sociale
 * typed on two lines in its software thus stays on the running header's one
 * line. "\r\n" and a lone '\r' are a line break.
 */
static void normalize(char *s, bool keep_newlines)
{
	char *o = s;
	bool gap = false;

	while (*o && (unsigned char)*o >= 0x20 && *o != 0x7F)
		o++; /* nearly every string: nothing to do */
	if (!*o)
		return;
	for (const char *i = o; *i; i++) {
		unsigned char c = (unsigned char)*i;
		if (c == '\r' && keep_newlines) {
			if (i[1] != '\n')
				*o++ = '\n';
			gap = false;
			continue;
		}
		if (c == '\n' && keep_newlines) {
			*o++ = '\n';
			gap = false;
			continue;
		}
		if (c < 0x20 || c == 0x7F) {
			gap = true;
			continue;
		}
		if (gap && o > s && o[-1] != ' ' && o[-1] != '\n' && c != ' ')
			*o++ = ' ';
		gap = false;
		*o++ = (char)c;
	}
	*o = '\0';
}

/* utf8 converted and normalized (line breaks kept or not); NULL, with the
 * document's error set, when out of memory. */
static char *cp_convert(pdf_doc *d, const char *utf8, bool keep_breaks)
{
	char *s = convert(utf8 ? utf8 : "");

	if (!s) {
		if (!d->err)
			log_error("mémoire insuffisante pour produire le PDF");
		set_error(d, LECAP_IO);
		return NULL;
	}
	normalize(s, keep_breaks);
	return s;
}

/* One line of text (headers, cells, labels), converted and normalized. */
static char *cp(pdf_doc *d, const char *utf8) { return cp_convert(d, utf8, false); }

/* Running text (paragraphs, bullets, notes): line breaks kept. */
static char *cp_text(pdf_doc *d, const char *utf8) { return cp_convert(d, utf8, true); }

/* --- measuring and wrapping -------------------------------------------- */

static double text_width(const pdf_doc *d, int f, double size, const char *s, size_t len)
{
	double w = 0;

	for (size_t i = 0; i < len; i++)
		w += d->widths[f][(unsigned char)s[i]];
	return w * size / 1000.0;
}

static void add_line(pdf_doc *d, size_t off, size_t len)
{
	struct span *l = grow(d, d->lines, &d->lines_cap, d->nlines + 1, sizeof(*l));

	if (!l)
		return;
	d->lines = l;
	d->lines[d->nlines].off = off;
	d->lines[d->nlines].len = len;
	d->nlines++;
}

/*
 * Splits s into lines no wider than width (d->lines, d->nlines), breaking
 * at spaces (never at U+00A0) and inside a word only when it alone is too
 * wide. Returns the number of lines (0 for an empty string).
 */
static size_t wrap(pdf_doc *d, int f, double size, const char *s, double width)
{
	size_t n = strlen(s), pos = 0;
	double limit = width * 1000.0 / size;

	d->nlines = 0;
	while (pos < n && !bad(d)) {
		size_t start = pos, i = pos, end, next, last_space = SIZE_MAX;
		double w = 0;

		while (i < n && s[i] != '\n') {
			double cw = d->widths[f][(unsigned char)s[i]];
			if (w + cw > limit && i > start)
				break;
			if (s[i] == ' ')
				last_space = i;
			w += cw;
			i++;
		}
		if (i >= n || s[i] == '\n') {
			end = i;
			next = i < n ? i + 1 : n;
		} else if (last_space != SIZE_MAX && last_space > start) {
			end = last_space;
			next = last_space + 1;
		} else {
			end = i; /* a word wider than the line */
			next = i;
		}
		while (end > start && s[end - 1] == ' ')
			end--;
		add_line(d, start, end - start);
		pos = next;
		if (pos < n && s[pos - 1] != '\n')
			while (pos < n && s[pos] == ' ')
				pos++;
	}
	return d->nlines;
}

/* --- content stream ------------------------------------------------------- */

/*
 * This file writes the operators of the pages itself, into d->ops, instead
 * of calling libharu's operator functions: each of those clears a 512-byte
 * buffer byte by byte and formats its numbers slowly (a quarter of a member
 * report's CPU went to HPDF_MemSet alone), and none remembers the current
 * colour, font or line width. Here the graphics state is remembered (d->gs):
 * a colour, font or width is written only when it changes, consecutive texts
 * share one BT … ET, and consecutive rules of the same colour and width are
 * one path, stroked once. The buffer is appended to the page's content
 * stream (which libharu compresses when saving) when drawing moves to
 * another page and before the document is serialized; fonts and the
 * ExtGState are registered on the page by libharu, which names them.
 * Numbers are written as libharu writes them (see units()).
 */


static void ops_put(pdf_doc *d, const char *s, size_t n)
{
	char *b;

	if (bad(d))
		return;
	b = grow(d, d->ops, &d->ops_cap, d->ops_len + n, 1);
	if (!b)
		return;
	d->ops = b;
	memcpy(b + d->ops_len, s, n);
	d->ops_len += n;
}

static void ops_str(pdf_doc *d, const char *s)
{
	ops_put(d, s, strlen(s));
}

/*
 * A number in units of 10^-5, the precision libharu writes: v is rounded
 * as HPDF_FToA rounds a HPDF_REAL (float), so the figures written are the
 * ones libharu would have written.
 */
static long long units(double v)
{
	float f = (float)v;
	bool neg = f < 0;
	int32_t ip, fp;

	if (!isfinite(f))
		return 0;
	if (neg)
		f = -f;
	if (f > 2e9f)
		f = 2e9f;
	ip = (int32_t)(f + 0.000005);
	fp = (int32_t)((float)(f - (float)ip + 0.000005) * 100000);
	return neg ? -((long long)ip * 100000 + fp) : (long long)ip * 100000 + fp;
}

/* u units of 10^-5 as a PDF number, trailing zeros dropped, then a space. */
static void ops_units(pdf_doc *d, long long u)
{
	char buf[40], digits[24];
	size_t n = 0, k = 0;
	unsigned long long a;
	unsigned frac;

	if (u < 0) {
		buf[n++] = '-';
		a = (unsigned long long)(-(u + 1)) + 1;
	} else {
		a = (unsigned long long)u;
	}
	frac = (unsigned)(a % 100000);
	a /= 100000;
	do {
		digits[k++] = (char)('0' + a % 10);
		a /= 10;
	} while (a > 0);
	while (k > 0)
		buf[n++] = digits[--k];
	if (frac) {
		unsigned div = 10000;
		buf[n++] = '.';
		while (frac) {
			buf[n++] = (char)('0' + frac / div);
			frac %= div;
			div /= 10;
		}
	}
	buf[n++] = ' ';
	ops_put(d, buf, n);
}

static void ops_num(pdf_doc *d, double v)
{
	ops_units(d, units(v));
}

static bool same_rgb(struct rgb a, struct rgb b)
{
	return a.r == b.r && a.g == b.g && a.b == b.b;
}

/* Strokes the pending rules (see line()). */
static void flush_stroke(pdf_doc *d)
{
	if (d->stroke_pending) {
		ops_put(d, "S\n", 2);
		d->stroke_pending = false;
	}
}

static void end_text(pdf_doc *d)
{
	if (d->in_text) {
		ops_put(d, "ET\n", 3);
		d->in_text = false;
	}
}

/* Before a path, a graphics state operator or a page change: no text
 * object and no pending path open. */
static void settle(pdf_doc *d)
{
	flush_stroke(d);
	end_text(d);
}

/* Sets the fill (op "rg") or stroke ("RG") colour unless already set. */
static void set_color(pdf_doc *d, struct rgb *cur, bool *cur_ok, struct rgb c, const char *op)
{
	if (*cur_ok && same_rgb(*cur, c))
		return;
	flush_stroke(d);
	ops_num(d, c.r);
	ops_num(d, c.g);
	ops_num(d, c.b);
	ops_put(d, op, 3);
	*cur = c;
	*cur_ok = true;
}

static void fill_color(pdf_doc *d, struct rgb c)
{
	set_color(d, &d->gs.fill, &d->gs.fill_ok, c, "rg\n");
}

static void stroke_color(pdf_doc *d, struct rgb c)
{
	set_color(d, &d->gs.stroke, &d->gs.stroke_ok, c, "RG\n");
}

static void line_width(pdf_doc *d, double w)
{
	if (d->gs.width_ok && d->gs.width == w)
		return;
	flush_stroke(d);
	ops_num(d, w);
	ops_put(d, "w\n", 2);
	d->gs.width = w;
	d->gs.width_ok = true;
}

/* Path construction and painting (settle() first: see move_to). */
static void move_to(pdf_doc *d, double x, double y)
{
	settle(d);
	ops_num(d, x);
	ops_num(d, y);
	ops_put(d, "m\n", 2);
}

static void line_to(pdf_doc *d, double x, double y)
{
	ops_num(d, x);
	ops_num(d, y);
	ops_put(d, "l\n", 2);
}

static void rectangle(pdf_doc *d, double x, double y, double w, double h)
{
	settle(d);
	ops_num(d, x);
	ops_num(d, y);
	ops_num(d, w);
	ops_num(d, h);
	ops_put(d, "re\n", 3);
}

/* A circle as four Bézier quarters, as libharu draws it. */
static void circle(pdf_doc *d, double x, double y, double r)
{
	const double k = 0.552 * r;

	move_to(d, x - r, y);
	ops_num(d, x - r), ops_num(d, y + k), ops_num(d, x - k), ops_num(d, y + r);
	ops_num(d, x), ops_num(d, y + r), ops_put(d, "c\n", 2);
	ops_num(d, x + k), ops_num(d, y + r), ops_num(d, x + r), ops_num(d, y + k);
	ops_num(d, x + r), ops_num(d, y), ops_put(d, "c\n", 2);
	ops_num(d, x + r), ops_num(d, y - k), ops_num(d, x + k), ops_num(d, y - r);
	ops_num(d, x), ops_num(d, y - r), ops_put(d, "c\n", 2);
	ops_num(d, x - k), ops_num(d, y - r), ops_num(d, x - r), ops_num(d, y - k);
	ops_num(d, x - r), ops_num(d, y), ops_put(d, "c\n", 2);
}

static void close_path(pdf_doc *d) { ops_put(d, "h\n", 2); }
static void stroke(pdf_doc *d) { ops_put(d, "S\n", 2); }
static void fill(pdf_doc *d) { ops_put(d, "f\n", 2); }
static void fill_stroke(pdf_doc *d) { ops_put(d, "B\n", 2); }

/* q and Q; one level deep (the radar's series). */
static void gsave(pdf_doc *d)
{
	settle(d);
	ops_put(d, "q\n", 2);
	d->saved_gs = d->gs;
}

static void grestore(pdf_doc *d)
{
	settle(d);
	ops_put(d, "Q\n", 2);
	d->gs = d->saved_gs;
}

static void dash(pdf_doc *d, const char *pattern)
{
	settle(d);
	ops_str(d, pattern);
	ops_put(d, " 0 d\n", 5);
}

/* Appends the operators written so far to the current page's content. */
static void flush_page(pdf_doc *d)
{
	HPDF_PageAttr attr;

	if (!d->page)
		return;
	settle(d);
	if (bad(d) || d->ops_len == 0)
		return;
	attr = (HPDF_PageAttr)d->page->attr;
	if (attr->contents->write_fn) { /* compressed by a save (deflate_pages): drawing is over */
		log_error("PDF : dessin sur une page déjà enregistrée");
		log_hint("relancez avec -v ; si l'erreur persiste, signalez-la avec la commande lancée");
		set_error(d, LECAP_IO);
		return;
	}
	if (HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)d->ops, (HPDF_UINT)d->ops_len) != HPDF_OK) {
		log_error("libharu : mémoire insuffisante pour le contenu d'une page du PDF");
		log_hint("relancez avec -v ; si l'erreur persiste, signalez-la avec la commande lancée");
		set_error(d, LECAP_IO);
	}
	d->ops_len = 0;
}

/* Drawing goes on page p, after what it already holds. */
static void switch_page(pdf_doc *d, HPDF_Page p)
{
	if (p == d->page)
		return;
	flush_page(d);
	d->page = p;
	memset(&d->gs, 0, sizeof(d->gs));
	d->saved_gs = d->gs;
}

/* Draws len bytes of s with its left end at (x, baseline y). */
static void text_at(pdf_doc *d, int f, double size, struct rgb c, double x, double y,
		    const char *s, size_t len)
{
	long long ux = units(x), uy = units(y);
	char *b;
	size_t n = 0;

	if (bad(d) || len == 0)
		return;
	if (!d->in_text) {
		flush_stroke(d);
		ops_put(d, "BT\n", 3);
		d->in_text = true;
		d->tx = d->ty = 0; /* BT resets the line matrix */
	}
	if (!d->gs.font_ok || d->gs.font != f || d->gs.size != size) {
		const char *name = HPDF_Page_GetLocalFontName(d->page, d->font[f]);
		if (!name) {
			if (!bad(d))
				log_error("libharu : police impossible à déclarer sur la page du PDF");
			set_error(d, LECAP_IO);
			return;
		}
		ops_put(d, "/", 1);
		ops_str(d, name);
		ops_put(d, " ", 1);
		ops_num(d, size);
		ops_put(d, "Tf\n", 3);
		d->gs.font = f;
		d->gs.size = size;
		d->gs.font_ok = true;
	}
	fill_color(d, c);
	/* Td moves from the start of the previous line: by the difference of
	 * the positions as written, exact in units of 10^-5, so nothing drifts */
	ops_units(d, ux - d->tx);
	ops_units(d, uy - d->ty);
	ops_put(d, "Td\n", 3);
	d->tx = ux;
	d->ty = uy;
	/* (string) Tj: at most 4 bytes per byte, escaped as PDF requires */
	b = grow(d, d->ops, &d->ops_cap, d->ops_len + 4 * len + 8, 1);
	if (!b)
		return;
	d->ops = b;
	b += d->ops_len;
	b[n++] = '(';
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == '(' || ch == ')' || ch == '\\') {
			b[n++] = '\\';
			b[n++] = (char)ch;
		} else if (ch < 0x20) {
			b[n++] = '\\';
			b[n++] = (char)('0' + (ch >> 6));
			b[n++] = (char)('0' + ((ch >> 3) & 7));
			b[n++] = (char)('0' + (ch & 7));
		} else {
			b[n++] = (char)ch;
		}
	}
	memcpy(b + n, ") Tj\n", 5);
	d->ops_len += n + 5;
}

/* Draws s aligned in [left, right] on baseline y. */
static void text_aligned(pdf_doc *d, int f, double size, struct rgb c, double left, double right,
			 double y, enum pdf_align a, const char *s, size_t len)
{
	double w = text_width(d, f, size, s, len), x = left;

	if (a == PDF_RIGHT)
		x = right - w;
	else if (a == PDF_CENTER)
		x = left + (right - left - w) / 2;
	text_at(d, f, size, c, x, y, s, len);
}

static void rect(pdf_doc *d, double x, double y, double w, double h, struct rgb c)
{
	if (bad(d))
		return;
	settle(d);
	fill_color(d, c);
	rectangle(d, x, y, w, h);
	fill(d);
}

/*
 * A straight rule. Consecutive rules of the same colour and width are one
 * path, stroked by whatever is drawn next (a table's row rules, a chart's
 * grid): the painting order does not change.
 */
static void line(pdf_doc *d, double x1, double y1, double x2, double y2, double width, struct rgb c)
{
	if (bad(d))
		return;
	end_text(d);
	stroke_color(d, c); /* each strokes the pending rules if it changes */
	line_width(d, width);
	ops_num(d, x1);
	ops_num(d, y1);
	ops_put(d, "m ", 2);
	line_to(d, x2, y2);
	d->stroke_pending = true;
}

/* Wrapped lines of s (already in d->lines) from baseline y, lead apart. */
static void draw_lines(pdf_doc *d, int f, double size, struct rgb c, double left, double right,
		       double y, double lead, enum pdf_align a, const char *s)
{
	for (size_t i = 0; i < d->nlines && !bad(d); i++)
		text_aligned(d, f, size, c, left, right, y - (double)i * lead, a,
			     s + d->lines[i].off, d->lines[i].len);
}

/* --- pages --------------------------------------------------------------- */

/* Never calls wrap(): a page break must not disturb the caller's lines. */
static void draw_header(pdf_doc *d)
{
	text_at(d, F_REGULAR, 7.5, C_GREY, MARGIN_L, HEADER_Y, d->title, d->title_len);
	line(d, MARGIN_L, HEADER_Y - 5, PAGE_W - MARGIN_R, HEADER_Y - 5, 0.5, C_RULE);
}

static void new_page(pdf_doc *d)
{
	HPDF_Page p;
	HPDF_Page *pages;

	if (bad(d))
		return;
	pages = grow(d, d->pages, &d->cap, d->npages + 1, sizeof(*pages));
	if (!pages)
		return;
	d->pages = pages;
	p = HPDF_AddPage(d->h);
	if (!p) {
		set_error(d, LECAP_IO);
		return;
	}
	HPDF_Page_SetSize(p, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
	d->pages[d->npages++] = p;
	switch_page(d, p);
	d->y = TOP;
	ops_put(d, "1 j\n", 4); /* round joins */
	if (d->no_header)
		d->no_header = false;
	else
		draw_header(d);
}

/* Makes room for h points at the cursor, on a new page if needed. */
static void ensure(pdf_doc *d, double h)
{
	if (!d->page || d->y - h < BOTTOM)
		new_page(d);
}

static void draw_footers(pdf_doc *d)
{
	for (size_t i = 0; i < d->npages && !bad(d); i++) {
		char num[64];

		switch_page(d, d->pages[i]);
		line(d, MARGIN_L, FOOTER_Y + 11, PAGE_W - MARGIN_R, FOOTER_Y + 11, 0.5, C_RULE);
		snprintf(num, sizeof(num), "page %zu / %zu", i + 1, d->npages);
		text_aligned(d, F_REGULAR, 7.5, C_GREY, MARGIN_L, PAGE_W - MARGIN_R, FOOTER_Y, PDF_RIGHT,
			     num, strlen(num));
		text_at(d, F_REGULAR, 7.5, C_GREY, MARGIN_L, FOOTER_Y, d->footer, d->footer_len);
	}
	flush_page(d);
	d->finished = true;
}

/* --- lifecycle ------------------------------------------------------------ */

/*
 * Glyph widths of a font in WinAnsiEncoding. The base-14 widths never change:
 * they are measured once per process, which saves a member report 510
 * libharu calls; an embedded TTF is measured per document. The photographies'
 * workers (reports/entreprise_pool.c) share the table: a lock guards it.
 */
static double helvetica_widths[F_COUNT][256];
static bool helvetica_measured[F_COUNT];
static pthread_mutex_t helvetica_lock = PTHREAD_MUTEX_INITIALIZER;

static void measure_font(pdf_doc *d, int f)
{
	bool base14 = !d->ttf, known = false;

	if (base14) {
		pthread_mutex_lock(&helvetica_lock);
		if ((known = helvetica_measured[f]))
			memcpy(d->widths[f], helvetica_widths[f], sizeof(d->widths[f]));
		pthread_mutex_unlock(&helvetica_lock);
	}
	if (known)
		return;
	for (int c = 1; c < 256; c++) {
		HPDF_BYTE b = (HPDF_BYTE)c;
		HPDF_TextWidth tw = HPDF_Font_TextWidth(d->font[f], &b, 1);
		d->widths[f][c] = tw.width;
	}
	d->widths[f][0] = 0;
	if (base14 && !bad(d)) {
		pthread_mutex_lock(&helvetica_lock);
		memcpy(helvetica_widths[f], d->widths[f], sizeof(d->widths[f]));
		helvetica_measured[f] = true;
		pthread_mutex_unlock(&helvetica_lock);
	}
}

/* "x.ttf" → "x-Bold.ttf" when that file exists; else NULL. */
static char *bold_variant(const char *path)
{
	size_t n = strlen(path);
	char *b;

	if (n < 4 || strcasecmp(path + n - 4, ".ttf") != 0)
		return NULL;
	b = malloc(n + 6);
	if (!b)
		return NULL;
	memcpy(b, path, n - 4);
	memcpy(b + n - 4, "-Bold", 5);
	memcpy(b + n + 1, path + n - 4, 5);
	if (access(b, R_OK) != 0) {
		free(b);
		return NULL;
	}
	return b;
}

static int load_fonts(pdf_doc *d, const char *ttf)
{
	if (!ttf || !*ttf) {
		d->font[F_REGULAR] = HPDF_GetFont(d->h, "Helvetica", "WinAnsiEncoding");
		d->font[F_BOLD] = HPDF_GetFont(d->h, "Helvetica-Bold", "WinAnsiEncoding");
	} else {
		FILE *f = fopen(ttf, "rb");
		char *bold;
		const char *name;

		if (!f) {
			log_error("[rapports] police : impossible de lire %s : %s", ttf, strerror(errno));
			log_hint("indiquez un fichier TrueType (.ttf) lisible, ou laissez police vide pour Helvetica");
			set_error(d, LECAP_USAGE);
			return d->err;
		}
		fclose(f);
		d->ttf = true;
		d->loading_font = true;
		name = HPDF_LoadTTFontFromFile(d->h, ttf, HPDF_TRUE);
		if (name)
			d->font[F_REGULAR] = HPDF_GetFont(d->h, name, "WinAnsiEncoding");
		bold = bold_variant(ttf);
		if (bold && !bad(d)) {
			name = HPDF_LoadTTFontFromFile(d->h, bold, HPDF_TRUE);
			if (name)
				d->font[F_BOLD] = HPDF_GetFont(d->h, name, "WinAnsiEncoding");
		} else {
			d->font[F_BOLD] = d->font[F_REGULAR];
		}
		free(bold);
		d->loading_font = false;
	}
	if (!bad(d) && (!d->font[F_REGULAR] || !d->font[F_BOLD]))
		set_error(d, LECAP_IO);
	if (bad(d))
		return d->err;
	measure_font(d, F_REGULAR);
	measure_font(d, F_BOLD);
	/* header and footer hold one line: measured once here */
	d->title_len = wrap(d, F_REGULAR, 7.5, d->title, CONTENT_W) > 0 ? d->lines[0].len : 0;
	d->footer_len = wrap(d, F_REGULAR, 7.5, d->footer, CONTENT_W - 70) > 0 ? d->lines[0].len : 0;
	return d->err;
}

/* The key under which the fingerprint sits in the Info dictionary; written
 * as a literal string of hex digits, which libharu never escapes or
 * compresses, so pdf_file_has_fingerprint() finds it as plain bytes. */
#define FINGERPRINT_KEY "LecapEmpreinte"

/* libharu's public API sets only the standard Info entries: a custom one
 * goes through its dictionary API (hpdf_objects.h, installed with hpdf.h).
 * The Title set before created the Info dictionary. */
static void set_fingerprint(pdf_doc *d, const char *hex)
{
	HPDF_String s;

	if (!d->h->info) {
		set_error(d, LECAP_IO);
		log_error("PDF : dictionnaire Info absent, empreinte non écrite");
		return;
	}
	s = HPDF_String_New(d->h->mmgr, hex, NULL);
	if (!s || HPDF_Dict_Add(d->h->info, FINGERPRINT_KEY, s) != HPDF_OK)
		set_error(d, LECAP_IO);
}

static bool contains(const unsigned char *hay, size_t len, const char *needle, size_t n)
{
	for (size_t i = 0; n <= len && i <= len - n; i++)
		if (hay[i] == (unsigned char)needle[0] && memcmp(hay + i, needle, n) == 0)
			return true;
	return false;
}

bool pdf_file_has_fingerprint(const char *path, const char *fingerprint)
{
	char needle[160];
	unsigned char *buf = NULL;
	struct stat st;
	bool found = false;
	size_t off = 0;
	int n = snprintf(needle, sizeof needle, "/" FINGERPRINT_KEY " (%s)", fingerprint);
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return false;
	if (n <= 0 || (size_t)n >= sizeof needle || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size <= 0 || st.st_size > (16 << 20) || !(buf = malloc((size_t)st.st_size)))
		goto cleanup;
	while (off < (size_t)st.st_size) {
		ssize_t r = read(fd, buf + off, (size_t)st.st_size - off);
		if (r <= 0)
			goto cleanup;
		off += (size_t)r;
	}
	/* a complete file ends with %%EOF (pdf_doc_save renames only whole files) */
	found = off >= 8 && contains(buf + off - 8, 8, "%%EOF", 5) && contains(buf, off, needle, (size_t)n);
cleanup:
	free(buf);
	close(fd);
	return found;
}

bool pdf_file_complete(const char *path)
{
	unsigned char tail[8];
	struct stat st;
	bool ok = false;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return false;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= 8 &&
	    pread(fd, tail, sizeof tail, st.st_size - (off_t)sizeof tail) == (ssize_t)sizeof tail)
		ok = contains(tail, sizeof tail, "%%EOF", 5);
	close(fd);
	return ok;
}

static void set_info(pdf_doc *d, HPDF_InfoType type, const char *utf8)
{
	char *s;

	if (bad(d) || !utf8 || !*utf8 || !(s = cp(d, utf8)))
		return;
	HPDF_SetInfoAttr(d->h, type, s);
	free(s);
}

/*
 * The catalog entries libharu's API lacks: the document language (/Lang,
 * read by screen readers), the viewer showing the Title rather than the
 * file name (/ViewerPreferences /DisplayDocTitle), and the bookmarks panel
 * open (/PageMode /UseOutlines).
 */
static void set_catalog(pdf_doc *d)
{
	HPDF_String lang;
	HPDF_Dict prefs;

	if (bad(d))
		return;
	lang = HPDF_String_New(d->h->mmgr, "fr-FR", NULL);
	prefs = HPDF_Dict_New(d->h->mmgr);
	if (!lang || !prefs || HPDF_Dict_Add(d->h->catalog, "Lang", lang) != HPDF_OK ||
	    HPDF_Dict_AddBoolean(prefs, "DisplayDocTitle", HPDF_TRUE) != HPDF_OK ||
	    HPDF_Dict_Add(d->h->catalog, "ViewerPreferences", prefs) != HPDF_OK ||
	    HPDF_SetPageMode(d->h, HPDF_PAGE_MODE_USE_OUTLINE) != HPDF_OK)
		set_error(d, LECAP_IO);
}

/* A bookmark to the current page: level 1 at the root, level 2 under the last level 1. */
static void bookmark(pdf_doc *d, int level, const char *cp1252)
{
	HPDF_Outline parent = level >= 2 ? d->outline1 : NULL, o; /* NULL: the root */
	HPDF_Destination dst;

	if (bad(d) || !d->page)
		return;
	o = HPDF_CreateOutline(d->h, parent, cp1252, d->encoder);
	dst = o ? HPDF_Page_CreateDestination(d->page) : NULL;
	if (!o || !dst || HPDF_Outline_SetDestination(o, dst) != HPDF_OK) {
		set_error(d, LECAP_IO);
		return;
	}
	if (level < 2) {
		HPDF_Outline_SetOpened(o, HPDF_TRUE);
		d->outline1 = o;
	}
}

int pdf_doc_new(const struct pdf_info *info, pdf_doc **out)
{
	pdf_doc *d = calloc(1, sizeof(*d));
	int ret;

	*out = NULL;
	if (!d)
		return log_fail(LECAP_IO, "mémoire insuffisante pour produire le PDF");
	d->h = HPDF_New(on_hpdf_error, d);
	if (!d->h) {
		free(d);
		return log_fail(LECAP_IO, "mémoire insuffisante pour produire le PDF (libharu)");
	}
	/* page contents: deflate_pages(); fonts embedded from [rapports] police: libharu */
	HPDF_SetCompressionMode(d->h, HPDF_COMP_IMAGE | HPDF_COMP_METADATA);
	d->title = cp(d, info->title);
	d->footer = cp(d, info->footer);
	/* the Info strings and the outline titles are written as text strings
	 * (UTF-16BE with its byte order mark) from their Windows-1252 form */
	if (!bad(d))
		HPDF_SetCurrentEncoder(d->h, "WinAnsiEncoding");
	if (!bad(d))
		d->encoder = HPDF_GetEncoder(d->h, "WinAnsiEncoding");
	if (!bad(d) && info->title && *info->title)
		HPDF_SetInfoAttr(d->h, HPDF_INFO_TITLE, d->title);
	set_info(d, HPDF_INFO_SUBJECT, info->subject);
	set_info(d, HPDF_INFO_AUTHOR, info->author);
	set_info(d, HPDF_INFO_KEYWORDS, info->keywords);
	if (!bad(d))
		HPDF_SetInfoAttr(d->h, HPDF_INFO_CREATOR, "lecap");
	set_catalog(d);
	if (!bad(d) && info->year > 0) {
		HPDF_Date date;
		memset(&date, 0, sizeof(date));
		date.year = info->year;
		date.month = info->month;
		date.day = info->day;
		date.ind = ' ';
		HPDF_SetInfoDateAttr(d->h, HPDF_INFO_CREATION_DATE, date);
	}
	if (!bad(d) && info->fingerprint)
		set_fingerprint(d, info->fingerprint);
	if (!bad(d))
		load_fonts(d, info->font_path);
	ret = d->err;
	if (ret) {
		pdf_doc_free(d);
		return ret;
	}
	*out = d;
	return LECAP_OK;
}

void pdf_doc_free(pdf_doc *d)
{
	if (!d)
		return;
	if (d->h)
		HPDF_Free(d->h);
	for (size_t i = 0; i < PDF_MAX_COLUMNS; i++)
		free(d->tab.titles[i]);
	free(d->title);
	free(d->footer);
	free(d->pages);
	free(d->lines);
	free(d->ops);
	free(d);
}

int pdf_status(const pdf_doc *d)
{
	return d->err;
}

size_t pdf_page_count(const pdf_doc *d)
{
	return d->npages;
}

/* --- saving ----------------------------------------------------------------- */

/* mkdir -p with mode 0750 (whatever the umask) for the directories it creates. */
static int make_dirs(const char *dir)
{
	char failed[PATH_MAX];

	if (dirs_make(dir, 0750, DIRS_EXACT_MODE | DIRS_MUST_BE_DIR, failed, sizeof(failed)) == 0)
		return LECAP_OK;
	if (errno == ENOMEM)
		return log_fail(LECAP_IO, "mémoire insuffisante");
	log_error("impossible de créer le répertoire %s : %s", failed,
		  errno == EEXIST ? "un fichier porte ce nom" : strerror(errno));
	log_hint("vérifiez [chemins] rapports ou l'option --out, et les droits du répertoire parent");
	return LECAP_IO;
}

static int write_all(int fd, const unsigned char *buf, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, buf, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += w;
		len -= (size_t)w;
	}
	return 0;
}

/*
 * The pages' content streams are compressed here rather than by libharu,
 * which deflates each stream at zlib's default level with a state made and
 * cleared anew per stream: half of lecap's CPU when it draws photographies
 * (perf: docs/performance.md, « Le tas gardé et le contenu des pages
 * compressé par lecap »). Compressed by libdeflate (whole buffers, zlib
 * format as /FlateDecode reads it) at CONTENT_LEVEL: zlib's level 1 was
 * still 30 % of lecap's CPU drawing photographies; libdeflate's level 1 is
 * twice as fast on the same page contents and 7 % smaller (docs/performance.md,
 * « Les pages compressées par libdeflate »). One compressor per document;
 * the bytes depend only on the operators and on libdeflate's version.
 * libharu writes a stream's /Filter only from its own filter, which stays
 * NONE for these streams: the dictionary's write hook adds it.
 */
#define CONTENT_LEVEL 1

static HPDF_STATUS write_flate_filter(HPDF_Dict dict, HPDF_Stream stream)
{
	(void)dict;
	return HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\012");
}

struct deflate_bufs {
	char *raw, *out;
	size_t raw_cap, out_cap;
};

/* Deflates the raw content of page p (raw and out: buffers grown as needed). */
static bool deflate_page(pdf_doc *d, struct libdeflate_compressor *z, HPDF_Page p, struct deflate_bufs *b)
{
	HPDF_PageAttr attr = (HPDF_PageAttr)p->attr;
	HPDF_UINT32 size = HPDF_Stream_Size(attr->stream), got = size;
	size_t bound = libdeflate_zlib_compress_bound(z, size), n;
	char *raw = grow(d, b->raw, &b->raw_cap, size ? size : 1, 1), *out;

	if (!raw)
		return false;
	b->raw = raw;
	if (!(out = grow(d, b->out, &b->out_cap, bound, 1)))
		return false;
	b->out = out;
	if (size > 0 && (HPDF_Stream_Seek(attr->stream, 0, HPDF_SEEK_SET) != HPDF_OK ||
			 HPDF_Stream_Read(attr->stream, (HPDF_BYTE *)b->raw, &got) != HPDF_OK || got != size))
		return false;
	if ((n = libdeflate_zlib_compress(z, b->raw, size, b->out, bound)) == 0)
		return false;
	HPDF_MemStream_FreeData(attr->stream);
	if (HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)b->out, (HPDF_UINT)n) != HPDF_OK)
		return false;
	attr->contents->write_fn = write_flate_filter;
	return true;
}

static int deflate_pages(pdf_doc *d)
{
	struct libdeflate_compressor *z = libdeflate_alloc_compressor(CONTENT_LEVEL);
	struct deflate_bufs b = {0};
	bool ok = z != NULL;

	for (size_t i = 0; ok && i < d->npages && !bad(d); i++) {
		HPDF_PageAttr attr = (HPDF_PageAttr)d->pages[i]->attr;

		if (attr->contents->write_fn != write_flate_filter) /* a second save: done */
			ok = deflate_page(d, z, d->pages[i], &b);
	}
	if (!ok && !bad(d)) {
		log_error("compression du contenu d'une page du PDF impossible (mémoire insuffisante ?)");
		set_error(d, LECAP_IO);
	}
	libdeflate_free_compressor(z);
	free(b.raw);
	free(b.out);
	return d->err;
}

/* The serialized document in a malloc'd buffer. */
static int serialize(pdf_doc *d, unsigned char **buf, size_t *len)
{
	HPDF_UINT32 size, got;

	*buf = NULL;
	if (deflate_pages(d))
		return d->err;
	if (HPDF_SaveToStream(d->h) != HPDF_OK || bad(d)) {
		set_error(d, LECAP_IO);
		return d->err;
	}
	size = HPDF_GetStreamSize(d->h);
	*buf = malloc(size ? size : 1);
	if (!*buf) {
		log_error("mémoire insuffisante pour produire le PDF");
		set_error(d, LECAP_IO);
		return d->err;
	}
	HPDF_ResetStream(d->h);
	got = size;
	/* Reading exactly the stream's size never meets the end-of-stream status. */
	if (size > 0 && (HPDF_ReadFromStream(d->h, *buf, &got) != HPDF_OK || got != size)) {
		set_error(d, LECAP_IO);
		free(*buf);
		*buf = NULL;
		return d->err;
	}
	*len = size;
	return LECAP_OK;
}

static _Atomic unsigned long files_written, files_unchanged; /* the workers' saves too */

unsigned long pdf_files_written(void) { return files_written; }
unsigned long pdf_files_unchanged(void) { return files_unchanged; }

/* Whether path already holds exactly these bytes. */
static bool same_bytes(const char *path, const unsigned char *buf, size_t len)
{
	unsigned char chunk[65536];
	struct stat st;
	size_t off = 0;
	bool same = false;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return false;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size != len)
		goto cleanup;
	while (off < len) {
		ssize_t n = read(fd, chunk, sizeof(chunk));
		if (n <= 0 || memcmp(chunk, buf + off, (size_t)n) != 0)
			goto cleanup;
		off += (size_t)n;
	}
	same = true;
cleanup:
	close(fd);
	return same;
}

/*
 * A report is written into a temporary ".NAME.XXXXXX" beside it, then renamed
 * over it. A writer killed in between leaves its temporary behind; the next
 * writer into the directory removes it, so that a rerun leaves the same tree
 * as an uninterrupted run. Other writers may be alive in the same directory
 * (lecap report does not take the run lock; the photographies' workers are
 * threads of one process): each process holds a shared flock on every
 * directory it writes into, from its first write there to its exit, and
 * removes temporaries only when it gets that lock exclusive first — no other
 * writer is alive there, so every temporary is a dead one's. That read of the
 * directory is made once per directory and process: once per report it was
 * 8 % of lecap's CPU drawing 1,900 photographies at 10,000 members (400
 * entries per region directory), and so was the mkdir -p before it.
 */
struct prepared_dir {
	char *path;
	int fd; /* holds the shared lock; -1 where flock is not supported */
};

static pthread_mutex_t prepared_lock = PTHREAD_MUTEX_INITIALIZER;
static struct prepared_dir *prepared;
static size_t nprepared, prepared_cap;

/* A temporary of pdf_doc_save: ".NAME.pdf.XXXXXX". */
static bool is_temporary(const char *name)
{
	size_t n = strlen(name);

	return name[0] == '.' && n > 12 && name[n - 7] == '.' && strncmp(name + n - 11, ".pdf", 4) == 0;
}

static void remove_dead_temporaries(int dirfd_)
{
	int fd = dup(dirfd_);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *e;

	if (!d) {
		if (fd >= 0)
			close(fd);
		return;
	}
	rewinddir(d);
	while ((e = readdir(d)) != NULL)
		if (is_temporary(e->d_name))
			unlinkat(dirfd(d), e->d_name, 0);
	closedir(d);
}

static int flock_retry(int fd, int op)
{
	int r;

	while ((r = flock(fd, op)) != 0 && errno == EINTR)
		;
	return r;
}

/* Makes dir (mkdir -p) and, the first time this process writes there, takes
 * its lock and removes the dead writers' temporaries (above). */
static int prepare_dir(const char *dir)
{
	int ret = LECAP_OK, fd;

	pthread_mutex_lock(&prepared_lock);
	for (size_t i = 0; i < nprepared; i++)
		if (strcmp(prepared[i].path, dir) == 0)
			goto cleanup;
	if ((ret = make_dirs(dir)) != LECAP_OK)
		goto cleanup;
	if (nprepared == prepared_cap) {
		size_t cap = prepared_cap ? 2 * prepared_cap : 16;
		struct prepared_dir *p = realloc(prepared, cap * sizeof(*p));
		if (!p) {
			ret = log_fail(LECAP_IO, "mémoire insuffisante");
			goto cleanup;
		}
		prepared = p;
		prepared_cap = cap;
	}
	if (!(prepared[nprepared].path = strdup(dir))) {
		ret = log_fail(LECAP_IO, "mémoire insuffisante");
		goto cleanup;
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0 && flock_retry(fd, LOCK_EX | LOCK_NB) == 0) {
		remove_dead_temporaries(fd);
		flock_retry(fd, LOCK_SH); /* no temporary of this process there yet */
	} else if (fd >= 0 && (errno != EWOULDBLOCK || flock_retry(fd, LOCK_SH) != 0)) {
		close(fd); /* no lock here (ENOLCK...): nothing removed, ever */
		fd = -1;
	}
	prepared[nprepared++].fd = fd;
cleanup:
	pthread_mutex_unlock(&prepared_lock);
	return ret;
}

/* The directory vanished since it was prepared: prepared again next time. */
static void forget_dir(const char *dir)
{
	pthread_mutex_lock(&prepared_lock);
	for (size_t i = 0; i < nprepared; i++)
		if (strcmp(prepared[i].path, dir) == 0) {
			free(prepared[i].path);
			if (prepared[i].fd >= 0)
				close(prepared[i].fd);
			prepared[i] = prepared[--nprepared];
			break;
		}
	pthread_mutex_unlock(&prepared_lock);
}

/* A report that cannot be written: the path, why, what to do. Nothing
 * partial is left (the temporary file is removed). */
static void write_error(const char *path, const char *dir, int err)
{
	log_error("impossible d'écrire le rapport %s : %s", path, text_errno(err));
	if (text_errno_full(err))
		log_hint("libérez de la place sur le système de fichiers de %s, puis relancez : les rapports "
			 "manquants seront écrits ; aucun fichier partiel n'est laissé",
			 dir);
	else
		log_hint("vérifiez les droits et l'espace libre du répertoire %s ; aucun fichier partiel n'est "
			 "laissé",
			 dir);
}

/* A failed write of the temporary file tmp: nothing is left behind. */
static int write_failed(const char *path, const char *dir, const char *tmp, int fd, int err)
{
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	write_error(path, dir, err);
	return LECAP_IO;
}

/* write_replace's answer when dir no longer exists (pdf_doc_save prepares it again). */
enum { DIR_GONE = -1 };

/* Writes buf into a new temporary file from the template tmp (in dir), then
 * renames it to path: a reader sees the old file or the whole new one.
 * DIR_GONE (when may_retry) when dir no longer exists. */
static int write_replace(const char *path, const char *dir, char *tmp, const unsigned char *buf,
			 size_t len, bool may_retry)
{
	int fd = mkstemp(tmp);

	if (fd < 0 && errno == ENOENT && may_retry)
		return DIR_GONE;
	if (fd < 0) {
		write_error(path, dir, errno);
		return LECAP_IO;
	}
#ifdef LECAP_TEST_HOOKS
	/* Test hook: killed while the PDF is written (half of it on disk). */
	if (getenv("LECAP_TEST_CRASH") && write_all(fd, buf, len / 2) == 0)
		test_crash_point("pdf-en-ecriture");
#endif
	if (fchmod(fd, 0640) != 0 || lseek(fd, 0, SEEK_SET) != 0 || write_all(fd, buf, len) != 0)
		return write_failed(path, dir, tmp, fd, errno);
	if (close(fd) != 0)
		return write_failed(path, dir, tmp, -1, errno);
	if (rename(tmp, path) != 0)
		return write_failed(path, dir, tmp, -1, errno);
	return LECAP_OK;
}

int pdf_doc_save(pdf_doc *d, const char *path)
{
	unsigned char *buf = NULL;
	size_t len = 0;
	char *dir = NULL, *tmp = NULL;
	const char *base;
	int ret;

	if (bad(d))
		return d->err;
	if (!d->page)
		new_page(d); /* an empty document still has one page */
	if (!d->finished)
		draw_footers(d);
	ret = serialize(d, &buf, &len);
	if (ret)
		goto cleanup;
	/* Identical content: the file, and its mtime, stay as they are, so that
	 * a night with nothing new rewrites nothing. */
	if (same_bytes(path, buf, len)) {
		files_unchanged++;
		goto cleanup;
	}

	base = strrchr(path, '/');
	dir = base ? strndup(path, (size_t)(base - path)) : strdup(".");
	base = base ? base + 1 : path;
	if (!dir || !(tmp = malloc(strlen(path) + 16))) {
		ret = log_fail(LECAP_IO, "mémoire insuffisante");
		goto cleanup;
	}
	if (!*dir) { /* a report at the root */
		free(dir);
		if (!(dir = strdup("/"))) {
			ret = log_fail(LECAP_IO, "mémoire insuffisante");
			goto cleanup;
		}
	}
	if ((ret = prepare_dir(dir)) != LECAP_OK)
		goto cleanup;
	snprintf(tmp, strlen(path) + 16, "%s/.%s.XXXXXX", dir, base);
	ret = write_replace(path, dir, tmp, buf, len, true);
	if (ret == DIR_GONE) { /* removed since this process prepared it */
		forget_dir(dir);
		if ((ret = prepare_dir(dir)) != LECAP_OK)
			goto cleanup;
		snprintf(tmp, strlen(path) + 16, "%s/.%s.XXXXXX", dir, base);
		ret = write_replace(path, dir, tmp, buf, len, false);
	}
	if (ret == LECAP_OK)
		files_written++;
cleanup:
	free(buf);
	free(dir);
	free(tmp);
	return ret;
}

/* --- flow elements ---------------------------------------------------------- */

int pdf_page_break(pdf_doc *d)
{
	new_page(d);
	return d->err;
}

int pdf_need(pdf_doc *d, double points)
{
	if (!bad(d))
		ensure(d, points);
	return d->err;
}

double pdf_room(const pdf_doc *d)
{
	return d->page && d->y > BOTTOM ? d->y - BOTTOM : 0;
}

int pdf_space(pdf_doc *d, double points)
{
	if (bad(d))
		return d->err;
	if (!d->page)
		new_page(d);
	d->y -= points;
	return d->err;
}

/* A page that opens a document (no running header): its kicker, title and
 * subtitle in CP1252 (*k, *t, *s, the caller frees them), the title
 * bookmarked. False when the document is in error. */
static bool title_page(pdf_doc *d, const char *kicker, const char *title, const char *subtitle, char **k,
		       char **t, char **s)
{
	d->no_header = true;
	new_page(d);
	*k = cp(d, kicker);
	*t = cp(d, title);
	*s = cp(d, subtitle);
	if (bad(d))
		return false;
	bookmark(d, 1, *t);
	return true;
}

int pdf_cover(pdf_doc *d, const char *kicker, const char *title, const char *subtitle,
	      const char *const *lines, size_t nlines)
{
	char *k = NULL, *t = NULL, *s = NULL;
	double y;

	if (bad(d))
		return d->err;
	if (!title_page(d, kicker, title, subtitle, &k, &t, &s))
		goto cleanup;
	rect(d, 0, PAGE_H - 330, PAGE_W, 330, C_ACCENT);
	y = PAGE_H - 120;
	if (wrap(d, F_BOLD, 11, k, CONTENT_W) > 0) {
		draw_lines(d, F_BOLD, 11, C_WHITE, MARGIN_L, PAGE_W - MARGIN_R, y, 14, PDF_LEFT, k);
		y -= 14.0 * (double)d->nlines + 24;
	}
	wrap(d, F_BOLD, 26, t, CONTENT_W);
	draw_lines(d, F_BOLD, 26, C_WHITE, MARGIN_L, PAGE_W - MARGIN_R, y, 31, PDF_LEFT, t);
	y -= 31.0 * (double)d->nlines + 10;
	wrap(d, F_REGULAR, 14, s, CONTENT_W);
	draw_lines(d, F_REGULAR, 14, C_WHITE, MARGIN_L, PAGE_W - MARGIN_R, y, 18, PDF_LEFT, s);
	y = PAGE_H - 380;
	for (size_t i = 0; i < nlines && !bad(d); i++) {
		char *l = cp(d, lines[i]);
		if (!l)
			break;
		wrap(d, F_REGULAR, 11, l, CONTENT_W);
		draw_lines(d, F_REGULAR, 11, C_TEXT, MARGIN_L, PAGE_W - MARGIN_R, y, 15, PDF_LEFT, l);
		y -= 15.0 * (double)d->nlines + 6;
		free(l);
	}
	d->y = BOTTOM - 1; /* the next element starts a page */
cleanup:
	free(k);
	free(t);
	free(s);
	return d->err;
}

int pdf_title_band(pdf_doc *d, const char *kicker, const char *title, const char *subtitle)
{
	char *k = NULL, *t = NULL, *s = NULL;
	double y, band;

	if (bad(d))
		return d->err;
	if (!title_page(d, kicker, title, subtitle, &k, &t, &s))
		goto cleanup;
	/* the band's height follows the title's lines */
	size_t nt = wrap(d, F_BOLD, 22, t, CONTENT_W);
	band = 118 + 26.0 * (double)(nt > 0 ? nt - 1 : 0);
	rect(d, 0, PAGE_H - band, PAGE_W, band, C_ACCENT);
	y = PAGE_H - 40;
	if (wrap(d, F_BOLD, 10, k, CONTENT_W) > 0) {
		draw_lines(d, F_BOLD, 10, C_WHITE, MARGIN_L, PAGE_W - MARGIN_R, y, 13, PDF_LEFT, k);
		y -= 13.0 * (double)d->nlines + 14;
	}
	wrap(d, F_BOLD, 22, t, CONTENT_W);
	draw_lines(d, F_BOLD, 22, C_WHITE, MARGIN_L, PAGE_W - MARGIN_R, y, 26, PDF_LEFT, t);
	y -= 26.0 * (double)d->nlines + 4;
	wrap(d, F_REGULAR, 12, s, CONTENT_W);
	draw_lines(d, F_REGULAR, 12, C_WHITE, MARGIN_L, PAGE_W - MARGIN_R, y, 15, PDF_LEFT, s);
	d->y = PAGE_H - band - 14;
cleanup:
	free(k);
	free(t);
	free(s);
	return d->err;
}

int pdf_heading(pdf_doc *d, int level, const char *text)
{
	static const double size[] = {16, 12, 10};
	static const double after[] = {10, 6, 4};
	char *t;
	int i = level < 1 ? 0 : level > 3 ? 2 : level - 1;
	double lead = size[i] * 1.2, h;

	if (bad(d))
		return d->err;
	t = cp(d, text);
	if (!t)
		return d->err;
	wrap(d, F_BOLD, size[i], t, CONTENT_W);
	h = lead * (double)d->nlines + after[i] + (i == 0 ? 8 : 4);
	/* keep the heading with at least four lines of what follows */
	ensure(d, h + 4 * BODY_LEAD + (i == 0 ? 12 : 6));
	if (d->y < TOP - 1)
		d->y -= i == 0 ? 12 : 6;
	if (i < 2)
		bookmark(d, i + 1, t);
	wrap(d, F_BOLD, size[i], t, CONTENT_W);
	draw_lines(d, F_BOLD, size[i], i == 0 ? C_ACCENT : C_TEXT, MARGIN_L, PAGE_W - MARGIN_R,
		   d->y - size[i], lead, PDF_LEFT, t);
	d->y -= lead * (double)d->nlines + (i == 0 ? 4 : 2);
	if (i == 0)
		line(d, MARGIN_L, d->y, PAGE_W - MARGIN_R, d->y, 0.8, C_ACCENT);
	d->y -= after[i];
	free(t);
	return d->err;
}

/* Wrapped text at indent, line by line, breaking pages between lines. */
static void flow_text(pdf_doc *d, int f, double size, double lead, struct rgb c, double indent,
		      const char *t)
{
	size_t n = wrap(d, f, size, t, CONTENT_W - indent);

	/* A paragraph of up to 3 lines stays whole; a longer one leaves at
	 * least 2 lines at the foot of a page and carries at least 2 to the
	 * next (no orphan, no widow). ensure() may start a page, which never
	 * wraps: d->lines stays ours. */
	ensure(d, lead * (double)(n <= 3 ? n : 2));
	for (size_t i = 0; i < n && !bad(d); i++) {
		struct span l = d->lines[i];
		ensure(d, n > 3 && i == n - 2 ? 2 * lead : lead);
		text_at(d, f, size, c, MARGIN_L + indent, d->y - size, t + l.off, l.len);
		d->y -= lead;
	}
}

int pdf_paragraph(pdf_doc *d, const char *text)
{
	char *t;

	if (bad(d))
		return d->err;
	if (!(t = cp_text(d, text)))
		return d->err;
	flow_text(d, F_REGULAR, BODY_SIZE, BODY_LEAD, C_TEXT, 0, t);
	d->y -= 5;
	free(t);
	return d->err;
}

int pdf_bullet(pdf_doc *d, const char *text)
{
	char *t;
	static const char bullet[] = "\x95"; /* • in Windows-1252 */

	if (bad(d))
		return d->err;
	if (!(t = cp_text(d, text)))
		return d->err;
	ensure(d, BODY_LEAD);
	text_at(d, F_REGULAR, BODY_SIZE, C_ACCENT, MARGIN_L + 4, d->y - BODY_SIZE, bullet, 1);
	flow_text(d, F_REGULAR, BODY_SIZE, BODY_LEAD, C_TEXT, 14, t);
	d->y -= 2;
	free(t);
	return d->err;
}

int pdf_note(pdf_doc *d, const char *text)
{
	char *t;

	if (bad(d))
		return d->err;
	if (!(t = cp_text(d, text)))
		return d->err;
	flow_text(d, F_REGULAR, 7.5, 9.5, C_GREY, 0, t);
	d->y -= 4;
	free(t);
	return d->err;
}

int pdf_figures(pdf_doc *d, const struct pdf_figure *fig, size_t n)
{
	const double gap = 10, bw = (CONTENT_W - 3 * gap) / 4;

	for (size_t row = 0; row < n && !bad(d); row += 4) {
		size_t m = n - row < 4 ? n - row : 4, maxl = 1;
		double h;

		for (size_t i = 0; i < m; i++) {
			char *l = cp(d, fig[row + i].label);
			if (!l)
				return d->err;
			size_t k = wrap(d, F_REGULAR, 8, l, bw - 12);
			if (k > maxl)
				maxl = k;
			free(l);
		}
		h = 40 + 10.0 * (double)maxl;
		ensure(d, h + 8);
		for (size_t i = 0; i < m && !bad(d); i++) {
			double x = MARGIN_L + (double)i * (bw + gap);
			char *v = cp(d, fig[row + i].value), *l = cp(d, fig[row + i].label);
			if (v && l) {
				rect(d, x, d->y - h, bw, h, C_GROUP_BG);
				rect(d, x, d->y - h, 3, h, C_ACCENT);
				wrap(d, F_BOLD, 18, v, bw - 12);
				if (d->nlines > 0)
					text_at(d, F_BOLD, 18, C_ACCENT, x + 10, d->y - 26, v + d->lines[0].off,
						d->lines[0].len);
				wrap(d, F_REGULAR, 8, l, bw - 14);
				draw_lines(d, F_REGULAR, 8, C_TEXT, x + 10, x + bw - 4, d->y - 42, 10, PDF_LEFT, l);
			}
			free(v);
			free(l);
		}
		d->y -= h + 8;
	}
	return d->err;
}

/* --- tables ------------------------------------------------------------------ */

static double table_header_height(pdf_doc *d)
{
	size_t maxl = 1;

	for (size_t c = 0; c < d->tab.ncols; c++) {
		size_t k = wrap(d, F_BOLD, TABLE_SIZE, d->tab.titles[c],
				d->tab.x[c + 1] - d->tab.x[c] - 2 * CELL_PAD);
		if (k > maxl)
			maxl = k;
	}
	return TABLE_LEAD * (double)maxl + 2 * CELL_PAD + 2;
}

static void draw_table_header(pdf_doc *d)
{
	double h = table_header_height(d);

	rect(d, MARGIN_L, d->y - h, d->tab.x[d->tab.ncols] - MARGIN_L, h, C_HEADER_BG);
	for (size_t c = 0; c < d->tab.ncols && !bad(d); c++) {
		wrap(d, F_BOLD, TABLE_SIZE, d->tab.titles[c], d->tab.x[c + 1] - d->tab.x[c] - 2 * CELL_PAD);
		draw_lines(d, F_BOLD, TABLE_SIZE, C_TEXT, d->tab.x[c] + CELL_PAD, d->tab.x[c + 1] - CELL_PAD,
			   d->y - CELL_PAD - TABLE_SIZE, TABLE_LEAD, d->tab.align[c], d->tab.titles[c]);
	}
	d->y -= h;
	line(d, MARGIN_L, d->y, d->tab.x[d->tab.ncols], d->y, 0.6, C_RULE);
	d->tab.rows = 0;
}

/* The widest word of s (CP1252, words split at spaces and line breaks). */
static double widest_word(const pdf_doc *d, int f, double size, const char *s)
{
	double best = 0;

	for (size_t i = 0, start = 0;; i++) {
		if (s[i] == ' ' || s[i] == '\n' || s[i] == '\0') {
			double w = text_width(d, f, size, s + start, i - start);
			if (w > best)
				best = w;
			start = i + 1;
		}
		if (s[i] == '\0')
			return best;
	}
}

/*
 * The columns' edges: fixed widths as asked, the rest shared by the
 * flexible columns; a fixed column too narrow for the longest word of its
 * heading is widened to hold it (no word broken in a heading), at the
 * flexible columns' expense while they keep MIN_FLEXIBLE_W each.
 */
#define MIN_FLEXIBLE_W 90.0
static void table_widths(pdf_doc *d, const struct pdf_column *cols, size_t ncols, double fixed, size_t flexible)
{
	double w[PDF_MAX_COLUMNS], room = flexible ? CONTENT_W - fixed - MIN_FLEXIBLE_W * (double)flexible : 0;

	for (size_t c = 0; c < ncols; c++) {
		w[c] = cols[c].width;
		if (cols[c].width <= 0)
			continue;
		double need = widest_word(d, F_BOLD, TABLE_SIZE, d->tab.titles[c]) + 2 * CELL_PAD + 0.5;
		if (need > w[c] && need - w[c] <= room) {
			room -= need - w[c];
			fixed += need - w[c];
			w[c] = need;
		}
	}
	d->tab.x[0] = MARGIN_L;
	for (size_t c = 0; c < ncols; c++) {
		double cw = cols[c].width > 0 ? w[c]
			    : (CONTENT_W - fixed > 0 ? (CONTENT_W - fixed) / (double)flexible : 30);
		d->tab.x[c + 1] = d->tab.x[c] + cw;
	}
}

int pdf_table_begin(pdf_doc *d, const struct pdf_column *cols, size_t ncols)
{
	double fixed = 0;
	size_t flexible = 0;

	if (bad(d))
		return d->err;
	if (ncols == 0 || ncols > PDF_MAX_COLUMNS) {
		log_error("tableau de %zu colonnes : entre 1 et %d attendues", ncols, PDF_MAX_COLUMNS);
		set_error(d, LECAP_IO);
		return d->err;
	}
	for (size_t c = 0; c < PDF_MAX_COLUMNS; c++) {
		free(d->tab.titles[c]);
		d->tab.titles[c] = NULL;
	}
	d->tab.ncols = ncols;
	for (size_t c = 0; c < ncols; c++) {
		if (cols[c].width > 0)
			fixed += cols[c].width;
		else
			flexible++;
		d->tab.align[c] = cols[c].align;
		if (!(d->tab.titles[c] = cp(d, cols[c].title)))
			return d->err;
	}
	table_widths(d, cols, ncols, fixed, flexible);
	d->tab.active = true;
	ensure(d, table_header_height(d) + 2 * TABLE_LEAD + 2 * CELL_PAD);
	draw_table_header(d);
	return d->err;
}

int pdf_table_row(pdf_doc *d, const char *const *cells, const int *levels, unsigned flags)
{
	char *t[PDF_MAX_COLUMNS] = {0};
	size_t maxl = 1, nc = d->tab.ncols;
	int f = (flags & (PDF_ROW_BOLD | PDF_ROW_GROUP)) ? F_BOLD : F_REGULAR;
	double h;

	if (bad(d))
		return d->err;
	if (!d->tab.active) {
		log_error("ligne de tableau hors d'un tableau");
		set_error(d, LECAP_IO);
		return d->err;
	}
	for (size_t c = 0; c < nc; c++) {
		if (!(t[c] = cp(d, cells[c] ? cells[c] : "")))
			goto cleanup;
		size_t k = wrap(d, f, TABLE_SIZE, t[c], d->tab.x[c + 1] - d->tab.x[c] - 2 * CELL_PAD);
		if (k > maxl)
			maxl = k;
	}
	h = TABLE_LEAD * (double)maxl + 2 * CELL_PAD;
	if (d->y - h < BOTTOM) {
		new_page(d);
		draw_table_header(d);
	}
	if (flags & PDF_ROW_GROUP)
		rect(d, MARGIN_L, d->y - h, d->tab.x[nc] - MARGIN_L, h, C_GROUP_BG);
	else if (d->tab.rows % 2 == 1)
		rect(d, MARGIN_L, d->y - h, d->tab.x[nc] - MARGIN_L, h, C_ZEBRA);
	for (size_t c = 0; c < nc && !bad(d); c++) {
		double l = d->tab.x[c], r = d->tab.x[c + 1];
		if (levels && levels[c] > 0 && levels[c] <= PDF_LEVELS)
			rect(d, l + 0.5, d->y - h + 0.5, r - l - 1, h - 1, C_LEVEL[levels[c]]);
		wrap(d, f, TABLE_SIZE, t[c], r - l - 2 * CELL_PAD);
		draw_lines(d, f, TABLE_SIZE, C_TEXT, l + CELL_PAD, r - CELL_PAD, d->y - CELL_PAD - TABLE_SIZE + 0.5,
			   TABLE_LEAD, d->tab.align[c], t[c]);
	}
	d->y -= h;
	line(d, MARGIN_L, d->y, d->tab.x[nc], d->y, 0.25, C_GRID);
	d->tab.rows++;
cleanup:
	for (size_t c = 0; c < nc; c++)
		free(t[c]);
	return d->err;
}

int pdf_table_end(pdf_doc *d)
{
	d->tab.active = false;
	if (!bad(d))
		d->y -= 10;
	return d->err;
}

/* --- charts ---------------------------------------------------------------- */

static double scale_pos(const struct pdf_scale *s, double v, double from, double to)
{
	double span = s->hi - s->lo;

	if (span <= 0)
		return from;
	if (v < s->lo)
		v = s->lo;
	if (v > s->hi)
		v = s->hi;
	return from + (v - s->lo) / span * (to - from);
}

static void legend(pdf_doc *d, const struct pdf_series *series, size_t nseries)
{
	double x = MARGIN_L, y;

	ensure(d, 16);
	y = d->y - 10;
	for (size_t s = 0; s < nseries && s < 3 && !bad(d); s++) {
		char *n = cp(d, series[s].name);
		if (!n)
			return;
		rect(d, x, y - 1, 10, 8, C_SERIES[s]);
		text_at(d, F_REGULAR, 8, C_TEXT, x + 14, y, n, strlen(n));
		x += 14 + text_width(d, F_REGULAR, 8, n, strlen(n)) + 18;
		free(n);
	}
	d->y -= 18;
}

static void translucent(pdf_doc *d, double alpha)
{
	if (!d->translucent) {
		d->translucent = HPDF_CreateExtGState(d->h);
		if (d->translucent)
			HPDF_ExtGState_SetAlphaFill(d->translucent, (HPDF_REAL)alpha);
	}
	if (d->translucent && !bad(d)) {
		const char *name = HPDF_Page_GetExtGStateName(d->page, d->translucent);
		if (!name) {
			set_error(d, LECAP_IO);
			return;
		}
		settle(d);
		ops_put(d, "/", 1);
		ops_str(d, name);
		ops_put(d, " gs\n", 4);
	}
}

/* A radar's centre and radius. */
struct radar_geom {
	double cx, cy, r;
};

static double radar_angle(size_t i, size_t naxes)
{
	return M_PI / 2 - 2 * M_PI * (double)i / (double)naxes;
}

/* Rings at the ticks, then the spokes. */
static void radar_grid(pdf_doc *d, const struct radar_geom *g, size_t naxes,
		       const struct pdf_scale *sc)
{
	for (size_t t = 0; t < sc->nticks && !bad(d); t++) {
		double v = sc->nticks > 1 ? sc->lo + (sc->hi - sc->lo) * (double)t / (double)(sc->nticks - 1)
					  : sc->hi;
		double rr = scale_pos(sc, v, 0, g->r);
		stroke_color(d, C_GRID);
		line_width(d, 0.5);
		for (size_t i = 0; i <= naxes; i++) {
			double a = radar_angle(i % naxes, naxes);
			double x = g->cx + rr * cos(a), y = g->cy + rr * sin(a);
			if (i == 0)
				move_to(d, x, y);
			else
				line_to(d, x, y);
		}
		stroke(d);
		if (sc->ticks && sc->ticks[t]) {
			char *tk = cp(d, sc->ticks[t]);
			if (tk)
				text_at(d, F_REGULAR, 6.5, C_GREY, g->cx + 2.5, g->cy + rr - 7, tk, strlen(tk));
			free(tk);
		}
	}
	for (size_t i = 0; i < naxes && !bad(d); i++) {
		double a = radar_angle(i, naxes);
		line(d, g->cx, g->cy, g->cx + g->r * cos(a), g->cy + g->r * sin(a), 0.5, C_GRID);
	}
}

/* An incomplete series: segments only between neighbouring known values. */
static void radar_segments(pdf_doc *d, const struct radar_geom *g, const double *values,
			   size_t naxes, const struct pdf_scale *sc)
{
	for (size_t i = 0; i < naxes; i++) {
		size_t j = (i + 1) % naxes;
		double vi = values[i], vj = values[j];
		if (isnan(vi) || isnan(vj))
			continue;
		double ai = radar_angle(i, naxes);
		double aj = radar_angle(j, naxes);
		double ri = scale_pos(sc, vi, 0, g->r), rj = scale_pos(sc, vj, 0, g->r);
		move_to(d, g->cx + ri * cos(ai), g->cy + ri * sin(ai));
		line_to(d, g->cx + rj * cos(aj), g->cy + rj * sin(aj));
		stroke(d);
	}
}

/* Series s: its polygon (the first, the subject, filled) and its markers. */
static void radar_series(pdf_doc *d, const struct radar_geom *g, const double *values,
			 size_t s, size_t naxes, const struct pdf_scale *sc)
{
	bool complete = true;
	for (size_t i = 0; i < naxes; i++)
		if (isnan(values[i]))
			complete = false;
	gsave(d);
	if (s == 0 && complete)
		translucent(d, 0.18); /* graphics state first: not allowed inside a path */
	stroke_color(d, C_SERIES[s]);
	fill_color(d, C_SERIES[s]);
	line_width(d, s == 0 ? 1.6 : 1.2);
	if (s == 2)
		dash(d, "[3 2]");
	if (complete) {
		for (size_t i = 0; i < naxes; i++) {
			double a = radar_angle(i, naxes);
			double rr = scale_pos(sc, values[i], 0, g->r);
			if (i == 0)
				move_to(d, g->cx + rr * cos(a), g->cy + rr * sin(a));
			else
				line_to(d, g->cx + rr * cos(a), g->cy + rr * sin(a));
		}
		close_path(d);
		if (s == 0) {
			fill_stroke(d);
			grestore(d);
			gsave(d); /* opaque markers */
			fill_color(d, C_SERIES[s]);
		} else {
			stroke(d);
		}
	} else {
		radar_segments(d, g, values, naxes, sc);
	}
	for (size_t i = 0; i < naxes; i++) {
		if (isnan(values[i]))
			continue;
		double a = radar_angle(i, naxes);
		double rr = scale_pos(sc, values[i], 0, g->r);
		circle(d, g->cx + rr * cos(a), g->cy + rr * sin(a), 1.8);
		fill(d);
	}
	grestore(d);
}

/* Axis labels outside the rim. */
static void radar_labels(pdf_doc *d, const struct radar_geom *g, const char *const *axes,
			 size_t naxes)
{
	const double label_w = 105, label_size = 7, label_lead = 8.5;

	for (size_t i = 0; i < naxes && !bad(d); i++) {
		double a = radar_angle(i, naxes);
		double ca = cos(a), sa = sin(a);
		double x = g->cx + (g->r + 8) * ca, y = g->cy + (g->r + 8) * sa;
		char *t = cp(d, axes[i]);
		size_t n;
		double left, right, top;
		enum pdf_align al;

		if (!t)
			break;
		n = wrap(d, F_REGULAR, label_size, t, label_w);
		if (ca > 0.2) {
			left = x, right = x + label_w, al = PDF_LEFT;
		} else if (ca < -0.2) {
			left = x - label_w, right = x, al = PDF_RIGHT;
		} else {
			left = x - label_w / 2, right = x + label_w / 2, al = PDF_CENTER;
		}
		/* the block of n lines slides from above the point (top axis) to
		 * below it (bottom axis), centred on it at the sides */
		double bh = label_lead * (double)n;
		top = y + bh / 2 + sa * bh / 2;
		draw_lines(d, F_REGULAR, label_size, C_TEXT, left, right, top - label_size * 0.8, label_lead, al, t);
		free(t);
	}
}

int pdf_radar(pdf_doc *d, const char *const *axes, size_t naxes, const struct pdf_series *series,
	      size_t nseries, const struct pdf_scale *sc)
{
	struct radar_geom g = {.cx = PAGE_W / 2, .r = 118};
	double area = 2 * g.r + 80; /* the legend takes the rest */

	if (bad(d))
		return d->err;
	if (naxes < 3 || nseries < 1 || nseries > 3) {
		log_error("radar : %zu axes et %zu séries (au moins 3 axes, 1 à 3 séries)", naxes, nseries);
		set_error(d, LECAP_IO);
		return d->err;
	}
	ensure(d, PDF_RADAR_HEIGHT);
	g.cy = d->y - 40 - g.r;
	radar_grid(d, &g, naxes, sc);
	for (size_t s = 0; s < nseries && !bad(d); s++)
		radar_series(d, &g, series[s].values, s, naxes, sc);
	radar_labels(d, &g, axes, naxes);
	d->y -= area;
	legend(d, series, nseries);
	d->y -= 4;
	return d->err;
}

/* Vertical grid lines and tick labels of a scale above a chart row area. */
static void chart_axis(pdf_doc *d, const struct pdf_scale *sc, double x0, double x1, double top,
		       double bottom, bool labels)
{
	for (size_t t = 0; t < sc->nticks && !bad(d); t++) {
		double v = sc->nticks > 1 ? sc->lo + (sc->hi - sc->lo) * (double)t / (double)(sc->nticks - 1) : sc->lo;
		double x = scale_pos(sc, v, x0, x1);
		line(d, x, top, x, bottom, 0.4, C_GRID);
		if (labels && sc->ticks && sc->ticks[t]) {
			char *tk = cp(d, sc->ticks[t]);
			if (tk)
				text_aligned(d, F_REGULAR, 6.5, C_GREY, x - 20, x + 20, top + 3, PDF_CENTER, tk, strlen(tk));
			free(tk);
		}
	}
}

#define BARS_LABEL_W 165.0
#define BARS_BAR_H 7.0
#define BARS_GAP 1.5

/* The height of one row of bars. */
static double bars_row_height(pdf_doc *d, const char *label, size_t nseries)
{
	char *lab = cp(d, label);
	size_t nl;

	if (!lab)
		return 0;
	nl = wrap(d, F_REGULAR, 7.5, lab, BARS_LABEL_W);
	free(lab);
	return fmax(9.0 * (double)nl, (BARS_BAR_H + BARS_GAP) * (double)nseries) + 6;
}

double pdf_bars_height(pdf_doc *d, const char *const *labels, size_t n, size_t nseries)
{
	double h = 12 + 6 + (nseries > 1 ? 18 : 0);

	for (size_t i = 0; i < n && !bad(d); i++)
		h += bars_row_height(d, labels[i], nseries);
	return h;
}

int pdf_bars(pdf_doc *d, const char *const *labels, size_t n, const struct pdf_series *series,
	     size_t nseries, const struct pdf_scale *sc, const char *const *texts)
{
	const double label_w = BARS_LABEL_W, text_w = 34, bar_h = BARS_BAR_H, bar_gap = BARS_GAP;
	const double x0 = MARGIN_L + label_w + 6;
	const double x1 = PAGE_W - MARGIN_R - text_w - 4;
	bool axis_drawn = false;

	if (bad(d))
		return d->err;
	if (nseries < 1 || nseries > 3) {
		log_error("barres : %zu séries (1 à 3 attendues)", nseries);
		set_error(d, LECAP_IO);
		return d->err;
	}
	/* a chart that fits on a page is never cut from its legend */
	double total = pdf_bars_height(d, labels, n, nseries);
	if (total <= TOP - BOTTOM)
		ensure(d, total);
	for (size_t i = 0; i < n && !bad(d); i++) {
		char *lab = cp(d, labels[i]);
		size_t nl;
		double bars_h = (bar_h + bar_gap) * (double)nseries, h, top;

		if (!lab)
			break;
		nl = wrap(d, F_REGULAR, 7.5, lab, label_w);
		h = fmax(9.0 * (double)nl, bars_h) + 6;
		if (!d->page || d->y - h - (axis_drawn ? 0 : 12) < BOTTOM) {
			ensure(d, h + 12 + BOTTOM);
			axis_drawn = false;
		}
		bool labels = !axis_drawn; /* tick labels once per page */
		if (!axis_drawn) {
			d->y -= 12;
			axis_drawn = true;
		}
		top = d->y;
		chart_axis(d, sc, x0, x1, top, top - h, labels);
		wrap(d, F_REGULAR, 7.5, lab, label_w);
		draw_lines(d, F_REGULAR, 7.5, C_TEXT, MARGIN_L, MARGIN_L + label_w, top - 3 - 7.5 + 1, 9, PDF_LEFT, lab);
		for (size_t s = 0; s < nseries && !bad(d); s++) {
			double v = series[s].values[i];
			double by = top - 3 - (bar_h + bar_gap) * (double)(s + 1) + bar_gap;
			double bx1 = isnan(v) ? x0 : scale_pos(sc, v, x0, x1);
			if (!isnan(v) && bx1 > x0)
				rect(d, x0, by, bx1 - x0, bar_h, C_SERIES[s]);
			if (texts && texts[i * nseries + s]) {
				char *tx = cp(d, texts[i * nseries + s]);
				if (tx)
					text_at(d, s == 0 ? F_BOLD : F_REGULAR, 6.5, C_TEXT, bx1 + 3, by + 1, tx, strlen(tx));
				free(tx);
			}
		}
		d->y -= h;
		free(lab);
	}
	if (!bad(d) && nseries > 1)
		legend(d, series, nseries);
	if (!bad(d))
		d->y -= 6;
	return d->err;
}

static void diamond(pdf_doc *d, double x, double y, double s, struct rgb c)
{
	if (bad(d))
		return;
	settle(d);
	fill_color(d, c);
	move_to(d, x, y + s);
	line_to(d, x + s, y);
	line_to(d, x, y - s);
	line_to(d, x - s, y);
	close_path(d);
	fill(d);
}

/* One box: whiskers min–max, the box Q1–Q3 and the median, when all five are known. */
static void boxplot_box(pdf_doc *d, const struct pdf_box *b, const struct pdf_scale *sc, double x0,
			double x1, double mid, double box_h)
{
	if (isnan(b->min) || isnan(b->q1) || isnan(b->median) || isnan(b->q3) || isnan(b->max))
		return;
	double pmin = scale_pos(sc, b->min, x0, x1), pq1 = scale_pos(sc, b->q1, x0, x1);
	double pmed = scale_pos(sc, b->median, x0, x1), pq3 = scale_pos(sc, b->q3, x0, x1);
	double pmax = scale_pos(sc, b->max, x0, x1);
	line(d, pmin, mid, pq1, mid, 0.8, C_SERIES[2]);
	line(d, pq3, mid, pmax, mid, 0.8, C_SERIES[2]);
	line(d, pmin, mid - 3, pmin, mid + 3, 0.8, C_SERIES[2]);
	line(d, pmax, mid - 3, pmax, mid + 3, 0.8, C_SERIES[2]);
	rect(d, pq1, mid - box_h / 2, fmax(pq3 - pq1, 0.8), box_h, C_HEADER_BG);
	stroke_color(d, C_SERIES[0]);
	line_width(d, 0.6);
	rectangle(d, pq1, mid - box_h / 2, fmax(pq3 - pq1, 0.8), box_h);
	stroke(d);
	line(d, pmed, mid - box_h / 2, pmed, mid + box_h / 2, 1.8, C_SERIES[0]);
}

/* The legend under the box plots: box, median, whiskers, mark. */
static void boxplot_legend(pdf_doc *d, const char *mark_name)
{
	char *expl;
	double y;

	if (bad(d))
		return;
	expl = cp(d, "boîte : quartiles Q1–Q3 ; trait : médiane ; moustaches : minimum–maximum");
	if (!expl)
		return;
	ensure(d, 16);
	y = d->y - 10;
	text_at(d, F_REGULAR, 7, C_GREY, MARGIN_L, y, expl, strlen(expl));
	if (mark_name) {
		char *m = cp(d, mark_name);
		double x = MARGIN_L + text_width(d, F_REGULAR, 7, expl, strlen(expl)) + 16;
		if (m) {
			diamond(d, x, y + 2.5, 3.5, C_SERIES[1]);
			text_at(d, F_REGULAR, 7, C_GREY, x + 7, y, m, strlen(m));
		}
		free(m);
	}
	free(expl);
	d->y -= 20;
}

int pdf_boxplots(pdf_doc *d, const char *const *labels, const struct pdf_box *boxes, size_t n,
		 const struct pdf_scale *sc, const char *mark_name)
{
	const double label_w = 150, text_w = 92, box_h = 8;
	const double x0 = MARGIN_L + label_w + 8, x1 = PAGE_W - MARGIN_R - text_w - 6;
	bool axis_drawn = false;

	if (bad(d))
		return d->err;
	for (size_t i = 0; i < n && !bad(d); i++) {
		const struct pdf_box *b = &boxes[i];
		char *lab = cp(d, labels[i]), *tx;
		size_t nl;
		double h, top, mid;

		if (!lab)
			break;
		nl = wrap(d, F_REGULAR, 7.5, lab, label_w);
		h = fmax(9.0 * (double)nl, box_h + 4) + 6;
		if (!d->page || d->y - h - (axis_drawn ? 0 : 12) < BOTTOM) {
			ensure(d, h + 12 + BOTTOM);
			axis_drawn = false;
		}
		bool labels = !axis_drawn;
		if (!axis_drawn) {
			d->y -= 12;
			axis_drawn = true;
		}
		top = d->y;
		mid = top - h / 2;
		chart_axis(d, sc, x0, x1, top, top - h, labels);
		wrap(d, F_REGULAR, 7.5, lab, label_w);
		draw_lines(d, F_REGULAR, 7.5, C_TEXT, MARGIN_L, MARGIN_L + label_w,
			   mid + 4.5 * (double)d->nlines - 7.5 + 1.5, 9, PDF_LEFT, lab);
		boxplot_box(d, b, sc, x0, x1, mid, box_h);
		if (!isnan(b->mark) && !bad(d))
			diamond(d, scale_pos(sc, b->mark, x0, x1), mid, 3.5, C_SERIES[1]);
		if (b->text && (tx = cp(d, b->text)) != NULL) {
			text_at(d, F_REGULAR, 7, C_TEXT, PAGE_W - MARGIN_R - text_w, mid - 2.5, tx, strlen(tx));
			free(tx);
		}
		d->y -= h;
		free(lab);
	}
	boxplot_legend(d, mark_name);
	return d->err;
}
