/*
 * stories.c: the engine's side of event clustering.  Each stored article is
 * queued; before the batch commits, the queue goes to the clusterer
 * (src/story/cluster.h) in published-time order, undated articles keeping
 * their place after the dated one that arrived before them; the stories,
 * their rows and blobs, merges and the clusterer's state go to the store with
 * the batch, so that reopening the store continues the same stream.
 */
#include <stdlib.h>
#include <string.h>

#include "engine/engine.h"
#include "story/cluster.h"
#include "util/alloc.h"
#include "util/arena.h"
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

/* A frozen story's blob, for a late article that belongs to it (lede__cluster_set_fetch). */
static int fetch_event(void *context, int64_t id, lede__buf *out)
{
	lede_db *db = context;
	lede__arena arena;
	const void *blob;
	size_t len;
	int rc;

	lede__arena_init(&arena);
	rc = lede__store_story_state(&blob, &len, &arena, db->store, id);
	if (rc == 0)
		rc = lede__buf_append(out, blob, len);
	lede__arena_free(&arena);
	return rc;
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
	lede__cluster_set_fetch(db->cluster, fetch_event, db);
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

/* One queued article, with copies of what the clusterer reads. */
typedef struct queued {
	int64_t id;
	int64_t group_article; /* an article of its copy group, whose story it joins; 0 */
	int64_t order_time; /* its published time, or the last earlier arrival's */
	size_t arrival;
	lede__extracted extracted;
} queued;

/* Two copy groups that became one in this batch: their canonicals. */
typedef struct merged_groups {
	int64_t canonical, replaced;
} merged_groups;

struct lede__story_queue {
	queued *items;
	size_t count, cap;
	merged_groups *merged;
	size_t merged_count, merged_cap;
	int64_t last_time;
	lede__arena arena;
};

static void queue_clear(struct lede__story_queue *q)
{
	if (!q)
		return;
	lede__arena_free(&q->arena);
	lede__arena_init(&q->arena);
	q->count = 0;
	q->merged_count = 0;
	q->last_time = 0;
}

void lede__stories_forget(lede_db *db)
{
	if (db->story_queue) {
		lede__arena_free(&db->story_queue->arena);
		lede__dealloc(db->story_queue->items);
		lede__dealloc(db->story_queue->merged);
		lede__dealloc(db->story_queue);
		db->story_queue = NULL;
	}
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

/* Brings story `story` back live from its stored blob when it went quiet. */
static int ensure_live(lede_db *db, int64_t story)
{
	lede__cluster_event_info info;
	lede__buf blob;
	int rc;

	if (lede__cluster_event(&info, db->cluster, story) == 0 && info.live)
		return 0;
	lede__buf_init(&blob, MAX_EVENT_BLOB);
	rc = fetch_event(db, story, &blob);
	if (rc == 0)
		rc = lede__cluster_event_restore(NULL, db->cluster, blob.data, blob.len, 0,
						 LEDE__CLUSTER_RESTORE_LIVE);
	lede__buf_free(&blob);
	return rc;
}

/* The story of `article`, 0 when it has none. */
static int story_of(int64_t *story, lede_db *db, int64_t article)
{
	int rc = lede__store_article_story(story, db->store, article);

	return rc == LEDE_ENOTFOUND ? 0 : rc;
}

/* A copy joins the story of its canonical, restored from the store when it went quiet. */
static int add_copy(lede_db *db, int64_t id, const lede__extracted *extracted, int64_t story)
{
	lede__cluster_assignment assignment;
	int rc = ensure_live(db, story);

	if (rc == 0)
		rc = lede__cluster_add_copy(&assignment, db->cluster, story, id, extracted->published_time,
					    extracted->outlet);
	if (rc == 0)
		rc = lede__store_story_assign(db->store, id, story);
	return rc;
}

static int cluster_one(lede_db *db, int64_t id, const lede__extracted *extracted, int64_t group_article)
{
	lede__cluster_assignment assignment;
	lede__cluster_article article;
	int64_t story = 0;
	int rc;

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

/* A copy in `arena` of the string `s` (NULL stays NULL); 0 or LEDE_ENOMEM in *rc. */
static const char *keep(lede__arena *arena, const char *s, int *rc)
{
	const char *copy;

	if (!s || *rc)
		return NULL;
	copy = lede__arena_strdup(arena, s);
	if (!copy)
		*rc = lede__error_nomem();
	return copy;
}

/* The batch's queue, made on first use; NULL when out of memory. */
static struct lede__story_queue *queue_of(lede_db *db)
{
	struct lede__story_queue *q = db->story_queue;

	if (!q && (q = lede__calloc(1, sizeof(*q))) != NULL) {
		lede__arena_init(&q->arena);
		db->story_queue = q;
	}
	return q;
}

int lede__stories_add(lede_db *db, int64_t id, const lede__extracted *extracted, int64_t group_article)
{
	struct lede__story_queue *q = queue_of(db);
	queued *item;
	int rc = 0;

	if (!q)
		return lede__error_nomem();
	if (q->count == q->cap) {
		size_t cap = q->cap ? q->cap * 2 : 64;
		queued *grown = lede__realloc(q->items, cap * sizeof(*grown));

		if (!grown)
			return lede__error_nomem();
		q->items = grown;
		q->cap = cap;
	}
	item = &q->items[q->count];
	memset(item, 0, sizeof(*item));
	item->id = id;
	item->group_article = group_article;
	item->arrival = q->count;
	if (extracted->published_time)
		q->last_time = extracted->published_time;
	item->order_time = extracted->published_time ? extracted->published_time : q->last_time;
	item->extracted.published_time = extracted->published_time;
	item->extracted.title = keep(&q->arena, extracted->title, &rc);
	item->extracted.text = keep(&q->arena, extracted->text ? extracted->text : "", &rc);
	item->extracted.outlet = keep(&q->arena, extracted->outlet, &rc);
	item->extracted.page_type = keep(&q->arena, extracted->page_type, &rc);
	if (rc)
		return rc;
	q->count++;
	return 0;
}

int lede__stories_groups_merged(lede_db *db, int64_t canonical, int64_t replaced)
{
	struct lede__story_queue *q = queue_of(db);

	if (!q)
		return lede__error_nomem();
	if (q->merged_count == q->merged_cap) {
		size_t cap = q->merged_cap ? q->merged_cap * 2 : 16;
		merged_groups *grown = lede__realloc(q->merged, cap * sizeof(*grown));

		if (!grown)
			return lede__error_nomem();
		q->merged = grown;
		q->merged_cap = cap;
	}
	q->merged[q->merged_count].canonical = canonical;
	q->merged[q->merged_count].replaced = replaced;
	q->merged_count++;
	return 0;
}

/*
 * Copy groups merged in this batch carry their stories along: one text in
 * both, so the two stories are one (merged and recorded as the clusterer's
 * own corrections are).  After the queue is clustered, so that a new
 * canonical has its story.
 */
static int merge_group_stories(lede_db *db)
{
	struct lede__story_queue *q = db->story_queue;
	size_t i;
	int rc = 0;

	for (i = 0; q && i < q->merged_count && rc == 0; i++) {
		int64_t a, b;

		if ((rc = story_of(&a, db, q->merged[i].canonical)) != 0 ||
		    (rc = story_of(&b, db, q->merged[i].replaced)) != 0)
			break;
		if (!a || !b || a == b)
			continue;
		if ((rc = ensure_live(db, a)) != 0 || (rc = ensure_live(db, b)) != 0 ||
		    (rc = lede__cluster_merge_events(db->cluster, a, b)) != 0)
			break;
		rc = apply_merges(db);
	}
	return rc;
}

static int by_order_time(const void *a, const void *b)
{
	const queued *x = a, *y = b;

	if (x->order_time != y->order_time)
		return x->order_time < y->order_time ? -1 : 1;
	return x->arrival < y->arrival ? -1 : x->arrival > y->arrival;
}

/* Clusters the queued articles in published-time order and empties the queue. */
static int cluster_queue(lede_db *db)
{
	struct lede__story_queue *q = db->story_queue;
	size_t i;
	int rc = 0;

	if (!q || (q->count == 0 && q->merged_count == 0))
		return 0;
	if ((rc = prepare(db)) != 0)
		return rc;
	qsort(q->items, q->count, sizeof(*q->items), by_order_time);
	for (i = 0; i < q->count && rc == 0; i++)
		rc = cluster_one(db, q->items[i].id, &q->items[i].extracted, q->items[i].group_article);
	if (rc == 0)
		rc = merge_group_stories(db);
	queue_clear(q);
	return rc;
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

	if ((rc = cluster_queue(db)) != 0)
		return rc;
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
