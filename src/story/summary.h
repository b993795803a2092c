/*
 * summary.h: the extractive multi-document summary of one story.
 *
 * Input: the articles of a story (text with paragraphs separated by blank
 * lines, title, outlet, time).  Output: sentences copied verbatim from the
 * articles, within a word budget, chosen for how much of the story's
 * content they cover, with what another chosen sentence already says
 * counting once; each with the articles (and so the outlets) that carry the
 * same content.  Extractive on purpose: a summary sentence is always one an
 * outlet wrote, so the summary cannot invent.
 *
 * The algorithm (docs/internals/summary.md): sentences are split
 * (text/sentences.h) and junk (captions, bylines, share buttons, links,
 * headings, crawl notices) is set aside; every sentence becomes a set of
 * concepts, the Snowball stems of its content words and its pairs of
 * adjacent stems; a concept weighs the sum over the sentences carrying it of
 * a position prior (news puts the essentials first), so a concept that many
 * outlets put in their leads weighs most.  Sentences are chosen by the
 * budgeted greedy algorithm for monotone submodular coverage (Lin & Bilmes
 * 2010, 2011; concepts as in Gillick & Favre 2009): each step takes the
 * sentence with the largest gain in covered concept weight per word, plus a
 * bonus for leading position.  Two sentences carry the same content when
 * their content stems overlap by LEDE__SUMMARY_SUPPORT (see below).
 *
 * Pure: no I/O, no global state; bounded: at most `max_sentences_per_document`
 * sentences of each article and `max_sentences` in all are read.
 */
#ifndef LEDE_STORY_SUMMARY_H
#define LEDE_STORY_SUMMARY_H

#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

typedef struct lede__summary_document {
	const char *text;   /* UTF-8, paragraphs separated by blank lines; NULL reads as empty */
	size_t text_len;
	const char *title;  /* NULL when unknown; its words count like a lead sentence's */
	const char *outlet; /* NULL when unknown; used to count distinct outlets of a sentence */
	int64_t published;  /* Unix seconds, 0 when unknown; earlier articles first among equals */
	int64_t id;         /* the caller's id, copied to nothing: indices identify documents */
} lede__summary_document;

typedef struct lede__summary_options {
	size_t max_words;                 /* budget in white-space separated words; default 120 */
	size_t max_sentences_per_document; /* sentences read from each article; default 200 */
	size_t max_sentences;             /* sentences read in all; default 4000 */
	size_t max_documents;             /* articles read (the first ones); default 256 */
	unsigned min_sentence_words;      /* shorter sentences are not candidates; default 6 */
	unsigned max_sentence_words;      /* longer ones neither (run-on scraps); default 70 */
	/* Unterminated lines (headings, captions) of fewer words are junk; default 12. */
	unsigned min_unterminated_words;
	/* Position prior of the k-th kept sentence of an article: 1 / (1 + k / position_scale); default 3. */
	double position_scale;
	double bigram_weight;             /* weight of a pair of stems next to one stem's; default 1 */
	/* Documents carrying a concept: its weight is multiplied by documents^document_exponent; default 0.5. */
	double document_exponent;
	/* The bonus for a sentence's own position prior, per word, next to concept gain; default 1. */
	double lead_bonus;
	/* Gain is divided by words^length_exponent (1: per word, 0: per sentence); default 1. */
	double length_exponent;
	/* Support criterion: shared content stems over the sentence's own (see below); default 0.5. */
	double support_overlap;
	unsigned support_min_shared;      /* and at least this many shared stems; default 3 */
	double repeat_gain;               /* gain factor of a concept each time it is covered again; default 0 */
	double support_bonus;             /* score bonus per other document carrying the sentence; default 0 */
	double relative_position;         /* position scale grows by this times the article's sentences; default 0 */
	double adjacency_bonus;           /* score bonus when the sentence before it is chosen; default 0 */
	double quote_bonus;               /* score bonus for a sentence holding quoted words; default 0 */
	double min_density;               /* candidates with less gain per word (scaled) are not taken; default 0 */
} lede__summary_options;

/* The defaults above. */
void lede__summary_options_default(lede__summary_options *options);

typedef struct lede__summary_sentence {
	const char *text;        /* verbatim from the document, NUL-terminated, in the caller's arena */
	size_t document;         /* index of the document it is taken from */
	uint32_t start, end;     /* its byte offsets in that document's text */
	uint32_t position;       /* its rank among the document's kept (non-junk) sentences, from 0 */
	uint32_t words;          /* white-space separated words */
	/*
	 * Documents carrying the same content, ascending, the source document
	 * included: a document supports the sentence when one of its sentences
	 * shares at least support_min_shared content stems with it and at least
	 * support_overlap of the sentence's own content stems (exact copies and
	 * close paraphrases; a longer sentence that says the same and more
	 * counts).
	 */
	const size_t *support;
	size_t support_count;
	size_t outlets;          /* distinct outlet names among the supporting documents (unknown: each counts) */
} lede__summary_sentence;

typedef struct lede__summary {
	lede__summary_sentence *items; /* in reading order: by position in the article, then time */
	size_t count;
	size_t words;                  /* total words, <= max_words */
} lede__summary;

/*
 * Summarizes `count` documents into at most options->max_words words
 * (`options` may be NULL for the defaults).  The result is allocated in
 * `arena` and does not point into the documents.  Returns 0, LEDE_EINVAL
 * (documents NULL with a count) or LEDE_ENOMEM; *out is empty on failure
 * and when no sentence qualifies.
 */
int lede__summarize(lede__summary *out, lede__arena *arena, const lede__summary_document *documents,
		    size_t count, const lede__summary_options *options);

#endif
