# A recomputation from scratch (lecap aggregate --campagne, --all) computes
# every evaluation again from its answers, and keeps in place the rows of
# lecap.score, lecap.score_college, lecap.divergence,
# lecap.divergence_colleges and lecap.consensus_evaluation of an evaluation
# whose rows are the same (migration 056, sql/fonctions/agreger_preparer.sql,
# src/aggregate/cellules.c): written as they would be written again, and
# stored as they were written. Checked here, on a generated network:
#   - nothing changed: every row stays where it was (ctid) with its writer
#     (xmin), the run says so, the result tables are not analysed again, and
#     the evaluations' lecap.resultat_evaluation rows, the digests of their
#     quarters and the panel of the effect of plans stay in place too;
#   - rows altered by hand in each of the five tables (a value written
#     again as it was, a row deleted, a row added twice, a value changed):
#     the altered evaluations' rows are written again, exactly as they were
#     before the alterations, the others stay in place; a kept evaluation's
#     lecap.resultat_evaluation row altered is set back;
#   - an evaluation's answers changed under it: its rows are written again
#     and only its; the five tables, the quarters' digests and the effect
#     of plans are then
#     those of a recomputation that keeps nothing (the digests forgotten),
#     as text.
. tests/lib.sh

export PGOPTIONS="-c client_min_messages=warning"
IN="$TMPD/entree"; AR="$TMPD/archive"; QU="$TMPD/quarantaine"; POOL="$TMPD/pool"
mkdir -p "$IN" "$AR" "$QU"
export LECAP_CHEMINS_ENTREE="$IN" LECAP_CHEMINS_ARCHIVE="$AR" LECAP_CHEMINS_QUARANTAINE="$QU"
TABLES="score score_college divergence divergence_colleges consensus_evaluation"

run_lecap -q init
assert_rc "init : code 0" 0
run_lecap generate --entreprises 30 --campagnes 2025-2026 --graine 43 --out "$POOL"
assert_rc "generate : code 0" 0
mv "$POOL"/* "$IN/"
run_lecap ingest
assert_rc "ingest : code 0" 0
run_lecap aggregate
assert_rc "premier calcul : code 0" 0
N=$(sql "SELECT count(*) FROM lecap.evaluation WHERE campagne = 2026")
echo "# 2026 : $N évaluation(s)"
assert_eq "plus de 15 évaluations en 2026" "t" "$(sql "SELECT $N > 15")"
for t in $TABLES; do
	assert_eq "2026 : des lignes dans lecap.$t" "t" "$(sql "SELECT count(*) > 0 FROM lecap.$t WHERE campagne = 2026")"
done

# keep: each table's rows of 2026 with their place and writer, into t43k.
keep() {
	sql "DROP SCHEMA IF EXISTS t43k CASCADE; CREATE SCHEMA t43k" >/dev/null
	for t in $TABLES resultat_evaluation quart_evaluation effet_plan_panel effet_plan agregat repartition_score; do
		sql "CREATE TABLE t43k.$t AS SELECT ctid::text AS place, xmin::text AS ecrit, * FROM lecap.$t WHERE campagne = 2026" >/dev/null
	done
}
# moved T [EVALS]: rows of t43k.T no longer at their place with their writer
# (the same tuple: "a|b", of the evaluations EVALS, of the others).
moved() {
	sql "SELECT count(*) FILTER (WHERE k.evaluation_id = ANY ('{${2:-}}'::bigint[]))
	            || '|' || count(*) FILTER (WHERE NOT k.evaluation_id = ANY ('{${2:-}}'::bigint[]))
	       FROM t43k.$1 k WHERE NOT EXISTS (SELECT 1 FROM lecap.$1 s WHERE s.ctid::text = k.place
	              AND s.xmin::text = k.ecrit)"
}
# rewritten T: rows of t43k.T no longer at their place with their writer.
rewritten() {
	sql "SELECT count(*) FROM t43k.$1 k WHERE NOT EXISTS (SELECT 1 FROM lecap.$1 s WHERE s.ctid::text = k.place
	              AND s.xmin::text = k.ecrit)"
}
# same T: rows of 2026 of lecap.T against t43k.T as text, both ways ("0|0").
same() {
	cols=$(sql "SELECT string_agg(quote_ident(column_name) || '::text', ', ' ORDER BY ordinal_position)
	              FROM information_schema.columns WHERE table_schema = 'lecap' AND table_name = '$1'")
	sql "SELECT (SELECT count(*) FROM (SELECT $cols FROM lecap.$1 WHERE campagne = 2026
	                                   EXCEPT ALL SELECT $cols FROM t43k.$1) a)
	     || '|' || (SELECT count(*) FROM (SELECT $cols FROM t43k.$1
	                                     EXCEPT ALL SELECT $cols FROM lecap.$1 WHERE campagne = 2026) b)"
}
analyses() { sql "SELECT analyze_count FROM pg_stat_user_tables WHERE relid = 'lecap.score'::regclass"; }
# recompute WHAT KEPT: lecap aggregate -v --campagne 2026 after WHAT, code
# 0, the rows of KEPT of its N evaluations said kept in place.
recompute() {
	run_lecap -v aggregate --campagne 2026
	assert_rc "$1 : --campagne 2026, code 0" 0
	assert_contains "$1 : les lignes de $2 évaluation(s) gardées, dit" \
		"scores de $N évaluation(s) calculés (les lignes de $2, inchangées, gardées en place)" "$ERR"
}

# --- nothing changed -------------------------------------------------------
sql "ANALYZE lecap.score" >/dev/null
keep
a0=$(analyses)
recompute "rien de changé" "$N"
for t in $TABLES; do
	assert_eq "rien de changé : lecap.$t en place, même écrivain" "0|0" "$(moved "$t")"
done
assert_contains "rien de changé : statistiques gardées, dit en débogage" \
	"statistiques des tables de résultats gardées : 0 évaluation(s) aux résultats réécrits sur $N" "$ERR"
assert_eq "rien de changé : pas d'ANALYZE" "$a0" "$(analyses)"
# Their lecap.resultat_evaluation rows stay in place (src/aggregate/aggregate.c
# forget_scores), and with them the digests of their quarters and their
# evolutions in the panel of the effect of plans, which their deletion
# takes by cascade: the same tuples.
assert_eq "rien de changé : lecap.resultat_evaluation en place, même écrivain" "0|0" "$(moved resultat_evaluation)"
assert_eq "rien de changé : les empreintes des quarts, en place pour chaque évaluation" "$N|0|0" \
	"$(sql "SELECT count(*) FROM lecap.quart_evaluation WHERE campagne = 2026")|$(moved quart_evaluation)"
P=$(sql "SELECT count(*) FROM lecap.effet_plan_panel WHERE campagne = 2026")
assert_eq "un panel de l'effet des plans en 2026" "t" "$(sql "SELECT $P > 5")"
assert_eq "rien de changé : le panel de l'effet des plans, en place" "0|0" "$(moved effet_plan_panel)"
# The campaign's aggregates and distribution of the scores, the same as
# stored: not written again (sql/fonctions/agreger.sql).
for t in agregat repartition_score; do
	assert_eq "rien de changé : lecap.$t en place, même écrivain" "0" "$(rewritten "$t")"
done
assert_eq "rien de changé : l'effet des plans, le même" "0|0" "$(same effet_plan)"

# --- rows altered by hand ---------------------------------------------------
E=$(sql "SELECT string_agg(id::text, ',' ORDER BY id) FROM (SELECT id FROM lecap.evaluation
          WHERE campagne = 2026 AND id IN (SELECT evaluation_id FROM lecap.divergence_colleges)
            AND id IN (SELECT evaluation_id FROM lecap.consensus_evaluation)
            AND id IN (SELECT evaluation_id FROM lecap.divergence) ORDER BY id LIMIT 5) x")
set -- $(echo "$E" | tr ',' ' ')
assert_eq "cinq évaluations à altérer" "5" "$#"
sql "UPDATE lecap.score SET score = score WHERE ctid = (SELECT min(ctid) FROM lecap.score WHERE evaluation_id = $1);
     UPDATE lecap.score_college SET score = score + 1 WHERE ctid = (SELECT min(ctid) FROM lecap.score_college
       WHERE evaluation_id = $2);
     DELETE FROM lecap.divergence WHERE ctid = (SELECT min(ctid) FROM lecap.divergence WHERE evaluation_id = $3);
     INSERT INTO lecap.divergence_colleges SELECT * FROM lecap.divergence_colleges
      WHERE ctid = (SELECT min(ctid) FROM lecap.divergence_colleges WHERE evaluation_id = $4);
     UPDATE lecap.consensus_evaluation SET n_indicateurs = n_indicateurs WHERE evaluation_id = $5" >/dev/null
assert_eq "altérations : lecap.score_college diffère" "1|1" "$(same score_college)"
# (and the lecap.resultat_evaluation row of an evaluation whose rows stay:
# set again, the row kept)
F=$(sql "SELECT min(evaluation_id) FROM lecap.resultat_evaluation WHERE campagne = 2026 AND evaluation_id NOT IN ($E)")
sql "UPDATE lecap.resultat_evaluation SET n_repondants = n_repondants + 1, raison_sociale = 'X'
      WHERE evaluation_id = $F" >/dev/null
assert_eq "altérations : lecap.resultat_evaluation diffère" "1|1" "$(same resultat_evaluation)"
recompute "altérations" "$((N - 5))"
assert_eq "altérations : lecap.resultat_evaluation comme avant elles (texte)" "0|0" "$(same resultat_evaluation)"
for t in $TABLES; do
	assert_eq "altérations : lecap.$t comme avant elles (texte)" "0|0" "$(same "$t")"
	n=$(sql "SELECT count(*) FROM t43k.$t WHERE evaluation_id IN ($E)")
	assert_eq "altérations : lecap.$t, les lignes des 5 évaluations réécrites, les autres en place" \
		"$n|0" "$(moved "$t" "$E")"
done

# --- answers changed under an evaluation -------------------------------------
keep
# (A member of the panel of the effect of plans, without a consensus row:
# its first indicator's new notes move its scores, and its evolution.)
D=$(sql "SELECT min(p.evaluation_id) FROM lecap.effet_plan_panel p
          JOIN lecap.resultat_evaluation e ON e.evaluation_id = p.evaluation_id
         WHERE p.campagne = 2026 AND cardinality(p.codes) > 0 AND NOT e.consensus
           AND EXISTS (SELECT 1 FROM lecap.reponse r WHERE r.evaluation_id = p.evaluation_id AND r.notes ~ '^[1-3]')")
sql "UPDATE lecap.reponse SET notes = '4' || substr(notes, 2) WHERE evaluation_id = $D AND notes ~ '^[1-3]'" >/dev/null
recompute "réponses changées" "$((N - 1))"
for t in score score_college; do
	n=$(sql "SELECT count(*) FROM t43k.$t WHERE evaluation_id = $D")
	assert_eq "réponses changées : lecap.$t, les lignes de l'évaluation réécrites, les autres en place" \
		"$n|0" "$(moved "$t" "$D")"
done
assert_eq "réponses changées : son évolution a changé" "1" \
	"$(sql "SELECT count(*) FROM (SELECT deltas::text FROM t43k.effet_plan_panel WHERE evaluation_id = $D
	        EXCEPT SELECT deltas::text FROM lecap.effet_plan_panel WHERE evaluation_id = $D) x")"
assert_eq "réponses changées : ses scores ont changé" "t" \
	"$(sql "SELECT count(*) > 0 FROM (SELECT niveau, code, score::text FROM t43k.score WHERE evaluation_id = $D
	        EXCEPT SELECT niveau, code, score::text FROM lecap.score WHERE evaluation_id = $D) x")"
# (its evaluation complete: the campaign's aggregates and distribution move)
for t in agregat repartition_score; do
	assert_eq "réponses changées : lecap.$t réécrite" "t" "$(sql "SELECT $(rewritten "$t") > 0")"
done
# The same rows as a recomputation that keeps nothing.
keep
sql "DELETE FROM lecap.empreinte_evaluation WHERE campagne = 2026" >/dev/null
run_lecap aggregate --campagne 2026
assert_rc "--campagne 2026 sans empreintes : code 0" 0
assert_not_contains "sans empreintes : rien de gardé" "gardées en place" "$ERR"
for t in $TABLES resultat_evaluation quart_evaluation effet_plan_panel effet_plan agregat repartition_score; do
	assert_eq "lecap.$t : ce que le recalcul qui garde a laissé = ce que réécrit celui qui ne garde rien" \
		"0|0" "$(same "$t")"
done
for t in $TABLES; do
	assert_eq "sans empreintes : lecap.$t réécrite en entier" \
		"$(sql "SELECT count(*) FROM t43k.$t")" "$(moved "$t" | cut -d'|' -f2)"
done

done_testing
