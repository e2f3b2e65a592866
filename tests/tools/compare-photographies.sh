#!/bin/sh
# Refactors of the photographie (reports/entreprise.c, src/report/) must not
# change a byte: builds every member's photographie of a generated network
# (fixed seed, 3 campaigns, incomplete evaluations, plans) with two lecap
# binaries on the same database and compares every PDF byte for byte.
#   sh tests/tools/compare-photographies.sh OLD_LECAP NEW_LECAP [N]
# N members (default 300). Starts its own throwaway PostgreSQL (tests/pg.sh).
# Prints « N photographies identiques » and exits 0, or lists the differing
# files and exits 1.
set -u
cd "$(dirname "$0")/../.."
OLD=$1 NEW=$2 N=${3:-300}
. tests/pg.sh
W=$(mktemp -d /tmp/lecap-cmp.XXXXXX)
trap 'pg_stop; rm -rf "$W"' EXIT INT TERM
pg_start || exit 1
R=$(pwd)
export LECAP_REFERENTIEL_FICHIER="$R/config/referentiel-cap.csv" LECAP_REFERENTIEL_OFFRES="$R/config/offres.csv" \
	LECAP_REFERENTIEL_REGIONS="$R/config/regions.csv" LECAP_REFERENTIEL_TYPES="$R/config/types-structure.csv" \
	LECAP_INGESTION_AGE_MIN=0 LECAP_CONFIG="$R/tests/fixtures/aucune.conf"
export LECAP_CHEMINS_ENTREE="$W/entree" LECAP_CHEMINS_ARCHIVE="$W/archive" \
	LECAP_CHEMINS_QUARANTAINE="$W/quarantaine" LECAP_CHEMINS_RAPPORTS="$W/rapports"
"$OLD" generate --entreprises "$N" --campagnes 2024-2026 --graine 16 --out "$W/entree" >/dev/null 2>&1 || exit 1
"$OLD" -q run >"$W/run.log" 2>&1 || { echo "lecap run a échoué :"; tail "$W/run.log"; exit 1; }
total=0 bad=0
for y in 2024 2025 2026; do
	"$OLD" -q report --campagne $y --all --out "$W/old" >/dev/null 2>&1 || { echo "report $y (ancien) a échoué"; exit 1; }
	"$NEW" -q report --campagne $y --all --out "$W/new" >/dev/null 2>&1 || { echo "report $y (nouveau) a échoué"; exit 1; }
done
for f in $(cd "$W/old" && find . -path '*/entreprises/*.pdf' | sort); do
	total=$((total + 1))
	cmp -s "$W/old/$f" "$W/new/$f" || { echo "diffère : $f"; bad=$((bad + 1)); }
done
[ "$(cd "$W/new" && find . -path '*/entreprises/*.pdf' | wc -l)" -eq "$total" ] || { echo "nombre de photographies différent"; bad=$((bad + 1)); }
[ "$total" -gt 0 ] || { echo "aucune photographie produite"; exit 1; }
# what the network exercises: incomplete evaluations, earlier plans followed up
inc=0 hist=0
for f in $(cd "$W/new" && find . -path '*/entreprises/*.pdf'); do
	t=$(pdftotext "$W/new/$f" - 2>/dev/null)
	case "$t" in *"Ce qu'il reste à noter"*) inc=$((inc + 1)) ;; esac
	case "$t" in *"Le suivi de vos plans précédents"*) hist=$((hist + 1)) ;; esac
done
echo "dont $inc avec « Ce qu'il reste à noter », $hist avec « Le suivi de vos plans précédents »"
[ "$bad" -eq 0 ] && echo "$total photographies identiques" && exit 0
echo "$bad photographie(s) sur $total diffèrent"; exit 1
