/*
 * cmd_quotes.c: `lede quotes [--json] PATH...`: the quotations of each input article.
 */
#include <getopt.h>
#include <string.h>

#include "cli.h"

typedef struct quotes_state {
	int json;
	int failed;
} quotes_state;

/* Code points in s[0..offset): what JSON readers index by. */
static size_t code_points(const char *s, size_t offset)
{
	size_t i, points = 0;

	for (i = 0; i < offset; i++)
		points += ((unsigned char)s[i] & 0xC0) != 0x80;
	return points;
}

/* "Name, role" as the article attributes the quotation; the name alone when no role. */
static json_t *speaker_json(const lede_quote_info *q)
{
	char buffer[1024];

	if (q->name && q->role) {
		snprintf(buffer, sizeof(buffer), "%s, %s", q->name, q->role);
		return json_string(buffer);
	}
	if (q->name)
		return json_string(q->name);
	return q->role ? json_string(q->role) : json_null();
}

static int on_article(const lede_article *article, void *context)
{
	quotes_state *state = context;
	const char *text = lede_article_text(article);
	const char *id = lede_article_external_id(article) ? lede_article_external_id(article)
							    : lede_article_source(article);
	lede_quotes *quotes = NULL;
	size_t i;

	if (lede_quotes_find(&quotes, text, strlen(text)) != 0) {
		cli_error("%s: %s", id, lede_errmsg());
		state->failed = 1;
		return 0;
	}
	if (state->json) {
		json_t *object = json_object(), *list = json_array();
		size_t start_points = 0, start_bytes = 0;

		cli_json_set_string(object, "id", id);
		for (i = 0; i < lede_quotes_count(quotes); i++) {
			lede_quote_info q;
			json_t *item = json_object();

			lede_quotes_get(&q, quotes, i);
			/* Quotes come in text order: count code points incrementally. */
			start_points += code_points(text + start_bytes, q.start - start_bytes);
			start_bytes = q.start;
			cli_json_set_string(item, "text", q.text);
			json_object_set_new(item, "speaker", speaker_json(&q));
			cli_json_set_string(item, "name", q.name);
			cli_json_set_string(item, "role", q.role);
			cli_json_set_string(item, "via", q.via);
			json_object_set_new(item, "start", json_integer((json_int_t)start_points));
			json_object_set_new(item, "end", json_integer((json_int_t)(start_points +
				code_points(text + q.start, q.end - q.start))));
			json_array_append_new(list, item);
		}
		json_object_set_new(object, "quotes", list);
		cli_json_print_line(stdout, object);
	} else {
		printf("==> %s <==\n", id);
		for (i = 0; i < lede_quotes_count(quotes); i++) {
			lede_quote_info q;

			lede_quotes_get(&q, quotes, i);
			printf("\xe2\x80\x9c%s\xe2\x80\x9d\n    \xe2\x80\x94 %s%s%s%s%s\n", q.text,
			       q.name ? q.name : q.role ? q.role : "unattributed",
			       q.name && q.role ? ", " : "", q.name && q.role ? q.role : "",
			       q.via ? ", via " : "", q.via ? q.via : "");
		}
		printf("\n");
	}
	lede_quotes_free(quotes);
	return 0;
}

static void on_event(const lede_add_event *event, void *context)
{
	quotes_state *state = context;

	if (event->kind == LEDE_ADD_REJECTED) {
		cli_error("%s: %s", event->input, event->message);
		state->failed = 1;
	}
}

int cmd_quotes(const cli_context *ctx, int argc, char **argv)
{
	static const struct option options[] = {
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	static const char usage_text[] =
		"usage: lede quotes [--json] PATH...\n"
		"Prints the direct quotations of each article (files, directories, JSONL, -).\n"
		"JSON: one line per article, {\"id\", \"quotes\": [{\"text\", \"speaker\", \"name\", \"role\",\n"
		"\"via\", \"start\", \"end\"}]}; start and end count code points into the article's text\n"
		"(a JSONL record's text as given).\n";
	quotes_state state = {0, 0};
	lede_add_options opts;
	int c, rc;

	(void)ctx;
	optind = 1;
	while ((c = getopt_long(argc, argv, "jh", options, NULL)) != -1) {
		switch (c) {
		case 'j':
			state.json = 1;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return EXIT_DONE;
		default:
			fputs(usage_text, stderr);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		fputs(usage_text, stderr);
		return EXIT_USAGE;
	}
	lede_add_options_init(&opts);
	opts.flags = LEDE_READ_VERBATIM;
	opts.callback = on_event;
	opts.context = &state;
	rc = lede_read_paths((const char *const *)(argv + optind), (size_t)(argc - optind), &opts,
			     on_article, &state);
	if (rc) {
		cli_error("%s", lede_errmsg());
		return EXIT_REJECTED;
	}
	return state.failed ? EXIT_REJECTED : EXIT_DONE;
}
