/*
 * charset.h: finding a page's character encoding and converting it to UTF-8.
 */
#ifndef LEDE_EXTRACT_CHARSET_H
#define LEDE_EXTRACT_CHARSET_H

#include <stddef.h>

#include "util/buf.h"

/*
 * The page in UTF-8: *out and *out_len point either into `page` itself (when
 * it is UTF-8 already: no copy) or into `scratch`, which receives the
 * conversion.  The encoding is chosen in this
 * order: a byte order mark; bytes that are valid UTF-8 (a legacy label on
 * valid multi-byte UTF-8 is a mislabel: Latin-1 text almost never forms
 * valid UTF-8 sequences); `transport`, the charset that the transport
 * declares (HTTP Content-Type; NULL when none, passed over when iconv does
 * not know it); `<meta charset>` or the http-equiv Content-Type in
 * the first 4 KiB; windows-1252.  Bytes that do not convert become U+FFFD;
 * *out_replaced (may be NULL) counts them.  *out_charset (may be NULL) gets
 * the name of the encoding used (static storage, a 32-byte thread buffer, or
 * `transport`).
 */
int lede__charset_to_utf8(const char **out, size_t *out_len, lede__buf *scratch, const char *page,
			  size_t len, const char *transport, const char **out_charset,
			  size_t *out_replaced);

#endif
