#!/usr/bin/env bash
# Killing `lede add` mid-batch never corrupts the store nor loses an article whose add was
# reported; a rerun completes the batch.  The batch mixes a JSONL file with HTML pages (pages
# before and after the records, in the order `lede add` walks a directory).
#
#   LEDE_CRASH_RECORDS  JSONL records (default 10000)
#   LEDE_CRASH_PAGES    HTML pages (default 200)
#   LEDE_CRASH_KILLS    kills in all (default 5)
#   LEDE_CRASH_ROUNDS   rounds, each on a fresh store: its share of the kills, then a rerun that
#                       completes the batch (default 1)
#   LEDE_CRASH_FROM     "added": a kill comes a random time after the run listed its first added
#                       article, so that it lands while the run writes; "start": after the run
#                       started (default added)
#   LEDE_CRASH_MAX_MS   that random time is 0 (from added; 100 from start) to this many ms
#                       (default 2500)
#   LEDE_CRASH_CHECK    after each kill also run `lede check --quick` (1) or not (0; default 1)
# bench/crash runs it with 100 kills over a large batch; the figures lines start with "# ".
. "$(dirname "$0")/lib.sh"
N=${LEDE_CRASH_RECORDS:-10000}
P=${LEDE_CRASH_PAGES:-200}
KILLS=${LEDE_CRASH_KILLS:-5}
ROUNDS=${LEDE_CRASH_ROUNDS:-1}
FROM=${LEDE_CRASH_FROM:-added}
MAX_MS=${LEDE_CRASH_MAX_MS:-2500}
CHECK=${LEDE_CRASH_CHECK:-1}
BATCH="$WORK/batch"
mkdir -p "$BATCH/a-pages" "$BATCH/c-pages"
awk -v n="$N" 'BEGIN {
	for (i = 1; i <= n; i++)
		printf "{\"id\": \"r%d\", \"title\": \"Report %d\", \"text\": \"Council meeting number %d approved item %d of the budget, worth %d crowns.\"}\n", i, i, i, i * 7, i * 1000
}' >"$BATCH/b-records.jsonl"
awk -v p="$P" -v dir="$BATCH" 'BEGIN {
	split("harbour bridge tram ferry library market school clinic depot museum", topic, " ")
	for (i = 1; i <= p; i++) {
		file = sprintf("%s/%s/page-%06d.html", dir, i % 2 ? "a-pages" : "c-pages", i)
		t = topic[i % 10 + 1]
		printf "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">" \
		       "<title>The %s works, part %d</title></head><body><nav><a href=\"/\">Home</a></nav>" \
		       "<article><h1>The %s works, part %d</h1>" \
		       "<p>Work on the %s reached stage %d on day %d, the board said in its weekly report.</p>" \
		       "<p>Crews moved %d tonnes of material and expect to finish the stage within %d days.</p>" \
		       "</article></body></html>\n", t, i, t, i, t, i, i % 28 + 1, i * 3, i % 9 + 2 >file
		close(file)
	}
}'

# A random number of milliseconds in [low, high].
random_ms() {
	echo $(($1 + (RANDOM * 32768 + RANDOM) % ($2 - $1 + 1)))
}

# Waits until the run `pid` lists its first added article in `list` (1), or ends first (0).
wait_for_added() {
	while kill -0 "$1" 2>/dev/null; do
		grep -qs '^added' "$2" && return 0
		sleep 0.02
	done
	return 1
}

killed=0
landed=0
integrity_ok=0
checks_clean=0
lost=0
reruns_complete=0
kill=0
for round in $(seq 1 "$ROUNDS"); do
	rm -f "$LEDE_DB" "$LEDE_DB-wal" "$LEDE_DB-shm"
	share=$(( KILLS / ROUNDS + (round <= KILLS % ROUNDS ? 1 : 0) ))
	for _ in $(seq 1 "$share"); do
		kill=$((kill + 1))
		"$LEDE" add --list "$BATCH" >"$WORK/list.$kill" 2>"$WORK/err.$kill" &
		pid=$!
		if [ "$FROM" = added ]; then
			delay=$(random_ms 0 "$MAX_MS")
			wait_for_added "$pid" "$WORK/list.$kill" || delay=0
		else
			delay=$(random_ms 100 "$MAX_MS")
		fi
		sleep "$((delay / 1000)).$(printf '%03d' $((delay % 1000)))"
		kill -9 "$pid" 2>/dev/null && killed=$((killed + 1))
		wait "$pid" 2>/dev/null
		# 137: SIGKILL met the run mid-way (a run that had finished exits 0 even if killed as a zombie).
		[ $? -eq 137 ] && landed=$((landed + 1))
		check=$(sqlite3 "$LEDE_DB" 'PRAGMA integrity_check' 2>&1)
		expect_eq "integrity after kill $kill" "ok" "$check"
		[ "$check" = ok ] && integrity_ok=$((integrity_ok + 1))
		awk -F'\t' '$1 == "added" {print $2}' "$WORK/list.$kill" >"$WORK/ids.$kill"
		reported=$(wc -l <"$WORK/ids.$kill")
		sqlite3 "$LEDE_DB" 'SELECT id FROM articles' | sort >"$WORK/stored"
		missing=$(sort "$WORK/ids.$kill" | comm -23 - "$WORK/stored" | wc -l)
		lost=$((lost + missing))
		expect_eq "all $reported articles reported before kill $kill are stored" 0 "$missing"
		if [ "$CHECK" = 1 ]; then
			status=$(run "$LEDE" check --quick)
			expect_eq "lede check --quick is clean after kill $kill" 0 "$status"
			[ "$status" = 0 ] && checks_clean=$((checks_clean + 1))
			[ "$status" = 0 ] || head -5 "$WORK/err"
		fi
		echo "# kill $kill (round $round): $delay ms after the $FROM, $(sqlite3 "$LEDE_DB" 'SELECT count(*) FROM articles') articles stored, $reported listed added by that run"
	done
	before=$(sqlite3 "$LEDE_DB" 'SELECT count(*) FROM articles')
	started=$(date +%s)
	status=$(run "$LEDE" add "$BATCH")
	expect_eq "round $round: a rerun after the kills exits 0" 0 "$status"
	stored=$(sqlite3 "$LEDE_DB" 'SELECT count(*) FROM articles')
	expect_eq "round $round: the rerun completes the batch" "$((N + P))" "$stored"
	expect_eq "round $round: no record is stored twice" "$N" "$(sqlite3 "$LEDE_DB" "SELECT count(DISTINCT external_id) FROM articles WHERE source LIKE '%.jsonl:%'")"
	expect_eq "round $round: no page is stored twice" "$P" "$(sqlite3 "$LEDE_DB" "SELECT count(DISTINCT source) FROM articles WHERE source LIKE '%.html'")"
	check_status=$(run "$LEDE" check)
	expect_eq "round $round: lede check is clean after the rerun" 0 "$check_status"
	[ "$status" = 0 ] && [ "$stored" = $((N + P)) ] && [ "$check_status" = 0 ] && reruns_complete=$((reruns_complete + 1))
	echo "# rerun (round $round): $before articles stored before it, $stored after ($((N + P)) expected), $(($(date +%s) - started)) s, lede check $([ "$check_status" = 0 ] && echo clean || echo NOT clean)"
done
if [ "$landed" -gt 0 ]; then
	pass "at least one kill landed mid-batch ($landed of $KILLS)"
else
	fail "at least one kill landed mid-batch" "every run finished before its kill"
fi
echo "# batch: $N JSONL records and $P HTML pages; $ROUNDS round(s); kills 0-$MAX_MS ms after the run's $FROM"
echo "# kills: $killed sent, $landed landed mid-run, $integrity_ok/$KILLS integrity_check ok, $lost listed articles missing$([ "$CHECK" = 1 ] && echo ", $checks_clean/$KILLS lede check --quick clean")"
echo "# reruns: $reruns_complete/$ROUNDS completed the batch with lede check clean"
finish
