/*
 * http.h: the HTTP/1.x response that a WARC response record holds.
 *
 * A crawler records a response as it came over the wire: status line, header
 * fields, an empty line, then the body with its transfer coding (chunked) and
 * content coding (gzip, deflate) still applied (RFC 9112, RFC 9110).
 * lede__http_parse splits the message; lede__http_body undoes both codings.
 * Some crawlers store the body decoded but keep the original header fields:
 * a body that does not look coded as its headers say is taken as it is.
 */
#ifndef LEDE_SOURCE_HTTP_H
#define LEDE_SOURCE_HTTP_H

#include <stddef.h>

#include "util/arena.h"
#include "util/buf.h"

typedef struct lede__http_response {
	int status;                    /* 200, 404, ... */
	const char *content_type;      /* the Content-Type value, NULL when absent */
	const char *content_encoding;  /* lowercased, NULL when absent */
	const char *transfer_encoding; /* lowercased, NULL when absent */
	const char *body;              /* the body as sent: points into the message */
	size_t body_len;
} lede__http_response;

/*
 * Splits message[0..len) (not NUL-terminated) into status, the header fields
 * lede reads and the body.  Strings come from `arena`.  LEDE_EFORMAT with a
 * reason when the status line is not "HTTP/x SSS ...".
 */
int lede__http_parse(lede__http_response *out, lede__arena *arena, const char *message,
		     size_t len);

/*
 * The media type of a Content-Type value (lowercased, without parameters)
 * into *out_media and its charset parameter (unquoted; NULL when there is none
 * or it is not a plausible name) into *out_charset.  Strings come from `arena`.
 */
int lede__http_media_type(const char **out_media, const char **out_charset, lede__arena *arena,
			  const char *value);

/*
 * Appends the body with its transfer and content codings undone to `out`,
 * bounded by out's cap (LEDE_ETOOBIG past it).  LEDE_EFORMAT for a coding
 * that lede does not decode (br, zstd, compress, ...) or a corrupt chunked or
 * compressed body.  A body cut short (a truncated capture) keeps what decodes.
 */
int lede__http_body(lede__buf *out, const lede__http_response *response);

#endif
