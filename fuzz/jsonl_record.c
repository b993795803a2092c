/* libFuzzer target: one JSONL record parsed and extracted. */
#include <stddef.h>
#include <stdint.h>

#include "extract/extract.h"
#include "source/jsonl.h"
#include "util/arena.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lede__record record;
	lede__extracted extracted;
	lede__arena arena;

	lede__arena_init(&arena);
	if (lede__record_parse(&record, (const char *)data, size, "fuzz.jsonl:1") == 0)
		lede__extract(&extracted, &arena, &record.doc);
	lede__record_free(&record);
	lede__arena_free(&arena);
	return 0;
}
