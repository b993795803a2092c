#!/usr/bin/env bash
# Runs every test tier and ends with one line: "N passed, N failed".
#   unit/  cmocka programs, one per module (built by make into $BUILD/tests/)
#   cli/   shell scripts driving the lede binary (golden files, bad input, crashes)
#   fuzz/  the fuzz corpora replayed through each target's entry point
#   browser/  the web page in chromium (playwright-core), XSS included
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
export LEDE_BIN="$PWD/$BUILD/lede"
export LEDE_TEST_TMP="${TMPDIR:-/tmp}/lede-tests.$$"
mkdir -p "$LEDE_TEST_TMP"
trap 'rm -rf "$LEDE_TEST_TMP"' EXIT

passed=0
failed=0
failures=()

count_output() { # name, output file
	local p f
	p=$(grep -cE '^(\[       OK \]|PASS:)' "$2")
	f=$(grep -cE '^(\[  FAILED  \] [a-z_]|FAIL:)' "$2")
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$f" -gt 0 ]; then
		failures+=("$1")
	fi
}

run_one() { # name, command...
	local name=$1 out status
	shift
	out="$LEDE_TEST_TMP/$(echo "$name" | tr '/' '_').log"
	"$@" >"$out" 2>&1
	status=$?
	count_output "$name" "$out"
	if [ "$status" -ne 0 ] && ! grep -qE '^(\[  FAILED  \] [a-z_]|FAIL:)' "$out"; then
		# A crash or an unexpected exit counts as one failure of its own.
		failed=$((failed + 1))
		failures+=("$name (exit $status)")
	fi
	if [ "$status" -ne 0 ] || grep -qE '^(\[  FAILED  \] [a-z_]|FAIL:)' "$out"; then
		echo "---- $name"
		grep -vE '^(\[ RUN      \]|\[       OK \]|PASS:)' "$out" | tail -40
	fi
}

for test in "$BUILD"/tests/test_*; do
	[ -x "$test" ] || continue
	run_one "unit/$(basename "$test")" "$test"
done
for test in tests/cli/test_*.sh; do
	run_one "cli/$(basename "$test")" bash "$test"
done
for test in tests/api/test_*.sh; do
	run_one "api/$(basename "$test")" bash "$test"
done
for test in tests/browser/test_*.sh; do
	run_one "browser/$(basename "$test")" bash "$test"
done
if [ -d "$BUILD/fuzz-replay" ]; then
	for target in "$BUILD"/fuzz-replay/*; do
		[ -x "$target" ] || continue
		run_one "fuzz/$(basename "$target")" "$target" "fuzz/corpus/$(basename "$target")"
	done
fi

for f in "${failures[@]+"${failures[@]}"}"; do
	echo "failed: $f"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
