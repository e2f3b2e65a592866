# Hostile files in the inbox, driving lecap ingest and check: odd names (spaces,
# quotes, newline, leading "-", "..", bytes that are not UTF-8), a symbolic
# link (refused, not followed), a file changed while it is read (left for the
# next run), a 2 GB sparse file (refused by its size, unread), 100,000 files
# (linear time, flat memory).
. tests/lib.sh

IN="$TMPD/entree"; AR="$TMPD/archive"; QU="$TMPD/quarantaine"
export LECAP_CHEMINS_ENTREE="$IN" LECAP_CHEMINS_ARCHIVE="$AR" LECAP_CHEMINS_QUARANTAINE="$QU"
mkdir -p "$IN"
V="$ROOT/tests/fixtures/valides"
RJ="$ROOT/tests/fixtures/rejets"
run_lecap -q init

NL=$(printf 'saut\nde ligne.csv')
LAT=$(printf 'latin\351.csv')
cp "$V/crlf.csv" "$IN/avec espace.csv"
cp "$RJ/01-note-5.csv" "$IN/guillemets \"doubles\" et 'simples'.csv"
cp "$RJ/02-note-texte.csv" "$IN/$NL"
cp "$RJ/03-indicateur-inconnu.csv" "$IN/..csv"
cp "$RJ/04-indicateur-en-double.csv" "$IN/...."
cp -- "$RJ/05-siret-format.csv" "$IN/-tiret.csv"
cp "$RJ/06-siret-cle.csv" "$IN/$LAT"
cp "$RJ/08-region-inconnue.csv" "$IN/\$(touch pwned);.csv"
echo "cible, à ne pas toucher" >"$TMPD/cible.txt"
chmod 0604 "$TMPD/cible.txt"
cp "$RJ/09-type-inconnu.csv" "$IN/a\\..\\..\\etc\\passwd.csv"
cp "$V/crlf.csv" "$TMPD/.$NL.csv" && mv "$TMPD/.$NL.csv" "$IN/"
ln -s "$TMPD/cible.txt" "$IN/lien.csv"
ln -s "$TMPD" "$IN/lien-repertoire"
run_lecap ingest
assert_rc "noms hostiles : code 1 (des rejets)" 1
assert_contains "résumé" "lecap: info: ingestion : 1 intégré(s), 8 rejeté(s), 0 doublon(s), 0 obsolète(s)" "$ERR"
assert_eq "chaque ligne du journal est une ligne lecap: (aucun saut de ligne brut)" "" \
	"$(printf '%s\n' "$ERR" | grep -v '^lecap: ')"
assert_contains "nom avec saut de ligne : montré échappé" \
	"lecap: avertissement: saut\\x0Ade ligne.csv rejeté (1 problème), mis en quarantaine : voir saut\\x0Ade ligne.csv.erreurs.txt" "$ERR"
assert_contains "nom non UTF-8 : montré échappé" "lecap: avertissement: latin\\xE9.csv rejeté (1 problème)" "$ERR"
assert_contains "lien symbolique refusé" "lecap: avertissement: lien.csv rejeté (1 problème)" "$ERR"
assert_eq "lecap.fichier : les noms montrés, en UTF-8" \
"\$(touch pwned);.csv|rejete
-tiret.csv|rejete
a\\..\\..\\etc\\passwd.csv|rejete
avec espace.csv|integre
guillemets \"doubles\" et 'simples'.csv|rejete
latin\\xE9.csv|rejete
lien-repertoire|rejete
lien.csv|rejete
saut\\x0Ade ligne.csv|rejete" "$(sql "SELECT nom, statut FROM lecap.fichier ORDER BY nom COLLATE \"C\"")"
assert_eq "boîte de réception : ne restent que les 3 noms cachés" "0 3" \
	"$(find "$IN" -mindepth 1 ! -name '.*' -printf x | wc -c) $(find "$IN" -mindepth 1 -name '.*' -printf x | wc -c)"
i=0
for f in "guillemets \"doubles\" et 'simples'.csv" "$NL" "-tiret.csv" "$LAT" "\$(touch pwned);.csv" "a\\..\\..\\etc\\passwd.csv"; do
	i=$((i + 1))
	if [ -f "$QU/$f" ] && [ -f "$QU/$f.erreurs.txt" ]; then ok "quarantaine sous le même nom ($i/6)"
	else not_ok "quarantaine sous le même nom ($i/6) : $f" "$(ls "$QU")"; fi
done
assert_eq "archive sous le même nom" "avec espace.csv" "$(ls "$AR/2025")"
assert_eq "motifs : nom échappé, une ligne par problème" \
	"saut\\x0Ade ligne.csv:3:1.1.1.b: note invalide « bien » : 1, 2, 3, 4, NC ou vide attendu" "$(cat "$QU/$NL.erreurs.txt")"
assert_eq "motifs d'un nom non UTF-8 : texte UTF-8" "latin\\xE9.csv:2:siret:" "$(cut -c1-22 "$QU/$LAT.erreurs.txt")"
assert_eq "aucune commande exécutée depuis un nom" "non" "$([ -e pwned ] || [ -e "$IN/pwned" ] && echo oui || echo non)"
assert_eq "lien : mis en quarantaine tel quel (toujours un lien)" "lien" "$([ -L "$QU/lien.csv" ] && echo lien)"
assert_eq "lien : la cible n'est ni lue, ni déplacée, ni modifiée" "604 cible, à ne pas toucher" \
	"$(stat -c %a "$TMPD/cible.txt") $(cat "$TMPD/cible.txt")"
assert_eq "lien vers un répertoire : refusé, répertoire intact" "lien cible.txt" \
	"$([ -L "$QU/lien-repertoire" ] && echo lien) $(ls "$TMPD" | grep cible)"
assert_eq "lien : motif" "lien.csv:1:-: lien symbolique refusé (il n'est pas suivi) : déposez le fichier lui-même dans la boîte de réception" \
	"$(cat "$QU/lien.csv.erreurs.txt")"

run_lecap -v ingest
assert_contains "nom caché avec saut de ligne : montré échappé (debug)" "lecap: debug: .saut\\x0Ade ligne.csv.csv ignoré : fichier caché" "$ERR"
assert_eq "nom en ../ : rien écrit hors de la quarantaine" "non" "$([ -e "$TMPD/etc" ] || [ -e "$QU/../etc" ] && echo oui || echo non)"

# lecap check: "--" ends the options; names shown escaped.
cp -- "$RJ/01-note-5.csv" "$TMPD/-$NL"
(cd "$TMPD" && "$LECAP" check -- "-$NL" >"$TMPD/check.out" 2>"$TMPD/check.err")
assert_eq "check -- : nom commençant par - et saut de ligne, échappé" \
	"-saut\\x0Ade ligne.csv:2:1.1.1.a: note invalide « 5 » : 1, 2, 3, 4, NC ou vide attendu" "$(cat "$TMPD/check.out")"
mkfifo "$TMPD/tube.csv"
timeout 10 "$LECAP" check "$TMPD/tube.csv" >/dev/null 2>"$TMPD/tube.err"
assert_eq "check d'un tube nommé : refusé sans bloquer, code 1" "1" "$?"
assert_contains "check d'un tube nommé : message" "tube.csv n'est pas un fichier ordinaire" "$(cat "$TMPD/tube.err")"
mkfifo "$IN/tube.csv"
timeout 10 "$LECAP" ingest >/dev/null 2>"$TMPD/tube.err"
assert_eq "ingest : tube nommé ignoré sans bloquer, code 0" "0" "$?"
assert_contains "ingest : tube nommé signalé" "lecap: avertissement: tube.csv ignoré : ce n'est pas un fichier ordinaire" "$(sed -E 's/^[0-9T:+-]+ //' "$TMPD/tube.err")"
rm -f "$IN/tube.csv"
run_lecap check -- "$TMPD/cible-absente.csv"
assert_rc "check -- : fichier absent, code 1" 1

# A file changed while it is read is left for the next run: lecap stops
# after its first read (test hook), the test appends to the file.
cp "$V/virgule.csv" "$IN/en-cours.csv"
LECAP_TEST_PAUSE=ingest-lecture LECAP_TEST_PAUSE_FILE="$TMPD/pause" "$LECAP" ingest >/dev/null 2>"$TMPD/grow.err" &
pid=$!
for _ in $(seq 1 1500); do [ -f "$TMPD/pause" ] && break; sleep 0.02; done
printf '\n' >>"$IN/en-cours.csv"
rm -f "$TMPD/pause"
wait $pid
assert_eq "fichier modifié pendant la lecture : code 0" "0" "$?"
assert_contains "fichier modifié pendant la lecture : laissé, avertissement" \
	"lecap: avertissement: en-cours.csv en cours d'écriture (modifié pendant sa lecture) : laissé dans la boîte de réception pour la prochaine exécution" \
	"$(cat "$TMPD/grow.err")"
assert_eq "fichier modifié : toujours dans la boîte, pas dans lecap.fichier" "en-cours.csv|0" \
	"$(ls "$IN" | grep en-cours)|$(sql "SELECT count(*) FROM lecap.fichier WHERE nom = 'en-cours.csv'")"
run_lecap ingest
assert_eq "fichier modifié : traité à l'exécution suivante" "1" \
	"$(sql "SELECT count(*) FROM lecap.fichier WHERE nom = 'en-cours.csv'")"

# A 2 GB sparse file: refused by its size before any byte is read.
truncate -s 2G "$IN/enorme.csv"
/usr/bin/time -f '%M %e' -o "$TMPD/time" "$LECAP" ingest >/dev/null 2>"$TMPD/big.err"
assert_eq "2 Go : code 1" "1" "$?"
assert_contains "2 Go : refusé par sa taille" "enorme.csv:1:-: fichier trop volumineux : 2147483648 octets pour 67108864 au plus" \
	"$(cat "$QU/enorme.csv.erreurs.txt")"
read -r kb secs <<EOT
$(tail -1 "$TMPD/time")
EOT
# That it is not read is proven by the empty fingerprint below; the figures
# only bound the cost (10 s: a loaded machine; hashing 2 GB takes longer).
if measured "2 Go : sans le lire (moins de 10 s, moins de 200 Mo)"; then
	assert_eq "2 Go : sans le lire (moins de 10 s, moins de 200 Mo)" "oui" \
		"$(awk -v k="$kb" -v s="$secs" 'BEGIN { print (k < 204800 && s < 10) ? "oui" : "non (" k " Ko, " s " s)" }')"
fi
assert_eq "2 Go : empreinte vide dans lecap.fichier (non lu)" "|2147483648" \
	"$(sql "SELECT coalesce(sha256, ''), taille FROM lecap.fichier WHERE nom = 'enorme.csv'")"
rm -f "$QU/enorme.csv"

# 10,000 then 100,000 files (copies of an integrated file: doublons, the
# cheapest disposition, so that the cost measured is the inbox's own): time
# linear, memory flat.
cp "$V/crlf.csv" "$IN/premier.csv"
run_lecap ingest
many() {
	python3 -c '
import sys
d = open(sys.argv[1], "rb").read()
for i in range(int(sys.argv[3])):
    open("%s/%06d.csv" % (sys.argv[2], i), "wb").write(d)' "$V/crlf.csv" "$IN" "$1"
	/usr/bin/time -f '%M %e' -o "$TMPD/time" "$LECAP" ingest >/dev/null 2>"$TMPD/many.err"
	echo "$? $(tail -1 "$TMPD/time")"
	rm -rf "$AR/2025"
}
read -r rc1 kb1 s1 <<EOT
$(many 10000)
EOT
assert_contains "10 000 fichiers : tous doublons" "10000 doublon(s)" "$(cat "$TMPD/many.err")"
read -r rc2 kb2 s2 <<EOT
$(many 100000)
EOT
assert_eq "100 000 fichiers : code 0" "0 0" "$rc1 $rc2"
assert_contains "100 000 fichiers : tous doublons" "100000 doublon(s)" "$(cat "$TMPD/many.err")"
echo "# 10 000 fichiers : $s1 s, $kb1 Ko ; 100 000 fichiers : $s2 s, $kb2 Ko"
# In the plain build only (ASan's quarantine grows with the frees: 44 MB then
# 134 MB). Time: 10 times the files, at most 25 times the time (10,000 files
# counted as 0.5 s at least), so that a load that comes and goes between the
# two runs does not fail a linear ingest.
if measured "100 000 fichiers : mémoire plate, temps linéaire"; then
	assert_eq "100 000 fichiers : mémoire plate (moins de 3 fois celle de 10 000)" "oui" \
		"$(awk -v a="$kb1" -v b="$kb2" 'BEGIN { print (b < 3 * a) ? "oui" : "non (" a " Ko puis " b " Ko)" }')"
	assert_eq "100 000 fichiers : temps linéaire (moins de 25 fois celui de 10 000)" "oui" \
		"$(awk -v a="$s1" -v b="$s2" 'BEGIN { print (b < 25 * (a < 0.5 ? 0.5 : a)) ? "oui" : "non (" a " s puis " b " s)" }')"
fi
assert_eq "100 000 fichiers : boîte vidée" "0" "$(ls "$IN" | wc -l)"

done_testing
