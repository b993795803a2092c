#include "language.h"

#include <libexttextcat/textcat.h>
#include <string.h>

enum { SAMPLE_BYTES = 1024, MIN_BYTES = 60 };

#define PROFILE_DIR "/usr/share/libexttextcat/"

/* One classifier per thread: textcat keeps its scratch state in the handle. */
static _Thread_local void *classifier;
static _Thread_local int classifier_failed;
static _Thread_local char code[16];

const char *lede__language_detect(const char *text, size_t len)
{
	const char *result, *start, *end;
	size_t n;

	if (len < MIN_BYTES || classifier_failed)
		return NULL;
	if (!classifier) {
		classifier = special_textcat_Init(PROFILE_DIR "fpdb.conf", PROFILE_DIR);
		if (!classifier) {
			classifier_failed = 1;
			return NULL;
		}
	}
	if (len > SAMPLE_BYTES) {
		/* Cut on a character boundary. */
		len = SAMPLE_BYTES;
		while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
			len--;
	}
	result = textcat_Classify(classifier, text, len);
	if (!result || result[0] != '[')
		return NULL;
	start = result + 1;
	end = start;
	while (*end && *end != '-' && *end != ']')
		end++;
	n = (size_t)(end - start);
	if (n < 2 || n >= sizeof(code))
		return NULL;
	memcpy(code, start, n);
	code[n] = '\0';
	return code;
}
