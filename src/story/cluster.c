/*
 * cluster.c: single-pass event clustering with merges, storylines and
 * freezing (the algorithm of cluster.h; docs/internals/cluster.md).
 */
#include "cluster_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/alloc.h"
#include "util/error.h"
#include "util/hash.h"

enum {
	MAX_TITLE_BYTES = 400,   /* a longer "headline" is cut at a character boundary */
	LEAD_BYTES = 160,        /* a line of text standing in for a missing title */
	FREEZE_EVERY = 512,      /* arrivals between two freeze passes */
	MERGE_ROUNDS = 3,        /* merges one article may set off */
	MERGE_CANDIDATES = 8,    /* events compared in full for a merge (twice as many for a link) */
	LINK_QUERY_TERMS = 8,    /* body terms of an event that look for storyline candidates */
	LINK_QUERY_NAMES = 4     /* entity terms likewise */
};

void lede__cluster_params_default(lede__cluster_params *out)
{
	memset(out, 0, sizeof(*out));
	lede__tfidf_params_default(&out->terms);
	out->title_weight = 0.2;
	out->body_weight = 0.7;
	out->entity_weight = 0.1;
	out->join_threshold = 0.25;
	out->merge_threshold = 0.25;
	out->undated_merge_threshold = 0.3;
	out->storyline_threshold = 0.3;
	out->storyline_entity_threshold = 0.2;
	out->weekday_weight = 0.04;
	out->number_weight = 0.05;
	out->time_scale = 7200;
	out->time_scale_max = 2 * 86400.0;
	out->time_scale_arrivals = 40;
	out->time_floor = 0.2;
	out->time_peak = 1.5;
	out->size_exponent = 0;
	out->undated_size_exponent = 1;
	out->event_window = 4 * 86400;
	out->storyline_window = 30 * 86400;
	out->event_window_articles = 100000;
	out->storyline_window_articles = 500000;
	out->storyline_memory = 730 * 86400;
	out->storyline_memory_articles = 3000000;
	out->trace_terms = 16;
	out->title_terms = 64;
	out->body_terms = 300;
	out->entity_terms = 100;
	out->index_terms = 16;
	out->index_entities = 8;
	out->query_terms = 24;
	out->max_candidates = 16;
	out->max_posting = 1000;
	out->summary_terms = 64;
	out->max_df_terms = 1u << 20;
	out->df_prior = 200;
}

int lede__cluster_params_check(const lede__cluster_params *p)
{
	if (!(p->title_weight >= 0 && p->body_weight >= 0 && p->entity_weight >= 0) ||
	    p->title_weight + p->body_weight + p->entity_weight <= 0)
		return lede__error(LEDE_EINVAL, "cluster: weights must be >= 0 and not all 0");
	if (!(p->join_threshold > 0 && p->join_threshold <= 1) || !(p->merge_threshold > 0) ||
	    !(p->undated_merge_threshold > 0) || !(p->storyline_threshold > 0) || !(p->storyline_entity_threshold >= 0))
		return lede__error(LEDE_EINVAL, "cluster: thresholds must be > 0");
	if (!(p->weekday_weight >= 0 && p->weekday_weight <= 1) || !(p->number_weight >= 0 && p->number_weight <= 1))
		return lede__error(LEDE_EINVAL, "cluster: evidence weights must be in [0, 1]");
	if (!(p->size_exponent >= 0 && p->size_exponent <= 1) ||
	    !(p->undated_size_exponent >= 0 && p->undated_size_exponent <= 1))
		return lede__error(LEDE_EINVAL, "cluster: size exponents must be in [0, 1]");
	if (!(p->time_scale >= 0) || !(p->time_scale_max >= p->time_scale) || !(p->time_scale_arrivals >= 0) ||
	    !(p->time_floor >= 0 && p->time_floor <= 1) || !(p->time_peak >= p->time_floor && p->time_peak <= 4) || p->event_window <= 0 || p->storyline_window < p->event_window ||
	    p->event_window_articles == 0 || p->storyline_window_articles < p->event_window_articles ||
	    p->storyline_memory < p->storyline_window || p->storyline_memory_articles < p->storyline_window_articles)
		return lede__error(LEDE_EINVAL, "cluster: windows must be > 0, storyline >= event, memory >= storyline");
	if (p->title_terms == 0 || p->body_terms == 0 || p->entity_terms == 0 || p->index_terms == 0 ||
	    p->query_terms == 0 || p->max_candidates == 0 || p->max_candidates > 4096 || p->max_posting == 0 ||
	    p->summary_terms == 0 || p->trace_terms == 0 || p->trace_terms > p->summary_terms ||
	    p->body_terms > 100000 || p->title_terms > 100000 || p->entity_terms > 100000 ||
	    p->index_terms + p->index_entities > 1024 || p->query_terms > 1024 || p->summary_terms > 100000)
		return lede__error(LEDE_EINVAL, "cluster: term counts out of range");
	if (!(p->df_prior >= 0 && p->df_prior <= 1e9))
		return lede__error(LEDE_EINVAL, "cluster: df_prior must be in [0, 1e9]");
	if (p->terms.max_tokens == 0)
		return lede__error(LEDE_EINVAL, "cluster: max_tokens must be > 0");
	return 0;
}

uint64_t lede__cluster_hash_params(const lede__cluster_params *params)
{
	/* Only what shapes the stored vectors: thresholds and windows may change between runs. */
	uint32_t fields[4];

	fields[0] = params->terms.max_tokens;
	fields[1] = params->terms.number_digits;
	fields[2] = (uint32_t)params->terms.approximate_entities;
	fields[3] = (uint32_t)params->terms.entity_words;
	return lede__hash64(fields, sizeof(fields));
}

/* ------------------------------------------------------------- events */

void lede__cluster_event_free(cluster_event *event)
{
	int f;

	if (!event)
		return;
	for (f = 0; f < FIELDS; f++)
		lede__vector_free(&event->centroid[f]);
	lede__vector_free(&event->title_vector);
	lede__dealloc(event->outlets);
	lede__dealloc(event->title);
	lede__dealloc(event->terms);
	lede__dealloc(event);
}

cluster_event *lede__cluster_find(const lede__cluster *cluster, int64_t id)
{
	const uint32_t *slot = id > 0 ? lede__u64map_find(&cluster->ids, (uint64_t)id) : NULL;

	return slot ? cluster->slots[*slot] : NULL;
}

static uint32_t slot_of_event(const lede__cluster *cluster, const cluster_event *event)
{
	return *lede__u64map_find(&cluster->ids, (uint64_t)event->id);
}

int lede__cluster_mark_dirty(lede__cluster *cluster, cluster_event *event)
{
	if (event->dirty)
		return 0;
	if (cluster->dirty_count == cluster->dirty_cap) {
		size_t cap = cluster->dirty_cap ? cluster->dirty_cap * 2 : 256;
		int64_t *grown = lede__realloc(cluster->dirty, cap * sizeof(*grown));

		if (!grown)
			return lede__error_nomem();
		cluster->dirty = grown;
		cluster->dirty_cap = cap;
	}
	cluster->dirty[cluster->dirty_count++] = event->id;
	event->dirty = 1;
	return 0;
}

/* The terms an event is indexed under: its top body and entity terms, sorted. */
static int compare_term(const void *a, const void *b)
{
	lede__term x = *(const lede__term *)a, y = *(const lede__term *)b;

	return x < y ? -1 : x > y;
}

static int ensure_top(lede__cluster *cluster, size_t need)
{
	lede__term_weight *grown;

	if (need <= cluster->top_cap)
		return 0;
	grown = lede__realloc(cluster->top, need * sizeof(*grown));
	if (!grown)
		return lede__error_nomem();
	cluster->top = grown;
	cluster->top_cap = need;
	return 0;
}

static int event_terms(lede__term **out, uint32_t *out_count, lede__cluster *cluster,
		       const cluster_event *event)
{
	const lede__cluster_params *p = &cluster->params;
	size_t n, m, i, count = 0;
	lede__term *terms;
	int rc;

	*out = NULL;
	*out_count = 0;
	if ((rc = ensure_top(cluster, (size_t)p->index_terms + p->index_entities + 1)) != 0)
		return rc;
	n = lede__vector_top(cluster->top, p->index_terms, &event->centroid[FIELD_BODY]);
	m = p->index_entities ? lede__vector_top(cluster->top + n, p->index_entities,
						 &event->centroid[FIELD_ENTITY])
			      : 0;
	if (n + m == 0)
		return 0;
	terms = lede__malloc((n + m) * sizeof(*terms));
	if (!terms)
		return lede__error_nomem();
	for (i = 0; i < n + m; i++)
		terms[i] = cluster->top[i].term;
	qsort(terms, n + m, sizeof(*terms), compare_term);
	for (i = 0; i < n + m; i++)
		if (i == 0 || terms[i] != terms[i - 1])
			terms[count++] = terms[i];
	*out = terms;
	*out_count = (uint32_t)count;
	return 0;
}

/*
 * Re-indexes an event under its current top terms (a diff against the
 * terms it was indexed under).  On failure the event stays indexed under a
 * mix of both, which is harmless: postings only propose candidates.
 */
static int reindex(lede__cluster *cluster, cluster_event *event)
{
	uint32_t slot = slot_of_event(cluster, event), new_count, i = 0, j = 0;
	lede__term *fresh;
	float top = 0;
	int rc, day;

	/* The centroid changed: so may the weekday its members name most. */
	event->weekday = -1;
	for (day = 0; day < 7; day++) {
		float weight = lede__vector_get(&event->centroid[FIELD_BODY], cluster->weekdays[day]);

		if (weight > top) {
			top = weight;
			event->weekday = (int8_t)day;
		}
	}
	if ((rc = event_terms(&fresh, &new_count, cluster, event)) != 0)
		return rc;
	while (i < event->term_count || j < new_count) {
		if (j == new_count || (i < event->term_count && event->terms[i] < fresh[j])) {
			if (event->live)
				lede__cluster_index_remove(&cluster->join_index, event->terms[i], slot);
			lede__cluster_index_remove(&cluster->link_index, event->terms[i], slot);
			i++;
		} else if (i == event->term_count || event->terms[i] > fresh[j]) {
			if ((event->live && (rc = lede__cluster_index_add(&cluster->join_index, fresh[j], slot)) != 0) ||
			    (rc = lede__cluster_index_add(&cluster->link_index, fresh[j], slot)) != 0)
				break;
			j++;
		} else {
			i++;
			j++;
		}
	}
	if (rc) {
		/* Keep the union of both lists so that removal later finds every posting. */
		lede__dealloc(fresh);
		return rc;
	}
	lede__dealloc(event->terms);
	event->terms = fresh;
	event->term_count = new_count;
	return 0;
}

static void unindex(lede__cluster *cluster, cluster_event *event, int join_only)
{
	uint32_t slot = slot_of_event(cluster, event), i;

	for (i = 0; i < event->term_count; i++) {
		if (event->live)
			lede__cluster_index_remove(&cluster->join_index, event->terms[i], slot);
		if (!join_only)
			lede__cluster_index_remove(&cluster->link_index, event->terms[i], slot);
	}
}

static int grow_slots(lede__cluster *cluster)
{
	uint32_t cap = cluster->slot_cap ? cluster->slot_cap * 2 : 1024;
	cluster_event **slots;
	uint32_t *free_slots, *touched;
	float *accum;

	if (cluster->slot_cap > UINT32_MAX / 4)
		return lede__error(LEDE_ETOOBIG, "cluster: too many events in memory");
	slots = lede__realloc(cluster->slots, cap * sizeof(*slots));
	if (!slots)
		return lede__error_nomem();
	cluster->slots = slots;
	free_slots = lede__realloc(cluster->free_slots, cap * sizeof(*free_slots));
	if (!free_slots)
		return lede__error_nomem();
	cluster->free_slots = free_slots;
	accum = lede__realloc(cluster->accum, cap * sizeof(*accum));
	if (!accum)
		return lede__error_nomem();
	cluster->accum = accum;
	touched = lede__realloc(cluster->touched, cap * sizeof(*touched));
	if (!touched)
		return lede__error_nomem();
	cluster->touched = touched;
	memset(cluster->slots + cluster->slot_cap, 0, (cap - cluster->slot_cap) * sizeof(*slots));
	memset(cluster->accum + cluster->slot_cap, 0, (cap - cluster->slot_cap) * sizeof(*accum));
	cluster->slot_cap = cap;
	return 0;
}

/* Puts an event in a slot and in the indexes; on failure the caller still owns it. */
int lede__cluster_insert(lede__cluster *cluster, cluster_event *event, int live)
{
	uint32_t slot, *at;
	int inserted, rc;

	if (cluster->free_count == 0 && cluster->slot_count == cluster->slot_cap &&
	    (rc = grow_slots(cluster)) != 0)
		return rc;
	slot = cluster->free_count ? cluster->free_slots[cluster->free_count - 1] : cluster->slot_count;
	if ((rc = lede__u64map_upsert(&at, &inserted, &cluster->ids, (uint64_t)event->id, slot)) != 0)
		return rc;
	if (!inserted)
		return lede__error(LEDE_EINVAL, "cluster: event %lld is already in memory",
				   (long long)event->id);
	if (cluster->free_count)
		cluster->free_count--;
	else
		cluster->slot_count++;
	cluster->slots[slot] = event;
	event->live = (uint8_t)live;
	lede__dealloc(event->terms);
	event->terms = NULL;
	event->term_count = 0;
	if (live)
		cluster->live_count++;
	else
		cluster->summary_count++;
	if ((rc = reindex(cluster, event)) != 0) {
		lede__cluster_remove(cluster, event);
		return rc;
	}
	return 0;
}

/* Takes an event out of the indexes and its slot; the caller frees it. */
void lede__cluster_remove(lede__cluster *cluster, cluster_event *event)
{
	uint32_t slot = slot_of_event(cluster, event);

	unindex(cluster, event, 0);
	lede__dealloc(event->terms);
	event->terms = NULL;
	event->term_count = 0;
	if (event->live)
		cluster->live_count--;
	else
		cluster->summary_count--;
	cluster->slots[slot] = NULL;
	cluster->accum[slot] = 0;
	cluster->free_slots[cluster->free_count++] = slot;
	lede__u64map_remove(&cluster->ids, (uint64_t)event->id);
}

/* A live event becomes a summary: out of the join index, its vectors cut to their top terms. */
void lede__cluster_to_summary(lede__cluster *cluster, cluster_event *event)
{
	const lede__cluster_params *p = &cluster->params;

	if (!event->live)
		return;
	unindex(cluster, event, 1);
	event->live = 0;
	cluster->live_count--;
	cluster->summary_count++;
	lede__vector_truncate(&event->centroid[FIELD_BODY], p->summary_terms);
	lede__vector_truncate(&event->centroid[FIELD_ENTITY], p->summary_terms / 2 + 1);
	lede__vector_shrink(&event->centroid[FIELD_BODY]);
	lede__vector_shrink(&event->centroid[FIELD_ENTITY]);
	lede__vector_free(&event->centroid[FIELD_TITLE]);
	event->norm[FIELD_TITLE] = 0;
	event->norm[FIELD_BODY] = lede__vector_norm(&event->centroid[FIELD_BODY]);
	event->norm[FIELD_ENTITY] = lede__vector_norm(&event->centroid[FIELD_ENTITY]);
	lede__vector_free(&event->title_vector);
	lede__dealloc(event->outlets);
	event->outlets = NULL;
	event->outlet_count = event->outlet_cap = 0;
}

/* --------------------------------------------------------- lifecycle */

int lede__cluster_new(lede__cluster **out, const lede__cluster_params *params)
{
	lede__cluster *cluster;
	int f, rc;

	*out = NULL;
	cluster = lede__calloc(1, sizeof(*cluster));
	if (!cluster)
		return lede__error_nomem();
	if (params)
		cluster->params = *params;
	else
		lede__cluster_params_default(&cluster->params);
	lede__u64map_init(&cluster->ids);
	lede__cluster_index_init(&cluster->join_index);
	lede__cluster_index_init(&cluster->link_index);
	lede__cluster_index_init(&cluster->traces.index);
	lede__doc_terms_init(&cluster->terms);
	for (f = 0; f < FIELDS; f++)
		lede__vector_init(&cluster->doc[f]);
	cluster->next_event = 1;
	cluster->next_storyline = 1;
	cluster->next_freeze = FREEZE_EVERY;
	cluster->params_hash = lede__cluster_hash_params(&cluster->params);
	cluster->picked_cap = cluster->params.max_candidates > MERGE_CANDIDATES * 2 ? cluster->params.max_candidates
										 : MERGE_CANDIDATES * 2;
	if ((rc = lede__cluster_params_check(&cluster->params)) != 0 ||
	    (rc = lede__tfidf_featurizer_new(&cluster->featurizer, &cluster->params.terms)) != 0 ||
	    (rc = lede__df_new(&cluster->df, cluster->params.max_df_terms)) != 0)
		goto fail;
	lede__df_set_prior(cluster->df, cluster->params.df_prior);
	lede__tfidf_weekday_terms(cluster->weekdays);
	cluster->picked = lede__malloc(cluster->picked_cap * sizeof(*cluster->picked));
	cluster->candidates = lede__malloc(cluster->picked_cap * sizeof(*cluster->candidates));
	if (!cluster->picked || !cluster->candidates) {
		rc = lede__error_nomem();
		goto fail;
	}
	*out = cluster;
	return 0;
fail:
	lede__cluster_free(cluster);
	return rc;
}

void lede__cluster_free(lede__cluster *cluster)
{
	uint32_t i;
	int f;

	if (!cluster)
		return;
	for (i = 0; i < cluster->slot_count; i++)
		lede__cluster_event_free(cluster->slots[i]);
	lede__dealloc(cluster->slots);
	lede__dealloc(cluster->free_slots);
	lede__dealloc(cluster->accum);
	lede__dealloc(cluster->touched);
	lede__dealloc(cluster->picked);
	lede__dealloc(cluster->candidates);
	lede__dealloc(cluster->top);
	lede__dealloc(cluster->dirty);
	lede__dealloc(cluster->merges);
	lede__u64map_free(&cluster->ids);
	lede__cluster_index_free(&cluster->join_index);
	lede__cluster_index_free(&cluster->link_index);
	lede__cluster_traces_free(&cluster->traces);
	lede__doc_terms_free(&cluster->terms);
	lede__buf_free(&cluster->fetched);
	for (f = 0; f < FIELDS; f++)
		lede__vector_free(&cluster->doc[f]);
	lede__tfidf_featurizer_free(cluster->featurizer);
	lede__df_free(cluster->df);
	lede__dealloc(cluster);
}

const lede__cluster_params *lede__cluster_get_params(const lede__cluster *cluster)
{
	return &cluster->params;
}

/* --------------------------------------------------------- similarity */

/* A span of time: [first, last], or undated when first == 0. */
typedef struct span {
	int64_t first, last;
} span;

/*
 * The time scale of the stream now: a multiple of the mean gap between dated
 * arrivals, so that "close in time" means a few dozen articles apart in a
 * dense stream (a wire of hundreds an hour) and hours apart in a sparse one.
 */
static double time_scale(const lede__cluster *cluster)
{
	const lede__cluster_params *p = &cluster->params;
	double scale;

	if (p->time_scale_arrivals <= 0)
		return p->time_scale;
	scale = cluster->mean_gap > 0 ? p->time_scale_arrivals * cluster->mean_gap : p->time_scale_max;
	if (scale < p->time_scale)
		scale = p->time_scale;
	if (scale > p->time_scale_max)
		scale = p->time_scale_max;
	return scale;
}

static double time_factor(const lede__cluster *cluster, span a, span b)
{
	const lede__cluster_params *p = &cluster->params;
	double gap = 0, scale = time_scale(cluster);

	if (scale <= 0 || a.first == 0 || b.first == 0)
		return 1.0;
	if (a.first > b.last)
		gap = (double)(a.first - b.last);
	else if (b.first > a.last)
		gap = (double)(b.first - a.last);
	gap /= scale;
	return p->time_floor + (p->time_peak - p->time_floor) * exp(-0.5 * gap * gap);
}

/*
 * The weighted mean of the sub-vector similarities present on both sides (a
 * side without a title, or without names, is compared on what it has): per
 * sub-vector, the dot product over the two sides' scales.  `cosines` (may be
 * NULL) gets each sub-vector's value, weighted or not.
 */
static double weighted_similarity(const lede__cluster_params *p, const lede__vector *a, const double *a_scale,
				  const lede__vector *b, const double *b_scale, double *cosines)
{
	const double weights[FIELDS] = {p->title_weight, p->body_weight, p->entity_weight};
	double sum = 0, weight = 0;
	int f;

	for (f = 0; f < FIELDS; f++) {
		double cosine;

		if (cosines)
			cosines[f] = 0;
		if (a_scale[f] <= 0 || b_scale[f] <= 0)
			continue;
		cosine = lede__vector_dot(&a[f], &b[f]) / (a_scale[f] * b_scale[f]);
		if (cosines)
			cosines[f] = cosine;
		if (weights[f] <= 0)
			continue;
		sum += weights[f] * cosine;
		weight += weights[f];
	}
	return weight > 0 ? sum / weight : 0.0;
}

/*
 * The scales of an event's centroids for size exponent e: |sum|^(1 - e) *
 * members^e.  e = 0 compares with the centroid (cosine); e = 1 gives the
 * mean cosine to the members (average link), which a loose event of two
 * stories does not pass.  0 for an empty sub-vector.
 */
static void event_scales(double *out, const cluster_event *event, double exponent)
{
	int f;

	for (f = 0; f < FIELDS; f++) {
		out[f] = event->norm[f];
		if (out[f] > 0 && exponent > 0 && event->members[f] > 1)
			out[f] = pow(out[f], 1 - exponent) * pow(event->members[f], exponent);
	}
}

/* Without dates, nothing but cohesion keeps an event from drifting across a topic. */
static double size_exponent(const lede__cluster_params *p, int dated)
{
	return dated ? p->size_exponent : p->undated_size_exponent;
}

static span event_span(const cluster_event *event)
{
	span s = {event->dated_first, event->dated_last};

	return s;
}

/* Similarity of two events for a merge, time included. */
static double events_similarity(const lede__cluster *cluster, const cluster_event *a, const cluster_event *b)
{
	const lede__cluster_params *p = &cluster->params;
	double exponent = size_exponent(p, a->dated_first && b->dated_first), a_scale[FIELDS], b_scale[FIELDS];

	event_scales(a_scale, a, exponent);
	event_scales(b_scale, b, exponent);
	return weighted_similarity(p, a->centroid, a_scale, b->centroid, b_scale, NULL) *
	       time_factor(cluster, event_span(a), event_span(b));
}

/* ----------------------------------------------------- event updates */

static uint64_t outlet_hash(const char *outlet)
{
	char folded[256];
	size_t len = 0, i;

	if (!outlet)
		return 0;
	/* ASCII case and surrounding spaces do not make another outlet. */
	while (*outlet == ' ')
		outlet++;
	for (i = 0; outlet[i] && len < sizeof(folded); i++) {
		char c = outlet[i];

		folded[len++] = (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
	}
	while (len && folded[len - 1] == ' ')
		len--;
	if (len == 0)
		return 0;
	return lede__hash64(folded, len) | 1;
}

static int add_outlet(cluster_event *event, const char *outlet)
{
	uint64_t hash = outlet ? outlet_hash(outlet) : 0;
	uint32_t low = 0, high = event->outlet_count;

	if (!hash)
		return 0;
	while (low < high) {
		uint32_t mid = low + (high - low) / 2;

		if (event->outlets[mid] < hash)
			low = mid + 1;
		else
			high = mid;
	}
	if (low < event->outlet_count && event->outlets[low] == hash)
		return 0;
	if (event->outlet_count == event->outlet_cap) {
		uint32_t cap = event->outlet_cap ? event->outlet_cap * 2 : 4;
		uint64_t *grown = lede__realloc(event->outlets, cap * sizeof(*grown));

		if (!grown)
			return lede__error_nomem();
		event->outlets = grown;
		event->outlet_cap = cap;
	}
	memmove(event->outlets + low + 1, event->outlets + low,
		(event->outlet_count - low) * sizeof(*event->outlets));
	event->outlets[low] = hash;
	event->outlet_count++;
	event->outlet_total = event->outlet_count;
	return 0;
}

uint64_t lede__cluster_outlet_key(const char *outlet)
{
	return outlet_hash(outlet);
}

int lede__cluster_event_recount(lede__cluster *cluster, int64_t id, const lede__cluster_recount *recount)
{
	cluster_event *event = lede__cluster_find(cluster, id);
	size_t i;
	int f, rc;

	if (!event || !event->live)
		return lede__error(LEDE_ENOTFOUND, "cluster: event %lld is not live in memory",
				   (long long)id);
	event->outlet_count = 0;
	event->outlet_total = 0;
	for (i = 0; i < recount->outlet_count; i++)
		if ((rc = add_outlet(event, recount->outlets[i])) != 0)
			return rc;
	event->articles = recount->articles;
	event->copies = recount->copies < recount->articles ? recount->copies : recount->articles;
	if (event->linked_at > event->articles)
		event->linked_at = event->articles;
	/* The centroid keeps the vectors it summed; its member counts may not exceed the event's. */
	for (f = 0; f < FIELDS; f++)
		if (event->members[f] > event->articles)
			event->members[f] = event->articles;
	event->dated_first = recount->dated_first;
	event->dated_last = recount->dated_last;
	if (recount->all_dated && recount->articles) {
		event->first_seen = recount->dated_first;
		event->last_seen = recount->dated_last;
	} else if (recount->dated_first) {
		if (!event->first_seen || event->first_seen > recount->dated_first)
			event->first_seen = recount->dated_first;
		if (event->last_seen < recount->dated_last)
			event->last_seen = recount->dated_last;
	}
	return 0;
}

void lede__cluster_event_drop(lede__cluster *cluster, int64_t id)
{
	cluster_event *event = lede__cluster_find(cluster, id);

	if (!event)
		return;
	lede__cluster_remove(cluster, event);
	lede__cluster_event_free(event);
}

static void add_time(lede__cluster *cluster, cluster_event *event, int64_t published)
{
	int64_t seen = published ? published : cluster->clock;

	if (seen) {
		if (!event->first_seen || seen < event->first_seen)
			event->first_seen = seen;
		if (seen > event->last_seen)
			event->last_seen = seen;
	}
	if (published) {
		if (!event->dated_first || published < event->dated_first)
			event->dated_first = published;
		if (published > event->dated_last)
			event->dated_last = published;
	}
	event->last_clock = cluster->clock;
	event->last_arrival = cluster->arrivals;
}

/* The length of at most `max` bytes of `s` that ends on a UTF-8 character boundary. */
static size_t utf8_cut(const char *s, size_t len, size_t max)
{
	if (len <= max)
		return len;
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return max;
}

static int set_title(cluster_event *event, int64_t article, const char *title, size_t len, int is_lead,
		     const lede__vector *vector)
{
	char *copy;
	int rc;

	while (len && (title[0] == ' ' || title[0] == '\n' || title[0] == '\t')) {
		title++;
		len--;
	}
	while (len && (title[len - 1] == ' ' || title[len - 1] == '\n' || title[len - 1] == '\t' ||
		       title[len - 1] == '\r'))
		len--;
	len = utf8_cut(title, len, is_lead ? LEAD_BYTES : MAX_TITLE_BYTES);
	copy = lede__strndup(title, len);
	if (!copy)
		return lede__error_nomem();
	if ((rc = lede__vector_copy(&event->title_vector, vector)) != 0) {
		lede__dealloc(copy);
		return rc;
	}
	lede__dealloc(event->title);
	event->title = copy;
	event->title_article = article;
	event->title_is_lead = is_lead;
	return 0;
}

/* The first line of the text with a few words, standing in for a missing title. */
static size_t lead_line(const char **out, const char *text, size_t len)
{
	size_t start = 0;

	*out = NULL;
	while (start < len) {
		size_t end = start, words = 0, i;

		while (end < len && text[end] != '\n')
			end++;
		for (i = start; i < end; i++)
			words += (i == start || text[i - 1] == ' ') && text[i] != ' ';
		if (words >= 3) {
			*out = text + start;
			return end - start;
		}
		start = end + 1;
	}
	return 0;
}

/*
 * How much a headline reads as one, in (0, 1]: feeds and aggregators hand
 * over headlines cut short ("Costume  ..."), behind a breadcrumb ("Home >
 * Shailene Woodley > ...") or behind their own topic ("Miley Cyrus - Miley
 * Cyrus performs ...").  Each costs a sixth: such a headline repeats the
 * story's key words and would otherwise stand for the story.
 */
static double title_shape(const char *title, size_t len)
{
	static const char *const separators[] = {" - ", " | ", ": ", " :: "};
	double shape = 1.0;
	size_t i;

	while (len && (title[len - 1] == ' ' || title[len - 1] == '\n'))
		len--;
	if ((len >= 3 && memcmp(title + len - 3, "...", 3) == 0) ||
	    (len >= 3 && memcmp(title + len - 3, "\xE2\x80\xA6", 3) == 0))
		shape *= 5.0 / 6.0;
	if (memmem(title, len, " > ", 3) || memmem(title, len, " \xC2\xBB ", 4))
		shape *= 5.0 / 6.0;
	for (i = 0; i < sizeof(separators) / sizeof(separators[0]); i++) {
		size_t n = strlen(separators[i]);
		const char *at = memmem(title, len, separators[i], n);

		size_t topic = at ? (size_t)(at - title) : 0;

		/* The words before the separator open the rest again. */
		if (topic && topic <= len - topic - n && strncasecmp(at + n, title, topic) == 0) {
			shape *= 5.0 / 6.0;
			break;
		}
	}
	return shape;
}

/*
 * The representative headline: the member title closest to the event's
 * title centroid (the headline that shares most with the others), times its
 * shape (title_shape).
 */
static int update_title(lede__cluster *cluster, cluster_event *event, const lede__cluster_article *article)
{
	const lede__vector *centroid = &event->centroid[FIELD_TITLE];
	double norm = event->norm[FIELD_TITLE];
	const lede__vector *vector = &cluster->doc[FIELD_TITLE];

	if (article->title && article->title_len && vector->count) {
		double fresh = norm > 0 ? lede__vector_dot(vector, centroid) / norm *
						  title_shape(article->title, article->title_len)
					: 0;
		double current = event->title && !event->title_is_lead && norm > 0
					 ? lede__vector_dot(&event->title_vector, centroid) / norm *
						   title_shape(event->title, strlen(event->title))
					 : -1;

		if (fresh > current)
			return set_title(event, article->id, article->title, article->title_len, 0, vector);
		return 0;
	}
	if (!event->title && article->text) {
		const char *lead;
		size_t len = lead_line(&lead, article->text, article->text_len);

		if (len)
			return set_title(event, article->id, lead, len, 1, vector);
	}
	return 0;
}

/* Adds one article's vectors (members NULL) or another event's centroids (members: its counts). */
static int add_to_centroid(lede__cluster *cluster, cluster_event *event, const lede__vector *vectors,
			   const uint32_t *members)
{
	const uint32_t caps[FIELDS] = {cluster->params.title_terms, cluster->params.body_terms,
				       cluster->params.entity_terms};
	int f, rc;

	for (f = 0; f < FIELDS; f++) {
		if ((rc = lede__vector_add(&event->centroid[f], &vectors[f], 1.0)) != 0)
			return rc;
		if (members)
			event->members[f] += members[f];
		else
			event->members[f] += vectors[f].count > 0;
		lede__vector_truncate(&event->centroid[f], caps[f]);
		event->norm[f] = lede__vector_norm(&event->centroid[f]);
	}
	return 0;
}

static int record_merge(lede__cluster *cluster, lede__cluster_merge_kind kind, int64_t from, int64_t into,
			double similarity)
{
	lede__cluster_merge *merge;

	if (cluster->merge_count == cluster->merge_cap) {
		size_t cap = cluster->merge_cap ? cluster->merge_cap * 2 : 16;
		lede__cluster_merge *grown = lede__realloc(cluster->merges, cap * sizeof(*grown));

		if (!grown)
			return lede__error_nomem();
		cluster->merges = grown;
		cluster->merge_cap = cap;
	}
	merge = &cluster->merges[cluster->merge_count++];
	merge->kind = kind;
	merge->from = from;
	merge->into = into;
	merge->time = cluster->clock;
	merge->arrival = cluster->arrivals;
	merge->similarity = similarity;
	return 0;
}

/* ---------------------------------------------------------- storylines */

static int compare_candidates(const void *a, const void *b)
{
	const lede__cluster_candidate *x = a, *y = b;

	if (x->similarity != y->similarity)
		return x->similarity > y->similarity ? -1 : 1;
	return x->event < y->event ? -1 : x->event > y->event;
}

size_t lede__cluster_last_candidates(const lede__cluster_candidate **out, const lede__cluster *cluster)
{
	*out = cluster->candidates;
	return cluster->candidate_count;
}

/* Relabels storyline `from` as `into` on every event in memory. */
static void relabel_storyline(lede__cluster *cluster, int64_t from, int64_t into)
{
	uint32_t i;

	for (i = 0; i < cluster->slot_count; i++)
		if (cluster->slots[i] && cluster->slots[i]->storyline == from)
			cluster->slots[i]->storyline = into;
	lede__cluster_trace_relabel(cluster, from, into);
}

int lede__cluster_reach(const lede__cluster *cluster, int64_t a_first, int64_t a_last, uint64_t a_arrival,
			int64_t b_first, int64_t b_last, uint64_t b_arrival)
{
	const lede__cluster_params *p = &cluster->params;
	int64_t gap = 0;
	uint64_t arrival_gap = a_arrival > b_arrival ? a_arrival - b_arrival : b_arrival - a_arrival;

	if (a_first && b_first) {
		if (a_first > b_last)
			gap = a_first - b_last;
		else if (b_first > a_last)
			gap = b_first - a_last;
	}
	if (gap <= p->storyline_window && arrival_gap <= p->storyline_window_articles)
		return 1;
	return gap <= p->storyline_memory && arrival_gap <= p->storyline_memory_articles ? 2 : 0;
}

static int64_t event_id_of(const void *context, uint32_t slot)
{
	return ((const lede__cluster *)context)->slots[slot]->id;
}

/*
 * Collects the events indexed under the query terms in `index`, each scored
 * by the summed weight of the terms it shares, and leaves the best `keep`
 * slots, best first, in cluster->touched[0 .. return value).  `exclude` (a
 * slot, or UINT32_MAX) is skipped.  keep <= cluster->picked_cap.
 */
static size_t gather(lede__cluster *cluster, const cluster_inverted *index, const lede__term_weight *terms,
		     size_t count, uint32_t exclude, size_t keep)
{
	size_t kept;

	if (keep > cluster->picked_cap)
		keep = cluster->picked_cap;
	kept = lede__cluster_index_best(cluster->picked, keep, index, terms, count, exclude,
					cluster->params.max_posting, cluster->accum, cluster->touched, event_id_of,
					cluster);
	if (kept)
		memcpy(cluster->touched, cluster->picked, kept * sizeof(*cluster->touched));
	cluster->touched_count = kept;
	return kept;
}

/* The event's indexed terms as a query (weight 1 each). */
static int event_query(lede__cluster *cluster, const cluster_event *event)
{
	uint32_t i;
	int rc;

	if ((rc = ensure_top(cluster, event->term_count + 1)) != 0)
		return rc;
	for (i = 0; i < event->term_count; i++) {
		cluster->top[i].term = event->terms[i];
		cluster->top[i].weight = 1.0f;
	}
	return 0;
}

/*
 * How strongly two events belong to one storyline, 1 at the threshold: the
 * weighted cosine of their centroids over the storyline threshold, or the
 * cosine of their names alone over its own threshold, whichever is higher
 * (a storyline is held together by its core names: the same court, team or
 * company in events whose words differ).  Beyond the storyline window both
 * must hold: over months, names alone would link every story of a company.
 */
double lede__cluster_link_strength(const lede__cluster_params *p, const lede__vector *a, const double *a_norm,
				   const lede__vector *b, const double *b_norm, int reach)
{
	double cosines[FIELDS], strength, names;

	strength = weighted_similarity(p, a, a_norm, b, b_norm, cosines) / p->storyline_threshold;
	names = p->storyline_entity_threshold > 0 ? cosines[FIELD_ENTITY] / p->storyline_entity_threshold : 0;
	if (reach == 2)
		return names < strength ? names : strength;
	return names > strength ? names : strength;
}

/*
 * Links the event's storyline with the most similar other storyline among
 * the events in memory.  A new event (storyline 0) adopts that storyline or
 * gets a new one; an event that already has one merges the two (recorded).
 */
static int link_storyline(lede__cluster *cluster, cluster_event *event)
{
	uint32_t slot = slot_of_event(cluster, event);
	int64_t best = 0, traced;
	double best_similarity = 0, similarity;
	size_t i, n;
	int rc;

	event->linked_at = event->articles;
	/* Its heaviest few terms find the candidates: the link index holds a month of events. */
	if ((rc = ensure_top(cluster, LINK_QUERY_TERMS + LINK_QUERY_NAMES)) != 0)
		return rc;
	n = lede__vector_top(cluster->top, LINK_QUERY_TERMS, &event->centroid[FIELD_BODY]);
	n += lede__vector_top(cluster->top + n, LINK_QUERY_NAMES, &event->centroid[FIELD_ENTITY]);
	n = gather(cluster, &cluster->link_index, cluster->top, n, slot, MERGE_CANDIDATES * 2);
	for (i = 0; i < n; i++) {
		cluster_event *other = cluster->slots[cluster->touched[i]];
		int reach = lede__cluster_reach(cluster, event->first_seen, event->last_seen, event->last_arrival,
						other->first_seen, other->last_seen, other->last_arrival);

		if (other->storyline == event->storyline || !reach)
			continue;
		similarity = lede__cluster_link_strength(&cluster->params, event->centroid, event->norm, other->centroid,
							 other->norm, reach);
		if (similarity > best_similarity) {
			best_similarity = similarity;
			best = other->storyline;
		}
	}
	/* Events gone from memory still speak for their storylines through their traces. */
	similarity = lede__cluster_trace_link(&traced, cluster, event);
	if (traced && similarity > best_similarity) {
		best_similarity = similarity;
		best = traced;
	}
	if (!best || best_similarity < 1) {
		if (!event->storyline)
			event->storyline = cluster->next_storyline++;
		return 0;
	}
	if (!event->storyline) {
		event->storyline = best;
		return 0;
	} else {
		int64_t into = event->storyline < best ? event->storyline : best;
		int64_t from = event->storyline < best ? best : event->storyline;

		if ((rc = record_merge(cluster, LEDE__CLUSTER_MERGE_STORYLINES, from, into,
				       best_similarity * cluster->params.storyline_threshold)) != 0)
			return rc;
		relabel_storyline(cluster, from, into);
		cluster->storylines_merged++;
	}
	return 0;
}

/* --------------------------------------------------------------- merges */

static int merge_outlets(cluster_event *into, const cluster_event *from)
{
	uint64_t *merged;
	uint32_t i = 0, j = 0, n = 0, total = into->outlet_count + from->outlet_count;

	if (from->outlet_count == 0)
		return 0;
	merged = lede__malloc(total * sizeof(*merged));
	if (!merged)
		return lede__error_nomem();
	while (i < into->outlet_count || j < from->outlet_count) {
		if (j == from->outlet_count || (i < into->outlet_count && into->outlets[i] < from->outlets[j]))
			merged[n++] = into->outlets[i++];
		else if (i == into->outlet_count || into->outlets[i] > from->outlets[j])
			merged[n++] = from->outlets[j++];
		else {
			merged[n++] = into->outlets[i++];
			j++;
		}
	}
	lede__dealloc(into->outlets);
	into->outlets = merged;
	into->outlet_count = n;
	into->outlet_cap = total;
	into->outlet_total = n;
	return 0;
}

static void merge_times(cluster_event *into, const cluster_event *from)
{
	if (from->first_seen && (!into->first_seen || from->first_seen < into->first_seen))
		into->first_seen = from->first_seen;
	if (from->last_seen > into->last_seen)
		into->last_seen = from->last_seen;
	if (from->dated_first && (!into->dated_first || from->dated_first < into->dated_first))
		into->dated_first = from->dated_first;
	if (from->dated_last > into->dated_last)
		into->dated_last = from->dated_last;
	if (from->last_clock > into->last_clock)
		into->last_clock = from->last_clock;
	if (from->last_arrival > into->last_arrival)
		into->last_arrival = from->last_arrival;
}

/*
 * Merges live event `from` into live event `into` (the older one survives,
 * so that a story's id stays put) and records it.  `from` is freed.
 */
static int merge_events(lede__cluster *cluster, cluster_event *into, cluster_event *from, double similarity)
{
	double title_into, title_from;
	int rc;

	if ((rc = add_to_centroid(cluster, into, from->centroid, from->members)) != 0 || (rc = merge_outlets(into, from)) != 0 ||
	    (rc = lede__cluster_mark_dirty(cluster, into)) != 0 ||
	    (rc = record_merge(cluster, LEDE__CLUSTER_MERGE_EVENTS, from->id, into->id, similarity)) != 0)
		return rc;
	merge_times(into, from);
	into->articles += from->articles;
	into->copies += from->copies;
	/* The headline closer to the merged title centroid represents both. */
	title_into = into->title && !into->title_is_lead && into->norm[FIELD_TITLE] > 0
			     ? lede__vector_dot(&into->title_vector, &into->centroid[FIELD_TITLE])
			     : -1;
	title_from = from->title && !from->title_is_lead && into->norm[FIELD_TITLE] > 0
			     ? lede__vector_dot(&from->title_vector, &into->centroid[FIELD_TITLE])
			     : -1;
	if (from->title && (!into->title || title_from > title_into)) {
		lede__vector swap = into->title_vector;
		char *title = into->title;

		into->title_vector = from->title_vector;
		from->title_vector = swap;
		into->title = from->title;
		from->title = title;
		into->title_article = from->title_article;
		into->title_is_lead = from->title_is_lead;
	}
	if (from->storyline != into->storyline && from->storyline && into->storyline) {
		int64_t keep = from->storyline < into->storyline ? from->storyline : into->storyline;
		int64_t drop = from->storyline < into->storyline ? into->storyline : from->storyline;

		if ((rc = record_merge(cluster, LEDE__CLUSTER_MERGE_STORYLINES, drop, keep, similarity)) != 0)
			return rc;
		relabel_storyline(cluster, drop, keep);
		cluster->storylines_merged++;
	}
	lede__cluster_remove(cluster, from);
	lede__cluster_event_free(from);
	cluster->events_merged++;
	return reindex(cluster, into);
}

/*
 * Undated events are compared by the mean cosine between their members,
 * which two stories of one recurring topic reach more easily than a pair
 * of dated events close in time: their merges ask for more.
 */
static double merge_threshold(const lede__cluster_params *p, const cluster_event *a, const cluster_event *b)
{
	return a->dated_first && b->dated_first ? p->merge_threshold : p->undated_merge_threshold;
}

int lede__cluster_merge_events(lede__cluster *cluster, int64_t a, int64_t b)
{
	cluster_event *x = lede__cluster_find(cluster, a), *y = lede__cluster_find(cluster, b);

	if (a == b)
		return lede__error(LEDE_EINVAL, "cluster: event %lld cannot merge with itself", (long long)a);
	if (!x || !y || !x->live || !y->live)
		return lede__error(LEDE_ENOTFOUND, "cluster: events %lld and %lld are not both live", (long long)a,
				   (long long)b);
	return x->id < y->id ? merge_events(cluster, x, y, events_similarity(cluster, x, y))
			     : merge_events(cluster, y, x, events_similarity(cluster, y, x));
}

/* After `event` grew: merge it with the live event it now resembles most, while one crosses the threshold. */
static int merge_similar(lede__cluster *cluster, cluster_event **event)
{
	int round, rc;

	for (round = 0; round < MERGE_ROUNDS; round++) {
		cluster_event *current = *event, *best = NULL, *into, *from;
		double best_similarity = 0;
		size_t i, n;

		if ((rc = event_query(cluster, current)) != 0)
			return rc;
		n = gather(cluster, &cluster->join_index, cluster->top, current->term_count,
			   slot_of_event(cluster, current), MERGE_CANDIDATES);
		for (i = 0; i < n; i++) {
			cluster_event *other = cluster->slots[cluster->touched[i]];
			double similarity = events_similarity(cluster, current, other);

			if (similarity > best_similarity) {
				best_similarity = similarity;
				best = other;
			}
		}
		if (!best || best_similarity < merge_threshold(&cluster->params, current, best))
			return 0;
		into = best->id < current->id ? best : current;
		from = best->id < current->id ? current : best;
		if ((rc = merge_events(cluster, into, from, best_similarity)) != 0)
			return rc;
		*event = into;
	}
	return 0;
}

/* ------------------------------------------------------------- freezing */

int lede__cluster_quiet(const lede__cluster *cluster, const cluster_event *event, int64_t seconds,
			uint64_t arrivals)
{
	return (cluster->clock && event->last_clock && cluster->clock - event->last_clock > seconds) ||
	       (cluster->arrivals > event->last_arrival && cluster->arrivals - event->last_arrival > arrivals);
}

static void freeze_pass(lede__cluster *cluster)
{
	const lede__cluster_params *p = &cluster->params;
	uint32_t i;

	for (i = 0; i < cluster->slot_count; i++) {
		cluster_event *event = cluster->slots[i];

		if (!event || event->dirty)
			continue;
		if (lede__cluster_quiet(cluster, event, p->storyline_window, p->storyline_window_articles)) {
			/* Out of memory for its trace: it goes without one. */
			(void)lede__cluster_trace_keep(cluster, event);
			lede__cluster_remove(cluster, event);
			lede__cluster_event_free(event);
		} else if (event->live && lede__cluster_quiet(cluster, event, p->event_window, p->event_window_articles)) {
			lede__cluster_to_summary(cluster, event);
		}
	}
	lede__cluster_trace_pass(cluster);
	cluster->next_freeze = cluster->arrivals + FREEZE_EVERY;
	cluster->freeze_clock = cluster->clock;
}

/* ------------------------------------------------------------- adding */

static int weigh_article(lede__cluster *cluster, const lede__doc_terms *terms)
{
	int rc;

	/* The article counts itself first (Miranda et al.): its own terms are never unseen. */
	if ((rc = lede__df_add(cluster->df, &terms->body, 1)) != 0 ||
	    (rc = lede__df_add(cluster->df, &terms->entities, 0)) != 0)
		return rc;
	if ((rc = lede__tfidf_weigh(&cluster->doc[FIELD_TITLE], &terms->title, cluster->df)) != 0 ||
	    (rc = lede__tfidf_weigh(&cluster->doc[FIELD_BODY], &terms->body, cluster->df)) != 0 ||
	    (rc = lede__tfidf_weigh(&cluster->doc[FIELD_ENTITY], &terms->entities, cluster->df)) != 0)
		return rc;
	return 0;
}

/* The article's top terms as an index query, weighted by their sub-vector's weight. */
static int article_query(lede__cluster *cluster, size_t *out_count)
{
	const lede__cluster_params *p = &cluster->params;
	size_t n, m, i;
	int rc;

	*out_count = 0;
	if ((rc = ensure_top(cluster, (size_t)p->query_terms + p->query_terms / 2 + 1)) != 0)
		return rc;
	n = lede__vector_top(cluster->top, p->query_terms, &cluster->doc[FIELD_BODY]);
	for (i = 0; i < n; i++)
		cluster->top[i].weight = (float)(cluster->top[i].weight * p->body_weight);
	m = lede__vector_top(cluster->top + n, p->query_terms / 2, &cluster->doc[FIELD_ENTITY]);
	for (i = n; i < n + m; i++)
		cluster->top[i].weight = (float)(cluster->top[i].weight * p->entity_weight);
	*out_count = n + m;
	return 0;
}

/*
 * Evidence beyond the cosines that the article reports the event: the
 * weekday it names (`days`, a bit per weekday, Monday the lowest) against
 * the one the event's members name most, and its figures (none of them in
 * the event speaks against it).  Terms a large event's centroid dropped
 * read as absent.
 */
static double evidence(const lede__cluster *cluster, const cluster_event *event, const lede__doc_terms *terms,
		       unsigned days)
{
	const lede__cluster_params *p = &cluster->params;
	const lede__vector *body = &event->centroid[FIELD_BODY];
	double sum = 0;
	uint32_t i;

	if (p->weekday_weight > 0 && event->weekday >= 0 && days) {
		if (days & (1u << event->weekday))
			sum += p->weekday_weight;
		else
			sum -= p->weekday_weight;
	}
	if (p->number_weight > 0 && terms->numbers.count) {
		for (i = 0; i < terms->numbers.count; i++)
			if (lede__vector_get(body, terms->numbers.items[i].term) > 0)
				break;
		if (i == terms->numbers.count)
			sum -= p->number_weight;
	}
	return sum;
}

void lede__cluster_set_oracle(lede__cluster *cluster, lede__cluster_oracle oracle, void *context)
{
	cluster->oracle = oracle;
	cluster->oracle_context = context;
}

void lede__cluster_set_fetch(lede__cluster *cluster, lede__cluster_fetch fetch, void *context)
{
	cluster->fetch = fetch;
	cluster->fetch_context = context;
}

/*
 * The weighed article's (cluster->doc) similarity to `event`: the weighted
 * cosines times the time factor, plus the evidence; the parts go to *c.
 */
static double score(const lede__cluster *cluster, const cluster_event *event, const lede__doc_terms *terms,
		    unsigned days, int64_t published, lede__cluster_candidate *c)
{
	const lede__cluster_params *p = &cluster->params;
	double doc_scale[FIELDS], scales[FIELDS];
	span doc_span = {published, published};
	int f;

	for (f = 0; f < FIELDS; f++)
		doc_scale[f] = cluster->doc[f].count ? 1.0 : 0.0;
	c->time_factor = time_factor(cluster, doc_span, event_span(event));
	event_scales(scales, event, size_exponent(p, published && event->dated_first));
	c->evidence = evidence(cluster, event, terms, days);
	c->similarity = weighted_similarity(p, cluster->doc, doc_scale, event->centroid, scales, c->cosine) *
				c->time_factor +
			c->evidence;
	c->event = event->id;
	c->articles = event->articles;
	return c->similarity;
}

/* Published before the live window: its event may have frozen since. */
static int is_late(const lede__cluster *cluster, int64_t published)
{
	return published > 0 && cluster->clock - published > cluster->params.event_window;
}

/*
 * A late article meets the frozen summaries too (the cluster->top query of
 * `query` terms).  When the best of them beats *best_similarity and the join
 * threshold, that event's full state is fetched and brought back live, and
 * becomes *best when it still wins in full.  A blob that is missing or
 * damaged passes the summary over; other errors are returned.
 */
static int thaw(lede__cluster *cluster, const lede__doc_terms *terms, unsigned days, size_t query,
		int64_t published, cluster_event **best, double *best_similarity)
{
	lede__cluster_candidate c;
	cluster_event *event;
	double top = 0, similarity;
	int64_t pick = 0, storyline = 0;
	size_t n, i;
	int rc;

	n = gather(cluster, &cluster->link_index, cluster->top, query, UINT32_MAX, MERGE_CANDIDATES);
	for (i = 0; i < n; i++) {
		const cluster_event *summary = cluster->slots[cluster->touched[i]];

		if (summary->live)
			continue;
		similarity = score(cluster, summary, terms, days, published, &c);
		if (similarity > top) {
			top = similarity;
			pick = summary->id;
			storyline = summary->storyline;
		}
	}
	if (!pick || top < cluster->params.join_threshold || top <= *best_similarity)
		return 0;
	if (!cluster->fetched.max)
		lede__buf_init(&cluster->fetched, (size_t)1 << 30);
	lede__buf_reset(&cluster->fetched);
	rc = cluster->fetch(cluster->fetch_context, pick, &cluster->fetched);
	if (rc == 0)
		rc = lede__cluster_event_restore(NULL, cluster, cluster->fetched.data, cluster->fetched.len, storyline,
						 LEDE__CLUSTER_RESTORE_LIVE);
	if (rc == LEDE_ENOTFOUND || rc == LEDE_EFORMAT)
		return 0;
	if (rc)
		return rc;
	cluster->events_thawed++;
	event = lede__cluster_find(cluster, pick);
	if (!event)
		return 0;
	similarity = score(cluster, event, terms, days, published, &c);
	if (similarity > *best_similarity) {
		*best_similarity = similarity;
		*best = event;
		if (cluster->candidate_count < cluster->picked_cap)
			cluster->candidates[cluster->candidate_count++] = c;
	}
	return 0;
}

static int new_event(cluster_event **out, lede__cluster *cluster)
{
	cluster_event *event = lede__calloc(1, sizeof(*event));
	int f;

	*out = NULL;
	if (!event)
		return lede__error_nomem();
	for (f = 0; f < FIELDS; f++)
		lede__vector_init(&event->centroid[f]);
	lede__vector_init(&event->title_vector);
	event->id = cluster->next_event;
	*out = event;
	return 0;
}

/* Arrivals in time order move the clock; the mean gap is over the last hundred or so dated ones. */
static void advance_clock(lede__cluster *cluster, int64_t published)
{
	if (published > 0) {
		double gap = cluster->clock && published > cluster->clock ? (double)(published - cluster->clock) : 0;

		if (cluster->clock)
			cluster->mean_gap = cluster->mean_gap > 0 ? 0.99 * cluster->mean_gap + 0.01 * gap : gap;
		if (published > cluster->clock)
			cluster->clock = published;
	}
	cluster->arrivals++;
}

static int maybe_freeze(lede__cluster *cluster)
{
	const lede__cluster_params *p = &cluster->params;

	/* Every FREEZE_EVERY arrivals, or when the clock moved by a tenth of the event window. */
	if (cluster->arrivals >= cluster->next_freeze ||
	    (cluster->clock - cluster->freeze_clock) * 10 > p->event_window)
		freeze_pass(cluster);
	return 0;
}

int lede__cluster_add_terms(lede__cluster_assignment *out, lede__cluster *cluster,
			    const lede__cluster_article *article, const lede__doc_terms *terms)
{
	const lede__cluster_params *p = &cluster->params;
	cluster_event *best = NULL, *event = NULL;
	double best_similarity = 0;
	size_t query, n, i;
	unsigned days = 0; /* the weekdays the article names, Monday the lowest bit */
	int rc, opened = 0, joins;

	memset(out, 0, sizeof(*out));
	if (article->id <= 0)
		return lede__error(LEDE_EINVAL, "cluster: article id must be > 0");
	advance_clock(cluster, article->published);
	if ((rc = weigh_article(cluster, terms)) != 0)
		return rc;
	if ((rc = article_query(cluster, &query)) != 0)
		return rc;
	for (i = 0; i < 7; i++)
		if (lede__vector_get(&terms->body, cluster->weekdays[i]) > 0)
			days |= 1u << i;
	cluster->candidate_count = 0;
	n = gather(cluster, &cluster->join_index, cluster->top, query, UINT32_MAX, p->max_candidates);
	cluster->candidates_scored += n;
	for (i = 0; i < n; i++) {
		cluster_event *candidate = cluster->slots[cluster->touched[i]];
		double similarity = score(cluster, candidate, terms, days, article->published, &cluster->candidates[i]);

		if (similarity > best_similarity ||
		    (similarity == best_similarity && best && candidate->id < best->id)) {
			best_similarity = similarity;
			best = candidate;
		}
	}
	cluster->candidate_count = n;
	if (!cluster->oracle && cluster->fetch && is_late(cluster, article->published) &&
	    (rc = thaw(cluster, terms, days, query, article->published, &best, &best_similarity)) != 0)
		return rc;
	qsort(cluster->candidates, cluster->candidate_count, sizeof(*cluster->candidates), compare_candidates);
	out->similarity = best_similarity;
	joins = best && best_similarity >= p->join_threshold;
	if (cluster->oracle) {
		int pick = cluster->oracle(cluster->oracle_context, article->id, cluster->candidates, n);

		joins = pick >= 0 && (size_t)pick < n;
		best = joins ? lede__cluster_find(cluster, cluster->candidates[pick].event) : NULL;
	}
	if (joins) {
		event = best;
	} else if (!article->may_open) {
		return maybe_freeze(cluster);
	} else {
		if ((rc = new_event(&event, cluster)) != 0)
			return rc;
		if ((rc = lede__cluster_insert(cluster, event, 1)) != 0) {
			lede__cluster_event_free(event);
			return rc;
		}
		cluster->next_event++;
		cluster->events_opened++;
		opened = 1;
	}
	if ((rc = add_to_centroid(cluster, event, cluster->doc, NULL)) != 0 ||
	    (rc = add_outlet(event, article->outlet)) != 0 || (rc = update_title(cluster, event, article)) != 0 ||
	    (rc = lede__cluster_mark_dirty(cluster, event)) != 0)
		goto fail;
	add_time(cluster, event, article->published);
	event->articles++;
	if ((rc = reindex(cluster, event)) != 0)
		goto fail;
	if (!opened && (rc = merge_similar(cluster, &event)) != 0)
		return rc;
	/* Storyline links are checked when the event opens and each time it doubles. */
	if ((!event->storyline || event->articles >= 2 * event->linked_at) &&
	    (rc = link_storyline(cluster, event)) != 0)
		return rc;
	out->event = event->id;
	out->storyline = event->storyline;
	out->opened = opened;
	return maybe_freeze(cluster);
fail:
	/* An event this article opened goes again; one it joined keeps what was added (a partial member). */
	if (opened) {
		lede__cluster_remove(cluster, event);
		lede__cluster_event_free(event);
	}
	return rc;
}

int lede__cluster_add(lede__cluster_assignment *out, lede__cluster *cluster,
		      const lede__cluster_article *article)
{
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = lede__tfidf_featurize(&cluster->terms, cluster->featurizer, article->title, article->title_len,
					article->text, article->text_len, article->entities,
					article->entity_count)) != 0)
		return rc;
	return lede__cluster_add_terms(out, cluster, article, &cluster->terms);
}

int lede__cluster_add_copy(lede__cluster_assignment *out, lede__cluster *cluster, int64_t event_id,
			   int64_t article, int64_t published, const char *outlet)
{
	cluster_event *event = lede__cluster_find(cluster, event_id);
	int rc;

	memset(out, 0, sizeof(*out));
	if (article <= 0)
		return lede__error(LEDE_EINVAL, "cluster: article id must be > 0");
	if (!event || !event->live)
		return lede__error(LEDE_ENOTFOUND, "cluster: event %lld is not live in memory",
				   (long long)event_id);
	advance_clock(cluster, published);
	if ((rc = add_outlet(event, outlet)) != 0 || (rc = lede__cluster_mark_dirty(cluster, event)) != 0)
		return rc;
	add_time(cluster, event, published);
	event->articles++;
	event->copies++;
	out->event = event->id;
	out->storyline = event->storyline;
	out->similarity = 1.0;
	return maybe_freeze(cluster);
}

/* ----------------------------------------------------------- reading */

static void fill_info(lede__cluster_event_info *out, const cluster_event *event)
{
	out->id = event->id;
	out->storyline = event->storyline;
	out->title = event->title ? event->title : "";
	out->title_article = event->title_article;
	out->first_seen = event->first_seen;
	out->last_seen = event->last_seen;
	out->articles = event->articles;
	out->copies = event->copies;
	out->outlets = event->outlet_total;
	out->last_arrival = event->last_arrival;
	out->live = event->live;
}

int lede__cluster_event(lede__cluster_event_info *out, const lede__cluster *cluster, int64_t id)
{
	const cluster_event *event = lede__cluster_find(cluster, id);

	memset(out, 0, sizeof(*out));
	if (!event)
		return lede__error(LEDE_ENOTFOUND, "cluster: no event %lld in memory", (long long)id);
	fill_info(out, event);
	return 0;
}

static int compare_ids(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

int lede__cluster_flush(lede__cluster *cluster, lede__cluster_visit visit, void *context)
{
	size_t i, kept = 0;
	int rc = 0;

	if (cluster->dirty_count)
		qsort(cluster->dirty, cluster->dirty_count, sizeof(*cluster->dirty), compare_ids);
	for (i = 0; i < cluster->dirty_count; i++) {
		cluster_event *event = lede__cluster_find(cluster, cluster->dirty[i]);
		lede__cluster_event_info info;

		if (!event || !event->dirty || (i > 0 && cluster->dirty[i] == cluster->dirty[i - 1]))
			continue;
		if (rc == 0 && visit) {
			fill_info(&info, event);
			rc = visit(context, &info);
		}
		if (rc) {
			cluster->dirty[kept++] = event->id;
			continue;
		}
		event->dirty = 0;
	}
	cluster->dirty_count = kept;
	return rc;
}

size_t lede__cluster_merges(const lede__cluster_merge **out, const lede__cluster *cluster)
{
	*out = cluster->merges;
	return cluster->merge_count;
}

void lede__cluster_merges_clear(lede__cluster *cluster)
{
	cluster->merge_count = 0;
}

void lede__cluster_get_clock(lede__cluster_clock *out, const lede__cluster *cluster)
{
	out->time = cluster->clock;
	out->arrivals = cluster->arrivals;
	out->live_from = cluster->clock ? cluster->clock - cluster->params.event_window : 0;
	out->storyline_from = cluster->clock ? cluster->clock - cluster->params.storyline_window : 0;
}

void lede__cluster_get_stats(lede__cluster_stats *out, const lede__cluster *cluster)
{
	size_t bytes = sizeof(*cluster) + lede__df_bytes(cluster->df), i;

	memset(out, 0, sizeof(*out));
	out->live_events = cluster->live_count;
	out->summaries = cluster->summary_count;
	out->traces = cluster->traces.held;
	out->df_terms = lede__df_terms(cluster->df);
	out->index_terms = cluster->join_index.terms.count + cluster->link_index.terms.count;
	out->events_opened = cluster->events_opened;
	out->events_merged = cluster->events_merged;
	out->storylines_merged = cluster->storylines_merged;
	out->candidates_scored = cluster->candidates_scored;
	out->events_thawed = cluster->events_thawed;
	for (i = 0; i < cluster->slot_count; i++) {
		const cluster_event *event = cluster->slots[i];
		int f;

		if (!event)
			continue;
		bytes += sizeof(*event) + event->outlet_cap * sizeof(uint64_t) + event->term_count * sizeof(lede__term);
		for (f = 0; f < FIELDS; f++)
			bytes += event->centroid[f].cap * sizeof(lede__term_weight);
		bytes += event->title_vector.cap * sizeof(lede__term_weight);
		bytes += event->title ? strlen(event->title) + 1 : 0;
	}
	bytes += cluster->slot_cap * (sizeof(void *) + 2 * sizeof(uint32_t) + sizeof(float));
	bytes += cluster->ids.cap * (sizeof(uint64_t) + sizeof(uint32_t));
	for (i = 0; i < 2; i++) {
		const cluster_inverted *index = i ? &cluster->link_index : &cluster->join_index;
		uint32_t j;

		bytes += index->terms.cap * (sizeof(uint64_t) + sizeof(uint32_t));
		bytes += index->cap * sizeof(cluster_posting);
		for (j = 0; j < index->count; j++)
			bytes += index->lists[j].cap * sizeof(uint32_t);
	}
	out->bytes = bytes + lede__cluster_traces_bytes(&cluster->traces);
}
