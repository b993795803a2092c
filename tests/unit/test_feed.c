/*
 * Unit tests of src/source/feed.c: RSS 2.0, RSS 1.0 and Atom items as
 * documents, the raw one-item feed kept for each, and hostile feeds.  Every
 * feed here is written by the test itself.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "lede.h"
#include "source/feed.h"
#include "source/reader.h"
#include "util/alloc.h"

static const char rss[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"\n"
	"     xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n"
	"<channel>\n"
	"  <title>Orsa  Harbour\n News</title>\n"
	"  <link>https://news.orsa.example/</link>\n"
	"  <atom:link rel=\"self\" href=\"https://news.orsa.example/feed\"/>\n"
	"  <language>en-GB</language>\n"
	"  <image><title>Logo</title><url>https://news.orsa.example/logo.png</url></image>\n"
	"  <item>\n"
	"    <title>Ferry crews strike over the new rota</title>\n"
	"    <link>https://news.orsa.example/ferry-strike</link>\n"
	"    <pubDate>Tue, 06 May 2025 08:30:00 GMT</pubDate>\n"
	"    <dc:creator>Mara Quist</dc:creator>\n"
	"    <guid isPermaLink=\"false\">orsa-1001</guid>\n"
	"    <description>A teaser.</description>\n"
	"    <content:encoded><![CDATA[<p>Ferry crews walked out on Tuesday.</p>"
	"<p>The caf\xc3\xa9 on the quay stayed open.</p>]]></content:encoded>\n"
	"  </item>\n"
	"  <item>\n"
	"    <title>Tram depot &amp; line 4 to close</title>\n"
	"    <guid>https://news.orsa.example/tram</guid>\n"
	"    <author>desk@orsa.example (Ola Varn)</author>\n"
	"    <description>The depot closes for three weeks &lt;b&gt;from June&lt;/b&gt;.</description>\n"
	"  </item>\n"
	"  <item>\n"
	"    <title>Council approves the harbour budget</title>\n"
	"    <link>https://news.orsa.example/budget</link>\n"
	"    <description>Plain words only, no markup here.</description>\n"
	"  </item>\n"
	"</channel>\n"
	"</rss>\n";

static const char atom[] =
	"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	"<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"nb-NO\">\n"
	"  <title type=\"html\">Valley &lt;i&gt;Courier&lt;/i&gt;</title>\n"
	"  <link rel=\"self\" href=\"https://courier.example/atom\"/>\n"
	"  <entry>\n"
	"    <title>Bridge reopens</title>\n"
	"    <link rel=\"self\" href=\"https://courier.example/api/1\"/>\n"
	"    <link href=\"https://courier.example/bridge\" type=\"text/html\"/>\n"
	"    <id>tag:courier.example,2025:1</id>\n"
	"    <updated>2025-05-07T10:00:00Z</updated>\n"
	"    <published>2025-05-06T09:00:00+02:00</published>\n"
	"    <author><name>Jon Edda</name></author>\n"
	"    <author><name>Sia Lund</name><email>s@courier.example</email></author>\n"
	"    <content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">"
	"<p>The bridge over the Varn reopened.</p><p>Traffic flowed by noon.</p></div></content>\n"
	"  </entry>\n"
	"  <entry>\n"
	"    <title>Storm warning</title>\n"
	"    <link rel=\"alternate\" href=\"https://courier.example/storm\"/>\n"
	"    <id>tag:courier.example,2025:2</id>\n"
	"    <updated>2025-05-08T06:00:00Z</updated>\n"
	"    <summary type=\"html\">&lt;p&gt;Gales are expected tonight.&lt;/p&gt;</summary>\n"
	"  </entry>\n"
	"  <entry>\n"
	"    <title>Plain entry</title>\n"
	"    <id>tag:courier.example,2025:3</id>\n"
	"    <content>Text &lt;not a tag&gt; stays text.</content>\n"
	"  </entry>\n"
	"</feed>\n";

typedef struct opened {
	lede__reader reader;
	lede__feed *feed;
} opened;

static void open_feed(opened *o, const char *text, size_t len, uint64_t max_item)
{
	lede__reader_open_memory(&o->reader, text, len);
	assert_int_equal(lede__feed_open(&o->feed, &o->reader, "f.xml", max_item), 0);
}

static void close_feed(opened *o)
{
	lede__feed_free(o->feed);
	lede__reader_close(&o->reader);
}

static void rss_items_become_documents(void **state)
{
	opened o;
	const lede__doc *doc;

	(void)state;
	open_feed(&o, rss, strlen(rss), 1 << 20);
	assert_int_equal(lede__feed_next(&doc, o.feed), 0);
	assert_string_equal(doc->name, "f.xml:item 1");
	assert_string_equal(lede__feed_where(o.feed), "f.xml:item 1");
	assert_string_equal(doc->title, "Ferry crews strike over the new rota");
	assert_string_equal(doc->url, "https://news.orsa.example/ferry-strike");
	assert_string_equal(doc->published, "Tue, 06 May 2025 08:30:00 GMT");
	assert_string_equal(doc->external_id, "orsa-1001");
	assert_string_equal(doc->outlet, "Orsa Harbour News");
	assert_string_equal(doc->lang, "en");
	assert_int_equal(doc->author_count, 1);
	assert_string_equal(doc->authors[0], "Mara Quist");
	assert_int_equal(doc->format, LEDE_FORMAT_HTML);
	assert_string_equal(doc->body, "<p>Ferry crews walked out on Tuesday.</p>"
				       "<p>The caf\xc3\xa9 on the quay stayed open.</p>");
	assert_int_equal(doc->raw_format, LEDE_FORMAT_FEED);

	assert_int_equal(lede__feed_next(&doc, o.feed), 0);
	assert_string_equal(doc->title, "Tram depot & line 4 to close");
	assert_string_equal(doc->url, "https://news.orsa.example/tram"); /* a permalink guid */
	assert_string_equal(doc->authors[0], "Ola Varn");
	assert_int_equal(doc->format, LEDE_FORMAT_HTML); /* escaped markup */
	assert_string_equal(doc->body, "The depot closes for three weeks <b>from June</b>.");

	assert_int_equal(lede__feed_next(&doc, o.feed), 0);
	assert_int_equal(doc->format, LEDE_FORMAT_TEXT);
	assert_null(doc->external_id);
	assert_int_equal(doc->author_count, 0);
	assert_int_equal(lede__feed_next(&doc, o.feed), LEDE_ITEROVER);
	assert_true(lede__feed_stopped(o.feed));
	close_feed(&o);
}

static void atom_entries_become_documents(void **state)
{
	opened o;
	const lede__doc *doc;

	(void)state;
	open_feed(&o, atom, strlen(atom), 1 << 20);
	assert_int_equal(lede__feed_next(&doc, o.feed), 0);
	assert_string_equal(doc->outlet, "Valley Courier");
	assert_string_equal(doc->lang, "nb");
	assert_string_equal(doc->title, "Bridge reopens");
	assert_string_equal(doc->url, "https://courier.example/bridge");
	assert_string_equal(doc->external_id, "tag:courier.example,2025:1");
	assert_string_equal(doc->published, "2025-05-06T09:00:00+02:00");
	assert_int_equal(doc->author_count, 2);
	assert_string_equal(doc->authors[1], "Sia Lund");
	assert_int_equal(doc->format, LEDE_FORMAT_HTML);
	assert_non_null(strstr(doc->body, "<p>The bridge over the Varn reopened.</p>"));

	assert_int_equal(lede__feed_next(&doc, o.feed), 0);
	assert_string_equal(doc->url, "https://courier.example/storm");
	assert_string_equal(doc->published, "2025-05-08T06:00:00Z"); /* updated, for want of published */
	assert_int_equal(doc->format, LEDE_FORMAT_HTML);
	assert_string_equal(doc->body, "<p>Gales are expected tonight.</p>");

	assert_int_equal(lede__feed_next(&doc, o.feed), 0);
	assert_null(doc->url);
	assert_int_equal(doc->format, LEDE_FORMAT_TEXT);
	assert_string_equal(doc->body, "Text <not a tag> stays text.");
	assert_int_equal(lede__feed_next(&doc, o.feed), LEDE_ITEROVER);
	close_feed(&o);
}

static void rss1_rdf_items_are_read(void **state)
{
	static const char rdf[] =
		"<?xml version=\"1.0\"?>\n"
		"<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"\n"
		"         xmlns=\"http://purl.org/rss/1.0/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
		"  <channel rdf:about=\"https://plains.example/\"><title>Plains Tribune</title>"
		"<dc:language>de</dc:language></channel>\n"
		"  <item rdf:about=\"https://plains.example/a\"><title>Harvest starts early</title>"
		"<link>https://plains.example/a</link><dc:date>2025-07-01</dc:date>"
		"<description>Farmers began the harvest two weeks early.</description></item>\n"
		"</rdf:RDF>\n";
	opened o;
	const lede__doc *doc;

	(void)state;
	open_feed(&o, rdf, strlen(rdf), 1 << 20);
	assert_int_equal(lede__feed_next(&doc, o.feed), 0);
	assert_string_equal(doc->outlet, "Plains Tribune");
	assert_string_equal(doc->lang, "de");
	assert_string_equal(doc->title, "Harvest starts early");
	assert_string_equal(doc->published, "2025-07-01");
	assert_string_equal(doc->body, "Farmers began the harvest two weeks early.");
	assert_int_equal(lede__feed_next(&doc, o.feed), LEDE_ITEROVER);
	close_feed(&o);
}

/* Reads the raw one-item feed of `doc` again and checks it gives the same document. */
static void check_raw_round_trip(const lede__doc *doc)
{
	opened o;
	const lede__doc *again;
	size_t i;

	open_feed(&o, doc->raw, doc->raw_len, 1 << 20);
	assert_int_equal(lede__feed_next(&again, o.feed), 0);
	assert_string_equal(again->title, doc->title);
	assert_string_equal(again->body, doc->body);
	assert_int_equal(again->format, doc->format);
	assert_true(again->url == doc->url || strcmp(again->url, doc->url) == 0);
	assert_true(again->published == doc->published ||
		    strcmp(again->published, doc->published) == 0);
	assert_string_equal(again->outlet, doc->outlet);
	assert_string_equal(again->lang, doc->lang);
	assert_int_equal(again->author_count, doc->author_count);
	for (i = 0; i < doc->author_count; i++)
		assert_string_equal(again->authors[i], doc->authors[i]);
	assert_int_equal(lede__feed_next(&again, o.feed), LEDE_ITEROVER);
	close_feed(&o);
}

static void item_raw_is_a_feed_of_its_own_that_reads_the_same(void **state)
{
	const char *feeds[] = {rss, atom};
	size_t f;

	(void)state;
	for (f = 0; f < 2; f++) {
		opened o;
		const lede__doc *doc;
		int rc;

		open_feed(&o, feeds[f], strlen(feeds[f]), 1 << 20);
		while ((rc = lede__feed_next(&doc, o.feed)) == 0)
			check_raw_round_trip(doc);
		assert_int_equal(rc, LEDE_ITEROVER);
		close_feed(&o);
	}
}

static void malformed_feed_keeps_earlier_items_and_stops(void **state)
{
	static const char head[] = "<rss version=\"2.0\"><channel><title>T</title>"
				   "<item><title>First</title><description>Kept.</description></item>";
	static const char tail[] = "\n<item><title>Second broken</wrong></item>"
				   "<item><title>Third</title></item></channel></rss>";
	static char broken[sizeof(head) + 40000 + sizeof(tail)];
	opened o;
	const lede__doc *doc;
	size_t n = 0;

	(void)state;
	/* Room enough after the first item that the parser hands it out before it meets the fault. */
	memcpy(broken, head, sizeof(head) - 1);
	n += sizeof(head) - 1;
	memset(broken + n, ' ', 40000);
	n += 40000;
	memcpy(broken + n, tail, sizeof(tail));
	n += sizeof(tail) - 1;
	open_feed(&o, broken, n, 1 << 20);
	assert_int_equal(lede__feed_next(&doc, o.feed), 0);
	assert_string_equal(doc->title, "First");
	assert_int_equal(lede__feed_next(&doc, o.feed), LEDE_EFORMAT);
	assert_true(lede__feed_stopped(o.feed));
	assert_string_equal(lede__feed_where(o.feed), "f.xml"); /* met before item 2 begins */
	assert_non_null(strstr(lede_errmsg(), "malformed XML at line 2: "));
	assert_int_equal(lede__feed_next(&doc, o.feed), LEDE_ITEROVER);
	close_feed(&o);
}

static void other_xml_is_not_a_feed(void **state)
{
	static const char svg[] = "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>";
	opened o;
	const lede__doc *doc;

	(void)state;
	open_feed(&o, svg, strlen(svg), 1 << 20);
	assert_int_equal(lede__feed_next(&doc, o.feed), LEDE_EFORMAT);
	assert_non_null(strstr(lede_errmsg(), "root element is <svg>"));
	assert_string_equal(lede__feed_where(o.feed), "f.xml");
	close_feed(&o);
}

static void empty_item_is_rejected_and_reading_goes_on(void **state)
{
	static const char feed[] = "<rss><channel><item><link>https://x.example/</link></item>"
				   "<item><title>Next</title></item></channel></rss>";
	opened o;
	const lede__doc *doc;

	(void)state;
	open_feed(&o, feed, strlen(feed), 1 << 20);
	assert_int_equal(lede__feed_next(&doc, o.feed), LEDE_EFORMAT);
	assert_non_null(strstr(lede_errmsg(), "no title, content or description"));
	assert_false(lede__feed_stopped(o.feed));
	assert_int_equal(lede__feed_next(&doc, o.feed), 0);
	assert_string_equal(doc->title, "Next");
	assert_string_equal(doc->body, "");
	close_feed(&o);
}

static void entities_are_neither_expanded_nor_loaded(void **state)
{
	/* Billion laughs and an external entity: neither may be expanded or read. */
	static const char hostile[] =
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE rss [\n"
		" <!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
		" <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
		" <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
		" <!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
		" <!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
		" <!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n"
		" <!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n"
		"]>\n"
		"<rss version=\"2.0\"><channel><title>Laughs</title>\n"
		"<item><title>Lol &f;</title><description>Secret: &xxe; end.</description></item>\n"
		"</channel></rss>\n";
	opened o;
	const lede__doc *doc;
	int rc;

	(void)state;
	open_feed(&o, hostile, strlen(hostile), 1 << 20);
	rc = lede__feed_next(&doc, o.feed);
	if (rc == 0) {
		/* Undeclared in HTML, the references stay as text. */
		assert_string_equal(doc->title, "Lol &f;");
		assert_string_equal(doc->body, "Secret: &xxe; end.");
		assert_null(strstr(doc->raw, "root:"));
		assert_null(strstr(doc->raw, "aaaa"));
	} else {
		assert_int_equal(rc, LEDE_EFORMAT);
	}
	close_feed(&o);
}

static void item_over_the_limit_stops_the_feed(void **state)
{
	static char big[80000];
	opened o;
	const lede__doc *doc;
	size_t n;

	(void)state;
	n = (size_t)snprintf(big, sizeof(big), "<rss><channel><item><title>Small</title></item><item>"
					       "<description>");
	memset(big + n, 'x', 70000);
	n += 70000;
	n += (size_t)snprintf(big + n, sizeof(big) - n, "</description></item></channel></rss>");
	open_feed(&o, big, n, 1000);
	assert_int_equal(lede__feed_next(&doc, o.feed), 0);
	assert_int_equal(lede__feed_next(&doc, o.feed), LEDE_ETOOBIG);
	assert_non_null(strstr(lede_errmsg(), "item larger than the limit of 1000 bytes"));
	assert_true(lede__feed_stopped(o.feed));
	close_feed(&o);
}

static void gzip_feed_is_read(void **state)
{
	unsigned char gz[8192];
	z_stream z;
	opened o;
	const lede__doc *doc;
	int items = 0, rc;

	(void)state;
	memset(&z, 0, sizeof(z));
	assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
	z.next_in = (unsigned char *)rss;
	z.avail_in = (uInt)strlen(rss);
	z.next_out = gz;
	z.avail_out = sizeof(gz);
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	deflateEnd(&z);
	lede__reader_open_memory(&o.reader, gz, sizeof(gz) - z.avail_out);
	assert_int_equal(lede__feed_open(&o.feed, &o.reader, "f.xml.gz", 1 << 20), 0);
	while ((rc = lede__feed_next(&doc, o.feed)) == 0)
		items++;
	assert_int_equal(rc, LEDE_ITEROVER);
	assert_int_equal(items, 3);
	close_feed(&o);
}

/* Every allocation of a feed read fails in turn: each run fails cleanly or succeeds. */
static void feed_reader_survives_every_allocation_failure(void **state)
{
	long n;
	int rc = -1;

	(void)state;
	for (n = 0; n < 100000 && rc != 0; n++) {
		lede__reader reader;
		lede__feed *feed = NULL;
		const lede__doc *doc;

		lede__alloc_fail_after(n);
		lede__reader_open_memory(&reader, atom, strlen(atom));
		rc = lede__feed_open(&feed, &reader, "f.xml", 1 << 20);
		while (rc == 0 && (rc = lede__feed_next(&doc, feed)) == 0)
			;
		lede__alloc_fail_after(-1);
		lede__feed_free(feed);
		lede__reader_close(&reader);
		if (rc == LEDE_ITEROVER)
			rc = 0;
		else
			assert_int_equal(rc, LEDE_ENOMEM);
	}
	assert_int_equal(rc, 0);
	assert_true(n > 3);
}

/* HTML entities and bare ampersands, which XML refuses, are read as the page meant them. */
static void html_entities_and_bare_ampersands_are_read(void **state)
{
	static const char head[] =
		"<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Dock&nbsp;Post</title>\n";
	static const char item[] =
		"<item><title>AT&T &amp; Dock&nbsp;Co &mdash; news &#169;</title>"
		"<description>Cranes&hellip; stopped &unknownname; today.</description></item>\n";
	static const char tail[] = "</channel></rss>\n";
	/* Enough items that entities fall on every position of the input windows. */
	enum { ITEMS = 900 };
	size_t len = strlen(head) + ITEMS * strlen(item) + strlen(tail), i, count = 0;
	char *text = malloc(len + 1), *p = text;
	opened o;
	const lede__doc *doc;

	(void)state;
	assert_non_null(text);
	p += snprintf(p, len + 1, "%s", head);
	for (i = 0; i < ITEMS; i++)
		p += snprintf(p, len + 1 - (size_t)(p - text), "%s", item);
	snprintf(p, len + 1 - (size_t)(p - text), "%s", tail);
	open_feed(&o, text, len, 1 << 20);
	while (lede__feed_next(&doc, o.feed) == 0) {
		count++;
		assert_string_equal(doc->outlet, "Dock\xc2\xa0Post");
		assert_string_equal(doc->title, "AT&T & Dock\xc2\xa0" "Co \xe2\x80\x94 news \xc2\xa9");
		assert_string_equal(doc->body, "Cranes\xe2\x80\xa6 stopped &unknownname; today.");
	}
	assert_int_equal(count, ITEMS);
	close_feed(&o);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rss_items_become_documents),
		cmocka_unit_test(atom_entries_become_documents),
		cmocka_unit_test(rss1_rdf_items_are_read),
		cmocka_unit_test(html_entities_and_bare_ampersands_are_read),
		cmocka_unit_test(item_raw_is_a_feed_of_its_own_that_reads_the_same),
		cmocka_unit_test(malformed_feed_keeps_earlier_items_and_stops),
		cmocka_unit_test(other_xml_is_not_a_feed),
		cmocka_unit_test(empty_item_is_rejected_and_reading_goes_on),
		cmocka_unit_test(entities_are_neither_expanded_nor_loaded),
		cmocka_unit_test(item_over_the_limit_stops_the_feed),
		cmocka_unit_test(gzip_feed_is_read),
		cmocka_unit_test(feed_reader_survives_every_allocation_failure),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
