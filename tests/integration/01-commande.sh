# The command line: help, version, unknown command/option, exit codes,
# configuration lookup and errors, database down.
. tests/lib.sh
cd "$TMPD" || exit 1

run_lecap --version
assert_rc "--version sort 0" 0
assert_eq "--version affiche la version" "lecap $(cat "$ROOT/VERSION")" "$OUT"

run_lecap --help
assert_rc "--help sort 0" 0
assert_contains "--help liste init" "  init       crée ou met à jour le schéma" "$OUT"
assert_contains "--help liste generate" "  generate   " "$OUT"
assert_contains "--help donne les codes de sortie" "  4  une autre exécution de lecap détient le verrou" "$OUT"

run_lecap ingest --help
assert_rc "ingest --help sort 0" 0
assert_contains "ingest --help : le chargement par groupes, pas une transaction par fichier" "Charge chaque export du répertoire ([chemins] entree par défaut), jamais
à moitié : un fichier n'entre dans une transaction qu'entièrement validé ;
les petits fichiers sont appliqués par groupes (une transaction par groupe :
une panne de la base annule le groupe, dont les fichiers restent dans la
boîte de réception), les gros fichiers et le registre chacun dans sa
transaction. Puis il le déplace : archive/<campagne>/ (intégré, doublon,
obsolète) ou quarantaine/ avec FICHIER.erreurs.txt (rejeté)." "$OUT"
assert_not_contains "ingest --help : plus « une transaction par fichier »" "transaction par fichier" "$OUT"
run_lecap init --help
assert_rc "init --help sort 0" 0
assert_contains "init --help donne l'usage" "usage : lecap init" "$OUT"

run_lecap frobnicate
assert_rc "commande inconnue : code 2" 2
assert_eq "commande inconnue : message et astuce" "lecap: erreur: commande inconnue : « frobnicate »
lecap: astuce: lecap --help liste les commandes" "$ERR"

run_lecap --frob init
assert_rc "option globale inconnue : code 2" 2
assert_eq "option globale inconnue : message" "lecap: erreur: option globale inconnue : « --frob »
lecap: astuce: lecap --help liste les options et les commandes" "$ERR"

run_lecap
assert_rc "sans commande : code 2" 2

run_lecap init --force
assert_rc "option de commande inconnue : code 2" 2
assert_eq "option de commande inconnue : message" "lecap: erreur: option inconnue pour init : « --force »
lecap: astuce: lecap init --help liste ses options" "$ERR"

# Configuration errors name the file, the line and the key.
printf '[base]\nconninfo = \n\n[agregats]\nseuil_secret = cinq\n' > bad.conf
run_lecap -c bad.conf init
assert_rc "valeur invalide : code 2" 2
assert_contains "valeur invalide : fichier, ligne, clé" \
	"lecap: erreur: bad.conf:5 : valeur invalide « cinq » pour [agregats] seuil_secret : attendu un entier positif" "$ERR"

printf '[base]\nconninfo = \n[chemins]\nentre = x\n' > bad2.conf
run_lecap -c bad2.conf init
assert_rc "clé inconnue : code 2" 2
assert_contains "clé inconnue : fichier, ligne, clé" \
	"lecap: erreur: bad2.conf:4 : clé inconnue « entre » dans la section [chemins]" "$ERR"

printf '[bases]\n' > bad3.conf
run_lecap -c bad3.conf init
assert_rc "section inconnue : code 2" 2
assert_contains "section inconnue : fichier, ligne" "lecap: erreur: bad3.conf:1 : section inconnue [bases]" "$ERR"

run_lecap -c absent.conf init
assert_rc "fichier absent : code 2" 2
assert_eq "fichier absent : message" \
	"lecap: erreur: absent.conf : impossible de lire le fichier de configuration : No such file or directory" "$ERR"

# $LECAP_CONFIG is read when -c is absent; -c wins over it.
LECAP_CONFIG=bad.conf run_lecap init
assert_rc "LECAP_CONFIG est lu" 2
assert_contains "LECAP_CONFIG est lu : son nom" "bad.conf:5" "$ERR"
LECAP_CONFIG=bad.conf run_lecap -c bad2.conf init
assert_contains "-c l'emporte sur LECAP_CONFIG" "bad2.conf:4" "$ERR"

# ./config/lecap.conf is read when neither is given.
mkdir -p config && cp bad3.conf config/lecap.conf
LECAP_CONFIG= run_lecap init
assert_contains "./config/lecap.conf est lu" "config/lecap.conf:1 : section inconnue" "$ERR"
rm -rf config

# Environment over file, with its own message on a bad value.
LECAP_AGREGATS_SEUIL_SECRET=0 run_lecap init
assert_rc "variable d'environnement invalide : code 2" 2
assert_eq "variable d'environnement invalide : message" \
	"lecap: erreur: variable d'environnement LECAP_AGREGATS_SEUIL_SECRET : valeur invalide « 0 » pour [agregats] seuil_secret : attendu un entier positif" "$ERR"

# A password in lecap.conf is refused; so is a file writable by others.
printf '[base]\nconninfo = host=/tmp password=secret\n' > pw.conf
run_lecap -c pw.conf init
assert_rc "mot de passe dans conninfo : code 2" 2
assert_contains "mot de passe dans conninfo : message" "lecap: erreur: [base] conninfo contient un mot de passe : refusé" "$ERR"
printf '[base]\n' > ww.conf && chmod 0666 ww.conf
run_lecap -c ww.conf init
assert_rc "configuration modifiable par tous : code 2" 2
assert_contains "configuration modifiable par tous : message" "ww.conf : fichier de configuration modifiable par tous" "$ERR"

# Database down: exit 3 with libpq's message and a hint, quickly.
start=$(date +%s)
run_lecap -d "host=$TMPD/nowhere port=5999 connect_timeout=3" init
assert_rc "base injoignable : code 3" 3
assert_contains "base injoignable : message libpq" "lecap: erreur: connexion à PostgreSQL impossible : connection to server on socket" "$ERR"
assert_contains "base injoignable : astuce" "lecap: astuce: vérifiez [base] conninfo" "$ERR"
elapsed=$(( $(date +%s) - start ))
# A missing socket fails at once: 10 s only catches a wait for connect_timeout
# and more, whatever the load.
if measured "base injoignable : pas d'attente"; then
	[ "$elapsed" -lt 10 ] && ok "base injoignable : pas d'attente ($elapsed s)" ||
		not_ok "base injoignable : pas d'attente" "durée : $elapsed s"
fi

run_lecap -d "host=/tmp port=notaport x" init
assert_rc "conninfo invalide : code 2" 2

done_testing
