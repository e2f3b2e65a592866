/*
 * The examples of docs/format-exports.md stay valid: each is kept byte for
 * byte in tests/fixtures/exemples/, is quoted verbatim in the document, and
 * names only indicators, objectives, offers, regions and types of the shipped
 * referential. Run from the repository root.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/config.h"
#include "io/csvread.h"
#include "base/exitcode.h"
#include "base/log.h"
#include "referentiel/referentiel.h"

static struct lecap_config cfg;
static ref_set *set;

static void setup(void)
{
	log_set_timestamps(0);
	cfg_init(&cfg);
	cr_assert_eq(ref_load(&cfg, &set), LECAP_OK);
}

static void teardown(void)
{
	ref_free(set);
	cfg_release(&cfg);
}

TestSuite(exemples, .init = setup, .fini = teardown);

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	cr_assert_not_null(f, "%s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* Luhn, or La Poste's rule (356000000…: digit sum divisible by 5). */
static bool siret_ok(const char *s)
{
	int sum = 0, digits = 0;
	if (strlen(s) != 14)
		return false;
	if (strncmp(s, "356000000", 9) == 0) {
		for (int i = 0; i < 14; i++)
			sum += s[i] - '0';
		return sum % 5 == 0;
	}
	for (int i = 13; i >= 0; i--, digits++) {
		int d = s[i] - '0';
		if (d < 0 || d > 9)
			return false;
		if (digits % 2 == 1 && (d *= 2) > 9)
			d -= 9;
		sum += d;
	}
	return sum % 10 == 0;
}

static bool in(const char *s, const char *const *set_, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, set_[i]) == 0)
			return true;
	return false;
}

struct check {
	int kind; /* 0 réponses, 1 plan, 2 adhérents */
	size_t ncols;
	int rows;
	int consensus;
	char first_siret[16];
};

static int check_row(const struct csv_record *rec, void *arg)
{
	static const char *const colleges[] = {"direction", "salarie_permanent", "salarie_insertion",
					       "benevole", "administrateur", "consensus"};
	static const char *const notes[] = {"1", "2", "3", "4", "NC", ""};
	static const char *const statuts[] = {"a_engager", "en_cours", "realisee", "abandonnee"};
	static const char *const priorites[] = {"1", "2", "3", "haute", "moyenne", "basse"};
	struct check *c = arg;

	if (rec->line == 1) {
		c->ncols = rec->nfields;
		if (c->kind == 0) {
			cr_assert_str_eq(rec->fields[8], "college");
			for (size_t i = 9; i < rec->nfields; i++)
				cr_assert_geq(ref_indicator_index(set, rec->fields[i]), 0,
					      "colonne %s : indicateur inconnu", rec->fields[i]);
		}
		return 0;
	}
	cr_assert_eq(rec->nfields, c->ncols, "ligne %ld", rec->line);
	cr_assert(siret_ok(rec->fields[0]), "SIRET %s", rec->fields[0]);
	c->rows++;
	switch (c->kind) {
	case 0:
		if (c->rows == 1)
			snprintf(c->first_siret, sizeof(c->first_siret), "%s", rec->fields[0]);
		cr_assert_str_eq(rec->fields[0], c->first_siret);
		cr_assert_not_null(ref_region_find(set, rec->fields[2]));
		cr_assert_not_null(ref_type_find(set, rec->fields[3]));
		cr_assert(in(rec->fields[8], colleges, 6));
		c->consensus += strcmp(rec->fields[8], "consensus") == 0;
		for (size_t i = 9; i < rec->nfields; i++)
			cr_assert(in(rec->fields[i], notes, 6), "note « %s »", rec->fields[i]);
		break;
	case 1: {
		const struct ref_element *o = ref_find(set, rec->fields[3]);
		char offres[256], *save = NULL;
		cr_assert_not_null(o, "objectif %s", rec->fields[3]);
		cr_assert_eq(o->niveau, REF_OBJECTIF);
		cr_assert(in(rec->fields[5], priorites, 6));
		cr_assert(in(rec->fields[8], statuts, 4));
		snprintf(offres, sizeof(offres), "%s", rec->fields[9]);
		for (char *t = strtok_r(offres, "|", &save); t; t = strtok_r(NULL, "|", &save))
			cr_assert_not_null(ref_offer_find(set, t), "offre %s", t);
		break;
	}
	default:
		cr_assert_not_null(ref_region_find(set, rec->fields[2]), "région %s", rec->fields[2]);
		cr_assert_not_null(ref_type_find(set, rec->fields[3]));
	}
	return 0;
}

static void check_file(const char *name, int kind, struct check *c)
{
	char path[128], err[256];
	char *doc = slurp("docs/format-exports.md"), *text;

	snprintf(path, sizeof(path), "tests/fixtures/exemples/%s", name);
	text = slurp(path);
	cr_assert_not_null(strstr(doc, text), "%s n'est pas cité tel quel dans docs/format-exports.md", path);
	memset(c, 0, sizeof(*c));
	c->kind = kind;
	cr_assert_eq(csvr_read_file(path, ';', check_row, c, err, sizeof(err)), CSVR_OK, "%s", err);
	free(text);
	free(doc);
}

Test(exemples, reponses)
{
	struct check c;
	check_file("reponses.csv", 0, &c);
	cr_assert_eq(c.rows, 5);
	cr_assert_eq(c.consensus, 1);
	cr_assert_eq(c.ncols, 9 + 21);
}

Test(exemples, plan)
{
	struct check c;
	check_file("plan.csv", 1, &c);
	cr_assert_eq(c.rows, 5);
	cr_assert_eq(c.ncols, 10);
}

Test(exemples, adherents)
{
	struct check c;
	check_file("adherents.csv", 2, &c);
	cr_assert_eq(c.rows, 5);
	cr_assert_eq(c.ncols, 5);
}

Test(exemples, la_poste_rule)
{
	cr_assert(siret_ok("35600000000001"));
	cr_assert_not(siret_ok("35600000000002"));
	cr_assert(siret_ok("82601815200015"));
	cr_assert_not(siret_ok("82601815200016"));
}
