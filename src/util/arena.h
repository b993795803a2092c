/*
 * arena.h: a bump allocator for everything one document needs.
 *
 * Extraction, tokens and sentences of one page are allocated from one arena
 * and released together with lede__arena_free (after lexbor's mraw).  Blocks
 * grow geometrically; a request larger than a block gets its own block.
 */
#ifndef LEDE_UTIL_ARENA_H
#define LEDE_UTIL_ARENA_H

#include <stddef.h>

typedef struct lede__arena_block lede__arena_block;

typedef struct lede__arena {
	lede__arena_block *head;
	size_t next_size;
} lede__arena;

void lede__arena_init(lede__arena *arena);

/* Releases every allocation of the arena; it can be used again. */
void lede__arena_free(lede__arena *arena);

/* `size` bytes aligned for any type, or NULL when memory runs out. */
void *lede__arena_alloc(lede__arena *arena, size_t size);

/* A NUL-terminated copy of `len` bytes of `s` in the arena. */
char *lede__arena_strndup(lede__arena *arena, const char *s, size_t len);
char *lede__arena_strdup(lede__arena *arena, const char *s);

#endif
