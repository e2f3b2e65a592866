/* Unit tests of src/export_field.c: the values of member exports. */
#include <criterion/criterion.h>
#include <string.h>

#include "ingest/export_field.h"

Test(export_field, siret)
{
	char out[15];
	cr_assert_eq(export_field_siret("82601815200015", out), SIRET_OK);
	cr_assert_str_eq(out, "82601815200015");
	cr_assert_eq(export_field_siret(" 826 018 152 00015 ", out), SIRET_OK);
	cr_assert_str_eq(out, "82601815200015");
	cr_assert_eq(export_field_siret("82601815200016", out), SIRET_KEY);
	cr_assert_eq(export_field_siret("8260181520001", out), SIRET_FORMAT);
	cr_assert_eq(export_field_siret("826018152000150", out), SIRET_FORMAT);
	cr_assert_eq(export_field_siret("8260181520001A", out), SIRET_FORMAT);
	cr_assert_eq(export_field_siret("", out), SIRET_FORMAT);
	/* La Poste: digit sum multiple of 5, whatever Luhn says. */
	cr_assert_eq(export_field_siret("35600000000001", out), SIRET_OK);
	cr_assert_eq(export_field_siret("35600000000002", out), SIRET_KEY);
}

Test(export_field, year)
{
	int y;
	cr_assert(export_field_year("2025", &y));
	cr_assert_eq(y, 2025);
	cr_assert_not(export_field_year("25", &y));
	cr_assert_not(export_field_year("1999", &y));
	cr_assert_not(export_field_year("2025 ", &y));
	cr_assert_not(export_field_year("2101", &y));
}

Test(export_field, dates_are_real)
{
	char d[11];
	cr_assert(export_field_date("14/03/2025", d));
	cr_assert_str_eq(d, "2025-03-14");
	cr_assert(export_field_date("2025-03-14", d));
	cr_assert_str_eq(d, "2025-03-14");
	cr_assert(export_field_date("29/02/2024", d));
	cr_assert_not(export_field_date("29/02/2025", d));
	cr_assert_not(export_field_date("31/02/2025", d));
	cr_assert_not(export_field_date("31/04/2025", d));
	cr_assert_not(export_field_date("00/01/2025", d));
	cr_assert_not(export_field_date("14/13/2025", d));
	cr_assert_not(export_field_date("14/03/25", d));
	cr_assert_not(export_field_date("2025-3-14", d));
	cr_assert_not(export_field_date("14-03-2025", d));
	cr_assert_not(export_field_date("", d));
}

Test(export_field, timestamps)
{
	char t[40];
	cr_assert(export_field_timestamp("2025-03-20T16:42:05+01:00", t));
	cr_assert_str_eq(t, "2025-03-20 16:42:05+01:00");
	cr_assert(export_field_timestamp("2025-03-20 16:42:05Z", t));
	cr_assert_str_eq(t, "2025-03-20 16:42:05+00:00");
	cr_assert(export_field_timestamp("2025-03-20T16:42", t));
	cr_assert_str_eq(t, "2025-03-20 16:42:00");
	cr_assert(export_field_timestamp("2025-03-20T16:42:05.123-0430", t));
	cr_assert_str_eq(t, "2025-03-20 16:42:05.123-04:30");
	cr_assert(export_field_timestamp("20/03/2025 16:42", t));
	cr_assert_str_eq(t, "2025-03-20 16:42:00");
	cr_assert(export_field_timestamp("20/03/2025 16:42:07", t));
	cr_assert_not(export_field_timestamp("20/03/2025T16:42", t));
	cr_assert_not(export_field_timestamp("20/03/2025 16:42Z", t));
	cr_assert_not(export_field_timestamp("2025-03-20", t));
	cr_assert_not(export_field_timestamp("2025-03-20T24:00", t));
	cr_assert_not(export_field_timestamp("2025-02-30T10:00", t));
	cr_assert_not(export_field_timestamp("2025-03-20T10:00+15:00", t));
	cr_assert_not(export_field_timestamp("hier", t));
	cr_assert_not(export_field_timestamp("", t));
}

Test(export_field, epochs_follow_paris_time)
{
	double e;
	cr_assert(export_field_timestamp_epoch("1970-01-01 00:00:00+00:00", &e));
	cr_assert_float_eq(e, 0.0, 1e-9);
	cr_assert(export_field_timestamp_epoch("2025-03-20 16:42:05+01:00", &e));
	cr_assert_float_eq(e, 1742485325.0, 1e-6);
	/* Without offset: Paris, winter UTC+1, summer UTC+2. */
	cr_assert(export_field_timestamp_epoch("2025-03-20 16:42:05", &e));
	cr_assert_float_eq(e, 1742485325.0, 1e-6);
	cr_assert(export_field_timestamp_epoch("2025-07-01 12:00:00", &e));
	cr_assert_float_eq(e, 1751364000.0, 1e-6);
	cr_assert(export_field_timestamp_epoch("2025-03-30 03:00:00", &e)); /* just after the change */
	cr_assert_float_eq(e, 1743296400.0, 1e-6);
	cr_assert(export_field_timestamp_epoch("2025-03-20 16:42:05.5Z", &e) == false);
	cr_assert(export_field_timestamp_epoch("2025-03-20 16:42:05.5+00:00", &e));
	cr_assert_float_eq(e, 1742488925.5, 1e-6);
}

Test(export_field, notes)
{
	int n;
	cr_assert(export_field_note("1", &n) && n == 1);
	cr_assert(export_field_note("4", &n) && n == 4);
	cr_assert(export_field_note("", &n) && n == -1);
	cr_assert(export_field_note("NC", &n) && n == 0);
	cr_assert(export_field_note("N/C", &n) && n == 0);
	cr_assert(export_field_note("nc", &n) && n == 0);
	cr_assert(export_field_note("Non concerné", &n) && n == 0);
	cr_assert_not(export_field_note("0", &n));
	cr_assert_not(export_field_note("5", &n));
	cr_assert_not(export_field_note("2.5", &n));
	cr_assert_not(export_field_note("12", &n));
	cr_assert_not(export_field_note("bien", &n));
}

Test(export_field, colleges)
{
	cr_assert_str_eq(export_field_college("direction"), "direction");
	cr_assert_str_eq(export_field_college("Salarié·e en insertion"), "salarie_insertion");
	cr_assert_str_eq(export_field_college("salarie_insertion"), "salarie_insertion");
	cr_assert_str_eq(export_field_college("Salarié permanent"), "salarie_permanent");
	cr_assert_str_eq(export_field_college("Bénévole"), "benevole");
	cr_assert_str_eq(export_field_college("Administratrice"), "administrateur");
	cr_assert_str_eq(export_field_college("CONSENSUS"), "consensus");
	cr_assert_null(export_field_college("stagiaire"));
	cr_assert_null(export_field_college(""));
}

Test(export_field, priorities_and_statuses)
{
	int p;
	cr_assert(export_field_priority("1", &p) && p == 1);
	cr_assert(export_field_priority("Haute", &p) && p == 1);
	cr_assert(export_field_priority("moyenne", &p) && p == 2);
	cr_assert(export_field_priority("3", &p) && p == 3);
	cr_assert_not(export_field_priority("4", &p));
	cr_assert_not(export_field_priority("1.", &p));
	cr_assert_not(export_field_priority("urgente", &p));
	cr_assert_str_eq(export_field_status("À engager"), "a_engager");
	cr_assert_str_eq(export_field_status("en cours"), "en_cours");
	cr_assert_str_eq(export_field_status("Réalisée"), "realisee");
	cr_assert_str_eq(export_field_status("abandonnee"), "abandonnee");
	cr_assert_null(export_field_status("terminé"));
}

Test(export_field, chars)
{
	cr_assert_eq(export_field_chars("été", strlen("été")), 3);
	cr_assert_eq(export_field_chars("", 0), 0);
}

/* Issue 17: coded values compared whole, only documented spellings. */
Test(export_field, siret_no_break_spaces)
{
	char out[15];
	cr_assert_eq(export_field_siret("826\xC2\xA0" "018\xC2\xA0" "152\xE2\x80\xAF" "00015", out), SIRET_OK);
	cr_assert_str_eq(out, "82601815200015");
	cr_assert_eq(export_field_siret("826\xE2\x80\x89" "01815200015", out), SIRET_FORMAT); /* thin space */
}

Test(export_field, nc_documented_spellings_only)
{
	int n = 9;
	const char *yes[] = {"NC", "nc", "Nc", "N/C", "n/c", "non concerné", "Non concerné",
			     "NON CONCERNÉ", "non concerne"};
	const char *no[] = {"N.C.", "N.C", "NC*", "NC!", "N-C", "nc.", "(NC)", "non-concerné",
			    "N / C", "nonconcerné!", "NC\xE2\x80\x8B"};
	for (size_t i = 0; i < sizeof(yes) / sizeof(*yes); i++) {
		cr_assert(export_field_note(yes[i], &n), "%s", yes[i]);
		cr_assert_eq(n, 0, "%s", yes[i]);
	}
	for (size_t i = 0; i < sizeof(no) / sizeof(*no); i++)
		cr_assert_not(export_field_note(no[i], &n), "%s", no[i]);
}

Test(export_field, coded_values_compared_whole)
{
	char padded[400];
	int v;

	memset(padded, ' ', sizeof(padded));
	memcpy(padded, "direction", 9);
	strcpy(padded + 390, "texte");
	cr_assert_null(export_field_college(padded));
	memcpy(padded, "en_cours ", 9);
	cr_assert_null(export_field_status(padded));
	memcpy(padded, "haute    ", 9);
	cr_assert_not(export_field_priority(padded, &v));
	memcpy(padded, "4        ", 9);
	cr_assert_not(export_field_note(padded, &v));
	/* Punctuation is not dropped. */
	cr_assert_null(export_field_college("direction !"));
	cr_assert_null(export_field_college("direction?"));
	cr_assert_not(export_field_priority("1.", &v));
	cr_assert_not(export_field_priority("-1", &v));
	cr_assert_not(export_field_priority("haute!", &v));
	cr_assert_null(export_field_status("en cours..."));
	/* Documented normalisations still accepted. */
	cr_assert_str_eq(export_field_college("Salarié·e en insertion"), "salarie_insertion");
	cr_assert_str_eq(export_field_college("Salarié(e) permanent(e)"), "salarie_permanent");
	cr_assert_str_eq(export_field_college("Administrateur/rice"), "administrateur");
	cr_assert_str_eq(export_field_college("BÉNÉVOLE\xC2\xA0"), "benevole");
	cr_assert_str_eq(export_field_status("À engager"), "a_engager");
	cr_assert_str_eq(export_field_status("Réalisée"), "realisee");
	cr_assert(export_field_priority("Moyenne", &v));
	cr_assert_eq(v, 2);
}

/* Issue 18: pseudonyms and responsables never hold contact details. */
Test(export_field, personal_emails)
{
	cr_assert_eq(export_field_personal("marie.dupont@exemple.fr"), FIELD_PERSONAL_EMAIL);
	cr_assert_eq(export_field_personal("Marie Dupont <marie.dupont@exemple.fr>"), FIELD_PERSONAL_EMAIL);
	cr_assert_eq(export_field_personal("Jean Martin, jean.martin@exemple.fr 06 12 34 56 78"),
		     FIELD_PERSONAL_EMAIL);
	cr_assert_eq(export_field_personal("contact@asso-le-cap.org"), FIELD_PERSONAL_EMAIL);
	cr_assert_eq(export_field_personal("a@b.co"), FIELD_PERSONAL_EMAIL);
	cr_assert_eq(export_field_personal("@direction"), FIELD_PERSONAL_NONE);
	cr_assert_eq(export_field_personal("chef@atelier"), FIELD_PERSONAL_NONE);
	cr_assert_eq(export_field_personal("R@1"), FIELD_PERSONAL_NONE);
	cr_assert_eq(export_field_personal("x@.fr"), FIELD_PERSONAL_NONE);
}

Test(export_field, personal_phones_french_and_international)
{
	static const char *const phones[] = {
		"06 12 34 56 78", "06.12.34.56.78", "0612345678", "06-12-34-56-78",
		"01 23 45 67 89", "Jean Martin 06 12 34 56 78", "tél. 09 70 00 00 00",
		"06\xc2\xa0" "12\xc2\xa0" "34\xc2\xa0" "56\xc2\xa0" "78",
		"06\xe2\x80\xaf" "12 34 56 78", "+33 6 12 34 56 78", "+33 (0)6 12 34 56 78",
		"+33612345678", "0033 6 12 34 56 78", "0033612345678", "+44 20 7946 0958",
		"+1 (555) 123-4567", "+49 30 1234567", "+262 262 12 34 56", "(+33) 6 12 34 56 78",
	};
	for (size_t i = 0; i < sizeof(phones) / sizeof(phones[0]); i++)
		cr_expect_eq(export_field_personal(phones[i]), FIELD_PERSONAL_PHONE, "%s", phones[i]);
}

Test(export_field, personal_not_contact_details)
{
	static const char *const fine[] = {
		"R-4C1E", "GROUPE", "R01", "rep-003-ab", "anon12", "0a3f12", "Direction",
		"Chargé·e d'insertion professionnelle", "Comité de pilotage", "2024-2026",
		"14/03/2025", "2025-03-14", "Équipe 2 (site 3)", "1.2.3.4", "12345678901",
		"82601815200015", "Responsable + 2 bénévoles", "06 12 34", "A0612345678",
		"0612345678B", "-", "",
	};
	for (size_t i = 0; i < sizeof(fine) / sizeof(fine[0]); i++)
		cr_expect_eq(export_field_personal(fine[i]), FIELD_PERSONAL_NONE, "%s", fine[i]);
}
