#include "minhash.h"

/* Probe j of empty slot i: a 2-universal hash of (i, j), as the densification paper uses. */
static size_t probe(size_t slot, uint32_t attempt, size_t slots)
{
	uint64_t x = ((uint64_t)slot << 32 | attempt) * 0x9e3779b97f4a7c15ULL;

	x ^= x >> 29;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 32;
	return (size_t)(((x & 0xffffffffULL) * slots) >> 32);
}

void lede__minhash_sketch(uint16_t *out, size_t slots, const uint64_t *hashes, size_t count)
{
	uint32_t minimum[LEDE__MINHASH_MAX_SLOTS];
	uint8_t filled[LEDE__MINHASH_MAX_SLOTS];
	size_t i, nonempty = 0;

	if (slots == 0 || slots > LEDE__MINHASH_MAX_SLOTS)
		return;
	for (i = 0; i < slots; i++) {
		minimum[i] = UINT32_MAX;
		filled[i] = 0;
	}
	for (i = 0; i < count; i++) {
		/* High 32 bits choose the slot (multiply-shift: no modulo bias), low 32 compete. */
		size_t slot = (size_t)(((hashes[i] >> 32) * slots) >> 32);
		uint32_t value = (uint32_t)hashes[i];

		minimum[slot] = value < minimum[slot] ? value : minimum[slot];
		filled[slot] = 1;
	}
	for (i = 0; i < slots; i++)
		nonempty += filled[i];
	if (nonempty == 0) {
		for (i = 0; i < slots; i++)
			out[i] = 0;
		return;
	}
	for (i = 0; i < slots; i++) {
		size_t from = i;
		uint32_t attempt = 0;

		while (!filled[from]) {
			from = probe(i, attempt++, slots);
			/* Expected slots/nonempty probes; past this, take the next filled slot. */
			if (attempt > 64 * slots && !filled[from]) {
				while (!filled[from])
					from = (from + 1) % slots;
			}
		}
		out[i] = (uint16_t)minimum[from];
	}
}

size_t lede__minhash_agreements(const uint16_t *a, const uint16_t *b, size_t slots)
{
	size_t i, same = 0;

	for (i = 0; i < slots; i++)
		same += a[i] == b[i];
	return same;
}

double lede__minhash_jaccard(const uint16_t *a, const uint16_t *b, size_t slots)
{
	/* P(agree) = J + (1 - J) 2^-16, solved for J. */
	const double chance = 1.0 / 65536.0;
	double share, jaccard;

	if (slots == 0)
		return 0.0;
	share = (double)lede__minhash_agreements(a, b, slots) / (double)slots;
	jaccard = (share - chance) / (1.0 - chance);
	return jaccard < 0.0 ? 0.0 : jaccard;
}

double lede__minhash_containment(double jaccard, size_t size_a, size_t size_b)
{
	double common;

	if (size_a == 0 || jaccard <= 0.0)
		return 0.0;
	common = jaccard * ((double)size_a + (double)size_b) / (1.0 + jaccard);
	common /= (double)size_a;
	return common > 1.0 ? 1.0 : common;
}
