/*
 * cluster_index.c: the clusterer's inverted indexes, a term to the slots of
 * the events (or traces) indexed under it.  Emptied lists are recycled and
 * their memory freed: the lists of rare terms are many.
 */
#include "cluster_impl.h"

#include <string.h>

#include "util/alloc.h"
#include "util/error.h"

void lede__cluster_index_init(cluster_inverted *index)
{
	memset(index, 0, sizeof(*index));
	lede__u64map_init(&index->terms);
}

void lede__cluster_index_free(cluster_inverted *index)
{
	uint32_t i;

	for (i = 0; i < index->count; i++)
		lede__dealloc(index->lists[i].slots);
	lede__dealloc(index->lists);
	lede__dealloc(index->spare);
	lede__u64map_free(&index->terms);
	lede__cluster_index_init(index);
}

const cluster_posting *lede__cluster_index_get(const cluster_inverted *index, lede__term term)
{
	const uint32_t *at = lede__u64map_find(&index->terms, term);

	return at ? &index->lists[*at] : NULL;
}

/*
 * A free list index for a new term.  The spare array always has room for
 * every list, so that returning a list to it never fails.
 */
static int take_list(uint32_t *out, cluster_inverted *index)
{
	if (index->spare_count) {
		*out = index->spare[--index->spare_count];
		return 0;
	}
	if (index->count == index->cap) {
		uint32_t cap = index->cap ? index->cap * 2 : 1024;
		cluster_posting *lists = lede__realloc(index->lists, cap * sizeof(*lists));
		uint32_t *spare;

		if (!lists)
			return lede__error_nomem();
		index->lists = lists;
		spare = lede__realloc(index->spare, cap * sizeof(*spare));
		if (!spare)
			return lede__error_nomem();
		index->spare = spare;
		index->cap = cap;
	}
	memset(&index->lists[index->count], 0, sizeof(index->lists[0]));
	*out = index->count++;
	return 0;
}

int lede__cluster_index_add(cluster_inverted *index, lede__term term, uint32_t slot)
{
	cluster_posting *list;
	uint32_t *at, fresh = 0;
	int rc;

	if ((at = lede__u64map_find(&index->terms, term)) == NULL) {
		if ((rc = take_list(&fresh, index)) != 0)
			return rc;
		if ((rc = lede__u64map_upsert(&at, NULL, &index->terms, term, fresh)) != 0) {
			index->spare[index->spare_count++] = fresh;
			return rc;
		}
	}
	list = &index->lists[*at];
	if (list->count == list->cap) {
		uint32_t cap = list->cap ? list->cap * 2 : 4;
		uint32_t *grown = lede__realloc(list->slots, cap * sizeof(*grown));

		if (!grown) {
			/* No term maps to an empty list. */
			if (list->count == 0) {
				index->spare[index->spare_count++] = *at;
				lede__u64map_remove(&index->terms, term);
			}
			return lede__error_nomem();
		}
		list->slots = grown;
		list->cap = cap;
	}
	list->slots[list->count++] = slot;
	return 0;
}

void lede__cluster_index_remove(cluster_inverted *index, lede__term term, uint32_t slot)
{
	uint32_t *at = lede__u64map_find(&index->terms, term), i;
	cluster_posting *list;

	if (!at)
		return;
	list = &index->lists[*at];
	for (i = 0; i < list->count; i++) {
		if (list->slots[i] == slot) {
			list->slots[i] = list->slots[--list->count];
			break;
		}
	}
	if (list->count)
		return;
	/* An empty list goes back to the spares, its memory freed (lists of rare terms are many). */
	lede__dealloc(list->slots);
	list->slots = NULL;
	list->cap = 0;
	index->spare[index->spare_count++] = *at;
	lede__u64map_remove(&index->terms, term);
}

/* Higher score first, then the older event (ids, unlike slots, survive a restore). */
static int ranks_before(const float *accum, lede__cluster_slot_id id_of, const void *context, uint32_t a,
			uint32_t b)
{
	if (accum[a] != accum[b])
		return accum[a] > accum[b];
	return id_of(context, a) < id_of(context, b);
}

size_t lede__cluster_index_best(uint32_t *out, size_t keep, const cluster_inverted *index,
				const lede__term_weight *terms, size_t count, uint32_t exclude, uint32_t max_posting,
				float *accum, uint32_t *touched, lede__cluster_slot_id id_of, const void *context)
{
	size_t i, j, n = 0, kept = 0;

	if (keep == 0)
		return 0;
	for (i = 0; i < count; i++) {
		const cluster_posting *list = lede__cluster_index_get(index, terms[i].term);

		/* A term half the slots share tells none apart: its list is not worth the scan. */
		if (!list || list->count > max_posting)
			continue;
		for (j = 0; j < list->count; j++) {
			uint32_t slot = list->slots[j];

			if (slot == exclude)
				continue;
			if (accum[slot] == 0)
				touched[n++] = slot;
			accum[slot] += terms[i].weight > 0 ? terms[i].weight : 1e-6f;
		}
	}
	/* Top-k by insertion: k is tens, and most slots fall out at the first comparison. */
	for (i = 0; i < n; i++) {
		uint32_t slot = touched[i];
		size_t at;

		if (kept == keep && !ranks_before(accum, id_of, context, slot, out[keep - 1]))
			continue;
		at = kept < keep ? kept++ : keep - 1;
		while (at > 0 && ranks_before(accum, id_of, context, slot, out[at - 1])) {
			out[at] = out[at - 1];
			at--;
		}
		out[at] = slot;
	}
	for (i = 0; i < n; i++)
		accum[touched[i]] = 0;
	return kept;
}
