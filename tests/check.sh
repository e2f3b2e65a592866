#!/bin/sh
# make check: runs tests/run.sh once per build directory given (the plain
# build, then the sanitized one), then prints the total as the last line:
# "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
passed=0
failed=0
RES=$(mktemp /tmp/lecap-res.XXXXXX)
trap 'rm -f "$RES"' EXIT
for build in "$@"; do
	# Timings and memory figures are asserted in the plain build only (tests/lib.sh).
	if [ "$build" = build ]; then lecap=$(pwd)/build-test/bin/lecap; label="compilation normale (build-test, avec les points de panne)"; instr=0
	else lecap=$(pwd)/$build/bin/lecap; label="compilation $build (ASan, UBSan, LSan)"; instr=1; fi
	echo "==== $label"
	LECAP="$lecap" RESULT_FILE="$RES" LECAP_INSTRUMENTED=$instr \
	ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=23" \
	UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:exitcode=23" \
		sh tests/run.sh "$build"/tests/test_* || true
	read -r p f <"$RES" || { p=0; f=1; }
	passed=$((passed + p))
	failed=$((failed + f))
done
# The fuzzing runs of make check (before the suites): one result per harness.
if [ -n "${FUZZ_RESULT:-}" ] && [ -f "$FUZZ_RESULT" ]; then
	if [ "$(cat "$FUZZ_RESULT")" = 0 ]; then
		echo "==== fuzzing : ${FUZZ_COUNT:-0} harnais sans découverte"
		passed=$((passed + ${FUZZ_COUNT:-0}))
	else
		echo "==== fuzzing : découverte(s), voir tests/fuzz/crashes/"
		failed=$((failed + 1))
	fi
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
