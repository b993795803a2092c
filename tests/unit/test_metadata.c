/* Unit tests of byline cleaning (src/extract/metadata). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "extract/metadata.h"

static size_t clean(const char **names, lede__arena *arena, const char *byline)
{
	size_t count = 0;

	lede__authors_clean(names, &count, LEDE__META_MAX_AUTHORS, arena, byline);
	return count;
}

static void role_after_a_name_is_dropped(void **state)
{
	lede__arena arena;
	const char *names[LEDE__META_MAX_AUTHORS];

	(void)state;
	lede__arena_init(&arena);
	assert_int_equal(clean(names, &arena, "By Kai Lindholm, Senior Reporter"), 1);
	assert_string_equal(names[0], "Kai Lindholm");
	assert_int_equal(clean(names, &arena, "Mara Quist \xe2\x8b\x85 Review Editor"), 1);
	assert_string_equal(names[0], "Mara Quist");
	assert_int_equal(clean(names, &arena, "Ola Varn \xc2\xb7 Staff Writer"), 1);
	assert_string_equal(names[0], "Ola Varn");
	lede__arena_free(&arena);
}

static void credentials_and_lead_ins_are_not_names(void **state)
{
	lede__arena arena;
	const char *names[LEDE__META_MAX_AUTHORS];

	(void)state;
	lede__arena_init(&arena);
	assert_int_equal(clean(names, &arena, "Tove Aalto, MS, RD"), 1);
	assert_string_equal(names[0], "Tove Aalto");
	assert_int_equal(clean(names, &arena, "Ines Varga, Ph.D."), 1);
	assert_string_equal(names[0], "Ines Varga");
	assert_int_equal(clean(names, &arena, "Written by Ola Varn"), 1);
	assert_string_equal(names[0], "Ola Varn");
	assert_int_equal(clean(names, &arena, "Text by Mara Quist and Kai Lindholm"), 2);
	assert_string_equal(names[1], "Kai Lindholm");
	assert_int_equal(clean(names, &arena, "Updated by Ines Varga"), 0);
	assert_int_equal(clean(names, &arena, "Tove Aalto says"), 0);
	/* A first piece in capitals is a name, not a credential. */
	assert_int_equal(clean(names, &arena, "JWU"), 1);
	lede__arena_free(&arena);
}

static void two_names_are_both_kept(void **state)
{
	lede__arena arena;
	const char *names[LEDE__META_MAX_AUTHORS];

	(void)state;
	lede__arena_init(&arena);
	assert_int_equal(clean(names, &arena, "By Sia Lund and Tor Brekke"), 2);
	assert_string_equal(names[0], "Sia Lund");
	assert_string_equal(names[1], "Tor Brekke");
	lede__arena_free(&arena);
}

static void desk_signature_alone_is_how_the_page_signs(void **state)
{
	lede__arena arena;
	const char *names[LEDE__META_MAX_AUTHORS];

	(void)state;
	lede__arena_init(&arena);
	assert_int_equal(clean(names, &arena, "Harbour Herald Staff"), 1);
	assert_string_equal(names[0], "Harbour Herald Staff");
	lede__arena_free(&arena);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(role_after_a_name_is_dropped),
		cmocka_unit_test(credentials_and_lead_ins_are_not_names),
		cmocka_unit_test(two_names_are_both_kept),
		cmocka_unit_test(desk_signature_alone_is_how_the_page_signs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
