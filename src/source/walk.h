/*
 * walk.h: the list of files behind the paths a user names.
 */
#ifndef LEDE_SOURCE_WALK_H
#define LEDE_SOURCE_WALK_H

#include <stddef.h>
#include <stdint.h>

typedef struct lede__input {
	char *path;      /* "-" for standard input */
	uint64_t size;   /* bytes on disk, 0 when unknown */
	char *error;     /* why the path cannot be read, or NULL */
} lede__input;

typedef struct lede__input_list {
	lede__input *items;
	size_t count, cap;
	uint64_t total_size;
} lede__input_list;

/*
 * Appends `path` to `list`: a file as itself, a directory as every regular
 * file below it (recursively, hidden entries skipped, in byte order of
 * names), "-" as standard input.  A path that cannot be read is appended with
 * its error so that the caller reports it in order.  Returns 0 or LEDE_ENOMEM.
 */
int lede__input_list_add(lede__input_list *list, const char *path);

void lede__input_list_free(lede__input_list *list);

#endif
