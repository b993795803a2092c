/*
 * Unit tests of the flat DOM built from libxml2's SAX events (src/extract/dom),
 * the metadata elements it collects, and the attribute cut before parsing
 * (src/extract/attribute_strip).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/attribute_strip.h"
#include "extract/dom.h"
#include "extract/metadata.h"
#include "util/alloc.h"
#include "util/buf.h"

typedef struct built {
	lede__arena arena;
	lede__dom dom;
} built;

static void build(built *b, const char *html, size_t len)
{
	lede__arena_init(&b->arena);
	assert_int_equal(lede__dom_build(&b->dom, &b->arena, html, len, 512), 0);
}

static void unbuild(built *b)
{
	lede__dom_free(&b->dom);
	lede__arena_free(&b->arena);
}

/* The index of the first block whose text is `text`, or -1. */
static long block_with(const lede__dom *dom, const char *text)
{
	size_t i;

	for (i = 0; i < dom->block_count; i++)
		if (strcmp(dom->blocks[i].text, text) == 0)
			return (long)i;
	return -1;
}

static void blocks_hold_folded_text_and_hints(void **state)
{
	static const char page[] =
		"<html><body><nav class=\"menu\"><a href=\"/\">Home</a></nav>"
		"<div class=\"article-body\"><p>The ferry  ran\n late&nbsp;again.<br>Twice.</p></div>"
		"</body></html>";
	built b;
	long p, nav;

	(void)state;
	build(&b, page, strlen(page));
	p = block_with(&b.dom, "The ferry ran late again.\nTwice.");
	nav = block_with(&b.dom, "Home");
	assert_true(p >= 0 && nav >= 0);
	assert_true(b.dom.nodes[b.dom.blocks[nav].node].inherited & LEDE__HINT_NAVIGATION);
	assert_int_equal(b.dom.blocks[nav].link_chars, 4);
	assert_true(b.dom.nodes[b.dom.nodes[b.dom.blocks[p].node].parent].class_weight > 0);
	assert_int_equal(b.dom.blocks[p].words, 6);
	unbuild(&b);
}

static void prefixed_element_is_read_by_its_local_name(void **state)
{
	static const char page[] = "<html><body><x:p>Local name paragraph.</x:p></body></html>";
	built b;
	long p;

	(void)state;
	build(&b, page, strlen(page));
	p = block_with(&b.dom, "Local name paragraph.");
	assert_true(p >= 0);
	assert_true(b.dom.nodes[b.dom.blocks[p].node].tag & LEDE__TAG_PARAGRAPH);
	unbuild(&b);
}

static void page_nested_100000_deep_ends_where_the_tree_builder_stopped(void **state)
{
	const size_t depth = 100000;
	lede__buf page;
	built b;
	size_t i;

	(void)state;
	lede__buf_init(&page, 16 << 20);
	assert_int_equal(lede__buf_append_str(&page, "<html><body><p>Before the nest.</p>"), 0);
	for (i = 0; i < depth; i++)
		assert_int_equal(lede__buf_append_str(&page, "<div>"), 0);
	assert_int_equal(lede__buf_append_str(&page, "Deep text.</body>"), 0);
	build(&b, page.data, page.len);
	assert_true(block_with(&b.dom, "Before the nest.") >= 0);
	/* libxml2's tree builder refused the 258th nested element and stopped. */
	assert_int_equal(block_with(&b.dom, "Deep text."), -1);
	assert_int_equal(b.dom.max_depth, 256);
	unbuild(&b);
	lede__buf_free(&page);
}

static void late_element_hangs_under_the_first_html_unless_a_doctype_came(void **state)
{
	static const char bare[] = "<html><body><p>First.</p></body></html><p>Late.</p>";
	static const char doctype[] = "<!DOCTYPE html><html><body><p>First.</p></body></html><p>Late.</p>";
	built b;
	long late;

	(void)state;
	build(&b, bare, strlen(bare));
	late = block_with(&b.dom, "Late.");
	assert_true(late >= 0);
	assert_int_equal(b.dom.nodes[b.dom.blocks[late].node].depth, 2); /* html, the late html, p */
	assert_int_equal(b.dom.nodes[0].end_block, b.dom.block_count);
	unbuild(&b);
	build(&b, doctype, strlen(doctype));
	late = block_with(&b.dom, "Late.");
	assert_true(late >= 0);
	assert_int_equal(b.dom.nodes[b.dom.blocks[late].node].depth, 1); /* a second html, p */
	assert_true(b.dom.nodes[0].end_block < b.dom.block_count);
	unbuild(&b);
}

static void metadata_elements_are_read_in_document_order(void **state)
{
	static const char page[] =
		"<html lang=\"en-GB\"><head><title> </title><title>Bridge &amp; road<meta name=\"author\""
		" content=\"Inside Title\"></title>"
		"<link rel=\"canonical\" href=\"https://news.example/bridge\">"
		"<meta property=\"og:site_name\" content=\"Coast Courier\">"
		"<script type=\"application/ld+json\">{\"@type\": \"NewsArticle\", \"headline\": \"Bridge reopens\","
		" \"datePublished\": \"2025-03-04T08:00:00Z\"}</script></head>"
		"<body><span itemprop=\"author\">Ada  Lind</span><time datetime=\"2025-03-05\">5 March</time>"
		"<p>Text.</p></body></html>";
	built b;
	lede__page_meta meta;

	(void)state;
	build(&b, page, strlen(page));
	assert_int_equal(lede__page_meta_read(&meta, &b.arena, &b.dom.meta), 0);
	/* The first title is empty: the second is read, and what it holds is not. */
	assert_string_equal(meta.title_tag, "Bridge & road");
	assert_string_equal(meta.url, "https://news.example/bridge");
	assert_string_equal(meta.site_name, "Coast Courier");
	assert_string_equal(meta.headline, "Bridge reopens");
	assert_string_equal(meta.published, "2025-03-04T08:00:00Z");
	assert_string_equal(meta.lang, "en-GB");
	assert_int_equal(meta.author_count, 1);
	assert_string_equal(meta.authors[0], "Ada Lind");
	unbuild(&b);
}

static void author_text_of_200_bytes_or_more_is_not_a_name(void **state)
{
	lede__buf page;
	built b;
	lede__page_meta meta;
	size_t i;

	(void)state;
	lede__buf_init(&page, 1 << 20);
	assert_int_equal(lede__buf_append_str(&page, "<p itemprop=\"author\">Ada Lind"), 0);
	for (i = 0; i < 200; i++)
		assert_int_equal(lede__buf_append_byte(&page, ' '), 0);
	assert_int_equal(lede__buf_append_str(&page, "</p>"), 0);
	build(&b, page.data, page.len);
	assert_int_equal(lede__page_meta_read(&meta, &b.arena, &b.dom.meta), 0);
	assert_int_equal(meta.author_count, 0);
	unbuild(&b);
	lede__buf_free(&page);
}

static char *stripped(const char *html)
{
	lede__buf out;

	lede__buf_init(&out, 1 << 20);
	assert_int_equal(lede__strip_attributes(&out, html, strlen(html)), 0);
	return out.data;
}

static void unread_attributes_are_dropped(void **state)
{
	char *s;

	(void)state;
	s = stripped("<a href=\"/x\" class=\"c\" data-x='1' title=a>t</a><link rel=canonical href=\"/y\">");
	assert_string_equal(s, "<a  class=\"c\"  >t</a><link rel=canonical href=\"/y\">");
	lede__dealloc(s);
	/* An '=' after it would give its value to the attribute before. */
	s = stripped("<h1 hidden data-a='1'=x>t</h1>");
	assert_string_equal(s, "<h1 hidden data-a='1'=x>t</h1>");
	lede__dealloc(s);
	/* Script content is text; what libxml2 might read otherwise is left alone. */
	s = stripped("<script type=\"application/ld+json\">{\"a\": \"<b data-x=1>\"}</script><i alt=x>");
	assert_string_equal(s, "<script type=\"application/ld+json\">{\"a\": \"<b data-x=1>\"}</script><i >");
	lede__dealloc(s);
	s = stripped("<script><b data-x=1></script><i alt=x>");
	assert_string_equal(s, "<script><b data-x=1></script><i alt=x>");
	lede__dealloc(s);
	/* A control character inside a tag stops the rewriting. */
	s = stripped("<div \x01 data-a=1><p alt=2>");
	assert_string_equal(s, "<div \x01 data-a=1><p alt=2>");
	lede__dealloc(s);
}

/* The flat view of `html` and of `html` without its unread attributes are the same. */
static void assert_same_view(const char *html)
{
	char *cut = stripped(html);
	built a, b;
	size_t i;

	build(&a, html, strlen(html));
	build(&b, cut, strlen(cut));
	assert_int_equal(a.dom.node_count, b.dom.node_count);
	assert_int_equal(a.dom.block_count, b.dom.block_count);
	for (i = 0; i < a.dom.node_count; i++)
		assert_memory_equal(&a.dom.nodes[i], &b.dom.nodes[i], sizeof(a.dom.nodes[i]));
	for (i = 0; i < a.dom.block_count; i++)
		assert_string_equal(a.dom.blocks[i].text, b.dom.blocks[i].text);
	assert_int_equal(a.dom.meta.count, b.dom.meta.count);
	unbuild(&a);
	unbuild(&b);
	lede__dealloc(cut);
}

static void dropping_attributes_leaves_the_parse_as_it_was(void **state)
{
	static const char *const pages[] = {
		"<!DOCTYPE html><html><body><div class=\"post\" data-id=\"7\" onclick='go(\"<p>\")'>"
		"<p>One <img src=\"a.png\" alt=\"x > y\">two</p></div></body></html>",
		"<div id=a\nclass=b\tdata-x='y'>t</div><a title=\"</a><b class=z>\" href=/u>u</a>",
		"<p class  :a='canonical'=x />text<h1 'q \"bogus x\" hidden = \"\" role=\n\"en\">h</h1>",
		"<ul><li data-n=1>a<li data-n=2 class=k>b</ul><?php echo \"<b class=z>\"; ?>c",
		"<!DOCTYPE html \"x>y\"><p data-a=1>after an odd doctype</p>",
		"<SCRIPT src=x/><b data-q=1>raw</b></script><p style=\"display:none\" data-r=2>hidden</p>",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(pages) / sizeof(pages[0]); i++)
		assert_same_view(pages[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(blocks_hold_folded_text_and_hints),
		cmocka_unit_test(prefixed_element_is_read_by_its_local_name),
		cmocka_unit_test(page_nested_100000_deep_ends_where_the_tree_builder_stopped),
		cmocka_unit_test(late_element_hangs_under_the_first_html_unless_a_doctype_came),
		cmocka_unit_test(metadata_elements_are_read_in_document_order),
		cmocka_unit_test(author_text_of_200_bytes_or_more_is_not_a_name),
		cmocka_unit_test(unread_attributes_are_dropped),
		cmocka_unit_test(dropping_attributes_leaves_the_parse_as_it_was),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
