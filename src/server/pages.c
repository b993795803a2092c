/*
 * pages.c: the web page, rendered on the server so that it works with
 * JavaScript off: `/` (stories), `/stories/{id}` (one story and its digest),
 * `/search?q=`.  Every value from the store is escaped (html.h): article text
 * is hostile input.
 */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "html.h"
#include "server.h"

enum { STORIES_PER_PAGE = 40, SPARK_DAYS = 30 };

static const char *string_of(json_t *object, const char *key)
{
	return json_string_value(json_object_get(object, key));
}

static time_t day_of(const char *iso)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (!iso || !strptime(iso, "%Y-%m-%d", &tm))
		return 0;
	return timegm(&tm) / 86400;
}

/* Articles per day over the story's last SPARK_DAYS days of coverage. */
static void story_sparkline(FILE *out, json_t *articles)
{
	unsigned values[SPARK_DAYS];
	time_t last = 0, day;
	size_t i;
	json_t *item;

	memset(values, 0, sizeof(values));
	json_array_foreach(articles, i, item) {
		day = day_of(string_of(item, "published"));
		if (day > last)
			last = day;
	}
	if (!last)
		return;
	json_array_foreach(articles, i, item) {
		day = day_of(string_of(item, "published"));
		if (day && last - day < SPARK_DAYS)
			values[SPARK_DAYS - 1 - (last - day)]++;
	}
	html_sparkline(out, values, SPARK_DAYS, "articles per day, last 30 days of coverage");
}

static void story_card(FILE *out, json_t *story)
{
	json_t *articles = json_object_get(story, "articles"), *item;
	size_t i, shown = 0, count = json_array_size(articles);
	long long outlets = json_integer_value(json_object_get(story, "outlets"));

	fprintf(out, "<li class=\"story\"><a class=\"title\" href=\"/stories/%lld\">",
		(long long)json_integer_value(json_object_get(story, "id")));
	html_text(out, string_of(story, "title") ? string_of(story, "title") : "(untitled)");
	fprintf(out, "</a><div class=\"meta\"><span class=\"count\">%lld outlet%s</span> \xc2\xb7 %zu article%s \xc2\xb7 ",
		outlets, outlets == 1 ? "" : "s", count, count == 1 ? "" : "s");
	html_day(out, string_of(story, "last_seen"));
	fputs("</div>", out);
	story_sparkline(out, articles);
	fputs("<div class=\"outlets\">", out);
	json_array_foreach(articles, i, item) {
		const char *outlet = string_of(item, "outlet");

		if (!outlet || shown >= 5)
			continue;
		fputs("<span class=\"chip\">", out);
		html_text(out, outlet);
		fputs("</span>", out);
		shown++;
	}
	fputs("</div></li>", out);
}

static long long query_offset(const request *req)
{
	const char *text = request_query(req, "offset");
	char *end;
	long long value;

	if (!text)
		return 0;
	errno = 0;
	value = strtoll(text, &end, 10);
	return errno || *end || value < 0 ? 0 : value;
}

static void story_list(response *res, const request *req)
{
	lede_story_query query;
	lede_story_iter *iter = NULL;
	lede_story *story = NULL;
	char *body = NULL;
	size_t length = 0, count = 0;
	long long offset = query_offset(req), seen = 0;
	FILE *out = open_memstream(&body, &length);
	int rc;

	if (!out)
		return;
	memset(&query, 0, sizeof(query));
	query.limit = (size_t)offset + STORIES_PER_PAGE;
	html_begin(out, "Stories", NULL);
	fputs("<h1>Stories</h1><p class=\"hint\" id=\"live\" data-etag=\"\">Newest and biggest first.</p>"
	      "<ol class=\"stories\">", out);
	rc = lede_story_iter_new(&iter, req->db, &query);
	while (rc == 0 && (rc = lede_story_iter_next(&story, iter)) == 0) {
		char *json = NULL;

		if (seen++ >= offset && lede_story_to_json(&json, req->db, story, 0) == 0) {
			json_t *parsed = json_loads(json, 0, NULL);

			if (parsed)
				story_card(out, parsed);
			json_decref(parsed);
			lede_free(json);
			count++;
		}
		lede_story_free(story);
	}
	lede_story_iter_free(iter);
	fputs("</ol>", out);
	if (count == 0)
		fputs("<p class=\"empty\">No stories yet. Add pages with <code>lede add</code>.</p>", out);
	if (count == STORIES_PER_PAGE)
		fprintf(out, "<p class=\"more\"><a href=\"/?offset=%lld\">Older stories</a></p>", offset + count);
	html_end(out);
	fclose(out);
	respond_stream(res, 200, "text/html; charset=utf-8", body, length);
}

/* One "N outlets" chip that opens (no script: <details>) on the sources. */
static void sources_chip(FILE *out, json_t *sources)
{
	size_t i, count = json_array_size(sources);
	json_t *source;

	if (!count)
		return;
	fprintf(out, "<details class=\"sources\"><summary>%zu source%s</summary><ul>", count,
		count == 1 ? "" : "s");
	json_array_foreach(sources, i, source) {
		const char *outlet = string_of(source, "outlet");
		const char *sentence = string_of(source, "sentence");

		fprintf(out, "<li><a href=\"#article-%lld\">",
			(long long)json_integer_value(json_object_get(source, "article")));
		html_text(out, outlet ? outlet : "unknown outlet");
		fputs("</a>", out);
		if (sentence) {
			fputs("<blockquote>", out);
			html_text(out, sentence);
			fputs("</blockquote>", out);
		}
		fputs("</li>", out);
	}
	fputs("</ul></details>", out);
}

static void summary_section(FILE *out, json_t *summary)
{
	size_t i;
	json_t *item;

	fputs("<section class=\"summary\"><h2>What happened</h2>", out);
	if (!json_array_size(summary))
		fputs("<p class=\"empty\">No summary yet.</p>", out);
	json_array_foreach(summary, i, item) {
		fputs("<p class=\"sentence\">", out);
		html_text(out, string_of(item, "text"));
		sources_chip(out, json_object_get(item, "sources"));
		fputs("</p>", out);
	}
	fputs("</section>", out);
}

static void quotes_section(FILE *out, json_t *quotes)
{
	size_t i;
	json_t *item;

	if (!json_array_size(quotes))
		return;
	fputs("<section class=\"quotes\"><h2>Who said what</h2>", out);
	json_array_foreach(quotes, i, item) {
		fputs("<figure class=\"quote\"><blockquote>", out);
		html_text(out, string_of(item, "text"));
		fputs("</blockquote><figcaption>", out);
		html_text(out, string_of(item, "speaker") ? string_of(item, "speaker") : "Unattributed");
		if (string_of(item, "via")) {
			fputs(", via ", out);
			html_text(out, string_of(item, "via"));
		}
		sources_chip(out, json_object_get(item, "sources"));
		fputs("</figcaption></figure>", out);
	}
	fputs("</section>", out);
}

static void entities_section(FILE *out, json_t *entities)
{
	static const char *const types[] = {"person", "organization", "place"};
	static const char *const headings[] = {"People", "Organizations", "Places"};
	size_t t, i;
	json_t *item;

	if (!json_array_size(entities))
		return;
	fputs("<section class=\"entities\"><h2>Who and where</h2>", out);
	for (t = 0; t < 3; t++) {
		int any = 0;

		json_array_foreach(entities, i, item) {
			const char *type = string_of(item, "type");

			if (!type || strcmp(type, types[t]) != 0)
				continue;
			if (!any)
				fprintf(out, "<h3>%s</h3><p>", headings[t]);
			any = 1;
			fputs("<span class=\"chip\">", out);
			html_text(out, string_of(item, "name"));
			fprintf(out, " <small>%lld</small></span>",
				(long long)json_integer_value(json_object_get(item, "mentions")));
		}
		if (any)
			fputs("</p>", out);
	}
	fputs("</section>", out);
}

static void claims_section(FILE *out, json_t *claims)
{
	size_t i, k;
	json_t *item, *variant;

	if (!json_array_size(claims))
		return;
	fputs("<section class=\"claims\"><h2>Facts</h2><ul>", out);
	json_array_foreach(claims, i, item) {
		json_t *variants = json_object_get(item, "values");
		int disputed = json_is_true(json_object_get(item, "disputed"));

		fprintf(out, "<li class=\"%s\"><strong>", disputed ? "disputed" : "agreed");
		html_text(out, string_of(item, "about"));
		fputs("</strong>: ", out);
		json_array_foreach(variants, k, variant) {
			fputs(k ? " <span class=\"versus\">vs</span> " : "", out);
			fputs("<span class=\"value\">", out);
			html_text(out, string_of(variant, "value"));
			fputs("</span>", out);
			sources_chip(out, json_object_get(variant, "sources"));
		}
		fputs("</li>", out);
	}
	fputs("</ul></section>", out);
}

/* Each outlet's first article as a dot on one time axis (inline SVG). */
static void timeline_section(FILE *out, json_t *timeline)
{
	size_t i, count = json_array_size(timeline);
	time_t first = 0, last = 0;
	json_t *item;
	const unsigned row = 22, width = 600, label = 160;

	if (!count)
		return;
	json_array_foreach(timeline, i, item) {
		struct tm tm;
		const char *when = string_of(item, "time");
		time_t t;

		memset(&tm, 0, sizeof(tm));
		if (!when || !strptime(when, "%Y-%m-%dT%H:%M:%S", &tm))
			continue;
		t = timegm(&tm);
		if (!first || t < first)
			first = t;
		if (t > last)
			last = t;
	}
	fputs("<section class=\"timeline\"><h2>Who picked it up when</h2>", out);
	fprintf(out, "<svg class=\"chart\" viewBox=\"0 0 %u %zu\" role=\"img\" aria-label=\"first article of each outlet over time\">",
		width, row * count + 10);
	json_array_foreach(timeline, i, item) {
		struct tm tm;
		const char *when = string_of(item, "time");
		double x = label;

		memset(&tm, 0, sizeof(tm));
		if (when && strptime(when, "%Y-%m-%dT%H:%M:%S", &tm) && last > first)
			x = label + (double)(width - label - 10) * (double)(timegm(&tm) - first) /
					    (double)(last - first);
		fprintf(out, "<text x=\"0\" y=\"%zu\">", row * i + 16);
		html_text(out, string_of(item, "outlet") ? string_of(item, "outlet") : "unknown");
		fprintf(out, "</text><line x1=\"%u\" x2=\"%u\" y1=\"%zu\" y2=\"%zu\"></line><circle cx=\"%.1f\" cy=\"%zu\" r=\"5\"><title>",
			label, width - 10, row * i + 12, row * i + 12, x, row * i + 12);
		html_text(out, when);
		fputs("</title></circle>", out);
	}
	fputs("</svg><ol class=\"when\">", out);
	json_array_foreach(timeline, i, item) {
		fputs("<li>", out);
		html_text(out, string_of(item, "outlet") ? string_of(item, "outlet") : "unknown");
		fputs(" \xe2\x80\x94 ", out);
		html_text(out, string_of(item, "time") ? string_of(item, "time") : "time unknown");
		fputs("</li>", out);
	}
	fputs("</ol></section>", out);
}

static void articles_section(FILE *out, json_t *articles)
{
	size_t i;
	json_t *item;

	fputs("<section class=\"articles\"><h2>Articles</h2><ul>", out);
	json_array_foreach(articles, i, item) {
		const char *url = string_of(item, "url");
		json_t *copies = json_object_get(item, "copies");

		fprintf(out, "<li id=\"article-%lld\"><span class=\"outlet\">",
			(long long)json_integer_value(json_object_get(item, "id")));
		html_text(out, string_of(item, "outlet") ? string_of(item, "outlet") : "unknown outlet");
		fputs("</span> ", out);
		if (html_safe_url(url)) {
			fputs("<a rel=\"noopener noreferrer nofollow\" href=\"", out);
			html_text(out, url);
			fputs("\">", out);
		}
		html_text(out, string_of(item, "title") ? string_of(item, "title") : "(untitled)");
		if (html_safe_url(url))
			fputs("</a>", out);
		fputs(" <small>", out);
		html_day(out, string_of(item, "published"));
		fputs("</small>", out);
		if (json_array_size(copies))
			fprintf(out, " <small class=\"copies\">+%zu cop%s</small>", json_array_size(copies),
				json_array_size(copies) == 1 ? "y" : "ies");
		fputs("</li>", out);
	}
	fputs("</ul></section>", out);
}

static void story_page(response *res, const request *req, long long id)
{
	lede_story *story = NULL;
	char *json = NULL, *body = NULL;
	size_t length = 0;
	json_t *parsed;
	FILE *out;
	int rc = lede_story_get(&story, req->db, id);

	if (rc == 0)
		rc = lede_story_to_json(&json, req->db, story, LEDE_JSON_DIGEST);
	lede_story_free(story);
	parsed = rc == 0 ? json_loads(json, 0, NULL) : NULL;
	lede_free(json);
	out = open_memstream(&body, &length);
	if (!out) {
		json_decref(parsed);
		return;
	}
	if (!parsed) {
		html_begin(out, "No such story", NULL);
		fputs("<h1>No such story</h1><p><a href=\"/\">All stories</a></p>", out);
		html_end(out);
		fclose(out);
		respond_stream(res, rc == LEDE_ENOTFOUND ? 404 : 500, "text/html; charset=utf-8", body, length);
		return;
	}
	html_begin(out, string_of(parsed, "title") ? string_of(parsed, "title") : "Story", NULL);
	fputs("<article class=\"story-page\"><h1>", out);
	html_text(out, string_of(parsed, "title") ? string_of(parsed, "title") : "(untitled)");
	fprintf(out, "</h1><p class=\"meta\">%lld outlets \xc2\xb7 %zu articles \xc2\xb7 first seen ",
		(long long)json_integer_value(json_object_get(parsed, "outlets")),
		json_array_size(json_object_get(parsed, "articles")));
	html_day(out, string_of(parsed, "first_seen"));
	fputs(", last seen ", out);
	html_day(out, string_of(parsed, "last_seen"));
	fputs("</p>", out);
	summary_section(out, json_object_get(parsed, "summary"));
	quotes_section(out, json_object_get(parsed, "quotes"));
	entities_section(out, json_object_get(parsed, "entities"));
	claims_section(out, json_object_get(parsed, "claims"));
	timeline_section(out, json_object_get(parsed, "timeline"));
	articles_section(out, json_object_get(parsed, "articles"));
	fputs("</article>", out);
	html_end(out);
	fclose(out);
	json_decref(parsed);
	respond_stream(res, 200, "text/html; charset=utf-8", body, length);
}

static void search_page(response *res, const request *req)
{
	const char *q = request_query(req, "q");
	lede_search_query query;
	lede_search_results *results = NULL;
	char *body = NULL;
	size_t length = 0, i;
	FILE *out = open_memstream(&body, &length);
	int rc;

	if (!out)
		return;
	html_begin(out, q && *q ? q : "Search", q);
	fputs("<h1>Search</h1>", out);
	memset(&query, 0, sizeof(query));
	query.text = q;
	query.outlet = request_query(req, "outlet");
	query.limit = 50;
	rc = q && *q ? lede_search(&results, req->db, &query) : LEDE_EINVAL;
	if (rc == 0 && lede_search_count(results) > 0) {
		fputs("<ol class=\"hits\">", out);
		for (i = 0; i < lede_search_count(results); i++) {
			lede_search_hit hit;

			lede_search_get(&hit, results, i);
			if (hit.story_id)
				fprintf(out, "<li><a class=\"title\" href=\"/stories/%lld#article-%lld\">",
					(long long)hit.story_id, (long long)hit.article_id);
			else
				fprintf(out, "<li><a class=\"title\" href=\"/api/articles/%lld\">", (long long)hit.article_id);
			html_text(out, hit.title ? hit.title : "(untitled)");
			fputs("</a><div class=\"meta\">", out);
			html_text(out, hit.outlet ? hit.outlet : "unknown outlet");
			fputs(" \xc2\xb7 ", out);
			html_day(out, hit.published);
			fputs("</div><p class=\"snippet\">", out);
			html_snippet(out, hit.snippet);
			fputs("</p></li>", out);
		}
		fputs("</ol>", out);
	} else if (q && *q) {
		fputs("<p class=\"empty\">Nothing found for <q>", out);
		html_text(out, q);
		fputs("</q>.</p>", out);
	} else {
		fputs("<p class=\"empty\">Type words to find in titles and texts.</p>", out);
	}
	lede_search_free(results);
	html_end(out);
	fclose(out);
	respond_stream(res, 200, "text/html; charset=utf-8", body, length);
}

void pages_handle(response *res, const request *req)
{
	const char *rest;
	char *end;
	long long id;

	if (strcmp(req->method, "POST") == 0) {
		respond_error(res, 405, "method not allowed");
		return;
	}
	if (strcmp(req->path, "/") == 0) {
		story_list(res, req);
		return;
	}
	if (strcmp(req->path, "/search") == 0) {
		search_page(res, req);
		return;
	}
	if (strncmp(req->path, "/stories/", 9) == 0) {
		rest = req->path + 9;
		errno = 0;
		id = strtoll(rest, &end, 10);
		if (*rest && !errno && !*end && id > 0) {
			story_page(res, req, id);
			return;
		}
	}
	{
		char *body = NULL;
		size_t length = 0;
		FILE *out = open_memstream(&body, &length);

		if (!out)
			return;
		html_begin(out, "Not found", NULL);
		fputs("<h1>Not found</h1><p><a href=\"/\">All stories</a></p>", out);
		html_end(out);
		fclose(out);
		respond_stream(res, 404, "text/html; charset=utf-8", body, length);
	}
}
