/* libFuzzer target: the HTML extractor on arbitrary bytes. */
#include <stddef.h>
#include <stdint.h>

#include "lede.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lede_article *article = NULL;

	if (lede_extract(&article, "fuzz.html", data, size, LEDE_FORMAT_HTML) == 0)
		lede_article_free(article);
	return 0;
}
