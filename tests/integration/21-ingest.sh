# lecap ingest: dispositions, atomicity per file, doublons, replacement,
# obsolescence, text stored verbatim, file modes.
. tests/lib.sh

IN="$TMPD/entree"; AR="$TMPD/archive"; QU="$TMPD/quarantaine"
export LECAP_CHEMINS_ENTREE="$IN" LECAP_CHEMINS_ARCHIVE="$AR" LECAP_CHEMINS_QUARANTAINE="$QU"
mkdir -p "$IN"
V="$ROOT/tests/fixtures/valides"
RJ="$ROOT/tests/fixtures/rejets"

# Without the referential in the database: refused.
run_lecap ingest
assert_rc "base sans schéma : code 3" 3
run_lecap -q init
run_lecap ingest
assert_rc "boîte vide : code 0" 0
assert_contains "résumé au niveau info" "lecap: info: ingestion : 0 intégré(s), 0 rejeté(s), 0 doublon(s), 0 obsolète(s) ; 0 cellule(s) chargée(s) en" "$ERR"
LECAP_REFERENTIEL_VERSION=cap-rse-2027 run_lecap ingest
assert_rc "version de grille absente de la base : code 2" 2
assert_contains "version absente : dit quoi faire" "lecap: astuce: lancez lecap init pour la charger, puis relancez lecap ingest" "$ERR"

# A batch mixing valid and invalid files.
cp "$V/crlf.csv" "$IN/a-reponses.csv"
cp "$V/plan-libelles.csv" "$IN/b-plan.csv"
cp "$V/adherents.csv" "$IN/c-adherents.csv"
cp "$RJ/01-note-5.csv" "$RJ/13-deux-consensus.csv" "$RJ/41-plan-offre-inconnue.csv" "$RJ/45-adherents-date-invalide.csv" "$IN/"
cp "$RJ/21-zero-octet.csv" "$IN/"
touch "$IN/.cache" "$IN/vieux.csv.erreurs.txt"
run_lecap ingest
assert_rc "lot mixte : code 1" 1
assert_contains "lot mixte : résumé" "lecap: info: ingestion : 3 intégré(s), 5 rejeté(s), 0 doublon(s), 0 obsolète(s) ; 8 cellule(s) chargée(s) en" "$ERR"
assert_contains "lot mixte : un avertissement par rejet" "lecap: avertissement: 01-note-5.csv rejeté (1 problème), mis en quarantaine : voir 01-note-5.csv.erreurs.txt" "$ERR"
assert_eq "les valides sont chargés" "1|1|3|8|2|2|2" "$(sql "SELECT (SELECT count(*) FROM lecap.evaluation), (SELECT count(*) FROM lecap.plan),
  (SELECT count(*) FROM lecap.repondant), (SELECT count(*) FROM lecap.v_reponse), (SELECT count(*) FROM lecap.plan_action),
  (SELECT count(*) FROM lecap.plan_action_offre), (SELECT count(*) FROM lecap.adherent)")"
assert_eq "les rejetés ne laissent aucune ligne" "0" "$(sql "SELECT count(*) FROM lecap.evaluation e JOIN lecap.fichier f ON f.id = e.fichier_id WHERE f.statut <> 'integre'")"
assert_eq "chaque fichier a sa ligne dans lecap.fichier" \
"01-note-5.csv|rejete|reponses
13-deux-consensus.csv|rejete|reponses
21-zero-octet.csv|rejete|inconnu
41-plan-offre-inconnue.csv|rejete|plan
45-adherents-date-invalide.csv|rejete|adherents
a-reponses.csv|integre|reponses
b-plan.csv|integre|plan
c-adherents.csv|integre|adherents" "$(sql "SELECT nom, statut, nature FROM lecap.fichier ORDER BY nom")"
assert_eq "boîte de réception : ne restent que les ignorés" ".cache vieux.csv.erreurs.txt" "$(ls -A "$IN" | tr '\n' ' ' | sed 's/ $//')"
assert_eq "archive par campagne" "2025/a-reponses.csv 2025/b-plan.csv adherents/c-adherents.csv" \
	"$(cd "$AR" && find . -type f | sed 's|^\./||' | sort | tr '\n' ' ' | sed 's/ $//')"
assert_eq "quarantaine : le fichier et ses motifs" "$(sed 's/^/x/' /dev/null)$(cat "$RJ/01-note-5.attendu")" "$(cat "$QU/01-note-5.csv.erreurs.txt")"
assert_eq "quarantaine : mêmes messages que check (plan)" "$(cat "$RJ/41-plan-offre-inconnue.attendu")" "$(cat "$QU/41-plan-offre-inconnue.csv.erreurs.txt")"
assert_eq "motifs aussi dans lecap.fichier" "$(cat "$RJ/13-deux-consensus.attendu")" "$(sql "SELECT messages FROM lecap.fichier WHERE nom = '13-deux-consensus.csv'")"
assert_eq "droits : 0640 pour les motifs, 0750 pour les répertoires" "640 750 750" \
	"$(stat -c %a "$QU/01-note-5.csv.erreurs.txt") $(stat -c %a "$AR/2025") $(stat -c %a "$QU")"
assert_eq "le journal d'exécution compte les fichiers" "ingest|3|5|0|0|1" \
	"$(sql "SELECT commande, fichiers_integres, fichiers_rejetes, fichiers_doublons, fichiers_obsoletes, code_sortie FROM lecap.execution ORDER BY id DESC LIMIT 1")"
run_lecap -v ingest
assert_contains "fichiers cachés ignorés (debug)" "lecap: debug: .cache ignoré : fichier caché (nom commençant par un point)" "$ERR"
assert_contains "rapports d'erreurs ignorés (debug)" "lecap: debug: vieux.csv.erreurs.txt ignoré : rapport d'erreurs" "$ERR"
rm -f "$IN/.cache" "$IN/vieux.csv.erreurs.txt"

snapshot() {
	sql "SELECT md5(string_agg(x, ',' ORDER BY x)) FROM (
	  SELECT e.siret || e.campagne || e.horodatage_export || e.raison_sociale || r.pseudonyme || r.college || p.indicateur || coalesce(p.note::text, 'NC') AS x
	  FROM lecap.evaluation e JOIN lecap.repondant r ON r.evaluation_id = e.id
	  JOIN lecap.v_reponse p ON p.evaluation_id = e.id AND p.repondant = r.numero
	  UNION ALL SELECT pl.siret || a.numero || a.action || a.statut || coalesce(string_agg(o.offre, '|' ORDER BY o.offre), '')
	  FROM lecap.plan pl JOIN lecap.plan_action a ON a.plan_id = pl.id LEFT JOIN lecap.plan_action_offre o
	  ON o.plan_id = a.plan_id AND o.numero = a.numero GROUP BY pl.siret, a.numero, a.action, a.statut
	  UNION ALL SELECT siret || raison_sociale || region || coalesce(date_adhesion::text, '') FROM lecap.adherent) t"
}

# Re-ingesting is a no-op: doublons, archived, nothing applied.
before=$(snapshot)
cp "$AR/2025/a-reponses.csv" "$IN/a-reponses.csv"
cp "$AR/2025/b-plan.csv" "$IN/b-plan-encore.csv"
cp "$AR/adherents/c-adherents.csv" "$IN/c-adherents.csv"
run_lecap ingest
assert_rc "réingestion : code 0" 0
assert_contains "réingestion : trois doublons" "lecap: info: ingestion : 0 intégré(s), 0 rejeté(s), 3 doublon(s), 0 obsolète(s)" "$ERR"
assert_eq "réingestion : base inchangée" "$before" "$(snapshot)"
assert_eq "réingestion : rien n'est écrasé dans l'archive" "a-reponses.csv a-reponses.csv.1 b-plan-encore.csv b-plan.csv" "$(ls "$AR/2025" | tr '\n' ' ' | sed 's/ $//')"
assert_eq "réingestion : les doublons sont enregistrés avec ce qu'on sait de l'original" \
"a-reponses.csv|reponses|82601815200015|2025
b-plan-encore.csv|plan|82601815200015|2025
c-adherents.csv|adherents||" "$(sql "SELECT nom, nature, siret, campagne FROM lecap.fichier WHERE statut = 'doublon' ORDER BY nom")"

# A later export replaces the earlier evaluation entirely.
sed 's/2025-03-20T16:42:05+01:00/2025-03-22T09:00:00+01:00/; s/;R1;direction;4;3;2/;R9;benevole;1;1;1/' "$V/crlf.csv" | grep -v ';G;consensus' > "$IN/d-plus-recent.csv"
run_lecap ingest
assert_rc "export plus récent : code 0" 0
assert_eq "l'évaluation est remplacée entièrement" "2025-03-22 09:00:00+01|R2,R9|5" "$(sql "SELECT e.horodatage_export, (SELECT string_agg(pseudonyme, ',' ORDER BY pseudonyme) FROM lecap.repondant WHERE evaluation_id = e.id), (SELECT count(*) FROM lecap.v_reponse WHERE evaluation_id = e.id) FROM lecap.evaluation e")"
assert_eq "aucune réponse orpheline" "5" "$(sql "SELECT count(*) FROM lecap.v_reponse")"
# An earlier export arriving after a later one is obsolete.
sed 's/2025-03-20T16:42:05+01:00/2025-03-21T08:00:00+01:00/' "$V/crlf.csv" > "$IN/e-plus-ancien.csv"
run_lecap -v ingest
assert_rc "export plus ancien : code 0" 0
assert_contains "export plus ancien : obsolète" "lecap: debug: e-plus-ancien.csv : obsolète (un export plus récent de 82601815200015 pour 2025 est déjà intégré), archivé" "$ERR"
assert_eq "export plus ancien : rien ne change" "2025-03-22 09:00:00+01|5" "$(sql "SELECT horodatage_export, (SELECT count(*) FROM lecap.v_reponse) FROM lecap.evaluation")"
assert_eq "export plus ancien : statut obsolete, archivé" "obsolete|yes" "$(sql "SELECT statut FROM lecap.fichier WHERE nom = 'e-plus-ancien.csv'")|$([ -f "$AR/2025/e-plus-ancien.csv" ] && echo yes)"
# A later plan replaces the earlier one; an earlier plan is obsolete.
sed 's/2025-03-20T16:45:12+01:00/2025-04-01T10:00:00+02:00/' "$V/plan-libelles.csv" | head -2 > "$IN/f-plan-recent.csv"
sed 's/2025-03-20T16:45:12+01:00/2025-03-01T10:00:00+01:00/' "$V/plan-libelles.csv" > "$IN/g-plan-ancien.csv"
run_lecap ingest
assert_eq "plan plus récent : remplace, plan plus ancien : obsolète" "1|0|obsolete" "$(sql "SELECT (SELECT count(*) FROM lecap.plan_action), (SELECT count(*) FROM lecap.plan_action_offre), (SELECT statut FROM lecap.fichier WHERE nom = 'g-plan-ancien.csv')")"

# Text is stored verbatim, in UTF-8, whatever the file's encoding.
sed 's/2025-03-20T16:42:05+01:00/2025-03-22T10:00:00+01:00/' "$V/sql-dans-nom.csv" > "$IN/h-sql.csv"
run_lecap ingest
assert_rc "texte SQL dans un nom : accepté" 0
assert_eq "texte SQL stocké tel quel" "Robert'); DROP TABLE lecap.reponse;--" "$(sql "SELECT raison_sociale FROM lecap.evaluation")"
cp "$V/cp1252.csv" "$IN/i-cp1252.csv"
sed -i 's/2025-03-20T16:42:05+01:00/2025-03-23T16:42:05+01:00/' "$IN/i-cp1252.csv"
run_lecap ingest
assert_eq "Windows-1252 transcodé en UTF-8" "Les Ateliers de l’Estuaire — Œuvre" "$(sql "SELECT raison_sociale FROM lecap.evaluation")"
assert_eq "plan : guillemets, antislash, libellés normalisés" "Action \"citée\" et\\antislash|a_engager|1" \
	"$(sql "SELECT action, statut, priorite FROM lecap.plan_action WHERE numero = 1")"

# A symbolic link is not followed: quarantined.
ln -s "$V/bom.csv" "$IN/j-lien.csv"
run_lecap ingest
assert_rc "lien symbolique : code 1" 1
assert_eq "lien symbolique : motif" "j-lien.csv:1:-: lien symbolique refusé (il n'est pas suivi) : déposez le fichier lui-même dans la boîte de réception" "$(cat "$QU/j-lien.csv.erreurs.txt")"
[ -L "$QU/j-lien.csv" ] && ok "lien symbolique : déplacé tel quel" || not_ok "lien symbolique : déplacé tel quel"

# A file rejected twice keeps both copies.
cp "$RJ/01-note-5.csv" "$IN/"
run_lecap ingest
assert_eq "quarantaine : rien n'est écrasé" "01-note-5.csv 01-note-5.csv.1 01-note-5.csv.1.erreurs.txt 01-note-5.csv.erreurs.txt" "$(ls "$QU" | grep '^01' | tr '\n' ' ' | sed 's/ $//')"
assert_contains "quarantaine : l'avertissement nomme le .erreurs.txt écrit" "lecap: avertissement: 01-note-5.csv rejeté (1 problème), mis en quarantaine : voir 01-note-5.csv.1.erreurs.txt" "$ERR"

# Another directory than the configured inbox.
mkdir "$TMPD/ailleurs"
sed 's/82601815200015/44821993100012/g' "$V/bom.csv" > "$TMPD/ailleurs/k.csv"
run_lecap ingest "$TMPD/ailleurs"
assert_rc "répertoire en argument : code 0" 0
assert_eq "répertoire en argument : chargé" "2" "$(sql "SELECT count(*) FROM lecap.evaluation")"
run_lecap ingest a b
assert_rc "deux répertoires : code 2" 2

done_testing
