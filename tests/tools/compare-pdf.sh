#!/bin/sh
# Refactors of the reports must not change a byte: builds every report of one
# kind of a generated network (fixed seed, 3 campaigns, incomplete evaluations,
# plans) with two lecap binaries on the same database and compares every PDF
# byte for byte.
#   sh tests/tools/compare-pdf.sh photographies|territoriaux OLD_LECAP NEW_LECAP [N]
# photographies: every member's photographie (reports/entreprise.c, src/report/);
# territoriaux: the national and every regional report (reports/national.c,
# region.c, territoire.c, synthese.c, effet_plans.c, rapports.c, src/report/).
# N members (default 300). Starts its own throwaway PostgreSQL (tests/pg.sh).
# Prints « N photographies identiques » (or « N rapports territoriaux
# identiques ») and exits 0, or lists the differing files and exits 1.
set -u
cd "$(dirname "$0")/../.."
KIND=${1:-} OLD=${2:-} NEW=${3:-} N=${4:-300}
case "$KIND" in
photographies) match='-path */entreprises/*.pdf' what=photographie ;;
territoriaux) match='-name *.pdf ! -path */entreprises/*' what="rapport territorial" ;;
*) echo "usage : sh tests/tools/compare-pdf.sh photographies|territoriaux ANCIEN_LECAP NOUVEAU_LECAP [N]" >&2; exit 2 ;;
esac
pdfs() { (cd "$1" && set -f && find . $match | sort); }
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
"$OLD" generate --entreprises "$N" --campagnes 2024-2026 --graine 16 --out "$W/entree" >/dev/null 2>&1 || { echo "lecap generate ($OLD) a échoué"; exit 1; }
"$OLD" -q run >"$W/run.log" 2>&1 || { echo "lecap run a échoué :"; tail "$W/run.log"; exit 1; }
total=0 bad=0
for y in 2024 2025 2026; do
	"$OLD" -q report --campagne $y --all --out "$W/old" >/dev/null 2>&1 || { echo "report $y (ancien) a échoué"; exit 1; }
	"$NEW" -q report --campagne $y --all --out "$W/new" >/dev/null 2>&1 || { echo "report $y (nouveau) a échoué"; exit 1; }
done
for f in $(pdfs "$W/old"); do
	total=$((total + 1))
	cmp -s "$W/old/$f" "$W/new/$f" || { echo "diffère : $f"; bad=$((bad + 1)); }
done
[ "$(pdfs "$W/new" | wc -l)" -eq "$total" ] || { echo "nombre de fichiers différent"; bad=$((bad + 1)); }
[ "$total" -gt 0 ] || { echo "aucun rapport produit"; exit 1; }
if [ "$KIND" = photographies ]; then
	# what the network exercises: incomplete evaluations, earlier plans followed up
	inc=0 hist=0
	for f in $(pdfs "$W/new"); do
		t=$(pdftotext "$W/new/$f" - 2>/dev/null)
		case "$t" in *"Ce qu'il reste à noter"*) inc=$((inc + 1)) ;; esac
		case "$t" in *"Le suivi de vos plans précédents"*) hist=$((hist + 1)) ;; esac
	done
	echo "dont $inc avec « Ce qu'il reste à noter », $hist avec « Le suivi de vos plans précédents »"
fi
if [ "$bad" -eq 0 ]; then
	[ "$KIND" = photographies ] && echo "$total photographies identiques" || echo "$total rapports territoriaux identiques"
	exit 0
fi
echo "$bad $what(s) sur $total diffèrent"; exit 1
