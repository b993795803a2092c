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

/* Prints `text` wrapped at 78 columns after `indent` spaces. */
static void wrap(const char *text, int indent)
{
	int column = indent;
	const char *p = text;

	printf("%*s", indent, "");
	while (*p) {
		const char *word = p;
		int n;

		while (*p && *p != ' ' && *p != '\n')
			p++;
		n = (int)(p - word);
		if (column > indent && column + 1 + n > 78) {
			printf("\n%*s", indent, "");
			column = indent;
		} else if (column > indent) {
			putchar(' ');
			column++;
		}
		printf("%.*s", n, word);
		column += n;
		while (*p == ' ' || *p == '\n')
			p++;
	}
	putchar('\n');
}

static const char *str(json_t *object, const char *key)
{
	const char *value = json_string_value(json_object_get(object, key));

	return value ? value : "";
}

/* "Mobile World Live, Digital Trends" of a sources array. */
static void print_sources(json_t *sources, int md)
{
	size_t i;
	json_t *source;

	printf(md ? " *(%zu source%s: " : "      [%zu source%s: ", json_array_size(sources),
	       json_array_size(sources) == 1 ? "" : "s");
	json_array_foreach(sources, i, source) {
		const char *outlet = json_string_value(json_object_get(source, "outlet"));

		printf("%s%s", i ? ", " : "", outlet ? outlet : "unknown outlet");
	}
	printf(md ? ")*\n" : "]\n");
}

/* The digest for a terminal (wrapped) or as Markdown. */
static void print_digest(const char *text, int md)
{
	json_t *d = json_loads(text, 0, NULL), *item;
	size_t i, k;

	if (!d)
		return;
	printf(md ? "# %s\n\n" : "%s\n", str(d, "title"));
	printf(md ? "*%lld outlets, %zu articles, %s to %s*\n" : "%lld outlets, %zu articles, %s to %s\n",
	       (long long)json_integer_value(json_object_get(d, "outlets")),
	       json_array_size(json_object_get(d, "articles")), str(d, "first_seen"), str(d, "last_seen"));
	printf(md ? "\n## What happened\n\n" : "\nWHAT HAPPENED\n");
	json_array_foreach(json_object_get(d, "summary"), i, item) {
		if (md)
			printf("- %s", str(item, "text"));
		else
			wrap(str(item, "text"), 2);
		print_sources(json_object_get(item, "sources"), md);
	}
	if (json_array_size(json_object_get(d, "quotes")))
		printf(md ? "\n## Who said what\n\n" : "\nWHO SAID WHAT\n");
	json_array_foreach(json_object_get(d, "quotes"), i, item) {
		char line[4096];
		const char *via = str(item, "via");

		snprintf(line, sizeof(line), "\xe2\x80\x9c%s\xe2\x80\x9d \xe2\x80\x94 %s%s%s", str(item, "text"),
			 *str(item, "speaker") ? str(item, "speaker") : "unattributed", *via ? ", via " : "", via);
		if (md)
			printf("- %s", line);
		else
			wrap(line, 2);
		print_sources(json_object_get(item, "sources"), md);
	}
	if (json_array_size(json_object_get(d, "entities"))) {
		static const char *const types[] = {"person", "organization", "place"};
		static const char *const labels[] = {"People", "Organizations", "Places"};

		printf(md ? "\n## Who and where\n\n" : "\nWHO AND WHERE\n");
		for (k = 0; k < 3; k++) {
			int any = 0;

			json_array_foreach(json_object_get(d, "entities"), i, item) {
				if (strcmp(str(item, "type"), types[k]) != 0)
					continue;
				printf(any ? ", %s" : (md ? "- **%s**: %s" : "  %s: %s"), any ? str(item, "name") : labels[k],
				       str(item, "name"));
				any = 1;
			}
			if (any)
				printf("\n");
		}
	}
	if (json_array_size(json_object_get(d, "claims")))
		printf(md ? "\n## Facts\n\n" : "\nFACTS\n");
	json_array_foreach(json_object_get(d, "claims"), i, item) {
		json_t *value;

		printf(md ? "- %s: " : "  %s: ", json_is_true(json_object_get(item, "disputed")) ? "DIFFER" : "agreed");
		json_array_foreach(json_object_get(item, "values"), k, value) {
			printf("%s\"%s\" (%zu)", k ? " vs " : "", str(value, "value"),
			       json_array_size(json_object_get(value, "sources")));
		}
		printf("\n");
	}
	printf(md ? "\n## Timeline\n\n" : "\nTIMELINE\n");
	json_array_foreach(json_object_get(d, "timeline"), i, item)
		printf(md ? "- %s: %s (%s)\n" : "  %-20s %s (%s)\n", str(item, "time"),
		       *str(item, "outlet") ? str(item, "outlet") : "unknown outlet", str(item, "time_is"));
	printf(md ? "\n## Articles\n\n" : "\nARTICLES\n");
	json_array_foreach(json_object_get(d, "articles"), i, item)
		printf(md ? "- %s: %s (%s)\n" : "  %-20.20s %s (%s)\n",
		       *str(item, "outlet") ? str(item, "outlet") : "-", str(item, "title"),
		       *str(item, "published") ? str(item, "published") : "undated");
	json_decref(d);
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
	{
		char *line = NULL;
		int rc = lede_story_to_json(&line, db, story, LEDE_JSON_DIGEST);

		if (rc) {
			cli_error("%s", lede_errmsg());
		} else if (json) {
			cli_print_json(line, 0);
			line = NULL;
		} else {
			print_digest(line, md);
		}
		lede_free(line);
	}
	lede_story_free(story);
	lede_db_close(db);
	return EXIT_DONE;
}
