/*
 * quotes.c: the quotations of one article (public API over src/text/quotes.h).
 */
#include <string.h>

#include "engine/engine.h"
#include "text/entities.h"
#include "text/quotes.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"

struct lede_quotes {
	lede__arena arena;
	lede_quote_info *items;
	size_t count;
};

void lede_quotes_free(lede_quotes *quotes)
{
	if (!quotes)
		return;
	lede__arena_free(&quotes->arena);
	lede__dealloc(quotes);
}

size_t lede_quotes_count(const lede_quotes *quotes)
{
	return quotes->count;
}

int lede_quotes_get(lede_quote_info *out, const lede_quotes *quotes, size_t index)
{
	if (index >= quotes->count)
		return lede__error(LEDE_EINVAL, "no quotation %zu", index);
	*out = quotes->items[index];
	return 0;
}

/* The parts of a split quotation ("X," he said. "Y.") become one quotation. */
static int join_groups(lede_quotes *out, const lede__quotes *found)
{
	size_t i, k;

	out->items = lede__arena_alloc(&out->arena, (found->count + 1) * sizeof(*out->items));
	if (!out->items)
		return lede__error_nomem();
	for (i = 0; i < found->count; i++) {
		const lede__quote *q = &found->items[i];
		lede_quote_info *info;
		lede__buf joined;

		if (q->group != i)
			continue;
		info = &out->items[out->count++];
		memset(info, 0, sizeof(*info));
		lede__buf_init(&joined, 1 << 24);
		if (lede__buf_append_str(&joined, q->text) != 0)
			return lede__error_nomem();
		info->start = q->start;
		info->end = q->end;
		for (k = i + 1; k < found->count; k++) {
			if (found->items[k].group != i)
				continue;
			if (lede__buf_append_byte(&joined, ' ') != 0 ||
			    lede__buf_append_str(&joined, found->items[k].text) != 0)
				return lede__error_nomem();
			info->end = found->items[k].end;
		}
		info->text = lede__arena_strndup(&out->arena, lede__buf_str(&joined), joined.len);
		lede__buf_free(&joined);
		if (!info->text)
			return lede__error_nomem();
		info->name = q->speaker_kind == LEDE__SPEAKER_DESCRIBED ? NULL : q->speaker;
		if (q->speaker_kind == LEDE__SPEAKER_DESCRIBED)
			info->role = q->speaker;
		else
			info->role = q->speaker_role;
		info->via = q->via;
	}
	return 0;
}

int lede_quotes_find(lede_quotes **out, const char *text, size_t len)
{
	lede_quotes *quotes;
	lede__quotes found;
	lede__entities entities;
	unsigned long long failures;
	int rc;

	*out = NULL;
	failures = lede__alloc_failures();
	quotes = lede__calloc(1, sizeof(*quotes));
	if (!quotes)
		return lede__error_nomem();
	lede__arena_init(&quotes->arena);
	rc = lede__entities_find(&entities, &quotes->arena, text, len);
	if (rc == 0)
		rc = lede__quotes_find(&found, &quotes->arena, text, len, &entities, NULL);
	if (rc == 0)
		rc = join_groups(quotes, &found);
	/* Speakers resolved without a name that could not be kept are not returned as found. */
	if (rc == 0 && lede__alloc_failures() != failures)
		rc = lede__error_nomem();
	if (rc) {
		lede_quotes_free(quotes);
		return rc;
	}
	*out = quotes;
	return 0;
}
