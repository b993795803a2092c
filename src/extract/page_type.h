/*
 * page_type.h: is this page an article, or a listing, product, forum or
 * other page that a crawl meets on the way?
 */
#ifndef LEDE_EXTRACT_PAGE_TYPE_H
#define LEDE_EXTRACT_PAGE_TYPE_H

#include <stddef.h>

enum { LEDE__PAGE_FEATURES = 31 };

/* Evidence about a page, each value scaled to about 0..1. */
typedef struct lede__page_evidence {
	int article_schema;   /* JSON-LD Article-like type */
	int product_schema;   /* JSON-LD Product / Offer */
	int listing_schema;   /* ItemList, CollectionPage, SearchResultsPage */
	int forum_schema;     /* DiscussionForumPosting, QAPage */
	int og_article;       /* og:type article */
	int has_date;         /* a publication date (metadata, URL or visible) */
	int has_author;
	int url_dated;        /* /2018/03/05/ in the URL */
	int url_listing;      /* /category/, /tag/, /collections/, /search ... */
	int url_product;      /* /product/, /products/, /p/, /dp/ ... */
	int url_forum;        /* /forum, /t/, /questions/, /thread ... */
	size_t words;         /* words of the main content */
	size_t paragraphs;    /* blocks of the main content */
	size_t good_blocks;   /* prose blocks */
	size_t list_blocks;   /* list items */
	double content_link_density;
	double page_link_density;
	double content_share; /* content words / page words */
	size_t commerce_blocks;
	size_t forum_blocks;
	size_t code_blocks;
	size_t heading_blocks;
	size_t title_words;
	int title_question;   /* the title asks a question */
	int og_product;       /* og:type product */
	int og_website;       /* og:type website */
	size_t page_words;
	size_t slug_words;    /* words of the URL's last path segment ("how-to-fix-a-tap": 4) */
	int url_articles;     /* /blog/, /news/, /article/, /story/, /posts/ ... */
	int has_byline;       /* a byline by the heading */
	size_t h1_count;      /* visible h1 headings */
	int shown_date;       /* a date written by the heading or in the byline */
	int heading_confirmed; /* the heading sits at the head of the content or agrees with the title data */
} lede__page_evidence;

/*
 * "article", "listing", "product", "forum" or "other": a boosted-stump score
 * decides article or not (docs/internals/extract.md says how it was fitted);
 * the kind of non-article comes from schema types, URL and page signals.
 */
const char *lede__page_type(const lede__page_evidence *evidence);

/* The features in the order of the model's weights (for fitting and tests). */
void lede__page_features(const lede__page_evidence *evidence, double out[LEDE__PAGE_FEATURES]);

#endif
