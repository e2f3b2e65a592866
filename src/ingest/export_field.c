/* Values of member exports; see export_field.h. */
#include "ingest/export_field.h"

#include "base/text.h"
#include "referentiel/college.h"
#include "referentiel/siret.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum siret_status export_field_siret(const char *text, char out[15])
{
	size_t n = 0;

	for (const char *p = text; *p; p++) {
		size_t sp;
		if (text_is_space_at(p, &sp)) {
			p += sp - 1; /* spaces, no-break spaces of a spreadsheet */
			continue;
		}
		if (*p < '0' || *p > '9' || n == 14)
			return SIRET_FORMAT;
		out[n++] = *p;
	}
	if (n != 14)
		return SIRET_FORMAT;
	out[14] = '\0';
	return siret_key_valid(out) ? SIRET_OK : SIRET_KEY;
}

/* Reads exactly n digits at *p; advances it. */
static bool digits(const char **p, int n, int *val)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if ((*p)[i] < '0' || (*p)[i] > '9')
			return false;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*val = v;
	return true;
}

bool export_field_year(const char *text, int *year)
{
	const char *p = text;
	int y;

	if (!digits(&p, 4, &y) || *p || y < 2000 || y > 2100)
		return false;
	*year = y;
	return true;
}

static bool real_date(int y, int m, int d)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int max;

	if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1)
		return false;
	max = mdays[m - 1];
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		max = 29;
	return d <= max;
}

/* A date at *p in either form; advances p. */
static bool parse_date(const char **p, int *y, int *m, int *d)
{
	const char *s = *p;

	if (digits(&s, 4, y) && *s == '-' && (s++, digits(&s, 2, m)) && *s == '-' &&
	    (s++, digits(&s, 2, d))) {
		*p = s;
		return real_date(*y, *m, *d);
	}
	s = *p;
	if (digits(&s, 2, d) && *s == '/' && (s++, digits(&s, 2, m)) && *s == '/' &&
	    (s++, digits(&s, 4, y))) {
		*p = s;
		return real_date(*y, *m, *d);
	}
	return false;
}

bool export_field_date(const char *text, char out[11])
{
	const char *p = text;
	int y, m, d;

	if (!parse_date(&p, &y, &m, &d) || *p)
		return false;
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
	return true;
}

bool export_field_timestamp(const char *text, char out[40])
{
	const char *p = text;
	bool iso = strlen(text) > 4 && text[4] == '-';
	int y, mo, d, h, mi, s = 0, oh = 0, om = 0;
	char frac[8] = "", off[8] = "";
	char sign = 0;

	if (!parse_date(&p, &y, &mo, &d))
		return false;
	if (!(*p == ' ' || (iso && *p == 'T')))
		return false;
	p++;
	if (!digits(&p, 2, &h) || *p++ != ':' || !digits(&p, 2, &mi))
		return false;
	if (*p == ':') {
		p++;
		if (!digits(&p, 2, &s))
			return false;
		if (iso && *p == '.') {
			size_t n = 0;
			frac[n++] = *p++;
			while (*p >= '0' && *p <= '9' && n < 7)
				frac[n++] = *p++;
			frac[n] = '\0';
			if (n == 1 || (*p >= '0' && *p <= '9'))
				return false;
		}
	}
	if (h > 23 || mi > 59 || s > 59)
		return false;
	if (iso && *p == 'Z') {
		p++;
		strcpy(off, "+00:00");
	} else if (iso && (*p == '+' || *p == '-')) {
		sign = *p++;
		if (!digits(&p, 2, &oh))
			return false;
		if (*p == ':')
			p++;
		if (*p && !digits(&p, 2, &om))
			return false;
		if (oh < 0 || oh > 14 || om < 0 || om > 59)
			return false;
		snprintf(off, sizeof(off), "%c%02d:%02d", sign, oh, om);
	}
	if (*p)
		return false;
	snprintf(out, 40, "%04d-%02d-%02d %02d:%02d:%02d%s%s", y, mo, d, h, mi, s, frac, off);
	return true;
}

bool export_field_note(const char *text, int *note)
{
	char key[32];

	if (text[0] >= '1' && text[0] <= '4' && text[1] == '\0') {
		*note = text[0] - '0';
		return true;
	}
	if (text[0] == '\0') {
		*note = -1;
		return true;
	}
	/* NC, nc, « non concerné » (case, accents, spaces ignored), N/C. */
	if (text_code_key(text, "", key, sizeof(key)) &&
	    (strcmp(key, "nc") == 0 || strcmp(key, "nonconcerne") == 0)) {
		*note = 0;
		return true;
	}
	if (strcasecmp(text, "n/c") == 0) {
		*note = 0;
		return true;
	}
	return false;
}

/* Characters a college label may hold besides letters and spaces: the code's
 * underscore and the signs of inclusive writing (Salarié·e, Salarié.e,
 * Salarié-e, Salarié(e), Administrateur/rice). */
#define COLLEGE_IGNORED "_-.()/"

/* Accepted spellings of each college, as comparison keys (text_code_key). */
static const struct {
	enum college college;
	const char *keys[6];
} colleges[] = {
	{COLLEGE_DIRECTION, {"direction", "directeur", "directrice", "dirigeant", "dirigeante", NULL}},
	{COLLEGE_SALARIE_PERMANENT, {"salariepermanent", "salarieepermanent", "salarieepermanente",
			       "salariepermanente", "permanent", "permanente"}},
	{COLLEGE_SALARIE_INSERTION, {"salarieinsertion", "salarieeninsertion", "salarieeeninsertion",
			       "salarieeinsertion", "enparcours", "salarieenparcours"}},
	{COLLEGE_BENEVOLE, {"benevole", "benevoles", NULL}},
	{COLLEGE_ADMINISTRATEUR, {"administrateur", "administratrice", "administrateurice",
			    "administrateurrice", "administrateurtrice", "administrateurs"}},
	{COLLEGE_CONSENSUS, {"consensus", NULL}},
};

const char *export_field_college(const char *text)
{
	char key[64];

	if (!text_code_key(text, COLLEGE_IGNORED, key, sizeof(key)))
		return NULL;
	for (size_t i = 0; i < sizeof(colleges) / sizeof(colleges[0]); i++)
		for (size_t k = 0; k < 6 && colleges[i].keys[k]; k++)
			if (strcmp(key, colleges[i].keys[k]) == 0)
				return college_codes[colleges[i].college];
	return NULL;
}

bool export_field_priority(const char *text, int *priority)
{
	char key[32];

	if (!text_code_key(text, "", key, sizeof(key)))
		return false;
	if (strcmp(key, "1") == 0 || strcmp(key, "haute") == 0)
		*priority = 1;
	else if (strcmp(key, "2") == 0 || strcmp(key, "moyenne") == 0)
		*priority = 2;
	else if (strcmp(key, "3") == 0 || strcmp(key, "basse") == 0)
		*priority = 3;
	else
		return false;
	return true;
}

const char *export_field_status(const char *text)
{
	static const char *const codes[] = {"a_engager", "en_cours", "realisee", "abandonnee"};
	static const char *const keys[] = {"aengager", "encours", "realisee", "abandonnee"};
	char key[32];

	if (!text_code_key(text, "_-'", key, sizeof(key)))
		return NULL;
	for (size_t i = 0; i < 4; i++)
		if (strcmp(key, keys[i]) == 0)
			return codes[i];
	return NULL;
}

size_t export_field_chars(const char *utf8, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)utf8[i] & 0xC0) != 0x80;
	return n;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The last Sunday of month m of year y, 01:00 UTC, in epoch seconds. */
static double last_sunday_1h(int y, int m)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	long last = days_from_civil(y, m, mdays[m - 1]);
	long wday = ((last % 7) + 11) % 7; /* 0 = Sunday; 1970-01-01 was a Thursday */
	return (double)(last - wday) * 86400.0 + 3600.0;
}

bool export_field_timestamp_epoch(const char *t, double *epoch)
{
	int y, mo, d, h, mi, s, n = 0;
	double frac = 0, local;
	const char *p;

	if (sscanf(t, "%4d-%2d-%2d %2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &s, &n) != 6)
		return false;
	p = t + n;
	if (*p == '.') {
		char *end;
		frac = strtod(p, &end);
		p = end;
	}
	local = (double)days_from_civil(y, mo, d) * 86400.0 + h * 3600.0 + mi * 60.0 + s + frac;
	if (*p == '+' || *p == '-') {
		int oh, om;
		if (sscanf(p + 1, "%2d:%2d", &oh, &om) != 2)
			return false;
		*epoch = local - (*p == '+' ? 1 : -1) * (oh * 3600.0 + om * 60.0);
		return true;
	}
	if (*p)
		return false;
	/* Europe/Paris: UTC+2 between the last Sundays of March and October
	 * (01:00 UTC), UTC+1 otherwise. */
	double summer = local - 7200.0;
	if (summer >= last_sunday_1h(y, 3) && summer < last_sunday_1h(y, 10))
		*epoch = summer;
	else
		*epoch = local - 3600.0;
	return true;
}

static bool email_local_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       strchr("._%+-'", c) != NULL || c >= 0x80;
}

static bool email_domain_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c >= 0x80;
}

/* An '@' with at least one local character before it and a domain with an
 * inner dot after it ("x@y.z"). */
static bool has_email(const char *text)
{
	for (const char *at = strchr(text, '@'); at; at = strchr(at + 1, '@')) {
		const char *d = at + 1, *dot = NULL;
		if (at == text || !email_local_char((unsigned char)at[-1]))
			continue;
		while (email_domain_char((unsigned char)*d)) {
			if (*d == '.' && d > at + 1 && email_domain_char((unsigned char)d[1]) && d[1] != '.')
				dot = d;
			d++;
		}
		if (dot && dot > at + 1)
			return true;
	}
	return false;
}

/* Length of a separator allowed between the digits of a phone number at p:
 * space, '.', '-', '(' , ')', U+00A0 or U+202F; 0 otherwise. */
static size_t phone_separator(const char *p)
{
	if (*p == ' ' || *p == '.' || *p == '-' || *p == '(' || *p == ')')
		return 1;
	if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0)
		return 2;
	if ((unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0xAF)
		return 3;
	return 0;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Digits of a run of digits and separators starting at *p (at most two
 * separators in a row, and only between digits); advances *p past it. */
static size_t phone_run(const char **p, char first[2])
{
	const char *q = *p;
	size_t n = 0;

	for (;;) {
		if (is_digit(*q)) {
			if (n < 2)
				first[n] = *q;
			n++;
			q++;
			continue;
		}
		const char *s = q;
		for (int k = 0; k < 3; k++) {
			size_t sep = phone_separator(s);
			if (!sep)
				break;
			s += sep;
		}
		if (s == q || !is_digit(*s))
			break;
		q = s;
	}
	*p = q;
	return n;
}

static bool has_phone(const char *text)
{
	const char *p = text;

	while (*p) {
		const char *start = p;
		char first[2] = {0, 0};
		bool plus = false;
		size_t n;

		/* A run starts at '+' (then digits, maybe after a space or a
		 * bracket) or at a digit that does not continue a word (R-4C1E). */
		if (*p == '+') {
			const char *q = p + 1;
			while (phone_separator(q) && !is_digit(*q) && q - p < 4)
				q += phone_separator(q);
			if (!is_digit(*q)) {
				p++;
				continue;
			}
			plus = true;
			p = q;
		} else if (!is_digit(*p) || (p > text && is_letter(p[-1]))) {
			p++;
			continue;
		}
		n = phone_run(&p, first);
		/* A run glued to letters afterwards (123ABC) is a code, not a phone. */
		if (is_letter(*p))
			continue;
		if (plus && n >= 8 && n <= 15)
			return true;
		if (!plus && first[0] == '0' && first[1] == '0' && n >= 10 && n <= 17)
			return true;
		if (!plus && first[0] == '0' && first[1] != '0' && n == 10)
			return true;
		if (p == start)
			p++;
	}
	return false;
}

enum export_field_personal export_field_personal(const char *text)
{
	if (has_email(text))
		return FIELD_PERSONAL_EMAIL;
	if (has_phone(text))
		return FIELD_PERSONAL_PHONE;
	return FIELD_PERSONAL_NONE;
}
