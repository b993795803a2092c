/*
 * cmd_stories.c: `lede stories [--json] [--since DATE] [--limit N]` and
 * `lede story ID [--json|--md]`.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

int cmd_stories(const cli_context *ctx, int argc, char **argv)
{
	static const struct option options[] = {
		{"json", no_argument, NULL, 'j'},
		{"since", required_argument, NULL, 's'},
		{"limit", required_argument, NULL, 'n'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	static const char usage_text[] =
		"usage: lede [--db PATH] stories [--json] [--since YYYY-MM-DD] [--limit N]\n";
	lede_story_query query = {0, 0};
	lede_story_iter *iter = NULL;
	lede_story *story = NULL;
	lede_db *db;
	int json = 0, c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "js:n:h", options, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = 1;
			break;
		case 's':
			if (cli_parse_time(&query.since, optarg) != 0) {
				cli_error("--since wants YYYY-MM-DD");
				return EXIT_USAGE;
			}
			break;
		case 'n': {
			char *end;
			unsigned long n = strtoul(optarg, &end, 10);

			if (end == optarg || *end) {
				cli_error("--limit wants a number");
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
	if (optind != argc) {
		fputs(usage_text, stderr);
		return EXIT_USAGE;
	}
	if (!(db = cli_open(ctx, 1)))
		return EXIT_REJECTED;
	rc = lede_story_iter_new(&iter, db, &query);
	while (rc == 0 && (rc = lede_story_iter_next(&story, iter)) == 0) {
		if (json) {
			char *line = NULL;

			cli_print_json(line, lede_story_to_json(&line, db, story, 0));
		} else {
			char day[16];

			cli_format_day(day, sizeof(day), lede_story_last_seen(story));
			printf("%6lld  %-10s  %3zu article%s %3zu outlet%s  %s\n",
			       (long long)lede_story_id(story), day, lede_story_article_count(story),
			       lede_story_article_count(story) == 1 ? " " : "s",
			       lede_story_outlet_count(story),
			       lede_story_outlet_count(story) == 1 ? " " : "s",
			       or_dash(lede_story_title(story)));
		}
		lede_story_free(story);
	}
	lede_story_iter_free(iter);
	lede_db_close(db);
	if (rc != LEDE_ITEROVER) {
		cli_error("%s", lede_errmsg());
		return EXIT_REJECTED;
	}
	return EXIT_DONE;
}

int cmd_story(const cli_context *ctx, int argc, char **argv)
{
	static const struct option options[] = {
		{"json", no_argument, NULL, 'j'},
		{"md", no_argument, NULL, 'm'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	static const char usage_text[] = "usage: lede [--db PATH] story ID [--json|--md]\n";
	lede_story *story = NULL;
	lede_db *db;
	int64_t id;
	int json = 0, md = 0, c;
	size_t i;

	optind = 1;
	while ((c = getopt_long(argc, argv, "jmh", options, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = 1;
			break;
		case 'm':
			md = 1;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return EXIT_DONE;
		default:
			fputs(usage_text, stderr);
			return EXIT_USAGE;
		}
	}
	if (optind + 1 != argc || cli_parse_id(&id, argv[optind]) != 0 || (json && md)) {
		fputs(usage_text, stderr);
		return EXIT_USAGE;
	}
	if (!(db = cli_open(ctx, 1)))
		return EXIT_REJECTED;
	if (lede_story_get(&story, db, id) != 0) {
		cli_error("%s", lede_errmsg());
		lede_db_close(db);
		return EXIT_REJECTED;
	}
	if (json) {
		char *line = NULL;

		cli_print_json(line, lede_story_to_json(&line, db, story, LEDE_JSON_DIGEST));
	} else {
		printf(md ? "# %s\n\n" : "%s\n\n", or_dash(lede_story_title(story)));
		printf(md ? "## Articles\n\n" : "Articles:\n");
		for (i = 0; i < lede_story_article_count(story); i++) {
			lede_article *article = NULL;

			if (lede_article_get(&article, db, lede_story_article_id(story, i)) != 0)
				continue;
			printf(md ? "- %s: %s (%s)\n" : "  %s  %s  (%s)\n",
			       or_dash(lede_article_outlet(article)), or_dash(lede_article_title(article)),
			       or_dash(lede_article_published(article)));
			lede_article_free(article);
		}
	}
	lede_story_free(story);
	lede_db_close(db);
	return EXIT_DONE;
}
