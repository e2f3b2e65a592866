# lecap quarantaine: the quarantine by reason (lister, lecap status); files
# back to the inbox under their original names (relancer FICHIER..., --tous,
# --motif), their reasons kept in quarantaine/historique/; after a corrected
# regions file the next ingest takes them; idempotent; under the run lock.
. tests/lib.sh
cd "$TMPD" || exit 1
IN="$TMPD/entree"; AR="$TMPD/archive"; QU="$TMPD/quarantaine"
export LECAP_CHEMINS_ENTREE="$IN" LECAP_CHEMINS_ARCHIVE="$AR" LECAP_CHEMINS_QUARANTAINE="$QU"
RJ="$ROOT/tests/fixtures/rejets"
mkdir -p "$IN"
run_lecap -q init

run_lecap quarantaine lister
assert_rc "lister, quarantaine absente : code 0" 0
assert_eq "lister, quarantaine absente : vide" "Quarantaine ($QU) :
  vide" "$OUT"

cp "$RJ/01-note-5.csv" "$RJ/03-indicateur-inconnu.csv" "$RJ/08-region-inconnue.csv" "$IN/"
run_lecap -q ingest
assert_rc "trois rejets : code 1" 1
# The same name rejected twice: the second is 01-note-5.csv.1 in quarantine.
cp "$RJ/01-note-5.csv" "$IN/" && echo >> "$IN/01-note-5.csv"
run_lecap -q ingest
assert_rc "quatrième rejet : code 1" 1
[ -f "$QU/01-note-5.csv.1" ] && ok "même nom : 01-note-5.csv.1" || not_ok "même nom : $(ls "$QU")"

exp="Quarantaine ($QU) : 4 fichier(s), par motif :
  note invalide « … » — 2 fichier(s)
    01-note-5.csv — 1 motif(s) ; premier : 01-note-5.csv:2:1.1.1.a: note invalide « 5 » : 1, 2, 3, 4, NC ou vide attendu
    01-note-5.csv.1 — 1 motif(s) ; premier : 01-note-5.csv:2:1.1.1.a: note invalide « 5 » : 1, 2, 3, 4, NC ou vide attendu
  indicateur inconnu dans la grille cap-N — 1 fichier(s)
    03-indicateur-inconnu.csv — 1 motif(s) ; premier : 03-indicateur-inconnu.csv:1:9.9.9.z: indicateur inconnu dans la grille cap-2019 : corrigez le code de la colonne ou retirez-la
  région inconnue « … » — 1 fichier(s)
    08-region-inconnue.csv — 1 motif(s) ; premier : 08-region-inconnue.csv:2:region: région inconnue « 99 » : code INSEE (ex. 84) ou nom de région attendu"
run_lecap quarantaine lister
assert_rc "lister : code 0" 0
assert_eq "lister : par motif, le plus fréquent d'abord" "$exp" "$OUT"
run_lecap status
assert_contains "status : la quarantaine par motif" "$exp" "$OUT"

# Usage.
run_lecap quarantaine
assert_rc "sans sous-commande : code 2" 2
assert_eq "sans sous-commande : message" "lecap: erreur: lecap quarantaine attend lister ou relancer
lecap: astuce: usage : lecap quarantaine lister | relancer FICHIER... | relancer --tous [--motif MOTIF]" "$ERR"
run_lecap quarantaine relancer
assert_rc "relancer sans fichier : code 2" 2
run_lecap quarantaine relancer 01-note-5.csv --tous
assert_rc "relancer des noms et --tous : code 2" 2
run_lecap quarantaine relancer absent.csv 01-note-5.csv
assert_rc "nom absent : code 2" 2
assert_eq "nom absent : message" "lecap: erreur: absent.csv n'est pas dans la quarantaine ($QU) : rien n'est relancé
lecap: astuce: lecap quarantaine lister donne les noms" "$ERR"
assert_eq "nom absent : rien n'a bougé" "" "$(ls "$IN")"
run_lecap quarantaine --help
assert_contains "--help en français" "usage : lecap quarantaine lister" "$OUT"

# Under the run lock.
hold_run_lock 3
run_lecap quarantaine relancer --tous
assert_rc "verrou tenu : code 4" 4
wait $holder
assert_eq "verrou tenu : rien n'a bougé" "" "$(ls "$IN")"

# One file by name: back under its original name, its reasons in the history.
run_lecap quarantaine relancer 01-note-5.csv.1
assert_rc "relancer un fichier : code 0" 0
assert_eq "relancer un fichier : messages" "lecap: info: remis dans la boîte de réception : 01-note-5.csv.1 → $IN/01-note-5.csv
lecap: info: 1 fichier(s) remis dans la boîte de réception ; la prochaine exécution les vérifiera contre la grille et les référentiels actuels ; motifs gardés dans $QU/historique/" "$ERR"
assert_eq "relancer un fichier : nom d'origine" "01-note-5.csv" "$(ls "$IN")"
assert_eq "relancer un fichier : motifs gardés" "01-note-5.csv:2:1.1.1.a: note invalide « 5 » : 1, 2, 3, 4, NC ou vide attendu" \
	"$(cat "$QU"/historique/01-note-5.csv.1.*.erreurs.txt)"
[ -e "$QU/01-note-5.csv.1" ] || [ -e "$QU/01-note-5.csv.1.erreurs.txt" ] && not_ok "encore en quarantaine" || ok "sorti de la quarantaine"
assert_eq "journal" "quarantaine|0" "$(sql "SELECT commande, code_sortie FROM lecap.execution ORDER BY id DESC LIMIT 1")"
# Again: already in the inbox, nothing to do.
run_lecap quarantaine relancer 01-note-5.csv.1
assert_rc "relancer deux fois : code 0" 0
assert_eq "relancer deux fois : message" "lecap: info: 01-note-5.csv.1 est déjà dans la boîte de réception
lecap: info: aucun fichier de la quarantaine à relancer" "$ERR"
# The original name taken in the inbox: the other stays in quarantine.
run_lecap quarantaine relancer 01-note-5.csv
assert_rc "nom pris dans la boîte : code 5" 5
assert_eq "nom pris dans la boîte : message" "lecap: erreur: $IN/01-note-5.csv existe déjà dans la boîte de réception : 01-note-5.csv laissé en quarantaine
lecap: astuce: laissez la nuit traiter le fichier de la boîte de réception, puis relancez" "$ERR"
[ -f "$QU/01-note-5.csv" ] && [ -f "$QU/01-note-5.csv.erreurs.txt" ] && ok "nom pris : laissé en quarantaine, avec ses motifs" || not_ok "nom pris : déplacé"
rm -f "$IN/01-note-5.csv"

# The regions file corrected: --tous --motif takes only those rejected for it.
{ cat "$ROOT/config/regions.csv"; echo "99;Région d'essai"; } > "$TMPD/regions.csv"
export LECAP_REFERENTIEL_REGIONS="$TMPD/regions.csv"
run_lecap -q init
run_lecap quarantaine relancer --tous --motif "région inconnue"
assert_rc "--motif : code 0" 0
assert_eq "--motif : seul le fichier de ce motif" "08-region-inconnue.csv" "$(ls "$IN")"
run_lecap ingest
assert_rc "nuit suivante : code 0" 0
assert_contains "nuit suivante : intégré" "ingestion : 1 intégré(s), 0 rejeté(s)" "$ERR"
run_lecap quarantaine relancer --tous --motif "région inconnue"
assert_eq "--motif, deux fois : rien" "lecap: info: aucun fichier de la quarantaine à relancer (motif « région inconnue »)" "$ERR"

# --tous: everything; the next run rejects them again (the grid did not change).
run_lecap quarantaine relancer --tous
assert_rc "--tous : code 0" 0
assert_eq "--tous : noms d'origine" "01-note-5.csv 03-indicateur-inconnu.csv" "$(ls "$IN" | tr '\n' ' ' | sed 's/ $//')"
run_lecap quarantaine lister
assert_eq "--tous : quarantaine vide" "Quarantaine ($QU) :
  vide" "$OUT"
run_lecap -q ingest
assert_rc "re-vérifiés : encore rejetés, code 1" 1
assert_eq "historique : les quatre motifs gardés" "4" "$(ls "$QU/historique" | wc -l)"

done_testing
