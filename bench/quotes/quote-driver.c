/*
 * quote-driver: reads JSONL articles ({"id", "text", ...} per line) and
 * prints the quotations lede finds in each, one JSON object per line:
 *
 *   {"id": ..., "quotes": [{"text", "speaker", "via", "start", "end"}]}
 *
 * start and end are code point offsets (as Python str indexes) of the
 * quoted words in the article's text; the library works in bytes.
 *
 * "speaker" is the speaker as the article attributes the quotation: the
 * name (resolved to the full name when a surname or pronoun stands for it)
 * and, after a comma, what the attribution says about the speaker
 * ("Eric Fehrnstrom, a former senior adviser to Romney"), the way PolNeAR
 * annotates sources.
 *
 * Usage: quote-driver [--join-split] [--name-only] [--doubled-apostrophes] [--debug] [FILE]
 *   --join-split            print each split quotation ("X," he said. "Y.") as one
 *   --name-only             print only the name as "speaker"
 *   --doubled-apostrophes   also read ''...'' as quotation marks
 *   --debug                 add "kind" (speaker kind), "flags" and "mention" to each quote
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "text/entities.h"
#include "text/quotes.h"
#include "util/buf.h"

enum { MAX_LINE = 64 << 20 };

/*
 * Code points in s[0..offset): bytes that do not continue a UTF-8 sequence.
 * The cursor (byte offset and its count) makes increasing offsets cheap.
 */
typedef struct cursor {
	size_t at, points;
} cursor;

static size_t code_points(cursor *c, const char *s, size_t offset)
{
	if (offset < c->at) {
		c->at = 0;
		c->points = 0;
	}
	for (; c->at < offset; c->at++)
		if (((unsigned char)s[c->at] & 0xC0) != 0x80)
			c->points++;
	return c->points;
}

static json_t *string_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static int process(json_t *article, int join_split, int debug, int name_only, const lede__quote_options *options)
{
	const char *text = json_string_value(json_object_get(article, "text"));
	size_t len = json_string_length(json_object_get(article, "text"));
	json_t *out = json_object(), *list = json_array();
	lede__arena arena;
	lede__quotes quotes;
	lede__buf joined, speaker;
	cursor starts = {0, 0}, ends = {0, 0};
	size_t i;
	int rc = 0;

	lede__arena_init(&arena);
	lede__buf_init(&joined, MAX_LINE);
	lede__buf_init(&speaker, 4096);
	json_object_set(out, "id", json_object_get(article, "id"));
	json_object_set_new(out, "quotes", list);
	if (text && (rc = lede__quotes_find(&quotes, &arena, text, len, NULL, options)) == 0) {
		for (i = 0; i < quotes.count; i++) {
			const lede__quote *q = &quotes.items[i];
			uint32_t end = q->end;
			json_t *item;

			if (join_split && q->group != i)
				continue;
			lede__buf_reset(&joined);
			lede__buf_append_str(&joined, q->text);
			if (join_split)
				for (size_t k = i + 1; k < quotes.count; k++)
					if (quotes.items[k].group == i) {
						lede__buf_append_byte(&joined, ' ');
						lede__buf_append_str(&joined, quotes.items[k].text);
						end = quotes.items[k].end;
					}
			item = json_object();
			json_object_set_new(item, "text", json_string(lede__buf_str(&joined)));
			if (q->speaker && q->speaker_role && !name_only) {
				/* The speaker as the article attributes the quote: name and description. */
				lede__buf_reset(&speaker);
				lede__buf_append_str(&speaker, q->speaker);
				lede__buf_append_str(&speaker, ", ");
				lede__buf_append_str(&speaker, q->speaker_role);
				json_object_set_new(item, "speaker", json_string(lede__buf_str(&speaker)));
			} else {
				json_object_set_new(item, "speaker", string_or_null(q->speaker));
			}
			json_object_set_new(item, "via", string_or_null(q->via));
			json_object_set_new(item, "start", json_integer((json_int_t)code_points(&starts, text, q->start)));
			json_object_set_new(item, "end", json_integer((json_int_t)code_points(&ends, text, end)));
			if (debug) {
				json_object_set_new(item, "kind", json_integer(q->speaker_kind));
				json_object_set_new(item, "flags", json_integer(q->flags));
				json_object_set_new(item, "mention", string_or_null(q->speaker_mention));
			}
			json_array_append_new(list, item);
		}
	}
	json_dumpf(out, stdout, JSON_COMPACT);
	putchar('\n');
	json_decref(out);
	lede__buf_free(&joined);
	lede__buf_free(&speaker);
	lede__arena_free(&arena);
	return rc;
}

int main(int argc, char **argv)
{
	lede__quote_options options;
	const char *path = NULL;
	int join_split = 0, debug = 0, name_only = 0, failures = 0, i;
	FILE *in = stdin;
	lede__buf line;
	char chunk[65536];

	lede__quote_options_default(&options);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--join-split") == 0)
			join_split = 1;
		else if (strcmp(argv[i], "--name-only") == 0)
			name_only = 1;
		else if (strcmp(argv[i], "--debug") == 0)
			debug = 1;
		else if (strcmp(argv[i], "--doubled-apostrophes") == 0)
			options.doubled_apostrophes = 1;
		else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "usage: quote-driver [--join-split] [--name-only] [--doubled-apostrophes] [--debug] [FILE]\n");
			return 2;
		} else
			path = argv[i];
	}
	if (path && !(in = fopen(path, "rb"))) {
		perror(path);
		return 1;
	}
	lede__buf_init(&line, MAX_LINE);
	while (fgets(chunk, sizeof(chunk), in)) {
		size_t n = strlen(chunk);
		json_error_t error;
		json_t *article;

		if (lede__buf_append(&line, chunk, n) != 0) {
			fprintf(stderr, "quote-driver: line too long\n");
			return 1;
		}
		if (n == 0 || chunk[n - 1] != '\n')
			continue;
		article = json_loadb(lede__buf_str(&line), line.len, 0, &error);
		lede__buf_reset(&line);
		if (!article) {
			fprintf(stderr, "quote-driver: bad JSON: %s\n", error.text);
			failures++;
			continue;
		}
		if (process(article, join_split, debug, name_only, &options) != 0)
			failures++;
		json_decref(article);
	}
	lede__buf_free(&line);
	if (in != stdin)
		fclose(in);
	return failures ? 1 : 0;
}
