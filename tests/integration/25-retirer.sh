# lecap retirer: an evaluation and its plan withdrawn in one transaction,
# journaled (who, when, why), the campaign re-aggregated by the next run, the
# member's report removed; the withdrawn file refused when dropped again
# unless lecap ingest --reintegrer; idempotent; under the run lock; kill -9
# before and after the commit leaves the data as before or as after.
. tests/lib.sh
cd "$TMPD" || exit 1
IN="$TMPD/entree"; AR="$TMPD/archive"; QU="$TMPD/quarantaine"; RA="$TMPD/rapports"
export LECAP_CHEMINS_ENTREE="$IN" LECAP_CHEMINS_ARCHIVE="$AR" LECAP_CHEMINS_QUARANTAINE="$QU" \
	LECAP_CHEMINS_RAPPORTS="$RA"
"$LECAP" generate --entreprises 12 --campagnes 2025 --graine 3 --out "$TMPD/reseau" 2>/dev/null
mkdir -p "$IN" && cp "$TMPD/reseau/"* "$IN/"
run_lecap -q run
assert_rc "nuit initiale : code 0" 0

# The member withdrawn: one with an evaluation and a plan.
S=$(sql "SELECT e.siret FROM lecap.evaluation e JOIN lecap.plan p USING (siret, campagne) ORDER BY 1 LIMIT 1")
REG=$(sql "SELECT region FROM lecap.evaluation WHERE siret = '$S'")
NREP=$(sql "SELECT count(*) FROM lecap.repondant r JOIN lecap.evaluation e ON e.id = r.evaluation_id WHERE e.siret = '$S'")
NCEL=$(sql "SELECT count(*) FROM lecap.v_reponse r JOIN lecap.evaluation e ON e.id = r.evaluation_id WHERE e.siret = '$S'")
NACT=$(sql "SELECT count(*) FROM lecap.plan_action a JOIN lecap.plan p ON p.id = a.plan_id WHERE p.siret = '$S'")
NFIC=$(sql "SELECT count(*) FROM lecap.fichier WHERE siret = '$S' AND statut IN ('integre', 'obsolete')")
NEVAL=$(sql "SELECT count(*) FROM lecap.evaluation")
PHOTO="$RA/2025/entreprises/$REG/$S.pdf"
[ -f "$PHOTO" ] && ok "photographie présente avant le retrait" || not_ok "photographie absente : $PHOTO"
counts() {
	sql "SELECT (SELECT count(*) FROM lecap.evaluation), (SELECT count(*) FROM lecap.repondant),
	  (SELECT count(*) FROM lecap.v_reponse), (SELECT count(*) FROM lecap.plan),
	  (SELECT count(*) FROM lecap.plan_action), (SELECT count(*) FROM lecap.fichier WHERE retrait_id IS NOT NULL),
	  (SELECT count(*) FROM lecap.retrait), (SELECT count(*) FROM lecap.entreprise)"
}
before=$(counts)

# Usage.
run_lecap retirer --campagne 2025
assert_rc "sans --siret : code 2" 2
assert_eq "sans --siret : message" "lecap: erreur: lecap retirer attend --siret et --campagne
lecap: astuce: usage : lecap retirer --siret SIRET --campagne ANNÉE [--motif TEXTE] [--dry-run]" "$ERR"
run_lecap retirer --siret 1234 --campagne 2025
assert_rc "SIRET invalide : code 2" 2
assert_eq "SIRET invalide : message" "lecap: erreur: --siret attend un SIRET de 14 chiffres : « 1234 »
lecap: astuce: exemple : lecap retirer --siret 82601815200015 --campagne 2025" "$ERR"
run_lecap retirer --siret "$S" --campagne 1999
assert_rc "campagne invalide : code 2" 2
run_lecap retirer --help
assert_rc "--help : code 0" 0
assert_contains "--help en français" "usage : lecap retirer --siret SIRET --campagne ANNÉE [--motif TEXTE] [--dry-run]" "$OUT"

# Under the run lock: another lecap holds it, exit 4, nothing changed.
hold_run_lock 4
run_lecap retirer --siret "$S" --campagne 2025
assert_rc "verrou tenu : code 4" 4
wait $holder
assert_eq "verrou tenu : rien n'a changé" "$before" "$(counts)"

# --dry-run says what would go and changes nothing.
run_lecap retirer --siret "$S" --campagne 2025 --dry-run
assert_rc "--dry-run : code 0" 0
assert_eq "--dry-run : message" "lecap: info: simulation (--dry-run), rien n'est modifié ; seraient retirés de $S pour la campagne 2025 : 1 évaluation(s) ($NREP répondant(s), $NCEL réponse(s)), 1 plan(s) ($NACT action(s)), $NFIC fichier(s) marqué(s) retiré(s) dans l'archive
lecap: info: serait supprimée : $PHOTO" "$ERR"
assert_eq "--dry-run : rien n'a changé" "$before" "$(counts)"
[ -f "$PHOTO" ] && ok "--dry-run : photographie gardée" || not_ok "--dry-run : photographie supprimée"

# kill -9 before the commit: the data as before.
LECAP_TEST_CRASH=retirer-avant-commit run_lecap retirer --siret "$S" --campagne 2025 --motif "essai"
assert_eq "kill -9 avant le commit : tué" "137" "$RC"
for _ in $(seq 1 100); do
	[ "$(sql "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'lecap'")" = 0 ] && break
	sleep 0.1
done
assert_eq "kill -9 avant le commit : données comme avant" "$before" "$(counts)"

# kill -9 after the commit: the data as after; the rerun finishes (the report).
LECAP_TEST_CRASH=retirer-apres-commit run_lecap retirer --siret "$S" --campagne 2025 \
	--motif "export chargé sous un mauvais SIRET"
assert_eq "kill -9 après le commit : tué" "137" "$RC"
for _ in $(seq 1 100); do
	[ "$(sql "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'lecap'")" = 0 ] && break
	sleep 0.1
done
after=$(counts)
NENT=$(sql "SELECT count(*) FROM lecap.entreprise")
assert_eq "kill -9 après le commit : données comme après" \
	"$((NEVAL - 1))|$(echo "$before" | cut -d'|' -f2 | awk -v n="$NREP" '{print $1 - n}')|$(echo "$before" | cut -d'|' -f3 | awk -v n="$NCEL" '{print $1 - n}')|$(($(echo "$before" | cut -d'|' -f4) - 1))|$(($(echo "$before" | cut -d'|' -f5) - NACT))|$NFIC|1|$NENT" \
	"$after"
assert_eq "l'entreprise sans évaluation n'est plus en base" "0" "$(sql "SELECT count(*) FROM lecap.entreprise WHERE siret = '$S'")"
assert_eq "rien ne reste de l'évaluation" "0|0|0|0" "$(sql "SELECT (SELECT count(*) FROM lecap.evaluation WHERE siret = '$S'),
  (SELECT count(*) FROM lecap.plan WHERE siret = '$S'),
  (SELECT count(*) FROM lecap.reponse p LEFT JOIN lecap.evaluation e ON e.id = p.evaluation_id WHERE e.id IS NULL),
  (SELECT count(*) FROM lecap.repondant r LEFT JOIN lecap.evaluation e ON e.id = r.evaluation_id WHERE e.id IS NULL)")"
assert_eq "journal : qui, pourquoi, quelle exécution" "$S|2025|export chargé sous un mauvais SIRET|$(id -un)@$(hostname) (rôle $PGUSER)|retirer|1|$NREP|$NCEL|1|$NACT|$NFIC" \
	"$(sql "SELECT r.siret, r.campagne, r.motif, r.par, x.commande, r.evaluations, r.repondants, r.reponses, r.plans, r.actions, r.fichiers FROM lecap.retrait r JOIN lecap.execution x ON x.id = r.execution_id")"
assert_eq "les fichiers restent dans l'archive" "$NFIC" "$(sql "SELECT count(*) FROM lecap.fichier WHERE siret = '$S'")"
[ -f "$PHOTO" ] && ok "kill -9 après le commit : photographie pas encore supprimée" || not_ok "photographie déjà supprimée"
run_lecap retirer --siret "$S" --campagne 2025
assert_rc "relance : code 0" 0
assert_eq "relance : rien de plus à retirer, la photographie supprimée" "lecap: info: rien à retirer : aucune évaluation, aucun plan ni fichier intégré de $S pour la campagne 2025
lecap: info: photographie supprimée : $PHOTO" "$ERR"
[ -f "$PHOTO" ] && not_ok "photographie encore là" || ok "relance : photographie supprimée"
assert_eq "relance : données inchangées" "$after" "$(counts)"
run_lecap retirer --siret "$S" --campagne 2025
assert_eq "idempotent : une troisième fois, rien" "lecap: info: rien à retirer : aucune évaluation, aucun plan ni fichier intégré de $S pour la campagne 2025" "$ERR"
assert_eq "journal : une ligne par commande finie (les tuées restent ouvertes)" "3" "$(sql "SELECT count(*) FROM lecap.execution WHERE commande = 'retirer' AND fin IS NOT NULL")"

# The campaign is stale; the next run recomputes it and redraws its reports.
run_lecap status
assert_contains "status : campagne périmée par le retrait" "campagne 2025 : agrégats périmés (évaluation retirée) ; lancez lecap run" "$OUT"
run_lecap run
assert_rc "nuit suivante : code 0" 0
assert_contains "nuit suivante : campagne recalculée" "campagne 2025 recalculée (évaluation retirée) : $((NEVAL - 1)) évaluation(s)" "$ERR"
assert_eq "nuit suivante : plus de résultat de l'adhérent" "0|0" \
	"$(sql "SELECT (SELECT count(*) FROM lecap.v_score_entreprise WHERE siret = '$S'), (SELECT count(*) FROM lecap.resultat_evaluation WHERE siret = '$S')")"
[ -f "$PHOTO" ] && not_ok "nuit suivante : photographie redessinée" || ok "nuit suivante : pas de photographie de l'adhérent retiré"
run_lecap status
assert_contains "status : à jour après la nuit" "campagne 2025 : agrégats à jour" "$OUT"

# The withdrawn file dropped again: refused (quarantine, code 1)...
F=$(sql "SELECT nom FROM lecap.fichier WHERE siret = '$S' AND nature = 'reponses' ORDER BY id LIMIT 1")
cp "$TMPD/reseau/$F" "$IN/"
run_lecap ingest
assert_rc "fichier retiré redéposé : code 1" 1
assert_contains "fichier retiré redéposé : avertissement" "lecap: avertissement: $F rejeté (1 problème), mis en quarantaine : voir $F.erreurs.txt" "$ERR"
assert_eq "fichier retiré redéposé : motif" "$F:1:-: fichier retiré de la base (lecap retirer) : l'évaluation de $S pour la campagne 2025 a été retirée ; pour l'intégrer de nouveau : lecap quarantaine relancer $F, puis lecap ingest --reintegrer ; un export corrigé (autre contenu) est intégré sans cela" \
	"$(cat "$QU/$F.erreurs.txt")"
assert_eq "fichier retiré redéposé : rien d'appliqué" "0" "$(sql "SELECT count(*) FROM lecap.evaluation WHERE siret = '$S'")"
# ... unless --reintegrer.
run_lecap quarantaine relancer "$F"
assert_rc "relancer comme le motif le dit : code 0" 0
run_lecap ingest --reintegrer
assert_rc "--reintegrer : code 0" 0
assert_contains "--reintegrer : intégré" "ingestion : 1 intégré(s), 0 rejeté(s)" "$ERR"
assert_eq "--reintegrer : l'évaluation est revenue" "1|$NREP" "$(sql "SELECT count(*), sum((SELECT count(*) FROM lecap.repondant r WHERE r.evaluation_id = e.id)) FROM lecap.evaluation e WHERE siret = '$S'")"
# Once reintegrated, the same file is a doublon again.
cp "$TMPD/reseau/$F" "$IN/"
run_lecap ingest
assert_rc "réintégré puis redéposé : code 0" 0
assert_contains "réintégré puis redéposé : doublon" "0 intégré(s), 0 rejeté(s), 1 doublon(s)" "$ERR"

# Re-sent after a withdrawal (issue 23): the same file is refused, and the
# message says what to do; a corrected export (another content, even one
# exported before the withdrawn one) loads without --reintegrer.
run_lecap retirer --siret "$S" --campagne 2025 --motif "export à corriger"
assert_rc "second retrait : code 0" 0
cp "$TMPD/reseau/$F" "$IN/"
run_lecap ingest
assert_rc "même fichier après le second retrait : code 1" 1
assert_eq "même fichier : le motif dit quoi faire" "$F:1:-: fichier retiré de la base (lecap retirer) : l'évaluation de $S pour la campagne 2025 a été retirée ; pour l'intégrer de nouveau : lecap quarantaine relancer $F, puis lecap ingest --reintegrer ; un export corrigé (autre contenu) est intégré sans cela" \
	"$(cat "$QU/$F.erreurs.txt")"
H=$(sed -n 2p "$TMPD/reseau/$F" | cut -d';' -f7)
H2=$(date -d "$(echo "$H" | sed -E 's#^([0-9]{2})/([0-9]{2})/([0-9]{4})#\3-\2-\1#; s/T/ /') 1 minute ago" +%Y-%m-%dT%H:%M:%S)
V=$(sed -n 2p "$TMPD/reseau/$F" | cut -d';' -f10)
V2=$((V % 4 + 1))
awk -F';' -v OFS=';' -v h="$H" -v h2="$H2" -v v2="$V2" 'NR > 1 && $7 == h { $7 = h2 } NR == 2 { $10 = v2 } 1' \
	"$TMPD/reseau/$F" > "$IN/corrige-$S.csv"
run_lecap ingest
assert_rc "export corrigé, plus ancien que le retiré : code 0" 0
assert_contains "export corrigé : intégré" "ingestion : 1 intégré(s), 0 rejeté(s), 0 doublon(s), 0 obsolète(s)" "$ERR"
assert_eq "export corrigé : l'évaluation est revenue, de l'export corrigé" "1|$NREP|corrige-$S.csv" \
	"$(sql "SELECT count(*), sum((SELECT count(*) FROM lecap.repondant r WHERE r.evaluation_id = e.id)), max(f.nom)
	  FROM lecap.evaluation e JOIN lecap.fichier f ON f.id = e.fichier_id WHERE e.siret = '$S'")"
assert_eq "export corrigé : exporté une minute avant le retiré" "00:01:00" \
	"$(sql "SELECT (SELECT max(horodatage_export) FROM lecap.fichier WHERE nom = '$F' AND retrait_id IS NOT NULL)
	  - e.horodatage_export FROM lecap.evaluation e WHERE e.siret = '$S'")"
# The withdrawn file, put back as the message says: reintegrated, and being
# the later export, it replaces the corrected one (the usual rule).
run_lecap quarantaine relancer "$F"
assert_rc "quarantaine relancer : code 0" 0
run_lecap ingest --reintegrer
assert_rc "fichier retiré réintégré après le corrigé : code 0" 0
assert_contains "fichier retiré réintégré après le corrigé : intégré" "ingestion : 1 intégré(s), 0 rejeté(s), 0 doublon(s), 0 obsolète(s)" "$ERR"
assert_eq "le plus récent des deux exports l'emporte" "1|$F" \
	"$(sql "SELECT count(*), max(f.nom) FROM lecap.evaluation e JOIN lecap.fichier f ON f.id = e.fichier_id WHERE e.siret = '$S'")"

done_testing
