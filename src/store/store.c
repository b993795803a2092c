#include "store.h"

#include <sqlite3.h>
#include <string.h>

#include "store/migrations.h"
#include "store/store_impl.h"
#include "util/alloc.h"
#include "util/error.h"

enum statement_id {
	STMT_FIND,
	STMT_INSERT,
	STMT_UPDATE,
	STMT_LOAD,
	STMT_RAW,
	STMT_NEXT_ID,
	STMT_SET_COPY,
	STMT_MOVE_COPIES,
	STMT_SET_DERIVED,
	STMT_COUNT
};

static const char *const statement_sql[STMT_COUNT] = {
	[STMT_FIND] = "SELECT id FROM articles WHERE content_hash = ?1 AND place_key = ?2",
	[STMT_INSERT] = "INSERT INTO articles (external_id, source, url, outlet, title, authors,"
			" published, published_time, lang, page_type, text, content_hash,"
			" place_key, raw_format, raw, raw_size, added_at, fingerprint, duplicate_of,"
			" relation, fetched_time)"
			" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
			" ?15, ?16, ?17, ?18, ?19, ?20, ?21)",
	[STMT_UPDATE] = "UPDATE articles SET url = ?2, outlet = ?3, title = ?4, authors = ?5,"
			" published = ?6, published_time = ?7, lang = ?8, page_type = ?9,"
			" text = ?10, content_hash = ?11, place_key = ?12, fetched_time = ?13"
			" WHERE id = ?1",
	[STMT_LOAD] = "SELECT id, external_id, source, url, outlet, title, authors, published,"
		      " published_time, lang, page_type, text, content_hash, place_key,"
		      " raw_format, raw_size, added_at, duplicate_of, relation, fetched_time"
		      " FROM articles WHERE id = ?1",
	[STMT_RAW] = "SELECT raw, raw_format FROM articles WHERE id = ?1",
	[STMT_NEXT_ID] = "SELECT id FROM articles WHERE id > ?1 ORDER BY id LIMIT 1",
	[STMT_SET_COPY] = "UPDATE articles SET duplicate_of = ?2, relation = ?3 WHERE id = ?1",
	/* "!= 0" lets the partial index on duplicate_of serve a bound parameter. */
	[STMT_MOVE_COPIES] = "UPDATE articles SET duplicate_of = ?2"
			     " WHERE duplicate_of = ?1 AND duplicate_of != 0",
	[STMT_SET_DERIVED] = "UPDATE articles SET content_hash = ?2, place_key = ?3, fingerprint = ?4,"
			     " raw_size = ?5 WHERE id = ?1",
};

struct lede__store {
	sqlite3 *db;
	char *path;
	int readonly;
	sqlite3_stmt *statements[STMT_COUNT];
};

static int store_error(lede__store *store, const char *what)
{
	return lede__error(LEDE_ESTORE, "%s: %s: %s", store->path, what, sqlite3_errmsg(store->db));
}

sqlite3 *lede__store_sqlite(lede__store *store)
{
	return store->db;
}

int lede__store_fail(lede__store *store, const char *what)
{
	return store_error(store, what);
}

int lede__store_readonly(const lede__store *store)
{
	return store->readonly;
}

/* The prepared statement `id`, reset and with no bindings. */
static sqlite3_stmt *statement(lede__store *store, enum statement_id id)
{
	sqlite3_stmt **slot = &store->statements[id];

	if (!*slot) {
		if (sqlite3_prepare_v3(store->db, statement_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
				       slot, NULL) != SQLITE_OK) {
			store_error(store, "preparing a statement");
			return NULL;
		}
	} else {
		sqlite3_reset(*slot);
		sqlite3_clear_bindings(*slot);
	}
	return *slot;
}

static int exec(lede__store *store, const char *sql)
{
	if (sqlite3_exec(store->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return store_error(store, sql);
	return 0;
}

int lede__store_open(lede__store **out, const char *path, int readonly)
{
	lede__store *store = NULL;
	int flags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	int rc;

	*out = NULL;
	store = lede__calloc(1, sizeof(*store));
	if (!store || !(store->path = lede__strdup(path))) {
		lede__dealloc(store);
		return lede__error_nomem();
	}
	store->readonly = readonly;
	if (sqlite3_open_v2(path, &store->db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		rc = lede__error(LEDE_ESTORE, "%s: cannot open store: %s", path,
				 store->db ? sqlite3_errmsg(store->db) : "out of memory");
		goto fail;
	}
	sqlite3_extended_result_codes(store->db, 1);
	sqlite3_busy_timeout(store->db, 10000);
	if (!readonly) {
		/*
		 * WAL: readers (the server) never block the writer.  synchronous=NORMAL
		 * keeps every committed transaction across a crash of the process.
		 */
		if ((rc = exec(store, "PRAGMA journal_mode=WAL")) != 0 ||
		    (rc = exec(store, "PRAGMA synchronous=NORMAL")) != 0)
			goto fail;
		if ((rc = lede__store_migrate(store->db, path)) != 0)
			goto fail;
	} else {
		sqlite3_stmt *stmt = NULL;
		int version = -1;

		if (sqlite3_prepare_v2(store->db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
		    sqlite3_step(stmt) == SQLITE_ROW)
			version = sqlite3_column_int(stmt, 0);
		sqlite3_finalize(stmt);
		if (version < 0) {
			rc = store_error(store, "cannot read the store");
			goto fail;
		}
		if (version > lede__store_latest_version()) {
			rc = lede__error(LEDE_ESCHEMA,
					 "%s: store has schema version %d, newer than this lede "
					 "(%s) understands (%d); use a newer lede",
					 path, version, LEDE_VERSION, lede__store_latest_version());
			goto fail;
		}
		if (version < lede__store_latest_version()) {
			rc = lede__error(LEDE_ESCHEMA,
					 "%s: store has schema version %d and needs an upgrade to %d; "
					 "open it once for writing (e.g. lede add)",
					 path, version, lede__store_latest_version());
			goto fail;
		}
	}
	*out = store;
	return 0;
fail:
	lede__store_close(store);
	return rc;
}

void lede__store_close(lede__store *store)
{
	int i;

	if (!store)
		return;
	for (i = 0; i < STMT_COUNT; i++)
		sqlite3_finalize(store->statements[i]);
	sqlite3_close_v2(store->db);
	lede__dealloc(store->path);
	lede__dealloc(store);
}

int lede__store_schema_version(const lede__store *store)
{
	(void)store;
	return lede__store_latest_version();
}

int lede__store_begin(lede__store *store)
{
	return exec(store, "BEGIN IMMEDIATE");
}

int lede__store_commit(lede__store *store)
{
	return exec(store, "COMMIT");
}

int lede__store_rollback(lede__store *store)
{
	if (sqlite3_get_autocommit(store->db))
		return 0;
	return exec(store, "ROLLBACK");
}

static void bind_text(sqlite3_stmt *stmt, int index, const char *value)
{
	if (value)
		sqlite3_bind_text(stmt, index, value, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, index);
}

int lede__store_article_find(int64_t *out, lede__store *store, uint64_t content_hash,
			     const char *place_key)
{
	sqlite3_stmt *stmt = statement(store, STMT_FIND);
	int rc;

	if (!stmt)
		return LEDE_ESTORE;
	sqlite3_bind_int64(stmt, 1, (sqlite3_int64)content_hash);
	sqlite3_bind_text(stmt, 2, place_key ? place_key : "", -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(stmt, 0);
		sqlite3_reset(stmt);
		return 0;
	}
	sqlite3_reset(stmt);
	if (rc == SQLITE_DONE)
		return LEDE_ENOTFOUND;
	return store_error(store, "looking up an article");
}

static const char *format_name(lede_format format)
{
	return lede_format_name(format);
}

int lede__store_article_insert(int64_t *out, lede__store *store, const lede__article_row *row)
{
	sqlite3_stmt *stmt = statement(store, STMT_INSERT);
	int rc;

	if (!stmt)
		return LEDE_ESTORE;
	bind_text(stmt, 1, row->external_id);
	bind_text(stmt, 2, row->source);
	bind_text(stmt, 3, row->url);
	bind_text(stmt, 4, row->outlet);
	bind_text(stmt, 5, row->title);
	bind_text(stmt, 6, row->authors_json);
	bind_text(stmt, 7, row->published);
	sqlite3_bind_int64(stmt, 8, row->published_time);
	bind_text(stmt, 9, row->lang);
	bind_text(stmt, 10, row->page_type);
	bind_text(stmt, 11, row->text ? row->text : "");
	sqlite3_bind_int64(stmt, 12, (sqlite3_int64)row->content_hash);
	bind_text(stmt, 13, row->place_key ? row->place_key : "");
	bind_text(stmt, 14, format_name(row->raw_format));
	if (row->raw)
		sqlite3_bind_blob64(stmt, 15, row->raw, row->raw_len, SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, 15);
	sqlite3_bind_int64(stmt, 16, (sqlite3_int64)row->raw_size);
	sqlite3_bind_int64(stmt, 17, row->added_at);
	if (row->fingerprint)
		sqlite3_bind_blob64(stmt, 18, row->fingerprint, row->fingerprint_len, SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, 18);
	sqlite3_bind_int64(stmt, 19, row->duplicate_of);
	bind_text(stmt, 20, row->relation);
	sqlite3_bind_int64(stmt, 21, row->fetched_time);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return store_error(store, "storing an article");
	*out = sqlite3_last_insert_rowid(store->db);
	return 0;
}

int lede__store_article_update(lede__store *store, const lede__article_row *row)
{
	sqlite3_stmt *stmt = statement(store, STMT_UPDATE);
	int rc;

	if (!stmt)
		return LEDE_ESTORE;
	sqlite3_bind_int64(stmt, 1, row->id);
	bind_text(stmt, 2, row->url);
	bind_text(stmt, 3, row->outlet);
	bind_text(stmt, 4, row->title);
	bind_text(stmt, 5, row->authors_json);
	bind_text(stmt, 6, row->published);
	sqlite3_bind_int64(stmt, 7, row->published_time);
	bind_text(stmt, 8, row->lang);
	bind_text(stmt, 9, row->page_type);
	bind_text(stmt, 10, row->text ? row->text : "");
	sqlite3_bind_int64(stmt, 11, (sqlite3_int64)row->content_hash);
	bind_text(stmt, 12, row->place_key ? row->place_key : "");
	sqlite3_bind_int64(stmt, 13, row->fetched_time);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc == SQLITE_CONSTRAINT_UNIQUE)
		return lede__error(LEDE_EINVAL, "article %lld now has the same content as another",
				   (long long)row->id);
	if (rc != SQLITE_DONE)
		return store_error(store, "updating an article");
	return 0;
}

int lede__store_article_set_derived(lede__store *store, const lede__article_row *row)
{
	sqlite3_stmt *stmt = statement(store, STMT_SET_DERIVED);
	int rc;

	if (!stmt)
		return LEDE_ESTORE;
	sqlite3_bind_int64(stmt, 1, row->id);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)row->content_hash);
	bind_text(stmt, 3, row->place_key ? row->place_key : "");
	if (row->fingerprint)
		sqlite3_bind_blob64(stmt, 4, row->fingerprint, row->fingerprint_len, SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, 4);
	sqlite3_bind_int64(stmt, 5, (sqlite3_int64)row->raw_size);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc == SQLITE_CONSTRAINT_UNIQUE)
		return lede__error(LEDE_EINVAL, "article %lld would have the same content from the same "
						"place as another", (long long)row->id);
	if (rc != SQLITE_DONE)
		return store_error(store, "updating an article");
	return 0;
}

/* Column `col` as a string in `arena`, NULL for SQL NULL.  *failed on ENOMEM. */
static const char *column_text(sqlite3_stmt *stmt, int col, lede__arena *arena, int *failed)
{
	const unsigned char *text = sqlite3_column_text(stmt, col);
	const char *copy;

	if (!text)
		return NULL;
	copy = lede__arena_strndup(arena, (const char *)text, (size_t)sqlite3_column_bytes(stmt, col));
	if (!copy)
		*failed = 1;
	return copy;
}

int lede__store_article_load(lede__article_row *out, lede__arena *arena, lede__store *store,
			     int64_t id)
{
	sqlite3_stmt *stmt = statement(store, STMT_LOAD);
	int rc, failed = 0;
	lede_format format = LEDE_FORMAT_TEXT;

	memset(out, 0, sizeof(*out));
	if (!stmt)
		return LEDE_ESTORE;
	sqlite3_bind_int64(stmt, 1, id);
	rc = sqlite3_step(stmt);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(stmt);
		if (rc == SQLITE_DONE)
			return lede__error(LEDE_ENOTFOUND, "no article with id %lld", (long long)id);
		return store_error(store, "loading an article");
	}
	out->id = sqlite3_column_int64(stmt, 0);
	out->external_id = column_text(stmt, 1, arena, &failed);
	out->source = column_text(stmt, 2, arena, &failed);
	out->url = column_text(stmt, 3, arena, &failed);
	out->outlet = column_text(stmt, 4, arena, &failed);
	out->title = column_text(stmt, 5, arena, &failed);
	out->authors_json = column_text(stmt, 6, arena, &failed);
	out->published = column_text(stmt, 7, arena, &failed);
	out->published_time = sqlite3_column_int64(stmt, 8);
	out->lang = column_text(stmt, 9, arena, &failed);
	out->page_type = column_text(stmt, 10, arena, &failed);
	out->text = column_text(stmt, 11, arena, &failed);
	out->content_hash = (uint64_t)sqlite3_column_int64(stmt, 12);
	out->place_key = column_text(stmt, 13, arena, &failed);
	if (sqlite3_column_text(stmt, 14))
		lede_format_parse(&format, (const char *)sqlite3_column_text(stmt, 14));
	out->raw_format = format;
	out->raw_size = (uint64_t)sqlite3_column_int64(stmt, 15);
	out->added_at = sqlite3_column_int64(stmt, 16);
	out->duplicate_of = sqlite3_column_int64(stmt, 17);
	out->relation = column_text(stmt, 18, arena, &failed);
	out->fetched_time = sqlite3_column_int64(stmt, 19);
	sqlite3_reset(stmt);
	if (!out->text && !failed)
		out->text = "";
	return failed ? lede__error_nomem() : 0;
}

int lede__store_article_raw(const void **out, size_t *out_len, lede_format *out_format,
			    lede__arena *arena, lede__store *store, int64_t id)
{
	sqlite3_stmt *stmt = statement(store, STMT_RAW);
	const void *blob;
	size_t len;
	void *copy;
	int rc;

	*out = NULL;
	*out_len = 0;
	if (!stmt)
		return LEDE_ESTORE;
	sqlite3_bind_int64(stmt, 1, id);
	rc = sqlite3_step(stmt);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(stmt);
		if (rc == SQLITE_DONE)
			return lede__error(LEDE_ENOTFOUND, "no article with id %lld", (long long)id);
		return store_error(store, "loading a raw page");
	}
	blob = sqlite3_column_blob(stmt, 0);
	len = (size_t)sqlite3_column_bytes(stmt, 0);
	*out_format = LEDE_FORMAT_TEXT;
	if (sqlite3_column_text(stmt, 1))
		lede_format_parse(out_format, (const char *)sqlite3_column_text(stmt, 1));
	copy = blob ? lede__arena_alloc(arena, len) : NULL;
	if (blob && !copy) {
		sqlite3_reset(stmt);
		return lede__error_nomem();
	}
	if (copy)
		memcpy(copy, blob, len);
	sqlite3_reset(stmt);
	if (!copy)
		return lede__error(LEDE_ENOTFOUND, "article %lld has no raw page", (long long)id);
	*out = copy;
	*out_len = len;
	return 0;
}

int lede__store_article_next_id(int64_t *out, lede__store *store, int64_t after_id)
{
	sqlite3_stmt *stmt = statement(store, STMT_NEXT_ID);
	int rc;

	if (!stmt)
		return LEDE_ESTORE;
	sqlite3_bind_int64(stmt, 1, after_id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return LEDE_ITEROVER;
	return store_error(store, "listing articles");
}

int lede__store_stats(lede_db_stats *out, lede__store *store)
{
	sqlite3_stmt *stmt = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = sqlite3_prepare_v2(store->db,
				"SELECT count(*), count(DISTINCT outlet), total(raw_size),"
				" total(length(raw)), min(NULLIF(published_time, 0)),"
				" max(NULLIF(published_time, 0)) FROM articles",
				-1, &stmt, NULL);
	if (rc != SQLITE_OK)
		return store_error(store, "counting articles");
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		out->articles = (uint64_t)sqlite3_column_int64(stmt, 0);
		out->outlets = (uint64_t)sqlite3_column_int64(stmt, 1);
		out->raw_bytes = (uint64_t)sqlite3_column_double(stmt, 2);
		out->stored_bytes = (uint64_t)sqlite3_column_double(stmt, 3);
		out->first_published = sqlite3_column_int64(stmt, 4);
		out->last_published = sqlite3_column_int64(stmt, 5);
	}
	sqlite3_finalize(stmt);
	out->schema_version = lede__store_latest_version();
	if (sqlite3_prepare_v2(store->db, "SELECT count(*) FROM stories", -1, &stmt, NULL) == SQLITE_OK &&
	    sqlite3_step(stmt) == SQLITE_ROW)
		out->stories = (uint64_t)sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return 0;
}

int lede__store_search(lede__store *store, lede__arena *arena, const char *match,
		       const char *outlet, const char *lang, int64_t from, int64_t to, size_t limit,
		       size_t offset, int (*row)(void *context, const lede__search_row *hit),
		       void *context)
{
	static const char sql[] =
		"SELECT a.id, a.title, a.outlet, a.published,"
		" snippet(articles_fts, -1, char(2), char(3), '\xe2\x80\xa6', 24), bm25(articles_fts, 4.0, 1.0),"
		" coalesce(s.story_id, (SELECT story_id FROM story_articles WHERE article_id = a.duplicate_of), 0)"
		" FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid"
		" LEFT JOIN story_articles s ON s.article_id = a.id"
		" WHERE articles_fts MATCH ?1"
		" AND (?2 IS NULL OR a.outlet = ?2) AND (?3 IS NULL OR a.lang = ?3)"
		" AND (?4 = 0 OR a.published_time >= ?4) AND (?5 = 0 OR a.published_time < ?5)"
		" ORDER BY bm25(articles_fts, 4.0, 1.0) LIMIT ?6 OFFSET ?7";
	sqlite3_stmt *stmt = NULL;
	int rc;

	if (sqlite3_prepare_v2(store->db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return store_error(store, "preparing a search");
	sqlite3_bind_text(stmt, 1, match, -1, SQLITE_STATIC);
	bind_text(stmt, 2, outlet);
	bind_text(stmt, 3, lang);
	sqlite3_bind_int64(stmt, 4, from);
	sqlite3_bind_int64(stmt, 5, to);
	sqlite3_bind_int64(stmt, 6, (sqlite3_int64)limit);
	sqlite3_bind_int64(stmt, 7, (sqlite3_int64)offset);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		lede__search_row hit;
		int failed = 0;

		hit.article_id = sqlite3_column_int64(stmt, 0);
		hit.title = column_text(stmt, 1, arena, &failed);
		hit.outlet = column_text(stmt, 2, arena, &failed);
		hit.published = column_text(stmt, 3, arena, &failed);
		hit.snippet = column_text(stmt, 4, arena, &failed);
		hit.score = sqlite3_column_double(stmt, 5);
		hit.story_id = sqlite3_column_int64(stmt, 6);
		if (failed) {
			sqlite3_finalize(stmt);
			return lede__error_nomem();
		}
		if ((rc = row(context, &hit)) != 0) {
			sqlite3_finalize(stmt);
			return rc < 0 ? rc : 0;
		}
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		int error = store_error(store, "searching");

		sqlite3_finalize(stmt);
		return error;
	}
	sqlite3_finalize(stmt);
	return 0;
}

int lede__store_set_copy(lede__store *store, int64_t id, int64_t duplicate_of, const char *relation)
{
	sqlite3_stmt *stmt = statement(store, STMT_SET_COPY);
	int rc;

	if (!stmt)
		return LEDE_ESTORE;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int64(stmt, 2, duplicate_of);
	bind_text(stmt, 3, relation);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? 0 : store_error(store, "recording a copy");
}

int lede__store_move_copies(lede__store *store, int64_t from, int64_t to)
{
	sqlite3_stmt *stmt = statement(store, STMT_MOVE_COPIES);
	int rc;

	if (!stmt)
		return LEDE_ESTORE;
	sqlite3_bind_int64(stmt, 1, from);
	sqlite3_bind_int64(stmt, 2, to);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? 0 : store_error(store, "moving copies");
}

/* Calls `row` for each fingerprint row that `sql` (one parameter, `value`) selects. */
static int fingerprint_rows(lede__store *store, const char *sql, int64_t value,
			    int (*row)(void *context, const lede__fingerprint_row *r), void *context)
{
	sqlite3_stmt *stmt = NULL;
	int rc;

	if (sqlite3_prepare_v2(store->db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return store_error(store, "reading fingerprints");
	sqlite3_bind_int64(stmt, 1, value);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		lede__fingerprint_row r;

		r.id = sqlite3_column_int64(stmt, 0);
		r.published_time = sqlite3_column_int64(stmt, 1);
		r.duplicate_of = sqlite3_column_int64(stmt, 2);
		r.blob = sqlite3_column_blob(stmt, 3);
		r.blob_len = (size_t)sqlite3_column_bytes(stmt, 3);
		if ((rc = row(context, &r)) != 0) {
			sqlite3_finalize(stmt);
			return rc < 0 ? rc : 0;
		}
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : store_error(store, "reading fingerprints");
}

int lede__store_fingerprint(lede__store *store, int64_t id,
			    int (*row)(void *context, const lede__fingerprint_row *r), void *context)
{
	return fingerprint_rows(store,
				"SELECT id, published_time, duplicate_of, fingerprint FROM articles"
				" WHERE id = ?1 AND fingerprint IS NOT NULL",
				id, row, context);
}

int lede__store_each_fingerprint(lede__store *store, uint64_t newest,
				 int (*row)(void *context, const lede__fingerprint_row *r), void *context)
{
	sqlite3_stmt *stmt = NULL;
	int64_t from = 0;
	int rc;

	if (newest > 0) {
		/* The first id of the window, found walking back from the newest. */
		if (sqlite3_prepare_v2(store->db,
				       "SELECT id FROM articles WHERE fingerprint IS NOT NULL"
				       " ORDER BY id DESC LIMIT 1 OFFSET ?1",
				       -1, &stmt, NULL) != SQLITE_OK)
			return store_error(store, "reading fingerprints");
		sqlite3_bind_int64(stmt, 1, newest > INT64_MAX ? INT64_MAX : (int64_t)(newest - 1));
		rc = sqlite3_step(stmt);
		if (rc == SQLITE_ROW)
			from = sqlite3_column_int64(stmt, 0);
		sqlite3_finalize(stmt);
		stmt = NULL;
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return store_error(store, "reading fingerprints");
	}
	return fingerprint_rows(store,
				"SELECT id, published_time, duplicate_of, fingerprint FROM articles"
				" WHERE fingerprint IS NOT NULL AND id >= ?1 ORDER BY id",
				from, row, context);
}

int lede__store_article_count(uint64_t *out, lede__store *store)
{
	sqlite3_stmt *stmt = NULL;
	int rc;

	*out = 0;
	if (sqlite3_prepare_v2(store->db, "SELECT count(*) FROM articles", -1, &stmt, NULL) != SQLITE_OK)
		return store_error(store, "counting articles");
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*out = (uint64_t)sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? 0 : store_error(store, "counting articles");
}

int lede__store_each_copy_group(lede__store *store, int (*group)(void *context, int64_t canonical,
								 const int64_t *ids,
								 const char *const *relations,
								 size_t count),
				void *context)
{
	enum { MAX_MEMBERS = 4096 };
	sqlite3_stmt *stmt = NULL;
	int64_t *ids = NULL, canonical = 0;
	char **relations = NULL;
	size_t count = 0, i;
	int rc, stop = 0;

	ids = lede__calloc(MAX_MEMBERS, sizeof(*ids));
	relations = lede__calloc(MAX_MEMBERS, sizeof(*relations));
	if (!ids || !relations) {
		lede__dealloc(ids);
		lede__dealloc(relations);
		return lede__error_nomem();
	}
	if (sqlite3_prepare_v2(store->db,
			       "SELECT duplicate_of, id, relation FROM articles WHERE duplicate_of != 0"
			       " ORDER BY duplicate_of, id",
			       -1, &stmt, NULL) != SQLITE_OK) {
		lede__dealloc(ids);
		lede__dealloc(relations);
		return store_error(store, "listing copies");
	}
	for (;;) {
		int64_t next = 0;

		rc = sqlite3_step(stmt);
		if (rc == SQLITE_ROW)
			next = sqlite3_column_int64(stmt, 0);
		if ((rc != SQLITE_ROW || next != canonical) && count) {
			stop = group(context, canonical, ids, (const char *const *)relations, count);
			for (i = 0; i < count; i++)
				lede__dealloc(relations[i]);
			count = 0;
			if (stop)
				break;
		}
		if (rc != SQLITE_ROW)
			break;
		canonical = next;
		if (count < MAX_MEMBERS) {
			const unsigned char *relation = sqlite3_column_text(stmt, 2);

			ids[count] = sqlite3_column_int64(stmt, 1);
			relations[count] = lede__strdup(relation ? (const char *)relation : "");
			if (!relations[count]) {
				stop = lede__error_nomem();
				break;
			}
			count++;
		}
	}
	for (i = 0; i < count; i++)
		lede__dealloc(relations[i]);
	sqlite3_finalize(stmt);
	lede__dealloc(ids);
	lede__dealloc(relations);
	if (stop < 0)
		return stop;
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : store_error(store, "listing copies");
}

/* A one-off statement (not cached: these run once per batch or request). */
static sqlite3_stmt *prepare(lede__store *store, const char *sql, const char *what)
{
	sqlite3_stmt *stmt = NULL;

	if (sqlite3_prepare_v2(store->db, sql, -1, &stmt, NULL) != SQLITE_OK) {
		store_error(store, what);
		return NULL;
	}
	return stmt;
}

static int step_done(lede__store *store, sqlite3_stmt *stmt, const char *what)
{
	int rc = sqlite3_step(stmt);

	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : store_error(store, what);
}

int lede__store_story_put(lede__store *store, const lede__story_row *row)
{
	sqlite3_stmt *stmt = prepare(store,
		"INSERT INTO stories (id, storyline, title, title_article, first_seen, last_seen, articles,"
		" outlets, state) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
		" ON CONFLICT(id) DO UPDATE SET storyline = ?2, title = ?3, title_article = ?4,"
		" first_seen = ?5, last_seen = ?6, articles = ?7, outlets = ?8,"
		" state = coalesce(?9, state)", "storing a story");

	if (!stmt)
		return LEDE_ESTORE;
	sqlite3_bind_int64(stmt, 1, row->id);
	sqlite3_bind_int64(stmt, 2, row->storyline);
	bind_text(stmt, 3, row->title && *row->title ? row->title : NULL);
	sqlite3_bind_int64(stmt, 4, row->title_article);
	sqlite3_bind_int64(stmt, 5, row->first_seen);
	sqlite3_bind_int64(stmt, 6, row->last_seen);
	sqlite3_bind_int64(stmt, 7, row->articles);
	sqlite3_bind_int64(stmt, 8, row->outlets);
	if (row->state)
		sqlite3_bind_blob64(stmt, 9, row->state, row->state_len, SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, 9);
	return step_done(store, stmt, "storing a story");
}

int lede__store_story_delete(lede__store *store, int64_t id)
{
	sqlite3_stmt *stmt = prepare(store, "DELETE FROM stories WHERE id = ?1", "deleting a story");

	if (!stmt)
		return LEDE_ESTORE;
	sqlite3_bind_int64(stmt, 1, id);
	return step_done(store, stmt, "deleting a story");
}

int lede__store_stories_clear(lede__store *store)
{
	return exec(store, "DELETE FROM story_articles; DELETE FROM stories; DELETE FROM story_merges;"
			   " DELETE FROM engine_state WHERE key = 'cluster';");
}

int lede__store_story_load(lede__story_row *out, lede__arena *arena, lede__store *store, int64_t id)
{
	sqlite3_stmt *stmt = prepare(store,
		"SELECT id, storyline, title, title_article, first_seen, last_seen, articles, outlets"
		" FROM stories WHERE id = ?1", "loading a story");
	int rc, failed = 0;

	memset(out, 0, sizeof(*out));
	if (!stmt)
		return LEDE_ESTORE;
	sqlite3_bind_int64(stmt, 1, id);
	rc = sqlite3_step(stmt);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(stmt);
		if (rc == SQLITE_DONE)
			return lede__error(LEDE_ENOTFOUND, "no story with id %lld", (long long)id);
		return store_error(store, "loading a story");
	}
	out->id = sqlite3_column_int64(stmt, 0);
	out->storyline = sqlite3_column_int64(stmt, 1);
	out->title = column_text(stmt, 2, arena, &failed);
	out->title_article = sqlite3_column_int64(stmt, 3);
	out->first_seen = sqlite3_column_int64(stmt, 4);
	out->last_seen = sqlite3_column_int64(stmt, 5);
	out->articles = (uint32_t)sqlite3_column_int64(stmt, 6);
	out->outlets = (uint32_t)sqlite3_column_int64(stmt, 7);
	sqlite3_finalize(stmt);
	return failed ? lede__error_nomem() : 0;
}

/* Collects the int64 first column of `stmt` into an arena array. */
static int collect_ids(int64_t **out, size_t *out_count, lede__arena *arena, lede__store *store,
		       sqlite3_stmt *stmt, const char *what)
{
	int64_t *ids = NULL;
	size_t count = 0, cap = 0;
	int rc;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (count == cap) {
			size_t grown_cap = cap ? cap * 2 : 64;
			int64_t *grown = lede__arena_alloc(arena, grown_cap * sizeof(*grown));

			if (!grown) {
				sqlite3_finalize(stmt);
				return lede__error_nomem();
			}
			if (count)
				memcpy(grown, ids, count * sizeof(*ids));
			ids = grown;
			cap = grown_cap;
		}
		ids[count++] = sqlite3_column_int64(stmt, 0);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_error(store, what);
	*out = ids;
	*out_count = count;
	return 0;
}

int lede__store_story_members(int64_t **out, size_t *out_count, lede__arena *arena,
			      lede__store *store, int64_t story)
{
	sqlite3_stmt *stmt = prepare(store,
		"SELECT a.id FROM story_articles s JOIN articles a ON a.id = s.article_id"
		" WHERE s.story_id = ?1 ORDER BY CASE WHEN a.published_time > 0 THEN a.published_time"
		" ELSE a.added_at END, a.id", "listing a story's articles");

	*out = NULL;
	*out_count = 0;
	if (!stmt)
		return LEDE_ESTORE;
	sqlite3_bind_int64(stmt, 1, story);
	return collect_ids(out, out_count, arena, store, stmt, "listing a story's articles");
}

int lede__store_story_assign(lede__store *store, int64_t article, int64_t story)
{
	sqlite3_stmt *stmt = prepare(store,
		"INSERT INTO story_articles (article_id, story_id) VALUES (?1, ?2)"
		" ON CONFLICT(article_id) DO UPDATE SET story_id = ?2", "assigning an article");

	if (!stmt)
		return LEDE_ESTORE;
	sqlite3_bind_int64(stmt, 1, article);
	sqlite3_bind_int64(stmt, 2, story);
	return step_done(store, stmt, "assigning an article");
}

int lede__store_article_story(int64_t *out, lede__store *store, int64_t article)
{
	sqlite3_stmt *stmt = prepare(store, "SELECT story_id FROM story_articles WHERE article_id = ?1",
				     "finding an article's story");
	int rc;

	*out = 0;
	if (!stmt)
		return LEDE_ESTORE;
	sqlite3_bind_int64(stmt, 1, article);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? LEDE_ENOTFOUND : store_error(store, "finding an article's story");
}

int lede__store_story_merge(lede__store *store, const char *kind, int64_t from, int64_t into,
			    int64_t at, double similarity)
{
	sqlite3_stmt *stmt;
	int rc;

	if (strcmp(kind, "events") == 0) {
		stmt = prepare(store, "UPDATE story_articles SET story_id = ?2 WHERE story_id = ?1", "merging stories");
		if (!stmt)
			return LEDE_ESTORE;
		sqlite3_bind_int64(stmt, 1, from);
		sqlite3_bind_int64(stmt, 2, into);
		if ((rc = step_done(store, stmt, "merging stories")) != 0 ||
		    (rc = lede__store_story_delete(store, from)) != 0)
			return rc;
	} else {
		stmt = prepare(store, "UPDATE stories SET storyline = ?2 WHERE storyline = ?1", "merging storylines");
		if (!stmt)
			return LEDE_ESTORE;
		sqlite3_bind_int64(stmt, 1, from);
		sqlite3_bind_int64(stmt, 2, into);
		if ((rc = step_done(store, stmt, "merging storylines")) != 0)
			return rc;
	}
	stmt = prepare(store, "INSERT INTO story_merges (kind, from_id, into_id, at, similarity)"
			      " VALUES (?1, ?2, ?3, ?4, ?5)", "recording a merge");
	if (!stmt)
		return LEDE_ESTORE;
	sqlite3_bind_text(stmt, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, from);
	sqlite3_bind_int64(stmt, 3, into);
	sqlite3_bind_int64(stmt, 4, at);
	sqlite3_bind_double(stmt, 5, similarity);
	return step_done(store, stmt, "recording a merge");
}

int lede__store_story_list(int64_t **out, size_t *out_count, lede__arena *arena, lede__store *store,
			   int64_t since, size_t limit, size_t offset)
{
	sqlite3_stmt *stmt = prepare(store,
		"SELECT id FROM stories WHERE (?1 = 0 OR last_seen >= ?1)"
		" ORDER BY last_seen / 86400 DESC, articles DESC, last_seen DESC, id DESC"
		" LIMIT ?2 OFFSET ?3", "listing stories");

	*out = NULL;
	*out_count = 0;
	if (!stmt)
		return LEDE_ESTORE;
	sqlite3_bind_int64(stmt, 1, since);
	sqlite3_bind_int64(stmt, 2, limit ? (sqlite3_int64)limit : -1);
	sqlite3_bind_int64(stmt, 3, (sqlite3_int64)offset);
	return collect_ids(out, out_count, arena, store, stmt, "listing stories");
}

int lede__store_each_story_state(lede__store *store,
				 int (*row)(void *context, int64_t id, int64_t storyline,
					    const void *blob, size_t len),
				 void *context)
{
	sqlite3_stmt *stmt = prepare(store, "SELECT id, storyline, state FROM stories WHERE state IS NOT NULL"
					    " ORDER BY id", "reading stories");
	int rc;

	if (!stmt)
		return LEDE_ESTORE;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int r = row(context, sqlite3_column_int64(stmt, 0), sqlite3_column_int64(stmt, 1),
			    sqlite3_column_blob(stmt, 2), (size_t)sqlite3_column_bytes(stmt, 2));

		if (r) {
			sqlite3_finalize(stmt);
			return r < 0 ? r : 0;
		}
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : store_error(store, "reading stories");
}

/* Copies the blob in column 0 of the single row of `stmt` (then finalized) into `arena`. */
static int read_blob(const void **out, size_t *out_len, lede__arena *arena, lede__store *store,
		     sqlite3_stmt *stmt, const char *what)
{
	int rc = sqlite3_step(stmt);

	*out = NULL;
	*out_len = 0;
	if (rc == SQLITE_ROW && sqlite3_column_blob(stmt, 0)) {
		size_t len = (size_t)sqlite3_column_bytes(stmt, 0);
		void *copy = lede__arena_alloc(arena, len + 1);

		if (!copy) {
			sqlite3_finalize(stmt);
			return lede__error_nomem();
		}
		memcpy(copy, sqlite3_column_blob(stmt, 0), len);
		*out = copy;
		*out_len = len;
	}
	sqlite3_finalize(stmt);
	if (rc == SQLITE_ROW)
		return *out ? 0 : LEDE_ENOTFOUND;
	return rc == SQLITE_DONE ? LEDE_ENOTFOUND : store_error(store, what);
}

int lede__store_state_get(const void **out, size_t *out_len, lede__arena *arena, lede__store *store,
			  const char *key)
{
	sqlite3_stmt *stmt = prepare(store, "SELECT value FROM engine_state WHERE key = ?1", "reading state");

	*out = NULL;
	*out_len = 0;
	if (!stmt)
		return LEDE_ESTORE;
	sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
	return read_blob(out, out_len, arena, store, stmt, "reading state");
}

int lede__store_state_put(lede__store *store, const char *key, const void *value, size_t len)
{
	sqlite3_stmt *stmt = prepare(store, "INSERT INTO engine_state (key, value) VALUES (?1, ?2)"
					    " ON CONFLICT(key) DO UPDATE SET value = ?2", "storing state");

	if (!stmt)
		return LEDE_ESTORE;
	sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_blob64(stmt, 2, value, len, SQLITE_STATIC);
	return step_done(store, stmt, "storing state");
}

int lede__store_story_state(const void **out, size_t *out_len, lede__arena *arena,
			    lede__store *store, int64_t id)
{
	sqlite3_stmt *stmt = prepare(store, "SELECT state FROM stories WHERE id = ?1", "reading a story");

	*out = NULL;
	*out_len = 0;
	if (!stmt)
		return LEDE_ESTORE;
	sqlite3_bind_int64(stmt, 1, id);
	return read_blob(out, out_len, arena, store, stmt, "reading a story");
}
