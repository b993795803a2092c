/*
 * html.h: writing HTML safely: every value escaped, only web links linked.
 */
#ifndef LEDE_SERVER_HTML_H
#define LEDE_SERVER_HTML_H

#include <stdint.h>
#include <stdio.h>
#include <time.h>

/* Writes `text` escaped for HTML text and attribute values (& < > " '). */
void html_text(FILE *out, const char *text);

/* Writes a search snippet: text escaped, LEDE_MARK_START..END as <mark>. */
void html_snippet(FILE *out, const char *snippet);

/* 1 when `url` is an absolute http(s) URL without control characters: safe to link. */
int html_safe_url(const char *url);

/* Page head (title escaped) up to the opening of <main>. */
void html_begin(FILE *out, const char *title, const char *query);

/* Closes <main> and the page. */
void html_end(FILE *out);

/* "2025-03-05" from an ISO 8601 time, or "-". */
void html_day(FILE *out, const char *iso);

/*
 * Parses an ISO 8601 date or time ("2025-03-05", "2025-03-05T09:48:00Z",
 * "...+01:00") into unix seconds.  Returns 0 on success, -1 when it is not one.
 */
int html_parse_time(time_t *out, const char *iso);

/* "5 Mar 2025" (UTC). */
void html_date(FILE *out, time_t when);

/* "5 Mar, 09:48" (UTC). */
void html_date_time(FILE *out, time_t when);

/* The days from `first` to `last` as a reader says them: "5 Mar 2025", "5-6 Mar 2025", ... */
void html_date_range(FILE *out, time_t first, time_t last);

/* Writes `text` percent-encoded: every byte but A-Z a-z 0-9 . _ ~ as %XX. */
void html_url_encoded(FILE *out, const char *text, size_t length);

/*
 * An inline SVG sparkline of `count` values (bars on a baseline), `label` as
 * its accessible name.  Pure SVG: no script, no style attributes.
 */
void html_sparkline(FILE *out, const unsigned *values, size_t count, const char *label);

#endif
