/*
 * mojibake.h: undoing UTF-8 that was decoded as Latin-1 or windows-1252 and
 * encoded again ("itâ€™s" for "it's", "CafÃ©" for "Café").
 */
#ifndef LEDE_EXTRACT_MOJIBAKE_H
#define LEDE_EXTRACT_MOJIBAKE_H

#include <stddef.h>

/*
 * Repairs valid UTF-8 s[0..len) in place and returns its new length (never
 * longer; a NUL is written there when the text shrank).  A run of characters
 * that Latin-1 or windows-1252 give for the bytes 0x80..0xFF is read back as
 * those bytes; where they form a UTF-8 character it replaces them: a
 * two-byte one only from the lead bytes C2 and C3 (what Latin-1 text turns
 * into), three and four bytes from any lead.  Everything else stays, so
 * text that merely holds accented letters ("Æsir", "À la") is left alone.
 * *out_fixed (may be NULL) gets the number of characters repaired.
 */
size_t lede__mojibake_repair(char *s, size_t len, size_t *out_fixed);

#endif
