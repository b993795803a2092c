/*
 * migrations.h: the numbered schema migrations.
 */
#ifndef LEDE_STORE_MIGRATIONS_H
#define LEDE_STORE_MIGRATIONS_H

#include <sqlite3.h>

/* The schema version this build writes. */
int lede__store_latest_version(void);

/*
 * Brings `db` from its PRAGMA user_version up to the latest version, one
 * migration per transaction.  A version newer than the latest is refused
 * with LEDE_ESCHEMA.
 */
int lede__store_migrate(sqlite3 *db, const char *path);

#endif
