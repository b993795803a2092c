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
