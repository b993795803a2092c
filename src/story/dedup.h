/*
 * dedup.h: copies of one text among stored articles: exact, near and
 * containment, and the canonical version of each group of copies.
 *
 * An article's fingerprint is the content hash of its normalized text (the
 * store's content key), its word and shingle counts and a MinHash sketch of
 * its word shingles (sim/shingle.h, sim/minhash.h).  It serializes to a
 * small versioned blob that the store keeps, so the in-memory index is
 * rebuilt from the blobs without the texts.  The index finds candidates by
 * LSH banding (sim/lsh.h) and confirms each one with the estimated Jaccard
 * (near copies) or containment (a wire story inside a page that adds its own
 * paragraphs, or a trimmed version of one).  Copies form groups; the
 * canonical of a group is the earliest published version, the longest when
 * several share a time.  Algorithm and measured parameters:
 * docs/internals/dedup.md.
 *
 * Pure in-memory code: no I/O, no SQL.  Functions that take a const index
 * (match, state, group) may run on several threads while nothing changes
 * the index; add, restore and remove need it alone.  A fingerprinter is
 * used by one thread at a time (one per thread).
 */
#ifndef LEDE_STORY_DEDUP_H
#define LEDE_STORY_DEDUP_H

#include <stddef.h>
#include <stdint.h>

enum {
	LEDE__DEDUP_MAX_SLOTS = 256,
	/* Version of the fingerprint blob; a blob of another version is refused. */
	LEDE__DEDUP_BLOB_VERSION = 1,
	LEDE__DEDUP_BLOB_HEADER = 24,
	LEDE__DEDUP_BLOB_MAX = LEDE__DEDUP_BLOB_HEADER + 2 * LEDE__DEDUP_MAX_SLOTS,
	/* At most this many groups are merged into one by a single add. */
	LEDE__DEDUP_MAX_MERGED = 8
};

typedef enum lede__dedup_relation {
	LEDE__DEDUP_NONE = 0,
	LEDE__DEDUP_EXACT = 1,       /* same normalized text */
	LEDE__DEDUP_NEAR = 2,        /* the same text, lightly edited */
	LEDE__DEDUP_CONTAINS = 3,    /* holds the other's text and adds its own */
	LEDE__DEDUP_CONTAINED_IN = 4 /* the other holds this text: a trimmed or earlier version */
} lede__dedup_relation;

/* "exact", "near", "contains", "contained-in"; "" for LEDE__DEDUP_NONE. */
const char *lede__dedup_relation_name(lede__dedup_relation relation);

/* Parameters; lede__dedup_params_default gives the measured defaults. */
typedef struct lede__dedup_params {
	unsigned shingle_words;      /* words per shingle */
	unsigned slots;              /* MinHash slots, <= LEDE__DEDUP_MAX_SLOTS */
	unsigned bands, rows;        /* LSH bands of rows slots; bands * rows <= slots */
	unsigned bucket_cap;         /* items an LSH bucket keeps */
	unsigned min_shingles;       /* texts with fewer shingles match only exactly */
	unsigned min_contained;      /* containment needs the smaller text to have this many */
	double near_jaccard;         /* estimated Jaccard for "near" */
	double containment;          /* estimated containment of the smaller text for contains / contained-in */
	double containment_jaccard;  /* below this Jaccard the containment estimate is too noisy to trust */
} lede__dedup_params;

void lede__dedup_params_default(lede__dedup_params *out);

/* LEDE_EINVAL (with the message set) when a field is out of its domain, else 0. */
int lede__dedup_params_check(const lede__dedup_params *params);

typedef struct lede__dedup_fingerprint {
	uint64_t content_hash;   /* XXH3 of the normalized text = lede__text_content_hash */
	uint32_t words;          /* words of the normalized text (at most 100000 are read) */
	uint32_t shingles;       /* distinct word shingles */
	uint16_t shingle_words;  /* the parameters it was made with */
	uint16_t slots;
	uint16_t sketch[LEDE__DEDUP_MAX_SLOTS];
} lede__dedup_fingerprint;

/* Reusable scratch memory for fingerprinting: one per thread. */
typedef struct lede__dedup_fingerprinter lede__dedup_fingerprinter;

/*
 * Creates a fingerprinter for `params` (NULL: the defaults) in *out; free it
 * with lede__dedup_fingerprinter_free.  Returns 0, LEDE_EINVAL or LEDE_ENOMEM.
 */
int lede__dedup_fingerprinter_new(lede__dedup_fingerprinter **out, const lede__dedup_params *params);
void lede__dedup_fingerprinter_free(lede__dedup_fingerprinter *fingerprinter);

/*
 * Fingerprints the UTF-8 article text `text` (`len` bytes; the extracted
 * text, without title) into *out.  Returns 0, LEDE_ETOOBIG or LEDE_ENOMEM.
 */
int lede__dedup_fingerprint_text(lede__dedup_fingerprint *out,
				 lede__dedup_fingerprinter *fingerprinter,
				 const char *text, size_t len);

/*
 * The same from the text already normalized by lede__text_normalize (for a
 * caller that normalized it for the content hash: normalizing is most of
 * the cost of a fingerprint).  Returns 0 or LEDE_ENOMEM.
 */
int lede__dedup_fingerprint_normalized(lede__dedup_fingerprint *out,
				       lede__dedup_fingerprinter *fingerprinter,
				       const char *normalized, size_t len);

/* Bytes of the blob of `fingerprint`: LEDE__DEDUP_BLOB_HEADER + 2 * slots. */
size_t lede__dedup_fingerprint_size(const lede__dedup_fingerprint *fingerprint);

/*
 * Writes the blob of `fingerprint` to `out` (`cap` bytes) and its size to
 * *out_len.  Little-endian: 'd', version, shingle words, 0, slots (u16), 0
 * (u16), content hash (u64), words (u32), shingles (u32), then the sketch
 * (u16 each).  Returns 0 or LEDE_ETOOBIG when `cap` is too small.
 */
int lede__dedup_fingerprint_encode(uint8_t *out, size_t cap, size_t *out_len,
				   const lede__dedup_fingerprint *fingerprint);

/*
 * Reads a blob written by lede__dedup_fingerprint_encode.  Returns 0, or
 * LEDE_EFORMAT when it is not a fingerprint blob of this version (re-make
 * the fingerprint from the text then).
 */
int lede__dedup_fingerprint_decode(lede__dedup_fingerprint *out, const void *blob, size_t len);

/*
 * The relation of the text of `a` to the text of `b` under `params`, and its
 * score: 1 for exact, the estimated Jaccard for near, the estimated share of
 * the smaller text found in the larger for contains / contained-in.  The
 * two must have been made with the same shingle words and slots.  A text
 * without words is no copy of anything; texts under min_shingles are only
 * exact copies.
 */
lede__dedup_relation lede__dedup_compare(double *out_score, const lede__dedup_params *params,
					  const lede__dedup_fingerprint *a,
					  const lede__dedup_fingerprint *b);

typedef struct lede__dedup_index lede__dedup_index;

/*
 * Creates an empty index for `params` (NULL: the defaults) in *out; free it
 * with lede__dedup_index_free.  Returns 0, LEDE_EINVAL or LEDE_ENOMEM.
 */
int lede__dedup_index_new(lede__dedup_index **out, const lede__dedup_params *params);
void lede__dedup_index_free(lede__dedup_index *index);

/* The parameters the index was made with. */
const lede__dedup_params *lede__dedup_index_params(const lede__dedup_index *index);

/* Sizes the index for `articles` articles in all, so that loading them does not rehash. */
int lede__dedup_index_reserve(lede__dedup_index *index, size_t articles);

/* The stored article most like a new text. */
typedef struct lede__dedup_match {
	int64_t matched;                /* its id; 0 when no stored article is a copy */
	int64_t canonical;              /* the canonical of its group */
	lede__dedup_relation relation;  /* of the new text to `matched` */
	double score;                   /* as lede__dedup_compare */
} lede__dedup_match;

/*
 * Finds the stored article that `fingerprint` is the closest copy of,
 * without adding it.  Returns 0 (out->matched = 0 when there is none) or
 * LEDE_EINVAL when the fingerprint was made with other parameters.
 */
int lede__dedup_index_match(lede__dedup_match *out, const lede__dedup_index *index,
			    const lede__dedup_fingerprint *fingerprint);

/* What adding, restoring or removing an article changed. */
typedef struct lede__dedup_change {
	lede__dedup_match match;  /* what the new article matched (zero for remove) */
	int64_t canonical;        /* canonical of the article's group now (itself when alone) */
	/*
	 * Former canonicals whose groups now have `canonical`: every article
	 * whose duplicate_of was one of these now has `canonical` (and the
	 * former canonical itself is now a member).  Their relations to the
	 * canonical are read back with lede__dedup_index_state.
	 */
	int64_t replaced[LEDE__DEDUP_MAX_MERGED];
	size_t replaced_count;
} lede__dedup_change;

/*
 * Adds article `id` (> 0, not yet in the index) published at unix time
 * `published` (0: unknown) with `fingerprint`: matches it, puts it in the
 * group of its closest copy (merging other groups it is a near copy of or
 * contained in; groups it only contains are not merged: a page holding two
 * wire stories does not make them copies of each other) and updates the
 * canonical.  Returns 0, LEDE_EINVAL (id taken, or other parameters) or
 * LEDE_ENOMEM (the index is then unchanged).
 */
int lede__dedup_index_add(lede__dedup_change *out, lede__dedup_index *index, int64_t id,
			  int64_t published, const lede__dedup_fingerprint *fingerprint);

/*
 * Adds article `id` to the group the store recorded, without matching:
 * `duplicate_of` is its canonical's id, or 0 (or `id`) for a canonical or a
 * single article.  Articles may come in any order.  The canonical is chosen
 * again by the rule, so a store written under another rule may read back a
 * different one (compare with lede__dedup_index_state).  Returns 0,
 * LEDE_EINVAL or LEDE_ENOMEM.
 */
int lede__dedup_index_restore(lede__dedup_index *index, int64_t id, int64_t published,
			      const lede__dedup_fingerprint *fingerprint, int64_t duplicate_of);

/*
 * The canonicals that restored articles name (their duplicate_of) but that
 * were not restored themselves, as when a window of a larger store is
 * restored: up to `cap` of their ids go to `out`, in no order.  Returns how
 * many there are.
 */
size_t lede__dedup_index_missing(int64_t *out, size_t cap, const lede__dedup_index *index);

/*
 * Removes article `id`.  out->canonical is the canonical of the group it
 * left (0 when it was alone); when it was the canonical, out->replaced holds
 * its id.  Its memory is reclaimed only by building a new index.  Returns 0
 * or LEDE_ENOTFOUND.
 */
int lede__dedup_index_remove(lede__dedup_change *out, lede__dedup_index *index, int64_t id);

/* Where a stored article stands. */
typedef struct lede__dedup_state {
	int64_t canonical;              /* its group's canonical (itself when it is the canonical) */
	lede__dedup_relation relation;  /* to the canonical; NONE for the canonical itself */
	double score;                   /* as lede__dedup_compare */
	size_t group_size;              /* articles in its group */
} lede__dedup_state;

/*
 * The state of article `id`.  A member is always given one of the four
 * relations: when the thresholds do not hold between it and the canonical
 * (it joined through another member), the longer of the two "contains" the
 * other, or "near" when their lengths are within a tenth.  Returns 0 or
 * LEDE_ENOTFOUND.
 */
int lede__dedup_index_state(lede__dedup_state *out, const lede__dedup_index *index, int64_t id);

/*
 * Writes up to `cap` ids of the members of the group of `id` (the canonical
 * first) to `out` and returns the group size (0 when `id` is unknown).
 */
size_t lede__dedup_index_group(int64_t *out, size_t cap, const lede__dedup_index *index, int64_t id);

/* Counters for monitoring and for deciding when to rebuild. */
typedef struct lede__dedup_stats {
	uint64_t adds;        /* lede__dedup_index_add calls that succeeded */
	uint64_t candidates;  /* LSH candidates those adds compared (about 0-2 each when all is well) */
	uint64_t removed;     /* removed articles whose memory a rebuild would reclaim */
} lede__dedup_stats;

void lede__dedup_index_stats(lede__dedup_stats *out, const lede__dedup_index *index);

/* Articles in the index (removed ones excluded). */
size_t lede__dedup_index_count(const lede__dedup_index *index);

/* Bytes of memory the index holds, for every article added (removed ones included). */
size_t lede__dedup_index_memory(const lede__dedup_index *index);

#endif
