/*
 * cluster_codec.c: the blobs that carry the clusterer across restarts: one
 * per event and one for the clusterer's own state (counters and document
 * frequencies).  Little-endian, versioned; weights are written as the
 * floats they are, so a restored clusterer continues exactly where the
 * saved one stood.
 */
#include "cluster_impl.h"

#include <string.h>

#include "util/alloc.h"
#include "util/error.h"

enum {
	EVENT_MAGIC = 'E',
	EVENT_VERSION = 1,
	STATE_MAGIC = 'S',
	STATE_VERSION = 1,
	FLAG_TITLE_IS_LEAD = 1,
	MAX_VECTOR_ITEMS = 1000000,
	MAX_TITLE = 4096,
	FREEZE_EVERY_RESTORED = 512
};

static int put_time(lede__buf *out, int64_t value)
{
	return lede__wire_u64(out, (uint64_t)value);
}

static int64_t read_time(lede__wire_reader *reader)
{
	return (int64_t)lede__wire_read_u64(reader);
}

int lede__cluster_event_encode(lede__buf *out, const lede__cluster *cluster, int64_t id)
{
	const cluster_event *event = lede__cluster_find(cluster, id);
	size_t title_len, i;
	int f, rc;

	if (!event)
		return lede__error(LEDE_ENOTFOUND, "cluster: no event %lld in memory", (long long)id);
	if (!event->live)
		return lede__error(LEDE_EINVAL, "cluster: event %lld is a frozen summary", (long long)id);
	title_len = event->title ? strlen(event->title) : 0;
	if ((rc = lede__wire_u8(out, EVENT_MAGIC)) != 0 || (rc = lede__wire_u8(out, EVENT_VERSION)) != 0 ||
	    (rc = lede__wire_u8(out, event->title_is_lead ? FLAG_TITLE_IS_LEAD : 0)) != 0 ||
	    (rc = lede__wire_varint(out, (uint64_t)event->id)) != 0 ||
	    (rc = lede__wire_varint(out, (uint64_t)event->storyline)) != 0 ||
	    (rc = put_time(out, event->first_seen)) != 0 || (rc = put_time(out, event->last_seen)) != 0 ||
	    (rc = put_time(out, event->dated_first)) != 0 || (rc = put_time(out, event->dated_last)) != 0 ||
	    (rc = put_time(out, event->last_clock)) != 0 || (rc = lede__wire_varint(out, event->last_arrival)) != 0 ||
	    (rc = lede__wire_varint(out, event->articles)) != 0 || (rc = lede__wire_varint(out, event->copies)) != 0 ||
	    (rc = lede__wire_varint(out, event->linked_at)) != 0 ||
	    (rc = lede__wire_varint(out, event->outlet_count)) != 0)
		return rc;
	for (i = 0; i < event->outlet_count; i++)
		if ((rc = lede__wire_u64(out, event->outlets[i])) != 0)
			return rc;
	for (f = 0; f < FIELDS; f++)
		if ((rc = lede__wire_varint(out, event->members[f])) != 0 ||
		    (rc = lede__vector_encode(out, &event->centroid[f])) != 0)
			return rc;
	if ((rc = lede__wire_varint(out, (uint64_t)event->title_article)) != 0 ||
	    (rc = lede__wire_varint(out, title_len)) != 0 ||
	    (title_len && (rc = lede__buf_append(out, event->title, title_len)) != 0) ||
	    (rc = lede__vector_encode(out, &event->title_vector)) != 0)
		return rc;
	return 0;
}

static int decode_event(cluster_event *event, const void *blob, size_t len)
{
	lede__wire_reader reader;
	uint64_t outlets, title_len, value;
	uint8_t flags;
	size_t i;
	int f, rc;

	lede__wire_reader_init(&reader, blob, len);
	if (lede__wire_read_u8(&reader) != EVENT_MAGIC || lede__wire_read_u8(&reader) != EVENT_VERSION)
		return lede__error(LEDE_EFORMAT, "not an event blob of version %d", EVENT_VERSION);
	flags = lede__wire_read_u8(&reader);
	event->title_is_lead = (flags & FLAG_TITLE_IS_LEAD) != 0;
	event->id = (int64_t)lede__wire_read_varint(&reader);
	event->storyline = (int64_t)lede__wire_read_varint(&reader);
	event->first_seen = read_time(&reader);
	event->last_seen = read_time(&reader);
	event->dated_first = read_time(&reader);
	event->dated_last = read_time(&reader);
	event->last_clock = read_time(&reader);
	event->last_arrival = lede__wire_read_varint(&reader);
	value = lede__wire_read_varint(&reader);
	event->articles = (uint32_t)value;
	if (value > UINT32_MAX)
		reader.failed = 1;
	value = lede__wire_read_varint(&reader);
	event->copies = (uint32_t)value;
	if (value > event->articles)
		reader.failed = 1;
	value = lede__wire_read_varint(&reader);
	event->linked_at = (uint32_t)value;
	if (value > event->articles)
		reader.failed = 1;
	outlets = lede__wire_read_varint(&reader);
	if (reader.failed || event->id <= 0 || event->storyline < 0 || outlets > (reader.len - reader.pos) / 8)
		goto bad;
	if (outlets) {
		event->outlets = lede__malloc((size_t)outlets * sizeof(*event->outlets));
		if (!event->outlets)
			return lede__error_nomem();
		event->outlet_cap = (uint32_t)outlets;
	}
	for (i = 0; i < outlets; i++) {
		event->outlets[i] = lede__wire_read_u64(&reader);
		if (i > 0 && event->outlets[i] <= event->outlets[i - 1])
			goto bad;
	}
	event->outlet_count = (uint32_t)outlets;
	event->outlet_total = (uint32_t)outlets;
	for (f = 0; f < FIELDS; f++) {
		value = lede__wire_read_varint(&reader);
		event->members[f] = (uint32_t)value;
		if (value > event->articles)
			goto bad;
		if ((rc = lede__vector_decode(&event->centroid[f], &reader, MAX_VECTOR_ITEMS)) != 0)
			return rc;
		event->norm[f] = lede__vector_norm(&event->centroid[f]);
	}
	event->title_article = (int64_t)lede__wire_read_varint(&reader);
	title_len = lede__wire_read_varint(&reader);
	if (reader.failed || title_len > MAX_TITLE || title_len > reader.len - reader.pos)
		goto bad;
	if (title_len) {
		if (memchr(reader.data + reader.pos, 0, (size_t)title_len))
			goto bad;
		event->title = lede__strndup((const char *)reader.data + reader.pos, (size_t)title_len);
		if (!event->title)
			return lede__error_nomem();
		reader.pos += (size_t)title_len;
	}
	if ((rc = lede__vector_decode(&event->title_vector, &reader, MAX_VECTOR_ITEMS)) != 0)
		return rc;
	if (reader.failed || reader.pos != reader.len)
		goto bad;
	return 0;
bad:
	return lede__error(LEDE_EFORMAT, "event blob is damaged");
}

int lede__cluster_event_restore(int *out_kept, lede__cluster *cluster, const void *blob, size_t len,
				int64_t storyline, lede__cluster_restore_mode mode)
{
	const lede__cluster_params *p = &cluster->params;
	cluster_event *event, *existing;
	int f, rc, summary = 0;

	if (out_kept)
		*out_kept = 0;
	if (storyline < 0)
		return lede__error(LEDE_EINVAL, "cluster: storyline must be >= 0");
	event = lede__calloc(1, sizeof(*event));
	if (!event)
		return lede__error_nomem();
	for (f = 0; f < FIELDS; f++)
		lede__vector_init(&event->centroid[f]);
	lede__vector_init(&event->title_vector);
	if ((rc = decode_event(event, blob, len)) != 0)
		goto cleanup;
	if (storyline)
		event->storyline = storyline;
	if (mode != LEDE__CLUSTER_RESTORE_LIVE) {
		if (lede__cluster_quiet(cluster, event, p->storyline_window, p->storyline_window_articles)) {
			/* Too old to be linked as an event: it may leave a trace for storylines over months. */
			rc = lede__cluster_trace_keep(cluster, event);
			goto cleanup;
		}
		summary = lede__cluster_quiet(cluster, event, p->event_window, p->event_window_articles);
	}
	existing = lede__cluster_find(cluster, event->id);
	if (existing) {
		lede__cluster_remove(cluster, existing);
		lede__cluster_event_free(existing);
	}
	if ((rc = lede__cluster_insert(cluster, event, 1)) != 0)
		goto cleanup;
	if (summary)
		lede__cluster_to_summary(cluster, event);
	if (event->id >= cluster->next_event)
		cluster->next_event = event->id + 1;
	if (event->storyline >= cluster->next_storyline)
		cluster->next_storyline = event->storyline + 1;
	if (out_kept)
		*out_kept = 1;
	return 0;
cleanup:
	lede__cluster_event_free(event);
	return rc;
}

int lede__cluster_state_encode(lede__buf *out, const lede__cluster *cluster)
{
	lede__buf frequencies;
	int rc;

	lede__buf_init(&frequencies, out->max);
	if ((rc = lede__df_encode(&frequencies, cluster->df)) != 0)
		goto cleanup;
	if ((rc = lede__wire_u8(out, STATE_MAGIC)) != 0 || (rc = lede__wire_u8(out, STATE_VERSION)) != 0 ||
	    (rc = lede__wire_u64(out, cluster->params_hash)) != 0 ||
	    (rc = lede__wire_varint(out, (uint64_t)cluster->next_event)) != 0 ||
	    (rc = lede__wire_varint(out, (uint64_t)cluster->next_storyline)) != 0 ||
	    (rc = put_time(out, cluster->clock)) != 0 || (rc = lede__wire_varint(out, cluster->arrivals)) != 0 ||
	    (rc = lede__wire_f64(out, cluster->mean_gap)) != 0 ||
	    (rc = lede__wire_varint(out, cluster->next_freeze)) != 0 ||
	    (rc = put_time(out, cluster->freeze_clock)) != 0 ||
	    (rc = lede__wire_varint(out, cluster->events_opened)) != 0 ||
	    (rc = lede__wire_varint(out, cluster->events_merged)) != 0 ||
	    (rc = lede__wire_varint(out, cluster->storylines_merged)) != 0 ||
	    (rc = lede__wire_varint(out, frequencies.len)) != 0 ||
	    (frequencies.len && (rc = lede__buf_append(out, frequencies.data, frequencies.len)) != 0))
		goto cleanup;
cleanup:
	lede__buf_free(&frequencies);
	return rc;
}

int lede__cluster_state_restore(lede__cluster *cluster, const void *blob, size_t len)
{
	lede__wire_reader reader;
	uint64_t hash, df_len;
	int64_t next_event, next_storyline, clock, freeze_clock;
	uint64_t arrivals, next_freeze, opened, merged, storylines;
	double mean_gap;
	int rc;

	if (cluster->arrivals || cluster->live_count || cluster->summary_count)
		return lede__error(LEDE_EINVAL, "cluster: state can only be restored on a new clusterer");
	lede__wire_reader_init(&reader, blob, len);
	if (lede__wire_read_u8(&reader) != STATE_MAGIC || lede__wire_read_u8(&reader) != STATE_VERSION)
		return lede__error(LEDE_EFORMAT, "not a clusterer state blob of version %d", STATE_VERSION);
	hash = lede__wire_read_u64(&reader);
	next_event = (int64_t)lede__wire_read_varint(&reader);
	next_storyline = (int64_t)lede__wire_read_varint(&reader);
	clock = read_time(&reader);
	arrivals = lede__wire_read_varint(&reader);
	mean_gap = lede__wire_read_f64(&reader);
	next_freeze = lede__wire_read_varint(&reader);
	freeze_clock = read_time(&reader);
	opened = lede__wire_read_varint(&reader);
	merged = lede__wire_read_varint(&reader);
	storylines = lede__wire_read_varint(&reader);
	df_len = lede__wire_read_varint(&reader);
	if (reader.failed || next_event <= 0 || next_storyline <= 0 || df_len != reader.len - reader.pos ||
	    !(mean_gap >= 0 && mean_gap < 1e12))
		return lede__error(LEDE_EFORMAT, "clusterer state blob is damaged");
	if (hash != cluster->params_hash)
		return lede__error(LEDE_EINVAL, "cluster: the state was made with other term parameters");
	if ((rc = lede__df_decode(cluster->df, reader.data + reader.pos, (size_t)df_len)) != 0)
		return rc;
	cluster->next_event = next_event;
	cluster->next_storyline = next_storyline;
	cluster->clock = clock;
	cluster->arrivals = arrivals;
	cluster->mean_gap = mean_gap;
	cluster->next_freeze = next_freeze ? next_freeze : arrivals + FREEZE_EVERY_RESTORED;
	cluster->freeze_clock = freeze_clock;
	cluster->events_opened = opened;
	cluster->events_merged = merged;
	cluster->storylines_merged = storylines;
	return 0;
}
