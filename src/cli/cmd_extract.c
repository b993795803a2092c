/*
 * cmd_extract.c: `lede extract [--json] [--format F] FILE...|-`: a filter, no store.
 */
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

enum { MAX_FILE = 256 << 20 };

/* Reads all of `path` ("-": stdin) into *out (free with free()). */
static int slurp(char **out, size_t *out_len, const char *path)
{
	FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char *data = NULL;
	size_t len = 0, cap = 0;

	*out = NULL;
	*out_len = 0;
	if (!in)
		return -1;
	{
		/* A regular file's size, so that the buffer is allocated once. */
		struct stat st;

		if (fstat(fileno(in), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
		    (uintmax_t)st.st_size < MAX_FILE)
			cap = (size_t)st.st_size + 1;
		if (cap && !(data = malloc(cap))) {
			if (in != stdin)
				fclose(in);
			return -2;
		}
	}
	for (;;) {
		size_t n;

		if (len == cap) {
			char *grown;

			cap = cap ? cap * 2 : 1 << 16;
			if (cap > MAX_FILE || !(grown = realloc(data, cap))) {
				free(data);
				if (in != stdin)
					fclose(in);
				return -2;
			}
			data = grown;
		}
		n = fread(data + len, 1, cap - len, in);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(in)) {
		free(data);
		if (in != stdin)
			fclose(in);
		return -1;
	}
	if (in != stdin)
		fclose(in);
	*out = data;
	*out_len = len;
	return 0;
}

static void print_text(const lede_article *article, int several)
{
	size_t i;

	if (several)
		printf("==> %s <==\n", lede_article_source(article));
	printf("title:      %s\n", lede_article_title(article) ? lede_article_title(article) : "-");
	printf("authors:    ");
	for (i = 0; i < lede_article_author_count(article); i++)
		printf("%s%s", i ? ", " : "", lede_article_author(article, i));
	printf("%s\n", lede_article_author_count(article) ? "" : "-");
	printf("published:  %s\n", lede_article_published(article) ? lede_article_published(article) : "-");
	printf("outlet:     %s\n", lede_article_outlet(article) ? lede_article_outlet(article) : "-");
	printf("language:   %s\n", lede_article_lang(article) ? lede_article_lang(article) : "-");
	printf("page type:  %s\n", lede_article_page_type(article) ? lede_article_page_type(article) : "-");
	printf("\n%s\n", lede_article_text(article));
	if (several)
		printf("\n");
}

static json_t *extract_json(const char *file, const lede_article *article)
{
	json_t *object = json_object(), *authors = json_array();
	size_t i;

	cli_json_set_string(object, "file", file);
	cli_json_set_string(object, "url", lede_article_url(article));
	cli_json_set_string(object, "title", lede_article_title(article));
	for (i = 0; i < lede_article_author_count(article); i++)
		json_array_append_new(authors, json_string(lede_article_author(article, i)));
	json_object_set_new(object, "authors", authors);
	cli_json_set_string(object, "published", lede_article_published(article));
	cli_json_set_string(object, "outlet", lede_article_outlet(article));
	cli_json_set_string(object, "lang", lede_article_lang(article));
	cli_json_set_string(object, "page_type", lede_article_page_type(article));
	cli_json_set_string(object, "text", lede_article_text(article));
	return object;
}

int cmd_extract(const cli_context *ctx, int argc, char **argv)
{
	static const struct option options[] = {
		{"json", no_argument, NULL, 'j'},
		{"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	static const char usage_text[] =
		"usage: lede extract [--json] [--format auto|html|text] FILE...|-\n";
	lede_format format = LEDE_FORMAT_AUTO;
	int json = 0, c, i, failed = 0;

	(void)ctx;
	optind = 1;
	while ((c = getopt_long(argc, argv, "jf:h", options, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = 1;
			break;
		case 'f':
			if (lede_format_parse(&format, optarg) != 0) {
				cli_error("%s", lede_errmsg());
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
	if (optind >= argc) {
		fputs(usage_text, stderr);
		return EXIT_USAGE;
	}
	for (i = optind; i < argc; i++) {
		lede_article *article = NULL;
		char *data;
		size_t len;
		int rc = slurp(&data, &len, argv[i]);

		if (rc) {
			cli_error("%s: %s", argv[i], rc == -2 ? "file too large" : "cannot read");
			failed = 1;
			continue;
		}
		rc = lede_extract(&article, argv[i], data, len, format);
		free(data);
		if (rc) {
			cli_error("%s: %s", argv[i], lede_errmsg());
			failed = 1;
			continue;
		}
		if (json)
			cli_json_print_line(stdout, extract_json(argv[i], article));
		else
			print_text(article, argc - optind > 1);
		lede_article_free(article);
	}
	return failed ? EXIT_REJECTED : EXIT_DONE;
}
