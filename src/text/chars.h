/*
 * chars.h: the code points of UTF-8 text as the analysis stages (sentences,
 * entities, quotes) read them: decoding that never fails (an invalid byte
 * reads as U+FFFD) and the character classes they share.
 */
#ifndef LEDE_TEXT_CHARS_H
#define LEDE_TEXT_CHARS_H

#include <stddef.h>
#include <stdint.h>
#include <utf8proc.h>

#include "util/utf8.h"

/* The code point at p[i] in *cp and its length in bytes (1 for an invalid byte). */
static inline size_t lede__char_at(const unsigned char *p, size_t len, size_t i, uint32_t *cp)
{
	size_t n;

	if (p[i] < 0x80) {
		*cp = p[i];
		return 1;
	}
	n = lede__utf8_decode(p + i, len - i, cp);
	if (n == 0) {
		*cp = 0xFFFD;
		return 1;
	}
	return n;
}

/* The code point that ends just before p[i]; 0 at the start. */
static inline uint32_t lede__char_before(const unsigned char *p, size_t len, size_t i)
{
	uint32_t cp;
	size_t back;

	if (i == 0)
		return 0;
	back = i - 1;
	while (back > 0 && (p[back] & 0xC0) == 0x80 && i - back < 4)
		back--;
	lede__char_at(p, len, back, &cp);
	return cp;
}

/* White space, including no-break and typographic spaces. */
static inline int lede__char_is_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == '\f' || cp == '\v' ||
	       cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x3000;
}

static inline int lede__char_is_upper(uint32_t cp)
{
	utf8proc_category_t c;

	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z';
	c = utf8proc_category((utf8proc_int32_t)cp);
	return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

static inline int lede__char_is_lower(uint32_t cp)
{
	if (cp < 0x80)
		return cp >= 'a' && cp <= 'z';
	return utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_LL;
}

static inline int lede__char_is_letter(uint32_t cp)
{
	utf8proc_category_t c;

	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
	c = utf8proc_category((utf8proc_int32_t)cp);
	return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

/* A letter or a decimal digit. */
static inline int lede__char_is_word(uint32_t cp)
{
	if (cp < 0x80)
		return lede__char_is_letter(cp) || (cp >= '0' && cp <= '9');
	return lede__char_is_letter(cp) || utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_ND;
}

#endif
