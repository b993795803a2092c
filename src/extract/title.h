/*
 * title.h: the article's title without the site name glued on.
 */
#ifndef LEDE_EXTRACT_TITLE_H
#define LEDE_EXTRACT_TITLE_H

#include "util/arena.h"

typedef struct lede__title_evidence {
	const char *title_tag;   /* <title> */
	const char *headline;    /* JSON-LD headline */
	const char *og_title;    /* og:title / twitter:title */
	const char *heading;     /* the heading that best matches, near the content */
	int heading_confirmed;   /* the heading is an h1 inside or just above the content */
	double heading_agree;    /* share of the heading's words in the title data (0..1) */
	size_t heading_count;    /* visible h1 headings on the page */
	const char *site_name;   /* og:site_name or publisher, to strip */
	const char *url;         /* canonical URL: its host names the site too */
} lede__title_evidence;

/*
 * Chooses the title: the h1 when the <title> or og:title confirms it, else
 * the structured headline, else og:title or <title> with segments that name
 * the site (" | Site", "Site - ", a domain) removed.  NULL when the page has
 * none.  The result is in `arena`.
 */
const char *lede__title_choose(lede__arena *arena, const lede__title_evidence *evidence);

/*
 * The site's name as the <title> writes it beside the headline: "X" of
 * "Headline | X" or "X - Headline"; NULL when the title has no such part.
 */
const char *lede__title_site_part(lede__arena *arena, const char *title_tag, const char *headline);

/* Share of the words of `a` found in `b` (0..1), after normalization. */
double lede__title_overlap(const char *a, const char *b);

/* 1 when a and b are the same text up to case, punctuation and spacing. */
int lede__same_words(const char *a, const char *b);

#endif
