/*
 * server.h: lede's HTTP server: the JSON API and the web page.
 *
 * Uses only include/lede.h and libmicrohttpd.  Each worker thread of the pool
 * keeps its own read-only lede_db (SQLite WAL lets them read while another
 * process adds articles), so pages reflect new articles without a restart.
 */
#ifndef LEDE_SERVER_H
#define LEDE_SERVER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "lede.h"

typedef struct server_options {
	const char *db_path;
	const char *bind;          /* address to listen on; "127.0.0.1" by default */
	uint16_t port;             /* 8080 by default */
	const char *token;         /* enables POST /api/articles when set */
	unsigned threads;          /* worker threads */
	unsigned max_connections;
	unsigned timeout_seconds;  /* idle connections are closed after this */
	size_t max_body;           /* bytes accepted in a POST body */
	size_t cache_bytes;        /* answers kept for repeated GETs (serve.c); 0 turns the cache off */
} server_options;

void server_options_init(server_options *opts);

/* Serves until SIGINT or SIGTERM.  Returns 0, or -1 after printing why it could not start. */
int server_run(const server_options *opts);

/* ------------------------------------------------------ shared by the handlers */

/* A response built by a handler. */
typedef struct response {
	unsigned status;
	const char *content_type;
	char *body;          /* malloc'd (open_memstream); freed by the server */
	size_t length;
	const char *static_body; /* or a static body (embedded asset), not freed */
	char etag[80];       /* set for cacheable responses */
	int not_modified;    /* If-None-Match matched: send 304 */
	const char *cache_control;
} response;

/* One decoded query argument; `value` is NULL for a bare `?name`. */
typedef struct request_param {
	const char *name;
	const char *value;
} request_param;

/*
 * The request as the handlers see it: already framed and decoded (by
 * libmicrohttpd in serve.c, by the harness in fuzz/http_request.c), so that
 * nothing below depends on the network.
 */
typedef struct request {
	const char *method;
	const char *path;            /* percent-decoded, without the query */
	const char *if_none_match;
	const char *authorization;
	const char *content_type;
	const request_param *query;  /* in the order sent */
	size_t query_count;
	const char *body;
	size_t body_length;
	const server_options *options;
	lede_db *db;         /* this thread's read-only handle */
} request;

/* The first query parameter `name`, or NULL. */
const char *request_query(const request *req, const char *name);

/*
 * The answer to one request (request.c): method and URL limits, /healthz,
 * /static/, then the API or the pages.  Pure: no socket, no global state;
 * `req->db` may be NULL (the store could not be opened: 503).
 */
void request_handle(response *res, const request *req);

/* JSON API (api.c). */
void api_handle(response *res, const request *req);

/* Server-rendered pages (pages.c). */
void pages_handle(response *res, const request *req);

/* Embedded web/ files (assets generated at build time). */
int asset_find(const char *path, const unsigned char **out, size_t *out_length,
	       const char **out_type);

/* Sets a JSON error body: {"error": message} with `status`. */
void respond_error(response *res, unsigned status, const char *message);

/* Sets a body from open_memstream output. */
void respond_stream(response *res, unsigned status, const char *type, char *body, size_t length);

#endif
