/* Unit tests of src/base/report_path.c: the one place that knows where each
 * report lives (the renderer and the mailer both ask it). */
#include <criterion/criterion.h>

#include "base/report_path.h"

static char buf[64];

Test(report_path, campaign_directory)
{
	cr_assert_eq(report_path_campaign(buf, sizeof buf, "/srv/rapports", 2025), 0);
	cr_assert_str_eq(buf, "/srv/rapports/2025");
}

Test(report_path, national_report)
{
	cr_assert_eq(report_path_national(buf, sizeof buf, "/srv/rapports", 2025), 0);
	cr_assert_str_eq(buf, "/srv/rapports/2025/national.pdf");
}

Test(report_path, member_photographie_under_its_region)
{
	cr_assert_eq(report_path_member(buf, sizeof buf, "/srv/rapports", 2024, "84", "73282932000074"), 0);
	cr_assert_str_eq(buf, "/srv/rapports/2024/entreprises/84/73282932000074.pdf");
}

Test(report_path, too_long_is_refused)
{
	char small[31]; /* "/srv/rapports/2025/national.pdf" is 31 bytes: one short */
	cr_assert_eq(report_path_national(small, sizeof small, "/srv/rapports", 2025), -1);
	char exact[32];
	cr_assert_eq(report_path_national(exact, sizeof exact, "/srv/rapports", 2025), 0);
	cr_assert_str_eq(exact, "/srv/rapports/2025/national.pdf");
	cr_assert_eq(report_path_member(small, sizeof small, "/srv/rapports", 2024, "84", "73282932000074"), -1);
	cr_assert_eq(report_path_campaign(small, 5, "/srv", 2025), -1);
}

static char name[256];

static const char *file(const char *code, const char *label)
{
	report_path_region_file(name, sizeof name, code, label);
	return name;
}

Test(report_path, region_file_names)
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

Test(report_path, region_file_name_truncates)
{
	char small[12];
	report_path_region_file(small, sizeof small, "84", "Auvergne-Rhône-Alpes");
	cr_assert_str_eq(small, "84.pdf");
}

Test(report_path, region_report)
{
	char path[128], small[30];
	cr_assert_eq(report_path_regions(path, sizeof path, "/srv/rapports", 2025), 0);
	cr_assert_str_eq(path, "/srv/rapports/2025/regions");
	cr_assert_eq(report_path_region(path, sizeof path, "/srv/rapports", 2025, "84", "Auvergne-Rhône-Alpes"), 0);
	cr_assert_str_eq(path, "/srv/rapports/2025/regions/84-auvergne-rhone-alpes.pdf");
	cr_assert_eq(report_path_region(small, sizeof small, "/srv/rapports", 2025, "84", "Auvergne-Rhône-Alpes"), -1);
	cr_assert_eq(report_path_regions(small, 10, "/srv/rapports", 2025), -1);
}

Test(report_path, members_and_messages_directories)
{
	cr_assert_eq(report_path_members(buf, sizeof buf, "/srv/rapports", 2025), 0);
	cr_assert_str_eq(buf, "/srv/rapports/2025/entreprises");
	cr_assert_eq(report_path_messages(buf, sizeof buf, "/srv/rapports", 2025), 0);
	cr_assert_str_eq(buf, "/srv/rapports/2025/envois");
}

Test(report_path, named_campaign_directory_as_listed)
{
	cr_assert_eq(report_path_members_named(buf, sizeof buf, "/srv/rapports", "2024-copie"), 0);
	cr_assert_str_eq(buf, "/srv/rapports/2024-copie/entreprises");
	cr_assert_eq(report_path_member_named(buf, sizeof buf, "/srv/rapports", "2024", "84", "73282932000074"), 0);
	cr_assert_str_eq(buf, "/srv/rapports/2024/entreprises/84/73282932000074.pdf");
	cr_assert_eq(report_path_messages_named(buf, sizeof buf, "/srv/rapports", "2023"), 0);
	cr_assert_str_eq(buf, "/srv/rapports/2023/envois");
	/* the int form names the campaign's directory by its year: same path */
	char other[64];
	cr_assert_eq(report_path_member(other, sizeof other, "/srv/rapports", 2024, "84", "73282932000074"), 0);
	cr_assert_eq(report_path_member_named(buf, sizeof buf, "/srv/rapports", "2024", "84", "73282932000074"), 0);
	cr_assert_str_eq(buf, other);
}

Test(report_path, named_too_long_is_refused)
{
	char small[30]; /* "/srv/rapports/2025/entreprises" is 30 bytes: one short */
	cr_assert_eq(report_path_members_named(small, sizeof small, "/srv/rapports", "2025"), -1);
	cr_assert_eq(report_path_members(small, sizeof small, "/srv/rapports", 2025), -1);
	char exact[31];
	cr_assert_eq(report_path_members(exact, sizeof exact, "/srv/rapports", 2025), 0);
	cr_assert_eq(report_path_messages_named(small, 10, "/srv/rapports", "2025"), -1);
	cr_assert_eq(report_path_member_named(small, sizeof small, "/srv/rapports", "2024", "84", "73282932000074"), -1);
}
