#include "content.h"

#include <string.h>
#include <strings.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "extract/title.h"

enum { MAX_TEXT = 64 << 20 };

/* A block's standing before the container is chosen. */
typedef enum block_class { BLOCK_BAD, BLOCK_SHORT, BLOCK_GOOD } block_class;

static const uint8_t boilerplate_hints = LEDE__HINT_BOILERPLATE | LEDE__HINT_NAVIGATION |
					 LEDE__HINT_COMMENTS | LEDE__HINT_RELATED | LEDE__HINT_AD;

static double link_density(const lede__dom_block *b)
{
	return b->chars ? (double)b->link_chars / (double)b->chars : 0;
}

/* Per element: is it, or an ancestor, boilerplate, chrome or hidden? */
enum { NODE_BOILERPLATE = 1, NODE_CHROME = 2, NODE_HIDDEN = 4 };

/*
 * Class names and chrome tags mark boilerplate only on elements that hold a
 * minor share of the page's text: themes put words like "header" or "post"
 * in the class of <body> or of the wrapper around everything.  Hidden
 * elements (hidden, aria-hidden, display:none) are only a mark, not
 * boilerplate: tabs, accordions and whole pages wait hidden for a script to
 * show them, and a reader sees them (on wcxb-dev, hidden prose inside the
 * chosen container is reference text twice as often as not).
 */
static int mark_nodes(uint8_t **out, const lede__dom *dom)
{
	uint8_t *marks = lede__calloc(dom->node_count + 1, 1);
	uint32_t *chars = lede__calloc(dom->block_count + 1, sizeof(*chars));
	uint32_t total;
	size_t i;

	*out = marks;
	if (!marks || !chars) {
		lede__dealloc(chars);
		return lede__error_nomem();
	}
	for (i = 0; i < dom->block_count; i++)
		chars[i + 1] = chars[i] + dom->blocks[i].chars;
	total = chars[dom->block_count];
	for (i = 0; i < dom->node_count; i++) {
		const lede__dom_node *node = &dom->nodes[i];
		uint32_t inside = chars[node->end_block] - chars[node->first_block];
		int minor = (double)inside <= 0.4 * (double)total;
		uint8_t mark = node->parent >= 0 ? marks[node->parent] : 0;

		if (minor && (node->hints & boilerplate_hints))
			mark |= NODE_BOILERPLATE;
		if (minor && (node->tag & LEDE__TAG_CHROME))
			mark |= NODE_CHROME;
		if (minor && (node->hints & LEDE__HINT_HIDDEN))
			mark |= NODE_HIDDEN;
		marks[i] = mark;
	}
	lede__dealloc(chars);
	return 0;
}

/* Prose: long enough, few links, sentence-like (function words or punctuation). */
static block_class classify(const uint8_t *marks, const lede__dom_block *b)
{
	double ld = link_density(b), stop = b->words ? (double)b->stopwords / (double)b->words : 0;

	if (marks[b->node] & NODE_BOILERPLATE)
		return BLOCK_BAD;
	if (ld > 0.5 || (b->words < 8 && ld > 0.25))
		return BLOCK_BAD;
	if (b->words >= 10 && ld < 0.3 && (stop >= 0.15 || b->punctuation >= 2))
		return (marks[b->node] & NODE_CHROME) ? BLOCK_SHORT : BLOCK_GOOD;
	return BLOCK_SHORT;
}

/* Short stock lines that are never content, whatever their container. */
static int is_stock_phrase(const char *text, size_t len)
{
	static const char *const phrases[] = {
		"advertisement", "advertisements", "skip to content", "skip to main content",
		"read more", "read more:", "related", "related articles", "related stories",
		"related posts", "share this", "share this article", "share", "tweet", "email",
		"print", "comments", "leave a comment", "sign up", "subscribe", "log in", "login",
		"sign in", "follow us", "more", "next", "previous", "back to top", "click here",
		"loading", "loading...", "show more", "see more", "continue reading",
		"you may also like", "recommended", "most popular", "trending", "newsletter",
		"cookie settings", "accept", "accept all", "close", "menu", "search", "home",
		"story continues below advertisement", "scroll to continue", NULL};
	const char *const *p;

	if (len > 48)
		return 0;
	for (p = phrases; *p; p++)
		if (strlen(*p) == len && strncasecmp(text, *p, len) == 0)
			return 1;
	return 0;
}

typedef struct scored {
	double *good;  /* prefix sums of good characters over blocks */
	double *junk;  /* prefix sums of junk characters (links, boilerplate, chrome) */
	double *plain; /* prefix sums of non-link characters of short blocks */
	double *hard;  /* prefix sums of link and boilerplate characters only */
	uint32_t *chars; /* prefix sums of all characters */
	block_class *classes;
	uint8_t *marks; /* NODE_* per element */
} scored;

static int score_blocks(scored *s, const lede__dom *dom)
{
	size_t i, n = dom->block_count;
	int rc;

	if ((rc = mark_nodes(&s->marks, dom)) != 0)
		return rc;
	s->good = lede__calloc(n + 1, sizeof(*s->good));
	s->junk = lede__calloc(n + 1, sizeof(*s->junk));
	s->classes = lede__calloc(n + 1, sizeof(*s->classes));
	s->plain = lede__calloc(n + 1, sizeof(*s->plain));
	s->hard = lede__calloc(n + 1, sizeof(*s->hard));
	s->chars = lede__calloc(n + 1, sizeof(*s->chars));
	if (!s->good || !s->junk || !s->classes || !s->plain || !s->hard || !s->chars)
		return lede__error_nomem();
	for (i = 0; i < n; i++) {
		const lede__dom_block *b = &dom->blocks[i];
		block_class c = classify(s->marks, b);
		double good = 0, junk = 0, plain = 0;

		s->classes[i] = c;
		if (c == BLOCK_GOOD) {
			good = (double)(b->chars - b->link_chars);
			junk = (double)b->link_chars;
		} else if (c == BLOCK_BAD) {
			junk = (double)b->chars;
		} else {
			/* Short lines are neutral unless they are links. */
			junk = (double)b->link_chars + 0.25 * (double)(b->chars - b->link_chars);
			plain = (double)(b->chars - b->link_chars);
		}
		s->good[i + 1] = s->good[i] + good;
		s->junk[i + 1] = s->junk[i] + junk;
		s->plain[i + 1] = s->plain[i] + plain;
		s->hard[i + 1] = s->hard[i] + (c == BLOCK_BAD ? (double)b->chars : (double)b->link_chars);
		s->chars[i + 1] = s->chars[i] + b->chars;
	}
	return 0;
}

static void scored_free(scored *s)
{
	lede__dealloc(s->good);
	lede__dealloc(s->junk);
	lede__dealloc(s->classes);
	lede__dealloc(s->marks);
	lede__dealloc(s->plain);
	lede__dealloc(s->hard);
	lede__dealloc(s->chars);
}

/*
 * The container: the element maximizing good - JUNK_WEIGHT * junk, with a
 * bonus for content-like class names and semantic tags.  A parent that adds
 * little good text but more junk loses to its child, so the choice settles
 * on the tightest element around the prose.
 */
static int32_t choose_container(const lede__dom *dom, const scored *s, int short_counts)
{
	const double junk_weight = 0.6;
	double best = -1;
	int32_t best_node = -1;
	size_t i;

	for (i = 0; i < dom->node_count; i++) {
		const lede__dom_node *node = &dom->nodes[i];
		double good = s->good[node->end_block] - s->good[node->first_block];
		double junk = s->junk[node->end_block] - s->junk[node->first_block];
		double score;

		if (short_counts) {
			/* A page of short lines only: they are what it has to say. */
			good += s->plain[node->end_block] - s->plain[node->first_block];
			junk = s->junk[node->end_block] - s->junk[node->first_block] -
			       0.25 * (s->plain[node->end_block] - s->plain[node->first_block]);
		}

		if (!(node->tag & LEDE__TAG_BLOCK) || good <= 0)
			continue;
		/* What is hidden may be shown, but it is not the page's main content. */
		if (s->marks[i] & (NODE_BOILERPLATE | NODE_HIDDEN))
			continue;
		score = good - junk_weight * junk;
		if (node->hints & LEDE__HINT_CONTENT)
			score *= 1.15;
		if (node->tag & LEDE__TAG_ARTICLE)
			score *= 1.1;
		if (score > best) {
			best = score;
			best_node = (int32_t)i;
		}
	}
	return best_node;
}

typedef struct item_group {
	int32_t parent;
	uint32_t signature;
	size_t items;
	double chars;
} item_group;

static int compare_groups(const void *a, const void *b)
{
	const item_group *x = a, *y = b;

	if (x->parent != y->parent)
		return x->parent < y->parent ? -1 : 1;
	if (x->signature != y->signature)
		return x->signature < y->signature ? -1 : 1;
	return 0;
}

/*
 * A listing's content is a run of repeated items: sibling elements with the
 * same tag and class, each with a title (often a link) and some text.  The
 * parent holding the largest such run, when its items carry real text, is
 * the list container; *out_chars gets the characters of its items.
 */
static int32_t find_item_list(const lede__dom *dom, const scored *s, const uint32_t *chars,
			      double *out_chars)
{
	item_group *groups;
	size_t n = 0, i, g;
	int32_t best = -1;
	double best_chars = 0;

	*out_chars = 0;
	groups = lede__calloc(dom->node_count + 1, sizeof(*groups));
	if (!groups)
		return -1;
	for (i = 0; i < dom->node_count; i++) {
		const lede__dom_node *node = &dom->nodes[i];

		if (node->parent < 0 || !(node->tag & LEDE__TAG_BLOCK) || node->end_block == node->first_block)
			continue;
		groups[n].parent = node->parent;
		groups[n].signature = node->signature;
		groups[n].items = 1;
		groups[n].chars = chars[node->end_block] - chars[node->first_block];
		n++;
	}
	qsort(groups, n, sizeof(*groups), compare_groups);
	for (i = 0; i < n; i = g) {
		size_t items = 0;
		double total = 0;

		for (g = i; g < n && compare_groups(&groups[g], &groups[i]) == 0; g++) {
			items++;
			total += groups[g].chars;
		}
		if (items < 4 || total / (double)items < 40)
			continue;
		if (s->marks[groups[i].parent] & (NODE_BOILERPLATE | NODE_CHROME | NODE_HIDDEN))
			continue;
		if (total > best_chars) {
			best_chars = total;
			best = groups[i].parent;
		}
	}
	lede__dealloc(groups);
	*out_chars = best_chars;
	return best;
}

static double range_sum(const double *prefix, const lede__dom_node *node)
{
	return prefix[node->end_block] - prefix[node->first_block];
}

/*
 * Widens the container to its parent while what the parent adds is mostly
 * plain text (short paragraphs, list items, subheadings next to the prose)
 * rather than links and boilerplate.
 */
static int32_t widen_container(const lede__dom *dom, const scored *s, int32_t container)
{
	while (container >= 0 && dom->nodes[container].parent >= 0) {
		const lede__dom_node *inner = &dom->nodes[container];
		int32_t parent_index = inner->parent;
		const lede__dom_node *outer = &dom->nodes[parent_index];
		double added_text = range_sum(s->good, outer) + range_sum(s->plain, outer) -
				    range_sum(s->good, inner) - range_sum(s->plain, inner);
		double added_junk = range_sum(s->hard, outer) - range_sum(s->hard, inner);

		if (s->marks[parent_index] & NODE_BOILERPLATE)
			break;
		if (added_text <= 0 || added_text < 2.0 * added_junk)
			break;
		container = parent_index;
	}
	return container;
}

/* 1 when an element between `node` (inclusive) and `top` (exclusive) is chrome or boilerplate. */
static int boilerplate_below(const lede__dom *dom, int32_t node, int32_t top)
{
	for (; node >= 0 && node != top; node = dom->nodes[node].parent) {
		const lede__dom_node *n = &dom->nodes[node];

		if (n->hints & boilerplate_hints)
			return 1;
		if (n->tag & LEDE__TAG_CHROME)
			return 1;
		if ((n->hints & LEDE__HINT_BYLINE) && n->end_block - n->first_block <= 3)
			return 1;
	}
	return 0;
}

/*
 * The heading that names the content: h1 (or h2) blocks outside boilerplate,
 * scored by agreement with the title data, level, and nearness to the
 * container; a heading that only repeats the site name loses.
 */
static void choose_heading(lede__content *out, lede__arena *arena, const lede__dom *dom,
			   const scored *s, const lede__page_meta *meta, int32_t container)
{
	size_t i, first = container >= 0 ? dom->nodes[container].first_block : 0;
	size_t end = container >= 0 ? dom->nodes[container].end_block : 0;
	double best = 0;
	double best_agree = 0;
	int best_confirmed = 0, level = 1;
	size_t h1_count = 0;
	const lede__dom_block *best_block = NULL;

	/* h2 headings compete only on pages without a usable h1. */
	for (i = 0; i < dom->block_count; i++)
		h1_count += dom->nodes[dom->blocks[i].node].heading == 1 && dom->blocks[i].words > 0 &&
			    !(dom->nodes[dom->blocks[i].node].inherited & LEDE__HINT_HIDDEN);
	out->h1_count = h1_count;
	level = h1_count ? 1 : 2;
	for (i = 0; i < dom->block_count; i++) {
		const lede__dom_block *b = &dom->blocks[i];
		const lede__dom_node *node = &dom->nodes[b->node];
		double score = 1, agree = 0;
		int near;

		if (node->heading != level || b->len > 400 || b->words == 0)
			continue;
		/* The title often sits in a hero or header block that is chrome otherwise. */
		if (level == 2 && (s->marks[b->node] & NODE_BOILERPLATE))
			continue;
		if (node->inherited & LEDE__HINT_HIDDEN)
			continue;
		near = container >= 0 && i + 8 >= first && i < end && (i < first + 8 || level == 1);
		if (meta->title_tag)
			agree = lede__title_overlap(b->text, meta->title_tag);
		if (meta->og_title && lede__title_overlap(b->text, meta->og_title) > agree)
			agree = lede__title_overlap(b->text, meta->og_title);
		if (meta->headline && lede__title_overlap(b->text, meta->headline) > agree)
			agree = lede__title_overlap(b->text, meta->headline);
		score += 3 * agree;
		score += node->heading == 1 ? 2 : 0;
		score += near ? 2 : 0;
		if (meta->site_name && lede__same_words(b->text, meta->site_name))
			score -= 5;
		if (link_density(b) > 0.5)
			score -= 2;
		if (score > best) {
			best = score;
			best_block = b;
			best_agree = agree;
			best_confirmed = (node->heading == 1 && near) || agree >= 0.6;
		}
	}
	if (best_block && best >= 3) {
		out->heading = lede__arena_strndup(arena, best_block->text, best_block->len);
		out->heading_confirmed = best_confirmed;
		out->heading_agree = best_agree;
		out->heading_block = (size_t)(best_block - dom->blocks);
	}
}

static int byline_text(const lede__dom_block *b)
{
	return b->words >= 2 && b->words <= 14 && b->len < 160 &&
	       (strncmp(b->text, "By ", 3) == 0 || strncmp(b->text, "by ", 3) == 0 ||
		strncasecmp(b->text, "written by ", 11) == 0 || strncasecmp(b->text, "author: ", 8) == 0 ||
		strncasecmp(b->text, "posted by ", 10) == 0);
}

/* A byline a reader sees by the heading, or in an element named as one. */
static void find_byline(lede__content *out, const lede__dom *dom, int32_t container)
{
	size_t i, from, to;

	from = out->heading && out->heading_block > 3 ? out->heading_block - 3 : 0;
	to = out->heading ? out->heading_block + 12 : 0;
	if (container >= 0 && !out->heading) {
		from = dom->nodes[container].first_block;
		to = from + 10;
	}
	for (i = from; i < to && i < dom->block_count; i++)
		if (byline_text(&dom->blocks[i])) {
			out->byline = dom->blocks[i].text;
			return;
		}
	for (i = 0; i < dom->block_count; i++) {
		const lede__dom_block *b = &dom->blocks[i];

		if ((dom->nodes[b->node].inherited & LEDE__HINT_BYLINE) &&
		    (byline_text(b) || (b->words >= 2 && b->words <= 4 && b->punctuation == 0))) {
			out->byline = b->text;
			return;
		}
	}
}

/*
 * The date a reader sees: in a short line around the heading or at the top of
 * the content ("Last updated Aug 04, 2025", "05 MAR 2018"), or in a byline.
 */
static int says_updated(const lede__dom_block *b)
{
	static const char *const words[] = {"updated", "modified", "reviewed", "last edited", NULL};
	char line[256];
	size_t n = b->len < sizeof(line) ? b->len : sizeof(line) - 1;
	const char *const *w;

	memcpy(line, b->text, n);
	line[n] = '\0';
	for (w = words; *w; w++)
		if (strcasestr(line, *w))
			return 1;
	return 0;
}

static void find_visible_date(lede__content *out, const lede__dom *dom, int32_t container)
{
	size_t ranges[2][2], r, i;

	ranges[0][0] = out->heading ? (out->heading_block > 3 ? out->heading_block - 3 : 0) : 0;
	ranges[0][1] = out->heading ? out->heading_block + 12 : 0;
	ranges[1][0] = container >= 0 ? dom->nodes[container].first_block : 0;
	ranges[1][1] = container >= 0 ? dom->nodes[container].first_block + 10 : 0;
	for (r = 0; r < 2; r++) {
		for (i = ranges[r][0]; i < ranges[r][1] && i < dom->block_count; i++) {
			const lede__dom_block *b = &dom->blocks[i];

			if (b->len > 240)
				continue;
			if (lede__date_find(&out->visible_date, b->text, b->len) == 0) {
				out->has_visible_date = 1;
				out->visible_date_updated = says_updated(b);
				return;
			}
		}
	}
	for (i = 0; i < dom->block_count; i++) {
		const lede__dom_block *b = &dom->blocks[i];

		if ((dom->nodes[b->node].inherited & LEDE__HINT_BYLINE) && b->len <= 240 &&
		    lede__date_find(&out->visible_date, b->text, b->len) == 0) {
			out->has_visible_date = 1;
			out->visible_date_updated = says_updated(b);
			return;
		}
	}
}

static int contains_any(const char *text, const char *const *phrases)
{
	for (; *phrases; phrases++)
		if (strcasestr(text, *phrases))
			return 1;
	return 0;
}

/* A price: a currency sign followed by a digit ("$98", "â¬ 12,50"). */
static int has_price(const char *text)
{
	const char *p;

	for (p = text; *p; p++) {
		size_t skip = 0;

		if (*p == '$')
			skip = 1;
		else if (strncmp(p, "â¬", 3) == 0 || strncmp(p, "Â£", 2) == 0)
			skip = (unsigned char)*p == 0xe2 ? 3 : 2;
		if (skip) {
			const char *q = p + skip;

			while (*q == ' ')
				q++;
			if (*q >= '0' && *q <= '9')
				return 1;
		}
	}
	return 0;
}

/* Shop and forum chrome over the whole page: evidence for the page type. */
static void count_page_signals(lede__content *out, const lede__dom *dom)
{
	static const char *const commerce[] = {"add to cart", "add to bag", "add to basket",
					       "buy now", "in stock", "out of stock", "free shipping",
					       "select a size", "checkout", "add to wishlist", NULL};
	static const char *const forum[] = {"replies", "reply", "joined", "upvote", "votes",
					    "answered", "asked", "posts:", "quote", "thread",
					    "moderator", "member", NULL};
	size_t i;

	for (i = 0; i < dom->block_count; i++) {
		const lede__dom_block *b = &dom->blocks[i];

		if (b->len > 200)
			continue;
		if ((b->len <= 60 && contains_any(b->text, commerce)) || has_price(b->text))
			out->commerce_blocks++;
		if (b->words <= 6 && contains_any(b->text, forum))
			out->forum_blocks++;
	}
}

int lede__content_select(lede__content *out, lede__arena *arena, const lede__dom *dom,
			 const lede__page_meta *meta)
{
	scored s = {NULL, NULL, NULL, NULL, NULL, NULL, NULL};
	int listing = 0;
	double list_chars = 0;
	int32_t list;
	lede__buf text;
	int32_t container;
	size_t i, first, end;
	int rc;

	memset(out, 0, sizeof(*out));
	out->container = -1;
	lede__buf_init(&text, MAX_TEXT);
	for (i = 0; i < dom->block_count; i++) {
		out->page_words += dom->blocks[i].words;
		out->page_chars += dom->blocks[i].chars;
		out->page_link_chars += dom->blocks[i].link_chars;
	}
	count_page_signals(out, dom);
	if ((rc = score_blocks(&s, dom)) != 0)
		goto cleanup;
	container = choose_container(dom, &s, 0);
	if (container < 0)
		container = choose_container(dom, &s, 1);
	/* A page whose repeated items outweigh its prose is a listing: the items are its content. */
	list = find_item_list(dom, &s, s.chars, &list_chars);
	if (list >= 0 && list_chars > 6.0 * (container >= 0 ? range_sum(s.good, &dom->nodes[container]) : 0)) {
		container = list;
		listing = 1;
	}
	container = widen_container(dom, &s, container);
	choose_heading(out, arena, dom, &s, meta, container);
	find_visible_date(out, dom, container);
	find_byline(out, dom, container);
	out->container = container;
	first = container >= 0 ? dom->nodes[container].first_block : 0;
	end = container >= 0 ? dom->nodes[container].end_block : 0;
	for (i = first; i < end; i++) {
		const lede__dom_block *b = &dom->blocks[i];
		const lede__dom_node *node = &dom->nodes[b->node];

		if (boilerplate_below(dom, (int32_t)b->node, container) &&
		    s.classes[i] != BLOCK_GOOD)
			continue;
		if (s.classes[i] == BLOCK_BAD && link_density(b) > 0.5 &&
		    !(listing && !(s.marks[b->node] & NODE_BOILERPLATE)))
			continue;
		if (is_stock_phrase(b->text, b->len))
			continue;
		if (node->hints & LEDE__HINT_BYLINE && s.classes[i] != BLOCK_GOOD)
			continue;
		if (text.len && (rc = lede__buf_append(&text, "\n\n", 2)) != 0)
			goto cleanup;
		if ((rc = lede__buf_append(&text, b->text, b->len)) != 0)
			goto cleanup;
		out->paragraphs++;
		out->words += b->words;
		out->chars += b->chars;
		out->link_chars += b->link_chars;
		out->good_blocks += s.classes[i] == BLOCK_GOOD;
		out->list_blocks += (node->tag & LEDE__TAG_LIST_ITEM) != 0;
		out->heading_blocks += node->heading != 0;
		out->code_blocks += (node->tag & LEDE__TAG_PRE) != 0;
	}
	out->text = lede__arena_strndup(arena, lede__buf_str(&text), text.len);
	if (!out->text)
		rc = lede__error_nomem();
cleanup:
	lede__buf_free(&text);
	scored_free(&s);
	return rc;
}
