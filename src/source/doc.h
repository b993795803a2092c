/*
 * doc.h: a raw document, as a source hands it to extraction.
 */
#ifndef LEDE_SOURCE_DOC_H
#define LEDE_SOURCE_DOC_H

#include <stddef.h>

#include "lede.h"

typedef struct lede__doc {
	const char *name;       /* input name for messages: "a/b.html", "dump.jsonl:12" */
	lede_format format;     /* LEDE_FORMAT_HTML or LEDE_FORMAT_TEXT: what `body` is */
	const char *body;       /* the page (HTML or scraped text), valid UTF-8 or not */
	size_t body_len;
	const char *raw;        /* what to store as the raw page (JSONL: the record; WARC: the
				   record; feed: a feed holding only this item) */
	size_t raw_len;
	lede_format raw_format; /* the format of `raw` (JSONL for records) */
	/*
	 * The character encoding that the transport declares (HTTP Content-Type
	 * charset of a WARC response); NULL when none.  Extraction ranks it after a
	 * byte order mark and valid UTF-8, before the page's own <meta>.
	 */
	const char *charset;
	/* When the page was fetched (WARC-Date, ISO 8601); NULL when unknown. */
	const char *fetched;
	/* Metadata that the source states (JSONL fields, feed items); NULL when absent. */
	const char *external_id;
	const char *url;
	const char *title;
	const char *published;
	const char *outlet;
	const char *lang;
	const char *const *authors;
	size_t author_count;
} lede__doc;

#endif
