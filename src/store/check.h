/*
 * check.h: the SQL of `lede check` (src/engine/check.c): the file's and the
 * search index's own checks, and the rows the engine compares with what it
 * recomputes.  Strings handed out live in the caller's arena.
 */
#ifndef LEDE_STORE_CHECK_H
#define LEDE_STORE_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* Opens a read transaction ("BEGIN"): the checks see one snapshot.  End it with lede__store_rollback. */
int lede__store_begin_read(lede__store *store);

/* PRAGMA integrity_check: calls `problem` with each line it reports (none when the file is sound). */
int lede__store_integrity(lede__store *store, int (*problem)(void *context, const char *text),
			  void *context);

/*
 * FTS5's integrity-check of the search index against the articles table
 * (needs a writable store): *out_sound 1 when they agree, 0 when not.
 */
int lede__store_search_verify(int *out_sound, lede__store *store);

/*
 * Rows on one side only: `row` gets each article the index has no entry for
 * (unindexed 1) and each index entry of no article (unindexed 0).
 */
int lede__store_search_diff(lede__store *store,
			    int (*row)(void *context, int64_t id, int unindexed), void *context);

/* Rebuilds the search index from the articles table (FTS5 'rebuild'). */
int lede__store_search_rebuild(lede__store *store);

/* Where an article stands among copies and stories. */
typedef struct lede__copy_row {
	int64_t id;
	int64_t published_time;
	int64_t duplicate_of;
	const char *relation;   /* NULL when none; valid during the callback only */
	int64_t story;          /* its story, 0 when none */
	int has_fingerprint;
} lede__copy_row;

/* Every article by ascending id. */
int lede__store_each_copy_row(lede__store *store,
			      int (*row)(void *context, const lede__copy_row *r), void *context);

/* Every story id in ascending order, into an array in `arena`. */
int lede__store_story_ids(int64_t **out, size_t *out_count, lede__arena *arena, lede__store *store);

/* One row of story_articles with what the check needs of its article. */
typedef struct lede__member_row {
	int64_t article_id;
	int exists;              /* 0: no such article */
	const char *outlet;
	int64_t published_time;
	int64_t duplicate_of;
	const char *title;
} lede__member_row;

/* The story_articles rows of story `story` by article id, into an array in `arena`. */
int lede__store_story_member_rows(lede__member_row **out, size_t *out_count, lede__arena *arena,
				  lede__store *store, int64_t story);

/*
 * story_articles rows whose story does not exist: `row` gets the article
 * (with whether it exists) and the story it names.
 */
int lede__store_each_orphan_member(lede__store *store,
				   int (*row)(void *context, int64_t article, int exists, int64_t story),
				   void *context);

/* Deletes the story_articles row of `article`. */
int lede__store_member_remove(lede__store *store, int64_t article);

/* Sets (NULL: clears) the clusterer blob of story `id`. */
int lede__store_story_set_state(lede__store *store, int64_t id, const void *state, size_t len);

/* What the derived columns of an article are computed from, and their stored values. */
typedef struct lede__derived_row {
	int64_t id;
	const char *text;
	const char *url, *outlet, *external_id, *source;
	uint64_t content_hash;
	const char *place_key;
	const void *fingerprint; /* NULL when none */
	size_t fingerprint_len;
	uint64_t raw_size;
	int has_raw;
} lede__derived_row;

/* Up to `limit` articles with ids above `after_id`, ascending, into an array in `arena`. */
int lede__store_derived_page(lede__derived_row **out, size_t *out_count, lede__arena *arena,
			     lede__store *store, int64_t after_id, size_t limit);

#endif
