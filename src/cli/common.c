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

int cli_print_json(char *json, int rc)
{
	if (rc) {
		cli_error("%s", lede_errmsg());
		return -1;
	}
	fputs(json, stdout);
	fputc('\n', stdout);
	lede_free(json);
	return 0;
}

int cli_json_print_line(FILE *out, json_t *value)
{
	int rc;

	char *text;

	if (!value)
		return -1;
	/* Built whole, then written once: json_dumpf writes a piece at a time. */
	text = json_dumps(value, JSON_COMPACT);
	json_decref(value);
	if (!text)
		return -1;
	rc = fputs(text, out) < 0 || fputc('\n', out) == EOF ? -1 : 0;
	lede_free(text);
	return rc;
}
