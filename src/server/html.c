#include "html.h"

#include <ctype.h>
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
	      "<link rel=\"stylesheet\" href=\"/static/app.css\"><link rel=\"icon\" href=\"data:,\">"
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

int html_parse_time(time_t *out, const char *iso)
{
	struct tm tm;
	const char *p;
	long offset = 0;

	memset(&tm, 0, sizeof(tm));
	if (!iso || !(p = strptime(iso, "%Y-%m-%d", &tm)))
		return -1;
	if (*p == 'T' || *p == ' ') {
		const char *rest = strptime(p + 1, "%H:%M", &tm);

		if (!rest)
			return -1;
		p = rest;
		if (*p == ':' && (rest = strptime(p + 1, "%S", &tm)))
			p = rest;
		if (*p == '.')
			for (p++; isdigit((unsigned char)*p); p++)
				;
		if (*p == 'Z') {
			p++;
		} else if ((*p == '+' || *p == '-') && isdigit((unsigned char)p[1]) &&
			   isdigit((unsigned char)p[2])) {
			int sign = *p == '-' ? -1 : 1;
			long hours = (p[1] - '0') * 10 + (p[2] - '0'), minutes = 0;

			p += 3;
			if (*p == ':')
				p++;
			if (isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1])) {
				minutes = (p[0] - '0') * 10 + (p[1] - '0');
				p += 2;
			}
			offset = sign * (hours * 3600 + minutes * 60);
		}
	}
	if (*p)
		return -1;
	*out = timegm(&tm) - offset;
	return 0;
}

static const char *const month_names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

void html_date(FILE *out, time_t when)
{
	struct tm tm;

	if (!gmtime_r(&when, &tm)) {
		fputs("-", out);
		return;
	}
	fprintf(out, "%d %s %d", tm.tm_mday, month_names[tm.tm_mon], tm.tm_year + 1900);
}

void html_date_time(FILE *out, time_t when)
{
	struct tm tm;

	if (!gmtime_r(&when, &tm)) {
		fputs("-", out);
		return;
	}
	fprintf(out, "%d %s, %02d:%02d", tm.tm_mday, month_names[tm.tm_mon], tm.tm_hour, tm.tm_min);
}

void html_date_range(FILE *out, time_t first, time_t last)
{
	struct tm a, b;

	if (!gmtime_r(&first, &a) || !gmtime_r(&last, &b)) {
		fputs("-", out);
		return;
	}
	if (a.tm_year != b.tm_year) {
		html_date(out, first);
		fputs(" \xe2\x80\x93 ", out);
		html_date(out, last);
	} else if (a.tm_mon != b.tm_mon) {
		fprintf(out, "%d %s \xe2\x80\x93 %d %s %d", a.tm_mday, month_names[a.tm_mon], b.tm_mday,
			month_names[b.tm_mon], b.tm_year + 1900);
	} else if (a.tm_mday != b.tm_mday) {
		fprintf(out, "%d\xe2\x80\x93%d %s %d", a.tm_mday, b.tm_mday, month_names[b.tm_mon],
			b.tm_year + 1900);
	} else {
		html_date(out, first);
	}
}

void html_url_encoded(FILE *out, const char *text, size_t length)
{
	size_t i;

	for (i = 0; i < length && text[i]; i++) {
		unsigned char c = (unsigned char)text[i];

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '.' || c == '_' || c == '~')
			fputc(c, out);
		else
			fprintf(out, "%%%02X", c);
	}
}

void html_sparkline(FILE *out, const unsigned *values, size_t count, const char *label)
{
	unsigned max = 1;
	size_t i;
	const unsigned width = 120, height = 28;
	double bar;

	if (count == 0)
		return;
	for (i = 0; i < count; i++)
		if (values[i] > max)
			max = values[i];
	bar = (double)width / (double)count;
	fprintf(out, "<svg class=\"spark\" viewBox=\"0 0 %u %u\" width=\"%u\" height=\"%u\" role=\"img\" aria-label=\"",
		width, height, width, height);
	html_text(out, label);
	fprintf(out, "\"><title>");
	html_text(out, label);
	fprintf(out, "</title><rect class=\"base\" x=\"0\" y=\"%u\" width=\"%u\" height=\"1\"></rect>",
		height - 1, width);
	for (i = 0; i < count; i++) {
		unsigned h = values[i] ? 3 + (unsigned)((double)(height - 4) * values[i] / max) : 0;

		if (h)
			fprintf(out, "<rect x=\"%.1f\" y=\"%u\" width=\"%.1f\" height=\"%u\"></rect>",
				(double)i * bar, height - 1 - h, bar > 3 ? bar - 1.5 : bar, h);
	}
	fputs("</svg>", out);
}
