/* Unit tests of src/store: migrations, schema versions, article rows. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/migrations.h"
#include "store/store.h"

static char path[256];

static int make_path(void **state)
{
	(void)state;
	snprintf(path, sizeof(path), "%s/lede-store-test-%d.db",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (int)getpid());
	return 0;
}

static int remove_files(void **state)
{
	char extra[300];

	(void)state;
	unlink(path);
	snprintf(extra, sizeof(extra), "%s-wal", path);
	unlink(extra);
	snprintf(extra, sizeof(extra), "%s-shm", path);
	unlink(extra);
	return 0;
}

static int user_version(void)
{
	sqlite3 *db;
	sqlite3_stmt *stmt;
	int version = -1;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, NULL), SQLITE_OK);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		version = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return version;
}

static void set_user_version(int version)
{
	sqlite3 *db;
	char sql[64];

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", version);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

static void new_store_is_migrated_to_latest(void **state)
{
	lede__store *store = NULL;

	(void)state;
	assert_int_equal(lede__store_open(&store, path, 0), 0);
	lede__store_close(store);
	assert_int_equal(user_version(), lede__store_latest_version());
}

static void older_store_is_upgraded_on_open(void **state)
{
	lede__store *store = NULL;
	sqlite3 *db;

	(void)state;
	/* A database at version 0 that already holds unrelated data. */
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE notes(x); INSERT INTO notes VALUES (1);",
				      NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(lede__store_open(&store, path, 1), LEDE_ESCHEMA);
	assert_non_null(strstr(lede_errmsg(), "needs an upgrade"));
	assert_int_equal(lede__store_open(&store, path, 0), 0);
	lede__store_close(store);
	assert_int_equal(user_version(), lede__store_latest_version());
}

static void newer_store_is_refused_with_both_versions(void **state)
{
	lede__store *store = NULL;
	char expected[64];

	(void)state;
	assert_int_equal(lede__store_open(&store, path, 0), 0);
	lede__store_close(store);
	set_user_version(lede__store_latest_version() + 5);
	assert_int_equal(lede__store_open(&store, path, 0), LEDE_ESCHEMA);
	assert_null(store);
	snprintf(expected, sizeof(expected), "schema version %d, newer",
		 lede__store_latest_version() + 5);
	assert_non_null(strstr(lede_errmsg(), expected));
	assert_int_equal(lede__store_open(&store, path, 1), LEDE_ESCHEMA);
	assert_int_equal(user_version(), lede__store_latest_version() + 5);
}

static void article_rows_round_trip_and_content_place_is_unique(void **state)
{
	lede__store *store = NULL;
	lede__article_row row, loaded;
	lede__arena arena;
	int64_t id = 0, other = 0, found = 0;

	(void)state;
	assert_int_equal(lede__store_open(&store, path, 0), 0);
	memset(&row, 0, sizeof(row));
	row.title = "A title";
	row.text = "Body text";
	row.outlet = "Outlet";
	row.content_hash = 0xfedcba9876543210ULL;
	row.place_key = "https://example.org/a";
	row.raw_format = LEDE_FORMAT_HTML;
	row.published_time = 1500000000;
	assert_int_equal(lede__store_article_insert(&id, store, &row), 0);
	assert_int_equal(lede__store_article_find(&found, store, row.content_hash, row.place_key), 0);
	assert_int_equal(found, id);
	assert_int_equal(lede__store_article_find(&found, store, row.content_hash, "elsewhere"),
			 LEDE_ENOTFOUND);
	assert_int_not_equal(lede__store_article_insert(&other, store, &row), 0);
	lede__arena_init(&arena);
	assert_int_equal(lede__store_article_load(&loaded, &arena, store, id), 0);
	assert_string_equal(loaded.title, "A title");
	assert_null(loaded.url);
	assert_true(loaded.content_hash == row.content_hash);
	assert_int_equal(loaded.raw_format, LEDE_FORMAT_HTML);
	assert_int_equal(lede__store_article_load(&loaded, &arena, store, id + 1), LEDE_ENOTFOUND);
	lede__arena_free(&arena);
	lede__store_close(store);
}

static void version_1_store_gains_fetched_time_and_keeps_its_rows(void **state)
{
	lede__store *store = NULL;
	lede__article_row row, loaded;
	lede__arena arena;
	sqlite3 *db;
	int64_t id = 0;

	(void)state;
	/* A store as version 1 left it, with one article. */
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
				      "CREATE TABLE articles (id INTEGER PRIMARY KEY, external_id TEXT,"
				      " source TEXT, url TEXT, outlet TEXT, title TEXT, authors TEXT,"
				      " published TEXT, published_time INTEGER NOT NULL DEFAULT 0,"
				      " lang TEXT, page_type TEXT, text TEXT NOT NULL,"
				      " content_hash INTEGER NOT NULL, place_key TEXT NOT NULL DEFAULT '',"
				      " raw_format TEXT NOT NULL, raw BLOB,"
				      " raw_size INTEGER NOT NULL DEFAULT 0, added_at INTEGER NOT NULL);"
				      "INSERT INTO articles (title, text, content_hash, raw_format, added_at)"
				      " VALUES ('Old', 'Old text', 7, 'html', 1600000000);"
				      "PRAGMA user_version = 1;",
				      NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(lede__store_open(&store, path, 0), 0);
	assert_int_equal(user_version(), lede__store_latest_version());
	lede__arena_init(&arena);
	assert_int_equal(lede__store_article_load(&loaded, &arena, store, 1), 0);
	assert_string_equal(loaded.title, "Old");
	assert_int_equal(loaded.fetched_time, 0);
	memset(&row, 0, sizeof(row));
	row.text = "Crawled text";
	row.content_hash = 8;
	row.place_key = "https://example.org/crawled";
	row.raw_format = LEDE_FORMAT_WARC;
	row.fetched_time = 1746520200;
	assert_int_equal(lede__store_article_insert(&id, store, &row), 0);
	assert_int_equal(lede__store_article_load(&loaded, &arena, store, id), 0);
	assert_int_equal(loaded.fetched_time, 1746520200);
	assert_int_equal(loaded.raw_format, LEDE_FORMAT_WARC);
	loaded.fetched_time = 1746520201;
	assert_int_equal(lede__store_article_update(store, &loaded), 0);
	assert_int_equal(lede__store_article_load(&loaded, &arena, store, id), 0);
	assert_int_equal(loaded.fetched_time, 1746520201);
	lede__arena_free(&arena);
	lede__store_close(store);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(new_store_is_migrated_to_latest, remove_files, remove_files),
		cmocka_unit_test_setup_teardown(older_store_is_upgraded_on_open, remove_files, remove_files),
		cmocka_unit_test_setup_teardown(newer_store_is_refused_with_both_versions, remove_files,
						remove_files),
		cmocka_unit_test_setup_teardown(article_rows_round_trip_and_content_place_is_unique,
						remove_files, remove_files),
		cmocka_unit_test_setup_teardown(version_1_store_gains_fetched_time_and_keeps_its_rows,
						remove_files, remove_files),
	};
	return cmocka_run_group_tests(tests, make_path, remove_files);
}
