/*
 * Unit tests of src/text/entities and src/text/gazetteer: names, types,
 * aliases, sentence-initial words, junk lines, merging across documents,
 * and the seed story (../shared/seeds, read at run time).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "lede.h"
#include "text/entities.h"
#include "text/gazetteer.h"
#include "util/alloc.h"

#define SEEDS "../shared/seeds"

static const lede__entity *find(const lede__entities *entities, const char *name)
{
	return lede__entities_get(entities, name);
}

static void expect_entity(const lede__entities *entities, const char *name, int type)
{
	const lede__entity *e = find(entities, name);

	if (!e)
		fail_msg("no entity \"%s\"", name);
	if (e->type != type)
		fail_msg("\"%s\" has type %d, expected %d", name, e->type, type);
}

static void gazetteer_tables_are_sorted_and_answer(void **state)
{
	const lede__gazetteer_name *hit;

	(void)state;
	assert_int_equal(lede__gazetteer_check(), 0);
	hit = lede__gazetteer_find("us", 2);
	assert_non_null(hit);
	assert_string_equal(hit->name, "United States");
	assert_int_equal(hit->type, LEDE__ENTITY_PLACE);
	hit = lede__gazetteer_find("wall street journal", 19);
	assert_non_null(hit);
	assert_string_equal(hit->name, "The Wall Street Journal");
	assert_int_equal(hit->news, 1);
	assert_null(lede__gazetteer_find("atlantis", 8));
	assert_true(lede__word_classes("said", 4) & LEDE__WORD_SPEECH_VERB);
	assert_true(lede__word_classes("mr", 2) & LEDE__WORD_HONORIFIC);
	assert_true(lede__word_classes("inc", 3) & LEDE__WORD_ORG_SUFFIX);
	assert_int_equal(lede__word_classes("zzzz", 4), 0);
}

static const char story_one[] =
	"Norvik Robotics plans to open a plant in Lisbon, the company said on Tuesday.\n\n"
	"Maria Lopez, the company's chief financial officer, said the plant would employ 400 people. "
	"Analysts expect the Norvik Group to raise money in the U.S. and in Portugal. "
	"Shares of the smartphone maker Quillon fell. Lopez told investors that Verdant & Hale and Quillon "
	"were talking to the firm.\n\n"
	"However, the Lisbon plant needs approval from the Ministry of Economy. "
	"Carriers in the United States have not commented. Regulators in America are watching, Mr. Tavares said. "
	"The US market matters to Norvik.";

static void names_types_and_aliases(void **state)
{
	lede__arena arena;
	lede__entities entities;
	const lede__entity *norvik, *usa;
	size_t i;

	(void)state;
	lede__arena_init(&arena);
	assert_int_equal(lede__entities_find(&entities, &arena, story_one, strlen(story_one)), 0);
	expect_entity(&entities, "Maria Lopez", LEDE__ENTITY_PERSON);
	expect_entity(&entities, "Tavares", LEDE__ENTITY_PERSON);
	expect_entity(&entities, "Lisbon", LEDE__ENTITY_PLACE);
	expect_entity(&entities, "Portugal", LEDE__ENTITY_PLACE);
	expect_entity(&entities, "Quillon", LEDE__ENTITY_ORGANIZATION);
	expect_entity(&entities, "Verdant & Hale", LEDE__ENTITY_ORGANIZATION);
	expect_entity(&entities, "Ministry of Economy", LEDE__ENTITY_ORGANIZATION);
	/* "Norvik Robotics", "Norvik Group" and "Norvik" are one organization, named by its usual form. */
	expect_entity(&entities, "Norvik", LEDE__ENTITY_ORGANIZATION);
	norvik = find(&entities, "Norvik");
	assert_int_equal(norvik->mentions, 3);
	assert_null(find(&entities, "Norvik Robotics"));
	assert_null(find(&entities, "Norvik Group"));
	/* "U.S.", "United States", "America" and "US" are one place. */
	usa = find(&entities, "United States");
	assert_non_null(usa);
	assert_int_equal(usa->type, LEDE__ENTITY_PLACE);
	assert_int_equal(usa->mentions, 4);
	/* The bare surname joins the full name. */
	assert_null(find(&entities, "Lopez"));
	assert_int_equal(find(&entities, "Maria Lopez")->mentions, 2);
	/* Sentence-initial common words are no names. */
	assert_null(find(&entities, "Analysts"));
	assert_null(find(&entities, "Shares"));
	assert_null(find(&entities, "However"));
	assert_null(find(&entities, "Carriers"));
	assert_null(find(&entities, "Regulators"));
	/* Ranked by salience; mentions point at their entity. */
	for (i = 1; i < entities.count; i++)
		assert_true(entities.items[i - 1].salience >= entities.items[i].salience);
	assert_string_equal(entities.items[0].name, "United States");
	assert_true(entities.mention_count >= 12);
	for (i = 0; i < entities.mention_count; i++) {
		const lede__entity_mention *m = &entities.mentions[i];

		assert_true(m->start < m->end && m->end <= strlen(story_one));
		assert_true(m->entity < entities.count);
		if (i > 0)
			assert_true(entities.mentions[i - 1].start <= m->start);
	}
	assert_string_equal(lede__entities_person(&entities, "Lopez", 5), "Maria Lopez");
	assert_string_equal(lede__entities_person(&entities, "Ms. Lopez", 9), "Maria Lopez");
	assert_null(lede__entities_person(&entities, "Smith", 5));
	lede__arena_free(&arena);
}

static void titles_and_honorifics_mark_people(void **state)
{
	static const char text[] =
		"Brightwave chairman Chen Wei met President Ana Ruiz and Dr. Tomas Ek in Oslo. "
		"Brightwave CEO Ola Berg spoke later. \xe2\x80\x9cWe agree,\xe2\x80\x9d Ruiz said.";
	lede__arena arena;
	lede__entities entities;

	(void)state;
	lede__arena_init(&arena);
	assert_int_equal(lede__entities_find(&entities, &arena, text, strlen(text)), 0);
	expect_entity(&entities, "Chen Wei", LEDE__ENTITY_PERSON);
	expect_entity(&entities, "Ana Ruiz", LEDE__ENTITY_PERSON);
	expect_entity(&entities, "Tomas Ek", LEDE__ENTITY_PERSON);
	expect_entity(&entities, "Ola Berg", LEDE__ENTITY_PERSON);
	expect_entity(&entities, "Brightwave", LEDE__ENTITY_ORGANIZATION);
	expect_entity(&entities, "Oslo", LEDE__ENTITY_PLACE);
	assert_null(find(&entities, "President Ana Ruiz"));
	assert_null(find(&entities, "Ruiz"));
	assert_null(find(&entities, "CEO"));
	lede__arena_free(&arena);
}

static void menu_lines_and_junk_are_ignored(void **state)
{
	static const char text[] = "Home\nLatest\nJustin Springer\nCase Studies\nAbout Us| Contact\n\n"
				   "\xff\xfe Weird bytes \x80 here.\n\nThe Tesserine Group opened an office in Cairo.";
	lede__arena arena;
	lede__entities entities;

	(void)state;
	lede__arena_init(&arena);
	assert_int_equal(lede__entities_find(&entities, &arena, text, strlen(text)), 0);
	assert_null(find(&entities, "Justin Springer"));
	assert_null(find(&entities, "Case Studies"));
	assert_null(find(&entities, "Home"));
	assert_null(find(&entities, "United States"));
	expect_entity(&entities, "Tesserine Group", LEDE__ENTITY_ORGANIZATION);
	expect_entity(&entities, "Cairo", LEDE__ENTITY_PLACE);
	assert_int_equal(lede__entities_find(&entities, &arena, "", 0), 0);
	assert_int_equal(entities.count, 0);
	lede__arena_free(&arena);
}

static void documents_merge_into_a_story(void **state)
{
	static const char first[] = "Lumora founder Chen Wei said the company will expand to Brazil.";
	static const char second[] = "Wei told reporters that Lumora Group is hiring in Brazil and Chile.";
	static const char third[] = "Lumora makes sensors. Its plant near Santiago opened in May.";
	lede__arena arena;
	lede__entities documents[3], story;

	(void)state;
	lede__arena_init(&arena);
	assert_int_equal(lede__entities_find(&documents[0], &arena, first, strlen(first)), 0);
	assert_int_equal(lede__entities_find(&documents[1], &arena, second, strlen(second)), 0);
	assert_int_equal(lede__entities_find(&documents[2], &arena, third, strlen(third)), 0);
	assert_int_equal(lede__entities_merge(&story, &arena, documents, 3), 0);
	assert_null(story.mentions);
	expect_entity(&story, "Chen Wei", LEDE__ENTITY_PERSON);
	assert_null(find(&story, "Wei"));
	assert_int_equal(find(&story, "Chen Wei")->documents, 2);
	expect_entity(&story, "Lumora", LEDE__ENTITY_ORGANIZATION);
	assert_null(find(&story, "Lumora Group"));
	assert_int_equal(find(&story, "Lumora")->documents, 3);
	expect_entity(&story, "Brazil", LEDE__ENTITY_PLACE);
	assert_int_equal(find(&story, "Brazil")->mentions, 2);
	/* Named in every document: the most salient. */
	assert_string_equal(story.items[0].name, "Lumora");
	lede__arena_free(&arena);
}

/* Reads a whole file into memory from lede__malloc; NULL when it cannot. */
static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	long size;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (data = lede__malloc((size_t)size + 1)) != NULL) {
		*len = fread(data, 1, (size_t)size, f);
		data[*len] = '\0';
	}
	fclose(f);
	return data;
}

static const char *const seed_files[] = {
	"000_f11e9bb93375d1ba.txt", "001_5b4883106dcd3f21.txt", "002_281264ec3b7186f3.txt",
	"003_b8f9a153d975b74f.txt", "004_f51840b67d96b3ef.txt",
};

static void seed_story_entities_are_found_with_their_types(void **state)
{
	static const struct {
		const char *key;
		int type;
	} kinds[] = {
		{"organization", LEDE__ENTITY_ORGANIZATION},
		{"person", LEDE__ENTITY_PERSON},
		{"place", LEDE__ENTITY_PLACE},
	};
	lede__arena arena;
	lede__entities documents[5], story;
	json_error_t error;
	json_t *expect = json_load_file(SEEDS "-expect.json", 0, &error), *entities;
	size_t i, k, checked = 0;

	(void)state;
	if (!expect)
		fail_msg("cannot read %s-expect.json (run from the repository root): %s", SEEDS, error.text);
	entities = json_object_get(json_object_get(expect, "story"), "entities");
	assert_non_null(entities);
	lede__arena_init(&arena);
	for (i = 0; i < 5; i++) {
		char path[256];
		size_t len = 0;
		char *text;

		snprintf(path, sizeof(path), "%s/%s", SEEDS, seed_files[i]);
		text = read_file(path, &len);
		if (!text)
			fail_msg("cannot read %s", path);
		assert_int_equal(lede__entities_find(&documents[i], &arena, text, len), 0);
		lede__dealloc(text);
	}
	assert_int_equal(lede__entities_merge(&story, &arena, documents, 5), 0);
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		json_t *names = json_object_get(entities, kinds[k].key);

		for (i = 0; i < json_array_size(names); i++) {
			expect_entity(&story, json_string_value(json_array_get(names, i)), kinds[k].type);
			checked++;
		}
	}
	assert_true(checked >= 15);
	/* "Jun" (a surname slip in one article) is Lei Jun, not a person of its own. */
	assert_null(find(&story, "Jun"));
	for (i = 0; i < story.count; i++)
		assert_false(story.items[i].type == LEDE__ENTITY_PERSON && strcmp(story.items[i].name, "Jun") == 0);
	/* The outlet and the company of the story rank high. */
	for (i = 0; i < 5 && i < story.count; i++)
		if (strcmp(story.items[i].name, "Xiaomi") == 0)
			break;
	assert_true(i < 5);
	json_decref(expect);
	lede__arena_free(&arena);
}

static void allocation_failures_are_reported(void **state)
{
	long n;

	(void)state;
	for (n = 0; n < 400; n++) {
		lede__arena arena;
		lede__entities one, story;
		int rc;

		lede__arena_init(&arena);
		lede__alloc_fail_after(n);
		rc = lede__entities_find(&one, &arena, story_one, strlen(story_one));
		if (rc == 0)
			rc = lede__entities_merge(&story, &arena, &one, 1);
		lede__alloc_fail_after(-1);
		lede__arena_free(&arena);
		if (rc == 0)
			break;
		assert_int_equal(rc, LEDE_ENOMEM);
	}
	assert_true(n < 400);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(gazetteer_tables_are_sorted_and_answer),
		cmocka_unit_test(names_types_and_aliases),
		cmocka_unit_test(titles_and_honorifics_mark_people),
		cmocka_unit_test(menu_lines_and_junk_are_ignored),
		cmocka_unit_test(documents_merge_into_a_story),
		cmocka_unit_test(seed_story_entities_are_found_with_their_types),
		cmocka_unit_test(allocation_failures_are_reported),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
