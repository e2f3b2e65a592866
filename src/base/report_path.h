#ifndef LECAP_REPORT_PATH_H
#define LECAP_REPORT_PATH_H
/*
 * Where each report lives under the reports' directory (docs/diffusion.md):
 *   <rapports>/<campagne>/national.pdf
 *   <rapports>/<campagne>/regions/<code>-<nom>.pdf   (reports/region.c names it)
 *   <rapports>/<campagne>/entreprises/<region>/<siret>.pdf
 * The one place that knows these paths: the renderer (reports/), the mailer
 * (src/diffusion) both ask here; in src/base so that every layer may.
 * Each returns 0, or -1 when the path does not fit in size (out is then cut).
 */
#include <stddef.h>

int report_path_campaign(char *out, size_t size, const char *rapports, int campagne)
	__attribute__((warn_unused_result));
int report_path_national(char *out, size_t size, const char *rapports, int campagne)
	__attribute__((warn_unused_result));
int report_path_member(char *out, size_t size, const char *rapports, int campagne, const char *region,
		       const char *siret) __attribute__((warn_unused_result));
/* <rapports>/<campagne>/entreprises: the folder of the photographies' region folders. */
int report_path_members(char *out, size_t size, const char *rapports, int campagne)
	__attribute__((warn_unused_result));

#endif
