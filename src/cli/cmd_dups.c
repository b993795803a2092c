/*
 * cmd_dups.c: `lede dups [--json]`: groups of copies, each with its canonical article.
 */
#include <getopt.h>
#include <string.h>

#include "cli.h"

typedef struct dups_state {
	lede_db *db;
	int json;
} dups_state;

static json_t *article_ref(lede_db *db, int64_t id)
{
	lede_article *article = NULL;
	json_t *object = json_object();

	json_object_set_new(object, "id", json_integer(id));
	if (lede_article_get(&article, db, id) == 0) {
		cli_json_set_string(object, "external_id", lede_article_external_id(article));
		cli_json_set_string(object, "outlet", lede_article_outlet(article));
		cli_json_set_string(object, "title", lede_article_title(article));
		cli_json_set_string(object, "published", lede_article_published(article));
		cli_json_set_string(object, "url", lede_article_url(article));
		lede_article_free(article);
	}
	return object;
}

static int on_group(int64_t canonical, const int64_t *members, const char *const *relations,
		    size_t count, void *context)
{
	dups_state *state = context;
	size_t i;

	if (state->json) {
		json_t *object = json_object(), *list = json_array();

		json_object_set_new(object, "canonical", article_ref(state->db, canonical));
		for (i = 0; i < count; i++) {
			json_t *member = article_ref(state->db, members[i]);

			cli_json_set_string(member, "relation", relations[i]);
			json_array_append_new(list, member);
		}
		json_object_set_new(object, "members", list);
		cli_json_print_line(stdout, object);
		return 0;
	}
	{
		lede_article *article = NULL;

		printf("%lld", (long long)canonical);
		if (lede_article_get(&article, state->db, canonical) == 0) {
			printf("  %s  %s", lede_article_outlet(article) ? lede_article_outlet(article) : "-",
			       lede_article_title(article) ? lede_article_title(article) : "-");
			lede_article_free(article);
		}
		printf("\n");
	}
	for (i = 0; i < count; i++) {
		lede_article *article = NULL;

		printf("    %-12s %lld", relations[i], (long long)members[i]);
		if (lede_article_get(&article, state->db, members[i]) == 0) {
			printf("  %s", lede_article_outlet(article) ? lede_article_outlet(article) : "-");
			lede_article_free(article);
		}
		printf("\n");
	}
	return 0;
}

int cmd_dups(const cli_context *ctx, int argc, char **argv)
{
	static const struct option options[] = {
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	static const char usage_text[] =
		"usage: lede [--db PATH] dups [--json]\n"
		"Lists groups of copies: the canonical article (earliest published, longest complete\n"
		"version) and its copies with their relation: exact, near, contains, contained-in.\n";
	dups_state state = {NULL, 0};
	int c, rc;

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
	if (optind != argc) {
		fputs(usage_text, stderr);
		return EXIT_USAGE;
	}
	if (!(state.db = cli_open(ctx, 1)))
		return EXIT_REJECTED;
	rc = lede_copy_groups(state.db, on_group, &state);
	lede_db_close(state.db);
	if (rc) {
		cli_error("%s", lede_errmsg());
		return EXIT_REJECTED;
	}
	return EXIT_DONE;
}
