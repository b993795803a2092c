#include "feed.h"

#include <ctype.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <stdio.h>
#include <string.h>

#include "util/alloc.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/error.h"

#define ATOM_NS "http://www.w3.org/2005/Atom"
#define RSS1_NS "http://purl.org/rss/1.0/"
#define RSS090_NS "http://my.netscape.com/rdf/simple/0.9/"
#define RDF_NS "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define CONTENT_NS "http://purl.org/rss/1.0/modules/content/"
#define DC_NS "http://purl.org/dc/elements/1.1/"

/*
 * ITEM_SLACK: libxml2 reads ahead of the node it hands out, so an item is
 * over the limit only once the input fed during its expansion passes
 * max_item by more than a read-ahead.
 */
enum { MAX_AUTHORS = 16, ITEM_SLACK = 16 << 10 };

typedef enum feed_kind { FEED_UNKNOWN, FEED_RSS, FEED_ATOM } feed_kind;

struct lede__feed {
	xmlTextReaderPtr xml;
	lede__reader *reader;
	char *name;
	uint64_t max_item;
	feed_kind kind;
	int stopped;
	int skip_pending;  /* the XML reader stands on an element already read: go past it */
	int in_item;       /* `label` names the item being read */
	int input_failed;  /* the lede__reader failed with this code; `error` holds why */
	int over_limit;    /* an item passed max_item while it was being read */
	int failed;        /* LEDE_ENOMEM or LEDE_ETOOBIG: an item string could not be made */
	uint64_t fed;      /* bytes handed to libxml2 */
	uint64_t limit_at; /* while an item is read: `fed` past which it is over the limit */
	uint64_t items;
	char *outlet;      /* the feed's title */
	char *lang;        /* the feed's language (ISO 639-1) */
	char error[256];   /* the first XML error */
	lede__buf label;
	lede__arena arena; /* the current item's strings */
	lede__buf raw;     /* the current item as a feed of its own */
	lede__doc doc;
	const char *authors[MAX_AUTHORS];
};

enum { ENTITY_MAX = 32, REPLACEMENT_MAX = 16 };

/*
 * How many bytes at p[0..n) (p[0] == '&') the input callback rewrites, with
 * the replacement in `out`; 0 to pass '&' on as it is.  Feeds are often
 * written with HTML's named entities ("&nbsp;", "&mdash;"), which XML does
 * not define and which would end the parse: they become numeric references.
 * A bare '&' ("AT&T") becomes "&amp;".
 */
static size_t rewrite_ampersand(char out[REPLACEMENT_MAX], size_t *out_len, const char *p, size_t n)
{
	static const char *const xml_names[] = {"amp", "lt", "gt", "quot", "apos", NULL};
	const char *const *x;
	const htmlEntityDesc *entity;
	char name[ENTITY_MAX + 1];
	size_t i = 1;

	if (n > 1 && p[1] == '#')
		return 0;
	while (i < n && i <= ENTITY_MAX && isalnum((unsigned char)p[i]))
		i++;
	if (i > 1 && i < n && p[i] == ';') {
		memcpy(name, p + 1, i - 1);
		name[i - 1] = '\0';
		for (x = xml_names; *x; x++)
			if (strcmp(name, *x) == 0)
				return 0;
		entity = htmlEntityLookup((const xmlChar *)name);
		if (entity) {
			*out_len = (size_t)snprintf(out, REPLACEMENT_MAX, "&#%u;", entity->value);
			return i + 1;
		}
	}
	memcpy(out, "&amp;", 5);
	*out_len = 5;
	return 1;
}

/*
 * libxml2 input callback: bytes from the lede__reader (gzip undone), with
 * HTML entities and bare ampersands made well-formed (rewrite_ampersand).
 */
static int read_input(void *context, char *buffer, int len)
{
	lede__feed *feed = context;
	const char *p;
	size_t n, used = 0, written = 0;

	if (len <= 0)
		return 0;
	if (feed->limit_at && feed->fed > feed->limit_at) {
		feed->over_limit = 1;
		return -1;
	}
	if ((feed->input_failed = lede__reader_peek(feed->reader, &p, &n, ENTITY_MAX + 2)) != 0) {
		snprintf(feed->error, sizeof(feed->error), "%s", lede_errmsg());
		return -1;
	}
	if ((size_t)len <= REPLACEMENT_MAX) {
		/* Too small a buffer to rewrite into (libxml2 asks for kilobytes). */
		used = written = n < (size_t)len ? n : (size_t)len;
		memcpy(buffer, p, used);
	}
	while (used < n && written + REPLACEMENT_MAX < (size_t)len) {
		const char *amp;
		size_t run = n - used, room = (size_t)len - REPLACEMENT_MAX - written;

		if (p[used] == '&') {
			char replacement[REPLACEMENT_MAX];
			size_t replacement_len = 0, taken;

			/* A name cut by the window's end is finished in the next call. */
			if (n - used < ENTITY_MAX + 2 && used > 0)
				break;
			taken = rewrite_ampersand(replacement, &replacement_len, p + used, n - used);
			if (taken) {
				memcpy(buffer + written, replacement, replacement_len);
				written += replacement_len;
				used += taken;
				continue;
			}
			buffer[written++] = '&';
			used++;
			continue;
		}
		if (run > room)
			run = room;
		amp = memchr(p + used, '&', run);
		if (amp)
			run = (size_t)(amp - (p + used));
		memcpy(buffer + written, p + used, run);
		written += run;
		used += run;
	}
	lede__reader_consume(feed->reader, used);
	feed->fed += used;
	return (int)written;
}

static void on_xml_error(void *context, xmlErrorPtr error)
{
	lede__feed *feed = context;
	size_t n;

	if (feed->error[0] || !error || error->level < XML_ERR_ERROR)
		return;
	snprintf(feed->error, sizeof(feed->error), "malformed XML at line %d: %s", error->line,
		 error->message ? error->message : "parse error");
	n = strlen(feed->error);
	while (n > 0 && (feed->error[n - 1] == '\n' || feed->error[n - 1] == ' '))
		feed->error[--n] = '\0';
}

/*
 * libxml2 reports some faults (input encoding conversion, serialization)
 * outside any parser, on its per-thread generic channel, which prints to
 * stderr.  While lede works on a feed that channel is silenced; the parser's
 * own errors still reach on_xml_error.
 */
typedef struct quiet {
	xmlGenericErrorFunc handler;
	void *context;
} quiet;

static void ignore_message(void *context, const char *format, ...)
{
	(void)context;
	(void)format;
}

static void quiet_begin(quiet *q)
{
	q->handler = xmlGenericError;
	q->context = xmlGenericErrorContext;
	xmlSetGenericErrorFunc(NULL, ignore_message);
}

static void quiet_end(const quiet *q)
{
	xmlSetGenericErrorFunc(q->context, q->handler);
}

static int feed_open(lede__feed **out, lede__reader *reader, const char *name, uint64_t max_item)
{
	lede__feed *feed;
	size_t raw_max = max_item < (size_t)-1 - ITEM_SLACK ? (size_t)max_item + ITEM_SLACK
							      : (size_t)-1;

	*out = NULL;
	if (!(feed = lede__calloc(1, sizeof(*feed))))
		return lede__error_nomem();
	feed->reader = reader;
	feed->max_item = max_item;
	lede__buf_init(&feed->label, 1 << 16);
	lede__buf_init(&feed->raw, raw_max);
	lede__arena_init(&feed->arena);
	if (!(feed->name = lede__strdup(name))) {
		lede__feed_free(feed);
		return lede__error_nomem();
	}
	/* No XML_PARSE_NOENT (no entity expansion), no DTD loading, no network, no HUGE. */
	feed->xml = xmlReaderForIO(read_input, NULL, feed, NULL, NULL,
				   XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!feed->xml) {
		int rc = feed->input_failed ? lede__error(feed->input_failed, "%s", feed->error)
					    : lede__error_nomem();

		lede__feed_free(feed);
		return rc;
	}
	xmlTextReaderSetStructuredErrorHandler(feed->xml, on_xml_error, feed);
	*out = feed;
	return 0;
}

int lede__feed_open(lede__feed **out, lede__reader *reader, const char *name, uint64_t max_item)
{
	quiet q;
	int rc;

	quiet_begin(&q);
	rc = feed_open(out, reader, name, max_item);
	quiet_end(&q);
	return rc;
}

void lede__feed_free(lede__feed *feed)
{
	if (!feed)
		return;
	if (feed->xml) {
		quiet q;

		quiet_begin(&q);
		xmlFreeTextReader(feed->xml);
		quiet_end(&q);
	}
	lede__dealloc(feed->name);
	lede__dealloc(feed->outlet);
	lede__dealloc(feed->lang);
	lede__buf_free(&feed->label);
	lede__buf_free(&feed->raw);
	lede__arena_free(&feed->arena);
	lede__dealloc(feed);
}

int lede__feed_stopped(const lede__feed *feed)
{
	return feed->stopped;
}

const char *lede__feed_where(const lede__feed *feed)
{
	return feed->in_item ? lede__buf_str(&feed->label) : feed->name;
}

/* Stops the feed after the XML reader failed, with the reason. */
static int stop_failed(lede__feed *feed)
{
	feed->stopped = 1;
	if (feed->over_limit)
		return lede__error(LEDE_ETOOBIG, "item larger than the limit of %llu bytes; the rest "
						 "of the feed is not read",
				   (unsigned long long)feed->max_item);
	if (feed->input_failed)
		return lede__error(feed->input_failed, "%s", feed->error);
	return lede__error(LEDE_EFORMAT, "%s", feed->error[0] ? feed->error : "malformed XML");
}

static int is_rss_ns(const char *ns)
{
	return !ns || strcmp(ns, RSS1_NS) == 0 || strcmp(ns, RSS090_NS) == 0;
}

static int ns_is(const xmlNode *node, const char *href)
{
	return node->ns && node->ns->href && strcmp((const char *)node->ns->href, href) == 0;
}

static int name_is(const xmlNode *node, const char *name)
{
	return strcmp((const char *)node->name, name) == 0;
}

/* Appends the text of `node`'s descendants: text and CDATA, no entity references. */
static int append_text(lede__buf *out, const xmlNode *node)
{
	const xmlNode *child;
	int rc;

	for (child = node->children; child; child = child->next) {
		if ((child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) &&
		    child->content) {
			if ((rc = lede__buf_append_str(out, (const char *)child->content)) != 0)
				return rc;
		} else if (child->type == XML_ELEMENT_NODE) {
			if ((rc = append_text(out, child)) != 0)
				return rc;
		}
	}
	return 0;
}

/* The text of `node` in the feed's arena ("" when it has none). */
static const char *node_text(lede__feed *feed, const xmlNode *node)
{
	lede__buf text;
	const char *copy = NULL;

	int rc;

	lede__buf_init(&text, feed->raw.max);
	if ((rc = append_text(&text, node)) == 0 &&
	    !(copy = lede__arena_strndup(&feed->arena, lede__buf_str(&text), text.len)))
		rc = LEDE_ENOMEM;
	lede__buf_free(&text);
	if (rc && !feed->failed)
		feed->failed = rc;
	return copy;
}

/* Removes entity references (which name entities the feed declares) from a copied subtree. */
static void drop_entity_refs(xmlNode *node)
{
	xmlNode *child = node->children, *next;

	for (; child; child = next) {
		next = child->next;
		if (child->type == XML_ENTITY_REF_NODE) {
			xmlUnlinkNode(child);
			xmlFreeNode(child);
		} else if (child->type == XML_ELEMENT_NODE) {
			drop_entity_refs(child);
		}
	}
}

/* Appends the XML of `node` (with the namespaces it uses declared) to `out`. */
static int append_markup(lede__buf *out, const xmlNode *node)
{
	xmlNode *copy = xmlDocCopyNode((xmlNode *)node, node->doc, 1);
	xmlBufferPtr text = copy ? xmlBufferCreate() : NULL;
	int rc = 0;

	if (!copy || !text) {
		rc = lede__error_nomem();
	} else {
		if (copy->type == XML_ELEMENT_NODE)
			drop_entity_refs(copy);
		if (copy->type != XML_ENTITY_REF_NODE &&
		    xmlNodeDump(text, node->doc, copy, 0, 0) < 0)
			rc = lede__error_nomem();
		else
			rc = lede__buf_append(out, xmlBufferContent(text), (size_t)xmlBufferLength(text));
	}
	if (text)
		xmlBufferFree(text);
	if (copy)
		xmlFreeNode(copy);
	return rc;
}

/* The markup of node's children (inline XHTML) in the arena. */
static const char *node_markup(lede__feed *feed, const xmlNode *node)
{
	lede__buf markup;
	const xmlNode *child;
	const char *copy = NULL;
	int rc = 0;

	lede__buf_init(&markup, feed->raw.max);
	for (child = node->children; child && rc == 0; child = child->next)
		rc = append_markup(&markup, child);
	if (rc == 0 && !(copy = lede__arena_strndup(&feed->arena, lede__buf_str(&markup),
						     markup.len)))
		rc = LEDE_ENOMEM;
	lede__buf_free(&markup);
	if (rc && !feed->failed)
		feed->failed = rc;
	return copy;
}

static int has_element_children(const xmlNode *node)
{
	const xmlNode *child;

	for (child = node->children; child; child = child->next)
		if (child->type == XML_ELEMENT_NODE)
			return 1;
	return 0;
}

/* An attribute's value in the arena, or NULL. */
static const char *attribute(lede__feed *feed, const xmlNode *node, const char *name)
{
	xmlChar *value = xmlGetNoNsProp(node, (const xmlChar *)name);
	const char *copy;

	if (!value)
		return NULL;
	copy = lede__arena_strdup(&feed->arena, (const char *)value);
	xmlFree(value);
	if (!copy)
		feed->failed = LEDE_ENOMEM;
	return copy;
}

/* s with runs of white space made one space, trimmed, in place; NULL when empty. */
static const char *squeeze(char *s)
{
	char *in, *out;
	int space = 0;

	if (!s)
		return NULL;
	for (in = out = s; *in; in++) {
		if (isspace((unsigned char)*in)) {
			space = out > s;
			continue;
		}
		if (space)
			*out++ = ' ';
		space = 0;
		*out++ = *in;
	}
	*out = '\0';
	return *s ? s : NULL;
}

/* Removes <...> tags in place (titles written as escaped HTML). */
static char *strip_tags(char *s)
{
	char *in, *out;
	int in_tag = 0;

	if (!s)
		return NULL;
	for (in = out = s; *in; in++) {
		if (*in == '<' && (isalpha((unsigned char)in[1]) || in[1] == '/' || in[1] == '!'))
			in_tag = 1;
		else if (in_tag && *in == '>')
			in_tag = 0;
		else if (!in_tag)
			*out++ = *in;
	}
	*out = '\0';
	return s;
}

/* 1 when text holds markup: a tag or a character reference. */
static int looks_html(const char *s)
{
	for (; (s = strchr(s, '<')) != NULL; s++)
		if (isalpha((unsigned char)s[1]) || s[1] == '/' || s[1] == '!')
			return 1;
	return 0;
}

/* "en" from "en-us", "EN_gb", "en"; NULL for anything else. */
/* Sets *out to the language code of `tag` ("en-gb" -> "en"), NULL when it is none; 0 or LEDE_ENOMEM. */
static int language_code(char **out, const char *tag)
{
	size_t n = 0;
	char code[4];

	*out = NULL;
	while (tag && n < 3 && isalpha((unsigned char)tag[n])) {
		code[n] = (char)tolower((unsigned char)tag[n]);
		n++;
	}
	if (n < 2 || (tag[n] && tag[n] != '-' && tag[n] != '_'))
		return 0;
	code[n] = '\0';
	*out = lede__strdup(code);
	return *out ? 0 : lede__error_nomem();
}

/* The name in an RSS <author>: "jane@example.org (Jane Doe)" -> "Jane Doe". */
static const char *rss_author(char *s)
{
	char *open, *close;

	if (!s)
		return NULL;
	open = strchr(s, '(');
	close = open ? strrchr(open, ')') : NULL;
	if (open && close) {
		*close = '\0';
		return squeeze(open + 1);
	}
	return strchr(s, '@') ? NULL : squeeze(s);
}

typedef struct item_fields {
	const char *title, *link, *alternate, *guid, *id;
	const char *pub_date, *dc_date, *published, *updated;
	const char *encoded;               /* content:encoded: HTML */
	const char *content, *summary, *description;
	lede_format content_format, summary_format, description_format;
	int guid_is_permalink;
} item_fields;

static int add_author(lede__feed *feed, const char *name)
{
	if (name && feed->doc.author_count < MAX_AUTHORS)
		feed->authors[feed->doc.author_count++] = name;
	return 0;
}

/* The body of an Atom <content> or <summary>; *out NULL when it is no text (src=, binary). */
static int atom_text(const char **out, lede_format *out_format, lede__feed *feed,
		     const xmlNode *node)
{
	const char *type = attribute(feed, node, "type");

	*out = NULL;
	if (!type || strcmp(type, "text") == 0 || strncmp(type, "text/plain", 10) == 0) {
		*out_format = LEDE_FORMAT_TEXT;
		*out = node_text(feed, node);
	} else if (strcmp(type, "html") == 0 || strstr(type, "html") != NULL) {
		*out_format = LEDE_FORMAT_HTML;
		*out = strcmp(type, "xhtml") == 0 || strstr(type, "xml") ? node_markup(feed, node)
									: node_text(feed, node);
	} else if (strncmp(type, "text/", 5) == 0) {
		*out_format = LEDE_FORMAT_TEXT;
		*out = node_text(feed, node);
	} else {
		return 0;
	}
	return *out ? 0 : lede__error_nomem();
}

/* RSS <description> and <content:encoded>: escaped HTML, CDATA, or inline elements. */
static int rss_text(const char **out, lede_format *out_format, lede__feed *feed,
		    const xmlNode *node)
{
	if (has_element_children(node)) {
		*out = node_markup(feed, node);
		*out_format = LEDE_FORMAT_HTML;
	} else {
		*out = node_text(feed, node);
		*out_format = *out && looks_html(*out) ? LEDE_FORMAT_HTML : LEDE_FORMAT_TEXT;
	}
	return *out ? 0 : lede__error_nomem();
}

static int read_atom_field(item_fields *f, lede__feed *feed, const xmlNode *node)
{
	const xmlNode *child;

	if (name_is(node, "title")) {
		const char *type = attribute(feed, node, "type");
		char *title = (char *)node_text(feed, node);

		f->title = squeeze(type && strcmp(type, "text") != 0 ? strip_tags(title) : title);
	} else if (name_is(node, "link")) {
		const char *rel = attribute(feed, node, "rel");
		const char *type = attribute(feed, node, "type");

		if ((!rel || strcmp(rel, "alternate") == 0) &&
		    (!f->alternate || (type && strstr(type, "html"))))
			f->alternate = attribute(feed, node, "href");
	} else if (name_is(node, "id")) {
		f->id = squeeze((char *)node_text(feed, node));
	} else if (name_is(node, "published")) {
		f->published = squeeze((char *)node_text(feed, node));
	} else if (name_is(node, "updated")) {
		f->updated = squeeze((char *)node_text(feed, node));
	} else if (name_is(node, "author")) {
		for (child = node->children; child; child = child->next)
			if (child->type == XML_ELEMENT_NODE && name_is(child, "name"))
				add_author(feed, squeeze((char *)node_text(feed, child)));
	} else if (name_is(node, "content") && !f->content) {
		return atom_text(&f->content, &f->content_format, feed, node);
	} else if (name_is(node, "summary") && !f->summary) {
		return atom_text(&f->summary, &f->summary_format, feed, node);
	}
	return 0;
}

static int read_rss_field(item_fields *f, lede__feed *feed, const xmlNode *node)
{
	if (name_is(node, "title") && !f->title) {
		f->title = squeeze((char *)node_text(feed, node));
	} else if (name_is(node, "link") && !f->link) {
		f->link = squeeze((char *)node_text(feed, node));
	} else if (name_is(node, "guid") && !f->guid) {
		const char *permalink = attribute(feed, node, "isPermaLink");

		f->guid = squeeze((char *)node_text(feed, node));
		f->guid_is_permalink = !permalink || strcmp(permalink, "false") != 0;
	} else if (name_is(node, "pubDate") && !f->pub_date) {
		f->pub_date = squeeze((char *)node_text(feed, node));
	} else if (name_is(node, "author")) {
		add_author(feed, rss_author((char *)node_text(feed, node)));
	} else if (name_is(node, "description") && !f->description) {
		return rss_text(&f->description, &f->description_format, feed, node);
	}
	return 0;
}

/* Reads the fields of an item or entry. */
static int read_fields(item_fields *f, lede__feed *feed, const xmlNode *item)
{
	const xmlNode *node;
	int rc = 0;

	memset(f, 0, sizeof(*f));
	feed->failed = 0;
	for (node = item->children; node && rc == 0; node = node->next) {
		if (node->type != XML_ELEMENT_NODE)
			continue;
		if (ns_is(node, ATOM_NS)) {
			rc = read_atom_field(f, feed, node);
		} else if (ns_is(node, CONTENT_NS) && name_is(node, "encoded") && !f->encoded) {
			lede_format ignored;

			rc = rss_text(&f->encoded, &ignored, feed, node);
		} else if (ns_is(node, DC_NS) && name_is(node, "creator")) {
			add_author(feed, squeeze((char *)node_text(feed, node)));
		} else if (ns_is(node, DC_NS) && name_is(node, "date") && !f->dc_date) {
			f->dc_date = squeeze((char *)node_text(feed, node));
		} else if (is_rss_ns(node->ns ? (const char *)node->ns->href : NULL)) {
			rc = read_rss_field(f, feed, node);
		}
	}
	if (rc == 0 && feed->failed == LEDE_ENOMEM)
		rc = lede__error_nomem();
	else if (rc == 0 && feed->failed)
		rc = lede__error(LEDE_ETOOBIG, "item text larger than the limit of %llu bytes",
				 (unsigned long long)feed->max_item);
	return rc;
}

static int append_escaped(lede__buf *out, const char *s)
{
	int rc = 0;

	for (; *s && rc == 0; s++) {
		switch (*s) {
		case '&':
			rc = lede__buf_append_str(out, "&amp;");
			break;
		case '<':
			rc = lede__buf_append_str(out, "&lt;");
			break;
		case '>':
			rc = lede__buf_append_str(out, "&gt;");
			break;
		case '"':
			rc = lede__buf_append_str(out, "&quot;");
			break;
		default:
			rc = lede__buf_append_byte(out, *s);
		}
	}
	return rc;
}

/* The item as a feed of its own: what is stored as its raw bytes. */
static int build_raw(lede__feed *feed, const xmlNode *item)
{
	lede__buf *raw = &feed->raw;
	int rc;

	if ((rc = lede__buf_append_str(raw, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")) != 0)
		return rc;
	if (feed->kind == FEED_ATOM) {
		rc = lede__buf_append_str(raw, "<feed xmlns=\"" ATOM_NS "\"");
		if (rc == 0 && feed->lang && (rc = lede__buf_append_str(raw, " xml:lang=\"")) == 0 &&
		    (rc = append_escaped(raw, feed->lang)) == 0)
			rc = lede__buf_append_byte(raw, '"');
		if (rc == 0)
			rc = lede__buf_append_byte(raw, '>');
	} else {
		rc = lede__buf_append_str(raw, "<rss version=\"2.0\"><channel>");
	}
	if (rc == 0 && feed->outlet && (rc = lede__buf_append_str(raw, "<title>")) == 0 &&
	    (rc = append_escaped(raw, feed->outlet)) == 0)
		rc = lede__buf_append_str(raw, "</title>");
	if (rc == 0 && feed->kind != FEED_ATOM && feed->lang &&
	    (rc = lede__buf_append_str(raw, "<language>")) == 0 &&
	    (rc = append_escaped(raw, feed->lang)) == 0)
		rc = lede__buf_append_str(raw, "</language>");
	if (rc == 0)
		rc = append_markup(raw, item);
	if (rc == 0)
		rc = lede__buf_append_str(raw, feed->kind == FEED_ATOM ? "</feed>\n"
								 : "</channel></rss>\n");
	return rc;
}

/* Fills feed->doc from an expanded item or entry. */
static int item_doc(lede__feed *feed, const xmlNode *item)
{
	lede__doc *doc = &feed->doc;
	item_fields f;
	int rc;

	memset(doc, 0, sizeof(*doc));
	if ((rc = read_fields(&f, feed, item)) != 0)
		return rc;
	doc->name = lede__buf_str(&feed->label);
	doc->authors = feed->authors;
	doc->title = f.title;
	doc->url = f.link ? f.link : f.alternate;
	if (!doc->url && f.guid && f.guid_is_permalink &&
	    (strncmp(f.guid, "http://", 7) == 0 || strncmp(f.guid, "https://", 8) == 0))
		doc->url = f.guid;
	doc->external_id = f.guid ? f.guid : f.id;
	doc->published = f.pub_date ? f.pub_date : f.dc_date ? f.dc_date
				    : f.published ? f.published : f.updated;
	doc->outlet = feed->outlet;
	doc->lang = feed->lang;
	if (f.encoded && *f.encoded) {
		doc->body = f.encoded;
		doc->format = LEDE_FORMAT_HTML;
	} else if (f.content && *f.content) {
		doc->body = f.content;
		doc->format = f.content_format;
	} else if (f.description && *f.description) {
		doc->body = f.description;
		doc->format = f.description_format;
	} else if (f.summary && *f.summary) {
		doc->body = f.summary;
		doc->format = f.summary_format;
	} else if (f.title) {
		doc->body = ""; /* a headline-only item: the article is its title */
		doc->format = LEDE_FORMAT_TEXT;
	} else {
		return lede__error(LEDE_EFORMAT, "item has no title, content or description");
	}
	doc->body_len = strlen(doc->body);
	if ((rc = build_raw(feed, item)) != 0)
		return rc == LEDE_ETOOBIG ? lede__error(LEDE_ETOOBIG,
							"item larger than the limit of %llu bytes",
							(unsigned long long)feed->max_item)
					  : rc;
	doc->raw = lede__buf_str(&feed->raw);
	doc->raw_len = feed->raw.len;
	doc->raw_format = LEDE_FORMAT_FEED;
	return 0;
}

/* Expands the element the XML reader stands on, within the item limit. */
static const xmlNode *expand(lede__feed *feed)
{
	const xmlNode *node;

	feed->limit_at = feed->fed + feed->max_item + ITEM_SLACK;
	node = xmlTextReaderExpand(feed->xml);
	feed->limit_at = 0;
	feed->skip_pending = node != NULL;
	return node;
}

static int read_root(lede__feed *feed, const char *local, const char *ns)
{
	char name[64];

	if (strcmp(local, "rss") == 0 && !ns) {
		feed->kind = FEED_RSS;
	} else if (strcmp(local, "RDF") == 0 && ns && strcmp(ns, RDF_NS) == 0) {
		feed->kind = FEED_RSS;
	} else if (strcmp(local, "feed") == 0 && ns && strcmp(ns, ATOM_NS) == 0) {
		const xmlChar *lang = xmlTextReaderConstXmlLang(feed->xml);

		feed->kind = FEED_ATOM;
		if (lang && language_code(&feed->lang, (const char *)lang) != 0)
			return LEDE_ENOMEM;
	} else {
		size_t i;

		for (i = 0; local[i] && i + 1 < sizeof(name); i++)
			name[i] = isprint((unsigned char)local[i]) ? local[i] : '?';
		name[i] = '\0';
		feed->stopped = 1;
		return lede__error(LEDE_EFORMAT, "not an RSS or Atom feed: the root element is <%s>",
				   name);
	}
	return 0;
}

/* The channel's (or Atom feed's) title and language, which every item shares. */
static int read_feed_field(lede__feed *feed, int depth, const char *local, const char *ns)
{
	const xmlNode *current = xmlTextReaderCurrentNode(feed->xml), *node;
	int channel_child = depth == 2 && current && current->parent &&
			    current->parent->type == XML_ELEMENT_NODE &&
			    name_is(current->parent, "channel");
	int title = feed->kind == FEED_ATOM ? depth == 1 && ns && strcmp(ns, ATOM_NS) == 0
					    : channel_child && is_rss_ns(ns);
	int language = feed->kind != FEED_ATOM && channel_child &&
		       (is_rss_ns(ns) || strcmp(ns, DC_NS) == 0) && strcmp(local, "language") == 0;
	lede__buf text;
	int rc;

	if (!(title && strcmp(local, "title") == 0 && !feed->outlet) && !(language && !feed->lang))
		return 0;
	if (!(node = expand(feed)))
		return stop_failed(feed);
	lede__buf_init(&text, feed->raw.max);
	if ((rc = append_text(&text, node)) != 0)
		return rc;
	if (language) {
		rc = language_code(&feed->lang, lede__buf_str(&text));
	} else if (text.len) {
		char *outlet = lede__strdup(lede__buf_str(&text));

		if (!outlet) {
			lede__buf_free(&text);
			return lede__error_nomem();
		}
		if (!squeeze(feed->kind == FEED_ATOM ? strip_tags(outlet) : outlet)) {
			lede__dealloc(outlet);
			outlet = NULL;
		}
		feed->outlet = outlet;
	}
	lede__buf_free(&text);
	return rc;
}

static int is_item(const lede__feed *feed, int depth, const char *local, const char *ns)
{
	if (feed->kind == FEED_ATOM)
		return depth == 1 && strcmp(local, "entry") == 0 && ns && strcmp(ns, ATOM_NS) == 0;
	return (depth == 1 || depth == 2) && strcmp(local, "item") == 0 && is_rss_ns(ns);
}

static int feed_next(const lede__doc **out, lede__feed *feed)
{
	const xmlNode *node;
	int rc;

	*out = NULL;
	feed->in_item = 0;
	lede__arena_free(&feed->arena);
	lede__buf_reset(&feed->raw);
	if (feed->stopped)
		return LEDE_ITEROVER;
	for (;;) {
		int ret = feed->skip_pending ? xmlTextReaderNext(feed->xml)
					     : xmlTextReaderRead(feed->xml);
		int depth;
		const char *local, *ns;

		feed->skip_pending = 0;
		if (ret == 0) {
			feed->stopped = 1;
			return LEDE_ITEROVER;
		}
		if (ret < 0)
			return stop_failed(feed);
		if (xmlTextReaderNodeType(feed->xml) != XML_READER_TYPE_ELEMENT)
			continue;
		depth = xmlTextReaderDepth(feed->xml);
		local = (const char *)xmlTextReaderConstLocalName(feed->xml);
		ns = (const char *)xmlTextReaderConstNamespaceUri(feed->xml);
		if (!local)
			return lede__error_nomem();
		if (depth == 0) {
			if ((rc = read_root(feed, local, ns)) != 0)
				return rc;
		} else if (is_item(feed, depth, local, ns)) {
			break;
		} else if ((rc = read_feed_field(feed, depth, local, ns)) != 0) {
			return rc;
		}
	}
	feed->items++;
	feed->in_item = 1;
	lede__buf_reset(&feed->label);
	if (lede__buf_printf(&feed->label, "%s:item %llu", feed->name,
			     (unsigned long long)feed->items) != 0)
		return lede__error_nomem();
	if (!(node = expand(feed)))
		return stop_failed(feed);
	if ((rc = item_doc(feed, node)) != 0)
		return rc;
	*out = &feed->doc;
	return 0;
}

int lede__feed_next(const lede__doc **out, lede__feed *feed)
{
	quiet q;
	int rc;

	quiet_begin(&q);
	rc = feed_next(out, feed);
	quiet_end(&q);
	return rc;
}
