# lecap send when things go wrong: a recipient the server refuses is
# journalled as failed, the others still get their report, exit 1, and it
# is retried (and sent) at the next run; a server that is down fails the
# diffusion with a message naming it and records nothing; bad settings.
. tests/lib.sh
. tests/smtp/sink.sh
cd "$TMPD" || exit 1
FIX="$ROOT/tests/fixtures/diffusion"

run_lecap init
assert_rc "init : code 0" 0
smtp_start "$TMPD/recus" || exit 1

export LECAP_CHEMINS_RAPPORTS="$TMPD/rapports"
export LECAP_DIFFUSION_SMTP_URL="smtp://127.0.0.1:$SMTP_PORT"
export LECAP_DIFFUSION_STARTTLS=non
export LECAP_DIFFUSION_EXPEDITEUR=lecap@coorace.org
export LECAP_DIFFUSION_DELAI=10

mkdir -p rapports/2026/regions
cp "$FIX/rapport-a.pdf" rapports/2026/regions/84-auvergne-rhone-alpes.pdf
cp "$FIX/rapport-a.pdf" rapports/2026/regions/53-bretagne.pdf
run_lecap recipients add 84 jean.dupont@example.org "Jean Dupont"
run_lecap recipients add 84 inconnu@example.org
run_lecap recipients add 53 marie@example.org

# The server refuses one recipient.
echo inconnu@example.org > recus/refuse
run_lecap send
assert_rc "un destinataire refusé : code 1" 1
assert_eq "un destinataire refusé : bilan" \
	"diffusion, campagne 2026 : 2 envoyé(s), 0 inchangé(s), 1 en échec, 0 sans rapport" "$OUT"
assert_contains "le refus est signalé avec la réponse du serveur" \
	"lecap: avertissement: envoi refusé par smtp://127.0.0.1:$SMTP_PORT pour inconnu@example.org (région 84) : 550 5.1.1 <inconnu@example.org>: destinataire inconnu" "$ERR"
assert_contains "les échecs sont listés à la fin" \
	"lecap: erreur: diffusion : 1 envoi(s) en échec, réessayé(s) à la prochaine exécution : inconnu@example.org (84)" "$ERR"
assert_eq "les autres ont reçu leur rapport" "2" "$(ls recus/msg-* | wc -l)"
assert_eq "journal : l'échec et sa réponse" "marie@example.org|t|250 2.0.0 Ok: message 1 accepte
inconnu@example.org|f|550 5.1.1 <inconnu@example.org>: destinataire inconnu
jean.dupont@example.org|t|250 2.0.0 Ok: message 2 accepte" \
	"$(sql "SELECT d.email, e.reussi, e.reponse_serveur FROM lecap.envoi e
	        JOIN lecap.destinataire d ON d.id = e.destinataire_id ORDER BY e.id")"
assert_eq "journal des exécutions : code 1 et l'échec" "send|1|t" \
	"$(sql "SELECT commande, code_sortie, messages LIKE '%inconnu@example.org%' FROM lecap.execution ORDER BY id DESC LIMIT 1")"

# Still refused: tried again, still failing.
run_lecap send
assert_rc "toujours refusé : code 1" 1
assert_eq "toujours refusé : réessayé, les autres inchangés" \
	"diffusion, campagne 2026 : 0 envoyé(s), 2 inchangé(s), 1 en échec, 0 sans rapport" "$OUT"

# The server accepts it now: sent, and only it.
rm recus/refuse
run_lecap send
assert_rc "accepté ensuite : code 0" 0
assert_eq "accepté ensuite : envoyé" \
	"diffusion, campagne 2026 : 1 envoyé(s), 2 inchangé(s), 0 en échec, 0 sans rapport" "$OUT"
assert_eq "accepté ensuite : le message est arrivé" "1" "$(ls recus/msg-*-inconnu@example.org.eml | wc -l)"
run_lecap send
assert_eq "puis plus rien" "diffusion, campagne 2026 : 0 envoyé(s), 3 inchangé(s), 0 en échec, 0 sans rapport" "$OUT"

# The server is down: the diffusion fails, naming it; nothing is recorded.
smtp_stop
cp "$FIX/rapport-b.pdf" rapports/2026/regions/84-auvergne-rhone-alpes.pdf
before=$(sql "SELECT count(*) FROM lecap.envoi")
run_lecap send
assert_rc "serveur arrêté : code 1" 1
assert_eq "serveur arrêté : pas de bilan" "" "$OUT"
assert_contains "serveur arrêté : message qui nomme le serveur" \
	"lecap: erreur: diffusion impossible : serveur SMTP smtp://127.0.0.1:$SMTP_PORT injoignable ou connexion refusée : Failed to connect to 127.0.0.1 port $SMTP_PORT" "$ERR"
assert_contains "serveur arrêté : l'astuce" \
	"lecap: astuce: vérifiez [diffusion] smtp_url, starttls, utilisateur et le mot de passe ; les rapports seront envoyés à la prochaine exécution" "$ERR"
assert_eq "serveur arrêté : rien enregistré" "$before" "$(sql "SELECT count(*) FROM lecap.envoi")"

# It comes back: the changed report goes out.
smtp_start "$TMPD/recus2" || exit 1
export LECAP_DIFFUSION_SMTP_URL="smtp://127.0.0.1:$SMTP_PORT"
run_lecap send
assert_rc "serveur revenu : code 0" 0
assert_eq "serveur revenu : le rapport modifié part" \
	"diffusion, campagne 2026 : 2 envoyé(s), 1 inchangé(s), 0 en échec, 0 sans rapport" "$OUT"

# STARTTLS required but not offered: refused before anything is sent.
printf 'x' >> rapports/2026/regions/84-auvergne-rhone-alpes.pdf
LECAP_DIFFUSION_STARTTLS=oui run_lecap send
assert_rc "STARTTLS exigé, absent : code 1" 1
assert_contains "STARTTLS exigé, absent : message" \
	"lecap: erreur: diffusion impossible : serveur SMTP smtp://127.0.0.1:$SMTP_PORT injoignable ou connexion refusée : STARTTLS not supported." "$ERR"

# A server that accepts the connection and never answers: bounded by delai.
"$SMTP_PY" -c 'import socket, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen()
print(s.getsockname()[1], flush=True)
time.sleep(60)' > muet.port &
MUET_PID=$!
for _ in $(seq 1 50); do [ -s muet.port ] && break; sleep 0.1; done
start=$(date +%s)
LECAP_DIFFUSION_SMTP_URL="smtp://127.0.0.1:$(cat muet.port)" LECAP_DIFFUSION_DELAI=2 run_lecap send
elapsed=$(( $(date +%s) - start ))
kill "$MUET_PID" 2>/dev/null; wait "$MUET_PID" 2>/dev/null
assert_rc "serveur muet : code 1" 1
assert_contains "serveur muet : délai dépassé" "injoignable ou connexion refusée : Operation timed out after" "$ERR"
# The silent server holds the connection 60 s: 15 s tells the 2 s delay from
# no delay at all, on a loaded machine too.
if measured "serveur muet : la diffusion s'arrête au délai"; then
	if [ "$elapsed" -le 15 ]; then ok "serveur muet : la diffusion s'arrête au délai ($elapsed s)"
	else not_ok "serveur muet : la diffusion s'arrête au délai" "durée : $elapsed s"; fi
fi

# Settings.
LECAP_DIFFUSION_SMTP_URL= run_lecap send
assert_rc "smtp_url vide : code 2" 2
assert_eq "smtp_url vide : message" "lecap: erreur: diffusion désactivée : [diffusion] smtp_url est vide
lecap: astuce: indiquez le serveur dans lecap.conf (smtp_url = smtp://hôte:587), ou essayez lecap send --dry-run" "$ERR"
LECAP_DIFFUSION_SMTP_URL=http://x run_lecap send
assert_rc "smtp_url invalide : code 2" 2
assert_eq "smtp_url invalide : message" "lecap: erreur: [diffusion] smtp_url : « http://x » : attendu smtp://hôte:port ou smtps://hôte:port" "$ERR"
LECAP_DIFFUSION_STARTTLS=peut-être run_lecap send
assert_rc "starttls invalide : code 2" 2
assert_eq "starttls invalide : message" "lecap: erreur: [diffusion] starttls : valeur invalide « peut-être » : attendu oui, non ou si possible" "$ERR"
LECAP_DIFFUSION_EXPEDITEUR= run_lecap send
assert_rc "expediteur vide : code 2" 2
assert_eq "expediteur vide : message" "lecap: erreur: [diffusion] expediteur est vide : l'adresse de l'expéditeur est nécessaire
lecap: astuce: indiquez-la dans lecap.conf, ex. expediteur = lecap@coorace.org" "$ERR"
LECAP_DIFFUSION_EXPEDITEUR=lecap run_lecap send
assert_rc "expediteur invalide : code 2" 2
assert_eq "expediteur invalide : message" "lecap: erreur: [diffusion] expediteur : adresse électronique invalide « lecap » : il manque « @ »" "$ERR"

# The password: never in lecap.conf; from a private file or the environment.
export LECAP_DIFFUSION_UTILISATEUR=lecap
unset LECAP_SMTP_MOT_DE_PASSE
run_lecap send
assert_rc "utilisateur sans mot de passe : code 2" 2
assert_eq "utilisateur sans mot de passe : message" "lecap: erreur: [diffusion] utilisateur « lecap » sans mot de passe
lecap: astuce: donnez-le par la variable d'environnement LECAP_SMTP_MOT_DE_PASSE ou un fichier [diffusion] mot_de_passe_fichier (chmod 600), jamais dans lecap.conf" "$ERR"
printf 'secret\n' > mdp
chmod 640 mdp
LECAP_DIFFUSION_MOT_DE_PASSE_FICHIER="$TMPD/mdp" run_lecap send
assert_rc "mot de passe lisible par le groupe : code 2" 2
assert_eq "mot de passe lisible par le groupe : refusé" "lecap: erreur: [diffusion] mot_de_passe_fichier : $TMPD/mdp : lisible par d'autres que son propriétaire (mode 640) : refusé
lecap: astuce: chmod 600 $TMPD/mdp" "$ERR"
printf '[diffusion]\nmot_de_passe = secret\n' > pw.conf
run_lecap -c pw.conf send
assert_rc "mot_de_passe dans lecap.conf : code 2" 2
assert_contains "mot_de_passe dans lecap.conf : clé inconnue" \
	"lecap: erreur: pw.conf:2 : clé inconnue « mot_de_passe » dans la section [diffusion]" "$ERR"
done_testing
