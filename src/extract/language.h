/*
 * language.h: the language of a text (libexttextcat n-gram profiles).
 */
#ifndef LEDE_EXTRACT_LANGUAGE_H
#define LEDE_EXTRACT_LANGUAGE_H

#include <stddef.h>

/*
 * The ISO 639 code ("en", "de", ...) of the language `text` is written in,
 * or NULL when the text is too short or unlike every profile.  Static
 * storage.  The profiles load once per thread.
 */
const char *lede__language_detect(const char *text, size_t len);

#endif
