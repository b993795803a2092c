/*
 * html_text.h: the visible text of an HTML page, block by block.
 */
#ifndef LEDE_EXTRACT_HTML_TEXT_H
#define LEDE_EXTRACT_HTML_TEXT_H

#include <stddef.h>

#include "util/arena.h"

typedef struct lede__html_text {
	const char *title; /* the <title>, white space folded; NULL when absent */
	const char *text;  /* visible text, one block per paragraph, blank-line separated */
} lede__html_text;

/* Parses `html` with libxml2 and collects its visible text into `arena`. */
int lede__html_visible_text(lede__html_text *out, lede__arena *arena, const char *html,
			    size_t len);

#endif
