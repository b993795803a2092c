#include "migrations.h"

#include <stdio.h>

#include "lede.h"
#include "util/error.h"

/*
 * Migration N brings the schema from version N-1 to N.  Never edit a
 * migration that has shipped: add the next one.
 */
static const char *const migrations[] = {
	/* 1: articles with their raw pages */
	"CREATE TABLE articles ("
	"  id INTEGER PRIMARY KEY,"
	"  external_id TEXT,"
	"  source TEXT,"
	"  url TEXT,"
	"  outlet TEXT,"
	"  title TEXT,"
	"  authors TEXT,"
	"  published TEXT,"
	"  published_time INTEGER NOT NULL DEFAULT 0,"
	"  lang TEXT,"
	"  page_type TEXT,"
	"  text TEXT NOT NULL,"
	"  content_hash INTEGER NOT NULL,"
	"  place_key TEXT NOT NULL DEFAULT '',"
	"  raw_format TEXT NOT NULL,"
	"  raw BLOB,"
	"  raw_size INTEGER NOT NULL DEFAULT 0,"
	"  added_at INTEGER NOT NULL"
	");"
	"CREATE UNIQUE INDEX articles_content_place ON articles(content_hash, place_key);"
	"CREATE INDEX articles_external_id ON articles(external_id);"
	"CREATE INDEX articles_published ON articles(published_time);",

	/* 2: full-text search over articles (FTS5, kept in step by triggers) */
	"CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles',"
	"  content_rowid='id', tokenize='unicode61 remove_diacritics 2');"
	"CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN"
	"  INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);"
	"END;"
	"CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN"
	"  INSERT INTO articles_fts(articles_fts, rowid, title, text)"
	"  VALUES ('delete', old.id, old.title, old.text);"
	"END;"
	"CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN"
	"  INSERT INTO articles_fts(articles_fts, rowid, title, text)"
	"  VALUES ('delete', old.id, old.title, old.text);"
	"  INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);"
	"END;"
	"INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');",

	/* 3: copies: each article's fingerprint, its group's canonical and its relation to it */
	"ALTER TABLE articles ADD COLUMN fingerprint BLOB;"
	"ALTER TABLE articles ADD COLUMN duplicate_of INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE articles ADD COLUMN relation TEXT;"
	"CREATE INDEX articles_duplicate_of ON articles(duplicate_of) WHERE duplicate_of != 0;",

	/* 4: when the page was fetched (WARC-Date), unix seconds, 0 when unknown */
	"ALTER TABLE articles ADD COLUMN fetched_time INTEGER NOT NULL DEFAULT 0;",

	/* 5: stories (events), their articles, storylines, corrections, the clusterer's state */
	"CREATE TABLE stories ("
	"  id INTEGER PRIMARY KEY,"
	"  storyline INTEGER NOT NULL,"
	"  title TEXT,"
	"  title_article INTEGER NOT NULL DEFAULT 0,"
	"  first_seen INTEGER NOT NULL DEFAULT 0,"
	"  last_seen INTEGER NOT NULL DEFAULT 0,"
	"  articles INTEGER NOT NULL DEFAULT 0,"
	"  outlets INTEGER NOT NULL DEFAULT 0,"
	"  state BLOB"
	");"
	"CREATE INDEX stories_recent ON stories(last_seen DESC, articles DESC);"
	"CREATE INDEX stories_storyline ON stories(storyline);"
	"CREATE TABLE story_articles ("
	"  article_id INTEGER PRIMARY KEY,"
	"  story_id INTEGER NOT NULL"
	");"
	"CREATE INDEX story_articles_story ON story_articles(story_id);"
	"CREATE TABLE story_merges ("
	"  kind TEXT NOT NULL,"
	"  from_id INTEGER NOT NULL,"
	"  into_id INTEGER NOT NULL,"
	"  at INTEGER NOT NULL,"
	"  similarity REAL"
	");"
	"CREATE TABLE engine_state (key TEXT PRIMARY KEY, value BLOB);",
};

int lede__store_latest_version(void)
{
	return (int)(sizeof(migrations) / sizeof(migrations[0]));
}

static int user_version(sqlite3 *db, int *out)
{
	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, NULL);

	if (rc == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW) {
		*out = sqlite3_column_int(stmt, 0);
		rc = SQLITE_OK;
	} else if (rc == SQLITE_OK) {
		rc = sqlite3_errcode(db);
	}
	sqlite3_finalize(stmt);
	return rc;
}

int lede__store_migrate(sqlite3 *db, const char *path)
{
	int version = 0, latest = lede__store_latest_version();
	char *sqlite_message = NULL;

	if (user_version(db, &version) != SQLITE_OK)
		return lede__error(LEDE_ESTORE, "%s: cannot read the schema version: %s", path,
				   sqlite3_errmsg(db));
	if (version > latest)
		return lede__error(LEDE_ESCHEMA,
				   "%s: store has schema version %d, newer than this lede "
				   "(%s) understands (%d); use a newer lede",
				   path, version, LEDE_VERSION, latest);
	while (version < latest) {
		char pragma[64];

		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d;", version + 1);
		if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, &sqlite_message) != SQLITE_OK ||
		    sqlite3_exec(db, migrations[version], NULL, NULL, &sqlite_message) != SQLITE_OK ||
		    sqlite3_exec(db, pragma, NULL, NULL, &sqlite_message) != SQLITE_OK ||
		    sqlite3_exec(db, "COMMIT", NULL, NULL, &sqlite_message) != SQLITE_OK) {
			int rc = lede__error(LEDE_ESTORE, "%s: migration to schema version %d failed: %s",
					     path, version + 1,
					     sqlite_message ? sqlite_message : sqlite3_errmsg(db));

			sqlite3_free(sqlite_message);
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			return rc;
		}
		version++;
	}
	return 0;
}
