# Migration 030 converts the answers in place, from one row per cell to one
# row per respondent (issue 20): a base loaded by the previous lecap (built
# here from main just before the change) is upgraded by lecap init, and
# every analysts' view reads the same before and after — lecap.v_reponse
# the same cells as the old lecap.reponse, the results the same once
# recomputed from the new form (aggregate --all).
. tests/lib.sh

AVANT_COMMIT=6c46cf17beb302861bcf36e1b142a3830c593fc4
if ! git -C "$ROOT" cat-file -e "$AVANT_COMMIT^{commit}" 2>/dev/null; then
	ok "# SKIP pas d'historique git ($AVANT_COMMIT) : migration non vérifiée"
	done_testing
	exit 0
fi
mkdir -p "$TMPD/avant"
git -C "$ROOT" archive "$AVANT_COMMIT" | tar -x -C "$TMPD/avant"
make -C "$TMPD/avant" -j2 bin/lecap >"$TMPD/build.log" 2>&1
assert_eq "lecap d'avant construit ($AVANT_COMMIT)" "0" "$?"
OLD="$TMPD/avant/bin/lecap"

IN="$TMPD/entree"
export LECAP_CHEMINS_ENTREE="$IN" LECAP_CHEMINS_ARCHIVE="$TMPD/archive" \
	LECAP_CHEMINS_QUARANTAINE="$TMPD/quarantaine" LECAP_CHEMINS_RAPPORTS="$TMPD/rapports"
mkdir -p "$IN"
"$LECAP" generate --entreprises 40 --campagnes 2024-2025 --graine 26 --defauts 0.05 --out "$IN" 2>/dev/null
rm -f "$IN/.defauts.txt"
# A respondent who answered nothing, and NC cells: both kept apart.
f=$(ls "$IN"/reponses-*.csv | head -1)
sed -n 1p "$f" | grep -q ';' && sep=';' || sep=','
{ cat "$f"; sed -n 2p "$f" | awk -F"$sep" -v OFS="$sep" '{ for (i = 10; i <= NF; i++) $i = ""; $8 = "vide1"; $9 = "benevole"; print }'; } >"$f.tmp" && mv "$f.tmp" "$f"

LECAP="$OLD" run_lecap -q init
assert_rc "lecap d'avant : init" 0
LECAP="$OLD" run_lecap -q ingest
assert_eq "lecap d'avant : ingestion (code 0 ou 1)" "ok" "$([ "$RC" -le 1 ] && echo ok || echo "code $RC")"
LECAP="$OLD" run_lecap -q aggregate --all
assert_rc "lecap d'avant : agrégation" 0
assert_eq "avant : la table des cellules" "indicateur note" \
	"$(sql "SELECT string_agg(attname, ' ' ORDER BY attnum) FROM pg_attribute WHERE attrelid = 'lecap.reponse'::regclass AND attname IN ('indicateur', 'note')")"

# Every view an analyst reads, as a fingerprint of its sorted rows; but
# the two whose publication rule changed after 030 (issue 18, migration 031:
# n_completes never secret; v_effet_plan's secrecy decided by lecap.publier,
# its cells recomputed by the next aggregation), checked by tests 46 and 48,
# and v_publication_regroupement, new since (tests 46, 50-regroupement).
# The list is taken once, on the base before the migration: a view that
# later migrations add (v_consensus_entreprise …) has no "before" to compare.
views() {
	if [ -n "${VIEWS_AVANT:-}" ]; then
		echo "$VIEWS_AVANT"
		return
	fi
	sql "SELECT string_agg(viewname, ' ' ORDER BY viewname) FROM pg_views WHERE schemaname = 'lecap'
	       AND viewname NOT IN ('v_reponse', 'v_effet_plan', 'v_publication_participation',
	                            'v_publication_regroupement')"
}
snapshot() {
	for v in $(views); do
		echo "$v $(sql "SELECT count(*) || ' ' || coalesce(md5(string_agg(t::text, E'\n' ORDER BY t::text)), '-') FROM lecap.$v t")"
	done
	echo "reponse $(sql "SELECT count(*) || ' ' || md5(string_agg(evaluation_id || ' ' || repondant || ' ' || indicateur || ' ' || coalesce(note::text, 'NC'), E'\n' ORDER BY evaluation_id, repondant, indicateur)) FROM lecap.$1")"
}
VIEWS_AVANT=$(views)
before=$(snapshot reponse)
nviews=$(views | wc -w)
cells=$(sql "SELECT count(*) FROM lecap.reponse")
nc=$(sql "SELECT count(*) FROM lecap.reponse WHERE note IS NULL")

run_lecap init
assert_rc "nouveau lecap : init sur la base d'avant" 0
assert_contains "nouveau lecap : la migration appliquée" "lecap: info: migration 030_reponse_par_repondant appliquée" "$ERR"
assert_eq "après : une ligne par répondant" \
	"$(sql "SELECT count(*) FROM lecap.repondant")" "$(sql "SELECT count(*) FROM lecap.reponse")"
assert_eq "après : autant de cellules, dont autant de NC" "$cells $nc" \
	"$(sql "SELECT count(*) || ' ' || count(*) FILTER (WHERE note IS NULL) FROM lecap.v_reponse")"
assert_eq "après : le répondant sans réponse a une ligne de notes vides" "1" \
	"$(sql "SELECT count(*) FROM lecap.reponse p JOIN lecap.repondant r ON (r.evaluation_id, r.numero) = (p.evaluation_id, p.repondant) WHERE r.pseudonyme = 'vide1' AND p.notes ~ '^[.]+\$'")"
after=$(snapshot v_reponse)
assert_eq "après la migration : chaque vue des analystes identique ($nviews vues), v_reponse = l'ancienne reponse" "$before" "$after"
# Recomputed from the new form: the same rows, value for value. (Compared
# as numbers: a minimum or maximum over equal scores of different scales —
# a consensus note 2 and a mean 2.0000000000000000 — shows the scale of the
# first row met, which depends on the order of the rows, not on the storage.)
sql "CREATE SCHEMA avant" >/dev/null
for v in $(views); do sql "CREATE TABLE avant.$v AS SELECT * FROM lecap.$v" >/dev/null; done
# Migration 042 digests the evaluations already aggregated from their stored
# rows: as many rows as lecap.agreger digests when it computes them again;
# since migration 053, lecap computes the digest itself as it writes the rows
# (src/aggregate/empreinte.c), another value for the same rows.
sql "CREATE TABLE avant.empreinte_evaluation AS SELECT * FROM lecap.empreinte_evaluation" >/dev/null
n=$(sql "SELECT count(*) FROM avant.empreinte_evaluation WHERE lignes > 0")
if [ "$n" -gt 0 ]; then ok "migration 042 : $n évaluation(s) digérée(s)"; else not_ok "migration 042 : aucune évaluation digérée"; fi
# Migration 045 counts the distribution of the scores of the campaigns
# aggregated (lecap.repartition_score): what lecap.agreger counts from the
# stored scores of the complete evaluations, and keeps up to date afterwards
# (tests/integration/39-agregats-increment.sh).
assert_eq "migration 045 : la répartition des scores comptée depuis les scores gardés" "0 0 $(sql "SELECT count(*) FROM lecap.score WHERE score IS NOT NULL AND evaluation_id IN (SELECT evaluation_id FROM lecap.resultat_evaluation WHERE complete)")" \
	"$(sql "WITH c AS (SELECT s.campagne, r.type_structure, s.niveau, s.code, s.score::text AS score, scale(s.score) AS echelle,
	                          count(*) AS n, sum(s.n_atteints) AS a, sum(s.n_objectifs) AS o
	                     FROM lecap.score s JOIN lecap.resultat_evaluation r ON r.evaluation_id = s.evaluation_id
	                    WHERE s.score IS NOT NULL AND r.complete
	                    GROUP BY s.campagne, r.type_structure, s.niveau, s.code, s.score, scale(s.score)),
	             k AS (SELECT campagne, type_structure, niveau, code, score::text AS score, echelle::int, n::bigint,
	                          n_atteints::numeric, n_objectifs::numeric FROM lecap.repartition_score)
	   SELECT (SELECT count(*) FROM (SELECT * FROM c EXCEPT ALL SELECT * FROM k) a) || ' '
	       || (SELECT count(*) FROM (SELECT * FROM k EXCEPT ALL SELECT * FROM c) b) || ' '
	       || (SELECT coalesce(sum(n), 0) FROM lecap.repartition_score)")"
# Migrations 046 and 051 sum the colleges' scores of the campaigns
# aggregated, per region (lecap.somme_college), as lecap.agreger does.
assert_eq "migrations 046 et 051 : les sommes des scores des collèges comptées depuis les scores gardés, par région" "0 0 $(sql "SELECT count(*) FROM lecap.score_college WHERE evaluation_id IN (SELECT evaluation_id FROM lecap.resultat_evaluation WHERE complete)")" \
	"$(sql "WITH c AS (SELECT c.campagne, c.region, c.college, c.niveau, c.code, scale(c.score) AS echelle,
	                          count(*) AS n, sum(c.n_repondants) AS r, sum(c.score)::text AS somme
	                     FROM lecap.score_college c JOIN lecap.resultat_evaluation r ON r.evaluation_id = c.evaluation_id
	                    WHERE r.complete
	                    GROUP BY c.campagne, c.region, c.college, c.niveau, c.code, scale(c.score)),
	             k AS (SELECT campagne, region, college, niveau, code, echelle::int, n::bigint, n_repondants::numeric,
	                          somme::text FROM lecap.somme_college)
	   SELECT (SELECT count(*) FROM (SELECT * FROM c EXCEPT ALL SELECT * FROM k) a) || ' '
	       || (SELECT count(*) FROM (SELECT * FROM k EXCEPT ALL SELECT * FROM c) b) || ' '
	       || (SELECT coalesce(sum(n), 0) FROM lecap.somme_college)")"
# Migration 047 digests every plan loaded (lecap.empreinte_plan): the texts
# lecap.photographie_entrees computes on the fly.
assert_eq "migration 047 : chaque plan a son empreinte, celle d'un calcul à la volée" \
	"$(sql "SELECT count(*) FROM lecap.plan")|0|true" \
	"$(sql "SET datestyle = 'ISO, YMD'; SET timezone = 'UTC'; SET extra_float_digits = 1; SET lc_numeric = 'C';
	     SELECT count(*) || '|' || count(*) FILTER (WHERE x.actions IS DISTINCT FROM
	                (SELECT md5(string_agg(a::text, ';' ORDER BY a.numero)) FROM lecap.plan_action a WHERE a.plan_id = p.id)
	             OR x.offres IS DISTINCT FROM (SELECT md5(string_agg(o::text, ';' ORDER BY o.numero, o.offre))
	                                             FROM lecap.plan_action_offre o WHERE o.plan_id = p.id)) || '|'
	            || (count(*) > 0)
	       FROM lecap.plan p JOIN lecap.empreinte_plan x ON x.plan_id = p.id" | tail -1)"
sql "CREATE TABLE avant.repartition_score AS SELECT * FROM lecap.repartition_score;
     CREATE TABLE avant.somme_college AS SELECT * FROM lecap.somme_college" >/dev/null
run_lecap -q aggregate --all
assert_rc "nouveau lecap : agrégation de toutes les campagnes" 0
# A recomputation from scratch counts the distribution and the sums again
# from the scores it computes, and keeps them for the next nights: the same
# rows as the migrations counted from the stored scores.
for t in repartition_score somme_college; do
	assert_eq "recalcul depuis zéro : lecap.$t comptée et gardée, la même que celle de la migration" "0 0 true" \
		"$(sql "SELECT (SELECT count(*) FROM (SELECT * FROM avant.$t EXCEPT ALL SELECT * FROM lecap.$t) a) || ' '
		     || (SELECT count(*) FROM (SELECT * FROM lecap.$t EXCEPT ALL SELECT * FROM avant.$t) b) || ' '
		     || (SELECT count(*) > 0 FROM lecap.$t)")"
done
assert_eq "migration 042 : les mêmes lignes comptées que celles qu'écrit l'agrégation, évaluation par évaluation" "0 0" \
	"$(sql "SELECT (SELECT count(*) FROM (SELECT campagne, evaluation_id, lignes FROM avant.empreinte_evaluation
	                                     EXCEPT ALL SELECT campagne, evaluation_id, lignes FROM lecap.empreinte_evaluation) a)
	  || ' ' || (SELECT count(*) FROM (SELECT campagne, evaluation_id, lignes FROM lecap.empreinte_evaluation
	                                   EXCEPT ALL SELECT campagne, evaluation_id, lignes FROM avant.empreinte_evaluation) b)")"
assert_eq "migration 053 : chaque empreinte recalculée est celle de lecap, une autre valeur (photographies relues une fois)" "$n|0" \
	"$(sql "SELECT count(*) || '|' || count(*) FILTER (WHERE a.somme = n.somme)
	          FROM avant.empreinte_evaluation a JOIN lecap.empreinte_evaluation n USING (campagne, evaluation_id)
	         WHERE a.lignes > 0")"
diffs=""
for v in $(views); do
	n=$(sql "SELECT (SELECT count(*) FROM (SELECT * FROM avant.$v EXCEPT ALL SELECT * FROM lecap.$v) a)
	  + (SELECT count(*) FROM (SELECT * FROM lecap.$v EXCEPT ALL SELECT * FROM avant.$v) b)")
	[ "$n" = 0 ] || diffs="$diffs $v:$n"
done
assert_eq "recalculé depuis la nouvelle forme : chaque vue identique, valeur pour valeur" "" "$diffs"

# What the constraints refuse: a note out of the domain, a wrong length.
assert_contains "contrainte : caractère hors domaine refusé" "violates check constraint" \
	"$(sql "UPDATE lecap.reponse SET notes = overlay(notes placing '5' from 1) WHERE (evaluation_id, repondant) = (SELECT evaluation_id, repondant FROM lecap.reponse LIMIT 1)" 2>&1)"
assert_contains "contrainte : longueur autre que la grille refusée" "violates foreign key constraint" \
	"$(sql "UPDATE lecap.reponse SET notes = notes || '.' WHERE (evaluation_id, repondant) = (SELECT evaluation_id, repondant FROM lecap.reponse LIMIT 1)" 2>&1)"

done_testing
