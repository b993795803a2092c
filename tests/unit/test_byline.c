/* Unit tests of bylines found by the headline (src/extract/byline). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "extract/byline.h"
#include "extract/dom.h"

/* The authors of the byline by the h1 of `html`, joined by "; " into `out`. */
static size_t authors_of(char *out, size_t size, const char *html)
{
	lede__arena arena;
	lede__dom dom;
	const char *names[8];
	size_t count, i, heading = 0;

	lede__arena_init(&arena);
	assert_int_equal(lede__dom_build(&dom, &arena, html, strlen(html), 512), 0);
	for (i = 0; i < dom.block_count; i++)
		if (dom.nodes[dom.blocks[i].node].heading == 1) {
			heading = i;
			break;
		}
	count = lede__byline_authors(names, 8, &arena, &dom, heading);
	out[0] = '\0';
	for (i = 0; i < count; i++) {
		if (i)
			strncat(out, "; ", size - strlen(out) - 1);
		strncat(out, names[i], size - strlen(out) - 1);
	}
	lede__dom_free(&dom);
	lede__arena_free(&arena);
	return count;
}

#define PAGE(meta) \
	"<html><body><article><h1>Pier to be rebuilt</h1>" meta \
	"<p>The town council voted on Tuesday to rebuild the old pier before summer.</p></article></body></html>"

static void name_after_a_date_and_by_is_the_author(void **state)
{
	char names[256];

	(void)state;
	assert_int_equal(authors_of(names, sizeof(names), PAGE("<div>Published May 6, 2025 by Ines Varga</div>")), 1);
	assert_string_equal(names, "Ines Varga");
	assert_int_equal(authors_of(names, sizeof(names), PAGE("<div>Guide by Tove Aalto Former Desk Editor</div>")), 1);
	assert_string_equal(names, "Tove Aalto");
}

static void author_label_and_the_name_below_it(void **state)
{
	char names[256];

	(void)state;
	assert_int_equal(authors_of(names, sizeof(names), PAGE("<p>Written by</p><p>Kai Lindholm</p>")), 1);
	assert_string_equal(names, "Kai Lindholm");
	assert_int_equal(authors_of(names, sizeof(names), PAGE("<div>Author: Mara Quist, Dec 17, 2025</div>")), 1);
	assert_string_equal(names, "Mara Quist");
	assert_int_equal(authors_of(names, sizeof(names), PAGE("<div>Contributors: Ola Varn and Ines Varga</div>")), 2);
	assert_string_equal(names, "Ola Varn; Ines Varga");
}

static void credits_that_are_not_bylines_are_left(void **state)
{
	char names[256];

	(void)state;
	assert_int_equal(authors_of(names, sizeof(names), PAGE("<div>Photo by Kai Lindholm</div>")), 0);
	assert_int_equal(authors_of(names, sizeof(names), PAGE("<div>Powered by Harbour Press</div>")), 0);
	assert_int_equal(authors_of(names, sizeof(names), PAGE("<div>Updated by Ines Varga</div>")), 0);
	assert_int_equal(authors_of(names, sizeof(names), PAGE("")), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(name_after_a_date_and_by_is_the_author),
		cmocka_unit_test(author_label_and_the_name_below_it),
		cmocka_unit_test(credits_that_are_not_bylines_are_left),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
