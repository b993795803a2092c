/*
 * stories.c: the engine's side of event clustering: each stored article goes
 * to the clusterer (src/story/cluster.h) as it is added; its story, the
 * stories' rows and blobs, merges and the clusterer's state go to the store
 * with the batch, so that reopening the store continues the same stream.
 */
#include <string.h>

#include "engine/engine.h"
#include "story/cluster.h"
#include "util/buf.h"
#include "util/error.h"

enum { MAX_EVENT_BLOB = 16 << 20 };

static int restore_event(void *context, int64_t id, int64_t storyline, const void *blob, size_t len)
{
	lede_db *db = context;

	(void)id;
	return lede__cluster_event_restore(NULL, db->cluster, blob, len, storyline,
					   LEDE__CLUSTER_RESTORE_AUTO);
}

/* Creates the clusterer and restores the stream from the store on first use. */
static int prepare(lede_db *db)
{
	lede__arena arena;
	const void *state;
	size_t len;
	int rc;

	if (db->cluster)
		return 0;
	if ((rc = lede__cluster_new(&db->cluster, NULL)) != 0)
		return rc;
	lede__arena_init(&arena);
	rc = lede__store_state_get(&state, &len, &arena, db->store, "cluster");
	if (rc == 0) {
		rc = lede__cluster_state_restore(db->cluster, state, len);
		if (rc == LEDE_EINVAL)
			rc = lede__error(LEDE_ESTORE, "the store's stories were made with other clustering "
						      "parameters than this lede's");
		if (rc == 0)
			rc = lede__store_each_story_state(db->store, restore_event, db);
	} else if (rc == LEDE_ENOTFOUND) {
		rc = 0;
	}
	lede__arena_free(&arena);
	if (rc)
		lede__stories_forget(db);
	return rc;
}

void lede__stories_forget(lede_db *db)
{
	lede__cluster_free(db->cluster);
	db->cluster = NULL;
}

/* Applies the clusterer's corrections to the store. */
static int apply_merges(lede_db *db)
{
	const lede__cluster_merge *merges;
	size_t count = lede__cluster_merges(&merges, db->cluster), i;
	int rc = 0;

	for (i = 0; i < count && rc == 0; i++)
		rc = lede__store_story_merge(db->store,
					     merges[i].kind == LEDE__CLUSTER_MERGE_EVENTS ? "events" : "storylines",
					     merges[i].from, merges[i].into, merges[i].time,
					     merges[i].similarity);
	lede__cluster_merges_clear(db->cluster);
	return rc;
}

/* A copy joins the story of its canonical, restored from the store when it went quiet. */
static int add_copy(lede_db *db, int64_t id, const lede__extracted *extracted, int64_t story)
{
	lede__cluster_assignment assignment;
	int rc = lede__cluster_add_copy(&assignment, db->cluster, story, id, extracted->published_time,
					extracted->outlet);

	if (rc == LEDE_ENOTFOUND) {
		lede__arena arena;
		const void *blob;
		size_t len;

		lede__arena_init(&arena);
		rc = lede__store_story_state(&blob, &len, &arena, db->store, story);
		if (rc == 0)
			rc = lede__cluster_event_restore(NULL, db->cluster, blob, len, 0,
							 LEDE__CLUSTER_RESTORE_LIVE);
		lede__arena_free(&arena);
		if (rc == 0)
			rc = lede__cluster_add_copy(&assignment, db->cluster, story, id,
						    extracted->published_time, extracted->outlet);
	}
	if (rc == 0)
		rc = lede__store_story_assign(db->store, id, story);
	return rc;
}

int lede__stories_add(lede_db *db, int64_t id, const lede__extracted *extracted, int64_t group_article)
{
	lede__cluster_assignment assignment;
	lede__cluster_article article;
	int64_t story = 0;
	int rc;

	if ((rc = prepare(db)) != 0)
		return rc;
	if (group_article && lede__store_article_story(&story, db->store, group_article) == 0 && story) {
		rc = add_copy(db, id, extracted, story);
		if (rc != LEDE_ENOTFOUND)
			return rc;
	}
	memset(&article, 0, sizeof(article));
	article.id = id;
	article.title = extracted->title;
	article.title_len = extracted->title ? strlen(extracted->title) : 0;
	article.text = extracted->text;
	article.text_len = strlen(extracted->text);
	article.published = extracted->published_time;
	article.outlet = extracted->outlet;
	/* Listings, products and other pages may join a story, never open one. */
	article.may_open = extracted->page_type && strcmp(extracted->page_type, "article") == 0;
	if ((rc = lede__cluster_add(&assignment, db->cluster, &article)) != 0)
		return rc;
	if (assignment.event && (rc = lede__store_story_assign(db->store, id, assignment.event)) != 0)
		return rc;
	return apply_merges(db);
}

typedef struct flush_context {
	lede_db *db;
	lede__buf blob;
} flush_context;

static int store_event(void *context, const lede__cluster_event_info *event)
{
	flush_context *f = context;
	lede__story_row row;
	int rc;

	lede__buf_reset(&f->blob);
	rc = lede__cluster_event_encode(&f->blob, f->db->cluster, event->id);
	if (rc == LEDE_EINVAL || rc == LEDE_ENOTFOUND) {
		/* A frozen summary: the stored blob stays as it was. */
		lede__buf_reset(&f->blob);
		rc = 0;
	}
	if (rc)
		return rc;
	memset(&row, 0, sizeof(row));
	row.id = event->id;
	row.storyline = event->storyline;
	row.title = event->title;
	row.title_article = event->title_article;
	row.first_seen = event->first_seen;
	row.last_seen = event->last_seen;
	row.articles = event->articles;
	row.outlets = event->outlets;
	row.state = f->blob.len ? f->blob.data : NULL;
	row.state_len = f->blob.len;
	return lede__store_story_put(f->db->store, &row);
}

int lede__stories_flush(lede_db *db)
{
	flush_context f;
	int rc;

	if (!db->cluster)
		return 0;
	f.db = db;
	lede__buf_init(&f.blob, MAX_EVENT_BLOB);
	rc = lede__cluster_flush(db->cluster, store_event, &f);
	if (rc == 0) {
		lede__buf_reset(&f.blob);
		rc = lede__cluster_state_encode(&f.blob, db->cluster);
		if (rc == 0)
			rc = lede__store_state_put(db->store, "cluster", lede__buf_str(&f.blob), f.blob.len);
	}
	lede__buf_free(&f.blob);
	return rc;
}
