/*
 * stopwords.c: English function words that carry no topic.
 */
#include <stdlib.h>
#include <string.h>

#include "text/tokens.h"

/* Sorted (strcmp order) for binary search. */
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

static int compare(const void *key, const void *item)
{
	return strcmp((const char *)key, *(const char *const *)item);
}

int lede__is_stopword(const char *norm, size_t len)
{
	char word[16];

	if (len == 0 || len >= sizeof(word))
		return 0;
	memcpy(word, norm, len);
	word[len] = '\0';
	return bsearch(word, stopwords, sizeof(stopwords) / sizeof(stopwords[0]),
		       sizeof(stopwords[0]), compare) != NULL;
}
