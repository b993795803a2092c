/*
 * search.c: full-text search (public API over the store's FTS5 index).
 */
#include <string.h>

#include "engine/engine.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"

enum { DEFAULT_LIMIT = 20, MAX_LIMIT = 1000, MAX_QUERY = 4096 };

struct lede_search_results {
	lede__arena arena;
	lede_search_hit *hits;
	size_t count, cap;
};

/*
 * The user's words as an FTS5 expression: each word a quoted string (so that
 * quotes, operators and column names in the query are plain text), all
 * required.  Returns 0, or LEDE_EINVAL when there is no word.
 */
static int match_expression(lede__buf *out, const char *text)
{
	const char *p = text;
	int words = 0, rc;

	while (*p) {
		const char *start;

		while (*p && ((unsigned char)*p < 0x80 && !((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') &&
			      !(*p >= '0' && *p <= '9')))
			p++;
		start = p;
		while (*p && ((unsigned char)*p >= 0x80 || ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') ||
			      (*p >= '0' && *p <= '9')))
			p++;
		if (p == start)
			continue;
		if ((rc = lede__buf_append_str(out, words ? " \"" : "\"")) != 0 ||
		    (rc = lede__buf_append(out, start, (size_t)(p - start))) != 0 ||
		    (rc = lede__buf_append_byte(out, '"')) != 0)
			return rc;
		words++;
	}
	return words ? 0 : lede__error(LEDE_EINVAL, "the query has no words to search for");
}

static int keep_hit(void *context, const lede__search_row *row)
{
	lede_search_results *results = context;
	lede_search_hit *hit;

	if (results->count == results->cap) {
		size_t cap = results->cap ? results->cap * 2 : 32;
		lede_search_hit *grown = lede__realloc(results->hits, cap * sizeof(*grown));

		if (!grown)
			return lede__error_nomem();
		results->hits = grown;
		results->cap = cap;
	}
	hit = &results->hits[results->count++];
	hit->article_id = row->article_id;
	hit->story_id = row->story_id;
	hit->title = row->title;
	hit->outlet = row->outlet;
	hit->published = row->published;
	hit->snippet = row->snippet ? row->snippet : "";
	hit->score = -row->score;
	return 0;
}

int lede_search(lede_search_results **out, lede_db *db, const lede_search_query *query)
{
	lede_search_results *results;
	lede__buf match;
	size_t limit = query->limit ? query->limit : DEFAULT_LIMIT;
	int rc;

	*out = NULL;
	if (!query->text)
		return lede__error(LEDE_EINVAL, "no query");
	results = lede__calloc(1, sizeof(*results));
	if (!results)
		return lede__error_nomem();
	lede__arena_init(&results->arena);
	lede__buf_init(&match, MAX_QUERY);
	rc = match_expression(&match, query->text);
	if (rc == 0)
		rc = lede__store_search(db->store, &results->arena, lede__buf_str(&match), query->outlet,
					query->lang, query->from, query->to,
					limit > MAX_LIMIT ? MAX_LIMIT : limit, query->offset, keep_hit,
					results);
	lede__buf_free(&match);
	if (rc) {
		lede_search_free(results);
		return rc;
	}
	*out = results;
	return 0;
}

size_t lede_search_count(const lede_search_results *results)
{
	return results->count;
}

int lede_search_get(lede_search_hit *out, const lede_search_results *results, size_t index)
{
	if (index >= results->count)
		return lede__error(LEDE_EINVAL, "no hit %zu", index);
	*out = results->hits[index];
	return 0;
}

void lede_search_free(lede_search_results *results)
{
	if (!results)
		return;
	lede__dealloc(results->hits);
	lede__arena_free(&results->arena);
	lede__dealloc(results);
}
