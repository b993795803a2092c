/*
 * jsonl.h: one JSON Lines record as a raw document.
 *
 * Fields (DESIGN.md): id, url, title, text | html, published, outlet,
 * authors, lang.  news-please names are accepted too: maintext,
 * date_publish, source_domain, language.
 */
#ifndef LEDE_SOURCE_JSONL_H
#define LEDE_SOURCE_JSONL_H

#include <jansson.h>

#include "source/doc.h"
#include "util/arena.h"

typedef struct lede__record {
	lede__doc doc;      /* points into `root` and `arena` */
	json_t *root;
	lede__arena arena;
	int failed;         /* an allocation failed while reading the fields */
} lede__record;

/*
 * Parses `line` (not NUL-terminated) named `name` into *out, whose doc then
 * refers to `line` for its raw bytes: keep the line alive while using it.
 * LEDE_EFORMAT with a message naming the problem when the line is not a JSON
 * object with a text or html field.  Free with lede__record_free in any case.
 */
int lede__record_parse(lede__record *out, const char *line, size_t len, const char *name);

void lede__record_free(lede__record *record);

#endif
