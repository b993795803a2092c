/*
 * normalize.h: the canonical form of a text for hashing and comparison.
 */
#ifndef LEDE_TEXT_NORMALIZE_H
#define LEDE_TEXT_NORMALIZE_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/*
 * Appends the normalized form of UTF-8 `text` to `out`: compatibility
 * decomposition, case folding and accents stripped (utf8proc), letters and
 * digits kept, every other run (punctuation, white space, symbols) folded to
 * one space, no leading or trailing space.  "We’ve  SEEN Café!" becomes
 * "we ve seen cafe".  Invalid bytes count as separators.
 */
int lede__text_normalize(lede__buf *out, const char *text, size_t len);

/* XXH3 of the normalized form: the store's content key. */
int lede__text_content_hash(uint64_t *out, const char *text, size_t len);

#endif
