#include "shingle.h"

#include <string.h>

#include "util/alloc.h"
#include "util/error.h"
#include "util/hash.h"

static uint64_t rotate_left(uint64_t x, unsigned bits)
{
	return (x << bits) | (x >> (64 - bits));
}

/* The finalizer of MurmurHash3: every input bit reaches every output bit. */
static uint64_t mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

/*
 * The hash of `width` word hashes taken in order from the ring buffer
 * `ring` starting at `first`.  Rotating before each step makes the result
 * depend on the order of the words, not only on which words they are.
 */
static uint64_t shingle_hash(const uint64_t *ring, unsigned first, unsigned width)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL;
	unsigned i;

	for (i = 0; i < width; i++)
		h = (rotate_left(h, 23) ^ ring[(first + i) % LEDE__SHINGLE_MAX_WIDTH]) * 0x9e3779b97f4a7c15ULL;
	h = mix64(h ^ width);
	return h ? h : 1;
}

void lede__shingles_init(lede__shingles *shingles)
{
	shingles->hashes = NULL;
	shingles->count = 0;
	shingles->words = 0;
	shingles->capacity = 0;
	shingles->seen = NULL;
	shingles->seen_capacity = 0;
}

void lede__shingles_free(lede__shingles *shingles)
{
	if (!shingles)
		return;
	lede__dealloc(shingles->hashes);
	lede__dealloc(shingles->seen);
	lede__shingles_init(shingles);
}

/* Slots of the repeat-removing set for `words` words: a power of two, at least twice as many. */
static size_t seen_size_for(size_t words)
{
	size_t size = 16;

	while (size < 2 * (words ? words : 1))
		size *= 2;
	return size;
}

/* Makes room for `words` shingles and their repeat-removing set. */
static int reserve(lede__shingles *shingles, size_t words)
{
	size_t need = words ? words : 1, seen = seen_size_for(words);

	if (need > shingles->capacity) {
		uint64_t *grown = lede__realloc(shingles->hashes, need * sizeof *grown);

		if (!grown)
			return lede__error_nomem();
		shingles->hashes = grown;
		shingles->capacity = need;
	}
	if (seen > shingles->seen_capacity) {
		lede__dealloc(shingles->seen);
		shingles->seen = lede__malloc(seen * sizeof *shingles->seen);
		shingles->seen_capacity = shingles->seen ? seen : 0;
		if (!shingles->seen)
			return lede__error_nomem();
	}
	return 0;
}

/* Adds `h` to the set unless it is there already. */
static void add_distinct(lede__shingles *shingles, size_t mask, uint64_t h)
{
	size_t i = (size_t)(h * 0x9e3779b97f4a7c15ULL >> 32) & mask;

	while (shingles->seen[i]) {
		if (shingles->seen[i] == h)
			return;
		i = (i + 1) & mask;
	}
	shingles->seen[i] = h;
	shingles->hashes[shingles->count++] = h;
}

int lede__shingles_compute(lede__shingles *shingles, const char *normalized, size_t len,
			   unsigned width)
{
	uint64_t ring[LEDE__SHINGLE_MAX_WIDTH];
	const char *p = normalized, *end = normalized + len, *space;
	size_t words = 0, mask, seen_size;
	int rc;

	shingles->count = 0;
	shingles->words = 0;
	if (width < 1 || width > LEDE__SHINGLE_MAX_WIDTH)
		return lede__error(LEDE_EINVAL, "shingle width %u outside 1..%d", width,
				   LEDE__SHINGLE_MAX_WIDTH);
	/* Words are separated by single spaces, so spaces + 1 bounds the count. */
	for (space = p; space < end && (space = memchr(space, ' ', (size_t)(end - space))) != NULL; space++)
		words++;
	words = len ? words + 1 : 0;
	if (words > LEDE__SHINGLE_MAX_WORDS)
		words = LEDE__SHINGLE_MAX_WORDS;
	if ((rc = reserve(shingles, words)) != 0) {
		lede__shingles_free(shingles);
		return rc;
	}
	seen_size = seen_size_for(words);
	mask = seen_size - 1;
	memset(shingles->seen, 0, seen_size * sizeof *shingles->seen);

	words = 0;
	while (p < end && words < LEDE__SHINGLE_MAX_WORDS) {
		space = memchr(p, ' ', (size_t)(end - p));
		if (!space)
			space = end;
		if (space > p) {
			ring[words % LEDE__SHINGLE_MAX_WIDTH] = lede__hash64(p, (size_t)(space - p));
			words++;
			if (words >= width)
				add_distinct(shingles, mask,
					     shingle_hash(ring, (unsigned)((words - width) % LEDE__SHINGLE_MAX_WIDTH),
							  width));
		}
		p = space + 1;
	}
	if (words > 0 && words < width)
		add_distinct(shingles, mask, shingle_hash(ring, 0, (unsigned)words));
	shingles->words = words;
	return 0;
}
