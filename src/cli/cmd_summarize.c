/*
 * cmd_summarize.c: `lede summarize [--words N] [--json] PATH...`: the given
 * articles summarized as one story, each sentence with the outlets carrying it.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void on_event(const lede_add_event *event, void *context)
{
	(void)context;
	if (event->kind == LEDE_ADD_REJECTED)
		cli_error("%s: %s", event->input, event->message);
}

static void print_text(const char *json)
{
	json_t *root = json_loads(json, 0, NULL), *item;
	size_t i, k;

	json_array_foreach(json_object_get(root, "summary"), i, item) {
		json_t *sources = json_object_get(item, "sources"), *source;

		printf("%s\n    [%lld outlet%s:", json_string_value(json_object_get(item, "text")),
		       (long long)json_integer_value(json_object_get(item, "outlets")),
		       json_integer_value(json_object_get(item, "outlets")) == 1 ? "" : "s");
		json_array_foreach(sources, k, source)
			printf("%s %s", k ? "," : "", json_string_value(json_object_get(source, "outlet")));
		printf("]\n");
	}
	json_decref(root);
}

int cmd_summarize(const cli_context *ctx, int argc, char **argv)
{
	static const struct option options[] = {
		{"words", required_argument, NULL, 'w'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	static const char usage_text[] =
		"usage: lede summarize [--words N] [--json] PATH...\n"
		"Summarizes the given articles as one story (extractive: every sentence is an\n"
		"article's own), each sentence with the outlets that carry the same content.\n";
	lede_add_options opts;
	unsigned long words = 120;
	char *json = NULL;
	int as_json = 0, c, rc;

	(void)ctx;
	optind = 1;
	while ((c = getopt_long(argc, argv, "w:jh", options, NULL)) != -1) {
		switch (c) {
		case 'w': {
			char *end;

			words = strtoul(optarg, &end, 10);
			if (end == optarg || *end || words == 0 || words > 100000) {
				cli_error("--words wants 1-100000");
				return EXIT_USAGE;
			}
			break;
		}
		case 'j':
			as_json = 1;
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
	opts.callback = on_event;
	rc = lede_summarize_paths(&json, (const char *const *)(argv + optind), (size_t)(argc - optind),
				  &opts, words);
	if (rc) {
		cli_error("%s", lede_errmsg());
		return EXIT_REJECTED;
	}
	if (as_json)
		printf("%s\n", json);
	else
		print_text(json);
	lede_free(json);
	return EXIT_DONE;
}
