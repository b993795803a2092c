#include "tfidf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text/tokens.h"
#include "util/alloc.h"
#include "util/arena.h"
#include "util/error.h"

enum {
	MAX_TITLE_TOKENS = 256,
	MAX_NAME_TOKENS = 5,     /* a longer capitalized run is a headline or a menu, not a name */
	MAX_ENTITY_BYTES = 256,
	DEFAULT_MAX_TERMS = 4u << 20
};

void lede__tfidf_params_default(lede__tfidf_params *out)
{
	out->max_tokens = 2000;
	out->number_digits = 2;
	out->approximate_entities = 1;
	out->entity_words = 1;
}

void lede__doc_terms_init(lede__doc_terms *terms)
{
	lede__vector_init(&terms->title);
	lede__vector_init(&terms->body);
	lede__vector_init(&terms->entities);
	lede__vector_init(&terms->numbers);
}

void lede__doc_terms_free(lede__doc_terms *terms)
{
	if (!terms)
		return;
	lede__vector_free(&terms->title);
	lede__vector_free(&terms->body);
	lede__vector_free(&terms->entities);
	lede__vector_free(&terms->numbers);
}

void lede__tfidf_weekday_terms(lede__term out[7])
{
	/* Their Snowball stems are the names themselves (tests/unit/test_cluster.c checks it). */
	static const char *const days[7] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
					    "sunday"};
	int i;

	for (i = 0; i < 7; i++)
		out[i] = lede__term_hash(days[i], strlen(days[i]), LEDE__TERM_WORD);
}

/* A growable list of terms (before counting). */
typedef struct term_list {
	lede__term *items;
	size_t count, cap;
} term_list;

static int term_list_push(term_list *list, lede__term term)
{
	if (list->count == list->cap) {
		size_t cap = list->cap ? list->cap * 2 : 256;
		lede__term *grown = lede__realloc(list->items, cap * sizeof(*grown));

		if (!grown)
			return lede__error_nomem();
		list->items = grown;
		list->cap = cap;
	}
	list->items[list->count++] = term;
	return 0;
}

struct lede__tfidf_featurizer {
	lede__tfidf_params params;
	lede__stemmer *stemmer;
	lede__arena arena;
	term_list title, body, entities, numbers;
	lede__u64map lower; /* words the text writes in lower case (entity approximation) */
};

int lede__tfidf_featurizer_new(lede__tfidf_featurizer **out, const lede__tfidf_params *params)
{
	lede__tfidf_featurizer *featurizer = lede__calloc(1, sizeof(*featurizer));
	int rc;

	*out = NULL;
	if (!featurizer)
		return lede__error_nomem();
	if (params)
		featurizer->params = *params;
	else
		lede__tfidf_params_default(&featurizer->params);
	lede__arena_init(&featurizer->arena);
	lede__u64map_init(&featurizer->lower);
	if ((rc = lede__stemmer_new(&featurizer->stemmer)) != 0) {
		lede__dealloc(featurizer);
		return rc;
	}
	*out = featurizer;
	return 0;
}

void lede__tfidf_featurizer_free(lede__tfidf_featurizer *featurizer)
{
	if (!featurizer)
		return;
	lede__stemmer_free(featurizer->stemmer);
	lede__arena_free(&featurizer->arena);
	lede__dealloc(featurizer->title.items);
	lede__dealloc(featurizer->body.items);
	lede__dealloc(featurizer->entities.items);
	lede__dealloc(featurizer->numbers.items);
	lede__u64map_free(&featurizer->lower);
	lede__dealloc(featurizer);
}

/* The folded word without a possessive "'s" (or a bare trailing apostrophe). */
static size_t strip_possessive(const char *norm, size_t len)
{
	if (len > 2 && norm[len - 2] == '\'' && norm[len - 1] == 's')
		return len - 2;
	if (len > 1 && norm[len - 1] == '\'')
		return len - 1;
	return len;
}

/* The word term of a token, or 0 when the token is not a term. */
static lede__term word_term(lede__tfidf_featurizer *featurizer, const lede__token *token)
{
	size_t len = token->norm_len, i, digits = 0, stem_len;
	const char *stem;

	if (token->kind == LEDE__TOKEN_NUMBER) {
		for (i = 0; i < len; i++)
			digits += token->norm[i] >= '0' && token->norm[i] <= '9';
		/* "4g", "mh370" are names of things; a bare number counts from a few digits up. */
		if (!(token->flags & LEDE__TOKEN_HAS_LETTER) &&
		    (featurizer->params.number_digits == 0 || digits < featurizer->params.number_digits))
			return 0;
		if (len < 2)
			return 0;
		return lede__term_hash(token->norm, len, LEDE__TERM_WORD);
	}
	if (lede__is_stopword(token->norm, len))
		return 0;
	len = strip_possessive(token->norm, len);
	if (len < 2)
		return 0;
	stem = lede__stem(featurizer->stemmer, token->norm, len, &stem_len);
	if (stem_len == 0)
		return 0;
	return lede__term_hash(stem, stem_len, LEDE__TERM_WORD);
}

static int add_words(lede__tfidf_featurizer *featurizer, const lede__tokens *tokens, term_list *first,
		     term_list *second)
{
	size_t i;
	int rc;

	for (i = 0; i < tokens->count; i++) {
		lede__term term = word_term(featurizer, &tokens->items[i]);

		if (!term)
			continue;
		if (first && (rc = term_list_push(first, term)) != 0)
			return rc;
		if ((rc = term_list_push(second, term)) != 0)
			return rc;
		if (tokens->items[i].kind == LEDE__TOKEN_NUMBER &&
		    (rc = term_list_push(&featurizer->numbers, term)) != 0)
			return rc;
	}
	return 0;
}

/* Bytes between two tokens that end a sentence or open a quotation or a line. */
static int breaks_sentence(const char *text, size_t from, size_t to)
{
	size_t i;

	for (i = from; i < to; i++) {
		unsigned char c = (unsigned char)text[i];

		/* 0xE2 leads the curly quotes, dashes and bullets of U+2000..U+2BFF. */
		if (c == '.' || c == '!' || c == '?' || c == '\n' || c == ':' || c == ';' || c == '"' ||
		    c == '(' || c == '|' || c == 0xE2)
			return 1;
	}
	return 0;
}

/* Inside a name only spaces, '&' and '-' may separate its words ("AT&T", "Jean-Luc"). */
static int joins_name(const char *text, size_t from, size_t to)
{
	size_t i;

	if (to - from > 3)
		return 0;
	for (i = from; i < to; i++)
		if (text[i] != ' ' && text[i] != '&' && text[i] != '-' && text[i] != '\'')
			return 0;
	return 1;
}

static int is_capitalized(const lede__token *token)
{
	return token->kind == LEDE__TOKEN_WORD && (token->flags & LEDE__TOKEN_CAPITALIZED);
}

static uint64_t word_key(const char *norm, size_t len)
{
	uint64_t key = lede__term_hash(norm, len, LEDE__TERM_WORD);

	return key ? key : 1;
}

/* Adds the entity named by tokens[from, to) of `text`: the whole name, and each word. */
static int add_name(lede__tfidf_featurizer *featurizer, const lede__token *tokens, size_t from,
		    size_t to)
{
	char name[MAX_ENTITY_BYTES];
	size_t len = 0, i;
	int rc;

	for (i = from; i < to; i++) {
		size_t word_len = strip_possessive(tokens[i].norm, tokens[i].norm_len);

		if (len + word_len + 1 > sizeof(name))
			return 0;
		if (len)
			name[len++] = ' ';
		memcpy(name + len, tokens[i].norm, word_len);
		len += word_len;
	}
	if (len < 2)
		return 0;
	if ((rc = term_list_push(&featurizer->entities, lede__term_hash(name, len, LEDE__TERM_ENTITY))) != 0)
		return rc;
	if (!featurizer->params.entity_words || to - from < 2)
		return 0;
	for (i = from; i < to; i++) {
		size_t word_len = strip_possessive(tokens[i].norm, tokens[i].norm_len);

		if (word_len < 2 || lede__is_stopword(tokens[i].norm, tokens[i].norm_len))
			continue;
		if ((rc = term_list_push(&featurizer->entities,
					 lede__term_hash(tokens[i].norm, word_len, LEDE__TERM_ENTITY))) != 0)
			return rc;
	}
	return 0;
}

/*
 * Approximate names: runs of capitalized words.  A run that starts a
 * sentence loses its first words while they are stopwords or words the text
 * also writes in lower case ("Yesterday Reid" gives "Reid").
 */
static int find_names(lede__tfidf_featurizer *featurizer, const char *text, const lede__tokens *tokens)
{
	size_t i = 0;
	int rc;

	while (i < tokens->count) {
		size_t start = i, end, from;
		int sentence_start;

		if (!is_capitalized(&tokens->items[i])) {
			i++;
			continue;
		}
		sentence_start = i == 0 ||
				 breaks_sentence(text, tokens->items[i - 1].end, tokens->items[i].start);
		end = i + 1;
		while (end < tokens->count && is_capitalized(&tokens->items[end]) &&
		       joins_name(text, tokens->items[end - 1].end, tokens->items[end].start))
			end++;
		i = end;
		if (end - start > MAX_NAME_TOKENS)
			continue;
		from = start;
		while (from < end) {
			const lede__token *t = &tokens->items[from];

			if (lede__is_stopword(t->norm, t->norm_len) ||
			    (sentence_start && from == start &&
			     lede__u64map_find(&featurizer->lower, word_key(t->norm, t->norm_len))))
				from++;
			else
				break;
		}
		if (from == end)
			continue;
		if ((rc = add_name(featurizer, tokens->items, from, end)) != 0)
			return rc;
	}
	return 0;
}

/* A title written in headline case ("Fed Chief Sees Slow Taper") names nothing by its capitals. */
static int headline_case(const lede__tokens *tokens)
{
	size_t i, words = 0, capitalized = 0;

	for (i = 0; i < tokens->count; i++) {
		const lede__token *t = &tokens->items[i];

		if (t->kind != LEDE__TOKEN_WORD || t->norm_len < 4)
			continue;
		words++;
		capitalized += (t->flags & LEDE__TOKEN_CAPITALIZED) != 0;
	}
	return words >= 3 && capitalized * 10 >= words * 6;
}

static int remember_lower_case(lede__tfidf_featurizer *featurizer, const lede__tokens *tokens)
{
	size_t i;
	int rc;

	for (i = 0; i < tokens->count; i++) {
		const lede__token *t = &tokens->items[i];
		uint32_t *value;

		if (t->kind != LEDE__TOKEN_WORD || (t->flags & LEDE__TOKEN_CAPITALIZED))
			continue;
		if ((rc = lede__u64map_upsert(&value, NULL, &featurizer->lower, word_key(t->norm, t->norm_len), 1)) != 0)
			return rc;
	}
	return 0;
}

static int given_names(lede__tfidf_featurizer *featurizer, const lede__tfidf_entity *entities,
		       size_t count)
{
	size_t i;
	int rc;

	for (i = 0; i < count; i++) {
		lede__tokens tokens;

		if (!entities[i].name || entities[i].len == 0 || entities[i].len > MAX_ENTITY_BYTES)
			continue;
		if ((rc = lede__tokenize(&tokens, &featurizer->arena, entities[i].name, entities[i].len,
					 MAX_NAME_TOKENS * 2)) != 0)
			return rc;
		if (tokens.count && (rc = add_name(featurizer, tokens.items, 0, tokens.count)) != 0)
			return rc;
	}
	return 0;
}

int lede__tfidf_featurize(lede__doc_terms *out, lede__tfidf_featurizer *featurizer,
			  const char *title, size_t title_len, const char *text, size_t text_len,
			  const lede__tfidf_entity *entities, size_t entity_count)
{
	lede__tokens title_tokens = {0}, text_tokens = {0};
	int rc;

	lede__vector_clear(&out->title);
	lede__vector_clear(&out->body);
	lede__vector_clear(&out->entities);
	lede__vector_clear(&out->numbers);
	featurizer->title.count = featurizer->body.count = featurizer->entities.count = 0;
	featurizer->numbers.count = 0;
	featurizer->lower.count = 0;
	if (featurizer->lower.cap)
		memset(featurizer->lower.keys, 0, featurizer->lower.cap * sizeof(*featurizer->lower.keys));
	lede__arena_free(&featurizer->arena);
	if (title_len > UINT32_MAX || text_len > UINT32_MAX)
		return lede__error(LEDE_ETOOBIG, "article of more than 4 GiB");
	if (title && title_len &&
	    (rc = lede__tokenize(&title_tokens, &featurizer->arena, title, title_len, MAX_TITLE_TOKENS)) != 0)
		goto cleanup;
	if (text && text_len &&
	    (rc = lede__tokenize(&text_tokens, &featurizer->arena, text, text_len,
				 featurizer->params.max_tokens)) != 0)
		goto cleanup;
	if ((rc = add_words(featurizer, &title_tokens, &featurizer->title, &featurizer->body)) != 0 ||
	    (rc = add_words(featurizer, &text_tokens, NULL, &featurizer->body)) != 0)
		goto cleanup;
	if (entity_count) {
		if ((rc = given_names(featurizer, entities, entity_count)) != 0)
			goto cleanup;
	} else if (featurizer->params.approximate_entities) {
		if ((rc = remember_lower_case(featurizer, &text_tokens)) != 0 ||
		    (rc = remember_lower_case(featurizer, &title_tokens)) != 0)
			goto cleanup;
		if (!headline_case(&title_tokens) && (rc = find_names(featurizer, title, &title_tokens)) != 0)
			goto cleanup;
		if ((rc = find_names(featurizer, text, &text_tokens)) != 0)
			goto cleanup;
	}
	if ((rc = lede__vector_count_terms(&out->title, featurizer->title.items, featurizer->title.count)) != 0 ||
	    (rc = lede__vector_count_terms(&out->body, featurizer->body.items, featurizer->body.count)) != 0 ||
	    (rc = lede__vector_count_terms(&out->entities, featurizer->entities.items,
					   featurizer->entities.count)) != 0 ||
	    (rc = lede__vector_count_terms(&out->numbers, featurizer->numbers.items, featurizer->numbers.count)) != 0)
		goto cleanup;
cleanup:
	if (rc) {
		lede__vector_clear(&out->title);
		lede__vector_clear(&out->body);
		lede__vector_clear(&out->entities);
		lede__vector_clear(&out->numbers);
	}
	lede__arena_free(&featurizer->arena);
	return rc;
}

/* ------------------------------------------------ document frequencies */

struct lede__df_table {
	lede__u64map counts;
	uint64_t documents;
	size_t max_terms;
	uint32_t floor; /* counts at or below it have been dropped at least once */
	double prior;   /* articles without any term, counted in N */
};

void lede__df_set_prior(lede__df_table *table, double documents)
{
	table->prior = documents > 0 ? documents : 0;
}

int lede__df_new(lede__df_table **out, size_t max_terms)
{
	lede__df_table *table = lede__calloc(1, sizeof(*table));

	*out = NULL;
	if (!table)
		return lede__error_nomem();
	lede__u64map_init(&table->counts);
	table->max_terms = max_terms ? max_terms : DEFAULT_MAX_TERMS;
	*out = table;
	return 0;
}

void lede__df_free(lede__df_table *table)
{
	if (!table)
		return;
	lede__u64map_free(&table->counts);
	lede__dealloc(table);
}

/*
 * Lossy counting: drop every term seen in `floor` articles or fewer, raising
 * the floor until at most three quarters of the cap remain.  The survivors
 * are copied to a new map (cheaper than deleting in place).
 */
static int prune(lede__df_table *table)
{
	for (;;) {
		lede__u64map kept;
		size_t i, survivors = 0;
		int rc;

		table->floor++;
		for (i = lede__u64map_next(&table->counts, (size_t)-1); i < table->counts.cap;
		     i = lede__u64map_next(&table->counts, i))
			survivors += table->counts.values[i] > table->floor;
		if (survivors > table->max_terms / 4 * 3)
			continue;
		lede__u64map_init(&kept);
		if ((rc = lede__u64map_reserve(&kept, table->max_terms + 1)) != 0)
			return rc;
		for (i = lede__u64map_next(&table->counts, (size_t)-1); i < table->counts.cap;
		     i = lede__u64map_next(&table->counts, i)) {
			uint32_t *value;

			if (table->counts.values[i] <= table->floor)
				continue;
			if ((rc = lede__u64map_upsert(&value, NULL, &kept, table->counts.keys[i],
						      table->counts.values[i])) != 0) {
				lede__u64map_free(&kept);
				return rc;
			}
		}
		lede__u64map_free(&table->counts);
		table->counts = kept;
		return 0;
	}
}

int lede__df_add(lede__df_table *table, const lede__vector *terms, int new_document)
{
	size_t i;
	int rc;

	if (new_document)
		table->documents++;
	for (i = 0; i < terms->count; i++) {
		uint32_t *value;

		if ((rc = lede__u64map_upsert(&value, NULL, &table->counts, terms->items[i].term, 0)) != 0)
			return rc;
		if (*value < UINT32_MAX)
			(*value)++;
	}
	if (table->counts.count > table->max_terms)
		return prune(table);
	return 0;
}

uint64_t lede__df_documents(const lede__df_table *table)
{
	return table->documents;
}

size_t lede__df_terms(const lede__df_table *table)
{
	return table->counts.count;
}

size_t lede__df_bytes(const lede__df_table *table)
{
	return sizeof(*table) + table->counts.cap * (sizeof(uint64_t) + sizeof(uint32_t));
}

uint32_t lede__df_get(const lede__df_table *table, lede__term term)
{
	const uint32_t *value = lede__u64map_find(&table->counts, term);

	return value ? *value : 0;
}

double lede__df_idf(const lede__df_table *table, lede__term term)
{
	double df = lede__df_get(table, term), n = (double)table->documents;

	if (df > n)
		df = n;
	return log((n + table->prior + 1.0) / (df + 0.5));
}

int lede__tfidf_weigh(lede__vector *out, const lede__vector *counts, const lede__df_table *table)
{
	double norm = 0.0;
	size_t i, n = 0;
	int rc;

	out->count = 0;
	if ((rc = lede__vector_reserve(out, counts->count)) != 0)
		return rc;
	for (i = 0; i < counts->count; i++) {
		double tf = counts->items[i].weight;
		double weight = (tf > 0 ? 1.0 + log(tf) : 0.0) * lede__df_idf(table, counts->items[i].term);

		if (weight <= 0)
			continue;
		out->items[n].term = counts->items[i].term;
		out->items[n].weight = (float)weight;
		norm += weight * weight;
		n++;
	}
	out->count = (uint32_t)n;
	if (norm > 0)
		lede__vector_scale(out, 1.0 / sqrt(norm));
	return 0;
}

/* ---------------------------------------------------------- the blob */

enum { DF_BLOB_MAGIC = 'D', DF_BLOB_VERSION = 1 };

static int compare_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

int lede__df_encode(lede__buf *out, const lede__df_table *table)
{
	uint64_t *keys = NULL, previous = 0;
	size_t i, n = 0;
	int rc;

	if (table->counts.count) {
		keys = lede__malloc(table->counts.count * sizeof(*keys));
		if (!keys)
			return lede__error_nomem();
	}
	for (i = lede__u64map_next(&table->counts, (size_t)-1); i < table->counts.cap;
	     i = lede__u64map_next(&table->counts, i))
		keys[n++] = table->counts.keys[i];
	qsort(keys, n, sizeof(*keys), compare_u64);
	if ((rc = lede__wire_u8(out, DF_BLOB_MAGIC)) != 0 || (rc = lede__wire_u8(out, DF_BLOB_VERSION)) != 0 ||
	    (rc = lede__wire_u64(out, table->documents)) != 0 || (rc = lede__wire_u32(out, table->floor)) != 0 ||
	    (rc = lede__wire_varint(out, n)) != 0)
		goto cleanup;
	for (i = 0; i < n; i++) {
		if ((rc = lede__wire_varint(out, keys[i] - previous)) != 0 ||
		    (rc = lede__wire_varint(out, lede__df_get(table, (lede__term)keys[i]))) != 0)
			goto cleanup;
		previous = keys[i];
	}
cleanup:
	lede__dealloc(keys);
	return rc;
}

int lede__df_decode(lede__df_table *table, const void *blob, size_t len)
{
	lede__wire_reader reader;
	uint64_t count, term = 0, i;
	int rc;

	lede__u64map_free(&table->counts);
	table->documents = 0;
	table->floor = 0;
	lede__wire_reader_init(&reader, blob, len);
	if (lede__wire_read_u8(&reader) != DF_BLOB_MAGIC || lede__wire_read_u8(&reader) != DF_BLOB_VERSION)
		return lede__error(LEDE_EFORMAT, "not a document-frequency blob of version %d", DF_BLOB_VERSION);
	table->documents = lede__wire_read_u64(&reader);
	table->floor = lede__wire_read_u32(&reader);
	count = lede__wire_read_varint(&reader);
	if (reader.failed || count > (reader.len - reader.pos) / 2)
		goto bad;
	if ((rc = lede__u64map_reserve(&table->counts, (size_t)count)) != 0)
		goto fail;
	for (i = 0; i < count; i++) {
		uint64_t gap = lede__wire_read_varint(&reader), df = lede__wire_read_varint(&reader);
		uint32_t *value;
		int inserted;

		term += gap;
		if (reader.failed || term == 0 || term > UINT32_MAX || (i > 0 && gap == 0) || df == 0 ||
		    df > UINT32_MAX)
			goto bad;
		if ((rc = lede__u64map_upsert(&value, &inserted, &table->counts, term, (uint32_t)df)) != 0)
			goto fail;
	}
	if (reader.pos != reader.len)
		goto bad;
	return 0;
bad:
	rc = lede__error(LEDE_EFORMAT, "document-frequency blob is damaged");
fail:
	lede__u64map_free(&table->counts);
	table->documents = 0;
	table->floor = 0;
	return rc;
}
