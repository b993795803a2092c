/*
 * tfidf.h: term vectors of a news article for clustering, and the document
 * frequencies that weigh them.
 *
 * An article gives three term-count vectors (after Miranda et al.,
 * "Multilingual Clustering of Streaming News", EMNLP 2018, who compare
 * articles and clusters by separate TF-IDF sub-vectors):
 *  - title: Snowball stems of the title's words, stopwords dropped;
 *  - body: the same over the title and the first words of the text,
 *    numbers of two or more digits kept as they are ("23", "2019");
 *  - entities: names of people, organizations and places.  Given by the
 *    caller (the entity finder) or, when none are given, approximated here:
 *    runs of capitalized words, not at the start of a sentence unless the
 *    text never writes the word in lower case, leading stopwords dropped
 *    ("The White House" gives "white house"), a title written in headline
 *    case ignored.  A name of several words also counts each of its words,
 *    so that "Nichols" meets "Brian Nichols".
 *
 * A document-frequency table counts, over the stream, how many articles
 * hold each term; it is updated one article at a time, so IDF follows the
 * stream.  Its size is bounded: when it outgrows its cap, the terms seen in
 * the fewest articles are dropped (lossy counting, Manku and Motwani, VLDB
 * 2002) and read as unseen, the rarest, afterwards.  It serializes to a
 * compact blob.  Pure in-memory code.
 */
#ifndef LEDE_SIM_TFIDF_H
#define LEDE_SIM_TFIDF_H

#include <stddef.h>
#include <stdint.h>

#include "sim/vector.h"
#include "util/buf.h"

/* ----------------------------------------------------- document terms */

typedef struct lede__tfidf_params {
	uint32_t max_tokens;       /* tokens of the text read (the title is always read) */
	uint32_t number_digits;    /* numbers with at least this many digits are terms; 0: none */
	int approximate_entities;  /* 1: find capitalized names when the caller gives none */
	int entity_words;          /* 1: a name of several words also counts each word */
} lede__tfidf_params;

void lede__tfidf_params_default(lede__tfidf_params *out);

/* A name found by the caller; `type` is free (enum lede__entity_type of text/entities.h). */
typedef struct lede__tfidf_entity {
	const char *name;
	size_t len;
	unsigned type;
} lede__tfidf_entity;

/* The term counts of one article (weights are counts). */
typedef struct lede__doc_terms {
	lede__vector title;
	lede__vector body;
	lede__vector entities;
	lede__vector numbers;  /* the body's number terms ("23", "2019", "mh370"), also in `body` */
} lede__doc_terms;

void lede__doc_terms_init(lede__doc_terms *terms);
void lede__doc_terms_free(lede__doc_terms *terms);

/*
 * The body terms of the seven weekday names, Monday first (a report names
 * the day of its event: "on Tuesday").
 */
void lede__tfidf_weekday_terms(lede__term out[7]);

/* Reusable scratch (tokens, stemmer): one per thread. */
typedef struct lede__tfidf_featurizer lede__tfidf_featurizer;

/* `params` may be NULL (the defaults).  Returns 0 or LEDE_ENOMEM. */
int lede__tfidf_featurizer_new(lede__tfidf_featurizer **out, const lede__tfidf_params *params);
void lede__tfidf_featurizer_free(lede__tfidf_featurizer *featurizer);

/*
 * Fills *out (initialized with lede__doc_terms_init; previous contents
 * dropped) from UTF-8 `title` and `text` (either may be NULL with length 0)
 * and `entity_count` names (NULL/0: approximate them when the parameters
 * say so).  Returns 0, LEDE_ENOMEM or LEDE_ETOOBIG.
 */
int lede__tfidf_featurize(lede__doc_terms *out, lede__tfidf_featurizer *featurizer,
			  const char *title, size_t title_len, const char *text, size_t text_len,
			  const lede__tfidf_entity *entities, size_t entity_count);

/* ------------------------------------------------ document frequencies */

typedef struct lede__df_table lede__df_table;

/*
 * An empty table that keeps at most about `max_terms` terms (0: 4 million).
 * Returns 0 or LEDE_ENOMEM.
 */
int lede__df_new(lede__df_table **out, size_t max_terms);
void lede__df_free(lede__df_table *table);

/*
 * Counts one more article holding the terms of `terms` (a vector: each term
 * once; weights ignored); may be called once per vector of the article, with
 * `new_document` 1 for the first call only.  Returns 0 or LEDE_ENOMEM (the
 * counts may then be partly updated; IDF tolerates it).
 */
int lede__df_add(lede__df_table *table, const lede__vector *terms, int new_document);

/* Articles counted. */
uint64_t lede__df_documents(const lede__df_table *table);

/* Terms held. */
size_t lede__df_terms(const lede__df_table *table);

/* Heap bytes the table holds. */
size_t lede__df_bytes(const lede__df_table *table);

/* Articles holding `term` (0 when unseen or dropped). */
uint32_t lede__df_get(const lede__df_table *table, lede__term term);

/*
 * Smooths IDF at the start of a stream: `documents` articles in which no
 * term occurs are counted in N (default 0).  With two articles, a term both
 * share would otherwise weigh a quarter of one only one has, and two
 * reports of one event would look unrelated; the prior fades as N grows.
 */
void lede__df_set_prior(lede__df_table *table, double documents);

/*
 * ln((N + prior + 1) / (df + 0.5)): about 0 for a term in every article,
 * largest for unseen terms.
 */
double lede__df_idf(const lede__df_table *table, lede__term term);

/*
 * *out (initialized; previous contents dropped) becomes the TF-IDF vector of
 * `counts`: (1 + ln tf) * idf per term, then scaled to unit length (left
 * empty when every weight is 0).  Returns 0 or LEDE_ENOMEM.
 */
int lede__tfidf_weigh(lede__vector *out, const lede__vector *counts, const lede__df_table *table);

/*
 * Appends the table's blob to `out`: 'D', version 1, N (u64), the pruning
 * floor (u32), the count (varint), then the terms in increasing order as gaps
 * (varint) each with its count (varint).  About 3 bytes per term.
 */
int lede__df_encode(lede__buf *out, const lede__df_table *table);

/*
 * Replaces the contents of `table` with the blob's.  Returns 0, LEDE_EFORMAT
 * (the table is then empty) or LEDE_ENOMEM.
 */
int lede__df_decode(lede__df_table *table, const void *blob, size_t len);

#endif
