/*
 * sentences.h: splitting a text into sentences and paragraphs.
 *
 * A rule-based splitter for English news text (in the spirit of Punkt and
 * of the Stanford tokenizer's sentence rules, with hand-written lists
 * instead of learned ones): abbreviations (Mr., Dr., Jan., Inc., No. 5,
 * St.), initials (J. R. R. Tolkien), dotted acronyms (U.S.), decimals (3.5),
 * ellipses, a terminator inside a closing quote followed by its attribution
 * (`...?" he asked.` stays one sentence), and line structure: a blank line
 * always ends a sentence and starts a paragraph; a single line break ends
 * one unless the next line goes on in lower case (scraped menus and
 * headings become short sentences of their own).
 */
#ifndef LEDE_TEXT_SENTENCES_H
#define LEDE_TEXT_SENTENCES_H

#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

enum lede__sentence_flag {
	LEDE__SENTENCE_TERMINATED = 1 /* ends with . ! ? or an ellipsis (maybe inside closing quotes) */
};

typedef struct lede__sentence {
	uint32_t start, end; /* byte offsets [start, end) in the text, without surrounding white space */
	uint32_t paragraph;  /* index of the paragraph (blocks separated by blank lines), from 0 */
	uint32_t flags;      /* enum lede__sentence_flag */
} lede__sentence;

typedef struct lede__sentences {
	lede__sentence *items; /* in text order, never empty ones */
	size_t count;
} lede__sentences;

/*
 * Splits UTF-8 text[0..len) into sentences allocated in `arena` (freed with
 * it).  Texts of 4 GiB or more are refused with LEDE_ETOOBIG.  Returns 0 or
 * LEDE_ENOMEM; *out is empty on failure.
 */
int lede__sentences_split(lede__sentences *out, lede__arena *arena, const char *text, size_t len);

/* Index of the sentence that contains byte `offset` (or the last one before it); 0 when none. */
size_t lede__sentences_find(const lede__sentences *sentences, uint32_t offset);

#endif
