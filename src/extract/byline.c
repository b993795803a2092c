#include "byline.h"

#include <string.h>
#include <strings.h>

#include "extract/metadata.h"

enum {
	BEFORE_HEADING = 3,  /* blocks looked at above the heading */
	AFTER_HEADING = 15,  /* and below it */
	MAX_BLOCK_LEN = 200, /* a byline is a short line */
	MAX_NAME_LEN = 120
};

/* Lead-ins after which the rest of the line is the byline. */
static const char *const lead_ins[] = {"author:", "authors:", "author(s):", "written by:",
				       "written by", "contributors:", "contributor:", "by:", NULL};

/* Labels that stand alone on their line, the name on the next one. */
static const char *const labels[] = {"written by", "author", "authors", "by", "words by",
				     "posted by", "article by", NULL};

/*
 * Words that may come right before "by" in a byline: "Published May 6 by",
 * "Guide by".  After others ("Photo by", "Powered by", "Updated by",
 * "Reviewed by") the name is not the author's.
 */
static const char *const before_by[] = {"published", "posted", "written", "guide", "story",
					"article", "words", "text", "review", "report", "analysis",
					"column", "essay", "interview", "blog", "post", NULL};

static int is_space(char c)
{
	return c == ' ' || c == '\n' || c == '\t';
}

static int in_list(const char *s, size_t len, const char *const *list)
{
	for (; *list; list++)
		if (strlen(*list) == len && strncasecmp(s, *list, len) == 0)
			return 1;
	return 0;
}

static int is_month(const char *s, size_t len)
{
	static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
					     "sep", "sept", "oct", "nov", "dec", "january", "february",
					     "march", "april", "june", "july", "august", "september",
					     "october", "november", "december", NULL};

	while (len && s[len - 1] == '.')
		len--;
	return in_list(s, len, months);
}

/*
 * Length of the name part of `s`: up to a separator, a clause, a role or a
 * date ("Jane Doe, Dec 17, 2025": a month before the digits goes with them).
 */
static size_t name_part(const char *s, size_t len)
{
	static const char *const stops[] = {" | ", " \xe2\x80\xa2", " \xc2\xb7", " - ", " \xe2\x80\x94",
					    " \xe2\x80\x93", " on ", " in ", " updated", " published",
					    " last ", " former ", " senior ", " staff ", " founder",
					    " co-founder", "(", "[", "\n", NULL};
	size_t i, end, start;
	const char *const *stop;

	for (i = 0; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			break;
		for (stop = stops; *stop; stop++)
			if (strncasecmp(s + i, *stop, strlen(*stop)) == 0)
				goto found;
	}
found:
	end = i;
	while (end && (is_space(s[end - 1]) || s[end - 1] == ','))
		end--;
	for (start = end; start > 0 && !is_space(s[start - 1]) && s[start - 1] != ','; start--)
		;
	if (i < len && start < end && is_month(s + start, end - start)) {
		end = start;
		while (end && (is_space(s[end - 1]) || s[end - 1] == ','))
			end--;
	}
	return end;
}

/* The byline in block text `t`, or NULL; `*n` its length. */
static const char *byline_in(const char *t, size_t len, size_t *n)
{
	const char *const *lead;
	size_t i;

	for (lead = lead_ins; *lead; lead++) {
		size_t k = strlen(*lead);

		if (len > k && strncasecmp(t, *lead, k) == 0) {
			t += k;
			len -= k;
			while (len && is_space(*t))
				t++, len--;
			*n = name_part(t, len);
			return t;
		}
	}
	for (i = 1; i + 4 < len; i++) {
		size_t w;

		if (!(is_space(t[i - 1]) && strncasecmp(t + i, "by ", 3) == 0))
			continue;
		/* The word before "by": a date's last part, or a word of the list. */
		for (w = i - 1; w > 0 && is_space(t[w - 1]); w--)
			;
		{
			size_t end = w, start = w;

			while (start > 0 && !is_space(t[start - 1]))
				start--;
			if (end > start && ((t[end - 1] >= '0' && t[end - 1] <= '9') ||
					    in_list(t + start, end - start, before_by))) {
				*n = name_part(t + i + 3, len - i - 3);
				return t + i + 3;
			}
		}
	}
	return NULL;
}

size_t lede__byline_authors(const char **names, size_t max, lede__arena *arena, const lede__dom *dom,
			    size_t heading_block)
{
	size_t i, from, to, count = 0;

	from = heading_block > BEFORE_HEADING ? heading_block - BEFORE_HEADING : 0;
	to = heading_block + AFTER_HEADING < dom->block_count ? heading_block + AFTER_HEADING
							       : dom->block_count;
	for (i = from; i < to && count == 0; i++) {
		const lede__dom_block *b = &dom->blocks[i];
		const char *found = NULL;
		size_t n = 0, label_len = b->len;
		char name[MAX_NAME_LEN + 1];

		if (i == heading_block || b->len == 0 || b->len > MAX_BLOCK_LEN)
			continue;
		while (label_len && (b->text[label_len - 1] == ':' || is_space(b->text[label_len - 1])))
			label_len--;
		if (in_list(b->text, label_len, labels) && i + 1 < dom->block_count &&
		    dom->blocks[i + 1].len <= MAX_BLOCK_LEN) {
			found = dom->blocks[i + 1].text;
			n = name_part(found, dom->blocks[i + 1].len);
		} else {
			found = byline_in(b->text, b->len, &n);
		}
		if (!found || n == 0 || n > MAX_NAME_LEN)
			continue;
		memcpy(name, found, n);
		name[n] = '\0';
		lede__authors_clean(names, &count, max, arena, name);
	}
	return count;
}
