/* E-mail address syntax; see courriel.h. */
#include "base/courriel.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static bool is_atext(unsigned char c)
{
	return isalnum(c) || (c && strchr("!#$%&'*+-/=?^_`{|}~", c));
}

int courriel_check(const char *email, char *why, size_t whysize)
{
	const char *at = strchr(email, '@'), *p, *label;
	size_t len = strlen(email), local;

	for (p = email; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
			snprintf(why, whysize, "espace interdit");
			return -1;
		}
		if (c >= 0x80 || c < 0x20) {
			snprintf(why, whysize, "seuls les caractères ASCII sont acceptés");
			return -1;
		}
	}
	if (len > 254) {
		snprintf(why, whysize, "adresse trop longue (plus de 254 caractères)");
		return -1;
	}
	if (!at) {
		snprintf(why, whysize, "il manque « @ »");
		return -1;
	}
	if (strchr(at + 1, '@')) {
		snprintf(why, whysize, "plusieurs « @ »");
		return -1;
	}
	local = (size_t)(at - email);
	if (local == 0) {
		snprintf(why, whysize, "partie avant « @ » vide");
		return -1;
	}
	if (local > 64) {
		snprintf(why, whysize, "partie avant « @ » trop longue (plus de 64 caractères)");
		return -1;
	}
	for (p = email; p < at; p++) {
		if (*p == '.') {
			if (p == email || p + 1 == at || p[1] == '.') {
				snprintf(why, whysize, "point mal placé avant « @ »");
				return -1;
			}
		} else if (!is_atext((unsigned char)*p)) {
			snprintf(why, whysize, "caractère « %c » interdit avant « @ »", *p);
			return -1;
		}
	}
	if (at[1] == '\0') {
		snprintf(why, whysize, "domaine vide");
		return -1;
	}
	if (!strchr(at + 1, '.')) {
		snprintf(why, whysize, "le domaine doit contenir un point");
		return -1;
	}
	if (strlen(at + 1) > 253) {
		snprintf(why, whysize, "domaine trop long (plus de 253 caractères)");
		return -1;
	}
	label = at + 1;
	for (p = at + 1;; p++) {
		if (*p == '.' || *p == '\0') {
			size_t n = (size_t)(p - label);
			if (n == 0 || n > 63 || label[0] == '-' || p[-1] == '-') {
				snprintf(why, whysize, "domaine mal formé « %s »", at + 1);
				return -1;
			}
			if (*p == '\0')
				break;
			label = p + 1;
		} else if (!isalnum((unsigned char)*p) && *p != '-') {
			snprintf(why, whysize, "caractère « %c » interdit dans le domaine", *p);
			return -1;
		}
	}
	return 0;
}

int courriel_normalize(const char *email, char *out, size_t size, char *why, size_t whysize)
{
	if (courriel_check(email, why, whysize) != 0)
		return -1;
	if (strlen(email) >= size) {
		snprintf(why, whysize, "adresse trop longue");
		return -1;
	}
	for (size_t i = 0;; i++) {
		out[i] = (char)tolower((unsigned char)email[i]);
		if (!email[i])
			break;
	}
	return 0;
}
