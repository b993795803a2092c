#include "digest.h"

#include <stdlib.h>
#include <string.h>

#include "util/error.h"

enum { MAX_DOCUMENTS = 200 };

static int compare_timeline(const void *a, const void *b)
{
	const lede__timeline_entry *x = a, *y = b;

	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return x->document < y->document ? -1 : x->document > y->document;
}

/* Each outlet's first document by time (unnamed outlets: each document on its own). */
static int build_timeline(lede__digest *out, lede__arena *arena, const lede__digest_doc *docs,
			  size_t count)
{
	size_t i, k;

	out->timeline = lede__arena_alloc(arena, (count + 1) * sizeof(*out->timeline));
	if (!out->timeline)
		return lede__error_nomem();
	for (i = 0; i < count; i++) {
		lede__timeline_entry *entry = NULL;

		for (k = 0; docs[i].outlet && k < out->timeline_count; k++)
			if (out->timeline[k].outlet && strcmp(out->timeline[k].outlet, docs[i].outlet) == 0)
				entry = &out->timeline[k];
		if (entry) {
			if (docs[i].time && (!entry->time || docs[i].time < entry->time)) {
				entry->time = docs[i].time;
				entry->document = i;
				entry->time_is_published = docs[i].time_is_published;
			}
			continue;
		}
		entry = &out->timeline[out->timeline_count++];
		entry->outlet = docs[i].outlet;
		entry->document = i;
		entry->time = docs[i].time;
		entry->time_is_published = docs[i].time_is_published;
	}
	qsort(out->timeline, out->timeline_count, sizeof(*out->timeline), compare_timeline);
	return 0;
}

int lede__digest_build(lede__digest *out, lede__arena *arena, const lede__digest_doc *docs,
		       size_t count)
{
	lede__entities *entities = NULL;
	lede__claims *claims = NULL;
	const char **texts = NULL;
	size_t i;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (count > MAX_DOCUMENTS)
		count = MAX_DOCUMENTS;
	if (count == 0)
		return 0;
	entities = lede__arena_alloc(arena, count * sizeof(*entities));
	claims = lede__arena_alloc(arena, count * sizeof(*claims));
	texts = lede__arena_alloc(arena, count * sizeof(*texts));
	out->article_quotes = lede__arena_alloc(arena, count * sizeof(*out->article_quotes));
	if (!entities || !claims || !texts || !out->article_quotes)
		return lede__error_nomem();
	for (i = 0; i < count && rc == 0; i++) {
		const char *text = docs[i].text ? docs[i].text : "";
		size_t len = strlen(text);

		texts[i] = text;
		rc = lede__entities_find(&entities[i], arena, text, len);
		if (rc == 0)
			rc = lede__quotes_find(&out->article_quotes[i], arena, text, len, &entities[i], NULL);
		if (rc == 0)
			rc = lede__claims_find(&claims[i], arena, text, len);
	}
	if (rc == 0)
		rc = lede__entities_merge(&out->entities, arena, entities, count);
	if (rc == 0)
		rc = lede__quotes_merge(&out->quotes, arena, out->article_quotes, count, &out->entities);
	if (rc == 0)
		rc = lede__claims_merge(&out->facts, arena, claims, texts, count);
	if (rc == 0)
		rc = build_timeline(out, arena, docs, count);
	return rc;
}
