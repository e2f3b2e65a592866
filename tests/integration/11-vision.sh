# lecap init loads the vision text ([referentiel] vision, config/vision.txt)
# into lecap.vision: one row per version, the file's version in force;
# reloads are idempotent; a changed text needs a new version; a faulty file
# is refused with FILE:LINE, code 2, before the database changes.
. tests/lib.sh

V="$TMPD/vision.txt"
row() { sql "SELECT version || '|' || en_vigueur || '|' || fichier || '|' || empreinte || '|' || length(texte) FROM lecap.vision ORDER BY charge_le, version"; }
sha_text() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }

# ---- the shipped text, through the default key
printf 'version: essai-1\n\nUn premier paragraphe,\nsur deux lignes.  \n\n\n  Un second.\n' >"$V"
LECAP_REFERENTIEL_VISION="$V" run_lecap init
assert_rc "init : code 0" 0
assert_contains "init annonce la vision" "lecap: info: vision essai-1 chargée depuis $V (51 caractères), en vigueur" "$ERR"
T1='Un premier paragraphe, sur deux lignes.

Un second.'
assert_eq "texte normalisé : lignes jointes, paragraphes séparés par une ligne vide" "$T1" \
	"$(sql "SELECT texte FROM lecap.vision WHERE version = 'essai-1'")"
assert_eq "une ligne, en vigueur, empreinte du texte" "essai-1|true|$V|$(sha_text "$T1")|51" "$(row)"
charge=$(sql "SELECT charge_le FROM lecap.vision")

# ---- the same file again: nothing changes
LECAP_REFERENTIEL_VISION="$V" run_lecap init
assert_rc "rechargement inchangé : code 0" 0
assert_contains "rechargement inchangé : annoncé" "lecap: info: vision essai-1 déjà chargée, inchangée" "$ERR"
assert_eq "rechargement inchangé : même ligne, même date" "essai-1|true|$V|$(sha_text "$T1")|51|$charge" \
	"$(row)|$(sql "SELECT charge_le FROM lecap.vision")"

# ---- same version, another text: refused, nothing changes
printf 'version: essai-1\n\nUn autre texte.\n' >"$V"
LECAP_REFERENTIEL_VISION="$V" run_lecap init
assert_rc "texte changé sous la même version : code 2" 2
assert_eq "texte changé sous la même version : message exact" \
"lecap: erreur: vision essai-1 : le texte de $V a changé depuis son chargement : modification refusée
lecap: astuce: donnez une nouvelle version au texte modifié (première ligne « version: … » de $V) : il sera chargé à côté de la version essai-1, que gardent les rapports déjà produits" "$(printf '%s\n' "$ERR" | grep -v ': info: ')"
assert_eq "texte changé sous la même version : rien en base" "essai-1|true|$V|$(sha_text "$T1")|51" "$(row)"

# lecap run does what init does first: the same refusal stops the night before the ingestion.
mkdir -p "$TMPD/entree"
cp "$ROOT/tests/fixtures/exemples/reponses.csv" "$TMPD/entree/reponses-82601815200015-2025.csv"
LECAP_CHEMINS_ENTREE="$TMPD/entree" LECAP_CHEMINS_ARCHIVE="$TMPD/archive" LECAP_CHEMINS_QUARANTAINE="$TMPD/q" \
	LECAP_CHEMINS_RAPPORTS="$TMPD/r" LECAP_REFERENTIEL_VISION="$V" run_lecap run
assert_rc "run, texte changé sous la même version : code 2" 2
assert_contains "run, texte changé : le même refus" "lecap: erreur: vision essai-1 : le texte de $V a changé depuis son chargement : modification refusée" "$ERR"
assert_eq "run, texte changé : rien d'ingéré" "0|1" \
	"$(sql "SELECT count(*) FROM lecap.evaluation")|$(ls "$TMPD/entree" | wc -l)"

# ---- a new version: a second row, in force
printf 'version: essai-2\r\n\r\nUn autre texte.\r\n' >"$V"
LECAP_REFERENTIEL_VISION="$V" run_lecap init
assert_rc "nouvelle version : code 0" 0
assert_contains "nouvelle version : annoncée" "lecap: info: vision essai-2 chargée depuis $V (15 caractères), en vigueur" "$ERR"
assert_eq "nouvelle version : deux lignes, la nouvelle en vigueur" \
"essai-1|false|$V|$(sha_text "$T1")|51
essai-2|true|$V|$(sha_text 'Un autre texte.')|15" "$(row)"

# ---- back to the first version's file: in force again, no new row
printf 'version: essai-1\n\nUn premier paragraphe,\nsur deux lignes.\n\nUn second.\n' >"$V"
LECAP_REFERENTIEL_VISION="$V" run_lecap init
assert_rc "retour à la première version : code 0" 0
assert_contains "retour à la première version : annoncé" "lecap: info: vision essai-1 déjà chargée, remise en vigueur" "$ERR"
assert_eq "retour à la première version : en vigueur" "essai-1|true
essai-2|false" "$(sql "SELECT version || '|' || en_vigueur FROM lecap.vision ORDER BY version")"

# ---- faulty files: code 2, exact messages, nothing changes
before=$(sql "SELECT string_agg(version || en_vigueur, ',' ORDER BY version) FROM lecap.vision")
bad() { # NAME CONTENT(printf format) EXPECTED-ERR
	printf "$2" >"$TMPD/$1"
	LECAP_REFERENTIEL_VISION="$TMPD/$1" run_lecap init
	assert_rc "$1 : code 2" 2
	assert_eq "$1 : message exact" "$3" "$ERR"
	assert_eq "$1 : rien en base" "$before" \
		"$(sql "SELECT string_agg(version || en_vigueur, ',' ORDER BY version) FROM lecap.vision")"
}
HINT="lecap: astuce: corrigez $TMPD/%s (format : docs/format-exports.md, « Le texte de la vision »), puis relancez"
hint() { printf "$HINT" "$1"; }
bad sans-version.txt 'Un texte sans version.\n' \
"lecap: erreur: $TMPD/sans-version.txt:1: la première ligne doit être « version: LIBELLÉ » (par exemple « version: 2026-1 »)
$(hint sans-version.txt)"
bad version-invalide.txt 'version: 2026 bis\n\nTexte.\n' \
"lecap: erreur: $TMPD/version-invalide.txt:1: libellé de version invalide : 1 à 32 caractères parmi lettres sans accent, chiffres, « . », « _ » et « - »
$(hint version-invalide.txt)"
bad vide.txt 'version: 2026-9\n\n  \n\n' \
"lecap: erreur: $TMPD/vide.txt : texte de la vision vide
lecap: astuce: écrivez le texte après la ligne « version: … », paragraphes séparés par une ligne vide"
bad latin1.txt 'version: 2026-9\n\nUne soci\351t\351.\n' \
"lecap: erreur: $TMPD/latin1.txt:3: texte qui n'est pas de l'UTF-8 (fichier enregistré en Windows-1252 ?) : enregistrez le fichier en UTF-8
$(hint latin1.txt)"
bad tabulation.txt 'version: 2026-9\n\nUn\ttexte.\n' \
"lecap: erreur: $TMPD/tabulation.txt:3: caractère de contrôle U+0009 : le texte ne contient que des lignes de texte (tabulations comprises, à remplacer par des espaces)
$(hint tabulation.txt)"
long=$(printf '%3001s' '' | sed 's/ /é/g')
bad trop-long.txt "version: 2026-9\n\n$long\n" \
"lecap: erreur: $TMPD/trop-long.txt : texte de la vision trop long (3001 caractères, au plus 3000)
lecap: astuce: raccourcissez-le : il tient sur la page de méthode de chaque rapport"
LECAP_REFERENTIEL_VISION="$TMPD/absent.txt" run_lecap init
assert_rc "fichier absent : code 2" 2
assert_eq "fichier absent : message exact" \
"lecap: erreur: $TMPD/absent.txt : lecture impossible : No such file or directory
lecap: astuce: vérifiez le chemin donné par [referentiel] vision dans la configuration (le paquet l'installe dans /usr/share/lecap/config/vision.txt)" "$ERR"

# On a database that has never seen init, a faulty vision does not even create the schema.
createdb "${PGDATABASE}_vide"
PGDATABASE="${PGDATABASE}_vide" LECAP_REFERENTIEL_VISION="$TMPD/absent.txt" run_lecap init
assert_rc "vision absente, base vide : code 2" 2
assert_eq "vision absente, base vide : pas de schéma" "0" \
	"$(PGDATABASE="${PGDATABASE}_vide" sql "SELECT count(*) FROM pg_namespace WHERE nspname = 'lecap'")"
dropdb "${PGDATABASE}_vide"

# ---- the shipped file is valid and loads
run_lecap init
assert_rc "config/vision.txt : code 0" 0
assert_eq "config/vision.txt : sa version en vigueur" "$(head -1 config/vision.txt | sed 's/^version: //')" \
	"$(sql "SELECT version FROM lecap.vision WHERE en_vigueur")"

done_testing
