/*
 * alloc.h: the one place lede allocates from the C heap.
 *
 * Every allocation in lede goes through these functions so that a test can
 * make the Nth allocation fail (lede__alloc_fail_after) and check that every
 * path reports LEDE_ENOMEM cleanly and leaks nothing.
 */
#ifndef LEDE_UTIL_ALLOC_H
#define LEDE_UTIL_ALLOC_H

#include <stddef.h>

void *lede__malloc(size_t size);
void *lede__calloc(size_t count, size_t size);
void *lede__realloc(void *pointer, size_t size);
void lede__dealloc(void *pointer);

/* A copy of `s` (NULL when `s` is NULL or allocation fails). */
char *lede__strdup(const char *s);
/* A NUL-terminated copy of the first `len` bytes of `s`. */
char *lede__strndup(const char *s, size_t len);

/*
 * Testing hook: after `count` more successful allocations, every allocation
 * fails.  A negative count turns failure injection off.
 */
void lede__alloc_fail_after(long count);

#endif
