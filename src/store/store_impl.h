/*
 * store_impl.h: what the files of src/store/ share about an open store.
 * Not for use outside src/store/: everything else goes through store.h.
 */
#ifndef LEDE_STORE_STORE_IMPL_H
#define LEDE_STORE_STORE_IMPL_H

#include <sqlite3.h>

#include "store/store.h"

/* The store's SQLite connection. */
sqlite3 *lede__store_sqlite(lede__store *store);

/* Sets the message "PATH: what: SQLite's message" and returns LEDE_ESTORE. */
int lede__store_fail(lede__store *store, const char *what);

#endif
