#include "metadata.h"

#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <string.h>
#include <strings.h>

#include "text/date.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/utf8.h"
#include "util/error.h"

enum {
	RANK_JSONLD_ARTICLE = 1,
	RANK_META_ARTICLE = 2,
	RANK_META_OTHER = 3,
	RANK_JSONLD_OTHER = 4,
	RANK_TIME_ELEMENT = 5,
	RANK_META_NAMED_DATE = 6,
	RANK_NONE = 100,
	MAX_JSONLD = 1 << 20
};

static const char *attribute(const lede__meta_element *element, enum lede__meta_attribute which)
{
	return element->attribute[which];
}

/*
 * Decodes the character reference at s ("&amp;", "&#8217;", "&#x2019;"):
 * returns its length and the code point in *cp, or 0 when there is none.
 * Structured data often carries references that were escaped twice.
 */
static size_t character_reference(const char *s, uint32_t *cp)
{
	size_t n = 1;

	if (s[0] != '&')
		return 0;
	if (s[1] == '#') {
		uint32_t value = 0;
		int hex = s[2] == 'x' || s[2] == 'X', digits = 0;

		n = hex ? 3 : 2;
		for (; digits < 8; n++, digits++) {
			char c = s[n];

			if (c >= '0' && c <= '9')
				value = value * (hex ? 16 : 10) + (uint32_t)(c - '0');
			else if (hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f')
				value = value * 16 + (uint32_t)((c | 0x20) - 'a' + 10);
			else
				break;
		}
		if (!digits || s[n] != ';' || value == 0 || value > 0x10FFFF)
			return 0;
		*cp = value;
		return n + 1;
	}
	while (n < 12 && ((s[n] | 0x20) >= 'a' && (s[n] | 0x20) <= 'z'))
		n++;
	if (s[n] == ';' && n > 1) {
		char name[16];
		const htmlEntityDesc *entity;

		memcpy(name, s + 1, n - 1);
		name[n - 1] = '\0';
		entity = htmlEntityLookup(BAD_CAST name);
		if (entity) {
			*cp = entity->value;
			return n + 1;
		}
	}
	return 0;
}

/* A copy of `s` with references decoded and white space folded and trimmed; NULL when empty. */
static const char *folded(lede__arena *arena, const char *s)
{
	lede__buf buf;
	const char *copy = NULL;
	int space = 0;

	if (!s)
		return NULL;
	lede__buf_init(&buf, 1 << 20);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		uint32_t cp;
		size_t ref = c == '&' ? character_reference(s, &cp) : 0;

		if (ref) {
			if (cp == 0xA0 || cp == ' ') {
				space = buf.len > 0;
			} else {
				if (space && lede__buf_append_byte(&buf, ' ') != 0)
					return NULL;
				space = 0;
				if (lede__utf8_append(&buf, cp) != 0)
					return NULL;
			}
			s += ref - 1;
			continue;
		}

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
			space = buf.len > 0;
			continue;
		}
		if (c == 0xC2 && (unsigned char)s[1] == 0xA0) {
			space = buf.len > 0;
			s++;
			continue;
		}
		if (space && lede__buf_append_byte(&buf, ' ') != 0)
			return NULL;
		space = 0;
		if (lede__buf_append_byte(&buf, (char)c) != 0)
			return NULL;
	}
	if (buf.len)
		copy = lede__arena_strndup(arena, buf.data, buf.len);
	lede__buf_free(&buf);
	return copy;
}

static void set_if_empty(const char **field, lede__arena *arena, const char *value)
{
	if (!*field && value)
		*field = folded(arena, value);
}

/*
 * Keeps `value` as the published date when it outranks the one held and
 * reads as a date, so that an unreadable value ("Thu, 09/25/2025 - 11:38"
 * aside, which yields its date) never hides a readable one of lower rank.
 */
static void set_date(lede__page_meta *meta, lede__arena *arena, const char *value, int rank)
{
	lede__date date;
	size_t len;
	const char *copy = NULL;

	if (!value || rank >= meta->published_rank)
		return;
	len = strlen(value);
	if (lede__date_parse(&date, value, len) == 0)
		copy = folded(arena, value);
	else if (len < 200 && lede__date_find(&date, value, len) == 0)
		copy = lede__arena_strdup(arena, date.iso);
	if (copy) {
		meta->published = copy;
		meta->published_rank = rank;
	}
}

static int looks_like_url(const char *s)
{
	return strncasecmp(s, "http", 4) == 0 || s[0] == '/' || strchr(s, '@') != NULL;
}

static void add_author(lede__page_meta *meta, lede__arena *arena, const char *value, int rank)
{
	if (!value || !*value || looks_like_url(value))
		return;
	if (rank < meta->author_rank) {
		meta->author_count = 0;
		meta->author_rank = rank;
	}
	if (rank > meta->author_rank)
		return;
	value = folded(arena, value);
	if (value)
		lede__authors_clean(meta->authors, &meta->author_count, LEDE__META_MAX_AUTHORS, arena,
				    value);
}

/* ----------------------------------------------------------- JSON-LD */

static int type_matches(json_t *type, const char *const *names)
{
	size_t i;

	if (json_is_array(type)) {
		json_t *item;

		json_array_foreach(type, i, item)
			if (type_matches(item, names))
				return 1;
		return 0;
	}
	if (!json_is_string(type))
		return 0;
	for (; *names; names++)
		if (strcasecmp(json_string_value(type), *names) == 0)
			return 1;
	return 0;
}

static const char *const article_types[] = {
	"Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle", "AnalysisNewsArticle",
	"OpinionNewsArticle", "BackgroundNewsArticle", "ReviewNewsArticle", "TechArticle",
	"ScholarlyArticle", "LiveBlogPosting", "Report", "SatiricalArticle", "AdvertiserContentArticle",
	"MedicalScholarlyArticle", "SocialMediaPosting", NULL};
static const char *const product_types[] = {"Product", "ProductGroup", "Offer", "IndividualProduct",
					    "Car", "Vehicle", NULL};
static const char *const listing_types[] = {"ItemList", "CollectionPage", "SearchResultsPage",
					    "OfferCatalog", NULL};
static const char *const forum_types[] = {"DiscussionForumPosting", "QAPage", "Question", NULL};
static const char *const site_types[] = {"Organization", "NewsMediaOrganization", "WebSite",
					 "Corporation", "LocalBusiness", NULL};

static const char *json_text(json_t *value)
{
	if (json_is_string(value))
		return json_string_value(value);
	if (json_is_array(value) && json_array_size(value) > 0)
		return json_text(json_array_get(value, 0));
	if (json_is_object(value)) {
		json_t *name = json_object_get(value, "name");

		if (json_is_string(name))
			return json_string_value(name);
		name = json_object_get(value, "@value");
		if (json_is_string(name))
			return json_string_value(name);
	}
	return NULL;
}

/* The object of `node`'s tree whose @id is `id` and that has a name; NULL when none. */
static json_t *named_node(json_t *node, const char *id, int depth)
{
	const char *key;
	json_t *value, *found;
	size_t i;

	if (depth > 8)
		return NULL;
	if (json_is_array(node)) {
		json_array_foreach(node, i, value)
			if ((found = named_node(value, id, depth + 1)))
				return found;
		return NULL;
	}
	if (!json_is_object(node))
		return NULL;
	value = json_object_get(node, "@id");
	if (json_is_string(value) && strcmp(json_string_value(value), id) == 0 &&
	    json_is_string(json_object_get(node, "name")))
		return node;
	json_object_foreach(node, key, value)
		if ((json_is_object(value) || json_is_array(value)) &&
		    (found = named_node(value, id, depth + 1)))
			return found;
	return NULL;
}

/*
 * Adds the authors of an article's `author` value.  A reference ({"@id":
 * ".../person/1"}, as Yoast's @graph writes it) is resolved to the Person
 * of the same document that carries the name.
 */
static void jsonld_authors(lede__page_meta *meta, lede__arena *arena, json_t *root, json_t *author,
			   int rank)
{
	size_t i;
	json_t *item, *id;

	if (json_is_array(author)) {
		json_array_foreach(author, i, item)
			jsonld_authors(meta, arena, root, item, rank);
		return;
	}
	if (json_is_object(author) && !json_object_get(author, "name") &&
	    json_is_string(id = json_object_get(author, "@id")) &&
	    (item = named_node(root, json_string_value(id), 0)))
		author = item;
	add_author(meta, arena, json_text(author), rank);
}

static void jsonld_walk(lede__page_meta *meta, lede__arena *arena, json_t *root, json_t *object,
			int depth);

/* Reads one JSON-LD document (an object, an array or a @graph). */
static void jsonld_object(lede__page_meta *meta, lede__arena *arena, json_t *object, int depth)
{
	jsonld_walk(meta, arena, object, object, depth);
}

static void jsonld_walk(lede__page_meta *meta, lede__arena *arena, json_t *root, json_t *object,
			int depth)
{
	json_t *type, *graph;
	size_t i;
	json_t *item;

	if (depth > 8)
		return;
	if (json_is_array(object)) {
		json_array_foreach(object, i, item)
			jsonld_walk(meta, arena, root, item, depth + 1);
		return;
	}
	if (!json_is_object(object))
		return;
	graph = json_object_get(object, "@graph");
	if (graph)
		jsonld_walk(meta, arena, root, graph, depth + 1);
	type = json_object_get(object, "@type");
	if (type_matches(type, article_types)) {
		json_t *publisher = json_object_get(object, "publisher");

		meta->has_article_schema = 1;
		if (!meta->schema_type && json_is_string(type))
			meta->schema_type = folded(arena, json_string_value(type));
		set_if_empty(&meta->headline, arena, json_text(json_object_get(object, "headline")));
		set_if_empty(&meta->headline, arena, json_text(json_object_get(object, "name")));
		set_date(meta, arena, json_text(json_object_get(object, "datePublished")),
			 RANK_JSONLD_ARTICLE);
		set_date(meta, arena, json_text(json_object_get(object, "dateCreated")),
			 RANK_JSONLD_ARTICLE + 1);
		set_if_empty(&meta->modified, arena, json_text(json_object_get(object, "dateModified")));
		jsonld_authors(meta, arena, root, json_object_get(object, "author"), 1);
		if (publisher)
			set_if_empty(&meta->site_name, arena, json_text(publisher));
		set_if_empty(&meta->article_body, arena, json_text(json_object_get(object, "articleBody")));
		set_if_empty(&meta->url, arena, json_text(json_object_get(object, "url")));
	} else if (type_matches(type, product_types)) {
		meta->has_product_schema = 1;
	} else if (type_matches(type, listing_types)) {
		meta->has_listing_schema = 1;
	} else if (type_matches(type, forum_types)) {
		meta->has_forum_schema = 1;
		jsonld_authors(meta, arena, root, json_object_get(object, "author"), 2);
		set_date(meta, arena, json_text(json_object_get(object, "datePublished")), RANK_JSONLD_OTHER);
		set_date(meta, arena, json_text(json_object_get(object, "dateCreated")), RANK_JSONLD_OTHER);
	} else if (type_matches(type, site_types)) {
		/* The publisher's own name, when nothing better says it. */
		if (!meta->site_name && json_is_string(json_object_get(object, "name")) && depth <= 2)
			set_if_empty(&meta->site_name, arena, json_text(json_object_get(object, "name")));
	} else if (json_is_string(type) && strstr(json_string_value(type), "WebPage")) {
		set_date(meta, arena, json_text(json_object_get(object, "datePublished")), RANK_JSONLD_OTHER);
	}
	/* Article entities are often nested under mainEntity / mainEntityOfPage. */
	item = json_object_get(object, "mainEntity");
	if (json_is_object(item) || json_is_array(item))
		jsonld_walk(meta, arena, root, item, depth + 1);
}

/*
 * Parses JSON that pages often write with raw line breaks or tabs inside
 * strings (invalid JSON, read fine by browsers' loose consumers): those
 * characters become spaces.  NULL when the text still does not parse.
 */
static json_t *load_relaxed_json(const char *text, size_t len)
{
	char *copy = lede__malloc(len + 1);
	json_t *root;
	size_t i;
	int in_string = 0, escaped = 0;

	if (!copy)
		return NULL;
	for (i = 0; i < len; i++) {
		char c = text[i];

		if (in_string) {
			if (escaped)
				escaped = 0;
			else if (c == '\\')
				escaped = 1;
			else if (c == '"')
				in_string = 0;
			else if ((unsigned char)c < 0x20)
				c = ' ';
		} else if (c == '"') {
			in_string = 1;
		}
		copy[i] = c;
	}
	root = json_loadb(copy, len, JSON_DECODE_ANY, NULL);
	lede__dealloc(copy);
	return root;
}

static void read_jsonld(lede__page_meta *meta, lede__arena *arena, const char *content)
{
	const char *start, *end;
	json_t *root;

	if (!content)
		return;
	start = content;
	end = start + strlen(start);
	/* Some sites wrap the data in comments or CDATA, or end it with ';'. */
	while (start < end && (*start == ' ' || *start == '\n' || *start == '\r' || *start == '\t'))
		start++;
	if (strncmp(start, "<!--", 4) == 0)
		start += 4;
	if (strncmp(start, "<![CDATA[", 9) == 0)
		start += 9;
	while (end > start && (end[-1] == ' ' || end[-1] == '\n' || end[-1] == '\r' || end[-1] == '\t' ||
			       end[-1] == ';' || end[-1] == '>' || end[-1] == ']' || end[-1] == '-')) {
		if (end[-1] == ']' || end[-1] == '>' || end[-1] == '-') {
			if (end - start >= 3 && strncmp(end - 3, "-->", 3) == 0) {
				end -= 3;
				continue;
			}
			if (end - start >= 3 && strncmp(end - 3, "]]>", 3) == 0) {
				end -= 3;
				continue;
			}
			break;
		}
		end--;
	}
	if (end > start && (size_t)(end - start) <= MAX_JSONLD) {
		/* A failed allocation in jansson's parser must stop it (alloc.h). */
		lede__json_begin();
		root = json_loadb(start, (size_t)(end - start), JSON_DECODE_ANY, NULL);
		if (!root)
			root = load_relaxed_json(start, (size_t)(end - start));
		lede__json_end();
		if (root)
			jsonld_object(meta, arena, root, 0);
		json_decref(root);
	}
}

/* ------------------------------------------------------------ meta tags */

static void read_meta(lede__page_meta *meta, lede__arena *arena, const lede__meta_element *node)
{
	const char *key = attribute(node, LEDE__META_PROPERTY);
	const char *content = attribute(node, LEDE__META_CONTENT);
	char name[64];
	size_t i;

	if (!key)
		key = attribute(node, LEDE__META_NAME);
	if (!key)
		key = attribute(node, LEDE__META_ITEMPROP);
	if (!key) {
		key = attribute(node, LEDE__META_HTTP_EQUIV);
		if (key && strcasecmp(key, "content-language") == 0 && content)
			set_if_empty(&meta->lang, arena, content);
		return;
	}
	if (!content || !*content)
		return;
	for (i = 0; key[i] && i + 1 < sizeof(name); i++)
		name[i] = (char)(key[i] >= 'A' && key[i] <= 'Z' ? key[i] | 0x20 : key[i]);
	name[i] = '\0';
	if (strcmp(name, "og:title") == 0 || strcmp(name, "twitter:title") == 0)
		set_if_empty(&meta->og_title, arena, content);
	else if (strcmp(name, "og:site_name") == 0)
		meta->site_name = folded(arena, content);
	else if (strcmp(name, "application-name") == 0 || strcmp(name, "apple-mobile-web-app-title") == 0)
		set_if_empty(&meta->site_name, arena, content);
	else if (strcmp(name, "og:url") == 0)
		set_if_empty(&meta->url, arena, content);
	else if (strcmp(name, "article:published_time") == 0 || strcmp(name, "og:article:published_time") == 0 ||
		 strcmp(name, "article:published") == 0 || strcmp(name, "datepublished") == 0)
		set_date(meta, arena, content, RANK_META_ARTICLE);
	else if (strcmp(name, "pubdate") == 0 || strcmp(name, "publishdate") == 0 ||
		 strcmp(name, "publish-date") == 0 || strcmp(name, "publish_date") == 0 ||
		 strcmp(name, "published-date") == 0 || strcmp(name, "published_time") == 0 ||
		 strcmp(name, "date") == 0 || strcmp(name, "dc.date") == 0 ||
		 strcmp(name, "dc.date.issued") == 0 || strcmp(name, "dcterms.date") == 0 ||
		 strcmp(name, "dcterms.created") == 0 || strcmp(name, "dcterms.issued") == 0 ||
		 strcmp(name, "sailthru.date") == 0 || strcmp(name, "parsely-pub-date") == 0 ||
		 strcmp(name, "article.published") == 0 || strcmp(name, "og:published_time") == 0 ||
		 strcmp(name, "citation_publication_date") == 0 || strcmp(name, "citation_date") == 0 ||
		 strcmp(name, "originalpublicationdate") == 0 || strcmp(name, "datecreated") == 0 ||
		 strcmp(name, "cxenseparse:recs:publishtime") == 0 || strcmp(name, "release_date") == 0)
		set_date(meta, arena, content, RANK_META_OTHER);
	else if (strcmp(name, "article:modified_time") == 0 || strcmp(name, "datemodified") == 0)
		set_if_empty(&meta->modified, arena, content);
	else if (strcmp(name, "author") == 0 || strcmp(name, "article:author") == 0 ||
		 strcmp(name, "parsely-author") == 0 || strcmp(name, "sailthru.author") == 0 ||
		 strcmp(name, "dc.creator") == 0 || strcmp(name, "byl") == 0 ||
		 strcmp(name, "citation_author") == 0 || strcmp(name, "twitter:creator") == 0)
		add_author(meta, arena, content, strcmp(name, "twitter:creator") == 0 ? 4 : 2);
	else if (strcmp(name, "description") == 0 || strcmp(name, "og:description") == 0)
		set_if_empty(&meta->description, arena, content);
	else if (strcmp(name, "og:type") == 0)
		set_if_empty(&meta->og_type, arena, content);
	else if (strcmp(name, "og:locale") == 0 || strcmp(name, "language") == 0)
		set_if_empty(&meta->lang, arena, content);
	else if ((strstr(name, "date") || strstr(name, "publish")) && !strstr(name, "modif") &&
		 !strstr(name, "updat") && !strstr(name, "expir") && !strstr(name, "valid"))
		/* Any other meta tag naming a date ("ms.date", "w-published-date"). */
		set_date(meta, arena, content, RANK_META_NAMED_DATE);
}

static void read_elements(lede__page_meta *out, lede__arena *arena, const lede__meta_source *source);

int lede__page_meta_read(lede__page_meta *out, lede__arena *arena, const lede__meta_source *source)
{
	memset(out, 0, sizeof(*out));
	out->published_rank = RANK_NONE;
	out->author_rank = RANK_NONE;
	if (!source->has_root)
		return 0;
	if (source->root_lang)
		out->lang = folded(arena, source->root_lang);
	read_elements(out, arena, source);
	if (out->published_rank == RANK_NONE)
		out->published_rank = 0;
	return 0;
}

/* The page's metadata elements in document order; the first title's subtree is not read. */
static void read_elements(lede__page_meta *out, lede__arena *arena, const lede__meta_source *source)
{
	size_t i = 0;
	int seen_time = 0;

	while (i < source->count) {
		const lede__meta_element *cur = &source->elements[i];
		size_t next = i + 1;

		if (cur->tag == LEDE__META_TAG_META) {
			read_meta(out, arena, cur);
		} else if (cur->tag == LEDE__META_TAG_SCRIPT) {
			const char *type = attribute(cur, LEDE__META_TYPE);

			if (type && strcasecmp(type, "application/ld+json") == 0)
				read_jsonld(out, arena, cur->text);
		} else if (cur->tag == LEDE__META_TAG_TITLE && !out->title_tag) {
			out->title_tag = cur->text ? folded(arena, cur->text) : NULL;
			next = cur->end;
		} else if (cur->tag == LEDE__META_TAG_LINK) {
			const char *rel = attribute(cur, LEDE__META_REL);

			if (rel && strcasecmp(rel, "canonical") == 0 && attribute(cur, LEDE__META_HREF))
				out->url = folded(arena, attribute(cur, LEDE__META_HREF));
		} else if (cur->tag == LEDE__META_TAG_TIME && !seen_time) {
			const char *when = attribute(cur, LEDE__META_DATETIME);

			if (when) {
				const char *prop = attribute(cur, LEDE__META_ITEMPROP);
				int rank = prop && strcasecmp(prop, "datePublished") == 0 ? RANK_META_OTHER
											: RANK_TIME_ELEMENT;
				set_date(out, arena, when, rank);
				if (!prop || strcasecmp(prop, "dateModified") != 0)
					out->time_element = folded(arena, when);
				seen_time = 1;
			}
		} else if (attribute(cur, LEDE__META_ITEMPROP)) {
			const char *prop = attribute(cur, LEDE__META_ITEMPROP);

			if (strcasecmp(prop, "datePublished") == 0) {
				const char *when = attribute(cur, LEDE__META_DATETIME);

				set_date(out, arena, when ? when : attribute(cur, LEDE__META_CONTENT), RANK_META_OTHER);
			} else if (strcasecmp(prop, "author") == 0 && cur->tag != LEDE__META_TAG_META &&
				   cur->tag != LEDE__META_TAG_LINK) {
				if (cur->text && strlen(cur->text) < 200)
					add_author(out, arena, cur->text, 3);
			}
		}
		i = next > i ? next : i + 1;
	}
}

/* --------------------------------------------------------------- authors */

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* A name: 1-6 words, mostly capitalized, no digits, not a role or a stock phrase. */
static int plausible_name(const char *s, size_t len)
{
	static const char *const refused[] = {"staff", "admin", "administrator", "editor", "editors",
					      "team", "contributor", "contributors", "unknown",
					      "anonymous", "email", "e-mail", "follow", "twitter",
					      "facebook", "more", "posts", "view", "profile", "updated",
					      "published", "author", NULL};
	size_t i, words = 0, capitals = 0;
	int in_word = 0;

	if (len < 2 || len > 80)
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= '0' && c <= '9')
			return 0;
		if (c == '@' || c == '|' || c == '/' || c == ':')
			return 0;
		if (is_space((char)c) || c == '-') {
			in_word = 0;
			continue;
		}
		if (!in_word) {
			const char *const *r;

			words++;
			in_word = 1;
			if ((c >= 'A' && c <= 'Z') || c >= 0x80)
				capitals++;
			for (r = refused; *r; r++) {
				size_t n = strlen(*r);

				if (len == n && strncasecmp(s, *r, n) == 0)
					return 0;
			}
		}
	}
	return words >= 1 && words <= 6 && capitals * 2 >= words;
}

/* 1 when a word of s[0..len) names a job ("Senior Reporter", "Review Editor"). */
static int names_a_role(const char *s, size_t len)
{
	static const char *const roles[] = {"reporter", "writer", "editor", "correspondent",
					    "columnist", "contributor", "journalist", "producer",
					    "photographer", "staff", "freelance", "chief", NULL};
	size_t i, w;
	const char *const *r;

	for (i = 0; i < len; i = w + 1) {
		for (w = i; w < len && !is_space(s[w]) && s[w] != '-';)
			w++;
		for (r = roles; *r; r++)
			if (w - i == strlen(*r) && strncasecmp(s + i, *r, w - i) == 0)
				return 1;
	}
	return 0;
}

/*
 * 1 for the degree or title that follows a name in a byline ("Ph.D.",
 * "CFP", "M.D. FACLM", "CEPF\xc2\xae"): every word short and upper-case, or
 * short and written with dots.
 */
static int is_credential(const char *s, size_t len)
{
	size_t i, w, words = 0, longest = 0;
	int all_upper = 1, dotted = 0;

	for (i = 0; i < len; i = w) {
		size_t letters = 0;

		while (i < len && !((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
				    (s[i] >= '0' && s[i] <= '9'))) {
			dotted |= s[i] == '.';
			i++;
		}
		for (w = i; w < len && ((s[w] >= 'A' && s[w] <= 'Z') || (s[w] >= 'a' && s[w] <= 'z') ||
					(s[w] >= '0' && s[w] <= '9'));
		     w++) {
			letters++;
			if (s[w] >= 'a' && s[w] <= 'z')
				all_upper = 0;
		}
		if (letters) {
			words++;
			longest = letters > longest ? letters : longest;
		}
	}
	if (!words)
		return 0;
	return (all_upper && longest <= 5) || (dotted && longest <= 3);
}

/* What a byline puts before the name: "Written by", "Words by", ... */
static size_t lead_in(const char *s, size_t len)
{
	static const char *const leads[] = {"written by ", "words by ", "text by ", "story by ",
					    "posted by ", "article by ", "authored by ", "by ", NULL};
	const char *const *l;

	for (l = leads; *l; l++) {
		size_t n = strlen(*l);

		if (len > n && strncasecmp(s, *l, n) == 0)
			return n;
	}
	return 0;
}

/*
 * 1 for a piece that names someone other than the author: "Updated by ...",
 * "Reviewed by ...", or a commenter ("Lori Campbell says").
 */
static int names_someone_else(const char *s, size_t len)
{
	static const char *const others[] = {"updated by ", "reviewed by ", "edited by ",
					     "fact checked by ", "fact-checked by ",
					     "medically reviewed by ", "photo by ", "photos by ",
					     "illustration by ", NULL};
	const char *const *o;

	for (o = others; *o; o++) {
		size_t n = strlen(*o);

		if (len > n && strncasecmp(s, *o, n) == 0)
			return 1;
	}
	return len > 5 && strncasecmp(s + len - 5, " says", 5) == 0;
}

/*
 * Adds the name s[0..len) when it is plausible.  A piece after the first of a
 * byline that names a job is the first one's role ("Kai Lindholm, Senior
 * Reporter"); as the only piece ("EcoCult Staff") it is how the page signs.
 */
static void push_name(const char **names, size_t *count, size_t max, lede__arena *arena,
		      const char *s, size_t len, int later)
{
	size_t i, skip;
	const char *copy;

	while (len && (is_space(*s) || *s == ',' || *s == ';'))
		s++, len--;
	while (len && (is_space(s[len - 1]) || s[len - 1] == ',' || s[len - 1] == '.' || s[len - 1] == ';'))
		len--;
	if (names_someone_else(s, len))
		return;
	skip = lead_in(s, len);
	s += skip;
	len -= skip;
	if (!plausible_name(s, len) || *count >= max ||
	    (later && (names_a_role(s, len) || is_credential(s, len))))
		return;
	for (i = 0; i < *count; i++)
		if (strlen(names[i]) == len && strncasecmp(names[i], s, len) == 0)
			return;
	copy = lede__arena_strndup(arena, s, len);
	if (copy) {
		const char *f = folded(arena, copy);

		if (f)
			names[(*count)++] = f;
	}
}

void lede__authors_clean(const char **names, size_t *count, size_t max, lede__arena *arena,
			 const char *text)
{
	const char *s = text, *end;
	size_t len, pieces = 0;

	while (is_space(*s))
		s++;
	if (strncasecmp(s, "by ", 3) == 0 || strncasecmp(s, "by:", 3) == 0)
		s += 3;
	len = strlen(s);
	/* "Jane Doe, Staff Writer" / "Jane Doe | Outlet": the part before a role or bar. */
	end = s + len;
	while (s < end) {
		const char *sep = s;
		size_t n;

		/*
		 * Separators: , ; | a line break, " and ", " & ", the dot operator
		 * (U+22C5) and the middle dot (U+00B7).
		 */
		while (sep < end && *sep != ',' && *sep != ';' && *sep != '|' && *sep != '\n' &&
		       !(sep + 5 <= end && strncasecmp(sep, " and ", 5) == 0) &&
		       !(sep + 3 <= end && strncmp(sep, " & ", 3) == 0) &&
		       !(sep + 3 <= end && strncmp(sep, "\xe2\x8b\x85", 3) == 0) &&
		       !(sep + 2 <= end && strncmp(sep, "\xc2\xb7", 2) == 0))
			sep++;
		n = (size_t)(sep - s);
		push_name(names, count, max, arena, s, n, pieces++ > 0);
		if (sep >= end)
			break;
		if (*sep == '|')
			break;
		s = sep + (strncasecmp(sep, " and ", 5) == 0 ? 5 : strncmp(sep, " & ", 3) == 0 ? 3 :
			   (unsigned char)*sep == 0xe2 ? 3 : (unsigned char)*sep == 0xc2 ? 2 : 1);
	}
}
