#!/bin/sh
# make demo: the main job on an embedded default. Starts (or reuses) a private
# PostgreSQL cluster that keeps its data between runs, then runs lecap on it
# and prints how to connect. The exports, archive, quarantine and reports stay
# under ./var/ in the clone.
#
#   sh scripts/demo.sh          create or start the cluster, run lecap
#   sh scripts/demo.sh stop     stop the cluster (make demo-stop)
#   sh scripts/demo.sh clean    stop it, remove it and the demo's data (make demo-clean)
#
# Where the cluster lives. The server runs as the user who runs the demo, or
# as postgres when that user is root (PostgreSQL refuses to run as root). It
# lives in the clone, var/pg/, when that user can reach it; when postgres
# cannot (a clone under a 0700 home such as /root), in a directory that
# postgres owns, one per clone: /var/lib/lecap-demo/<empreinte du chemin>/.
# The modes of the directories above the clone are never changed. The socket
# goes beside the cluster, or, when that path is too long for a unix socket
# (107 bytes) or holds characters a server option cannot carry, under /tmp.
set -eu
cd "$(dirname "$0")/.."
ROOT=$(pwd)
ACTION=${1:-run}
PG_BINDIR=$(ls -d /usr/lib/postgresql/15/bin 2>/dev/null || dirname "$(command -v initdb)")
ID=$(printf '%s' "$ROOT" | sha256sum | cut -c1-12)
EXTERNAL=/var/lib/lecap-demo/$ID

# fail MESSAGE LOG HINT: the demo's error format, the end of the log, a hint.
fail() {
	echo "lecap demo: erreur : $1" >&2
	if [ -n "$2" ] && [ -s "$2" ]; then
		echo "lecap demo: dernières lignes de $2 :" >&2
		tail -n 15 "$2" | sed 's/^/    /' >&2
	fi
	echo "lecap demo: astuce : $3" >&2
	exit 1
}

# Runs a PostgreSQL program as the cluster's owner (every path given is
# absolute: as postgres, from /, which it can always enter).
as_owner() {
	if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# The highest directory on the clone's path that postgres cannot cross.
blocking_dir() {
	b="" d=$ROOT
	while [ "$d" != / ]; do
		runuser -u postgres -- test -x "$d" 2>/dev/null || b=$d
		d=$(dirname "$d")
	done
	echo "$b"
}

# Sets BASE (the cluster's directory: data/, the logs) and SOCK. With
# "create", may create var/pg/ to see whether postgres can use it.
locate() {
	if [ -f "$ROOT/var/pg/data/PG_VERSION" ] || [ "$(id -u)" -ne 0 ]; then
		BASE=$ROOT/var/pg
	elif [ -d "$EXTERNAL" ]; then
		BASE=$EXTERNAL
	elif [ "${1:-}" = create ] && mkdir -p "$ROOT/var/pg" && chown postgres "$ROOT/var/pg" &&
		runuser -u postgres -- test -w "$ROOT/var/pg" 2>/dev/null; then
		BASE=$ROOT/var/pg
	elif [ "${1:-}" = create ]; then
		rmdir "$ROOT/var/pg" 2>/dev/null || true
		BASE=$EXTERNAL
	else
		BASE=$ROOT/var/pg
	fi
	DATA=$BASE/data
	SOCK=$BASE/run
	case "$SOCK" in
	*[!A-Za-z0-9/._+-]*) SOCK=/tmp/lecap-demo-$ID ;;
	esac
	if [ $(( ${#SOCK} + 20 )) -gt 107 ]; then
		SOCK=/tmp/lecap-demo-$ID
	fi
}

running() {
	[ -f "$DATA/PG_VERSION" ] && as_owner "$PG_BINDIR/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

stop_cluster() {
	if running; then
		as_owner "$PG_BINDIR/pg_ctl" -D "$DATA" -m fast -w -t 60 stop >/dev/null 2>&1 ||
			fail "le cluster de $DATA ne s'arrête pas" "$BASE/server.log" \
				"voyez le journal ci-dessus, puis « $PG_BINDIR/pg_ctl -D '$DATA' stop -m immediate »"
		echo "lecap demo: cluster PostgreSQL arrêté ($DATA)"
		return 0
	fi
	return 1
}

case "$ACTION" in
stop)
	locate
	stop_cluster || echo "lecap demo: aucun cluster de démonstration en marche ($DATA)"
	exit 0
	;;
clean)
	locate
	stop_cluster || true
	removed=0
	for p in "$ROOT/var/pg" "$EXTERNAL" "/tmp/lecap-demo-$ID" "$ROOT/var/entree" "$ROOT/var/archive" \
		"$ROOT/var/quarantaine" "$ROOT/var/rapports" "$ROOT/var/.demo-generee" "$ROOT/var/demo.conf"; do
		[ -e "$p" ] || continue
		rm -rf "$p"
		echo "lecap demo: supprimé : $p"
		removed=1
	done
	rmdir "$ROOT/var" "$(dirname "$EXTERNAL")" 2>/dev/null || true
	[ "$removed" = 1 ] || echo "lecap demo: rien à supprimer"
	exit 0
	;;
run) ;;
*)
	echo "usage : sh scripts/demo.sh [run | stop | clean]" >&2
	exit 2
	;;
esac

if [ "$(id -u)" -eq 0 ]; then
	id postgres >/dev/null 2>&1 ||
		fail "l'utilisateur système postgres n'existe pas" "" "installez postgresql-15 (make deps)"
fi
locate create
# The parent of the per-clone directories must be crossable by postgres
# whatever root's umask.
[ "$BASE" != "$EXTERNAL" ] || install -d -m 0755 "$(dirname "$EXTERNAL")"
mkdir -p "$BASE" "$SOCK" "$ROOT/var" 2>"${TMPDIR:-/tmp}/lecap-demo-mkdir.$$" || {
	err=$(cat "${TMPDIR:-/tmp}/lecap-demo-mkdir.$$"); rm -f "${TMPDIR:-/tmp}/lecap-demo-mkdir.$$"
	fail "impossible de créer les répertoires de la démo : $err" "" \
		"lancez make demo en tant qu'utilisateur propriétaire du clone ($(stat -c %U "$ROOT"))"; }
rm -f "${TMPDIR:-/tmp}/lecap-demo-mkdir.$$"
if [ "$(id -u)" -eq 0 ]; then
	chown postgres "$BASE" "$SOCK"
fi
if [ "$BASE" = "$EXTERNAL" ]; then
	echo "lecap demo: l'utilisateur postgres ne peut pas traverser $(blocking_dir) : le cluster vit hors du clone, dans $BASE"
fi
if [ ! -f "$DATA/PG_VERSION" ]; then
	echo "lecap demo: création du cluster PostgreSQL privé dans $DATA"
	as_owner "$PG_BINDIR/initdb" -D "$DATA" -U postgres -A trust --locale=C.UTF-8 -E UTF8 \
		>"$BASE/initdb.log" 2>&1 ||
		{ fail "création du cluster PostgreSQL impossible dans $DATA" "$BASE/initdb.log" \
			"corrigez la cause ci-dessus puis relancez make demo (make demo-clean repart de zéro)"; }
fi
if ! running; then
	as_owner "$PG_BINDIR/pg_ctl" -D "$DATA" -l "$BASE/server.log" -w -t 60 \
		-o "-c listen_addresses='' -k '$SOCK'" start >"$BASE/pg_ctl.log" 2>&1 ||
		fail "démarrage du cluster PostgreSQL impossible ($DATA)" "$BASE/server.log" \
			"un autre serveur utilise-t-il le socket $SOCK ? « make demo-stop » puis « make demo », ou « make demo-clean » pour repartir de zéro"
fi
export PGHOST="$SOCK" PGUSER=postgres
if ! psql -X -q -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'lecap'" 2>"$BASE/psql.log" | grep -q 1; then
	createdb lecap 2>>"$BASE/psql.log" ||
		fail "création de la base lecap impossible (socket $SOCK)" "$BASE/psql.log" \
			"le serveur tourne-t-il ? voyez $BASE/server.log ; « make demo-clean » repart de zéro"
fi
export PGDATABASE=lecap
# The demo's own (empty) configuration: on a machine where the package is
# installed, lecap would otherwise read /etc/lecap/lecap.conf, the production
# database and directories.
: >"$ROOT/var/demo.conf"
export LECAP_CONFIG="$ROOT/var/demo.conf"

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
echo "Cluster privé : $DATA (socket $SOCK), base lecap."
echo "Pour interroger les vues :  psql -h '$SOCK' -U postgres lecap -c 'SELECT * FROM lecap.v_agregat WHERE region = '\''FR'\'' AND niveau = '\''theme'\'' ORDER BY campagne, code'"
echo "Pour l'arrêter : make demo-stop ; pour le supprimer avec les données de la démo : make demo-clean"
if [ "$rc" -gt 1 ]; then
	fail "lecap run a échoué (code $rc)" "" "les messages de lecap ci-dessus disent pourquoi ; « make demo-clean » repart de zéro"
fi
