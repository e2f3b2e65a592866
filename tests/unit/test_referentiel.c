/*
 * Unit tests of src/referentiel.c: the shipped files load with their exact
 * counts, lookups, and every validation message, exactly.
 *
 * Run from the repository root (tests/run.sh does): the shipped files are
 * read from config/. Faulty files are written into a temporary directory;
 * "@" in an expected message stands for the faulty file's path.
 */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/config.h"
#include "base/exitcode.h"
#include "base/log.h"
#include "referentiel/referentiel.h"

static struct lecap_config cfg;
static char dir[64];
static ref_set *set;

static void setup(void)
{
	log_set_timestamps(0);
	log_set_level(LOG_LVL_INFO);
	cfg_init(&cfg);
	snprintf(dir, sizeof(dir), "/tmp/lecap-ref.XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	set = NULL;
	cr_redirect_stderr();
}

static void teardown(void)
{
	char cmd[128];
	ref_free(set);
	cfg_release(&cfg);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stdout, "cannot remove %s\n", dir);
}

TestSuite(referentiel, .init = setup, .fini = teardown);

/* Writes text to DIR/name and points *slot at it. */
static void put(char **slot, const char *name, const char *text)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
	free(*slot);
	*slot = strdup(path);
}

/* The expected stderr: tmpl with each "@" replaced by path. */
static void expect_stderr(const char *tmpl, const char *path)
{
	char buf[8192];
	size_t n = 0;

	for (const char *t = tmpl; *t && n + 200 < sizeof(buf); t++) {
		if (*t == '@')
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s", path);
		else
			buf[n++] = *t;
	}
	buf[n] = '\0';
	fflush(stderr);
	cr_assert_stderr_eq_str(buf);
}

#define HINT(file) "lecap: astuce: corrigez " file " (format et messages : docs/format-exports.md, « Le référentiel »), puis relancez\n"

static const char head[] = "code;niveau;parent;libelle;cible;poids;offres\n";
/* A small valid grid, to which each test adds one fault. */
static const char base[] =
	"1;theme;;Identité;;;\n"
	"1.1;sous_theme;1;Projet;;;\n"
	"1.1.1;objectif;1.1;Formaliser le projet;3;1;FORMATION\n"
	"1.1.1.a;indicateur;1.1.1;Le projet est écrit;;;\n";

/* Loads a grid made of head + base + extra (lines 2-5 are base's). */
static int load_grid(const char *extra)
{
	char text[4096];
	snprintf(text, sizeof(text), "%s%s%s", head, base, extra);
	put(&cfg.referentiel_fichier, "grille.csv", text);
	return ref_load(&cfg, &set);
}

/* Grid error: exactly one message at line, then the hint. */
static void grid_error(const char *extra, const char *msg)
{
	char tmpl[2048];
	cr_assert_eq(load_grid(extra), LECAP_USAGE);
	cr_assert_null(set);
	snprintf(tmpl, sizeof(tmpl), "lecap: erreur: @:%s\n" HINT("@"), msg);
	expect_stderr(tmpl, cfg.referentiel_fichier);
}

/* ---- the shipped files ---- */

Test(referentiel, shipped_files_load)
{
	cr_assert_eq(ref_load(&cfg, &set), LECAP_OK);
	cr_assert_eq(ref_count(set, REF_THEME), 4);
	cr_assert_eq(ref_count(set, REF_SOUS_THEME), 11);
	cr_assert_eq(ref_count(set, REF_OBJECTIF), 25);
	cr_assert_eq(ref_count(set, REF_INDICATEUR), 61);
	cr_assert_eq(ref_offer_count(set), 13);
	cr_assert_eq(ref_region_count(set), 18);
	cr_assert_eq(ref_type_count(set), 8);
	cr_assert_str_eq(ref_version(set), "cap-2019");
	cr_assert_str_eq(ref_grid_path(set), "config/referentiel-cap.csv");
	cr_assert_eq(strlen(ref_grid_sha256(set)), 64);
	fflush(stderr);
	cr_assert_stderr_eq_str("");
}

Test(referentiel, shipped_grid_is_le_cap)
{
	static const char *const themes[] = {"Identité", "Services rendus", "Supports",
					     "Amélioration & mutation"};
	static const char *const sub[] = {
		"Principes et valeurs de l'ESS telle que promue par COORACE", "Projet", "Aux personnes",
		"Aux territoires", "Aux clients", "Adaptation des ressources au projet",
		"Mode d'organisation", "Communication", "Respect de la réglementation",
		"Démarches de progrès / qualité",
		"Démarche d'évaluation de son utilité sociale territoriale"};
	cr_assert_eq(ref_load(&cfg, &set), LECAP_OK);
	for (size_t i = 0; i < 4; i++)
		cr_assert_str_eq(ref_at(set, REF_THEME, i)->libelle, themes[i]);
	for (size_t i = 0; i < 11; i++)
		cr_assert_str_eq(ref_at(set, REF_SOUS_THEME, i)->libelle, sub[i]);
	/* Every objective has a target, 1-3 offers, 2-3 indicators. */
	for (size_t i = 0; i < ref_count(set, REF_OBJECTIF); i++) {
		const struct ref_element *o = ref_at(set, REF_OBJECTIF, i);
		size_t n = 0;
		cr_assert(o->cible >= 1 && o->cible <= 4);
		cr_assert(o->noffres >= 1);
		for (size_t j = 0; j < ref_count(set, REF_INDICATEUR); j++)
			n += strcmp(ref_at(set, REF_INDICATEUR, j)->parent, o->code) == 0;
		cr_assert(n >= 2 && n <= 3, "%s a %zu indicateurs", o->code, n);
	}
	/* Every offer is used by at least one objective. */
	for (size_t k = 0; k < ref_offer_count(set); k++) {
		bool used = false;
		for (size_t i = 0; i < ref_count(set, REF_OBJECTIF); i++) {
			const struct ref_element *o = ref_at(set, REF_OBJECTIF, i);
			for (size_t j = 0; j < o->noffres; j++)
				used = used || strcmp(o->offres[j], ref_offer_at(set, k)->code) == 0;
		}
		cr_assert(used, "offre %s inutilisée", ref_offer_at(set, k)->code);
	}
}

Test(referentiel, lookups)
{
	const struct ref_element *e;
	cr_assert_eq(ref_load(&cfg, &set), LECAP_OK);

	cr_assert_str_eq(ref_region_find(set, "84")->libelle, "Auvergne-Rhône-Alpes");
	cr_assert_str_eq(ref_region_find(set, "auvergne rhone alpes")->code, "84");
	cr_assert_str_eq(ref_region_find(set, "Île-de-France")->code, "11");
	cr_assert_str_eq(ref_region_find(set, "ILE DE FRANCE")->code, "11");
	cr_assert_str_eq(ref_region_find(set, " 06 ")->libelle, "Mayotte");
	cr_assert_str_eq(ref_region_find(set, "6")->libelle, "Mayotte"); /* zero lost by a spreadsheet */
	cr_assert_str_eq(ref_region_find(set, "Provence-Alpes-Côte d’Azur")->code, "93");
	cr_assert_null(ref_region_find(set, "99"));
	cr_assert_null(ref_region_find(set, "Bourgogne"));
	cr_assert_null(ref_region_find(set, ""));
	cr_assert_str_eq(ref_region_at(set, 0)->code, "01");

	cr_assert_str_eq(ref_type_find(set, "aci")->code, "ACI");
	cr_assert_str_eq(ref_type_find(set, "ACI")->libelle, "Atelier et chantier d'insertion");
	cr_assert_str_eq(ref_type_find(set, "Etti")->libelle, "Entreprise de travail temporaire d'insertion");
	cr_assert_null(ref_type_find(set, "SCOP"));

	cr_assert_str_eq(ref_offer_find(set, "formation")->code, "FORMATION");
	cr_assert_str_eq(ref_offer_find(set, "CEDRE")->libelle, "Démarche qualité CEDRE");
	cr_assert_null(ref_offer_find(set, "INCONNUE"));

	e = ref_find(set, "1.1.1");
	cr_assert_not_null(e);
	cr_assert_eq(e->niveau, REF_OBJECTIF);
	cr_assert_str_eq(e->parent, "1.1");
	cr_assert_float_eq(e->cible, 3.0, 1e-9);
	cr_assert_float_eq(e->poids, 2.0, 1e-9);
	cr_assert_eq(e->noffres, 2);
	cr_assert_str_eq(e->offres[0], "GOUVERNANCE");
	cr_assert_str_eq(e->offres[1], "FORMATION");
	cr_assert_eq(e->rang, 2);
	cr_assert_float_eq(ref_find(set, "1.2.2")->cible, 2.5, 1e-9);

	e = ref_find(set, "1.1.1.b");
	cr_assert_str_eq(e->libelle, "Les salarié·e·s en parcours participent aux instances de décision");
	cr_assert_float_eq(e->cible, 0.0, 1e-9);
	cr_assert_float_eq(e->poids, 1.0, 1e-9);
	cr_assert_eq(e->noffres, 0);
	cr_assert_null(ref_find(set, "1")->parent);
	cr_assert_null(ref_find(set, "9.9"));

	cr_assert_eq(ref_indicator_index(set, "1.1.1.a"), 0);
	cr_assert_eq(ref_indicator_index(set, "1.1.1.c"), 2);
	cr_assert_eq(ref_indicator_index(set, "4.2.2.b"), 60);
	cr_assert_eq(ref_indicator_index(set, "1.1.1"), -1);
	cr_assert_eq(ref_indicator_index(set, "9.9.9.z"), -1);
	cr_assert_eq(ref_index(set, "1.1.1"), 0);
	cr_assert_eq(ref_index(set, "4.2.2"), 24);
	cr_assert_eq(ref_index(set, "4.2"), 10);
	cr_assert_eq(ref_index(set, "3"), 2);
	cr_assert_eq(ref_index(set, "4.2.2.b"), 60);
	cr_assert_eq(ref_index(set, "5"), -1);
	cr_assert_str_eq(ref_at(set, REF_INDICATEUR, 60)->code, "4.2.2.b");
	cr_assert_null(ref_at(set, REF_INDICATEUR, 61));
	cr_assert_str_eq(ref_at(set, REF_THEME, 3)->code, "4");
}

Test(referentiel, small_valid_grid)
{
	cr_assert_eq(load_grid("1.1.2;objectif;1.1;Deux;2,5;;CEDRE | ISO9001\n"
			       "1.1.2.a;indicateur;1.1.2;Un;;;\n"),
		     LECAP_OK);
	cr_assert_float_eq(ref_find(set, "1.1.2")->cible, 2.5, 1e-9);
	cr_assert_float_eq(ref_find(set, "1.1.2")->poids, 1.0, 1e-9);
	cr_assert_eq(ref_find(set, "1.1.2")->noffres, 2);
	cr_assert_str_eq(ref_find(set, "1.1.2")->offres[1], "ISO9001");
	cr_assert_eq(ref_count(set, REF_INDICATEUR), 2);
}

/* ---- the grid: one test per message ---- */

Test(referentiel, unknown_level)
{
	grid_error("1.2;soustheme;1;Projet;;;\n",
		   "6: code 1.2 : niveau « soustheme » inconnu (attendu theme, sous_theme, objectif ou indicateur)");
}

Test(referentiel, orphan_parent)
{
	grid_error("1.5.1;objectif;1.5;Orphelin;3;1;FORMATION\n"
		   "1.5.1.a;indicateur;1.5.1;Un;;;\n",
		   "6: code 1.5.1 : parent 1.5 inconnu (absent de la grille)");
}

Test(referentiel, duplicate_code)
{
	grid_error("1.1.1.a;indicateur;1.1.1;Encore;;;\n",
		   "6: code 1.1.1.a en double (déjà défini ligne 5)");
}

Test(referentiel, code_does_not_extend_parent)
{
	grid_error("2;theme;;Services;;;\n"
		   "2.1;sous_theme;2;Aux personnes;;;\n"
		   "2.1.1;objectif;2.1;Accompagner;3;1;PARCOURS\n"
		   "2.1.2.a;indicateur;2.1.1;Un;;;\n"
		   "2.1.1.a;indicateur;2.1.1;Deux;;;\n",
		   "9: code 2.1.2.a : ne prolonge pas le code de son parent 2.1.1 (attendu 2.1.1.lettre)");
}

Test(referentiel, sub_theme_does_not_extend_theme)
{
	grid_error("2;theme;;Services;;;\n"
		   "1.2;sous_theme;2;Aux personnes;;;\n"
		   "1.2.1;objectif;1.2;Accompagner;3;1;PARCOURS\n"
		   "1.2.1.a;indicateur;1.2.1;Un;;;\n",
		   "7: code 1.2 : ne prolonge pas le code de son parent 2 (attendu 2.N)");
}

Test(referentiel, malformed_code)
{
	grid_error("1.1.1.1;indicateur;1.1.1;Un;;;\n",
		   "6: code 1.1.1.1 : forme invalide pour un indicateur (attendu N.M.K.lettre (ex. 1.2.1.a))");
}

Test(referentiel, malformed_codes_each_line)
{
	cr_assert_eq(load_grid("10;theme;;Dix;;;\n"
			       "10.1;sous_theme;10;Sous;;;\n"
			       "10.1.01;objectif;10.1;Obj;3;1;FORMATION\n"
			       "10.1.01.A;indicateur;10.1.01;Un;;;\n"),
		     LECAP_USAGE);
	expect_stderr("lecap: erreur: @:6: code 10 : forme invalide pour un thème (attendu un chiffre de 1 à 9 (ex. 1))\n"
		      "lecap: erreur: @:7: code 10.1 : forme invalide pour un sous-thème (attendu N.M (ex. 1.2))\n"
		      "lecap: erreur: @:8: code 10.1.01 : forme invalide pour un objectif (attendu N.M.K (ex. 1.2.1))\n"
		      "lecap: erreur: @:9: code 10.1.01.A : forme invalide pour un indicateur (attendu N.M.K.lettre (ex. 1.2.1.a))\n"
		      HINT("@"),
		      cfg.referentiel_fichier);
}

Test(referentiel, parent_of_wrong_level)
{
	grid_error("1.1.1.b;indicateur;1.1;Mauvais parent;;;\n",
		   "6: code 1.1.1.b : le parent 1.1 est un sous-thème, attendu un objectif");
}

Test(referentiel, theme_with_parent)
{
	grid_error("2;theme;1;Services;;;\n"
		   "2.1;sous_theme;2;Aux personnes;;;\n"
		   "2.1.1;objectif;2.1;Accompagner;3;1;PARCOURS\n"
		   "2.1.1.a;indicateur;2.1.1;Un;;;\n",
		   "6: code 2 : un thème n'a pas de parent (trouvé « 1 »)");
}

Test(referentiel, missing_parent)
{
	grid_error("1.1.1.b;indicateur;;Sans parent;;;\n",
		   "6: code 1.1.1.b : parent manquant (un indicateur a pour parent un objectif)");
}

Test(referentiel, target_out_of_scale)
{
	grid_error("1.1.2;objectif;1.1;Deux;4.5;1;FORMATION\n1.1.2.a;indicateur;1.1.2;Un;;;\n",
		   "6: code 1.1.2 : cible « 4.5 » invalide (nombre de 1 à 4 attendu, ex. 2.5)");
}

Test(referentiel, target_below_scale)
{
	grid_error("1.1.2;objectif;1.1;Deux;0.5;1;FORMATION\n1.1.2.a;indicateur;1.1.2;Un;;;\n",
		   "6: code 1.1.2 : cible « 0.5 » invalide (nombre de 1 à 4 attendu, ex. 2.5)");
}

Test(referentiel, target_not_a_number)
{
	grid_error("1.1.2;objectif;1.1;Deux;trois;1;FORMATION\n1.1.2.a;indicateur;1.1.2;Un;;;\n",
		   "6: code 1.1.2 : cible « trois » invalide (nombre de 1 à 4 attendu, ex. 2.5)");
}

Test(referentiel, target_missing)
{
	grid_error("1.1.2;objectif;1.1;Deux;;1;FORMATION\n1.1.2.a;indicateur;1.1.2;Un;;;\n",
		   "6: code 1.1.2 : cible manquante (un objectif a une cible de 1 à 4)");
}

Test(referentiel, target_on_indicator)
{
	grid_error("1.1.1.b;indicateur;1.1.1;Un;3;;\n",
		   "6: code 1.1.1.b : cible « 3 » sur un indicateur (seuls les objectifs ont une cible)");
}

Test(referentiel, weight_zero)
{
	grid_error("1.1.1.b;indicateur;1.1.1;Un;;0;\n",
		   "6: code 1.1.1.b : poids « 0 » invalide (nombre strictement positif attendu)");
}

Test(referentiel, weight_negative)
{
	grid_error("1.1.1.b;indicateur;1.1.1;Un;;-1;\n",
		   "6: code 1.1.1.b : poids « -1 » invalide (nombre strictement positif attendu)");
}

Test(referentiel, weight_not_a_number)
{
	grid_error("1.1.1.b;indicateur;1.1.1;Un;;lourd;\n",
		   "6: code 1.1.1.b : poids « lourd » invalide (nombre strictement positif attendu)");
}

Test(referentiel, unknown_offer)
{
	grid_error("1.1.2;objectif;1.1;Deux;3;1;FORMATION|CAFE\n1.1.2.a;indicateur;1.1.2;Un;;;\n",
		   "6: code 1.1.2 : offre « CAFE » inconnue (absente du fichier des offres)");
}

Test(referentiel, offer_twice)
{
	grid_error("1.1.2;objectif;1.1;Deux;3;1;FORMATION|formation\n1.1.2.a;indicateur;1.1.2;Un;;;\n",
		   "6: code 1.1.2 : offre « formation » citée deux fois");
}

Test(referentiel, objective_without_offer)
{
	grid_error("1.1.2;objectif;1.1;Deux;3;1;\n1.1.2.a;indicateur;1.1.2;Un;;;\n",
		   "6: code 1.1.2 : aucune offre (un objectif cite au moins une offre, séparées par |)");
}

Test(referentiel, offers_on_indicator)
{
	grid_error("1.1.1.b;indicateur;1.1.1;Un;;;CEDRE\n",
		   "6: code 1.1.1.b : offres « CEDRE » sur un indicateur (seuls les objectifs en ont)");
}

Test(referentiel, theme_without_sub_theme)
{
	grid_error("2;theme;;Services;;;\n", "6: code 2 : thème sans sous-thème");
}

Test(referentiel, sub_theme_without_objective)
{
	grid_error("1.2;sous_theme;1;Vide;;;\n", "6: code 1.2 : sous-thème sans objectif");
}

Test(referentiel, objective_without_indicator)
{
	grid_error("1.1.2;objectif;1.1;Deux;3;1;CEDRE\n", "6: code 1.1.2 : objectif sans indicateur");
}

Test(referentiel, empty_label)
{
	grid_error("1.1.1.b;indicateur;1.1.1;;;;\n", "6: code 1.1.1.b : libellé vide");
}

Test(referentiel, empty_code)
{
	grid_error(";indicateur;1.1.1;Un;;;\n", "6: code vide");
}

Test(referentiel, wrong_field_count)
{
	grid_error("1.1.1.b;indicateur;1.1.1;Un;;\n", "6: 6 champ(s) au lieu de 7 (séparateur ;)");
}

Test(referentiel, bad_quotes)
{
	grid_error("1.1.1.b;indicateur;1.1.1;Un \"mot\" cité;;;\n",
		   "6: guillemet mal placé : un champ qui contient un guillemet doit être entre guillemets, "
		   "et ses guillemets doublés");
}

Test(referentiel, not_utf8)
{
	grid_error("1.1.1.b;indicateur;1.1.1;R\xE9gion;;;\n",
		   "6: texte qui n'est pas de l'UTF-8 (fichier enregistré en Windows-1252 ?) : "
		   "enregistrez le fichier en UTF-8");
}

Test(referentiel, bad_header)
{
	put(&cfg.referentiel_fichier, "grille.csv", "code;niveau;parent;libelle;cible;offres\n1;theme;;I;;\n");
	cr_assert_eq(ref_load(&cfg, &set), LECAP_USAGE);
	expect_stderr("lecap: erreur: @:1: en-tête inattendu « code;niveau;parent;libelle;cible;offres » : "
		      "attendu « code;niveau;parent;libelle;cible;poids;offres »\n" HINT("@"),
		      cfg.referentiel_fichier);
}

Test(referentiel, header_names_are_folded)
{
	char text[2048];
	snprintf(text, sizeof(text), "Code;Niveau;Parent;Libellé;Cible;Poids;Offres\n%s", base);
	put(&cfg.referentiel_fichier, "grille.csv", text);
	cr_assert_eq(ref_load(&cfg, &set), LECAP_OK);
}

Test(referentiel, empty_file)
{
	put(&cfg.referentiel_fichier, "grille.csv", "");
	cr_assert_eq(ref_load(&cfg, &set), LECAP_USAGE);
	expect_stderr("lecap: erreur: @:1: fichier vide : en-tête attendu "
		      "« code;niveau;parent;libelle;cible;poids;offres »\n" HINT("@"),
		      cfg.referentiel_fichier);
}

Test(referentiel, header_only)
{
	put(&cfg.referentiel_fichier, "grille.csv", head);
	cr_assert_eq(ref_load(&cfg, &set), LECAP_USAGE);
	expect_stderr("lecap: erreur: @:1: aucune ligne de données après l'en-tête\n" HINT("@"),
		      cfg.referentiel_fichier);
}

Test(referentiel, missing_file)
{
	free(cfg.referentiel_fichier);
	cfg.referentiel_fichier = strdup("/nonexistent/grille.csv");
	cr_assert_eq(ref_load(&cfg, &set), LECAP_USAGE);
	fflush(stderr);
	cr_assert_stderr_eq_str("lecap: erreur: /nonexistent/grille.csv : lecture impossible : "
				"No such file or directory\n"
				"lecap: astuce: vérifiez le chemin donné par [referentiel] dans la configuration\n");
}

Test(referentiel, empty_version)
{
	free(cfg.referentiel_version);
	cfg.referentiel_version = strdup("");
	cr_assert_eq(ref_load(&cfg, &set), LECAP_USAGE);
	fflush(stderr);
	cr_assert_stderr_eq_str("lecap: erreur: [referentiel] version est vide\n"
				"lecap: astuce: donnez un libellé de version à la grille, par exemple "
				"version = cap-2019\n");
}

/* Every problem of a file is reported, in line order, with one hint. */
Test(referentiel, all_problems_in_line_order)
{
	cr_assert_eq(load_grid("1.2;sous_theme;1;Vide;;;\n"
			       "1.1.1;objectif;1.1;Encore;3;1;CEDRE\n"
			       "1.1.1.b;indicateur;1.1.1;Un;;0;\n"),
		     LECAP_USAGE);
	expect_stderr("lecap: erreur: @:6: code 1.2 : sous-thème sans objectif\n"
		      "lecap: erreur: @:7: code 1.1.1 en double (déjà défini ligne 4)\n"
		      "lecap: erreur: @:8: code 1.1.1.b : poids « 0 » invalide (nombre strictement positif attendu)\n"
		      HINT("@"),
		      cfg.referentiel_fichier);
}

/* At most 100 problems are printed, then a count. */
Test(referentiel, at_most_100_problems)
{
	static char err[64 * 1024];
	char *text = malloc(64 * 1024), last[256];
	size_t n = 0, got;
	int errors = 0;
	FILE *f;

	n = (size_t)sprintf(text, "%s%s", head, base);
	for (int i = 0; i < 130; i++)
		n += (size_t)sprintf(text + n, "1.1.1.a;indicateur;1.1.1;Encore %d;;;\n", i);
	put(&cfg.referentiel_fichier, "grille.csv", text);
	free(text);
	cr_assert_eq(ref_load(&cfg, &set), LECAP_USAGE);
	fflush(stderr);
	f = cr_get_redirected_stderr();
	n = 0;
	while (n < sizeof(err) - 1 && (got = fread(err + n, 1, sizeof(err) - 1 - n, f)) > 0)
		n += got;
	err[n] = '\0';
	for (char *p = err; (p = strstr(p, "lecap: erreur: ")) != NULL; p++)
		errors++;
	cr_assert_eq(errors, 101);
	snprintf(last, sizeof(last), "lecap: erreur: %s:105: code 1.1.1.a en double (déjà défini ligne 5)\n"
		 "lecap: erreur: %s : 30 autres problèmes non affichés\n",
		 cfg.referentiel_fichier, cfg.referentiel_fichier);
	cr_assert_not_null(strstr(err, last), "%s", err);
}

/* ---- offers, regions, types ---- */

Test(referentiel, region_duplicated)
{
	put(&cfg.referentiel_regions, "regions.csv", "code;libelle\n84;Auvergne-Rhône-Alpes\n11;Île-de-France\n84;ARA\n");
	cr_assert_eq(ref_load(&cfg, &set), LECAP_USAGE);
	expect_stderr("lecap: erreur: @:4: région 84 en double (déjà définie ligne 2)\n" HINT("@"),
		      cfg.referentiel_regions);
}

Test(referentiel, region_name_duplicated)
{
	put(&cfg.referentiel_regions, "regions.csv", "code;libelle\n94;Corse\n95;CORSE\n");
	cr_assert_eq(ref_load(&cfg, &set), LECAP_USAGE);
	expect_stderr("lecap: erreur: @:3: région 95 : nom « CORSE » en double (déjà utilisé ligne 2)\n" HINT("@"),
		      cfg.referentiel_regions);
}

Test(referentiel, region_code_invalid)
{
	put(&cfg.referentiel_regions, "regions.csv", "code;libelle\n1;Guadeloupe\n");
	cr_assert_eq(ref_load(&cfg, &set), LECAP_USAGE);
	expect_stderr("lecap: erreur: @:2: code de région « 1 » invalide : deux chiffres attendus (ex. 01, 84)\n"
		      HINT("@"), cfg.referentiel_regions);
}

Test(referentiel, type_duplicated)
{
	put(&cfg.referentiel_types, "types.csv", "code;libelle\nAI;Association intermédiaire\naci;x\nACI;y\n");
	cr_assert_eq(ref_load(&cfg, &set), LECAP_USAGE);
	expect_stderr("lecap: erreur: @:4: type ACI en double (déjà défini ligne 3)\n" HINT("@"),
		      cfg.referentiel_types);
}

Test(referentiel, type_label_empty)
{
	put(&cfg.referentiel_types, "types.csv", "code;libelle\nAI;\n");
	cr_assert_eq(ref_load(&cfg, &set), LECAP_USAGE);
	expect_stderr("lecap: erreur: @:2: type AI : libellé vide\n" HINT("@"), cfg.referentiel_types);
}

Test(referentiel, types_bad_header)
{
	put(&cfg.referentiel_types, "types.csv", "type;nom\nAI;Association intermédiaire\n");
	cr_assert_eq(ref_load(&cfg, &set), LECAP_USAGE);
	expect_stderr("lecap: erreur: @:1: en-tête inattendu « type;nom » : attendu « code;libelle »\n" HINT("@"),
		      cfg.referentiel_types);
}

Test(referentiel, offer_duplicated)
{
	put(&cfg.referentiel_offres, "offres.csv",
	    "code;libelle;description\nFORMATION;Formations;\nformation;Encore;\n");
	cr_assert_eq(ref_load(&cfg, &set), LECAP_USAGE);
	/* The grid's other offers are not reported: the offers file comes first. */
	expect_stderr("lecap: erreur: @:3: offre formation en double (déjà définie ligne 2)\n" HINT("@"),
		      cfg.referentiel_offres);
}

Test(referentiel, offer_code_invalid)
{
	put(&cfg.referentiel_offres, "offres.csv", "code;libelle;description\nA B;Deux mots;\n");
	cr_assert_eq(ref_load(&cfg, &set), LECAP_USAGE);
	expect_stderr("lecap: erreur: @:2: code d'offre « A B » invalide : lettres, chiffres, _ ou - attendus\n"
		      HINT("@"), cfg.referentiel_offres);
}

Test(referentiel, offers_wrong_field_count)
{
	put(&cfg.referentiel_offres, "offres.csv", "code;libelle;description\nFORMATION;Formations\n");
	cr_assert_eq(ref_load(&cfg, &set), LECAP_USAGE);
	expect_stderr("lecap: erreur: @:2: 2 champ(s) au lieu de 3 (séparateur ;)\n" HINT("@"),
		      cfg.referentiel_offres);
}

Test(referentiel, offers_empty_file)
{
	put(&cfg.referentiel_offres, "offres.csv", "");
	cr_assert_eq(ref_load(&cfg, &set), LECAP_USAGE);
	expect_stderr("lecap: erreur: @:1: fichier vide : en-tête attendu « code;libelle;description »\n"
		      HINT("@"), cfg.referentiel_offres);
}
