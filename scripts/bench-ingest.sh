#!/bin/sh
# scripts/bench-ingest.sh: the ingest benchmark of issue 5 (README « Performances »), on a
# private throwaway PostgreSQL (tests/pg.sh: fsync off, as for the tests).
#
#   1. lecap generate: a network of $BENCH_ENTREPRISES (default 10000)
#      members over campaigns 2024-2026, no defect;
#   2. lecap ingest of the whole inbox: time, cells/s, peak RSS;
#   3. the same files dropped in again (all doublons): time;
#   4. the same answer cells, pre-flattened to one row per cell, loaded with
#      psql \copy into an equivalent indexed table: time, and the ratio;
#   5. the same with pgloader (Debian package), when installed.
set -eu
cd "$(dirname "$0")/.."
N=${BENCH_ENTREPRISES:-10000}
LECAP=$(pwd)/bin/lecap
. tests/pg.sh
W=$(mktemp -d /tmp/lecap-bench.XXXXXX)
chmod 0755 "$W"
trap 'pg_stop; rm -rf "$W"' EXIT INT TERM
pg_start >/dev/null
export PGDATABASE=bench
createdb bench
export LECAP_CHEMINS_ENTREE="$W/entree" LECAP_CHEMINS_ARCHIVE="$W/archive" LECAP_CHEMINS_QUARANTAINE="$W/quarantaine"
export LECAP_INGESTION_AGE_MIN=0 # loads what it has just generated

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
div() { awk -v a="$1" -v b="$2" -v f="$3" 'BEGIN { printf f, a / b }'; }

"$LECAP" -q init
"$LECAP" -q generate --entreprises "$N" --out "$W/entree"
rm -f "$W/entree/defauts.txt" "$W/entree/.defauts.txt"
files=$(ls "$W/entree" | wc -l)
bytes=$(du -sb "$W/entree" | cut -f1)

t0=$(now)
/usr/bin/time -f '%M' -o "$W/rss" "$LECAP" -q ingest
t1=$(now)
cells=$(psql -qAtc "SELECT count(*) FROM lecap.reponse")
ingest=$(secs "$t0" "$t1")
rss=$(tail -1 "$W/rss")

# Every file again: all doublons.
find "$W/archive" -type f -exec mv -t "$W/entree" {} +
t0=$(now)
"$LECAP" -q ingest
t1=$(now)
redrop=$(secs "$t0" "$t1")
doublons=$(psql -qAtc "SELECT count(*) FROM lecap.fichier WHERE statut = 'doublon'")

# The baseline: the same cells, one row per cell, into an equivalent table.
psql -qAtc "COPY (SELECT evaluation_id, repondant, indicateur, note FROM lecap.reponse) TO STDOUT" >"$W/cells.tsv"
psql -qc "CREATE TABLE public.cellule (evaluation_id bigint NOT NULL, repondant smallint NOT NULL,
  indicateur text NOT NULL, note smallint CHECK (note BETWEEN 1 AND 4),
  PRIMARY KEY (evaluation_id, repondant, indicateur))"
t0=$(now)
psql -qc "\\copy public.cellule FROM '$W/cells.tsv'"
t1=$(now)
copy=$(secs "$t0" "$t1")

pgl="non installé"
if command -v pgloader >/dev/null 2>&1; then
	psql -qc "CREATE TABLE public.cellule_pgloader (LIKE public.cellule INCLUDING ALL)"
	sed 's/\\N$//' "$W/cells.tsv" >"$W/cells-pgloader.tsv"
	cat >"$W/load.pgl" <<PGL
LOAD CSV FROM '$W/cells-pgloader.tsv' (evaluation_id, repondant, indicateur, note [null if blanks])
INTO postgresql://postgres@unix:$PGHOST:$PGPORT/bench?tablename=cellule_pgloader
     (evaluation_id, repondant, indicateur, note)
WITH fields terminated by '\t', fields not enclosed;
PGL
	chmod 0644 "$W/load.pgl" "$W/cells-pgloader.tsv"
	t0=$(now)
	if pgloader --quiet "$W/load.pgl" >"$W/pgloader.log" 2>&1; then
		t1=$(now)
		p=$(secs "$t0" "$t1")
		pgl="$p s ($(psql -qAtc "SELECT count(*) FROM public.cellule_pgloader") lignes) ; lecap ingest = $(div "$ingest" "$p" %.2f) × pgloader"
	else
		pgl="échec (voir la sortie de pgloader)"
		cat "$W/pgloader.log" >&2
	fi
fi

echo "réseau          : $N adhérents, $files fichiers, $bytes octets, $cells cellules de réponse"
echo "lecap ingest    : $ingest s, $(div "$cells" "$ingest" %.0f) cellules/s, pic de mémoire $((rss / 1024)) Mio"
printf '%s\n' "psql \\copy      : $copy s (mêmes cellules, une ligne par cellule, table indexée équivalente)"
printf '%s\n' "rapport         : lecap ingest = $(div "$ingest" "$copy" %.2f) × \\copy"
echo "pgloader        : $pgl"
echo "redépôt         : $doublons doublons en $redrop s"
