/* Unit tests of src/export_read.c: detection, validation, exact messages,
 * and what the sink receives. Run from the repository root (config/). */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/config.h"
#include "base/exitcode.h"
#include "ingest/export_read.h"
#include "base/log.h"
#include "referentiel/referentiel.h"

static ref_set *ref;
static struct lecap_config cfg;
static char dir[] = "/tmp/lecap-export-read.XXXXXX";

static void setup(void)
{
	log_set_timestamps(0);
	cfg_init(&cfg);
	cr_assert_eq(ref_load(&cfg, &ref), LECAP_OK);
	cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
	char cmd[128];
	ref_free(ref);
	cfg_release(&cfg);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	cr_assert_eq(system(cmd), 0);
}

TestSuite(export_read, .init = setup, .fini = teardown);

#define H "siret;raison_sociale;region;type_structure;campagne;date_evaluation;horodatage_export;repondant;college;1.1.1.a;1.1.1.b\n"
#define P "82601815200015;Les Ateliers;53;ACI;2025;14/03/2025;2025-03-20T16:42:05+01:00"

/* Writes len bytes to dir/f.csv and reads it; returns every problem, one a line. */
static struct export_result res;
static const char *check_bytes(const char *data, size_t len, const struct export_sink *sink)
{
	static char out[8192];
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/f.csv", dir);
	f = fopen(path, "wb");
	cr_assert_not_null(f);
	cr_assert_eq(fwrite(data, 1, len, f), len);
	fclose(f);
	export_read_result_release(&res);
	export_read_result_init(&res);
	cr_assert_eq(export_read(path, "f.csv", ref, 1 << 20, sink, &res), LECAP_OK);
	out[0] = '\0';
	for (size_t i = 0; i < res.nproblems; i++) {
		strcat(out, res.problems[i]);
		strcat(out, "\n");
	}
	return out;
}

static const char *check(const char *text)
{
	return check_bytes(text, strlen(text), NULL);
}

Test(export_read, valid_file_and_what_it_says)
{
	cr_assert_str_eq(check(H P ";R1;direction;4;NC\n" P ";R2;Bénévole;;2\n"), "");
	cr_assert_eq(res.info.kind, EXPORT_REPONSES);
	cr_assert_str_eq(res.info.encoding, "UTF-8");
	cr_assert_eq(res.info.sep, ';');
	cr_assert_str_eq(res.info.siret, "82601815200015");
	cr_assert_eq(res.info.campagne, 2025);
	cr_assert_str_eq(res.info.horodatage, "2025-03-20 16:42:05+01:00");
	cr_assert_str_eq(res.info.region, "53");
	cr_assert_str_eq(res.info.date_evaluation, "2025-03-14");
	cr_assert_eq(res.info.rows, 2);
	cr_assert_eq(res.info.cells, 3);
	cr_assert_eq(strlen(res.info.sha256), 64);
	export_read_result_release(&res);
}

Test(export_read, encodings)
{
	cr_assert_str_eq(check("\xEF\xBB\xBF" H P ";R1;direction;4;NC\n"), "");
	cr_assert_str_eq(res.info.encoding, "UTF-8 (BOM)");
	cr_assert_str_eq(check(H P ";R1;Salari\xE9 permanent;4;NC\n"), "");
	cr_assert_str_eq(res.info.encoding, "Windows-1252");
	cr_assert_str_eq(check(H P ";R1;direction;4;NC\n" P ";R\x81;direction;4;NC\n"),
			 "f.csv:3:-: encodage non reconnu, ni UTF-8 ni Windows-1252 (octet 0x81) : enregistrez le fichier en UTF-8\n");
	cr_assert_str_eq(check_bytes("\xFE\xFF\0s\0i", 6, NULL),
			 "f.csv:1:-: fichier encodé en UTF-16 : enregistrez-le en UTF-8 (ou Windows-1252) et renvoyez-le\n");
	cr_assert_str_eq(check_bytes("a;b\nc\0;d\n", 9, NULL),
			 "f.csv:2:-: octet nul (0x00) : ce n'est pas un fichier texte ; renvoyez l'export au format CSV\n");
	export_read_result_release(&res);
}

Test(export_read, separators_and_line_ends)
{
	cr_assert_str_eq(check("siret,raison_sociale,region,type_structure,campagne,date_evaluation,horodatage_export,repondant,college,1.1.1.a\r\n"
			       "82601815200015,\"A, B\",53,ACI,2025,14/03/2025,2025-03-20T16:42:05+01:00,R1,direction,4\r\n"), "");
	cr_assert_eq(res.info.sep, ',');
	cr_assert_str_eq(check("siret\tcampagne\thorodatage_export\tobjectif\taction\tpriorite\tresponsable\techeance\tstatut\toffres\n"
			       "82601815200015\t2025\t20/03/2025 16:42\t1.1.1\tAgir\tbasse\tCA\t\ten cours\tFORMATION\n"), "");
	cr_assert_eq(res.info.sep, '\t');
	cr_assert_eq(res.info.kind, EXPORT_PLAN);
	export_read_result_release(&res);
}

Test(export_read, problems_name_line_and_column_as_written)
{
	cr_assert_str_eq(check("SIRET;Raison sociale;Région;Type de structure;Campagne;Date d'évaluation;Horodatage export;Répondant;Collège;1.1.1.a\n"
			       P ";R1;stagiaire;5\n"),
			 "f.csv:2:Collège: collège inconnu « stagiaire » : direction, salarie_permanent, salarie_insertion, benevole, administrateur ou consensus attendu\n"
			 "f.csv:2:1.1.1.a: note invalide « 5 » : 1, 2, 3, 4, NC ou vide attendu\n");
	cr_assert_eq(res.total, 2);
	export_read_result_release(&res);
}

Test(export_read, at_most_100_problems_then_a_count)
{
	size_t cap = 200000, n;
	char *t = malloc(cap);
	FILE *out;
	char *text = NULL;
	size_t tlen = 0;

	n = (size_t)snprintf(t, cap, "%s", H);
	for (int i = 1; i <= 120; i++)
		n += (size_t)snprintf(t + n, cap - n, P ";R%d;direction;7;1\n", i);
	check_bytes(t, n, NULL);
	cr_assert_eq(res.total, 120);
	cr_assert_eq(res.nproblems, EXPORT_MAX_PROBLEMS);
	out = open_memstream(&text, &tlen);
	cr_assert_eq(export_read_write_problems(&res, "f.csv", out), 0);
	fclose(out);
	cr_assert(strstr(text, "f.csv:101:1.1.1.a: note invalide « 7 »") != NULL);
	cr_assert(strstr(text, "f.csv:102:") == NULL);
	cr_assert(strstr(text, "\nf.csv: 120 problèmes au total, seuls les 100 premiers sont listés ; corrigez-les puis vérifiez de nouveau avec lecap check\n") != NULL);
	free(text);
	free(t);
	export_read_result_release(&res);
}

Test(export_read, size_limit_before_reading)
{
	char path[256];
	FILE *f;
	snprintf(path, sizeof(path), "%s/gros.csv", dir);
	f = fopen(path, "w");
	fputs(H, f);
	fclose(f);
	export_read_result_init(&res);
	cr_assert_eq(export_read(path, "gros.csv", ref, 10, NULL, &res), LECAP_OK);
	cr_assert_eq(res.total, 1);
	cr_assert_str_eq(res.problems[0], "gros.csv:1:-: fichier trop volumineux : 120 octets pour 10 au plus ([ingestion] taille_max) ; découpez l'export ou relevez la limite");
	cr_assert_str_eq(res.info.sha256, "");
	export_read_result_release(&res);
}

Test(export_read, unreadable_file)
{
	cr_redirect_stderr();
	export_read_result_init(&res);
	cr_assert_eq(export_read("/nonexistent/x.csv", "x.csv", ref, 100, NULL, &res), LECAP_IO);
	export_read_result_release(&res);
	fflush(stderr);
	cr_assert_stderr_eq_str("lecap: erreur: ouverture de /nonexistent/x.csv impossible : No such file or directory\n");
}

/* A sink that records what it receives. */
struct rec {
	char log[4096];
	int skip;
};

static int rec_begin(void *arg, const struct export_info *info)
{
	struct rec *r = arg;
	size_t n = strlen(r->log);
	snprintf(r->log + n, sizeof(r->log) - n, "begin %s %s %d\n", export_read_kind_name(info->kind), info->siret,
		 info->campagne);
	return r->skip ? EXPORT_SINK_SKIP : 0;
}

static int rec_reponse(void *arg, const struct export_reponse *row)
{
	struct rec *r = arg;
	size_t n = strlen(r->log);
	n += (size_t)snprintf(r->log + n, sizeof(r->log) - n, "%ld #%d %s %s:", row->line, row->numero,
			      row->repondant, row->college);
	for (size_t i = 0; i < row->ncells; i++)
		n += (size_t)snprintf(r->log + n, sizeof(r->log) - n, " %s=%d", row->indicateur[i], row->note[i]);
	snprintf(r->log + n, sizeof(r->log) - n, "\n");
	return 0;
}

static int rec_action(void *arg, const struct export_action *row)
{
	struct rec *r = arg;
	size_t n = strlen(r->log);
	n += (size_t)snprintf(r->log + n, sizeof(r->log) - n, "%ld #%d %s [%s] p%d %s %s %s", row->line,
			      row->numero, row->objectif, row->action, row->priorite, row->responsable,
			      row->echeance ? row->echeance : "-", row->statut);
	for (size_t i = 0; i < row->noffres; i++)
		n += (size_t)snprintf(r->log + n, sizeof(r->log) - n, " %s", row->offres[i]);
	snprintf(r->log + n, sizeof(r->log) - n, "\n");
	return 0;
}

static int rec_adherent(void *arg, const struct export_adherent *row)
{
	struct rec *r = arg;
	size_t n = strlen(r->log);
	snprintf(r->log + n, sizeof(r->log) - n, "%ld %s %s %s %s %s\n", row->line, row->siret,
		 row->raison_sociale, row->region, row->type_structure,
		 row->date_adhesion ? row->date_adhesion : "-");
	return 0;
}

Test(export_read, sink_receives_normalised_rows)
{
	struct rec r = {.log = "", .skip = 0};
	struct export_sink s = {&r, rec_begin, rec_reponse, rec_action, rec_adherent};
	const char *t = H P ";R1;Salarié·e en insertion;4;N/C\n" P ";R2;consensus;;1\n";

	cr_assert_str_eq(check_bytes(t, strlen(t), &s), "");
	cr_assert_str_eq(r.log, "begin reponses 82601815200015 2025\n"
				"2 #1 R1 salarie_insertion: 1.1.1.a=4 1.1.1.b=0\n"
				"3 #2 R2 consensus: 1.1.1.b=1\n");
	r.log[0] = '\0';
	t = "siret;campagne;horodatage_export;objectif;action;priorite;responsable;echeance;statut;offres\n"
	    "82601815200015;2025;2025-03-20T16:45:12+01:00;1.1.1;\"Ouvrir le CA ; former\";Haute;Présidence;30/06/2025;À engager;GOUVERNANCE | FORMATION\n";
	cr_assert_str_eq(check_bytes(t, strlen(t), &s), "");
	cr_assert_str_eq(r.log, "begin plan 82601815200015 2025\n"
				"2 #1 1.1.1 [Ouvrir le CA ; former] p1 Présidence 2025-06-30 a_engager GOUVERNANCE FORMATION\n");
	r.log[0] = '\0';
	t = "siret;raison_sociale;region;type_structure;date_adhesion\n"
	    "82601815200015;Les Ateliers;Bretagne;aci;\n";
	cr_assert_str_eq(check_bytes(t, strlen(t), &s), "");
	cr_assert_str_eq(r.log, "begin adherents  0\n2 82601815200015 Les Ateliers 53 ACI -\n");
	export_read_result_release(&res);
}

Test(export_read, no_row_after_a_problem_nor_after_skip)
{
	struct rec r = {.log = "", .skip = 0};
	struct export_sink s = {&r, rec_begin, rec_reponse, NULL, NULL};
	const char *t = H P ";R1;direction;4;4\n" P ";R2;direction;9;4\n" P ";R3;direction;4;4\n";

	check_bytes(t, strlen(t), &s);
	cr_assert_eq(res.total, 1);
	cr_assert_str_eq(r.log, "begin reponses 82601815200015 2025\n2 #1 R1 direction: 1.1.1.a=4 1.1.1.b=4\n");
	r.log[0] = '\0';
	r.skip = 1;
	t = H P ";R1;direction;4;4\n" P ";R1;direction;4;4\n";
	check_bytes(t, strlen(t), &s);
	cr_assert_eq(res.total, 1, "a skipped file is still validated");
	cr_assert_str_eq(r.log, "begin reponses 82601815200015 2025\n");
	export_read_result_release(&res);
}
