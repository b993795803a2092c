/*
 * sniff.h: telling HTML, scraped text, JSONL, WARC, feeds and binary data apart.
 */
#ifndef LEDE_SOURCE_SNIFF_H
#define LEDE_SOURCE_SNIFF_H

#include <stddef.h>

#include "lede.h"

/* What the first bytes of a (decompressed) input look like. */
typedef enum lede__sniffed {
	LEDE__SNIFF_EMPTY,  /* nothing but white space */
	LEDE__SNIFF_BINARY, /* NUL bytes or mostly control bytes */
	LEDE__SNIFF_HTML,
	LEDE__SNIFF_TEXT,
	LEDE__SNIFF_JSONL,
	LEDE__SNIFF_WARC,   /* starts with a "WARC/" version line */
	LEDE__SNIFF_FEED    /* XML whose root is <rss>, RSS 1.0 <rdf:RDF> or an Atom <feed> */
} lede__sniffed;

/*
 * Classifies `head`, the first bytes of an input (a few KiB suffice).  `name`
 * (may be NULL) lends its extension as a tie-breaker.
 */
lede__sniffed lede__sniff(const char *head, size_t len, const char *name);

#endif
