#include "hash.h"

#include <xxhash.h>

uint64_t lede__hash64(const void *data, size_t len)
{
	return XXH3_64bits(data, len);
}

void lede__hash_hex(char out[17], uint64_t hash)
{
	static const char digits[] = "0123456789abcdef";
	int i;

	for (i = 15; i >= 0; i--) {
		out[i] = digits[hash & 0xF];
		hash >>= 4;
	}
	out[16] = '\0';
}
