/* Unit tests of the report helpers that need no database. */
#include <criterion/criterion.h>
#include <math.h>

#include "report.h"

static char buf[256];

static const char *file(const char *code, const char *name)
{
	report_region_file(buf, sizeof buf, code, name);
	return buf;
}

Test(report, region_file_names)
{
	cr_assert_str_eq(file("84", "Auvergne-Rhône-Alpes"), "84-auvergne-rhone-alpes.pdf");
	cr_assert_str_eq(file("93", "Provence-Alpes-Côte d'Azur"), "93-provence-alpes-cote-d-azur.pdf");
	cr_assert_str_eq(file("11", "Île-de-France"), "11-ile-de-france.pdf");
	cr_assert_str_eq(file("04", "La Réunion"), "04-la-reunion.pdf");
	cr_assert_str_eq(file("27", "Bourgogne-Franche-Comté"), "27-bourgogne-franche-comte.pdf");
	cr_assert_str_eq(file("94", "Corse"), "94-corse.pdf");
	cr_assert_str_eq(file("53", "  Bretagne  "), "53-bretagne.pdf");
	cr_assert_str_eq(file("01", ""), "01.pdf");
}

Test(report, region_file_name_truncates)
{
	char small[12];
	report_region_file(small, sizeof small, "84", "Auvergne-Rhône-Alpes");
	cr_assert_str_eq(small, "84.pdf");
}

Test(report, score_levels)
{
	cr_assert_eq(report_level(NAN), 0);
	cr_assert_eq(report_level(1.0), 1);
	cr_assert_eq(report_level(1.74), 1);
	cr_assert_eq(report_level(1.75), 2);
	cr_assert_eq(report_level(2.5), 3);
	cr_assert_eq(report_level(3.25), 4);
	cr_assert_eq(report_level(4.0), 4);
}
