#include "charset.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "util/error.h"
#include "util/utf8.h"

enum { SNIFF_BYTES = 4096 };

static int is_name_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_' || c == ':' || c == '.';
}

/* Finds `charset=NAME` after a `<meta` in the first bytes; copies NAME into `name`. */
static int declared_charset(const char *page, size_t len, char *name, size_t size)
{
	size_t i, limit = len < SNIFF_BYTES ? len : SNIFF_BYTES;

	for (i = 0; i + 5 < limit; i++) {
		size_t end, j, n;

		if (page[i] != '<' || strncasecmp(page + i + 1, "meta", 4) != 0)
			continue;
		end = i + 5;
		while (end < limit && page[end] != '>')
			end++;
		for (j = i + 5; j + 8 <= end; j++) {
			if (strncasecmp(page + j, "charset", 7) != 0)
				continue;
			j += 7;
			while (j < end && (page[j] == ' ' || page[j] == '='))
				j++;
			while (j < end && (page[j] == '"' || page[j] == '\''))
				j++;
			for (n = 0; j + n < end && is_name_char((unsigned char)page[j + n]) && n + 1 < size; n++)
				name[n] = page[j + n];
			name[n] = '\0';
			if (n)
				return 1;
		}
	}
	return 0;
}

static int has_high_bytes(const char *s, size_t len)
{
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		uint64_t eight;

		memcpy(&eight, s + i, 8);
		if (eight & 0x8080808080808080u)
			return 1;
	}
	for (; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 1;
	return 0;
}

static int is_utf8_label(const char *name)
{
	return strcasecmp(name, "utf-8") == 0 || strcasecmp(name, "utf8") == 0;
}

/* Maps labels that browsers treat as aliases to the names iconv knows. */
static const char *iconv_name(const char *label)
{
	/* The WHATWG encoding standard reads Latin-1 and ASCII labels as windows-1252. */
	if (strcasecmp(label, "iso-8859-1") == 0 || strcasecmp(label, "latin1") == 0 ||
	    strcasecmp(label, "us-ascii") == 0 || strcasecmp(label, "ascii") == 0 ||
	    strcasecmp(label, "iso8859-1") == 0 || strcasecmp(label, "l1") == 0)
		return "WINDOWS-1252";
	if (strcasecmp(label, "x-sjis") == 0)
		return "SHIFT_JIS";
	if (strcasecmp(label, "gb2312") == 0)
		return "GB18030";
	return label;
}

static int convert(lede__buf *out, const char *page, size_t len, const char *from,
		   size_t *out_replaced)
{
	iconv_t cd = iconv_open("UTF-8", from);
	char *in = (char *)page;
	size_t in_left = len, replaced = 0;
	int rc = 0;

	if (cd == (iconv_t)-1)
		return lede__error(LEDE_EFORMAT, "unknown character encoding \"%s\"", from);
	while (in_left > 0) {
		char chunk[16384];
		char *dst = chunk;
		size_t dst_left = sizeof(chunk);
		size_t r = iconv(cd, &in, &in_left, &dst, &dst_left);

		if ((rc = lede__buf_append(out, chunk, sizeof(chunk) - dst_left)) != 0)
			break;
		if (r == (size_t)-1) {
			if (errno == E2BIG)
				continue;
			/* EILSEQ or EINVAL (truncated at the end): replace one byte and go on. */
			if ((rc = lede__buf_append(out, "\xEF\xBF\xBD", 3)) != 0)
				break;
			replaced++;
			in++;
			in_left--;
		}
	}
	iconv_close(cd);
	if (out_replaced)
		*out_replaced = replaced;
	return rc;
}

static int charset_to_utf8(lede__buf *out, const char **out_direct, const char *page, size_t len,
			   const char *transport, const char **out_charset, size_t *out_replaced)
{
	static _Thread_local char label[32];
	const unsigned char *p = (const unsigned char *)page;
	const char *used = "UTF-8";
	int rc;

	if (out_replaced)
		*out_replaced = 0;
	if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
		if (out_charset)
			*out_charset = used;
		*out_direct = page;
		return 0;
	} else if (len >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF))) {
		used = p[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
		if (out_charset)
			*out_charset = used;
		return convert(out, page + 2, len - 2, used, out_replaced);
	}
	if (!has_high_bytes(page, len) || lede__utf8_valid(page, len)) {
		if (out_charset)
			*out_charset = used;
		*out_direct = page;
		return 0;
	}
	if (transport && *transport && !is_utf8_label(transport)) {
		rc = convert(out, page, len, iconv_name(transport), out_replaced);
		if (rc != LEDE_EFORMAT) {
			if (out_charset)
				*out_charset = transport;
			return rc;
		}
		lede__buf_reset(out); /* a label iconv does not know: the page may say better */
	} else if (transport && *transport) {
		/* Declared UTF-8 but invalid: keep UTF-8 and repair the bad bytes. */
		if (out_charset)
			*out_charset = used;
		return lede__utf8_repair(out, page, len, out_replaced);
	}
	if (declared_charset(page, len, label, sizeof(label)) && !is_utf8_label(label)) {
		rc = convert(out, page, len, iconv_name(label), out_replaced);
		if (rc != LEDE_EFORMAT) {
			if (out_charset)
				*out_charset = label;
			return rc;
		}
		lede__buf_reset(out);
	} else if (declared_charset(page, len, label, sizeof(label))) {
		/* Declared UTF-8 but invalid: keep UTF-8 and repair the bad bytes. */
		if (out_charset)
			*out_charset = used;
		return lede__utf8_repair(out, page, len, out_replaced);
	}
	used = "WINDOWS-1252";
	if (out_charset)
		*out_charset = used;
	return convert(out, page, len, used, out_replaced);
}

int lede__charset_to_utf8(const char **out, size_t *out_len, lede__buf *scratch, const char *page,
			  size_t len, const char *transport, const char **out_charset,
			  size_t *out_replaced)
{
	const char *direct = NULL;
	const unsigned char *p = (const unsigned char *)page;
	int rc = charset_to_utf8(scratch, &direct, page, len, transport, out_charset,
				 out_replaced);

	if (rc)
		return rc;
	if (direct) {
		/* A UTF-8 byte order mark is not text. */
		if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
			*out = page + 3;
			*out_len = len - 3;
		} else {
			*out = page;
			*out_len = len;
		}
		return 0;
	}
	*out = lede__buf_str(scratch);
	*out_len = scratch->len;
	return 0;
}
