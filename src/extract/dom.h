/*
 * dom.h: an HTML page as a flat list of elements and text blocks.
 *
 * libxml2's HTML parser reports the page as SAX events, with no tree built;
 * they produce the elements that matter for extraction and the text blocks
 * in reading order, with a stack instead of recursion (pages can nest far
 * deeper than the C stack allows).  A block is the inline text of one
 * block-level element (a paragraph, heading, list item, cell...); each
 * element's subtree covers a contiguous range of blocks, so containers can
 * be scored by summing over ranges.  The same events collect what the
 * metadata reader needs (lede__meta_source, metadata.h).
 */
#ifndef LEDE_EXTRACT_DOM_H
#define LEDE_EXTRACT_DOM_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h> /* content.c sorts with qsort: it came with libxml2's headers here */

#include "extract/metadata.h"
#include "util/arena.h"

/* What an element's tag is to extraction. */
enum lede__tag_flag {
	LEDE__TAG_BLOCK = 1 << 0,       /* starts a new block */
	LEDE__TAG_SKIP = 1 << 1,        /* never text (script, style, svg, ...) */
	LEDE__TAG_HEADING = 1 << 2,     /* h1-h6 */
	LEDE__TAG_LIST_ITEM = 1 << 3,   /* li, dt, dd */
	LEDE__TAG_LINK = 1 << 4,        /* a */
	LEDE__TAG_CHROME = 1 << 5,      /* nav, footer, aside, header, form, menu, dialog */
	LEDE__TAG_QUOTE = 1 << 6,       /* blockquote */
	LEDE__TAG_PRE = 1 << 7,         /* pre, code blocks */
	LEDE__TAG_CELL = 1 << 8,        /* td, th */
	LEDE__TAG_ARTICLE = 1 << 9,     /* article, main */
	LEDE__TAG_PARAGRAPH = 1 << 10,  /* p */
	LEDE__TAG_LINE_BREAK = 1 << 11, /* br */
	LEDE__TAG_LIST = 1 << 12,       /* ul, ol, dl */
	LEDE__TAG_BUTTON = 1 << 13,     /* button, select, label: controls, not prose */
	LEDE__TAG_FIGURE = 1 << 14      /* figure, figcaption */
};

/* Hints read from class, id, role and itemprop attributes. */
enum lede__hint {
	LEDE__HINT_BOILERPLATE = 1 << 0, /* comments, share, related, newsletter, cookie, ... */
	LEDE__HINT_CONTENT = 1 << 1,     /* article body, entry content, post text, ... */
	LEDE__HINT_HIDDEN = 1 << 2,      /* hidden, aria-hidden, display:none */
	LEDE__HINT_NAVIGATION = 1 << 3,  /* menu, nav, breadcrumb, pagination */
	LEDE__HINT_BYLINE = 1 << 4,      /* byline, author, dateline: metadata, not text */
	LEDE__HINT_COMMENTS = 1 << 5,    /* a comments section */
	LEDE__HINT_RELATED = 1 << 6,     /* related / recommended / read more lists */
	LEDE__HINT_AD = 1 << 7           /* advertising and sponsored blocks */
};

typedef struct lede__dom_node {
	int32_t parent;       /* index in nodes, -1 for the root */
	uint32_t depth;
	uint32_t tag;         /* lede__tag_flag bits */
	uint8_t heading;      /* 1-6 for h1-h6 */
	uint8_t hints;        /* lede__hint bits of this element itself */
	uint8_t inherited;    /* lede__hint bits of this element and its ancestors */
	int8_t class_weight;  /* positive: content-like names; negative: boilerplate-like */
	uint32_t signature;   /* hash of tag name and class: repeated items share it */
	uint32_t first_block; /* blocks [first_block, end_block) lie inside */
	uint32_t end_block;
} lede__dom_node;

typedef struct lede__dom_block {
	uint32_t node;        /* the innermost block-level element holding the text */
	const char *text;     /* white space folded, <br> as "\n"; NUL-terminated */
	uint32_t len;         /* bytes */
	uint32_t chars;       /* non-space characters */
	uint32_t link_chars;  /* non-space characters inside links */
	uint32_t words;
	uint32_t stopwords;   /* English function words */
	uint32_t punctuation; /* . , ; : ! ? */
} lede__dom_block;

typedef struct lede__dom {
	lede__dom_node *nodes;
	size_t node_count, node_cap;
	lede__dom_block *blocks;
	size_t block_count, block_cap;
	uint32_t max_depth;   /* deepest element seen */
	lede__meta_source meta; /* the page's metadata elements, strings in the arena */
} lede__dom;

/*
 * Parses UTF-8 `html` and builds the flat view and out->meta, with block
 * texts and metadata strings in `arena`.  Elements nested deeper than
 * `max_depth` are read as text only.  As libxml2's tree builder did, the
 * page ends at an element nested deeper than xmlParserMaxDepth (256).
 */
int lede__dom_build(lede__dom *out, lede__arena *arena, const char *html, size_t len,
		    uint32_t max_depth);

void lede__dom_free(lede__dom *dom);

/* Tag flags of an element name (0 for unknown inline tags). */
uint32_t lede__tag_flags(const char *name, uint8_t *out_heading);

#endif
