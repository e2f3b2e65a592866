# Assertions for the integration tests (tests/integration/*.sh), TAP output.
#
# Each test file sources this, runs lecap with run_lecap ($LECAP: by default
# build-test/bin/lecap, the test build with the crash points), and checks exact
# exit codes, outputs and database contents. tests/run.sh counts the "ok" and
# "not ok" lines.

set -u
LECAP=${LECAP:-$(pwd)/build-test/bin/lecap}
ROOT=$(pwd)
# lecap init loads the referential named by [referentiel]; its default paths
# are relative to the working directory, and many tests cd into $TMPD: point
# them at the shipped files (a test may override them).
export LECAP_REFERENTIEL_FICHIER="${LECAP_REFERENTIEL_FICHIER:-$ROOT/config/referentiel-cap.csv}"
export LECAP_REFERENTIEL_OFFRES="${LECAP_REFERENTIEL_OFFRES:-$ROOT/config/offres.csv}"
export LECAP_REFERENTIEL_REGIONS="${LECAP_REFERENTIEL_REGIONS:-$ROOT/config/regions.csv}"
export LECAP_REFERENTIEL_TYPES="${LECAP_REFERENTIEL_TYPES:-$ROOT/config/types-structure.csv}"
export LECAP_REFERENTIEL_VISION="${LECAP_REFERENTIEL_VISION:-$ROOT/config/vision.txt}"
# The day as the tests compute it ($(date ...)) is the day of the cluster
# (tests/pg.sh: timezone=Europe/Paris) and of lecap's sessions (io/pg.c sets
# Europe/Paris): on a machine in UTC, from 23:00 to midnight UTC the two
# disagreed and every check of a date printed by lecap failed (46, 77, 79).
export TZ=Europe/Paris
# The tests ingest what they have just written: no wait for uploads in
# progress ([ingestion] age_min, 120 s in production); tests of it set it.
export LECAP_INGESTION_AGE_MIN="${LECAP_INGESTION_AGE_MIN:-0}"
# The delegates' digest ([diffusion] frequence_synthese, weekly in
# production) would add a message to every test that sends to a delegate
# and counts what the sink received: off, except in the digest's own tests
# (81-synthese*), which set it.
export LECAP_DIFFUSION_FREQUENCE_SYNTHESE="${LECAP_DIFFUSION_FREQUENCE_SYNTHESE:-jamais}"
# lecap reads /etc/lecap/lecap.conf when nothing else names a configuration:
# on a machine where the package is installed (test 90 installs it, other
# runs may be going on), the tests must not read it. An empty file instead.
export LECAP_CONFIG="$ROOT/tests/fixtures/aucune.conf"
T_FAILED=0
T_COUNT=0
TMPD=$(mktemp -d /tmp/lecap-test.XXXXXX)
# A lecap installed on this machine (/etc/lecap/lecap.conf, e.g. while test
# 90-paquet runs) must not point the tests at its own database: an empty
# configuration file unless the test sets one (01 tests the lookup itself).
: >"$TMPD/vide.conf"
export LECAP_CONFIG="${LECAP_CONFIG:-$TMPD/vide.conf}"
trap 'rm -rf "$TMPD"' EXIT

# run_lecap ARGS...: runs bin/lecap; sets RC, OUT (stdout) and ERR (stderr,
# timestamps removed).
run_lecap() {
	"$LECAP" "$@" >"$TMPD/out" 2>"$TMPD/err"
	RC=$?
	# A sanitizer report goes to the log, where tests/run.sh looks for it.
	if grep -q -e 'ERROR: LeakSanitizer' -e 'runtime error:' -e 'ERROR: AddressSanitizer' "$TMPD/err"; then
		echo "# rapport de sanitizer (lecap $*) :"
		sed 's/^/#   /' "$TMPD/err"
	fi
	OUT=$(cat "$TMPD/out")
	ERR=$(sed -E 's/^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}[+-][0-9]{4} //' "$TMPD/err")
}

# plain_build: true when $LECAP is the plain build. A timing or a memory
# figure is asserted only there: under a sanitizer (ASan's quarantine and
# shadow memory, UBSan's checks) or valgrind both change by a large factor
# that says nothing about lecap. Recognised by the runtime linked into the
# binary, or LECAP_INSTRUMENTED=1 (tests/check.sh sets it for build-asan).
if [ "${LECAP_INSTRUMENTED:-0}" = 1 ] ||
	grep -qaE '__(asan|tsan|msan)_init|__ubsan_handle_' "$LECAP" 2>/dev/null; then
	LECAP_INSTRUMENTED=1
else
	LECAP_INSTRUMENTED=0
fi
plain_build() {
	[ "$LECAP_INSTRUMENTED" = 0 ]
}

# measured NAME: true in the plain build; otherwise says on a comment line that
# the measure NAME is not asserted, and returns false:
#   if measured "pic de mémoire"; then assert_eq ...; fi
measured() {
	plain_build && return 0
	echo "# mesure non vérifiée (compilation instrumentée, chiffres sans objet) : $1"
	return 1
}

ok() {
	T_COUNT=$((T_COUNT + 1))
	echo "ok $T_COUNT - $1"
}

not_ok() {
	T_COUNT=$((T_COUNT + 1))
	T_FAILED=$((T_FAILED + 1))
	echo "not ok $T_COUNT - $1"
	shift
	for line in "$@"; do
		printf '#   %s\n' "$line"
	done
}

# assert_eq NAME EXPECTED ACTUAL
assert_eq() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1" "attendu : $2" "obtenu  : $3"
	fi
}

# assert_rc NAME EXPECTED  (uses RC of the last run_lecap)
assert_rc() {
	if [ "$RC" = "$2" ]; then
		ok "$1"
	else
		not_ok "$1" "code de sortie attendu $2, obtenu $RC" "stderr: $ERR"
	fi
}

# assert_contains NAME NEEDLE HAYSTACK
assert_contains() {
	case "$3" in
	*"$2"*) ok "$1" ;;
	*) not_ok "$1" "attendu dans la sortie : $2" "sortie : $3" ;;
	esac
}

assert_not_contains() {
	case "$3" in
	*"$2"*) not_ok "$1" "inattendu dans la sortie : $2" ;;
	*) ok "$1" ;;
	esac
}

# sql QUERY: one value (or rows, | separated) from the test's database.
sql() {
	psql -X -qAt -v ON_ERROR_STOP=1 -c "$1"
}

# Holds lecap's run lock from another session for SECONDS (psql in the
# background, its pid in $holder) and returns once it is held — not a fixed
# sleep: a loaded machine is slow.
hold_run_lock() {
	psql -X -q -c "SELECT pg_advisory_lock(7810758398886019074)" -c "SELECT pg_sleep($1)" >/dev/null 2>&1 &
	holder=$!
	for _ in $(seq 1 100); do
		[ "$(sql "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted")" -gt 0 ] && break
		sleep 0.1
	done
}

done_testing() {
	[ "$T_FAILED" -eq 0 ]
}

# siret BASE13: the 14-digit SIRET whose last digit is BASE13's Luhn key
# (the fixtures' members; lecap refuses a SIRET whose key is wrong).
siret() {
	echo "$1" | awk '{ s = 0; for (p = 1; p <= 13; p++) { d = substr($0, p, 1) + 0;
		if ((p - 1) % 2 == 0) { d *= 2; if (d > 9) d -= 9 } s += d }
		print $0 ((10 - s % 10) % 10) }'
}

# diffusion_night: the night the diffusion tests 77–79 start from — in $TMPD
# (the shell moves there), a network of 4 members (lecap generate, seed 3,
# campaign 2026) without its corrected exports (*-v2.csv), through lecap run.
# Sets IN and exports the [chemins] of $TMPD (entree, archive, quarantaine,
# rapports).
diffusion_night() {
	cd "$TMPD" || exit 1
	IN="$TMPD/entree"
	export LECAP_CHEMINS_ENTREE="$IN" LECAP_CHEMINS_ARCHIVE="$TMPD/archive" \
		LECAP_CHEMINS_QUARANTAINE="$TMPD/quarantaine" LECAP_CHEMINS_RAPPORTS="$TMPD/rapports"
	"$LECAP" generate --entreprises 4 --campagnes 2026 --graine 3 --out "$TMPD/reseau" 2>/dev/null
	mkdir -p "$IN" && cp "$TMPD/reseau/"* "$IN/" && rm "$IN/"*-v2.csv
	run_lecap -q run
	assert_rc "nuit initiale : code 0" 0
}

# fixture_plans: the hand-built fixture (tests/agregats/fixture.sql: its grid
# and its fx.eval, fx.rep, fx.plan, fx.action) loaded into the test's
# database, plus fx.p(n, campagne, 'objectif:statut …'): member
# 000000000000n's plan of that campaign, one action per objective, in order
# (tests 48-effet-plan and 53).
fixture_plans() {
	psql -X -q -v ON_ERROR_STOP=1 -f tests/agregats/fixture.sql >/dev/null 2>"$TMPD/fx" || cat "$TMPD/fx"
	psql -X -q -v ON_ERROR_STOP=1 >/dev/null 2>"$TMPD/fx" <<'SQL' || cat "$TMPD/fx"
-- p_actions: 'objectif:statut' separated by spaces
CREATE FUNCTION fx.p(p_n text, p_campagne int, p_actions text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE v_plan bigint; a text; i int := 0;
BEGIN
    v_plan := fx.plan('000000000000' || p_n, p_campagne);
    FOREACH a IN ARRAY string_to_array(p_actions, ' ') LOOP
        i := i + 1;
        PERFORM fx.action(v_plan, i, split_part(a, ':', 1), split_part(a, ':', 2), 2, ARRAY[]::text[]);
    END LOOP;
END
$$;
SQL
}

# report_dirs NAME: the report tests' places (50, 51, 52-tendance) — IN and RAP
# under $TMPD, exported as the [chemins] (archive and quarantaine beside
# them), IN created; PNG, where the pages are rendered to look at,
# tests/out/NAME, emptied.
report_dirs() {
	IN="$TMPD/entree"
	RAP="$TMPD/rapports"
	export LECAP_CHEMINS_ENTREE="$IN" LECAP_CHEMINS_ARCHIVE="$TMPD/archive" \
		LECAP_CHEMINS_QUARANTAINE="$TMPD/quarantaine" LECAP_CHEMINS_RAPPORTS="$RAP"
	mkdir -p "$IN"
	PNG="$ROOT/tests/out/$1"
	rm -rf "$PNG" && mkdir -p "$PNG"
}

# night_network SEED: the selective-night tests' network (62, 64) — IN and RAP
# under $TMPD as the [chemins], a secrecy threshold of 3, and 80 generated
# members of 2026 (generator seed SEED) waiting in the inbox.
night_network() {
	IN="$TMPD/entree"
	RAP="$TMPD/rapports"
	export LECAP_CHEMINS_ENTREE="$IN" LECAP_CHEMINS_ARCHIVE="$TMPD/archive" \
		LECAP_CHEMINS_QUARANTAINE="$TMPD/quarantaine" LECAP_CHEMINS_RAPPORTS="$RAP" \
		LECAP_AGREGATS_SEUIL_SECRET=3
	"$LECAP" generate --entreprises 80 --campagnes 2026 --graine "$1" --out "$TMPD/reseau" 2>/dev/null
	mkdir -p "$IN" && cp "$TMPD/reseau/"* "$IN/"
}
