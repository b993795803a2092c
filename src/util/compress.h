/*
 * compress.h: zstd for the raw pages the store keeps.
 */
#ifndef LEDE_UTIL_COMPRESS_H
#define LEDE_UTIL_COMPRESS_H

#include <stddef.h>

#include "util/buf.h"

/* Appends the zstd frame of data[0..len) to `out`. */
int lede__compress(lede__buf *out, const void *data, size_t len);

/* Appends the decompressed frame to `out` (bounded by out's cap). */
int lede__decompress(lede__buf *out, const void *frame, size_t len);

#endif
