#include "dom.h"

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <pthread.h>
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

/* The attributes extraction reads, found in one pass over an element's. */
enum element_attribute {
	ATTR_CLASS,
	ATTR_ID,
	ATTR_ROLE,
	ATTR_ITEMPROP,
	ATTR_STYLE,
	ATTR_HIDDEN,
	ATTR_ARIA_HIDDEN,
	ATTR_PROPERTY,
	ATTR_NAME,
	ATTR_HTTP_EQUIV,
	ATTR_CONTENT,
	ATTR_TYPE,
	ATTR_REL,
	ATTR_HREF,
	ATTR_DATETIME,
	ATTR_LANG,
	ATTRIBUTES
};

static const char *const attribute_names[ATTRIBUTES] = {
	"class", "id", "role", "itemprop", "style", "hidden", "aria-hidden", "property",
	"name", "http-equiv", "content", "type", "rel", "href", "datetime", "lang",
};

/*
 * The values of the attributes extraction reads (NULL when absent).  An
 * attribute written without a value counts as absent, as it did in
 * libxml2's tree (no text child); the parser already dropped repeated ones.
 */
static void read_attributes(const char *out[ATTRIBUTES], const xmlChar **atts)
{
	size_t i, k;

	memset(out, 0, ATTRIBUTES * sizeof(out[0]));
	if (!atts)
		return;
	for (i = 0; atts[i]; i += 2) {
		const char *name = (const char *)atts[i];
		char first = (char)(name[0] | 0x20);

		if (!atts[i + 1])
			continue;
		for (k = 0; k < ATTRIBUTES; k++)
			if (attribute_names[k][0] == first && !out[k] &&
			    strcasecmp(name, attribute_names[k]) == 0) {
				out[k] = (const char *)atts[i + 1];
				break;
			}
	}
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

enum {
	KEYWORDS = sizeof(keywords) / sizeof(keywords[0]),
	EXACT_WORDS = sizeof(exact_words) / sizeof(exact_words[0]),
	VOCABULARY = KEYWORDS + EXACT_WORDS
};

/* The vocabulary by its first two letters, so that a name is read once instead of once per word. */
typedef struct vocabulary_index {
	uint8_t first[26 * 26 + 1];  /* entries [first[p], first[p + 1]) start with letter pair p */
	uint8_t entry[VOCABULARY];   /* < KEYWORDS: keywords[i]; else exact_words[i - KEYWORDS] */
	uint8_t length[VOCABULARY];
} vocabulary_index;

static vocabulary_index vocabulary;
static pthread_once_t vocabulary_once = PTHREAD_ONCE_INIT;

static const keyword *vocabulary_word(size_t entry)
{
	return entry < KEYWORDS ? &keywords[entry] : &exact_words[entry - KEYWORDS];
}

/* The index of the letter pair at s, or -1 when s does not start with two letters a-z. */
static int letter_pair(const char *s)
{
	int a = s[0] - 'a', b;

	if (a < 0 || a >= 26)
		return -1;
	b = s[1] - 'a';
	return b < 0 || b >= 26 ? -1 : a * 26 + b;
}

static void index_vocabulary(void)
{
	size_t n = 0, i;
	int pair;

	for (pair = 0; pair < 26 * 26; pair++) {
		vocabulary.first[pair] = (uint8_t)n;
		for (i = 0; i < VOCABULARY; i++)
			if (letter_pair(vocabulary_word(i)->word) == pair) {
				vocabulary.entry[n] = (uint8_t)i;
				vocabulary.length[n] = (uint8_t)strlen(vocabulary_word(i)->word);
				n++;
			}
	}
	vocabulary.first[26 * 26] = (uint8_t)n;
}

static int is_name_byte(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/*
 * Hints and weight of the vocabulary found in lower-cased `names`: keywords
 * anywhere (as strstr would find them), exact words only between bytes
 * that are not letters or digits.  Each word counts once.
 */
static void match_vocabulary(const char *names, size_t len, uint8_t *hints, int *total)
{
	uint8_t seen[VOCABULARY];
	size_t i;

	pthread_once(&vocabulary_once, index_vocabulary);
	memset(seen, 0, sizeof(seen));
	for (i = 0; i + 1 < len; i++) {
		int pair = letter_pair(names + i);
		size_t e;

		if (pair < 0)
			continue;
		for (e = vocabulary.first[pair]; e < vocabulary.first[pair + 1]; e++) {
			size_t entry = vocabulary.entry[e], n = vocabulary.length[e];
			const keyword *k = vocabulary_word(entry);

			if (seen[entry] || n > len - i || memcmp(names + i + 2, k->word + 2, n - 2) != 0)
				continue;
			if (entry >= KEYWORDS && ((i > 0 && is_name_byte(names[i - 1])) || is_name_byte(names[i + n])))
				continue;
			seen[entry] = 1;
			*hints |= k->hint;
			*total += k->weight;
		}
	}
}

/* Hints and weight from class, id, role and itemprop. */
static void read_hints(const char *const attrs[ATTRIBUTES], uint8_t *hints, int8_t *weight)
{
	const char *class_attr = attrs[ATTR_CLASS], *id = attrs[ATTR_ID];
	const char *role = attrs[ATTR_ROLE], *itemprop = attrs[ATTR_ITEMPROP];
	const char *style = attrs[ATTR_STYLE], *aria_hidden = attrs[ATTR_ARIA_HIDDEN];
	char names[512];
	int total = 0;
	size_t used = 0;

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
	if (names[0])
		match_vocabulary(names, used, hints, &total);
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
	if (attrs[ATTR_HIDDEN] || (aria_hidden && strcasecmp(aria_hidden, "true") == 0))
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

/* What an element is to the metadata reader (metadata.h). */
enum meta_kind { KIND_OTHER, KIND_META, KIND_SCRIPT, KIND_TITLE, KIND_LINK, KIND_TIME, KIND_HIDDEN };

/* An element the parser has opened and not yet closed. */
typedef struct open_element {
	int32_t node;      /* its index in dom->nodes, -1 when it is not one */
	int32_t meta;      /* its index in dom->meta.elements, -1 when it is not one */
	uint8_t dom_skip;  /* the flat view leaves out what it holds (SKIP tags, <br>) */
	uint8_t meta_skip; /* the metadata reader leaves out what it holds (script, style, svg) */
	uint8_t collects;  /* its text goes to its metadata element */
} open_element;

/* The text of an open metadata element, gathered as the parser reports it. */
typedef struct collector {
	int32_t meta;
	size_t limit;      /* bytes kept at most */
	lede__buf text;
} collector;

/* What is known of an element name (names come interned: cached by pointer). */
typedef struct name_info {
	const xmlChar *name;
	const char *local;   /* the name as libxml2's tree stored it */
	uint32_t flags;
	uint8_t heading;
	uint8_t kind;        /* meta_kind */
} name_info;

typedef struct walker {
	lede__dom *dom;
	lede__arena *arena;
	xmlParserCtxtPtr parser;
	int rc;                 /* the first failure */
	int stopped;            /* the parse was stopped: later events are not read */
	lede__buf text;         /* the block being collected */
	uint32_t chars, link_chars;
	int pending_space;
	lede__buf node_text;    /* the text node being reported, appended once whole */
	int node_text_cdata;
	open_element *elements; /* every open element, innermost last */
	size_t element_count, element_cap;
	/*
	 * libxml2's tree builder (xmlSAX2StartElement) hung an element that
	 * starts when none is open under the document's first node, when that
	 * node is an element: the first <html>.  So that element stays open
	 * here, held, after the parser has closed it, for as long as it is the
	 * document's first node: until a DOCTYPE (which the tree puts first)
	 * or the end of the page.
	 */
	int document_started;   /* the document has a node */
	int first_is_element;   /* ...and its first one is the first top-level element */
	int root_held;          /* elements[0] is that element, closed by the parser */
	size_t dom_skipping, meta_skipping; /* open elements whose content each leaves out */
	int32_t *open;          /* stack of node indices of open elements */
	size_t open_count, open_cap;
	int32_t *block_owners;  /* stack of open block-level elements */
	size_t owner_count, owner_cap;
	collector *collectors;  /* open metadata elements that keep their text */
	size_t collector_count, collector_cap;
	uint32_t link_depth;
	uint32_t max_depth;
	name_info names[64];
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

/*
 * The growable array `items` of `size`-byte items, with room for one more
 * after `count`: moved when it grew; NULL when memory ran out (`items` is
 * then left as it was).
 */
static void *room_for_one(void *items, size_t count, size_t *cap, size_t size, size_t first_cap)
{
	void *grown;
	size_t grown_cap;

	if (count < *cap)
		return items;
	grown_cap = *cap ? *cap * 2 : first_cap;
	grown = lede__realloc(items, grown_cap * size);
	if (!grown) {
		lede__error_nomem();
		return NULL;
	}
	*cap = grown_cap;
	return grown;
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

/* Appends a text node with white space (and U+00A0) folded, a run of visible bytes at a time. */
static int append_text(walker *w, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	int rc;

	while (p < end) {
		const unsigned char *run;
		uint32_t chars = 0;

		if (is_fold_space(*p) || (p[0] == 0xC2 && p + 1 < end && p[1] == 0xA0)) {
			w->pending_space = w->text.len > 0;
			p += *p == 0xC2 ? 2 : 1;
			continue;
		}
		run = p;
		while (p < end && !is_fold_space(*p) && !(p[0] == 0xC2 && p + 1 < end && p[1] == 0xA0)) {
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

/* Appends the text node reported so far, if any. */
static int end_text_node(walker *w)
{
	int rc;

	if (!w->node_text.len)
		return 0;
	rc = append_text(w, w->node_text.data, w->node_text.len);
	lede__buf_reset(&w->node_text);
	return rc;
}

static int enter_element(walker *w, open_element *element, const name_info *info,
			 const char *const attrs[ATTRIBUTES])
{
	lede__dom *dom = w->dom;
	lede__dom_node *node;
	uint32_t flags = info->flags;
	int32_t parent = w->open_count ? w->open[w->open_count - 1] : -1;
	int rc;

	if (flags & LEDE__TAG_SKIP) {
		element->dom_skip = 1;
		return 0;
	}
	if (flags & LEDE__TAG_LINE_BREAK) {
		element->dom_skip = 1;
		if (w->text.len && w->text.data[w->text.len - 1] != '\n') {
			w->pending_space = 0;
			return lede__buf_append_byte(&w->text, '\n');
		}
		return 0;
	}
	if (w->open_count >= w->max_depth)
		return 0; /* too deep to keep as structure: its text joins the enclosing block */
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
	node->heading = info->heading;
	read_hints(attrs, &node->hints, &node->class_weight);
	{
		uint32_t h = 2166136261u; /* FNV-1a over tag name and class */
		const unsigned char *c;

		for (c = (const unsigned char *)info->local; *c; c++)
			h = (h ^ *c) * 16777619u;
		h = (h ^ '|') * 16777619u;
		for (c = (const unsigned char *)attrs[ATTR_CLASS]; c && *c; c++)
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
	element->node = (int32_t)dom->node_count;
	dom->node_count++;
	return 0;
}

/* Closes node `index`, the innermost open one. */
static int leave_element(walker *w, int32_t index)
{
	lede__dom *dom = w->dom;
	int rc;

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

/* Records a metadata element (metadata.h) and starts gathering its text when the reader wants it. */
static int enter_meta_element(walker *w, open_element *element, const name_info *info,
			      const char *const attrs[ATTRIBUTES])
{
	lede__meta_source *meta = &w->dom->meta;
	lede__meta_element *item;
	size_t limit = 0, k;
	static const struct {
		enum element_attribute from;
		enum lede__meta_attribute to;
	} kept[] = {
		{ATTR_PROPERTY, LEDE__META_PROPERTY}, {ATTR_NAME, LEDE__META_NAME},
		{ATTR_ITEMPROP, LEDE__META_ITEMPROP}, {ATTR_HTTP_EQUIV, LEDE__META_HTTP_EQUIV},
		{ATTR_CONTENT, LEDE__META_CONTENT},   {ATTR_TYPE, LEDE__META_TYPE},
		{ATTR_REL, LEDE__META_REL},           {ATTR_HREF, LEDE__META_HREF},
		{ATTR_DATETIME, LEDE__META_DATETIME},
	};
	static const uint32_t meta_tags[] = {
		[KIND_OTHER] = LEDE__META_TAG_OTHER, [KIND_META] = LEDE__META_TAG_META,
		[KIND_SCRIPT] = LEDE__META_TAG_SCRIPT, [KIND_TITLE] = LEDE__META_TAG_TITLE,
		[KIND_LINK] = LEDE__META_TAG_LINK, [KIND_TIME] = LEDE__META_TAG_TIME,
	};

	if (info->kind == KIND_HIDDEN || info->kind == KIND_SCRIPT)
		element->meta_skip = 1;
	if (info->kind == KIND_HIDDEN || (info->kind == KIND_OTHER && !attrs[ATTR_ITEMPROP]))
		return 0;
	if (!(item = room_for_one(meta->elements, meta->count, &meta->cap, sizeof(*item), 32)))
		return LEDE_ENOMEM;
	meta->elements = item;
	item = &meta->elements[meta->count];
	memset(item, 0, sizeof(*item));
	item->tag = meta_tags[info->kind];
	for (k = 0; k < sizeof(kept) / sizeof(kept[0]); k++)
		if (attrs[kept[k].from] &&
		    !(item->attribute[kept[k].to] = lede__arena_strdup(w->arena, attrs[kept[k].from])))
			return lede__error_nomem();
	element->meta = (int32_t)meta->count++;
	/* xmlNodeGetContent's text of what the reader reads as text: all of it, or 200 bytes of an author. */
	if (info->kind == KIND_TITLE ||
	    (info->kind == KIND_SCRIPT && attrs[ATTR_TYPE] &&
	     strcasecmp(attrs[ATTR_TYPE], "application/ld+json") == 0))
		limit = MAX_PAGE_TEXT;
	else if ((info->kind == KIND_TIME || info->kind == KIND_OTHER) && attrs[ATTR_ITEMPROP] &&
		 strcasecmp(attrs[ATTR_ITEMPROP], "author") == 0)
		limit = 200;
	if (limit) {
		collector *c;

		if (!(c = room_for_one(w->collectors, w->collector_count, &w->collector_cap, sizeof(*c), 4)))
			return LEDE_ENOMEM;
		w->collectors = c;
		c = &w->collectors[w->collector_count++];
		c->meta = element->meta;
		c->limit = limit;
		lede__buf_init(&c->text, limit);
		element->collects = 1;
	}
	return 0;
}

/* Ends the innermost collector: its text goes to its metadata element. */
static int end_collector(walker *w)
{
	collector *c = &w->collectors[--w->collector_count];
	const char *text = lede__arena_strndup(w->arena, c->text.data ? c->text.data : "", c->text.len);

	lede__buf_free(&c->text);
	if (!text)
		return lede__error_nomem();
	w->dom->meta.elements[c->meta].text = text;
	return 0;
}

/* Closes the innermost open element. */
static int close_element(walker *w)
{
	open_element *element = &w->elements[--w->element_count];
	int rc = 0;

	if (element->node >= 0)
		rc = leave_element(w, element->node);
	if (element->dom_skip)
		w->dom_skipping--;
	if (element->meta >= 0)
		w->dom->meta.elements[element->meta].end = (uint32_t)w->dom->meta.count;
	if (element->collects) {
		int collected = end_collector(w);

		rc = rc ? rc : collected;
	}
	if (element->meta_skip)
		w->meta_skipping--;
	return rc;
}

/* Stops the parse: after a failure, or where libxml2's tree builder stopped. */
static void stop(walker *w, int rc)
{
	if (!w->rc)
		w->rc = rc;
	w->stopped = 1;
	xmlStopParser(w->parser);
}

static const name_info *name_lookup(walker *w, const xmlChar *name)
{
	static const struct {
		const char *name;
		uint8_t kind;
	} kinds[] = {
		{"meta", KIND_META}, {"script", KIND_SCRIPT}, {"title", KIND_TITLE}, {"link", KIND_LINK},
		{"time", KIND_TIME}, {"style", KIND_HIDDEN},  {"svg", KIND_HIDDEN},
	};
	name_info *info = &w->names[((uintptr_t)name >> 4) & 63];
	const char *local = (const char *)name, *colon;
	size_t k;

	if (info->name == name)
		return info;
	/*
	 * The tree builder (xmlSAX2StartElement, xmlSplitQName) kept what follows
	 * the first colon of a prefixed name: <fb:like> was "like".
	 */
	colon = strchr(local, ':');
	if (local[0] != ':' && colon && colon[1])
		local = colon + 1;
	info->name = name;
	info->local = local;
	info->flags = lede__tag_flags(local, &info->heading);
	info->kind = KIND_OTHER;
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
		if (strcasecmp(local, kinds[k].name) == 0)
			info->kind = kinds[k].kind;
	return info;
}

static void on_start_element(void *context, const xmlChar *name, const xmlChar **atts)
{
	walker *w = context;
	const name_info *info;
	open_element *element;
	const char *attrs[ATTRIBUTES];
	int rc;

	if (w->stopped)
		return;
	if ((rc = end_text_node(w)) != 0) {
		stop(w, rc);
		return;
	}
	/* libxml2's tree builder refused an element this deep and stopped the parse (nodePush). */
	if (w->element_count - (size_t)w->root_held > xmlParserMaxDepth) {
		stop(w, 0);
		return;
	}
	if (w->element_count == (size_t)w->root_held) {
		if (!w->document_started) {
			w->document_started = 1;
			w->first_is_element = 1;
		} else if (w->root_held && !w->first_is_element) {
			/* A top-level element again: the held one ends before it. */
			w->root_held = 0;
			if ((rc = close_element(w)) != 0) {
				stop(w, rc);
				return;
			}
		}
	}
	if (!(element = room_for_one(w->elements, w->element_count, &w->element_cap, sizeof(*element), 64))) {
		stop(w, LEDE_ENOMEM);
		return;
	}
	w->elements = element;
	element = &w->elements[w->element_count++];
	memset(element, 0, sizeof(*element));
	element->node = element->meta = -1;
	info = name_lookup(w, name);
	read_attributes(attrs, atts);
	if (w->element_count == 1 && !w->dom->meta.has_root) {
		w->dom->meta.has_root = 1;
		if (attrs[ATTR_LANG] && !(w->dom->meta.root_lang = lede__arena_strdup(w->arena, attrs[ATTR_LANG]))) {
			stop(w, lede__error_nomem());
			return;
		}
	}
	rc = w->dom_skipping ? 0 : enter_element(w, element, info, attrs);
	if (element->dom_skip)
		w->dom_skipping++;
	if (rc == 0 && !w->meta_skipping)
		rc = enter_meta_element(w, element, info, attrs);
	if (element->meta_skip)
		w->meta_skipping++;
	if (rc)
		stop(w, rc);
}

static void on_end_element(void *context, const xmlChar *name)
{
	walker *w = context;
	int rc;

	(void)name;
	if (w->stopped || w->element_count == (size_t)w->root_held)
		return;
	if ((rc = end_text_node(w)) != 0) {
		stop(w, rc);
		return;
	}
	if (w->element_count == 1 && w->first_is_element) {
		w->root_held = 1;
		return;
	}
	if ((rc = close_element(w)) != 0)
		stop(w, rc);
}

static void on_text(walker *w, const xmlChar *text, int len, int cdata)
{
	size_t i;
	int rc;

	/* The tree builder dropped text outside every element. */
	if (w->stopped || w->element_count == (size_t)w->root_held || len <= 0)
		return;
	for (i = 0; i < w->collector_count; i++) {
		collector *c = &w->collectors[i];
		size_t room = c->limit - c->text.len, n = (size_t)len < room ? (size_t)len : room;

		if (n && (rc = lede__buf_append(&c->text, text, n)) != 0) {
			stop(w, rc);
			return;
		}
	}
	if (w->dom_skipping)
		return;
	/* A CDATA section after text was a node of its own. */
	if (cdata != w->node_text_cdata && (rc = end_text_node(w)) != 0) {
		stop(w, rc);
		return;
	}
	w->node_text_cdata = cdata;
	if ((rc = lede__buf_append(&w->node_text, text, (size_t)len)) != 0)
		stop(w, rc);
}

static void on_characters(void *context, const xmlChar *text, int len)
{
	on_text(context, text, len, 0);
}

static void on_cdata(void *context, const xmlChar *text, int len)
{
	on_text(context, text, len, 1);
}

/* A comment or processing instruction: the text node before it ended there. */
static void on_other_node(walker *w)
{
	int rc;

	if (w->stopped)
		return;
	if (w->element_count == (size_t)w->root_held)
		w->document_started = 1;
	if ((rc = end_text_node(w)) != 0)
		stop(w, rc);
}

static void on_comment(void *context, const xmlChar *text)
{
	(void)text;
	on_other_node(context);
}

static void on_processing_instruction(void *context, const xmlChar *target, const xmlChar *data)
{
	(void)target;
	(void)data;
	on_other_node(context);
}

/* A DOCTYPE: the tree builder put it first in the document. */
static void on_internal_subset(void *context, const xmlChar *name, const xmlChar *external_id,
			       const xmlChar *system_id)
{
	walker *w = context;

	(void)name;
	(void)external_id;
	(void)system_id;
	if (w->stopped)
		return;
	w->document_started = 1;
	w->first_is_element = 0;
}

int lede__dom_build(lede__dom *out, lede__arena *arena, const char *html, size_t len,
		    uint32_t max_depth)
{
	walker w;
	xmlSAXHandler *sax;
	xmlCharEncodingHandlerPtr utf8;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	memset(&w, 0, sizeof(w));
	if (len > (size_t)INT32_MAX)
		return lede__error(LEDE_ETOOBIG, "HTML page larger than 2 GiB");
	/*
	 * What htmlReadMemory does (libxml2 2.9.14: xmlCreateMemoryParserCtxt,
	 * then htmlDoRead), with these callbacks in place of the tree builder's,
	 * so that the parse, and so every element and text, is the same.
	 */
	xmlInitParser();
	w.parser = xmlCreateMemoryParserCtxt(html, (int)len);
	if (!w.parser)
		return lede__error(LEDE_EFORMAT, "HTML could not be parsed");
	sax = w.parser->sax;
	memset(sax, 0, sizeof(xmlSAXHandlerV1));
	sax->initialized = 1;
	sax->startElement = on_start_element;
	sax->endElement = on_end_element;
	sax->characters = on_characters;
	sax->cdataBlock = on_cdata;
	sax->comment = on_comment;
	sax->processingInstruction = on_processing_instruction;
	sax->internalSubset = on_internal_subset;
	w.parser->userData = &w;
	htmlCtxtUseOptions(w.parser, HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
					     HTML_PARSE_NONET | HTML_PARSE_COMPACT);
	w.parser->html = 1;
	utf8 = xmlFindCharEncodingHandler("UTF-8");
	if (utf8) {
		xmlSwitchToEncoding(w.parser, utf8);
		if (w.parser->input->encoding)
			xmlFree((xmlChar *)w.parser->input->encoding);
		w.parser->input->encoding = xmlStrdup(BAD_CAST "UTF-8");
	}
	w.dom = out;
	w.arena = arena;
	w.max_depth = max_depth ? max_depth : 512;
	lede__buf_init(&w.text, MAX_BLOCK_BYTES + 8);
	lede__buf_init(&w.node_text, MAX_PAGE_TEXT);
	htmlParseDocument(w.parser);
	rc = w.rc;
	/* Elements still open (a page cut short) close at its end. */
	if (rc == 0)
		rc = end_text_node(&w);
	while (w.element_count) {
		int closed = close_element(&w);

		rc = rc ? rc : closed;
	}
	if (rc == 0)
		rc = flush_block(&w);
	lede__buf_free(&w.text);
	lede__buf_free(&w.node_text);
	lede__dealloc(w.elements);
	lede__dealloc(w.open);
	lede__dealloc(w.block_owners);
	lede__dealloc(w.collectors);
	if (w.parser->myDoc)
		xmlFreeDoc(w.parser->myDoc);
	xmlFreeParserCtxt(w.parser);
	return rc;
}

void lede__dom_free(lede__dom *dom)
{
	lede__dealloc(dom->nodes);
	lede__dealloc(dom->blocks);
	lede__dealloc(dom->meta.elements);
	memset(dom, 0, sizeof(*dom));
}
