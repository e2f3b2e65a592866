/* The synthetic network's model (generate_model.h). */
#include "generate/generate_model.h"

#include "base/exitcode.h"
#include "generate/generate_ident.h"
#include "base/log.h"
#include "referentiel/college.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Members per region, roughly as in a real network: many in the large
 * mainland regions, a handful overseas and in Corse. A region of the file
 * not listed here weighs 1. */
static const struct {
	const char *code;
	double weight;
} region_weights[] = {
	{"84", 14}, {"76", 11}, {"32", 11}, {"11", 10}, {"75", 9}, {"53", 8},
	{"52", 8}, {"44", 6}, {"93", 5}, {"27", 5}, {"28", 5}, {"24", 4},
	{"04", 1.2}, {"94", 0.5}, {"01", 0.5}, {"02", 0.45}, {"03", 0.25}, {"06", 0.15},
};

/* Structure types: mostly AI and ACI. */
static const struct {
	const char *code;
	double weight;
} type_weights[] = {
	{"AI", 38}, {"ACI", 32}, {"EI", 10}, {"ETTI", 8}, {"GEIQ", 4}, {"EA", 3},
	{"SAP", 3}, {"AUTRE", 2},
};

/* How each college rates compared with the latent level: management and the
 * board see the structure more favourably than people in integration jobs. */
static const double college_bias[GEN_COLLEGES] = {
	[GEN_DIRECTION] = 0.35,
	[GEN_SALARIE_PERMANENT] = 0.05,
	[GEN_SALARIE_INSERTION] = -0.30,
	[GEN_BENEVOLE] = 0.10,
	[GEN_ADMINISTRATEUR] = 0.25,
	[GEN_CONSENSUS] = 0.05,
};

/* Who the respondents beyond the first (always direction) are. */
static const double college_mix[GEN_CONSENSUS] = {
	[GEN_DIRECTION] = 4,
	[GEN_SALARIE_PERMANENT] = 30,
	[GEN_SALARIE_INSERTION] = 36,
	[GEN_BENEVOLE] = 12,
	[GEN_ADMINISTRATEUR] = 12,
};

/* The generator's colleges are referentiel/college.h's, in its order. */
_Static_assert(GEN_DIRECTION == (int)COLLEGE_DIRECTION && GEN_CONSENSUS == (int)COLLEGE_CONSENSUS &&
		       GEN_COLLEGES == COLLEGE_COUNT + 1,
	       "enum gen_college follows enum college");

static const char *const statut_codes[] = {"a_engager", "en_cours", "realisee", "abandonnee"};

struct gen_model {
	const ref_set *ref;
	uint64_t seed;
	struct gen_datetime reference; /* y = 0: none */
	double plan_effect;            /* factor on plan_take (1: the model's) */
	struct gen_siret_space sirets;
	size_t nind, nobj, ntheme;
	const struct ref_element **ind;
	const struct ref_element **obj;
	size_t *ind_obj;     /* objective of each indicator */
	size_t *obj_theme;   /* theme of each objective */
	size_t *obj_order;   /* scratch: objectives sorted by gap */
	double *theme_level; /* scratch */
	size_t nregion, ntype;
	double *region_weight;
	double *type_weight;
	struct gen_enterprise ent;
	struct gen_evaluation ev;
};

const char *gen_model_college_code(enum gen_college c)
{
	return college_codes[c];
}

const char *gen_model_statut_code(enum gen_statut s)
{
	return statut_codes[s];
}

/* Days since 1970-01-01 and back (H. Hinnant's civil algorithms). */
static long days_from_civil(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void gen_model_date_add_days(struct gen_datetime *t, int days)
{
	long z = days_from_civil(t->y, t->m, t->d) + days + 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;

	t->d = (int)(doy - (153 * mp + 2) / 5 + 1);
	t->m = (int)(mp < 10 ? mp + 3 : mp - 9);
	t->y = (int)(yoe + era * 400 + (t->m <= 2));
}

static size_t index_of(const gen_model *m, enum ref_level level, const char *code)
{
	size_t n = ref_count(m->ref, level);

	for (size_t i = 0; i < n; i++)
		if (strcmp(ref_at(m->ref, level, i)->code, code) == 0)
			return i;
	return 0;
}

void gen_model_set_plan_effect(gen_model *m, double factor)
{
	m->plan_effect = factor;
}

void gen_model_set_reference(gen_model *m, int y, int mo, int d)
{
	m->reference = (struct gen_datetime){y, mo, d, 0, 0, 0};
}

static int dt_cmp(const struct gen_datetime *a, const struct gen_datetime *b)
{
	const int x[6] = {a->y, a->m, a->d, a->hh, a->mi, a->ss};
	const int z[6] = {b->y, b->m, b->d, b->hh, b->mi, b->ss};
	for (int i = 0; i < 6; i++)
		if (x[i] != z[i])
			return x[i] < z[i] ? -1 : 1;
	return 0;
}

/* Moves t back to the reference day at hh:mi:ss when it is later than the
 * end of that day (draws are unchanged: the same seed gives the same bytes).
 * An original export moved gets 20:00:00, later than any drawn hour (8–19)
 * of that day; a re-export moved gets 23:59:59: it stays later than its
 * original. */
static void clamp_to_reference(const gen_model *m, struct gen_datetime *t, int hh, int mi, int ss)
{
	struct gen_datetime end = m->reference;

	if (m->reference.y == 0)
		return;
	end.hh = 23;
	end.mi = 59;
	end.ss = 59;
	if (dt_cmp(t, &end) > 0)
		*t = (struct gen_datetime){end.y, end.m, end.d, hh, mi, ss};
}

int gen_model_new(const ref_set *ref, uint64_t seed, gen_model **out)
{
	gen_model *m = calloc(1, sizeof(*m));
	int ret = LECAP_OK;

	*out = NULL;
	if (!m)
		return log_fail(LECAP_IO, "mémoire insuffisante pour le modèle du générateur");
	m->ref = ref;
	m->seed = seed;
	m->plan_effect = 1.0;
	gen_ident_siret_space_init(&m->sirets, seed);
	m->nind = ref_count(ref, REF_INDICATEUR);
	m->nobj = ref_count(ref, REF_OBJECTIF);
	m->ntheme = ref_count(ref, REF_THEME);
	m->nregion = ref_region_count(ref);
	m->ntype = ref_type_count(ref);
	if (m->nind == 0 || m->nobj == 0 || m->ntheme == 0 || m->nregion == 0 || m->ntype == 0) {
		log_error("le référentiel n'a pas d'indicateur, d'objectif, de région ou de type de structure");
		log_hint("vérifiez les fichiers désignés par [referentiel]");
		ret = LECAP_USAGE;
		goto cleanup;
	}
	m->ind = calloc(m->nind, sizeof(*m->ind));
	m->obj = calloc(m->nobj, sizeof(*m->obj));
	m->ind_obj = calloc(m->nind, sizeof(size_t));
	m->obj_theme = calloc(m->nobj, sizeof(size_t));
	m->obj_order = calloc(m->nobj, sizeof(size_t));
	m->theme_level = calloc(m->ntheme, sizeof(double));
	m->region_weight = calloc(m->nregion, sizeof(double));
	m->type_weight = calloc(m->ntype, sizeof(double));
	m->ent.obj_level = calloc(m->nobj, sizeof(double));
	m->ent.ind_offset = calloc(m->nind, sizeof(double));
	m->ent.ind_nc = calloc(m->nind, 1);
	m->ev.notes = calloc(GEN_MAX_ROWS * m->nind, 1);
	m->ev.column = calloc(m->nind, 1);
	if (!m->ind || !m->obj || !m->ind_obj || !m->obj_theme || !m->obj_order ||
	    !m->theme_level || !m->region_weight || !m->type_weight || !m->ent.obj_level ||
	    !m->ent.ind_offset || !m->ent.ind_nc || !m->ev.notes || !m->ev.column) {
		ret = log_fail(LECAP_IO, "mémoire insuffisante pour le modèle du générateur");
		goto cleanup;
	}
	for (size_t o = 0; o < m->nobj; o++) {
		const struct ref_element *obj = ref_at(ref, REF_OBJECTIF, o);
		const struct ref_element *st = obj->parent ? ref_find(ref, obj->parent) : NULL;
		m->obj[o] = obj;
		m->obj_theme[o] = st && st->parent ? index_of(m, REF_THEME, st->parent) : 0;
	}
	for (size_t k = 0; k < m->nind; k++) {
		m->ind[k] = ref_at(ref, REF_INDICATEUR, k);
		m->ind_obj[k] = m->ind[k]->parent ? index_of(m, REF_OBJECTIF, m->ind[k]->parent) : 0;
	}
	for (size_t i = 0; i < m->nregion; i++) {
		const char *code = ref_region_at(ref, i)->code;
		m->region_weight[i] = 1;
		for (size_t j = 0; j < COUNT(region_weights); j++)
			if (strcmp(region_weights[j].code, code) == 0)
				m->region_weight[i] = region_weights[j].weight;
	}
	for (size_t i = 0; i < m->ntype; i++) {
		const char *code = ref_type_at(ref, i)->code;
		m->type_weight[i] = 1;
		for (size_t j = 0; j < COUNT(type_weights); j++)
			if (strcmp(type_weights[j].code, code) == 0)
				m->type_weight[i] = type_weights[j].weight;
	}
	*out = m;
	return LECAP_OK;
cleanup:
	gen_model_free(m);
	return ret;
}

void gen_model_free(gen_model *m)
{
	if (!m)
		return;
	free(m->ind);
	free(m->obj);
	free(m->ind_obj);
	free(m->obj_theme);
	free(m->obj_order);
	free(m->theme_level);
	free(m->region_weight);
	free(m->type_weight);
	free(m->ent.obj_level);
	free(m->ent.ind_offset);
	free(m->ent.ind_nc);
	free(m->ev.notes);
	free(m->ev.column);
	free(m);
}

const ref_set *gen_model_ref(const gen_model *m)
{
	return m->ref;
}

size_t gen_model_indicators(const gen_model *m)
{
	return m->nind;
}

const struct ref_element *gen_model_indicator(const gen_model *m, size_t k)
{
	return m->ind[k];
}

size_t gen_model_objectives(const gen_model *m)
{
	return m->nobj;
}

const struct ref_element *gen_model_objective(const gen_model *m, size_t o)
{
	return m->obj[o];
}

struct gen_enterprise *gen_model_enterprise_draw(gen_model *m, uint64_t index)
{
	struct gen_enterprise *e = &m->ent;
	struct gen_rng *r = &e->rng;
	double base;
	int seniority;
	unsigned nic;
	bool laposte;

	e->index = index;
	gen_rng_init(r, m->seed, index);
	e->region = ref_region_at(m->ref, gen_rng_weighted(r, m->region_weight, m->nregion));
	e->type = ref_type_at(m->ref, gen_rng_weighted(r, m->type_weight, m->ntype));
	/* Most members are a head office (NIC 00010-00019); some a branch. */
	nic = gen_rng_chance(r, 0.7) ? 1 : (unsigned)gen_rng_range(r, 2, 250);
	laposte = index < 10000 && gen_rng_chance(r, 0.004);
	gen_ident_siret_make(&m->sirets, index, nic, laposte, e->siret);
	gen_ident_raison_sociale(r, e->region->code, e->type->code, e->raison_sociale,
			   sizeof(e->raison_sociale));

	e->adhesion.y = gen_rng_range(r, 1992, 2025);
	if (gen_rng_chance(r, 0.5)) /* many joined in the network's early years */
		e->adhesion.y = gen_rng_range(r, 1992, 2012);
	e->adhesion.m = gen_rng_range(r, 1, 12);
	e->adhesion.d = gen_rng_range(r, 1, 28);
	e->adhesion.hh = e->adhesion.mi = e->adhesion.ss = 0;
	e->never = gen_rng_chance(r, 0.08);

	/* Latent maturity: the member, then each theme, objective and
	 * indicator around it; older members are a little further along. */
	seniority = 2024 - e->adhesion.y;
	if (seniority < 0)
		seniority = 0;
	if (seniority > 20)
		seniority = 20;
	base = 2.05 + 0.40 * gen_rng_normal(r) + 0.012 * seniority;
	for (size_t t = 0; t < m->ntheme; t++)
		m->theme_level[t] = 0.30 * gen_rng_normal(r);
	for (size_t o = 0; o < m->nobj; o++)
		e->obj_level[o] = base + m->theme_level[m->obj_theme[o]] + 0.30 * gen_rng_normal(r);
	for (size_t k = 0; k < m->nind; k++) {
		e->ind_offset[k] = 0.20 * gen_rng_normal(r);
		e->ind_nc[k] = gen_rng_chance(r, 0.03);
	}
	e->drift = 0.08 + 0.14 * gen_rng_unit(r);
	e->plan_take = 0.15 + 0.30 * gen_rng_unit(r);
	e->last_year = 0;
	e->participated = false;
	e->nactions = 0;
	e->plan_size = (size_t)gen_rng_range(r, 3, 6);
	return e;
}

/*
 * One year of progress: a drift for all, more on the plan's objectives.
 * The plan effect (README, lecap generate --effet-plan): each member has its own take on its
 * plan (plan_take, drawn uniformly in 0.15–0.45); an action adds, to its
 * objective's latent level, plan_effect × plan_take × 2 when réalisée, × 1
 * en cours, × 0.3 otherwise — noise comes from the take, the drift and the
 * respondents' own rating noise.
 */
static void progress(gen_model *m, struct gen_enterprise *e)
{
	struct gen_rng *r = &e->rng;

	for (size_t o = 0; o < m->nobj; o++)
		e->obj_level[o] += e->drift * (0.5 + gen_rng_unit(r));
	for (size_t i = 0; i < e->nactions; i++) {
		const struct gen_action *a = &e->actions[i];
		double gain = a->statut == GEN_REALISEE ? 2.0 : a->statut == GEN_EN_COURS ? 1.0 : 0.3;
		e->obj_level[a->objectif] += m->plan_effect * e->plan_take * gain;
	}
	for (size_t o = 0; o < m->nobj; o++)
		if (e->obj_level[o] > 4.4)
			e->obj_level[o] = 4.4;
}

static unsigned char rate(double x)
{
	int n = (int)floor(x + 0.5);
	return (unsigned char)(n < 1 ? 1 : n > 4 ? 4 : n);
}

static void draw_notes(gen_model *m, struct gen_enterprise *e, struct gen_evaluation *ev)
{
	struct gen_rng *r = &e->rng;

	for (size_t row = 0; row < ev->nrows; row++) {
		enum gen_college c = ev->college[row];
		unsigned char *cells = ev->notes + row * m->nind;
		double offset = c == GEN_CONSENSUS ? 0 : 0.25 * gen_rng_normal(r);
		double noise = c == GEN_CONSENSUS ? 0.25 : 0.55;
		double blank = c == GEN_CONSENSUS ? 0.01
			       : c == GEN_SALARIE_INSERTION ? 0.02 + 0.10 * gen_rng_unit(r)
							    : 0.01 + 0.05 * gen_rng_unit(r);

		for (size_t k = 0; k < m->nind; k++) {
			double latent = e->obj_level[m->ind_obj[k]] + e->ind_offset[k];
			uint64_t u = gen_rng_next(r);
			/* One draw decides blank and NC: 16-bit fractions. */
			double ub = (double)(u & 0xffff) / 65536.0;
			double un = (double)((u >> 16) & 0xffff) / 65536.0;

			if (ev->column[k] != 1) {
				cells[k] = GEN_BLANK;
				continue;
			}
			if (e->ind_nc[k] && (c == GEN_CONSENSUS || un < 0.85)) {
				cells[k] = GEN_NC;
				continue;
			}
			if (un > 0.99) {
				cells[k] = GEN_NC;
				continue;
			}
			if (ub < blank) {
				cells[k] = GEN_BLANK;
				continue;
			}
			cells[k] = rate(latent + college_bias[c] + offset + noise * gen_rng_normal(r));
		}
	}
}

static void draw_respondents(struct gen_enterprise *e, struct gen_evaluation *ev)
{
	struct gen_rng *r = &e->rng;
	size_t n = (size_t)(3 + gen_rng_below(r, 7) + gen_rng_below(r, 7)); /* 3–15 */
	bool consensus = gen_rng_chance(r, 0.82);
	bool consensus_first = gen_rng_chance(r, 0.3);
	size_t row = 0;

	if (consensus && consensus_first)
		ev->college[row++] = GEN_CONSENSUS;
	ev->college[row++] = GEN_DIRECTION;
	for (size_t i = 1; i < n; i++)
		ev->college[row++] = (enum gen_college)gen_rng_weighted(r, college_mix, COUNT(college_mix));
	if (consensus && !consensus_first)
		ev->college[row++] = GEN_CONSENSUS;
	ev->nrows = row;
}

/* The plan of this campaign: last plan's actions move on, then new ones on
 * the weakest objectives not yet covered, up to the member's plan size. */
static void update_plan(gen_model *m, struct gen_enterprise *e)
{
	struct gen_rng *r = &e->rng;
	size_t kept = 0;

	for (size_t i = 0; i < e->nactions; i++) {
		struct gen_action a = e->actions[i];
		if (a.statut == GEN_REALISEE || a.statut == GEN_ABANDONNEE)
			continue; /* reported once, then out of the plan */
		if (gen_rng_chance(r, 0.04))
			a.statut = GEN_ABANDONNEE;
		else if (a.statut == GEN_A_ENGAGER && gen_rng_chance(r, 0.65))
			a.statut = GEN_EN_COURS;
		else if (a.statut == GEN_EN_COURS && gen_rng_chance(r, 0.55))
			a.statut = GEN_REALISEE;
		e->actions[kept++] = a;
	}
	e->nactions = kept;

	/* Objectives by gap to their target, weakest first (insertion sort:
	 * a few dozen objectives). */
	for (size_t o = 0; o < m->nobj; o++) {
		double gap = e->obj_level[o] - m->obj[o]->cible;
		size_t j = o;
		while (j > 0 && e->obj_level[m->obj_order[j - 1]] - m->obj[m->obj_order[j - 1]]->cible > gap) {
			m->obj_order[j] = m->obj_order[j - 1];
			j--;
		}
		m->obj_order[j] = o;
	}
	for (size_t i = 0; i < m->nobj && e->nactions < e->plan_size; i++) {
		size_t o = m->obj_order[i];
		bool covered = false;
		struct gen_action *a;

		for (size_t j = 0; j < e->nactions; j++)
			covered = covered || e->actions[j].objectif == o;
		if (covered)
			continue;
		a = &e->actions[e->nactions++];
		a->objectif = o;
		a->statut = gen_rng_chance(r, 0.8) ? GEN_A_ENGAGER : GEN_EN_COURS;
		a->priorite = i < 2 ? 1 : gen_rng_range(r, 1, 3);
		a->responsable = gen_rng_below(r, 64);
		a->wording = gen_rng_below(r, 64);
		a->echeance_month = gen_rng_chance(r, 0.8) ? gen_rng_range(r, 1, 12) : 0;
		a->offres = 0;
		if (m->obj[o]->noffres > 0 && gen_rng_chance(r, 0.9)) {
			a->offres = 1u << gen_rng_below(r, (uint32_t)(m->obj[o]->noffres < 16 ? m->obj[o]->noffres : 16));
			if (m->obj[o]->noffres > 1 && gen_rng_chance(r, 0.35))
				a->offres |= 1u << gen_rng_below(r, (uint32_t)(m->obj[o]->noffres < 16 ? m->obj[o]->noffres : 16));
		}
	}
}

struct gen_evaluation *gen_model_campaign(gen_model *m, struct gen_enterprise *e, int year)
{
	struct gen_rng *r = &e->rng;
	struct gen_evaluation *ev = &m->ev;
	double p;

	if (e->last_year != 0)
		for (int y = e->last_year; y < year; y++)
			progress(m, e);
	e->last_year = year;
	if (e->never || e->adhesion.y > year)
		return NULL;
	p = e->participated ? 0.82 : 0.6;
	if (!gen_rng_chance(r, p)) {
		e->participated = false;
		return NULL;
	}
	e->participated = true;

	ev->campagne = year;
	ev->date_evaluation = (struct gen_datetime){year, gen_rng_range(r, 2, 11), gen_rng_range(r, 1, 28), 0, 0, 0};
	ev->horodatage = ev->date_evaluation;
	gen_model_date_add_days(&ev->horodatage, gen_rng_range(r, 0, 20));
	ev->horodatage.hh = gen_rng_range(r, 8, 19);
	ev->horodatage.mi = gen_rng_range(r, 0, 59);
	ev->horodatage.ss = gen_rng_range(r, 0, 59);
	clamp_to_reference(m, &ev->date_evaluation, 0, 0, 0);
	clamp_to_reference(m, &ev->horodatage, 20, 0, 0);
	ev->incomplete = gen_rng_chance(r, 0.04);
	/* Some tools export only the columns answered. */
	{
		bool subset = ev->incomplete ? gen_rng_chance(r, 0.5) : gen_rng_chance(r, 0.03);
		for (size_t k = 0; k < m->nind; k++) {
			ev->column[k] = !subset || gen_rng_chance(r, ev->incomplete ? 0.6 : 0.9);
			/* Incomplete: whole indicators nobody answered. */
			if (ev->column[k] && ev->incomplete && gen_rng_chance(r, 0.5))
				ev->column[k] = 2;
		}
		ev->column[gen_rng_below(r, (uint32_t)m->nind)] = 1;
	}
	draw_respondents(e, ev);
	draw_notes(m, e, ev);
	ev->has_plan = gen_rng_chance(r, 0.85);
	ev->reexport = gen_rng_chance(r, 0.04);
	if (ev->has_plan)
		update_plan(m, e);
	return ev;
}

void gen_model_reexport(gen_model *m, struct gen_enterprise *e, struct gen_evaluation *ev)
{
	struct gen_rng *r = &e->rng;

	gen_model_date_add_days(&ev->horodatage, gen_rng_range(r, 2, 30));
	ev->horodatage.hh = gen_rng_range(r, 8, 19);
	clamp_to_reference(m, &ev->horodatage, 23, 59, 59);
	for (size_t row = 0; row < ev->nrows; row++) {
		unsigned char *cells = ev->notes + row * m->nind;
		for (size_t k = 0; k < m->nind; k++) {
			if (ev->column[k] != 1)
				continue;
			if (cells[k] == GEN_BLANK && gen_rng_chance(r, 0.4))
				cells[k] = rate(e->obj_level[m->ind_obj[k]] + e->ind_offset[k]);
			else if (cells[k] >= 1 && cells[k] <= 4 && gen_rng_chance(r, 0.03))
				cells[k] = (unsigned char)(cells[k] == 4 ? 3 : cells[k] + 1);
		}
	}
}
