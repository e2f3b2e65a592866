#include "base/report_path.h"

#include <stdio.h>

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
	return report_path_fits(snprintf(out, size, "%s/%d/entreprises/%s/%s.pdf", rapports, campagne, region, siret),
				size);
}

int report_path_members(char *out, size_t size, const char *rapports, int campagne)
{
	return report_path_fits(snprintf(out, size, "%s/%d/entreprises", rapports, campagne), size);
}
