/*
 * The report step: which reports of a campaign to render, where, and the
 * summary line. Used by lecap report (cmd/report.c) and meant for lecap run.
 */
#include "report.h"

#include "base/exitcode.h"
#include "base/fmt.h"
#include "base/log.h"
#include "base/signals.h"
#include "base/report_path.h"
#include "report/member_batch.h"
#include "report/member_list.h"
#include "io/pdf.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool too_long(int n, size_t size, const char *base)
{
	if (n >= 0 && (size_t)n < size)
		return false;
	log_error("chemin de rapport trop long sous %s", base);
	log_hint("choisissez un répertoire de rapports plus court (--out ou [chemins] rapports)");
	return true;
}

/* Whether name is the report file of one of the regions of r (NULL: none). */
static bool rapports_region_rendered(const struct td_regions *r, const char *name)
{
	char file[256];

	for (size_t i = 0; r && i < r->n; i++) {
		report_path_region_file(file, sizeof file, r->rows[i].code, r->rows[i].libelle);
		if (strcmp(file, name) == 0)
			return true;
	}
	return false;
}

/*
 * A region left without any evaluation of the campaign (lecap retirer, lecap
 * purger) has no report any more: its PDF, drawn from data that are gone,
 * is removed, not left stale. Only after a complete pass over the regions.
 */
static int remove_stale_regions(const char *rapports, int campagne, const char *base, const struct td_regions *r,
				int *removed)
{
	char dir[4200], path[4600];
	const struct dirent *e;
	DIR *d;
	int ret = LECAP_OK;

	if (too_long(report_path_regions(dir, sizeof dir, rapports, campagne), sizeof dir, base))
		return LECAP_USAGE;
	if (!(d = opendir(dir)))
		return errno == ENOENT ? LECAP_OK : log_fail(LECAP_IO, "lecture de %s impossible : %s", dir, strerror(errno));
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);

		if (e->d_name[0] == '.' || len < 5 || strcmp(e->d_name + len - 4, ".pdf") != 0 ||
		    rapports_region_rendered(r, e->d_name))
			continue;
		if (too_long(snprintf(path, sizeof path, "%s/%s", dir, e->d_name), sizeof path, base)) {
			ret = LECAP_USAGE;
			break;
		}
		if (unlink(path) != 0 && errno != ENOENT) {
			ret = log_fail(LECAP_IO, "suppression de %s impossible : %s", path, strerror(errno));
			log_hint("vérifiez les droits sur [chemins] rapports, puis relancez lecap report --all");
			break;
		}
		log_info("rapport régional supprimé : %s (plus aucune évaluation de la région en %d)", path,
			 campagne);
		(*removed)++;
	}
	closedir(d);
	return ret;
}

static int regions(const struct report_ctx *rc, const char *out, const char *base, const char *only,
		   struct report_counts *n)
{
	struct td_regions r;
	int ret = rd_territoire_data_regions(rc->conn, rc->camp->campagne, only, &r);
	char path[4200];

	if (ret)
		return ret;
	for (size_t i = 0; i < r.n && !ret; i++) {
		const struct td_region *o = &r.rows[i];
		if (rc->stop_requested()) {
			ret = LECAP_IO;
			break;
		}
		if (too_long(report_path_region(path, sizeof path, out, rc->camp->campagne, o->code, o->libelle),
			     sizeof path, base)) {
			ret = LECAP_USAGE;
			break;
		}
		ret = region_report(rc, o->code, o->libelle, o->donnees_au, path);
		if (!ret) {
			log_debug("rapport écrit : %s", path);
			n->regions++;
		}
	}
	if (!ret && only && r.n == 0) {
		log_error("aucune évaluation pour la région %s en %d : pas de rapport régional", only,
			  rc->camp->campagne);
		log_hint("lecap report --all produit le rapport de chaque région évaluée");
		ret = LECAP_USAGE;
	}
	if (!ret && !only)
		ret = remove_stale_regions(out, rc->camp->campagne, base, &r, &n->regions_removed);
	rd_territoire_data_free(&r);
	return ret;
}

int rapports_campaign_emptied(const struct lecap_config *cfg, int campagne, int *removed)
{
	char base[4096], path[4200];
	int ret;

	*removed = 0;
	if (too_long(report_path_campaign(base, sizeof base, cfg->chemins_rapports, campagne), sizeof base,
		     cfg->chemins_rapports) ||
	    too_long(report_path_national(path, sizeof path, cfg->chemins_rapports, campagne), sizeof path, base))
		return LECAP_USAGE;
	if (unlink(path) == 0) {
		log_info("rapport national supprimé : %s (plus aucune évaluation en %d)", path, campagne);
		(*removed)++;
	} else if (errno != ENOENT) {
		ret = log_fail(LECAP_IO, "suppression de %s impossible : %s", path, strerror(errno));
		log_hint("vérifiez les droits sur [chemins] rapports, puis relancez lecap run");
		return ret;
	}
	ret = remove_stale_regions(cfg->chemins_rapports, campagne, base, NULL, removed);
	if (ret == LECAP_OK)
		log_info("campagne %d : plus aucune évaluation, %d rapport(s) supprimé(s)", campagne, *removed);
	return ret;
}

/* The facts of the members' inputs' digest: those of the photographie's fingerprint (entreprise_facts),
 * and the directory (a render elsewhere says nothing of the files here). */
static void members_facts(const struct report_ctx *rc, const char *out, char *facts, size_t size)
{
	entreprise_facts(rc, facts, size);
	size_t len = strlen(facts);
	snprintf(facts + len, size - len, "%s", out);
}

void rapports_render_facts(const struct lecap_config *cfg, char *facts, size_t size)
{
	snprintf(facts, size, "%s|%s|%d|%s", REPORT_LAYOUT_VERSION, cfg->rapports_police ? cfg->rapports_police : "",
		 cfg->rapports_priorites, cfg->rapports_entreprises ? "oui" : "non");
}

/*
 * Marks the members to read (issue 20 item 3): all of them unless rc->reuse; else those whose inputs
 * changed since their photographie was written, and those whose file is missing or incomplete. Returns how
 * many are marked; LECAP_USAGE in *ret for a path too long.
 */
static int members_mark(const struct report_ctx *rc, const char *out, struct member_inputs *in, int *ret)
{
	char path[4200];
	int n = 0;

	for (int i = 0; i < in->n; i++) {
		struct member_input *m = &in->v[i];
		m->read = true;
		if (rc->reuse && m->a_jour) {
			if (report_path_member(path, sizeof path, out, rc->camp->campagne, m->region, m->siret)) {
				*ret = LECAP_USAGE;
				log_error("chemin de rapport trop long sous %s", out);
				log_hint("choisissez un répertoire de rapports plus court (--out ou [chemins] rapports)");
				return n;
			}
			m->read = !pdf_file_complete(path);
		}
		n += m->read;
	}
	return n;
}

/* Every member's photographie: only the members marked are read, the others are counted as kept. record:
 * out is the configured directory, whose photographies' inputs lecap.photographie_entree records. job: the
 * reading of the inputs' digests, started before the territories' reports (NULL: read here). */
static int members_all(const struct report_ctx *rc, const char *out, bool record, struct member_inputs_job *job,
		       struct report_counts *n)
{
	struct member_inputs in;
	struct member_list m = {0};
	char facts[4400 + 4200];
	int ret, nread;

	if (job) {
		ret = member_list_inputs_finish(job, &in);
	} else {
		members_facts(rc, out, facts, sizeof facts);
		ret = member_list_inputs(rc->conn, rc->camp->campagne, facts, &in);
	}
	if (ret != LECAP_OK)
		goto cleanup;
	nread = members_mark(rc, out, &in, &ret);
	if (ret)
		goto cleanup;
	log_debug("photographies : %d adhérent%s relu%s sur %d (entrées changées, fichier absent ou --all)", nread,
		  nread > 1 ? "s" : "", nread > 1 ? "s" : "", in.n);
	if (nread > 0 && (ret = member_list_read_marked(rc->conn, rc->camp->campagne, &in, &m)) == LECAP_OK)
		ret = entreprise_reports(rc, &m, out, &n->members, &n->members_kept);
	if (ret == LECAP_OK)
		n->members_kept += in.n - nread;
	if (ret == LECAP_OK && record) {
		/* every photographie is written or kept: now, and only now, their inputs are recorded */
		test_crash_point("rapports-avant-entrees");
		ret = member_list_record(rc->conn, rc->camp->campagne, &in);
	}
cleanup:
	member_list_free(&m);
	member_list_inputs_free(&in);
	return ret;
}

/*
 * The photographies of every member (siret NULL) or of one. Every member's: through their inputs when
 * rc->reuse (only the changed ones are read) or when out is the configured directory (record: their inputs
 * are recorded); a rendering elsewhere (lecap report --out) reads them all and records nothing.
 */
static int members(const struct report_ctx *rc, const char *out, const char *siret, bool record,
		   struct member_inputs_job *job, struct report_counts *n)
{
	struct member_list m;
	int ret;

	if (!siret && (rc->reuse || record))
		return members_all(rc, out, record, job, n);
	ret = member_list_read(rc->conn, rc->camp->campagne, NULL, siret, &m);
	if (!ret)
		ret = entreprise_reports(rc, &m, out, &n->members, &n->members_kept);
	if (!ret && siret && m.n == 0) {
		log_error("l'entreprise %s n'a pas d'évaluation agrégée en %d : pas de photographie", siret,
			  rc->camp->campagne);
		log_hint("vérifiez le SIRET et la campagne (--campagne) ; lecap aggregate intègre les derniers exports");
		ret = LECAP_USAGE;
	}
	member_list_free(&m);
	return ret;
}

static int render(pg_conn *conn, const struct lecap_config *cfg, const struct report_request *req,
		  struct report_counts *n);

/* The national and regional reports asked for, sharing one cache of what they read. */
static int rapports_territories(struct report_ctx *rc, const struct report_request *req, const char *out,
				const char *base, struct report_counts *n)
{
	struct td_cache cache = {0};
	int ret = LECAP_OK;

	rc->cache = &cache;
	if (req->sel == REPORT_ALL || req->sel == REPORT_NATIONAL) {
		char path[4200];
		if (too_long(report_path_national(path, sizeof path, out, rc->camp->campagne), sizeof path, base))
			ret = LECAP_USAGE;
		else if (!(ret = national_report(rc, path)))
			n->national = 1;
	}
	if (!ret && (req->sel == REPORT_ALL || req->sel == REPORT_REGION))
		ret = regions(rc, out, base, req->sel == REPORT_REGION ? req->region : NULL, n);
	rd_territoire_data_cache_free(&cache);
	rc->cache = NULL;
	return ret;
}

int rapports_campaign(pg_conn *conn, const struct lecap_config *cfg, const struct report_request *req,
		    struct report_counts *n)
{
	int ret = render(conn, cfg, req, n);

	if (ret == LECAP_IO && signals_stop_requested()) {
		int done = n->national + n->regions + n->members;
		log_error("arrêt demandé (signal %d) : rapports interrompus après %d fichier%s, tous complet%s",
			  signals_received(), done, done > 1 ? "s" : "", done > 1 ? "s" : "");
		log_hint("relancez lecap report (ou lecap run --all) pour produire les autres");
	}
	return ret;
}

/* before drawing: a warning when the aggregates are stale, the region asked for checked */
static int render_prepare(pg_conn *conn, const struct lecap_config *cfg, const struct report_request *req,
			  int campagne)
{
	char *region_name = NULL;
	int ret;

	char stale[200];
	if ((ret = rd_staleness(conn, campagne, cfg->agregats_completude_min, cfg->agregats_seuil_secret, stale,
				sizeof stale)))
		return ret;
	if (*stale) {
		log_warn("les agrégats de la campagne %d ne sont pas à jour (%s) : les rapports montrent le "
			 "dernier calcul", campagne, stale);
		log_hint("lancez lecap aggregate avant lecap report (lecap run enchaîne les deux)");
	}
	if (req->sel == REPORT_REGION) {
		if ((ret = rd_region_name(conn, req->region, &region_name)))
			return ret;
		if (!region_name) {
			log_error("région inconnue : « %s »", req->region);
			log_hint("donnez le code INSEE de la région (ex. 84), tel que dans config/regions.csv");
			return LECAP_USAGE;
		}
		free(region_name);
	}
	return 0;
}

/* [rapports] priorites and travailleurs checked; *workers: the photographies' workers (0: one per online CPU,
 * at most ENTREPRISE_POOL_AUTO_MAX). */
static int render_settings(const struct lecap_config *cfg, int *workers)
{
	long cpus;

	if (cfg->rapports_priorites < 3 || cfg->rapports_priorites > 5) {
		log_error("[rapports] priorites = %d : le plan prêt à l'emploi compte de 3 à 5 priorités",
			  cfg->rapports_priorites);
		log_hint("indiquez priorites = 3, 4 ou 5 dans la section [rapports] de lecap.conf");
		return LECAP_USAGE;
	}
	if (cfg->rapports_travailleurs < 0 || cfg->rapports_travailleurs > ENTREPRISE_POOL_MAX) {
		log_error("[rapports] travailleurs = %d : de 0 à %d photographies dessinées en parallèle",
			  cfg->rapports_travailleurs, ENTREPRISE_POOL_MAX);
		log_hint("indiquez travailleurs = 0 (un par processeur), 1 (un seul) ou plus dans la section [rapports] "
			 "de lecap.conf");
		return LECAP_USAGE;
	}
	*workers = cfg->rapports_travailleurs;
	if (*workers == 0) {
		cpus = sysconf(_SC_NPROCESSORS_ONLN);
		*workers = cpus < 1 ? 1 : cpus > ENTREPRISE_POOL_AUTO_MAX ? ENTREPRISE_POOL_AUTO_MAX : (int)cpus;
	}
	return LECAP_OK;
}

/*
 * Every member's photographie through their inputs: the digests (lecap.photographie_entrees, 0.17 s of the
 * server at 10,000 members) are read on a second session while the territories are drawn on this one, when
 * two workers may share the cores (*job NULL otherwise: members_all() reads them).
 */
static int inputs_start(const struct report_ctx *rc, const char *out, struct member_inputs_job **job)
{
	char facts[4400 + 4200];

	*job = NULL;
	if (rc->workers < 2)
		return LECAP_OK;
	members_facts(rc, out, facts, sizeof facts);
	return member_list_inputs_start(rc->conn, rc->camp->campagne, facts, job);
}

/* A reading of the digests started for photographies that will not be drawn: waited for, then freed. */
static void inputs_abandon(struct member_inputs_job *job)
{
	struct member_inputs in;

	if (!job)
		return;
	if (member_list_inputs_finish(job, &in) != LECAP_OK)
		log_debug("empreinte des photographies abandonnée après l'échec des rapports territoriaux");
	member_list_inputs_free(&in);
}

static int render(pg_conn *conn, const struct lecap_config *cfg, const struct report_request *req,
		  struct report_counts *n)
{
	struct rd_campaign camp;
	const char *out = req->out ? req->out : cfg->chemins_rapports;
	char base[4096];
	int campagne = req->campagne, ret, workers;
	double t0;

	memset(n, 0, sizeof(*n));
	if ((ret = render_settings(cfg, &workers)))
		return ret;
	if (!out || !*out) {
		log_error("aucun répertoire de rapports : [chemins] rapports est vide");
		log_hint("indiquez --out RÉP ou [chemins] rapports dans lecap.conf");
		return LECAP_USAGE;
	}
	if (!campagne && (ret = rd_latest_campaign(conn, &campagne)))
		return ret;
	if ((ret = rd_campaign(conn, campagne, &camp)))
		return ret;
	n->campagne = campagne;
	if ((ret = render_prepare(conn, cfg, req, campagne)))
		return ret;
	if (too_long(report_path_campaign(base, sizeof base, out, camp.campagne), sizeof base, out))
		return LECAP_USAGE;
	static struct rd_etre_faire_vision vision; /* 12 KiB: not on the stack */
	if ((ret = rd_etre_faire_vision(conn, &vision)))
		return ret;
	struct report_ctx rc = {.conn = conn, .camp = &camp, .vision = &vision, .font = cfg->rapports_police,
				.reuse = req->reuse, .priorities = cfg->rapports_priorites, .workers = workers,
				.stop_requested = signals_stop_requested};

	bool photos = (req->sel == REPORT_ALL && cfg->rapports_entreprises) || req->sel == REPORT_ENTREPRISE;
	bool record = !req->out || (cfg->chemins_rapports && strcmp(req->out, cfg->chemins_rapports) == 0);
	struct member_inputs_job *job = NULL;
	t0 = now();
	if (photos && req->sel == REPORT_ALL && (rc.reuse || record) && (ret = inputs_start(&rc, out, &job)))
		return ret;
	if ((ret = rapports_territories(&rc, req, out, base, n))) {
		inputs_abandon(job);
		return ret;
	}
	n->t_territories = now() - t0;
	t0 = now();
	if (photos) {
		if ((ret = members(&rc, out, req->sel == REPORT_ENTREPRISE ? req->siret : NULL, record, job, n)))
			return ret;
	} else if (req->sel == REPORT_ALL) {
		log_info("photographies des adhérents désactivées ([rapports] entreprises = non)");
	}
	n->t_members = now() - t0;

	char a[FMT_SIZE], b[FMT_SIZE], c[FMT_SIZE];
	char kept[120] = "";
	if (n->members_kept)
		snprintf(kept, sizeof kept, " (et %d à jour, %s telle%s quelle%s)", n->members_kept,
			 n->members_kept > 1 ? "laissées" : "laissée", n->members_kept > 1 ? "s" : "",
			 n->members_kept > 1 ? "s" : "");
	/* French agreement: 0 and 1 take the singular. */
	log_info("campagne %d : %d rapport national, %d %s (%s s), %d %s%s (%s s) dans %s",
		 camp.campagne, n->national, n->regions, n->regions > 1 ? "rapports régionaux" : "rapport régional",
		 fmt_decimal(a, sizeof a, n->t_territories, 2), n->members,
		 n->members > 1 ? "photographies d'adhérents" : "photographie d'adhérent", kept,
		 fmt_decimal(b, sizeof b, n->t_members, 2), base);
	if (n->members > 0 && n->t_members > 0)
		log_debug("%s photographies par seconde",
			  fmt_decimal(c, sizeof c, (double)n->members / n->t_members, 0));
	return LECAP_OK;
}
