#include "html.h"

#include <string.h>
#include <strings.h>

#include "lede.h"

void html_text(FILE *out, const char *text)
{
	const char *p;

	if (!text)
		return;
	for (p = text; *p; p++) {
		switch (*p) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		case '\'':
			fputs("&#39;", out);
			break;
		default:
			if ((unsigned char)*p >= 0x20 || *p == '\n' || *p == '\t')
				fputc(*p, out);
		}
	}
}

void html_snippet(FILE *out, const char *snippet)
{
	const char *p, *start = snippet;
	int open = 0;

	for (p = snippet;; p++) {
		if (*p == LEDE_MARK_START[0] || *p == LEDE_MARK_END[0] || *p == '\0') {
			char piece[4096];
			size_t n = (size_t)(p - start);

			while (n) {
				size_t take = n < sizeof(piece) - 1 ? n : sizeof(piece) - 1;

				memcpy(piece, start, take);
				piece[take] = '\0';
				html_text(out, piece);
				start += take;
				n -= take;
			}
			if (*p == '\0')
				break;
			if (*p == LEDE_MARK_START[0] && !open) {
				fputs("<mark>", out);
				open = 1;
			} else if (*p == LEDE_MARK_END[0] && open) {
				fputs("</mark>", out);
				open = 0;
			}
			start = p + 1;
		}
	}
	if (open)
		fputs("</mark>", out);
}

int html_safe_url(const char *url)
{
	const char *p;

	if (!url || (strncasecmp(url, "http://", 7) != 0 && strncasecmp(url, "https://", 8) != 0))
		return 0;
	for (p = url; *p; p++)
		if ((unsigned char)*p < 0x21 || *p == '"' || *p == '\'' || *p == '<' || *p == '>')
			return 0;
	return 1;
}

void html_begin(FILE *out, const char *title, const char *query)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	      "<link rel=\"stylesheet\" href=\"/static/app.css\">"
	      "<script src=\"/static/app.js\" defer></script><title>", out);
	html_text(out, title);
	fputs(" \xc2\xb7 lede</title></head><body><header class=\"top\"><a class=\"brand\" href=\"/\">lede</a>"
	      "<form class=\"search\" action=\"/search\" method=\"get\" role=\"search\">"
	      "<input type=\"search\" name=\"q\" placeholder=\"Search articles\" aria-label=\"Search articles\" value=\"", out);
	html_text(out, query ? query : "");
	fputs("\"><button type=\"submit\">Search</button></form></header><main>", out);
}

void html_end(FILE *out)
{
	fputs("</main><footer class=\"bottom\">lede ", out);
	html_text(out, lede_version());
	fputs(" \xc2\xb7 stories from many outlets, every line with its sources</footer></body></html>\n", out);
}

void html_day(FILE *out, const char *iso)
{
	char day[11];

	if (!iso || strlen(iso) < 10) {
		fputs("-", out);
		return;
	}
	memcpy(day, iso, 10);
	day[10] = '\0';
	html_text(out, day);
}

void html_sparkline(FILE *out, const unsigned *values, size_t count, const char *label)
{
	unsigned max = 1;
	size_t i;
	const unsigned width = 80, height = 18;

	if (count == 0)
		return;
	for (i = 0; i < count; i++)
		if (values[i] > max)
			max = values[i];
	fprintf(out, "<svg class=\"spark\" viewBox=\"0 0 %u %u\" width=\"%u\" height=\"%u\" role=\"img\" aria-label=\"",
		width, height, width, height);
	html_text(out, label);
	fputs("\">", out);
	for (i = 0; i < count; i++) {
		double bar = (double)width / (double)count;
		unsigned h = values[i] ? 2 + (unsigned)((double)(height - 2) * values[i] / max) : 0;

		if (h)
			fprintf(out, "<rect x=\"%.1f\" y=\"%u\" width=\"%.1f\" height=\"%u\"></rect>",
				(double)i * bar, height - h, bar > 2 ? bar - 1 : bar, h);
	}
	fputs("</svg>", out);
}
