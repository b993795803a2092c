/*
 * ingest.c: inputs -> raw documents -> extraction -> store (lede_add_*), or
 * -> the caller (lede_read_paths, no store).
 *
 * Articles are written in batched transactions.  Events are queued and
 * handed to the caller only after the transaction that holds them commits,
 * so an article reported ADDED survives a crash or a kill of the process.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "engine/engine.h"
#include "source/feed.h"
#include "source/jsonl.h"
#include "source/reader.h"
#include "source/sniff.h"
#include "source/walk.h"
#include "source/warc.h"
#include "text/normalize.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/compress.h"
#include "util/error.h"

enum {
	DEFAULT_MAX_INPUT = 64 << 20,
	BATCH_ARTICLES = 500,
	BATCH_MILLISECONDS = 1000,
	PROGRESS_MILLISECONDS = 100,
	SNIFF_BYTES = 8192,
	GZIP_MAX_RATIO = 1000
};

typedef struct queued_event {
	lede_add_event_kind kind;
	char *input;
	char *message;
	int64_t article_id;
} queued_event;

typedef struct ingest ingest;

/* What happens to each raw document: stored (add) or handed over (read). */
typedef int (*doc_handler)(ingest *in, const lede__doc *doc);

struct ingest {
	lede_db *db;                /* NULL when reading without a store */
	doc_handler handle_doc;
	lede_article_callback on_article; /* read mode */
	void *article_context;
	int stopped;                /* the article callback asked to stop */
	lede_add_options options;
	lede_add_stats stats;
	queued_event *queue;
	size_t queued, queue_cap;
	int in_transaction;
	size_t batch_articles;
	int64_t batch_started_ms;
	int64_t last_progress_ms;
	uint64_t bytes_done_before; /* bytes of the inputs already finished */
	const lede__reader *reader; /* the input being read, for progress */
	uint64_t bytes_total;
	uint64_t articles_done;
};

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void lede_add_options_init(lede_add_options *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->format = LEDE_FORMAT_AUTO;
	opts->max_input_bytes = DEFAULT_MAX_INPUT;
}

static uint64_t bytes_done(const ingest *in)
{
	return in->bytes_done_before + (in->reader ? in->reader->raw_read : 0);
}

static void deliver(ingest *in, lede_add_event_kind kind, const char *input, const char *message,
		    int64_t article_id)
{
	lede_add_event event;

	if (!in->options.callback)
		return;
	event.kind = kind;
	event.input = input;
	event.message = message;
	event.article_id = article_id;
	event.bytes_done = bytes_done(in);
	event.bytes_total = in->bytes_total;
	event.articles_done = in->articles_done;
	in->options.callback(&event, in->options.context);
}

static void count(ingest *in, lede_add_event_kind kind)
{
	switch (kind) {
	case LEDE_ADD_ADDED:
		in->stats.added++;
		break;
	case LEDE_ADD_DUPLICATE:
		in->stats.duplicates++;
		break;
	case LEDE_ADD_REJECTED:
		in->stats.rejected++;
		break;
	case LEDE_ADD_WARNING:
		in->stats.warnings++;
		break;
	case LEDE_ADD_SKIPPED:
		in->stats.skipped++;
		break;
	case LEDE_ADD_PROGRESS:
		break;
	}
}

static void flush_events(ingest *in)
{
	size_t i;

	for (i = 0; i < in->queued; i++) {
		queued_event *e = &in->queue[i];

		count(in, e->kind);
		deliver(in, e->kind, e->input, e->message, e->article_id);
		lede__dealloc(e->input);
		lede__dealloc(e->message);
	}
	in->queued = 0;
}

/* Queues an event, or delivers it at once when no transaction is open. */
static int report(ingest *in, lede_add_event_kind kind, const char *input, const char *message,
		  int64_t article_id)
{
	queued_event *e;

	if (kind != LEDE_ADD_WARNING)
		in->articles_done++;
	if (!in->in_transaction && in->queued == 0) {
		count(in, kind);
		deliver(in, kind, input, message, article_id);
		return 0;
	}
	if (in->queued == in->queue_cap) {
		size_t cap = in->queue_cap ? in->queue_cap * 2 : 64;
		queued_event *grown = lede__realloc(in->queue, cap * sizeof(*grown));

		if (!grown)
			return lede__error_nomem();
		in->queue = grown;
		in->queue_cap = cap;
	}
	e = &in->queue[in->queued];
	e->kind = kind;
	e->article_id = article_id;
	e->input = lede__strdup(input);
	e->message = message ? lede__strdup(message) : NULL;
	if (!e->input || (message && !e->message)) {
		lede__dealloc(e->input);
		lede__dealloc(e->message);
		return lede__error_nomem();
	}
	in->queued++;
	return 0;
}

static int commit(ingest *in)
{
	int rc;

	if (in->in_transaction) {
		if ((rc = lede__stories_flush(in->db)) != 0 ||
		    (rc = lede__store_commit(in->db->store)) != 0)
			return rc;
		in->in_transaction = 0;
	}
	in->batch_articles = 0;
	flush_events(in);
	return 0;
}

static int begin_if_needed(ingest *in)
{
	int rc;

	if (in->in_transaction)
		return 0;
	if ((rc = lede__store_begin(in->db->store)) != 0)
		return rc;
	in->in_transaction = 1;
	in->batch_started_ms = now_ms();
	return 0;
}

static int maybe_commit(ingest *in)
{
	int64_t now = now_ms();

	if (in->in_transaction && (in->batch_articles >= BATCH_ARTICLES ||
				   now - in->batch_started_ms >= BATCH_MILLISECONDS))
		return commit(in);
	return 0;
}

static void maybe_progress(ingest *in)
{
	int64_t now = now_ms();

	if (now - in->last_progress_ms >= PROGRESS_MILLISECONDS) {
		in->last_progress_ms = now;
		deliver(in, LEDE_ADD_PROGRESS, "", NULL, 0);
	}
}

/* Rejection with the current lede_errmsg() as reason. */
static int reject(ingest *in, const char *input)
{
	const char *reason = lede_errmsg();

	return report(in, LEDE_ADD_REJECTED, input, reason[0] ? reason : "unreadable", 0);
}

/* Extracts and stores one document.  Only store failures are returned. */
static int store_doc(ingest *in, const lede__doc *doc)
{
	lede__arena arena;
	lede__extracted extracted;
	lede__article_row row;
	lede__copy_print print;
	lede__buf frame;
	int64_t id, group_article = 0;
	int rc;

	lede__arena_init(&arena);
	lede__buf_init(&frame, (size_t)1 << 31);
	memset(&row, 0, sizeof(row));
	memset(&print, 0, sizeof(print));
	rc = lede__extract(&extracted, &arena, doc);
	if (rc == LEDE_ENOMEM)
		goto cleanup;
	if (rc) {
		rc = reject(in, doc->name);
		goto cleanup;
	}
	if ((rc = lede__text_content_hash(&row.content_hash, extracted.text,
					  strlen(extracted.text))) != 0)
		goto cleanup;
	row.place_key = lede__place_key(&extracted, doc);
	if ((rc = begin_if_needed(in)) != 0)
		goto cleanup;
	rc = lede__store_article_find(&id, in->db->store, row.content_hash, row.place_key);
	if (rc == 0) {
		rc = report(in, LEDE_ADD_DUPLICATE, doc->name, NULL, id);
		goto cleanup;
	}
	if (rc != LEDE_ENOTFOUND)
		goto cleanup;
	if ((rc = lede__compress(&frame, doc->raw, doc->raw_len)) != 0 ||
	    (rc = lede__copies_fingerprint(&print, in->db, extracted.text, strlen(extracted.text))) != 0)
		goto cleanup;
	row.fingerprint = print.blob;
	row.fingerprint_len = print.blob_len;
	row.external_id = doc->external_id;
	row.source = doc->name;
	row.url = extracted.url;
	row.outlet = extracted.outlet;
	row.title = extracted.title;
	row.published = extracted.published;
	row.published_time = extracted.published_time;
	row.lang = extracted.lang;
	row.page_type = extracted.page_type;
	row.text = extracted.text;
	row.raw_format = doc->raw_format;
	row.raw = frame.data;
	row.raw_len = frame.len;
	row.raw_size = doc->raw_len;
	row.added_at = (int64_t)time(NULL);
	row.fetched_time = lede__fetched_time(doc);
	if ((rc = lede__authors_to_json(&row.authors_json, &arena, extracted.authors,
					extracted.author_count)) != 0)
		goto cleanup;
	if ((rc = lede__store_article_insert(&id, in->db->store, &row)) != 0 ||
	    (rc = lede__copies_add(&group_article, in->db, id, row.published_time, &print)) != 0 ||
	    (rc = lede__stories_add(in->db, id, &extracted, group_article)) != 0)
		goto cleanup;
	in->batch_articles++;
	if (extracted.repaired_bytes) {
		char message[128];

		snprintf(message, sizeof(message),
			 "invalid UTF-8: %zu sequence(s) replaced with U+FFFD",
			 extracted.repaired_bytes);
		if ((rc = report(in, LEDE_ADD_WARNING, doc->name, message, id)) != 0)
			goto cleanup;
	}
	rc = report(in, LEDE_ADD_ADDED, doc->name, NULL, id);
cleanup:
	lede__copy_print_free(&print);
	lede__buf_free(&frame);
	lede__arena_free(&arena);
	if (rc == 0)
		rc = maybe_commit(in);
	if (rc == 0)
		maybe_progress(in);
	return rc;
}

static int add_jsonl(ingest *in, const char *name, lede__reader *reader)
{
	lede__buf line, label;
	uint64_t number = 0;
	int rc = 0;

	lede__buf_init(&line, (size_t)in->options.max_input_bytes);
	lede__buf_init(&label, 1 << 16);
	for (;;) {
		lede__record record;
		const char *p;

		rc = lede__reader_read_line(reader, &line);
		number++;
		lede__buf_reset(&label);
		if (lede__buf_printf(&label, "%s:%llu", name, (unsigned long long)number) != 0) {
			rc = lede__error_nomem();
			break;
		}
		if (rc == LEDE_ITEROVER) {
			rc = 0;
			break;
		}
		if (rc == LEDE_ETOOBIG) {
			lede__buf_init(&line, (size_t)in->options.max_input_bytes);
			if ((rc = reject(in, lede__buf_str(&label))) != 0)
				break;
			continue;
		}
		if (rc) {
			/* The stream itself is broken (e.g. truncated gzip): stop this input. */
			if (rc != LEDE_ENOMEM)
				rc = reject(in, lede__buf_str(&label));
			break;
		}
		for (p = lede__buf_str(&line); *p == ' ' || *p == '\t'; p++)
			;
		if (*p == '\0')
			continue;
		rc = lede__record_parse(&record, line.data, line.len, lede__buf_str(&label));
		if (rc == 0)
			rc = in->handle_doc(in, &record.doc);
		else if (rc != LEDE_ENOMEM)
			rc = reject(in, lede__buf_str(&label));
		lede__record_free(&record);
		if (rc || in->stopped)
			break;
	}
	lede__buf_free(&line);
	lede__buf_free(&label);
	return rc;
}

/* Commits and reports progress between records that stored nothing. */
static int between_records(ingest *in)
{
	int rc = maybe_commit(in);

	if (rc == 0)
		maybe_progress(in);
	return rc;
}

/*
 * A WARC file, one record at a time: HTML 200 responses and HTML resources
 * are pages; other responses and resources are skipped and counted; records
 * of other types pass without an event.  A malformed record is rejected and
 * reading goes on at the next version line; a cut or unreadable stream stops.
 */
static int add_warc(ingest *in, const char *name, lede__reader *reader)
{
	lede__warc warc;
	lede__warc_record record;
	lede__warc_page page;
	lede__buf label;
	int rc = 0;

	lede__warc_open(&warc, reader, in->options.max_input_bytes);
	lede__buf_init(&label, 1 << 16);
	for (;;) {
		int got = lede__warc_next(&record, &warc);

		if (got == LEDE_ITEROVER)
			break;
		lede__buf_reset(&label);
		if (lede__buf_printf(&label, "%s:record %llu (offset %llu)", name,
				     (unsigned long long)record.number,
				     (unsigned long long)record.offset) != 0) {
			rc = lede__error_nomem();
			break;
		}
		if (got == LEDE_ENOMEM) {
			rc = got;
			break;
		}
		if (got) {
			if ((rc = reject(in, lede__buf_str(&label))) != 0 || warc.stopped)
				break;
			if ((rc = between_records(in)) != 0)
				break;
			continue;
		}
		got = lede__warc_page_read(&page, &record, lede__buf_str(&label),
					   in->options.max_input_bytes);
		if (got == LEDE_ENOMEM)
			rc = got;
		else if (got)
			rc = reject(in, lede__buf_str(&label));
		else if (page.kind == LEDE__WARC_PAGE)
			rc = in->handle_doc(in, &page.doc);
		else if (page.kind == LEDE__WARC_SKIPPED)
			rc = report(in, LEDE_ADD_SKIPPED, lede__buf_str(&label), page.skip_reason, 0);
		lede__warc_page_free(&page);
		if (rc == 0)
			rc = between_records(in);
		if (rc || in->stopped)
			break;
	}
	lede__warc_close(&warc);
	lede__buf_free(&label);
	return rc;
}

/* A feed, one item at a time; a malformed feed keeps the items read before the fault. */
static int add_feed(ingest *in, const char *name, lede__reader *reader)
{
	lede__feed *feed = NULL;
	int rc = lede__feed_open(&feed, reader, name, in->options.max_input_bytes);

	if (rc)
		return rc == LEDE_ENOMEM ? rc : reject(in, name);
	for (;;) {
		const lede__doc *doc;
		int got = lede__feed_next(&doc, feed);

		if (got == LEDE_ITEROVER)
			break;
		if (got == LEDE_ENOMEM) {
			rc = got;
			break;
		}
		if (got) {
			if ((rc = reject(in, lede__feed_where(feed))) != 0 || lede__feed_stopped(feed) ||
			    (rc = between_records(in)) != 0)
				break;
			continue;
		}
		if ((rc = in->handle_doc(in, doc)) != 0 || in->stopped)
			break;
	}
	lede__feed_free(feed);
	return rc;
}

/* The format a sniffed input is read as (EMPTY and BINARY are refused before). */
static lede_format sniffed_format(lede__sniffed sniffed)
{
	switch (sniffed) {
	case LEDE__SNIFF_JSONL:
		return LEDE_FORMAT_JSONL;
	case LEDE__SNIFF_HTML:
		return LEDE_FORMAT_HTML;
	case LEDE__SNIFF_WARC:
		return LEDE_FORMAT_WARC;
	case LEDE__SNIFF_FEED:
		return LEDE_FORMAT_FEED;
	default:
		return LEDE_FORMAT_TEXT;
	}
}

/* Ingests one input stream.  Bad input is reported, not returned. */
static int add_stream(ingest *in, const char *name, lede__reader *reader)
{
	lede__buf page;
	lede__doc doc;
	const char *head;
	size_t head_len;
	lede_format format = in->options.format;
	lede__sniffed sniffed;
	int rc;

	reader->max_ratio = GZIP_MAX_RATIO;
	in->reader = reader;
	rc = lede__reader_peek(reader, &head, &head_len, SNIFF_BYTES);
	if (rc)
		return rc == LEDE_ENOMEM ? rc : reject(in, name);
	if (head_len > SNIFF_BYTES)
		head_len = SNIFF_BYTES;
	sniffed = lede__sniff(head, head_len, name);
	if (sniffed == LEDE__SNIFF_EMPTY) {
		lede__error(LEDE_EFORMAT, "empty input");
		return reject(in, name);
	}
	if (format == LEDE_FORMAT_AUTO) {
		if (sniffed == LEDE__SNIFF_BINARY) {
			lede__error(LEDE_EFORMAT, "binary data, not a page");
			return reject(in, name);
		}
		format = sniffed_format(sniffed);
	}
	if (format == LEDE_FORMAT_JSONL)
		return add_jsonl(in, name, reader);
	if (format == LEDE_FORMAT_WARC)
		return add_warc(in, name, reader);
	if (format == LEDE_FORMAT_FEED)
		return add_feed(in, name, reader);
	lede__buf_init(&page, (size_t)in->options.max_input_bytes);
	rc = lede__reader_read_all(reader, &page);
	if (rc == LEDE_ETOOBIG) {
		lede__error(LEDE_ETOOBIG, "larger than the limit of %llu bytes",
			    (unsigned long long)in->options.max_input_bytes);
		return reject(in, name);
	}
	if (rc) {
		lede__buf_free(&page);
		return rc == LEDE_ENOMEM ? rc : reject(in, name);
	}
	memset(&doc, 0, sizeof(doc));
	doc.name = name;
	doc.format = format;
	doc.body = lede__buf_str(&page);
	doc.body_len = page.len;
	doc.raw = doc.body;
	doc.raw_len = doc.body_len;
	doc.raw_format = format;
	rc = in->handle_doc(in, &doc);
	lede__buf_free(&page);
	return rc;
}

static int add_input(ingest *in, const lede__input *input)
{
	lede__reader reader;
	int fd, rc;

	if (input->error) {
		lede__error(LEDE_EIO, "%s", input->error);
		return reject(in, input->path);
	}
	if (strcmp(input->path, "-") == 0) {
		fd = STDIN_FILENO;
	} else {
		do {
			fd = open(input->path, O_RDONLY | O_CLOEXEC);
		} while (fd < 0 && errno == EINTR);
		if (fd < 0) {
			lede__error(LEDE_EIO, "%s", strerror(errno));
			return reject(in, input->path);
		}
	}
	lede__reader_open_fd(&reader, fd);
	rc = add_stream(in, input->path, &reader);
	in->bytes_done_before += reader.raw_read;
	in->reader = NULL;
	lede__reader_close(&reader);
	if (fd != STDIN_FILENO)
		close(fd);
	return rc;
}

static void ingest_init(ingest *in, lede_db *db, const lede_add_options *opts)
{
	memset(in, 0, sizeof(*in));
	in->db = db;
	in->handle_doc = store_doc;
	if (opts)
		in->options = *opts;
	else
		lede_add_options_init(&in->options);
	if (in->options.max_input_bytes == 0)
		in->options.max_input_bytes = DEFAULT_MAX_INPUT;
	in->last_progress_ms = now_ms();
}

/* Commits what is pending and releases the ingest state. */
static int ingest_finish(ingest *in, int rc, lede_add_stats *stats)
{
	size_t i;

	if (rc == 0)
		rc = commit(in);
	if (rc && in->db) {
		/* Events of a rolled-back batch are dropped: those articles are not stored. */
		lede__store_rollback(in->db->store);
		lede__copies_forget(in->db);
		lede__stories_forget(in->db);
		for (i = 0; i < in->queued; i++) {
			lede__dealloc(in->queue[i].input);
			lede__dealloc(in->queue[i].message);
		}
		in->queued = 0;
	}
	deliver(in, LEDE_ADD_PROGRESS, "", NULL, 0);
	lede__dealloc(in->queue);
	if (stats)
		*stats = in->stats;
	return rc;
}

int lede_add_paths(lede_db *db, const char *const *paths, size_t count,
		   const lede_add_options *opts, lede_add_stats *stats)
{
	lede__input_list inputs;
	ingest in;
	size_t i;
	int rc = 0;

	if (stats)
		memset(stats, 0, sizeof(*stats));
	if (db->readonly)
		return lede__error(LEDE_EINVAL, "store opened read-only");
	memset(&inputs, 0, sizeof(inputs));
	for (i = 0; i < count && rc == 0; i++)
		rc = lede__input_list_add(&inputs, paths[i]);
	if (rc) {
		lede__input_list_free(&inputs);
		return rc;
	}
	ingest_init(&in, db, opts);
	in.bytes_total = inputs.total_size;
	for (i = 0; i < inputs.count && rc == 0 && !in.stopped; i++)
		rc = add_input(&in, &inputs.items[i]);
	lede__input_list_free(&inputs);
	return ingest_finish(&in, rc, stats);
}

int lede_add_memory(lede_db *db, const char *name, const void *data, size_t size,
		    const lede_add_options *opts, lede_add_stats *stats)
{
	lede__reader reader;
	ingest in;
	int rc;

	if (stats)
		memset(stats, 0, sizeof(*stats));
	if (db->readonly)
		return lede__error(LEDE_EINVAL, "store opened read-only");
	ingest_init(&in, db, opts);
	in.bytes_total = size;
	lede__reader_open_memory(&reader, data, size);
	rc = add_stream(&in, name ? name : "memory", &reader);
	in.reader = NULL;
	in.bytes_done_before = reader.raw_read;
	lede__reader_close(&reader);
	return ingest_finish(&in, rc, stats);
}

/* Read mode: extract and hand the article to the caller; nothing is stored. */
static int read_doc(ingest *in, const lede__doc *doc)
{
	lede__arena arena;
	lede__extracted extracted;
	lede_article *article = NULL;
	uint64_t hash = 0;
	int rc;

	lede__arena_init(&arena);
	if (in->options.flags & LEDE_READ_VERBATIM && doc->raw_format == LEDE_FORMAT_JSONL &&
	    doc->format == LEDE_FORMAT_TEXT) {
		/* Offsets into a record's text must stay valid: take it exactly as given. */
		lede__doc verbatim = *doc;

		rc = lede__extract(&extracted, &arena, &verbatim);
		if (rc == 0)
			extracted.text = lede__arena_strndup(&arena, doc->body, doc->body_len);
		if (rc == 0 && !extracted.text)
			rc = lede__error_nomem();
	} else {
		rc = lede__extract(&extracted, &arena, doc);
	}
	if (rc && rc != LEDE_ENOMEM) {
		rc = reject(in, doc->name);
		goto cleanup;
	}
	if (rc == 0)
		rc = lede__text_content_hash(&hash, extracted.text, strlen(extracted.text));
	if (rc == 0)
		rc = lede__article_from_extracted(&article, &extracted, doc->name, hash,
						  doc->external_id);
	if (rc)
		goto cleanup;
	article->row.fetched_time = lede__fetched_time(doc);
	in->articles_done++;
	if (in->on_article(article, in->article_context) != 0)
		in->stopped = 1;
cleanup:
	lede_article_free(article);
	lede__arena_free(&arena);
	return rc;
}

int lede_read_paths(const char *const *paths, size_t count, const lede_add_options *opts,
		    lede_article_callback on_article, void *context)
{
	lede__input_list inputs;
	ingest in;
	size_t i;
	int rc = 0;

	lede__engine_init();
	memset(&inputs, 0, sizeof(inputs));
	for (i = 0; i < count && rc == 0; i++)
		rc = lede__input_list_add(&inputs, paths[i]);
	if (rc) {
		lede__input_list_free(&inputs);
		return rc;
	}
	ingest_init(&in, NULL, opts);
	in.handle_doc = read_doc;
	in.on_article = on_article;
	in.article_context = context;
	in.bytes_total = inputs.total_size;
	for (i = 0; i < inputs.count && rc == 0 && !in.stopped; i++)
		rc = add_input(&in, &inputs.items[i]);
	lede__input_list_free(&inputs);
	return ingest_finish(&in, rc, NULL);
}
