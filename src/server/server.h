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

/* The request as the handlers see it. */
typedef struct request {
	const char *method;
	const char *path;
	const char *if_none_match;
	const char *authorization;
	struct MHD_Connection *connection;
	const char *body;
	size_t body_length;
	const server_options *options;
	lede_db *db;         /* this thread's read-only handle */
} request;

/* The query parameter `name`, or NULL. */
const char *request_query(const request *req, const char *name);

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
