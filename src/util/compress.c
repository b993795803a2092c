#include "compress.h"

#include <zstd.h>

#include "util/error.h"

enum { LEVEL = 3 };

int lede__compress(lede__buf *out, const void *data, size_t len)
{
	size_t bound = ZSTD_compressBound(len), written;
	int rc;

	if ((rc = lede__buf_reserve(out, bound)) != 0)
		return rc;
	written = ZSTD_compress(out->data + out->len, bound, data, len, LEVEL);
	if (ZSTD_isError(written))
		return lede__error(LEDE_ERROR, "zstd: %s", ZSTD_getErrorName(written));
	out->len += written;
	out->data[out->len] = '\0';
	return 0;
}

int lede__decompress(lede__buf *out, const void *frame, size_t len)
{
	unsigned long long size = ZSTD_getFrameContentSize(frame, len);
	size_t written;
	int rc;

	if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN)
		return lede__error(LEDE_EFORMAT, "stored page is not a zstd frame");
	if (size > out->max)
		return lede__error(LEDE_ETOOBIG, "stored page larger than %zu bytes", out->max);
	if ((rc = lede__buf_reserve(out, (size_t)size)) != 0)
		return rc;
	written = ZSTD_decompress(out->data + out->len, (size_t)size, frame, len);
	if (ZSTD_isError(written))
		return lede__error(LEDE_EFORMAT, "zstd: %s", ZSTD_getErrorName(written));
	out->len += written;
	out->data[out->len] = '\0';
	return 0;
}
