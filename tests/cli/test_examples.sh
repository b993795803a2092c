#!/usr/bin/env bash
# The shipped sample corpus ingests cleanly, copies included.
. "$(dirname "$0")/lib.sh"
EX="$ROOT/examples"
status=$(run "$LEDE" add "$EX/corpus")
expect_eq "the sample corpus ingests without rejections" 0 "$status"
expected=$(($(wc -l <"$EX/MANIFEST.tsv") - 1))
expect_eq "every manifest row is an article" "$expected" "$("$LEDE" articles --json | wc -l)"
"$LEDE" articles --json --text >"$WORK/all"
expect_contains "Latin-1 page is converted to UTF-8" "$WORK/all" "Jos(é|\\\\u00e9) M(ü|\\\\u00fc)ller"
finish
