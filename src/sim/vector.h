/*
 * vector.h: sparse term vectors and the u64 -> u32 hash map behind term and
 * id lookups.
 *
 * A term is the 32-bit hash of its text in a name space (lede__term_hash):
 * vectors, document frequencies and serialized event states carry hashes,
 * never strings.  With a vocabulary of a million terms about a hundred pairs
 * collide; two unrelated terms sharing a weight moves a cosine by far less
 * than the thresholds' resolution, so clustering does not see it.  0 is not
 * a term (it marks an empty map slot).
 *
 * A vector is a list of (term, weight) sorted by term without repeats, so a
 * dot product is one merge pass.  Pure in-memory code.
 */
#ifndef LEDE_SIM_VECTOR_H
#define LEDE_SIM_VECTOR_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

typedef uint32_t lede__term;

/* Name spaces of lede__term_hash: the same word is a different term in each. */
enum lede__term_space {
	LEDE__TERM_WORD = 0,   /* stems of title and body words, numbers */
	LEDE__TERM_ENTITY = 1  /* names of people, organizations, places */
};

/* The term of `len` bytes of `text` in `space`; never 0. */
lede__term lede__term_hash(const char *text, size_t len, unsigned space);

typedef struct lede__term_weight {
	lede__term term;
	float weight;
} lede__term_weight;

typedef struct lede__vector {
	lede__term_weight *items; /* sorted by term, no repeats */
	uint32_t count, cap;
} lede__vector;

void lede__vector_init(lede__vector *vector);
void lede__vector_free(lede__vector *vector);
void lede__vector_clear(lede__vector *vector);
int lede__vector_reserve(lede__vector *vector, size_t cap);

/* *out (initialized, previous contents dropped) becomes a copy of `vector`. */
int lede__vector_copy(lede__vector *out, const lede__vector *vector);

/*
 * *out (initialized) becomes the term counts of `terms` (`count` terms in any
 * order, repeats allowed): each distinct term with its number of occurrences.
 * `terms` is sorted in place.
 */
int lede__vector_count_terms(lede__vector *out, lede__term *terms, size_t count);

/* The weight of `term`, 0 when absent. */
float lede__vector_get(const lede__vector *vector, lede__term term);

double lede__vector_dot(const lede__vector *a, const lede__vector *b);
double lede__vector_norm(const lede__vector *vector);
void lede__vector_scale(lede__vector *vector, double factor);

/* acc += factor * vector.  Returns 0 or LEDE_ENOMEM (acc unchanged). */
int lede__vector_add(lede__vector *acc, const lede__vector *vector, double factor);

/* Keeps the `keep` heaviest terms (ties: the smaller term); stays sorted. */
void lede__vector_truncate(lede__vector *vector, size_t keep);

/* Gives back the room beyond its terms (kept as it is when the allocator refuses). */
void lede__vector_shrink(lede__vector *vector);

/*
 * Writes the `k` heaviest items of `vector` (fewer when it is shorter) to
 * `out`, heaviest first (ties: the smaller term first), and returns their
 * number.
 */
size_t lede__vector_top(lede__term_weight *out, size_t k, const lede__vector *vector);

/*
 * Open-addressing hash map from nonzero u64 keys (terms, ids) to u32 values,
 * linear probing, deletion by backward shift (no tombstones).
 */
typedef struct lede__u64map {
	uint64_t *keys; /* 0: empty */
	uint32_t *values;
	size_t cap;     /* a power of two, or 0 */
	size_t count;
} lede__u64map;

void lede__u64map_init(lede__u64map *map);
void lede__u64map_free(lede__u64map *map);

/* Makes room for `count` keys in all without growing again. */
int lede__u64map_reserve(lede__u64map *map, size_t count);

/* The value slot of `key`, or NULL when absent.  Valid until the next insert or remove. */
uint32_t *lede__u64map_find(const lede__u64map *map, uint64_t key);

/*
 * The value slot of `key` in *out, inserting it with value `initial` when
 * absent (*out_inserted, which may be NULL, says which).  Returns 0 or
 * LEDE_ENOMEM.
 */
int lede__u64map_upsert(uint32_t **out, int *out_inserted, lede__u64map *map, uint64_t key,
			uint32_t initial);

/* Removes `key`; 1 when it was present. */
int lede__u64map_remove(lede__u64map *map, uint64_t key);

/* Iteration: the slot index after `position` holding a key, or map->cap at the end. */
size_t lede__u64map_next(const lede__u64map *map, size_t position);

/*
 * Serialized forms (event states, document frequencies) are built with these
 * writers: little-endian fixed-width integers, IEEE floats, LEB128 varints.
 * Each returns 0 or the error of lede__buf_append (the buffer is then freed).
 */
int lede__wire_u8(lede__buf *out, uint8_t value);
int lede__wire_u32(lede__buf *out, uint32_t value);
int lede__wire_u64(lede__buf *out, uint64_t value);
int lede__wire_f32(lede__buf *out, float value);
int lede__wire_f64(lede__buf *out, double value);
int lede__wire_varint(lede__buf *out, uint64_t value);

/*
 * Reads what the writers wrote.  A read past the end, or a malformed varint,
 * sets `failed` and returns 0; callers check `failed` once at the end.
 */
typedef struct lede__wire_reader {
	const uint8_t *data;
	size_t len, pos;
	int failed;
} lede__wire_reader;

void lede__wire_reader_init(lede__wire_reader *reader, const void *data, size_t len);
uint8_t lede__wire_read_u8(lede__wire_reader *reader);
uint32_t lede__wire_read_u32(lede__wire_reader *reader);
uint64_t lede__wire_read_u64(lede__wire_reader *reader);
float lede__wire_read_f32(lede__wire_reader *reader);
double lede__wire_read_f64(lede__wire_reader *reader);
uint64_t lede__wire_read_varint(lede__wire_reader *reader);

/*
 * A vector as: count (varint), then per item the gap from the previous term
 * (varint; the first from 0) and the weight (f32): weights round-trip exactly.
 */
int lede__vector_encode(lede__buf *out, const lede__vector *vector);

/*
 * Reads a vector written by lede__vector_encode into *out (initialized;
 * previous contents dropped).  At most `max_count` items are accepted.
 * Returns 0, LEDE_EFORMAT or LEDE_ENOMEM.
 */
int lede__vector_decode(lede__vector *out, lede__wire_reader *reader, size_t max_count);

#endif
