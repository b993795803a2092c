/*
 * attribute_strip.h: dropping the attributes extraction never reads.
 *
 * libxml2's HTML parser reads attribute values a character at a time, and
 * most of them (link targets, image sources, srcset, data-*, alt, title)
 * are never looked at: on wcxb-dev they are about half of what is left of a
 * page once code_strip.c has cut scripts and styles.  Start tags are
 * rewritten without them before the page is parsed.  The scanner follows
 * the tokenizer of libxml2 2.9.14's HTML parser (start and end tags,
 * attribute quoting, script and style content, DOCTYPE, processing
 * instructions), so that the same elements, text and kept attributes come
 * out of the parse; where it cannot be sure how libxml2 reads on (a
 * comment, a control character inside a tag, an odd DOCTYPE), the rest of
 * the page is copied unchanged.
 */
#ifndef LEDE_EXTRACT_ATTRIBUTE_STRIP_H
#define LEDE_EXTRACT_ATTRIBUTE_STRIP_H

#include <stddef.h>

#include "util/buf.h"

/*
 * Appends UTF-8 `html` to `out` with every attribute dropped except those
 * extraction reads: class, id, role, itemprop, style, hidden, aria-hidden,
 * property, name, content, http-equiv, type, rel, datetime, lang, charset,
 * and href on <link>.  Returns 0 or the buffer's error.
 */
int lede__strip_attributes(lede__buf *out, const char *html, size_t len);

#endif
