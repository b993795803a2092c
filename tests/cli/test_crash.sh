#!/usr/bin/env bash
# Killing `lede add` mid-batch never corrupts the store nor loses an article
# whose add was reported; a rerun completes the batch.
. "$(dirname "$0")/lib.sh"
N=${LEDE_CRASH_RECORDS:-100000}
KILLS=${LEDE_CRASH_KILLS:-5}
BATCH="$WORK/batch.jsonl"
awk -v n="$N" 'BEGIN {
	for (i = 1; i <= n; i++)
		printf "{\"id\": \"r%d\", \"title\": \"Report %d\", \"text\": \"Council meeting number %d approved item %d of the budget, worth %d crowns.\"}\n", i, i, i, i * 7, i * 1000
}' >"$BATCH"

killed=0
for kill in $(seq 1 "$KILLS"); do
	"$LEDE" add --list "$BATCH" >"$WORK/list.$kill" 2>"$WORK/err.$kill" &
	pid=$!
	sleep "0.$((RANDOM % 9 + 1))$((RANDOM % 10))"
	kill -9 "$pid" 2>/dev/null && killed=$((killed + 1))
	wait "$pid" 2>/dev/null
	check=$(sqlite3 "$LEDE_DB" 'PRAGMA integrity_check' 2>&1)
	expect_eq "integrity after kill $kill" "ok" "$check"
	awk -F'\t' '$1 == "added" {print $2}' "$WORK/list.$kill" >"$WORK/ids.$kill"
	reported=$(wc -l <"$WORK/ids.$kill")
	sqlite3 "$LEDE_DB" 'SELECT id FROM articles' | sort >"$WORK/stored"
	missing=$(sort "$WORK/ids.$kill" | comm -23 - "$WORK/stored" | wc -l)
	expect_eq "all $reported articles reported before kill $kill are stored" 0 "$missing"
done
if [ "$killed" -gt 0 ]; then
	pass "at least one kill landed mid-batch ($killed of $KILLS)"
else
	fail "at least one kill landed mid-batch" "every run finished before its kill"
fi

status=$(run "$LEDE" add "$BATCH")
expect_eq "a rerun after the kills exits 0" 0 "$status"
expect_eq "the rerun completes the batch" "$N" "$(sqlite3 "$LEDE_DB" 'SELECT count(*) FROM articles')"
expect_eq "the rerun stores no record twice" "$N" "$(sqlite3 "$LEDE_DB" 'SELECT count(DISTINCT external_id) FROM articles')"
finish
