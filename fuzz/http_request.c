/*
 * libFuzzer target: one raw HTTP request through the server's request
 * handling (src/server/request.c and what it routes to), against a small
 * store built once.
 *
 * libmicrohttpd parses the request line and headers in the real server; this
 * harness frames the bytes the same way instead:
 *
 *   METHOD SP TARGET [SP VERSION] LF   (CR before LF dropped)
 *   Name: value LF ...                 (If-None-Match, Authorization, Content-Type kept; first wins)
 *   LF
 *   body                               (POST only)
 *
 * and decodes TARGET as libmicrohttpd does: the path percent-decoded, the
 * query split on '&' and the first '=', '+' as a space, both sides
 * percent-decoded, a NUL cutting a value short.
 *
 * Every application/json answer must be valid JSON (jansson checks UTF-8 too);
 * anything else is a finding.  With HTTP_REQUEST_TRACE set, each answer's
 * status and start are printed (to check what a seed reaches).  POST /api/articles writes to a second store,
 * reset from a snapshot before each such request so runs stay reproducible.
 */
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "lede.h"
#include "server/server.h"
#include "util/hex.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_TOKEN "fuzz-token"

/* Three short articles written for this harness: two outlets on one event, one unrelated. */
static const char store_articles[] =
	"{\"id\": \"f1\", \"url\": \"https://north.example/ferry\", \"outlet\": \"North Gazette\", "
	"\"published\": \"2025-04-02T08:00:00Z\", \"lang\": \"en\", \"title\": \"Night ferry to Ostholm "
	"runs aground in fog\", \"text\": \"The night ferry to Ostholm ran aground in thick fog on "
	"Tuesday, the harbour office said. \\\"Nobody was hurt,\\\" said captain Lena Marsh. All 212 "
	"passengers were taken ashore by lifeboat.\\n\\nThe company said the ship would be towed to "
	"Brandt dock on Wednesday.\"}\n"
	"{\"id\": \"f2\", \"url\": \"https://coast.example/news/ferry-aground\", \"outlet\": \"Coast "
	"Daily\", \"published\": \"2025-04-02T10:30:00Z\", \"title\": \"Ostholm ferry aground, 210 "
	"passengers rescued\", \"text\": \"A ferry bound for Ostholm ran aground in fog early on "
	"Tuesday. \\\"Nobody was hurt,\\\" captain Lena Marsh said. The harbour office put the number of "
	"passengers at 210.\\n\\nTugs will tow the ship to Brandt dock.\"}\n"
	"{\"id\": \"f3\", \"url\": \"https://north.example/library\", \"outlet\": \"North Gazette\", "
	"\"published\": \"2025-04-05T12:00:00Z\", \"title\": \"Town library extends its opening hours\", "
	"\"text\": \"The town library will open until nine in the evening from May, the council "
	"decided on Friday.\"}\n";

static char directory[4096];
static char store_path[4200], ingest_path[4200];
static lede_db *store;
static char *snapshot;
static size_t snapshot_length;
static int ready;

static void remove_store_files(const char *path)
{
	char name[4300];

	unlink(path);
	snprintf(name, sizeof(name), "%s-wal", path);
	unlink(name);
	snprintf(name, sizeof(name), "%s-shm", path);
	unlink(name);
}

static void tear_down(void)
{
	lede_db_close(store);
	store = NULL;
	remove_store_files(store_path);
	remove_store_files(ingest_path);
	rmdir(directory);
	free(snapshot);
}

static int read_file(char **out, size_t *out_length, const char *path)
{
	FILE *in = fopen(path, "rb");
	char *data = NULL;
	long size;

	if (!in)
		return -1;
	if (fseek(in, 0, SEEK_END) != 0 || (size = ftell(in)) <= 0 || fseek(in, 0, SEEK_SET) != 0 ||
	    !(data = malloc((size_t)size)) || fread(data, 1, (size_t)size, in) != (size_t)size) {
		free(data);
		fclose(in);
		return -1;
	}
	fclose(in);
	*out = data;
	*out_length = (size_t)size;
	return 0;
}

static void set_up(void)
{
	const char *tmp = getenv("TMPDIR");
	lede_add_options opts;
	lede_add_stats stats;
	lede_db *db = NULL;
	char wal[4300];

	snprintf(directory, sizeof(directory), "%s/lede-fuzz-http.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(directory)) {
		perror("http_request: mkdtemp");
		abort();
	}
	snprintf(store_path, sizeof(store_path), "%s/store.db", directory);
	snprintf(ingest_path, sizeof(ingest_path), "%s/ingest.db", directory);
	lede_add_options_init(&opts);
	opts.format = LEDE_FORMAT_JSONL;
	if (lede_db_open(&db, store_path, 0) != 0 ||
	    lede_add_memory(db, "fuzz.jsonl", store_articles, sizeof(store_articles) - 1, &opts, &stats) != 0 ||
	    stats.added != 3) {
		fprintf(stderr, "http_request: cannot build the store: %s\n", lede_errmsg());
		abort();
	}
	lede_db_close(db);
	/* Closing the last connection checkpoints the WAL: the main file is the whole store. */
	snprintf(wal, sizeof(wal), "%s-wal", store_path);
	if (access(wal, F_OK) == 0 || read_file(&snapshot, &snapshot_length, store_path) != 0 ||
	    lede_db_open(&store, store_path, LEDE_OPEN_READONLY) != 0) {
		fprintf(stderr, "http_request: cannot snapshot the store\n");
		abort();
	}
	atexit(tear_down);
	ready = 1;
}

/* The ingest store back to its snapshot: each POST sees the same three articles. */
static void reset_ingest_store(void)
{
	FILE *out;

	remove_store_files(ingest_path);
	out = fopen(ingest_path, "wb");
	if (!out || fwrite(snapshot, 1, snapshot_length, out) != snapshot_length || fclose(out) != 0) {
		perror("http_request: ingest store");
		abort();
	}
}

/*
 * Decodes text[0, length) into a new string: %XX as a byte (other '%' kept),
 * '+' as a space when `plus_is_space`; a decoded NUL ends the string.
 */
static char *decode(const char *text, size_t length, int plus_is_space)
{
	char *out = malloc(length + 1);
	size_t i, n = 0;

	if (!out)
		abort();
	for (i = 0; i < length; i++) {
		if (text[i] == '%' && i + 2 < length && lede__hex_value(text[i + 1]) >= 0 &&
		    lede__hex_value(text[i + 2]) >= 0) {
			out[n++] = (char)(lede__hex_value(text[i + 1]) * 16 + lede__hex_value(text[i + 2]));
			i += 2;
		} else if (text[i] == '+' && plus_is_space) {
			out[n++] = ' ';
		} else {
			out[n++] = text[i];
		}
	}
	out[n] = '\0';
	return out;
}

/* A copy of data[0, length) as a string (a NUL inside cuts it short, as in a C header value). */
static char *copy(const char *data, size_t length)
{
	char *out = malloc(length + 1);

	if (!out)
		abort();
	memcpy(out, data, length);
	out[length] = '\0';
	return out;
}

/* The next line of data[*at, size): its start and length without CR LF; *at moves past it. */
static int next_line(const char **out, size_t *out_length, const char *data, size_t size, size_t *at)
{
	const char *start = data + *at, *end;
	size_t length;

	if (*at >= size)
		return 0;
	end = memchr(start, '\n', size - *at);
	length = end ? (size_t)(end - start) : size - *at;
	*at += length + (end ? 1 : 0);
	if (length && start[length - 1] == '\r')
		length--;
	*out = start;
	*out_length = length;
	return 1;
}

typedef struct parsed {
	char *method, *path, *query_text;
	char *if_none_match, *authorization, *content_type;
	request_param *params;
	size_t param_count;
} parsed;

static void parse_query(parsed *p, const char *text)
{
	size_t count = 1, length = strlen(text);
	const char *segment = text;

	for (const char *c = text; *c; c++)
		count += *c == '&';
	p->params = calloc(count, sizeof(*p->params));
	if (!p->params)
		abort();
	while (segment <= text + length) {
		const char *end = strchr(segment, '&'), *equals;
		size_t segment_length;

		if (!end)
			end = text + length;
		segment_length = (size_t)(end - segment);
		if (segment_length) {
			request_param *param = &p->params[p->param_count++];

			equals = memchr(segment, '=', segment_length);
			if (equals) {
				param->name = decode(segment, (size_t)(equals - segment), 1);
				param->value = decode(equals + 1, (size_t)(end - equals - 1), 1);
			} else {
				param->name = decode(segment, segment_length, 1);
				param->value = NULL;
			}
		}
		segment = end + 1;
	}
}

static void header(parsed *p, const char *line, size_t length)
{
	const char *colon = memchr(line, ':', length), *value;
	size_t name_length, value_length;
	char **slot = NULL;

	if (!colon)
		return;
	name_length = (size_t)(colon - line);
	value = colon + 1;
	value_length = length - name_length - 1;
	while (value_length && (*value == ' ' || *value == '\t')) {
		value++;
		value_length--;
	}
	while (value_length && (value[value_length - 1] == ' ' || value[value_length - 1] == '\t'))
		value_length--;
	if (name_length == 13 && strncasecmp(line, "If-None-Match", 13) == 0)
		slot = &p->if_none_match;
	else if (name_length == 13 && strncasecmp(line, "Authorization", 13) == 0)
		slot = &p->authorization;
	else if (name_length == 12 && strncasecmp(line, "Content-Type", 12) == 0)
		slot = &p->content_type;
	if (slot && !*slot)
		*slot = copy(value, value_length);
}

static void check_answer(const response *res, const request *req)
{
	const char *body = res->static_body ? res->static_body : res->body;
	json_error_t error;
	json_t *parsed_body;

	if (getenv("HTTP_REQUEST_TRACE"))
		fprintf(stderr, "%s %u %.*s\n", req->path, res->not_modified ? 304 : res->status,
			(int)(res->length < 100 ? res->length : 100), body ? body : "");
	if (res->not_modified)
		return;
	if (res->status < 200 || res->status > 599 || !res->content_type || (!body && res->length)) {
		fprintf(stderr, "http_request: bad answer: status %u\n", res->status);
		abort();
	}
	if (strncmp(res->content_type, "application/json", 16) != 0)
		return;
	parsed_body = json_loadb(body ? body : "", res->length, 0, &error);
	if (!parsed_body) {
		fprintf(stderr, "http_request: status %u answer is not JSON (%s): %.*s\n", res->status,
			error.text, (int)(res->length < 400 ? res->length : 400), body ? body : "");
		abort();
	}
	json_decref(parsed_body);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data, *line, *space, *target, *question;
	size_t at = 0, length, target_length;
	server_options options;
	parsed p;
	request req;
	response res;
	size_t i;

	if (!ready)
		set_up();
	memset(&p, 0, sizeof(p));
	if (!next_line(&line, &length, text, size, &at))
		return 0;
	/* Request line: METHOD SP TARGET [SP VERSION]. */
	space = memchr(line, ' ', length);
	if (!space) {
		p.method = copy(line, length);
		target = "/";
		target_length = 1;
	} else {
		p.method = copy(line, (size_t)(space - line));
		target = space + 1;
		target_length = length - (size_t)(target - line);
		space = memchr(target, ' ', target_length);
		if (space)
			target_length = (size_t)(space - target);
	}
	question = memchr(target, '?', target_length);
	p.path = decode(target, question ? (size_t)(question - target) : target_length, 0);
	p.query_text = copy(question ? question + 1 : "", question ? target_length - (size_t)(question - target) - 1 : 0);
	parse_query(&p, p.query_text);
	while (next_line(&line, &length, text, size, &at) && length)
		header(&p, line, length);

	server_options_init(&options);
	options.db_path = ingest_path;
	options.token = FUZZ_TOKEN;
	memset(&req, 0, sizeof(req));
	memset(&res, 0, sizeof(res));
	req.method = p.method;
	req.path = p.path;
	req.query = p.params;
	req.query_count = p.param_count;
	req.if_none_match = p.if_none_match;
	req.authorization = p.authorization;
	req.content_type = p.content_type;
	req.options = &options;
	req.db = store;
	if (strcmp(p.method, "POST") == 0) {
		req.body = text + at;
		req.body_length = size - at;
		if (strcmp(p.path, "/api/articles") == 0)
			reset_ingest_store();
	}
	/* The body as the server hands it over: NUL-terminated. */
	if (req.body) {
		char *body = copy(req.body, req.body_length);

		req.body = body;
		request_handle(&res, &req);
		free(body);
	} else {
		request_handle(&res, &req);
	}
	check_answer(&res, &req);
	free(res.body);

	for (i = 0; i < p.param_count; i++) {
		free((char *)p.params[i].name);
		free((char *)p.params[i].value);
	}
	free(p.params);
	free(p.method);
	free(p.path);
	free(p.query_text);
	free(p.if_none_match);
	free(p.authorization);
	free(p.content_type);
	return 0;
}
