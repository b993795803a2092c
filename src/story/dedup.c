#include "dedup.h"

#include <string.h>

#include "sim/lsh.h"
#include "sim/minhash.h"
#include "sim/shingle.h"
#include "text/normalize.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/hash.h"

/* Candidates read from the LSH buckets for one lookup (bounds its work). */
enum { MAX_CANDIDATES = 1024 };

#define NONE_INDEX UINT32_MAX

/* Lengths within this ratio count as "near" for a member related only through another. */
#define SAME_LENGTH 0.9

const char *lede__dedup_relation_name(lede__dedup_relation relation)
{
	switch (relation) {
	case LEDE__DEDUP_EXACT:
		return "exact";
	case LEDE__DEDUP_NEAR:
		return "near";
	case LEDE__DEDUP_CONTAINS:
		return "contains";
	case LEDE__DEDUP_CONTAINED_IN:
		return "contained-in";
	default:
		return "";
	}
}

/* The values docs/internals/dedup.md measured on the labeled set of bench/dedup. */
void lede__dedup_params_default(lede__dedup_params *out)
{
	out->shingle_words = 4;
	out->slots = 128;
	out->bands = 24;
	out->rows = 2;
	out->bucket_cap = 64;
	out->min_shingles = 8;
	out->min_contained = 40;
	out->near_jaccard = 0.6;
	out->containment = 0.8;
	out->containment_jaccard = 0.2;
}

int lede__dedup_params_check(const lede__dedup_params *p)
{
	if (p->shingle_words < 1 || p->shingle_words > LEDE__SHINGLE_MAX_WIDTH)
		return lede__error(LEDE_EINVAL, "shingle words %u outside 1..%d", p->shingle_words,
				   LEDE__SHINGLE_MAX_WIDTH);
	if (p->slots < 1 || p->slots > LEDE__DEDUP_MAX_SLOTS)
		return lede__error(LEDE_EINVAL, "MinHash slots %u outside 1..%d", p->slots,
				   LEDE__DEDUP_MAX_SLOTS);
	if (p->bands < 1 || p->rows < 1 || p->rows > 16 || p->bands > p->slots ||
	    p->bands * p->rows > p->slots)
		return lede__error(LEDE_EINVAL, "%u bands of %u rows do not fit %u slots", p->bands,
				   p->rows, p->slots);
	if (p->bucket_cap < 1)
		return lede__error(LEDE_EINVAL, "LSH bucket cap must be at least 1");
	if (!(p->near_jaccard > 0.0 && p->near_jaccard <= 1.0) ||
	    !(p->containment > 0.0 && p->containment <= 1.0) ||
	    !(p->containment_jaccard >= 0.0 && p->containment_jaccard <= 1.0))
		return lede__error(LEDE_EINVAL, "dedup thresholds must lie in (0, 1]");
	return 0;
}

/* ---- fingerprints ---- */

struct lede__dedup_fingerprinter {
	lede__dedup_params params;
	lede__buf normalized;
	lede__shingles shingles;
};

int lede__dedup_fingerprinter_new(lede__dedup_fingerprinter **out, const lede__dedup_params *params)
{
	lede__dedup_fingerprinter *f;
	int rc;

	*out = NULL;
	f = lede__calloc(1, sizeof *f);
	if (!f)
		return lede__error_nomem();
	if (params)
		f->params = *params;
	else
		lede__dedup_params_default(&f->params);
	if ((rc = lede__dedup_params_check(&f->params)) != 0) {
		lede__dealloc(f);
		return rc;
	}
	lede__buf_init(&f->normalized, 0);
	lede__shingles_init(&f->shingles);
	*out = f;
	return 0;
}

void lede__dedup_fingerprinter_free(lede__dedup_fingerprinter *f)
{
	if (!f)
		return;
	lede__buf_free(&f->normalized);
	lede__shingles_free(&f->shingles);
	lede__dealloc(f);
}

int lede__dedup_fingerprint_normalized(lede__dedup_fingerprint *out, lede__dedup_fingerprinter *f,
				       const char *normalized, size_t len)
{
	int rc;

	memset(out, 0, sizeof *out);
	out->content_hash = lede__hash64(normalized, len);
	if ((rc = lede__shingles_compute(&f->shingles, normalized, len, f->params.shingle_words)) != 0)
		return rc;
	out->words = (uint32_t)f->shingles.words;
	out->shingles = (uint32_t)f->shingles.count;
	out->shingle_words = (uint16_t)f->params.shingle_words;
	out->slots = (uint16_t)f->params.slots;
	lede__minhash_sketch(out->sketch, f->params.slots, f->shingles.hashes, f->shingles.count);
	return 0;
}

int lede__dedup_fingerprint_text(lede__dedup_fingerprint *out, lede__dedup_fingerprinter *f,
				 const char *text, size_t len)
{
	int rc;

	memset(out, 0, sizeof *out);
	if (len > (SIZE_MAX - 64) / 4)
		return lede__error(LEDE_ETOOBIG, "text of %zu bytes", len);
	/* The same bound as lede__text_content_hash, so both agree on what they refuse. */
	lede__buf_reset(&f->normalized);
	f->normalized.max = len * 4 + 64;
	if ((rc = lede__text_normalize(&f->normalized, text, len)) != 0)
		return rc;
	return lede__dedup_fingerprint_normalized(out, f, lede__buf_str(&f->normalized), f->normalized.len);
}

size_t lede__dedup_fingerprint_size(const lede__dedup_fingerprint *fp)
{
	return LEDE__DEDUP_BLOB_HEADER + 2 * (size_t)fp->slots;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)get16(p) | (uint32_t)get16(p + 2) << 16;
}

static uint64_t get64(const uint8_t *p)
{
	return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

int lede__dedup_fingerprint_encode(uint8_t *out, size_t cap, size_t *out_len,
				   const lede__dedup_fingerprint *fp)
{
	size_t size = lede__dedup_fingerprint_size(fp), i;

	*out_len = 0;
	if (fp->slots < 1 || fp->slots > LEDE__DEDUP_MAX_SLOTS)
		return lede__error(LEDE_EINVAL, "fingerprint with %u slots", fp->slots);
	if (cap < size)
		return lede__error(LEDE_ETOOBIG, "fingerprint blob needs %zu bytes, %zu given", size, cap);
	out[0] = 'd';
	out[1] = LEDE__DEDUP_BLOB_VERSION;
	out[2] = (uint8_t)fp->shingle_words;
	out[3] = 0;
	put16(out + 4, fp->slots);
	put16(out + 6, 0);
	put64(out + 8, fp->content_hash);
	put32(out + 16, fp->words);
	put32(out + 20, fp->shingles);
	for (i = 0; i < fp->slots; i++)
		put16(out + LEDE__DEDUP_BLOB_HEADER + 2 * i, fp->sketch[i]);
	*out_len = size;
	return 0;
}

int lede__dedup_fingerprint_decode(lede__dedup_fingerprint *out, const void *blob, size_t len)
{
	const uint8_t *p = blob;
	size_t slots, i;

	memset(out, 0, sizeof *out);
	if (!p || len < LEDE__DEDUP_BLOB_HEADER || p[0] != 'd')
		return lede__error(LEDE_EFORMAT, "not a fingerprint blob");
	if (p[1] != LEDE__DEDUP_BLOB_VERSION)
		return lede__error(LEDE_EFORMAT, "fingerprint blob version %u, expected %d", p[1],
				   LEDE__DEDUP_BLOB_VERSION);
	slots = get16(p + 4);
	if (p[2] < 1 || p[2] > LEDE__SHINGLE_MAX_WIDTH || p[3] != 0 || get16(p + 6) != 0 ||
	    slots < 1 || slots > LEDE__DEDUP_MAX_SLOTS || len != LEDE__DEDUP_BLOB_HEADER + 2 * slots)
		return lede__error(LEDE_EFORMAT, "malformed fingerprint blob of %zu bytes", len);
	out->shingle_words = p[2];
	out->slots = (uint16_t)slots;
	out->content_hash = get64(p + 8);
	out->words = get32(p + 16);
	out->shingles = get32(p + 20);
	if (out->shingles > out->words && out->words > 0)
		return lede__error(LEDE_EFORMAT, "fingerprint blob with more shingles than words");
	for (i = 0; i < slots; i++)
		out->sketch[i] = get16(p + LEDE__DEDUP_BLOB_HEADER + 2 * i);
	return 0;
}

/* What comparing two texts needs, from a fingerprint or a stored article. */
typedef struct text_view {
	uint64_t content_hash;
	uint32_t shingles;
	const uint16_t *sketch;
} text_view;

static lede__dedup_relation relate(double *out_score, const lede__dedup_params *p,
				   const text_view *a, const text_view *b)
{
	double jaccard, containment;

	*out_score = 0.0;
	/* A page with no text (a script-rendered shell) is nobody's copy. */
	if (a->shingles == 0 || b->shingles == 0)
		return LEDE__DEDUP_NONE;
	if (a->content_hash == b->content_hash) {
		*out_score = 1.0;
		return LEDE__DEDUP_EXACT;
	}
	if (a->shingles < p->min_shingles || b->shingles < p->min_shingles)
		return LEDE__DEDUP_NONE;
	jaccard = lede__minhash_jaccard(a->sketch, b->sketch, p->slots);
	if (jaccard >= p->near_jaccard) {
		*out_score = jaccard;
		return LEDE__DEDUP_NEAR;
	}
	if (jaccard < p->containment_jaccard)
		return LEDE__DEDUP_NONE;
	if (a->shingles <= b->shingles) {
		if (a->shingles < p->min_contained)
			return LEDE__DEDUP_NONE;
		containment = lede__minhash_containment(jaccard, a->shingles, b->shingles);
		if (containment < p->containment)
			return LEDE__DEDUP_NONE;
		*out_score = containment;
		return LEDE__DEDUP_CONTAINED_IN;
	}
	if (b->shingles < p->min_contained)
		return LEDE__DEDUP_NONE;
	containment = lede__minhash_containment(jaccard, b->shingles, a->shingles);
	if (containment < p->containment)
		return LEDE__DEDUP_NONE;
	*out_score = containment;
	return LEDE__DEDUP_CONTAINS;
}

static text_view fingerprint_view(const lede__dedup_fingerprint *fp)
{
	text_view v = {fp->content_hash, fp->shingles, fp->sketch};

	return v;
}

lede__dedup_relation lede__dedup_compare(double *out_score, const lede__dedup_params *params,
					  const lede__dedup_fingerprint *a,
					  const lede__dedup_fingerprint *b)
{
	text_view va = fingerprint_view(a), vb = fingerprint_view(b);

	*out_score = 0.0;
	if (a->shingle_words != b->shingle_words || a->slots != b->slots ||
	    a->slots != params->slots)
		return LEDE__DEDUP_NONE;
	return relate(out_score, params, &va, &vb);
}

/* ---- a map from 64-bit keys to article numbers: linear probing, backward-shift deletion ---- */

typedef struct key_map {
	uint64_t *keys;
	uint32_t *values; /* NONE_INDEX marks a free slot */
	size_t size, used;
} key_map;

static size_t map_home(size_t size, uint64_t key)
{
	return (size_t)(((lede__hash64(&key, sizeof key) >> 32) * size) >> 32);
}

static void map_free(key_map *map)
{
	lede__dealloc(map->keys);
	lede__dealloc(map->values);
	memset(map, 0, sizeof *map);
}

static uint32_t map_get(const key_map *map, uint64_t key)
{
	size_t at;

	if (!map->size)
		return NONE_INDEX;
	at = map_home(map->size, key);
	while (map->values[at] != NONE_INDEX) {
		if (map->keys[at] == key)
			return map->values[at];
		at = at + 1 == map->size ? 0 : at + 1;
	}
	return NONE_INDEX;
}

/* Puts key -> value; the caller made room with map_reserve. */
static void map_put(key_map *map, uint64_t key, uint32_t value)
{
	size_t at = map_home(map->size, key);

	while (map->values[at] != NONE_INDEX && map->keys[at] != key)
		at = at + 1 == map->size ? 0 : at + 1;
	if (map->values[at] == NONE_INDEX)
		map->used++;
	map->keys[at] = key;
	map->values[at] = value;
}

/* Room for `count` entries in all at a load of at most 7/10. */
static int map_reserve(key_map *map, size_t count)
{
	key_map grown = {NULL, NULL, 0, 0};
	size_t i, size;

	if (count * 10 <= map->size * 7)
		return 0;
	size = map->size + map->size / 2;
	if (size < count * 10 / 7 + 16)
		size = count * 10 / 7 + 16;
	if (size > UINT32_MAX)
		return lede__error(LEDE_ETOOBIG, "dedup index of %zu entries", count);
	grown.keys = lede__malloc(size * sizeof *grown.keys);
	grown.values = lede__malloc(size * sizeof *grown.values);
	if (!grown.keys || !grown.values) {
		map_free(&grown);
		return lede__error_nomem();
	}
	grown.size = size;
	for (i = 0; i < size; i++)
		grown.values[i] = NONE_INDEX;
	for (i = 0; i < map->size; i++)
		if (map->values[i] != NONE_INDEX)
			map_put(&grown, map->keys[i], map->values[i]);
	map_free(map);
	*map = grown;
	return 0;
}

static void map_delete(key_map *map, uint64_t key)
{
	size_t at, next;

	if (!map->size)
		return;
	at = map_home(map->size, key);
	while (map->values[at] != NONE_INDEX && map->keys[at] != key)
		at = at + 1 == map->size ? 0 : at + 1;
	if (map->values[at] == NONE_INDEX)
		return;
	map->used--;
	/* Shift back every later entry of the run that may move into the hole (Knuth 6.4, algorithm R). */
	next = at;
	for (;;) {
		size_t want;

		next = next + 1 == map->size ? 0 : next + 1;
		if (map->values[next] == NONE_INDEX)
			break;
		want = map_home(map->size, map->keys[next]);
		/* The entry stays when its home lies cyclically in (at, next]. */
		if (at <= next ? (at < want && want <= next) : (at < want || want <= next))
			continue;
		map->keys[at] = map->keys[next];
		map->values[at] = map->values[next];
		at = next;
	}
	map->values[at] = NONE_INDEX;
}

static size_t map_memory(const key_map *map)
{
	return map->size * (sizeof *map->keys + sizeof *map->values);
}

/* ---- the index ---- */

enum { ARTICLE_DEAD = 1, ARTICLE_IN_LSH = 2 };

typedef struct article {
	int64_t id;
	int64_t published;
	uint64_t content_hash;
	uint32_t words, shingles;
	uint32_t group;
	uint32_t next; /* next member of the group, NONE_INDEX at the end */
	uint32_t flags;
} article;

typedef struct group {
	uint32_t canonical;
	uint32_t first;
	uint32_t size;
} group;

struct lede__dedup_index {
	lede__dedup_params params;
	article *articles;
	uint16_t *sketches; /* params.slots per article */
	size_t count, capacity, live;
	group *groups;
	size_t group_count, group_capacity;
	key_map by_id;      /* id -> article */
	key_map by_content; /* content hash -> an article with that text in the LSH */
	key_map pending;    /* restore: canonical id not yet seen -> its group */
	lede__lsh *lsh;
	lede__dedup_stats stats;
};

int lede__dedup_index_new(lede__dedup_index **out, const lede__dedup_params *params)
{
	lede__dedup_index *index;
	int rc;

	*out = NULL;
	index = lede__calloc(1, sizeof *index);
	if (!index)
		return lede__error_nomem();
	if (params)
		index->params = *params;
	else
		lede__dedup_params_default(&index->params);
	if ((rc = lede__dedup_params_check(&index->params)) != 0 ||
	    (rc = lede__lsh_new(&index->lsh, index->params.bands, index->params.rows,
				index->params.bucket_cap)) != 0) {
		lede__dedup_index_free(index);
		return rc;
	}
	*out = index;
	return 0;
}

void lede__dedup_index_free(lede__dedup_index *index)
{
	if (!index)
		return;
	lede__dealloc(index->articles);
	lede__dealloc(index->sketches);
	lede__dealloc(index->groups);
	map_free(&index->by_id);
	map_free(&index->by_content);
	map_free(&index->pending);
	lede__lsh_free(index->lsh);
	lede__dealloc(index);
}

const lede__dedup_params *lede__dedup_index_params(const lede__dedup_index *index)
{
	return &index->params;
}

static int reserve_articles(lede__dedup_index *index, size_t count)
{
	size_t capacity;
	article *articles;
	uint16_t *sketches;

	if (count <= index->capacity)
		return 0;
	if (count >= LEDE__LSH_MAX_ITEM)
		return lede__error(LEDE_ETOOBIG, "dedup index of %zu articles", count);
	capacity = index->capacity + index->capacity / 2;
	if (capacity < count)
		capacity = count < 64 ? 64 : count;
	articles = lede__realloc(index->articles, capacity * sizeof *articles);
	if (!articles)
		return lede__error_nomem();
	index->articles = articles;
	sketches = lede__realloc(index->sketches, capacity * index->params.slots * sizeof *sketches);
	if (!sketches)
		return lede__error_nomem();
	index->sketches = sketches;
	index->capacity = capacity;
	return 0;
}

static int reserve_groups(lede__dedup_index *index, size_t count)
{
	size_t capacity;
	group *groups;

	if (count <= index->group_capacity)
		return 0;
	capacity = index->group_capacity + index->group_capacity / 2;
	if (capacity < count)
		capacity = count < 64 ? 64 : count;
	groups = lede__realloc(index->groups, capacity * sizeof *groups);
	if (!groups)
		return lede__error_nomem();
	index->groups = groups;
	index->group_capacity = capacity;
	return 0;
}

int lede__dedup_index_reserve(lede__dedup_index *index, size_t articles)
{
	int rc;

	if ((rc = reserve_articles(index, articles)) != 0 || (rc = reserve_groups(index, articles)) != 0 ||
	    (rc = map_reserve(&index->by_id, articles)) != 0 ||
	    (rc = map_reserve(&index->by_content, articles)) != 0 ||
	    (rc = lede__lsh_reserve(index->lsh, articles)) != 0)
		return rc;
	return 0;
}

static const uint16_t *sketch_of(const lede__dedup_index *index, uint32_t a)
{
	return index->sketches + (size_t)a * index->params.slots;
}

static text_view article_view(const lede__dedup_index *index, uint32_t a)
{
	text_view v = {index->articles[a].content_hash, index->articles[a].shingles, sketch_of(index, a)};

	return v;
}

/*
 * 1 when `a` is the better canonical than `b`: a known publication time
 * beats an unknown one, then the earlier, then the longer text, then the
 * smaller id.
 */
static int better_canonical(const article *a, const article *b)
{
	if ((a->published != 0) != (b->published != 0))
		return a->published != 0;
	if (a->published != b->published)
		return a->published < b->published;
	if (a->words != b->words)
		return a->words > b->words;
	return a->id < b->id;
}

/* Relation priority on equal scores: the tighter relation wins. */
static int relation_rank(lede__dedup_relation relation)
{
	switch (relation) {
	case LEDE__DEDUP_EXACT:
		return 4;
	case LEDE__DEDUP_NEAR:
		return 3;
	case LEDE__DEDUP_CONTAINED_IN:
		return 2;
	case LEDE__DEDUP_CONTAINS:
		return 1;
	default:
		return 0;
	}
}

typedef struct found {
	uint32_t article;
	lede__dedup_relation relation;
	double score;
} found;

static int found_better(const found *a, const found *b)
{
	if (a->score != b->score)
		return a->score > b->score;
	if (relation_rank(a->relation) != relation_rank(b->relation))
		return relation_rank(a->relation) > relation_rank(b->relation);
	return a->article < b->article;
}

static int check_fingerprint(const lede__dedup_index *index, const lede__dedup_fingerprint *fp)
{
	if (fp->shingle_words != index->params.shingle_words || fp->slots != index->params.slots)
		return lede__error(LEDE_EINVAL,
				   "fingerprint of %u-word shingles and %u slots, index of %u and %u",
				   fp->shingle_words, fp->slots, index->params.shingle_words,
				   index->params.slots);
	return 0;
}

/*
 * Every stored article `fp` is a copy of, into `out` (room for
 * MAX_CANDIDATES + 1); returns how many, the best first.
 */
static size_t find_copies(found *out, size_t *out_candidates, const lede__dedup_index *index,
			  const lede__dedup_fingerprint *fp)
{
	uint32_t candidates[MAX_CANDIDATES];
	text_view query = fingerprint_view(fp);
	uint32_t exact = map_get(&index->by_content, fp->content_hash);
	size_t n = 0, count = 0, i, best = 0;

	if (exact != NONE_INDEX && fp->shingles > 0) {
		out[n].article = exact;
		out[n].relation = LEDE__DEDUP_EXACT;
		out[n].score = 1.0;
		n++;
	}
	if (fp->shingles >= index->params.min_shingles) {
		count = lede__lsh_query(candidates, MAX_CANDIDATES, index->lsh, fp->sketch);
		for (i = 0; i < count; i++) {
			uint32_t a = candidates[i];
			text_view stored;
			double score;
			lede__dedup_relation relation;

			if (a >= index->count || a == exact || (index->articles[a].flags & ARTICLE_DEAD))
				continue;
			stored = article_view(index, a);
			relation = relate(&score, &index->params, &query, &stored);
			if (relation == LEDE__DEDUP_NONE)
				continue;
			out[n].article = a;
			out[n].relation = relation;
			out[n].score = score;
			n++;
		}
	}
	*out_candidates = count;
	for (i = 1; i < n; i++)
		if (found_better(&out[i], &out[best]))
			best = i;
	if (best) {
		found swap = out[0];

		out[0] = out[best];
		out[best] = swap;
	}
	return n;
}

static int64_t canonical_id(const lede__dedup_index *index, uint32_t a)
{
	return index->articles[index->groups[index->articles[a].group].canonical].id;
}

int lede__dedup_index_match(lede__dedup_match *out, const lede__dedup_index *index,
			    const lede__dedup_fingerprint *fp)
{
	found copies[MAX_CANDIDATES + 1];
	size_t candidates;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = check_fingerprint(index, fp)) != 0)
		return rc;
	if (find_copies(copies, &candidates, index, fp) == 0)
		return 0;
	out->matched = index->articles[copies[0].article].id;
	out->canonical = canonical_id(index, copies[0].article);
	out->relation = copies[0].relation;
	out->score = copies[0].score;
	return 0;
}

/* Makes room for one more article, its group and its map entries; nothing changes on failure. */
static int reserve_one(lede__dedup_index *index)
{
	int rc;

	if ((rc = reserve_articles(index, index->count + 1)) != 0 ||
	    (rc = reserve_groups(index, index->group_count + 1)) != 0 ||
	    (rc = map_reserve(&index->by_id, index->by_id.used + 1)) != 0 ||
	    (rc = map_reserve(&index->by_content, index->by_content.used + 1)) != 0)
		return rc;
	return 0;
}

static int check_new(const lede__dedup_index *index, int64_t id, const lede__dedup_fingerprint *fp)
{
	if (id <= 0)
		return lede__error(LEDE_EINVAL, "article id %lld out of range", (long long)id);
	if (map_get(&index->by_id, (uint64_t)id) != NONE_INDEX)
		return lede__error(LEDE_EINVAL, "article %lld is already in the dedup index", (long long)id);
	return check_fingerprint(index, fp);
}

/*
 * Stores the article as number index->count, in group `g` (NONE_INDEX: a
 * group of its own), and indexes it: by id, and by content and in the LSH
 * unless an article with the same text is there already (its copies would
 * only fill the same buckets).  reserve_one must have succeeded.
 */
static int insert_article(lede__dedup_index *index, int64_t id, int64_t published,
			  const lede__dedup_fingerprint *fp, uint32_t g)
{
	uint32_t a = (uint32_t)index->count;
	article *art = &index->articles[a];
	int index_text = fp->shingles > 0 && map_get(&index->by_content, fp->content_hash) == NONE_INDEX;
	int rc;

	if (index_text && fp->shingles >= index->params.min_shingles &&
	    (rc = lede__lsh_add(index->lsh, a, fp->sketch)) != 0)
		return rc;
	art->id = id;
	art->published = published;
	art->content_hash = fp->content_hash;
	art->words = fp->words;
	art->shingles = fp->shingles;
	art->flags = index_text && fp->shingles >= index->params.min_shingles ? ARTICLE_IN_LSH : 0;
	memcpy(index->sketches + (size_t)a * index->params.slots, fp->sketch,
	       index->params.slots * sizeof *fp->sketch);
	if (g == NONE_INDEX) {
		g = (uint32_t)index->group_count++;
		index->groups[g].canonical = a;
		index->groups[g].first = NONE_INDEX;
		index->groups[g].size = 0;
	}
	art->group = g;
	art->next = index->groups[g].first;
	index->groups[g].first = a;
	index->groups[g].size++;
	if (better_canonical(art, &index->articles[index->groups[g].canonical]))
		index->groups[g].canonical = a;
	map_put(&index->by_id, (uint64_t)id, a);
	if (index_text)
		map_put(&index->by_content, fp->content_hash, a);
	index->count++;
	index->live++;
	return 0;
}

/* Moves every member of group `from` into group `into`. */
static void merge_groups(lede__dedup_index *index, uint32_t into, uint32_t from)
{
	group *target = &index->groups[into], *source = &index->groups[from];
	uint32_t a = source->first, last = NONE_INDEX;

	while (a != NONE_INDEX) {
		index->articles[a].group = into;
		last = a;
		a = index->articles[a].next;
	}
	if (last != NONE_INDEX) {
		index->articles[last].next = target->first;
		target->first = source->first;
	}
	target->size += source->size;
	if (better_canonical(&index->articles[source->canonical], &index->articles[target->canonical]))
		target->canonical = source->canonical;
	source->first = NONE_INDEX;
	source->size = 0;
}

int lede__dedup_index_add(lede__dedup_change *out, lede__dedup_index *index, int64_t id,
			  int64_t published, const lede__dedup_fingerprint *fp)
{
	found copies[MAX_CANDIDATES + 1];
	uint32_t groups[LEDE__DEDUP_MAX_MERGED], old_canonical[LEDE__DEDUP_MAX_MERGED];
	size_t n, group_count = 0, i, j, candidates;
	uint32_t a, target;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = check_new(index, id, fp)) != 0 || (rc = reserve_one(index)) != 0)
		return rc;
	n = find_copies(copies, &candidates, index, fp);
	/*
	 * The closest copy's group is joined; groups the text is an exact or
	 * near copy of, or contained in, are merged into it.  A group the text
	 * only contains is joined only as the closest copy.
	 */
	for (i = 0; i < n && group_count < LEDE__DEDUP_MAX_MERGED; i++) {
		uint32_t g = index->articles[copies[i].article].group;

		if (i > 0 && copies[i].relation == LEDE__DEDUP_CONTAINS)
			continue;
		for (j = 0; j < group_count && groups[j] != g; j++)
			;
		if (j == group_count) {
			old_canonical[group_count] = index->groups[g].canonical;
			groups[group_count++] = g;
		}
	}
	target = group_count ? groups[0] : NONE_INDEX;
	for (i = 1; i < group_count; i++) {
		/* The bigger group absorbs the smaller: relinking costs the smaller's size. */
		if (index->groups[groups[i]].size > index->groups[target].size)
			target = groups[i];
	}
	a = (uint32_t)index->count;
	if ((rc = insert_article(index, id, published, fp, target)) != 0)
		return rc;
	for (i = 0; i < group_count; i++)
		if (groups[i] != target)
			merge_groups(index, target, groups[i]);
	if (n) {
		out->match.matched = index->articles[copies[0].article].id;
		out->match.relation = copies[0].relation;
		out->match.score = copies[0].score;
	}
	out->canonical = canonical_id(index, a);
	out->match.canonical = n ? out->canonical : 0;
	for (i = 0; i < group_count; i++)
		if (index->articles[old_canonical[i]].id != out->canonical)
			out->replaced[out->replaced_count++] = index->articles[old_canonical[i]].id;
	index->stats.adds++;
	index->stats.candidates += candidates;
	return 0;
}

int lede__dedup_index_restore(lede__dedup_index *index, int64_t id, int64_t published,
			      const lede__dedup_fingerprint *fp, int64_t duplicate_of)
{
	uint32_t g = NONE_INDEX, a;
	int64_t key = duplicate_of > 0 ? duplicate_of : id;
	int rc;

	if ((rc = check_new(index, id, fp)) != 0 || (rc = reserve_one(index)) != 0 ||
	    (rc = map_reserve(&index->pending, index->pending.used + 1)) != 0)
		return rc;
	if (key != id && (a = map_get(&index->by_id, (uint64_t)key)) != NONE_INDEX)
		g = index->articles[a].group;
	else
		g = map_get(&index->pending, (uint64_t)key);
	a = (uint32_t)index->count;
	if ((rc = insert_article(index, id, published, fp, g)) != 0)
		return rc;
	if (key == id)
		map_delete(&index->pending, (uint64_t)key);
	else if (g == NONE_INDEX)
		/* The canonical has not come yet: members that name it meet in this group. */
		map_put(&index->pending, (uint64_t)key, index->articles[a].group);
	return 0;
}

size_t lede__dedup_index_missing(int64_t *out, size_t cap, const lede__dedup_index *index)
{
	size_t i, n = 0;

	for (i = 0; i < index->pending.size; i++) {
		if (index->pending.values[i] == NONE_INDEX)
			continue;
		if (n < cap)
			out[n] = (int64_t)index->pending.keys[i];
		n++;
	}
	return n;
}

int lede__dedup_index_remove(lede__dedup_change *out, lede__dedup_index *index, int64_t id)
{
	uint32_t a, g, m, replacement = NONE_INDEX, *link;
	article *art;
	int rc;

	memset(out, 0, sizeof *out);
	a = map_get(&index->by_id, (uint64_t)id);
	if (a == NONE_INDEX)
		return lede__error(LEDE_ENOTFOUND, "article %lld is not in the dedup index", (long long)id);
	art = &index->articles[a];
	g = art->group;
	/* Another copy of the same text takes its place in the content map and the LSH. */
	if (map_get(&index->by_content, art->content_hash) == a) {
		for (m = index->groups[g].first; m != NONE_INDEX; m = index->articles[m].next)
			if (m != a && index->articles[m].content_hash == art->content_hash)
				break;
		replacement = m;
		if (replacement != NONE_INDEX && (art->flags & ARTICLE_IN_LSH) &&
		    !(index->articles[replacement].flags & ARTICLE_IN_LSH)) {
			if ((rc = lede__lsh_add(index->lsh, replacement, sketch_of(index, replacement))) != 0)
				return rc;
			index->articles[replacement].flags |= ARTICLE_IN_LSH;
		}
		if (replacement == NONE_INDEX)
			map_delete(&index->by_content, art->content_hash);
		else
			map_put(&index->by_content, art->content_hash, replacement);
	}
	map_delete(&index->by_id, (uint64_t)id);
	art->flags |= ARTICLE_DEAD;
	for (link = &index->groups[g].first; *link != a; link = &index->articles[*link].next)
		;
	*link = art->next;
	art->next = NONE_INDEX;
	index->groups[g].size--;
	index->live--;
	index->stats.removed++;
	if (index->groups[g].size == 0)
		return 0;
	if (index->groups[g].canonical == a) {
		uint32_t best = index->groups[g].first;

		for (m = index->articles[best].next; m != NONE_INDEX; m = index->articles[m].next)
			if (better_canonical(&index->articles[m], &index->articles[best]))
				best = m;
		index->groups[g].canonical = best;
		out->replaced[out->replaced_count++] = id;
	}
	out->canonical = index->articles[index->groups[g].canonical].id;
	return 0;
}

int lede__dedup_index_state(lede__dedup_state *out, const lede__dedup_index *index, int64_t id)
{
	uint32_t a = map_get(&index->by_id, (uint64_t)id), c;
	text_view member, canonical;
	const article *art, *can;

	memset(out, 0, sizeof *out);
	if (a == NONE_INDEX)
		return lede__error(LEDE_ENOTFOUND, "article %lld is not in the dedup index", (long long)id);
	art = &index->articles[a];
	c = index->groups[art->group].canonical;
	can = &index->articles[c];
	out->canonical = can->id;
	out->group_size = index->groups[art->group].size;
	if (c == a)
		return 0;
	member = article_view(index, a);
	canonical = article_view(index, c);
	out->relation = relate(&out->score, &index->params, &member, &canonical);
	if (out->relation != LEDE__DEDUP_NONE)
		return 0;
	/* Joined through another member: name the relation by the lengths. */
	{
		double jaccard = lede__minhash_jaccard(member.sketch, canonical.sketch, index->params.slots);
		double shorter = art->words < can->words ? art->words : can->words;
		double longer = art->words < can->words ? can->words : art->words;

		if (longer == 0 || shorter / longer >= SAME_LENGTH) {
			out->relation = LEDE__DEDUP_NEAR;
			out->score = jaccard;
		} else if (art->words > can->words) {
			out->relation = LEDE__DEDUP_CONTAINS;
			out->score = lede__minhash_containment(jaccard, can->shingles, art->shingles);
		} else {
			out->relation = LEDE__DEDUP_CONTAINED_IN;
			out->score = lede__minhash_containment(jaccard, art->shingles, can->shingles);
		}
	}
	return 0;
}

size_t lede__dedup_index_group(int64_t *out, size_t cap, const lede__dedup_index *index, int64_t id)
{
	uint32_t a = map_get(&index->by_id, (uint64_t)id), m;
	const group *g;
	size_t n = 0;

	if (a == NONE_INDEX)
		return 0;
	g = &index->groups[index->articles[a].group];
	if (cap > 0)
		out[n++] = index->articles[g->canonical].id;
	for (m = g->first; m != NONE_INDEX && n < cap; m = index->articles[m].next)
		if (m != g->canonical)
			out[n++] = index->articles[m].id;
	return g->size;
}

void lede__dedup_index_stats(lede__dedup_stats *out, const lede__dedup_index *index)
{
	*out = index->stats;
}

size_t lede__dedup_index_count(const lede__dedup_index *index)
{
	return index->live;
}

size_t lede__dedup_index_memory(const lede__dedup_index *index)
{
	return sizeof *index + index->capacity * (sizeof(article) + index->params.slots * sizeof(uint16_t)) +
	       index->group_capacity * sizeof(group) + map_memory(&index->by_id) +
	       map_memory(&index->by_content) + map_memory(&index->pending) +
	       lede__lsh_memory(index->lsh);
}
