#!/usr/bin/env bash
# `lede extract --json` on the project's fixture pages matches the golden files.
# After an intended change: LEDE_UPDATE_GOLDEN=1 bash tests/cli/test_golden.sh
. "$(dirname "$0")/lib.sh"
FIX="$ROOT/tests/fixtures/pages"
GOLDEN="$ROOT/tests/cli/golden"

for page in quay-crane.html ferry-strike.txt; do
	(cd "$FIX" && "$LEDE" extract --json "$page") >"$WORK/$page.json"
	if [ "${LEDE_UPDATE_GOLDEN:-0}" = 1 ]; then
		cp "$WORK/$page.json" "$GOLDEN/extract-$page.json"
	fi
	expect_golden "extract --json $page" "$GOLDEN/extract-$page.json" "$WORK/$page.json"
done

(cd "$FIX" && "$LEDE" extract --json quay-crane.html ferry-strike.txt) >"$WORK/both"
expect_eq "several files give one JSON line each" 2 "$(wc -l <"$WORK/both")"
expect_contains "each line names its file" "$WORK/both" '"file": *"ferry-strike.txt"'

(cd "$FIX" && "$LEDE" add quay-crane.html ferry-strike.txt wire.jsonl >/dev/null)
"$LEDE" articles >"$WORK/list"
if [ "${LEDE_UPDATE_GOLDEN:-0}" = 1 ]; then cp "$WORK/list" "$GOLDEN/articles.txt"; fi
expect_golden "articles listing" "$GOLDEN/articles.txt" "$WORK/list"
finish
