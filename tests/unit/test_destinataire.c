/* Unit tests of destinataire_email_check (src/destinataire.c): the address subset
 * lecap accepts, and the exact reason given for each refusal. */
#include <criterion/criterion.h>
#include <string.h>

#include "diffusion/destinataire.h"

static const char *const good[] = {
	"jean.dupont@example.org",
	"a@b.fr",
	"Jean.Dupont+lecap@sous-domaine.example.org",
	"delegue_84@coorace.org",
	"x!#$%&'*+/=?^`{|}~-@example.org",
	"a1@x1.y2",
};

static const struct {
	const char *email, *why;
} bad[] = {
	{"", "il manque « @ »"},
	{"jean", "il manque « @ »"},
	{"jean@localhost", "le domaine doit contenir un point"},
	{"jean@", "domaine vide"},
	{"@example.org", "partie avant « @ » vide"},
	{"a@b@example.org", "plusieurs « @ »"},
	{"jean dupont@example.org", "espace interdit"},
	{"jean@example.org ", "espace interdit"},
	{"jean\t@example.org", "espace interdit"},
	{"andré@example.org", "seuls les caractères ASCII sont acceptés"},
	{"jean@exemple.française.fr", "seuls les caractères ASCII sont acceptés"},
	{".jean@example.org", "point mal placé avant « @ »"},
	{"jean.@example.org", "point mal placé avant « @ »"},
	{"je..an@example.org", "point mal placé avant « @ »"},
	{"\"jean\"@example.org", "caractère « \" » interdit avant « @ »"},
	{"jean,x@example.org", "caractère « , » interdit avant « @ »"},
	{"jean@exa_mple.org", "caractère « _ » interdit dans le domaine"},
	{"jean@[192.168.0.1]", "caractère « [ » interdit dans le domaine"},
	{"jean@.example.org", "domaine mal formé « .example.org »"},
	{"jean@example..org", "domaine mal formé « example..org »"},
	{"jean@example.org.", "domaine mal formé « example.org. »"},
	{"jean@-x.org", "domaine mal formé « -x.org »"},
	{"jean@x-.org", "domaine mal formé « x-.org »"},
};

Test(destinataire, accepted_addresses)
{
	char why[160];
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		cr_expect_eq(destinataire_email_check(good[i], why, sizeof(why)), 0, "%s: %s", good[i], why);
}

Test(destinataire, refused_addresses_and_reasons)
{
	char why[160];
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why[0] = '\0';
		cr_expect_eq(destinataire_email_check(bad[i].email, why, sizeof(why)), -1, "%s", bad[i].email);
		cr_expect_str_eq(why, bad[i].why, "%s", bad[i].email);
	}
}

Test(destinataire, length_limits)
{
	char addr[400], why[160];

	/* 64 characters before « @ » are fine, 65 are not. */
	memset(addr, 'a', 64);
	strcpy(addr + 64, "@example.org");
	cr_assert_eq(destinataire_email_check(addr, why, sizeof(why)), 0);
	memset(addr, 'a', 65);
	strcpy(addr + 65, "@example.org");
	cr_assert_eq(destinataire_email_check(addr, why, sizeof(why)), -1);
	cr_assert_str_eq(why, "partie avant « @ » trop longue (plus de 64 caractères)");

	/* A label of 63 characters is fine, 64 is not. */
	strcpy(addr, "a@");
	memset(addr + 2, 'b', 63);
	strcpy(addr + 65, ".fr");
	cr_assert_eq(destinataire_email_check(addr, why, sizeof(why)), 0);
	memset(addr + 2, 'b', 64);
	strcpy(addr + 66, ".fr");
	cr_assert_eq(destinataire_email_check(addr, why, sizeof(why)), -1);

	/* 254 characters in all at most. */
	strcpy(addr, "a@");
	for (int i = 0; i < 25; i++)
		strcat(addr, "abcdefghi.");
	strcat(addr, "fr"); /* 254 */
	cr_assert_eq(strlen(addr), 254);
	cr_assert_eq(destinataire_email_check(addr, why, sizeof(why)), 0);
	strcat(addr, "x");
	cr_assert_eq(destinataire_email_check(addr, why, sizeof(why)), -1);
	cr_assert_str_eq(why, "adresse trop longue (plus de 254 caractères)");
}
