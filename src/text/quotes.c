#include "quotes.h"

#include <stdlib.h>
#include <string.h>

#include "text/chars.h"
#include "text/gazetteer.h"
#include "text/sentences.h"
#include "text/tokens.h"
#include "util/buf.h"
#include "util/error.h"

enum {
	MAX_TOKENS = 400000,
	VERB_REACH = 15,       /* tokens between a speech verb and the opening mark it introduces */
	AFTER_REACH = 12,      /* tokens between a closing mark and the verb of its attribution */
	NAME_WORDS = 6,        /* longest name or description taken as a speaker */
	APPOSITION_REACH = 16, /* tokens of an apposition skipped back to the name: "X, a Democrat who ..., said" */
	LOOK_BACK_QUOTES = 50, /* earlier quotes searched for the speaker a pronoun stands for */
	LOOK_BACK_MENTIONS = 2000, /* earlier names searched for a pronoun or role */
	MAX_TEXT = 1 << 20
};

typedef enum mark_kind { MARK_OPEN, MARK_CLOSE, MARK_STRAIGHT } mark_kind;

typedef struct mark {
	uint32_t at, size;
	uint8_t kind;
	uint8_t can_open, can_close; /* from the characters around it */
} mark;

typedef struct span {
	uint32_t start, end;
} span;

typedef enum np_kind { NP_NONE, NP_PRONOUN, NP_NAME, NP_DESCRIBED } np_kind;

typedef struct np {
	int32_t first, last; /* token indexes */
	np_kind kind;
} np;

/* A quotation being built. */
typedef struct raw {
	uint32_t open, open_end;   /* the first opening mark */
	uint32_t close, close_end; /* the last closing mark */
	span *parts;
	uint32_t part_count;
	uint32_t line;             /* line of the opening mark */
	uint32_t last_line;        /* line of the closing mark */
	uint32_t words;
	uint32_t group;
	lede__quote q;
	uint8_t own;               /* the attribution is its own (not inherited) */
	uint8_t drop;
} raw;

typedef struct ctx {
	const unsigned char *text;
	size_t len;
	lede__arena *arena;
	lede__quote_options options;
	lede__tokens tokens;
	lede__sentences sentences;
	const lede__entities *entities;
	lede__person_index *people;
	uint32_t *line_starts;
	size_t line_count;
	mark *marks;
	size_t mark_count;
	raw *quotes;
	size_t count, cap;
	lede__buf buf;
} ctx;

void lede__quote_options_default(lede__quote_options *options)
{
	options->doubled_apostrophes = 0;
	options->min_words = 3;
	options->min_partial_words = 4;
}

/* ---- characters ---- */

/* ---- lines ---- */

static int index_lines(ctx *c)
{
	size_t i, n = 1, k = 1;

	for (i = 0; i < c->len; i++)
		if (c->text[i] == '\n')
			n++;
	c->line_starts = lede__arena_alloc(c->arena, n * sizeof(*c->line_starts));
	if (!c->line_starts)
		return lede__error_nomem();
	c->line_starts[0] = 0;
	for (i = 0; i < c->len; i++)
		if (c->text[i] == '\n')
			c->line_starts[k++] = (uint32_t)(i + 1);
	c->line_count = n;
	return 0;
}

static uint32_t line_of(const ctx *c, uint32_t offset)
{
	size_t low = 0, high = c->line_count;

	while (low < high) {
		size_t middle = low + (high - low) / 2;

		if (c->line_starts[middle] <= offset)
			low = middle + 1;
		else
			high = middle;
	}
	return (uint32_t)(low ? low - 1 : 0);
}

/* 1 when only white space lies in text[from..to). */
static int blank(const ctx *c, size_t from, size_t to)
{
	while (from < to) {
		uint32_t cp;
		size_t n = lede__char_at(c->text, c->len, from, &cp);

		if (!lede__char_is_space(cp))
			return 0;
		from += n;
	}
	return 1;
}

/* ---- quotation marks ---- */

static int add_mark(ctx *c, size_t *cap, uint32_t at, uint32_t size, mark_kind kind)
{
	mark *m;
	uint32_t prev = lede__char_before(c->text, c->len, at), next = 0;

	if (c->mark_count == *cap) {
		size_t grown_cap = *cap ? *cap * 2 : 64;
		mark *grown = lede__arena_alloc(c->arena, grown_cap * sizeof(*grown));

		if (!grown)
			return lede__error_nomem();
		if (c->mark_count)
			memcpy(grown, c->marks, c->mark_count * sizeof(*grown));
		c->marks = grown;
		*cap = grown_cap;
	}
	if (at + size < c->len)
		lede__char_at(c->text, c->len, at + size, &next);
	m = &c->marks[c->mark_count++];
	m->at = at;
	m->size = size;
	m->kind = (uint8_t)kind;
	/* A mark opens after space or punctuation and before a word; it closes after a word. */
	m->can_open = (at == 0 || lede__char_is_space(prev) || !lede__char_is_word(prev)) && prev != '=' && next != 0 &&
		      !lede__char_is_space(next);
	m->can_close = at > 0 && !lede__char_is_space(prev) && (next == 0 || lede__char_is_space(next) || !lede__char_is_word(next));
	return 0;
}

static int scan_marks(ctx *c)
{
	size_t i = 0, cap = 0;
	int rc;

	while (i < c->len) {
		uint32_t cp;
		size_t n = lede__char_at(c->text, c->len, i, &cp);

		rc = 0;
		if (cp == 0x201C || cp == 0x201E || cp == 0xAB)
			rc = add_mark(c, &cap, (uint32_t)i, (uint32_t)n, MARK_OPEN);
		else if (cp == 0x201D || cp == 0xBB)
			rc = add_mark(c, &cap, (uint32_t)i, (uint32_t)n, MARK_CLOSE);
		else if (cp == '"')
			rc = add_mark(c, &cap, (uint32_t)i, 1, MARK_STRAIGHT);
		else if (c->options.doubled_apostrophes && i + 1 < c->len && c->text[i + 1] == cp &&
			 (cp == '`' || cp == '\'')) {
			rc = add_mark(c, &cap, (uint32_t)i, 2, cp == '`' ? MARK_OPEN : MARK_STRAIGHT);
			n = 2;
		}
		if (rc != 0)
			return rc;
		i += n;
	}
	return 0;
}

static raw *new_quote(ctx *c)
{
	raw *r;

	if (c->count == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 32;
		raw *grown = lede__arena_alloc(c->arena, cap * sizeof(*grown));

		if (!grown)
			return NULL;
		if (c->count)
			memcpy(grown, c->quotes, c->count * sizeof(*grown));
		c->quotes = grown;
		c->cap = cap;
	}
	r = &c->quotes[c->count];
	memset(r, 0, sizeof(*r));
	return r;
}

/* Trims white space (and a trailing comma) from text[*start..*end). */
static void trim(const ctx *c, uint32_t *start, uint32_t *end)
{
	while (*start < *end) {
		uint32_t cp;
		size_t n = lede__char_at(c->text, c->len, *start, &cp);

		if (!lede__char_is_space(cp))
			break;
		*start += (uint32_t)n;
	}
	while (*end > *start) {
		uint32_t cp = lede__char_before(c->text, c->len, *end);
		size_t n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;

		if (!lede__char_is_space(cp) && cp != ',' && cp != 0xFFFD)
			break;
		*end -= (uint32_t)n;
	}
}

/*
 * Pairs the marks into quotations, one line (paragraph) at a time.  A line
 * that ends inside a quotation continues it when the next line opens with a
 * mark; otherwise the unclosed quotation is dropped.
 */
static int pair_marks(ctx *c)
{
	span parts[64];
	uint32_t part_count = 0, part_start = 0, open = 0, open_end = 0, line = 0, first_line = 0;
	int in = 0;
	size_t i;

	for (i = 0; i < c->mark_count; i++) {
		const mark *m = &c->marks[i];
		uint32_t m_line = line_of(c, m->at);
		int opens = m->kind == MARK_OPEN ? 1 : m->kind == MARK_CLOSE ? 0 : m->can_open;
		int closes = m->kind == MARK_CLOSE ? 1 : m->kind == MARK_OPEN ? 0 : m->can_close;

		/* A straight mark that cannot open closes the quotation it is in: `this,' "`. */
		if (m->kind == MARK_STRAIGHT && in && !m->can_open)
			closes = 1;

		/* A misused curly mark reads by its context: ”word” opens, word“ closes. */
		if (m->kind == MARK_CLOSE && !in && m->can_open && !m->can_close)
			opens = 1;
		if (m->kind == MARK_OPEN && in && m->can_close && !m->can_open)
			closes = 1;
		if (in && m_line != line) {
			uint32_t line_end = c->line_starts[line + 1] - 1;

			if (opens && !closes && blank(c, line_end, m->at) && part_count < 64) {
				uint32_t s = part_start, e = line_end;

				trim(c, &s, &e);
				if (e > s)
					parts[part_count++] = (span){s, e};
				part_start = m->at + m->size;
				line = m_line;
				continue;
			}
			in = 0;
			part_count = 0;
		}
		if (!in) {
			if (opens) {
				in = 1;
				open = m->at;
				open_end = m->at + m->size;
				part_start = open_end;
				part_count = 0;
				line = first_line = m_line;
			}
			continue;
		}
		if (closes) {
			uint32_t s = part_start, e = m->at;
			raw *r;

			trim(c, &s, &e);
			if (e > s && part_count < 64)
				parts[part_count++] = (span){s, e};
			in = 0;
			if (part_count == 0)
				continue;
			r = new_quote(c);
			if (!r)
				return lede__error_nomem();
			r->open = open;
			r->open_end = open_end;
			r->close = m->at;
			r->close_end = m->at + m->size;
			r->line = first_line;
			r->last_line = m_line;
			r->parts = lede__arena_alloc(c->arena, part_count * sizeof(*r->parts));
			if (!r->parts)
				return lede__error_nomem();
			memcpy(r->parts, parts, part_count * sizeof(*parts));
			r->part_count = part_count;
			if (part_count > 1)
				r->q.flags |= LEDE__QUOTE_CONTINUED;
			c->count++;
			continue;
		}
		if (opens) {
			/* An opening mark inside a quotation: the first one was never closed. */
			open = m->at;
			open_end = m->at + m->size;
			part_start = open_end;
			part_count = 0;
			line = first_line = m_line;
		}
	}
	return 0;
}

/* ---- tokens ---- */

static const lede__token *tok(const ctx *c, int32_t i)
{
	return &c->tokens.items[i];
}

static int tok_is(const ctx *c, int32_t i, const char *s)
{
	const lede__token *t = tok(c, i);
	size_t n = strlen(s);

	return t->norm_len == n && memcmp(t->norm, s, n) == 0;
}

/* The folded form without a possessive ("xiaomi's" is "xiaomi"). */
static uint32_t base_len(const lede__token *t)
{
	if (t->norm_len > 2 && t->norm[t->norm_len - 2] == '\'' && t->norm[t->norm_len - 1] == 's')
		return t->norm_len - 2;
	return t->norm_len;
}

static int possessive(const lede__token *t)
{
	return base_len(t) != t->norm_len;
}

static uint32_t classes(const ctx *c, int32_t i)
{
	const lede__token *t = tok(c, i);

	return lede__word_classes(t->norm, base_len(t));
}

/*
 * A day or month name: "Monday", "January"; the short forms ("Jun", "Mar")
 * only before a dot or a number, so that "Lei Jun" stays a name.
 */
static int time_word(const ctx *c, int32_t i)
{
	const lede__token *t = tok(c, i);

	if (!(classes(c, i) & LEDE__WORD_MONTH_DAY))
		return 0;
	if (t->norm_len > 3)
		return 1;
	return (t->end < c->len && c->text[t->end] == '.') ||
	       ((size_t)i + 1 < c->tokens.count && tok(c, i + 1)->kind == LEDE__TOKEN_NUMBER);
}

static int capital(const ctx *c, int32_t i)
{
	return (tok(c, i)->flags & (LEDE__TOKEN_CAPITALIZED | LEDE__TOKEN_ALL_CAPS)) != 0 &&
	       (tok(c, i)->flags & LEDE__TOKEN_HAS_LETTER);
}

/* The first token starting at or after `offset`. */
static int32_t token_at(const ctx *c, uint32_t offset)
{
	size_t low = 0, high = c->tokens.count;

	while (low < high) {
		size_t middle = low + (high - low) / 2;

		if (c->tokens.items[middle].start < offset)
			low = middle + 1;
		else
			high = middle;
	}
	return (int32_t)low;
}

/* What lies between tokens a and a + 1: 1 for plain space, 2 when a comma is there, 0 for anything else. */
static int gap(const ctx *c, int32_t a)
{
	size_t i = tok(c, a)->end, end;
	int comma = 0;

	if ((size_t)a + 1 >= c->tokens.count)
		return 0;
	end = tok(c, a + 1)->start;
	/* A plural possessive's apostrophe belongs to its word: "Sanders’ campaign". */
	if (i < end && c->text[i] == '\'')
		i++;
	else if (i + 3 <= end && memcmp(c->text + i, "\xe2\x80\x99", 3) == 0)
		i += 3;
	while (i < end) {
		uint32_t cp;
		size_t n = lede__char_at(c->text, c->len, i, &cp);

		if (cp == ',')
			comma = 1;
		else if (!lede__char_is_space(cp) || cp == '\n')
			return 0;
		i += n;
	}
	return comma ? 2 : 1;
}

/* Joins tokens a and a + 1 into one name: "Lei Jun", "U.S.", "AT&T", "J. R. R.", "Coca-Cola". */
static int name_gap(const ctx *c, int32_t a)
{
	size_t i = tok(c, a)->end, end;

	if ((size_t)a + 1 >= c->tokens.count)
		return 0;
	end = tok(c, a + 1)->start;
	if (i == end)
		return 1;
	while (i < end) {
		unsigned char ch = c->text[i];

		if (ch != ' ' && ch != '.' && ch != '&' && ch != '-')
			return 0;
		i++;
	}
	return end - tok(c, a)->end <= 3;
}

static int is_auxiliary(const ctx *c, int32_t i)
{
	static const char *const words[] = {
		"also", "later", "then", "again", "once", "recently", "previously", "earlier", "further",
		"simply", "just", "first", "finally", "has", "have", "had", "was", "is", "would", "will",
		"did", "does", "could", "reportedly", "repeatedly", "publicly", "privately", "frequently",
		"often", "once", "similarly", "likewise", "flatly", "bluntly", "angrily", "quickly",
		"recently", "ultimately", "subsequently", "tersely", "added", "went", "on", "herself",
		"himself", "itself", "themselves", "apparently", "allegedly", "famously", "memorably",
		"told", "never", "always", "still", "even", "already", "since",
	};
	size_t k;

	for (k = 0; k < sizeof(words) / sizeof(words[0]); k++)
		if (tok_is(c, i, words[k]))
			return 1;
	return 0;
}

static int is_pronoun(const ctx *c, int32_t i)
{
	return tok_is(c, i, "he") || tok_is(c, i, "she") || tok_is(c, i, "they") || tok_is(c, i, "it") ||
	       tok_is(c, i, "i") || tok_is(c, i, "we") || tok_is(c, i, "you");
}

static int is_determiner(const ctx *c, int32_t i)
{
	static const char *const words[] = {
		"the", "a", "an", "his", "her", "its", "their", "this", "that", "one", "another", "some",
		"many", "several", "two", "three", "both", "other", "our", "my", "your", "most", "those",
		"these", "each", "every", "no", "all",
	};
	size_t k;

	for (k = 0; k < sizeof(words) / sizeof(words[0]); k++)
		if (tok_is(c, i, words[k]))
			return 1;
	return 0;
}

static int title_or_role(const ctx *c, int32_t i)
{
	return (classes(c, i) & (LEDE__WORD_TITLE | LEDE__WORD_HONORIFIC | LEDE__WORD_PERSON_ROLE)) != 0;
}

static int is_speech_verb(const ctx *c, int32_t i)
{
	const lede__token *t = tok(c, i);

	/* "state", "report", "post" and the like are nouns as often: only their verb forms count. */
	static const char *const noun_like[] = {
		"state", "states", "report", "reports", "post", "posts", "read", "point", "points", "put",
		"offer", "offers", "order", "orders", "charge", "charges", "counter", "text", "message",
		"email", "answer", "answers", "quote", "quotes", "cite", "call", "calls", "comment",
		"comments", "claim", "claims", "note", "notes", "remark", "remarks", "demand", "demands",
		"promise", "promises", "sum", "reply", "replies", "joke", "jokes", "tweet", "tweets",
		"stress", "mock", "begin", "continue", "caution", "plead", "laugh", "sing", "thunder",
		"snap", "sigh", "concur", "reflect", "chime",
	};
	size_t k;

	if ((t->flags & LEDE__TOKEN_CAPITALIZED) && !(t->flags & LEDE__TOKEN_ALL_CAPS) && i > 0 &&
	    tok(c, i - 1)->end + 2 > t->start && c->text[t->start - 1] == ' ' &&
	    (tok(c, i - 1)->flags & LEDE__TOKEN_CAPITALIZED))
		return 0; /* a headline in title case: "Trump Says He Will Win" */
	if (!(lede__word_classes(t->norm, t->norm_len) & LEDE__WORD_SPEECH_VERB))
		return 0;
	for (k = 0; k < sizeof(noun_like) / sizeof(noun_like[0]); k++)
		if (tok_is(c, i, noun_like[k]))
			/* A verb after its subject: "Trump calls", "he tweets". */
			return i > 0 && gap(c, i - 1) == 1 && !possessive(tok(c, i - 1)) &&
			       (is_pronoun(c, i - 1) || (capital(c, i - 1) && !(tok(c, i - 1)->flags & LEDE__TOKEN_ALL_CAPS)) ||
				title_or_role(c, i - 1));
	return 1;
}

/* ---- noun phrases of attributions ---- */

/* A name starting at token i: capitalized tokens, cut after the last title ("Xiaomi Chairman Lei Jun"). */
static np name_forward(const ctx *c, int32_t i, int32_t end)
{
	np out;
	int32_t j;

	/* "In", "Thursday", "The": capitalized by position, not part of a name. */
	while (i + 1 < end && name_gap(c, i) && capital(c, i + 1) &&
	       ((classes(c, i) & LEDE__WORD_STARTER) || time_word(c, i) ||
		lede__is_stopword(tok(c, i)->norm, tok(c, i)->norm_len)))
		i++;
	out = (np){i, i, NP_NAME};
	j = i;

	while (j + 1 < end && j - i < NAME_WORDS && !possessive(tok(c, j)) && name_gap(c, j) && capital(c, j + 1))
		j++;
	out.last = j;
	for (int32_t k = j - 1; k >= i; k--)
		if (title_or_role(c, k) && !title_or_role(c, k + 1)) {
			out.first = k + 1;
			break;
		}
	return out;
}

/*
 * The speaker phrase that starts at token i (after a verb: "said Lei Jun",
 * "said the company's vice president, Wang Xiang", "said he").
 */
static np np_forward(const ctx *c, int32_t i, int32_t end)
{
	np out = {-1, -1, NP_NONE};
	int32_t j;

	if (i >= end)
		return out;
	if (is_pronoun(c, i))
		return (np){i, i, NP_PRONOUN};
	if (capital(c, i) && !is_determiner(c, i)) {
		int32_t k;

		if (time_word(c, i))
			return out; /* said Wednesday */
		out = name_forward(c, i, end);
		j = out.last;
		/* "Pentagon spokesman Navy Capt. Jeff Davis", "Republican strategist Ryan Williams". */
		for (k = j + 1; k < end && k - j <= 3 && gap(c, k - 1) == 1 && !capital(c, k) &&
				(title_or_role(c, k) || (classes(c, k) & LEDE__WORD_TITLE_MODIFIER));
		     k++)
			;
		if (k > j + 1 && k < end && gap(c, k - 1) == 1 && capital(c, k) && !possessive(tok(c, j)))
			return name_forward(c, k, end);
		if (possessive(tok(c, j))) {
			/* "Trump's spokeswoman Hope Hicks" or "Trump's campaign". */
			k = j + 1;

			while (k < end && k - j <= 3 && !capital(c, k) && !is_speech_verb(c, k) && gap(c, k - 1) == 1)
				k++;
			if (k < end && k > j + 1 && capital(c, k) && gap(c, k - 1) >= 1)
				return name_forward(c, k, end);
			return (np){i, k - 1, NP_DESCRIBED};
		}
		return out;
	}
	if (!is_determiner(c, i)) {
		/* "said former Wisconsin Gov. Jim Doyle", "said retired neurosurgeon Ben Carson". */
		int32_t k = i;

		while (k < end && k - i < NAME_WORDS && !capital(c, k) && gap(c, k) == 1 && !is_speech_verb(c, k) &&
		       !lede__is_stopword(tok(c, k)->norm, tok(c, k)->norm_len))
			k++;
		if (k > i && k < end && capital(c, k))
			return name_forward(c, k, end);
	}
	/* A description: "the company's vice president", "a spokesman for the group", "officials". */
	j = i;
	while (j + 1 < end && j - i < NAME_WORDS && gap(c, j) == 1 && !is_speech_verb(c, j + 1) &&
	       !tok_is(c, j + 1, "in") && !tok_is(c, j + 1, "on") && !tok_is(c, j + 1, "at") &&
	       !tok_is(c, j + 1, "to") && !tok_is(c, j + 1, "and") && !tok_is(c, j + 1, "that") &&
	       !tok_is(c, j + 1, "who") && !tok_is(c, j + 1, "when"))
		j++;
	if (j + 1 < end && gap(c, j) == 2 && capital(c, j + 1) && title_or_role(c, j))
		return name_forward(c, j + 1, end); /* the company's vice president, Wang Xiang */
	if (!title_or_role(c, j) && !(classes(c, j) & (LEDE__WORD_ORG_CUE | LEDE__WORD_NEWS_NOUN | LEDE__WORD_DEMONYM)))
		return out;
	return (np){i, j, NP_DESCRIBED};
}

/* The speaker phrase that ends just before token v (its verb), not before token begin. */
static const lede__entity_mention *mention_at(const ctx *c, uint32_t start, uint32_t end);

/* The name that a comma-free segment tokens[from..to] is: role words, then capitalized words ("Sen. Tom Carper"). */
static int name_segment(const ctx *c, int32_t from, int32_t to, np *out)
{
	int32_t n = from, m;
	const lede__entity_mention *mention;

	while (n < to && !capital(c, n) && (title_or_role(c, n) || (classes(c, n) & LEDE__WORD_TITLE_MODIFIER)))
		n++;
	if (to - n >= NAME_WORDS)
		return 0;
	for (m = n; m <= to; m++)
		if (!capital(c, m) || (m < to && !name_gap(c, m)) || possessive(tok(c, m)))
			return 0;
	for (m = to; m > n && !title_or_role(c, m - 1); m--)
		;
	if (title_or_role(c, to) || lede__is_stopword(tok(c, m)->norm, tok(c, m)->norm_len))
		return 0;
	mention = mention_at(c, tok(c, m)->start, tok(c, to)->end);
	if (mention && c->entities->items[mention->entity].type == LEDE__ENTITY_PLACE)
		return 0; /* "in Columbus, Ohio, said" */
	*out = (np){m, to, NP_NAME};
	return 1;
}

static int preposition(const ctx *c, int32_t i)
{
	return tok_is(c, i, "to") || tok_is(c, i, "with") || tok_is(c, i, "from") || tok_is(c, i, "for") ||
	       tok_is(c, i, "of") || tok_is(c, i, "at") || tok_is(c, i, "by") || tok_is(c, i, "on") ||
	       tok_is(c, i, "in") || tok_is(c, i, "about") || tok_is(c, i, "against");
}

/*
 * The speaker phrase that ends just before token v (its verb), not before
 * token begin.  `object_ok` lets a name after a preposition stand ("with
 * Trump reportedly yelling").
 */
static np np_backward(const ctx *c, int32_t v, int32_t begin, int object_ok)
{
	np out = {-1, -1, NP_NONE};
	int32_t k = v - 1, b;
	int stepped = 0;

	/* Adverbs, auxiliaries and times between subject and verb: "later Thursday", "on Wednesday". */
	while (k >= begin && gap(c, k) == 1 &&
	       (is_auxiliary(c, k) || time_word(c, k) ||
		((tok_is(c, k, "on") || tok_is(c, k, "last") || tok_is(c, k, "this")) && k + 1 < v &&
		 time_word(c, k + 1))))
		k--;
	if (k < begin)
		return out;
	if (gap(c, k) == 0 && k > begin && c->text[tok(c, k)->end] == ')') {
		/* "state Sen. Jason Holsman (D) said": step over the parenthesis. */
		int32_t m;

		for (m = k; m > begin && k - m < 8; m--)
			if (memchr(c->text + tok(c, m - 1)->end, '(', tok(c, m)->start - tok(c, m - 1)->end))
				break;
		if (m <= begin || k - m >= 8)
			return out;
		k = m - 1;
		stepped = 1;
	}
	if (!stepped && gap(c, k) == 2) {
		/*
		 * Appositions: "Gene Sperling, a top Clinton adviser, said",
		 * "Hunter's chief of staff, Joe Kasper, told", "Clinton, during a
		 * meeting in Columbus, Ohio, said": the leftmost segment (of three)
		 * that is a name.
		 */
		int32_t seg_end = k, m, segments = 0;
		np found = out, candidate;

		while (segments < 5 && seg_end >= begin) {
			for (m = seg_end; m > begin && seg_end - m < APPOSITION_REACH; m--)
				if (gap(c, m - 1) != 1 && !name_gap(c, m - 1))
					break;
			if (seg_end - m >= APPOSITION_REACH)
				break;
			if (name_segment(c, m, seg_end, &candidate))
				found = candidate;
			segments++;
			if (m <= begin || gap(c, m - 1) != 2)
				break;
			seg_end = m - 1;
		}
		return found;
	} else if (!stepped && gap(c, k) != 1) {
		return out;
	}
	if (is_pronoun(c, k))
		return (np){k, k, NP_PRONOUN};
	if (capital(c, k) && !title_or_role(c, k)) {
		b = k;
		while (b - 1 >= begin && k - b < NAME_WORDS && name_gap(c, b - 1) && capital(c, b - 1) &&
		       !title_or_role(c, b - 1) && !possessive(tok(c, b - 1)) && !is_determiner(c, b - 1))
			b--;
		if (b == k && (lede__is_stopword(tok(c, k)->norm, tok(c, k)->norm_len) ||
			       (classes(c, k) & LEDE__WORD_STARTER) || time_word(c, k)))
			return out;
		if (!object_ok && b - 1 >= begin && gap(c, b - 1) == 1 && preposition(c, b - 1)) {
			/*
			 * A name after a preposition is no subject ("speaking to Fox
			 * News said"), unless the phrase hangs on a name before it:
			 * "Jeffrey Lewis of the James Martin Center for ... said".
			 */
			int32_t j, found = -1;

			for (j = b - 1; j > begin && b - j < 14 && gap(c, j - 1) == 1; j--) {
				if ((tok_is(c, j, "of") || tok_is(c, j, "at") || tok_is(c, j, "with") || tok_is(c, j, "from")) &&
				    capital(c, j - 1) && !possessive(tok(c, j - 1)))
					found = j - 1;
				if (!capital(c, j - 1) && !preposition(c, j - 1) && !tok_is(c, j - 1, "the") &&
				    !tok_is(c, j - 1, "and"))
					break;
			}
			if (found < 0)
				return out;
			k = found;
			for (b = k; b - 1 >= begin && k - b < NAME_WORDS && name_gap(c, b - 1) && capital(c, b - 1) &&
				    !title_or_role(c, b - 1) && !possessive(tok(c, b - 1)) && !is_determiner(c, b - 1);
			     b--)
				;
		}
		return (np){b, k, NP_NAME};
	}
	if (lede__is_stopword(tok(c, k)->norm, tok(c, k)->norm_len) || is_speech_verb(c, k))
		return out;
	/* A description ending in a noun: "the executive", "a Nevada Democrat", "Xiaomi's spokesperson". */
	b = k;
	while (b - 1 >= begin && k - b < NAME_WORDS && gap(c, b - 1) == 1 && !is_determiner(c, b) &&
	       !is_speech_verb(c, b - 1) && !preposition(c, b - 1) &&
	       (is_determiner(c, b - 1) || !lede__is_stopword(tok(c, b - 1)->norm, tok(c, b - 1)->norm_len)))
		b--;
	/* Only a head noun that can speak: "the executive", "a spokesman", "the company", "officials". */
	if (!title_or_role(c, k) &&
	    !(classes(c, k) & (LEDE__WORD_ORG_CUE | LEDE__WORD_NEWS_NOUN | LEDE__WORD_DEMONYM)))
		return out;
	return (np){b, k, NP_DESCRIBED};
}

/* ---- resolution ---- */

/* The index of the sentence holding `offset`. */
static size_t sentence_of(const ctx *c, uint32_t offset)
{
	return lede__sentences_find(&c->sentences, offset);
}


static int inside_quote(const ctx *c, uint32_t offset)
{
	size_t low = 0, high = c->count;

	while (low < high) {
		size_t middle = low + (high - low) / 2;

		if (c->quotes[middle].open <= offset)
			low = middle + 1;
		else
			high = middle;
	}
	return low > 0 && offset < c->quotes[low - 1].close_end;
}

static int is_news(const lede__entity *e)
{
	static const char *const endings[] = {
		" Times", " Post", " Journal", " News", " Press", " Tribune", " Herald", " Gazette", " Daily",
		" Magazine", " Telegraph", " Chronicle", " Observer", " Guardian", " Reporter", " Wire",
		" Radio", " TV", " Television", " Network", " Inquirer", " Examiner", " Star", " Sun",
	};
	size_t n, k;

	if (e->news)
		return 1;
	if (e->type != LEDE__ENTITY_ORGANIZATION)
		return 0;
	n = strlen(e->name);
	for (k = 0; k < sizeof(endings) / sizeof(endings[0]); k++) {
		size_t m = strlen(endings[k]);

		if (n > m && memcmp(e->name + n - m, endings[k], m) == 0)
			return 1;
	}
	return 0;
}

/* The entity mention that overlaps text[start..end), or NULL. */
static const lede__entity_mention *mention_at(const ctx *c, uint32_t start, uint32_t end)
{
	size_t low = 0, high = c->entities->mention_count;

	while (low < high) {
		size_t middle = low + (high - low) / 2;

		if (c->entities->mentions[middle].end <= start)
			low = middle + 1;
		else
			high = middle;
	}
	if (low < c->entities->mention_count && c->entities->mentions[low].start < end)
		return &c->entities->mentions[low];
	return NULL;
}

/*
 * The entity of `type` mentioned last before `offset` outside quotations
 * (news organizations excluded unless `news`), and the offset of that
 * mention in *at.
 */
static const lede__entity *last_mention(const ctx *c, uint32_t offset, int type, int news, uint32_t *at)
{
	size_t low = 0, high = c->entities->mention_count;

	while (low < high) {
		size_t middle = low + (high - low) / 2;

		if (c->entities->mentions[middle].start < offset)
			low = middle + 1;
		else
			high = middle;
	}
	for (size_t seen = 0; low > 0 && seen < LOOK_BACK_MENTIONS; seen++) {
		const lede__entity_mention *m = &c->entities->mentions[--low];
		const lede__entity *e = &c->entities->items[m->entity];

		if (e->type != type || is_news(e) != news || inside_quote(c, m->start))
			continue;
		*at = m->start;
		return e;
	}
	return NULL;
}

static const char *copy_span(ctx *c, uint32_t start, uint32_t end)
{
	size_t i;

	/* Collapse white space runs to one space. */
	lede__buf_reset(&c->buf);
	for (i = start; i < end; i++) {
		unsigned char ch = c->text[i];

		if (ch == '\n' || ch == '\t' || ch == '\r')
			ch = ' ';
		if (ch == ' ' && c->buf.len && lede__buf_str(&c->buf)[c->buf.len - 1] == ' ')
			continue;
		if (lede__buf_append_byte(&c->buf, (char)ch) != 0)
			return NULL;
	}
	return lede__arena_strndup(c->arena, lede__buf_str(&c->buf), c->buf.len);
}

/* The person a quote at `offset` most likely refers to by "he" or "she": the latest speaker or person named. */
static const char *last_person(ctx *c, size_t quote, uint32_t offset)
{
	uint32_t at = 0;
	const lede__entity *e = last_mention(c, offset, LEDE__ENTITY_PERSON, 0, &at);
	size_t k;

	for (k = quote; k > 0 && quote - k < LOOK_BACK_QUOTES; k--) {
		const raw *r = &c->quotes[k - 1];

		if (r->drop || !r->q.speaker || r->q.speaker_start >= offset)
			continue;
		if (r->q.speaker_kind != LEDE__SPEAKER_NAMED && r->q.speaker_kind != LEDE__SPEAKER_RESOLVED)
			continue;
		if (!e || r->q.speaker_start > at)
			return r->q.speaker;
		break;
	}
	return e ? e->name : NULL;
}

/*
 * The words of the attribution that describe a named speaker: an
 * apposition ("Eric Fehrnstrom, a former senior adviser to Romney,"), a
 * parenthesis or a phrase with of/at/with ("Heiserman of the CORE Teachers",
 * "O'Rourke (D-Tex.)"), else the title before the name ("Huckabee
 * spokeswoman Alice Stewart").  Returns 1 and the span, or 0.
 */
static int find_role(const ctx *c, np p, uint32_t *start, uint32_t *end)
{
	int32_t k = p.last + 1, last = -1, n = (int32_t)c->tokens.count, first = k;
	uint32_t sentence_end;

	if (p.kind != NP_NAME)
		return 0;
	sentence_end = c->sentences.count ? c->sentences.items[sentence_of(c, tok(c, p.last)->start)].end
					  : (uint32_t)c->len;
	if (k < n && tok(c, k)->start <= sentence_end && !inside_quote(c, tok(c, k)->start)) {
		uint32_t after = tok(c, p.last)->end;

		while (after < c->len && c->text[after] == ' ')
			after++;
		if (after < c->len && c->text[after] == '(') {
			/* A parenthesis: "(D-Tex.)" */
			const unsigned char *close = memchr(c->text + after, ')', sentence_end > after ? sentence_end - after : 0);

			if (close && close - (c->text + after) < 40) {
				*start = after;
				*end = (uint32_t)(close - c->text) + 1;
				while (k < n && tok(c, k)->end <= *end)
					k++;
				if (k >= n || gap(c, k - 1) != 2)
					return 1;
				first = k;
				last = k - 1;
			}
		}
		if (gap(c, k - 1) == 2 || (last >= 0 && gap(c, last) == 2)) {
			/* An apposition, up to the next comma, verb, quotation or the end of the sentence. */
			int32_t j = first;

			if (j < n && is_speech_verb(c, j))
				return last >= 0;
			while (j < n && j - first < 25 && tok(c, j)->end <= sentence_end && !is_speech_verb(c, j) &&
			       !inside_quote(c, tok(c, j)->start)) {
				last = j;
				if (gap(c, j) != 1 && !name_gap(c, j))
					break;
				j++;
			}
			if (last >= first) {
				if (first == p.last + 1 || *start == 0)
					*start = tok(c, first)->start;
				*end = tok(c, last)->end;
				if (*end < c->len && c->text[*end] == '.' && tok(c, last)->end - tok(c, last)->start <= 3)
					(*end)++; /* "R-Ky." */
				return 1;
			}
			return 0;
		}
		if (last < 0 && gap(c, p.last) == 1 &&
		    (tok_is(c, k, "of") || tok_is(c, k, "at") || tok_is(c, k, "with") || tok_is(c, k, "from")) &&
		    k + 1 < n && (capital(c, k + 1) || is_determiner(c, k + 1))) {
			int32_t j = k;

			while (j < n && j - k < 12 && tok(c, j)->end <= sentence_end && !is_speech_verb(c, j) &&
			       !inside_quote(c, tok(c, j)->start)) {
				last = j;
				if (gap(c, j) != 1 && !name_gap(c, j))
					break;
				j++;
			}
			*start = tok(c, k)->start;
			*end = tok(c, last)->end;
			return 1;
		}
		if (last >= 0)
			return 1;
	}
	/* A title before the name. */
	k = p.first;
	while (k - 1 >= 0 && p.first - k < NAME_WORDS && gap(c, k - 1) == 1 &&
	       (title_or_role(c, k - 1) || (classes(c, k - 1) & LEDE__WORD_TITLE_MODIFIER) ||
		(capital(c, k - 1) && k < p.first + 1 && title_or_role(c, k))))
		k--;
	if (k < p.first && title_or_role(c, p.first - 1)) {
		*start = tok(c, k)->start;
		*end = tok(c, p.first - 1)->end;
		if (*end < c->len && c->text[*end] == '.')
			(*end)++;
		return 1;
	}
	return 0;
}

/* Sets the speaker of quote `index` from the phrase `p`. */
static int set_speaker(ctx *c, size_t index, np p)
{
	raw *r = &c->quotes[index];
	uint32_t start, end;
	const char *mention;

	if (p.kind == NP_NONE)
		return 0;
	start = tok(c, p.first)->start;
	end = tok(c, p.last)->end;
	if (possessive(tok(c, p.last))) {
		/* Cut the possessive at the apostrophe, ' or ’. */
		uint32_t e = tok(c, p.last)->end;

		while (e > start && c->text[e - 1] != '\'' && c->text[e - 1] != 0x99)
			e--;
		if (e > start && c->text[e - 1] == 0x99 && e >= start + 3)
			e -= 3;
		else if (e > start)
			e--;
		end = e;
	}
	mention = copy_span(c, start, end);
	if (!mention)
		return lede__error_nomem();
	r->q.speaker_mention = mention;
	r->q.speaker_start = start;
	r->q.speaker_end = end;
	r->q.speaker_role = NULL;
	r->own = 1;
	{
		uint32_t role_start = 0, role_end = 0;

		if (find_role(c, p, &role_start, &role_end) && role_end > role_start &&
		    !(r->q.speaker_role = copy_span(c, role_start, role_end)))
			return lede__error_nomem();
	}
	if (p.kind == NP_PRONOUN) {
		const char *who = NULL;
		uint32_t at;

		if (tok_is(c, p.first, "he") || tok_is(c, p.first, "she")) {
			who = last_person(c, index, start);
		} else if (tok_is(c, p.first, "it")) {
			const lede__entity *e = last_mention(c, start, LEDE__ENTITY_ORGANIZATION, 0, &at);

			who = e ? e->name : NULL;
		}
		r->q.speaker = who;
		r->q.speaker_kind = who ? LEDE__SPEAKER_RESOLVED : LEDE__SPEAKER_NONE;
		return 0;
	}
	if (p.kind == NP_NAME) {
		const lede__entity_mention *m = mention_at(c, start, end);
		const char *full;

		if (m) {
			const lede__entity *e = &c->entities->items[m->entity];

			r->q.speaker = e->name;
			r->q.speaker_kind = strcmp(e->name, mention) == 0 || e->type != LEDE__ENTITY_PERSON
						    ? LEDE__SPEAKER_NAMED
						    : LEDE__SPEAKER_RESOLVED;
			return 0;
		}
		full = lede__person_index_find(c->people, mention, strlen(mention));
		r->q.speaker = full ? full : mention;
		r->q.speaker_kind = full && strcmp(full, mention) != 0 ? LEDE__SPEAKER_RESOLVED : LEDE__SPEAKER_NAMED;
		return 0;
	}
	/* A description: "the executive" is the person named last, "the company" the organization. */
	if (is_determiner(c, p.first) &&
	    (tok_is(c, p.first, "the") || tok_is(c, p.first, "this") || tok_is(c, p.first, "that")) &&
	    p.last > p.first) {
		uint32_t at;
		const lede__entity *e = NULL;
		uint32_t head = classes(c, p.last);

		if (head & (LEDE__WORD_TITLE | LEDE__WORD_PERSON_ROLE)) {
			const char *who = last_person(c, index, start);

			if (who && !tok_is(c, p.last, "source") && !tok_is(c, p.last, "sources") &&
			    !tok_is(c, p.last, "officials") && !tok_is(c, p.last, "people")) {
				r->q.speaker = who;
				r->q.speaker_kind = LEDE__SPEAKER_RESOLVED;
				return 0;
			}
		} else if ((head & LEDE__WORD_ORG_CUE) && !(head & LEDE__WORD_NEWS_NOUN)) {
			e = last_mention(c, start, LEDE__ENTITY_ORGANIZATION, 0, &at);
			if (e) {
				r->q.speaker = e->name;
				r->q.speaker_kind = LEDE__SPEAKER_RESOLVED;
				return 0;
			}
		}
	}
	r->q.speaker = mention;
	r->q.speaker_kind = LEDE__SPEAKER_DESCRIBED;
	return 0;
}

/* ---- attribution ---- */


static int participle(const ctx *c, int32_t i)
{
	const lede__token *t = tok(c, i);

	return t->norm_len > 4 && memcmp(t->norm + t->norm_len - 3, "ing", 3) == 0;
}

/* Verbs whose object may follow them in an attribution: "told Reuters", "asked reporters". */
static int takes_listener(const ctx *c, int32_t i)
{
	return tok_is(c, i, "told") || tok_is(c, i, "tells") || tok_is(c, i, "asked") || tok_is(c, i, "asks") ||
	       tok_is(c, i, "reminded") || tok_is(c, i, "assured") || tok_is(c, i, "informed") ||
	       tok_is(c, i, "warned") || tok_is(c, i, "urged");
}

/* 1 when the text also writes token i's word in lower case (so it is a common word). */
static int written_lower(const ctx *c, int32_t i)
{
	const lede__token *t = tok(c, i);
	size_t k, n = c->tokens.count < 50000 ? c->tokens.count : 50000;

	for (k = 0; k < n; k++) {
		const lede__token *o = &c->tokens.items[k];

		if (o->norm_len == t->norm_len && !(o->flags & LEDE__TOKEN_CAPITALIZED) &&
		    memcmp(o->norm, t->norm, t->norm_len) == 0)
			return 1;
	}
	return 0;
}

/*
 * The subject of the sentence part tokens[begin..v): the first person
 * named (or "he", "she"), else the first organization.  Used for
 * participles ("Trump went on the attack, saying, “...”") and colons
 * ("Sanders delivered a snappy retort: “...”").
 */
static np sentence_subject(const ctx *c, int32_t begin, int32_t v)
{
	np org = {-1, -1, NP_NONE};
	int32_t i;

	for (i = begin; i < v; i++) {
		const lede__entity_mention *m;
		const lede__entity *e;
		int32_t last;

		if (inside_quote(c, tok(c, i)->start))
			continue;
		if (tok_is(c, i, "he") || tok_is(c, i, "she"))
			return (np){i, i, NP_PRONOUN};
		m = mention_at(c, tok(c, i)->start, tok(c, i)->end);
		if (!m || m->start != tok(c, i)->start)
			continue;
		e = &c->entities->items[m->entity];
		last = token_at(c, m->end) - 1;
		if (last < i)
			last = i;
		if (possessive(tok(c, last)) ||
		    (i > begin && (preposition(c, i - 1) || tok_is(c, i - 1, "his") || tok_is(c, i - 1, "her") ||
				   tok_is(c, i - 1, "their") || tok_is(c, i - 1, "its")))) {
			i = last;
			continue; /* "Ryan's comments", "on his Facebook page" */
		}
		if (e->type == LEDE__ENTITY_PERSON || e->type == LEDE__ENTITY_OTHER)
			return (np){i, last, NP_NAME};
		if (e->type == LEDE__ENTITY_ORGANIZATION && !is_news(e) && org.kind == NP_NONE)
			org = (np){i, last, NP_NAME};
		i = last;
	}
	if (org.kind == NP_NONE && begin < v && capital(c, begin) && !is_determiner(c, begin) &&
	    !(classes(c, begin) & (LEDE__WORD_STARTER | LEDE__WORD_TITLE)) && !time_word(c, begin) &&
	    !lede__is_stopword(tok(c, begin)->norm, tok(c, begin)->norm_len) && !inside_quote(c, tok(c, begin)->start)) {
		/* A name the entity finder left out ("Bryne went on to say"), not a common word ("Guns are"). */
		np name = name_forward(c, begin, v);

		if (!possessive(tok(c, name.last)) && (name.last > name.first || !written_lower(c, name.first)))
			return name;
	}
	return org;
}

/* Tokens that may stand between a closing mark and the name: "Huckabee spokeswoman", "former", "Twitter's". */
static int role_words(const ctx *c, int32_t from, int32_t to)
{
	int32_t k;

	for (k = from; k < to; k++) {
		uint32_t cls = classes(c, k);

		if (gap(c, k) != 1 && !name_gap(c, k))
			return 0;
		if (capital(c, k) || possessive(tok(c, k)) || is_determiner(c, k) ||
		    (cls & (LEDE__WORD_TITLE | LEDE__WORD_TITLE_MODIFIER | LEDE__WORD_HONORIFIC |
			    LEDE__WORD_PERSON_ROLE | LEDE__WORD_DEMONYM)))
			continue;
		/* Other nouns of a title ("speechwriter"), not verbs or function words. */
		if (lede__is_stopword(tok(c, k)->norm, tok(c, k)->norm_len) || is_speech_verb(c, k) ||
		    (tok(c, k)->norm_len > 3 && (memcmp(tok(c, k)->norm + tok(c, k)->norm_len - 2, "ed", 2) == 0 ||
						  memcmp(tok(c, k)->norm + tok(c, k)->norm_len - 3, "ing", 3) == 0)) ||
		    to - from > NAME_WORDS + 2)
			return 0;
	}
	return 1;
}

/* 1 when the token after verb v starts an object (so the verb reports something else): "called Trump a liar". */
static int object_follows(const ctx *c, int32_t v, int32_t end)
{
	int32_t n = v + 1;

	if (n >= end || gap(c, v) != 1)
		return 0;
	if (is_auxiliary(c, n) || time_word(c, n))
		return 0;
	if (tok_is(c, n, "in") || tok_is(c, n, "on") || tok_is(c, n, "at") || tok_is(c, n, "during") ||
	    tok_is(c, n, "last") || tok_is(c, n, "of") || tok_is(c, n, "to") || tok_is(c, n, "about") ||
	    tok_is(c, n, "while") || tok_is(c, n, "after") || tok_is(c, n, "before") || tok_is(c, n, "when") ||
	    tok_is(c, n, "as") || tok_is(c, n, "from") || tok_is(c, n, "via") || tok_is(c, n, "this") ||
	    tok_is(c, n, "with") || tok_is(c, n, "for") || tok_is(c, n, "afterward") || tok_is(c, n, "back") ||
	    tok_is(c, n, "recently") || tok_is(c, n, "earlier") || tok_is(c, n, "yesterday") ||
	    tok_is(c, n, "today") || tok_is(c, n, "tonight") || tok_is(c, n, "according"))
		return 0;
	return 1;
}

/* 1 when the quoted words end a sentence of their own: `... deadly."` */
static int ends_sentence(const ctx *c, const raw *r)
{
	const span *last = &r->parts[r->part_count - 1];
	uint32_t cp = lede__char_before(c->text, c->len, last->end);

	return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026;
}

/*
 * After the closing mark: `,” Wang told Reuters`, `,” said Lei Jun`,
 * `,” Huckabee spokeswoman Alice Stewart said`, `,” according to X`,
 * `” about the decision, said X`.  Returns the phrase, or NP_NONE.
 */
static np attribution_after(ctx *c, size_t index, uint32_t limit)
{
	raw *r = &c->quotes[index];
	np none = {-1, -1, NP_NONE};
	int32_t i = token_at(c, r->close_end), end, v;
	size_t s;
	uint32_t stop;
	int extended = 0;

	if ((size_t)i >= c->tokens.count)
		return none;
	s = sentence_of(c, r->close_end > 0 ? r->close_end - 1 : 0);
	stop = c->sentences.count ? c->sentences.items[s].end : (uint32_t)c->len;
	if (c->sentences.count && stop <= r->close_end && s + 1 < c->sentences.count &&
	    line_of(c, c->sentences.items[s + 1].start) == line_of(c, r->close)) {
		/* `...deadly.” Rep. Jim McDermott (D-Wash.) said.`: a short sentence that only attributes. */
		stop = c->sentences.items[s + 1].end;
		extended = 1;
	}
	if (limit < stop)
		stop = limit;
	/* Only white space, a comma or a dash may come between the mark and the attribution. */
	for (uint32_t k = r->close_end; k < tok(c, i)->start; k++) {
		unsigned char ch = c->text[k];

		if (ch != ' ' && ch != ',' && ch != '\t' && ch != 0xE2 && ch != 0x80 && ch != 0x94 && ch != 0x93 &&
		    ch != '-' && ch != 0xC2 && ch != 0xA0)
			return none;
	}
	if (tok(c, i)->start >= stop)
		return none;
	end = i;
	while ((size_t)end < c->tokens.count && tok(c, end)->end <= stop && end - i < 48)
		end++;
	if (tok_is(c, i, "according") && i + 1 < end && tok_is(c, i + 1, "to"))
		return np_forward(c, i + 2, end);
	if (tok_is(c, i, "as") && i + 1 < end)
		i++; /* "as Lei Jun put it" */
	for (v = i; v < end; v++)
		if (is_speech_verb(c, v))
			break;
	if (v >= end)
		return none;
	if (extended && (v == i || participle(c, v) || object_follows(c, v, end)))
		return none;
	if (participle(c, v)) {
		/* `,” adding ...`: the speaker is the subject of the sentence. */
		size_t s0 = sentence_of(c, r->open);
		int32_t begin = token_at(c, c->sentences.count ? c->sentences.items[s0].start : 0);

		if (v != i || (is_speech_verb(c, v) && tok_is(c, v, "according")))
			return none;
		return sentence_subject(c, begin, token_at(c, r->open));
	}
	if (v == i || (gap(c, v - 1) == 2 && !takes_listener(c, v))) {
		/* `,” said Lei Jun` or `” about the decision, said X`. */
		np p = np_forward(c, v + 1, end);

		if (p.kind != NP_NONE && tok_is(c, p.first, "that"))
			return none;
		if (p.kind == NP_DESCRIBED && v != i)
			return none;
		if (p.kind != NP_NONE || v == i)
			return p;
	}
	{
		np p = np_backward(c, v, i, 0);

		if (p.kind == NP_NONE || (extended && p.first != i && !role_words(c, i, p.first)))
			return none;
		if (p.first != i && !role_words(c, i, p.first) && gap(c, p.first - 1) != 2)
			return none; /* other words between the mark and the speaker (`" than that, Zuckoff said` is fine) */
		if (ends_sentence(c, r) && !takes_listener(c, v) && object_follows(c, v, end))
			return none; /* `...death." Bernie Sanders called Trump a "liar."` */
		return p;
	}
}

/*
 * Before the opening mark, in its sentence: `Lei Jun said: “`,
 * `Richard Yu called the decisions “`, `According to X, “`, `X: “`,
 * `Trump went on the attack, saying, “`.
 */
static np attribution_before(ctx *c, uint32_t open, uint32_t floor, int32_t reach)
{
	np none = {-1, -1, NP_NONE};
	size_t s = sentence_of(c, open);
	uint32_t begin_offset = c->sentences.count ? c->sentences.items[s].start : 0;
	int32_t begin, end, v;

	if (begin_offset < floor)
		begin_offset = floor;
	begin = token_at(c, begin_offset);
	end = token_at(c, open);
	if (end <= begin)
		return none;
	for (v = end - 1; v >= begin && end - v <= reach; v--) {
		if (inside_quote(c, tok(c, v)->start))
			break;
		if (tok_is(c, v, "according") && v + 2 < end && tok_is(c, v + 1, "to"))
			return np_forward(c, v + 2, end);
		if (is_speech_verb(c, v)) {
			np p;

			if (participle(c, v)) {
				/* "with Trump reportedly yelling: “", else the subject of the sentence. */
				p = v > begin && gap(c, v - 1) == 1 ? np_backward(c, v, begin, 1) : none;
				if (p.kind != NP_NAME && p.kind != NP_PRONOUN)
					p = sentence_subject(c, begin, v);
			} else {
				p = np_backward(c, v, begin, 0);
				if (p.kind == NP_NONE && v + 1 < end && !takes_listener(c, v)) {
					/* "said Lei Jun: “": the name must end at the mark. */
					p = np_forward(c, v + 1, end);
					if (p.kind != NP_NONE && p.last + 1 != end)
						p = none;
				}
				if (p.kind == NP_NONE)
					p = sentence_subject(c, begin, v);
			}
			if (p.kind != NP_NONE)
				return p;
		}
	}
	/* "X: “...”" and "X delivered a retort: “...”". */
	{
		uint32_t k = open;

		while (k > begin_offset && (c->text[k - 1] == ' ' || c->text[k - 1] == '\n'))
			k--;
		if (k > begin_offset && c->text[k - 1] == ':') {
			int32_t last = end - 1;

			if (last >= begin && capital(c, last) && !title_or_role(c, last)) {
				np p = name_forward(c, last, end);
				int32_t b = last;

				while (b - 1 >= begin && last - b < NAME_WORDS && name_gap(c, b - 1) && capital(c, b - 1) &&
				       !title_or_role(c, b - 1))
					b--;
				p.first = b;
				if (mention_at(c, tok(c, b)->start, tok(c, last)->end) || (last > b && last - b < 3))
					return p; /* "Pollsters agree - Carl Bialik: “" */
			}
			return sentence_subject(c, begin, end);
		}
	}
	return none;
}

/*
 * The relaying outlet: "told Reuters", "according to The Wall Street
 * Journal", "As The Wall Street Journal reports", "told the publication",
 * in the sentences [from, to].
 */
static const char *find_via(ctx *c, size_t from, size_t to, uint32_t quote_open)
{
	int32_t i, end;

	if (!c->sentences.count)
		return NULL;
	i = token_at(c, c->sentences.items[from].start);
	end = token_at(c, c->sentences.items[to].end);
	for (; i < end; i++) {
		const lede__entity_mention *m;
		const lede__entity *e;
		int relay = 0;
		int32_t after;

		if (inside_quote(c, tok(c, i)->start))
			continue;
		if ((tok_is(c, i, "told") || tok_is(c, i, "tells") || tok_is(c, i, "telling")) && i + 2 < end &&
		    tok_is(c, i + 1, "the") && (classes(c, i + 2) & LEDE__WORD_NEWS_NOUN)) {
			uint32_t at;
			const lede__entity *outlet = last_mention(c, quote_open, LEDE__ENTITY_ORGANIZATION, 1, &at);

			if (outlet)
				return outlet->name; /* told the publication: the outlet named last */
		}
		m = mention_at(c, tok(c, i)->start, tok(c, i)->end);
		if (!m || m->start != tok(c, i)->start)
			continue;
		e = &c->entities->items[m->entity];
		if (!is_news(e))
			continue;
		if (i > 0 && (tok_is(c, i - 1, "told") || tok_is(c, i - 1, "tells") || tok_is(c, i - 1, "telling") ||
			      tok_is(c, i - 1, "per") || tok_is(c, i - 1, "to") || tok_is(c, i - 1, "with")))
			relay = 1;
		if (i > 1 && tok_is(c, i - 1, "the") &&
		    (tok_is(c, i - 2, "told") || tok_is(c, i - 2, "to") || tok_is(c, i - 2, "with") ||
		     tok_is(c, i - 2, "per")))
			relay = 1;
		after = token_at(c, m->end);
		if (after < end && (tok_is(c, after, "reports") || tok_is(c, after, "reported") ||
				    tok_is(c, after, "wrote") || tok_is(c, after, "writes") ||
				    tok_is(c, after, "noted") || tok_is(c, after, "notes") || tok_is(c, after, "first") ||
				    (tok_is(c, after, "has") && after + 1 < end && tok_is(c, after + 1, "learned"))))
			relay = 1;
		if (relay)
			return e->name;
	}
	return NULL;
}

static int partial(const ctx *c, const raw *r)
{
	uint32_t k = r->open;
	int32_t t;

	while (k > 0 && (c->text[k - 1] == ' ' || c->text[k - 1] == '\t'))
		k--;
	if (k == 0 || !lede__char_is_word(lede__char_before(c->text, c->len, k)))
		return 0;
	t = token_at(c, r->open) - 1;
	if (t >= 0 && (is_speech_verb(c, t) || tok_is(c, t, "that")))
		return 0;
	return 1;
}

static int attribute(ctx *c)
{
	size_t i;
	int rc;

	for (i = 0; i < c->count; i++) {
		raw *r = &c->quotes[i];
		uint32_t limit = i + 1 < c->count ? c->quotes[i + 1].open : (uint32_t)c->len;
		uint32_t floor = i > 0 ? c->quotes[i - 1].close_end : 0;
		np p = attribution_after(c, i, limit);
		size_t s0, s1;

		if (p.kind == NP_NONE)
			p = attribution_before(c, r->open, floor, VERB_REACH);
		if (partial(c, r))
			r->q.flags |= LEDE__QUOTE_PARTIAL;
		if (p.kind == NP_NONE && (r->q.flags & LEDE__QUOTE_PARTIAL) && c->sentences.count) {
			/* Words quoted in the writer's sentence belong to its subject: Cruz blamed the law on “...”. */
			size_t s = sentence_of(c, r->open);
			uint32_t from = c->sentences.items[s].start > floor ? c->sentences.items[s].start : floor;

			p = sentence_subject(c, token_at(c, from), token_at(c, r->open));
			if ((rc = set_speaker(c, i, p)) != 0)
				return rc;
			r->own = 0;
			if (r->q.speaker)
				r->q.speaker_kind = LEDE__SPEAKER_INFERRED;
		} else if ((rc = set_speaker(c, i, p)) != 0) {
			return rc;
		}
		if (c->sentences.count) {
			s0 = sentence_of(c, r->open);
			s1 = sentence_of(c, r->close_end > 0 ? r->close_end - 1 : 0);
			if (r->q.speaker_end > r->close_end)
				s1 = sentence_of(c, r->q.speaker_end - 1);
			r->q.via = find_via(c, s0, s1, r->open);
		}
	}
	return 0;
}

/*
 * A quotation that opens a sentence without an attribution of its own takes
 * the one of the sentence before it, when that one ends with a colon
 * ("Caddell continued:") or a speech verb ("Cruz tweeted a warning.").
 */
static int previous_sentence(ctx *c, size_t index, np *out)
{
	raw *r = &c->quotes[index];
	size_t s;
	const lede__sentence *prev;
	uint32_t k, floor = index > 0 ? c->quotes[index - 1].close_end : 0;

	if (!c->sentences.count)
		return 0;
	s = sentence_of(c, r->open);
	if (c->sentences.items[s].start < r->open && !blank(c, c->sentences.items[s].start, r->open))
		return 0;
	if (c->sentences.items[s].start > r->open || s == 0)
		return 0;
	prev = &c->sentences.items[s - 1];
	if (line_of(c, r->open) - line_of(c, prev->end) > 2 || prev->end <= floor)
		return 0;
	k = prev->end;
	while (k > prev->start && (c->text[k - 1] == ' ' || c->text[k - 1] == '\n'))
		k--;
	*out = attribution_before(c, k, floor, k > prev->start && c->text[k - 1] == ':' ? VERB_REACH : 8);
	return out->kind != NP_NONE;
}

/* Quotes without an attribution of their own take their split quote's or their paragraph's. */
static int inherit(ctx *c)
{
	size_t i;
	int rc;

	for (i = 0; i < c->count; i++) {
		raw *r = &c->quotes[i];
		raw *prev = i > 0 ? &c->quotes[i - 1] : NULL;
		np p;

		r->group = (uint32_t)i;
		if (r->own && r->q.speaker_kind != LEDE__SPEAKER_NONE)
			continue;
		if (prev && prev->last_line == r->line && prev->q.speaker) {
			/* “X,” he said. “Y.” */
			r->q.speaker = prev->q.speaker;
			r->q.speaker_role = prev->q.speaker_role;
			r->q.via = r->q.via ? r->q.via : prev->q.via;
			r->q.speaker_kind = LEDE__SPEAKER_INFERRED;
			r->group = prev->group;
			r->q.flags |= LEDE__QUOTE_SPLIT;
			prev->q.flags |= LEDE__QUOTE_SPLIT;
			continue;
		}
		if (previous_sentence(c, i, &p)) {
			if ((rc = set_speaker(c, i, p)) != 0)
				return rc;
			r->own = 0;
			if (r->q.speaker_kind == LEDE__SPEAKER_NAMED)
				r->q.speaker_kind = LEDE__SPEAKER_INFERRED;
			if (r->q.speaker)
				continue;
		}
		if (blank(c, c->line_starts[r->line], r->open)) {
			if (prev && prev->q.speaker && r->line - prev->last_line <= 2) {
				r->q.speaker = prev->q.speaker;
				r->q.speaker_role = prev->q.speaker_role;
				r->q.via = r->q.via ? r->q.via : prev->q.via;
				r->q.speaker_kind = LEDE__SPEAKER_INFERRED;
				continue;
			}
		}
	}
	/* “A.” “B,” he said: the first part takes the speaker of the second. */
	for (i = c->count; i > 1; i--) {
		raw *r = &c->quotes[i - 2], *next = &c->quotes[i - 1];

		if (!r->q.speaker && next->q.speaker && next->line == r->last_line && next->own &&
		    blank(c, r->close_end, next->open)) {
			r->q.speaker = next->q.speaker;
			r->q.speaker_role = next->q.speaker_role;
			r->q.via = r->q.via ? r->q.via : next->q.via;
			r->q.speaker_kind = LEDE__SPEAKER_INFERRED;
		}
	}
	return 0;
}

/* Builds each quote's text and counts its words. */
static int finish(ctx *c)
{
	size_t i;

	for (i = 0; i < c->count; i++) {
		raw *r = &c->quotes[i];
		uint32_t p;
		int32_t a, b;

		lede__buf_reset(&c->buf);
		for (p = 0; p < r->part_count; p++) {
			if (p > 0 && lede__buf_append_byte(&c->buf, ' ') != 0)
				return lede__error_nomem();
			if (lede__buf_append(&c->buf, c->text + r->parts[p].start, r->parts[p].end - r->parts[p].start) != 0)
				return lede__error_nomem();
		}
		r->q.text = lede__arena_strndup(c->arena, lede__buf_str(&c->buf), c->buf.len);
		if (!r->q.text)
			return lede__error_nomem();
		r->q.start = r->parts[0].start;
		r->q.end = r->parts[r->part_count - 1].end;
		a = token_at(c, r->q.start);
		b = token_at(c, r->q.end);
		r->words = (uint32_t)(b > a ? b - a : 0);
	}
	return 0;
}

/*
 * A title in quotation marks rather than a quotation: every word
 * capitalized but short function words, and no end punctuation ("Meet the
 * Press", "Orange Is the New Black").
 */
static int title_like(const ctx *c, const raw *r)
{
	int32_t a = token_at(c, r->q.start), b = token_at(c, r->q.end), i;
	int words = 0;

	if (r->part_count != 1 || b - a > 8 || b <= a)
		return 0;
	for (i = a; i < b; i++) {
		const lede__token *t = tok(c, i);

		if (!(t->flags & LEDE__TOKEN_HAS_LETTER))
			continue;
		words++;
		if (!(t->flags & LEDE__TOKEN_CAPITALIZED) &&
		    !(t->norm_len <= 4 && lede__is_stopword(t->norm, t->norm_len)))
			return 0;
	}
	if (words < 2)
		return 0;
	/* "I Love You." is a sentence; "Meet the Press." at a sentence end is still a title. */
	return !(r->q.flags & LEDE__QUOTE_PARTIAL) ? words >= 2 && !ends_sentence(c, r) : 1;
}

int lede__quotes_find(lede__quotes *out, lede__arena *arena, const char *text, size_t len,
		      const lede__entities *entities, const lede__quote_options *options)
{
	ctx c;
	lede__entities found;
	size_t i, n = 0;
	uint32_t *index_map = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if (len >= UINT32_MAX)
		return lede__error(LEDE_ETOOBIG, "text of %zu bytes is too long for quote finding", len);
	memset(&c, 0, sizeof(c));
	c.text = (const unsigned char *)text;
	c.len = len;
	c.arena = arena;
	if (options)
		c.options = *options;
	else
		lede__quote_options_default(&c.options);
	lede__buf_init(&c.buf, MAX_TEXT);
	if (!entities) {
		if ((rc = lede__entities_find(&found, arena, text, len)) != 0)
			goto cleanup;
		entities = &found;
	}
	c.entities = entities;
	if ((rc = lede__person_index_build(&c.people, arena, entities)) != 0)
		goto cleanup;
	if ((rc = lede__tokenize(&c.tokens, arena, text, len, MAX_TOKENS)) != 0 ||
	    (rc = lede__sentences_split(&c.sentences, arena, text, len)) != 0 || (rc = index_lines(&c)) != 0 ||
	    (rc = scan_marks(&c)) != 0 || (rc = pair_marks(&c)) != 0 || (rc = finish(&c)) != 0 ||
	    (rc = attribute(&c)) != 0 || (rc = inherit(&c)) != 0)
		goto cleanup;
	for (i = 0; i < c.count; i++) {
		raw *r = &c.quotes[i];

		if (r->words == 0 || (r->words < c.options.min_words && !(r->own && r->q.speaker)) ||
		    ((r->q.flags & LEDE__QUOTE_PARTIAL) && r->words < c.options.min_partial_words) || title_like(&c, r))
			r->drop = 1;
	}
	out->items = lede__arena_alloc(arena, (c.count + 1) * sizeof(*out->items));
	index_map = lede__arena_alloc(arena, (c.count + 1) * sizeof(*index_map));
	if (!out->items || !index_map) {
		rc = lede__error_nomem();
		goto cleanup;
	}
	for (i = 0; i < c.count; i++) {
		raw *r = &c.quotes[i];

		index_map[i] = (uint32_t)n;
		if (r->drop)
			continue;
		out->items[n] = r->q;
		out->items[n].group = (uint32_t)n;
		if (r->group != i && !c.quotes[r->group].drop)
			out->items[n].group = index_map[r->group];
		n++;
	}
	out->count = n;
	rc = 0;
cleanup:
	lede__buf_free(&c.buf);
	if (rc != 0)
		memset(out, 0, sizeof(*out));
	return rc;
}

/* ---- matching quotes across articles ---- */

typedef struct words {
	const char **items; /* folded words: apostrophes dropped, "u.s." as "us" */
	uint32_t *lens;
	size_t count;
} words;

static int quote_words(words *out, lede__arena *arena, const char *text)
{
	lede__tokens tokens;
	size_t i, n = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = lede__tokenize(&tokens, arena, text, strlen(text), 0)) != 0)
		return rc;
	out->items = lede__arena_alloc(arena, (tokens.count + 1) * sizeof(*out->items));
	out->lens = lede__arena_alloc(arena, (tokens.count + 1) * sizeof(*out->lens));
	if (!out->items || !out->lens)
		return lede__error_nomem();
	for (i = 0; i < tokens.count; i++) {
		const lede__token *t = &tokens.items[i];
		char *w = lede__arena_alloc(arena, t->norm_len + 17);
		uint32_t k, m = 0;

		if (!w)
			return lede__error_nomem();
		for (k = 0; k < t->norm_len; k++)
			if (t->norm[k] != '\'')
				w[m++] = t->norm[k];
		/* U.S. and US: single letters joined by dots make one word. */
		while (t->norm_len == 1 && m < 16 && i + 1 < tokens.count && tokens.items[i + 1].norm_len == 1 &&
		       tokens.items[i + 1].start == t->end + 1 && text[t->end] == '.') {
			t = &tokens.items[++i];
			w[m++] = t->norm[0];
		}
		w[m] = '\0';
		out->items[n] = w;
		out->lens[n] = m;
		n++;
	}
	out->count = n;
	return 0;
}

static int same(const words *a, size_t i, const words *b, size_t j)
{
	return a->lens[i] == b->lens[j] && memcmp(a->items[i], b->items[j], a->lens[i]) == 0;
}

/* 1 when the words of `a` appear in a row inside `b` (|a| <= |b|). */
static int runs_inside(const words *a, const words *b)
{
	size_t i, j;

	if (a->count == 0 || a->count > b->count)
		return 0;
	for (j = 0; j + a->count <= b->count; j++) {
		for (i = 0; i < a->count; i++)
			if (!same(a, i, b, j + i))
				break;
		if (i == a->count)
			return 1;
	}
	return 0;
}

/* Share of the words of `a` that are in `b`. */
static double covered(const words *a, const words *b)
{
	size_t i, j, hits = 0;

	if (a->count == 0)
		return 0;
	for (i = 0; i < a->count; i++)
		for (j = 0; j < b->count; j++)
			if (same(a, i, b, j)) {
				hits++;
				break;
			}
	return (double)hits / (double)a->count;
}

static int same_quote(const words *a, const words *b)
{
	const words *shorter = a->count <= b->count ? a : b, *longer = shorter == a ? b : a;

	if (shorter->count == 0)
		return 0;
	if (shorter->count < 4)
		return shorter->count == longer->count && runs_inside(shorter, longer);
	if (runs_inside(shorter, longer))
		return 1;
	return shorter->count >= 6 && covered(shorter, longer) >= 0.9;
}

typedef struct member {
	uint32_t article, quote;
	const lede__quote *q;
	words w;
	uint32_t parent;
} member;

static uint32_t member_root(member *m, uint32_t i)
{
	while (m[i].parent != i) {
		m[i].parent = m[m[i].parent].parent;
		i = m[i].parent;
	}
	return i;
}

static int speaker_weight(uint8_t kind)
{
	switch (kind) {
	case LEDE__SPEAKER_NAMED:
		return 4;
	case LEDE__SPEAKER_RESOLVED:
		return 3;
	default:
		return 1;
	}
}

/* The full form of a speaker's name from the story's people or the other members' speakers. */
static const char *full_speaker(const char *speaker, const member *members, const uint32_t *group, size_t n,
				const lede__person_index *people)
{
	const char *full = NULL;
	size_t i, len = strlen(speaker);

	if (people)
		full = lede__person_index_find(people, speaker, len);
	if (full)
		return full;
	if (strchr(speaker, ' '))
		return speaker;
	for (i = 0; i < n; i++) {
		const char *other = members[group[i]].q->speaker;
		const char *space;

		if (!other || !(space = strrchr(other, ' ')))
			continue;
		if (strcmp(space + 1, speaker) == 0 || (strncmp(other, speaker, len) == 0 && other[len] == ' '))
			return other;
	}
	return speaker;
}

static int compare_story_quotes(const void *a, const void *b)
{
	const lede__story_quote *x = a, *y = b;

	if (x->articles != y->articles)
		return x->articles > y->articles ? -1 : 1;
	if (x->sources[0].article != y->sources[0].article)
		return x->sources[0].article < y->sources[0].article ? -1 : 1;
	return x->sources[0].quote < y->sources[0].quote ? -1 : (x->sources[0].quote > y->sources[0].quote);
}

int lede__quotes_merge(lede__story_quotes *out, lede__arena *arena, const lede__quotes *articles,
		       size_t count, const lede__entities *story_entities)
{
	member *members = NULL;
	uint32_t *group = NULL;
	lede__person_index *people = NULL;
	size_t total = 0, n = 0, a, i, j, groups = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if (story_entities && (rc = lede__person_index_build(&people, arena, story_entities)) != 0)
		return rc;
	for (a = 0; a < count; a++)
		total += articles[a].count;
	members = lede__arena_alloc(arena, (total + 1) * sizeof(*members));
	group = lede__arena_alloc(arena, (total + 1) * sizeof(*group));
	out->items = lede__arena_alloc(arena, (total + 1) * sizeof(*out->items));
	if (!members || !group || !out->items)
		return lede__error_nomem();
	for (a = 0; a < count; a++)
		for (i = 0; i < articles[a].count; i++) {
			member *m = &members[n];

			m->article = (uint32_t)a;
			m->quote = (uint32_t)i;
			m->q = &articles[a].items[i];
			m->parent = (uint32_t)n;
			if ((rc = quote_words(&m->w, arena, m->q->text)) != 0)
				goto fail;
			n++;
		}
	/* Pairwise matching with union-find: a story holds tens to hundreds of quotes. */
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (member_root(members, (uint32_t)i) != member_root(members, (uint32_t)j) &&
			    same_quote(&members[i].w, &members[j].w))
				members[member_root(members, (uint32_t)j)].parent = member_root(members, (uint32_t)i);
	for (i = 0; i < n; i++) {
		size_t g = 0, k;
		lede__story_quote *s;
		const char *best_speaker = NULL, *best_via = NULL;
		int best_weight = 0, best_via_votes = 0;
		size_t shortest = 0, longest = 0;
		uint32_t last_article = UINT32_MAX;

		if (member_root(members, (uint32_t)i) != i)
			continue;
		for (j = 0; j < n; j++)
			if (member_root(members, (uint32_t)j) == i)
				group[g++] = (uint32_t)j;
		s = &out->items[groups++];
		memset(s, 0, sizeof(*s));
		s->sources = lede__arena_alloc(arena, g * sizeof(*s->sources));
		if (!s->sources) {
			rc = lede__error_nomem();
			goto fail;
		}
		for (k = 0; k < g; k++) {
			const member *m = &members[group[k]];
			int weight = 0, votes = 0;

			s->sources[k].article = m->article;
			s->sources[k].quote = m->quote;
			if (m->article != last_article)
				s->articles++;
			last_article = m->article;
			if (m->w.count < members[group[shortest]].w.count)
				shortest = k;
			if (m->w.count > members[group[longest]].w.count)
				longest = k;
			if (m->q->speaker) {
				const char *full = full_speaker(m->q->speaker, members, group, g, people);

				/* Votes for this name from every member. */
				for (size_t o = 0; o < g; o++) {
					const lede__quote *q = members[group[o]].q;

					if (q->speaker &&
					    strcmp(full_speaker(q->speaker, members, group, g, people), full) == 0)
						weight += speaker_weight(q->speaker_kind);
				}
				if (weight > best_weight ||
				    (weight == best_weight && best_speaker && strlen(full) > strlen(best_speaker))) {
					best_weight = weight;
					best_speaker = full;
				}
			}
			if (m->q->via) {
				for (size_t o = 0; o < g; o++)
					if (members[group[o]].q->via && strcmp(members[group[o]].q->via, m->q->via) == 0)
						votes++;
				if (votes > best_via_votes) {
					best_via_votes = votes;
					best_via = m->q->via;
				}
			}
		}
		s->source_count = g;
		s->text = members[group[shortest]].q->text;
		s->longest = members[group[longest]].q->text;
		s->speaker = best_speaker;
		s->via = best_via;
	}
	out->count = groups;
	qsort(out->items, groups, sizeof(*out->items), compare_story_quotes);
	return 0;
fail:
	memset(out, 0, sizeof(*out));
	return rc;
}
