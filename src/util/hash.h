/*
 * hash.h: the project's 64-bit hash (XXH3) and its hex form.
 */
#ifndef LEDE_UTIL_HASH_H
#define LEDE_UTIL_HASH_H

#include <stddef.h>
#include <stdint.h>

uint64_t lede__hash64(const void *data, size_t len);

/* Writes the 16 lowercase hex digits of `hash` and a NUL to `out`. */
void lede__hash_hex(char out[17], uint64_t hash);

#endif
