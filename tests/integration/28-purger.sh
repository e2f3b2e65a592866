# lecap purger --siret: every row naming the member, its received files
# (inbox, archive, quarantine with reasons) and its reports erased, what was
# removed said; --dry-run changes nothing; idempotent; under the run lock;
# kill -9 before the commit leaves every row and file, after it no row and
# the files recorded (lecap.effacement_en_attente, shown by lecap status),
# erased by the next command that takes the run lock.
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
NCEL=$(sql "SELECT count(*) FROM lecap.v_reponse p JOIN lecap.evaluation e ON e.id = p.evaluation_id WHERE e.siret = '$S'")
NREP=$(sql "SELECT count(*) FROM lecap.repondant r JOIN lecap.evaluation e ON e.id = r.evaluation_id WHERE e.siret = '$S'")
NFROWS=$(sql "SELECT count(*) FROM lecap.fichier WHERE siret = '$S'")
# Its files on disk: by name (the generator names them with the SIRET).
NFILES=$(find "$IN" "$AR" "$QU" -type f -name "*$S*" | wc -l)
NPDF=$(find "$RA" -name "$S.pdf" | wc -l)
PDFS=$(find "$RA" -name "$S.pdf" | sort)
EVS=$(sql "SELECT string_agg(id::text, ',' ORDER BY id) FROM lecap.evaluation WHERE siret = '$S'")
[ "$NPDF" = 2 ] && ok "deux photographies" || not_ok "photographies : $NPDF"
# Every row naming the member, over every table with a siret column.
rows() {
	sql "SELECT string_agg(c.relname, ',' ORDER BY c.relname) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
	     WHERE c.relnamespace = 'lecap'::regnamespace AND c.relkind = 'r' AND a.attname = 'siret'" | tr ',' '\n' |
	while read -r t; do
		n=$(sql "SELECT count(*) FROM lecap.$t WHERE siret = '$S'")
		[ "$n" != 0 ] && printf '%s=%s ' "$t" "$n"
	done
	printf 'reponse=%s' "$(sql "SELECT count(*) FROM lecap.v_reponse p JOIN lecap.evaluation e ON e.id = p.evaluation_id WHERE e.siret = '$S'")"
}
# Its addresses: one added by hand, besides any the registry gave.
run_lecap recipients add "$S" contact-purge@adherent.example.org
assert_rc "adresse de l'adhérent ajoutée : code 0" 0
NADR=$(sql "SELECT count(*) FROM lecap.contact_adherent WHERE siret = '$S'")
[ "$NADR" -ge 1 ] && ok "l'adhérent a $NADR adresse(s)" || not_ok "adresses : $NADR"
before=$(rows)
total=$(sql "SELECT count(*) FROM lecap.v_reponse") 

run_lecap purger --siret 123
assert_rc "SIRET invalide : code 2" 2
run_lecap purger --help
assert_rc "--help : code 0" 0
assert_contains "--help : l'effacement sûr face aux interruptions" "Avec --siret : efface l'adhérent SIRET : en une transaction, toutes les lignes qui le désignent
(évaluations, répondants, réponses, plans, registre, entreprise, résultats,
fichiers reçus, retraits ; son SIRET est masqué dans le journal des exécutions),
avec la liste de ses fichiers à effacer (boîte de réception, archive,
quarantaine avec leurs motifs, photographies) ; après la validation, ces
fichiers un par un. Dit ce qui a été effacé ; ses campagnes sont recalculées
à la prochaine exécution. Relancer la commande n'efface rien de plus. Une
interruption après la validation laisse des fichiers en attente (lecap status
le dit) : la commande suivante qui prend le verrou d'exécution les efface." "$OUT"

# --dry-run: says what would go, changes nothing.
run_lecap purger --siret "$S" --dry-run
assert_rc "--dry-run : code 0" 0
assert_contains "--dry-run : bilan" "lecap: info: simulation (--dry-run), rien n'est effacé ; seraient effacés de l'adhérent $S : " "$ERR"
assert_contains "--dry-run : lignes" "(reponse $NCEL, repondant $NREP, evaluation 2, plan_action " "$ERR"
assert_contains "--dry-run : fichiers et rapports" "$NFILES fichier(s) reçu(s), $NPDF rapport(s) ; adresses : $NADR (lecap.contact_adherent ; lecap.destinataire ne désigne que des régions)" "$ERR"
assert_contains "--dry-run : ses adresses parmi les lignes" "contact_adherent $NADR" "$ERR"
assert_eq "--dry-run : rien d'effacé" "$before" "$(rows)"
assert_eq "--dry-run : fichiers gardés" "$NFILES" "$(find "$IN" "$AR" "$QU" -type f -name "*$S*" | wc -l)"

# Under the run lock.
hold_run_lock 3
run_lecap purger --siret "$S"
assert_rc "verrou tenu : code 4" 4
wait $holder
assert_eq "verrou tenu : rien d'effacé" "$before" "$(rows)"

# kill -9 before the commit: every row and every file as before.
gone() {
	for _ in $(seq 1 100); do
		[ "$(sql "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'lecap'")" = 0 ] && break
		sleep 0.1
	done
}
ondisk() {
	echo "$(find "$IN" "$AR" "$QU" -type f -name "*$S*" | wc -l)+$(find "$RA" -name "$S.pdf" | wc -l)"
}
LECAP_TEST_CRASH=purger-avant-fichiers run_lecap purger --siret "$S"
assert_eq "kill -9 avant le commit : tué" "137" "$RC"
gone
assert_eq "kill -9 avant le commit : base comme avant" "$before" "$(rows)"
assert_eq "kill -9 avant le commit : fichiers comme avant" "$NFILES+$NPDF" "$(ondisk)"
assert_eq "kill -9 avant le commit : rien en attente" "0" "$(sql "SELECT count(*) FROM lecap.effacement_en_attente")"

# kill -9 after the commit: no row left; the files are recorded, still there,
# and lecap status says so.
LECAP_TEST_CRASH=purger-apres-commit run_lecap purger --siret "$S"
assert_eq "kill -9 après le commit : tué" "137" "$RC"
gone
assert_eq "kill -9 après le commit : plus aucune ligne" "reponse=0" "$(rows)"
assert_eq "kill -9 après le commit : les autres réponses restent" "$((total - NCEL))" "$(sql "SELECT count(*) FROM lecap.v_reponse")"
assert_eq "kill -9 après le commit : fichiers pas encore effacés" "$NFILES+$NPDF" "$(ondisk)"
assert_eq "kill -9 après le commit : tous ses fichiers en attente" "$((NFILES + NPDF))" \
	"$(sql "SELECT count(*) FROM lecap.effacement_en_attente WHERE strpos(chemin, '$S') > 0 OR sha256 IS NOT NULL")"
assert_eq "journal : SIRET masqué" "0" "$(sql "SELECT count(*) FROM lecap.execution WHERE strpos(messages, '$S') > 0")"
run_lecap status
assert_rc "status : code 0" 0
assert_contains "status : effacement en attente" "Effacement d'adhérent interrompu : $((NFILES + NPDF)) fichier(s) restent à effacer (décidé le " "$OUT"
assert_contains "status : ce qui le finit" " ; lecap purger, ou toute commande qui prend le verrou d'exécution, les efface" "$OUT"
# The pending paths name members: an analyst's status does not read them
# (lecap.effacement_en_attente is not hers), and says nothing of them.
sql "DO \$\$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 't28_analyste') THEN
  CREATE ROLE t28_analyste LOGIN; END IF; END \$\$; GRANT lecap_analyste TO t28_analyste" >/dev/null
run_lecap -d "user=t28_analyste" status
assert_rc "status d'un analyste : code 0" 0
assert_not_contains "status d'un analyste : pas d'effacement en attente" "Effacement d'adhérent" "$OUT"
assert_contains "status d'un analyste : le reste est dit" "Dernières exécutions :" "$OUT"

# A command run with --dry-run touches none of them, and says so.
run_lecap purger --siret "$S" --dry-run
assert_rc "--dry-run pendant l'attente : code 0" 0
assert_contains "--dry-run pendant l'attente : dit" "lecap: avertissement: effacement d'adhérent interrompu : $((NFILES + NPDF)) fichier(s) restent à effacer ; --dry-run n'y touche pas, lecap purger (ou la prochaine exécution) les efface" "$ERR"
assert_eq "--dry-run pendant l'attente : rien effacé" "$NFILES+$NPDF|$((NFILES + NPDF))" \
	"$(ondisk)|$(sql "SELECT count(*) FROM lecap.effacement_en_attente")"

# kill -9 between two files (purger again, which finishes first): one fewer.
LECAP_TEST_CRASH=purger-pendant-fichiers run_lecap purger --siret "$S"
assert_eq "kill -9 entre deux fichiers : tué" "137" "$RC"
gone
assert_contains "kill -9 entre deux fichiers : reprise dite" "lecap: avertissement: effacement d'adhérent interrompu : $((NFILES + NPDF)) fichier(s) restaient à effacer, effacement repris" "$ERR"
assert_eq "kill -9 entre deux fichiers : un fichier effacé, un de moins en attente" \
	"$((NFILES + NPDF - 1))|$((NFILES + NPDF - 1))" \
	"$(($(find "$IN" "$AR" "$QU" -type f -name "*$S*" | wc -l) + $(find "$RA" -name "$S.pdf" | wc -l)))|$(sql "SELECT count(*) FROM lecap.effacement_en_attente")"
run_lecap status
assert_contains "status : un de moins" "Effacement d'adhérent interrompu : $((NFILES + NPDF - 1)) fichier(s) restent à effacer" "$OUT"

# The member's own results (scores, colleges' scores, divergences) stay until
# the next aggregation of their campaigns, which finds them by their digest
# (lecap.empreinte_evaluation) instead of reading every row of the campaign.
# Rows older than the digests (a member erased between the last aggregation
# and migration 042) had none: migration 044 gives them one, no line counted.
own() {
	sql "SELECT (SELECT count(*) FROM lecap.score WHERE evaluation_id IN ($EVS)) > 0
	     OR (SELECT count(*) FROM lecap.score_college WHERE evaluation_id IN ($EVS)) > 0
	     OR (SELECT count(*) FROM lecap.divergence WHERE evaluation_id IN ($EVS)) > 0
	     OR (SELECT count(*) FROM lecap.consensus_evaluation WHERE evaluation_id IN ($EVS)) > 0
	     OR (SELECT count(*) FROM lecap.divergence_colleges WHERE evaluation_id IN ($EVS)) > 0"
}
assert_eq "effacé, pas encore agrégé : ses résultats propres et leur empreinte restent" "t|2" \
	"$(own)|$(sql "SELECT count(*) FROM lecap.empreinte_evaluation WHERE evaluation_id IN ($EVS)")"
NEMP=$(sql "SELECT count(*) FROM lecap.empreinte_evaluation")
sql "DELETE FROM lecap.empreinte_evaluation WHERE evaluation_id IN ($EVS)" >/dev/null
psql -X -q -v ON_ERROR_STOP=1 -f "$ROOT/sql/044_empreinte_toutes_lignes.sql" >/dev/null
assert_eq "migration 044 : une empreinte sans ligne comptée pour chacune, rien d'autre" "2|0|0|$NEMP" \
	"$(sql "SELECT count(*) || '|' || sum(lignes) || '|' || sum(somme) || '|' || (SELECT count(*) FROM lecap.empreinte_evaluation)
	          FROM lecap.empreinte_evaluation WHERE evaluation_id IN ($EVS)")"

# Meanwhile the member drops a new file under the same name in the inbox:
# another content, not the one the erasure was decided on — kept.
echo "nouveau dépôt" > "$IN/attente-$S.csv"
# Any command that takes the run lock finishes it.
run_lecap aggregate
assert_rc "aggregate après l'interruption : code 0" 0
assert_contains "reprise : dite" "lecap: avertissement: effacement d'adhérent interrompu : $((NFILES + NPDF - 1)) fichier(s) restaient à effacer, effacement repris" "$ERR"
assert_contains "aggregate : campagnes recalculées" "campagne 2025 recalculée (adhérent effacé)" "$ERR"
assert_eq "aggregate : ses résultats propres et leur empreinte effacés" "f|0" \
	"$(own)|$(sql "SELECT count(*) FROM lecap.empreinte_evaluation WHERE evaluation_id IN ($EVS)")"
assert_contains "reprise : le nouveau dépôt gardé, dit" "lecap: avertissement: fichier gardé : redéposé depuis la décision d'effacement, avec un autre contenu
lecap: info: gardé (contenu changé depuis) : $IN/attente-$S.csv" "$ERR"
assert_contains "reprise : bilan" "lecap: info: effacement d'adhérent repris : $((NFILES + NPDF - 2)) fichier(s) effacé(s)" "$ERR"
assert_eq "reprise : le nouveau dépôt est là" "nouveau dépôt" "$(cat "$IN/attente-$S.csv")"
assert_eq "journal de la reprise : SIRET absent" "0" "$(sql "SELECT count(*) FROM lecap.execution WHERE strpos(messages, '$S') > 0")"
assert_contains "journal de la reprise : l'avertissement y est" "effacement d'adhérent interrompu" \
	"$(sql "SELECT messages FROM lecap.execution WHERE commande = 'aggregate' ORDER BY id DESC LIMIT 1")"
rm "$IN/attente-$S.csv" # the operator's call (a new deposit)
assert_eq "reprise : plus rien en attente" "0" "$(sql "SELECT count(*) FROM lecap.effacement_en_attente")"
assert_eq "plus aucun fichier reçu ni rapport" "0+0" "$(ondisk)"
assert_eq "motifs de quarantaine effacés" "0" "$(ls "$QU" | wc -l)"
assert_eq "base et fichiers d'accord : plus aucune ligne" "reponse=0" "$(rows)"
run_lecap status
assert_not_contains "status : plus d'effacement en attente" "Effacement d'adhérent interrompu" "$OUT"
run_lecap purger --siret "$S"
assert_rc "relance : code 0" 0
assert_eq "idempotent : rien de plus" "lecap: info: effacé : adhérent $S : 0 ligne(s) (aucune), 0 fichier(s) reçu(s), 0 rapport(s) ; adresses : 0 (lecap.contact_adherent ; lecap.destinataire ne désigne que des régions)" "$ERR"

# The next night: nothing of it comes back.
run_lecap run
assert_rc "nuit suivante : code 0" 0
assert_eq "nuit suivante : toujours rien" "reponse=0" "$(rows)"
assert_eq "nuit suivante : aucune photographie" "0" "$(find "$RA" -name "$S.pdf" | wc -l)"

done_testing
