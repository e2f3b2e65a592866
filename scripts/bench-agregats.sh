#!/bin/sh
# Benchmark of lecap aggregate on a synthetic network (scripts/bench-agregats.sql)
# in a throwaway PostgreSQL: for each size N (enterprises; 3 campaigns, 8
# respondents, 60 indicators), the time of one scan of lecap.reponse
# (count and sum), of lecap aggregate --all, and of a night with nothing new.
# Server CPU time is measured beside wall time (/proc of the backend), for
# the figures to mean something on a busy machine.
#   sh scripts/bench-agregats.sh [N...]      (default: 2500 5000 10000)
set -eu
cd "$(dirname "$0")/.."
. tests/pg.sh
trap 'pg_stop' EXIT INT TERM
pg_start
LECAP=$(pwd)/bin/lecap
now() { date +%s.%N; }
for n in ${@:-2500 5000 10000}; do
	db="bench_$n"
	pg_newdb "$db"
	export PGDATABASE="$db"
	"$LECAP" -q init
	echo "== N=$n"
	psql -X -q -v n="$n" -f scripts/bench-agregats.sql | grep -v '^$'
	cells=$(psql -X -qAt -c "SELECT count(*) FROM lecap.reponse")
	evals=$(psql -X -qAt -c "SELECT count(*) FROM lecap.evaluation")
	psql -X -qAt -f scripts/bench-agregats-mesure.sql 2>/dev/null
	t0=$(now); psql -X -qAt -c "SELECT count(*), sum(note) FROM lecap.reponse" >/dev/null; t1=$(now)
	"$LECAP" aggregate --all 2>"$PG_DIR/agg.log"; t2=$(now)
	"$LECAP" aggregate 2>/dev/null; t3=$(now)
	sed 's/^[^ ]* //' "$PG_DIR/agg.log"
	printf 'N=%s : %s évaluations, %s cellules ; balayage count/sum %.2f s ; aggregate --all %.2f s ; nuit sans changement %.3f s\n' \
		"$n" "$evals" "$cells" "$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)" "$(echo "$t3 - $t2" | bc)"
	dropdb "$db"
done
