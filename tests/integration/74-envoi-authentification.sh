# SMTP authentication: the password comes from LECAP_SMTP_MOT_DE_PASSE or
# from the file [diffusion] mot_de_passe_fichier (mode 600), never from
# lecap.conf; a wrong password fails the diffusion like a server down.
. tests/lib.sh
. tests/smtp/sink.sh
cd "$TMPD" || exit 1
FIX="$ROOT/tests/fixtures/diffusion"

run_lecap init
assert_rc "init : code 0" 0
SINK_AUTH="lecap:s3cr3t pass" smtp_start "$TMPD/recus" || exit 1

export LECAP_CHEMINS_RAPPORTS="$TMPD/rapports"
export LECAP_DIFFUSION_SMTP_URL="smtp://127.0.0.1:$SMTP_PORT"
export LECAP_DIFFUSION_STARTTLS=non
export LECAP_DIFFUSION_EXPEDITEUR=lecap@coorace.org
export LECAP_DIFFUSION_DELAI=10
unset LECAP_SMTP_MOT_DE_PASSE
mkdir -p rapports/2026/regions
cp "$FIX/rapport-a.pdf" rapports/2026/regions/84-auvergne-rhone-alpes.pdf
run_lecap recipients add 84 jean.dupont@example.org "Jean Dupont"
run_lecap recipients add 84 emilie@example.org

# Without credentials the server refuses MAIL FROM: each message fails.
run_lecap send
assert_rc "sans authentification : code 1" 1
assert_contains "sans authentification : la réponse du serveur" \
	"lecap: avertissement: envoi refusé par smtp://127.0.0.1:$SMTP_PORT pour emilie@example.org (région 84) : 530 5.7.0 Authentication required" "$ERR"
assert_eq "sans authentification : rien reçu" "0" "$(ls recus | grep -c '^msg-')"

# A wrong password: the login fails, so does everything after it.
export LECAP_DIFFUSION_UTILISATEUR=lecap
LECAP_SMTP_MOT_DE_PASSE=faux run_lecap send
assert_rc "mauvais mot de passe : code 1" 1
assert_contains "mauvais mot de passe : la diffusion échoue en nommant le serveur" \
	"lecap: erreur: diffusion impossible : serveur SMTP smtp://127.0.0.1:$SMTP_PORT injoignable ou connexion refusée : Login denied" "$ERR"
assert_eq "mauvais mot de passe : rien de plus enregistré" "2" "$(sql "SELECT count(*) FROM lecap.envoi")"

# From a private file: the first line is the password (spaces kept).
printf 's3cr3t pass\n' > mdp
chmod 600 mdp
export LECAP_DIFFUSION_MOT_DE_PASSE_FICHIER="$TMPD/mdp"
run_lecap send --region 84
assert_rc "mot de passe du fichier : code 0" 0
assert_eq "mot de passe du fichier : envoyés" \
	"diffusion, campagne 2026 : 2 envoyé(s), 0 inchangé(s), 0 en échec, 0 sans rapport" "$OUT"

# The environment wins over the file.
cp "$FIX/rapport-b.pdf" rapports/2026/regions/84-auvergne-rhone-alpes.pdf
printf 'faux\n' > mdp
LECAP_SMTP_MOT_DE_PASSE="s3cr3t pass" run_lecap send
assert_rc "mot de passe de l'environnement : code 0" 0
assert_eq "mot de passe de l'environnement : envoyés" \
	"diffusion, campagne 2026 : 2 envoyé(s), 0 inchangé(s), 0 en échec, 0 sans rapport" "$OUT"
assert_eq "4 messages reçus" "4" "$(ls recus | grep -c '^msg-')"
assert_not_contains "le mot de passe n'apparaît dans aucun message de lecap" "s3cr3t" "$ERR$(sql "SELECT string_agg(messages, '') FROM lecap.execution")"
done_testing
