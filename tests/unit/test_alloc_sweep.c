/*
 * The allocation-failure sweep: a representative run through the public API
 * (a store opened, pages of every format added, stories and a digest read
 * as JSON, an article and its raw page, search, quotes, copies, reprocessing,
 * a page extracted and feeds summarized without a store, a check) is
 * first counted, then repeated with allocation N failing, for N across the
 * run, in two modes: every allocation from the Nth on fails
 * (lede__alloc_fail_after), and only the Nth fails (lede__alloc_fail_nth, so
 * that code that goes on after a failure runs too).  Each time:
 *
 *  - the call that meets the failure returns LEDE_ENOMEM (nothing else, no
 *    crash), or 0 with the very result of the counted run (a failure it
 *    absorbed), and every call before it returned what the counted run did;
 *  - with allocation working again, the rest of the run goes on on the same
 *    handle, the store reopens and lede_check finds nothing wrong (the file,
 *    the search index, copies, stories);
 *  - every block allocated through lede__malloc was freed (the counters of
 *    src/util/alloc.c; LeakSanitizer sees the rest under SANITIZE=1).
 *
 * LEDE_SWEEP_STRIDE=K tries every Kth allocation (1: all of them; default:
 * about 100 points per mode spread over the run, so that `make check` stays
 * short); LEDE_SWEEP_FROM / LEDE_SWEEP_TO bound N; LEDE_SWEEP_MODE=after or
 * once runs one mode only; LEDE_SWEEP_VERBOSE=1 names each absorbed failure.  bench/alloc-sweep runs the full
 * sweep under the sanitizers.  SQLite's and libxml2's own allocations do not
 * go through lede__malloc and are not failed here.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lede.h"
#include "util/alloc.h"
#include "util/hash.h"

enum { STEPS_MAX = 32, DEFAULT_POINTS = 100, MAX_REPORTED = 25 };

static char dir[256];
static char store_path[300];
static char warc_path[300];

static const char *const html_and_text[] = {
	"tests/fixtures/pages/quay-crane.html",
	"tests/fixtures/pages/ferry-strike.txt",
};
static const char *const jsonl[] = {"tests/fixtures/pages/wire.jsonl"};
static const char *const warc[] = {warc_path};
static const char *const feeds[] = {"tests/fixtures/feeds/harbour.rss", "tests/fixtures/feeds/courier.atom"};

/* The first page's text from another place: a copy that joins its story. */
static const char reprint[] =
	"{\"id\": \"wire-copy\", \"outlet\": \"Aldmoor Echo\", \"title\": \"Library reopens\","
	" \"published\": \"2025-06-07T11:00:00Z\", \"text\": \"The central library in Aldmoor reopened on"
	" Saturday after nine months of flood repairs.\\n\\nStaff moved 40,000 books back onto the"
	" shelves during the last week.\"}\n";

/* What one run did: each step's return code and a hash of what it produced. */
typedef struct run_record {
	int count;
	const char *name[STEPS_MAX];
	int rc[STEPS_MAX];
	uint64_t output[STEPS_MAX];
	int failed_at;          /* the step that met the injected failure, -1 when none */
	int injecting;          /* failures are being injected */
	unsigned long long failures_before; /* lede__alloc_counters.failed when the step began */
	char problem[512];      /* what went wrong; "" when nothing */
} run_record;

static unsigned long long failures_now(void)
{
	lede__alloc_counters counters;

	lede__alloc_counters_get(&counters);
	return counters.failed;
}

static void problem(run_record *r, const char *format, ...) __attribute__((format(printf, 2, 3)));

static void problem(run_record *r, const char *format, ...)
{
	va_list args;

	if (r->problem[0])
		return;
	va_start(args, format);
	vsnprintf(r->problem, sizeof(r->problem), format, args);
	va_end(args);
}

/*
 * Records step `name`'s result.  The first call that meets an injected
 * failure must return LEDE_ENOMEM; injection then stops and the run goes on.
 * A call that met a failure but returned 0 must have produced what the
 * counted run did (`expected`), or a failure was swallowed.
 */
static void step(run_record *r, const run_record *expected, const char *name, int rc, uint64_t output)
{
	int i = r->count++;
	unsigned long long failed = failures_now();

	assert_true(i < STEPS_MAX);
	r->name[i] = name;
	r->rc[i] = rc;
	r->output[i] = output;
	if (!r->injecting) {
		r->failures_before = failed;
		return;
	}
	if (failed != r->failures_before) {
		r->failed_at = i;
		r->injecting = 0;
		lede__alloc_fail_after(-1);
		if (rc != LEDE_ENOMEM && !(rc == 0 && expected && output == expected->output[i]))
			problem(r, "%s returned %d (%s) after an allocation failed, not LEDE_ENOMEM", name, rc,
				lede_errmsg());
	} else if (expected && (rc != expected->rc[i] || output != expected->output[i])) {
		problem(r, "%s returned %d (output %016llx), the counted run %d (%016llx), with no failure",
			name, rc, (unsigned long long)output, expected->rc[i],
			(unsigned long long)expected->output[i]);
	}
	r->failures_before = failures_now();
}

static uint64_t hash_string(const char *s)
{
	return s ? lede__hash64(s, strlen(s)) : 0;
}

static uint64_t mix(uint64_t h, uint64_t value)
{
	return lede__hash64(&value, sizeof(value)) ^ (h * 0x9e3779b97f4a7c15ull);
}

static uint64_t add_stats_hash(const lede_add_stats *stats)
{
	uint64_t h = 0;

	h = mix(h, stats->added);
	h = mix(h, stats->duplicates);
	h = mix(h, stats->rejected);
	h = mix(h, stats->warnings);
	return mix(h, stats->skipped);
}

static void add_paths(run_record *r, const run_record *expected, lede_db *db, const char *name,
		      const char *const *paths, size_t count)
{
	lede_add_stats stats;
	int rc = lede_add_paths(db, paths, count, NULL, &stats);

	step(r, expected, name, rc, rc ? 0 : add_stats_hash(&stats));
}

/*
 * The hash of JSON text with every ISO 8601 time of the last two days left
 * out: an undated article's timeline entry is the time it was added, which
 * differs between runs.
 */
static uint64_t hash_json(const char *json)
{
	time_t now = time(NULL);
	char today[16], yesterday[16];
	struct tm tm;
	uint64_t h = 0;
	const char *p = json, *start = json;

	gmtime_r(&now, &tm);
	strftime(today, sizeof(today), "\"%Y-%m-%dT", &tm);
	now -= 86400;
	gmtime_r(&now, &tm);
	strftime(yesterday, sizeof(yesterday), "\"%Y-%m-%dT", &tm);
	while ((p = strstr(p, "\"20")) != NULL) {
		if (strncmp(p, today, strlen(today)) == 0 || strncmp(p, yesterday, strlen(yesterday)) == 0) {
			h = mix(h, lede__hash64(start, (size_t)(p - start)));
			p += strlen(today);
			while (*p && *p != '"')
				p++;
			start = p;
		} else {
			p++;
		}
	}
	return mix(h, hash_string(start));
}

/* Every story as JSON with its digest: the hash of all the text. */
static int stories_json(uint64_t *out, lede_db *db)
{
	lede_story_iter *iter = NULL;
	lede_story *story = NULL;
	int rc;

	*out = 0;
	if ((rc = lede_story_iter_new(&iter, db, NULL)) != 0)
		return rc;
	while ((rc = lede_story_iter_next(&story, iter)) == 0) {
		char *json = NULL;

		rc = lede_story_to_json(&json, db, story, LEDE_JSON_DIGEST);
		if (rc == 0)
			*out = mix(*out, hash_json(json));
		lede_free(json);
		lede_story_free(story);
		if (rc)
			break;
	}
	lede_story_iter_free(iter);
	return rc == LEDE_ITEROVER ? 0 : rc;
}

static int article_json_and_raw(uint64_t *out, lede_db *db, int64_t id)
{
	lede_article *article = NULL;
	char *json = NULL;
	void *raw = NULL;
	size_t raw_size = 0;
	int rc;

	*out = 0;
	if ((rc = lede_article_get(&article, db, id)) != 0)
		return rc;
	rc = lede_article_to_json(&json, article, LEDE_JSON_TEXT);
	if (rc == 0)
		rc = lede_article_raw(&raw, &raw_size, db, article);
	if (rc == 0)
		*out = mix(hash_string(json), raw_size);
	lede_free(json);
	lede_free(raw);
	lede_article_free(article);
	return rc;
}

static int search(uint64_t *out, lede_db *db, const char *words)
{
	lede_search_results *results = NULL;
	lede_search_query query;
	lede_search_hit hit;
	size_t i;
	int rc;

	*out = 0;
	memset(&query, 0, sizeof(query));
	query.text = words;
	if ((rc = lede_search(&results, db, &query)) != 0)
		return rc;
	for (i = 0; i < lede_search_count(results); i++)
		if (lede_search_get(&hit, results, i) == 0)
			*out = mix(mix(*out, (uint64_t)hit.article_id), hash_string(hit.snippet));
	lede_search_free(results);
	return 0;
}

static int quotes(uint64_t *out, lede_db *db)
{
	lede_article_iter *iter = NULL;
	lede_article *article = NULL;
	int rc;

	*out = 0;
	if ((rc = lede_article_iter_new(&iter, db)) != 0)
		return rc;
	while ((rc = lede_article_iter_next(&article, iter)) == 0) {
		lede_quotes *found = NULL;
		lede_quote_info info;
		size_t i;

		rc = lede_quotes_find(&found, lede_article_text(article), strlen(lede_article_text(article)));
		for (i = 0; rc == 0 && i < lede_quotes_count(found); i++)
			if (lede_quotes_get(&info, found, i) == 0)
				*out = mix(mix(*out, hash_string(info.text)), hash_string(info.name));
		lede_quotes_free(found);
		lede_article_free(article);
		if (rc)
			break;
	}
	lede_article_iter_free(iter);
	return rc == LEDE_ITEROVER ? 0 : rc;
}

static char quay_page[16384];
static size_t quay_page_len;

/* A page extracted without a store. */
static int extract(uint64_t *out)
{
	lede_article *article = NULL;
	int rc = lede_extract(&article, "quay-crane.html", quay_page, quay_page_len, LEDE_FORMAT_AUTO);

	*out = rc ? 0 : mix(hash_string(lede_article_title(article)), hash_string(lede_article_text(article)));
	lede_article_free(article);
	return rc;
}

/* The feeds read without a store and summarized as one story. */
static int summarize(uint64_t *out)
{
	char *json = NULL;
	int rc = lede_summarize_paths(&json, feeds, 2, NULL, 60);

	*out = rc ? 0 : hash_json(json);
	lede_free(json);
	return rc;
}

static int count_group(int64_t canonical, const int64_t *members, const char *const *relations,
		       size_t count, void *context)
{
	uint64_t *h = context;
	size_t i;

	*h = mix(*h, (uint64_t)canonical);
	for (i = 0; i < count; i++)
		*h = mix(mix(*h, (uint64_t)members[i]), hash_string(relations[i]));
	return 0;
}

static void count_finding(const lede_check_finding *finding, void *context)
{
	run_record *r = context;

	problem(r, "lede_check found: %s: %s", lede_check_area_name(finding->area), finding->message);
}

static uint64_t check_hash(const lede_check_report *report)
{
	return mix(mix(mix(0, report->articles), report->stories), report->findings);
}

/* The workload; `expected` is the counted run (NULL while counting). */
static void workload(run_record *r, const run_record *expected)
{
	lede_db *db = NULL;
	lede_check_report report;
	lede_add_stats stats;
	uint64_t output = 0;
	int rc;

	rc = lede_db_open(&db, store_path, 0);
	step(r, expected, "lede_db_open", rc, 0);
	if (rc) {
		assert_null(db);
		return;
	}
	add_paths(r, expected, db, "lede_add_paths (HTML, text)", html_and_text, 2);
	add_paths(r, expected, db, "lede_add_paths (JSONL)", jsonl, 1);
	add_paths(r, expected, db, "lede_add_paths (WARC)", warc, 1);
	add_paths(r, expected, db, "lede_add_paths (feeds)", feeds, 2);
	rc = lede_add_memory(db, "reprint.jsonl", reprint, strlen(reprint), NULL, &stats);
	step(r, expected, "lede_add_memory (a copy)", rc, rc ? 0 : add_stats_hash(&stats));
	rc = lede_reprocess(db, &output);
	step(r, expected, "lede_reprocess", rc, output);
	rc = stories_json(&output, db);
	step(r, expected, "stories with digests as JSON", rc, output);
	rc = article_json_and_raw(&output, db, 1);
	step(r, expected, "an article as JSON and its raw page", rc, output);
	rc = search(&output, db, "ferry strike");
	step(r, expected, "lede_search", rc, output);
	rc = quotes(&output, db);
	step(r, expected, "lede_quotes_find over every article", rc, output);
	output = 0;
	rc = lede_copy_groups(db, count_group, &output);
	step(r, expected, "lede_copy_groups", rc, output);
	rc = extract(&output);
	step(r, expected, "lede_extract", rc, output);
	rc = summarize(&output);
	step(r, expected, "lede_summarize_paths", rc, output);
	rc = lede_check(&report, db, 0, NULL, NULL);
	step(r, expected, "lede_check", rc, rc ? 0 : check_hash(&report));
	rc = lede_check(&report, db, LEDE_CHECK_REPAIR, NULL, NULL);
	step(r, expected, "lede_check --repair", rc, rc ? 0 : check_hash(&report));
	lede_db_close(db);
}

static void remove_store(void)
{
	char extra[400];

	unlink(store_path);
	snprintf(extra, sizeof(extra), "%s-wal", store_path);
	unlink(extra);
	snprintf(extra, sizeof(extra), "%s-shm", store_path);
	unlink(extra);
}

/* After the failed run: the store opens for writing and checks clean. */
static void verify_store(run_record *r)
{
	lede_db *db = NULL;
	lede_check_report report;
	int rc = lede_db_open(&db, store_path, 0);

	if (rc) {
		problem(r, "the store does not open after the failure: %s", lede_errmsg());
		return;
	}
	if ((rc = lede_check(&report, db, 0, count_finding, r)) != 0)
		problem(r, "lede_check failed after the failure: %s", lede_errmsg());
	lede_db_close(db);
}

/* A tiny WARC written for the run: warcinfo, then one HTML response. */
static void write_warc(void)
{
	FILE *in = fopen("tests/fixtures/warc/night-bus.html", "rb");
	FILE *out;
	char body[8192], block[9000];
	size_t len, block_len;

	assert_non_null(in);
	len = fread(body, 1, sizeof(body), in);
	fclose(in);
	block_len = (size_t)snprintf(block, sizeof(block),
				     "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n%.*s",
				     (int)len, body);
	assert_true(block_len < sizeof(block));
	out = fopen(warc_path, "wb");
	assert_non_null(out);
	fprintf(out, "WARC/1.1\r\nWARC-Type: warcinfo\r\nWARC-Date: 2025-05-06T08:30:00Z\r\n"
		     "Content-Type: application/warc-fields\r\nContent-Length: 21\r\n\r\n"
		     "software: lede tests\n\r\n\r\n");
	fprintf(out, "WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: https://metro.example/night-bus\r\n"
		     "WARC-Date: 2025-05-06T08:30:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
		     "Content-Length: %zu\r\n\r\n", block_len);
	fwrite(block, 1, block_len, out);
	fputs("\r\n\r\n", out);
	fclose(out);
}

static long env_long(const char *name, long fallback)
{
	const char *value = getenv(name);
	char *end;
	long n;

	if (!value || !*value)
		return fallback;
	n = strtol(value, &end, 10);
	return *end || n < 0 ? fallback : n;
}

/* The counted run: every step's result, and how many allocations the run makes. */
static long count_run(run_record *counted)
{
	lede__alloc_counters before, after;
	int i;

	/* Twice: the first run warms up what lede keeps per process. */
	memset(counted, 0, sizeof(*counted));
	counted->failed_at = -1;
	remove_store();
	workload(counted, NULL);
	memset(counted, 0, sizeof(*counted));
	counted->failed_at = -1;
	remove_store();
	lede__alloc_counters_get(&before);
	workload(counted, NULL);
	lede__alloc_counters_get(&after);
	for (i = 0; i < counted->count; i++)
		if (counted->rc[i] != 0)
			fail_msg("the counted run's %s returned %d: %s", counted->name[i], counted->rc[i],
				 lede_errmsg());
	assert_int_equal(after.live, before.live);
	return (long)(after.allocations - before.allocations);
}

/* Fails allocation N for N in [from, to) by `stride`; returns the problems found. */
static long sweep(const run_record *counted, long total, int once, long stride, long from, long to)
{
	run_record r;
	long n, points = 0, reported = 0, absorbed = 0;
	int steps_failed[STEPS_MAX] = {0}, steps_absorbed[STEPS_MAX] = {0};
	int i;

	for (n = from; n < to; n += stride) {
		lede__alloc_counters now;
		long long live_before;

		remove_store();
		memset(&r, 0, sizeof(r));
		r.failed_at = -1;
		lede__alloc_counters_get(&now);
		live_before = now.live;
		r.failures_before = now.failed;
		r.injecting = 1;
		if (once)
			lede__alloc_fail_nth(n);
		else
			lede__alloc_fail_after(n);
		workload(&r, counted);
		lede__alloc_fail_after(-1);
		if (r.failed_at < 0)
			problem(&r, "no call met the failure of allocation %ld of %ld", n, total);
		else
			steps_failed[r.failed_at]++;
		if (r.failed_at >= 0 && r.rc[r.failed_at] == 0 && !r.problem[0]) {
			absorbed++;
			steps_absorbed[r.failed_at]++;
			if (getenv("LEDE_SWEEP_VERBOSE"))
				print_message("alloc-sweep: allocation %ld absorbed by %s\n", n, r.name[r.failed_at]);
		}
		verify_store(&r);
		lede__alloc_counters_get(&now);
		if (now.live != live_before)
			problem(&r, "%lld blocks leaked", now.live - live_before);
		points++;
		if (r.problem[0] && reported++ < env_long("LEDE_SWEEP_REPORT", MAX_REPORTED))
			print_error("allocation %ld (%s, in %s): %s\n", n, once ? "only it fails" : "and all after fail",
				    r.failed_at >= 0 ? r.name[r.failed_at] : "none", r.problem);
	}
	print_message("alloc-sweep: %s: %ld allocations in the run, %ld failure points exercised"
		      " (stride %ld), %ld problems, %ld failures absorbed with the counted result\n",
		      once ? "only allocation N fails" : "allocations N and after fail", total, points, stride,
		      reported, absorbed);
	print_message("alloc-sweep:   met  absorbed  step\n");
	for (i = 0; i < counted->count; i++)
		print_message("alloc-sweep:   %5d  %5d     %s\n", steps_failed[i], steps_absorbed[i],
			      counted->name[i]);
	assert_true(points > 0);
	return reported;
}

static void every_allocation_failure_is_clean(void **state)
{
	run_record counted;
	long total = count_run(&counted), stride, from, to, problems = 0;
	const char *mode = getenv("LEDE_SWEEP_MODE");

	(void)state;
	stride = env_long("LEDE_SWEEP_STRIDE", total / DEFAULT_POINTS + 1);
	if (stride < 1)
		stride = 1;
	from = env_long("LEDE_SWEEP_FROM", 0);
	to = env_long("LEDE_SWEEP_TO", total);
	if (to > total)
		to = total;
	if (!mode || strcmp(mode, "once") != 0)
		problems += sweep(&counted, total, 0, stride, from, to);
	if (!mode || strcmp(mode, "after") != 0)
		problems += sweep(&counted, total, 1, stride, from, to);
	remove_store();
	assert_int_equal(problems, 0);
}

static int setup(void **state)
{
	const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";

	*state = NULL;
	snprintf(dir, sizeof(dir), "%s/lede-sweep-XXXXXX", tmp);
	if (!mkdtemp(dir))
		return -1;
	snprintf(store_path, sizeof(store_path), "%s/sweep.db", dir);
	snprintf(warc_path, sizeof(warc_path), "%s/night-bus.warc", dir);
	write_warc();
	{
		FILE *in = fopen("tests/fixtures/pages/quay-crane.html", "rb");

		if (!in)
			return -1;
		quay_page_len = fread(quay_page, 1, sizeof(quay_page), in);
		fclose(in);
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	remove_store();
	unlink(warc_path);
	rmdir(dir);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_allocation_failure_is_clean),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
