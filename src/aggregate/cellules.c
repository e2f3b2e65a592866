/*
 * The cells of the new evaluations' answers; see cellules.h. The answers
 * are read through a cursor, FETCH by FETCH, in evaluation order: one
 * evaluation's sums are held at a time (a few hundred counters), and the
 * rows written go to t_cell by COPY whenever a megabyte is ready (a COPY
 * cannot run while another is reading; a cursor can wait between two
 * FETCH). Memory stays flat whatever the campaign's size.
 */
#include "aggregate/cellules.h"

#include "base/log.h"
#include "base/strbuf.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CELLULES_FETCH 2000 /* rows per FETCH: the number in CELLULES_FETCH_SQL */
#define CELLULES_FETCH_SQL "FETCH 2000 FROM cellules_reponses"
#define CELLULES_FLUSH ((size_t)1 << 20)
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
	char **st, **obj; /* the codes (NULL: none in the grid) */
	size_t nst, nobj;
};

struct cellules {
	pg_conn *conn;
	struct version *v;
	size_t nv, max_pos, max_st, max_obj;
	/* the evaluation being read */
	char id[24];
	const struct version *cur; /* NULL: no grid for its version (no cells) */
	char *college[CELLULES_COLLEGES];
	size_t ncol;
	struct acc *ind, *st, *obj; /* max_pos; colleges × max_st; colleges × max_obj */
	struct strbuf out;
	long rows;
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

/* Adds the indicator at the next position of the last version. */
static int cellules_position(struct cellules *c, const pg_result *r, int row)
{
	struct version *v = &c->v[c->nv - 1];
	struct pos *grown;
	int st, obj;

	if (atol(pg_value(r, row, 1)) != (long)v->npos + 1)
		return log_fail(LECAP_DB, "cellules : la grille %s n'a pas ses positions à la suite (%s après %zu)",
				v->name, pg_value(r, row, 1), v->npos);
	st = cellules_code(&v->st, &v->nst, pg_isnull(r, row, 3) ? NULL : pg_value(r, row, 3));
	obj = cellules_code(&v->obj, &v->nobj, pg_isnull(r, row, 4) ? NULL : pg_value(r, row, 4));
	if (st < 0 || obj < 0 || !(grown = realloc(v->pos, (v->npos + 1) * sizeof *grown)))
		return log_fail(LECAP_IO, "mémoire insuffisante");
	v->pos = grown;
	v->pos[v->npos++] = (struct pos){.ind = atol(pg_value(r, row, 2)), .st = st, .obj = obj};
	return LECAP_OK;
}

/* The grids of the campaign's versions, as agreger_preparer numbered them
 * (t_elem: an indicator's position in the notes, its id, its sub-theme and
 * objective). */
static int cellules_grid(struct cellules *c)
{
	pg_result *r;
	int ret = pg_query(c->conn, "lecture de la grille des cellules",
			   "SELECT version, pos, id, sous_theme, parent FROM t_elem WHERE pos IS NOT NULL"
			   " ORDER BY version, pos",
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
	for (size_t i = 0; ret == LECAP_OK && i < c->nv; i++) {
		c->max_pos = c->v[i].npos > c->max_pos ? c->v[i].npos : c->max_pos;
		c->max_st = c->v[i].nst > c->max_st ? c->v[i].nst : c->max_st;
		c->max_obj = c->v[i].nobj > c->max_obj ? c->v[i].nobj : c->max_obj;
	}
	if (ret == LECAP_OK && (!(c->ind = calloc(c->max_pos + 1, sizeof *c->ind)) ||
				!(c->st = calloc(CELLULES_COLLEGES * (c->max_st + 1), sizeof *c->st)) ||
				!(c->obj = calloc(CELLULES_COLLEGES * (c->max_obj + 1), sizeof *c->obj))))
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
		free(c->v[i].st);
		free(c->v[i].obj);
		free(c->v[i].pos);
		free(c->v[i].name);
	}
	free(c->v);
	for (size_t i = 0; i < c->ncol; i++)
		free(c->college[i]);
	free(c->ind);
	free(c->st);
	free(c->obj);
	strbuf_release(&c->out);
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
	char num[24];

	if (!present) {
		strbuf_puts(b, "\t\\N");
		return;
	}
	snprintf(num, sizeof num, "\t%ld", v);
	strbuf_puts(b, num);
}

/* One row of t_cell: evaluation_id, ind, college, code, objectif,
 * consensus, n_notes, somme, ecart, note_consensus. */
static void cellules_row(struct cellules *c, long ind, const char *college, const char *code,
			 const char *objectif, const struct acc *a)
{
	struct strbuf *b = &c->out;

	strbuf_puts(b, c->id);
	cellules_int(b, ind >= 0, ind);
	strbuf_putc(b, '\t');
	strbuf_copy_field(b, college);
	strbuf_putc(b, '\t');
	strbuf_copy_field(b, code);
	strbuf_putc(b, '\t');
	strbuf_copy_field(b, objectif);
	strbuf_puts(b, a->cons ? "\tt" : "\tf");
	cellules_int(b, true, a->n);
	cellules_int(b, a->n > 0, a->sum);
	cellules_int(b, a->n > 0, a->max - a->min);
	cellules_int(b, a->cons_note > 0, a->cons_note);
	strbuf_putc(b, '\n');
	c->rows++;
}

/* The rows of the evaluation read (none before the first), its counters
 * cleared. */
static void cellules_flush_evaluation(struct cellules *c)
{
	const struct version *v = c->cur;

	for (size_t k = 0; v && k < v->npos; k++)
		if (c->ind[k].any)
			cellules_row(c, v->pos[k].ind, NULL, NULL, NULL, &c->ind[k]);
	for (size_t g = 0; v && g < c->ncol; g++) {
		for (size_t s = 0; s < v->nst; s++)
			if (c->st[g * c->max_st + s].any)
				cellules_row(c, -1, c->college[g], v->st[s], NULL, &c->st[g * c->max_st + s]);
		for (size_t o = 0; o < v->nobj; o++)
			if (c->obj[g * c->max_obj + o].any)
				cellules_row(c, -1, c->college[g], NULL, v->obj[o], &c->obj[g * c->max_obj + o]);
	}
	memset(c->ind, 0, (c->max_pos + 1) * sizeof *c->ind);
	memset(c->st, 0, CELLULES_COLLEGES * (c->max_st + 1) * sizeof *c->st);
	memset(c->obj, 0, CELLULES_COLLEGES * (c->max_obj + 1) * sizeof *c->obj);
	for (size_t i = 0; i < c->ncol; i++)
		free(c->college[i]);
	c->ncol = 0;
	c->cur = NULL;
	c->id[0] = '\0';
}

/* The index of the respondent's college in the evaluation's, -1 (logged)
 * when there are too many or memory is short. */
static int cellules_college(struct cellules *c, const char *college)
{
	for (size_t i = 0; i < c->ncol; i++)
		if (strcmp(c->college[i], college) == 0)
			return (int)i;
	if (c->ncol == CELLULES_COLLEGES) {
		log_error("cellules : plus de %d collèges dans l'évaluation %s", CELLULES_COLLEGES, c->id);
		return -1;
	}
	if (!(c->college[c->ncol] = strdup(college))) {
		log_error("mémoire insuffisante");
		return -1;
	}
	return (int)c->ncol++;
}

/* One respondent's row: evaluation id, version, college, consensus row?,
 * notes (one character per indicator: '.' unanswered, 'N' NC, '1'-'4'). */
static int cellules_respondent(struct cellules *c, const pg_result *r, int row)
{
	const char *id = pg_value(r, row, 0), *notes = pg_value(r, row, 4);
	bool cons = strcmp(pg_value(r, row, 3), "t") == 0;
	int g;

	if (strcmp(id, c->id) != 0) {
		cellules_flush_evaluation(c);
		snprintf(c->id, sizeof c->id, "%s", id);
		for (size_t i = 0; i < c->nv; i++)
			if (strcmp(c->v[i].name, pg_value(r, row, 1)) == 0)
				c->cur = &c->v[i];
	}
	if (!c->cur)
		return LECAP_OK; /* a version without indicators: no cell, as the grid's join gave none */
	if ((g = cellules_college(c, pg_value(r, row, 2))) < 0)
		return LECAP_IO;
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

/* The rows ready, copied into t_cell. */
static int cellules_copy(struct cellules *c)
{
	int ret;

	if (c->out.oom)
		return log_fail(LECAP_IO, "mémoire insuffisante");
	if (c->out.len == 0)
		return LECAP_OK;
	ret = pg_copy_begin(c->conn, "écriture des cellules des réponses",
			    "COPY t_cell (evaluation_id, ind, college, code, objectif, consensus, n_notes, somme, ecart,"
			    " note_consensus) FROM STDIN");
	if (ret == LECAP_OK && (ret = pg_copy_put(c->conn, c->out.p, c->out.len)) != LECAP_OK)
		(void)pg_copy_end(c->conn, "échec de l'écriture");
	else if (ret == LECAP_OK)
		ret = pg_copy_end(c->conn, NULL);
	c->out.len = 0;
	return ret;
}

/* Reads the new evaluations' answers, FETCH by FETCH, into t_cell. */
static int cellules_read(struct cellules *c)
{
	pg_result *r;
	int ret = pg_exec(c->conn, "lecture des réponses des évaluations nouvelles",
			  "DECLARE cellules_reponses NO SCROLL CURSOR FOR"
			  " SELECT e.id, e.version, p.college, r.repondant = e.cons, r.notes"
			  "   FROM t_eval e"
			  "   JOIN lecap.reponse r ON r.evaluation_id = e.id"
			  "   JOIN t_resp p ON p.evaluation_id = r.evaluation_id AND p.numero = r.repondant"
			  "  WHERE e.nouvelle"
			  "  ORDER BY e.id, r.repondant");
	int n = CELLULES_FETCH;

	while (ret == LECAP_OK && n == CELLULES_FETCH) {
		ret = pg_query(c->conn, "lecture des réponses des évaluations nouvelles",
			       CELLULES_FETCH_SQL, 0, NULL, &r);
		if (ret != LECAP_OK)
			break;
		n = pg_ntuples(r);
		for (int i = 0; ret == LECAP_OK && i < n; i++)
			ret = cellules_respondent(c, r, i);
		pg_result_free(r);
		if (ret == LECAP_OK && c->out.len >= CELLULES_FLUSH)
			ret = cellules_copy(c);
	}
	if (ret == LECAP_OK) {
		cellules_flush_evaluation(c);
		ret = cellules_copy(c);
	}
	if (ret == LECAP_OK)
		ret = pg_exec(c->conn, "lecture des réponses des évaluations nouvelles", "CLOSE cellules_reponses");
	return ret;
}

int cellules_calculer(pg_conn *conn, long *rows)
{
	struct cellules c = {.conn = conn};
	int ret = cellules_grid(&c);

	if (ret == LECAP_OK)
		ret = cellules_read(&c);
	*rows = c.rows;
	cellules_free(&c);
	return ret;
}
