/* Unit tests of src/text/sentences: abbreviations, initials, quotes, decimals, ellipses, paragraphs. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "lede.h"
#include "text/sentences.h"
#include "util/alloc.h"

/* Splits `text` and checks the sentences are exactly `expected` (NULL-terminated). */
static void expect_split(const char *text, const char *const *expected)
{
	lede__arena arena;
	lede__sentences sentences;
	size_t n = 0, i;

	while (expected[n])
		n++;
	lede__arena_init(&arena);
	assert_int_equal(lede__sentences_split(&sentences, &arena, text, strlen(text)), 0);
	for (i = 0; i < sentences.count && i < n; i++) {
		const lede__sentence *s = &sentences.items[i];
		size_t len = s->end - s->start;

		if (len != strlen(expected[i]) || memcmp(text + s->start, expected[i], len) != 0)
			fail_msg("sentence %zu is \"%.*s\", expected \"%s\"", i, (int)len, text + s->start, expected[i]);
	}
	if (sentences.count != n)
		fail_msg("%zu sentences, expected %zu", sentences.count, n);
	lede__arena_free(&arena);
}

static void abbreviations_do_not_end_sentences(void **state)
{
	static const char *const expected[] = {
		"Mr. Smith met Dr. Jones at St. Paul's church on Jan. 5 at 3 p.m. on Main St. in Boston.",
		"They talked about No. 5 and the U.S. market.",
		"Acme Inc. said sales rose.",
		NULL,
	};

	(void)state;
	expect_split("Mr. Smith met Dr. Jones at St. Paul's church on Jan. 5 at 3 p.m. on Main St. in Boston. "
		     "They talked about No. 5 and the U.S. market. Acme Inc. said sales rose.",
		     expected);
}

static void abbreviations_end_sentences_before_a_sentence_opener(void **state)
{
	static const char *const expected[] = {
		"The deal was signed with Acme Inc.",
		"The shares rose in the U.S.",
		"It was the answer, No.",
		"Then they left.",
		NULL,
	};

	(void)state;
	expect_split("The deal was signed with Acme Inc. The shares rose in the U.S. It was the answer, No. Then they left.",
		     expected);
}

static void initials_stay_in_their_sentence(void **state)
{
	static const char *const expected[] = {
		"J. R. R. Tolkien wrote it with George W. Bush in mind.",
		"Nobody believed it.",
		NULL,
	};

	(void)state;
	expect_split("J. R. R. Tolkien wrote it with George W. Bush in mind. Nobody believed it.", expected);
}

static void decimals_and_ellipses(void **state)
{
	static const char *const expected[] = {
		"Sales rose 3.5 percent to $1.2 billion.",
		"He paused... and went on.",
		"Then he left\xe2\x80\xa6",
		"Nobody cared...",
		"The end.",
		NULL,
	};

	(void)state;
	expect_split("Sales rose 3.5 percent to $1.2 billion. He paused... and went on. Then he left\xe2\x80\xa6 "
		     "Nobody cared... The end.",
		     expected);
}

static void quotes_keep_their_attribution(void **state)
{
	static const char *const expected[] = {
		"\xe2\x80\x9cWe will win,\xe2\x80\x9d he said.",
		"\xe2\x80\x9cReally?\xe2\x80\x9d she asked.",
		"\xe2\x80\x9cIt is over.\xe2\x80\x9d Ana Ruiz said on Monday.",
		"\"Yes!\"",
		"The crowd cheered.",
		NULL,
	};

	(void)state;
	expect_split("\xe2\x80\x9cWe will win,\xe2\x80\x9d he said. \xe2\x80\x9cReally?\xe2\x80\x9d she asked. "
		     "\xe2\x80\x9cIt is over.\xe2\x80\x9d Ana Ruiz said on Monday. \"Yes!\" The crowd cheered.",
		     expected);
}

static void blank_lines_end_sentences_and_paragraphs(void **state)
{
	static const char text[] = "A heading without a stop\n\nThe first paragraph goes on\nover two lines. "
				   "It has two sentences.\n \nHome\nNews\nSports\n\nLast one.";
	lede__arena arena;
	lede__sentences sentences;

	(void)state;
	lede__arena_init(&arena);
	assert_int_equal(lede__sentences_split(&sentences, &arena, text, strlen(text)), 0);
	assert_int_equal(sentences.count, 7);
	assert_int_equal(sentences.items[0].paragraph, 0);
	assert_false(sentences.items[0].flags & LEDE__SENTENCE_TERMINATED);
	assert_int_equal(sentences.items[1].paragraph, 1);
	assert_true(sentences.items[1].flags & LEDE__SENTENCE_TERMINATED);
	assert_memory_equal(text + sentences.items[1].start, "The first paragraph goes on\nover two lines.",
			    sentences.items[1].end - sentences.items[1].start);
	assert_int_equal(sentences.items[2].paragraph, 1);
	/* Menu lines are short sentences of their own. */
	assert_int_equal(sentences.items[3].paragraph, 2);
	assert_memory_equal(text + sentences.items[3].start, "Home", 4);
	assert_int_equal(sentences.items[5].end - sentences.items[5].start, 6);
	assert_int_equal(sentences.items[6].paragraph, 3);
	lede__arena_free(&arena);
}

static void offsets_are_bytes_and_find_maps_back(void **state)
{
	static const char text[] = "  Caf\xc3\xa9 opened. It closed.  ";
	lede__arena arena;
	lede__sentences sentences;

	(void)state;
	lede__arena_init(&arena);
	assert_int_equal(lede__sentences_split(&sentences, &arena, text, strlen(text)), 0);
	assert_int_equal(sentences.count, 2);
	assert_int_equal(sentences.items[0].start, 2);
	assert_int_equal(sentences.items[0].end, 15);
	assert_int_equal(sentences.items[1].start, 16);
	assert_int_equal(lede__sentences_find(&sentences, 0), 0);
	assert_int_equal(lede__sentences_find(&sentences, 10), 0);
	assert_int_equal(lede__sentences_find(&sentences, 20), 1);
	lede__arena_free(&arena);
}

static void empty_and_junk_input(void **state)
{
	static const char junk[] = "\xff\xfe. \x80...\n\n\n. ? ! \xe2\x80";
	lede__arena arena;
	lede__sentences sentences;

	(void)state;
	lede__arena_init(&arena);
	assert_int_equal(lede__sentences_split(&sentences, &arena, "", 0), 0);
	assert_int_equal(sentences.count, 0);
	assert_int_equal(lede__sentences_split(&sentences, &arena, " \n\t\n ", 5), 0);
	assert_int_equal(sentences.count, 0);
	assert_int_equal(lede__sentences_split(&sentences, &arena, junk, sizeof(junk) - 1), 0);
	for (size_t i = 0; i < sentences.count; i++)
		assert_true(sentences.items[i].start < sentences.items[i].end &&
			    sentences.items[i].end <= sizeof(junk) - 1);
	lede__arena_free(&arena);
}

static void allocation_failures_are_reported(void **state)
{
	char text[4096];
	size_t len = 0;
	long n;

	(void)state;
	while (len + 40 < sizeof(text))
		len += (size_t)snprintf(text + len, sizeof(text) - len, "Sentence number %zu ends here. ", len);
	for (n = 0; n < 50; n++) {
		lede__arena arena;
		lede__sentences sentences;
		int rc;

		lede__arena_init(&arena);
		lede__alloc_fail_after(n);
		rc = lede__sentences_split(&sentences, &arena, text, len);
		lede__alloc_fail_after(-1);
		lede__arena_free(&arena);
		if (rc == 0)
			break;
		assert_int_equal(rc, LEDE_ENOMEM);
		assert_int_equal(sentences.count, 0);
	}
	assert_true(n < 50);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(abbreviations_do_not_end_sentences),
		cmocka_unit_test(abbreviations_end_sentences_before_a_sentence_opener),
		cmocka_unit_test(initials_stay_in_their_sentence),
		cmocka_unit_test(decimals_and_ellipses),
		cmocka_unit_test(quotes_keep_their_attribution),
		cmocka_unit_test(blank_lines_end_sentences_and_paragraphs),
		cmocka_unit_test(offsets_are_bytes_and_find_maps_back),
		cmocka_unit_test(empty_and_junk_input),
		cmocka_unit_test(allocation_failures_are_reported),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
