/* Unit tests of src/source: the reader (gzip, lines, limits), sniffing, JSONL records. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include <zlib.h>

#include "source/jsonl.h"
#include "source/reader.h"
#include "source/sniff.h"
#include "util/alloc.h"

/* Appends one gzip member of `text` to out (size out_cap); returns the new length. */
static size_t gzip_member(unsigned char *out, size_t used, size_t out_cap, const char *text)
{
	z_stream z;

	memset(&z, 0, sizeof(z));
	assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
	z.next_in = (unsigned char *)text;
	z.avail_in = (uInt)strlen(text);
	z.next_out = out + used;
	z.avail_out = (uInt)(out_cap - used);
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	used += z.total_out;
	deflateEnd(&z);
	return used;
}

static void reader_reads_lines_across_gzip_members(void **state)
{
	unsigned char gz[4096];
	size_t len = 0;
	lede__reader reader;
	lede__buf line;

	(void)state;
	len = gzip_member(gz, len, sizeof(gz), "first line\nsecond ");
	len = gzip_member(gz, len, sizeof(gz), "half\r\nthird");
	lede__reader_open_memory(&reader, gz, len);
	lede__buf_init(&line, 1024);
	assert_int_equal(lede__reader_read_line(&reader, &line), 0);
	assert_string_equal(lede__buf_str(&line), "first line");
	assert_true(lede__reader_is_gzip(&reader));
	assert_int_equal(lede__reader_read_line(&reader, &line), 0);
	assert_string_equal(lede__buf_str(&line), "second half");
	assert_int_equal(lede__reader_read_line(&reader, &line), 0);
	assert_string_equal(lede__buf_str(&line), "third");
	assert_int_equal(lede__reader_read_line(&reader, &line), LEDE_ITEROVER);
	lede__buf_free(&line);
	lede__reader_close(&reader);
}

static void reader_reports_truncated_gzip(void **state)
{
	unsigned char gz[4096];
	size_t len;
	lede__reader reader;
	lede__buf all;

	(void)state;
	len = gzip_member(gz, 0, sizeof(gz), "a page that will be cut short by a broken download");
	lede__reader_open_memory(&reader, gz, len - 12);
	lede__buf_init(&all, 1 << 20);
	assert_int_equal(lede__reader_read_all(&reader, &all), LEDE_EFORMAT);
	assert_non_null(strstr(lede_errmsg(), "truncated gzip"));
	lede__buf_free(&all);
	lede__reader_close(&reader);
}

static void reader_skips_an_overlong_line_and_goes_on(void **state)
{
	static const char text[] = "short\nthis line is far too long for the cap\nnext\n";
	lede__reader reader;
	lede__buf line;

	(void)state;
	lede__reader_open_memory(&reader, text, strlen(text));
	lede__buf_init(&line, 10);
	assert_int_equal(lede__reader_read_line(&reader, &line), 0);
	assert_string_equal(lede__buf_str(&line), "short");
	assert_int_equal(lede__reader_read_line(&reader, &line), LEDE_ETOOBIG);
	lede__buf_init(&line, 10);
	assert_int_equal(lede__reader_read_line(&reader, &line), 0);
	assert_string_equal(lede__buf_str(&line), "next");
	assert_int_equal(lede__reader_read_line(&reader, &line), LEDE_ITEROVER);
	lede__buf_free(&line);
	lede__reader_close(&reader);
}

static void sniff_tells_formats_apart(void **state)
{
	(void)state;
	assert_int_equal(lede__sniff("  \n\t", 4, "a.txt"), LEDE__SNIFF_EMPTY);
	assert_int_equal(lede__sniff("\x7f" "ELF\0\0\0", 7, "a"), LEDE__SNIFF_BINARY);
	assert_int_equal(lede__sniff("<!DOCTYPE html><html>", 21, NULL), LEDE__SNIFF_HTML);
	assert_int_equal(lede__sniff("\xef\xbb\xbf  <html>", 11, NULL), LEDE__SNIFF_HTML);
	assert_int_equal(lede__sniff("{\"id\": 1}\n", 10, "dump"), LEDE__SNIFF_JSONL);
	assert_int_equal(lede__sniff("Menu\nHome\nA headline\n", 21, "page.txt"), LEDE__SNIFF_TEXT);
	assert_int_equal(lede__sniff("Some text then <div>x</div>", 27, "x"), LEDE__SNIFF_HTML);
}

static void sniff_tells_warc_and_feeds_apart(void **state)
{
	static const char rss[] = "<?xml version=\"1.0\"?>\n<!-- feed -->\n<rss version=\"2.0\">";
	static const char atom[] = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>x</title>";
	static const char rdf[] = "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
				  "xmlns=\"http://purl.org/rss/1.0/\">";
	static const char doctype[] = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a \"b\">]><rss>";
	static const char xhtml[] = "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\">";
	static const char warc[] = "WARC/1.1\r\nWARC-Type: warcinfo\r\n\0\0\0";

	(void)state;
	assert_int_equal(lede__sniff(warc, sizeof(warc) - 1, "crawl.warc.gz"), LEDE__SNIFF_WARC);
	assert_int_equal(lede__sniff(rss, strlen(rss), "feed"), LEDE__SNIFF_FEED);
	assert_int_equal(lede__sniff(atom, strlen(atom), NULL), LEDE__SNIFF_FEED);
	assert_int_equal(lede__sniff(rdf, strlen(rdf), NULL), LEDE__SNIFF_FEED);
	assert_int_equal(lede__sniff(doctype, strlen(doctype), NULL), LEDE__SNIFF_FEED);
	assert_int_equal(lede__sniff(xhtml, strlen(xhtml), NULL), LEDE__SNIFF_HTML);
	/* A <feed> without the Atom namespace is no Atom feed. */
	assert_int_equal(lede__sniff("<feed><x/></feed>", 17, NULL), LEDE__SNIFF_HTML);
}

static void reader_offset_counts_consumed_decoded_bytes(void **state)
{
	unsigned char gz[4096];
	size_t len;
	lede__reader reader;
	const char *p;
	size_t n;

	(void)state;
	len = gzip_member(gz, 0, sizeof(gz), "0123456789");
	len = gzip_member(gz, len, sizeof(gz), "abcdef");
	lede__reader_open_memory(&reader, gz, len);
	assert_int_equal(lede__reader_peek(&reader, &p, &n, 12), 0);
	assert_true(n >= 12);
	assert_int_equal(lede__reader_offset(&reader), 0);
	lede__reader_consume(&reader, 12);
	assert_int_equal(lede__reader_offset(&reader), 12);
	assert_int_equal(lede__reader_peek(&reader, &p, &n, 4), 0);
	assert_memory_equal(p, "cdef", 4);
	lede__reader_consume(&reader, 100); /* never past what is there */
	assert_int_equal(lede__reader_offset(&reader), 16);
	lede__reader_close(&reader);
}

static void jsonl_record_reads_design_fields(void **state)
{
	static const char line[] =
		"{\"id\":\"a1\",\"url\":\"https://example.org/a\",\"title\":\"T\",\"text\":\"Body\","
		"\"published\":\"2024-05-01\",\"outlet\":\"Example\",\"authors\":[\"Ann Lee\",\"Bo Ray\"],"
		"\"lang\":\"en\"}";
	lede__record record;

	(void)state;
	assert_int_equal(lede__record_parse(&record, line, strlen(line), "f.jsonl:1"), 0);
	assert_string_equal(record.doc.external_id, "a1");
	assert_string_equal(record.doc.url, "https://example.org/a");
	assert_string_equal(record.doc.body, "Body");
	assert_int_equal(record.doc.format, LEDE_FORMAT_TEXT);
	assert_int_equal(record.doc.author_count, 2);
	assert_string_equal(record.doc.authors[1], "Bo Ray");
	assert_string_equal(record.doc.lang, "en");
	lede__record_free(&record);
}

static void jsonl_record_accepts_news_please_names(void **state)
{
	static const char line[] =
		"{\"maintext\":\"Body\",\"date_publish\":\"2024-05-01 10:00:00\","
		"\"source_domain\":\"example.org\",\"id\":17,\"authors\":[]}";
	lede__record record;

	(void)state;
	assert_int_equal(lede__record_parse(&record, line, strlen(line), "f.jsonl:2"), 0);
	assert_string_equal(record.doc.body, "Body");
	assert_string_equal(record.doc.published, "2024-05-01 10:00:00");
	assert_string_equal(record.doc.outlet, "example.org");
	assert_string_equal(record.doc.external_id, "17");
	lede__record_free(&record);
}

static void jsonl_record_rejects_malformed_and_textless_lines(void **state)
{
	lede__record record;

	(void)state;
	assert_int_equal(lede__record_parse(&record, "{\"text\": \"x\"", 12, "f:3"), LEDE_EFORMAT);
	assert_non_null(strstr(lede_errmsg(), "malformed JSON"));
	lede__record_free(&record);
	assert_int_equal(lede__record_parse(&record, "{\"url\": \"x\"}", 12, "f:4"), LEDE_EFORMAT);
	assert_non_null(strstr(lede_errmsg(), "no \"text\""));
	lede__record_free(&record);
	assert_int_equal(lede__record_parse(&record, "[1,2]", 5, "f:5"), LEDE_EFORMAT);
	lede__record_free(&record);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reader_reads_lines_across_gzip_members),
		cmocka_unit_test(reader_reports_truncated_gzip),
		cmocka_unit_test(reader_skips_an_overlong_line_and_goes_on),
		cmocka_unit_test(sniff_tells_formats_apart),
		cmocka_unit_test(sniff_tells_warc_and_feeds_apart),
		cmocka_unit_test(reader_offset_counts_consumed_decoded_bytes),
		cmocka_unit_test(jsonl_record_reads_design_fields),
		cmocka_unit_test(jsonl_record_accepts_news_please_names),
		cmocka_unit_test(jsonl_record_rejects_malformed_and_textless_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
