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

typedef struct summarizer {
	const lede__summary_options *options;
	const lede__summary_document *documents;
	size_t document_count;
	lede__arena scratch; /* everything but the result */
	lede__stemmer *stemmer;
	unit *units;
	size_t unit_count, unit_cap;
	unit *titles;        /* one pseudo-sentence per document title; never chosen */
	size_t token_total;
	concept_table table;
	size_t concept_cap;
	double *weight;
	uint32_t *documents_with; /* documents carrying each concept */
	uint32_t *last_document;  /* 1 + the last document counted in documents_with */
	double *specificity;      /* of each content stem: log(sentences / sentences carrying it) */
	uint8_t *is_pair;
	uint8_t *covered;
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
 * lines, links.  Matched anywhere in the ASCII-lowercased sentence.
 */
static const char *const boilerplate[] = {
	"share this", "click here", "click to", "read more", "continue reading", "sign up for",
	"sign up to", "subscribe now", "all rights reserved", "image copyright", "image caption",
	"media playback", "media caption", "photo:", "photo by", "photograph:", "(photo", "photo/",
	"ap photo", "getty images", "follow us", "follow him on", "follow her on", "privacy policy",
	"terms of service", "javascript", "your browser", "tweet with a location", "your tweets",
	"location history", "the seed for", "this crawl", "wayback machine", "warc files", "autoplay", "copy this code",
	"embed code", "sign in to", "leave a comment", "comments are", "email this", "print this",
	"skip to", "use cookies", "cookie policy", "download our app", "this article was",
	"this story was", "this page", "contributed to this report", "contributed reporting",
	"you may also like", "recommended:", "originally published", "originally appeared",
	"related:", "more:", "video:", "(video", "watch:", "listen:",
	"@", "http:", "https:", "www.", ".com/",
};

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
 * of verbs: a verb heuristic (auxiliaries, -ed, -ing, -s) set aside real
 * sentences ("The court upheld the sentence.") and nothing the rules here
 * keep.
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
	for (i = 0; i < sizeof(boilerplate) / sizeof(boilerplate[0]); i++)
		if (strstr(lower, boilerplate[i]))
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

/* The hash of each token's stem; stopwords (and one-letter words) get the low bit set. */
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
			stop = t->norm_len < 2 || lede__is_stopword(t->norm, t->norm_len);
			if (!stop)
				stem = lede__stem(z->stemmer, t->norm, t->norm_len, &stem_len);
		}
		h = lede__hash64(stem, stem_len);
		u->tokens[u->token_count++] = stop ? (h | 1) : (h & ~(uint64_t)1);
	}
	z->token_total += u->token_count;
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

/* Splits document d into sentences, sets junk aside, hashes the tokens and sets the position priors. */
static int read_document(summarizer *z, size_t d)
{
	const lede__summary_document *doc = &z->documents[d];
	const lede__summary_options *o = z->options;
	lede__sentences sentences;
	uint32_t kept = 0;
	size_t i, first = z->unit_count;
	double scale;
	int rc;

	if (doc->title && doc->title[0]) {
		lede__tokens tokens;
		unit *title = &z->titles[d];

		if ((rc = lede__tokenize(&tokens, &z->scratch, doc->title, strlen(doc->title),
					 MAX_TOKENS_PER_SENTENCE)) != 0)
			return rc;
		title->document = (uint32_t)d;
		title->prior = 1.0;
		if ((rc = hash_tokens(z, title, &tokens)) != 0)
			return rc;
	}
	if (!doc->text || doc->text_len == 0)
		return 0;
	if ((rc = lede__sentences_split(&sentences, &z->scratch, doc->text, doc->text_len)) != 0)
		return rc;
	for (i = 0; i < sentences.count && i < o->max_sentences_per_document; i++) {
		const lede__sentence *s = &sentences.items[i];
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
		u->words = count_words((const unsigned char *)doc->text, s->start, s->end);
		u->junk = (uint8_t)is_junk(z, lower, s, u->words, &tokens);
		u->quoted = (uint8_t)has_quote_mark(lower);
		u->position = kept;
		if (u->junk)
			continue;
		kept++;
		if ((rc = hash_tokens(z, u, &tokens)) != 0)
			return rc;
	}
	scale = o->position_scale + o->relative_position * kept;
	if (scale <= 0)
		scale = 1e-9;
	for (i = first; i < z->unit_count; i++)
		z->units[i].prior = 1.0 / (1.0 + z->units[i].position / scale);
	return 0;
}

/* ------------------------------------------------------------ concepts */

static int table_init(summarizer *z)
{
	size_t size = 64;

	/* At most two concepts per token: a load factor of at most 1/2. */
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

static uint32_t table_id(concept_table *t, uint64_t key)
{
	size_t i;

	if (key == 0)
		key = 2;
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

/* A unit's concepts: its content stems, and its pairs of adjacent stems that are not both stopwords. */
static int unit_concepts(summarizer *z, unit *u)
{
	uint32_t i, n = 0, m = 0;

	u->concepts = lede__arena_alloc(&z->scratch, (2 * (size_t)u->token_count + 1) * sizeof(*u->concepts));
	u->stems = lede__arena_alloc(&z->scratch, ((size_t)u->token_count + 1) * sizeof(*u->stems));
	if (!u->concepts || !u->stems)
		return lede__error_nomem();
	for (i = 0; i < u->token_count; i++) {
		uint64_t h = u->tokens[i];

		if (!(h & 1)) {
			uint32_t id = table_id(&z->table, h);

			u->concepts[n++] = id;
			u->stems[m++] = id;
		}
		if (i + 1 < u->token_count && !((h & 1) && (u->tokens[i + 1] & 1))) {
			/* An ordered pair: the two hashes mixed asymmetrically (SplitMix64 finalizer). */
			uint64_t pair = (h * 0x9E3779B97F4A7C15ull) ^ (u->tokens[i + 1] + 0x632BE59BD9B4E019ull);
			uint32_t id;

			pair = (pair ^ (pair >> 31)) * 0xBF58476D1CE4E5B9ull;
			pair ^= pair >> 27;
			id = table_id(&z->table, pair);
			z->is_pair[id] = 1;
			u->concepts[n++] = id;
		}
	}
	u->concept_count = sort_unique(u->concepts, n);
	u->stem_count = sort_unique(u->stems, m);
	return 0;
}

/*
 * Specificity of each content stem (an inverse sentence frequency within the
 * story): the story's own subject, named in most sentences, says little
 * about whether two sentences carry the same content.
 */
static int count_specificity(summarizer *z)
{
	size_t i, sentences = 0;
	uint32_t k;

	z->specificity = lede__arena_alloc(&z->scratch, z->concept_cap * sizeof(*z->specificity));
	if (!z->specificity)
		return lede__error_nomem();
	memset(z->specificity, 0, z->concept_cap * sizeof(*z->specificity));
	for (i = 0; i < z->unit_count; i++) {
		const unit *u = &z->units[i];

		if (u->junk)
			continue;
		sentences++;
		for (k = 0; k < u->stem_count; k++)
			z->specificity[u->stems[k]] += 1;
	}
	for (i = 0; i < z->table.count; i++)
		if (z->specificity[i] > 0)
			z->specificity[i] = log((sentences + 1.0) / z->specificity[i]);
	return 0;
}

/* Concept weights: the position priors of the sentences carrying them, times the documents' spread. */
static int weigh_concepts(summarizer *z)
{
	const lede__summary_options *o = z->options;
	size_t cap = 2 * z->token_total + 1, i;
	int rc;

	if ((rc = table_init(z)) != 0)
		return rc;
	z->concept_cap = cap;
	z->is_pair = lede__arena_alloc(&z->scratch, cap);
	z->covered = lede__arena_alloc(&z->scratch, cap);
	z->weight = lede__arena_alloc(&z->scratch, cap * sizeof(*z->weight));
	z->documents_with = lede__arena_alloc(&z->scratch, cap * sizeof(*z->documents_with));
	z->last_document = lede__arena_alloc(&z->scratch, cap * sizeof(*z->last_document));
	if (!z->is_pair || !z->covered || !z->weight || !z->documents_with || !z->last_document)
		return lede__error_nomem();
	memset(z->is_pair, 0, cap);
	memset(z->covered, 0, cap);
	memset(z->weight, 0, cap * sizeof(*z->weight));
	memset(z->documents_with, 0, cap * sizeof(*z->documents_with));
	memset(z->last_document, 0, cap * sizeof(*z->last_document));
	for (i = 0; i < z->unit_count + z->document_count; i++) {
		unit *u = i < z->unit_count ? &z->units[i] : &z->titles[i - z->unit_count];
		uint32_t k;

		if (u->junk || u->token_count == 0)
			continue;
		if ((rc = unit_concepts(z, u)) != 0)
			return rc;
		for (k = 0; k < u->concept_count; k++) {
			uint32_t c = u->concepts[k];

			z->weight[c] += u->prior;
			if (z->last_document[c] != u->document + 1) {
				z->last_document[c] = u->document + 1;
				z->documents_with[c]++;
			}
		}
	}
	for (i = 0; i < z->table.count; i++)
		z->weight[i] *= pow((double)z->documents_with[i], o->document_exponent) *
				(z->is_pair[i] ? o->bigram_weight : 1.0);
	return count_specificity(z);
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
