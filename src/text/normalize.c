#include "normalize.h"

#include <utf8proc.h>

#include "util/hash.h"
#include "util/utf8.h"

static int is_word_char(utf8proc_int32_t cp)
{
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return 1;
	default:
		return 0;
	}
}

static int is_ascii_word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
}

int lede__text_normalize(lede__buf *out, const char *text, size_t len)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t i = 0;
	int separator = 0, any = 0, rc;

	while (i < len) {
		utf8proc_int32_t mapped[8];
		utf8proc_ssize_t count, k;
		uint32_t cp;
		size_t n;
		int boundclass = 0;

		if (p[i] < 0x80) {
			size_t start = i, j;

			if (!is_ascii_word_byte(p[i])) {
				separator = 1;
				i++;
				continue;
			}
			/* A run of ASCII letters and digits goes in lower case at once. */
			while (i < len && is_ascii_word_byte(p[i]))
				i++;
			if (separator && any && (rc = lede__buf_append_byte(out, ' ')) != 0)
				return rc;
			separator = 0;
			any = 1;
			if ((rc = lede__buf_reserve(out, i - start)) != 0)
				return rc;
			for (j = start; j < i; j++)
				out->data[out->len++] = (char)(p[j] | (p[j] >= 'A' && p[j] <= 'Z' ? 0x20 : 0));
			out->data[out->len] = '\0';
			continue;
		}
		n = lede__utf8_decode(p + i, len - i, &cp);
		if (n == 0) {
			separator = 1;
			i++;
			continue;
		}
		i += n;
		count = utf8proc_decompose_char((utf8proc_int32_t)cp, mapped, 8,
						UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
							UTF8PROC_STRIPMARK,
						&boundclass);
		if (count < 0 || count > 8) {
			separator = 1;
			continue;
		}
		for (k = 0; k < count; k++) {
			if (!is_word_char(mapped[k])) {
				separator = 1;
				continue;
			}
			if (separator && any && (rc = lede__buf_append_byte(out, ' ')) != 0)
				return rc;
			separator = 0;
			any = 1;
			if ((rc = lede__utf8_append(out, (uint32_t)mapped[k])) != 0)
				return rc;
		}
	}
	return 0;
}

int lede__text_content_hash(uint64_t *out, const char *text, size_t len)
{
	lede__buf normalized;
	int rc;

	lede__buf_init(&normalized, len * 4 + 64);
	rc = lede__text_normalize(&normalized, text, len);
	if (rc == 0)
		*out = lede__hash64(lede__buf_str(&normalized), normalized.len);
	lede__buf_free(&normalized);
	return rc;
}
