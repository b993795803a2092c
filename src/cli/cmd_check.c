/*
 * cmd_check.c: `lede check [--repair] [--quick] [--json]`.
 */
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

typedef struct check_output {
	int json;
} check_output;

static void print_finding(const lede_check_finding *finding, void *context)
{
	check_output *output = context;

	if (output->json) {
		json_t *line = json_object();

		json_object_set_new(line, "area", json_string(lede_check_area_name(finding->area)));
		json_object_set_new(line, "article",
				    finding->article_id ? json_integer(finding->article_id) : json_null());
		json_object_set_new(line, "story",
				    finding->story_id ? json_integer(finding->story_id) : json_null());
		json_object_set_new(line, "message", json_string(finding->message));
		json_object_set_new(line, "repaired", json_boolean(finding->repaired));
		cli_json_print_line(stdout, line);
		return;
	}
	/* Findings are the command's complaint: standard error, one per line, repaired or not. */
	fprintf(stderr, "%s: %s\n", lede_check_area_name(finding->area), finding->message);
}

static void usage(FILE *out)
{
	fputs("usage: lede [--db PATH] check [--repair] [--quick] [--json]\n"
	      "  --repair  rebuild what can be rebuilt (search index, derived columns, copies,\n"
	      "            story memberships and counters), in one transaction\n"
	      "  --quick   skip what reads every article (derived columns, FTS5's integrity-check)\n"
	      "  --json    one JSON object per finding, then a summary object, on standard output\n",
	      out);
}

int cmd_check(const cli_context *ctx, int argc, char **argv)
{
	check_output output = {0};
	lede_check_report report;
	unsigned flags = 0;
	struct stat st;
	lede_db *db;
	int i, rc, clean;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--repair") == 0) {
			flags |= LEDE_CHECK_REPAIR;
		} else if (strcmp(argv[i], "--quick") == 0) {
			flags |= LEDE_CHECK_QUICK;
		} else if (strcmp(argv[i], "--json") == 0) {
			output.json = 1;
		} else if (strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return EXIT_DONE;
		} else {
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	/* Opening for writing would create a missing store; a check of nothing is an error. */
	if (stat(ctx->db_path, &st) != 0) {
		cli_error("%s: no store there", ctx->db_path);
		return EXIT_REJECTED;
	}
	/* Writable even without --repair: FTS5's integrity-check is an INSERT (it writes nothing). */
	if (!(db = cli_open(ctx, 0)))
		return EXIT_REJECTED;
	rc = lede_check(&report, db, flags, print_finding, &output);
	lede_db_close(db);
	if (rc) {
		cli_error("check failed: %s", lede_errmsg());
		return EXIT_REJECTED;
	}
	clean = report.findings == report.repaired;
	if (output.json) {
		json_t *summary = json_object();

		json_object_set_new(summary, "articles", json_integer((json_int_t)report.articles));
		json_object_set_new(summary, "stories", json_integer((json_int_t)report.stories));
		json_object_set_new(summary, "findings", json_integer((json_int_t)report.findings));
		json_object_set_new(summary, "repaired", json_integer((json_int_t)report.repaired));
		json_object_set_new(summary, "clean", json_boolean(clean));
		cli_json_print_line(stdout, summary);
	} else if (report.findings == 0) {
		printf("%s: %llu articles, %llu stories: clean\n", ctx->db_path,
		       (unsigned long long)report.articles, (unsigned long long)report.stories);
	} else if (clean) {
		printf("%s: %llu articles, %llu stories: %llu problems found, all repaired\n", ctx->db_path,
		       (unsigned long long)report.articles, (unsigned long long)report.stories,
		       (unsigned long long)report.findings);
	}
	if (!clean) {
		cli_error("%s: %llu problems found, %llu repaired%s", ctx->db_path,
			  (unsigned long long)report.findings, (unsigned long long)report.repaired,
			  flags & LEDE_CHECK_REPAIR ? "" : " (lede check --repair rebuilds what can be rebuilt)");
		return EXIT_REJECTED;
	}
	return EXIT_DONE;
}
