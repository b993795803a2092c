#include "vector.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/error.h"
#include "util/hash.h"

lede__term lede__term_hash(const char *text, size_t len, unsigned space)
{
	/* The space is folded into the hash so that "apple" the word and "Apple" the name differ. */
	uint64_t hash = lede__hash64(text, len) ^ ((uint64_t)space * 0x9E3779B97F4A7C15ull);
	lede__term term = (lede__term)(hash ^ (hash >> 32));

	return term ? term : 1;
}

void lede__vector_init(lede__vector *vector)
{
	vector->items = NULL;
	vector->count = 0;
	vector->cap = 0;
}

void lede__vector_free(lede__vector *vector)
{
	if (!vector)
		return;
	lede__dealloc(vector->items);
	lede__vector_init(vector);
}

void lede__vector_clear(lede__vector *vector)
{
	vector->count = 0;
}

int lede__vector_reserve(lede__vector *vector, size_t cap)
{
	lede__term_weight *grown;

	if (cap <= vector->cap)
		return 0;
	if (cap > UINT32_MAX / 2)
		return lede__error(LEDE_ETOOBIG, "term vector of %zu items", cap);
	grown = lede__realloc(vector->items, cap * sizeof(*grown));
	if (!grown)
		return lede__error_nomem();
	vector->items = grown;
	vector->cap = (uint32_t)cap;
	return 0;
}

int lede__vector_copy(lede__vector *out, const lede__vector *vector)
{
	int rc;

	out->count = 0;
	if ((rc = lede__vector_reserve(out, vector->count)) != 0)
		return rc;
	if (vector->count)
		memcpy(out->items, vector->items, vector->count * sizeof(*vector->items));
	out->count = vector->count;
	return 0;
}

static int compare_terms(const void *a, const void *b)
{
	lede__term x = *(const lede__term *)a, y = *(const lede__term *)b;

	return x < y ? -1 : x > y;
}

int lede__vector_count_terms(lede__vector *out, lede__term *terms, size_t count)
{
	size_t i, distinct = 0;
	int rc;

	out->count = 0;
	if (count == 0)
		return 0;
	qsort(terms, count, sizeof(*terms), compare_terms);
	for (i = 0; i < count; i++)
		if (i == 0 || terms[i] != terms[i - 1])
			distinct++;
	if ((rc = lede__vector_reserve(out, distinct)) != 0)
		return rc;
	for (i = 0; i < count; i++) {
		if (i == 0 || terms[i] != terms[i - 1]) {
			out->items[out->count].term = terms[i];
			out->items[out->count].weight = 1.0f;
			out->count++;
		} else {
			out->items[out->count - 1].weight += 1.0f;
		}
	}
	return 0;
}

float lede__vector_get(const lede__vector *vector, lede__term term)
{
	size_t low = 0, high = vector->count;

	while (low < high) {
		size_t mid = low + (high - low) / 2;

		if (vector->items[mid].term < term)
			low = mid + 1;
		else
			high = mid;
	}
	if (low < vector->count && vector->items[low].term == term)
		return vector->items[low].weight;
	return 0.0f;
}

double lede__vector_dot(const lede__vector *a, const lede__vector *b)
{
	const lede__term_weight *x = a->items, *y = b->items;
	const lede__term_weight *x_end = x + a->count, *y_end = y + b->count;
	double sum = 0.0;

	while (x < x_end && y < y_end) {
		if (x->term < y->term) {
			x++;
		} else if (x->term > y->term) {
			y++;
		} else {
			sum += (double)x->weight * (double)y->weight;
			x++;
			y++;
		}
	}
	return sum;
}

double lede__vector_norm(const lede__vector *vector)
{
	double sum = 0.0;
	size_t i;

	for (i = 0; i < vector->count; i++)
		sum += (double)vector->items[i].weight * (double)vector->items[i].weight;
	return sqrt(sum);
}

void lede__vector_scale(lede__vector *vector, double factor)
{
	size_t i;

	for (i = 0; i < vector->count; i++)
		vector->items[i].weight = (float)(vector->items[i].weight * factor);
}

int lede__vector_add(lede__vector *acc, const lede__vector *vector, double factor)
{
	lede__term_weight *merged;
	size_t i = 0, j = 0, n = 0, total = (size_t)acc->count + vector->count;

	if (vector->count == 0)
		return 0;
	merged = lede__malloc(total * sizeof(*merged));
	if (!merged)
		return lede__error_nomem();
	while (i < acc->count || j < vector->count) {
		if (j == vector->count || (i < acc->count && acc->items[i].term < vector->items[j].term)) {
			merged[n++] = acc->items[i++];
		} else if (i == acc->count || acc->items[i].term > vector->items[j].term) {
			merged[n].term = vector->items[j].term;
			merged[n].weight = (float)(vector->items[j].weight * factor);
			n++;
			j++;
		} else {
			merged[n].term = acc->items[i].term;
			merged[n].weight = (float)(acc->items[i].weight + vector->items[j].weight * factor);
			n++;
			i++;
			j++;
		}
	}
	lede__dealloc(acc->items);
	acc->items = merged;
	acc->count = (uint32_t)n;
	acc->cap = (uint32_t)total;
	return 0;
}

/* Heavier first; equal weights by the smaller term, so that truncation is deterministic. */
static int compare_heavier(const void *a, const void *b)
{
	const lede__term_weight *x = a, *y = b;

	if (x->weight != y->weight)
		return x->weight > y->weight ? -1 : 1;
	return x->term < y->term ? -1 : x->term > y->term;
}

static int compare_by_term(const void *a, const void *b)
{
	const lede__term_weight *x = a, *y = b;

	return x->term < y->term ? -1 : x->term > y->term;
}

void lede__vector_truncate(lede__vector *vector, size_t keep)
{
	if (vector->count <= keep)
		return;
	qsort(vector->items, vector->count, sizeof(*vector->items), compare_heavier);
	vector->count = (uint32_t)keep;
	qsort(vector->items, vector->count, sizeof(*vector->items), compare_by_term);
}

void lede__vector_shrink(lede__vector *vector)
{
	lede__term_weight *items;

	if (vector->cap == vector->count)
		return;
	if (vector->count == 0) {
		lede__vector_free(vector);
		return;
	}
	items = lede__realloc(vector->items, vector->count * sizeof(*items));
	if (!items)
		return;
	vector->items = items;
	vector->cap = vector->count;
}

size_t lede__vector_top(lede__term_weight *out, size_t k, const lede__vector *vector)
{
	size_t n = 0, i;

	/* Insertion into a sorted prefix: k is small (tens) next to the vector. */
	for (i = 0; i < vector->count; i++) {
		const lede__term_weight *item = &vector->items[i];
		size_t at;

		if (n == k && compare_heavier(item, &out[k - 1]) >= 0)
			continue;
		at = n < k ? n++ : k - 1;
		while (at > 0 && compare_heavier(item, &out[at - 1]) < 0) {
			out[at] = out[at - 1];
			at--;
		}
		out[at] = *item;
	}
	return n;
}

/* ------------------------------------------------------------ u64 map */

static size_t slot_of(uint64_t key, size_t cap)
{
	/* Fibonacci hashing spreads sequential ids and hashes alike. */
	return (size_t)((key * 0x9E3779B97F4A7C15ull) >> 20) & (cap - 1);
}

void lede__u64map_init(lede__u64map *map)
{
	map->keys = NULL;
	map->values = NULL;
	map->cap = 0;
	map->count = 0;
}

void lede__u64map_free(lede__u64map *map)
{
	if (!map)
		return;
	lede__dealloc(map->keys);
	lede__dealloc(map->values);
	lede__u64map_init(map);
}

static int rehash(lede__u64map *map, size_t cap)
{
	uint64_t *keys = lede__calloc(cap, sizeof(*keys));
	uint32_t *values = lede__malloc(cap * sizeof(*values));
	size_t i;

	if (!keys || !values) {
		lede__dealloc(keys);
		lede__dealloc(values);
		return lede__error_nomem();
	}
	for (i = 0; i < map->cap; i++) {
		size_t at;

		if (!map->keys[i])
			continue;
		at = slot_of(map->keys[i], cap);
		while (keys[at])
			at = (at + 1) & (cap - 1);
		keys[at] = map->keys[i];
		values[at] = map->values[i];
	}
	lede__dealloc(map->keys);
	lede__dealloc(map->values);
	map->keys = keys;
	map->values = values;
	map->cap = cap;
	return 0;
}

int lede__u64map_reserve(lede__u64map *map, size_t count)
{
	size_t cap = map->cap ? map->cap : 16;

	/* Load factor at most 2/3. */
	while (cap / 3 * 2 < count + 1) {
		if (cap > SIZE_MAX / 4)
			return lede__error(LEDE_ETOOBIG, "hash map of %zu keys", count);
		cap *= 2;
	}
	if (cap == map->cap)
		return 0;
	return rehash(map, cap);
}

uint32_t *lede__u64map_find(const lede__u64map *map, uint64_t key)
{
	size_t at;

	if (!map->cap || !key)
		return NULL;
	at = slot_of(key, map->cap);
	while (map->keys[at]) {
		if (map->keys[at] == key)
			return &map->values[at];
		at = (at + 1) & (map->cap - 1);
	}
	return NULL;
}

int lede__u64map_upsert(uint32_t **out, int *out_inserted, lede__u64map *map, uint64_t key,
			uint32_t initial)
{
	size_t at;
	int rc;

	*out = NULL;
	if (out_inserted)
		*out_inserted = 0;
	if (!key)
		return lede__error(LEDE_EINVAL, "hash map key 0");
	if ((*out = lede__u64map_find(map, key)) != NULL)
		return 0;
	if ((rc = lede__u64map_reserve(map, map->count + 1)) != 0)
		return rc;
	at = slot_of(key, map->cap);
	while (map->keys[at])
		at = (at + 1) & (map->cap - 1);
	map->keys[at] = key;
	map->values[at] = initial;
	map->count++;
	if (out_inserted)
		*out_inserted = 1;
	*out = &map->values[at];
	return 0;
}

int lede__u64map_remove(lede__u64map *map, uint64_t key)
{
	size_t at, next, mask;

	if (!map->cap || !key)
		return 0;
	mask = map->cap - 1;
	at = slot_of(key, map->cap);
	while (map->keys[at] && map->keys[at] != key)
		at = (at + 1) & mask;
	if (!map->keys[at])
		return 0;
	/* Backward-shift deletion (Knuth 6.4, algorithm R): keeps probe chains whole. */
	next = (at + 1) & mask;
	while (map->keys[next]) {
		size_t home = slot_of(map->keys[next], map->cap);

		if (((next - home) & mask) >= ((next - at) & mask)) {
			map->keys[at] = map->keys[next];
			map->values[at] = map->values[next];
			at = next;
		}
		next = (next + 1) & mask;
	}
	map->keys[at] = 0;
	map->count--;
	return 1;
}

size_t lede__u64map_next(const lede__u64map *map, size_t position)
{
	size_t i = position == (size_t)-1 ? 0 : position + 1;

	while (i < map->cap && !map->keys[i])
		i++;
	return i < map->cap ? i : map->cap;
}

/* --------------------------------------------------------------- wire */

int lede__wire_u8(lede__buf *out, uint8_t value)
{
	return lede__buf_append(out, &value, 1);
}

int lede__wire_u32(lede__buf *out, uint32_t value)
{
	uint8_t bytes[4];
	int i;

	for (i = 0; i < 4; i++)
		bytes[i] = (uint8_t)(value >> (8 * i));
	return lede__buf_append(out, bytes, sizeof(bytes));
}

int lede__wire_u64(lede__buf *out, uint64_t value)
{
	uint8_t bytes[8];
	int i;

	for (i = 0; i < 8; i++)
		bytes[i] = (uint8_t)(value >> (8 * i));
	return lede__buf_append(out, bytes, sizeof(bytes));
}

int lede__wire_f32(lede__buf *out, float value)
{
	uint32_t bits;

	memcpy(&bits, &value, sizeof(bits));
	return lede__wire_u32(out, bits);
}

int lede__wire_f64(lede__buf *out, double value)
{
	uint64_t bits;

	memcpy(&bits, &value, sizeof(bits));
	return lede__wire_u64(out, bits);
}

int lede__wire_varint(lede__buf *out, uint64_t value)
{
	uint8_t bytes[10];
	size_t n = 0;

	do {
		bytes[n] = (uint8_t)(value & 0x7f);
		value >>= 7;
		if (value)
			bytes[n] |= 0x80;
		n++;
	} while (value);
	return lede__buf_append(out, bytes, n);
}

void lede__wire_reader_init(lede__wire_reader *reader, const void *data, size_t len)
{
	reader->data = data;
	reader->len = data ? len : 0;
	reader->pos = 0;
	reader->failed = 0;
}

static const uint8_t *take(lede__wire_reader *reader, size_t n)
{
	const uint8_t *p;

	if (reader->failed || reader->len - reader->pos < n) {
		reader->failed = 1;
		return NULL;
	}
	p = reader->data + reader->pos;
	reader->pos += n;
	return p;
}

uint8_t lede__wire_read_u8(lede__wire_reader *reader)
{
	const uint8_t *p = take(reader, 1);

	return p ? p[0] : 0;
}

uint32_t lede__wire_read_u32(lede__wire_reader *reader)
{
	const uint8_t *p = take(reader, 4);
	uint32_t value = 0;
	int i;

	if (!p)
		return 0;
	for (i = 3; i >= 0; i--)
		value = (value << 8) | p[i];
	return value;
}

uint64_t lede__wire_read_u64(lede__wire_reader *reader)
{
	const uint8_t *p = take(reader, 8);
	uint64_t value = 0;
	int i;

	if (!p)
		return 0;
	for (i = 7; i >= 0; i--)
		value = (value << 8) | p[i];
	return value;
}

float lede__wire_read_f32(lede__wire_reader *reader)
{
	uint32_t bits = lede__wire_read_u32(reader);
	float value;

	memcpy(&value, &bits, sizeof(value));
	return value;
}

double lede__wire_read_f64(lede__wire_reader *reader)
{
	uint64_t bits = lede__wire_read_u64(reader);
	double value;

	memcpy(&value, &bits, sizeof(value));
	return value;
}

uint64_t lede__wire_read_varint(lede__wire_reader *reader)
{
	uint64_t value = 0;
	unsigned shift = 0;

	for (;;) {
		const uint8_t *p = take(reader, 1);

		if (!p)
			return 0;
		if (shift == 63 && (*p & 0x7e)) {
			reader->failed = 1;
			return 0;
		}
		value |= (uint64_t)(*p & 0x7f) << shift;
		if (!(*p & 0x80))
			return value;
		shift += 7;
		if (shift > 63) {
			reader->failed = 1;
			return 0;
		}
	}
}

int lede__vector_encode(lede__buf *out, const lede__vector *vector)
{
	lede__term previous = 0;
	size_t i;
	int rc;

	if ((rc = lede__wire_varint(out, vector->count)) != 0)
		return rc;
	for (i = 0; i < vector->count; i++) {
		if ((rc = lede__wire_varint(out, vector->items[i].term - previous)) != 0 ||
		    (rc = lede__wire_f32(out, vector->items[i].weight)) != 0)
			return rc;
		previous = vector->items[i].term;
	}
	return 0;
}

int lede__vector_decode(lede__vector *out, lede__wire_reader *reader, size_t max_count)
{
	uint64_t count = lede__wire_read_varint(reader), term = 0;
	size_t i;
	int rc;

	out->count = 0;
	if (reader->failed || count > max_count || count > (reader->len - reader->pos) / 5)
		return lede__error(LEDE_EFORMAT, "term vector: bad length");
	if ((rc = lede__vector_reserve(out, (size_t)count)) != 0)
		return rc;
	for (i = 0; i < count; i++) {
		uint64_t gap = lede__wire_read_varint(reader);
		float weight = lede__wire_read_f32(reader);

		term += gap;
		if (reader->failed || (i > 0 && gap == 0) || term == 0 || term > UINT32_MAX ||
		    !isfinite(weight)) {
			out->count = 0;
			return lede__error(LEDE_EFORMAT, "term vector: bad item");
		}
		out->items[i].term = (lede__term)term;
		out->items[i].weight = weight;
	}
	out->count = (uint32_t)count;
	return 0;
}
