#include "http.h"

#include <ctype.h>
#include <limits.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "lede.h"
#include "util/error.h"
#include "util/hex.h"

enum { MAX_CHARSET_NAME = 40, INFLATE_CHUNK = 1 << 16 };

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Trims blanks and a trailing CR from s[*start..*end). */
static void trim(const char *s, size_t *start, size_t *end)
{
	while (*start < *end && is_blank(s[*start]))
		(*start)++;
	while (*end > *start && (is_blank(s[*end - 1]) || s[*end - 1] == '\r'))
		(*end)--;
}

/* A lowercased copy of s[0..len) in the arena. */
static char *lower_copy(lede__arena *arena, const char *s, size_t len)
{
	char *copy = lede__arena_strndup(arena, s, len);
	size_t i;

	for (i = 0; copy && i < len; i++)
		copy[i] = (char)tolower((unsigned char)copy[i]);
	return copy;
}

static int name_is(const char *name, size_t len, const char *want)
{
	return strlen(want) == len && strncasecmp(name, want, len) == 0;
}

/* Reads "HTTP/x.y SSS reason" in line[0..len) into *out_status. */
static int parse_status_line(int *out_status, const char *line, size_t len)
{
	size_t i = 5;
	int status = 0, digits;

	if (len < 5 || strncmp(line, "HTTP/", 5) != 0)
		return lede__error(LEDE_EFORMAT, "HTTP response does not start with a status line");
	while (i < len && !is_blank(line[i]))
		i++;
	while (i < len && is_blank(line[i]))
		i++;
	for (digits = 0; digits < 3; digits++, i++) {
		if (i >= len || line[i] < '0' || line[i] > '9')
			return lede__error(LEDE_EFORMAT, "malformed HTTP status line");
		status = status * 10 + (line[i] - '0');
	}
	if (i < len && !is_blank(line[i]) && line[i] != '\r')
		return lede__error(LEDE_EFORMAT, "malformed HTTP status line");
	*out_status = status;
	return 0;
}

int lede__http_parse(lede__http_response *out, lede__arena *arena, const char *message,
		     size_t len)
{
	const char *newline;
	size_t pos, line_end;
	int rc;

	memset(out, 0, sizeof(*out));
	newline = memchr(message, '\n', len);
	line_end = newline ? (size_t)(newline - message) : len;
	if ((rc = parse_status_line(&out->status, message, line_end)) != 0)
		return rc;
	pos = newline ? line_end + 1 : len;
	while (pos < len) {
		size_t start = pos, end, colon, name_end, value_start;
		const char **slot = NULL;
		int lower = 0;

		newline = memchr(message + pos, '\n', len - pos);
		end = newline ? (size_t)(newline - message) : len;
		pos = newline ? end + 1 : len;
		if (end > start && message[end - 1] == '\r')
			end--;
		if (end == start)
			break; /* the empty line: the body follows */
		if (is_blank(message[start]))
			continue; /* an obsolete folded continuation */
		for (colon = start; colon < end && message[colon] != ':'; colon++)
			;
		if (colon == end)
			continue; /* not a field: browsers pass over it too */
		name_end = colon;
		trim(message, &start, &name_end);
		if (name_is(message + start, name_end - start, "content-type")) {
			slot = &out->content_type;
		} else if (name_is(message + start, name_end - start, "content-encoding")) {
			slot = &out->content_encoding;
			lower = 1;
		} else if (name_is(message + start, name_end - start, "transfer-encoding")) {
			slot = &out->transfer_encoding;
			lower = 1;
		}
		if (!slot || *slot)
			continue; /* the first of repeated fields wins */
		value_start = colon + 1;
		trim(message, &value_start, &end);
		*slot = lower ? lower_copy(arena, message + value_start, end - value_start)
			      : lede__arena_strndup(arena, message + value_start, end - value_start);
		if (!*slot)
			return lede__error_nomem();
	}
	out->body = message + pos;
	out->body_len = len - pos;
	return 0;
}

static int is_charset_char(unsigned char c)
{
	return isalnum(c) || c == '-' || c == '_' || c == '.' || c == ':';
}

int lede__http_media_type(const char **out_media, const char **out_charset, lede__arena *arena,
			  const char *value)
{
	size_t len = strlen(value), start = 0, end, pos;

	*out_media = NULL;
	*out_charset = NULL;
	for (end = 0; end < len && value[end] != ';'; end++)
		;
	pos = end;
	trim(value, &start, &end);
	if (!(*out_media = lower_copy(arena, value + start, end - start)))
		return lede__error_nomem();
	while (pos < len) {
		size_t name_start = pos + 1, name_end, value_start, value_end, i;

		for (pos = name_start; pos < len && value[pos] != ';'; pos++)
			;
		for (name_end = name_start; name_end < pos && value[name_end] != '='; name_end++)
			;
		if (name_end == pos)
			continue;
		value_start = name_end + 1;
		value_end = pos;
		trim(value, &name_start, &name_end);
		if (!name_is(value + name_start, name_end - name_start, "charset"))
			continue;
		trim(value, &value_start, &value_end);
		if (value_end - value_start >= 2 && value[value_start] == '"' &&
		    value[value_end - 1] == '"') {
			value_start++;
			value_end--;
		}
		if (value_end == value_start || value_end - value_start >= MAX_CHARSET_NAME)
			return 0;
		for (i = value_start; i < value_end; i++)
			if (!is_charset_char((unsigned char)value[i]))
				return 0;
		if (!(*out_charset = lede__arena_strndup(arena, value + value_start,
							 value_end - value_start)))
			return lede__error_nomem();
		return 0;
	}
	return 0;
}

/* 1 when data starts with a chunk-size line: hex digits, extensions, a line end. */
static int looks_chunked(const char *data, size_t len)
{
	size_t i = 0;

	while (i < len && i < 16 && lede__hex_value(data[i]) >= 0)
		i++;
	if (i == 0 || i == 16)
		return 0;
	while (i < len && is_blank(data[i]))
		i++;
	if (i < len && data[i] == ';')
		return memchr(data + i, '\n', len - i) != NULL;
	if (i < len && data[i] == '\r')
		i++;
	return i < len && data[i] == '\n';
}

/*
 * Chunked transfer coding (RFC 9112 section 7.1): hex size, optional
 * extensions, CRLF, that many bytes, CRLF; a zero size ends the body (the
 * trailer fields are not read).  A body cut inside a chunk keeps what came.
 */
static int dechunk(lede__buf *out, const char *data, size_t len)
{
	size_t pos = 0;
	int rc;

	while (pos < len) {
		size_t size = 0, digits = 0, take;
		const char *newline;
		int v;

		while (pos < len && (v = lede__hex_value(data[pos])) >= 0) {
			if (size > (SIZE_MAX >> 4))
				return lede__error(LEDE_EFORMAT, "chunked body: chunk size overflows");
			size = size << 4 | (size_t)v;
			pos++;
			digits++;
		}
		if (digits == 0)
			return lede__error(LEDE_EFORMAT, "malformed chunked body (no chunk size at byte %zu)",
					   pos);
		newline = memchr(data + pos, '\n', len - pos);
		if (!newline)
			return 0; /* cut inside a size line */
		pos = (size_t)(newline - data) + 1;
		if (size == 0)
			return 0;
		take = size < len - pos ? size : len - pos;
		if ((rc = lede__buf_append(out, data + pos, take)) != 0)
			return rc;
		pos += take;
		if (pos < len && data[pos] == '\r')
			pos++;
		if (pos < len && data[pos] == '\n')
			pos++;
		else if (pos < len)
			return lede__error(LEDE_EFORMAT, "malformed chunked body (chunk not followed "
							 "by a line end at byte %zu)", pos);
	}
	return 0;
}

/* zlib inflation with `window_bits` (gzip: 16 + 15, zlib: 15, raw deflate: -15). */
static int inflate_body(lede__buf *out, const char *data, size_t len, int window_bits,
			const char *coding)
{
	unsigned char chunk[INFLATE_CHUNK];
	z_stream z;
	int rc = 0, zrc;

	if (len > UINT_MAX)
		return lede__error(LEDE_ETOOBIG, "%s body larger than 4 GiB", coding);
	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, window_bits) != Z_OK)
		return lede__error_nomem();
	z.next_in = (unsigned char *)data;
	z.avail_in = (uInt)len;
	for (;;) {
		z.next_out = chunk;
		z.avail_out = sizeof(chunk);
		zrc = inflate(&z, Z_NO_FLUSH);
		if (sizeof(chunk) - z.avail_out > 0 &&
		    (rc = lede__buf_append(out, chunk, sizeof(chunk) - z.avail_out)) != 0)
			break;
		if (zrc == Z_STREAM_END)
			break;
		if (zrc == Z_BUF_ERROR || (zrc == Z_OK && z.avail_in == 0 && z.avail_out > 0))
			break; /* the input ends early: a truncated capture keeps what decoded */
		if (zrc != Z_OK) {
			rc = lede__error(LEDE_EFORMAT, "corrupt %s body (%s)", coding,
					 z.msg ? z.msg : "inflate failed");
			break;
		}
	}
	inflateEnd(&z);
	return rc;
}

/* Undoes the content coding of data[0..len) into `out`. */
static int decode_content(lede__buf *out, const char *data, size_t len, const char *coding)
{
	const unsigned char *p = (const unsigned char *)data;

	if (!coding || !*coding || strcmp(coding, "identity") == 0)
		return lede__buf_append(out, data, len);
	if (strcmp(coding, "gzip") == 0 || strcmp(coding, "x-gzip") == 0) {
		/* No gzip magic: the crawler stored the body decoded. */
		if (len < 2 || p[0] != 0x1f || p[1] != 0x8b)
			return lede__buf_append(out, data, len);
		return inflate_body(out, data, len, 16 + MAX_WBITS, "gzip");
	}
	if (strcmp(coding, "deflate") == 0) {
		/* RFC 9110 says zlib-wrapped, but servers send raw deflate too. */
		int zlib = len >= 2 && (p[0] & 0x0f) == 8 && ((p[0] << 8) | p[1]) % 31 == 0;

		if (len > 0 && (p[0] == '<' || isspace(p[0])))
			return lede__buf_append(out, data, len);
		return inflate_body(out, data, len, zlib ? MAX_WBITS : -MAX_WBITS, "deflate");
	}
	return lede__error(LEDE_EFORMAT, "Content-Encoding \"%s\" is not one lede decodes "
					 "(gzip, deflate)", coding);
}

int lede__http_body(lede__buf *out, const lede__http_response *response)
{
	const char *te = response->transfer_encoding;
	lede__buf chunks;
	const char *data = response->body;
	size_t len = response->body_len;
	int rc = 0;

	lede__buf_init(&chunks, len);
	if (te && *te && strcmp(te, "identity") != 0) {
		if (strcmp(te, "chunked") != 0) {
			lede__buf_free(&chunks);
			return lede__error(LEDE_EFORMAT, "Transfer-Encoding \"%s\" is not one lede "
							 "decodes (chunked)", te);
		}
		/* Stored already dechunked by the crawler when it does not look chunked. */
		if (looks_chunked(data, len)) {
			if ((rc = dechunk(&chunks, data, len)) != 0)
				goto cleanup;
			data = lede__buf_str(&chunks);
			len = chunks.len;
		}
	}
	rc = decode_content(out, data, len, response->content_encoding);
	if (rc == LEDE_ETOOBIG)
		rc = lede__error(LEDE_ETOOBIG, "body larger than the limit of %zu bytes once decoded",
				 out->max);
cleanup:
	lede__buf_free(&chunks);
	return rc;
}
