# lecap ingest's memory does not depend on the history: with 300,000 files
# already recorded in lecap.fichier (every one applied), re-dropping a few
# files finds them doublons through the database (one query per window of
# inbox files, src/ingest/ingest.c) and the peak RSS stays small. Holding every
# fingerprint ever received in memory took ~300 bytes per file: ~90 MiB here.
. tests/lib.sh

IN="$TMPD/entree"; AR="$TMPD/archive"; QU="$TMPD/quarantaine"
export LECAP_CHEMINS_ENTREE="$IN" LECAP_CHEMINS_ARCHIVE="$AR" LECAP_CHEMINS_QUARANTAINE="$QU"
mkdir -p "$IN"
run_lecap -q init
"$LECAP" generate --entreprises 40 --campagnes 2025 --graine 23 --out "$TMPD/lot" 2>/dev/null
rm -f "$TMPD/lot/.defauts.txt"
n=$(ls "$TMPD/lot" | wc -l)
cp "$TMPD/lot/"* "$IN/"
run_lecap ingest
assert_rc "premier dépôt : code 0" 0
assert_eq "premier dépôt : tous intégrés" "$n" "$(sql "SELECT count(*) FROM lecap.fichier WHERE statut = 'integre'")"

# The history: 300,000 more applied files, as many fingerprints.
sql "INSERT INTO lecap.fichier (nom, sha256, taille, nature, siret, campagne, horodatage_export, statut,
	execution_id)
	SELECT 'ancien-' || i || '.csv', md5(i::text) || md5((-i)::text), 1000, 'reponses',
	       lpad((i % 100000)::text, 14, '0'), 2000 + i % 20, '2020-01-01 00:00:00+00', 'integre',
	       (SELECT max(id) FROM lecap.execution)
	FROM generate_series(1, 300000) AS i; ANALYZE lecap.fichier" >/dev/null
assert_eq "historique : 300 000 fichiers de plus" "$((n + 300000))" "$(sql "SELECT count(*) FROM lecap.fichier")"

# The same files again, and one of the history's fingerprints under a new
# name is not mistaken for anything but what the database says.
cp "$TMPD/lot/"* "$IN/"
/usr/bin/time -f '%M' -o "$TMPD/time" "$LECAP" ingest >/dev/null 2>"$TMPD/err"
assert_eq "re-dépôt sur un long historique : code 0" "0" "$?"
assert_contains "re-dépôt : tous doublons" "0 intégré(s), 0 rejeté(s), $n doublon(s), 0 obsolète(s)" "$(cat "$TMPD/err")"
assert_eq "re-dépôt : chaque doublon copie la nature de l'original" "0" \
	"$(sql "SELECT count(*) FROM lecap.fichier d JOIN lecap.fichier o USING (sha256)
		WHERE d.statut = 'doublon' AND o.statut = 'integre' AND (d.nature, d.siret, d.campagne)
		IS DISTINCT FROM (o.nature, o.siret, o.campagne)")"
kb=$(tail -1 "$TMPD/time")
echo "# pic de mémoire du re-dépôt avec 300 000 fichiers d'historique : $kb Kio"
if measured "re-dépôt : pic de mémoire sous 32 Mio malgré l'historique"; then
	assert_eq "re-dépôt : pic de mémoire sous 32 Mio malgré l'historique" "oui" \
		"$(awk -v k="$kb" 'BEGIN { print (k < 32768) ? "oui" : "non (" k " Kio)" }')"
fi
assert_eq "re-dépôt : boîte vidée" "0" "$(ls "$IN" | wc -l)"
