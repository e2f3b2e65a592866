# A full disk (issue 17, item 8): the inbox, the archive, the quarantine and
# the reports on a small tmpfs mounted by the test (root only; skipped
# otherwise, saying why). Three nights on one generated inbox:
#   1. the disk is full from the start (a filler file): the first
#      .erreurs.txt cannot be written: exit 5, the path and what to do,
#      nothing truncated left (no empty .erreurs.txt), no file lost;
#   2. the filler removed, the reports do not fit: exit 5, the report's path,
#      no temporary file, every PDF written is whole (the same bytes as an
#      uninterrupted run's), the data loaded, the inbox emptied;
#   3. the file system made bigger (space freed): the night finishes the work,
#      and the archive, the quarantine and the reports are those of a run on
#      a roomy disk, byte for byte;
#   then a quarantine on another file system than the inbox (rename fails).
# A rejected file's warning is written once its quarantine is done, and says
# the truth when it failed.
. tests/lib.sh

skip() {
	echo "# sauté : disque plein : $1"
	exit 0
}
[ "$(id -u)" -eq 0 ] || skip "il faut être root pour monter un petit tmpfs (mount -t tmpfs) ; lancez make check en root pour le faire"
M="$TMPD/petit"
mkdir -p "$M"
mount -t tmpfs -o size=1m,mode=0755 lecap-test "$M" 2>"$TMPD/mount.err" ||
	skip "mount -t tmpfs refusé ici ($(cat "$TMPD/mount.err"))"
trap 'umount "$M" 2>/dev/null; rm -rf "$TMPD"' EXIT

"$LECAP" generate --entreprises 40 --campagnes 2025-2026 --graine 7 --defauts 0.05 --out "$TMPD/reseau" 2>/dev/null
rm -f "$TMPD/reseau/.defauts.txt"
nfiles=$(ls "$TMPD/reseau" | wc -l)

# The reference: the same inbox on a roomy disk, its own database.
dropdb --if-exists "${PGDATABASE}_ref" >/dev/null 2>&1
createdb "${PGDATABASE}_ref"
R="$TMPD/ref"
mkdir -p "$R/entree" && cp "$TMPD/reseau/"* "$R/entree/"
PGDATABASE="${PGDATABASE}_ref" LECAP_CHEMINS_ENTREE="$R/entree" LECAP_CHEMINS_ARCHIVE="$R/archive" \
	LECAP_CHEMINS_QUARANTAINE="$R/quarantaine" LECAP_CHEMINS_RAPPORTS="$R/rapports" run_lecap -q run
assert_rc "référence sur un disque assez grand : code 1 (fichiers défectueux)" 1
nq=$(ls "$R/quarantaine" | grep -vc '\.erreurs\.txt$')
[ "$nq" -gt 0 ] && ok "référence : $nq fichier(s) en quarantaine" || not_ok "référence : aucune quarantaine"
npdf=$(find "$R/rapports" -name '*.pdf' | wc -l)
[ "$(du -sk "$R/rapports" | cut -f1)" -gt 1024 ] && ok "référence : $npdf rapports, plus que le petit disque" ||
	not_ok "référence : les rapports tiennent dans 1 Mo, le test n'éprouve rien"
dropdb "${PGDATABASE}_ref"

export LECAP_CHEMINS_ENTREE="$M/entree" LECAP_CHEMINS_ARCHIVE="$M/archive" \
	LECAP_CHEMINS_QUARANTAINE="$M/quarantaine" LECAP_CHEMINS_RAPPORTS="$M/rapports"
mkdir -p "$M/entree" && cp "$TMPD/reseau/"* "$M/entree/"
# files: every input file is in the inbox, the archive or the quarantine,
# once (the .erreurs.txt apart).
files() {
	find "$M/entree" "$M/archive" "$M/quarantaine" -type f ! -name '*.erreurs.txt' 2>/dev/null | wc -l
}
# orphans: a .erreurs.txt without its file, or empty; a hidden (temporary) file.
orphans() {
	for e in $(find "$M/quarantaine" -name '*.erreurs.txt' 2>/dev/null); do
		[ -f "${e%.erreurs.txt}" ] && [ -s "$e" ] || echo "$e"
	done
	find "$M" -name '.*' -type f
}

# Night 1: full from the start.
dd if=/dev/zero of="$M/plein" bs=4k 2>/dev/null
run_lecap run
assert_rc "disque plein : code 5" 5
first=$(sed -n 's/^lecap: erreur: écriture de \(.*\) impossible : plus de place sur le système de fichiers$/\1/p' <<<"$ERR")
case "$first" in
"$M/quarantaine/"*.erreurs.txt) ok "disque plein : l'erreur nomme le fichier ($first)" ;;
*) not_ok "disque plein : l'erreur ne nomme pas le .erreurs.txt" "$ERR" ;;
esac
assert_contains "disque plein : ce qu'il faut faire" \
	"lecap: astuce: libérez de la place sur le système de fichiers de $M/quarantaine, puis relancez : le fichier rejeté attend dans la boîte de réception ; aucun fichier partiel n'est laissé" "$ERR"
assert_eq "disque plein : aucun .erreurs.txt tronqué, aucun fichier temporaire" "" "$(orphans)"
assert_eq "disque plein : aucun fichier perdu" "$nfiles" "$(files)"
[ -f "$M/entree/$(basename "${first%.erreurs.txt}")" ] && ok "disque plein : le fichier rejeté attend dans la boîte" ||
	not_ok "disque plein : le fichier rejeté n'est plus dans la boîte"
assert_eq "disque plein : le journal note le code 5" "run|5" \
	"$(sql "SELECT commande, code_sortie FROM lecap.execution ORDER BY id DESC LIMIT 1")"
# The rejected file's warning follows its quarantine (issue 17): on a full
# disk it says the file was not quarantined, never that it was.
assert_not_contains "disque plein : aucun « mis en quarantaine » qui n'a pas eu lieu" "mis en quarantaine : voir" "$ERR"
fname=$(basename "${first%.erreurs.txt}")
case "$ERR" in
*"lecap: avertissement: $fname rejeté ("*" problème"*"), mais pas mis en quarantaine (voir l'erreur ci-dessus) : il reste dans la boîte de réception"*)
	ok "disque plein : le rejet de $fname dit qu'il reste dans la boîte" ;;
*) not_ok "disque plein : le rejet ne dit pas que le fichier reste dans la boîte" "$ERR" ;;
esac

# Night 2: the filler removed; the reports do not fit.
rm "$M/plein"
run_lecap run
assert_rc "rapports sur un disque trop petit : code 5" 5
# (with several workers ([rapports] travailleurs), each one that meets the
# full disk says so: the first error is checked)
pdf=$(sed -n "s/^lecap: erreur: impossible d'écrire le rapport \(.*\) : plus de place sur le système de fichiers$/\1/p" <<<"$ERR" | head -1)
case "$pdf" in
"$M/rapports/"*.pdf) ok "rapports : l'erreur nomme le rapport ($pdf)" ;;
*) not_ok "rapports : l'erreur ne nomme pas le rapport" "$ERR" ;;
esac
assert_contains "rapports : ce qu'il faut faire" \
	"lecap: astuce: libérez de la place sur le système de fichiers de $(dirname "$pdf"), puis relancez : les rapports manquants seront écrits ; aucun fichier partiel n'est laissé" "$ERR"
assert_eq "rapports : aucun fichier temporaire ni tronqué en quarantaine" "" "$(orphans)"
assert_eq "rapports : les données sont chargées, la boîte vidée" "0|$nfiles" "$(ls "$M/entree" | wc -l)|$(files)"
n=0
bad=""
for f in $(cd "$M/rapports" && find . -name '*.pdf'); do
	n=$((n + 1))
	cmp -s "$M/rapports/$f" "$R/rapports/$f" || bad="$bad $f"
done
assert_eq "rapports : chacun des $n PDF écrits est entier (les octets de la référence)" "" "$bad"
[ "$n" -lt "$npdf" ] && ok "rapports : $n sur $npdf écrits avant que le disque soit plein" ||
	not_ok "rapports : tous écrits ($n), le disque n'a pas été plein"

# Night 3: space freed (the file system made bigger): the work is finished.
mount -o remount,size=16m "$M"
run_lecap run
assert_rc "place libérée : la nuit finit le travail, code 0" 0
assert_eq "place libérée : les rapports, l'archive et la quarantaine de la référence, octet pour octet" "" \
	"$(for d in rapports archive quarantaine; do diff -r "$R/$d" "$M/$d" 2>&1 | head -3; done)"
assert_eq "place libérée : aucun fichier temporaire" "" "$(find "$M" -name '.*' -type f)"

# A quarantine on another file system than the inbox: the .erreurs.txt is
# written, the rename fails (EXDEV). The .erreurs.txt is removed (no reason
# without its file), the file waits in the inbox, and the warning says so.
X="$TMPD/autre-entree"
mkdir -p "$X"
cp "$ROOT/tests/fixtures/rejets/01-note-5.csv" "$X/"
LECAP_CHEMINS_ENTREE="$X" run_lecap ingest
assert_rc "quarantaine sur un autre système de fichiers : code 5" 5
assert_contains "autre système de fichiers : l'erreur nomme le déplacement" \
	"lecap: erreur: déplacement de $X/01-note-5.csv vers $M/quarantaine/01-note-5.csv impossible : " "$ERR"
assert_contains "autre système de fichiers : le rejet dit la vérité" \
	"lecap: avertissement: 01-note-5.csv rejeté (1 problème), mais pas mis en quarantaine (voir l'erreur ci-dessus) : il reste dans la boîte de réception" "$ERR"
assert_not_contains "autre système de fichiers : pas de « mis en quarantaine »" "mis en quarantaine : voir" "$ERR"
assert_eq "autre système de fichiers : le fichier attend, sans .erreurs.txt orphelin" "01-note-5.csv|" \
	"$(ls "$X")|$(ls "$M/quarantaine" | grep '^01-note-5')"

done_testing
