#!/bin/sh
# Replays each harness's corpus once with a coverage build (make
# fuzz-coverage) and prints the line and branch coverage of the files the
# harness targets (llvm-cov report). Usage: coverage.sh BUILD CORPUS_DIR
set -u
cd "$(dirname "$0")/../.."
build=$1
corpus=$2
# The files each harness is written for (docs/fiabilite.md).
targets() {
	case "$1" in
	config) echo src/base/config.c ;;
	csvread) echo src/io/csvread.c ;;
	referentiel) echo src/referentiel/referentiel.c ;;
	export) echo src/ingest/export_read.c src/ingest/export_field.c ;;
	esac
}
for bin in "$build"/fuzz_*; do
	[ -x "$bin" ] || continue
	name=$(basename "$bin" | sed 's/^fuzz_//')
	rm -f "$build/$name.profraw" "$build/$name.profdata"
	n=$(ls "$corpus/$name" | wc -l)
	LLVM_PROFILE_FILE="$build/$name.profraw" "$bin" -runs=0 -max_len=65536 "$corpus/$name" \
		>"$build/$name.log" 2>&1 || { echo "$name : échec du rejeu (voir $build/$name.log)"; exit 1; }
	llvm-profdata merge -sparse -o "$build/$name.profdata" "$build/$name.profraw" || exit 1
	echo "== $name : $n entrées rejouées ($corpus/$name)"
	# shellcheck disable=SC2046
	llvm-cov report "$bin" -instr-profile="$build/$name.profdata" $(targets "$name") || exit 1
done
