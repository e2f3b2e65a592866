/* SHA-256 through libcrypto; see sha256.h. */
#define OPENSSL_SUPPRESS_DEPRECATED /* SHA256_Init & co.: no allocation, no cleanup */
#include "io/sha256.h"

#include <openssl/sha.h>

_Static_assert(sizeof(SHA256_CTX) <= sizeof(((struct sha256 *)0)->ctx.raw),
	       "struct sha256 too small for SHA256_CTX");
_Static_assert(_Alignof(SHA256_CTX) <= _Alignof(uint64_t), "SHA256_CTX alignment");

static SHA256_CTX *ctx(struct sha256 *s)
{
	return (SHA256_CTX *)(void *)s->ctx.raw;
}

void sha256_init(struct sha256 *s)
{
	SHA256_Init(ctx(s));
}

void sha256_update(struct sha256 *s, const void *data, size_t len)
{
	SHA256_Update(ctx(s), data, len);
}

void sha256_final_hex(struct sha256 *s, char hex[65])
{
	static const char digits[] = "0123456789abcdef";
	unsigned char md[SHA256_DIGEST_LENGTH];

	SHA256_Final(md, ctx(s));
	for (int i = 0; i < SHA256_DIGEST_LENGTH; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[64] = '\0';
}
