/*
 * dedup_eval: scores src/story/dedup on the labeled set that build_labeled.py
 * writes, and measures its cost as the index grows.
 *
 *   dedup_eval LABELED.jsonl                 P/R of pairs, per transformation,
 *                                            hard negatives, canonicals
 *   dedup_eval --seeds DIR LABELED.jsonl     ... and no two seeds are copies
 *   dedup_eval --scores LABELED.jsonl        similarity of each copy to its original
 *                                            (exact and estimated) and of hard negatives
 *   dedup_eval --sweep LABELED.jsonl         the parameter grid of docs/internals/dedup.md
 *   dedup_eval --simhash LABELED.jsonl       64-bit SimHash at Hamming <= 3, for comparison
 *   dedup_eval --scale N LABELED.jsonl       cost per article at 10k, 100k, ... N stored
 *   --params w,K,b,r,near,containment,containment_jaccard   other parameters
 *
 * A bench tool: it includes the library's internal headers and does I/O.
 */
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "extract/extract.h"
#include "sim/minhash.h"
#include "sim/shingle.h"
#include "source/doc.h"
#include "story/dedup.h"
#include "text/normalize.h"
#include "util/arena.h"
#include "util/buf.h"

#define TRANSFORM_MAX 16

typedef struct record {
	int64_t id, published;
	char *doc, *group, *transform, *source, *event;
	char *text;
	size_t len;
	int transform_index; /* into transforms[]; -1 original, -2 negative */
	int gold;            /* gold group number */
	int event_index;     /* -1 none */
	lede__dedup_fingerprint fp;
	int predicted;       /* predicted group number */
	int64_t canonical;   /* predicted canonical */
	lede__dedup_relation relation; /* to the canonical */
} record;

static const char *transforms[TRANSFORM_MAX];
static int transform_count;

static record *records;
/* Copies present in the source data (transform "found"): scored apart from the stream. */
typedef struct found_copy {
	record r;
	char *copy_of;
	double containment;
	int partner; /* record index */
} found_copy;
static found_copy *data_copies;
static size_t found_count;
static lede__dedup_params current; /* the parameters being scored */
static size_t record_count;
static int gold_count, event_count;
static int *gold_original; /* gold group -> record index of its original, -1 */

/* CPU time of this thread: other work on a shared machine does not count against the index. */
static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void die(const char *what)
{
	fprintf(stderr, "dedup_eval: %s\n", what);
	exit(2);
}

static void *xmalloc(size_t size)
{
	void *p = calloc(1, size ? size : 1);

	if (!p)
		die("out of memory");
	return p;
}

static char *xstrdup(const char *s)
{
	size_t n = strlen(s);
	char *p = xmalloc(n + 1);

	memcpy(p, s, n + 1);
	return p;
}

/* ---- interning strings to small numbers ---- */

typedef struct intern {
	char **keys;
	int *values;
	size_t size;
	int count;
} intern;

static uint64_t fnv(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

/* The number of `key`, or -1 when it was never interned. */
static int intern_find(const intern *t, const char *key)
{
	size_t at;

	if (!t->size)
		return -1;
	for (at = fnv(key) & (t->size - 1); t->keys[at]; at = (at + 1) & (t->size - 1))
		if (strcmp(t->keys[at], key) == 0)
			return t->values[at];
	return -1;
}

static int intern_get(intern *t, const char *key)
{
	size_t at;

	if (!t->size) {
		t->size = 1 << 16;
		t->keys = xmalloc(t->size * sizeof *t->keys);
		t->values = xmalloc(t->size * sizeof *t->values);
	}
	at = fnv(key) & (t->size - 1);
	while (t->keys[at]) {
		if (strcmp(t->keys[at], key) == 0)
			return t->values[at];
		at = (at + 1) & (t->size - 1);
	}
	if ((size_t)t->count * 2 >= t->size)
		die("too many distinct keys");
	t->keys[at] = xstrdup(key);
	t->values[at] = t->count;
	return t->count++;
}

static void intern_free(intern *t)
{
	size_t i;

	for (i = 0; i < t->size; i++)
		free(t->keys[i]);
	free(t->keys);
	free(t->values);
	memset(t, 0, sizeof *t);
}

/* ---- loading ---- */

static const char *json_str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : "";
}

static void load(const char *path)
{
	FILE *f = fopen(path, "r");
	intern groups = {0}, events = {0};
	size_t capacity = 0, i;
	char *line = NULL;
	size_t line_cap = 0;
	ssize_t n;

	if (!f) {
		fprintf(stderr, "dedup_eval: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	while ((n = getline(&line, &line_cap, f)) > 0) {
		json_error_t error;
		json_t *o = json_loadb(line, (size_t)n, 0, &error);
		record *r;
		int t;

		if (!o)
			die("bad JSON line in the labeled set");
		if (record_count == capacity) {
			capacity = capacity ? capacity * 2 : 1024;
			records = realloc(records, capacity * sizeof *records);
			if (!records)
				die("out of memory");
		}
		if (strcmp(json_str(o, "transform"), "found") == 0) {
			found_copy *fc;

			data_copies = realloc(data_copies, (found_count + 1) * sizeof *data_copies);
			if (!data_copies)
				die("out of memory");
			fc = &data_copies[found_count++];
			memset(fc, 0, sizeof *fc);
			fc->r.doc = xstrdup(json_str(o, "doc"));
			fc->r.text = xstrdup(json_str(o, "text"));
			fc->r.len = strlen(fc->r.text);
			fc->copy_of = xstrdup(json_str(o, "copy_of"));
			fc->containment = json_real_value(json_object_get(o, "containment"));
			fc->partner = -1;
			json_decref(o);
			continue;
		}
		r = &records[record_count++];
		memset(r, 0, sizeof *r);
		r->id = json_integer_value(json_object_get(o, "id"));
		r->published = json_integer_value(json_object_get(o, "published"));
		r->doc = xstrdup(json_str(o, "doc"));
		r->group = xstrdup(json_str(o, "group"));
		r->transform = xstrdup(json_str(o, "transform"));
		r->source = xstrdup(json_str(o, "source"));
		r->event = xstrdup(json_str(o, "event"));
		r->text = xstrdup(json_str(o, "text"));
		r->len = strlen(r->text);
		json_decref(o);
		if (strcmp(r->transform, "original") == 0) {
			r->transform_index = -1;
		} else if (strcmp(r->transform, "negative") == 0) {
			r->transform_index = -2;
		} else {
			for (t = 0; t < transform_count && strcmp(transforms[t], r->transform); t++)
				;
			if (t == transform_count) {
				if (transform_count == TRANSFORM_MAX)
					die("too many transformations");
				transforms[transform_count++] = xstrdup(r->transform);
			}
			r->transform_index = t;
		}
		r->gold = intern_get(&groups, r->group);
		r->event_index = r->event[0] ? intern_get(&events, r->event) : -1;
	}
	free(line);
	fclose(f);
	gold_count = groups.count;
	event_count = events.count;
	intern_free(&groups);
	intern_free(&events);
	{
		intern docs = {0};
		int *doc_record;

		for (i = 0; i < record_count; i++)
			(void)intern_get(&docs, records[i].doc);
		doc_record = xmalloc((size_t)docs.count * sizeof *doc_record);
		for (i = 0; i < record_count; i++)
			doc_record[intern_get(&docs, records[i].doc)] = (int)i;
		for (i = 0; i < found_count; i++) {
			int d = intern_find(&docs, data_copies[i].copy_of);

			data_copies[i].partner = d < 0 ? -1 : doc_record[d];
		}
		free(doc_record);
		intern_free(&docs);
	}
	gold_original = xmalloc((size_t)gold_count * sizeof *gold_original);
	for (i = 0; i < (size_t)gold_count; i++)
		gold_original[i] = -1;
	for (i = 0; i < record_count; i++)
		if (records[i].transform_index < 0)
			gold_original[records[i].gold] = (int)i;
	/* Copies belong to their original's event (for the hard-negative pairs with copies). */
	for (i = 0; i < record_count; i++)
		if (records[i].transform_index >= 0 && gold_original[records[i].gold] >= 0)
			records[i].event_index = records[gold_original[records[i].gold]].event_index;
}

/* ---- parameters ---- */

static void parse_params(lede__dedup_params *p, const char *s)
{
	double near, containment, cjac;
	unsigned w, k, b, r;

	lede__dedup_params_default(p);
	if (sscanf(s, "%u,%u,%u,%u,%lf,%lf,%lf", &w, &k, &b, &r, &near, &containment, &cjac) != 7)
		die("--params wants w,K,b,r,near,containment,containment_jaccard");
	p->shingle_words = w;
	p->slots = k;
	p->bands = b;
	p->rows = r;
	p->near_jaccard = near;
	p->containment = containment;
	p->containment_jaccard = cjac;
	if (lede__dedup_params_check(p) != 0)
		die(lede_errmsg());
}

static void print_params(const lede__dedup_params *p)
{
	printf("parameters: %u-word shingles, K=%u slots, %u bands x %u rows, bucket cap %u, "
	       "near J>=%.2f, containment>=%.2f (J>=%.2f, smaller >= %u shingles), min %u shingles\n",
	       p->shingle_words, p->slots, p->bands, p->rows, p->bucket_cap, p->near_jaccard, p->containment,
	       p->containment_jaccard, p->min_contained, p->min_shingles);
}

/* ---- fingerprinting and the stream ---- */

static double fingerprint_all(const lede__dedup_params *p)
{
	lede__dedup_fingerprinter *f = NULL;
	double start;
	size_t i;

	if (lede__dedup_fingerprinter_new(&f, p) != 0)
		die(lede_errmsg());
	start = now();
	for (i = 0; i < record_count; i++)
		if (lede__dedup_fingerprint_text(&records[i].fp, f, records[i].text, records[i].len) != 0)
			die(lede_errmsg());
	lede__dedup_fingerprinter_free(f);
	return now() - start;
}

typedef struct stream_result {
	double add_seconds;
	double candidates_per_add;
	size_t memory;
	lede__dedup_index *index;
} stream_result;

/* Adds every record in arrival order (the file's order) and sets each one's predicted group. */
static stream_result run_stream(const lede__dedup_params *p, int keep_index)
{
	stream_result out = {0};
	lede__dedup_index *index = NULL;
	intern canon = {0};
	double start;
	size_t i;

	if (lede__dedup_index_new(&index, p) != 0)
		die(lede_errmsg());
	start = now();
	for (i = 0; i < record_count; i++) {
		lede__dedup_change change;

		if (lede__dedup_index_add(&change, index, records[i].id, records[i].published, &records[i].fp) != 0)
			die(lede_errmsg());
	}
	out.add_seconds = now() - start;
	out.memory = lede__dedup_index_memory(index);
	{
		lede__dedup_stats stats;

		lede__dedup_index_stats(&stats, index);
		out.candidates_per_add = stats.adds ? (double)stats.candidates / (double)stats.adds : 0.0;
	}
	for (i = 0; i < record_count; i++) {
		lede__dedup_state state;
		char key[32];

		if (lede__dedup_index_state(&state, index, records[i].id) != 0)
			die(lede_errmsg());
		snprintf(key, sizeof key, "%lld", (long long)state.canonical);
		records[i].predicted = intern_get(&canon, key);
		records[i].canonical = state.canonical;
		records[i].relation = state.relation;
	}
	intern_free(&canon);
	if (keep_index)
		out.index = index;
	else
		lede__dedup_index_free(index);
	return out;
}


/* ---- exact similarity, for diagnosis and the threshold measurements ---- */

static int compare_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* The sorted shingle set of a text; *out_count its size.  Free with free(). */
static uint64_t *shingle_set(const char *text, size_t len, unsigned width, size_t *out_count)
{
	lede__buf normalized;
	lede__shingles sh;
	uint64_t *set;

	lede__buf_init(&normalized, len * 4 + 64);
	lede__shingles_init(&sh);
	if (lede__text_normalize(&normalized, text, len) != 0 ||
	    lede__shingles_compute(&sh, lede__buf_str(&normalized), normalized.len, width) != 0)
		die(lede_errmsg());
	set = xmalloc((sh.count ? sh.count : 1) * sizeof *set);
	memcpy(set, sh.hashes, sh.count * sizeof *set);
	qsort(set, sh.count, sizeof *set, compare_u64);
	*out_count = sh.count;
	lede__shingles_free(&sh);
	lede__buf_free(&normalized);
	return set;
}

static size_t intersection(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
	size_t i = 0, j = 0, n = 0;

	while (i < na && j < nb) {
		if (a[i] == b[j]) {
			n++;
			i++;
			j++;
		} else if (a[i] < b[j]) {
			i++;
		} else {
			j++;
		}
	}
	return n;
}

typedef struct similarity {
	double jaccard, containment;           /* exact; containment of the smaller set */
	double est_jaccard, est_containment;   /* from the sketches */
} similarity;

static similarity similarity_of(const record *a, const record *b, int exact)
{
	similarity s = {0};
	size_t small = a->fp.shingles < b->fp.shingles ? a->fp.shingles : b->fp.shingles;
	size_t large = a->fp.shingles < b->fp.shingles ? b->fp.shingles : a->fp.shingles;

	s.est_jaccard = lede__minhash_jaccard(a->fp.sketch, b->fp.sketch, current.slots);
	s.est_containment = lede__minhash_containment(s.est_jaccard, small, large);
	if (exact) {
		size_t na, nb, common;
		uint64_t *sa = shingle_set(a->text, a->len, current.shingle_words, &na);
		uint64_t *sb = shingle_set(b->text, b->len, current.shingle_words, &nb);

		common = intersection(sa, na, sb, nb);
		s.jaccard = na + nb - common ? (double)common / (double)(na + nb - common) : 1.0;
		s.containment = (na < nb ? na : nb) ? (double)common / (double)(na < nb ? na : nb) : 1.0;
		free(sa);
		free(sb);
	}
	return s;
}

/* ---- scoring ---- */

typedef struct cell {
	int predicted, gold;
	size_t record;
} cell;

static int compare_cells(const void *a, const void *b)
{
	const cell *x = a, *y = b;

	if (x->predicted != y->predicted)
		return x->predicted < y->predicted ? -1 : 1;
	if (x->gold != y->gold)
		return x->gold < y->gold ? -1 : 1;
	return 0;
}

typedef struct scores {
	double precision, recall;
	double pred_pairs, gold_pairs, true_pairs;
	size_t hard_pairs, hard_merged;               /* different originals, same event */
	size_t hard_pairs_copies, hard_merged_copies; /* ... and their copies */
	double transform_recall[TRANSFORM_MAX];       /* copies put with their original */
	double transform_precision[TRANSFORM_MAX];    /* of the pairs each copy is put in */
	double transform_count[TRANSFORM_MAX];
	size_t relation_count[TRANSFORM_MAX][5];      /* relation of the copy to its canonical */
	size_t groups_found, groups_led_by_original;
	size_t negatives_merged;                      /* ECB+/original records put with another gold group */
} scores;

/* Records of each event, for the hard-negative pairs. */
static size_t *event_start, *event_members;

static void index_events(void)
{
	size_t *fill, i, e;

	if (event_start)
		return;
	event_start = xmalloc(((size_t)event_count + 1) * sizeof *event_start);
	event_members = xmalloc(record_count * sizeof *event_members);
	for (i = 0; i < record_count; i++)
		if (records[i].event_index >= 0)
			event_start[records[i].event_index + 1]++;
	for (e = 1; e <= (size_t)event_count; e++)
		event_start[e] += event_start[e - 1];
	fill = xmalloc(((size_t)event_count + 1) * sizeof *fill);
	memcpy(fill, event_start, ((size_t)event_count + 1) * sizeof *fill);
	for (i = 0; i < record_count; i++)
		if (records[i].event_index >= 0)
			event_members[fill[records[i].event_index]++] = i;
	free(fill);
}

/* A record put in a group of copies of another document, with its similarity to that group's canonical. */
static void show_wrong_merge(const record *r)
{
	size_t i;

	for (i = 0; i < record_count; i++) {
		if (records[i].id == r->canonical && records[i].id != r->id) {
			similarity sim = similarity_of(r, &records[i], 1);

			printf("  put together: %s and %s (canonical), %s, J %.3f (est %.3f), containment %.3f (est %.3f), "
			       "shingles %u / %u\n",
			       r->doc, records[i].doc, lede__dedup_relation_name(r->relation), sim.jaccard,
			       sim.est_jaccard, sim.containment, sim.est_containment, r->fp.shingles,
			       records[i].fp.shingles);
			return;
		}
	}
	printf("  put together: %s is the canonical of a group of another document's copies\n", r->doc);
}

static scores score(int verbose)
{
	scores s;
	cell *cells = xmalloc(record_count * sizeof *cells);
	size_t *cell_size = xmalloc(record_count * sizeof *cell_size);
	size_t *pred_size = xmalloc(record_count * sizeof *pred_size);
	size_t *gold_size = xmalloc((size_t)gold_count * sizeof *gold_size);
	double copied[TRANSFORM_MAX] = {0}, partners_ok[TRANSFORM_MAX] = {0}, partners[TRANSFORM_MAX] = {0};
	size_t i, j, k, e, shown = 0, merged_shown = 0, missed_shown[TRANSFORM_MAX] = {0};

	memset(&s, 0, sizeof s);
	for (i = 0; i < record_count; i++) {
		cells[i].predicted = records[i].predicted;
		cells[i].gold = records[i].gold;
		cells[i].record = i;
		pred_size[records[i].predicted]++;
		gold_size[records[i].gold]++;
	}
	qsort(cells, record_count, sizeof *cells, compare_cells);
	for (i = 0; i < record_count; i = j) {
		for (j = i; j < record_count && compare_cells(&cells[i], &cells[j]) == 0; j++)
			;
		s.true_pairs += (double)(j - i) * (double)(j - i - 1) / 2;
		for (k = i; k < j; k++)
			cell_size[cells[k].record] = j - i;
	}
	for (i = 0; i < record_count; i++)
		if (pred_size[i] > 1)
			s.pred_pairs += (double)pred_size[i] * (double)(pred_size[i] - 1) / 2;
	for (i = 0; i < (size_t)gold_count; i++)
		if (gold_size[i] > 1)
			s.gold_pairs += (double)gold_size[i] * (double)(gold_size[i] - 1) / 2;
	s.precision = s.pred_pairs > 0 ? s.true_pairs / s.pred_pairs : 1.0;
	s.recall = s.gold_pairs > 0 ? s.true_pairs / s.gold_pairs : 1.0;

	for (i = 0; i < record_count; i++) {
		const record *r = &records[i];
		int t = r->transform_index, o = gold_original[r->gold];

		if (t < 0) {
			if (pred_size[r->predicted] > cell_size[i]) {
				s.negatives_merged++;
				if (verbose && merged_shown++ < 10)
					show_wrong_merge(r);
			}
			continue;
		}
		s.transform_count[t]++;
		s.relation_count[t][r->relation]++;
		if (o >= 0 && records[o].predicted == r->predicted) {
			copied[t]++;
		} else if (o >= 0 && verbose && missed_shown[t]++ < 3) {
			similarity sim = similarity_of(r, &records[o], 1);

			printf("  missed %-22s J %.3f (est %.3f)  containment %.3f (est %.3f)  shingles %u / %u\n",
			       r->doc, sim.jaccard, sim.est_jaccard, sim.containment, sim.est_containment,
			       r->fp.shingles, records[o].fp.shingles);
		}
		partners[t] += (double)(pred_size[r->predicted] - 1);
		partners_ok[t] += (double)(cell_size[i] - 1);
	}
	for (i = 0; i < (size_t)transform_count; i++) {
		s.transform_recall[i] = s.transform_count[i] ? copied[i] / s.transform_count[i] : 1.0;
		s.transform_precision[i] = partners[i] ? partners_ok[i] / partners[i] : 1.0;
	}

	index_events();
	for (e = 0; e < (size_t)event_count; e++) {
		for (i = event_start[e]; i < event_start[e + 1]; i++) {
			for (j = i + 1; j < event_start[e + 1]; j++) {
				const record *a = &records[event_members[i]], *b = &records[event_members[j]];
				int merged = a->predicted == b->predicted;

				if (a->gold == b->gold)
					continue;
				s.hard_pairs_copies++;
				s.hard_merged_copies += merged;
				if (a->transform_index >= 0 || b->transform_index >= 0)
					continue;
				s.hard_pairs++;
				s.hard_merged += merged;
				if (merged && verbose && shown++ < 10) {
					similarity sim = similarity_of(a, b, 1);

					printf("  hard negative merged: %s %s  J %.3f (est %.3f)  containment %.3f (est %.3f)\n",
					       a->doc, b->doc, sim.jaccard, sim.est_jaccard, sim.containment,
					       sim.est_containment);
				}
			}
		}
	}

	/* A group found around an original should be led by it: it is the earliest version. */
	for (i = 0; i < (size_t)gold_count; i++) {
		int o = gold_original[i];

		if (o < 0 || records[o].transform_index != -1 || pred_size[records[o].predicted] < 2)
			continue;
		s.groups_found++;
		s.groups_led_by_original += records[o].canonical == records[o].id;
	}
	free(cells);
	free(cell_size);
	free(pred_size);
	free(gold_size);
	return s;
}

static double min_transform_recall(const scores *s)
{
	double m = 1.0;
	int t;

	for (t = 0; t < transform_count; t++)
		if (s->transform_recall[t] < m)
			m = s->transform_recall[t];
	return m;
}

static void print_scores(const scores *s)
{
	int t;

	printf("pairs: precision %.4f  recall %.4f  (%.0f predicted, %.0f gold, %.0f correct)\n", s->precision,
	       s->recall, s->pred_pairs, s->gold_pairs, s->true_pairs);
	printf("%-11s %7s %8s %9s   relation to canonical: exact near contains contained-in\n", "transform",
	       "copies", "recall", "precision");
	for (t = 0; t < transform_count; t++)
		printf("%-11s %7.0f %8.4f %9.4f   %5zu %5zu %5zu %5zu\n", transforms[t], s->transform_count[t],
		       s->transform_recall[t], s->transform_precision[t], s->relation_count[t][1],
		       s->relation_count[t][2], s->relation_count[t][3], s->relation_count[t][4]);
	printf("hard negatives (different documents, same event): %zu pairs, %zu merged, kept apart %.4f\n",
	       s->hard_pairs, s->hard_merged,
	       s->hard_pairs ? 1.0 - (double)s->hard_merged / (double)s->hard_pairs : 1.0);
	printf("  with their copies: %zu pairs, %zu merged, kept apart %.4f\n", s->hard_pairs_copies,
	       s->hard_merged_copies,
	       s->hard_pairs_copies ? 1.0 - (double)s->hard_merged_copies / (double)s->hard_pairs_copies : 1.0);
	printf("originals and negatives put with another document's group: %zu\n", s->negatives_merged);
	printf("canonical: %zu of %zu found groups led by the original (earliest) version\n",
	       s->groups_led_by_original, s->groups_found);
}

/* ---- copies the source data holds ---- */

static void run_found(void)
{
	lede__dedup_fingerprinter *f = NULL;
	size_t total[6] = {0}, linked[6] = {0}, i;
	int b;

	if (lede__dedup_fingerprinter_new(&f, &current) != 0)
		die(lede_errmsg());
	for (i = 0; i < found_count; i++) {
		double score;
		lede__dedup_relation rel;

		if (data_copies[i].partner < 0)
			continue;
		if (lede__dedup_fingerprint_text(&data_copies[i].r.fp, f, data_copies[i].r.text, data_copies[i].r.len) != 0)
			die(lede_errmsg());
		rel = lede__dedup_compare(&score, &current, &data_copies[i].r.fp, &records[data_copies[i].partner].fp);
		b = (int)(data_copies[i].containment * 10) - 5;
		b = b < 0 ? 0 : b > 5 ? 5 : b;
		total[b]++;
		linked[b] += rel != LEDE__DEDUP_NONE;
	}
	printf("copies in the source data (dropped from the pool; exact 5-word-shingle containment of the smaller):\n");
	for (b = 0; b < 6; b++)
		if (total[b])
			printf("  containment %.1f%s: %zu pairs, %zu linked as copies\n", 0.5 + 0.1 * b,
			       b == 5 ? "" : "..", total[b], linked[b]);
	lede__dedup_fingerprinter_free(f);
}

/* ---- the similarity each transformation leaves, and what hard negatives reach ---- */

static int compare_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double quantile(const double *sorted, size_t n, double q)
{
	size_t at;

	if (n == 0)
		return NAN;
	at = (size_t)(q * (double)(n - 1) + 0.5);
	return sorted[at];
}

static void print_distribution(const char *name, double *v, size_t n, int high_end)
{
	qsort(v, n, sizeof *v, compare_double);
	if (high_end)
		printf("  %-24s median %.3f  p99 %.3f  p99.9 %.3f  max %.3f\n", name, quantile(v, n, 0.5),
		       quantile(v, n, 0.99), quantile(v, n, 0.999), n ? v[n - 1] : NAN);
	else
		printf("  %-24s min %.3f  p1 %.3f  p5 %.3f  median %.3f\n", name, n ? v[0] : NAN,
		       quantile(v, n, 0.01), quantile(v, n, 0.05), quantile(v, n, 0.5));
}

/* Estimated Jaccard of `pairs` random pairs of unrelated texts: what LSH must not turn into candidates. */
static void print_background(const char *name, const lede__dedup_fingerprint *const *fps, size_t count,
			     const int *label, size_t pairs)
{
	double *v = xmalloc(pairs * sizeof *v);
	uint64_t state = 99;
	size_t n = 0, tries = 0, above[3] = {0};

	while (n < pairs && tries++ < pairs * 10) {
		size_t a, b;

		state = state * 6364136223846793005ULL + 1442695040888963407ULL;
		a = (size_t)(state >> 33) % count;
		state = state * 6364136223846793005ULL + 1442695040888963407ULL;
		b = (size_t)(state >> 33) % count;
		if (a == b || (label && label[a] == label[b]))
			continue;
		v[n] = lede__minhash_jaccard(fps[a]->sketch, fps[b]->sketch, current.slots);
		above[0] += v[n] >= 0.01;
		above[1] += v[n] >= 0.02;
		above[2] += v[n] >= 0.05;
		n++;
	}
	print_distribution(name, v, n, 1);
	printf("  %-24s share >= 0.01: %.4f  >= 0.02: %.4f  >= 0.05: %.5f  (%zu pairs)\n", "", (double)above[0] / n,
	       (double)above[1] / n, (double)above[2] / n, n);
	free(v);
}

static void run_scores(void)
{
	size_t cap = record_count, n, i, j, e;
	double *ej = xmalloc(cap * sizeof *ej), *ec = xmalloc(cap * sizeof *ec);
	double *xj = xmalloc(cap * sizeof *xj), *xc = xmalloc(cap * sizeof *xc);
	int t;

	printf("similarity of each copy to its original (%u-word shingles, K=%u):\n", current.shingle_words,
	       current.slots);
	for (t = 0; t < transform_count; t++) {
		n = 0;
		for (i = 0; i < record_count; i++) {
			int o = gold_original[records[i].gold];
			similarity sim;

			if (records[i].transform_index != t || o < 0)
				continue;
			sim = similarity_of(&records[i], &records[o], 1);
			xj[n] = sim.jaccard;
			ej[n] = sim.est_jaccard;
			xc[n] = sim.containment;
			ec[n] = sim.est_containment;
			n++;
		}
		printf("%s (%zu):\n", transforms[t], n);
		print_distribution("Jaccard", xj, n, 0);
		print_distribution("Jaccard estimated", ej, n, 0);
		print_distribution("containment", xc, n, 0);
		print_distribution("containment estimated", ec, n, 0);
	}
	index_events();
	n = 0;
	for (e = 0; e < (size_t)event_count; e++)
		for (i = event_start[e]; i < event_start[e + 1]; i++)
			for (j = i + 1; j < event_start[e + 1]; j++) {
				const record *a = &records[event_members[i]], *b = &records[event_members[j]];
				similarity sim;

				if (a->gold == b->gold || a->transform_index >= 0 || b->transform_index >= 0)
					continue;
				if (n == cap) {
					cap *= 2;
					ej = realloc(ej, cap * sizeof *ej);
					ec = realloc(ec, cap * sizeof *ec);
					xj = realloc(xj, cap * sizeof *xj);
					xc = realloc(xc, cap * sizeof *xc);
					if (!ej || !ec || !xj || !xc)
						die("out of memory");
				}
				sim = similarity_of(a, b, 1);
				xj[n] = sim.jaccard;
				ej[n] = sim.est_jaccard;
				xc[n] = sim.containment;
				ec[n] = sim.est_containment;
				n++;
			}
	printf("hard negatives (%zu pairs of different documents on one event):\n", n);
	print_distribution("Jaccard", xj, n, 1);
	print_distribution("Jaccard estimated", ej, n, 1);
	print_distribution("containment", xc, n, 1);
	print_distribution("containment estimated", ec, n, 1);
	{
		const lede__dedup_fingerprint **fps = xmalloc(record_count * sizeof *fps);
		int *label = xmalloc(record_count * sizeof *label);
		size_t m = 0;

		for (i = 0; i < record_count; i++) {
			if (records[i].transform_index >= 0)
				continue;
			fps[m] = &records[i].fp;
			/* Same event or same copy group: not unrelated. */
			label[m] = records[i].event_index >= 0 ? records[i].event_index : event_count + records[i].gold;
			m++;
		}
		printf("unrelated documents (random pairs of originals and negatives):\n");
		print_background("Jaccard estimated", fps, m, label, 200000);
		free(fps);
		free(label);
	}
	free(ej);
	free(ec);
	free(xj);
	free(xc);
}

/* ---- SimHash (Charikar 2002; Manku, Jain & Das Sarma, WWW 2007) for comparison ---- */

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

static uint64_t simhash_of(const record *r)
{
	size_t n, i;
	uint64_t *set = shingle_set(r->text, r->len, current.shingle_words, &n), h = 0;
	int votes[64] = {0}, b;

	for (i = 0; i < n; i++) {
		uint64_t x = mix64(set[i]);

		for (b = 0; b < 64; b++)
			votes[b] += (x >> b) & 1 ? 1 : -1;
	}
	for (b = 0; b < 64; b++)
		if (votes[b] > 0)
			h |= 1ULL << b;
	free(set);
	return h;
}

static void run_simhash(void)
{
	uint64_t *sig = xmalloc(record_count * sizeof *sig);
	double hit[TRANSFORM_MAX] = {0}, total[TRANSFORM_MAX] = {0}, start = now();
	size_t i, j, e, pairs = 0, close = 0, copies = 0, copies_hit = 0;
	int t;

	for (i = 0; i < record_count; i++)
		sig[i] = simhash_of(&records[i]);
	printf("SimHash, 64 bits over %u-word shingles, copy when Hamming distance <= 3 (%.1f us/article):\n",
	       current.shingle_words, (now() - start) * 1e6 / (double)record_count);
	for (i = 0; i < record_count; i++) {
		int o = gold_original[records[i].gold];

		t = records[i].transform_index;
		if (t < 0 || o < 0)
			continue;
		total[t]++;
		copies++;
		if (__builtin_popcountll(sig[i] ^ sig[o]) <= 3) {
			hit[t]++;
			copies_hit++;
		}
	}
	for (t = 0; t < transform_count; t++)
		printf("  %-11s recall %.4f\n", transforms[t], total[t] ? hit[t] / total[t] : 0.0);
	printf("  all copies  recall %.4f\n", copies ? (double)copies_hit / (double)copies : 0.0);
	index_events();
	for (e = 0; e < (size_t)event_count; e++)
		for (i = event_start[e]; i < event_start[e + 1]; i++)
			for (j = i + 1; j < event_start[e + 1]; j++) {
				size_t a = event_members[i], b = event_members[j];

				if (records[a].gold == records[b].gold || records[a].transform_index >= 0 ||
				    records[b].transform_index >= 0)
					continue;
				pairs++;
				close += __builtin_popcountll(sig[a] ^ sig[b]) <= 3;
			}
	printf("  hard negatives within distance 3: %zu of %zu\n", close, pairs);
	free(sig);
}

/* ---- the five seeds: none may be a copy of another ---- */

static char *read_file(const char *path, size_t *out_len)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	size_t len = 0, cap = 0, n;

	if (!f)
		return NULL;
	do {
		if (len + 4096 > cap) {
			cap = cap ? cap * 2 : 65536;
			data = realloc(data, cap + 1);
			if (!data)
				die("out of memory");
		}
		n = fread(data + len, 1, 4096, f);
		len += n;
	} while (n > 0);
	fclose(f);
	data[len] = '\0';
	*out_len = len;
	return data;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_seeds(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *entry;
	char *names[64];
	lede__dedup_fingerprint raw[64], extracted[64];
	lede__dedup_fingerprinter *f = NULL;
	size_t count = 0, i, j, copies = 0;
	double max_j = 0;

	if (!d) {
		fprintf(stderr, "dedup_eval: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	while ((entry = readdir(d)) != NULL && count < 64)
		if (strstr(entry->d_name, ".txt"))
			names[count++] = xstrdup(entry->d_name);
	closedir(d);
	qsort(names, count, sizeof *names, compare_names);
	if (lede__dedup_fingerprinter_new(&f, &current) != 0)
		die(lede_errmsg());
	for (i = 0; i < count; i++) {
		char path[4096];
		size_t len;
		char *body;
		lede__arena arena;
		lede__extracted ex;
		lede__doc doc;

		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		body = read_file(path, &len);
		if (!body)
			die("cannot read a seed");
		memset(&doc, 0, sizeof doc);
		doc.name = names[i];
		doc.format = LEDE_FORMAT_TEXT;
		doc.body = body;
		doc.body_len = len;
		doc.raw = body;
		doc.raw_len = len;
		doc.raw_format = LEDE_FORMAT_TEXT;
		lede__arena_init(&arena);
		if (lede__dedup_fingerprint_text(&raw[i], f, body, len) != 0 ||
		    lede__extract(&ex, &arena, &doc) != 0 ||
		    lede__dedup_fingerprint_text(&extracted[i], f, ex.text, strlen(ex.text)) != 0)
			die(lede_errmsg());
		lede__arena_free(&arena);
		free(body);
	}
	printf("seeds (%zu files in %s), estimated Jaccard raw / extracted, relation if any:\n", count, dir);
	for (i = 0; i < count; i++)
		for (j = i + 1; j < count; j++) {
			double sr, se;
			lede__dedup_relation rr = lede__dedup_compare(&sr, &current, &raw[i], &raw[j]);
			lede__dedup_relation re = lede__dedup_compare(&se, &current, &extracted[i], &extracted[j]);
			double jr = lede__minhash_jaccard(raw[i].sketch, raw[j].sketch, current.slots);
			double je = lede__minhash_jaccard(extracted[i].sketch, extracted[j].sketch, current.slots);

			if (jr > max_j)
				max_j = jr;
			if (je > max_j)
				max_j = je;
			copies += rr != LEDE__DEDUP_NONE || re != LEDE__DEDUP_NONE;
			printf("  %.3s-%.3s  %.3f / %.3f  %s%s\n", names[i], names[j], jr, je,
			       lede__dedup_relation_name(rr), lede__dedup_relation_name(re));
		}
	printf("seeds: %zu pairs are copies (highest estimated Jaccard %.3f): %s\n", copies, max_j,
	       copies ? "FAIL" : "ok");
	for (i = 0; i < count; i++)
		free(names[i]);
	lede__dedup_fingerprinter_free(f);
	return copies != 0;
}

/* ---- the parameter grid ---- */

static void run_sweep(void)
{
	static const char *grid[] = {
		/* the defaults */
		"4,128,24,2,0.6,0.8,0.2",
		/* shingle width */
		"2,128,24,2,0.6,0.8,0.2", "3,128,24,2,0.6,0.8,0.2", "5,128,24,2,0.6,0.8,0.2",
		"6,128,24,2,0.6,0.8,0.2",
		/* sketch size */
		"4,64,24,2,0.6,0.8,0.2", "4,256,24,2,0.6,0.8,0.2",
		/* banding */
		"4,128,12,2,0.6,0.8,0.2", "4,128,16,2,0.6,0.8,0.2", "4,128,32,2,0.6,0.8,0.2",
		"4,128,64,2,0.6,0.8,0.2", "4,128,42,3,0.6,0.8,0.2", "4,128,32,4,0.6,0.8,0.2",
		/* near threshold */
		"4,128,24,2,0.5,0.8,0.2", "4,128,24,2,0.7,0.8,0.2", "4,128,24,2,0.8,0.8,0.2",
		/* containment threshold and the Jaccard below which it is not trusted */
		"4,128,24,2,0.6,0.6,0.2", "4,128,24,2,0.6,0.7,0.2", "4,128,24,2,0.6,0.9,0.2",
		"4,128,24,2,0.6,0.8,0.1", "4,128,24,2,0.6,0.8,0.3",
	};
	unsigned last_w = 0, last_k = 0;
	size_t g;

	printf("%-24s %7s %7s %7s %9s %8s %8s %8s %8s\n", "w,K,b,r,near,cont,cJ", "P", "R", "minR_t",
	       "hard_kept", "B/art", "fp_us", "add_us", "cand/add");
	for (g = 0; g < sizeof grid / sizeof *grid; g++) {
		static double fp_seconds;
		stream_result res;
		scores s;

		parse_params(&current, grid[g]);
		if (current.shingle_words != last_w || current.slots != last_k) {
			fp_seconds = fingerprint_all(&current);
			last_w = current.shingle_words;
			last_k = current.slots;
		}
		res = run_stream(&current, 0);
		s = score(0);
		printf("%-24s %7.4f %7.4f %7.4f %9.4f %8.0f %8.1f %8.1f %8.2f\n", grid[g], s.precision, s.recall,
		       min_transform_recall(&s),
		       s.hard_pairs ? 1.0 - (double)s.hard_merged / (double)s.hard_pairs : 1.0,
		       (double)res.memory / (double)record_count, fp_seconds * 1e6 / (double)record_count,
		       res.add_seconds * 1e6 / (double)record_count, res.candidates_per_add);
		fflush(stdout);
	}
}

/* ---- cost as the index grows: generated articles ---- */

static uint64_t splitmix(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

enum { VOCABULARY = 50000 };
static char *vocabulary[VOCABULARY];
static double zipf_cdf[VOCABULARY];

static void make_vocabulary(void)
{
	static const char *syllables[] = {"ba", "ke", "lo", "mi", "nu", "ra", "se", "ti", "vo", "za", "an",
					  "er", "in", "or", "us", "pra", "stel", "gon", "dri", "mar", "ven",
					  "qua", "lis", "tor", "pen", "cal", "rum", "fen", "hol", "jas"};
	const size_t count = sizeof syllables / sizeof *syllables;
	uint64_t state = 42;
	double total = 0;
	size_t i, k;

	for (i = 0; i < VOCABULARY; i++) {
		char word[32] = "";
		size_t parts = 1 + splitmix(&state) % 4;

		for (k = 0; k < parts; k++)
			strcat(word, syllables[splitmix(&state) % count]);
		vocabulary[i] = xstrdup(word);
		/* Zipf: the r-th word is used in proportion to 1 / r. */
		total += 1.0 / (double)(i + 1);
		zipf_cdf[i] = total;
	}
	for (i = 0; i < VOCABULARY; i++)
		zipf_cdf[i] /= total;
}

static const char *random_word(uint64_t *state)
{
	double u = (double)(splitmix(state) >> 11) / 9007199254740992.0;
	size_t lo = 0, hi = VOCABULARY - 1;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (zipf_cdf[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return vocabulary[lo];
}

/* The words of generated text `seed`: `tenths` of its length, every `edit_every`-th word replaced. */
static void append_generated(lede__buf *out, uint64_t seed, size_t tenths, size_t edit_every)
{
	uint64_t state = seed * 0x2545f4914f6cdd1dULL + 7;
	size_t words = 150 + splitmix(&state) % 1350, i;

	words = words * tenths / 10;
	for (i = 0; i < words; i++) {
		const char *w = random_word(&state);

		if (edit_every && i % edit_every == 5)
			w = "edited";
		lede__buf_append_str(out, w);
		lede__buf_append_str(out, i % 80 == 79 ? ".\n\n" : i % 17 == 16 ? ". " : " ");
	}
}

/*
 * Article `n` of the generated stream.  One in ten is an altered copy of an
 * earlier one's text: trimmed to 70%, with 40 words of its own on top, or
 * with one word in thirty changed.
 */
static void generated_text(lede__buf *out, uint64_t n)
{
	uint64_t state = n * 0x9e3779b97f4a7c15ULL + 3, source;
	size_t i;

	lede__buf_reset(out);
	if (n <= 10 || splitmix(&state) % 10 != 0) {
		append_generated(out, n, 10, 0);
		return;
	}
	source = 1 + splitmix(&state) % (n - 1);
	switch (splitmix(&state) % 3) {
	case 0:
		append_generated(out, source, 7, 0);
		break;
	case 1:
		for (i = 0; i < 40; i++) {
			lede__buf_append_str(out, random_word(&state));
			lede__buf_append_byte(out, ' ');
		}
		append_generated(out, source, 10, 0);
		break;
	default:
		append_generated(out, source, 10, 30);
		break;
	}
}

static long rss_kib(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kib = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof line, f))
		if (strncmp(line, "VmRSS:", 6) == 0)
			kib = strtol(line + 6, NULL, 10);
	fclose(f);
	return kib;
}

/* Adds generated articles first + 1 .. last to `index`; the last tenth's add times go to `add_times`. */
static void add_generated(lede__dedup_index *index, lede__dedup_fingerprinter *f, lede__buf *text, size_t first,
			  size_t last, double *add_times, size_t *timed, lede__dedup_fingerprint *kept,
			  size_t kept_cap)
{
	lede__dedup_fingerprint fp;
	size_t n;

	for (n = first + 1; n <= last; n++) {
		lede__dedup_change change;
		double t0;

		generated_text(text, n);
		if (lede__dedup_fingerprint_text(&fp, f, lede__buf_str(text), text->len) != 0)
			die(lede_errmsg());
		t0 = now();
		if (lede__dedup_index_add(&change, index, (int64_t)n, (int64_t)n, &fp) != 0)
			die(lede_errmsg());
		if (add_times && n > last - last / 10)
			add_times[(*timed)++] = now() - t0;
		if (kept && n <= kept_cap)
			kept[n - 1] = fp;
	}
}

typedef struct sample_cost {
	double fingerprint, lookup, add; /* seconds for the whole sample */
} sample_cost;

/* Fingerprints, looks up, adds and removes again the sample texts; the best of `passes` for each. */
static void time_sample(sample_cost *out, lede__dedup_index *index, lede__dedup_fingerprinter *f, size_t sample,
			int64_t first_id, int pass)
{
	double t0, t1, t2, t3;
	size_t i;

	t0 = now();
	for (i = 0; i < sample; i++)
		if (lede__dedup_fingerprint_text(&records[i].fp, f, records[i].text, records[i].len) != 0)
			die(lede_errmsg());
	t1 = now();
	for (i = 0; i < sample; i++) {
		lede__dedup_match match;

		if (lede__dedup_index_match(&match, index, &records[i].fp) != 0)
			die(lede_errmsg());
	}
	t2 = now();
	for (i = 0; i < sample; i++) {
		lede__dedup_change change;

		if (lede__dedup_index_add(&change, index, first_id + (int64_t)i, 0, &records[i].fp) != 0)
			die(lede_errmsg());
	}
	t3 = now();
	for (i = 0; i < sample; i++) {
		lede__dedup_change change;

		if (lede__dedup_index_remove(&change, index, first_id + (int64_t)i) != 0)
			die(lede_errmsg());
	}
	if (pass == 0 || t1 - t0 < out->fingerprint)
		out->fingerprint = t1 - t0;
	if (pass == 0 || t2 - t1 < out->lookup)
		out->lookup = t2 - t1;
	if (pass == 0 || t3 - t2 < out->add)
		out->add = t3 - t2;
}

static void run_scale(size_t max_stored)
{
	enum { KEPT = 2000, REFERENCE = 10000 };
	size_t checkpoints[8], checkpoint_count = 0, c, sample = record_count < 2000 ? record_count : 2000;
	lede__dedup_index *index = NULL, *reference = NULL;
	lede__dedup_fingerprinter *f = NULL;
	lede__dedup_fingerprint fp, *kept = xmalloc(KEPT * sizeof *kept);
	const lede__dedup_fingerprint **kept_ptr = xmalloc(KEPT * sizeof *kept_ptr);
	lede__buf text;
	size_t stored = 0, i, n;
	int64_t next_id = (int64_t)max_stored + 1;

	for (n = REFERENCE; n <= max_stored && checkpoint_count < 8; n *= 10)
		checkpoints[checkpoint_count++] = n;
	make_vocabulary();
	lede__buf_init(&text, 1 << 24);
	if (lede__dedup_index_new(&index, &current) != 0 || lede__dedup_index_new(&reference, &current) != 0 ||
	    lede__dedup_fingerprinter_new(&f, &current) != 0)
		die(lede_errmsg());
	/* A second index of the first 10k articles: each size is timed against it in the same passes. */
	add_generated(reference, f, &text, 0, REFERENCE, NULL, NULL, NULL, 0);
	printf("cost per article as the index grows: generated articles are added up to each size; then %zu labeled\n"
	       "texts are fingerprinted, looked up, added and removed again, on this index and on one of 10k\n"
	       "articles in alternation (best of 3 passes each; ratio = this size / 10k in the same passes).\n"
	       "gen columns: the last tenth of the generated adds before that size (the mean add includes the\n"
	       "amortized growth of the tables).  CPU time of the thread.\n",
	       sample);
	printf("%9s %6s %7s %7s %7s %7s %8s %8s %9s %9s %6s\n", "stored", "B/a", "RSS MiB", "fp us", "look us",
	       "add us", "fp+look", "fp+add", "gen add", "gen add", "gen");
	printf("%9s %6s %7s %7s %7s %7s %8s %8s %9s %9s %6s\n", "", "", "", "", "", "", "ratio", "ratio", "median us",
	       "mean us", "cand");
	for (c = 0; c < checkpoint_count; c++) {
		double add_sum, bytes_per_article, rss_mib;
		double *add_times = xmalloc((checkpoints[c] / 10 + 1) * sizeof *add_times);
		size_t timed = 0;
		lede__dedup_stats before, after;
		sample_cost here = {0}, ref = {0};
		int pass;

		lede__dedup_index_stats(&before, index);
		add_generated(index, f, &text, stored, checkpoints[c], add_times, &timed, kept, KEPT);
		stored = checkpoints[c];
		lede__dedup_index_stats(&after, index);
		bytes_per_article = (double)lede__dedup_index_memory(index) / (double)stored;
		rss_mib = (double)rss_kib() / 1024.0;
		for (pass = 0; pass < 3; pass++) {
			time_sample(&ref, reference, f, sample, next_id, pass);
			next_id += (int64_t)sample;
			time_sample(&here, index, f, sample, next_id, pass);
			next_id += (int64_t)sample;
		}
		qsort(add_times, timed, sizeof *add_times, compare_double);
		for (i = 0, add_sum = 0; i < timed; i++)
			add_sum += add_times[i];
		printf("%9zu %6.0f %7.1f %7.2f %7.2f %7.2f %8.3f %8.3f %9.2f %9.2f %6.2f\n", stored,
		       bytes_per_article, rss_mib,
		       here.fingerprint * 1e6 / (double)sample, here.lookup * 1e6 / (double)sample,
		       here.add * 1e6 / (double)sample,
		       (here.fingerprint + here.lookup) / (ref.fingerprint + ref.lookup),
		       (here.fingerprint + here.add) / (ref.fingerprint + ref.add), add_times[timed / 2] * 1e6,
		       add_sum * 1e6 / (double)timed,
		       (double)(after.candidates - before.candidates) / (double)(after.adds - before.adds));
		fflush(stdout);
		free(add_times);
	}
	lede__dedup_index_free(reference);
	lede__dedup_index_free(index);
	index = NULL;

	/* Opening a store: decode every stored blob and restore the groups into a reserved index. */
	{
		uint8_t blob[LEDE__DEDUP_BLOB_MAX];
		size_t len, k;
		uint64_t state = 7;
		double seconds = 0, t0;

		if (lede__dedup_index_new(&index, &current) != 0)
			die(lede_errmsg());
		t0 = now();
		if (lede__dedup_index_reserve(index, stored) != 0)
			die(lede_errmsg());
		seconds += now() - t0;
		fp = kept[0];
		for (i = 1; i <= stored; i++) {
			lede__dedup_fingerprint back;

			/* Random sketches stand for the stored articles: loading does not look at their texts. */
			for (k = 0; k < current.slots; k++)
				fp.sketch[k] = (uint16_t)splitmix(&state);
			fp.content_hash = splitmix(&state);
			if (lede__dedup_fingerprint_encode(blob, sizeof blob, &len, &fp) != 0)
				die(lede_errmsg());
			t0 = now();
			if (lede__dedup_fingerprint_decode(&back, blob, len) != 0 ||
			    lede__dedup_index_restore(index, (int64_t)i, (int64_t)i, &back,
						      i % 10 == 0 ? (int64_t)(i - 1) : 0) != 0)
				die(lede_errmsg());
			seconds += now() - t0;
		}
		printf("rebuild on open from %zu blobs of %zu bytes (decode + restore, reserved): %.2f s, %.2f us/article, "
		       "index %.0f bytes/article\n",
		       stored, len, seconds, seconds * 1e6 / (double)stored,
		       (double)lede__dedup_index_memory(index) / (double)stored);
	}
	for (i = 0; i < KEPT && i < stored; i++)
		kept_ptr[i] = &kept[i];
	printf("generated articles, for comparison with the labeled set's unrelated documents:\n");
	print_background("Jaccard estimated", kept_ptr, i, NULL, 200000);
	free(kept);
	free(kept_ptr);
	lede__buf_free(&text);
	lede__dedup_fingerprinter_free(f);
	lede__dedup_index_free(index);
}

int main(int argc, char **argv)
{
	const char *path = NULL, *seeds = NULL;
	int sweep = 0, simhash = 0, show_scores = 0, failed = 0, i;
	size_t scale = 0;

	lede__dedup_params_default(&current);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--params") == 0 && i + 1 < argc)
			parse_params(&current, argv[++i]);
		else if (strcmp(argv[i], "--seeds") == 0 && i + 1 < argc)
			seeds = argv[++i];
		else if (strcmp(argv[i], "--scale") == 0 && i + 1 < argc)
			scale = strtoul(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--sweep") == 0)
			sweep = 1;
		else if (strcmp(argv[i], "--simhash") == 0)
			simhash = 1;
		else if (strcmp(argv[i], "--scores") == 0)
			show_scores = 1;
		else if (argv[i][0] != '-')
			path = argv[i];
		else
			die("usage: dedup_eval [--params w,K,b,r,near,cont,cJ] [--seeds DIR] [--scores] [--sweep] "
			    "[--simhash] [--scale N] LABELED.jsonl");
	}
	if (!path)
		die("usage: dedup_eval [options] LABELED.jsonl");
	load(path);
	printf("labeled set: %zu records, %d copy groups, %d transformations, %d events\n", record_count,
	       gold_count, transform_count, event_count);
	if (sweep) {
		run_sweep();
		return 0;
	}
	print_params(&current);
	{
		double fp_seconds = fingerprint_all(&current), bytes = 0;
		stream_result res = run_stream(&current, 0);
		scores s = score(1);

		for (size_t k = 0; k < record_count; k++)
			bytes += (double)records[k].len;
		print_scores(&s);
		printf("time: fingerprint %.1f us/article (%.1f KiB mean text), add (match + insert) %.1f us/article "
		       "(%.2f LSH candidates); index %.0f bytes/article\n",
		       fp_seconds * 1e6 / (double)record_count, bytes / 1024.0 / (double)record_count,
		       res.add_seconds * 1e6 / (double)record_count, res.candidates_per_add,
		       (double)res.memory / (double)record_count);
		failed |= s.precision < 0.99 || s.recall < 0.95 ||
			  (s.hard_pairs && 1.0 - (double)s.hard_merged / (double)s.hard_pairs < 0.99);
	}
	if (found_count)
		run_found();
	if (show_scores)
		run_scores();
	if (simhash)
		run_simhash();
	if (seeds)
		failed |= run_seeds(seeds);
	if (scale)
		run_scale(scale);
	return failed;
}
