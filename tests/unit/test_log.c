/* Unit tests of src/log.c: format, levels, hints. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <stdio.h>

#include "base/exitcode.h"
#include "base/log.h"

static void setup(void)
{
	log_set_timestamps(0);
	log_set_level(LOG_LVL_INFO);
	cr_redirect_stderr();
}

TestSuite(log, .init = setup);

Test(log, format_and_levels)
{
	log_error("fichier %s illisible", "a.csv");
	log_hint("vérifiez les droits");
	log_warn("attention");
	log_info("%d fichiers", 3);
	log_debug("invisible");
	fflush(stderr);
	cr_assert_stderr_eq_str("lecap: erreur: fichier a.csv illisible\n"
				"lecap: astuce: vérifiez les droits\n"
				"lecap: avertissement: attention\n"
				"lecap: info: 3 fichiers\n");
}

Test(log, quiet_keeps_errors_and_hints)
{
	log_set_level(LOG_LVL_ERROR);
	log_info("non");
	log_warn("non");
	cr_assert_eq(log_fail(LECAP_IO, "disque plein"), LECAP_IO);
	log_hint("libérez de la place");
	fflush(stderr);
	cr_assert_stderr_eq_str("lecap: erreur: disque plein\nlecap: astuce: libérez de la place\n");
}

Test(log, verbose_adds_debug)
{
	log_set_level(LOG_LVL_DEBUG);
	log_debug("détail %s", "x");
	fflush(stderr);
	cr_assert_stderr_eq_str("lecap: debug: détail x\n");
}

Test(log, timestamps_when_forced)
{
	char buf[256] = "";
	FILE *f;
	log_set_timestamps(1);
	log_info("horodaté");
	fflush(stderr);
	f = cr_get_redirected_stderr();
	cr_assert_not_null(fgets(buf, sizeof(buf), f));
	/* 2026-11-27T21:30:35+0100 lecap: info: horodaté */
	cr_assert_eq(buf[4], '-');
	cr_assert_eq(buf[10], 'T');
	cr_assert_str_eq(buf + 25, "lecap: info: horodaté\n");
}

Test(log, captures_errors_and_warnings_for_the_journal)
{
	log_capture_reset();
	log_set_level(LOG_LVL_ERROR);
	log_warn("caché mais journalisé");
	log_info("pas journalisé");
	log_error("erreur %d", 1);
	cr_assert_str_eq(log_captured(), "avertissement: caché mais journalisé\nerreur: erreur 1\n");
	log_capture_reset();
	cr_assert_str_eq(log_captured(), "");
}
