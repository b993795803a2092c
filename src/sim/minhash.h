/*
 * minhash.h: MinHash sketches of a hash set, and the Jaccard and containment
 * estimates they give.
 *
 * One-permutation hashing (Li, Owen & Zhang, NIPS 2012): each element is
 * hashed once; its high bits pick one of K slots and its low bits compete for
 * that slot's minimum.  Slots no element fell into (a short text) are filled
 * by optimal densification (Shrivastava, ICML 2017): slot i copies the first
 * non-empty slot of a probe sequence seeded by i, which keeps
 * P(slot i agrees) = Jaccard for every slot.  Only the low 16 bits of each
 * minimum are kept (b-bit MinHash, Li & Koenig, WWW 2010): two different
 * minima agree by chance with probability 2^-16, which the estimate corrects.
 */
#ifndef LEDE_SIM_MINHASH_H
#define LEDE_SIM_MINHASH_H

#include <stddef.h>
#include <stdint.h>

enum { LEDE__MINHASH_MAX_SLOTS = 1024 };

/*
 * Writes the `slots`-slot sketch of the `count` hashes (a set: repeats do
 * not change it) to `out`.  An empty set gives all zeros.  `slots` must be
 * 1..LEDE__MINHASH_MAX_SLOTS (otherwise nothing is written).
 */
void lede__minhash_sketch(uint16_t *out, size_t slots, const uint64_t *hashes, size_t count);

/* How many of the `slots` slots of `a` and `b` agree. */
size_t lede__minhash_agreements(const uint16_t *a, const uint16_t *b, size_t slots);

/*
 * The Jaccard similarity |A∩B| / |A∪B| estimated from the share of slots
 * that agree, corrected for chance agreement of 16-bit values; in [0, 1].
 */
double lede__minhash_jaccard(const uint16_t *a, const uint16_t *b, size_t slots);

/*
 * The containment |A∩B| / |A| of A in B implied by Jaccard `jaccard` and the
 * set sizes: |A∩B| = J (|A| + |B|) / (1 + J).  Clamped to [0, 1]; 0 when A
 * is empty.
 */
double lede__minhash_containment(double jaccard, size_t size_a, size_t size_b);

#endif
