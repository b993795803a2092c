#include "summary.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "text/chars.h"
#include "text/sentences.h"
#include "text/tokens.h"
#include "util/error.h"
#include "util/hash.h"

enum {
	MAX_TOKENS_PER_SENTENCE = 160, /* more than max_sentence_words allows anyway */
	MAX_DOCUMENT_BYTES = 2 << 20,  /* of each text: longer ones are no articles */
	MAX_DOCUMENTS_HARD = 4096,
	MAX_WORDS_HARD = 100000
};

/* One sentence of one document, as the selection sees it. */
typedef struct unit {
	uint32_t document;
	uint32_t position;  /* rank among the document's kept sentences */
	uint32_t start, end;
	uint32_t words;
	uint32_t token_count;
	uint64_t *tokens;   /* hash of each token's stem; the low bit set for stopwords */
	uint32_t *concepts; /* sorted ids of its content stems and stem pairs */
	uint32_t concept_count;
	uint32_t *stems;    /* sorted ids of its content stems alone (for support) */
	uint32_t stem_count;
	double prior;       /* position prior */
	uint8_t junk;
	uint8_t quoted;     /* holds a double quotation mark */
	uint8_t chosen;
} unit;

/* Open addressing from a concept's 64-bit hash to a dense id. */
typedef struct concept_table {
	uint64_t *keys; /* 0: empty slot */
	uint32_t *ids;
	size_t mask;
	uint32_t count;
} concept_table;

/*
 * Stems by word: the hash of a folded word to the hash of its stem (low bit
 * set for stopwords), so that each distinct word is stemmed once.
 */
typedef struct stem_cache {
	uint64_t *words; /* 0: empty slot */
	uint64_t *stems;
	size_t mask;
	size_t count;
} stem_cache;

typedef struct summarizer {
	const lede__summary_options *options;
	const lede__summary_document *documents;
	size_t document_count;
	lede__arena scratch; /* everything but the result */
	lede__stemmer *stemmer;
	stem_cache stems;
	unit *units;
	size_t unit_count, unit_cap;
	unit *titles;        /* one pseudo-sentence per document title; never chosen */
	concept_table table;
	double *weight;
	uint32_t *documents_with; /* documents carrying each concept */
	uint32_t *last_document;  /* 1 + the last document counted in documents_with */
	double *specificity;      /* of each content stem: log(sentences / sentences carrying it) */
	uint8_t *is_pair;
	uint8_t *covered;
	uint8_t boilerplate_first[129]; /* index of boilerplate[] by first byte */
} summarizer;

void lede__summary_options_default(lede__summary_options *options)
{
	options->max_words = 120;
	options->max_documents = 256;
	options->max_sentences_per_document = 200;
	options->max_sentences = 4000;
	options->min_sentence_words = 6;
	options->max_sentence_words = 70;
	options->position_scale = 6.0;
	options->relative_position = 0.1;
	options->document_exponent = 1.0;
	options->bigram_weight = 1.0;
	options->length_exponent = 1.0;
	options->lead_bonus = 0.5;
	options->quote_bonus = 0.5;
	options->support_overlap = 0.5;
	options->support_share_of_other = 0.25;
	options->support_min_shared = 3;
}

/* ------------------------------------------------------------ junk */

/*
 * Page furniture that slips into article text: share and follow buttons,
 * captions and photo credits, video players, crawl notices, contributor
 * lines, links.  Matched anywhere in the ASCII-lowercased sentence.  Sorted
 * by bytes, so that the phrases starting with one byte are consecutive.
 */
static const char *const boilerplate[] = {
	"(photo", "(video", ".com/", "@", "all rights reserved", "ap photo", "autoplay",
	"click here", "click to", "comments are", "continue reading", "contributed reporting",
	"contributed to this report", "cookie policy", "copy this code", "download our app",
	"email this", "embed code", "follow her on", "follow him on", "follow us", "getty images",
	"http:", "https:", "image caption", "image copyright", "javascript", "leave a comment",
	"listen:", "location history", "media caption", "media playback", "more:",
	"originally appeared", "originally published", "photo by", "photo/", "photo:",
	"photograph:", "print this", "privacy policy", "read more", "recommended:", "related:",
	"share this", "sign in to", "sign up for", "sign up to", "skip to", "subscribe now",
	"terms of service", "the seed for", "this article was", "this crawl", "this page",
	"this story was", "tweet with a location", "use cookies", "video:", "warc files", "watch:",
	"wayback machine", "www.", "you may also like", "your browser", "your tweets",
};

enum { BOILERPLATE_PHRASES = sizeof(boilerplate) / sizeof(boilerplate[0]) };

/* first[c]..first[c + 1]: the phrases of boilerplate[] that start with byte c (ASCII). */
static void index_boilerplate(uint8_t first[129])
{
	size_t c, k = 0;

	for (c = 0; c <= 128; c++) {
		while (k < BOILERPLATE_PHRASES && (unsigned char)boilerplate[k][0] < c)
			k++;
		first[c] = (uint8_t)k;
	}
}

/*
 * 1 when the lowercased text holds one of boilerplate[]: one pass over the
 * text, trying at each byte only the phrases that start with it.
 */
static int has_boilerplate(const uint8_t first[129], const char *lower)
{
	const unsigned char *p;
	size_t k;

	for (p = (const unsigned char *)lower; *p; p++) {
		if (*p >= 0x80)
			continue;
		for (k = first[*p]; k < first[*p + 1]; k++) {
			const char *phrase = boilerplate[k];
			size_t i = 1;

			while (phrase[i] && (char)p[i] == phrase[i])
				i++;
			if (!phrase[i])
				return 1;
		}
	}
	return 0;
}

/* Openings of time stamps, tags and credits. */
static const char *const junk_openings[] = {
	"updated ", "posted ", "published ", "last updated", "last modified", "filed under",
	"tags:", "source:", "credit:", "caption:", "see also", "also on", "more on", "advertisement",
};

/* The text in ASCII lower case (other bytes kept), NUL-terminated. */
static char *lower_copy(lede__arena *arena, const char *s, size_t len)
{
	char *out = lede__arena_alloc(arena, len + 1);
	size_t i;

	if (!out)
		return NULL;
	for (i = 0; i < len; i++)
		out[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] | 0x20) : s[i];
	out[len] = '\0';
	return out;
}

static int starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/*
 * 1 when the sentence is not prose a summary could use: unterminated (a
 * heading, caption, menu or list line), too short or too long, page
 * furniture, a byline, with fewer than three lower-case words or mostly
 * capitalized (headings, name lists, captions).  These stand in for a test
 * of verbs, which on news text sets aside real sentences ("The court upheld
 * the sentence."; docs/internals/summary.md).
 */
static int is_junk(const summarizer *z, const char *lower, const lede__sentence *s, uint32_t words,
		   const lede__tokens *tokens)
{
	const lede__summary_options *o = z->options;
	size_t i, lower_words = 0, capital_words = 0, letter_words = 0;

	if (!(s->flags & LEDE__SENTENCE_TERMINATED))
		return 1;
	if (words < o->min_sentence_words || words > o->max_sentence_words)
		return 1;
	if (has_boilerplate(z->boilerplate_first, lower))
		return 1;
	for (i = 0; i < sizeof(junk_openings) / sizeof(junk_openings[0]); i++)
		if (starts_with(lower, junk_openings[i]))
			return 1;
	/* A byline: "By Jane Doe and John Roe." */
	if (starts_with(lower, "by ") && words < 10 && tokens->count > 1 &&
	    (tokens->items[1].flags & LEDE__TOKEN_CAPITALIZED))
		return 1;
	for (i = 0; i < tokens->count; i++) {
		const lede__token *t = &tokens->items[i];

		if (!(t->flags & LEDE__TOKEN_HAS_LETTER))
			continue;
		letter_words++;
		if (t->flags & (LEDE__TOKEN_CAPITALIZED | LEDE__TOKEN_ALL_CAPS))
			capital_words++;
		else
			lower_words++;
	}
	/* Prose has lower-case words; headings and name lists are mostly capitalized. */
	return lower_words < 3 || capital_words * 10 > letter_words * 6;
}

/* 1 when the text holds a double quotation mark: " “ ” « ». */
static int has_quote_mark(const char *s)
{
	return strchr(s, '"') || strstr(s, "\xE2\x80\x9C") || strstr(s, "\xE2\x80\x9D") ||
	       strstr(s, "\xC2\xAB") || strstr(s, "\xC2\xBB");
}

/* ------------------------------------------------------------ reading */

/* White-space separated words of p[start..end) (the budget's unit). */
static uint32_t count_words(const unsigned char *p, size_t start, size_t end)
{
	uint32_t words = 0;
	int in_word = 0;
	size_t i = start;

	while (i < end) {
		uint32_t cp;
		size_t n = lede__char_at(p, end, i, &cp);

		if (lede__char_is_space(cp)) {
			in_word = 0;
		} else if (!in_word) {
			in_word = 1;
			words++;
		}
		i += n;
	}
	return words;
}

static int stem_cache_grow(summarizer *z)
{
	stem_cache *c = &z->stems, grown;
	size_t i, size = c->mask ? 2 * (c->mask + 1) : 4096;

	grown.words = lede__arena_alloc(&z->scratch, size * sizeof(*grown.words));
	grown.stems = lede__arena_alloc(&z->scratch, size * sizeof(*grown.stems));
	if (!grown.words || !grown.stems)
		return lede__error_nomem();
	memset(grown.words, 0, size * sizeof(*grown.words));
	grown.mask = size - 1;
	grown.count = c->count;
	for (i = 0; c->mask && i <= c->mask; i++) {
		size_t k;

		if (!c->words[i])
			continue;
		for (k = (size_t)c->words[i] & grown.mask; grown.words[k]; k = (k + 1) & grown.mask)
			;
		grown.words[k] = c->words[i];
		grown.stems[k] = c->stems[i];
	}
	*c = grown; /* the old arrays stay in the arena until the end */
	return 0;
}

/* The hash of a folded word's stem, the low bit set for stopwords and one-letter words. */
static int stem_hash(summarizer *z, const lede__token *t, uint64_t *out)
{
	stem_cache *c = &z->stems;
	uint64_t word = lede__hash64(t->norm, t->norm_len), h;
	const char *stem = t->norm;
	size_t k, stem_len = t->norm_len;
	int stop = 0, rc;

	if (word == 0)
		word = 1;
	if (c->mask)
		for (k = (size_t)word & c->mask; c->words[k]; k = (k + 1) & c->mask)
			if (c->words[k] == word) {
				*out = c->stems[k];
				return 0;
			}
	if (t->kind == LEDE__TOKEN_WORD) {
		stop = t->norm_len < 2 || lede__is_stopword(t->norm, t->norm_len);
		if (!stop)
			stem = lede__stem(z->stemmer, t->norm, t->norm_len, &stem_len);
	}
	h = lede__hash64(stem, stem_len);
	h = stop ? (h | 1) : (h & ~(uint64_t)1);
	if (2 * (c->count + 1) > c->mask && (rc = stem_cache_grow(z)) != 0)
		return rc;
	for (k = (size_t)word & c->mask; c->words[k]; k = (k + 1) & c->mask)
		;
	c->words[k] = word;
	c->stems[k] = h;
	c->count++;
	*out = h;
	return 0;
}

/* The stem hash of each token of a unit. */
static int hash_tokens(summarizer *z, unit *u, const lede__token *tokens, size_t count)
{
	size_t i;
	int rc;

	u->tokens = lede__arena_alloc(&z->scratch, (count ? count : 1) * sizeof(*u->tokens));
	if (!u->tokens)
		return lede__error_nomem();
	for (i = 0; i < count; i++)
		if ((rc = stem_hash(z, &tokens[i], &u->tokens[i])) != 0)
			return rc;
	u->token_count = (uint32_t)count;
	return 0;
}

static int add_unit(summarizer *z, unit **out)
{
	if (z->unit_count == z->unit_cap) {
		size_t cap = z->unit_cap ? z->unit_cap * 2 : 256;
		unit *grown = lede__arena_alloc(&z->scratch, cap * sizeof(*grown));

		if (!grown)
			return lede__error_nomem();
		if (z->unit_count)
			memcpy(grown, z->units, z->unit_count * sizeof(*grown));
		z->units = grown;
		z->unit_cap = cap;
	}
	*out = &z->units[z->unit_count++];
	memset(*out, 0, sizeof(**out));
	return 0;
}

/*
 * The sentences of document d as units: junk set aside, the stems of the
 * others hashed.  The document is tokenized once; each sentence takes the
 * tokens inside its span.  Sentences, tokens and lower-case copies live in
 * `temporary`; *kept gets the number of kept sentences.
 */
static int read_sentences(summarizer *z, size_t d, lede__arena *temporary, uint32_t *kept)
{
	const lede__summary_document *doc = &z->documents[d];
	const lede__summary_options *o = z->options;
	lede__sentences sentences;
	lede__tokens tokens;
	size_t i, next = 0, len = doc->text_len < MAX_DOCUMENT_BYTES ? doc->text_len : MAX_DOCUMENT_BYTES;
	int rc;

	if ((rc = lede__sentences_split(&sentences, temporary, doc->text, len)) != 0)
		return rc;
	if (sentences.count > o->max_sentences_per_document)
		sentences.count = o->max_sentences_per_document;
	if (sentences.count == 0)
		return 0;
	if ((rc = lede__tokenize(&tokens, temporary, doc->text, sentences.items[sentences.count - 1].end, 0)) != 0)
		return rc;
	for (i = 0; i < sentences.count && z->unit_count < o->max_sentences; i++) {
		const lede__sentence *s = &sentences.items[i];
		lede__tokens own;
		char *lower;
		unit *u = NULL;

		/* The tokens inside the sentence (sentences and tokens both in text order). */
		while (next < tokens.count && tokens.items[next].start < s->start)
			next++;
		own.items = tokens.items + next;
		own.count = 0;
		while (next + own.count < tokens.count && tokens.items[next + own.count].end <= s->end &&
		       own.count < MAX_TOKENS_PER_SENTENCE)
			own.count++;
		if (!(lower = lower_copy(temporary, doc->text + s->start, s->end - s->start)))
			return lede__error_nomem();
		if ((rc = add_unit(z, &u)) != 0)
			return rc;
		u->document = (uint32_t)d;
		u->start = s->start;
		u->end = s->end;
		u->words = count_words((const unsigned char *)doc->text, s->start, s->end);
		u->junk = (uint8_t)is_junk(z, lower, s, u->words, &own);
		u->quoted = (uint8_t)has_quote_mark(lower);
		u->position = *kept;
		if (u->junk)
			continue;
		(*kept)++;
		if ((rc = hash_tokens(z, u, own.items, own.count)) != 0)
			return rc;
	}
	return 0;
}

/* Reads document d: its title, its sentences, and their position priors. */
static int read_document(summarizer *z, size_t d)
{
	const lede__summary_document *doc = &z->documents[d];
	const lede__summary_options *o = z->options;
	lede__arena temporary;
	uint32_t kept = 0;
	size_t i, first = z->unit_count;
	double scale;
	int rc = 0;

	lede__arena_init(&temporary);
	if (doc->title && doc->title[0]) {
		unit *title = &z->titles[d];
		lede__tokens tokens;

		title->document = (uint32_t)d;
		title->prior = 1.0;
		rc = lede__tokenize(&tokens, &temporary, doc->title, strlen(doc->title), MAX_TOKENS_PER_SENTENCE);
		if (rc == 0)
			rc = hash_tokens(z, title, tokens.items, tokens.count);
	}
	if (rc == 0 && doc->text && doc->text_len)
		rc = read_sentences(z, d, &temporary, &kept);
	lede__arena_free(&temporary);
	if (rc != 0)
		return rc;
	scale = o->position_scale + o->relative_position * kept;
	if (scale <= 0)
		scale = 1e-9;
	for (i = first; i < z->unit_count; i++)
		z->units[i].prior = 1.0 / (1.0 + z->units[i].position / scale);
	return 0;
}

/* ------------------------------------------------------------ concepts */

/* Doubles the concept table (or makes its first one). */
static int table_grow(summarizer *z)
{
	concept_table *t = &z->table, grown;
	size_t i, size = t->mask ? 2 * (t->mask + 1) : 4096;

	grown.keys = lede__arena_alloc(&z->scratch, size * sizeof(*grown.keys));
	grown.ids = lede__arena_alloc(&z->scratch, size * sizeof(*grown.ids));
	if (!grown.keys || !grown.ids)
		return lede__error_nomem();
	memset(grown.keys, 0, size * sizeof(*grown.keys));
	grown.mask = size - 1;
	grown.count = t->count;
	for (i = 0; t->mask && i <= t->mask; i++) {
		size_t k;

		if (!t->keys[i])
			continue;
		for (k = (size_t)(t->keys[i] >> 7) & grown.mask; grown.keys[k]; k = (k + 1) & grown.mask)
			;
		grown.keys[k] = t->keys[i];
		grown.ids[k] = t->ids[i];
	}
	*t = grown; /* the old arrays stay in the arena until the end */
	return 0;
}

/* The id of concept `key` (never 0), added when new. */
static int table_id(summarizer *z, uint64_t key, uint32_t *out)
{
	concept_table *t = &z->table;
	size_t i;
	int rc;

	if (2 * ((size_t)t->count + 1) > t->mask && (rc = table_grow(z)) != 0)
		return rc;
	for (i = (size_t)(key >> 7) & t->mask;; i = (i + 1) & t->mask) {
		if (t->keys[i] == key) {
			*out = t->ids[i];
			return 0;
		}
		if (t->keys[i] == 0) {
			t->keys[i] = key;
			t->ids[i] = t->count++;
			*out = t->ids[i];
			return 0;
		}
	}
}

static int compare_ids(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Sorts ids and drops repeats; returns how many are left.  Insertion sort: sentences are short. */
static uint32_t sort_unique(uint32_t *ids, uint32_t n)
{
	uint32_t i, out = 0;

	if (n == 0)
		return 0;
	if (n > 64) {
		qsort(ids, n, sizeof(*ids), compare_ids);
	} else {
		for (i = 1; i < n; i++) {
			uint32_t id = ids[i], j = i;

			for (; j > 0 && ids[j - 1] > id; j--)
				ids[j] = ids[j - 1];
			ids[j] = id;
		}
	}
	for (i = 0; i < n; i++)
		if (out == 0 || ids[out - 1] != ids[i])
			ids[out++] = ids[i];
	return out;
}

/*
 * A unit's concepts: its content stems, and its pairs of adjacent stems that
 * are not both stopwords.  Keys of pairs have bit 1 set, of stems not (bit
 * 0 marks stopwords, which are no concepts of their own).
 */
static int unit_concepts(summarizer *z, unit *u)
{
	uint32_t i, n = 0, m = 0, id;
	int rc;

	u->concepts = lede__arena_alloc(&z->scratch, (2 * (size_t)u->token_count + 1) * sizeof(*u->concepts));
	u->stems = lede__arena_alloc(&z->scratch, ((size_t)u->token_count + 1) * sizeof(*u->stems));
	if (!u->concepts || !u->stems)
		return lede__error_nomem();
	for (i = 0; i < u->token_count; i++) {
		uint64_t h = u->tokens[i];

		if (!(h & 1)) {
			uint64_t key = h & ~(uint64_t)3;

			if ((rc = table_id(z, key ? key : 4, &id)) != 0)
				return rc;
			u->concepts[n++] = id;
			u->stems[m++] = id;
		}
		if (i + 1 < u->token_count && !((h & 1) && (u->tokens[i + 1] & 1))) {
			/* An ordered pair: the two hashes mixed asymmetrically (SplitMix64's finalizer). */
			uint64_t pair = (h * 0x9E3779B97F4A7C15ull) ^ (u->tokens[i + 1] + 0x632BE59BD9B4E019ull);

			pair = (pair ^ (pair >> 31)) * 0xBF58476D1CE4E5B9ull;
			pair ^= pair >> 27;
			if ((rc = table_id(z, pair | 2, &id)) != 0)
				return rc;
			u->concepts[n++] = id;
		}
	}
	u->concept_count = sort_unique(u->concepts, n);
	u->stem_count = sort_unique(u->stems, m);
	return 0;
}

static void *zeroed(lede__arena *arena, size_t size)
{
	void *p = lede__arena_alloc(arena, size ? size : 1);

	if (p)
		memset(p, 0, size ? size : 1);
	return p;
}

/*
 * Concept weights: the position priors of the sentences carrying them,
 * times the documents' spread.  And the specificity of each content stem,
 * an inverse sentence frequency within the story, for support: the story's
 * own subject, named in most sentences, says little about whether two
 * sentences carry the same content.
 */
static int weigh_concepts(summarizer *z)
{
	const lede__summary_options *o = z->options;
	size_t i, count, sentences = 0;
	uint32_t k;
	int rc;

	for (i = 0; i < z->unit_count + z->document_count; i++) {
		unit *u = i < z->unit_count ? &z->units[i] : &z->titles[i - z->unit_count];

		if (!u->junk && u->token_count && (rc = unit_concepts(z, u)) != 0)
			return rc;
	}
	count = z->table.count;
	z->covered = zeroed(&z->scratch, count);
	z->is_pair = zeroed(&z->scratch, count);
	z->weight = zeroed(&z->scratch, count * sizeof(*z->weight));
	z->specificity = zeroed(&z->scratch, count * sizeof(*z->specificity));
	z->documents_with = zeroed(&z->scratch, count * sizeof(*z->documents_with));
	z->last_document = zeroed(&z->scratch, count * sizeof(*z->last_document));
	if (!z->covered || !z->is_pair || !z->weight || !z->specificity || !z->documents_with || !z->last_document)
		return lede__error_nomem();
	for (i = 0; z->table.mask && i <= z->table.mask; i++)
		if (z->table.keys[i] & 2)
			z->is_pair[z->table.ids[i]] = 1;
	for (i = 0; i < z->unit_count + z->document_count; i++) {
		const unit *u = i < z->unit_count ? &z->units[i] : &z->titles[i - z->unit_count];

		if (u->junk || !u->concepts)
			continue;
		for (k = 0; k < u->concept_count; k++) {
			uint32_t c = u->concepts[k];

			z->weight[c] += u->prior;
			if (z->last_document[c] != u->document + 1) {
				z->last_document[c] = u->document + 1;
				z->documents_with[c]++;
			}
		}
		if (i < z->unit_count) {
			sentences++;
			for (k = 0; k < u->stem_count; k++)
				z->specificity[u->stems[k]] += 1;
		}
	}
	for (i = 0; i < count; i++) {
		double spread = o->document_exponent == 1.0 ? (double)z->documents_with[i] :
			pow((double)z->documents_with[i], o->document_exponent);

		z->weight[i] *= spread * (z->is_pair[i] ? o->bigram_weight : 1.0);
		if (z->specificity[i] > 0)
			z->specificity[i] = log((sentences + 1.0) / z->specificity[i]);
	}
	return 0;
}

/* ------------------------------------------------------------ selection */

static double uncovered_weight(const summarizer *z, const unit *u)
{
	double gain = 0;
	uint32_t k;

	for (k = 0; k < u->concept_count; k++)
		if (!z->covered[u->concepts[k]])
			gain += z->weight[u->concepts[k]];
	return gain;
}

static int candidate(const unit *u)
{
	return !u->junk && u->concept_count > 0;
}

/*
 * The budgeted greedy algorithm (Lin & Bilmes 2010, with the bonuses of
 * summary.h).  Densities are divided by the mean density of all candidates
 * before the first step, so that the bonuses mean the same in every story.
 * Sets *chosen to the number of sentences chosen; returns 0 or LEDE_ENOMEM.
 */
static int select_sentences(summarizer *z, size_t budget, size_t *chosen)
{
	const lede__summary_options *o = z->options;
	double *cost = lede__arena_alloc(&z->scratch, (z->unit_count ? z->unit_count : 1) * sizeof(*cost));
	double mean = 0;
	size_t i, candidates = 0, left = budget;

	*chosen = 0;
	if (!cost)
		return lede__error_nomem();
	for (i = 0; i < z->unit_count; i++) {
		const unit *u = &z->units[i];

		cost[i] = pow((double)(u->words ? u->words : 1), o->length_exponent);
		if (!candidate(u))
			continue;
		mean += uncovered_weight(z, u) / cost[i];
		candidates++;
	}
	if (candidates == 0)
		return 0;
	mean = mean > 0 ? mean / (double)candidates : 1.0;
	for (;;) {
		unit *best = NULL;
		double best_score = 0;

		for (i = 0; i < z->unit_count; i++) {
			unit *u = &z->units[i];
			double gain, score;

			if (!candidate(u) || u->chosen || u->words > left)
				continue;
			gain = uncovered_weight(z, u);
			if (gain <= 0)
				continue; /* says nothing new */
			score = gain / cost[i] / mean + o->lead_bonus * u->prior + o->quote_bonus * u->quoted;
			if (!best || score > best_score) {
				best = u;
				best_score = score;
			}
		}
		if (!best)
			break;
		best->chosen = 1;
		(*chosen)++;
		left -= best->words;
		for (i = 0; i < best->concept_count; i++)
			z->covered[best->concepts[i]] = 1;
	}
	return 0;
}

/* ------------------------------------------------------------ support and output */

/*
 * The share of u's content that v carries, when v carries it (summary.h),
 * else 0: shared content stems weighted by their specificity over u's own.
 */
static double carried(const summarizer *z, const unit *u, const unit *v)
{
	uint32_t i = 0, j = 0, shared = 0;
	double total = 0, other = 0, common = 0;

	if (u->stem_count == 0 || v->stem_count == 0)
		return 0;
	for (i = 0; i < u->stem_count; i++)
		total += z->specificity[u->stems[i]];
	for (j = 0; j < v->stem_count; j++)
		other += z->specificity[v->stems[j]];
	j = 0;
	for (i = 0; i < u->stem_count && j < v->stem_count;) {
		if (u->stems[i] == v->stems[j]) {
			shared++;
			common += z->specificity[u->stems[i]];
			i++;
			j++;
		} else if (u->stems[i] < v->stems[j]) {
			i++;
		} else {
			j++;
		}
	}
	/* Fewer shared stems than support_min_shared: only the same sentence. */
	if (shared < z->options->support_min_shared && !(shared == u->stem_count && shared == v->stem_count))
		return 0;
	if (total <= 0 || common < z->options->support_overlap * total ||
	    common < z->options->support_share_of_other * other)
		return 0;
	return common / total;
}

static int same_outlet(const char *a, const char *b)
{
	return a && b && a[0] && strcasecmp(a, b) == 0;
}

/* The documents carrying u's content, each with its sentence that carries the most of it. */
static int fill_support(summarizer *z, lede__arena *arena, const unit *u, lede__summary_sentence *out)
{
	lede__summary_support *support = lede__arena_alloc(arena, z->document_count * sizeof(*support));
	size_t n = 0, i, k;

	if (!support)
		return lede__error_nomem();
	for (i = 0; i < z->unit_count; i++) {
		const unit *v = &z->units[i];
		double overlap;

		if (v->junk)
			continue;
		overlap = v == u ? 1.0 : v->document == u->document ? 0 : carried(z, u, v);
		if (overlap <= 0)
			continue;
		/* Units come document by document: extend the last entry or start one. */
		if (n > 0 && support[n - 1].document == v->document) {
			if (overlap > support[n - 1].overlap) {
				support[n - 1].start = v->start;
				support[n - 1].end = v->end;
				support[n - 1].overlap = overlap;
			}
			continue;
		}
		support[n].document = v->document;
		support[n].id = z->documents[v->document].id;
		support[n].start = v->start;
		support[n].end = v->end;
		support[n].overlap = overlap;
		n++;
	}
	out->support = support;
	out->support_count = n;
	out->outlets = 0;
	for (i = 0; i < n; i++) {
		const char *outlet = z->documents[support[i].document].outlet;
		int seen = 0;

		for (k = 0; k < i && !seen; k++)
			seen = same_outlet(outlet, z->documents[support[k].document].outlet);
		out->outlets += !seen;
	}
	return 0;
}

/* text[start..end) with each run of white space as one space, NUL-terminated. */
static char *flatten(lede__arena *arena, const char *text, uint32_t start, uint32_t end)
{
	const unsigned char *p = (const unsigned char *)text;
	char *out = lede__arena_alloc(arena, (size_t)(end - start) + 1);
	size_t i = start, n = 0;
	int space = 0;

	if (!out)
		return NULL;
	while (i < end) {
		uint32_t cp;
		size_t len = lede__char_at(p, end, i, &cp);

		if (lede__char_is_space(cp)) {
			space = 1;
		} else {
			if (space && n > 0)
				out[n++] = ' ';
			space = 0;
			memcpy(out + n, text + i, len);
			n += len;
		}
		i += len;
	}
	out[n] = '\0';
	return out;
}

typedef struct reading_key {
	const unit *u;
	int64_t published;
} reading_key;

/* Reading order: leads first (position in the article), then earlier articles, then input order. */
static int compare_reading(const void *a, const void *b)
{
	const reading_key *x = a, *y = b;

	if (x->u->position != y->u->position)
		return x->u->position < y->u->position ? -1 : 1;
	if (x->published && y->published && x->published != y->published)
		return x->published < y->published ? -1 : 1;
	if (x->u->document != y->u->document)
		return x->u->document < y->u->document ? -1 : 1;
	return 0;
}

static int emit(summarizer *z, lede__summary *out, lede__arena *arena, size_t chosen)
{
	reading_key *keys = lede__arena_alloc(&z->scratch, chosen * sizeof(*keys));
	lede__summary_sentence *items = lede__arena_alloc(arena, chosen * sizeof(*items));
	size_t i, n = 0;
	int rc;

	if (!keys || !items)
		return lede__error_nomem();
	for (i = 0; i < z->unit_count && n < chosen; i++)
		if (z->units[i].chosen) {
			keys[n].u = &z->units[i];
			keys[n].published = z->documents[z->units[i].document].published;
			n++;
		}
	qsort(keys, n, sizeof(*keys), compare_reading);
	for (i = 0; i < n; i++) {
		const unit *u = keys[i].u;
		lede__summary_sentence *s = &items[i];

		memset(s, 0, sizeof(*s));
		if (!(s->text = flatten(arena, z->documents[u->document].text, u->start, u->end)))
			return lede__error_nomem();
		s->document = u->document;
		s->document_id = z->documents[u->document].id;
		s->start = u->start;
		s->end = u->end;
		s->position = u->position;
		s->words = u->words;
		if ((rc = fill_support(z, arena, u, s)) != 0)
			return rc;
		out->words += u->words;
	}
	out->items = items;
	out->count = n;
	return 0;
}

int lede__summarize(lede__summary *out, lede__arena *arena, const lede__summary_document *documents,
		    size_t count, const lede__summary_options *options)
{
	lede__summary_options defaults;
	summarizer z;
	size_t d, chosen;
	int rc = 0;

	out->items = NULL;
	out->count = 0;
	out->words = 0;
	if (!documents && count)
		return lede__error(LEDE_EINVAL, "a summary of %zu documents without the documents", count);
	if (!options) {
		lede__summary_options_default(&defaults);
		options = &defaults;
	}
	memset(&z, 0, sizeof(z));
	z.options = options;
	z.documents = documents;
	z.document_count = count;
	index_boilerplate(z.boilerplate_first);
	if (z.document_count > options->max_documents)
		z.document_count = options->max_documents;
	if (z.document_count > MAX_DOCUMENTS_HARD)
		z.document_count = MAX_DOCUMENTS_HARD;
	lede__arena_init(&z.scratch);
	if (z.document_count == 0 || options->max_words == 0)
		goto cleanup;
	if ((rc = lede__stemmer_new(&z.stemmer)) != 0)
		goto cleanup;
	z.titles = lede__arena_alloc(&z.scratch, z.document_count * sizeof(*z.titles));
	if (!z.titles) {
		rc = lede__error_nomem();
		goto cleanup;
	}
	memset(z.titles, 0, z.document_count * sizeof(*z.titles));
	for (d = 0; d < z.document_count; d++)
		if ((rc = read_document(&z, d)) != 0)
			goto cleanup;
	if ((rc = weigh_concepts(&z)) != 0)
		goto cleanup;
	if ((rc = select_sentences(&z, options->max_words < MAX_WORDS_HARD ? options->max_words : MAX_WORDS_HARD,
				   &chosen)) != 0)
		goto cleanup;
	if (chosen && (rc = emit(&z, out, arena, chosen)) != 0)
		goto cleanup;
cleanup:
	if (rc != 0) {
		out->items = NULL;
		out->count = 0;
		out->words = 0;
	}
	lede__stemmer_free(z.stemmer);
	lede__arena_free(&z.scratch);
	return rc;
}
