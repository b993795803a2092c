/*
 * buf.h: the growable byte buffer (after curl's dynbuf).
 *
 * A buffer has a size cap; an append that would pass it, or whose allocation
 * fails, frees the buffer and returns LEDE_ETOOBIG or LEDE_ENOMEM, so callers
 * never keep a half-built value.  The contents are always NUL-terminated once
 * anything was appended.  `data` may move on append: never keep a pointer
 * into it across one.
 */
#ifndef LEDE_UTIL_BUF_H
#define LEDE_UTIL_BUF_H

#include <stddef.h>

typedef struct lede__buf {
	char *data;
	size_t len;
	size_t cap;
	size_t max;
} lede__buf;

/* Starts an empty buffer that may grow to `max` bytes (excluding the NUL). */
void lede__buf_init(lede__buf *buf, size_t max);

/* Frees the contents and leaves an empty buffer with the same cap. */
void lede__buf_free(lede__buf *buf);

/* Empties the buffer, keeping its memory. */
void lede__buf_reset(lede__buf *buf);

int lede__buf_append(lede__buf *buf, const void *data, size_t len);
int lede__buf_append_str(lede__buf *buf, const char *s);
int lede__buf_append_byte(lede__buf *buf, char c);
int lede__buf_printf(lede__buf *buf, const char *format, ...)
	__attribute__((format(printf, 2, 3)));

/* Makes sure `extra` more bytes fit without another allocation. */
int lede__buf_reserve(lede__buf *buf, size_t extra);

/* Hands the contents to the caller (free with lede__dealloc); the buffer is left empty. */
char *lede__buf_detach(lede__buf *buf);

/* The contents as a string; "" when nothing was appended. */
const char *lede__buf_str(const lede__buf *buf);

#endif
