#include "sniff.h"

#include <string.h>
#include <strings.h>

static int has_suffix(const char *name, const char *suffix)
{
	size_t n, s;

	if (!name)
		return 0;
	n = strlen(name);
	s = strlen(suffix);
	if (n >= 3 && strcasecmp(name + n - 3, ".gz") == 0)
		n -= 3;
	return n >= s && strncasecmp(name + n - s, suffix, s) == 0;
}

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Case-insensitive search for `needle` in the first `len` bytes of `hay`. */
static int contains_nocase(const char *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle), i;

	for (i = 0; i + n <= len; i++)
		if (strncasecmp(hay + i, needle, n) == 0)
			return 1;
	return 0;
}

/* Passes over white space, an XML declaration, comments and a DOCTYPE from `i`. */
static size_t skip_prolog(const char *head, size_t len, size_t i)
{
	for (;;) {
		const char *end;
		size_t closer;

		while (i < len && is_space((unsigned char)head[i]))
			i++;
		if (i + 2 <= len && strncmp(head + i, "<?", 2) == 0) {
			end = memmem(head + i, len - i, "?>", 2);
			closer = 2;
		} else if (i + 4 <= len && strncmp(head + i, "<!--", 4) == 0) {
			end = memmem(head + i + 4, len - i - 4, "-->", 3);
			closer = 3;
		} else if (i + 9 <= len && strncasecmp(head + i, "<!DOCTYPE", 9) == 0) {
			/* An internal subset [ ... ] holds '>' of its own declarations. */
			const char *gt = memchr(head + i, '>', len - i);
			const char *bracket = memchr(head + i, '[', len - i);

			end = gt;
			if (bracket && gt && bracket < gt)
				end = memmem(bracket, len - (size_t)(bracket - head), "]>", 2);
			closer = end == gt ? 1 : 2;
		} else {
			return i;
		}
		if (!end)
			return len;
		i = (size_t)(end - head) + closer;
	}
}

/* 1 when the first element is an RSS, RSS 1.0 (RDF) or Atom root. */
static int looks_feed(const char *head, size_t len, size_t i)
{
	size_t n;

	i = skip_prolog(head, len, i);
	if (i >= len || head[i] != '<')
		return 0;
	n = len - i;
	if (n >= 5 && strncmp(head + i, "<rss", 4) == 0 && (is_space((unsigned char)head[i + 4]) ||
							     head[i + 4] == '>'))
		return 1;
	if (n >= 6 && strncmp(head + i, "<feed", 5) == 0 &&
	    (is_space((unsigned char)head[i + 5]) || head[i + 5] == '>'))
		return memmem(head + i, n, "http://www.w3.org/2005/Atom", 27) != NULL;
	if (n >= 8 && strncmp(head + i, "<rdf:RDF", 8) == 0)
		return memmem(head + i, n, "http://purl.org/rss/1.0/", 24) != NULL;
	return 0;
}

static int looks_binary(const unsigned char *p, size_t len)
{
	size_t i, control = 0;

	for (i = 0; i < len; i++) {
		if (p[i] == 0)
			return 1;
		if (p[i] < 0x20 && !is_space(p[i]) && p[i] != 0x1b)
			control++;
	}
	return len > 0 && control * 10 > len;
}

lede__sniffed lede__sniff(const char *head, size_t len, const char *name)
{
	const unsigned char *p = (const unsigned char *)head;
	size_t i = 0;
	static const char *const html_markers[] = {
		"<!doctype html", "<html", "<head", "<body", "<meta ", "<title", "<div", "<p>",
		"<article", "<script", "<br", "<span", "<a href", "<table", "<!--",
	};
	size_t m;

	if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
		i = 3;
	while (i < len && is_space(p[i]))
		i++;
	if (i == len)
		return LEDE__SNIFF_EMPTY;
	/* Before the binary test: a WARC's first record may well be an image. */
	if (len - i >= 6 && strncmp(head + i, "WARC/", 5) == 0)
		return LEDE__SNIFF_WARC;
	if (looks_binary(p, len))
		return LEDE__SNIFF_BINARY;
	if (looks_feed(head, len, i))
		return LEDE__SNIFF_FEED;
	if (p[i] == '{' && !has_suffix(name, ".html") && !has_suffix(name, ".htm") &&
	    !has_suffix(name, ".txt"))
		return LEDE__SNIFF_JSONL;
	if (p[i] == '<')
		return LEDE__SNIFF_HTML;
	for (m = 0; m < sizeof(html_markers) / sizeof(html_markers[0]); m++)
		if (contains_nocase(head + i, len - i, html_markers[m]))
			return has_suffix(name, ".txt") ? LEDE__SNIFF_TEXT : LEDE__SNIFF_HTML;
	if (has_suffix(name, ".html") || has_suffix(name, ".htm"))
		return LEDE__SNIFF_HTML;
	return LEDE__SNIFF_TEXT;
}
