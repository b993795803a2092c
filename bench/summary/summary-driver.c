/*
 * summary-driver: reads Multi-News style clusters, one JSON object per line
 * ({"cluster": ..., "documents": [text, ...]}), and prints one summary per
 * cluster, one JSON object per line:
 *
 *   {"cluster": ..., "sentences": [{"text", "document", "position", "support": [...]}]}
 *
 * Usage: summary-driver [--words N] [--baseline first3|lead] [--set NAME=VALUE]... [--debug] [--time N] [FILE]
 *   --words N            the word budget (default 300)
 *   --baseline first3    instead of lede's summary: the first three sentences of each
 *                        document, documents in order (cut to the budget by the scorer)
 *   --baseline lead      sentence 1 of every document, then sentence 2 of every
 *                        document, ..., while the budget allows
 *   --set NAME=VALUE     a lede__summary_options field (for tuning experiments)
 *   --debug              add "carriers": each supporting article's sentence and its overlap
 *   --time N             summarize each cluster N times and print the mean CPU and wall time
 *                        per story on stderr
 * Baselines use lede's sentence splitter and no junk filter.
 */
#include <jansson.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>

#include "story/summary.h"
#include "text/sentences.h"
#include "util/buf.h"

enum { MAX_LINE = 256 << 20, MAX_DOCUMENTS = 4096 };

typedef enum mode { MODE_LEDE, MODE_FIRST3, MODE_LEAD } mode;

static json_t *sentence_json(const char *text, size_t len, size_t document, size_t position)
{
	json_t *item = json_object();

	json_object_set_new(item, "text", json_stringn(text, len));
	json_object_set_new(item, "document", json_integer((json_int_t)document));
	json_object_set_new(item, "position", json_integer((json_int_t)position));
	return item;
}

static size_t words_in(const char *s, size_t len)
{
	size_t i, words = 0;
	int in = 0;

	for (i = 0; i < len; i++) {
		int space = s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r';

		if (!space && !in)
			words++;
		in = !space;
	}
	return words;
}

/* The lead baselines: `per_document` sentences of each document in turn (0: round-robin to the budget). */
static int baseline(json_t *list, const lede__summary_document *docs, size_t count, mode m, size_t budget)
{
	lede__arena arena;
	lede__sentences *split = calloc(count ? count : 1, sizeof(*split));
	size_t d, round, words = 0;
	int rc = 0;

	if (!split)
		return -1;
	lede__arena_init(&arena);
	for (d = 0; d < count && rc == 0; d++)
		rc = lede__sentences_split(&split[d], &arena, docs[d].text, docs[d].text_len);
	if (m == MODE_FIRST3) {
		for (d = 0; d < count && rc == 0; d++)
			for (round = 0; round < 3 && round < split[d].count; round++) {
				const lede__sentence *s = &split[d].items[round];

				json_array_append_new(list, sentence_json(docs[d].text + s->start, s->end - s->start, d, round));
			}
	} else {
		int added = 1;

		for (round = 0; added && words < budget && rc == 0; round++) {
			added = 0;
			for (d = 0; d < count && words < budget; d++) {
				const lede__sentence *s;

				if (round >= split[d].count)
					continue;
				s = &split[d].items[round];
				json_array_append_new(list, sentence_json(docs[d].text + s->start, s->end - s->start, d, round));
				words += words_in(docs[d].text + s->start, s->end - s->start);
				added = 1;
			}
		}
	}
	lede__arena_free(&arena);
	free(split);
	return rc;
}

static double wall_spent, cpu_spent, stories_timed;

static double now(clockid_t clock)
{
	struct timespec t;

	clock_gettime(clock, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int summarize(json_t *list, const lede__summary_document *docs, size_t count,
		     const lede__summary_options *options, int debug, long repeat)
{
	lede__arena arena;
	lede__summary summary;
	size_t i, k;
	double wall, cpu;
	long r;
	int rc = 0;

	lede__arena_init(&arena);
	wall = now(CLOCK_MONOTONIC);
	cpu = now(CLOCK_PROCESS_CPUTIME_ID);
	for (r = 0; r < repeat && rc == 0; r++) {
		lede__arena_free(&arena);
		rc = lede__summarize(&summary, &arena, docs, count, options);
	}
	wall_spent += now(CLOCK_MONOTONIC) - wall;
	cpu_spent += now(CLOCK_PROCESS_CPUTIME_ID) - cpu;
	stories_timed += (double)repeat;
	for (i = 0; rc == 0 && i < summary.count; i++) {
		const lede__summary_sentence *s = &summary.items[i];
		json_t *item = sentence_json(s->text, strlen(s->text), s->document, s->position);
		json_t *support = json_array();

		for (k = 0; k < s->support_count; k++)
			json_array_append_new(support, json_integer((json_int_t)s->support[k].document));
		json_object_set_new(item, "support", support);
		if (debug) {
			json_t *carriers = json_array();

			for (k = 0; k < s->support_count; k++) {
				const lede__summary_support *c = &s->support[k];
				json_t *carrier = json_object();

				json_object_set_new(carrier, "document", json_integer((json_int_t)c->document));
				json_object_set_new(carrier, "overlap", json_real(c->overlap));
				json_object_set_new(carrier, "text", json_stringn(docs[c->document].text + c->start,
										    c->end - c->start));
				json_array_append_new(carriers, carrier);
			}
			json_object_set_new(item, "carriers", carriers);
		}
		json_array_append_new(list, item);
	}
	lede__arena_free(&arena);
	return rc;
}

static int process(json_t *cluster, mode m, const lede__summary_options *options, int debug, long repeat)
{
	json_t *documents = json_object_get(cluster, "documents"), *out = json_object(), *list = json_array();
	lede__summary_document *docs;
	size_t count = json_array_size(documents), i;
	int rc;

	if (count > MAX_DOCUMENTS)
		count = MAX_DOCUMENTS;
	docs = calloc(count ? count : 1, sizeof(*docs));
	if (!docs)
		return -1;
	for (i = 0; i < count; i++) {
		json_t *text = json_array_get(documents, i);

		docs[i].text = json_string_value(text);
		docs[i].text_len = json_string_length(text);
	}
	if (m == MODE_LEDE)
		rc = summarize(list, docs, count, options, debug, repeat);
	else
		rc = baseline(list, docs, count, m, options->max_words);
	json_object_set(out, "cluster", json_object_get(cluster, "cluster"));
	json_object_set_new(out, "sentences", list);
	json_dumpf(out, stdout, JSON_COMPACT);
	putchar('\n');
	json_decref(out);
	free(docs);
	return rc;
}

/* Sets one option from NAME=VALUE; 0 or -1 for an unknown name. */
static int set_option(lede__summary_options *o, const char *assignment)
{
	const char *eq = strchr(assignment, '=');
	size_t name_len;
	char *end;
	double value;

	if (!eq)
		return -1;
	name_len = (size_t)(eq - assignment);
	value = strtod(eq + 1, &end);
	if (*end || end == eq + 1)
		return -1;
#define DOUBLE_OPTION(field) \
	if (name_len == strlen(#field) && strncmp(assignment, #field, name_len) == 0) { \
		o->field = value; \
		return 0; \
	}
#define COUNT_OPTION(field) \
	if (name_len == strlen(#field) && strncmp(assignment, #field, name_len) == 0 && value >= 0) { \
		o->field = (__typeof__(o->field))value; \
		return 0; \
	}
	COUNT_OPTION(max_sentences_per_document)
	COUNT_OPTION(max_sentences)
	COUNT_OPTION(min_sentence_words)
	COUNT_OPTION(max_sentence_words)
	DOUBLE_OPTION(position_scale)
	DOUBLE_OPTION(relative_position)
	DOUBLE_OPTION(document_exponent)
	DOUBLE_OPTION(bigram_weight)
	DOUBLE_OPTION(length_exponent)
	DOUBLE_OPTION(lead_bonus)
	DOUBLE_OPTION(quote_bonus)
	DOUBLE_OPTION(support_overlap)
	DOUBLE_OPTION(support_share_of_other)
	COUNT_OPTION(support_min_shared)
	return -1;
}

static int usage(void)
{
	fprintf(stderr, "usage: summary-driver [--words N] [--baseline first3|lead] [--set NAME=VALUE]...\n"
			"                      [--debug] [--time N] [FILE]\n");
	return 2;
}

int main(int argc, char **argv)
{
	lede__summary_options options;
	const char *path = NULL;
	mode m = MODE_LEDE;
	int failures = 0, debug = 0, i;
	long repeat = 1;
	FILE *in = stdin;
	lede__buf line;
	char chunk[65536];

	lede__summary_options_default(&options);
	options.max_words = 300;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--words") == 0 && i + 1 < argc) {
			char *end;
			long words = strtol(argv[++i], &end, 10);

			if (*end || words <= 0)
				return usage();
			options.max_words = (size_t)words;
		} else if (strcmp(argv[i], "--baseline") == 0 && i + 1 < argc) {
			i++;
			if (strcmp(argv[i], "first3") == 0)
				m = MODE_FIRST3;
			else if (strcmp(argv[i], "lead") == 0)
				m = MODE_LEAD;
			else
				return usage();
		} else if (strcmp(argv[i], "--time") == 0 && i + 1 < argc) {
			char *end;

			repeat = strtol(argv[++i], &end, 10);
			if (*end || repeat <= 0 || repeat > 100000)
				return usage();
		} else if (strcmp(argv[i], "--debug") == 0) {
			debug = 1;
		} else if (strcmp(argv[i], "--set") == 0 && i + 1 < argc) {
			if (set_option(&options, argv[++i]) != 0) {
				fprintf(stderr, "summary-driver: unknown option or bad value: %s\n", argv[i]);
				return 2;
			}
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return usage();
		} else {
			path = argv[i];
		}
	}
	if (path && !(in = fopen(path, "rb"))) {
		perror(path);
		return 1;
	}
	lede__buf_init(&line, MAX_LINE);
	while (fgets(chunk, sizeof(chunk), in)) {
		size_t n = strlen(chunk);
		json_error_t error;
		json_t *cluster;

		if (lede__buf_append(&line, chunk, n) != 0) {
			fprintf(stderr, "summary-driver: line too long\n");
			return 1;
		}
		if (n == 0 || chunk[n - 1] != '\n')
			continue;
		cluster = json_loadb(lede__buf_str(&line), line.len, 0, &error);
		lede__buf_reset(&line);
		if (!cluster) {
			fprintf(stderr, "summary-driver: bad JSON: %s\n", error.text);
			failures++;
			continue;
		}
		if (process(cluster, m, &options, debug, repeat) != 0)
			failures++;
		json_decref(cluster);
	}
	lede__buf_free(&line);
	if (in != stdin)
		fclose(in);
	if (repeat > 1 && stories_timed > 0)
		fprintf(stderr, "summary-driver: %.3f ms CPU, %.3f ms wall per story (%.0f runs)\n",
			1000 * cpu_spent / stories_timed, 1000 * wall_spent / stories_timed, stories_timed);
	return failures ? 1 : 0;
}
