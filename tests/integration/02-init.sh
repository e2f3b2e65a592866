# lecap init: migrations applied once, recorded, then nothing to do.
. tests/lib.sh

run_lecap init
assert_rc "init sur une base vide : code 0" 0
n=$(ls "$ROOT"/sql/[0-9][0-9][0-9]_*.sql | wc -l)
assert_eq "toutes les migrations sont enregistrées" "$n" "$(sql 'SELECT count(*) FROM lecap.schema_migration')"
assert_contains "init dit ce qu'il applique" "lecap: info: migration 001_fondation appliquée" "$ERR"
last=$(basename "$(ls "$ROOT"/sql/[0-9][0-9][0-9]_*.sql | tail -1)" | sed 's/_.*//; s/^0*//')
assert_eq "la version est la dernière migration" "$last" "$(sql 'SELECT max(version) FROM lecap.schema_migration')"

run_lecap init
assert_rc "second init : code 0" 0
assert_contains "second init : rien à appliquer" "lecap: info: schéma à jour (version $last) : aucune migration à appliquer" "$ERR"
assert_eq "second init : aucune ligne de plus" "$n" "$(sql 'SELECT count(*) FROM lecap.schema_migration')"

run_lecap -q init
assert_eq "-q : silencieux quand tout va bien" "" "$ERR"

# Every table and column of schema lecap carries a comment.
missing=$(sql "SELECT c.relname || '.' || a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'lecap' AND c.relkind IN ('r','v','p')
  AND a.attnum > 0 AND NOT a.attisdropped AND col_description(c.oid, a.attnum) IS NULL")
assert_eq "chaque colonne est commentée" "" "$missing"
missing=$(sql "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = 'lecap' AND c.relkind IN ('r','v','p') AND obj_description(c.oid, 'pg_class') IS NULL")
assert_eq "chaque table est commentée" "" "$missing"

# The session lecap opens: application_name and search_path.
run_lecap -v init
assert_rc "init -v : code 0" 0
assert_contains "-v ajoute le débogage" "lecap: debug:" "$ERR"

# Migration 005_roles fails for a login that may not create roles: its own
# hint is shown, not lecap's generic one. lecap_analyste is renamed for the
# time of the case (roles are cluster-wide), then given back.
sql "CREATE ROLE t02_init LOGIN NOCREATEROLE" >/dev/null
sql "CREATE DATABASE t02_roles OWNER t02_init" >/dev/null
sql "ALTER ROLE lecap_analyste RENAME TO t02_analyste_cache" >/dev/null
run_lecap -d "dbname=t02_roles user=t02_init" init
sql "ALTER ROLE t02_analyste_cache RENAME TO lecap_analyste" >/dev/null
assert_rc "005_roles sans CREATEROLE : code 3" 3
assert_eq "005_roles sans CREATEROLE : son propre conseil" "lecap: info: migration 001_fondation appliquée
lecap: info: migration 002_referentiel appliquée
lecap: info: migration 003_donnees appliquée
lecap: info: migration 004_agregats appliquée
lecap: erreur: base de données, migration 005_roles : le rôle qui lance lecap init ne peut pas créer les rôles lecap_analyste et lecap_delegue
lecap: astuce: un administrateur de PostgreSQL peut les créer une fois : CREATE ROLE lecap_analyste NOLOGIN; CREATE ROLE lecap_delegue NOLOGIN; puis relancez lecap init" "$ERR"
# The roles there (as the hint says), init goes on.
run_lecap -q -d "dbname=t02_roles user=t02_init" init
assert_rc "rôles présents : init reprend, code 0" 0
assert_eq "rôles présents : toutes les migrations" "$n" "$(psql -X -qAt -d t02_roles -c 'SELECT count(*) FROM lecap.schema_migration')"

done_testing
