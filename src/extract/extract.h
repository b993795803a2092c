/*
 * extract.h: raw document -> article.
 *
 * The one interface every ingest path and `lede extract` goes through.  The
 * result lives in the caller's arena (one per document).
 */
#ifndef LEDE_EXTRACT_EXTRACT_H
#define LEDE_EXTRACT_EXTRACT_H

#include <stddef.h>
#include <stdint.h>

#include "source/doc.h"
#include "util/arena.h"

typedef struct lede__extracted {
	const char *title;
	const char *const *authors;
	size_t author_count;
	const char *published;  /* ISO 8601, NULL when unknown */
	int64_t published_time; /* unix seconds, 0 when unknown */
	const char *outlet;
	const char *url;
	const char *lang;
	const char *page_type;  /* "article", "listing", "other" */
	const char *text;       /* paragraphs separated by a blank line; never NULL */
	size_t repaired_bytes;  /* invalid UTF-8 sequences replaced by U+FFFD */
} lede__extracted;

/*
 * Extracts `doc` into *out, allocating from `arena`.  Metadata the document
 * states (JSONL fields) wins over what is found in the page.  Returns 0, or
 * LEDE_EFORMAT when the page cannot be parsed, or LEDE_ENOMEM.  A page
 * with no visible text is kept with empty text and page type "other".
 */
int lede__extract(lede__extracted *out, lede__arena *arena, const lede__doc *doc);

#endif
