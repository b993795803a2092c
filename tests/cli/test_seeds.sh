#!/usr/bin/env bash
# The five seed pages go in once; adding them again changes nothing.
. "$(dirname "$0")/lib.sh"

status=$(run "$LEDE" add "$SHARED/seeds")
expect_eq "first add of the seeds exits 0" 0 "$status"
expect_eq "first add of the seeds adds five" "added 5, duplicates 0, rejected 0" "$(cat "$WORK/out")"

status=$(run "$LEDE" add "$SHARED/seeds")
expect_eq "second add of the seeds exits 0" 0 "$status"
expect_eq "second add of the seeds finds five duplicates" "added 0, duplicates 5, rejected 0" "$(cat "$WORK/out")"

cp -r "$SHARED/seeds" "$WORK/seeds-copy"
run "$LEDE" add "$WORK/seeds-copy" >/dev/null
expect_eq "the same files from another directory are duplicates" "added 0, duplicates 5, rejected 0" "$(cat "$WORK/out")"

expect_eq "five articles are listed as JSON" 5 "$("$LEDE" articles --json | wc -l)"
"$LEDE" article 1 --json >"$WORK/one"
expect_contains "an article's JSON carries its text" "$WORK/one" '"text": *"[^"]*Xiaomi'
expect_contains "an article's JSON names its source file" "$WORK/one" '"source": *"[^"]*000_f11e9bb93375d1ba.txt"'
expect_eq "the five seeds are one story" 1 "$("$LEDE" stories --json | wc -l)"
"$LEDE" stories --json >"$WORK/stories"
expect_contains "the story lists all five articles" "$WORK/stories" '("id":5.*){1}'
expect_eq "the story has five members" 5 "$(python3 -c 'import json,sys; print(len(json.loads(open(sys.argv[1]).readline())["articles"]))' "$WORK/stories")"
"$LEDE" stats >"$WORK/stats"
expect_contains "stats count the articles" "$WORK/stats" '^articles: +5$'

status=$(run "$LEDE" article 99)
expect_eq "a missing article exits 1" 1 "$status"
expect_contains "a missing article is named" "$WORK/err" 'no article with id 99'
status=$(run "$LEDE" article x)
expect_eq "a malformed id is a usage error" 2 "$status"
finish
