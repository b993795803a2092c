/*
 * block_model.h: does a text block belong to the main content?  A fitted
 * model over what is known of the block (its text, its marks, where it sits
 * against the chosen container, the repeated items around it, the page).
 */
#ifndef LEDE_EXTRACT_BLOCK_MODEL_H
#define LEDE_EXTRACT_BLOCK_MODEL_H

#include <stddef.h>
#include <stdint.h>

/*
 * The evidence about one block, each a number.  content.c fills them;
 * bench/content-fit reads them by name (LEDE_DEBUG_BLOCK_FEATURES) and fits
 * the trees of block_model.c, so a new feature goes at the end.
 */
enum lede__block_feature {
	LEDE__BF_WORDS,                 /* log(1 + words) */
	LEDE__BF_LINK_DENSITY,          /* link characters / characters */
	LEDE__BF_STOPWORDS,             /* function words / words */
	LEDE__BF_PUNCTUATION,           /* . , ; : ! ? per word, at most 1 */
	LEDE__BF_CLASS,                 /* 0 bad, 1 short, 2 prose (content.c's classes) */
	LEDE__BF_MARK_BOILERPLATE,      /* under a minor element named or tagged as chrome */
	LEDE__BF_MARK_CHROME,
	LEDE__BF_MARK_HIDDEN,
	LEDE__BF_HINT_NAVIGATION,       /* class/id/role hints of the element or an ancestor */
	LEDE__BF_HINT_COMMENTS,
	LEDE__BF_HINT_RELATED,
	LEDE__BF_HINT_AD,
	LEDE__BF_HINT_BYLINE,
	LEDE__BF_HINT_CONTENT,
	LEDE__BF_HINT_BOILERPLATE,
	LEDE__BF_PARAGRAPH,             /* the block's element: p */
	LEDE__BF_LIST_ITEM,             /* li, dt, dd */
	LEDE__BF_CELL,                  /* td, th */
	LEDE__BF_HEADING,               /* 1-6 for h1-h6, else 0 */
	LEDE__BF_PRE,
	LEDE__BF_QUOTE,
	LEDE__BF_FIGURE,
	LEDE__BF_IN_LINK,               /* the block is inside a link (a card) */
	LEDE__BF_IN_ARTICLE,            /* inside <article> or <main> */
	LEDE__BF_CONTAINER_SIDE,        /* -1 before the prose container, 0 inside, 1 after */
	LEDE__BF_CONTAINER_DISTANCE,    /* log(1 + blocks between the block and the container) */
	LEDE__BF_IN_ITEM_LIST,          /* inside the largest run of repeated items */
	LEDE__BF_POSITION,              /* block index / blocks */
	LEDE__BF_DUPLICATES,            /* log(1 + other blocks with the same text) */
	LEDE__BF_ITEM_COUNT,            /* log(1 + siblings alike) of the nearest repeated ancestor */
	LEDE__BF_ITEM_WORDS,            /* log(1 + words per item) of that run */
	LEDE__BF_ITEM_SHARE,            /* that run's words / page words */
	LEDE__BF_ITEM_LINK_DENSITY,     /* that run's link density */
	LEDE__BF_PARENT_LINK_DENSITY,   /* link density of the element holding the block's */
	LEDE__BF_PARENT_PROSE,          /* prose characters / characters there */
	LEDE__BF_ANCESTOR_LINK_DENSITY, /* the same three levels up */
	LEDE__BF_ANCESTOR_PROSE,
	LEDE__BF_ANCESTOR_SHARE,        /* that ancestor's words / page words */
	LEDE__BF_WINDOW_PROSE,          /* prose words / words over the 7 blocks around */
	LEDE__BF_PREVIOUS_CLASS,
	LEDE__BF_NEXT_CLASS,
	LEDE__BF_STOCK_PHRASE,          /* "Read more", "Share", "Advertisement"... */
	LEDE__BF_PAGE_LINK_DENSITY,
	LEDE__BF_PAGE_WORDS,            /* log(1 + words of the page) */
	LEDE__BF_PAGE_PROSE,            /* prose words / page words */
	LEDE__BF_CONTAINER_SHARE,       /* container words / page words */
	LEDE__BF_CONTAINER_PROSE,       /* prose words / container words */
	LEDE__BF_ARTICLE_SCHEMA,        /* metadata: JSON-LD and OpenGraph types */
	LEDE__BF_PRODUCT_SCHEMA,
	LEDE__BF_LISTING_SCHEMA,
	LEDE__BF_FORUM_SCHEMA,
	LEDE__BF_OG_ARTICLE,
	LEDE__BF_COMMERCE,              /* log(1 + shop chrome blocks of the page) */
	LEDE__BF_FORUM_CHROME,          /* log(1 + thread chrome blocks) */
	LEDE__BF_HEADING_SIDE,          /* -1 before the heading naming the page, 0 it, 1 after, 2 none */
	LEDE__BF_HEADING_DISTANCE,      /* log(1 + blocks between the block and that heading) */
	LEDE__BF_HEADING_SCOPE,         /* words of the smallest element holding both / page words */
	LEDE__BF_CONTAINER_SCOPE,       /* the same for the block and the prose container */
	LEDE__BF_PREVIOUS_LINK_DENSITY, /* of the blocks before and after */
	LEDE__BF_NEXT_LINK_DENSITY,
	LEDE__BF_PREVIOUS_WORDS,        /* log(1 + words) */
	LEDE__BF_NEXT_WORDS,
	LEDE__BF_DIGITS,                /* digits / letters and digits */
	LEDE__BF_CAPITALS,              /* capitals / letters (ASCII) */
	LEDE__BF_SENTENCE_END,          /* ends with . ! ? or a closing quote */
	LEDE__BF_COLON_END,             /* ends with a colon: a label */
	LEDE__BF_PRICE,                 /* a currency sign before a number */
	LEDE__BF_SEPARATORS,            /* log(1 + | and bullet characters): metadata lines */
	LEDE__BF_TITLE_WORDS,           /* share of its words in <title> or og:title */
	LEDE__BF_SIBLING_BLOCKS,        /* log(1 + blocks in the parent element) */
	LEDE__BF_NEXT_ALIKE,            /* the next block's element has the same tag and class */
	LEDE__BF_DESCRIPTION_WORDS,     /* share of its words in the meta description */
	LEDE__BF_STYLE_PROSE,           /* prose words in its style (tag and class of it and its parent) / page prose */
	LEDE__BF_STYLE_WORDS,           /* words in its style / page words */
	LEDE__BLOCK_FEATURES
};

/* The feature's name as bench/content-fit knows it ("words", "link_density"...). */
const char *lede__block_feature_name(int feature);

/* The model's score: the log-odds that the block is content. */
double lede__block_score(const double features[LEDE__BLOCK_FEATURES]);

/*
 * Which blocks of a page to keep, from their scores and word counts (both
 * `count` long): the most probable first, as many as maximize the expected
 * word F1.  Sets keep[i] to 1 or 0.  Returns 0 or LEDE_ENOMEM.
 */
int lede__block_choose(uint8_t *keep, const double *scores, const uint32_t *words, size_t count);

#endif
