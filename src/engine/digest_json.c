/*
 * digest_json.c: a story's digest (src/story/digest.h) as the JSON of
 * `lede story --json`: summary, quotes, entities, claims, timeline.
 */
#include <jansson.h>
#include <string.h>
#include <time.h>

#include "engine/engine.h"
#include "story/digest.h"
#include "story/summary.h"
#include "util/alloc.h"
#include "util/error.h"

enum { MAX_ENTITIES = 60, MAX_QUOTES = 30, MAX_FACTS = 20 };

static json_t *string_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

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

/* {article, outlet, sentence?} for document `index`. */
static json_t *source_json(const lede__digest_doc *docs, size_t index, const char *sentence)
{
	json_t *source = json_object();

	json_object_set_new(source, "article", json_integer(docs[index].id));
	json_object_set_new(source, "outlet", string_or_null(docs[index].outlet));
	if (sentence)
		json_object_set_new(source, "sentence", json_string(sentence));
	return source;
}

static json_t *quotes_json(const lede__digest *digest, const lede__digest_doc *docs)
{
	json_t *list = json_array();
	size_t i, k;

	for (i = 0; i < digest->quotes.count && i < MAX_QUOTES; i++) {
		const lede__story_quote *q = &digest->quotes.items[i];
		json_t *item = json_object(), *sources = json_array();
		uint32_t last_article = UINT32_MAX;

		json_object_set_new(item, "text", json_string(q->text));
		json_object_set_new(item, "speaker", string_or_null(q->speaker));
		json_object_set_new(item, "via", string_or_null(q->via));
		for (k = 0; k < q->source_count; k++) {
			const lede__quote_source *s = &q->sources[k];

			if (s->article == last_article)
				continue;
			last_article = s->article;
			json_array_append_new(sources, source_json(docs, s->article,
				digest->article_quotes[s->article].items[s->quote].text));
		}
		json_object_set_new(item, "sources", sources);
		json_array_append_new(list, item);
	}
	return list;
}

static const char *entity_type(uint8_t type)
{
	switch (type) {
	case LEDE__ENTITY_PERSON:
		return "person";
	case LEDE__ENTITY_ORGANIZATION:
		return "organization";
	case LEDE__ENTITY_PLACE:
		return "place";
	default:
		return "other";
	}
}

static json_t *entities_json(const lede__digest *digest)
{
	json_t *list = json_array();
	size_t i, shown = 0;

	for (i = 0; i < digest->entities.count && shown < MAX_ENTITIES; i++) {
		const lede__entity *e = &digest->entities.items[i];
		json_t *item;

		if (e->type == LEDE__ENTITY_OTHER)
			continue;
		item = json_object();
		json_object_set_new(item, "name", json_string(e->name));
		json_object_set_new(item, "type", json_string(entity_type(e->type)));
		json_object_set_new(item, "mentions", json_integer(e->mentions));
		json_object_set_new(item, "articles", json_integer(e->documents));
		json_array_append_new(list, item);
		shown++;
	}
	return list;
}

static json_t *claims_json(const lede__digest *digest, const lede__digest_doc *docs)
{
	json_t *list = json_array();
	size_t i, v, d;

	for (i = 0; i < digest->facts.count && i < MAX_FACTS; i++) {
		const lede__fact *f = &digest->facts.items[i];
		json_t *item = json_object(), *values = json_array();
		size_t shown = 0;

		json_object_set_new(item, "about", json_string(f->about));
		json_object_set_new(item, "kind", json_string(strcmp(f->unit, "time") == 0 ? "time" : "quantity"));
		for (v = 0; v < f->value_count; v++) {
			json_t *value, *sources;

			/*
			 * A value stated only by articles that also state the main one
			 * is a detail of theirs, not a disagreement: it is left out.
			 */
			if (v > 0) {
				size_t k, m, outside = 0;

				for (k = 0; k < f->values[v].document_count; k++) {
					int inside = 0;

					for (m = 0; m < f->values[0].document_count; m++)
						inside |= f->values[0].documents[m] == f->values[v].documents[k];
					outside += !inside;
				}
				if (!outside)
					continue;
			}
			value = json_object();
			sources = json_array();
			shown++;

			json_object_set_new(value, "value", json_string(f->values[v].value));
			for (d = 0; d < f->values[v].document_count; d++)
				json_array_append_new(sources, source_json(docs, f->values[v].documents[d],
									   f->values[v].sentences[d]));
			json_object_set_new(value, "sources", sources);
			json_array_append_new(values, value);
		}
		json_object_set_new(item, "disputed", json_boolean(shown > 1));
		json_object_set_new(item, "values", values);
		json_array_append_new(list, item);
	}
	return list;
}

static json_t *timeline_json(const lede__digest *digest, const lede__digest_doc *docs)
{
	json_t *list = json_array();
	size_t i;

	for (i = 0; i < digest->timeline_count; i++) {
		const lede__timeline_entry *t = &digest->timeline[i];
		json_t *item = json_object();

		json_object_set_new(item, "outlet", string_or_null(t->outlet));
		json_object_set_new(item, "article", json_integer(docs[t->document].id));
		json_object_set_new(item, "time", time_json(t->time));
		json_object_set_new(item, "time_is", json_string(t->time_is_published ? "published" : "fetched"));
		json_array_append_new(list, item);
	}
	return list;
}

json_t *lede__summary_json(const lede__digest_doc *docs, size_t count, size_t words, int *out_rc)
{
	lede__summary_document *documents = NULL;
	lede__summary_options options;
	lede__summary summary;
	lede__arena arena;
	json_t *list = json_array();
	size_t i, k;

	*out_rc = 0;
	lede__arena_init(&arena);
	documents = lede__calloc(count + 1, sizeof(*documents));
	if (!documents || !list) {
		*out_rc = lede__error_nomem();
		goto cleanup;
	}
	for (i = 0; i < count; i++) {
		documents[i].text = docs[i].text;
		documents[i].text_len = docs[i].text ? strlen(docs[i].text) : 0;
		documents[i].title = docs[i].title;
		documents[i].outlet = docs[i].outlet;
		documents[i].published = docs[i].time_is_published ? docs[i].time : 0;
		documents[i].id = docs[i].id;
	}
	lede__summary_options_default(&options);
	if (words)
		options.max_words = words;
	if ((*out_rc = lede__summarize(&summary, &arena, documents, count, &options)) != 0)
		goto cleanup;
	for (i = 0; i < summary.count; i++) {
		const lede__summary_sentence *sentence = &summary.items[i];
		json_t *item = json_object(), *sources = json_array();

		json_object_set_new(item, "text", json_string(sentence->text));
		for (k = 0; k < sentence->support_count; k++) {
			const lede__summary_support *support = &sentence->support[k];
			const char *text = docs[support->document].text;

			json_array_append_new(sources, source_json(docs, support->document, NULL));
			if (text && support->end > support->start)
				json_object_set_new(json_array_get(sources, json_array_size(sources) - 1), "sentence",
						    json_stringn(text + support->start, support->end - support->start));
		}
		json_object_set_new(item, "sources", sources);
		json_object_set_new(item, "outlets", json_integer((json_int_t)sentence->outlets));
		json_array_append_new(list, item);
	}
cleanup:
	lede__dealloc(documents);
	lede__arena_free(&arena);
	if (*out_rc) {
		json_decref(list);
		return NULL;
	}
	return list;
}

int lede__digest_json(json_t *story, lede_db *db, const lede_story *s)
{
	size_t count = lede_story_article_count(s), i, n = 0;
	lede_article **articles = NULL;
	lede__digest_doc *docs = NULL;
	lede__digest digest;
	lede__arena arena;
	int rc = 0;

	lede__arena_init(&arena);
	articles = lede__calloc(count + 1, sizeof(*articles));
	docs = lede__calloc(count + 1, sizeof(*docs));
	if (!articles || !docs) {
		rc = lede__error_nomem();
		goto cleanup;
	}
	for (i = 0; i < count; i++) {
		lede_article *a = NULL;

		rc = lede_article_get(&a, db, lede_story_article_id(s, i));
		if (rc == LEDE_ENOTFOUND)
			continue;
		if (rc)
			goto cleanup;
		articles[n] = a;
		docs[n].id = lede_article_id(a);
		docs[n].outlet = lede_article_outlet(a);
		docs[n].title = lede_article_title(a);
		docs[n].text = lede_article_text(a);
		docs[n].time_is_published = a->row.published_time != 0;
		docs[n].time = a->row.published_time ? a->row.published_time : a->row.added_at;
		n++;
	}
	if ((rc = lede__digest_build(&digest, &arena, docs, n)) != 0)
		goto cleanup;
	{
		json_t *summary = lede__summary_json(docs, n, 0, &rc);

		if (rc)
			goto cleanup;
		json_object_set_new(story, "summary", summary);
	}
	json_object_set_new(story, "quotes", quotes_json(&digest, docs));
	json_object_set_new(story, "entities", entities_json(&digest));
	json_object_set_new(story, "claims", claims_json(&digest, docs));
	json_object_set_new(story, "timeline", timeline_json(&digest, docs));
cleanup:
	for (i = 0; i < n; i++)
		lede_article_free(articles[i]);
	lede__dealloc(articles);
	lede__dealloc(docs);
	lede__arena_free(&arena);
	return rc;
}
