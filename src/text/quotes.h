/*
 * quotes.h: direct quotations in a news text, who said them and through
 * which outlet, and the same quotation matched across the articles of a
 * story.
 *
 * Finding: quotation marks are paired per paragraph (curly “ ” and „, « »,
 * straight " by context; ‘ ’ inside stay part of the text); a paragraph that
 * ends inside a quotation continues it when the next paragraph opens with a
 * mark (the newspaper convention for long quotations).  Attribution is read
 * from the words around each quotation, in the patterns news writing uses
 * (after the rule sets of Pouliquen et al. 2007, "Automatic detection of
 * quotations in multilingual news", and Pareti's PARC attribution cues):
 *   “...,” Wang told Reuters.        “...,” said Lei Jun, the founder.
 *   Lei Jun said: “...”              According to X, “...”
 *   Richard Yu called it “a big loss for us”.      X: “...”
 * A pronoun, a bare surname or a role ("he", "Jun", "the executive") is
 * resolved to a full name named before it in the article (entities.h); a
 * quotation with no attribution of its own takes the speaker of the split
 * quotation or paragraph it belongs to.  The relaying outlet ("via") comes
 * from "told Reuters", "according to The Wall Street Journal", "As The Wall
 * Street Journal reports", "told the publication" (the outlet named last).
 * Not kept as quotations: scare quotes (a few words with no attribution of
 * their own, or inside the writer's sentence: the “deplorables”), titles of
 * works in title case (“Meet the Press”), unclosed marks.
 */
#ifndef LEDE_TEXT_QUOTES_H
#define LEDE_TEXT_QUOTES_H

#include <stddef.h>
#include <stdint.h>

#include "text/entities.h"
#include "util/arena.h"

enum lede__speaker_kind {
	LEDE__SPEAKER_NONE = 0,      /* no attribution found */
	LEDE__SPEAKER_NAMED = 1,     /* its attribution names the speaker: "Lei Jun said" */
	LEDE__SPEAKER_RESOLVED = 2,  /* a pronoun, surname or role resolved to a name: "he", "Jun", "the executive" */
	LEDE__SPEAKER_DESCRIBED = 3, /* an attribution without a name: "a spokesman said" (speaker holds those words) */
	LEDE__SPEAKER_INFERRED = 4   /* no attribution of its own: taken from its split quote or paragraph */
};

enum lede__quote_flag {
	LEDE__QUOTE_PARTIAL = 1,   /* words quoted inside the writer's sentence: called it “a big loss” */
	LEDE__QUOTE_CONTINUED = 2, /* runs over paragraphs */
	LEDE__QUOTE_SPLIT = 4      /* one part of a quotation interrupted by its attribution */
};

typedef struct lede__quote {
	const char *text;            /* the quoted words without marks, paragraphs joined by a space */
	uint32_t start, end;         /* byte offsets of the quoted words (first paragraph's start, last one's end) */
	const char *speaker;         /* full name when known, else the attribution's own words; NULL when unknown */
	const char *speaker_mention; /* the words of the attribution ("Jun", "he", "the executive"); NULL */
	uint32_t speaker_start, speaker_end; /* byte offsets of speaker_mention; both 0 when none */
	/*
	 * What the attribution says about the speaker: an apposition or a title
	 * ("a former senior adviser to Romney", "Xiaomi Chairman"); NULL.
	 */
	const char *speaker_role;
	const char *via;             /* the outlet that relayed the quotation ("Reuters"); NULL */
	uint32_t group;              /* index of the first quote of its split quotation (else its own index) */
	uint8_t speaker_kind;        /* enum lede__speaker_kind */
	uint8_t flags;               /* enum lede__quote_flag */
} lede__quote;

typedef struct lede__quotes {
	lede__quote *items; /* in text order */
	size_t count;
} lede__quotes;

typedef struct lede__quote_options {
	/* Also read ``...'' and ''...'' as double quotation marks (wire archives); default 0. */
	int doubled_apostrophes;
	/*
	 * Quotations of fewer words are kept only with an attribution of their
	 * own (drops scare quotes and titles: the “deplorables”); default 3.
	 */
	unsigned min_words;
	/* Words quoted inside the writer's sentence need this many words even when attributed; default 4. */
	unsigned min_partial_words;
} lede__quote_options;

/* The defaults described above. */
void lede__quote_options_default(lede__quote_options *options);

/*
 * Finds the quotations of UTF-8 text[0..len).  `entities` are the text's own
 * (from lede__entities_find on the same text, to reuse them) or NULL to find
 * them here.  `options` may be NULL for the defaults.  Everything is
 * allocated in `arena`, except that speaker names may point at the names of
 * `entities`, which must then live as long as the quotes.  Returns 0,
 * LEDE_ENOMEM or LEDE_ETOOBIG (4 GiB or more); *out is empty on failure.
 * No I/O.
 */
int lede__quotes_find(lede__quotes *out, lede__arena *arena, const char *text, size_t len,
		      const lede__entities *entities, const lede__quote_options *options);

/* One article's quote inside a story quote. */
typedef struct lede__quote_source {
	uint32_t article; /* index in the array given to lede__quotes_merge */
	uint32_t quote;   /* index in that article's lede__quotes */
} lede__quote_source;

typedef struct lede__story_quote {
	const char *text;    /* the words every source carries: the shortest version when one holds the others */
	const char *longest; /* the longest version */
	const char *speaker; /* a full name when any source or the story names one; NULL when unknown */
	const char *via;     /* the relaying outlet most sources give; NULL */
	lede__quote_source *sources; /* by article, then quote */
	size_t source_count;
	uint32_t articles;   /* distinct articles quoting it */
} lede__story_quote;

typedef struct lede__story_quotes {
	lede__story_quote *items; /* most articles first, then in the order of the first article */
	size_t count;
} lede__story_quotes;

/*
 * Matches the quotes of `count` articles of one story: two quotes are the
 * same when their words (case, punctuation, ’ or ', U.S. or US aside) are
 * equal or one runs inside the other (a truncated quotation), or when
 * nearly all the words of the shorter are in the longer.  Speakers are
 * voted over the sources, and a bare surname becomes the full name found in
 * `story_entities` (lede__entities_merge of the articles; may be NULL) or
 * among the other sources' speakers.  Allocated in `arena`; the strings
 * point at the articles' quotes and `story_entities`, which must outlive the
 * result.  Pairwise matching: quadratic in the number of quotes of the story.
 * Returns 0 or LEDE_ENOMEM.
 */
int lede__quotes_merge(lede__story_quotes *out, lede__arena *arena, const lede__quotes *articles,
		       size_t count, const lede__entities *story_entities);

#endif
