/*
 * cluster_trace.c: storylines over months.  Past the storyline window an
 * event of two or more articles leaves a trace (its heaviest terms and
 * names, its times, its storyline) until the storyline memory has passed;
 * a new event links with a trace's storyline when it shares both its names
 * and its topic (docs/internals/cluster.md, "Storylines over months").
 */
#include "cluster_impl.h"

#include <string.h>

#include "util/alloc.h"
#include "util/error.h"

enum {
	TRACE_CANDIDATES = 8 /* traces compared in full for one event */
};

static int trace_quiet(const lede__cluster *cluster, const cluster_trace *trace)
{
	const lede__cluster_params *p = &cluster->params;

	return (cluster->clock && trace->last_clock && cluster->clock - trace->last_clock > p->storyline_memory) ||
	       (cluster->arrivals > trace->last_arrival &&
		cluster->arrivals - trace->last_arrival > p->storyline_memory_articles);
}

static int grow_traces(cluster_traces *traces)
{
	uint32_t cap = traces->cap ? traces->cap * 2 : 256;
	cluster_trace *items = lede__realloc(traces->items, cap * sizeof(*items));
	uint32_t *free_slots;
	float *accum;

	if (!items)
		return lede__error_nomem();
	traces->items = items;
	free_slots = lede__realloc(traces->free_slots, cap * sizeof(*free_slots));
	if (!free_slots)
		return lede__error_nomem();
	traces->free_slots = free_slots;
	accum = lede__realloc(traces->accum, cap * sizeof(*accum));
	if (!accum)
		return lede__error_nomem();
	memset(accum + traces->cap, 0, (cap - traces->cap) * sizeof(*accum));
	traces->accum = accum;
	free_slots = lede__realloc(traces->touched, cap * sizeof(*free_slots));
	if (!free_slots)
		return lede__error_nomem();
	traces->touched = free_slots;
	traces->cap = cap;
	return 0;
}

static void drop_trace(cluster_traces *traces, uint32_t slot)
{
	cluster_trace *trace = &traces->items[slot];
	uint32_t i;

	for (i = 0; i < trace->names.count; i++)
		lede__cluster_index_remove(&traces->index, trace->names.items[i].term, slot);
	lede__vector_free(&trace->body);
	lede__vector_free(&trace->names);
	trace->id = 0;
	traces->free_slots[traces->free_count++] = slot;
	traces->held--;
}

/* A copy of the `keep` heaviest terms of `from`, sized to fit, and its norm. */
static int heaviest(lede__vector *out, double *norm, const lede__vector *from, size_t keep)
{
	int rc;

	if ((rc = lede__vector_copy(out, from)) != 0)
		return rc;
	lede__vector_truncate(out, keep);
	lede__vector_shrink(out);
	*norm = lede__vector_norm(out);
	return 0;
}

int lede__cluster_trace_keep(lede__cluster *cluster, const cluster_event *event)
{
	const lede__cluster_params *p = &cluster->params;
	cluster_traces *traces = &cluster->traces;
	cluster_trace *trace;
	uint32_t slot, i;
	int rc;

	if (event->articles < 2 || !event->centroid[FIELD_ENTITY].count)
		return 0;
	if (traces->free_count == 0 && traces->count == traces->cap && (rc = grow_traces(traces)) != 0)
		return rc;
	slot = traces->free_count ? traces->free_slots[traces->free_count - 1] : traces->count;
	trace = &traces->items[slot];
	memset(trace, 0, sizeof(*trace));
	trace->id = event->id;
	trace->storyline = event->storyline;
	trace->first_seen = event->first_seen;
	trace->last_seen = event->last_seen;
	trace->last_clock = event->last_clock;
	trace->last_arrival = event->last_arrival;
	if (trace_quiet(cluster, trace)) {
		trace->id = 0;
		return 0;
	}
	if ((rc = heaviest(&trace->body, &trace->norm[FIELD_BODY], &event->centroid[FIELD_BODY], p->trace_terms)) != 0 ||
	    (rc = heaviest(&trace->names, &trace->norm[FIELD_ENTITY], &event->centroid[FIELD_ENTITY],
			   p->trace_terms / 2 + 1)) != 0)
		goto fail;
	/* Indexed under its names: a link over months needs them. */
	for (i = 0; i < trace->names.count; i++) {
		if ((rc = lede__cluster_index_add(&traces->index, trace->names.items[i].term, slot)) != 0) {
			while (i-- > 0)
				lede__cluster_index_remove(&traces->index, trace->names.items[i].term, slot);
			goto fail;
		}
	}
	if (traces->free_count)
		traces->free_count--;
	else
		traces->count++;
	traces->held++;
	return 0;
fail:
	lede__vector_free(&trace->body);
	lede__vector_free(&trace->names);
	trace->id = 0;
	return rc;
}

void lede__cluster_trace_pass(lede__cluster *cluster)
{
	const lede__cluster_params *p = &cluster->params;
	cluster_traces *traces = &cluster->traces;
	uint32_t slot;

	/* A tenth of the memory at a time: an expired trace never links (the reach says so) before it goes. */
	if ((cluster->clock - traces->pass_clock) * 10 < p->storyline_memory &&
	    (cluster->arrivals - traces->pass_arrivals) * 10 < p->storyline_memory_articles)
		return;
	for (slot = 0; slot < traces->count; slot++)
		if (traces->items[slot].id && trace_quiet(cluster, &traces->items[slot]))
			drop_trace(traces, slot);
	traces->pass_clock = cluster->clock;
	traces->pass_arrivals = cluster->arrivals;
}

static int64_t trace_id_of(const void *context, uint32_t slot)
{
	return ((const cluster_traces *)context)->items[slot].id;
}

double lede__cluster_trace_link(int64_t *storyline, lede__cluster *cluster, const cluster_event *event)
{
	cluster_traces *traces = &cluster->traces;
	const lede__vector *names = &event->centroid[FIELD_ENTITY];
	lede__term_weight query[LEDE__CLUSTER_TRACE_QUERY];
	uint32_t best[TRACE_CANDIDATES];
	double best_strength = 0;
	size_t n, i;

	*storyline = 0;
	if (!traces->held || !names->count)
		return 0;
	/* The best few by shared names (ties: the older event), then compared in full. */
	n = lede__vector_top(query, LEDE__CLUSTER_TRACE_QUERY, names);
	n = lede__cluster_index_best(best, TRACE_CANDIDATES, &traces->index, query, n, UINT32_MAX,
				     cluster->params.max_posting, traces->accum, traces->touched, trace_id_of, traces);
	for (i = 0; i < n; i++) {
		const cluster_trace *trace = &traces->items[best[i]];
		lede__vector vectors[FIELDS];
		double strength;
		int reach;

		if (trace->storyline == event->storyline)
			continue;
		reach = lede__cluster_reach(cluster, event->first_seen, event->last_seen, event->last_arrival,
					    trace->first_seen, trace->last_seen, trace->last_arrival);
		if (!reach)
			continue;
		memset(vectors, 0, sizeof(vectors));
		vectors[FIELD_BODY] = trace->body;
		vectors[FIELD_ENTITY] = trace->names;
		strength = lede__cluster_link_strength(&cluster->params, event->centroid, event->norm, vectors,
						       trace->norm, reach);
		if (strength > best_strength) {
			best_strength = strength;
			*storyline = trace->storyline;
		}
	}
	return best_strength;
}

void lede__cluster_trace_relabel(lede__cluster *cluster, int64_t from, int64_t into)
{
	cluster_traces *traces = &cluster->traces;
	uint32_t slot;

	for (slot = 0; slot < traces->count; slot++)
		if (traces->items[slot].id && traces->items[slot].storyline == from)
			traces->items[slot].storyline = into;
}

size_t lede__cluster_traces_bytes(const cluster_traces *traces)
{
	size_t bytes = traces->cap * (sizeof(cluster_trace) + 2 * sizeof(uint32_t) + sizeof(float)), i;
	uint32_t slot;

	for (slot = 0; slot < traces->count; slot++)
		bytes += (traces->items[slot].body.cap + traces->items[slot].names.cap) * sizeof(lede__term_weight);
	bytes += traces->index.terms.cap * (sizeof(uint64_t) + sizeof(uint32_t));
	bytes += traces->index.cap * sizeof(cluster_posting);
	for (i = 0; i < traces->index.count; i++)
		bytes += traces->index.lists[i].cap * sizeof(uint32_t);
	return bytes;
}

void lede__cluster_traces_free(cluster_traces *traces)
{
	uint32_t slot;

	for (slot = 0; slot < traces->count; slot++) {
		lede__vector_free(&traces->items[slot].body);
		lede__vector_free(&traces->items[slot].names);
	}
	lede__dealloc(traces->items);
	lede__dealloc(traces->free_slots);
	lede__dealloc(traces->accum);
	lede__dealloc(traces->touched);
	lede__cluster_index_free(&traces->index);
	memset(traces, 0, sizeof(*traces));
	lede__cluster_index_init(&traces->index);
}
