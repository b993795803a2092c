#include "mojibake.h"

#include <stdint.h>
#include <string.h>

#include "util/utf8.h"

/* The characters windows-1252 gives for the bytes 0x80..0x9F (0: undefined there, read as Latin-1). */
static const uint16_t cp1252_high[32] = {
	0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
	0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
	0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

/* The byte that `cp` stood for in Latin-1 or windows-1252, or -1. */
static int byte_of(uint32_t cp)
{
	int i;

	if (cp >= 0x80 && cp <= 0xFF)
		return (int)cp;
	if (cp < 0x152 || cp > 0x2122)
		return -1;
	for (i = 0; i < 32; i++)
		if (cp1252_high[i] == cp)
			return 0x80 + i;
	return -1;
}

/*
 * At s[0..len): the bytes of the next `max` characters that stand for bytes,
 * into bytes[] with the source length of each prefix in ends[]; returns how
 * many.
 */
static size_t read_bytes(const unsigned char *s, size_t len, unsigned char *bytes, size_t *ends, size_t max)
{
	size_t n = 0, at = 0;

	while (n < max && at < len) {
		uint32_t cp;
		size_t step = lede__utf8_decode(s + at, len - at, &cp);
		int b;

		if (!step || (b = byte_of(cp)) < 0)
			break;
		at += step;
		bytes[n] = (unsigned char)b;
		ends[n++] = at;
	}
	return n;
}

/* Characters of the sequence a lead byte opens, or 0 when it opens none that is repaired. */
static size_t sequence_length(unsigned char lead)
{
	if (lead == 0xC2 || lead == 0xC3)
		return 2;
	if (lead >= 0xE0 && lead <= 0xEF)
		return 3;
	if (lead >= 0xF0 && lead <= 0xF4)
		return 4;
	return 0;
}

size_t lede__mojibake_repair(char *s, size_t len, size_t *out_fixed)
{
	unsigned char *text = (unsigned char *)s;
	size_t read = 0, written = 0, fixed = 0;

	/* A lead byte of a repaired sequence is U+00C2..U+00F4 in the text: C3 82..C3 B4. */
	while (read < len) {
		unsigned char *hit = memchr(text + read, 0xC3, len - read);
		size_t at, count, need, ends[4];
		unsigned char bytes[4];

		if (!hit)
			break;
		at = (size_t)(hit - text);
		if (written != read)
			memmove(text + written, text + read, at - read);
		written += at - read;
		read = at;
		count = read_bytes(text + at, len - at, bytes, ends, 4);
		need = count ? sequence_length(bytes[0]) : 0;
		if (need && count >= need && lede__utf8_decode(bytes, need, NULL) == need) {
			memcpy(text + written, bytes, need);
			written += need;
			read = at + ends[need - 1];
			fixed++;
		} else {
			text[written++] = text[read++];
		}
	}
	if (written != read) {
		memmove(text + written, text + read, len - read);
		written += len - read;
		text[written] = '\0';
	} else {
		written = len;
	}
	if (out_fixed)
		*out_fixed = fixed;
	return written;
}
