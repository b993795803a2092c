/*
 * Unit tests of src/source/warc.c and http.c: WARC records, the HTTP
 * responses they hold, the transport charset, and WARC ingest through the
 * public API.  Every WARC here is written by the test itself.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "extract/charset.h"
#include "extract/extract.h"
#include "lede.h"
#include "source/http.h"
#include "source/warc.h"
#include "util/alloc.h"
#include "util/buf.h"

static const char article_html[] =
	"<html><head><title>Quay cranes arrive in Orsa</title></head><body><article>"
	"<h1>Quay cranes arrive in Orsa</h1>"
	"<p>The first of six new quay cranes arrived at the port of Orsa on Monday, towed "
	"through the narrow channel by two tugs in the early morning fog.</p>"
	"<p>Port officials said the cranes would double the number of containers handled each "
	"day by next spring, once the dock workers finish their training.</p>"
	"</article></body></html>";

/* Appends a record of `type` with `block` (block_len bytes) and extra header lines. */
static void add_record(lede__buf *out, const char *type, const char *uri, const char *content_type,
		       const char *block, size_t block_len, const char *extra_headers)
{
	assert_int_equal(lede__buf_printf(out, "WARC/1.1\r\nWARC-Type: %s\r\n", type), 0);
	if (uri)
		assert_int_equal(lede__buf_printf(out, "WARC-Target-URI: <%s>\r\n", uri), 0);
	assert_int_equal(lede__buf_printf(out, "WARC-Date: 2025-05-06T08:30:00Z\r\n"
					       "WARC-Record-ID: <urn:uuid:%s-%zu>\r\n%s"
					       "Content-Type: %s\r\nContent-Length: %zu\r\n\r\n",
					  type, out->len, extra_headers ? extra_headers : "",
					  content_type, block_len), 0);
	assert_int_equal(lede__buf_append(out, block, block_len), 0);
	assert_int_equal(lede__buf_append_str(out, "\r\n\r\n"), 0);
}

/* Appends a response record holding `head` (status line and fields, CRLF-ended) and `body`. */
static void add_response(lede__buf *out, const char *uri, const char *head, const char *body,
			 size_t body_len)
{
	lede__buf block;

	lede__buf_init(&block, 1 << 24);
	assert_int_equal(lede__buf_append_str(&block, head), 0);
	assert_int_equal(lede__buf_append_str(&block, "\r\n"), 0);
	assert_int_equal(lede__buf_append(&block, body, body_len), 0);
	add_record(out, "response", uri, "application/http; msgtype=response", block.data, block.len,
		   NULL);
	lede__buf_free(&block);
}

/* gzip (window 16+15) or zlib (15) or raw deflate (-15) of data into `out`. */
static void deflate_into(lede__buf *out, const void *data, size_t len, int window_bits)
{
	unsigned char chunk[1 << 16];
	z_stream z;

	memset(&z, 0, sizeof(z));
	assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY), Z_OK);
	z.next_in = (unsigned char *)data;
	z.avail_in = (uInt)len;
	z.next_out = chunk;
	z.avail_out = sizeof(chunk);
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	assert_int_equal(lede__buf_append(out, chunk, sizeof(chunk) - z.avail_out), 0);
	deflateEnd(&z);
}

/* The standard test WARC: warcinfo, request, an HTML 200 response. */
static void simple_warc(lede__buf *out)
{
	add_record(out, "warcinfo", NULL, "application/warc-fields", "software: test\r\n", 16, NULL);
	add_record(out, "request", "https://orsa.example/cranes", "application/http; msgtype=request",
		   "GET /cranes HTTP/1.1\r\n\r\n", 24, NULL);
	add_response(out, "https://orsa.example/cranes",
		     "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=\"UTF-8\"\r\n", article_html,
		     strlen(article_html));
}

static void warc_record_fields_and_html_page_are_read(void **state)
{
	lede__buf data;
	lede__reader reader;
	lede__warc warc;
	lede__warc_record record;
	lede__warc_page page;
	uint64_t third_offset;

	(void)state;
	lede__buf_init(&data, 1 << 20);
	simple_warc(&data);
	third_offset = (uint64_t)(strstr(strstr(strstr(data.data, "WARC/1.1") + 1, "WARC/1.1") + 1,
					 "WARC/1.1") - data.data);
	lede__reader_open_memory(&reader, data.data, data.len);
	lede__warc_open(&warc, &reader, 1 << 20);
	assert_int_equal(lede__warc_next(&record, &warc), 0);
	assert_string_equal(record.type, "warcinfo");
	assert_int_equal(record.number, 1);
	assert_int_equal(record.offset, 0);
	assert_int_equal(lede__warc_page_read(&page, &record, "t.warc:1", 1 << 20), 0);
	assert_int_equal(page.kind, LEDE__WARC_OTHER);
	lede__warc_page_free(&page);
	assert_int_equal(lede__warc_next(&record, &warc), 0);
	assert_string_equal(record.type, "request");
	assert_int_equal(lede__warc_next(&record, &warc), 0);
	assert_int_equal(record.number, 3);
	assert_int_equal(record.offset, third_offset);
	assert_string_equal(record.type, "response");
	assert_string_equal(record.target_uri, "https://orsa.example/cranes");
	assert_string_equal(record.date, "2025-05-06T08:30:00Z");
	assert_non_null(strstr(record.record_id, "urn:uuid:response-"));
	assert_int_equal(record.raw_len, data.len - third_offset);
	assert_memory_equal(record.raw, data.data + third_offset, record.raw_len);
	assert_int_equal(lede__warc_page_read(&page, &record, "t.warc:3", 1 << 20), 0);
	assert_int_equal(page.kind, LEDE__WARC_PAGE);
	assert_int_equal(page.status, 200);
	assert_string_equal(page.doc.name, "t.warc:3");
	assert_string_equal(page.doc.url, "https://orsa.example/cranes");
	assert_string_equal(page.doc.fetched, "2025-05-06T08:30:00Z");
	assert_string_equal(page.doc.charset, "UTF-8");
	assert_int_equal(page.doc.format, LEDE_FORMAT_HTML);
	assert_int_equal(page.doc.raw_format, LEDE_FORMAT_WARC);
	assert_int_equal(page.doc.body_len, strlen(article_html));
	assert_memory_equal(page.doc.body, article_html, page.doc.body_len);
	lede__warc_page_free(&page);
	assert_int_equal(lede__warc_next(&record, &warc), LEDE_ITEROVER);
	lede__warc_close(&warc);
	lede__reader_close(&reader);
	lede__buf_free(&data);
}

/* Counts the pages of a WARC held in memory; fails on any error. */
static int count_pages(const void *data, size_t len)
{
	lede__reader reader;
	lede__warc warc;
	lede__warc_record record;
	int pages = 0, rc;

	lede__reader_open_memory(&reader, data, len);
	lede__warc_open(&warc, &reader, 1 << 20);
	while ((rc = lede__warc_next(&record, &warc)) == 0) {
		lede__warc_page page;

		assert_int_equal(lede__warc_page_read(&page, &record, "x", 1 << 20), 0);
		pages += page.kind == LEDE__WARC_PAGE;
		lede__warc_page_free(&page);
	}
	assert_int_equal(rc, LEDE_ITEROVER);
	lede__warc_close(&warc);
	lede__reader_close(&reader);
	return pages;
}

static void warc_reads_gzip_member_per_record_and_whole_file_gzip(void **state)
{
	lede__buf one, plain, per_record, whole;
	int i;

	(void)state;
	lede__buf_init(&plain, 1 << 20);
	lede__buf_init(&per_record, 1 << 20);
	lede__buf_init(&whole, 1 << 20);
	for (i = 0; i < 3; i++) {
		lede__buf_init(&one, 1 << 20);
		add_response(&one, "https://orsa.example/p", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n",
			     article_html, strlen(article_html));
		deflate_into(&per_record, one.data, one.len, 16 + MAX_WBITS);
		assert_int_equal(lede__buf_append(&plain, one.data, one.len), 0);
		lede__buf_free(&one);
	}
	deflate_into(&whole, plain.data, plain.len, 16 + MAX_WBITS);
	assert_int_equal(count_pages(plain.data, plain.len), 3);
	assert_int_equal(count_pages(per_record.data, per_record.len), 3);
	assert_int_equal(count_pages(whole.data, whole.len), 3);
	lede__buf_free(&plain);
	lede__buf_free(&per_record);
	lede__buf_free(&whole);
}

/* One record read from memory, with its page; everything lives until one_close. */
typedef struct one_record {
	lede__reader reader;
	lede__warc warc;
	lede__warc_record record;
	lede__warc_page page;
} one_record;

/* Reads the first record of data and its page; returns lede__warc_page_read's code. */
static int read_one_page(one_record *one, const lede__buf *data)
{
	lede__reader_open_memory(&one->reader, data->data, data->len);
	lede__warc_open(&one->warc, &one->reader, 1 << 20);
	assert_int_equal(lede__warc_next(&one->record, &one->warc), 0);
	return lede__warc_page_read(&one->page, &one->record, "one", 1 << 20);
}

static void one_close(one_record *one)
{
	lede__warc_page_free(&one->page);
	lede__warc_close(&one->warc);
	lede__reader_close(&one->reader);
}

static void warc_skips_non_html_and_non_200_with_reasons(void **state)
{
	static const char *const heads[] = {
		"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n",
		"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n",
		"HTTP/1.0 301 Moved Permanently\r\nLocation: /x\r\n",
	};
	static const char *const reasons[] = {"HTTP status 404", "not HTML (image/png)",
					      "HTTP status 301"};
	lede__buf data;
	one_record one;
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++) {
		lede__buf_init(&data, 1 << 20);
		add_response(&data, "https://orsa.example/x", heads[i], "<p>x</p>", 8);
		assert_int_equal(read_one_page(&one, &data), 0);
		assert_int_equal(one.page.kind, LEDE__WARC_SKIPPED);
		assert_string_equal(one.page.skip_reason, reasons[i]);
		one_close(&one);
		lede__buf_free(&data);
	}
	/* A resource record is a page by its own Content-Type. */
	lede__buf_init(&data, 1 << 20);
	add_record(&data, "resource", "file:///notes.txt", "text/plain", "notes", 5, NULL);
	assert_int_equal(read_one_page(&one, &data), 0);
	assert_int_equal(one.page.kind, LEDE__WARC_SKIPPED);
	assert_string_equal(one.page.skip_reason, "not HTML (text/plain)");
	one_close(&one);
	lede__buf_free(&data);
	lede__buf_init(&data, 1 << 20);
	add_record(&data, "resource", "https://orsa.example/r", "text/html; charset=utf-8",
		   article_html, strlen(article_html), NULL);
	assert_int_equal(read_one_page(&one, &data), 0);
	assert_int_equal(one.page.kind, LEDE__WARC_PAGE);
	assert_int_equal(one.page.status, 0);
	assert_string_equal(one.page.doc.charset, "utf-8");
	one_close(&one);
	lede__buf_free(&data);
}

static void warc_decodes_chunked_and_gzip_bodies(void **state)
{
	lede__buf data, gz, chunked;
	one_record one;
	size_t half = strlen(article_html) / 2;

	(void)state;
	/* Chunked: two chunks with an extension, then the last chunk and a trailer. */
	lede__buf_init(&chunked, 1 << 20);
	assert_int_equal(lede__buf_printf(&chunked, "%zx;name=x\r\n", half), 0);
	assert_int_equal(lede__buf_append(&chunked, article_html, half), 0);
	assert_int_equal(lede__buf_printf(&chunked, "\r\n%zX\r\n", strlen(article_html) - half), 0);
	assert_int_equal(lede__buf_append_str(&chunked, article_html + half), 0);
	assert_int_equal(lede__buf_append_str(&chunked, "\r\n0\r\nX-Trailer: 1\r\n\r\n"), 0);
	lede__buf_init(&data, 1 << 20);
	add_response(&data, "https://orsa.example/c",
		     "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n",
		     chunked.data, chunked.len);
	assert_int_equal(read_one_page(&one, &data), 0);
	assert_int_equal(one.page.kind, LEDE__WARC_PAGE);
	assert_string_equal(one.page.doc.body, article_html);
	one_close(&one);
	lede__buf_free(&data);

	/* gzip content coding inside chunked transfer coding. */
	lede__buf_init(&gz, 1 << 20);
	deflate_into(&gz, article_html, strlen(article_html), 16 + MAX_WBITS);
	lede__buf_reset(&chunked);
	assert_int_equal(lede__buf_printf(&chunked, "%zx\r\n", gz.len), 0);
	assert_int_equal(lede__buf_append(&chunked, gz.data, gz.len), 0);
	assert_int_equal(lede__buf_append_str(&chunked, "\r\n0\r\n\r\n"), 0);
	lede__buf_init(&data, 1 << 20);
	add_response(&data, "https://orsa.example/g",
		     "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n"
		     "Transfer-Encoding: chunked\r\n",
		     chunked.data, chunked.len);
	assert_int_equal(read_one_page(&one, &data), 0);
	assert_int_equal(one.page.kind, LEDE__WARC_PAGE);
	assert_string_equal(one.page.doc.body, article_html);
	one_close(&one);
	lede__buf_free(&data);

	/* deflate, sent raw (without the zlib wrapper) as many servers do. */
	lede__buf_reset(&gz);
	deflate_into(&gz, article_html, strlen(article_html), -MAX_WBITS);
	lede__buf_init(&data, 1 << 20);
	add_response(&data, "https://orsa.example/d",
		     "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: deflate\r\n",
		     gz.data, gz.len);
	assert_int_equal(read_one_page(&one, &data), 0);
	assert_string_equal(one.page.doc.body, article_html);
	one_close(&one);
	lede__buf_free(&data);
	lede__buf_free(&gz);
	lede__buf_free(&chunked);
}

static void warc_takes_body_as_is_when_the_crawler_decoded_it(void **state)
{
	lede__buf data;
	one_record one;

	(void)state;
	lede__buf_init(&data, 1 << 20);
	add_response(&data, "https://orsa.example/p",
		     "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n"
		     "Transfer-Encoding: chunked\r\n",
		     article_html, strlen(article_html));
	assert_int_equal(read_one_page(&one, &data), 0);
	assert_int_equal(one.page.kind, LEDE__WARC_PAGE);
	assert_string_equal(one.page.doc.body, article_html);
	one_close(&one);
	lede__buf_free(&data);
}

static void warc_unknown_content_encoding_is_an_error_with_a_reason(void **state)
{
	lede__buf data;
	one_record one;

	(void)state;
	lede__buf_init(&data, 1 << 20);
	add_response(&data, "https://orsa.example/b",
		     "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: br\r\n",
		     "\x1b\x02\x00", 3);
	assert_int_equal(read_one_page(&one, &data), LEDE_EFORMAT);
	assert_non_null(strstr(lede_errmsg(), "Content-Encoding \"br\""));
	one_close(&one);
	lede__buf_free(&data);
	/* A gzip body that is corrupt past its header. */
	lede__buf_init(&data, 1 << 20);
	add_response(&data, "https://orsa.example/z",
		     "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n",
		     "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xff\xff\xff\xff", 14);
	assert_int_equal(read_one_page(&one, &data), LEDE_EFORMAT);
	assert_non_null(strstr(lede_errmsg(), "corrupt gzip body"));
	one_close(&one);
	lede__buf_free(&data);
}

static void warc_rejects_a_malformed_record_then_resynchronizes(void **state)
{
	lede__buf data;
	lede__reader reader;
	lede__warc warc;
	lede__warc_record record;
	size_t good_offset;

	(void)state;
	lede__buf_init(&data, 1 << 20);
	assert_int_equal(lede__buf_append_str(&data, "WARC/1.1\r\nWARC-Type: response\r\n"
						     "this line has no colon\r\n\r\n"
						     "some block bytes\r\nmore garbage\r\n\r\n"),
			 0);
	good_offset = data.len;
	simple_warc(&data);
	lede__reader_open_memory(&reader, data.data, data.len);
	lede__warc_open(&warc, &reader, 1 << 20);
	assert_int_equal(lede__warc_next(&record, &warc), LEDE_EFORMAT);
	assert_int_equal(record.number, 1);
	assert_int_equal(record.offset, 0);
	assert_non_null(strstr(lede_errmsg(), "malformed header line \"this line has no colon\""));
	assert_false(warc.stopped);
	assert_int_equal(lede__warc_next(&record, &warc), 0);
	assert_int_equal(record.number, 2);
	assert_int_equal(record.offset, good_offset);
	assert_string_equal(record.type, "warcinfo");
	assert_int_equal(lede__warc_next(&record, &warc), 0);
	assert_int_equal(lede__warc_next(&record, &warc), 0);
	assert_string_equal(record.type, "response");
	assert_int_equal(lede__warc_next(&record, &warc), LEDE_ITEROVER);
	lede__warc_close(&warc);
	lede__reader_close(&reader);

	/* Not WARC at all at the start, and a record without Content-Length. */
	lede__buf_reset(&data);
	assert_int_equal(lede__buf_append_str(&data, "GET / HTTP/1.1\r\n\r\n"
						     "WARC/1.0\r\nWARC-Type: resource\r\n\r\n"),
			 0);
	simple_warc(&data);
	lede__reader_open_memory(&reader, data.data, data.len);
	lede__warc_open(&warc, &reader, 1 << 20);
	assert_int_equal(lede__warc_next(&record, &warc), LEDE_EFORMAT);
	assert_non_null(strstr(lede_errmsg(), "not a WARC record: \"GET / HTTP/1.1\""));
	assert_int_equal(lede__warc_next(&record, &warc), LEDE_EFORMAT);
	assert_int_equal(record.number, 2);
	assert_non_null(strstr(lede_errmsg(), "no Content-Length"));
	assert_int_equal(lede__warc_next(&record, &warc), 0);
	assert_int_equal(record.number, 3);
	assert_string_equal(record.type, "warcinfo");
	lede__warc_close(&warc);
	lede__reader_close(&reader);
	lede__buf_free(&data);
}

static void warc_wrong_content_length_is_malformed(void **state)
{
	lede__buf data;
	lede__reader reader;
	lede__warc warc;
	lede__warc_record record;

	(void)state;
	lede__buf_init(&data, 1 << 20);
	/* Says 10 bytes, holds 24: the block is not followed by CRLF CRLF. */
	assert_int_equal(lede__buf_append_str(&data, "WARC/1.1\r\nWARC-Type: resource\r\n"
						     "Content-Type: text/html\r\nContent-Length: 10\r\n"
						     "\r\n<p>twenty-four bytes</p>\r\n\r\n"),
			 0);
	simple_warc(&data);
	lede__reader_open_memory(&reader, data.data, data.len);
	lede__warc_open(&warc, &reader, 1 << 20);
	assert_int_equal(lede__warc_next(&record, &warc), LEDE_EFORMAT);
	assert_non_null(strstr(lede_errmsg(), "not followed by CRLF CRLF"));
	assert_int_equal(lede__warc_next(&record, &warc), 0);
	assert_string_equal(record.type, "warcinfo");
	lede__warc_close(&warc);
	lede__reader_close(&reader);
	lede__buf_free(&data);
}

static void warc_truncated_block_stops_the_stream(void **state)
{
	lede__buf data;
	lede__reader reader;
	lede__warc warc;
	lede__warc_record record;

	(void)state;
	lede__buf_init(&data, 1 << 20);
	simple_warc(&data);
	lede__reader_open_memory(&reader, data.data, data.len - 100);
	lede__warc_open(&warc, &reader, 1 << 20);
	assert_int_equal(lede__warc_next(&record, &warc), 0);
	assert_int_equal(lede__warc_next(&record, &warc), 0);
	assert_int_equal(lede__warc_next(&record, &warc), LEDE_EFORMAT);
	assert_int_equal(record.number, 3);
	assert_true(warc.stopped);
	assert_non_null(strstr(lede_errmsg(), "truncated record: the input ends after"));
	assert_int_equal(lede__warc_next(&record, &warc), LEDE_ITEROVER);
	lede__warc_close(&warc);
	lede__reader_close(&reader);
	lede__buf_free(&data);
}

static void warc_oversized_record_is_skipped_and_reading_goes_on(void **state)
{
	lede__buf data;
	lede__reader reader;
	lede__warc warc;
	lede__warc_record record;

	(void)state;
	lede__buf_init(&data, 1 << 20);
	add_response(&data, "https://orsa.example/big", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n",
		     article_html, strlen(article_html));
	simple_warc(&data);
	lede__reader_open_memory(&reader, data.data, data.len);
	lede__warc_open(&warc, &reader, 200);
	assert_int_equal(lede__warc_next(&record, &warc), LEDE_ETOOBIG);
	assert_int_equal(record.number, 1);
	assert_non_null(strstr(lede_errmsg(), "is over the limit of 200 bytes"));
	assert_int_equal(lede__warc_next(&record, &warc), 0);
	assert_int_equal(record.number, 2);
	assert_string_equal(record.type, "warcinfo");
	lede__warc_close(&warc);
	lede__reader_close(&reader);
	lede__buf_free(&data);
}

static void http_media_type_reads_quoted_charset_and_bad_status(void **state)
{
	lede__arena arena;
	lede__http_response response;
	const char *media, *charset;
	static const char message[] = "HTTP/1.1 200 OK\nCONTENT-TYPE:  Text/HTML ; Charset=\"ISO-8859-1\"\n"
				      "X-Other: y\n\nbody";

	(void)state;
	lede__arena_init(&arena);
	assert_int_equal(lede__http_parse(&response, &arena, message, strlen(message)), 0);
	assert_int_equal(response.status, 200);
	assert_int_equal(response.body_len, 4);
	assert_int_equal(lede__http_media_type(&media, &charset, &arena, response.content_type), 0);
	assert_string_equal(media, "text/html");
	assert_string_equal(charset, "ISO-8859-1");
	assert_int_equal(lede__http_media_type(&media, &charset, &arena, "text/html; charset=\"a b\""),
			 0);
	assert_null(charset);
	assert_int_equal(lede__http_parse(&response, &arena, "HTTP/1.1 2x0 OK\r\n\r\n", 19),
			 LEDE_EFORMAT);
	assert_int_equal(lede__http_parse(&response, &arena, "<html>", 6), LEDE_EFORMAT);
	lede__arena_free(&arena);
}

static void transport_charset_ranks_after_utf8_before_meta(void **state)
{
	/* "café" in Latin-1, with a <meta> that claims KOI8-R. */
	static const char latin1[] = "<meta charset=\"koi8-r\"><p>caf\xe9</p>";
	static const char utf8[] = "<p>caf\xc3\xa9</p>";
	lede__buf scratch;
	const char *out, *used;
	size_t len;

	(void)state;
	lede__buf_init(&scratch, 1 << 20);
	assert_int_equal(lede__charset_to_utf8(&out, &len, &scratch, latin1, strlen(latin1),
					       "iso-8859-1", &used, NULL), 0);
	assert_non_null(strstr(out, "caf\xc3\xa9"));
	assert_string_equal(used, "iso-8859-1");
	/* Valid UTF-8 bytes win over a transport label. */
	lede__buf_reset(&scratch);
	assert_int_equal(lede__charset_to_utf8(&out, &len, &scratch, utf8, strlen(utf8),
					       "iso-8859-1", &used, NULL), 0);
	assert_string_equal(out, utf8);
	/* A label iconv does not know is passed over: the page's <meta> decides. */
	lede__buf_reset(&scratch);
	assert_int_equal(lede__charset_to_utf8(&out, &len, &scratch, latin1, strlen(latin1),
					       "x-no-such-charset", &used, NULL), 0);
	assert_string_equal(used, "koi8-r");
	lede__buf_free(&scratch);
}

static void warc_page_is_extracted_with_its_http_charset(void **state)
{
	static const char latin1_page[] =
		"<html><head><title>Caf\xe9 reopens on the quay</title></head><body><article>"
		"<p>The harbour caf\xe9 reopened on Friday after a winter of repairs to its roof and "
		"its terrace, which the storm in January had torn away.</p>"
		"<p>Its owner said the first customers were dock workers coming off the night shift "
		"at six, as they had been for thirty years.</p></article></body></html>";
	lede__buf data;
	one_record one;
	lede__extracted extracted;
	lede__arena arena;

	(void)state;
	lede__buf_init(&data, 1 << 20);
	add_response(&data, "https://orsa.example/cafe",
		     "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=ISO-8859-1\r\n", latin1_page,
		     strlen(latin1_page));
	assert_int_equal(read_one_page(&one, &data), 0);
	lede__arena_init(&arena);
	assert_int_equal(lede__extract(&extracted, &arena, &one.page.doc), 0);
	assert_string_equal(extracted.title, "Caf\xc3\xa9 reopens on the quay");
	assert_int_equal(extracted.repaired_bytes, 0);
	assert_string_equal(extracted.url, "https://orsa.example/cafe");
	assert_string_equal(extracted.outlet, "orsa.example");
	lede__arena_free(&arena);
	one_close(&one);
	lede__buf_free(&data);
}

static char db_path[256];

static int fresh_store(void **state)
{
	char extra[300];

	(void)state;
	snprintf(db_path, sizeof(db_path), "%s/lede-warc-test-%d.db",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (int)getpid());
	unlink(db_path);
	snprintf(extra, sizeof(extra), "%s-wal", db_path);
	unlink(extra);
	snprintf(extra, sizeof(extra), "%s-shm", db_path);
	unlink(extra);
	return 0;
}

typedef struct events {
	int skipped;
	char last_input[256];
	char last_reason[256];
} events;

static void on_event(const lede_add_event *event, void *context)
{
	events *e = context;

	if (event->kind == LEDE_ADD_SKIPPED) {
		e->skipped++;
		snprintf(e->last_input, sizeof(e->last_input), "%s", event->input);
		snprintf(e->last_reason, sizeof(e->last_reason), "%s", event->message);
	}
}

static void warc_add_stores_url_and_fetched_time_and_counts_skips(void **state)
{
	lede__buf data;
	lede_db *db;
	lede_add_options opts;
	lede_add_stats stats;
	lede_article *article;
	events seen;

	(void)state;
	memset(&seen, 0, sizeof(seen));
	lede__buf_init(&data, 1 << 20);
	simple_warc(&data);
	add_response(&data, "https://orsa.example/gone", "HTTP/1.1 410 Gone\r\n", "", 0);
	assert_int_equal(lede_db_open(&db, db_path, 0), 0);
	lede_add_options_init(&opts);
	opts.callback = on_event;
	opts.context = &seen;
	assert_int_equal(lede_add_memory(db, "crawl.warc", data.data, data.len, &opts, &stats), 0);
	assert_int_equal(stats.added, 1);
	assert_int_equal(stats.skipped, 1);
	assert_int_equal(stats.rejected, 0);
	assert_int_equal(seen.skipped, 1);
	assert_string_equal(seen.last_reason, "HTTP status 410");
	assert_non_null(strstr(seen.last_input, "crawl.warc:record 4 (offset "));
	assert_int_equal(lede_article_get(&article, db, 1), 0);
	assert_string_equal(lede_article_url(article), "https://orsa.example/cranes");
	assert_non_null(strstr(lede_article_source(article), "crawl.warc:record 3 (offset "));
	assert_int_equal(lede_article_fetched_at(article), 1746520200); /* 2025-05-06T08:30:00Z */
	lede_article_free(article);
	/* Reprocessing reads the stored record again: same URL and fetch time. */
	assert_int_equal(lede_reprocess(db, NULL), 0);
	assert_int_equal(lede_article_get(&article, db, 1), 0);
	assert_string_equal(lede_article_url(article), "https://orsa.example/cranes");
	assert_int_equal(lede_article_fetched_at(article), 1746520200);
	assert_string_equal(lede_article_title(article), "Quay cranes arrive in Orsa");
	lede_article_free(article);
	lede_db_close(db);
	lede__buf_free(&data);
}

/* Every allocation of a WARC read fails in turn: each run fails cleanly or succeeds. */
static void warc_reader_survives_every_allocation_failure(void **state)
{
	lede__buf data;
	long n;
	int rc = -1;

	(void)state;
	lede__buf_init(&data, 1 << 20);
	simple_warc(&data);
	for (n = 0; n < 100000 && rc != 0; n++) {
		lede__reader reader;
		lede__warc warc;
		lede__warc_record record;
		lede__warc_page page;

		lede__alloc_fail_after(n);
		lede__reader_open_memory(&reader, data.data, data.len);
		lede__warc_open(&warc, &reader, 1 << 20);
		while ((rc = lede__warc_next(&record, &warc)) == 0) {
			rc = lede__warc_page_read(&page, &record, "x", 1 << 20);
			lede__warc_page_free(&page);
			if (rc)
				break;
		}
		lede__alloc_fail_after(-1);
		lede__warc_close(&warc);
		lede__reader_close(&reader);
		if (rc == LEDE_ITEROVER)
			rc = 0;
		else
			assert_int_equal(rc, LEDE_ENOMEM);
	}
	assert_int_equal(rc, 0);
	assert_true(n > 3);
	lede__buf_free(&data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(warc_record_fields_and_html_page_are_read),
		cmocka_unit_test(warc_reads_gzip_member_per_record_and_whole_file_gzip),
		cmocka_unit_test(warc_skips_non_html_and_non_200_with_reasons),
		cmocka_unit_test(warc_decodes_chunked_and_gzip_bodies),
		cmocka_unit_test(warc_takes_body_as_is_when_the_crawler_decoded_it),
		cmocka_unit_test(warc_unknown_content_encoding_is_an_error_with_a_reason),
		cmocka_unit_test(warc_rejects_a_malformed_record_then_resynchronizes),
		cmocka_unit_test(warc_wrong_content_length_is_malformed),
		cmocka_unit_test(warc_truncated_block_stops_the_stream),
		cmocka_unit_test(warc_oversized_record_is_skipped_and_reading_goes_on),
		cmocka_unit_test(http_media_type_reads_quoted_charset_and_bad_status),
		cmocka_unit_test(transport_charset_ranks_after_utf8_before_meta),
		cmocka_unit_test(warc_page_is_extracted_with_its_http_charset),
		cmocka_unit_test_setup(warc_add_stores_url_and_fetched_time_and_counts_skips,
				       fresh_store),
		cmocka_unit_test(warc_reader_survives_every_allocation_failure),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);

	fresh_store(NULL);
	return failed;
}
