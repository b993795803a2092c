/*
 * Unit tests of src/text/quotes: marks, attribution patterns, resolution of
 * pronouns, surnames and roles, relaying outlets, split and continued
 * quotations, matching across articles, and the seed story (../shared/seeds,
 * read at run time).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "lede.h"
#include "text/entities.h"
#include "text/quotes.h"
#include "util/alloc.h"

#define SEEDS "../shared/seeds"
#define LQ "\xe2\x80\x9c" /* “ */
#define RQ "\xe2\x80\x9d" /* ” */
#define AP "\xe2\x80\x99" /* ’ */

static void find_quotes(lede__quotes *out, lede__arena *arena, const char *text)
{
	assert_int_equal(lede__quotes_find(out, arena, text, strlen(text), NULL, NULL), 0);
}

static const lede__quote *quote_with(const lede__quotes *quotes, const char *words)
{
	size_t i;

	for (i = 0; i < quotes->count; i++)
		if (strstr(quotes->items[i].text, words))
			return &quotes->items[i];
	fail_msg("no quote with \"%s\"", words);
	return NULL;
}

static void expect_speaker(const lede__quote *q, const char *speaker)
{
	if (!q->speaker || strcmp(q->speaker, speaker) != 0)
		fail_msg("quote \"%s\" has speaker %s, expected %s", q->text, q->speaker ? q->speaker : "(none)", speaker);
}

static void curly_and_straight_marks_with_offsets(void **state)
{
	static const char text[] = "Ana Ruiz, the mayor of Porto, spoke on Monday. " LQ "We will rebuild the bridge,"
				   RQ " Ruiz said. Her deputy added: \"The money is there.\"";
	lede__arena arena;
	lede__quotes quotes;
	const lede__quote *q;

	(void)state;
	lede__arena_init(&arena);
	find_quotes(&quotes, &arena, text);
	assert_int_equal(quotes.count, 2);
	q = &quotes.items[0];
	assert_string_equal(q->text, "We will rebuild the bridge");
	assert_memory_equal(text + q->start, q->text, strlen(q->text));
	assert_int_equal(q->end - q->start, strlen(q->text));
	expect_speaker(q, "Ana Ruiz");
	assert_string_equal(q->speaker_mention, "Ruiz");
	assert_memory_equal(text + q->speaker_start, "Ruiz", 4);
	assert_int_equal(q->speaker_kind, LEDE__SPEAKER_RESOLVED);
	q = &quotes.items[1];
	assert_string_equal(q->text, "The money is there.");
	assert_int_equal(q->speaker_kind, LEDE__SPEAKER_DESCRIBED);
	expect_speaker(q, "Her deputy"); /* someone else than the mayor, unnamed */
	lede__arena_free(&arena);
}

static void attribution_patterns(void **state)
{
	static const char text[] =
		LQ "Prices will fall next year," RQ " said Tomas Ek, the chief economist at Nordbank.\n\n"
		"According to Lena Berg, " LQ "the harbor will close in May." RQ "\n\n"
		"Ola Berg: " LQ "Nobody asked the fishermen about it." RQ "\n\n"
		"Nordbank" AP "s spokesman Piet Vos said that " LQ "the branch stays open for now." RQ "\n\n"
		"Maria Lopez called the decision " LQ "a very sad day for the town" RQ " and left.\n\n"
		LQ "We are ready to sign," RQ " a government spokeswoman said.";
	lede__arena arena;
	lede__quotes quotes;
	const lede__quote *q;

	(void)state;
	lede__arena_init(&arena);
	find_quotes(&quotes, &arena, text);
	assert_int_equal(quotes.count, 6);
	q = quote_with(&quotes, "Prices will fall");
	expect_speaker(q, "Tomas Ek");
	assert_int_equal(q->speaker_kind, LEDE__SPEAKER_NAMED);
	assert_string_equal(q->speaker_role, "the chief economist at Nordbank");
	expect_speaker(quote_with(&quotes, "the harbor will close"), "Lena Berg");
	expect_speaker(quote_with(&quotes, "Nobody asked"), "Ola Berg");
	expect_speaker(quote_with(&quotes, "the branch stays open"), "Piet Vos");
	q = quote_with(&quotes, "a very sad day");
	expect_speaker(q, "Maria Lopez");
	assert_true(q->flags & LEDE__QUOTE_PARTIAL);
	q = quote_with(&quotes, "We are ready to sign");
	expect_speaker(q, "a government spokeswoman");
	assert_int_equal(q->speaker_kind, LEDE__SPEAKER_DESCRIBED);
	lede__arena_free(&arena);
}

static void pronouns_surnames_and_roles_resolve_to_names(void **state)
{
	static const char text[] =
		"Brightwave founder Chen Wei met investors in Oslo on Friday.\n\n"
		LQ "The order book is full," RQ " he said.\n\n"
		"Analysts were less sure. " LQ "Margins are thin," RQ " Wei told The Financial Times.\n\n"
		"As Reuters reports, the executive said, " LQ "We will hire 200 engineers this year." RQ "\n\n"
		LQ "It is a good moment for the company," RQ " Chen told the publication later.";
	lede__arena arena;
	lede__quotes quotes;
	const lede__quote *q;

	(void)state;
	lede__arena_init(&arena);
	find_quotes(&quotes, &arena, text);
	assert_int_equal(quotes.count, 4);
	q = quote_with(&quotes, "order book");
	expect_speaker(q, "Chen Wei");
	assert_string_equal(q->speaker_mention, "he");
	assert_int_equal(q->speaker_kind, LEDE__SPEAKER_RESOLVED);
	assert_null(q->via);
	q = quote_with(&quotes, "Margins are thin");
	expect_speaker(q, "Chen Wei");
	assert_string_equal(q->via, "Financial Times");
	q = quote_with(&quotes, "200 engineers");
	expect_speaker(q, "Chen Wei");
	assert_string_equal(q->speaker_mention, "the executive");
	assert_string_equal(q->via, "Reuters");
	q = quote_with(&quotes, "good moment");
	expect_speaker(q, "Chen Wei");
	assert_string_equal(q->via, "Reuters"); /* "the publication": the outlet named last */
	lede__arena_free(&arena);
}

static void split_and_continued_quotations(void **state)
{
	static const char text[] =
		"Lena Berg runs the harbor.\n\n"
		LQ "We lost two boats," RQ " Berg said. " LQ "The insurance will not pay." RQ "\n\n"
		LQ "The first winter was hard. We slept in the office.\n\n"
		LQ "The second was worse," RQ " said Ola Berg, her brother.\n\n"
		"The council called the plan " LQ "unfair" RQ " and " LQ "rigged" RQ ".";
	lede__arena arena;
	lede__quotes quotes;
	const lede__quote *first, *second, *long_one;

	(void)state;
	lede__arena_init(&arena);
	find_quotes(&quotes, &arena, text);
	assert_int_equal(quotes.count, 3); /* scare quotes are no quotations */
	first = quote_with(&quotes, "two boats");
	second = quote_with(&quotes, "insurance");
	expect_speaker(first, "Lena Berg");
	expect_speaker(second, "Lena Berg");
	assert_int_equal(second->group, (uint32_t)(first - quotes.items));
	assert_true(first->flags & LEDE__QUOTE_SPLIT);
	assert_true(second->flags & LEDE__QUOTE_SPLIT);
	assert_int_equal(second->speaker_kind, LEDE__SPEAKER_INFERRED);
	long_one = quote_with(&quotes, "first winter");
	assert_string_equal(long_one->text,
			    "The first winter was hard. We slept in the office. The second was worse");
	assert_true(long_one->flags & LEDE__QUOTE_CONTINUED);
	expect_speaker(long_one, "Ola Berg");
	assert_string_equal(long_one->speaker_role, "her brother");
	assert_memory_equal(text + long_one->start, "The first winter", 16);
	assert_memory_equal(text + long_one->end - 9, "was worse", 9);
	lede__arena_free(&arena);
}

static void nested_marks_unclosed_quotes_and_options(void **state)
{
	static const char text[] =
		"Ola Berg said: " LQ "They told us " "\xe2\x80\x98" "wait and see" "\xe2\x80\x99" " for a year." RQ "\n\n"
		"An opening mark " LQ "that is never closed runs into the next paragraph\n\n"
		"which does not open one.\n\n"
		"The old report said ''the dam is safe for fifty years'' in 1990.";
	lede__arena arena;
	lede__quotes quotes;
	lede__quote_options options;

	(void)state;
	lede__arena_init(&arena);
	find_quotes(&quotes, &arena, text);
	assert_int_equal(quotes.count, 1);
	assert_string_equal(quotes.items[0].text, "They told us \xe2\x80\x98wait and see\xe2\x80\x99 for a year.");
	lede__quote_options_default(&options);
	options.doubled_apostrophes = 1;
	assert_int_equal(lede__quotes_find(&quotes, &arena, text, strlen(text), NULL, &options), 0);
	assert_int_equal(quotes.count, 2);
	assert_string_equal(quotes.items[1].text, "the dam is safe for fifty years");
	assert_int_equal(lede__quotes_find(&quotes, &arena, "", 0, NULL, NULL), 0);
	assert_int_equal(quotes.count, 0);
	assert_int_equal(lede__quotes_find(&quotes, &arena, "\" \xe2\x80\x9d \xff\"\n\"", 10, NULL, NULL), 0);
	lede__arena_free(&arena);
}

static void quotes_merge_across_articles(void **state)
{
	static const char first[] = "Brightwave chairman Chen Wei told The Financial Times: " LQ "We" AP
				    "ve always wanted to sell in the U.S. market. We start next year." RQ;
	static const char second[] = "Chen Wei runs Brightwave. " LQ "We've always wanted to sell in the US market,"
				     RQ " Wei said, according to The Financial Times.";
	static const char third[] = "Brightwave is growing. " LQ "We" AP "ve always wanted to sell in the U.S. market"
				    RQ ", Wei told the paper. " LQ "Prices stay low," RQ " Wei added.";
	const char *texts[] = {first, second, third};
	lede__arena arena;
	lede__entities entities[3], story_entities;
	lede__quotes quotes[3];
	lede__story_quotes story;
	const lede__story_quote *top;
	size_t i;

	(void)state;
	lede__arena_init(&arena);
	for (i = 0; i < 3; i++) {
		assert_int_equal(lede__entities_find(&entities[i], &arena, texts[i], strlen(texts[i])), 0);
		assert_int_equal(lede__quotes_find(&quotes[i], &arena, texts[i], strlen(texts[i]), &entities[i], NULL), 0);
	}
	assert_int_equal(lede__entities_merge(&story_entities, &arena, entities, 3), 0);
	assert_int_equal(lede__quotes_merge(&story, &arena, quotes, 3, &story_entities), 0);
	assert_int_equal(story.count, 2);
	top = &story.items[0];
	assert_int_equal(top->articles, 3);
	assert_int_equal(top->source_count, 3);
	for (i = 0; i < 3; i++)
		assert_int_equal(top->sources[i].article, i);
	/* The shortest version (the earliest article's among equals), ’ and U.S. as written there. */
	assert_string_equal(top->text, "We've always wanted to sell in the US market");
	assert_string_equal(top->longest, "We" AP "ve always wanted to sell in the U.S. market. We start next year.");
	assert_string_equal(top->speaker, "Chen Wei");
	assert_string_equal(top->via, "Financial Times");
	assert_int_equal(story.items[1].articles, 1);
	assert_string_equal(story.items[1].speaker, "Chen Wei");
	/* Without the story's entities the other sources' full names still resolve the surname. */
	assert_int_equal(lede__quotes_merge(&story, &arena, quotes + 1, 2, NULL), 0);
	assert_string_equal(story.items[0].speaker, "Chen Wei");
	lede__arena_free(&arena);
}

/* Reads a whole file into memory from lede__malloc; NULL when it cannot. */
static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	long size;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (data = lede__malloc((size_t)size + 1)) != NULL) {
		*len = fread(data, 1, (size_t)size, f);
		data[*len] = '\0';
	}
	fclose(f);
	return data;
}

/* Lower-case letters and digits only: how the tests compare quote texts ("We’ve" and "We've" agree). */
static void squeeze(char *out, size_t size, const char *in)
{
	size_t n = 0;

	for (; *in && n + 1 < size; in++) {
		unsigned char c = (unsigned char)*in;

		if (c >= 'A' && c <= 'Z')
			out[n++] = (char)(c | 0x20);
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			out[n++] = (char)c;
	}
	out[n] = '\0';
}

static const char *const seed_files[] = {
	"000_f11e9bb93375d1ba.txt", "001_5b4883106dcd3f21.txt", "002_281264ec3b7186f3.txt",
	"003_b8f9a153d975b74f.txt", "004_f51840b67d96b3ef.txt",
};

static void seed_story_quotes_speakers_and_outlets(void **state)
{
	lede__arena arena;
	lede__entities entities[5], story_entities;
	lede__quotes quotes[5];
	lede__story_quotes story;
	json_error_t error;
	json_t *expect = json_load_file(SEEDS "-expect.json", 0, &error), *expected;
	size_t i, k;

	(void)state;
	if (!expect)
		fail_msg("cannot read %s-expect.json (run from the repository root): %s", SEEDS, error.text);
	expected = json_object_get(json_object_get(expect, "story"), "quotes");
	assert_true(json_array_size(expected) >= 4);
	lede__arena_init(&arena);
	for (i = 0; i < 5; i++) {
		char path[256];
		size_t len = 0;
		char *text;

		snprintf(path, sizeof(path), "%s/%s", SEEDS, seed_files[i]);
		text = read_file(path, &len);
		if (!text)
			fail_msg("cannot read %s", path);
		assert_int_equal(lede__entities_find(&entities[i], &arena, text, len), 0);
		assert_int_equal(lede__quotes_find(&quotes[i], &arena, text, len, &entities[i], NULL), 0);
		lede__dealloc(text);
	}
	assert_int_equal(lede__entities_merge(&story_entities, &arena, entities, 5), 0);
	assert_int_equal(lede__quotes_merge(&story, &arena, quotes, 5, &story_entities), 0);
	for (k = 0; k < json_array_size(expected); k++) {
		json_t *want = json_array_get(expected, k);
		const char *speaker = json_string_value(json_object_get(want, "speaker"));
		const char *via = json_string_value(json_object_get(want, "via"));
		json_t *found_in = json_object_get(want, "found_in");
		char want_text[512], have_text[2048];
		const lede__story_quote *match = NULL;

		squeeze(want_text, sizeof(want_text), json_string_value(json_object_get(want, "text")));
		for (i = 0; i < story.count && !match; i++) {
			squeeze(have_text, sizeof(have_text), story.items[i].text);
			if (strstr(have_text, want_text))
				match = &story.items[i];
		}
		if (!match)
			fail_msg("no story quote with \"%s\"", json_string_value(json_object_get(want, "text")));
		/* One quote with every source the expectation names, and no other. */
		assert_int_equal(match->articles, json_array_size(found_in));
		for (i = 0; i < json_array_size(found_in); i++) {
			const char *file = json_string_value(json_array_get(found_in, i));
			int seen = 0;

			for (size_t s = 0; s < match->source_count; s++)
				seen |= strcmp(seed_files[match->sources[s].article], file) == 0;
			if (!seen)
				fail_msg("\"%s\" is not matched in %s", want_text, file);
		}
		if (!match->speaker || strcmp(match->speaker, speaker) != 0)
			fail_msg("\"%s\": speaker %s, expected %s", want_text, match->speaker ? match->speaker : "(none)",
				 speaker);
		if (via ? !match->via || strcmp(match->via, via) != 0 : match->via != NULL)
			fail_msg("\"%s\": via %s, expected %s", want_text, match->via ? match->via : "(none)",
				 via ? via : "(none)");
	}
	json_decref(expect);
	lede__arena_free(&arena);
}

static void allocation_failures_are_reported(void **state)
{
	static const char text[] = "Brightwave founder Chen Wei met investors.\n\n" LQ "The order book is full," RQ
				   " he said. " LQ "We hire." RQ "\n\n" LQ "Margins are thin," RQ
				   " Wei told Reuters.";
	long n;

	(void)state;
	for (n = 0; n < 1000; n++) {
		lede__arena arena;
		lede__quotes quotes;
		lede__story_quotes story;
		int rc;

		lede__arena_init(&arena);
		lede__alloc_fail_after(n);
		rc = lede__quotes_find(&quotes, &arena, text, strlen(text), NULL, NULL);
		if (rc == 0)
			rc = lede__quotes_merge(&story, &arena, &quotes, 1, NULL);
		lede__alloc_fail_after(-1);
		lede__arena_free(&arena);
		if (rc == 0)
			break;
		assert_int_equal(rc, LEDE_ENOMEM);
	}
	assert_true(n < 1000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(curly_and_straight_marks_with_offsets),
		cmocka_unit_test(attribution_patterns),
		cmocka_unit_test(pronouns_surnames_and_roles_resolve_to_names),
		cmocka_unit_test(split_and_continued_quotations),
		cmocka_unit_test(nested_marks_unclosed_quotes_and_options),
		cmocka_unit_test(quotes_merge_across_articles),
		cmocka_unit_test(seed_story_quotes_speakers_and_outlets),
		cmocka_unit_test(allocation_failures_are_reported),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
