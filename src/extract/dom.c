#include "dom.h"

#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "text/tokens.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"

enum { MAX_BLOCK_BYTES = 1 << 20, MAX_PAGE_TEXT = 64 << 20 };

typedef struct tag_entry {
	const char *name;
	uint32_t flags;
	uint8_t heading;
} tag_entry;

/* Sorted by name for bsearch. */
static const tag_entry tags[] = {
	{"a", LEDE__TAG_LINK, 0},
	{"address", LEDE__TAG_BLOCK, 0},
	{"applet", LEDE__TAG_SKIP, 0},
	{"article", LEDE__TAG_BLOCK | LEDE__TAG_ARTICLE, 0},
	{"aside", LEDE__TAG_BLOCK | LEDE__TAG_CHROME, 0},
	{"audio", LEDE__TAG_SKIP, 0},
	{"blockquote", LEDE__TAG_BLOCK | LEDE__TAG_QUOTE, 0},
	{"body", LEDE__TAG_BLOCK, 0},
	{"br", LEDE__TAG_LINE_BREAK, 0},
	{"button", LEDE__TAG_BUTTON, 0},
	{"canvas", LEDE__TAG_SKIP, 0},
	{"caption", LEDE__TAG_BLOCK, 0},
	{"center", LEDE__TAG_BLOCK, 0},
	{"dd", LEDE__TAG_BLOCK | LEDE__TAG_LIST_ITEM, 0},
	{"details", LEDE__TAG_BLOCK, 0},
	{"dialog", LEDE__TAG_BLOCK | LEDE__TAG_CHROME, 0},
	{"dir", LEDE__TAG_BLOCK | LEDE__TAG_LIST, 0},
	{"div", LEDE__TAG_BLOCK, 0},
	{"dl", LEDE__TAG_BLOCK | LEDE__TAG_LIST, 0},
	{"dt", LEDE__TAG_BLOCK | LEDE__TAG_LIST_ITEM, 0},
	{"embed", LEDE__TAG_SKIP, 0},
	{"fieldset", LEDE__TAG_BLOCK, 0},
	{"figcaption", LEDE__TAG_BLOCK | LEDE__TAG_FIGURE, 0},
	{"figure", LEDE__TAG_BLOCK | LEDE__TAG_FIGURE, 0},
	{"footer", LEDE__TAG_BLOCK | LEDE__TAG_CHROME, 0},
	{"form", LEDE__TAG_BLOCK | LEDE__TAG_CHROME, 0},
	{"frameset", LEDE__TAG_SKIP, 0},
	{"h1", LEDE__TAG_BLOCK | LEDE__TAG_HEADING, 1},
	{"h2", LEDE__TAG_BLOCK | LEDE__TAG_HEADING, 2},
	{"h3", LEDE__TAG_BLOCK | LEDE__TAG_HEADING, 3},
	{"h4", LEDE__TAG_BLOCK | LEDE__TAG_HEADING, 4},
	{"h5", LEDE__TAG_BLOCK | LEDE__TAG_HEADING, 5},
	{"h6", LEDE__TAG_BLOCK | LEDE__TAG_HEADING, 6},
	{"head", LEDE__TAG_SKIP, 0},
	{"header", LEDE__TAG_BLOCK | LEDE__TAG_CHROME, 0},
	{"hgroup", LEDE__TAG_BLOCK, 0},
	{"hr", LEDE__TAG_BLOCK, 0},
	{"iframe", LEDE__TAG_SKIP, 0},
	{"input", LEDE__TAG_SKIP, 0},
	{"label", LEDE__TAG_BUTTON, 0},
	{"legend", LEDE__TAG_BLOCK, 0},
	{"li", LEDE__TAG_BLOCK | LEDE__TAG_LIST_ITEM, 0},
	{"main", LEDE__TAG_BLOCK | LEDE__TAG_ARTICLE, 0},
	{"map", LEDE__TAG_SKIP, 0},
	{"math", LEDE__TAG_SKIP, 0},
	{"menu", LEDE__TAG_BLOCK | LEDE__TAG_CHROME | LEDE__TAG_LIST, 0},
	{"nav", LEDE__TAG_BLOCK | LEDE__TAG_CHROME, 0},
	{"noframes", LEDE__TAG_SKIP, 0},
	{"noscript", LEDE__TAG_BLOCK, 0},
	{"object", LEDE__TAG_SKIP, 0},
	{"ol", LEDE__TAG_BLOCK | LEDE__TAG_LIST, 0},
	{"option", LEDE__TAG_SKIP, 0},
	{"p", LEDE__TAG_BLOCK | LEDE__TAG_PARAGRAPH, 0},
	{"picture", LEDE__TAG_SKIP, 0},
	{"pre", LEDE__TAG_BLOCK | LEDE__TAG_PRE, 0},
	{"script", LEDE__TAG_SKIP, 0},
	{"section", LEDE__TAG_BLOCK, 0},
	{"select", LEDE__TAG_SKIP, 0},
	{"style", LEDE__TAG_SKIP, 0},
	{"summary", LEDE__TAG_BLOCK, 0},
	{"svg", LEDE__TAG_SKIP, 0},
	{"table", LEDE__TAG_BLOCK, 0},
	{"tbody", LEDE__TAG_BLOCK, 0},
	{"td", LEDE__TAG_BLOCK | LEDE__TAG_CELL, 0},
	{"template", LEDE__TAG_SKIP, 0},
	{"textarea", LEDE__TAG_SKIP, 0},
	{"tfoot", LEDE__TAG_BLOCK, 0},
	{"th", LEDE__TAG_BLOCK | LEDE__TAG_CELL, 0},
	{"thead", LEDE__TAG_BLOCK, 0},
	{"title", LEDE__TAG_SKIP, 0},
	{"tr", LEDE__TAG_BLOCK, 0},
	{"ul", LEDE__TAG_BLOCK | LEDE__TAG_LIST, 0},
	{"video", LEDE__TAG_SKIP, 0},
};

static int compare_tag(const void *key, const void *entry)
{
	return strcmp((const char *)key, ((const tag_entry *)entry)->name);
}

uint32_t lede__tag_flags(const char *name, uint8_t *out_heading)
{
	char lower[16];
	const tag_entry *entry;
	size_t i;

	*out_heading = 0;
	for (i = 0; name[i] && i + 1 < sizeof(lower); i++)
		lower[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ? name[i] | 0x20 : name[i]);
	if (name[i])
		return 0;
	lower[i] = '\0';
	entry = bsearch(lower, tags, sizeof(tags) / sizeof(tags[0]), sizeof(tags[0]), compare_tag);
	if (!entry)
		return 0;
	*out_heading = entry->heading;
	return entry->flags;
}

const char *lede__dom_attribute(lede__arena *arena, xmlNode *node, const char *name)
{
	xmlAttr *attr;

	for (attr = node->properties; attr; attr = attr->next) {
		if (attr->name && xmlStrcasecmp(attr->name, BAD_CAST name) == 0 && attr->children &&
		    attr->children->content)
			return lede__arena_strdup(arena, (const char *)attr->children->content);
	}
	return NULL;
}

/* The raw attribute value without copying (NULL when absent). */
static const char *attribute(xmlNode *node, const char *name)
{
	xmlAttr *attr;

	for (attr = node->properties; attr; attr = attr->next)
		if (attr->name && xmlStrcasecmp(attr->name, BAD_CAST name) == 0 && attr->children)
			return (const char *)attr->children->content;
	return NULL;
}

typedef struct keyword {
	const char *word;
	uint8_t hint;
	int8_t weight;
} keyword;

/*
 * Class and id vocabulary, matched as substrings of the lower-cased names
 * (readability's and trafilatura's lists, extended).  Content names weigh
 * positive; boilerplate names negative.
 */
static const keyword keywords[] = {
	{"article-body", LEDE__HINT_CONTENT, 3},
	{"articlebody", LEDE__HINT_CONTENT, 3},
	{"article__body", LEDE__HINT_CONTENT, 3},
	{"article-content", LEDE__HINT_CONTENT, 3},
	{"story-body", LEDE__HINT_CONTENT, 3},
	{"storybody", LEDE__HINT_CONTENT, 3},
	{"entry-content", LEDE__HINT_CONTENT, 3},
	{"post-content", LEDE__HINT_CONTENT, 3},
	{"post-body", LEDE__HINT_CONTENT, 3},
	{"postbody", LEDE__HINT_CONTENT, 3},
	{"main-content", LEDE__HINT_CONTENT, 2},
	{"maincontent", LEDE__HINT_CONTENT, 2},
	{"article-text", LEDE__HINT_CONTENT, 3},
	{"body-text", LEDE__HINT_CONTENT, 2},
	{"rich-text", LEDE__HINT_CONTENT, 1},
	{"richtext", LEDE__HINT_CONTENT, 1},
	{"prose", LEDE__HINT_CONTENT, 1},
	{"article", 0, 1},
	{"content", 0, 1},
	{"entry", 0, 1},
	{"story", 0, 1},
	{"post", 0, 1},
	{"text", 0, 1},
	{"blog", 0, 1},
	{"comment", LEDE__HINT_COMMENTS, -2},
	{"disqus", LEDE__HINT_COMMENTS, -3},
	{"respond", LEDE__HINT_COMMENTS, -2},
	{"share", LEDE__HINT_BOILERPLATE, -3},
	{"sharing", LEDE__HINT_BOILERPLATE, -3},
	{"social", LEDE__HINT_BOILERPLATE, -3},
	{"related", LEDE__HINT_RELATED, -3},
	{"recommend", LEDE__HINT_RELATED, -3},
	{"read-more", LEDE__HINT_RELATED, -2},
	{"readmore", LEDE__HINT_RELATED, -2},
	{"more-stories", LEDE__HINT_RELATED, -3},
	{"most-popular", LEDE__HINT_RELATED, -3},
	{"mostpopular", LEDE__HINT_RELATED, -3},
	{"popular", LEDE__HINT_RELATED, -1},
	{"trending", LEDE__HINT_RELATED, -3},
	{"outbrain", LEDE__HINT_RELATED, -4},
	{"taboola", LEDE__HINT_RELATED, -4},
	{"newsletter", LEDE__HINT_BOILERPLATE, -3},
	{"subscribe", LEDE__HINT_BOILERPLATE, -3},
	{"signup", LEDE__HINT_BOILERPLATE, -2},
	{"sign-up", LEDE__HINT_BOILERPLATE, -2},
	{"cookie", LEDE__HINT_BOILERPLATE, -4},
	{"consent", LEDE__HINT_BOILERPLATE, -4},
	{"gdpr", LEDE__HINT_BOILERPLATE, -4},
	{"banner", LEDE__HINT_BOILERPLATE, -2},
	{"promo", LEDE__HINT_BOILERPLATE, -2},
	{"sponsor", LEDE__HINT_AD, -3},
	{"advert", LEDE__HINT_AD, -4},
	{"ad-slot", LEDE__HINT_AD, -4},
	{"ad-container", LEDE__HINT_AD, -4},
	{"adslot", LEDE__HINT_AD, -4},
	{"dfp", LEDE__HINT_AD, -3},
	{"sidebar", LEDE__HINT_BOILERPLATE, -3},
	{"footer", LEDE__HINT_BOILERPLATE, -3},
	{"masthead", LEDE__HINT_NAVIGATION, -3},
	{"breadcrumb", LEDE__HINT_NAVIGATION, -3},
	{"pagination", LEDE__HINT_NAVIGATION, -2},
	{"pager", LEDE__HINT_NAVIGATION, -2},
	{"navbar", LEDE__HINT_NAVIGATION, -3},
	{"navigation", LEDE__HINT_NAVIGATION, -3},
	{"menu", LEDE__HINT_NAVIGATION, -3},
	{"skip-link", LEDE__HINT_NAVIGATION, -4},
	{"skiplink", LEDE__HINT_NAVIGATION, -4},
	{"popup", LEDE__HINT_BOILERPLATE, -3},
	{"modal", LEDE__HINT_BOILERPLATE, -3},
	{"overlay", LEDE__HINT_BOILERPLATE, -2},
	{"toolbar", LEDE__HINT_BOILERPLATE, -2},
	{"byline", LEDE__HINT_BYLINE, -1},
	{"author-bio", LEDE__HINT_BOILERPLATE, -3},
	{"author-info", LEDE__HINT_BYLINE, -2},
	{"dateline", LEDE__HINT_BYLINE, -1},
	{"timestamp", LEDE__HINT_BYLINE, -1},
	{"tags", LEDE__HINT_BOILERPLATE, -1},
	{"visually-hidden", LEDE__HINT_BOILERPLATE, -3},
	{"sr-only", LEDE__HINT_BOILERPLATE, -3},
	{"screen-reader", LEDE__HINT_BOILERPLATE, -3},
	{"print-only", LEDE__HINT_BOILERPLATE, -3},
};

/* Exact words (not substrings): short names that would match too much inside others. */
static const keyword exact_words[] = {
	{"ad", LEDE__HINT_AD, -3},
	{"ads", LEDE__HINT_AD, -3},
	{"nav", LEDE__HINT_NAVIGATION, -3},
	{"header", LEDE__HINT_NAVIGATION, -1},
	{"author", LEDE__HINT_BYLINE, -1},
	{"meta", LEDE__HINT_BYLINE, -1},
	{"main", LEDE__HINT_CONTENT, 1},
	{"body", 0, 1},
};

static void lower_copy(char *out, size_t size, const char *s)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < size; i++)
		out[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] | 0x20 : s[i]);
	out[i] = '\0';
}

static int word_in(const char *names, const char *word)
{
	size_t n = strlen(word);
	const char *p = names;

	while ((p = strstr(p, word)) != NULL) {
		int before = p == names || !((p[-1] >= 'a' && p[-1] <= 'z') || (p[-1] >= '0' && p[-1] <= '9'));
		int after = !((p[n] >= 'a' && p[n] <= 'z') || (p[n] >= '0' && p[n] <= '9'));

		if (before && after)
			return 1;
		p += n;
	}
	return 0;
}

/* Hints and weight from class, id, role and itemprop. */
static void read_hints(xmlNode *xml, uint8_t *hints, int8_t *weight)
{
	const char *class_attr = attribute(xml, "class"), *id = attribute(xml, "id");
	const char *role = attribute(xml, "role"), *itemprop = attribute(xml, "itemprop");
	const char *style = attribute(xml, "style"), *aria_hidden = attribute(xml, "aria-hidden");
	char names[512];
	int total = 0;
	size_t i, used = 0;

	*hints = 0;
	names[0] = '\0';
	if (class_attr) {
		lower_copy(names, sizeof(names) / 2, class_attr);
		used = strlen(names);
	}
	if (id && used + 2 < sizeof(names)) {
		names[used++] = ' ';
		lower_copy(names + used, sizeof(names) - used, id);
		used += strlen(names + used);
	}
	if (names[0]) {
		/* Which letter pairs occur: a keyword whose first pair does not cannot match. */
		uint8_t pairs[32 * 32 / 8];

		memset(pairs, 0, sizeof(pairs));
		for (i = 0; names[i] && names[i + 1]; i++) {
			unsigned a = (unsigned char)names[i] & 31, b = (unsigned char)names[i + 1] & 31;

			pairs[(a * 32 + b) / 8] |= (uint8_t)(1u << ((a * 32 + b) % 8));
		}
		for (i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++) {
			unsigned a = (unsigned char)keywords[i].word[0] & 31;
			unsigned b = (unsigned char)keywords[i].word[1] & 31;

			if (!(pairs[(a * 32 + b) / 8] & (1u << ((a * 32 + b) % 8))))
				continue;
			if (strstr(names, keywords[i].word)) {
				*hints |= keywords[i].hint;
				total += keywords[i].weight;
			}
		}
		for (i = 0; i < sizeof(exact_words) / sizeof(exact_words[0]); i++) {
			if (word_in(names, exact_words[i].word)) {
				*hints |= exact_words[i].hint;
				total += exact_words[i].weight;
			}
		}
	}
	if (role) {
		if (strcasecmp(role, "navigation") == 0 || strcasecmp(role, "menu") == 0 ||
		    strcasecmp(role, "menubar") == 0 || strcasecmp(role, "banner") == 0 ||
		    strcasecmp(role, "contentinfo") == 0 || strcasecmp(role, "search") == 0) {
			*hints |= LEDE__HINT_NAVIGATION;
			total -= 3;
		} else if (strcasecmp(role, "complementary") == 0 || strcasecmp(role, "dialog") == 0 ||
			   strcasecmp(role, "alertdialog") == 0) {
			*hints |= LEDE__HINT_BOILERPLATE;
			total -= 3;
		} else if (strcasecmp(role, "main") == 0 || strcasecmp(role, "article") == 0) {
			*hints |= LEDE__HINT_CONTENT;
			total += 2;
		}
	}
	if (itemprop && (strcasecmp(itemprop, "articleBody") == 0 || strcasecmp(itemprop, "text") == 0 ||
			 strcasecmp(itemprop, "reviewBody") == 0)) {
		*hints |= LEDE__HINT_CONTENT;
		total += 4;
	}
	if (itemprop && (strcasecmp(itemprop, "author") == 0 || strcasecmp(itemprop, "datePublished") == 0))
		*hints |= LEDE__HINT_BYLINE;
	if (attribute(xml, "hidden") || (aria_hidden && strcasecmp(aria_hidden, "true") == 0))
		*hints |= LEDE__HINT_HIDDEN;
	if (style) {
		char lowered[256];
		size_t j, k = 0;

		/* Squeeze spaces so that "display : none" matches too. */
		for (j = 0; style[j] && k + 1 < sizeof(lowered); j++)
			if (style[j] != ' ')
				lowered[k++] = (char)(style[j] >= 'A' && style[j] <= 'Z' ? style[j] | 0x20 : style[j]);
		lowered[k] = '\0';
		if (strstr(lowered, "display:none") || strstr(lowered, "visibility:hidden"))
			*hints |= LEDE__HINT_HIDDEN;
	}
	if (total > 100)
		total = 100;
	if (total < -100)
		total = -100;
	*weight = (int8_t)total;
}

typedef struct walker {
	lede__dom *dom;
	lede__arena *arena;
	lede__buf text;         /* the block being collected */
	uint32_t chars, link_chars;
	int pending_space;
	int32_t *open;          /* stack of node indices of open elements */
	size_t open_count, open_cap;
	int32_t *block_owners;  /* stack of open block-level elements */
	size_t owner_count, owner_cap;
	uint32_t link_depth;
	uint32_t max_depth;
	/* Element names are interned by libxml2's dictionary: cache flags by pointer. */
	const xmlChar *cached_name[64];
	uint32_t cached_flags[64];
	uint8_t cached_heading[64];
} walker;

static int push_index(int32_t **stack, size_t *count, size_t *cap, int32_t value)
{
	if (*count == *cap) {
		size_t grown_cap = *cap ? *cap * 2 : 64;
		int32_t *grown = lede__realloc(*stack, grown_cap * sizeof(*grown));

		if (!grown)
			return lede__error_nomem();
		*stack = grown;
		*cap = grown_cap;
	}
	(*stack)[(*count)++] = value;
	return 0;
}

static int is_punctuation(unsigned char c)
{
	return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?';
}

static int is_word_byte(unsigned char c)
{
	return c >= 0x80 || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9');
}

/* Words, stopwords and punctuation of a block (ASCII-folded comparison). */
static void count_words(lede__dom_block *block)
{
	const char *s = block->text;
	size_t i = 0, len = block->len;

	while (i < len) {
		size_t start;
		char word[16];
		size_t n = 0;

		while (i < len && !is_word_byte((unsigned char)s[i])) {
			if (is_punctuation((unsigned char)s[i]))
				block->punctuation++;
			i++;
		}
		if (i >= len)
			break;
		start = i;
		while (i < len && (is_word_byte((unsigned char)s[i]) || s[i] == '\'')) {
			if (n + 1 < sizeof(word))
				word[n++] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] | 0x20 : s[i]);
			i++;
		}
		block->words++;
		if (i - start < sizeof(word) && lede__is_stopword(word, n))
			block->stopwords++;
	}
}

static int flush_block(walker *w)
{
	lede__dom *dom = w->dom;
	lede__dom_block *block;
	size_t len = w->text.len;

	w->pending_space = 0;
	while (len && (w->text.data[len - 1] == '\n' || w->text.data[len - 1] == ' '))
		len--;
	if (len == 0 || w->chars == 0 || w->owner_count == 0) {
		lede__buf_reset(&w->text);
		w->chars = w->link_chars = 0;
		return 0;
	}
	if (dom->block_count == dom->block_cap) {
		size_t cap = dom->block_cap ? dom->block_cap * 2 : 256;
		lede__dom_block *grown = lede__realloc(dom->blocks, cap * sizeof(*grown));

		if (!grown)
			return lede__error_nomem();
		dom->blocks = grown;
		dom->block_cap = cap;
	}
	block = &dom->blocks[dom->block_count];
	memset(block, 0, sizeof(*block));
	block->node = (uint32_t)w->block_owners[w->owner_count - 1];
	block->text = lede__arena_strndup(w->arena, w->text.data, len);
	if (!block->text)
		return lede__error_nomem();
	block->len = (uint32_t)len;
	block->chars = w->chars;
	block->link_chars = w->link_chars;
	count_words(block);
	dom->block_count++;
	lede__buf_reset(&w->text);
	w->chars = w->link_chars = 0;
	return 0;
}

static int is_fold_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Appends text with white space (and U+00A0) folded, a run of visible bytes at a time. */
static int append_text(walker *w, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int rc;

	while (*p) {
		const unsigned char *run;
		uint32_t chars = 0;

		if (is_fold_space(*p) || (p[0] == 0xC2 && p[1] == 0xA0)) {
			w->pending_space = w->text.len > 0;
			p += *p == 0xC2 ? 2 : 1;
			continue;
		}
		run = p;
		while (*p && !is_fold_space(*p) && !(p[0] == 0xC2 && p[1] == 0xA0)) {
			chars += (*p & 0xC0) != 0x80;
			p++;
		}
		if (w->text.len >= MAX_BLOCK_BYTES)
			return 0;
		if (w->pending_space && w->text.data[w->text.len - 1] != '\n' &&
		    (rc = lede__buf_append_byte(&w->text, ' ')) != 0)
			return rc;
		w->pending_space = 0;
		if ((rc = lede__buf_append(&w->text, run, (size_t)(p - run))) != 0)
			return rc;
		w->chars += chars;
		if (w->link_depth)
			w->link_chars += chars;
	}
	return 0;
}

static int enter_element(walker *w, xmlNode *xml, int *descend)
{
	lede__dom *dom = w->dom;
	lede__dom_node *node;
	uint8_t heading;
	size_t slot = ((uintptr_t)xml->name >> 4) & 63;
	uint32_t flags;
	int32_t parent = w->open_count ? w->open[w->open_count - 1] : -1;
	int rc;

	*descend = 0;
	if (w->cached_name[slot] == xml->name && xml->name) {
		flags = w->cached_flags[slot];
		heading = w->cached_heading[slot];
	} else {
		flags = lede__tag_flags(xml->name ? (const char *)xml->name : "", &heading);
		w->cached_name[slot] = xml->name;
		w->cached_flags[slot] = flags;
		w->cached_heading[slot] = heading;
	}
	if (flags & LEDE__TAG_SKIP)
		return 0;
	if (flags & LEDE__TAG_LINE_BREAK) {
		if (w->text.len && w->text.data[w->text.len - 1] != '\n') {
			w->pending_space = 0;
			return lede__buf_append_byte(&w->text, '\n');
		}
		return 0;
	}
	if (w->open_count >= w->max_depth) {
		/* Too deep to keep as structure: its text joins the enclosing block. */
		*descend = xml->children != NULL;
		return 0;
	}
	if ((flags & LEDE__TAG_BLOCK) && (rc = flush_block(w)) != 0)
		return rc;
	if (dom->node_count == dom->node_cap) {
		size_t cap = dom->node_cap ? dom->node_cap * 2 : 256;
		lede__dom_node *grown = lede__realloc(dom->nodes, cap * sizeof(*grown));

		if (!grown)
			return lede__error_nomem();
		dom->nodes = grown;
		dom->node_cap = cap;
	}
	node = &dom->nodes[dom->node_count];
	memset(node, 0, sizeof(*node));
	node->parent = parent;
	node->depth = (uint32_t)w->open_count;
	node->tag = flags;
	node->heading = heading;
	node->xml = xml;
	read_hints(xml, &node->hints, &node->class_weight);
	{
		const char *class_attr = attribute(xml, "class");
		uint32_t h = 2166136261u; /* FNV-1a over tag name and class */
		const unsigned char *c;

		for (c = xml->name; c && *c; c++)
			h = (h ^ *c) * 16777619u;
		h = (h ^ '|') * 16777619u;
		for (c = (const unsigned char *)class_attr; c && *c; c++)
			h = (h ^ *c) * 16777619u;
		node->signature = h;
	}
	node->inherited = node->hints | (parent >= 0 ? dom->nodes[parent].inherited : 0);
	node->first_block = (uint32_t)dom->block_count;
	if (node->depth > dom->max_depth)
		dom->max_depth = node->depth;
	if ((rc = push_index(&w->open, &w->open_count, &w->open_cap, (int32_t)dom->node_count)) != 0)
		return rc;
	if ((flags & LEDE__TAG_BLOCK) &&
	    (rc = push_index(&w->block_owners, &w->owner_count, &w->owner_cap, (int32_t)dom->node_count)) != 0)
		return rc;
	if (flags & LEDE__TAG_LINK)
		w->link_depth++;
	dom->node_count++;
	*descend = 1;
	if (!xml->children)
		return 0;
	return 0;
}

/* Closes the element `xml` if it is the one on top of the open stack. */
static int leave_element(walker *w, xmlNode *xml)
{
	lede__dom *dom = w->dom;
	int32_t index;
	int rc;

	if (!w->open_count || dom->nodes[w->open[w->open_count - 1]].xml != xml)
		return 0;
	index = w->open[w->open_count - 1];
	if (dom->nodes[index].tag & LEDE__TAG_BLOCK) {
		if ((rc = flush_block(w)) != 0)
			return rc;
		w->owner_count--;
	}
	if (dom->nodes[index].tag & LEDE__TAG_LINK)
		w->link_depth--;
	dom->nodes[index].end_block = (uint32_t)dom->block_count;
	w->open_count--;
	return 0;
}

/* Walks the subtree under `root` (inclusive) in document order. */
static int walk_tree(walker *w, xmlNode *root)
{
	xmlNode *cur = root;
	int rc;

	for (;;) {
		int descend = 0;

		if (cur->type == XML_ELEMENT_NODE) {
			if ((rc = enter_element(w, cur, &descend)) != 0)
				return rc;
		} else if ((cur->type == XML_TEXT_NODE || cur->type == XML_CDATA_SECTION_NODE) &&
			   cur->content) {
			if ((rc = append_text(w, (const char *)cur->content)) != 0)
				return rc;
		}
		if (descend && cur->children) {
			cur = cur->children;
			continue;
		}
		if (cur->type == XML_ELEMENT_NODE && (rc = leave_element(w, cur)) != 0)
			return rc;
		while (cur != root && !cur->next) {
			cur = cur->parent;
			if ((rc = leave_element(w, cur)) != 0)
				return rc;
		}
		if (cur == root)
			return 0;
		cur = cur->next;
	}
}

int lede__dom_build(lede__dom *out, lede__arena *arena, const char *html, size_t len,
		    uint32_t max_depth)
{
	walker w;
	xmlNode *top;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	memset(&w, 0, sizeof(w));
	if (len > (size_t)INT32_MAX)
		return lede__error(LEDE_ETOOBIG, "HTML page larger than 2 GiB");
	out->doc = htmlReadMemory(html, (int)len, NULL, "UTF-8",
				  HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
					  HTML_PARSE_NONET | HTML_PARSE_COMPACT);
	if (!out->doc)
		return lede__error(LEDE_EFORMAT, "HTML could not be parsed");
	w.dom = out;
	w.arena = arena;
	w.max_depth = max_depth ? max_depth : 512;
	lede__buf_init(&w.text, MAX_BLOCK_BYTES + 8);
	/* Broken pages can leave several top-level elements (a second <html>): walk them all. */
	for (top = out->doc->children; top && rc == 0; top = top->next)
		if (top->type == XML_ELEMENT_NODE)
			rc = walk_tree(&w, top);
	if (rc == 0)
		rc = flush_block(&w);
	lede__buf_free(&w.text);
	lede__dealloc(w.open);
	lede__dealloc(w.block_owners);
	return rc;
}

void lede__dom_free(lede__dom *dom)
{
	if (dom->doc)
		xmlFreeDoc(dom->doc);
	lede__dealloc(dom->nodes);
	lede__dealloc(dom->blocks);
	memset(dom, 0, sizeof(*dom));
}
