/* Unit tests of src/pg.c that need no server: conninfo checks. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>

#include "base/exitcode.h"
#include "base/log.h"
#include "io/pg.h"

Test(pg, password_detection)
{
	cr_assert_eq(pg_conninfo_has_password("host=/tmp dbname=x password=s"), true);
	cr_assert_eq(pg_conninfo_has_password("postgresql://u:secret@h/db"), true);
	cr_assert_eq(pg_conninfo_has_password("postgresql://u@h/db"), false);
	cr_assert_eq(pg_conninfo_has_password("host=/tmp dbname=x"), false);
	cr_assert_eq(pg_conninfo_has_password(""), false);
	cr_assert_eq(pg_conninfo_has_password(NULL), false);
}

Test(pg, conninfo_check, .init = cr_redirect_stderr)
{
	log_set_timestamps(0);
	cr_assert_eq(pg_conninfo_check("host=/tmp dbname=x", "t"), LECAP_OK);
	cr_assert_eq(pg_conninfo_check("", "t"), LECAP_OK);
	cr_assert_eq(pg_conninfo_check("host=/tmp nonsense", "option --dbname"), LECAP_USAGE);
	fflush(stderr);
	cr_assert_stderr_eq_str(
		"lecap: erreur: option --dbname : chaîne de connexion invalide : missing \"=\" after \"nonsense\" in connection info string\n"
		"lecap: astuce: exemples : \"host=/run/postgresql dbname=lecap\" ou \"postgresql://lecap@serveur/lecap\"\n");
}
