#include "content.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/alloc.h"
#include "util/ascii.h"
#include "util/buf.h"
#include "util/error.h"
#include "extract/block_model.h"
#include "extract/title.h"
#include "text/tokens.h"
#include "util/hash.h"

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

/*
 * Repeated items: sibling elements with the same tag and class (a listing's
 * cards, a thread's posts, a menu's entries).  Per element, how many
 * siblings are alike and how much text the run holds.
 */
typedef struct item_key {
	int32_t parent;
	uint32_t signature;
	uint32_t node;
} item_key;

static int compare_items(const void *a, const void *b)
{
	const item_key *x = a, *y = b;

	if (x->parent != y->parent)
		return x->parent < y->parent ? -1 : 1;
	if (x->signature != y->signature)
		return x->signature < y->signature ? -1 : 1;
	return 0;
}

/* Per-page arrays the block features read. */
typedef struct page_view {
	uint32_t *words;       /* prefix sums over blocks: words */
	uint32_t *links;       /* link characters */
	uint32_t *prose_words; /* words of prose blocks */
	uint32_t *run_items;   /* per element: elements alike in its run (0 outside any) */
	double *run_words;     /* per element: words of its run */
	double *run_links;     /* link characters of its run */
	double *run_chars;
	uint32_t *duplicates;  /* per block: blocks of the page with the same text */
	uint32_t *text_group;  /* per block: the same number for blocks of the same text */
	float *style_prose;    /* per block: prose words of its style (below) / prose words of the page */
	float *style_words;    /* per block: words of its style / words of the page */
	uint8_t *inside;       /* per element: INSIDE_* */
	int32_t item_list;     /* parent of the largest run of items with real text, or -1 */
	double item_list_chars;
} page_view;

enum { INSIDE_ARTICLE = 1, INSIDE_LINK = 2 };

typedef struct text_key {
	uint64_t hash;
	uint32_t block;
} text_key;

static int compare_texts(const void *a, const void *b)
{
	const text_key *x = a, *y = b;

	return x->hash < y->hash ? -1 : x->hash > y->hash;
}

static void page_view_free(page_view *v)
{
	lede__dealloc(v->words);
	lede__dealloc(v->links);
	lede__dealloc(v->prose_words);
	lede__dealloc(v->run_items);
	lede__dealloc(v->run_words);
	lede__dealloc(v->run_links);
	lede__dealloc(v->run_chars);
	lede__dealloc(v->duplicates);
	lede__dealloc(v->text_group);
	lede__dealloc(v->style_prose);
	lede__dealloc(v->style_words);
	lede__dealloc(v->inside);
}

/*
 * Runs of alike siblings.  The largest run whose items (four or more)
 * carry 40 characters each on average, outside boilerplate, chrome and
 * hidden parts, is the page's item list: a listing's content when its items
 * outweigh the prose.
 */
static int find_runs(page_view *v, const lede__dom *dom, const scored *s)
{
	item_key *keys = lede__calloc(dom->node_count + 1, sizeof(*keys));
	size_t n = 0, i, g;

	v->item_list = -1;
	v->item_list_chars = 0;
	if (!keys)
		return lede__error_nomem();
	for (i = 0; i < dom->node_count; i++) {
		const lede__dom_node *node = &dom->nodes[i];

		if (node->parent < 0 || !(node->tag & LEDE__TAG_BLOCK) || node->end_block == node->first_block)
			continue;
		keys[n].parent = node->parent;
		keys[n].signature = node->signature;
		keys[n].node = (uint32_t)i;
		n++;
	}
	qsort(keys, n, sizeof(*keys), compare_items);
	for (i = 0; i < n; i = g) {
		double words = 0, links = 0, chars = 0;

		for (g = i; g < n && compare_items(&keys[g], &keys[i]) == 0; g++) {
			const lede__dom_node *node = &dom->nodes[keys[g].node];

			words += v->words[node->end_block] - v->words[node->first_block];
			links += v->links[node->end_block] - v->links[node->first_block];
			chars += s->chars[node->end_block] - s->chars[node->first_block];
		}
		for (size_t k = i; k < g; k++) {
			v->run_items[keys[k].node] = (uint32_t)(g - i);
			v->run_words[keys[k].node] = words;
			v->run_links[keys[k].node] = links;
			v->run_chars[keys[k].node] = chars;
		}
		if (g - i < 4 || chars / (double)(g - i) < 40)
			continue;
		if (s->marks[keys[i].parent] & (NODE_BOILERPLATE | NODE_CHROME | NODE_HIDDEN))
			continue;
		if (chars > v->item_list_chars) {
			v->item_list_chars = chars;
			v->item_list = keys[i].parent;
		}
	}
	lede__dealloc(keys);
	return 0;
}

/*
 * A block's style: the tag and class of its element and of that element's
 * parent.  An article's paragraphs share one; so do a sidebar's teasers, a
 * listing's cards, a footer's lines.  Per block, the share of the page's
 * prose words and of all its words written in its style (`keys`: n slots of
 * scratch).
 */
static void style_shares(page_view *v, const lede__dom *dom, const scored *s, text_key *keys)
{
	size_t i, n = dom->block_count;
	double page_words = v->words[n], page_prose = v->prose_words[n];

	for (i = 0; i < n; i++) {
		const lede__dom_node *node = &dom->nodes[dom->blocks[i].node];
		uint32_t parent = node->parent >= 0 ? dom->nodes[node->parent].signature : 0;

		keys[i].hash = ((uint64_t)node->signature << 32 | parent) ^ ((uint64_t)node->depth << 56);
		keys[i].block = (uint32_t)i;
	}
	qsort(keys, n, sizeof(*keys), compare_texts);
	for (i = 0; i < n;) {
		size_t g = i, k;
		double words = 0, prose = 0;

		for (; g < n && keys[g].hash == keys[i].hash; g++) {
			const lede__dom_block *b = &dom->blocks[keys[g].block];

			words += b->words;
			prose += s->classes[keys[g].block] == BLOCK_GOOD ? b->words : 0;
		}
		for (k = i; k < g; k++) {
			v->style_words[keys[k].block] = (float)(page_words > 0 ? words / page_words : 0);
			v->style_prose[keys[k].block] = (float)(page_prose > 0 ? prose / page_prose : 0);
		}
		i = g;
	}
}

static int page_view_build(page_view *v, const lede__dom *dom, const scored *s)
{
	size_t i, n = dom->block_count;
	text_key *texts = NULL;

	memset(v, 0, sizeof(*v));
	v->words = lede__calloc(n + 1, sizeof(*v->words));
	v->links = lede__calloc(n + 1, sizeof(*v->links));
	v->prose_words = lede__calloc(n + 1, sizeof(*v->prose_words));
	v->duplicates = lede__calloc(n + 1, sizeof(*v->duplicates));
	v->text_group = lede__calloc(n + 1, sizeof(*v->text_group));
	v->style_prose = lede__calloc(n + 1, sizeof(*v->style_prose));
	v->style_words = lede__calloc(n + 1, sizeof(*v->style_words));
	v->run_items = lede__calloc(dom->node_count + 1, sizeof(*v->run_items));
	v->run_words = lede__calloc(dom->node_count + 1, sizeof(*v->run_words));
	v->run_links = lede__calloc(dom->node_count + 1, sizeof(*v->run_links));
	v->run_chars = lede__calloc(dom->node_count + 1, sizeof(*v->run_chars));
	v->inside = lede__calloc(dom->node_count + 1, 1);
	texts = lede__calloc(n + 1, sizeof(*texts));
	if (!v->words || !v->links || !v->prose_words || !v->duplicates || !v->text_group ||
	    !v->style_prose ||
	    !v->style_words || !v->run_items ||
	    !v->run_words || !v->run_links || !v->run_chars || !v->inside || !texts) {
		lede__dealloc(texts);
		return lede__error_nomem();
	}
	for (i = 0; i < n; i++) {
		const lede__dom_block *b = &dom->blocks[i];

		v->words[i + 1] = v->words[i] + b->words;
		v->links[i + 1] = v->links[i] + b->link_chars;
		v->prose_words[i + 1] = v->prose_words[i] + (s->classes[i] == BLOCK_GOOD ? b->words : 0);
		texts[i].hash = lede__hash64(b->text, b->len);
		texts[i].block = (uint32_t)i;
	}
	/* Menus and footers repeat their lines (mobile and desktop copies); prose rarely does. */
	qsort(texts, n, sizeof(*texts), compare_texts);
	for (i = 0; i < n;) {
		size_t g = i;

		while (g < n && texts[g].hash == texts[i].hash)
			g++;
		for (size_t k = i; k < g; k++) {
			v->duplicates[texts[k].block] = (uint32_t)(g - i);
			v->text_group[texts[k].block] = (uint32_t)i;
		}
		i = g;
	}
	style_shares(v, dom, s, texts);
	lede__dealloc(texts);
	/* Parents come before their children in the element array. */
	for (i = 0; i < dom->node_count; i++) {
		const lede__dom_node *node = &dom->nodes[i];
		uint8_t inside = node->parent >= 0 ? v->inside[node->parent] : 0;

		if (node->tag & LEDE__TAG_ARTICLE)
			inside |= INSIDE_ARTICLE;
		if (node->tag & LEDE__TAG_LINK)
			inside |= INSIDE_LINK;
		v->inside[i] = inside;
	}
	return find_runs(v, dom, s);
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

	lede__ascii_lower_copy(line, b->text, n);
	for (w = words; *w; w++)
		if (strstr(line, *w))
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

/*
 * When neither the heading nor the container had a date by them: a short
 * line with a date just before or at the top of the kept text (a dateline
 * the model leaves out, as the reference texts do).
 */
static void find_date_by_text(lede__content *out, const lede__dom *dom, const uint8_t *keep)
{
	size_t first, i;

	for (first = 0; first < dom->block_count && !keep[first]; first++)
		;
	if (out->has_visible_date || first == dom->block_count)
		return;
	for (i = first > 8 ? first - 8 : 0; i < first + 4 && i < dom->block_count; i++) {
		const lede__dom_block *b = &dom->blocks[i];

		if (b->len <= 240 && lede__date_find(&out->visible_date, b->text, b->len) == 0) {
			out->has_visible_date = 1;
			out->visible_date_updated = says_updated(b);
			return;
		}
	}
}

/* `lowered`: text in lower case (lede__ascii_lower_copy), `phrases` in lower case. */
static int contains_any(const char *lowered, const char *const *phrases)
{
	for (; *phrases; phrases++)
		if (strstr(lowered, *phrases))
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
		char lowered[201];

		if (b->len > 200)
			continue;
		lede__ascii_lower_copy(lowered, b->text, b->len);
		if ((b->len <= 60 && contains_any(lowered, commerce)) || has_price(b->text))
			out->commerce_blocks++;
		if (b->words <= 6 && contains_any(lowered, forum))
			out->forum_blocks++;
	}
}

/*
 * The words of a short text (a title, a description) as a set of hashes,
 * open addressing: a block's share of words found there costs one pass over
 * the block.  Function words do not count.
 */
enum { WORD_SET_SLOTS = 256, WORD_SET_MAX = 128, WORD_SCAN_MAX = 4096 };

typedef struct word_set {
	uint64_t slot[WORD_SET_SLOTS];
	size_t count;
} word_set;

static int word_byte(unsigned char c)
{
	return c >= 0x80 || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9');
}

/* The next word of text[*at..len): its FNV-1a hash of lower-cased bytes, 0 at the end or for a stopword. */
static uint64_t next_word(const char *text, size_t len, size_t *at, int *found)
{
	uint64_t h = 14695981039346656037ull;
	char folded[16];
	size_t start, n = 0;

	*found = 0;
	while (*at < len && !word_byte((unsigned char)text[*at]))
		(*at)++;
	if (*at >= len)
		return 0;
	start = *at;
	while (*at < len && word_byte((unsigned char)text[*at])) {
		char c = text[*at];

		c = (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
		if (n < sizeof(folded))
			folded[n++] = c;
		h = (h ^ (unsigned char)c) * 1099511628211ull;
		(*at)++;
	}
	*found = 1;
	if (*at - start < sizeof(folded) && lede__is_stopword(folded, n))
		return 0;
	return h ? h : 1;
}

static void word_set_fill(word_set *set, const char *text)
{
	size_t at = 0, len = text ? strlen(text) : 0;
	int found;

	memset(set, 0, sizeof(*set));
	if (len > WORD_SCAN_MAX)
		len = WORD_SCAN_MAX;
	while (set->count < WORD_SET_MAX) {
		uint64_t h = next_word(text, len, &at, &found);
		size_t k;

		if (!found)
			break;
		if (!h)
			continue;
		for (k = h % WORD_SET_SLOTS; set->slot[k] && set->slot[k] != h; k = (k + 1) % WORD_SET_SLOTS)
			;
		if (!set->slot[k]) {
			set->slot[k] = h;
			set->count++;
		}
	}
}

static int word_set_has(const word_set *set, uint64_t h)
{
	size_t k;

	for (k = h % WORD_SET_SLOTS; set->slot[k]; k = (k + 1) % WORD_SET_SLOTS)
		if (set->slot[k] == h)
			return 1;
	return 0;
}

/*
 * Shares of the block's words (not function words) found in the two sets,
 * in one pass; a set of under 3 words gives 0.
 */
static void word_set_shares(double *out_a, double *out_b, const word_set *a, const word_set *b,
			    const lede__dom_block *block)
{
	size_t at = 0, len = block->len < WORD_SCAN_MAX ? block->len : WORD_SCAN_MAX;
	size_t total = 0, hits_a = 0, hits_b = 0;
	int use_a = a->count >= 3, use_b = b->count >= 3, found;

	*out_a = *out_b = 0;
	if (!use_a && !use_b)
		return;
	for (;;) {
		uint64_t h = next_word(block->text, len, &at, &found);

		if (!found)
			break;
		if (!h)
			continue;
		total++;
		hits_a += use_a && word_set_has(a, h);
		hits_b += use_b && word_set_has(b, h);
	}
	if (total) {
		*out_a = (double)hits_a / (double)total;
		*out_b = (double)hits_b / (double)total;
	}
}

/*
 * The article's byline by its heading ("By Jane Doe · 2 June 2025") is
 * metadata, read into the authors and the date: it does not stay in the
 * text whatever the model says (a listing's cards keep theirs).
 */
static void drop_byline(uint8_t *keep, const lede__content *out, const lede__dom *dom)
{
	size_t i, from, to;

	if (!out->heading)
		return;
	from = out->heading_block > 3 ? out->heading_block - 3 : 0;
	to = out->heading_block + 12 < dom->block_count ? out->heading_block + 12 : dom->block_count;
	for (i = from; i < to; i++) {
		const lede__dom_block *b = &dom->blocks[i];

		if (b->text == out->byline || byline_text(b))
			keep[i] = 0;
	}
}

/*
 * A paragraph written twice on the page (a script's copy, a print version, a
 * pull quote) is kept once: the reader reads it once.  Short lines may
 * repeat for real (a table's "Yes", a recipe's "1 cup").
 */
enum { REPEAT_MIN_WORDS = 8 };

static int drop_repeats(uint8_t *keep, const lede__dom *dom, const page_view *v)
{
	size_t i, n = dom->block_count;
	uint8_t *seen = NULL;

	for (i = 0; i < n; i++) {
		if (!keep[i] || v->duplicates[i] < 2 || dom->blocks[i].words < REPEAT_MIN_WORDS)
			continue;
		if (!seen && !(seen = lede__calloc(n + 1, 1)))
			return lede__error_nomem();
		if (seen[v->text_group[i]])
			keep[i] = 0;
		seen[v->text_group[i]] = 1;
	}
	lede__dealloc(seen);
	return 0;
}

/* What the block features know of the whole page. */
typedef struct page_facts {
	size_t container_first, container_end;
	int has_container;
	size_t list_first, list_end;
	double page_words, page_link_density, page_prose;
	double container_share, container_prose;
	double article_schema, product_schema, listing_schema, forum_schema, og_article;
	double commerce, forum_chrome;
	int has_heading;
	size_t heading_block;
	word_set title;       /* words of <title>, else og:title */
	word_set description; /* words of the meta description */
	uint8_t *anchors;     /* per element: ANCHOR_* when it holds the heading or the container */
} page_facts;

enum { ANCHOR_HEADING = 1, ANCHOR_CONTAINER = 2 };

static double ratio(double part, double whole)
{
	return whole > 0 ? part / whole : 0;
}

static int32_t ancestor(const lede__dom *dom, int32_t node, int levels)
{
	while (levels-- > 0 && dom->nodes[node].parent >= 0)
		node = dom->nodes[node].parent;
	return node;
}

static double node_link_density(const page_view *v, const scored *s, const lede__dom_node *node)
{
	return ratio(v->links[node->end_block] - v->links[node->first_block],
		     s->chars[node->end_block] - s->chars[node->first_block]);
}

static double node_prose(const scored *s, const lede__dom_node *node)
{
	return ratio(range_sum(s->good, node), s->chars[node->end_block] - s->chars[node->first_block]);
}

/*
 * The smallest element holding both `node` and the anchor, found within 256
 * levels up (the anchor's ancestors carry its mark), or -1.
 */
static int32_t common_ancestor(const lede__dom *dom, const page_facts *p, int32_t node, uint8_t anchor)
{
	int steps;

	for (steps = 0; node >= 0 && steps < 256; steps++, node = dom->nodes[node].parent)
		if (p->anchors[node] & anchor)
			return node;
	return -1;
}

/* Words share of the page held by that element (1 when none). */
static double scope(const lede__dom *dom, const page_view *v, const page_facts *p, int32_t node,
		    uint8_t anchor)
{
	node = common_ancestor(dom, p, node, anchor);
	if (node < 0)
		return 1;
	return ratio(v->words[dom->nodes[node].end_block] - v->words[dom->nodes[node].first_block],
		     p->page_words);
}

/* Digits, capitals, the last character and separators of a block's text. */
static void text_shape(double f[LEDE__BLOCK_FEATURES], const lede__dom_block *b)
{
	size_t k, letters = 0, capitals = 0, digits = 0, separators = 0, end = b->len;

	for (k = 0; k < b->len; k++) {
		unsigned char c = (unsigned char)b->text[k];

		if (c >= '0' && c <= '9')
			digits++;
		else if (c >= 'A' && c <= 'Z')
			capitals++, letters++;
		else if (c >= 'a' && c <= 'z')
			letters++;
		else if (c == '|' || (c == 0xE2 && k + 2 < b->len && (unsigned char)b->text[k + 1] == 0x80 &&
				      (unsigned char)b->text[k + 2] == 0xA2)) /* U+2022 bullet */
			separators++;
	}
	while (end > 0 && (b->text[end - 1] == ' ' || b->text[end - 1] == '\n'))
		end--;
	f[LEDE__BF_DIGITS] = ratio((double)digits, (double)(digits + letters));
	f[LEDE__BF_CAPITALS] = ratio((double)capitals, (double)letters);
	if (end > 0) {
		char last = b->text[end - 1];

		f[LEDE__BF_SENTENCE_END] = last == '.' || last == '!' || last == '?' || last == '"' ||
					   (end >= 3 && (unsigned char)b->text[end - 3] == 0xE2 &&
					    (unsigned char)b->text[end - 2] == 0x80 &&
					    (unsigned char)last == 0x9D); /* U+201D */
		f[LEDE__BF_COLON_END] = last == ':';
	}
	f[LEDE__BF_SEPARATORS] = log1p((double)separators);
	f[LEDE__BF_PRICE] = b->len <= 400 && has_price(b->text);
}

static void block_features(double f[LEDE__BLOCK_FEATURES], const lede__dom *dom, const scored *s,
			   const page_view *v, const page_facts *p, size_t i)
{
	const lede__dom_block *b = &dom->blocks[i];
	const lede__dom_node *node = &dom->nodes[b->node];
	uint8_t mark = s->marks[b->node], hints = node->inherited;
	const lede__dom_node *parent = &dom->nodes[ancestor(dom, (int32_t)b->node, 1)];
	const lede__dom_node *above = &dom->nodes[ancestor(dom, (int32_t)b->node, 3)];
	size_t lo = i >= 3 ? i - 3 : 0, hi = i + 4 < dom->block_count ? i + 4 : dom->block_count;
	int32_t item = (int32_t)b->node;
	int level;

	memset(f, 0, LEDE__BLOCK_FEATURES * sizeof(*f));
	f[LEDE__BF_WORDS] = log1p((double)b->words);
	f[LEDE__BF_LINK_DENSITY] = link_density(b);
	f[LEDE__BF_STOPWORDS] = ratio(b->stopwords, b->words);
	f[LEDE__BF_PUNCTUATION] = b->punctuation >= b->words ? 1 : ratio(b->punctuation, b->words);
	f[LEDE__BF_CLASS] = s->classes[i];
	f[LEDE__BF_MARK_BOILERPLATE] = (mark & NODE_BOILERPLATE) != 0;
	f[LEDE__BF_MARK_CHROME] = (mark & NODE_CHROME) != 0;
	f[LEDE__BF_MARK_HIDDEN] = (mark & NODE_HIDDEN) != 0;
	f[LEDE__BF_HINT_NAVIGATION] = (hints & LEDE__HINT_NAVIGATION) != 0;
	f[LEDE__BF_HINT_COMMENTS] = (hints & LEDE__HINT_COMMENTS) != 0;
	f[LEDE__BF_HINT_RELATED] = (hints & LEDE__HINT_RELATED) != 0;
	f[LEDE__BF_HINT_AD] = (hints & LEDE__HINT_AD) != 0;
	f[LEDE__BF_HINT_BYLINE] = (hints & LEDE__HINT_BYLINE) != 0;
	f[LEDE__BF_HINT_CONTENT] = (hints & LEDE__HINT_CONTENT) != 0;
	f[LEDE__BF_HINT_BOILERPLATE] = (hints & LEDE__HINT_BOILERPLATE) != 0;
	f[LEDE__BF_PARAGRAPH] = (node->tag & LEDE__TAG_PARAGRAPH) != 0;
	f[LEDE__BF_LIST_ITEM] = (node->tag & LEDE__TAG_LIST_ITEM) != 0;
	f[LEDE__BF_CELL] = (node->tag & LEDE__TAG_CELL) != 0;
	f[LEDE__BF_HEADING] = node->heading;
	f[LEDE__BF_PRE] = (node->tag & LEDE__TAG_PRE) != 0;
	f[LEDE__BF_QUOTE] = (node->tag & LEDE__TAG_QUOTE) != 0;
	f[LEDE__BF_FIGURE] = (node->tag & LEDE__TAG_FIGURE) != 0;
	f[LEDE__BF_IN_LINK] = (v->inside[b->node] & INSIDE_LINK) != 0;
	f[LEDE__BF_STYLE_PROSE] = v->style_prose[i];
	f[LEDE__BF_STYLE_WORDS] = v->style_words[i];
	f[LEDE__BF_IN_ARTICLE] = (v->inside[b->node] & INSIDE_ARTICLE) != 0;
	if (!p->has_container) {
		f[LEDE__BF_CONTAINER_SIDE] = 2;
	} else if (i < p->container_first) {
		f[LEDE__BF_CONTAINER_SIDE] = -1;
		f[LEDE__BF_CONTAINER_DISTANCE] = log1p((double)(p->container_first - i));
	} else if (i >= p->container_end) {
		f[LEDE__BF_CONTAINER_SIDE] = 1;
		f[LEDE__BF_CONTAINER_DISTANCE] = log1p((double)(i + 1 - p->container_end));
	}
	f[LEDE__BF_IN_ITEM_LIST] = i >= p->list_first && i < p->list_end;
	f[LEDE__BF_POSITION] = ratio((double)i, (double)dom->block_count);
	f[LEDE__BF_DUPLICATES] = log1p((double)(v->duplicates[i] - 1));
	/* The nearest element, up to four levels up, that repeats among its siblings. */
	for (level = 0; level < 4 && item >= 0; level++, item = dom->nodes[item].parent) {
		uint32_t items = v->run_items[item];

		if (items >= 3) {
			f[LEDE__BF_ITEM_COUNT] = log1p((double)items);
			f[LEDE__BF_ITEM_WORDS] = log1p(v->run_words[item] / items);
			f[LEDE__BF_ITEM_SHARE] = ratio(v->run_words[item], p->page_words);
			f[LEDE__BF_ITEM_LINK_DENSITY] = ratio(v->run_links[item], v->run_chars[item]);
			break;
		}
	}
	f[LEDE__BF_PARENT_LINK_DENSITY] = node_link_density(v, s, parent);
	f[LEDE__BF_PARENT_PROSE] = node_prose(s, parent);
	f[LEDE__BF_ANCESTOR_LINK_DENSITY] = node_link_density(v, s, above);
	f[LEDE__BF_ANCESTOR_PROSE] = node_prose(s, above);
	f[LEDE__BF_ANCESTOR_SHARE] = ratio(v->words[above->end_block] - v->words[above->first_block],
					  p->page_words);
	f[LEDE__BF_WINDOW_PROSE] = ratio(v->prose_words[hi] - v->prose_words[lo], v->words[hi] - v->words[lo]);
	f[LEDE__BF_PREVIOUS_CLASS] = i > 0 ? (double)s->classes[i - 1] : -1;
	f[LEDE__BF_NEXT_CLASS] = i + 1 < dom->block_count ? (double)s->classes[i + 1] : -1;
	f[LEDE__BF_STOCK_PHRASE] = is_stock_phrase(b->text, b->len);
	f[LEDE__BF_PAGE_LINK_DENSITY] = p->page_link_density;
	f[LEDE__BF_PAGE_WORDS] = log1p(p->page_words);
	f[LEDE__BF_PAGE_PROSE] = p->page_prose;
	f[LEDE__BF_CONTAINER_SHARE] = p->container_share;
	f[LEDE__BF_CONTAINER_PROSE] = p->container_prose;
	f[LEDE__BF_ARTICLE_SCHEMA] = p->article_schema;
	f[LEDE__BF_PRODUCT_SCHEMA] = p->product_schema;
	f[LEDE__BF_LISTING_SCHEMA] = p->listing_schema;
	f[LEDE__BF_FORUM_SCHEMA] = p->forum_schema;
	f[LEDE__BF_OG_ARTICLE] = p->og_article;
	f[LEDE__BF_COMMERCE] = p->commerce;
	f[LEDE__BF_FORUM_CHROME] = p->forum_chrome;
	if (!p->has_heading) {
		f[LEDE__BF_HEADING_SIDE] = 2;
		f[LEDE__BF_HEADING_SCOPE] = 1;
	} else {
		f[LEDE__BF_HEADING_SIDE] = i < p->heading_block ? -1 : i > p->heading_block;
		f[LEDE__BF_HEADING_DISTANCE] =
			log1p((double)(i < p->heading_block ? p->heading_block - i : i - p->heading_block));
		f[LEDE__BF_HEADING_SCOPE] = scope(dom, v, p, (int32_t)b->node, ANCHOR_HEADING);
	}
	f[LEDE__BF_CONTAINER_SCOPE] = p->has_container ? scope(dom, v, p, (int32_t)b->node, ANCHOR_CONTAINER) : 1;
	if (i > 0) {
		f[LEDE__BF_PREVIOUS_LINK_DENSITY] = link_density(&dom->blocks[i - 1]);
		f[LEDE__BF_PREVIOUS_WORDS] = log1p((double)dom->blocks[i - 1].words);
	}
	if (i + 1 < dom->block_count) {
		const lede__dom_block *next = &dom->blocks[i + 1];

		f[LEDE__BF_NEXT_LINK_DENSITY] = link_density(next);
		f[LEDE__BF_NEXT_WORDS] = log1p((double)next->words);
		f[LEDE__BF_NEXT_ALIKE] = dom->nodes[next->node].signature == node->signature;
	}
	text_shape(f, b);
	word_set_shares(&f[LEDE__BF_TITLE_WORDS], &f[LEDE__BF_DESCRIPTION_WORDS], &p->title, &p->description, b);
	f[LEDE__BF_SIBLING_BLOCKS] = log1p((double)(parent->end_block - parent->first_block));
}

static void mark_anchor(page_facts *p, const lede__dom *dom, int32_t node, uint8_t anchor)
{
	for (; node >= 0; node = dom->nodes[node].parent)
		p->anchors[node] |= anchor;
}

static int page_facts_fill(page_facts *p, const lede__content *out, const lede__dom *dom,
			   const page_view *v, const lede__page_meta *meta, int32_t container)
{
	size_t n = dom->block_count;

	memset(p, 0, sizeof(*p));
	p->anchors = lede__calloc(dom->node_count + 1, 1);
	if (!p->anchors)
		return lede__error_nomem();
	if (out->heading) {
		p->has_heading = 1;
		p->heading_block = out->heading_block;
		mark_anchor(p, dom, (int32_t)dom->blocks[out->heading_block].node, ANCHOR_HEADING);
	}
	if (container >= 0)
		mark_anchor(p, dom, container, ANCHOR_CONTAINER);
	p->page_words = v->words[n];
	p->page_link_density = ratio(out->page_link_chars, out->page_chars);
	p->page_prose = ratio(v->prose_words[n], v->words[n]);
	if (container >= 0) {
		const lede__dom_node *c = &dom->nodes[container];
		double words = v->words[c->end_block] - v->words[c->first_block];

		p->has_container = 1;
		p->container_first = c->first_block;
		p->container_end = c->end_block;
		p->container_share = ratio(words, p->page_words);
		p->container_prose = ratio(v->prose_words[c->end_block] - v->prose_words[c->first_block], words);
	}
	if (v->item_list >= 0) {
		p->list_first = dom->nodes[v->item_list].first_block;
		p->list_end = dom->nodes[v->item_list].end_block;
	}
	p->article_schema = meta->has_article_schema != 0;
	p->product_schema = meta->has_product_schema != 0;
	p->listing_schema = meta->has_listing_schema != 0;
	p->forum_schema = meta->has_forum_schema != 0;
	p->og_article = meta->og_type && strcasecmp(meta->og_type, "article") == 0;
	p->commerce = log1p((double)out->commerce_blocks);
	p->forum_chrome = log1p((double)out->forum_blocks);
	word_set_fill(&p->title, meta->title_tag ? meta->title_tag : meta->og_title);
	word_set_fill(&p->description, meta->description);
	return 0;
}

/* LEDE_DEBUG_BLOCK_FEATURES: each block's features and text on stderr, for bench/content-fit. */
static void debug_features(const double f[LEDE__BLOCK_FEATURES], const lede__dom *dom, size_t i,
			   double score)
{
	const lede__dom_block *b = &dom->blocks[i];
	int k;
	uint32_t c;

	fprintf(stderr, "BLOCK %zu %.4f", i, score);
	for (k = 0; k < LEDE__BLOCK_FEATURES; k++)
		fprintf(stderr, " %.9g", f[k]);
	fputc('\t', stderr);
	for (c = 0; c < b->len; c++)
		fputc(b->text[c] == '\n' || b->text[c] == '\t' ? ' ' : b->text[c], stderr);
	fputc('\n', stderr);
}

static void debug_header(size_t blocks)
{
	int k;

	fprintf(stderr, "PAGE %zu", blocks);
	for (k = 0; k < LEDE__BLOCK_FEATURES; k++)
		fprintf(stderr, " %s", lede__block_feature_name(k));
	fputc('\n', stderr);
}

int lede__content_select(lede__content *out, lede__arena *arena, const lede__dom *dom,
			 const lede__page_meta *meta)
{
	scored s = {NULL, NULL, NULL, NULL, NULL, NULL, NULL};
	page_view view;
	page_facts facts;
	lede__buf text;
	double *scores = NULL;
	uint32_t *words = NULL;
	uint8_t *keep = NULL;
	int32_t container, prose_container;
	size_t i;
	int rc, debug = getenv("LEDE_DEBUG_BLOCK_FEATURES") != NULL;

	memset(out, 0, sizeof(*out));
	memset(&view, 0, sizeof(view));
	memset(&facts, 0, sizeof(facts));
	out->container = -1;
	lede__buf_init(&text, MAX_TEXT);
	for (i = 0; i < dom->block_count; i++) {
		out->page_words += dom->blocks[i].words;
		out->page_chars += dom->blocks[i].chars;
		out->page_link_chars += dom->blocks[i].link_chars;
	}
	count_page_signals(out, dom);
	if ((rc = score_blocks(&s, dom)) != 0 || (rc = page_view_build(&view, dom, &s)) != 0)
		goto cleanup;
	container = choose_container(dom, &s, 0);
	if (container < 0)
		container = choose_container(dom, &s, 1);
	prose_container = widen_container(dom, &s, container);
	/*
	 * A page whose repeated items outweigh its prose is a listing: the
	 * heading, the date and the byline are looked for by the items.  The
	 * block model measures blocks against the prose container.
	 */
	if (view.item_list >= 0 &&
	    view.item_list_chars > 6.0 * (container >= 0 ? range_sum(s.good, &dom->nodes[container]) : 0))
		container = view.item_list;
	container = widen_container(dom, &s, container);
	choose_heading(out, arena, dom, &s, meta, container);
	find_visible_date(out, dom, container);
	find_byline(out, dom, container);
	out->container = container;
	if ((rc = page_facts_fill(&facts, out, dom, &view, meta, prose_container)) != 0)
		goto cleanup;
	scores = lede__calloc(dom->block_count + 1, sizeof(*scores));
	words = lede__calloc(dom->block_count + 1, sizeof(*words));
	keep = lede__calloc(dom->block_count + 1, 1);
	if (!scores || !words || !keep) {
		rc = lede__error_nomem();
		goto cleanup;
	}
	if (debug)
		debug_header(dom->block_count);
	for (i = 0; i < dom->block_count; i++) {
		double features[LEDE__BLOCK_FEATURES];

		block_features(features, dom, &s, &view, &facts, i);
		scores[i] = lede__block_score(features);
		words[i] = dom->blocks[i].words;
		if (debug)
			debug_features(features, dom, i, scores[i]);
	}
	if ((rc = lede__block_choose(keep, scores, words, dom->block_count)) != 0)
		goto cleanup;
	if ((rc = drop_repeats(keep, dom, &view)) != 0)
		goto cleanup;
	drop_byline(keep, out, dom);
	find_date_by_text(out, dom, keep);
	for (i = 0; i < dom->block_count; i++) {
		const lede__dom_block *b = &dom->blocks[i];
		const lede__dom_node *node = &dom->nodes[b->node];

		if (!keep[i])
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
	page_view_free(&view);
	lede__dealloc(facts.anchors);
	lede__dealloc(scores);
	lede__dealloc(words);
	lede__dealloc(keep);
	scored_free(&s);
	return rc;
}
