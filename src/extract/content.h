/*
 * content.h: choosing the main content of an HTML page from its blocks.
 */
#ifndef LEDE_EXTRACT_CONTENT_H
#define LEDE_EXTRACT_CONTENT_H

#include "extract/dom.h"
#include "extract/metadata.h"
#include "text/date.h"
#include "util/arena.h"

typedef struct lede__content {
	const char *text;        /* paragraphs separated by a blank line */
	size_t paragraphs;       /* blocks kept */
	size_t words;            /* words kept */
	size_t link_chars;       /* link characters kept */
	size_t chars;            /* characters kept */
	int32_t container;       /* the prose container (or item list), -1 when none */
	size_t page_words;       /* words in every block of the page */
	size_t page_link_chars;  /* link characters of the page */
	size_t page_chars;
	size_t good_blocks;      /* prose-like blocks kept */
	size_t list_blocks;      /* list items kept */
	size_t heading_blocks;   /* headings kept */
	size_t commerce_blocks;  /* page blocks with prices or shop buttons ("Add to cart") */
	size_t forum_blocks;     /* page blocks with thread chrome ("Reply", "Joined", "votes") */
	size_t code_blocks;      /* <pre> blocks kept */
	const char *heading;     /* the heading that best names the content, or NULL */
	int heading_confirmed;   /* it is an h1 at the head of the content, or the title data agree */
	size_t heading_block;    /* index of the heading's block */
	double heading_agree;    /* share of its words found in the title data (0..1) */
	size_t h1_count;         /* visible h1 headings on the page */
	lede__date visible_date; /* a date written by the heading or the byline */
	int has_visible_date;
	int visible_date_updated; /* its line says updated or modified, not published */
	const char *byline;      /* a visible byline ("By Jane Doe and John Roe"), or NULL */
} lede__content;

/*
 * Classes the blocks (prose, short, bad: length, link density, stopwords,
 * punctuation, class/id/tag evidence), picks the element that holds most
 * prose with least boilerplate, the heading that names the page and the
 * largest run of repeated items, then lets the block model (block_model.h)
 * weigh every block against them and keeps, in reading order, the blocks
 * that maximize the expected word F1, minus the article's byline.  `meta`
 * gives the title data, the description and the schema types.
 */
int lede__content_select(lede__content *out, lede__arena *arena, const lede__dom *dom,
			 const lede__page_meta *meta);

#endif
