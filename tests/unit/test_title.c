/*
 * Unit tests of the title, date and author choices of HTML extraction
 * (src/extract/title, metadata, html_extract).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "extract/title.h"
#include "lede.h"

/* Evidence of a single h1 at the head of the content that the title data agree with. */
static lede__title_evidence confirmed_heading(const char *title_tag, const char *heading)
{
	lede__title_evidence e = {0};

	e.title_tag = title_tag;
	e.heading = heading;
	e.heading_confirmed = 1;
	e.heading_agree = 1;
	e.heading_count = 1;
	return e;
}

static void heading_confirmed_by_the_title_tag_wins(void **state)
{
	lede__arena arena;
	lede__title_evidence e = confirmed_heading("Harbour bridge reopens after repairs | Coast Courier", "Harbour bridge reopens after repairs");

	(void)state;
	lede__arena_init(&arena);
	e.site_name = "Coast Courier";
	assert_string_equal(lede__title_choose(&arena, &e), "Harbour bridge reopens after repairs");
	lede__arena_free(&arena);
}

static void heading_that_names_the_site_gives_way_to_the_title(void **state)
{
	lede__arena arena;
	lede__title_evidence e = confirmed_heading("Which glue holds oak best? - Benchtalk.org", "Benchtalk.org");

	(void)state;
	lede__arena_init(&arena);
	assert_string_equal(lede__title_choose(&arena, &e), "Which glue holds oak best?");
	lede__arena_free(&arena);
}

static void heading_ending_with_the_host_name_loses_it(void **state)
{
	lede__arena arena;
	lede__title_evidence e = confirmed_heading("Which glue holds oak best? - Bench Talk Forums", "Which glue holds oak best? - Bench Talk Forums");

	(void)state;
	lede__arena_init(&arena);
	e.url = "https://forums.benchtalk.example/t/1234";
	assert_string_equal(lede__title_choose(&arena, &e), "Which glue holds oak best?");
	/* A brand that opens the title is part of it. */
	e.title_tag = e.heading = "Benchtalk - Which glue holds oak best?";
	assert_string_equal(lede__title_choose(&arena, &e), "Benchtalk - Which glue holds oak best?");
	/* Short words never match a host by chance. */
	e.title_tag = e.heading = "Glue test - The Oak";
	e.url = "https://oak.example/glue";
	assert_string_equal(lede__title_choose(&arena, &e), "Glue test - The Oak");
	lede__arena_free(&arena);
}

static void heading_broken_over_lines_reads_as_one(void **state)
{
	lede__arena arena;
	lede__title_evidence e = confirmed_heading("Harbour bridge reopens after repairs | Coast Courier", "Harbour bridge\nreopens after  repairs ");

	(void)state;
	lede__arena_init(&arena);
	assert_string_equal(lede__title_choose(&arena, &e), "Harbour bridge reopens after repairs");
	lede__arena_free(&arena);
}

static void permalink_pilcrow_after_the_heading_goes(void **state)
{
	lede__arena arena;
	lede__title_evidence e = confirmed_heading("Tide tables - Harbour docs", "Tide tables\xc2\xb6");

	(void)state;
	lede__arena_init(&arena);
	assert_string_equal(lede__title_choose(&arena, &e), "Tide tables");
	lede__arena_free(&arena);
}

static void slogan_heading_sharing_no_word_gives_way_to_the_title(void **state)
{
	lede__arena arena;
	lede__title_evidence e = {0};

	(void)state;
	lede__arena_init(&arena);
	e.title_tag = "Allotment Planning Service | Greenrow";
	e.heading = "Grow more with less";
	e.heading_confirmed = 1;
	e.heading_agree = 0;
	e.heading_count = 1;
	e.site_name = "Greenrow";
	assert_string_equal(lede__title_choose(&arena, &e), "Allotment Planning Service");
	lede__arena_free(&arena);
}

static void heading_alone_is_the_title_without_title_data(void **state)
{
	lede__arena arena;
	lede__title_evidence e = {0};

	(void)state;
	lede__arena_init(&arena);
	e.heading = "Ferry timetable changes";
	e.heading_confirmed = 1;
	e.heading_count = 2;
	assert_string_equal(lede__title_choose(&arena, &e), "Ferry timetable changes");
	lede__arena_free(&arena);
}

static void tagline_after_a_bar_is_dropped(void **state)
{
	lede__arena arena;
	lede__title_evidence e = {0};

	(void)state;
	lede__arena_init(&arena);
	e.title_tag = "Harbour Ferry Timetable | Sailings, Fares and Delays";
	assert_string_equal(lede__title_choose(&arena, &e), "Harbour Ferry Timetable");
	e.title_tag = "Dock strike ends \xe2\x80\x94 and pay rises 8 percent";
	assert_string_equal(lede__title_choose(&arena, &e), "Dock strike ends \xe2\x80\x94 and pay rises 8 percent");
	lede__arena_free(&arena);
}

static void description_stands_in_for_a_body_that_a_script_fills(void **state)
{
	static const char html[] =
		"<html><head><title>Which tide gauge to buy? - Harbour Forum</title>"
		"<meta property=\"og:description\" content=\"I want a tide gauge for the slipway at the "
		"club. Which ones have held up in salt water for you?\"></head>"
		"<body><section id=\"main\"></section><script>start()</script></body></html>";
	lede_article *article = NULL;

	(void)state;
	assert_int_equal(lede_extract(&article, "page.html", html, strlen(html), LEDE_FORMAT_AUTO), 0);
	assert_string_equal(lede_article_text(article), "I want a tide gauge for the slipway at the club. "
							 "Which ones have held up in salt water for you?");
	assert_string_equal(lede_article_page_type(article), "other");
	lede_article_free(article);
}

static const char *published_of(const char *html)
{
	static char iso[64];
	lede_article *article = NULL;
	const char *published;

	iso[0] = '\0';
	assert_int_equal(lede_extract(&article, "page.html", html, strlen(html), LEDE_FORMAT_AUTO), 0);
	published = lede_article_published(article);
	if (published)
		snprintf(iso, sizeof(iso), "%s", published);
	lede_article_free(article);
	return iso;
}

#define BODY                                                                                        \
	"<p>The town council voted on Tuesday to rebuild the old pier before the summer season.</p>" \
	"<p>Work will start in April and cost about two million crowns, the mayor said.</p>"

/* An article's length of distinct paragraphs (a paragraph written twice is kept once). */
#define LONG_BODY                                                                                   \
	BODY                                                                                        \
	"<p>Fishermen have asked for a second landing stage on the north side of the harbour.</p>"  \
	"<p>The council expects the ferry company to pay a share of the cost over ten years.</p>"   \
	"<p>A public meeting about the plans is planned at the town hall early next month.</p>"     \
	"<p>Divers inspected the old timber piles last winter and found most of them rotten.</p>"   \
	"<p>Residents may send their comments to the harbour office until the end of March.</p>"

static void structured_date_wins_over_an_updated_line(void **state)
{
	(void)state;
	assert_string_equal(
		published_of("<html><head><title>Pier to be rebuilt</title>"
			     "<meta property=\"article:published_time\" content=\"2020-05-04T09:00:00Z\">"
			     "</head><body><article><h1>Pier to be rebuilt</h1>"
			     "<p>Updated June 5, 2025</p>" BODY "</article></body></html>"),
		"2020-05-04T09:00:00Z");
}

static void shown_day_wins_when_the_structured_time_is_hours_later(void **state)
{
	(void)state;
	assert_string_equal(
		published_of("<html><head><title>Pier to be rebuilt</title>"
			     "<meta property=\"article:published_time\" content=\"2024-03-02T03:30:00Z\">"
			     "</head><body><article><h1>Pier to be rebuilt</h1>"
			     "<p>March 1, 2024</p>" BODY "</article></body></html>"),
		"2024-03-01");
}

static void earlier_shown_date_of_an_article_wins(void **state)
{
	(void)state;
	assert_string_equal(
		published_of("<html><head><title>Pier to be rebuilt</title>"
			     "<meta property=\"og:type\" content=\"article\">"
			     "<meta property=\"article:published_time\" content=\"2025-06-24T10:00:00Z\">"
			     "</head><body><article><h1>Pier to be rebuilt</h1>"
			     "<p class=\"date\">August 25, 2023</p>" LONG_BODY "</article></body></html>"),
		"2023-08-25");
}

static void earlier_time_element_of_an_article_wins(void **state)
{
	(void)state;
	/* No date line by the heading: the first <time> is the shown date. */
	assert_string_equal(
		published_of("<html><head><title>Pier to be rebuilt</title>"
			     "<meta property=\"og:type\" content=\"article\">"
			     "<meta property=\"article:published_time\" content=\"2025-06-24T10:00:00Z\">"
			     "</head><body><article><h1>Pier to be rebuilt</h1>" LONG_BODY
			     "<footer>Published <time datetime=\"2023-08-25\">25/08/23</time></footer>"
			     "</article></body></html>"),
		"2023-08-25");
	/* A day earlier is the same moment in another time zone. */
	assert_string_equal(
		published_of("<html><head><title>Pier to be rebuilt</title>"
			     "<meta property=\"og:type\" content=\"article\">"
			     "<meta property=\"article:published_time\" content=\"2025-06-24T10:00:00Z\">"
			     "</head><body><article><h1>Pier to be rebuilt</h1>" LONG_BODY
			     "<footer><time datetime=\"2025-06-23T20:00:00-05:00\">Yesterday</time></footer>"
			     "</article></body></html>"),
		"2025-06-24T10:00:00Z");
}

static void json_ld_author_reference_is_resolved_in_the_graph(void **state)
{
	static const char html[] =
		"<html><head><title>Pier to be rebuilt</title>"
		"<script type=\"application/ld+json\">{\"@context\": \"https://schema.org\", \"@graph\": ["
		"{\"@type\": \"Article\", \"headline\": \"Pier to be rebuilt\","
		" \"author\": {\"@id\": \"https://harbour.example/#/person/7\"}},"
		"{\"@type\": \"Person\", \"@id\": \"https://harbour.example/#/person/7\","
		" \"name\": \"Ines Varga\"}]}</script>"
		"</head><body><article><h1>Pier to be rebuilt</h1>" BODY "</article></body></html>";
	lede_article *article = NULL;

	(void)state;
	assert_int_equal(lede_extract(&article, "page.html", html, strlen(html), LEDE_FORMAT_AUTO), 0);
	assert_string_equal(lede_article_author(article, 0), "Ines Varga");
	assert_null(lede_article_author(article, 1));
	lede_article_free(article);
}

static void json_ld_with_raw_line_breaks_is_still_read(void **state)
{
	(void)state;
	assert_string_equal(
		published_of("<html><head><title>Pier to be rebuilt</title>"
			     "<script type=\"application/ld+json\">{\"@type\": \"NewsArticle\", "
			     "\"description\": \"Two lines\nof summary\", "
			     "\"datePublished\": \"2023-06-07T08:00:00Z\"}</script>"
			     "</head><body><article><h1>Pier to be rebuilt</h1>" BODY "</article></body></html>"),
		"2023-06-07T08:00:00Z");
}

static void any_meta_tag_naming_a_date_is_read(void **state)
{
	(void)state;
	assert_string_equal(
		published_of("<html><head><title>Pier to be rebuilt</title>"
			     "<meta name=\"site.date\" content=\"2022-01-09T00:00:00Z\">"
			     "<meta name=\"date-expires\" content=\"2030-01-01\">"
			     "</head><body><article><h1>Pier to be rebuilt</h1>" BODY "</article></body></html>"),
		"2022-01-09T00:00:00Z");
}

static void modified_date_stands_in_when_no_other_is_given(void **state)
{
	(void)state;
	assert_string_equal(
		published_of("<html><head><title>Pier to be rebuilt</title>"
			     "<meta property=\"article:modified_time\" content=\"2021-11-30T10:00:00Z\">"
			     "</head><body><article><h1>Pier to be rebuilt</h1>" BODY "</article></body></html>"),
		"2021-11-30T10:00:00Z");
}

static void unreadable_date_does_not_hide_a_readable_one(void **state)
{
	(void)state;
	assert_string_equal(
		published_of("<html><head><title>Pier to be rebuilt</title>"
			     "<meta property=\"article:published_time\" content=\"soon\">"
			     "<meta name=\"dc.date\" content=\"2019-04-03\">"
			     "</head><body><article><h1>Pier to be rebuilt</h1>" BODY "</article></body></html>"),
		"2019-04-03");
}

static void byline_is_not_the_headline_of_scraped_text(void **state)
{
	static const char text[] =
		"Harbor news\n\nBridge closes for repairs\n\nBy Kai Lindholm, Senior Reporter\n"
		"May 6, 2025 at 3:12 PM\n\n"
		"The old stone bridge closed on Monday for repairs that will take three weeks, the city "
		"said in a statement on its website.\n\n"
		"Buses now take the northern route through the industrial estate, adding ten minutes to "
		"the trip for most riders.\n";
	lede_article *article = NULL;

	(void)state;
	assert_int_equal(lede_extract(&article, "page.txt", text, strlen(text), LEDE_FORMAT_TEXT), 0);
	assert_string_equal(lede_article_title(article), "Bridge closes for repairs");
	assert_string_equal(lede_article_author(article, 0), "Kai Lindholm");
	assert_null(lede_article_author(article, 1));
	lede_article_free(article);
}

static void scraped_headline_sits_above_the_byline_not_in_a_caption(void **state)
{
	static const char text[] =
		"Harbor News\n\nNEWS | CITY\n\nBridge closes for three weeks of repairs\n\n"
		"By Kai Lindholm\nMay 6, 2025 at 3:12 PM\n\n"
		"Listen to this article - 2 min\n\n"
		"Workers lift the first stones from the parapet of the old bridge on Monday morning. "
		"Photo: Harbor News\n\n"
		"The old stone bridge closed on Monday for repairs that will take three weeks, the city "
		"said in a statement on its website.\n\n"
		"Buses now take the northern route through the industrial estate, adding ten minutes to "
		"the trip for most riders.\n";
	lede_article *article = NULL;

	(void)state;
	assert_int_equal(lede_extract(&article, "page.txt", text, strlen(text), LEDE_FORMAT_TEXT), 0);
	assert_string_equal(lede_article_title(article), "Bridge closes for three weeks of repairs");
	/* The masthead on the scrape's first line names the outlet. */
	assert_string_equal(lede_article_outlet(article), "Harbor News");
	lede_article_free(article);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(heading_confirmed_by_the_title_tag_wins),
		cmocka_unit_test(earlier_shown_date_of_an_article_wins),
		cmocka_unit_test(earlier_time_element_of_an_article_wins),
		cmocka_unit_test(heading_ending_with_the_host_name_loses_it),
		cmocka_unit_test(heading_broken_over_lines_reads_as_one),
		cmocka_unit_test(permalink_pilcrow_after_the_heading_goes),
		cmocka_unit_test(description_stands_in_for_a_body_that_a_script_fills),
		cmocka_unit_test(json_ld_author_reference_is_resolved_in_the_graph),
		cmocka_unit_test(heading_that_names_the_site_gives_way_to_the_title),
		cmocka_unit_test(slogan_heading_sharing_no_word_gives_way_to_the_title),
		cmocka_unit_test(heading_alone_is_the_title_without_title_data),
		cmocka_unit_test(tagline_after_a_bar_is_dropped),
		cmocka_unit_test(structured_date_wins_over_an_updated_line),
		cmocka_unit_test(shown_day_wins_when_the_structured_time_is_hours_later),
		cmocka_unit_test(json_ld_with_raw_line_breaks_is_still_read),
		cmocka_unit_test(any_meta_tag_naming_a_date_is_read),
		cmocka_unit_test(modified_date_stands_in_when_no_other_is_given),
		cmocka_unit_test(unreadable_date_does_not_hide_a_readable_one),
		cmocka_unit_test(byline_is_not_the_headline_of_scraped_text),
		cmocka_unit_test(scraped_headline_sits_above_the_byline_not_in_a_caption),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
