/*
 * cmd_search.c: `lede search QUERY [--json] [--outlet X] [--lang L] [--from D] [--to D] [--limit N]`.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* The snippet with its match marks as [brackets], or bold on a terminal. */
static void print_snippet(const char *snippet, int terminal)
{
	const char *p;

	for (p = snippet; *p; p++) {
		if (*p == LEDE_MARK_START[0])
			fputs(terminal ? "\033[1m" : "[", stdout);
		else if (*p == LEDE_MARK_END[0])
			fputs(terminal ? "\033[0m" : "]", stdout);
		else if (*p == '\n')
			fputc(' ', stdout);
		else
			fputc(*p, stdout);
	}
}

/* The snippet without marks, for JSON; matches as <mark>...</mark> would need escaping rules. */
static json_t *snippet_json(const char *snippet)
{
	json_t *parts = json_array();
	const char *p = snippet, *start = snippet;
	int marked = 0;

	/* [["text", false], ["match", true], ...]: clients highlight without parsing markup. */
	for (;; p++) {
		if (*p == LEDE_MARK_START[0] || *p == LEDE_MARK_END[0] || *p == '\0') {
			if (p > start) {
				json_t *part = json_array();

				json_array_append_new(part, json_stringn(start, (size_t)(p - start)));
				json_array_append_new(part, json_boolean(marked));
				json_array_append_new(parts, part);
			}
			if (*p == '\0')
				break;
			marked = *p == LEDE_MARK_START[0];
			start = p + 1;
		}
	}
	return parts;
}

int cmd_search(const cli_context *ctx, int argc, char **argv)
{
	static const struct option options[] = {
		{"json", no_argument, NULL, 'j'},
		{"outlet", required_argument, NULL, 'o'},
		{"lang", required_argument, NULL, 'L'},
		{"from", required_argument, NULL, 'f'},
		{"to", required_argument, NULL, 't'},
		{"limit", required_argument, NULL, 'n'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	static const char usage_text[] =
		"usage: lede [--db PATH] search QUERY [--json] [--outlet NAME] [--lang CODE]\n"
		"                                [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--limit N]\n"
		"Finds articles whose title or text holds every word of QUERY, best first.\n";
	lede_search_query query;
	lede_search_results *results = NULL;
	lede_db *db;
	int json = 0, c, rc, terminal = isatty(STDOUT_FILENO);
	size_t i;

	memset(&query, 0, sizeof(query));
	optind = 1;
	while ((c = getopt_long(argc, argv, "jo:L:f:t:n:h", options, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = 1;
			break;
		case 'o':
			query.outlet = optarg;
			break;
		case 'L':
			query.lang = optarg;
			break;
		case 'f':
		case 't':
			if (cli_parse_time(c == 'f' ? &query.from : &query.to, optarg) != 0) {
				cli_error("--%s wants YYYY-MM-DD", c == 'f' ? "from" : "to");
				return EXIT_USAGE;
			}
			break;
		case 'n': {
			char *end;
			unsigned long n = strtoul(optarg, &end, 10);

			if (end == optarg || *end || n == 0) {
				cli_error("--limit wants a positive number");
				return EXIT_USAGE;
			}
			query.limit = n;
			break;
		}
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
	{
		/* The words of every operand make the query: `lede search harbour strike`. */
		size_t length = 0;
		int k;
		char *text;

		for (k = optind; k < argc; k++)
			length += strlen(argv[k]) + 1;
		size_t used = 0;

		text = malloc(length + 1);
		if (!text)
			return EXIT_REJECTED;
		for (k = optind; k < argc; k++) {
			size_t n = strlen(argv[k]);

			memcpy(text + used, argv[k], n);
			used += n;
			text[used++] = ' ';
		}
		text[used] = '\0';
		query.text = text;
	}
	if (!(db = cli_open(ctx, 1))) {
		free((char *)query.text);
		return EXIT_REJECTED;
	}
	rc = lede_search(&results, db, &query);
	free((char *)query.text);
	if (rc) {
		cli_error("%s", lede_errmsg());
		lede_db_close(db);
		return rc == LEDE_EINVAL ? EXIT_USAGE : EXIT_REJECTED;
	}
	for (i = 0; i < lede_search_count(results); i++) {
		lede_search_hit hit;

		lede_search_get(&hit, results, i);
		if (json) {
			json_t *object = json_object();

			json_object_set_new(object, "id", json_integer(hit.article_id));
			json_object_set_new(object, "story", hit.story_id ? json_integer(hit.story_id) : json_null());
			cli_json_set_string(object, "title", hit.title);
			cli_json_set_string(object, "outlet", hit.outlet);
			cli_json_set_string(object, "published", hit.published);
			json_object_set_new(object, "snippet", snippet_json(hit.snippet));
			json_object_set_new(object, "score", json_real(hit.score));
			cli_json_print_line(stdout, object);
		} else {
			printf("%6lld  %-10.10s  %-20.20s  %s\n    ", (long long)hit.article_id,
			       hit.published ? hit.published : "-", hit.outlet ? hit.outlet : "-",
			       hit.title ? hit.title : "-");
			print_snippet(hit.snippet, terminal);
			printf("\n");
		}
	}
	lede_search_free(results);
	lede_db_close(db);
	return EXIT_DONE;
}
