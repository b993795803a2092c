/*
 * warc.h: WARC records one at a time, and the pages they hold.
 *
 * WARC (ISO 28500, versions 1.0 and 1.1) is a sequence of records: a version
 * line ("WARC/1.1"), named header fields, an empty line, exactly
 * Content-Length bytes of block, then two CRLFs.  The lede__reader has undone
 * gzip already, whether the file is one gzip member or one member per record.
 *
 * Memory is bounded: one header line (LEDE__WARC_MAX_LINE), one header block
 * (LEDE__WARC_MAX_HEADER) and one block of at most `max_block` bytes are held
 * at a time.  A larger block is read past in chunks and never held.
 *
 * A response record with an HTTP message (Content-Type application/http) or
 * a resource record is a page when it is HTML (text/html or
 * application/xhtml+xml) and, for a response, the HTTP status is 200.
 */
#ifndef LEDE_SOURCE_WARC_H
#define LEDE_SOURCE_WARC_H

#include <stddef.h>
#include <stdint.h>

#include "source/doc.h"
#include "source/reader.h"
#include "util/arena.h"
#include "util/buf.h"

enum { LEDE__WARC_MAX_LINE = 64 << 10, LEDE__WARC_MAX_HEADER = 1 << 20 };

typedef struct lede__warc_record {
	uint64_t number;          /* 1 for the first record of the stream */
	uint64_t offset;          /* where it starts in the decompressed stream */
	const char *type;         /* WARC-Type ("response", "resource", ...); "" when absent */
	const char *target_uri;   /* WARC-Target-URI without <>; NULL when absent */
	const char *date;         /* WARC-Date (ISO 8601); NULL when absent */
	const char *record_id;    /* WARC-Record-ID without <>; NULL when absent */
	const char *content_type; /* Content-Type of the block; NULL when absent */
	const char *block;        /* the Content-Length bytes of the block */
	size_t block_len;
	const char *raw;          /* the whole record: version line, header, block, CRLF CRLF */
	size_t raw_len;
} lede__warc_record;

typedef struct lede__warc {
	lede__reader *reader;
	uint64_t max_block;
	uint64_t records;         /* records begun so far */
	int resync;               /* a record was malformed: look for the next version line */
	int stopped;              /* the stream cannot go on (cut short, unreadable) */
	lede__buf line;
	lede__buf raw;
	lede__arena arena;        /* the current record's header strings */
} lede__warc;

/* Starts reading records from `reader` (which must outlive the lede__warc). */
void lede__warc_open(lede__warc *warc, lede__reader *reader, uint64_t max_block);

void lede__warc_close(lede__warc *warc);

/*
 * Reads the next record into *out, valid until the next call.  Returns 0,
 * LEDE_ITEROVER at the end of the stream, or, with lede_errmsg() saying why
 * and out->number and out->offset naming the record:
 *  - LEDE_ETOOBIG: the block is over max_block; it was read past, and the
 *    next call reads the next record;
 *  - LEDE_EFORMAT: the record is malformed (no version line, a bad header
 *    line, no Content-Length, a block not followed by CRLF CRLF); the next
 *    call looks for the next line that starts with "WARC/";
 *  - when warc->stopped is set: the stream ended inside the record or could
 *    not be read (LEDE_EFORMAT, LEDE_EIO...); the next call returns
 *    LEDE_ITEROVER;
 *  - LEDE_ENOMEM.
 */
int lede__warc_next(lede__warc_record *out, lede__warc *warc);

/* What a record holds. */
typedef enum lede__warc_kind {
	LEDE__WARC_PAGE,    /* an HTML page: `doc` is set */
	LEDE__WARC_SKIPPED, /* a response or resource that is no page: `skip_reason` says why */
	LEDE__WARC_OTHER    /* a record that never holds a page: warcinfo, request, revisit, ... */
} lede__warc_kind;

typedef struct lede__warc_page {
	lede__warc_kind kind;
	lede__doc doc;           /* LEDE__WARC_PAGE; refers to the record and to this page */
	const char *skip_reason; /* LEDE__WARC_SKIPPED: "HTTP status 404", "not HTML (image/png)" */
	int status;              /* the HTTP status; 0 for a resource record */
	lede__arena arena;
	lede__buf body;          /* the decoded payload */
} lede__warc_page;

/*
 * Reads the page that `record` holds into *out, naming its document `name`
 * (which must outlive the page).  The payload is decoded (chunked, gzip,
 * deflate) within `max_body` bytes.  Returns 0 (see out->kind), or
 * LEDE_EFORMAT when the HTTP message is malformed or its body cannot be
 * decoded, LEDE_ETOOBIG past max_body, LEDE_ENOMEM.  Free with
 * lede__warc_page_free in every case.
 */
int lede__warc_page_read(lede__warc_page *out, const lede__warc_record *record, const char *name,
			 uint64_t max_body);

void lede__warc_page_free(lede__warc_page *page);

#endif
