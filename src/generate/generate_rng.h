/*
 * The generator's pseudo-random numbers: xoshiro256** seeded through
 * splitmix64 (Blackman and Vigna), never rand(). Integer arithmetic only,
 * and the few floating-point helpers use +, *, floor and no libm
 * transcendental function, so that one seed gives the same bytes on every
 * platform.
 *
 * A struct gen_rng is a caller-owned value: gen_rng_init() fills it, nothing
 * to release.
 */
#ifndef LECAP_GENERATE_GENERATE_RNG_H
#define LECAP_GENERATE_GENERATE_RNG_H

#include <stddef.h>
#include <stdint.h>

struct gen_rng {
	uint64_t s[4];
};

/* One splitmix64 step: advances *state and returns the next output. */
uint64_t gen_rng_splitmix64(uint64_t *state);

/*
 * Seeds from a seed and a stream number: two streams of one seed are
 * independent, so that each enterprise (or each file's defect draw) has its
 * own sequence and generating enterprise i needs nothing of the others.
 */
void gen_rng_init(struct gen_rng *r, uint64_t seed, uint64_t stream);

uint64_t gen_rng_next(struct gen_rng *r);
/* Uniform integer in [0, n), n > 0, without modulo bias. */
uint32_t gen_rng_below(struct gen_rng *r, uint32_t n);
/* Uniform integer in [lo, hi]. */
int gen_rng_range(struct gen_rng *r, int lo, int hi);
/* Uniform double in [0, 1), 53 bits. */
double gen_rng_unit(struct gen_rng *r);
/* True with probability p. */
int gen_rng_chance(struct gen_rng *r, double p);
/* Approximately standard normal (Irwin–Hall sum of four uniforms, scaled to
 * variance 1, range ±3.46): one draw, arithmetic only. */
double gen_rng_normal(struct gen_rng *r);
/* Index drawn with the given non-negative weights (n > 0, sum > 0). */
size_t gen_rng_weighted(struct gen_rng *r, const double *weights, size_t n);

#endif
