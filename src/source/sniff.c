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
	if (looks_binary(p, len))
		return LEDE__SNIFF_BINARY;
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
