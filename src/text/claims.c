#include "claims.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/date.h"
#include "text/sentences.h"
#include "text/tokens.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/hash.h"

enum { WINDOW = 8, MAX_SENTENCE_TOKENS = 400, MAX_CLAIMS = 2000, MAX_FACT_CLAIMS = 4000 };

static int word_is(const lede__token *t, const char *word)
{
	return t->norm_len == strlen(word) && memcmp(t->norm, word, t->norm_len) == 0;
}

static int is_year(const lede__token *t)
{
	int value = 0;
	uint32_t i;

	if (t->kind != LEDE__TOKEN_NUMBER || t->norm_len != 4)
		return 0;
	for (i = 0; i < 4; i++) {
		if (t->norm[i] < '0' || t->norm[i] > '9')
			return 0;
		value = value * 10 + (t->norm[i] - '0');
	}
	return value >= 1900 && value <= 2100;
}

/* "late", "end" -> "late"; "early", "start", "beginning" -> "early"; "mid", "middle" -> "mid". */
static const char *time_modifier(const lede__token *t)
{
	if (word_is(t, "late") || word_is(t, "end"))
		return "late";
	if (word_is(t, "early") || word_is(t, "start") || word_is(t, "beginning"))
		return "early";
	if (word_is(t, "mid") || word_is(t, "middle"))
		return "mid";
	return NULL;
}

/* The unit words that follow a number and say what it counts. */
static int is_scale(const lede__token *t)
{
	return word_is(t, "million") || word_is(t, "billion") || word_is(t, "thousand") ||
	       word_is(t, "trillion");
}

typedef struct sentence_scan {
	const char *text;
	const lede__token *tokens;
	size_t count;
	lede__stemmer *stemmer;
	lede__arena *arena;
} sentence_scan;

static void add_terms(lede__claim *claim, const sentence_scan *scan, size_t first, size_t end,
		      size_t skip_first, size_t skip_end)
{
	size_t i;

	for (i = first; i < end && claim->term_count < LEDE__CLAIM_TERMS; i++) {
		const lede__token *t = &scan->tokens[i];
		const char *stem;
		size_t len;

		if (i >= skip_first && i < skip_end)
			continue;
		if (t->kind != LEDE__TOKEN_WORD || t->norm_len < 3 || lede__is_stopword(t->norm, t->norm_len) ||
		    lede__month_from_name(t->norm, t->norm_len) || time_modifier(t))
			continue;
		stem = lede__stem(scan->stemmer, t->norm, t->norm_len, &len);
		claim->terms[claim->term_count++] = lede__hash64(stem, len);
	}
}

static const char *copy_span(lede__arena *arena, const char *text, size_t start, size_t end)
{
	return lede__arena_strndup(arena, text + start, end - start);
}

/* Time values of the sentence ("late 2018", "March 2018"), joined by " or ". */
static int scan_times(lede__claims *out, size_t *cap, const sentence_scan *scan, uint32_t s_start,
		      uint32_t s_end)
{
	lede__buf value;
	size_t i, first = 0, last = 0;
	int found = 0, rc = 0;

	lede__buf_init(&value, 256);
	for (i = 0; i < scan->count; i++) {
		const lede__token *t = &scan->tokens[i];
		const char *modifier = NULL, *month = NULL;
		char piece[48];

		if (!is_year(t) || i == 0)
			continue;
		/* "late 2018", "the end of 2018", "end 2018", "March 2018", "early March 2018" */
		if (time_modifier(&scan->tokens[i - 1]))
			modifier = time_modifier(&scan->tokens[i - 1]);
		else if (i >= 2 && word_is(&scan->tokens[i - 1], "of") && time_modifier(&scan->tokens[i - 2]))
			modifier = time_modifier(&scan->tokens[i - 2]);
		else if (lede__month_from_name(scan->tokens[i - 1].norm, scan->tokens[i - 1].norm_len))
			month = scan->tokens[i - 1].norm;
		if (!modifier && !month)
			continue;
		snprintf(piece, sizeof(piece), "%s %.*s", modifier ? modifier : month, (int)t->norm_len, t->norm);
		if (value.len && strstr(lede__buf_str(&value), piece))
			continue;
		if ((value.len && lede__buf_append_str(&value, " or ") != 0) ||
		    lede__buf_append_str(&value, piece) != 0) {
			rc = lede__error_nomem();
			goto cleanup;
		}
		if (!found)
			first = i;
		last = i;
		found = 1;
	}
	if (found) {
		lede__claim *c;

		if (out->count == *cap) {
			size_t grown_cap = *cap ? *cap * 2 : 16;
			lede__claim *grown = lede__arena_alloc(scan->arena, grown_cap * sizeof(*grown));

			if (!grown) {
				rc = lede__error_nomem();
				goto cleanup;
			}
			if (out->count)
				memcpy(grown, out->items, out->count * sizeof(*grown));
			out->items = grown;
			*cap = grown_cap;
		}
		c = &out->items[out->count++];
		memset(c, 0, sizeof(*c));
		c->start = s_start;
		c->end = s_end;
		c->unit = "time";
		c->value = lede__arena_strndup(scan->arena, lede__buf_str(&value), value.len);
		add_terms(c, scan, first > WINDOW ? first - WINDOW : 0, last + WINDOW < scan->count ? last + WINDOW : scan->count,
			  first > 2 ? first - 2 : 0, last + 1);
		c->about = copy_span(scan->arena, scan->text, s_start, s_end);
		if (!c->value || !c->about)
			rc = lede__error_nomem();
	}
cleanup:
	lede__buf_free(&value);
	return rc;
}

/* Numbers with a unit word: "83 percent", "12 injured", "180,000 hubs", "3.5 billion". */
static int scan_numbers(lede__claims *out, size_t *cap, const sentence_scan *scan, uint32_t s_start,
			uint32_t s_end)
{
	size_t i;

	for (i = 0; i + 1 < scan->count && out->count < MAX_CLAIMS; i++) {
		const lede__token *t = &scan->tokens[i], *unit;
		size_t u = i + 1, len;
		char value[64];
		const char *stem;
		lede__claim *c;
		int percent;

		if (t->kind != LEDE__TOKEN_NUMBER || (t->flags & LEDE__TOKEN_HAS_LETTER) || is_year(t))
			continue;
		percent = t->end < s_end && scan->text[t->end] == '%';
		snprintf(value, sizeof(value), "%.*s", (int)t->norm_len, t->norm);
		if (is_scale(&scan->tokens[u])) {
			snprintf(value, sizeof(value), "%.*s %.*s", (int)t->norm_len, t->norm,
				 (int)scan->tokens[u].norm_len, scan->tokens[u].norm);
			u++;
		}
		if (word_is(&scan->tokens[u], "per") && u + 1 < scan->count && word_is(&scan->tokens[u + 1], "cent"))
			percent = 1;
		if (word_is(&scan->tokens[u], "percent"))
			percent = 1;
		if (percent) {
			snprintf(value, sizeof(value), "%.*s%%", (int)t->norm_len, t->norm);
			stem = "percent";
			len = 7;
		} else {
			/* Skip adjectives a unit word may carry ("12 more people"): take the next content word. */
			while (u < scan->count && u < i + 4 &&
			       (lede__is_stopword(scan->tokens[u].norm, scan->tokens[u].norm_len) ||
				word_is(&scan->tokens[u], "more") || word_is(&scan->tokens[u], "other")))
				u++;
			if (u >= scan->count || scan->tokens[u].kind != LEDE__TOKEN_WORD ||
			    lede__month_from_name(scan->tokens[u].norm, scan->tokens[u].norm_len))
				continue;
			unit = &scan->tokens[u];
			stem = lede__stem(scan->stemmer, unit->norm, unit->norm_len, &len);
		}
		if (out->count == *cap) {
			size_t grown_cap = *cap ? *cap * 2 : 16;
			lede__claim *grown = lede__arena_alloc(scan->arena, grown_cap * sizeof(*grown));

			if (!grown)
				return lede__error_nomem();
			if (out->count)
				memcpy(grown, out->items, out->count * sizeof(*grown));
			out->items = grown;
			*cap = grown_cap;
		}
		c = &out->items[out->count++];
		memset(c, 0, sizeof(*c));
		c->start = s_start;
		c->end = s_end;
		c->value = lede__arena_strdup(scan->arena, value);
		c->unit = lede__arena_strndup(scan->arena, stem, len);
		add_terms(c, scan, i > WINDOW ? i - WINDOW : 0, i + WINDOW < scan->count ? i + WINDOW : scan->count,
			  i, u + 1);
		c->about = copy_span(scan->arena, scan->text, s_start, s_end);
		if (!c->value || !c->unit || !c->about)
			return lede__error_nomem();
	}
	return 0;
}

int lede__claims_find(lede__claims *out, lede__arena *arena, const char *text, size_t len)
{
	lede__sentences sentences;
	lede__stemmer *stemmer = NULL;
	size_t s, cap = 0;
	int rc;

	out->items = NULL;
	out->count = 0;
	if ((rc = lede__sentences_split(&sentences, arena, text, len)) != 0)
		return rc;
	if ((rc = lede__stemmer_new(&stemmer)) != 0)
		return rc;
	for (s = 0; s < sentences.count && rc == 0 && out->count < MAX_CLAIMS; s++) {
		const lede__sentence *sentence = &sentences.items[s];
		lede__tokens tokens;
		sentence_scan scan;
		size_t k;

		rc = lede__tokenize(&tokens, arena, text + sentence->start, sentence->end - sentence->start,
				    MAX_SENTENCE_TOKENS);
		if (rc)
			break;
		/* Offsets relative to the whole text. */
		for (k = 0; k < tokens.count; k++) {
			tokens.items[k].start += sentence->start;
			tokens.items[k].end += sentence->start;
		}
		scan.text = text;
		scan.tokens = tokens.items;
		scan.count = tokens.count;
		scan.stemmer = stemmer;
		scan.arena = arena;
		rc = scan_times(out, &cap, &scan, sentence->start, sentence->end);
		if (rc == 0)
			rc = scan_numbers(out, &cap, &scan, sentence->start, sentence->end);
	}
	lede__stemmer_free(stemmer);
	return rc;
}

/* ------------------------------------------------------------------ merge */

typedef struct placed {
	const lede__claim *claim;
	size_t document;
	size_t group;
} placed;

static size_t shared_terms(const lede__claim *a, const lede__claim *b)
{
	size_t i, k, shared = 0;

	for (i = 0; i < a->term_count; i++)
		for (k = 0; k < b->term_count; k++)
			if (a->terms[i] == b->terms[k]) {
				shared++;
				break;
			}
	return shared;
}

static size_t find_root(size_t *parent, size_t i)
{
	while (parent[i] != i)
		i = parent[i] = parent[parent[i]];
	return i;
}

static int compare_values(const void *a, const void *b)
{
	const lede__fact_value *x = a, *y = b;

	return x->document_count < y->document_count ? 1 : x->document_count > y->document_count ? -1 : 0;
}

static int compare_facts(const void *a, const void *b)
{
	const lede__fact *x = a, *y = b;

	return x->document_count < y->document_count ? 1 : x->document_count > y->document_count ? -1 : 0;
}

int lede__claims_merge(lede__facts *out, lede__arena *arena, const lede__claims *documents,
		       const char *const *texts, size_t count)
{
	placed *all = NULL;
	size_t *parent = NULL, n = 0, d, i, k, cap = 0;
	int rc = 0;

	out->items = NULL;
	out->count = 0;
	for (d = 0; d < count; d++)
		n += documents[d].count;
	if (n > MAX_FACT_CLAIMS)
		n = MAX_FACT_CLAIMS;
	all = lede__calloc(n + 1, sizeof(*all));
	parent = lede__calloc(n + 1, sizeof(*parent));
	if (!all || !parent) {
		rc = lede__error_nomem();
		goto cleanup;
	}
	n = 0;
	for (d = 0; d < count; d++)
		for (i = 0; i < documents[d].count && n < MAX_FACT_CLAIMS; i++) {
			all[n].claim = &documents[d].items[i];
			all[n].document = d;
			parent[n] = n;
			n++;
		}
	/*
	 * Same kind and about the same thing: a claim joins another document's
	 * claim of its unit when they share content stems (two, or one for the
	 * specific modified times).  Single linkage, bounded by MAX_FACT_CLAIMS.
	 */
	for (i = 0; i < n; i++)
		for (k = i + 1; k < n; k++) {
			const lede__claim *a = all[i].claim, *b = all[k].claim;
			size_t need = strcmp(a->unit, "time") == 0 ? 1 : 2;

			if (all[i].document == all[k].document || strcmp(a->unit, b->unit) != 0)
				continue;
			if (shared_terms(a, b) >= need || (strcmp(a->value, b->value) == 0 && need == 1))
				parent[find_root(parent, i)] = find_root(parent, k);
		}
	for (i = 0; i < n; i++)
		all[i].group = find_root(parent, i);
	for (i = 0; i < n; i++) {
		lede__fact *fact;
		size_t documents_seen = 0, j;

		if (all[i].group != i)
			continue;
		/* Documents in this group. */
		for (j = 0; j < n; j++) {
			size_t m;
			int earlier = 0;

			if (all[j].group != i)
				continue;
			for (m = 0; m < j; m++)
				if (all[m].group == i && all[m].document == all[j].document)
					earlier = 1;
			documents_seen += !earlier;
		}
		if (documents_seen < 2)
			continue;
		if (out->count == cap) {
			size_t grown_cap = cap ? cap * 2 : 8;
			lede__fact *grown = lede__arena_alloc(arena, grown_cap * sizeof(*grown));

			if (!grown) {
				rc = lede__error_nomem();
				goto cleanup;
			}
			if (out->count)
				memcpy(grown, out->items, out->count * sizeof(*grown));
			out->items = grown;
			cap = grown_cap;
		}
		fact = &out->items[out->count++];
		memset(fact, 0, sizeof(*fact));
		fact->unit = all[i].claim->unit;
		fact->about = all[i].claim->about;
		fact->document_count = documents_seen;
		fact->values = lede__arena_alloc(arena, (documents_seen + 1) * sizeof(*fact->values));
		if (!fact->values) {
			rc = lede__error_nomem();
			goto cleanup;
		}
		/* One entry per distinct value; each document counted once per value. */
		for (j = 0; j < n; j++) {
			lede__fact_value *v = NULL;
			size_t m;
			int listed = 0;

			if (all[j].group != i)
				continue;
			for (m = 0; m < fact->value_count; m++)
				if (strcmp(fact->values[m].value, all[j].claim->value) == 0)
					v = &fact->values[m];
			if (!v) {
				if (fact->value_count > documents_seen)
					continue;
				v = &fact->values[fact->value_count++];
				memset(v, 0, sizeof(*v));
				v->value = all[j].claim->value;
				v->documents = lede__arena_alloc(arena, (documents_seen + 1) * sizeof(size_t));
				v->sentences = lede__arena_alloc(arena, (documents_seen + 1) * sizeof(char *));
				if (!v->documents || !v->sentences) {
					rc = lede__error_nomem();
					goto cleanup;
				}
			}
			for (m = 0; m < v->document_count; m++)
				listed |= v->documents[m] == all[j].document;
			if (listed || v->document_count > documents_seen)
				continue;
			v->documents[v->document_count] = all[j].document;
			v->sentences[v->document_count] =
				copy_span(arena, texts[all[j].document], all[j].claim->start, all[j].claim->end);
			v->document_count++;
		}
		qsort(fact->values, fact->value_count, sizeof(*fact->values), compare_values);
	}
	if (out->count)
		qsort(out->items, out->count, sizeof(*out->items), compare_facts);
cleanup:
	lede__dealloc(all);
	lede__dealloc(parent);
	return rc;
}
