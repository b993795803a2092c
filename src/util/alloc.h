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

/*
 * Testing hook: after `count` more successful allocations, one allocation
 * fails and the following ones succeed again (error paths that go on after
 * a failure are exercised).  A negative count turns it off.
 */
void lede__alloc_fail_nth(long count);

/*
 * Allocations that failed on the calling thread so far (refused by
 * lede__alloc_fail_after or by the C library).  A library that allocates
 * through lede but reports running out of memory as something else (jansson
 * reports some as syntax errors) is read before and after the call.
 */
unsigned long long lede__alloc_failures(void);

/*
 * jansson's allocator (installed by lede__engine_init).  jansson's parser
 * does not stop at a failed allocation: it drops the byte it could not keep
 * and reads on (lex_save in jansson 2.14 ignores the failure), which can run
 * past the end of the string it then decodes.  Between lede__json_begin and
 * lede__json_end (nestable), once one allocation fails every later one
 * fails too, which jansson does handle, and lede__json_end returns 1 (0 when
 * nothing failed), so that JSON built or parsed with jansson's unchecked
 * calls is known to be whole.  Outside such a section (the CLI's own
 * output) it is lede__malloc.
 */
void *lede__json_malloc(size_t size);
void lede__json_begin(void);
int lede__json_end(void);

/* Testing counters of the calling thread since it started. */
typedef struct lede__alloc_counters {
	unsigned long long allocations; /* successful malloc, calloc and realloc calls */
	unsigned long long failed;      /* calls that failed (lede__alloc_failures) */
	long long live;                 /* blocks allocated and not yet freed */
} lede__alloc_counters;

void lede__alloc_counters_get(lede__alloc_counters *out);

#endif
