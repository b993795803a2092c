#include "entities.h"

#include <stdlib.h>
#include <string.h>

#include "text/chars.h"
#include "text/sentences.h"
#include "text/tokens.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/hash.h"

enum {
	MAX_TOKENS = 200000,
	MAX_NAME_WORDS = 8,
	MAX_KEY = 512,
	APPOSITION_WORDS = 7
};

/* How strongly one mention's evidence counts; see add_context_evidence. */
#define GAZETTEER_WEIGHT 10.0f
#define TYPE_THRESHOLD 1.0f

/* One token as the name finder sees it. */
typedef struct word {
	uint32_t start, end;   /* end excludes a possessive 's */
	uint32_t token_end;    /* end of the token as tokenized */
	const char *norm;      /* folded, without the possessive */
	uint32_t norm_len;
	uint32_t classes;      /* enum lede__word_class */
	uint32_t sentence;
	uint8_t cap, all_caps, inner_cap, letters;
	uint8_t initial;       /* opens its sentence or a quotation: capitalized by position */
	uint8_t possessive;
	uint8_t skip;          /* in a line that looks like a menu or a label */
} word;

typedef enum gap_kind { GAP_OTHER, GAP_NONE, GAP_SPACE, GAP_DOT, GAP_DOT_SPACE, GAP_AMP, GAP_HYPHEN, GAP_COMMA } gap_kind;

/* A name occurrence. */
typedef struct candidate {
	uint32_t first, last;      /* word indexes, inclusive */
	float evidence[4];
	const lede__gazetteer_name *gazetteer;
	const char *key;           /* folded key, in the arena */
	const char *surface;       /* as written, white space collapsed */
	int32_t coordinated;       /* candidate joined to this one by "and", "or" or a comma; -1 */
	uint32_t entity;           /* pool index */
	uint8_t ambiguous;         /* capitalized only by its position: needs confirmation */
	uint8_t title_before, honorific_before, employer;
} candidate;

/* An entity being built (one document's, or a story's in a merge). */
typedef struct pool_item {
	const char *key;
	const char *name;
	uint32_t words;            /* words in the key */
	float evidence[4];
	uint32_t mentions, documents, first, first_sentence;
	double salience;
	uint32_t confirmed;        /* mentions not capitalized by position only */
	uint64_t document_mask;    /* documents naming it (the first 64), for merges */
	uint32_t parent;           /* union-find */
	uint8_t gazetteer, news;
	uint8_t type;
	uint8_t dropped;   /* merged into another item */
	uint8_t tentative; /* only capitalized by position: kept apart for a story to confirm */
} pool_item;

typedef struct pool {
	lede__arena *arena;
	pool_item *items;
	size_t count, cap;
	uint32_t *slots; /* open addressing: index + 1, 0 empty */
	size_t slot_count;
} pool;

typedef struct finder {
	const unsigned char *text;
	size_t len;
	lede__arena *arena;
	word *words;
	size_t count;
	lede__sentences sentences;
	uint64_t *lower;   /* open-addressing set of hashes of words written in lower case */
	size_t lower_slots;
	candidate *candidates;
	size_t candidate_count, candidate_cap;
	lede__buf key, surface;
} finder;

/* ---- small helpers ---- */

static int word_is(const word *w, const char *s)
{
	size_t n = strlen(s);

	return w->norm_len == n && memcmp(w->norm, s, n) == 0;
}

static int is_stop(const word *w)
{
	return lede__is_stopword(w->norm, w->norm_len) != 0;
}

/* Classifies the bytes between two words. */
static gap_kind gap_between(const finder *f, size_t a, size_t b)
{
	size_t i = f->words[a].token_end, end = f->words[b].start, spaces = 0;
	int dot = 0, amp = 0, hyphen = 0, comma = 0;

	if (i == end)
		return GAP_NONE;
	while (i < end) {
		uint32_t cp;
		size_t n = lede__char_at(f->text, f->len, i, &cp);

		if (cp == ' ' || cp == 0xA0 || cp == '\t')
			spaces++;
		else if (cp == '.' && !dot && !spaces)
			dot = 1;
		else if (cp == '&' && !amp)
			amp = 1;
		else if ((cp == '-' || cp == 0x2010 || cp == 0x2011) && !hyphen && !spaces)
			hyphen = 1;
		else if (cp == ',' && !comma && !spaces)
			comma = 1;
		else
			return GAP_OTHER;
		i += n;
	}
	if (amp)
		return dot || hyphen || comma ? GAP_OTHER : GAP_AMP;
	if (dot)
		return hyphen || comma ? GAP_OTHER : (spaces ? GAP_DOT_SPACE : GAP_DOT);
	if (hyphen)
		return spaces || comma ? GAP_OTHER : GAP_HYPHEN;
	if (comma)
		return spaces ? GAP_COMMA : GAP_OTHER;
	return GAP_SPACE;
}

static int same_sentence(const finder *f, size_t a, size_t b)
{
	return a < f->count && b < f->count && f->words[a].sentence == f->words[b].sentence;
}

/* ---- the set of words written in lower case ---- */

static int lower_add(finder *f, const char *norm, size_t len)
{
	uint64_t h = lede__hash64(norm, len) | 1;
	size_t i = (size_t)h & (f->lower_slots - 1);

	while (f->lower[i] && f->lower[i] != h)
		i = (i + 1) & (f->lower_slots - 1);
	f->lower[i] = h;
	return 0;
}

static int lower_has(const finder *f, const char *norm, size_t len)
{
	uint64_t h = lede__hash64(norm, len) | 1;
	size_t i = (size_t)h & (f->lower_slots - 1);

	while (f->lower[i]) {
		if (f->lower[i] == h)
			return 1;
		i = (i + 1) & (f->lower_slots - 1);
	}
	return 0;
}

/* ---- words ---- */

static int is_opening_mark(uint32_t cp)
{
	return cp == '"' || cp == 0x201C || cp == 0x2018 || cp == 0x201E || cp == 0xAB || cp == ':' ||
	       cp == '(' || cp == '[' || cp == 0x2022 || cp == '|';
}

/* Sentences that look like menu items, bylines or headlines: no verb-like lower-case words. */
static void mark_labels(finder *f)
{
	size_t i = 0;

	while (i < f->count) {
		uint32_t s = f->words[i].sentence;
		size_t j = i, lower = 0, caps = 0, total = 0;
		int terminated = (f->sentences.items[s].flags & LEDE__SENTENCE_TERMINATED) != 0;

		while (j < f->count && f->words[j].sentence == s) {
			if (f->words[j].letters) {
				total++;
				if (f->words[j].cap || f->words[j].all_caps)
					caps++;
				else
					lower++;
			}
			j++;
		}
		if (!terminated && lower < 2) {
			for (size_t k = i; k < j; k++)
				f->words[k].skip = 1;
		} else if (!terminated && caps >= 3 && caps * 10 >= total * 6) {
			/* A headline in title case: every capital may be positional. */
			for (size_t k = i; k < j; k++)
				f->words[k].initial = 1;
		}
		i = j;
	}
}

static int build_words(finder *f)
{
	lede__tokens tokens;
	size_t i, s = 0, slots = 64;
	int rc;

	if ((rc = lede__tokenize(&tokens, f->arena, (const char *)f->text, f->len, MAX_TOKENS)) != 0)
		return rc;
	if ((rc = lede__sentences_split(&f->sentences, f->arena, (const char *)f->text, f->len)) != 0)
		return rc;
	f->words = lede__arena_alloc(f->arena, (tokens.count ? tokens.count : 1) * sizeof(*f->words));
	while (slots < tokens.count * 2)
		slots *= 2;
	f->lower = lede__arena_alloc(f->arena, slots * sizeof(*f->lower));
	if (!f->words || !f->lower)
		return lede__error_nomem();
	memset(f->lower, 0, slots * sizeof(*f->lower));
	f->lower_slots = slots;
	for (i = 0; i < tokens.count; i++) {
		const lede__token *t = &tokens.items[i];
		word *w = &f->words[f->count];
		uint32_t len = t->norm_len;

		memset(w, 0, sizeof(*w));
		w->start = t->start;
		w->end = t->end;
		w->token_end = t->end;
		w->norm = t->norm;
		if (len > 2 && t->norm[len - 2] == '\'' && t->norm[len - 1] == 's') {
			/* Possessive: "Huawei's", "Huawei’s" (the tokenizer folds ’ to '). */
			uint32_t cut = 0, size = t->end - t->start;
			const unsigned char *e = f->text + t->end;

			if (size >= 3 && e[-2] == '\'')
				cut = t->end - 2;
			else if (size >= 5 && e[-4] == 0xE2 && e[-3] == 0x80 && e[-2] == 0x99)
				cut = t->end - 4;
			else if (size >= 4 && e[-3] == 0xCA && e[-2] == 0xBC)
				cut = t->end - 3;
			if (cut > t->start) {
				w->end = cut;
				len -= 2;
				w->possessive = 1;
			}
		}
		w->norm_len = len;
		w->letters = (t->flags & LEDE__TOKEN_HAS_LETTER) != 0;
		w->cap = (t->flags & LEDE__TOKEN_CAPITALIZED) != 0;
		w->all_caps = (t->flags & LEDE__TOKEN_ALL_CAPS) != 0;
		for (uint32_t k = t->start + 1; k < w->end; k++)
			if (f->text[k] >= 'A' && f->text[k] <= 'Z' && f->text[k - 1] >= 'a' && f->text[k - 1] <= 'z')
				w->inner_cap = 1;
		w->classes = w->letters ? lede__word_classes(w->norm, w->norm_len) : 0;
		if ((w->classes & LEDE__WORD_MONTH_DAY) && len <= 3 && !(t->end < f->len && f->text[t->end] == '.') &&
		    !(i + 1 < tokens.count && tokens.items[i + 1].kind == LEDE__TOKEN_NUMBER))
			w->classes &= ~(uint32_t)LEDE__WORD_MONTH_DAY; /* "Lei Jun", not June */
		while (s + 1 < f->sentences.count && f->sentences.items[s + 1].start <= t->start)
			s++;
		w->sentence = (uint32_t)s;
		if (f->count == 0 || f->words[f->count - 1].sentence != w->sentence) {
			w->initial = 1;
		} else {
			/* After an opening quote or a colon the next word is capitalized by position. */
			size_t k = f->words[f->count - 1].token_end;

			while (k < t->start) {
				uint32_t cp;
				size_t n = lede__char_at(f->text, f->len, k, &cp);

				if (is_opening_mark(cp))
					w->initial = 1;
				k += n;
			}
		}
		if (w->letters && !w->cap && !w->all_caps)
			lower_add(f, w->norm, w->norm_len);
		f->count++;
	}
	if (f->sentences.count)
		mark_labels(f);
	return 0;
}

/* ---- candidates ---- */

static int title_word(const word *w)
{
	return (w->classes & (LEDE__WORD_TITLE | LEDE__WORD_HONORIFIC)) != 0;
}

static int title_part(const word *w)
{
	return (w->classes & (LEDE__WORD_TITLE | LEDE__WORD_HONORIFIC | LEDE__WORD_TITLE_MODIFIER)) != 0;
}

static int capitalized(const word *w)
{
	return w->letters && (w->cap || w->all_caps);
}

/* Whether word b continues the name that ends with word a. */
static int joins(const finder *f, size_t a, size_t b)
{
	const word *wa = &f->words[a], *wb = &f->words[b];
	gap_kind gap;

	if (!same_sentence(f, a, b) || wa->possessive || wb->skip || !capitalized(wb))
		return 0;
	gap = gap_between(f, a, b);
	switch (gap) {
	case GAP_SPACE:
		return 1;
	case GAP_AMP:
		return 1;
	case GAP_HYPHEN:
		return 1;
	case GAP_DOT:
		/* U.S., D.C.: single letters */
		return wa->end - wa->start == 1;
	case GAP_DOT_SPACE:
		/* J. R. R. Tolkien, George W. Bush, St. Louis, Mr. Smith */
		return (wa->end - wa->start == 1 && wa->cap) ||
		       (wa->classes & (LEDE__WORD_ABBREV_NEVER | LEDE__WORD_HONORIFIC)) != 0;
	default:
		return 0;
	}
}

/* Folds words[first..last] into f->key and f->surface. */
static int build_key(finder *f, size_t first, size_t last)
{
	size_t i;
	int rc;

	lede__buf_reset(&f->key);
	lede__buf_reset(&f->surface);
	for (i = first; i <= last; i++) {
		const word *w = &f->words[i];

		if (i > first) {
			gap_kind gap = gap_between(f, i - 1, i);

			if (gap == GAP_AMP)
				rc = lede__buf_append_byte(&f->key, '&');
			else if (gap == GAP_HYPHEN)
				rc = lede__buf_append_byte(&f->key, '-');
			else if (gap == GAP_DOT)
				rc = 0;
			else
				rc = lede__buf_append_byte(&f->key, ' ');
			if (rc != 0)
				return rc;
			if (gap == GAP_SPACE || gap == GAP_DOT_SPACE || gap == GAP_COMMA)
				rc = lede__buf_append(&f->surface, f->text + f->words[i - 1].end,
						      f->words[i - 1].token_end - f->words[i - 1].end);
			if (gap == GAP_DOT_SPACE)
				rc = lede__buf_append_str(&f->surface, ". ");
			else if (gap == GAP_SPACE)
				rc = lede__buf_append_byte(&f->surface, ' ');
			else if (gap == GAP_COMMA)
				rc = lede__buf_append_str(&f->surface, ", ");
			else
				rc = lede__buf_append(&f->surface, f->text + f->words[i - 1].token_end,
						      w->start - f->words[i - 1].token_end);
			if (rc != 0)
				return rc;
		}
		if ((rc = lede__buf_append(&f->key, w->norm, w->norm_len)) != 0 ||
		    (rc = lede__buf_append(&f->surface, f->text + w->start, w->end - w->start)) != 0)
			return rc;
	}
	/* Keep the final dot of a dotted abbreviation: "U.S.". */
	if (last > first && gap_between(f, last - 1, last) == GAP_DOT && f->words[last].end < f->len &&
	    f->text[f->words[last].end] == '.' && (rc = lede__buf_append_byte(&f->surface, '.')) != 0)
		return rc;
	return 0;
}

/* The gazetteer entry for words[first..last], or NULL. */
static const lede__gazetteer_name *lookup(finder *f, size_t first, size_t last)
{
	const lede__gazetteer_name *hit;

	if (build_key(f, first, last) != 0)
		return NULL;
	hit = lede__gazetteer_find(lede__buf_str(&f->key), f->key.len);
	if (hit && first == last && f->key.len == 2 && memcmp(lede__buf_str(&f->key), "us", 2) == 0 &&
	    !f->words[first].all_caps)
		return NULL; /* "Us" in "About Us" is no country */
	if (hit && first == last && f->words[first].initial && !f->words[first].all_caps &&
	    lower_has(f, f->words[first].norm, f->words[first].norm_len) &&
	    (f->words[first].classes & (LEDE__WORD_STARTER | LEDE__WORD_NOT_ENTITY)))
		return NULL;
	return hit;
}

static candidate *new_candidate(finder *f)
{
	candidate *c;

	if (f->candidate_count == f->candidate_cap) {
		size_t cap = f->candidate_cap ? f->candidate_cap * 2 : 128;
		candidate *grown = lede__arena_alloc(f->arena, cap * sizeof(*grown));

		if (!grown)
			return NULL;
		if (f->candidate_count)
			memcpy(grown, f->candidates, f->candidate_count * sizeof(*grown));
		f->candidates = grown;
		f->candidate_cap = cap;
	}
	c = &f->candidates[f->candidate_count];
	memset(c, 0, sizeof(*c));
	c->coordinated = -1;
	return c;
}

/* Words that cannot be a name on their own. */
static int not_a_name(const word *w)
{
	if (!w->letters || w->end - w->start < 2)
		return 1;
	return (w->classes & (LEDE__WORD_NOT_ENTITY | LEDE__WORD_MONTH_DAY | LEDE__WORD_DEMONYM |
			      LEDE__WORD_PRONOUN | LEDE__WORD_TITLE | LEDE__WORD_HONORIFIC |
			      LEDE__WORD_TITLE_MODIFIER)) != 0;
}

static int has_digit(const finder *f, const word *w)
{
	uint32_t i;

	for (i = w->start; i < w->end; i++)
		if (f->text[i] >= '0' && f->text[i] <= '9')
			return 1;
	return 0;
}

/* Verbs of speech that people use far more than organizations do. */
static int personal_speech(const word *w)
{
	static const char *const verbs[] = {
		"said", "says", "told", "tells", "added", "adds", "explained", "noted", "wrote", "asked",
		"replied", "recalled", "argued", "insisted", "joked", "quipped", "tweeted", "continued",
	};
	size_t i;

	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (word_is(w, verbs[i]))
			return 1;
	return 0;
}

/* Evidence from the words around a name, after its mentions are cut. */
static void add_context_evidence(finder *f, candidate *c)
{
	const word *w = f->words;
	size_t first = c->first, last = c->last, n = last - first + 1, i;
	float *ev = c->evidence;
	int has_amp = 0, has_all_caps = 0;

	for (i = first + 1; i <= last; i++)
		if (gap_between(f, i - 1, i) == GAP_AMP)
			has_amp = 1;
	for (i = first; i <= last; i++)
		has_all_caps |= w[i].all_caps;
	if (c->gazetteer)
		ev[c->gazetteer->type] += GAZETTEER_WEIGHT;
	if (c->honorific_before)
		ev[LEDE__ENTITY_PERSON] += 6;
	else if (c->title_before)
		ev[LEDE__ENTITY_PERSON] += 4;
	if (c->employer)
		ev[LEDE__ENTITY_ORGANIZATION] += 3;
	if (has_amp)
		ev[LEDE__ENTITY_ORGANIZATION] += 4;
	if (n >= 2 && (w[last].classes & LEDE__WORD_ORG_SUFFIX))
		ev[LEDE__ENTITY_ORGANIZATION] += 5;
	if (n >= 2 && (w[last].classes & LEDE__WORD_PLACE_WORD))
		ev[LEDE__ENTITY_PLACE] += 4;
	for (i = first + 1; i < last; i++) {
		/* "Ministry of Economy", "University of Lagos"; "Republic of Korea", "Gulf of Mexico". */
		if (!word_is(&w[i], "of"))
			continue;
		if (w[i - 1].classes & LEDE__WORD_ORG_SUFFIX)
			ev[LEDE__ENTITY_ORGANIZATION] += 5;
		else if (w[i - 1].classes & LEDE__WORD_PLACE_WORD)
			ev[LEDE__ENTITY_PLACE] += 4;
		break;
	}
	if (n == 1 && w[first].all_caps && w[first].end - w[first].start <= 5)
		ev[LEDE__ENTITY_ORGANIZATION] += 2;
	if (n == 1 && w[first].inner_cap)
		ev[LEDE__ENTITY_ORGANIZATION] += 1;
	if (n >= 2 && n <= 3 && !has_all_caps && !has_amp &&
	    !(w[last].classes & (LEDE__WORD_ORG_SUFFIX | LEDE__WORD_PLACE_WORD))) {
		/* Two or three name-like words are most often a person: "Paras Guglani". */
		int name_like = 1;

		for (i = first; i <= last; i++) {
			const word *x = &w[i];

			if (x->classes & (LEDE__WORD_GIVEN_NAME | LEDE__WORD_SURNAME))
				continue;
			if (x->end - x->start < 3 || has_digit(f, x) || lower_has(f, x->norm, x->norm_len) ||
			    (x->classes & (LEDE__WORD_DEMONYM | LEDE__WORD_NOT_ENTITY | LEDE__WORD_ORG_CUE)))
				name_like = 0;
		}
		if (name_like)
			ev[LEDE__ENTITY_PERSON] += (w[first].classes & (LEDE__WORD_GIVEN_NAME | LEDE__WORD_SURNAME)) ? 3 : 1;
	}
	if (n == 1 && (w[first].classes & LEDE__WORD_GIVEN_NAME))
		ev[LEDE__ENTITY_PERSON] += 0.5f;

	/* Before the name. */
	if (first > 0 && same_sentence(f, first - 1, first)) {
		size_t p = first - 1;
		gap_kind gap = gap_between(f, p, first);
		const word *before = &w[p];

		if (gap == GAP_SPACE && (before->classes & LEDE__WORD_TITLE) && !before->cap && !before->possessive)
			ev[LEDE__ENTITY_PERSON] += 4; /* chairman Lei Jun */
		else if (gap == GAP_COMMA && (before->classes & LEDE__WORD_TITLE) && !before->cap && p > 0 &&
			 same_sentence(f, p - 1, p) &&
			 ((w[p - 1].classes & LEDE__WORD_TITLE_MODIFIER) || w[p - 1].possessive ||
			  word_is(&w[p - 1], "the") || word_is(&w[p - 1], "its") || word_is(&w[p - 1], "his") ||
			  word_is(&w[p - 1], "her") || word_is(&w[p - 1], "their")))
			ev[LEDE__ENTITY_PERSON] += 4; /* the company's vice president, Wang Xiang */
		if (gap == GAP_SPACE && (before->classes & LEDE__WORD_ORG_CUE) && !before->possessive &&
		    !before->cap)
			ev[LEDE__ENTITY_ORGANIZATION] += 3; /* smartphone maker Xiaomi */
		if (gap == GAP_SPACE && (before->classes & LEDE__WORD_PLACE_PREP) && !before->cap) {
			int strong = word_is(before, "in") || word_is(before, "across") ||
				     word_is(before, "throughout") || word_is(before, "near") ||
				     word_is(before, "outside") || word_is(before, "inside") ||
				     word_is(before, "within");

			ev[LEDE__ENTITY_PLACE] += strong ? 1.5f : 0.5f;
		}
		if ((gap == GAP_SPACE || gap == GAP_COMMA) && (word_is(before, "capital") || word_is(before, "city")))
			ev[LEDE__ENTITY_PLACE] += 3; /* the Spanish capital, Madrid */
		if (gap == GAP_SPACE && (before->classes & LEDE__WORD_SPEECH_VERB) && !before->cap)
			ev[LEDE__ENTITY_PERSON] += 1.5f; /* said Lei Jun */
		if (gap == GAP_SPACE && (word_is(before, "at") || word_is(before, "with") || word_is(before, "for")) &&
		    p > 0 && same_sentence(f, p - 1, p) &&
		    (w[p - 1].classes & (LEDE__WORD_TITLE | LEDE__WORD_PERSON_ROLE)) && !w[p - 1].cap)
			ev[LEDE__ENTITY_ORGANIZATION] += 2; /* an executive at Qualcomm */
		if (gap == GAP_SPACE && word_is(before, "to") && p > 0 && word_is(&w[p - 1], "according"))
			ev[LEDE__ENTITY_PERSON] += 0.5f;
	}
	/* After the name. */
	if (last + 1 < f->count && same_sentence(f, last, last + 1)) {
		size_t q = last + 1;
		gap_kind gap = gap_between(f, last, q);
		const word *after = &w[q];

		if (gap == GAP_HYPHEN && word_is(after, "based"))
			ev[LEDE__ENTITY_PLACE] += 3; /* China-based */
		if ((gap == GAP_SPACE || gap == GAP_OTHER) && title_part(after) && !(after->classes & LEDE__WORD_SPEECH_VERB)) {
			/* Xiaomi chairman Lei Jun, Huawei's CEO, Huawei rotating CEO Richard Yu */
			size_t k = q;
			int title = 0;

			while (k < f->count && same_sentence(f, q, k) && title_part(&w[k]) && k - q < 4) {
				title |= title_word(&w[k]);
				k++;
			}
			if (title && (w[last].possessive || gap == GAP_SPACE))
				ev[LEDE__ENTITY_ORGANIZATION] +=
					k < f->count && same_sentence(f, q, k) && capitalized(&w[k]) ? 3.0f : 1.5f;
		}
		if (gap == GAP_SPACE && personal_speech(after)) {
			ev[LEDE__ENTITY_PERSON] += 1;
			ev[LEDE__ENTITY_ORGANIZATION] += 0.5f;
			if (word_is(after, "told") || word_is(after, "tells"))
				ev[LEDE__ENTITY_PERSON] += 1.5f;
		}
		{
			/* The next pronoun of the sentence: "Huawei announced its", "Lei Jun revealed his". */
			size_t k;

			for (k = q; k < f->count && k < q + 8 && same_sentence(f, q, k); k++) {
				if (capitalized(&w[k]) && !w[k].initial)
					break;
				if (word_is(&w[k], "its") || word_is(&w[k], "it")) {
					ev[LEDE__ENTITY_ORGANIZATION] += 1;
					break;
				}
				if (word_is(&w[k], "his") || word_is(&w[k], "he") || word_is(&w[k], "her") ||
				    word_is(&w[k], "she")) {
					ev[LEDE__ENTITY_PERSON] += 1;
					break;
				}
			}
		}
		if (gap == GAP_COMMA) {
			/* An apposition: "Wang Xiang, the company's vice president," or "Xiaomi, the Chinese maker,". */
			size_t k;
			int where = word_is(after, "where");

			for (k = q; k < f->count && k < q + APPOSITION_WORDS && same_sentence(f, q, k); k++) {
				if (k > q && gap_between(f, k - 1, k) != GAP_SPACE &&
				    gap_between(f, k - 1, k) != GAP_OTHER)
					break;
				if (w[k].classes & LEDE__WORD_ORG_CUE && !w[k].cap && !where) {
					ev[LEDE__ENTITY_ORGANIZATION] += 3;
					break;
				}
				if ((w[k].classes & (LEDE__WORD_TITLE | LEDE__WORD_PERSON_ROLE)) && !w[k].cap &&
				    !w[k].possessive) {
					if (where)
						ev[LEDE__ENTITY_ORGANIZATION] += 2; /* Qualcomm, where he was an executive */
					else
						ev[LEDE__ENTITY_PERSON] += 3;
					break;
				}
			}
			if (k == q && f->text[w[q].start] >= '0' && f->text[w[q].start] <= '9' && w[q].end - w[q].start <= 3)
				ev[LEDE__ENTITY_PERSON] += 3; /* Smith, 45, */
		}
	}
}

/*
 * Turns the run words[first..last] into zero, one or two candidates: strips
 * what is capitalized only by position and leading titles, cuts at a title
 * inside ("Xiaomi Chairman Lei Jun").
 */
static int add_run(finder *f, size_t first, size_t last, int title_before, int honorific_before)
{
	word *w = f->words;
	const lede__gazetteer_name *hit = NULL;
	candidate *c;
	size_t i;

	while (first <= last) {
		hit = lookup(f, first, last);
		if (hit)
			break;
		/* "The Verge": keep "The" only as part of a known name. */
		if (first < last && word_is(&w[first], "the") && (hit = lookup(f, first + 1, last)) != NULL) {
			first++;
			break;
		}
		if (title_word(&w[first]) || ((w[first].classes & LEDE__WORD_TITLE_MODIFIER) && first < last &&
					       title_part(&w[first + 1]))) {
			/* A leading title run: "Vice President Joe Biden", "Mr. Netanyahu", "Secretary of State X". */
			size_t k = first;
			int title = 0;

			while (k <= last && title_part(&w[k])) {
				title |= title_word(&w[k]);
				honorific_before |= (w[k].classes & LEDE__WORD_HONORIFIC) != 0;
				k++;
			}
			if (!title || k > last)
				break;
			if (word_is(&w[k], "of")) {
				/* "Editor of Wireless Week", "Secretary of Commerce": no person follows. */
				first = k + 1;
				title_before = 0;
				honorific_before = 0;
				continue;
			}
			if (w[k].classes & (LEDE__WORD_ORG_SUFFIX | LEDE__WORD_PLACE_WORD))
				break;
			title_before = 1;
			first = k;
			continue;
		}
		{
			/* Common words capitalized by position or habit: "But Huawei", "Carriers such as". */
			const word *head = &w[first];
			int common = !head->all_caps &&
				     ((head->classes & (LEDE__WORD_STARTER | LEDE__WORD_PRONOUN | LEDE__WORD_MONTH_DAY)) ||
				      is_stop(head));
			int positional = head->initial && !head->all_caps && !head->inner_cap &&
					 lower_has(f, head->norm, head->norm_len);

			if (common || positional) {
				first++;
				if (first <= last)
					w[first].initial = 0;
				continue;
			}
		}
		if (first < last && (w[first].classes & LEDE__WORD_DEMONYM) &&
		    !(w[last].classes & LEDE__WORD_ORG_SUFFIX)) {
			first++;
			continue;
		}
		break;
	}
	if (first > last)
		return 0;
	if (!hit) {
		/* A title inside the run cuts it: employer on the left, person on the right. */
		for (i = first + 1; i < last; i++) {
			size_t k = i;
			int title = 0;

			if (!title_part(&w[i]))
				continue;
			while (k <= last && title_part(&w[k])) {
				title |= title_word(&w[k]);
				k++;
			}
			if (!title || k > last)
				continue;
			{
				size_t left_count = f->candidate_count;
				int rc = add_run(f, first, i - 1, title_before, honorific_before);

				if (rc != 0)
					return rc;
				for (size_t m = left_count; m < f->candidate_count; m++)
					f->candidates[m].employer = 1;
				return add_run(f, k, last, 1, 0);
			}
		}
		/* Trailing titles: "Xiaomi CEO" is "Xiaomi". */
		while (last > first && title_part(&w[last]) && !(w[last].classes & LEDE__WORD_ORG_SUFFIX))
			last--;
		if (first == last && (not_a_name(&w[first]) || has_digit(f, &w[first])))
			return 0; /* a common word, or a model number ("N300") */
		if (first < last) {
			int all_common = 1;

			for (i = first; i <= last; i++)
				if (!not_a_name(&w[i]))
					all_common = 0;
			if (all_common)
				return 0;
		}
		if (first == last && (w[first].classes & (LEDE__WORD_ORG_SUFFIX | LEDE__WORD_PLACE_WORD)) &&
		    lower_has(f, w[first].norm, w[first].norm_len))
			return 0;
	}
	c = new_candidate(f);
	if (!c)
		return lede__error_nomem();
	c->first = (uint32_t)first;
	c->last = (uint32_t)last;
	c->gazetteer = hit;
	c->title_before = (uint8_t)title_before;
	c->honorific_before = (uint8_t)honorific_before;
	c->ambiguous = !hit && first == last && w[first].initial && !w[first].all_caps && !w[first].inner_cap;
	if (build_key(f, first, last) != 0)
		return lede__error_nomem();
	c->key = lede__arena_strndup(f->arena, lede__buf_str(&f->key), f->key.len);
	c->surface = lede__arena_strndup(f->arena, lede__buf_str(&f->surface), f->surface.len);
	if (!c->key || !c->surface)
		return lede__error_nomem();
	f->candidate_count++;
	return 0;
}

static int find_candidates(finder *f)
{
	size_t i = 0;
	int rc;

	while (i < f->count) {
		const word *w = &f->words[i];
		size_t j = i;

		if (w->skip || !capitalized(w)) {
			i++;
			continue;
		}
		while (j + 1 < f->count && j - i + 1 < MAX_NAME_WORDS) {
			if (joins(f, j, j + 1)) {
				j++;
				continue;
			}
			/* "Bank of America", "Charles de Gaulle": a connector between capitals. */
			if (j + 2 < f->count && (f->words[j + 1].classes & LEDE__WORD_CONNECTOR) &&
			    !f->words[j + 1].cap && gap_between(f, j, j + 1) == GAP_SPACE &&
			    gap_between(f, j + 1, j + 2) == GAP_SPACE && same_sentence(f, j, j + 2) &&
			    capitalized(&f->words[j + 2]) && !f->words[j].possessive &&
			    !(j == i && f->words[j].initial) &&
			    (!word_is(&f->words[j + 1], "of") ||
			     (f->words[j].classes & (LEDE__WORD_ORG_SUFFIX | LEDE__WORD_PLACE_WORD | LEDE__WORD_TITLE)))) {
				j += 2;
				continue;
			}
			break;
		}
		if ((rc = add_run(f, i, j, 0, 0)) != 0)
			return rc;
		i = j + 1;
	}
	return 0;
}

/* Links each candidate to the previous one when a list joins them: "AT&T and Verizon". */
static void link_coordinations(finder *f)
{
	size_t i;

	for (i = 1; i < f->candidate_count; i++) {
		candidate *b = &f->candidates[i - 1], *c = &f->candidates[i];
		size_t between = c->first - b->last - 1;
		gap_kind gap;

		if (!same_sentence(f, b->last, c->first))
			continue;
		if (between == 0) {
			if (gap_between(f, b->last, c->first) == GAP_COMMA)
				c->coordinated = (int32_t)(i - 1);
		} else if (between == 1) {
			const word *mid = &f->words[b->last + 1];

			gap = gap_between(f, b->last, b->last + 1);
			if ((word_is(mid, "and") || word_is(mid, "or")) && (gap == GAP_SPACE || gap == GAP_COMMA))
				c->coordinated = (int32_t)(i - 1);
		}
	}
}

/* ---- the pool of entities ---- */

static int pool_init(pool *p, lede__arena *arena, size_t expected)
{
	size_t slots = 64;

	memset(p, 0, sizeof(*p));
	p->arena = arena;
	while (slots < expected * 2 + 2)
		slots *= 2;
	p->slots = lede__arena_alloc(arena, slots * sizeof(*p->slots));
	p->items = lede__arena_alloc(arena, (expected + 1) * sizeof(*p->items));
	if (!p->slots || !p->items)
		return lede__error_nomem();
	memset(p->slots, 0, slots * sizeof(*p->slots));
	p->slot_count = slots;
	p->cap = expected + 1;
	return 0;
}

static size_t count_words(const char *key)
{
	size_t n = 1;

	for (; *key; key++)
		if (*key == ' ')
			n++;
	return n;
}

/* The item with `key`, created when missing; NULL when the pool is full. */
static pool_item *pool_get(pool *p, const char *key, const char *name, int *created)
{
	size_t len = strlen(key);
	size_t i = (size_t)lede__hash64(key, len) & (p->slot_count - 1);
	pool_item *item;

	*created = 0;
	while (p->slots[i]) {
		item = &p->items[p->slots[i] - 1];
		if (strcmp(item->key, key) == 0)
			return item;
		i = (i + 1) & (p->slot_count - 1);
	}
	if (p->count >= p->cap)
		return NULL;
	item = &p->items[p->count];
	memset(item, 0, sizeof(*item));
	item->key = key;
	item->name = name;
	item->words = (uint32_t)count_words(key);
	item->parent = (uint32_t)p->count;
	item->first = UINT32_MAX;
	item->first_sentence = UINT32_MAX;
	p->slots[i] = (uint32_t)(++p->count);
	*created = 1;
	return item;
}

static uint32_t find_root(pool *p, uint32_t i)
{
	while (p->items[i].parent != i) {
		p->items[i].parent = p->items[p->items[i].parent].parent;
		i = p->items[i].parent;
	}
	return i;
}

static int best_type(const float evidence[4])
{
	int best = LEDE__ENTITY_OTHER, t;
	float top = TYPE_THRESHOLD - 0.001f;

	for (t = LEDE__ENTITY_PERSON; t <= LEDE__ENTITY_PLACE; t++)
		if (evidence[t] > top) {
			top = evidence[t];
			best = t;
		}
	return best;
}

/* Word `index` (0-based, -1: the last) of a key, as pointer and length. */
static const char *key_word(const char *key, int index, size_t *len)
{
	const char *start = key, *s;
	int n = 0;

	if (index < 0) {
		s = strrchr(key, ' ');
		start = s ? s + 1 : key;
		*len = strlen(start);
		return start;
	}
	for (s = key;; s++) {
		if (*s == ' ' || *s == '\0') {
			if (n == index) {
				*len = (size_t)(s - start);
				return start;
			}
			if (*s == '\0')
				return NULL;
			n++;
			start = s + 1;
		}
	}
}

static void pool_union(pool *p, uint32_t into, uint32_t from)
{
	into = find_root(p, into);
	from = find_root(p, from);
	if (into != from)
		p->items[from].parent = into;
}

/* A string-to-index map in the arena, for the alias passes (open addressing). */
typedef struct word_map {
	const char **keys;
	uint32_t *lens, *values;
	size_t slots;
} word_map;

static int map_init(word_map *m, lede__arena *arena, size_t expected)
{
	size_t slots = 64;

	while (slots < expected * 2 + 2)
		slots *= 2;
	m->keys = lede__arena_alloc(arena, slots * sizeof(*m->keys));
	m->lens = lede__arena_alloc(arena, slots * sizeof(*m->lens));
	m->values = lede__arena_alloc(arena, slots * sizeof(*m->values));
	if (!m->keys || !m->lens || !m->values)
		return lede__error_nomem();
	memset(m->keys, 0, slots * sizeof(*m->keys));
	m->slots = slots;
	return 0;
}

/* The slot of key[0..len): its own when present, else the empty one where it goes. */
static size_t map_slot(const word_map *m, const char *key, size_t len)
{
	size_t i = (size_t)lede__hash64(key, len) & (m->slots - 1);

	while (m->keys[i] && !(m->lens[i] == len && memcmp(m->keys[i], key, len) == 0))
		i = (i + 1) & (m->slots - 1);
	return i;
}

static uint32_t map_get(const word_map *m, const char *key, size_t len)
{
	size_t i = map_slot(m, key, len);

	return m->keys[i] ? m->values[i] : UINT32_MAX;
}

/* Keeps for each key the item with the most mentions. */
static void map_put_best(word_map *m, const pool *p, const char *key, size_t len, uint32_t item)
{
	size_t i = map_slot(m, key, len);

	if (m->keys[i] && p->items[m->values[i]].mentions >= p->items[item].mentions)
		return;
	m->keys[i] = key;
	m->lens[i] = (uint32_t)len;
	m->values[i] = item;
}

/*
 * Alias merging (after coreference heuristics of news NER systems): a
 * one-word name joins the person whose full name ends with it (or starts
 * with it, for family names written first), the most mentioned one; "X
 * Group" joins "X"; an acronym joins the name whose initials it spells.
 * Each pass indexes the pool once, so merging stays linear.
 */
static int merge_aliases(pool *p)
{
	word_map surnames, family_first, keys, initials;
	size_t i;
	int rc;

	if ((rc = map_init(&surnames, p->arena, p->count)) != 0 || (rc = map_init(&family_first, p->arena, p->count)) != 0 ||
	    (rc = map_init(&keys, p->arena, p->count)) != 0 || (rc = map_init(&initials, p->arena, p->count)) != 0)
		return rc;
	for (i = 0; i < p->count; i++) {
		pool_item *b = &p->items[i];
		const char *w;
		size_t len;

		map_put_best(&keys, p, b->key, strlen(b->key), (uint32_t)i);
		if (b->words >= 2 && b->words <= 8) {
			/* Initials of the words but connectors: "World Health Organization" is "who". */
			char *letters = lede__arena_alloc(p->arena, 9);
			size_t n = 0;
			const char *s = b->key;

			if (!letters)
				return lede__error_nomem();
			while (*s && n < 8) {
				const char *e = s;
				size_t wl;

				while (*e && *e != ' ')
					e++;
				wl = (size_t)(e - s);
				if (!(lede__word_classes(s, wl) & LEDE__WORD_CONNECTOR) && !(wl == 3 && memcmp(s, "and", 3) == 0))
					letters[n++] = *s;
				s = *e ? e + 1 : e;
			}
			letters[n] = '\0';
			map_put_best(&initials, p, letters, n, (uint32_t)i);
		}
		if (b->words < 2 || b->words > 4 || b->gazetteer || best_type(b->evidence) != LEDE__ENTITY_PERSON)
			continue;
		w = key_word(b->key, -1, &len);
		map_put_best(&surnames, p, w, len, (uint32_t)i);
		w = key_word(b->key, 0, &len);
		if (lede__word_classes(w, len) & LEDE__WORD_SURNAME)
			map_put_best(&family_first, p, w, len, (uint32_t)i);
	}
	for (i = 0; i < p->count; i++) {
		pool_item *a = &p->items[i];
		size_t len = strlen(a->key);
		uint32_t best;

		if (a->words == 1 && !a->gazetteer && a->evidence[LEDE__ENTITY_PLACE] < 3 &&
		    !(a->evidence[LEDE__ENTITY_ORGANIZATION] >= 3 &&
		      a->evidence[LEDE__ENTITY_ORGANIZATION] > a->evidence[LEDE__ENTITY_PERSON])) {
			best = map_get(&surnames, a->key, len);
			if (best == UINT32_MAX)
				best = map_get(&family_first, a->key, len);
			if (best != UINT32_MAX && best != i) {
				pool_union(p, best, (uint32_t)i);
				continue;
			}
		}
		if (a->words >= 2 && !a->gazetteer) {
			/* "Xiaomi Group" and "Xiaomi". */
			size_t lw_len;
			const char *lw = key_word(a->key, -1, &lw_len);

			if (lede__word_classes(lw, lw_len) & LEDE__WORD_ORG_SUFFIX) {
				size_t base_len = (size_t)(lw - a->key) - 1;
				uint32_t base = map_get(&keys, a->key, base_len);

				if (base != UINT32_MAX && base != i && best_type(p->items[base].evidence) != LEDE__ENTITY_PERSON &&
				    best_type(p->items[base].evidence) != LEDE__ENTITY_PLACE) {
					if (p->items[base].mentions >= a->mentions)
						pool_union(p, base, (uint32_t)i);
					else
						pool_union(p, (uint32_t)i, base);
				}
			}
		}
		if (a->words == 1 && len >= 2 && len <= 6 && !a->gazetteer) {
			best = map_get(&initials, a->key, len);
			if (best != UINT32_MAX && best != i)
				pool_union(p, best, (uint32_t)i);
		}
	}
	return 0;
}

/* Collapses alias groups into their roots: sums, canonical name, type. */
static void pool_collapse(pool *p)
{
	size_t i;

	for (i = 0; i < p->count; i++) {
		uint32_t root = find_root(p, (uint32_t)i);
		pool_item *a = &p->items[i], *r = &p->items[root];

		if (root == i)
			continue;
		for (int t = 0; t < 4; t++)
			r->evidence[t] += a->evidence[t];
		/* A person is named by the longest form; others by the most mentioned one. */
		if ((best_type(r->evidence) == LEDE__ENTITY_PERSON && a->words > r->words && !r->gazetteer) ||
		    (a->gazetteer && !r->gazetteer)) {
			r->name = a->name;
			r->words = a->words;
			r->key = a->key;
			r->gazetteer = a->gazetteer;
		}
		r->mentions += a->mentions;
		r->confirmed += a->confirmed;
		r->document_mask |= a->document_mask;
		if (a->documents > r->documents)
			r->documents = a->documents;
		if (a->first < r->first)
			r->first = a->first;
		if (a->first_sentence < r->first_sentence)
			r->first_sentence = a->first_sentence;
		r->salience += a->salience;
		r->news |= a->news;
		a->dropped = 1;
	}
	for (i = 0; i < p->count; i++) {
		pool_item *a = &p->items[i];
		uint32_t bits = (uint32_t)__builtin_popcountll(a->document_mask);

		a->type = (uint8_t)best_type(a->evidence);
		/*
		 * One word with weak person evidence and no full name to join is
		 * more often a company or a product than a person ("Huawei announced").
		 */
		if (a->type == LEDE__ENTITY_PERSON && a->words == 1 && !a->gazetteer &&
		    a->evidence[LEDE__ENTITY_PERSON] < 3)
			a->type = a->evidence[LEDE__ENTITY_ORGANIZATION] >= TYPE_THRESHOLD ? LEDE__ENTITY_ORGANIZATION
											 : LEDE__ENTITY_OTHER;
		if (bits > a->documents)
			a->documents = bits;
	}
}

static int compare_salience(const void *a, const void *b)
{
	const lede__entity *x = a, *y = b;

	if (x->salience != y->salience)
		return x->salience > y->salience ? -1 : 1;
	if (x->first != y->first)
		return x->first < y->first ? -1 : 1;
	return strcmp(x->name, y->name);
}

typedef struct ranked {
	lede__entity entity;
	uint32_t root;
} ranked;

static int compare_ranked(const void *a, const void *b)
{
	return compare_salience(&((const ranked *)a)->entity, &((const ranked *)b)->entity);
}

/*
 * Writes the kept roots of the pool to out->items and the tentative ones to
 * out->tentative; map[i] gets each pool item's index in out->items or
 * UINT32_MAX.
 */
static int pool_output(pool *p, lede__entities *out, uint32_t *map)
{
	size_t i, n = 0, tentative = 0;
	lede__entity *items;
	ranked *order;

	items = lede__arena_alloc(p->arena, (p->count + 1) * sizeof(*items));
	order = lede__arena_alloc(p->arena, (p->count + 1) * sizeof(*order));
	out->tentative = lede__arena_alloc(p->arena, (p->count + 1) * sizeof(*out->tentative));
	if (!items || !order || !out->tentative)
		return lede__error_nomem();
	for (i = 0; i < p->count; i++) {
		pool_item *a = &p->items[i];
		lede__entity *e;

		if (a->dropped || find_root(p, (uint32_t)i) != i)
			continue;
		if (a->tentative) {
			e = &out->tentative[tentative++];
			memset(e, 0, sizeof(*e));
			e->name = a->name;
			e->type = a->type;
			e->mentions = a->mentions;
			e->documents = a->documents ? a->documents : 1;
			e->first = a->first == UINT32_MAX ? 0 : a->first;
			e->salience = a->salience;
			memcpy(e->evidence, a->evidence, sizeof(e->evidence));
			continue;
		}
		order[n].root = (uint32_t)i;
		e = &order[n++].entity;
		memset(e, 0, sizeof(*e));
		e->name = a->name;
		e->type = a->type;
		e->news = a->news;
		e->mentions = a->mentions;
		e->documents = a->documents ? a->documents : 1;
		e->first = a->first == UINT32_MAX ? 0 : a->first;
		e->salience = a->salience;
		memcpy(e->evidence, a->evidence, sizeof(e->evidence));
	}
	qsort(order, n, sizeof(*order), compare_ranked);
	if (map)
		for (i = 0; i < p->count; i++)
			map[i] = UINT32_MAX;
	for (i = 0; i < n; i++) {
		items[i] = order[i].entity;
		if (map)
			map[order[i].root] = (uint32_t)i;
	}
	out->items = items;
	out->count = n;
	out->tentative_count = tentative;
	return 0;
}

/* ---- lede__entities_find ---- */

static int entities_find(lede__entities *out, lede__arena *arena, const char *text, size_t len)
{
	finder f;
	pool p;
	uint32_t *map = NULL;
	lede__entity_mention *mentions = NULL;
	size_t i, n = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if (len >= UINT32_MAX)
		return lede__error(LEDE_ETOOBIG, "text of %zu bytes is too long for entity finding", len);
	memset(&f, 0, sizeof(f));
	f.text = (const unsigned char *)text;
	f.len = len;
	f.arena = arena;
	lede__buf_init(&f.key, MAX_KEY * 4);
	lede__buf_init(&f.surface, MAX_KEY * 4);
	if ((rc = build_words(&f)) != 0 || (rc = find_candidates(&f)) != 0)
		goto cleanup;
	link_coordinations(&f);
	for (i = 0; i < f.candidate_count; i++)
		add_context_evidence(&f, &f.candidates[i]);
	if ((rc = pool_init(&p, arena, f.candidate_count)) != 0)
		goto cleanup;
	for (i = 0; i < f.candidate_count; i++) {
		candidate *c = &f.candidates[i];
		const char *key = c->key, *name = c->surface;
		pool_item *item;
		int created;

		if (c->gazetteer) {
			/* All aliases of a known name share one entity: "U.S.", "US", "America". */
			key = c->gazetteer->name;
			name = c->gazetteer->name;
		}
		item = pool_get(&p, key, name, &created);
		if (!item) {
			rc = lede__error_nomem();
			goto cleanup;
		}
		if (created && c->gazetteer) {
			item->gazetteer = 1;
			item->news = c->gazetteer->news;
			item->words = (uint32_t)count_words(c->key);
		}
		for (int t = 0; t < 4; t++)
			item->evidence[t] += c->evidence[t];
		item->mentions++;
		item->documents = 1;
		if (!c->ambiguous)
			item->confirmed++;
		if (f.words[c->first].start < item->first) {
			item->first = f.words[c->first].start;
			item->first_sentence = f.words[c->first].sentence;
		}
		c->entity = (uint32_t)(item - p.items);
	}
	/* Names typed by nothing take the type of the names listed with them. */
	for (int round = 0; round < 2; round++) {
		for (i = 0; i < f.candidate_count; i++) {
			candidate *c = &f.candidates[i];
			pool_item *a, *b;
			int ta, tb;

			if (c->coordinated < 0)
				continue;
			a = &p.items[c->entity];
			b = &p.items[f.candidates[c->coordinated].entity];
			ta = best_type(a->evidence);
			tb = best_type(b->evidence);
			if (ta == LEDE__ENTITY_OTHER && tb != LEDE__ENTITY_OTHER)
				a->evidence[tb] += TYPE_THRESHOLD;
			else if (tb == LEDE__ENTITY_OTHER && ta != LEDE__ENTITY_OTHER)
				b->evidence[ta] += TYPE_THRESHOLD;
		}
	}
	if ((rc = merge_aliases(&p)) != 0)
		goto cleanup;
	/*
	 * Names only ever capitalized by their position are tentative unless
	 * an alias or strong evidence ("Brightwave CEO Ola Berg") confirms them.
	 */
	{
		float *evidence = lede__arena_alloc(arena, (p.count + 1) * 4 * sizeof(*evidence));
		uint8_t *confirmed = lede__arena_alloc(arena, p.count + 1);

		if (!evidence || !confirmed) {
			rc = lede__error_nomem();
			goto cleanup;
		}
		memset(evidence, 0, (p.count + 1) * 4 * sizeof(*evidence));
		memset(confirmed, 0, p.count + 1);
		for (i = 0; i < p.count; i++) {
			uint32_t root = find_root(&p, (uint32_t)i);

			confirmed[root] |= p.items[i].confirmed != 0;
			for (int t = 0; t < 4; t++)
				evidence[root * 4 + t] += p.items[i].evidence[t];
		}
		for (i = 0; i < p.count; i++) {
			if (find_root(&p, (uint32_t)i) != i || p.items[i].gazetteer)
				continue;
			for (int t = LEDE__ENTITY_PERSON; t <= LEDE__ENTITY_PLACE; t++)
				confirmed[i] |= evidence[i * 4 + t] >= 3;
			p.items[i].tentative = !confirmed[i];
		}
	}
	for (i = 0; i < p.count; i++) {
		pool_item *a = &p.items[i];

		/* Salience: mentions, and a bonus for the first sentences (news puts the main actors first). */
		a->salience = a->mentions;
		if (a->first_sentence != UINT32_MAX && find_root(&p, (uint32_t)i) == i)
			a->salience += 2.0 / (1.0 + a->first_sentence / 3.0);
	}
	pool_collapse(&p);
	map = lede__arena_alloc(arena, (p.count + 1) * sizeof(*map));
	if (!map) {
		rc = lede__error_nomem();
		goto cleanup;
	}
	if ((rc = pool_output(&p, out, map)) != 0)
		goto cleanup;
	mentions = lede__arena_alloc(arena, (f.candidate_count + 1) * sizeof(*mentions));
	if (!mentions) {
		rc = lede__error_nomem();
		goto cleanup;
	}
	for (i = 0; i < f.candidate_count; i++) {
		candidate *c = &f.candidates[i];
		uint32_t root = find_root(&p, c->entity);

		if (map[root] == UINT32_MAX)
			continue;
		mentions[n].start = f.words[c->first].start;
		mentions[n].end = f.words[c->last].end;
		if (c->last > c->first && gap_between(&f, c->last - 1, c->last) == GAP_DOT &&
		    mentions[n].end < len && text[mentions[n].end] == '.')
			mentions[n].end++;
		mentions[n].entity = map[root];
		mentions[n].sentence = f.words[c->first].sentence;
		n++;
	}
	out->mentions = mentions;
	out->mention_count = n;
	rc = 0;
cleanup:
	lede__buf_free(&f.key);
	lede__buf_free(&f.surface);
	if (rc != 0)
		memset(out, 0, sizeof(*out));
	return rc;
}

/* ---- merging the entities of several documents ---- */

/* Folds a name into a key as the finder would (tokens joined by spaces, abbreviation dots dropped). */
static char *fold_name(lede__arena *arena, const char *name, lede__buf *scratch)
{
	lede__tokens tokens;
	size_t i, len = strlen(name);

	if (lede__tokenize(&tokens, arena, name, len, MAX_NAME_WORDS * 4) != 0)
		return NULL;
	lede__buf_reset(scratch);
	for (i = 0; i < tokens.count; i++) {
		const lede__token *t = &tokens.items[i];
		size_t norm_len = t->norm_len;

		if (i > 0) {
			uint32_t gap_start = tokens.items[i - 1].end;
			int dot = gap_start < t->start && name[gap_start] == '.' && gap_start + 1 == t->start;
			int amp = memchr(name + gap_start, '&', t->start - gap_start) != NULL;
			int hyphen = t->start == gap_start + 1 && name[gap_start] == '-';

			if (!dot && lede__buf_append_byte(scratch, amp ? '&' : hyphen ? '-' : ' ') != 0)
				return NULL;
		}
		if (norm_len > 2 && t->norm[norm_len - 2] == '\'' && t->norm[norm_len - 1] == 's')
			norm_len -= 2;
		if (lede__buf_append(scratch, t->norm, norm_len) != 0)
			return NULL;
	}
	return lede__arena_strndup(arena, lede__buf_str(scratch), scratch->len);
}

int lede__entities_merge(lede__entities *out, lede__arena *arena, const lede__entities *documents,
			 size_t count)
{
	pool p;
	lede__buf scratch;
	size_t total = 0, d, i;
	int rc;

	memset(out, 0, sizeof(*out));
	lede__buf_init(&scratch, MAX_KEY * 4);
	for (d = 0; d < count; d++)
		total += documents[d].count + documents[d].tentative_count;
	if ((rc = pool_init(&p, arena, total)) != 0)
		goto cleanup;
	for (d = 0; d < count; d++) {
		for (i = 0; i < documents[d].count + documents[d].tentative_count; i++) {
			int tentative = i >= documents[d].count;
			const lede__entity *e = tentative ? &documents[d].tentative[i - documents[d].count]
							  : &documents[d].items[i];
			const lede__gazetteer_name *hit;
			char *key = fold_name(arena, e->name, &scratch);
			pool_item *item;
			int created;

			if (!key) {
				rc = lede__error_nomem();
				goto cleanup;
			}
			item = pool_get(&p, key, e->name, &created);
			if (!item) {
				rc = lede__error_nomem();
				goto cleanup;
			}
			hit = lede__gazetteer_find(key, strlen(key));
			if (created && hit && strcmp(hit->name, e->name) == 0)
				item->gazetteer = 1;
			for (int t = 0; t < 4; t++)
				item->evidence[t] += e->evidence[t];
			item->mentions += e->mentions;
			item->documents += e->documents ? e->documents : 1;
			if (d < 64)
				item->document_mask |= (uint64_t)1 << d;
			if (!tentative)
				item->confirmed += e->mentions;
			item->news |= e->news;
			item->salience += e->salience;
			if (created)
				item->first = e->first;
		}
	}
	if ((rc = merge_aliases(&p)) != 0)
		goto cleanup;
	pool_collapse(&p);
	for (i = 0; i < p.count; i++) {
		pool_item *a = &p.items[i];

		if (find_root(&p, (uint32_t)i) != i)
			continue;
		/* A name confirmed by no document stays tentative (cross-document consistency). */
		a->tentative = a->confirmed == 0;
		a->salience += (double)a->documents;
	}
	rc = pool_output(&p, out, NULL);
cleanup:
	lede__buf_free(&scratch);
	if (rc != 0)
		memset(out, 0, sizeof(*out));
	return rc;
}

/* ---- lookups ---- */

const lede__entity *lede__entities_get(const lede__entities *entities, const char *name)
{
	size_t i;

	for (i = 0; i < entities->count; i++)
		if (strcmp(entities->items[i].name, name) == 0)
			return &entities->items[i];
	return NULL;
}

/* Case-insensitive (ASCII) comparison of two words; other bytes compare exactly. */
static int same_word(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i;

	if (alen != blen)
		return 0;
	for (i = 0; i < alen; i++) {
		unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];

		if (x >= 'A' && x <= 'Z')
			x = (unsigned char)(x | 0x20);
		if (y >= 'A' && y <= 'Z')
			y = (unsigned char)(y | 0x20);
		if (x != y)
			return 0;
	}
	return 1;
}

/* Splits `s` into up to `max` words (letters, digits, apostrophes, hyphens, dots inside). */
static size_t split_words(const char *s, size_t len, const char **starts, size_t *lens, size_t max)
{
	size_t i = 0, n = 0;

	while (i < len && n < max) {
		size_t j;

		while (i < len && (s[i] == ' ' || s[i] == ',' || s[i] == '\t' || s[i] == '\n'))
			i++;
		j = i;
		while (j < len && s[j] != ' ' && s[j] != ',' && s[j] != '\t' && s[j] != '\n')
			j++;
		if (j > i) {
			size_t end = j;

			/* Drop a possessive and a final dot ("Mr."). */
			if (end - i > 2 && s[end - 2] == '\'' && s[end - 1] == 's')
				end -= 2;
			else if (end - i > 4 && memcmp(s + end - 4, "\xe2\x80\x99s", 4) == 0)
				end -= 4;
			if (end > i && s[end - 1] == '.')
				end--;
			if (end > i) {
				starts[n] = s + i;
				lens[n] = end - i;
				n++;
			}
		}
		i = j;
	}
	return n;
}


/* ---- an index of people by surname, for many lookups in one text ---- */

struct lede__person_index {
	const lede__entities *entities;
	word_map last, first; /* lower-case last word / family name written first -> entity index */
};

/* ASCII lower-case copy of s[0..len) in the arena. */
static char *lower_copy(lede__arena *arena, const char *s, size_t len)
{
	char *copy = lede__arena_strndup(arena, s, len);
	size_t i;

	if (!copy)
		return NULL;
	for (i = 0; i < len; i++)
		if (copy[i] >= 'A' && copy[i] <= 'Z')
			copy[i] = (char)(copy[i] | 0x20);
	return copy;
}

static void index_put(word_map *m, const char *key, size_t len, uint32_t entity)
{
	size_t i = map_slot(m, key, len);

	if (m->keys[i])
		return; /* items come by salience: the first person with this word wins */
	m->keys[i] = key;
	m->lens[i] = (uint32_t)len;
	m->values[i] = entity;
}

int lede__person_index_build(lede__person_index **out, lede__arena *arena, const lede__entities *entities)
{
	lede__person_index *index = lede__arena_alloc(arena, sizeof(*index));
	size_t i;
	int rc;

	*out = NULL;
	if (!index)
		return lede__error_nomem();
	index->entities = entities;
	if ((rc = map_init(&index->last, arena, entities->count)) != 0 ||
	    (rc = map_init(&index->first, arena, entities->count)) != 0)
		return rc;
	for (i = 0; i < entities->count; i++) {
		const lede__entity *e = &entities->items[i];
		const char *words[MAX_NAME_WORDS];
		size_t lens[MAX_NAME_WORDS], n;
		char *last, *first;

		if (e->type != LEDE__ENTITY_PERSON)
			continue;
		n = split_words(e->name, strlen(e->name), words, lens, MAX_NAME_WORDS);
		if (n < 2)
			continue;
		last = lower_copy(arena, words[n - 1], lens[n - 1]);
		first = lower_copy(arena, words[0], lens[0]);
		if (!last || !first)
			return lede__error_nomem();
		index_put(&index->last, last, lens[n - 1], (uint32_t)i);
		if (lede__word_classes(first, lens[0]) & LEDE__WORD_SURNAME)
			index_put(&index->first, first, lens[0], (uint32_t)i);
	}
	*out = index;
	return 0;
}

const char *lede__person_index_find(const lede__person_index *index, const char *name, size_t name_len)
{
	const char *words[MAX_NAME_WORDS], *ew[MAX_NAME_WORDS];
	size_t lens[MAX_NAME_WORDS], el[MAX_NAME_WORDS], n, en, first = 0, k;
	char folded[64];
	uint32_t found;
	const lede__entity *e;

	n = split_words(name, name_len, words, lens, MAX_NAME_WORDS);
	while (first < n) {
		/* Skip honorifics and titles: "Mr. Netanyahu", "President Trump". */
		if (lens[first] >= sizeof(folded))
			break;
		for (k = 0; k < lens[first]; k++)
			folded[k] = (char)(words[first][k] >= 'A' && words[first][k] <= 'Z' ? words[first][k] | 0x20
											 : words[first][k]);
		if (!(lede__word_classes(folded, lens[first]) &
		      (LEDE__WORD_HONORIFIC | LEDE__WORD_TITLE | LEDE__WORD_TITLE_MODIFIER)))
			break;
		first++;
	}
	if (first >= n || lens[n - 1] >= sizeof(folded))
		return NULL;
	for (k = 0; k < lens[n - 1]; k++)
		folded[k] = (char)(words[n - 1][k] >= 'A' && words[n - 1][k] <= 'Z' ? words[n - 1][k] | 0x20 : words[n - 1][k]);
	found = map_get(&index->last, folded, lens[n - 1]);
	if (found == UINT32_MAX && n - first == 1 && lens[first] < sizeof(folded)) {
		for (k = 0; k < lens[first]; k++)
			folded[k] = (char)(words[first][k] >= 'A' && words[first][k] <= 'Z' ? words[first][k] | 0x20
											 : words[first][k]);
		found = map_get(&index->first, folded, lens[first]);
	}
	if (found == UINT32_MAX)
		return NULL;
	e = &index->entities->items[found];
	if (n - first >= 2) {
		/* A full name: every word must match in order at the end of the person's name. */
		en = split_words(e->name, strlen(e->name), ew, el, MAX_NAME_WORDS);
		if (en < n - first)
			return NULL;
		for (k = first; k < n; k++)
			if (!same_word(words[k], lens[k], ew[en - (n - first) + k - first], el[en - (n - first) + k - first]))
				return NULL;
	}
	return e->name;
}

const char *lede__entities_person(const lede__entities *entities, const char *name, size_t name_len)
{
	lede__arena arena;
	lede__person_index *index;
	const char *found = NULL;

	/* The names found point into `entities`, not the index: the index can go at once. */
	lede__arena_init(&arena);
	if (lede__person_index_build(&index, &arena, entities) == 0)
		found = lede__person_index_find(index, name, name_len);
	lede__arena_free(&arena);
	return found;
}

int lede__entities_find(lede__entities *out, lede__arena *arena, const char *text, size_t len)
{
	/*
	 * A gazetteer lookup whose key could not be built finds nothing, so a
	 * failed allocation anywhere would change the names found: the result
	 * is only returned when none failed.
	 */
	unsigned long long failures = lede__alloc_failures();
	int rc = entities_find(out, arena, text, len);

	if (rc == 0 && lede__alloc_failures() != failures) {
		memset(out, 0, sizeof(*out));
		rc = lede__error_nomem();
	}
	return rc;
}
