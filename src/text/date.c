#include "date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lede.h"
#include "util/hex.h"

static const char *const month_names[] = {"january", "february", "march", "april", "may",
					  "june", "july", "august", "september", "october",
					  "november", "december"};

int lede__month_from_name(const char *s, size_t len)
{
	int m;

	if (len < 3)
		return 0;
	if (len == 4 && strncasecmp(s, "sept", 4) == 0)
		return 9;
	for (m = 0; m < 12; m++) {
		size_t full = strlen(month_names[m]);

		if ((len == 3 || len == full) && strncasecmp(s, month_names[m], len) == 0)
			return m + 1;
	}
	return 0;
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (H. Hinnant). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static int days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

typedef struct cursor {
	const char *s;
	size_t len, pos;
} cursor;

static int at_end(const cursor *c)
{
	return c->pos >= c->len;
}

static int peek(const cursor *c)
{
	return at_end(c) ? 0 : (unsigned char)c->s[c->pos];
}

static void skip_space(cursor *c)
{
	while (!at_end(c) && (peek(c) == ' ' || peek(c) == '\t' || peek(c) == '\n' || peek(c) == '\r'))
		c->pos++;
}

/* Reads 1..max digits; returns the count read (0 when none). */
static int read_number(cursor *c, int max, int *out)
{
	int n = 0, value = 0;

	while (n < max && !at_end(c) && peek(c) >= '0' && peek(c) <= '9') {
		value = value * 10 + (peek(c) - '0');
		c->pos++;
		n++;
	}
	*out = value;
	return n;
}

static size_t read_word(cursor *c)
{
	size_t start = c->pos;

	while (!at_end(c) && ((peek(c) | 0x20) >= 'a' && (peek(c) | 0x20) <= 'z'))
		c->pos++;
	return c->pos - start;
}

static int is_weekday(const char *s, size_t len)
{
	static const char *const days[] = {"monday", "tuesday", "wednesday", "thursday",
					   "friday", "saturday", "sunday"};
	int i;

	for (i = 0; i < 7; i++)
		if ((len == 3 || len == strlen(days[i]) || (len == 4 && i == 1) ||
		     (len == 5 && i == 3)) &&
		    strncasecmp(s, days[i], len) == 0)
			return 1;
	return 0;
}

/* Reads "HH:MM[:SS[.frac]]" and an optional zone; offset in seconds east of UTC. */
static int read_clock(cursor *c, int *hour, int *minute, int *second, int *offset)
{
	int frac;
	size_t save;

	*second = 0;
	*offset = 0;
	if (read_number(c, 2, hour) == 0 || peek(c) != ':')
		return -1;
	c->pos++;
	if (read_number(c, 2, minute) != 2)
		return -1;
	if (peek(c) == ':') {
		c->pos++;
		if (read_number(c, 2, second) != 2)
			return -1;
		if (peek(c) == '.' || peek(c) == ',') {
			c->pos++;
			while (read_number(c, 1, &frac))
				;
		}
	}
	if (*hour > 23 || *minute > 59 || *second > 60)
		return -1;
	save = c->pos;
	skip_space(c);
	if ((peek(c) | 0x20) == 'a' || (peek(c) | 0x20) == 'p') {
		int pm = (peek(c) | 0x20) == 'p';
		size_t word = read_word(c);

		if (word == 2 && (c->s[c->pos - 1] | 0x20) == 'm') {
			if (*hour == 12)
				*hour = 0;
			if (pm)
				*hour += 12;
			save = c->pos;
			skip_space(c);
		} else {
			c->pos = save;
			return 0;
		}
	}
	if (peek(c) == 'Z' || peek(c) == 'z') {
		c->pos++;
		return 0;
	}
	if (peek(c) == '+' || peek(c) == '-') {
		int sign = peek(c) == '-' ? -1 : 1, hh, mm = 0, digits;

		c->pos++;
		digits = read_number(c, 4, &hh);
		if (digits == 4) {
			mm = hh % 100;
			hh /= 100;
		} else if (digits >= 1 && digits <= 2) {
			if (peek(c) == ':') {
				c->pos++;
				if (read_number(c, 2, &mm) != 2)
					return -1;
			}
		} else {
			return -1;
		}
		*offset = sign * (hh * 3600 + mm * 60);
		return 0;
	}
	{
		size_t start = c->pos, word = read_word(c);

		if ((word == 3 && (strncasecmp(c->s + start, "GMT", 3) == 0 ||
				   strncasecmp(c->s + start, "UTC", 3) == 0)) ||
		    (word == 2 && strncasecmp(c->s + start, "UT", 2) == 0))
			return 0;
		if (word == 3 && (c->s[start + 1] | 0x20) == 's' && (c->s[start + 2] | 0x20) == 't') {
			static const char zones[] = "ECMP";
			const char *z = strchr(zones, c->s[start] & ~0x20);

			if (z) {
				*offset = -(int)(5 + (z - zones)) * 3600;
				return 0;
			}
		}
		if (word == 3 && (c->s[start + 1] | 0x20) == 'd' && (c->s[start + 2] | 0x20) == 't') {
			static const char zones[] = "ECMP";
			const char *z = strchr(zones, c->s[start] & ~0x20);

			if (z) {
				*offset = -(int)(4 + (z - zones)) * 3600;
				return 0;
			}
		}
		c->pos = save;
	}
	return 0;
}

static int finish(lede__date *out, int y, int m, int d, int has_time, int hour, int minute,
		  int second, int offset)
{
	int64_t t;

	if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return LEDE_EFORMAT;
	t = days_from_civil(y, (unsigned)m, (unsigned)d) * 86400;
	if (has_time) {
		int sec = second > 59 ? 59 : second;

		/* The day stays the one the page wrote; the offset keeps the instant exact. */
		t += hour * 3600 + minute * 60 + sec - offset;
		if (offset == 0)
			snprintf(out->iso, sizeof(out->iso), "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d,
				 hour, minute, sec);
		else
			snprintf(out->iso, sizeof(out->iso), "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", y,
				 m, d, hour, minute, sec, offset < 0 ? '-' : '+', abs(offset) / 3600,
				 abs(offset) % 3600 / 60);
	} else {
		snprintf(out->iso, sizeof(out->iso), "%04d-%02d-%02d", y, m, d);
	}
	out->time = t;
	out->has_time = has_time;
	return 0;
}

/* After the date: nothing, or a clock time ("T10:29", " 10:29:00 GMT"). */
static int read_tail(cursor *c, lede__date *out, int y, int m, int d)
{
	int hour, minute, second, offset;
	size_t save;

	if (peek(c) == 'T' || peek(c) == 't') {
		c->pos++;
	} else {
		skip_space(c);
		if (peek(c) == ',' ) {
			c->pos++;
			skip_space(c);
		}
		if (peek(c) == 'a' && c->pos + 2 <= c->len && c->s[c->pos + 1] == 't') {
			c->pos += 2;
			skip_space(c);
		}
	}
	if (at_end(c))
		return finish(out, y, m, d, 0, 0, 0, 0, 0);
	save = c->pos;
	if (read_clock(c, &hour, &minute, &second, &offset) != 0) {
		c->pos = save;
		return LEDE_EFORMAT;
	}
	skip_space(c);
	if (!at_end(c))
		return LEDE_EFORMAT;
	return finish(out, y, m, d, 1, hour, minute, second, offset);
}

int lede__date_parse(lede__date *out, const char *s, size_t len)
{
	cursor c = {s, len, 0};
	int a, b, y, m, d, n;
	size_t start, word;

	memset(out, 0, sizeof(*out));
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\n' || s[len - 1] == '\t' ||
			   s[len - 1] == '\r' || s[len - 1] == '.'))
		c.len = --len;
	skip_space(&c);
	start = c.pos;
	word = read_word(&c);
	if (word && is_weekday(s + start, word)) {
		if (peek(&c) == '.')
			c.pos++;
		if (peek(&c) == ',')
			c.pos++;
		skip_space(&c);
		start = c.pos;
		word = read_word(&c);
	}
	if (word) {
		/* "March 5, 2018" / "Mar. 5 2018" */
		m = lede__month_from_name(s + start, word);
		if (!m)
			return LEDE_EFORMAT;
		if (peek(&c) == '.')
			c.pos++;
		skip_space(&c);
		if (read_number(&c, 2, &d) == 0)
			return LEDE_EFORMAT;
		if (c.pos + 2 <= c.len && strncasecmp(s + c.pos, "st", 2) == 0)
			c.pos += 2;
		else if (c.pos + 2 <= c.len && (strncasecmp(s + c.pos, "nd", 2) == 0 ||
						strncasecmp(s + c.pos, "rd", 2) == 0 ||
						strncasecmp(s + c.pos, "th", 2) == 0))
			c.pos += 2;
		if (peek(&c) == ',')
			c.pos++;
		skip_space(&c);
		if (read_number(&c, 4, &y) != 4)
			return LEDE_EFORMAT;
		return read_tail(&c, out, y, m, d);
	}
	n = read_number(&c, 4, &a);
	if (n == 4) {
		/* ISO "2018-03-05", "2018/03/05", "20180305" is left alone. */
		char sep = (char)peek(&c);

		if (sep != '-' && sep != '/' && sep != '.')
			return LEDE_EFORMAT;
		c.pos++;
		if (read_number(&c, 2, &b) == 0 || peek(&c) != sep)
			return LEDE_EFORMAT;
		c.pos++;
		if (read_number(&c, 2, &d) == 0)
			return LEDE_EFORMAT;
		return read_tail(&c, out, a, b, d);
	}
	if (n >= 1 && n <= 2 && (peek(&c) == '/' || peek(&c) == '.' || peek(&c) == '-') &&
	    c.pos + 1 < c.len && s[c.pos + 1] >= '0' && s[c.pos + 1] <= '9') {
		/*
		 * "09/25/2025" (US month first unless the first number cannot be a
		 * month); "25.09.2025" and "25-09-2025" are written day first.
		 */
		char sep = (char)peek(&c);

		c.pos++;
		if (read_number(&c, 2, &b) == 0 || peek(&c) != sep)
			return LEDE_EFORMAT;
		c.pos++;
		if (read_number(&c, 4, &y) != 4)
			return LEDE_EFORMAT;
		if (sep != '/' || a > 12)
			return read_tail(&c, out, y, b, a);
		return read_tail(&c, out, y, a, b);
	}
	if (n >= 1 && n <= 2) {
		/* "5 March 2018", "05 MAR 2018", "5-Mar-2018" */
		if (peek(&c) == '-' || peek(&c) == '.')
			c.pos++;
		skip_space(&c);
		start = c.pos;
		word = read_word(&c);
		m = word ? lede__month_from_name(s + start, word) : 0;
		if (!m)
			return LEDE_EFORMAT;
		if (peek(&c) == '-' || peek(&c) == '.' || peek(&c) == ',')
			c.pos++;
		skip_space(&c);
		if (read_number(&c, 4, &y) != 4)
			return LEDE_EFORMAT;
		return read_tail(&c, out, y, m, a);
	}
	return LEDE_EFORMAT;
}

static int is_word_start(const char *text, size_t i)
{
	unsigned char c = (unsigned char)text[i];

	if (i > 0) {
		unsigned char p = (unsigned char)text[i - 1];

		if ((p | 0x20) >= 'a' && (p | 0x20) <= 'z')
			return 0;
		if (p >= '0' && p <= '9')
			return 0;
	}
	return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9');
}

int lede__date_find(lede__date *out, const char *text, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		size_t end, words, best = 0;
		lede__date candidate, found;
		unsigned char c = (unsigned char)text[i];

		if (!is_word_start(text, i))
			continue;
		if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
			size_t w = i;

			while (w < len && (((unsigned char)text[w] | 0x20) >= 'a' && ((unsigned char)text[w] | 0x20) <= 'z'))
				w++;
			if (!lede__month_from_name(text + i, w - i)) {
				/* A weekday may lead the date. */
				if (!is_weekday(text + i, w - i))
					continue;
			}
		}
		end = i;
		for (words = 0; words < 8 && end < len; words++) {
			while (end < len && text[end] != ' ' && text[end] != '\n' && text[end] != '|')
				end++;
			if (lede__date_parse(&candidate, text + i, end - i) == 0) {
				best = end;
				found = candidate;
			}
			if (end >= len || text[end] == '\n' || text[end] == '|')
				break;
			end++;
		}
		if (best) {
			*out = found;
			return 0;
		}
	}
	return LEDE_ENOTFOUND;
}

/*
 * A URL whose path was percent-encoded whole ("example.org%2Fnews%2F2024-05-06
 * %2Bheadline", as some pages write og:url) is read decoded: its slashes are
 * the separators the patterns look for.
 */
static int date_from_encoded_url(lede__date *out, const char *url)
{
	char decoded[1024];
	size_t n = 0;
	const char *p;

	for (p = url; *p && n + 1 < sizeof(decoded); p++) {
		if (*p == '%' && lede__hex_value(p[1]) >= 0 && lede__hex_value(p[2]) >= 0) {
			decoded[n++] = (char)(lede__hex_value(p[1]) * 16 + lede__hex_value(p[2]));
			p += 2;
		} else {
			decoded[n++] = *p;
		}
	}
	decoded[n] = '\0';
	return strchr(decoded, '%') ? LEDE_ENOTFOUND : lede__date_from_url(out, decoded);
}

int lede__date_from_url(lede__date *out, const char *url)
{
	const char *p;

	if (!url)
		return LEDE_ENOTFOUND;
	if (strstr(url, "%2F") || strstr(url, "%2f"))
		return date_from_encoded_url(out, url);
	for (p = url; *p; p++) {
		int y = 0, m = 0, d = 0, n = 0;
		const char *q = p + 1;

		if (*p != '/' && *p != '-' && *p != '_')
			continue;
		while (n < 4 && q[n] >= '0' && q[n] <= '9') {
			y = y * 10 + (q[n] - '0');
			n++;
		}
		if (n != 4 || y < 1995 || y > 2100)
			continue;
		q += 4;
		if (*q == '/' || *q == '-' || *q == '_') {
			q++;
			if (!(q[0] >= '0' && q[0] <= '9' && q[1] >= '0' && q[1] <= '9'))
				continue;
			m = (q[0] - '0') * 10 + (q[1] - '0');
			q += 2;
			if (*q != '/' && *q != '-' && *q != '_')
				continue;
			q++;
			if (!(q[0] >= '0' && q[0] <= '9' && q[1] >= '0' && q[1] <= '9'))
				continue;
			d = (q[0] - '0') * 10 + (q[1] - '0');
			q += 2;
		} else if (q[0] >= '0' && q[0] <= '9' && q[1] >= '0' && q[1] <= '9' && q[2] >= '0' &&
			   q[2] <= '9' && q[3] >= '0' && q[3] <= '9') {
			m = (q[0] - '0') * 10 + (q[1] - '0');
			d = (q[2] - '0') * 10 + (q[3] - '0');
			q += 4;
		} else {
			continue;
		}
		if (*q >= '0' && *q <= '9')
			continue;
		if (finish(out, y, m, d, 0, 0, 0, 0, 0) == 0)
			return 0;
	}
	return LEDE_ENOTFOUND;
}
