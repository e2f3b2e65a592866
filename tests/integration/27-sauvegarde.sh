# lecap sauvegarder --out DIR: the database (pg_dump) and the directories
# taken together under the run lock; restored (docs/exploitation.md) into a
# fresh cluster and a fresh tree, a night finds nothing new and nothing lost:
# same views, same reports, the « already seen » rule intact.
. tests/lib.sh
. "$ROOT/tests/pg.sh"
cd "$TMPD" || exit 1
IN="$TMPD/entree"; AR="$TMPD/archive"; QU="$TMPD/quarantaine"; RA="$TMPD/rapports"
export LECAP_CHEMINS_ENTREE="$IN" LECAP_CHEMINS_ARCHIVE="$AR" LECAP_CHEMINS_QUARANTAINE="$QU" \
	LECAP_CHEMINS_RAPPORTS="$RA"
"$LECAP" generate --entreprises 10 --campagnes 2025-2026 --graine 5 --defauts 0.1 --out "$TMPD/reseau" 2>/dev/null
rm -f "$TMPD/reseau/.defauts.txt"
mkdir -p "$IN" && cp "$TMPD/reseau/"* "$IN/"
run_lecap -q run
[ "$RC" = 0 ] || [ "$RC" = 1 ] && ok "nuit initiale : code $RC" || not_ok "nuit initiale : code $RC" "$ERR"
nq=$(ls "$QU" | grep -vc '\.erreurs\.txt$')
[ "$nq" -gt 0 ] && ok "quarantaine non vide ($nq)" || not_ok "quarantaine vide"
# A file waiting in the inbox is part of what is kept.
cp "$ROOT/tests/fixtures/valides/bom.csv" "$IN/en-attente.csv"

run_lecap sauvegarder
assert_rc "sans --out : code 2" 2
assert_eq "sans --out : message" "lecap: erreur: lecap sauvegarder attend --out RÉP
lecap: astuce: usage : lecap sauvegarder --out RÉP (une sauvegarde complète dans RÉP/lecap-<date>/)" "$ERR"
run_lecap sauvegarder --help
assert_contains "--help en français" "usage : lecap sauvegarder --out RÉP" "$OUT"

# Under the run lock.
hold_run_lock 3
run_lecap sauvegarder --out "$TMPD/sauv"
assert_rc "verrou tenu : code 4" 4
wait $holder
assert_eq "verrou tenu : rien d'écrit" "" "$(ls "$TMPD/sauv" 2>/dev/null)"

# kill -9 before the end: only a .partiel directory, never a complete-looking one.
LECAP_TEST_CRASH=sauvegarder-avant-renommage run_lecap sauvegarder --out "$TMPD/sauv"
assert_eq "kill -9 : tué" "137" "$RC"
assert_eq "kill -9 : seulement un .partiel" "1|0" \
	"$(ls "$TMPD/sauv" | grep -c '\.partiel$')|$(ls "$TMPD/sauv" | grep -vc '\.partiel$')"
rm -rf "$TMPD/sauv"
sleep 1

run_lecap sauvegarder --out "$TMPD/sauv"
assert_rc "sauvegarde : code 0" 0
B=$(ls -d "$TMPD"/sauv/lecap-*)
assert_eq "sauvegarde : message" "lecap: info: sauvegarde complète : $B" "$ERR"
assert_eq "sauvegarde : contenu" "MANIFESTE archive.tar base.dump entree.tar quarantaine.tar rapports.tar" "$(ls "$B" | tr '\n' ' ' | sed 's/ $//')"
assert_eq "sauvegarde : journal" "sauvegarder|0" "$(sql "SELECT commande, code_sortie FROM lecap.execution ORDER BY id DESC LIMIT 1")"

views() {
	for v in v_evaluation v_score_entreprise v_agregat v_agregat_type v_plan_agregat v_participation v_divergence; do
		printf '%s %s\n' "$v" "$(sql "SELECT count(*) || ' ' || coalesce(md5(string_agg(t::text, E'\n' ORDER BY t::text)), '') FROM lecap.$v t")"
	done
	sql "SELECT 'fichier ' || count(*) || ' ' || md5(string_agg(concat_ws('|', nom, sha256, statut, siret, campagne), E'\n' ORDER BY id)) FROM lecap.fichier"
}
tree() {
	(cd "$1" && find . -type f | sort | xargs -r md5sum)
}
views_before=$(views)
reports_before=$(tree "$RA")
archive_before=$(tree "$AR")

# Restore: a fresh cluster, a fresh tree (docs/exploitation.md).
O_PGHOST=$PGHOST O_PGDATABASE=$PGDATABASE O_PG_DIR=$PG_DIR O_PG_PID=$PG_PID
pg_start || { not_ok "second cluster"; done_testing; exit 1; }
N_PGHOST=$PGHOST N_PG_DIR=$PG_DIR N_PG_PID=$PG_PID
trap 'PG_PID=$N_PG_PID PG_DIR=$N_PG_DIR pg_stop; rm -rf "$TMPD"' EXIT
PG_DIR=$O_PG_DIR PG_PID=$O_PG_PID
export PGHOST=$N_PGHOST
R="$TMPD/restaure"
mkdir -p "$R/entree" "$R/archive" "$R/quarantaine" "$R/rapports"
psql -X -q -d postgres -c "CREATE ROLE lecap_analyste NOLOGIN" -c "CREATE ROLE lecap_delegue NOLOGIN" >/dev/null
createdb lecap
pg_restore --exit-on-error -d lecap "$B/base.dump"
assert_eq "restauration de la base : code 0" "0" "$?"
for d in entree archive quarantaine rapports; do tar -xf "$B/$d.tar" -C "$R/$d"; done
export PGDATABASE=lecap LECAP_CHEMINS_ENTREE="$R/entree" LECAP_CHEMINS_ARCHIVE="$R/archive" \
	LECAP_CHEMINS_QUARANTAINE="$R/quarantaine" LECAP_CHEMINS_RAPPORTS="$R/rapports"
assert_eq "restauré : mêmes vues, mêmes fichiers reçus" "$views_before" "$(views)"
assert_eq "restauré : mêmes rapports" "$reports_before" "$(tree "$R/rapports")"
assert_eq "restauré : même archive" "$archive_before" "$(tree "$R/archive")"
run_lecap quarantaine lister
assert_eq "restauré : même quarantaine" "$nq" "$(echo "$OUT" | grep -c '^    ')"

# A night on the restored copy: only the file that was waiting is new...
run_lecap run
assert_rc "nuit restaurée : code 0" 0
assert_contains "nuit restaurée : le fichier en attente, rien d'autre" "ingestion : 1 intégré(s), 0 rejeté(s), 0 doublon(s), 0 obsolète(s)" "$ERR"
views_restored=$(views | grep -v '^fichier')
reports_restored=$(tree "$R/rapports")
# ... and it gives what the same night gives on the original.
PGHOST=$O_PGHOST PGDATABASE=$O_PGDATABASE LECAP_CHEMINS_ENTREE="$IN" LECAP_CHEMINS_ARCHIVE="$AR" \
	LECAP_CHEMINS_QUARANTAINE="$QU" LECAP_CHEMINS_RAPPORTS="$RA" run_lecap run
assert_rc "même nuit sur l'original : code 0" 0
assert_eq "même nuit : mêmes vues" "$(PGHOST=$O_PGHOST PGDATABASE=$O_PGDATABASE views | grep -v '^fichier')" "$views_restored"
assert_eq "même nuit : mêmes rapports, octet pour octet" "$(tree "$RA")" "$reports_restored"
# A second night on the restored copy: nothing new at all.
run_lecap run
assert_rc "seconde nuit restaurée : code 0" 0
assert_contains "seconde nuit restaurée : rien de neuf" "ingestion : 0 intégré(s), 0 rejeté(s), 0 doublon(s), 0 obsolète(s)" "$ERR"
assert_not_contains "seconde nuit restaurée : rien recalculé" "recalculée" "$ERR"
assert_eq "seconde nuit restaurée : rien redessiné" "$reports_restored" "$(tree "$R/rapports")"
# The « already seen » rule holds: every archived file dropped again is a doublon.
find "$R/archive" -type f -name 'reponses-*' | head -5 | xargs -I{} cp {} "$R/entree/"
run_lecap ingest
assert_rc "déjà reçus : code 0" 0
assert_contains "déjà reçus : doublons" "ingestion : 0 intégré(s), 0 rejeté(s), 5 doublon(s)" "$ERR"

done_testing
