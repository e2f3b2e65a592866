/*
 * The report kinds (one module each) and the sections the regional and
 * national reports share (territoire.c).
 *
 * A report function reads what it needs through report_data.h, draws with
 * pdf.h, saves to `path`, and returns LECAP_OK, LECAP_DB or LECAP_IO (the
 * message already logged). It never writes to the database.
 */
#ifndef LECAP_REPORT_H
#define LECAP_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "io/pdf.h"
#include "report/etre_faire.h"
#include "report/report_data.h"
#include "report/territoire_data.h"

#include "base/config.h"

/* The connection the data functions of src/report/ take; reports/ never uses it otherwise. */
typedef struct pg_conn pg_conn;

/* What to render (lecap report's options; lecap run asks for REPORT_ALL). */
enum report_selection { REPORT_ALL, REPORT_REGION, REPORT_NATIONAL, REPORT_ENTREPRISE };

struct report_request {
	int campagne;                /* 0: the latest campaign with evaluations */
	enum report_selection sel;
	const char *region;          /* REPORT_REGION: INSEE code */
	const char *siret;           /* REPORT_ENTREPRISE: 14 digits */
	const char *out;             /* NULL: [chemins] rapports */
	bool reuse;                  /* keep a member report whose file already carries the
				      * fingerprint of its data (lecap run without --all) */
};

struct report_counts {
	int campagne; /* the campaign rendered */
	int national, regions, members;
	int members_kept;                /* member reports left as they were (reuse) */
	int regions_removed;             /* region reports removed: no evaluation left there */
	double t_territories, t_members; /* seconds */
};

/*
 * reports/rapports.c: renders the reports of one aggregated campaign into
 * <out>/<campagne>/ (national.pdf, regions/, entreprises/) as lecap report
 * documents; [rapports] entreprises = non leaves the member reports out of
 * REPORT_ALL. Logs a summary line. Returns LECAP_OK, LECAP_USAGE (unknown
 * region or member, campaign not aggregated), LECAP_DB or LECAP_IO (also
 * when a stop was requested: it stops between two reports and says so).
 */
int rapports_campaign(pg_conn *conn, const struct lecap_config *cfg, const struct report_request *req,
		    struct report_counts *counts);
/* A campaign left without any evaluation (lecap retirer, lecap purger): its
 * national and regional reports, drawn from data that are gone, removed
 * from [chemins] rapports and said. *removed: files removed. LECAP_OK,
 * LECAP_USAGE (path too long) or LECAP_IO. */
int rapports_campaign_emptied(const struct lecap_config *cfg, int campagne, int *removed);
/* What the reports are drawn with besides the data, as "<layout version>|<police>|<priorites>|<entreprises>":
 * recorded with each rendering (lecap.rapport_campagne.faits), a campaign drawn with other facts is rendered
 * again by lecap run. REPORT_FACTS_SIZE bytes hold it. */
#define REPORT_FACTS_SIZE 4200
void rapports_render_facts(const struct lecap_config *cfg, char *facts, size_t size);

struct report_ctx {
	pg_conn *conn;
	const struct rd_campaign *camp;
	const struct rd_etre_faire_vision *vision; /* the vision in force (lecap.vision), or NULL */
	struct td_cache *cache; /* the report's: what its sections share (set by national.c, region.c) */
	const char *font; /* [rapports] police, or NULL/"" */
	bool reuse;       /* struct report_request */
	int priorities;   /* [rapports] priorites: the ready-to-use plan's priorities, 3 to 5 */
	int workers;      /* [rapports] travailleurs resolved: the photographies' threads, 1 to ENTREPRISE_POOL_MAX */
	/* whether a stop was requested (SIGTERM/SIGINT): the loops over the
	 * reports stop between two of them; set by reports/rapports.c */
	bool (*stop_requested)(void);
};

/*
 * reports/region.c: the report of one region for its delegates; data_date:
 * its latest export of the campaign (RD_REG_DONNEES_AU).
 */
int region_report(const struct report_ctx *rc, const char *code, const char *libelle, const char *data_date,
		  const char *path);
/* reports/national.c: the network's report for the federation. */
int national_report(const struct report_ctx *rc, const char *path);
/*
 * reports/entreprise.c: the « photographie » of each member of the list
 * (report/member_batch.h's member_list_read), into
 * <rapports>/<campagne>/entreprises/<region>/<siret>.pdf (base/report_path.h);
 * *count: reports rendered; *kept: reports not rendered because rc->reuse
 * is set and the file already carries the fingerprint of the same data.
 */
struct member_list;
#define ENTREPRISE_POOL_MAX 16     /* [rapports] travailleurs at most */
#define ENTREPRISE_POOL_AUTO_MAX 4 /* travailleurs = 0: one per online CPU, at most this */
int entreprise_reports(const struct report_ctx *rc, const struct member_list *members, const char *rapports,
		       int *count, int *kept) LECAP_MUST_CHECK;
/* The rendering's facts that a photographie's fingerprint covers (layout version, campaign, font, vision,
 * priorities), as "photographie|…|": the members' inputs' digest (rapports.c) starts with them too. */
void entreprise_facts(const struct report_ctx *rc, char *facts, size_t size);

/* --- shared by the reports (territoire.c) ------------------------------------ */

/*
 * The version of the reports' layout: part of a member report's
 * fingerprint, with the figures as printed. Change it with any change to
 * what the files of reports/ or src/io/pdf.c draw (and only then): an upgrade of lecap
 * that leaves the drawing alone redraws nothing.
 */
#define REPORT_LAYOUT_VERSION "mise-en-page-8"

/*
 * A new document: running header and /Title `title`, /Subject `subject`,
 * /Keywords « Le Cap; COORACE; campagne C; <keywords> », /Author COORACE;
 * the campaign footer « Le Cap · campagne C · grille V · données au D », D
 * being data_date (YYYY-MM-DD: the latest export the report shows; NULL:
 * the campaign's latest), also its /CreationDate; fingerprint: struct
 * pdf_info's, or NULL.
 */
int report_doc_new(const struct report_ctx *rc, const char *title, const char *subject, const char *keywords,
		   const char *data_date, const char *fingerprint, pdf_doc **out);
/*
 * A target as printed: « 4,00 max » when it is the top of the scale, which
 * REPORT_TARGET_NOTE explains under the table.
 */
char *report_target(char *out, size_t size, double cible);
#define REPORT_TARGET_NOTE                                                                              \
	"Cible : niveau visé par le réseau, de 1 à 4. « max » : la cible est le haut de l'échelle (4,00), une " \
	"pratique pleinement en place ; pour un objectif réglementaire (3.4 Respect de la réglementation), "  \
	"la conformité complète. Atteinte : part des entreprises dont le score égale ou dépasse la cible."
/* College k (rd_college_codes order) inside a sentence: « la direction », « les bénévoles ». */
const char *report_college_in_text(int k);
/* one when n is 0 or 1 (French), else many. */
const char *report_plural(long long n, const char *one, const char *many);
/* a − b as printed: the difference of the two figures rounded to 2 decimals. */
double report_printed_diff(double a, double b);
/* Cell shading level of a score on the 1–4 scale (0 for NaN). */
int report_level(double score);

/*
 * The sections of a territory report ("FR" for the network). national
 * switches the comparison columns (a region against the network; the
 * network against its own spread).
 */
int territoire_key_figures(const struct report_ctx *rc, pdf_doc *d, const char *territory,
		     bool *has_registry);
/* Respondents per college (after the summary). */
int territoire_respondents(const struct report_ctx *rc, pdf_doc *d, const char *territory);
/*
 * reports/synthese.c: page 1's messages (strongest sub-themes, largest gaps
 * to target, most divergent viewpoints; national: the direction / integration
 * jobs gap when it holds in every sub-theme; regional: the delegate's to-do
 * with counts) and, for a region, the lists the to-do refers to. ncomplete:
 * the territory's complete evaluations as published, -1 for a region below
 * the threshold (the count is secret and not printed).
 */
struct rd_regroupement;
/* What a region below the threshold shows instead of its results (page 1 says so). */
struct synthese_below {
	bool complete;                      /* it has complete evaluations (else: only incomplete ones) */
	bool network;                       /* the network's results are published (and shown: complete) */
	const struct rd_regroupement *pool; /* the regions below the threshold together (shown: rows published) */
};
int synthese_summary(const struct report_ctx *rc, pdf_doc *d, const char *territory, bool national, int ncomplete,
		     const struct synthese_below *below);
int synthese_followup_lists(const struct report_ctx *rc, pdf_doc *d, const char *region);
/* Whether any theme or sub-theme figure of the territory is published (*any). */
int territoire_published(const struct report_ctx *rc, const char *territory, bool *any);
int territoire_results(const struct report_ctx *rc, pdf_doc *d, const char *territory, const char *name,
		 bool national);
int territoire_objectives(const struct report_ctx *rc, pdf_doc *d, const char *territory, const char *name,
		    bool national);
int territoire_viewpoints(const struct report_ctx *rc, pdf_doc *d, const char *territory);
int territoire_plans(const struct report_ctx *rc, pdf_doc *d, const char *territory);
int territoire_offers(const struct report_ctx *rc, pdf_doc *d, const char *territory);
int territoire_method(const struct report_ctx *rc, pdf_doc *d, bool national);
/* reports/effet_plans.c: « L'effet des plans de progrès » per theme (v_effet_plan). */
int effet_plans_section(const struct report_ctx *rc, pdf_doc *d, const char *territory);
/* reports/etre_faire.c: « Être et faire COORACE », the vision text in force
 * with its version (every report's method page; nothing when none is
 * loaded), and the grid's themes and sub-themes under the brochure's
 * framing (the national report, after page 1). */
int etre_faire_vision(const struct report_ctx *rc, pdf_doc *d) LECAP_MUST_CHECK;
int etre_faire_themes(const struct report_ctx *rc, pdf_doc *d) LECAP_MUST_CHECK;
/* reports/consensus_national.c: « Le consensus face aux notes individuelles »
 * per sub-theme (lecap.v_publication_consensus), national report only. */
int consensus_national_section(const struct report_ctx *rc, pdf_doc *d) LECAP_MUST_CHECK;
/* reports/national_bref.c: « Le réseau en bref », the lower half of the national
 * report's page 1 (the sub-themes furthest from target, the regions in short,
 * the members to relaunch, what moved since the previous campaign), from the
 * participation per region and the region × theme table the report reads once. */
int national_bref_section(const struct report_ctx *rc, pdf_doc *d, const struct td_regions_participation *rp,
		      const struct td_region_theme *rt) LECAP_MUST_CHECK;
/* reports/regroupement.c: a small region's « Les régions sous le seuil, ensemble », from the
 * group read by regroupement_read (report/regroupement.h). */
int regroupement_section(const struct report_ctx *rc, pdf_doc *d, const struct rd_regroupement *pool);

#endif
