/*
 * cmd_stats.c: `lede stats` and `lede reprocess`.
 */
#include <string.h>

#include "cli.h"

int cmd_stats(const cli_context *ctx, int argc, char **argv)
{
	lede_db_stats stats;
	lede_db *db;
	char first[16], last[16];

	(void)argv;
	if (argc != 1) {
		fputs("usage: lede [--db PATH] stats\n", stderr);
		return EXIT_USAGE;
	}
	if (!(db = cli_open(ctx, 1)))
		return EXIT_REJECTED;
	if (lede_db_stats_get(&stats, db) != 0) {
		cli_error("%s", lede_errmsg());
		lede_db_close(db);
		return EXIT_REJECTED;
	}
	cli_format_day(first, sizeof(first), stats.first_published);
	cli_format_day(last, sizeof(last), stats.last_published);
	printf("store:      %s (schema %d)\n", ctx->db_path, stats.schema_version);
	printf("articles:   %llu\n", (unsigned long long)stats.articles);
	printf("stories:    %llu\n", (unsigned long long)stats.stories);
	printf("outlets:    %llu\n", (unsigned long long)stats.outlets);
	printf("published:  %s .. %s\n", first, last);
	printf("raw pages:  %.1f MiB (%.1f MiB stored)\n", (double)stats.raw_bytes / 1048576.0,
	       (double)stats.stored_bytes / 1048576.0);
	lede_db_close(db);
	return EXIT_DONE;
}

int cmd_reprocess(const cli_context *ctx, int argc, char **argv)
{
	lede_db *db;
	uint64_t count = 0;
	int rc;

	(void)argv;
	if (argc != 1) {
		fputs("usage: lede [--db PATH] reprocess\n", stderr);
		return EXIT_USAGE;
	}
	if (!(db = cli_open(ctx, 0)))
		return EXIT_REJECTED;
	rc = lede_reprocess(db, &count);
	lede_db_close(db);
	if (rc) {
		cli_error("%s", lede_errmsg());
		return EXIT_REJECTED;
	}
	printf("reprocessed %llu articles\n", (unsigned long long)count);
	return EXIT_DONE;
}
