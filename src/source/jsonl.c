#include "jsonl.h"

#include <string.h>

#include "util/alloc.h"
#include "util/error.h"

/*
 * The first of `keys` that holds a non-empty string (a number for ids), or
 * NULL; record->failed is set when copying a number's digits ran out of memory.
 */
static const char *string_field(lede__record *record, const char *const *keys)
{
	for (; *keys; keys++) {
		json_t *value = json_object_get(record->root, *keys);

		if (json_is_string(value) && json_string_length(value) > 0)
			return json_string_value(value);
		if (json_is_integer(value)) {
			char digits[32];
			int n = snprintf(digits, sizeof(digits), "%lld",
					 (long long)json_integer_value(value));

			const char *copy = lede__arena_strndup(&record->arena, digits, (size_t)n);

			if (!copy)
				record->failed = 1;
			return copy;
		}
	}
	return NULL;
}

static int read_authors(lede__record *record)
{
	static const char *const keys[] = {"authors", "author", NULL};
	const char *const *key;

	for (key = keys; *key; key++) {
		json_t *value = json_object_get(record->root, *key);
		const char **names;
		size_t i, n = 0;

		if (json_is_string(value) && json_string_length(value) > 0) {
			names = lede__arena_alloc(&record->arena, sizeof(*names));
			if (!names)
				return lede__error_nomem();
			names[0] = json_string_value(value);
			record->doc.authors = names;
			record->doc.author_count = 1;
			return 0;
		}
		if (!json_is_array(value) || json_array_size(value) == 0)
			continue;
		names = lede__arena_alloc(&record->arena, json_array_size(value) * sizeof(*names));
		if (!names)
			return lede__error_nomem();
		for (i = 0; i < json_array_size(value); i++) {
			json_t *item = json_array_get(value, i);

			if (json_is_object(item))
				item = json_object_get(item, "name");
			if (json_is_string(item) && json_string_length(item) > 0)
				names[n++] = json_string_value(item);
		}
		record->doc.authors = names;
		record->doc.author_count = n;
		return 0;
	}
	return 0;
}

int lede__record_parse(lede__record *out, const char *line, size_t len, const char *name)
{
	static const char *const id_keys[] = {"id", "external_id", "_id", NULL};
	static const char *const url_keys[] = {"url", "link", NULL};
	static const char *const title_keys[] = {"title", "headline", NULL};
	static const char *const text_keys[] = {"text", "maintext", "body", "content", NULL};
	static const char *const html_keys[] = {"html", "raw_html", NULL};
	static const char *const published_keys[] = {"published", "date_publish", "date",
						     "datePublished", "published_at", NULL};
	static const char *const outlet_keys[] = {"outlet", "source_domain", "site_name",
						  "source", NULL};
	static const char *const lang_keys[] = {"lang", "language", NULL};
	json_error_t error;
	const char *text, *html;
	int rc, failed;

	memset(out, 0, sizeof(*out));
	lede__arena_init(&out->arena);
	out->doc.name = name;
	out->doc.raw = line;
	out->doc.raw_len = len;
	out->doc.raw_format = LEDE_FORMAT_JSONL;
	/* jansson reports some failed allocations as syntax errors: its section tells (alloc.h). */
	lede__json_begin();
	out->root = json_loadb(line, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &error);
	failed = lede__json_end();
	if (failed || (!out->root && json_error_code(&error) == json_error_out_of_memory))
		return lede__error_nomem();
	if (!out->root)
		return lede__error(LEDE_EFORMAT, "malformed JSON at column %d: %s", error.column,
				   error.text);
	if (!json_is_object(out->root))
		return lede__error(LEDE_EFORMAT, "JSON value is not an object");
	html = string_field(out, html_keys);
	text = string_field(out, text_keys);
	if (html) {
		out->doc.format = LEDE_FORMAT_HTML;
		out->doc.body = html;
	} else if (text) {
		out->doc.format = LEDE_FORMAT_TEXT;
		out->doc.body = text;
	} else if (string_field(out, title_keys)) {
		/* A headline-only record (title feeds): the article is its title. */
		out->doc.format = LEDE_FORMAT_TEXT;
		out->doc.body = "";
	} else {
		if (out->failed)
			return lede__error_nomem();
		return lede__error(LEDE_EFORMAT,
				   "record has no \"text\", \"maintext\", \"html\" or \"title\" field");
	}
	out->doc.body_len = strlen(out->doc.body);
	out->doc.external_id = string_field(out, id_keys);
	out->doc.url = string_field(out, url_keys);
	out->doc.title = string_field(out, title_keys);
	out->doc.published = string_field(out, published_keys);
	out->doc.outlet = string_field(out, outlet_keys);
	out->doc.lang = string_field(out, lang_keys);
	if (out->failed)
		return lede__error_nomem();
	if ((rc = read_authors(out)) != 0)
		return rc;
	return 0;
}

void lede__record_free(lede__record *record)
{
	json_decref(record->root);
	record->root = NULL;
	lede__arena_free(&record->arena);
}
