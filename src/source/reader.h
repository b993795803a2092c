/*
 * reader.h: a byte stream from a file descriptor or memory, with gzip undone.
 *
 * The reader looks at the first bytes: a gzip magic number turns on zlib
 * inflation (every member of a multi-member file, as WARC and concatenated
 * dumps use), anything else is passed through.  It reads in chunks, so a
 * JSONL dump of any size is read line by line in bounded memory, and every
 * read is bounded by a limit that the caller chooses.
 */
#ifndef LEDE_SOURCE_READER_H
#define LEDE_SOURCE_READER_H

#include <stddef.h>
#include <stdint.h>
#include <zlib.h>

#include "util/buf.h"

enum { LEDE__READER_CHUNK = 1 << 16 };

typedef struct lede__reader {
	int fd;                      /* -1 for a memory source */
	const unsigned char *memory; /* memory source */
	size_t memory_len;
	size_t memory_pos;
	int gzip;                    /* input is gzip */
	int inflating;               /* z is initialised */
	int member_done;             /* the last gzip member ended cleanly */
	z_stream z;
	unsigned char in[LEDE__READER_CHUNK];
	size_t in_len, in_pos;
	unsigned char *window;       /* decoded bytes not yet consumed */
	size_t window_len, window_pos, window_cap;
	int input_eof;               /* no more raw input */
	uint64_t raw_read;           /* raw bytes taken from the source */
	uint64_t decoded;            /* decoded bytes produced */
	uint64_t max_ratio;          /* gzip expansion limit (decoded/raw); 0: none */
} lede__reader;

/* Reads from `fd`; the reader does not close it. */
int lede__reader_open_fd(lede__reader *reader, int fd);

/* Reads from memory that must outlive the reader. */
int lede__reader_open_memory(lede__reader *reader, const void *data, size_t len);

void lede__reader_close(lede__reader *reader);

/*
 * Makes at least `want` decoded bytes available, or all that remain, and
 * points *out at them.  Does not consume.
 */
int lede__reader_peek(lede__reader *reader, const char **out, size_t *out_len, size_t want);

/*
 * Drops the first `n` decoded bytes, which a lede__reader_peek made available
 * (n must not exceed the length it reported).
 */
void lede__reader_consume(lede__reader *reader, size_t n);

/* Decoded bytes consumed so far: the offset of the next byte in the decompressed stream. */
uint64_t lede__reader_offset(const lede__reader *reader);

/* Appends everything left to `out`; LEDE_ETOOBIG past out's cap. */
int lede__reader_read_all(lede__reader *reader, lede__buf *out);

/*
 * Reads one line (without its newline) into `line` (reset first).  Returns 0
 * with a line, LEDE_ITEROVER at the end of input, or LEDE_ETOOBIG when the
 * line passes line's cap: the rest of that line is then skipped so that the
 * next call reads the next line.  Other negatives are read errors.
 */
int lede__reader_read_line(lede__reader *reader, lede__buf *line);

/* 1 when the source was gzip. */
int lede__reader_is_gzip(const lede__reader *reader);

#endif
