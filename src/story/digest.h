/*
 * digest.h: what a reader gets out of a story's articles: quotations with
 * speakers and every outlet that carries them, the people, organizations
 * and places, the facts the outlets agree or differ on, each outlet's first
 * article in time, and (summary.h) a cited summary.
 *
 * Pure in-memory assembly over src/text (quotes, entities, claims): no I/O,
 * no SQL.  Everything points into the caller's arena and documents.
 */
#ifndef LEDE_STORY_DIGEST_H
#define LEDE_STORY_DIGEST_H

#include <stddef.h>
#include <stdint.h>

#include "text/claims.h"
#include "text/entities.h"
#include "text/quotes.h"
#include "util/arena.h"

typedef struct lede__digest_doc {
	int64_t id;
	const char *outlet;     /* NULL when unknown */
	const char *title;
	const char *text;
	int64_t time;           /* published, else fetched or added (unix seconds) */
	int time_is_published;
} lede__digest_doc;

typedef struct lede__timeline_entry {
	const char *outlet;
	size_t document;        /* index of the outlet's first document */
	int64_t time;
	int time_is_published;
} lede__timeline_entry;

typedef struct lede__digest {
	lede__story_quotes quotes;
	lede__quotes *article_quotes; /* per document, for the sources' sentences */
	lede__entities entities;
	lede__facts facts;
	lede__timeline_entry *timeline; /* by time; outlets without a name by document */
	size_t timeline_count;
} lede__digest;

/* Builds the digest of `count` documents.  Returns 0 or LEDE_ENOMEM. */
int lede__digest_build(lede__digest *out, lede__arena *arena, const lede__digest_doc *docs,
		       size_t count);

#endif
