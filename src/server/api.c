/*
 * api.c: the JSON API (docs/api.md).
 *
 *   GET  /api/stories?limit=&offset=&since=&q=   story list, newest and biggest first (ETag)
 *   GET  /api/stories/{id}                       one story with its digest
 *   GET  /api/articles/{id}                      one article with its text
 *   GET  /api/search?q=&outlet=&lang=&from=&to=  articles and stories matching q
 *   GET  /api/stats                              counts over the store
 *   POST /api/articles                           ingest (needs the server's token)
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <jansson.h>

#include "server.h"

enum { DEFAULT_LIMIT = 50, MAX_LIMIT = 500 };

/* Parses a non-negative decimal, or returns `fallback` when absent; -1 when malformed. */
static long long query_number(const request *req, const char *name, long long fallback)
{
	const char *text = request_query(req, name);
	char *end;
	long long value;

	if (!text || !*text)
		return fallback;
	errno = 0;
	value = strtoll(text, &end, 10);
	if (errno || *end || value < 0)
		return -1;
	return value;
}

/* YYYY-MM-DD (midnight UTC) or unix seconds; 0 when absent; -1 when malformed. */
static long long query_time(const request *req, const char *name)
{
	const char *text = request_query(req, name);
	struct tm tm;
	char *end;

	if (!text || !*text)
		return 0;
	memset(&tm, 0, sizeof(tm));
	end = strptime(text, "%Y-%m-%d", &tm);
	if (end && *end == '\0')
		return (long long)timegm(&tm);
	return query_number(req, name, 0);
}

/* Parses the id that ends `path` after `prefix`; 0 when not a positive number. */
static long long path_id(const char *path, const char *prefix)
{
	const char *digits = path + strlen(prefix);
	char *end;
	long long id;

	if (strncmp(path, prefix, strlen(prefix)) != 0 || !*digits)
		return 0;
	errno = 0;
	id = strtoll(digits, &end, 10);
	if (errno || *end || id <= 0)
		return 0;
	return id;
}

static void stories(response *res, const request *req)
{
	long long limit = query_number(req, "limit", DEFAULT_LIMIT);
	long long offset = query_number(req, "offset", 0);
	long long since = query_time(req, "since");
	lede_story_query query;
	lede_story_iter *iter = NULL;
	lede_story *story = NULL;
	lede_db_stats stats;
	char *body = NULL;
	size_t length = 0, count = 0;
	FILE *out;
	long long skipped = 0;
	int rc;

	if (limit < 0 || offset < 0 || since < 0 || limit > MAX_LIMIT) {
		respond_error(res, 400, "limit (0-500), offset and since must be numbers or dates");
		return;
	}
	if (limit == 0)
		limit = DEFAULT_LIMIT;
	/* The list changes only when articles are added: the store's counts are its version. */
	if (lede_db_stats_get(&stats, req->db) == 0) {
		snprintf(res->etag, sizeof(res->etag), "\"s%llx-%llx-%llx-%llx\"",
			 (unsigned long long)stats.articles, (unsigned long long)stats.stories,
			 (unsigned long long)limit * 1000003u + (unsigned long long)offset,
			 (unsigned long long)since);
		if (req->if_none_match && strcmp(req->if_none_match, res->etag) == 0) {
			res->not_modified = 1;
			return;
		}
	}
	memset(&query, 0, sizeof(query));
	query.since = since;
	/* Any offset is valid (past the end the page is empty); a sum that wraps means no limit. */
	query.limit = (size_t)limit + (size_t)offset;
	if (query.limit < (size_t)offset)
		query.limit = 0;
	out = open_memstream(&body, &length);
	if (!out)
		return;
	fputs("{\"stories\":[", out);
	rc = lede_story_iter_new(&iter, req->db, &query);
	while (rc == 0 && (rc = lede_story_iter_next(&story, iter)) == 0) {
		char *json = NULL;

		if (skipped++ < offset) {
			lede_story_free(story);
			continue;
		}
		if (lede_story_to_json(&json, req->db, story, 0) == 0) {
			fprintf(out, "%s%s", count++ ? "," : "", json);
			lede_free(json);
		}
		lede_story_free(story);
	}
	lede_story_iter_free(iter);
	fprintf(out, "],\"offset\":%lld,\"limit\":%lld", offset, limit);
	if ((long long)count == limit)
		fprintf(out, ",\"next_offset\":%llu", (unsigned long long)offset + (unsigned long long)limit);
	fputs("}", out);
	fclose(out);
	if (rc != LEDE_ITEROVER) {
		free(body);
		respond_error(res, 500, lede_errmsg());
		return;
	}
	respond_stream(res, 200, "application/json", body, length);
}

static void story(response *res, const request *req, long long id)
{
	lede_story *s = NULL;
	char *json = NULL;
	int rc = lede_story_get(&s, req->db, id);

	if (rc == LEDE_ENOTFOUND) {
		respond_error(res, 404, "no such story");
		return;
	}
	if (rc == 0)
		rc = lede_story_to_json(&json, req->db, s, LEDE_JSON_DIGEST);
	lede_story_free(s);
	if (rc) {
		respond_error(res, 500, lede_errmsg());
		return;
	}
	respond_stream(res, 200, "application/json", json, strlen(json));
}

static void article(response *res, const request *req, long long id)
{
	lede_article *a = NULL;
	char *json = NULL;
	int rc = lede_article_get(&a, req->db, id);

	if (rc == LEDE_ENOTFOUND) {
		respond_error(res, 404, "no such article");
		return;
	}
	if (rc == 0)
		rc = lede_article_to_json(&json, a, LEDE_JSON_TEXT);
	lede_article_free(a);
	if (rc) {
		respond_error(res, 500, lede_errmsg());
		return;
	}
	respond_stream(res, 200, "application/json", json, strlen(json));
}

static void stats(response *res, const request *req)
{
	lede_db_stats s;
	char *body = NULL;
	size_t length = 0;
	FILE *out;

	if (lede_db_stats_get(&s, req->db) != 0) {
		respond_error(res, 500, lede_errmsg());
		return;
	}
	out = open_memstream(&body, &length);
	if (!out)
		return;
	fprintf(out,
		"{\"articles\":%llu,\"stories\":%llu,\"outlets\":%llu,\"raw_bytes\":%llu,"
		"\"stored_bytes\":%llu,\"first_published\":%lld,\"last_published\":%lld,"
		"\"schema_version\":%d,\"version\":\"%s\"}",
		(unsigned long long)s.articles, (unsigned long long)s.stories,
		(unsigned long long)s.outlets, (unsigned long long)s.raw_bytes,
		(unsigned long long)s.stored_bytes, (long long)s.first_published,
		(long long)s.last_published, s.schema_version, lede_version());
	fclose(out);
	respond_stream(res, 200, "application/json", body, length);
}

/* Constant-time comparison of the bearer token. */
static int token_matches(const char *header, const char *token)
{
	size_t i, n, m;
	unsigned difference = 0;

	if (!header || strncmp(header, "Bearer ", 7) != 0)
		return 0;
	header += 7;
	n = strlen(header);
	m = strlen(token);
	difference = n != m;
	for (i = 0; i < n && i < m; i++)
		difference |= (unsigned)(header[i] ^ token[i]);
	return difference == 0;
}

typedef struct ingest_report {
	FILE *errors;
	size_t count;
} ingest_report;

static void on_ingest_event(const lede_add_event *event, void *context)
{
	ingest_report *report = context;
	const char *p;

	if (event->kind != LEDE_ADD_REJECTED || report->count >= 20)
		return;
	fprintf(report->errors, "%s\"", report->count++ ? "," : "");
	for (p = event->message ? event->message : ""; *p; p++) {
		if (*p == '"' || *p == '\\')
			fputc('\\', report->errors);
		if ((unsigned char)*p >= 0x20)
			fputc(*p, report->errors);
	}
	fputc('"', report->errors);
}

/* POST /api/articles: one JSON article or JSONL, ingested into the store. */
static void add_articles(response *res, const request *req)
{
	lede_db *db = NULL;
	lede_add_options opts;
	lede_add_stats added;
	ingest_report report;
	char *errors = NULL, *body = NULL;
	size_t errors_length = 0, length = 0;
	FILE *out;
	int rc;

	if (!req->options->token) {
		respond_error(res, 403, "ingest is off: start the server with --token");
		return;
	}
	if (!token_matches(req->authorization, req->options->token)) {
		respond_error(res, 401, "missing or wrong bearer token");
		return;
	}
	if (req->content_type && strncasecmp(req->content_type, "multipart/", 10) == 0) {
		/* A form upload wraps the JSON in parts; the body must be the JSON itself. */
		respond_error(res, 415, "send the JSON as the body, not as a multipart form");
		return;
	}
	if (req->body_length == 0) {
		respond_error(res, 400, "empty body: send one JSON article or JSON Lines");
		return;
	}
	if (lede_db_open(&db, req->options->db_path, 0) != 0) {
		respond_error(res, 503, lede_errmsg());
		return;
	}
	report.errors = open_memstream(&errors, &errors_length);
	report.count = 0;
	lede_add_options_init(&opts);
	opts.format = LEDE_FORMAT_JSONL;
	opts.callback = on_ingest_event;
	opts.context = &report;
	rc = lede_add_memory(db, "api", req->body, req->body_length, &opts, &added);
	lede_db_close(db);
	if (report.errors)
		fclose(report.errors);
	if (rc) {
		free(errors);
		respond_error(res, 500, lede_errmsg());
		return;
	}
	out = open_memstream(&body, &length);
	if (!out) {
		free(errors);
		return;
	}
	fprintf(out, "{\"added\":%llu,\"duplicates\":%llu,\"rejected\":%llu,\"errors\":[%s]}",
		(unsigned long long)added.added, (unsigned long long)added.duplicates,
		(unsigned long long)added.rejected, errors ? errors : "");
	fclose(out);
	free(errors);
	respond_stream(res, added.added || added.duplicates ? 200 : 400, "application/json", body, length);
}

static void search_api(response *res, const request *req);

void api_handle(response *res, const request *req)
{
	long long id;

	if (strcmp(req->path, "/api/articles") == 0) {
		if (strcmp(req->method, "POST") == 0)
			add_articles(res, req);
		else
			respond_error(res, 405, "POST articles here; GET /api/articles/{id}");
		return;
	}
	if (strcmp(req->method, "POST") == 0) {
		respond_error(res, 405, "method not allowed");
		return;
	}
	if (strcmp(req->path, "/api/stories") == 0 || strcmp(req->path, "/api/stories/") == 0)
		stories(res, req);
	else if ((id = path_id(req->path, "/api/stories/")) > 0)
		story(res, req, id);
	else if ((id = path_id(req->path, "/api/articles/")) > 0)
		article(res, req, id);
	else if (strcmp(req->path, "/api/stats") == 0)
		stats(res, req);
	else if (strcmp(req->path, "/api/search") == 0)
		search_api(res, req);
	else if (strncmp(req->path, "/api/stories/", 13) == 0 || strncmp(req->path, "/api/articles/", 14) == 0)
		respond_error(res, 400, "the id must be a positive number");
	else
		respond_error(res, 404, "no such endpoint");
}

/* GET /api/search?q=&outlet=&lang=&from=&to=&limit=&offset= */
static void search_api(response *res, const request *req)
{
	lede_search_query query;
	lede_search_results *results = NULL;
	long long limit = query_number(req, "limit", 20), offset = query_number(req, "offset", 0);
	long long from = query_time(req, "from"), to = query_time(req, "to");
	char *body = NULL;
	size_t length = 0, i;
	FILE *out;
	int rc;

	if (limit < 0 || limit > MAX_LIMIT || offset < 0 || from < 0 || to < 0) {
		respond_error(res, 400, "limit (0-500), offset, from and to must be numbers or dates");
		return;
	}
	memset(&query, 0, sizeof(query));
	query.text = request_query(req, "q");
	query.outlet = request_query(req, "outlet");
	query.lang = request_query(req, "lang");
	query.from = from;
	query.to = to;
	query.limit = (size_t)limit;
	query.offset = (size_t)offset;
	if (!query.text || !*query.text) {
		respond_error(res, 400, "q is required");
		return;
	}
	rc = lede_search(&results, req->db, &query);
	if (rc == LEDE_EINVAL) {
		respond_error(res, 400, lede_errmsg());
		return;
	}
	if (rc) {
		respond_error(res, 500, lede_errmsg());
		return;
	}
	out = open_memstream(&body, &length);
	if (!out) {
		lede_search_free(results);
		return;
	}
	fputs("{\"hits\":[", out);
	for (i = 0; i < lede_search_count(results); i++) {
		lede_search_hit hit;
		json_t *item = json_object(), *parts = json_array();
		const char *p, *start;
		int marked = 0;
		char *text;

		lede_search_get(&hit, results, i);
		json_object_set_new(item, "id", json_integer(hit.article_id));
		json_object_set_new(item, "story", hit.story_id ? json_integer(hit.story_id) : json_null());
		json_object_set_new(item, "title", hit.title ? json_string(hit.title) : json_null());
		json_object_set_new(item, "outlet", hit.outlet ? json_string(hit.outlet) : json_null());
		json_object_set_new(item, "published", hit.published ? json_string(hit.published) : json_null());
		/* The snippet as [[text, matched], ...]: clients highlight without parsing markup. */
		for (p = start = hit.snippet;; p++) {
			if (*p == LEDE_MARK_START[0] || *p == LEDE_MARK_END[0] || *p == '\0') {
				if (p > start) {
					json_t *part = json_array();

					json_array_append_new(part, json_stringn(start, (size_t)(p - start)));
					json_array_append_new(part, json_boolean(marked));
					json_array_append_new(parts, part);
				}
				if (*p == '\0')
					break;
				marked = *p == LEDE_MARK_START[0];
				start = p + 1;
			}
		}
		json_object_set_new(item, "snippet", parts);
		json_object_set_new(item, "score", json_real(hit.score));
		text = json_dumps(item, JSON_COMPACT);
		if (text)
			fprintf(out, "%s%s", i ? "," : "", text);
		free(text);
		json_decref(item);
	}
	fprintf(out, "],\"offset\":%lld,\"limit\":%lld}", offset, limit ? limit : 20);
	fclose(out);
	lede_search_free(results);
	respond_stream(res, 200, "application/json", body, length);
}
