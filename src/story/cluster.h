/*
 * cluster.h: streaming event clustering and storylines.
 *
 * Articles arrive one at a time (in published-time order when known, arrival
 * order otherwise: the caller orders them).  Each joins the most similar live
 * event or opens a new one (single-pass clustering after Miranda et al.,
 * "Multilingual Clustering of Streaming News", EMNLP 2018): the similarity
 * is a weighted mean of the cosines of TF-IDF sub-vectors (title, body,
 * entities; sim/tfidf.h, IDF kept incrementally) between the article and the
 * event's centroid (the mean cosine to its members when undated), raised for
 * an article published while the event is being covered and lowered as the
 * time between them grows, on a scale that follows the stream's pace, then
 * moved by what a report states about its event: the weekday it names and
 * its figures.  Sparse TF-IDF rather than dense embeddings: Staykovski et al.,
 * "Dense vs. Sparse Representations for News Stream Clustering", 2019.
 * Candidate events come from an inverted index over each live event's top
 * terms, so the cost of an article depends on the live window, not on the
 * number of articles seen.  After an article joins, its event is compared
 * with the live events it now resembles and merged with one that crossed the
 * merge threshold (a correction, recorded as a merge).
 *
 * Storylines link events over a longer time: an event joins the storyline
 * of an earlier event when their centroids are similar enough (a lower
 * threshold than for events), or their names alone are, within the
 * storyline window.  Every event
 * belongs to exactly one storyline.
 *
 * Memory: an event quiet for longer than the event window is frozen to a
 * summary (its top terms, enough to link storylines); a summary older than
 * the storyline window is dropped.  The caller persists every changed event
 * (lede__cluster_flush) and the clusterer's counters and document
 * frequencies (lede__cluster_state_encode), and restores them to continue
 * the same stream after a restart.  Algorithm, parameters and the numbers
 * that chose them: docs/internals/cluster.md.
 *
 * Pure in-memory code: no I/O, no SQL.  Not thread-safe.
 */
#ifndef LEDE_STORY_CLUSTER_H
#define LEDE_STORY_CLUSTER_H

#include <stddef.h>
#include <stdint.h>

#include "sim/tfidf.h"
#include "util/buf.h"

/* Parameters; lede__cluster_params_default gives the measured defaults. */
typedef struct lede__cluster_params {
	lede__tfidf_params terms;     /* how an article becomes term vectors */
	double title_weight;          /* weights of the sub-vector cosines */
	double body_weight;
	double entity_weight;
	double join_threshold;        /* article-event similarity to join the event */
	double merge_threshold;       /* event-event similarity that merges two live dated events */
	double undated_merge_threshold; /* the same when either event has no date */
	double storyline_threshold;   /* event-event similarity that links their storylines */
	double storyline_entity_threshold; /* entity cosine that links them on its own (0: off) */
	/*
	 * Evidence added to an article's similarity to an event: a report
	 * names the day and the figures of its event.  weekday_weight when the
	 * article names the weekday the event's members name most, minus it
	 * when it names only other weekdays; minus number_weight when the
	 * article cites numbers ("23", "2011") and the event holds none of them.
	 */
	double weekday_weight;
	double number_weight;
	/*
	 * Time proximity: the similarity is multiplied by floor + (peak - floor)
	 * exp(-(gap / scale)^2 / 2), gap the seconds between the article and the
	 * event's span (1 when either is undated).  The scale follows the stream's pace: time_scale_arrivals
	 * times the mean gap between consecutive dated articles (a moving
	 * average), kept within [time_scale, time_scale_max]; 0 arrivals: the
	 * scale is time_scale.
	 */
	double time_scale;
	double time_scale_max;
	double time_scale_arrivals;
	double time_floor;
	double time_peak;
	double size_exponent;         /* 0: cosine to the centroid; 1: mean cosine to the members */
	double undated_size_exponent; /* the same when the article or the event has no date */
	int64_t event_window;         /* seconds without a new article before an event is frozen */
	int64_t storyline_window;     /* seconds within which events link into storylines */
	uint64_t event_window_articles;     /* the same two windows counted in arrivals, */
	uint64_t storyline_window_articles; /* for streams without dates */
	/*
	 * Storylines over months: past the storyline window, an event of two or
	 * more articles stays as a trace (trace_terms body terms, half as many
	 * names) until storyline_memory seconds (or storyline_memory_articles
	 * arrivals) have passed; a new event links with a trace's storyline
	 * only when it shares both its names and its topic.
	 */
	int64_t storyline_memory;
	uint64_t storyline_memory_articles;
	uint32_t trace_terms;
	uint32_t title_terms;         /* terms an event's centroid keeps, per sub-vector */
	uint32_t body_terms;
	uint32_t entity_terms;
	uint32_t index_terms;         /* top body terms under which a live event is indexed */
	uint32_t index_entities;      /* top entity terms under which a live event is indexed */
	uint32_t query_terms;         /* top terms of an article looked up in the index */
	uint32_t max_candidates;      /* events scored in full per article */
	uint32_t max_posting;         /* index terms of more live events than this propose none */
	uint32_t summary_terms;       /* body terms a frozen event keeps (half as many entities) */
	size_t max_df_terms;          /* cap of the document-frequency table */
	double df_prior;              /* IDF smoothing at the start of a stream (lede__df_set_prior) */
} lede__cluster_params;

void lede__cluster_params_default(lede__cluster_params *out);

/* LEDE_EINVAL (with the message set) when a field is out of its domain, else 0. */
int lede__cluster_params_check(const lede__cluster_params *params);

typedef struct lede__cluster lede__cluster;

/*
 * A new, empty clusterer for `params` (NULL: the defaults) in *out; free it
 * with lede__cluster_free.  Returns 0, LEDE_EINVAL or LEDE_ENOMEM.
 */
int lede__cluster_new(lede__cluster **out, const lede__cluster_params *params);
void lede__cluster_free(lede__cluster *cluster);

const lede__cluster_params *lede__cluster_get_params(const lede__cluster *cluster);

/* One article as the clusterer sees it.  Strings are UTF-8, read during the call only. */
typedef struct lede__cluster_article {
	int64_t id;                 /* the article's id, > 0 */
	const char *title;          /* may be NULL */
	size_t title_len;
	const char *text;           /* the extracted text; may be NULL */
	size_t text_len;
	int64_t published;          /* unix seconds; 0 when unknown */
	const char *outlet;         /* may be NULL when unknown */
	const lede__tfidf_entity *entities; /* names found by the caller; NULL: approximated */
	size_t entity_count;
	int may_open;               /* 0 for a page that is not an article: it may join, never open */
} lede__cluster_article;

/* Where an article went. */
typedef struct lede__cluster_assignment {
	int64_t event;      /* its event; 0 when it joined none (may_open 0) */
	int64_t storyline;  /* the event's storyline; 0 with event 0 */
	int opened;         /* 1 when the article opened the event */
	double similarity;  /* to the event it joined; to the best candidate when it opened one */
} lede__cluster_assignment;

/*
 * Clusters `article`: updates the document frequencies, joins the most
 * similar live event (or opens one), merges events that now look like one,
 * links storylines, and freezes events that went quiet (only flushed ones:
 * call lede__cluster_flush after each batch).  Returns 0, LEDE_EINVAL (bad
 * id), LEDE_ETOOBIG or LEDE_ENOMEM; on failure the article is not clustered
 * but the document frequencies may count it.
 */
int lede__cluster_add(lede__cluster_assignment *out, lede__cluster *cluster,
		      const lede__cluster_article *article);

/*
 * The same with the article's term counts already made (lede__tfidf_featurize
 * with the clusterer's term parameters); article->title and ->text are then
 * read only for the event's title.
 */
int lede__cluster_add_terms(lede__cluster_assignment *out, lede__cluster *cluster,
			    const lede__cluster_article *article, const lede__doc_terms *terms);

/*
 * A copy (duplicate) of an article already in event `event`: counts it, its
 * outlet and its time in the event without moving the centroid.  The event
 * must be live in memory: LEDE_ENOTFOUND otherwise (restore it with
 * LEDE__CLUSTER_RESTORE_LIVE, then call again).
 */
int lede__cluster_add_copy(lede__cluster_assignment *out, lede__cluster *cluster, int64_t event,
			   int64_t article, int64_t published, const char *outlet);

/*
 * Late articles.  An article published before the live window (more than
 * event_window before the clock) may belong to an event that has frozen
 * since: the clusterer then also compares it with the frozen summaries, and
 * when one of them wins, asks `fetch` for that event's full state (the blob
 * the caller stored when it last flushed the event: lede__cluster_event_encode,
 * appended to `out`), brings the event back live and compares again.  fetch
 * returns 0, LEDE_ENOTFOUND (nothing stored: the summary is passed over) or
 * another error, which the add returns.  Without a fetch (the default), late
 * articles meet only the live events.
 */
typedef int (*lede__cluster_fetch)(void *context, int64_t event, lede__buf *out);
void lede__cluster_set_fetch(lede__cluster *cluster, lede__cluster_fetch fetch, void *context);

/* What the clusterer holds about one event. */
typedef struct lede__cluster_event_info {
	int64_t id;
	int64_t storyline;
	const char *title;        /* the most representative headline; "" when no member had one */
	int64_t title_article;    /* the article it comes from */
	int64_t first_seen;       /* unix seconds: published, or the stream clock for an undated */
	int64_t last_seen;        /* member of a dated stream; 0 when the stream has no dates */
	uint32_t articles;        /* members, copies included */
	uint32_t copies;
	uint32_t outlets;         /* distinct outlets among the members */
	uint64_t last_arrival;    /* the stream's article count when its last member came */
	int live;                 /* 1: takes articles; 0: a frozen summary kept for storylines */
} lede__cluster_event_info;

/* Fills *out for event `id`; strings live until the event changes.  LEDE_ENOTFOUND when absent. */
int lede__cluster_event(lede__cluster_event_info *out, const lede__cluster *cluster, int64_t id);

/*
 * Calls `visit` for every event changed since the last flush (opened,
 * joined, merged into, copied into, storyline changed), in increasing id
 * order, then marks them clean.  Inside `visit` the caller typically stores
 * the event's row and lede__cluster_event_encode blob.  A nonzero return
 * from `visit` stops the flush and is returned (the rest stay changed).
 */
typedef int (*lede__cluster_visit)(void *context, const lede__cluster_event_info *event);
int lede__cluster_flush(lede__cluster *cluster, lede__cluster_visit visit, void *context);

/* Corrections, in the order they happened. */
typedef enum lede__cluster_merge_kind {
	LEDE__CLUSTER_MERGE_EVENTS = 1,    /* event `from` merged into event `into`: move its articles */
	LEDE__CLUSTER_MERGE_STORYLINES = 2 /* storyline `from` merged into `into`: relabel its events */
} lede__cluster_merge_kind;

typedef struct lede__cluster_merge {
	lede__cluster_merge_kind kind;
	int64_t from, into;
	int64_t time;       /* stream clock when it happened (0 in an undated stream) */
	uint64_t arrival;   /* articles seen when it happened */
	double similarity;  /* of the two events that caused it */
} lede__cluster_merge;

/*
 * The merges since the last lede__cluster_merges_clear: *out points into the
 * clusterer (valid until the next add or clear).  The caller applies them to
 * its store (an event merged away no longer exists in the clusterer; its
 * articles belong to `into`), then clears them.
 */
size_t lede__cluster_merges(const lede__cluster_merge **out, const lede__cluster *cluster);
void lede__cluster_merges_clear(lede__cluster *cluster);

/*
 * The event's blob (appended to `out`): its full state, enough to restore it
 * live.  Hundreds of bytes to a few KiB.  LEDE_ENOTFOUND when the event is
 * not in memory; LEDE_EINVAL for a frozen summary (its full state is the
 * blob the caller stored when it was last flushed).
 */
int lede__cluster_event_encode(lede__buf *out, const lede__cluster *cluster, int64_t id);

typedef enum lede__cluster_restore_mode {
	LEDE__CLUSTER_RESTORE_AUTO = 0, /* live, summary or nothing, by the windows and the clock */
	LEDE__CLUSTER_RESTORE_LIVE = 1  /* live whatever its age (to take a late article or a copy) */
} lede__cluster_restore_mode;

/*
 * Loads an event from its blob (after lede__cluster_state_restore, in any
 * order), replacing the one in memory with the same id.  `storyline`, when
 * nonzero, overrides the blob's (the caller's store is the authority on
 * storylines: lede__cluster_merges relabels events without re-flushing
 * them).  *out_kept (may be NULL) gets 1 when it was kept, 0 when it is older
 * than the storyline window.  Returns 0, LEDE_EFORMAT or LEDE_ENOMEM.
 */
int lede__cluster_event_restore(int *out_kept, lede__cluster *cluster, const void *blob, size_t len,
				int64_t storyline, lede__cluster_restore_mode mode);

/*
 * The key under which an event counts an outlet: its name with ASCII case
 * and surrounding spaces ignored; 0 for NULL or a blank name (not counted).
 */
uint64_t lede__cluster_outlet_key(const char *outlet);

/* An event's members as the caller's store holds them (lede check). */
typedef struct lede__cluster_recount {
	uint32_t articles;           /* members, copies included */
	uint32_t copies;
	const char *const *outlets;  /* each member's outlet (NULL entries are skipped) */
	size_t outlet_count;
	int64_t dated_first;         /* published times of the dated members; 0 when none */
	int64_t dated_last;
	int all_dated;               /* 1 when every member has a published time */
} lede__cluster_recount;

/*
 * Sets the counters of live event `id` from `recount`: articles, copies, the
 * outlet set, and first/last seen (those of the dated members when all are
 * dated, else widened to cover them: an undated member's time was the
 * stream clock, which the store does not keep).  The centroid keeps the
 * vectors it summed (its member counts are capped at the articles).  Returns 0, LEDE_ENOTFOUND (not live in memory) or LEDE_ENOMEM.
 */
int lede__cluster_event_recount(lede__cluster *cluster, int64_t id, const lede__cluster_recount *recount);

/* Forgets event `id` (a no-op when it is not in memory). */
void lede__cluster_event_drop(lede__cluster *cluster, int64_t id);

/*
 * Merges two live events into one, as the clusterer's own corrections do and
 * recorded the same way (LEDE__CLUSTER_MERGE_EVENTS, the older id survives):
 * for the caller that learns the two are one story (their copy groups merged:
 * one text in both).  Restore them with LEDE__CLUSTER_RESTORE_LIVE first.
 * Returns 0, LEDE_EINVAL (the same event), LEDE_ENOTFOUND (one is not live in
 * memory) or LEDE_ENOMEM.
 */
int lede__cluster_merge_events(lede__cluster *cluster, int64_t a, int64_t b);

/*
 * The clusterer's own state (appended to `out`): the next ids, the clock,
 * the arrival count, a hash of the parameters and the document
 * frequencies.  Write it with each flushed batch.
 */
int lede__cluster_state_encode(lede__buf *out, const lede__cluster *cluster);

/*
 * Restores the state on a new, empty clusterer made with the same
 * parameters.  LEDE_EFORMAT for a damaged blob, LEDE_EINVAL when the
 * parameters differ (re-cluster from the articles then).
 */
int lede__cluster_state_restore(lede__cluster *cluster, const void *blob, size_t len);

/* The stream's position: newest published time seen (0: none) and articles seen. */
typedef struct lede__cluster_clock {
	int64_t time;
	uint64_t arrivals;
	int64_t live_from;       /* events last seen before this time are frozen (0: none) */
	int64_t storyline_from;  /* ... and dropped before this one */
} lede__cluster_clock;

void lede__cluster_get_clock(lede__cluster_clock *out, const lede__cluster *cluster);

/*
 * The candidates the last lede__cluster_add scored, best first: why an
 * article went where it went (for tests, benchmarks and explanations).
 * *out points into the clusterer, valid until the next add.
 */
typedef struct lede__cluster_candidate {
	int64_t event;
	double similarity;      /* as compared with the join threshold: cosines, time factor, evidence */
	double cosine[3];       /* title, body and entity cosines (0 when a side lacks the field) */
	double time_factor;
	double evidence;        /* the weekday and number evidence included in `similarity` */
	uint32_t articles;      /* the event's size then */
} lede__cluster_candidate;

size_t lede__cluster_last_candidates(const lede__cluster_candidate **out, const lede__cluster *cluster);

/* Memory census, for benchmarks and tests. */
typedef struct lede__cluster_stats {
	size_t live_events;
	size_t summaries;        /* frozen events within the storyline window */
	size_t traces;           /* older events kept for storylines over months */
	size_t df_terms;
	size_t index_terms;      /* distinct terms in the inverted indexes */
	size_t bytes;            /* heap bytes held (events, indexes, document frequencies), approximately */
	uint64_t events_opened;
	uint64_t events_merged;
	uint64_t storylines_merged;
	uint64_t candidates_scored;
	uint64_t events_thawed;  /* frozen events brought back for late articles, since this clusterer was made */
} lede__cluster_stats;

void lede__cluster_get_stats(lede__cluster_stats *out, const lede__cluster *cluster);

#endif
