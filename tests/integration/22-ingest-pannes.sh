# lecap ingest under failure: database errors (exit 3, inbox untouched,
# nothing applied), unusable directories (exit 5), kill -9 during a load and
# between a commit and its move (a rerun gives the same database as a clean
# run).
. tests/lib.sh

IN="$TMPD/entree"; AR="$TMPD/archive"; QU="$TMPD/quarantaine"
export LECAP_CHEMINS_ENTREE="$IN" LECAP_CHEMINS_ARCHIVE="$AR" LECAP_CHEMINS_QUARANTAINE="$QU"
mkdir -p "$IN"
V="$ROOT/tests/fixtures/valides"
run_lecap -q init

# Database unreachable: exit 3, the inbox untouched.
cp "$V/bom.csv" "$IN/a.csv"
PGHOST=/nonexistent run_lecap ingest
assert_rc "base injoignable : code 3" 3
assert_eq "base injoignable : boîte intacte" "a.csv" "$(ls "$IN")"

# A database error in the middle of a file: exit 3, the file stays, nothing of it applied.
sql "ALTER TABLE lecap.reponse RENAME TO reponse_cachee" >/dev/null
run_lecap ingest
assert_rc "erreur de la base pendant un fichier : code 3" 3
assert_contains "erreur de la base : message" "lecap: erreur: base de données, chargement des réponses" "$ERR"
assert_eq "erreur de la base : le fichier reste dans la boîte" "a.csv" "$(ls "$IN")"
assert_eq "erreur de la base : rien n'est appliqué" "0|0|0" "$(sql "SELECT (SELECT count(*) FROM lecap.evaluation), (SELECT count(*) FROM lecap.fichier), (SELECT count(*) FROM lecap.entreprise)")"
sql "ALTER TABLE lecap.reponse_cachee RENAME TO reponse" >/dev/null
run_lecap ingest
assert_rc "base réparée : code 0" 0
assert_eq "base réparée : chargé une fois" "1|1" "$(sql "SELECT (SELECT count(*) FROM lecap.evaluation), (SELECT count(*) FROM lecap.fichier)")"

# Directories that cannot be used: exit 5, nothing moved.
cp "$V/tabulation.csv" "$IN/b.csv"
LECAP_CHEMINS_ARCHIVE="$IN/b.csv" run_lecap ingest
assert_rc "archive inutilisable : code 5" 5
assert_contains "archive inutilisable : message" "lecap: erreur: $IN/b.csv existe mais n'est pas un répertoire" "$ERR"
assert_eq "archive inutilisable : boîte intacte" "b.csv" "$(ls "$IN")"
mkdir -p "$AR/2025"
LECAP_CHEMINS_QUARANTAINE=/proc/version run_lecap ingest
assert_rc "quarantaine inutilisable : code 5" 5
run_lecap ingest "$TMPD/absent"
assert_rc "boîte de réception absente : code 5" 5
assert_contains "boîte absente : message" "lecap: erreur: lecture de la boîte de réception $TMPD/absent impossible : No such file or directory" "$ERR"
rm -f "$IN/b.csv"

snapshot() {
	sql "SELECT count(*) || ' ' || md5(string_agg(x, ',' ORDER BY x)) FROM (
	  SELECT e.siret || e.campagne || e.horodatage_export || r.pseudonyme || r.college || p.indicateur || coalesce(p.note::text, 'NC') AS x
	  FROM lecap.evaluation e JOIN lecap.repondant r ON r.evaluation_id = e.id
	  JOIN lecap.v_reponse p ON p.evaluation_id = e.id AND p.repondant = r.numero) t"
}

# A crash between a commit and the move: the rerun sees a doublon.
cp "$V/virgule.csv" "$IN/c.csv"
sed -i 's/82601815200015/44821993100012/g' "$IN/c.csv"
before=$(sql "SELECT count(*) FROM lecap.evaluation")
LECAP_TEST_CRASH=ingest-apres-commit run_lecap ingest
assert_eq "crash après commit : tué" "137" "$RC"
assert_eq "crash après commit : le fichier est resté" "c.csv" "$(ls "$IN")"
run_lecap ingest
assert_rc "crash après commit : relance, code 0" 0
assert_contains "crash après commit : reconnu comme doublon" "0 intégré(s), 0 rejeté(s), 1 doublon(s)" "$ERR"
assert_eq "crash après commit : appliqué une seule fois" "$((before + 1))" "$(sql "SELECT count(*) FROM lecap.evaluation")"

# kill -9 in the middle of a batch, then a rerun: the same database as a clean run.
sh "$ROOT/tests/tools/reseau-synthetique.sh" 1500 "$TMPD/reseau" >/dev/null
cp -r "$TMPD/reseau/." "$IN/"
"$LECAP" ingest >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 200); do
	[ "$(find "$AR" -name 'reponses-*' | wc -l)" -ge 1 ] && break
	sleep 0.05
done
kill -9 $pid
wait $pid 2>/dev/null
# The server notices the lost client (and frees its lock) within moments.
for _ in $(seq 1 100); do
	[ "$(sql "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'lecap'")" = 0 ] && break
	sleep 0.1
done
left=$(ls "$IN" | wc -l)
[ "$left" -gt 0 ] && ok "kill -9 : interrompu en cours de lot ($left fichiers restants)" || not_ok "kill -9 : le lot était déjà fini"
run_lecap ingest
assert_rc "kill -9 : relance, code 0" 0
assert_eq "kill -9 : boîte vidée" "0" "$(ls "$IN" | wc -l)"
after_crash=$(snapshot)
clean="${PGDATABASE}_propre"
dropdb --if-exists "$clean" >/dev/null 2>&1; createdb "$clean"
mkdir -p "$TMPD/propre/entree"
cp -r "$TMPD/reseau/." "$TMPD/propre/entree/"
cp "$V/bom.csv" "$TMPD/propre/entree/a.csv"
cp "$V/virgule.csv" "$TMPD/propre/entree/c.csv"
sed -i 's/82601815200015/44821993100012/g' "$TMPD/propre/entree/c.csv"
PGDATABASE="$clean" LECAP_CHEMINS_ENTREE="$TMPD/propre/entree" LECAP_CHEMINS_ARCHIVE="$TMPD/propre/archive" \
	LECAP_CHEMINS_QUARANTAINE="$TMPD/propre/quarantaine" run_lecap -q init
PGDATABASE="$clean" LECAP_CHEMINS_ENTREE="$TMPD/propre/entree" LECAP_CHEMINS_ARCHIVE="$TMPD/propre/archive" \
	LECAP_CHEMINS_QUARANTAINE="$TMPD/propre/quarantaine" run_lecap ingest
assert_rc "exécution propre : code 0" 0
assert_eq "kill -9 puis relance = exécution propre" "$(PGDATABASE="$clean" snapshot)" "$after_crash"
assert_eq "kill -9 : chaque fichier intégré une seule fois" "0" \
	"$(sql "SELECT count(*) FROM (SELECT sha256 FROM lecap.fichier WHERE statut = 'integre' GROUP BY sha256 HAVING count(*) > 1) t")"
dropdb "$clean"

# A killed run whose backend still holds the run lock (busy in a statement,
# it has not noticed its client is gone): simulated by a session holding the
# lock, started before a journal entry of this host whose process is gone.
hold_run_lock 120
sleep 0.1
# First a journal entry whose process is alive (this shell): not an orphan.
sql "INSERT INTO lecap.execution (commande, hote, pid, version_lecap) VALUES ('run', '$(hostname)', $$, 'test')" >/dev/null
run_lecap ingest
assert_rc "verrou d'une exécution vivante : code 4" 4
assert_contains "verrou d'une exécution vivante : qui le détient" "lecap: erreur: une autre exécution de lecap détient le verrou : « lecap run » sur l'hôte $(hostname), pid $$" "$ERR"
# Then one whose process is gone.
sh -c 'exit 0' & dead=$!
wait $dead
sql "INSERT INTO lecap.execution (commande, hote, pid, version_lecap) VALUES ('run', '$(hostname)', $dead, 'test')" >/dev/null
run_lecap ingest
assert_rc "verrou orphelin : l'exécution continue, code 0" 0
assert_contains "verrou orphelin : dit ce qu'il fait" "s'est arrêtée sans libérer le verrou : sa session PostgreSQL (pid " "$ERR"
assert_contains "verrou orphelin : l'exécution morte nommée" "lecap: avertissement: l'exécution précédente (« lecap run », pid $dead sur cet hôte, démarrée le " "$ERR"
wait $holder 2>/dev/null
assert_eq "verrou orphelin : la session orpheline est terminée" "0" \
	"$(sql "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted")"
sql "UPDATE lecap.execution SET fin = now(), code_sortie = 9 WHERE version_lecap = 'test'" >/dev/null

done_testing
