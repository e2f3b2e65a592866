# lecap send --dry-run: writes the messages that would be sent as .eml
# files, records nothing; they are the very messages a real sending then
# delivers (but for Date and Message-ID).
. tests/lib.sh
. tests/smtp/sink.sh
cd "$TMPD" || exit 1
FIX="$ROOT/tests/fixtures/diffusion"

run_lecap init
assert_rc "init : code 0" 0

export LECAP_CHEMINS_RAPPORTS="$TMPD/rapports"
export LECAP_DIFFUSION_EXPEDITEUR=lecap@coorace.org
export LECAP_DIFFUSION_STARTTLS=non
unset LECAP_DIFFUSION_SMTP_URL
mkdir -p rapports/2026/regions
cp "$FIX/rapport-a.pdf" rapports/2026/regions/84-auvergne-rhone-alpes.pdf
cp "$FIX/rapport-b.pdf" rapports/2026/national.pdf
run_lecap recipients add 84 jean.dupont@example.org "Jean Dupont"
run_lecap recipients add FR direction@coorace.org "Délégation nationale"

# No server needed for a dry run.
run_lecap send --dry-run
assert_rc "--dry-run : code 0" 0
assert_eq "--dry-run : bilan" "simulation, campagne 2026 : 2 message(s) écrit(s), 0 inchangé(s), 0 sans rapport" "$OUT"
assert_eq "--dry-run : les fichiers .eml" "FR-direction@coorace.org.eml
84-jean.dupont@example.org.eml" "$(ls rapports/2026/envois | sort -r)"
assert_contains "--dry-run : chaque fichier est signalé" \
	"lecap: info: simulation : message pour jean.dupont@example.org écrit dans $TMPD/rapports/2026/envois/84-jean.dupont@example.org.eml" "$ERR"
assert_eq "--dry-run : rien enregistré" "0" "$(sql "SELECT count(*) FROM lecap.envoi")"
assert_eq "--dry-run : pas d'exécution journalisée" "0" "$(sql "SELECT count(*) FROM lecap.execution WHERE commande = 'send'")"
"$SMTP_PY" "$ROOT/tests/smtp/show.py" rapports/2026/envois/84-jean.dupont@example.org.eml piece.pdf > /dev/null
if cmp -s piece.pdf "$FIX/rapport-a.pdf"; then ok "--dry-run : la pièce jointe du .eml est le PDF"
else not_ok "--dry-run : la pièce jointe du .eml est le PDF"; fi

run_lecap send --dry-run --out "$TMPD/eml" --region FR
assert_rc "--dry-run --out : code 0" 0
assert_eq "--dry-run --out --region FR : un seul fichier" "FR-direction@coorace.org.eml" "$(ls eml)"

run_lecap send --out "$TMPD/eml"
assert_rc "--out sans --dry-run : code 2" 2
assert_eq "--out sans --dry-run : message" "lecap: erreur: --out ne s'emploie qu'avec --dry-run
lecap: astuce: usage : lecap send [--campagne ANNÉE] [--region CODE] [--dry-run [--out RÉP]]" "$ERR"
run_lecap send --frob
assert_rc "option inconnue : code 2" 2
assert_eq "option inconnue : message" "lecap: erreur: option inconnue pour send : « --frob »
lecap: astuce: lecap send --help liste ses options" "$ERR"

# A real sending delivers the same bytes, Date and Message-ID aside.
smtp_start "$TMPD/recus" || exit 1
export LECAP_DIFFUSION_SMTP_URL="smtp://127.0.0.1:$SMTP_PORT"
run_lecap send
assert_rc "envoi réel : code 0" 0
for f in 84-jean.dupont@example.org FR-direction@coorace.org; do
	email=${f#*-}
	grep -v -e '^Date: ' -e '^Message-ID: ' "rapports/2026/envois/$f.eml" > a.txt
	grep -v -e '^Date: ' -e '^Message-ID: ' recus/msg-*-"$email".eml > b.txt
	if cmp -s a.txt b.txt; then ok "le .eml de $email est le message envoyé"
	else not_ok "le .eml de $email est le message envoyé" "$(diff a.txt b.txt | head -5)"; fi
done

# After a real sending, a dry run has nothing to write.
rm -rf rapports/2026/envois
run_lecap send --dry-run
assert_eq "--dry-run après envoi : rien à écrire" \
	"simulation, campagne 2026 : 0 message(s) écrit(s), 2 inchangé(s), 0 sans rapport" "$OUT"
assert_eq "--dry-run après envoi : répertoire vide" "" "$(ls rapports/2026/envois)"

# No reports at all.
LECAP_CHEMINS_RAPPORTS="$TMPD/vide" run_lecap send --dry-run
assert_rc "aucun rapport : code 0" 0
assert_eq "aucun rapport : avertissement" "lecap: avertissement: aucun rapport dans $TMPD/vide : rien à diffuser" "$ERR"
done_testing
