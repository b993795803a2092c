/*
 * ascii.h: ASCII case folding for matching short texts against lower-case
 * phrases with strstr (glibc's strcasestr has no vectorized path).
 */
#ifndef LEDE_UTIL_ASCII_H
#define LEDE_UTIL_ASCII_H

#include <stddef.h>

/* text[0..len) into out[0..len] with ASCII letters in lower case, NUL-terminated. */
static inline void lede__ascii_lower_copy(char *out, const char *text, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		out[i] = (char)((text[i] >= 'A' && text[i] <= 'Z') ? text[i] + ('a' - 'A') : text[i]);
	out[len] = '\0';
}

#endif
