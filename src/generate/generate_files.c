/* Réponses, Plan de progrès and adherents.csv files (generate_files.h). */
#include "generate/generate_files.h"

#include "base/exitcode.h"
#include "generate/generate_ident.h"
#include "base/log.h"
#include "referentiel/referentiel.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define R_FIXED_COUNT 9 /* identity columns of a Réponses file */

struct gen_files {
	const gen_model *m;
	csv_writer *w;
	int *cols; /* column order: fixed columns, indicators, one extra */
};

int gen_files_new(const gen_model *m, gen_files **out)
{
	gen_files *f = calloc(1, sizeof(*f));

	*out = NULL;
	if (f) {
		f->m = m;
		f->w = csvw_new();
		f->cols = malloc((R_FIXED_COUNT + gen_model_indicators(m) + 1) * sizeof(int));
	}
	if (!f || !f->w || !f->cols) {
		gen_files_free(f);
		return log_fail(LECAP_IO, "mémoire insuffisante pour écrire les fichiers");
	}
	*out = f;
	return LECAP_OK;
}

void gen_files_free(gen_files *f)
{
	if (!f)
		return;
	csvw_free(f->w);
	free(f->cols);
	free(f);
}

/* ---- styles ---- */

void gen_files_style_draw(struct gen_rng *r, struct gen_style *s)
{
	static const double enc_w[] = {60, 20, 20};
	static const double sep_w[] = {75, 17, 8};
	static const double order_w[] = {80, 8, 6, 6};
	static const double nc_w[] = {75, 10, 10, 5};
	static const double ts_w[] = {35, 20, 25, 10, 10};
	static const char seps[] = {';', ',', '\t'};

	s->csv.encoding = (enum csvw_encoding)gen_rng_weighted(r, enc_w, COUNT(enc_w));
	/* French Excel writes Windows-1252 with ';' and CRLF. */
	if (s->csv.encoding == CSVW_CP1252) {
		s->csv.sep = gen_rng_chance(r, 0.9) ? ';' : seps[gen_rng_weighted(r, sep_w, COUNT(sep_w))];
		s->csv.crlf = gen_rng_chance(r, 0.9);
	} else {
		s->csv.sep = seps[gen_rng_weighted(r, sep_w, COUNT(sep_w))];
		s->csv.crlf = gen_rng_chance(r, 0.3);
	}
	s->csv.quote_all = gen_rng_chance(r, 0.08);
	s->labels = gen_rng_chance(r, 0.3);
	s->order = (unsigned)gen_rng_weighted(r, order_w, COUNT(order_w));
	s->order_seed = gen_rng_next(r);
	s->nc = (unsigned)gen_rng_weighted(r, nc_w, COUNT(nc_w));
	s->pseudo = gen_rng_below(r, 4);
	s->pseudo_salt = (unsigned)gen_rng_next(r);
	s->date = gen_rng_below(r, 2);
	s->ts = (unsigned)gen_rng_weighted(r, ts_w, COUNT(ts_w));
	s->siret_spaces = gen_rng_chance(r, 0.1);
	s->region_name = gen_rng_chance(r, 0.35);
	s->value_labels = gen_rng_chance(r, 0.25);
}

/* ---- defects ---- */

static const char *const defect_names[GEN_DEFECTS] = {
	[GEN_DEF_NONE] = "aucun",
	[GEN_DEF_NOTE_HORS_ECHELLE] = "note_hors_echelle",
	[GEN_DEF_INDICATEUR_INCONNU] = "indicateur_inconnu",
	[GEN_DEF_INDICATEUR_REPETE] = "indicateur_repete",
	[GEN_DEF_SIRET_INVALIDE] = "siret_invalide",
	[GEN_DEF_REGION_INCONNUE] = "region_inconnue",
	[GEN_DEF_FICHIER_TRONQUE] = "fichier_tronque",
	[GEN_DEF_REPONDANT_DUPLIQUE] = "repondant_duplique",
	[GEN_DEF_DEUX_CONSENSUS] = "deux_consensus",
	[GEN_DEF_SIRET_DIFFERENT] = "siret_different",
	[GEN_DEF_OBJECTIF_INCONNU] = "objectif_inconnu",
	[GEN_DEF_STATUT_INCONNU] = "statut_inconnu",
};

const char *gen_files_defect_name(enum gen_defect d)
{
	return defect_names[d];
}

enum gen_defect gen_files_defect_draw(struct gen_rng *r, bool plan)
{
	static const enum gen_defect reponses[] = {
		GEN_DEF_NOTE_HORS_ECHELLE, GEN_DEF_INDICATEUR_INCONNU, GEN_DEF_INDICATEUR_REPETE,
		GEN_DEF_SIRET_INVALIDE, GEN_DEF_REGION_INCONNUE, GEN_DEF_FICHIER_TRONQUE,
		GEN_DEF_REPONDANT_DUPLIQUE, GEN_DEF_DEUX_CONSENSUS, GEN_DEF_SIRET_DIFFERENT,
	};
	static const enum gen_defect plans[] = {
		GEN_DEF_OBJECTIF_INCONNU, GEN_DEF_STATUT_INCONNU, GEN_DEF_SIRET_INVALIDE,
		GEN_DEF_FICHIER_TRONQUE,
	};

	if (plan)
		return plans[gen_rng_below(r, COUNT(plans))];
	return reponses[gen_rng_below(r, COUNT(reponses))];
}

/* ---- values as tools spell them ---- */

static void format_siret(const char *siret, bool spaces, char *out, size_t size)
{
	if (spaces)
		snprintf(out, size, "%.3s %.3s %.3s %.5s", siret, siret + 3, siret + 6, siret + 9);
	else
		snprintf(out, size, "%s", siret);
}

/* A SIRET whose Luhn key (or La Poste digit sum) is wrong. */
static void break_siret(const char *siret, char out[15])
{
	memcpy(out, siret, 15);
	out[13] = (char)('0' + (out[13] - '0' + 1) % 10);
}

static void format_date(const struct gen_datetime *t, unsigned style, char *out, size_t size)
{
	if (style == 0)
		snprintf(out, size, "%02d/%02d/%04d", t->d, t->m, t->y);
	else
		snprintf(out, size, "%04d-%02d-%02d", t->y, t->m, t->d);
}

static void format_ts(const struct gen_datetime *t, unsigned style, char *out, size_t size)
{
	/* Paris is UTC+2 from April to October, roughly. */
	const char *offset = t->m >= 4 && t->m <= 10 ? "+02:00" : "+01:00";

	switch (style) {
	case 0:
		snprintf(out, size, "%04d-%02d-%02dT%02d:%02d:%02d", t->y, t->m, t->d, t->hh, t->mi, t->ss);
		break;
	case 1:
		snprintf(out, size, "%04d-%02d-%02d %02d:%02d:%02d", t->y, t->m, t->d, t->hh, t->mi, t->ss);
		break;
	case 2:
		snprintf(out, size, "%02d/%02d/%04d %02d:%02d", t->d, t->m, t->y, t->hh, t->mi);
		break;
	case 3:
		snprintf(out, size, "%04d-%02d-%02dT%02d:%02d:%02d%s", t->y, t->m, t->d, t->hh, t->mi,
			 t->ss, offset);
		break;
	default:
		snprintf(out, size, "%04d-%02d-%02dT%02d:%02d:%02dZ", t->y, t->m, t->d, t->hh, t->mi, t->ss);
		break;
	}
}

static const char *const college_labels[GEN_COLLEGES] = {
	"Direction", "Salarié permanent", "Salarié·e en insertion", "Bénévole", "Administrateur",
	"Consensus",
};

static const char *const statut_labels[] = {"À engager", "En cours", "Réalisée", "Abandonnée"};
static const char *const priorite_words[] = {"haute", "moyenne", "basse"};
static const char *const nc_spellings[] = {"NC", "N/C", "non concerné", "nc"};
static const char *const note_text[] = {"", "1", "2", "3", "4"};
/* The consensus row's pseudonym, by pseudonym style. */
static const char *const consensus_pseudonyms[] = {"consensus", "CONSENSUS", "groupe", "synthese"};

static const char *const responsables[] = {
	"Direction", "Chargé·e d'insertion professionnelle", "Encadrant·e technique",
	"Conseil d'administration", "Responsable qualité", "Coordinatrice", "Comité de pilotage",
	"Bureau de l'association",
};

/* Column orders: logical column ids are written in the order of cols[]. */
static void shuffle(struct gen_rng *r, int *v, size_t n)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = gen_rng_below(r, (uint32_t)i);
		int t = v[i - 1];
		v[i - 1] = v[j];
		v[j] = t;
	}
}

static void order_columns(const struct gen_style *st, int *cols, size_t nfixed, size_t n)
{
	struct gen_rng r;

	gen_rng_init(&r, st->order_seed, 0);
	if (st->order == 1 || st->order == 2)
		shuffle(&r, cols, nfixed);
	if (st->order == 2)
		for (size_t i = nfixed, j = n - 1; i < j; i++, j--) {
			int t = cols[i];
			cols[i] = cols[j];
			cols[j] = t;
		}
	if (st->order == 3)
		shuffle(&r, cols, n);
}

/* ---- Réponses ---- */

enum { R_SIRET, R_RAISON, R_REGION, R_TYPE, R_CAMPAGNE, R_DATE, R_HORODATAGE, R_REPONDANT,
       R_COLLEGE, R_FIXED };

_Static_assert(R_FIXED == R_FIXED_COUNT, "R_FIXED_COUNT counts the identity columns");

static const char *const reponses_names[R_FIXED] = {
	"siret", "raison_sociale", "region", "type_structure", "campagne", "date_evaluation",
	"horodatage_export", "repondant", "college",
};
static const char *const reponses_labels[R_FIXED] = {
	"SIRET", "Raison sociale", "Région", "Type structure", "Campagne", "Date évaluation",
	"Horodatage export", "Répondant", "Collège",
};

/* An indicator code the grid does not have, close to a real one. */
static void unknown_code(const ref_set *ref, const char *like, char *out, size_t size)
{
	snprintf(out, size, "%.*sz", (int)(strlen(like) > 0 ? strlen(like) - 1 : 0), like);
	if (ref_find(ref, out))
		snprintf(out, size, "9.9.9.z");
}

/* One answers file being written: its columns, identity fields, respondents
 * and the defect drawn for it. */
struct reponses_file {
	const gen_model *m;
	const struct gen_enterprise *e;
	const struct gen_evaluation *ev;
	const struct gen_style *st;
	size_t nind, ncols;
	int *cols;
	const char *fixed[R_FIXED];
	char siret[32], other[15], campagne[16], date[48], ts[64];
	char pseudo[GEN_MAX_ROWS][24], extra_code[32];
	enum gen_college college[GEN_MAX_ROWS];
	int extra_k;                 /* the repeated indicator, or -1 */
	size_t def_row, def_row2, def_k;
};

/* Columns, respondents' pseudonyms and the identity fields, before any defect. */
static void reponses_prepare(struct reponses_file *r)
{
	const struct gen_style *st = r->st;
	const struct gen_enterprise *e = r->e;
	const struct gen_evaluation *ev = r->ev;

	for (int i = 0; i < R_FIXED; i++)
		r->cols[r->ncols++] = i;
	for (size_t k = 0; k < r->nind; k++)
		if (ev->column[k])
			r->cols[r->ncols++] = R_FIXED + (int)k;

	memcpy(r->college, ev->college, sizeof(r->college));
	for (size_t row = 0; row < ev->nrows; row++) {
		if (r->college[row] == GEN_CONSENSUS)
			snprintf(r->pseudo[row], sizeof(r->pseudo[row]), "%s",
				 consensus_pseudonyms[st->pseudo % 4]);
		else
			gen_ident_pseudonym(st->pseudo, st->pseudo_salt, (unsigned)row, r->pseudo[row],
				      sizeof(r->pseudo[row]));
	}
	format_siret(e->siret, st->siret_spaces, r->siret, sizeof(r->siret));
	snprintf(r->campagne, sizeof(r->campagne), "%d", ev->campagne);
	format_date(&ev->date_evaluation, st->date, r->date, sizeof(r->date));
	format_ts(&ev->horodatage, st->ts, r->ts, sizeof(r->ts));
	r->fixed[R_SIRET] = r->siret;
	r->fixed[R_RAISON] = e->raison_sociale;
	r->fixed[R_REGION] = st->region_name ? e->region->libelle : e->region->code;
	r->fixed[R_TYPE] = e->type->code;
	r->fixed[R_CAMPAGNE] = r->campagne;
	r->fixed[R_DATE] = r->date;
	r->fixed[R_HORODATAGE] = r->ts;
}

/* Two consensus rows: the first consensus row (or row 0) and def_row2. */
static void reponses_two_consensus(struct reponses_file *r)
{
	size_t first = GEN_MAX_ROWS;

	for (size_t row = 0; row < r->ev->nrows; row++)
		if (r->college[row] == GEN_CONSENSUS && first == GEN_MAX_ROWS)
			first = row;
	if (first == GEN_MAX_ROWS)
		r->college[first = 0] = GEN_CONSENSUS;
	r->college[first == r->def_row2 ? 0 : r->def_row2] = GEN_CONSENSUS;
}

/* The defect, decided before anything is written; its description in detail. */
static void reponses_defect(struct reponses_file *r, enum gen_defect def, struct gen_rng *dr,
			    char *detail, size_t dsize)
{
	const gen_model *m = r->m;
	const char *siret = r->e->siret;
	char bad[15];

	r->def_row = gen_rng_below(dr, (uint32_t)r->ev->nrows);
	r->def_row2 = 1 + gen_rng_below(dr, (uint32_t)(r->ev->nrows - 1));
	r->def_k = (size_t)(r->cols[R_FIXED + gen_rng_below(dr, (uint32_t)(r->ncols - R_FIXED))] -
			    R_FIXED);
	switch (def) {
	case GEN_DEF_NOTE_HORS_ECHELLE:
		snprintf(detail, dsize, "répondant « %s », indicateur %s : note 5",
			 r->pseudo[r->def_row], gen_model_indicator(m, r->def_k)->code);
		break;
	case GEN_DEF_INDICATEUR_INCONNU:
		unknown_code(gen_model_ref(m), gen_model_indicator(m, r->def_k)->code, r->extra_code,
			     sizeof(r->extra_code));
		r->cols[r->ncols++] = -1;
		snprintf(detail, dsize, "colonne « %s » absente du référentiel", r->extra_code);
		break;
	case GEN_DEF_INDICATEUR_REPETE:
		r->extra_k = (int)r->def_k;
		r->cols[r->ncols++] = -2;
		snprintf(detail, dsize, "colonne « %s » en double",
			 gen_model_indicator(m, r->def_k)->code);
		break;
	case GEN_DEF_SIRET_INVALIDE:
		break_siret(siret, bad);
		format_siret(bad, r->st->siret_spaces, r->siret, sizeof(r->siret));
		snprintf(detail, dsize, "siret %s : clé de contrôle fausse", bad);
		break;
	case GEN_DEF_REGION_INCONNUE:
		r->fixed[R_REGION] = r->st->region_name ? "Atlantide" : "99";
		snprintf(detail, dsize, "région « %s »", r->fixed[R_REGION]);
		break;
	case GEN_DEF_FICHIER_TRONQUE:
		snprintf(detail, dsize, "coupé au milieu de la dernière ligne");
		break;
	case GEN_DEF_REPONDANT_DUPLIQUE: {
		size_t d = r->def_row2;
		memcpy(r->pseudo[d], r->pseudo[d - 1], sizeof(r->pseudo[d]));
		if (r->college[d] == GEN_CONSENSUS || r->college[d - 1] == GEN_CONSENSUS)
			r->college[d] = r->college[d - 1] = GEN_SALARIE_PERMANENT;
		snprintf(detail, dsize, "répondant « %s » en double", r->pseudo[d]);
		break;
	}
	case GEN_DEF_DEUX_CONSENSUS:
		reponses_two_consensus(r);
		snprintf(detail, dsize, "deux lignes au collège consensus");
		break;
	case GEN_DEF_SIRET_DIFFERENT:
		gen_ident_siret_other_establishment(siret, 9000u + gen_rng_below(dr, 999), r->other);
		snprintf(detail, dsize, "répondant « %s » : siret %s au lieu de %s",
			 r->pseudo[r->def_row2], r->other, siret);
		break;
	default:
		break;
	}
}

static void reponses_header(const struct reponses_file *r, csv_writer *w)
{
	for (size_t c = 0; c < r->ncols; c++) {
		int id = r->cols[c];
		if (id == -1)
			csvw_field(w, r->extra_code);
		else if (id == -2)
			csvw_field(w, gen_model_indicator(r->m, (size_t)r->extra_k)->code);
		else if (id < R_FIXED)
			csvw_field(w, r->st->labels ? reponses_labels[id] : reponses_names[id]);
		else
			csvw_field(w, gen_model_indicator(r->m, (size_t)(id - R_FIXED))->code);
	}
	csvw_end_row(w);
}

/* The field of column c (identifier id) of one respondent's row. */
static void reponses_field(const struct reponses_file *r, csv_writer *w, enum gen_defect def,
			   size_t row, size_t c, const char *row_siret)
{
	const unsigned char *notes = r->ev->notes + row * r->nind;
	const char *nc = nc_spellings[r->st->nc];
	int id = r->cols[c];
	unsigned char n;

	if (id == -1 || id == -2) {
		n = id == -2 ? notes[r->extra_k] : (unsigned char)(1 + (row * 7 + c) % 4);
		csvw_field(w, n == GEN_NC ? nc : note_text[n]);
		return;
	}
	switch (id) {
	case R_SIRET:
		csvw_field(w, row_siret);
		break;
	case R_REPONDANT:
		csvw_field(w, r->pseudo[row]);
		break;
	case R_COLLEGE:
		csvw_field(w, r->st->value_labels ? college_labels[r->college[row]]
						  : gen_model_college_code(r->college[row]));
		break;
	default:
		if (id < R_FIXED) {
			csvw_field(w, r->fixed[id]);
			break;
		}
		if (def == GEN_DEF_NOTE_HORS_ECHELLE && row == r->def_row &&
		    (size_t)(id - R_FIXED) == r->def_k) {
			csvw_field(w, "5");
			break;
		}
		n = notes[id - R_FIXED];
		csvw_field(w, n == GEN_NC ? nc : note_text[n]);
		break;
	}
}

int gen_files_write_reponses(gen_files *f, const char *path, const struct gen_enterprise *e,
		       const struct gen_evaluation *ev, const struct gen_style *st,
		       enum gen_defect def, struct gen_rng *dr, char *detail, size_t dsize,
		       uint64_t *cells)
{
	struct reponses_file r = {
		.m = f->m, .e = e, .ev = ev, .st = st, .cols = f->cols, .extra_k = -1,
		.nind = gen_model_indicators(f->m),
	};
	csv_writer *w = f->w;
	int ret;

	detail[0] = '\0';
	reponses_prepare(&r);
	reponses_defect(&r, def, dr, detail, dsize);
	order_columns(st, r.cols, R_FIXED, r.ncols);
	ret = csvw_begin(w, path, &st->csv);
	if (ret != LECAP_OK)
		return ret;
	reponses_header(&r, w);
	for (size_t row = 0; row < ev->nrows; row++) {
		const char *row_siret = r.siret;
		char spaced[32];

		if (def == GEN_DEF_SIRET_DIFFERENT && row == r.def_row2) {
			format_siret(r.other, st->siret_spaces, spaced, sizeof(spaced));
			row_siret = spaced;
		}
		for (size_t c = 0; c < r.ncols; c++)
			reponses_field(&r, w, def, row, c, row_siret);
		csvw_end_row(w);
		*cells += r.ncols - R_FIXED;
	}
	if (def == GEN_DEF_FICHIER_TRONQUE)
		csvw_cut_last_row(w, 0.2 + 0.6 * gen_rng_unit(dr));
	return csvw_end(w);
}

/* ---- Plan de progrès ---- */

enum { P_SIRET, P_CAMPAGNE, P_HORODATAGE, P_OBJECTIF, P_ACTION, P_PRIORITE, P_RESPONSABLE,
       P_ECHEANCE, P_STATUT, P_OFFRES, P_COLUMNS };

static const char *const plan_names[P_COLUMNS] = {
	"siret", "campagne", "horodatage_export", "objectif", "action", "priorite", "responsable",
	"echeance", "statut", "offres",
};
static const char *const plan_labels[P_COLUMNS] = {
	"SIRET", "Campagne", "Horodatage export", "Objectif", "Action", "Priorité", "Responsable",
	"Échéance", "Statut", "Offres",
};

static void action_text(const struct gen_action *a, const struct ref_element *obj, char *out,
			size_t size)
{
	switch (a->wording % 8) {
	case 0:
		snprintf(out, size, "Mettre en œuvre : %s", obj->libelle);
		break;
	case 1:
		snprintf(out, size, "Formaliser une démarche pour « %s »", obj->libelle);
		break;
	case 2: /* separators inside the field */
		snprintf(out, size, "Étape 1 : diagnostic partagé ; étape 2 : plan d'actions, suivi (%s)",
			 obj->code);
		break;
	case 3:
		snprintf(out, size, "Groupe de travail \"%s\"", obj->libelle);
		break;
	case 4: /* a line break typed in the tool */
		snprintf(out, size, "Former l'équipe\net suivre l'objectif %s", obj->code);
		break;
	case 5:
		snprintf(out, size, "S'appuyer sur la fédération pour progresser sur l'objectif %s",
			 obj->code);
		break;
	case 6:
		snprintf(out, size, "Réunion trimestrielle de suivi – %s", obj->libelle);
		break;
	default:
		snprintf(out, size, "Définir des indicateurs et un calendrier pour : %s", obj->libelle);
		break;
	}
}

/* The plan's defect (the action it strikes drawn by the caller), described in detail. */
static void plan_defect(const struct gen_enterprise *e, const struct gen_style *st,
			enum gen_defect def, size_t def_action, char *siret, size_t ssize,
			char *detail, size_t dsize)
{
	char bad[15];

	switch (def) {
	case GEN_DEF_SIRET_INVALIDE:
		break_siret(e->siret, bad);
		format_siret(bad, st->siret_spaces, siret, ssize);
		snprintf(detail, dsize, "siret %s : clé de contrôle fausse", bad);
		break;
	case GEN_DEF_OBJECTIF_INCONNU:
		snprintf(detail, dsize, "action %zu : objectif inconnu", def_action + 1);
		break;
	case GEN_DEF_STATUT_INCONNU:
		snprintf(detail, dsize, "action %zu : statut « suspendue »", def_action + 1);
		break;
	case GEN_DEF_FICHIER_TRONQUE:
		snprintf(detail, dsize, "coupé au milieu de la dernière ligne");
		break;
	default:
		break;
	}
}

/* One action's fields, as written. */
struct plan_action {
	const struct gen_action *a;
	char text[600], echeance[48], prio[16], offres[200], objectif[40];
	const char *statut;
};

static void plan_action_fill(struct plan_action *pa, const gen_model *m,
			     const struct gen_evaluation *ev, const struct gen_style *st,
			     bool unknown_objective)
{
	const struct gen_action *a = pa->a;
	const struct ref_element *obj = gen_model_objective(m, a->objectif);
	size_t len = 0;

	snprintf(pa->objectif, sizeof(pa->objectif), "%s", obj->code);
	if (unknown_objective) {
		snprintf(pa->objectif, sizeof(pa->objectif), "%s.9", obj->parent ? obj->parent : "9.9");
		if (ref_find(gen_model_ref(m), pa->objectif))
			snprintf(pa->objectif, sizeof(pa->objectif), "9.9.9");
	}
	action_text(a, obj, pa->text, sizeof(pa->text));
	snprintf(pa->prio, sizeof(pa->prio), "%d", a->priorite);
	if (a->echeance_month) {
		struct gen_datetime t = {ev->campagne + 1, a->echeance_month, 28, 0, 0, 0};
		if (a->echeance_month % 3 == 0)
			t.d = 30 - (a->echeance_month == 12);
		format_date(&t, st->date, pa->echeance, sizeof(pa->echeance));
	} else {
		pa->echeance[0] = '\0';
	}
	pa->offres[0] = '\0';
	for (size_t j = 0; j < obj->noffres && j < 16; j++) {
		if (!(a->offres & (1u << j)))
			continue;
		len += (size_t)snprintf(pa->offres + len, sizeof(pa->offres) - len, "%s%s",
					len ? "|" : "", obj->offres[j]);
		if (len >= sizeof(pa->offres))
			break;
	}
	pa->statut = st->value_labels ? statut_labels[a->statut] : gen_model_statut_code(a->statut);
}

static const char *plan_field(const struct plan_action *pa, int col, const struct gen_style *st,
			      const char *siret, const char *campagne, const char *ts)
{
	switch (col) {
	case P_SIRET:
		return siret;
	case P_CAMPAGNE:
		return campagne;
	case P_HORODATAGE:
		return ts;
	case P_OBJECTIF:
		return pa->objectif;
	case P_ACTION:
		return pa->text;
	case P_PRIORITE:
		return st->value_labels ? priorite_words[pa->a->priorite - 1] : pa->prio;
	case P_RESPONSABLE:
		return responsables[pa->a->responsable % COUNT(responsables)];
	case P_ECHEANCE:
		return pa->echeance;
	case P_STATUT:
		return pa->statut;
	default:
		return pa->offres;
	}
}

int gen_files_write_plan(gen_files *f, const char *path, const struct gen_enterprise *e,
		   const struct gen_evaluation *ev, const struct gen_style *st,
		   enum gen_defect def, struct gen_rng *dr, char *detail, size_t dsize)
{
	int cols[P_COLUMNS];
	char siret[32], campagne[16], ts[64];
	size_t def_action = gen_rng_below(dr, (uint32_t)(e->nactions ? e->nactions : 1));
	struct plan_action pa;
	csv_writer *w = f->w;
	int ret;

	detail[0] = '\0';
	for (int i = 0; i < P_COLUMNS; i++)
		cols[i] = i;
	/* Plans are short: order 2 (indicators reversed) means no change. */
	if (st->order != 2)
		order_columns(st, cols, P_COLUMNS, P_COLUMNS);
	format_siret(e->siret, st->siret_spaces, siret, sizeof(siret));
	snprintf(campagne, sizeof(campagne), "%d", ev->campagne);
	format_ts(&ev->horodatage, st->ts, ts, sizeof(ts));
	plan_defect(e, st, def, def_action, siret, sizeof(siret), detail, dsize);

	ret = csvw_begin(w, path, &st->csv);
	if (ret != LECAP_OK)
		return ret;
	for (int c = 0; c < P_COLUMNS; c++)
		csvw_field(w, st->labels ? plan_labels[cols[c]] : plan_names[cols[c]]);
	csvw_end_row(w);
	for (size_t i = 0; i < e->nactions; i++) {
		bool struck = i == def_action;

		pa.a = &e->actions[i];
		plan_action_fill(&pa, f->m, ev, st, def == GEN_DEF_OBJECTIF_INCONNU && struck);
		if (def == GEN_DEF_OBJECTIF_INCONNU && struck)
			snprintf(detail, dsize, "action %zu : objectif « %s » inconnu", i + 1,
				 pa.objectif);
		if (def == GEN_DEF_STATUT_INCONNU && struck)
			pa.statut = "suspendue";
		for (int c = 0; c < P_COLUMNS; c++)
			csvw_field(w, plan_field(&pa, cols[c], st, siret, campagne, ts));
		csvw_end_row(w);
	}
	if (def == GEN_DEF_FICHIER_TRONQUE)
		csvw_cut_last_row(w, 0.2 + 0.6 * gen_rng_unit(dr));
	return csvw_end(w);
}

/* ---- adherents.csv ---- */

int gen_files_adherents_open(const char *path, csv_writer **out)
{
	static const struct csvw_style style = {CSVW_UTF8, ';', false, false};
	static const char *const names[] = {"siret", "raison_sociale", "region", "type_structure",
					    "date_adhesion"};
	int ret = csvw_open(path, &style, out);

	if (ret != LECAP_OK)
		return ret;
	for (size_t i = 0; i < COUNT(names); i++)
		csvw_field(*out, names[i]);
	csvw_end_row(*out);
	return LECAP_OK;
}

void gen_files_adherents_row(csv_writer *w, const struct gen_enterprise *e)
{
	char date[48];

	format_date(&e->adhesion, 0, date, sizeof(date));
	csvw_field(w, e->siret);
	csvw_field(w, e->raison_sociale);
	csvw_field(w, e->region->code);
	csvw_field(w, e->type->code);
	csvw_field(w, date);
	csvw_end_row(w);
}
