/* Unit tests of src/text: dates and normalization. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "text/date.h"
#include "text/normalize.h"
#include "text/tokens.h"

static void expect_date(const char *text, const char *iso)
{
	lede__date date;

	if (lede__date_parse(&date, text, strlen(text)) != 0)
		fail_msg("could not parse \"%s\"", text);
	assert_string_equal(date.iso, iso);
}

static void dates_in_common_forms_parse(void **state)
{
	(void)state;
	expect_date("2018-03-05", "2018-03-05");
	expect_date("2018-03-05T10:29:00Z", "2018-03-05T10:29:00Z");
	expect_date("2018-03-05T10:29:00+01:00", "2018-03-05T10:29:00+01:00");
	expect_date("2018-03-05 23:30:00 -0500", "2018-03-05T23:30:00-05:00");
	expect_date("09/25/2025", "2025-09-25");
	expect_date("25/09/2025", "2025-09-25");
	expect_date("25.09.2025", "2025-09-25");
	expect_date("02-12-2025", "2025-12-02");
	expect_date("2018-03-05T10:29:00.123456Z", "2018-03-05T10:29:00Z");
	expect_date("Mon, 05 Mar 2018 10:29:00 GMT", "2018-03-05T10:29:00Z");
	expect_date("March 5, 2018", "2018-03-05");
	expect_date("Mar. 5 2018", "2018-03-05");
	expect_date("5 March 2018", "2018-03-05");
	expect_date("05 MAR 2018", "2018-03-05");
	expect_date("Tuesday, September 3rd, 2019", "2019-09-03");
	expect_date("2018/03/05", "2018-03-05");
	expect_date("March 5, 2018 at 10:29 PM EST", "2018-03-05T22:29:00-05:00");
}

static void impossible_dates_are_refused(void **state)
{
	lede__date date;

	(void)state;
	assert_int_not_equal(lede__date_parse(&date, "2018-02-30", 10), 0);
	assert_int_not_equal(lede__date_parse(&date, "2018-13-01", 10), 0);
	assert_int_not_equal(lede__date_parse(&date, "yesterday", 9), 0);
	assert_int_not_equal(lede__date_parse(&date, "Mar 05 AT 10:29 AM", 18), 0);
	assert_int_not_equal(lede__date_parse(&date, "", 0), 0);
}

static void dates_in_urls_are_found_even_percent_encoded(void **state)
{
	lede__date date;

	(void)state;
	assert_int_equal(lede__date_from_url(&date, "https://news.example/2024/05/06/pier-rebuilt"), 0);
	assert_string_equal(date.iso, "2024-05-06");
	assert_int_equal(
		lede__date_from_url(&date, "https://blog.example%2Fposts%2F2025-12-15%2BPier%2Brebuilt"), 0);
	assert_string_equal(date.iso, "2025-12-15");
	assert_int_not_equal(lede__date_from_url(&date, "https://blog.example%2Fposts%2Fpier%252F2025"), 0);
	assert_int_not_equal(lede__date_from_url(&date, "https://blog.example/posts/pier-rebuilt"), 0);
}

static void date_times_are_unix_seconds(void **state)
{
	lede__date date;

	(void)state;
	assert_int_equal(lede__date_parse(&date, "1970-01-02", 10), 0);
	assert_int_equal(date.time, 86400);
	assert_false(date.has_time);
}

static void normalize_folds_case_accents_and_punctuation(void **state)
{
	static const char text[] = "  We\xe2\x80\x99ve SEEN  Caf\xc3\xa9\t\xe2\x80\x94 \"it\"!  ";
	lede__buf out;

	(void)state;
	lede__buf_init(&out, 1024);
	assert_int_equal(lede__text_normalize(&out, text, strlen(text)), 0);
	assert_string_equal(lede__buf_str(&out), "we ve seen cafe it");
	lede__buf_free(&out);
}

static void content_hash_ignores_layout_differences(void **state)
{
	uint64_t a, b, c;

	(void)state;
	assert_int_equal(lede__text_content_hash(&a, "Hello,\n\nWorld", 13), 0);
	assert_int_equal(lede__text_content_hash(&b, "hello world", 11), 0);
	assert_int_equal(lede__text_content_hash(&c, "hello there", 11), 0);
	assert_true(a == b);
	assert_true(a != c);
}

static void tokens_keep_offsets_folded_forms_and_shapes(void **state)
{
	static const char text[] = "Xiaomi\xe2\x80\x99s CEO said: \xe2\x80\x9cWe\xe2\x80\x99ve sold 3,000.5 units in M\xc3\xbcnchen\xe2\x80\x9d, 4G-ready.";
	lede__arena arena;
	lede__tokens tokens;

	(void)state;
	lede__arena_init(&arena);
	assert_int_equal(lede__tokenize(&tokens, &arena, text, strlen(text), 0), 0);
	assert_int_equal(tokens.count, 11);
	assert_string_equal(tokens.items[0].norm, "xiaomi's");
	assert_int_equal(tokens.items[0].start, 0);
	assert_true(tokens.items[0].flags & LEDE__TOKEN_CAPITALIZED);
	assert_true(tokens.items[1].flags & LEDE__TOKEN_ALL_CAPS);
	assert_string_equal(tokens.items[3].norm, "we've");
	assert_string_equal(tokens.items[5].norm, "3,000.5");
	assert_int_equal(tokens.items[5].kind, LEDE__TOKEN_NUMBER);
	assert_string_equal(tokens.items[8].norm, "munchen");
	assert_memory_equal(text + tokens.items[8].start, "M\xc3\xbcnchen", 8);
	assert_string_equal(tokens.items[9].norm, "4g");
	assert_string_equal(tokens.items[10].norm, "ready");
	lede__arena_free(&arena);
}

static void stopwords_and_stems(void **state)
{
	lede__stemmer *stemmer = NULL;
	size_t len;
	const char *stem;

	(void)state;
	assert_true(lede__is_stopword("the", 3));
	assert_true(lede__is_stopword("we've", 5));
	assert_false(lede__is_stopword("smartphone", 10));
	assert_int_equal(lede__stemmer_new(&stemmer), 0);
	stem = lede__stem(stemmer, "expanding", 9, &len);
	assert_int_equal(len, 6);
	assert_memory_equal(stem, "expand", 6);
	lede__stemmer_free(stemmer);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dates_in_common_forms_parse),
		cmocka_unit_test(impossible_dates_are_refused),
		cmocka_unit_test(dates_in_urls_are_found_even_percent_encoded),
		cmocka_unit_test(date_times_are_unix_seconds),
		cmocka_unit_test(normalize_folds_case_accents_and_punctuation),
		cmocka_unit_test(content_hash_ignores_layout_differences),
		cmocka_unit_test(tokens_keep_offsets_folded_forms_and_shapes),
		cmocka_unit_test(stopwords_and_stems),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
