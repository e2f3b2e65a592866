/* Unit tests of src/generate_rng.c: reference vectors and fixed outputs, so
 * that a change of the generator's bytes is seen here first. */
#include <criterion/criterion.h>

#include "generate/generate_rng.h"

Test(generate_rng, splitmix64_reference)
{
	uint64_t s = 0;
	cr_assert_eq(gen_rng_splitmix64(&s), 0xe220a8397b1dcdafULL);
}

Test(generate_rng, xoshiro256starstar_reference)
{
	/* The reference implementation's outputs from state {1, 2, 3, 4}. */
	struct gen_rng r = {{1, 2, 3, 4}};
	cr_assert_eq(gen_rng_next(&r), 11520ULL);
	cr_assert_eq(gen_rng_next(&r), 0ULL);
	cr_assert_eq(gen_rng_next(&r), 1509978240ULL);
	cr_assert_eq(gen_rng_next(&r), 1215971899390074240ULL);
}

Test(generate_rng, seeded_first_outputs)
{
	struct gen_rng r;

	gen_rng_init(&r, 42, 0);
	cr_assert_eq(gen_rng_next(&r), 0x1ff785474f113b15ULL);
	cr_assert_eq(gen_rng_next(&r), 0x4b7867ceff5d8325ULL);
	cr_assert_eq(gen_rng_next(&r), 0x90ca7a95a9909966ULL);
	gen_rng_init(&r, 42, 1);
	cr_assert_eq(gen_rng_next(&r), 0x584870a53e6ddcdfULL, "another stream, another sequence");
	gen_rng_init(&r, 42, 0);
	cr_assert_eq(gen_rng_below(&r, 100), 12);
	cr_assert_eq(gen_rng_below(&r, 100), 29);
	cr_assert_eq(gen_rng_below(&r, 100), 56);
}

Test(generate_rng, ranges_and_moments)
{
	struct gen_rng r;
	double s1 = 0, s2 = 0, w[3] = {1, 0, 3};
	int counts[3] = {0, 0, 0};

	gen_rng_init(&r, 7, 7);
	for (int i = 0; i < 100000; i++) {
		int v = gen_rng_range(&r, 3, 15);
		double u = gen_rng_unit(&r), x = gen_rng_normal(&r);
		cr_assert(v >= 3 && v <= 15);
		cr_assert(u >= 0 && u < 1);
		cr_assert(x > -3.47 && x < 3.47);
		s1 += x;
		s2 += x * x;
		counts[gen_rng_weighted(&r, w, 3)]++;
	}
	cr_assert(s1 / 100000 > -0.02 && s1 / 100000 < 0.02, "mean %f", s1 / 100000);
	cr_assert(s2 / 100000 > 0.97 && s2 / 100000 < 1.03, "variance %f", s2 / 100000);
	cr_assert_eq(counts[1], 0, "a zero weight is never drawn");
	cr_assert(counts[2] > 2.8 * counts[0] && counts[2] < 3.2 * counts[0]);
}
