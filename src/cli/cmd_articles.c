/*
 * cmd_articles.c: `lede articles [--json]` and `lede article ID [--json]`.
 */
#include <getopt.h>
#include <string.h>

#include "cli.h"

/* Parses [--json] [--text]; returns the index of the first operand or -1. */
static int parse_flags(int argc, char **argv, int *json, int *text, const char *usage_text)
{
	static const struct option options[] = {
		{"json", no_argument, NULL, 'j'},
		{"text", no_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "jth", options, NULL)) != -1) {
		switch (c) {
		case 'j':
			*json = 1;
			break;
		case 't':
			*text = 1;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return -2;
		default:
			fputs(usage_text, stderr);
			return -1;
		}
	}
	return optind;
}

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

int cmd_articles(const cli_context *ctx, int argc, char **argv)
{
	static const char usage_text[] =
		"usage: lede [--db PATH] articles [--json] [--text]\n"
		"Lists stored articles by id; --json prints one object per line (--text adds the text).\n";
	lede_article_iter *iter = NULL;
	lede_article *article = NULL;
	lede_db *db;
	int json = 0, text = 0, first, rc;

	first = parse_flags(argc, argv, &json, &text, usage_text);
	if (first == -2)
		return EXIT_DONE;
	if (first < 0 || first != argc) {
		if (first >= 0)
			fputs(usage_text, stderr);
		return EXIT_USAGE;
	}
	if (!(db = cli_open(ctx, 1)))
		return EXIT_REJECTED;
	rc = lede_article_iter_new(&iter, db);
	while (rc == 0 && (rc = lede_article_iter_next(&article, iter)) == 0) {
		if (json) {
			char *line = NULL;

			cli_print_json(line, lede_article_to_json(&line, article, text ? LEDE_JSON_TEXT : 0));
		} else {
			char day[16] = "-";
			const char *published = lede_article_published(article);

			if (published)
				snprintf(day, sizeof(day), "%.10s", published);
			printf("%6lld  %-10s  %-22.22s  %s\n", (long long)lede_article_id(article), day,
			       or_dash(lede_article_outlet(article)),
			       lede_article_title(article) ? lede_article_title(article)
							   : or_dash(lede_article_source(article)));
		}
		lede_article_free(article);
	}
	lede_article_iter_free(iter);
	lede_db_close(db);
	if (rc != LEDE_ITEROVER) {
		cli_error("%s", lede_errmsg());
		return EXIT_REJECTED;
	}
	return EXIT_DONE;
}

typedef struct copies_of {
	int64_t canonical, self;
} copies_of;

static int print_group(int64_t canonical, const int64_t *members, const char *const *relations,
		       size_t count, void *context)
{
	copies_of *want = context;
	size_t i;

	if (canonical != want->canonical)
		return 0;
	printf("copies:     ");
	if (canonical != want->self)
		printf("%lld (canonical)", (long long)canonical);
	for (i = 0; i < count; i++)
		if (members[i] != want->self)
			printf("%s%lld (%s)", i || canonical != want->self ? ", " : "", (long long)members[i],
			       relations[i]);
	printf("\n");
	return 1;
}

/* The other members of the article's copy group, if any. */
static void print_copies(lede_db *db, int64_t canonical, int64_t self)
{
	copies_of want = {canonical, self};

	lede_copy_groups(db, print_group, &want);
}

int cmd_article(const cli_context *ctx, int argc, char **argv)
{
	static const char usage_text[] = "usage: lede [--db PATH] article ID [--json]\n";
	lede_article *article = NULL;
	lede_db *db;
	int64_t id;
	int json = 0, text = 0, first, rc;
	size_t i;

	first = parse_flags(argc, argv, &json, &text, usage_text);
	if (first == -2)
		return EXIT_DONE;
	if (first < 0 || first + 1 != argc || cli_parse_id(&id, argv[first]) != 0) {
		if (first >= 0)
			fputs(usage_text, stderr);
		return EXIT_USAGE;
	}
	if (!(db = cli_open(ctx, 1)))
		return EXIT_REJECTED;
	rc = lede_article_get(&article, db, id);
	if (rc) {
		cli_error("%s", lede_errmsg());
		lede_db_close(db);
		return EXIT_REJECTED;
	}
	if (json) {
		char *line = NULL;

		cli_print_json(line, lede_article_to_json(&line, article, LEDE_JSON_TEXT));
	} else {
		printf("id:         %lld\n", (long long)lede_article_id(article));
		printf("title:      %s\n", or_dash(lede_article_title(article)));
		printf("outlet:     %s\n", or_dash(lede_article_outlet(article)));
		printf("authors:    ");
		for (i = 0; i < lede_article_author_count(article); i++)
			printf("%s%s", i ? ", " : "", lede_article_author(article, i));
		printf("%s\n", lede_article_author_count(article) ? "" : "-");
		printf("published:  %s\n", or_dash(lede_article_published(article)));
		printf("url:        %s\n", or_dash(lede_article_url(article)));
		printf("language:   %s\n", or_dash(lede_article_lang(article)));
		printf("page type:  %s\n", or_dash(lede_article_page_type(article)));
		printf("source:     %s\n", or_dash(lede_article_source(article)));
		if (lede_article_external_id(article))
			printf("id in source: %s\n", lede_article_external_id(article));
		if (lede_article_duplicate_of(article))
			printf("copy:       %s copy of article %lld\n", lede_article_relation(article),
			       (long long)lede_article_duplicate_of(article));
		print_copies(db, lede_article_duplicate_of(article) ? lede_article_duplicate_of(article)
								     : lede_article_id(article),
			     lede_article_id(article));
		printf("\n%s\n", lede_article_text(article));
	}
	lede_article_free(article);
	lede_db_close(db);
	return EXIT_DONE;
}
