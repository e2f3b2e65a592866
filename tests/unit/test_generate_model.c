/* Unit tests of src/generate_model.c, on the grid of config/ (tests run from
 * the repository's root). */
#include <criterion/criterion.h>
#include <string.h>

#include "base/config.h"
#include "base/exitcode.h"
#include "generate/generate_ident.h"
#include "generate/generate_model.h"
#include "referentiel/referentiel.h"

static struct lecap_config cfg;
static ref_set *ref;
static gen_model *model;

static void setup(void)
{
	cfg_init(&cfg);
	cr_assert_eq(ref_load(&cfg, &ref), LECAP_OK);
	cr_assert_eq(gen_model_new(ref, 2026, &model), LECAP_OK);
}

static void teardown(void)
{
	gen_model_free(model);
	ref_free(ref);
	cfg_release(&cfg);
}

TestSuite(generate_model, .init = setup, .fini = teardown);

Test(generate_model, dates)
{
	struct gen_datetime t = {2024, 2, 28, 0, 0, 0};
	gen_model_date_add_days(&t, 1);
	cr_assert(t.y == 2024 && t.m == 2 && t.d == 29);
	gen_model_date_add_days(&t, 1);
	cr_assert(t.y == 2024 && t.m == 3 && t.d == 1);
	t = (struct gen_datetime){2025, 12, 31, 0, 0, 0};
	gen_model_date_add_days(&t, 1);
	cr_assert(t.y == 2026 && t.m == 1 && t.d == 1);
	gen_model_date_add_days(&t, 365);
	cr_assert(t.y == 2027 && t.m == 1 && t.d == 1);
}

Test(generate_model, enterprises_are_reproducible)
{
	char siret[15], name[200];
	struct gen_enterprise *e = gen_model_enterprise_draw(model, 5);

	strcpy(siret, e->siret);
	strcpy(name, e->raison_sociale);
	cr_assert(gen_ident_siret_valid(siret));
	e = gen_model_enterprise_draw(model, 6);
	cr_assert_str_neq(e->siret, siret);
	e = gen_model_enterprise_draw(model, 5);
	cr_assert_str_eq(e->siret, siret);
	cr_assert_str_eq(e->raison_sociale, name);
}

Test(generate_model, evaluations_and_plans)
{
	size_t nind = gen_model_indicators(model), nobj = gen_model_objectives(model);
	int evaluations = 0, plans = 0;

	for (uint64_t i = 0; i < 300; i++) {
		struct gen_enterprise *e = gen_model_enterprise_draw(model, i);
		bool first_plan = true;

		for (int y = 2024; y <= 2026; y++) {
			struct gen_evaluation *ev = gen_model_campaign(model, e, y);
			int consensus = 0, individuals = 0;

			if (!ev)
				continue;
			evaluations++;
			cr_assert_eq(ev->campagne, y);
			cr_assert_eq(ev->date_evaluation.y, y);
			for (size_t r = 0; r < ev->nrows; r++) {
				consensus += ev->college[r] == GEN_CONSENSUS;
				individuals += ev->college[r] != GEN_CONSENSUS;
				for (size_t k = 0; k < nind; k++)
					cr_assert_leq(ev->notes[r * nind + k], GEN_NC);
			}
			cr_assert_leq(consensus, 1);
			cr_assert(individuals >= 3 && individuals <= 15, "%d respondents", individuals);
			if (!ev->has_plan)
				continue;
			plans++;
			cr_assert(e->nactions >= 3 && e->nactions <= 6, "%zu actions", e->nactions);
			for (size_t a = 0; a < e->nactions; a++) {
				cr_assert_lt(e->actions[a].objectif, nobj);
				for (size_t b = 0; b < a; b++)
					cr_assert_neq(e->actions[a].objectif, e->actions[b].objectif);
			}
			/* A first plan targets the weakest objectives: none outside it
			 * is further from its target than one inside. */
			if (first_plan) {
				double worst_in = -10, best_out = 10;
				for (size_t o = 0; o < nobj; o++) {
					double gap = e->obj_level[o] - gen_model_objective(model, o)->cible;
					bool in = false;
					for (size_t a = 0; a < e->nactions; a++)
						in = in || e->actions[a].objectif == o;
					if (in && gap > worst_in)
						worst_in = gap;
					if (!in && gap < best_out)
						best_out = gap;
				}
				cr_assert_leq(worst_in, best_out);
				first_plan = false;
			}
		}
	}
	cr_assert(evaluations > 400 && plans > 300, "%d evaluations, %d plans", evaluations, plans);
}
