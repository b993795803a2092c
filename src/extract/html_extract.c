#include "html_extract.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "extract/attribute_strip.h"
#include "extract/byline.h"
#include "extract/charset.h"
#include "extract/code_strip.h"
#include "extract/content.h"
#include "extract/dom.h"
#include "extract/metadata.h"
#include "extract/mojibake.h"
#include "extract/page_type.h"
#include "extract/title.h"
#include "text/date.h"
#include "util/buf.h"
#include "util/error.h"

enum { MAX_PAGE = 64 << 20, MAX_DEPTH = 512 };

/* "en-US" -> "en"; NULL unless it starts with two letters. */
static const char *language_code(lede__arena *arena, const char *tag)
{
	char code[3];

	if (!tag || !((tag[0] | 0x20) >= 'a' && (tag[0] | 0x20) <= 'z') ||
	    !((tag[1] | 0x20) >= 'a' && (tag[1] | 0x20) <= 'z') ||
	    ((tag[2] | 0x20) >= 'a' && (tag[2] | 0x20) <= 'z'))
		return NULL;
	code[0] = (char)(tag[0] | 0x20);
	code[1] = (char)(tag[1] | 0x20);
	code[2] = '\0';
	return lede__arena_strdup(arena, code);
}

/* The host of an absolute URL without "www.", as an outlet of last resort. */
static const char *url_host(lede__arena *arena, const char *url)
{
	const char *start, *end;

	if (!url || !(start = strstr(url, "://")))
		return NULL;
	start += 3;
	if (strncasecmp(start, "www.", 4) == 0)
		start += 4;
	for (end = start; *end && *end != '/' && *end != ':' && *end != '?' && *end != '#'; end++)
		;
	return end > start ? lede__arena_strndup(arena, start, (size_t)(end - start)) : NULL;
}

static void resolve_date(lede__extracted *out, lede__arena *arena, const lede__page_meta *meta,
			 const lede__content *content)
{
	lede__date date;
	int found = 0;

	if (out->published)
		return;
	/*
	 * The structured date first: a date shown on the page is as often the
	 * last update as the publication.  A shown date up to a day before the
	 * structured one is the same moment in the outlet's time zone (the
	 * structured one is often in UTC), so the page's own day wins.
	 */
	if (meta->published && lede__date_parse(&date, meta->published, strlen(meta->published)) == 0) {
		found = 1;
		if (content->has_visible_date && !content->visible_date_updated &&
		    content->visible_date.time <= date.time &&
		    date.time - content->visible_date.time < 2 * 86400)
			date = content->visible_date;
	}
	if (!found && content->has_visible_date) {
		date = content->visible_date;
		found = 1;
	}
	if (!found && lede__date_from_url(&date, meta->url) == 0)
		found = 1;
	if (!found && content->text) {
		/* A dateline near the top of the article. */
		size_t len = strlen(content->text);

		if (lede__date_find(&date, content->text, len < 600 ? len : 600) == 0)
			found = 1;
	}
	/* A page that states only when it was modified was published no later. */
	if (!found && meta->modified &&
	    lede__date_parse(&date, meta->modified, strlen(meta->modified)) == 0)
		found = 1;
	if (found) {
		out->published = lede__arena_strdup(arena, date.iso);
		out->published_time = date.time;
	}
}

/*
 * An article that shows one date earlier than the one its structured data
 * give was first published then: the later one is a republication or a
 * migration, never an earlier update.  The shown date is the one by the
 * heading or the byline, else the page's first <time datetime>.  Pages
 * that are not articles show many dates (a forum's posts, a listing's
 * items), so the rule is for articles only.  On wcxb-dev: 10 dates gained,
 * none lost.
 */
static void prefer_earlier_shown_date(lede__extracted *out, lede__arena *arena,
				      const lede__page_meta *meta, const lede__content *content)
{
	lede__date shown;
	const char *iso;

	if (!out->published)
		return;
	if (content->has_visible_date) {
		if (content->visible_date_updated)
			return;
		shown = content->visible_date;
	} else if (!meta->time_element ||
		   lede__date_parse(&shown, meta->time_element, strlen(meta->time_element)) != 0 ||
		   out->published_time - shown.time < 2 * 86400) {
		/* A <time> element's moment a day or so earlier is the same one in another zone. */
		return;
	}
	if (shown.time >= out->published_time)
		return;
	if ((iso = lede__arena_strdup(arena, shown.iso))) {
		out->published = iso;
		out->published_time = shown.time;
	}
}

enum { MIN_DESCRIPTION_WORDS = 8 };

static size_t word_count(const char *text)
{
	size_t words = 0;
	int in_word = 0;

	for (; *text; text++) {
		int space = *text == ' ' || *text == '\n' || *text == '\t' || *text == '\r';

		words += !space && !in_word;
		in_word = !space;
	}
	return words;
}

static int url_has(const char *url, const char *const *parts)
{
	if (!url)
		return 0;
	for (; *parts; parts++)
		if (strstr(url, *parts))
			return 1;
	return 0;
}

/* Words of the URL's last path segment, split at '-' and '_' (0 without a URL). */
static size_t slug_words(const char *url)
{
	const char *path, *segment = NULL, *p;
	size_t words = 0;
	int in_word = 0;

	if (!url || !(path = strstr(url, "://")) || !(path = strchr(path + 3, '/')))
		return 0;
	for (p = path; *p && *p != '?' && *p != '#'; p++)
		if (*p == '/' && p[1] && p[1] != '/' && p[1] != '?' && p[1] != '#')
			segment = p + 1;
	if (!segment)
		return 0;
	for (p = segment; *p && *p != '/' && *p != '?' && *p != '#' && *p != '.'; p++) {
		int word_char = *p != '-' && *p != '_' && *p != '+';

		words += word_char && !in_word;
		in_word = word_char;
	}
	return words;
}

static const char *classify_page(const lede__extracted *out, const lede__page_meta *meta,
				 const lede__content *content)
{
	static const char *const listing[] = {"/category/", "/categories/", "/tag/", "/tags/",
					      "/collections/", "/search", "/topics/", "/archive",
					      "/section/", "/blog/page/", NULL};
	static const char *const product[] = {"/product/", "/products/", "/dp/", "/item/",
					      "/shop/", "/p/", NULL};
	static const char *const forum[] = {"/forum", "/t/", "/questions/", "/thread", "/topic/",
					    "/community/", "/discussion", NULL};
	static const char *const articles[] = {"/blog/", "/blogs/", "/news/", "/article/", "/articles/",
					       "/story/", "/stories/", "/post/", "/posts/", "/insights/", NULL};
	lede__page_evidence e;
	lede__date date;

	memset(&e, 0, sizeof(e));
	e.article_schema = meta->has_article_schema;
	e.product_schema = meta->has_product_schema;
	e.listing_schema = meta->has_listing_schema;
	e.forum_schema = meta->has_forum_schema;
	e.og_article = meta->og_type && strcasecmp(meta->og_type, "article") == 0;
	e.has_date = out->published != NULL;
	e.has_author = out->author_count > 0;
	e.url_dated = lede__date_from_url(&date, meta->url) == 0;
	e.url_listing = url_has(meta->url, listing);
	e.url_product = url_has(meta->url, product);
	e.url_forum = url_has(meta->url, forum);
	e.words = content->words;
	e.paragraphs = content->paragraphs;
	e.good_blocks = content->good_blocks;
	e.list_blocks = content->list_blocks;
	e.content_link_density = content->chars ? (double)content->link_chars / (double)content->chars : 0;
	e.page_link_density = content->page_chars ? (double)content->page_link_chars / (double)content->page_chars : 0;
	e.content_share = content->page_words ? (double)content->words / (double)content->page_words : 0;
	e.commerce_blocks = content->commerce_blocks;
	e.forum_blocks = content->forum_blocks;
	e.code_blocks = content->code_blocks;
	e.heading_blocks = content->heading_blocks;
	e.page_words = content->page_words;
	e.slug_words = slug_words(meta->url ? meta->url : out->url);
	e.url_articles = url_has(meta->url ? meta->url : out->url, articles);
	e.has_byline = content->byline != NULL;
	e.h1_count = content->h1_count;
	e.shown_date = content->has_visible_date;
	e.heading_confirmed = content->heading_confirmed;
	if (out->title) {
		const char *p;

		e.title_words = 1;
		for (p = out->title; *p; p++)
			e.title_words += *p == ' ';
		e.title_question = strchr(out->title, '?') != NULL;
	}
	e.og_product = meta->og_type && strcasestr(meta->og_type, "product") != NULL;
	e.og_website = meta->og_type && strcasecmp(meta->og_type, "website") == 0;
	if (getenv("LEDE_DEBUG_PAGE_FEATURES")) {
		double x[LEDE__PAGE_FEATURES];
		int i;

		lede__page_features(&e, x);
		for (i = 0; i < LEDE__PAGE_FEATURES; i++)
			fprintf(stderr, "%s%.4f", i ? " " : "FEATURES ", x[i]);
		fprintf(stderr, "\n");
	}
	return lede__page_type(&e);
}

int lede__extract_html(lede__extracted *out, lede__arena *arena, const char *html, size_t len,
		       const char *charset)
{
	lede__buf utf8, stripped;
	lede__dom dom;
	lede__page_meta meta;
	lede__content content;
	lede__title_evidence evidence;
	size_t replaced = 0, page_len = 0;
	const char *page = NULL;
	int rc;

	memset(&dom, 0, sizeof(dom));
	lede__buf_init(&utf8, MAX_PAGE);
	lede__buf_init(&stripped, MAX_PAGE);
	if ((rc = lede__strip_code(&stripped, html, len)) != 0 ||
	    (rc = lede__charset_to_utf8(&page, &page_len, &utf8, lede__buf_str(&stripped),
					stripped.len, charset, NULL, &replaced)) != 0)
		goto cleanup;
	out->repaired_bytes += replaced;
	{
		/* The UTF-8 page is in one buffer (utf8 when converted): the other takes it without unread attributes. */
		lede__buf *free_buf = page == lede__buf_str(&utf8) ? &stripped : &utf8;

		lede__buf_reset(free_buf);
		if ((rc = lede__buf_reserve(free_buf, page_len)) != 0 ||
		    (rc = lede__strip_attributes(free_buf, page, page_len)) != 0)
			goto cleanup;
		free_buf->len = lede__mojibake_repair(free_buf->data, free_buf->len, NULL);
		page = lede__buf_str(free_buf);
		page_len = free_buf->len;
	}
	if ((rc = lede__dom_build(&dom, arena, page, page_len, MAX_DEPTH)) != 0)
		goto cleanup;
	if ((rc = lede__page_meta_read(&meta, arena, &dom.meta)) != 0)
		goto cleanup;
	if ((rc = lede__content_select(&content, arena, &dom, &meta)) != 0)
		goto cleanup;
	out->text = content.text;
	memset(&evidence, 0, sizeof(evidence));
	evidence.title_tag = meta.title_tag;
	evidence.headline = meta.headline;
	evidence.og_title = meta.og_title;
	evidence.heading = content.heading;
	evidence.heading_confirmed = content.heading_confirmed;
	evidence.heading_agree = content.heading_agree;
	evidence.heading_count = content.h1_count;
	evidence.site_name = meta.site_name;
	evidence.url = meta.url ? meta.url : out->url;
	if (!out->title)
		out->title = lede__title_choose(arena, &evidence);
	if (!out->author_count && meta.author_count) {
		const char **authors = lede__arena_alloc(arena, meta.author_count * sizeof(*authors));

		if (!authors) {
			rc = lede__error_nomem();
			goto cleanup;
		}
		memcpy(authors, meta.authors, meta.author_count * sizeof(*authors));
		out->authors = authors;
		out->author_count = meta.author_count;
	}
	if (!out->author_count && (content.byline || content.heading)) {
		const char **authors = lede__arena_alloc(arena, LEDE__META_MAX_AUTHORS * sizeof(*authors));
		size_t count = 0;

		if (!authors) {
			rc = lede__error_nomem();
			goto cleanup;
		}
		/* The byline often carries the date too: "By Jane Doe | May 6, 2025". */
		if (content.byline)
			lede__authors_clean(authors, &count, LEDE__META_MAX_AUTHORS, arena, content.byline);
		if (!count && content.heading)
			count = lede__byline_authors(authors, LEDE__META_MAX_AUTHORS, arena, &dom,
						     content.heading_block);
		out->authors = authors;
		out->author_count = count;
	}
	if (!out->url)
		out->url = meta.url;
	if (!out->outlet)
		out->outlet = meta.site_name;
	if (!out->outlet)
		out->outlet = lede__title_site_part(arena, meta.title_tag, out->title);
	if (!out->outlet)
		out->outlet = url_host(arena, meta.url ? meta.url : out->url);
	if (!out->lang)
		out->lang = language_code(arena, meta.lang);
	resolve_date(out, arena, &meta, &content);
	out->page_type = content.text[0] ? classify_page(out, &meta, &content) : "other";
	/*
	 * A page whose body a script fills in (a forum's thread, a shop's
	 * product) may hold no text at all: its description stands in, and the
	 * page stays "other", since nothing shows what it is.
	 */
	if (!content.text[0] && meta.description && word_count(meta.description) >= MIN_DESCRIPTION_WORDS)
		out->text = meta.description;
	if (strcmp(out->page_type, "article") == 0)
		prefer_earlier_shown_date(out, arena, &meta, &content);
cleanup:
	lede__dom_free(&dom);
	lede__buf_free(&utf8);
	lede__buf_free(&stripped);
	return rc;
}
