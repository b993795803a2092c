/*
 * stopwords.c: English function words that carry no topic.
 */
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "text/tokens.h"

static const char *const stopwords[] = {
	"a", "about", "above", "after", "again", "against", "ago", "all", "also", "am", "an",
	"and", "any", "are", "aren't", "as", "at", "be", "because", "been", "before", "being",
	"below", "between", "both", "but", "by", "can", "can't", "cannot", "could", "couldn't",
	"did", "didn't", "do", "does", "doesn't", "doing", "don't", "down", "during", "each",
	"even", "ever", "few", "for", "from", "further", "had", "hadn't", "has", "hasn't", "have",
	"haven't", "having", "he", "he'd", "he'll", "he's", "her", "here", "here's", "hers",
	"herself", "him", "himself", "his", "how", "how's", "however", "i", "i'd", "i'll", "i'm",
	"i've", "if", "in", "into", "is", "isn't", "it", "it's", "its", "itself", "just", "let's",
	"like", "many", "may", "me", "might", "more", "most", "much", "must", "mustn't", "my",
	"myself", "no", "nor", "not", "now", "of", "off", "on", "once", "one", "only", "or",
	"other", "ought", "our", "ours", "ourselves", "out", "over", "own", "said", "same", "say",
	"says", "shan't", "she", "she'd", "she'll", "she's", "should", "shouldn't", "since", "so",
	"some", "still", "such", "than", "that", "that's", "the", "their", "theirs", "them",
	"themselves", "then", "there", "there's", "these", "they", "they'd", "they'll", "they're",
	"they've", "this", "those", "though", "through", "to", "too", "under", "until", "up",
	"upon", "us", "very", "was", "wasn't", "we", "we'd", "we'll", "we're", "we've", "were",
	"weren't", "what", "what's", "when", "when's", "where", "where's", "whether", "which",
	"while", "who", "who's", "whom", "whose", "why", "why's", "will", "with", "within",
	"without", "won't", "would", "wouldn't", "yet", "you", "you'd", "you'll", "you're",
	"you've", "your", "yours", "yourself", "yourselves",
};

enum {
	STOPWORDS = sizeof(stopwords) / sizeof(stopwords[0]),
	SLOTS = 1024 /* a power of two, over four times the words: probes stay short */
};

/* Open addressing over the words: slot holds the word's index + 1, 0 when empty. */
static uint8_t slots[SLOTS];
static pthread_once_t slots_once = PTHREAD_ONCE_INIT;

/* FNV-1a of the bytes. */
static size_t slot_of(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h & (SLOTS - 1);
}

static void fill_slots(void)
{
	size_t i;

	for (i = 0; i < STOPWORDS; i++) {
		size_t slot = slot_of(stopwords[i], strlen(stopwords[i]));

		while (slots[slot])
			slot = (slot + 1) & (SLOTS - 1);
		slots[slot] = (uint8_t)(i + 1);
	}
}

int lede__is_stopword(const char *norm, size_t len)
{
	size_t slot;

	if (len == 0 || len >= 16)
		return 0;
	len = strnlen(norm, len); /* the word ends at a NUL byte, as it always did */
	pthread_once(&slots_once, fill_slots);
	for (slot = slot_of(norm, len); slots[slot]; slot = (slot + 1) & (SLOTS - 1)) {
		const char *word = stopwords[slots[slot] - 1];

		if (strncmp(word, norm, len) == 0 && word[len] == '\0')
			return 1;
	}
	return 0;
}
