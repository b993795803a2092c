/*
 * request.c: one request's answer, independent of libmicrohttpd: the limits
 * that do not need the socket, /healthz, embedded static files, then the
 * JSON API or the pages.  serve.c frames and decodes requests off the
 * network; fuzz/http_request.c drives this file from raw bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "server.h"

enum { MAX_URL_LENGTH = 2048 };

void server_options_init(server_options *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->bind = "127.0.0.1";
	opts->port = 8080;
	opts->threads = 4;
	opts->max_connections = 256;
	opts->timeout_seconds = 30;
	opts->max_body = 16u << 20;
	opts->cache_bytes = 32u << 20;
}

const char *request_query(const request *req, const char *name)
{
	size_t i;

	for (i = 0; i < req->query_count; i++)
		if (strcmp(req->query[i].name, name) == 0)
			return req->query[i].value;
	return NULL;
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
		/* Embedded files are looked up by exact name: no path reaches the file system. */
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

void request_handle(response *res, const request *req)
{
	if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0 &&
	    strcmp(req->method, "POST") != 0)
		respond_error(res, 405, "method not allowed");
	else if (strlen(req->path) > MAX_URL_LENGTH)
		respond_error(res, 414, "URI too long");
	else
		route(res, req);
	if (!res->body && !res->static_body && !res->not_modified)
		respond_error(res, 500, "internal error");
}
