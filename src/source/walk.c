#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"

enum { MAX_DEPTH = 64 };

static int push(lede__input_list *list, const char *path, uint64_t size, const char *error)
{
	lede__input *item;

	if (list->count == list->cap) {
		size_t cap = list->cap ? list->cap * 2 : 64;
		lede__input *grown = lede__realloc(list->items, cap * sizeof(*grown));

		if (!grown)
			return lede__error_nomem();
		list->items = grown;
		list->cap = cap;
	}
	item = &list->items[list->count];
	item->path = lede__strdup(path);
	item->size = size;
	item->error = error ? lede__strdup(error) : NULL;
	if (!item->path || (error && !item->error)) {
		lede__dealloc(item->path);
		lede__dealloc(item->error);
		return lede__error_nomem();
	}
	list->count++;
	list->total_size += size;
	return 0;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int add_path(lede__input_list *list, const char *path, int depth);

static int add_directory(lede__input_list *list, const char *path, int depth)
{
	DIR *dir = NULL;
	struct dirent *entry;
	char **names = NULL;
	size_t count = 0, cap = 0, i;
	int rc = 0;

	if (depth > MAX_DEPTH)
		return push(list, path, 0, "directories nested too deep");
	dir = opendir(path);
	if (!dir)
		return push(list, path, 0, strerror(errno));
	while ((entry = readdir(dir)) != NULL) {
		if (entry->d_name[0] == '.')
			continue;
		if (count == cap) {
			size_t grown_cap = cap ? cap * 2 : 32;
			char **grown = lede__realloc(names, grown_cap * sizeof(*grown));

			if (!grown) {
				rc = lede__error_nomem();
				goto cleanup;
			}
			names = grown;
			cap = grown_cap;
		}
		if (!(names[count] = lede__strdup(entry->d_name))) {
			rc = lede__error_nomem();
			goto cleanup;
		}
		count++;
	}
	if (count)
		qsort(names, count, sizeof(*names), compare_names);
	for (i = 0; i < count && rc == 0; i++) {
		lede__buf child;

		lede__buf_init(&child, 1 << 16);
		rc = lede__buf_printf(&child, "%s%s%s", path,
				      path[strlen(path) - 1] == '/' ? "" : "/", names[i]);
		if (rc == 0)
			rc = add_path(list, lede__buf_str(&child), depth + 1);
		lede__buf_free(&child);
	}
cleanup:
	for (i = 0; i < count; i++)
		lede__dealloc(names[i]);
	lede__dealloc(names);
	closedir(dir);
	return rc;
}

static int add_path(lede__input_list *list, const char *path, int depth)
{
	struct stat st;

	if (strcmp(path, "-") == 0)
		return push(list, path, 0, NULL);
	if (stat(path, &st) != 0)
		return push(list, path, 0, strerror(errno));
	if (S_ISDIR(st.st_mode))
		return add_directory(list, path, depth);
	if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode))
		return depth ? 0 : push(list, path, 0, "not a regular file");
	return push(list, path, S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0, NULL);
}

int lede__input_list_add(lede__input_list *list, const char *path)
{
	return add_path(list, path, 0);
}

void lede__input_list_free(lede__input_list *list)
{
	size_t i;

	for (i = 0; i < list->count; i++) {
		lede__dealloc(list->items[i].path);
		lede__dealloc(list->items[i].error);
	}
	lede__dealloc(list->items);
	memset(list, 0, sizeof(*list));
}
