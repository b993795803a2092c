/*
 * Unit tests of src/sim/vector, src/sim/tfidf and src/story/cluster: term
 * vectors, document frequencies, the article features, event clustering,
 * merges, storylines, freezing, restarts, and the five seed pages.
 *
 * The articles below are invented for these tests.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lede.h"
#include "sim/tfidf.h"
#include "sim/vector.h"
#include "story/cluster.h"
#include "text/date.h"
#include "util/alloc.h"
#include "util/buf.h"

#define HOUR 3600
#define DAY 86400
#define T0 1717200000 /* 2024-06-01 */

typedef struct sample {
	const char *title;
	const char *text;
	const char *outlet;
	int64_t published; /* seconds after T0 */
	int event;         /* the event it belongs to, for the checks */
} sample;

/* Three events of one afternoon, each told by several outlets in their own words. */
static const sample corpus[] = {
	{"Harrow Bridge shut after inspectors find cracks in main span",
	 "Eastbrook closed the Harrow Bridge on Tuesday after city inspectors found cracks in the steel of "
	 "its main span. Chief engineer Mara Voss said the crossing would stay closed for at least three "
	 "weeks while crews assess the damage. Commuters were told to use the ferry or the northern ring road.",
	 "Eastbrook Gazette", 0, 0},
	{"Storm Petra floods harbour towns along the coast",
	 "Storm Petra pushed seawater into the streets of Saltmere and Kettle Cove overnight, flooding homes "
	 "and shops near the harbour. Forecaster Tomas Grieg said gusts reached 110 kilometres an hour. "
	 "Coastguard crews evacuated 240 residents from low-lying streets.",
	 "Coastline Daily", 1 * HOUR, 1},
	{"Valdoria central bank raises interest rate to 4.5 percent",
	 "The Central Bank of Valdoria raised its main interest rate by half a point to 4.5 percent, its "
	 "third increase this year. Governor Ilse Brandt said inflation in food and energy prices had not "
	 "cooled fast enough. Mortgage lenders are expected to pass the increase on within weeks.",
	 "Capital Observer", 1 * HOUR + 600, 2},
	{"Cracked steel closes Harrow Bridge for weeks",
	 "Engineers have found cracks in the main span of the Harrow Bridge, and Eastbrook shut the crossing "
	 "to all traffic. Mara Voss, the city's chief engineer, told reporters the repairs could take three "
	 "weeks. Extra ferries will run for commuters.",
	 "Northwind", 2 * HOUR, 0},
	{"Petra: coastguard evacuates hundreds as storm floods Saltmere",
	 "Hundreds of residents of Saltmere were moved to safety as Storm Petra flooded the harbour district. "
	 "The coastguard said 240 people were evacuated from low-lying streets. Gusts of 110 kilometres an "
	 "hour were recorded, according to forecaster Tomas Grieg.",
	 "Harbor City Courier", 2 * HOUR + 900, 1},
	{"Brandt defends half-point rate rise as Valdoria fights inflation",
	 "Valdoria's central bank governor Ilse Brandt defended the decision to raise the interest rate to "
	 "4.5 percent, saying food and energy inflation remained too high. It is the bank's third rate "
	 "increase this year, and mortgage lenders said repayments would rise.",
	 "Daily Beacon", 3 * HOUR, 2},
	{"Harrow Bridge closure: commuters face weeks of detours",
	 "Commuters in Eastbrook face three weeks of detours after the Harrow Bridge was closed because of "
	 "cracks in its main span. The city's chief engineer, Mara Voss, said inspectors found the cracks "
	 "during a routine check. The northern ring road is expected to be congested.",
	 "Valley Ledger", 4 * HOUR, 0},
	{"Storm Petra leaves flooded streets and damaged boats in Kettle Cove",
	 "Residents of Kettle Cove woke to flooded streets and damaged fishing boats after Storm Petra swept "
	 "the coast. Forecaster Tomas Grieg said the storm would weaken by evening. The coastguard evacuated "
	 "240 people from homes near the harbour.",
	 "Tri-County Herald", 4 * HOUR + 1200, 1},
	{"Valdoria rate rise to 4.5 percent will lift mortgage costs",
	 "Mortgage costs in Valdoria are set to climb after the central bank lifted its interest rate to 4.5 "
	 "percent. Governor Ilse Brandt said the half-point increase was needed to bring inflation in food and "
	 "energy down. Lenders said they would pass on the increase.",
	 "Westmoor Times", 5 * HOUR, 2},
};

#define CORPUS_SIZE (sizeof(corpus) / sizeof(corpus[0]))

static lede__cluster_article article_of(const sample *s, int64_t id)
{
	lede__cluster_article a;

	memset(&a, 0, sizeof(a));
	a.id = id;
	a.title = s->title;
	a.title_len = strlen(s->title);
	a.text = s->text;
	a.text_len = strlen(s->text);
	a.outlet = s->outlet;
	a.published = T0 + s->published;
	a.may_open = 1;
	return a;
}

static int flush_nothing(void *context, const lede__cluster_event_info *event)
{
	(void)context;
	(void)event;
	return 0;
}

/* Follows recorded event merges: ids[from] = into. */
static int64_t follow(const int64_t *merged_into, int64_t id)
{
	while (merged_into[id])
		id = merged_into[id];
	return id;
}

/* --------------------------------------------------------------- vectors */

static void vectors_count_add_truncate_and_dot(void **state)
{
	lede__term terms[] = {7, 3, 7, 9, 3, 7};
	lede__vector a, b;
	lede__term_weight top[2];

	(void)state;
	lede__vector_init(&a);
	lede__vector_init(&b);
	assert_int_equal(lede__vector_count_terms(&a, terms, 6), 0);
	assert_int_equal(a.count, 3);
	assert_true(a.items[0].term == 3 && a.items[1].term == 7 && a.items[2].term == 9);
	assert_true(lede__vector_get(&a, 7) == 3.0f && lede__vector_get(&a, 4) == 0.0f);
	assert_int_equal(lede__vector_copy(&b, &a), 0);
	assert_int_equal(lede__vector_add(&b, &a, 2.0), 0);
	assert_true(lede__vector_get(&b, 3) == 6.0f);
	/* 2*2 + 3*3 + 1*1 = 14 for a.a; b = 3a. */
	assert_true(lede__vector_dot(&a, &b) == 42.0);
	assert_int_equal(lede__vector_top(top, 2, &a), 2);
	assert_true(top[0].term == 7 && top[1].term == 3);
	lede__vector_truncate(&a, 1);
	assert_int_equal(a.count, 1);
	assert_true(a.items[0].term == 7);
	lede__vector_free(&a);
	lede__vector_free(&b);
}

static void vectors_round_trip_and_refuse_damage(void **state)
{
	lede__term terms[] = {5, 100000, 4000000000u, 5};
	lede__vector a, b;
	lede__wire_reader reader;
	lede__buf buf;

	(void)state;
	lede__vector_init(&a);
	lede__vector_init(&b);
	lede__buf_init(&buf, 1024);
	assert_int_equal(lede__vector_count_terms(&a, terms, 4), 0);
	a.items[1].weight = 0.123456789f;
	assert_int_equal(lede__vector_encode(&buf, &a), 0);
	lede__wire_reader_init(&reader, buf.data, buf.len);
	assert_int_equal(lede__vector_decode(&b, &reader, 100), 0);
	assert_int_equal(reader.pos, buf.len);
	assert_int_equal(b.count, a.count);
	assert_memory_equal(b.items, a.items, a.count * sizeof(*a.items));
	/* Cut short: refused, not read past the end. */
	lede__wire_reader_init(&reader, buf.data, buf.len - 1);
	assert_int_equal(lede__vector_decode(&b, &reader, 100), LEDE_EFORMAT);
	/* More items than allowed. */
	lede__wire_reader_init(&reader, buf.data, buf.len);
	assert_int_equal(lede__vector_decode(&b, &reader, 2), LEDE_EFORMAT);
	lede__buf_free(&buf);
	lede__vector_free(&a);
	lede__vector_free(&b);
}

static void u64map_inserts_finds_and_removes(void **state)
{
	lede__u64map map;
	uint64_t key;
	uint32_t *value;
	int inserted;

	(void)state;
	lede__u64map_init(&map);
	for (key = 1; key <= 5000; key++) {
		assert_int_equal(lede__u64map_upsert(&value, &inserted, &map, key * 7919, (uint32_t)key), 0);
		assert_true(inserted);
	}
	assert_int_equal(lede__u64map_upsert(&value, &inserted, &map, 7919, 0), 0);
	assert_false(inserted);
	assert_int_equal(*value, 1);
	/* Remove every other key: the probe chains of the rest must stay whole. */
	for (key = 1; key <= 5000; key += 2)
		assert_int_equal(lede__u64map_remove(&map, key * 7919), 1);
	assert_int_equal(map.count, 2500);
	for (key = 1; key <= 5000; key++) {
		value = lede__u64map_find(&map, key * 7919);
		if (key % 2)
			assert_null(value);
		else
			assert_true(value && *value == key);
	}
	assert_int_equal(lede__u64map_remove(&map, 3), 0);
	assert_int_equal(lede__u64map_upsert(&value, NULL, &map, 0, 1), LEDE_EINVAL);
	lede__u64map_free(&map);
}

/* -------------------------------------------------- document frequencies */

static void document_frequencies_weigh_rare_terms_higher(void **state)
{
	lede__term common = 11, rare = 22;
	lede__term doc1[] = {11, 22}, doc2[] = {11}, doc3[] = {11};
	lede__vector v, weighted;
	lede__df_table *df, *copy;
	lede__buf blob;

	(void)state;
	lede__vector_init(&v);
	lede__vector_init(&weighted);
	lede__buf_init(&blob, 1 << 20);
	assert_int_equal(lede__df_new(&df, 0), 0);
	assert_int_equal(lede__vector_count_terms(&v, doc1, 2), 0);
	assert_int_equal(lede__df_add(df, &v, 1), 0);
	assert_int_equal(lede__vector_count_terms(&v, doc2, 1), 0);
	assert_int_equal(lede__df_add(df, &v, 1), 0);
	assert_int_equal(lede__vector_count_terms(&v, doc3, 1), 0);
	assert_int_equal(lede__df_add(df, &v, 1), 0);
	assert_int_equal(lede__df_documents(df), 3);
	assert_int_equal(lede__df_get(df, common), 3);
	assert_true(lede__df_idf(df, rare) > lede__df_idf(df, common));
	assert_true(lede__df_idf(df, 999) > lede__df_idf(df, rare));
	/* A term in every article weighs about nothing; the vector is of unit length. */
	assert_int_equal(lede__vector_count_terms(&v, doc1, 2), 0);
	assert_int_equal(lede__tfidf_weigh(&weighted, &v, df), 0);
	assert_true(lede__vector_get(&weighted, rare) > 0.99f);
	/* The blob restores the same counts. */
	assert_int_equal(lede__df_encode(&blob, df), 0);
	assert_int_equal(lede__df_new(&copy, 0), 0);
	assert_int_equal(lede__df_decode(copy, blob.data, blob.len), 0);
	assert_int_equal(lede__df_documents(copy), 3);
	assert_int_equal(lede__df_get(copy, rare), 1);
	assert_int_equal(lede__df_get(copy, common), 3);
	assert_int_equal(lede__df_decode(copy, blob.data, blob.len - 1), LEDE_EFORMAT);
	assert_int_equal(lede__df_terms(copy), 0);
	lede__df_free(copy);
	lede__df_free(df);
	lede__vector_free(&v);
	lede__vector_free(&weighted);
	lede__buf_free(&blob);
}

static void document_frequencies_stay_under_their_cap(void **state)
{
	lede__df_table *df;
	lede__vector v;
	lede__term terms[3];
	uint32_t i;

	(void)state;
	lede__vector_init(&v);
	assert_int_equal(lede__df_new(&df, 1000), 0);
	/* Every article: one term all share, two of its own. */
	for (i = 0; i < 5000; i++) {
		terms[0] = 1;
		terms[1] = 1000 + 2 * i;
		terms[2] = 1001 + 2 * i;
		assert_int_equal(lede__vector_count_terms(&v, terms, 3), 0);
		assert_int_equal(lede__df_add(df, &v, 1), 0);
		assert_true(lede__df_terms(df) <= 1001);
	}
	assert_int_equal(lede__df_get(df, 1), 5000);
	assert_int_equal(lede__df_documents(df), 5000);
	lede__df_free(df);
	lede__vector_free(&v);
}

/* ------------------------------------------------------------- features */

static int has_term(const lede__vector *v, const char *text, unsigned space)
{
	return lede__vector_get(v, lede__term_hash(text, strlen(text), space)) > 0;
}

static void features_stem_words_and_find_names(void **state)
{
	static const char title[] = "Harrow Bridge Closed After Inspectors Find Cracks";
	static const char text[] =
		"Yesterday the city closed the bridge. The White House said nothing, and Mara Voss's team "
		"counted 240 cracks in 2024. Inspectors were inspecting it for 3 days, the inspectors said.";
	lede__tfidf_featurizer *featurizer;
	lede__doc_terms terms;

	(void)state;
	lede__doc_terms_init(&terms);
	assert_int_equal(lede__tfidf_featurizer_new(&featurizer, NULL), 0);
	assert_int_equal(lede__tfidf_featurize(&terms, featurizer, title, strlen(title), text, strlen(text), NULL, 0),
			 0);
	/* Stems: "inspectors" and "inspecting" meet at their stem; stopwords are gone. */
	assert_true(has_term(&terms.title, "inspector", LEDE__TERM_WORD));
	assert_true(has_term(&terms.body, "inspect", LEDE__TERM_WORD));
	assert_true(has_term(&terms.body, "crack", LEDE__TERM_WORD));
	assert_false(has_term(&terms.body, "the", LEDE__TERM_WORD));
	/* Numbers of two or more digits are terms; "3" is not. */
	assert_true(has_term(&terms.body, "240", LEDE__TERM_WORD));
	assert_true(has_term(&terms.body, "2024", LEDE__TERM_WORD));
	assert_false(has_term(&terms.body, "3", LEDE__TERM_WORD));
	/* Names: capitalized runs without a leading stopword, possessive dropped, words counted too. */
	assert_true(has_term(&terms.entities, "white house", LEDE__TERM_ENTITY));
	assert_true(has_term(&terms.entities, "mara voss", LEDE__TERM_ENTITY));
	assert_true(has_term(&terms.entities, "voss", LEDE__TERM_ENTITY));
	/* A sentence-initial word the text also writes in lower case is no name ... */
	assert_false(has_term(&terms.entities, "inspectors", LEDE__TERM_ENTITY));
	/* ... and a title in headline case names nothing by its capitals. */
	assert_false(has_term(&terms.entities, "harrow bridge closed", LEDE__TERM_ENTITY));
	assert_false(has_term(&terms.entities, "harrow bridge", LEDE__TERM_ENTITY));
	lede__doc_terms_free(&terms);
	lede__tfidf_featurizer_free(featurizer);
}

static void features_keep_the_numbers_and_name_the_weekdays(void **state)
{
	static const char title[] = "Tuesday vote: 240 for, 180 against";
	static const char text[] = "The council met on Tuesday and counted the votes of 3 wards in 2024; flight MH370 was not raised.";
	lede__tfidf_featurizer *featurizer;
	lede__doc_terms terms;
	lede__term days[7];
	int i;

	(void)state;
	lede__doc_terms_init(&terms);
	assert_int_equal(lede__tfidf_featurizer_new(&featurizer, NULL), 0);
	assert_int_equal(lede__tfidf_featurize(&terms, featurizer, title, strlen(title), text, strlen(text), NULL, 0),
			 0);
	/* The numbers of the body are kept apart too (they are body terms as well). */
	assert_true(has_term(&terms.numbers, "240", LEDE__TERM_WORD));
	assert_true(has_term(&terms.numbers, "180", LEDE__TERM_WORD));
	assert_true(has_term(&terms.numbers, "2024", LEDE__TERM_WORD));
	assert_true(has_term(&terms.numbers, "mh370", LEDE__TERM_WORD));
	assert_true(has_term(&terms.body, "2024", LEDE__TERM_WORD));
	assert_false(has_term(&terms.numbers, "3", LEDE__TERM_WORD));
	assert_false(has_term(&terms.numbers, "vote", LEDE__TERM_WORD));
	assert_int_equal(terms.numbers.count, 4);
	/* A weekday's body term is its name (the Snowball stem of every weekday name is the name). */
	lede__tfidf_weekday_terms(days);
	assert_true(lede__vector_get(&terms.body, days[1]) == 2);
	assert_true(lede__vector_get(&terms.body, days[0]) == 0);
	assert_true(has_term(&terms.body, "tuesday", LEDE__TERM_WORD));
	for (i = 0; i < 7; i++) {
		static const char *const names[7] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
						     "Sunday"};

		assert_int_equal(lede__tfidf_featurize(&terms, featurizer, NULL, 0, names[i], strlen(names[i]), NULL, 0), 0);
		assert_int_equal(terms.body.count, 1);
		assert_int_equal(terms.body.items[0].term, days[i]);
	}
	lede__doc_terms_free(&terms);
	lede__tfidf_featurizer_free(featurizer);
}

static void features_take_the_given_names(void **state)
{
	static const char text[] = "the governor spoke to the press";
	const lede__tfidf_entity names[] = {{"Ilse Brandt", 11, 1}, {"Central Bank of Valdoria", 24, 2}};
	lede__tfidf_featurizer *featurizer;
	lede__doc_terms terms;

	(void)state;
	lede__doc_terms_init(&terms);
	assert_int_equal(lede__tfidf_featurizer_new(&featurizer, NULL), 0);
	assert_int_equal(lede__tfidf_featurize(&terms, featurizer, NULL, 0, text, strlen(text), names, 2), 0);
	assert_true(has_term(&terms.entities, "ilse brandt", LEDE__TERM_ENTITY));
	assert_true(has_term(&terms.entities, "central bank of valdoria", LEDE__TERM_ENTITY));
	assert_true(has_term(&terms.entities, "valdoria", LEDE__TERM_ENTITY));
	assert_int_equal(terms.title.count, 0);
	lede__doc_terms_free(&terms);
	lede__tfidf_featurizer_free(featurizer);
}

/* ------------------------------------------------------------ clustering */

/* Clusters the corpus; assigned[i] is the final event of corpus[i] (merges followed). */
static lede__cluster *cluster_corpus(int64_t *assigned, const lede__cluster_params *params)
{
	int64_t merged_into[64] = {0};
	lede__cluster *cluster;
	size_t i;

	assert_int_equal(lede__cluster_new(&cluster, params), 0);
	for (i = 0; i < CORPUS_SIZE; i++) {
		lede__cluster_article a = article_of(&corpus[i], (int64_t)i + 1);
		lede__cluster_assignment out;
		const lede__cluster_merge *merges;
		size_t n, k;

		assert_int_equal(lede__cluster_add(&out, cluster, &a), 0);
		assigned[i] = out.event;
		assert_true(out.event > 0 && out.event < 64);
		n = lede__cluster_merges(&merges, cluster);
		for (k = 0; k < n; k++)
			if (merges[k].kind == LEDE__CLUSTER_MERGE_EVENTS)
				merged_into[merges[k].from] = merges[k].into;
		lede__cluster_merges_clear(cluster);
		assert_int_equal(lede__cluster_flush(cluster, flush_nothing, NULL), 0);
	}
	for (i = 0; i < CORPUS_SIZE; i++)
		assigned[i] = follow(merged_into, assigned[i]);
	return cluster;
}

static void articles_of_one_event_share_it(void **state)
{
	int64_t assigned[CORPUS_SIZE];
	lede__cluster *cluster;
	lede__cluster_event_info info;
	size_t i, j;

	(void)state;
	cluster = cluster_corpus(assigned, NULL);
	for (i = 0; i < CORPUS_SIZE; i++)
		for (j = 0; j < CORPUS_SIZE; j++)
			if ((corpus[i].event == corpus[j].event) != (assigned[i] == assigned[j]))
				fail_msg("articles %zu and %zu: events %lld and %lld", i, j, (long long)assigned[i],
					 (long long)assigned[j]);
	/* The bridge event: three outlets, times, and a headline of its own. */
	assert_int_equal(lede__cluster_event(&info, cluster, assigned[0]), 0);
	assert_int_equal(info.articles, 3);
	assert_int_equal(info.outlets, 3);
	assert_int_equal(info.first_seen, T0);
	assert_int_equal(info.last_seen, T0 + 4 * HOUR);
	assert_non_null(strstr(info.title, "Harrow Bridge"));
	assert_true(info.live);
	assert_true(info.storyline > 0);
	assert_int_equal(lede__cluster_event(&info, cluster, 999), LEDE_ENOTFOUND);
	lede__cluster_free(cluster);
}

/* An event's title is a whole headline: not one cut short, behind a breadcrumb or behind its own topic. */
static void an_event_is_titled_by_a_whole_headline(void **state)
{
	static const char *const shapes[] = {
		"Harrow Bridge - Harrow Bridge shut after inspectors find cracks in main span",
		"Home > Eastbrook > Harrow Bridge shut after inspectors find cracks in main span",
		"Harrow Bridge shut after inspectors find cracks in main ...",
	};
	const char *clean = "Harrow Bridge shut after inspectors find cracks in main span";
	size_t k, order;

	(void)state;
	for (k = 0; k < sizeof(shapes) / sizeof(shapes[0]); k++) {
		for (order = 0; order < 2; order++) {
			lede__cluster *cluster;
			lede__cluster_assignment out;
			lede__cluster_event_info info;
			lede__cluster_article a = article_of(&corpus[0], 1), b = article_of(&corpus[3], 2);

			a.title = order ? clean : shapes[k];
			b.title = order ? shapes[k] : clean;
			a.title_len = strlen(a.title);
			b.title_len = strlen(b.title);
			assert_int_equal(lede__cluster_new(&cluster, NULL), 0);
			assert_int_equal(lede__cluster_add(&out, cluster, &a), 0);
			assert_int_equal(lede__cluster_add(&out, cluster, &b), 0);
			assert_int_equal(lede__cluster_event(&info, cluster, out.event), 0);
			assert_int_equal(info.articles, 2);
			assert_string_equal(info.title, clean);
			lede__cluster_free(cluster);
		}
	}
}

static void candidates_explain_the_choice(void **state)
{
	const lede__cluster_candidate *candidates;
	lede__cluster *cluster;
	lede__cluster_assignment out;
	lede__cluster_article a;
	size_t i, n;

	(void)state;
	assert_int_equal(lede__cluster_new(&cluster, NULL), 0);
	for (i = 0; i < 3; i++) {
		a = article_of(&corpus[i], (int64_t)i + 1);
		assert_int_equal(lede__cluster_add(&out, cluster, &a), 0);
		assert_true(out.opened);
	}
	a = article_of(&corpus[3], 4);
	assert_int_equal(lede__cluster_add(&out, cluster, &a), 0);
	assert_false(out.opened);
	n = lede__cluster_last_candidates(&candidates, cluster);
	assert_true(n >= 1);
	assert_int_equal(candidates[0].event, out.event);
	assert_true(candidates[0].similarity == out.similarity);
	for (i = 1; i < n; i++)
		assert_true(candidates[i].similarity <= candidates[i - 1].similarity);
	assert_true(candidates[0].cosine[1] > 0 && candidates[0].cosine[2] > 0);
	lede__cluster_free(cluster);
}

/* The evidence the article gives against the one event of a fresh clusterer holding `first`. */
static double evidence_against(const sample *first, const sample *article)
{
	const lede__cluster_candidate *candidates;
	lede__cluster *cluster;
	lede__cluster_assignment out;
	lede__cluster_article a = article_of(first, 1);
	double evidence;

	assert_int_equal(lede__cluster_new(&cluster, NULL), 0);
	assert_int_equal(lede__cluster_add(&out, cluster, &a), 0);
	a = article_of(article, 2);
	assert_int_equal(lede__cluster_add(&out, cluster, &a), 0);
	assert_int_equal(lede__cluster_last_candidates(&candidates, cluster), 1);
	assert_int_equal(candidates[0].event, 1);
	evidence = candidates[0].evidence;
	lede__cluster_free(cluster);
	return evidence;
}

static void the_day_and_the_figures_an_article_names_weigh_in(void **state)
{
	static const sample vote = {"Saltmere council approves harbour expansion",
				    "The Saltmere council voted on Tuesday to add 240 berths to the harbour, at a cost "
				    "the mayor put at 18 million.",
				    "Coastline Daily", 0, 0};
	static const sample same = {"Harbour expansion approved in Saltmere",
				    "Saltmere's council on Tuesday approved 240 new berths for the harbour.", "Northwind",
				    HOUR, 0};
	static const sample other = {"Saltmere council approves harbour expansion",
				     "The Saltmere council voted on Friday to add 310 berths to the harbour.",
				     "Valley Ledger", HOUR, 1};
	static const sample silent = {"Saltmere council approves harbour expansion",
				      "The Saltmere council voted to add berths to the harbour.", "Daily Beacon", HOUR,
				      0};
	lede__cluster_params params;

	(void)state;
	lede__cluster_params_default(&params);
	/* The same weekday and a shared figure: the weekday's weight. */
	assert_true(fabs(evidence_against(&vote, &same) - params.weekday_weight) < 1e-9);
	/* Another weekday, and figures the event never cites. */
	assert_true(fabs(evidence_against(&vote, &other) + params.weekday_weight + params.number_weight) < 1e-9);
	/* Neither a day nor a figure: no evidence either way. */
	assert_true(evidence_against(&vote, &silent) == 0);
}

static void a_page_that_is_not_an_article_never_opens_an_event(void **state)
{
	lede__cluster *cluster;
	lede__cluster_assignment out;
	lede__cluster_article a;
	static const char menu[] = "Sign in to your account to manage newsletters and subscriptions.";

	(void)state;
	assert_int_equal(lede__cluster_new(&cluster, NULL), 0);
	memset(&a, 0, sizeof(a));
	a.id = 1;
	a.text = menu;
	a.text_len = strlen(menu);
	a.published = T0;
	assert_int_equal(lede__cluster_add(&out, cluster, &a), 0);
	assert_int_equal(out.event, 0);
	assert_int_equal(out.storyline, 0);
	/* The same kind of page about an event that exists joins it. */
	a = article_of(&corpus[0], 2);
	assert_int_equal(lede__cluster_add(&out, cluster, &a), 0);
	a = article_of(&corpus[3], 3);
	a.may_open = 0;
	assert_int_equal(lede__cluster_add(&out, cluster, &a), 0);
	assert_int_equal(out.event, 1);
	assert_int_equal(lede__cluster_add(&out, cluster, &(lede__cluster_article){.id = 0}), LEDE_EINVAL);
	lede__cluster_free(cluster);
}

static void copies_count_outlets_without_moving_the_event(void **state)
{
	lede__cluster *cluster;
	lede__cluster_assignment out;
	lede__cluster_event_info info;
	lede__cluster_article a = article_of(&corpus[0], 1);
	lede__buf before, after;

	(void)state;
	lede__buf_init(&before, 1 << 20);
	lede__buf_init(&after, 1 << 20);
	assert_int_equal(lede__cluster_new(&cluster, NULL), 0);
	assert_int_equal(lede__cluster_add(&out, cluster, &a), 0);
	assert_int_equal(lede__cluster_event_encode(&before, cluster, out.event), 0);
	assert_int_equal(lede__cluster_add_copy(&out, cluster, out.event, 2, T0 + DAY / 2, "Wire Service"), 0);
	assert_int_equal(lede__cluster_add_copy(&out, cluster, out.event, 3, T0 + DAY / 2, "wire service "), 0);
	assert_int_equal(lede__cluster_event(&info, cluster, out.event), 0);
	assert_int_equal(info.articles, 3);
	assert_int_equal(info.copies, 2);
	assert_int_equal(info.outlets, 2); /* the same outlet, written twice */
	assert_int_equal(info.last_seen, T0 + DAY / 2);
	/* The centroids did not move: the blob differs only in counts, times and outlets. */
	assert_int_equal(lede__cluster_event_encode(&after, cluster, out.event), 0);
	assert_true(after.len == before.len + 8);
	assert_int_equal(lede__cluster_add_copy(&out, cluster, 77, 4, T0, NULL), LEDE_ENOTFOUND);
	lede__cluster_free(cluster);
	lede__buf_free(&before);
	lede__buf_free(&after);
}

/* lede check's recount: counters set from the members, kept through a blob, and dropping. */
static void a_recount_sets_counters_that_survive_the_blob(void **state)
{
	static const char *const outlets[] = {"Eastbrook Gazette", " eastbrook gazette", NULL, "Northwind"};
	lede__cluster *cluster, *other;
	lede__cluster_assignment out;
	lede__cluster_event_info info;
	lede__cluster_recount recount;
	lede__cluster_article a = article_of(&corpus[0], 1), b = article_of(&corpus[3], 2);
	lede__buf blob;

	(void)state;
	lede__buf_init(&blob, 1 << 20);
	assert_int_equal(lede__cluster_new(&cluster, NULL), 0);
	assert_int_equal(lede__cluster_add(&out, cluster, &a), 0);
	assert_int_equal(lede__cluster_add(&out, cluster, &b), 0);
	assert_int_equal(lede__cluster_outlet_key(" Northwind "), lede__cluster_outlet_key("northwind"));
	assert_int_equal(lede__cluster_outlet_key(NULL), 0);
	assert_int_equal(lede__cluster_outlet_key("   "), 0);

	/* One member fewer than the clusterer counted (its vector stays in the centroid). */
	memset(&recount, 0, sizeof(recount));
	recount.articles = 1;
	recount.outlets = outlets;
	recount.outlet_count = 4;
	recount.dated_first = T0 + 60;
	recount.dated_last = T0 + 60;
	recount.all_dated = 1;
	assert_int_equal(lede__cluster_event_recount(cluster, out.event, &recount), 0);
	assert_int_equal(lede__cluster_event(&info, cluster, out.event), 0);
	assert_int_equal(info.articles, 1);
	assert_int_equal(info.outlets, 2);
	assert_int_equal(info.first_seen, T0 + 60);
	assert_int_equal(info.last_seen, T0 + 60);
	assert_int_equal(lede__cluster_event_encode(&blob, cluster, out.event), 0);

	assert_int_equal(lede__cluster_new(&other, NULL), 0);
	assert_int_equal(lede__cluster_event_restore(NULL, other, blob.data, blob.len, 0,
						     LEDE__CLUSTER_RESTORE_LIVE), 0);
	assert_int_equal(lede__cluster_event(&info, other, out.event), 0);
	assert_int_equal(info.articles, 1);
	assert_int_equal(info.outlets, 2);

	/* With an undated member the stored span is only widened to cover the dated ones. */
	recount.articles = 3;
	recount.copies = 1;
	recount.dated_first = T0 - DAY;
	recount.dated_last = T0 - DAY;
	recount.all_dated = 0;
	assert_int_equal(lede__cluster_event_recount(other, out.event, &recount), 0);
	assert_int_equal(lede__cluster_event(&info, other, out.event), 0);
	assert_int_equal(info.articles, 3);
	assert_int_equal(info.copies, 1);
	assert_int_equal(info.first_seen, T0 - DAY);
	assert_int_equal(info.last_seen, T0 + 60);

	lede__cluster_event_drop(other, out.event);
	assert_int_equal(lede__cluster_event(&info, other, out.event), LEDE_ENOTFOUND);
	lede__cluster_event_drop(other, out.event);
	assert_int_equal(lede__cluster_event_recount(other, out.event, &recount), LEDE_ENOTFOUND);
	lede__cluster_free(other);
	lede__cluster_free(cluster);
	lede__buf_free(&blob);
}

/* The best similarity of the last article to event `event` (0 when not a candidate). */
static double similarity_to(const lede__cluster *cluster, int64_t event)
{
	const lede__cluster_candidate *candidates;
	size_t n = lede__cluster_last_candidates(&candidates, cluster), i;

	for (i = 0; i < n; i++)
		if (candidates[i].event == event)
			return candidates[i].similarity;
	return 0;
}

/*
 * Two openings of one event merge once a third article shows they are one.
 * A first run in which every article opens its own event measures the
 * similarities; the second run puts the join threshold between that of the
 * second article (which then opens an event) and that of the third (which
 * joins one), and the grown event absorbs the other.
 */
static void events_that_turn_out_to_be_one_merge_and_say_so(void **state)
{
	const size_t order[3] = {0, 6, 3};
	lede__cluster_params params;
	lede__cluster *cluster;
	lede__cluster_assignment out[3];
	const lede__cluster_merge *merges;
	lede__cluster_event_info info;
	double second = 0, third = 0;
	size_t n;
	int i, run;

	(void)state;
	lede__cluster_params_default(&params);
	params.merge_threshold = 0.3;
	for (run = 0; run < 2; run++) {
		params.join_threshold = run == 0 ? 0.99 : (second + third) / 2;
		assert_int_equal(lede__cluster_new(&cluster, &params), 0);
		for (i = 0; i < 3; i++) {
			lede__cluster_article a = article_of(&corpus[order[i]], i + 1);

			assert_int_equal(lede__cluster_add(&out[i], cluster, &a), 0);
			if (run == 0 && i == 1)
				second = similarity_to(cluster, 1);
			if (run == 0 && i == 2)
				third = similarity_to(cluster, 1) > similarity_to(cluster, 2) ? similarity_to(cluster, 1)
												: similarity_to(cluster, 2);
		}
		if (run == 0) {
			assert_true(second > 0.3 && third > second);
			lede__cluster_free(cluster);
		}
	}
	/* The second opened its own event; the third joined one, and the merge followed. */
	assert_int_equal(out[0].event, 1);
	assert_int_equal(out[1].event, 2);
	assert_true(out[1].opened);
	assert_false(out[2].opened);
	n = lede__cluster_merges(&merges, cluster);
	assert_int_equal(n, 1);
	assert_int_equal(merges[0].kind, LEDE__CLUSTER_MERGE_EVENTS);
	assert_int_equal(merges[0].from, 2);
	assert_int_equal(merges[0].into, 1);
	assert_true(merges[0].similarity >= params.merge_threshold);
	assert_int_equal(merges[0].time, T0 + 4 * HOUR);
	assert_int_equal(lede__cluster_event(&info, cluster, 2), LEDE_ENOTFOUND);
	assert_int_equal(lede__cluster_event(&info, cluster, 1), 0);
	assert_int_equal(info.articles, 3);
	lede__cluster_merges_clear(cluster);
	assert_int_equal(lede__cluster_merges(&merges, cluster), 0);
	lede__cluster_free(cluster);
}

/* Without dates, events merge above the undated threshold, whatever the dated one. */
static void undated_events_merge_above_their_own_threshold(void **state)
{
	const size_t order[3] = {0, 6, 3};
	lede__cluster_params params;
	double second = 0, third = 0;
	int i, run;

	(void)state;
	for (run = 0; run < 3; run++) {
		lede__cluster *cluster;
		lede__cluster_assignment out[3];
		const lede__cluster_merge *merges;

		lede__cluster_params_default(&params);
		params.merge_threshold = 0.01;
		params.undated_merge_threshold = run == 1 ? 0.99 : 0.05;
		params.join_threshold = run == 0 ? 0.99 : (second + third) / 2;
		assert_int_equal(lede__cluster_new(&cluster, &params), 0);
		for (i = 0; i < 3; i++) {
			lede__cluster_article a = article_of(&corpus[order[i]], i + 1);

			a.published = 0;
			assert_int_equal(lede__cluster_add(&out[i], cluster, &a), 0);
			if (run == 0 && i == 1)
				second = similarity_to(cluster, 1);
			if (run == 0 && i == 2)
				third = similarity_to(cluster, 1) > similarity_to(cluster, 2) ? similarity_to(cluster, 1)
												: similarity_to(cluster, 2);
		}
		if (run == 0)
			assert_true(third > second);
		if (run > 0) {
			assert_true(out[1].opened);
			assert_false(out[2].opened);
			/* 0.99: the two openings stay apart; 0.05: they merge. */
			assert_int_equal(lede__cluster_merges(&merges, cluster), run == 1 ? 0 : 1);
		}
		lede__cluster_free(cluster);
	}
}

/* Ten days later: the verdict is a new event (the first went quiet), in the same storyline. */
static void a_later_event_on_the_same_story_joins_its_storyline(void **state)
{
	static const sample trial[] = {
		{"Trial of former mayor Oskar Lindqvist opens in Eastbrook",
		 "The corruption trial of former Eastbrook mayor Oskar Lindqvist opened on Monday. Prosecutors "
		 "say Lindqvist took bribes from the builder of the Harrow ring road. Lindqvist denies the charges.",
		 "Eastbrook Gazette", 0, 0},
		{"Oskar Lindqvist pleads not guilty as bribery trial begins",
		 "Former mayor Oskar Lindqvist pleaded not guilty as his bribery trial began in Eastbrook. "
		 "Prosecutors told the court the ring road builder paid him in cash.",
		 "Northwind", 2 * HOUR, 0},
		{"Lindqvist convicted of taking bribes over Harrow ring road",
		 "A jury in Eastbrook found former mayor Oskar Lindqvist guilty of taking bribes from the builder "
		 "of the Harrow ring road. He will be sentenced next month.",
		 "Valley Ledger", 10 * DAY, 1},
	};
	lede__cluster *cluster;
	lede__cluster_assignment out[3];
	lede__cluster_event_info info;
	int i;

	(void)state;
	assert_int_equal(lede__cluster_new(&cluster, NULL), 0);
	for (i = 0; i < 3; i++) {
		lede__cluster_article a = article_of(&trial[i], i + 1);

		assert_int_equal(lede__cluster_add(&out[i], cluster, &a), 0);
		assert_int_equal(lede__cluster_flush(cluster, flush_nothing, NULL), 0);
	}
	assert_int_equal(out[0].event, out[1].event);
	assert_int_not_equal(out[2].event, out[0].event);
	assert_int_equal(out[2].storyline, out[0].storyline);
	/* The first event went quiet: a summary, out of the join index. */
	assert_int_equal(lede__cluster_event(&info, cluster, out[0].event), 0);
	assert_false(info.live);
	lede__cluster_free(cluster);
}

/* Two weeks apart, other words, the same names: one storyline by the names alone. */
static void events_that_share_their_core_names_share_a_storyline(void **state)
{
	static const sample company[] = {
		{"Sedans recalled over faulty brakes",
		 "Kestrel Motors is recalling sedans because the brakes can fail in cold weather, chief executive "
		 "Anika Dahl said. Owners will get new brake lines free of charge at dealers across the country. "
		 "Regulators opened an inquiry last winter after drivers reported pedals sinking on icy roads, and "
		 "the company set aside money for repairs.",
		 "Capital Observer", 0, 0},
		{"Shareholders force a change at the top",
		 "Anika Dahl resigned after shareholders demanded new leadership at the annual meeting. Kestrel "
		 "Motors named its finance director interim head while the board searches for a successor. "
		 "Investors cited falling profits, a weak order book and delays to a factory expansion as reasons "
		 "for the vote.",
		 "Daily Beacon", 14 * DAY, 1},
	};
	lede__cluster_params params;
	lede__cluster_assignment out[2];
	int run, i;

	(void)state;
	for (run = 0; run < 2; run++) {
		lede__cluster *cluster;

		lede__cluster_params_default(&params);
		if (run == 0)
			params.storyline_entity_threshold = 0;
		assert_int_equal(lede__cluster_new(&cluster, &params), 0);
		for (i = 0; i < 2; i++) {
			lede__cluster_article a = article_of(&company[i], i + 1);

			assert_int_equal(lede__cluster_add(&out[i], cluster, &a), 0);
			assert_int_equal(lede__cluster_flush(cluster, flush_nothing, NULL), 0);
		}
		assert_int_not_equal(out[1].event, out[0].event);
		if (run == 0)
			assert_int_not_equal(out[1].storyline, out[0].storyline);
		else
			assert_int_equal(out[1].storyline, out[0].storyline);
		lede__cluster_free(cluster);
	}
}

static void quiet_events_freeze_then_leave_memory(void **state)
{
	lede__cluster_params params;
	lede__cluster *cluster;
	lede__cluster_stats stats;
	lede__cluster_clock clock;
	size_t i;
	int64_t id = 1;

	(void)state;
	lede__cluster_params_default(&params);
	assert_int_equal(lede__cluster_new(&cluster, &params), 0);
	/* One article a day on the same three events, shifted: each day's events are new. */
	for (i = 0; i < 60; i++) {
		lede__cluster_article a = article_of(&corpus[i % CORPUS_SIZE], id++);
		lede__cluster_assignment out;

		a.published = T0 + (int64_t)i * DAY;
		assert_int_equal(lede__cluster_add(&out, cluster, &a), 0);
		assert_int_equal(lede__cluster_flush(cluster, flush_nothing, NULL), 0);
	}
	lede__cluster_get_stats(&stats, cluster);
	lede__cluster_get_clock(&clock, cluster);
	assert_int_equal(clock.time, T0 + 59 * DAY);
	assert_int_equal(clock.arrivals, 60);
	/* Live: what the event window holds; summaries: what the storyline window holds. */
	assert_true(stats.live_events <= (size_t)(params.event_window / DAY) + 2);
	assert_true(stats.live_events + stats.summaries <= (size_t)(params.storyline_window / DAY) + 2);
	assert_true(stats.bytes > 0);
	lede__cluster_free(cluster);
}

/* A store's worth of event blobs, by id, as each flush leaves them (for late articles). */
enum { SHELF = 64 };

typedef struct blob_shelf {
	lede__cluster *cluster;
	lede__buf blobs[SHELF];
	int damaged; /* 1: every blob handed back is cut short */
} blob_shelf;

static int shelve_blob(void *context, const lede__cluster_event_info *event)
{
	blob_shelf *shelf = context;

	assert_true(event->id > 0 && event->id < SHELF);
	lede__buf_reset(&shelf->blobs[event->id]);
	return lede__cluster_event_encode(&shelf->blobs[event->id], shelf->cluster, event->id);
}

static int fetch_blob(void *context, int64_t id, lede__buf *out)
{
	blob_shelf *shelf = context;

	if (id <= 0 || id >= SHELF || shelf->blobs[id].len == 0)
		return LEDE_ENOTFOUND;
	return lede__buf_append(out, shelf->blobs[id].data, shelf->damaged ? shelf->blobs[id].len / 2 : shelf->blobs[id].len);
}

/*
 * The bridge story, then ten days of storm and rate news, then one more
 * bridge report published on the first day: `fetch` decides whether it
 * finds its frozen event.  Returns the late article's assignment.
 */
static lede__cluster_assignment late_bridge_report(blob_shelf *shelf, lede__cluster_fetch fetch, int64_t *bridge)
{
	lede__cluster *cluster;
	lede__cluster_assignment out;
	lede__cluster_event_info info;
	lede__cluster_article a;
	int64_t id = 1;
	int day;

	assert_int_equal(lede__cluster_new(&cluster, NULL), 0);
	shelf->cluster = cluster;
	for (day = 0; day < SHELF; day++)
		lede__buf_init(&shelf->blobs[day], 1 << 20);
	if (fetch)
		lede__cluster_set_fetch(cluster, fetch, shelf);
	a = article_of(&corpus[0], id++);
	assert_int_equal(lede__cluster_add(&out, cluster, &a), 0);
	*bridge = out.event;
	a = article_of(&corpus[3], id++);
	assert_int_equal(lede__cluster_add(&out, cluster, &a), 0);
	assert_int_equal(out.event, *bridge);
	assert_int_equal(lede__cluster_flush(cluster, shelve_blob, shelf), 0);
	for (day = 1; day <= 10; day++) {
		a = article_of(&corpus[1 + day % 2], id++);
		a.published = T0 + day * DAY;
		assert_int_equal(lede__cluster_add(&out, cluster, &a), 0);
		assert_int_equal(lede__cluster_flush(cluster, shelve_blob, shelf), 0);
	}
	assert_int_equal(lede__cluster_event(&info, cluster, *bridge), 0);
	assert_false(info.live); /* frozen: four days without a report */
	a = article_of(&corpus[6], id++);
	assert_int_equal(lede__cluster_add(&out, cluster, &a), 0);
	if (out.event == *bridge) {
		assert_int_equal(lede__cluster_event(&info, cluster, *bridge), 0);
		assert_true(info.live);
		assert_int_equal(info.articles, 3);
		assert_int_equal(info.outlets, 3);
		assert_int_equal(info.last_seen, T0 + 4 * HOUR);
	}
	lede__cluster_free(cluster);
	for (day = 0; day < SHELF; day++)
		lede__buf_free(&shelf->blobs[day]);
	return out;
}

static void a_late_article_brings_its_frozen_event_back(void **state)
{
	blob_shelf shelf;
	lede__cluster_assignment out;
	int64_t bridge;

	(void)state;
	memset(&shelf, 0, sizeof(shelf));
	out = late_bridge_report(&shelf, fetch_blob, &bridge);
	assert_int_equal(out.event, bridge);
	assert_false(out.opened);
	/* Without a store to ask, or with a blob that will not decode, it meets only the live events. */
	out = late_bridge_report(&shelf, NULL, &bridge);
	assert_true(out.opened);
	assert_true(out.event != bridge);
	shelf.damaged = 1;
	out = late_bridge_report(&shelf, fetch_blob, &bridge);
	assert_true(out.opened);
	assert_true(out.event != bridge);
}

/* A new clusterer from the state and the shelved blobs, as the engine reopens its store. */
static lede__cluster *reopen(lede__cluster *cluster, blob_shelf *shelf)
{
	lede__cluster *fresh;
	lede__buf state;
	int64_t id;

	lede__buf_init(&state, 1 << 24);
	assert_int_equal(lede__cluster_state_encode(&state, cluster), 0);
	assert_int_equal(lede__cluster_new(&fresh, NULL), 0);
	assert_int_equal(lede__cluster_state_restore(fresh, state.data, state.len), 0);
	for (id = 1; id < SHELF; id++)
		if (shelf->blobs[id].len)
			assert_int_equal(lede__cluster_event_restore(NULL, fresh, shelf->blobs[id].data,
								     shelf->blobs[id].len, 0, LEDE__CLUSTER_RESTORE_AUTO),
					 0);
	lede__buf_free(&state);
	return fresh;
}

static lede__cluster_assignment add_at(lede__cluster *cluster, blob_shelf *shelf, const char *title,
				       const char *text, int64_t id, int64_t published)
{
	lede__cluster_article a = article_of(&corpus[0], id);
	lede__cluster_assignment out;

	a.title = title;
	a.title_len = strlen(title);
	a.text = text;
	a.text_len = strlen(text);
	a.published = published;
	shelf->cluster = cluster;
	assert_int_equal(lede__cluster_add(&out, cluster, &a), 0);
	assert_int_equal(lede__cluster_flush(cluster, shelve_blob, shelf), 0);
	lede__cluster_merges_clear(cluster);
	return out;
}

/*
 * Past the storyline window, an event of two articles stays as a trace: a
 * story that only shares a name with it does not join its storyline, a
 * report on the same bridge ten months later does, and after the storyline
 * memory the trace is gone.  A store reopened in between gives the same
 * answers.
 */
static void storylines_reach_back_months_through_traces(void **state)
{
	blob_shelf shelf;
	lede__cluster *cluster, *reopened;
	lede__cluster_assignment out, again;
	lede__cluster_event_info info;
	lede__cluster_stats stats;
	int64_t bridge, storyline, id = 1;
	int day;

	(void)state;
	memset(&shelf, 0, sizeof(shelf));
	for (day = 0; day < SHELF; day++)
		lede__buf_init(&shelf.blobs[day], 1 << 20);
	assert_int_equal(lede__cluster_new(&cluster, NULL), 0);
	out = add_at(cluster, &shelf, corpus[0].title, corpus[0].text, id++, T0);
	bridge = out.event;
	storyline = out.storyline;
	assert_int_equal(add_at(cluster, &shelf, corpus[3].title, corpus[3].text, id++, T0 + HOUR).event, bridge);
	for (day = 1; day <= 60; day++)
		add_at(cluster, &shelf, corpus[1 + day % 2].title, corpus[1 + day % 2].text, id++, T0 + day * DAY);
	/* Gone as an event, kept as a trace. */
	assert_int_equal(lede__cluster_event(&info, cluster, bridge), LEDE_ENOTFOUND);
	lede__cluster_get_stats(&stats, cluster);
	assert_true(stats.traces >= 1);
	reopened = reopen(cluster, &shelf);
	lede__cluster_get_stats(&stats, reopened);
	assert_true(stats.traces >= 1);

	/* Months on, a name in common is not a storyline. */
	out = add_at(cluster, &shelf, "Eastbrook chess club crowns a new champion",
		     "Mara Voss won the Eastbrook chess championship on Saturday, beating the defending champion "
		     "in a long endgame. The club said a record forty players entered the tournament this year.",
		     id, T0 + 200 * DAY);
	again = add_at(reopened, &shelf, "Eastbrook chess club crowns a new champion",
		       "Mara Voss won the Eastbrook chess championship on Saturday, beating the defending champion "
		       "in a long endgame. The club said a record forty players entered the tournament this year.",
		       id++, T0 + 200 * DAY);
	assert_true(out.opened);
	assert_true(out.storyline != storyline);
	assert_int_equal(again.storyline, out.storyline);

	/* Ten months on: the same bridge, other words. */
	out = add_at(cluster, &shelf, "Harrow Bridge reopens to traffic after months of steel repairs",
		     "The Harrow Bridge in Eastbrook reopened on Monday after crews replaced the cracked steel of "
		     "its main span. Chief engineer Mara Voss said inspectors had signed off on the repairs and "
		     "that the crossing was safe for commuters again.",
		     id, T0 + 300 * DAY);
	again = add_at(reopened, &shelf, "Harrow Bridge reopens to traffic after months of steel repairs",
		       "The Harrow Bridge in Eastbrook reopened on Monday after crews replaced the cracked steel of "
		       "its main span. Chief engineer Mara Voss said inspectors had signed off on the repairs and "
		       "that the crossing was safe for commuters again.",
		       id++, T0 + 300 * DAY);
	assert_true(out.opened);
	assert_int_equal(out.storyline, storyline);
	assert_int_equal(again.event, out.event);
	assert_int_equal(again.storyline, storyline);

	/* Two years on, the traces are gone. */
	add_at(cluster, &shelf, corpus[2].title, corpus[2].text, id++, T0 + 1100 * DAY);
	lede__cluster_get_stats(&stats, cluster);
	assert_int_equal(stats.traces, 0);
	lede__cluster_free(cluster);
	lede__cluster_free(reopened);
	for (day = 0; day < SHELF; day++)
		lede__buf_free(&shelf.blobs[day]);
}

/* Saves everything a store would keep, restores it into a new clusterer. */
static lede__cluster *restart(lede__cluster *cluster, const lede__cluster_params *params, int64_t max_event)
{
	lede__cluster *fresh;
	lede__buf state, blob;
	int64_t id;

	lede__buf_init(&state, 1 << 24);
	lede__buf_init(&blob, 1 << 24);
	assert_int_equal(lede__cluster_state_encode(&state, cluster), 0);
	assert_int_equal(lede__cluster_new(&fresh, params), 0);
	assert_int_equal(lede__cluster_state_restore(fresh, state.data, state.len), 0);
	for (id = 1; id <= max_event; id++) {
		lede__cluster_event_info info;
		int kept;

		if (lede__cluster_event(&info, cluster, id) != 0)
			continue;
		lede__buf_reset(&blob);
		assert_int_equal(lede__cluster_event_encode(&blob, cluster, id), 0);
		assert_int_equal(lede__cluster_event_restore(&kept, fresh, blob.data, blob.len, 0,
							     LEDE__CLUSTER_RESTORE_AUTO),
				 0);
		assert_true(kept);
	}
	lede__buf_free(&state);
	lede__buf_free(&blob);
	lede__cluster_free(cluster);
	return fresh;
}

static void a_restart_continues_the_same_stream(void **state)
{
	int64_t straight[CORPUS_SIZE * 2], restarted[CORPUS_SIZE * 2];
	lede__cluster *a, *b;
	size_t i;

	(void)state;
	assert_int_equal(lede__cluster_new(&a, NULL), 0);
	assert_int_equal(lede__cluster_new(&b, NULL), 0);
	/* The corpus twice (the second time a day later): both runs must agree on every article. */
	for (i = 0; i < CORPUS_SIZE * 2; i++) {
		lede__cluster_article article = article_of(&corpus[i % CORPUS_SIZE], (int64_t)i + 1);
		lede__cluster_assignment out;

		article.published += i >= CORPUS_SIZE ? DAY : 0;
		assert_int_equal(lede__cluster_add(&out, a, &article), 0);
		straight[i] = out.event;
		assert_int_equal(lede__cluster_add(&out, b, &article), 0);
		restarted[i] = out.event;
		assert_int_equal(lede__cluster_flush(a, flush_nothing, NULL), 0);
		assert_int_equal(lede__cluster_flush(b, flush_nothing, NULL), 0);
		if (i % 4 == 3)
			b = restart(b, NULL, (int64_t)i + 2);
	}
	assert_memory_equal(straight, restarted, sizeof(straight));
	lede__cluster_free(a);
	lede__cluster_free(b);
}

/*
 * An event saved while live comes back live, as a summary or not at all,
 * by its age; a copy of an article in a frozen event needs it restored live.
 */
static void restored_events_follow_the_windows(void **state)
{
	lede__cluster_params params;
	lede__cluster *cluster, *fresh;
	lede__cluster_assignment out;
	lede__cluster_event_info info;
	lede__cluster_article a = article_of(&corpus[0], 1);
	lede__buf event, saved;
	int kept;
	size_t i;

	(void)state;
	lede__buf_init(&event, 1 << 20);
	lede__buf_init(&saved, 1 << 20);
	lede__cluster_params_default(&params);
	assert_int_equal(lede__cluster_new(&cluster, &params), 0);
	assert_int_equal(lede__cluster_add(&out, cluster, &a), 0);
	assert_int_equal(lede__cluster_event_encode(&event, cluster, 1), 0);
	assert_int_equal(lede__cluster_flush(cluster, flush_nothing, NULL), 0);
	/* Ten days of other news: the first event is frozen; its copy cannot be added any more. */
	for (i = 1; i <= 10; i++) {
		a = article_of(&corpus[1 + i % 2], (int64_t)i + 1);
		a.published = T0 + (int64_t)i * DAY;
		assert_int_equal(lede__cluster_add(&out, cluster, &a), 0);
		assert_int_equal(lede__cluster_flush(cluster, flush_nothing, NULL), 0);
	}
	assert_int_equal(lede__cluster_event(&info, cluster, 1), 0);
	assert_false(info.live);
	assert_int_equal(lede__cluster_event_encode(&saved, cluster, 1), LEDE_EINVAL);
	assert_int_equal(lede__cluster_add_copy(&out, cluster, 1, 50, T0 + 10 * DAY, "Wire"), LEDE_ENOTFOUND);
	/* Restored from the blob the store kept: live on demand, then the copy goes in. */
	assert_int_equal(lede__cluster_event_restore(&kept, cluster, event.data, event.len, 0, LEDE__CLUSTER_RESTORE_LIVE),
			 0);
	assert_true(kept);
	assert_int_equal(lede__cluster_add_copy(&out, cluster, 1, 50, T0 + 10 * DAY, "Wire"), 0);
	assert_int_equal(out.event, 1);
	/* In a new clusterer at the same clock: AUTO keeps it as a summary, with the storyline given. */
	lede__buf_reset(&saved);
	assert_int_equal(lede__cluster_state_encode(&saved, cluster), 0);
	assert_int_equal(lede__cluster_new(&fresh, &params), 0);
	assert_int_equal(lede__cluster_state_restore(fresh, saved.data, saved.len), 0);
	assert_int_equal(lede__cluster_event_restore(&kept, fresh, event.data, event.len, 7, LEDE__CLUSTER_RESTORE_AUTO), 0);
	assert_true(kept);
	assert_int_equal(lede__cluster_event(&info, fresh, 1), 0);
	assert_false(info.live);
	assert_int_equal(info.storyline, 7);
	lede__cluster_free(fresh);
	/* Forty days on, past the storyline window: not kept. */
	a = article_of(&corpus[2], 60);
	a.published = T0 + 40 * DAY;
	assert_int_equal(lede__cluster_add(&out, cluster, &a), 0);
	lede__buf_reset(&saved);
	assert_int_equal(lede__cluster_state_encode(&saved, cluster), 0);
	assert_int_equal(lede__cluster_new(&fresh, &params), 0);
	assert_int_equal(lede__cluster_state_restore(fresh, saved.data, saved.len), 0);
	assert_int_equal(lede__cluster_event_restore(&kept, fresh, event.data, event.len, 0, LEDE__CLUSTER_RESTORE_AUTO), 0);
	assert_false(kept);
	assert_int_equal(lede__cluster_event(&info, fresh, 1), LEDE_ENOTFOUND);
	lede__cluster_free(fresh);
	lede__cluster_free(cluster);
	lede__buf_free(&event);
	lede__buf_free(&saved);
}

static void damaged_blobs_are_refused(void **state)
{
	lede__cluster_params params;
	lede__cluster *cluster, *fresh;
	lede__cluster_assignment out;
	lede__cluster_article a = article_of(&corpus[0], 1);
	lede__buf event, saved;
	size_t cut;

	(void)state;
	lede__buf_init(&event, 1 << 20);
	lede__buf_init(&saved, 1 << 20);
	assert_int_equal(lede__cluster_new(&cluster, NULL), 0);
	assert_int_equal(lede__cluster_add(&out, cluster, &a), 0);
	assert_int_equal(lede__cluster_event_encode(&event, cluster, out.event), 0);
	assert_int_equal(lede__cluster_state_encode(&saved, cluster), 0);
	assert_int_equal(lede__cluster_new(&fresh, NULL), 0);
	/* Every truncation of both blobs is refused. */
	for (cut = 0; cut < event.len; cut++)
		assert_int_equal(lede__cluster_event_restore(NULL, fresh, event.data, cut, 0, LEDE__CLUSTER_RESTORE_LIVE),
				 LEDE_EFORMAT);
	for (cut = 0; cut < saved.len; cut++)
		assert_int_equal(lede__cluster_state_restore(fresh, saved.data, cut), LEDE_EFORMAT);
	event.data[0] = 'X';
	assert_int_equal(lede__cluster_event_restore(NULL, fresh, event.data, event.len, 0, LEDE__CLUSTER_RESTORE_LIVE),
			 LEDE_EFORMAT);
	lede__cluster_free(fresh);
	/* A state made with other term parameters cannot continue. */
	lede__cluster_params_default(&params);
	params.terms.number_digits = 4;
	assert_int_equal(lede__cluster_new(&fresh, &params), 0);
	assert_int_equal(lede__cluster_state_restore(fresh, saved.data, saved.len), LEDE_EINVAL);
	lede__cluster_free(fresh);
	/* Nor can a clusterer that already took articles restore a state. */
	assert_int_equal(lede__cluster_state_restore(cluster, saved.data, saved.len), LEDE_EINVAL);
	lede__cluster_free(cluster);
	lede__buf_free(&event);
	lede__buf_free(&saved);
}

static void parameters_out_of_range_are_refused(void **state)
{
	lede__cluster_params params;
	lede__cluster *cluster = (lede__cluster *)&params;

	(void)state;
	lede__cluster_params_default(&params);
	params.join_threshold = 0;
	assert_int_equal(lede__cluster_new(&cluster, &params), LEDE_EINVAL);
	assert_null(cluster);
	lede__cluster_params_default(&params);
	params.storyline_window = params.event_window - 1;
	assert_int_equal(lede__cluster_params_check(&params), LEDE_EINVAL);
	lede__cluster_params_default(&params);
	params.title_weight = params.body_weight = params.entity_weight = 0;
	assert_int_equal(lede__cluster_params_check(&params), LEDE_EINVAL);
	lede__cluster_params_default(&params);
	params.undated_merge_threshold = 0;
	assert_int_equal(lede__cluster_params_check(&params), LEDE_EINVAL);
	lede__cluster_params_default(&params);
	params.weekday_weight = 2;
	assert_int_equal(lede__cluster_params_check(&params), LEDE_EINVAL);
	lede__cluster_params_default(&params);
	params.storyline_entity_threshold = -1;
	assert_int_equal(lede__cluster_params_check(&params), LEDE_EINVAL);
	lede__cluster_params_default(&params);
	assert_int_equal(lede__cluster_params_check(&params), 0);
}

/* Every allocation of a run fails in turn: each failure is reported, nothing leaks (ASan). */
static void allocation_failures_are_reported(void **state)
{
	long n;
	int completed = 0;

	(void)state;
	for (n = 0; !completed && n < 20000; n++) {
		lede__cluster *cluster = NULL;
		lede__buf blob;
		size_t i;
		int rc;

		lede__buf_init(&blob, 1 << 20);
		lede__alloc_fail_after(n);
		rc = lede__cluster_new(&cluster, NULL);
		for (i = 0; rc == 0 && i < CORPUS_SIZE; i++) {
			lede__cluster_article a = article_of(&corpus[i], (int64_t)i + 1);
			lede__cluster_assignment out;

			rc = lede__cluster_add(&out, cluster, &a);
			if (rc == 0)
				rc = lede__cluster_flush(cluster, flush_nothing, NULL);
			if (rc == 0 && out.event)
				rc = lede__cluster_event_encode(&blob, cluster, out.event);
		}
		if (rc == 0)
			rc = lede__cluster_state_encode(&blob, cluster);
		lede__alloc_fail_after(-1);
		assert_true(rc == 0 || rc == LEDE_ENOMEM);
		completed = rc == 0;
		lede__cluster_free(cluster);
		lede__buf_free(&blob);
	}
	assert_true(completed);
}

/*
 * The same over months: traces, a late article that fetches its frozen
 * event, a link through a trace.  Every allocation may fail: the call says
 * LEDE_ENOMEM and nothing leaks.
 */
static int long_stream(blob_shelf *shelf)
{
	/* Bridge, bridge, storm and rate news, a late bridge report (9), more news, the bridge again (12). */
	static const int64_t days[] = {0, 0, 1, 2, 3, 5, 8, 12, 20, 0, 35, 50, 300};
	lede__cluster *cluster = NULL;
	size_t i;
	int rc;

	if ((rc = lede__cluster_new(&cluster, NULL)) != 0)
		return rc;
	shelf->cluster = cluster;
	lede__cluster_set_fetch(cluster, fetch_blob, shelf);
	for (i = 0; rc == 0 && i < sizeof(days) / sizeof(days[0]); i++) {
		const sample *s = i < 2 ? &corpus[3 * i] : i == 9 ? &corpus[6] : i == 12 ? &corpus[0] : &corpus[1 + i % 2];
		lede__cluster_article a = article_of(s, (int64_t)i + 1);
		lede__cluster_assignment out;

		a.published = T0 + days[i] * DAY + (int64_t)i * HOUR;
		rc = lede__cluster_add(&out, cluster, &a);
		if (rc == 0)
			rc = lede__cluster_flush(cluster, shelve_blob, shelf);
		lede__cluster_merges_clear(cluster);
	}
	if (rc == 0) {
		lede__cluster_stats stats;

		/* The stream did what it is for. */
		lede__cluster_get_stats(&stats, cluster);
		assert_true(stats.events_thawed >= 1);
		assert_true(stats.traces >= 1);
	}
	lede__cluster_free(cluster);
	return rc;
}

static void allocation_failures_over_months_are_reported(void **state)
{
	blob_shelf shelf;
	long n;
	int completed = 0, k;

	(void)state;
	for (n = 0; !completed && n < 20000; n++) {
		int rc;

		memset(&shelf, 0, sizeof(shelf));
		for (k = 0; k < SHELF; k++)
			lede__buf_init(&shelf.blobs[k], 1 << 20);
		lede__alloc_fail_after(n);
		rc = long_stream(&shelf);
		lede__alloc_fail_after(-1);
		assert_true(rc == 0 || rc == LEDE_ENOMEM);
		completed = rc == 0;
		for (k = 0; k < SHELF; k++)
			lede__buf_free(&shelf.blobs[k]);
	}
	assert_true(completed);
}

/* ----------------------------------------------------------------- seeds */

typedef struct seed {
	char name[256];
	lede_article *article;
} seed;

static int compare_seeds(const void *a, const void *b)
{
	return strcmp(((const seed *)a)->name, ((const seed *)b)->name);
}

static char *read_file(const char *path, size_t *out_len)
{
	FILE *file = fopen(path, "rb");
	char *data = NULL;
	long len;

	if (!file)
		return NULL;
	if (fseek(file, 0, SEEK_END) == 0 && (len = ftell(file)) >= 0 && fseek(file, 0, SEEK_SET) == 0) {
		data = malloc((size_t)len + 1);
		if (data && fread(data, 1, (size_t)len, file) != (size_t)len) {
			free(data);
			data = NULL;
		}
		if (data) {
			data[len] = '\0';
			*out_len = (size_t)len;
		}
	}
	fclose(file);
	return data;
}

/*
 * The five seed pages (../shared/seeds, read at run time) tell one story:
 * 000, 001, 003 and 004 one event; 002 (a year later in fact, undated) that
 * event or another of the same storyline.
 */
static void seed_pages_form_one_story(void **state)
{
	const char *dir_path = "../shared/seeds";
	seed seeds[8];
	size_t count = 0, i;
	DIR *dir;
	struct dirent *entry;
	lede__cluster *cluster;
	int64_t events[8], storylines[8], merged_into[64] = {0};

	(void)state;
	dir = opendir(dir_path);
	if (!dir)
		skip();
	while ((entry = readdir(dir)) != NULL && count < 8) {
		char path[768];
		size_t len = 0;
		char *data;

		if (strlen(entry->d_name) < 5 || strcmp(entry->d_name + strlen(entry->d_name) - 4, ".txt") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir_path, entry->d_name);
		data = read_file(path, &len);
		assert_non_null(data);
		snprintf(seeds[count].name, sizeof(seeds[count].name), "%.63s", entry->d_name);
		assert_int_equal(lede_extract(&seeds[count].article, entry->d_name, data, len, LEDE_FORMAT_TEXT), 0);
		free(data);
		count++;
	}
	closedir(dir);
	assert_int_equal(count, 5);
	qsort(seeds, count, sizeof(*seeds), compare_seeds);
	assert_int_equal(lede__cluster_new(&cluster, NULL), 0);
	for (i = 0; i < count; i++) {
		const lede_article *article = seeds[i].article;
		const char *title = lede_article_title(article), *published = lede_article_published(article);
		const char *text = lede_article_text(article);
		lede__cluster_article a;
		lede__cluster_assignment out;
		const lede__cluster_merge *merges;
		lede__date date;
		size_t n, k;

		memset(&a, 0, sizeof(a));
		a.id = (int64_t)i + 1;
		a.title = title;
		a.title_len = title ? strlen(title) : 0;
		a.text = text;
		a.text_len = strlen(text);
		a.outlet = lede_article_outlet(article);
		if (published && lede__date_parse(&date, published, strlen(published)) == 0)
			a.published = date.time;
		a.may_open = 1;
		assert_int_equal(lede__cluster_add(&out, cluster, &a), 0);
		events[i] = out.event;
		n = lede__cluster_merges(&merges, cluster);
		for (k = 0; k < n; k++)
			if (merges[k].kind == LEDE__CLUSTER_MERGE_EVENTS)
				merged_into[merges[k].from] = merges[k].into;
		lede__cluster_merges_clear(cluster);
		assert_int_equal(lede__cluster_flush(cluster, flush_nothing, NULL), 0);
	}
	for (i = 0; i < count; i++) {
		lede__cluster_event_info info;

		events[i] = follow(merged_into, events[i]);
		assert_int_equal(lede__cluster_event(&info, cluster, events[i]), 0);
		storylines[i] = info.storyline;
	}
	/* 000, 001, 003, 004: one event. */
	assert_int_equal(events[1], events[0]);
	assert_int_equal(events[3], events[0]);
	assert_int_equal(events[4], events[0]);
	/* 002: the same storyline. */
	assert_int_equal(storylines[2], storylines[0]);
	for (i = 0; i < count; i++)
		lede_article_free(seeds[i].article);
	lede__cluster_free(cluster);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(vectors_count_add_truncate_and_dot),
		cmocka_unit_test(vectors_round_trip_and_refuse_damage),
		cmocka_unit_test(u64map_inserts_finds_and_removes),
		cmocka_unit_test(document_frequencies_weigh_rare_terms_higher),
		cmocka_unit_test(document_frequencies_stay_under_their_cap),
		cmocka_unit_test(features_stem_words_and_find_names),
		cmocka_unit_test(features_keep_the_numbers_and_name_the_weekdays),
		cmocka_unit_test(features_take_the_given_names),
		cmocka_unit_test(articles_of_one_event_share_it),
		cmocka_unit_test(an_event_is_titled_by_a_whole_headline),
		cmocka_unit_test(candidates_explain_the_choice),
		cmocka_unit_test(the_day_and_the_figures_an_article_names_weigh_in),
		cmocka_unit_test(a_page_that_is_not_an_article_never_opens_an_event),
		cmocka_unit_test(copies_count_outlets_without_moving_the_event),
		cmocka_unit_test(a_recount_sets_counters_that_survive_the_blob),
		cmocka_unit_test(events_that_turn_out_to_be_one_merge_and_say_so),
		cmocka_unit_test(undated_events_merge_above_their_own_threshold),
		cmocka_unit_test(a_later_event_on_the_same_story_joins_its_storyline),
		cmocka_unit_test(events_that_share_their_core_names_share_a_storyline),
		cmocka_unit_test(quiet_events_freeze_then_leave_memory),
		cmocka_unit_test(a_late_article_brings_its_frozen_event_back),
		cmocka_unit_test(storylines_reach_back_months_through_traces),
		cmocka_unit_test(a_restart_continues_the_same_stream),
		cmocka_unit_test(restored_events_follow_the_windows),
		cmocka_unit_test(damaged_blobs_are_refused),
		cmocka_unit_test(parameters_out_of_range_are_refused),
		cmocka_unit_test(allocation_failures_are_reported),
		cmocka_unit_test(allocation_failures_over_months_are_reported),
		cmocka_unit_test(seed_pages_form_one_story),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
