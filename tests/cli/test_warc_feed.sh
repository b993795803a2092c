#!/usr/bin/env bash
# WARC files (one gzip member per record, one for the whole file, plain) and RSS/Atom feeds
# through `lede add`: pages and items are stored with their URL, date and outlet; records that
# are not HTML or not 200 are skipped and counted; a cut or malformed record is named by its
# number and offset; `lede reprocess` reads the stored records and items again.
. "$(dirname "$0")/lib.sh"
FIX="$ROOT/tests/fixtures"
export LC_ALL=C
B="$WORK/blocks"
mkdir -p "$B"

# record TYPE URI CONTENT-TYPE BLOCK-FILE: one WARC record on stdout.
record() {
	local length
	length=$(wc -c <"$4")
	printf 'WARC/1.1\r\nWARC-Type: %s\r\nWARC-Target-URI: %s\r\nWARC-Date: 2025-05-06T08:30:00Z\r\n' "$1" "$2"
	printf 'WARC-Record-ID: <urn:uuid:%08d-0000-4000-8000-000000000000>\r\n' "$RANDOM"
	printf 'Content-Type: %s\r\nContent-Length: %d\r\n\r\n' "$3" "$length"
	cat "$4"
	printf '\r\n\r\n'
}
response() { # URI BLOCK-FILE
	record response "$1" "application/http; msgtype=response" "$2"
}

printf 'software: lede tests\r\nformat: WARC File Format 1.1\r\n' >"$B/warcinfo"
printf 'GET /2025/06/cranes HTTP/1.1\r\nHost: harbour.example\r\n\r\n' >"$B/request"
{
	printf 'HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n'
	cat "$FIX/pages/quay-crane.html"
} >"$B/cranes"
{
	# windows-1252 bytes under a <meta> that says UTF-8: the HTTP charset decides. Chunked.
	printf 'HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=windows-1252\r\n'
	printf 'Transfer-Encoding: chunked\r\n\r\n'
	head -c 300 "$FIX/warc/tram-depot.html" >"$B/part1"
	tail -c +301 "$FIX/warc/tram-depot.html" >"$B/part2"
	printf '%x\r\n' "$(wc -c <"$B/part1")"
	cat "$B/part1"
	printf '\r\n%x;ext=1\r\n' "$(wc -c <"$B/part2")"
	cat "$B/part2"
	printf '\r\n0\r\n\r\n'
} >"$B/tram"
{
	printf 'HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n'
	printf '<html><body><h1>Not found</h1></body></html>'
} >"$B/missing"
{
	printf 'HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n'
	printf '\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01'
} >"$B/image"
{
	printf 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n'
	gzip -c "$FIX/warc/night-bus.html"
} >"$B/bus"

records=(
	"warcinfo|-|application/warc-fields|warcinfo"
	"request|https://harbour.example/2025/06/cranes|application/http; msgtype=request|request"
	"response|https://harbour.example/2025/06/cranes|application/http; msgtype=response|cranes"
	"response|https://courier.example/tram-depot|application/http; msgtype=response|tram"
	"response|https://courier.example/old-page|application/http; msgtype=response|missing"
	"response|https://courier.example/logo.png|application/http; msgtype=response|image"
	"response|https://metro.example/night-bus|application/http; msgtype=response|bus"
)
: >"$WORK/crawl.warc"
: >"$WORK/per-record.warc.gz"
for r in "${records[@]}"; do
	IFS='|' read -r type uri ctype block <<<"$r"
	[ "$uri" = - ] && uri=""
	record "$type" "$uri" "$ctype" "$B/$block" >"$WORK/one"
	cat "$WORK/one" >>"$WORK/crawl.warc"
	gzip -c "$WORK/one" >>"$WORK/per-record.warc.gz"
done
gzip -c "$WORK/crawl.warc" >"$WORK/whole.warc.gz"

status=$(run "$LEDE" add "$WORK/per-record.warc.gz")
expect_eq "a WARC with a gzip member per record is ingested" 0 "$status"
expect_eq "non-200 and non-HTML records are skipped and counted" \
	"added 3, duplicates 0, rejected 0, skipped 2 records (not HTML or not 200)" "$(cat "$WORK/out")"
status=$(run "$LEDE" add "$WORK/whole.warc.gz")
expect_eq "the same WARC as one gzip member holds the same pages" \
	"added 0, duplicates 3, rejected 0, skipped 2 records (not HTML or not 200)" "$(cat "$WORK/out")"

"$LEDE" articles --json --text >"$WORK/all"
expect_contains "the target URI is the article's URL" "$WORK/all" \
	'"url": *"https://harbour.example/2025/06/cranes"'
expect_contains "the WARC-Date is the fetch time" "$WORK/all" '"fetched": *"2025-05-06T08:30:00Z"'
expect_contains "the record is named by number and offset" "$WORK/all" \
	'"source": *"[^"]*per-record.warc.gz:record 3 \(offset [0-9]+\)"'
expect_contains "a chunked body is decoded" "$WORK/all" 'tracks are relaid'
expect_contains "the HTTP charset beats a wrong <meta>" "$WORK/all" "Caf$(printf '\xc3\xa9') Rail"
expect_contains "a gzip-encoded body is decoded" "$WORK/all" 'every forty minutes'
expect_contains "the outlet of a page without one is its host" "$WORK/all" '"outlet": *"metro.example"'
if grep -q 'Not found' "$WORK/all"; then fail "a 404 page is not stored"; else pass "a 404 page is not stored"; fi

# A cut WARC: the records before the cut are kept, the cut one is named.
head -c $(($(wc -c <"$WORK/crawl.warc") - 40)) "$WORK/crawl.warc" >"$WORK/cut.warc"
export LEDE_DB="$WORK/cut.db"
status=$(run "$LEDE" add "$WORK/cut.warc")
expect_eq "a cut WARC exits 1" 1 "$status"
expect_contains "the cut record is named with its offset and reason" "$WORK/err" \
	'cut.warc:record 7 \(offset [0-9]+\): truncated record: the input ends after [0-9]+ of its [0-9]+ block bytes'
expect_eq "records before the cut are kept" \
	"added 2, duplicates 0, rejected 1, skipped 2 records (not HTML or not 200)" "$(cat "$WORK/out")"

# A malformed record in the middle: named, and reading goes on at the next record.
{
	record warcinfo "" application/warc-fields "$B/warcinfo"
	printf 'WARC/1.1\r\nWARC-Type: response\r\nno colon on this line\r\n\r\nHTTP/1.1 200 OK\r\n\r\n<p>x</p>\r\n\r\n'
	response https://harbour.example/2025/06/cranes "$B/cranes"
} >"$WORK/bad.warc"
export LEDE_DB="$WORK/bad.db"
status=$(run "$LEDE" add "$WORK/bad.warc")
expect_contains "a malformed record is named and explained" "$WORK/err" \
	'bad.warc:record 2 \(offset [0-9]+\): malformed header line "no colon on this line"'
expect_eq "reading resumes at the next record" "added 1, duplicates 0, rejected 1" "$(cat "$WORK/out")"

# A record over --max-bytes is skipped without being held; the next ones are read.
export LEDE_DB="$WORK/big.db"
status=$(run "$LEDE" add --max-bytes 900 "$WORK/crawl.warc")
expect_contains "an oversized record is named with the limit" "$WORK/err" \
	'crawl.warc:record [0-9]+ \(offset [0-9]+\): record of [0-9]+ bytes is over the limit of 900 bytes'
expect_eq "smaller records after it are still read" "added 1, duplicates 0, rejected 2, skipped 2 records (not HTML or not 200)" "$(cat "$WORK/out")"

# Feeds: RSS 2.0 with three items (one headline only), Atom with two entries, gzip.
export LEDE_DB="$WORK/feeds.db"
status=$(run "$LEDE" add "$FIX/feeds/harbour.rss")
expect_eq "an RSS feed gives one article per item" "added 3, duplicates 0, rejected 0" "$(cat "$WORK/out")"
gzip -c "$FIX/feeds/courier.atom" >"$WORK/courier.atom.gz"
status=$(run "$LEDE" add "$WORK/courier.atom.gz")
expect_eq "a gzip Atom feed gives one article per entry" "added 2, duplicates 0, rejected 0" "$(cat "$WORK/out")"
"$LEDE" articles --json --text >"$WORK/feeds"
expect_contains "the channel title is the outlet" "$WORK/feeds" '"outlet": *"Orsa Harbour News"'
expect_contains "dc:creator is an author" "$WORK/feeds" '"authors": *\[ *"Mara Quist" *\]'
expect_contains "an RSS author's name is taken from its e-mail form" "$WORK/feeds" '"authors": *\[ *"Ola Varn" *\]'
expect_contains "pubDate is the published date" "$WORK/feeds" '"published": *"2025-05-07T09:00:00\+01:00"'
expect_contains "content:encoded is the text" "$WORK/feeds" 'two night shifts a month'
expect_contains "an item is named by its number" "$WORK/feeds" '"source": *"[^"]*harbour.rss:item 3"'
expect_contains "an Atom alternate link is the URL" "$WORK/feeds" '"url": *"https://courier.example/2025/05/bridge"'
expect_contains "Atom xhtml content is the text" "$WORK/feeds" 'queues on the ring road had gone'
expect_contains "an Atom summary is the text when there is no content" "$WORK/feeds" 'Gales of up to 90'
status=$(run "$LEDE" add --format feed "$FIX/feeds/harbour.rss")
expect_eq "--format feed is accepted and re-adding is a no-op" "added 0, duplicates 3, rejected 0" "$(cat "$WORK/out")"

# Reprocessing reads the stored WARC records and one-item feeds again.
export LEDE_DB="$WORK/test.db"
"$LEDE" articles --json --text >"$WORK/before"
status=$(run "$LEDE" reprocess)
expect_eq "reprocess succeeds on WARC pages" 0 "$status"
"$LEDE" articles --json --text >"$WORK/after"
expect_golden "reprocessed WARC pages are unchanged" "$WORK/before" "$WORK/after"
export LEDE_DB="$WORK/feeds.db"
"$LEDE" articles --json --text >"$WORK/before"
status=$(run "$LEDE" reprocess)
expect_eq "reprocess succeeds on feed items" 0 "$status"
"$LEDE" articles --json --text >"$WORK/after"
expect_golden "reprocessed feed items are unchanged" "$WORK/before" "$WORK/after"

status=$(run "$LEDE" extract "$FIX/feeds/harbour.rss")
expect_contains "lede extract points a feed to lede add" "$WORK/err" 'holds many pages: read it with lede add'
finish
