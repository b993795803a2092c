/* Unit tests of the public API (include/lede.h) as an outside program uses it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lede.h"
#include "util/alloc.h"

static char path[256];

static const char page[] =
	"<html><head><title>Dock strike ends | Test Post</title></head><body>"
	"<p>Dock workers returned on Friday after a four-day strike.</p>"
	"<p>The agreement raises night pay by 8 percent.</p></body></html>";

/* The same story text as `page`, run by another outlet. */
static const char reprint[] =
	"<html><head><title>Dock strike ends - Other Gazette</title></head><body>"
	"<p>Dock workers returned on Friday after a four-day strike.</p>"
	"<p>The agreement raises night pay by 8 percent.</p></body></html>";

static int fresh_store(void **state)
{
	char extra[300];

	snprintf(path, sizeof(path), "%s/lede-engine-test-%d.db",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (int)getpid());
	unlink(path);
	snprintf(extra, sizeof(extra), "%s-wal", path);
	unlink(extra);
	snprintf(extra, sizeof(extra), "%s-shm", path);
	unlink(extra);
	*state = NULL;
	return 0;
}

typedef struct recorded {
	int added, duplicates, rejected;
	int64_t last_id;
	char last_message[256];
} recorded;

static void record_event(const lede_add_event *event, void *context)
{
	recorded *r = context;

	if (event->kind == LEDE_ADD_ADDED) {
		r->added++;
		r->last_id = event->article_id;
	} else if (event->kind == LEDE_ADD_DUPLICATE) {
		r->duplicates++;
	} else if (event->kind == LEDE_ADD_REJECTED) {
		r->rejected++;
		snprintf(r->last_message, sizeof(r->last_message), "%s: %s", event->input,
			 event->message);
	}
}

static void add_memory_stores_once_and_reports_after_commit(void **state)
{
	lede_db *db = NULL;
	lede_add_options opts;
	lede_add_stats stats;
	lede_article *article = NULL;
	recorded r;

	(void)state;
	memset(&r, 0, sizeof(r));
	lede_add_options_init(&opts);
	opts.callback = record_event;
	opts.context = &r;
	assert_int_equal(lede_db_open(&db, path, 0), 0);
	assert_int_equal(lede_add_memory(db, "dock.html", page, strlen(page), &opts, &stats), 0);
	assert_int_equal(stats.added, 1);
	assert_int_equal(r.added, 1);
	assert_int_equal(lede_add_memory(db, "dock.html", page, strlen(page), &opts, &stats), 0);
	assert_int_equal(stats.duplicates, 1);
	assert_int_equal(lede_article_get(&article, db, r.last_id), 0);
	assert_string_equal(lede_article_title(article), "Dock strike ends");
	assert_non_null(strstr(lede_article_text(article), "four-day strike.\n\nThe agreement"));
	assert_string_equal(lede_article_source(article), "dock.html");
	assert_int_equal(strlen(lede_article_content_hash(article)), 16);
	lede_article_free(article);
	lede_db_close(db);
}

static void same_text_from_another_place_is_a_copy(void **state)
{
	lede_db *db = NULL;
	lede_add_stats stats;
	lede_article_iter *iter = NULL;
	lede_article *article = NULL;
	int count = 0;

	(void)state;
	assert_int_equal(lede_db_open(&db, path, 0), 0);
	assert_int_equal(lede_add_memory(db, "a/dock.html", page, strlen(page), NULL, &stats), 0);
	assert_int_equal(lede_add_memory(db, "b/reprint.html", reprint, strlen(reprint), NULL, &stats), 0);
	assert_int_equal(stats.added, 1);
	assert_int_equal(lede_article_iter_new(&iter, db), 0);
	while (lede_article_iter_next(&article, iter) == 0) {
		count++;
		lede_article_free(article);
	}
	assert_int_equal(count, 2);
	lede_article_iter_free(iter);
	lede_db_close(db);
}

static void rejected_input_is_named_and_the_call_succeeds(void **state)
{
	lede_db *db = NULL;
	lede_add_options opts;
	lede_add_stats stats;
	recorded r;

	(void)state;
	memset(&r, 0, sizeof(r));
	lede_add_options_init(&opts);
	opts.callback = record_event;
	opts.context = &r;
	assert_int_equal(lede_db_open(&db, path, 0), 0);
	assert_int_equal(lede_add_memory(db, "zeros.bin", "\0\0\0\0", 4, &opts, &stats), 0);
	assert_int_equal(stats.rejected, 1);
	assert_string_equal(r.last_message, "zeros.bin: binary data, not a page");
	lede_db_close(db);
}

static void readonly_store_refuses_writes(void **state)
{
	lede_db *db = NULL;
	lede_add_stats stats;

	(void)state;
	assert_int_equal(lede_db_open(&db, path, 0), 0);
	lede_db_close(db);
	assert_int_equal(lede_db_open(&db, path, LEDE_OPEN_READONLY), 0);
	assert_int_equal(lede_add_memory(db, "x.html", page, strlen(page), NULL, &stats), LEDE_EINVAL);
	lede_db_close(db);
}

static void frees_accept_null(void **state)
{
	(void)state;
	lede_db_close(NULL);
	lede_article_free(NULL);
	lede_article_iter_free(NULL);
	lede_story_free(NULL);
	lede_story_iter_free(NULL);
	lede_free(NULL);
}

/* Every allocation of an extraction fails in turn: each run fails cleanly or succeeds. */
static void extract_survives_every_allocation_failure(void **state)
{
	lede_article *article = NULL;
	long n;
	int rc = -1;

	(void)state;
	for (n = 0; n < 100000 && rc != 0; n++) {
		lede__alloc_fail_after(n);
		rc = lede_extract(&article, "dock.html", page, strlen(page), LEDE_FORMAT_AUTO);
		lede__alloc_fail_after(-1);
		if (rc != 0) {
			assert_int_equal(rc, LEDE_ENOMEM);
			assert_null(article);
		}
	}
	assert_int_equal(rc, 0);
	assert_true(n > 3);
	lede_article_free(article);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(add_memory_stores_once_and_reports_after_commit, fresh_store),
		cmocka_unit_test_setup(same_text_from_another_place_is_a_copy, fresh_store),
		cmocka_unit_test_setup(rejected_input_is_named_and_the_call_succeeds, fresh_store),
		cmocka_unit_test_setup(readonly_store_refuses_writes, fresh_store),
		cmocka_unit_test(frees_accept_null),
		cmocka_unit_test(extract_survives_every_allocation_failure),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);

	fresh_store(&(void *){NULL});
	return failed;
}
