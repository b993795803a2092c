/*
 * gazetteer.h: what the analysis stages know about English news text
 * without a downloaded model.
 *
 * Two read-only tables written for lede: names (countries, US states, world
 * capitals and major cities, regions, common news organizations and public
 * institutions, each with its canonical form and type) and word classes
 * (titles and honorifics, speech verbs, organization suffixes and cue nouns,
 * demonyms, months and days, common sentence starters, abbreviations, given
 * names, pronouns).  Both are sorted arrays searched by bisection, so they
 * need no initialization and are safe from any thread.
 */
#ifndef LEDE_TEXT_GAZETTEER_H
#define LEDE_TEXT_GAZETTEER_H

#include <stddef.h>
#include <stdint.h>

/* Kinds of names (shared by entities and quotes). */
enum lede__entity_type {
	LEDE__ENTITY_OTHER = 0, /* a name with no evidence of its kind */
	LEDE__ENTITY_PERSON = 1,
	LEDE__ENTITY_ORGANIZATION = 2,
	LEDE__ENTITY_PLACE = 3
};

typedef struct lede__gazetteer_name {
	const char *key;  /* lookup key: folded, dots dropped ("us", "the wall street journal") */
	const char *name; /* canonical name ("United States", "The Wall Street Journal") */
	uint8_t type;     /* enum lede__entity_type */
	uint8_t news;     /* 1 for news organizations (the "via" of a quote) */
} lede__gazetteer_name;

/*
 * The entry whose key is key[0..len), or NULL.  Keys are built the way
 * entities.c folds a name: tokens' folded forms joined by one space, the dots
 * of abbreviations dropped ("U.S." and "US" are both "us").
 */
const lede__gazetteer_name *lede__gazetteer_find(const char *key, size_t len);

/* Word classes, as a bit set per folded word. */
enum lede__word_class {
	LEDE__WORD_HONORIFIC = 1u << 0,      /* Mr, Dr, Sen: a name follows */
	LEDE__WORD_TITLE = 1u << 1,          /* president, CEO, chairman */
	LEDE__WORD_TITLE_MODIFIER = 1u << 2, /* vice, former, rotating, chief */
	LEDE__WORD_ORG_SUFFIX = 1u << 3,     /* Inc, Group, Agency, University */
	LEDE__WORD_ORG_CUE = 1u << 4,        /* maker, vendor, carrier, rival */
	LEDE__WORD_PLACE_PREP = 1u << 5,     /* in, from, across */
	LEDE__WORD_PLACE_WORD = 1u << 6,     /* city, province, river */
	LEDE__WORD_DEMONYM = 1u << 7,        /* Chinese, American, Democratic */
	LEDE__WORD_MONTH_DAY = 1u << 8,      /* January, Monday, Christmas */
	LEDE__WORD_NOT_ENTITY = 1u << 9,     /* CEO, TV, Read, Related */
	LEDE__WORD_SPEECH_VERB = 1u << 10,   /* said, told, added, wrote */
	LEDE__WORD_PERSON_ROLE = 1u << 11,   /* executive, spokesman, official */
	LEDE__WORD_NEWS_NOUN = 1u << 12,     /* publication, newspaper, agency */
	LEDE__WORD_STARTER = 1u << 13,       /* common words that start sentences */
	LEDE__WORD_GIVEN_NAME = 1u << 14,    /* Richard, Hillary */
	LEDE__WORD_SURNAME = 1u << 15,       /* family names written first (Wang, Lei) */
	LEDE__WORD_CONNECTOR = 1u << 16,     /* of, de, van, bin */
	LEDE__WORD_PRONOUN = 1u << 17,       /* he, she, they */
	LEDE__WORD_ABBREV_NEVER = 1u << 18,  /* Mr., St., vs.: never end a sentence */
	LEDE__WORD_ABBREV_AMBIG = 1u << 19   /* Jan., Inc., Co.: end one only before a sentence starter */
};

/* The classes of the folded word norm[0..len) (0 for an unknown word). */
uint32_t lede__word_classes(const char *norm, size_t len);

/* 0 when both tables are in strictly increasing strcmp order (a self-check for the tests). */
int lede__gazetteer_check(void);

#endif
