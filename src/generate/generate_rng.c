/* xoshiro256** and splitmix64, from the reference implementations at
 * https://prng.di.unimi.it/ (public domain). */
#include "generate/generate_rng.h"

uint64_t gen_rng_splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void gen_rng_init(struct gen_rng *r, uint64_t seed, uint64_t stream)
{
	/* Mix the stream into the seed through one splitmix64 output, so that
	 * neighbouring streams start far apart. */
	uint64_t st = stream;
	uint64_t x = seed ^ gen_rng_splitmix64(&st);

	for (int i = 0; i < 4; i++)
		r->s[i] = gen_rng_splitmix64(&x);
}

static inline uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t gen_rng_next(struct gen_rng *r)
{
	uint64_t *s = r->s;
	const uint64_t result = rotl(s[1] * 5, 7) * 9;
	const uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

uint32_t gen_rng_below(struct gen_rng *r, uint32_t n)
{
	/* Lemire's multiply-and-reject: exact and platform-independent. */
	uint64_t m = (uint64_t)(uint32_t)(gen_rng_next(r) >> 32) * n;
	uint32_t low = (uint32_t)m;

	if (low < n) {
		uint32_t threshold = (uint32_t)-n % n;
		while (low < threshold) {
			m = (uint64_t)(uint32_t)(gen_rng_next(r) >> 32) * n;
			low = (uint32_t)m;
		}
	}
	return (uint32_t)(m >> 32);
}

int gen_rng_range(struct gen_rng *r, int lo, int hi)
{
	return lo + (int)gen_rng_below(r, (uint32_t)(hi - lo + 1));
}

double gen_rng_unit(struct gen_rng *r)
{
	return (double)(gen_rng_next(r) >> 11) * 0x1.0p-53;
}

int gen_rng_chance(struct gen_rng *r, double p)
{
	return gen_rng_unit(r) < p;
}

double gen_rng_normal(struct gen_rng *r)
{
	uint64_t x = gen_rng_next(r);
	/* Four 16-bit uniforms; their sum has mean 2 and variance 1/3. */
	double sum = (double)((x & 0xffff) + ((x >> 16) & 0xffff) + ((x >> 32) & 0xffff) +
			      (x >> 48)) / 65536.0;
	return (sum - 2.0) * 1.7320508075688772;
}

size_t gen_rng_weighted(struct gen_rng *r, const double *weights, size_t n)
{
	double total = 0, u;

	for (size_t i = 0; i < n; i++)
		total += weights[i];
	u = gen_rng_unit(r) * total;
	for (size_t i = 0; i < n; i++) {
		if (u < weights[i])
			return i;
		u -= weights[i];
	}
	return n - 1;
}
