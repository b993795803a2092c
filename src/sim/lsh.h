/*
 * lsh.h: candidate lookup for MinHash sketches by banding.
 *
 * The first bands * rows slots of a sketch are cut into `bands` bands of
 * `rows` slots.  Two items sharing every slot of some band are candidates,
 * so a pair of Jaccard J is found with probability 1 - (1 - J^rows)^bands
 * (Broder 1997; Leskovec, Rajaraman & Ullman, "Mining of Massive Datasets",
 * ch. 3).  One open-addressing table maps (band, slot values) to a bucket of
 * items.  A bucket keeps at most `bucket_cap` items: a story copied a
 * thousand times then costs a lookup at most `bucket_cap` candidates per
 * band, and its later copies still find the first ones.  Items cannot be
 * removed; the owner skips the ones it dropped and rebuilds to reclaim them.
 */
#ifndef LEDE_SIM_LSH_H
#define LEDE_SIM_LSH_H

#include <stddef.h>
#include <stdint.h>

typedef struct lede__lsh lede__lsh;

/* Largest item number: items are indexes below 2^31. */
#define LEDE__LSH_MAX_ITEM 0x7fffffffu

/*
 * Creates an empty index in *out (free with lede__lsh_free).  bands and rows
 * >= 1, rows <= 16, bucket_cap >= 1.  Returns 0, LEDE_EINVAL or LEDE_ENOMEM.
 */
int lede__lsh_new(lede__lsh **out, unsigned bands, unsigned rows, unsigned bucket_cap);

void lede__lsh_free(lede__lsh *lsh);

/* Sizes the table for `items` items so that adding them does not rehash. */
int lede__lsh_reserve(lede__lsh *lsh, size_t items);

/*
 * Adds `item` (<= LEDE__LSH_MAX_ITEM) under each band of `sketch`, which has
 * at least bands * rows slots.  Bands whose bucket is full skip it.  Returns
 * 0 or LEDE_ENOMEM (when a bucket list could not grow, the item may then be
 * in some bands).
 */
int lede__lsh_add(lede__lsh *lsh, uint32_t item, const uint16_t *sketch);

/*
 * Writes the items that share a band with `sketch` to `out`, each once, in
 * increasing order, and returns how many it wrote.  At most `cap` bucket
 * entries are read (bands in order), which bounds the work of one lookup.
 */
size_t lede__lsh_query(uint32_t *out, size_t cap, const lede__lsh *lsh, const uint16_t *sketch);

/* Bytes of memory the index holds. */
size_t lede__lsh_memory(const lede__lsh *lsh);

#endif
