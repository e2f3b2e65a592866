#!/bin/bash
# A/B of the render cost (issue 19): two lecap binaries, each on a base it
# built itself from the same generated network, in one throwaway cluster;
# PASSES alternating passes of `lecap report --campagne CAMPAGNE --out DIR`
# (a new directory each time: everything is rendered), server CPU read from
# the postmaster and its children in /proc (utime + stime, plus the reaped
# backends' cutime + cstime), lecap's own CPU from /usr/bin/time. Per page:
# over the pages of the photographies (territorial reports included in the
# CPU, as in docs/performance.md). Then pdftotext of every PDF of the first
# pass of A against B: « textes identiques » or the files that differ.
#
#   scripts/bench/ab-rendu.sh A_BIN B_BIN
#   SIZE=800 CAMPAGNES=2022-2026 GRAINE=19 CAMPAGNE=2026 PASSES=3 REPORT_ARGS=
#   (REPORT_ARGS: e.g. "--national" or "--region 84" for the territorial
#   reports alone; the pages are then the PDFs' pages)
#   TERRITOIRES=1: [rapports] entreprises = non, the national and regional
#   reports of one `lecap report` (as the night renders them), pages theirs
#   TRAVAILLEURS=N: [rapports] travailleurs (binaries that know the key)
#
# Run it under `flock /tmp/lecap-bench.lock` on a shared machine: only the
# ratios within one run mean something, never seconds across runs.
set -eu
A=$(realpath "$1")
B=$(realpath "$2")
SIZE=${SIZE:-800}
CAMPAGNES=${CAMPAGNES:-2022-2026}
GRAINE=${GRAINE:-19}
CAMPAGNE=${CAMPAGNE:-2026}
PASSES=${PASSES:-3}
REPORT_ARGS=${REPORT_ARGS:-}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PG_BINDIR=${PG_BINDIR:-$(ls -d /usr/lib/postgresql/15/bin 2>/dev/null || dirname "$(command -v initdb)")}
CLK_TCK=$(getconf CLK_TCK)
WORK=$(mktemp -d "${BENCH_TMP:-/tmp}/lecap-ab.XXXXXX")
chmod 0755 "$WORK"
: >"$WORK/vide.conf"
export LECAP_CONFIG="$WORK/vide.conf"
PG_PID=

as_owner() { if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }
say() { printf 'ab: %s\n' "$*" >&2; }

cleanup() {
	if [ -n "$PG_PID" ]; then
		kill -INT "$PG_PID" 2>/dev/null || true
		for _ in $(seq 1 300); do kill -0 "$PG_PID" 2>/dev/null || break; sleep 0.1; done
	fi
	[ -n "${KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

PG_DIR=$WORK/pg
mkdir -p "$PG_DIR"
chmod 0755 "$PG_DIR"
[ "$(id -u)" -eq 0 ] && chown postgres "$PG_DIR"
as_owner "$PG_BINDIR/initdb" -D "$PG_DIR/data" -U postgres -A trust --locale=C.UTF-8 -E UTF8 \
	--no-sync >"$PG_DIR/initdb.log" 2>&1
as_owner "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 120 \
	-o "-c listen_addresses='' -k $PG_DIR -c shared_buffers=1GB -c work_mem=64MB -c datestyle='ISO, DMY' -c timezone=Europe/Paris -c max_connections=50" \
	start >/dev/null
PG_PID=$(head -1 "$PG_DIR/data/postmaster.pid")
AUX_PIDS=$(pgrep -P "$PG_PID")
export PGHOST="$PG_DIR" PGPORT=5432 PGUSER=postgres

# srv_cpu: CPU seconds used so far by the cluster (as scripts/bench/bench.sh).
srv_cpu() {
	local pids
	pids="$PG_PID $(pgrep -P "$PG_PID" | tr '\n' ' ')"
	for p in $pids; do
		sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null |
			awk -v main="$([ "$p" = "$PG_PID" ] && echo 1 || echo 0)" \
				'{ t = $12 + $13; if (main) t += $14 + $15; print t }' || true
	done | awk -v hz="$CLK_TCK" '{ s += $1 } END { printf "%.2f", s / hz }'
}
# Wait until the backends of the last command are gone and reaped.
settle() {
	local others
	for _ in $(seq 1 100); do
		others=$(pgrep -P "$PG_PID" | grep -vxF -e "$AUX_PIDS" 2>/dev/null || true)
		[ -z "$others" ] && break
		sleep 0.1
	done
}
pdf_pages() {
	find "$1" -name '*.pdf' "${@:2}" -print0 | xargs -0 -r cat | grep -a -o '/Type /Pages\?' | grep -cx '/Type /Page' || true
}

# The base of each binary, built by itself.
"$B" generate --entreprises "$SIZE" --campagnes "$CAMPAGNES" --graine "$GRAINE" --out "$WORK/gen" 2>/dev/null
for x in A B; do
	d=$WORK/$x
	mkdir -p "$d/entree" "$d/archive" "$d/quarantaine"
	cp -r "$WORK/gen/." "$d/entree/"
	bin=$A
	[ "$x" = B ] && bin=$B
	# a key the binary does not know is an error: age_min only where it exists
	cat >"$d/lecap.conf" <<-EOF
	[base]
	conninfo = dbname=ab_$x
	[chemins]
	entree = $d/entree
	archive = $d/archive
	quarantaine = $d/quarantaine
	rapports = $d/rapports
	[referentiel]
	fichier = $ROOT/config/referentiel-cap.csv
	offres = $ROOT/config/offres.csv
	regions = $ROOT/config/regions.csv
	types = $ROOT/config/types-structure.csv
	[ingestion]
	$(grep -q age_min "$bin" && echo 'age_min = 0')
	[rapports]
	$([ -n "${TRAVAILLEURS:-}" ] && grep -q travailleurs "$bin" && echo "travailleurs = $TRAVAILLEURS")
	entreprises = $([ "${TERRITOIRES:-0}" = 1 ] && echo non || echo oui)
	EOF
	createdb "ab_$x"
	"$bin" -q -c "$d/lecap.conf" init
	"$bin" -q -c "$d/lecap.conf" ingest
	"$bin" -q -c "$d/lecap.conf" aggregate --all
	say "base $x construite ($bin)"
done

printf 'passe\tbinaire\tpages\tphotographies\tlecap_s\tserveur_s\tserveur_ms_page\tlecap_ms_page\n' >"$WORK/ab.tsv"
for p in $(seq 1 "$PASSES"); do
	order="A B"
	[ $((p % 2)) -eq 0 ] && order="B A"
	for x in $order; do
		bin=$A
		[ "$x" = B ] && bin=$B
		out=$WORK/$x/r$p
		settle
		c0=$(srv_cpu)
		# shellcheck disable=SC2086
		/usr/bin/time -f '%U %S' -o "$WORK/time" "$bin" -q -c "$WORK/$x/lecap.conf" report \
			--campagne "$CAMPAGNE" $REPORT_ARGS --out "$out"
		read -r u s <"$WORK/time"
		settle
		c1=$(srv_cpu)
		all=$(pdf_pages "$out")
		if [ -z "$REPORT_ARGS" ] && [ "${TERRITOIRES:-0}" != 1 ]; then
			pages=$(pdf_pages "$out" -path '*entreprises*')
			[ "$pages" -gt 0 ] || pages=$(pdf_pages "$out" -not -name 'national*' -not -name 'region*')
		else
			pages=$all
		fi
		awk -v p="$p" -v x="$x" -v pg="$pages" -v all="$all" -v u="$u" -v s="$s" -v c0="$c0" -v c1="$c1" \
			'BEGIN { l = u + s; v = c1 - c0;
			         printf "%s\t%s\t%s\t%s\t%.2f\t%.2f\t%.3f\t%.3f\n", p, x, all, pg, l, v, 1000 * v / pg, 1000 * l / pg }' \
			>>"$WORK/ab.tsv"
	done
done
column -t -s "$(printf '\t')" "$WORK/ab.tsv"

# Same text: every PDF of A's first pass against B's.
n=0
diff=0
while IFS= read -r f; do
	n=$((n + 1))
	if ! cmp -s <(pdftotext -q "$WORK/A/r1/$f" -) <(pdftotext -q "$WORK/B/r1/$f" - 2>/dev/null); then
		diff=$((diff + 1))
		[ "$diff" -le 10 ] && say "texte différent : $f"
	fi
done < <(cd "$WORK/A/r1" && find . -name '*.pdf' | sort)
nb=$(cd "$WORK/B/r1" && find . -name '*.pdf' | wc -l)
say "$n PDF (A), $nb (B) ; textes différents : $diff"

# B's migrations over A's base (MIGRATION=0 to skip): B's init, then B
# renders A's base; same text as A's first pass.
if [ "${MIGRATION:-1}" = 1 ]; then
	"$B" -q -c "$WORK/A/lecap.conf" init
	# A binary whose migrations add result tables (an older A) leaves the
	# campaign to aggregate again: B refuses to report, and says so; the
	# table above stands, the comparison is skipped.
	# shellcheck disable=SC2086
	if ! "$B" -q -c "$WORK/A/lecap.conf" report --campagne "$CAMPAGNE" $REPORT_ARGS --out "$WORK/A/migre"; then
		say "base de A migrée par B : B demande d'agréger de nouveau (ci-dessus) ; comparaison après migration sautée"
		exit 0
	fi
	diff=0
	while IFS= read -r f; do
		if ! cmp -s <(pdftotext -q "$WORK/A/r1/$f" -) <(pdftotext -q "$WORK/A/migre/$f" - 2>/dev/null); then
			diff=$((diff + 1))
			[ "$diff" -le 10 ] && say "après migration, texte différent : $f"
		fi
	done < <(cd "$WORK/A/r1" && find . -name '*.pdf' | sort)
	say "base de A migrée par B : $(cd "$WORK/A/migre" && find . -name '*.pdf' | wc -l) PDF ; textes différents de A : $diff"
fi
