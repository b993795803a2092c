/*
 * serve.c: the libmicrohttpd daemon: limits, routing, per-thread stores,
 * security headers.
 */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "server.h"

/* Every page and API answer: no inline script, no framing, no sniffing. */
#define CONTENT_SECURITY_POLICY                                                              \
	"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "        \
	"connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

static pthread_key_t db_key;
static pthread_once_t db_key_once = PTHREAD_ONCE_INIT;
static volatile sig_atomic_t stop_requested;

static void close_thread_db(void *db)
{
	lede_db_close(db);
}

static void make_db_key(void)
{
	pthread_key_create(&db_key, close_thread_db);
}

void server_options_init(server_options *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->bind = "127.0.0.1";
	opts->port = 8080;
	opts->threads = 4;
	opts->max_connections = 256;
	opts->timeout_seconds = 30;
	opts->max_body = 16u << 20;
}

const char *request_query(const request *req, const char *name)
{
	return MHD_lookup_connection_value(req->connection, MHD_GET_ARGUMENT_KIND, name);
}

void respond_error(response *res, unsigned status, const char *message)
{
	char *body = NULL;
	size_t length = 0;
	FILE *out = open_memstream(&body, &length);
	const char *p;

	if (!out)
		return;
	fputs("{\"error\":\"", out);
	for (p = message; *p; p++) {
		if (*p == '"' || *p == '\\')
			fputc('\\', out);
		if ((unsigned char)*p >= 0x20)
			fputc(*p, out);
	}
	fputs("\"}", out);
	fclose(out);
	respond_stream(res, status, "application/json", body, length);
}

void respond_stream(response *res, unsigned status, const char *type, char *body, size_t length)
{
	free(res->body);
	res->status = status;
	res->content_type = type;
	res->body = body;
	res->length = length;
	res->static_body = NULL;
}

/* This worker thread's read-only store, opened on first use, closed when the thread ends. */
static lede_db *worker_db(const server_options *opts)
{
	lede_db *db;

	pthread_once(&db_key_once, make_db_key);
	db = pthread_getspecific(db_key);
	if (!db && lede_db_open(&db, opts->db_path, LEDE_OPEN_READONLY) == 0)
		pthread_setspecific(db_key, db);
	return db;
}

static void route(response *res, const request *req)
{
	const unsigned char *asset;
	size_t length;
	const char *type;

	if (strcmp(req->path, "/healthz") == 0) {
		char *body = strdup(req->db ? "{\"ok\":true}" : "{\"ok\":false,\"error\":\"store unavailable\"}");

		respond_stream(res, req->db ? 200 : 503, "application/json", body, body ? strlen(body) : 0);
		return;
	}
	if (strncmp(req->path, "/static/", 8) == 0) {
		if (asset_find(req->path + 8, &asset, &length, &type) == 0) {
			res->status = 200;
			res->content_type = type;
			res->static_body = (const char *)asset;
			res->length = length;
			res->cache_control = "public, max-age=3600";
		} else {
			respond_error(res, 404, "no such file");
		}
		return;
	}
	if (!req->db) {
		respond_error(res, 503, "the store cannot be opened");
		return;
	}
	if (strncmp(req->path, "/api/", 5) == 0)
		api_handle(res, req);
	else
		pages_handle(res, req);
}

typedef struct upload {
	char *data;
	size_t length, cap;
	int too_big;
} upload;

static enum MHD_Result send_response(struct MHD_Connection *connection, response *res)
{
	struct MHD_Response *reply;
	enum MHD_Result ret;

	if (res->not_modified) {
		reply = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
		res->status = 304;
	} else if (res->static_body) {
		reply = MHD_create_response_from_buffer(res->length, (void *)res->static_body,
							MHD_RESPMEM_PERSISTENT);
	} else {
		reply = MHD_create_response_from_buffer(res->length, res->body ? res->body : (void *)"",
							res->body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
		if (reply)
			res->body = NULL;
	}
	if (!reply)
		return MHD_NO;
	if (res->content_type)
		MHD_add_response_header(reply, "Content-Type", res->content_type);
	MHD_add_response_header(reply, "Content-Security-Policy", CONTENT_SECURITY_POLICY);
	MHD_add_response_header(reply, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(reply, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(reply, "X-Frame-Options", "DENY");
	if (res->etag[0])
		MHD_add_response_header(reply, "ETag", res->etag);
	MHD_add_response_header(reply, "Cache-Control", res->cache_control ? res->cache_control : "no-cache");
	ret = MHD_queue_response(connection, res->status, reply);
	MHD_destroy_response(reply);
	return ret;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *connection, const char *url,
			      const char *method, const char *version, const char *upload_data,
			      size_t *upload_data_size, void **state)
{
	const server_options *opts = cls;
	upload *body = *state;
	response res;
	request req;
	enum MHD_Result ret;

	(void)version;
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0 && strcmp(method, "POST") != 0) {
		memset(&res, 0, sizeof(res));
		respond_error(&res, 405, "method not allowed");
		return send_response(connection, &res);
	}
	if (strcmp(method, "POST") == 0) {
		if (!body) {
			body = calloc(1, sizeof(*body));
			if (!body)
				return MHD_NO;
			*state = body;
			return MHD_YES;
		}
		if (*upload_data_size) {
			/* Bounded body: past the limit the rest is read and dropped, then refused. */
			if (!body->too_big && body->length + *upload_data_size <= opts->max_body) {
				if (body->length + *upload_data_size + 1 > body->cap) {
					size_t cap = body->cap ? body->cap : 65536;
					char *grown;

					while (cap < body->length + *upload_data_size + 1)
						cap *= 2;
					grown = realloc(body->data, cap);
					if (!grown)
						return MHD_NO;
					body->data = grown;
					body->cap = cap;
				}
				memcpy(body->data + body->length, upload_data, *upload_data_size);
				body->length += *upload_data_size;
				body->data[body->length] = '\0';
			} else {
				body->too_big = 1;
			}
			*upload_data_size = 0;
			return MHD_YES;
		}
	}
	memset(&res, 0, sizeof(res));
	memset(&req, 0, sizeof(req));
	req.method = method;
	req.path = url;
	req.connection = connection;
	req.options = opts;
	req.if_none_match = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, "If-None-Match");
	req.authorization = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, "Authorization");
	req.db = worker_db(opts);
	if (body) {
		req.body = body->data ? body->data : "";
		req.body_length = body->length;
	}
	res.status = 500;
	if (body && body->too_big)
		respond_error(&res, 413, "request body too large");
	else if (strlen(url) > 2048)
		respond_error(&res, 414, "URI too long");
	else
		route(&res, &req);
	if (!res.body && !res.static_body && !res.not_modified)
		respond_error(&res, 500, "internal error");
	ret = send_response(connection, &res);
	free(res.body);
	return ret;
}

static void request_done(void *cls, struct MHD_Connection *connection, void **state,
			 enum MHD_RequestTerminationCode code)
{
	upload *body = *state;

	(void)cls;
	(void)connection;
	(void)code;
	if (body) {
		free(body->data);
		free(body);
		*state = NULL;
	}
}

static void on_signal(int signal_number)
{
	(void)signal_number;
	stop_requested = 1;
}

int server_run(const server_options *opts)
{
	struct sockaddr_in address;
	struct MHD_Daemon *daemon;
	struct sigaction action;
	lede_db *probe = NULL;

	memset(&address, 0, sizeof(address));
	address.sin_family = AF_INET;
	address.sin_port = htons(opts->port);
	if (inet_pton(AF_INET, opts->bind, &address.sin_addr) != 1) {
		fprintf(stderr, "lede: serve: %s is not an IPv4 address\n", opts->bind);
		return -1;
	}
	if (lede_db_open(&probe, opts->db_path, LEDE_OPEN_READONLY) != 0) {
		fprintf(stderr, "lede: serve: %s\n", lede_errmsg());
		return -1;
	}
	lede_db_close(probe);
	daemon = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, opts->port,
				  NULL, NULL, handle, (void *)opts,
				  MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&address,
				  MHD_OPTION_THREAD_POOL_SIZE, opts->threads,
				  MHD_OPTION_CONNECTION_LIMIT, opts->max_connections,
				  MHD_OPTION_PER_IP_CONNECTION_LIMIT, opts->max_connections,
				  MHD_OPTION_CONNECTION_TIMEOUT, opts->timeout_seconds,
				  MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(128 * 1024),
				  MHD_OPTION_NOTIFY_COMPLETED, request_done, NULL,
				  MHD_OPTION_END);
	if (!daemon) {
		fprintf(stderr, "lede: serve: cannot listen on %s:%u\n", opts->bind, opts->port);
		return -1;
	}
	memset(&action, 0, sizeof(action));
	action.sa_handler = on_signal;
	sigaction(SIGINT, &action, NULL);
	sigaction(SIGTERM, &action, NULL);
	fprintf(stderr, "lede: serving %s on http://%s:%u/\n", opts->db_path, opts->bind, opts->port);
	while (!stop_requested)
		pause();
	MHD_stop_daemon(daemon);
	return 0;
}
