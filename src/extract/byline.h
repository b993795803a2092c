/*
 * byline.h: the author's name where a page shows it by the headline, when
 * neither structured data nor a "By ..." line gave one: "Published August 7,
 * 2023 by Jane Doe", "Author: Jane Doe", a "Written by" label over the name.
 */
#ifndef LEDE_EXTRACT_BYLINE_H
#define LEDE_EXTRACT_BYLINE_H

#include <stddef.h>

#include "extract/dom.h"
#include "util/arena.h"

/*
 * Fills `names` (up to `max`, strings in `arena`) with the authors of the
 * first byline found in the short blocks from a few before the heading's
 * block to a dozen after it; returns how many (0 when none reads as one).
 */
size_t lede__byline_authors(const char **names, size_t max, lede__arena *arena, const lede__dom *dom,
			    size_t heading_block);

#endif
