#include "base/report_path.h"

#include "base/text.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static int report_path_fits(int n, size_t size)
{
	return n >= 0 && (size_t)n < size ? 0 : -1;
}

int report_path_campaign(char *out, size_t size, const char *rapports, int campagne)
{
	return report_path_fits(snprintf(out, size, "%s/%d", rapports, campagne), size);
}

int report_path_national(char *out, size_t size, const char *rapports, int campagne)
{
	return report_path_fits(snprintf(out, size, "%s/%d/national.pdf", rapports, campagne), size);
}

int report_path_member(char *out, size_t size, const char *rapports, int campagne, const char *region,
		       const char *siret)
{
	char year[16];

	snprintf(year, sizeof(year), "%d", campagne);
	return report_path_member_named(out, size, rapports, year, region, siret);
}

int report_path_regions(char *out, size_t size, const char *rapports, int campagne)
{
	return report_path_fits(snprintf(out, size, "%s/%d/regions", rapports, campagne), size);
}

/* ASCII separators cut the name into words */
static bool report_path_separator(char c)
{
	return (unsigned char)c < 0x80 && !isalnum((unsigned char)c);
}

void report_path_region_file(char *out, size_t size, const char *code, const char *libelle)
{
	size_t len;
	const char *p = libelle;

	snprintf(out, size, "%s", code);
	len = strlen(out);
	/* words are runs between ASCII separators; text_key folds each to ASCII */
	while (*p) {
		char word[128], key[128];
		size_t n = 0;
		while (*p && !report_path_separator(*p))
			if (n + 1 < sizeof word)
				word[n++] = *p++;
			else
				p++;
		word[n] = '\0';
		while (*p && report_path_separator(*p))
			p++;
		text_key(word, key, sizeof key);
		if (!*key)
			continue;
		if (len + 1 + strlen(key) + 5 > size)
			break; /* the name is cut at a word, ".pdf" always fits */
		out[len++] = '-';
		strcpy(out + len, key);
		len += strlen(key);
	}
	if (len + 5 < size)
		strcpy(out + len, ".pdf");
}

int report_path_region(char *out, size_t size, const char *rapports, int campagne, const char *code,
		       const char *libelle)
{
	char file[256];

	report_path_region_file(file, sizeof file, code, libelle);
	return report_path_fits(snprintf(out, size, "%s/%d/regions/%s", rapports, campagne, file), size);
}

int report_path_members_named(char *out, size_t size, const char *rapports, const char *campagne)
{
	return report_path_fits(snprintf(out, size, "%s/%s/entreprises", rapports, campagne), size);
}

int report_path_member_named(char *out, size_t size, const char *rapports, const char *campagne,
			     const char *region, const char *siret)
{
	return report_path_fits(snprintf(out, size, "%s/%s/entreprises/%s/%s.pdf", rapports, campagne, region, siret),
				size);
}

int report_path_messages_named(char *out, size_t size, const char *rapports, const char *campagne)
{
	return report_path_fits(snprintf(out, size, "%s/%s/envois", rapports, campagne), size);
}

int report_path_members(char *out, size_t size, const char *rapports, int campagne)
{
	char year[16];

	snprintf(year, sizeof(year), "%d", campagne);
	return report_path_members_named(out, size, rapports, year);
}

int report_path_messages(char *out, size_t size, const char *rapports, int campagne)
{
	char year[16];

	snprintf(year, sizeof(year), "%d", campagne);
	return report_path_messages_named(out, size, rapports, year);
}
