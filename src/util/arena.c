#include "arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <string.h>

#include "alloc.h"

struct lede__arena_block {
	lede__arena_block *next;
	size_t used;
	size_t size;
	alignas(max_align_t) unsigned char data[];
};

enum { FIRST_BLOCK = 4096, LARGEST_BLOCK = 1 << 20 };

void lede__arena_init(lede__arena *arena)
{
	arena->head = NULL;
	arena->next_size = FIRST_BLOCK;
}

void lede__arena_free(lede__arena *arena)
{
	lede__arena_block *block = arena->head;

	while (block) {
		lede__arena_block *next = block->next;
		lede__dealloc(block);
		block = next;
	}
	lede__arena_init(arena);
}

void *lede__arena_alloc(lede__arena *arena, size_t size)
{
	const size_t align = alignof(max_align_t);
	lede__arena_block *block = arena->head;
	size_t rounded, block_size;

	if (size > SIZE_MAX - align)
		return NULL;
	rounded = (size + align - 1) & ~(align - 1);
	if (block && block->size - block->used >= rounded) {
		void *p = block->data + block->used;
		block->used += rounded;
		return p;
	}
	block_size = arena->next_size;
	if (block_size < rounded)
		block_size = rounded;
	if (block_size > SIZE_MAX - sizeof(*block))
		return NULL;
	block = lede__malloc(sizeof(*block) + block_size);
	if (!block)
		return NULL;
	block->size = block_size;
	block->used = rounded;
	if (arena->head && arena->head->size - arena->head->used > block_size - rounded) {
		/* Keep allocating from the current block: it has more room left. */
		block->next = arena->head->next;
		arena->head->next = block;
	} else {
		block->next = arena->head;
		arena->head = block;
	}
	if (arena->next_size < LARGEST_BLOCK)
		arena->next_size *= 2;
	return block->data;
}

char *lede__arena_strndup(lede__arena *arena, const char *s, size_t len)
{
	char *copy = lede__arena_alloc(arena, len + 1);

	if (!copy)
		return NULL;
	memcpy(copy, s, len);
	copy[len] = '\0';
	return copy;
}

char *lede__arena_strdup(lede__arena *arena, const char *s)
{
	return lede__arena_strndup(arena, s, strlen(s));
}
