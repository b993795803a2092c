#include "summary.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "text/chars.h"
#include "text/sentences.h"
#include "text/tokens.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/hash.h"

enum {
	MAX_TOKENS_PER_SENTENCE = 160,
	MAX_DOCUMENTS_HARD = 4096,
	MAX_WORDS_HARD = 100000,
	MAX_REPEAT = 15
};

/* One sentence of one document, as the selection sees it. */
typedef struct unit {
	uint32_t document;
	uint32_t position; /* rank among the document's kept sentences */
	uint32_t start, end;
	uint32_t words;
	uint32_t token_count;
	uint64_t *tokens;   /* hash of each token's stem; the low bit set for stopwords */
	uint32_t *concepts; /* sorted ids of content stems and stem pairs */
	uint32_t concept_count;
	uint32_t *stems;    /* sorted ids of content stems alone (for support) */
	uint32_t stem_count;
	double prior;
	uint32_t others;    /* other documents carrying its content */
	uint32_t previous;  /* index+1 of the previous kept sentence of its document; 0 when none */
	uint8_t junk;
	uint8_t chosen;
	uint8_t quoted;     /* holds a double quotation mark */
} unit;

/* Open addressing from a concept's 64-bit hash to a dense id. */
typedef struct concept_table {
	uint64_t *keys;
	uint32_t *ids;
	size_t mask;
	uint32_t count;
} concept_table;

typedef struct summarizer {
	const lede__summary_options *options;
	const lede__summary_document *documents;
	size_t document_count;
	lede__arena scratch;
	lede__stemmer *stemmer;
	unit *units;
	size_t unit_count, unit_cap;
	unit *titles; /* one pseudo-sentence per document title (never chosen) */
	size_t token_total;
	concept_table table;
	double *weight;
	uint32_t *documents_with;
	uint32_t *last_document;
	uint8_t *is_pair;
	uint8_t *covered;   /* chosen sentences carrying each concept */
	double repeat[MAX_REPEAT + 1]; /* gain factor of a concept already covered k times */
} summarizer;

void lede__summary_options_default(lede__summary_options *options)
{
	options->max_words = 120;
	options->max_sentences_per_document = 200;
	options->max_sentences = 4000;
	options->max_documents = 256;
	options->min_sentence_words = 6;
	options->max_sentence_words = 70;
	options->min_unterminated_words = 12;
	options->position_scale = 3.0;
	options->bigram_weight = 1.0;
	options->document_exponent = 0.5;
	options->lead_bonus = 1.0;
	options->length_exponent = 1.0;
	options->support_overlap = 0.5;
	options->support_min_shared = 3;
	options->repeat_gain = 0.0;
	options->support_bonus = 0.0;
	options->relative_position = 0.0;
	options->adjacency_bonus = 0.0;
	options->quote_bonus = 0.0;
	options->min_density = 0.0;
}

/* ------------------------------------------------------------ junk */

/*
 * Phrases of page furniture that slip into article text: share and follow
 * buttons, captions and credits, video players, crawl notices, bylines and
 * time stamps.  Matched in the ASCII-lowercased sentence.
 */
static const char *const boilerplate[] = {
	"share this", "click here", "read more", "sign up for", "sign up to", "subscribe to",
	"subscribe now", "all rights reserved", "image copyright", "image caption", "media playback",
	"media caption", "photo:", "photo by", "photograph:", "(photo", "photo/", "ap photo",
	"getty images", "follow us", "follow him on", "follow her on", "privacy policy",
	"terms of use", "terms of service", "javascript", "your browser", "tweet with a location",
	"your tweets", "the seed for", "this crawl", "wayback machine", "warc files", "autoplay",
	"copy this code", "embed code", "log in", "sign in to", "leave a comment", "comments are",
	"email this", "print this", "skip to", "use cookies", "cookie policy", "advertisement", "download our app",
	"this article was", "this story was", "this page", "contributed to this report",
	"contributed reporting", "@", "http:", "https:", "www.", ".com/", "video:",
	"watch:", "listen:", "related:", "more:", "(video", "you may also like", "recommended:",
	"continue reading", "originally published", "originally appeared", "click to",
};

/* Openings of time stamps and bylines. */
static const char *const junk_openings[] = {
	"updated ", "posted ", "published ", "last updated", "last modified", "filed under",
	"tags:", "source:", "credit:", "caption:", "see also", "also on", "more on",
};

/* The sentence in ASCII lower case (other bytes kept), NUL-terminated, in the scratch arena. */
static char *lower_copy(lede__arena *arena, const char *s, size_t len)
{
	char *out = lede__arena_alloc(arena, len + 1);
	size_t i;

	if (!out)
		return NULL;
	for (i = 0; i < len; i++) {
		char c = s[i];

		out[i] = (c >= 'A' && c <= 'Z') ? (char)(c | 0x20) : c;
	}
	out[len] = '\0';
	return out;
}

static int starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/*
 * 1 when the sentence is not prose a summary could use: too short or too
 * long, an unterminated heading or caption line, mostly capitals, without
 * lower-case words, or page furniture (boilerplate[], junk_openings[]).
 */
static int is_junk(const summarizer *z, const char *lower, const lede__sentence *s, uint32_t words,
		   const lede__tokens *tokens)
{
	const lede__summary_options *o = z->options;
	size_t i, lower_words = 0, capital_words = 0, letters_words = 0;

	if (words < o->min_sentence_words || words > o->max_sentence_words)
		return 1;
	if (!(s->flags & LEDE__SENTENCE_TERMINATED) && words < o->min_unterminated_words)
		return 1;
	for (i = 0; i < sizeof(boilerplate) / sizeof(boilerplate[0]); i++)
		if (strstr(lower, boilerplate[i]))
			return 1;
	for (i = 0; i < sizeof(junk_openings) / sizeof(junk_openings[0]); i++)
		if (starts_with(lower, junk_openings[i]))
			return 1;
	/* A byline: "By Jane Doe and John Roe, Reuters". */
	if (starts_with(lower, "by ") && words < 10 && tokens->count > 1 &&
	    (tokens->items[1].flags & LEDE__TOKEN_CAPITALIZED))
		return 1;
	for (i = 0; i < tokens->count; i++) {
		const lede__token *t = &tokens->items[i];

		if (!(t->flags & LEDE__TOKEN_HAS_LETTER))
			continue;
		letters_words++;
		if (t->flags & (LEDE__TOKEN_CAPITALIZED | LEDE__TOKEN_ALL_CAPS))
			capital_words++;
		else
			lower_words++;
	}
	/* Prose has lower-case words; headings and name lists are mostly capitalized. */
	if (lower_words < 3 || capital_words * 10 > letters_words * 6)
		return 1;
	return 0;
}

/* 1 when the text holds a double quotation mark (straight, curly or guillemet). */
static int has_quote_mark(const char *s)
{
	return strchr(s, '"') || strstr(s, "\xE2\x80\x9C") || strstr(s, "\xE2\x80\x9D") ||
	       strstr(s, "\xC2\xAB") || strstr(s, "\xC2\xBB");
}

/* ------------------------------------------------------------ terms */

static uint32_t count_words(const unsigned char *p, size_t start, size_t end)
{
	uint32_t words = 0;
	int in_word = 0;
	size_t i = start;

	while (i < end) {
		uint32_t cp;
		size_t n = lede__char_at(p, end, i, &cp);

		if (lede__char_is_space(cp))
			in_word = 0;
		else if (!in_word) {
			in_word = 1;
			words++;
		}
		i += n;
	}
	return words;
}

/* Hashes of the stems of a sentence's tokens; stopwords get the low bit set. */
static int hash_tokens(summarizer *z, unit *u, const lede__tokens *tokens)
{
	size_t i;

	u->tokens = lede__arena_alloc(&z->scratch, (tokens->count ? tokens->count : 1) * sizeof(*u->tokens));
	if (!u->tokens)
		return lede__error_nomem();
	u->token_count = 0;
	for (i = 0; i < tokens->count; i++) {
		const lede__token *t = &tokens->items[i];
		const char *stem = t->norm;
		size_t stem_len = t->norm_len;
		int stop = 0;
		uint64_t h;

		if (t->kind == LEDE__TOKEN_WORD) {
			stop = lede__is_stopword(t->norm, t->norm_len) || t->norm_len < 2;
			if (!stop)
				stem = lede__stem(z->stemmer, t->norm, t->norm_len, &stem_len);
		}
		h = lede__hash64(stem, stem_len);
		u->tokens[u->token_count++] = stop ? (h | 1) : (h & ~(uint64_t)1);
	}
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

static double position_prior(double scale, uint32_t position)
{
	return 1.0 / (1.0 + (double)position / (scale > 0 ? scale : 1e-9));
}

/* Splits, filters and hashes the sentences of document d. */
static int read_document(summarizer *z, size_t d)
{
	const lede__summary_document *doc = &z->documents[d];
	const lede__summary_options *o = z->options;
	lede__sentences sentences;
	uint32_t kept = 0, previous = 0;
	size_t i, first = z->unit_count;
	double scale;
	int rc;

	if (!doc->text || doc->text_len == 0)
		return 0;
	if ((rc = lede__sentences_split(&sentences, &z->scratch, doc->text, doc->text_len)) != 0)
		return rc;
	for (i = 0; i < sentences.count && i < o->max_sentences_per_document; i++) {
		const lede__sentence *s = &sentences.items[i];
		uint32_t words = count_words((const unsigned char *)doc->text, s->start, s->end);
		lede__tokens tokens;
		char *lower;
		unit *u = NULL;

		if (z->unit_count >= o->max_sentences)
			break;
		if ((rc = lede__tokenize(&tokens, &z->scratch, doc->text + s->start, s->end - s->start,
					 MAX_TOKENS_PER_SENTENCE)) != 0)
			return rc;
		if (!(lower = lower_copy(&z->scratch, doc->text + s->start, s->end - s->start)))
			return lede__error_nomem();
		if ((rc = add_unit(z, &u)) != 0)
			return rc;
		u->document = (uint32_t)d;
		u->start = s->start;
		u->end = s->end;
		u->words = words;
		u->junk = (uint8_t)is_junk(z, lower, s, words, &tokens);
		u->quoted = (uint8_t)has_quote_mark(lower);
		u->position = kept;
		if (!u->junk) {
			u->previous = previous;
			previous = (uint32_t)z->unit_count;
			kept++;
		}
		if ((rc = hash_tokens(z, u, &tokens)) != 0)
			return rc;
		z->token_total += u->token_count;
	}
	scale = o->position_scale + o->relative_position * kept;
	for (i = first; i < z->unit_count; i++)
		z->units[i].prior = position_prior(scale, z->units[i].position);
	if (doc->title && doc->title[0]) {
		lede__tokens tokens;
		unit *t = &z->titles[d];

		if ((rc = lede__tokenize(&tokens, &z->scratch, doc->title, strlen(doc->title),
					 MAX_TOKENS_PER_SENTENCE)) != 0)
			return rc;
		t->document = (uint32_t)d;
		t->prior = 1.0;
		if ((rc = hash_tokens(z, t, &tokens)) != 0)
			return rc;
		z->token_total += t->token_count;
	}
	return 0;
}

static int table_init(summarizer *z)
{
	size_t size = 64;

	while (size < 4 * z->token_total + 64)
		size *= 2;
	z->table.keys = lede__arena_alloc(&z->scratch, size * sizeof(*z->table.keys));
	z->table.ids = lede__arena_alloc(&z->scratch, size * sizeof(*z->table.ids));
	if (!z->table.keys || !z->table.ids)
		return lede__error_nomem();
	memset(z->table.keys, 0, size * sizeof(*z->table.keys));
	z->table.mask = size - 1;
	z->table.count = 0;
	return 0;
}

/* The id of concept `key` (0 is reserved for empty slots, so keys are never 0). */
static uint32_t table_id(concept_table *t, uint64_t key)
{
	size_t i;

	if (key == 0)
		key = 1;
	for (i = (size_t)(key ^ (key >> 29)) & t->mask;; i = (i + 1) & t->mask) {
		if (t->keys[i] == key)
			return t->ids[i];
		if (t->keys[i] == 0) {
			t->keys[i] = key;
			t->ids[i] = t->count++;
			return t->ids[i];
		}
	}
}

static int compare_ids(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static uint32_t sort_unique(uint32_t *ids, uint32_t n)
{
	uint32_t i, out = 0;

	if (n == 0)
		return 0;
	qsort(ids, n, sizeof(*ids), compare_ids);
	for (i = 0; i < n; i++)
		if (out == 0 || ids[out - 1] != ids[i])
			ids[out++] = ids[i];
	return out;
}

/* Concepts of a unit: content stems (tag 0) and pairs of adjacent stems not both stopwords (tag 1). */
static int unit_concepts(summarizer *z, unit *u, uint8_t *pair_flags, size_t pair_cap)
{
	uint32_t i, n = 0, m = 0;

	u->concepts = lede__arena_alloc(&z->scratch, (2 * (size_t)u->token_count + 1) * sizeof(*u->concepts));
	u->stems = lede__arena_alloc(&z->scratch, ((size_t)u->token_count + 1) * sizeof(*u->stems));
	if (!u->concepts || !u->stems)
		return lede__error_nomem();
	for (i = 0; i < u->token_count; i++) {
		uint64_t h = u->tokens[i];
		uint32_t id;

		if (!(h & 1)) {
			id = table_id(&z->table, h);
			u->concepts[n++] = id;
			u->stems[m++] = id;
		}
		if (i + 1 < u->token_count && !((h & 1) && (u->tokens[i + 1] & 1))) {
			/* An ordered pair: mix the two hashes asymmetrically. */
			uint64_t pair = (h * 0x9E3779B97F4A7C15ull) ^ (u->tokens[i + 1] + 0x632BE59BD9B4E019ull);

			pair = (pair ^ (pair >> 31)) * 0xBF58476D1CE4E5B9ull;
			id = table_id(&z->table, pair);
			if (id < pair_cap)
				pair_flags[id] = 1;
			u->concepts[n++] = id;
		}
	}
	u->concept_count = sort_unique(u->concepts, n);
	u->stem_count = sort_unique(u->stems, m);
	return 0;
}

/* Concept weights: the position priors of the sentences carrying them, times a document-spread factor. */
static int weigh_concepts(summarizer *z)
{
	const lede__summary_options *o = z->options;
	size_t cap = 2 * z->token_total + 1, i, d;
	int rc;

	if ((rc = table_init(z)) != 0)
		return rc;
	z->is_pair = lede__arena_alloc(&z->scratch, cap);
	z->weight = lede__arena_alloc(&z->scratch, cap * sizeof(*z->weight));
	z->documents_with = lede__arena_alloc(&z->scratch, cap * sizeof(*z->documents_with));
	z->last_document = lede__arena_alloc(&z->scratch, cap * sizeof(*z->last_document));
	z->covered = lede__arena_alloc(&z->scratch, cap);
	if (!z->is_pair || !z->weight || !z->documents_with || !z->last_document || !z->covered)
		return lede__error_nomem();
	memset(z->is_pair, 0, cap);
	memset(z->weight, 0, cap * sizeof(*z->weight));
	memset(z->documents_with, 0, cap * sizeof(*z->documents_with));
	memset(z->last_document, 0, cap * sizeof(*z->last_document));
	memset(z->covered, 0, cap);
	for (i = 0; i < z->unit_count; i++) {
		unit *u = &z->units[i];

		if (u->junk)
			continue;
		if ((rc = unit_concepts(z, u, z->is_pair, cap)) != 0)
			return rc;
	}
	for (d = 0; d < z->document_count; d++) {
		unit *t = &z->titles[d];

		if (t->token_count && (rc = unit_concepts(z, t, z->is_pair, cap)) != 0)
			return rc;
	}
	for (i = 0; i < z->unit_count + z->document_count; i++) {
		const unit *u = i < z->unit_count ? &z->units[i] : &z->titles[i - z->unit_count];
		uint32_t k;

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
	}
	for (i = 0; i < z->table.count; i++) {
		double spread = pow((double)(z->documents_with[i] ? z->documents_with[i] : 1), o->document_exponent);

		z->weight[i] *= spread * (z->is_pair[i] ? o->bigram_weight : 1.0);
	}
	return 0;
}

/* ------------------------------------------------------------ selection */

static double uncovered_weight(const summarizer *z, const unit *u)
{
	double gain = 0;
	uint32_t k;

	for (k = 0; k < u->concept_count; k++) {
		uint8_t times = z->covered[u->concepts[k]];

		gain += z->weight[u->concepts[k]] * z->repeat[times < MAX_REPEAT ? times : MAX_REPEAT];
	}
	return gain;
}

static double length_cost(const summarizer *z, const unit *u)
{
	return pow((double)(u->words ? u->words : 1), z->options->length_exponent);
}

/*
 * Budgeted greedy selection (Lin & Bilmes 2010): repeatedly the candidate
 * that fits with the best (gain / words^r) / scale + lead_bonus * prior,
 * where scale is the mean first-step density, so that the two terms are in
 * comparable units whatever the story's size.
 */
static size_t select_sentences(summarizer *z, size_t budget)
{
	const lede__summary_options *o = z->options;
	double scale = 0;
	size_t i, candidates = 0, chosen = 0, left = budget;

	for (i = 0; i < z->unit_count; i++) {
		const unit *u = &z->units[i];

		if (u->junk)
			continue;
		scale += uncovered_weight(z, u) / length_cost(z, u);
		candidates++;
	}
	if (candidates == 0)
		return 0;
	scale = scale > 0 ? scale / (double)candidates : 1.0;
	for (;;) {
		unit *best = NULL;
		double best_score = 0;

		for (i = 0; i < z->unit_count; i++) {
			unit *u = &z->units[i];
			double gain, density, score;

			if (u->junk || u->chosen || u->words > left)
				continue;
			gain = uncovered_weight(z, u);
			if (gain <= 0)
				continue;
			density = gain / length_cost(z, u) / scale;
			if (density < o->min_density)
				continue;
			score = density + o->lead_bonus * u->prior + o->support_bonus * u->others +
				o->quote_bonus * u->quoted;
			if (u->previous && z->units[u->previous - 1].chosen)
				score += o->adjacency_bonus;
			if (!best || score > best_score) {
				best = u;
				best_score = score;
			}
		}
		if (!best)
			break;
		best->chosen = 1;
		chosen++;
		left -= best->words;
		for (i = 0; i < best->concept_count; i++)
			if (z->covered[best->concepts[i]] < MAX_REPEAT)
				z->covered[best->concepts[i]]++;
	}
	return chosen;
}

/* ------------------------------------------------------------ support and output */

static uint32_t shared_count(const uint32_t *a, uint32_t an, const uint32_t *b, uint32_t bn)
{
	uint32_t i = 0, j = 0, shared = 0;

	while (i < an && j < bn) {
		if (a[i] == b[j]) {
			shared++;
			i++;
			j++;
		} else if (a[i] < b[j]) {
			i++;
		} else {
			j++;
		}
	}
	return shared;
}

/* 1 when sentence v carries the content of u (the criterion in summary.h). */
static int carries(const summarizer *z, const unit *u, const unit *v)
{
	uint32_t shared, need_min = z->options->support_min_shared;
	double need;

	if (u->stem_count == 0)
		return 0;
	shared = shared_count(u->stems, u->stem_count, v->stems, v->stem_count);
	if (need_min > u->stem_count)
		need_min = u->stem_count;
	need = z->options->support_overlap * (double)u->stem_count;
	return shared >= need_min && (double)shared >= need;
}

/* For each kept sentence, the other documents that carry its content. */
static void count_others(summarizer *z)
{
	size_t i, j;

	for (i = 0; i < z->unit_count; i++) {
		unit *u = &z->units[i];
		uint32_t seen = UINT32_MAX;

		if (u->junk)
			continue;
		for (j = 0; j < z->unit_count; j++) {
			const unit *v = &z->units[j];

			if (v->junk || v->document == u->document || v->document == seen)
				continue;
			if (carries(z, u, v)) {
				u->others++;
				seen = v->document;
			}
		}
	}
}

static int same_outlet(const char *a, const char *b)
{
	return a && b && a[0] && strcasecmp(a, b) == 0;
}

static int fill_support(summarizer *z, lede__arena *arena, const unit *u, lede__summary_sentence *out)
{
	size_t *support = lede__arena_alloc(arena, z->document_count * sizeof(*support));
	size_t d, n = 0, i, k, outlets = 0;

	if (!support)
		return lede__error_nomem();
	for (d = 0; d < z->document_count; d++) {
		int found = d == u->document;

		for (i = 0; i < z->unit_count && !found; i++) {
			const unit *v = &z->units[i];

			if (v->document == d && !v->junk && carries(z, u, v))
				found = 1;
		}
		if (found)
			support[n++] = d;
	}
	for (i = 0; i < n; i++) {
		const char *outlet = z->documents[support[i]].outlet;
		int seen = 0;

		for (k = 0; k < i && !seen; k++)
			seen = same_outlet(outlet, z->documents[support[k]].outlet);
		outlets += !seen;
	}
	out->support = support;
	out->support_count = n;
	out->outlets = outlets;
	return 0;
}

/* The sentence's text with every run of white space as one space. */
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

typedef struct order_key {
	const summarizer *z;
	const unit *u;
} order_key;

/* Reading order: leads first (position in the article), then earlier articles, then input order. */
static int compare_reading(const void *a, const void *b)
{
	const order_key *x = a, *y = b;
	int64_t tx = x->z->documents[x->u->document].published, ty = y->z->documents[y->u->document].published;

	if (x->u->position != y->u->position)
		return x->u->position < y->u->position ? -1 : 1;
	if (tx && ty && tx != ty)
		return tx < ty ? -1 : 1;
	if (x->u->document != y->u->document)
		return x->u->document < y->u->document ? -1 : 1;
	return x->u->start < y->u->start ? -1 : x->u->start > y->u->start;
}

static int emit(summarizer *z, lede__summary *out, lede__arena *arena, size_t chosen)
{
	order_key *keys = lede__arena_alloc(&z->scratch, chosen * sizeof(*keys));
	lede__summary_sentence *items = lede__arena_alloc(arena, chosen * sizeof(*items));
	size_t i, n = 0;
	int rc;

	if (!keys || !items)
		return lede__error_nomem();
	for (i = 0; i < z->unit_count; i++)
		if (z->units[i].chosen) {
			keys[n].z = z;
			keys[n].u = &z->units[i];
			n++;
		}
	qsort(keys, n, sizeof(*keys), compare_reading);
	for (i = 0; i < n; i++) {
		const unit *u = keys[i].u;
		lede__summary_sentence *s = &items[i];

		memset(s, 0, sizeof(*s));
		s->text = flatten(arena, z->documents[u->document].text, u->start, u->end);
		if (!s->text)
			return lede__error_nomem();
		s->document = u->document;
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
		return lede__error(LEDE_EINVAL, "summary of %zu documents without documents", count);
	if (!options) {
		lede__summary_options_default(&defaults);
		options = &defaults;
	}
	memset(&z, 0, sizeof(z));
	z.options = options;
	z.documents = documents;
	z.document_count = count;
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
	z.repeat[0] = 1.0;
	for (d = 1; d <= MAX_REPEAT; d++)
		z.repeat[d] = z.repeat[d - 1] * options->repeat_gain;
	if (options->support_bonus != 0)
		count_others(&z);
	chosen = select_sentences(&z, options->max_words < MAX_WORDS_HARD ? options->max_words : MAX_WORDS_HARD);
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
