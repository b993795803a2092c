/*
 * error.h: setting the per-thread message that lede_errmsg() returns.
 */
#ifndef LEDE_UTIL_ERROR_H
#define LEDE_UTIL_ERROR_H

#include "lede.h"

/*
 * Formats the message for the last failure on this thread and returns `code`
 * so that callers can write `return lede__error(LEDE_EIO, "...", ...)`.
 */
int lede__error(int code, const char *format, ...)
	__attribute__((format(printf, 2, 3)));

/* The common out-of-memory failure. */
int lede__error_nomem(void);

/* Clears the message (after a failure that was handled). */
void lede__error_clear(void);

#endif
