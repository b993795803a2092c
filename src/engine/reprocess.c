/*
 * reprocess.c: re-extracting stored articles from their raw pages.
 */
#include <string.h>

#include "engine/engine.h"
#include "source/jsonl.h"
#include "text/normalize.h"
#include "util/buf.h"
#include "util/compress.h"
#include "util/error.h"

enum { BATCH = 500 };

static int reprocess_one(lede_db *db, int64_t id)
{
	lede__arena arena;
	lede__article_row stored, row;
	lede__extracted extracted;
	lede__record record;
	lede__buf page;
	lede__doc doc;
	const void *frame;
	size_t frame_len;
	lede_format format;
	int rc, have_record = 0;

	lede__arena_init(&arena);
	lede__buf_init(&page, (size_t)1 << 32);
	memset(&record, 0, sizeof(record));
	if ((rc = lede__store_article_load(&stored, &arena, db->store, id)) != 0 ||
	    (rc = lede__store_article_raw(&frame, &frame_len, &format, &arena, db->store, id)) != 0 ||
	    (rc = lede__decompress(&page, frame, frame_len)) != 0)
		goto cleanup;
	memset(&doc, 0, sizeof(doc));
	if (format == LEDE_FORMAT_JSONL) {
		have_record = 1;
		if ((rc = lede__record_parse(&record, lede__buf_str(&page), page.len,
					     stored.source ? stored.source : "")) != 0)
			goto cleanup;
		doc = record.doc;
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
	if ((rc = lede__text_content_hash(&row.content_hash, row.text, strlen(row.text))) != 0 ||
	    (rc = lede__authors_to_json(&row.authors_json, &arena, extracted.authors,
					extracted.author_count)) != 0)
		goto cleanup;
	rc = lede__store_article_update(db->store, &row);
cleanup:
	if (have_record)
		lede__record_free(&record);
	lede__buf_free(&page);
	lede__arena_free(&arena);
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
	if (out_count)
		*out_count = done;
	return rc;
}
