# A hot standby for the analysts, on PostgreSQL's own streaming replication
# (docs/scaling.md, part 3): pg_basebackup -R of the test cluster started on
# a second socket (port 5433, same directory), a night on the primary, wait
# for the standby to replay it, and every analysts' view compared on both,
# as the superuser and as lecap_analyste. The result tables are logged
# (sql/020_resultats_journalises.sql): unlogged, reading them on the standby
# would fail (« cannot access temporary or unlogged relations during
# recovery »).
. tests/lib.sh
. tests/pg.sh
cd "$TMPD" || exit 1
IN="$TMPD/entree"
export LECAP_CHEMINS_ENTREE="$IN" LECAP_CHEMINS_ARCHIVE="$TMPD/archive" \
	LECAP_CHEMINS_QUARANTAINE="$TMPD/quarantaine" LECAP_CHEMINS_RAPPORTS="$TMPD/rapports"
export PGOPTIONS="-c client_min_messages=warning"
STANDBY="$PG_DIR/standby"
standby_stop() {
	[ -f "$STANDBY/postmaster.pid" ] &&
		pg_as_owner "$PG_BINDIR/pg_ctl" -D "$STANDBY" -m fast -w stop >/dev/null 2>&1
	rm -rf "$STANDBY"
}
trap 'standby_stop; rm -rf "$TMPD"' EXIT

run_lecap -q init
assert_rc "init : code 0" 0

# The standby: a base backup of the primary (its WAL streamed with it), -R
# writes standby.signal and primary_conninfo (host=$PG_DIR port=5432).
pg_as_owner "$PG_BINDIR/pg_basebackup" -h "$PG_DIR" -p 5432 -U postgres -D "$STANDBY" -R \
	-X stream -c fast >"$TMPD/basebackup.log" 2>&1
assert_eq "pg_basebackup -R : code 0" "0" "$?"
pg_as_owner "$PG_BINDIR/pg_ctl" -D "$STANDBY" -l "$PG_DIR/standby.log" -w -t 60 \
	-o "-c listen_addresses='' -k $PG_DIR -c port=5433 -c hot_standby=on -c fsync=off \
	    -c datestyle='ISO, DMY' -c timezone=Europe/Paris" start >/dev/null 2>&1
assert_eq "réplica démarré sur le port 5433" "t" "$(PGPORT=5433 sql "SELECT pg_is_in_recovery()")"
assert_eq "le primaire le voit en flux" "streaming" "$(sql "SELECT string_agg(state, ',') FROM pg_stat_replication")"

# A night on the primary.
"$LECAP" generate --entreprises 40 --campagnes 2025-2026 --graine 45 --out "$IN" 2>/dev/null
run_lecap -q run
assert_rc "nuit sur le primaire : code 0" 0

# Replay: the standby has replayed everything the primary has written.
target=$(sql "SELECT pg_current_wal_lsn()")
caught=f
for _ in $(seq 1 300); do
	caught=$(PGPORT=5433 sql "SELECT pg_last_wal_replay_lsn() >= '$target'::pg_lsn")
	[ "$caught" = t ] && break
	sleep 0.1
done
assert_eq "le réplica a rejoué la nuit" "t" "$caught"

views=$(sql "SELECT table_name FROM information_schema.views WHERE table_schema = 'lecap'
  AND table_name LIKE 'v\_%' ORDER BY 1")
# SET ROLE: empty for the superuser, else the reader role.
snapshot() {
	for v in $views; do
		psql -X -qAt -v ON_ERROR_STOP=1 -c "$1" -c "SELECT '$v ' || count(*) || ' '
		  || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '-') FROM lecap.$v t" 2>&1
	done
}
primary=$(snapshot "RESET ROLE")
standby=$(PGPORT=5433 snapshot "RESET ROLE")
assert_eq "les vues des analystes ont des lignes sur le primaire" "0" \
	"$(echo "$primary" | grep -c ' 0 -$')"
assert_eq "$(echo "$views" | wc -l) vues identiques sur le réplica" "$primary" "$standby"
assert_eq "en lecap_analyste aussi" "$(snapshot "SET ROLE lecap_analyste")" \
	"$(PGPORT=5433 snapshot "SET ROLE lecap_analyste")"
assert_eq "les agrégats du réplica sont ceux de la nuit" \
	"$(sql "SELECT string_agg(campagne || '@' || calcule_le, ',' ORDER BY campagne) FROM lecap.agregat_campagne")" \
	"$(PGPORT=5433 sql "SELECT string_agg(campagne || '@' || calcule_le, ',' ORDER BY campagne) FROM lecap.agregat_campagne")"

# The standby is read-only: lecap itself stays on the primary.
PGPORT=5433 run_lecap aggregate --all
assert_rc "lecap sur le réplica : refusé (code 3)" 3
assert_eq "lecap sur le réplica : le journal ne peut pas s'y écrire" "lecap: erreur: base de données, ouverture du journal d'exécution : cannot execute INSERT in a read-only transaction" "$ERR"

done_testing
