/*
 * Unit tests of lede_check (src/engine/check.c, src/store/check.c): a store
 * checks clean, each kind of damage is found in its area and repaired, a
 * read-only store is only read, and copies stay in their canonical's story.
 * The pages below are invented for these tests.
 */
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

#include "lede.h"

static char path[256];

static const char *const pages[] = {
	"{\"id\": \"c1\", \"url\": \"https://gazette.example/ferry\", \"outlet\": \"Harbour Gazette\","
	" \"title\": \"Ferry crews strike over rosters\", \"published\": \"2025-03-04T07:00:00Z\","
	" \"text\": \"Crews on the Orsa ferry line stopped work at dawn on Tuesday, leaving about 3,000"
	" commuters to find another way across the sound. The union said the walkout would last 24 hours"
	" unless the operator withdrew its new roster, which crews say cuts rest time between crossings.\"}\n",
	"{\"id\": \"c2\", \"url\": \"https://courier.example/orsa\", \"outlet\": \"Sound Courier\","
	" \"title\": \"Orsa ferry walkout strands commuters\", \"published\": \"2025-03-04T09:30:00Z\","
	" \"text\": \"About 3,000 commuters were stranded on Tuesday when crews on the Orsa ferry line"
	" walked out at dawn. The union said the strike over the operator's new roster would last 24 hours;"
	" crews say the roster cuts their rest time between crossings.\"}\n",
	"{\"id\": \"c3\", \"url\": \"https://wire.example/orsa-ferry\", \"outlet\": \"Coast Wire\","
	" \"title\": \"Ferry crews strike over rosters\", \"published\": \"2025-03-04T06:00:00Z\","
	" \"text\": \"Crews on the Orsa ferry line stopped work at dawn on Tuesday, leaving about 3,000"
	" commuters to find another way across the sound. The union said the walkout would last 24 hours"
	" unless the operator withdrew its new roster, which crews say cuts rest time between crossings.\"}\n",
	"{\"id\": \"c4\", \"url\": \"https://ledger.example/library\", \"outlet\": \"Valley Ledger\","
	" \"title\": \"Aldmoor library reopens after flood repairs\", \"published\": \"2025-03-08T10:00:00Z\","
	" \"text\": \"The central library in Aldmoor reopened on Saturday after nine months of flood repairs."
	" Staff moved 40,000 books back onto the shelves during the last week, and the children's room"
	" has a new floor.\"}\n",
};

static int fresh_store(void **state)
{
	char extra[300];

	snprintf(path, sizeof(path), "%s/lede-check-test-%d.db",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (int)getpid());
	unlink(path);
	snprintf(extra, sizeof(extra), "%s-wal", path);
	unlink(extra);
	snprintf(extra, sizeof(extra), "%s-shm", path);
	unlink(extra);
	*state = NULL;
	return 0;
}

/* A store holding `pages` (as one JSONL input each, in order). */
static lede_db *store_with_pages(size_t count)
{
	lede_db *db = NULL;
	size_t i;

	assert_int_equal(lede_db_open(&db, path, 0), 0);
	for (i = 0; i < count; i++) {
		char name[32];

		snprintf(name, sizeof(name), "page%zu.jsonl", i + 1);
		assert_int_equal(lede_add_memory(db, name, pages[i], strlen(pages[i]), NULL, NULL), 0);
	}
	return db;
}

/* Runs SQL on the store file behind the library's back. */
static void damage(const char *sql)
{
	sqlite3 *raw = NULL;
	char *message = NULL;

	assert_int_equal(sqlite3_open(path, &raw), SQLITE_OK);
	if (sqlite3_exec(raw, sql, NULL, NULL, &message) != SQLITE_OK)
		fail_msg("%s: %s", sql, message);
	sqlite3_close(raw);
}

static int64_t query_int(const char *sql)
{
	sqlite3 *raw = NULL;
	sqlite3_stmt *stmt = NULL;
	int64_t value = -1;

	assert_int_equal(sqlite3_open(path, &raw), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(raw, sql, -1, &stmt, NULL), SQLITE_OK);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		value = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	sqlite3_close(raw);
	return value;
}

typedef struct findings {
	int count[LEDE_CHECK_STORY + 1];
	int repaired;
	char last[512];
} findings;

static void record(const lede_check_finding *finding, void *context)
{
	findings *f = context;

	assert_true(finding->area >= LEDE_CHECK_FILE && finding->area <= LEDE_CHECK_STORY);
	f->count[finding->area]++;
	f->repaired += finding->repaired;
	snprintf(f->last, sizeof(f->last), "%s: %s", lede_check_area_name(finding->area), finding->message);
}

/* Checks `db` with `flags`; *out gets what was found. */
static lede_check_report check(lede_db *db, unsigned flags, findings *out)
{
	lede_check_report report;

	memset(out, 0, sizeof(*out));
	assert_int_equal(lede_check(&report, db, flags, record, out), 0);
	return report;
}

static void a_store_as_lede_wrote_it_checks_clean(void **state)
{
	lede_db *db = store_with_pages(4);
	lede_check_report report;
	findings f;

	(void)state;
	report = check(db, 0, &f);
	assert_int_equal(report.findings, 0);
	assert_int_equal(report.articles, 4);
	assert_true(report.stories >= 2);
	lede_db_close(db);
	/* Read-only: everything but FTS5's own integrity-check, and no repair. */
	assert_int_equal(lede_db_open(&db, path, LEDE_OPEN_READONLY), 0);
	report = check(db, LEDE_CHECK_QUICK, &f);
	assert_int_equal(report.findings, 0);
	assert_int_equal(lede_check(&report, db, LEDE_CHECK_REPAIR, NULL, NULL), LEDE_EINVAL);
	lede_db_close(db);
}

static void areas_have_names(void **state)
{
	(void)state;
	assert_string_equal(lede_check_area_name(LEDE_CHECK_FILE), "file");
	assert_string_equal(lede_check_area_name(LEDE_CHECK_SEARCH), "search");
	assert_string_equal(lede_check_area_name(LEDE_CHECK_ARTICLE), "article");
	assert_string_equal(lede_check_area_name(LEDE_CHECK_COPY), "copy");
	assert_string_equal(lede_check_area_name(LEDE_CHECK_MEMBER), "member");
	assert_string_equal(lede_check_area_name(LEDE_CHECK_STORY), "story");
}

static void a_deleted_search_row_is_found_and_rebuilt(void **state)
{
	lede_db *db = store_with_pages(4);
	lede_check_report report;
	findings f;

	(void)state;
	damage("INSERT INTO articles_fts(articles_fts, rowid, title, text)"
	       " SELECT 'delete', id, title, text FROM articles WHERE id = 2");
	report = check(db, 0, &f);
	assert_int_equal(report.findings, 1);
	assert_int_equal(f.count[LEDE_CHECK_SEARCH], 1);
	assert_string_equal(f.last, "search: article 2 is not in the search index");
	report = check(db, LEDE_CHECK_REPAIR, &f);
	assert_int_equal(report.repaired, 1);
	assert_string_equal(f.last, "search: article 2 is not in the search index: search index rebuilt");
	report = check(db, 0, &f);
	assert_int_equal(report.findings, 0);
	lede_db_close(db);
}

static void derived_columns_are_recomputed(void **state)
{
	lede_db *db = store_with_pages(4);
	lede_check_report report;
	findings f;

	(void)state;
	damage("UPDATE articles SET content_hash = 1, place_key = 'x', raw_size = 3 WHERE id = 4;"
	       "UPDATE articles SET fingerprint = x'0102' WHERE id = 1");
	report = check(db, LEDE_CHECK_QUICK, &f);
	assert_int_equal(f.count[LEDE_CHECK_ARTICLE], 0); /* --quick leaves them */
	report = check(db, 0, &f);
	assert_int_equal(f.count[LEDE_CHECK_ARTICLE], 2);
	report = check(db, LEDE_CHECK_REPAIR, &f);
	assert_int_equal(report.findings, report.repaired);
	assert_true(report.repaired >= 2);
	report = check(db, 0, &f);
	assert_int_equal(report.findings, 0);
	assert_int_equal(query_int("SELECT raw_size FROM articles WHERE id = 4"), strlen(pages[3]) - 1);
	lede_db_close(db);
}

static void story_counters_and_members_are_repaired(void **state)
{
	lede_db *db = store_with_pages(4);
	lede_check_report report;
	int64_t articles, story;
	findings f;

	(void)state;
	story = query_int("SELECT story_id FROM story_articles WHERE article_id = 1");
	articles = query_int("SELECT articles FROM stories WHERE id = (SELECT story_id FROM story_articles"
			     " WHERE article_id = 1)");
	assert_true(story > 0);
	damage("UPDATE stories SET articles = 50, outlets = 9, last_seen = 1 WHERE id ="
	       " (SELECT story_id FROM story_articles WHERE article_id = 1);"
	       "INSERT INTO story_articles (article_id, story_id) VALUES (777, 1);"
	       "INSERT INTO story_articles (article_id, story_id) VALUES (778, 4242);"
	       "INSERT INTO stories (id, storyline) VALUES (4343, 4343)");
	report = check(db, 0, &f);
	assert_int_equal(f.count[LEDE_CHECK_MEMBER], 2);
	assert_int_equal(f.count[LEDE_CHECK_STORY], 2);
	assert_int_equal(report.repaired, 0);
	report = check(db, LEDE_CHECK_REPAIR, &f);
	assert_int_equal(report.findings, 4);
	assert_int_equal(report.repaired, 4);
	report = check(db, 0, &f);
	assert_int_equal(report.findings, 0);
	assert_int_equal(query_int("SELECT articles FROM stories WHERE id = (SELECT story_id FROM"
				   " story_articles WHERE article_id = 1)"), articles);
	assert_int_equal(query_int("SELECT count(*) FROM story_articles WHERE article_id IN (777, 778)"), 0);
	assert_int_equal(query_int("SELECT count(*) FROM stories WHERE id = 4343"), 0);
	/* The store goes on: a later copy joins the repaired story. */
	assert_int_equal(lede_add_memory(db, "late.jsonl", pages[2], strlen(pages[2]), NULL, NULL), 0);
	report = check(db, 0, &f);
	assert_int_equal(report.findings, 0);
	lede_db_close(db);
}

/*
 * The third page is the first one's text from another place, published
 * earlier: it becomes the canonical of the group and so joins the story of
 * the canonical it replaced.
 */
static void a_new_canonical_joins_the_story_of_its_group(void **state)
{
	lede_db *db = store_with_pages(3);
	lede_check_report report;
	findings f;

	(void)state;
	assert_int_equal(query_int("SELECT duplicate_of FROM articles WHERE id = 1"), 3);
	assert_int_equal(query_int("SELECT story_id FROM story_articles WHERE article_id = 3"),
			 query_int("SELECT story_id FROM story_articles WHERE article_id = 1"));
	report = check(db, 0, &f);
	assert_int_equal(report.findings, 0);
	/* Moved elsewhere by hand, the copy is found and put back. */
	damage("INSERT INTO stories (id, storyline, title, articles, outlets) VALUES (900, 900, 'x', 1, 1);"
	       "UPDATE story_articles SET story_id = 900 WHERE article_id = 1");
	report = check(db, LEDE_CHECK_REPAIR, &f);
	assert_true(f.count[LEDE_CHECK_MEMBER] == 1);
	assert_int_equal(report.findings, report.repaired);
	assert_int_equal(query_int("SELECT story_id FROM story_articles WHERE article_id = 1"),
			 query_int("SELECT story_id FROM story_articles WHERE article_id = 3"));
	report = check(db, 0, &f);
	assert_int_equal(report.findings, 0);
	lede_db_close(db);
}

static void broken_copy_columns_are_set_from_the_copy_index(void **state)
{
	lede_db *db = store_with_pages(4);
	lede_check_report report;
	findings f;

	(void)state;
	damage("UPDATE articles SET duplicate_of = 555 WHERE id = 1;"
	       "UPDATE articles SET relation = 'near' WHERE id = 4;"
	       "UPDATE articles SET duplicate_of = 1, relation = 'exact' WHERE id = 2");
	report = check(db, 0, &f);
	assert_int_equal(f.count[LEDE_CHECK_COPY], 3);
	report = check(db, LEDE_CHECK_REPAIR, &f);
	assert_int_equal(report.findings, report.repaired);
	assert_int_equal(query_int("SELECT duplicate_of FROM articles WHERE id = 1"), 3);
	assert_int_equal(query_int("SELECT relation IS NULL FROM articles WHERE id = 4"), 1);
	assert_int_equal(query_int("SELECT duplicate_of FROM articles WHERE id = 2"), 0);
	report = check(db, 0, &f);
	assert_int_equal(report.findings, 0);
	lede_db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(a_store_as_lede_wrote_it_checks_clean, fresh_store),
		cmocka_unit_test(areas_have_names),
		cmocka_unit_test_setup(a_deleted_search_row_is_found_and_rebuilt, fresh_store),
		cmocka_unit_test_setup(derived_columns_are_recomputed, fresh_store),
		cmocka_unit_test_setup(story_counters_and_members_are_repaired, fresh_store),
		cmocka_unit_test_setup(a_new_canonical_joins_the_story_of_its_group, fresh_store),
		cmocka_unit_test_setup(broken_copy_columns_are_set_from_the_copy_index, fresh_store),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);

	fresh_store(&(void *){NULL});
	return failed;
}
