/* Unit tests of the block model and of main-content selection (src/extract/block_model, content). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "extract/block_model.h"
#include "lede.h"

static void likely_blocks_are_kept_and_unlikely_ones_dropped(void **state)
{
	const double scores[] = {4, -5, 3, -4};
	const uint32_t words[] = {50, 10, 40, 30};
	uint8_t keep[4];

	(void)state;
	assert_int_equal(lede__block_choose(keep, scores, words, 4), 0);
	assert_int_equal(keep[0], 1);
	assert_int_equal(keep[1], 0);
	assert_int_equal(keep[2], 1);
	assert_int_equal(keep[3], 0);
}

static void a_doubtful_block_is_dropped_beside_a_clear_body_and_kept_alone(void **state)
{
	/* Probability 0.4: under half the F1 (0.98) a page with a sure body reaches; alone it is all there is. */
	const double with_body[] = {6, log(0.4 / 0.6)};
	const uint32_t words[] = {200, 20};
	const double alone[] = {log(0.4 / 0.6)};
	uint8_t keep[2];

	(void)state;
	assert_int_equal(lede__block_choose(keep, with_body, words, 2), 0);
	assert_int_equal(keep[0], 1);
	assert_int_equal(keep[1], 0);
	assert_int_equal(lede__block_choose(keep, alone, words + 1, 1), 0);
	assert_int_equal(keep[0], 1);
}

static void blocks_without_words_are_never_kept(void **state)
{
	const double scores[] = {9, 9};
	const uint32_t words[] = {0, 5};
	uint8_t keep[2];

	(void)state;
	assert_int_equal(lede__block_choose(keep, scores, words, 2), 0);
	assert_int_equal(keep[0], 0);
	assert_int_equal(keep[1], 1);
	assert_int_equal(lede__block_choose(keep, scores, words, 0), 0);
}

static void every_feature_has_a_distinct_name(void **state)
{
	int i, j;

	(void)state;
	assert_string_equal(lede__block_feature_name(LEDE__BF_WORDS), "words");
	assert_null(lede__block_feature_name(LEDE__BLOCK_FEATURES));
	assert_null(lede__block_feature_name(-1));
	for (i = 0; i < LEDE__BLOCK_FEATURES; i++) {
		assert_non_null(lede__block_feature_name(i));
		for (j = 0; j < i; j++)
			assert_string_not_equal(lede__block_feature_name(i), lede__block_feature_name(j));
	}
}

static void score_is_a_finite_log_odds(void **state)
{
	double features[LEDE__BLOCK_FEATURES];

	(void)state;
	memset(features, 0, sizeof(features));
	assert_true(isfinite(lede__block_score(features)));
}

static const char article_page[] =
	"<html><head><title>Ferry fares rise in spring | Harbour Daily</title></head><body>"
	"<nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/news\">News</a></li>"
	"<li><a href=\"/sport\">Sport</a></li><li><a href=\"/weather\">Weather</a></li>"
	"<li><a href=\"/contact\">Contact us</a></li></ul></nav>"
	"<main><article><h1>Ferry fares rise in spring</h1>"
	"<p>The island ferry company said on Monday that return fares will rise by six percent "
	"from the first of April, the second increase in two years.</p>"
	"<p>The company blamed the cost of fuel and a new crew agreement, and said that season "
	"tickets for commuters would keep their present price until the summer.</p>"
	"<p>Passengers on the morning crossing were not pleased, and a petition against the rise "
	"had gathered four hundred names by the evening.</p></article></main>"
	"<footer><p><a href=\"/privacy\">Privacy</a> <a href=\"/terms\">Terms</a></p>"
	"<p>Copyright Harbour Daily</p></footer></body></html>";

static void an_article_keeps_its_paragraphs_and_drops_the_menu(void **state)
{
	lede_article *article = NULL;
	const char *text;

	(void)state;
	assert_int_equal(lede_extract(&article, "ferry.html", article_page, strlen(article_page),
				      LEDE_FORMAT_AUTO), 0);
	text = lede_article_text(article);
	assert_non_null(strstr(text, "return fares will rise by six percent"));
	assert_non_null(strstr(text, "season tickets for commuters"));
	assert_non_null(strstr(text, "four hundred names"));
	assert_null(strstr(text, "Weather"));
	assert_null(strstr(text, "Privacy"));
	lede_article_free(article);
}

static void a_paragraph_written_twice_is_kept_once(void **state)
{
	static const char page[] =
		"<html><head><title>Ferry fares rise in spring | Harbour Daily</title></head><body>"
		"<main><article><h1>Ferry fares rise in spring</h1>"
		"<p>The island ferry company said on Monday that return fares will rise by six percent "
		"from the first of April, the second increase in two years.</p>"
		"<p>The company blamed the cost of fuel and a new crew agreement, and said that season "
		"tickets for commuters would keep their present price until the summer.</p>"
		"<p>The company blamed the cost of fuel and a new crew agreement, and said that season "
		"tickets for commuters would keep their present price until the summer.</p>"
		"<p>Passengers on the morning crossing were not pleased, and a petition against the rise "
		"had gathered four hundred names by the evening.</p></article></main></body></html>";
	lede_article *article = NULL;
	const char *text, *first;

	(void)state;
	assert_int_equal(lede_extract(&article, "ferry.html", page, strlen(page), LEDE_FORMAT_AUTO), 0);
	text = lede_article_text(article);
	first = strstr(text, "season tickets for commuters");
	assert_non_null(first);
	assert_null(strstr(first + 1, "season tickets for commuters"));
	assert_non_null(strstr(text, "four hundred names"));
	lede_article_free(article);
}

static const char listing_page[] =
	"<html><head><title>Walking boots | Fellside Outfitters</title></head><body>"
	"<header><nav><a href=\"/\">Shop</a> <a href=\"/basket\">Basket</a> <a href=\"/help\">Help</a></nav>"
	"</header><main><h1>Walking boots</h1><ul class=\"products\">"
	"<li class=\"product\"><h2><a href=\"/b/1\">Ridge Mid boot</a></h2><p>Waterproof leather upper, "
	"grippy sole for wet rock.</p><p>$129</p></li>"
	"<li class=\"product\"><h2><a href=\"/b/2\">Tarn Low shoe</a></h2><p>Light mesh for dry summer "
	"trails and long days.</p><p>$95</p></li>"
	"<li class=\"product\"><h2><a href=\"/b/3\">Scree Pro boot</a></h2><p>Stiff sole and ankle support "
	"for loose ground.</p><p>$189</p></li>"
	"<li class=\"product\"><h2><a href=\"/b/4\">Beck Trail shoe</a></h2><p>Quick drying, made for "
	"stream crossings.</p><p>$110</p></li></ul></main>"
	"<footer><a href=\"/about\">About</a> <a href=\"/jobs\">Jobs</a></footer></body></html>";

static void a_listing_keeps_its_items(void **state)
{
	lede_article *article = NULL;
	const char *text;

	(void)state;
	assert_int_equal(lede_extract(&article, "boots.html", listing_page, strlen(listing_page),
				      LEDE_FORMAT_AUTO), 0);
	text = lede_article_text(article);
	assert_non_null(strstr(text, "Ridge Mid boot"));
	assert_non_null(strstr(text, "grippy sole for wet rock"));
	assert_non_null(strstr(text, "Beck Trail shoe"));
	assert_null(strstr(text, "Jobs"));
	lede_article_free(article);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(likely_blocks_are_kept_and_unlikely_ones_dropped),
		cmocka_unit_test(a_doubtful_block_is_dropped_beside_a_clear_body_and_kept_alone),
		cmocka_unit_test(blocks_without_words_are_never_kept),
		cmocka_unit_test(every_feature_has_a_distinct_name),
		cmocka_unit_test(score_is_a_finite_log_odds),
		cmocka_unit_test(an_article_keeps_its_paragraphs_and_drops_the_menu),
		cmocka_unit_test(a_paragraph_written_twice_is_kept_once),
		cmocka_unit_test(a_listing_keeps_its_items),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
