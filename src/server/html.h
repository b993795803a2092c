/*
 * html.h: writing HTML safely: every value escaped, only web links linked.
 */
#ifndef LEDE_SERVER_HTML_H
#define LEDE_SERVER_HTML_H

#include <stdint.h>
#include <stdio.h>

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
 * An inline SVG sparkline of `count` values (bars), `label` as its accessible
 * name.  Pure SVG: no script.
 */
void html_sparkline(FILE *out, const unsigned *values, size_t count, const char *label);

#endif
