/*
 * cluster_run: feeds articles through src/story/cluster and writes where each
 * went; measures the clusterer on a generated stream.
 *
 *   cluster_run [OPTIONS] FILE.jsonl      one fresh clusterer, the file's order;
 *                                         writes id<TAB>event<TAB>storyline
 *   cluster_run --eval DIR [OPTIONS]      every set of DIR (../shared/data/clustering)
 *                                         scored against its gold (B-cubed and pairwise),
 *                                         for parameter sweeps; bench/cluster-quality is
 *                                         the official scorer
 *   cluster_run --scale N --data DIR      a generated stream of N articles: articles/s
 *                                         and memory at 10k, 100k, 1M, ...
 *
 * OPTIONS: --param NAME=VALUE (any field of lede__cluster_params, repeatable),
 * --gold G.tsv (also print B-cubed to stderr), --restart K (save and restore
 * the whole state every K articles, to check that a restart continues the
 * same stream), --explain (each article's candidate events on stderr),
 * --features FILE (per candidate of each article: its similarities and
 * whether it held most of the article's gold story, for offline analysis),
 * --oracle (the gold standard decides every join among the candidates the
 * clusterer found, merges off: what the similarities leave on the table).
 * With --scale, --late F delays a fraction F of the articles by 5 to 10 days
 * (their published time unchanged); frozen events come back for them from
 * the blobs each flush kept, as the engine does from its store, unless
 * --no-fetch.
 *
 * A bench tool: it includes the library's internal headers and does I/O.
 * Input JSONL: id, title, text, published (ISO 8601), outlet (all optional but id).
 */
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "lede.h"
#include "sim/tfidf.h"
#include "story/cluster.h"
#include "story/cluster_impl.h"
#include "text/date.h"
#include "util/buf.h"

typedef struct record {
	char *id;
	char *title;
	char *text;
	char *outlet;
	int64_t published;
	int gold;       /* gold cluster number, -1 none */
	int topic;      /* gold topic number, -1 none */
	int64_t event;  /* predicted */
	int64_t storyline;
} record;

typedef struct dataset {
	record *items;
	size_t count, cap;
} dataset;

static void die(const char *what)
{
	fprintf(stderr, "cluster_run: %s\n", what);
	exit(2);
}

static char *dup_string(const char *s)
{
	size_t len = strlen(s);
	char *copy = malloc(len + 1);

	if (!copy)
		die("out of memory");
	memcpy(copy, s, len + 1);
	return copy;
}

static const char *json_text(json_t *object, const char *key)
{
	json_t *value = json_object_get(object, key);

	return json_is_string(value) ? json_string_value(value) : NULL;
}

static void load_jsonl(dataset *out, const char *path)
{
	FILE *file = fopen(path, "r");
	char *line = NULL;
	size_t line_cap = 0;
	ssize_t len;

	if (!file) {
		fprintf(stderr, "cluster_run: cannot open %s\n", path);
		exit(2);
	}
	memset(out, 0, sizeof(*out));
	while ((len = getline(&line, &line_cap, file)) > 0) {
		json_error_t error;
		json_t *object = json_loadb(line, (size_t)len, 0, &error);
		record *r;
		const char *s;

		if (!object)
			continue;
		if (out->count == out->cap) {
			out->cap = out->cap ? out->cap * 2 : 1024;
			out->items = realloc(out->items, out->cap * sizeof(*out->items));
			if (!out->items)
				die("out of memory");
		}
		r = &out->items[out->count++];
		memset(r, 0, sizeof(*r));
		r->gold = r->topic = -1;
		s = json_text(object, "id");
		r->id = dup_string(s ? s : "");
		s = json_text(object, "title");
		r->title = s ? dup_string(s) : NULL;
		s = json_text(object, "text");
		r->text = s ? dup_string(s) : NULL;
		s = json_text(object, "outlet");
		r->outlet = s ? dup_string(s) : NULL;
		s = json_text(object, "published");
		if (s) {
			lede__date date;

			if (lede__date_parse(&date, s, strlen(s)) == 0)
				r->published = date.time;
		}
		json_decref(object);
	}
	free(line);
	fclose(file);
}

static void free_dataset(dataset *set)
{
	size_t i;

	for (i = 0; i < set->count; i++) {
		free(set->items[i].id);
		free(set->items[i].title);
		free(set->items[i].text);
		free(set->items[i].outlet);
	}
	free(set->items);
	memset(set, 0, sizeof(*set));
}

/* ----------------------------------------------------- gold labels */

/* Reads id<TAB>label into field `topic ? topic : gold` of the matching records. */
static int load_gold(dataset *set, const char *path, int topic)
{
	FILE *file = fopen(path, "r");
	char *line = NULL, **labels = NULL;
	size_t line_cap = 0, label_count = 0, i;
	ssize_t len;

	if (!file)
		return -1;
	/* Records by id: a sorted index. */
	while ((len = getline(&line, &line_cap, file)) > 0) {
		char *tab = strchr(line, '\t'), *label;
		size_t k;
		int number = -1;

		if (!tab)
			continue;
		*tab = '\0';
		label = tab + 1;
		label[strcspn(label, "\r\n")] = '\0';
		for (k = 0; k < label_count; k++)
			if (strcmp(labels[k], label) == 0)
				break;
		if (k == label_count) {
			labels = realloc(labels, (label_count + 1) * sizeof(*labels));
			if (!labels)
				die("out of memory");
			labels[label_count++] = dup_string(label);
		}
		number = (int)k;
		for (i = 0; i < set->count; i++) {
			if (strcmp(set->items[i].id, line) == 0) {
				if (topic)
					set->items[i].topic = number;
				else
					set->items[i].gold = number;
				break;
			}
		}
	}
	for (i = 0; i < label_count; i++)
		free(labels[i]);
	free(labels);
	free(line);
	fclose(file);
	return 0;
}

/* ---------------------------------------------------------- scores */

typedef struct scores {
	double bcubed_p, bcubed_r, bcubed_f;
	double pair_p, pair_r, pair_f;
	size_t predicted_clusters;
} scores;

static int compare_triples(const void *a, const void *b)
{
	const int64_t *x = a, *y = b;

	if (x[0] != y[0])
		return x[0] < y[0] ? -1 : 1;
	return x[1] < y[1] ? -1 : x[1] > y[1];
}

/*
 * For each item, the size of its group under key (first[i], second[i])
 * (second NULL: 0) into size[i]; returns the number of pairs of items that
 * share a group, and the number of groups in *out_groups.
 */
static double group_sizes(double *size, size_t *out_groups, const int64_t *first, const int64_t *second, size_t n)
{
	int64_t *triples = malloc(n * 3 * sizeof(*triples) + 1);
	double together = 0;
	size_t i, j, k, groups = 0;

	if (!triples)
		die("out of memory");
	for (i = 0; i < n; i++) {
		triples[3 * i] = first[i];
		triples[3 * i + 1] = second ? second[i] : 0;
		triples[3 * i + 2] = (int64_t)i;
	}
	qsort(triples, n, 3 * sizeof(*triples), compare_triples);
	for (i = 0; i < n; i = j) {
		for (j = i; j < n && triples[3 * j] == triples[3 * i] && triples[3 * j + 1] == triples[3 * i + 1]; j++)
			;
		for (k = i; k < j; k++)
			size[triples[3 * k + 2]] = (double)(j - i);
		together += (double)(j - i) * (double)(j - i - 1) / 2;
		groups++;
	}
	free(triples);
	*out_groups = groups;
	return together;
}

/* B-cubed and pairwise P/R/F1 of predicted labels against gold labels over `n` items. */
static scores score(const int64_t *predicted, const int64_t *gold, size_t n)
{
	double *pred_size = malloc(n * sizeof(double) + 1), *gold_size = malloc(n * sizeof(double) + 1);
	double *both = malloc(n * sizeof(double) + 1);
	double bp = 0, br = 0, same_pred, same_gold, same_both;
	size_t i, groups;
	scores s;

	memset(&s, 0, sizeof(s));
	if (!pred_size || !gold_size || !both)
		die("out of memory");
	same_pred = group_sizes(pred_size, &s.predicted_clusters, predicted, NULL, n);
	same_gold = group_sizes(gold_size, &groups, gold, NULL, n);
	same_both = group_sizes(both, &groups, predicted, gold, n);
	for (i = 0; i < n; i++) {
		bp += both[i] / pred_size[i];
		br += both[i] / gold_size[i];
	}
	s.bcubed_p = n ? bp / (double)n : 0;
	s.bcubed_r = n ? br / (double)n : 0;
	s.bcubed_f = s.bcubed_p + s.bcubed_r > 0 ? 2 * s.bcubed_p * s.bcubed_r / (s.bcubed_p + s.bcubed_r) : 0;
	s.pair_p = same_pred > 0 ? same_both / same_pred : 1;
	s.pair_r = same_gold > 0 ? same_both / same_gold : 1;
	s.pair_f = s.pair_p + s.pair_r > 0 ? 2 * s.pair_p * s.pair_r / (s.pair_p + s.pair_r) : 0;
	free(pred_size);
	free(gold_size);
	free(both);
	return s;
}

/* ----------------------------------------------------- parameters */

static int set_param(lede__cluster_params *p, const char *assignment)
{
	const char *eq = strchr(assignment, '=');
	char name[64];
	double value;
	char *end;

	if (!eq || (size_t)(eq - assignment) >= sizeof(name))
		return -1;
	memcpy(name, assignment, (size_t)(eq - assignment));
	name[eq - assignment] = '\0';
	value = strtod(eq + 1, &end);
	if (end == eq + 1 || *end)
		return -1;
#define DOUBLE(field) if (strcmp(name, #field) == 0) { p->field = value; return 0; }
#define INTEGER(field) if (strcmp(name, #field) == 0) { p->field = (__typeof__(p->field))value; return 0; }
	DOUBLE(title_weight)
	DOUBLE(body_weight)
	DOUBLE(entity_weight)
	DOUBLE(join_threshold)
	DOUBLE(merge_threshold)
	DOUBLE(undated_merge_threshold)
	DOUBLE(storyline_threshold)
	DOUBLE(storyline_entity_threshold)
	DOUBLE(weekday_weight)
	DOUBLE(number_weight)
	DOUBLE(time_scale)
	DOUBLE(time_floor)
	DOUBLE(time_peak)
	DOUBLE(time_scale_max)
	DOUBLE(time_scale_arrivals)
	DOUBLE(size_exponent)
	DOUBLE(undated_size_exponent)
	INTEGER(event_window)
	INTEGER(storyline_window)
	INTEGER(event_window_articles)
	INTEGER(storyline_window_articles)
	INTEGER(storyline_memory)
	INTEGER(storyline_memory_articles)
	INTEGER(trace_terms)
	INTEGER(title_terms)
	INTEGER(body_terms)
	INTEGER(entity_terms)
	INTEGER(index_terms)
	INTEGER(index_entities)
	INTEGER(query_terms)
	INTEGER(max_candidates)
	INTEGER(max_posting)
	INTEGER(summary_terms)
	INTEGER(max_df_terms)
	DOUBLE(df_prior)
	INTEGER(terms.max_tokens)
	INTEGER(terms.number_digits)
	INTEGER(terms.approximate_entities)
	INTEGER(terms.entity_words)
#undef DOUBLE
#undef INTEGER
	return -1;
}

/* ------------------------------------------------------- clustering */

/* Where events and storylines went: merges chain ids to their survivors. */
typedef struct tracker {
	int64_t *event_parent;     /* by event id */
	int64_t *event_storyline;  /* storyline at the last flush */
	int64_t *storyline_parent; /* by storyline id */
	size_t cap;
} tracker;

static void tracker_grow(tracker *t, size_t need)
{
	size_t cap = t->cap ? t->cap : 1024, i;

	if (need < t->cap)
		return;
	while (cap <= need)
		cap *= 2;
	t->event_parent = realloc(t->event_parent, cap * sizeof(int64_t));
	t->event_storyline = realloc(t->event_storyline, cap * sizeof(int64_t));
	t->storyline_parent = realloc(t->storyline_parent, cap * sizeof(int64_t));
	if (!t->event_parent || !t->event_storyline || !t->storyline_parent)
		die("out of memory");
	for (i = t->cap; i < cap; i++) {
		t->event_parent[i] = (int64_t)i;
		t->event_storyline[i] = 0;
		t->storyline_parent[i] = (int64_t)i;
	}
	t->cap = cap;
}

static int64_t resolve(int64_t *parent, int64_t id)
{
	while (parent[id] != id) {
		parent[id] = parent[parent[id]];
		id = parent[id];
	}
	return id;
}

static int remember_event(void *context, const lede__cluster_event_info *event)
{
	tracker *t = context;

	tracker_grow(t, (size_t)(event->id > event->storyline ? event->id : event->storyline));
	t->event_storyline[event->id] = event->storyline;
	return 0;
}

static void apply_merges(tracker *t, lede__cluster *cluster)
{
	const lede__cluster_merge *merges;
	size_t n = lede__cluster_merges(&merges, cluster), i;

	for (i = 0; i < n; i++) {
		tracker_grow(t, (size_t)(merges[i].from > merges[i].into ? merges[i].from : merges[i].into));
		if (merges[i].kind == LEDE__CLUSTER_MERGE_EVENTS)
			t->event_parent[merges[i].from] = merges[i].into;
		else
			t->storyline_parent[merges[i].from] = merges[i].into;
	}
	lede__cluster_merges_clear(cluster);
}

/* Saves every event and the state, and restores them into a new clusterer (a restart). */
static lede__cluster *restart(lede__cluster *cluster, const lede__cluster_params *params, tracker *t)
{
	lede__cluster *fresh = NULL;
	lede__buf state, blob;
	int64_t id;

	lede__buf_init(&state, (size_t)1 << 30);
	lede__buf_init(&blob, (size_t)1 << 24);
	if (lede__cluster_state_encode(&state, cluster) != 0 || lede__cluster_new(&fresh, params) != 0 ||
	    lede__cluster_state_restore(fresh, state.data, state.len) != 0)
		die(lede_errmsg());
	for (id = 1; (size_t)id < t->cap; id++) {
		lede__cluster_event_info info;

		if (lede__cluster_event(&info, cluster, id) != 0 || !info.live)
			continue;
		lede__buf_reset(&blob);
		if (lede__cluster_event_encode(&blob, cluster, id) != 0 ||
		    lede__cluster_event_restore(NULL, fresh, blob.data, blob.len, 0, LEDE__CLUSTER_RESTORE_AUTO) != 0)
			die(lede_errmsg());
	}
	/* Summaries are kept from the blobs stored when they were last flushed: here, live ones only. */
	lede__buf_free(&state);
	lede__buf_free(&blob);
	lede__cluster_free(cluster);
	return fresh;
}

/* --explain: the candidates of each article on stderr. */
static int explain;
/* --no-fetch: late articles of the generated stream meet only the live events (as without a store). */
static int fetch_frozen = 1;

static void print_candidates(const record *r, lede__cluster *cluster, const lede__cluster_assignment *assignment)
{
	const lede__cluster_candidate *candidates;
	size_t n = lede__cluster_last_candidates(&candidates, cluster), i;

	fprintf(stderr, "%s -> event %lld%s\n", r->id, (long long)assignment->event, assignment->opened ? " (opened)" : "");
	for (i = 0; i < n && i < 5; i++)
		fprintf(stderr, "    event %lld sim %.3f (title %.3f body %.3f names %.3f time %.2f evidence %+.2f, %u articles)\n",
			(long long)candidates[i].event, candidates[i].similarity, candidates[i].cosine[0],
			candidates[i].cosine[1], candidates[i].cosine[2], candidates[i].time_factor, candidates[i].evidence,
			candidates[i].articles);
}

/*
 * Members of each event by id (article indexes), kept by the driver to label
 * candidates with the gold standard: a candidate is right for an article
 * when most of its members share the article's gold story.
 */
typedef struct members {
	size_t **items;
	size_t *count, *cap;
	size_t events;
} members;

static void members_grow(members *m, size_t need)
{
	size_t cap = m->events ? m->events : 1024, i;

	if (need < m->events)
		return;
	while (cap <= need)
		cap *= 2;
	m->items = realloc(m->items, cap * sizeof(*m->items));
	m->count = realloc(m->count, cap * sizeof(*m->count));
	m->cap = realloc(m->cap, cap * sizeof(*m->cap));
	if (!m->items || !m->count || !m->cap)
		die("out of memory");
	for (i = m->events; i < cap; i++) {
		m->items[i] = NULL;
		m->count[i] = m->cap[i] = 0;
	}
	m->events = cap;
}

static void members_add(members *m, int64_t event, size_t article)
{
	size_t e = (size_t)event;

	members_grow(m, e + 1);
	if (m->count[e] == m->cap[e]) {
		m->cap[e] = m->cap[e] ? m->cap[e] * 2 : 4;
		m->items[e] = realloc(m->items[e], m->cap[e] * sizeof(size_t));
		if (!m->items[e])
			die("out of memory");
	}
	m->items[e][m->count[e]++] = article;
}

static void members_free(members *m)
{
	size_t i;

	for (i = 0; i < m->events; i++)
		free(m->items[i]);
	free(m->items);
	free(m->count);
	free(m->cap);
	memset(m, 0, sizeof(*m));
}

/* Moves the members of events merged away to their survivors (before apply_merges clears the merges). */
static void members_merge(members *m, lede__cluster *cluster)
{
	const lede__cluster_merge *merges;
	size_t count = lede__cluster_merges(&merges, cluster), k, j;

	for (k = 0; k < count; k++) {
		size_t from = (size_t)merges[k].from;

		if (merges[k].kind != LEDE__CLUSTER_MERGE_EVENTS || from >= m->events)
			continue;
		for (j = 0; j < m->count[from]; j++)
			members_add(m, merges[k].into, m->items[from][j]);
		m->count[from] = 0;
	}
}

/* How many members of `event` share gold story `gold` (*out_others: how many do not). */
static size_t members_mates(size_t *out_others, const members *m, const dataset *set, int64_t event, int gold)
{
	size_t e = (size_t)event, i, mates = 0;

	*out_others = 0;
	if (e >= m->events)
		return 0;
	for (i = 0; i < m->count[e]; i++) {
		if (set->items[m->items[e][i]].gold == gold && gold >= 0)
			mates++;
		else
			(*out_others)++;
	}
	return mates;
}

static int candidate_right(const members *m, const dataset *set, int64_t event, int gold)
{
	size_t others, mates = members_mates(&others, m, set, event, gold);

	return mates > 0 && mates >= others;
}

typedef struct oracle_context {
	const dataset *set;
	const members *m;
} oracle_context;

/* Teacher forcing: the candidate holding most of the article's gold story, else open. */
static int oracle_pick(void *context, int64_t article, const lede__cluster_candidate *candidates, size_t count)
{
	const oracle_context *o = context;
	int gold = o->set->items[article - 1].gold, pick = -1;
	size_t i, best = 0;

	for (i = 0; i < count; i++) {
		size_t others, mates = members_mates(&others, o->m, o->set, candidates[i].event, gold);

		if (mates > best && mates >= others) {
			best = mates;
			pick = (int)i;
		}
	}
	return pick;
}

/* --features: one line per candidate of each article with a gold story. */
static FILE *features_file;
static const char *features_set;
static int oracle_mode;

static void write_features(const dataset *set, size_t index, lede__cluster *cluster, const members *m)
{
	const lede__cluster_candidate *candidates;
	size_t n = lede__cluster_last_candidates(&candidates, cluster), i;
	const record *r = &set->items[index];

	if (r->gold < 0)
		return;
	/* set, article, gold, right (most of the event is the article's story), similarity, cosines, time, evidence, size */
	for (i = 0; i < n; i++)
		fprintf(features_file, "%s\t%zu\t%d\t%d\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%u\n", features_set, index,
			r->gold, candidate_right(m, set, candidates[i].event, r->gold), candidates[i].similarity,
			candidates[i].cosine[0], candidates[i].cosine[1], candidates[i].cosine[2], candidates[i].time_factor,
			candidates[i].evidence, candidates[i].articles);
}

static void cluster_dataset(dataset *set, const lede__cluster_params *params, size_t restart_every)
{
	lede__cluster *cluster;
	lede__cluster_params forced = *params;
	tracker t = {0};
	members m = {0};
	oracle_context oracle = {set, &m};
	size_t i;

	/* Teacher forcing: the gold standard joins; no merges, so that its events stay pure. */
	if (oracle_mode)
		forced.merge_threshold = forced.undated_merge_threshold = 1e9;
	if (lede__cluster_new(&cluster, &forced) != 0)
		die(lede_errmsg());
	if (oracle_mode)
		lede__cluster_set_oracle(cluster, oracle_pick, &oracle);
	tracker_grow(&t, set->count + 2);
	for (i = 0; i < set->count; i++) {
		record *r = &set->items[i];
		lede__cluster_article article = {0};
		lede__cluster_assignment assignment;

		article.id = (int64_t)i + 1;
		article.title = r->title;
		article.title_len = r->title ? strlen(r->title) : 0;
		article.text = r->text;
		article.text_len = r->text ? strlen(r->text) : 0;
		article.published = r->published;
		article.outlet = r->outlet;
		article.may_open = 1;
		if (lede__cluster_add(&assignment, cluster, &article) != 0)
			die(lede_errmsg());
		if (features_file)
			write_features(set, i, cluster, &m);
		if (assignment.event)
			members_add(&m, assignment.event, i);
		if (explain)
			print_candidates(r, cluster, &assignment);
		r->event = assignment.event;
		if (lede__cluster_flush(cluster, remember_event, &t) != 0)
			die("flush");
		members_merge(&m, cluster);
		apply_merges(&t, cluster);
		if (restart_every && (i + 1) % restart_every == 0)
			cluster = restart(cluster, params, &t);
	}
	for (i = 0; i < set->count; i++) {
		record *r = &set->items[i];
		lede__cluster_event_info info;

		r->event = r->event ? resolve(t.event_parent, r->event) : 0;
		r->storyline = 0;
		if (r->event && lede__cluster_event(&info, cluster, r->event) == 0)
			r->storyline = info.storyline;
		else if (r->event)
			r->storyline = t.event_storyline[r->event];
		if (r->storyline)
			r->storyline = resolve(t.storyline_parent, r->storyline);
	}
	lede__cluster_free(cluster);
	members_free(&m);
	free(t.event_parent);
	free(t.event_storyline);
	free(t.storyline_parent);
}

static scores score_set(const dataset *set, int topics)
{
	int64_t *predicted = malloc(set->count * sizeof(*predicted) + 1);
	int64_t *gold = malloc(set->count * sizeof(*gold) + 1);
	size_t i, n = 0;
	scores s;

	if (!predicted || !gold)
		die("out of memory");
	for (i = 0; i < set->count; i++) {
		const record *r = &set->items[i];
		int label = topics ? r->topic : r->gold;

		if (label < 0)
			continue;
		/* An article that joined nothing is a cluster of its own. */
		predicted[n] = topics ? (r->storyline ? r->storyline : -(int64_t)i - 1)
				      : (r->event ? r->event : -(int64_t)i - 1);
		gold[n] = label;
		n++;
	}
	s = score(predicted, gold, n);
	free(predicted);
	free(gold);
	return s;
}

/* ------------------------------------------------------------ eval */

static int run_eval(const char *dir, const lede__cluster_params *params, size_t restart_every)
{
	static const char *const names[] = {"multinews-dev", "ecbplus", "uci-titles", "allsides-train"};
	double total = 0;
	size_t k;

	for (k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
		char path[4096];
		dataset set;
		scores s;
		struct timespec t0, t1;

		snprintf(path, sizeof(path), "%s/%s.jsonl", dir, names[k]);
		load_jsonl(&set, path);
		snprintf(path, sizeof(path), "%s/%s.gold.tsv", dir, names[k]);
		load_gold(&set, path, 0);
		snprintf(path, sizeof(path), "%s/%s.topic.gold.tsv", dir, names[k]);
		load_gold(&set, path, 1);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		features_set = names[k];
		cluster_dataset(&set, params, restart_every);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		s = score_set(&set, 0);
		total += s.bcubed_f;
		printf("%-15s B3 P %.3f R %.3f F %.3f | pair P %.3f R %.3f F %.3f | %zu clusters %.2fs\n", names[k],
		       s.bcubed_p, s.bcubed_r, s.bcubed_f, s.pair_p, s.pair_r, s.pair_f, s.predicted_clusters,
		       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
		if (set.count && set.items[0].topic >= 0) {
			s = score_set(&set, 1);
			printf("%-15s B3 P %.3f R %.3f F %.3f | pair P %.3f R %.3f F %.3f | %zu storylines\n",
			       "  storylines", s.bcubed_p, s.bcubed_r, s.bcubed_f, s.pair_p, s.pair_r, s.pair_f,
			       s.predicted_clusters);
		}
		free_dataset(&set);
	}
	printf("mean B3 F %.4f\n", total / 4);
	return 0;
}

/* ----------------------------------------------------------- scale */

/* xorshift64*: a small reproducible generator. */
static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint64_t rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ull;
}

static double rng_unit(void)
{
	return (double)(rng() >> 11) / 9007199254740992.0;
}

/* An invented name (two capitalized syllable strings) that marks one generated event. */
static void invent_name(char *out, size_t cap, uint64_t seed)
{
	static const char *const syllables[] = {"ka", "lo", "mer", "vin", "dra", "sol", "ten", "qua", "rix",
						"bel", "nor", "tas", "ule", "gor", "pim", "zed", "ara", "tov"};
	size_t n = sizeof(syllables) / sizeof(syllables[0]), len = 0;
	int word, k;

	for (word = 0; word < 2; word++) {
		int count = 2 + (int)(seed % 2);

		for (k = 0; k < count && len + 4 < cap; k++) {
			const char *s = syllables[seed % n];
			size_t sl = strlen(s);

			seed /= n;
			memcpy(out + len, s, sl);
			if (k == 0)
				out[len] = (char)(out[len] - 'a' + 'A');
			len += sl;
		}
		if (word == 0 && len + 1 < cap)
			out[len++] = ' ';
		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
	}
	out[len] = '\0';
}

typedef struct template_group {
	size_t *members; /* indexes into the pool */
	size_t count;
} template_group;

typedef struct pending {
	int64_t time;      /* when it arrives */
	int64_t published; /* when it was published: its arrival time but for late articles */
	uint32_t event;  /* generated event number */
	uint32_t doc;    /* pool index */
	uint32_t group;
} pending;

/* A binary min-heap of pending articles by time. */
typedef struct heap {
	pending *items;
	size_t count, cap;
} heap;

static void heap_push(heap *h, pending item)
{
	size_t at;

	if (h->count == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 1024;
		h->items = realloc(h->items, h->cap * sizeof(*h->items));
		if (!h->items)
			die("out of memory");
	}
	at = h->count++;
	while (at > 0 && h->items[(at - 1) / 2].time > item.time) {
		h->items[at] = h->items[(at - 1) / 2];
		at = (at - 1) / 2;
	}
	h->items[at] = item;
}

static pending heap_pop(heap *h)
{
	pending top = h->items[0], last = h->items[--h->count];
	size_t at = 0;

	for (;;) {
		size_t child = 2 * at + 1;

		if (child >= h->count)
			break;
		if (child + 1 < h->count && h->items[child + 1].time < h->items[child].time)
			child++;
		if (h->items[child].time >= last.time)
			break;
		h->items[at] = h->items[child];
		at = child;
	}
	if (h->count)
		h->items[at] = last;
	return top;
}

static long resident_kib(void)
{
	FILE *file = fopen("/proc/self/statm", "r");
	long pages = 0, resident = 0;

	if (!file)
		return 0;
	if (fscanf(file, "%ld %ld", &pages, &resident) != 2)
		resident = 0;
	fclose(file);
	return resident * 4;
}

static long peak_kib(void)
{
	struct rusage usage;

	getrusage(RUSAGE_SELF, &usage);
	return usage.ru_maxrss;
}

static double now_seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* CPU time of this thread: per-article costs on a shared machine. */
static double cpu_seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/*
 * Perturbs a template text: drops about one word in ten, and puts the
 * event's invented name in front of the first sentence and after it.
 */
static void perturb(lede__buf *out, const char *text, const char *name)
{
	size_t i = 0, len = text ? strlen(text) : 0, words = 0;

	lede__buf_reset(out);
	if (lede__buf_append_str(out, name) != 0 || lede__buf_append_str(out, " said. ") != 0)
		die("buffer");
	while (i < len) {
		size_t start = i;

		while (i < len && text[i] != ' ')
			i++;
		if (rng() % 10 != 0 && lede__buf_append(out, text + start, i - start + (i < len)) != 0)
			die("buffer");
		if (++words == 40 && (lede__buf_append_str(out, name) != 0 || lede__buf_append_str(out, " ") != 0))
			die("buffer");
		i++;
	}
}

/*
 * The caller's store, as far as late articles need it: every event's blob
 * as of its last flush, by id (lede__cluster_set_fetch).
 */
typedef struct blob_store {
	lede__cluster *cluster;
	lede__buf *blobs;  /* by event id */
	size_t count;
	lede__buf scratch;
} blob_store;

static int keep_blob(void *context, const lede__cluster_event_info *event)
{
	blob_store *store = context;

	if ((size_t)event->id >= store->count) {
		size_t count = (size_t)event->id * 2 + 1024, i;

		store->blobs = realloc(store->blobs, count * sizeof(*store->blobs));
		if (!store->blobs)
			die("out of memory");
		for (i = store->count; i < count; i++)
			lede__buf_init(&store->blobs[i], (size_t)1 << 24);
		store->count = count;
	}
	lede__buf_reset(&store->blobs[event->id]);
	return lede__cluster_event_encode(&store->blobs[event->id], store->cluster, event->id);
}

static int fetch_blob(void *context, int64_t id, lede__buf *out)
{
	blob_store *store = context;

	if (id <= 0 || (size_t)id >= store->count || store->blobs[id].len == 0)
		return LEDE_ENOTFOUND;
	return lede__buf_append(out, store->blobs[id].data, store->blobs[id].len);
}

static void blob_store_free(blob_store *store)
{
	size_t i;

	for (i = 0; i < store->count; i++)
		lede__buf_free(&store->blobs[i]);
	free(store->blobs);
}

static int run_scale(size_t total, const char *dir, const lede__cluster_params *params, double late)
{
	static const char *const names[] = {"multinews-dev", "ecbplus", "uci-titles", "allsides-train"};
	const int64_t start_time = 1577836800; /* 2020-01-01 */
	const double per_day = 3000;            /* articles a day: a large aggregator */
	const double event_spread = 4 * 3600;   /* mean delay of an event's articles after its start */
	dataset pool = {0};
	template_group *groups = NULL;
	size_t group_count = 0, k, i, done = 0, next_report = 10000;
	lede__cluster *cluster;
	lede__tfidf_featurizer *featurizer;
	lede__doc_terms terms;
	lede__buf text, title;
	heap h = {0};
	uint32_t event_number = 0;
	double mean_event_size, next_event_time = (double)start_time, t_begin, window_start, window_cluster = 0, window_featurize = 0;
	size_t window_done = 0;
	int64_t *gold_events, *predicted;
	tracker t = {0};
	blob_store store = {0};
	char outlet[32];

	/* The pool: every article of every set with a gold group; groups are the templates. */
	for (k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
		char path[4096];
		dataset set;

		snprintf(path, sizeof(path), "%s/%s.jsonl", dir, names[k]);
		load_jsonl(&set, path);
		snprintf(path, sizeof(path), "%s/%s.gold.tsv", dir, names[k]);
		load_gold(&set, path, 0);
		for (i = 0; i < set.count; i++) {
			record *r = &set.items[i];
			size_t g = group_count;

			if (r->gold < 0)
				continue;
			/* Gold numbers are per set: offset them. */
			r->gold += (int)group_count;
			if (pool.count == pool.cap) {
				pool.cap = pool.cap ? pool.cap * 2 : 4096;
				pool.items = realloc(pool.items, pool.cap * sizeof(*pool.items));
				if (!pool.items)
					die("out of memory");
			}
			pool.items[pool.count++] = *r;
			(void)g;
		}
		{
			int max_gold = -1;

			for (i = 0; i < pool.count; i++)
				if (pool.items[i].gold > max_gold)
					max_gold = pool.items[i].gold;
			group_count = (size_t)(max_gold + 1);
		}
		free(set.items); /* the strings moved to the pool */
	}
	groups = calloc(group_count, sizeof(*groups));
	if (!groups)
		die("out of memory");
	for (i = 0; i < pool.count; i++)
		groups[pool.items[i].gold].count++;
	for (k = 0; k < group_count; k++) {
		groups[k].members = malloc((groups[k].count + 1) * sizeof(size_t));
		groups[k].count = 0;
	}
	for (i = 0; i < pool.count; i++) {
		template_group *g = &groups[pool.items[i].gold];

		g->members[g->count++] = i;
	}
	/* An event takes 1 to 3 times its template group: on average twice the mean group size. */
	mean_event_size = 2.0 * (double)pool.count / (double)group_count;
	fprintf(stderr, "pool: %zu articles in %zu groups; %.0f articles a day\n", pool.count, group_count, per_day);

	gold_events = malloc(total * sizeof(*gold_events));
	predicted = malloc(total * sizeof(*predicted));
	if (!gold_events || !predicted)
		die("out of memory");
	if (lede__cluster_new(&cluster, params) != 0 || lede__tfidf_featurizer_new(&featurizer, &params->terms) != 0)
		die(lede_errmsg());
	lede__doc_terms_init(&terms);
	lede__buf_init(&text, (size_t)1 << 26);
	lede__buf_init(&title, (size_t)1 << 20);
	tracker_grow(&t, 1024);
	/* Late articles bring frozen events back from the blobs their last flush kept. */
	store.cluster = cluster;
	if (late > 0 && fetch_frozen)
		lede__cluster_set_fetch(cluster, fetch_blob, &store);
	printf("%10s %12s %12s %12s %10s %10s %10s %8s %8s %8s %9s\n", "articles", "articles/s", "cpu us/add",
	       "cpu us/terms", "state MiB", "RSS MiB", "peak MiB", "live", "summary", "traces", "df terms");
	t_begin = window_start = now_seconds();
	while (done < total) {
		pending item;
		record *r;
		char name[64];
		lede__cluster_article article = {0};
		lede__cluster_assignment assignment;
		double t0, t1, t2;

		/* Open events until the next one starts after the earliest pending article. */
		while (h.count == 0 || (double)h.items[0].time >= next_event_time) {
			uint32_t group = (uint32_t)(rng() % group_count);
			size_t size = groups[group].count * (1 + rng() % 3), m;

			for (m = 0; m < size; m++) {
				pending p;

				/* Exponential delays: most coverage comes in the first hours. */
				p.time = p.published = (int64_t)(next_event_time - log(1 - rng_unit()) * event_spread);
				/* A late article (a backfill, a slow feed) arrives 5 to 10 days after it was published. */
				if (late > 0 && rng_unit() < late)
					p.time += (int64_t)((5 + 5 * rng_unit()) * 86400.0);
				p.event = event_number;
				p.group = group;
				p.doc = (uint32_t)groups[group].members[rng() % groups[group].count];
				heap_push(&h, p);
			}
			event_number++;
			/* Poisson arrivals of events at the rate that gives per_day articles. */
			next_event_time += -log(1 - rng_unit()) * 86400.0 / (per_day / mean_event_size);
		}
		item = heap_pop(&h);
		r = &pool.items[item.doc];
		invent_name(name, sizeof(name), (uint64_t)item.event * 0x9E3779B97F4A7C15ull + 17);
		perturb(&text, r->text ? r->text : "", name);
		lede__buf_reset(&title);
		if (r->title && (lede__buf_append_str(&title, name) != 0 || lede__buf_append_str(&title, ": ") != 0 ||
				 lede__buf_append_str(&title, r->title) != 0))
			die("buffer");
		snprintf(outlet, sizeof(outlet), "outlet-%u", (unsigned)(rng() % 2000));
		article.id = (int64_t)done + 1;
		article.title = title.len ? title.data : NULL;
		article.title_len = title.len;
		article.text = text.data;
		article.text_len = text.len;
		article.published = item.published;
		article.outlet = outlet;
		article.may_open = 1;
		t0 = cpu_seconds();
		if (lede__tfidf_featurize(&terms, featurizer, article.title, article.title_len, article.text,
					  article.text_len, NULL, 0) != 0)
			die(lede_errmsg());
		t1 = cpu_seconds();
		if (lede__cluster_add_terms(&assignment, cluster, &article, &terms) != 0)
			die(lede_errmsg());
		t2 = cpu_seconds();
		window_featurize += t1 - t0;
		window_cluster += t2 - t1;
		gold_events[done] = item.event;
		predicted[done] = assignment.event;
		done++;
		window_done++;
		if (done % 64 == 0) {
			if (lede__cluster_flush(cluster, late > 0 ? keep_blob : NULL, &store) != 0)
				die("flush");
			apply_merges(&t, cluster);
		}
		if (done == next_report || done == total) {
			double now = now_seconds();
			lede__cluster_stats stats;

			lede__cluster_get_stats(&stats, cluster);
			printf("%10zu %12.0f %12.1f %12.1f %10.1f %10.1f %10.1f %8zu %8zu %8zu %9zu\n", done,
			       (double)window_done / (now - window_start), 1e6 * window_cluster / (double)window_done,
			       1e6 * window_featurize / (double)window_done, (double)stats.bytes / (1 << 20),
			       (double)resident_kib() / 1024, (double)peak_kib() / 1024, stats.live_events, stats.summaries,
			       stats.traces, stats.df_terms);
			fflush(stdout);
			next_report *= 10;
			/* The next window measures the last tenth before the next report. */
			window_start = now;
			window_done = 0;
			window_cluster = window_featurize = 0;
		}
		/* Each report measures the articles just before it: the last half, at most 10,000. */
		{
			size_t report = next_report < total ? next_report : total;
			size_t span = report / 2 < 10000 ? report / 2 : 10000;

			if (done == report - span) {
				window_start = now_seconds();
				window_done = 0;
				window_cluster = window_featurize = 0;
			}
		}
	}
	lede__cluster_flush(cluster, NULL, NULL);
	apply_merges(&t, cluster);
	{
		lede__cluster_stats stats;
		lede__cluster_clock clock;
		scores s;

		lede__cluster_get_clock(&clock, cluster);
		tracker_grow(&t, (size_t)done + 2);
		for (i = 0; i < done; i++)
			predicted[i] = predicted[i] ? resolve(t.event_parent, predicted[i]) : -(int64_t)i - 1;
		s = score(predicted, gold_events, done);
		lede__cluster_get_stats(&stats, cluster);
		printf("total %.1f s; %.1f days of stream; %u generated events; B3 P %.3f R %.3f F %.3f; opened %llu, merged %llu, "
		       "storylines merged %llu; thawed %llu; df terms %zu\n",
		       now_seconds() - t_begin, (double)(clock.time - start_time) / 86400.0, event_number, s.bcubed_p, s.bcubed_r, s.bcubed_f,
		       (unsigned long long)stats.events_opened, (unsigned long long)stats.events_merged,
		       (unsigned long long)stats.storylines_merged, (unsigned long long)stats.events_thawed, stats.df_terms);
	}
	lede__cluster_free(cluster);
	blob_store_free(&store);
	lede__tfidf_featurizer_free(featurizer);
	lede__doc_terms_free(&terms);
	lede__buf_free(&text);
	lede__buf_free(&title);
	free(h.items);
	free(gold_events);
	free(predicted);
	for (k = 0; k < group_count; k++)
		free(groups[k].members);
	free(groups);
	free_dataset(&pool);
	free(t.event_parent);
	free(t.event_storyline);
	free(t.storyline_parent);
	return 0;
}

/* ------------------------------------------------------------ main */

int main(int argc, char **argv)
{
	lede__cluster_params params;
	const char *input = NULL, *gold = NULL, *eval_dir = NULL, *data_dir = "../shared/data/clustering";
	size_t scale = 0, restart_every = 0, i;
	double late = 0;
	int a;

	lede__cluster_params_default(&params);
	for (a = 1; a < argc; a++) {
		if (strcmp(argv[a], "--param") == 0 && a + 1 < argc) {
			if (set_param(&params, argv[++a]) != 0) {
				fprintf(stderr, "cluster_run: bad --param %s\n", argv[a]);
				return 2;
			}
		} else if (strcmp(argv[a], "--gold") == 0 && a + 1 < argc) {
			gold = argv[++a];
		} else if (strcmp(argv[a], "--eval") == 0 && a + 1 < argc) {
			eval_dir = argv[++a];
		} else if (strcmp(argv[a], "--scale") == 0 && a + 1 < argc) {
			scale = strtoull(argv[++a], NULL, 10);
		} else if (strcmp(argv[a], "--no-fetch") == 0) {
			fetch_frozen = 0;
		} else if (strcmp(argv[a], "--late") == 0 && a + 1 < argc) {
			late = strtod(argv[++a], NULL);
		} else if (strcmp(argv[a], "--data") == 0 && a + 1 < argc) {
			data_dir = argv[++a];
		} else if (strcmp(argv[a], "--explain") == 0) {
			explain = 1;
		} else if (strcmp(argv[a], "--features") == 0 && a + 1 < argc) {
			features_file = fopen(argv[++a], "w");
			if (!features_file)
				die("cannot write the features file");
		} else if (strcmp(argv[a], "--oracle") == 0) {
			oracle_mode = 1;
		} else if (strcmp(argv[a], "--restart") == 0 && a + 1 < argc) {
			restart_every = strtoull(argv[++a], NULL, 10);
		} else if (argv[a][0] == '-' && argv[a][1]) {
			fprintf(stderr, "usage: cluster_run [--param NAME=VALUE]... [--gold G.tsv] [--restart K] [--explain] [--oracle]\n"
					"                   [--features OUT.tsv] FILE.jsonl\n"
					"       cluster_run --eval DIR [--param NAME=VALUE]...\n"
					"       cluster_run --scale N [--late FRACTION [--no-fetch]] [--data DIR] [--param NAME=VALUE]...\n");
			return 2;
		} else {
			input = argv[a];
		}
	}
	if (lede__cluster_params_check(&params) != 0) {
		fprintf(stderr, "cluster_run: %s\n", lede_errmsg());
		return 2;
	}
	if (eval_dir)
		return run_eval(eval_dir, &params, restart_every);
	if (scale)
		return run_scale(scale, data_dir, &params, late);
	if (!input) {
		fprintf(stderr, "cluster_run: no input (see --help)\n");
		return 2;
	}
	{
		dataset set;

		load_jsonl(&set, input);
		if (gold)
			load_gold(&set, gold, 0);
		cluster_dataset(&set, &params, restart_every);
		for (i = 0; i < set.count; i++)
			printf("%s\t%lld\t%lld\n", set.items[i].id, (long long)set.items[i].event,
			       (long long)set.items[i].storyline);
		if (gold) {
			scores s = score_set(&set, 0);

			fprintf(stderr, "B3 P %.3f R %.3f F %.3f | pair P %.3f R %.3f F %.3f\n", s.bcubed_p, s.bcubed_r,
				s.bcubed_f, s.pair_p, s.pair_r, s.pair_f);
		}
		free_dataset(&set);
	}
	return 0;
}
