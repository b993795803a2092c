/*
 * feed.h: RSS and Atom feeds, one item at a time.
 *
 * A feed (RSS 2.0, RSS 1.0 / RDF, Atom 1.0) is read with libxml2's streaming
 * XML reader: each <item> or <entry> is expanded, turned into a lede__doc and
 * dropped before the next one, so a feed of any length is read in bounded
 * memory (one item, at most `max_item` bytes of input).  No network, no
 * external DTD, no entity expansion: a reference to an entity that the feed
 * declares itself is left out of the text.
 *
 * An item becomes: title; link (RSS <link>, Atom <link rel="alternate">, else
 * a permalink <guid>); published (<pubDate>, <dc:date>, Atom <published>,
 * <updated>); authors (<author>, <dc:creator>, Atom <author><name>); body
 * (<content:encoded>, Atom <content>, else <description> / <summary>), HTML
 * when it is markup, text otherwise; external id (<guid>, Atom <id>).  The
 * feed's own <title> is the outlet and its language the item's.
 *
 * The raw bytes kept for an item are a feed holding only that item (the
 * channel's title and language, then the item as it was written), so that
 * `lede reprocess` reads it again through this same reader.
 */
#ifndef LEDE_SOURCE_FEED_H
#define LEDE_SOURCE_FEED_H

#include <stdint.h>

#include "source/doc.h"
#include "source/reader.h"

typedef struct lede__feed lede__feed;

/*
 * Starts reading the feed in `reader` (which must outlive the feed), named
 * `name` in messages and documents.  Free with lede__feed_free.
 */
int lede__feed_open(lede__feed **out, lede__reader *reader, const char *name, uint64_t max_item);

/*
 * The next item as a document in *out, valid until the next call.  Returns
 * 0, LEDE_ITEROVER at the end, or with lede_errmsg() saying why:
 *  - LEDE_EFORMAT or LEDE_ETOOBIG for an item that gives no document (no
 *    title and no body; over max_item); the next call reads the next item;
 *  - when lede__feed_stopped(): the XML is malformed, the input is not a
 *    feed or cannot be read; the next call returns LEDE_ITEROVER;
 *  - LEDE_ENOMEM.
 * lede__feed_where() names the item (or the feed) concerned.
 */
int lede__feed_next(const lede__doc **out, lede__feed *feed);

/* 1 when the feed cannot be read further. */
int lede__feed_stopped(const lede__feed *feed);

/* "name:item N" for the item being read, or the feed's name before the first item. */
const char *lede__feed_where(const lede__feed *feed);

void lede__feed_free(lede__feed *feed);

#endif
