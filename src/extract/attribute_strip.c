#include "attribute_strip.h"

#include <string.h>
#include <strings.h>

/* libxml2 keeps at most this many characters of a name (HTML_PARSER_BUFFER_SIZE). */
enum { MAX_NAME = 100 };

/* What the scanner met: go on, or stop rewriting and copy the rest. */
enum { SCAN_OK = 0, SCAN_STOP = 1 };

/*
 * Kept: the attributes dom.c and metadata.c read (dom.c's attribute_names),
 * charset, and href on <link> (is_kept).
 */

typedef struct scanner {
	lede__buf *out;
	const char *html;
	size_t len;
	size_t copied; /* html[0, copied) is in out */
} scanner;

static int is_letter(unsigned char c)
{
	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

/* htmlParseHTMLName's characters. */
static int is_name_char(unsigned char c)
{
	return is_letter(c) || (c >= '0' && c <= '9') || c == ':' || c == '-' || c == '_' || c == '.';
}

/* A character htmlParseHTMLName may start with. */
static int is_name_start(unsigned char c)
{
	return is_letter(c) || c == '_' || c == ':' || c == '.';
}

/* libxml2's IS_BLANK_CH. */
static int is_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static size_t skip_blanks(const char *s, size_t i, size_t len)
{
	while (i < len && is_blank((unsigned char)s[i]))
		i++;
	return i;
}

/* Length of the name at s[i] as libxml2 reads it (at most MAX_NAME). */
static size_t name_length(const char *s, size_t i, size_t len)
{
	size_t n = 0;

	while (i + n < len && n < MAX_NAME && is_name_char((unsigned char)s[i + n]))
		n++;
	return n;
}

static int name_is(const char *name, size_t n, const char *word)
{
	return strlen(word) == n && strncasecmp(name, word, n) == 0;
}

static int is_kept(const char *name, size_t n, int on_link)
{
	char lower[12];
	size_t k;

	if (n < 2 || n > 11)
		return 0;
	for (k = 0; k < n; k++)
		lower[k] = (char)(name[k] | (name[k] >= 'A' && name[k] <= 'Z' ? 0x20 : 0));
	switch (n) {
	case 2:
		return memcmp(lower, "id", 2) == 0;
	case 3:
		return memcmp(lower, "rel", 3) == 0;
	case 4:
		return memcmp(lower, "role", 4) == 0 || memcmp(lower, "name", 4) == 0 ||
		       memcmp(lower, "type", 4) == 0 || memcmp(lower, "lang", 4) == 0 ||
		       (on_link && memcmp(lower, "href", 4) == 0);
	case 5:
		return memcmp(lower, "class", 5) == 0 || memcmp(lower, "style", 5) == 0;
	case 6:
		return memcmp(lower, "hidden", 6) == 0;
	case 7:
		return memcmp(lower, "content", 7) == 0 || memcmp(lower, "charset", 7) == 0;
	case 8:
		return memcmp(lower, "itemprop", 8) == 0 || memcmp(lower, "property", 8) == 0 ||
		       memcmp(lower, "datetime", 8) == 0;
	case 10:
		return memcmp(lower, "http-equiv", 10) == 0;
	case 11:
		return memcmp(lower, "aria-hidden", 11) == 0;
	default:
		return 0;
	}
}

/* 1 when the element is <link> as dom.c names it (what follows a prefix: <x:link>). */
static int is_link(const char *name, size_t n)
{
	const char *colon = memchr(name, ':', n);

	if (name[0] != ':' && colon && (size_t)(colon - name) + 1 < n) {
		n -= (size_t)(colon - name) + 1;
		name = colon + 1;
	}
	return name_is(name, n, "link");
}

/* Drops html[from, to): what comes before goes out first. */
static int drop(scanner *sc, size_t from, size_t to)
{
	int rc = lede__buf_append(sc->out, sc->html + sc->copied, from - sc->copied);

	sc->copied = to;
	return rc;
}

/* start_tag's reading: the dropped attributes are written as they are found. */
static int start_tag_drop(scanner *sc, size_t at, size_t *end, int *raw)
{
	const char *s = sc->html;
	size_t len = sc->len, i = at + 1, n = name_length(s, i, len);
	int on_link = is_link(s + i, n), rc;
	int raw_element = name_is(s + i, n, "script") || name_is(s + i, n, "style");

	i = skip_blanks(s, i + n, len);
	for (;;) {
		unsigned char c;

		if (i >= len)
			return SCAN_STOP;
		c = (unsigned char)s[i];
		if (c == '>') {
			*end = i + 1;
			*raw = raw_element;
			return SCAN_OK;
		}
		if (c == '/' && i + 1 < len && s[i + 1] == '>') {
			*end = i + 2;
			*raw = 0;
			return SCAN_OK;
		}
		if (c < 0x20 && !is_blank(c))
			return SCAN_STOP;
		if (is_name_start(c)) {
			size_t name = i, name_len = name_length(s, i, len), j;

			i += name_len;
			j = skip_blanks(s, i, len);
			if (j < len && s[j] == '=') {
				j = skip_blanks(s, j + 1, len);
				if (j >= len)
					return SCAN_STOP;
				if (s[j] == '"' || s[j] == '\'') {
					const char *close = memchr(s + j + 1, s[j], len - j - 1);

					if (!close)
						return SCAN_STOP;
					i = (size_t)(close - s) + 1;
				} else {
					while (j < len && !is_blank((unsigned char)s[j]) && s[j] != '>')
						j++;
					if (j >= len)
						return SCAN_STOP;
					i = j;
				}
			}
			/*
			 * Dropped, unless an '=' comes next: it would then give its
			 * value to an attribute before that had none.
			 */
			j = skip_blanks(s, i, len);
			if (!is_kept(s + name, name_len, on_link) && !(j < len && s[j] == '=') &&
			    (rc = drop(sc, name, i)) != 0)
				return rc;
		} else {
			/* Not an attribute: libxml2 passes over it up to a blank or the end of the tag. */
			while (i < len && !is_blank((unsigned char)s[i]) && s[i] != '>' &&
			       !(s[i] == '/' && i + 1 < len && s[i + 1] == '>')) {
				if ((unsigned char)s[i] < 0x20)
					return SCAN_STOP;
				i++;
			}
		}
		i = skip_blanks(s, i, len);
	}
}

/*
 * The start tag at html[at] ('<' and a letter), read as htmlParseStartTag
 * does, its unread attributes dropped: its end in *end and whether script
 * or style content follows.  Returns SCAN_OK, SCAN_STOP (not read with
 * certainty; what was dropped of it is taken back) or the buffer's error.
 */
static int start_tag(scanner *sc, size_t at, size_t *end, int *raw)
{
	size_t out_len = sc->out->len, copied = sc->copied;
	int rc = start_tag_drop(sc, at, end, raw);

	if (rc == SCAN_STOP) {
		sc->out->len = out_len;
		if (sc->out->data)
			sc->out->data[out_len] = '\0';
		sc->copied = copied;
	}
	return rc;
}

/*
 * Where the content of a script or style element that starts at `from`
 * ends: at its closing tag, which htmlParseScript finds as "</" and the
 * name in any case.  SCAN_STOP when libxml2 could read it otherwise.
 */
static int raw_text_end(const scanner *sc, const char *name, size_t from, size_t *end)
{
	const char *s = sc->html;
	size_t len = sc->len, n = strlen(name), i = from;

	/*
	 * libxml2's content loop looks for an end tag, and for a start tag that
	 * closes the element, before it reads the content as text.
	 */
	if (i < len && s[i] == '<')
		return SCAN_STOP;
	for (;;) {
		const char *lt = memchr(s + i, '<', len - i);

		if (!lt) {
			*end = len;
			return SCAN_OK;
		}
		i = (size_t)(lt - s);
		if (i + 2 + n <= len && s[i + 1] == '/' && strncasecmp(s + i + 2, name, n) == 0) {
			/* "</scriptx>" would not end it, and what follows is not simple to follow. */
			if (i + 2 + n < len && is_name_char((unsigned char)s[i + 2 + n]))
				return SCAN_STOP;
			*end = i;
			return SCAN_OK;
		}
		i++;
	}
}

/* XML's PubidChar. */
static int is_pubid_char(unsigned char c)
{
	return is_letter(c) || (c >= '0' && c <= '9') || c == ' ' || c == '\r' || c == '\n' ||
	       (c && strchr("-'()+,./:=?;!*#@$_%", c) != NULL);
}

/* A DOCTYPE that htmlParseDocTypeDecl reads whole: name, then PUBLIC or SYSTEM literals. */
static int doctype(const scanner *sc, size_t at, size_t *end)
{
	const char *s = sc->html;
	size_t len = sc->len, i = skip_blanks(s, at + 9, len), literals = 0, k;
	int public_id = 0;

	if (i >= len || !(is_letter((unsigned char)s[i]) || s[i] == '_' || s[i] == ':'))
		return SCAN_STOP;
	while (i < len && is_name_char((unsigned char)s[i]))
		i++;
	i = skip_blanks(s, i, len);
	if (i + 6 <= len && (strncasecmp(s + i, "PUBLIC", 6) == 0 || strncasecmp(s + i, "SYSTEM", 6) == 0)) {
		public_id = (s[i] | 0x20) == 'p';
		i = skip_blanks(s, i + 6, len);
		for (k = 0; k < 2 && i < len && (s[i] == '"' || s[i] == '\''); k++) {
			const char *close = memchr(s + i + 1, s[i], len - i - 1);
			size_t j;

			if (!close)
				return SCAN_STOP;
			/* libxml2 stops a public id at a character other than PubidChar. */
			for (j = i + 1; s + j < close; j++) {
				unsigned char c = (unsigned char)s[j];

				if (c == '<' || c == '>' || c < 0x20 || c >= 0x7F ||
				    (public_id && k == 0 && !is_pubid_char(c)))
					return SCAN_STOP;
			}
			i = skip_blanks(s, (size_t)(close - s) + 1, len);
			literals++;
		}
		if (literals == 0 || (!public_id && literals > 1))
			return SCAN_STOP;
	}
	if (i >= len || s[i] != '>')
		return SCAN_STOP;
	*end = i + 1;
	return SCAN_OK;
}

/*
 * One step at the '<' at html[at]: *next is where reading goes on.
 * Returns SCAN_OK, SCAN_STOP or the buffer's error.
 */
static int markup(scanner *sc, size_t at, size_t *next)
{
	const char *s = sc->html;
	size_t len = sc->len, end;
	unsigned char c = at + 1 < len ? (unsigned char)s[at + 1] : 0;
	int raw = 0, rc;

	if (is_letter(c)) {
		if ((rc = start_tag(sc, at, &end, &raw)) != SCAN_OK)
			return rc;
		if (raw) {
			const char *name = (s[at + 2] | 0x20) == 'c' ? "script" : "style";

			return raw_text_end(sc, name, end, next);
		}
		*next = end;
		return SCAN_OK;
	}
	if (c == '/') {
		const char *gt;

		if (at + 2 >= len || !is_name_start((unsigned char)s[at + 2])) {
			*next = at + 2; /* htmlParseEndTag read "</" and no name: the rest is text */
			return SCAN_OK;
		}
		/* An end tag: libxml2 passes over everything up to its first '>'. */
		gt = memchr(s + at + 2, '>', len - at - 2);
		*next = gt ? (size_t)(gt - s) + 1 : len;
		return SCAN_OK;
	}
	if (c == '!') {
		if (at + 9 <= len && strncasecmp(s + at + 2, "DOCTYPE", 7) == 0) {
			if ((rc = doctype(sc, at, &end)) != SCAN_OK)
				return rc;
			*next = end;
			return SCAN_OK;
		}
		if (at + 4 <= len && s[at + 2] == '-' && s[at + 3] == '-')
			return SCAN_STOP; /* comments are gone (code_strip.c); this one is odd */
		*next = at + 1; /* "<!" of anything else is text */
		return SCAN_OK;
	}
	if (c == '?') {
		size_t i;

		if (!(is_letter(c = at + 2 < len ? (unsigned char)s[at + 2] : 0) || c == '_' || c == ':')) {
			if (c >= 0x80)
				return SCAN_STOP; /* a name may start with a non-ASCII letter */
			*next = at + 2; /* no target: "<?" is dropped, the rest is text */
			return SCAN_OK;
		}
		/* A processing instruction ends at its first '>' (what it holds is plain ASCII here). */
		for (i = at + 2; i < len && s[i] != '>'; i++)
			if (((unsigned char)s[i] < 0x20 && !is_blank((unsigned char)s[i])) ||
			    (unsigned char)s[i] >= 0x80)
				return SCAN_STOP;
		if (i >= len)
			return SCAN_STOP;
		*next = i + 1;
		return SCAN_OK;
	}
	*next = at + 1; /* '<' before anything else is text */
	return SCAN_OK;
}

int lede__strip_attributes(lede__buf *out, const char *html, size_t len)
{
	scanner sc;
	const char *nul = memchr(html, '\0', len);
	size_t i = 0;
	int rc = SCAN_OK;

	sc.out = out;
	sc.html = html;
	/* libxml2 reads no further than a NUL byte: nothing after one is rewritten. */
	sc.len = nul ? (size_t)(nul - html) : len;
	sc.copied = 0;
	while (i < sc.len && rc == SCAN_OK) {
		const char *lt = memchr(html + i, '<', sc.len - i);

		if (!lt)
			break;
		rc = markup(&sc, (size_t)(lt - html), &i);
	}
	if (rc < 0)
		return rc;
	return lede__buf_append(out, html + sc.copied, len - sc.copied);
}
