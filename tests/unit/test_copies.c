/* Unit tests of the copy index window (src/engine/copies.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/engine.h"
#include "lede.h"

/* Six unrelated reports; `twist` replaces one word to make an edited copy. */
static const char *const texts[] = {
	"The old harbour crane was lifted onto a barge on Monday and towed to the museum quay, "
	"where restorers will strip %s paint before winter sets in over the bay.",
	"Orchard growers in the northern valley picked a record apple crop this autumn, and "
	"cooperatives say %s cold stores are full for the first time in a decade.",
	"The county library will stay open until midnight during exam weeks, after students "
	"collected four thousand signatures and %s council found money for extra staff.",
	"Tram line four closes for three weeks of track repairs from Saturday, and replacement "
	"buses will run every ten minutes along %s ring road until the work is done.",
	"A small brewery on Mill Street won the national cask award with a dark ale brewed from "
	"local barley, beating %s large breweries that usually take the prize.",
	"Storm damage to the lighthouse on the outer skerry will cost more than expected, the "
	"coastal agency said, because %s stone tower needs a new foundation.",
};

/* A JSONL record of report `s`. */
static int record(char *out, size_t size, const char *id, size_t s, const char *twist)
{
	char text[512];

	snprintf(text, sizeof(text), texts[s], twist);
	return snprintf(out, size, "{\"id\": \"%s\", \"title\": \"Report %zu\", \"text\": \"%s\"}\n",
			id, s, text);
}

static int64_t add_one(lede_db *db, const char *line)
{
	lede_add_stats stats;
	lede_article *article = NULL;
	lede_article_iter *iter = NULL;
	int64_t duplicate_of = -1;

	if (lede_add_memory(db, "batch.jsonl", line, strlen(line), NULL, &stats) != 0)
		fail_msg("%s", lede_errmsg());
	assert_int_equal(stats.added, 1);
	assert_int_equal(lede_article_iter_new(&iter, db), 0);
	while (lede_article_iter_next(&article, iter) == 0) {
		duplicate_of = lede_article_duplicate_of(article);
		lede_article_free(article);
	}
	lede_article_iter_free(iter);
	return duplicate_of;
}

/* A fresh store at `path` whose copy index holds a window of three articles. */
static lede_db *open_small_window(char *path, size_t size)
{
	lede_db *db = NULL;

	snprintf(path, size, "%s/lede-copies-test-%d.db", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
		 (int)getpid());
	unlink(path);
	lede__copies_set_window(3);
	assert_int_equal(lede_db_open(&db, path, 0), 0);
	return db;
}

/* A near copy is found among the window's articles, not among older ones. */
static void near_copies_are_found_within_the_window(void **state)
{
	char path[256], line[1024], id[32];
	lede_db *db;
	size_t s;

	(void)state;
	db = open_small_window(path, sizeof(path));
	for (s = 0; s < 6; s++) {
		snprintf(id, sizeof(id), "original-%zu", s);
		record(line, sizeof(line), id, s, "the");
		assert_int_equal(add_one(db, line), 0);
	}
	/* Subject 5 is in the window: its edited copy names it. */
	record(line, sizeof(line), "copy-of-5", 5, "its");
	assert_true(add_one(db, line) > 0);
	/* Subject 0 left the window when the index was rebuilt: no copy is found. */
	record(line, sizeof(line), "copy-of-0", 0, "its");
	assert_int_equal(add_one(db, line), 0);
	lede_db_close(db);
	lede__copies_set_window(0);
	unlink(path);
}

/*
 * A group whose canonical is older than the window: a new copy is recorded
 * against that canonical, not against the member of the group the window
 * still holds (which is itself a copy: a copy of a copy).
 */
static void a_new_copy_names_the_canonical_the_window_lost(void **state)
{
	char path[256], line[1024], id[32];
	lede_db *db;
	lede_check_report report;
	size_t s;

	(void)state;
	db = open_small_window(path, sizeof(path));
	record(line, sizeof(line), "original-0", 0, "the");
	assert_int_equal(add_one(db, line), 0);
	record(line, sizeof(line), "copy-of-0", 0, "its");
	assert_int_equal(add_one(db, line), 1);
	/* Two more reports: the next add rebuilds the index from the newest three, without article 1. */
	for (s = 1; s < 3; s++) {
		snprintf(id, sizeof(id), "original-%zu", s);
		record(line, sizeof(line), id, s, "the");
		assert_int_equal(add_one(db, line), 0);
	}
	record(line, sizeof(line), "another-copy-of-0", 0, "their");
	assert_int_equal(add_one(db, line), 1);
	memset(&report, 0, sizeof(report));
	assert_int_equal(lede_check(&report, db, LEDE_CHECK_QUICK, NULL, NULL), 0);
	assert_int_equal(report.findings, 0);
	lede_db_close(db);
	lede__copies_set_window(0);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(near_copies_are_found_within_the_window),
		cmocka_unit_test(a_new_copy_names_the_canonical_the_window_lost),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
