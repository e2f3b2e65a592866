/* Unit tests of src/sha256.c against FIPS 180-4 vectors. */
#include <criterion/criterion.h>
#include <string.h>

#include "io/sha256.h"

static void hash(const char *s, size_t len, size_t chunk, char out[65])
{
	struct sha256 h;
	sha256_init(&h);
	for (size_t i = 0; i < len; i += chunk)
		sha256_update(&h, s + i, len - i < chunk ? len - i : chunk);
	sha256_final_hex(&h, out);
}

Test(sha256, vectors)
{
	char out[65];
	hash("", 0, 1, out);
	cr_assert_str_eq(out, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	hash("abc", 3, 1, out);
	cr_assert_str_eq(out, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	for (size_t chunk = 1; chunk < 70; chunk += 7) {
		hash(m, strlen(m), chunk, out);
		cr_assert_str_eq(out, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	}
}

Test(sha256, million_a)
{
	static char a[1000000];
	char out[65];
	memset(a, 'a', sizeof(a));
	hash(a, sizeof(a), 4096, out);
	cr_assert_str_eq(out, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}
