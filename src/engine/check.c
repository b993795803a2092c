/*
 * check.c: lede_check: the store verified against itself, and repaired.
 *
 * Order matters when repairing: the file first (nothing else is trusted on
 * a damaged file), then the search index, each article's derived columns
 * (the fingerprints the copy check reads), copies (which may move a copy
 * into its canonical's story), memberships, and last the stories, whose
 * counters are recounted from the memberships as they stand by then.
 * Every repair runs in the one transaction the check holds.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/engine.h"
#include "store/check.h"
#include "story/cluster.h"
#include "story/dedup.h"
#include "text/normalize.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/compress.h"
#include "util/error.h"

enum {
	DERIVED_PAGE = 128,
	MAX_MESSAGE = 1024,
	MAX_EVENT_BLOB = 16 << 20,
	MAX_RAW = 1 << 30
};

typedef struct checker {
	lede_db *db;
	lede__store *store;
	int repair;          /* LEDE_CHECK_REPAIR asked for, and the file is sound */
	lede_check_callback callback;
	void *context;
	lede_check_report report;
	char message[MAX_MESSAGE];
} checker;

const char *lede_check_area_name(lede_check_area area)
{
	switch (area) {
	case LEDE_CHECK_FILE:
		return "file";
	case LEDE_CHECK_SEARCH:
		return "search";
	case LEDE_CHECK_ARTICLE:
		return "article";
	case LEDE_CHECK_COPY:
		return "copy";
	case LEDE_CHECK_MEMBER:
		return "member";
	case LEDE_CHECK_STORY:
		return "story";
	}
	return "unknown";
}

/*
 * Reports one finding: `what` is wrong; `repair` (NULL when it was not
 * repaired) says what was done about it.
 */
static void note(checker *c, lede_check_area area, int64_t article, int64_t story, const char *repair,
		 const char *format, ...) __attribute__((format(printf, 6, 7)));

static void note(checker *c, lede_check_area area, int64_t article, int64_t story, const char *repair,
		 const char *format, ...)
{
	lede_check_finding finding;
	va_list args;
	int len;

	va_start(args, format);
	len = vsnprintf(c->message, sizeof(c->message), format, args);
	va_end(args);
	if (repair && len >= 0 && (size_t)len < sizeof(c->message))
		snprintf(c->message + len, sizeof(c->message) - (size_t)len, ": %s", repair);
	c->report.findings++;
	if (repair)
		c->report.repaired++;
	if (!c->callback)
		return;
	finding.area = area;
	finding.article_id = article;
	finding.story_id = story;
	finding.message = c->message;
	finding.repaired = repair != NULL;
	c->callback(&finding, c->context);
}

/* ---------------------------------------------------------------- file */

/* One finding per line of what integrity_check says (a row may hold several lines). */
static int file_problem(void *context, const char *text)
{
	while (*text) {
		const char *end = strchr(text, '\n');
		int len = end ? (int)(end - text) : (int)strlen(text);

		if (len > 0 && strncmp(text, "*** in database", 15) != 0)
			note(context, LEDE_CHECK_FILE, 0, 0, NULL, "integrity_check: %.*s", len, text);
		text += len + (end != NULL);
	}
	return 0;
}

/* ------------------------------------------------------- search index */

typedef struct search_row {
	int64_t id;
	int unindexed;
} search_row;

typedef struct search_rows {
	lede__arena *arena;
	search_row *items;
	size_t count, cap;
} search_rows;

static int keep_search_row(void *context, int64_t id, int unindexed)
{
	search_rows *rows = context;

	if (rows->count == rows->cap) {
		size_t cap = rows->cap ? rows->cap * 2 : 64;
		search_row *grown = lede__arena_alloc(rows->arena, cap * sizeof(*grown));

		if (!grown)
			return lede__error_nomem();
		if (rows->count)
			memcpy(grown, rows->items, rows->count * sizeof(*grown));
		rows->items = grown;
		rows->cap = cap;
	}
	rows->items[rows->count].id = id;
	rows->items[rows->count].unindexed = unindexed;
	rows->count++;
	return 0;
}

/*
 * The indexed rows against the articles; `sound` is what FTS5's own
 * integrity-check said (1 when it could not run: read-only stores).
 */
static int check_search(checker *c, int sound)
{
	lede__arena arena;
	search_rows rows;
	const char *repair = c->repair ? "search index rebuilt" : NULL;
	size_t i;
	int rc;

	lede__arena_init(&arena);
	memset(&rows, 0, sizeof(rows));
	rows.arena = &arena;
	if ((rc = lede__store_search_diff(c->store, keep_search_row, &rows)) != 0)
		goto cleanup;
	if ((sound && rows.count == 0) || (repair && (rc = lede__store_search_rebuild(c->store)) != 0))
		goto cleanup;
	for (i = 0; i < rows.count; i++) {
		if (rows.items[i].unindexed)
			note(c, LEDE_CHECK_SEARCH, rows.items[i].id, 0, repair,
			     "article %lld is not in the search index", (long long)rows.items[i].id);
		else
			note(c, LEDE_CHECK_SEARCH, rows.items[i].id, 0, repair,
			     "the search index holds article %lld, which does not exist",
			     (long long)rows.items[i].id);
	}
	if (!sound && rows.count == 0)
		note(c, LEDE_CHECK_SEARCH, 0, 0, repair,
		     "the search index disagrees with the articles' titles and texts");
cleanup:
	lede__arena_free(&arena);
	return rc;
}

/* ------------------------------------------------------ derived columns */

static int same_string(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* The raw page's size, decompressed; LEDE_EFORMAT (message set) when it cannot be read. */
static int raw_size(uint64_t *out, lede__store *store, int64_t id)
{
	lede__arena arena;
	lede__buf page;
	const void *frame;
	size_t frame_len;
	lede_format format;
	int rc;

	*out = 0;
	lede__arena_init(&arena);
	lede__buf_init(&page, MAX_RAW);
	rc = lede__store_article_raw(&frame, &frame_len, &format, &arena, store, id);
	if (rc == 0) {
		rc = lede__decompress(&page, frame, frame_len);
		if (rc && rc != LEDE_ENOMEM)
			rc = lede__error(LEDE_EFORMAT, "%s", lede_errmsg());
	}
	if (rc == 0)
		*out = page.len;
	lede__buf_free(&page);
	lede__arena_free(&arena);
	return rc;
}

/* Appends "; " and a formatted problem to `out` (a lede__buf: ENOMEM on failure). */
static int problem(lede__buf *out, const char *format, ...) __attribute__((format(printf, 2, 3)));

static int problem(lede__buf *out, const char *format, ...)
{
	char text[256];
	va_list args;

	va_start(args, format);
	vsnprintf(text, sizeof(text), format, args);
	va_end(args);
	if (out->len && lede__buf_append_str(out, "; ") != 0)
		return LEDE_ENOMEM;
	return lede__buf_append_str(out, text);
}

static int check_article(checker *c, const lede__derived_row *r, lede__buf *problems)
{
	lede__extracted extracted;
	lede__doc doc;
	lede__dedup_fingerprint fingerprint;
	lede__article_row fixed;
	uint8_t blob[LEDE__DEDUP_BLOB_MAX];
	size_t blob_len = 0;
	uint64_t hash, size = r->raw_size;
	const char *place_key;
	int rc, raw_rc = 0, fingerprint_ok;

	lede__buf_reset(problems);
	if ((rc = lede__text_content_hash(&hash, r->text, strlen(r->text))) != 0)
		return rc;
	if (hash != r->content_hash &&
	    (rc = problem(problems, "content hash %016llx, its text's is %016llx",
			  (unsigned long long)r->content_hash, (unsigned long long)hash)) != 0)
		return rc;
	memset(&extracted, 0, sizeof(extracted));
	memset(&doc, 0, sizeof(doc));
	extracted.url = r->url;
	extracted.outlet = r->outlet;
	doc.external_id = r->external_id;
	doc.name = r->source;
	place_key = lede__place_key(&extracted, &doc);
	if (!same_string(place_key, r->place_key) &&
	    (rc = problem(problems, "place key \"%.80s\", its fields give \"%.80s\"",
			  r->place_key ? r->place_key : "", place_key)) != 0)
		return rc;
	rc = lede__dedup_fingerprint_text(&fingerprint, c->db->fingerprinter, r->text, strlen(r->text));
	if (rc == 0)
		rc = lede__dedup_fingerprint_encode(blob, sizeof(blob), &blob_len, &fingerprint);
	if (rc == LEDE_ENOMEM)
		return rc;
	fingerprint_ok = rc == 0;
	rc = 0;
	if (!r->fingerprint)
		rc = problem(problems, "no fingerprint");
	else if (fingerprint_ok &&
		 (r->fingerprint_len != blob_len || memcmp(r->fingerprint, blob, blob_len) != 0))
		rc = problem(problems, "fingerprint is not its text's");
	if (rc)
		return rc;
	if (!r->has_raw) {
		raw_rc = LEDE_EFORMAT;
		rc = problem(problems, "no raw page");
	} else if ((raw_rc = raw_size(&size, c->store, r->id)) == LEDE_ENOMEM) {
		return raw_rc;
	} else if (raw_rc) {
		rc = problem(problems, "raw page unreadable (%s)", lede_errmsg());
	} else if (size != r->raw_size) {
		rc = problem(problems, "raw size %llu, its raw page has %llu bytes",
			     (unsigned long long)r->raw_size, (unsigned long long)size);
	}
	if (rc || !problems->len)
		return rc;
	if (!c->repair) {
		note(c, LEDE_CHECK_ARTICLE, r->id, 0, NULL, "article %lld: %s", (long long)r->id,
		     lede__buf_str(problems));
		return 0;
	}
	memset(&fixed, 0, sizeof(fixed));
	fixed.id = r->id;
	fixed.content_hash = hash;
	fixed.place_key = place_key;
	fixed.fingerprint = fingerprint_ok ? blob : r->fingerprint;
	fixed.fingerprint_len = fingerprint_ok ? blob_len : r->fingerprint_len;
	fixed.raw_size = raw_rc ? r->raw_size : size;
	rc = lede__store_article_set_derived(c->store, &fixed);
	if (rc == LEDE_EINVAL) {
		note(c, LEDE_CHECK_ARTICLE, r->id, 0, NULL, "article %lld: %s; not repaired: %s",
		     (long long)r->id, lede__buf_str(problems), lede_errmsg());
		return 0;
	}
	if (rc)
		return rc;
	if (raw_rc)
		note(c, LEDE_CHECK_ARTICLE, r->id, 0, NULL,
		     "article %lld: %s; the rest was recomputed, the raw page cannot be", (long long)r->id,
		     lede__buf_str(problems));
	else
		note(c, LEDE_CHECK_ARTICLE, r->id, 0, "recomputed", "article %lld: %s", (long long)r->id,
		     lede__buf_str(problems));
	return 0;
}

static int check_articles(checker *c)
{
	lede__arena arena;
	lede__derived_row *rows;
	lede__buf problems;
	size_t count, i;
	int64_t after = 0;
	int rc;

	if (!c->db->fingerprinter &&
	    (rc = lede__dedup_fingerprinter_new(&c->db->fingerprinter, NULL)) != 0)
		return rc;
	lede__arena_init(&arena);
	lede__buf_init(&problems, 4096);
	for (;;) {
		lede__arena_free(&arena);
		if ((rc = lede__store_derived_page(&rows, &count, &arena, c->store, after, DERIVED_PAGE)) != 0 ||
		    count == 0)
			break;
		for (i = 0; i < count && rc == 0; i++)
			rc = check_article(c, &rows[i], &problems);
		if (rc)
			break;
		after = rows[count - 1].id;
	}
	lede__buf_free(&problems);
	lede__arena_free(&arena);
	return rc;
}

/* -------------------------------------------------------------- copies */

typedef struct copy_entry {
	int64_t id;
	int64_t published;
	int64_t duplicate_of;
	int64_t story;
	int relation;        /* lede__dedup_relation; -1: a name that is none of them */
	int in_index;
} copy_entry;

/* An article whose recorded canonical does not exist: matched again once the groups stand. */
typedef struct lost_copy {
	int64_t id, published;
	lede__dedup_fingerprint fingerprint;
} lost_copy;

typedef struct copies {
	copy_entry *items;
	size_t count, cap;
	lede__dedup_index *index;
	lost_copy *lost;
	size_t lost_count, lost_cap;
} copies;

static int relation_code(const char *name)
{
	int r;

	if (!name)
		return LEDE__DEDUP_NONE;
	for (r = LEDE__DEDUP_EXACT; r <= LEDE__DEDUP_CONTAINED_IN; r++)
		if (strcmp(name, lede__dedup_relation_name((lede__dedup_relation)r)) == 0)
			return r;
	return -1;
}

static int keep_copy_row(void *context, const lede__copy_row *r)
{
	copies *all = context;
	copy_entry *e;

	if (all->count == all->cap) {
		size_t cap = all->cap ? all->cap * 2 : 1024;
		copy_entry *grown = lede__realloc(all->items, cap * sizeof(*grown));

		if (!grown)
			return lede__error_nomem();
		all->items = grown;
		all->cap = cap;
	}
	e = &all->items[all->count++];
	e->id = r->id;
	e->published = r->published_time;
	e->duplicate_of = r->duplicate_of;
	e->story = r->story;
	e->relation = relation_code(r->relation);
	e->in_index = 0;
	return 0;
}

static int compare_entry_id(const void *key, const void *item)
{
	int64_t id = *(const int64_t *)key, other = ((const copy_entry *)item)->id;

	return id < other ? -1 : id > other;
}

static copy_entry *find_entry(const copies *all, int64_t id)
{
	if (!all->count)
		return NULL;
	return bsearch(&id, all->items, all->count, sizeof(*all->items), compare_entry_id);
}

static int restore_fingerprint(void *context, const lede__fingerprint_row *row)
{
	copies *all = context;
	lede__dedup_fingerprint fingerprint;
	copy_entry *e = find_entry(all, row->id);
	int rc;

	/* An unreadable fingerprint is the article check's finding; the article stays out. */
	if (!e || lede__dedup_fingerprint_decode(&fingerprint, row->blob, row->blob_len) != 0)
		return 0;
	if (row->duplicate_of && row->duplicate_of != row->id && !find_entry(all, row->duplicate_of)) {
		lost_copy *lost;

		if (all->lost_count == all->lost_cap) {
			size_t cap = all->lost_cap ? all->lost_cap * 2 : 16;
			lost_copy *grown = lede__realloc(all->lost, cap * sizeof(*grown));

			if (!grown)
				return lede__error_nomem();
			all->lost = grown;
			all->lost_cap = cap;
		}
		lost = &all->lost[all->lost_count++];
		lost->id = row->id;
		lost->published = row->published_time;
		lost->fingerprint = fingerprint;
		return 0;
	}
	/* The stored groups, as the engine restores them; canonicals are chosen again by the rule. */
	rc = lede__dedup_index_restore(all->index, row->id, row->published_time, &fingerprint,
				       row->duplicate_of != row->id ? row->duplicate_of : 0);
	if (rc == LEDE_EINVAL)
		return 0; /* made with other parameters: left out like an unreadable one */
	if (rc == 0)
		e->in_index = 1;
	return rc;
}

static const char *relation_text(int relation)
{
	return relation > 0 ? lede__dedup_relation_name((lede__dedup_relation)relation) : "none";
}

/* The canonical and relation the copy index gives entry `e` (stored ones when it is not in the index). */
static void expected_copy(int64_t *out_canonical, int *out_relation, const copies *all, const copy_entry *e)
{
	lede__dedup_state state;
	const copy_entry *canonical;

	*out_canonical = 0;
	*out_relation = LEDE__DEDUP_NONE;
	if (e->in_index) {
		if (lede__dedup_index_state(&state, all->index, e->id) == 0 && state.canonical != e->id &&
		    state.group_size > 1) {
			*out_canonical = state.canonical;
			*out_relation = (int)state.relation;
		}
		return;
	}
	/* No fingerprint: the stored canonical stands when it is a canonical that exists. */
	canonical = e->duplicate_of && e->duplicate_of != e->id ? find_entry(all, e->duplicate_of) : NULL;
	if (!canonical)
		return;
	if (canonical->in_index && lede__dedup_index_state(&state, all->index, canonical->id) == 0)
		*out_canonical = state.canonical;
	else if (!canonical->duplicate_of)
		*out_canonical = canonical->id;
	*out_relation = *out_canonical ? e->relation : LEDE__DEDUP_NONE;
}

static int check_copy(checker *c, copies *all, copy_entry *e)
{
	int64_t canonical;
	int relation, rc;
	const copy_entry *stored = e->duplicate_of ? find_entry(all, e->duplicate_of) : NULL;
	char what[256];

	expected_copy(&canonical, &relation, all, e);
	if (canonical == e->duplicate_of && relation == e->relation)
		return 0;
	if (e->duplicate_of == e->id)
		snprintf(what, sizeof(what), "is recorded as a copy of itself");
	else if (e->duplicate_of && !stored)
		snprintf(what, sizeof(what), "is a copy of %lld, which does not exist",
			 (long long)e->duplicate_of);
	else if (stored && stored->duplicate_of)
		snprintf(what, sizeof(what), "is a copy of %lld, itself a copy of %lld",
			 (long long)e->duplicate_of, (long long)stored->duplicate_of);
	else if (canonical != e->duplicate_of && e->duplicate_of)
		snprintf(what, sizeof(what), "is a copy of %lld, the copy index says of %lld",
			 (long long)e->duplicate_of, (long long)canonical);
	else if (canonical != e->duplicate_of)
		snprintf(what, sizeof(what), "is recorded as no copy, the copy index says of %lld",
			 (long long)canonical);
	else if (!e->duplicate_of)
		snprintf(what, sizeof(what), "is no copy but has relation %s", relation_text(e->relation));
	else if (e->relation < 0)
		snprintf(what, sizeof(what), "has a relation that is none of exact, near, contains, contained-in");
	else
		snprintf(what, sizeof(what), "has relation %s to %lld, the copy index says %s",
			 relation_text(e->relation), (long long)canonical, relation_text(relation));
	if (canonical && relation <= 0) {
		/* Not in the index and no readable relation: nothing to set it from. */
		note(c, LEDE_CHECK_COPY, e->id, 0, NULL, "article %lld %s", (long long)e->id, what);
		return 0;
	}
	if (!c->repair) {
		note(c, LEDE_CHECK_COPY, e->id, 0, NULL, "article %lld %s", (long long)e->id, what);
		return 0;
	}
	rc = lede__store_set_copy(c->store, e->id, canonical,
				  canonical ? lede__dedup_relation_name((lede__dedup_relation)relation) : NULL);
	if (rc)
		return rc;
	e->duplicate_of = canonical;
	e->relation = relation;
	note(c, LEDE_CHECK_COPY, e->id, 0, canonical ? "set from the copy index" : "cleared",
	     "article %lld %s", (long long)e->id, what);
	return 0;
}

/* A copy stands in its canonical's story (the engine puts it there as it arrives). */
static int check_copy_story(checker *c, copies *all, copy_entry *e)
{
	const copy_entry *canonical;
	int rc;

	if (!e->duplicate_of || !(canonical = find_entry(all, e->duplicate_of)) || !canonical->story ||
	    e->story == canonical->story)
		return 0;
	if (!c->repair) {
		note(c, LEDE_CHECK_MEMBER, e->id, e->story, NULL,
		     "copy %lld is in %s%lld, its canonical %lld in story %lld", (long long)e->id,
		     e->story ? "story " : "no story", (long long)(e->story ? e->story : 0),
		     (long long)canonical->id, (long long)canonical->story);
		return 0;
	}
	if ((rc = lede__store_story_assign(c->store, e->id, canonical->story)) != 0)
		return rc;
	note(c, LEDE_CHECK_MEMBER, e->id, e->story, "moved to its canonical's story",
	     "copy %lld is in story %lld, its canonical %lld in story %lld", (long long)e->id,
	     (long long)e->story, (long long)canonical->id, (long long)canonical->story);
	e->story = canonical->story;
	return 0;
}

static int check_copies(checker *c)
{
	copies all;
	size_t i;
	int rc;

	memset(&all, 0, sizeof(all));
	if ((rc = lede__store_each_copy_row(c->store, keep_copy_row, &all)) != 0 ||
	    (rc = lede__dedup_index_new(&all.index, NULL)) != 0 ||
	    (rc = lede__dedup_index_reserve(all.index, all.count + 1)) != 0 ||
	    (rc = lede__store_each_fingerprint(c->store, 0, restore_fingerprint, &all)) != 0)
		goto cleanup;
	/* Copies of a missing canonical are matched as if they arrived now, like the engine does. */
	for (i = 0; i < all.lost_count; i++) {
		lede__dedup_change change;
		copy_entry *e = find_entry(&all, all.lost[i].id);

		rc = lede__dedup_index_add(&change, all.index, all.lost[i].id, all.lost[i].published,
					   &all.lost[i].fingerprint);
		if (rc == LEDE_ENOMEM)
			goto cleanup;
		if (rc == 0 && e)
			e->in_index = 1;
		rc = 0;
	}
	c->report.articles = all.count;
	for (i = 0; i < all.count && rc == 0; i++)
		rc = check_copy(c, &all, &all.items[i]);
	if (rc)
		goto cleanup;
	/* Copies' stories against their canonicals', as the repairs above left the canonicals. */
	for (i = 0; i < all.count && rc == 0; i++)
		rc = check_copy_story(c, &all, &all.items[i]);
cleanup:
	lede__dedup_index_free(all.index);
	lede__dealloc(all.items);
	lede__dealloc(all.lost);
	return rc;
}

/* ----------------------------------------------------------- members */

typedef struct orphan {
	int64_t article, story;
	int exists;
} orphan;

typedef struct orphans {
	orphan *items;
	size_t count, cap;
} orphans;

static int keep_orphan(void *context, int64_t article, int exists, int64_t story)
{
	orphans *list = context;

	if (list->count == list->cap) {
		size_t cap = list->cap ? list->cap * 2 : 64;
		orphan *grown = lede__realloc(list->items, cap * sizeof(*grown));

		if (!grown)
			return lede__error_nomem();
		list->items = grown;
		list->cap = cap;
	}
	list->items[list->count].article = article;
	list->items[list->count].story = story;
	list->items[list->count].exists = exists;
	list->count++;
	return 0;
}

static int check_orphans(checker *c)
{
	orphans list;
	size_t i;
	int rc;

	memset(&list, 0, sizeof(list));
	rc = lede__store_each_orphan_member(c->store, keep_orphan, &list);
	for (i = 0; i < list.count && rc == 0; i++) {
		const orphan *o = &list.items[i];

		if (c->repair && (rc = lede__store_member_remove(c->store, o->article)) != 0)
			break;
		note(c, LEDE_CHECK_MEMBER, o->article, o->story, c->repair ? "row removed" : NULL,
		     "%s %lld is listed in story %lld, which does not exist",
		     o->exists ? "article" : "missing article", (long long)o->article, (long long)o->story);
	}
	lede__dealloc(list.items);
	return rc;
}

/* ------------------------------------------------------------- stories */

static int compare_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* What a story's members say its counters are. */
typedef struct story_count {
	lede__cluster_recount recount;
	uint32_t outlets;
	int64_t first_seen, last_seen;
	int64_t title_article;
	const char *title;
} story_count;

/* Counts the existing members `rows` into *out; `row` is the stored story (for undated bounds). */
static int count_members(story_count *out, lede__arena *arena, const lede__member_row *rows, size_t count,
			 const lede__story_row *row)
{
	const char **outlets;
	uint64_t *keys;
	size_t i, n = 0, distinct = 0;
	int title_member = 0;

	memset(out, 0, sizeof(*out));
	outlets = lede__arena_alloc(arena, (count + 1) * sizeof(*outlets));
	keys = lede__arena_alloc(arena, (count + 1) * sizeof(*keys));
	if (!outlets || !keys)
		return lede__error_nomem();
	out->recount.all_dated = 1;
	for (i = 0; i < count; i++) {
		const lede__member_row *m = &rows[i];
		uint64_t key;

		if (!m->exists)
			continue;
		out->recount.articles++;
		if (m->duplicate_of)
			out->recount.copies++;
		outlets[out->recount.outlet_count++] = m->outlet;
		if ((key = lede__cluster_outlet_key(m->outlet)) != 0)
			keys[n++] = key;
		if (m->published_time) {
			if (!out->recount.dated_first || m->published_time < out->recount.dated_first)
				out->recount.dated_first = m->published_time;
			if (m->published_time > out->recount.dated_last)
				out->recount.dated_last = m->published_time;
		} else {
			out->recount.all_dated = 0;
		}
		if (m->article_id == row->title_article)
			title_member = 1;
		if (!out->title && m->title && *m->title) {
			out->title = m->title;
			out->title_article = m->article_id;
		}
	}
	out->recount.outlets = outlets;
	qsort(keys, n, sizeof(*keys), compare_u64);
	for (i = 0; i < n; i++)
		distinct += i == 0 || keys[i] != keys[i - 1];
	out->outlets = (uint32_t)distinct;
	if (out->recount.all_dated && out->recount.articles) {
		out->first_seen = out->recount.dated_first;
		out->last_seen = out->recount.dated_last;
	} else {
		/*
		 * An undated member was seen at the stream's clock then: the
		 * stored span stands if it covers the dated ones.
		 */
		out->first_seen = row->first_seen;
		out->last_seen = row->last_seen;
		if (out->recount.dated_first && (!out->first_seen || out->first_seen > out->recount.dated_first))
			out->first_seen = out->recount.dated_first;
		if (out->last_seen < out->recount.dated_last)
			out->last_seen = out->recount.dated_last;
	}
	if (title_member || row->title_article == 0) {
		out->title_article = row->title_article;
		out->title = row->title;
	}
	return 0;
}

/* Appends "; name N recorded, M counted" style differences of `row` from `count` to `out`. */
static int describe_counts(lede__buf *out, const lede__story_row *row, const story_count *count)
{
	int rc = 0;

	if (row->articles != count->recount.articles)
		rc = lede__buf_printf(out, "%s%u articles recorded, %u members", out->len ? "; " : "",
				      (unsigned)row->articles, (unsigned)count->recount.articles);
	if (rc == 0 && row->outlets != count->outlets)
		rc = lede__buf_printf(out, "%s%u outlets recorded, %u among the members", out->len ? "; " : "",
				      (unsigned)row->outlets, (unsigned)count->outlets);
	if (rc == 0 && row->first_seen != count->first_seen)
		rc = lede__buf_printf(out, "%sfirst seen %lld recorded, the members say %lld",
				      out->len ? "; " : "", (long long)row->first_seen,
				      (long long)count->first_seen);
	if (rc == 0 && row->last_seen != count->last_seen)
		rc = lede__buf_printf(out, "%slast seen %lld recorded, the members say %lld",
				      out->len ? "; " : "", (long long)row->last_seen,
				      (long long)count->last_seen);
	if (rc == 0 && row->title_article != count->title_article)
		rc = lede__buf_printf(out, "%stitle from article %lld, not a member", out->len ? "; " : "",
				      (long long)row->title_article);
	return rc;
}

typedef struct story_checker {
	checker *c;
	lede__cluster *scratch;  /* the clusterer's state restored, to read each event's blob; NULL */
	lede__buf blob;
	lede__buf text;
} story_checker;

/* The clusterer's blob of story `row` against its members. */
static int check_story_state(story_checker *s, const lede__story_row *row, const story_count *count,
			     lede__arena *arena)
{
	checker *c = s->c;
	lede__cluster_event_info info;
	const void *state;
	size_t len;
	int rc;

	rc = lede__store_story_state(&state, &len, arena, c->store, row->id);
	if (rc == LEDE_ENOTFOUND)
		return 0;
	if (rc)
		return rc;
	rc = lede__cluster_event_restore(NULL, s->scratch, state, len, row->storyline,
					 LEDE__CLUSTER_RESTORE_LIVE);
	if (rc == LEDE_ENOMEM)
		return rc;
	if (rc) {
		if (c->repair && (rc = lede__store_story_set_state(c->store, row->id, NULL, 0)) != 0)
			return rc;
		note(c, LEDE_CHECK_STORY, 0, row->id,
		     c->repair ? "dropped: later copies of its articles open or join other stories" : NULL,
		     "story %lld: the clusterer's state is unreadable (%s)", (long long)row->id, lede_errmsg());
		return 0;
	}
	rc = lede__cluster_event(&info, s->scratch, row->id);
	/*
	 * Without a dated member the span is the stream's clock when they came,
	 * which only the clusterer's state knows: the members cannot check it.
	 */
	if (rc == 0 && info.articles == count->recount.articles && info.outlets == count->outlets &&
	    ((info.first_seen == count->first_seen && info.last_seen == count->last_seen) ||
	     !count->recount.dated_first))
		goto done;
	if (rc) {
		/* The blob names another event: it cannot stand for this story. */
		if (c->repair && (rc = lede__store_story_set_state(c->store, row->id, NULL, 0)) != 0)
			return rc;
		note(c, LEDE_CHECK_STORY, 0, row->id, c->repair ? "dropped" : NULL,
		     "story %lld: the clusterer's state is of another story", (long long)row->id);
		return 0;
	}
	lede__buf_reset(&s->text);
	if (lede__buf_printf(&s->text, "story %lld: the clusterer's state counts %u articles, %u outlets,"
				       " seen %lld..%lld; the members say %u, %u, %lld..%lld",
			     (long long)row->id, (unsigned)info.articles, (unsigned)info.outlets,
			     (long long)info.first_seen, (long long)info.last_seen,
			     (unsigned)count->recount.articles, (unsigned)count->outlets,
			     (long long)count->first_seen, (long long)count->last_seen) != 0) {
		rc = lede__error_nomem();
		goto done;
	}
	if (c->repair) {
		lede__buf_reset(&s->blob);
		if ((rc = lede__cluster_event_recount(s->scratch, row->id, &count->recount)) != 0 ||
		    (rc = lede__cluster_event_encode(&s->blob, s->scratch, row->id)) != 0 ||
		    (rc = lede__store_story_set_state(c->store, row->id, s->blob.data, s->blob.len)) != 0)
			goto done;
	}
	note(c, LEDE_CHECK_STORY, 0, row->id, c->repair ? "recounted" : NULL, "%s", lede__buf_str(&s->text));
done:
	lede__cluster_event_drop(s->scratch, row->id);
	return rc;
}

static int check_story(story_checker *s, int64_t id, lede__arena *arena)
{
	checker *c = s->c;
	lede__story_row row, fixed;
	lede__member_row *members;
	story_count count;
	size_t member_count, i;
	int rc;

	if ((rc = lede__store_story_load(&row, arena, c->store, id)) != 0 ||
	    (rc = lede__store_story_member_rows(&members, &member_count, arena, c->store, id)) != 0)
		return rc;
	for (i = 0; i < member_count; i++) {
		if (members[i].exists)
			continue;
		if (c->repair && (rc = lede__store_member_remove(c->store, members[i].article_id)) != 0)
			return rc;
		note(c, LEDE_CHECK_MEMBER, members[i].article_id, id, c->repair ? "row removed" : NULL,
		     "story %lld lists article %lld, which does not exist", (long long)id,
		     (long long)members[i].article_id);
	}
	if ((rc = count_members(&count, arena, members, member_count, &row)) != 0)
		return rc;
	if (count.recount.articles == 0) {
		if (c->repair && (rc = lede__store_story_delete(c->store, id)) != 0)
			return rc;
		note(c, LEDE_CHECK_STORY, 0, id, c->repair ? "story removed" : NULL,
		     "story %lld has no articles", (long long)id);
		return 0;
	}
	lede__buf_reset(&s->text);
	if (describe_counts(&s->text, &row, &count) != 0)
		return lede__error_nomem();
	if (s->text.len) {
		if (c->repair) {
			fixed = row;
			fixed.articles = count.recount.articles;
			fixed.outlets = count.outlets;
			fixed.first_seen = count.first_seen;
			fixed.last_seen = count.last_seen;
			fixed.title_article = count.title_article;
			fixed.title = count.title;
			fixed.state = NULL; /* kept */
			if ((rc = lede__store_story_put(c->store, &fixed)) != 0)
				return rc;
		}
		note(c, LEDE_CHECK_STORY, 0, id, c->repair ? "recounted" : NULL, "story %lld: %s", (long long)id,
		     lede__buf_str(&s->text));
	}
	if (s->scratch)
		return check_story_state(s, &row, &count, arena);
	return 0;
}

/* Restores the clusterer's own state into s->scratch; a missing or unreadable one is a finding. */
static int prepare_scratch(story_checker *s, size_t stories)
{
	checker *c = s->c;
	lede__arena arena;
	const void *state;
	size_t len;
	int rc;

	lede__arena_init(&arena);
	rc = lede__store_state_get(&state, &len, &arena, c->store, "cluster");
	if (rc == LEDE_ENOTFOUND) {
		if (stories)
			note(c, LEDE_CHECK_STORY, 0, 0, NULL,
			     "the clusterer's state is missing: adding to this store would reuse story ids");
		rc = 0;
		goto cleanup;
	}
	if (rc == 0)
		rc = lede__cluster_new(&s->scratch, NULL);
	if (rc == 0) {
		rc = lede__cluster_state_restore(s->scratch, state, len);
		if (rc == LEDE_EINVAL || rc == LEDE_EFORMAT) {
			note(c, LEDE_CHECK_STORY, 0, 0, NULL, "the clusterer's state %s",
			     rc == LEDE_EINVAL ? "was made with other clustering parameters than this lede's"
					       : "is unreadable");
			rc = 0;
			lede__cluster_free(s->scratch);
			s->scratch = NULL;
		}
	}
cleanup:
	lede__arena_free(&arena);
	return rc;
}

static int check_stories(checker *c)
{
	story_checker s;
	lede__arena ids_arena, arena;
	int64_t *ids;
	size_t count, i;
	int rc;

	memset(&s, 0, sizeof(s));
	s.c = c;
	lede__buf_init(&s.blob, MAX_EVENT_BLOB);
	lede__buf_init(&s.text, 4096);
	lede__arena_init(&ids_arena);
	lede__arena_init(&arena);
	if ((rc = check_orphans(c)) != 0 ||
	    (rc = lede__store_story_ids(&ids, &count, &ids_arena, c->store)) != 0 ||
	    (rc = prepare_scratch(&s, count)) != 0)
		goto cleanup;
	c->report.stories = count;
	for (i = 0; i < count && rc == 0; i++) {
		rc = check_story(&s, ids[i], &arena);
		lede__arena_free(&arena);
	}
cleanup:
	lede__cluster_free(s.scratch);
	lede__buf_free(&s.blob);
	lede__buf_free(&s.text);
	lede__arena_free(&ids_arena);
	lede__arena_free(&arena);
	return rc;
}

/* --------------------------------------------------------------- check */

int lede_check(lede_check_report *out, lede_db *db, unsigned flags, lede_check_callback callback,
	       void *context)
{
	checker c;
	int rc, sound = 1, repair = (flags & LEDE_CHECK_REPAIR) != 0;
	uint64_t file_findings;

	if (out)
		memset(out, 0, sizeof(*out));
	if (repair && db->readonly)
		return lede__error(LEDE_EINVAL, "store opened read-only: cannot repair");
	memset(&c, 0, sizeof(c));
	c.db = db;
	c.store = db->store;
	c.callback = callback;
	c.context = context;
	/*
	 * FTS5's integrity-check is an INSERT: outside a repair it runs on its
	 * own, before the read transaction, so that it never upgrades it.  It
	 * reads every title and text and holds the write lock meanwhile, so
	 * LEDE_CHECK_QUICK leaves it out (the indexed rows are still compared).
	 */
	if (!repair && !db->readonly && !(flags & LEDE_CHECK_QUICK) &&
	    (rc = lede__store_search_verify(&sound, c.store)) != 0)
		return rc;
	rc = repair ? lede__store_begin(c.store) : lede__store_begin_read(c.store);
	if (rc)
		return rc;
	if ((rc = lede__store_integrity(c.store, file_problem, &c)) != 0)
		goto cleanup;
	file_findings = c.report.findings;
	if (file_findings) {
		note(&c, LEDE_CHECK_FILE, 0, 0, NULL,
		     "the file is damaged: nothing else was checked or repaired; restore a backup or "
		     "recover the rows with sqlite3's .recover");
		goto cleanup;
	}
	c.repair = repair;
	if (repair && !(flags & LEDE_CHECK_QUICK) && (rc = lede__store_search_verify(&sound, c.store)) != 0)
		goto cleanup;
	if ((rc = check_search(&c, sound)) != 0)
		goto cleanup;
	if (!(flags & LEDE_CHECK_QUICK) && (rc = check_articles(&c)) != 0)
		goto cleanup;
	if ((rc = check_copies(&c)) != 0 || (rc = check_stories(&c)) != 0)
		goto cleanup;
cleanup:
	if (rc == 0 && c.repair) {
		rc = lede__store_commit(c.store);
		if (rc)
			lede__store_rollback(c.store);
	} else {
		lede__store_rollback(c.store);
	}
	if (repair) {
		/* The in-memory indexes are rebuilt from the store when next needed. */
		lede__copies_forget(db);
		lede__stories_forget(db);
	}
	if (rc == 0 && out)
		*out = c.report;
	return rc;
}
