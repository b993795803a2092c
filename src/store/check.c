#include "store/check.h"

#include <string.h>

#include "store/store_impl.h"
#include "util/error.h"

/* A one-off statement (check queries run once per check, or once per story). */
static sqlite3_stmt *prepare(lede__store *store, const char *sql, const char *what)
{
	sqlite3_stmt *stmt = NULL;

	if (sqlite3_prepare_v2(lede__store_sqlite(store), sql, -1, &stmt, NULL) != SQLITE_OK) {
		lede__store_fail(store, what);
		sqlite3_finalize(stmt);
		return NULL;
	}
	return stmt;
}

static int step_done(lede__store *store, sqlite3_stmt *stmt, const char *what)
{
	int rc = sqlite3_step(stmt);

	if (rc != SQLITE_DONE) {
		rc = lede__store_fail(store, what);
		sqlite3_finalize(stmt);
		return rc;
	}
	sqlite3_finalize(stmt);
	return 0;
}

/* Column `col` copied into `arena` (NULL for SQL NULL); *failed on ENOMEM. */
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

/* Makes room for one more item in an arena array (old items copied over; the arena frees). */
static int grow(void **items, size_t *cap, size_t count, size_t size, lede__arena *arena)
{
	size_t new_cap;
	void *grown;

	if (count < *cap)
		return 0;
	new_cap = *cap ? *cap * 2 : 32;
	grown = lede__arena_alloc(arena, new_cap * size);
	if (!grown)
		return lede__error_nomem();
	if (count)
		memcpy(grown, *items, count * size);
	*items = grown;
	*cap = new_cap;
	return 0;
}

int lede__store_begin_read(lede__store *store)
{
	if (sqlite3_exec(lede__store_sqlite(store), "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return lede__store_fail(store, "BEGIN");
	return 0;
}

int lede__store_integrity(lede__store *store, int (*problem)(void *context, const char *text),
			  void *context)
{
	sqlite3_stmt *stmt = prepare(store, "PRAGMA integrity_check", "checking the file");
	int rc;

	if (!stmt)
		return LEDE_ESTORE;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *text = (const char *)sqlite3_column_text(stmt, 0);
		int stop;

		if (!text || strcmp(text, "ok") == 0)
			continue;
		if ((stop = problem(context, text)) != 0) {
			sqlite3_finalize(stmt);
			return stop < 0 ? stop : 0;
		}
	}
	if (rc != SQLITE_DONE) {
		/* A file too damaged to walk is itself the finding. */
		int code = sqlite3_errcode(lede__store_sqlite(store)) & 0xff;

		if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) {
			rc = problem(context, sqlite3_errmsg(lede__store_sqlite(store)));
			sqlite3_finalize(stmt);
			return rc < 0 ? rc : 0;
		}
		rc = lede__store_fail(store, "checking the file");
		sqlite3_finalize(stmt);
		return rc;
	}
	sqlite3_finalize(stmt);
	return 0;
}

int lede__store_search_verify(int *out_sound, lede__store *store)
{
	sqlite3 *db = lede__store_sqlite(store);
	int rc;

	*out_sound = 1;
	/* rank 1: compare the index with the content table, not only with itself. */
	rc = sqlite3_exec(db, "INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)",
			  NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		return 0;
	if ((rc & 0xff) == SQLITE_CORRUPT) {
		*out_sound = 0;
		return 0;
	}
	return lede__store_fail(store, "checking the search index");
}

int lede__store_search_diff(lede__store *store,
			    int (*row)(void *context, int64_t id, int unindexed), void *context)
{
	sqlite3_stmt *stmt = prepare(store,
		"SELECT id, 1 FROM articles WHERE id NOT IN (SELECT id FROM articles_fts_docsize)"
		" UNION ALL SELECT id, 0 FROM articles_fts_docsize WHERE id NOT IN (SELECT id FROM articles)"
		" ORDER BY 1", "comparing the search index with the articles");
	int rc;

	if (!stmt)
		return LEDE_ESTORE;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int stop = row(context, sqlite3_column_int64(stmt, 0), sqlite3_column_int(stmt, 1));

		if (stop) {
			sqlite3_finalize(stmt);
			return stop < 0 ? stop : 0;
		}
	}
	if (rc != SQLITE_DONE) {
		rc = lede__store_fail(store, "comparing the search index with the articles");
		sqlite3_finalize(stmt);
		return rc;
	}
	sqlite3_finalize(stmt);
	return 0;
}

int lede__store_search_rebuild(lede__store *store)
{
	if (sqlite3_exec(lede__store_sqlite(store), "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')",
			 NULL, NULL, NULL) != SQLITE_OK)
		return lede__store_fail(store, "rebuilding the search index");
	return 0;
}

int lede__store_each_copy_row(lede__store *store,
			      int (*row)(void *context, const lede__copy_row *r), void *context)
{
	sqlite3_stmt *stmt = prepare(store,
		"SELECT a.id, a.published_time, a.duplicate_of, a.relation, coalesce(s.story_id, 0),"
		" a.fingerprint IS NOT NULL FROM articles a LEFT JOIN story_articles s ON s.article_id = a.id"
		" ORDER BY a.id", "reading copies");
	int rc;

	if (!stmt)
		return LEDE_ESTORE;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		lede__copy_row r;
		int stop;

		r.id = sqlite3_column_int64(stmt, 0);
		r.published_time = sqlite3_column_int64(stmt, 1);
		r.duplicate_of = sqlite3_column_int64(stmt, 2);
		r.relation = (const char *)sqlite3_column_text(stmt, 3);
		r.story = sqlite3_column_int64(stmt, 4);
		r.has_fingerprint = sqlite3_column_int(stmt, 5);
		if ((stop = row(context, &r)) != 0) {
			sqlite3_finalize(stmt);
			return stop < 0 ? stop : 0;
		}
	}
	if (rc != SQLITE_DONE) {
		rc = lede__store_fail(store, "reading copies");
		sqlite3_finalize(stmt);
		return rc;
	}
	sqlite3_finalize(stmt);
	return 0;
}

int lede__store_story_ids(int64_t **out, size_t *out_count, lede__arena *arena, lede__store *store)
{
	sqlite3_stmt *stmt = prepare(store, "SELECT id FROM stories ORDER BY id", "listing stories");
	int64_t *ids = NULL;
	size_t count = 0, cap = 0;
	int rc;

	*out = NULL;
	*out_count = 0;
	if (!stmt)
		return LEDE_ESTORE;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (grow((void **)&ids, &cap, count, sizeof(*ids), arena) != 0) {
			sqlite3_finalize(stmt);
			return LEDE_ENOMEM;
		}
		ids[count++] = sqlite3_column_int64(stmt, 0);
	}
	if (rc != SQLITE_DONE) {
		rc = lede__store_fail(store, "listing stories");
		sqlite3_finalize(stmt);
		return rc;
	}
	sqlite3_finalize(stmt);
	*out = ids;
	*out_count = count;
	return 0;
}

int lede__store_story_member_rows(lede__member_row **out, size_t *out_count, lede__arena *arena,
				  lede__store *store, int64_t story)
{
	sqlite3_stmt *stmt = prepare(store,
		"SELECT s.article_id, a.id IS NOT NULL, a.outlet, a.published_time, a.duplicate_of, a.title"
		" FROM story_articles s LEFT JOIN articles a ON a.id = s.article_id"
		" WHERE s.story_id = ?1 ORDER BY s.article_id", "reading a story's articles");
	lede__member_row *rows = NULL;
	size_t count = 0, cap = 0;
	int rc, failed = 0;

	*out = NULL;
	*out_count = 0;
	if (!stmt)
		return LEDE_ESTORE;
	sqlite3_bind_int64(stmt, 1, story);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		lede__member_row *r;

		if (grow((void **)&rows, &cap, count, sizeof(*rows), arena) != 0) {
			sqlite3_finalize(stmt);
			return LEDE_ENOMEM;
		}
		r = &rows[count++];
		r->article_id = sqlite3_column_int64(stmt, 0);
		r->exists = sqlite3_column_int(stmt, 1);
		r->outlet = column_text(stmt, 2, arena, &failed);
		r->published_time = sqlite3_column_int64(stmt, 3);
		r->duplicate_of = sqlite3_column_int64(stmt, 4);
		r->title = column_text(stmt, 5, arena, &failed);
		if (failed) {
			sqlite3_finalize(stmt);
			return lede__error_nomem();
		}
	}
	if (rc != SQLITE_DONE) {
		rc = lede__store_fail(store, "reading a story's articles");
		sqlite3_finalize(stmt);
		return rc;
	}
	sqlite3_finalize(stmt);
	*out = rows;
	*out_count = count;
	return 0;
}

int lede__store_each_orphan_member(lede__store *store,
				   int (*row)(void *context, int64_t article, int exists, int64_t story),
				   void *context)
{
	sqlite3_stmt *stmt = prepare(store,
		"SELECT s.article_id, s.article_id IN (SELECT id FROM articles), s.story_id"
		" FROM story_articles s WHERE s.story_id NOT IN (SELECT id FROM stories)"
		" ORDER BY s.article_id", "reading story memberships");
	int rc;

	if (!stmt)
		return LEDE_ESTORE;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int stop = row(context, sqlite3_column_int64(stmt, 0), sqlite3_column_int(stmt, 1),
			       sqlite3_column_int64(stmt, 2));

		if (stop) {
			sqlite3_finalize(stmt);
			return stop < 0 ? stop : 0;
		}
	}
	if (rc != SQLITE_DONE) {
		rc = lede__store_fail(store, "reading story memberships");
		sqlite3_finalize(stmt);
		return rc;
	}
	sqlite3_finalize(stmt);
	return 0;
}

int lede__store_member_remove(lede__store *store, int64_t article)
{
	sqlite3_stmt *stmt = prepare(store, "DELETE FROM story_articles WHERE article_id = ?1",
				     "removing a story membership");

	if (!stmt)
		return LEDE_ESTORE;
	sqlite3_bind_int64(stmt, 1, article);
	return step_done(store, stmt, "removing a story membership");
}

int lede__store_story_set_state(lede__store *store, int64_t id, const void *state, size_t len)
{
	sqlite3_stmt *stmt = prepare(store, "UPDATE stories SET state = ?2 WHERE id = ?1",
				     "storing a story's state");

	if (!stmt)
		return LEDE_ESTORE;
	sqlite3_bind_int64(stmt, 1, id);
	if (state)
		sqlite3_bind_blob64(stmt, 2, state, len, SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, 2);
	return step_done(store, stmt, "storing a story's state");
}

int lede__store_derived_page(lede__derived_row **out, size_t *out_count, lede__arena *arena,
			     lede__store *store, int64_t after_id, size_t limit)
{
	sqlite3_stmt *stmt = prepare(store,
		"SELECT id, text, url, outlet, external_id, source, content_hash, place_key, fingerprint,"
		" raw_size, raw IS NOT NULL FROM articles WHERE id > ?1 ORDER BY id LIMIT ?2",
		"reading articles");
	lede__derived_row *rows = NULL;
	int rc, failed = 0;
	size_t count = 0;

	*out = NULL;
	*out_count = 0;
	if (!stmt)
		return LEDE_ESTORE;
	rows = lede__arena_alloc(arena, (limit ? limit : 1) * sizeof(*rows));
	if (!rows) {
		sqlite3_finalize(stmt);
		return lede__error_nomem();
	}
	sqlite3_bind_int64(stmt, 1, after_id);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)limit);
	while (count < limit && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		lede__derived_row *r = &rows[count++];
		const void *blob;

		r->id = sqlite3_column_int64(stmt, 0);
		r->text = column_text(stmt, 1, arena, &failed);
		r->url = column_text(stmt, 2, arena, &failed);
		r->outlet = column_text(stmt, 3, arena, &failed);
		r->external_id = column_text(stmt, 4, arena, &failed);
		r->source = column_text(stmt, 5, arena, &failed);
		r->content_hash = (uint64_t)sqlite3_column_int64(stmt, 6);
		r->place_key = column_text(stmt, 7, arena, &failed);
		blob = sqlite3_column_blob(stmt, 8);
		r->fingerprint_len = (size_t)sqlite3_column_bytes(stmt, 8);
		r->fingerprint = NULL;
		if (blob) {
			void *copy = lede__arena_alloc(arena, r->fingerprint_len + 1);

			if (copy)
				memcpy(copy, blob, r->fingerprint_len);
			else
				failed = 1;
			r->fingerprint = copy;
		}
		r->raw_size = (uint64_t)sqlite3_column_int64(stmt, 9);
		r->has_raw = sqlite3_column_int(stmt, 10);
		if (failed) {
			sqlite3_finalize(stmt);
			return lede__error_nomem();
		}
		if (!r->text)
			r->text = "";
	}
	if (count < limit && rc != SQLITE_DONE) {
		rc = lede__store_fail(store, "reading articles");
		sqlite3_finalize(stmt);
		return rc;
	}
	sqlite3_finalize(stmt);
	*out = rows;
	*out_count = count;
	return 0;
}
