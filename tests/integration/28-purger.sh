# lecap purger --siret: every row naming the member, its received files
# (inbox, archive, quarantine with reasons) and its reports erased, what was
# removed said; --dry-run changes nothing; idempotent; under the run lock;
# kill -9 before the commit leaves every row, after it none.
. tests/lib.sh
cd "$TMPD" || exit 1
IN="$TMPD/entree"; AR="$TMPD/archive"; QU="$TMPD/quarantaine"; RA="$TMPD/rapports"
export LECAP_CHEMINS_ENTREE="$IN" LECAP_CHEMINS_ARCHIVE="$AR" LECAP_CHEMINS_QUARANTAINE="$QU" \
	LECAP_CHEMINS_RAPPORTS="$RA"
"$LECAP" generate --entreprises 10 --campagnes 2025-2026 --graine 11 --out "$TMPD/reseau" 2>/dev/null
mkdir -p "$IN" && cp "$TMPD/reseau/"* "$IN/"
run_lecap -q run
assert_rc "nuit initiale : code 0" 0
S=$(sql "SELECT siret FROM lecap.evaluation GROUP BY siret HAVING count(*) = 2 ORDER BY 1 LIMIT 1")
[ -n "$S" ] && ok "un adhérent évalué deux campagnes : $S" || not_ok "aucun adhérent évalué deux fois"
# One of its files rejected (quarantine), one waiting in the inbox.
F=$(ls "$TMPD/reseau" | grep "reponses-$S-2026" | head -1)
sed '2s/;[1-4];/;9;/' "$TMPD/reseau/$F" > "$IN/$F"
run_lecap -q ingest
assert_rc "fichier de l'adhérent rejeté : code 1" 1
[ -f "$QU/$F" ] && [ -f "$QU/$F.erreurs.txt" ] && ok "en quarantaine avec ses motifs" || not_ok "pas en quarantaine : $(ls "$QU")"
cp "$TMPD/reseau/$F" "$IN/attente-$S.csv"
NCEL=$(sql "SELECT count(*) FROM lecap.reponse p JOIN lecap.evaluation e ON e.id = p.evaluation_id WHERE e.siret = '$S'")
NREP=$(sql "SELECT count(*) FROM lecap.repondant r JOIN lecap.evaluation e ON e.id = r.evaluation_id WHERE e.siret = '$S'")
NFROWS=$(sql "SELECT count(*) FROM lecap.fichier WHERE siret = '$S'")
# Its files on disk: by name (the generator names them with the SIRET).
NFILES=$(find "$IN" "$AR" "$QU" -type f -name "*$S*" | wc -l)
NPDF=$(find "$RA" -name "$S.pdf" | wc -l)
PDFS=$(find "$RA" -name "$S.pdf" | sort)
[ "$NPDF" = 2 ] && ok "deux photographies" || not_ok "photographies : $NPDF"
# Every row naming the member, over every table with a siret column.
rows() {
	sql "SELECT string_agg(c.relname, ',' ORDER BY c.relname) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
	     WHERE c.relnamespace = 'lecap'::regnamespace AND c.relkind = 'r' AND a.attname = 'siret'" | tr ',' '\n' |
	while read -r t; do
		n=$(sql "SELECT count(*) FROM lecap.$t WHERE siret = '$S'")
		[ "$n" != 0 ] && printf '%s=%s ' "$t" "$n"
	done
	printf 'reponse=%s' "$(sql "SELECT count(*) FROM lecap.reponse p JOIN lecap.evaluation e ON e.id = p.evaluation_id WHERE e.siret = '$S'")"
}
before=$(rows)
total=$(sql "SELECT count(*) FROM lecap.reponse") 

run_lecap purger --siret 123
assert_rc "SIRET invalide : code 2" 2

# --dry-run: says what would go, changes nothing.
run_lecap purger --siret "$S" --dry-run
assert_rc "--dry-run : code 0" 0
assert_contains "--dry-run : bilan" "lecap: info: simulation (--dry-run), rien n'est effacé ; seraient effacés de l'adhérent $S : " "$ERR"
assert_contains "--dry-run : lignes" "(reponse $NCEL, repondant $NREP, evaluation 2, plan_action " "$ERR"
assert_contains "--dry-run : fichiers et rapports" "$NFILES fichier(s) reçu(s), $NPDF rapport(s) ; adresses : aucune (lecap.destinataire ne désigne que des régions)" "$ERR"
assert_eq "--dry-run : rien d'effacé" "$before" "$(rows)"
assert_eq "--dry-run : fichiers gardés" "$NFILES" "$(find "$IN" "$AR" "$QU" -type f -name "*$S*" | wc -l)"

# Under the run lock.
psql -X -q -c "SELECT pg_advisory_lock(7810758398886019074)" -c "SELECT pg_sleep(3)" >/dev/null 2>&1 &
lockpid=$!
for _ in $(seq 1 50); do
	[ "$(sql "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted")" -ge 1 ] && break
	sleep 0.1
done
run_lecap purger --siret "$S"
assert_rc "verrou tenu : code 4" 4
wait $lockpid
assert_eq "verrou tenu : rien d'effacé" "$before" "$(rows)"

# kill -9 before the commit: every row as before.
LECAP_TEST_CRASH=purger-avant-fichiers run_lecap purger --siret "$S"
assert_eq "kill -9 avant le commit : tué" "137" "$RC"
for _ in $(seq 1 100); do
	[ "$(sql "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'lecap'")" = 0 ] && break
	sleep 0.1
done
assert_eq "kill -9 avant le commit : base comme avant" "$before" "$(rows)"

# kill -9 after the commit: nothing of the member in the database, nor its files.
LECAP_TEST_CRASH=purger-apres-commit run_lecap purger --siret "$S"
assert_eq "kill -9 après le commit : tué" "137" "$RC"
for _ in $(seq 1 100); do
	[ "$(sql "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'lecap'")" = 0 ] && break
	sleep 0.1
done
assert_eq "kill -9 après le commit : plus aucune ligne" "reponse=0" "$(rows)"
assert_eq "kill -9 après le commit : les autres réponses restent" "$((total - NCEL))" "$(sql "SELECT count(*) FROM lecap.reponse")"
assert_eq "plus aucun fichier reçu" "0" "$(find "$IN" "$AR" "$QU" -type f -name "*$S*" | wc -l)"
assert_eq "motifs de quarantaine effacés" "0" "$(ls "$QU" | wc -l)"
assert_eq "journal : SIRET masqué" "0" "$(sql "SELECT count(*) FROM lecap.execution WHERE strpos(messages, '$S') > 0")"
run_lecap purger --siret "$S"
assert_rc "relance : code 0" 0
assert_eq "relance : les rapports, rien d'autre" "lecap: info: effacé : $(echo "$PDFS" | head -1)
lecap: info: effacé : $(echo "$PDFS" | tail -1)
lecap: info: effacé : adhérent $S : 0 ligne(s) (aucune), 0 fichier(s) reçu(s), 2 rapport(s) ; adresses : aucune (lecap.destinataire ne désigne que des régions)" \
	"$(echo "$ERR" | sort)"
run_lecap purger --siret "$S"
assert_eq "idempotent : rien de plus" "lecap: info: effacé : adhérent $S : 0 ligne(s) (aucune), 0 fichier(s) reçu(s), 0 rapport(s) ; adresses : aucune (lecap.destinataire ne désigne que des régions)" "$ERR"

# The next night recomputes its campaigns; nothing of it comes back.
run_lecap run
assert_rc "nuit suivante : code 0" 0
assert_contains "nuit suivante : campagnes recalculées" "campagne 2025 recalculée (adhérent effacé)" "$ERR"
assert_eq "nuit suivante : toujours rien" "reponse=0" "$(rows)"
assert_eq "nuit suivante : aucune photographie" "0" "$(find "$RA" -name "$S.pdf" | wc -l)"

done_testing
