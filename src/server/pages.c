/*
 * pages.c: the web page, rendered on the server so that it works with
 * JavaScript off: `/` (stories), `/stories/{id}` (one story and its digest),
 * `/articles/{id}` (one article's text) and `/search?q=`.  Every value from
 * the store is escaped (html.h): article text is hostile input.  The CSP
 * forbids style attributes too, so positions are SVG attributes and the rest
 * is classes styled by web/app.css.
 */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "html.h"
#include "server.h"

enum {
	STORIES_PER_PAGE = 40,
	SPARK_BARS = 24,
	OUTLET_CHIPS = 6,
	LABEL_BYTES = 32,   /* a source named by its title is cut near this length */
	TRACK_WIDTH = 1000, /* user units of a timeline track */
};

static const char *string_of(json_t *object, const char *key)
{
	return json_string_value(json_object_get(object, key));
}

static long long integer_of(json_t *object, const char *key)
{
	return (long long)json_integer_value(json_object_get(object, key));
}

static const char *plural(long long count, const char *one, const char *many)
{
	return count == 1 ? one : many;
}

static void page_error(response *res, unsigned status, const char *title, const char *text)
{
	char *body = NULL;
	size_t length = 0;
	FILE *out = open_memstream(&body, &length);

	if (!out)
		return;
	html_begin(out, title, NULL);
	fputs("<h1>", out);
	html_text(out, title);
	fputs("</h1><p class=\"empty\">", out);
	html_text(out, text);
	fputs(" <a href=\"/\">All stories</a></p>", out);
	html_end(out);
	fclose(out);
	respond_stream(res, status, "text/html; charset=utf-8", body, length);
}

/* The published times of `articles` (each {published}) as their earliest and latest; 0 when none. */
static size_t published_range(time_t *first, time_t *last, json_t *articles)
{
	size_t i, dated = 0;
	json_t *item;
	time_t t;

	*first = *last = 0;
	json_array_foreach(articles, i, item) {
		if (html_parse_time(&t, string_of(item, "published")) != 0)
			continue;
		if (!dated || t < *first)
			*first = t;
		if (!dated || t > *last)
			*last = t;
		dated++;
	}
	return dated;
}

/* ------------------------------------------------------------ names of sources */

static json_t *article_by_id(json_t *articles, long long id)
{
	size_t i;
	json_t *item;

	json_array_foreach(articles, i, item)
		if (integer_of(item, "id") == id)
			return item;
	return NULL;
}

/* The host of an http(s) URL without "www.", or NULL; *length gets its length. */
static const char *url_host(const char *url, size_t *length)
{
	const char *host, *end;

	if (!html_safe_url(url))
		return NULL;
	host = strstr(url, "://") + 3;
	if (strncmp(host, "www.", 4) == 0)
		host += 4;
	end = host + strcspn(host, "/?#:");
	*length = (size_t)(end - host);
	return *length ? host : NULL;
}

/*
 * What a reader calls a source: its outlet, else its site, else the start of
 * its title (cut at a space, so never inside a UTF-8 sequence), else its number.
 */
static void source_name(FILE *out, json_t *article, const char *outlet, long long id)
{
	const char *url = string_of(article, "url"), *title = string_of(article, "title"), *host;
	size_t length;

	if (!outlet)
		outlet = string_of(article, "outlet");
	if (outlet && *outlet) {
		html_text(out, outlet);
		return;
	}
	host = url_host(url, &length);
	if (host) {
		char name[256];

		if (length >= sizeof(name))
			length = sizeof(name) - 1;
		memcpy(name, host, length);
		name[length] = '\0';
		html_text(out, name);
		return;
	}
	if (title && *title) {
		char cut[LABEL_BYTES + 1];
		size_t n = strlen(title);

		if (n <= LABEL_BYTES) {
			html_text(out, title);
			return;
		}
		for (n = LABEL_BYTES; n > 0 && title[n] != ' '; n--)
			;
		if (n == 0) {
			html_text(out, "untitled source");
			return;
		}
		memcpy(cut, title, n);
		cut[n] = '\0';
		html_text(out, cut);
		fputs("\xe2\x80\xa6", out);
		return;
	}
	fprintf(out, "article %lld", id);
}

/* ------------------------------------------------------------------ story list */

/* Articles over the span of the story's coverage, SPARK_BARS bars from its first article. */
static void story_sparkline(FILE *out, json_t *articles)
{
	unsigned values[SPARK_BARS];
	time_t first, last, t, span;
	size_t i, dated;
	json_t *item;
	char label[128];
	long long days;

	dated = published_range(&first, &last, articles);
	if (!dated)
		return;
	span = last - first;
	if (span < 86400)
		span = 86400;
	memset(values, 0, sizeof(values));
	json_array_foreach(articles, i, item) {
		size_t bar;

		if (html_parse_time(&t, string_of(item, "published")) != 0)
			continue;
		bar = (size_t)((double)(t - first) * SPARK_BARS / (double)(span + 1));
		values[bar < SPARK_BARS ? bar : SPARK_BARS - 1]++;
	}
	days = (long long)((span + 86399) / 86400);
	snprintf(label, sizeof(label), "%zu dated article%s over %lld day%s", dated,
		 plural((long long)dated, "", "s"), days, plural(days, "", "s"));
	fputs("<div class=\"coverage\">", out);
	html_sparkline(out, values, SPARK_BARS, label);
	fputs("</div>", out);
}

static void story_card(FILE *out, json_t *story)
{
	json_t *articles = json_object_get(story, "articles"), *item, *other;
	size_t i, k, shown = 0, distinct = 0, count = json_array_size(articles);
	long long outlets = integer_of(story, "outlets");
	time_t first, last;

	fprintf(out, "<li class=\"story\"><div class=\"head\"><a class=\"title\" href=\"/stories/%lld\">",
		integer_of(story, "id"));
	html_text(out, string_of(story, "title") ? string_of(story, "title") : "(untitled)");
	fprintf(out, "</a><div class=\"meta\"><span class=\"count\">%lld outlet%s</span> \xc2\xb7 %zu article%s",
		outlets, plural(outlets, "", "s"), count, plural((long long)count, "", "s"));
	if (published_range(&first, &last, articles)) {
		fputs(" \xc2\xb7 <span class=\"when\">", out);
		html_date_range(out, first, last);
		fputs("</span>", out);
	}
	fputs("</div></div>", out);
	story_sparkline(out, articles);
	fputs("<div class=\"outlets\">", out);
	json_array_foreach(articles, i, item) {
		const char *outlet = string_of(item, "outlet");
		int seen = 0;

		if (!outlet || !*outlet)
			continue;
		for (k = 0; k < i && !seen; k++) {
			other = json_array_get(articles, k);
			seen = string_of(other, "outlet") && strcmp(string_of(other, "outlet"), outlet) == 0;
		}
		if (seen)
			continue;
		distinct++;
		if (shown >= OUTLET_CHIPS)
			continue;
		fputs("<span class=\"chip\">", out);
		html_text(out, outlet);
		fputs("</span>", out);
		shown++;
	}
	if (distinct > shown)
		fprintf(out, "<span class=\"chip more\">+%zu more</span>", distinct - shown);
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
	return errno || *end || value < 0 || value > 1000000 ? 0 : value;
}

static void story_list(response *res, const request *req)
{
	lede_story_query query;
	lede_story_iter *iter = NULL;
	lede_story *story = NULL;
	lede_db_stats stats;
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
	fputs("<div class=\"page-head\"><h1>Stories</h1><p class=\"hint\" id=\"live\">", out);
	if (lede_db_stats_get(&stats, req->db) == 0)
		fprintf(out, "%llu stor%s from %llu article%s by %llu outlet%s; ",
			(unsigned long long)stats.stories, plural((long long)stats.stories, "y", "ies"),
			(unsigned long long)stats.articles, plural((long long)stats.articles, "", "s"),
			(unsigned long long)stats.outlets, plural((long long)stats.outlets, "", "s"));
	fputs("newest first, and within a day the most covered first.</p></div><ol class=\"stories\">", out);
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
	fputs("<nav class=\"more\">", out);
	if (offset > 0)
		fprintf(out, "<a href=\"/?offset=%lld\">Newer stories</a>",
			offset > STORIES_PER_PAGE ? offset - STORIES_PER_PAGE : 0);
	if (count == STORIES_PER_PAGE)
		fprintf(out, "<a href=\"/?offset=%lld\">Older stories</a>", offset + (long long)count);
	fputs("</nav>", out);
	html_end(out);
	fclose(out);
	respond_stream(res, 200, "text/html; charset=utf-8", body, length);
}

/* ------------------------------------------------------------------ story page */

/* What the parts of a story page need: the story's number and its articles. */
typedef struct story_view {
	long long id;
	json_t *articles;
} story_view;

/*
 * A link to article `id` that asks the browser to scroll to `sentence` and
 * highlight it (a text fragment, #:~:text=start,end; ignored where unsupported).
 */
static void sentence_link(FILE *out, const story_view *view, long long id, const char *sentence)
{
	const char *p, *start_end = NULL, *end_start = NULL;
	size_t words = 0, length = sentence ? strlen(sentence) : 0;

	fprintf(out, "<a class=\"read\" href=\"/articles/%lld?story=%lld", id, view->id);
	if (length) {
		/* The first and the last five words name the sentence without a long URL. */
		for (p = sentence; *p; p++)
			if (*p == ' ' && ++words == 5 && !start_end)
				start_end = p;
		words = 0;
		for (p = sentence + length; p > sentence; p--)
			if (p[-1] == ' ' && ++words == 5) {
				end_start = p;
				break;
			}
		fputs("#:~:text=", out);
		if (start_end && end_start && end_start > start_end) {
			html_url_encoded(out, sentence, (size_t)(start_end - sentence));
			fputs(",", out);
			html_url_encoded(out, end_start, length - (size_t)(end_start - sentence));
		} else {
			html_url_encoded(out, sentence, length);
		}
	}
	fputs("\">Read it in the article</a>", out);
}

/*
 * One chip per source; each opens (no script: <details>) on the sentence as
 * that article words it.
 */
static void source_chips(FILE *out, json_t *sources, const story_view *view)
{
	size_t i;
	json_t *source;

	if (!json_array_size(sources))
		return;
	fputs("<div class=\"cites\">", out);
	json_array_foreach(sources, i, source) {
		long long id = integer_of(source, "article");
		const char *sentence = string_of(source, "sentence");

		fputs("<details class=\"cite\"><summary>", out);
		source_name(out, article_by_id(view->articles, id), string_of(source, "outlet"), id);
		fputs("</summary><div class=\"reveal\">", out);
		if (sentence) {
			fputs("<blockquote>", out);
			html_text(out, sentence);
			fputs("</blockquote>", out);
		}
		sentence_link(out, view, id, sentence);
		fputs("</div></details>", out);
	}
	fputs("</div>", out);
}

static void summary_section(FILE *out, json_t *summary, const story_view *view)
{
	size_t i;
	json_t *item;

	fputs("<section class=\"summary\" id=\"summary\"><h2>What happened</h2>", out);
	if (!json_array_size(summary))
		fputs("<p class=\"empty\">No summary yet.</p>", out);
	json_array_foreach(summary, i, item) {
		fputs("<div class=\"sentence\"><p>", out);
		html_text(out, string_of(item, "text"));
		fputs("</p>", out);
		source_chips(out, json_object_get(item, "sources"), view);
		fputs("</div>", out);
	}
	fputs("</section>", out);
}

static void quotes_section(FILE *out, json_t *quotes, const story_view *view)
{
	size_t i;
	json_t *item;

	if (!json_array_size(quotes))
		return;
	fputs("<section class=\"quotes\" id=\"quotes\"><h2>Who said what</h2>", out);
	json_array_foreach(quotes, i, item) {
		const char *speaker = string_of(item, "speaker");

		fputs("<figure class=\"quote\"><blockquote>", out);
		html_text(out, string_of(item, "text"));
		fprintf(out, "</blockquote><figcaption><span class=\"speaker%s\">", speaker ? "" : " unknown");
		html_text(out, speaker ? speaker : "Speaker not named");
		fputs("</span>", out);
		if (string_of(item, "via")) {
			fputs(" <span class=\"via\">via ", out);
			html_text(out, string_of(item, "via"));
			fputs("</span>", out);
		}
		source_chips(out, json_object_get(item, "sources"), view);
		fputs("</figcaption></figure>", out);
	}
	fputs("</section>", out);
}

static void entities_section(FILE *out, json_t *entities)
{
	static const char *const types[] = {"person", "organization", "place", NULL};
	static const char *const headings[] = {"People", "Organizations", "Places", "Other"};
	size_t t, i, k;
	json_t *item;

	if (!json_array_size(entities))
		return;
	fputs("<section class=\"entities\" id=\"entities\"><h2>Who and where</h2><dl>", out);
	for (t = 0; t < 4; t++) {
		int any = 0;

		json_array_foreach(entities, i, item) {
			const char *type = string_of(item, "type");
			int known = 0;

			for (k = 0; k < 3; k++)
				known |= type && strcmp(type, types[k]) == 0;
			if (types[t] ? !type || strcmp(type, types[t]) != 0 : known)
				continue;
			if (!any)
				fprintf(out, "<div class=\"group\"><dt>%s</dt><dd>", headings[t]);
			any = 1;
			fprintf(out, "<span class=\"chip\" title=\"%lld mention%s\">", integer_of(item, "mentions"),
				plural(integer_of(item, "mentions"), "", "s"));
			html_text(out, string_of(item, "name"));
			fprintf(out, " <small>%lld</small></span>", integer_of(item, "mentions"));
		}
		if (any)
			fputs("</dd></div>", out);
	}
	fputs("</dl></section>", out);
}

static void claim_item(FILE *out, json_t *claim, const story_view *view)
{
	json_t *variants = json_object_get(claim, "values"), *variant;
	int disputed = json_is_true(json_object_get(claim, "disputed"));
	size_t k;

	fprintf(out, "<li class=\"claim %s\"><div class=\"values\">", disputed ? "disputed" : "agreed");
	json_array_foreach(variants, k, variant) {
		if (k)
			fputs("<span class=\"versus\">or</span>", out);
		fputs("<div class=\"variant\"><span class=\"value\">", out);
		html_text(out, string_of(variant, "value"));
		fputs("</span>", out);
		source_chips(out, json_object_get(variant, "sources"), view);
		fputs("</div>", out);
	}
	fputs("</div>", out);
	if (string_of(claim, "about")) {
		fputs("<p class=\"about\">", out);
		html_text(out, string_of(claim, "about"));
		fputs("</p>", out);
	}
	fputs("</li>", out);
}

static void claims_section(FILE *out, json_t *claims, const story_view *view)
{
	size_t i, pass, disputed = 0;
	json_t *item;

	if (!json_array_size(claims))
		return;
	json_array_foreach(claims, i, item)
		disputed += json_is_true(json_object_get(item, "disputed"));
	fputs("<section class=\"claims\" id=\"facts\"><h2>Facts</h2>", out);
	/* The disputes first: they are what a reader cannot get from any one article. */
	for (pass = 0; pass < 2; pass++) {
		size_t wanted = pass == 0 ? disputed : json_array_size(claims) - disputed;

		if (!wanted)
			continue;
		fputs(pass == 0 ? "<h3>Where the sources differ</h3>" : "<h3>Where the sources agree</h3>", out);
		fputs("<ul class=\"facts\">", out);
		json_array_foreach(claims, i, item)
			if (json_is_true(json_object_get(item, "disputed")) == (pass == 0))
				claim_item(out, item, view);
		fputs("</ul>", out);
	}
	fputs("</section>", out);
}

/* 1 when the article gives only the day it was published, not the hour. */
static int date_only(json_t *article)
{
	const char *published = string_of(article, "published");

	return published && strlen(published) == 10;
}

/*
 * Each outlet's first article on one time axis: a row per outlet with its
 * name, a track (an SVG stretched to the row; the dot is a zero-length line
 * with round caps and a non-scaling stroke, so it stays round) and the time.
 * Articles without a publication date are listed without a dot.
 */
static void timeline_section(FILE *out, json_t *timeline, json_t *articles)
{
	size_t i, dated = 0, count = json_array_size(timeline);
	time_t first = 0, last = 0, t;
	json_t *item;

	if (!count)
		return;
	json_array_foreach(timeline, i, item) {
		const char *kind = string_of(item, "time_is");

		if ((kind && strcmp(kind, "published") != 0) || html_parse_time(&t, string_of(item, "time")) != 0)
			continue;
		if (!dated || t < first)
			first = t;
		if (!dated || t > last)
			last = t;
		dated++;
	}
	fputs("<section class=\"timeline\" id=\"timeline\"><h2>Who picked it up when</h2>"
	      "<ol class=\"chart\" aria-label=\"when each outlet first published\">", out);
	json_array_foreach(timeline, i, item) {
		const char *kind = string_of(item, "time_is");
		long long id = integer_of(item, "article");
		int has_time = !(kind && strcmp(kind, "published") != 0) &&
			       html_parse_time(&t, string_of(item, "time")) == 0;

		fprintf(out, "<li class=\"%s\"><span class=\"who\">", has_time ? "dated" : "undated");
		source_name(out, article_by_id(articles, id), string_of(item, "outlet"), id);
		fprintf(out, "</span><svg class=\"track\" viewBox=\"0 0 %u 20\" preserveAspectRatio=\"none\" aria-hidden=\"true\">"
			     "<line class=\"rule\" x1=\"0\" y1=\"10\" x2=\"%u\" y2=\"10\"></line>",
			TRACK_WIDTH, TRACK_WIDTH);
		if (has_time) {
			double x = last > first ? (double)TRACK_WIDTH * (double)(t - first) / (double)(last - first) : 0;

			fprintf(out, "<line class=\"dot\" x1=\"%.1f\" y1=\"10\" x2=\"%.1f\" y2=\"10\"></line>", x, x);
		}
		fputs("</svg><span class=\"at\">", out);
		if (has_time && date_only(article_by_id(articles, id)))
			html_date(out, t);
		else if (has_time)
			html_date_time(out, t);
		else
			fputs("date not given", out);
		fputs("</span></li>", out);
	}
	if (dated > 1 && last > first) {
		/* The axis: the first and the last time under the tracks. */
		fputs("<li class=\"axis\" aria-hidden=\"true\"><span></span><span class=\"ends\"><span>", out);
		html_date_time(out, first);
		fputs("</span><span>", out);
		html_date_time(out, last);
		fputs("</span></span><span class=\"at\">UTC</span></li>", out);
	}
	fputs("</ol></section>", out);
}

/* Each article's copy relation to its canonical, from the store. */
typedef struct copy_info {
	long long id, canonical;
	char relation[16];
} copy_info;

static void load_copies(copy_info *copies, lede_db *db, json_t *articles)
{
	size_t i;
	json_t *item;

	json_array_foreach(articles, i, item) {
		lede_article *article = NULL;
		const char *relation;

		copies[i].id = integer_of(item, "id");
		copies[i].canonical = 0;
		copies[i].relation[0] = '\0';
		if (lede_article_get(&article, db, copies[i].id) != 0)
			continue;
		copies[i].canonical = lede_article_duplicate_of(article);
		relation = lede_article_relation(article);
		if (relation)
			snprintf(copies[i].relation, sizeof(copies[i].relation), "%s", relation);
		lede_article_free(article);
	}
}

static const char *relation_words(const char *relation);

/* An article of the list: outlet (and how it copies another), headline, date and the original. */
static void article_line(FILE *out, const story_view *view, json_t *item, const char *relation)
{
	const char *url = string_of(item, "url"), *outlet = string_of(item, "outlet"), *host;
	long long id = integer_of(item, "id");
	size_t length;
	time_t t;

	fputs("<div class=\"outlet\">", out);
	host = url_host(url, &length);
	if ((outlet && *outlet) || host)
		source_name(out, item, NULL, id);
	else
		fputs("<span class=\"unknown\">Outlet not given</span>", out);
	if (relation)
		fprintf(out, " <span class=\"relation\">%s</span>", relation_words(relation));
	fprintf(out, "</div><a class=\"headline\" href=\"/articles/%lld?story=%lld\">", id, view->id);
	html_text(out, string_of(item, "title") ? string_of(item, "title") : "(untitled)");
	fputs("</a><div class=\"small\">", out);
	if (html_parse_time(&t, string_of(item, "published")) == 0)
		html_date(out, t);
	else
		fputs("Date not given", out);
	if (html_safe_url(url)) {
		fputs(" \xc2\xb7 <a class=\"original\" rel=\"noopener noreferrer nofollow\" href=\"", out);
		html_text(out, url);
		fputs("\">original</a>", out);
	}
	fputs("</div>", out);
}

static const char *relation_words(const char *relation)
{
	if (strcmp(relation, "exact") == 0)
		return "same text";
	if (strcmp(relation, "near") == 0)
		return "edited copy";
	if (strcmp(relation, "contains") == 0)
		return "longer version";
	if (strcmp(relation, "contained-in") == 0)
		return "shorter version";
	return "copy";
}

/* The articles, each copy under its canonical when the canonical is in the story. */
static void articles_section(FILE *out, const story_view *view, lede_db *db)
{
	json_t *articles = view->articles;
	size_t i, k, count = json_array_size(articles);
	copy_info *copies = count ? calloc(count, sizeof(*copies)) : NULL;
	json_t *item;

	if (copies)
		load_copies(copies, db, articles);
	fputs("<section class=\"articles\" id=\"articles\"><h2>Articles</h2><ul class=\"article-list\">", out);
	json_array_foreach(articles, i, item) {
		int nested = 0, any = 0;

		for (k = 0; copies && k < count && !nested; k++)
			nested = copies[i].canonical && copies[k].id == copies[i].canonical;
		if (nested)
			continue;
		fprintf(out, "<li id=\"article-%lld\">", integer_of(item, "id"));
		article_line(out, view, item, NULL);
		for (k = 0; copies && k < count; k++) {
			if (!copies[k].canonical || copies[k].canonical != copies[i].id)
				continue;
			if (!any)
				fputs("<ul class=\"copies\">", out);
			any = 1;
			fprintf(out, "<li id=\"article-%lld\">", copies[k].id);
			article_line(out, view, json_array_get(articles, k), copies[k].relation);
			fputs("</li>", out);
		}
		if (any)
			fputs("</ul>", out);
		if (copies && copies[i].canonical)
			fprintf(out, "<div class=\"small\">A copy (%s) of <a href=\"/articles/%lld\">article %lld</a>,"
				     " outside this story</div>",
				relation_words(copies[i].relation), copies[i].canonical, copies[i].canonical);
		fputs("</li>", out);
	}
	fputs("</ul></section>", out);
	free(copies);
}

static void story_page(response *res, const request *req, long long id)
{
	lede_story *story = NULL;
	char *json = NULL, *body = NULL;
	size_t length = 0;
	json_t *parsed, *articles;
	story_view view;
	time_t first, last;
	FILE *out;
	int rc = lede_story_get(&story, req->db, id);

	if (rc == 0)
		rc = lede_story_to_json(&json, req->db, story, LEDE_JSON_DIGEST);
	lede_story_free(story);
	parsed = rc == 0 ? json_loads(json, 0, NULL) : NULL;
	lede_free(json);
	if (!parsed) {
		page_error(res, rc == LEDE_ENOTFOUND ? 404 : 500, "No such story",
			   rc == LEDE_ENOTFOUND ? "There is no story with this number." : "The story cannot be read.");
		return;
	}
	out = open_memstream(&body, &length);
	if (!out) {
		json_decref(parsed);
		return;
	}
	articles = json_object_get(parsed, "articles");
	view.id = id;
	view.articles = articles;
	html_begin(out, string_of(parsed, "title") ? string_of(parsed, "title") : "Story", NULL);
	fputs("<article class=\"story-page\"><header><h1>", out);
	html_text(out, string_of(parsed, "title") ? string_of(parsed, "title") : "(untitled)");
	fprintf(out, "</h1><p class=\"meta\"><span class=\"count\">%lld outlet%s</span> \xc2\xb7 %zu article%s",
		integer_of(parsed, "outlets"), plural(integer_of(parsed, "outlets"), "", "s"),
		json_array_size(articles), plural((long long)json_array_size(articles), "", "s"));
	if (published_range(&first, &last, articles)) {
		fputs(" \xc2\xb7 ", out);
		html_date_range(out, first, last);
	}
	fputs("</p><nav class=\"sections\" aria-label=\"sections\"><a href=\"#summary\">Summary</a>", out);
	if (json_array_size(json_object_get(parsed, "quotes")))
		fputs("<a href=\"#quotes\">Quotes</a>", out);
	if (json_array_size(json_object_get(parsed, "entities")))
		fputs("<a href=\"#entities\">Who and where</a>", out);
	if (json_array_size(json_object_get(parsed, "claims")))
		fputs("<a href=\"#facts\">Facts</a>", out);
	if (json_array_size(json_object_get(parsed, "timeline")))
		fputs("<a href=\"#timeline\">Timeline</a>", out);
	fputs("<a href=\"#articles\">Articles</a></nav></header>", out);
	summary_section(out, json_object_get(parsed, "summary"), &view);
	quotes_section(out, json_object_get(parsed, "quotes"), &view);
	entities_section(out, json_object_get(parsed, "entities"));
	claims_section(out, json_object_get(parsed, "claims"), &view);
	timeline_section(out, json_object_get(parsed, "timeline"), articles);
	articles_section(out, &view, req->db);
	fputs("</article>", out);
	html_end(out);
	fclose(out);
	json_decref(parsed);
	respond_stream(res, 200, "text/html; charset=utf-8", body, length);
}

/* ---------------------------------------------------------------- article page */

/* "From the story ..." when `?story=` names a story that holds the article. */
static void story_backlink(FILE *out, const request *req, long long article_id)
{
	const char *text = request_query(req, "story");
	lede_story *story = NULL;
	size_t i, count;
	char *end;
	long long id;

	if (!text || *text < '1' || *text > '9')
		return;
	errno = 0;
	id = strtoll(text, &end, 10);
	if (errno || *end || lede_story_get(&story, req->db, id) != 0)
		return;
	count = lede_story_article_count(story);
	for (i = 0; i < count; i++) {
		if (lede_story_article_id(story, i) != article_id)
			continue;
		fprintf(out, "<p class=\"from\">From the story <a href=\"/stories/%lld#article-%lld\">", id, article_id);
		html_text(out, lede_story_title(story) ? lede_story_title(story) : "(untitled)");
		fputs("</a></p>", out);
		break;
	}
	lede_story_free(story);
}

static void article_page(response *res, const request *req, long long id)
{
	lede_article *article = NULL;
	char *body = NULL;
	size_t length = 0, i, authors;
	const char *text, *paragraph, *url, *outlet, *title;
	long long canonical;
	time_t t;
	FILE *out;
	int rc = lede_article_get(&article, req->db, id);

	if (rc != 0) {
		page_error(res, rc == LEDE_ENOTFOUND ? 404 : 500, "No such article",
			   rc == LEDE_ENOTFOUND ? "There is no article with this number." : "The article cannot be read.");
		return;
	}
	out = open_memstream(&body, &length);
	if (!out) {
		lede_article_free(article);
		return;
	}
	url = lede_article_url(article);
	outlet = lede_article_outlet(article);
	title = lede_article_title(article);
	html_begin(out, title ? title : "Article", NULL);
	story_backlink(out, req, id);
	fputs("<article class=\"story-page article-page\"><header><p class=\"kicker\">", out);
	html_text(out, outlet ? outlet : "Outlet not given");
	fputs("</p><h1>", out);
	html_text(out, title ? title : "(untitled)");
	fputs("</h1><p class=\"meta\">", out);
	if (html_parse_time(&t, lede_article_published(article)) == 0)
		html_date(out, t);
	else
		fputs("Date not given", out);
	authors = lede_article_author_count(article);
	for (i = 0; i < authors; i++) {
		fputs(i ? ", " : " \xc2\xb7 by ", out);
		html_text(out, lede_article_author(article, i));
	}
	if (html_safe_url(url)) {
		fputs(" \xc2\xb7 <a class=\"original\" rel=\"noopener noreferrer nofollow\" href=\"", out);
		html_text(out, url);
		fputs("\">original page</a>", out);
	}
	fputs("</p>", out);
	canonical = lede_article_duplicate_of(article);
	if (canonical)
		fprintf(out, "<p class=\"note\">A copy (%s) of <a href=\"/articles/%lld\">article %lld</a>.</p>",
			relation_words(lede_article_relation(article) ? lede_article_relation(article) : ""),
			canonical, canonical);
	fputs("</header><div class=\"text\">", out);
	text = lede_article_text(article);
	for (paragraph = text; *paragraph;) {
		const char *end = strstr(paragraph, "\n\n");
		size_t n = end ? (size_t)(end - paragraph) : strlen(paragraph);
		char *copy = n ? malloc(n + 1) : NULL;

		if (copy) {
			memcpy(copy, paragraph, n);
			copy[n] = '\0';
			fputs("<p>", out);
			html_text(out, copy);
			fputs("</p>", out);
			free(copy);
		}
		paragraph += n;
		while (*paragraph == '\n')
			paragraph++;
	}
	fputs("</div></article>", out);
	html_end(out);
	fclose(out);
	lede_article_free(article);
	respond_stream(res, 200, "text/html; charset=utf-8", body, length);
}

/* ---------------------------------------------------------------------- search */

static void search_page(response *res, const request *req)
{
	const char *q = request_query(req, "q");
	lede_search_query query;
	lede_search_results *results = NULL;
	char *body = NULL;
	size_t length = 0, i, count = 0;
	FILE *out = open_memstream(&body, &length);
	int rc;

	if (!out)
		return;
	html_begin(out, q && *q ? q : "Search", q);
	fputs("<div class=\"page-head\"><h1>Search</h1>", out);
	memset(&query, 0, sizeof(query));
	query.text = q;
	query.outlet = request_query(req, "outlet");
	query.limit = 50;
	rc = q && *q ? lede_search(&results, req->db, &query) : LEDE_EINVAL;
	if (rc == 0)
		count = lede_search_count(results);
	if (count > 0) {
		fprintf(out, "<p class=\"hint\">%s%zu article%s with <q>", count == query.limit ? "The first " : "",
			count, plural((long long)count, "", "s"));
		html_text(out, q);
		fputs("</q>, best first.</p></div><ol class=\"hits\">", out);
		for (i = 0; i < count; i++) {
			lede_search_hit hit;
			time_t t;

			lede_search_get(&hit, results, i);
			fprintf(out, "<li><a class=\"title\" href=\"/articles/%lld", (long long)hit.article_id);
			if (hit.story_id)
				fprintf(out, "?story=%lld", (long long)hit.story_id);
			fputs("\">", out);
			html_text(out, hit.title ? hit.title : "(untitled)");
			fputs("</a><div class=\"meta\">", out);
			if (hit.outlet) {
				html_text(out, hit.outlet);
				fputs(" \xc2\xb7 ", out);
			}
			if (html_parse_time(&t, hit.published) == 0)
				html_date(out, t);
			else
				fputs("date not given", out);
			if (hit.story_id)
				fprintf(out, " \xc2\xb7 <a href=\"/stories/%lld#article-%lld\">the story</a>",
					(long long)hit.story_id, (long long)hit.article_id);
			fputs("</div><p class=\"snippet\">", out);
			html_snippet(out, hit.snippet);
			fputs("</p></li>", out);
		}
		fputs("</ol>", out);
	} else if (q && *q) {
		fputs("</div><p class=\"empty\">Nothing found for <q>", out);
		html_text(out, q);
		fputs("</q>. Every word must occur in the article.</p>", out);
	} else {
		fputs("</div><p class=\"empty\">Type words to find in titles and texts.</p>", out);
	}
	lede_search_free(results);
	html_end(out);
	fclose(out);
	respond_stream(res, 200, "text/html; charset=utf-8", body, length);
}

/* The id after `prefix` in `path`, or 0 when it is not a positive number. */
static long long page_id(const char *path, const char *prefix)
{
	size_t n = strlen(prefix);
	const char *rest = path + n;
	char *end;
	long long id;

	if (strncmp(path, prefix, n) != 0 || !*rest)
		return 0;
	errno = 0;
	id = strtoll(rest, &end, 10);
	return *rest >= '0' && *rest <= '9' && !errno && !*end && id > 0 ? id : 0;
}

void pages_handle(response *res, const request *req)
{
	long long id;

	if (strcmp(req->method, "POST") == 0) {
		respond_error(res, 405, "method not allowed");
		return;
	}
	if (strcmp(req->path, "/") == 0)
		story_list(res, req);
	else if (strcmp(req->path, "/search") == 0)
		search_page(res, req);
	else if ((id = page_id(req->path, "/stories/")) > 0)
		story_page(res, req, id);
	else if ((id = page_id(req->path, "/articles/")) > 0)
		article_page(res, req, id);
	else
		page_error(res, 404, "Not found", "There is no page here.");
}
