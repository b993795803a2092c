/* Unit tests of src/story/dedup: fingerprints, their blobs, relations, groups and canonicals. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "lede.h"
#include "story/dedup.h"
#include "text/normalize.h"
#include "util/alloc.h"
#include "util/buf.h"

/* An invented wire story, one paragraph per line. */
static const char *const wire[] = {
	"The Harlow River footbridge reopened on Tuesday morning after eighteen months of repairs, ending a "
	"long detour for thousands of commuters who cross between the old town and the rail station every day.",
	"City engineers said the steel deck had been replaced in sections and the stone piers reinforced with "
	"new anchors, work that ran four months late after a wet winter flooded the site twice.",
	"Mayor Ines Castellano cut a ribbon at the east end of the bridge shortly after seven o'clock, joined "
	"by a brass band from the local secondary school and a small crowd of early cyclists.",
	"\"People have been patient with us, and they deserved a bridge that will last another hundred "
	"years,\" Castellano told reporters, adding that the final bill came to just under eleven million euros.",
	"The council plans to install lighting along the riverside path next spring and will review a "
	"proposal to close the lower quay to cars on weekends, a spokesman for the transport department said.",
	"Inspections of two other crossings upstream are scheduled for the autumn, and officials expect those "
	"bridges to stay open while the checks take place.",
};

/* Another article on the same event, written independently. */
static const char other_article[] =
	"Cyclists and walkers poured across the newly restored footbridge over the Harlow on Tuesday, many of "
	"them pausing to photograph the river from a deck that had been fenced off since the winter before last.\n\n"
	"For shop owners near the station the reopening could not come soon enough. Several said trade had "
	"fallen by a third while the crossing was shut, as customers from the old town chose the supermarket on "
	"the ring road instead.\n\n"
	"The repair was one of the largest public works projects in the district this decade, and its cost rose "
	"during construction. Critics on the council opposition benches said the delays should have been "
	"foreseen, pointing to surveys from three years ago that warned of the state of the piers.\n\n"
	"The mayor, who attended the opening ceremony with a school band, has promised an independent review "
	"of how the contract was managed.";

/* The wire story's paragraphs [from, to) joined as an article, with `before` and `after` around them. */
static void article(lede__buf *out, const char *before, size_t from, size_t to, const char *after)
{
	size_t i;

	lede__buf_init(out, 1 << 20);
	if (before)
		assert_int_equal(lede__buf_printf(out, "%s\n\n", before), 0);
	for (i = from; i < to; i++)
		assert_int_equal(lede__buf_printf(out, "%s\n\n", wire[i]), 0);
	if (after)
		assert_int_equal(lede__buf_append_str(out, after), 0);
}

/* `words` words of invented filler, different for each `seed`: a page's own material. */
static void filler(lede__buf *out, unsigned seed, size_t words)
{
	static const char *const vocabulary[] = {
		"orchard", "ledger", "harbour", "violin", "granite", "meadow", "lantern", "copper", "tunnel",
		"festival", "archive", "pepper", "glacier", "saddle", "quarry", "mosaic", "thimble", "beacon",
		"parsley", "falcon", "canvas", "timber", "velvet", "walnut", "cobalt", "furnace", "satchel",
		"juniper", "marble", "pelican", "rampart", "tapestry"};
	uint32_t x = seed * 2654435761u + 1;
	size_t i;

	for (i = 0; i < words; i++) {
		x = x * 1103515245u + 12345u;
		assert_int_equal(lede__buf_printf(out, "%s%s", vocabulary[(x >> 16) % 32],
						  i % 12 == 11 ? ". " : " "), 0);
	}
	assert_int_equal(lede__buf_append_str(out, "\n\n"), 0);
}

typedef struct fixture {
	lede__dedup_fingerprinter *fingerprinter;
	lede__dedup_index *index;
} fixture;

static int setup(void **state)
{
	static fixture f;

	memset(&f, 0, sizeof f);
	if (lede__dedup_fingerprinter_new(&f.fingerprinter, NULL) != 0 ||
	    lede__dedup_index_new(&f.index, NULL) != 0)
		return -1;
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	lede__dedup_index_free(f->index);
	lede__dedup_fingerprinter_free(f->fingerprinter);
	return 0;
}

static void fingerprint_buf(fixture *f, lede__dedup_fingerprint *out, lede__buf *text)
{
	assert_int_equal(lede__dedup_fingerprint_text(out, f->fingerprinter, lede__buf_str(text), text->len), 0);
	lede__buf_free(text);
}

static void fingerprint_str(fixture *f, lede__dedup_fingerprint *out, const char *text)
{
	assert_int_equal(lede__dedup_fingerprint_text(out, f->fingerprinter, text, strlen(text)), 0);
}

static lede__dedup_relation relation_of(fixture *f, const lede__dedup_fingerprint *a,
					const lede__dedup_fingerprint *b, double *score)
{
	return lede__dedup_compare(score, lede__dedup_index_params(f->index), a, b);
}

static void fingerprint_carries_the_store_content_key(void **state)
{
	fixture *f = *state;
	lede__dedup_fingerprint fp, from_normalized;
	lede__buf text, normalized;
	uint64_t key;

	article(&text, NULL, 0, 6, NULL);
	assert_int_equal(lede__text_content_hash(&key, lede__buf_str(&text), text.len), 0);
	lede__buf_init(&normalized, 1 << 20);
	assert_int_equal(lede__text_normalize(&normalized, lede__buf_str(&text), text.len), 0);
	assert_int_equal(lede__dedup_fingerprint_normalized(&from_normalized, f->fingerprinter,
							    lede__buf_str(&normalized), normalized.len), 0);
	fingerprint_buf(f, &fp, &text);
	assert_true(fp.content_hash == key);
	assert_true(fp.words > 150 && fp.words < 250);
	assert_true(fp.shingles > 140 && fp.shingles <= fp.words);
	assert_int_equal(fp.slots, lede__dedup_index_params(f->index)->slots);
	assert_memory_equal(&fp, &from_normalized, sizeof fp);
	lede__buf_free(&normalized);
}

static void fingerprint_blob_round_trips_and_refuses_damage(void **state)
{
	fixture *f = *state;
	lede__dedup_fingerprint fp, back;
	uint8_t blob[LEDE__DEDUP_BLOB_MAX];
	size_t len;

	fingerprint_str(f, &fp, other_article);
	assert_int_equal(lede__dedup_fingerprint_encode(blob, sizeof blob, &len, &fp), 0);
	assert_int_equal(len, lede__dedup_fingerprint_size(&fp));
	assert_int_equal(len, LEDE__DEDUP_BLOB_HEADER + 2 * fp.slots);
	assert_int_equal(lede__dedup_fingerprint_decode(&back, blob, len), 0);
	assert_memory_equal(&fp, &back, sizeof fp);
	/* Little-endian on every machine: the content hash starts at byte 8. */
	assert_int_equal(blob[8], (uint8_t)fp.content_hash);
	assert_int_equal(lede__dedup_fingerprint_encode(blob, len - 1, &len, &fp), LEDE_ETOOBIG);
	assert_int_equal(lede__dedup_fingerprint_encode(blob, sizeof blob, &len, &fp), 0);

	assert_int_equal(lede__dedup_fingerprint_decode(&back, blob, len - 1), LEDE_EFORMAT);
	assert_int_equal(lede__dedup_fingerprint_decode(&back, blob, 10), LEDE_EFORMAT);
	assert_int_equal(lede__dedup_fingerprint_decode(&back, NULL, 0), LEDE_EFORMAT);
	blob[1] = LEDE__DEDUP_BLOB_VERSION + 1;
	assert_int_equal(lede__dedup_fingerprint_decode(&back, blob, len), LEDE_EFORMAT);
	blob[1] = LEDE__DEDUP_BLOB_VERSION;
	blob[0] = 'x';
	assert_int_equal(lede__dedup_fingerprint_decode(&back, blob, len), LEDE_EFORMAT);
	blob[0] = 'd';
	blob[4] = 0; /* zero slots */
	blob[5] = 0;
	assert_int_equal(lede__dedup_fingerprint_decode(&back, blob, len), LEDE_EFORMAT);
}

static void relations_between_versions_of_one_story(void **state)
{
	fixture *f = *state;
	lede__dedup_fingerprint full, relaid, edited, trimmed, padded, other;
	lede__buf text;
	double score;
	size_t i;

	article(&text, NULL, 0, 6, NULL);
	fingerprint_buf(f, &full, &text);

	/* Other paragraph breaks and spacing: the same normalized text. */
	lede__buf_init(&text, 1 << 20);
	for (i = 0; i < 6; i++)
		assert_int_equal(lede__buf_printf(&text, "%s%s", wire[i], i == 2 ? "\n" : " "), 0);
	fingerprint_buf(f, &relaid, &text);
	assert_int_equal(relation_of(f, &relaid, &full, &score), LEDE__DEDUP_EXACT);
	assert_true(score == 1.0);

	/* A copy editor's pass: words changed in three paragraphs, the last one cut. */
	fingerprint_str(f, &edited,
			"The Harlow River footbridge reopened on Tuesday after eighteen months of repairs, ending a "
			"long detour for many commuters who cross between the old town and the rail station every day.\n\n"
			"City engineers said the steel deck had been replaced in sections and the stone piers reinforced "
			"with new anchors, work that ran several months behind schedule after a wet winter flooded the "
			"site twice.\n\n"
			"Mayor Ines Castellano cut a ribbon at the east end of the bridge just after 7 a.m., joined by a "
			"brass band from the local secondary school and a small crowd of early cyclists.\n\n"
			"\"People have been patient with us, and they deserved a bridge that will last another hundred "
			"years,\" Castellano told reporters, adding that the final bill came to just under eleven million "
			"euros.\n\n"
			"The council plans to install lighting along the riverside path next spring and will review a "
			"proposal to close the lower quay to cars on weekends, a spokesman for the transport department "
			"said.");
	assert_int_equal(relation_of(f, &edited, &full, &score), LEDE__DEDUP_NEAR);
	assert_true(score >= 0.6 && score < 1.0);

	/* The first half, as a paper short of space prints it. */
	article(&text, NULL, 0, 3, NULL);
	fingerprint_buf(f, &trimmed, &text);
	assert_int_equal(relation_of(f, &trimmed, &full, &score), LEDE__DEDUP_CONTAINED_IN);
	assert_true(score >= 0.8);
	assert_int_equal(relation_of(f, &full, &trimmed, &score), LEDE__DEDUP_CONTAINS);

	/* The whole story inside a page with as much of its own again. */
	article(&text, "LAKEVIEW - Residents of the northern villages relied on a shuttle bus during the closure.",
		0, 6, NULL);
	filler(&text, 1, 220);
	fingerprint_buf(f, &padded, &text);
	assert_int_equal(relation_of(f, &padded, &full, &score), LEDE__DEDUP_CONTAINS);
	assert_true(score >= 0.8);
	assert_int_equal(relation_of(f, &full, &padded, &score), LEDE__DEDUP_CONTAINED_IN);

	/* A different article on the same event is no copy. */
	fingerprint_str(f, &other, other_article);
	assert_int_equal(relation_of(f, &other, &full, &score), LEDE__DEDUP_NONE);
	assert_true(score == 0.0);
	assert_string_equal(lede__dedup_relation_name(LEDE__DEDUP_CONTAINED_IN), "contained-in");
	assert_string_equal(lede__dedup_relation_name(LEDE__DEDUP_NONE), "");
}

static void add(fixture *f, lede__dedup_change *change, int64_t id, int64_t published,
		const lede__dedup_fingerprint *fp)
{
	assert_int_equal(lede__dedup_index_add(change, f->index, id, published, fp), 0);
}

static void tiny_texts_match_only_exactly(void **state)
{
	fixture *f = *state;
	lede__dedup_fingerprint a, b, c;
	double score;

	fingerprint_str(f, &a, "Photo: City of Harlow");
	fingerprint_str(f, &b, "photo - city of harlow.");
	fingerprint_str(f, &c, "Photo: City of Harlow archive");
	assert_int_equal(relation_of(f, &a, &b, &score), LEDE__DEDUP_EXACT);
	assert_int_equal(relation_of(f, &a, &c, &score), LEDE__DEDUP_NONE);
}

static void empty_pages_are_nobodys_copies(void **state)
{
	fixture *f = *state;
	lede__dedup_fingerprint a, b;
	lede__dedup_change change;
	double score;

	fingerprint_str(f, &a, "");
	fingerprint_str(f, &b, " \n\n -- ");
	assert_true(a.content_hash == b.content_hash);
	assert_int_equal(a.words, 0);
	assert_int_equal(relation_of(f, &a, &b, &score), LEDE__DEDUP_NONE);
	add(f, &change, 1, 0, &a);
	add(f, &change, 2, 0, &b);
	assert_int_equal(change.match.matched, 0);
	assert_int_equal(change.canonical, 2);
}

static void copies_join_the_earliest_version(void **state)
{
	fixture *f = *state;
	lede__dedup_fingerprint full, trimmed, padded, other;
	lede__dedup_change change;
	lede__dedup_match match;
	lede__dedup_state st;
	lede__buf text;
	int64_t members[8];

	article(&text, NULL, 0, 6, NULL);
	fingerprint_buf(f, &full, &text);
	article(&text, NULL, 0, 3, "Read more.");
	fingerprint_buf(f, &trimmed, &text);
	article(&text, "LAKEVIEW - Residents of the northern villages relied on a shuttle bus.", 0, 6, NULL);
	filler(&text, 2, 200);
	fingerprint_buf(f, &padded, &text);
	fingerprint_str(f, &other, other_article);

	/* The trimmed copy arrives first, published at noon. */
	add(f, &change, 10, 43200, &trimmed);
	assert_int_equal(change.match.matched, 0);
	assert_int_equal(change.canonical, 10);
	assert_int_equal(change.replaced_count, 0);

	/* The other article on the event stays apart. */
	add(f, &change, 11, 40000, &other);
	assert_int_equal(change.match.matched, 0);
	assert_int_equal(change.canonical, 11);

	/* The wire text, published at eight: it contains the trimmed copy and leads the group now. */
	assert_int_equal(lede__dedup_index_match(&match, f->index, &full), 0);
	assert_int_equal(match.matched, 10);
	assert_int_equal(match.relation, LEDE__DEDUP_CONTAINS);
	add(f, &change, 12, 28800, &full);
	assert_int_equal(change.match.matched, 10);
	assert_int_equal(change.match.relation, LEDE__DEDUP_CONTAINS);
	assert_int_equal(change.canonical, 12);
	assert_int_equal(change.replaced_count, 1);
	assert_int_equal(change.replaced[0], 10);

	/* A page that wraps it, later, with no date: a member, not the canonical. */
	add(f, &change, 13, 0, &padded);
	assert_int_equal(change.canonical, 12);
	assert_int_equal(change.replaced_count, 0);

	assert_int_equal(lede__dedup_index_state(&st, f->index, 12), 0);
	assert_int_equal(st.canonical, 12);
	assert_int_equal(st.relation, LEDE__DEDUP_NONE);
	assert_int_equal(st.group_size, 3);
	assert_int_equal(lede__dedup_index_state(&st, f->index, 10), 0);
	assert_int_equal(st.canonical, 12);
	assert_int_equal(st.relation, LEDE__DEDUP_CONTAINED_IN);
	assert_int_equal(lede__dedup_index_state(&st, f->index, 13), 0);
	assert_int_equal(st.relation, LEDE__DEDUP_CONTAINS);
	assert_int_equal(lede__dedup_index_state(&st, f->index, 11), 0);
	assert_int_equal(st.canonical, 11);
	assert_int_equal(st.group_size, 1);

	assert_int_equal(lede__dedup_index_group(members, 8, f->index, 13), 3);
	assert_int_equal(members[0], 12);
	assert_true((members[1] == 10 && members[2] == 13) || (members[1] == 13 && members[2] == 10));
	assert_int_equal(lede__dedup_index_group(members, 8, f->index, 99), 0);
	assert_int_equal(lede__dedup_index_count(f->index), 4);
	assert_true(lede__dedup_index_memory(f->index) > 0);

	/* An exact copy under another id is "exact". */
	add(f, &change, 14, 30000, &full);
	assert_int_equal(change.match.relation, LEDE__DEDUP_EXACT);
	assert_int_equal(change.canonical, 12);
	/* Ids are unique. */
	assert_int_equal(lede__dedup_index_add(&change, f->index, 14, 0, &full), LEDE_EINVAL);
	assert_int_equal(lede__dedup_index_add(&change, f->index, 0, 0, &full), LEDE_EINVAL);
}

static void canonical_rule_prefers_known_then_earlier_then_longer(void **state)
{
	fixture *f = *state;
	lede__dedup_fingerprint full, trimmed;
	lede__dedup_change change;
	lede__buf text;

	article(&text, NULL, 0, 6, NULL);
	fingerprint_buf(f, &full, &text);
	article(&text, NULL, 0, 4, NULL);
	fingerprint_buf(f, &trimmed, &text);

	/* Same time: the longer version leads. */
	add(f, &change, 1, 1000, &trimmed);
	add(f, &change, 2, 1000, &full);
	assert_int_equal(change.canonical, 2);
	assert_int_equal(change.replaced[0], 1);
	/* An unknown date never wins over a known one, however long. */
	add(f, &change, 3, 0, &full);
	assert_int_equal(change.canonical, 2);
	/* An earlier date wins, even for a shorter text. */
	add(f, &change, 4, 999, &trimmed);
	assert_int_equal(change.canonical, 4);
	assert_int_equal(change.replaced_count, 1);
	assert_int_equal(change.replaced[0], 2);
}

static void a_page_holding_two_stories_does_not_merge_them(void **state)
{
	fixture *f = *state;
	lede__dedup_fingerprint first_half, second_half, both;
	lede__dedup_change change;
	lede__dedup_state st;
	lede__buf text;

	article(&text, NULL, 0, 3, NULL);
	fingerprint_buf(f, &first_half, &text);
	article(&text, NULL, 3, 6, NULL);
	fingerprint_buf(f, &second_half, &text);
	article(&text, NULL, 0, 6, NULL);
	fingerprint_buf(f, &both, &text);

	add(f, &change, 1, 100, &first_half);
	add(f, &change, 2, 100, &second_half);
	assert_int_equal(change.canonical, 2);
	add(f, &change, 3, 100, &both);
	assert_int_equal(change.match.relation, LEDE__DEDUP_CONTAINS);
	/* It joins one of them (and leads it: same time, longer); the other keeps its own group. */
	assert_int_equal(change.canonical, 3);
	assert_int_equal(change.replaced_count, 1);
	assert_int_equal(lede__dedup_index_state(&st, f->index, change.replaced[0] == 1 ? 2 : 1), 0);
	assert_int_equal(st.group_size, 1);
	assert_int_equal(lede__dedup_index_state(&st, f->index, 3), 0);
	assert_int_equal(st.group_size, 2);
}

static void a_text_contained_in_two_groups_merges_them(void **state)
{
	fixture *f = *state;
	lede__dedup_fingerprint page1, page2, story;
	lede__dedup_change change;
	lede__dedup_state st;
	lede__buf text;
	double score;

	/* Two pages carry the story beside as much material of their own: not copies of each other. */
	article(&text, NULL, 0, 6, NULL);
	filler(&text, 3, 210);
	fingerprint_buf(f, &page1, &text);
	article(&text, NULL, 0, 6, NULL);
	filler(&text, 4, 210);
	fingerprint_buf(f, &page2, &text);
	article(&text, NULL, 0, 6, NULL);
	fingerprint_buf(f, &story, &text);
	assert_int_equal(relation_of(f, &page1, &page2, &score), LEDE__DEDUP_NONE);

	add(f, &change, 1, 500, &page1);
	add(f, &change, 2, 400, &page2);
	assert_int_equal(change.match.matched, 0);
	add(f, &change, 3, 600, &story);
	assert_int_equal(change.match.relation, LEDE__DEDUP_CONTAINED_IN);
	assert_int_equal(change.canonical, 2);
	assert_int_equal(change.replaced_count, 1);
	assert_int_equal(change.replaced[0], 1);
	assert_int_equal(lede__dedup_index_state(&st, f->index, 1), 0);
	assert_int_equal(st.canonical, 2);
	assert_int_equal(st.group_size, 3);
	/* Joined through the story: the two pages are named by their lengths. */
	assert_int_equal(st.relation, LEDE__DEDUP_NEAR);
}

static void removing_articles_moves_the_canonical(void **state)
{
	fixture *f = *state;
	lede__dedup_fingerprint full, trimmed;
	lede__dedup_change change;
	lede__dedup_match match;
	lede__dedup_state st;
	lede__buf text;

	article(&text, NULL, 0, 6, NULL);
	fingerprint_buf(f, &full, &text);
	article(&text, NULL, 0, 3, NULL);
	fingerprint_buf(f, &trimmed, &text);
	add(f, &change, 1, 100, &full);
	add(f, &change, 2, 200, &full);
	add(f, &change, 3, 300, &trimmed);

	assert_int_equal(lede__dedup_index_remove(&change, f->index, 1), 0);
	assert_int_equal(change.canonical, 2);
	assert_int_equal(change.replaced_count, 1);
	assert_int_equal(change.replaced[0], 1);
	assert_int_equal(lede__dedup_index_state(&st, f->index, 1), LEDE_ENOTFOUND);
	/* The other exact copy took the removed one's place in the lookups. */
	assert_int_equal(lede__dedup_index_match(&match, f->index, &full), 0);
	assert_int_equal(match.matched, 2);
	assert_int_equal(match.relation, LEDE__DEDUP_EXACT);

	assert_int_equal(lede__dedup_index_remove(&change, f->index, 3), 0);
	assert_int_equal(change.canonical, 2);
	assert_int_equal(change.replaced_count, 0);
	assert_int_equal(lede__dedup_index_remove(&change, f->index, 2), 0);
	assert_int_equal(change.canonical, 0);
	assert_int_equal(lede__dedup_index_remove(&change, f->index, 2), LEDE_ENOTFOUND);
	assert_int_equal(lede__dedup_index_count(f->index), 0);
	assert_int_equal(lede__dedup_index_match(&match, f->index, &full), 0);
	assert_int_equal(match.matched, 0);
}

static void restore_rebuilds_the_stored_groups_in_any_order(void **state)
{
	fixture *f = *state;
	lede__dedup_fingerprint full, trimmed, other, back;
	uint8_t blob[LEDE__DEDUP_BLOB_MAX];
	lede__dedup_state st;
	lede__dedup_match match;
	lede__buf text;
	size_t len;

	article(&text, NULL, 0, 6, NULL);
	fingerprint_buf(f, &full, &text);
	article(&text, NULL, 0, 3, NULL);
	fingerprint_buf(f, &trimmed, &text);
	fingerprint_str(f, &other, other_article);

	/* Members before their canonical, as rows come out of a store; through the blob. */
	assert_int_equal(lede__dedup_fingerprint_encode(blob, sizeof blob, &len, &trimmed), 0);
	assert_int_equal(lede__dedup_fingerprint_decode(&back, blob, len), 0);
	assert_int_equal(lede__dedup_index_restore(f->index, 7, 300, &back, 5), 0);
	assert_int_equal(lede__dedup_index_restore(f->index, 6, 200, &full, 5), 0);
	assert_int_equal(lede__dedup_index_restore(f->index, 9, 50, &other, 0), 0);
	assert_int_equal(lede__dedup_index_restore(f->index, 5, 100, &full, 5), 0);

	assert_int_equal(lede__dedup_index_state(&st, f->index, 7), 0);
	assert_int_equal(st.canonical, 5);
	assert_int_equal(st.group_size, 3);
	assert_int_equal(st.relation, LEDE__DEDUP_CONTAINED_IN);
	assert_int_equal(lede__dedup_index_state(&st, f->index, 6), 0);
	assert_int_equal(st.relation, LEDE__DEDUP_EXACT);
	assert_int_equal(lede__dedup_index_state(&st, f->index, 9), 0);
	assert_int_equal(st.canonical, 9);
	assert_int_equal(st.group_size, 1);
	/* New articles find the restored ones. */
	assert_int_equal(lede__dedup_index_match(&match, f->index, &trimmed), 0);
	assert_int_equal(match.matched, 7);
	assert_int_equal(match.canonical, 5);
	assert_int_equal(lede__dedup_index_restore(f->index, 7, 0, &full, 0), LEDE_EINVAL);
}

static void parameters_are_checked(void **state)
{
	fixture *f = *state;
	lede__dedup_params p;
	lede__dedup_index *index = (lede__dedup_index *)1;
	lede__dedup_fingerprinter *other = NULL;
	lede__dedup_fingerprint fp;
	lede__dedup_change change;

	lede__dedup_params_default(&p);
	assert_int_equal(lede__dedup_params_check(&p), 0);
	p.bands = p.slots;
	p.rows = 2;
	assert_int_equal(lede__dedup_index_new(&index, &p), LEDE_EINVAL);
	assert_null(index);
	lede__dedup_params_default(&p);
	p.slots = LEDE__DEDUP_MAX_SLOTS + 1;
	assert_int_equal(lede__dedup_params_check(&p), LEDE_EINVAL);
	lede__dedup_params_default(&p);
	p.near_jaccard = 0.0;
	assert_int_equal(lede__dedup_params_check(&p), LEDE_EINVAL);
	lede__dedup_params_default(&p);
	p.shingle_words = 0;
	assert_int_equal(lede__dedup_fingerprinter_new(&other, &p), LEDE_EINVAL);

	/* A fingerprint made with other parameters is refused, not misread. */
	lede__dedup_params_default(&p);
	p.slots = 64;
	p.bands = 32;
	assert_int_equal(lede__dedup_fingerprinter_new(&other, &p), 0);
	assert_int_equal(lede__dedup_fingerprint_text(&fp, other, other_article, strlen(other_article)), 0);
	assert_int_equal(lede__dedup_index_add(&change, f->index, 1, 0, &fp), LEDE_EINVAL);
	lede__dedup_fingerprinter_free(other);
	lede__dedup_fingerprinter_free(NULL);
	lede__dedup_index_free(NULL);
}

static void index_survives_every_allocation_failure(void **state)
{
	fixture *f = *state;
	lede__dedup_fingerprint fps[6];
	lede__buf text;
	long fail;
	size_t i;

	for (i = 0; i < 6; i++) {
		article(&text, NULL, 0, i + 1, NULL);
		fingerprint_buf(f, &fps[i], &text);
	}
	for (fail = 0; fail < 400; fail++) {
		lede__dedup_index *index = NULL;
		lede__dedup_change change;
		lede__dedup_state st;
		int64_t id;
		int rc = 0, done = 0;

		lede__alloc_fail_after(fail);
		if (lede__dedup_index_new(&index, NULL) == 0) {
			for (id = 1; id <= 60 && rc == 0; id++)
				rc = lede__dedup_index_add(&change, index, id, id, &fps[id % 6]);
			done = rc == 0;
			if (rc != 0)
				assert_int_equal(rc, LEDE_ENOMEM);
		}
		lede__alloc_fail_after(-1);
		if (index) {
			/* What was added before the failure is consistent. */
			size_t count = lede__dedup_index_count(index);

			for (id = 1; id <= (int64_t)count; id++)
				assert_int_equal(lede__dedup_index_state(&st, index, id), 0);
		}
		lede__dedup_index_free(index);
		if (done)
			break;
	}
	assert_true(fail < 400);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(fingerprint_carries_the_store_content_key, setup, teardown),
		cmocka_unit_test_setup_teardown(fingerprint_blob_round_trips_and_refuses_damage, setup, teardown),
		cmocka_unit_test_setup_teardown(relations_between_versions_of_one_story, setup, teardown),
		cmocka_unit_test_setup_teardown(tiny_texts_match_only_exactly, setup, teardown),
		cmocka_unit_test_setup_teardown(empty_pages_are_nobodys_copies, setup, teardown),
		cmocka_unit_test_setup_teardown(copies_join_the_earliest_version, setup, teardown),
		cmocka_unit_test_setup_teardown(canonical_rule_prefers_known_then_earlier_then_longer, setup,
						teardown),
		cmocka_unit_test_setup_teardown(a_page_holding_two_stories_does_not_merge_them, setup, teardown),
		cmocka_unit_test_setup_teardown(a_text_contained_in_two_groups_merges_them, setup, teardown),
		cmocka_unit_test_setup_teardown(removing_articles_moves_the_canonical, setup, teardown),
		cmocka_unit_test_setup_teardown(restore_rebuilds_the_stored_groups_in_any_order, setup, teardown),
		cmocka_unit_test_setup_teardown(parameters_are_checked, setup, teardown),
		cmocka_unit_test_setup_teardown(index_survives_every_allocation_failure, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
