# lecap ingest and files still being uploaded (issue 17 item 6): names ending
# .part, .tmp, .crdownload or ~ are never read; a file changed within
# [ingestion] age_min is left for the next run; a writer appending in bursts
# while lecap ingest runs never gets a partial file loaded.
. tests/lib.sh

IN="$TMPD/entree"; AR="$TMPD/archive"; QU="$TMPD/quarantaine"
export LECAP_CHEMINS_ENTREE="$IN" LECAP_CHEMINS_ARCHIVE="$AR" LECAP_CHEMINS_QUARANTAINE="$QU"
mkdir -p "$IN"
V="$ROOT/tests/fixtures/valides"
run_lecap -q init

# Names of uploads in progress: never read, whatever their age.
for suffix in .part .tmp .crdownload '~'; do
	cp "$V/crlf.csv" "$IN/envoi.csv$suffix"
	touch -d '2020-01-01' "$IN/envoi.csv$suffix"
done
cp "$V/crlf.csv" "$IN/recent.csv"
LECAP_INGESTION_AGE_MIN=120 run_lecap ingest
assert_rc "dépôts en cours : code 0" 0
assert_contains "un .part : dit jamais lu" "lecap: info: envoi.csv.part : dépôt en cours (nom en .part, .tmp, .crdownload ou ~), jamais lu ; il sera intégré une fois renommé" "$ERR"
assert_contains "un ~ : dit jamais lu" "lecap: info: envoi.csv~ : dépôt en cours" "$ERR"
assert_contains "un fichier récent : laissé, avec la raison" "lecap: info: recent.csv modifié il y a moins de 120 s ([ingestion] age_min) : dépôt peut-être en cours, laissé dans la boîte de réception pour la prochaine exécution" "$ERR"
assert_eq "rien n'est lu ni déplacé" "envoi.csv.crdownload
envoi.csv.part
envoi.csv.tmp
envoi.csv~
recent.csv" "$(ls "$IN")"
assert_eq "rien en base" "0" "$(sql "SELECT count(*) FROM lecap.fichier")"
LECAP_INGESTION_AGE_MIN=120 run_lecap status
assert_contains "status : le fichier récent" "  recent.csv — modifié il y a " "$OUT"
assert_contains "status : le .part" "  envoi.csv.part — dépôt en cours" "$OUT"

# Once old enough, it is read; the .part still is not.
touch -d '2020-01-01' "$IN/recent.csv"
LECAP_INGESTION_AGE_MIN=120 run_lecap ingest
assert_rc "fichier assez ancien : code 0" 0
assert_eq "fichier assez ancien : intégré" "recent.csv|integre" "$(sql "SELECT nom, statut FROM lecap.fichier")"
assert_eq "les dépôts en cours restent" "4" "$(ls "$IN" | wc -l)"
rm -f "$IN"/*

# A writer appending in bursts while lecap ingest runs: a cut on a record
# boundary would be a valid, shorter evaluation. With age_min = 2 s, no run
# loads it before it is complete.
H="siret;raison_sociale;region;type_structure;campagne;date_evaluation;horodatage_export;repondant;college;1.1.1.a"
P="44821993100012;Régie des Quatre Chemins;32;EI;2025;14/03/2025;2025-04-01T10:00:00+02:00"
{
	echo "$H"
	for i in $(seq 1 12); do
		echo "$P;R$i;direction;3"
		sleep 0.4
	done
} > "$IN/rafales.csv" &
writer=$!
runs=0
while kill -0 $writer 2>/dev/null; do
	LECAP_INGESTION_AGE_MIN=2 "$LECAP" -q ingest >/dev/null 2>&1
	runs=$((runs + 1))
	sleep 0.2
done
wait $writer
[ "$runs" -ge 3 ] && ok "lecap ingest a tourné $runs fois pendant l'écriture" || not_ok "trop peu d'exécutions pendant l'écriture ($runs)"
assert_eq "rien de chargé pendant l'écriture" "0" "$(sql "SELECT count(*) FROM lecap.fichier WHERE nom = 'rafales.csv'")"
sleep 2.2
LECAP_INGESTION_AGE_MIN=2 run_lecap ingest
assert_rc "après l'écriture : code 0" 0
assert_eq "le fichier complet est chargé, ses 12 répondants" "rafales.csv|integre|12" \
	"$(sql "SELECT f.nom, f.statut, (SELECT count(*) FROM lecap.repondant r JOIN lecap.evaluation e ON e.id = r.evaluation_id WHERE e.siret = '44821993100012') FROM lecap.fichier f WHERE f.nom = 'rafales.csv'")"

# The configuration key is checked like the others.
LECAP_INGESTION_AGE_MIN=bientot run_lecap ingest
assert_rc "age_min invalide : code 2" 2
assert_contains "age_min invalide : message" "une durée (ex. 120s, 2min, 1h, 1j, 0)" "$ERR"
done_testing
