/*
 * What every report shares (report.h): a new document with its running
 * header and footer, and the small rules of the printed figures (score
 * levels, plurals, targets, colleges in a sentence).
 */
#include "report.h"

#include "base/fmt.h"

#include <math.h>
#include <stdio.h>

#define S FMT_SIZE

int report_level(double score)
{
	if (isnan(score))
		return 0;
	if (score < 1.75)
		return 1;
	if (score < 2.5)
		return 2;
	if (score < 3.25)
		return 3;
	return 4;
}

const char *report_plural(long long n, const char *one, const char *many)
{
	return n >= -1 && n <= 1 ? one : many;
}

double report_printed_diff(double a, double b)
{
	return fmt_round(fmt_round(a, 2) - fmt_round(b, 2), 2);
}

int report_doc_new(const struct report_ctx *rc, const char *title, const char *subject, const char *keywords,
		   const char *data_date, const char *fingerprint, pdf_doc **out)
{
	char footer[256], date[S], kw[400];
	struct pdf_info info = {.title = title, .subject = subject, .author = "COORACE",
				.keywords = kw, .footer = footer, .font_path = rc->font,
				.year = rc->camp->year, .month = rc->camp->month, .day = rc->camp->day,
				.fingerprint = fingerprint};

	snprintf(kw, sizeof kw, "Le Cap; COORACE; campagne %d%s%s", rc->camp->campagne, keywords ? "; " : "",
		 keywords ? keywords : "");

	if (data_date && sscanf(data_date, "%d-%d-%d", &info.year, &info.month, &info.day) != 3)
		info.year = info.month = info.day = 0;
	if (info.year)
		fmt_date(date, sizeof date, info.year, info.month, info.day);
	else
		snprintf(date, sizeof date, "%s", FMT_MISSING);
	snprintf(footer, sizeof footer, "Le Cap · campagne %d · grille %s · données au %s",
		 rc->camp->campagne, rc->camp->version, date);
	return pdf_doc_new(&info, out);
}

char *report_target(char *out, size_t size, double cible)
{
	char v[S];
	fmt_score(v, sizeof v, cible);
	if (snprintf(out, size, "%s%s", v, fmt_round(cible, 2) >= 4 ? " max" : "") < 0)
		out[0] = '\0';
	return out;
}

const char *report_college_in_text(int k)
{
	static const char *const names[RD_COLLEGES] = {"la direction", "les salarié·e·s permanent·e·s",
							 "les salarié·e·s en insertion", "les bénévoles",
							 "les administrateur·rice·s"};
	return k >= 0 && k < RD_COLLEGES ? names[k] : "";
}
