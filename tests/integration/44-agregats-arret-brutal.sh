# The result tables are logged (sql/020_resultats_journalises.sql): PostgreSQL
# stopped in immediate mode (a crash: recovery from the WAL at restart) in the
# middle of an aggregation, then after one. Each campaign keeps either its
# previous results or its new ones, never empty; lecap status says which
# campaigns are left (a campaign whose predecessor is left becomes stale
# once that one is recomputed: the staleness rule of docs/analystes.md);
# the next lecap aggregate recomputes only those, and
# ends with the rows a full recomputation gives.
#
# The aggregation is stopped at a known point: another session holds a row
# of lecap.agregat of campaign 2024 FOR UPDATE, so that lecap.agreger(2024)
# waits there, its other result tables already rewritten in its transaction,
# after 2023 has been committed.
. tests/lib.sh
. tests/pg.sh

export LECAP_AGREGATS_SEUIL_SECRET=1
# Commits whose WAL is written before they return (the test server runs
# with synchronous_commit=off): what lecap was told is committed, is.
export PGOPTIONS="-c synchronous_commit=on -c client_min_messages=warning"
export LECAP_CHEMINS_RAPPORTS="$TMPD/rapports"
TABLES="agregat_campagne resultat_evaluation score score_college agregat agregat_college divergence consensus_evaluation divergence_colleges empreinte_evaluation
	divergence_agregat plan_agregat demande_offres participation repondants_college adherent_sans_evaluation"

run_lecap -q init
assert_rc "init : code 0" 0
psql -X -q -v ON_ERROR_STOP=1 -f tests/agregats/fixture.sql >/dev/null 2>"$TMPD/fx" || cat "$TMPD/fx"
psql -X -q -v ON_ERROR_STOP=1 -f tests/agregats/reseau.sql >/dev/null 2>"$TMPD/fx" || cat "$TMPD/fx"

list=$(echo $TABLES | sed "s/\([a-z_]*\)/'\1'/g; s/ /, /g")
assert_eq "les 16 tables de résultats sont journalisées" "16 p" "$(sql "SELECT count(*) || ' ' || string_agg(DISTINCT relpersistence::text, '')
  FROM pg_class WHERE relnamespace = 'lecap'::regnamespace AND relkind = 'r' AND relname IN ($list)")"
assert_eq "la répartition des scores (table interne de l'agrégation, migration 045) est journalisée" "p" \
	"$(sql "SELECT relpersistence FROM pg_class WHERE oid = 'lecap.repartition_score'::regclass")"
assert_eq "les sommes des scores des collèges (table interne de l'agrégation, migration 046) sont journalisées" "p" \
	"$(sql "SELECT relpersistence FROM pg_class WHERE oid = 'lecap.somme_college'::regclass")"
assert_eq "l'empreinte des plans (migration 047) est journalisée" "p" \
	"$(sql "SELECT relpersistence FROM pg_class WHERE oid = 'lecap.empreinte_plan'::regclass")"

# Every analysts' view of results, per campaign: one line "view campaign md5
# rows". Not v_reponse: the answers as loaded (no campaign column, and the
# ingest, not the aggregation, writes them — here new files arrive between
# two snapshots); the query failed on it and left it out silently.
views=$(sql "SELECT table_name FROM information_schema.views WHERE table_schema = 'lecap'
  AND table_name LIKE 'v\_%' AND table_name <> 'v_reponse' ORDER BY 1")
snapshot() {
	for v in $views; do
		sql "SELECT '$v ' || campagne || ' ' || md5(string_agg(t::text, '|' ORDER BY t::text)) || ' ' || count(*)
		  FROM lecap.$v t GROUP BY campagne ORDER BY campagne"
	done
}
# Rows per result table and campaign: none is empty.
counts() {
	for t in $TABLES; do
		sql "SELECT '$t ' || string_agg(campagne || ':' || n, ' ' ORDER BY campagne)
		  FROM (SELECT campagne, count(*) AS n FROM lecap.$t GROUP BY campagne) c"
	done
}
status_campaigns() {
	run_lecap status
	echo "$OUT" | grep '^  campagne '
}

run_lecap aggregate
assert_rc "premier calcul : code 0" 0
s0=$(snapshot)
c0=$(counts)
assert_eq "premier calcul : les vues ont des lignes pour les trois campagnes" "3" \
	"$(echo "$s0" | grep '^v_agregat ' | wc -l)"

# --- 1. Crash after an aggregation: nothing lost, nothing to redo.
pg_crash_restart
assert_eq "arrêt brutal après le calcul : les vues sont intactes" "$s0" "$(snapshot)"
assert_eq "arrêt brutal après le calcul : status" "  campagne 2025 : agrégats à jour
  campagne 2024 : agrégats à jour
  campagne 2023 : agrégats à jour" "$(status_campaigns)"
run_lecap aggregate
assert_rc "relance après l'arrêt : code 0" 0
assert_eq "relance après l'arrêt : rien à refaire" "lecap: info: agrégats à jour : aucune campagne à recalculer" "$ERR"

# --- 2. Crash in the middle: new exports in 2023 and 2024, the aggregation
# commits 2023 and stops inside 2024.
sql "SELECT fx.rep(fx.eval('00000000000011', 2023, '84', 'ACI'), 1, 'direction', '11111111')" >/dev/null
sql "SELECT fx.rep(fx.eval('00000000000012', 2024, '84', 'EI'), 1, 'direction', '44444444')" >/dev/null
psql -X -q -v ON_ERROR_STOP=1 >/dev/null 2>&1 <<'SQL' &
BEGIN;
SELECT 1 FROM lecap.agregat WHERE campagne = 2024 FOR UPDATE;
SELECT pg_sleep(120);
SQL
holder=$!
sleep 0.5
"$LECAP" aggregate >"$TMPD/agg.out" 2>"$TMPD/agg.err" &
agg=$!
waiting=0
for _ in $(seq 1 300); do
	waiting=$(sql "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'
	  AND query LIKE '%lecap.agreger%'")
	[ "$waiting" = 1 ] && break
	sleep 0.1
done
assert_eq "le calcul de 2024 attend au milieu de sa transaction" "1" "$waiting"
assert_eq "2023 est déjà validée" "1" "$(sql "SELECT count(*) FROM lecap.agregat_campagne
  WHERE campagne = 2023 AND n_evaluations = 2")"
pg_crash_restart
wait "$agg"
rc=$?
wait "$holder" 2>/dev/null
assert_eq "lecap aggregate interrompu : code 3 (base)" "3" "$rc"
assert_contains "lecap aggregate interrompu : ce qui reste" \
	"lecap: astuce: les agrégats de la campagne 2024 sont restés dans leur état précédent ; relancez lecap aggregate une fois la base disponible" \
	"$(cat "$TMPD/agg.err")"

s1=$(snapshot)
assert_eq "après l'arrêt : 2024 et 2025 gardent leurs résultats précédents" \
	"$(echo "$s0" | grep -v ' 2023 ')" "$(echo "$s1" | grep -v ' 2023 ')"
assert_eq "après l'arrêt : 2023 a ses nouveaux résultats (2 évaluations)" "2" \
	"$(sql "SELECT max(n_evaluations) FROM lecap.v_participation WHERE campagne = 2023 AND region = '84'")"
c1=$(counts)
assert_eq "après l'arrêt : aucune table de résultats vidée pour 2024 et 2025" \
	"$(echo "$c0" | sed 's/ 2023:[0-9]*//')" "$(echo "$c1" | sed 's/ 2023:[0-9]*//')"
assert_eq "après l'arrêt : status dit ce qui reste" "  campagne 2025 : agrégats à jour
  campagne 2024 : agrégats périmés (nouveaux fichiers intégrés) ; lancez lecap run
  campagne 2023 : agrégats à jour" "$(status_campaigns)"

run_lecap aggregate
assert_rc "relance : code 0" 0
assert_contains "relance : 2024" "lecap: info: campagne 2024 recalculée (nouveaux fichiers intégrés)" "$ERR"
assert_contains "relance : puis 2025, dont la précédente a changé" "lecap: info: campagne 2025 recalculée (campagne précédente 2024 recalculée)" "$ERR"
assert_contains "relance : seulement ce qui reste" "agrégats à jour : 2 campagne(s) recalculée(s) : 2024, 2025" "$ERR"
assert_not_contains "relance : 2023 n'est pas refaite" "campagne 2023" "$ERR"
s2=$(snapshot)
run_lecap aggregate --all
assert_rc "recalcul complet : code 0" 0
assert_eq "relance = recalcul complet, vue par vue" "$s2" "$(snapshot)"

done_testing
