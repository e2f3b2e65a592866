#!/bin/bash
# make bench: measures every stage of lecap against its reference, measured in
# the same run on the same private PostgreSQL cluster, and prints one table
# (also written to var/bench/resultats-<SIZE>.md).
#
#   SIZE=10000    enterprises generated (over CAMPAGNES)
#   RUNS=3        runs; the table gives medians and the spread min–max
#   CAMPAGNES=2024-2026   GRAINE=20261127
#   STAGES=all    or a comma list among generate,init,ingest,doublons,aggregate,
#                 reports,run (ingest also measures its references: \copy, pgloader)
#   PGLOADER=0    skip the pgloader reference (long at 50,000)
#   PGLOADER_RUNS=1   pgloader in the first run(s) only (3 minutes at 10,000)
#   BENCH_TMP=/tmp   where clusters and generated files go (several GB at 50,000)
#   LECAP_BIN=…   another lecap binary (default bin/lecap); LECAP_GEN_BIN=…
#                 the one that generates (default LECAP_BIN)
#   PROFILE=1     server-side profile: pg_stat_statements (nested statements
#                 too) dumped after each stage into var/bench/profil-<SIZE>-<stage>.txt,
#                 and auto_explain (≥ 1 s, with ANALYZE) in profil-<SIZE>-serveur.log;
#                 the timings of a profiled run are not comparable.
#
# Each run: a fresh cluster (initdb in a mktemp dir, unix socket only, as
# postgres through runuser when root) with production-like settings — fsync,
# synchronous_commit and full_page_writes left ON — then lecap init and the
# stages. A stage whose command is not available in this build (lecap CMD
# --help fails, or the command says « pas encore disponible ») is reported as
# « non disponible ». Wall time, peak RSS and CPU come from /usr/bin/time.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
SIZE=${SIZE:-10000}
RUNS=${RUNS:-3}
CAMPAGNES=${CAMPAGNES:-2024-2026}
GRAINE=${GRAINE:-20261127}
STAGES=${STAGES:-all}
PROFILE=${PROFILE:-0}
PGLOADER=${PGLOADER:-1}
PGLOADER_RUNS=${PGLOADER_RUNS:-1}
LECAP=${LECAP_BIN:-$ROOT/bin/lecap}
GENERATOR=${LECAP_GEN_BIN:-$LECAP}
OUT=$ROOT/var/bench
PG_BINDIR=${PG_BINDIR:-$(ls -d /usr/lib/postgresql/15/bin 2>/dev/null || dirname "$(command -v initdb)")}
TIME=/usr/bin/time

mkdir -p "$OUT"
WORK=$(mktemp -d "${BENCH_TMP:-/tmp}/lecap-bench.XXXXXX")
chmod 0755 "$WORK"
# Only the settings of this script: a production /etc/lecap/lecap.conf
# (lecap's default configuration file) must not leak in (as tests/lib.sh).
: >"$WORK/vide.conf"
export LECAP_CONFIG="$WORK/vide.conf"
RAW=$OUT/mesures-$SIZE.tsv
RESULT=$OUT/resultats-$SIZE.md
PG_PID=

say() { printf 'bench: %s\n' "$*" >&2; }

as_owner() {
	if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# The server settings of the benchmark cluster: what a dedicated batch server
# with 24 GiB would use. Durability stays on (fsync, synchronous_commit,
# full_page_writes default to on); WAL and checkpoints are sized for bulk
# loads so that a checkpoint does not land in the middle of every stage.
PG_SETTINGS="-c listen_addresses='' -c shared_buffers=2GB -c effective_cache_size=12GB
 -c work_mem=64MB -c maintenance_work_mem=512MB -c max_wal_size=8GB
 -c checkpoint_timeout=30min -c checkpoint_completion_target=0.9
 -c wal_buffers=64MB -c datestyle='ISO, DMY' -c timezone=Europe/Paris
 -c max_connections=50"
if [ "$PROFILE" = 1 ]; then
	PG_SETTINGS="$PG_SETTINGS -c shared_preload_libraries=pg_stat_statements,auto_explain
 -c pg_stat_statements.track=all -c auto_explain.log_min_duration=1s
 -c auto_explain.log_analyze=on -c auto_explain.log_nested_statements=on
 -c auto_explain.log_buffers=on"
fi

pg_up() {
	PG_DIR=$(mktemp -d "$WORK/pg.XXXXXX")
	chmod 0755 "$PG_DIR"
	[ "$(id -u)" -eq 0 ] && chown postgres "$PG_DIR"
	# --no-sync only spares initdb's own final fsync of the empty cluster.
	as_owner "$PG_BINDIR/initdb" -D "$PG_DIR/data" -U postgres -A trust \
		--locale=C.UTF-8 -E UTF8 --no-sync >"$PG_DIR/initdb.log" 2>&1 || {
		cat "$PG_DIR/initdb.log" >&2
		return 1
	}
	# shellcheck disable=SC2086
	as_owner "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 120 \
		-o "$(echo $PG_SETTINGS) -k $PG_DIR" start >/dev/null || {
		cat "$PG_DIR/server.log" >&2
		return 1
	}
	PG_PID=$(head -1 "$PG_DIR/data/postmaster.pid")
	# The auxiliary processes (checkpointer, writers, launchers) live as
	# long as the cluster: any other child is a backend or a worker.
	AUX_PIDS=$(pgrep -P "$PG_PID") # one per line
	export PGHOST="$PG_DIR" PGPORT=5432 PGUSER=postgres PGDATABASE=postgres
}

pg_down() {
	[ -n "${PG_PID:-}" ] || return 0
	kill -INT "$PG_PID" 2>/dev/null || true
	for _ in $(seq 1 300); do
		kill -0 "$PG_PID" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$PG_PID" 2>/dev/null || true
	PG_PID=
	[ "$PROFILE" = 1 ] && cp "$PG_DIR/server.log" "$OUT/profil-$SIZE-serveur.log" 2>/dev/null
	rm -rf "$PG_DIR"
}

cleanup() {
	pg_down
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

q() { psql -X -q -v ON_ERROR_STOP=1 -tAc "$1"; }

# want STAGE: is this stage selected by STAGES?
want() { [ "$STAGES" = all ] || [[ ",$STAGES," == *",$1,"* ]]; }

# available CMD: the command exists in this build and is implemented.
declare -A AVAIL
available() {
	local c=$1 err
	if [ -z "${AVAIL[$c]:-}" ]; then
		AVAIL[$c]=non
		if "$LECAP" "$c" --help >/dev/null 2>&1; then
			# An unknown option makes an implemented command refuse it, and a
			# command not yet written say so; nothing can reach a database.
			err=$(cd "$WORK" && PGHOST=$WORK/nulle-part PGDATABASE=sonde \
				"$LECAP" -c "$WORK/sonde.conf" "$c" --sonde-bench 2>&1 || true)
			case $err in
			*"pas encore disponible"*) ;;
			*) AVAIL[$c]=oui ;;
			esac
		fi
	fi
	[ "${AVAIL[$c]}" = oui ]
}

# record RUN STAGE WALL RSS_KIB CPU AMOUNT RC [SERVER_CPU]: one measurement line.
record() { printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" "$6" "$7" "${8:--}" >>"$RAW"; }

# srv_cpu: CPU seconds used so far by the cluster: its live processes, plus
# the exited backends (reaped by the postmaster: its cutime and cstime).
# Stage and reference are then compared in CPU too, whatever else the
# machine runs.
CLK_TCK=$(getconf CLK_TCK)
srv_cpu() {
	local pids
	pids="$PG_PID $(pgrep -P "$PG_PID" | tr '\n' ' ')"
	# shellcheck disable=SC2086
	for p in $pids; do
		sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null | \
			awk -v main="$([ "$p" = "$PG_PID" ] && echo 1 || echo 0)" \
			'{ t = $12 + $13; if (main) t += $14 + $15; print t }' || true
	done | awk -v hz="$CLK_TCK" '{ s += $1 } END { printf "%.2f", s / hz }'
}

# measure RUN STAGE AMOUNT_CMD CMD...: runs CMD under /usr/bin/time (its
# output in $WORK/STAGE.out and .err), then records wall time, peak RSS, CPU
# and the amount printed by AMOUNT_CMD (evaluated after CMD). Returns CMD's
# exit code in MRC.
measure() {
	local run=$1 stage=$2 amount_cmd=$3 wall rss usr sys amount
	shift 3
	MRC=0
	local c0 c1
	c0=$(srv_cpu)
	"$TIME" -f '%e %M %U %S' -o "$WORK/$stage.time" "$@" >"$WORK/$stage.out" \
		2>"$WORK/$stage.err" || MRC=$?
	# The stage's backends exit after lecap: wait until they are gone and
	# reaped (their CPU then sits in the postmaster's cutime), at most 10 s.
	# Waiting for every child but the auxiliary processes, not for those
	# whose title says "[local]": an exiting backend loses its title (its
	# memory is torn down) before it becomes a zombie, and srv_cpu, reading
	# the postmaster first, would then miss its CPU if it were reaped during
	# the reading.
	local others
	for _ in $(seq 1 100); do
		others=$(pgrep -P "$PG_PID" | grep -vxF -e "$AUX_PIDS" 2>/dev/null || true)
		[ -z "$others" ] && break
		sleep 0.1
	done
	c1=$(srv_cpu)
	read -r wall rss usr sys < <(tail -1 "$WORK/$stage.time")
	# lecap's own log of the stage (one time-stamped line per step): where
	# a night's time goes, read after the bench (docs/performance.md).
	cp "$WORK/$stage.err" "$OUT/journal-$SIZE-$stage.txt" 2>/dev/null || true
	amount=$(eval "$amount_cmd" 2>/dev/null || echo 0)
	if [ "$PROFILE" = 1 ] && [ "${PGDATABASE:-postgres}" != postgres ]; then
		psql -X -q -P pager=off -c "SELECT round(total_exec_time::numeric / 1000, 2) AS secondes,
			calls AS appels, rows AS lignes, left(regexp_replace(query, '\s+', ' ', 'g'), 160) AS requete
			FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 25" \
			>"$OUT/profil-$SIZE-$stage.txt" 2>&1 || true
		q "SELECT pg_stat_statements_reset()" >/dev/null 2>&1 || true
	fi
	record "$run" "$stage" "$wall" "$rss" "$(awk -v u="$usr" -v s="$sys" 'BEGIN{print u+s}')" \
		"${amount:-0}" "$MRC" "$(awk -v a="$c0" -v b="$c1" 'BEGIN{printf "%.2f", b - a}')"
	say "  $stage : ${wall} s (CPU $usr + $sys, serveur $(awk -v a="$c0" -v b="$c1" 'BEGIN{printf "%.2f", b - a}')), pic RSS $((rss / 1024)) Mio, quantité ${amount:-0}, code $MRC"
	if [ "$MRC" -ne 0 ] && [ "$MRC" -ne 1 ]; then
		say "  $stage : code de sortie $MRC ; fin de $WORK/$stage.err :"
		tail -5 "$WORK/$stage.err" >&2
	fi
}

# pdf_pages DIR [FIND TESTS]: the pages of the PDFs under DIR (each page
# object of a lecap PDF is written « /Type /Page »; the tree « /Type /Pages »).
pdf_pages() {
	local dir=$1
	shift
	find "$dir" "$@" -name '*.pdf' -print0 | xargs -0 -r cat | grep -a -o '/Type /Pages\?' | grep -cx '/Type /Page' || true
}

# config DIR: a lecap configuration whose paths all live under DIR.
config() {
	local d=$1
	mkdir -p "$d/entree" "$d/archive" "$d/quarantaine" "$d/rapports"
	cat >"$d/lecap.conf" <<-EOF
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
	; the bench loads what it has just generated: no wait for uploads
	; (a key the binary does not know is an error: an older lecap has none)
	$(grep -q age_min "$LECAP" && echo 'age_min = 0')
	EOF
	chmod 0600 "$d/lecap.conf"
}

# fill DIR: the generated exports dropped into DIR (the inbox).
fill() {
	find "$1" -mindepth 1 -maxdepth 1 -exec rm -rf {} +
	find "$GEN" -maxdepth 1 -name '*.csv' -exec cp -t "$1" {} +
}

checkpoint() { q "CHECKPOINT" >/dev/null; }

# settle RUN [vacuum]: before a measured stage, a checkpoint, then wait (at
# most 10 minutes) until no autovacuum worker runs: after a bulk load
# autovacuum vacuums and analyses the big tables for a while, and would
# otherwise be charged to whichever stage comes next. The wait is recorded
# (the nightly run, measured as a whole, pays it where it falls).
# With "vacuum", before a stage that stands for a later day (aggregate --all
# or a campaign recomputed alone on a loaded base, the nights after the
# first), the database is first vacuumed and analysed as autovacuum would
# have done by then: waiting for no worker is not enough when autovacuum
# has not started yet. Its launcher looks at the database once a minute
# (autovacuum_naptime); on 7 December 2026 it vacuumed lecap.score,
# score_college and some forty other tables 2 s into the campaign measured
# after aggregate --all, which then counted 4.11 s of server CPU for 2.8 s
# measured alone (docs/performance.md).
settle() {
	local t0 n waited
	checkpoint
	t0=$(date +%s.%N)
	[ "${2:-}" = vacuum ] && q "VACUUM (ANALYZE)" >/dev/null
	for _ in $(seq 1 1200); do
		n=$(q "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'")
		[ "$n" = 0 ] && break
		sleep 0.5
	done
	waited=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.2f", b - a}')
	record "$1" meta-attente-autovacuum 0 0 0 "$waited" 0
	checkpoint
}
lsn() { q "SELECT pg_current_wal_lsn()"; }
# wal RUN NAME LSN_BEFORE: records the WAL bytes written since LSN_BEFORE.
wal() { record "$1" "meta-wal-$2" 0 0 0 "$(q "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '$3')")" 0; }

bench_run() {
	local r=$1 d=$WORK/run$r db=lecap_bench
	mkdir -p "$d"
	say "passe $r/$RUNS : $SIZE entreprises, campagnes $CAMPAGNES"
	pg_up
	createdb "$db"
	export PGDATABASE=$db
	[ "$PROFILE" = 1 ] && q "CREATE EXTENSION pg_stat_statements" >/dev/null
	GEN=$d/gen

	# Generation: kept pristine in $GEN; each ingest gets its own copy.
	if LECAP=$GENERATOR available generate; then
		measure "$r" generate "sed -n 's/.* \([0-9][0-9]*\) cellules de réponse.*/\1/p' $WORK/generate.err" \
			"$GENERATOR" generate --entreprises "$SIZE" --campagnes "$CAMPAGNES" --graine "$GRAINE" --out "$GEN"
		[ "$MRC" -eq 0 ] || { cat "$WORK/generate.err" >&2; return 1; }
		sed -n 's/.* \([0-9][0-9]*\) évaluations.*/\1/p' "$WORK/generate.err" >"$WORK/evaluations"
	else
		record "$r" generate - - - - absent
		say "lecap generate n'est pas disponible : rien à mesurer"
		return 1
	fi
	if [ ! -f "$WORK/plat.csv" ]; then
		say "  aplatissement des réponses (une ligne par cellule) pour les références"
		python3 "$ROOT/scripts/bench/flatten.py" "$GEN" "$WORK/plat.csv" >"$WORK/plat.count"
	fi
	read -r _ _ CELLS <"$WORK/plat.count"
	FILES=$(find "$GEN" -maxdepth 1 -name '*.csv' | wc -l)
	record "$r" meta-cellules 0 0 0 "$CELLS" 0
	record "$r" meta-fichiers 0 0 0 "$FILES" 0
	record "$r" meta-evaluations 0 0 0 "$(cat "$WORK/evaluations")" 0

	config "$d/s"
	measure "$r" init "echo 1" "$LECAP" -c "$d/s/lecap.conf" init
	[ "$MRC" -eq 0 ] || return 1
	# The answer cells, one row each, and one scan of the stored answers,
	# whichever form the binary measured stores them in (one row per cell
	# before sql/030_reponse_par_repondant.sql, one per respondent since).
	if [ "$(q "SELECT to_regclass('lecap.v_reponse') IS NOT NULL")" = t ]; then
		CELLS_REL=lecap.v_reponse
		SCAN_SQL="SELECT count(*), sum(length(notes)) FROM lecap.reponse"
	else
		CELLS_REL=lecap.reponse
		SCAN_SQL="SELECT count(*), sum(note) FROM lecap.reponse"
	fi

	if want ingest; then
		# The floor: psql \copy of the same cells, flattened, into an indexed
		# table of one row per cell (lecap.reponse's form before sql/030,
		# the columns of lecap.v_reponse), same database.
		q "CREATE SCHEMA bench;
		   CREATE TABLE bench.reponse_copy (evaluation_id bigint NOT NULL, repondant smallint NOT NULL,
		     indicateur text NOT NULL, note smallint CHECK (note BETWEEN 1 AND 4),
		     PRIMARY KEY (evaluation_id, repondant, indicateur));
		   CREATE TABLE bench.reponse_pgloader (LIKE bench.reponse_copy INCLUDING ALL);"
		settle "$r"
		l0=$(lsn)
		measure "$r" ref-copy "q 'SELECT count(*) FROM bench.reponse_copy'" \
			psql -X -v ON_ERROR_STOP=1 -c "\\copy bench.reponse_copy (evaluation_id, repondant, indicateur, note) FROM '$WORK/plat.csv' WITH (FORMAT csv)"
		wal "$r" ref-copy "$l0"
		record "$r" meta-taille-copy 0 0 0 "$(q "SELECT pg_total_relation_size('bench.reponse_copy')")" 0
		if [ "$PGLOADER" = 1 ] && [ "$r" -le "$PGLOADER_RUNS" ] && command -v pgloader >/dev/null; then
			cat >"$WORK/pgloader.load" <<-EOF
			LOAD CSV
			  FROM '$WORK/plat.csv' (evaluation_id, repondant, indicateur, note [null if blanks])
			  INTO postgresql://postgres@unix:$PG_DIR:5432/$db
			  TARGET TABLE bench.reponse_pgloader (evaluation_id, repondant, indicateur, note)
			  WITH fields terminated by ',', fields optionally enclosed by '"';
			EOF
			settle "$r"
			measure "$r" ref-pgloader "q 'SELECT count(*) FROM bench.reponse_pgloader'" \
				pgloader --no-ssl-cert-verification "$WORK/pgloader.load"
		fi
		q "SET client_min_messages = warning; DROP SCHEMA bench CASCADE"
		checkpoint
		if available ingest; then
			fill "$d/s/entree"
			settle "$r"
			l0=$(lsn)
			measure "$r" ingest "echo $CELLS" "$LECAP" -c "$d/s/lecap.conf" ingest "$d/s/entree"
			record "$r" meta-integres 0 0 0 "$(q "SELECT count(*) FROM lecap.fichier WHERE statut = 'integre'")" 0
			record "$r" meta-rejetes 0 0 0 "$(q "SELECT count(*) FROM lecap.fichier WHERE statut = 'rejete'")" 0
			record "$r" meta-reponses 0 0 0 "$(q "SELECT count(*) FROM $CELLS_REL")" 0
			wal "$r" ingest "$l0"
			record "$r" meta-taille-reponse 0 0 0 "$(q "SELECT pg_total_relation_size('lecap.reponse')")" 0
			# Issue 20's storage target: the relations holding answers and
			# respondents, indexes included.
			record "$r" meta-taille-stockage 0 0 0 "$(q "SELECT pg_total_relation_size('lecap.reponse')
			  + pg_total_relation_size('lecap.repondant')")" 0
			record "$r" meta-taille-base 0 0 0 "$(q "SELECT pg_database_size(current_database())")" 0
		else
			record "$r" ingest - - - - absent
		fi
	fi

	if want doublons && available ingest && want ingest; then
		fill "$d/s/entree"
		settle "$r"
		measure "$r" doublons "echo $FILES" "$LECAP" -c "$d/s/lecap.conf" ingest "$d/s/entree"
	elif want doublons; then
		record "$r" doublons - - - - absent
	fi

	if want aggregate && want ingest && available ingest; then
		# The storage floor: one sequential scan of the answers. The first
		# read after the bulk load also sets hint bits: measured apart.
		settle "$r"
		measure "$r" ref-seqscan-froid "echo 1" psql -X -c "$SCAN_SQL"
		measure "$r" ref-seqscan "q 'SELECT count(*) FROM $CELLS_REL'" psql -X -c "$SCAN_SQL"
		if available aggregate; then
			settle "$r" vacuum
			l0=$(lsn)
			measure "$r" aggregate "q 'SELECT count(*) FROM $CELLS_REL'" \
				"$LECAP" -c "$d/s/lecap.conf" aggregate --all
			wal "$r" aggregate "$l0"
			# One campaign alone (the nightly case: only the current one changed).
			last=${CAMPAGNES##*-}
			settle "$r" vacuum
			measure "$r" aggregate-1 "q 'SELECT count(*) FROM $CELLS_REL r JOIN lecap.evaluation e ON e.id = r.evaluation_id WHERE e.campagne = $last'" \
				"$LECAP" -c "$d/s/lecap.conf" aggregate --campagne "$last"
		else
			record "$r" aggregate - - - - absent
		fi
	elif want aggregate; then
		record "$r" aggregate - - - - absent
	fi

	if want reports && available report && available aggregate && want aggregate; then
		settle "$r"
		measure "$r" rapports-reg-nat \
			"find $d/s/r1 -name '*.pdf' | wc -l" \
			env LECAP_RAPPORTS_ENTREPRISES=non "$LECAP" -c "$d/s/lecap.conf" report --all --out "$d/s/r1"
		record "$r" pages-reg-nat 0 0 0 "$(pdf_pages "$d/s/r1")" 0 -
		settle "$r"
		measure "$r" rapports-tous "find $d/s/r2 -path '*/entreprises/*' -name '*.pdf' | wc -l" \
			"$LECAP" -c "$d/s/lecap.conf" report --all --out "$d/s/r2"
		record "$r" pages-photographies 0 0 0 "$(pdf_pages "$d/s/r2" -path '*/entreprises/*')" 0 -
		# The same with one worker ([rapports] travailleurs = 1, issue 20
		# item 6); rapports-tous ran with the default (one per CPU, at most 4).
		record "$r" meta-travailleurs 0 0 0 "$(n=$(nproc); [ "$n" -gt 4 ] && n=4; echo "$n")" 0
		settle "$r"
		measure "$r" rapports-un-travailleur "find $d/s/r4 -path '*/entreprises/*' -name '*.pdf' | wc -l" \
			env LECAP_RAPPORTS_TRAVAILLEURS=1 "$LECAP" -c "$d/s/lecap.conf" report --all --out "$d/s/r4"
		# report --all renders the latest campaign; the first night renders
		# every campaign's reports. The earlier campaigns' reports, for the
		# night's reference (the separate stages that produce what it does).
		local prev
		prev=$(q "SELECT string_agg(DISTINCT campagne::text, ' ' ORDER BY campagne::text) FROM lecap.evaluation
			WHERE campagne < (SELECT max(campagne) FROM lecap.evaluation)")
		if [ -n "$prev" ]; then
			settle "$r"
			measure "$r" rapports-precedentes "find $d/s/r3 -name '*.pdf' | wc -l" \
				sh -c 'for c in $1; do "$2" -c "$3" report --all --campagne "$c" --out "$4" || exit $?; done' \
				sh "$prev" "$LECAP" "$d/s/lecap.conf" "$d/s/r3"
		fi
	elif want reports; then
		record "$r" rapports-reg-nat - - - - absent
		record "$r" rapports-tous - - - - absent
	fi
	rm -rf "$d/s/archive" "$d/s/r1" "$d/s/r2" "$d/s/r3" "$d/s/r4"

	if want run && available run; then
		# The whole night on a fresh database, then the night with nothing new.
		dropdb "$db"
		db=lecap_nuit
		createdb "$db"
		export PGDATABASE=$db
		[ "$PROFILE" = 1 ] && q "CREATE EXTENSION pg_stat_statements" >/dev/null
		config "$d/n"
		fill "$d/n/entree"
		checkpoint
		measure "$r" nuit "echo $CELLS" "$LECAP" -c "$d/n/lecap.conf" run
		# The next night comes a day later: autovacuum is long done.
		settle "$r" vacuum
		measure "$r" nuit-vide "echo 0" "$LECAP" -c "$d/n/lecap.conf" run
		# A night with one corrected export (one note changed) in the latest
		# campaign: its aggregates are recomputed, and the reports whose
		# content changed are rewritten (amount: reports written). Its stamp
		# stays before the generator's reference date (2026-11-30) and so
		# before now: a stamp in the future is refused ([ingestion]
		# tolerance_horloge), and the stage would measure a rejection.
		local camp f
		camp=$(q "SELECT max(campagne) FROM lecap.evaluation")
		f=$(q "SELECT f.nom FROM lecap.evaluation e JOIN lecap.fichier f ON f.id = e.fichier_id
			WHERE e.campagne = $camp AND f.nom LIKE 'reponses-%' ORDER BY e.siret LIMIT 1")
		python3 "$ROOT/tests/tools/reexport.py" "$d/n/archive/$camp/$f" "$d/n/entree/$f" \
			"$camp-11-30T23:00:00+01:00" 4 1
		settle "$r"
		measure "$r" nuit-une "q 'SELECT rapports_ecrits FROM lecap.execution ORDER BY id DESC LIMIT 1'" \
			"$LECAP" -c "$d/n/lecap.conf" run
		NREPORTS=$(find "$d/n/rapports/$camp" -name '*.pdf' | wc -l)
		echo "$NREPORTS" >"$OUT/rapports-campagne-$SIZE.txt"
		# A night with 100 new exports (issue 20): later exports of 100
		# other members of the latest campaign, one note changed in each
		# (tests/tools/reexport.py knows the canonical header only: the generator's
		# variant headers are skipped).
		local n=0
		for f in $(q "SELECT f.nom FROM lecap.evaluation e JOIN lecap.fichier f ON f.id = e.fichier_id
			WHERE e.campagne = $camp AND f.nom LIKE 'reponses-%' ORDER BY e.siret OFFSET 1"); do
			python3 "$ROOT/tests/tools/reexport.py" "$d/n/archive/$camp/$f" "$d/n/entree/$f" \
				"$camp-11-30T23:30:00+01:00" 4 1 2>/dev/null || { rm -f "$d/n/entree/$f"; continue; }
			n=$((n + 1))
			[ "$n" -lt 100 ] || break
		done
		settle "$r"
		measure "$r" nuit-cent "q 'SELECT fichiers_integres FROM lecap.execution ORDER BY id DESC LIMIT 1'" \
			"$LECAP" -c "$d/n/lecap.conf" run
	elif want run; then
		record "$r" nuit - - - - absent
		record "$r" nuit-vide - - - - absent
		record "$r" nuit-une - - - - absent
		record "$r" nuit-cent - - - - absent
	fi
	pg_down
	rm -rf "$d"
}

machine() {
	echo "- Machine : $(nproc) cœurs ($(lscpu | sed -n 's/^Model name: *//p')), $(free -g | awk '/^Mem:/ {print $2}') Gio de mémoire, $(uname -sr)"
	echo "- PostgreSQL : $("$PG_BINDIR/postgres" --version | sed 's/^postgres (PostgreSQL) //')" \
		"; réglages : $(echo $PG_SETTINGS | sed "s/-c //g; s/listen_addresses='' //")"
	local src
	src=$(dirname "$(dirname "$LECAP")")
	echo "- lecap : $LECAP ($(git -C "$src" log -1 --format='%h %s' 2>/dev/null || cat "$ROOT/VERSION")) ; $SIZE entreprises, campagnes $CAMPAGNES, graine $GRAINE, $RUNS passe(s)"
}

# The whole script is parsed before it runs (main), so that editing it during
# a long benchmark cannot change the run in progress.
main() {
	for tool in "$TIME" python3 psql; do
		command -v "$tool" >/dev/null || { say "outil manquant : $tool (make bench installe time)"; exit 2; }
	done
	touch "$WORK/sonde.conf"
	chmod 0600 "$WORK/sonde.conf"
	: >"$RAW"
	say "résultats bruts : $RAW"
	for r in $(seq 1 "$RUNS"); do
		bench_run "$r"
	done
	python3 "$ROOT/scripts/bench/report.py" "$RAW" "$SIZE" "$RUNS" "$(machine)" | tee "$RESULT"
	say "tableau écrit dans $RESULT"
}
main "$@"; exit $?
