/*
 * metadata.h: what a page says about itself: structured data (JSON-LD,
 * OpenGraph, meta tags, microdata), <title>, <time>, canonical links.
 *
 * Each field keeps the best candidate by source rank; the extractor weighs
 * them against the page text (evidence, not blind truth).
 */
#ifndef LEDE_EXTRACT_METADATA_H
#define LEDE_EXTRACT_METADATA_H

#include <libxml/tree.h>
#include <stddef.h>

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

/* Reads the metadata of a parsed page into *out (strings in `arena`). */
int lede__page_meta_read(lede__page_meta *out, lede__arena *arena, xmlDoc *doc);

/*
 * Cleans an author string: drops "By", roles and e-mail, splits "A and B",
 * "A, B"; keeps what looks like a person's or an organisation's name.
 * Appends up to `max - *count` names to `names`.
 */
void lede__authors_clean(const char **names, size_t *count, size_t max, lede__arena *arena,
			 const char *text);

#endif
