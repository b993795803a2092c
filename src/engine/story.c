/*
 * story.c: the story API over the store's stories (events found by the
 * clusterer, src/engine/stories.c).
 */
#include <string.h>

#include "engine/engine.h"
#include "util/alloc.h"
#include "util/error.h"

struct lede_story {
	lede__story_row row;
	int64_t *members;
	size_t member_count;
	lede__arena arena;
};

int lede_story_get(lede_story **out, lede_db *db, int64_t id)
{
	lede_story *story;
	int rc;

	*out = NULL;
	story = lede__calloc(1, sizeof(*story));
	if (!story)
		return lede__error_nomem();
	lede__arena_init(&story->arena);
	rc = lede__store_story_load(&story->row, &story->arena, db->store, id);
	if (rc == 0)
		rc = lede__store_story_members(&story->members, &story->member_count, &story->arena,
					       db->store, id);
	if (rc) {
		lede_story_free(story);
		return rc;
	}
	*out = story;
	return 0;
}

void lede_story_free(lede_story *story)
{
	if (!story)
		return;
	lede__arena_free(&story->arena);
	lede__dealloc(story);
}

int64_t lede_story_id(const lede_story *s) { return s->row.id; }
int64_t lede_story_storyline(const lede_story *s) { return s->row.storyline; }
const char *lede_story_title(const lede_story *s) { return s->row.title; }
int64_t lede_story_first_seen(const lede_story *s) { return s->row.first_seen; }
int64_t lede_story_last_seen(const lede_story *s) { return s->row.last_seen; }
size_t lede_story_outlet_count(const lede_story *s) { return s->row.outlets; }
size_t lede_story_article_count(const lede_story *s) { return s->member_count; }

int64_t lede_story_article_id(const lede_story *s, size_t index)
{
	return index < s->member_count ? s->members[index] : 0;
}

struct lede_story_iter {
	lede_db *db;
	lede__arena arena;
	int64_t *ids;
	size_t count, next;
};

int lede_story_iter_new(lede_story_iter **out, lede_db *db, const lede_story_query *query)
{
	lede_story_iter *iter = lede__calloc(1, sizeof(*iter));
	int rc;

	*out = NULL;
	if (!iter)
		return lede__error_nomem();
	iter->db = db;
	lede__arena_init(&iter->arena);
	rc = lede__store_story_list(&iter->ids, &iter->count, &iter->arena, db->store,
				    query ? query->since : 0, query ? query->limit : 0, 0);
	if (rc) {
		lede_story_iter_free(iter);
		return rc;
	}
	*out = iter;
	return 0;
}

int lede_story_iter_next(lede_story **out, lede_story_iter *iter)
{
	*out = NULL;
	while (iter->next < iter->count) {
		int rc = lede_story_get(out, iter->db, iter->ids[iter->next++]);

		if (rc != LEDE_ENOTFOUND)
			return rc;
	}
	return LEDE_ITEROVER;
}

void lede_story_iter_free(lede_story_iter *iter)
{
	if (!iter)
		return;
	lede__arena_free(&iter->arena);
	lede__dealloc(iter);
}
