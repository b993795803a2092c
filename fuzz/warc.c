/* libFuzzer target: WARC records, their HTTP responses and the extraction of each page. */
#include <stddef.h>
#include <stdint.h>

#include "extract/extract.h"
#include "source/reader.h"
#include "source/warc.h"
#include "util/arena.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lede__reader reader;
	lede__warc warc;
	lede__warc_record record;
	int rc;

	lede__reader_open_memory(&reader, data, size);
	lede__warc_open(&warc, &reader, 1 << 20);
	while ((rc = lede__warc_next(&record, &warc)) != LEDE_ITEROVER && rc != LEDE_ENOMEM) {
		lede__warc_page page;

		if (rc)
			continue; /* a malformed record: the reader resynchronizes or stops */
		if (lede__warc_page_read(&page, &record, "fuzz.warc:1", 1 << 20) == 0 &&
		    page.kind == LEDE__WARC_PAGE) {
			lede__extracted extracted;
			lede__arena arena;

			lede__arena_init(&arena);
			lede__extract(&extracted, &arena, &page.doc);
			lede__arena_free(&arena);
		}
		lede__warc_page_free(&page);
	}
	lede__warc_close(&warc);
	lede__reader_close(&reader);
	return 0;
}
