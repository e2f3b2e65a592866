/*
 * SHA-256 (FIPS 180-4), streaming: the fingerprint that decides whether a
 * received file was already seen, and whether a referential file changed.
 * struct sha256 is caller-owned; no cleanup needed.
 */
#ifndef LECAP_SHA256_H
#define LECAP_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t h[8];
	uint64_t len;
	unsigned char buf[64];
	size_t used;
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
/* Writes 64 lower-case hex digits and a NUL into hex. */
void sha256_final_hex(struct sha256 *s, char hex[65]);

#endif
