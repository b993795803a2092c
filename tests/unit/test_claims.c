/* Unit tests of src/text/claims: values with what they qualify, agreement and dispute. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "text/claims.h"

static void values_are_found_with_units(void **state)
{
	static const char text[] =
		"Fourteen people were hurt. Officials said 12 people were injured and 3,000 commuters "
		"were stranded. Shares fell 9% on Tuesday, and the company expects to recover by late "
		"2025 or early 2026. The league was founded in 1998.";
	lede__arena arena;
	lede__claims claims;
	size_t i;
	int injured = 0, percent = 0, time = 0, year = 0;

	(void)state;
	lede__arena_init(&arena);
	assert_int_equal(lede__claims_find(&claims, &arena, text, strlen(text)), 0);
	for (i = 0; i < claims.count; i++) {
		const lede__claim *c = &claims.items[i];

		injured |= strcmp(c->value, "12") == 0 && strcmp(c->unit, "peopl") == 0;
		percent |= strcmp(c->value, "9%") == 0 && strcmp(c->unit, "percent") == 0;
		time |= strcmp(c->value, "late 2025 or early 2026") == 0 && strcmp(c->unit, "time") == 0;
		year |= strstr(c->value, "1998") != NULL;
	}
	assert_true(injured);
	assert_true(percent);
	assert_true(time);
	assert_false(year); /* a bare year is no claim */
	lede__arena_free(&arena);
}

static void outlets_agree_and_differ(void **state)
{
	static const char *const texts[] = {
		"The storm injured 12 people in the harbour district, the fire service said. "
		"Power should return by late March 2025.",
		"Officials said the storm injured 14 people in the harbour district on Monday.",
		"Twelve hours later the harbour district counted 12 people injured by the storm.",
		"Engineers expect power to return by late March 2025 across the coast.",
	};
	lede__arena arena;
	lede__claims claims[4];
	lede__facts facts;
	size_t i;
	int disputed = 0, agreed_time = 0;

	(void)state;
	lede__arena_init(&arena);
	for (i = 0; i < 4; i++)
		assert_int_equal(lede__claims_find(&claims[i], &arena, texts[i], strlen(texts[i])), 0);
	assert_int_equal(lede__claims_merge(&facts, &arena, claims, texts, 4), 0);
	for (i = 0; i < facts.count; i++) {
		const lede__fact *f = &facts.items[i];

		if (strcmp(f->unit, "injur") == 0 || strcmp(f->unit, "peopl") == 0) {
			disputed = f->value_count == 2 && f->values[0].document_count == 2 &&
				   strcmp(f->values[0].value, "12") == 0 && strcmp(f->values[1].value, "14") == 0;
		}
		if (strcmp(f->unit, "time") == 0)
			agreed_time = f->value_count == 1 && f->values[0].document_count == 2;
	}
	assert_true(disputed);
	assert_true(agreed_time);
	lede__arena_free(&arena);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(values_are_found_with_units),
		cmocka_unit_test(outlets_agree_and_differ),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
