# lecap.publier on a fresh base (issue 20, the aggregate --all regression):
# the result tables it reads were filled in the same transaction and never
# analysed, so the planner estimates them at one row. The published
# evolution must not be planned as a join: the plain join of before was
# planned as nested loops comparing every cell of the campaign with every
# cell of the previous one (145 s for one campaign at 2,000 members, while
# aggregate --all's other connection waited for it); it is one grouping of
# both campaigns' cells and the previous secret cells. The plan is read
# through auto_explain, on the statistics of a fresh base (pg_statistic
# emptied for the result tables); the rows are checked against the plain
# join.
#
# The effect of plans (lecap.effet_plan_calculer, called by publier) on the
# same fresh statistics, its inputs (plans, actions) not analysed either —
# the first night, right after the ingest: the panel and the plans' statuses
# were joins of a relation with itself (the campaign's results against the
# previous campaign's, the previous plan's ranks against this one's),
# planned as nested loops comparing every row with every other (6.8 s and
# 48 to 58 s per campaign at 10,000 members, issue 20). Each is now one
# grouping: no join filter in their plans, and the same rows. The members'
# evolutions (one INSERT) join the panel's scores on the evaluation by hash
# or merge (nested loops off for that statement), never by a join filter;
# the cells (another) group the evolutions kept, without a join. Every
# member is compared, as on a first night: the evolutions kept by the
# aggregation (lecap.effet_plan_panel, migration 043) are deleted in the
# transaction first.
. tests/lib.sh

IN="$TMPD/entree"
export LECAP_CHEMINS_ENTREE="$IN" LECAP_CHEMINS_ARCHIVE="$TMPD/archive" LECAP_CHEMINS_QUARANTAINE="$TMPD/quarantaine"

run_lecap -q init
assert_rc "init : code 0" 0
run_lecap generate --entreprises 60 --graine 48 --out "$IN"
assert_rc "generate : code 0" 0
run_lecap -q ingest
assert_rc "ingest : code 0" 0
run_lecap -q aggregate --all
assert_rc "aggregate --all : code 0" 0

last=$(sql "SELECT max(campagne) FROM lecap.publication_campagne")
prev=$(sql "SELECT lecap.campagne_precedente($last)")
assert_eq "deux campagnes publiées" "t" "$(sql "SELECT $prev IS NOT NULL AND count(*) >= 2 FROM lecap.publication_campagne")"

# The statistics of a fresh base, then the campaign published again in a
# transaction rolled back, auto_explain giving every statement's plan.
# The effect of plans as computed with the statistics of a base in use.
sql "CREATE TABLE public.effet_avant AS SELECT * FROM lecap.effet_plan" >/dev/null
psql -X -q -v ON_ERROR_STOP=1 >/dev/null <<SQL
DELETE FROM pg_statistic WHERE starelid IN ('lecap.agregat'::regclass, 'lecap.secret'::regclass,
       'lecap.publication_campagne'::regclass, 'lecap.evolution_publiee'::regclass,
       'lecap.resultat_evaluation'::regclass, 'lecap.score'::regclass, 'lecap.effet_plan'::regclass,
       'lecap.plan'::regclass, 'lecap.plan_action'::regclass,
       'lecap.effet_plan_panel'::regclass);
UPDATE pg_class SET reltuples = -1, relpages = 0
 WHERE oid IN ('lecap.agregat'::regclass, 'lecap.secret'::regclass, 'lecap.publication_campagne'::regclass,
               'lecap.resultat_evaluation'::regclass, 'lecap.score'::regclass, 'lecap.effet_plan'::regclass,
               'lecap.plan'::regclass, 'lecap.plan_action'::regclass,
               'lecap.effet_plan_panel'::regclass);
SQL
# explained BEFORE: lecap.publier of the last campaign in a transaction
# rolled back, after the statement BEFORE, auto_explain giving every
# statement's plan; then the nested loops setting, and the effect of plans
# against the one computed before (rows in excess|missing|of the campaign).
explained() {
	psql -X -qAt -v ON_ERROR_STOP=1 2>&1 <<SQL
BEGIN;
$1
LOAD 'auto_explain';
SET auto_explain.log_min_duration = 0;
SET auto_explain.log_nested_statements = on;
SET auto_explain.log_level = notice;
SET client_min_messages = notice;
SELECT cellules FROM lecap.publier($last, 3);
SELECT 'nestloop : ' || current_setting('enable_nestloop');
SELECT 'comparés : ' || (SELECT count(*) FROM lecap.effet_plan_panel WHERE campagne = $last AND xmin::text = txid_current()::text)
       || '|' || (SELECT count(*) FROM lecap.effet_plan_panel WHERE campagne = $last);
SELECT 'effet_plan : ' || (SELECT count(*) FROM (SELECT * FROM lecap.effet_plan EXCEPT ALL SELECT * FROM public.effet_avant) x)
       || '|' || (SELECT count(*) FROM (SELECT * FROM public.effet_avant EXCEPT ALL SELECT * FROM lecap.effet_plan) y)
       || '|' || (SELECT count(*) FROM lecap.effet_plan WHERE campagne = $last);
ROLLBACK;
SQL
}
plans=$(explained "DELETE FROM lecap.effet_plan_panel WHERE campagne = $last;")
# plan_of TEXT: the plan auto_explain gave for the statement starting with
# TEXT; plan_of_line LINE: for the statement whose first line is LINE.
plan_of() {
	printf '%s\n' "$plans" | awk -v q="Query Text: $1" 'index($0, q) {p = 1} p && /^(psql:|NOTICE|CONTEXT)/ {exit} p {print}'
}
plan_of_line() {
	printf '%s\n' "$plans" | awk -v q="Query Text: $1" '$0 == q {p = 1} p && /^(psql:|NOTICE|CONTEXT)/ {exit} p {print}'
}
panel=$(plan_of "CREATE TEMP TABLE ep_panel")
echo "$panel" | sed 's/^/#   /' | tail -n 12
assert_contains "effet des plans : le plan du panel est là" "resultat_evaluation" "$panel"
assert_not_contains "effet des plans : le panel sans filtre de jointure" "Join Filter" "$panel"
assert_not_contains "effet des plans : le panel sans boucle imbriquée" "Nested Loop" "$panel"
statuts=$(plan_of "CREATE TEMP TABLE ep_plan")
echo "$statuts" | sed 's/^/#   /' | tail -n 20
assert_contains "effet des plans : le plan des statuts est là" "plan_action" "$statuts"
assert_not_contains "effet des plans : les statuts sans filtre de jointure" "Join Filter" "$statuts"
assert_not_contains "effet des plans : les statuts sans boucle sur une CTE" "Nested Loop Left Join" "$statuts"
scores=$(plan_of "INSERT INTO lecap.effet_plan_panel")
echo "$scores" | sed 's/^/#   /' | tail -n 30
assert_contains "effet des plans : le plan des évolutions est là" "on score s" "$scores"
case $scores in
*"Hash Cond: (s.evaluation_id = p.ev_n)"* | *"Hash Cond: (p.ev_n = s.evaluation_id)"* | \
*"Merge Cond: (s.evaluation_id = p.ev_n)"* | *"Merge Cond: (p.ev_n = s.evaluation_id)"*)
	ok "effet des plans : les scores des membres joints sur l'évaluation" ;;
*) not_ok "effet des plans : les scores des membres joints sur l'évaluation" ;;
esac
assert_not_contains "effet des plans : les scores sans filtre de jointure" "Join Filter" "$scores"
# the cells come from sums per region (lecap.effet_plan_somme, migration
# 049), counted here from every member's evolution (the panel was emptied)
cellules=$(plan_of_line "INSERT INTO lecap.effet_plan_somme")
echo "$cellules" | sed 's/^/#   /' | tail -n 20
assert_contains "effet des plans : le plan des cellules est là" "on effet_plan_panel p" "$cellules"
assert_not_contains "effet des plans : les cellules sans filtre de jointure" "Join Filter" "$cellules"
tous=$(printf '%s\n' "$plans" | sed -n 's/^comparés : //p')
case $tous in
0\|* | *\|0) not_ok "effet des plans : tous les membres comparés ($tous)" ;;
*) assert_eq "effet des plans : tous les membres comparés" "${tous#*|}|${tous#*|}" "$tous" ;;
esac
assert_eq "effet des plans : boucles imbriquées rétablies après" "on" \
	"$(printf '%s\n' "$plans" | sed -n 's/^nestloop : //p')"
effet=$(printf '%s\n' "$plans" | sed -n 's/^effet_plan : //p')
case $effet in
*"|0") not_ok "effet des plans : des lignes à comparer ($effet)" ;;
*) assert_eq "effet des plans : mêmes lignes sans statistiques" "0|0" "${effet%|*}" ;;
esac
# One member compared again (its kept evolution deleted: a night with one
# corrected export), on the same fresh statistics: its scores read by index
# (nested loops allowed for a few members), the same rows.
un=$(explained "DELETE FROM lecap.effet_plan_panel WHERE campagne = $last
   AND siret = (SELECT min(siret) FROM lecap.effet_plan_panel WHERE campagne = $last);")
compares=$(printf '%s\n' "$un" | sed -n 's/^comparés : //p')
case $compares in
1\|*) case ${compares#1|} in [2-9]* | [1-9][0-9]*) ok "effet des plans : un seul membre comparé ($compares)" ;;
	*) not_ok "effet des plans : un seul membre comparé ($compares)" ;; esac ;;
*) not_ok "effet des plans : un seul membre comparé ($compares)" ;;
esac
un_scores=$(printf '%s\n' "$un" | awk -v q="Query Text: INSERT INTO lecap.effet_plan_panel" 'index($0, q) {p = 1} p && /^(psql:|NOTICE|CONTEXT)/ {exit} p {print}')
echo "$un_scores" | sed 's/^/#   /' | tail -n 20
assert_contains "effet des plans : un membre, ses scores lus par l'index" "Index Cond: ((campagne = $last) AND (evaluation_id = p.ev_n)" "$un_scores"
un_effet=$(printf '%s\n' "$un" | sed -n 's/^effet_plan : //p')
assert_eq "effet des plans : un membre, mêmes lignes" "0|0" "${un_effet%|*}"
evo=$(printf '%s\n' "$plans" | awk '/Query Text: INSERT INTO lecap.evolution_publiee/ {p = 1} p && /^(psql:|NOTICE|CONTEXT)/ && n++ > 0 {exit} p {print}')
echo "$evo" | sed 's/^/#   /' | tail -n 25
assert_contains "évolution publiée : un regroupement" "Aggregate" "$evo"
assert_contains "évolution publiée : le secret précédent lu" "on secret ps" "$evo"
assert_not_contains "évolution publiée : aucune jointure" "Join" "$evo"
assert_not_contains "évolution publiée : aucune boucle imbriquée" "Nested Loop" "$evo"

# Same rows as the plain join of before.
assert_eq "évolution publiée : les lignes de la jointure simple" "0|0" "$(sql "
  WITH ref AS (
    SELECT a.campagne, a.region, a.type_structure, a.code, round(p.moyenne, 2) AS moyenne
      FROM lecap.agregat a
      JOIN lecap.publication_campagne ppc ON ppc.campagne = lecap.campagne_precedente(a.campagne)
      JOIN lecap.agregat p ON p.campagne = ppc.campagne AND p.region = a.region
       AND p.type_structure = a.type_structure AND p.code = a.code
     WHERE NOT EXISTS (SELECT 1 FROM lecap.secret ps
                        WHERE ps.campagne = p.campagne AND ps.tableau = 'agregat' AND ps.region = p.region
                          AND ps.ventilation = p.type_structure AND ps.code = p.code))
  SELECT (SELECT count(*) FROM (SELECT * FROM ref EXCEPT SELECT * FROM lecap.evolution_publiee) x) || '|' ||
         (SELECT count(*) FROM (SELECT * FROM lecap.evolution_publiee EXCEPT SELECT * FROM ref) y)")"
assert_eq "des évolutions publiées" "t" "$(sql "SELECT count(*) > 100 FROM lecap.evolution_publiee WHERE campagne = $last")"

done_testing
