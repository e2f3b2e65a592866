/* COPY text buffers; see copybuf.h. */
#include "ingest/copybuf.h"

#include "ingest/export_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void copybuf_text(struct cbuf *b, const char *s)
{
	size_t n = strlen(s);
	if (!copybuf_reserve(b, 2 * n))
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

void copybuf_int(struct cbuf *b, long long v)
{
	char t[24];
	copybuf_raw(b, t, (size_t)snprintf(t, sizeof(t), "%lld", v));
}

void copybuf_opt(struct cbuf *b, const char *s)
{
	if (s)
		copybuf_text(b, s);
	else
		copybuf_raw(b, "\\N", 2);
}

bool copybuf_reponse_rows(struct cbuf *resp, struct cbuf *answers, const char *prefix, size_t plen,
		     const struct export_reponse *row, const char *version, size_t nind)
{
	char *o, *notes;

	copybuf_raw(resp, prefix, plen);
	copybuf_text(resp, row->repondant);
	copybuf_raw(resp, "\t", 1);
	copybuf_str(resp, row->college);
	copybuf_raw(resp, "\n", 1);
	copybuf_raw(answers, prefix, plen);
	copybuf_text(answers, version);
	copybuf_raw(answers, "\t", 1);
	if (!copybuf_reserve(answers, nind + 1))
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

bool copybuf_action_rows(struct cbuf *actions, struct cbuf *offers, const char *plan_id,
		    const struct export_action *row)
{
	copybuf_str(actions, plan_id); copybuf_raw(actions, "\t", 1);
	copybuf_int(actions, row->numero); copybuf_raw(actions, "\t", 1);
	copybuf_text(actions, row->objectif); copybuf_raw(actions, "\t", 1);
	copybuf_text(actions, row->action); copybuf_raw(actions, "\t", 1);
	copybuf_int(actions, row->priorite); copybuf_raw(actions, "\t", 1);
	copybuf_text(actions, row->responsable); copybuf_raw(actions, "\t", 1);
	copybuf_opt(actions, row->echeance); copybuf_raw(actions, "\t", 1);
	copybuf_str(actions, row->statut); copybuf_raw(actions, "\n", 1);
	for (size_t i = 0; i < row->noffres; i++) {
		/* The same offer twice in one action counts once. */
		bool dup = false;
		for (size_t j = 0; j < i; j++)
			dup = dup || strcmp(row->offres[i], row->offres[j]) == 0;
		if (dup)
			continue;
		copybuf_str(offers, plan_id); copybuf_raw(offers, "\t", 1);
		copybuf_int(offers, row->numero); copybuf_raw(offers, "\t", 1);
		copybuf_text(offers, row->offres[i]); copybuf_raw(offers, "\n", 1);
	}
	return !actions->oom && !offers->oom;
}
