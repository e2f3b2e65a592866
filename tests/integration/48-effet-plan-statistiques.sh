# The effect of the plans computed for a campaign that the statistics of
# lecap.score do not know yet (a new campaign's first night, after an
# ANALYZE that saw the earlier campaigns only): the two campaigns' scores
# are joined per member and element, never on the element alone. Inlined,
# the planner estimated the new campaign's scores at one row and joined the
# previous campaign's to them on (niveau, code) first: on a fresh base of
# 10,000 members, billions of pairs, 71 GB of temporary files in 7 minutes
# (lecap aggregate --all, 7 December 2026); here, a few members, the plan
# read as auto_explain logs it, and the same rows as before.
. tests/lib.sh

IN="$TMPD/entree"
export LECAP_CHEMINS_ENTREE="$IN" LECAP_CHEMINS_ARCHIVE="$TMPD/archive" LECAP_CHEMINS_QUARANTAINE="$TMPD/quarantaine"

run_lecap -q init
assert_rc "init : code 0" 0
run_lecap generate --entreprises 150 --campagnes 2025-2026 --graine 48 --out "$IN"
assert_rc "generate : code 0" 0
run_lecap -q ingest
assert_rc "ingest : code 0" 0
run_lecap -q aggregate --all
assert_rc "aggregate --all : code 0" 0
panel() {
	sql "SELECT count(*) || '|' || md5(string_agg(p::text, '/' ORDER BY p.siret))
	       FROM lecap.effet_plan_panel p WHERE p.campagne = 2026"
}
before=$(panel)
assert_eq "des membres comparés entre 2025 et 2026" "t" \
	"$(sql "SELECT count(*) > 50 FROM lecap.effet_plan_panel WHERE campagne = 2026 AND cardinality(codes) > 0")"

# 2026 unknown to the statistics: its scores gone, lecap.score analysed.
sql "DELETE FROM lecap.score WHERE campagne = 2026" >/dev/null
sql "ANALYZE lecap.score" >/dev/null
assert_eq "les statistiques ne connaissent que 2025" "1" \
	"$(sql "SELECT count(*) FROM pg_stats WHERE schemaname = 'lecap' AND tablename = 'score'
	          AND attname = 'campagne' AND most_common_vals::text = '{2025}'")"
log_from=$(($(wc -l <"$PG_DIR/server.log") + 1))
PGOPTIONS="-c session_preload_libraries=auto_explain -c auto_explain.log_min_duration=0 \
-c auto_explain.log_nested_statements=on" run_lecap -q aggregate --campagne 2026
assert_rc "aggregate --campagne 2026 : code 0" 0
# (The panel's comparison, the INSERT whose next line is its WITH: the
# aggregation puts back the evolutions it keeps by an INSERT too, before.)
tail -n +"$log_from" "$PG_DIR/server.log" |
	awk 'q { q = 0; if ($0 ~ /WITH n AS/) { p = 1; print head } }
	     !p && /Query Text: INSERT INTO lecap.effet_plan_panel/ { q = 1; head = $0 }
	     p { print } p && /CONTEXT:/ { exit }' >"$TMPD/plan"
assert_eq "le plan de l'insertion du panel est journalisé" "1" "$(grep -c 'Query Text: INSERT INTO lecap.effet_plan_panel' "$TMPD/plan")"
# A join condition on the level and the code without the member: the
# pairing of every member's element with every other's.
assert_eq "aucune jointure sur l'élément seul" "0" \
	"$(grep -E 'Cond: ' "$TMPD/plan" | grep 'niveau = ' | grep -vc 'siret = ')"
assert_eq "les deux campagnes jointes par membre, niveau et code" "1" \
	"$(grep -E 'Cond: ' "$TMPD/plan" | grep 'siret = ' | grep 'niveau = ' | grep -c 'code = ')"
assert_eq "le panel de 2026 : les mêmes lignes" "$before" "$(panel)"

done_testing
