/* Unit tests of src/ingest/quarantaine.c: the reason of a problem line. */
#include <criterion/criterion.h>
#include <string.h>

#include "ingest/quarantaine.h"

static const char *reason(const char *line, size_t size)
{
	static char buf[256];
	quarantaine_reason(line, buf, size);
	return buf;
}

Test(quarantaine, reason_drops_position_quotes_and_numbers)
{
	cr_assert_str_eq(reason("a.csv:2:1.1.1.a: note invalide « 5 » : 1, 2, 3, 4, NC ou vide attendu", 256),
			 "note invalide « … »");
	cr_assert_str_eq(reason("b.csv:4:college: seconde ligne de consensus (la première est ligne 3) : une seule", 256),
			 "seconde ligne de consensus (la première est ligne N)");
	cr_assert_str_eq(reason("c.csv:1:-: lien symbolique refusé (il n'est pas suivi) : déposez le fichier", 256),
			 "lien symbolique refusé (il n'est pas suivi)");
	/* A « : » inside a quotation does not end the reason. */
	cr_assert_str_eq(reason("d.csv:2:region: région inconnue « 9 : 9 » hors liste", 256),
			 "région inconnue « … » hors liste");
}

Test(quarantaine, reason_without_position_or_newline)
{
	cr_assert_str_eq(reason("texte libre\nsuite", 256), "texte libre");
	cr_assert_str_eq(reason("", 256), "");
}

Test(quarantaine, reason_truncates)
{
	cr_assert_str_eq(reason("a.csv:1:-: abcdefgh", 5), "abcd");
	/* The quotation mark is never cut in the middle. */
	cr_assert_str_eq(reason("a.csv:1:-: ab « x »", 8), "ab ");
}
