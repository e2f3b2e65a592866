# A generated network goes through lecap ingest as it is: valid files are
# loaded, each defective one is quarantined, re-exports win over the first
# export, and the registry is loaded.
. tests/lib.sh

IN="$TMPD/entree"; AR="$TMPD/archive"; QU="$TMPD/quarantaine"
export LECAP_CHEMINS_ENTREE="$IN" LECAP_CHEMINS_ARCHIVE="$AR" LECAP_CHEMINS_QUARANTAINE="$QU"

run_lecap -q init
assert_rc "init : code 0" 0
run_lecap generate --entreprises 150 --graine 17 --defauts 0.05 --out "$IN"
assert_rc "generate dans la boîte de réception : code 0" 0

# What the files say, computed from their names and .defauts.txt.
ndef=$(tail -n +2 "$IN/.defauts.txt" | wc -l)
tail -n +2 "$IN/.defauts.txt" | cut -d';' -f1 | sort > "$TMPD/defective"
ls "$IN" | grep -E '^(reponses|plan)-' | sort > "$TMPD/all"
comm -23 "$TMPD/all" "$TMPD/defective" > "$TMPD/valid"
# evaluations: distinct (siret, campagne) with a valid Réponses file
nev=$(grep '^reponses-' "$TMPD/valid" | sed 's/-v2\.csv$/.csv/' | sort -u | wc -l)
nplan=$(grep '^plan-' "$TMPD/valid" | sed 's/-v2\.csv$/.csv/' | sort -u | wc -l)
# obsolete: a first export whose valid re-export is there too
nobs=$(grep -e '-v2\.csv$' "$TMPD/valid" | sed 's/-v2\.csv$/.csv/' | comm -12 - "$TMPD/valid" | wc -l)
nvalid=$(wc -l < "$TMPD/valid")
[ "$ndef" -gt 0 ] && ok "des fichiers défectueux ($ndef)" || not_ok "des fichiers défectueux"
[ "$nobs" -gt 0 ] && ok "des réexports ($nobs)" || not_ok "des réexports"

run_lecap ingest
assert_rc "ingest d'un réseau avec défauts : code 1" 1
assert_contains "ingest : bilan" "lecap: info: ingestion : $((nvalid - nobs + 1)) intégré(s), $ndef rejeté(s), 0 doublon(s), $nobs obsolète(s) ;" "$ERR"
assert_eq "chaque fichier défectueux est en quarantaine" "$(cat "$TMPD/defective")" \
	"$(ls "$QU" | grep -v '\.erreurs\.txt$' | sort)"
assert_eq "lecap.fichier : rejetés = défauts listés" "$ndef" "$(sql "SELECT count(*) FROM lecap.fichier WHERE statut = 'rejete'")"
assert_eq "lecap.fichier : obsolètes = premiers exports réexportés" "$nobs" "$(sql "SELECT count(*) FROM lecap.fichier WHERE statut = 'obsolete'")"
assert_eq "une évaluation par entreprise et campagne" "$nev" "$(sql "SELECT count(*) FROM lecap.evaluation")"
assert_eq "un plan par entreprise et campagne" "$nplan" "$(sql "SELECT count(*) FROM lecap.plan")"
assert_eq "tous les adhérents" 150 "$(sql "SELECT count(*) FROM lecap.adherent")"
assert_eq "le réexport l'emporte" 0 "$(sql "SELECT count(*) FROM lecap.evaluation e JOIN lecap.fichier f ON f.id = e.fichier_id
  WHERE f.nom NOT LIKE '%-v2.csv' AND EXISTS (SELECT 1 FROM lecap.fichier g WHERE g.nom = replace(f.nom, '.csv', '-v2.csv') AND g.statut = 'integre')")"
# Whatever the file's encoding, separator and quoting, the text arrives as
# adherents.csv (UTF-8) gives it: accents, « », quotes, line breaks.
assert_eq "les raisons sociales arrivent intactes" 0 \
	"$(sql "SELECT count(*) FROM lecap.evaluation e JOIN lecap.adherent a USING (siret)
	  WHERE e.raison_sociale <> a.raison_sociale OR e.region <> a.region OR e.type_structure <> a.type_structure")"
assert_eq "et toutes ont été comparées" "$nev" "$(sql "SELECT count(*) FROM lecap.evaluation e JOIN lecap.adherent a USING (siret)")"
[ "$(sql "SELECT count(*) FROM lecap.evaluation WHERE raison_sociale LIKE E'%\\n%' OR raison_sociale LIKE '%«%' OR raison_sociale LIKE '%\"%'")" -gt 0 ] \
	&& ok "dont des raisons sociales à retour à la ligne ou guillemets" || not_ok "des raisons sociales à retour à la ligne ou guillemets"
assert_eq "seul .defauts.txt reste dans la boîte" ".defauts.txt" "$(ls -A "$IN")"

done_testing
