/*
 * cmd_add.c: `lede add [--format F] [--max-bytes N] [--list] PATH...`
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "progress.h"

typedef struct add_state {
	progress bar;
	int list;
} add_state;

static void on_event(const lede_add_event *event, void *context)
{
	add_state *state = context;

	switch (event->kind) {
	case LEDE_ADD_REJECTED:
		progress_clear(&state->bar);
		cli_error("%s: %s", event->input, event->message);
		break;
	case LEDE_ADD_WARNING:
		progress_clear(&state->bar);
		cli_error("warning: %s: %s", event->input, event->message);
		break;
	case LEDE_ADD_ADDED:
	case LEDE_ADD_DUPLICATE:
		if (state->list) {
			printf("%s\t%lld\t%s\n", event->kind == LEDE_ADD_ADDED ? "added" : "duplicate",
			       (long long)event->article_id, event->input);
			fflush(stdout);
		}
		break;
	case LEDE_ADD_PROGRESS:
		progress_update(&state->bar, event->articles_done, event->bytes_done,
				event->bytes_total);
		break;
	case LEDE_ADD_SKIPPED:
		break; /* counted in the summary: a crawl holds many images and redirects */
	}
}

static void usage(FILE *out)
{
	fprintf(out, "usage: lede [--db PATH] add [--format auto|html|text|jsonl|warc|feed]\n"
		     "                          [--max-bytes N] [--list] PATH...\n"
		     "Ingests files, directories (recursively) and - (stdin); gzip is undone.\n"
		     "WARC files and RSS/Atom feeds give one article per HTML page or item.\n"
		     "  --list   print \"added|duplicate<TAB>ID<TAB>INPUT\" per article once stored\n");
}

int cmd_add(const cli_context *ctx, int argc, char **argv)
{
	static const struct option options[] = {
		{"format", required_argument, NULL, 'f'},
		{"max-bytes", required_argument, NULL, 'm'},
		{"list", no_argument, NULL, 'l'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	lede_add_options opts;
	lede_add_stats stats;
	add_state state;
	lede_db *db;
	int c, rc;

	lede_add_options_init(&opts);
	memset(&state, 0, sizeof(state));
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:m:lh", options, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (lede_format_parse(&opts.format, optarg) != 0) {
				cli_error("%s", lede_errmsg());
				return EXIT_USAGE;
			}
			break;
		case 'm': {
			char *end;
			unsigned long long n = strtoull(optarg, &end, 10);

			if (end == optarg || *end || n == 0) {
				cli_error("--max-bytes wants a positive number of bytes");
				return EXIT_USAGE;
			}
			opts.max_input_bytes = n;
			break;
		}
		case 'l':
			state.list = 1;
			break;
		case 'h':
			usage(stdout);
			return EXIT_DONE;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!(db = cli_open(ctx, 0)))
		return EXIT_REJECTED;
	progress_start(&state.bar, stderr);
	opts.callback = on_event;
	opts.context = &state;
	rc = lede_add_paths(db, (const char *const *)(argv + optind), (size_t)(argc - optind),
			    &opts, &stats);
	progress_clear(&state.bar);
	lede_db_close(db);
	if (rc) {
		cli_error("%s", lede_errmsg());
		return EXIT_REJECTED;
	}
	printf("added %llu, duplicates %llu, rejected %llu", (unsigned long long)stats.added,
	       (unsigned long long)stats.duplicates, (unsigned long long)stats.rejected);
	if (stats.skipped)
		printf(", skipped %llu records (not HTML or not 200)",
		       (unsigned long long)stats.skipped);
	printf("\n");
	return stats.rejected ? EXIT_REJECTED : EXIT_DONE;
}
