/*
 * main.c: the `lede` command: global options and subcommand dispatch.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const struct {
	const char *name;
	cli_command_fn run;
	const char *summary;
} commands[] = {
	{"add", cmd_add, "ingest files, directories, JSONL, WARC, feeds or - (stdin)"},
	{"extract", cmd_extract, "print the article found in each page (no store)"},
	{"articles", cmd_articles, "list stored articles"},
	{"article", cmd_article, "show one article"},
	{"dups", cmd_dups, "list groups of copies with their canonical article"},
	{"stories", cmd_stories, "list stories, most recent and largest first"},
	{"story", cmd_story, "show one story"},
	{"search", cmd_search, "find articles by their words"},
	{"serve", cmd_serve, "serve the HTTP API and the web page"},
	{"stats", cmd_stats, "counts over the store"},
	{"reprocess", cmd_reprocess, "re-extract every stored article from its raw page"},
	{"check", cmd_check, "verify the store; --repair rebuilds what can be rebuilt"},
	{"summarize", cmd_summarize, "summarize input articles as one story (no store)"},
	{"quotes", cmd_quotes, "print the quotations of each input article (no store)"},
};

static void usage(FILE *out)
{
	size_t i;

	fprintf(out, "usage: lede [--db PATH] COMMAND [ARGS]\n\n"
		     "lede turns raw news pages into stories.\n\ncommands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\noptions:\n"
		     "  --db PATH   the store (default: $LEDE_DB, else ./lede.db)\n"
		     "  --help      this text; COMMAND --help for a command's own\n"
		     "  --version   the version\n");
}

int main(int argc, char **argv)
{
	cli_context ctx;
	int i = 1;
	size_t c;

	ctx.program = "lede";
	ctx.db_path = getenv("LEDE_DB");
	if (!ctx.db_path || !*ctx.db_path)
		ctx.db_path = "lede.db";
	while (i < argc && argv[i][0] == '-') {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
			ctx.db_path = argv[i + 1];
			i += 2;
		} else if (strncmp(argv[i], "--db=", 5) == 0) {
			ctx.db_path = argv[i] + 5;
			i++;
		} else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return EXIT_DONE;
		} else if (strcmp(argv[i], "--version") == 0) {
			printf("lede %s\n", lede_version());
			return EXIT_DONE;
		} else {
			cli_error("unknown option %s", argv[i]);
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (i >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	for (c = 0; c < sizeof(commands) / sizeof(commands[0]); c++)
		if (strcmp(argv[i], commands[c].name) == 0)
			return commands[c].run(&ctx, argc - i, argv + i);
	cli_error("unknown command \"%s\"", argv[i]);
	usage(stderr);
	return EXIT_USAGE;
}
