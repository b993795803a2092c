/*
 * summary.h: the extractive multi-document summary of one story.
 *
 * Input: the articles of a story (text with paragraphs separated by blank
 * lines, title, outlet, time).  Output: sentences copied from the articles,
 * within a word budget, chosen for how much of the story's content they
 * cover, with what an already chosen sentence says counting once; each with
 * the articles (and so the outlets) that carry the same content.
 * Extractive on purpose: every summary sentence is one an outlet wrote, so
 * the summary cannot invent.
 *
 * The algorithm (docs/internals/summary.md):
 *  1. Sentences (text/sentences.h); junk is set aside: unterminated lines
 *     (headings, captions, menus), very short or run-on sentences, mostly
 *     capitalized ones, page furniture (share buttons, photo credits,
 *     bylines, time stamps, crawl notices) and links.
 *  2. Concepts (after Gillick & Favre 2009): the Snowball stems of a
 *     sentence's content words and its pairs of adjacent stems (not both
 *     stopwords).  A concept weighs the sum, over the sentences carrying it,
 *     of their position prior 1 / (1 + k / (position_scale +
 *     relative_position * n)) (k-th kept sentence of an article of n: news
 *     puts the essentials first), times the number of articles carrying it
 *     to the power document_exponent (what several outlets report is
 *     central).
 *  3. Selection: the budgeted greedy algorithm for monotone submodular
 *     coverage (Lin & Bilmes 2010): repeatedly the sentence that fits the
 *     budget with the best
 *         uncovered concept weight / words^length_exponent / mean density
 *         + lead_bonus * position prior + quote_bonus * (holds a quotation)
 *     until none fits.  A concept counts once however many chosen sentences
 *     carry it: that is the redundancy removal.  Quotations get a bonus
 *     because writers paraphrase narration but keep quoted words verbatim,
 *     so a quoted sentence is the likeliest to be what a summary says.
 *  4. Support: every other article with a sentence that carries the same
 *     content (the criterion below), and the distinct outlets among them.
 *  5. Reading order: by position in the article (leads first), then by
 *     time, then by input order.
 *
 * Pure: no I/O, no global state.  Bounded: at most max_documents articles,
 * their first 2 MiB, max_sentences_per_document sentences of each and
 * max_sentences in all are read; time is linear in the sentences read for
 * each chosen sentence.
 */
#ifndef LEDE_STORY_SUMMARY_H
#define LEDE_STORY_SUMMARY_H

#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

typedef struct lede__summary_document {
	const char *text;   /* UTF-8, paragraphs separated by blank lines; NULL reads as empty */
	size_t text_len;
	const char *title;  /* NUL-terminated, NULL when unknown; its words weigh like a lead sentence's */
	const char *outlet; /* NUL-terminated, NULL when unknown; counts the distinct outlets of a sentence */
	int64_t published;  /* Unix seconds, 0 when unknown; earlier articles first among equals */
	int64_t id;         /* the caller's id (an article id), copied to the result */
} lede__summary_document;

typedef struct lede__summary_options {
	size_t max_words;                  /* budget in white-space separated words; default 120 */
	size_t max_documents;              /* articles read (the first ones); default 256 */
	size_t max_sentences_per_document; /* sentences read from each article; default 200 */
	size_t max_sentences;              /* sentences read in all; default 4000 */
	unsigned min_sentence_words;       /* shorter sentences are junk; default 6 */
	unsigned max_sentence_words;       /* longer ones too (run-on scraps); default 70 */
	double position_scale;             /* of the position prior (see above); default 6 */
	double relative_position;          /* of the position prior (see above); default 0.1 */
	double document_exponent;          /* of the articles carrying a concept; default 1 */
	double bigram_weight;              /* weight of a pair of stems next to a single stem's; default 1 */
	double length_exponent;            /* of the words a sentence costs; default 1 (gain per word) */
	double lead_bonus;                 /* default 0.5 */
	double quote_bonus;                /* default 0.5 */
	/*
	 * The support criterion.  Content stems are weighted by their
	 * specificity in the story, log(sentences / sentences carrying the
	 * stem), so that the story's own subject, named everywhere, counts
	 * little.  A sentence B carries the content of sentence A when they
	 * share at least support_min_shared content stems (or have the same
	 * ones), the shared ones weigh at least support_overlap of A's and at
	 * least support_share_of_other of B's.  Copies, close paraphrases and
	 * somewhat longer sentences that say the same and more pass; sentences
	 * that only name the same people do not.  Defaults 0.5, 0.25 and 3.
	 */
	double support_overlap;
	double support_share_of_other;
	unsigned support_min_shared;
} lede__summary_options;

/* The defaults above. */
void lede__summary_options_default(lede__summary_options *options);

/* One article carrying the content of a summary sentence. */
typedef struct lede__summary_support {
	size_t document;     /* index of the article */
	int64_t id;          /* its id */
	uint32_t start, end; /* byte offsets in its text of the sentence that carries the content */
	double overlap;      /* weight of the shared content stems over the summary sentence's (1 for itself) */
} lede__summary_support;

typedef struct lede__summary_sentence {
	/*
	 * The sentence as its article wrote it, each run of white space (line
	 * breaks included) as one space; NUL-terminated, in the caller's arena.
	 */
	const char *text;
	size_t document;      /* index of the article it is taken from */
	int64_t document_id;  /* that article's id */
	uint32_t start, end;  /* its byte offsets in that article's text */
	uint32_t position;    /* its rank among the article's kept (non-junk) sentences, from 0 */
	uint32_t words;       /* white-space separated words */
	/* The articles carrying it, ascending by index, its own article included. */
	const lede__summary_support *support;
	size_t support_count;
	size_t outlets;       /* distinct outlets among them (an article without an outlet counts as one) */
} lede__summary_sentence;

typedef struct lede__summary {
	lede__summary_sentence *items; /* in reading order */
	size_t count;
	size_t words;                  /* their words in all, at most max_words */
} lede__summary;

/*
 * Summarizes `count` documents in at most options->max_words words
 * (`options` NULL for the defaults).  The result is allocated in `arena`
 * and does not point into the documents.  Returns 0, LEDE_EINVAL
 * (`documents` NULL with a count) or LEDE_ENOMEM; *out is empty on failure
 * and when no sentence qualifies.  No I/O; safe to call from several
 * threads at once.
 */
int lede__summarize(lede__summary *out, lede__arena *arena, const lede__summary_document *documents,
		    size_t count, const lede__summary_options *options);

#endif
