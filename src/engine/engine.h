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

struct lede__dedup_index;
struct lede__dedup_fingerprinter;
struct lede__cluster;
struct lede__story_queue;

struct lede_db {
	lede__store *store;
	int readonly;
	/*
	 * The copy index over the most recently added articles (see copies.c),
	 * built from the stored fingerprints on the first add; copies_indexed
	 * counts the articles it holds.
	 */
	struct lede__dedup_index *copies;
	uint64_t copies_indexed;
	struct lede__dedup_fingerprinter *fingerprinter;
	/* The clusterer, restored from the store on the first add. */
	struct lede__cluster *cluster;
	/* The batch's articles, clustered in published-time order at the flush. */
	struct lede__story_queue *story_queue;
};

struct lede_article {
	lede__article_row row;
	lede__arena arena;
	const char **authors;
	size_t author_count;
	char content_hash[17];
};

/*
 * Copies (copies.c).  lede__copies_fingerprint makes the blob stored with a
 * new article; after the insert, lede__copies_add matches it against the
 * stored articles and records its group and relation (and those of groups
 * it joins); *out_group_article is a stored article of its group whose
 * story it joins (its canonical, or the canonical it replaced), 0 when it
 * is alone.  lede__copies_forget drops the in-memory index (after a
 * rollback: it is rebuilt from the store when next needed).
 */
typedef struct lede__copy_print {
	unsigned char blob[600];
	size_t blob_len;
	void *fingerprint; /* lede__dedup_fingerprint, opaque here */
} lede__copy_print;

/* Articles the copy index holds (copies.c); the setter is for tests (0: the default). */
enum { LEDE__COPY_WINDOW = 100000 };
void lede__copies_set_window(uint64_t articles);

int lede__copies_fingerprint(lede__copy_print *out, lede_db *db, const char *text, size_t len);
int lede__copies_add(int64_t *out_group_article, lede_db *db, int64_t id, int64_t published,
		     const lede__copy_print *print);
void lede__copies_forget(lede_db *db);
void lede__copy_print_free(lede__copy_print *print);

/*
 * Stories (stories.c): lede__stories_add queues a stored article for
 * clustering (one with a group article joins that article's story as a
 * copy); lede__stories_flush (before each commit) clusters the queue in
 * published-time order and writes the changed stories and the clusterer's
 * state; lede__stories_forget drops the queue and the clusterer (after a
 * rollback).
 */
int lede__stories_add(lede_db *db, int64_t id, const lede__extracted *extracted, int64_t group_article);
/*
 * The copy group of `replaced` became part of `canonical`'s: one text in both,
 * so at the batch's end their stories become one (a recorded merge).
 */
int lede__stories_groups_merged(lede_db *db, int64_t canonical, int64_t replaced);
int lede__stories_flush(lede_db *db);
void lede__stories_forget(lede_db *db);

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

/* Adds summary, quotes, entities, claims and timeline of story `s` to the JSON object `story`. */
struct json_t;
int lede__digest_json(struct json_t *story, lede_db *db, const lede_story *s);

/*
 * The cited summary of documents as a JSON array [{text, sources, outlets}]
 * within `words` (0: the digest's default); NULL with *out_rc set on failure.
 */
struct lede__digest_doc;
struct json_t *lede__summary_json(const struct lede__digest_doc *docs, size_t count, size_t words,
				  int *out_rc);

/*
 * What tells two places that carry the same text apart: the URL, else the
 * outlet, else the record's id, else the input's file name.  The same text
 * from the same place is a duplicate (re-adding is a no-op); from another
 * place it is a copy, stored with its own row.
 */
const char *lede__place_key(const lede__extracted *extracted, const lede__doc *doc);

#endif
