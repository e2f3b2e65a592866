#ifndef LECAP_REPORT_PATH_H
#define LECAP_REPORT_PATH_H
/*
 * Where each report lives under the reports' directory (docs/diffusion.md):
 *   <rapports>/<campagne>/national.pdf
 *   <rapports>/<campagne>/regions/<code>-<nom>.pdf
 *   <rapports>/<campagne>/entreprises/<region>/<siret>.pdf
 *   <rapports>/<campagne>/envois/                    (lecap send --dry-run's messages)
 * The one place that knows these paths: the renderer (reports/), the mailer
 * (src/diffusion), lecap status, lecap retirer and a member's erasure
 * (src/ingest/effacement.c) ask here; in src/base so that every layer may.
 * Each returns 0, or -1 when the path does not fit in size (out is then cut).
 */
#include <stddef.h>

#include "base/exitcode.h"

int report_path_campaign(char *out, size_t size, const char *rapports, int campagne)
	__attribute__((warn_unused_result));
int report_path_national(char *out, size_t size, const char *rapports, int campagne)
	__attribute__((warn_unused_result));
/* <rapports>/<campagne>/regions: the directory of the regional reports. */
int report_path_regions(char *out, size_t size, const char *rapports, int campagne)
	__attribute__((warn_unused_result));
/*
 * The file name of a region's report: "<code>-<slug>.pdf", the slug being the
 * name in lower-case ASCII words joined by '-' ("84-auvergne-rhone-alpes.pdf",
 * "93-provence-alpes-cote-d-azur.pdf"). Truncates to size at a word, ".pdf"
 * kept when it fits.
 */
void report_path_region_file(char *out, size_t size, const char *code, const char *libelle);
/* <rapports>/<campagne>/regions/<code>-<slug>.pdf */
int report_path_region(char *out, size_t size, const char *rapports, int campagne, const char *code,
		       const char *libelle) __attribute__((warn_unused_result));
int report_path_member(char *out, size_t size, const char *rapports, int campagne, const char *region,
		       const char *siret) __attribute__((warn_unused_result));

/* <rapports>/<campagne>/entreprises: one directory per region below it
 * (lecap retirer looks for a member's photographie in each). */
int report_path_members(char *out, size_t size, const char *rapports, int campagne) LECAP_MUST_CHECK;
/* <rapports>/<campagne>/envois: the messages lecap send --dry-run writes. */
int report_path_messages(char *out, size_t size, const char *rapports, int campagne) LECAP_MUST_CHECK;
/*
 * The same below a campaign directory given by its name, as found by listing
 * <rapports>: a member's erasure (src/ingest/effacement.c) looks in every
 * one of them, whatever its name.
 */
int report_path_members_named(char *out, size_t size, const char *rapports, const char *campagne) LECAP_MUST_CHECK;
int report_path_member_named(char *out, size_t size, const char *rapports, const char *campagne,
			     const char *region, const char *siret) LECAP_MUST_CHECK;
int report_path_messages_named(char *out, size_t size, const char *rapports, const char *campagne) LECAP_MUST_CHECK;

#endif
