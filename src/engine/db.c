#include <jansson.h>
#include <libxml/parser.h>
#include <pthread.h>

#include "engine/engine.h"
#include "story/dedup.h"
#include "util/alloc.h"
#include "util/error.h"

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void init_libraries(void)
{
	/* jansson allocates through lede so that failure injection reaches it (alloc.h). */
	json_set_alloc_funcs(lede__json_malloc, lede__dealloc);
	xmlInitParser();
}

void lede__engine_init(void)
{
	pthread_once(&init_once, init_libraries);
}

int lede_db_open(lede_db **out, const char *path, unsigned flags)
{
	lede_db *db;
	int rc;

	lede__engine_init();
	*out = NULL;
	if (!path || !*path)
		return lede__error(LEDE_EINVAL, "no store path given");
	db = lede__calloc(1, sizeof(*db));
	if (!db)
		return lede__error_nomem();
	db->readonly = (flags & LEDE_OPEN_READONLY) != 0;
	rc = lede__store_open(&db->store, path, db->readonly);
	if (rc) {
		lede__dealloc(db);
		return rc;
	}
	*out = db;
	return 0;
}

void lede_db_close(lede_db *db)
{
	if (!db)
		return;
	lede__copies_forget(db);
	lede__stories_forget(db);
	lede__dedup_fingerprinter_free(db->fingerprinter);
	lede__store_close(db->store);
	lede__dealloc(db);
}

int lede_db_stats_get(lede_db_stats *out, lede_db *db)
{
	return lede__store_stats(out, db->store);
}
