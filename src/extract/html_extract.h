/*
 * html_extract.h: the article in an HTML page.
 */
#ifndef LEDE_EXTRACT_HTML_EXTRACT_H
#define LEDE_EXTRACT_HTML_EXTRACT_H

#include "extract/extract.h"

/*
 * Converts the page to UTF-8, parses it, reads its metadata, chooses the main
 * content and resolves title, authors, date, outlet, URL and language.
 * Fields already set in *out (stated by the source) are kept.  `charset` is
 * the encoding the transport declares (NULL when none; see charset.h).
 */
int lede__extract_html(lede__extracted *out, lede__arena *arena, const char *html, size_t len,
		       const char *charset);

#endif
