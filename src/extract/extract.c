#include "extract.h"

#include <string.h>

#include "extract/html_extract.h"
#include "extract/language.h"
#include "extract/mojibake.h"
#include "extract/text_extract.h"
#include "text/date.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/utf8.h"

enum { MAX_TEXT = 64 << 20 };

/* Valid UTF-8 copy of s[0..len) in the arena; counts repairs into *repaired. */
static const char *valid_copy(lede__arena *arena, const char *s, size_t len, size_t *repaired)
{
	lede__buf buf;
	const char *copy = NULL;
	size_t n = 0;

	if (lede__utf8_valid(s, len))
		return lede__arena_strndup(arena, s, len);
	lede__buf_init(&buf, len * 3 + 16);
	if (lede__utf8_repair(&buf, s, len, &n) == 0) {
		copy = lede__arena_strndup(arena, lede__buf_str(&buf), buf.len);
		*repaired += n;
	}
	lede__buf_free(&buf);
	return copy;
}

static int copy_stated(lede__extracted *out, lede__arena *arena, const lede__doc *doc)
{
	size_t i;

#define STATED(field)                                                                      \
	if (doc->field) {                                                                  \
		out->field = valid_copy(arena, doc->field, strlen(doc->field),             \
					&out->repaired_bytes);                             \
		if (!out->field)                                                           \
			return lede__error_nomem();                                        \
	}
	STATED(title)
	STATED(outlet)
	STATED(url)
	STATED(lang)
#undef STATED
	if (doc->author_count) {
		const char **authors = lede__arena_alloc(arena, doc->author_count * sizeof(*authors));

		if (!authors)
			return lede__error_nomem();
		for (i = 0; i < doc->author_count; i++) {
			authors[i] = valid_copy(arena, doc->authors[i], strlen(doc->authors[i]),
						&out->repaired_bytes);
			if (!authors[i])
				return lede__error_nomem();
		}
		out->authors = authors;
		out->author_count = doc->author_count;
	}
	if (doc->published) {
		lede__date date;

		if (lede__date_parse(&date, doc->published, strlen(doc->published)) == 0) {
			out->published = lede__arena_strdup(arena, date.iso);
			if (!out->published)
				return lede__error_nomem();
			out->published_time = date.time;
		}
	}
	return 0;
}

static int extract(lede__extracted *out, lede__arena *arena, const lede__doc *doc)
{
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = copy_stated(out, arena, doc)) != 0)
		return rc;
	if (doc->format == LEDE_FORMAT_HTML) {
		if ((rc = lede__extract_html(out, arena, doc->body, doc->body_len, doc->charset)) != 0)
			return rc;
	} else {
		char *valid = (char *)valid_copy(arena, doc->body, doc->body_len, &out->repaired_bytes);

		if (!valid)
			return lede__error_nomem();
		lede__mojibake_repair(valid, strlen(valid), NULL);
		/* A record's text was extracted already: clean it lightly, keep its paragraphs. */
		if (doc->raw_format == LEDE_FORMAT_JSONL || doc->raw_format == LEDE_FORMAT_FEED)
			rc = lede__clean_text(out, arena, valid, strlen(valid));
		else
			rc = lede__extract_text(out, arena, valid, strlen(valid));
		if (rc)
			return rc;
	}
	if (!out->lang) {
		/* Pages that declare no language (scraped text, most records) get the text's own. */
		const char *detected = lede__language_detect(out->text, strlen(out->text));

		if (detected)
			out->lang = lede__arena_strdup(arena, detected);
	}
	/*
	 * A page without visible text (a script-rendered shell) is kept, as no
	 * article; a feed record or item with a headline only (a title feed) is one.
	 */
	if (!out->page_type || !out->text[0])
		out->page_type = out->text[0] || ((doc->raw_format == LEDE_FORMAT_JSONL ||
						   doc->raw_format == LEDE_FORMAT_FEED) && out->title)
					 ? "article" : "other";
	return 0;
}

int lede__extract(lede__extracted *out, lede__arena *arena, const lede__doc *doc)
{
	/*
	 * The metadata readers pass over what they cannot keep, so an allocation
	 * that failed anywhere on the way leaves the article incomplete: it is
	 * not returned as if whole.
	 */
	unsigned long long failures = lede__alloc_failures();
	int rc = extract(out, arena, doc);

	if (rc == 0 && lede__alloc_failures() != failures)
		rc = lede__error_nomem();
	return rc;
}
