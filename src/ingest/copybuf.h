/*
 * A growable buffer of COPY text-format rows (tab-separated, \N for NULL,
 * backslash, tab, LF and CR escaped): how the loaders build what they send
 * with pg_copy_put. A failed allocation sets oom and makes later appends
 * no-ops, so that callers check once per row or per flush.
 *
 * The buffer is base/strbuf.h's growable string (struct cbuf is another
 * name for struct strbuf, kept so that the loaders read as before): this
 * module adds only the COPY-specific escaping and rows on top of it.
 * Caller-owned: zero-initialise it, copybuf_release() frees it.
 */
#ifndef LECAP_INGEST_COPYBUF_H
#define LECAP_INGEST_COPYBUF_H

#include "base/strbuf.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#define cbuf strbuf

/* Room for more bytes at p + len; false (and oom) when out of memory. */
static inline bool copybuf_reserve(struct cbuf *b, size_t more) { return strbuf_reserve(b, more); }
static inline void copybuf_raw(struct cbuf *b, const char *s, size_t n)
{
	if (n)
		strbuf_add(b, s, n);
}
/* Appends s as is (codes, numbers, dates: nothing to escape). */
static inline void copybuf_str(struct cbuf *b, const char *s) { copybuf_raw(b, s, strlen(s)); }
/* Appends s escaped for COPY text format. */
void copybuf_text(struct cbuf *b, const char *s);
void copybuf_int(struct cbuf *b, long long v);
/* Appends s escaped, or \N when s is NULL. */
void copybuf_opt(struct cbuf *b, const char *s);
static inline void copybuf_release(struct cbuf *b) { strbuf_release(b); }

struct export_reponse;
/*
 * The rows of one respondent: "<prefix><pseudonym>\t<college>\n" into resp,
 * and "<prefix><version>\t<notes>\n" into answers, prefix being
 * "<evaluation id>\t<respondent number>\t" (the columns of lecap.reponse,
 * sql/030_reponse_par_repondant.sql): notes holds one character per indicator
 * of the grid, in the grid's order (nind of them): '1'–'4' a note,
 * REPONSE_NC non concerné, REPONSE_VIDE no answer. False when out of memory
 * (the buffer's oom is then set).
 */
#define REPONSE_VIDE '.'
#define REPONSE_NC 'N'
struct export_action;
/*
 * The rows of one plan action: the action into actions, one
 * "<plan id>\t<action number>\t<offer>\n" row per distinct offer into
 * offers. False when out of memory.
 */
bool copybuf_action_rows(struct cbuf *actions, struct cbuf *offers, const char *plan_id,
		    const struct export_action *row);
bool copybuf_reponse_rows(struct cbuf *resp, struct cbuf *answers, const char *prefix, size_t plen,
		     const struct export_reponse *row, const char *version, size_t nind);

#endif
