#include "code_strip.h"

#include <string.h>
#include <strings.h>

/* Finds `needle` (lower case) in s[0..len) ignoring case; returns the offset or len. */
static size_t find_nocase(const char *s, size_t len, const char *needle)
{
	size_t n = strlen(needle), i = 0;

	while (i + n <= len) {
		const char *lt = memchr(s + i, needle[0], len - i - n + 1);

		if (!lt)
			return len;
		i = (size_t)(lt - s);
		if (strncasecmp(s + i, needle, n) == 0)
			return i;
		i++;
	}
	return len;
}

/* 1 when s (at a '<') opens element `name`: "<name" then space, '>' or '/'. */
static int opens(const char *s, size_t len, const char *name)
{
	size_t n = strlen(name);
	char after;

	if (len < n + 2 || strncasecmp(s + 1, name, n) != 0)
		return 0;
	after = s[n + 1];
	return after == '>' || after == ' ' || after == '\t' || after == '\n' || after == '\r' ||
	       after == '/';
}

/* End of the start tag at s (just past '>'), or len. */
static size_t tag_end(const char *s, size_t len)
{
	const char *gt = memchr(s, '>', len);

	return gt ? (size_t)(gt - s) + 1 : len;
}

int lede__strip_code(lede__buf *out, const char *html, size_t len)
{
	size_t i = 0, copied = 0;
	int rc;

	while (i < len) {
		const char *lt = memchr(html + i, '<', len - i);
		size_t at, end, open_end;
		const char *closing = NULL;

		if (!lt)
			break;
		at = (size_t)(lt - html);
		end = 0;
		/* What can follow '<' here: "!--", or s for script, style and svg. */
		if (at + 1 < len && html[at + 1] != '!' && (html[at + 1] | 0x20) != 's') {
			i = at + 1;
			continue;
		}
		if (len - at >= 4 && strncmp(html + at, "<!--", 4) == 0) {
			size_t close = find_nocase(html + at + 4, len - at - 4, "-->");

			end = at + 4 + close + (close < len - at - 4 ? 3 : 0);
		} else if (opens(html + at, len - at, "script")) {
			open_end = at + tag_end(html + at, len - at);
			/* JSON-LD stays: it is the page's metadata. */
			if (find_nocase(html + at, open_end - at, "ld+json") < open_end - at) {
				i = open_end;
				continue;
			}
			closing = "</script";
		} else if (opens(html + at, len - at, "style")) {
			closing = "</style";
		} else if (opens(html + at, len - at, "svg")) {
			closing = "</svg";
		}
		if (closing) {
			size_t close;

			open_end = at + tag_end(html + at, len - at);
			close = find_nocase(html + open_end, len - open_end, closing);
			end = open_end + close;
			if (end < len)
				end += tag_end(html + end, len - end);
		}
		if (!end) {
			i = at + 1;
			continue;
		}
		if ((rc = lede__buf_append(out, html + copied, at - copied)) != 0)
			return rc;
		copied = end;
		i = end;
	}
	return lede__buf_append(out, html + copied, len - copied);
}
