# The night is never hung by a reader (issue 18, item 5): an analyst's open
# transaction on a view that lecap run must re-create makes the run wait at
# most [base] attente_verrous, then stop with code 3 naming the session,
# nothing half-applied, the run lock released; a reader that finishes within
# the wait lets the run go on; SIGTERM during the wait stops it (code 5).
#
# « A changed view to apply »: the recorded SHA-256 of v_repondants_college
# is made to differ from its file's, exactly what a new lecap whose
# sql/vues/v_repondants_college.sql changed finds (db/sqlobj.h): init drops
# and re-creates the view, which needs an exclusive lock on it.
. tests/lib.sh
cd "$TMPD" || exit 1
export LECAP_CHEMINS_ENTREE="$TMPD/entree" LECAP_CHEMINS_ARCHIVE="$TMPD/archive" \
	LECAP_CHEMINS_QUARANTAINE="$TMPD/quarantaine" LECAP_CHEMINS_RAPPORTS="$TMPD/rapports"
mkdir -p "$TMPD/entree"
"$LECAP" generate --entreprises 12 --campagnes 2025 --graine 3 --out "$TMPD/entree" 2>/dev/null
run_lecap run
assert_rc "première nuit : code 0" 0
sql "DO \$\$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 't48_lecteur') THEN
  REVOKE lecap_analyste FROM t48_lecteur; DROP ROLE t48_lecteur; END IF; END \$\$" >/dev/null
run_lecap acces ajouter-analyste t48_lecteur
assert_rc "un analyste : code 0" 0

# reader SECONDS: an analyst's transaction open on the view for SECONDS.
reader() {
	{
		printf 'BEGIN;\nSELECT count(*) FROM lecap.v_repondants_college;\n'
		sleep "$1"
		printf 'COMMIT;\n'
	} | PGAPPNAME=tableur-bi psql -X -qAt -U t48_lecteur >"$TMPD/reader.out" 2>&1 &
	READER=$!
	# until its lock is granted
	for _ in $(seq 1 100); do
		[ "$(sql "SELECT count(*) FROM pg_stat_activity WHERE usename = 't48_lecteur' AND state = 'idle in transaction'")" = 1 ] && break
		sleep 0.1
	done
}
stale() {
	sql "UPDATE lecap.objet_sql SET empreinte = 'avant' WHERE nom = 'v_repondants_college'" >/dev/null
}

# 1. The reader stays: code 3 after the wait, the holder named, nothing applied.
stale
reader 60
t0=$(date +%s)
LECAP_BASE_ATTENTE_VERROUS=3 run_lecap run
t1=$(date +%s)
assert_rc "lecteur qui ne finit pas : code 3" 3
assert_contains "le message dit l'attente" "verrou non obtenu en 3 s ([base] attente_verrous)" "$ERR"
assert_contains "le message nomme la session : utilisateur, application, depuis quand" \
	"le verrou est tenu par la session de « t48_lecteur » (application « tableur-bi », transaction ouverte depuis le $(date +%d/%m/%Y)" "$ERR"
assert_contains "le message donne la première ligne de sa requête" \
	"état idle in transaction, pid $(sql "SELECT pid FROM pg_stat_activity WHERE usename = 't48_lecteur'")) ; sa requête : SELECT count(*) FROM lecap.v_repondants_college;" "$ERR"
assert_contains "l'astuce : rien d'appliqué, comment terminer la session" "rien n'a été appliqué ; la prochaine exécution reprendra" "$ERR"
if measured "durée de l'attente"; then
	d=$((t1 - t0))
	[ "$d" -ge 3 ] && [ "$d" -le 15 ] && ok "attente bornée : $d s (3 s demandées)" || not_ok "attente bornée : $d s (3 s demandées)"
fi
assert_eq "rien d'appliqué : l'empreinte de la vue est restée" "avant" \
	"$(sql "SELECT empreinte FROM lecap.objet_sql WHERE nom = 'v_repondants_college'")"
assert_eq "la vue est toujours là" "t" "$(sql "SELECT to_regclass('lecap.v_repondants_college') IS NOT NULL")"
assert_eq "journal : aucune exécution laissée ouverte" "0" "$(sql "SELECT count(*) FROM lecap.execution WHERE fin IS NULL")"
assert_eq "le lecteur n'a pas été dérangé" "" "$(grep -i error "$TMPD/reader.out")"
# lecap init alone behaves the same.
LECAP_BASE_ATTENTE_VERROUS=2 run_lecap init
assert_rc "lecap init pendant la lecture : code 3" 3
kill "$READER" 2>/dev/null
wait "$READER" 2>/dev/null
sql "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 't48_lecteur'" >/dev/null

# 2. The reader is gone: the next night applies the view.
run_lecap run
assert_rc "nuit suivante : code 0" 0
assert_eq "nuit suivante : la vue est recréée" "t" \
	"$(sql "SELECT empreinte <> 'avant' FROM lecap.objet_sql WHERE nom = 'v_repondants_college'")"

# 3. A reader that finishes within the wait: the run goes on and applies.
stale
reader 4
LECAP_BASE_ATTENTE_VERROUS=60 run_lecap run
assert_rc "lecteur qui finit pendant l'attente : code 0" 0
assert_eq "la vue est recréée après la lecture" "t" \
	"$(sql "SELECT empreinte <> 'avant' FROM lecap.objet_sql WHERE nom = 'v_repondants_college'")"
wait "$READER" 2>/dev/null
assert_eq "la lecture a abouti" "" "$(grep -i error "$TMPD/reader.out")"

# 4. SIGTERM during the wait: stops between two attempts, code 5.
stale
reader 60
LECAP_BASE_ATTENTE_VERROUS=120 "$LECAP" run >/dev/null 2>"$TMPD/term.err" &
LP=$!
sleep 3
kill -TERM "$LP"
wait "$LP"
RC=$?
assert_rc "SIGTERM pendant l'attente : code 5" 5
assert_eq "SIGTERM : rien d'appliqué" "avant" "$(sql "SELECT empreinte FROM lecap.objet_sql WHERE nom = 'v_repondants_college'")"
assert_eq "SIGTERM : le verrou d'exécution est libéré" "0" \
	"$(sql "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted")"

# 5. Aggregation: a session holding a table of results waits no longer.
sql "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 't48_lecteur'" >/dev/null
kill "$READER" 2>/dev/null
wait "$READER" 2>/dev/null
run_lecap init
{
	printf 'BEGIN;\nLOCK TABLE lecap.agregat IN ACCESS EXCLUSIVE MODE;\n'
	sleep 30
	printf 'COMMIT;\n'
} | PGAPPNAME=maintenance psql -X -qAt >/dev/null 2>&1 &
LOCKER=$!
for _ in $(seq 1 100); do
	[ "$(sql "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'maintenance' AND state = 'idle in transaction'")" = 1 ] && break
	sleep 0.1
done
LECAP_BASE_ATTENTE_VERROUS=2 run_lecap aggregate --all
assert_rc "agrégation bloquée : code 3" 3
assert_contains "agrégation bloquée : la session nommée" "(application « maintenance »" "$ERR"
sql "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'maintenance'" >/dev/null
wait "$LOCKER" 2>/dev/null
run_lecap aggregate --all
assert_rc "agrégation ensuite : code 0" 0
"$LECAP" acces retirer t48_lecteur 2>/dev/null

done_testing
