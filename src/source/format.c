#include <string.h>

#include "lede.h"
#include "util/error.h"

static const char *const names[] = {
	[LEDE_FORMAT_AUTO] = "auto",
	[LEDE_FORMAT_HTML] = "html",
	[LEDE_FORMAT_TEXT] = "text",
	[LEDE_FORMAT_JSONL] = "jsonl",
	[LEDE_FORMAT_WARC] = "warc",
	[LEDE_FORMAT_FEED] = "feed",
};

const char *lede_format_name(lede_format format)
{
	if ((unsigned)format >= sizeof(names) / sizeof(names[0]))
		return "auto";
	return names[format];
}

int lede_format_parse(lede_format *out, const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(name, names[i]) == 0) {
			*out = (lede_format)i;
			return 0;
		}
	}
	if (strcmp(name, "txt") == 0) {
		*out = LEDE_FORMAT_TEXT;
		return 0;
	}
	if (strcmp(name, "rss") == 0 || strcmp(name, "atom") == 0) {
		*out = LEDE_FORMAT_FEED;
		return 0;
	}
	return lede__error(LEDE_EINVAL,
			   "unknown format \"%s\" (auto, html, text, jsonl, warc or feed)", name);
}
