/*
 * text_extract.h: the article in a scraped plain-text page.
 *
 * Scraped text has lost its markup but kept everything else: menus as runs
 * of short lines, language pickers, bylines and datelines, captions and
 * photo credits, author bios, "Related" and "Read more" tails with other
 * stories under them, newsletter prompts, copyright lines and scraping
 * artifacts.  The same kind of block scoring as for HTML runs over lines.
 */
#ifndef LEDE_EXTRACT_TEXT_EXTRACT_H
#define LEDE_EXTRACT_TEXT_EXTRACT_H

#include "extract/extract.h"

/*
 * Full extraction of a scraped page: main text span, title, byline, date,
 * outlet.  Fields already set in *out are kept.  `text` is valid UTF-8.
 */
int lede__extract_text(lede__extracted *out, lede__arena *arena, const char *text, size_t len);

/*
 * Light cleaning of text that a feed or dump already extracted: paragraphs
 * kept, only stock lines ("Advertisement", "Read more") and scraping
 * artifacts dropped.
 */
int lede__clean_text(lede__extracted *out, lede__arena *arena, const char *text, size_t len);

#endif
