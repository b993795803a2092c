/*
 * cmd_serve.c: `lede serve [--port N] [--bind ADDR] [--token T] ...`.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "server.h"

static int parse_unsigned(unsigned long *out, const char *text, unsigned long max)
{
	char *end;
	unsigned long value = strtoul(text, &end, 10);

	if (end == text || *end || value == 0 || value > max)
		return -1;
	*out = value;
	return 0;
}

int cmd_serve(const cli_context *ctx, int argc, char **argv)
{
	static const struct option options[] = {
		{"port", required_argument, NULL, 'p'},
		{"bind", required_argument, NULL, 'b'},
		{"token", required_argument, NULL, 't'},
		{"threads", required_argument, NULL, 'T'},
		{"max-connections", required_argument, NULL, 'c'},
		{"timeout", required_argument, NULL, 'o'},
		{"cache-mb", required_argument, NULL, 'm'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	static const char usage_text[] =
		"usage: lede [--db PATH] serve [--port N] [--bind ADDR] [--token TOKEN] [--threads N]\n"
		"                          [--max-connections N] [--timeout SECONDS] [--cache-mb N]\n"
		"Serves the JSON API (/api/...) and the web page on ADDR:N (127.0.0.1:8080).\n"
		"GET answers are kept in a cache of N MiB (32; 0: none) until the store changes.\n"
		"A client has SECONDS (30) of idle time and SECONDS to send each request whole;\n"
		"limits in docs/api.md.\n"
		"POST /api/articles is on only with a token (--token or $LEDE_TOKEN), sent as\n"
		"\"Authorization: Bearer TOKEN\".\n";
	server_options opts;
	unsigned long value;
	int c;

	server_options_init(&opts);
	opts.db_path = ctx->db_path;
	opts.token = getenv("LEDE_TOKEN");
	if (opts.token && !*opts.token)
		opts.token = NULL;
	optind = 1;
	while ((c = getopt_long(argc, argv, "p:b:t:T:c:o:m:h", options, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (parse_unsigned(&value, optarg, 65535) != 0) {
				cli_error("--port wants 1-65535");
				return EXIT_USAGE;
			}
			opts.port = (uint16_t)value;
			break;
		case 'b':
			opts.bind = optarg;
			break;
		case 't':
			opts.token = *optarg ? optarg : NULL;
			break;
		case 'T':
			if (parse_unsigned(&value, optarg, 256) != 0) {
				cli_error("--threads wants 1-256");
				return EXIT_USAGE;
			}
			opts.threads = (unsigned)value;
			break;
		case 'c':
			if (parse_unsigned(&value, optarg, 100000) != 0) {
				cli_error("--max-connections wants 1-100000");
				return EXIT_USAGE;
			}
			opts.max_connections = (unsigned)value;
			break;
		case 'o':
			if (parse_unsigned(&value, optarg, 3600) != 0) {
				cli_error("--timeout wants 1-3600 seconds");
				return EXIT_USAGE;
			}
			opts.timeout_seconds = (unsigned)value;
			break;
		case 'm':
			if (strcmp(optarg, "0") == 0) {
				opts.cache_bytes = 0;
			} else if (parse_unsigned(&value, optarg, 4096) == 0) {
				opts.cache_bytes = (size_t)value << 20;
			} else {
				cli_error("--cache-mb wants 0-4096");
				return EXIT_USAGE;
			}
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
	return server_run(&opts) == 0 ? EXIT_DONE : EXIT_REJECTED;
}
