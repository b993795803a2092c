#include "html_text.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <string.h>

#include "util/buf.h"
#include "util/error.h"

enum { MAX_TEXT = 64 << 20 };

static int name_is(const xmlNode *node, const char *const *names)
{
	for (; *names; names++)
		if (xmlStrcasecmp(node->name, (const xmlChar *)*names) == 0)
			return 1;
	return 0;
}

static int is_skipped(const xmlNode *node)
{
	static const char *const skipped[] = {"script", "style", "template", "title",
					      "svg", "iframe", "object", "select", "option",
					      "button", "canvas", "math", NULL};
	return name_is(node, skipped);
}

static int is_block(const xmlNode *node)
{
	static const char *const blocks[] = {
		"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt",
		"dd", "tr", "td", "th", "table", "blockquote", "section", "article", "header",
		"footer", "nav", "aside", "main", "form", "pre", "figure", "figcaption", "hr",
		"br", "address", "details", "summary", "fieldset", "body", "caption", NULL};
	return name_is(node, blocks);
}

typedef struct collector {
	lede__buf out;  /* finished paragraphs */
	lede__buf line; /* the paragraph being built, spaces folded */
	int pending_space;
} collector;

static int append_text(collector *c, const char *s)
{
	int rc;

	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f') {
			c->pending_space = c->line.len > 0;
			continue;
		}
		/* U+00A0 no-break space folds like a space. */
		if (ch == 0xC2 && (unsigned char)s[1] == 0xA0) {
			c->pending_space = c->line.len > 0;
			s++;
			continue;
		}
		if (c->pending_space && (rc = lede__buf_append_byte(&c->line, ' ')) != 0)
			return rc;
		c->pending_space = 0;
		if ((rc = lede__buf_append_byte(&c->line, (char)ch)) != 0)
			return rc;
	}
	return 0;
}

static int end_paragraph(collector *c)
{
	int rc = 0;

	c->pending_space = 0;
	if (c->line.len == 0)
		return 0;
	if (c->out.len)
		rc = lede__buf_append(&c->out, "\n\n", 2);
	if (!rc)
		rc = lede__buf_append(&c->out, c->line.data, c->line.len);
	lede__buf_reset(&c->line);
	return rc;
}

/* Iterative walk: documents may nest far deeper than the C stack allows. */
static int collect(collector *c, xmlNode *root)
{
	xmlNode *node = root;
	int rc;

	while (node) {
		int descend = 0;

		if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
			if (node->content && (rc = append_text(c, (const char *)node->content)) != 0)
				return rc;
		} else if (node->type == XML_ELEMENT_NODE && !is_skipped(node)) {
			if (is_block(node) && (rc = end_paragraph(c)) != 0)
				return rc;
			descend = node->children != NULL;
		}
		if (descend) {
			node = node->children;
			continue;
		}
		while (node && node != root && !node->next) {
			node = node->parent;
			if (node && node->type == XML_ELEMENT_NODE && is_block(node) &&
			    (rc = end_paragraph(c)) != 0)
				return rc;
		}
		if (!node || node == root)
			break;
		node = node->next;
	}
	return end_paragraph(c);
}

static const char *find_title(lede__arena *arena, xmlNode *root)
{
	xmlNode *node = root;

	/* Breadth is small here: the title sits in <head> near the top. */
	while (node) {
		if (node->type == XML_ELEMENT_NODE && xmlStrcasecmp(node->name, BAD_CAST "title") == 0) {
			xmlChar *content = xmlNodeGetContent(node);
			collector c;
			const char *title = NULL;

			if (!content)
				return NULL;
			lede__buf_init(&c.out, 1 << 16);
			lede__buf_init(&c.line, 1 << 16);
			c.pending_space = 0;
			if (append_text(&c, (const char *)content) == 0 && c.line.len)
				title = lede__arena_strndup(arena, c.line.data, c.line.len);
			xmlFree(content);
			lede__buf_free(&c.out);
			lede__buf_free(&c.line);
			return title;
		}
		if (node->type == XML_ELEMENT_NODE && node->children &&
		    (xmlStrcasecmp(node->name, BAD_CAST "html") == 0 ||
		     xmlStrcasecmp(node->name, BAD_CAST "head") == 0)) {
			node = node->children;
			continue;
		}
		node = node->next;
	}
	return NULL;
}

int lede__html_visible_text(lede__html_text *out, lede__arena *arena, const char *html, size_t len)
{
	htmlDocPtr doc = NULL;
	collector c;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	lede__buf_init(&c.out, MAX_TEXT);
	lede__buf_init(&c.line, MAX_TEXT);
	c.pending_space = 0;
	if (len > (size_t)INT32_MAX)
		return lede__error(LEDE_ETOOBIG, "HTML page larger than 2 GiB");
	doc = htmlReadMemory(html, (int)len, NULL, NULL,
			     HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
				     HTML_PARSE_NONET | HTML_PARSE_COMPACT);
	if (!doc) {
		rc = lede__error(LEDE_EFORMAT, "HTML could not be parsed");
		goto cleanup;
	}
	if (xmlDocGetRootElement(doc)) {
		out->title = find_title(arena, xmlDocGetRootElement(doc));
		if ((rc = collect(&c, xmlDocGetRootElement(doc))) != 0)
			goto cleanup;
	}
	out->text = lede__arena_strndup(arena, lede__buf_str(&c.out), c.out.len);
	if (!out->text)
		rc = lede__error_nomem();
cleanup:
	if (doc)
		xmlFreeDoc(doc);
	lede__buf_free(&c.out);
	lede__buf_free(&c.line);
	return rc;
}
