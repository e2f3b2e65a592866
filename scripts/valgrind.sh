#!/bin/sh
# make valgrind: the parser and report unit tests, then a small network
# checked, ingested and reported by bin/lecap, all under valgrind (memcheck,
# --trace-children=yes: Criterion runs each test in a child). Every log must
# say "ERROR SUMMARY: 0 errors" and lose nothing definitely; the failing logs
# are printed. Not part of make check (a few minutes). System programs the
# tests run (sh, rm, pdftoppm, sed...) are not traced.
set -u
cd "$(dirname "$0")/.."
LOGS=$(mktemp -d /tmp/lecap-valgrind.XXXXXX)
VG="valgrind --trace-children=yes --trace-children-skip=/bin/*,/usr/bin/*,/usr/sbin/*,/usr/lib/postgresql/* --error-exitcode=97 --leak-check=full --show-leak-kinds=definite
--errors-for-leak-kinds=definite --num-callers=30 --track-origins=yes"
UNITS="test_csvread test_export_read test_export_field test_config test_text test_referentiel
test_exemples test_fmt test_report test_pdf test_csvwrite test_mime test_sha256"
failed=0

run() { # NAME COMMAND...: runs COMMAND under valgrind, logs in $LOGS/NAME.<pid>
	name=$1
	shift
	# shellcheck disable=SC2086
	$VG --log-file="$LOGS/$name.%p" "$@" >"$LOGS/$name.out" 2>&1
	echo "$?" >"$LOGS/$name.rc"
}

echo "== tests unitaires sous valgrind"
for t in $UNITS; do
	[ -x "build/tests/$t" ] || { echo "   $t absent (make unit-bin)"; failed=$((failed + 1)); continue; }
	run "$t" "build/tests/$t" --jobs=1
	echo "   $t : code $(cat "$LOGS/$t.rc"), $(ls "$LOGS/$t".[0-9]* | wc -l) processus"
done

echo "== petit réseau : lecap check, ingest, aggregate, report sous valgrind"
. tests/pg.sh
if pg_start; then
	pg_newdb valgrind
	export PGDATABASE=valgrind
	W=$(mktemp -d /tmp/lecap-valgrind-net.XXXXXX)
	# Only the settings below: a production /etc/lecap/lecap.conf (lecap's
	# default configuration file) must not leak in (as tests/lib.sh).
	: >"$W/vide.conf"
	export LECAP_CONFIG="$W/vide.conf"
	export LECAP_CHEMINS_ENTREE="$W/entree" LECAP_CHEMINS_ARCHIVE="$W/archive" \
		LECAP_CHEMINS_QUARANTAINE="$W/quarantaine" LECAP_CHEMINS_RAPPORTS="$W/rapports" \
		LECAP_INGESTION_AGE_MIN=0
	bin/lecap generate --entreprises 8 --campagnes 2025-2026 --graine 9 --defauts 0.2 --out "$W/entree" 2>/dev/null
	rm -f "$W/entree/.defauts.txt"
	bin/lecap -q init
	run check bin/lecap check tests/fixtures/valides/*.csv tests/fixtures/rejets/*.csv
	run ingest bin/lecap ingest
	run aggregate bin/lecap aggregate --all
	run report bin/lecap report --all
	echo "   $(find "$W/rapports" -name '*.pdf' | wc -l) PDF écrits"
	pg_stop
	rm -rf "$W"
else
	echo "   impossible de démarrer PostgreSQL"
	failed=$((failed + 1))
fi

echo "== journaux"
n=0
for log in "$LOGS"/*.[0-9]*; do
	n=$((n + 1))
	# A log without a summary is a child that exec'd an untraced system program
	# (sh, rm, pdftoppm): it fails only if it reported an error before.
	if grep -q -E 'ERROR SUMMARY: [1-9]|definitely lost: [1-9]|Invalid (read|write|free)|uninitialised|Conditional jump|Mismatched free|Syscall param|Source and destination overlap' "$log"; then
		failed=$((failed + 1))
		echo "   $(basename "$log") :"
		grep -E 'ERROR SUMMARY|definitely lost|Invalid|uninitialised|Conditional|at 0x|by 0x' "$log" | head -30 | sed 's/^/     /'
	fi
done
for rc in "$LOGS"/*.rc; do
	[ "$(cat "$rc")" = 97 ] && { failed=$((failed + 1)); echo "   $(basename "$rc" .rc) : erreur valgrind (code 97)"; }
done
echo "$n journaux valgrind, $failed en échec (journaux : $LOGS)"
[ "$failed" -eq 0 ] && rm -rf "$LOGS"
[ "$failed" -eq 0 ]
