/* lecap generate: a synthetic network of member exports (src/generate.h). */
#include "commands.h"

#include "base/exitcode.h"
#include "generate/generate.h"
#include "generate/generate_ident.h"
#include "base/log.h"
#include "ingest/export_field.h"
#include "referentiel/referentiel.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int usage_error(void)
{
	log_hint("lecap generate --help donne l'usage");
	return LECAP_USAGE;
}

static int bad_value(const char *option, const char *value, const char *expected)
{
	log_error("valeur invalide « %s » pour %s : attendu %s", value, option, expected);
	return usage_error();
}

static int parse_u64(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return -1;
	*out = v;
	return 0;
}

static int parse_year(const char *s, const char *end, int *out)
{
	int y = 0;

	if (end - s != 4)
		return -1;
	for (; s < end; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		y = y * 10 + (*s - '0');
	}
	if (y < 2000 || y > 2100)
		return -1;
	*out = y;
	return 0;
}

/* "2024-2026" or "2025". */
static int parse_campaigns(const char *s, int *first, int *last)
{
	const char *dash = strchr(s, '-');

	if (!dash)
		dash = s + strlen(s);
	if (parse_year(s, dash, first) != 0)
		return -1;
	if (*dash == '\0') {
		*last = *first;
		return 0;
	}
	if (parse_year(dash + 1, dash + 1 + strlen(dash + 1), last) != 0 || *last < *first)
		return -1;
	return 0;
}

/* A number between 0 and max, with a decimal point or comma. */
static int parse_number(const char *s, double max, double *out)
{
	char buf[64], *end;
	double v;

	if (strlen(s) >= sizeof(buf) || *s == '\0')
		return -1;
	strcpy(buf, s);
	for (char *p = buf; *p; p++)
		if (*p == ',') /* 0,02 as French people write it */
			*p = '.';
	errno = 0;
	v = strtod(buf, &end);
	if (errno != 0 || *end != '\0' || !(v >= 0 && v <= max))
		return -1;
	*out = v;
	return 0;
}

static int parse_share(const char *s, double *out)
{
	return parse_number(s, 1, out);
}

/* The options into opt; LECAP_USAGE with a message when one is wrong. */
static int read_options(const struct command_args *args, struct gen_options *opt)
{
	const struct command *c = current_command;
	const char *v;

	memset(opt, 0, sizeof(*opt));
	opt->campagne_debut = 2024;
	opt->campagne_fin = 2026;
	opt->graine = 1;
	opt->effet_plan = 1;
	/* A fixed reference day, in the past: the same seed gives the same bytes
	 * whatever the day it runs, and no export is stamped in the future. */
	opt->reference[0] = 2026;
	opt->reference[1] = 11;
	opt->reference[2] = 30;
	if ((v = command_arg(args, c, "reference"))) {
		char d[11];
		if (!export_field_date(v, d) || strlen(v) != 10 || v[4] != '-')
			return bad_value("--reference", v, "une date réelle aaaa-mm-jj, par exemple 2026-11-30");
		opt->reference[0] = atoi(d);
		opt->reference[1] = atoi(d + 5);
		opt->reference[2] = atoi(d + 8);
	}
	if ((v = command_arg(args, c, "entreprises")) &&
	    (parse_u64(v, &opt->entreprises) != 0 || opt->entreprises < 1 || opt->entreprises > GEN_MAX_ENTERPRISES))
		return bad_value("--entreprises", v, "un entier de 1 à 10000000");
	if ((v = command_arg(args, c, "campagnes")) &&
	    parse_campaigns(v, &opt->campagne_debut, &opt->campagne_fin) != 0)
		return bad_value("--campagnes", v,
				 "une année ou un intervalle croissant d'années entre 2000 et 2100, par exemple 2024-2026");
	if ((v = command_arg(args, c, "graine")) && parse_u64(v, &opt->graine) != 0)
		return bad_value("--graine", v, "un entier positif");
	if ((v = command_arg(args, c, "defauts")) && parse_share(v, &opt->defauts) != 0)
		return bad_value("--defauts", v, "une part entre 0 et 1, par exemple 0.02");
	if ((v = command_arg(args, c, "effet-plan")) && parse_number(v, 5, &opt->effet_plan) != 0)
		return bad_value("--effet-plan", v, "un nombre entre 0 et 5, par exemple 1 (0 : aucun effet)");
	if ((v = command_arg(args, c, "out")) && *v == '\0')
		return bad_value("--out", v, "un répertoire");
	opt->out = v;
	if (!command_arg(args, c, "entreprises")) {
		log_error("l'option --entreprises est obligatoire");
		return usage_error();
	}
	if (!opt->out) {
		log_error("l'option --out est obligatoire");
		return usage_error();
	}
	if (opt->campagne_fin > opt->reference[0]) {
		log_error("campagne %d postérieure à la date de référence %04d-%02d-%02d : aucun export "
			  "n'est daté après elle", opt->campagne_fin, opt->reference[0], opt->reference[1],
			  opt->reference[2]);
		return usage_error();
	}
	return LECAP_OK;
}

int cmd_generate_check(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s)
{
	struct gen_options opt;

	(void)ctx;
	(void)s;
	return read_options(args, &opt);
}

int cmd_generate(struct lecap_ctx *ctx, const struct command_args *args, struct command_session *s)
{
	struct gen_options opt;
	struct gen_stats stats;
	struct timespec t0, t1;
	double secs;
	int ret = read_options(args, &opt);

	(void)ctx;
	if (ret != LECAP_OK)
		return ret;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ret = gen_run(s->ref, &opt, &stats);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (ret == LECAP_OK) {
		/* French agreement: 0 and 1 take the singular. */
		log_info("%llu entreprise%s, %llu évaluation%s, %llu fichier%s écrit%s dans %s "
			 "(dont %llu réexport%s et %llu fichier%s défectueux, listé%s dans .defauts.txt)",
			 (unsigned long long)stats.entreprises, stats.entreprises > 1 ? "s" : "",
			 (unsigned long long)stats.evaluations, stats.evaluations > 1 ? "s" : "",
			 (unsigned long long)stats.fichiers, stats.fichiers > 1 ? "s" : "", stats.fichiers > 1 ? "s" : "",
			 opt.out, (unsigned long long)stats.reexports, stats.reexports > 1 ? "s" : "",
			 (unsigned long long)stats.defauts, stats.defauts > 1 ? "s" : "", stats.defauts > 1 ? "s" : "");
		log_info("%llu cellule%s de réponse en %.2f s, soit %.0f cellules/s",
			 (unsigned long long)stats.cellules, stats.cellules > 1 ? "s" : "", secs,
			 secs > 0 ? (double)stats.cellules / secs : 0.0);
	}
	return ret;
}
