# Statistical secrecy (sql/014_publication.sql) attacked as sdcTable's
# attack() would: on generated networks with small regions and rare
# structure types, then on one where a region has a single member, every
# secret cell is recomputed, where possible, from the published cells by
# each relation (FR = Σ regions, region = Σ types, parent = weighted
# children, respondents = Σ colleges, evolution, the same count published
# twice: participation n_completes = the n of the region's theme cells, a
# college's respondents = its score cells' n_repondants), as the public and as the
# delegate of each region (tests/agregats/audit-secret.sql). No attack may
# come within 0.01 of the true value. The same audit on the primary
# pattern alone must succeed: the audit can fail.
. tests/lib.sh

IN="$TMPD/entree"
export LECAP_CHEMINS_ENTREE="$IN" LECAP_CHEMINS_ARCHIVE="$TMPD/archive" LECAP_CHEMINS_QUARANTAINE="$TMPD/quarantaine"

audit() {
	psql -X -qAt -v ON_ERROR_STOP=1 -f tests/agregats/audit-secret.sql 2>&1
}

run_lecap -q init
assert_rc "init : code 0" 0
run_lecap generate --entreprises 120 --graine 44 --out "$IN"
assert_rc "generate : code 0" 0
run_lecap -q ingest
assert_rc "ingest : code 0" 0
# Rare structure types: two members of 2025 declared AUTRE, in two regions.
sql "UPDATE lecap.evaluation SET type_structure = 'AUTRE'
      WHERE id IN (SELECT DISTINCT ON (region) id FROM lecap.evaluation WHERE campagne = 2025
                    ORDER BY region, id LIMIT 2)" >/dev/null
run_lecap -q aggregate --all
assert_rc "aggregate : code 0" 0

small=$(sql "SELECT count(*) FROM lecap.participation WHERE region <> 'FR' AND n_evaluations BETWEEN 1 AND 4")
[ "$small" -gt 0 ] && ok "des régions sous le seuil ($small)" || not_ok "des régions sous le seuil" "aucune"
assert_eq "des types rares : AUTRE en secret primaire dans ses régions" "t" \
	"$(sql "SELECT bool_and(secret = 'primaire') AND count(*) > 0 FROM lecap.v_publication_agregat_type
	         WHERE campagne = 2025 AND type_structure = 'AUTRE' AND NOT national")"
assert_eq "des cellules en secret secondaire" "t" "$(sql "SELECT sum(n_secondaires) > 0 FROM lecap.publication_campagne")"

res=$(audit)
line=$(echo "$res" | head -1)
echo "# réseau 1 : cellules secrètes|attaques|faisables|réussies = $line"
assert_eq "réseau 1 : aucune attaque ne recalcule une cellule secrète" "0" "$(echo "$line" | cut -d'|' -f4)"
[ "$(echo "$line" | cut -d'|' -f1)" -gt 100 ] && ok "réseau 1 : plus de 100 cellules secrètes attaquées" \
	|| not_ok "réseau 1 : cellules attaquées" "$res"
# v_effet_plan under the same convention (issue 18): FR = Σ regions, the
# group with a plan = Σ statuses, theme = sub-themes = objectives (weighted),
# ecart = avec − sans. The rules the view applied itself gave 8 back here.
eff=$(echo "$res" | grep '^effet_plan|')
echo "# réseau 1, v_effet_plan : cellules secrètes|attaques|faisables|réussies = ${eff#effet_plan|}"
assert_eq "réseau 1 : aucune attaque ne recalcule une cellule secrète de v_effet_plan" "0" "$(echo "$eff" | cut -d'|' -f5)"
[ "$(echo "$eff" | cut -d'|' -f2)" -gt 100 ] && ok "réseau 1 : plus de 100 cellules secrètes de v_effet_plan attaquées" \
	|| not_ok "réseau 1 : cellules de v_effet_plan attaquées" "$eff"
# The regions below the threshold together (v_publication_regroupement,
# issue 19 item 6): G = Σ its regions, FR = G + Σ the others.
grp=$(echo "$res" | grep '^regroupement|')
echo "# réseau 1, regroupement sous le seuil : cellules|secrètes|attaques|faisables|réussies = ${grp#regroupement|}"
assert_eq "réseau 1 : le regroupement ne fait recalculer aucune cellule secrète" "0" "$(echo "$grp" | cut -d'|' -f6)"
[ "$(echo "$grp" | cut -d'|' -f4)" -gt 1000 ] && ok "réseau 1 : plus de 1 000 attaques par le regroupement" \
	|| not_ok "réseau 1 : attaques par le regroupement" "$grp"
assert_eq "réseau 1 : des cellules du regroupement publiées et masquées, chaque campagne" "2024|true|true
2025|true|true
2026|true|true" "$(sql "SELECT campagne || '|' || bool_or(diffusable) || '|' || bool_or(NOT diffusable)
	FROM lecap.v_publication_regroupement GROUP BY campagne ORDER BY campagne")"
echo "$res" | tail -n +4 | sed 's/^/#   /' | head -20

# The count of complete evaluations is published once, everywhere: it is
# the n of each result cell of the region (issue 18: page 1 of a small
# region's report printed « s » for it while its tables printed n).
assert_eq "n_completes toujours publié" "0" \
	"$(sql "SELECT count(*) FROM lecap.v_publication_participation WHERE n_completes IS NULL")"
assert_eq "participation : n_completes = n de chaque thème de la région (toutes campagnes, régions et FR)" "0|$(sql "SELECT count(*) FROM lecap.participation WHERE n_completes > 0")" \
	"$(sql "SELECT count(*) FILTER (WHERE a.n_entreprises IS DISTINCT FROM p.n_completes) || '|' || count(DISTINCT (p.campagne, p.region))
	          FROM lecap.v_publication_participation p
	          JOIN lecap.v_publication_agregat a ON a.campagne = p.campagne AND a.region = p.region AND a.niveau = 'theme'")"
assert_eq "participation : FR = Σ régions (évaluations, complètes ; répondants où tout est publié)" "0" \
	"$(sql "SELECT count(*) FROM lecap.v_publication_participation f
	          JOIN (SELECT campagne, sum(n_evaluations) AS ne, sum(n_completes) AS nc, sum(n_repondants) AS nr,
	                       bool_and(diffusable) AS tout FROM lecap.v_publication_participation
	                 WHERE NOT national GROUP BY campagne) r USING (campagne)
	         WHERE f.national AND (f.n_evaluations <> r.ne OR f.n_completes <> r.nc
	               OR (r.tout AND f.n_repondants <> r.nr))")"
assert_eq "les répondants d'un collège : secrets dans les deux vues à la fois" "0" \
	"$(sql "SELECT count(*) FROM lecap.v_publication_score_college c
	          JOIN lecap.v_publication_repondants_college r USING (campagne, region, college)
	         WHERE NOT r.diffusable AND c.n_repondants IS NOT NULL")"

# Secrecy read from the views: a secret cell shows no figure.
assert_eq "une cellule secrète n'a aucun chiffre" "0" \
	"$(sql "SELECT count(*) FROM lecap.v_publication_agregat_type WHERE NOT diffusable
	         AND num_nonnulls(moyenne, mediane, q1, q3, minimum, maximum, part_atteinte, evolution) > 0")"
assert_eq "diffusable et secret s'accordent" "0" \
	"$(sql "SELECT count(*) FROM lecap.v_publication_agregat WHERE diffusable = (secret IS NOT NULL)")"
# Evolution: the difference of the two published rounded means, or nothing.
assert_eq "évolution = différence des moyennes publiées" "0" \
	"$(sql "SELECT count(*) FROM lecap.v_publication_agregat a
	          JOIN lecap.publication_campagne pc ON pc.campagne = a.campagne
	          LEFT JOIN lecap.v_publication_agregat p ON p.campagne = pc.campagne_precedente
	               AND p.region = a.region AND p.code = a.code
	         WHERE a.evolution IS DISTINCT FROM (a.moyenne - p.moyenne)")"
assert_eq "des évolutions publiées" "t" "$(sql "SELECT count(*) > 0 FROM lecap.v_publication_agregat WHERE evolution IS NOT NULL")"

# Deterministic: recomputed, the same pattern; and it does not depend on
# the order in which the campaigns are computed.
sql "CREATE TABLE public.motif1 AS SELECT * FROM lecap.secret" >/dev/null
run_lecap -q aggregate --campagne 2025
assert_rc "aggregate --campagne 2025 : code 0" 0
run_lecap -q aggregate --all
assert_eq "même motif de secret après recalcul" "0|0" \
	"$(sql "SELECT (SELECT count(*) FROM (SELECT * FROM public.motif1 EXCEPT SELECT * FROM lecap.secret) x) || '|' ||
	               (SELECT count(*) FROM (SELECT * FROM lecap.secret EXCEPT SELECT * FROM public.motif1) y)")"

# The negative control: without secondary secrecy, the audit finds cells.
sql "DELETE FROM lecap.secret WHERE motif = 'secondaire'" >/dev/null
res=$(audit)
line=$(echo "$res" | head -1)
eff=$(echo "$res" | grep '^effet_plan|')
echo "# réseau 1, secret primaire seul : $line ; v_effet_plan : ${eff#effet_plan|}"
[ "$(echo "$line" | cut -d'|' -f4)" -gt 0 ] && ok "témoin : sans secret secondaire, l'attaque réussit" \
	|| not_ok "témoin : sans secret secondaire, l'attaque réussit" "$line"
[ "$(echo "$eff" | cut -d'|' -f5)" -gt 0 ] && ok "témoin : sans secret secondaire, l'attaque de v_effet_plan réussit" \
	|| not_ok "témoin : sans secret secondaire, l'attaque de v_effet_plan réussit" "$eff"

# A region with one member: one enterprise moved to Corse (94) for every
# campaign, alone there.
run_lecap -q aggregate --all
sql "UPDATE lecap.evaluation SET region = '94'
      WHERE siret = (SELECT min(siret) FROM lecap.evaluation WHERE campagne = 2025 AND region = '84')" >/dev/null
sql "UPDATE lecap.evaluation SET region = '84' WHERE region = '94' AND siret <> (SELECT min(siret) FROM lecap.evaluation WHERE region = '94')" >/dev/null
run_lecap -q aggregate --all
assert_rc "aggregate, une région d'un adhérent : code 0" 0
assert_eq "la région 94 : un adhérent, tout en secret" "1|true" \
	"$(sql "SELECT max(n_entreprises) || '|' || bool_and(NOT diffusable) FROM lecap.v_publication_agregat WHERE region = '94'")"
res=$(audit)
line=$(echo "$res" | head -1)
eff=$(echo "$res" | grep '^effet_plan|')
echo "# réseau 2 (une région d'un adhérent) : $line ; v_effet_plan : ${eff#effet_plan|}"
assert_eq "réseau 2 : aucune attaque ne recalcule une cellule secrète" "0" "$(echo "$line" | cut -d'|' -f4)"
assert_eq "réseau 2 : aucune attaque ne recalcule une cellule secrète de v_effet_plan" "0" "$(echo "$eff" | cut -d'|' -f5)"
grp=$(echo "$res" | grep '^regroupement|')
echo "# réseau 2, regroupement sous le seuil : ${grp#regroupement|}"
assert_eq "réseau 2 : le regroupement ne fait recalculer aucune cellule secrète" "0" "$(echo "$grp" | cut -d'|' -f6)"
echo "$res" | tail -n +4 | sed 's/^/#   /' | head -20

done_testing
