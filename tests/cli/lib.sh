# Helpers for the CLI tests.  Each check prints "PASS: name" or "FAIL: name".
# Source this file; $LEDE_BIN is the binary under test.
set -u
LEDE=${LEDE_BIN:-build/lede}
SHARED=${LEDE_SHARED:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)/shared}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
WORK=$(mktemp -d "${LEDE_TEST_TMP:-/tmp}/cli.XXXXXX")
export LEDE_DB="$WORK/test.db"
failures=0

pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1${2:+: $2}"; failures=$((failures + 1)); }

# expect_eq NAME EXPECTED ACTUAL
expect_eq() {
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "expected [$2], got [$3]"; fi
}

# expect_contains NAME FILE PATTERN (grep -E)
expect_contains() {
	if grep -qE -- "$3" "$2"; then pass "$1"; else fail "$1" "no [$3] in $(head -c 400 "$2")"; fi
}

# expect_golden NAME GOLDEN_FILE ACTUAL_FILE
expect_golden() {
	if diff -u "$2" "$3" >"$WORK/diff"; then pass "$1"; else fail "$1" "$(head -30 "$WORK/diff")"; fi
}

# The exit status of a command, its stdout in $WORK/out and stderr in $WORK/err.
run() {
	"$@" >"$WORK/out" 2>"$WORK/err"
	echo $?
}

finish() {
	rm -rf "$WORK"
	[ "$failures" -eq 0 ]
}
