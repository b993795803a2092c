#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

void cli_error(const char *format, ...)
{
	va_list args;

	fputs("lede: ", stderr);
	va_start(args, format);
	vfprintf(stderr, format, args);
	va_end(args);
	fputc('\n', stderr);
}

lede_db *cli_open(const cli_context *ctx, int readonly)
{
	lede_db *db = NULL;

	if (lede_db_open(&db, ctx->db_path, readonly ? LEDE_OPEN_READONLY : 0) != 0) {
		cli_error("%s", lede_errmsg());
		return NULL;
	}
	return db;
}

int cli_parse_id(int64_t *out, const char *text)
{
	char *end;
	long long value;

	errno = 0;
	value = strtoll(text, &end, 10);
	if (errno || end == text || *end || value <= 0)
		return -1;
	*out = value;
	return 0;
}

int cli_parse_time(int64_t *out, const char *text)
{
	struct tm tm;
	char *end;
	long long value;

	errno = 0;
	value = strtoll(text, &end, 10);
	if (!errno && end != text && *end == '\0' && strlen(text) > 8) {
		*out = value;
		return 0;
	}
	memset(&tm, 0, sizeof(tm));
	end = strptime(text, "%Y-%m-%d", &tm);
	if (!end)
		return -1;
	if (*end == 'T' || *end == ' ') {
		end = strptime(end + 1, "%H:%M:%S", &tm);
		if (!end)
			return -1;
		if (*end == 'Z')
			end++;
	}
	if (*end)
		return -1;
	*out = (int64_t)timegm(&tm);
	return 0;
}

void cli_format_day(char *buf, size_t size, int64_t seconds)
{
	time_t t = (time_t)seconds;
	struct tm tm;

	if (seconds == 0 || !gmtime_r(&t, &tm)) {
		snprintf(buf, size, "%s", "-");
		return;
	}
	strftime(buf, size, "%Y-%m-%d", &tm);
}

void cli_json_set_string(json_t *object, const char *key, const char *value)
{
	json_object_set_new(object, key, value ? json_string(value) : json_null());
}

json_t *cli_article_json(const lede_article *article, int with_text)
{
	json_t *object = json_object(), *authors = json_array();
	size_t i;

	if (!object || !authors) {
		json_decref(object);
		json_decref(authors);
		return NULL;
	}
	json_object_set_new(object, "id", json_integer(lede_article_id(article)));
	cli_json_set_string(object, "external_id", lede_article_external_id(article));
	cli_json_set_string(object, "source", lede_article_source(article));
	cli_json_set_string(object, "url", lede_article_url(article));
	cli_json_set_string(object, "outlet", lede_article_outlet(article));
	cli_json_set_string(object, "title", lede_article_title(article));
	for (i = 0; i < lede_article_author_count(article); i++)
		json_array_append_new(authors, json_string(lede_article_author(article, i)));
	json_object_set_new(object, "authors", authors);
	cli_json_set_string(object, "published", lede_article_published(article));
	cli_json_set_string(object, "lang", lede_article_lang(article));
	cli_json_set_string(object, "page_type", lede_article_page_type(article));
	cli_json_set_string(object, "content_hash", lede_article_content_hash(article));
	if (lede_article_fetched_at(article)) {
		/* When the source says the page was fetched (a WARC record's date). */
		time_t fetched = (time_t)lede_article_fetched_at(article);
		struct tm utc;
		char iso[32];

		if (gmtime_r(&fetched, &utc) && strftime(iso, sizeof(iso), "%Y-%m-%dT%H:%M:%SZ", &utc))
			cli_json_set_string(object, "fetched", iso);
	}
	if (with_text)
		cli_json_set_string(object, "text", lede_article_text(article));
	return object;
}

int cli_json_print_line(FILE *out, json_t *value)
{
	int rc;

	if (!value)
		return -1;
	rc = json_dumpf(value, out, JSON_COMPACT);
	json_decref(value);
	if (rc == 0)
		fputc('\n', out);
	return rc;
}
