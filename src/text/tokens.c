#include "tokens.h"

#include <libstemmer.h>
#include <string.h>
#include <utf8proc.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/utf8.h"

enum { MAX_TOKEN_BYTES = 256 };

typedef enum char_class { CLASS_OTHER, CLASS_LETTER, CLASS_DIGIT, CLASS_APOSTROPHE, CLASS_JOINER } char_class;

static char_class classify(uint32_t cp, int *upper)
{
	*upper = 0;
	if (cp < 0x80) {
		if (cp >= 'a' && cp <= 'z')
			return CLASS_LETTER;
		if (cp >= 'A' && cp <= 'Z') {
			*upper = 1;
			return CLASS_LETTER;
		}
		if (cp >= '0' && cp <= '9')
			return CLASS_DIGIT;
		if (cp == '\'')
			return CLASS_APOSTROPHE;
		if (cp == '.' || cp == ',')
			return CLASS_JOINER;
		return CLASS_OTHER;
	}
	if (cp == 0x2019 || cp == 0x02BC)
		return CLASS_APOSTROPHE;
	switch (utf8proc_category((utf8proc_int32_t)cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LT:
		*upper = 1;
		return CLASS_LETTER;
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
		return CLASS_LETTER;
	case UTF8PROC_CATEGORY_ND:
		return CLASS_DIGIT;
	default:
		return CLASS_OTHER;
	}
}

/* Decodes the code point at text[i]; invalid bytes decode as a separator. */
static size_t next_cp(const unsigned char *p, size_t len, size_t i, uint32_t *cp)
{
	size_t n;

	if (p[i] < 0x80) {
		*cp = p[i];
		return 1;
	}
	n = lede__utf8_decode(p + i, len - i, cp);
	if (n == 0) {
		*cp = ' ';
		return 1;
	}
	return n;
}

/* Appends the folded form of text[start..end) to `out`. */
static int fold(lede__buf *out, const unsigned char *p, size_t start, size_t end)
{
	size_t i = start;
	int rc;

	while (i < end) {
		uint32_t cp;
		size_t n = next_cp(p, end, i, &cp);
		utf8proc_int32_t mapped[8];
		utf8proc_ssize_t count, k;
		int boundclass = 0;

		i += n;
		if (cp < 0x80) {
			char c = (char)cp;

			if (c >= 'A' && c <= 'Z')
				c = (char)(c | 0x20);
			if ((rc = lede__buf_append_byte(out, c)) != 0)
				return rc;
			continue;
		}
		if (cp == 0x2019 || cp == 0x02BC) {
			if ((rc = lede__buf_append_byte(out, '\'')) != 0)
				return rc;
			continue;
		}
		count = utf8proc_decompose_char((utf8proc_int32_t)cp, mapped, 8,
						UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT |
							UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK,
						&boundclass);
		for (k = 0; k >= 0 && k < count && count <= 8; k++)
			if ((rc = lede__utf8_append(out, (uint32_t)mapped[k])) != 0)
				return rc;
	}
	return 0;
}

int lede__tokenize(lede__tokens *out, lede__arena *arena, const char *text, size_t len,
		   size_t max_tokens)
{
	const unsigned char *p = (const unsigned char *)text;
	lede__token *items = NULL;
	size_t count = 0, cap = 0, i = 0;
	lede__buf folded;
	int rc = 0;

	out->items = NULL;
	out->count = 0;
	lede__buf_init(&folded, MAX_TOKEN_BYTES * 4);
	while (i < len && (max_tokens == 0 || count < max_tokens)) {
		uint32_t cp;
		size_t n = next_cp(p, len, i, &cp), start, end;
		int upper, first_upper, letters = 0, uppers = 0, digits = 0;
		char_class c = classify(cp, &upper);
		lede__token *t;

		if (c != CLASS_LETTER && c != CLASS_DIGIT) {
			i += n;
			continue;
		}
		start = i;
		first_upper = upper;
		end = i;
		for (;;) {
			if (c == CLASS_LETTER) {
				letters++;
				uppers += upper;
			} else {
				digits++;
			}
			end = i + n;
			i = end;
			if (i >= len)
				break;
			n = next_cp(p, len, i, &cp);
			c = classify(cp, &upper);
			if (c == CLASS_LETTER || c == CLASS_DIGIT)
				continue;
			if (c == CLASS_APOSTROPHE || c == CLASS_JOINER) {
				/* Inner apostrophe between letters; , or . between digits. */
				uint32_t after;
				int after_upper;
				size_t m;
				char_class next;

				if (i + n >= len)
					break;
				m = next_cp(p, len, i + n, &after);
				(void)m;
				next = classify(after, &after_upper);
				if ((c == CLASS_APOSTROPHE && next == CLASS_LETTER && letters) ||
				    (c == CLASS_JOINER && next == CLASS_DIGIT && digits && !letters)) {
					i += n;
					n = m;
					cp = after;
					c = next;
					upper = after_upper;
					continue;
				}
			}
			break;
		}
		if (end - start > MAX_TOKEN_BYTES)
			continue;
		if (count == cap) {
			size_t grown_cap = cap ? cap * 2 : 256;
			lede__token *grown = lede__arena_alloc(arena, grown_cap * sizeof(*grown));

			if (!grown) {
				rc = lede__error_nomem();
				goto cleanup;
			}
			if (count)
				memcpy(grown, items, count * sizeof(*items));
			items = grown;
			cap = grown_cap;
		}
		lede__buf_reset(&folded);
		if ((rc = fold(&folded, p, start, end)) != 0)
			goto cleanup;
		t = &items[count++];
		t->start = (uint32_t)start;
		t->end = (uint32_t)end;
		t->norm = lede__arena_strndup(arena, lede__buf_str(&folded), folded.len);
		if (!t->norm) {
			rc = lede__error_nomem();
			goto cleanup;
		}
		t->norm_len = (uint32_t)folded.len;
		t->kind = letters ? LEDE__TOKEN_WORD : LEDE__TOKEN_NUMBER;
		if (letters && digits)
			t->kind = LEDE__TOKEN_NUMBER;
		t->flags = (uint8_t)((first_upper ? LEDE__TOKEN_CAPITALIZED : 0) |
				     (letters >= 2 && uppers == letters ? LEDE__TOKEN_ALL_CAPS : 0) |
				     (letters ? LEDE__TOKEN_HAS_LETTER : 0));
	}
	out->items = items;
	out->count = count;
cleanup:
	lede__buf_free(&folded);
	return rc;
}

struct lede__stemmer {
	struct sb_stemmer *snowball;
};

int lede__stemmer_new(lede__stemmer **out)
{
	lede__stemmer *stemmer = lede__calloc(1, sizeof(*stemmer));

	*out = NULL;
	if (!stemmer)
		return lede__error_nomem();
	stemmer->snowball = sb_stemmer_new("english", "UTF_8");
	if (!stemmer->snowball) {
		lede__dealloc(stemmer);
		return lede__error_nomem();
	}
	*out = stemmer;
	return 0;
}

void lede__stemmer_free(lede__stemmer *stemmer)
{
	if (!stemmer)
		return;
	sb_stemmer_delete(stemmer->snowball);
	lede__dealloc(stemmer);
}

const char *lede__stem(lede__stemmer *stemmer, const char *norm, size_t len, size_t *out_len)
{
	const sb_symbol *stem = sb_stemmer_stem(stemmer->snowball, (const sb_symbol *)norm, (int)len);

	if (!stem) {
		*out_len = len;
		return norm;
	}
	*out_len = (size_t)sb_stemmer_length(stemmer->snowball);
	return (const char *)stem;
}
