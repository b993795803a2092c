/*
 * cluster_impl.h: the clusterer's inside, shared by cluster.c (assignment,
 * merges, storylines, freezing) and cluster_codec.c (blobs).  Not for use
 * outside src/story/cluster*.c.
 */
#ifndef LEDE_STORY_CLUSTER_IMPL_H
#define LEDE_STORY_CLUSTER_IMPL_H

#include "story/cluster.h"

/*
 * Bench only (bench/cluster/cluster_run --oracle): decides each join in
 * place of the similarity, given the scored candidates: returns the index
 * of the candidate the article joins, or -1 to open an event.
 */
typedef int (*lede__cluster_oracle)(void *context, int64_t article, const lede__cluster_candidate *candidates,
				    size_t count);
void lede__cluster_set_oracle(lede__cluster *cluster, lede__cluster_oracle oracle, void *context);

enum { FIELD_TITLE = 0, FIELD_BODY = 1, FIELD_ENTITY = 2, FIELDS = 3 };

/* The live events (or all in-memory events) indexed under one term. */
typedef struct cluster_posting {
	uint32_t *slots;
	uint32_t count, cap;
} cluster_posting;

/* Term -> posting list; emptied lists are recycled. */
typedef struct cluster_inverted {
	lede__u64map terms; /* term -> index into lists */
	cluster_posting *lists;
	uint32_t count, cap;
	uint32_t *spare;    /* indexes of empty lists; room for `cap` */
	uint32_t spare_count;
} cluster_inverted;

typedef struct cluster_event {
	int64_t id;
	int64_t storyline;
	int64_t first_seen, last_seen;     /* effective times of members (published, else clock) */
	int64_t dated_first, dated_last;   /* published times of dated members; 0 when none */
	int64_t last_clock;                /* stream clock when the last member came */
	uint64_t last_arrival;             /* arrival count when the last member came */
	uint32_t articles, copies;
	uint32_t linked_at;                /* `articles` at the last storyline check */
	uint32_t outlet_total;             /* distinct outlets (kept when a summary frees the set) */
	uint64_t *outlets;                 /* sorted hashes of outlet names */
	uint32_t outlet_count, outlet_cap;
	lede__vector centroid[FIELDS];     /* sums of the members' unit TF-IDF vectors */
	double norm[FIELDS];               /* Euclidean norms of the centroids */
	uint32_t members[FIELDS];          /* members whose vector of that field was not empty */
	char *title;                       /* representative headline, NUL-terminated */
	int64_t title_article;
	int title_is_lead;                 /* 1: a line of text standing in for a missing title */
	lede__vector title_vector;         /* unit TF-IDF vector of that headline */
	lede__term *terms;                 /* terms it is indexed under */
	uint32_t term_count;
	uint8_t live;
	uint8_t dirty;
	int8_t weekday;                    /* the weekday its members name most (0 Monday), -1: none */
} cluster_event;

struct lede__cluster {
	lede__cluster_params params;
	uint64_t params_hash;
	lede__tfidf_featurizer *featurizer;
	lede__df_table *df;

	cluster_event **slots;   /* NULL: free */
	uint32_t slot_count, slot_cap;
	uint32_t *free_slots;
	uint32_t free_count;
	lede__u64map ids;        /* event id -> slot */
	cluster_inverted join_index; /* live events */
	cluster_inverted link_index; /* live events and summaries */

	int64_t next_event, next_storyline;
	int64_t clock;
	uint64_t arrivals;
	double mean_gap;         /* moving average of the seconds between dated arrivals; 0: none yet */
	uint64_t next_freeze;    /* arrival count of the next freeze pass */
	int64_t freeze_clock;    /* clock of the last freeze pass */

	int64_t *dirty;          /* ids of events changed since the last flush (may repeat) */
	size_t dirty_count, dirty_cap;
	lede__cluster_merge *merges;
	size_t merge_count, merge_cap;

	size_t live_count, summary_count;
	uint64_t events_opened, events_merged, storylines_merged, candidates_scored;
	uint64_t events_thawed;   /* since this clusterer was made (not in the state blob) */

	/* Scratch for one article. */
	lede__doc_terms terms;
	lede__vector doc[FIELDS];
	float *accum;            /* per slot: rough candidate score */
	uint32_t *touched;       /* slots with accum != 0 */
	size_t touched_count;
	uint32_t *picked;        /* the best candidates while gathering */
	size_t picked_cap;
	lede__cluster_candidate *candidates; /* of the last article, best first */
	size_t candidate_count;
	lede__term_weight *top;
	size_t top_cap;
	lede__term weekdays[7];  /* body terms of the weekday names */

	lede__cluster_fetch fetch;   /* a frozen event's full state, for a late article; NULL: none */
	void *fetch_context;
	lede__buf fetched;           /* the blob fetch gave */
	lede__cluster_oracle oracle; /* NULL but in benchmarks */
	void *oracle_context;
};

/* Shared between cluster.c and cluster_codec.c. */
cluster_event *lede__cluster_find(const lede__cluster *cluster, int64_t id);
void lede__cluster_event_free(cluster_event *event);
int lede__cluster_insert(lede__cluster *cluster, cluster_event *event, int live);
void lede__cluster_remove(lede__cluster *cluster, cluster_event *event);
int lede__cluster_mark_dirty(lede__cluster *cluster, cluster_event *event);
void lede__cluster_to_summary(lede__cluster *cluster, cluster_event *event);
/* 1 when the event got no member for longer than `seconds` of stream clock or `arrivals` articles. */
int lede__cluster_quiet(const lede__cluster *cluster, const cluster_event *event, int64_t seconds,
			uint64_t arrivals);
uint64_t lede__cluster_hash_params(const lede__cluster_params *params);

#endif
