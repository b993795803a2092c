/*
 * story.c: the story API.
 *
 * Until event clustering lands, every stored article is its own story (the
 * story id is the article id), so the listing and digest commands work end
 * to end.
 */
#include "engine/engine.h"
#include "util/alloc.h"
#include "util/error.h"

struct lede_story {
	lede_article *article;
	int64_t seen;
};

int lede_story_get(lede_story **out, lede_db *db, int64_t id)
{
	lede_story *story;
	int rc;

	*out = NULL;
	story = lede__calloc(1, sizeof(*story));
	if (!story)
		return lede__error_nomem();
	rc = lede_article_get(&story->article, db, id);
	if (rc == LEDE_ENOTFOUND)
		rc = lede__error(LEDE_ENOTFOUND, "no story with id %lld", (long long)id);
	if (rc) {
		lede__dealloc(story);
		return rc;
	}
	story->seen = story->article->row.published_time ? story->article->row.published_time
							  : story->article->row.added_at;
	*out = story;
	return 0;
}

void lede_story_free(lede_story *story)
{
	if (!story)
		return;
	lede_article_free(story->article);
	lede__dealloc(story);
}

int64_t lede_story_id(const lede_story *s) { return s->article->row.id; }
int64_t lede_story_storyline(const lede_story *s) { return s->article->row.id; }
const char *lede_story_title(const lede_story *s) { return s->article->row.title; }
int64_t lede_story_first_seen(const lede_story *s) { return s->seen; }
int64_t lede_story_last_seen(const lede_story *s) { return s->seen; }
size_t lede_story_outlet_count(const lede_story *s) { return s->article->row.outlet ? 1 : 0; }
size_t lede_story_article_count(const lede_story *s) { (void)s; return 1; }

int64_t lede_story_article_id(const lede_story *s, size_t index)
{
	return index == 0 ? s->article->row.id : 0;
}

struct lede_story_iter {
	lede_db *db;
	lede_story_query query;
	int64_t last_id;
	size_t returned;
};

int lede_story_iter_new(lede_story_iter **out, lede_db *db, const lede_story_query *query)
{
	lede_story_iter *iter = lede__calloc(1, sizeof(*iter));

	*out = NULL;
	if (!iter)
		return lede__error_nomem();
	iter->db = db;
	if (query)
		iter->query = *query;
	*out = iter;
	return 0;
}

int lede_story_iter_next(lede_story **out, lede_story_iter *iter)
{
	int rc;

	*out = NULL;
	for (;;) {
		int64_t id;

		if (iter->query.limit && iter->returned >= iter->query.limit)
			return LEDE_ITEROVER;
		rc = lede__store_article_next_id(&id, iter->db->store, iter->last_id);
		if (rc)
			return rc;
		iter->last_id = id;
		if ((rc = lede_story_get(out, iter->db, id)) != 0)
			return rc;
		if ((*out)->seen >= iter->query.since) {
			iter->returned++;
			return 0;
		}
		lede_story_free(*out);
		*out = NULL;
	}
}

void lede_story_iter_free(lede_story_iter *iter)
{
	lede__dealloc(iter);
}
