# lecap.agreger as rewritten for speed (sql/fonctions/agreger.sql) gives the
# same rows as the version first written in sql/004_agregats.sql
# (tests/agregats/agreger_004.sql), on the hand-built
# network of tests/agregats/ (consensus, NC, weights, thresholds: grid
# test-agg) and a generated one (lecap generate, grid cap) in the same
# database, so that two grid versions are aggregated together.
#
# The 004 function is installed from tests/agregats/agreger_004.sql as
# lecap.agreger_004; lecap aggregate --all runs the current one; its results
# are kept in schema t43; then agreger_004 recomputes every campaign in
# place, and each result table is compared with the kept copy, both ways
# (EXCEPT ALL: duplicates count). Rows are compared twice: as values
# (numeric =) and as text (same scale, same digits). The one exception to
# the text comparison: lecap.agregat's minimum and maximum. min() and max()
# return whichever of several equal scores comes first (3 and
# 3.0000000000000000, a consensus note and a mean of notes, are equal but
# print differently), which depends on the plan; the 004 version stores
# that form, the current one the value without trailing zeros (the same
# whatever the order: test 39 compares them as text), so only their
# values are compared.
. tests/lib.sh

IN="$TMPD/entree"; AR="$TMPD/archive"; QU="$TMPD/quarantaine"
export LECAP_CHEMINS_ENTREE="$IN" LECAP_CHEMINS_ARCHIVE="$AR" LECAP_CHEMINS_QUARANTAINE="$QU"
export LECAP_AGREGATS_SEUIL_SECRET=3 LECAP_AGREGATS_COMPLETUDE_MIN=0.75
# The functions drop their temporary tables IF EXISTS: no notices in the log.
export PGOPTIONS="-c client_min_messages=warning"

run_lecap -q init
assert_rc "init : code 0" 0
psql -X -q -v ON_ERROR_STOP=1 -f tests/agregats/fixture.sql >/dev/null 2>"$TMPD/fx" || cat "$TMPD/fx"
psql -X -q -v ON_ERROR_STOP=1 -f tests/agregats/reseau.sql >/dev/null 2>"$TMPD/fx" || cat "$TMPD/fx"
# Weights with decimals, up to the six the referentiel allows, at the three
# levels of weighted means (an indicator in its objective, an objective in
# its sub-theme, a sub-theme in its theme): the scores that lecap computes
# (src/aggregate/scores.c) carry their scales through products, sums and
# quotients as numeric does, compared below as text with the 004 version.
sql "UPDATE lecap.element SET poids = CASE code WHEN '1.1.1.b' THEN 0.333333 WHEN '1.1.2' THEN 1.5
                                                WHEN '1.2' THEN 2.333333 ELSE 0.000001 END
      WHERE version = 'test-agg' AND code IN ('1.1.1.b', '1.1.2', '1.2', '2.1.1.b')" >/dev/null
# Edge cases of the per-evaluation rows that lecap writes itself
# (src/aggregate/cellules.c), compared below with the 004 version like the
# rest: a college that answers NC only (direction), a respondent who
# answered nothing (all '.'), a respondent with no row of notes at all (not
# something lecap ingest writes, but the respondents are counted from
# lecap.repondant), a consensus row answering NC, and two respondents of
# one college whose sub-theme means tie with another college's.
cat >"$TMPD/bords.sql" <<'SQL'
\set ON_ERROR_STOP 1
SELECT fx.eval('00000000000010', 2025, '53', 'EI') AS e \gset
SELECT fx.rep(:e, 1, 'direction', 'NNNNNNNN'), fx.rep(:e, 2, 'salarie_insertion', '........'),
       fx.rep(:e, 3, 'benevole', '3N.41.2N'), fx.rep(:e, 5, 'consensus', 'N.N.....'),
       fx.rep(:e, 6, 'salarie_insertion', '2.3.1.4.'), fx.rep(:e, 7, 'salarie_insertion', '4.1.3.2.');
INSERT INTO lecap.repondant VALUES (:e, 4, 'r4', 'benevole');
SQL
psql -X -q -v ON_ERROR_STOP=1 -f "$TMPD/bords.sql" >/dev/null 2>"$TMPD/fx" || cat "$TMPD/fx"
assert_eq "cas limites : 7 répondants dont 6 avec des notes" "7|6" \
	"$(sql "SELECT (SELECT count(*) FROM lecap.repondant r JOIN lecap.evaluation e ON e.id = r.evaluation_id
	                 WHERE e.siret = '00000000000010')
	        || '|' || (SELECT count(*) FROM lecap.reponse r JOIN lecap.evaluation e ON e.id = r.evaluation_id
	                 WHERE e.siret = '00000000000010')")"
run_lecap generate --entreprises 300 --campagnes 2024-2026 --graine 43 --out "$IN"
assert_rc "generate : code 0" 0
run_lecap -q ingest
assert_rc "ingest du réseau généré : code 0" 0

# The 004 version, kept as the reference, under another name.
assert_eq "la référence 004 définit lecap.agreger_004" "1" \
	"$(grep -c '^CREATE FUNCTION lecap.agreger_004(' tests/agregats/agreger_004.sql)"
psql -X -q -v ON_ERROR_STOP=1 -f tests/agregats/agreger_004.sql >/dev/null 2>"$TMPD/fx" || cat "$TMPD/fx"

run_lecap aggregate --all
assert_rc "aggregate --all : code 0" 0
assert_contains "quatre campagnes recalculées" \
	"lecap: info: agrégats à jour : 4 campagne(s) recalculée(s) : 2023, 2024, 2025, 2026" "$ERR"

# The edge cases, as lecap wrote them: the respondents counted are every
# row of lecap.repondant of the college (the benevole without notes, the
# salarie_insertion who answered nothing); a college with NC only has no
# score; a tie between two colleges goes to the first in the grid's order
# on both sides (objective 1.1.1: benevole 3 = salarie_insertion 3).
assert_eq "cas limites : scores des collèges (répondants comptés, NC seul sans score)" \
	"benevole|sous_theme|1.1|3.5000000000000000|2
benevole|sous_theme|1.2|1.00000000000000000000|2
benevole|sous_theme|2.1|2.0000000000000000|2
benevole|theme|1|2.6666666666666667|2
benevole|theme|2|2.0000000000000000|2
salarie_insertion|sous_theme|1.1|2.5000000000000000|3
salarie_insertion|sous_theme|1.2|2.0000000000000000|3
salarie_insertion|sous_theme|2.1|3.0000000000000000|3
salarie_insertion|theme|1|2.3333333333333333|3
salarie_insertion|theme|2|3.0000000000000000|3" \
	"$(sql "SELECT x.college || '|' || x.niveau || '|' || x.code || '|' || x.score || '|' || x.n_repondants
	        FROM lecap.score_college x, lecap.evaluation e WHERE e.siret = '00000000000010' AND x.evaluation_id = e.id
	        ORDER BY x.college, x.niveau, x.code")"
assert_eq "cas limites : divergence entre collèges, égalité au premier collège de la grille" \
	"objectif|1.1.1|0.00|salarie_insertion|salarie_insertion
objectif|1.1.2|2.00|benevole|salarie_insertion
sous_theme|1.1|1.00|benevole|salarie_insertion
sous_theme|1.2|1.00|salarie_insertion|benevole" \
	"$(sql "SELECT x.niveau || '|' || x.code || '|' || x.divergence || '|' || x.college_haut || '|' || x.college_bas
	        FROM lecap.divergence_colleges x, lecap.evaluation e WHERE e.siret = '00000000000010' AND x.evaluation_id = e.id
	          AND x.code IN ('1.1.1', '1.1.2', '1.1', '1.2') ORDER BY x.niveau, x.code")"

TABLES="resultat_evaluation score score_college agregat agregat_college divergence consensus_evaluation divergence_colleges divergence_agregat
	plan_agregat demande_offres participation repondants_college adherent_sans_evaluation"

# lecap aggregate analyses the result tables it refreshed (last_analyze: a
# manual ANALYZE, not the autovacuum's; the statistics reach the view when
# the backend ends, hence the short wait).
names=$(echo $TABLES agregat_campagne | sed "s/\([a-z_]*\)/'\1'/g; s/ /, /g")
for _ in $(seq 1 50); do
	n=$(sql "SELECT count(*) FROM pg_stat_user_tables WHERE schemaname = 'lecap'
	         AND relname IN ($names) AND last_analyze IS NOT NULL")
	[ "$n" = 15 ] && break
	sleep 0.2
done
assert_eq "aggregate : les 15 tables de résultats analysées" "15" "$n"
sql "CREATE SCHEMA t43" >/dev/null
for t in $TABLES agregat_campagne repartition_score somme_college; do
	sql "CREATE TABLE t43.$t AS SELECT * FROM lecap.$t" >/dev/null
done

# Every campaign's evaluations were new: lecap counted the distribution of
# their scores and wrote the regions' and the network's aggregates and
# distribution itself (src/aggregate/repartition.c). Left to SQL (no memory
# for it: LECAP_TEST_REPARTITION_BUDGET, a test build's), or given up
# midway (room for the hash tables and the first score texts of the three
# campaigns computed side by side, not for a block of entries: each gives
# up once started, whichever order they run in), the same rows, as text,
# the minimum and maximum included. (With room for a few blocks, 700,000
# bytes, a campaign gave up only when the others held theirs at the same
# time: a red run on 7 December 2026, once the campaigns took less time.)
for budget in 0 100000; do
	LECAP_TEST_REPARTITION_BUDGET=$budget run_lecap -v aggregate --all
	assert_rc "aggregate --all, répartition bornée à $budget octets : code 0" 0
	assert_contains "répartition bornée à $budget octets : laissée au SQL" "répartition des scores laissée au SQL" \
		"$ERR"
	# (Those --all keep every evaluation's rows in place: lecap leaves
	# their scores out of t_score, which agreger then reads back from
	# lecap.score; the demand for the offers, the colleges' sums and the
	# completeness too.)
	assert_contains "répartition bornée à $budget octets : les lignes gardées en place" \
		"inchangées, gardées en place" "$ERR"
	for t in agregat repartition_score demande_offres somme_college resultat_evaluation; do
		assert_eq "répartition bornée à $budget octets : $t, même texte" "0|0" \
			"$(sql "SELECT (SELECT count(*) FROM (SELECT x::text FROM lecap.$t x EXCEPT ALL
			                                     SELECT x::text FROM t43.$t x) a)
			     || '|' || (SELECT count(*) FROM (SELECT x::text FROM t43.$t x EXCEPT ALL
			                                     SELECT x::text FROM lecap.$t x) b)")"
	done
done

# The divergence between colleges (sql/039): lecap.agreger's rows, computed
# in its pass over the answers, against the migration's computation from
# the raw answers (the photographie's until then), on every campaign: same
# rows, same text.
sed -n '/^INSERT INTO lecap.divergence_colleges/,$p' sql/039_divergence_colleges.sql |
	sed 's/^INSERT INTO lecap.divergence_colleges/CREATE TABLE t43.divergence_colleges_039 AS/' >"$TMPD/dc.sql"
psql -X -q -v ON_ERROR_STOP=1 -f "$TMPD/dc.sql" >/dev/null 2>"$TMPD/fx" || cat "$TMPD/fx"
n=$(sql "SELECT count(*) FROM t43.divergence_colleges_039 WHERE niveau = 'objectif'")
if [ "$n" -gt 0 ]; then ok "divergence_colleges : $n ligne(s) d'objectif à comparer"; else not_ok "divergence_colleges : aucune ligne d'objectif"; fi
assert_eq "divergence_colleges : agreger et la migration 039 donnent les mêmes lignes, au même texte" "0|0" \
	"$(sql "SELECT (SELECT count(*) FROM (SELECT x::text FROM lecap.divergence_colleges x EXCEPT ALL
	                                     SELECT x::text FROM t43.divergence_colleges_039 x) a)
	     || '|' || (SELECT count(*) FROM (SELECT x::text FROM t43.divergence_colleges_039 x EXCEPT ALL
	                                     SELECT x::text FROM lecap.divergence_colleges x) b)")"

# The 004 version over the same campaigns, in the same order, one
# transaction each, as lecap aggregate does.
for c in $(sql "SELECT campagne FROM lecap.agregat_campagne ORDER BY 1"); do
	sql "SELECT evaluations || '|' || completes || '|' || agregats FROM lecap.agreger_004($c, 0.75, 3)" \
		>"$TMPD/c$c"
	# participation counts the members registered at the campaign since
	# sql/014: lecap aggregate recomputes it in lecap.publier, after agreger.
	sql "SELECT 1 FROM lecap.publier($c, 3)" >/dev/null
	assert_eq "campagne $c : mêmes comptes (évaluations, complètes, agrégats)" \
		"$(sql "SELECT n_evaluations || '|' || n_completes || '|' || n_agregats FROM t43.agregat_campagne WHERE campagne = $c")" \
		"$(cat "$TMPD/c$c")"
done

# diff T COLUMNS CAST: rows of lecap.T (004) not in t43.T (new), and the
# reverse, as "a|b".
diff_rows() {
	sql "SELECT (SELECT count(*) FROM (SELECT $2 FROM lecap.$1 x EXCEPT ALL SELECT $3 FROM t43.$1 x) a)
	     || '|' || (SELECT count(*) FROM (SELECT $3 FROM t43.$1 x EXCEPT ALL SELECT $2 FROM lecap.$1 x) b)"
}
for t in $TABLES; do
	n=$(sql "SELECT count(*) FROM lecap.$t")
	if [ "$n" -gt 0 ]; then ok "$t : $n ligne(s) à comparer"; else not_ok "$t : aucune ligne à comparer"; fi
	assert_eq "$t : mêmes valeurs" "0|0" "$(diff_rows "$t" "x.*" "x.*")"
	if [ "$t" = agregat ]; then
		cols="x.campagne, x.region, x.type_structure, x.niveau, x.code, x.n_entreprises, x.moyenne::text,
		      x.mediane::text, x.q1::text, x.q3::text, x.part_atteinte::text, x.evolution::text, x.diffusable"
		assert_eq "$t : même texte (hors minimum et maximum)" "0|0" "$(diff_rows "$t" "$cols" "$cols")"
	else
		assert_eq "$t : même texte" "0|0" "$(diff_rows "$t" "x::text" "x::text")"
	fi
done
assert_eq "agregat_campagne : mêmes paramètres, comptes et fichiers pris en compte" "0|0" \
	"$(diff_rows agregat_campagne "x.campagne, x.dernier_fichier_id, x.campagne_precedente, x.completude_min,
	   x.seuil_secret, x.n_evaluations, x.n_completes, x.n_agregats" "x.campagne, x.dernier_fichier_id,
	   x.campagne_precedente, x.completude_min, x.seuil_secret, x.n_evaluations, x.n_completes, x.n_agregats")"

# Both versions see the two grids.
assert_eq "poids décimaux : des scores d'objectif, de sous-thème et de thème au-delà de 20 décimales" \
	"objectif|sous_theme|theme" \
	"$(sql "SELECT string_agg(DISTINCT s.niveau, '|' ORDER BY s.niveau) FROM lecap.score s
	          JOIN lecap.resultat_evaluation r USING (evaluation_id)
	         WHERE r.version_referentiel = 'test-agg' AND scale(s.score) > 20")"
assert_eq "deux versions de la grille agrégées" "cap|test-agg" \
	"$(sql "SELECT string_agg(v, '|' ORDER BY v) FROM (SELECT DISTINCT CASE WHEN version_referentiel = 'test-agg'
	        THEN 'test-agg' ELSE 'cap' END AS v FROM lecap.resultat_evaluation) s")"

done_testing
