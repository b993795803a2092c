#include "sentences.h"

#include <string.h>

#include "text/chars.h"
#include "text/gazetteer.h"
#include "text/tokens.h"
#include "util/error.h"

enum { MAX_WORD = 32, ATTRIBUTION_WORDS = 5 };

typedef struct splitter {
	const unsigned char *p;
	size_t len;
	lede__arena *arena;
	lede__sentence *items;
	size_t count, cap;
	uint32_t paragraph;
	int paragraph_used; /* a sentence was emitted in the current paragraph */
} splitter;

static int is_terminator(uint32_t cp)
{
	return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026;
}

/* Closing quotes and brackets that stay with the sentence they close. */
static int is_closer(uint32_t cp, int *quote)
{
	*quote = cp == '"' || cp == '\'' || cp == 0x201D || cp == 0x2019 || cp == 0xBB || cp == 0x203A;
	return *quote || cp == ')' || cp == ']' || cp == '}';
}

static int is_opener(uint32_t cp)
{
	return cp == '"' || cp == '\'' || cp == 0x201C || cp == 0x2018 || cp == 0x201E || cp == 0xAB ||
	       cp == '(' || cp == '[';
}

static int emit(splitter *s, size_t start, size_t end, uint32_t flags)
{
	lede__sentence *item;

	while (end > start) {
		if (!lede__char_is_space(lede__char_before(s->p, s->len, end)))
			break;
		/* Step back over the space's bytes (continuation bytes are 10xxxxxx). */
		end--;
		while (end > start && (s->p[end] & 0xC0) == 0x80)
			end--;
	}
	if (end <= start)
		return 0;
	if (s->count == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		lede__sentence *grown = lede__arena_alloc(s->arena, cap * sizeof(*grown));

		if (!grown)
			return lede__error_nomem();
		if (s->count)
			memcpy(grown, s->items, s->count * sizeof(*grown));
		s->items = grown;
		s->cap = cap;
	}
	item = &s->items[s->count++];
	item->start = (uint32_t)start;
	item->end = (uint32_t)end;
	item->paragraph = s->paragraph;
	item->flags = flags;
	s->paragraph_used = 1;
	return 0;
}

/* Lower-case ASCII copy of the letters at p[i..] into word; returns its length (0 if none or too long). */
static size_t word_at(const splitter *s, size_t i, char word[MAX_WORD])
{
	size_t n = 0;

	while (i < s->len && n < MAX_WORD - 1) {
		unsigned char c = s->p[i];

		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c | 0x20);
		else if (!((c >= 'a' && c <= 'z') || c == '\''))
			break;
		word[n++] = (char)c;
		i++;
	}
	word[n] = '\0';
	if (i < s->len && n == MAX_WORD - 1)
		return 0;
	return n;
}

/* 1 when the word at p[k] is a common sentence opener ("The", "But", "He"). */
static int starts_sentence(const splitter *s, size_t k)
{
	char word[MAX_WORD];
	size_t n = word_at(s, k, word);

	if (n == 0)
		return 0;
	return lede__is_stopword(word, n) || (lede__word_classes(word, n) & LEDE__WORD_STARTER) != 0;
}

/*
 * After a terminator inside closing quotes: 1 when one of the next few words
 * (before any punctuation) is a speech verb, as in `Why?" Jun asked.`.
 */
static int attribution_follows(const splitter *s, size_t k)
{
	int words = 0;

	while (k < s->len && words < ATTRIBUTION_WORDS) {
		char word[MAX_WORD];
		size_t n;
		uint32_t cp;

		n = word_at(s, k, word);
		if (n == 0) {
			size_t m = lede__char_at(s->p, s->len, k, &cp);

			if (cp != ' ' && !lede__char_is_letter(cp))
				return 0;
			k += m;
			continue;
		}
		words++;
		if (words > 1 && (lede__word_classes(word, n) & LEDE__WORD_SPEECH_VERB))
			return 1;
		k += n;
	}
	return 0;
}

/*
 * Whether the period at p[dot] ends the sentence, given the next visible
 * character at p[next].  Looks at the word before the period: titles never
 * end a sentence, months, company suffixes, initials and dotted acronyms end
 * one only when a common sentence opener follows.
 */
static int period_ends(const splitter *s, size_t dot, size_t next, uint32_t next_cp)
{
	size_t begin = dot, letters = 0, dots = 0;
	char word[MAX_WORD];
	size_t n = 0, i;
	uint32_t classes;
	int ambiguous = 0;

	while (begin > 0) {
		unsigned char c = s->p[begin - 1];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
			letters++;
		else if (c == '.')
			dots++;
		else
			break;
		begin--;
	}
	if (letters == 0)
		return 1;
	for (i = begin; i < dot && n < MAX_WORD - 1; i++) {
		unsigned char c = s->p[i];

		if (c == '.')
			continue;
		word[n++] = (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
	}
	word[n] = '\0';
	if (letters > MAX_WORD - 2)
		return 1;
	/* A word glued to what comes before ("3.5m.", "example.com.") is no abbreviation. */
	if (begin > 0) {
		uint32_t before;
		size_t back = begin - 1;

		while (back > 0 && (s->p[back] & 0xC0) == 0x80)
			back--;
		lede__char_at(s->p, s->len, back, &before);
		if (!lede__char_is_space(before) && !is_opener(before) && before != '-' && before != 0x2014)
			return 1;
	}
	classes = lede__word_classes(word, n);
	if (dots > 0) {
		if (classes & LEDE__WORD_ABBREV_NEVER)
			return 0;
		ambiguous = 1; /* U.S., a.m., D.C. */
	} else if (letters == 1 && lede__char_is_upper(s->p[begin])) {
		ambiguous = 1; /* an initial: J. R. R. Tolkien */
	} else if (classes & LEDE__WORD_ABBREV_NEVER) {
		if ((strcmp(word, "no") == 0 || strcmp(word, "nos") == 0) &&
		    !(next_cp >= '0' && next_cp <= '9'))
			return 1;
		return 0;
	} else if (classes & LEDE__WORD_ABBREV_AMBIG) {
		ambiguous = 1;
	}
	if (!ambiguous)
		return 1;
	if (next_cp >= '0' && next_cp <= '9')
		return 0;
	if (is_opener(next_cp))
		return 1;
	return starts_sentence(s, next);
}

/*
 * Handles the terminator at p[i] (code point cp of n bytes): returns the end
 * of the sentence (after any closing quotes) when it ends one, else 0.
 */
static size_t terminator_end(const splitter *s, size_t i, uint32_t cp, size_t n)
{
	size_t j = i + n, k;
	uint32_t c = 0, next_cp;
	int ellipsis = cp == 0x2026, closed_quote = 0, quote;
	size_t periods = cp == '.';

	while (j < s->len) {
		size_t m = lede__char_at(s->p, s->len, j, &c);

		if (!is_terminator(c))
			break;
		if (c == '.')
			periods++;
		if (c == 0x2026)
			ellipsis = 1;
		j += m;
	}
	if (periods >= 2)
		ellipsis = 1;
	while (j < s->len) {
		size_t m = lede__char_at(s->p, s->len, j, &c);

		if (!is_closer(c, &quote))
			break;
		closed_quote |= quote;
		j += m;
	}
	if (j >= s->len)
		return j;
	lede__char_at(s->p, s->len, j, &c);
	if (!lede__char_is_space(c))
		return 0; /* 3.5, U.S.-based, example.com, ?!" glued to a word */
	k = j;
	while (k < s->len) {
		size_t m = lede__char_at(s->p, s->len, k, &next_cp);

		if (!lede__char_is_space(next_cp))
			break;
		k += m;
	}
	if (k >= s->len)
		return j;
	lede__char_at(s->p, s->len, k, &next_cp);
	if (lede__char_is_lower(next_cp))
		return 0; /* `...?" he asked`, `approx. five` */
	if (cp == '.' && !ellipsis && periods == 1 && !period_ends(s, i, k, next_cp))
		return 0;
	if (closed_quote && lede__char_is_upper(next_cp) && attribution_follows(s, k))
		return 0;
	return j;
}

/* 1 when the line break at p[i] is followed by a blank line (only spaces before the next \n). */
static int blank_line_follows(const splitter *s, size_t i)
{
	size_t j;

	for (j = i + 1; j < s->len; j++) {
		unsigned char c = s->p[j];

		if (c == '\n')
			return 1;
		if (c != ' ' && c != '\t' && c != '\r' && c != '\f' && c != '\v')
			return 0;
	}
	return 0;
}

int lede__sentences_split(lede__sentences *out, lede__arena *arena, const char *text, size_t len)
{
	splitter s = {(const unsigned char *)text, len, arena, NULL, 0, 0, 0, 0};
	size_t i = 0, start = 0;
	int open = 0, rc;

	out->items = NULL;
	out->count = 0;
	if (len >= UINT32_MAX)
		return lede__error(LEDE_ETOOBIG, "text of %zu bytes is too long to split", len);
	while (i < len) {
		uint32_t cp;
		size_t n = lede__char_at(s.p, len, i, &cp);

		if (cp == '\n') {
			if (blank_line_follows(&s, i)) {
				if (open && (rc = emit(&s, start, i, 0)) != 0)
					return rc;
				open = 0;
				if (s.paragraph_used) {
					s.paragraph++;
					s.paragraph_used = 0;
				}
			} else if (open) {
				size_t k = i + 1;
				uint32_t next = 0;

				while (k < len) {
					size_t m = lede__char_at(s.p, len, k, &next);

					if (!lede__char_is_space(next))
						break;
					k += m;
				}
				if (k >= len || !lede__char_is_lower(next)) {
					if ((rc = emit(&s, start, i, 0)) != 0)
						return rc;
					open = 0;
				}
			}
			i += n;
			continue;
		}
		if (!open) {
			if (lede__char_is_space(cp)) {
				i += n;
				continue;
			}
			start = i;
			open = 1;
		}
		if (is_terminator(cp)) {
			size_t end = terminator_end(&s, i, cp, n);

			if (end) {
				if ((rc = emit(&s, start, end, LEDE__SENTENCE_TERMINATED)) != 0)
					return rc;
				open = 0;
				i = end;
				continue;
			}
		}
		i += n;
	}
	if (open && (rc = emit(&s, start, len, 0)) != 0)
		return rc;
	out->items = s.items;
	out->count = s.count;
	return 0;
}

size_t lede__sentences_find(const lede__sentences *sentences, uint32_t offset)
{
	size_t low = 0, high = sentences->count;

	/* The last sentence whose start is at or before `offset`. */
	while (low < high) {
		size_t middle = low + (high - low) / 2;

		if (sentences->items[middle].start <= offset)
			low = middle + 1;
		else
			high = middle;
	}
	return low ? low - 1 : 0;
}
