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

Test(report_path, photographies_folder)
{
	cr_assert_eq(report_path_members(buf, sizeof buf, "/srv/rapports", 2024), 0);
	cr_assert_str_eq(buf, "/srv/rapports/2024/entreprises");
	char small[31]; /* "/srv/rapports/2024/entreprises" is 30 bytes and its NUL */
	cr_assert_eq(report_path_members(small, sizeof small, "/srv/rapports", 2024), 0);
	cr_assert_eq(report_path_members(small, 30, "/srv/rapports", 2024), -1);
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
