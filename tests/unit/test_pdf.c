/*
 * Unit tests of src/pdf.c: a document with every element, checked with the
 * tools a person would use (qpdf --check, pdftotext, pdfinfo); determinism,
 * atomic saving, permissions, failures, text conversion.
 *
 * The demo document is also left in tests/out/toolkit.pdf for a person to
 * look at (tests/out/ is not versioned).
 */
#define _GNU_SOURCE /* memmem */
#include <criterion/criterion.h>
#include <criterion/redirect.h>

#include <dirent.h>
#include <iconv.h>
#include <stdint.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/exitcode.h"
#include "base/log.h"
#include "io/pdf.h"

static char dir[64];

static void setup(void)
{
	log_set_timestamps(0);
	snprintf(dir, sizeof dir, "/tmp/lecap-pdf.XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
	char cmd[256];
	snprintf(cmd, sizeof cmd, "chmod -R u+w %s 2>/dev/null; rm -rf %s", dir, dir);
	if (system(cmd) != 0)
		cr_log_warn("nettoyage de %s impossible", dir);
}

TestSuite(pdf, .init = setup, .fini = teardown);

/* Output of a shell command (at most 1 MiB), malloc'd; *rc its status. */
static char *run(const char *cmd, int *rc)
{
	FILE *p = popen(cmd, "r");
	size_t cap = 1 << 20, len = 0, n;
	char *buf = malloc(cap + 1);

	cr_assert_not_null(p);
	while ((n = fread(buf + len, 1, cap - len, p)) > 0)
		len += n;
	buf[len] = '\0';
	*rc = pclose(p);
	return buf;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	cr_assert_not_null(f, "%s absent", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static const char *const SUBTHEMES[] = {
	"1.1 Principes et valeurs de l'ESS telle que promue par COORACE", "1.2 Projet",
	"2.1 Aux personnes", "2.2 Aux territoires", "2.3 Aux clients",
	"3.1 Adaptation des ressources au projet", "3.2 Mode d'organisation", "3.3 Communication",
	"3.4 Respect de la réglementation", "4.1 Démarches de progrès / qualité",
	"4.2 Démarche d'évaluation de son utilité sociale territoriale"};

/* A document with every element; font NULL for Helvetica. */
static pdf_doc *demo(const char *font)
{
	struct pdf_info info = {
		.title = "Le Cap — rapport régional Auvergne-Rhône-Alpes — campagne 2026",
		.footer = "Campagne 2026 · grille cap-2019 · données au 27/11/2026",
		.font_path = font, .year = 2026, .month = 11, .day = 27};
	pdf_doc *d;
	static const char *const cover[] = {"Campagne 2026", "Données au 27/11/2026"};

	cr_assert_eq(pdf_doc_new(&info, &d), LECAP_OK);
	pdf_cover(d, "Le Cap — Coorace Ambition Progrès", "Auvergne-Rhône-Alpes",
		  "Rapport régional pour les délégué·e·s", cover, 2);
	pdf_heading(d, 1, "Chiffres clés");
	static const struct pdf_figure figs[] = {
		{"42", "entreprises évaluées"}, {"38", "évaluations complètes"},
		{"63\xC2\xA0%", "taux de participation (registre des adhérents)"},
		{"+0,25", "évolution de la moyenne depuis 2025"}, {"s", "secret statistique"}};
	pdf_figures(d, figs, 5);
	pdf_heading(d, 2, "Méthode « auto-évaluation »");
	for (int i = 0; i < 3; i++)
		pdf_paragraph(d,
			"Les données sont auto-déclarées, non auditées : chaque entreprise adhérente "
			"évalue ses pratiques avec ses salarié·e·s permanent·e·s, ses salarié·e·s en "
			"parcours, ses bénévoles et ses administrateur·rice·s. Le cœur de la démarche "
			"— l'œuvre commune du réseau — est de progresser ensemble ; le coût d'un "
			"accompagnement (1\xE2\x80\xAF" "200 €) n'est pas un frein. Évolution : "
			"\xE2\x88\x92" "0,10 point. Un émoji 😀 devient un point d'interrogation.");
	pdf_bullet(d, "Une puce qui explique le secret statistique : « s » remplace tout chiffre "
		      "reposant sur moins de 5 entreprises, et aucun tableau ne permet de le recalculer.");
	pdf_note(d, "Source : auto-évaluations Le Cap, campagne 2026.");

	pdf_heading(d, 1, "Résultats par sous-thème");
	static const struct pdf_column cols[] = {
		{"Sous-thème", 0, PDF_LEFT}, {"n", 30, PDF_RIGHT}, {"Moyenne", 50, PDF_RIGHT},
		{"Médiane", 50, PDF_RIGHT}, {"Q1–Q3", 70, PDF_CENTER}, {"Réseau", 50, PDF_RIGHT}};
	pdf_table_begin(d, cols, 6);
	for (int i = 0; i < 120; i++) {
		char n[16], m[16], label[160];
		const char *cells[6];
		int levels[6] = {0, 0, 1 + i % 4, 0, 0, 0};
		snprintf(label, sizeof label, "%s (ligne %d)", SUBTHEMES[i % 11], i + 1);
		snprintf(n, sizeof n, "%d", 5 + i);
		snprintf(m, sizeof m, "%d,%02d", 1 + i % 3, i % 100);
		cells[0] = label;
		cells[1] = n;
		cells[2] = m;
		cells[3] = i % 7 == 0 ? "s" : "2,50";
		cells[4] = "2,00–3,25";
		cells[5] = "2,61";
		pdf_table_row(d, cells, levels, i % 11 == 0 ? PDF_ROW_GROUP : 0);
	}
	pdf_table_end(d);

	pdf_need(d, PDF_RADAR_HEIGHT + 40);
	pdf_heading(d, 1, "Radar des sous-thèmes");
	double a[11], b[11], c[11];
	for (int i = 0; i < 11; i++) {
		a[i] = 1 + 3.0 * ((i * 7) % 11) / 10.0;
		b[i] = 2.4 + 0.1 * (i % 4);
		c[i] = i == 5 ? NAN : 2.0 + 0.15 * (i % 5);
	}
	struct pdf_series s3[] = {{"Auvergne-Rhône-Alpes", a}, {"Réseau", b}, {"Région (médiane)", c}};
	static const char *const ticks[] = {"1", "2", "3", "4"};
	struct pdf_scale sc = {1, 4, ticks, 4};
	pdf_radar(d, SUBTHEMES, 11, s3, 3, &sc);

	pdf_heading(d, 2, "Part des entreprises atteignant la cible");
	const char *texts[22];
	static const char *const pct[] = {"0 %", "50 %", "100 %"};
	struct pdf_scale sp = {0, 1, pct, 3};
	double pa[11], pb[11];
	for (int i = 0; i < 11; i++) {
		pa[i] = i == 3 ? NAN : (double)i / 10.0;
		pb[i] = 0.5;
		texts[2 * i] = i == 3 ? "s" : "x\xC2\xA0%";
		texts[2 * i + 1] = "50\xC2\xA0%";
	}
	struct pdf_series s2[] = {{"Région", pa}, {"Réseau", pb}};
	pdf_bars(d, SUBTHEMES, 11, s2, 2, &sp, texts);

	pdf_heading(d, 2, "Dispersion");
	struct pdf_box boxes[11];
	for (int i = 0; i < 11; i++) {
		boxes[i] = (struct pdf_box){1.2, 2.0, 2.5 + 0.05 * i, 3.1, 3.9, 2.7, "méd. 2,50 · n 12"};
		if (i == 4)
			boxes[i] = (struct pdf_box){NAN, NAN, NAN, NAN, NAN, NAN, "s"};
	}
	pdf_boxplots(d, SUBTHEMES, boxes, 11, &sc, "moyenne régionale");
	cr_assert_eq(pdf_status(d), LECAP_OK);
	return d;
}

Test(pdf, full_document_passes_qpdf_and_pdftotext)
{
	char path[128], cmd[512];
	int rc;
	pdf_doc *d = demo(NULL);
	size_t pages;

	snprintf(path, sizeof path, "%s/demo.pdf", dir);
	cr_assert_eq(pdf_doc_save(d, path), LECAP_OK);
	pages = pdf_page_count(d);
	cr_assert_geq(pages, 5);
	pdf_doc_free(d);
	/* for a person to look at */
	if (mkdir("tests/out", 0750) == 0 || access("tests/out", W_OK) == 0) {
		snprintf(cmd, sizeof cmd,
			 "cp %s tests/out/toolkit.pdf && pdftoppm -r 70 -png %s tests/out/toolkit", path, path);
		free(run(cmd, &rc));
	}

	snprintf(cmd, sizeof cmd, "qpdf --check %s 2>&1", path);
	char *out = run(cmd, &rc);
	cr_assert_eq(rc, 0, "qpdf --check : %s", out);
	cr_assert(strstr(out, "No syntax or stream encoding errors found"), "%s", out);
	free(out);

	snprintf(cmd, sizeof cmd, "pdfinfo %s | sed -n 's/^Pages: *//p'", path);
	out = run(cmd, &rc);
	cr_assert_eq(strtoul(out, NULL, 10), pages, "pdfinfo : %s", out);
	free(out);

	snprintf(cmd, sizeof cmd, "pdftotext -layout %s -", path);
	char *text = run(cmd, &rc);
	cr_assert_eq(rc, 0);
	char want[64];
	cr_assert(strstr(text, "Démarches de progrès / qualité"));
	cr_assert(strstr(text, "Le cœur de la"));
	cr_assert(strstr(text, "« s » remplace"));
	cr_assert(strstr(text, "1 200 €") || strstr(text, "1\xC2\xA0" "200 €"), "espace fine → insécable");
	cr_assert(strstr(text, "\xE2\x80\x93" "0,10 point"), "U+2212 dessiné en tiret demi-cadratin");
	cr_assert(strstr(text, "Un émoji ? devient"));
	cr_assert(strstr(text, "Campagne 2026 · grille cap-2019 · données au 27/11/2026"));
	snprintf(want, sizeof want, "page 3 / %zu", pages);
	cr_assert(strstr(text, want), "%s absent", want);
	snprintf(want, sizeof want, "page %zu / %zu", pages, pages);
	cr_assert(strstr(text, want), "%s absent", want);
	cr_assert(strstr(text, "(ligne 120)"), "la dernière ligne du tableau");
	/* the table spans pages: its header is repeated on each */
	cr_assert_geq(count(text, "Q1–Q3"), 3, "en-tête répété");
	/* a running header on every page but the cover */
	cr_assert_eq(count(text, "Le Cap — rapport régional Auvergne-Rhône-Alpes — campagne 2026"),
		     pages - 1);
	free(text);

	/* the cover is page 1, the figures page 2 */
	snprintf(cmd, sizeof cmd, "pdftotext -f 2 -l 2 %s -", path);
	text = run(cmd, &rc);
	cr_assert(strstr(text, "Chiffres clés"));
	cr_assert(strstr(text, "évaluations complètes"));
	free(text);

}

Test(pdf, identical_content_gives_identical_bytes)
{
	char p1[128], p2[128], p3[128];
	size_t l1, l2, l3;

	snprintf(p1, sizeof p1, "%s/a.pdf", dir);
	snprintf(p2, sizeof p2, "%s/b.pdf", dir);
	snprintf(p3, sizeof p3, "%s/c.pdf", dir);
	pdf_doc *d = demo(NULL);
	cr_assert_eq(pdf_doc_save(d, p1), LECAP_OK);
	cr_assert_eq(pdf_doc_save(d, p2), LECAP_OK, "sauver deux fois");
	pdf_doc_free(d);
	sleep(1); /* a clock read would show */
	d = demo(NULL);
	cr_assert_eq(pdf_doc_save(d, p3), LECAP_OK);
	pdf_doc_free(d);

	char *a = slurp(p1, &l1), *b = slurp(p2, &l2), *c = slurp(p3, &l3);
	cr_assert_eq(l1, l2);
	cr_assert(memcmp(a, b, l1) == 0, "deux sauvegardes du même document diffèrent");
	cr_assert_eq(l1, l3);
	cr_assert(memcmp(a, c, l1) == 0, "deux documents identiques diffèrent");
	cr_assert(memmem(a, l1, "/CreationDate (D:20261127", 25), "date de création issue des données");
	free(a);
	free(b);
	free(c);
}

Test(pdf, helvetica_keeps_a_report_small)
{
	char path[128];
	struct stat st;
	pdf_doc *d = demo(NULL);

	snprintf(path, sizeof path, "%s/small.pdf", dir);
	cr_assert_eq(pdf_doc_save(d, path), LECAP_OK);
	pdf_doc_free(d);
	cr_assert_eq(stat(path, &st), 0);
	cr_assert_lt(st.st_size, 60000, "%ld octets", (long)st.st_size);
}

static size_t entries(const char *path)
{
	DIR *dp = opendir(path);
	struct dirent *e;
	size_t n = 0;

	cr_assert_not_null(dp);
	while ((e = readdir(dp)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(dp);
	return n;
}

Test(pdf, creates_directories_0750_and_files_0640)
{
	char path[160], sub[128];
	struct stat st;
	pdf_doc *d;
	struct pdf_info info = {.title = "t", .footer = "f"};

	umask(022);
	cr_assert_eq(pdf_doc_new(&info, &d), LECAP_OK);
	pdf_paragraph(d, "Bonjour");
	snprintf(path, sizeof path, "%s/2026/regions/84-auvergne-rhone-alpes.pdf", dir);
	cr_assert_eq(pdf_doc_save(d, path), LECAP_OK);
	pdf_doc_free(d);
	cr_assert_eq(stat(path, &st), 0);
	cr_assert_eq(st.st_mode & 07777, 0640);
	snprintf(sub, sizeof sub, "%s/2026", dir);
	cr_assert_eq(stat(sub, &st), 0);
	cr_assert_eq(st.st_mode & 07777, 0750);
	snprintf(sub, sizeof sub, "%s/2026/regions", dir);
	cr_assert_eq(stat(sub, &st), 0);
	cr_assert_eq(st.st_mode & 07777, 0750);
	cr_assert_eq(entries(sub), 1, "aucun fichier temporaire");
}

Test(pdf, replaces_an_existing_report_atomically)
{
	char path[128];
	struct stat st;
	pdf_doc *d;
	struct pdf_info info = {.title = "t", .footer = "f"};
	FILE *f;

	snprintf(path, sizeof path, "%s/r.pdf", dir);
	f = fopen(path, "w");
	fputs("ancien", f);
	fclose(f);
	cr_assert_eq(pdf_doc_new(&info, &d), LECAP_OK);
	cr_assert_eq(pdf_doc_save(d, path), LECAP_OK);
	pdf_doc_free(d);
	cr_assert_eq(stat(path, &st), 0);
	cr_assert_gt(st.st_size, 100);
	cr_assert_eq(entries(dir), 1);
}

/* As root, permissions do not apply: the test runs as nobody (its own process). */
static void become_nobody_owning(const char *path)
{
	if (geteuid() == 0) {
		/* the whole test directory, so that the teardown (same process) removes it */
		cr_assert_eq(chown(dir, 65534, 65534), 0);
		cr_assert_eq(chown(path, 65534, 65534), 0);
		cr_assert_eq(setgid(65534), 0);
		cr_assert_eq(setuid(65534), 0);
	}
}

Test(pdf, read_only_directory_gives_io_error_and_no_temp_file)
{
	char path[160], ro[128];
	pdf_doc *d;
	struct pdf_info info = {.title = "t", .footer = "f"};

	snprintf(ro, sizeof ro, "%s/ro", dir);
	cr_assert_eq(mkdir(ro, 0750), 0);
	become_nobody_owning(ro);
	cr_assert_eq(chmod(ro, 0550), 0);
	snprintf(path, sizeof path, "%s/national.pdf", ro);
	cr_assert_eq(pdf_doc_new(&info, &d), LECAP_OK);
	pdf_paragraph(d, "Bonjour");
	cr_redirect_stderr();
	cr_assert_eq(pdf_doc_save(d, path), LECAP_IO);
	fflush(stderr);
	char want[512];
	snprintf(want, sizeof want,
		 "lecap: erreur: impossible d'écrire le rapport %s : Permission denied\n"
		 "lecap: astuce: vérifiez les droits et l'espace libre du répertoire %s ; aucun fichier "
		 "partiel n'est laissé\n",
		 path, ro);
	cr_assert_stderr_eq_str(want);
	cr_assert_eq(entries(ro), 0, "rien n'est laissé");
	/* writable again: the same document saves */
	cr_assert_eq(chmod(ro, 0750), 0);
	cr_assert_eq(pdf_doc_save(d, path), LECAP_OK);
	cr_assert_eq(entries(ro), 1);
	pdf_doc_free(d);
	chmod(ro, 0777); /* lets the root teardown remove it */
}

Test(pdf, unwritable_parent_gives_io_error)
{
	char path[160], ro[128];
	pdf_doc *d;
	struct pdf_info info = {.title = "t", .footer = "f"};

	snprintf(ro, sizeof ro, "%s/ro", dir);
	cr_assert_eq(mkdir(ro, 0750), 0);
	become_nobody_owning(ro);
	cr_assert_eq(chmod(ro, 0550), 0);
	snprintf(path, sizeof path, "%s/2026/national.pdf", ro);
	cr_assert_eq(pdf_doc_new(&info, &d), LECAP_OK);
	cr_redirect_stderr();
	cr_assert_eq(pdf_doc_save(d, path), LECAP_IO);
	fflush(stderr);
	char want[512];
	snprintf(want, sizeof want,
		 "lecap: erreur: impossible de créer le répertoire %s/2026 : Permission denied\n"
		 "lecap: astuce: vérifiez [chemins] rapports ou l'option --out, et les droits du répertoire parent\n",
		 ro);
	cr_assert_stderr_eq_str(want);
	pdf_doc_free(d);
	chmod(ro, 0777);
}

Test(pdf, a_write_failing_midway_leaves_nothing)
{
	char path[128];
	struct rlimit rl = {2000, 2000};
	pdf_doc *d = demo(NULL);

	signal(SIGXFSZ, SIG_IGN);
	cr_assert_eq(setrlimit(RLIMIT_FSIZE, &rl), 0); /* the disk is "full" after 2000 bytes */
	snprintf(path, sizeof path, "%s/plein.pdf", dir);
	cr_redirect_stderr();
	cr_assert_eq(pdf_doc_save(d, path), LECAP_IO);
	pdf_doc_free(d);
	cr_assert_eq(entries(dir), 0, "ni rapport ni fichier temporaire");
}

static bool exists(const char *d, const char *name)
{
	char p[192];

	snprintf(p, sizeof p, "%s/%s", d, name);
	return access(p, F_OK) == 0;
}

static void touch(const char *d, const char *name)
{
	char p[192];
	FILE *f;

	snprintf(p, sizeof p, "%s/%s", d, name);
	cr_assert_not_null(f = fopen(p, "w"));
	fputs("%PDF-1.", f); /* a killed writer's first bytes */
	fclose(f);
}

Test(pdf, the_first_save_into_a_directory_removes_dead_writers_temporaries)
{
	char path[128];
	pdf_doc *d = demo(NULL);

	touch(dir, ".01-guadeloupe.pdf.a1B2c3");      /* a dead writer's */
	touch(dir, ".10000000000007.pdf.ZZZZZZ");     /* another report's: dead too */
	touch(dir, ".cache");                         /* not a temporary: kept */
	touch(dir, ".notes.pdf");                     /* nor this */
	snprintf(path, sizeof path, "%s/neuf.pdf", dir);
	cr_assert_eq(pdf_doc_save(d, path), LECAP_OK);
	pdf_doc_free(d);
	cr_assert(!exists(dir, ".01-guadeloupe.pdf.a1B2c3"));
	cr_assert(!exists(dir, ".10000000000007.pdf.ZZZZZZ"));
	cr_assert(exists(dir, ".cache"));
	cr_assert(exists(dir, ".notes.pdf"));
	cr_assert_eq(entries(dir), 3, "neuf.pdf, .cache, .notes.pdf");
}

/* Another lecap (lecap report beside lecap run) writing in the same
 * directory: its temporary is not removed under it. */
Test(pdf, a_live_writers_temporary_is_kept)
{
	char path[128], c;
	int up[2], down[2];
	pid_t pid;

	cr_assert_eq(pipe(up), 0);
	cr_assert_eq(pipe(down), 0);
	pid = fork();
	cr_assert_neq(pid, -1);
	if (pid == 0) { /* the other writer: the directory's lock, then its temporary */
		close(up[0]);
		close(down[1]); /* the parent gone (a failed assertion), read() ends: no orphan left waiting */
		int fd = open(dir, O_RDONLY | O_DIRECTORY);
		if (fd < 0 || flock(fd, LOCK_SH) != 0)
			_exit(1);
		touch(dir, ".84-auvergne-rhone-alpes.pdf.Vivant");
		if (write(up[1], "x", 1) != 1 || read(down[0], &c, 1) != 1)
			_exit(1);
		_exit(0);
	}
	close(up[1]);
	close(down[0]);
	cr_assert_eq(read(up[0], &c, 1), 1);
	pdf_doc *d = demo(NULL);
	snprintf(path, sizeof path, "%s/autre.pdf", dir);
	cr_assert_eq(pdf_doc_save(d, path), LECAP_OK);
	pdf_doc_free(d);
	cr_assert(exists(dir, ".84-auvergne-rhone-alpes.pdf.Vivant"), "le fichier d'un écrivain vivant");
	cr_assert_eq(write(down[1], "x", 1), 1);
	int status;
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

Test(pdf, a_directory_removed_after_a_save_is_made_again)
{
	char path[160], sub[128];
	pdf_doc *d = demo(NULL);

	snprintf(sub, sizeof sub, "%s/2026", dir);
	snprintf(path, sizeof path, "%s/un.pdf", sub);
	cr_assert_eq(pdf_doc_save(d, path), LECAP_OK);
	cr_assert_eq(unlink(path), 0);
	cr_assert_eq(rmdir(sub), 0);
	snprintf(path, sizeof path, "%s/deux.pdf", sub);
	cr_assert_eq(pdf_doc_save(d, path), LECAP_OK);
	pdf_doc_free(d);
	cr_assert_eq(entries(sub), 1, "deux.pdf, aucun fichier temporaire");
}

Test(pdf, text_conversion_to_windows_1252)
{
	char *s = pdf_to_cp1252("Démarches « œ € » 63\xC2\xA0% 1\xE2\x80\xAF" "234 \xE2\x88\x92" "1 😀 x");
	cr_assert_str_eq(s, "D\xE9marches \xAB \x9C \x80 \xBB 63\xA0% 1\xA0" "234 \x96" "1 ? x");
	free(s);
	s = pdf_to_cp1252("bad \xC3 end \xE2\x82");
	cr_assert_str_eq(s, "bad ? end ?");
	free(s);
	s = pdf_to_cp1252("");
	cr_assert_str_eq(s, "");
	free(s);
}

/*
 * The reference: what glibc's iconv gives, with the toolkit's rules for
 * what it cannot convert (the toolkit used iconv until its own table
 * replaced it, for speed: this checks the table says the same).
 */
static char fallback_of(uint32_t cp)
{
	switch (cp) {
	case 0x202F: case 0x2007: return (char)0xA0;
	case 0x2009: case 0x200A: return ' ';
	case 0x2212: return (char)0x96;
	case 0x2010: case 0x2011: return '-';
	default: return '?';
	}
}

static char *iconv_cp1252(iconv_t cd, const char *utf8)
{
	size_t inleft = strlen(utf8), outleft = inleft;
	char *out = malloc(inleft + 1), *op = out, *in = (char *)(uintptr_t)utf8;

	iconv(cd, NULL, NULL, NULL, NULL);
	while (inleft > 0) {
		if (iconv(cd, &in, &inleft, &op, &outleft) != (size_t)-1)
			break;
		unsigned char c = (unsigned char)*in;
		size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? (c <= 0xEF ? 3 : 1) : c >= 0xC2 ? 2 : 1;
		uint32_t cp = c;
		if (n > inleft)
			n = inleft;
		for (size_t k = 1; k < n; k++)
			if (((unsigned char)in[k] & 0xC0) != 0x80)
				n = 1;
		if (n == 2)
			cp = ((uint32_t)(c & 0x1F) << 6) | ((unsigned char)in[1] & 0x3F);
		else if (n == 3)
			cp = ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)((unsigned char)in[1] & 0x3F) << 6) |
			     ((unsigned char)in[2] & 0x3F);
		else if (n == 4)
			cp = ((uint32_t)(c & 0x07) << 18) | ((uint32_t)((unsigned char)in[1] & 0x3F) << 12) |
			     ((uint32_t)((unsigned char)in[2] & 0x3F) << 6) | ((unsigned char)in[3] & 0x3F);
		*op++ = fallback_of(cp);
		outleft--;
		in += n;
		inleft -= n;
	}
	*op = '\0';
	return out;
}

static size_t put_utf8(char *b, uint32_t cp)
{
	if (cp < 0x80) {
		b[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		b[0] = (char)(0xC0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		b[0] = (char)(0xE0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	b[0] = (char)(0xF0 | (cp >> 18));
	b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	b[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

Test(pdf, text_conversion_matches_iconv_everywhere)
{
	iconv_t cd = iconv_open("WINDOWS-1252", "UTF-8");
	char in[64];
	unsigned seed = 20261128;

	cr_assert(cd != (iconv_t)-1);
	/* every code point, between two ASCII letters */
	for (uint32_t cp = 1; cp <= 0x10FFFF; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		size_t n = 0;
		in[n++] = 'a';
		n += put_utf8(in + n, cp);
		in[n++] = 'z';
		in[n] = '\0';
		char *a = pdf_to_cp1252(in), *b = iconv_cp1252(cd, in);
		if (strcmp(a, b) != 0)
			cr_assert_fail("U+%04X : %s au lieu de %s", (unsigned)cp, a, b);
		free(a);
		free(b);
	}
	/* ill-formed input: random bytes biased towards UTF-8 lead and
	 * continuation bytes, surrogates, overlong forms, truncations */
	for (int t = 0; t < 200000; t++) {
		size_t n = 1 + (size_t)(rand_r(&seed) % 8);
		for (size_t k = 0; k < n; k++) {
			static const unsigned char pick[] = {0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xED,
							    0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0xA0, 0x9F, 'x'};
			int r = rand_r(&seed);
			in[k] = (char)(r % 3 == 0 ? pick[(r >> 4) % 16] : 1 + (r >> 8) % 255);
		}
		in[n] = '\0';
		char *a = pdf_to_cp1252(in), *b = iconv_cp1252(cd, in);
		cr_assert_str_eq(a, b, "octets %zu", n);
		free(a);
		free(b);
	}
	iconv_close(cd);
}

#define DEJAVU "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

Test(pdf, embeds_a_truetype_font)
{
	char path[128], cmd[512];
	int rc;

	if (access(DEJAVU, R_OK) != 0) {
		cr_skip_test("police DejaVu absente");
		return;
	}
	pdf_doc *d = demo(DEJAVU);
	snprintf(path, sizeof path, "%s/ttf.pdf", dir);
	cr_assert_eq(pdf_doc_save(d, path), LECAP_OK);
	pdf_doc_free(d);
	snprintf(cmd, sizeof cmd, "qpdf --check %s 2>&1 && pdffonts %s && pdftotext %s -", path, path, path);
	char *out = run(cmd, &rc);
	cr_assert_eq(rc, 0, "%s", out);
	cr_assert(strstr(out, "DejaVuSans"), "%s", out);
	cr_assert(strstr(out, "Démarches de progrès / qualité"));
	free(out);
}

Test(pdf, unreadable_font_is_a_configuration_error)
{
	struct pdf_info info = {.title = "t", .footer = "f", .font_path = "/nulle/part.ttf"};
	pdf_doc *d = NULL;

	cr_redirect_stderr();
	cr_assert_eq(pdf_doc_new(&info, &d), LECAP_USAGE);
	cr_assert_null(d);
	fflush(stderr);
	cr_assert_stderr_eq_str(
		"lecap: erreur: [rapports] police : impossible de lire /nulle/part.ttf : No such file or directory\n"
		"lecap: astuce: indiquez un fichier TrueType (.ttf) lisible, ou laissez police vide pour Helvetica\n");
}

Test(pdf, libharu_errors_are_caught_by_the_handler)
{
	char path[128];
	struct pdf_info info = {.title = "t", .footer = "f", .font_path = path};
	pdf_doc *d = NULL;
	FILE *f;

	snprintf(path, sizeof path, "%s/faux.ttf", dir);
	f = fopen(path, "w");
	fputs("ceci n'est pas une police TrueType, mais un texte assez long pour être lu", f);
	fclose(f);
	cr_redirect_stderr();
	cr_assert_eq(pdf_doc_new(&info, &d), LECAP_USAGE);
	cr_assert_null(d);
	fflush(stderr);
	FILE *e = cr_get_redirected_stderr();
	char buf[512] = "";
	size_t n = fread(buf, 1, sizeof buf - 1, e);
	buf[n] = '\0';
	cr_assert(strstr(buf, "lecap: erreur: [rapports] police : libharu refuse la police ("), "%s", buf);
	cr_assert(strstr(buf, "lecap: astuce: indiquez un fichier TrueType (.ttf) incorporable"), "%s", buf);
}

Test(pdf, errors_are_sticky)
{
	struct pdf_info info = {.title = "t", .footer = "f"};
	pdf_doc *d;
	static const struct pdf_column many[PDF_MAX_COLUMNS + 1];

	cr_assert_eq(pdf_doc_new(&info, &d), LECAP_OK);
	cr_redirect_stderr();
	cr_assert_eq(pdf_table_begin(d, many, PDF_MAX_COLUMNS + 1), LECAP_IO);
	cr_assert_eq(pdf_paragraph(d, "x"), LECAP_IO);
	cr_assert_eq(pdf_doc_save(d, "/tmp/jamais.pdf"), LECAP_IO);
	cr_assert_neq(access("/tmp/jamais.pdf", F_OK), 0);
	pdf_doc_free(d);
}

/* The fingerprint: written into the Info dictionary, found again only in a
 * whole file that carries exactly it, invisible in the text. */
Test(pdf, fingerprint_is_found_in_the_saved_file_only)
{
	static const char fp[] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	static const char other[] = "f123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	struct pdf_info info = {.title = "Empreinte", .footer = "pied", .fingerprint = fp};
	char path[128], cut[128], cmd[512];
	pdf_doc *d;
	size_t len;
	int rc;

	snprintf(path, sizeof path, "%s/e.pdf", dir);
	snprintf(cut, sizeof cut, "%s/tronque.pdf", dir);
	cr_assert_not(pdf_file_has_fingerprint(path, fp), "fichier absent");
	cr_assert_eq(pdf_doc_new(&info, &d), LECAP_OK);
	pdf_paragraph(d, "Un paragraphe.");
	cr_assert_eq(pdf_doc_save(d, path), LECAP_OK);
	pdf_doc_free(d);
	cr_assert(pdf_file_has_fingerprint(path, fp));
	cr_assert_not(pdf_file_has_fingerprint(path, other));

	char *buf = slurp(path, &len);
	FILE *f = fopen(cut, "wb");
	cr_assert_not_null(f);
	cr_assert_eq(fwrite(buf, 1, len - 40, f), len - 40);
	fclose(f);
	free(buf);
	cr_assert_not(pdf_file_has_fingerprint(cut, fp), "un fichier tronqué n'a pas d'empreinte");

	snprintf(cmd, sizeof cmd, "qpdf --check %s >/dev/null 2>&1 && pdftotext %s - | grep -c %s", path, path, fp);
	char *out = run(cmd, &rc);
	cr_assert_str_eq(out, "0\n", "l'empreinte n'apparaît pas dans le texte");
	free(out);

	/* without a fingerprint: none found */
	struct pdf_info plain = {.title = "Sans", .footer = "pied"};
	cr_assert_eq(pdf_doc_new(&plain, &d), LECAP_OK);
	cr_assert_eq(pdf_doc_save(d, path), LECAP_OK);
	pdf_doc_free(d);
	cr_assert_not(pdf_file_has_fingerprint(path, fp));
}

/*
 * Info strings are PDF text strings: pdfinfo prints them exactly (accents,
 * apostrophes, dashes); a line break or a tab in a member's name never
 * breaks the running header; /Lang, /DisplayDocTitle and one bookmark per
 * cover and level-1/2 heading.
 */
Test(pdf, metadata_language_bookmarks_and_normalized_text)
{
	char path[128], cmd[512];
	int rc;
	struct pdf_info info = {
		.title = "Le Cap — photographie 2026 — L’Escale\n d'Aulnay\t(SIRET 1)",
		.subject = "Photographie Le Cap : écarts à la cible, plan de progrès",
		.author = "COORACE — fédération",
		.keywords = "Le Cap; COORACE; campagne 2026; Île-de-France",
		.footer = "Campagne 2026"};
	pdf_doc *d;

	cr_assert_eq(pdf_doc_new(&info, &d), LECAP_OK);
	pdf_cover(d, "Le Cap", "L’Escale\r\nd'Aulnay", "Photographie", NULL, 0);
	pdf_heading(d, 1, "Synthèse");
	pdf_paragraph(d, "Ligne un\r\nligne deux\x01\x7F" "fin.");
	pdf_heading(d, 2, "Vos points forts");
	pdf_heading(d, 1, "Évolution");
	pdf_heading(d, 3, "Pas un signet");
	cr_assert_eq(pdf_status(d), LECAP_OK);
	snprintf(path, sizeof path, "%s/meta.pdf", dir);
	cr_assert_eq(pdf_doc_save(d, path), LECAP_OK);
	pdf_doc_free(d);

	snprintf(cmd, sizeof cmd, "pdfinfo %s | sed -n 's/^\\(Title\\|Subject\\|Author\\|Keywords\\): *//p'", path);
	char *out = run(cmd, &rc);
	cr_assert_str_eq(out, "Le Cap — photographie 2026 — L’Escale d'Aulnay (SIRET 1)\n"
			      "Photographie Le Cap : écarts à la cible, plan de progrès\n"
			      "Le Cap; COORACE; campagne 2026; Île-de-France\n"
			      "COORACE — fédération\n", "%s", out);
	free(out);

	snprintf(cmd, sizeof cmd, "pdftotext -layout %s -", path);
	out = run(cmd, &rc);
	cr_assert(strstr(out, "Le Cap — photographie 2026 — L’Escale d'Aulnay (SIRET 1)"), "%s", out);
	cr_assert(strstr(out, "L’Escale d'Aulnay\n"), "titre de couverture sur une ligne : %s", out);
	cr_assert(strstr(out, "Ligne un\n"), "%s", out);
	cr_assert(strstr(out, "ligne deux fin.\n"), "%s", out);
	free(out);

	snprintf(cmd, sizeof cmd,
		 "qpdf --json --json-key=outlines %s | python3 -c 'import json,sys;"
		 "o=json.load(sys.stdin)[\"outlines\"];"
		 "print(\"|\".join(x[\"title\"]+\"[\"+\",\".join(k[\"title\"] for k in x[\"kids\"])+\"]\" for x in o))'",
		 path);
	out = run(cmd, &rc);
	cr_assert_str_eq(out, "L’Escale d'Aulnay[]|Synthèse[Vos points forts]|Évolution[]\n", "%s", out);
	free(out);

	snprintf(cmd, sizeof cmd, "qpdf --qdf --object-streams=disable %s - | grep -a -c "
		 "-e '/Lang (fr-FR)' -e '/DisplayDocTitle true' -e '/PageMode /UseOutlines'", path);
	out = run(cmd, &rc);
	cr_assert_str_eq(out, "3\n", "%s", out);
	free(out);
}
