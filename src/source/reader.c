#include "reader.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/error.h"

static int reader_init(lede__reader *reader)
{
	memset(reader, 0, sizeof(*reader));
	reader->fd = -1;
	reader->max_ratio = 0;
	return 0;
}

int lede__reader_open_fd(lede__reader *reader, int fd)
{
	reader_init(reader);
	reader->fd = fd;
	return 0;
}

int lede__reader_open_memory(lede__reader *reader, const void *data, size_t len)
{
	reader_init(reader);
	reader->memory = data;
	reader->memory_len = len;
	return 0;
}

void lede__reader_close(lede__reader *reader)
{
	if (reader->inflating)
		inflateEnd(&reader->z);
	lede__dealloc(reader->window);
	reader->window = NULL;
	reader->inflating = 0;
}

int lede__reader_is_gzip(const lede__reader *reader)
{
	return reader->gzip;
}

/* Refills the raw input chunk; sets input_eof at the end. */
static int fill_input(lede__reader *reader)
{
	if (reader->in_pos < reader->in_len || reader->input_eof)
		return 0;
	reader->in_pos = 0;
	reader->in_len = 0;
	if (reader->fd < 0) {
		size_t n = reader->memory_len - reader->memory_pos;

		if (n == 0) {
			reader->input_eof = 1;
			return 0;
		}
		if (n > sizeof(reader->in))
			n = sizeof(reader->in);
		memcpy(reader->in, reader->memory + reader->memory_pos, n);
		reader->memory_pos += n;
		reader->in_len = n;
	} else {
		ssize_t n;

		do {
			n = read(reader->fd, reader->in, sizeof(reader->in));
		} while (n < 0 && errno == EINTR);
		if (n < 0)
			return lede__error(LEDE_EIO, "read failed: %s", strerror(errno));
		if (n == 0) {
			reader->input_eof = 1;
			return 0;
		}
		reader->in_len = (size_t)n;
	}
	reader->raw_read += reader->in_len;
	if (reader->raw_read == reader->in_len && reader->in_len >= 2 &&
	    reader->in[0] == 0x1f && reader->in[1] == 0x8b) {
		reader->gzip = 1;
		if (inflateInit2(&reader->z, 16 + MAX_WBITS) != Z_OK)
			return lede__error_nomem();
		reader->inflating = 1;
	}
	return 0;
}

/* Makes room for `extra` more bytes at the end of the window. */
static int window_reserve(lede__reader *reader, size_t extra)
{
	size_t cap;
	unsigned char *grown;

	if (reader->window_pos > 0) {
		memmove(reader->window, reader->window + reader->window_pos,
			reader->window_len - reader->window_pos);
		reader->window_len -= reader->window_pos;
		reader->window_pos = 0;
	}
	if (reader->window_cap - reader->window_len >= extra)
		return 0;
	cap = reader->window_cap ? reader->window_cap : LEDE__READER_CHUNK;
	while (cap - reader->window_len < extra)
		cap *= 2;
	grown = lede__realloc(reader->window, cap);
	if (!grown)
		return lede__error_nomem();
	reader->window = grown;
	reader->window_cap = cap;
	return 0;
}

/* Decodes more bytes into the window.  *out_added gets how many (0 at the end). */
static int decode_more(lede__reader *reader, size_t *out_added)
{
	int rc;

	*out_added = 0;
	for (;;) {
		if ((rc = fill_input(reader)) != 0)
			return rc;
		if (!reader->gzip) {
			size_t n = reader->in_len - reader->in_pos;

			if (n == 0)
				return 0;
			if ((rc = window_reserve(reader, n)) != 0)
				return rc;
			memcpy(reader->window + reader->window_len, reader->in + reader->in_pos, n);
			reader->window_len += n;
			reader->in_pos = reader->in_len;
			reader->decoded += n;
			*out_added = n;
			return 0;
		}
		if (reader->in_pos == reader->in_len) {
			if (!reader->member_done)
				return lede__error(LEDE_EFORMAT, "truncated gzip stream");
			return 0;
		}
		if (reader->member_done) {
			/* Another gzip member follows the one that ended. */
			if (inflateReset(&reader->z) != Z_OK)
				return lede__error(LEDE_EFORMAT, "corrupt gzip stream");
			reader->member_done = 0;
		}
		if ((rc = window_reserve(reader, LEDE__READER_CHUNK)) != 0)
			return rc;
		reader->z.next_in = reader->in + reader->in_pos;
		reader->z.avail_in = (uInt)(reader->in_len - reader->in_pos);
		reader->z.next_out = reader->window + reader->window_len;
		reader->z.avail_out = LEDE__READER_CHUNK;
		rc = inflate(&reader->z, Z_NO_FLUSH);
		reader->in_pos = reader->in_len - reader->z.avail_in;
		{
			size_t produced = LEDE__READER_CHUNK - reader->z.avail_out;

			reader->window_len += produced;
			reader->decoded += produced;
			*out_added = produced;
		}
		if (rc == Z_STREAM_END) {
			reader->member_done = 1;
		} else if (rc != Z_OK && rc != Z_BUF_ERROR) {
			return lede__error(LEDE_EFORMAT, "corrupt gzip stream (%s)",
					   reader->z.msg ? reader->z.msg : "inflate failed");
		}
		if (reader->max_ratio && reader->decoded > (1u << 20) &&
		    reader->decoded / (reader->raw_read ? reader->raw_read : 1) > reader->max_ratio)
			return lede__error(LEDE_ETOOBIG, "gzip expands more than %llu times",
					   (unsigned long long)reader->max_ratio);
		if (*out_added)
			return 0;
	}
}

int lede__reader_peek(lede__reader *reader, const char **out, size_t *out_len, size_t want)
{
	int rc;

	while (reader->window_len - reader->window_pos < want) {
		size_t added;

		if ((rc = decode_more(reader, &added)) != 0)
			return rc;
		if (added == 0)
			break;
	}
	*out = reader->window ? (const char *)reader->window + reader->window_pos : "";
	*out_len = reader->window_len - reader->window_pos;
	return 0;
}

void lede__reader_consume(lede__reader *reader, size_t n)
{
	size_t available = reader->window_len - reader->window_pos;

	reader->window_pos += n < available ? n : available;
}

uint64_t lede__reader_offset(const lede__reader *reader)
{
	return reader->decoded - (reader->window_len - reader->window_pos);
}

int lede__reader_read_all(lede__reader *reader, lede__buf *out)
{
	int rc;

	for (;;) {
		size_t added, n = reader->window_len - reader->window_pos;

		if (n) {
			if ((rc = lede__buf_append(out, reader->window + reader->window_pos, n)) != 0)
				return rc;
			reader->window_pos = reader->window_len;
		}
		if ((rc = decode_more(reader, &added)) != 0)
			return rc;
		if (added == 0)
			return 0;
	}
}

int lede__reader_read_line(lede__reader *reader, lede__buf *line)
{
	int rc, too_long = 0, any = 0;

	lede__buf_reset(line);
	for (;;) {
		unsigned char *start = reader->window ? reader->window + reader->window_pos : NULL;
		size_t n = reader->window_len - reader->window_pos, added;
		unsigned char *newline = n ? memchr(start, '\n', n) : NULL;
		size_t take = newline ? (size_t)(newline - start) : n;

		if (n)
			any = 1;
		if (!too_long && take) {
			rc = lede__buf_append(line, start, take);
			if (rc == LEDE_ETOOBIG)
				too_long = 1;
			else if (rc)
				return rc;
		}
		if (newline) {
			reader->window_pos += take + 1;
			break;
		}
		reader->window_pos = reader->window_len;
		if ((rc = decode_more(reader, &added)) != 0)
			return rc;
		if (added == 0) {
			if (!any)
				return LEDE_ITEROVER;
			break;
		}
	}
	if (too_long)
		return lede__error(LEDE_ETOOBIG, "line longer than the limit of %zu bytes", line->max);
	if (line->len && line->data[line->len - 1] == '\r')
		line->data[--line->len] = '\0';
	return 0;
}
