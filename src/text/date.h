/*
 * date.h: reading the dates that pages and feeds write.
 */
#ifndef LEDE_TEXT_DATE_H
#define LEDE_TEXT_DATE_H

#include <stddef.h>
#include <stdint.h>

typedef struct lede__date {
	int64_t time;  /* unix seconds (UTC; midnight when only the day is known) */
	int has_time;  /* the clock time was given */
	char iso[64];  /* "YYYY-MM-DD", or with the time and the page's own offset:
			  "YYYY-MM-DDTHH:MM:SSZ", "YYYY-MM-DDTHH:MM:SS-04:00" */
} lede__date;

/*
 * Parses a date written as ISO 8601 ("2018-03-05", "2018-03-05T10:29:00+01:00"),
 * RFC 2822 ("Mon, 05 Mar 2018 10:29:00 GMT"), or in words ("March 5, 2018",
 * "5 March 2018", "05 MAR 2018"), or "2018/03/05", "09/25/2025" (month
 * first unless the first number exceeds 12), "25.09.2025" and "25-09-2025"
 * (day first).  Leading and trailing
 * words are not allowed beyond a weekday.  Returns 0 or LEDE_EFORMAT.
 */
int lede__date_parse(lede__date *out, const char *s, size_t len);

/* The month (1-12) that the English name or abbreviation s[0..len) names, or 0. */
int lede__month_from_name(const char *s, size_t len);

/*
 * Finds the first date written in running text ("Published March 5, 2018",
 * "05 MAR 2018 | News"): tries windows of up to eight words at each place a
 * month name, a day number or a year starts, keeps the longest that parses.
 * Returns 0 with *out set, or LEDE_ENOTFOUND.
 */
int lede__date_find(lede__date *out, const char *text, size_t len);

/* A date in a URL path: /2018/03/05/, /2018-03-05, /20180305/. */
int lede__date_from_url(lede__date *out, const char *url);

#endif
