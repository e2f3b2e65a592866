/* Folding and transcoding of French text; see text.h. */
#include "base/text.h"

#include <errno.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ASCII folding of U+00C0..U+00FF. */
static const char *const latin1_fold[64] = {
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "ss",
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y",
};

/* The folding of the letter or digit at *s (ASCII, U+00C0..U+00FF, Œ œ):
 * its lower-case ASCII spelling ("" for × ÷), *s moved past it; NULL, *s
 * unchanged, for any other character. one: room for an ASCII one. */
static const char *fold_alnum(const unsigned char **s, char one[2])
{
	const unsigned char *p = *s;

	one[1] = '\0';
	if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z')) {
		one[0] = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
		*s += 1;
		return one;
	}
	if (p[0] == 0xC3 && p[1] >= 0x80 && p[1] <= 0xBF) {
		*s += 2;
		return latin1_fold[p[1] - 0x80];
	}
	if (p[0] == 0xC5 && (p[1] == 0x92 || p[1] == 0x93)) {
		*s += 2;
		return "oe"; /* Œ œ */
	}
	return NULL;
}

void text_key(const char *utf8, char *out, size_t size)
{
	const unsigned char *s = (const unsigned char *)utf8;
	size_t n = 0;

	if (size == 0)
		return;
	while (*s) {
		char one[2];
		const char *add = fold_alnum(&s, one);

		if (!add) {
			/* Any other character is dropped, whatever its length. */
			if (*s++ >= 0x80)
				while ((*s & 0xC0) == 0x80)
					s++;
			continue;
		}
		for (; *add && n + 1 < size; add++)
			out[n++] = *add;
	}
	out[n] = '\0';
}

/* Whether the UTF-8 sequence at s (seq bytes) is a character that can move
 * the cursor or reorder text on a terminal: U+2028, U+2029 (line and
 * paragraph separators), U+202A..U+202E and U+2066..U+2069 (bidi controls). */
static bool is_layout_control(const unsigned char *s, size_t seq)
{
	if (seq != 3 || s[0] != 0xE2)
		return false;
	if (s[1] == 0x80)
		return s[2] >= 0xA8 && s[2] <= 0xAE;
	return s[1] == 0x81 && s[2] >= 0xA6 && s[2] <= 0xA9;
}

char *text_shown_name(const char *name)
{
	const unsigned char *s = (const unsigned char *)name;
	size_t len = strlen(name), n = 0;
	char *out = malloc(4 * len + 1);

	if (!out)
		return NULL;
	for (size_t i = 0; i < len;) {
		size_t seq = s[i] < 0x80 ? 1 : s[i] < 0xE0 ? 2 : s[i] < 0xF0 ? 3 : 4;
		if (seq > len - i || !text_is_utf8(name + i, seq) || s[i] < 0x20 || s[i] == 0x7F ||
		    (s[i] == 0xC2 && s[i + 1] < 0xA0) || is_layout_control(s + i, seq)) {
			snprintf(out + n, 5, "\\x%02X", s[i]);
			n += 4;
			i++;
			continue;
		}
		memcpy(out + n, name + i, seq);
		n += seq;
		i += seq;
	}
	out[n] = '\0';
	return out;
}

bool text_code_key(const char *utf8, const char *ignored, char *out, size_t size)
{
	const unsigned char *s = (const unsigned char *)utf8;
	bool apos = strchr(ignored, '\'') != NULL, dot = strchr(ignored, '.') != NULL;
	size_t n = 0;

	if (size == 0)
		return false;
	out[0] = '\0';
	while (*s) {
		char one[2];
		const char *add = fold_alnum(&s, one);

		if (add) {
			if (!*add)
				return false; /* × ÷ */
		} else if (*s < 0x80) {
			if (*s != ' ' && *s != '\t' && !strchr(ignored, *s))
				return false;
			add = "";
			s++;
		} else if (s[0] == 0xC2 && s[1] == 0xA0) {
			add = ""; /* no-break space */
			s += 2;
		} else if (s[0] == 0xE2 && s[1] == 0x80 && s[2] == 0xAF) {
			add = ""; /* narrow no-break space */
			s += 3;
		} else if (apos && s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0x98 || s[2] == 0x99)) {
			add = ""; /* ‘ ’ */
			s += 3;
		} else if (dot && ((s[0] == 0xC2 && s[1] == 0xB7) ||
				   (s[0] == 0xE2 && s[1] == 0x80 && s[2] == 0xA7))) {
			add = ""; /* middle dots of inclusive writing */
			s += s[0] == 0xC2 ? 2 : 3;
		} else {
			return false;
		}
		for (; *add; add++) {
			if (n + 1 >= size)
				return false;
			out[n++] = *add;
		}
	}
	out[n] = '\0';
	return true;
}

bool text_is_space_at(const char *utf8, size_t *len)
{
	const unsigned char *s = (const unsigned char *)utf8;

	if (s[0] == ' ') {
		*len = 1;
		return true;
	}
	if (s[0] == 0xC2 && s[1] == 0xA0) {
		*len = 2;
		return true;
	}
	if (s[0] == 0xE2 && s[1] == 0x80 && s[2] == 0xAF) {
		*len = 3;
		return true;
	}
	return false;
}

bool text_is_utf8(const char *buf, size_t len)
{
	const unsigned char *s = (const unsigned char *)buf;
	size_t i = 0;

	while (i < len) {
		unsigned char c = s[i];
		size_t need;
		uint32_t cp;

		if (c < 0x80) {
			i++;
			continue;
		} else if (c >= 0xC2 && c <= 0xDF) {
			need = 1;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			need = 2;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			need = 3;
			cp = c & 0x07;
		} else {
			return false;
		}
		if (need >= len - i)
			return false;
		for (size_t k = 1; k <= need; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((need == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
		    (need == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
			return false;
		i += need + 1;
	}
	return true;
}

/* Windows-1252 0x80..0x9F; 0 where the byte is undefined. */
static const uint16_t cp1252_high[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

long text_cp1252_to_utf8(const char *in, size_t len, char *out, size_t *bad_offset)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		uint32_t cp = s[i];
		if (cp < 0x80) {
			out[n++] = (char)cp;
			continue;
		}
		if (cp < 0xA0) {
			cp = cp1252_high[cp - 0x80];
			if (cp == 0) {
				if (bad_offset)
					*bad_offset = i;
				return -1;
			}
		}
		if (cp < 0x800) {
			out[n++] = (char)(0xC0 | (cp >> 6));
			out[n++] = (char)(0x80 | (cp & 0x3F));
		} else {
			out[n++] = (char)(0xE0 | (cp >> 12));
			out[n++] = (char)(0x80 | ((cp >> 6) & 0x3F));
			out[n++] = (char)(0x80 | (cp & 0x3F));
		}
	}
	out[n] = '\0';
	return (long)n;
}

bool text_errno_full(int err)
{
	return err == ENOSPC || err == EDQUOT;
}

const char *text_errno(int err)
{
	if (err == ENOSPC)
		return "plus de place sur le système de fichiers";
	if (err == EDQUOT)
		return "quota de disque dépassé";
	return strerror(err);
}
