# lecap recipients: add, remove (deactivates), list, load from CSV; address
# and region validation with exact messages.
. tests/lib.sh
cd "$TMPD" || exit 1

run_lecap init
assert_rc "init : code 0" 0

run_lecap recipients list
assert_rc "list vide : code 0" 0
assert_eq "list vide" "Destinataires :
  aucun" "$OUT"

run_lecap recipients add 84 Jean.Dupont@Example.ORG "Jean Dupont"
assert_rc "add : code 0" 0
assert_eq "add : ce qui est fait, adresse en minuscules" \
	"destinataire ajouté : 84 jean.dupont@example.org (Jean Dupont)" "$OUT"
run_lecap recipients add FR direction@coorace.org
assert_eq "add sans nom" "destinataire ajouté : FR direction@coorace.org" "$OUT"
run_lecap recipients add 53 "marie@bretagne.example.org" "Marie Le Goff"
run_lecap recipients add 84 jean.dupont@EXAMPLE.org "Jean Dupont (ARA)"
assert_rc "add d'un destinataire existant : code 0" 0
assert_eq "add d'un destinataire existant : nom mis à jour" \
	"destinataire déjà présent, nom mis à jour : 84 jean.dupont@example.org (Jean Dupont (ARA))" "$OUT"

run_lecap recipients add 84 alice@example.org "Alice"
run_lecap recipients list
assert_eq "list : national d'abord, puis par région et adresse" "Destinataires :
  FR national : direction@coorace.org
  53 Bretagne : Marie Le Goff <marie@bretagne.example.org>
  84 Auvergne-Rhône-Alpes : Alice <alice@example.org>
  84 Auvergne-Rhône-Alpes : Jean Dupont (ARA) <jean.dupont@example.org>" "$OUT"

# Invalid addresses: the value and the reason, code 2.
check_bad() {
	run_lecap recipients add 84 "$1"
	assert_rc "adresse « $1 » refusée : code 2" 2
	assert_eq "adresse « $1 » : message" "lecap: erreur: adresse électronique invalide « $1 » : $2
lecap: astuce: une adresse s'écrit nom@domaine.fr, sans espace ni accent" "$ERR"
}
check_bad "jean.dupont" "il manque « @ »"
check_bad "jean@localhost" "le domaine doit contenir un point"
check_bad "jean dupont@example.org" "espace interdit"
check_bad "jean@@example.org" "plusieurs « @ »"
check_bad "@example.org" "partie avant « @ » vide"
check_bad "jean..dupont@example.org" "point mal placé avant « @ »"
check_bad ".jean@example.org" "point mal placé avant « @ »"
check_bad "jean(x)@example.org" "caractère « ( » interdit avant « @ »"
check_bad "jean@exa_mple.org" "caractère « _ » interdit dans le domaine"
check_bad "jean@-example.org" "domaine mal formé « -example.org »"
check_bad "jean@example..org" "domaine mal formé « example..org »"
check_bad "jean@example.org." "domaine mal formé « example.org. »"
check_bad "andré@example.org" "seuls les caractères ASCII sont acceptés"
long=$(printf 'a%.0s' $(seq 1 65))
check_bad "$long@example.org" "partie avant « @ » trop longue (plus de 64 caractères)"
longdom=$(printf 'abcdefghi.%.0s' $(seq 1 26))
check_bad "x@${longdom}fr" "adresse trop longue (plus de 254 caractères)"

run_lecap recipients add 99 jean@example.org
assert_rc "région inconnue : code 2" 2
assert_eq "région inconnue : message" "lecap: erreur: région inconnue « 99 »
lecap: astuce: attendu le code INSEE d'une région de lecap.region (ex. 84) ou FR pour le rapport national ; lecap init charge les régions" "$ERR"

# remove deactivates: the row stays (for the journal of sendings).
run_lecap recipients remove 84 Jean.Dupont@example.org
assert_rc "remove : code 0" 0
assert_eq "remove : désactivé" "destinataire désactivé : 84 jean.dupont@example.org" "$OUT"
assert_eq "remove : la ligne reste, inactive" "f" \
	"$(sql "SELECT actif FROM lecap.destinataire WHERE email = 'jean.dupont@example.org'")"
run_lecap recipients remove 84 Jean.Dupont@example.org
assert_rc "remove d'un inactif : code 2" 2
assert_eq "remove d'un inactif : message" "lecap: erreur: aucun destinataire actif « jean.dupont@example.org » pour la région 84
lecap: astuce: lecap recipients list affiche les destinataires" "$ERR"
run_lecap recipients list
assert_contains "list : l'inactif est marqué" \
	"  84 Auvergne-Rhône-Alpes : Jean Dupont (ARA) <jean.dupont@example.org> (inactif)" "$OUT"
run_lecap recipients add 84 Jean.Dupont@example.org "Jean Dupont"
assert_eq "add d'un inactif : réactivé" "destinataire réactivé : 84 jean.dupont@example.org (Jean Dupont)" "$OUT"

# Usage errors.
run_lecap recipients
assert_rc "sans action : code 2" 2
assert_eq "sans action : message" "lecap: erreur: lecap recipients attend une action : add, remove, list ou load
lecap: astuce: usage : lecap recipients add RÉGION|SIRET ADRESSE [NOM] | remove RÉGION|SIRET ADRESSE | list | load FICHIER.csv" "$ERR"
run_lecap recipients purge
assert_rc "action inconnue : code 2" 2
assert_eq "action inconnue : message" "lecap: erreur: action inconnue pour recipients : « purge »
lecap: astuce: actions : add, remove, list, load ; lecap recipients --help les décrit" "$ERR"
run_lecap recipients add 84
assert_rc "add sans adresse : code 2" 2

# load: all or nothing, each error with file:line.
printf 'region;email;nom;actif\n84;a@example.org;Alice\n99;b@example.org;Bob\n53;c@example;Carole\n53;d@example.org;Denis;peut-être\n84;A@EXAMPLE.org;Alice bis\n11;e@example.org\n' > bad.csv
run_lecap recipients load bad.csv
assert_rc "load invalide : code 1" 1
assert_eq "load invalide : toutes les erreurs, avec la ligne" "lecap: erreur: bad.csv:3 : région inconnue « 99 »
lecap: erreur: bad.csv:4 : adresse électronique invalide « c@example » : le domaine doit contenir un point
lecap: erreur: bad.csv:5 : valeur « peut-être » pour actif : attendu oui ou non
lecap: erreur: bad.csv:6 : 84 a@example.org déjà donné ligne 2
lecap: erreur: bad.csv:7 : 2 champ(s) au lieu de 3 ou 4 (region;email;nom[;actif])
lecap: erreur: bad.csv : 5 ligne(s) en erreur : aucun destinataire chargé
lecap: astuce: corrigez le fichier puis relancez lecap recipients load bad.csv" "$ERR"
assert_eq "load invalide : rien chargé" "4" "$(sql "SELECT count(*) FROM lecap.destinataire")"

printf '84;a@example.org;Alice\n' > dup.csv
printf '84;A@example.ORG;Alice\n' >> dup.csv
run_lecap recipients load dup.csv
assert_eq "load : une adresse en double à la casse près du domaine" "lecap: erreur: dup.csv:2 : 84 a@example.org déjà donné ligne 1" "$(echo "$ERR" | head -1)"

printf '84;a@example.org;Alice\n' > latin1.csv
printf '75;b@example.org;B\xe9atrice\n' >> latin1.csv
run_lecap recipients load latin1.csv
assert_rc "load pas en UTF-8 : code 1" 1
assert_eq "load pas en UTF-8 : message" "lecap: erreur: latin1.csv:2 : texte qui n'est pas en UTF-8
lecap: astuce: enregistrez le fichier en UTF-8" "$(echo "$ERR" | head -2)"

printf '\xef\xbb\xbfregion;email;nom;actif\r\n84;a@example.org;Alice Martin\r\n75;"b@example.org";"Béatrice ; Nouvelle-Aquitaine";oui\r\n84;Jean.Dupont@example.org;Jean;non\r\n' > ok.csv
run_lecap recipients load ok.csv
assert_rc "load : code 0" 0
assert_eq "load : bilan" "ok.csv : 3 destinataire(s) chargé(s) : 2 ajouté(s), 1 mis à jour" "$OUT"
run_lecap recipients list
assert_eq "list après load" "Destinataires :
  FR national : direction@coorace.org
  53 Bretagne : Marie Le Goff <marie@bretagne.example.org>
  75 Nouvelle-Aquitaine : Béatrice ; Nouvelle-Aquitaine <b@example.org>
  84 Auvergne-Rhône-Alpes : Alice Martin <a@example.org>
  84 Auvergne-Rhône-Alpes : Alice <alice@example.org>
  84 Auvergne-Rhône-Alpes : Jean <jean.dupont@example.org> (inactif)" "$OUT"

run_lecap recipients load absent.csv
assert_rc "load d'un fichier absent : code 5" 5
assert_eq "load d'un fichier absent : message" "lecap: erreur: absent.csv : lecture impossible : No such file or directory" "$ERR"
done_testing
