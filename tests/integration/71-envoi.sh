# lecap send against a local SMTP sink: the messages arrive, in French, with
# the PDF attached byte for byte; a second run sends nothing; a changed
# report is sent again to its region only.
. tests/lib.sh
. tests/smtp/sink.sh
cd "$TMPD" || exit 1
FIX="$ROOT/tests/fixtures/diffusion"

run_lecap init
assert_rc "init : code 0" 0
smtp_start "$TMPD/recus" || exit 1

export LECAP_CHEMINS_RAPPORTS="$TMPD/rapports"
export LECAP_DIFFUSION_SMTP_URL="smtp://127.0.0.1:$SMTP_PORT"
export LECAP_DIFFUSION_STARTTLS=$SMTP_STARTTLS
export LECAP_DIFFUSION_EXPEDITEUR=lecap@coorace.org
export LECAP_DIFFUSION_DELAI=10

mkdir -p rapports/2025/regions rapports/2026/regions
cp "$FIX/rapport-b.pdf" rapports/2025/regions/84-auvergne-rhone-alpes.pdf
cp "$FIX/rapport-a.pdf" rapports/2026/regions/84-auvergne-rhone-alpes.pdf
cp "$FIX/rapport-b.pdf" rapports/2026/national.pdf

run_lecap recipients add 84 jean.dupont@example.org "Jean Dupont"
run_lecap recipients add 84 emilie@example.org "Émilie Durand"
run_lecap recipients add FR direction@coorace.org
run_lecap recipients add 53 marie@example.org "Marie"
run_lecap recipients add 84 ancien@example.org
run_lecap recipients remove 84 ancien@example.org

# Key figures come from the aggregates (lecap.v_participation).
sql "INSERT INTO lecap.participation (campagne, region, n_adherents, n_adherents_evalues,
  taux_participation, n_sans_evaluation_recente, n_jamais_evalues, n_evaluations, n_completes, n_repondants)
  VALUES (2026, '84', 20, 12, 0.6, 3, 5, 14, 12, 40)" >/dev/null

run_lecap send
assert_rc "send : code 0" 0
assert_eq "send : bilan (dernière campagne)" \
	"diffusion, campagne 2026 : 3 envoyé(s), 0 inchangé(s), 0 en échec, 1 sans rapport" "$OUT"
assert_contains "send : la région sans rapport est signalée" \
	"lecap: avertissement: pas de rapport régional pour la campagne 2026 (région 53) : rien envoyé à marie@example.org" "$ERR"
assert_contains "send : chaque envoi est signalé avec la réponse du serveur" \
	"lecap: info: rapport 84-auvergne-rhone-alpes.pdf envoyé à jean.dupont@example.org : 250 2.0.0 Ok: message" "$ERR"
assert_eq "3 messages reçus" "3" "$(ls recus/msg-* | wc -l)"
assert_eq "le destinataire inactif ne reçoit rien" "" "$(ls recus | grep ancien)"

JEAN=$(ls recus/msg-*-jean.dupont@example.org.eml)
"$SMTP_PY" "$ROOT/tests/smtp/show.py" "$JEAN" piece-jean.pdf > jean.txt
assert_eq "message régional : en-têtes, parties et texte" "From: COORACE — Le Cap <lecap@coorace.org>
To: Jean Dupont <jean.dupont@example.org>
Subject: Le Cap — rapport Auvergne-Rhône-Alpes — campagne 2026
MIME-Version: 1.0
Auto-Submitted: auto-generated
Date valide: True
Message-ID domaine: coorace.org>
Parties: text/plain utf-8 quoted-printable | application/pdf 84-auvergne-rhone-alpes.pdf base64
Lignes > 76: 0
LF nus: 0
---
Bonjour Jean Dupont,

Veuillez trouver ci-joint le rapport Le Cap de la région Auvergne-Rhône-Alpes pour la campagne 2026.

Chiffres clés de la campagne 2026 :
- entreprises évaluées : 14
- évaluations complètes : 12
- adhérents du registre : 20 (taux de participation : 60 %)

Ce rapport vous est envoyé par lecap, le traitement de nuit de COORACE, chaque fois qu'il change.
Pour ne plus le recevoir, écrivez à lecap@coorace.org." "$(cat jean.txt)"
if cmp -s piece-jean.pdf "$FIX/rapport-a.pdf"; then ok "la pièce jointe décodée est le PDF, octet pour octet"
else not_ok "la pièce jointe décodée est le PDF, octet pour octet"; fi
assert_eq "la pièce jointe est un PDF valide" "0" "$(qpdf --check piece-jean.pdf >/dev/null 2>&1; echo $?)"

EMILIE=$(ls recus/msg-*-emilie@example.org.eml)
assert_contains "nom accentué : encodé RFC 2047 dans l'en-tête" "To: =?UTF-8?B?w4ltaWxpZSBEdXJhbmQ=?= <emilie@example.org>" "$(cat "$EMILIE")"
assert_contains "sujet : encodé RFC 2047" "Subject: =?UTF-8?B?" "$(cat "$EMILIE")"
"$SMTP_PY" "$ROOT/tests/smtp/show.py" "$EMILIE" > emilie.txt
assert_contains "nom accentué : décodé" "To: Émilie Durand <emilie@example.org>" "$(cat emilie.txt)"

NAT=$(ls recus/msg-*-direction@coorace.org.eml)
"$SMTP_PY" "$ROOT/tests/smtp/show.py" "$NAT" piece-nat.pdf > nat.txt
assert_eq "message national : sans nom, sans chiffres agrégés" "From: COORACE — Le Cap <lecap@coorace.org>
To: direction@coorace.org
Subject: Le Cap — rapport national — campagne 2026
MIME-Version: 1.0
Auto-Submitted: auto-generated
Date valide: True
Message-ID domaine: coorace.org>
Parties: text/plain utf-8 quoted-printable | application/pdf national.pdf base64
Lignes > 76: 0
LF nus: 0
---
Bonjour,

Veuillez trouver ci-joint le rapport national Le Cap de la campagne 2026.

Chiffres clés de la campagne 2026 :
- entreprises évaluées : 0
- évaluations complètes : non calculé (agrégats absents)

Ce rapport vous est envoyé par lecap, le traitement de nuit de COORACE, chaque fois qu'il change.
Pour ne plus le recevoir, écrivez à lecap@coorace.org." "$(cat nat.txt)"
if cmp -s piece-nat.pdf "$FIX/rapport-b.pdf"; then ok "pièce jointe nationale identique au PDF"
else not_ok "pièce jointe nationale identique au PDF"; fi

assert_eq "journal des envois" "direction@coorace.org|2026|t|national.pdf
emilie@example.org|2026|t|84-auvergne-rhone-alpes.pdf
jean.dupont@example.org|2026|t|84-auvergne-rhone-alpes.pdf" \
	"$(sql "SELECT d.email, e.campagne, e.reussi, regexp_replace(e.rapport, '.*/', '')
	        FROM lecap.envoi e JOIN lecap.destinataire d ON d.id = e.destinataire_id ORDER BY 1")"
assert_eq "journal : l'empreinte du PDF envoyé" "$(sha256sum "$FIX/rapport-a.pdf" | cut -d' ' -f1)" \
	"$(sql "SELECT DISTINCT sha256 FROM lecap.envoi e JOIN lecap.destinataire d ON d.id = e.destinataire_id WHERE d.region = '84'")"
assert_contains "journal : la réponse du serveur" "250 2.0.0 Ok: message" \
	"$(sql "SELECT reponse_serveur FROM lecap.envoi LIMIT 1")"
assert_eq "journal : Message-ID distincts" "3" "$(sql "SELECT count(DISTINCT message_id) FROM lecap.envoi")"
assert_eq "journal des exécutions : send" "send|0" \
	"$(sql "SELECT commande, code_sortie FROM lecap.execution ORDER BY id DESC LIMIT 1")"

# Second run: nothing changed, nothing sent.
run_lecap send
assert_rc "second send : code 0" 0
assert_eq "second send : rien à envoyer" \
	"diffusion, campagne 2026 : 0 envoyé(s), 3 inchangé(s), 0 en échec, 1 sans rapport" "$OUT"
assert_eq "second send : aucun nouveau message" "3" "$(ls recus/msg-* | wc -l)"

# The regional report changes: its two recipients get it again, not the others.
cp "$FIX/rapport-b.pdf" rapports/2026/regions/84-auvergne-rhone-alpes.pdf
run_lecap send --region 84
assert_rc "rapport modifié : code 0" 0
assert_eq "rapport modifié : renvoyé à la région" \
	"diffusion, campagne 2026 : 2 envoyé(s), 0 inchangé(s), 0 en échec, 0 sans rapport" "$OUT"
assert_eq "rapport modifié : 5 messages en tout" "5" "$(ls recus/msg-* | wc -l)"

# An older campaign on demand: its own report, its own journal.
run_lecap send --campagne 2025 --region 84
assert_eq "--campagne 2025" \
	"diffusion, campagne 2025 : 2 envoyé(s), 0 inchangé(s), 0 en échec, 0 sans rapport" "$OUT"
assert_contains "--campagne 2025 : le sujet" "campagne 2025" \
	"$("$SMTP_PY" "$ROOT/tests/smtp/show.py" "$(ls recus/msg-6-*)" | grep Subject)"

run_lecap send --region 99
assert_rc "--region inconnue : code 2" 2
assert_eq "--region inconnue : message" "lecap: erreur: région inconnue « 99 »" "$(echo "$ERR" | head -1)"
run_lecap send --campagne 1990
assert_rc "--campagne invalide : code 2" 2
assert_eq "--campagne invalide : message" "lecap: erreur: --campagne attend une année entre 2000 et 2100 : « 1990 »
lecap: astuce: exemple : lecap send --campagne 2026" "$ERR"
run_lecap send --campagne 2024
assert_rc "campagne sans rapport : code 0" 0
assert_eq "campagne sans rapport : bilan" \
	"diffusion, campagne 2024 : 0 envoyé(s), 0 inchangé(s), 0 en échec, 4 sans rapport" "$OUT"

# End to end: a generated network through lecap run, whose real reports go
# out; the next night, with nothing new, sends nothing.
export LECAP_CHEMINS_RAPPORTS="$TMPD/reel" LECAP_CHEMINS_ENTREE="$TMPD/entree"
export LECAP_CHEMINS_ARCHIVE="$TMPD/archive" LECAP_CHEMINS_QUARANTAINE="$TMPD/quarantaine"
export LECAP_RAPPORTS_ENTREPRISES=non
run_lecap generate --entreprises 60 --graine 3 --campagnes 2025-2026 --out "$TMPD/entree"
# Diffusion off during run here (61-run-diffusion tests run's own sending):
# this part is about lecap send on real reports.
LECAP_DIFFUSION_SMTP_URL= run_lecap -q run
assert_rc "run sur un réseau généré : code 0" 0
run_lecap send --region 84
assert_rc "vrais rapports : code 0" 0
assert_eq "vrais rapports : envoyés" \
	"diffusion, campagne 2026 : 2 envoyé(s), 0 inchangé(s), 0 en échec, 0 sans rapport" "$OUT"
REEL=$(ls -t recus/msg-*-jean.dupont@example.org.eml | head -1)
"$SMTP_PY" "$ROOT/tests/smtp/show.py" "$REEL" piece-reelle.pdf > reel.txt
if cmp -s piece-reelle.pdf reel/2026/regions/84-auvergne-rhone-alpes.pdf; then ok "vrai rapport : la pièce jointe est le PDF produit"
else not_ok "vrai rapport : la pièce jointe est le PDF produit"; fi
fig=$(sql "SELECT n_evaluations || '|' || n_completes FROM lecap.v_participation WHERE campagne = 2026 AND region = '84'")
assert_contains "vrai rapport : les chiffres clés de v_participation" \
	"- entreprises évaluées : ${fig%|*}
- évaluations complètes : ${fig#*|}" "$(cat reel.txt)"
LECAP_DIFFUSION_SMTP_URL= run_lecap -q run
run_lecap send --region 84
assert_eq "nuit suivante sans nouveauté : rien envoyé" \
	"diffusion, campagne 2026 : 0 envoyé(s), 2 inchangé(s), 0 en échec, 0 sans rapport" "$OUT"

# kill -9 between two e-mails (issue 17 item 7): the rerun sends the other
# one, never the recorded one again.
cp "$FIX/rapport-a.pdf" rapports/2026/regions/84-auvergne-rhone-alpes.pdf
before=$(ls recus/msg-* | wc -l)
LECAP_CHEMINS_RAPPORTS="$TMPD/rapports" LECAP_TEST_CRASH=envoi-entre-deux run_lecap send --region 84
assert_eq "kill -9 entre deux envois : tué" "137" "$RC"
assert_eq "kill -9 entre deux envois : un message parti" "$((before + 1))" "$(ls recus/msg-* | wc -l)"
LECAP_CHEMINS_RAPPORTS="$TMPD/rapports" run_lecap send --region 84
assert_eq "kill -9 entre deux envois : la relance envoie l'autre seulement" \
	"diffusion, campagne 2026 : 1 envoyé(s), 1 inchangé(s), 0 en échec, 0 sans rapport" "$OUT"
assert_eq "kill -9 entre deux envois : deux messages en tout, un par destinataire" "$((before + 2))" \
	"$(ls recus/msg-* | wc -l)"
# Over STARTTLS (71-envoi-starttls.sh): the sink takes no message in clear,
# and the server's certificate is verified: without its CA, nothing leaves.
if [ "$SMTP_MODE" = starttls ]; then
	cp "$FIX/rapport-b.pdf" rapports/2026/regions/84-auvergne-rhone-alpes.pdf
	before=$(ls recus/msg-* | wc -l)
	LECAP_CHEMINS_RAPPORTS="$TMPD/rapports" LECAP_DIFFUSION_STARTTLS=non run_lecap send --region 84
	assert_rc "STARTTLS : en clair, le serveur refuse : code 1" 1
	assert_contains "STARTTLS : en clair, la réponse du serveur" "530 Must issue a STARTTLS command first" "$ERR"
	LECAP_CHEMINS_RAPPORTS="$TMPD/rapports" LECAP_DIFFUSION_CA_FICHIER= run_lecap send --region 84
	assert_rc "STARTTLS : certificat inconnu du système, vérifié : code 1" 1
	assert_contains "STARTTLS : certificat inconnu : serveur injoignable" "lecap: erreur: diffusion impossible : serveur SMTP smtp://127.0.0.1:$SMTP_PORT injoignable ou connexion refusée" "$ERR"
	assert_eq "STARTTLS : rien n'est parti sans TLS vérifié" "$before" "$(ls recus/msg-* | wc -l)"
	LECAP_CHEMINS_RAPPORTS="$TMPD/rapports" run_lecap send --region 84
	assert_eq "STARTTLS : avec son autorité, envoyé" \
		"diffusion, campagne 2026 : 2 envoyé(s), 0 inchangé(s), 0 en échec, 0 sans rapport" "$OUT"
fi
done_testing
