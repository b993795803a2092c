/*
 * copies.c: the engine's side of copy detection: the in-memory index over
 * the stored fingerprints (src/story/dedup.h), and each article's canonical
 * and relation kept in the store.
 *
 * The index holds the LEDE__COPY_WINDOW most recently added articles, so
 * that its memory stays flat however large the store grows: copies of a
 * story come within days of it, and a store's articles arrive roughly in
 * time.  Once it holds half a window more, it is rebuilt from the newest
 * window's fingerprints (lede__copies_set_window changes the window, for
 * tests), and the canonicals of their groups that are older than the
 * window.  Exact copies from the same place are still refused by the
 * store's content key, at any age.
 */
#include <string.h>

#include "engine/engine.h"
#include "story/dedup.h"
#include "util/alloc.h"
#include "util/error.h"

enum { MAX_GROUP_REFRESH = 512 };

static uint64_t copy_window = LEDE__COPY_WINDOW;

void lede__copies_set_window(uint64_t articles)
{
	copy_window = articles ? articles : LEDE__COPY_WINDOW;
}

/* Restores one stored fingerprint; `counted` for the window's own articles (the rebuild counts them). */
static int restore_fingerprint(lede_db *db, const lede__fingerprint_row *row, int counted)
{
	lede__dedup_fingerprint fingerprint;

	/* A blob of another format version is skipped: `lede reprocess` writes it anew. */
	if (lede__dedup_fingerprint_decode(&fingerprint, row->blob, row->blob_len) != 0)
		return 0;
	if (counted)
		db->copies_indexed++;
	return lede__dedup_index_restore(db->copies, row->id, row->published_time, &fingerprint,
					 row->duplicate_of);
}

static int restore_row(void *context, const lede__fingerprint_row *row)
{
	return restore_fingerprint(context, row, 1);
}

/* A canonical older than the window: not counted, the window is rebuilt by its own size. */
static int restore_canonical(void *context, const lede__fingerprint_row *row)
{
	return restore_fingerprint(context, row, 0);
}

/*
 * The canonicals of the window's groups that are older than the window come
 * in too: new copies of such a group are then recorded against the canonical
 * the store knows, not against a member that is itself a copy.  A canonical
 * may name one in turn (a store written before); a few rounds settle it.
 */
static int restore_missing(lede_db *db)
{
	enum { ROUNDS = 4 };
	int64_t *missing = NULL;
	size_t n, i, round;
	int rc = 0;

	for (round = 0; round < ROUNDS && rc == 0; round++) {
		n = lede__dedup_index_missing(NULL, 0, db->copies);
		if (n == 0)
			break;
		missing = lede__malloc(n * sizeof(*missing));
		if (!missing)
			return lede__error_nomem();
		n = lede__dedup_index_missing(missing, n, db->copies);
		for (i = 0; i < n && rc == 0; i++)
			rc = lede__store_fingerprint(db->store, missing[i], restore_canonical, db);
		lede__dealloc(missing);
	}
	return rc;
}

/* Builds the index from the store on first use. */
static int prepare(lede_db *db)
{
	uint64_t count = 0;
	int rc;

	if (db->copies && db->copies_indexed < copy_window + copy_window / 2)
		return 0;
	lede__copies_forget(db);
	if (!db->fingerprinter && (rc = lede__dedup_fingerprinter_new(&db->fingerprinter, NULL)) != 0)
		return rc;
	if ((rc = lede__dedup_index_new(&db->copies, NULL)) != 0)
		return rc;
	if ((rc = lede__store_article_count(&count, db->store)) == 0)
		rc = lede__dedup_index_reserve(db->copies,
					       (size_t)(count < copy_window ? count : copy_window) + 1024);
	if (rc == 0)
		rc = lede__store_each_fingerprint(db->store, copy_window, restore_row, db);
	if (rc == 0)
		rc = restore_missing(db);
	if (rc)
		lede__copies_forget(db);
	return rc;
}

void lede__copies_forget(lede_db *db)
{
	lede__dedup_index_free(db->copies);
	db->copies = NULL;
	db->copies_indexed = 0;
}

void lede__copy_print_free(lede__copy_print *print)
{
	lede__dealloc(print->fingerprint);
	print->fingerprint = NULL;
}

int lede__copies_fingerprint(lede__copy_print *out, lede_db *db, const char *text, size_t len)
{
	lede__dedup_fingerprint *fingerprint;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = prepare(db)) != 0)
		return rc;
	fingerprint = lede__malloc(sizeof(*fingerprint));
	if (!fingerprint)
		return lede__error_nomem();
	rc = lede__dedup_fingerprint_text(fingerprint, db->fingerprinter, text, len);
	if (rc == 0)
		rc = lede__dedup_fingerprint_encode(out->blob, sizeof(out->blob), &out->blob_len, fingerprint);
	if (rc) {
		lede__dealloc(fingerprint);
		return rc;
	}
	out->fingerprint = fingerprint;
	return 0;
}

/* Writes the canonical and relation the index gives `id`. */
static int record_state(lede_db *db, int64_t id)
{
	lede__dedup_state state;
	int rc = lede__dedup_index_state(&state, db->copies, id);

	if (rc)
		return rc;
	if (state.canonical == id || state.group_size <= 1)
		return lede__store_set_copy(db->store, id, 0, NULL);
	return lede__store_set_copy(db->store, id, state.canonical,
				    lede__dedup_relation_name(state.relation));
}

int lede__copies_add(int64_t *out_group_article, lede_db *db, int64_t id, int64_t published,
		     const lede__copy_print *print)
{
	lede__dedup_change change;
	size_t i;
	int rc;

	*out_group_article = 0;
	if (!print->fingerprint)
		return 0;
	if ((rc = prepare(db)) != 0)
		return rc;
	rc = lede__dedup_index_add(&change, db->copies, id, published, print->fingerprint);
	if (rc)
		return rc;
	db->copies_indexed++;
	if (change.canonical != id && (rc = record_state(db, id)) != 0)
		return rc;
	for (i = 0; i < change.replaced_count && rc == 0; i++) {
		rc = lede__store_move_copies(db->store, change.replaced[i], change.canonical);
		if (rc == 0)
			rc = lede__stories_groups_merged(db, change.canonical, change.replaced[i]);
	}
	if (rc == 0 && change.replaced_count) {
		/* A new canonical: every member's relation is now to it. */
		int64_t members[MAX_GROUP_REFRESH];
		size_t n = lede__dedup_index_group(members, MAX_GROUP_REFRESH, db->copies, id);

		for (i = 0; i < n && i < MAX_GROUP_REFRESH && rc == 0; i++)
			rc = record_state(db, members[i]);
	}
	/*
	 * The story goes with the group: a copy joins its canonical's story, and
	 * a new canonical that took over a group joins the story of the one it
	 * replaced, so that every copy stays in its canonical's story.
	 */
	if (change.canonical != id)
		*out_group_article = change.canonical;
	else if (change.replaced_count)
		*out_group_article = change.replaced[0];
	return rc;
}

typedef struct group_adapter {
	lede_copy_group_callback callback;
	void *context;
} group_adapter;

static int call_group(void *context, int64_t canonical, const int64_t *ids,
		      const char *const *relations, size_t count)
{
	group_adapter *a = context;

	return a->callback(canonical, ids, relations, count, a->context);
}

int lede_copy_groups(lede_db *db, lede_copy_group_callback callback, void *context)
{
	group_adapter a = {callback, context};

	return lede__store_each_copy_group(db->store, call_group, &a);
}
