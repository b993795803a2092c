/* Unit tests of src/util: allocation hooks, buffer, arena, UTF-8, hashing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "lede.h"
#include "util/alloc.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/compress.h"
#include "util/hash.h"
#include "util/utf8.h"

/* The allocator's test hooks: counters, failing from the Nth on, failing only the Nth. */
static void allocation_failures_are_injected_and_counted(void **state)
{
	lede__alloc_counters before, after;
	void *a, *b, *c;

	(void)state;
	lede__alloc_counters_get(&before);
	lede__alloc_fail_after(1);
	a = lede__malloc(8);
	b = lede__malloc(8);
	c = lede__calloc(1, 8);
	lede__alloc_fail_after(-1);
	assert_non_null(a);
	assert_null(b);
	assert_null(c);
	lede__alloc_fail_nth(0);
	b = lede__malloc(8);
	c = lede__realloc(NULL, 8);
	assert_null(b);
	assert_non_null(c);
	lede__alloc_counters_get(&after);
	assert_int_equal(after.allocations - before.allocations, 2);
	assert_int_equal(after.failed - before.failed, 3);
	assert_int_equal(after.live - before.live, 2);
	assert_int_equal(lede__alloc_failures(), after.failed);
	lede__dealloc(a);
	lede_free(c);
	lede__alloc_counters_get(&after);
	assert_int_equal(after.live, before.live);
}

/* In a jansson section the first failed allocation fails the rest; outside, it does not. */
static void json_sections_fail_everything_after_a_failure(void **state)
{
	void *a, *b;

	(void)state;
	lede__json_begin();
	lede__alloc_fail_nth(0);
	a = lede__json_malloc(8);
	b = lede__json_malloc(8);
	assert_null(a);
	assert_null(b);
	lede__json_begin();
	assert_null(lede__json_malloc(8));
	assert_int_equal(lede__json_end(), 1);
	assert_int_equal(lede__json_end(), 1);
	lede__json_begin();
	a = lede__json_malloc(8);
	assert_non_null(a);
	assert_int_equal(lede__json_end(), 0);
	lede__dealloc(a);
	lede__alloc_fail_nth(0);
	assert_null(lede__json_malloc(8));
	a = lede__json_malloc(8);
	assert_non_null(a);
	lede__dealloc(a);
}

static void buf_appends_and_stays_nul_terminated(void **state)
{
	lede__buf buf;

	(void)state;
	lede__buf_init(&buf, 1024);
	assert_int_equal(lede__buf_append_str(&buf, "hello"), 0);
	assert_int_equal(lede__buf_printf(&buf, " %d %s", 42, "world"), 0);
	assert_string_equal(lede__buf_str(&buf), "hello 42 world");
	assert_int_equal(buf.len, 14);
	lede__buf_free(&buf);
}

static void buf_over_cap_fails_and_frees_itself(void **state)
{
	lede__buf buf;

	(void)state;
	lede__buf_init(&buf, 8);
	assert_int_equal(lede__buf_append_str(&buf, "12345678"), 0);
	assert_int_equal(lede__buf_append_byte(&buf, '9'), LEDE_ETOOBIG);
	assert_null(buf.data);
	assert_int_equal(buf.len, 0);
}

static void buf_allocation_failure_reports_nomem(void **state)
{
	lede__buf buf;

	(void)state;
	lede__buf_init(&buf, 1024);
	lede__alloc_fail_after(0);
	assert_int_equal(lede__buf_append_str(&buf, "x"), LEDE_ENOMEM);
	lede__alloc_fail_after(-1);
	assert_null(buf.data);
}

static void arena_serves_aligned_blocks_of_any_size(void **state)
{
	lede__arena arena;
	size_t i;

	(void)state;
	lede__arena_init(&arena);
	for (i = 1; i < 2000; i += 37) {
		char *p = lede__arena_alloc(&arena, i);

		assert_non_null(p);
		assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
		memset(p, 'x', i);
	}
	assert_non_null(lede__arena_alloc(&arena, 5 << 20));
	assert_string_equal(lede__arena_strdup(&arena, "copy"), "copy");
	lede__arena_free(&arena);
}

static void utf8_validation_rejects_overlong_surrogates_and_nul(void **state)
{
	(void)state;
	assert_true(lede__utf8_valid("caf\xc3\xa9 \xe2\x80\x99 \xf0\x9f\x93\xb0", 14));
	assert_false(lede__utf8_valid("\xc0\xaf", 2));         /* overlong '/' */
	assert_false(lede__utf8_valid("\xed\xa0\x80", 3));     /* surrogate */
	assert_false(lede__utf8_valid("\xf4\x90\x80\x80", 4)); /* past U+10FFFF */
	assert_false(lede__utf8_valid("a\0b", 3));
	assert_false(lede__utf8_valid("\xe2\x80", 2));         /* truncated */
}

static void utf8_repair_replaces_each_bad_run_once(void **state)
{
	lede__buf out;
	size_t replaced = 0;

	(void)state;
	lede__buf_init(&out, 1024);
	assert_int_equal(lede__utf8_repair(&out, "ok\xff\xfe then \xe2\x80 end", 16, &replaced), 0);
	assert_string_equal(lede__buf_str(&out), "ok\xef\xbf\xbd\xef\xbf\xbd then \xef\xbf\xbd end");
	assert_int_equal(replaced, 3);
	assert_true(lede__utf8_valid(out.data, out.len));
	lede__buf_free(&out);
}

static void hash_hex_is_sixteen_lowercase_digits(void **state)
{
	char hex[17];

	(void)state;
	lede__hash_hex(hex, 0x0123456789abcdefULL);
	assert_string_equal(hex, "0123456789abcdef");
	assert_int_equal(lede__hash64("abc", 3), lede__hash64("abc", 3));
	assert_int_not_equal(lede__hash64("abc", 3), lede__hash64("abd", 3));
}

static void compress_round_trips(void **state)
{
	lede__buf frame, back;
	char page[5000];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(page); i++)
		page[i] = (char)('a' + i % 7);
	lede__buf_init(&frame, 1 << 20);
	lede__buf_init(&back, 1 << 20);
	assert_int_equal(lede__compress(&frame, page, sizeof(page)), 0);
	assert_true(frame.len < sizeof(page));
	assert_int_equal(lede__decompress(&back, frame.data, frame.len), 0);
	assert_int_equal(back.len, sizeof(page));
	assert_memory_equal(back.data, page, sizeof(page));
	lede__buf_free(&frame);
	lede__buf_free(&back);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(allocation_failures_are_injected_and_counted),
		cmocka_unit_test(json_sections_fail_everything_after_a_failure),
		cmocka_unit_test(buf_appends_and_stays_nul_terminated),
		cmocka_unit_test(buf_over_cap_fails_and_frees_itself),
		cmocka_unit_test(buf_allocation_failure_reports_nomem),
		cmocka_unit_test(arena_serves_aligned_blocks_of_any_size),
		cmocka_unit_test(utf8_validation_rejects_overlong_surrogates_and_nul),
		cmocka_unit_test(utf8_repair_replaces_each_bad_run_once),
		cmocka_unit_test(hash_hex_is_sixteen_lowercase_digits),
		cmocka_unit_test(compress_round_trips),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
