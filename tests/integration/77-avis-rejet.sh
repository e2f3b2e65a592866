# Rejection notice to a member (issue 21, item 5): a member whose export is
# rejected is told at each active address: the file name, its problems as
# LINE:COLUMN: message (at most 20, then the count), what to do; never twice
# for the same file, even dropped again; nothing to a member without address.
. tests/lib.sh
. tests/smtp/sink.sh
diffusion_night
QU="$TMPD/quarantaine"
B=96588278000012; C=86744764100012
smtp_start "$TMPD/recus" || exit 1
export LECAP_DIFFUSION_SMTP_URL="smtp://127.0.0.1:$SMTP_PORT" LECAP_DIFFUSION_STARTTLS=$SMTP_STARTTLS \
	LECAP_DIFFUSION_EXPEDITEUR=lecap@coorace.org LECAP_DIFFUSION_DELAI=10
run_lecap recipients add "$B" contact@b.example.org "Paul Petit"
run_lecap send
before=$(ls recus/msg-* | wc -l)

# B's export with 36 bad notes (6 columns × 6 respondents); C's with one, C
# has no address.
awk -F';' 'BEGIN { OFS = ";" } NR > 1 { for (i = 10; i <= 15; i++) $i = "5" } { print }' \
	"$TMPD/reseau/reponses-$B-2026.csv" >"$IN/reponses-$B-2026-corrige.csv"
awk -F';' 'BEGIN { OFS = ";" } NR == 2 { $10 = "5" } { print }' \
	"$TMPD/reseau/reponses-$C-2026.csv" >"$IN/reponses-$C-2026-corrige.csv"
cp "$IN/reponses-$B-2026-corrige.csv" "$TMPD/casse.csv"
run_lecap -q run
assert_rc "nuit avec deux rejets : code 1" 1
assert_eq "un avis, à la seule adresse de B" "$((before + 1))" "$(ls recus/msg-* | wc -l)"
M=$(ls -t recus/msg-*-contact@b.example.org.eml | head -1)
"$SMTP_PY" "$ROOT/tests/smtp/show.py" "$M" >avis.txt
F="reponses-$B-2026-corrige.csv"
DAY=$(date +%d/%m/%Y)
PROBLEMS=$(sql "SELECT messages FROM lecap.fichier WHERE nom = '$F'" | head -20 | sed "s/^$F://")
assert_eq "l'avis : 36 problèmes enregistrés" "36" "$(sql "SELECT messages FROM lecap.fichier WHERE nom = '$F'" | grep -c .)"
assert_eq "l'avis : le texte" "Subject: Le Cap — votre fichier $F n'a pas été intégré
---
Bonjour Paul Petit,

Le fichier « $F » reçu le $DAY n'a pas pu être intégré à Le Cap. Problèmes relevés :
$PROBLEMS
… et 16 autres problèmes (36 en tout).

Que faire : corrigez ces points (LIGNE:COLONNE désigne la ligne du fichier, l'en-tête étant la ligne 1, et sa colonne), ou refaites l'export depuis l'outil Le Cap, puis envoyez le fichier corrigé : il sera intégré la nuit suivante et vous recevrez votre photographie.
Pour toute question : lecap@coorace.org." "$(sed -n '/^Subject:/p; /^---$/,$p' avis.txt)"
assert_contains "l'avis : LIGNE:COLONNE: message" "2:1.1.1.a: " "$(echo "$PROBLEMS" | head -1)"
assert_eq "journal des avis" "$B|contact@b.example.org|t|$F" \
	"$(sql "SELECT a.siret, a.email, a.reussi, f.nom FROM lecap.avis_rejet a JOIN lecap.fichier f ON f.id = a.fichier_id")"

# Never twice: another send, then the same bytes dropped again.
run_lecap send
assert_eq "send suivant : pas de second avis" "$((before + 1))" "$(ls recus/msg-* | wc -l)"
cp "$TMPD/casse.csv" "$IN/reponses-$B-2026-encore.csv"
run_lecap -q run
assert_eq "le même fichier redéposé : pas de second avis" "$((before + 1))" "$(ls recus/msg-* | wc -l)"

# Analysts and delegates cannot read the notices.
for r in lecap_analyste lecap_delegue; do
	assert_eq "$r : avis_rejet refusé" "ERROR:  permission denied for table avis_rejet" \
		"$(psql -X -qAt -c "SET ROLE $r; SELECT count(*) FROM lecap.avis_rejet" 2>&1 | head -1)"
done
# lecap purger --siret erases the member's messages written by send --dry-run
# (its photographie, the notices of its files), not another member's.
run_lecap recipients add "$B" autre@b.example.org
run_lecap recipients add "$C" contact@c.example.org
run_lecap send --dry-run
ENV="$TMPD/rapports/2026/envois"
FB1=$(sql "SELECT id FROM lecap.fichier WHERE nom = '$F'")
FB2=$(sql "SELECT id FROM lecap.fichier WHERE nom = 'reponses-$B-2026-encore.csv'")
FC=$(sql "SELECT id FROM lecap.fichier WHERE nom = 'reponses-$C-2026-corrige.csv'")
assert_eq "send --dry-run : les messages écrits" "$(printf '%s\n' "$B-autre@b.example.org.eml" \
	"$C-contact@c.example.org.eml" "rejet-$FB1-autre@b.example.org.eml" "rejet-$FB2-autre@b.example.org.eml" \
	"rejet-$FC-contact@c.example.org.eml" | sort)" "$(ls "$ENV" | sort)"
run_lecap purger --siret "$B" --dry-run
assert_rc "purger --dry-run : code 0" 0
assert_contains "purger --dry-run : les messages comptés" "rapport(s), 3 message(s) de lecap send --dry-run ; adresses : 2" "$ERR"
assert_contains "purger --dry-run : le message nommé" "serait effacé : $ENV/rejet-$FB2-autre@b.example.org.eml" "$ERR"
assert_eq "purger --dry-run : rien effacé" "5" "$(ls "$ENV" | wc -l)"
run_lecap purger --siret "$B"
assert_rc "purger : code 0" 0
assert_contains "purger : les messages comptés" "rapport(s), 3 message(s) de lecap send --dry-run ; adresses : 2" "$ERR"
assert_eq "purger : les messages de B effacés, ceux de C gardés" "$(printf '%s\n' "$C-contact@c.example.org.eml" \
	"rejet-$FC-contact@c.example.org.eml")" "$(ls "$ENV" | sort)"
done_testing
