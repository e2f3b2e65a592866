/*
 * The regional report, for the region's delegates: the territory sections
 * (territoire.c) for one region against the network, then the members of
 * the registry without a recent evaluation. A region whose evaluations are
 * all incomplete still gets its report, which says so.
 */
#include "report.h"
#include "report/regroupement.h"

#include "base/exitcode.h"
#include "base/fmt.h"
#include "base/text.h"

#include <stdio.h>
#include <string.h>

static int without_recent(const struct report_ctx *rc, pdf_doc *d, const char *code, bool has_registry)
{
	struct td_without_recent r;
	int ret;

	pdf_heading(d, 1, "À relancer");
	pdf_heading(d, 2, "Adhérents sans évaluation récente");
	if (!has_registry) {
		pdf_paragraph(d, "Le registre des adhérents n'est pas chargé : la liste des adhérents sans "
				 "évaluation récente ne peut pas être établie.");
		return pdf_status(d);
	}
	if ((ret = rd_territoire_data_without_recent(rc->conn, rc->camp->campagne, code, &r)))
		return ret;
	if (r.n == 0) {
		pdf_paragraph(d, "Tous les adhérents de la région ont une évaluation récente.");
	} else {
		static const struct pdf_column cols[] = {
			{"SIRET", 86, PDF_LEFT}, {"Raison sociale", 0, PDF_LEFT}, {"Type", 44, PDF_LEFT},
			{"Dernière évaluation", 84, PDF_RIGHT}};
		pdf_paragraph(d, "Adhérents du registre jamais évalués, ou dont la dernière évaluation date de "
				 "deux campagnes ou plus.");
		pdf_table_begin(d, cols, 4);
		for (size_t i = 0; i < r.n; i++) {
			const struct td_without_recent_row *o = &r.rows[i];
			const char *cells[] = {o->siret, o->raison_sociale, o->type, o->derniere ? o->derniere : "jamais"};
			pdf_table_row(d, cells, NULL, 0);
		}
		pdf_table_end(d);
	}
	rd_territoire_data_free(&r);
	return pdf_status(d);
}

/* the results after the summary page: none yet, the network's when the region
 * is below the threshold, or the region's own */
static int region_results(const struct report_ctx *rc, pdf_doc *d, const char *code, const char *libelle,
			  long long complete, bool below, bool network, const struct rd_regroupement *pool)
{
	int ret = 0;

	if (complete == 0) {
		char msg[400];
		snprintf(msg, sizeof msg,
			 "Aucune évaluation complète pour la région en %d : aucune évaluation n'atteint le seuil de "
			 "complétude, les résultats par thème, les objectifs et les points de vue ne peuvent pas être "
			 "présentés. Les évaluations reçues seront prises en compte dès qu'elles seront complétées.",
			 rc->camp->campagne);
		pdf_heading(d, 2, "Pas encore de résultats");
		pdf_paragraph(d, msg);
		if ((ret = territoire_respondents(rc, d, code)))
			return ret;
	} else if (below && !network) {
		/* tables of « s » say nothing: one sentence instead */
		pdf_heading(d, 1, "Les résultats du réseau national");
		pdf_paragraph(d, "Les résultats du réseau ne sont pas publiés non plus pour cette campagne : avec "
				 "trop peu de régions au-dessus du seuil, ils permettraient de recalculer ceux des "
				 "régions sous le seuil (secret statistique). Les résultats de la région seront "
				 "présentés dès qu'elle comptera assez d'évaluations complètes.");
	} else if (below) {
		/* below the threshold every regional figure would be « s »: the network's instead */
		if ((ret = regroupement_section(rc, d, pool)))
			return ret;
		pdf_heading(d, 1, "Les résultats du réseau national, pour situer la région");
		pdf_paragraph(d, "Les tableaux et graphiques qui suivent portent sur l'ensemble du réseau : les "
				 "résultats de la région seront présentés dès qu'elle comptera assez d'évaluations "
				 "complètes.");
		if ((ret = territoire_results(rc, d, "FR", "Réseau", true)) ||
		    (ret = territoire_objectives(rc, d, "FR", "Réseau", true)) || (ret = territoire_plans(rc, d, "FR")))
			return ret;
	} else if ((ret = territoire_results(rc, d, code, libelle, false)) ||
		   (ret = territoire_objectives(rc, d, code, libelle, false)) || (ret = territoire_respondents(rc, d, code)) ||
		   (ret = territoire_viewpoints(rc, d, code)) || (ret = territoire_plans(rc, d, code)) ||
		   (ret = effet_plans_section(rc, d, code)) ||
		   (ret = territoire_offers(rc, d, code))) {
		return ret;
	}
	return 0;
}

static int region_draw(const struct report_ctx *rc, const char *code, const char *libelle, const char *data_date,
		       const char *path)
{
	pdf_doc *d = NULL;
	char title[256], sub[256];
	bool registry = false;
	struct td_participation p;
	struct rd_regroupement pool;
	int ret;

	char kw[200];
	snprintf(title, sizeof title, "Le Cap — rapport régional — %s — campagne %d", libelle,
		 rc->camp->campagne);
	snprintf(sub, sizeof sub, "Rapport régional %d pour les délégué·e·s régionaux", rc->camp->campagne);
	snprintf(kw, sizeof kw, "rapport régional; %s", libelle);
	if ((ret = report_doc_new(rc, title, sub, kw, data_date, NULL, &d)))
		return ret;
	if ((ret = rd_territoire_data_cached_participation(rc->cache, rc->conn, rc->camp->campagne, code, &p)))
		goto cleanup;
	/*
	 * The publication decides what the region's report may show: below the
	 * threshold (primary secrecy of its participation) no regional figure is
	 * printed; masked to protect another cell (secondary), the region has at
	 * least the threshold and its report shows the cells that are published,
	 * each on its own. The count of complete evaluations is never secret.
	 */
	long long complete = p.present ? p.n_completes : 0;
	bool below = p.present && !p.diffusable && p.secret_primaire;
	/*
	 * Below the threshold, what the report shows instead — the network's
	 * results when they are published, and the regions below the threshold
	 * together — is known before page 1, which says so in one sentence.
	 */
	struct synthese_below bw = {.complete = complete > 0, .network = false, .pool = &pool};
	pool.n = pool.shown = 0;
	if (below && complete > 0 && (ret = territoire_published(rc, "FR", &bw.network)))
		goto cleanup;
	if (below && complete > 0 && bw.network && (ret = regroupement_read(rc->conn, rc->camp->campagne, code, &pool)))
		goto cleanup;

	snprintf(sub, sizeof sub, "Rapport régional %d pour les délégué·e·s régionaux", rc->camp->campagne);
	pdf_title_band(d, "Le Cap — COORACE Ambition Progrès", libelle, sub);
	if ((ret = territoire_key_figures(rc, d, code, &registry)) ||
	    (ret = synthese_summary(rc, d, code, false, below ? -1 : (int)complete, below ? &bw : NULL)))
		goto cleanup;
	pdf_page_break(d); /* page 1 is the summary, by design */
	if ((ret = region_results(rc, d, code, libelle, complete, below, bw.network, &pool)))
		goto cleanup;
	if ((ret = without_recent(rc, d, code, registry)) || (ret = synthese_followup_lists(rc, d, code)) ||
	    (ret = territoire_method(rc, d, false)))
		goto cleanup;
	ret = pdf_doc_save(d, path);
cleanup:
	pdf_doc_free(d);
	return ret;
}

int region_report(const struct report_ctx *rc, const char *code, const char *libelle, const char *data_date,
		  const char *path)
{
	struct td_cache cache = {0};
	struct report_ctx own = *rc; /* its sections share what they read (one statement per question) */
	int ret;

	if (rc->cache) /* the campaign's (reports/rapports.c) */
		return region_draw(rc, code, libelle, data_date, path);
	own.cache = &cache;
	ret = region_draw(&own, code, libelle, data_date, path);
	rd_territoire_data_cache_free(&cache);
	return ret;
}
