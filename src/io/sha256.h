/*
 * SHA-256 (FIPS 180-4), streaming: the fingerprint that decides whether a
 * received file was already seen, and whether a referential file changed.
 * struct sha256 is caller-owned; no cleanup needed.
 *
 * The work is libcrypto's (OpenSSL), which uses the processor's SHA
 * instructions when it has them (several times the speed of portable C:
 * re-dropped files are hashed in full). Only src/sha256.c includes OpenSSL.
 */
#ifndef LECAP_IO_SHA256_H
#define LECAP_IO_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
	/* libcrypto's SHA256_CTX, opaque here (size checked in sha256.c). */
	union {
		unsigned char raw[128];
		uint64_t align;
	} ctx;
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
/* Writes 64 lower-case hex digits and a NUL into hex. */
void sha256_final_hex(struct sha256 *s, char hex[65]);

#endif
