/* libFuzzer target: RSS and Atom feeds, item by item, each item extracted. */
#include <stddef.h>
#include <stdint.h>

#include "engine/engine.h"
#include "extract/extract.h"
#include "source/feed.h"
#include "source/reader.h"
#include "util/arena.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lede__reader reader;
	lede__feed *feed = NULL;
	const lede__doc *doc;
	int rc;

	lede__engine_init();
	lede__reader_open_memory(&reader, data, size);
	if (lede__feed_open(&feed, &reader, "fuzz.xml", 1 << 20) == 0) {
		while ((rc = lede__feed_next(&doc, feed)) != LEDE_ITEROVER && rc != LEDE_ENOMEM) {
			lede__extracted extracted;
			lede__arena arena;

			if (rc)
				continue; /* a bad item; a broken feed stops by itself */
			lede__arena_init(&arena);
			lede__extract(&extracted, &arena, doc);
			lede__arena_free(&arena);
		}
	}
	lede__feed_free(feed);
	lede__reader_close(&reader);
	return 0;
}
