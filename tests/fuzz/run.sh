#!/bin/sh
# Runs each fuzzing harness for SECONDS on a copy of its seed corpus.
# A crash is copied to tests/fuzz/crashes/<harness>/ and fails the run.
set -u
cd "$(dirname "$0")/../.."
seconds=$1
shift
failed=0
for bin in "$@"; do
	name=$(basename "$bin" | sed 's/^fuzz_//')
	work=$(mktemp -d /tmp/lecap-fuzz.XXXXXX)
	mkdir -p "$work/corpus" "tests/fuzz/crashes/$name"
	cp tests/fuzz/corpus/"$name"/* "$work/corpus/" 2>/dev/null || true
	echo "== fuzz $name : $seconds s"
	# The harnesses run under ASan and UBSan: -timeout and -rss_limit_mb catch
	# a hang or a runaway allocation, not a cost. 60 s for one input of at
	# most 64 KiB and libFuzzer's own 2 GiB hold on a loaded 2-core machine.
	# A dictionary of the format's tokens when there is one.
	dict=
	[ -f "tests/fuzz/$name.dict" ] && dict="-dict=tests/fuzz/$name.dict"
	# TMPDIR: a harness's scratch files (fuzz_referentiel) go with $work,
	# even when libFuzzer leaves by _Exit (crash, timeout, interrupt).
	if ! TMPDIR="$work" "$bin" -max_total_time="$seconds" -max_len=65536 -timeout=60 -rss_limit_mb=2048 $dict \
		-artifact_prefix="$work/" "$work/corpus" >"$work/log" 2>&1; then
		failed=$((failed + 1))
		cp "$work"/crash-* "$work"/leak-* "$work"/timeout-* "tests/fuzz/crashes/$name/" 2>/dev/null
		grep -A30 'ERROR:' "$work/log" | head -40
		echo "   échec : cas conservés dans tests/fuzz/crashes/$name/"
	else
		grep -E '^Done [0-9]+ runs' "$work/log" | sed 's/^/   /'
	fi
	rm -rf "$work"
done
[ "$failed" -eq 0 ]
