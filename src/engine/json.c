/*
 * json.c: articles and stories as JSON, the one shape the CLI, the HTTP API
 * and the web page share.
 */
#include <jansson.h>
#include <string.h>
#include <time.h>

#include "engine/engine.h"
#include "util/alloc.h"
#include "util/error.h"

static void set_string(json_t *object, const char *key, const char *value)
{
	json_object_set_new(object, key, value ? json_string(value) : json_null());
}

/* ISO 8601 UTC of unix seconds; null for 0. */
static json_t *time_json(int64_t seconds)
{
	char text[32];
	time_t t = (time_t)seconds;
	struct tm tm;

	if (!seconds || !gmtime_r(&t, &tm))
		return json_null();
	strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return json_string(text);
}

static int finish(char **out, json_t *value)
{
	*out = NULL;
	if (!value)
		return lede__error_nomem();
	*out = json_dumps(value, JSON_COMPACT);
	json_decref(value);
	return *out ? 0 : lede__error_nomem();
}

static json_t *article_object(const lede_article *article, unsigned flags)
{
	json_t *object = json_object(), *authors = json_array();
	size_t i;

	if (!object || !authors) {
		json_decref(object);
		json_decref(authors);
		return NULL;
	}
	json_object_set_new(object, "id", json_integer(lede_article_id(article)));
	set_string(object, "external_id", lede_article_external_id(article));
	set_string(object, "source", lede_article_source(article));
	set_string(object, "url", lede_article_url(article));
	set_string(object, "outlet", lede_article_outlet(article));
	set_string(object, "title", lede_article_title(article));
	for (i = 0; i < lede_article_author_count(article); i++)
		json_array_append_new(authors, json_string(lede_article_author(article, i)));
	json_object_set_new(object, "authors", authors);
	set_string(object, "published", lede_article_published(article));
	set_string(object, "lang", lede_article_lang(article));
	set_string(object, "page_type", lede_article_page_type(article));
	set_string(object, "content_hash", lede_article_content_hash(article));
	if (lede_article_duplicate_of(article))
		json_object_set_new(object, "duplicate_of", json_integer(lede_article_duplicate_of(article)));
	else
		json_object_set_new(object, "duplicate_of", json_null());
	set_string(object, "relation", lede_article_relation(article));
	if (lede_article_fetched_at(article))
		json_object_set_new(object, "fetched", time_json(lede_article_fetched_at(article)));
	if (flags & LEDE_JSON_TEXT)
		set_string(object, "text", lede_article_text(article));
	return object;
}

/*
 * The JSON built here uses jansson's unchecked calls (a value that could not
 * be made is silently left out); the result is whole only when no
 * allocation failed on the way, which the allocator's count tells.
 */
static int whole(int rc, char **out, unsigned long long failures)
{
	if (rc == 0 && lede__alloc_failures() != failures) {
		lede__dealloc(*out);
		*out = NULL;
		rc = lede__error_nomem();
	}
	return rc;
}

int lede_article_to_json(char **out, const lede_article *article, unsigned flags)
{
	unsigned long long failures = lede__alloc_failures();
	int rc;

	lede__json_begin();
	rc = finish(out, article_object(article, flags));
	lede__json_end();
	return whole(rc, out, failures);
}

/* {id, external_id, url, outlet, title, published} of each member; NULL with *out_rc on failure. */
static json_t *members(lede_db *db, const lede_story *story, int *out_rc)
{
	json_t *array = json_array();
	size_t i;

	*out_rc = 0;
	for (i = 0; array && i < lede_story_article_count(story); i++) {
		lede_article *article = NULL;
		json_t *item;
		int rc = lede_article_get(&article, db, lede_story_article_id(story, i));

		if (rc == LEDE_ENOTFOUND)
			continue;
		if (rc) {
			json_decref(array);
			*out_rc = rc;
			return NULL;
		}
		item = json_object();
		json_object_set_new(item, "id", json_integer(lede_article_id(article)));
		set_string(item, "external_id", lede_article_external_id(article));
		set_string(item, "url", lede_article_url(article));
		set_string(item, "outlet", lede_article_outlet(article));
		set_string(item, "title", lede_article_title(article));
		set_string(item, "published", lede_article_published(article));
		json_array_append_new(array, item);
		lede_article_free(article);
	}
	return array;
}

static int story_json(char **out, lede_db *db, const lede_story *story, unsigned flags)
{
	json_t *object = json_object(), *articles;
	int rc;

	*out = NULL;
	if (!object)
		return lede__error_nomem();
	json_object_set_new(object, "id", json_integer(lede_story_id(story)));
	set_string(object, "title", lede_story_title(story));
	json_object_set_new(object, "storyline", json_integer(lede_story_storyline(story)));
	json_object_set_new(object, "first_seen", time_json(lede_story_first_seen(story)));
	json_object_set_new(object, "last_seen", time_json(lede_story_last_seen(story)));
	json_object_set_new(object, "outlets", json_integer((json_int_t)lede_story_outlet_count(story)));
	if (!(articles = members(db, story, &rc)) && rc) {
		json_decref(object);
		return rc;
	}
	json_object_set_new(object, "articles", articles);
	if (flags & LEDE_JSON_DIGEST && (rc = lede__digest_json(object, db, story)) != 0) {
		json_decref(object);
		return rc;
	}
	return finish(out, object);
}

int lede_story_to_json(char **out, lede_db *db, const lede_story *story, unsigned flags)
{
	/* The digest's own steps also pass over what they cannot keep: the count covers them. */
	unsigned long long failures = lede__alloc_failures();
	int rc;

	lede__json_begin();
	rc = story_json(out, db, story, flags);
	lede__json_end();
	return whole(rc, out, failures);
}
