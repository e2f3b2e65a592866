/* Unit tests of src/config.c: defaults, parsing, precedence, exact errors. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/config.h"
#include "base/exitcode.h"
#include "base/log.h"

static struct lecap_config cfg;

static void setup(void)
{
	log_set_timestamps(0);
	cfg_init(&cfg);
	cr_redirect_stderr();
}

static void teardown(void)
{
	cfg_release(&cfg);
}

TestSuite(config, .init = setup, .fini = teardown);

Test(config, defaults)
{
	cr_assert_str_eq(cfg.base_conninfo, "");
	cr_assert_str_eq(cfg.chemins_entree, "var/entree");
	cr_assert_str_eq(cfg.chemins_archive, "var/archive");
	cr_assert_str_eq(cfg.chemins_quarantaine, "var/quarantaine");
	cr_assert_str_eq(cfg.chemins_rapports, "var/rapports");
	cr_assert_str_eq(cfg.referentiel_fichier, "config/referentiel-cap.csv");
	cr_assert_str_eq(cfg.referentiel_version, "cap-2019");
	cr_assert_str_eq(cfg.referentiel_offres, "config/offres.csv");
	cr_assert_str_eq(cfg.referentiel_regions, "config/regions.csv");
	cr_assert_str_eq(cfg.referentiel_types, "config/types-structure.csv");
	cr_assert_str_eq(cfg.referentiel_vision, "config/vision.txt");
	cr_assert_eq(cfg.ingestion_taille_max, 64LL * 1024 * 1024);
	cr_assert_float_eq(cfg.agregats_completude_min, 0.75, 1e-12);
	cr_assert_eq(cfg.agregats_seuil_secret, 5);
	cr_assert_eq(cfg.rapports_entreprises, true);
	cr_assert_str_eq(cfg.rapports_police, "");
	cr_assert_eq(cfg.journal_syslog, false);
}

Test(config, vision_beside_the_grid)
{
	/* where config/vision.txt does not exist (each test is its own process) */
	cr_assert_eq(chdir("/"), 0);
	cr_assert_eq(cfg_set(&cfg, "referentiel", "fichier", "/usr/share/lecap/config/referentiel-cap.csv", "t"),
		     LECAP_OK);
	cr_assert_eq(cfg_derive_defaults(&cfg), 0);
	cr_assert_str_eq(cfg.referentiel_vision, "/usr/share/lecap/config/vision.txt");
	/* given explicitly: kept */
	cr_assert_eq(cfg_set(&cfg, "referentiel", "vision", "/etc/lecap/vision.txt", "t"), LECAP_OK);
	cr_assert_eq(cfg_set(&cfg, "referentiel", "fichier", "grille.csv", "t"), LECAP_OK);
	cr_assert_eq(cfg_derive_defaults(&cfg), 0);
	cr_assert_str_eq(cfg.referentiel_vision, "/etc/lecap/vision.txt");
}

Test(config, vision_default_kept_where_it_exists)
{
	/* run from the repository's root, where config/vision.txt exists */
	cr_assert_eq(cfg_set(&cfg, "referentiel", "fichier", "/tmp/grille.csv", "t"), LECAP_OK);
	cr_assert_eq(cfg_derive_defaults(&cfg), 0);
	cr_assert_str_eq(cfg.referentiel_vision, "config/vision.txt");
}

Test(config, vision_default_unchanged_with_default_grid)
{
	cr_assert_eq(cfg_derive_defaults(&cfg), 0);
	cr_assert_str_eq(cfg.referentiel_vision, "config/vision.txt");
}

Test(config, reads_every_type)
{
	const char text[] = "\xEF\xBB\xBF; comment\n# other\n[base]\nconninfo = host=/run/pg dbname=lecap\r\n"
			    "[ingestion]\ntaille_max = 2MiB\n[agregats]\ncompletude_min=0.5\n"
			    "seuil_secret = 3\n[rapports]\nentreprises = non\npolice = \" /a b.ttf\"\n";
	cr_assert_eq(cfg_read_buffer(&cfg, "t.conf", text, strlen(text)), LECAP_OK);
	cr_assert_str_eq(cfg.base_conninfo, "host=/run/pg dbname=lecap");
	cr_assert_eq(cfg.ingestion_taille_max, 2 * 1024 * 1024);
	cr_assert_float_eq(cfg.agregats_completude_min, 0.5, 1e-12);
	cr_assert_eq(cfg.agregats_seuil_secret, 3);
	cr_assert_eq(cfg.rapports_entreprises, false);
	cr_assert_str_eq(cfg.rapports_police, " /a b.ttf");
}

Test(config, unknown_key_names_file_line_key)
{
	const char text[] = "[base]\n\nconnifo = x\n";
	cr_assert_eq(cfg_read_buffer(&cfg, "t.conf", text, strlen(text)), LECAP_USAGE);
	fflush(stderr);
	cr_assert_stderr_eq_str("lecap: erreur: t.conf:3 : clé inconnue « connifo » dans la section [base]\n"
				"lecap: astuce: les clés et leurs valeurs sont décrites dans config/lecap.conf.example\n");
}

Test(config, unknown_section)
{
	const char text[] = "[bas]\n";
	cr_assert_eq(cfg_read_buffer(&cfg, "t.conf", text, strlen(text)), LECAP_USAGE);
	fflush(stderr);
	cr_assert_stderr_eq_str("lecap: erreur: t.conf:1 : section inconnue [bas]\n"
				"lecap: astuce: sections connues : [base] [chemins] [referentiel] [ingestion] "
				"[agregats] [rapports] [journal] [diffusion] ; voir config/lecap.conf.example\n");
}

Test(config, bad_values)
{
	const char ratio[] = "[agregats]\ncompletude_min = 1.5\n";
	cr_assert_eq(cfg_read_buffer(&cfg, "r.conf", ratio, strlen(ratio)), LECAP_USAGE);
	const char size[] = "[ingestion]\ntaille_max = 64 Mo\n";
	cr_assert_eq(cfg_read_buffer(&cfg, "s.conf", size, strlen(size)), LECAP_USAGE);
	const char b[] = "[journal]\nsyslog = peut-être\n";
	cr_assert_eq(cfg_read_buffer(&cfg, "b.conf", b, strlen(b)), LECAP_USAGE);
	fflush(stderr);
	cr_assert_stderr_eq_str(
		"lecap: erreur: r.conf:2 : valeur invalide « 1.5 » pour [agregats] completude_min : attendu un nombre entre 0 et 1 (ex. 0.75)\n"
		"lecap: astuce: les clés et leurs valeurs sont décrites dans config/lecap.conf.example\n"
		"lecap: erreur: s.conf:2 : valeur invalide « 64 Mo » pour [ingestion] taille_max : attendu une taille (ex. 64MiB, 512KiB, 1000000)\n"
		"lecap: astuce: les clés et leurs valeurs sont décrites dans config/lecap.conf.example\n"
		"lecap: erreur: b.conf:2 : valeur invalide « peut-être » pour [journal] syslog : attendu oui ou non\n"
		"lecap: astuce: les clés et leurs valeurs sont décrites dans config/lecap.conf.example\n");
}

/* [diffusion] frequence_synthese: names and numbers of days; the default
 * weekly; anything else named with file, line and the accepted values. */
Test(config, digest_frequency)
{
	static const struct { const char *text; int days; } ok[] = {
		{"quotidienne", 1}, {"hebdomadaire", 7}, {"mensuelle", 30}, {"jamais", 0}, {"1", 1}, {"14", 14},
		{"366", 366},
	};
	static const char *const bad[] = {"0", "367", "-7", "7j", "Hebdomadaire", "", " 7x", "semaine"};
	char text[128];

	cr_assert_eq(cfg.diffusion_frequence_synthese, 7);
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		snprintf(text, sizeof(text), "[diffusion]\nfrequence_synthese = %s\n", ok[i].text);
		cr_assert_eq(cfg_read_buffer(&cfg, "f.conf", text, strlen(text)), LECAP_OK, "%s", ok[i].text);
		cr_assert_eq(cfg.diffusion_frequence_synthese, ok[i].days, "%s", ok[i].text);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), "[diffusion]\nfrequence_synthese = %s\n", bad[i]);
		cr_assert_eq(cfg_read_buffer(&cfg, "f.conf", text, strlen(text)), LECAP_USAGE, "%s", bad[i]);
		cr_assert_eq(cfg.diffusion_frequence_synthese, 366, "unchanged by %s", bad[i]);
	}
}

Test(config, digest_frequency_error)
{
	const char text[] = "[base]\n[diffusion]\nfrequence_synthese = 2 semaines\n";

	cr_assert_eq(cfg_read_buffer(&cfg, "f.conf", text, strlen(text)), LECAP_USAGE);
	fflush(stderr);
	cr_assert_stderr_eq_str(
		"lecap: erreur: f.conf:3 : valeur invalide « 2 semaines » pour [diffusion] frequence_synthese : "
		"attendu quotidienne, hebdomadaire, mensuelle, jamais, ou un nombre de jours de 1 à 366\n"
		"lecap: astuce: les clés et leurs valeurs sont décrites dans config/lecap.conf.example\n");
}

Test(config, malformed_lines)
{
	const char nosec[] = "conninfo = x\n";
	cr_assert_eq(cfg_read_buffer(&cfg, "a.conf", nosec, strlen(nosec)), LECAP_USAGE);
	const char noeq[] = "[base]\nconninfo\n";
	cr_assert_eq(cfg_read_buffer(&cfg, "b.conf", noeq, strlen(noeq)), LECAP_USAGE);
	const char brk[] = "[base\n";
	cr_assert_eq(cfg_read_buffer(&cfg, "c.conf", brk, strlen(brk)), LECAP_USAGE);
	const char nul[] = "[base]\nconn\0info = x\n";
	cr_assert_eq(cfg_read_buffer(&cfg, "d.conf", nul, sizeof(nul) - 1), LECAP_USAGE);
	fflush(stderr);
	cr_assert_stderr_eq_str(
		"lecap: erreur: a.conf:1 : clé « conninfo » hors de toute section\n"
		"lecap: astuce: placez-la sous son en-tête, par exemple [base]\n"
		"lecap: erreur: b.conf:2 : ligne sans « = » : « conninfo »\n"
		"lecap: astuce: une clé s'écrit nom = valeur\n"
		"lecap: erreur: c.conf:1 : en-tête de section mal formé « [base »\n"
		"lecap: astuce: une section s'écrit [nom], seule sur sa ligne\n"
		"lecap: erreur: d.conf:2 : octet nul dans le fichier de configuration\n");
}

Test(config, environment_over_file)
{
	const char text[] = "[agregats]\nseuil_secret = 3\n";
	cr_assert_eq(cfg_read_buffer(&cfg, "t.conf", text, strlen(text)), LECAP_OK);
	setenv("LECAP_AGREGATS_SEUIL_SECRET", "11", 1);
	setenv("LECAP_CHEMINS_ENTREE", "/srv/entree", 1);
	cr_assert_eq(cfg_read_env(&cfg), LECAP_OK);
	unsetenv("LECAP_AGREGATS_SEUIL_SECRET");
	unsetenv("LECAP_CHEMINS_ENTREE");
	cr_assert_eq(cfg.agregats_seuil_secret, 11);
	cr_assert_str_eq(cfg.chemins_entree, "/srv/entree");
}

Test(config, sizes_and_bools)
{
	int64_t n;
	bool b;
	cr_assert_eq(cfg_parse_size("64MiB", &n), 0);
	cr_assert_eq(n, 67108864);
	cr_assert_eq(cfg_parse_size("512k", &n), 0);
	cr_assert_eq(n, 524288);
	cr_assert_eq(cfg_parse_size("2GiB", &n), 0);
	cr_assert_eq(n, 2147483648LL);
	cr_assert_eq(cfg_parse_size("1000", &n), 0);
	cr_assert_eq(n, 1000);
	cr_assert_eq(cfg_parse_size("-1", &n), -1);
	cr_assert_eq(cfg_parse_size("0", &n), -1);
	cr_assert_eq(cfg_parse_size("12 furlongs", &n), -1);
	cr_assert_eq(cfg_parse_size("99999999999999999999", &n), -1);
	cr_assert_eq(cfg_parse_size("9000000000G", &n), -1);
	cr_assert_eq(cfg_parse_bool("OUI", &b), 0);
	cr_assert_eq(b, true);
	cr_assert_eq(cfg_parse_bool("non", &b), 0);
	cr_assert_eq(b, false);
	cr_assert_eq(cfg_parse_bool("peut-être", &b), -1);
}

/* The example file documents every key of the table with its default. */
Test(config, example_lists_every_key)
{
	FILE *f = fopen("config/lecap.conf.example", "r");
	char buf[16384];
	size_t n;
	cr_assert_not_null(f, "run from the project root");
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	for (size_t i = 0; i < cfg_key_count; i++) {
		char line[256], section[128];
		snprintf(section, sizeof(section), "[%s]\n", cfg_keys[i].section);
		snprintf(line, sizeof(line), "\n;%s = %s\n", cfg_keys[i].key, cfg_keys[i].def);
		cr_expect_not_null(strstr(buf, section), "section %s", section);
		cr_expect_not_null(strstr(buf, line), "key %s", line);
	}
	/* And it loads: all commented, so the defaults stay. */
	cr_assert_eq(cfg_read_buffer(&cfg, "example", buf, n), LECAP_OK);
	cr_assert_str_eq(cfg.chemins_entree, "var/entree");
}
