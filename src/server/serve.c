/*
 * serve.c: the libmicrohttpd daemon: network limits, request framing,
 * per-thread stores, security headers.  What a request gets back is decided
 * in request.c.
 *
 * Limits (docs/api.md): a connection count, an idle timeout, a memory pool
 * per connection (which bounds the request line and headers), a body cap
 * checked against Content-Length before any body is read, and a deadline:
 * a request must arrive whole within the timeout and its answer must be
 * read within four times it.  libmicrohttpd's timeout is only an idle one,
 * so a client sending a byte every few seconds would hold a connection for
 * ever; the main thread closes such connections (see reap_late).
 *
 * GET answers are kept in a cache until the store's files change (see
 * store_version): rendering a story reads every member article, and the same
 * pages are asked for again and again.
 */
#include <arpa/inet.h>
#include <limits.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "server.h"

/* Every page and API answer: no inline script, no framing, no sniffing. */
#define CONTENT_SECURITY_POLICY                                                              \
	"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "        \
	"connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

/* The answer to a request is read within this many timeouts. */
enum { ANSWER_TIMEOUTS = 4, LOG_LINES_PER_SECOND = 5 };

static pthread_key_t db_key;
static pthread_once_t db_key_once = PTHREAD_ONCE_INIT;
static volatile sig_atomic_t stop_requested;

/* Where a connection stands, for its deadline. */
typedef enum phase {
	PHASE_RECEIVING, /* the request is arriving: deadline timeout */
	PHASE_WORKING,   /* the handler computes the answer: no deadline */
	PHASE_SENDING,   /* the answer is queued: deadline ANSWER_TIMEOUTS * timeout */
} phase;

/* One open connection, from accept to close (libmicrohttpd's socket context). */
typedef struct tracked {
	struct tracked *prev, *next;
	int fd;
	phase phase;
	time_t since; /* monotonic seconds when the phase began */
} tracked;

static pthread_mutex_t tracked_lock = PTHREAD_MUTEX_INITIALIZER;
static tracked *tracked_head;

static time_t monotonic_seconds(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec;
}

static void connection_event(void *cls, struct MHD_Connection *connection, void **context,
			     enum MHD_ConnectionNotificationCode code)
{
	const union MHD_ConnectionInfo *info;
	tracked *t = *context;

	(void)cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
		t = calloc(1, sizeof(*t));
		if (!t || !info) {
			free(t);
			return; /* untracked: only the idle timeout applies */
		}
		t->fd = info->connect_fd;
		t->phase = PHASE_RECEIVING;
		t->since = monotonic_seconds();
		pthread_mutex_lock(&tracked_lock);
		t->next = tracked_head;
		if (tracked_head)
			tracked_head->prev = t;
		tracked_head = t;
		pthread_mutex_unlock(&tracked_lock);
		*context = t;
	} else if (code == MHD_CONNECTION_NOTIFY_CLOSED && t) {
		/* libmicrohttpd closes the socket after this returns: reap_late never sees a stale fd. */
		pthread_mutex_lock(&tracked_lock);
		if (t->prev)
			t->prev->next = t->next;
		else
			tracked_head = t->next;
		if (t->next)
			t->next->prev = t->prev;
		pthread_mutex_unlock(&tracked_lock);
		free(t);
		*context = NULL;
	}
}

static void set_phase(struct MHD_Connection *connection, phase next)
{
	const union MHD_ConnectionInfo *info =
		MHD_get_connection_info(connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	tracked *t = info ? info->socket_context : NULL;

	if (!t)
		return;
	pthread_mutex_lock(&tracked_lock);
	t->phase = next;
	t->since = monotonic_seconds();
	pthread_mutex_unlock(&tracked_lock);
}

/*
 * Shuts down the sockets of connections past their deadline; libmicrohttpd
 * then sees the connection end and closes it in its own thread.
 */
static void reap_late(const server_options *opts)
{
	time_t now = monotonic_seconds();
	tracked *t;

	pthread_mutex_lock(&tracked_lock);
	for (t = tracked_head; t; t = t->next) {
		time_t limit = t->phase == PHASE_SENDING ? (time_t)opts->timeout_seconds * ANSWER_TIMEOUTS
							 : (time_t)opts->timeout_seconds;

		if (t->phase != PHASE_WORKING && now - t->since > limit)
			shutdown(t->fd, SHUT_RDWR);
	}
	pthread_mutex_unlock(&tracked_lock);
}

/* libmicrohttpd's messages, at most a few per second: a flood must not flood the log. */
static void log_message(void *cls, const char *format, va_list arguments)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	static time_t second;
	static unsigned long printed, dropped;
	time_t now = monotonic_seconds();

	(void)cls;
	pthread_mutex_lock(&lock);
	if (now != second) {
		if (dropped)
			fprintf(stderr, "lede: serve: %lu more messages not shown\n", dropped);
		second = now;
		printed = dropped = 0;
	}
	if (printed < LOG_LINES_PER_SECOND) {
		fputs("lede: serve: ", stderr);
		vfprintf(stderr, format, arguments);
		printed++;
	} else {
		dropped++;
	}
	pthread_mutex_unlock(&lock);
}

static void close_thread_db(void *db)
{
	lede_db_close(db);
}

static void make_db_key(void)
{
	pthread_key_create(&db_key, close_thread_db);
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

/* ---------------------------------------------------------------- store version */

/* Mixes one value into a 64-bit FNV-1a hash. */
static uint64_t mix(uint64_t hash, uint64_t value)
{
	int i;

	for (i = 0; i < 8; i++) {
		hash ^= (value >> (8 * i)) & 0xff;
		hash *= 0x100000001b3ull;
	}
	return hash;
}

/*
 * The store's version as other processes change it: size and modification
 * time of the database file and of its WAL.  Every commit appends to the WAL
 * (and a checkpoint rewrites the database), so a new article means a new
 * version, for two stat() calls instead of a query.  0 when the files cannot
 * be read.
 */
static uint64_t store_version(const char *db_path)
{
	struct stat db, wal;
	char wal_path[4096];
	uint64_t hash = 0xcbf29ce484222325ull;

	if (stat(db_path, &db) != 0)
		return 0;
	hash = mix(hash, (uint64_t)db.st_size);
	hash = mix(hash, (uint64_t)db.st_mtim.tv_sec);
	hash = mix(hash, (uint64_t)db.st_mtim.tv_nsec);
	hash = mix(hash, (uint64_t)db.st_ino);
	if ((size_t)snprintf(wal_path, sizeof(wal_path), "%s-wal", db_path) < sizeof(wal_path) &&
	    stat(wal_path, &wal) == 0) {
		hash = mix(hash, (uint64_t)wal.st_size);
		hash = mix(hash, (uint64_t)wal.st_mtim.tv_sec);
		hash = mix(hash, (uint64_t)wal.st_mtim.tv_nsec);
	}
	return hash ? hash : 1;
}

/* ----------------------------------------------------------------- answer cache */

/*
 * Answers to GET requests for pages and the API, kept by path and query
 * while the store's version stays the same.  The whole cache is dropped when
 * the version changes; when it is full the oldest answer goes.  Bounded by
 * options->cache_bytes.  An ETag kept with an answer stays right: it was
 * computed from the same store.
 */
typedef struct cached {
	char *key;
	char *body;
	size_t length;
	const char *content_type;  /* the handlers' string constants */
	const char *cache_control;
	char etag[80];
} cached;

enum { CACHE_ENTRIES = 512 };

static struct {
	pthread_mutex_t lock;
	uint64_t version;
	cached entries[CACHE_ENTRIES];
	size_t count, bytes;
} cache = {PTHREAD_MUTEX_INITIALIZER, 0, {{0}}, 0, 0};

static void cache_drop(size_t index)
{
	cached *entry = &cache.entries[index];

	cache.bytes -= entry->length + strlen(entry->key);
	free(entry->key);
	free(entry->body);
	memmove(entry, entry + 1, (cache.count - index - 1) * sizeof(*entry));
	cache.count--;
}

/* Drops everything when the store changed.  Call with the lock held. */
static void cache_sync(uint64_t version)
{
	if (cache.version == version)
		return;
	while (cache.count)
		cache_drop(cache.count - 1);
	cache.version = version;
}

/* Fills `res` with a copy of the answer kept for `key`; 0 when found. */
static int cache_get(response *res, const char *key, uint64_t version)
{
	size_t i;
	int found = -1;

	pthread_mutex_lock(&cache.lock);
	cache_sync(version);
	for (i = 0; i < cache.count; i++) {
		cached *entry = &cache.entries[i];
		char *body;

		if (strcmp(entry->key, key) != 0)
			continue;
		body = malloc(entry->length ? entry->length : 1);
		if (body) {
			memcpy(body, entry->body, entry->length);
			respond_stream(res, 200, entry->content_type, body, entry->length);
			res->cache_control = entry->cache_control;
			memcpy(res->etag, entry->etag, sizeof(res->etag));
			found = 0;
		}
		break;
	}
	pthread_mutex_unlock(&cache.lock);
	return found;
}

static void cache_put(const response *res, const char *key, uint64_t version, size_t limit)
{
	size_t size = res->length + strlen(key);
	cached entry;

	/* One answer may take an eighth of the cache. */
	if (res->status != 200 || !res->body || res->not_modified || size > limit / 8)
		return;
	memset(&entry, 0, sizeof(entry));
	entry.key = strdup(key);
	entry.body = malloc(res->length ? res->length : 1);
	if (!entry.key || !entry.body) {
		free(entry.key);
		free(entry.body);
		return;
	}
	memcpy(entry.body, res->body, res->length);
	entry.length = res->length;
	entry.content_type = res->content_type;
	entry.cache_control = res->cache_control;
	memcpy(entry.etag, res->etag, sizeof(entry.etag));
	pthread_mutex_lock(&cache.lock);
	cache_sync(version);
	while (cache.count && (cache.count == CACHE_ENTRIES || cache.bytes + size > limit))
		cache_drop(0);
	cache.entries[cache.count++] = entry;
	cache.bytes += size;
	pthread_mutex_unlock(&cache.lock);
}

/*
 * The cache key of a GET for a page or the API: its path and every query
 * argument in order, each with its length first so that no key or value can
 * pass for another.  NULL when the request is not cached.
 */
static char *cache_key(const request *req)
{
	char *key = NULL;
	size_t length = 0, i;
	FILE *out;

	if ((strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0) ||
	    strcmp(req->path, "/healthz") == 0 || strncmp(req->path, "/static/", 8) == 0)
		return NULL;
	out = open_memstream(&key, &length);
	if (!out)
		return NULL;
	fprintf(out, "%zu:%s", strlen(req->path), req->path);
	for (i = 0; i < req->query_count; i++) {
		const char *name = req->query[i].name, *value = req->query[i].value;

		fprintf(out, "%zu:%s", strlen(name), name);
		if (value)
			fprintf(out, "%zu:%s", strlen(value), value);
		else
			fputs("-", out);
	}
	if (fclose(out) != 0) {
		free(key);
		return NULL;
	}
	return key;
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

/* Copies libmicrohttpd's decoded query arguments (valid for the request) into req->query. */
typedef struct param_list {
	request_param *items;
	size_t count, cap;
} param_list;

static enum MHD_Result collect_param(void *cls, enum MHD_ValueKind kind, const char *name,
				     const char *value)
{
	param_list *list = cls;

	(void)kind;
	if (list->count < list->cap) {
		list->items[list->count].name = name;
		list->items[list->count].value = value;
		list->count++;
	}
	return MHD_YES;
}

/* 1 when a declared Content-Length exceeds the cap (libmicrohttpd already refused malformed ones). */
static int declared_too_big(struct MHD_Connection *connection, size_t max_body)
{
	const char *declared = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, "Content-Length");
	unsigned long long value;
	char *end;

	if (!declared)
		return 0;
	value = strtoull(declared, &end, 10); /* out of range gives ULLONG_MAX: too big */
	return end != declared && value > max_body;
}

static enum MHD_Result answer(struct MHD_Connection *connection, const server_options *opts,
			      const char *url, const char *method, const upload *body)
{
	param_list query;
	response res;
	request req;
	uint64_t version;
	char *key;
	enum MHD_Result ret;
	int count;

	set_phase(connection, PHASE_WORKING);
	memset(&res, 0, sizeof(res));
	memset(&req, 0, sizeof(req));
	memset(&query, 0, sizeof(query));
	count = MHD_get_connection_values(connection, MHD_GET_ARGUMENT_KIND, NULL, NULL);
	if (count > 0) {
		query.items = calloc((size_t)count, sizeof(*query.items));
		if (!query.items)
			return MHD_NO;
		query.cap = (size_t)count;
		MHD_get_connection_values(connection, MHD_GET_ARGUMENT_KIND, collect_param, &query);
	}
	req.method = method;
	req.path = url;
	req.query = query.items;
	req.query_count = query.count;
	req.options = opts;
	req.if_none_match = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, "If-None-Match");
	req.authorization = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, "Authorization");
	req.content_type = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, "Content-Type");
	req.db = worker_db(opts);
	if (body) {
		req.body = body->data ? body->data : "";
		req.body_length = body->length;
	}
	version = opts->cache_bytes && req.db && !body ? store_version(opts->db_path) : 0;
	key = version ? cache_key(&req) : NULL;
	if (body && body->too_big) {
		respond_error(&res, 413, "request body too large");
	} else if (key && cache_get(&res, key, version) == 0) {
		if (res.etag[0] && req.if_none_match && strcmp(req.if_none_match, res.etag) == 0)
			res.not_modified = 1;
	} else {
		request_handle(&res, &req);
		if (key)
			cache_put(&res, key, version, opts->cache_bytes);
	}
	free(key);
	ret = send_response(connection, &res);
	free(res.body);
	free(query.items);
	set_phase(connection, PHASE_SENDING);
	return ret;
}

/* An error sent before any of the body is read; libmicrohttpd then closes the connection. */
static enum MHD_Result refuse(struct MHD_Connection *connection, unsigned status, const char *message)
{
	response res;
	enum MHD_Result ret;

	memset(&res, 0, sizeof(res));
	respond_error(&res, status, message);
	ret = send_response(connection, &res);
	free(res.body);
	set_phase(connection, PHASE_SENDING);
	return ret;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *connection, const char *url,
			      const char *method, const char *version, const char *upload_data,
			      size_t *upload_data_size, void **state)
{
	const server_options *opts = cls;
	upload *body = *state;

	(void)version;
	/*
	 * Both framings at once is how request smuggling through a proxy starts
	 * (RFC 9112, 6.3); libmicrohttpd would follow Transfer-Encoding.
	 */
	if (!body && MHD_lookup_connection_value(connection, MHD_HEADER_KIND, "Transfer-Encoding") &&
	    MHD_lookup_connection_value(connection, MHD_HEADER_KIND, "Content-Length"))
		return refuse(connection, 400, "both Content-Length and Transfer-Encoding");
	if (strcmp(method, "POST") != 0)
		return answer(connection, opts, url, method, NULL);
	if (!body) {
		if (declared_too_big(connection, opts->max_body))
			return refuse(connection, 413, "request body too large");
		body = calloc(1, sizeof(*body));
		if (!body)
			return MHD_NO;
		*state = body;
		return MHD_YES;
	}
	if (*upload_data_size) {
		/* Bounded body (chunked uploads declare no length): past the cap the rest is dropped. */
		if (!body->too_big && *upload_data_size <= opts->max_body - body->length) {
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
	return answer(connection, opts, url, method, body);
}

static void request_done(void *cls, struct MHD_Connection *connection, void **state,
			 enum MHD_RequestTerminationCode code)
{
	upload *body = *state;

	(void)cls;
	(void)code;
	if (body) {
		free(body->data);
		free(body);
		*state = NULL;
	}
	/* The next request on a kept-alive connection has its own deadline. */
	set_phase(connection, PHASE_RECEIVING);
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
	unsigned threads, pool_limit;

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
	/*
	 * libmicrohttpd splits the connection limit evenly between the pool's
	 * threads, and connections do not spread evenly: with 256 over 4 threads,
	 * 100 clients already overflowed one thread.  So each thread may take
	 * max_connections, and the per-address limit (counted over the whole
	 * pool) keeps one client to max_connections.
	 */
	threads = opts->threads ? opts->threads : 1;
	pool_limit = opts->max_connections <= UINT_MAX / threads ? opts->max_connections * threads
								 : opts->max_connections;
	/* The memory pool bounds the request line and headers (431 or 414 beyond). */
	daemon = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, opts->port,
				  NULL, NULL, handle, (void *)opts,
				  MHD_OPTION_EXTERNAL_LOGGER, log_message, NULL,
				  MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&address,
				  MHD_OPTION_THREAD_POOL_SIZE, opts->threads,
				  MHD_OPTION_CONNECTION_LIMIT, pool_limit,
				  MHD_OPTION_PER_IP_CONNECTION_LIMIT, opts->max_connections,
				  MHD_OPTION_CONNECTION_TIMEOUT, opts->timeout_seconds,
				  MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(128 * 1024),
				  MHD_OPTION_NOTIFY_COMPLETED, request_done, NULL,
				  MHD_OPTION_NOTIFY_CONNECTION, connection_event, NULL,
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
	while (!stop_requested) {
		/* A signal cuts the sleep short. */
		struct timespec second = {1, 0};

		nanosleep(&second, NULL);
		reap_late(opts);
	}
	MHD_stop_daemon(daemon);
	return 0;
}
