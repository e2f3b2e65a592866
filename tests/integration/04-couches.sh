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
reports/regroupement.c: atteint src/io/pg.h par src/report/regroupement.h -> src/io/pg.h : interdit dans reports/ (les rapports dessinent des structures typées de src/report/, sans résultat de requête)
cycle d'inclusions : src/io/mime_a.h -> src/io/mime_b.h -> src/io/mime_a.h
cycle de modules : src/base/text -> src/ingest/ingest -> src/base/text (et dans le même nœud : src/ingest/copybuf, src/ingest/export_field, src/ingest/export_read, src/ingest/ingest_batch, src/referentiel/referentiel)
cycle de modules : src/io/mime_a -> src/io/mime_b -> src/io/mime_a
cycle de modules : src/io/mime_c -> src/io/mime_d -> src/io/mime_c" \
	"$(echo "$out" | grep -v '^couches :')"
done_testing
