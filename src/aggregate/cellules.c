/*
 * The cells of the new evaluations' answers; see cellules.h. The answers
 * are read through a cursor, FETCH by FETCH, in evaluation order: one
 * evaluation's sums are held at a time (a few hundred counters). The rows
 * that a batch of respondents gives go to their tables by COPY while a
 * thread computes the next batch's into a second set of buffers (a COPY
 * cannot run while another is reading; a cursor can wait between two
 * FETCH): lecap's computing and PostgreSQL's writing overlap, in the same
 * order of rows as one after the other; memory stays flat whatever the
 * campaign's size: two batches' rows at most. The connection's thread also
 * counts the batch before's scores into the distribution while PostgreSQL
 * fetches the next batch (a third of the computing, which bounded the
 * reading of a campaign alone; docs/performance.md). When campaigns are
 * computed side by side (--all), their connections already keep the cores
 * busy: the batches are then computed here and the rows copied whenever
 * 256 KiB of a table are ready (a second set for each of three campaigns
 * took the peak memory of a first night past 32 MiB; docs/performance.md).
 */
#include "aggregate/cellules.h"
#include "aggregate/demande.h"
#include "aggregate/empreinte.h"
#include "aggregate/repartition.h"
#include "aggregate/scores.h"
#include "aggregate/somme_college.h"

#include "base/decimal.h"
#include "base/log.h"
#include "base/quotient.h"
#include "base/strbuf.h"
#include "referentiel/college.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* rows per FETCH: the number in CELLULES_FETCH_SQL (a batch's rows, about
 * 600 KiB at 2,000 members, copied at once) */
#define CELLULES_FETCH 1000
#define CELLULES_FETCH_SQL "FETCH 1000 FROM cellules_reponses"
#define CELLULES_FLUSH ((size_t)256 << 10) /* bytes of a table's rows copied at once, batches not overlapped */
#define CELLULES_COLLEGES 8 /* the five colleges, the consensus, room to spare */

/* The notes of one cell group: the individual notes (count, sum, extremes;
 * NC not counted) and the consensus row's. */
struct acc {
	bool any;      /* a cell answered, a note or NC */
	bool cons;     /* the consensus row answered */
	int cons_note; /* its note, 0 when NC */
	int n, sum, max, min;
};

/* An indicator of a grid version, at position index + 1 of the notes. */
struct pos {
	long ind; /* t_elem.id */
	int st, obj; /* its sub-theme's and objective's indexes in the version */
};

struct version {
	char *name;
	struct pos *pos;
	size_t npos;
	char **st, **obj, **theme; /* the codes (NULL: none in the grid) */
	size_t nst, nobj, ntheme;
	int *st_theme; /* each sub-theme's theme, an index in theme */
	/* the four levels' weights, numbers and parents, for the scores:
	 * indicators in the order of pos, then obj, st and theme's order */
	struct scores_element *el[4];
	struct scores_grid grid;
	long n_ind; /* its indicators in t_elem, positioned or not: the completeness's denominator */
};

/* The tables written, each through its buffer of COPY rows; first, the
 * evaluations whose stored rows go before the new ones are copied
 * (cellules_replace). */
enum cellules_table {
	CELLULES_REMPLACEES, /* not a table: ",id" for each evaluation */
	CELLULES_A_REPARTIR, /* not a table: what the distribution counts (cellules_distribute) */
	CELLULES_T_SCORE,
	CELLULES_SCORE_COLLEGE,
	CELLULES_DIVERGENCE_COLLEGES,
	CELLULES_DIVERGENCE,
	CELLULES_CONSENSUS,
	CELLULES_T_EMPREINTE,
	CELLULES_T_GC, /* the distribution's aggregates: written once, after the last evaluation */
	CELLULES_T_RC,
	CELLULES_T_DEMANDE, /* the demand for offers: likewise */
	CELLULES_T_SOMME_COLLEGE, /* the colleges' sums: likewise */
	CELLULES_TABLES
};

static const char *const cellules_copy_sql[CELLULES_TABLES] = {
	[CELLULES_REMPLACEES] = NULL,
	[CELLULES_A_REPARTIR] = NULL,
	[CELLULES_T_SCORE] = "COPY t_score (evaluation_id, niveau, code, score, atteint, n_objectifs, n_atteints,"
			     " cid) FROM STDIN",
	[CELLULES_SCORE_COLLEGE] = "COPY lecap.score_college (campagne, evaluation_id, region, college, niveau, code,"
				   " score, n_repondants) FROM STDIN",
	[CELLULES_DIVERGENCE_COLLEGES] = "COPY lecap.divergence_colleges (campagne, evaluation_id, region, niveau,"
					 " code, divergence, college_haut, score_haut, college_bas, score_bas) FROM STDIN",
	[CELLULES_DIVERGENCE] = "COPY lecap.divergence (campagne, evaluation_id, region, sous_theme, ecart_moyen,"
				" n_indicateurs, point_de_debat) FROM STDIN",
	[CELLULES_CONSENSUS] = "COPY lecap.consensus_evaluation (campagne, evaluation_id, region, sous_theme,"
			       " n_indicateurs, consensus, moyenne_individuelle) FROM STDIN",
	[CELLULES_T_EMPREINTE] = "COPY t_empreinte (evaluation_id, lignes, somme, lignes_autres, somme_autres, garde,"
				 " indicateurs, scores) FROM STDIN",
	[CELLULES_T_GC] = "COPY t_gc (rid, tid, cid, n, moyenne, mediane, q1, q3, minimum, maximum, part) FROM STDIN",
	[CELLULES_T_RC] = "COPY t_rc (tid, cid, score, echelle, n, n_atteints, n_objectifs) FROM STDIN",
	[CELLULES_T_DEMANDE] = "COPY t_demande (region, offre, n_ent, n_obj) FROM STDIN",
	[CELLULES_T_SOMME_COLLEGE] = "COPY t_somme_college (region, college, niveau, code, echelle, n, n_repondants,"
				     " somme) FROM STDIN",
};

/* The tables whose rows an evaluation's digest covers (cellules_digest):
 * somme, which the photographies read, then somme_autres. */
static const enum cellules_table cellules_digested[] = {
	CELLULES_T_SCORE,
	CELLULES_SCORE_COLLEGE,
	CELLULES_DIVERGENCE,
};
static const enum cellules_table cellules_digested_autres[] = {
	CELLULES_DIVERGENCE_COLLEGES,
	CELLULES_CONSENSUS,
};

/* The tables of lecap whose rows of an evaluation are kept in place when
 * they are those computed (cellules_digest), deleted before the new ones
 * otherwise (cellules_replace; agreger does it for lecap.score): those of
 * sql/fonctions/lignes_propres_effacer.sql. */
static const enum cellules_table cellules_kept[] = {
	CELLULES_SCORE_COLLEGE,
	CELLULES_DIVERGENCE_COLLEGES,
	CELLULES_DIVERGENCE,
	CELLULES_CONSENSUS,
};

/* Per sub-theme, over its indicators: the ranges of the individual notes
 * (indicators with two notes or more), and the consensus notes with the
 * individual notes (indicators with both). */
struct sums {
	long n_ecart, ecart;
	long n_cons, cons, n_notes, notes;
};

struct cellules {
	pg_conn *conn;
	bool overlap; /* batches computed while the connection copies (cellules_calculer) */
	char campagne[16];
	/* What an error says was attempted: the campaign's computation, as
	 * src/aggregate/aggregate.c says it for lecap.agreger (the operator's
	 * message does not depend on which part failed). */
	char purpose[64];
	struct version *v;
	size_t nv, max_pos, max_st, max_obj, max_theme;
	/* the evaluation being read */
	char id[24];
	char *region;
	const struct version *cur; /* NULL: no grid for its version (no cells) */
	char *college[CELLULES_COLLEGES];
	int rank[CELLULES_COLLEGES]; /* its place in college_codes, COLLEGE_CONSENSUS for the consensus */
	int respondents[CELLULES_COLLEGES];
	size_t ncol;
	struct acc *ind, *st, *obj; /* max_pos; colleges × max_st; colleges × max_obj */
	struct acc *theme; /* colleges × max_theme: a college's notes summed over a theme's sub-themes */
	struct sums *sums; /* max_st */
	struct scores_cell *cells; /* max_pos: the indicators' scores */
	struct scores_sum *score_sums; /* the levels above's, max_obj + max_st + max_theme */
	struct strbuf sets[2][CELLULES_TABLES]; /* a batch's rows being computed, the batch before's being copied */
	struct strbuf *out; /* the set the rows computed go to */
	long rows;
	/* The distribution of the complete evaluations' scores (repartition.h),
	 * when every evaluation of the campaign is new; NULL otherwise, or once
	 * a score without element number was met (agreger then counts it in
	 * SQL). */
	struct repartition *rep;
	struct demande *dem; /* the demand for offers (demande.h): with rep, or NULL */
	struct somme_college *sc; /* the colleges' sums (somme_college.h): likewise */
	/* Whether the evaluations' scores and colleges' scores go to the
	 * distribution (rep there when the read began), and whether the
	 * evaluation read does (complete): they go as records to the set's
	 * CELLULES_A_REPARTIR, which the connection's thread counts into rep,
	 * dem and sc while the next batch is computed (cellules_distribute):
	 * those three are its own. */
	bool distributing, counted;
	struct decimal completude; /* lecap.agreger's p_completude_min */
	int rid, tid;              /* the evaluation read's t_eval keys */
	/* Its rows as stored (t_stocke, recomputations from scratch only):
	 * their counts and digests as text; stored false: none to keep. */
	bool stored;
	char stored_rows[2][16], stored_sum[2][32];
	/* Its t_score rows: of indicators (answered: the completeness's
	 * numerator), and with a score (not NC); t_empreinte has them for
	 * agreger, which no longer counts them in t_score. */
	long n_ind, n_scores;
};

/* The index of code in *codes (added when new; NULL matches NULL), -1 when
 * out of memory. */
static int cellules_code(char ***codes, size_t *n, const char *code)
{
	char **grown;

	for (size_t i = 0; i < *n; i++)
		if ((*codes)[i] == code || ((*codes)[i] && code && strcmp((*codes)[i], code) == 0))
			return (int)i;
	if (!(grown = realloc(*codes, (*n + 1) * sizeof **codes)))
		return -1;
	*codes = grown;
	if (code && !(grown[*n] = strdup(code)))
		return -1;
	if (!code)
		grown[*n] = NULL;
	return (int)(*n)++;
}

/* The poids of an element of t_elem (column col of row, its code in column
 * code), into *poids. */
static int cellules_poids(const pg_result *r, int row, int col, int code, struct decimal *poids)
{
	if (decimal_parse(pg_value(r, row, col), poids) != 0)
		return log_fail(LECAP_DB, "cellules : poids « %s » de l'élément %s illisible", pg_value(r, row, col),
				pg_value(r, row, code));
	return LECAP_OK;
}

/* The scores' element of the indicator at the next position of v (row:
 * its code, poids and cid in columns 6 to 8), its objective obj. */
static int cellules_indicator(struct version *v, const pg_result *r, int row, int obj)
{
	struct scores_element *grown = realloc(v->el[0], (v->npos + 1) * sizeof *grown);
	struct scores_element *e;

	if (!grown)
		return log_fail(LECAP_IO, "mémoire insuffisante");
	v->el[0] = grown;
	e = &grown[v->npos];
	*e = (struct scores_element){.cid = atol(pg_value(r, row, 8)), .up = obj};
	if (!(e->code = strdup(pg_value(r, row, 6))))
		return log_fail(LECAP_IO, "mémoire insuffisante");
	v->npos++;
	return cellules_poids(r, row, 7, 6, &e->poids);
}

/* Adds the indicator at the next position of the last version. */
static int cellules_position(struct cellules *c, const pg_result *r, int row)
{
	struct version *v = &c->v[c->nv - 1];
	struct pos *grown;
	int st, obj;

	if (atol(pg_value(r, row, 1)) != (long)v->npos + 1)
		return log_fail(LECAP_DB, "cellules : la grille %s n'a pas ses positions à la suite (%s après %zu)",
				v->name, pg_value(r, row, 1), v->npos);
	size_t nst = v->nst;
	int theme, *themes;

	st = cellules_code(&v->st, &v->nst, pg_isnull(r, row, 3) ? NULL : pg_value(r, row, 3));
	obj = cellules_code(&v->obj, &v->nobj, pg_isnull(r, row, 4) ? NULL : pg_value(r, row, 4));
	theme = cellules_code(&v->theme, &v->ntheme, pg_isnull(r, row, 5) ? NULL : pg_value(r, row, 5));
	if (st < 0 || obj < 0 || theme < 0 || !(grown = realloc(v->pos, (v->npos + 1) * sizeof *grown)))
		return log_fail(LECAP_IO, "mémoire insuffisante");
	if (v->nst > nst) { /* a new sub-theme: its theme */
		if (!(themes = realloc(v->st_theme, v->nst * sizeof *themes)))
			return log_fail(LECAP_IO, "mémoire insuffisante");
		v->st_theme = themes;
		themes[st] = theme;
	}
	v->pos = grown;
	v->pos[v->npos] = (struct pos){.ind = atol(pg_value(r, row, 2)), .st = st, .obj = obj};
	return cellules_indicator(v, r, row, obj);
}

/* The index of code in codes (NULL matches NULL), -1 when absent. */
static int cellules_find(char *const *codes, size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (codes[i] == code || (codes[i] && code && strcmp(codes[i], code) == 0))
			return (int)i;
	return -1;
}

/* The levels above the indicators of v, their elements not yet known: no
 * number, no parent, no cible (an element t_elem lacks stays so). */
static int cellules_levels(struct version *v)
{
	char **codes[4] = {NULL, v->obj, v->st, v->theme};
	size_t counts[4] = {v->npos, v->nobj, v->nst, v->ntheme};

	for (int l = 1; l < 4; l++) {
		if (!(v->el[l] = calloc(counts[l] + 1, sizeof *v->el[l])))
			return log_fail(LECAP_IO, "mémoire insuffisante");
		for (size_t i = 0; i < counts[l]; i++)
			v->el[l][i] = (struct scores_element){.code = codes[l][i], .cid = -1, .up = -1};
	}
	for (int l = 0; l < 4; l++) {
		v->grid.level[l] = v->el[l];
		v->grid.count[l] = counts[l];
	}
	return LECAP_OK;
}

/* One element above the indicators (row: version, niveau, code, parent,
 * poids, cible, cid): its poids, cible and number, and its parent's index
 * in the level above. */
static int cellules_parent(struct cellules *c, const pg_result *r, int row)
{
	static const char *const niveaux[4] = {"indicateur", "objectif", "sous_theme", "theme"};
	struct version *v = NULL;
	char **codes[5];
	size_t counts[5];
	int l, i;

	for (size_t k = 0; k < c->nv && !v; k++)
		if (strcmp(c->v[k].name, pg_value(r, row, 0)) == 0)
			v = &c->v[k];
	for (l = 1; l < 4 && strcmp(niveaux[l], pg_value(r, row, 1)) != 0; l++)
		;
	if (!v || l == 4)
		return LECAP_OK;
	codes[1] = v->obj, codes[2] = v->st, codes[3] = v->theme, codes[4] = NULL;
	counts[1] = v->nobj, counts[2] = v->nst, counts[3] = v->ntheme, counts[4] = 0;
	if ((i = cellules_find(codes[l], counts[l], pg_value(r, row, 2))) < 0)
		return LECAP_OK; /* an element no indicator of the campaign's evaluations reaches */
	struct scores_element *e = &v->el[l][i];

	e->cid = atol(pg_value(r, row, 6));
	e->up = cellules_find(codes[l + 1], counts[l + 1], pg_isnull(r, row, 3) ? NULL : pg_value(r, row, 3));
	e->has_cible = !pg_isnull(r, row, 5);
	if (e->has_cible && decimal_parse(pg_value(r, row, 5), &e->cible) != 0)
		return log_fail(LECAP_DB, "cellules : cible « %s » de l'élément %s illisible", pg_value(r, row, 5),
				pg_value(r, row, 2));
	return cellules_poids(r, row, 4, 2, &e->poids);
}

/* The elements above the indicators, for the scores. */
static int cellules_parents(struct cellules *c)
{
	pg_result *r;
	int ret = LECAP_OK;

	for (size_t k = 0; ret == LECAP_OK && k < c->nv; k++)
		ret = cellules_levels(&c->v[k]);
	if (ret == LECAP_OK)
		ret = pg_query(c->conn, c->purpose,
			       "SELECT version, niveau, code, parent, poids, cible, cid FROM t_elem"
			       " WHERE niveau <> 'indicateur'",
			       0, NULL, &r);
	if (ret != LECAP_OK)
		return ret;
	for (int i = 0; ret == LECAP_OK && i < pg_ntuples(r); i++)
		ret = cellules_parent(c, r, i);
	pg_result_free(r);
	return ret;
}

/* Each version's number of indicators in t_elem, as lecap.agreger counts
 * them for the completeness of an evaluation. */
static int cellules_indicators(struct cellules *c)
{
	pg_result *r;
	int ret = pg_query(c->conn, c->purpose,
			   "SELECT version, count(*) FROM t_elem WHERE niveau = 'indicateur' GROUP BY version", 0,
			   NULL, &r);

	for (int i = 0; ret == LECAP_OK && i < pg_ntuples(r); i++)
		for (size_t k = 0; k < c->nv; k++)
			if (strcmp(c->v[k].name, pg_value(r, i, 0)) == 0)
				c->v[k].n_ind = atol(pg_value(r, i, 1));
	pg_result_free(r);
	return ret;
}

/* The grids of the campaign's versions, as agreger_preparer numbered them
 * (t_elem: an indicator's position in the notes, its id, its sub-theme,
 * objective and theme). */
static int cellules_grid(struct cellules *c)
{
	pg_result *r;
	int ret = pg_query(c->conn, c->purpose,
			   "SELECT version, pos, id, sous_theme, parent, theme, code, poids, cid FROM t_elem"
			   " WHERE pos IS NOT NULL ORDER BY version, pos",
			   0, NULL, &r);

	for (int i = 0; ret == LECAP_OK && i < pg_ntuples(r); i++) {
		if (c->nv == 0 || strcmp(c->v[c->nv - 1].name, pg_value(r, i, 0)) != 0) {
			struct version *grown = realloc(c->v, (c->nv + 1) * sizeof *grown);
			if (!grown) {
				ret = log_fail(LECAP_IO, "mémoire insuffisante");
				break;
			}
			c->v = grown;
			c->v[c->nv] = (struct version){.name = strdup(pg_value(r, i, 0))};
			if (!c->v[c->nv++].name) {
				ret = log_fail(LECAP_IO, "mémoire insuffisante");
				break;
			}
		}
		ret = cellules_position(c, r, i);
	}
	pg_result_free(r);
	if (ret == LECAP_OK)
		ret = cellules_parents(c);
	if (ret == LECAP_OK)
		ret = cellules_indicators(c);
	for (size_t i = 0; ret == LECAP_OK && i < c->nv; i++) {
		c->max_pos = c->v[i].npos > c->max_pos ? c->v[i].npos : c->max_pos;
		c->max_st = c->v[i].nst > c->max_st ? c->v[i].nst : c->max_st;
		c->max_obj = c->v[i].nobj > c->max_obj ? c->v[i].nobj : c->max_obj;
		c->max_theme = c->v[i].ntheme > c->max_theme ? c->v[i].ntheme : c->max_theme;
	}
	if (ret == LECAP_OK && (!(c->ind = calloc(c->max_pos + 1, sizeof *c->ind)) ||
				!(c->st = calloc(CELLULES_COLLEGES * (c->max_st + 1), sizeof *c->st)) ||
				!(c->obj = calloc(CELLULES_COLLEGES * (c->max_obj + 1), sizeof *c->obj)) ||
				!(c->theme = calloc(CELLULES_COLLEGES * (c->max_theme + 1), sizeof *c->theme)) ||
				!(c->sums = calloc(c->max_st + 1, sizeof *c->sums)) ||
				!(c->cells = calloc(c->max_pos + 1, sizeof *c->cells)) ||
				!(c->score_sums = calloc(c->max_obj + c->max_st + c->max_theme + 1,
							 sizeof *c->score_sums))))
		ret = log_fail(LECAP_IO, "mémoire insuffisante");
	return ret;
}

static void cellules_free(struct cellules *c)
{
	for (size_t i = 0; i < c->nv; i++) {
		for (size_t j = 0; j < c->v[i].nst; j++)
			free(c->v[i].st[j]);
		for (size_t j = 0; j < c->v[i].nobj; j++)
			free(c->v[i].obj[j]);
		for (size_t j = 0; j < c->v[i].ntheme; j++)
			free(c->v[i].theme[j]);
		free(c->v[i].st);
		free(c->v[i].obj);
		free(c->v[i].theme);
		free(c->v[i].st_theme);
		for (size_t j = 0; c->v[i].el[0] && j < c->v[i].npos; j++)
			free((char *)c->v[i].el[0][j].code);
		for (int l = 0; l < 4; l++)
			free(c->v[i].el[l]);
		free(c->v[i].pos);
		free(c->v[i].name);
	}
	free(c->v);
	for (size_t i = 0; i < c->ncol; i++)
		free(c->college[i]);
	free(c->region);
	free(c->ind);
	free(c->st);
	free(c->obj);
	free(c->theme);
	free(c->sums);
	free(c->cells);
	free(c->score_sums);
	repartition_free(c->rep);
	demande_free(c->dem);
	somme_college_free(c->sc);
	for (int k = 0; k < 2; k++)
		for (int t = 0; t < CELLULES_TABLES; t++)
			strbuf_release(&c->sets[k][t]);
}

/* A note (1 to 4; 0: NC) of the consensus row or of an individual. */
static void cellules_add(struct acc *a, bool cons, int note)
{
	a->any = true;
	if (cons) {
		a->cons = true;
		a->cons_note = note > a->cons_note ? note : a->cons_note;
	} else if (note) {
		a->max = a->n == 0 || note > a->max ? note : a->max;
		a->min = a->n == 0 || note < a->min ? note : a->min;
		a->n++;
		a->sum += note;
	}
}

static void cellules_int(struct strbuf *b, bool present, long v)
{
	if (!present) {
		strbuf_puts(b, "\t\\N");
		return;
	}
	strbuf_putc(b, '\t');
	strbuf_put_long(b, v);
}

/* A column after the first: a tab, then s as COPY's text format escapes it
 * (NULL: \N), or as it is when plain (a code of lecap's, a number). */
static void cellules_field(struct strbuf *b, const char *s)
{
	strbuf_putc(b, '\t');
	strbuf_copy_field(b, s);
}

static void cellules_plain(struct strbuf *b, const char *s)
{
	strbuf_putc(b, '\t');
	strbuf_puts(b, s);
}

/* The score of an indicator's cell: the consensus note when the consensus
 * row answers it (NC there: none), else the mean of the individual notes
 * (none: none), as a::numeric / b computes it. */
static int cellules_score(const struct acc *a, struct scores_cell *cell)
{
	struct decimal sum, n;

	cell->answered = a->any;
	cell->scored = a->cons ? a->cons_note > 0 : a->n > 0;
	if (!cell->scored)
		return 0;
	if (a->cons) {
		decimal_from_u64(&cell->score, (uint64_t)a->cons_note);
		return 0;
	}
	decimal_from_u64(&sum, (uint64_t)a->sum);
	decimal_from_u64(&n, (uint64_t)a->n);
	return decimal_div(&cell->score, &sum, &n);
}

/* The scores of the evaluation read, level by level (src/aggregate/scores.c),
 * into t_score. */
static int cellules_scores(struct cellules *c)
{
	const struct version *v = c->cur;

	for (size_t k = 0; k < v->npos; k++) {
		if (cellules_score(&c->ind[k], &c->cells[k]) != 0)
			return log_fail(LECAP_DB, "cellules : score illisible (évaluation %s)", c->id);
		c->rows += c->cells[k].answered;
	}
	return scores_write(&v->grid, c->cells, c->id, c->score_sums, &c->out[CELLULES_T_SCORE]);
}

/* The distribution, the demand for offers and the colleges' sums left to
 * SQL (agreger groups t_score, every row of which it then needs, and the
 * campaign's rows of lecap.score_college). */
static void cellules_give_up(struct cellules *c)
{
	repartition_free(c->rep);
	c->rep = NULL;
	demande_free(c->dem);
	c->dem = NULL;
	somme_college_free(c->sc);
	c->sc = NULL;
}

/* The first columns of a row of the lecap tables written here:
 * campagne, evaluation_id, region. */
static void cellules_row_start(struct cellules *c, struct strbuf *b)
{
	strbuf_puts(b, c->campagne);
	cellules_plain(b, c->id);
	cellules_field(b, c->region);
}

/* A college's score (lecap.score_college): the mean of its individual notes
 * a->sum / a->n, as numeric division prints it, and its respondents. */
static void cellules_college_row(struct cellules *c, size_t g, const char *niveau, const char *code,
				 const struct acc *a)
{
	struct strbuf *b = &c->out[CELLULES_SCORE_COLLEGE];
	char mean[QUOTIENT_TEXT_MAX];

	quotient_text((uint64_t)a->sum, (uint64_t)a->n, mean);
	cellules_row_start(c, b);
	cellules_field(b, c->college[g]);
	cellules_plain(b, niveau);
	cellules_field(b, code);
	cellules_plain(b, mean);
	cellules_int(b, true, c->respondents[g]);
	strbuf_putc(b, '\n');
	if (c->counted) { /* a record C: college, niveau, code, mean, respondents */
		struct strbuf *d = &c->out[CELLULES_A_REPARTIR];

		strbuf_add(d, "C", 2);
		strbuf_add(d, c->college[g], strlen(c->college[g]) + 1);
		strbuf_add(d, niveau, strlen(niveau) + 1);
		strbuf_add(d, code, strlen(code) + 1);
		strbuf_add(d, mean, strlen(mean) + 1);
		strbuf_put_long(d, c->respondents[g]);
		strbuf_add(d, "", 1);
	}
}

/*
 * The divergence between the colleges of a sub-theme or an objective
 * (lecap.divergence_colleges), from each college's cell (stride apart in
 * cells, one per college of the evaluation): when at least two colleges
 * other than the consensus have notes, the highest and the lowest mean,
 * each college that of the first in the grid's college order among equal
 * means, and the difference of the two means rounded to hundredths. The
 * means compare exactly (a / n against b / m as a m against b n). The
 * score printed is the last of the equal means met, as max() and min()
 * over numeric keep it (two equal quotients print alike unless a count
 * passes 10,000 notes, src/base/quotient.c).
 */
static void cellules_divergence_row(struct cellules *c, const char *niveau, const char *code,
				    const struct acc *cells, size_t stride)
{
	struct strbuf *b = &c->out[CELLULES_DIVERGENCE_COLLEGES];
	const struct acc *hi = NULL, *lo = NULL, *hi_text = NULL, *lo_text = NULL;
	int hi_rank = 0, lo_rank = 0, n = 0;
	char high[QUOTIENT_TEXT_MAX], low[QUOTIENT_TEXT_MAX], diff[32];
	long hundredths;

	for (size_t g = 0; g < c->ncol; g++) {
		const struct acc *a = &cells[g * stride];
		int rank = c->rank[g];

		if (rank == COLLEGE_CONSENSUS || a->n == 0)
			continue;
		n++;
		if (!hi) {
			hi = lo = hi_text = lo_text = a;
			hi_rank = lo_rank = rank;
			continue;
		}
		long long cmp_hi = (long long)a->sum * hi->n - (long long)hi->sum * a->n;
		long long cmp_lo = (long long)a->sum * lo->n - (long long)lo->sum * a->n;
		if (cmp_hi > 0 || (cmp_hi == 0 && rank < hi_rank)) {
			hi = a;
			hi_rank = rank;
		}
		if (cmp_lo < 0 || (cmp_lo == 0 && rank < lo_rank)) {
			lo = a;
			lo_rank = rank;
		}
		if ((long long)a->sum * hi_text->n >= (long long)hi_text->sum * a->n)
			hi_text = a;
		if ((long long)a->sum * lo_text->n <= (long long)lo_text->sum * a->n)
			lo_text = a;
	}
	if (n < 2)
		return;
	quotient_text((uint64_t)hi_text->sum, (uint64_t)hi_text->n, high);
	quotient_text((uint64_t)lo_text->sum, (uint64_t)lo_text->n, low);
	hundredths = quotient_hundredths(high) - quotient_hundredths(low);
	snprintf(diff, sizeof diff, "%ld.%02ld", hundredths / 100, hundredths % 100);
	cellules_row_start(c, b);
	cellules_plain(b, niveau);
	cellules_field(b, code);
	cellules_plain(b, diff);
	cellules_plain(b, college_codes[hi_rank]);
	cellules_plain(b, high);
	cellules_plain(b, college_codes[lo_rank]);
	cellules_plain(b, low);
	strbuf_putc(b, '\n');
}

/*
 * The sub-themes' rows of the evaluation read, from its indicators' cells:
 * the diverging viewpoints (lecap.divergence: the mean range of the
 * individual notes over the indicators with two of them or more, a point
 * of debate from 2) and the consensus against the individual views
 * (lecap.consensus_evaluation: over the indicators with a consensus note,
 * NC excluded, and an individual note, the mean of the consensus notes and
 * that of all the individual notes). Each mean as avg() or numeric
 * division prints it (both divide the sum by the count).
 */
static void cellules_flush_sous_themes(struct cellules *c)
{
	const struct version *v = c->cur;
	char mean[QUOTIENT_TEXT_MAX], other[QUOTIENT_TEXT_MAX];

	for (size_t k = 0; k < v->npos; k++) {
		const struct acc *a = &c->ind[k];
		struct sums *s = &c->sums[v->pos[k].st];

		if (a->n >= 2) {
			s->n_ecart++;
			s->ecart += a->max - a->min;
		}
		if (a->cons_note > 0 && a->n > 0) {
			s->n_cons++;
			s->cons += a->cons_note;
			s->n_notes += a->n;
			s->notes += a->sum;
		}
	}
	for (size_t st = 0; st < v->nst; st++) {
		const struct sums *s = &c->sums[st];
		struct strbuf *b;

		if (!v->st[st])
			continue;
		if (s->n_ecart > 0) {
			b = &c->out[CELLULES_DIVERGENCE];
			quotient_text((uint64_t)s->ecart, (uint64_t)s->n_ecart, mean);
			cellules_row_start(c, b);
			cellules_field(b, v->st[st]);
			cellules_plain(b, mean);
			cellules_int(b, true, s->n_ecart);
			strbuf_puts(b, s->ecart >= 2 * s->n_ecart ? "\tt\n" : "\tf\n");
		}
		if (s->n_cons > 0) {
			b = &c->out[CELLULES_CONSENSUS];
			quotient_text((uint64_t)s->cons, (uint64_t)s->n_cons, mean);
			quotient_text((uint64_t)s->notes, (uint64_t)s->n_notes, other);
			cellules_row_start(c, b);
			cellules_field(b, v->st[st]);
			cellules_int(b, true, s->n_cons);
			cellules_plain(b, mean);
			cellules_plain(b, other);
			strbuf_putc(b, '\n');
		}
	}
}

/* The colleges' rows of the evaluation read: per sub-theme, each college's
 * score (notes summed into its theme's), then each theme's, and the
 * divergence between colleges per sub-theme and per objective. A cell
 * without code (an indicator outside any sub-theme or objective: none in a
 * grid that lecap loads) has no row. */
static void cellules_flush_colleges(struct cellules *c)
{
	const struct version *v = c->cur;

	for (size_t g = 0; g < c->ncol; g++) {
		if (c->rank[g] == COLLEGE_CONSENSUS)
			continue;
		for (size_t s = 0; s < v->nst; s++) {
			const struct acc *a = &c->st[g * c->max_st + s];
			struct acc *t = &c->theme[g * c->max_theme + (size_t)v->st_theme[s]];

			if (a->n == 0 || !v->st[s])
				continue;
			cellules_college_row(c, g, "sous_theme", v->st[s], a);
			t->n += a->n;
			t->sum += a->sum;
		}
		for (size_t t = 0; t < v->ntheme; t++)
			if (c->theme[g * c->max_theme + t].n > 0 && v->theme[t])
				cellules_college_row(c, g, "theme", v->theme[t], &c->theme[g * c->max_theme + t]);
	}
	for (size_t s = 0; s < v->nst; s++)
		if (v->st[s])
			cellules_divergence_row(c, "sous_theme", v->st[s], &c->st[s], c->max_st);
	for (size_t o = 0; o < v->nobj; o++)
		if (v->obj[o])
			cellules_divergence_row(c, "objectif", v->obj[o], &c->obj[o], c->max_obj);
}

/* The digest (src/aggregate/empreinte.h) of the rows just written for the
 * evaluation read in the n tables (from start[t] in each table's buffer),
 * as COPY gives them to PostgreSQL (a t_score row without cid): its count of
 * rows, and the sum as text into sum ("0" without rows). false when a
 * buffer is out of memory (cellules_copy() says it). */
static bool cellules_digest_tables(struct cellules *c, const size_t start[CELLULES_TABLES],
				   const enum cellules_table *tables, size_t n, long *rows, char sum[32])
{
	struct empreinte e;
	int64_t somme;

	empreinte_begin(&e, c->region);
	for (size_t k = 0; k < n; k++) {
		const struct strbuf *b = &c->out[tables[k]];

		if (b->oom)
			return false;
		empreinte_table(&e, b->p + start[tables[k]], b->len - start[tables[k]],
				tables[k] == CELLULES_T_SCORE);
	}
	*rows = empreinte_end(&e, &somme);
	snprintf(sum, 32, "%" PRId64, *rows ? somme : 0);
	return true;
}

/*
 * The digests of the evaluation read, from the rows just written for it:
 * of its rows of lecap.score (its t_score rows), lecap.score_college and
 * lecap.divergence (somme, which the photographies read: agreger hashed
 * them in SQL, 0.62 s a campaign at 10,000 members; docs/performance.md),
 * and of its rows of lecap.divergence_colleges and
 * lecap.consensus_evaluation (somme_autres). When both are those of its
 * rows as stored (a recomputation from scratch: t_stocke), the rows are the
 * same: those just written to lecap's tables are taken back, its t_score
 * rows too (agreger reads what it needs of them from t_empreinte, which
 * counts them, t_gc, t_rc and t_demande, or from lecap.score when the
 * distribution was left to SQL), and the stored ones kept in place; else
 * the stored ones, if any, go before the set's rows are copied. Its
 * t_empreinte row says which, with the counts of its t_score rows (n_ind,
 * n_scores); none without rows (agreger gives it 0 rows and 0).
 */
static void cellules_digest(struct cellules *c, const size_t start[CELLULES_TABLES])
{
	struct strbuf *out = &c->out[CELLULES_T_EMPREINTE];
	char sum[2][32];
	long rows[2];
	bool kept;

	if (!cellules_digest_tables(c, start, cellules_digested, sizeof cellules_digested / sizeof *cellules_digested,
				    &rows[0], sum[0]) ||
	    !cellules_digest_tables(c, start, cellules_digested_autres,
				    sizeof cellules_digested_autres / sizeof *cellules_digested_autres, &rows[1],
				    sum[1]))
		return;
	kept = c->stored;
	for (int k = 0; kept && k < 2; k++)
		kept = atol(c->stored_rows[k]) == rows[k] && strcmp(c->stored_sum[k], sum[k]) == 0;
	if (kept) {
		for (size_t k = 0; k < sizeof cellules_kept / sizeof *cellules_kept; k++)
			c->out[cellules_kept[k]].len = start[cellules_kept[k]];
		c->out[CELLULES_T_SCORE].len = start[CELLULES_T_SCORE];
	} else if (c->stored) {
		strbuf_putc(&c->out[CELLULES_REMPLACEES], ',');
		strbuf_puts(&c->out[CELLULES_REMPLACEES], c->id);
	}
	if (rows[0] + rows[1] == 0)
		return;
	strbuf_puts(out, c->id);
	for (int k = 0; k < 2; k++) {
		cellules_int(out, true, rows[k]);
		cellules_plain(out, sum[k]);
	}
	cellules_plain(out, kept ? "t" : "f");
	cellules_int(out, true, c->n_ind);
	cellules_int(out, true, c->n_scores);
	strbuf_putc(out, '\n');
}

/* Whether the evaluation read is complete, as lecap.agreger decides it:
 * its indicators answered (a score or NC), over its version's, at least
 * the completeness asked (numeric division, then comparison). */
static bool cellules_complete(const struct cellules *c)
{
	const struct version *v = c->cur;
	struct decimal answered, all, share;
	uint64_t n = 0;

	for (size_t k = 0; k < v->npos; k++)
		n += c->cells[k].answered;
	if (v->n_ind <= 0)
		return false;
	decimal_from_u64(&answered, n);
	decimal_from_u64(&all, (uint64_t)v->n_ind);
	return decimal_div(&share, &answered, &all) == 0 && decimal_cmp(&share, &c->completude) >= 0;
}

/* The field after the tab at *p (up to the next tab or newline), NUL-ended
 * in place; *p moves past it. */
static char *cellules_next_field(char **p)
{
	char *f = *p, *end = f + strcspn(f, "\t\n");

	*p = *end ? end + 1 : end;
	*end = '\0';
	return f;
}

/*
 * What the distribution counts of the evaluation read, when it is complete:
 * a record E (its region, version, region's and type's keys), then a record
 * S, its t_score rows (b's bytes from start; see cellules_distribute_scores),
 * then, as its colleges' rows are written, a record C for each
 * (cellules_college_row). Each record is its letter then NUL-ended fields.
 */
static void cellules_to_distribute(struct cellules *c, const struct strbuf *b, size_t start)
{
	struct strbuf *d = &c->out[CELLULES_A_REPARTIR];

	strbuf_add(d, "E", 2);
	strbuf_add(d, c->region, strlen(c->region) + 1);
	strbuf_add(d, c->cur->name, strlen(c->cur->name) + 1);
	strbuf_put_long(d, c->rid);
	strbuf_add(d, "", 1);
	strbuf_put_long(d, c->tid);
	strbuf_add(d, "", 1);
	strbuf_add(d, "S", 2);
	if (!b->oom) /* (else cellules_copy() says it) */
		strbuf_add(d, b->p + start, b->len - start);
	strbuf_add(d, "", 1);
}

/*
 * The t_score rows of a complete evaluation (NUL-ended, in COPY's text
 * format: evaluation_id, niveau, code, score, atteint, n_objectifs,
 * n_atteints, cid), parsed in place: each score added to the distribution,
 * each objective not reached to the demand for offers. A score without
 * element number leaves both to SQL.
 */
static int cellules_distribute_scores(struct cellules *c, char *rows, int rid, int tid)
{
	int ret = LECAP_OK;

	for (char *p = rows; ret == LECAP_OK && c->rep && *p;) {
		char *f[8];

		for (int i = 0; i < 8; i++)
			f[i] = cellules_next_field(&p);
		if (strcmp(f[3], "\\N") == 0)
			continue;
		if (strcmp(f[7], "\\N") == 0) {
			log_debug("campagne %s : un score sans numéro d'élément, la répartition est comptée en SQL",
				  c->campagne);
			cellules_give_up(c);
			break;
		}
		ret = repartition_add(c->rep, rid, tid, atol(f[7]), f[3], strcmp(f[5], "\\N") != 0, atol(f[5]),
				      atol(f[6]));
		if (ret == LECAP_OK && strcmp(f[1], "objectif") == 0 && strcmp(f[4], "f") == 0)
			demande_objectif(c->dem, f[2]);
	}
	if (c->rep && repartition_given_up(c->rep)) /* its memory back now */
		cellules_give_up(c);
	return ret;
}

/* The next NUL-ended field of a record at *p; *p moves past it. */
static char *cellules_record_field(char **p)
{
	char *f = *p;

	*p += strlen(f) + 1;
	return f;
}

/*
 * The records of the complete evaluations (cellules_to_distribute), in
 * their order, counted into the distribution, the demand for offers and
 * the colleges' sums (nothing once they are given up); d emptied. In the
 * connection's thread: those three are not shared.
 */
static int cellules_distribute(struct cellules *c, struct strbuf *d)
{
	char *p, *end, *region = NULL;
	int rid = 0, tid = 0, ret = LECAP_OK;

	if (d->oom)
		return log_fail(LECAP_IO, "mémoire insuffisante");
	if (d->len == 0) /* (d->p may be NULL) */
		return LECAP_OK;
	p = d->p;
	end = d->p + d->len;
	while (ret == LECAP_OK && p < end) {
		char kind = *cellules_record_field(&p);

		if (kind == 'E') {
			char *version;

			region = cellules_record_field(&p);
			version = cellules_record_field(&p);
			rid = atoi(cellules_record_field(&p));
			tid = atoi(cellules_record_field(&p));
			if (c->dem)
				ret = demande_evaluation(c->dem, region, version);
		} else if (kind == 'S') {
			char *rows = cellules_record_field(&p);

			ret = cellules_distribute_scores(c, rows, rid, tid);
		} else {
			char *college = cellules_record_field(&p), *niveau = cellules_record_field(&p);
			char *code = cellules_record_field(&p), *mean = cellules_record_field(&p);
			long respondents = atol(cellules_record_field(&p));

			if (c->sc && region && somme_college_add(c->sc, region, college, niveau, code, mean, respondents) != 0) {
				log_debug("campagne %s : une somme des collèges hors de portée, la répartition est"
					  " comptée en SQL",
					  c->campagne);
				cellules_give_up(c);
			}
		}
	}
	d->len = 0;
	return ret;
}

/* The rows of the evaluation read (none before the first), its digest, its
 * counters cleared. */
static int cellules_flush_evaluation(struct cellules *c)
{
	const struct version *v = c->cur;
	size_t start[CELLULES_TABLES];
	int ret = LECAP_OK;

	if (v) {
		for (int t = 0; t < CELLULES_TABLES; t++)
			start[t] = c->out[t].len;
		ret = cellules_scores(c);
		if (ret == LECAP_OK)
			scores_counted(&v->grid, c->cells, c->score_sums, &c->n_ind, &c->n_scores);
		c->counted = ret == LECAP_OK && c->distributing && cellules_complete(c);
		if (c->counted)
			cellules_to_distribute(c, &c->out[CELLULES_T_SCORE], start[CELLULES_T_SCORE]);
		cellules_flush_sous_themes(c);
		cellules_flush_colleges(c);
		if (ret == LECAP_OK)
			cellules_digest(c, start);
	}
	memset(c->ind, 0, (c->max_pos + 1) * sizeof *c->ind);
	memset(c->st, 0, CELLULES_COLLEGES * (c->max_st + 1) * sizeof *c->st);
	memset(c->obj, 0, CELLULES_COLLEGES * (c->max_obj + 1) * sizeof *c->obj);
	memset(c->theme, 0, CELLULES_COLLEGES * (c->max_theme + 1) * sizeof *c->theme);
	memset(c->sums, 0, (c->max_st + 1) * sizeof *c->sums);
	for (size_t i = 0; i < c->ncol; i++)
		free(c->college[i]);
	c->ncol = 0;
	c->cur = NULL;
	c->id[0] = '\0';
	return ret;
}

/* The index of the respondent's college in the evaluation's, -1 (logged)
 * when there are too many, when it is none of college_codes (the CHECK of
 * lecap.repondant allows none other) or memory is short. */
static int cellules_college(struct cellules *c, const char *college)
{
	int rank = -1;

	for (size_t i = 0; i < c->ncol; i++)
		if (strcmp(c->college[i], college) == 0)
			return (int)i;
	for (int k = 0; k <= COLLEGE_CONSENSUS; k++)
		if (strcmp(college_codes[k], college) == 0)
			rank = k;
	if (rank < 0) {
		log_error("cellules : collège « %s » inconnu (évaluation %s)", college, c->id);
		return -1;
	}
	if (c->ncol == CELLULES_COLLEGES) {
		log_error("cellules : plus de %d collèges dans l'évaluation %s", CELLULES_COLLEGES, c->id);
		return -1;
	}
	if (!(c->college[c->ncol] = strdup(college))) {
		log_error("mémoire insuffisante");
		return -1;
	}
	c->rank[c->ncol] = rank;
	c->respondents[c->ncol] = 0;
	return (int)c->ncol++;
}

/* One respondent's row: evaluation id, version, college, consensus row?,
 * notes (one character per indicator: '.' unanswered, 'N' NC, '1'-'4';
 * NULL: no row of answers), region, its region's and type's keys, then its
 * evaluation's rows as stored (t_stocke: lignes, somme, lignes_autres,
 * somme_autres; NULL: none to keep). */
static int cellules_respondent(struct cellules *c, const pg_result *r, int row)
{
	const char *id = pg_value(r, row, 0), *notes = pg_isnull(r, row, 4) ? "" : pg_value(r, row, 4);
	bool cons = strcmp(pg_value(r, row, 3), "t") == 0;
	int g;

	if (strcmp(id, c->id) != 0) {
		int ret = cellules_flush_evaluation(c);

		if (ret != LECAP_OK)
			return ret;
		snprintf(c->id, sizeof c->id, "%s", id);
		for (size_t i = 0; i < c->nv; i++)
			if (strcmp(c->v[i].name, pg_value(r, row, 1)) == 0)
				c->cur = &c->v[i];
		free(c->region);
		if (!(c->region = strdup(pg_value(r, row, 5))))
			return log_fail(LECAP_IO, "mémoire insuffisante");
		c->rid = atoi(pg_value(r, row, 6));
		c->tid = atoi(pg_value(r, row, 7));
		c->stored = !pg_isnull(r, row, 8);
		for (int k = 0; c->stored && k < 2; k++) {
			snprintf(c->stored_rows[k], sizeof c->stored_rows[k], "%s", pg_value(r, row, 8 + 2 * k));
			snprintf(c->stored_sum[k], sizeof c->stored_sum[k], "%s", pg_value(r, row, 9 + 2 * k));
		}
	}
	if (!c->cur)
		return LECAP_OK; /* a version without indicators: no cell, as the grid's join gave none */
	if ((g = cellules_college(c, pg_value(r, row, 2))) < 0)
		return LECAP_IO;
	c->respondents[g]++;
	for (size_t k = 0; notes[k] && k < c->cur->npos; k++) {
		const struct pos *p = &c->cur->pos[k];
		int note;

		if (notes[k] == '.')
			continue;
		if (notes[k] != 'N' && (notes[k] < '1' || notes[k] > '4'))
			return log_fail(LECAP_DB, "cellules : note « %c » illisible (évaluation %s, position %zu)",
					notes[k], id, k + 1);
		note = notes[k] == 'N' ? 0 : notes[k] - '0';
		cellules_add(&c->ind[k], cons, note);
		cellules_add(&c->st[(size_t)g * c->max_st + (size_t)p->st], cons, note);
		cellules_add(&c->obj[(size_t)g * c->max_obj + (size_t)p->obj], cons, note);
	}
	return LECAP_OK;
}

/* The rows of b for table t, copied when there are at least min bytes of
 * them; b emptied. */
static int cellules_copy(struct cellules *c, struct strbuf *b, enum cellules_table t, size_t min)
{
	int ret;

	if (b->oom)
		return log_fail(LECAP_IO, "mémoire insuffisante");
	if (b->len == 0 || b->len < min)
		return LECAP_OK;
	/* sql-constante: cellules_copy_sql[] holds string literals only */
	ret = pg_copy_begin(c->conn, c->purpose, cellules_copy_sql[t]);
	if (ret == LECAP_OK && (ret = pg_copy_put(c->conn, b->p, b->len)) != LECAP_OK)
		(void)pg_copy_end(c->conn, "échec de l'écriture");
	else if (ret == LECAP_OK)
		ret = pg_copy_end(c->conn, NULL);
	b->len = 0;
	return ret;
}

/* The stored rows of the evaluations listed in b (",id" each) deleted from
 * lecap's tables (sql/fonctions/lignes_propres_effacer.sql); b emptied. */
static int cellules_replace(struct cellules *c, struct strbuf *b)
{
	struct strbuf ids = {0};
	const char *params[2] = {c->campagne, NULL};
	int ret = LECAP_OK;

	if (b->len == 0)
		return LECAP_OK;
	strbuf_putc(&ids, '{');
	strbuf_add(&ids, b->p + 1, b->len - 1);
	strbuf_putc(&ids, '}');
	if (b->oom || ids.oom)
		ret = log_fail(LECAP_IO, "mémoire insuffisante");
	params[1] = ids.p;
	if (ret == LECAP_OK)
		ret = pg_command(c->conn, c->purpose, "SELECT lecap.lignes_propres_effacer($1::int, $2::bigint[])", 2,
				 params);
	strbuf_release(&ids);
	b->len = 0;
	return ret;
}

/* Every table's rows of the set (those with at least min bytes), copied,
 * after the stored rows they replace are deleted. */
static int cellules_copy_set(struct cellules *c, struct strbuf *set, size_t min)
{
	bool any = min == 0;
	int ret;

	for (int t = CELLULES_T_SCORE; t < CELLULES_TABLES; t++)
		any = any || (set[t].len > 0 && set[t].len >= min);
	ret = any ? cellules_replace(c, &set[CELLULES_REMPLACEES]) : LECAP_OK;
	for (int t = CELLULES_T_SCORE; ret == LECAP_OK && t < CELLULES_TABLES; t++)
		ret = cellules_copy(c, &set[t], (enum cellules_table)t, min);
	return ret;
}

/* The next batch of respondents (CELLULES_FETCH rows at most) into *r. */
static int cellules_fetch(struct cellules *c, pg_result **r)
{
	return pg_query(c->conn, c->purpose, CELLULES_FETCH_SQL, 0, NULL, r);
}

/* A batch of respondents (a FETCH's rows), computed into c->out by a
 * thread of its own while the connection copies and fetches. */
struct cellules_batch {
	struct cellules *c;
	pg_result *r;
	int ret;
};

static void *cellules_batch_main(void *arg)
{
	struct cellules_batch *b = arg;
	int n = pg_ntuples(b->r);

	b->ret = LECAP_OK;
	for (int i = 0; b->ret == LECAP_OK && i < n; i++)
		b->ret = cellules_respondent(b->c, b->r, i);
	return NULL;
}

/*
 * One step: the batch *r computed into the set the batch before was not
 * (a thread; in this one if none can start), while the rows of the batch
 * before are copied, the next batch fetched into *r (NULL after the last)
 * and the batch before's scores counted into the distribution. The batch's
 * rows stay in c->out for the next step.
 */
static int cellules_step(struct cellules *c, pg_result **r)
{
	struct strbuf *before = c->out;
	struct cellules_batch b = {.c = c, .r = *r};
	bool more = pg_ntuples(*r) == CELLULES_FETCH;
	pg_result *next = NULL;
	pthread_t thread;
	bool threaded, sent;
	int ret;

	c->out = before == c->sets[0] ? c->sets[1] : c->sets[0];
	threaded = pthread_create(&thread, NULL, cellules_batch_main, &b) == 0;
	if (!threaded)
		cellules_batch_main(&b);
	ret = cellules_copy_set(c, before, 0);
	/* the batch before's distribution counted while PostgreSQL fetches
	 * the next batch (the connection idle otherwise) */
	sent = ret == LECAP_OK && more && (ret = pg_send(c->conn, c->purpose, CELLULES_FETCH_SQL)) == LECAP_OK;
	if (ret == LECAP_OK)
		ret = cellules_distribute(c, &before[CELLULES_A_REPARTIR]);
	if (sent) {
		int got = pg_receive(c->conn, c->purpose, &next);

		ret = ret == LECAP_OK ? got : ret;
	}
	if (threaded)
		pthread_join(thread, NULL);
	if (ret == LECAP_OK)
		ret = b.ret;
	pg_result_free(*r);
	*r = next;
	if (ret != LECAP_OK && next) {
		pg_result_free(next);
		*r = NULL;
	}
	return ret;
}

/* One step, batches not overlapped: the batch *r computed here, a table's
 * rows copied whenever CELLULES_FLUSH bytes of them are ready, then the
 * next batch fetched into *r (NULL after the last). */
static int cellules_step_inline(struct cellules *c, pg_result **r)
{
	int n = pg_ntuples(*r), ret = LECAP_OK;
	pg_result *next = NULL;

	for (int i = 0; ret == LECAP_OK && i < n; i++)
		if ((ret = cellules_respondent(c, *r, i)) == LECAP_OK &&
		    (ret = cellules_distribute(c, &c->out[CELLULES_A_REPARTIR])) == LECAP_OK)
			ret = cellules_copy_set(c, c->out, CELLULES_FLUSH);
	if (ret == LECAP_OK && n == CELLULES_FETCH)
		ret = cellules_fetch(c, &next);
	pg_result_free(*r);
	*r = next;
	return ret;
}

/* Reads the new evaluations' answers, FETCH by FETCH, into the tables.
 * Every respondent comes, with or without a row of answers: the colleges'
 * rows count them all, as lecap.repondant has them. */
static int cellules_read(struct cellules *c)
{
	pg_result *r = NULL;
	int ret = pg_exec(c->conn, c->purpose,
			  "DECLARE cellules_reponses NO SCROLL CURSOR FOR"
			  " SELECT e.id, e.version, p.college, p.numero = e.cons, r.notes, e.region, e.rid, e.tid,"
			  "        s.lignes, s.somme, s.lignes_autres, s.somme_autres"
			  "   FROM t_eval e"
			  "   JOIN t_resp p ON p.evaluation_id = e.id"
			  "   LEFT JOIN lecap.reponse r ON r.evaluation_id = p.evaluation_id AND r.repondant = p.numero"
			  "   LEFT JOIN t_stocke s ON s.evaluation_id = e.id"
			  "  WHERE e.nouvelle"
			  "  ORDER BY e.id, p.numero");

	c->out = c->sets[0];
	if (ret == LECAP_OK)
		ret = cellules_fetch(c, &r);
	while (ret == LECAP_OK && r)
		ret = c->overlap ? cellules_step(c, &r) : cellules_step_inline(c, &r);
	pg_result_free(r); /* after an error */
	if (ret == LECAP_OK)
		ret = cellules_flush_evaluation(c);
	if (ret == LECAP_OK) /* the other set is empty: copied by the last step, or never used */
		ret = cellules_distribute(c, &c->out[CELLULES_A_REPARTIR]);
	if (ret == LECAP_OK)
		ret = cellules_copy_set(c, c->out, 0);
	if (ret == LECAP_OK)
		ret = pg_exec(c->conn, c->purpose, "CLOSE cellules_reponses");
	return ret;
}

/* A distribution to keep when every evaluation of the campaign is new
 * (agreger's v_nouvelles), and the completeness asked is a decimal. */
static int cellules_distribution_start(struct cellules *c, const char *completude)
{
	pg_result *r;
	bool all_new;
	int ret;

	if (decimal_parse(completude, &c->completude) != 0)
		return LECAP_OK; /* (agreger says what is wrong with it) */
	ret = pg_query(c->conn, c->purpose, "SELECT NOT EXISTS (SELECT 1 FROM t_eval WHERE NOT nouvelle)", 0, NULL,
		       &r);
	if (ret != LECAP_OK)
		return ret;
	all_new = strcmp(pg_value(r, 0, 0), "t") == 0;
	pg_result_free(r);
	if (!all_new)
		return LECAP_OK;
	if (!(c->rep = repartition_new()) || !(c->dem = demande_new()) || !(c->sc = somme_college_new()))
		return log_fail(LECAP_IO, "mémoire insuffisante");
	c->distributing = true;
	/* the grid's links from its objectives to the offers */
	ret = pg_query(c->conn, c->purpose,
		       "SELECT o.version, o.code, o.offre FROM lecap.element_offre o"
		       "  JOIN t_elem e ON e.version = o.version AND e.code = o.code"
		       " WHERE e.niveau = 'objectif' ORDER BY 1, 2, 3",
		       0, NULL, &r);
	if (ret != LECAP_OK)
		return ret;
	for (int i = 0; ret == LECAP_OK && i < pg_ntuples(r); i++)
		ret = demande_lien(c->dem, pg_value(r, i, 0), pg_value(r, i, 1), pg_value(r, i, 2));
	pg_result_free(r);
	return ret;
}

/* The distribution's rows ready, copied once there are CELLULES_FLUSH
 * bytes of a table's. */
static int cellules_distribution_flush(void *ctx, struct strbuf *g, struct strbuf *rc)
{
	struct cellules *c = ctx;
	int ret = cellules_copy(c, g, CELLULES_T_GC, CELLULES_FLUSH);

	return ret == LECAP_OK ? cellules_copy(c, rc, CELLULES_T_RC, CELLULES_FLUSH) : ret;
}

/* The distribution's aggregates into t_gc and t_rc, the demand for offers
 * into t_demande, and the count of the distribution's scores into
 * t_repartition (what agreger checks before reading them). */
static int cellules_distribution_write(struct cellules *c)
{
	struct strbuf g = {0}, rc = {0};
	char scores[24];
	const char *params[1] = {scores};
	int ret;

	if (!c->rep || repartition_given_up(c->rep))
		return LECAP_OK;
	ret = repartition_write(c->rep, &g, &rc, cellules_distribution_flush, c);
	if (ret == LECAP_OK && !repartition_given_up(c->rep)) {
		ret = cellules_copy(c, &g, CELLULES_T_GC, 0);
		if (ret == LECAP_OK)
			ret = cellules_copy(c, &rc, CELLULES_T_RC, 0);
		if (ret == LECAP_OK) {
			demande_write(c->dem, &g);
			ret = cellules_copy(c, &g, CELLULES_T_DEMANDE, 0);
		}
		if (ret == LECAP_OK) {
			somme_college_write(c->sc, &g);
			ret = cellules_copy(c, &g, CELLULES_T_SOMME_COLLEGE, 0);
		}
		snprintf(scores, sizeof scores, "%ld", repartition_scores(c->rep));
		if (ret == LECAP_OK)
			ret = pg_command(c->conn, c->purpose, "INSERT INTO t_repartition VALUES ($1::bigint)", 1,
					 params);
	}
	strbuf_release(&g);
	strbuf_release(&rc);
	return ret;
}

int cellules_calculer(pg_conn *conn, int campagne, const char *completude, bool overlap, long *rows)
{
	struct cellules c = {.conn = conn, .overlap = overlap};
	int ret;

	snprintf(c.campagne, sizeof c.campagne, "%d", campagne);
	snprintf(c.purpose, sizeof c.purpose, "calcul des agrégats de la campagne %d", campagne);
	ret = cellules_grid(&c);
	if (ret == LECAP_OK)
		ret = cellules_distribution_start(&c, completude);
	if (ret == LECAP_OK)
		ret = cellules_read(&c);
	if (ret == LECAP_OK)
		ret = cellules_distribution_write(&c);
	*rows = c.rows;
	cellules_free(&c);
	return ret;
}
