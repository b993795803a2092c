/*
 * reprocess.c: re-extracting stored articles from their raw pages, then
 * rebuilding the stories from the new extractions.
 */
#include <string.h>

#include "engine/engine.h"
#include "source/feed.h"
#include "source/jsonl.h"
#include "source/reader.h"
#include "source/warc.h"
#include "story/dedup.h"
#include "text/normalize.h"
#include "util/buf.h"
#include "util/compress.h"
#include "util/error.h"

enum { BATCH = 500 };

/* The stored raw bytes of one article: a page, a JSONL record, a WARC record or a one-item feed. */
typedef struct stored_page {
	lede__doc doc;
	lede__record record;
	int have_record;
	lede__reader reader;
	int have_reader;
	lede__warc warc;
	int have_warc;
	lede__warc_record warc_record;
	lede__warc_page warc_page;
	int have_warc_page;
	lede__feed *feed;
} stored_page;

static void stored_page_free(stored_page *page)
{
	if (page->have_record)
		lede__record_free(&page->record);
	if (page->have_warc_page)
		lede__warc_page_free(&page->warc_page);
	if (page->have_warc)
		lede__warc_close(&page->warc);
	lede__feed_free(page->feed);
	if (page->have_reader)
		lede__reader_close(&page->reader);
}

/* The first page of a stored WARC record. */
static int warc_doc(stored_page *out, const lede__buf *raw, const char *name)
{
	int rc;

	lede__reader_open_memory(&out->reader, raw->data, raw->len);
	out->have_reader = 1;
	lede__warc_open(&out->warc, &out->reader, raw->len);
	out->have_warc = 1;
	if ((rc = lede__warc_next(&out->warc_record, &out->warc)) != 0)
		return rc == LEDE_ITEROVER ? lede__error(LEDE_EFORMAT, "stored WARC record is empty")
					   : rc;
	rc = lede__warc_page_read(&out->warc_page, &out->warc_record, name, raw->len);
	out->have_warc_page = 1;
	if (rc)
		return rc;
	if (out->warc_page.kind != LEDE__WARC_PAGE)
		return lede__error(LEDE_EFORMAT, "stored WARC record holds no page (%s)",
				   out->warc_page.skip_reason ? out->warc_page.skip_reason
							      : out->warc_record.type);
	out->doc = out->warc_page.doc;
	return 0;
}

/* The item of a stored one-item feed. */
static int feed_doc(stored_page *out, const lede__buf *raw, const char *name)
{
	const lede__doc *doc;
	int rc;

	lede__reader_open_memory(&out->reader, raw->data, raw->len);
	out->have_reader = 1;
	if ((rc = lede__feed_open(&out->feed, &out->reader, name, raw->len)) != 0 ||
	    (rc = lede__feed_next(&doc, out->feed)) != 0)
		return rc == LEDE_ITEROVER ? lede__error(LEDE_EFORMAT, "stored feed has no item") : rc;
	out->doc = *doc;
	/* The item keeps the name it was stored under, not "name:item 1". */
	out->doc.name = name;
	return 0;
}

/* Sets row->fingerprint (in `blob`) to the fingerprint of row->text, as stored with a new article. */
static int fingerprint_row(lede__article_row *row, uint8_t *blob, size_t cap, lede_db *db)
{
	lede__dedup_fingerprint fingerprint;
	int rc;

	if (!db->fingerprinter && (rc = lede__dedup_fingerprinter_new(&db->fingerprinter, NULL)) != 0)
		return rc;
	if ((rc = lede__dedup_fingerprint_text(&fingerprint, db->fingerprinter, row->text,
					       strlen(row->text))) != 0 ||
	    (rc = lede__dedup_fingerprint_encode(blob, cap, &row->fingerprint_len, &fingerprint)) != 0)
		return rc;
	row->fingerprint = blob;
	return 0;
}

static int reprocess_one(lede_db *db, int64_t id)
{
	lede__arena arena;
	lede__article_row stored, row;
	lede__extracted extracted;
	stored_page stored_doc;
	lede__buf page;
	lede__doc doc;
	const void *frame;
	size_t frame_len;
	lede_format format;
	uint8_t blob[LEDE__DEDUP_BLOB_MAX];
	int rc;

	lede__arena_init(&arena);
	lede__buf_init(&page, (size_t)1 << 32);
	memset(&stored_doc, 0, sizeof(stored_doc));
	if ((rc = lede__store_article_load(&stored, &arena, db->store, id)) != 0 ||
	    (rc = lede__store_article_raw(&frame, &frame_len, &format, &arena, db->store, id)) != 0 ||
	    (rc = lede__decompress(&page, frame, frame_len)) != 0)
		goto cleanup;
	memset(&doc, 0, sizeof(doc));
	if (format == LEDE_FORMAT_JSONL) {
		stored_doc.have_record = 1;
		if ((rc = lede__record_parse(&stored_doc.record, lede__buf_str(&page), page.len,
					     stored.source ? stored.source : "")) != 0)
			goto cleanup;
		doc = stored_doc.record.doc;
	} else if (format == LEDE_FORMAT_WARC) {
		if ((rc = warc_doc(&stored_doc, &page, stored.source ? stored.source : "")) != 0)
			goto cleanup;
		doc = stored_doc.doc;
	} else if (format == LEDE_FORMAT_FEED) {
		if ((rc = feed_doc(&stored_doc, &page, stored.source ? stored.source : "")) != 0)
			goto cleanup;
		doc = stored_doc.doc;
	} else {
		doc.name = stored.source ? stored.source : "";
		doc.format = format;
		doc.body = lede__buf_str(&page);
		doc.body_len = page.len;
		doc.raw = doc.body;
		doc.raw_len = page.len;
		doc.raw_format = format;
	}
	if ((rc = lede__extract(&extracted, &arena, &doc)) != 0)
		goto cleanup;
	row = stored;
	row.url = extracted.url;
	row.outlet = extracted.outlet;
	row.title = extracted.title;
	row.published = extracted.published;
	row.published_time = extracted.published_time;
	row.lang = extracted.lang;
	row.page_type = extracted.page_type;
	row.text = extracted.text;
	row.place_key = lede__place_key(&extracted, &doc);
	row.fetched_time = lede__fetched_time(&doc);
	if ((rc = lede__text_content_hash(&row.content_hash, row.text, strlen(row.text))) != 0 ||
	    (rc = lede__authors_to_json(&row.authors_json, &arena, extracted.authors,
					extracted.author_count)) != 0)
		goto cleanup;
	/* The fingerprint follows the text, so that copies are found by what is stored now. */
	if ((rc = lede__store_article_update(db->store, &row)) != 0 ||
	    (rc = fingerprint_row(&row, blob, sizeof(blob), db)) != 0)
		goto cleanup;
	rc = lede__store_article_set_derived(db->store, &row);
cleanup:
	stored_page_free(&stored_doc);
	lede__buf_free(&page);
	lede__arena_free(&arena);
	return rc;
}

/* Queues one stored article for clustering, as lede add did when it stored it. */
static int recluster_one(lede_db *db, int64_t id)
{
	lede__arena arena;
	lede__article_row row;
	lede__extracted extracted;
	int rc;

	lede__arena_init(&arena);
	if ((rc = lede__store_article_load(&row, &arena, db->store, id)) == 0) {
		memset(&extracted, 0, sizeof(extracted));
		extracted.title = row.title;
		extracted.text = row.text ? row.text : "";
		extracted.outlet = row.outlet;
		extracted.page_type = row.page_type;
		extracted.published_time = row.published_time;
		rc = lede__stories_add(db, id, &extracted, row.duplicate_of);
	}
	lede__arena_free(&arena);
	return rc;
}

/*
 * Stories are derived from the extractions: after re-extracting, they are
 * cleared and the articles streamed again through a fresh clusterer in the
 * order they were added, a batch at a time as lede add does, so that the
 * result is what adding the same pages to a new store gives.
 */
static int recluster(lede_db *db)
{
	int64_t id = 0;
	uint64_t done = 0;
	int rc;

	lede__stories_forget(db);
	if ((rc = lede__store_begin(db->store)) != 0)
		return rc;
	rc = lede__store_stories_clear(db->store);
	while (rc == 0) {
		rc = lede__store_article_next_id(&id, db->store, id);
		if (rc == LEDE_ITEROVER) {
			rc = 0;
			break;
		}
		if (rc == 0)
			rc = recluster_one(db, id);
		if (rc == 0 && ++done % BATCH == 0 && (rc = lede__stories_flush(db)) == 0 &&
		    (rc = lede__store_commit(db->store)) == 0 && (rc = lede__store_begin(db->store)) != 0)
			return rc;
	}
	if (rc == 0 && (rc = lede__stories_flush(db)) == 0)
		return lede__store_commit(db->store);
	lede__store_rollback(db->store);
	lede__stories_forget(db);
	return rc;
}

int lede_reprocess(lede_db *db, uint64_t *out_count)
{
	int64_t id = 0;
	uint64_t done = 0;
	int rc, in_transaction = 0;

	if (out_count)
		*out_count = 0;
	if (db->readonly)
		return lede__error(LEDE_EINVAL, "store opened read-only");
	for (;;) {
		rc = lede__store_article_next_id(&id, db->store, id);
		if (rc == LEDE_ITEROVER) {
			rc = 0;
			break;
		}
		if (rc)
			break;
		if (!in_transaction) {
			if ((rc = lede__store_begin(db->store)) != 0)
				break;
			in_transaction = 1;
		}
		if ((rc = reprocess_one(db, id)) != 0)
			break;
		if (++done % BATCH == 0) {
			if ((rc = lede__store_commit(db->store)) != 0)
				break;
			in_transaction = 0;
		}
	}
	if (in_transaction)
		rc = rc ? (lede__store_rollback(db->store), rc) : lede__store_commit(db->store);
	/* Fingerprints changed: the copy index is rebuilt from the store when next needed. */
	lede__copies_forget(db);
	if (rc == 0)
		rc = recluster(db);
	if (out_count)
		*out_count = done;
	return rc;
}
