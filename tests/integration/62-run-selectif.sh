# lecap run renders only the reports whose content changed: a member report
# whose data did not change is not even drawn (its file carries the
# fingerprint of its data), the others are drawn and written only when their
# bytes differ. Whatever the night, the reports directory ends byte-identical
# to a full rendering; kill -9 between two reports, then a rerun, too.
. tests/lib.sh
cd "$TMPD" || exit 1
night_network 11

run_lecap run
assert_rc "première nuit : code 0" 0
nmembers=$(find "$RAP/2026/entreprises" -name '*.pdf' | wc -l)
[ "$nmembers" -gt 30 ] && ok "première nuit : $nmembers photographies" || not_ok "première nuit : $nmembers photographies"

# inodes: a rewritten PDF is a new file renamed into place
inodes() { (cd "$RAP/2026" && find . -name '*.pdf' -printf '%P %i\n' | sort); }
# the files a full rendering of 2026 gives that differ from (or are missing in) $1
differs() {
	rm -rf "$TMPD/plein" && "$LECAP" -q report --campagne 2026 --out "$TMPD/plein" >/dev/null 2>&1
	(cd "$TMPD/plein/2026" && find . -name '*.pdf' -printf '%P\n' | sort | while read -r f; do
		cmp -s "$f" "$1/$f" || echo "$f"
	done)
}
# the files whose inode changed or that appeared between two inodes() lists
rewritten() { join -a 2 "$1" "$2" | awk 'NF == 2 || $2 != $3 { print $1 }'; }
last_run() { sql "SELECT $1 FROM lecap.execution ORDER BY id DESC LIMIT 1"; }

# --- one new, incomplete evaluation in Bretagne ---------------------------------------
# Incomplete, it enters no statistic: only its own report, its region's and
# the national one (participation) may change.
inodes >"$TMPD/i0"
rm -rf "$TMPD/avant" && cp -a "$RAP/2026" "$TMPD/avant"
sed 's/;2025;14\/03\/2025;2025-03-20T/;2026;14\/03\/2026;2026-03-20T/' \
	"$ROOT/tests/fixtures/exemples/reponses.csv" >"$IN/reponses-82601815200015-2026.csv"
run_lecap run
assert_rc "évaluation incomplète : code 0" 0
inodes >"$TMPD/i1"
rewritten "$TMPD/i0" "$TMPD/i1" >"$TMPD/r1"
differs "$TMPD/avant" >"$TMPD/d1"
assert_eq "évaluation incomplète : réécrits = ceux dont le contenu change" "$(cat "$TMPD/d1")" "$(cat "$TMPD/r1")"
assert_eq "évaluation incomplète : sa photographie, sa région, le national" \
	"entreprises/53/82601815200015.pdf
national.pdf
regions/53-bretagne.pdf" "$(cat "$TMPD/r1")"
assert_contains "évaluation incomplète : les autres photographies ne sont pas redessinées" \
	"lecap: info: campagne 2026 : 1 rapport national, " "$ERR"
assert_contains "évaluation incomplète : 1 photographie dessinée, $nmembers laissées" \
	"1 photographie d'adhérent (et $nmembers à jour, laissées telles quelles)" "$ERR"
assert_eq "évaluation incomplète : le journal compte 3 rapports écrits" "3" "$(last_run rapports_ecrits)"
assert_eq "évaluation incomplète : tout le répertoire = un rendu complet" "" "$(diff -r "$TMPD/plein/2026" "$RAP/2026" 2>&1)"
assert_contains "photographie : datée de son propre export" "données au 20/03/2026" \
	"$(pdftotext -layout "$RAP/2026/entreprises/53/82601815200015.pdf" - 2>/dev/null)"

# --- a complete evaluation replaced by a later export --------------------------------
# One note changes: its scores change, and the regional and network
# figures it moves: the reports whose content changed are rewritten, and
# only those.
# the file of a member's integrated evaluation, and its SIRET
eval_file() { sql "SELECT f.nom FROM lecap.evaluation e JOIN lecap.fichier f ON f.id = e.fichier_id
	WHERE e.campagne = 2026 AND f.nom LIKE 'reponses-%' ORDER BY e.siret OFFSET $1 LIMIT 1"; }
f=$(eval_file 0)
siret=$(echo "$f" | sed 's/^reponses-\([0-9]*\)-.*/\1/')
python3 "$ROOT/tests/tools/reexport.py" "$TMPD/archive/2026/$f" "$IN/$f" 2026-12-01T12:00:00+01:00 4 1
inodes >"$TMPD/i1"
rm -rf "$TMPD/avant" && cp -a "$RAP/2026" "$TMPD/avant"
run_lecap run
assert_rc "réexport plus récent : code 0" 0
assert_eq "réexport plus récent : intégré" "1" "$(last_run fichiers_integres)"
inodes >"$TMPD/i2"
rewritten "$TMPD/i1" "$TMPD/i2" >"$TMPD/r2"
differs "$TMPD/avant" >"$TMPD/d2"
assert_eq "réexport : réécrits = ceux dont le contenu change" "$(cat "$TMPD/d2")" "$(cat "$TMPD/r2")"
grep -q "/$siret.pdf\$" "$TMPD/r2" && ok "réexport : sa photographie est réécrite" \
	|| not_ok "réexport : sa photographie n'est pas réécrite" "$(cat "$TMPD/r2")"
grep -qx national.pdf "$TMPD/r2" && ok "réexport : le rapport national est réécrit" \
	|| not_ok "réexport : national non réécrit" "$(cat "$TMPD/r2")"
# (in a network this small, a note moves a network median shown in every
# report: here every report changed, as the byte comparison above proves)
n2=$(wc -l <"$TMPD/r2")
assert_eq "réexport : le journal compte les rapports réécrits" "$n2" "$(last_run rapports_ecrits)"
assert_eq "réexport : tout le répertoire = un rendu complet" "" "$(diff -r "$TMPD/plein/2026" "$RAP/2026" 2>&1)"
# A photographie is redrawn only when something it prints changed, not when
# a figure it does not print moved (the network's quartiles: it prints the
# member's quarter, not them): every rewritten one reads differently.
same=""
for p in $(grep '^entreprises/' "$TMPD/r2"); do
	[ "$(pdftotext -layout "$TMPD/avant/$p" - 2>/dev/null)" = "$(pdftotext -layout "$RAP/2026/$p" - 2>/dev/null)" ] \
		&& same="$same $p"
done
assert_eq "réexport : chaque photographie réécrite imprime autre chose" "" "$same"

# --- nothing new: nothing drawn, nothing written --------------------------------------
run_lecap run
assert_rc "nuit sans nouveauté : code 0" 0
assert_eq "nuit sans nouveauté : aucun rapport écrit" "0" "$(last_run rapports_ecrits)"
assert_eq "nuit sans nouveauté : aucun fichier touché" "$(cat "$TMPD/i2")" "$(inodes)"
assert_not_contains "nuit sans nouveauté : aucune campagne rendue" "rapport national" "$ERR"

# --- --all draws everything again, rewrites nothing that did not change --------------
run_lecap run --all
assert_rc "run --all : code 0" 0
assert_contains "run --all : chaque photographie est redessinée" \
	"$((nmembers + 1)) photographies d'adhérents (" "$ERR"
assert_not_contains "run --all : aucune n'est laissée" "à jour, laissées" "$ERR"
assert_eq "run --all : aucun fichier réécrit" "$(cat "$TMPD/i2")" "$(inodes)"

# --- kill -9 between two member reports, then a rerun ---------------------------------
# A new complete evaluation (a copy of one with another SIRET would be
# another member: use a later export again) and a crash after 3 reports.
f2=$(eval_file 1)
python3 "$ROOT/tests/tools/reexport.py" "$TMPD/archive/2026/$f2" "$IN/$f2" 2026-12-02T12:00:00+01:00 1
LECAP_TEST_CRASH=rapports-entre-deux@3 run_lecap run
assert_eq "kill -9 après 3 photographies : tué" "137" "$RC"
# The killed worker had renamed its file; another worker ([rapports]
# travailleurs: one per processor, at most 4) may have been writing its own:
# at most one temporary per other worker is left, and the rerun removes it
# (below). (Asserting none here failed once in CI, on two cores.)
ntmp=$(find "$RAP" -name '.*' -type f | wc -l)
nworkers=$(nproc); [ "$nworkers" -gt 4 ] && nworkers=4
[ "$ntmp" -le $((nworkers - 1)) ] && ok "kill -9 : au plus un fichier temporaire par autre travailleur ($ntmp)" \
	|| not_ok "kill -9 : $ntmp fichiers temporaires laissés" "$(find "$RAP" -name '.*' -type f)"
run_lecap status
assert_contains "kill -9 : status dit les rapports périmés" "rapport périmé" "$OUT"
run_lecap run
assert_rc "relance après kill -9 : code 0" 0
assert_contains "relance : les photographies faites avant la panne sont laissées" "à jour, laissées telles quelles" "$ERR"
differs "$RAP/2026" >"$TMPD/d3"
assert_eq "relance : le répertoire = un rendu complet" "" "$(cat "$TMPD/d3")"
assert_eq "relance : aucun fichier en trop" "" "$(diff -r "$TMPD/plein/2026" "$RAP/2026" 2>&1)"
assert_eq "relance : aucun fichier temporaire" "" "$(find "$RAP" -name '.*' -type f)"
run_lecap status
assert_not_contains "relance : status, plus rien de périmé" "périmé" "$OUT"
