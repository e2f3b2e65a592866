/*
 * Text helpers for French data: folding for comparisons, transcoding.
 */
#ifndef LECAP_BASE_TEXT_H
#define LECAP_BASE_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Writes into out (size bytes, NUL-terminated, truncated if needed) the
 * comparison key of a UTF-8 label: lower-case ASCII letters and digits only,
 * accents folded (é→e, œ→oe, ç→c), everything else dropped — so « Collège »,
 * "college" and "COLLEGE " give "college", and "Raison sociale" and
 * "raison_sociale" give "raisonsociale".
 */
void text_key(const char *utf8, char *out, size_t size);

/* Whether buf holds valid UTF-8 (no overlong forms, no surrogates). */
bool text_is_utf8(const char *buf, size_t len);

/*
 * A file name as messages and the database show it: valid UTF-8 is kept,
 * control characters (newline, tab, DEL...) and bytes that are not UTF-8
 * become "\xNN" — so that a hostile name can neither break a log line nor
 * be refused by a UTF-8 database. Returns a string to free, NULL when out of
 * memory.
 */
char *text_shown_name(const char *name);



/*
 * Windows-1252 → UTF-8. out must hold 3 * len + 1 bytes. Returns the UTF-8
 * length, or -1 when a byte has no Windows-1252 character (0x81, 0x8D,
 * 0x8F, 0x90, 0x9D), *bad_offset then giving its offset.
 */
long text_cp1252_to_utf8(const char *in, size_t len, char *out, size_t *bad_offset);

#endif
