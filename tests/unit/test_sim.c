/* Unit tests of src/sim: word shingles, MinHash sketches, LSH banding. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "lede.h"
#include "sim/lsh.h"
#include "sim/minhash.h"
#include "sim/shingle.h"
#include "util/alloc.h"

static int contains_hash(const lede__shingles *s, uint64_t h)
{
	size_t i;

	for (i = 0; i < s->count; i++)
		if (s->hashes[i] == h)
			return 1;
	return 0;
}

static void shingles_are_the_set_of_word_runs(void **state)
{
	static const char text[] = "a b c d a b c d";
	lede__shingles s, t;

	(void)state;
	lede__shingles_init(&s);
	lede__shingles_init(&t);
	assert_int_equal(lede__shingles_compute(&s, text, strlen(text), 4), 0);
	/* abcd bcda cdab dabc abcd: the repeat of abcd counts once. */
	assert_int_equal(s.words, 8);
	assert_int_equal(s.count, 4);
	assert_int_equal(lede__shingles_compute(&t, "c d a b", 7, 4), 0);
	assert_int_equal(t.count, 1);
	assert_true(contains_hash(&s, t.hashes[0]));
	lede__shingles_free(&s);
	lede__shingles_free(&t);
}

static void shingles_depend_on_word_order(void **state)
{
	lede__shingles s, t;
	uint64_t first;

	(void)state;
	lede__shingles_init(&s);
	lede__shingles_init(&t);
	assert_int_equal(lede__shingles_compute(&s, "the river bridge reopened", 25, 4), 0);
	assert_int_equal(lede__shingles_compute(&t, "reopened bridge river the", 25, 4), 0);
	assert_int_equal(s.count, 1);
	assert_int_equal(t.count, 1);
	assert_true(s.hashes[0] != t.hashes[0]);
	first = s.hashes[0];
	/* The same words give the same hash on every call: fingerprints are stored. */
	assert_int_equal(lede__shingles_compute(&s, "the river bridge reopened", 25, 4), 0);
	assert_true(s.hashes[0] == first);
	lede__shingles_free(&s);
	lede__shingles_free(&t);
}

static void short_and_empty_texts_and_bad_widths(void **state)
{
	lede__shingles s;

	(void)state;
	lede__shingles_init(&s);
	assert_int_equal(lede__shingles_compute(&s, "two words", 9, 4), 0);
	assert_int_equal(s.count, 1);
	assert_int_equal(s.words, 2);
	assert_true(s.hashes[0] != 0);
	assert_int_equal(lede__shingles_compute(&s, "", 0, 4), 0);
	assert_int_equal(s.count, 0);
	assert_int_equal(s.words, 0);
	assert_int_equal(lede__shingles_compute(&s, "a b", 3, 0), LEDE_EINVAL);
	assert_int_equal(lede__shingles_compute(&s, "a b", 3, LEDE__SHINGLE_MAX_WIDTH + 1), LEDE_EINVAL);
	lede__shingles_free(&s);
	lede__shingles_free(NULL);
}

/* Distinct pseudo-random 64-bit values: element `i` of set `tag`. */
static uint64_t element(uint64_t i)
{
	uint64_t z = i * 0x9e3779b97f4a7c15ULL + 12345;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void minhash_estimates_jaccard(void **state)
{
	static uint64_t a[3000], b[3000];
	uint16_t sa[256], sb[256];
	size_t i;
	double j;

	(void)state;
	/* 1000 shared elements, 1000 of each set's own: Jaccard 1/3. */
	for (i = 0; i < 2000; i++) {
		a[i] = element(i);
		b[i] = element(i < 1000 ? i : i + 5000);
	}
	lede__minhash_sketch(sa, 256, a, 2000);
	lede__minhash_sketch(sb, 256, b, 2000);
	j = lede__minhash_jaccard(sa, sb, 256);
	assert_true(fabs(j - 1.0 / 3.0) < 0.1);
	assert_true(lede__minhash_jaccard(sa, sa, 256) == 1.0);
	/* Repeats do not change a set's sketch. */
	for (i = 0; i < 1000; i++)
		a[2000 + i] = a[i];
	lede__minhash_sketch(sb, 256, a, 3000);
	assert_int_equal(lede__minhash_agreements(sa, sb, 256), 256);
}

static void minhash_of_a_tiny_set_fills_every_slot(void **state)
{
	uint64_t three[3] = {element(1), element(2), element(3)};
	uint64_t other[3] = {element(7), element(8), element(9)};
	uint16_t s[128], t[128];
	size_t i, from_set = 0;

	(void)state;
	lede__minhash_sketch(s, 128, three, 3);
	lede__minhash_sketch(t, 128, three, 3);
	assert_int_equal(lede__minhash_agreements(s, t, 128), 128);
	/* Densified: every slot holds the low bits of one of the three minima. */
	for (i = 0; i < 128; i++)
		from_set += s[i] == (uint16_t)three[0] || s[i] == (uint16_t)three[1] ||
			    s[i] == (uint16_t)three[2];
	assert_int_equal(from_set, 128);
	lede__minhash_sketch(t, 128, other, 3);
	assert_true(lede__minhash_jaccard(s, t, 128) < 0.1);
	lede__minhash_sketch(t, 128, NULL, 0);
	for (i = 0; i < 128; i++)
		assert_int_equal(t[i], 0);
}

static void containment_follows_from_jaccard_and_sizes(void **state)
{
	(void)state;
	/* A (100) inside B (200): J = 100 / 200. */
	assert_true(fabs(lede__minhash_containment(0.5, 100, 200) - 1.0) < 1e-9);
	assert_true(fabs(lede__minhash_containment(0.5, 200, 100) - 0.5) < 1e-9);
	assert_true(lede__minhash_containment(0.0, 100, 200) == 0.0);
	assert_true(lede__minhash_containment(0.9, 0, 200) == 0.0);
	/* Noise never pushes it past 1. */
	assert_true(lede__minhash_containment(0.8, 100, 200) == 1.0);
}

static void fill_sketch(uint16_t *sketch, size_t slots, uint16_t base)
{
	size_t i;

	for (i = 0; i < slots; i++)
		sketch[i] = (uint16_t)(base + i * 7);
}

static void lsh_finds_items_sharing_a_band(void **state)
{
	lede__lsh *lsh = NULL;
	uint16_t a[16], b[16], q[16];
	uint32_t out[8];

	(void)state;
	assert_int_equal(lede__lsh_new(&lsh, 8, 2, 4), 0);
	fill_sketch(a, 16, 100);
	fill_sketch(b, 16, 5000);
	assert_int_equal(lede__lsh_add(lsh, 1, a), 0);
	assert_int_equal(lede__lsh_add(lsh, 2, b), 0);
	assert_int_equal(lede__lsh_query(out, 8, lsh, a), 1);
	assert_int_equal(out[0], 1);
	/* Agreeing with `b` in band 5 only (slots 10 and 11) is enough. */
	fill_sketch(q, 16, 9000);
	q[10] = b[10];
	q[11] = b[11];
	assert_int_equal(lede__lsh_query(out, 8, lsh, q), 1);
	assert_int_equal(out[0], 2);
	/* One slot of a band is not. */
	q[11] = 1;
	assert_int_equal(lede__lsh_query(out, 8, lsh, q), 0);
	assert_true(lede__lsh_memory(lsh) > 0);
	lede__lsh_free(lsh);
	lede__lsh_free(NULL);
}

static void lsh_buckets_are_capped_and_queries_deduplicated(void **state)
{
	lede__lsh *lsh = NULL;
	uint16_t a[16];
	uint32_t out[64], item;

	(void)state;
	assert_int_equal(lede__lsh_new(&lsh, 8, 2, 3), 0);
	fill_sketch(a, 16, 42);
	for (item = 0; item < 10; item++)
		assert_int_equal(lede__lsh_add(lsh, item, a), 0);
	/* Eight bands hold the same three items: each comes back once. */
	assert_int_equal(lede__lsh_query(out, 64, lsh, a), 3);
	assert_int_equal(out[0], 0);
	assert_int_equal(out[1], 1);
	assert_int_equal(out[2], 2);
	assert_int_equal(lede__lsh_add(lsh, LEDE__LSH_MAX_ITEM + 1u, a), LEDE_EINVAL);
	lede__lsh_free(lsh);
}

static void lsh_grows_and_keeps_every_item(void **state)
{
	lede__lsh *lsh = NULL;
	uint16_t s[8];
	uint32_t out[4], item;

	(void)state;
	assert_int_equal(lede__lsh_new(&lsh, 4, 2, 8), 0);
	assert_int_equal(lede__lsh_reserve(lsh, 100), 0);
	for (item = 0; item < 5000; item++) {
		fill_sketch(s, 8, (uint16_t)(item * 13));
		s[0] = (uint16_t)item;
		s[2] = (uint16_t)(item >> 3);
		assert_int_equal(lede__lsh_add(lsh, item, s), 0);
	}
	for (item = 0; item < 5000; item += 97) {
		size_t n, i, seen = 0;

		fill_sketch(s, 8, (uint16_t)(item * 13));
		s[0] = (uint16_t)item;
		s[2] = (uint16_t)(item >> 3);
		n = lede__lsh_query(out, 4, lsh, s);
		for (i = 0; i < n; i++)
			seen += out[i] == item;
		assert_int_equal(seen, 1);
	}
	lede__lsh_free(lsh);
}

static void lsh_refuses_bad_parameters(void **state)
{
	lede__lsh *lsh = (lede__lsh *)1;

	(void)state;
	assert_int_equal(lede__lsh_new(&lsh, 0, 2, 4), LEDE_EINVAL);
	assert_null(lsh);
	assert_int_equal(lede__lsh_new(&lsh, 8, 17, 4), LEDE_EINVAL);
	assert_int_equal(lede__lsh_new(&lsh, 8, 2, 0), LEDE_EINVAL);
}

static void lsh_survives_every_allocation_failure(void **state)
{
	uint16_t s[16];
	long fail;

	(void)state;
	for (fail = 0; fail < 200; fail++) {
		lede__lsh *lsh = NULL;
		uint32_t item, out[4];
		int rc = 0;

		lede__alloc_fail_after(fail);
		if (lede__lsh_new(&lsh, 8, 2, 4) == 0) {
			for (item = 0; item < 50 && rc == 0; item++) {
				fill_sketch(s, 16, (uint16_t)(item % 5));
				rc = lede__lsh_add(lsh, item, s);
			}
			if (rc != 0)
				assert_int_equal(rc, LEDE_ENOMEM);
		}
		lede__alloc_fail_after(-1);
		if (lsh) {
			fill_sketch(s, 16, 0);
			(void)lede__lsh_query(out, 4, lsh, s);
		}
		lede__lsh_free(lsh);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shingles_are_the_set_of_word_runs),
		cmocka_unit_test(shingles_depend_on_word_order),
		cmocka_unit_test(short_and_empty_texts_and_bad_widths),
		cmocka_unit_test(minhash_estimates_jaccard),
		cmocka_unit_test(minhash_of_a_tiny_set_fills_every_slot),
		cmocka_unit_test(containment_follows_from_jaccard_and_sizes),
		cmocka_unit_test(lsh_finds_items_sharing_a_band),
		cmocka_unit_test(lsh_buckets_are_capped_and_queries_deduplicated),
		cmocka_unit_test(lsh_grows_and_keeps_every_item),
		cmocka_unit_test(lsh_refuses_bad_parameters),
		cmocka_unit_test(lsh_survives_every_allocation_failure),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
