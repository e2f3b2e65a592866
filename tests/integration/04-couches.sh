# The source tree's layers: includes point down only (base, io, db,
# referentiel, the domain folders, reports, cmd), no sibling domain includes
# another, and no include cycle between files or between modules (a .c and
# its .h; tests/tools/check-layers.py), and io/pg.h is not reached from
# reports/, directly or through a header. The checker is also shown to catch
# each of these planted.
. tests/lib.sh

out=$(python3 "$ROOT/tests/tools/check-layers.py" "$ROOT" 2>&1)
rc=$?
assert_eq "couches : aucune inclusion vers le haut, aucun cycle" "0|0 violation(s)" \
	"$rc|$(echo "$out" | tail -1 | sed 's/.*, //')"

# A copy of the tree with two planted defects.
mkdir -p "$TMPD/arbre"
cp -r "$ROOT/src" "$ROOT/reports" "$ROOT/cmd" "$TMPD/arbre/"
printf '#include "ingest/ingest.h"\n' >>"$TMPD/arbre/src/base/text.c"
printf '#include "aggregate/aggregate.h"\n' >>"$TMPD/arbre/src/diffusion/mime_extra.h"
printf '#include "io/mime_b.h"\n' >"$TMPD/arbre/src/io/mime_a.h"
printf '#include "io/mime_a.h"\n' >"$TMPD/arbre/src/io/mime_b.h"
printf '#include "io/pg.h"\n' >>"$TMPD/arbre/reports/national.c"
# io/pg.h reached from reports/ through a header of src/report
printf '#include "io/pg.h"\n' >>"$TMPD/arbre/src/report/regroupement.h"
# modules c and d include each other's header from their .c: no file cycle
: >"$TMPD/arbre/src/io/mime_c.h"
: >"$TMPD/arbre/src/io/mime_d.h"
printf '#include "io/mime_d.h"\n' >"$TMPD/arbre/src/io/mime_c.c"
printf '#include "io/mime_c.h"\n' >"$TMPD/arbre/src/io/mime_d.c"
out=$(python3 "$ROOT/tests/tools/check-layers.py" "$TMPD/arbre" 2>&1)
rc=$?
assert_eq "couches : défauts plantés refusés (code 1)" "1" "$rc"
assert_eq "couches : chaque défaut nommé (io/pg.h refusé dans reports/)" \
"src/base/text.c: inclut ingest/ingest.h : src/ingest n'est pas sous src/base
src/diffusion/mime_extra.h: inclut aggregate/aggregate.h : src/aggregate n'est pas sous src/diffusion
reports/national.c: inclut io/pg.h : interdit dans reports/ (les rapports dessinent des structures typées de src/report/, sans résultat de requête)
reports/region.c: atteint src/io/pg.h par src/report/regroupement.h -> src/io/pg.h : interdit dans reports/ (les rapports dessinent des structures typées de src/report/, sans résultat de requête)
reports/regroupement.c: atteint src/io/pg.h par src/report/regroupement.h -> src/io/pg.h : interdit dans reports/ (les rapports dessinent des structures typées de src/report/, sans résultat de requête)
reports/synthese.c: atteint src/io/pg.h par src/report/regroupement.h -> src/io/pg.h : interdit dans reports/ (les rapports dessinent des structures typées de src/report/, sans résultat de requête)
cycle d'inclusions : src/io/mime_a.h -> src/io/mime_b.h -> src/io/mime_a.h
cycle de modules : src/base/text -> src/ingest/ingest -> src/base/text (et dans le même nœud : src/ingest/copybuf, src/ingest/export_field, src/ingest/export_read, src/ingest/ingest_batch, src/referentiel/referentiel)
cycle de modules : src/io/mime_a -> src/io/mime_b -> src/io/mime_a
cycle de modules : src/io/mime_c -> src/io/mime_d -> src/io/mime_c" \
	"$(echo "$out" | grep -v '^couches :')"
# --- the SQL embedding refuses what would make the schema ambiguous ------------------
# (scripts/embed-sql.sh, run by make: a failure stops the build)
mkdir -p "$TMPD/sql/fonctions"
printf 'SELECT 1;\n' >"$TMPD/sql/038_a.sql"
printf 'SELECT 2;\n' >"$TMPD/sql/038_b.sql"
printf 'CREATE FUNCTION lecap.f() RETURNS int LANGUAGE sql AS $$ SELECT lecap.g() $$;\n' >"$TMPD/sql/fonctions/f.sql"
printf 'CREATE FUNCTION lecap.g() RETURNS int LANGUAGE sql AS $$ SELECT lecap.f() $$;\n' >"$TMPD/sql/fonctions/g.sql"
cd "$TMPD"
out=$(sh "$ROOT/scripts/embed-sql.sh" sql/038_a.sql sql/038_b.sql -- 2>&1 >/dev/null)
assert_eq "embed-sql : un numéro de migration pris deux fois (code 1)" "1" "$?"
assert_eq "embed-sql : le numéro et les deux fichiers nommés" \
"embed-sql.sh: numéro de migration pris deux fois : 038 (sql/038_a.sql, sql/038_b.sql)
embed-sql.sh: renumérotez la migration la plus récente (prochain numéro libre)" "$out"
out=$(sh "$ROOT/scripts/embed-sql.sh" sql/038_a.sql -- sql/fonctions/f.sql sql/fonctions/g.sql 2>&1 >/dev/null)
assert_eq "embed-sql : deux objets qui se citent (code 1)" "1" "$?"
assert_contains "embed-sql : le cycle dit" "embed-sql.sh: les objets SQL se citent en cycle" "$out"
cd "$ROOT"
done_testing
