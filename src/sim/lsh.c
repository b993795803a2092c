#include "lsh.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/error.h"
#include "util/hash.h"

enum { MAX_BANDS = 512, MAX_ROWS = 16 };

/* A bucket with more than one item keeps them in a list; its slot then holds LIST_BIT | list. */
#define LIST_BIT 0x80000000u

/* 7/10: linear probing stays short (about 2 probes for a hit, 6 for a miss). */
#define LOAD_NUMERATOR 7
#define LOAD_DENOMINATOR 10

typedef struct slot {
	uint32_t tag;   /* 32 bits of the band key's hash, never 0; 0 marks an empty slot */
	uint32_t value; /* an item, or LIST_BIT | index into lists */
} slot;

/* lists[i][0] = count, lists[i][1] = capacity, then the items. */
struct lede__lsh {
	unsigned bands, rows, bucket_cap;
	slot *table;
	size_t size, used;
	uint32_t **lists;
	size_t list_count, list_capacity, list_bytes;
};

int lede__lsh_new(lede__lsh **out, unsigned bands, unsigned rows, unsigned bucket_cap)
{
	lede__lsh *lsh;

	*out = NULL;
	if (bands < 1 || bands > MAX_BANDS || rows < 1 || rows > MAX_ROWS || bucket_cap < 1)
		return lede__error(LEDE_EINVAL, "LSH needs 1..%d bands of 1..%d rows and a bucket cap",
				   MAX_BANDS, MAX_ROWS);
	lsh = lede__calloc(1, sizeof *lsh);
	if (!lsh)
		return lede__error_nomem();
	lsh->bands = bands;
	lsh->rows = rows;
	lsh->bucket_cap = bucket_cap;
	*out = lsh;
	return 0;
}

void lede__lsh_free(lede__lsh *lsh)
{
	size_t i;

	if (!lsh)
		return;
	for (i = 0; i < lsh->list_count; i++)
		lede__dealloc(lsh->lists[i]);
	lede__dealloc(lsh->lists);
	lede__dealloc(lsh->table);
	lede__dealloc(lsh);
}

/* The tag of band `band` of `sketch`: a hash of the band number and its slot values. */
static uint32_t band_tag(const lede__lsh *lsh, unsigned band, const uint16_t *sketch)
{
	uint16_t key[MAX_ROWS + 1];
	uint64_t h;
	uint32_t tag;

	key[0] = (uint16_t)band;
	memcpy(key + 1, sketch + (size_t)band * lsh->rows, lsh->rows * sizeof *key);
	h = lede__hash64(key, (lsh->rows + 1) * sizeof *key);
	tag = (uint32_t)(h >> 32) ^ (uint32_t)h;
	return tag ? tag : 1;
}

/* The home slot of a tag: multiply-shift maps it onto a table of any size. */
static size_t home(size_t size, uint32_t tag)
{
	return (size_t)(((uint64_t)tag * size) >> 32);
}

static int resize(lede__lsh *lsh, size_t size)
{
	slot *table = lede__calloc(size, sizeof *table);
	size_t i;

	if (!table)
		return lede__error_nomem();
	for (i = 0; i < lsh->size; i++) {
		size_t at;

		if (!lsh->table[i].tag)
			continue;
		at = home(size, lsh->table[i].tag);
		while (table[at].tag)
			at = at + 1 == size ? 0 : at + 1;
		table[at] = lsh->table[i];
	}
	lede__dealloc(lsh->table);
	lsh->table = table;
	lsh->size = size;
	return 0;
}

int lede__lsh_reserve(lede__lsh *lsh, size_t items)
{
	size_t entries, size;

	if (items > (SIZE_MAX / LOAD_DENOMINATOR) / lsh->bands)
		return lede__error_nomem();
	entries = items * lsh->bands;
	size = entries * LOAD_DENOMINATOR / LOAD_NUMERATOR + 16;
	if (size > UINT32_MAX)
		return lede__error(LEDE_ETOOBIG, "LSH table of %zu slots", size);
	return size > lsh->size ? resize(lsh, size) : 0;
}

/* Appends `item` to the bucket in `s`, turning a single item into a list. */
static int bucket_append(lede__lsh *lsh, slot *s, uint32_t item)
{
	uint32_t *list;

	if (!(s->value & LIST_BIT)) {
		if (lsh->bucket_cap < 2 || s->value == item)
			return 0;
		if (lsh->list_count == lsh->list_capacity) {
			size_t capacity = lsh->list_capacity ? lsh->list_capacity * 2 : 64;
			uint32_t **grown;

			if (capacity > LIST_BIT)
				return lede__error_nomem();
			grown = lede__realloc(lsh->lists, capacity * sizeof *grown);
			if (!grown)
				return lede__error_nomem();
			lsh->lists = grown;
			lsh->list_capacity = capacity;
		}
		list = lede__malloc(4 * sizeof *list);
		if (!list)
			return lede__error_nomem();
		list[0] = 2;
		list[1] = 2;
		list[2] = s->value;
		list[3] = item;
		lsh->lists[lsh->list_count] = list;
		s->value = LIST_BIT | (uint32_t)lsh->list_count++;
		lsh->list_bytes += 4 * sizeof *list;
		return 0;
	}
	list = lsh->lists[s->value & ~LIST_BIT];
	if (list[0] >= lsh->bucket_cap || list[list[0] + 1] == item)
		return 0;
	if (list[0] == list[1]) {
		uint32_t old = list[1], capacity = old * 2 > lsh->bucket_cap ? lsh->bucket_cap : old * 2;
		uint32_t *grown = lede__realloc(list, (capacity + 2) * sizeof *grown);

		if (!grown)
			return lede__error_nomem();
		lsh->list_bytes += (capacity - old) * sizeof *grown;
		list = grown;
		list[1] = capacity;
		lsh->lists[s->value & ~LIST_BIT] = list;
	}
	list[2 + list[0]++] = item;
	return 0;
}

int lede__lsh_add(lede__lsh *lsh, uint32_t item, const uint16_t *sketch)
{
	uint32_t tags[MAX_BANDS];
	unsigned band;
	int rc;

	if (item > LEDE__LSH_MAX_ITEM)
		return lede__error(LEDE_EINVAL, "LSH item %u out of range", item);
	if ((lsh->used + lsh->bands) * LOAD_DENOMINATOR > lsh->size * LOAD_NUMERATOR) {
		size_t size = lsh->size < 16 ? 32 : lsh->size + lsh->size / 2;

		while ((lsh->used + lsh->bands) * LOAD_DENOMINATOR > size * LOAD_NUMERATOR)
			size += size / 2;
		if (size > UINT32_MAX)
			return lede__error(LEDE_ETOOBIG, "LSH table of %zu slots", size);
		if ((rc = resize(lsh, size)) != 0)
			return rc;
	}
	/* As in a lookup: hash every band and prefetch its slot before probing any. */
	for (band = 0; band < lsh->bands; band++) {
		tags[band] = band_tag(lsh, band, sketch);
		__builtin_prefetch(&lsh->table[home(lsh->size, tags[band])], 1);
	}
	for (band = 0; band < lsh->bands; band++) {
		uint32_t tag = tags[band];
		size_t at;

		at = home(lsh->size, tag);
		while (lsh->table[at].tag && lsh->table[at].tag != tag)
			at = at + 1 == lsh->size ? 0 : at + 1;
		if (!lsh->table[at].tag) {
			lsh->table[at].tag = tag;
			lsh->table[at].value = item;
			lsh->used++;
		} else if ((rc = bucket_append(lsh, &lsh->table[at], item)) != 0) {
			return rc;
		}
	}
	return 0;
}

static int compare_items(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

size_t lede__lsh_query(uint32_t *out, size_t cap, const lede__lsh *lsh, const uint16_t *sketch)
{
	uint32_t tags[MAX_BANDS];
	size_t n = 0, i, unique;
	unsigned band;

	if (lsh->size == 0 || cap == 0)
		return 0;
	/* Hash every band first and prefetch its home slot: the probes then overlap their cache misses. */
	for (band = 0; band < lsh->bands; band++) {
		tags[band] = band_tag(lsh, band, sketch);
		__builtin_prefetch(&lsh->table[home(lsh->size, tags[band])]);
	}
	for (band = 0; band < lsh->bands; band++) {
		size_t at = home(lsh->size, tags[band]);

		while (lsh->table[at].tag && lsh->table[at].tag != tags[band])
			at = at + 1 == lsh->size ? 0 : at + 1;
		if (!lsh->table[at].tag)
			continue;
		if (lsh->table[at].value & LIST_BIT) {
			const uint32_t *list = lsh->lists[lsh->table[at].value & ~LIST_BIT];

			for (i = 0; i < list[0] && n < cap; i++)
				out[n++] = list[2 + i];
		} else if (n < cap) {
			out[n++] = lsh->table[at].value;
		}
	}
	if (n < 2)
		return n;
	qsort(out, n, sizeof *out, compare_items);
	for (i = 1, unique = 1; i < n; i++)
		if (out[i] != out[unique - 1])
			out[unique++] = out[i];
	return unique;
}

size_t lede__lsh_memory(const lede__lsh *lsh)
{
	return sizeof *lsh + lsh->size * sizeof(slot) + lsh->list_capacity * sizeof(uint32_t *) +
	       lsh->list_bytes;
}
