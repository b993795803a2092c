/*
 * lede.h: the public API of lede, a news story engine.
 *
 * lede turns raw news pages (HTML, scraped text, JSONL) into articles kept in
 * an SQLite store, and groups them into stories.  This header is the only one
 * the `lede` command, the HTTP server and outside programs include.
 *
 * Conventions (the same throughout):
 *  - Handles are opaque.  Every `*_open`/`*_new`/`*_get` that hands out an
 *    object pairs with a `*_close`/`*_free` that accepts NULL.
 *  - Functions return 0 (LEDE_OK) on success or a negative LEDE_E* code.  The
 *    detail of the last failure on the calling thread is in lede_errmsg().
 *  - Output parameters come first and are named `out`.
 *  - Strings returned by accessors are owned by the object they come from and
 *    live until that object is freed.  They are UTF-8 and NUL-terminated.
 *  - A lede_db may be used by one thread at a time; open one per thread to
 *    read in parallel (SQLite WAL lets readers and one writer share a file).
 */
#ifndef LEDE_H
#define LEDE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LEDE_VERSION "0.1.0"

/* Return codes.  Every failing call also sets lede_errmsg(). */
enum lede_error {
	LEDE_OK = 0,
	LEDE_ERROR = -1,     /* failure not covered below */
	LEDE_ENOMEM = -2,    /* an allocation failed */
	LEDE_EIO = -3,       /* reading or writing a file failed */
	LEDE_EINVAL = -4,    /* an argument is out of its domain */
	LEDE_ENOTFOUND = -5, /* no object with that id */
	LEDE_ETOOBIG = -6,   /* an input is over a configured limit */
	LEDE_EFORMAT = -7,   /* an input is not in a form lede reads */
	LEDE_ESCHEMA = -8,   /* the store was written by a newer lede */
	LEDE_ESTORE = -9,    /* the SQLite store failed */
	LEDE_ITEROVER = -10  /* an iterator has no more items (not an error) */
};

/*
 * The message of the last failure on the calling thread.  Never NULL; the
 * empty string when nothing has failed.  Valid until the next lede call on
 * the same thread.
 */
const char *lede_errmsg(void);

/* The library's version string, e.g. "0.1.0".  Static storage. */
const char *lede_version(void);

/* Frees memory that a lede function handed to the caller (e.g. raw bytes). */
void lede_free(void *pointer);

/* ---------------------------------------------------------------- store */

typedef struct lede_db lede_db;

/* Flags for lede_db_open(). */
#define LEDE_OPEN_READONLY 0x1u /* never write; fails if the file is missing */

/*
 * Opens (creating when missing) the store at `path`.  An older store is
 * upgraded in place by numbered migrations; a store written by a newer lede
 * is refused with LEDE_ESCHEMA.  On success *out owns the handle; close it
 * with lede_db_close().  On failure *out is NULL.
 */
int lede_db_open(lede_db **out, const char *path, unsigned flags);

/* Closes the store and frees the handle.  Accepts NULL. */
void lede_db_close(lede_db *db);

/* Counts over the whole store. */
typedef struct lede_db_stats {
	uint64_t articles;       /* stored articles, copies included */
	uint64_t stories;        /* stories */
	uint64_t outlets;        /* distinct outlet names */
	uint64_t raw_bytes;      /* raw page bytes before compression */
	uint64_t stored_bytes;   /* raw page bytes as stored (compressed) */
	int64_t first_published; /* unix seconds, 0 when no article is dated */
	int64_t last_published;  /* unix seconds, 0 when no article is dated */
	int schema_version;      /* migration level of the store */
} lede_db_stats;

/* Fills *out with counts over the store. */
int lede_db_stats_get(lede_db_stats *out, lede_db *db);

/* ---------------------------------------------------------------- check */

/* Flags for lede_check(). */
#define LEDE_CHECK_REPAIR 0x1u /* rebuild what can be rebuilt, in one transaction */
#define LEDE_CHECK_QUICK 0x2u  /* skip what reads every article: derived columns recomputed,
				  FTS5's integrity-check (the indexed rows are still compared) */

/* What a finding is about. */
typedef enum lede_check_area {
	LEDE_CHECK_FILE = 1, /* PRAGMA integrity_check: the SQLite file itself (never repaired) */
	LEDE_CHECK_SEARCH,   /* the FTS5 search index against the articles (rebuilt) */
	LEDE_CHECK_ARTICLE,  /* an article's derived columns: content hash, place key,
				fingerprint, raw page size (recomputed; an unreadable raw page is not) */
	LEDE_CHECK_COPY,     /* an article's canonical and relation (set from the copy index
				rebuilt from the fingerprints) */
	LEDE_CHECK_MEMBER,   /* story membership: rows naming a missing article or story
				(removed), a copy outside its canonical's story (moved) */
	LEDE_CHECK_STORY     /* a story's counters, title article or clusterer state against its
				members (recounted; an empty story is removed) */
} lede_check_area;

/* "file", "search", "article", "copy", "member" or "story".  Static storage. */
const char *lede_check_area_name(lede_check_area area);

/* One inconsistency.  Valid only during the callback. */
typedef struct lede_check_finding {
	lede_check_area area;
	int64_t article_id;  /* the article concerned, 0 when none */
	int64_t story_id;    /* the story concerned, 0 when none */
	const char *message; /* one line saying what is wrong (and how it was repaired) */
	int repaired;        /* 1 when LEDE_CHECK_REPAIR fixed it */
} lede_check_finding;

typedef void (*lede_check_callback)(const lede_check_finding *finding, void *context);

/* Totals of one lede_check() call. */
typedef struct lede_check_report {
	uint64_t articles; /* articles checked */
	uint64_t stories;  /* stories checked */
	uint64_t findings; /* inconsistencies found */
	uint64_t repaired; /* of them, repaired */
} lede_check_report;

/*
 * Verifies the store: the SQLite file (PRAGMA integrity_check), the search
 * index against the articles (FTS5's integrity-check, which needs a store
 * opened for writing and holds its write lock while it reads every text,
 * and the indexed rows), each article's derived columns,
 * canonical and relation, story membership, and each story's counters
 * (articles, outlets, first and last seen) against its members.  Digests are
 * computed when asked for, so there are none stored to verify.  Each finding
 * goes to `callback` (may be NULL) and is counted in *out (may be NULL).
 *
 * With LEDE_CHECK_REPAIR (not on a read-only store: LEDE_EINVAL) everything
 * that can be rebuilt is rebuilt in one transaction, and findings say so;
 * nothing is repaired when the file itself is damaged (restore a backup or
 * use sqlite3's .recover).  Without it the store is only read.
 *
 * Returns 0 when the check ran, whatever it found (compare out->findings
 * with out->repaired), or a negative code when it could not run; after a
 * failed repair nothing was changed.
 */
int lede_check(lede_check_report *out, lede_db *db, unsigned flags, lede_check_callback callback,
	       void *context);

/* -------------------------------------------------------------- ingest */

/*
 * Input formats.  LEDE_FORMAT_AUTO sniffs each input (gzip is always undone
 * first): a WARC file starts with "WARC/", a feed is XML whose root is <rss>,
 * <rdf:RDF> (RSS 1.0) or an Atom <feed>.
 */
typedef enum lede_format {
	LEDE_FORMAT_AUTO = 0,
	LEDE_FORMAT_HTML,
	LEDE_FORMAT_TEXT,
	LEDE_FORMAT_JSONL,
	LEDE_FORMAT_WARC, /* WARC 1.0/1.1: each HTML 200 response or resource record is a page */
	LEDE_FORMAT_FEED  /* RSS 2.0, RSS 1.0 or Atom: each item or entry is an article */
} lede_format;

/* "auto", "html", "text", "jsonl", "warc" or "feed".  Static storage. */
const char *lede_format_name(lede_format format);

/* Parses a format name as above; LEDE_EINVAL for anything else. */
int lede_format_parse(lede_format *out, const char *name);

/*
 * What happened to one input (a file, stdin, a JSONL record, a WARC record or
 * a feed item).
 */
typedef enum lede_add_event_kind {
	LEDE_ADD_ADDED,     /* stored and committed: it survives a crash from now on */
	LEDE_ADD_DUPLICATE, /* the same content from the same place is already stored */
	LEDE_ADD_REJECTED,  /* skipped; `message` says why */
	LEDE_ADD_WARNING,   /* kept, but something was repaired; `message` says what */
	LEDE_ADD_PROGRESS,  /* periodic: only the counters are meaningful */
	/*
	 * A WARC response or resource record that holds no article page: not
	 * HTML, or an HTTP status other than 200.  Not an error: crawls are full
	 * of images and redirects.  `message` says which ("HTTP status 404",
	 * "not HTML (image/png)").  Records that never hold a page (request,
	 * warcinfo, metadata, revisit) are passed over without an event.
	 */
	LEDE_ADD_SKIPPED
} lede_add_event_kind;

typedef struct lede_add_event {
	lede_add_event_kind kind;
	/*
	 * "path", "-" (stdin), "path:LINE" for a JSONL record, "path:record N
	 * (offset X)" for a WARC record (N counts every record from 1, X is the
	 * record's offset in the decompressed stream), "path:item N" for a feed item.
	 */
	const char *input;
	const char *message;   /* the reason (REJECTED, WARNING), else NULL */
	int64_t article_id;    /* ADDED: the new id; DUPLICATE: the stored one */
	uint64_t bytes_done;   /* input bytes read so far, all inputs together */
	uint64_t bytes_total;  /* input bytes to read (0 when unknown, e.g. stdin) */
	uint64_t articles_done;/* records handled so far, whatever their fate */
} lede_add_event;

/*
 * Called synchronously from lede_add_*.  ADDED events are delivered only
 * after the transaction holding the article has committed.  The event and
 * its strings are valid only during the call.
 */
typedef void (*lede_add_callback)(const lede_add_event *event, void *context);

/* lede_add_options.flags */
#define LEDE_READ_VERBATIM 0x1u /* lede_read_paths: keep a record's text exactly as given */

typedef struct lede_add_options {
	lede_format format;          /* LEDE_FORMAT_AUTO: sniff each input */
	unsigned flags;              /* LEDE_READ_* */
	uint64_t max_input_bytes;    /* per file, JSONL line, WARC record or feed item after
					decompression; 0: 64 MiB */
	lede_add_callback callback;  /* may be NULL */
	void *context;               /* passed to callback */
} lede_add_options;

/* Sets the defaults: format AUTO, default size limit, no callback. */
void lede_add_options_init(lede_add_options *opts);

/* Totals of one lede_add_* call. */
typedef struct lede_add_stats {
	uint64_t added;
	uint64_t duplicates;
	uint64_t rejected;
	uint64_t warnings;
	uint64_t skipped;  /* LEDE_ADD_SKIPPED: WARC records that are not HTML or not 200 */
} lede_add_stats;

/*
 * Ingests files and directories (walked recursively, in name order).  The
 * path "-" reads standard input.  A bad input is reported through the
 * callback as REJECTED and counted; the rest is still ingested and the call
 * returns 0.  A negative return means the store itself failed; what was
 * reported ADDED before that stays stored.  `opts` and `stats` may be NULL.
 */
int lede_add_paths(lede_db *db, const char *const *paths, size_t count,
		   const lede_add_options *opts, lede_add_stats *stats);

/*
 * Ingests one in-memory input named `name` (used in messages and as the
 * article's source).  Same reporting as lede_add_paths().
 */
int lede_add_memory(lede_db *db, const char *name, const void *data, size_t size,
		    const lede_add_options *opts, lede_add_stats *stats);

typedef struct lede_article lede_article;

/*
 * Called by lede_read_paths() for each article read.  The article is valid
 * only during the call.  Return 0 to go on, anything else to stop reading.
 */
typedef int (*lede_article_callback)(const lede_article *article, void *context);

/*
 * Reads and extracts the articles of files, directories, JSONL and "-" like
 * lede_add_paths(), without a store: each article goes to `on_article`.  Bad
 * inputs are reported through opts->callback and skipped.  With
 * LEDE_READ_VERBATIM a JSONL record's text is kept exactly as given, so that
 * offsets into it stay valid.
 */
int lede_read_paths(const char *const *paths, size_t count, const lede_add_options *opts,
		    lede_article_callback on_article, void *context);

/*
 * Re-extracts every stored article from its raw bytes with the current
 * extractor and updates the stored fields, then rebuilds the stories from the
 * new extractions (the articles streamed again in the order they were added).
 * *out_count (may be NULL) gets the number of articles processed.
 */
int lede_reprocess(lede_db *db, uint64_t *out_count);

/* ------------------------------------------------------------ articles */

/* Loads article `id`.  LEDE_ENOTFOUND when there is none.  Free with lede_article_free(). */
int lede_article_get(lede_article **out, lede_db *db, int64_t id);

/*
 * Extracts one page without any store: `data` is HTML or scraped text
 * (gzip undone first; `format` AUTO sniffs).  `name` becomes the source.  The
 * article's id is 0.  Free with lede_article_free().  WARC files and feeds,
 * which hold many pages, are refused with LEDE_EFORMAT: read them with
 * lede_read_paths().
 */
int lede_extract(lede_article **out, const char *name, const void *data, size_t size,
		 lede_format format);

/* Frees an article.  Accepts NULL. */
void lede_article_free(lede_article *article);

/* Accessors.  Strings are NULL when the page does not say. */
int64_t lede_article_id(const lede_article *article);
const char *lede_article_external_id(const lede_article *article);
const char *lede_article_source(const lede_article *article); /* input name */
const char *lede_article_url(const lede_article *article);
const char *lede_article_outlet(const lede_article *article);
const char *lede_article_title(const lede_article *article);
const char *lede_article_published(const lede_article *article); /* ISO 8601 */
const char *lede_article_lang(const lede_article *article);      /* ISO 639-1 */
const char *lede_article_page_type(const lede_article *article); /* "article", ... */
/* The main text: paragraphs separated by one blank line.  Never NULL. */
const char *lede_article_text(const lede_article *article);
size_t lede_article_author_count(const lede_article *article);
/* Author `index` (< lede_article_author_count), or NULL when out of range. */
const char *lede_article_author(const lede_article *article, size_t index);
/*
 * The canonical article of this article's copy group (the earliest published,
 * longest complete version), or 0 when this article is canonical or has no
 * copy.
 */
int64_t lede_article_duplicate_of(const lede_article *article);
/* "exact", "near", "contains" or "contained-in" (to the canonical), or NULL. */
const char *lede_article_relation(const lede_article *article);
/* Hex of the 64-bit content hash of the normalized text. */
const char *lede_article_content_hash(const lede_article *article);
/* Unix seconds when the article was stored; 0 for lede_extract() results. */
int64_t lede_article_added_at(const lede_article *article);
/*
 * Unix seconds when the page was fetched, as its source says (the WARC-Date
 * of a WARC record); 0 when the source does not say.
 */
int64_t lede_article_fetched_at(const lede_article *article);

/*
 * Decompresses the raw page bytes into a new buffer: *out (free with
 * lede_free()) and *out_size.  LEDE_ENOTFOUND for lede_extract() results.
 */
int lede_article_raw(void **out, size_t *out_size, lede_db *db, const lede_article *article);

typedef struct lede_article_iter lede_article_iter;

/* Iterates over all articles by ascending id.  Free with lede_article_iter_free(). */
int lede_article_iter_new(lede_article_iter **out, lede_db *db);

/*
 * Next article into *out (caller frees it), or LEDE_ITEROVER at the end
 * (*out NULL), or a negative error.
 */
int lede_article_iter_next(lede_article **out, lede_article_iter *iter);

/* Frees an iterator.  Accepts NULL. */
void lede_article_iter_free(lede_article_iter *iter);

/* ---------------------------------------------------------------- JSON */

/* Flags for the *_to_json functions. */
#define LEDE_JSON_TEXT 0x1u   /* articles: include the text */
#define LEDE_JSON_DIGEST 0x2u /* stories: include the digest (summary, quotes, entities, ...) */

/*
 * The article as one line of JSON (no newline): id, external_id, source, url,
 * outlet, title, authors, published, lang, page_type, content_hash, and text
 * with LEDE_JSON_TEXT.  *out is freed with lede_free().
 */
int lede_article_to_json(char **out, const lede_article *article, unsigned flags);

/*
 * Reads the inputs like lede_read_paths() and summarizes them as one story:
 * *out (free with lede_free()) is JSON {"articles": N, "summary": [{text,
 * sources: [{article, outlet, sentence}], outlets}]} within `words` words
 * (0: 120); `article` numbers the inputs from 1 in reading order, and
 * `outlet` falls back to the input's name.
 */
int lede_summarize_paths(char **out, const char *const *paths, size_t count,
			 const lede_add_options *opts, size_t words);

/* -------------------------------------------------------------- search */

/* Marks around matched words in search snippets. */
#define LEDE_MARK_START "\x02"
#define LEDE_MARK_END "\x03"

typedef struct lede_search_query {
	const char *text;    /* words to find (all of them); quotes and operators are taken literally */
	const char *outlet;  /* only this outlet; NULL: any */
	const char *lang;    /* only this language; NULL: any */
	int64_t from, to;    /* published in [from, to) unix seconds; 0: unbounded */
	size_t limit;        /* 0: 20 */
	size_t offset;
} lede_search_query;

typedef struct lede_search_hit {
	int64_t article_id;
	int64_t story_id;    /* the article's story (its canonical's for a copy), 0 when none */
	const char *title;
	const char *outlet;
	const char *published;
	const char *snippet; /* text around the matches, each between LEDE_MARK_START and LEDE_MARK_END */
	double score;        /* relevance: higher is better */
} lede_search_hit;

typedef struct lede_search_results lede_search_results;

/* Full-text search over article titles and texts, best first.  Free with lede_search_free(). */
int lede_search(lede_search_results **out, lede_db *db, const lede_search_query *query);

size_t lede_search_count(const lede_search_results *results);

/* Fills *out with hit `index`; LEDE_EINVAL past the end.  Strings live with `results`. */
int lede_search_get(lede_search_hit *out, const lede_search_results *results, size_t index);

/* Frees search results.  Accepts NULL. */
void lede_search_free(lede_search_results *results);

/* -------------------------------------------------------------- quotes */

typedef struct lede_quotes lede_quotes;

/* One direct quotation.  Strings belong to the lede_quotes they come from. */
typedef struct lede_quote_info {
	const char *text;    /* the quoted words, without marks; split quotations joined */
	const char *name;    /* the speaker's name, resolved to the full name; NULL when unknown */
	const char *role;    /* what the attribution says of the speaker ("Xiaomi Chairman"); NULL */
	const char *via;     /* the outlet that relayed it ("Reuters"); NULL */
	size_t start, end;   /* byte offsets of the quoted words in the text */
} lede_quote_info;

/*
 * Finds the direct quotations in an article's UTF-8 text, with speakers
 * (pronouns and surnames resolved to names given earlier) and relays.
 * Free with lede_quotes_free().
 */
int lede_quotes_find(lede_quotes **out, const char *text, size_t len);

size_t lede_quotes_count(const lede_quotes *quotes);

/* Fills *out with quotation `index` (< lede_quotes_count); LEDE_EINVAL past the end. */
int lede_quotes_get(lede_quote_info *out, const lede_quotes *quotes, size_t index);

/* Frees the quotations.  Accepts NULL. */
void lede_quotes_free(lede_quotes *quotes);

/* -------------------------------------------------------------- copies */

/*
 * Called once per copy group with its canonical article and its members
 * (ids and relations to the canonical, by id).  The arrays are valid only
 * during the call.  Return 0 to go on.
 */
typedef int (*lede_copy_group_callback)(int64_t canonical, const int64_t *members,
					const char *const *relations, size_t count, void *context);

/* Calls `callback` for every group of copies in the store, by canonical id. */
int lede_copy_groups(lede_db *db, lede_copy_group_callback callback, void *context);

/* ------------------------------------------------------------- stories */

typedef struct lede_story lede_story;

/* Loads story `id`.  LEDE_ENOTFOUND when there is none.  Free with lede_story_free(). */
int lede_story_get(lede_story **out, lede_db *db, int64_t id);

/* Frees a story.  Accepts NULL. */
void lede_story_free(lede_story *story);

int64_t lede_story_id(const lede_story *story);
int64_t lede_story_storyline(const lede_story *story);
const char *lede_story_title(const lede_story *story);
int64_t lede_story_first_seen(const lede_story *story); /* unix seconds */
int64_t lede_story_last_seen(const lede_story *story);  /* unix seconds */
size_t lede_story_outlet_count(const lede_story *story);
size_t lede_story_article_count(const lede_story *story);
/* Id of member `index` in time order, or 0 when out of range. */
int64_t lede_story_article_id(const lede_story *story, size_t index);

/* Filter and order for story listings. */
typedef struct lede_story_query {
	int64_t since;  /* only stories last seen at or after (unix seconds); 0: all */
	size_t limit;   /* at most this many; 0: no limit */
} lede_story_query;

typedef struct lede_story_iter lede_story_iter;

/*
 * Iterates over stories, most recent first and, within the same day, the
 * largest first.  `query` may be NULL.  Free with lede_story_iter_free().
 */
int lede_story_iter_new(lede_story_iter **out, lede_db *db, const lede_story_query *query);

/* Next story into *out (caller frees), LEDE_ITEROVER at the end, or an error. */
int lede_story_iter_next(lede_story **out, lede_story_iter *iter);

/* Frees an iterator.  Accepts NULL. */
void lede_story_iter_free(lede_story_iter *iter);

/*
 * The story as one line of JSON (DESIGN.md's contract): id, title, storyline,
 * first_seen, last_seen, outlets, articles [{id, external_id, url, outlet,
 * title, published}], and with LEDE_JSON_DIGEST: summary [{text, sources}],
 * quotes [{text, speaker, via, sources}], entities [{name, type, mentions}],
 * claims, timeline.  *out is freed with lede_free().
 */
int lede_story_to_json(char **out, lede_db *db, const lede_story *story, unsigned flags);

#ifdef __cplusplus
}
#endif

#endif /* LEDE_H */
