/*
 * store.h: the SQLite store.  Every SQL statement of lede lives in src/store/.
 *
 * The store opens the database in WAL mode, brings its schema up to date
 * with numbered migrations (migrations.c) and offers typed operations on
 * rows.  Strings handed in are copied by SQLite; strings handed out live in
 * an arena the caller gives.
 */
#ifndef LEDE_STORE_STORE_H
#define LEDE_STORE_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "lede.h"
#include "util/arena.h"

typedef struct lede__store lede__store;

/* One article as stored.  Strings are NULL when unknown. */
typedef struct lede__article_row {
	int64_t id;
	const char *external_id;
	const char *source;       /* input name */
	const char *url;
	const char *outlet;
	const char *title;
	const char *authors_json; /* JSON array of names, NULL when none */
	const char *published;    /* ISO 8601 */
	int64_t published_time;   /* unix seconds, 0 when unknown */
	const char *lang;
	const char *page_type;
	const char *text;
	uint64_t content_hash;
	const char *place_key;    /* what tells two places apart: url, outlet or "" */
	lede_format raw_format;
	const void *raw;          /* zstd frame of the raw page (insert only) */
	size_t raw_len;
	uint64_t raw_size;        /* the raw page's size before compression */
	int64_t added_at;         /* unix seconds */
	const void *fingerprint;  /* dedup fingerprint blob (insert only) */
	size_t fingerprint_len;
	int64_t duplicate_of;     /* canonical of its copy group; 0 when it is one or has no copy */
	const char *relation;     /* to the canonical: exact, near, contains, contained-in; NULL */
	int64_t fetched_time;     /* unix seconds the source says the page was fetched; 0 */
} lede__article_row;

/* Opens or creates the database at `path` and migrates it (read-write only). */
int lede__store_open(lede__store **out, const char *path, int readonly);
void lede__store_close(lede__store *store);

/* The schema version of the open database. */
int lede__store_schema_version(const lede__store *store);

/* 1 when the store was opened read-only. */
int lede__store_readonly(const lede__store *store);

int lede__store_begin(lede__store *store);
int lede__store_commit(lede__store *store);
int lede__store_rollback(lede__store *store);

/* Id of the article with that content from that place, or LEDE_ENOTFOUND. */
int lede__store_article_find(int64_t *out, lede__store *store, uint64_t content_hash,
			     const char *place_key);

/* Inserts `row` (its id is ignored) and returns the new id in *out. */
int lede__store_article_insert(int64_t *out, lede__store *store, const lede__article_row *row);

/* Replaces the extracted fields and fetched_time of article row->id (reprocessing). */
int lede__store_article_update(lede__store *store, const lede__article_row *row);

/*
 * Sets the columns of article row->id that are derived from its other ones:
 * content_hash, place_key, fingerprint (NULL: none) and raw_size.
 * LEDE_EINVAL when another article has that content from that place.
 */
int lede__store_article_set_derived(lede__store *store, const lede__article_row *row);

/* Loads article `id` (without its raw page) with strings from `arena`. */
int lede__store_article_load(lede__article_row *out, lede__arena *arena, lede__store *store,
			     int64_t id);

/*
 * Loads the compressed raw page of article `id` into `arena`: *out, *out_len,
 * and its format in *out_format.
 */
int lede__store_article_raw(const void **out, size_t *out_len, lede_format *out_format,
			    lede__arena *arena, lede__store *store, int64_t id);

/* A cursor over article ids in ascending order, starting after `after_id`. */
int lede__store_article_next_id(int64_t *out, lede__store *store, int64_t after_id);

/* One search hit as the store returns it (strings in the caller's arena). */
typedef struct lede__search_row {
	int64_t article_id;
	const char *title;
	const char *outlet;
	const char *published;
	const char *snippet;   /* matched words between \x02 and \x03 */
	double score;          /* bm25: lower is better */
	int64_t story_id;      /* its story, 0 when none */
} lede__search_row;

/*
 * Full-text search: `match` is an FTS5 expression (the caller quotes user
 * words); outlet and lang filter exactly when not NULL; from/to bound the
 * published time when not 0.  Calls `row` for each hit, best first.
 */
int lede__store_search(lede__store *store, lede__arena *arena, const char *match,
		       const char *outlet, const char *lang, int64_t from, int64_t to, size_t limit,
		       size_t offset, int (*row)(void *context, const lede__search_row *hit),
		       void *context);

/* Records article `id`'s canonical (0: none) and relation (NULL: none). */
int lede__store_set_copy(lede__store *store, int64_t id, int64_t duplicate_of, const char *relation);

/* Members whose canonical was `from` get `to` (a group merged into another). */
int lede__store_move_copies(lede__store *store, int64_t from, int64_t to);

/* What rebuilding the copy index needs, per article with a fingerprint, by id. */
typedef struct lede__fingerprint_row {
	int64_t id;
	int64_t published_time;
	int64_t duplicate_of;
	const void *blob;
	size_t blob_len;
} lede__fingerprint_row;

/* The `newest` most recently added articles with a fingerprint (0: all), oldest first. */
int lede__store_each_fingerprint(lede__store *store, uint64_t newest,
				 int (*row)(void *context, const lede__fingerprint_row *r), void *context);

/* The same for one article: `row` is called once, or not at all when it has no fingerprint. */
int lede__store_fingerprint(lede__store *store, int64_t id,
			    int (*row)(void *context, const lede__fingerprint_row *r), void *context);

/* Number of articles (for sizing in-memory indexes). */
int lede__store_article_count(uint64_t *out, lede__store *store);

/*
 * Copy groups, each as its canonical and its members (id, relation) by id:
 * `group` is called once per canonical that has members.
 */
int lede__store_each_copy_group(lede__store *store, int (*group)(void *context, int64_t canonical,
								 const int64_t *ids,
								 const char *const *relations,
								 size_t count),
				void *context);

/* ---------------------------------------------------------------- stories */

typedef struct lede__story_row {
	int64_t id;
	int64_t storyline;
	const char *title;
	int64_t title_article;
	int64_t first_seen, last_seen;
	uint32_t articles, outlets;
	const void *state;   /* the clusterer's blob of the event (write); NULL to keep */
	size_t state_len;
} lede__story_row;

int lede__store_story_put(lede__store *store, const lede__story_row *row);
int lede__store_story_delete(lede__store *store, int64_t id);
/* Removes every story, membership and merge record and the clusterer's state, to rebuild them. */
int lede__store_stories_clear(lede__store *store);
int lede__store_story_load(lede__story_row *out, lede__arena *arena, lede__store *store, int64_t id);

/* Member article ids of a story in time order (published, else added) into an array in `arena`. */
int lede__store_story_members(int64_t **out, size_t *out_count, lede__arena *arena,
			      lede__store *store, int64_t story);

int lede__store_story_assign(lede__store *store, int64_t article, int64_t story);
/* The story of `article`, or LEDE_ENOTFOUND. */
int lede__store_article_story(int64_t *out, lede__store *store, int64_t article);
/* Moves every article of story `from` to `into` and records the merge. */
int lede__store_story_merge(lede__store *store, const char *kind, int64_t from, int64_t into,
			    int64_t at, double similarity);

/* Story ids by last_seen (newest first), then size; since/limit/offset as the API says. */
int lede__store_story_list(int64_t **out, size_t *out_count, lede__arena *arena, lede__store *store,
			   int64_t since, size_t limit, size_t offset);

/* Each stored event blob with its storyline, for rebuilding the clusterer. */
int lede__store_each_story_state(lede__store *store,
				 int (*row)(void *context, int64_t id, int64_t storyline,
					    const void *blob, size_t len),
				 void *context);

/* The stored clusterer blob of story `id` (in `arena`), or LEDE_ENOTFOUND. */
int lede__store_story_state(const void **out, size_t *out_len, lede__arena *arena,
			    lede__store *store, int64_t id);

int lede__store_state_get(const void **out, size_t *out_len, lede__arena *arena, lede__store *store,
			  const char *key);
int lede__store_state_put(lede__store *store, const char *key, const void *value, size_t len);

/* Counts for lede_db_stats. */
int lede__store_stats(lede_db_stats *out, lede__store *store);

#endif
