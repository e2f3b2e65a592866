#!/bin/sh
# make demo: the main job on an embedded default. Starts (or reuses) a private
# PostgreSQL cluster under ./var/pg that keeps its data between runs, then
# runs lecap on it and prints how to connect.
set -eu
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PG_BINDIR=$(ls -d /usr/lib/postgresql/15/bin 2>/dev/null || dirname "$(command -v initdb)")
DATA="$ROOT/var/pg/data"
SOCK="$ROOT/var/pg/run"
# A unix socket path must stay under 107 bytes: fall back to a short one.
if [ $(( ${#SOCK} + 20 )) -gt 107 ]; then
	SOCK="/tmp/lecap-demo-$(id -u)"
fi

as_owner() {
	if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

mkdir -p "$ROOT/var/pg" "$SOCK"
if [ "$(id -u)" -eq 0 ]; then
	chown postgres "$ROOT/var/pg" "$SOCK"
	# postgres must be able to reach var/pg through the project's directories
	chmod o+x "$ROOT" "$ROOT/var" 2>/dev/null || true
fi
if [ ! -f "$DATA/PG_VERSION" ]; then
	echo "lecap demo: création du cluster PostgreSQL privé dans var/pg/data"
	as_owner "$PG_BINDIR/initdb" -D "$DATA" -U postgres -A trust --locale=C.UTF-8 -E UTF8 \
		>"$ROOT/var/pg/initdb.log" 2>&1
fi
if ! as_owner "$PG_BINDIR/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
	as_owner "$PG_BINDIR/pg_ctl" -D "$DATA" -l "$ROOT/var/pg/server.log" -w -t 60 \
		-o "-c listen_addresses='' -k $SOCK" start >/dev/null
fi
export PGHOST="$SOCK" PGUSER=postgres
psql -X -q -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'lecap'" | grep -q 1 \
	|| createdb lecap
export PGDATABASE=lecap

# The exports of a synthetic network (no real data), a few of them defective,
# dropped into the inbox once: a second `make demo` is the night after, with
# nothing new.
if [ ! -f "$ROOT/var/.demo-generee" ]; then
	./bin/lecap generate --entreprises 600 --campagnes 2024-2026 --graine 2026 --defauts 0.02 \
		--out "$ROOT/var/entree"
	touch "$ROOT/var/.demo-generee"
fi

set +e
# The demo loads what it has just generated: no wait for uploads in progress
# ([ingestion] age_min, 120 s by default).
LECAP_INGESTION_AGE_MIN=0 ./bin/lecap run
rc=$?
set -e

echo
echo "lecap run : code de sortie $rc (0 succès, 1 fichiers rejetés — attendu ici : la démo en glisse quelques-uns)"
if [ -d "$ROOT/var/rapports" ]; then
	echo "Rapports PDF :        $(find "$ROOT/var/rapports" -name '*.pdf' | wc -l) fichiers sous var/rapports/"
	find "$ROOT/var/rapports" -maxdepth 3 -name '*.pdf' | sort | head -5 | sed 's|^|                      |'
fi
echo
echo "Quarantaine (var/quarantaine) : fichiers rejetés et leurs motifs"
for f in "$ROOT"/var/quarantaine/*.erreurs.txt; do
	[ -f "$f" ] || continue
	echo "  $(basename "$f" .erreurs.txt) : $(head -1 "$f")"
done
echo
./bin/lecap status | sed "/^Évaluations en base/,\$d"
echo
echo "Cluster privé : var/pg/data (socket $SOCK), base lecap."
echo "Pour interroger les vues :  psql -h $SOCK -U postgres lecap -c 'SELECT * FROM lecap.v_agregat WHERE region = '\''FR'\'' AND niveau = '\''theme'\'' ORDER BY campagne, code'"
echo "Pour l'arrêter :       $( [ "$(id -u)" -eq 0 ] && echo 'runuser -u postgres -- ')$PG_BINDIR/pg_ctl -D $DATA stop"
