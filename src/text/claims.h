/*
 * claims.h: checkable facts in news text (amounts, counts, shares and
 * time expressions) with what they qualify, and where the articles of a
 * story agree or differ on them.
 *
 * A claim is a value found in a sentence: a number with its unit word
 * ("83 percent", "12 injured", "180,000 hubs", "$3.5 billion") or a modified
 * time ("late 2018", "early 2019", "March 2018"; a bare year is not a
 * claim).  The values of one sentence that are joined by "or" form one
 * value ("late 2018 or early 2019").  What the claim is about is the
 * sentence's content-word stems around the value.  Across articles, claims
 * of the same kind (the same unit, or both times) about the same thing
 * (shared stems) are one fact: agreed when their values match, disputed
 * when they differ.
 */
#ifndef LEDE_TEXT_CLAIMS_H
#define LEDE_TEXT_CLAIMS_H

#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

enum { LEDE__CLAIM_TERMS = 12 };

typedef struct lede__claim {
	uint32_t start, end;     /* byte offsets of the sentence */
	const char *value;       /* normalized: "83%", "12", "3.5 billion", "late 2018 or early 2019" */
	const char *unit;        /* stem of the unit word ("injur", "percent"), or "time" */
	const char *about;       /* the sentence's words around the value, for display */
	uint64_t terms[LEDE__CLAIM_TERMS]; /* hashes of content-word stems around the value */
	size_t term_count;
} lede__claim;

typedef struct lede__claims {
	lede__claim *items;
	size_t count;
} lede__claims;

/* Finds the claims of UTF-8 `text` (in `arena`).  Returns 0 or LEDE_ENOMEM. */
int lede__claims_find(lede__claims *out, lede__arena *arena, const char *text, size_t len);

/* One value of a story fact and the documents that state it. */
typedef struct lede__fact_value {
	const char *value;
	size_t *documents;       /* indices into the documents given to lede__claims_merge */
	size_t document_count;
	const char **sentences;  /* each document's sentence, in the order of `documents` */
} lede__fact_value;

typedef struct lede__fact {
	const char *about;
	const char *unit;
	lede__fact_value *values; /* most supported first */
	size_t value_count;       /* 1: agreed; more: disputed */
	size_t document_count;    /* documents stating any value */
} lede__fact;

typedef struct lede__facts {
	lede__fact *items;        /* facts stated by at least two documents, most supported first */
	size_t count;
} lede__facts;

/*
 * Groups the claims of `count` documents (`texts` give the sentences back)
 * into facts.  Returns 0 or LEDE_ENOMEM.
 */
int lede__claims_merge(lede__facts *out, lede__arena *arena, const lede__claims *documents,
		       const char *const *texts, size_t count);

#endif
