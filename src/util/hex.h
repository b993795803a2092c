/*
 * hex.h: reading hexadecimal digits (chunk sizes, percent-encoding).
 */
#ifndef LEDE_UTIL_HEX_H
#define LEDE_UTIL_HEX_H

/* The value of hex digit `c` (0-15), or -1 when it is not one. */
int lede__hex_value(char c);

#endif
