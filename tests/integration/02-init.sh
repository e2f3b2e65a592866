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

done_testing
