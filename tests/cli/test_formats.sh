#!/usr/bin/env bash
# Formats are sniffed (HTML, text, JSONL, gzip of each); --format overrides; - is stdin.
. "$(dirname "$0")/lib.sh"
FIX="$ROOT/tests/fixtures/pages"

gzip -c "$FIX/quay-crane.html" >"$WORK/quay-crane.html.gz"
gzip -c "$FIX/wire.jsonl" >"$WORK/wire.jsonl.gz"
status=$(run "$LEDE" add "$WORK/quay-crane.html.gz" "$WORK/wire.jsonl.gz")
expect_eq "gzip inputs are ingested" "added 3, duplicates 0, rejected 0" "$(cat "$WORK/out")"
"$LEDE" articles --json --text >"$WORK/all"
expect_contains "HTML is reduced to visible text" "$WORK/all" 'first of six it plans'
if grep -q 'window.analytics' "$WORK/all"; then fail "scripts are not text"; else pass "scripts are not text"; fi
expect_contains "news-please names are read" "$WORK/all" '"outlet": *"example.net"'
expect_contains "JSONL dates are normalized" "$WORK/all" '"published": *"2025-05-30T18:15:00Z"'
expect_contains "JSONL authors are kept" "$WORK/all" '"authors": *\[ *"Mara Quist" *\]'

status=$(run "$LEDE" add - <"$FIX/ferry-strike.txt")
expect_eq "stdin is read with -" "added 1, duplicates 0, rejected 0" "$(cat "$WORK/out")"

sed 's/Ferry crews/Tram crews/' "$FIX/ferry-strike.txt" >"$WORK/as-html.dat"
status=$(run "$LEDE" add --format html "$WORK/as-html.dat")
expect_eq "--format html is obeyed" "added 1, duplicates 0, rejected 0" "$(cat "$WORK/out")"

mkdir -p "$WORK/tree/a/b"
cp "$FIX/ferry-strike.txt" "$WORK/tree/a/b/deep.txt"
sed 's/Orsa/Varn/g' "$FIX/ferry-strike.txt" >"$WORK/tree/a/top.txt"
status=$(run "$LEDE" add "$WORK/tree")
expect_eq "directories are walked recursively" "added 2, duplicates 0, rejected 0" "$(cat "$WORK/out")"
finish
