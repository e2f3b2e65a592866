/* Unit tests of src/export/export.c: cells made safe for a spreadsheet. */
#include <criterion/criterion.h>

#include "export/export.h"

Test(export, formulas_neutralised)
{
	char b[64];
	cr_assert_str_eq(export_neutralise("=1+2", b, sizeof(b)), "'=1+2");
	cr_assert_str_eq(export_neutralise("+33 6", b, sizeof(b)), "'+33 6");
	cr_assert_str_eq(export_neutralise("-2+3", b, sizeof(b)), "'-2+3");
	cr_assert_str_eq(export_neutralise("@SUM(A1)", b, sizeof(b)), "'@SUM(A1)");
	cr_assert_str_eq(export_neutralise("\t=1", b, sizeof(b)), "'\t=1");
	cr_assert_str_eq(export_neutralise("\r=1", b, sizeof(b)), "'\r=1");
	cr_assert_str_eq(export_neutralise("Bretagne", b, sizeof(b)), "Bretagne");
	cr_assert_str_eq(export_neutralise("a=1", b, sizeof(b)), "a=1");
	cr_assert_str_eq(export_neutralise("", b, sizeof(b)), "");
}

Test(export, numbers_stay_numbers)
{
	char b[32];
	cr_assert_str_eq(export_number("-0.25", 1, b, sizeof(b)), "-0,25");
	cr_assert_str_eq(export_number("-0.25", 0, b, sizeof(b)), "-0.25");
	cr_assert_str_eq(export_number("12", 1, b, sizeof(b)), "12");
}

Test(export, formats)
{
	enum export_format f;
	cr_assert_eq(export_parse_format("csv", &f), 0);
	cr_assert_eq(f, EXPORT_CSV);
	cr_assert_eq(export_parse_format("csv-rfc4180", &f), 0);
	cr_assert_eq(f, EXPORT_CSV_RFC4180);
	cr_assert_eq(export_parse_format("xlsx", &f), 0);
	cr_assert_eq(f, EXPORT_XLSX);
	cr_assert_eq(export_parse_format("ods", &f), -1);
	cr_assert_eq(export_parse_format("", &f), -1);
}
