#include "warc.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "source/http.h"
#include "source/sniff.h"
#include "util/error.h"

enum { BLOCK_CHUNK = 1 << 16, SNIPPET = 40, SNIFF_BYTES = 4096 };

void lede__warc_open(lede__warc *warc, lede__reader *reader, uint64_t max_block)
{
	size_t raw_max = (size_t)-1;

	memset(warc, 0, sizeof(*warc));
	warc->reader = reader;
	warc->max_block = max_block;
	if (max_block < raw_max - LEDE__WARC_MAX_HEADER - 8)
		raw_max = (size_t)max_block + LEDE__WARC_MAX_HEADER + 8;
	lede__buf_init(&warc->line, LEDE__WARC_MAX_LINE);
	lede__buf_init(&warc->raw, raw_max);
	lede__arena_init(&warc->arena);
}

void lede__warc_close(lede__warc *warc)
{
	lede__buf_free(&warc->line);
	lede__buf_free(&warc->raw);
	lede__arena_free(&warc->arena);
}

/* Up to SNIPPET bytes of s for a message, with anything unprintable as '?'. */
static const char *snippet(char *out, const char *s, size_t len)
{
	size_t i;

	if (len > SNIPPET)
		len = SNIPPET;
	for (i = 0; i < len; i++)
		out[i] = (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7f ? s[i] : '?';
	out[i] = '\0';
	return out;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int stop(lede__warc *warc, int rc)
{
	warc->stopped = 1;
	return rc;
}

/* A copy of value[start..end) without blanks around it or one pair of <>. */
static const char *field_value(lede__arena *arena, const char *value, size_t len, int angle)
{
	size_t start = 0, end = len;

	while (start < end && is_blank(value[start]))
		start++;
	while (end > start && is_blank(value[end - 1]))
		end--;
	if (angle && end - start >= 2 && value[start] == '<' && value[end - 1] == '>') {
		start++;
		end--;
	}
	return lede__arena_strndup(arena, value + start, end - start);
}

/* Parses a Content-Length value: decimal digits only, at most 2^62. */
static int parse_length(uint64_t *out, const char *s)
{
	uint64_t n = 0;
	size_t digits = 0;

	for (; *s; s++) {
		if (*s < '0' || *s > '9' || n > ((uint64_t)1 << 62) / 10)
			return -1;
		n = n * 10 + (uint64_t)(*s - '0');
		digits++;
	}
	if (digits == 0)
		return -1;
	*out = n;
	return 0;
}

/* Reads `length` block bytes in chunks: appended to warc->raw when `keep`, else dropped. */
static int read_block(lede__warc *warc, uint64_t length, int keep)
{
	uint64_t remaining = length;
	int rc;

	while (remaining > 0) {
		const char *p;
		size_t n, want = remaining < BLOCK_CHUNK ? (size_t)remaining : BLOCK_CHUNK;

		if ((rc = lede__reader_peek(warc->reader, &p, &n, want)) != 0)
			return stop(warc, rc);
		if (n == 0)
			return stop(warc, lede__error(LEDE_EFORMAT,
						      "truncated record: the input ends after %llu of "
						      "its %llu block bytes",
						      (unsigned long long)(length - remaining),
						      (unsigned long long)length));
		if (n > want)
			n = want;
		if (keep && (rc = lede__buf_append(&warc->raw, p, n)) != 0)
			return rc;
		lede__reader_consume(warc->reader, n);
		remaining -= n;
	}
	return 0;
}

/*
 * The two line ends after a block.  A bare LF is taken for a CRLF, and the
 * end of the input right after a block is no error (files cut between records).
 */
static int read_trailer(lede__warc *warc)
{
	const char *p;
	size_t n;
	int ends, rc;

	for (ends = 0; ends < 2; ends++) {
		if ((rc = lede__reader_peek(warc->reader, &p, &n, 2)) != 0)
			return stop(warc, rc);
		if (n == 0)
			return 0;
		if (n >= 2 && p[0] == '\r' && p[1] == '\n')
			lede__reader_consume(warc->reader, 2);
		else if (p[0] == '\n')
			lede__reader_consume(warc->reader, 1);
		else
			break;
	}
	if (ends == 2)
		return 0;
	warc->resync = 1;
	return lede__error(LEDE_EFORMAT, "the block is not followed by CRLF CRLF "
					 "(is its Content-Length right?)");
}

/* Finds the version line; on return the line is in warc->line. */
static int find_version_line(lede__warc_record *out, lede__warc *warc)
{
	char text[SNIPPET + 1];
	int rc;

	for (;;) {
		size_t i;

		out->offset = lede__reader_offset(warc->reader);
		rc = lede__reader_read_line(warc->reader, &warc->line);
		if (rc == LEDE_ITEROVER)
			return rc;
		if (rc == LEDE_ETOOBIG) {
			if (warc->resync)
				continue;
			out->number = ++warc->records;
			warc->resync = 1;
			return lede__error(LEDE_EFORMAT, "not a WARC record: a line of over %d bytes "
							 "where a \"WARC/1.x\" version line belongs",
					   LEDE__WARC_MAX_LINE);
		}
		if (rc) {
			out->number = warc->records + 1;
			return stop(warc, rc);
		}
		for (i = 0; i < warc->line.len && is_blank(warc->line.data[i]); i++)
			;
		if (i == warc->line.len)
			continue; /* blank lines between records */
		if (warc->line.len >= 5 && strncmp(warc->line.data, "WARC/", 5) == 0)
			return 0;
		if (warc->resync)
			continue;
		out->number = ++warc->records;
		warc->resync = 1;
		return lede__error(LEDE_EFORMAT, "not a WARC record: \"%s\" where a \"WARC/1.x\" "
						 "version line belongs",
				   snippet(text, warc->line.data, warc->line.len));
	}
}

/* Reads one header field line into the record; *length gets Content-Length. */
static int header_field(lede__warc_record *out, lede__warc *warc, uint64_t *length,
			int *have_length)
{
	const char *line = warc->line.data;
	size_t len = warc->line.len, colon, name_end;
	const char *value;
	char text[SNIPPET + 1];

	if (is_blank(line[0]))
		return 0; /* a folded continuation of a field lede does not read */
	for (colon = 0; colon < len && line[colon] != ':'; colon++)
		;
	if (colon == len || colon == 0) {
		warc->resync = 1;
		return lede__error(LEDE_EFORMAT, "malformed header line \"%s\"",
				   snippet(text, line, len));
	}
	for (name_end = colon; name_end > 0 && is_blank(line[name_end - 1]); name_end--)
		;
#define NAME_IS(s) (name_end == sizeof(s) - 1 && strncasecmp(line, s, name_end) == 0)
	if (NAME_IS("Content-Length")) {
		uint64_t n;

		value = field_value(&warc->arena, line + colon + 1, len - colon - 1, 0);
		if (!value)
			return lede__error_nomem();
		if (parse_length(&n, value) != 0 || (*have_length && n != *length)) {
			warc->resync = 1;
			return lede__error(LEDE_EFORMAT, "malformed Content-Length \"%s\"",
					   snippet(text, value, strlen(value)));
		}
		*length = n;
		*have_length = 1;
		return 0;
	}
	{
		const char **slot = NULL;
		int angle = 0;

		if (NAME_IS("WARC-Type")) {
			slot = &out->type;
		} else if (NAME_IS("WARC-Target-URI")) {
			slot = &out->target_uri;
			angle = 1; /* WARC 1.0's examples wrote <uri> */
		} else if (NAME_IS("WARC-Date")) {
			slot = &out->date;
		} else if (NAME_IS("WARC-Record-ID")) {
			slot = &out->record_id;
			angle = 1;
		} else if (NAME_IS("Content-Type")) {
			slot = &out->content_type;
		}
		if (slot && !*slot) {
			*slot = field_value(&warc->arena, line + colon + 1, len - colon - 1, angle);
			if (!*slot)
				return lede__error_nomem();
		}
	}
#undef NAME_IS
	return 0;
}

int lede__warc_next(lede__warc_record *out, lede__warc *warc)
{
	uint64_t length = 0;
	size_t header_len;
	int rc, have_length = 0;
	char text[SNIPPET + 1];

	memset(out, 0, sizeof(*out));
	lede__arena_free(&warc->arena);
	lede__buf_reset(&warc->raw);
	if (warc->stopped)
		return LEDE_ITEROVER;
	if ((rc = find_version_line(out, warc)) != 0)
		return rc;
	warc->resync = 0;
	out->number = ++warc->records;
	if (strcmp(warc->line.data, "WARC/1.0") != 0 && strcmp(warc->line.data, "WARC/1.1") != 0) {
		warc->resync = 1;
		return lede__error(LEDE_EFORMAT, "unsupported version line \"%s\" (WARC/1.0 or 1.1)",
				   snippet(text, warc->line.data, warc->line.len));
	}
	for (;;) {
		if ((rc = lede__buf_append(&warc->raw, warc->line.data, warc->line.len)) != 0 ||
		    (rc = lede__buf_append(&warc->raw, "\r\n", 2)) != 0) {
			if (rc != LEDE_ETOOBIG)
				return rc;
			warc->resync = 1;
			return lede__error(LEDE_EFORMAT, "header longer than %d bytes",
					   LEDE__WARC_MAX_HEADER);
		}
		if (warc->raw.len > LEDE__WARC_MAX_HEADER) {
			warc->resync = 1;
			return lede__error(LEDE_EFORMAT, "header longer than %d bytes",
					   LEDE__WARC_MAX_HEADER);
		}
		rc = lede__reader_read_line(warc->reader, &warc->line);
		if (rc == LEDE_ITEROVER)
			return stop(warc, lede__error(LEDE_EFORMAT, "truncated record: the input ends "
								    "inside its header"));
		if (rc == LEDE_ETOOBIG) {
			warc->resync = 1;
			return lede__error(LEDE_EFORMAT, "header line longer than %d bytes",
					   LEDE__WARC_MAX_LINE);
		}
		if (rc)
			return stop(warc, rc);
		if (warc->line.len == 0)
			break;
		if ((rc = header_field(out, warc, &length, &have_length)) != 0)
			return rc;
	}
	if ((rc = lede__buf_append(&warc->raw, "\r\n", 2)) != 0)
		return rc;
	if (!out->type)
		out->type = "";
	if (!have_length) {
		warc->resync = 1;
		return lede__error(LEDE_EFORMAT, "the record has no Content-Length");
	}
	if (length > warc->max_block) {
		/* Read past without holding it, so that the next record can be read. */
		if ((rc = read_block(warc, length, 0)) != 0 || (rc = read_trailer(warc)) != 0)
			return rc;
		return lede__error(LEDE_ETOOBIG, "record of %llu bytes is over the limit of %llu bytes",
				   (unsigned long long)length, (unsigned long long)warc->max_block);
	}
	header_len = warc->raw.len;
	if ((rc = read_block(warc, length, 1)) != 0 || (rc = read_trailer(warc)) != 0 ||
	    (rc = lede__buf_append(&warc->raw, "\r\n\r\n", 4)) != 0)
		return rc;
	out->raw = lede__buf_str(&warc->raw);
	out->raw_len = warc->raw.len;
	out->block = out->raw + header_len;
	out->block_len = (size_t)length;
	return 0;
}

static int is_html(const char *media)
{
	return strcmp(media, "text/html") == 0 || strcmp(media, "application/xhtml+xml") == 0;
}

/* Marks the page skipped: "what (detail)", or "what detail" for a status. */
static int skip(lede__warc_page *out, const char *what, const char *detail, int parenthesized)
{
	char reason[128], text[SNIPPET + 1];

	snprintf(reason, sizeof(reason), parenthesized ? "%s (%s)" : "%s %s", what,
		 snippet(text, detail, strlen(detail)));
	out->kind = LEDE__WARC_SKIPPED;
	out->skip_reason = lede__arena_strdup(&out->arena, reason);
	return out->skip_reason ? 0 : lede__error_nomem();
}

/* 1 when the payload's first bytes look like HTML (no Content-Type said). */
static int sniffs_html(const char *body, size_t len)
{
	return lede__sniff(body, len < SNIFF_BYTES ? len : SNIFF_BYTES, NULL) == LEDE__SNIFF_HTML;
}

int lede__warc_page_read(lede__warc_page *out, const lede__warc_record *record, const char *name,
			 uint64_t max_body)
{
	const char *media = NULL, *charset = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	lede__arena_init(&out->arena);
	lede__buf_init(&out->body, max_body < (size_t)-1 ? (size_t)max_body : (size_t)-1);
	if (record->content_type &&
	    (rc = lede__http_media_type(&media, &charset, &out->arena, record->content_type)) != 0)
		return rc;
	if (strcasecmp(record->type, "response") == 0) {
		lede__http_response http;
		char status[16];

		if (media ? strcmp(media, "application/http") != 0
			  : record->block_len < 5 || strncmp(record->block, "HTTP/", 5) != 0)
			return skip(out, "not an HTTP response", media ? media : "no Content-Type", 1);
		if ((rc = lede__http_parse(&http, &out->arena, record->block, record->block_len)) != 0)
			return rc;
		out->status = http.status;
		if (http.status != 200) {
			snprintf(status, sizeof(status), "%d", http.status);
			return skip(out, "HTTP status", status, 0);
		}
		media = charset = NULL;
		if (http.content_type &&
		    (rc = lede__http_media_type(&media, &charset, &out->arena, http.content_type)) != 0)
			return rc;
		if (media && !is_html(media))
			return skip(out, "not HTML", media, 1);
		if ((rc = lede__http_body(&out->body, &http)) != 0)
			return rc;
	} else if (strcasecmp(record->type, "resource") == 0) {
		if (media && !is_html(media))
			return skip(out, "not HTML", media, 1);
		if ((rc = lede__buf_append(&out->body, record->block, record->block_len)) != 0)
			return rc == LEDE_ETOOBIG
				       ? lede__error(LEDE_ETOOBIG, "body larger than the limit of %zu bytes",
						     out->body.max)
				       : rc;
	} else {
		out->kind = LEDE__WARC_OTHER;
		return 0;
	}
	if (!media && !sniffs_html(lede__buf_str(&out->body), out->body.len))
		return skip(out, "not HTML", "no Content-Type", 1);
	out->kind = LEDE__WARC_PAGE;
	out->doc.name = name;
	out->doc.format = LEDE_FORMAT_HTML;
	out->doc.body = lede__buf_str(&out->body);
	out->doc.body_len = out->body.len;
	out->doc.raw = record->raw;
	out->doc.raw_len = record->raw_len;
	out->doc.raw_format = LEDE_FORMAT_WARC;
	out->doc.charset = charset;
	out->doc.fetched = record->date;
	out->doc.url = record->target_uri && *record->target_uri ? record->target_uri : NULL;
	out->doc.external_id = record->record_id && *record->record_id ? record->record_id : NULL;
	return 0;
}

void lede__warc_page_free(lede__warc_page *page)
{
	lede__buf_free(&page->body);
	lede__arena_free(&page->arena);
}
