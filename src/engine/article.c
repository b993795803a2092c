#include <jansson.h>
#include <string.h>

#include "engine/engine.h"
#include "source/reader.h"
#include "source/sniff.h"
#include "text/date.h"
#include "text/normalize.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/compress.h"
#include "util/error.h"
#include "util/hash.h"

enum { MAX_PAGE = 64 << 20 };

static lede_article *article_new(void)
{
	lede_article *article = lede__calloc(1, sizeof(*article));

	if (article)
		lede__arena_init(&article->arena);
	return article;
}

void lede_article_free(lede_article *article)
{
	if (!article)
		return;
	lede__arena_free(&article->arena);
	lede__dealloc(article);
}

int lede__authors_to_json(const char **out, lede__arena *arena, const char *const *authors,
			  size_t count)
{
	json_t *array;
	char *text;
	size_t i;

	*out = NULL;
	if (count == 0)
		return 0;
	lede__json_begin();
	array = json_array();
	for (i = 0; array && i < count; i++)
		json_array_append_new(array, json_string(authors[i]));
	text = array ? json_dumps(array, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
	json_decref(array);
	if (lede__json_end() || !text) {
		lede__dealloc(text);
		return lede__error_nomem();
	}
	*out = lede__arena_strdup(arena, text);
	lede__dealloc(text);
	return *out ? 0 : lede__error_nomem();
}

/* Fills article->authors from row.authors_json. */
static int parse_authors(lede_article *article)
{
	json_t *array;
	size_t i, n;

	if (!article->row.authors_json)
		return 0;
	lede__json_begin();
	array = json_loads(article->row.authors_json, 0, NULL);
	if (lede__json_end()) {
		json_decref(array);
		return lede__error_nomem();
	}
	if (!json_is_array(array)) {
		json_decref(array);
		return 0;
	}
	n = json_array_size(array);
	article->authors = n ? lede__arena_alloc(&article->arena, n * sizeof(*article->authors)) : NULL;
	if (n && !article->authors) {
		json_decref(array);
		return lede__error_nomem();
	}
	for (i = 0; i < n; i++) {
		const char *name = json_string_value(json_array_get(array, i));

		if (!name)
			continue;
		if (!(name = lede__arena_strdup(&article->arena, name))) {
			json_decref(array);
			return lede__error_nomem();
		}
		article->authors[article->author_count++] = name;
	}
	json_decref(array);
	return 0;
}

int64_t lede__fetched_time(const lede__doc *doc)
{
	lede__date date;

	if (!doc->fetched || lede__date_parse(&date, doc->fetched, strlen(doc->fetched)) != 0)
		return 0;
	return date.time;
}

const char *lede__place_key(const lede__extracted *extracted, const lede__doc *doc)
{
	const char *slash;

	if (extracted->url)
		return extracted->url;
	if (extracted->outlet)
		return extracted->outlet;
	if (doc->external_id)
		return doc->external_id;
	/* The file's own name: the same file re-added from another directory is the same place. */
	slash = doc->name ? strrchr(doc->name, '/') : NULL;
	return slash ? slash + 1 : doc->name ? doc->name : "";
}

int lede_article_get(lede_article **out, lede_db *db, int64_t id)
{
	lede_article *article;
	int rc;

	*out = NULL;
	if (!(article = article_new()))
		return lede__error_nomem();
	rc = lede__store_article_load(&article->row, &article->arena, db->store, id);
	if (rc == 0)
		rc = parse_authors(article);
	if (rc) {
		lede_article_free(article);
		return rc;
	}
	lede__hash_hex(article->content_hash, article->row.content_hash);
	*out = article;
	return 0;
}

/* Copies `s` into the article's arena; *failed on ENOMEM. */
static const char *keep(lede_article *article, const char *s, int *failed)
{
	const char *copy;

	if (!s)
		return NULL;
	copy = lede__arena_strdup(&article->arena, s);
	if (!copy)
		*failed = 1;
	return copy;
}

int lede__article_from_extracted(lede_article **out, const lede__extracted *extracted,
				 const char *source, uint64_t content_hash, const char *external_id)
{
	lede_article *article;
	int failed = 0;
	size_t i;

	*out = NULL;
	if (!(article = article_new()))
		return lede__error_nomem();
	article->row.source = keep(article, source, &failed);
	article->row.external_id = keep(article, external_id, &failed);
	article->row.url = keep(article, extracted->url, &failed);
	article->row.outlet = keep(article, extracted->outlet, &failed);
	article->row.title = keep(article, extracted->title, &failed);
	article->row.published = keep(article, extracted->published, &failed);
	article->row.published_time = extracted->published_time;
	article->row.lang = keep(article, extracted->lang, &failed);
	article->row.page_type = keep(article, extracted->page_type, &failed);
	article->row.text = keep(article, extracted->text, &failed);
	article->row.content_hash = content_hash;
	if (extracted->author_count) {
		article->authors = lede__arena_alloc(&article->arena,
						     extracted->author_count * sizeof(*article->authors));
		if (!article->authors)
			failed = 1;
		for (i = 0; article->authors && i < extracted->author_count; i++)
			article->authors[article->author_count++] =
				keep(article, extracted->authors[i], &failed);
	}
	if (failed) {
		lede_article_free(article);
		return lede__error_nomem();
	}
	lede__hash_hex(article->content_hash, content_hash);
	*out = article;
	return 0;
}

int lede_extract(lede_article **out, const char *name, const void *data, size_t size,
		 lede_format format)
{
	lede__reader reader;
	lede__buf page;
	lede__arena arena;
	lede__extracted extracted;
	lede__doc doc;
	const char *head;
	size_t head_len;
	uint64_t hash;
	int rc;

	lede__engine_init();
	*out = NULL;
	lede__arena_init(&arena);
	lede__buf_init(&page, MAX_PAGE);
	lede__reader_open_memory(&reader, data, size);
	if (size >= 2 && ((const unsigned char *)data)[0] == 0x1f && ((const unsigned char *)data)[1] == 0x8b) {
		if ((rc = lede__reader_read_all(&reader, &page)) != 0)
			goto cleanup;
	} else if ((rc = lede__buf_append(&page, data, size)) != 0) {
		goto cleanup; /* not gzip: the reader would hand the bytes over as they are */
	}
	head = lede__buf_str(&page);
	head_len = page.len < 8192 ? page.len : 8192;
	if (format == LEDE_FORMAT_AUTO || format == LEDE_FORMAT_JSONL) {
		switch (lede__sniff(head, head_len, name)) {
		case LEDE__SNIFF_EMPTY:
			rc = lede__error(LEDE_EFORMAT, "empty input");
			goto cleanup;
		case LEDE__SNIFF_BINARY:
			rc = lede__error(LEDE_EFORMAT, "binary data, not a page");
			goto cleanup;
		case LEDE__SNIFF_WARC:
			format = LEDE_FORMAT_WARC;
			break;
		case LEDE__SNIFF_FEED:
			format = LEDE_FORMAT_FEED;
			break;
		case LEDE__SNIFF_HTML:
			format = LEDE_FORMAT_HTML;
			break;
		default:
			format = LEDE_FORMAT_TEXT;
			break;
		}
	}
	if (format == LEDE_FORMAT_WARC || format == LEDE_FORMAT_FEED) {
		rc = lede__error(LEDE_EFORMAT, "a %s holds many pages: read it with lede add "
					       "(lede_read_paths)",
				 format == LEDE_FORMAT_FEED ? "feed" : "WARC file");
		goto cleanup;
	}
	memset(&doc, 0, sizeof(doc));
	doc.name = name;
	doc.format = format;
	doc.body = lede__buf_str(&page);
	doc.body_len = page.len;
	doc.raw = doc.body;
	doc.raw_len = doc.body_len;
	doc.raw_format = format;
	if ((rc = lede__extract(&extracted, &arena, &doc)) != 0)
		goto cleanup;
	if ((rc = lede__text_content_hash(&hash, extracted.text, strlen(extracted.text))) != 0)
		goto cleanup;
	rc = lede__article_from_extracted(out, &extracted, name, hash, NULL);
cleanup:
	lede__reader_close(&reader);
	lede__buf_free(&page);
	lede__arena_free(&arena);
	return rc;
}

int lede_article_raw(void **out, size_t *out_size, lede_db *db, const lede_article *article)
{
	lede__arena arena;
	lede__buf page;
	const void *frame;
	size_t frame_len;
	lede_format format;
	int rc;

	*out = NULL;
	*out_size = 0;
	if (article->row.id == 0)
		return lede__error(LEDE_ENOTFOUND, "article is not stored");
	lede__arena_init(&arena);
	lede__buf_init(&page, (size_t)1 << 32);
	rc = lede__store_article_raw(&frame, &frame_len, &format, &arena, db->store, article->row.id);
	if (rc == 0)
		rc = lede__decompress(&page, frame, frame_len);
	if (rc == 0) {
		*out_size = page.len;
		*out = lede__buf_detach(&page);
		if (!*out)
			rc = lede__error_nomem();
	}
	lede__buf_free(&page);
	lede__arena_free(&arena);
	return rc;
}

int64_t lede_article_id(const lede_article *a) { return a->row.id; }
const char *lede_article_external_id(const lede_article *a) { return a->row.external_id; }
const char *lede_article_source(const lede_article *a) { return a->row.source; }
const char *lede_article_url(const lede_article *a) { return a->row.url; }
const char *lede_article_outlet(const lede_article *a) { return a->row.outlet; }
const char *lede_article_title(const lede_article *a) { return a->row.title; }
const char *lede_article_published(const lede_article *a) { return a->row.published; }
const char *lede_article_lang(const lede_article *a) { return a->row.lang; }
const char *lede_article_page_type(const lede_article *a) { return a->row.page_type; }
const char *lede_article_text(const lede_article *a) { return a->row.text ? a->row.text : ""; }
size_t lede_article_author_count(const lede_article *a) { return a->author_count; }
const char *lede_article_content_hash(const lede_article *a) { return a->content_hash; }
int64_t lede_article_duplicate_of(const lede_article *a) { return a->row.duplicate_of; }
const char *lede_article_relation(const lede_article *a) { return a->row.relation; }
int64_t lede_article_added_at(const lede_article *a) { return a->row.added_at; }
int64_t lede_article_fetched_at(const lede_article *a) { return a->row.fetched_time; }

const char *lede_article_author(const lede_article *a, size_t index)
{
	return index < a->author_count ? a->authors[index] : NULL;
}

struct lede_article_iter {
	lede_db *db;
	int64_t last_id;
};

int lede_article_iter_new(lede_article_iter **out, lede_db *db)
{
	lede_article_iter *iter = lede__calloc(1, sizeof(*iter));

	*out = NULL;
	if (!iter)
		return lede__error_nomem();
	iter->db = db;
	*out = iter;
	return 0;
}

int lede_article_iter_next(lede_article **out, lede_article_iter *iter)
{
	int64_t id;
	int rc;

	*out = NULL;
	rc = lede__store_article_next_id(&id, iter->db->store, iter->last_id);
	if (rc)
		return rc;
	iter->last_id = id;
	return lede_article_get(out, iter->db, id);
}

void lede_article_iter_free(lede_article_iter *iter)
{
	lede__dealloc(iter);
}
