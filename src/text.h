/*
 * Text helpers for French data: folding for comparisons, transcoding.
 */
#ifndef LECAP_TEXT_H
#define LECAP_TEXT_H

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

#endif
