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

/* cluster_index.c.  add: 0 or LEDE_ENOMEM; remove of a posting that is not there does nothing. */
void lede__cluster_index_init(cluster_inverted *index);
void lede__cluster_index_free(cluster_inverted *index);
const cluster_posting *lede__cluster_index_get(const cluster_inverted *index, lede__term term);
int lede__cluster_index_add(cluster_inverted *index, lede__term term, uint32_t slot);
void lede__cluster_index_remove(cluster_inverted *index, lede__term term, uint32_t slot);
/*
 * The slots indexed under `terms`, each scored by the summed weight of the
 * terms it shares (lists of more than max_posting slots, and `exclude`,
 * skipped): the best `keep` go to out[0 .. return value), best first, ties
 * to the smaller id_of(slot).  accum (one per slot, all zero) and touched
 * (room for every slot) are scratch; accum is all zero again on return.
 */
typedef int64_t (*lede__cluster_slot_id)(const void *context, uint32_t slot);
size_t lede__cluster_index_best(uint32_t *out, size_t keep, const cluster_inverted *index,
				const lede__term_weight *terms, size_t count, uint32_t exclude, uint32_t max_posting,
				float *accum, uint32_t *touched, lede__cluster_slot_id id_of, const void *context);

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

enum { LEDE__CLUSTER_TRACE_QUERY = 6 }; /* names of an event that look for traces */

/* What an event leaves past the storyline window (cluster_trace.c). */
typedef struct cluster_trace {
	int64_t id;                        /* the event's; 0: a free slot */
	int64_t storyline;
	int64_t first_seen, last_seen;
	int64_t last_clock;
	uint64_t last_arrival;
	lede__vector body, names;          /* its heaviest body terms and names */
	double norm[FIELDS];               /* their norms (FIELD_BODY, FIELD_ENTITY) */
} cluster_trace;

typedef struct cluster_traces {
	cluster_trace *items;              /* by slot */
	uint32_t count, cap;               /* slots used or freed; allocated */
	uint32_t *free_slots;
	uint32_t free_count;
	size_t held;
	cluster_inverted index;            /* name -> trace slots */
	float *accum;                      /* per slot: names shared with the query */
	uint32_t *touched;
	int64_t pass_clock;                /* clock and arrivals at the last pass */
	uint64_t pass_arrivals;
} cluster_traces;

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
	cluster_traces traces;   /* older events, for storylines over months (cluster_trace.c) */
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
/*
 * 1 when two spans (first and last seen, last arrival) are within the
 * storyline window, 2 within the storyline memory only, 0 neither.
 */
int lede__cluster_reach(const lede__cluster *cluster, int64_t a_first, int64_t a_last, uint64_t a_arrival,
			int64_t b_first, int64_t b_last, uint64_t b_arrival);
/* How strongly two sets of centroids belong to one storyline at that reach, 1 at the threshold. */
double lede__cluster_link_strength(const lede__cluster_params *p, const lede__vector *a, const double *a_norm,
				   const lede__vector *b, const double *b_norm, int reach);

/*
 * cluster_trace.c.  keep: the trace of an event leaving the storyline
 * window (none for a single article, an event without names, or one past
 * the memory already); 0 or LEDE_ENOMEM.  pass: drops the traces past the
 * memory (a tenth of it at a time).  link: the storyline of the trace that
 * `event` links with most strongly (*storyline 0: none) and that strength.
 */
int lede__cluster_trace_keep(lede__cluster *cluster, const cluster_event *event);
void lede__cluster_trace_pass(lede__cluster *cluster);
double lede__cluster_trace_link(int64_t *storyline, lede__cluster *cluster, const cluster_event *event);
void lede__cluster_trace_relabel(lede__cluster *cluster, int64_t from, int64_t into);
size_t lede__cluster_traces_bytes(const cluster_traces *traces);
void lede__cluster_traces_free(cluster_traces *traces);
/* 1 when the event got no member for longer than `seconds` of stream clock or `arrivals` articles. */
int lede__cluster_quiet(const lede__cluster *cluster, const cluster_event *event, int64_t seconds,
			uint64_t arrivals);
uint64_t lede__cluster_hash_params(const lede__cluster_params *params);

#endif
