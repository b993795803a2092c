/*
 * Unit tests of src/story/summary: budget, verbatim text, junk, redundancy,
 * support across articles, reading order, bounds, allocation failures.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "lede.h"
#include "story/summary.h"
#include "util/alloc.h"

/* A made-up story told by three articles, two of them from the same outlet. */
static const char herald_text[] =
	"The Harlow Street bridge in Millbrook will close for six months starting Monday, city officials "
	"announced on Tuesday.\n"
	"\n"
	"Engineers found deep cracks in two of the bridge's steel supports during a routine inspection in "
	"March. \"We cannot risk anyone's safety on a structure in this condition,\" Mayor Dana Whitfield "
	"said.\n"
	"\n"
	"Share this article with your friends on Facebook.\n"
	"\n"
	"Photo: John Marsh/Valley Herald, taken from the east bank.\n"
	"\n"
	"Traffic will be sent over the Elm Avenue crossing, which adds about ten minutes to the trip\n"
	"downtown. Local shop owners worry the detour will keep customers away during the holiday season.\n";

static const char times_text[] =
	"By Carla Ruiz and Tom Beck, River Times staff.\n"
	"\n"
	"City officials said Tuesday that the Harlow Street bridge in Millbrook will be closed for six "
	"months beginning Monday.\n"
	"\n"
	"An inspection in March found deep cracks in two steel supports of the bridge, according to the "
	"city's engineers.\n"
	"\n"
	"Drivers will be detoured over the Elm Avenue crossing. The repairs are expected to cost about four "
	"million dollars, paid from the state's road fund.\n";

static const char update_text[] =
	"BRIDGE CLOSURE UPDATE FOR ALL MILLBROOK DRIVERS TODAY.\n"
	"\n"
	"\"We cannot risk anyone's safety on a structure in this condition,\" Mayor Dana Whitfield said at a "
	"news conference on Tuesday.\n"
	"\n"
	"The mayor also announced a free shuttle bus between the two river banks that will run every "
	"fifteen minutes while the bridge is closed.\n"
	"\n"
	"Read more about the closure at https://example.com/news/bridge today.\n";

static void story(lede__summary_document docs[3])
{
	memset(docs, 0, 3 * sizeof(*docs));
	docs[0].text = herald_text;
	docs[0].text_len = strlen(herald_text);
	docs[0].outlet = "Valley Herald";
	docs[0].title = "Harlow Street bridge to close for six months";
	docs[0].published = 1700000000;
	docs[0].id = 101;
	docs[1].text = times_text;
	docs[1].text_len = strlen(times_text);
	docs[1].outlet = "River Times";
	docs[1].published = 1700000600;
	docs[1].id = 102;
	docs[2].text = update_text;
	docs[2].text_len = strlen(update_text);
	docs[2].outlet = "valley herald";
	docs[2].published = 1700003600;
	docs[2].id = 103;
}

/* The summary sentence whose text contains `needle`, or NULL. */
static const lede__summary_sentence *find(const lede__summary *summary, const char *needle)
{
	size_t i;

	for (i = 0; i < summary->count; i++)
		if (strstr(summary->items[i].text, needle))
			return &summary->items[i];
	return NULL;
}

static int supported_by(const lede__summary_sentence *s, size_t document)
{
	size_t i;

	for (i = 0; i < s->support_count; i++)
		if (s->support[i].document == document)
			return 1;
	return 0;
}

static void summarize(lede__summary *out, lede__arena *arena, const lede__summary_document *docs, size_t count,
		      size_t words)
{
	lede__summary_options options;

	lede__summary_options_default(&options);
	options.max_words = words;
	assert_int_equal(lede__summarize(out, arena, docs, count, &options), 0);
}

/* docs[d].text[start..end) with white-space runs as single spaces equals `text`. */
static void assert_verbatim(const lede__summary_document *doc, const lede__summary_sentence *s)
{
	char flat[1024];
	size_t i, n = 0;
	int space = 0;

	assert_true(s->end > s->start && s->end <= doc->text_len);
	for (i = s->start; i < s->end && n + 2 < sizeof(flat); i++) {
		char c = doc->text[i];

		if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
			space = 1;
			continue;
		}
		if (space && n)
			flat[n++] = ' ';
		space = 0;
		flat[n++] = c;
	}
	flat[n] = '\0';
	assert_string_equal(flat, s->text);
}

static void sentences_are_verbatim_within_the_budget(void **state)
{
	lede__summary_document docs[3];
	size_t budgets[] = {5, 20, 40, 60, 120, 1000}, b;

	(void)state;
	story(docs);
	for (b = 0; b < sizeof(budgets) / sizeof(budgets[0]); b++) {
		lede__arena arena;
		lede__summary summary;
		size_t i, words = 0;

		lede__arena_init(&arena);
		summarize(&summary, &arena, docs, 3, budgets[b]);
		assert_true(summary.words <= budgets[b]);
		if (budgets[b] >= 20)
			assert_true(summary.count > 0);
		for (i = 0; i < summary.count; i++) {
			const lede__summary_sentence *s = &summary.items[i];

			assert_true(s->document < 3);
			assert_int_equal(s->document_id, docs[s->document].id);
			assert_verbatim(&docs[s->document], s);
			words += s->words;
		}
		assert_int_equal(words, summary.words);
		lede__arena_free(&arena);
	}
}

static void a_sentence_over_line_breaks_reads_as_one_line(void **state)
{
	lede__summary_document docs[3];
	lede__arena arena;
	lede__summary summary;
	const lede__summary_sentence *s;

	(void)state;
	story(docs);
	lede__arena_init(&arena);
	summarize(&summary, &arena, docs, 3, 1000);
	s = find(&summary, "Elm Avenue crossing, which adds");
	assert_non_null(s);
	assert_string_equal(s->text, "Traffic will be sent over the Elm Avenue crossing, which adds about ten minutes "
				     "to the trip downtown.");
	lede__arena_free(&arena);
}

static void junk_is_never_chosen(void **state)
{
	static const char *const junk[] = {
		"Share this", "Photo:", "By Carla", "BRIDGE CLOSURE", "Read more", "https://",
	};
	lede__summary_document docs[3];
	lede__arena arena;
	lede__summary summary;
	size_t i;

	(void)state;
	story(docs);
	lede__arena_init(&arena);
	summarize(&summary, &arena, docs, 3, 1000);
	assert_true(summary.count >= 6);
	for (i = 0; i < sizeof(junk) / sizeof(junk[0]); i++)
		if (find(&summary, junk[i]))
			fail_msg("junk chosen: %s", find(&summary, junk[i])->text);
	lede__arena_free(&arena);
}

static void support_lists_the_articles_that_carry_the_same_content(void **state)
{
	lede__summary_document docs[3];
	lede__arena arena;
	lede__summary summary;
	const lede__summary_sentence *lead, *quote, *cost, *shuttle;

	(void)state;
	story(docs);
	lede__arena_init(&arena);
	summarize(&summary, &arena, docs, 3, 1000);

	/* The closure, told in other words by the River Times. */
	lead = find(&summary, "Harlow Street bridge in Millbrook will");
	assert_non_null(lead);
	assert_true(supported_by(lead, 0) && supported_by(lead, 1) && !supported_by(lead, 2));
	assert_int_equal(lead->support_count, 2);
	assert_int_equal(lead->outlets, 2);

	/* The mayor's words, in two Valley Herald articles: two articles, one outlet. */
	quote = find(&summary, "We cannot risk anyone's safety");
	assert_non_null(quote);
	assert_true(supported_by(quote, 0) && supported_by(quote, 2) && !supported_by(quote, 1));
	assert_int_equal(quote->outlets, 1);

	/* Facts only one article gives. */
	cost = find(&summary, "four million dollars");
	assert_non_null(cost);
	assert_int_equal(cost->support_count, 1);
	assert_int_equal(cost->support[0].document, 1);
	shuttle = find(&summary, "shuttle bus");
	assert_non_null(shuttle);
	assert_int_equal(shuttle->support_count, 1);

	/* Each entry points at the carrying sentence of its article. */
	for (size_t i = 0; i < lead->support_count; i++) {
		const lede__summary_support *c = &lead->support[i];
		const char *text = docs[c->document].text;

		assert_true(c->end > c->start);
		assert_int_equal(c->id, docs[c->document].id);
		assert_non_null(strstr(text + c->start, "Harlow Street bridge"));
		assert_true(strstr(text + c->start, "Harlow Street bridge") < text + c->end);
		assert_true(c->overlap >= 0.5 && c->overlap <= 1.0);
	}
	lede__arena_free(&arena);
}

static void sentences_naming_the_same_people_are_not_support(void **state)
{
	static const char a[] =
		"Mayor Dana Whitfield of Millbrook opened the library.\n\n"
		"Mayor Dana Whitfield of Millbrook thanked the donors.\n";
	static const char b[] =
		"Mayor Dana Whitfield of Millbrook was booed at the fair.\n";
	lede__summary_document docs[2];
	lede__arena arena;
	lede__summary summary;

	(void)state;
	memset(docs, 0, sizeof(docs));
	docs[0].text = a;
	docs[0].text_len = strlen(a);
	docs[1].text = b;
	docs[1].text_len = strlen(b);
	lede__arena_init(&arena);
	/*
	 * Four of six content words shared, but they are the story's subject,
	 * in every sentence: what each sentence says is its own.
	 */
	summarize(&summary, &arena, docs, 2, 100);
	assert_int_equal(summary.count, 3);
	assert_int_equal(summary.items[0].support_count, 1);
	assert_int_equal(summary.items[1].support_count, 1);
	assert_int_equal(summary.items[2].support_count, 1);
	/* Without outlets each article counts as one. */
	assert_int_equal(summary.items[0].outlets, 1);
	lede__arena_free(&arena);
}

static void a_copied_sentence_is_told_once(void **state)
{
	static const char a[] =
		"The Harlow Street bridge in Millbrook will close for six months starting Monday.\n\n"
		"Engineers found deep cracks in two steel supports during an inspection in March.\n";
	static const char b[] =
		"The Harlow Street bridge in Millbrook will close for six months starting Monday.\n\n"
		"Shop owners on Harlow Street fear that the long detour will cost them their holiday trade.\n";
	lede__summary_document docs[2];
	lede__arena arena;
	lede__summary summary;
	size_t i, copies = 0;

	(void)state;
	memset(docs, 0, sizeof(docs));
	docs[0].text = a;
	docs[0].text_len = strlen(a);
	docs[1].text = b;
	docs[1].text_len = strlen(b);
	lede__arena_init(&arena);
	summarize(&summary, &arena, docs, 2, 1000);
	for (i = 0; i < summary.count; i++)
		copies += strstr(summary.items[i].text, "will close for six months") != NULL;
	assert_int_equal(copies, 1);
	assert_int_equal(summary.count, 3);
	assert_int_equal(find(&summary, "will close")->support_count, 2);
	lede__arena_free(&arena);
}

static void what_several_articles_say_comes_first_in_a_small_budget(void **state)
{
	lede__summary_document docs[3];
	lede__arena arena;
	lede__summary summary;

	(void)state;
	story(docs);
	lede__arena_init(&arena);
	/* Room for about one sentence: the closure, told by two outlets, in the leads. */
	summarize(&summary, &arena, docs, 3, 25);
	assert_int_equal(summary.count, 1);
	assert_non_null(strstr(summary.items[0].text, "Harlow Street bridge in Millbrook"));
	lede__arena_free(&arena);
}

static void sentences_come_in_reading_order(void **state)
{
	lede__summary_document docs[3];
	lede__arena arena;
	lede__summary summary;
	size_t i;

	(void)state;
	story(docs);
	lede__arena_init(&arena);
	summarize(&summary, &arena, docs, 3, 1000);
	for (i = 1; i < summary.count; i++) {
		const lede__summary_sentence *a = &summary.items[i - 1], *b = &summary.items[i];

		assert_true(a->position < b->position ||
			    (a->position == b->position && docs[a->document].published <= docs[b->document].published));
	}
	lede__arena_free(&arena);
}

static void bounds_cap_what_is_read(void **state)
{
	lede__summary_document docs[3];
	lede__summary_options options;
	lede__arena arena;
	lede__summary summary;
	size_t i;

	(void)state;
	story(docs);
	lede__summary_options_default(&options);
	options.max_words = 1000;
	options.max_sentences_per_document = 2; /* the first two sentences (junk included) of each */
	lede__arena_init(&arena);
	assert_int_equal(lede__summarize(&summary, &arena, docs, 3, &options), 0);
	assert_true(summary.count > 0);
	for (i = 0; i < summary.count; i++)
		assert_true(summary.items[i].position < 2);
	assert_null(find(&summary, "shuttle"));
	options.max_sentences_per_document = 200;
	options.max_documents = 1;
	assert_int_equal(lede__summarize(&summary, &arena, docs, 3, &options), 0);
	for (i = 0; i < summary.count; i++)
		assert_int_equal(summary.items[i].document, 0);
	lede__arena_free(&arena);
}

static void empty_and_invalid_input(void **state)
{
	lede__summary_document docs[2];
	lede__arena arena;
	lede__summary summary;

	(void)state;
	memset(docs, 0, sizeof(docs));
	lede__arena_init(&arena);
	assert_int_equal(lede__summarize(&summary, &arena, NULL, 0, NULL), 0);
	assert_int_equal(summary.count, 0);
	assert_int_equal(lede__summarize(&summary, &arena, NULL, 2, NULL), LEDE_EINVAL);
	assert_int_equal(summary.count, 0);
	/* No text, only junk, a zero budget. */
	assert_int_equal(lede__summarize(&summary, &arena, docs, 2, NULL), 0);
	assert_int_equal(summary.count, 0);
	docs[0].text = "MENU\n\nHome | World | Sports\n\nShare this story on Facebook.\n";
	docs[0].text_len = strlen(docs[0].text);
	assert_int_equal(lede__summarize(&summary, &arena, docs, 2, NULL), 0);
	assert_int_equal(summary.count, 0);
	lede__arena_free(&arena);
}

static void defaults_give_a_digest_of_about_120_words(void **state)
{
	lede__summary_options options;

	(void)state;
	lede__summary_options_default(&options);
	assert_int_equal(options.max_words, 120);
	assert_true(options.support_overlap > 0 && options.support_overlap <= 1);
}

static void allocation_failures_are_reported(void **state)
{
	lede__summary_document docs[3];
	long n;

	(void)state;
	story(docs);
	for (n = 0; n < 2000; n++) {
		lede__arena arena;
		lede__summary summary;
		int rc;

		lede__arena_init(&arena);
		lede__alloc_fail_after(n);
		rc = lede__summarize(&summary, &arena, docs, 3, NULL);
		lede__alloc_fail_after(-1);
		lede__arena_free(&arena);
		if (rc == 0)
			break;
		assert_int_equal(rc, LEDE_ENOMEM);
		assert_int_equal(summary.count, 0);
	}
	assert_true(n < 2000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sentences_are_verbatim_within_the_budget),
		cmocka_unit_test(a_sentence_over_line_breaks_reads_as_one_line),
		cmocka_unit_test(junk_is_never_chosen),
		cmocka_unit_test(support_lists_the_articles_that_carry_the_same_content),
		cmocka_unit_test(sentences_naming_the_same_people_are_not_support),
		cmocka_unit_test(a_copied_sentence_is_told_once),
		cmocka_unit_test(what_several_articles_say_comes_first_in_a_small_budget),
		cmocka_unit_test(sentences_come_in_reading_order),
		cmocka_unit_test(bounds_cap_what_is_read),
		cmocka_unit_test(empty_and_invalid_input),
		cmocka_unit_test(defaults_give_a_digest_of_about_120_words),
		cmocka_unit_test(allocation_failures_are_reported),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
