/*
 * shingle.h: the set of word shingles of a normalized text, as 64-bit hashes.
 *
 * A w-shingle is a run of w consecutive words (Broder, "On the resemblance
 * and containment of documents", 1997).  Each word is hashed once (XXH3) and a
 * shingle's hash mixes the hashes of its words in order, so one pass over the
 * text gives every shingle.  Repeats are dropped: the result is the set that
 * MinHash samples and whose size the containment estimate needs.
 */
#ifndef LEDE_SIM_SHINGLE_H
#define LEDE_SIM_SHINGLE_H

#include <stddef.h>
#include <stdint.h>

enum {
	LEDE__SHINGLE_MAX_WIDTH = 8,
	/* Words past this many are ignored: the cost of a page stays bounded. */
	LEDE__SHINGLE_MAX_WORDS = 100000
};

/*
 * A reusable shingle set.  Fill it with lede__shingles_compute; its memory is
 * kept between calls (one per thread) and released by lede__shingles_free.
 */
typedef struct lede__shingles {
	uint64_t *hashes; /* the distinct shingle hashes, in order of first occurrence */
	size_t count;     /* how many */
	size_t words;     /* words read from the text (at most LEDE__SHINGLE_MAX_WORDS) */
	/* private: capacity of `hashes` and the open-addressing set that removes repeats */
	size_t capacity;
	uint64_t *seen;
	size_t seen_capacity;
} lede__shingles;

void lede__shingles_init(lede__shingles *shingles);

/* Releases the memory; the set is empty and can be filled again.  NULL-safe. */
void lede__shingles_free(lede__shingles *shingles);

/*
 * Replaces the contents of `shingles` with the `width`-word shingles of
 * `normalized`: words separated by single spaces, as lede__text_normalize
 * writes them.  A text of fewer than `width` words (but at least one) gives
 * one shingle of all its words; an empty text gives none.  No hash is 0.
 * Returns 0, LEDE_EINVAL for a width outside 1..LEDE__SHINGLE_MAX_WIDTH, or
 * LEDE_ENOMEM (the set is then empty).
 */
int lede__shingles_compute(lede__shingles *shingles, const char *normalized, size_t len,
			   unsigned width);

#endif
