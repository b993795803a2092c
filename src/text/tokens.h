/*
 * tokens.h: words and numbers of a text, with their offsets and folded form.
 *
 * The shared first step of fingerprinting, clustering, sentence splitting,
 * entity and quote finding.  Tokens live in the caller's arena.
 */
#ifndef LEDE_TEXT_TOKENS_H
#define LEDE_TEXT_TOKENS_H

#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

enum lede__token_kind {
	LEDE__TOKEN_WORD = 1,   /* letters, with inner apostrophes ("don't", "O'Neill") */
	LEDE__TOKEN_NUMBER = 2  /* digits, with inner , or . ("3,000", "8.5") and mixed ("4G") */
};

enum lede__token_flag {
	LEDE__TOKEN_CAPITALIZED = 1, /* first letter upper case */
	LEDE__TOKEN_ALL_CAPS = 2,    /* two or more letters, all upper case */
	LEDE__TOKEN_HAS_LETTER = 4
};

typedef struct lede__token {
	uint32_t start, end;  /* byte offsets of the token in the text */
	const char *norm;     /* case folded, accents stripped, ’ as ', NUL-terminated */
	uint32_t norm_len;
	uint8_t kind;
	uint8_t flags;
} lede__token;

typedef struct lede__tokens {
	lede__token *items;
	size_t count;
} lede__tokens;

/*
 * Tokenizes UTF-8 `text` (invalid bytes act as separators).  At most
 * `max_tokens` are kept (0: no limit); the rest of the text is ignored.
 */
int lede__tokenize(lede__tokens *out, lede__arena *arena, const char *text, size_t len,
		   size_t max_tokens);

/* 1 when the folded word is an English stopword ("the", "said", ...). */
int lede__is_stopword(const char *norm, size_t len);

/* Snowball English stemmer (libstemmer).  Not thread-safe: one per thread. */
typedef struct lede__stemmer lede__stemmer;

int lede__stemmer_new(lede__stemmer **out);
void lede__stemmer_free(lede__stemmer *stemmer);

/*
 * The stem of the folded word; valid until the next call on this stemmer.
 * *out_len gets its length.
 */
const char *lede__stem(lede__stemmer *stemmer, const char *norm, size_t len, size_t *out_len);

#endif
