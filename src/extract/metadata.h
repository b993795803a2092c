/*
 * metadata.h: what a page says about itself: structured data (JSON-LD,
 * OpenGraph, meta tags, microdata), <title>, <time>, canonical links.
 *
 * Each field keeps the best candidate by source rank; the extractor weighs
 * them against the page text (evidence, not blind truth).
 */
#ifndef LEDE_EXTRACT_METADATA_H
#define LEDE_EXTRACT_METADATA_H

#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

enum { LEDE__META_MAX_AUTHORS = 8 };

typedef struct lede__page_meta {
	const char *title_tag;       /* <title> */
	const char *headline;        /* JSON-LD headline / name of the article */
	const char *og_title;        /* og:title or twitter:title */
	const char *site_name;       /* og:site_name, JSON-LD publisher, application-name */
	const char *url;             /* canonical link, og:url, JSON-LD url */
	const char *published;       /* the best-ranked date string */
	int published_rank;          /* lower is better; 0 when none */
	const char *modified;        /* dateModified / article:modified_time */
	const char *time_element;    /* the first <time datetime> (not itemprop dateModified) */
	const char *lang;            /* <html lang>, content-language, og:locale */
	const char *authors[LEDE__META_MAX_AUTHORS];
	size_t author_count;
	int author_rank;
	const char *article_body;    /* JSON-LD articleBody */
	const char *schema_type;     /* JSON-LD @type of the main entity */
	const char *og_type;         /* og:type */
	const char *description;     /* meta description / og:description */
	int has_article_schema;      /* a JSON-LD Article-like type was seen */
	int has_product_schema;      /* Product, Offer */
	int has_listing_schema;      /* ItemList, CollectionPage, SearchResultsPage */
	int has_forum_schema;        /* DiscussionForumPosting, QAPage */
} lede__page_meta;

/* The attributes of a metadata element that the reader looks at. */
enum lede__meta_attribute {
	LEDE__META_PROPERTY,
	LEDE__META_NAME,
	LEDE__META_ITEMPROP,
	LEDE__META_HTTP_EQUIV,
	LEDE__META_CONTENT,
	LEDE__META_TYPE,
	LEDE__META_REL,
	LEDE__META_HREF,
	LEDE__META_DATETIME,
	LEDE__META_ATTRIBUTES
};

/* Which element a metadata element is. */
enum lede__meta_tag {
	LEDE__META_TAG_META,
	LEDE__META_TAG_SCRIPT,
	LEDE__META_TAG_TITLE,
	LEDE__META_TAG_LINK,
	LEDE__META_TAG_TIME,
	LEDE__META_TAG_OTHER /* any other element with an itemprop attribute */
};

/*
 * An element the reader looks at: every meta, script, title, link and time
 * element of the page and every other element with an itemprop attribute,
 * except inside script, style and svg.
 */
typedef struct lede__meta_element {
	uint32_t tag;         /* lede__meta_tag */
	uint32_t end;         /* index of the first element after this one's subtree */
	const char *attribute[LEDE__META_ATTRIBUTES]; /* values; NULL when absent */
	/*
	 * The text inside (what libxml2's xmlNodeGetContent gives) of a title,
	 * a JSON-LD script and an element with itemprop="author" (of this one,
	 * the first 200 bytes only); NULL for the others.
	 */
	const char *text;
} lede__meta_element;

/* What a page holds for the reader, in document order (built by lede__dom_build). */
typedef struct lede__meta_source {
	int has_root;          /* the page has an element at all */
	const char *root_lang; /* lang of the first top-level element */
	lede__meta_element *elements;
	size_t count, cap;
} lede__meta_source;

/* Reads the metadata of a parsed page into *out (strings in `arena`). */
int lede__page_meta_read(lede__page_meta *out, lede__arena *arena, const lede__meta_source *source);

/*
 * Cleans an author string: drops "By", roles and e-mail, splits "A and B",
 * "A, B"; keeps what looks like a person's or an organisation's name.
 * Appends up to `max - *count` names to `names`.
 */
void lede__authors_clean(const char **names, size_t *count, size_t max, lede__arena *arena,
			 const char *text);

#endif
