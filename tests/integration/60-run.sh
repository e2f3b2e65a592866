# lecap run, the nightly job: the whole chain, the journal, nothing new,
# two runs at once, database down, database lost mid-run, SIGTERM, kill -9 at
# every point of a night then a rerun giving the same database as an
# uninterrupted run. Determinism: the same inbox loaded at once, shuffled in
# three nights, and after each kill gives the same views (every view, as text,
# one scale per numeric column), the same reports byte for byte, the same
# archive and quarantine.
. tests/lib.sh
. tests/pg.sh
cd "$TMPD" || exit 1
IN="$TMPD/entree"
export LECAP_CHEMINS_ENTREE="$IN" LECAP_CHEMINS_ARCHIVE="$TMPD/archive" \
	LECAP_CHEMINS_QUARANTAINE="$TMPD/quarantaine" LECAP_CHEMINS_RAPPORTS="$TMPD/rapports"
"$LECAP" generate --entreprises 40 --campagnes 2025-2026 --graine 7 --defauts 0.05 --out "$TMPD/reseau" 2>/dev/null
nfiles=$(ls "$TMPD/reseau" | wc -l)
ndefects=$(tail -n +2 "$TMPD/reseau/.defauts.txt" | grep -c . || true)
rm -f "$TMPD/reseau/.defauts.txt"

# Database down at start: exit 3, the inbox untouched.
mkdir -p "$IN" && cp "$TMPD/reseau/"* "$IN/"
PGHOST=/nonexistent run_lecap run
assert_rc "base injoignable au départ : code 3" 3
assert_eq "base injoignable : boîte intacte" "$nfiles" "$(ls "$IN" | wc -l)"

# The whole chain on a fresh database (-v: the first aggregation said).
run_lecap -v run
if [ "$ndefects" -gt 0 ]; then exp=1; else exp=0; fi
assert_rc "première nuit : code $exp (fichiers défectueux : $ndefects)" "$exp"
assert_eq "première nuit : la boîte est vidée" "0" "$(ls "$IN" | wc -l)"
assert_eq "première nuit : journal" "run|$ndefects|$exp|{2025,2026}" \
	"$(sql "SELECT commande, fichiers_rejetes, code_sortie, campagnes_agregees FROM lecap.execution ORDER BY id DESC LIMIT 1")"
assert_eq "première nuit : chaque fichier a sa disposition" "$nfiles" \
	"$(sql "SELECT fichiers_integres + fichiers_rejetes + fichiers_doublons + fichiers_obsoletes FROM lecap.execution ORDER BY id DESC LIMIT 1")"
assert_eq "première nuit : la fin est notée" "t" "$(sql "SELECT fin IS NOT NULL FROM lecap.execution ORDER BY id DESC LIMIT 1")"
# A database never aggregated: every campaign from scratch, two at a time
# (the work of aggregate --all), each said « jamais agrégée ».
assert_contains "première nuit : agrégation de --all" \
	"lecap: debug: première agrégation : toutes les campagnes depuis zéro, deux à la fois" "$ERR"
assert_contains "première nuit : 2025 jamais agrégée" "lecap: info: campagne 2025 recalculée (jamais agrégée) :" "$ERR"
assert_contains "première nuit : 2026 jamais agrégée" "lecap: info: campagne 2026 recalculée (jamais agrégée) :" "$ERR"
# The night's steps timed, in one line at the end.
if printf '%s\n' "$ERR" | tail -1 | grep -Eq 'lecap: info: nuit en [0-9]+,[0-9]{2} s : init [0-9]+,[0-9]{2} s, ingestion [0-9]+,[0-9]{2} s, agrégation [0-9]+,[0-9]{2} s, rapports [0-9]+,[0-9]{2} s, envoi et conservation [0-9]+,[0-9]{2} s$'; then
	ok "première nuit : la durée de chaque étape, en dernière ligne"
else
	not_ok "première nuit : durées des étapes absentes : $(printf '%s\n' "$ERR" | tail -1)"
fi
[ "$(sql "SELECT count(*) FROM lecap.v_agregat WHERE region = 'FR'")" -gt 0 ] \
	&& ok "première nuit : agrégats du réseau calculés" || not_ok "première nuit : pas d'agrégats"

npdf=$(find "$TMPD/rapports" -name '*.pdf' | wc -l)
[ -f "$TMPD/rapports/2026/national.pdf" ] && [ -f "$TMPD/rapports/2025/national.pdf" ] \
	&& ok "première nuit : rapports nationaux 2025 et 2026" || not_ok "première nuit : rapports nationaux absents"
[ "$(find "$TMPD/rapports/2026/regions" -name '*.pdf' | wc -l)" -gt 3 ] \
	&& ok "première nuit : rapports régionaux" || not_ok "première nuit : rapports régionaux absents"
assert_eq "première nuit : le journal compte les rapports écrits" "$npdf" \
	"$(sql "SELECT rapports_ecrits FROM lecap.execution ORDER BY id DESC LIMIT 1")"
run_lecap status
assert_contains "status : agrégats à jour" "  campagne 2026 : agrégats à jour" "$OUT"
n84=$(sql "SELECT count(*) FROM lecap.evaluation WHERE campagne = 2026 AND region = '84'")
c84=$(sql "SELECT n_completes FROM lecap.v_participation WHERE campagne = 2026 AND region = '84'")
if [ "$n84" -gt 0 ]; then
	assert_contains "status : la région 84, ses évaluations et son rapport" \
		"    84 Auvergne-Rhône-Alpes         $n84 évaluée(s), $c84 complète(s) ; rapport à jour" "$OUT"
	mv "$TMPD/rapports/2026/regions/84-auvergne-rhone-alpes.pdf" "$TMPD/r84.pdf"
	run_lecap status
	assert_contains "status : rapport absent" "Auvergne-Rhône-Alpes         $n84 évaluée(s), $c84 complète(s) ; rapport absent" "$OUT"
	mv "$TMPD/r84.pdf" "$TMPD/rapports/2026/regions/84-auvergne-rhone-alpes.pdf"
fi
touch -d '2020-01-01' "$TMPD/repere"
find "$TMPD/rapports" -name '*.pdf' -exec touch -d '2020-01-01 00:00:01' {} +

snapshot() {
	sql "SELECT md5(string_agg(x, ',' ORDER BY x)) FROM (
	  SELECT e.siret || e.campagne || e.horodatage_export || r.pseudonyme || r.college || p.indicateur || coalesce(p.note::text, 'NC') AS x
	  FROM lecap.evaluation e JOIN lecap.repondant r ON r.evaluation_id = e.id
	  JOIN lecap.v_reponse p ON p.evaluation_id = e.id AND p.repondant = r.numero
	  UNION ALL SELECT campagne || region || niveau || code || n_entreprises || moyenne || coalesce(evolution::text, '-')
	  FROM lecap.v_agregat) t"
}
reference=$(snapshot)

# A night with nothing new: exit 0, no campaign aggregated, quiet with -q.
start=$(date +%s%N)
run_lecap -q run
elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
assert_rc "nuit sans nouveauté : code 0" 0
assert_eq "nuit sans nouveauté : silencieuse avec -q" "" "$ERR"
assert_eq "nuit sans nouveauté : aucune campagne recalculée" "{}|0" \
	"$(sql "SELECT campagnes_agregees, fichiers_integres FROM lecap.execution ORDER BY id DESC LIMIT 1")"
echo "# nuit sans nouveauté : ${elapsed} ms"
assert_eq "nuit sans nouveauté : aucun PDF réécrit (dates inchangées)" "$npdf" \
	"$(find "$TMPD/rapports" -name '*.pdf' ! -newermt '2020-01-02' | wc -l)"
run_lecap -q run --all
assert_rc "--all : tous les rapports refaits, code 0" 0
assert_eq "--all : contenu identique, aucun fichier réécrit" "0|$npdf" \
	"$(sql "SELECT rapports_ecrits FROM lecap.execution ORDER BY id DESC LIMIT 1")|$(find "$TMPD/rapports" -name '*.pdf' ! -newermt '2020-01-02' | wc -l)"

# Reports directory read-only: exit 5, no partial PDF, the loaded data kept.
"$LECAP" generate --entreprises 3 --campagnes 2026 --graine 99 --out "$TMPD/lot0" 2>/dev/null
rm -f "$TMPD/lot0/.defauts.txt" "$TMPD/lot0/adherents.csv"
if [ "$(id -u)" -ne 0 ]; then
	cp "$TMPD/lot0/"* "$IN/"
	chmod -R a-w "$TMPD/rapports"
	run_lecap run
	assert_rc "rapports en lecture seule : code 5" 5
	chmod -R u+w "$TMPD/rapports"
	# lot0 is loaded (the data are committed before the reports): the
	# base compared below is the one that holds it.
	reference=$(snapshot)
	lot0="$TMPD/lot0"
fi
LECAP_CHEMINS_RAPPORTS=/proc/lecap-rapports run_lecap run --all
assert_rc "rapports impossibles à écrire : code 5" 5
assert_eq "rapports impossibles : aucun fichier partiel" "0" "$(find "$TMPD/rapports" -name '.*' -type f | wc -l)"
assert_eq "nuit sans nouveauté : même base" "$reference" "$(snapshot)"

# Two runs at once: the second exits 4 at once and names the first.
sql "INSERT INTO lecap.execution (commande, debut, hote, pid, version_lecap) VALUES ('run', '2026-11-27 02:30:00+01', 'autre-hote', 4242, '0.1.0')" >/dev/null
hold_run_lock 5
run_lecap run
assert_rc "deux exécutions : la seconde sort avec 4" 4
assert_contains "deux exécutions : elle dit qui tient le verrou" \
	"lecap: erreur: une autre exécution de lecap détient le verrou : « lecap run » sur l'hôte autre-hote, pid 4242, démarrée le 27/11/2026 02:30:00" "$ERR"
wait $holder
sql "DELETE FROM lecap.execution WHERE hote = 'autre-hote'" >/dev/null

# The holder leaves between lecap's try and its look at who holds the lock (a run killed with -9
# an instant before: its backend was still exiting): the lock is tried again, not refused. The
# pause point sits between the two; the holder's session is ended while lecap waits there.
hold_run_lock 60
rm -f "$TMPD/pause"
LECAP_TEST_PAUSE=verrou-apres-essai LECAP_TEST_PAUSE_FILE="$TMPD/pause" "$LECAP" run >/dev/null 2>"$TMPD/leave.err" &
pid=$!
for _ in $(seq 1 300); do [ -f "$TMPD/pause" ] && break; sleep 0.1; done
sql "SELECT pg_terminate_backend(pid, 10000) FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()" >/dev/null
wait $holder 2>/dev/null
rm -f "$TMPD/pause"
wait $pid
RC=$?
[ "$RC" -le 1 ] && ok "verrou parti entre l'essai et la recherche : repris (code $RC)" || not_ok "verrou parti entre l'essai et la recherche : code $RC" "$(cat "$TMPD/leave.err")"
assert_not_contains "verrou parti entre l'essai et la recherche : pas de refus" "détient le verrou" "$(cat "$TMPD/leave.err")"

# SIGTERM during a run: the current file is finished, the lock released, exit 5.
"$LECAP" generate --entreprises 6 --campagnes 2024 --graine 11 --out "$TMPD/lot2" 2>/dev/null
rm -f "$TMPD/lot2/.defauts.txt" "$TMPD/lot2/adherents.csv"
cp "$TMPD/lot2/"* "$IN/"
n2=$(ls "$IN" | wc -l)
LECAP_TEST_PAUSE=ingest-avant-commit LECAP_TEST_PAUSE_FILE="$TMPD/pause" "$LECAP" run >/dev/null 2>"$TMPD/term.err" &
pid=$!
for _ in $(seq 1 1500); do [ -f "$TMPD/pause" ] && break; sleep 0.02; done
kill -TERM $pid
wait $pid
assert_eq "SIGTERM : code 5" "5" "$?"
assert_contains "SIGTERM : message" "arrêt demandé (signal 15)" "$(cat "$TMPD/term.err")"
assert_eq "SIGTERM : le fichier en cours est terminé, les autres attendent" "$((n2 - 1))" "$(ls "$IN" | wc -l)"
assert_eq "SIGTERM : verrou libéré" "t" "$(sql "SELECT pg_try_advisory_lock(7810758398886019074)")"
run_lecap run
assert_rc "après SIGTERM : relance, code 0" 0
assert_eq "après SIGTERM : boîte vidée" "0" "$(ls "$IN" | wc -l)"
reference2=$(snapshot)

# Database lost mid-run: the file in flight is not applied, exit 3; the
# next run finishes the work.
"$LECAP" generate --entreprises 4 --campagnes 2023 --graine 12 --out "$TMPD/lot3" 2>/dev/null
rm -f "$TMPD/lot3/.defauts.txt" "$TMPD/lot3/adherents.csv"
cp "$TMPD/lot3/"* "$IN/"
n3=$(ls "$IN" | wc -l)
rm -f "$TMPD/pause"
LECAP_TEST_PAUSE=ingest-avant-commit LECAP_TEST_PAUSE_FILE="$TMPD/pause" "$LECAP" run >/dev/null 2>"$TMPD/lost.err" &
pid=$!
for _ in $(seq 1 1500); do [ -f "$TMPD/pause" ] && break; sleep 0.02; done
pg_as_owner "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1
kill -CONT $pid 2>/dev/null
kill -TERM $pid # ends the pause at once; the commit then fails
wait $pid
assert_eq "base perdue en cours : code 3" "3" "$?"
assert_eq "base perdue en cours : tous les fichiers restent" "$n3" "$(ls "$IN" | wc -l)"
# Started again with the harness's own settings (tests/pg.sh): with fewer,
# the server fell back to initdb's timezone (UTC here) and every later test
# that compares a date lecap wrote (Europe/Paris) with current_date failed
# from 23:00 to midnight UTC (75-contacts-adherents).
pg_server_start
run_lecap run
assert_rc "base revenue : la nuit suivante finit le travail" 0
assert_eq "base revenue : boîte vidée" "0" "$(ls "$IN" | wc -l)"

# kill -9 at several points, then a rerun: the same database and the same
# reports as an uninterrupted run of the same inbox.
full=$(snapshot)
# night K POINT...: a run of the whole inbox into $TMPD/K/ on database _K
# (LECAP_TEST_CRASH=POINT when given)
night() {
	local k=$1
	shift
	PGDATABASE="${PGDATABASE}_$k" LECAP_CHEMINS_ENTREE="$TMPD/$k/entree" LECAP_CHEMINS_ARCHIVE="$TMPD/$k/archive" \
		LECAP_CHEMINS_QUARANTAINE="$TMPD/$k/quarantaine" LECAP_CHEMINS_RAPPORTS="$TMPD/$k/rapports" \
		run_lecap "$@"
}
fresh() {
	dropdb --if-exists "${PGDATABASE}_$1" >/dev/null 2>&1; createdb "${PGDATABASE}_$1"
	rm -rf "${TMPD:?}/$1" && mkdir -p "$TMPD/$1/entree"
	cp "$TMPD/reseau/"* ${lot0:+"$lot0/"*} "$TMPD/lot2/"* "$TMPD/lot3/"* "$TMPD/$1/entree/"
}
# views K: every view of the analysts and of publication, each as text in
# the order of all its columns (COPY, not pg_dump: the values as printed).
# An evaluation_id column (v_reponse) is a surrogate numbered in load order:
# it is shown as the evaluation's key (siret, campagne) instead.
views() {
	PGDATABASE="${PGDATABASE}_$1" psql -X -qAt -v ON_ERROR_STOP=1 -c "
	  SELECT CASE WHEN bool_or(a.attname = 'evaluation_id') THEN
	           format(E'\\\\echo == %s\\n' || 'COPY (SELECT e.siret, e.campagne, %s FROM lecap.%I v'
	                  ' JOIN lecap.evaluation e ON e.id = v.evaluation_id ORDER BY %s) TO STDOUT;',
	                  c.relname,
	                  string_agg('v.' || quote_ident(a.attname), ', ' ORDER BY a.attnum)
	                    FILTER (WHERE a.attname <> 'evaluation_id'),
	                  c.relname,
	                  string_agg(a.attnum::text, ', ' ORDER BY a.attnum) || ', ' || (count(*) + 1))
	         ELSE
	           format(E'\\\\echo == %s\\n' || 'COPY (SELECT * FROM lecap.%I ORDER BY %s) TO STDOUT;',
	                  c.relname, c.relname, string_agg(a.attnum::text, ', ' ORDER BY a.attnum))
	         END
	    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
	    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
	   WHERE n.nspname = 'lecap' AND c.relkind = 'v' GROUP BY c.oid, c.relname ORDER BY c.relname" |
		PGDATABASE="${PGDATABASE}_$1" psql -X -qAt -v ON_ERROR_STOP=1 >"$TMPD/$1.vues"
}
# same_as_u K WHAT: the views, the reports, the archive and the quarantine of
# night K are those of the uninterrupted night u.
same_as_u() {
	views "$1"
	assert_eq "$2 : les $nviews vues, mêmes lignes au chiffre près" "" "$(diff "$TMPD/u.vues" "$TMPD/$1.vues" | head -5)"
	assert_eq "$2 : les mêmes $nu rapports, octet pour octet" "" \
		"$(diff -r "$TMPD/u/rapports" "$TMPD/$1/rapports" 2>&1 | head -5)"
	assert_eq "$2 : même archive, même quarantaine" "" \
		"$(diff -r "$TMPD/u/archive" "$TMPD/$1/archive" 2>&1 | head -3)$(diff -r "$TMPD/u/quarantaine" "$TMPD/$1/quarantaine" 2>&1 | head -3)"
}
fresh u
night u run
[ "$RC" -le 1 ] && ok "exécution sans incident : code $RC" || not_ok "exécution sans incident : code $RC" "$ERR"
nu=$(find "$TMPD/u/rapports" -name '*.pdf' | wc -l)
views u
nviews=$(grep -c '^== ' "$TMPD/u.vues")
[ "$nviews" -ge 20 ] && ok "$nviews vues comparées" || not_ok "$nviews vues seulement"
# The numeric columns of the views have one scale each, whatever the data
# (10 decimals for the analysts' views, 2 or 3 for publication).
assert_eq "chaque colonne numeric des vues a une seule échelle" "" \
	"$(PGDATABASE="${PGDATABASE}_u" psql -X -qAt -v ON_ERROR_STOP=1 -c "
	  SELECT format('SELECT %L || '': '' || string_agg(DISTINCT scale(%I)::text, '','') FROM lecap.%I HAVING count(DISTINCT scale(%I)) > 1;',
	                table_name || '.' || column_name, column_name, table_name, column_name)
	    FROM information_schema.columns
	   WHERE table_schema = 'lecap' AND table_name LIKE 'v\_%' AND data_type = 'numeric'" |
		PGDATABASE="${PGDATABASE}_u" psql -X -qAt -v ON_ERROR_STOP=1)"
assert_eq "v_agregat : minimum et maximum à 10 décimales" "10|10" \
	"$(PGDATABASE="${PGDATABASE}_u" sql "SELECT min(scale(minimum)) || '|' || max(scale(maximum)) FROM lecap.v_agregat")"

# The same inbox in another order and in three nights: the same views, the
# same reports (a member's ids differ; none is printed or fingerprinted).
fresh v
rm -f "$TMPD"/v/entree/*
find "$TMPD/reseau" ${lot0:+"$lot0"} "$TMPD/lot2" "$TMPD/lot3" -type f |
	sort -R --random-source=<(yes 60) >"$TMPD/ordre"
ntot=$(wc -l <"$TMPD/ordre")
for part in 1 2 3; do
	awk -v p=$part -v n="$ntot" 'NR > (p - 1) * n / 3 && NR <= p * n / 3' "$TMPD/ordre" |
		while read -r f; do cp "$f" "$TMPD/v/entree/"; done
	night v run
	[ "$RC" -le 1 ] && ok "ordre mélangé, nuit $part/3 : code $RC" || not_ok "ordre mélangé, nuit $part/3 : code $RC" "$ERR"
done
same_as_u v "ordre mélangé en trois nuits"
dropdb "${PGDATABASE}_v"

for point in run-apres-init ingest-flux-copy@1 ingest-apres-commit run-apres-ingestion \
	run-apres-agregation rapports-entre-deux@2 run-entre-deux-campagnes deplacement-entre-deux@3 \
	pdf-en-ecriture@2 run-apres-rapports; do
	fresh k
	LECAP_TEST_CRASH=$point night k run
	assert_eq "kill -9 à $point : tué" "137" "$RC"
	night k run
	[ "$RC" -le 1 ] && ok "kill -9 à $point : relance, code $RC" || not_ok "kill -9 à $point : relance, code $RC" "$ERR"
	assert_eq "kill -9 à $point : même base qu'une exécution sans incident" "$full" "$(PGDATABASE="${PGDATABASE}_k" snapshot)"
	same_as_u k "kill -9 à $point"
	dropdb "${PGDATABASE}_k"
done
dropdb "${PGDATABASE}_u"

done_testing
