/* COPY text buffers; see copybuf.h. */
#include "ingest/copybuf.h"

#include "ingest/export_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cb_text(struct cbuf *b, const char *s)
{
	size_t n = strlen(s);
	if (!cb_reserve(b, 2 * n))
		return;
	char *o = b->p + b->len;
	for (; *s; s++) {
		switch (*s) {
		case '\\': *o++ = '\\'; *o++ = '\\'; break;
		case '\t': *o++ = '\\'; *o++ = 't'; break;
		case '\n': *o++ = '\\'; *o++ = 'n'; break;
		case '\r': *o++ = '\\'; *o++ = 'r'; break;
		default: *o++ = *s;
		}
	}
	b->len = (size_t)(o - b->p);
	*o = '\0'; /* strbuf's invariant: reserve kept room for it */
}

void cb_int(struct cbuf *b, long long v)
{
	char t[24];
	cb_raw(b, t, (size_t)snprintf(t, sizeof(t), "%lld", v));
}

void cb_opt(struct cbuf *b, const char *s)
{
	if (s)
		cb_text(b, s);
	else
		cb_raw(b, "\\N", 2);
}

bool cb_reponse_rows(struct cbuf *resp, struct cbuf *answers, const char *prefix, size_t plen,
		     const struct export_reponse *row, const char *version, size_t nind)
{
	char *o, *notes;

	cb_raw(resp, prefix, plen);
	cb_text(resp, row->repondant);
	cb_raw(resp, "\t", 1);
	cb_str(resp, row->college);
	cb_raw(resp, "\n", 1);
	cb_raw(answers, prefix, plen);
	cb_text(answers, version);
	cb_raw(answers, "\t", 1);
	if (!cb_reserve(answers, nind + 1))
		return false;
	o = answers->p + answers->len;
	notes = o;
	memset(notes, REPONSE_VIDE, nind);
	for (size_t i = 0; i < row->ncells; i++)
		if (row->position[i] >= 0 && (size_t)row->position[i] < nind)
			notes[row->position[i]] = row->note[i] == 0 ? REPONSE_NC : (char)('0' + row->note[i]);
	o += nind;
	*o++ = '\n';
	answers->len = (size_t)(o - answers->p);
	*o = '\0'; /* strbuf's invariant: reserve kept room for it */
	return !resp->oom;
}

bool cb_action_rows(struct cbuf *actions, struct cbuf *offers, const char *plan_id,
		    const struct export_action *row)
{
	cb_str(actions, plan_id); cb_raw(actions, "\t", 1);
	cb_int(actions, row->numero); cb_raw(actions, "\t", 1);
	cb_text(actions, row->objectif); cb_raw(actions, "\t", 1);
	cb_text(actions, row->action); cb_raw(actions, "\t", 1);
	cb_int(actions, row->priorite); cb_raw(actions, "\t", 1);
	cb_text(actions, row->responsable); cb_raw(actions, "\t", 1);
	cb_opt(actions, row->echeance); cb_raw(actions, "\t", 1);
	cb_str(actions, row->statut); cb_raw(actions, "\n", 1);
	for (size_t i = 0; i < row->noffres; i++) {
		/* The same offer twice in one action counts once. */
		bool dup = false;
		for (size_t j = 0; j < i; j++)
			dup = dup || strcmp(row->offres[i], row->offres[j]) == 0;
		if (dup)
			continue;
		cb_str(offers, plan_id); cb_raw(offers, "\t", 1);
		cb_int(offers, row->numero); cb_raw(offers, "\t", 1);
		cb_text(offers, row->offres[i]); cb_raw(offers, "\n", 1);
	}
	return !actions->oom && !offers->oom;
}
