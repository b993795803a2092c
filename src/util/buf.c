#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "error.h"

void lede__buf_init(lede__buf *buf, size_t max)
{
	buf->data = NULL;
	buf->len = 0;
	buf->cap = 0;
	buf->max = max;
}

void lede__buf_free(lede__buf *buf)
{
	lede__dealloc(buf->data);
	buf->data = NULL;
	buf->len = 0;
	buf->cap = 0;
}

void lede__buf_reset(lede__buf *buf)
{
	buf->len = 0;
	if (buf->data)
		buf->data[0] = '\0';
}

int lede__buf_reserve(lede__buf *buf, size_t extra)
{
	size_t need, cap;
	char *grown;

	if (extra > buf->max || buf->len > buf->max - extra) {
		lede__buf_free(buf);
		return lede__error(LEDE_ETOOBIG, "text longer than the limit of %zu bytes", buf->max);
	}
	need = buf->len + extra + 1;
	if (need <= buf->cap)
		return 0;
	cap = buf->cap ? buf->cap : 64;
	while (cap < need)
		cap = cap > ((size_t)-1) / 2 ? need : cap * 2;
	grown = lede__realloc(buf->data, cap);
	if (!grown) {
		lede__buf_free(buf);
		return lede__error_nomem();
	}
	buf->data = grown;
	buf->cap = cap;
	return 0;
}

int lede__buf_append(lede__buf *buf, const void *data, size_t len)
{
	int rc = lede__buf_reserve(buf, len);

	if (rc)
		return rc;
	if (len)
		memcpy(buf->data + buf->len, data, len);
	buf->len += len;
	buf->data[buf->len] = '\0';
	return 0;
}

int lede__buf_append_str(lede__buf *buf, const char *s)
{
	return lede__buf_append(buf, s, strlen(s));
}

int lede__buf_append_byte(lede__buf *buf, char c)
{
	return lede__buf_append(buf, &c, 1);
}

int lede__buf_printf(lede__buf *buf, const char *format, ...)
{
	va_list args;
	int needed, rc;

	va_start(args, format);
	needed = vsnprintf(NULL, 0, format, args);
	va_end(args);
	if (needed < 0)
		return lede__error(LEDE_EINVAL, "bad format string");
	rc = lede__buf_reserve(buf, (size_t)needed);
	if (rc)
		return rc;
	va_start(args, format);
	vsnprintf(buf->data + buf->len, (size_t)needed + 1, format, args);
	va_end(args);
	buf->len += (size_t)needed;
	return 0;
}

char *lede__buf_detach(lede__buf *buf)
{
	char *data = buf->data;

	if (!data)
		data = lede__strdup("");
	buf->data = NULL;
	buf->len = 0;
	buf->cap = 0;
	return data;
}

const char *lede__buf_str(const lede__buf *buf)
{
	return buf->data ? buf->data : "";
}
