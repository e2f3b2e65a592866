/*
 * lecap report [--campagne ANNÉE] [--region CODE | --national | --entreprise SIRET | --all] [--out RÉP]
 *
 * Renders the PDF reports of one aggregated campaign (default: the latest
 * with evaluations) into [chemins] rapports or RÉP:
 *   <out>/<campagne>/national.pdf
 *   <out>/<campagne>/regions/<code>-<slug>.pdf       each region with evaluations
 *   <out>/<campagne>/entreprises/<region>/<siret>.pdf each evaluated member
 * Without a selection, --all. [rapports] entreprises = non leaves the member
 * reports out of --all (an explicit --entreprise still renders one).
 */
#include "commands.h"

#include "exitcode.h"
#include "fmt.h"
#include "log.h"
#include "report.h"
#include "report_data.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum selection { SEL_ALL, SEL_REGION, SEL_NATIONAL, SEL_ENTREPRISE };

struct options {
	int campagne; /* 0: latest */
	enum selection sel;
	const char *region;
	char siret[15];
	const char *out;
};

static int usage_error(const char *msg, const char *arg)
{
	log_error("%s « %s »", msg, arg);
	log_hint("lecap report --help décrit les options");
	return LECAP_USAGE;
}

static int parse(int argc, char **argv, struct options *o)
{
	int nsel = 0;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = NULL;
		size_t n;
		const char *longs[] = {"--campagne", "--region", "--entreprise", "--out"};
		int which = -1;

		for (int k = 0; k < 4; k++) {
			n = strlen(longs[k]);
			if (strcmp(a, longs[k]) == 0) {
				if (i + 1 >= argc) {
					log_error("l'option %s attend une valeur", a);
					log_hint("lecap report --help décrit les options");
					return LECAP_USAGE;
				}
				v = argv[++i];
				which = k;
			} else if (strncmp(a, longs[k], n) == 0 && a[n] == '=') {
				v = a + n + 1;
				which = k;
			}
			if (which >= 0)
				break;
		}
		if (which == 0) {
			char *end;
			long y = strtol(v, &end, 10);
			if (*v == '\0' || *end != '\0' || y < 2000 || y > 2100)
				return usage_error("--campagne attend une année (2000 à 2100), reçu", v);
			o->campagne = (int)y;
		} else if (which == 1) {
			o->sel = SEL_REGION;
			o->region = v;
			nsel++;
		} else if (which == 2) {
			size_t k = 0;
			for (const char *p = v; *p; p++) {
				if (*p == ' ')
					continue;
				if (!isdigit((unsigned char)*p) || k >= 14)
					return usage_error("--entreprise attend un SIRET de 14 chiffres, reçu", v);
				o->siret[k++] = *p;
			}
			if (k != 14)
				return usage_error("--entreprise attend un SIRET de 14 chiffres, reçu", v);
			o->siret[k] = '\0';
			o->sel = SEL_ENTREPRISE;
			nsel++;
		} else if (which == 3) {
			o->out = v;
		} else if (strcmp(a, "--national") == 0) {
			o->sel = SEL_NATIONAL;
			nsel++;
		} else if (strcmp(a, "--all") == 0) {
			o->sel = SEL_ALL;
			nsel++;
		} else {
			return cmd_bad_option("report", a);
		}
	}
	if (nsel > 1) {
		log_error("--region, --national, --entreprise et --all s'excluent : choisissez-en un");
		log_hint("sans aucun d'eux, lecap report produit tous les rapports (--all)");
		return LECAP_USAGE;
	}
	return LECAP_OK;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool path_too_long(int n, size_t size, const char *base)
{
	if (n >= 0 && (size_t)n < size)
		return false;
	log_error("chemin de rapport trop long sous %s", base);
	log_hint("choisissez un répertoire de rapports plus court (--out ou [chemins] rapports)");
	return true;
}

struct counts {
	int regions, national, members;
	double t_territories, t_members;
};

static int do_regions(const struct report_ctx *rc, const char *base, const char *only, struct counts *n)
{
	pg_result *r;
	int ret = rd_regions(rc->conn, rc->camp->campagne, only, &r);
	char path[4096], file[256];

	if (ret)
		return ret;
	for (int i = 0; i < pg_ntuples(r) && !ret; i++) {
		report_region_file(file, sizeof file, rd_str(r, i, RD_REG_CODE), rd_str(r, i, RD_REG_LIBELLE));
		if (path_too_long(snprintf(path, sizeof path, "%s/regions/%s", base, file), sizeof path, base)) {
			ret = LECAP_USAGE;
			break;
		}
		ret = report_region(rc, rd_str(r, i, RD_REG_CODE), rd_str(r, i, RD_REG_LIBELLE), path);
		if (!ret) {
			log_debug("rapport écrit : %s", path);
			n->regions++;
		}
	}
	if (!ret && only && pg_ntuples(r) == 0) {
		log_error("aucune évaluation pour la région %s en %d : pas de rapport régional", only,
			  rc->camp->campagne);
		log_hint("lecap report --all produit le rapport de chaque région évaluée");
		ret = LECAP_USAGE;
	}
	pg_result_free(r);
	return ret;
}

static int do_members(const struct report_ctx *rc, const char *base, const char *siret, struct counts *n)
{
	pg_result *m;
	int ret = rd_members(rc->conn, rc->camp->campagne, NULL, siret, &m);

	if (ret)
		return ret;
	ret = report_entreprises(rc, m, base, &n->members);
	if (!ret && siret && pg_ntuples(m) == 0) {
		log_error("l'entreprise %s n'a pas d'évaluation agrégée en %d : pas de photographie", siret,
			  rc->camp->campagne);
		log_hint("vérifiez le SIRET et la campagne (--campagne) ; lecap aggregate intègre les derniers exports");
		ret = LECAP_USAGE;
	}
	pg_result_free(m);
	return ret;
}

int cmd_report(struct lecap_ctx *ctx, int argc, char **argv)
{
	struct options o = {0};
	struct rd_campaign camp;
	struct counts n = {0};
	pg_conn *conn = NULL;
	char base[4096], *region_name = NULL;
	int ret;
	double t0;

	if ((ret = parse(argc, argv, &o)))
		return ret;
	if (!o.out)
		o.out = ctx->cfg.chemins_rapports;
	if (!o.out || !*o.out) {
		log_error("aucun répertoire de rapports : [chemins] rapports est vide");
		log_hint("indiquez --out RÉP ou [chemins] rapports dans lecap.conf");
		return LECAP_USAGE;
	}
	if ((ret = ctx_connect(ctx, &conn)))
		return ret;
	if (!o.campagne && (ret = rd_latest_campaign(conn, &o.campagne)))
		goto out;
	if ((ret = rd_campaign(conn, o.campagne, &camp)))
		goto out;
	if (o.sel == SEL_REGION) {
		if ((ret = rd_region_name(conn, o.region, &region_name)))
			goto out;
		if (!region_name) {
			log_error("région inconnue : « %s »", o.region);
			log_hint("donnez le code INSEE de la région (ex. 84), tel que dans config/regions.csv");
			ret = LECAP_USAGE;
			goto out;
		}
	}
	if (path_too_long(snprintf(base, sizeof base, "%s/%d", o.out, camp.campagne), sizeof base, o.out)) {
		ret = LECAP_USAGE;
		goto out;
	}
	struct report_ctx rc = {.conn = conn, .camp = &camp, .font = ctx->cfg.rapports_police};

	t0 = now();
	if (o.sel == SEL_ALL || o.sel == SEL_NATIONAL) {
		char path[4200];
		if (path_too_long(snprintf(path, sizeof path, "%s/national.pdf", base), sizeof path, base)) {
			ret = LECAP_USAGE;
			goto out;
		}
		if ((ret = report_national(&rc, path)))
			goto out;
		n.national = 1;
	}
	if (o.sel == SEL_ALL || o.sel == SEL_REGION) {
		if ((ret = do_regions(&rc, base, o.sel == SEL_REGION ? o.region : NULL, &n)))
			goto out;
	}
	n.t_territories = now() - t0;
	t0 = now();
	if ((o.sel == SEL_ALL && ctx->cfg.rapports_entreprises) || o.sel == SEL_ENTREPRISE) {
		if ((ret = do_members(&rc, base, o.sel == SEL_ENTREPRISE ? o.siret : NULL, &n)))
			goto out;
	} else if (o.sel == SEL_ALL) {
		log_info("photographies des adhérents désactivées ([rapports] entreprises = non)");
	}
	n.t_members = now() - t0;
	{
		char a[FMT_SIZE], b[FMT_SIZE], c[FMT_SIZE];
		log_info("campagne %d : %d rapport national, %d rapports régionaux (%s s), %d photographies "
			 "d'adhérents (%s s) dans %s",
			 camp.campagne, n.national, n.regions, fmt_decimal(a, sizeof a, n.t_territories, 2),
			 n.members, fmt_decimal(b, sizeof b, n.t_members, 2), base);
		if (n.members > 0 && n.t_members > 0)
			log_debug("%s photographies par seconde",
				  fmt_decimal(c, sizeof c, (double)n.members / n.t_members, 0));
	}
out:
	free(region_name);
	pg_close(conn);
	return ret;
}
