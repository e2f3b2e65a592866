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

/*
 * The comparison key of a coded value, compared whole: letters folded as by
 * text_key(), spaces (including the no-break U+00A0 and narrow no-break
 * U+202F spaces) and the ASCII characters of `ignored` dropped — with ' in
 * it the typographic apostrophes ‘ ’ too, with . the middle dots · ‧ of
 * inclusive writing. Returns false, with no key, when any other character
 * is met (punctuation, symbols) or when the key does not fit in size bytes:
 * "84" followed by padding and text never gives "84".
 */
bool text_code_key(const char *utf8, const char *ignored, char *out, size_t size);

/* Whether utf8 starts with a space, a no-break space (U+00A0) or a narrow
 * no-break space (U+202F); *len gets its length in bytes. */
bool text_is_space_at(const char *utf8, size_t *len);

/* Whether buf holds valid UTF-8 (no overlong forms, no surrogates). */
bool text_is_utf8(const char *buf, size_t len);

/*
 * A file name (or any text quoted in a message) as messages and the database
 * show it: valid UTF-8 is kept, control characters (newline, tab, escape,
 * DEL, C1 controls), the line and paragraph separators U+2028/U+2029, the
 * bidirectional controls U+202A..U+202E and U+2066..U+2069, and bytes that
 * are not UTF-8 become "\xNN" (one per byte) — so that a hostile name can neither break a log line nor
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

/*
 * The reason for errno err as lecap prints it: in French for a full file
 * system (ENOSPC « plus de place sur le système de fichiers », EDQUOT « quota
 * de disque dépassé »), strerror(err) otherwise.
 */
const char *text_errno(int err);

/* True when err says the file system is full (ENOSPC, EDQUOT). */
bool text_errno_full(int err);

#endif
