#include "text_extract.h"

#include <string.h>
#include <strings.h>

#include "extract/metadata.h"
#include "text/date.h"
#include "text/tokens.h"
#include "util/ascii.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"

enum { MAX_TEXT = 64 << 20, HEADER_WINDOW = 12 };

typedef struct line {
	const char *text;   /* trimmed, not NUL-terminated */
	size_t len;
	size_t words;
	size_t stopwords;
	size_t capitalized; /* words starting with an upper-case letter */
	int sentence_end;   /* ends with . ! ? or a closing quote after one */
	int blank_before;   /* a blank line precedes it */
	int junk;           /* stock phrase or artifact: never content */
	int tail;           /* starts the tail of other stories ("Related", "Read more") */
	double score;       /* > 0 prose, < 0 chrome */
} line;

typedef struct line_list {
	line *items;
	size_t count;
} line_list;

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static int starts_with(const line *l, const char *prefix)
{
	size_t n = strlen(prefix);

	return l->len >= n && strncasecmp(l->text, prefix, n) == 0;
}

static int equals(const line *l, const char *s)
{
	return strlen(s) == l->len && strncasecmp(l->text, s, l->len) == 0;
}

/* Lines that close the article: what follows is about other stories or the author. */
static int is_tail_marker(const line *l)
{
	static const char *const markers[] = {
		"related", "related articles", "related stories", "related posts", "related news",
		"related content", "editors' recommendations", "editors\xe2\x80\x99 recommendations",
		"recommended", "recommended for you", "read more", "read next", "more stories",
		"more from", "you may also like", "you might also like", "most popular", "most read",
		"trending", "trending now", "featured content", "tags", "tags:", "source link",
		"share this:", "share this article", "about the author", "author", "comments",
		"leave a comment", "leave a reply", "most tweeted this week", "latest news",
		"also read", "see also", NULL};
	const char *const *m;

	for (m = markers; *m; m++)
		if (equals(l, *m))
			return 1;
	return l->len < 40 && (starts_with(l, "related ") || starts_with(l, "more from "));
}

/*
 * Lines that are never article text, wherever they stand.  `loose` adds the
 * short chrome prompts ("Follow X", "Welcome to X", "© ..."), which only a
 * whole-page scrape carries.
 */
static int is_junk(const line *l, int loose)
{
	static const char *const exact[] = {
		"skip to main content", "skip to content", "advertisement", "advertisements",
		"share", "tweet", "email", "print", "read more", "source link", "close", "menu",
		"search", "home", "sign in", "log in", "subscribe", "get our newsletter",
		"sign up for our newsletter", "follow us", "continue reading", "loading...",
		"story continues below advertisement", "scroll to continue with content", NULL};
	static const char *const prefixes[] = {"\xc2\xa9", "copyright ", "all rights reserved",
					       "follow ", "sign up ", "subscribe to ", "click here",
					       "welcome to ", "share on ", "image:", "photo:",
					       "image credit", "photo credit", NULL};
	const char *const *p;
	size_t i, percent = 0, digits = 0;

	for (p = exact; *p; p++)
		if (equals(l, *p))
			return 1;
	if (loose && l->words <= 12)
		for (p = prefixes; *p; p++)
			if (starts_with(l, *p))
				return 1;
	/* "N Comments", "0 Comments" */
	for (i = 0; i < l->len && l->text[i] >= '0' && l->text[i] <= '9'; i++)
		;
	if (i > 0 && i < l->len && l->words <= 2 && strncasecmp(l->text + i, " comment", 8) == 0)
		return 1;
	/* Percent-encoded URL debris: "Https% 3a% 2f% 2fcms% 2f2017..." */
	for (i = 0; i < l->len; i++) {
		percent += l->text[i] == '%';
		digits += l->text[i] >= '0' && l->text[i] <= '9';
	}
	if (percent >= 3 && percent * 12 >= l->len)
		return 1;
	return 0;
}

/* Strips stray scraper markers such as "19659003]" from inside a line. */
static int append_without_markers(lede__buf *out, const char *s, size_t len)
{
	size_t i = 0, start = 0;
	int rc;

	while (i < len) {
		size_t j = i;

		if ((i == 0 || s[i - 1] == ' ') && s[i] >= '0' && s[i] <= '9') {
			while (j < len && s[j] >= '0' && s[j] <= '9')
				j++;
			if (j - i >= 6 && j < len && s[j] == ']' && (j + 1 == len || s[j + 1] == ' ')) {
				size_t cut_end = j + 1 < len ? j + 2 : j + 1;

				if ((rc = lede__buf_append(out, s + start, i - start)) != 0)
					return rc;
				start = cut_end;
				i = cut_end;
				continue;
			}
		}
		i++;
	}
	while (len > start && s[len - 1] == ' ')
		len--;
	return lede__buf_append(out, s + start, len > start ? len - start : 0);
}

static int split_lines(line_list *out, lede__arena *arena, const char *text, size_t len)
{
	size_t i = 0, count = 0, cap = 0;
	line *items = NULL;
	int blank = 1;

	while (i < len) {
		size_t start = i, end;
		line *l;

		while (i < len && text[i] != '\n')
			i++;
		end = i;
		if (i < len)
			i++;
		while (start < end && is_space(text[start]))
			start++;
		while (end > start && is_space(text[end - 1]))
			end--;
		if (end == start) {
			blank = 1;
			continue;
		}
		if (count == cap) {
			size_t grown_cap = cap ? cap * 2 : 128;
			line *grown = lede__arena_alloc(arena, grown_cap * sizeof(*grown));

			if (!grown)
				return lede__error_nomem();
			if (count)
				memcpy(grown, items, count * sizeof(*items));
			items = grown;
			cap = grown_cap;
		}
		l = &items[count++];
		memset(l, 0, sizeof(*l));
		l->text = text + start;
		l->len = end - start;
		l->blank_before = blank;
		blank = 0;
	}
	out->items = items;
	out->count = count;
	return 0;
}

static void measure(line *l, int loose)
{
	size_t i = 0;
	char last = l->text[l->len - 1];

	while (i < l->len) {
		char word[16];
		size_t n = 0, start;

		while (i < l->len && is_space(l->text[i]))
			i++;
		if (i >= l->len)
			break;
		start = i;
		while (i < l->len && !is_space(l->text[i])) {
			char c = l->text[i];

			if (n + 1 < sizeof(word) && (((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '\''))
				word[n++] = (char)(c | 0x20);
			i++;
		}
		l->words++;
		if (l->text[start] >= 'A' && l->text[start] <= 'Z')
			l->capitalized++;
		if (n && lede__is_stopword(word, n))
			l->stopwords++;
	}
	if (last == '"' || last == '\'' || last == ')')
		last = l->len >= 2 ? l->text[l->len - 2] : last;
	if ((unsigned char)last == 0x9d && l->len >= 4) /* ” */
		last = l->text[l->len - 4];
	l->sentence_end = last == '.' || last == '!' || last == '?';
	l->junk = is_junk(l, loose);
	l->tail = is_tail_marker(l);
}

/* Prose scores positive by its length; short unpunctuated lines negative. */
static void score(line *l)
{
	double stop = l->words ? (double)l->stopwords / (double)l->words : 0;

	if (l->junk) {
		l->score = -5;
		return;
	}
	/* Headlines read like prose but do not end a sentence; scraped paragraphs may not either. */
	if ((l->words >= 12 && l->sentence_end && stop >= 0.1) || (l->words >= 20 && stop >= 0.2)) {
		l->score = (double)l->words;
		return;
	}
	if (l->words >= 6 && l->sentence_end && stop >= 0.15) {
		l->score = (double)l->words * 0.8;
		return;
	}
	/* Short lines: menu items, captions, bylines, headings. */
	l->score = l->sentence_end ? -1 : -3;
}

/* Best-scoring contiguous span (maximum subarray, as in body-text extraction). */
static void best_span(const line_list *lines, size_t *out_first, size_t *out_end)
{
	double best = 0, run = 0;
	size_t i, start = 0, best_first = 0, best_end = 0;

	for (i = 0; i < lines->count; i++) {
		if (run <= 0) {
			run = 0;
			start = i;
		}
		run += lines->items[i].score;
		if (run > best) {
			best = run;
			best_first = start;
			best_end = i + 1;
		}
	}
	*out_first = best_first;
	*out_end = best_end;
}

/* Stops the span at the first tail marker after some content. */
static size_t cut_tail(const line_list *lines, size_t first, size_t end)
{
	size_t i, words = 0;

	for (i = first; i < end; i++) {
		if (lines->items[i].tail && words >= 30)
			return i;
		words += lines->items[i].words;
	}
	return end;
}

static int headline_like(const line *l)
{
	return l->words >= 4 && l->words <= 30 && !l->junk && !l->tail &&
	       !memchr(l->text, '/', l->len) && !memchr(l->text, '|', l->len) && l->len < 250 &&
	       !starts_with(l, "by ") && !starts_with(l, "written by ") && !starts_with(l, "posted by ");
}

/* A photo's caption or credit ("… Photo: Coastline Daily"). */
static int caption_like(const line *l)
{
	static const char *const credits[] = {"photo:", "photograph:", "image:", "picture:",
					      "credit:", "(photo", "(image", NULL};
	char lowered[256];
	const char *const *c;

	lede__ascii_lower_copy(lowered, l->text, l->len < sizeof(lowered) - 1 ? l->len : sizeof(lowered) - 1);
	for (c = credits; *c; c++)
		if (strstr(lowered, *c))
			return 1;
	return 0;
}

static int title_candidate(const line *l)
{
	lede__date date;

	return headline_like(l) && !caption_like(l) && lede__date_find(&date, l->text, l->len) != 0;
}

/*
 * The headline: the headline-like line just above the byline ("By Jane
 * Doe") when the header has one, else the longest headline-like line
 * shortly before the content (photo captions and audio prompts sit there
 * too, so the byline's neighbour is the surer guide).
 */
static const line *find_title(const line_list *lines, size_t first)
{
	const line *best = NULL;
	size_t i, start = first > HEADER_WINDOW ? first - HEADER_WINDOW : 0;

	for (i = first; i > start; i--) {
		const line *l = &lines->items[i - 1];
		size_t k;

		if (!starts_with(l, "by ") || l->words > 8)
			continue;
		for (k = i - 1; k > start && k + 3 >= i; k--)
			if (title_candidate(&lines->items[k - 1]))
				return &lines->items[k - 1];
		break;
	}
	for (i = start; i < first; i++) {
		const line *l = &lines->items[i];

		if (!title_candidate(l))
			continue;
		if (l->sentence_end && l->words > 20)
			continue;
		if (!best || l->words >= best->words)
			best = l;
	}
	if (!best && first < lines->count && headline_like(&lines->items[first]) &&
	    !lines->items[first].sentence_end)
		best = &lines->items[first];
	return best;
}

/* A line holding only a person's name (2-4 capitalized words). */
static int name_line(const line *l)
{
	return l->words >= 2 && l->words <= 4 && l->capitalized == l->words && !l->sentence_end &&
	       !l->junk && l->len < 60;
}

static int first_word_is(const line *l, const char *name, size_t name_len)
{
	return l->len > name_len + 1 && strncmp(l->text, name, name_len) == 0 &&
	       l->text[name_len] == ' ';
}

/* True when some line starts with the name's first word (an author bio: "Diana joins..."). */
static int has_bio(const line_list *lines, const char *name, size_t len)
{
	size_t first_len = 0, i;

	while (first_len < len && name[first_len] != ' ')
		first_len++;
	for (i = 0; i < lines->count; i++) {
		const line *l = &lines->items[i];

		if (l->words >= 8 && first_word_is(l, name, first_len) &&
		    !(l->len >= len && strncmp(l->text, name, len) == 0))
			return 1;
	}
	return 0;
}

static int is_role_line(const line *l)
{
	static const char *const roles[] = {"contributor", "editor", "writer", "reporter",
					    "correspondent", "journalist", "columnist", "staff",
					    NULL};
	const char *const *r;
	size_t i;

	if (l->words > 6)
		return 0;
	for (r = roles; *r; r++)
		for (i = 0; i + strlen(*r) <= l->len; i++)
			if (strncasecmp(l->text + i, *r, strlen(*r)) == 0)
				return 1;
	return 0;
}

/* The trailing run of 2-3 capitalized words in a byline such as "Mar 05 AT 10:29 AM Evan Selleck". */
static int name_in_dateline(const line *l, const char **out, size_t *out_len)
{
	const char *p = l->text, *end = l->text + l->len;
	const char *run_start = NULL, *best = NULL;
	size_t run_words = 0, best_len = 0;

	while (p < end) {
		const char *w = p;
		int cap, lower_after = 0;

		while (p < end && *p != ' ')
			p++;
		cap = *w >= 'A' && *w <= 'Z';
		if (cap && p - w >= 2)
			lower_after = w[1] >= 'a' && w[1] <= 'z';
		if (cap && lower_after && !lede__month_from_name(w, (size_t)(p - w))) {
			if (!run_start)
				run_start = w;
			run_words++;
			if (run_words >= 2 && run_words <= 3) {
				best = run_start;
				best_len = (size_t)(p - run_start);
			}
		} else {
			run_start = NULL;
			run_words = 0;
		}
		while (p < end && *p == ' ')
			p++;
	}
	if (!best)
		return 0;
	*out = best;
	*out_len = best_len;
	return 1;
}

static void find_authors(lede__extracted *out, lede__arena *arena, const line_list *lines,
			 size_t first, size_t end)
{
	const char *names[LEDE__META_MAX_AUTHORS];
	const char **kept;
	size_t count = 0, i;

	for (i = 0; i < lines->count && count == 0; i++) {
		const line *l = &lines->items[i];

		if ((starts_with(l, "by ") || starts_with(l, "written by ") || starts_with(l, "posted by ")) &&
		    l->words <= 10) {
			char copy[256];
			size_t n = l->len < sizeof(copy) - 1 ? l->len : sizeof(copy) - 1;
			const char *s;

			memcpy(copy, l->text, n);
			copy[n] = '\0';
			s = strncasecmp(copy, "written ", 8) == 0 ? copy + 8 :
			    strncasecmp(copy, "posted ", 7) == 0 ? copy + 7 : copy;
			lede__authors_clean(names, &count, LEDE__META_MAX_AUTHORS, arena, s);
		} else if ((equals(l, "author") || equals(l, "written by") || equals(l, "by")) &&
			   i + 1 < lines->count && name_line(&lines->items[i + 1])) {
			const line *n = &lines->items[i + 1];

			lede__authors_clean(names, &count, LEDE__META_MAX_AUTHORS, arena,
					    lede__arena_strndup(arena, n->text, n->len));
		} else if (name_line(l) && i + 1 < lines->count && is_role_line(&lines->items[i + 1]) &&
			   (i < first || i >= end)) {
			lede__authors_clean(names, &count, LEDE__META_MAX_AUTHORS, arena,
					    lede__arena_strndup(arena, l->text, l->len));
		}
	}
	if (count == 0) {
		/* A dateline above the headline that carries a name with a bio below. */
		size_t start = first > HEADER_WINDOW ? first - HEADER_WINDOW : 0;
		lede__date date;

		for (i = start; i < first && count == 0; i++) {
			const line *l = &lines->items[i];
			const char *name;
			size_t len;

			if (l->words > 14)
				continue;
			if (!(lede__date_find(&date, l->text, l->len) == 0 || memchr(l->text, ':', l->len)))
				continue;
			if (name_in_dateline(l, &name, &len) && has_bio(lines, name, len))
				lede__authors_clean(names, &count, LEDE__META_MAX_AUTHORS, arena,
						    lede__arena_strndup(arena, name, len));
		}
	}
	if (count == 0 || out->author_count)
		return;
	kept = lede__arena_alloc(arena, count * sizeof(*kept));
	if (!kept)
		return;
	memcpy(kept, names, count * sizeof(*kept));
	out->authors = kept;
	out->author_count = count;
}

/* A date in the lines around the headline, never from the body. */
static void find_date(lede__extracted *out, lede__arena *arena, const line_list *lines, size_t first)
{
	size_t start = first > HEADER_WINDOW ? first - HEADER_WINDOW : 0, i;
	lede__date date;

	if (out->published)
		return;
	for (i = start; i < first + 1 && i < lines->count; i++) {
		const line *l = &lines->items[i];

		if (l->words > 12 && i >= first)
			continue;
		if (lede__date_find(&date, l->text, l->len) == 0) {
			out->published = lede__arena_strdup(arena, date.iso);
			out->published_time = date.time;
			return;
		}
	}
	/* The very first lines of a scrape often carry the page's date. */
	for (i = 0; i < lines->count && i < 3; i++) {
		const line *l = &lines->items[i];

		if (lede__date_find(&date, l->text, l->len) == 0) {
			out->published = lede__arena_strdup(arena, date.iso);
			out->published_time = date.time;
			return;
		}
	}
}

typedef struct candidate {
	const char *name;
	size_t len;
	int score;
} candidate;

static void vote(candidate *c, size_t *count, size_t max, const char *name, size_t len, int weight)
{
	size_t i;

	while (len && (name[len - 1] == '.' || name[len - 1] == ' ' || name[len - 1] == ','))
		len--;
	if (len < 3 || len > 60)
		return;
	for (i = 0; i < *count; i++) {
		if (c[i].len == len && strncasecmp(c[i].name, name, len) == 0) {
			c[i].score += weight;
			return;
		}
	}
	if (*count < max) {
		c[*count].name = name;
		c[*count].len = len;
		c[*count].score = weight;
		(*count)++;
	}
}

/* The capitalized phrase at s (up to 5 words), e.g. "Mobile World Live". */
static size_t proper_phrase(const char *s, const char *end)
{
	const char *p = s, *last = s;
	int words = 0;

	while (p < end && words < 5) {
		const char *w = p;

		if (!((*w >= 'A' && *w <= 'Z') || (*w >= '0' && *w <= '9')))
			break;
		while (p < end && *p != ' ' && *p != ',' && *p != '.' && *p != '|' && *p != ':')
			p++;
		last = p;
		words++;
		if (p >= end || *p != ' ')
			break;
		p++;
	}
	return words ? (size_t)(last - s) : 0;
}

/*
 * The outlet from what scrapes keep of the site's chrome: "Welcome to X",
 * "Follow X", "Name/X" photo credits, "Former X Contributor", "joins X as",
 * "© 2018 X".  Each pattern votes; the best-supported name wins.
 */
static void find_outlet(lede__extracted *out, lede__arena *arena, const line_list *lines)
{
	candidate c[32];
	size_t count = 0, i, best = 0;

	if (out->outlet)
		return;
	for (i = 0; i < lines->count; i++) {
		const line *l = &lines->items[i];
		const char *end = l->text + l->len, *p;
		size_t n;

		/* The masthead: a scrape's first line naming the site in a few capitalized words. */
		if (i == 0 && l->words >= 1 && l->words <= 4 && !l->sentence_end &&
		    !(l->text[0] >= '0' && l->text[0] <= '9') && proper_phrase(l->text, end) == l->len)
			vote(c, &count, 32, l->text, l->len, 2);

		if (starts_with(l, "welcome to ") && l->words <= 6)
			vote(c, &count, 32, l->text + 11, proper_phrase(l->text + 11, end), 3);
		if (starts_with(l, "follow ") && l->words <= 6)
			vote(c, &count, 32, l->text + 7, proper_phrase(l->text + 7, end), 2);
		if (l->text[0] == '\xc2' && l->len > 3 && (unsigned char)l->text[1] == 0xA9) {
			p = l->text + 2;
			while (p < end && (*p == ' ' || (*p >= '0' && *p <= '9')))
				p++;
			vote(c, &count, 32, p, proper_phrase(p, end), 1);
		}
		if (l->words <= 5 && !l->sentence_end && (p = memchr(l->text, '/', l->len)) != NULL &&
		    p > l->text && p[-1] != ' ' && p + 1 < end && p[1] >= 'A' && p[1] <= 'Z' &&
		    !memchr(p + 1, '/', (size_t)(end - p - 1)))
			vote(c, &count, 32, p + 1, (size_t)(end - p - 1), 2);
		/* A byline's role ("By Kai Lindholm, Senior Reporter") names a person, not the site. */
		if (is_role_line(l) && l->words <= 5 && !starts_with(l, "by ")) {
			p = l->text;
			if (starts_with(l, "former "))
				p += 7;
			n = proper_phrase(p, end);
			/* "Digital Trends Contributor": the phrase minus its last (role) word. */
			while (n && p[n - 1] != ' ')
				n--;
			if (n > 1)
				vote(c, &count, 32, p, n - 1, 2);
		}
		for (p = l->text; p + 6 < end; p++) {
			if (strncmp(p, " joins ", 7) == 0 && (n = proper_phrase(p + 7, end)) > 0 &&
			    p + 7 + n + 4 <= end && strncmp(p + 7 + n, " as ", 4) == 0)
				vote(c, &count, 32, p + 7, n, 1);
		}
	}
	for (i = 1; i < count; i++)
		if (c[i].score > c[best].score)
			best = i;
	if (count && c[best].score >= 2)
		out->outlet = lede__arena_strndup(arena, c[best].name, c[best].len);
}

/*
 * An author bio closes the article: a line in its last part that opens with
 * the author's first name and a verb ("Evan is a pretty big fan of...").
 */
static size_t cut_bio(const line_list *lines, size_t first, size_t end, const lede__extracted *out)
{
	static const char *const verbs[] = {"is ", "joins ", "joined ", "became ", "has ", "was ",
					    "covers ", "writes ", "loves ", "lives ", "holds ", NULL};
	size_t a, i, start = first + (end - first) / 2;

	for (a = 0; a < out->author_count; a++) {
		const char *name = out->authors[a];
		size_t first_len = strcspn(name, " ");

		for (i = start; i < end; i++) {
			const line *l = &lines->items[i];
			const char *const *v;

			if (!first_word_is(l, name, first_len))
				continue;
			for (v = verbs; *v; v++)
				if (l->len > first_len + 1 + strlen(*v) &&
				    strncmp(l->text + first_len + 1, *v, strlen(*v)) == 0)
					return i;
		}
	}
	return end;
}

static int join_lines(const char **out, lede__arena *arena, const line_list *lines, size_t first,
		      size_t end, int keep_breaks)
{
	lede__buf text;
	size_t i;
	int rc = 0;

	lede__buf_init(&text, MAX_TEXT);
	for (i = first; i < end && rc == 0; i++) {
		const line *l = &lines->items[i];

		if (l->junk)
			continue;
		if (text.len)
			rc = lede__buf_append(&text, keep_breaks && !l->blank_before ? "\n" : "\n\n",
					      keep_breaks && !l->blank_before ? 1 : 2);
		if (rc == 0)
			rc = append_without_markers(&text, l->text, l->len);
	}
	if (rc)
		return rc;
	*out = lede__arena_strndup(arena, lede__buf_str(&text), text.len);
	lede__buf_free(&text);
	return *out ? 0 : lede__error_nomem();
}

int lede__extract_text(lede__extracted *out, lede__arena *arena, const char *text, size_t len)
{
	line_list lines;
	size_t first, end, i;
	const line *title;
	int rc;

	if ((rc = split_lines(&lines, arena, text, len)) != 0)
		return rc;
	for (i = 0; i < lines.count; i++) {
		measure(&lines.items[i], 1);
		score(&lines.items[i]);
	}
	best_span(&lines, &first, &end);
	end = cut_tail(&lines, first, end);
	if (end <= first) {
		/* No prose at all: keep every line that is not junk. */
		first = 0;
		end = lines.count;
	}
	find_authors(out, arena, &lines, first, end);
	end = cut_bio(&lines, first, end, out);
	if ((rc = join_lines(&out->text, arena, &lines, first, end, 0)) != 0)
		return rc;
	title = find_title(&lines, first);
	if (!out->title && title)
		out->title = lede__arena_strndup(arena, title->text, title->len);
	find_date(out, arena, &lines, first);
	find_outlet(out, arena, &lines);
	return out->title || out->text ? 0 : lede__error_nomem();
}

int lede__clean_text(lede__extracted *out, lede__arena *arena, const char *text, size_t len)
{
	line_list lines;
	size_t i;
	int rc;

	if ((rc = split_lines(&lines, arena, text, len)) != 0)
		return rc;
	for (i = 0; i < lines.count; i++)
		measure(&lines.items[i], 0);
	return join_lines(&out->text, arena, &lines, 0, lines.count, 1);
}
