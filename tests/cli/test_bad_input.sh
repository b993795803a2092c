#!/usr/bin/env bash
# Each kind of bad input is named on stderr with its reason, skipped, and the
# rest of the batch is ingested; the exit code is 1.
. "$(dirname "$0")/lib.sh"
FIX="$ROOT/tests/fixtures/pages"
BAD="$WORK/bad"
mkdir -p "$BAD"

head -c 4096 /dev/urandom >"$BAD/binary.bin"
printf '\x7fELF\x02\x01\x01\x00\x00\x00' >>"$BAD/binary.bin"
: >"$BAD/empty.txt"
printf '   \n\n' >"$BAD/blank.txt"
gzip -c "$FIX/ferry-strike.txt" | head -c 150 >"$BAD/truncated.txt.gz"
{
	echo '{"id": "ok-1", "text": "A good record about the harbour.", "outlet": "Good"}'
	echo '{"id": "broken", "text": "no closing brace"'
	echo '{"id": "ok-2", "text": "Another good record, about the trains.", "outlet": "Good"}'
	echo '{"id": "notext", "url": "https://example.org/no-text"}'
} >"$BAD/mixed.jsonl"
head -c 3000 /dev/zero | tr '\0' 'a' >"$BAD/huge.txt"
cp "$FIX/latin1-mixed.txt" "$BAD/latin1-mixed.txt"
cp "$FIX/ferry-strike.txt" "$BAD/good.txt"

status=$(run "$LEDE" add --max-bytes 2000 "$BAD" "$WORK/missing-file")
expect_eq "a batch with bad inputs exits 1" 1 "$status"
expect_contains "binary file is named" "$WORK/err" 'binary.bin: binary data'
expect_contains "empty file is named" "$WORK/err" 'empty.txt: empty input'
expect_contains "blank file is named" "$WORK/err" 'blank.txt: empty input'
expect_contains "truncated gzip is named" "$WORK/err" 'truncated.txt.gz: truncated gzip'
expect_contains "malformed JSONL line is named by file and line" "$WORK/err" 'mixed.jsonl:2: malformed JSON'
expect_contains "JSONL line without text is named" "$WORK/err" 'mixed.jsonl:4: .*no "text"'
expect_contains "oversized file is named" "$WORK/err" 'huge.txt: larger than the limit of 2000 bytes'
expect_contains "missing file is named" "$WORK/err" 'missing-file: No such file'
expect_contains "invalid UTF-8 is a warning" "$WORK/err" 'warning: .*latin1-mixed.txt: invalid UTF-8: 1 sequence'
expect_eq "good inputs are ingested around the bad ones" "added 4, duplicates 0, rejected 8" "$(cat "$WORK/out")"

"$LEDE" articles --json --text >"$WORK/all"
expect_contains "repaired text keeps U+FFFD" "$WORK/all" "Jos\\\\ufffd|Jos$(printf '\xef\xbf\xbd')"
expect_contains "both good JSONL records are stored" "$WORK/all" '"external_id": *"ok-2"'

status=$(run "$LEDE" add --format yaml "$BAD")
expect_eq "an unknown --format is a usage error" 2 "$status"
status=$(run "$LEDE" add)
expect_eq "add without paths is a usage error" 2 "$status"
finish
