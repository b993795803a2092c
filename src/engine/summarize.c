/*
 * summarize.c: the cited summary of input files read as one story (no store).
 */
#include <jansson.h>
#include <string.h>

#include "engine/engine.h"
#include "story/digest.h"
#include "util/alloc.h"
#include "util/error.h"

enum { MAX_ARTICLES = 256 };

typedef struct collected {
	lede__arena arena;
	lede__digest_doc *docs;
	size_t count;
	int failed;
} collected;

static int collect(const lede_article *article, void *context)
{
	collected *c = context;
	lede__digest_doc *doc;

	if (c->count >= MAX_ARTICLES)
		return 1;
	doc = &c->docs[c->count];
	doc->id = (int64_t)c->count + 1;
	doc->text = lede__arena_strdup(&c->arena, lede_article_text(article));
	doc->title = lede_article_title(article) ? lede__arena_strdup(&c->arena, lede_article_title(article)) : NULL;
	doc->outlet = lede_article_outlet(article) ? lede__arena_strdup(&c->arena, lede_article_outlet(article))
						   : lede__arena_strdup(&c->arena, lede_article_source(article));
	doc->time = article->row.published_time;
	doc->time_is_published = doc->time != 0;
	if (!doc->text || (lede_article_title(article) && !doc->title) ||
	    (!doc->outlet && (lede_article_outlet(article) || lede_article_source(article)))) {
		c->failed = 1;
		return 1;
	}
	c->count++;
	return 0;
}

int lede_summarize_paths(char **out, const char *const *paths, size_t count,
			 const lede_add_options *opts, size_t words)
{
	collected c;
	json_t *object = NULL, *summary = NULL;
	unsigned long long failures;
	int rc;

	*out = NULL;
	memset(&c, 0, sizeof(c));
	lede__arena_init(&c.arena);
	c.docs = lede__calloc(MAX_ARTICLES, sizeof(*c.docs));
	if (!c.docs)
		return lede__error_nomem();
	rc = lede_read_paths(paths, count, opts, collect, &c);
	if (rc == 0 && c.failed)
		rc = lede__error_nomem();
	/* The summary's steps pass over what they cannot keep: any failed allocation voids it. */
	failures = lede__alloc_failures();
	lede__json_begin();
	if (rc == 0)
		summary = lede__summary_json(c.docs, c.count, words ? words : 120, &rc);
	if (rc == 0) {
		object = json_object();
		json_object_set_new(object, "articles", json_integer((json_int_t)c.count));
		json_object_set_new(object, "summary", summary);
		*out = json_dumps(object, JSON_COMPACT);
		json_decref(object);
	}
	if ((lede__json_end() || lede__alloc_failures() != failures || !*out) && rc == 0) {
		lede__dealloc(*out);
		*out = NULL;
		rc = lede__error_nomem();
	}
	lede__dealloc(c.docs);
	lede__arena_free(&c.arena);
	return rc;
}
