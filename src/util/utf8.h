/*
 * utf8.h: UTF-8 validation and repair.
 */
#ifndef LEDE_UTIL_UTF8_H
#define LEDE_UTIL_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/*
 * Length of the valid UTF-8 sequence at s[0..len), or 0 when the bytes there
 * do not start one (overlong forms, surrogates and code points past U+10FFFF
 * are invalid).  The code point goes to *out when `out` is not NULL.
 */
size_t lede__utf8_decode(const unsigned char *s, size_t len, uint32_t *out);

/* Appends the UTF-8 encoding of `code_point` to `out`. */
int lede__utf8_append(lede__buf *out, uint32_t code_point);

/* 1 when all of s[0..len) is valid UTF-8 with no NUL byte. */
int lede__utf8_valid(const char *s, size_t len);

/*
 * Appends s[0..len) to `out` with each invalid sequence and each NUL replaced
 * by U+FFFD; *out_replaced (may be NULL) gets the number of replacements.
 */
int lede__utf8_repair(lede__buf *out, const char *s, size_t len, size_t *out_replaced);

#endif
