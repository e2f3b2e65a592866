# The functions and views of sql/fonctions and sql/vues: defined once,
# created by lecap init after the migrations, re-created when their file
# changes (recorded sha256), with the grants their files carry; a base at the
# schema of before (migration 013, objects written in migrations) upgrades in
# place to the same schema as a new one.
. tests/lib.sh

nobj=$(ls "$ROOT"/sql/fonctions/*.sql "$ROOT"/sql/vues/*.sql | wc -l)
dump() { pg_dump -d "$1" --schema=lecap --schema-only | grep -v -e '^\\restrict' -e '^\\unrestrict'; }

run_lecap init
assert_rc "init d'une base vide : code 0" 0
assert_contains "init crée chaque fonction et vue" \
	"lecap: info: fonctions et vues (sql/fonctions, sql/vues) : $nobj créée(s) ou recréée(s)" "$ERR"
assert_eq "une empreinte par fichier" "$nobj" "$(sql 'SELECT count(*) FROM lecap.objet_sql')"
assert_eq "l'empreinte est celle du fichier" \
	"$(sha256sum "$ROOT/sql/vues/v_agregat.sql" | cut -c1-64)" \
	"$(sql "SELECT empreinte FROM lecap.objet_sql WHERE nom = 'v_agregat'")"
assert_eq "chaque vue de sql/vues existe" "$(ls "$ROOT"/sql/vues/*.sql | wc -l)" \
	"$(sql "SELECT count(*) FROM pg_views WHERE schemaname = 'lecap'")"
assert_eq "chaque fonction de sql/fonctions existe" "$(ls "$ROOT"/sql/fonctions/*.sql | wc -l)" \
	"$(sql "SELECT count(*) FROM pg_proc WHERE pronamespace = 'lecap'::regnamespace")"
dump "$PGDATABASE" >"$TMPD/neuve.sql"

run_lecap init
assert_rc "second init : code 0" 0
assert_not_contains "second init : rien à recréer" "fonctions et vues" "$ERR"

# Upgrade in place: a base at migration 013, as lecap init left it before.
AVANT="${PGDATABASE}_avant"
dropdb --if-exists "$AVANT" >/dev/null 2>&1
createdb "$AVANT"
psql -X -q -d "$AVANT" -v ON_ERROR_STOP=1 -f tests/fixtures/schema/avant-objets.sql >/dev/null 2>"$TMPD/fx" || cat "$TMPD/fx"
PGDATABASE="$AVANT" run_lecap init
assert_rc "init d'une base à la version 13 : code 0" 0
assert_contains "mise à jour : les migrations d'après appliquées" "lecap: info: migration 015_privileges_par_defaut appliquée" "$ERR"
assert_contains "mise à jour : toutes les fonctions et vues recréées" \
	"lecap: info: fonctions et vues (sql/fonctions, sql/vues) : $nobj créée(s) ou recréée(s)" "$ERR"
dump "$AVANT" >"$TMPD/avant.sql"
if diff "$TMPD/neuve.sql" "$TMPD/avant.sql" >"$TMPD/diff"; then
	ok "base mise à jour : schéma identique à celui d'une base neuve (pg_dump)"
else
	not_ok "base mise à jour : schéma identique à celui d'une base neuve (pg_dump)" "$(head -20 "$TMPD/diff")"
fi
dropdb "$AVANT"

# A changed file: the object and those that name it, nothing else.
sql "UPDATE lecap.objet_sql SET empreinte = 'ancienne' WHERE nom = 'v_evaluation'" >/dev/null
run_lecap init
assert_contains "vue changée : elle seule est recréée" \
	"lecap: info: fonctions et vues (sql/fonctions, sql/vues) : 1 créée(s) ou recréée(s)" "$ERR"
sql "UPDATE lecap.objet_sql SET empreinte = 'ancienne' WHERE nom = 'campagne_precedente'" >/dev/null
run_lecap -v init
# v_effet_plan reads publication_campagne.campagne_precedente: the name is
# cited, so it is recreated too (the dependency is found by name).
assert_contains "fonction changée : celles qui la citent aussi" \
	"lecap: info: fonctions et vues (sql/fonctions, sql/vues) : 5 créée(s) ou recréée(s)" "$ERR"
created=$(echo "$ERR" | sed -n 's/^lecap: debug: \(.* créée\) (empreinte .*/\1/p')
assert_eq "fonction changée : elle et les quatre qui la citent" \
	"fonction lecap.agreger créée|fonction lecap.campagne_perimee créée|fonction lecap.campagne_precedente créée|fonction lecap.publier créée|vue lecap.v_effet_plan créée" \
	"$(echo "$created" | sort | paste -sd'|')"
assert_eq "fonction changée : recréée avant celles qui la citent" \
	"fonction lecap.campagne_precedente créée" "$(echo "$created" | head -1)"

# Dropped by hand: created again. Recorded but no longer built: dropped.
sql "DROP VIEW lecap.v_participation" >/dev/null
sql "CREATE VIEW lecap.v_ancienne AS SELECT 1 AS x;
     INSERT INTO lecap.objet_sql (nom, genre, empreinte) VALUES ('v_ancienne', 'vue', 'x')" >/dev/null
run_lecap init
assert_rc "vue supprimée à la main, vue retirée : code 0" 0
assert_eq "vue supprimée à la main : recréée" "1" \
	"$(sql "SELECT count(*) FROM pg_views WHERE schemaname = 'lecap' AND viewname = 'v_participation'")"
assert_eq "vue retirée des sources : supprimée et oubliée" "0|0" \
	"$(sql "SELECT (SELECT count(*) FROM pg_views WHERE viewname = 'v_ancienne') || '|' ||
	               (SELECT count(*) FROM lecap.objet_sql WHERE nom = 'v_ancienne')")"

# Grants travel with the objects, re-applied with them.
assert_eq "vue recréée : lisible par les rôles lecteurs" "true|true" \
	"$(sql "SELECT has_table_privilege('lecap_analyste', 'lecap.v_evaluation', 'SELECT') || '|' ||
	               has_table_privilege('lecap_delegue', 'lecap.v_participation', 'SELECT')")"
assert_eq "agreger recréée : EXECUTE retiré à PUBLIC" "f" \
	"$(sql "SELECT has_function_privilege('lecap_delegue', 'lecap.agreger(int, numeric, int)', 'EXECUTE')")"
# No default privilege: a table created later is nobody's to read.
sql "CREATE TABLE lecap.t05_nouvelle (x int)" >/dev/null
assert_eq "table créée plus tard : pas lisible d'office par lecap_analyste" "f" \
	"$(sql "SELECT has_table_privilege('lecap_analyste', 'lecap.t05_nouvelle', 'SELECT')")"
sql "DROP TABLE lecap.t05_nouvelle" >/dev/null

done_testing
