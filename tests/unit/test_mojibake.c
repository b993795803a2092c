/* Unit tests of the repair of doubly encoded UTF-8 (src/extract/mojibake). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "extract/mojibake.h"

/* `text` repaired, into a static buffer. */
static const char *repaired(const char *text, size_t *fixed)
{
	static char buf[256];
	size_t len = strlen(text);

	memcpy(buf, text, len + 1);
	len = lede__mojibake_repair(buf, len, fixed);
	assert_int_equal(strlen(buf), len);
	return buf;
}

static void windows_1252_quotes_and_dashes(void **state)
{
	size_t fixed;

	(void)state;
	/* "it’s" read as windows-1252: â € ™ */
	assert_string_equal(repaired("it\xc3\xa2\xe2\x82\xac\xe2\x84\xa2s here", &fixed), "it\xe2\x80\x99s here");
	assert_int_equal(fixed, 1);
	/* "A — B" read as Latin-1: â U+0080 U+0094 */
	assert_string_equal(repaired("A \xc3\xa2\xc2\x80\xc2\x94 B", &fixed), "A \xe2\x80\x94 B");
	assert_int_equal(fixed, 1);
}

static void latin_1_letters(void **state)
{
	size_t fixed;

	(void)state;
	/* "Café" and "Ã¼ber" → "über", twice in one text */
	assert_string_equal(repaired("Caf\xc3\x83\xc2\xa9 und \xc3\x83\xc2\xbc" "ber", &fixed),
			    "Caf\xc3\xa9 und \xc3\xbc" "ber");
	assert_int_equal(fixed, 2);
	/* "10Â°C": a no-break space or a degree sign behind Â */
	assert_string_equal(repaired("10\xc3\x82\xc2\xb0" "C", NULL), "10\xc2\xb0" "C");
}

static void real_accents_stay(void **state)
{
	size_t fixed;
	static const char *const kept[] = {
		"Caf\xc3\xa9 cr\xc3\xa8me br\xc3\xbbl\xc3\xa9" "e",      /* Café crème brûlée */
		"\xc3\x80 la carte, \xc3\x86sir",                       /* À la carte, Æsir */
		"CAF\xc3\x89\xc2\xbb",                                  /* CAFÉ» (É» is not a C2/C3 lead) */
		"S\xc3\x83O PAULO",                                      /* SÃO PAULO */
		"\xc3\xa2 alone, \xc3\xa2\xe2\x82\xac alone",            /* â, then â€ cut short */
		"",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(kept) / sizeof(*kept); i++) {
		assert_string_equal(repaired(kept[i], &fixed), kept[i]);
		assert_int_equal(fixed, 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(windows_1252_quotes_and_dashes),
		cmocka_unit_test(latin_1_letters),
		cmocka_unit_test(real_accents_stay),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
