/*
 * code_strip.h: dropping scripts, styles, SVG and comments before parsing.
 *
 * On news pages more than half of the bytes are code that never becomes
 * text; cutting it out before libxml2 sees the page halves the parse.  The
 * cut follows the HTML rules for raw text elements: a script ends at the
 * first "</script", whatever the script says.  JSON-LD scripts are kept:
 * they carry the page's metadata.
 */
#ifndef LEDE_EXTRACT_CODE_STRIP_H
#define LEDE_EXTRACT_CODE_STRIP_H

#include <stddef.h>

#include "util/buf.h"

/* Appends `html` without its code to `out`. */
int lede__strip_code(lede__buf *out, const char *html, size_t len);

#endif
