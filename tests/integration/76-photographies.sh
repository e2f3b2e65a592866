# Each member's photographie by e-mail (issue 21, item 2): lecap send and the
# end of lecap run send it to each active member address when the member's
# own inputs changed since the last successful send to that address; a
# changed PDF alone (a moved median, an upgrade) never re-sends; a corrected
# export triggers exactly one re-send per address, saying so; a member with
# two addresses gets two messages; an opted-out address none; --dry-run
# writes .eml files; kill -9 between two messages sends nothing twice.
. tests/lib.sh
. tests/smtp/sink.sh
cd "$TMPD" || exit 1
IN="$TMPD/entree"; RA="$TMPD/rapports"
export LECAP_CHEMINS_ENTREE="$IN" LECAP_CHEMINS_ARCHIVE="$TMPD/archive" \
	LECAP_CHEMINS_QUARANTAINE="$TMPD/quarantaine" LECAP_CHEMINS_RAPPORTS="$RA"
"$LECAP" generate --entreprises 4 --campagnes 2026 --graine 3 --out "$TMPD/reseau" 2>/dev/null
mkdir -p "$IN" "$TMPD/v2" && cp "$TMPD/reseau/"* "$IN/" && mv "$IN/"*-v2.csv "$TMPD/v2/"
A=91666521901759; B=96588278000012; C=86744764100012
run_lecap -q run
assert_rc "nuit initiale, diffusion éteinte : code 0" 0
REG_A=$(sql "SELECT region FROM lecap.evaluation WHERE siret = '$A'")
REG_B=$(sql "SELECT region FROM lecap.evaluation WHERE siret = '$B'")
[ -f "$RA/2026/entreprises/$REG_A/$A.pdf" ] && ok "photographie de A rendue" || not_ok "photographie de A rendue"

smtp_start "$TMPD/recus" || exit 1
export LECAP_DIFFUSION_SMTP_URL="smtp://127.0.0.1:$SMTP_PORT" LECAP_DIFFUSION_STARTTLS=$SMTP_STARTTLS \
	LECAP_DIFFUSION_EXPEDITEUR=lecap@coorace.org LECAP_DIFFUSION_DELAI=10 \
	LECAP_DIFFUSION_CONTACT=lecap-adherents@coorace.org
run_lecap recipients add "$A" direction@a.example.org "Claire Martin"
run_lecap recipients add "$A" accueil@a.example.org
run_lecap recipients add "$B" contact@b.example.org
run_lecap recipients add "$C" contact@c.example.org
run_lecap recipients remove "$C" contact@c.example.org

run_lecap send
assert_rc "send : code 0" 0
assert_eq "send : bilan" "diffusion, campagne 2026 : 0 envoyé(s), 0 inchangé(s), 0 en échec, 0 sans rapport
photographies des adhérents : 3 envoyée(s), 0 inchangée(s), 0 en échec, 0 sans photographie" "$OUT"
assert_contains "send : chaque envoi dit" "lecap: info: photographie de $A envoyée à direction@a.example.org : 250 2.0.0 Ok: message" "$ERR"
assert_eq "3 messages : deux adresses de A, une de B, aucune pour C désinscrit" \
	"accueil@a.example.org contact@b.example.org direction@a.example.org" \
	"$(ls recus | sed -n 's/^msg-[0-9]*-\(.*\)\.eml$/\1/p' | sort | tr '\n' ' ' | sed 's/ $//')"

M=$(ls recus/msg-*-direction@a.example.org.eml)
"$SMTP_PY" "$ROOT/tests/smtp/show.py" "$M" piece-a.pdf > a.txt
if cmp -s piece-a.pdf "$RA/2026/entreprises/$REG_A/$A.pdf"; then ok "pièce jointe : la photographie, octet pour octet"
else not_ok "pièce jointe : la photographie, octet pour octet"; fi
RS=$(sql "SELECT raison_sociale FROM lecap.evaluation WHERE siret = '$A'")
DATE=$(sql "SELECT to_char(date_evaluation, 'DD/MM/YYYY') FROM lecap.evaluation WHERE siret = '$A'")
NREP=$(sql "SELECT n_repondants FROM lecap.resultat_evaluation r JOIN lecap.evaluation e ON e.id = r.evaluation_id WHERE e.siret = '$A'")
assert_eq "message : en-têtes" "From: COORACE — Le Cap <lecap@coorace.org>
To: Claire Martin <direction@a.example.org>
Subject: Le Cap — votre photographie 2026 — $RS
Parties: text/plain utf-8 quoted-printable | application/pdf $A.pdf base64" \
	"$(grep -E '^(From|To|Subject|Parties):' a.txt)"
assert_contains "message : la campagne" "Veuillez trouver ci-joint la photographie Le Cap de $RS (SIRET $A) pour la campagne 2026, avec votre plan de progrès." "$(cat a.txt)"
assert_contains "message : chiffres clés de la page 1" "Chiffres clés (page 1) :
- évaluation du $DATE
- $NREP répondants
- complétude : " "$(cat a.txt)"
assert_contains "message : où poser ses questions" "Pour toute question : lecap-adherents@coorace.org." "$(cat a.txt)"
assert_not_contains "premier envoi : pas de « corrigé »" "corrigé" "$(cat a.txt)"
assert_eq "journal : lecap.envoi, par adresse, avec l'empreinte des données" "$A|accueil@a.example.org|t|t
$A|direction@a.example.org|t|t
$B|contact@b.example.org|t|t" \
	"$(sql "SELECT siret, email, reussi, donnees ~ '^[0-9a-f]{64}/([0-9a-f]{64}|-)$' FROM lecap.envoi ORDER BY 1, 2")"

run_lecap send
assert_eq "second send : rien de changé, rien envoyé" "diffusion, campagne 2026 : 0 envoyé(s), 0 inchangé(s), 0 en échec, 0 sans rapport
photographies des adhérents : 0 envoyée(s), 3 inchangée(s), 0 en échec, 0 sans photographie" "$OUT"

# The PDF changes without the member's inputs (a moved median, a new
# lecap): nothing is sent.
cp "$RA/2026/entreprises/$REG_B/$B.pdf" "$RA/2026/entreprises/$REG_A/$A.pdf"
run_lecap send
assert_eq "PDF changé, données propres inchangées : rien envoyé" "photographies des adhérents : 0 envoyée(s), 3 inchangée(s), 0 en échec, 0 sans photographie" \
	"$(echo "$OUT" | tail -1)"

# A corrected export of A, which also moves it to another region (Bretagne
# to Île-de-France): the night renders it in its new region and sends it
# again, once per address.
cp "$TMPD/v2/"* "$IN/"
awk -F';' 'BEGIN { OFS = ";" } NR > 1 { $3 = "11" } { print }' "$TMPD/v2/reponses-$A-2026-v2.csv" \
	>"$IN/reponses-$A-2026-v2.csv"
before=$(ls recus/msg-* | wc -l)
run_lecap -q run
assert_rc "nuit avec l'export corrigé : code 0" 0
assert_eq "A a changé de région" "$REG_A|11" "$(sql "SELECT '$REG_A', region FROM lecap.evaluation WHERE siret = '$A'")"
[ "$REG_A" != 11 ] && [ -f "$RA/2026/entreprises/11/$A.pdf" ] && ok "photographie de A dans sa nouvelle région" \
	|| not_ok "photographie de A dans sa nouvelle région"
assert_eq "export corrigé : un renvoi par adresse de A" "$((before + 2))" "$(ls recus/msg-* | wc -l)"
EXP=$(sql "SELECT to_char(horodatage_export, 'DD/MM/YYYY') FROM lecap.evaluation WHERE siret = '$A'")
M2=$(ls -t recus/msg-*-direction@a.example.org.eml | head -1)
assert_contains "renvoi : la photographie de la nouvelle région" "application/pdf $A.pdf" \
	"$("$SMTP_PY" "$ROOT/tests/smtp/show.py" "$M2" piece-a2.pdf)"
if cmp -s piece-a2.pdf "$RA/2026/entreprises/11/$A.pdf"; then ok "renvoi : le PDF de la nouvelle région, octet pour octet"
else not_ok "renvoi : le PDF de la nouvelle région, octet pour octet"; fi
assert_contains "renvoi : ce qui a changé" "Votre export corrigé du $EXP a été pris en compte : cette photographie remplace celle que vous avez reçue." \
	"$("$SMTP_PY" "$ROOT/tests/smtp/show.py" "$M2")"
run_lecap run
assert_eq "nuit suivante : rien renvoyé" "$((before + 2))" "$(ls recus/msg-* | wc -l)"

# --dry-run: .eml files, no journal line.
run_lecap recipients add "$B" second@b.example.org
n=$(sql "SELECT count(*) FROM lecap.envoi")
run_lecap send --dry-run --out "$TMPD/eml"
assert_rc "--dry-run : code 0" 0
assert_eq "--dry-run : bilan" "photographies des adhérents : 1 message(s) écrit(s), 3 inchangée(s), 0 sans photographie" "$(echo "$OUT" | tail -1)"
assert_eq "--dry-run : le fichier .eml" "$B-second@b.example.org.eml" "$(ls "$TMPD/eml")"
assert_eq "--dry-run : rien au journal" "$n" "$(sql "SELECT count(*) FROM lecap.envoi")"

# kill -9 between two messages: the rerun sends the other one only.
run_lecap recipients add "$A" troisieme@a.example.org
before=$(ls recus/msg-* | wc -l)
LECAP_TEST_CRASH=envoi-entre-deux run_lecap send
assert_eq "kill -9 entre deux envois : tué" "137" "$RC"
assert_eq "kill -9 entre deux envois : un message parti" "$((before + 1))" "$(ls recus/msg-* | wc -l)"
run_lecap send
assert_eq "relance : l'autre seulement" "photographies des adhérents : 1 envoyée(s), 4 inchangée(s), 0 en échec, 0 sans photographie" "$(echo "$OUT" | tail -1)"
assert_eq "deux messages en tout, un par adresse" "$((before + 2))" "$(ls recus/msg-* | wc -l)"

# An incomplete evaluation: the message says what remains to rate, by
# sub-theme (two indicators of B's first sub-theme taken out of its scores).
EB=$(sql "SELECT id FROM lecap.evaluation WHERE siret = '$B'")
STC=$(sql "SELECT st.code FROM lecap.element st JOIN lecap.evaluation e ON e.version_referentiel = st.version WHERE e.id = $EB AND st.niveau = 'sous_theme' ORDER BY st.rang LIMIT 1")
ST=$(sql "SELECT st.code || ' ' || st.libelle FROM lecap.element st JOIN lecap.evaluation e ON e.version_referentiel = st.version WHERE e.id = $EB AND st.niveau = 'sous_theme' ORDER BY st.rang LIMIT 1")
sql "UPDATE lecap.resultat_evaluation SET complete = false WHERE evaluation_id = $EB;
     DELETE FROM lecap.score WHERE evaluation_id = $EB AND niveau = 'indicateur' AND code IN (
       SELECT i.code FROM lecap.element i JOIN lecap.element o ON o.version = i.version AND o.code = i.parent
       WHERE i.version = (SELECT version_referentiel FROM lecap.evaluation WHERE id = $EB)
         AND o.parent = '$STC' AND i.niveau = 'indicateur' ORDER BY i.rang LIMIT 2);
     DELETE FROM lecap.envoi WHERE siret = '$B' AND email = 'contact@b.example.org'" >/dev/null
run_lecap send
M3=$(ls -t recus/msg-*-contact@b.example.org.eml | head -1)
assert_contains "évaluation incomplète : ce qui reste à noter" "Votre évaluation est incomplète : elle n'entre pas encore dans les statistiques du réseau. Il reste à noter :
- $ST : 2 indicateurs
Complétez ces indicateurs dans l'outil Le Cap puis envoyez un nouvel export : vous recevrez votre photographie mise à jour." \
	"$("$SMTP_PY" "$ROOT/tests/smtp/show.py" "$M3")"

# Erasing a member's address erases its journal lines (personal data).
sql "UPDATE lecap.contact_adherent SET sorti_le = current_date - 100 WHERE siret = '$B'" >/dev/null
run_lecap send
assert_eq "adresses effacées : leurs envois aussi" "0" "$(sql "SELECT count(*) FROM lecap.envoi WHERE siret = '$B'")"
done_testing
