#include "alloc.h"

#include "lede.h"

#include <stdlib.h>
#include <string.h>

static _Thread_local long allocations_left = -1;

static int allocation_allowed(void)
{
	if (allocations_left < 0)
		return 1;
	if (allocations_left == 0)
		return 0;
	allocations_left--;
	return 1;
}

void lede__alloc_fail_after(long count)
{
	allocations_left = count;
}

void *lede__malloc(size_t size)
{
	if (!allocation_allowed())
		return NULL;
	return malloc(size ? size : 1);
}

void *lede__calloc(size_t count, size_t size)
{
	if (!allocation_allowed())
		return NULL;
	return calloc(count ? count : 1, size ? size : 1);
}

void *lede__realloc(void *pointer, size_t size)
{
	if (!allocation_allowed())
		return NULL;
	return realloc(pointer, size ? size : 1);
}

void lede__dealloc(void *pointer)
{
	free(pointer);
}

char *lede__strndup(const char *s, size_t len)
{
	char *copy;

	if (!s)
		return NULL;
	copy = lede__malloc(len + 1);
	if (!copy)
		return NULL;
	memcpy(copy, s, len);
	copy[len] = '\0';
	return copy;
}

char *lede__strdup(const char *s)
{
	return s ? lede__strndup(s, strlen(s)) : NULL;
}

void lede_free(void *pointer)
{
	free(pointer);
}
