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

void gen_style_draw(struct gen_rng *r, struct gen_style *s)
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

const char *gen_defect_name(enum gen_defect d)
{
	return defect_names[d];
}

enum gen_defect gen_defect_draw(struct gen_rng *r, bool plan)
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

int gen_write_reponses(gen_files *f, const char *path, const struct gen_enterprise *e,
		       const struct gen_evaluation *ev, const struct gen_style *st,
		       enum gen_defect def, struct gen_rng *dr, char *detail, size_t dsize,
		       uint64_t *cells)
{
	const gen_model *m = f->m;
	size_t nind = gen_model_indicators(m), ncols = 0, nfixed = R_FIXED;
	const char *fixed[R_FIXED];
	char siret[32], other[15], bad[15], campagne[16], date[48], ts[64];
	char pseudo[GEN_MAX_ROWS][24], extra_code[32];
	const char *nc = nc_spellings[st->nc];
	csv_writer *w = f->w;
	int *cols = f->cols;
	int extra_k = -1;            /* the repeated indicator, or -1 */
	size_t def_row = 0, def_row2 = 0, def_k = 0;
	enum gen_college college[GEN_MAX_ROWS];
	int ret;

	detail[0] = '\0';
	for (int i = 0; i < R_FIXED; i++)
		cols[ncols++] = i;
	for (size_t k = 0; k < nind; k++)
		if (ev->column[k])
			cols[ncols++] = R_FIXED + (int)k;

	memcpy(college, ev->college, sizeof(college));
	for (size_t row = 0; row < ev->nrows; row++) {
		if (college[row] == GEN_CONSENSUS)
			snprintf(pseudo[row], sizeof(pseudo[row]), "%s", consensus_pseudonyms[st->pseudo % 4]);
		else
			gen_pseudonym(st->pseudo, st->pseudo_salt, (unsigned)row, pseudo[row],
				      sizeof(pseudo[row]));
	}
	format_siret(e->siret, st->siret_spaces, siret, sizeof(siret));
	snprintf(campagne, sizeof(campagne), "%d", ev->campagne);
	format_date(&ev->date_evaluation, st->date, date, sizeof(date));
	format_ts(&ev->horodatage, st->ts, ts, sizeof(ts));
	fixed[R_SIRET] = siret;
	fixed[R_RAISON] = e->raison_sociale;
	fixed[R_REGION] = st->region_name ? e->region->libelle : e->region->code;
	fixed[R_TYPE] = e->type->code;
	fixed[R_CAMPAGNE] = campagne;
	fixed[R_DATE] = date;
	fixed[R_HORODATAGE] = ts;

	/* The defect, decided before anything is written. */
	def_row = gen_rng_below(dr, (uint32_t)ev->nrows);
	def_row2 = 1 + gen_rng_below(dr, (uint32_t)(ev->nrows - 1));
	def_k = (size_t)(cols[R_FIXED + gen_rng_below(dr, (uint32_t)(ncols - R_FIXED))] - R_FIXED);
	switch (def) {
	case GEN_DEF_NOTE_HORS_ECHELLE:
		snprintf(detail, dsize, "répondant « %s », indicateur %s : note 5", pseudo[def_row],
			 gen_model_indicator(m, def_k)->code);
		break;
	case GEN_DEF_INDICATEUR_INCONNU:
		unknown_code(gen_model_ref(m), gen_model_indicator(m, def_k)->code, extra_code,
			     sizeof(extra_code));
		cols[ncols++] = -1;
		snprintf(detail, dsize, "colonne « %s » absente du référentiel", extra_code);
		break;
	case GEN_DEF_INDICATEUR_REPETE:
		extra_k = (int)def_k;
		cols[ncols++] = -2;
		snprintf(detail, dsize, "colonne « %s » en double", gen_model_indicator(m, def_k)->code);
		break;
	case GEN_DEF_SIRET_INVALIDE:
		break_siret(e->siret, bad);
		format_siret(bad, st->siret_spaces, siret, sizeof(siret));
		snprintf(detail, dsize, "siret %s : clé de contrôle fausse", bad);
		break;
	case GEN_DEF_REGION_INCONNUE:
		fixed[R_REGION] = st->region_name ? "Atlantide" : "99";
		snprintf(detail, dsize, "région « %s »", fixed[R_REGION]);
		break;
	case GEN_DEF_FICHIER_TRONQUE:
		snprintf(detail, dsize, "coupé au milieu de la dernière ligne");
		break;
	case GEN_DEF_REPONDANT_DUPLIQUE:
		memcpy(pseudo[def_row2], pseudo[def_row2 - 1], sizeof(pseudo[def_row2]));
		if (college[def_row2] == GEN_CONSENSUS || college[def_row2 - 1] == GEN_CONSENSUS)
			college[def_row2] = college[def_row2 - 1] = GEN_SALARIE_PERMANENT;
		snprintf(detail, dsize, "répondant « %s » en double", pseudo[def_row2]);
		break;
	case GEN_DEF_DEUX_CONSENSUS: {
		size_t first = GEN_MAX_ROWS;
		for (size_t row = 0; row < ev->nrows; row++)
			if (college[row] == GEN_CONSENSUS && first == GEN_MAX_ROWS)
				first = row;
		if (first == GEN_MAX_ROWS)
			college[first = 0] = GEN_CONSENSUS;
		college[first == def_row2 ? 0 : def_row2] = GEN_CONSENSUS;
		snprintf(detail, dsize, "deux lignes au collège consensus");
		break;
	}
	case GEN_DEF_SIRET_DIFFERENT:
		gen_siret_other_establishment(e->siret, 9000u + gen_rng_below(dr, 999), other);
		snprintf(detail, dsize, "répondant « %s » : siret %s au lieu de %s", pseudo[def_row2],
			 other, e->siret);
		break;
	default:
		break;
	}

	order_columns(st, cols, nfixed, ncols);
	ret = csvw_begin(w, path, &st->csv);
	if (ret != LECAP_OK)
		return ret;
	for (size_t c = 0; c < ncols; c++) {
		int id = cols[c];
		if (id == -1)
			csvw_field(w, extra_code);
		else if (id == -2)
			csvw_field(w, gen_model_indicator(m, (size_t)extra_k)->code);
		else if (id < R_FIXED)
			csvw_field(w, st->labels ? reponses_labels[id] : reponses_names[id]);
		else
			csvw_field(w, gen_model_indicator(m, (size_t)(id - R_FIXED))->code);
	}
	csvw_end_row(w);
	for (size_t row = 0; row < ev->nrows; row++) {
		const unsigned char *notes = ev->notes + row * nind;
		const char *row_siret = siret;
		char spaced[32];

		if (def == GEN_DEF_SIRET_DIFFERENT && row == def_row2) {
			format_siret(other, st->siret_spaces, spaced, sizeof(spaced));
			row_siret = spaced;
		}
		for (size_t c = 0; c < ncols; c++) {
			int id = cols[c];
			unsigned char n;

			if (id == -1 || id == -2) {
				n = id == -2 ? notes[extra_k] : (unsigned char)(1 + (row * 7 + c) % 4);
				csvw_field(w, n == GEN_NC ? nc : note_text[n]);
				continue;
			}
			switch (id) {
			case R_SIRET:
				csvw_field(w, row_siret);
				break;
			case R_REPONDANT:
				csvw_field(w, pseudo[row]);
				break;
			case R_COLLEGE:
				csvw_field(w, st->value_labels ? college_labels[college[row]]
							       : gen_college_code(college[row]));
				break;
			default:
				if (id < R_FIXED) {
					csvw_field(w, fixed[id]);
					break;
				}
				if (def == GEN_DEF_NOTE_HORS_ECHELLE && row == def_row &&
				    (size_t)(id - R_FIXED) == def_k) {
					csvw_field(w, "5");
					break;
				}
				n = notes[id - R_FIXED];
				csvw_field(w, n == GEN_NC ? nc : note_text[n]);
				break;
			}
		}
		csvw_end_row(w);
		*cells += ncols - R_FIXED;
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

int gen_write_plan(gen_files *f, const char *path, const struct gen_enterprise *e,
		   const struct gen_evaluation *ev, const struct gen_style *st,
		   enum gen_defect def, struct gen_rng *dr, char *detail, size_t dsize)
{
	int cols[P_COLUMNS];
	char siret[32], bad[15], campagne[16], ts[64], text[600], echeance[48], prio[16],
		offres[200], objectif[40];
	size_t def_action = gen_rng_below(dr, (uint32_t)(e->nactions ? e->nactions : 1));
	const gen_model *m = f->m;
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
	switch (def) {
	case GEN_DEF_SIRET_INVALIDE:
		break_siret(e->siret, bad);
		format_siret(bad, st->siret_spaces, siret, sizeof(siret));
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

	ret = csvw_begin(w, path, &st->csv);
	if (ret != LECAP_OK)
		return ret;
	for (int c = 0; c < P_COLUMNS; c++)
		csvw_field(w, st->labels ? plan_labels[cols[c]] : plan_names[cols[c]]);
	csvw_end_row(w);
	for (size_t i = 0; i < e->nactions; i++) {
		const struct gen_action *a = &e->actions[i];
		const struct ref_element *obj = gen_model_objective(m, a->objectif);
		size_t len = 0;

		snprintf(objectif, sizeof(objectif), "%s", obj->code);
		if (def == GEN_DEF_OBJECTIF_INCONNU && i == def_action) {
			snprintf(objectif, sizeof(objectif), "%s.9", obj->parent ? obj->parent : "9.9");
			if (ref_find(gen_model_ref(m), objectif))
				snprintf(objectif, sizeof(objectif), "9.9.9");
			snprintf(detail, dsize, "action %zu : objectif « %s » inconnu", i + 1, objectif);
		}
		action_text(a, obj, text, sizeof(text));
		snprintf(prio, sizeof(prio), "%d", a->priorite);
		if (a->echeance_month) {
			struct gen_datetime t = {ev->campagne + 1, a->echeance_month, 28, 0, 0, 0};
			if (a->echeance_month % 3 == 0)
				t.d = 30 - (a->echeance_month == 12);
			format_date(&t, st->date, echeance, sizeof(echeance));
		} else {
			echeance[0] = '\0';
		}
		offres[0] = '\0';
		for (size_t j = 0; j < obj->noffres && j < 16; j++) {
			if (!(a->offres & (1u << j)))
				continue;
			len += (size_t)snprintf(offres + len, sizeof(offres) - len, "%s%s",
						len ? "|" : "", obj->offres[j]);
			if (len >= sizeof(offres))
				break;
		}
		for (int c = 0; c < P_COLUMNS; c++) {
			switch (cols[c]) {
			case P_SIRET:
				csvw_field(w, siret);
				break;
			case P_CAMPAGNE:
				csvw_field(w, campagne);
				break;
			case P_HORODATAGE:
				csvw_field(w, ts);
				break;
			case P_OBJECTIF:
				csvw_field(w, objectif);
				break;
			case P_ACTION:
				csvw_field(w, text);
				break;
			case P_PRIORITE:
				csvw_field(w, st->value_labels ? priorite_words[a->priorite - 1] : prio);
				break;
			case P_RESPONSABLE:
				csvw_field(w, responsables[a->responsable % COUNT(responsables)]);
				break;
			case P_ECHEANCE:
				csvw_field(w, echeance);
				break;
			case P_STATUT:
				if (def == GEN_DEF_STATUT_INCONNU && i == def_action)
					csvw_field(w, "suspendue");
				else
					csvw_field(w, st->value_labels ? statut_labels[a->statut]
								       : gen_statut_code(a->statut));
				break;
			default:
				csvw_field(w, offres);
				break;
			}
		}
		csvw_end_row(w);
	}
	if (def == GEN_DEF_FICHIER_TRONQUE)
		csvw_cut_last_row(w, 0.2 + 0.6 * gen_rng_unit(dr));
	return csvw_end(w);
}

/* ---- adherents.csv ---- */

int gen_adherents_open(const char *path, csv_writer **out)
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

void gen_adherents_row(csv_writer *w, const struct gen_enterprise *e)
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
