#include "alloc.h"

#include "lede.h"

#include <stdlib.h>
#include <string.h>

/*
 * Per thread: failure injection, and counters for tests (a leak shows as
 * live blocks that outlast the call that made them).  Thread-local so that
 * counting costs no synchronization; a block freed on another thread than
 * the one that allocated it skews both threads' live counts.
 */
static _Thread_local long allocations_left = -1;
static _Thread_local int fail_once;
static _Thread_local lede__alloc_counters counters;

static int allocation_allowed(void)
{
	if (allocations_left < 0)
		return 1;
	if (allocations_left == 0) {
		counters.failed++;
		if (fail_once)
			allocations_left = -1;
		return 0;
	}
	allocations_left--;
	return 1;
}

unsigned long long lede__alloc_failures(void)
{
	return counters.failed;
}

static _Thread_local int json_depth, json_failed;

void *lede__json_malloc(size_t size)
{
	void *block;

	if (json_depth && json_failed) {
		counters.failed++;
		return NULL;
	}
	block = lede__malloc(size);
	if (!block && json_depth)
		json_failed = 1;
	return block;
}

void lede__json_begin(void)
{
	if (json_depth++ == 0)
		json_failed = 0;
}

int lede__json_end(void)
{
	int failed = json_failed;

	if (json_depth > 0 && --json_depth == 0)
		json_failed = 0;
	return failed;
}

void lede__alloc_fail_after(long count)
{
	allocations_left = count;
	fail_once = 0;
}

void lede__alloc_fail_nth(long count)
{
	allocations_left = count;
	fail_once = 1;
}

void lede__alloc_counters_get(lede__alloc_counters *out)
{
	*out = counters;
}

static void *counted(void *block)
{
	if (block) {
		counters.allocations++;
		counters.live++;
	} else {
		counters.failed++;
	}
	return block;
}

void *lede__malloc(size_t size)
{
	if (!allocation_allowed())
		return NULL;
	return counted(malloc(size ? size : 1));
}

void *lede__calloc(size_t count, size_t size)
{
	if (!allocation_allowed())
		return NULL;
	return counted(calloc(count ? count : 1, size ? size : 1));
}

void *lede__realloc(void *pointer, size_t size)
{
	void *grown;

	if (!allocation_allowed())
		return NULL;
	grown = realloc(pointer, size ? size : 1);
	if (!pointer)
		return counted(grown);
	if (grown)
		counters.allocations++;
	else
		counters.failed++;
	return grown;
}

void lede__dealloc(void *pointer)
{
	if (pointer)
		counters.live--;
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
	lede__dealloc(pointer);
}
