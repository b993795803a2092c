/*
 * cli.h: what the `lede` subcommands share.  The CLI uses only lede.h.
 */
#ifndef LEDE_CLI_H
#define LEDE_CLI_H

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

#include "lede.h"

/* Exit codes (DESIGN.md). */
enum { EXIT_DONE = 0, EXIT_REJECTED = 1, EXIT_USAGE = 2 };

typedef struct cli_context {
	const char *db_path; /* --db, $LEDE_DB or ./lede.db */
	const char *program; /* "lede" */
} cli_context;

typedef int (*cli_command_fn)(const cli_context *ctx, int argc, char **argv);

int cmd_add(const cli_context *ctx, int argc, char **argv);
int cmd_articles(const cli_context *ctx, int argc, char **argv);
int cmd_check(const cli_context *ctx, int argc, char **argv);
int cmd_article(const cli_context *ctx, int argc, char **argv);
int cmd_stats(const cli_context *ctx, int argc, char **argv);
int cmd_stories(const cli_context *ctx, int argc, char **argv);
int cmd_story(const cli_context *ctx, int argc, char **argv);
int cmd_extract(const cli_context *ctx, int argc, char **argv);
int cmd_reprocess(const cli_context *ctx, int argc, char **argv);
int cmd_quotes(const cli_context *ctx, int argc, char **argv);
int cmd_search(const cli_context *ctx, int argc, char **argv);
int cmd_serve(const cli_context *ctx, int argc, char **argv);
int cmd_dups(const cli_context *ctx, int argc, char **argv);
int cmd_summarize(const cli_context *ctx, int argc, char **argv);

/* Prints "lede: <message>" on stderr. */
void cli_error(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* Opens the store for the command; prints the failure and returns NULL on error. */
lede_db *cli_open(const cli_context *ctx, int readonly);

/* Parses a decimal id > 0; 0 on success, -1 otherwise. */
int cli_parse_id(int64_t *out, const char *text);

/* Parses "YYYY-MM-DD[THH:MM:SS]" or unix seconds into unix seconds. */
int cli_parse_time(int64_t *out, const char *text);

/* "YYYY-MM-DD" of unix seconds into buf (at least 11 bytes). */
void cli_format_day(char *buf, size_t size, int64_t seconds);

/* Sets `key` to `value` in `object`, or to null when value is NULL. */
void cli_json_set_string(json_t *object, const char *key, const char *value);

/*
 * Prints JSON text made by a lede_*_to_json function (`rc` its return) as one
 * line and frees it; returns 0, or -1 after printing the error.
 */
int cli_print_json(char *json, int rc);

/* Writes `value` as one compact line to `out` and releases it. */
int cli_json_print_line(FILE *out, json_t *value);

#endif
