#include "title.h"

#include <string.h>

#include "text/normalize.h"
#include "util/buf.h"

/* Normalized form into a fixed buffer; "" when it does not fit. */
static void normalized(char *out, size_t size, const char *s)
{
	lede__buf buf;

	out[0] = '\0';
	if (!s)
		return;
	lede__buf_init(&buf, size - 1);
	if (lede__text_normalize(&buf, s, strlen(s)) == 0 && buf.len < size)
		memcpy(out, lede__buf_str(&buf), buf.len + 1);
	lede__buf_free(&buf);
}

double lede__title_overlap(const char *a, const char *b)
{
	char na[1024], nb[1024];
	const char *w;
	size_t total = 0, found = 0;

	if (!a || !b)
		return 0;
	normalized(na, sizeof(na), a);
	normalized(nb, sizeof(nb), b);
	for (w = na; *w;) {
		const char *end = strchr(w, ' ');
		size_t n = end ? (size_t)(end - w) : strlen(w);
		const char *hit;

		total++;
		for (hit = strstr(nb, w); hit; hit = strstr(hit + 1, w)) {
			if ((hit == nb || hit[-1] == ' ') && (hit[n] == '\0' || hit[n] == ' ')) {
				found++;
				break;
			}
		}
		w += n;
		while (*w == ' ')
			w++;
	}
	return total ? (double)found / (double)total : 0;
}

int lede__same_words(const char *a, const char *b)
{
	char na[1024], nb[1024];

	if (!a || !b)
		return 0;
	normalized(na, sizeof(na), a);
	normalized(nb, sizeof(nb), b);
	return na[0] && strcmp(na, nb) == 0;
}

/* 1 when the normalized `part` is found in the normalized `whole` on word boundaries. */
static int contains_words(const char *whole, const char *part)
{
	char nw[1024], np[1024];
	const char *hit;
	size_t n;

	normalized(nw, sizeof(nw), whole);
	normalized(np, sizeof(np), part);
	n = strlen(np);
	if (!n)
		return 0;
	for (hit = strstr(nw, np); hit; hit = strstr(hit + 1, np))
		if ((hit == nw || hit[-1] == ' ') && (hit[n] == '\0' || hit[n] == ' '))
			return 1;
	return 0;
}

typedef struct segment {
	const char *start;
	size_t len;
} segment;

static const char *const separators[] = {" | ", " - ", " \xe2\x80\x93 ", " \xe2\x80\x94 ", " :: ",
					 " \xc2\xbb ", " \xc2\xb7 ", " \xe2\x80\xa2 ", " / ", NULL};

/* Splits `title` on the separators; returns the count (at most `max`). */
static size_t split(const char *title, segment *out, size_t max)
{
	const char *p = title;
	size_t count = 0;

	while (*p && count < max) {
		const char *best = NULL;
		size_t best_len = 0;
		const char *const *sep;

		for (sep = separators; *sep; sep++) {
			const char *hit = strstr(p, *sep);

			if (hit && (!best || hit < best)) {
				best = hit;
				best_len = strlen(*sep);
			}
		}
		if (!best || count + 1 == max) {
			out[count].start = p;
			out[count].len = strlen(p);
			count++;
			break;
		}
		out[count].start = p;
		out[count].len = (size_t)(best - p);
		count++;
		p = best + best_len;
	}
	return count;
}

static int looks_like_domain(const char *s, size_t len)
{
	size_t i, dots = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == ' ')
			return 0;
		dots += s[i] == '.';
	}
	return dots >= 1 && len >= 4;
}

/* `title` minus the segments that name the site. */
static const char *strip_site(lede__arena *arena, const char *title, const char *site_name)
{
	segment parts[8];
	size_t count = split(title, parts, 8), i, keep_first = 0, keep_end;
	char piece[1024];

	if (count <= 1)
		return title;
	keep_end = count;
	/* Drop segments naming the site, from either end. */
	for (;;) {
		int dropped = 0;

		if (keep_end - keep_first <= 1)
			break;
		for (i = keep_end - 1;; i = keep_first) {
			size_t n = parts[i].len < sizeof(piece) ? parts[i].len : sizeof(piece) - 1;

			memcpy(piece, parts[i].start, n);
			piece[n] = '\0';
			if ((site_name && (lede__same_words(piece, site_name) ||
					   contains_words(site_name, piece) ||
					   (contains_words(piece, site_name) && n < 60))) ||
			    looks_like_domain(piece, n)) {
				if (i == keep_end - 1)
					keep_end--;
				else
					keep_first++;
				dropped = 1;
				break;
			}
			if (i == keep_first)
				break;
		}
		if (!dropped)
			break;
	}
	if (keep_first == 0 && keep_end == count && !site_name) {
		/* No site name known: a last segment of a few words is the site's. */
		size_t last = count - 1, words = 1;

		for (i = 0; i < parts[last].len; i++)
			words += parts[last].start[i] == ' ';
		if (words <= 4 && parts[last].len * 2 < (size_t)(parts[last].start - title))
			keep_end = last;
	}
	if (keep_end <= keep_first)
		return title;
	return lede__arena_strndup(arena, parts[keep_first].start,
				   (size_t)(parts[keep_end - 1].start + parts[keep_end - 1].len -
					    parts[keep_first].start));
}

/*
 * 1 when `piece` spells a label of the URL's host: its words, or its first
 * words, written together ("Raspberry Pi Forums" on forums.raspberrypi.com,
 * "ProMatcher Cost Report" on electricians.promatcher.com).  At least five
 * letters, so that a short word does not match by chance.
 */
static int names_host(const char *piece, const char *url)
{
	char joined[128], host[256];
	const char *start, *end, *p;
	size_t joined_len = 0, host_len;

	if (!url || !(start = strstr(url, "://")))
		return 0;
	start += 3;
	for (end = start; *end && *end != '/' && *end != ':' && *end != '?' && *end != '#'; end++)
		;
	host_len = (size_t)(end - start);
	if (host_len + 2 >= sizeof(host))
		return 0;
	host[0] = '.';
	for (p = start; p < end; p++)
		host[1 + (p - start)] = (char)((*p >= 'A' && *p <= 'Z') ? *p + 32 : *p);
	host[host_len + 1] = '.';
	host[host_len + 2] = '\0';
	for (p = piece; *p; p++) {
		char c = *p;

		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		if (c == ' ' || c == '\'' || c == '-' || c == '.') {
			/* At a word boundary: does what was read so far name a label? */
			if (c == ' ' && joined_len >= 5) {
				char label[130];

				label[0] = '.';
				memcpy(label + 1, joined, joined_len);
				label[joined_len + 1] = '.';
				label[joined_len + 2] = '\0';
				if (strstr(host, label))
					return 1;
			}
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
			return 0;
		if (joined_len + 1 >= sizeof(joined))
			return 0;
		joined[joined_len++] = c;
	}
	if (joined_len >= 5) {
		char label[130];

		label[0] = '.';
		memcpy(label + 1, joined, joined_len);
		label[joined_len + 1] = '.';
		label[joined_len + 2] = '\0';
		return strstr(host, label) != NULL;
	}
	return 0;
}

/*
 * `title` without a last segment that names the site by its URL's host:
 * "Turning off the LEDs - Raspberry Pi Forums".  Only the last segment, and
 * only after a dash or bar, so a title that starts with the brand stays.
 */
static const char *drop_host_suffix(lede__arena *arena, const char *title, const char *url)
{
	segment parts[8];
	size_t count, n;
	char piece[256];
	const char *kept;

	if (!title || !url)
		return title;
	count = split(title, parts, 8);
	if (count < 2)
		return title;
	n = parts[count - 1].len;
	if (n == 0 || n >= sizeof(piece))
		return title;
	memcpy(piece, parts[count - 1].start, n);
	piece[n] = '\0';
	if (!names_host(piece, url))
		return title;
	n = (size_t)(parts[count - 2].start + parts[count - 2].len - title);
	if (n == 0 || !(kept = lede__arena_strndup(arena, title, n)))
		return title;
	return kept;
}

/*
 * 1 when `heading` is the short last segment of `title` ("Thread title -
 * Forum.org" under an h1 "Forum.org"): the page shows the site's name as its
 * heading.
 */
static int heading_names_site(const char *title, const char *heading)
{
	segment parts[8];
	size_t count = split(title, parts, 8), n, i, words = 1;
	char piece[1024];

	if (count < 2)
		return 0;
	n = parts[count - 1].len < sizeof(piece) ? parts[count - 1].len : sizeof(piece) - 1;
	memcpy(piece, parts[count - 1].start, n);
	piece[n] = '\0';
	for (i = 0; i < n; i++)
		words += piece[i] == ' ';
	return words <= 5 && n * 2 < (size_t)(parts[count - 1].start - title) &&
	       lede__same_words(piece, heading);
}

static const char *choose(lede__arena *arena, const lede__title_evidence *e)
{
	const char *site = e->site_name;

	if (e->heading && strlen(e->heading) >= 4 && strlen(e->heading) < 400) {
		/*
		 * A heading that shares no word with the page's title data, or one
		 * of several h1s, is as often a slogan or a section name as the
		 * title: its position alone does not confirm it.
		 */
		int doubtful = e->heading_count > 1 || e->heading_agree == 0;

		if (e->title_tag && heading_names_site(e->title_tag, e->heading))
			return strip_site(arena, e->title_tag, e->heading);
		/*
		 * The visible heading is the title a reader sees: take it when the
		 * page's title data agree with it, or when it heads the content.
		 */
		if ((e->heading_confirmed && (!doubtful || (!e->title_tag && !e->og_title))) ||
		    (e->title_tag && contains_words(e->title_tag, e->heading)) ||
		    (e->og_title && contains_words(e->og_title, e->heading)) ||
		    (e->headline && lede__same_words(e->headline, e->heading)))
			return e->heading;
	}
	if (e->headline && strlen(e->headline) >= 4)
		return strip_site(arena, e->headline, site);
	if (e->og_title)
		return strip_site(arena, e->og_title, site);
	if (e->title_tag)
		return strip_site(arena, e->title_tag, site);
	return e->heading;
}

/*
 * A vertical bar divides a title from what the page appends to it: a
 * tagline, a section, a site name that was not recognized ("Coverage |
 * WRAL", "Black Edition | Meal Replacement Powder").  A dash does not: it
 * joins a headline's own parts as often.  On wcxb-dev, keeping what comes
 * before the first bar gains 18 titles and loses 7.
 */
static const char *before_bar(lede__arena *arena, const char *title)
{
	const char *bar = title ? strstr(title, " | ") : NULL;
	const char *p;
	size_t words = 1;

	if (!bar)
		return title;
	for (p = title; p < bar; p++)
		words += *p == ' ';
	if (words < 2 || bar - title < 8)
		return title;
	p = lede__arena_strndup(arena, title, (size_t)(bar - title));
	return p ? p : title;
}

/* 1 when `title` ends with a permalink's pilcrow (documentation generators put "¶" after headings). */
static int ends_with_pilcrow(const char *title)
{
	size_t len = strlen(title);

	return len >= 2 && strcmp(title + len - 2, "\xc2\xb6") == 0;
}

/*
 * `title` on one line: a heading's <br> and runs of white space become one
 * space; a permalink's pilcrow at the end goes.
 */
static const char *one_line(lede__arena *arena, const char *title)
{
	const char *p;
	char *out, *w;

	if (!title)
		return NULL;
	for (p = title; *p; p++)
		if (*p == '\n' || *p == '\t' || *p == '\r' || (p[0] == ' ' && p[1] == ' '))
			break;
	if ((!*p && !ends_with_pilcrow(title)) || !(out = lede__arena_alloc(arena, strlen(title) + 1)))
		return title;
	for (w = out, p = title; *p; p++) {
		char c = (*p == '\n' || *p == '\t' || *p == '\r') ? ' ' : *p;

		if (c == ' ' && (w == out || w[-1] == ' '))
			continue;
		*w++ = c;
	}
	for (;;) {
		if (w > out && w[-1] == ' ')
			w--;
		else if (w - out >= 2 && (unsigned char)w[-2] == 0xc2 && (unsigned char)w[-1] == 0xb6)
			w -= 2;
		else
			break;
	}
	*w = '\0';
	return out;
}

const char *lede__title_choose(lede__arena *arena, const lede__title_evidence *evidence)
{
	const char *title = choose(arena, evidence);

	return one_line(arena, before_bar(arena, drop_host_suffix(arena, title, evidence->url)));
}

const char *lede__title_site_part(lede__arena *arena, const char *title_tag, const char *headline)
{
	segment parts[8];
	size_t count, i, words = 1;
	const segment *site = NULL;
	char piece[1024];

	if (!title_tag || !headline)
		return NULL;
	count = split(title_tag, parts, 8);
	if (count < 2)
		return NULL;
	for (i = 0; i < count; i += count - 1) {
		size_t n = parts[i].len < sizeof(piece) ? parts[i].len : sizeof(piece) - 1;

		memcpy(piece, parts[i].start, n);
		piece[n] = '\0';
		if (lede__same_words(piece, headline)) {
			site = i == 0 ? &parts[count - 1] : &parts[0];
			break;
		}
		if (count == 1)
			break;
	}
	if (!site || site->len < 2 || site->len > 60)
		return NULL;
	for (i = 0; i < site->len; i++)
		words += site->start[i] == ' ';
	if (words > 5)
		return NULL;
	return lede__arena_strndup(arena, site->start, site->len);
}
