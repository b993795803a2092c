/*
 * entities.h: people, organizations and places named in a text, without a
 * trained model.
 *
 * Candidates are runs of capitalized tokens ("Lei Jun", "AT&T", "U.S.",
 * "Bank of America"), cut at titles ("Xiaomi chairman Lei Jun" gives
 * "Xiaomi" and "Lei Jun"), with sentence-initial common words dropped ("The",
 * "Carriers", "Another": a word the text also writes in lower case is not a
 * name) and lines that look like menus or headlines ignored.  Each mention
 * collects evidence for a type: the gazetteer (gazetteer.h), honorifics and
 * titles (Mr., President, CEO X: a person; X CEO: an organization), suffixes
 * (Inc., Group, Agency, Ministry, University), cue nouns ("smartphone maker
 * X"), context ("in X", "X-based", "the Spanish capital, X"), name shapes
 * (given names, family names written first) and speech ("X told").  The
 * mentions of one name add up; then aliases merge: a bare "Jun" joins the
 * "Lei Jun" of the same text, "Xiaomi Group" joins "Xiaomi", "U.S.", "US"
 * and "America" are "United States"; a name with no evidence takes the type
 * of names coordinated with it ("AT&T and Verizon").  Entities are ranked by
 * salience: mentions and how early the first one comes.
 *
 * lede__entities_merge does the same across the articles of a story:
 * evidence is summed (so a type is voted by all articles), aliases merge
 * across articles, and salience adds the number of articles.
 */
#ifndef LEDE_TEXT_ENTITIES_H
#define LEDE_TEXT_ENTITIES_H

#include <stddef.h>
#include <stdint.h>

#include "text/gazetteer.h"
#include "util/arena.h"

typedef struct lede__entity {
	const char *name;   /* canonical name ("Lei Jun", "United States"), NUL-terminated, in the arena */
	uint8_t type;       /* enum lede__entity_type */
	uint8_t news;       /* 1 for a news organization known to the gazetteer */
	uint32_t mentions;  /* number of mentions (over all documents after a merge) */
	uint32_t documents; /* 1 from lede__entities_find; documents naming it after a merge */
	uint32_t first;     /* byte offset of the first mention (in the first document that has one) */
	double salience;    /* ranking score; items are sorted by it, highest first */
	float evidence[4];  /* evidence for each enum lede__entity_type, summed over mentions */
} lede__entity;

typedef struct lede__entity_mention {
	uint32_t start, end; /* byte offsets of the name as written, without title or possessive */
	uint32_t entity;     /* index in lede__entities.items */
	uint32_t sentence;   /* index of its sentence (lede__sentences_split of the same text) */
} lede__entity_mention;

typedef struct lede__entities {
	lede__entity *items; /* by salience, highest first */
	size_t count;
	lede__entity_mention *mentions; /* in text order (of items only); NULL after a merge */
	size_t mention_count;
	/*
	 * Names this document capitalizes only at the start of sentences ("Wei
	 * told reporters" with no other "Wei"): not entities by themselves, kept
	 * so that lede__entities_merge can confirm them from another document.
	 */
	lede__entity *tentative;
	size_t tentative_count;
} lede__entities;

/*
 * Finds the entities of UTF-8 text[0..len) (at most its first 200,000
 * tokens).  Everything is allocated in `arena` and lives as long as it.
 * Returns 0, LEDE_ENOMEM or LEDE_ETOOBIG (4 GiB or more); *out is empty on
 * failure.  No I/O.
 */
int lede__entities_find(lede__entities *out, lede__arena *arena, const char *text, size_t len);

/*
 * Merges the entities of `count` documents (each from lede__entities_find,
 * or itself a merge) into the entities of one story, allocated in `arena`
 * (names point at the documents' names, which must outlive the result).
 * Mentions are not carried over; tentative names count when another
 * document confirms them.  Returns 0 or LEDE_ENOMEM.
 */
int lede__entities_merge(lede__entities *out, lede__arena *arena, const lede__entities *documents,
			 size_t count);

/*
 * The person that a partial name stands for: `name` (name_len bytes, e.g.
 * "Jun", "Mr. Netanyahu", "Lei Jun") is matched against the PERSON entities
 * by its last word (then by its first word when that is a family name
 * written first, "Wang"); the most salient person with two or more words
 * wins.  Returns that entity's canonical name, or NULL when there is none
 * (or memory runs out).  Builds an index each call: for many names of one
 * text, use lede__person_index below.
 */
const char *lede__entities_person(const lede__entities *entities, const char *name, size_t name_len);

/*
 * The same lookup for many names: an index of the PERSON entities by last
 * word (and by first word when it is a family name written first, "Wang
 * Xiang"), built once in `arena`; `entities` must outlive it.
 */
typedef struct lede__person_index lede__person_index;

int lede__person_index_build(lede__person_index **out, lede__arena *arena, const lede__entities *entities);
const char *lede__person_index_find(const lede__person_index *index, const char *name, size_t name_len);

/* The entity with canonical name `name` (exact, case-sensitive), or NULL. */
const lede__entity *lede__entities_get(const lede__entities *entities, const char *name);

#endif
