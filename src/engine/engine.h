/*
 * engine.h: what the lede_* API implementation files share.
 *
 * The engine runs the stages (source -> extract -> store) and owns
 * transactions.  Only the engine and the store know struct lede_db.
 */
#ifndef LEDE_ENGINE_ENGINE_H
#define LEDE_ENGINE_ENGINE_H

#include "extract/extract.h"
#include "lede.h"
#include "store/store.h"
#include "util/arena.h"

struct lede_db {
	lede__store *store;
	int readonly;
};

struct lede_article {
	lede__article_row row;
	lede__arena arena;
	const char **authors;
	size_t author_count;
	char content_hash[17];
};

/* Sets up the third-party libraries once per process (allocators, libxml2). */
void lede__engine_init(void);

/* A new article object filled from an extraction (strings copied). */
int lede__article_from_extracted(lede_article **out, const lede__extracted *extracted,
				 const char *source, uint64_t content_hash, const char *external_id);

/* Unix seconds of the document's fetch time (doc->fetched), 0 when unknown or unreadable. */
int64_t lede__fetched_time(const lede__doc *doc);

/* The JSON array text of `authors` in `arena` (NULL when there are none). */
int lede__authors_to_json(const char **out, lede__arena *arena, const char *const *authors,
			  size_t count);

/*
 * What tells two places that carry the same text apart: the URL, else the
 * outlet, else the record's id, else the input's file name.  The same text
 * from the same place is a duplicate (re-adding is a no-op); from another
 * place it is a copy, stored with its own row.
 */
const char *lede__place_key(const lede__extracted *extracted, const lede__doc *doc);

#endif
