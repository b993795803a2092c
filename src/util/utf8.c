#include "utf8.h"

#include <string.h>

size_t lede__utf8_decode(const unsigned char *s, size_t len, uint32_t *out)
{
	uint32_t cp;
	size_t need, i;

	if (len == 0)
		return 0;
	if (s[0] < 0x80) {
		cp = s[0];
		need = 1;
	} else if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		cp = s[0] & 0x1F;
		need = 2;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		cp = s[0] & 0x0F;
		need = 3;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		cp = s[0] & 0x07;
		need = 4;
	} else {
		return 0;
	}
	if (len < need)
		return 0;
	for (i = 1; i < need; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((need == 3 && cp < 0x800) || (need == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	if (out)
		*out = cp;
	return need;
}

int lede__utf8_append(lede__buf *out, uint32_t cp)
{
	char bytes[4];
	size_t n;

	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		bytes[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		bytes[0] = (char)(0xC0 | (cp >> 6));
		bytes[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		bytes[0] = (char)(0xE0 | (cp >> 12));
		bytes[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		bytes[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		bytes[0] = (char)(0xF0 | (cp >> 18));
		bytes[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		bytes[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		bytes[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	return lede__buf_append(out, bytes, n);
}

int lede__utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		size_t n;
		uint64_t eight;

		/* Eight bytes at a time while they are ASCII and not NUL (the "has zero byte" test). */
		if (len - i >= 8) {
			memcpy(&eight, p + i, 8);
			if (!(eight & 0x8080808080808080u) &&
			    !((eight - 0x0101010101010101u) & ~eight & 0x8080808080808080u)) {
				i += 8;
				continue;
			}
		}
		if (p[i] >= 0x01 && p[i] < 0x80) {
			i++;
			continue;
		}
		n = p[i] ? lede__utf8_decode(p + i, len - i, NULL) : 0;
		if (n == 0)
			return 0;
		i += n;
	}
	return 1;
}

int lede__utf8_repair(lede__buf *out, const char *s, size_t len, size_t *out_replaced)
{
	static const char replacement[] = "\xEF\xBF\xBD";
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0, replaced = 0;
	int rc;

	while (i < len) {
		size_t n = p[i] >= 0x01 && p[i] < 0x80 ? 1 : p[i] ? lede__utf8_decode(p + i, len - i, NULL) : 0;

		if (n) {
			i += n;
			continue;
		}
		if ((rc = lede__buf_append(out, s + run, i - run)) != 0 ||
		    (rc = lede__buf_append(out, replacement, 3)) != 0)
			return rc;
		replaced++;
		i++;
		/* One replacement per maximal invalid run of continuation bytes. */
		while (i < len && (p[i] & 0xC0) == 0x80)
			i++;
		run = i;
	}
	rc = lede__buf_append(out, s + run, len - run);
	if (rc)
		return rc;
	if (out_replaced)
		*out_replaced = replaced;
	return 0;
}
