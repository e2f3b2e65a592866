#!/bin/sh
# Runs every test: the Criterion unit tests given as arguments, then the
# integration tests of tests/integration/ against one throwaway PostgreSQL,
# driving $LECAP (default build-test/bin/lecap: the test build, with the
# crash points; make unit-bin or make test-bin builds it). Prints "N passed, N failed" (also
# written to $RESULT_FILE as "N N") and exits non-zero on any failure.
# TESTS="04 21-ingest" runs only the integration tests whose names start so
# (for a quick loop while working: TESTS=21 sh tests/run.sh build/tests/test_x).
set -u
cd "$(dirname "$0")/.."
. tests/pg.sh

passed=0
failed=0
LOG=$(mktemp /tmp/lecap-check.XXXXXX)
trap 'pg_stop; rm -f "$LOG"' EXIT INT TERM

echo "== tests unitaires (Criterion)"
for t in "$@"; do
	case "$t" in *.d) continue ;; esac
	[ -x "$t" ] || continue
	"$t" --jobs=2 >"$LOG" 2>&1
	rc=$?
	synth=$(grep 'Synthesis:' "$LOG" | tail -1)
	tested=$(echo "$synth" | sed -n 's/.*Tested: *\([0-9]*\).*/\1/p')
	passing=$(echo "$synth" | sed -n 's/.*Passing: *\([0-9]*\).*/\1/p')
	tested=${tested:-0}
	passing=${passing:-0}
	fails=$((tested - passing))
	if [ "$rc" -ne 0 ] && [ "$fails" -eq 0 ]; then fails=1; fi
	# Criterion exits 0 on a sanitizer report in a child: look for it.
	if grep -q -e 'ERROR: LeakSanitizer' -e 'runtime error:' -e 'ERROR: AddressSanitizer' "$LOG"; then
		fails=$((fails + 1))
		echo "   rapport de sanitizer dans $(basename "$t")"
	fi
	if [ "$fails" -gt 0 ]; then
		grep -v '^\[----\]' "$LOG" | head -60
	fi
	echo "   $(basename "$t"): $passing réussis, $fails échoués"
	passed=$((passed + passing))
	failed=$((failed + fails))
done

# give_up MESSAGE: the integration tests cannot run; counted as one failure.
give_up() {
	echo "$1"
	echo "$passed passed, $((failed + 1)) failed"
	[ -n "${RESULT_FILE:-}" ] && echo "$passed $((failed + 1))" >"$RESULT_FILE"
	exit 1
}

LECAP_DEFAULT=$(pwd)/build-test/bin/lecap
LECAP=${LECAP:-$LECAP_DEFAULT}
export LECAP
echo "== tests d'intégration ($LECAP sur un PostgreSQL jetable)"
if [ ! -x "$LECAP" ]; then
	give_up "$LECAP introuvable : construisez-le d'abord (make test-bin, ou make unit-bin)"
fi
# The test build older than a source: its results would be those of the
# code before the edit (make check builds it first; TESTS=… sh tests/run.sh
# does not).
if [ "$LECAP" = "$LECAP_DEFAULT" ]; then
	stale=$(find src cmd reports sql -type f \( -name '*.c' -o -name '*.h' -o -name '*.sql' \) \
		-newer "$LECAP" 2>/dev/null | head -1)
	[ -z "$stale" ] || give_up "$LECAP est plus ancien que $stale : reconstruisez-le d'abord (make test-bin)"
fi
pg_start || give_up "impossible de démarrer PostgreSQL"
for t in tests/integration/*.sh; do
	[ -f "$t" ] || continue
	name=$(basename "$t" .sh)
	# TESTS="21 80-fichiers": only the integration tests whose names start so.
	if [ -n "${TESTS:-}" ]; then
		keep=0
		for want in $TESTS; do case "$name" in "$want"*) keep=1 ;; esac; done
		[ "$keep" = 1 ] || continue
	fi
	db="t_$(echo "$name" | tr -c 'a-z0-9\n' '_')"
	pg_newdb "$db"
	PGDATABASE="$db" bash "$t" >"$LOG" 2>&1
	rc=$?
	p=$(grep -c '^ok ' "$LOG")
	f=$(grep -c '^not ok ' "$LOG")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	if [ "$f" -gt 0 ]; then
		grep -v '^ok ' "$LOG" | head -80
	fi
	# A test or a part of one that cannot run here says why ("# sauté : ...").
	grep '^# sauté' "$LOG" | sed 's/^# /   /'
	if grep -q -e 'ERROR: LeakSanitizer' -e 'runtime error:' -e 'ERROR: AddressSanitizer' "$LOG"; then
		f=$((f + 1))
		echo "   rapport de sanitizer dans $name"
	fi
	echo "   $name: $p réussis, $f échoués"
	passed=$((passed + p))
	failed=$((failed + f))
done

echo "bilan : $passed réussis, $failed échoués"
[ -n "${RESULT_FILE:-}" ] && echo "$passed $failed" >"$RESULT_FILE"
[ "$failed" -eq 0 ]
